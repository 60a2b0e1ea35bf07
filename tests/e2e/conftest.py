"""Fixtures for end-to-end tests; the world itself is in `tests/e2e/newsroom.py`."""

from __future__ import annotations

import pytest

from tests.e2e.newsroom import ADMIN, Newsroom, start


@pytest.fixture
async def newsroom(discord_double, bot_process) -> Newsroom:
    d = discord_double
    guild_a, guild_b = d.add_guild("Harbour News"), d.add_guild("Other Server")
    room = Newsroom(
        double=d,
        process=bot_process(dev_guild=guild_a, env={"NEWSBOT_WORKERS": "1", "LOG_LEVEL": "INFO"}),
        guild_a=guild_a,
        guild_b=guild_b,
        channel_a=d.add_channel(guild_a, "news"),
        channel_b=d.add_channel(guild_b, "general"),
        admin_a=d.add_member(guild_a, "ada", permissions=ADMIN),
        member_a=d.add_member(guild_a, "bob"),
        admin_b=d.add_member(guild_b, "eve", permissions=ADMIN),
    )
    return room


@pytest.fixture
async def started(newsroom: Newsroom) -> Newsroom:
    """The newsroom with the bot running (seed first and call `start` yourself if you need data
    stored before the bot starts)."""
    return await start(newsroom)
