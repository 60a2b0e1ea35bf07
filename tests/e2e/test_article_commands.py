"""/article add, list, show, search and remove end to end."""

import sqlite3

from tests.e2e.newsroom import button, modal_fields, start
from tests.samples import SCRAPED_ARTICLE
from tests.samples_quotes import COUNCIL_ARTICLE

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


def article_count(newsroom) -> int:
    with sqlite3.connect(newsroom.database) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


async def test_admin_adds_a_text_file_and_sees_title_id_and_preview(started):
    d = started.double
    file = d.attachment("bridge.txt", SCRAPED_ARTICLE.encode(), content_type="text/plain")
    handle = await started.invoke(
        "article add", {}, user=started.admin_a, attachments={"file": file}
    )
    message = await handle.wait_final()
    assert handle.ephemeral
    assert message.content == "Added article #1."
    embed = message.embeds[0]
    assert embed["title"] == "Harbour bridge reopens after two-year repair"
    assert len(embed["description"].splitlines()) == 2  # a 2-sentence preview
    again = await started.invoke(
        "article add", {}, user=started.admin_a, attachments={"file": file}
    )
    assert "already exists as #1" in (await again.wait_final()).content
    assert article_count(started) == 1


async def test_an_html_file_goes_through_the_extractor(started):
    file = started.double.attachment("ferry.html", HTML_PAGE.encode(), content_type="text/html")
    handle = await started.invoke(
        "article add", {}, user=started.admin_a, attachments={"file": file}
    )
    embed = (await handle.wait_final()).embeds[0]
    assert embed["title"] == "Ferry strike ends after three weeks"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Rosa Lindqvist" in fields["By"]
    with sqlite3.connect(started.database) as conn:
        (text,) = conn.execute("SELECT text FROM articles").fetchone()
    assert "Home | News" not in text and "Copyright" not in text


async def test_a_member_without_manage_server_is_refused(started):
    file = started.double.attachment(
        "bridge.txt", SCRAPED_ARTICLE.encode(), content_type="text/plain"
    )
    handle = await started.invoke(
        "article add",
        {},
        user=started.member_a,
        attachments={"file": file},
        check_permissions=False,
    )
    reply = await handle.wait_response()
    assert reply.ephemeral and "Manage Server" in reply.content
    assert article_count(started) == 0


async def test_add_without_a_file_opens_a_form_and_stores_the_pasted_text(started):
    handle = await started.invoke("article add", {}, user=started.admin_a)
    modal = (await handle.wait_response()).data
    assert handle.modal is not None
    fields = modal_fields(modal)
    assert set(fields) == {"Title", "Text", "Source URL"}
    submitted = await started.double.submit_modal(
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


async def test_bad_files_are_refused_with_a_clear_message_and_nothing_stored(started):
    d = started.double
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
        handle = await started.invoke(
            "article add", {}, user=started.admin_a, attachments={"file": file}
        )
        final = await handle.wait_final()
        assert handle.ephemeral and message in final.content, (file.filename, final.content)
    assert article_count(started) == 0


async def test_list_show_and_search(newsroom):
    first = await newsroom.seed(newsroom.guild_a, None, SCRAPED_ARTICLE)
    second = await newsroom.seed(newsroom.guild_a, None, COUNCIL_ARTICLE)
    await start(newsroom)
    listed = await (await newsroom.invoke("article list", {})).wait_response()
    lines = listed.embeds[0]["description"].splitlines()
    assert lines[0].startswith(f"`#{second}` Port Calder council") and lines[1].startswith(
        f"`#{first}`"
    )
    assert listed.embeds[0]["footer"]["text"] == "Page 1 of 1 · 2 articles"
    shown = await (await newsroom.invoke("article show", {"article": str(first)})).wait_response()
    assert shown.embeds[0]["title"] == "Harbour bridge reopens after two-year repair"
    found = await (await newsroom.invoke("article search", {"query": "cranes"})).wait_response()
    assert found.embeds[0]["description"].startswith(f"`#{second}`")
    for query in ('"', "AND OR", "*", "zeppelin", "x" * 150):
        reply = await (await newsroom.invoke("article search", {"query": query})).wait_response()
        assert reply.ephemeral and reply.content == "No article matches those words.", query


async def test_remove_asks_to_confirm_and_cancel_keeps_the_article(newsroom):
    article = await newsroom.seed(newsroom.guild_a, None, SCRAPED_ARTICLE)
    await start(newsroom)
    handle = await newsroom.invoke(
        "article remove", {"article": str(article)}, user=newsroom.admin_a
    )
    message = await handle.wait_final()
    assert handle.ephemeral and "Remove article" in message.content
    cancel = await newsroom.double.click(
        handle, button(message, "Cancel")["custom_id"], user=newsroom.admin_a
    )
    await cancel.wait_response()
    assert message.content == "Cancelled: nothing was changed." and article_count(newsroom) == 1
    handle = await newsroom.invoke(
        "article remove", {"article": str(article)}, user=newsroom.admin_a
    )
    message = await handle.wait_final()
    confirm = await newsroom.double.click(
        handle, button(message, "Remove")["custom_id"], user=newsroom.admin_a
    )
    await confirm.wait_response()
    assert message.content == f"Removed article #{article}." and article_count(newsroom) == 0


async def test_member_cannot_remove(newsroom):
    article = await newsroom.seed(newsroom.guild_a, None, SCRAPED_ARTICLE)
    await start(newsroom)
    handle = await newsroom.invoke(
        "article remove", {"article": str(article)}, user=newsroom.member_a, check_permissions=False
    )
    reply = await handle.wait_response()
    assert reply.ephemeral and "Manage Server" in reply.content and article_count(newsroom) == 1
