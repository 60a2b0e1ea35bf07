"""Quotation benchmark: the scorer's figures for `newsbot quotes --jsonl`, plus timing.

Run by hand (not a test), from the project root:

    python benchmarks/quotes.py ../shared/eval/quotes-dev.jsonl [--split train|dev] [--keep DIR]

Runs the CLI (`python -m bot.cli quotes --jsonl DATA`) into a predictions file, scores it with the
`score_quotes.py` that sits beside DATA, and prints the scorer's figures, articles per second, and
the time `extract` takes on a synthetic 100,000-character article (built here, from invented names
and sentences, with unbalanced marks mixed in). If the CLI has no `quotes` command it calls
`extract` in-process instead, and says so. `--keep DIR` keeps the predictions file in DIR.
`--split train|dev` scores only the articles whose `split` field says so (the gold file is cut to
them too, so the other half does not count as missed): develop on train, check on dev, and read
the gap between the two as how much the rules fit the articles they were written on.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.engine.quotes.extract import QUOTES_VERSION, extract  # noqa: E402

SYNTHETIC_CHARS = 100_000
FIRST = ("Anna", "Boris", "Carla", "Dmitri", "Elena", "Farid", "Greta", "Hugo", "Ines", "Jonas")
LAST = ("Varga", "Okafor", "Lindqvist", "Moreau", "Petrenko", "Haddad", "Silva", "Kowalski")
ROLES = ("the mayor of the port city", "a spokeswoman for the ministry", "the party's leader")
CLAIMS = (
    "We will not accept a deal that leaves the harbour workers behind",
    "The budget is balanced and the figures speak for themselves",
    "Nobody told us about the closures until the night before",
    "This is a question of trust, not of money",
)


def synthetic_article(chars: int, seed: int = 7) -> str:
    """An invented news article of about `chars` characters using every attribution pattern."""
    rng = random.Random(seed)
    paragraphs: list[str] = []
    size = 0
    while size < chars:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        claim, role = rng.choice(CLAIMS), rng.choice(ROLES)
        pattern = rng.randrange(9)
        if pattern == 0:
            para = f"“{claim},” {first} {last}, {role}, said on Tuesday."
        elif pattern == 1:
            para = f"{first} {last} told reporters that “{claim.lower()}.”"
        elif pattern == 2:
            para = f"“{claim},” {last} said. “We will keep going.”"
        elif pattern == 3:
            para = f"According to {first} {last}, the plan was “{claim.lower()}.”"
        elif pattern == 4:
            para = f'"{claim}," she added, before leaving the hall.'
        elif pattern == 5:
            para = f"The so-called “reform” was criticised, and {last} warned it was “a trap.”"
        elif pattern == 6:
            para = f"A stray mark “ opens here and the council adjourned without a vote on {last}."
        elif pattern == 7:
            para = f"“{claim}.\n\n“And we will say it again tomorrow,” {first} {last} wrote."
        else:
            para = f"The committee met for three hours and published its minutes on {last}'s site."
        paragraphs.append(para)
        size += len(para) + 2
    return "\n\n".join(paragraphs)[:chars]


def predictions_from_cli(data: Path, out: Path) -> tuple[float, bool]:
    """Run the CLI into `out`; seconds taken and whether the CLI did it (else in-process)."""
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bot.cli", "quotes", "--jsonl", str(data)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode == 0 and proc.stdout.strip():
        out.write_text(proc.stdout, encoding="utf-8")
        return time.perf_counter() - started, True
    started = time.perf_counter()
    with data.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if not line.strip():
                continue
            record = json.loads(line)
            quotes = [
                {
                    "quote": q.quote,
                    "speaker": q.speaker,
                    "cue": q.cue,
                    "start": q.start,
                    "end": q.end,
                }
                for q in extract(record["text"])
            ]
            dst.write(json.dumps({"id": record["id"], "quotes": quotes}, ensure_ascii=False) + "\n")
    return time.perf_counter() - started, False


def split_file(data: Path, split: str, out: Path) -> int:
    """Copy the articles of `data` whose `split` field is `split` into `out`; how many there were."""
    kept = 0
    with data.open(encoding="utf-8") as src, out.open("w", encoding="utf-8") as dst:
        for line in src:
            if line.strip() and json.loads(line).get("split") == split:
                dst.write(line if line.endswith("\n") else line + "\n")
                kept += 1
    return kept


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="gold JSONL (quotes-dev.jsonl format)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep the predictions here")
    parser.add_argument(
        "--split", choices=("train", "dev"), help="score only the articles of this split"
    )
    args = parser.parse_args()
    data = args.data.resolve()
    scorer = data.parent / "score_quotes.py"

    with tempfile.TemporaryDirectory() as tmp:
        out_dir = args.keep or Path(tmp)
        out_dir.mkdir(parents=True, exist_ok=True)
        if args.split:
            data = out_dir / f"quotes-gold-{args.split}.jsonl"
            articles = split_file(args.data.resolve(), args.split, data)
            print(f"split {args.split}: {articles} articles")
        else:
            articles = sum(1 for line in data.open(encoding="utf-8") if line.strip())
        predictions = out_dir / "quotes-predictions.jsonl"
        seconds, via_cli = predictions_from_cli(data, predictions)
        how = (
            "CLI (python -m bot.cli quotes --jsonl)"
            if via_cli
            else ("in-process extract (bot.cli has no working `quotes --jsonl` command)")
        )
        print(f"quotes engine version {QUOTES_VERSION}; predictions by {how}")
        score = subprocess.run(
            [sys.executable, str(scorer), str(data), str(predictions)],
            capture_output=True,
            text=True,
            check=False,
        )
        print(score.stdout.strip() or score.stderr.strip())
        if args.keep:
            print(f"predictions kept in {predictions}")

    print(
        f"{articles} articles in {seconds:.2f} s: {articles / seconds:.1f} articles/s"
        + (" (CLI wall time, process start included)" if via_cli else "")
    )
    text = synthetic_article(SYNTHETIC_CHARS)
    runs = []
    for _ in range(3):
        started = time.perf_counter()
        found = extract(text)
        runs.append(time.perf_counter() - started)
    print(
        f"synthetic article of {len(text):,} characters: {len(found)} quotes, "
        f"best of 3 {min(runs) * 1000:.0f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
