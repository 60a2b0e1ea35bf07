"""Engine benchmark: cleaning + splitting, every summary method, quotation extraction.

Run by hand (not a test):

    python benchmarks/engine.py ../shared/eval/cnndm-dev.jsonl [--limit 300]

Prints per-article p50/p99 and articles per second; beside each method, plain sumy on the same
texts in the same process (`PlaintextParser` with the same tokenizer, stemmer, stop words and
algorithm) and the ratio; then the time per method on synthetic articles of 1k, 10k and 100k
characters.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sumy.nlp.stemmers import Stemmer
from sumy.parsers.plaintext import PlaintextParser

from bot.engine import language
from bot.engine import quotes as quote_engine
from bot.engine.summarize import METHODS, summarize
from bot.engine.text import NewsTokenizer, clean, sentences

SENTENCES = 3


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def plain_sumy(method: str, text: str, title: str) -> None:
    """What a sumy user writes: parse the text, build the same summarizer, call it."""
    parser = PlaintextParser.from_string(text, NewsTokenizer())
    summarizer = METHODS[method].build("en", title)
    summarizer._stemmer = Stemmer("english")  # sumy's own stemmer, as a sumy user has it
    summarizer(parser.document, SENTENCES)


def row(name: str, times: list[float], anchor: list[float] | None = None) -> str:
    total = sum(times)
    ratio = f"{total / sum(anchor):5.2f}x" if anchor else "     "
    anchor_p50 = f"{percentile(anchor, 50) * 1000:8.2f}" if anchor else " " * 8
    return (
        f"{name:<14}{percentile(times, 50) * 1000:9.2f}{percentile(times, 99) * 1000:9.2f}"
        f"{len(times) / total:10.1f}  {anchor_p50}  {ratio}"
    )


def synthetic(chars: int) -> str:
    """News-like text of about `chars` characters, varied enough for the rankers."""
    subjects = ["The council", "Officials", "The mayor", "Residents", "Engineers", "Analysts"]
    verbs = ["approved", "criticised", "delayed", "funded", "reviewed", "welcomed"]
    objects = [
        "the bridge repairs",
        "a new budget",
        "the transport plan",
        "school funding",
        "the harbour project",
        "housing rules",
    ]
    parts, size, i = [], 0, 0
    while size < chars:
        sentence = (
            f"{subjects[i % 6]} {verbs[(i * 5) % 6]} {objects[(i * 7) % 6]} on day {i} "
            f"after {i % 13} meetings in district {i % 17}."
        )
        parts.append(sentence + ("\n\n" if i % 4 == 3 else " "))
        size += len(sentence) + 1
        i += 1
    return "".join(parts)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="a JSONL file with id, title, text (e.g. cnndm-dev.jsonl)")
    parser.add_argument("--limit", type=int, default=300, help="articles to use (default 300)")
    args = parser.parse_args()
    records = []
    with open(args.data, encoding="utf-8") as f:
        for line in f:
            records.append(json.loads(line))
            if len(records) >= args.limit:
                break
    language.stemmer("en")
    language.stop_words("en")
    texts = [(clean(r["text"]), r.get("title") or "") for r in records]

    print(f"{len(records)} articles from {args.data}, {SENTENCES} sentences")
    print(f"{'step':<14}{'p50 ms':>9}{'p99 ms':>9}{'art/s':>10}  {'sumy p50':>8}  ratio")
    prep = [timed(lambda r=r: sentences(clean(r["text"]))) for r in records]
    print(row("clean+split", prep))
    for method in METHODS:
        ours, anchor = [], []
        baseline = "lexrank" if method == "auto" else method
        for text, title in texts:
            # alternate so that machine noise falls on both sides alike
            anchor.append(timed(functools.partial(plain_sumy, baseline, text, title)))
            ours.append(
                timed(
                    functools.partial(
                        summarize, text, title=title, method=method, sentences=SENTENCES
                    )
                )
            )
        print(row(method, ours, anchor))
    print(row("quotes", [timed(lambda t=text: quote_engine.extract(t)) for text, _ in texts]))
    print("(auto's ratio is against plain sumy LexRank: the target is at most 3x)")

    print()
    print("synthetic articles: seconds per call")
    sizes = (1_000, 10_000, 100_000)
    print(f"{'method':<14}" + "".join(f"{s:>10,}" for s in sizes))
    docs = {s: synthetic(s) for s in sizes}
    for method in METHODS:
        cells = [
            timed(functools.partial(summarize, docs[s], method=method, sentences=SENTENCES))
            for s in sizes
        ]
        print(f"{method:<14}" + "".join(f"{c:10.3f}" for c in cells))
    cells = [timed(lambda d=docs[s]: quote_engine.extract(d)) for s in sizes]
    print(f"{'quotes':<14}" + "".join(f"{c:10.3f}" for c in cells))
    print(f"(median sentence count at 100k: {len(sentences(docs[100_000]))})")


if __name__ == "__main__":
    main()
