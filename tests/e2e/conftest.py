"""Fixtures for end-to-end tests; the world itself is in `tests/e2e/newsroom.py`.

Two ways to get a running bot:

* `room`: one real bot process and one Discord double shared by a whole test module (the
  bot's start-up costs seconds; most tests do not need a fresh one), with fresh servers,
  channels and members for every test, so tests cannot see each other's data. Test modules
  using it run on a module-scoped event loop: `pytestmark = pytest.mark.asyncio(loop_scope="module")`.
* `newsroom` / `started`: a fresh double and bot process for one test, for tests that restart
  the bot, need a special environment or inspect every request the bot made.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from discord_double.fixtures import BotProcess
from discord_double.server import DiscordDouble

from tests.e2e.newsroom import Newsroom, build_room, start

BOT_ENV = {"NEWSBOT_WORKERS": "1", "LOG_LEVEL": "INFO"}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory) -> AsyncIterator[tuple[DiscordDouble, BotProcess]]:
    """One double and one running bot for a test module."""
    double = DiscordDouble()
    await double.start()
    home = double.add_guild("Home")
    process = BotProcess(
        double,
        [sys.executable, "-m", "bot"],
        workdir=tmp_path_factory.mktemp("bot"),
        env=BOT_ENV,
        dev_guild=home,
    )
    try:
        await process.start()
        double.app_commands[None] = list(double.commands(home))
        yield double, process
    finally:
        await process.stop()
        await double.stop()
    double.assert_clean()
    assert not process.network_violations, process.network_violations


@pytest_asyncio.fixture(loop_scope="module")
async def room(world) -> Newsroom:
    """Fresh servers and members in the module's shared world; the bot is already running."""
    return build_room(*world)


@pytest.fixture
async def newsroom(discord_double, bot_process) -> Newsroom:
    """Fresh double and bot process (not started: seed, then `await start(newsroom)`)."""
    room = build_room(discord_double, None)
    room.process = bot_process(dev_guild=room.guild_a, env=BOT_ENV)
    return room


@pytest.fixture
async def started(newsroom: Newsroom) -> Newsroom:
    """The newsroom with its bot running."""
    return await start(newsroom)
