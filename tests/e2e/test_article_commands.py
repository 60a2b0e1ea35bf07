"""/article add, list, show, search and remove end to end."""

import re
import sqlite3

import pytest

from tests.e2e.newsroom import button, modal_fields, start
from tests.samples import SCRAPED_ARTICLE
from tests.samples_quotes import COUNCIL_ARTICLE

pytestmark = pytest.mark.asyncio(loop_scope="module")

HTML_PAGE = """<!doctype html><html lang="en"><head><title>Ferry strike ends | Harbour Times</title>
<meta name="author" content="Rosa Lindqvist"></head><body><nav>Home | News | Sport</nav>
<article><h1>Ferry strike ends after three weeks</h1>
<p>The ferry workers' strike in Port Calder ended on Friday after the union accepted a new pay offer.
Services will resume on Monday morning, the operator said.</p>
<p>The three-week strike stranded thousands of commuters and cost local shops an estimated $2 million.
Union leader Tomas Hale called the deal fair but hard won.</p>
<p>Passengers with season tickets will receive a refund for the weeks without service, the operator added.
The council thanked commuters for their patience during the dispute.</p></article>
<footer>Copyright Harbour Times</footer></body></html>"""


def article_count(room) -> int:
    """Articles stored for the test's own server."""
    with sqlite3.connect(room.database) as conn:
        query = "SELECT count(*) FROM articles WHERE guild_id = ?"
        return conn.execute(query, (room.guild_a.id,)).fetchone()[0]


async def test_admin_adds_a_text_file_and_sees_title_id_and_preview(room):
    d = room.double
    file = d.attachment("bridge.txt", SCRAPED_ARTICLE.encode(), content_type="text/plain")
    handle = await room.invoke("article add", {}, user=room.admin_a, attachments={"file": file})
    message = await handle.wait_final()
    assert handle.ephemeral
    assert re.fullmatch(r"Added article #\d+\.", message.content)
    article_id = int(message.content[len("Added article #") : -1])
    embed = message.embeds[0]
    assert embed["title"] == "Harbour bridge reopens after two-year repair"
    assert len(embed["description"].splitlines()) == 2  # a 2-sentence preview
    again = await room.invoke("article add", {}, user=room.admin_a, attachments={"file": file})
    assert f"already exists as #{article_id}:" in (await again.wait_final()).content
    assert article_count(room) == 1


async def test_an_html_file_goes_through_the_extractor(room):
    file = room.double.attachment("ferry.html", HTML_PAGE.encode(), content_type="text/html")
    handle = await room.invoke("article add", {}, user=room.admin_a, attachments={"file": file})
    embed = (await handle.wait_final()).embeds[0]
    assert embed["title"] == "Ferry strike ends after three weeks"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Rosa Lindqvist" in fields["By"]
    with sqlite3.connect(room.database) as conn:
        query = "SELECT text FROM articles WHERE guild_id = ?"
        (text,) = conn.execute(query, (room.guild_a.id,)).fetchone()
    assert "Home | News" not in text and "Copyright" not in text


async def test_a_member_without_manage_server_is_refused(room):
    file = room.double.attachment("bridge.txt", SCRAPED_ARTICLE.encode(), content_type="text/plain")
    handle = await room.invoke(
        "article add",
        {},
        user=room.member_a,
        attachments={"file": file},
        check_permissions=False,
    )
    reply = await handle.wait_response()
    assert reply.ephemeral and "Manage Server" in reply.content
    assert article_count(room) == 0


async def test_add_without_a_file_opens_a_form_and_stores_the_pasted_text(room):
    handle = await room.invoke("article add", {}, user=room.admin_a)
    modal = (await handle.wait_response()).data
    assert handle.modal is not None
    fields = modal_fields(modal)
    assert set(fields) == {"Title", "Text", "Source URL"}
    submitted = await room.double.submit_modal(
        handle,
        {
            fields["Title"]: "Council budget",
            fields["Text"]: COUNCIL_ARTICLE,
            fields["Source URL"]: "https://harbour.example/budget",
        },
    )
    message = await submitted.wait_final()
    assert submitted.ephemeral and message.content.startswith("Added article #")
    assert message.embeds[0]["title"] == "Council budget"
    assert message.embeds[0]["url"] == "https://harbour.example/budget"


async def test_bad_files_are_refused_with_a_clear_message_and_nothing_stored(room):
    d = room.double
    cases = [
        (
            d.attachment("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="image/png"),
            ".txt, .md or .html",
        ),
        (d.attachment("notes.txt", b"\x00\x01binary\x02", content_type="text/plain"), "binary"),
        (
            d.attachment(
                "latin.txt", "café crème. Encore.".encode("latin-1"), content_type="text/plain"
            ),
            "not UTF-8",
        ),
        (
            d.attachment("one.txt", b"Just one sentence here.", content_type="text/plain"),
            "only one sentence",
        ),
        (d.attachment("big.txt", b"a. " * 700_000, content_type="text/plain"), "limit is 1 MB"),
    ]
    for file, message in cases:
        handle = await room.invoke("article add", {}, user=room.admin_a, attachments={"file": file})
        final = await handle.wait_final()
        assert handle.ephemeral and message in final.content, (file.filename, final.content)
    assert article_count(room) == 0


async def test_list_show_and_search(room):
    first = await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    second = await room.seed(room.guild_a, None, COUNCIL_ARTICLE)
    await start(room)
    listed = await (await room.invoke("article list", {})).wait_response()
    lines = listed.embeds[0]["description"].splitlines()
    assert lines[0].startswith(f"`#{second}` Port Calder council") and lines[1].startswith(
        f"`#{first}`"
    )
    assert listed.embeds[0]["footer"]["text"] == "Page 1 of 1 · 2 articles"
    shown = await (await room.invoke("article show", {"article": str(first)})).wait_response()
    assert shown.embeds[0]["title"] == "Harbour bridge reopens after two-year repair"
    found = await (await room.invoke("article search", {"query": "cranes"})).wait_response()
    assert found.embeds[0]["description"].startswith(f"`#{second}`")
    for query in ('"', "AND OR", "*", "zeppelin", "x" * 150):
        reply = await (await room.invoke("article search", {"query": query})).wait_response()
        assert reply.ephemeral and reply.content == "No article matches those words.", query


async def test_remove_asks_to_confirm_and_cancel_keeps_the_article(room):
    article = await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke("article remove", {"article": str(article)}, user=room.admin_a)
    message = await handle.wait_final()
    assert handle.ephemeral and "Remove article" in message.content
    cancel = await room.double.click(
        handle, button(message, "Cancel")["custom_id"], user=room.admin_a
    )
    await cancel.wait_response()
    assert message.content == "Cancelled: nothing was changed." and article_count(room) == 1
    handle = await room.invoke("article remove", {"article": str(article)}, user=room.admin_a)
    message = await handle.wait_final()
    confirm = await room.double.click(
        handle, button(message, "Remove")["custom_id"], user=room.admin_a
    )
    await confirm.wait_response()
    assert message.content == f"Removed article #{article}." and article_count(room) == 0


async def test_member_cannot_remove(room):
    article = await room.seed(room.guild_a, None, SCRAPED_ARTICLE)
    await start(room)
    handle = await room.invoke(
        "article remove", {"article": str(article)}, user=room.member_a, check_permissions=False
    )
    reply = await handle.wait_response()
    assert reply.ephemeral and "Manage Server" in reply.content and article_count(room) == 1
