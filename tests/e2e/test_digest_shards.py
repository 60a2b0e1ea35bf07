"""Digests with two shard processes on one PostgreSQL database: each server's digest is posted
once, by the process running its shard, and the period's row is claimed once.

Follows tests/e2e/test_shards.py: shards 0 and 1 of 2 in two processes, a guild on each shard,
one shared clock file (`NEWSBOT_CLOCK_FILE`) moved to the digests' minute.
"""

from __future__ import annotations

import sys
import time

import pytest
from discord_double.fixtures import BotProcess
from discord_double.gateway import shard_for
from discord_double.models import snowflake
from discord_double.server import DiscordDouble

from bot.service import NewsService
from bot.store import open_store
from tests.e2e.conftest import BOT_ENV
from tests.e2e.newsroom import ADMIN
from tests.e2e.postgres_db import POSTGRES_ENV, SKIP_REASON, fetch, fresh_database
from tests.e2e.test_digests import WAIT, ZONE, local_hhmm, next_minute, set_clock
from tests.stories_samples import BRIDGE_REPORTS

SHARDS = 2

pytestmark = pytest.mark.skipif(
    not __import__("os").environ.get(POSTGRES_ENV, "").strip(), reason=SKIP_REASON
)


def guild_on_shard(double: DiscordDouble, name: str, shard: int):
    gid = snowflake()
    gid += ((shard - shard_for(gid, SHARDS)) % SHARDS) << 22
    return double.add_guild(name, id=gid)


async def seed(database: str, guild_id: int) -> None:
    store = await open_store(database)
    try:
        service = NewsService(store)
        for n, (title, site, text) in enumerate(BRIDGE_REPORTS):
            await service.add_article(
                guild_id, title, text, site_name=site, source_url=f"https://s{n}.example/a"
            )
    finally:
        await store.close()


async def test_digest_is_posted_once_per_server_across_two_shard_processes(tmp_path):
    clock = tmp_path / "clock.txt"
    set_clock(clock, time.time())
    double = DiscordDouble()
    await double.start()
    processes: list[BotProcess] = []
    async with fresh_database("newsbot_digests") as database:
        try:
            home = guild_on_shard(double, "Home", 0)
            rooms = []
            for shard in range(SHARDS):
                guild = guild_on_shard(double, f"Shard {shard}", shard)
                channel = double.add_channel(guild, "news")
                admin = double.add_member(guild, "ada", permissions=ADMIN)
                rooms.append((guild, channel, admin))
                await seed(database, guild.id)
            set_clock(clock, time.time() + 1)
            env = {
                **BOT_ENV,
                "NEWSBOT_DATABASE": database,
                "NEWSBOT_SHARD_COUNT": str(SHARDS),
                "NEWSBOT_CLOCK_FILE": str(clock),
                "NEWSBOT_DIGEST_TICK_SECONDS": "0.5",
            }
            for shard in range(SHARDS):
                process = BotProcess(
                    double,
                    [sys.executable, "-m", "bot"],
                    workdir=tmp_path / f"shard{shard}",
                    env={**env, "NEWSBOT_SHARD_IDS": str(shard), "NEWSBOT_DEV_GUILD": str(home.id)},
                    dev_guild=home if shard == 0 else None,
                )
                processes.append(process)
                await process.start(timeout=60)
                await process.wait_for_output("ready as", timeout=30)
            double.app_commands[None] = list(double.commands(home))

            moment = next_minute(time.time() + 60)
            for guild, channel, admin in rooms:
                options = {
                    "channel": channel,
                    "time": local_hhmm(moment),
                    "every": "daily",
                    "timezone": ZONE,
                }
                handle = await double.invoke(
                    "digest set", options, user=admin, guild=guild, channel=channel
                )
                assert (await handle.wait_response(timeout=WAIT)).content.startswith("Saved.")

            set_clock(clock, moment + 1)
            bot = double.bot_user.id

            def posted(channel) -> list:
                return [
                    m
                    for m in double.channel_messages(channel)
                    if m.author.id == bot and m.embeds and m.interaction_metadata is None
                ]

            await double.wait_until(
                lambda: all(posted(channel) for _, channel, _ in rooms),
                timeout=WAIT,
                what="a digest in each server",
            )
            # Each process's loop keeps running; a restart of shard 0 must not post again.
            await processes[0].restart(timeout=60)
            await processes[0].wait_for_output("already taken", timeout=WAIT)
            for shard, (guild, channel, _) in enumerate(rooms):
                assert len(posted(channel)) == 1
                mine, other = processes[shard], processes[1 - shard]
                assert f"digest guild={guild.id} period=" in mine.output
                assert f"digest guild={guild.id} period=" not in other.output
            rows = await fetch(database, "SELECT guild_id, message_id FROM digest_posts")
            assert sorted(r["guild_id"] for r in rows) == sorted(g.id for g, _, _ in rooms)
            assert all(r["message_id"] for r in rows)
        finally:  # before the database is dropped
            for process in reversed(processes):
                await process.stop()
            await double.stop()
    for process in processes:
        assert "Traceback" not in process.output, process.output[-4000:]
