"""Links end to end: `/article add url:`, `newsbot add URL`, the `Summarize` menu on a link and
the auto-summary channel, with the real bot process fetching from a loopback web site.

The bot reaches the site only through the test-only start-up hook (`_fetch_site/`), which
allow-lists the site's own address; everything else the guard refuses stays refused. One bot
process and one site serve the whole module; each test gets its own servers and a clean site.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import sys
import time

import pytest
import pytest_asyncio

from tests.e2e.newsroom import Newsroom, build_room, start
from tests.e2e.web_site import (
    FETCH_DEADLINE,
    STORIES,
    WebSite,
    bot_for_site,
    running_site,
)
from tests.ingest.ingest_servers import CountingListener

pytestmark = pytest.mark.asyncio(loop_scope="module")

FETCH_WAIT = 20.0  # generous: the first fetch may also wait for the engine process


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory):
    async with (
        running_site() as web,
        bot_for_site(
            web, tmp_path_factory.mktemp("links-bot"), {"NEWSBOT_MESSAGE_CONTENT": "1"}
        ) as (double, process),
    ):
        yield web, double, process


@pytest.fixture
def site(world) -> WebSite:
    web = world[0]
    web.reset()
    return web


@pytest.fixture
def room(world, site) -> Newsroom:
    return build_room(world[1], world[2])


def stored_articles(room: Newsroom) -> list[dict]:
    """The articles of the test's own server."""
    with contextlib.closing(sqlite3.connect(room.database)) as db:
        db.row_factory = sqlite3.Row
        query = "SELECT * FROM articles WHERE guild_id = ? ORDER BY id"
        return [dict(r) for r in db.execute(query, (room.guild_a.id,))]


def bot_replies(room: Newsroom, channel) -> list:
    bot_id = room.double.bot_user.id
    return [m for m in room.double.channel_messages(channel) if m.author.id == bot_id]


async def add_url(room: Newsroom, url: str, *, user=None, **kw):
    handle = await room.invoke("article add", {"url": url}, user=user or room.admin_a, **kw)
    return handle, await handle.wait_final(timeout=FETCH_WAIT)


# --- /article add url: ---------------------------------------------------------------------


async def test_article_page_becomes_an_article_with_title_author_and_date(room, site):
    story = STORIES["bridge"]
    handle, message = await add_url(room, site.story_url("bridge") + "?utm_source=chat")
    assert handle.ephemeral
    assert message.content.startswith("Added article #")
    embed = message.embeds[0]
    assert embed["title"] == story.title
    assert embed["url"] == site.story_url("bridge")  # the page's canonical link
    assert embed["timestamp"].startswith(story.published)
    by = next(f["value"] for f in embed["fields"] if f["name"] == "By")
    assert by == f"{story.author} · Harbour News"

    [row] = stored_articles(room)
    assert row["title"] == story.title
    assert row["author"] == story.author
    assert row["published"] == story.published
    assert row["source_url"] == site.story_url("bridge") + "?utm_source=chat"
    assert row["canonical_url"] == site.story_url("bridge")
    assert row["added_by"] == room.admin_a.id

    # The canonical URL is the second dedup key: the clean link is the same article.
    _, again = await add_url(room, site.story_url("bridge"))
    assert again.content == f"This article already exists as #{row['id']}: nothing was added."
    assert len(stored_articles(room)) == 1

    # And /summary serves it like any other article.
    summary = await (await room.invoke("summary", {"method": "lead"})).wait_final()
    assert summary.embeds[0]["title"] == story.title
    # With the message intents on, the bot also hears the updates of its own messages (the
    # /summary reply with its buttons was edited): it must keep running. The double sent the
    # MESSAGE_UPDATE before this interaction, on the same connection, so an answer to /help
    # means the update was handled.
    assert (await (await room.invoke("help")).wait_response()).embeds
    assert room.process.running


async def test_file_and_url_together_are_refused_without_a_modal(room, site):
    attachment = room.double.attachment("story.txt", b"One sentence. Two sentences.")
    handle = await room.invoke(
        "article add",
        {"url": site.story_url("bridge")},
        user=room.admin_a,
        attachments={"file": attachment},
    )
    callback = await handle.wait_response()
    assert handle.modal is None
    assert callback.ephemeral
    assert callback.content == "Give either a file or a url, not both."
    assert site.requests == []


async def test_pages_that_are_not_articles_are_told_plainly(room, site):
    expected = {
        "/teaser": "That page doesn't look like an article (no main text found).",
        "/paywall": "That article is behind a paywall or login, so I can't read it.",
        "/articles/missing": "The site answered with HTTP error 404.",
    }
    for path, text in expected.items():
        handle, message = await add_url(room, site.url(path))
        assert handle.ephemeral
        assert message.content == text, path
    _, message = await add_url(room, "ftp://harbour-news.test/story")
    assert message.content == "Only http and https links are supported."
    _, message = await add_url(room, "http://elsewhere.test/story")
    assert message.content == "Couldn't find a site with that name."
    assert stored_articles(room) == []


async def test_only_admins_add_articles_from_links(room, site):
    handle = await room.invoke(
        "article add",
        {"url": site.story_url("bridge")},
        user=room.member_a,
        check_permissions=False,
    )
    callback = await handle.wait_response()
    assert callback.ephemeral
    assert "Manage Server" in callback.content
    assert site.requests == []


async def test_private_addresses_are_refused_without_a_single_connection(room, site):
    async with CountingListener() as internal:
        port = internal.port
        urls = [
            f"http://127.0.0.1:{port}/",
            f"http://0x7f.1:{port}/",
            f"http://2130706433:{port}/",
            f"http://[::ffff:127.0.0.1]:{port}/",
        ]
        if site.address != "::1":  # the site itself falls back to ::1 without 127.0.0.2
            urls.append(f"http://[::1]:{port}/admin")
        for url in urls:
            handle, message = await add_url(room, url)
            assert handle.ephemeral
            assert message.content == (
                "That address points to a private or local network, so I won't fetch it."
            ), url
        # The Discord double listens on 127.0.0.1 too: the bot will not fetch it either.
        _, message = await add_url(room, room.double.api_base + "/gateway")
        assert "private or local network" in message.content
    assert internal.accepted == 0
    assert stored_articles(room) == []


@pytest.mark.parametrize(
    ("path", "answer"),
    [
        ("/endless", "That page is too large to fetch."),
        ("/bomb", "That page is too large to fetch."),
        ("/trickle", "That site took too long to respond."),
    ],
)
async def test_hostile_pages_are_stopped_while_the_bot_keeps_answering(room, site, path, answer):
    started = time.monotonic()
    slow = await room.invoke("article add", {"url": site.url(path)}, user=room.admin_a)
    await slow.wait_response()  # deferred: "newsbot is thinking..."
    # Other commands are answered while the fetch runs.
    helped = await room.invoke("help")
    callback = await helped.wait_response(timeout=2.0)
    assert callback.embeds and callback.embeds[0]["title"] == "newsbot"
    assert helped.callback.at < 1.0
    if path == "/trickle":
        assert slow.original is None or slow.original.loading  # still fetching meanwhile
    message = await slow.wait_final(timeout=FETCH_WAIT)
    elapsed = time.monotonic() - started
    assert slow.ephemeral
    assert message.content == answer
    assert elapsed < FETCH_DEADLINE + 5
    if path == "/bomb":
        assert site.stats["bomb_mb"] < 64  # stopped a few megabytes into the gigabyte
    assert stored_articles(room) == []


# --- the test-only fetch hook ---------------------------------------------------------------


async def test_the_fetch_hook_opens_only_the_test_site_and_keeps_the_network_guard(site):
    probe = (
        "import ipaddress, socket\n"
        "from bot.ingest.fetch import SafeFetcher\n"
        "f = SafeFetcher()\n"
        "print(socket.getaddrinfo.__name__)\n"
        "for a in ('{site}', '127.0.0.1', '10.0.0.1', '169.254.169.254'):\n"
        "    print(a, f.is_allowed_address(ipaddress.ip_address(a)))\n"
    ).replace("{site}", site.address)

    async def run(env: dict[str, str]) -> list[str]:
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-c", probe, env=env, stdout=asyncio.subprocess.PIPE
        )
        out, _ = await proc.communicate()
        return out.decode().splitlines()

    hooked = await run({**os.environ, **site.bot_env()})
    assert hooked == [
        "guarded_getaddrinfo",
        f"{site.address} True",
        "127.0.0.1 False",
        "10.0.0.1 False",
        "169.254.169.254 False",
    ]
    # The variables alone change nothing: only the hook on PYTHONPATH reads them.
    variables = {k: v for k, v in site.bot_env().items() if k != "PYTHONPATH"}
    plain = await run({**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, **variables})
    assert plain[1:] == [
        f"{site.address} False",
        "127.0.0.1 False",
        "10.0.0.1 False",
        "169.254.169.254 False",
    ]


# --- newsbot add URL -------------------------------------------------------------------------


async def run_cli(site: WebSite, database: str, *args: str) -> tuple[int, str, str]:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")},
        **site.bot_env(),
        "NEWSBOT_DATABASE": database,
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


async def test_cli_add_fetches_links_and_reads_files(site, tmp_path):
    database = str(tmp_path / "cli.db")
    text_file = tmp_path / "note.txt"
    text_file.write_text("The harbour froze overnight. Boats stayed in port all day.\n")
    code, out, err = await run_cli(
        site,
        database,
        "add",
        site.story_url("library"),
        str(text_file),
        "http://127.0.0.1:9/",
        site.url("/teaser"),
        "--guild",
        "7",
    )
    assert code == 2
    lines = out.splitlines()
    assert lines[0].split("\t")[0::2] == ["added", STORIES["library"].title]
    assert lines[1].startswith("added\t")
    assert len(lines) == 2
    assert (
        "newsbot: refused http://127.0.0.1:9/: That address points to a private or local "
        "network, so I won't fetch it." in err
    )
    assert f"newsbot: refused {site.url('/teaser')}: That page doesn't look like" in err

    code, out, _ = await run_cli(site, database, "add", site.story_url("library"), "--guild", "7")
    assert code == 0
    assert out.startswith("exists\t")
    with contextlib.closing(sqlite3.connect(database)) as db:
        author, url = db.execute(
            "SELECT author, canonical_url FROM articles WHERE guild_id = 7 ORDER BY id LIMIT 1"
        ).fetchone()
    assert (author, url) == (STORIES["library"].author, site.story_url("library"))


# --- the Summarize menu on a link ----------------------------------------------------------


async def test_summarize_menu_on_a_message_with_a_link_summarises_the_page(room, site):
    message = room.double.post_message(
        room.channel_a,
        f"Have you seen this? <{site.story_url('bridge')}>",
        author=room.member_a,
    )
    handle = await room.double.context_menu("Summarize", user=room.member_a, message=message)
    reply = await handle.wait_final(timeout=FETCH_WAIT)
    assert handle.ephemeral
    embed = reply.embeds[0]
    assert embed["title"] == STORIES["bridge"].title
    assert embed["url"] == site.story_url("bridge")
    assert embed["author"]["name"] == "Lena Ortiz · Harbour News"
    bullets = embed["description"].splitlines()
    assert len(bullets) == 3 and all(b.startswith("• ") for b in bullets)
    assert stored_articles(room) == []  # summarised, not stored

    # A link to a private address gets the guard's answer, also ephemeral.
    inside = room.double.post_message(
        room.channel_a, "http://127.0.0.1:8080/admin", author=room.member_a
    )
    handle = await room.double.context_menu("Summarize", user=room.member_a, message=inside)
    refused = await handle.wait_final(timeout=FETCH_WAIT)
    assert handle.ephemeral
    assert "private or local network" in refused.content


# --- the auto-summary channel --------------------------------------------------------------

_markers = iter(range(1_000_000))


async def handled_after(room: Newsroom, site: WebSite, channel) -> None:
    """Wait until the bot has handled a message posted now in `channel` (its auto-summary
    channel): a short story whose summary is "not much shorter", so the bot fetches it, logs
    that, and does not reply. Messages posted before it were read from the store first, so a
    wrong reply to one of them would have fetched its page by then."""
    marker = site.story_url("brief") + f"?marker={next(_markers)}&g={room.guild_a.id}"
    room.double.post_message(channel, marker, author=room.member_a)
    await room.process.wait_for_output(
        f"{marker} skipped: the summary is not much shorter", timeout=FETCH_WAIT
    )


async def test_autosummary_replies_to_links_in_its_channel(room, site):
    double = room.double
    chat = double.add_channel(room.guild_a, "chat")
    handle = await room.invoke(
        "settings autosummary", {"channel": room.channel_a}, user=room.admin_a
    )
    saved = await handle.wait_final()
    assert handle.ephemeral
    assert f"auto-summary of links: <#{room.channel_a.id}>" in saved.content
    assert "can't read messages" not in saved.content  # the intent is on in this bot

    elsewhere = double.post_message(chat, site.story_url("ferry"), author=room.member_a)
    short_url = site.story_url("brief") + f"?for={room.guild_a.id}"
    short = double.post_message(room.channel_a, f"Short one: {short_url}", author=room.member_a)
    posted = double.post_message(
        room.channel_a, f"Big news {site.story_url('bridge')}!", author=room.member_a
    )
    await double.wait_until(
        lambda: any(m.message_reference for m in bot_replies(room, room.channel_a)),
        timeout=FETCH_WAIT,
        what="an auto-summary reply",
    )
    await room.process.wait_for_output(
        f"{short_url} skipped: the summary is not much shorter", timeout=FETCH_WAIT
    )
    # The same message again (a gateway replay) gets no second reply.
    await double.dispatch("MESSAGE_CREATE", {**posted.payload(), "guild_id": str(room.guild_a.id)})
    await handled_after(room, site, room.channel_a)
    [reply] = bot_replies(room, room.channel_a)
    assert [p for p, _ in site.requests].count("/articles/bridge") == 1
    assert int(reply.message_reference["message_id"]) == posted.id
    embed = reply.embeds[0]
    assert embed["title"] == STORIES["bridge"].title
    shorter = int(embed["footer"]["text"].split("% shorter")[0].rsplit(" ", 1)[-1])
    assert shorter >= 50
    assert bot_replies(room, chat) == []
    assert elsewhere.id and short.id
    assert [p for p, _ in site.requests].count("/articles/ferry") == 0

    # Omitting the channel turns it off.
    handle = await room.invoke("settings autosummary", {}, user=room.admin_a)
    assert "auto-summary of links: off" in (await handle.wait_final()).content
    double.post_message(room.channel_a, site.story_url("library"), author=room.member_a)
    handle = await room.invoke("settings autosummary", {"channel": chat}, user=room.admin_a)
    await handle.wait_final()
    await handled_after(room, site, chat)
    assert len(bot_replies(room, room.channel_a)) == 1
    assert "/articles/library" not in [p for p, _ in site.requests]


async def test_autosummary_has_a_per_server_rate_cap(room, site):
    double = room.double
    await (
        await room.invoke("settings autosummary", {"channel": room.channel_a}, user=room.admin_a)
    ).wait_final()
    links = [site.story_url(s) + f"?n={i}" for i in range(4) for s in ("bridge", "library")]
    for link in links[:7]:
        double.post_message(room.channel_a, link, author=room.member_a)
    await room.process.wait_for_output(
        f"guild {room.guild_a.id} is over its rate cap", count=2, timeout=FETCH_WAIT
    )
    await double.wait_until(
        lambda: len(bot_replies(room, room.channel_a)) >= 5, timeout=FETCH_WAIT, what="5 replies"
    )
    # 5 replies and 2 refusals in the log: each of the 7 links is accounted for.
    assert len(bot_replies(room, room.channel_a)) == 5


@pytest.mark.asyncio(loop_scope="function")  # its own bot: the module's can read messages
async def test_autosummary_setting_warns_when_the_bot_cannot_read_messages(newsroom):
    async with running_site() as site:
        newsroom.process.extra_env.update(site.bot_env())  # no NEWSBOT_MESSAGE_CONTENT
        await start(newsroom)
        await check_the_setting_warns(newsroom, site)


async def check_the_setting_warns(newsroom: Newsroom, site: WebSite) -> None:
    handle = await newsroom.invoke(
        "settings autosummary", {"channel": newsroom.channel_a}, user=newsroom.admin_a
    )
    reply = await handle.wait_final()
    assert "NEWSBOT_MESSAGE_CONTENT=1" in reply.content
    newsroom.double.post_message(
        newsroom.channel_a, site.story_url("bridge"), author=newsroom.member_a
    )
    # Without the intents Discord never sends the bot the message at all (the double neither).
    sent = [f["t"] for s in newsroom.double.sessions for f in s.frames]
    assert "INTERACTION_CREATE" in sent and "MESSAGE_CREATE" not in sent
    assert bot_replies(newsroom, newsroom.channel_a) == []
    assert site.requests == []
