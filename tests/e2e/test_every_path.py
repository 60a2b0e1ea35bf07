"""One story, every path: a .txt, .md and .html upload, the CLI's stdin, the paste form, a URL
and a feed entry all store the same title, author and sentences.

The story is written three ways (scraped plain text, a Markdown CMS export, a saved page),
each with its own furniture around it. A small site on the allow-listed loopback address
serves the page and a feed that links to it; the real bot process fetches both.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import sys
from html import escape

import pytest
import pytest_asyncio
from aiohttp import web
from yarl import URL

from bot.engine.text.sentences import sentences
from tests.e2e.newsroom import Newsroom, build_room, modal_fields
from tests.e2e.web_site import HOST, WebSite, bot_for_site
from tests.ingest.ingest_servers import allowed_loopback, serve

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 30.0
TITLE = "Tram line to the airport opens after six years"
AUTHOR = "Helen Okafor"
PARAGRAPHS = (
    "The new tram line between the city centre and Westfield airport carried its first "
    "passengers on Sunday, six years after work began.",
    "Trams will run every seven minutes from five in the morning until midnight. The journey "
    "takes 24 minutes, half the time of the old bus.",
    '"This line changes how people reach the rest of the world," said transport director '
    "Omar Reyes at the opening.",
    "The project cost 410 million euros, a third more than planned. Delays came from "
    "a flooded tunnel under the ring road in 2023.",
    "Fares are the same as on the rest of the network. Travellers with luggage get a "
    "dedicated carriage at the front of each tram.",
)

PLAIN = f"""{TITLE}

By {AUTHOR}, Transport Correspondent
Published 09:12 GMT, 7 June 2026

Share this article
Photo: Lars Berg/AFP via Getty Images

{PARAGRAPHS[0]}

{PARAGRAPHS[1]}

Advertisement

{PARAGRAPHS[2]}

{PARAGRAPHS[3]}

Read more: Airport passenger numbers hit record

{PARAGRAPHS[4]}

© 2026 City Courier
"""

MARKDOWN = f"""# {TITLE}

*By {AUTHOR}, Transport Correspondent*

![A tram at the airport stop](https://example.invalid/tram.jpg)
*Photo: The first tram at Westfield. Credit: Lars Berg / AFP*

{PARAGRAPHS[0]}

{PARAGRAPHS[1].replace("seven minutes", "**seven minutes**")}

**Read more:** [Airport passenger numbers hit record](https://example.invalid/record)

{PARAGRAPHS[2]}

{PARAGRAPHS[3].replace("flooded tunnel", "[flooded tunnel](https://example.invalid/tunnel)")}

{PARAGRAPHS[4]}
"""

HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{escape(TITLE)} | City Courier</title>
<meta name="author" content="{AUTHOR}">
<meta property="og:site_name" content="City Courier">
</head><body>
<header><nav><a href="/">Home</a> <a href="/city">City</a> <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{escape(TITLE)}</h1>
<p class="byline">By {AUTHOR}, Transport Correspondent</p>
<figure><img src="tram.jpg" alt="A tram at the airport stop">
<figcaption>The first tram at Westfield. Photo: Lars Berg/AFP</figcaption></figure>
{"".join(f"<p>{escape(p)}</p>" for p in PARAGRAPHS)}
<div class="share">Share on Facebook Share on Twitter</div>
</article></main>
<footer><p>© 2026 City Courier. All rights reserved.</p></footer>
</body></html>
"""

EXPECTED_SENTENCES = [s for p in PARAGRAPHS for s in sentences(p)]


def _feed(base: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>City Courier</title><link>{base}/</link><description>City news</description>"
        f"<item><title>{escape(TITLE)}</title><link>{base}/tram</link>"
        '<guid isPermaLink="false">courier:tram</guid>'
        "<pubDate>Sun, 07 Jun 2026 09:12:00 GMT</pubDate>"
        f"<description>{escape(PARAGRAPHS[0])}</description></item></channel></rss>"
    )


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory):
    site = WebSite(address=allowed_loopback())

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=HTML, content_type="text/html")

    async def feed(request: web.Request) -> web.Response:
        return web.Response(text=_feed(site.base), content_type="application/rss+xml")

    app = web.Application()
    app.router.add_get("/tram", page)
    app.router.add_get("/feed.xml", feed)
    async with serve(app, site.address) as base:
        site.base = f"http://{HOST}:{URL(base).port}"
        async with bot_for_site(
            site, tmp_path_factory.mktemp("paths-bot"), {"NEWSBOT_FEED_TICK_SECONDS": "0.2"}
        ) as (double, process):
            yield site, double, process


def stored(database: str, guild_id: int) -> dict:
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as db:
        db.row_factory = sqlite3.Row
        row = db.execute(
            "SELECT title, author, text FROM articles WHERE guild_id = ? ORDER BY id", (guild_id,)
        ).fetchone()
    assert row is not None, f"nothing stored for guild {guild_id}"
    return dict(row)


async def upload(room: Newsroom, name: str, data: str, content_type: str) -> int:
    file = room.double.attachment(name, data.encode(), content_type=content_type)
    handle = await room.invoke("article add", {"file": file}, user=room.admin_a)
    reply = await handle.wait_final(timeout=WAIT)
    assert reply.content.startswith("Added article #"), reply.content
    return room.guild_a.id


async def paste(room: Newsroom, text: str) -> int:
    handle = await room.invoke("article add", {}, user=room.admin_a)
    fields = modal_fields((await handle.wait_response()).data)
    submitted = await room.double.submit_modal(handle, {fields["Text"]: text})
    reply = await submitted.wait_final(timeout=WAIT)
    assert reply.content.startswith("Added article #"), reply.content
    return room.guild_a.id


async def from_url(room: Newsroom, url: str) -> int:
    handle = await room.invoke("article add", {"url": url}, user=room.admin_a)
    reply = await handle.wait_final(timeout=WAIT)
    assert reply.content.startswith("Added article #"), reply.content
    return room.guild_a.id


async def from_feed(room: Newsroom, url: str) -> int:
    handle = await room.invoke(
        "feed add", {"url": url, "channel": room.channel_a}, user=room.admin_a
    )
    reply = await handle.wait_final(timeout=WAIT)
    assert reply.content.startswith("Added feed #"), reply.content
    bot_id = room.double.bot_user.id
    await room.double.wait_until(
        lambda: any(
            m.author.id == bot_id and m.embeds for m in room.double.channel_messages(room.channel_a)
        ),
        timeout=WAIT,
    )
    return room.guild_a.id


async def from_stdin(site: WebSite, database: str, guild_id: int, text: str) -> int:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")},
        **site.bot_env(),
        "NEWSBOT_DATABASE": database,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "add", "-", "--guild", str(guild_id), env=env,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(text.encode()), 60)
    assert proc.returncode == 0, err.decode()
    assert out.decode().startswith("added\t")
    return guild_id


async def test_one_story_through_every_path_is_the_same_article(world):
    site, double, process = world
    database = str(process.database)
    rooms = iter(build_room(double, process) for _ in range(9))
    paths = {
        ".txt upload": await upload(next(rooms), "tram.txt", PLAIN, "text/plain"),
        ".md upload": await upload(next(rooms), "tram.md", MARKDOWN, "text/markdown"),
        ".html upload": await upload(next(rooms), "tram.html", HTML, "text/html"),
        "saved page in a .txt": await upload(next(rooms), "saved.txt", HTML, "text/plain"),
        "paste form (Markdown)": await paste(next(rooms), MARKDOWN),
        "paste form (HTML)": await paste(next(rooms), HTML),
        "URL": await from_url(next(rooms), site.url("/tram")),
        "feed": await from_feed(next(rooms), site.url("/feed.xml")),
        "CLI stdin (HTML)": await from_stdin(site, database, 990_001, HTML),
        "CLI stdin (plain)": await from_stdin(site, database, 990_002, PLAIN),
    }
    for path, guild_id in paths.items():
        article = stored(database, guild_id)
        assert article["title"] == TITLE, path
        assert article["author"] == AUTHOR, path
        assert sentences(article["text"]) == EXPECTED_SENTENCES, path
