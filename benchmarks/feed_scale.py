"""Feed polling at scale: what 1,000 or 10,000 feeds cost the bot, and how their polls spread.

Run by hand (not a test), from the project root:

    python benchmarks/feed_scale.py [--feeds 1000] [--interval 10] [--intervals 3]

A local site in a process of its own (so its work is not counted) serves `--feeds` small RSS
feeds with ETags, answering 304 to a conditional request, as a news site's feed mostly does.
The feeds are added all due at once (a first start, or the bot back after downtime) and the
real `FeedPoller` polls them tick after tick on SQLite, as the bot's feed loop does, with a
clock that moves 60 s per tick so that hours pass in seconds. The polls themselves are real
HTTP requests over loopback.

Printed per interval: the polls made, 304s, the polls per tick (first, largest, mean), and the
bot process's CPU time for the interval over the interval's length: the share of one core
the feeds take in real time. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import tempfile
import time
import zlib
from ipaddress import ip_network
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.feeds.poller import FeedPoller, claim_size
from bot.ingest.fetch import SafeFetcher
from bot.service import NewsService
from bot.store import open_store

TICK = 60.0
FEEDS_PER_GUILD = 20


def feed_body(n: int) -> str:
    items = "".join(
        f"<item><title>Feed {n} story {i}</title><guid>urn:feed:{n}:{i}</guid>"
        f"<description>What happened in place {n}, part {i}.</description></item>"
        for i in range(5)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel>'
        f"<title>Local feed {n}</title>{items}</channel></rss>"
    )


def serve(port: multiprocessing.Value) -> None:  # type: ignore[valid-type]
    """The site: `/feed/{n}.xml`, 304 when the ETag matches."""

    async def feed(request: web.Request) -> web.Response:
        body = feed_body(int(request.match_info["n"]))
        etag = f'"{zlib.crc32(body.encode()):08x}"'
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag})
        return web.Response(text=body, content_type="application/rss+xml", headers={"ETag": etag})

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/feed/{n}.xml", feed)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port.value = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        await asyncio.Event().wait()

    asyncio.run(main())


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


async def run(args: argparse.Namespace) -> dict:
    port = multiprocessing.Value("i", 0)
    site = multiprocessing.Process(target=serve, args=(port,), daemon=True)
    site.start()
    while not port.value:
        await asyncio.sleep(0.05)
    base = f"http://127.0.0.1:{port.value}"
    clock = Clock()
    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(str(Path(tmp) / "feeds.db"))
        fetcher = SafeFetcher(allow_addresses={ip_network("127.0.0.1/32")})
        service = NewsService(store, None, fetcher)
        poller = FeedPoller(service, owner="bench", clock=clock, tick_seconds=TICK)
        try:
            for n in range(args.feeds):
                await store.add_feed(
                    1 + n // FEEDS_PER_GUILD,
                    1,
                    f"{base}/feed/{n}.xml",
                    args.interval,
                    next_poll_at=clock.now,
                )
            rate = await store.feed_polls_per_minute()
            print(
                f"{args.feeds} feeds at {args.interval:g} minutes: {rate:.1f} polls a minute "
                f"needed; a {TICK:g} s tick takes up to {claim_size(rate, TICK)}"
            )
            ticks_per_interval = round(args.interval * 60 / TICK)
            results = []
            for interval in range(1, args.intervals + 1):
                per_tick, not_modified = [], 0
                cpu, wall = time.process_time(), time.perf_counter()
                for _ in range(ticks_per_interval):
                    polled = 0
                    async for outcome in poller.poll_due():
                        polled += 1
                        not_modified += outcome.not_modified
                    per_tick.append(polled)
                    clock.now += TICK
                cpu = time.process_time() - cpu
                wall = time.perf_counter() - wall
                share = 100 * cpu / (args.interval * 60)
                results.append(
                    {
                        "interval": interval,
                        "polls": sum(per_tick),
                        "not_modified": not_modified,
                        "first_tick": per_tick[0],
                        "max_tick": max(per_tick),
                        "mean_tick": round(statistics.fmean(per_tick), 1),
                        "cpu_seconds": round(cpu, 2),
                        "cpu_percent_of_one_core": round(share, 2),
                    }
                )
                print(
                    f"interval {interval}: {sum(per_tick)} polls ({not_modified} answered 304), "
                    f"per tick first {per_tick[0]} / max {max(per_tick)} / mean "
                    f"{statistics.fmean(per_tick):.1f}; bot CPU {cpu:.2f} s "
                    f"({1000 * cpu / max(1, sum(per_tick)):.2f} ms a poll) = {share:.2f}% of one "
                    f"core over the {args.interval:g} minutes (ran in {wall:.1f} s)"
                )
        finally:
            await service.close()
            await store.close()
            site.terminate()
    steady = results[-1]
    return {
        "feeds": args.feeds,
        "interval_minutes": args.interval,
        "first_tick": results[0]["first_tick"],
        "max_tick": max(r["max_tick"] for r in results),
        "polls_last_interval": steady["polls"],
        "feeds_cpu_percent": steady["cpu_percent_of_one_core"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=10, help="each feed's, in minutes")
    parser.add_argument("--intervals", type=int, default=3, help="intervals to run")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
