"""Summary benchmark: ROUGE for `lead`, every sumy method and `auto`, plus time (hand-run).

From the project root:

    python benchmarks/summaries.py ../shared/eval/cnndm-dev.jsonl [--sentences 3]
    python benchmarks/summaries.py ../shared/eval/bbc-dev.jsonl --methods lead,textrank,auto

For each method it runs the CLI (`python -m bot.cli summarize --jsonl DATA --method M
--sentences N`) into a predictions file, scores it with the `score_summaries.py` that sits
beside DATA, and prints one table: method, ROUGE-1, ROUGE-2, ROUGE-Lsum (F1 x 100) and the
wall-clock seconds the CLI took (process start and the CLI's own worker pool included).
`--keep DIR` keeps the predictions files in DIR.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_METHODS = (
    "lead", "lexrank", "textrank", "lsa", "luhn", "edmundson", "kl", "sumbasic", "reduction",
    "auto",
)  # fmt: skip


def run_method(data: str, method: str, sentences: int, out: Path) -> float:
    """Run the CLI for one method into `out`; return the seconds it took."""
    command = [sys.executable, "-m", "bot.cli", "summarize", "--jsonl", data,
               "--method", method, "--sentences", str(sentences)]  # fmt: skip
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as sink:
        done = subprocess.run(command, cwd=ROOT, stdout=sink, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{method}: the CLI failed ({done.returncode}): {done.stderr.strip()}")
    return seconds


def score(data: str, predictions: Path) -> dict[str, float]:
    """The scorer's JSON line (rouge1, rouge2, rougeLsum, ...) for one predictions file."""
    scorer = Path(data).resolve().parent / "score_summaries.py"
    done = subprocess.run(
        [sys.executable, str(scorer), data, str(predictions)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(done.stdout.splitlines()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data", help="JSONL with id, title, text and summary_sentences")
    parser.add_argument("--sentences", type=int, default=3)
    parser.add_argument("--methods", default=",".join(DEFAULT_METHODS), help="comma-separated")
    parser.add_argument("--keep", metavar="DIR", help="keep the predictions files here")
    args = parser.parse_args(argv)
    data = str(Path(args.data).resolve())
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"{Path(data).name}, {args.sentences} sentences")
        print(f"{'method':<10} {'R-1':>6} {'R-2':>6} {'R-Lsum':>7} {'seconds':>8}")
        for method in methods:
            predictions = folder / f"{Path(data).stem}-{method}.jsonl"
            seconds = run_method(data, method, args.sentences, predictions)
            got = score(data, predictions)
            print(f"{method:<10} {got['rouge1']:6.2f} {got['rouge2']:6.2f} "
                  f"{got['rougeLsum']:7.2f} {seconds:8.1f}", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
