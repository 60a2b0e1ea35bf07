"""Load benchmark: a busy server. The real bot process against the loopback Discord double, with
100,000 articles in the server, M members sending a mix of commands at once while 1,000 feeds
on a local site are polled.

Run by hand (not a test), from the project root:

    python benchmarks/load.py [--minutes N] [--members M] [--data ../shared/eval/cnndm-dev.jsonl]

The database is built by `benchmarks/bot.py`'s builder (once, then reused from `--cache`) from
the corpus at `--data` (nothing of it is written into the project). Before the bot starts, the
engine's own limit is measured: uncached summaries per second of the same articles, methods and
lengths, with every core busy (a process pool, no Discord, no store).

Each of the M members sends one request after another (a closed loop, no pause), drawn from a
mix: `/summary` not cached (a random article of 500-700 words, random method and length, never
asked before), `/summary` cached, `/quote`, autocomplete (article titles and speakers),
`/article search`, and `Summarize` on a message linking to a page of the local site. Requests
rotate over 2,000 Discord users, so the per-member cooldowns (5 per 30 s) never refuse one.
1,000 feeds of the local site are subscribed and due; the bot polls them with conditional
requests (the site answers 304 to the ETag it gave), its poller tick shortened to 5 s.

Each minute: throughput, p50/p99 per command (dispatch to the reply with the result, on the
double's side), deadline misses (no acknowledgement within 3 s), the worst event-loop lag (the
bot's own `loop lag max` lines), CPU (bot event loop, engine workers, the whole machine) and
the bot's memory (PSS of the bot, its fork server and workers). Before the members start, 30 s
with feeds only measure the poller's CPU per poll, from which `feeds_cpu_percent` is the cost
of 1,000 feeds at a 10-minute interval (100 polls a minute) in percent of one core.
The last line is one JSON object: throughput_ratio (uncached `/summary` per second under the
mix over the engine's limit), deadline_misses, cached_p99_ms, autocomplete_p99_ms, pss_mb (the
largest seen), feeds_cpu_percent.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from html import escape
from ipaddress import ip_network
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import web  # noqa: E402
from yarl import URL  # noqa: E402

from benchmarks.bot import GUILD_ID, LAG_LINE, Bench, Sample, World, database  # noqa: E402
from benchmarks.measure import CpuMeter, memory_table, pct, process_tree, pss_mb  # noqa: E402
from bot.engine.summary.methods import METHODS  # noqa: E402
from tests.discord_double import BotProcess, DiscordDouble  # noqa: E402
from tests.ingest.ingest_servers import allowed_loopback, serve  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "cnndm-dev.jsonl"
# the test-only hook that lets the bot fetch from a loopback site under a name (tests/e2e)
SITE_HOOK_DIR = ROOT / "tests" / "e2e" / "_fetch_site"
DOUBLE_SITE_DIR = ROOT / "tests" / "discord_double" / "_site"
HOST = "local-news.test"
DEADLINE_S = 3.0
FEED_TICK_SECONDS = 5
FEED_ETAG = '"unchanged-1"'
FEEDS_ONLY_SECONDS = 30
FEED_INTERVAL_MINUTES = 10
USERS = 2000
# the mix: (kind, weight)
MIX = (
    ("/summary uncached", 40),
    ("/summary cached", 15),
    ("/quote", 10),
    ("autocomplete", 20),
    ("/article search", 10),
    ("Summarize link", 5),
)
SEARCH_WORDS = "council police minister court election storm market hospital school".split()


# --- the engine's own limit ------------------------------------------------------------------


def _summarise(job: tuple[str, str, int]) -> int:
    from bot.engine.summary.summarize import summarize

    text, method, sentences = job
    return len(summarize(text, method=method, sentences=sentences, lang="en").sentences)


def typical_texts(path: Path, low: int = 500, high: int = 700) -> list[str]:
    """Corpus texts of the length the uncached `/summary` requests ask for."""
    from bot.engine.text.sentences import clean, word_tokens

    with open(path, encoding="utf-8") as f:
        texts = [clean(json.loads(line)["text"]) for line in f]
    return [t for t in texts if low <= len(word_tokens(t)) <= high]


def engine_limit(texts: list[str], seconds: float) -> float:
    """Uncached summaries per second with every core busy: random methods and lengths."""
    import bot.engine.summary.summarize  # noqa: F401  (loaded before the workers fork)

    rng = random.Random(3)
    jobs = (
        (rng.choice(texts), rng.choice(list(METHODS)), rng.randint(1, 10))
        for _ in itertools.count()
    )
    with multiprocessing.get_context("fork").Pool(os.cpu_count()) as pool:
        list(pool.imap_unordered(_summarise, itertools.islice(jobs, 2 * (os.cpu_count() or 1))))
        done, started = 0, time.perf_counter()
        for _ in pool.imap_unordered(_summarise, jobs, chunksize=1):
            done += 1
            if time.perf_counter() - started >= seconds:
                break
        return done / (time.perf_counter() - started)


# --- the local site: feeds and article pages ------------------------------------------------


@dataclass
class LocalSite:
    """1,000 unchanged feeds (a 304 to their ETag) and article pages to link to."""

    texts: list[str]
    address: str = ""
    base: str = ""
    feed_polls: int = 0
    failing_feed: int | None = None  # soak: this feed answers 500, then times out
    failures_served: int = 0
    new_entries: dict[int, list[int]] = field(default_factory=dict)  # soak: feeds with news

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def bot_env(self) -> dict[str, str]:
        """What the bot process needs to fetch from this site (read by `_fetch_site`)."""
        paths = (str(SITE_HOOK_DIR), str(DOUBLE_SITE_DIR), os.environ.get("PYTHONPATH"))
        return {
            "PYTHONPATH": os.pathsep.join(p for p in paths if p),
            "E2E_FETCH_ALLOW": str(ip_network(self.address)),
            "E2E_FETCH_HOSTS": f"{HOST}={self.address}",
            "E2E_FETCH_DEADLINE": "5",
        }

    def article_html(self, n: int) -> str:
        text = self.texts[n % len(self.texts)]
        paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
        title = escape(text.split(". ", 1)[0][:80])
        canonical = escape(self.url(f"/articles/{n}"))
        return (
            f"<!doctype html><html><head><title>{title}</title>"
            f'<link rel="canonical" href="{canonical}"></head><body><article>'
            f"<h1>{title}</h1>{paragraphs}</article></body></html>"
        )

    def feed_xml(self, feed: int) -> str:
        items = "".join(
            f"<item><title>Story {n}</title><link>{escape(self.url(f'/articles/{n}'))}</link>"
            f'<guid isPermaLink="false">local:{n}</guid></item>'
            for n in reversed(self.new_entries.get(feed, [feed]))
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Feed {feed}</title><link>{escape(self.base)}/</link>"
            f"<description>Local feed {feed}</description>{items}</channel></rss>"
        )

    def app(self) -> web.Application:
        async def article(request: web.Request) -> web.Response:
            n = int(request.match_info["n"])
            return web.Response(text=self.article_html(n), content_type="text/html")

        async def feed(request: web.Request) -> web.StreamResponse:
            n = int(request.match_info["n"])
            self.feed_polls += 1
            if n == self.failing_feed:
                self.failures_served += 1
                if self.failures_served % 2:
                    raise web.HTTPInternalServerError()
                await asyncio.sleep(30)  # longer than the bot's fetch deadline: a timeout
            etag = f'"news-{len(self.new_entries[n])}"' if n in self.new_entries else FEED_ETAG
            if request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag})
            return web.Response(
                text=self.feed_xml(n), content_type="application/rss+xml", headers={"ETag": etag}
            )

        app = web.Application()
        app.router.add_get("/articles/{n}", article)
        app.router.add_get("/feeds/{n}.xml", feed)
        return app


@contextlib.asynccontextmanager
async def running_site(texts: list[str]) -> AsyncIterator[LocalSite]:
    site = LocalSite(texts, address=allowed_loopback())
    async with serve(site.app(), site.address) as base:
        site.base = f"http://{HOST}:{URL(base).port}"
        yield site


async def execute(database: str, sql: str, rows: list[tuple[Any, ...]]) -> None:
    """Run one statement for each row on the bot's database, outside the bot (either store);
    `sql` uses ? placeholders."""
    if database.startswith("postgres"):
        import asyncpg

        marks = iter(range(1, 1000))
        conn = await asyncpg.connect(database)
        try:
            await conn.executemany(re.sub(r"\?", lambda _: f"${next(marks)}", sql), rows)
        finally:
            await conn.close()
        return
    with contextlib.closing(sqlite3.connect(database, timeout=30)) as conn, conn:
        conn.executemany(sql, rows)


async def subscribe_feeds(database: str, site: LocalSite, channel_id: int, count: int) -> None:
    """`count` feeds of the site, due now, each already seen once (its ETag stored), as a
    server that subscribed long ago has them."""
    rows = [
        (GUILD_ID, channel_id, site.url(f"/feeds/{n}.xml"), f"Feed {n}", FEED_INTERVAL_MINUTES,
         None if n in site.new_entries else FEED_ETAG, 0.0)
        for n in range(count)
    ]  # fmt: skip
    await execute(
        database,
        "INSERT INTO feeds (guild_id, channel_id, url, title, interval_minutes, etag, "
        "next_poll_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows,
    )


# --- the members ------------------------------------------------------------------------------


class Load(Bench):
    """The mix, sent by many members at once."""

    def __init__(self, double: DiscordDouble, proc: BotProcess, world: World, guild, channel):
        super().__init__(double, proc, world, guild, channel)
        self.members = [double.add_member(guild, f"reader{i}") for i in range(USERS)]
        self.asked: set[tuple[int, str, int]] = set()
        self.site: LocalSite | None = None
        self.feeds_channel: Any = None
        self.link_turn = 0
        self.up = asyncio.Event()  # cleared while the bot is down (soak.py restarts it)
        self.up.set()

    async def autocomplete(self, command: str, option: str, typed: str) -> Sample:
        """Autocomplete timed on the double's side, also when other requests are in flight."""
        user = self.member()
        # The newest interaction before this one: the search below stops there, so it costs
        # the few sent meanwhile, not a copy of every interaction of the run (an hour's soak
        # made that the generator's bottleneck).
        newest = next(reversed(self.double.interactions), None)
        await self.double.autocomplete(
            command, option, typed, user=user, channel=self.channel, timeout=30
        )
        h = next(
            h
            for key, h in itertools.takewhile(
                lambda item: item[0] != newest, reversed(self.double.interactions.items())
            )
            if h.type == 4 and h.user.id == user.id
        )
        return Sample(h.callback.at, h.callback.at, False, True)

    def uncached(self) -> dict[str, Any]:
        """An article, method and length never asked before (nor cached by the builder)."""
        while True:
            key = (
                self.rng.choice(self.world.typical_ids),
                self.rng.choice(list(METHODS)),
                self.rng.randint(1, 10),
            )
            if key[1:] not in (("auto", 2), ("auto", 3)) and key not in self.asked:
                self.asked.add(key)
                return {"article": str(key[0]), "method": key[1], "sentences": key[2]}

    async def summarize_link(self) -> Sample:
        assert self.site is not None
        self.link_turn += 1
        url = self.site.url(f"/articles/{self.link_turn % len(self.site.texts)}")
        user = self.member()
        message = self.double.post_message(self.channel, f"Worth a read <{url}>", author=user)
        h = await self.double.context_menu("Summarize", user=user, message=message)
        return await self.settle(h, "Summarize", timeout=60)

    def request(self, kind: str) -> Callable[[], Awaitable[Sample]]:
        w = self.world
        if kind == "/summary uncached":
            return lambda: self.interact("summary", self.uncached(), timeout=60)
        if kind == "/summary cached":
            return lambda: self.interact("summary", {"article": str(self.rng.choice(w.cached_ids))})
        if kind == "/quote":
            return lambda: self.interact("quote", self.quote_options())
        if kind == "/article search":
            query = self.rng.choice(SEARCH_WORDS)
            return lambda: self.interact("article search", {"query": query})
        if kind == "Summarize link":
            return self.summarize_link
        if self.rng.random() < 0.5:
            return lambda: self.autocomplete("summary", "article", self.typed_title())
        return lambda: self.autocomplete("quote", "speaker", self.typed_speaker())


@dataclass
class Window:
    """What one minute (or the whole run) saw."""

    samples: dict[str, list[Sample]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)

    def add(self, kind: str, sample: Sample) -> None:
        self.samples[kind].append(sample)
        if not sample.ok:
            self.failures.append(f"{kind}: {sample.note[:80]!r}")

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.samples.values())

    def misses(self) -> int:
        return sum(s.first > DEADLINE_S for v in self.samples.values() for s in v)

    def p99_ms(self, kind: str) -> float | None:
        done = [s.done * 1000 for s in self.samples.get(kind, [])]
        return pct(done, 99) if done else None


async def member(load: Load, stop: asyncio.Event, windows: list[Window]) -> None:
    kinds, weights = zip(*MIX, strict=True)
    while not stop.is_set():
        await load.up.wait()
        kind = load.rng.choices(kinds, weights)[0]
        try:
            sample = await load.request(kind)()
        except Exception as exc:  # no answer in time; in soak.py also a bot that just died
            sample = Sample(DEADLINE_S * 20, DEADLINE_S * 20, False, False, repr(exc))
            await asyncio.sleep(0.2)
        for window in windows:
            window.add(kind, sample)


def lag_max(output: str, start: int) -> float | None:
    found = [float(v) for v in LAG_LINE.findall(output[start:])]
    return max(found) if found else None


def minute_report(
    minute: int, window: Window, seconds: float, cpu: dict[str, float] | None, lag, pss
) -> str:
    """One minute's figures; `cpu` is None when the bot was restarted during the minute."""
    bot_cpu = (
        f"bot {100 * cpu['loops'] / seconds:.0f}% engines {100 * cpu['engines'] / seconds:.0f}%"
        if cpu is not None
        else "bot and engines ? (restarted)"
    )
    machine = None if cpu is None else 100 * cpu["busy"] / cpu["total"]
    lines = [
        f"minute {minute}: {window.count / seconds:.1f} requests/s, "
        f"{window.misses()} deadline misses, loop lag max "
        f"{'?' if lag is None else f'{lag:.0f}'} ms, CPU {bot_cpu}"
        + (f" machine {machine:.0f}% of {os.cpu_count()} cores" if machine is not None else "")
        + f", PSS {pss} MB"
    ]
    for kind, _ in MIX:
        got = window.samples.get(kind, [])
        if not got:
            continue
        done = [s.done * 1000 for s in got]
        failed = sum(not s.ok for s in got)
        lines.append(
            f"  {kind:<20}{len(got):>6}{len(got) / seconds:>8.2f}/s  p50 {pct(done, 50):>7.1f} ms"
            f"  p99 {pct(done, 99):>7.1f} ms" + (f"  ({failed} failed)" if failed else "")
        )
    return "\n".join(lines)


@contextlib.asynccontextmanager
async def bot_with_load(
    args: argparse.Namespace, world: World, cache: Path, site: LocalSite, env: dict[str, str]
) -> AsyncIterator[tuple[DiscordDouble, BotProcess, Load]]:
    """The double, a copy of the built database with the feeds, and the running bot."""
    workdir = Path(tempfile.mkdtemp(prefix="newsbot-load-"))
    double = DiscordDouble()
    await double.start()
    guild = double.add_guild("Load News", id=GUILD_ID)
    channel = double.add_channel(guild, "news")
    feeds_channel = double.add_channel(guild, "feeds")
    bot_env = {
        "LOG_LEVEL": "INFO",
        "NEWSBOT_LAG_REPORT_SECONDS": "1",
        "NEWSBOT_FEED_TICK_SECONDS": str(FEED_TICK_SECONDS),
        **site.bot_env(),
        **env,
    }
    proc = BotProcess(
        double, [sys.executable, "-m", "bot"], workdir=workdir, env=bot_env, dev_guild=guild
    )
    if "NEWSBOT_DATABASE" not in env:
        shutil.copyfile(cache, proc.database)
    await subscribe_feeds(
        env.get("NEWSBOT_DATABASE", str(proc.database)), site, feeds_channel.id, args.feeds
    )
    try:
        await proc.start(timeout=180)
        await proc.wait_for_output("engine workers ready", timeout=180)
        load = Load(double, proc, world, guild, channel)
        load.site, load.feeds_channel = site, feeds_channel
        yield double, proc, load
    finally:
        await proc.stop(timeout=20)
        await double.stop()
        shutil.rmtree(workdir, ignore_errors=True)


async def feeds_only(proc: BotProcess, site: LocalSite, seconds: float) -> float:
    """CPU% of one core that 1,000 feeds at a 10-minute interval cost, from the bot's CPU per
    poll over `seconds` of polling with nothing else to do."""
    meter = CpuMeter([proc.proc.pid])
    polls = site.feed_polls
    meter.start()
    await asyncio.sleep(seconds)
    used = meter.stop()
    polls = site.feed_polls - polls
    per_poll = (used["loops"] + used["engines"]) / max(1, polls)
    polls_per_second = 1000 / (FEED_INTERVAL_MINUTES * 60)
    print(
        f"feeds only, {seconds:.0f} s: {polls} polls ({polls / seconds:.1f}/s; 1,000 feeds at a "
        f"{FEED_INTERVAL_MINUTES}-minute interval need {polls_per_second:.1f}/s), "
        f"{1000 * per_poll:.1f} ms of bot CPU per poll",
        flush=True,
    )
    return 100 * per_poll * polls_per_second


async def run_mix(
    load: Load, proc: BotProcess, minutes: float, members: int, on_minute=None
) -> tuple[Window, int, float]:
    """The members' mix for `minutes`, a report each minute; (whole run, max PSS MB, seconds)."""
    total, stop = Window(), asyncio.Event()
    current = Window()
    windows = [total, current]
    tasks = [asyncio.create_task(member(load, stop, windows)) for _ in range(members)]
    started = time.perf_counter()
    pss_max, minute = 0, 0
    while time.perf_counter() - started < minutes * 60:
        minute += 1
        log_start, window_start = len(proc.output), time.perf_counter()
        meter = CpuMeter([proc.proc.pid])  # the bot's pid changes when soak.py restarts it
        meter.start()
        end = started + min(minute * 60, minutes * 60)
        while time.perf_counter() < end:
            await asyncio.sleep(min(1.0, max(0.0, end - time.perf_counter())))
            if proc.proc.returncode is not None and on_minute is None:
                raise RuntimeError("the bot process died")
        cpu = meter.stop() if meter.bots == [proc.proc.pid] else None
        pss = pss_mb(proc.proc.pid) if proc.proc.returncode is None else 0
        pss_max = max(pss_max, pss)
        seconds = time.perf_counter() - window_start
        print(
            minute_report(minute, current, seconds, cpu, lag_max(proc.output, log_start), pss),
            flush=True,
        )
        current.samples.clear()
        current.failures.clear()
        if on_minute is not None:
            await on_minute(minute)
    stop.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    return total, pss_max, time.perf_counter() - started


async def run(args: argparse.Namespace) -> None:
    texts = typical_texts(Path(args.data))
    limit = engine_limit(texts, args.engine_seconds)
    print(
        f"engine limit: {limit:.1f} uncached summaries/s ({os.cpu_count()} processes, "
        f"{len(texts)} articles of 500-700 words, random methods and lengths)",
        flush=True,
    )
    cache, world = await database(args)
    async with (
        running_site(texts) as site,
        bot_with_load(args, world, cache, site, {}) as (_, proc, load),
    ):
        print(
            "load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
            flush=True,
        )
        for role, pid in process_tree(proc.proc.pid):
            print(f"  {role} {pid}: PSS {pss_mb(pid, tree=False)} MB", flush=True)
        feeds_cpu = await feeds_only(proc, site, FEEDS_ONLY_SECONDS)
        total, pss_max, seconds = await run_mix(load, proc, args.minutes, args.members)
        print(
            "load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
            flush=True,
        )
        print("\n".join(memory_table(proc.proc.pid, "at the end")), flush=True)
        for line in sorted(set(total.failures))[:10]:
            print(f"failed: {line}")
    uncached = len(total.samples.get("/summary uncached", []))
    autocomplete_p99 = total.p99_ms("autocomplete")
    cached_p99 = total.p99_ms("/summary cached")
    result = {
        "throughput_ratio": round(uncached / seconds / limit, 3),
        "deadline_misses": total.misses(),
        "cached_p99_ms": None if cached_p99 is None else round(cached_p99, 1),
        "autocomplete_p99_ms": None if autocomplete_p99 is None else round(autocomplete_p99, 1),
        "pss_mb": pss_max,
        "feeds_cpu_percent": round(feeds_cpu, 2),
    }
    print(json.dumps(result), flush=True)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options load.py and soak.py share."""
    parser.add_argument("--members", type=int, default=50, help="members sending at once")
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="a JSONL corpus with text")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--cache", help="where the built database is kept between runs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    add_arguments(parser)
    parser.add_argument("--engine-seconds", type=float, default=20)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
