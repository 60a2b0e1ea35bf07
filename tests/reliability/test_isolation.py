"""Item 2: server B cannot read, summarise, quote, search, autocomplete, remove or learn the
existence of server A's articles, speakers or feeds; every attempt gets exactly the answer a
never-used id gets. Commands in DMs are refused politely."""

from __future__ import annotations

import itertools
import sqlite3

import pytest
from discord_double.models import Member

from bot.store import open_store
from tests.e2e.newsroom import ADMIN
from tests.reliability.reliability_checks import db_snapshot

pytestmark = pytest.mark.asyncio(loop_scope="session")

SECRET_STORY = """Zanzibarian glassworks strike ends

Workers at the Quillfeather glassworks ended their strike on Friday after nine weeks.
"We won every point we asked for," said Ottoline Vandersnoot, the union's negotiator.
The company agreed to a four-day week and a pay rise of seven percent.
"This is a fair settlement," said Bartholomew Quince, the company's chief executive.
"""
B_STORY = """Library opens a new wing

The town library opened its new reading wing on Saturday morning.
Hundreds of visitors toured the shelves and the children's corner.
The wing cost less than planned and opened a month early.
"""

_names = (f"reader{i}" for i in itertools.count())


def visible(message) -> tuple:
    """What the user saw: text, embeds, buttons' labels and whether only they saw it."""
    labels = [c.get("label") for row in message.components for c in row.get("components", [])]
    return message.content, message.embeds, labels, message.ephemeral


async def answer(world, command: str, options: dict, user: Member | None = None) -> tuple:
    """A fresh member of server B asks (cooldowns are per member, so each asks once)."""
    user = user or world.double.add_member(world.guild_b, next(_names), permissions=ADMIN)
    handle = await world.double.invoke(command, options, user=user, channel=world.channel_b)
    return visible(await handle.wait_final())


async def test_server_b_learns_nothing_about_server_a(world):
    a_id = await world.seed(world.guild_a, None, SECRET_STORY)
    b_id = await world.seed(world.guild_b, None, B_STORY)
    never = max(a_id, b_id) + 1000
    store = await open_store(world.database)
    try:
        feed, _ = await store.add_feed(
            world.guild_a.id, world.channel_a.id, "https://feeds.example/quill.xml", 60
        )
        speakers_a = await store.speakers(world.guild_a.id)
    finally:
        await store.close()
    assert "Ottoline Vandersnoot" in speakers_a  # A really has that speaker
    with sqlite3.connect(world.database) as conn:
        conn.execute("UPDATE feeds SET next_poll_at = 1e12")
    d = world.double
    before = db_snapshot(world.database)

    # Ids: A's article answers exactly like an article that never existed.
    for command in ("summary", "article show", "quote", "article remove"):
        mine = await answer(world, command, {"article": str(a_id)})
        unknown = await answer(world, command, {"article": str(never)})
        assert mine == unknown, command
        assert mine[3], f"/{command}: the refusal is public"
        assert "Zanzibarian" not in repr(mine)

    # Words, speakers: the answer for A's is the answer for words nobody wrote.
    for command, option, a_value, other in (
        ("article search", "query", "Quillfeather", "Xylophonic"),
        ("quote", "search", "settlement", "xylophonic"),
        ("quote", "speaker", "Ottoline Vandersnoot", "Ermengarde Pfeffer"),
    ):
        mine = await answer(world, command, {option: a_value})
        unknown = await answer(world, command, {option: other})
        assert repr(mine).replace(a_value, "<value>") == repr(unknown).replace(other, "<value>")

    # Defaults and lists show B's own things only.
    newest = await answer(world, "summary", {})
    assert newest[1][0]["title"] == "Library opens a new wing"
    listed = await answer(world, "article list", {})
    assert f"#{b_id}" in repr(listed) and f"#{a_id}" not in repr(listed)
    assert "Quillfeather" not in repr(await answer(world, "quote", {}))

    # Autocomplete: nothing of A's, whatever B types.
    eve = world.admin_b
    for command, option, typed in itertools.product(
        ("summary", "article show", "article remove", "quote"),
        ("article",),
        ("", str(a_id), f"#{a_id}", "Zanzibarian", "Zanz", "glassworks strike"),
    ):
        choices = await d.autocomplete(command, option, typed, user=eve)
        assert all(c["value"] != str(a_id) and "Zanz" not in c["name"] for c in choices), typed
    for typed in ("", "Ott", "Vandersnoot", "Quince"):
        assert await d.autocomplete("quote", "speaker", typed, user=eve) == []

    # Feeds: A's feed is invisible and cannot be removed from B.
    if any(c["name"] == "feed" for c in d.commands()):
        mine = await answer(world, "feed remove", {"feed": str(feed.id)})
        unknown = await answer(world, "feed remove", {"feed": str(never)})
        assert mine == unknown and mine[3]
        assert "quill" not in repr(await answer(world, "feed list", {}))
        for typed in ("", str(feed.id), "quill", "feeds.example"):
            assert await d.autocomplete("feed remove", "feed", typed, user=eve) == []

    after = db_snapshot(world.database)  # nothing was touched, except B's own summary cache
    after["summaries"] = [row for row in after["summaries"] if row[0] != b_id]
    before["summaries"] = [row for row in before["summaries"] if row[0] != b_id]
    assert after == before


async def test_commands_in_a_dm_are_refused_politely(world):
    await world.seed(world.guild_a, None, SECRET_STORY)
    d = world.double
    someone = world.member_a.user  # a User, not a Member: the interaction comes from a DM
    for command, options in (
        ("help", {}),
        ("article list", {}),
        ("article show", {"article": "1"}),
        ("summary", {}),
        ("quote", {}),
        ("settings show", {}),
    ):
        handle = await d.invoke(command, options, user=someone, check_permissions=False)
        message = await handle.wait_final()
        assert message.ephemeral, command
        assert message.content.startswith("newsbot works in servers"), (command, message.content)
    assert await d.autocomplete("article show", "article", "", user=someone) == []
