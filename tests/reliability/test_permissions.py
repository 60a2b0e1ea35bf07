"""Item 1: members without Manage Server are refused on every admin command, also when the
server has overridden Discord's default permissions for the command; nothing changes."""

from __future__ import annotations

import sqlite3

import pytest
from discord_double.interactions import CommandUnavailable
from discord_double.models import walk_components

from tests.reliability.reliability_checks import (
    MANAGE_SERVER_REFUSAL,
    db_snapshot,
    fill_options,
    leaf_commands,
)
from tests.samples import SCRAPED_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="session")

# Admin subcommands of groups that also hold public ones (their group carries no
# default_member_permissions, so Discord shows them to everyone and the bot must refuse).
KNOWN_ADMIN = {"article add", "article remove", "feed add", "feed remove"}


def admin_commands(commands: list[dict]) -> list[tuple[str, dict, list[dict]]]:
    """Every admin command: those Discord hides by default permissions, those that say
    "(admins)" (themselves or their group), and the known admin subcommands."""
    return [
        (name, top, schema)
        for name, top, schema, description in leaf_commands(commands)
        if top.get("default_member_permissions") is not None
        or "(admins)" in description
        or "(admins)" in top.get("description", "")
        or name in KNOWN_ADMIN
    ]


def recorded_channels(database: str) -> set[int]:
    with sqlite3.connect(database) as conn:
        return {c for (c,) in conn.execute("SELECT channel_id FROM bot_channels")}


async def refused(handle, what: str = "") -> None:
    message = await handle.wait_final()
    assert message.ephemeral, f"/{what}: the refusal is public"
    assert message.content == MANAGE_SERVER_REFUSAL, f"/{what}: {message.content!r}"


async def test_members_are_refused_on_every_admin_command_and_nothing_changes(world):
    article_id = await world.seed(world.guild_a, None, SCRAPED_ARTICLE)
    with sqlite3.connect(world.database) as conn:  # never due, from the start: the poller
        (feed_id,) = conn.execute(  # must not touch it (an update after the insert raced it)
            "INSERT INTO feeds (guild_id, channel_id, url, interval_minutes, next_poll_at) "
            "VALUES (?, ?, ?, 60, 1e12) RETURNING id",
            (world.guild_a.id, world.channel_a.id, "https://feeds.example/a.xml"),
        ).fetchone()
    d = world.double
    values = {
        "article": str(article_id),
        "feed": str(feed_id),
        "url": "https://news.example/story.html",
        "sentences": 7,
        "channel": world.channel_a,
        "file": d.attachment("story.txt", SCRAPED_ARTICLE.encode(), content_type="text/plain"),
        "title": "A title",
    }
    commands = admin_commands(d.commands())
    names = {name for name, _, _ in commands}
    assert {"article add", "article remove", "settings show", "settings summary"} <= names
    if any(c["name"] == "feed" for c in d.commands()):
        assert {"feed add", "feed remove"} <= names
    # The bot records the servers and channels it joins (for the web panel) as the test's
    # new servers appear: wait until it has, so that the snapshot holds its final state.
    await d.wait_until(
        lambda: recorded_channels(world.database) >= {world.channel_a.id, world.channel_b.id},
        timeout=10,
        what="the bot recording the test's servers and channels",
    )
    before = db_snapshot(world.database)

    for name, top, schema in commands:
        options = fill_options(schema, values)
        if top.get("default_member_permissions") is not None:
            with pytest.raises(CommandUnavailable):  # Discord does not even offer it...
                await world.invoke(name, options, user=world.member_a)
        else:
            await refused(await world.invoke(name, options, user=world.member_a), name)
        # ...unless the server overrode the default permissions for its members.
        overridden = await world.invoke(name, options, user=world.member_a, check_permissions=False)
        await refused(overridden, name)
        if "file" in options:  # /article add without a file opens a form: refused as well
            del options["file"]
            bare = await world.invoke(name, options, user=world.member_a, check_permissions=False)
            await refused(bare, name)

    # A member who submits the admin's form, or presses the admin's Remove button.
    form = await world.invoke("article add", {}, user=world.admin_a)
    await form.wait_response()
    fields = {
        c["custom_id"]: ("Some text. " * 20 if c.get("style") == 2 else "")
        for c in walk_components(form.modal["components"])
        if c.get("type") == 4
    }
    await refused(await d.submit_modal(form, fields, user=world.member_a))
    confirm = await world.invoke("article remove", {"article": str(article_id)}, user=world.admin_a)
    prompt = await confirm.wait_final()
    button = next(
        c["custom_id"] for c in walk_components(prompt.components) if c.get("label") == "Remove"
    )
    click = await d.click(confirm, button, user=world.member_a)
    reply = await click.wait_response()
    assert reply.ephemeral and "belong to the person who asked" in reply.content

    # Every refusal above has arrived, and the bot writes before it answers: nothing can
    # change after this point.
    assert db_snapshot(world.database) == before
