"""Digests end to end: the real bot posts a server's top stories at their time, once.

The bot's time comes from a file (`NEWSBOT_CLOCK_FILE`, tests only) so the test moves it to
the digest's minute instead of waiting; `NEWSBOT_DIGEST_TICK_SECONDS` makes it look often.
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import BOT_ENV
from tests.e2e.newsroom import build_room, start
from tests.stories_samples import BRIDGE_REPORTS, UNRELATED

WAIT = 30.0
ZONE = "Europe/Paris"


def set_clock(path, moment: float) -> None:
    path.write_text(dt.datetime.fromtimestamp(moment, dt.UTC).isoformat(), encoding="utf-8")


def next_minute(after: float) -> float:
    return (int(after) // 60 + 1) * 60.0


def local_hhmm(moment: float) -> str:
    return dt.datetime.fromtimestamp(moment, ZoneInfo(ZONE)).strftime("%H:%M")


def digests(room) -> list:
    """The bot's posts in the news channel that answer no command: the digests."""
    bot = room.double.bot_user.id
    return [
        m
        for m in room.double.channel_messages(room.channel_a)
        if m.author.id == bot and m.embeds and m.interaction_metadata is None
    ]


@pytest.fixture
async def clocked(discord_double, bot_process, tmp_path):
    clock = tmp_path / "clock.txt"
    set_clock(clock, time.time())
    room = build_room(discord_double, None)
    room.process = bot_process(
        dev_guild=room.guild_a,
        env={
            **BOT_ENV,
            "NEWSBOT_CLOCK_FILE": str(clock),
            "NEWSBOT_DIGEST_TICK_SECONDS": "0.5",
        },
    )
    return room, clock


async def test_digest_is_posted_at_its_time_once_across_a_restart(clocked):
    room, clock = clocked
    for n, (title, site, text) in enumerate([UNRELATED, *BRIDGE_REPORTS]):
        await room.seed(
            room.guild_a, title, text, site_name=site, source_url=f"https://s{n}.example/a"
        )
    await start(room)
    moment = next_minute(time.time() + 60)
    saved = await (
        await room.invoke(
            "digest set",
            {
                "channel": room.channel_a,
                "time": local_hhmm(moment),
                "every": "daily",
                "timezone": ZONE,
            },
            user=room.admin_a,
        )
    ).wait_response()
    assert saved.ephemeral and saved.content.startswith("Saved."), saved.content

    set_clock(clock, moment + 1)
    await room.double.wait_until(lambda: digests(room), timeout=WAIT, what="the digest")
    (post,) = digests(room)
    fields = post.embeds[0]["fields"]
    assert fields[0]["name"] == f"1. {BRIDGE_REPORTS[0][0]}"
    assert fields[0]["value"].endswith("· 3 sources")
    assert "reopened to traffic on Monday" in fields[0]["value"]
    assert fields[1]["name"] == f"2. {UNRELATED[0]}" and fields[1]["value"].endswith("1 source")

    await room.process.restart()
    await room.process.wait_for_output("already taken", timeout=WAIT)
    assert len(digests(room)) == 1

    # The next day: no new stories, so nothing is posted.
    set_clock(clock, moment + 86400 + 1)
    await room.process.wait_for_output("no new stories, nothing posted", timeout=WAIT)
    assert len(digests(room)) == 1


async def test_digest_preview_is_only_for_the_admin_and_members_cannot_set_one(clocked):
    room, clock = clocked
    await room.seed(room.guild_a, *BRIDGE_REPORTS[0][::2], site_name=BRIDGE_REPORTS[0][1])
    set_clock(clock, time.time() + 1)
    await start(room)
    preview = await (await room.invoke("digest preview", {}, user=room.admin_a)).wait_final()
    assert preview.ephemeral
    assert preview.embeds[0]["fields"][0]["name"] == f"1. {BRIDGE_REPORTS[0][0]}"
    refused = await (
        await room.invoke(
            "digest set",
            {"channel": room.channel_a, "time": "09:00", "every": "daily"},
            user=room.member_a,
            check_permissions=False,
        )
    ).wait_response()
    assert refused.ephemeral and "Manage Server" in refused.content
    bad = await (
        await room.invoke(
            "digest set",
            {"channel": room.channel_a, "time": "9 am", "every": "daily"},
            user=room.admin_a,
        )
    ).wait_response()
    assert bad.ephemeral and "HH:MM" in bad.content
    assert not digests(room)
