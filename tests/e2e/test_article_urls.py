"""Source URLs end to end: normalised where they come in, never a reply Discord refuses, and
an article stored with a broken URL (before URLs were checked) still shows and goes away."""

import sqlite3

import pytest

from tests.e2e.newsroom import bullets, button, modal_fields
from tests.samples import SCRAPED_ARTICLE
from tests.samples_quotes import COUNCIL_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="module")

BROKEN = "https://news.example.com/a b"


def stored_urls(room) -> list[tuple]:
    with sqlite3.connect(room.database) as conn:
        query = "SELECT source_url, canonical_url FROM articles WHERE guild_id = ?"
        return conn.execute(query, (room.guild_a.id,)).fetchall()


async def paste(room, source: str):
    handle = await room.invoke("article add", {}, user=room.admin_a)
    fields = modal_fields((await handle.wait_response()).data)
    submitted = await room.double.submit_modal(
        handle,
        {fields["Title"]: "Budget", fields["Text"]: COUNCIL_ARTICLE, fields["Source URL"]: source},
    )
    return submitted, await submitted.wait_final(timeout=30)


async def test_a_pasted_source_url_with_a_space_is_stored_encoded_and_linked(room):
    _, message = await paste(room, f"  {BROKEN}")
    assert message.content.startswith("Added article #"), message.content
    assert message.embeds[0]["url"] == "https://news.example.com/a%20b"
    assert stored_urls(room) == [("https://news.example.com/a%20b", None)]


async def test_a_pasted_source_that_is_no_web_address_is_refused_and_nothing_stored(room):
    submitted, message = await paste(room, "news dot example")
    assert submitted.ephemeral
    assert message.content == (
        "The source URL doesn't look like a web address (start it with https://)."
    )
    assert stored_urls(room) == []


async def test_an_article_stored_with_a_broken_url_still_summarises_shows_and_is_removed(room):
    article = await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    with sqlite3.connect(room.database) as conn:  # as stored before URLs were checked
        conn.execute(
            "UPDATE articles SET source_url = ?, canonical_url = ? WHERE id = ?",
            (BROKEN, "https://news.example.com/c d", article),
        )
    for options in ({}, {"method": "lead"}, {"article": str(article), "method": "lexrank"}):
        message = await (await room.invoke("summary", options)).wait_final(timeout=30)
        assert message.embeds, f"{options}: {message.content}"
        assert bullets(message.embeds[0]) and "url" not in message.embeds[0]
    shown = await (await room.invoke("article show", {"article": str(article)})).wait_final()
    assert shown.embeds[0]["title"] == "Harbour bridge reopens after two-year repair"
    handle = await room.invoke("article remove", {"article": str(article)}, user=room.admin_a)
    message = await handle.wait_final()
    assert message.embeds, message.content
    confirm = await room.double.click(
        handle, button(message, "Remove")["custom_id"], user=room.admin_a
    )
    await confirm.wait_response()
    assert message.content == f"Removed article #{article}." and stored_urls(room) == []
