"""Story clustering benchmark: the scorer's figures for `newsbot stories --jsonl`, and its cost.

Run by hand (not a test), from the project root:

    python benchmarks/stories.py ../shared/eval/stories-dev.jsonl [--keep DIR] [--sizes 1000,10000,100000]

1. Runs the CLI (`python -m bot.cli stories --jsonl DATA`) on the whole stream and scores it with
   the `score_stories.py` that sits beside DATA (B-cubed and pairwise).
2. Held-out figures: the stream is split in two by a hash of the gold story label (no story is in
   both halves), each half is clustered on its own, and both are scored. Develop on half A and
   check on half B; say in the commit when B (or the whole file) was looked at, since from then
   on it is no longer unseen.
3. Cost table: a synthetic stream (invented headlines, one article a minute, so the 72-hour window
   holds 4,320 articles) is fed to the engine until the library holds N articles; then the time
   per article for the next articles is measured (best of 3 rounds of 500). The ratio to the
   smallest library shows that the cost follows the window's size, not the library's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.engine.stories.clustering import WINDOW_SECONDS, StoryStream  # noqa: E402
from bot.engine.stories.terms import story_terms  # noqa: E402

MEASURED = 500  # articles timed per round after the library is built
ROUNDS = 3
SPACING_SECONDS = 60.0
LIVE_STORIES = 40  # stories still being reported at any moment

# Invented words only: the cost depends on how many candidates share a term, so the synthetic
# headlines mix a few rare story words with a common vocabulary, as real feeds do.
COMMON = (
    "market stocks rise fall court rules government plan city council police report deal talks "
    "company shares record season team win loss election vote price prices storm weather school "
    "health hospital minister bank rates energy oil film music award star series launch phone app"
).split()
SYLLABLES = ("ka", "lo", "mi", "ran", "tes", "vor", "bel", "dun", "pra", "zel", "qui", "nor")


def _invented(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize()


def synthetic_headlines(count: int, seed: int = 11):
    """(at, headline) pairs: stories of 1-30 articles, each named by two invented words; the
    news cycle keeps the newest `LIVE_STORIES` stories going, so the stream looks the same at
    any length (what changes with `count` is only how much lies outside the window)."""
    rng = random.Random(seed)
    live: list[list] = []
    at = 0.0
    for _ in range(count):
        if not live or rng.random() < 0.3:
            live.append([_invented(rng), _invented(rng), rng.randint(1, 30)])
            del live[:-LIVE_STORIES]
        story = rng.choice(live)
        words = [story[0], story[1], *rng.sample(COMMON, 4)]
        rng.shuffle(words)
        yield at, " ".join(words)
        story[2] -= 1
        if story[2] <= 0:
            live.remove(story)
        at += SPACING_SECONDS


def cost_table(sizes: list[int]) -> None:
    print(f"\ncost per article (window {WINDOW_SECONDS / 3600:.0f} h, one article a minute)")
    print(f"{'library':>9} {'in window':>10} {'µs/article':>11} {'ratio':>6}")
    baseline = None
    for size in sizes:
        stream = StoryStream()
        feed = synthetic_headlines(size + ROUNDS * MEASURED)
        for number, (at, title) in enumerate(feed):
            stream.add(number, at, story_terms(title))
            if number + 1 == size:
                break
        rounds = []  # the best of a few rounds: the machine is shared, the engine is not noisy
        for round_number in range(ROUNDS):
            started = time.perf_counter()
            for offset, (at, title) in zip(range(MEASURED), feed, strict=False):
                stream.add(size + round_number * MEASURED + offset, at, story_terms(title))
            rounds.append((time.perf_counter() - started) / MEASURED * 1e6)
        per = min(rounds)
        baseline = baseline or per
        print(f"{size:>9,} {len(stream):>10,} {per:>11.0f} {per / baseline:>6.2f}")


def run_cli(data: Path, out: Path) -> float:
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as sink:
        subprocess.run(
            [sys.executable, "-m", "bot.cli", "stories", "--jsonl", str(data)],
            cwd=ROOT,
            stdout=sink,
            check=True,
        )
    return time.perf_counter() - started


def score(scorer: Path, gold: Path, pred: Path) -> dict:
    result = subprocess.run(
        [sys.executable, str(scorer), str(gold), str(pred)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.splitlines()[0])


def line(name: str, figures: dict) -> str:
    return (
        f"{name:<10} items {figures['items']:>5}  B3 P {figures['bcubed_precision']:.3f} "
        f"R {figures['bcubed_recall']:.3f} F1 {figures['bcubed_f1']:.3f}   pair P "
        f"{figures['pairwise_precision']:.3f} R {figures['pairwise_recall']:.3f} "
        f"F1 {figures['pairwise_f1']:.3f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="stories-dev.jsonl (score_stories.py beside it)")
    parser.add_argument("--keep", type=Path, help="keep the predictions files in this folder")
    parser.add_argument("--sizes", default="1000,10000,100000", help="library sizes to time")
    args = parser.parse_args()
    scorer = args.data.parent / "score_stories.py"
    rows = [line for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        pred = folder / "stories-pred.jsonl"
        seconds = run_cli(args.data, pred)
        print(line("all", score(scorer, args.data, pred)))
        halves: dict[str, list[str]] = {"A": [], "B": []}
        for raw in rows:
            story = str(json.loads(raw)["story"])
            half = "A" if int(hashlib.md5(story.encode()).hexdigest(), 16) % 2 == 0 else "B"
            halves[half].append(raw)
        for half, lines in halves.items():
            gold = folder / f"stories-half-{half}.jsonl"
            gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
            half_pred = folder / f"stories-pred-{half}.jsonl"
            run_cli(gold, half_pred)
            print(line(f"half {half}", score(scorer, gold, half_pred)))
    print(f"CLI: {len(rows)} headlines in {seconds:.2f} s ({len(rows) / seconds:,.0f}/s)")
    cost_table([int(s) for s in args.sizes.split(",")])
    return 0


if __name__ == "__main__":
    sys.exit(main())
