"""Engine benchmark: cleaning + splitting, every summary method, quotation extraction.

Run by hand (not a test), from the project root:

    python benchmarks/engine.py ../shared/eval/cnndm-dev.jsonl [--limit 300] [--repeat 3]

Per article: p50/p99 and articles per second (one core); beside each method, plain sumy on the
same texts in the same process, timed alternately with newsbot so machine noise falls on both:
`PlaintextParser` with the same tokenizer, the same algorithm and settings, and either the
same (memoised) stemmer, which isolates what newsbot adds around sumy (its document build,
keywords, candidate caps), or sumy's own stemmer, as a sumy user has it. Each text is timed
`--repeat` times and its fastest time kept, on both sides. Then the time per method on
synthetic articles of 1k, 10k and 100k characters, and on a 100k-character article made of
corpus texts.

numpy's BLAS runs single-threaded here, as in the bot's workers (`bot/workers.py`).
"""

from __future__ import annotations

import argparse
import functools
import json
import math
import os
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # before numpy is imported, as the bot's workers do

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.parsers.plaintext import PlaintextParser  # noqa: E402

from bot.engine.quotes import extract as quote_engine  # noqa: E402
from bot.engine.summary.summarize import METHODS, summarize  # noqa: E402
from bot.engine.text import language  # noqa: E402
from bot.engine.text.sentences import NewsTokenizer, clean, paragraphs, sentences  # noqa: E402

SENTENCES = 3
NOT_SUMY = {"lead", "auto"}  # newsbot's own: no plain sumy algorithm to compare with
SUMY_STEMMER = Stemmer("english")


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def plain_sumy(method: str, text: str, title: str, own_stemmer: bool) -> None:
    """What a sumy user writes: parse the text, build the same summarizer, call it."""
    parser = PlaintextParser.from_string(text, NewsTokenizer())
    summarizer = METHODS[method].build("en", title)
    if own_stemmer:
        summarizer._stemmer = SUMY_STEMMER
    summarizer(parser.document, SENTENCES)


def best_of(repeat: int, calls: list[Callable[[], object]]) -> list[float]:
    """Each call's fastest time over `repeat` rounds; the calls alternate within a round."""
    best = [math.inf] * len(calls)
    for _ in range(repeat):
        for i, call in enumerate(calls):
            best[i] = min(best[i], timed(call))
    return best


def row(name: str, times: list[float], *anchors: list[float] | None) -> str:
    total = sum(times)
    cells = f"{name:<12}{percentile(times, 50) * 1000:8.2f}{percentile(times, 99) * 1000:8.2f}"
    cells += f"{len(times) / total:8.1f}"
    for anchor in anchors:
        if anchor:
            cells += f"{percentile(anchor, 50) * 1000:11.2f}{total / sum(anchor):6.2f}x"
        else:
            cells += " " * 18
    return cells


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


def corpus_article(texts: list[str], chars: int) -> str:
    """A `chars`-character article made of consecutive corpus texts, one paragraph each."""
    parts, size = [], 0
    for text in texts:
        for p in paragraphs(text):
            parts.append(p)
            size += len(p) + 2
        if size >= chars:
            break
    return "\n\n".join(parts)[:chars].rsplit(". ", 1)[0] + "."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="a JSONL file with id, title, text (e.g. cnndm-dev.jsonl)")
    parser.add_argument("--limit", type=int, default=300, help="articles to use (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="timings per text (best kept)")
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
    for text, title in texts[:5]:  # warm imports and caches on both sides
        for method in METHODS:
            summarize(text, title=title, method=method, sentences=SENTENCES)

    print(f"{len(records)} articles from {args.data}, {SENTENCES} sentences, best of {args.repeat}")
    print(
        f"{'':<12}{'newsbot':>24}{'sumy, same stemmer':>18}{'sumy, own stemmer':>18}\n"
        f"{'step':<12}{'p50 ms':>8}{'p99 ms':>8}{'art/s':>8}"
        f"{'p50 ms':>11}{'ratio':>7}{'p50 ms':>11}{'ratio':>7}"
    )
    prep = [best_of(args.repeat, [lambda r=r: sentences(clean(r["text"]))])[0] for r in records]
    print(row("clean+split", prep))
    ours_by_method: dict[str, list[float]] = {}
    for method in METHODS:
        ours, same, own = [], [], []
        for text, title in texts:
            calls = [
                functools.partial(summarize, text, title=title, method=method, sentences=SENTENCES)
            ]
            if method not in NOT_SUMY:
                calls += [
                    functools.partial(plain_sumy, method, text, title, False),
                    functools.partial(plain_sumy, method, text, title, True),
                ]
            times = best_of(args.repeat, calls)
            ours.append(times[0])
            if method not in NOT_SUMY:
                same.append(times[1])
                own.append(times[2])
        ours_by_method[method] = ours
        print(row(method, ours, same, own))
    quote_times = [best_of(args.repeat, [lambda t=t: quote_engine.extract(t)])[0] for t, _ in texts]
    print(row("quotes", quote_times))
    auto, lexrank = ours_by_method["auto"], ours_by_method["lexrank"]
    print(
        f"auto / lexrank (both newsbot): {sum(auto) / sum(lexrank):.2f}x over all articles, "
        f"{percentile(auto, 50) / percentile(lexrank, 50):.2f}x at p50 (target: at most 3x)"
    )
    print(
        "lead and auto are newsbot's own (no sumy algorithm to compare with); "
        "ratio = newsbot time / sumy time over all articles (target: at most 1.1x)"
    )

    print()
    print("time per call, seconds (methods with a candidate cap rank the first N sentences)")
    # sumy's LSA warns when a text has fewer distinct words than sentences: the synthetic
    # texts do, by design (a few words, many sentences).
    warnings.filterwarnings("ignore", message="Number of words", category=UserWarning)
    docs = {f"{s:,}": synthetic(s) for s in (1_000, 10_000, 100_000)}
    docs["corpus 100k"] = corpus_article([clean(r["text"]) for r in records], 100_000)
    print(f"{'method':<12}{'cap':>5}" + "".join(f"{name:>13}" for name in docs))
    for method in METHODS:
        cells = [
            best_of(
                args.repeat,
                [functools.partial(summarize, d, method=method, sentences=SENTENCES)],
            )[0]
            for d in docs.values()
        ]
        cap = METHODS[method].max_sentences or "-"
        print(f"{method:<12}{cap:>5}" + "".join(f"{c:13.3f}" for c in cells))
    cells = [best_of(args.repeat, [lambda d=d: quote_engine.extract(d)])[0] for d in docs.values()]
    print(f"{'quotes':<12}{'':>5}" + "".join(f"{c:13.3f}" for c in cells))
    counts = [len(sentences(d)) for d in docs.values()]
    print(f"{'sentences':<12}{'':>5}" + "".join(f"{c:13,}" for c in counts))


if __name__ == "__main__":
    main()
