"""Sharding end to end: two bot processes run shards 0 and 1 of 2 (`NEWSBOT_SHARD_COUNT=2`,
`NEWSBOT_SHARD_IDS=0` and `=1`) against one Discord double and one PostgreSQL database.

* The double routes each guild's events, interactions included, to the gateway session of
  shard `(guild_id >> 22) % 2`; the test knows which process opened which session, so it
  checks that every command was delivered to, and answered by, exactly one process: the one
  running the guild's shard. Only the process running shard 0 syncs commands.
* The store is shared: an article that process A (shard 0) stored for a shard-1 guild, from
  that guild's feed, is summarised by process B (shard 1).
* Feeds are shared out with leases. With `NEWSBOT_FEED_TICK_SECONDS=0.5` a lease lasts nine
  ticks (4.5 s; production: 540 s at the 60 s tick). A is SIGKILLed in the middle of a poll,
  holding a feed's lease: B keeps serving its guilds, waits for the lease to run out, then
  takes the feed over on its next tick, and every feed entry is posted exactly once.

To make a given process poll a feed, the test pauses the other one (SIGSTOP) while the feed
becomes due. Skipped, with the reason, when `NEWSBOT_TEST_POSTGRES` is not set; each run gets
a new database on that server, dropped afterwards.

A SIGKILLed bot leaves its engine pool behind (fork server, resource tracker, workers: they
wait for a parent that is gone), so the test notes A's descendants before the kill and ends
whichever of them are still running at teardown.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from aiohttp import web
from discord_double.fixtures import BotProcess
from discord_double.gateway import GatewaySession, shard_for
from discord_double.models import snowflake
from discord_double.server import DiscordDouble

from bot.feeds.poller import feed_lease_seconds
from tests.e2e.newsroom import ADMIN
from tests.e2e.postgres_db import POSTGRES_ENV, SKIP_REASON, execute, fetch, fresh_database
from tests.e2e.web_site import BOT_ENV, HOST, STORIES, WebSite
from tests.ingest.ingest_servers import allowed_loopback, serve
from tests.samples import SCRAPED_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="module")
needs_postgres = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV, "").strip(), reason=SKIP_REASON
)

SHARDS = 2
TICK = 0.5
LEASE = feed_lease_seconds(TICK)
WAIT = 30.0
SLACK = 1.5  # a tick's claim query, the fetch and scheduling on a busy 2-core machine


# --- the world -----------------------------------------------------------------------------


def guild_on_shard(double: DiscordDouble, name: str, shard: int):
    """A new guild whose id Discord routes to `shard` (ids carry their shard in bits 22+)."""
    gid = snowflake()
    gid += ((shard - shard_for(gid, SHARDS)) % SHARDS) << 22
    assert shard_for(gid, SHARDS) == shard
    return double.add_guild(name, id=gid)


@dataclass
class Room:
    """A guild on a known shard, with a channel, an admin and a member."""

    shard: int
    guild: Any
    channel: Any
    admin: Any
    member: Any


class FeedSite:
    """The test news site plus `/feeds/{name}.xml`: per-name entries, and a hold that keeps a
    request waiting until released (to catch a process in the middle of a poll)."""

    def __init__(self, site: WebSite) -> None:
        self.site = site
        self.entries: dict[str, list[str]] = {}
        self.holds: dict[str, asyncio.Event] = {}
        self.hits: dict[str, list[float]] = defaultdict(list)  # wall-clock arrival times
        self.changed = asyncio.Event()

    def url(self, name: str) -> str:
        return self.site.url(f"/feeds/{name}.xml")

    def app(self) -> web.Application:
        app = self.site.app()
        app.router.add_get("/feeds/{name}.xml", self.feed)
        return app

    async def feed(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        self.hits[name].append(time.time())
        if (hold := self.holds.get(name)) is not None:
            await hold.wait()
        if name not in self.entries:
            raise web.HTTPNotFound()
        body = self.site._feed_xml(f"Feed {name}", self.entries[name])
        return web.Response(text=body, content_type="application/rss+xml", charset="utf-8")


@dataclass
class Cluster:
    double: DiscordDouble
    site: FeedSite
    database: str
    home: Any
    a: BotProcess  # shard 0
    b: BotProcess  # shard 1
    sessions: dict[int, list[GatewaySession]] = field(default_factory=dict)  # by id(process)
    rooms: list[Room] = field(default_factory=list)
    orphans: list[int] = field(default_factory=list)  # a killed process's engine pool

    def room(self, shard: int, name: str) -> Room:
        d = self.double
        guild = guild_on_shard(d, name, shard)
        room = Room(
            shard,
            guild,
            d.add_channel(guild, "news"),
            d.add_member(guild, "ada", permissions=ADMIN),
            d.add_member(guild, "bob"),
        )
        self.rooms.append(room)
        return room

    def process_for(self, shard: int) -> BotProcess:
        return (self.a, self.b)[shard]

    def receivers(self, handle) -> list[BotProcess]:
        """The processes whose gateway sessions were sent this interaction."""
        got = [
            s
            for s in self.double.sessions
            if any(
                f.get("t") == "INTERACTION_CREATE" and int(f["d"]["id"]) == handle.id
                for f in s.frames
            )
        ]
        return [p for s in got for p in (self.a, self.b) if s in self.sessions[id(p)]]

    def posted_titles(self, room: Room) -> list[str]:
        """The titles of the feed posts in the room (bot messages that answer no interaction)."""
        bot = self.double.bot_user.id
        return [
            m.embeds[0]["title"]
            for m in self.double.channel_messages(room.channel)
            if m.author.id == bot and m.embeds and m.interaction_metadata is None
        ]

    async def wait_for_posts(self, room: Room, count: int, timeout: float = WAIT) -> list[str]:
        await self.double.wait_until(
            lambda: len(self.posted_titles(room)) >= count,
            timeout=timeout,
            what=f"{count} feed posts in {room.guild.name}",
        )
        return self.posted_titles(room)

    def assert_nothing_posted_twice(self) -> None:
        for room in self.rooms:
            twice = [t for t, n in Counter(self.posted_titles(room)).items() if n > 1]
            assert not twice, f"posted more than once in {room.guild.name}: {twice}"

    # --- the feeds table -------------------------------------------------------------------

    async def feed(self, feed_id: int) -> dict[str, Any]:
        (row,) = await fetch(self.database, "SELECT * FROM feeds WHERE id = $1", feed_id)
        return row

    async def make_due(self, feed_id: int) -> None:
        """The feed's interval has passed and no lease is held on it."""
        await execute(
            self.database,
            "UPDATE feeds SET next_poll_at = 0, lease_until = 0 WHERE id = $1",
            feed_id,
        )

    async def wait_for_poll(self, feed_id: int, after: float | None) -> dict[str, Any]:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            row = await self.feed(feed_id)
            if row["last_polled_at"] is not None and row["last_polled_at"] != after:
                return row
            await asyncio.sleep(0.1)
        raise TimeoutError(f"feed {feed_id} was not polled within {WAIT} s")

    async def subscribe(self, room: Room, name: str) -> int:
        """`/feed add` in the room (answered by its shard's process); waits for its first poll."""
        self.site.entries.setdefault(name, [])
        handle = await self.double.invoke(
            "feed add", {"url": self.site.url(name)}, user=room.admin, channel=room.channel
        )
        text = (await handle.wait_final(timeout=WAIT)).content
        assert text.startswith("Added feed #"), text
        assert self.receivers(handle) == [self.process_for(room.shard)]
        feed_id = int(text.split("#", 1)[1].split()[0])
        await self.wait_for_poll(feed_id, None)
        return feed_id


def descendants(root: int) -> list[int]:
    """The processes below `root` (engine pool), from /proc."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                children[int(stat.rsplit(")", 1)[1].split()[1])].append(int(entry))
    found, todo = [], [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def end_orphans(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def owner_pid(row: dict[str, Any]) -> int:
    """The process id in a lease owner (`host:pid:random`)."""
    return int(row["lease_owner"].split(":")[-2])


@contextlib.asynccontextmanager
async def paused(process: BotProcess) -> AsyncIterator[None]:
    """SIGSTOP the process (its poller cannot claim anything), SIGCONT on the way out."""
    assert process.proc is not None
    process.proc.send_signal(signal.SIGSTOP)
    try:
        yield
    finally:
        if process.running:
            process.proc.send_signal(signal.SIGCONT)


async def start_shard(
    double: DiscordDouble, process: BotProcess, sessions: dict[int, list[GatewaySession]]
) -> None:
    """Start the process and note the gateway sessions it identified."""
    before = len(double.sessions)
    await process.start(timeout=60)
    await process.wait_for_output("ready as", timeout=30)
    sessions[id(process)] = double.sessions[before:]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cluster(tmp_path_factory) -> AsyncIterator[Cluster]:
    site = FeedSite(WebSite(address=allowed_loopback()))
    async with (
        fresh_database("newsbot_shards") as database,
        serve(site.app(), site.site.address) as base,
    ):
        site.site.base = f"http://{HOST}:{base.rsplit(':', 1)[1]}"
        double = DiscordDouble()
        await double.start()
        home = guild_on_shard(double, "Home", 0)
        env = {
            **BOT_ENV,
            **site.site.bot_env(),
            "E2E_FETCH_DEADLINE": "20",  # a held request must outlive the kill
            "NEWSBOT_DATABASE": database,
            "NEWSBOT_SHARD_COUNT": str(SHARDS),
            "NEWSBOT_FEED_TICK_SECONDS": str(TICK),
        }
        command = [sys.executable, "-m", "bot"]
        workdir = tmp_path_factory.mktemp("shards")
        a = BotProcess(
            double,
            command,
            workdir=workdir / "a",
            env={**env, "NEWSBOT_SHARD_IDS": "0"},
            dev_guild=home,
        )
        b = BotProcess(  # same settings; it leaves the command sync to shard 0's process
            double,
            command,
            workdir=workdir / "b",
            env={**env, "NEWSBOT_SHARD_IDS": "1", "NEWSBOT_DEV_GUILD": str(home.id)},
        )
        world = Cluster(double, site, database, home, a, b)
        try:
            await start_shard(double, a, world.sessions)
            await start_shard(double, b, world.sessions)
            double.app_commands[None] = list(double.commands(home))  # as `newsbot sync` would
            yield world
        finally:
            for hold in site.holds.values():
                hold.set()
            await b.stop()
            await a.stop()
            await double.stop()
            end_orphans(world.orphans)
        world.assert_nothing_posted_twice()
        double.assert_clean()
        for process in (a, b):
            assert not process.network_violations, process.network_violations
            assert "Traceback" not in process.output, process.output[-4000:]


# --- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"NEWSBOT_SHARD_IDS": "0-1"}, "NEWSBOT_SHARD_IDS needs NEWSBOT_SHARD_COUNT"),
        ({"NEWSBOT_SHARD_COUNT": "2", "NEWSBOT_SHARD_IDS": "2"}, "shard id 2 is out of range"),
        ({"NEWSBOT_SHARD_COUNT": "4", "NEWSBOT_SHARD_IDS": "3-1"}, "runs backwards"),
        ({"NEWSBOT_SHARD_COUNT": "4", "NEWSBOT_SHARD_IDS": "0;1"}, "like 0-3 or 0,2,5"),
        ({"NEWSBOT_SHARD_COUNT": "0"}, "NEWSBOT_SHARD_COUNT must be a whole number"),
        ({"NEWSBOT_SHARD_COUNT": "two"}, "NEWSBOT_SHARD_COUNT must be a whole number"),
    ],
)
async def test_bad_shard_settings_stop_newsbot_run_with_one_line(tmp_path, settings, message):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "DISCORD_"))}
    env.update(DISCORD_TOKEN="not-used", **settings)
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode == 2
    assert out == b""
    lines = err.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("newsbot: ") and message in lines[0], lines


# --- two processes, one bot --------------------------------------------------------------------


@needs_postgres
async def test_each_guild_is_served_by_the_process_running_its_shard(cluster: Cluster):
    d = cluster.double
    identified = sorted(tuple(op.data["shard"]) for op in d.gateway_log if op.op == 2)
    assert identified == [(0, SHARDS), (1, SHARDS)]
    assert [s.shard_id for s in cluster.sessions[id(cluster.a)]] == [0]
    assert [s.shard_id for s in cluster.sessions[id(cluster.b)]] == [1]
    assert d.sync_count(cluster.home) == 1  # only shard 0's process syncs
    assert "the process running shard 0 syncs commands" in cluster.b.output
    assert "(shards 0 of 2)" in cluster.a.output and "(shards 1 of 2)" in cluster.b.output

    rooms = [cluster.room(shard, f"Paper {n}") for n, shard in enumerate((0, 1, 0, 1))]
    for room in rooms:
        file = d.attachment("bridge.txt", SCRAPED_ARTICLE.encode(), content_type="text/plain")
        added = await d.invoke(
            "article add", {}, user=room.admin, channel=room.channel, attachments={"file": file}
        )
        assert (await added.wait_final(timeout=WAIT)).content.startswith("Added article #")
        summary = await d.invoke(
            "summary", {"sentences": 2}, user=room.member, channel=room.channel
        )
        embed = (await summary.wait_final(timeout=WAIT)).embeds[0]
        assert embed["title"] == "Harbour bridge reopens after two-year repair"
        expected = cluster.process_for(room.shard)
        for handle in (added, summary):
            assert cluster.receivers(handle) == [expected], (room.shard, handle)
            assert handle.callback is not None and not handle.rejected


@needs_postgres
async def test_an_article_stored_through_one_shard_is_summarised_through_the_other(
    cluster: Cluster,
):
    room = cluster.room(1, "Islands Gazette")  # served by B
    feed_id = await cluster.subscribe(room, "gazette")
    before = (await cluster.feed(feed_id))["last_polled_at"]

    # A (shard 0) polls the shard-1 guild's feed and stores its article: B is paused.
    async with paused(cluster.b):
        cluster.site.entries["gazette"] = ["bridge"]
        await cluster.make_due(feed_id)
        row = await cluster.wait_for_poll(feed_id, before)
        assert owner_pid(row) == cluster.a.proc.pid
        titles = await cluster.wait_for_posts(room, 1)
    assert titles == [STORIES["bridge"].title]
    (article,) = await fetch(
        cluster.database, "SELECT id, title FROM articles WHERE guild_id = $1", room.guild.id
    )

    # B (shard 1) answers for the guild, from the same database.
    handle = await cluster.double.invoke(
        "summary", {"article": str(article["id"])}, user=room.member, channel=room.channel
    )
    embed = (await handle.wait_final(timeout=WAIT)).embeds[0]
    assert cluster.receivers(handle) == [cluster.b]
    assert embed["title"] == STORIES["bridge"].title
    assert embed["footer"]["text"].endswith(f"#{article['id']}")
    listed = await cluster.double.invoke("article list", {}, user=room.member, channel=room.channel)
    assert f"#{article['id']}" in (await listed.wait_final(timeout=WAIT)).embeds[0]["description"]
    assert cluster.receivers(listed) == [cluster.b]


@needs_postgres
async def test_feeds_on_both_shards_post_each_entry_once(cluster: Cluster):
    rooms = [cluster.room(shard, f"Herald {n}") for n, shard in enumerate((0, 1, 0, 1))]
    names = [f"herald{n}" for n in range(len(rooms))]
    for name in names:
        cluster.site.entries[name] = ["library", "ferry"]
    feeds = [await cluster.subscribe(room, name) for room, name in zip(rooms, names, strict=True)]
    for room in rooms:
        assert await cluster.wait_for_posts(room, 2) == [
            STORIES["library"].title,
            STORIES["ferry"].title,
        ]

    # A new entry everywhere, and every feed due at once for both pollers.
    for name in names:
        cluster.site.entries[name].append("market")
    for feed_id in feeds:
        await cluster.make_due(feed_id)
    for room in rooms:
        await cluster.wait_for_posts(room, 3)
    # Polled again with nothing new: nothing more is posted.
    polled = {f: (await cluster.feed(f))["last_polled_at"] for f in feeds}
    for feed_id in feeds:
        await cluster.make_due(feed_id)
    for feed_id in feeds:
        await cluster.wait_for_poll(feed_id, polled[feed_id])
    await asyncio.sleep(4 * TICK)
    for room in rooms:
        assert cluster.posted_titles(room) == [
            STORIES["library"].title,
            STORIES["ferry"].title,
            STORIES["market"].title,
        ]
    owners = {owner_pid(await cluster.feed(f)) for f in feeds}
    assert owners <= {cluster.a.proc.pid, cluster.b.proc.pid}


@needs_postgres
async def test_a_killed_process_leaves_its_guilds_dark_and_its_feed_to_the_other(
    cluster: Cluster,
):
    """Last in the module: A is gone afterwards."""
    d, site = cluster.double, cluster.site
    room_a, room_b = cluster.room(0, "Harbour Post"), cluster.room(1, "Quay Times")
    feed_id = await cluster.subscribe(room_a, "post")
    before = (await cluster.feed(feed_id))["last_polled_at"]

    # A claims the feed (B is paused) and is killed while its request is still open.
    site.entries["post"] = ["ferry", "market"]
    site.holds["post"] = hold = asyncio.Event()
    hits = len(site.hits["post"])
    async with paused(cluster.b):
        await cluster.make_due(feed_id)
        await d.wait_until(lambda: len(site.hits["post"]) > hits, timeout=WAIT, what="A's poll")
        leased = await cluster.feed(feed_id)
        assert owner_pid(leased) == cluster.a.proc.pid
        cluster.orphans += descendants(cluster.a.proc.pid)
        await cluster.a.kill()
        killed_at = time.time()
        hold.set()
    assert leased["lease_until"] - killed_at <= LEASE
    assert (await cluster.feed(feed_id))["last_polled_at"] == before  # A never finished

    # B serves its own guilds as before...
    handle = await d.invoke("summary", {}, user=room_b.member, channel=room_b.channel)
    reply = await handle.wait_response(timeout=WAIT)
    assert reply.ephemeral and "/article add" in reply.content  # no articles there yet
    assert cluster.receivers(handle) == [cluster.b]
    # ... and not A's: nobody answers there until a process runs shard 0 again.
    dark = await d.invoke("summary", {}, user=room_a.member, channel=room_a.channel)
    await asyncio.sleep(2 * TICK)
    assert dark.callback is None and cluster.receivers(dark) == [cluster.a]

    # B takes the feed over once A's lease has run out, on its next tick.
    titles = await cluster.wait_for_posts(room_a, 2, timeout=LEASE + WAIT)
    assert titles == [STORIES["ferry"].title, STORIES["market"].title]
    taken = site.hits["post"][hits + 1]  # B's request (A's was the one before)
    assert taken >= leased["lease_until"] - 0.05, "B polled while A's lease was live"
    assert taken - killed_at <= LEASE + TICK + SLACK, "not taken over within lease + one tick"
    row = await cluster.feed(feed_id)
    assert owner_pid(row) == cluster.b.proc.pid and row["failures"] == 0
    await asyncio.sleep(4 * TICK)
    assert cluster.posted_titles(room_a) == titles  # once each
