"""Extraction time of hostile HTML: how long `extract_article` holds an engine worker.

Run by hand (not a test), from the project root:

    python benchmarks/extraction_cap.py [--runs 3]

Cases: 140,000 tiny paragraphs in 980 KB (the probe's file, under the 1 MB upload limit), and
the worst files the caps still let through: tiny paragraphs just under
`limits.MAX_HTML_ELEMENTS`, and as many sentence-long ones as the text cap allows. Prints one
line per case: the best of `--runs` times (wall clock, and CPU time, which a busy machine
inflates less) and how the extraction ended.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot import limits  # noqa: E402
from bot.errors import UserFacingError  # noqa: E402
from bot.ingest.extract import extract_article  # noqa: E402


def page(paragraphs: list[str]) -> str:
    return "<html><body><article>" + "".join(paragraphs) + "</article></body></html>"


def cases() -> dict[str, str]:
    below = limits.MAX_HTML_ELEMENTS - 10
    sentence = "<p>Paragraph {:05} of a long report on the harbour works and what they cost.</p>"
    # as many as the text cap (twice the article limit) lets through
    fit = min(below, 2 * limits.MAX_ARTICLE_CHARS // (len(sentence) - len("<p></p>")))
    return {
        "140,000 tiny paragraphs": page(["<p>ab\n\n"] * 140_000),
        f"{below:,} tiny paragraphs": page(["<p>ab\n\n"] * below),
        f"{fit:,} sentence paragraphs": page([sentence.format(i) for i in range(fit)]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for name, html in cases().items():
        best, cpu, outcome = float("inf"), float("inf"), ""
        for _ in range(args.runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                article = extract_article(html, None)
                outcome = f"extracted {len(article.text):,} chars"
            except UserFacingError as exc:
                outcome = f"refused: {type(exc).__name__}"
            best = min(best, time.perf_counter() - started)
            cpu = min(cpu, time.process_time() - cpu_started)
        size = len(html.encode()) / 1000
        print(
            f"extraction {name} ({size:,.0f} KB): {best:.2f} s ({cpu:.2f} s CPU), {outcome}",
            flush=True,
        )


if __name__ == "__main__":
    main()
