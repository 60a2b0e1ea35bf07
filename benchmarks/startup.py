"""Start-up benchmark: how long `newsbot --help`, `newsbot list` and `newsbot summarize FILE`
take as a user runs them, against `python -c pass` (the interpreter's own start) in the same
run, so the differences hold on a busy machine too.

Run by hand (not a test), from the project root:

    python benchmarks/startup.py [FILE] [--repeats 15]

FILE is an article to summarise (default: the sample article of the tests, written to a
temporary file). Each command runs `--repeats` times, interleaved with the others; the table
gives the median and the best wall time, and the median over `python -c pass`. Target:
`--help` and `list` within 0.15 s of `python -c pass`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.samples import SCRAPED_ARTICLE  # noqa: E402

NEWSBOT = str(Path(sys.executable).with_name("newsbot"))
TARGET_OVER_PYTHON = 0.15


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="an article to summarise")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsbot-startup-") as tmp:
        article = args.file
        if article is None:
            article = os.path.join(tmp, "article.txt")
            Path(article).write_text(SCRAPED_ARTICLE, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "NEWSBOT_"))}
        env["NEWSBOT_DATABASE"] = os.path.join(tmp, "news.db")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "newsbot --help": [NEWSBOT, "--help"],
            "newsbot list": [NEWSBOT, "list"],
            "newsbot summarize FILE": [NEWSBOT, "summarize", article],
        }
        for command in commands.values():  # warm the file cache and create the database
            timed(command, env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeats):
            for name, command in commands.items():
                times[name].append(timed(command, env))
    base = statistics.median(times["python -c pass"])
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    print(f"{'command':<26}{'median s':>10}{'best s':>9}{'over python':>13}  target")
    for name, values in times.items():
        over = statistics.median(values) - base
        target = ""
        if name in ("newsbot --help", "newsbot list"):
            verdict = "ok" if over <= TARGET_OVER_PYTHON else "MISSED"
            target = f"<= {TARGET_OVER_PYTHON:.2f} {verdict}"
        print(
            f"{name:<26}{statistics.median(values):>10.3f}{min(values):>9.3f}{over:>13.3f}  {target}"
        )


if __name__ == "__main__":
    main()
