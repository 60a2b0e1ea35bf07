"""/settings, /help and the Summarize message menu end to end."""

import sqlite3

import pytest

from tests.e2e.newsroom import start
from tests.samples import SCRAPED_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="module")


async def test_settings_show_and_change_the_server_defaults(room):
    admin = room.admin_a
    shown = await (await room.invoke("settings show", {}, user=admin)).wait_response()
    assert shown.ephemeral and "**3** sentences" in shown.content and "**Auto**" in shown.content
    saved = await (
        await room.invoke("settings summary", {"sentences": 4, "method": "textrank"}, user=admin)
    ).wait_response()
    assert saved.content.startswith("Saved.") and "**TextRank**" in saved.content
    with sqlite3.connect(room.database) as conn:
        row = conn.execute(
            "SELECT summary_sentences, summary_method FROM guild_settings"
        ).fetchone()
    assert row == (4, "textrank")


async def test_members_cannot_change_settings(room):
    reply = await (
        await room.invoke(
            "settings summary", {"sentences": 9}, user=room.member_a, check_permissions=False
        )
    ).wait_response()
    assert reply.ephemeral and "Manage Server" in reply.content
    with sqlite3.connect(room.database) as conn:
        query = "SELECT count(*) FROM guild_settings WHERE guild_id = ?"
        assert conn.execute(query, (room.guild_a.id,)).fetchone()[0] == 0


async def test_help_lists_every_command_in_one_line(room):
    reply = await (await room.invoke("help", {})).wait_response()
    text = reply.embeds[0]["description"]
    for command in (
        "/summary",
        "/quote",
        "/article add",
        "/article list",
        "/article remove",
        "/settings summary",
        "/help",
    ):
        assert f"`{command}`" in text
    assert reply.ephemeral


async def test_summarize_menu_on_a_message_is_private(room):
    await start(room)
    d = room.double
    message = d.post_message(room.channel_a, SCRAPED_ARTICLE, author=room.member_a)
    handle = await d.context_menu(
        "Summarize", user=room.member_a, message=message, guild=room.guild_a
    )
    final = await handle.wait_final()
    assert handle.ephemeral
    assert final.embeds[0]["title"] == "Harbour bridge reopens after two-year repair"
    assert len(final.embeds[0]["description"].splitlines()) == 3


async def test_summarize_menu_on_an_attached_text_file(room):
    await start(room)
    d = room.double
    message = d.post_message(room.channel_a, "see attached", author=room.member_a)
    message.attachments.append(
        d.attachment("story.txt", SCRAPED_ARTICLE.encode(), content_type="text/plain")
    )
    handle = await d.context_menu(
        "Summarize", user=room.member_a, message=message, guild=room.guild_a
    )
    final = await handle.wait_final()
    assert final.embeds and "Harbour" in final.embeds[0]["title"]


async def test_summarize_menu_on_a_message_without_text(room):
    await start(room)
    d = room.double
    message = d.post_message(room.channel_a, "", author=room.member_a)
    handle = await d.context_menu(
        "Summarize", user=room.member_a, message=message, guild=room.guild_a
    )
    final = await handle.wait_final()
    assert handle.ephemeral and "no text" in final.content
