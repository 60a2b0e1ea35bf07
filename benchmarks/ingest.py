"""Ingest benchmark: articles from files through `NewsService.add_file`, the bot's own path
(decode, clean, split, detect the language, extract quotations, precompute the preview summary
in the process pool; store, index and cache in the event loop's process).

Run by hand (not a test), from the project root:

    python benchmarks/ingest.py ../shared/eval/cnndm-dev.jsonl [--articles 400] [--workers N]

The texts are written to a temporary directory as .txt files and added `--concurrency` at a
time (default: twice the workers, so that both cores have work while the store writes).
Prints articles per second over the whole run and after the first round (sustained), the
latency of one add, and the event-loop lag of this process while it ingests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.service import NewsService
from bot.store import open_store
from bot.workers import make_executor, worker_count

GUILD = 4242


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (from /proc/PID/stat)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


async def watch_lag(lags: list[float], stop: asyncio.Event, every: float = 0.01) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(max(0.0, time.perf_counter() - started - every))


async def run(args: argparse.Namespace) -> None:
    with open(args.data, encoding="utf-8") as f:
        records = [json.loads(line) for _, line in zip(range(args.articles), f, strict=False)]
    folder = Path(tempfile.mkdtemp(prefix="newsbot-ingest-"))
    files = []
    for i, record in enumerate(records):
        path = folder / f"article-{i:04d}.txt"
        path.write_text(record["text"], encoding="utf-8")
        files.append(path)

    workers = worker_count(args.workers)
    concurrency = args.concurrency or 2 * workers
    store = await open_store(str(folder / "ingest.db"))
    executor = make_executor(workers)
    try:
        await measure(args, files, workers, concurrency, store, executor)
    finally:
        await store.close()
        executor.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


async def measure(args, files, workers, concurrency, store, executor) -> None:
    started = time.perf_counter()
    await executor.warm()
    warm = time.perf_counter() - started
    service = NewsService(store, executor)

    queue: asyncio.Queue[Path] = asyncio.Queue()
    for path in files:
        queue.put_nowait(path)
    latencies: list[float] = []
    finished: list[float] = []
    created = 0

    async def worker() -> None:
        nonlocal created
        while not queue.empty():
            path = queue.get_nowait()
            began = time.perf_counter()
            outcome = await service.add_file(GUILD, path.name, path.read_bytes())
            latencies.append(time.perf_counter() - began)
            finished.append(time.perf_counter())
            created += outcome.created

    lags: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_lag(lags, stop))
    pids = executor.pids()  # the pool's worker processes (started by warm)
    cpu_before = cpu_seconds(pids), resource.getrusage(resource.RUSAGE_SELF)
    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    total = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_SELF)
    engine_cpu = (cpu_seconds(pids) - cpu_before[0]) / len(files)
    main_cpu = (
        after.ru_utime + after.ru_stime - cpu_before[1].ru_utime - cpu_before[1].ru_stime
    ) / len(files)
    stop.set()
    await watcher
    close = getattr(service, "close", None)
    if close is not None:
        await close()

    finished.sort()
    skip = min(len(finished) - 1, concurrency * 2)  # the first rounds fill the pipeline
    sustained = (len(finished) - 1 - skip) / (finished[-1] - finished[skip])
    print(
        f"{len(files)} files from {args.data}; {workers} engine workers (warm in {warm:.1f} s), "
        f"{concurrency} adds in flight; {created} stored"
    )
    print(f"{'measure':<34}{'value':>12}")
    print(f"{'articles/s (whole run)':<34}{len(files) / total:>12.1f}")
    print(f"{'articles/s (sustained)':<34}{sustained:>12.1f}   target >= 50")
    print(f"{'one add, p50':<34}{pct(latencies, 50) * 1000:>9.0f} ms")
    print(f"{'one add, p99':<34}{pct(latencies, 99) * 1000:>9.0f} ms")
    print(f"{'event loop lag, max':<34}{max(lags) * 1000:>9.1f} ms")
    print(f"{'CPU per article, engine workers':<34}{engine_cpu * 1000:>9.1f} ms")
    print(f"{'CPU per article, event-loop process':<34}{main_cpu * 1000:>9.1f} ms")
    cores = os.cpu_count() or 1
    print(
        f"{f'capacity on {cores} idle cores':<34}{cores / (engine_cpu + main_cpu):>12.1f}"
        "   (cores / CPU per article: what an unshared machine would sustain)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="a JSONL file with text (e.g. cnndm-dev.jsonl)")
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--workers", type=int, help="engine processes (default: one per core)")
    parser.add_argument("--concurrency", type=int, help="adds in flight (default: 2 x workers)")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
