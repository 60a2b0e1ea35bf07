"""Start-up lag benchmark: the worst event-loop lag of the real bot process (`python -m bot`)
while it starts its engine pool, against the loopback Discord double.

Run by hand (not a test), from the project root:

    python benchmarks/startup_lag.py [--runs 3] [--workers 2]

Each run starts a fresh bot with `NEWSBOT_LAG_REPORT_SECONDS=0.5`, waits for the pool's
`engine workers ready` line and then for two more lag reports, and reads the `since start`
figure of the last `loop lag max=…` line: the worst lag from start-up to then. It prints one
`startup lag max=…ms` line per run, then the median.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.discord_double import BotProcess, DiscordDouble  # noqa: E402

SINCE_START = re.compile(r"loop lag max=[\d.]+ms over \d+s \(since start ([\d.]+)ms\)")
WORKERS_READY = re.compile(r"engine workers ready: (\d+)")


async def one_run(workers: int) -> tuple[float, str]:
    double = DiscordDouble()
    await double.start()
    guild = double.add_guild("Bench")
    with tempfile.TemporaryDirectory() as tmp:
        bot = BotProcess(
            double,
            [sys.executable, "-m", "bot"],
            workdir=Path(tmp),
            env={"NEWSBOT_WORKERS": str(workers), "NEWSBOT_LAG_REPORT_SECONDS": "0.5"},
            dev_guild=guild,
        )
        try:
            await bot.start(timeout=60)
            await bot.wait_for_output("engine workers ready", timeout=60)
            after = bot.output.count("loop lag max=") + 2
            await bot.wait_for_output("loop lag max=", count=after, timeout=30)
            lag = float(SINCE_START.findall(bot.output)[-1])
            ready = WORKERS_READY.search(bot.output)
            return lag, ready.group(0) if ready else "?"
        finally:
            await bot.stop()
            await double.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    lags = []
    for _ in range(args.runs):
        lag, ready = await one_run(args.workers)
        lags.append(lag)
        print(f"startup lag max={lag:.1f}ms ({ready})", flush=True)
    print(f"median startup lag max={statistics.median(lags):.1f}ms over {args.runs} runs")


if __name__ == "__main__":
    asyncio.run(main())
