"""Soak benchmark: the load of `benchmarks/load.py` with faults, and a check that nothing was lost.

Run by hand (not a test), from the project root:

    python benchmarks/soak.py [--minutes 10] [--store sqlite|postgres] [--members M]

While the members' mix runs (plus an admin adding a new article with `/article add` every 7 s,
within the 10-a-minute limit, and 10 of the 1,000 feeds getting a new entry each minute):

* the bot process is SIGKILLed at a random moment every 1-3 minutes and started again, as a
  supervisor (systemd's Restart=) would; members wait while it is down;
* the gateway connection is dropped every 40-80 s;
* with `--store postgres`, PostgreSQL is restarted every 3-5 minutes. Not the machine's shared
  server: a private cluster (initdb in a temporary directory, its own port, as the `postgres`
  user when run as root), into which the 100,000 articles are copied first;
* one feed's site answers 500, then times out, on alternate polls.

At the end it checks and prints: every article acknowledged with "Added article #N" is in the
store with its preview summary and its quotations (stored by the current quotation engine);
no feed entry posted twice (digests, due once a day or week, are shown posted once across
restarts and shards by tests/e2e/test_digests.py and test_digest_shards.py instead); no
interaction left without an acknowledgement except those in flight when the process was
killed; the database's integrity check. The last line is one JSON object: minutes, kills, lost, duplicate_posts, unacknowledged,
integrity ("ok" when it passes).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.bot import GUILD_ID, Sample, database  # noqa: E402
from benchmarks.load import (  # noqa: E402
    Load,
    LocalSite,
    add_arguments,
    bot_with_load,
    execute,
    run_mix,
    running_site,
    typical_texts,
)
from benchmarks.scale import ADDED  # noqa: E402
from bot.engine.quotes.extract import QUOTES_VERSION  # noqa: E402
from bot.engine.summary.methods import SUMMARY_VERSION  # noqa: E402
from bot.service import PREVIEW_SENTENCES  # noqa: E402
from bot.store import open_store  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
NEWS_FEEDS = 10
FAILING_FEED = 999
ADD_EVERY_S = 7.0


# --- a private PostgreSQL, restarted at will -------------------------------------------------


class PrivateCluster:
    """A PostgreSQL cluster of this benchmark's own, so restarting it disturbs nobody."""

    def __init__(self, bin_dir: Path, port: int) -> None:
        self.bin_dir, self.port = bin_dir, port
        self.dir = Path(tempfile.mkdtemp(prefix="newsbot-soak-pg-"))
        self.data = self.dir / "data"

    def _run(self, *command: str) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*as_postgres, *command], check=True, capture_output=True, timeout=120)

    def _ctl(self, action: str, *extra: str) -> None:
        self._run(
            str(self.bin_dir / "pg_ctl"), action, "-D", str(self.data), "-w",
            "-l", str(self.dir / "postgres.log"),
            "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", *extra,
        )  # fmt: skip

    def start(self) -> str:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self._run(
            str(self.bin_dir / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"
        )
        self._ctl("start")
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def restart(self) -> None:
        self._ctl("restart", "-m", "fast")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.SubprocessError):
            self._ctl("stop", "-m", "immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


@contextlib.asynccontextmanager
async def postgres_copy(cache: Path, port: int) -> AsyncIterator[tuple[str, PrivateCluster]]:
    """A private cluster holding a copy of the built SQLite database."""
    import asyncpg

    from bot.store.copy import copy_database

    cluster = PrivateCluster(PG_BIN, port)
    try:
        server = cluster.start()
        admin = await asyncpg.connect(server)
        await admin.execute("CREATE DATABASE newsbot")
        await admin.close()
        url = server.rsplit("/", 1)[0] + "/newsbot"
        started = time.perf_counter()
        await copy_database(str(cache), url)
        print(f"copied the database into PostgreSQL in {time.perf_counter() - started:.0f} s")
        yield url, cluster
    finally:
        cluster.stop()


# --- the faults ----------------------------------------------------------------------------------


class Faults:
    """Kills and restarts the bot, drops its gateway, restarts PostgreSQL, on random timers."""

    def __init__(self, load: Load, cluster: PrivateCluster | None, rng: random.Random) -> None:
        self.load, self.cluster, self.rng = load, cluster, rng
        self.kills = 0
        self.gateway_drops = 0
        self.pg_restarts = 0
        self.in_flight_at_kills: set[int] = set()

    async def kill_and_restart(self) -> None:
        load, proc = self.load, self.load.proc
        load.up.clear()
        self.in_flight_at_kills |= {
            h.id for h in load.double.interactions.values() if h.callback is None
        }
        await proc.kill()
        await proc.proc.wait()
        self.kills += 1
        await proc.start(timeout=300)
        await proc.wait_for_output("engine workers ready", count=self.kills + 1, timeout=300)
        load.up.set()

    async def killer(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.rng.uniform(60, 180))
            if not stop.is_set():
                await self.kill_and_restart()

    async def gateway(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.rng.uniform(40, 80))
            if not stop.is_set() and self.load.up.is_set():
                with contextlib.suppress(Exception):  # no live connection: nothing to drop
                    await self.load.double.drop_connection()
                    self.gateway_drops += 1

    async def postgres(self, stop: asyncio.Event) -> None:
        assert self.cluster is not None
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.rng.uniform(180, 300))
            if not stop.is_set():
                await asyncio.to_thread(self.cluster.restart)
                self.pg_restarts += 1


async def admin_adds(load: Load, texts: list[str], stop: asyncio.Event, acked: list[int]) -> None:
    """An admin adding a new article every few seconds; the ids acknowledged as added."""
    admin = load.double.add_member(load.guild, "soak-admin", permissions=1 << 5)  # Manage Server
    for n in range(10**6):
        if stop.is_set():
            return
        await load.up.wait()
        text = f"{texts[n % len(texts)]}\n\nThis copy is number {n} of the soak test."
        file = load.double.attachment(f"soak{n}.txt", text.encode(), content_type="text/plain")
        with contextlib.suppress(Exception):  # a bot killed meanwhile: no answer, not acked
            h = await load.double.invoke(
                "article add", {}, user=admin, channel=load.channel, attachments={"file": file}
            )
            sample: Sample = await load.settle(h, "/article add", timeout=60)
            if found := ADDED.search(sample.note):
                acked.append(int(found[1]))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), ADD_EVERY_S)


async def feed_news(site: LocalSite, database: str, minute: int) -> None:
    """Each minute: a new entry in each news feed, and those feeds and the failing one due."""
    for feed, entries in site.new_entries.items():
        entries.append(100_000 + minute * NEWS_FEEDS + feed)
    due = [(site.url(f"/feeds/{n}.xml"),) for n in [*site.new_entries, FAILING_FEED]]
    # due before the 1,000 others (the poller takes the longest-due first)
    await execute(database, "UPDATE feeds SET next_poll_at = -1 WHERE url = ?", due)


# --- the checks ----------------------------------------------------------------------------------


async def lost_articles(database: str, acked: list[int]) -> int:
    store = await open_store(database)
    try:
        needing = {a for _, a in await store.articles_needing_quotes(QUOTES_VERSION, 10**6)}
        lost = 0
        for article_id in acked:
            article = await store.get_article(GUILD_ID, article_id)
            preview = await store.get_summary(
                GUILD_ID, article_id, "auto", str(PREVIEW_SENTENCES), SUMMARY_VERSION
            )
            if article is None or preview is None or article_id in needing:
                lost += 1
        return lost
    finally:
        await store.close()


async def integrity(database: str) -> str:
    store = await open_store(database)
    try:
        found = await store.integrity_check()
    finally:
        await store.close()
    return "ok" if found == ["ok"] else "; ".join(found)[:200]


def duplicate_posts(load: Load) -> int:
    posted = Counter(
        embed.get("url")
        for message in load.double.channel_messages(load.feeds_channel)
        for embed in message.embeds[:1]
    )
    return sum(n - 1 for url, n in posted.items() if url and n > 1)


def unacknowledged(load: Load, faults: Faults) -> int:
    return sum(
        1
        for h in load.double.interactions.values()
        if h.callback is None and h.id not in faults.in_flight_at_kills
    )


async def run(args: argparse.Namespace) -> None:
    texts = typical_texts(Path(args.data))
    cache, world = await database(args)
    rng = random.Random(args.seed)
    async with contextlib.AsyncExitStack() as stack:
        env: dict[str, str] = {}
        cluster = None
        if args.store == "postgres":
            url, cluster = await stack.enter_async_context(postgres_copy(cache, args.pg_port))
            env["NEWSBOT_DATABASE"] = url
        site = await stack.enter_async_context(running_site(texts))
        site.new_entries = {n: [] for n in range(NEWS_FEEDS)}
        site.failing_feed = FAILING_FEED
        _, proc, load = await stack.enter_async_context(
            bot_with_load(args, world, cache, site, env)
        )
        db = env.get("NEWSBOT_DATABASE", str(proc.database))
        print(
            "load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()),
            flush=True,
        )
        faults, stop, acked = Faults(load, cluster, rng), asyncio.Event(), []
        background = [
            asyncio.create_task(faults.killer(stop)),
            asyncio.create_task(faults.gateway(stop)),
            asyncio.create_task(admin_adds(load, texts, stop, acked)),
        ]
        if cluster is not None:
            background.append(asyncio.create_task(faults.postgres(stop)))

        async def each_minute(minute: int) -> None:
            await feed_news(site, db, minute)
            print(
                f"  faults so far: {faults.kills} kills, {faults.gateway_drops} gateway drops, "
                f"{faults.pg_restarts} PostgreSQL restarts, {site.failures_served} failing "
                f"feed answers; {len(acked)} articles added",
                flush=True,
            )

        await feed_news(site, db, 0)
        await run_mix(load, proc, args.minutes, args.members, on_minute=each_minute)
        stop.set()
        await asyncio.gather(*background)
        await load.up.wait()
        await asyncio.sleep(5)  # answers to the last requests
        result = {
            "minutes": args.minutes,
            "kills": faults.kills,
            "lost": await lost_articles(db, acked),
            "duplicate_posts": duplicate_posts(load),
            "unacknowledged": unacknowledged(load, faults),
            "integrity": await integrity(db),
        }
        print(
            f"{len(acked)} articles acknowledged as added; "
            f"{len(faults.in_flight_at_kills)} interactions in flight at kills; "
            f"{len(load.double.channel_messages(load.feeds_channel))} feed posts",
            flush=True,
        )
    print(json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    add_arguments(parser)
    parser.add_argument("--pg-port", type=int, default=55433, help="the private cluster's port")
    parser.add_argument("--seed", type=int, default=7)
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
