"""Fixtures of the reliability suite: the e2e newsroom, with a secret-looking token.

Two ways to get a bot:

* `world`: fresh servers A and B (admin, member; admin) in ONE bot process shared by the whole
  session (starting a bot costs seconds). Modules that use it run in the session's event loop:
  `pytestmark = pytest.mark.asyncio(loop_scope="session")`. Each test gets its own servers, so
  its articles, settings and per-server cooldowns are its own.
* `room`: a bot process of the test's own (for tests that kill, break or flood it).

Every double here uses `SECRET_TOKEN`; at teardown the token is searched for in every request,
reply, gateway frame, bot log and database file (item 10 of the issue, checked on every test).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from discord_double.fixtures import SITE_DIR, BotProcess
from discord_double.server import DiscordDouble

from tests.e2e.newsroom import ADMIN, Newsroom
from tests.reliability.reliability_checks import (
    SECRET_TOKEN,
    TEST_SITE,
    limit_problems,
    mention_problems,
    secret_leaks,
)


def bot_env(**extra: str) -> dict[str, str]:
    """The bot's environment: one engine worker, INFO logs, the suite's sitecustomize first."""
    path = os.pathsep.join(
        p for p in (str(TEST_SITE), str(SITE_DIR), os.environ.get("PYTHONPATH")) if p
    )
    return {"NEWSBOT_WORKERS": "1", "LOG_LEVEL": "INFO", "PYTHONPATH": path, **extra}


def bot_files(proc: BotProcess) -> list:
    database = proc.database
    return [database, database.with_name(database.name + "-wal")]


def assert_no_leak(double: DiscordDouble, proc: BotProcess | None = None) -> None:
    logs, files = ([proc.output], bot_files(proc)) if proc else ([], [])
    leaks = secret_leaks(double, logs, files)
    assert not leaks, f"the bot token leaked: {leaks}"


def assert_sound_replies(double: DiscordDouble) -> None:
    """Whatever a test did: every message within Discord's limits, none able to ping."""
    assert limit_problems(double) == []
    assert mention_problems(double) == []


_worlds = itertools.count(1)
HERE = Path(__file__).resolve().parent


def build_room(double: DiscordDouble, process: BotProcess) -> Newsroom:
    """Servers A (admin ada, member bob, channel news) and B (admin eve, channel general)."""
    n = next(_worlds)
    guild_a, guild_b = double.add_guild(f"Harbour News {n}"), double.add_guild(f"Other {n}")
    return Newsroom(
        double=double,
        process=process,
        guild_a=guild_a,
        guild_b=guild_b,
        channel_a=double.add_channel(guild_a, "news"),
        channel_b=double.add_channel(guild_b, "general"),
        admin_a=double.add_member(guild_a, f"ada{n}", permissions=ADMIN),
        member_a=double.add_member(guild_a, f"bob{n}"),
        admin_b=double.add_member(guild_b, f"eve{n}", permissions=ADMIN),
    )


# -- a bot of the test's own ------------------------------------------------------------------


@pytest.fixture
async def discord_double() -> AsyncIterator[DiscordDouble]:
    double = DiscordDouble(token=SECRET_TOKEN)
    await double.start()
    try:
        yield double
    finally:
        await double.stop()
    double.assert_clean()
    assert_no_leak(double)


@pytest.fixture
async def room(discord_double, bot_process) -> AsyncIterator[Newsroom]:
    """The bot not yet started: seed, then `await start(room)`. Its first server is the
    development guild; its commands are also published globally."""
    proc = bot_process(env=bot_env(), name="bot")
    built = build_room(discord_double, proc)
    proc.dev_guild = built.guild_a
    yield built
    assert_no_leak(discord_double, proc)
    assert_sound_replies(discord_double)


# -- one bot for the session --------------------------------------------------------------------


@dataclass
class SharedBot:
    double: DiscordDouble
    process: BotProcess
    loop: asyncio.AbstractEventLoop
    closed: bool = False

    async def close(self) -> None:
        """Stop the bot and the double, then check everything they did (once)."""
        if self.closed:
            return
        self.closed = True
        try:
            await self.process.stop()
        finally:
            await self.double.stop()
        self.double.assert_clean()
        assert_no_leak(self.double, self.process)
        assert_sound_replies(self.double)
        assert not self.process.network_violations, self.process.network_violations


_SHARED: list[SharedBot] = []


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def shared_bot(tmp_path_factory) -> AsyncIterator[SharedBot]:
    double = DiscordDouble(token=SECRET_TOKEN)
    await double.start()
    home = double.add_guild("newsbot home")
    double.add_channel(home)
    proc = BotProcess(
        double,
        [sys.executable, "-m", "bot"],
        workdir=tmp_path_factory.mktemp("shared-bot"),
        env=bot_env(LOG_LEVEL="DEBUG"),  # the most the bot ever logs, searched for the token
        dev_guild=home,
    )
    shared = SharedBot(double, proc, asyncio.get_running_loop())
    _SHARED.append(shared)
    try:
        await proc.start()
        double.app_commands[None] = list(double.commands(home))  # as `newsbot sync` would
        yield shared
    finally:
        await shared.close()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem) -> None:
    """Stop the shared bot when the suite leaves this directory, not at the end of the whole
    session: its double only answers while the session's event loop runs, which it does not
    during other directories' tests."""
    leaving = nextitem is None or HERE not in Path(str(nextitem.path)).parents
    if leaving and _SHARED and not _SHARED[-1].closed:
        shared = _SHARED.pop()
        shared.loop.run_until_complete(shared.close())


@pytest_asyncio.fixture(loop_scope="session")
async def world(shared_bot: SharedBot) -> AsyncIterator[Newsroom]:
    """Fresh servers A and B in the shared, running bot."""
    if not shared_bot.process.running:
        await shared_bot.process.start()
    yield build_room(shared_bot.double, shared_bot.process)
    assert shared_bot.process.running, shared_bot.process.output[-3000:]
    shared_bot.double.assert_clean()
