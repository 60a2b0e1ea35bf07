"""Follows end to end: a match becomes a DM with a compact summary and its reason; closed DMs
pause follows and the member is told once; a member who left is forgotten."""

from __future__ import annotations

import sqlite3

import pytest

from tests.e2e.conftest import BOT_ENV
from tests.e2e.newsroom import build_room, start
from tests.stories_samples import BRIDGE_REPORTS, UNRELATED

WAIT = 30.0


@pytest.fixture
async def followed(discord_double, bot_process):
    room = build_room(discord_double, None)
    room.process = bot_process(
        dev_guild=room.guild_a, env={**BOT_ENV, "NEWSBOT_FOLLOW_TICK_SECONDS": "0.3"}
    )
    return await start(room)


def dms(room, member) -> list:
    return room.double.channel_messages(room.double.dm_channel(member))


async def follow(room, kind: str, value: str, user=None):
    handle = await room.invoke(f"follow add {kind}", {kind: value}, user=user or room.member_a)
    return await handle.wait_response()


async def seed(room, item, n=0):
    title, site, text = item
    return await room.seed(
        room.guild_a, title, text, site_name=site, source_url=f"https://s{n}.example/a"
    )


async def test_follow_keyword_match_sends_a_dm_with_summary_and_reason(followed):
    room = followed
    reply = await follow(room, "keyword", "Harbour Bridge")
    assert reply.ephemeral and reply.content.startswith("Following keyword “Harbour Bridge”")
    await seed(room, UNRELATED)
    await seed(room, BRIDGE_REPORTS[0], 1)
    await room.double.wait_until(lambda: dms(room, room.member_a), timeout=WAIT, what="a DM")
    (dm,) = dms(room, room.member_a)
    embed = dm.embeds[0]
    assert embed["title"] == BRIDGE_REPORTS[0][0] and embed["url"] == "https://s1.example/a"
    assert "reopened to traffic on Monday" in embed["description"]
    assert embed["footer"]["text"] == "Why: you follow keyword “Harbour Bridge” in Harbour News"
    listed = await (await room.invoke("follow list", {})).wait_response()
    assert listed.ephemeral and "keyword “Harbour Bridge”" in listed.content
    other = await (await room.invoke("follow list", {}, user=room.admin_a)).wait_response()
    assert "Harbour Bridge" not in other.content  # follows are private


async def test_follow_with_closed_dms_is_paused_and_the_member_told_once(followed):
    room = followed
    room.member_a.user.dms_closed = True
    await follow(room, "speaker", "Dana Whitfield")
    await seed(room, BRIDGE_REPORTS[0])  # "Mayor Dana Whitfield cut the ribbon", not a quote
    quoted = (
        "Calder council backs bridge tolls",
        "Calder Gazette",
        "Port Calder's council backed tolls on the Harbour Bridge on Tuesday. “Drivers will "
        "pay their share,” Dana Whitfield said.",
    )
    await seed(room, quoted, 1)
    await room.process.wait_for_output("follow DMs refused", timeout=WAIT)
    first = await room.invoke("help", {})
    told = await first.wait_followup(timeout=WAIT)
    assert told.ephemeral and "your follows in this server are paused" in told.content
    second = await room.invoke("help", {})
    await second.wait_response()
    resumed = await (await room.invoke("follow list", {})).wait_response()
    assert resumed.content.startswith("Your follows are on again.")
    assert second.followups == []
    assert dms(room, room.member_a) == []


async def test_follow_of_a_member_who_left_is_deleted(followed):
    room = followed
    await follow(room, "keyword", "Harbour Bridge")
    room.guild_a.members.remove(room.member_a)
    await seed(room, BRIDGE_REPORTS[0])
    await room.process.wait_for_output("follows of a member who left deleted", timeout=WAIT)
    with sqlite3.connect(room.database) as conn:
        query = "SELECT count(*) FROM follows WHERE guild_id = ?"
        assert conn.execute(query, (room.guild_a.id,)).fetchone()[0] == 0


async def test_follow_clear_deletes_everything_about_the_member(followed):
    room = followed
    await follow(room, "keyword", "Harbour Bridge")
    await follow(room, "speaker", "Dana Whitfield")
    reply = await (await room.invoke("follow clear", {})).wait_response()
    assert reply.ephemeral and reply.content.startswith("Deleted your 2 follows")
    with sqlite3.connect(room.database) as conn:
        for table in ("follows", "follow_members", "follow_notices"):
            query = f"SELECT count(*) FROM {table} WHERE user_id = ?"
            assert conn.execute(query, (room.member_a.id,)).fetchone()[0] == 0


async def test_follow_bad_input_gets_a_short_private_message(followed):
    room = followed
    cases = [
        ("follow add feed", {"feed": "99999999999999999999999"}, "no feed with that id"),
        ("follow add keyword", {"keyword": "the"}, "too common"),
        ("follow remove", {"follow": "abc"}, "You do not follow that"),
    ]
    for command, options, message in cases:
        reply = await (await room.invoke(command, options)).wait_response()
        assert reply.ephemeral and message in reply.content, (command, reply.content)
    assert "Traceback" not in room.process.output
