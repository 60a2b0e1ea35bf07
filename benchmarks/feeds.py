"""Feed benchmark: hostile feeds through the real poller, and how long the event loop stalls.

Run by hand (not a test), from the project root:

    python benchmarks/feeds.py [--entries 5000] [--megabytes 10]

A local site on 127.0.0.1 serves a feed of `--entries` entries padded to `--megabytes` MB, and
a feed whose one entry's description is 10,000 `a`s, filtered by `(a+)+$` (catastrophic
backtracking). Each is subscribed and polled once through `FeedPoller` with SQLite and the
process pool, as in the bot. Prints the time of each step and the worst event-loop lag seen
meanwhile (what a `/help` arriving at that moment would wait, beyond its own work), against a
baseline lag measured in the same process with the poller idle.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from ipaddress import ip_network
from pathlib import Path

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import limits
from bot.feeds.admin import add_filter
from bot.feeds.poller import FeedPoller, subscribe
from bot.ingest.fetch import SafeFetcher
from bot.service import NewsService
from bot.store import open_store
from bot.workers import make_executor

GUILD = 77


def big_feed(entries: int, megabytes: float) -> bytes:
    pad = max(0, int(megabytes * 1024 * 1024 / entries) - 80)
    items = "".join(
        f"<item><title>Entry {i}</title><guid>urn:big:{i}</guid>"
        f"<description>Entry {i} says {'word ' * (pad // 5)}</description></item>"
        for i in range(entries)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>{items}</channel></rss>'.encode()


def evil_feed() -> bytes:
    text = "a" * 10_000 + "!"
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Evil</title>'
        f"<item><title>Aaa</title><guid>urn:evil</guid><description>{text}</description></item>"
        "</channel></rss>"
    ).encode()


async def watch_lag(lags: list[float], stop: asyncio.Event, every: float = 0.01) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await asyncio.sleep(every)
        lags.append(max(0.0, time.perf_counter() - started - every))


async def timed(label: str, step) -> None:
    lags: list[float] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_lag(lags, stop))
    started = time.perf_counter()
    try:
        outcome = await step()
    except Exception as exc:  # a refused feed is a result here, not a crash
        outcome = f"refused: {exc}"
    if isinstance(outcome, tuple):  # (feed, created) from subscribe
        outcome = f"subscribed: feed #{outcome[0].id}"
    elapsed = time.perf_counter() - started
    stop.set()
    await watcher
    print(f"{label}: {elapsed:.2f} s, worst event-loop lag {max(lags, default=0) * 1000:.0f} ms")
    print(f"  -> {outcome}")


async def run(args: argparse.Namespace) -> None:
    bodies = {"/big.xml": big_feed(args.entries, args.megabytes), "/evil.xml": evil_feed()}
    print(f"big feed: {len(bodies['/big.xml']) / 1e6:.1f} MB, {args.entries} entries")

    async def serve(request: web.Request) -> web.Response:
        return web.Response(body=bodies[request.path], content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/big.xml", serve)
    app.router.add_get("/evil.xml", serve)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    base = f"http://127.0.0.1:{port}"

    with tempfile.TemporaryDirectory() as tmp:
        store = await open_store(str(Path(tmp) / "feeds.db"))
        executor = make_executor(2)
        fetcher = SafeFetcher(allow_addresses={ip_network("127.0.0.1/32")})
        service = NewsService(store, executor, fetcher)
        poller = FeedPoller(service, owner="bench")
        try:
            await timed("baseline (idle loop, 1 s)", lambda: asyncio.sleep(1))
            await timed(
                f"subscribe to the {args.megabytes:g} MB feed (limit {limits_mb()} MB)",
                lambda: subscribe(service, GUILD, 1, f"{base}/big.xml"),
            )
            roomy = NewsService(
                store,
                executor,
                SafeFetcher(
                    allow_addresses={ip_network("127.0.0.1/32")},
                    max_bytes=int(args.megabytes * 1.2 * 1024 * 1024),
                ),
            )
            try:
                await timed(
                    f"subscribe with the size limit raised (parse, mark {args.entries} seen)",
                    lambda: subscribe(roomy, GUILD, 1, f"{base}/big.xml"),
                )
            finally:
                await roomy.close()
            evil, _ = await subscribe(service, GUILD, 1, f"{base}/evil.xml")
            await add_filter(service, GUILD, evil.id, "description", "matches", "(a+)+$")
            feed = await store.get_feed(GUILD, evil.id)

            async def poll_evil():
                outcome = await poller.poll(feed)
                [entry] = await store.feed_log(GUILD, evil.id)
                return f"{len(outcome.posts)} posted; log: {entry.decision}: {entry.detail}"

            await timed("poll the (a+)+$ feed (10,000 a's)", poll_evil)
        finally:
            await service.close()
            await store.close()
            executor.shutdown()
            await runner.cleanup()


def limits_mb() -> float:
    from bot.ingest.fetch import DEFAULT_MAX_BYTES

    return DEFAULT_MAX_BYTES / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--megabytes", type=float, default=10.0)
    args = parser.parse_args()
    assert limits.FILTER_REGEX_TIMEOUT > 0
    asyncio.run(run(args))


if __name__ == "__main__":
    main()
