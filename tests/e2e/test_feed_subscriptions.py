"""Feeds end to end: `/feed add|list|remove`, the poller posting summaries to the channel
(never the same entry twice, even across a restart), conditional requests, failures; the
`newsbot feed` commands; and the poller's timing rules against a controllable clock.

One bot process (polling every 0.2 s: `NEWSBOT_FEED_TICK_SECONDS`) and one site serve the
module; each test has its own servers, its own feed URLs and a clean site. `make_feeds_due`
advances a feed's clock in the database, so a test never waits out a real 30-minute interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import sqlite3
import sys

import discord
import pytest
import pytest_asyncio

from bot import limits
from bot.feeds.poller import FeedPoller, PollOutcome, subscribe
from bot.ingest.feeds import MAX_FAILURES_BEFORE_DISABLE, next_poll_delay
from bot.service import NewsService
from bot.store import open_store
from tests.e2e.newsroom import Newsroom, build_room, modal_fields
from tests.e2e.web_site import (
    HOST,
    STORIES,
    WebSite,
    bot_for_site,
    feed_row,
    make_feeds_due,
    running_site,
)
from tests.ingest.ingest_servers import make_fetcher

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 60.0  # an upper bound on waiting only; a loaded CI machine parses a 4.5 MB feed slowly


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory):
    async with (
        running_site() as web,
        bot_for_site(
            web, tmp_path_factory.mktemp("feeds-bot"), {"NEWSBOT_FEED_TICK_SECONDS": "0.2"}
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


def own_feed(room: Newsroom, site: WebSite, path: str) -> str:
    """The URL of a feed on the site, spelled for this test alone."""
    return site.url(f"{path}?for={room.guild_a.id}")


def posted_titles(room: Newsroom, channel=None) -> list[str]:
    bot_id = room.double.bot_user.id
    return [
        m.embeds[0]["title"]
        for m in room.double.channel_messages(channel or room.channel_a)
        if m.author.id == bot_id and m.embeds
    ]


def deliveries(room: Newsroom, feed_id: int | None = None) -> list[dict]:
    """The delivery queue's rows (of one feed, or of all), oldest first."""
    where, params = ("WHERE feed_id = ?", (feed_id,)) if feed_id is not None else ("", ())
    with contextlib.closing(sqlite3.connect(room.database, timeout=5)) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute(f"SELECT * FROM feed_deliveries {where} ORDER BY id", params)
        return [dict(r) for r in rows]


def settled(room: Newsroom, feed_id: int | None = None) -> bool:
    """Every queued delivery is posted or failed for good, and its outcome is in the feed's
    log: the positive signal that the poller has nothing more to post."""
    rows = deliveries(room, feed_id)
    if any(r["state"] == "pending" for r in rows):
        return False
    # The log row of each outcome is written just after the delivery's own row.
    where, params = ("AND feed_id = ?", (feed_id,)) if feed_id is not None else ("", ())
    with contextlib.closing(sqlite3.connect(room.database, timeout=5)) as db:
        [(logged,)] = db.execute(
            "SELECT count(*) FROM feed_log WHERE decision IN "
            f"('posted', 'edited', 'folded', 'failed') {where}",
            params,
        )
    return logged >= len(rows)


async def wait_for_posts(room: Newsroom, count: int, channel=None) -> list[str]:
    """Wait for `count` posts and for the queue to be settled, so that a further post would
    have shown up too."""
    await room.double.wait_until(
        lambda: len(posted_titles(room, channel)) >= count and settled(room),
        timeout=WAIT,
        what=f"{count} feed posts",
    )
    return posted_titles(room, channel)


async def poll_again(room: Newsroom, feed_id: int) -> dict:
    """Make the feed due and wait until it has been polled and what it queued is posted (the
    poll queues its articles before it records itself)."""
    before = feed_row(room.database, feed_id)["last_polled_at"]
    make_feeds_due(room.database, feed_id)
    await room.double.wait_until(
        lambda: (
            feed_row(room.database, feed_id)["last_polled_at"] != before and settled(room, feed_id)
        ),
        timeout=WAIT,
        what=f"a poll of feed {feed_id}",
    )
    return feed_row(room.database, feed_id)


async def add_feed(room: Newsroom, url: str, *, user=None, **options):
    handle = await room.invoke("feed add", {"url": url, **options}, user=user or room.admin_a)
    message = await handle.wait_final(timeout=WAIT)
    assert handle.ephemeral
    return message.content


def feed_id_in(text: str) -> int:
    return int(text.split("#", 1)[1].split()[0].rstrip(":,."))


# --- posting -------------------------------------------------------------------------------


async def test_new_entries_are_posted_once_even_after_a_restart_and_304_is_honoured(room, site):
    site.feed_slugs = ["bridge", "library"]
    feed_url = own_feed(room, site, "/feed.xml")
    answer = await add_feed(room, feed_url, channel=room.channel_a)
    assert answer.startswith("Added feed #") and "**Harbour News**" in answer
    feed_id = feed_id_in(answer)

    # Both entries, oldest first, as /summary embeds.
    titles = await wait_for_posts(room, 2)
    assert titles == [STORIES["bridge"].title, STORIES["library"].title]
    bot_id = room.double.bot_user.id
    first = next(m for m in room.double.channel_messages(room.channel_a) if m.author.id == bot_id)
    embed = first.embeds[0]
    assert embed["url"] == site.story_url("bridge")
    assert embed["author"]["name"] == "Lena Ortiz · Harbour News"
    assert embed["timestamp"].startswith("2024-05-06")
    assert embed["footer"]["text"].startswith("3 of 10 sentences · ")
    assert embed["description"].startswith("• ")

    # Nothing changed: the bot asks conditionally, gets 304 and posts nothing.
    row = await poll_again(room, feed_id)
    last = site.requests_for(feed_url.removeprefix(site.base))[-1]
    assert last.get("If-None-Match") == row["etag"]
    assert last.get("If-Modified-Since") == "Fri, 10 May 2024 08:00:00 GMT"
    assert row["failures"] == 0
    assert len(posted_titles(room)) == 2

    # A new entry is posted, the old ones are not.
    site.feed_slugs.append("ferry")
    await poll_again(room, feed_id)
    assert await wait_for_posts(room, 3) == [*titles, STORIES["ferry"].title]

    # Killed and restarted: the feed changes again (so it is read in full, not a 304);
    # only the newest entry is posted.
    await room.process.restart()
    site.feed_slugs.append("market")
    await poll_again(room, feed_id)
    assert await wait_for_posts(room, 4) == [
        *titles,
        STORIES["ferry"].title,
        STORIES["market"].title,
    ]
    await poll_again(room, feed_id)
    await room.process.restart()
    await poll_again(room, feed_id)
    assert len(posted_titles(room)) == 4
    article_pages = [p for p, _ in site.requests if p.startswith("/articles/")]
    assert sorted(article_pages) == sorted(f"/articles/{s}" for s in site.feed_slugs)


def bot_messages(room: Newsroom, channel=None) -> list:
    bot_id = room.double.bot_user.id
    return [
        m for m in room.double.channel_messages(channel or room.channel_a) if m.author.id == bot_id
    ]


@pytest.mark.parametrize(
    ("status", "code", "message", "reason"),
    [
        (503, 0, "503: Service Unavailable", "Discord was unavailable (HTTP 503)."),
        (404, 10003, "Unknown Channel", "The channel is missing, or I can't see it."),
    ],
    ids=["503", "missing-channel"],
)
async def test_feed_post_refused_by_discord_waits_with_its_reason_and_lands_once_later(
    room, site, status, code, message, reason
):
    site.feed_slugs = ["bridge"]
    outage = room.double.fail(
        "POST",
        f"/channels/{room.channel_a.id}/messages",
        times=1000,
        status=status,
        code=code,
        message=message,
    )
    feed_id = feed_id_in(await add_feed(room, own_feed(room, site, "/feed.xml")))
    await room.double.wait_until(
        lambda: any(r["attempts"] >= 2 for r in deliveries(room, feed_id)),
        timeout=WAIT,
        what="two refused attempts",
    )
    [waiting] = deliveries(room, feed_id)
    assert (waiting["state"], waiting["last_error"]) == ("pending", reason)
    assert bot_messages(room) == []

    outage.remaining = 0  # Discord is back
    assert await wait_for_posts(room, 1) == [STORIES["bridge"].title]
    [done] = deliveries(room, feed_id)
    [message] = bot_messages(room)
    assert done["state"] == "delivered" and done["attempts"] > waiting["attempts"]
    assert (done["channel_id"], done["message_id"]) == (room.channel_a.id, message.id)


async def test_feed_post_pending_when_the_bot_stops_is_posted_after_the_restart(room, site):
    site.feed_slugs = ["library"]
    outage = room.double.fail("POST", f"/channels/{room.channel_a.id}/messages", times=1000)
    feed_id = feed_id_in(await add_feed(room, own_feed(room, site, "/feed.xml")))
    await room.double.wait_until(
        lambda: any(r["attempts"] >= 1 for r in deliveries(room, feed_id)),
        timeout=WAIT,
        what="a refused attempt",
    )
    await room.process.stop()
    outage.remaining = 0
    assert [r["state"] for r in deliveries(room, feed_id)] == ["pending"]
    await room.process.start()
    assert await wait_for_posts(room, 1) == [STORIES["library"].title]
    assert [r["state"] for r in deliveries(room, feed_id)] == ["delivered"]


async def filter_command(room: Newsroom, command: str, options: dict) -> str:
    handle = await room.invoke(f"feed filter {command}", options, user=room.admin_a)
    answer = await handle.wait_final(timeout=WAIT)
    assert handle.ephemeral
    return answer.content


async def test_feed_entry_filtered_by_rule_is_logged_and_only_matching_entries_are_posted(
    room, site
):
    feed_url = own_feed(room, site, "/feed.xml")
    feed_id = feed_id_in(await add_feed(room, feed_url))
    await room.double.wait_until(
        lambda: feed_row(room.database, feed_id)["last_polled_at"] is not None,
        timeout=WAIT,
        what="the first poll of an empty feed",
    )
    feed = str(feed_id)
    answer = await filter_command(
        room,
        "add",
        {"feed": feed, "field": "categories", "rule": "contains", "value": "weather, transport"},
    )
    assert answer == (
        f"Added filter 1 to feed #{feed_id}: categories contains “weather, transport”. "
        "An entry is posted when it passes all of its 1 filters."
    )
    answer = await filter_command(
        room, "add", {"feed": feed, "field": "title", "rule": "not_matches", "value": "^harbour"}
    )
    assert answer.startswith(f"Added filter 2 to feed #{feed_id}: title does not match")
    refused = await filter_command(
        room, "add", {"feed": feed, "field": "title", "rule": "matches", "value": "(unclosed"}
    )
    assert refused.startswith("That regular expression is not valid: missing )")

    # Bridge (Transport) is blocked by rule 2, library (no category) by rule 1; market passes.
    site.feed_slugs = ["bridge", "library", "market"]
    await poll_again(room, feed_id)
    assert await wait_for_posts(room, 1) == [STORIES["market"].title]

    handle = await room.invoke("feed log", {"feed": feed}, user=room.admin_a)
    log_embed = (await handle.wait_final()).embeds[0]
    assert handle.ephemeral
    lines = log_embed["description"].splitlines()
    [message] = bot_messages(room)
    posted = next(i for i, line in enumerate(lines) if "**posted**" in line)
    assert f"[{STORIES['market'].title}]({site.story_url('market')})" in lines[posted]
    assert lines[posted].endswith(
        f"→ [message](https://discord.com/channels/{room.guild_a.id}/{room.channel_a.id}/"
        f"{message.id})"
    )
    text = log_embed["description"]
    assert (
        f"**filtered** [{STORIES['bridge'].title}]({site.story_url('bridge')})\n"
        "  blocked by rule 2: title does not match “^harbour”" in text
    )
    assert "blocked by rule 1: categories contains “weather, transport”" in text

    # /feed show lists the filters; removing one says what is left.
    handle = await room.invoke("feed show", {"feed": feed}, user=room.admin_a)
    shown = (await handle.wait_final()).embeds[0]
    filters = next(f for f in shown["fields"] if f["name"] == "Filters")["value"]
    assert filters.splitlines() == [
        "posted when it passes **all of** these:",
        "`1.` categories contains “weather, transport”",
        "`2.` title does not match “^harbour”",
    ]
    answer = await filter_command(room, "remove", {"feed": feed, "number": 2})
    assert answer == (
        f"Removed filter 2 from feed #{feed_id}: title does not match “^harbour”. "
        "An entry is posted when it passes all of its 1 filters."
    )
    missing = await filter_command(room, "remove", {"feed": feed, "number": 5})
    assert missing == "That feed has no filter with that number: /feed filter list shows them."


async def test_feed_filter_add_without_a_value_opens_a_form_for_a_long_rule(room, site):
    feed_id = await empty_feed(room, site)
    options = {"feed": str(feed_id), "field": "title", "rule": "matches", "combine": "any"}
    handle = await room.invoke("feed filter add", options, user=room.admin_a)
    modal = (await handle.wait_response()).data
    assert handle.modal is not None and modal["title"] == "Filter: title matches"
    fields = modal_fields(modal)
    assert set(fields) == {"Words (separated by commas) or a regex", "Group (optional)"}
    value = fields["Words (separated by commas) or a regex"]

    # Invalid: told why, in one line, and nothing is added.
    submitted = await room.double.submit_modal(handle, {value: "(harbour|ferry"})
    answer = (await submitted.wait_final(timeout=WAIT)).content
    assert submitted.ephemeral and answer.startswith("That regular expression is not valid: ")
    handle = await room.invoke("feed show", {"feed": str(feed_id)}, user=room.admin_a)
    show = {f["name"]: f["value"] for f in (await handle.wait_final()).embeds[0]["fields"]}
    assert show["Filters"] == "none: every new entry is posted"

    # A long rule (150 characters), with a group, added in full.
    pattern = "|".join(
        ("harbour", "ferry", "bridge", "quay", "pier", "tide", "ropeworks", "customs house")
    )
    pattern = f"\\b(?:{pattern})\\b(?!.*\\b(?:opinion|letters|obituary|advert|sponsored)\\b)"
    pattern += ".{0,80}" + "x?" * ((150 - len(pattern) - 6) // 2)
    assert 140 <= len(pattern) <= limits.FILTER_VALUE_MAX
    handle = await room.invoke("feed filter add", options, user=room.admin_a)
    await handle.wait_response()
    submitted = await room.double.submit_modal(
        handle, {value: pattern, fields["Group (optional)"]: "port"}
    )
    answer = (await submitted.wait_final(timeout=WAIT)).content
    assert answer.startswith(f"Added filter 1 to feed #{feed_id}: title matches “")
    assert answer.endswith("An entry is posted when it passes any of its 1 filters.")
    with contextlib.closing(sqlite3.connect(room.database, timeout=5)) as db:
        [(stored,)] = db.execute("SELECT filters FROM feeds WHERE id = ?", (feed_id,))
    [rule] = json.loads(stored)
    assert (rule["value"], rule["group"], rule["op"]) == (pattern, "port", "matches")


async def test_feed_test_shows_why_each_newest_entry_would_be_posted_or_not_and_posts_a_test(
    room, site
):
    site.feed_slugs = ["bridge"]
    feed_id = feed_id_in(await add_feed(room, own_feed(room, site, "/feed.xml")))
    await wait_for_posts(room, 1)
    feed = str(feed_id)
    await filter_command(
        room, "add", {"feed": feed, "field": "title", "rule": "not_contains", "value": "ferry"}
    )
    library = await room.seed(
        room.guild_a,
        STORIES["library"].title,
        "\n\n".join(STORIES["library"].paragraphs),
        source_url=site.story_url("library"),
    )
    site.feed_slugs = ["bridge", "library", "ferry", "market"]

    handle = await room.invoke("feed test", {"feed": feed, "post": True}, user=room.admin_a)
    answer = (await handle.wait_final(timeout=WAIT)).embeds[0]
    assert handle.ephemeral
    lines = answer["description"].splitlines()
    assert lines == [
        f"✅ would post [{STORIES['market'].title}]({site.story_url('market')})",
        "  passed all 1 filters",
        f"🚫 would not post [{STORIES['ferry'].title}]({site.story_url('ferry')})",
        "  blocked by rule 1: title does not contain “ferry”",
        f"🚫 would not post [{STORIES['library'].title}]({site.story_url('library')})",
        f"  duplicate: already in this server as #{library}",
        f"🚫 would not post [{STORIES['bridge'].title}]({site.story_url('bridge')})",
        "  already posted",
    ]
    [test_post] = [m for m in bot_messages(room) if (m.content or "").startswith("🧪")]
    assert test_post.content == (
        f"🧪 Test post of feed #{feed_id}: its posts look like this. It is not recorded as posted."
    )
    assert test_post.embeds[0]["title"] == STORIES["market"].title
    assert test_post.embeds[0]["url"] == site.story_url("market")
    field = next(f for f in answer["fields"] if f["name"] == "Test post")
    assert field["value"] == (
        f"[Posted](https://discord.com/channels/{room.guild_a.id}/{room.channel_a.id}/"
        f"{test_post.id})"
    )

    # Nothing was claimed: the next poll posts market for real (ferry is filtered).
    await poll_again(room, feed_id)
    await wait_for_posts(room, 3)
    assert posted_titles(room)[-1] == STORIES["market"].title
    assert [r["state"] for r in deliveries(room, feed_id)] == ["delivered", "delivered"]


async def test_feed_regex_with_catastrophic_backtracking_times_out_and_the_bot_keeps_answering(
    room, site
):
    feed_id = feed_id_in(await add_feed(room, own_feed(room, site, "/feed.xml")))
    await room.double.wait_until(
        lambda: feed_row(room.database, feed_id)["last_polled_at"] is not None,
        timeout=WAIT,
        what="the first poll of an empty feed",
    )
    # Every description is a sentence with no digit: this pattern tries every way of cutting
    # it into 30 pieces before giving up (seconds per entry without the time limit).
    pattern = r"(.*\w){30}\d"
    await filter_command(
        room,
        "add",
        {"feed": str(feed_id), "field": "description", "rule": "matches", "value": pattern},
    )
    site.feed_slugs = ["bridge", "library", "ferry", "market"]
    before = feed_row(room.database, feed_id)["last_polled_at"]
    make_feeds_due(room.database, feed_id)
    loop = asyncio.get_running_loop()
    waits = []  # /help, asked again and again until the poll is recorded
    while feed_row(room.database, feed_id)["last_polled_at"] == before:
        started = loop.time()
        reply = await (await room.invoke("help", {})).wait_response(timeout=WAIT)
        waits.append(loop.time() - started)
        assert reply.embeds or reply.content
    await poll_again(room, feed_id)
    handle = await room.invoke("feed log", {"feed": str(feed_id)}, user=room.admin_a)
    text = (await handle.wait_final()).embeds[0]["description"]
    assert text.count("took too long and counted as no match") == 4
    assert bot_messages(room) == []
    print(f"/help answered {len(waits)} times during the poll, slowest {max(waits):.2f} s")


async def help_latencies_until(room: Newsroom, done) -> list[float]:
    """Ask /help again and again until `done()`, each time waiting for its answer: how long
    each answer took (the first one is asked at once, so there is always one)."""
    loop = asyncio.get_running_loop()
    waits = []
    while not waits or not done():
        started = loop.time()
        reply = await (await room.invoke("help", {})).wait_response(timeout=WAIT)
        waits.append(loop.time() - started)
        assert reply.embeds or reply.content
    return waits


HELP_WORST = 10.0
"""The slowest /help answer a test accepts while a big feed is polled: generous for a loaded
2-core machine, and still far from a stalled bot (Discord's deadline is 3 s; a blocked event
loop would miss every answer until the poll is over)."""


async def test_feed_of_5000_entries_is_polled_and_a_10_mb_one_refused_while_help_answers(
    room, site
):
    # Every item of this wire is titled "Wire item N: harbour traffic update": one running
    # story, which stories would fold into one post. This test is about polling a big feed.
    handle = await room.invoke("settings stories", {"state": "off"}, user=room.admin_a)
    assert "off" in (await handle.wait_response()).content
    loop = asyncio.get_running_loop()
    # 5,000 entries within the 5 MB fetch limit: parsed, every entry remembered, the newest 3
    # posted (oldest first) and none of the older ones, though a poll may come while /feed add
    # is still marking them seen.
    site.big = (5000, 4.5)
    url = own_feed(room, site, "/big.xml")
    started = loop.time()
    adding = asyncio.create_task(add_feed(room, url))
    await asyncio.sleep(0)  # the add is on its way before /help is first asked
    feed_id: list[int] = []

    def first_poll_done() -> bool:
        if not feed_id and adding.done():
            feed_id.append(feed_id_in(adding.result()))
        return bool(feed_id) and feed_row(room.database, feed_id[0])["last_polled_at"] is not None

    waits = await help_latencies_until(room, first_poll_done)
    seconds = loop.time() - started
    assert await wait_for_posts(room, 3) == [
        f"Wire item {i}: harbour traffic update" for i in (4997, 4998, 4999)
    ]
    with contextlib.closing(sqlite3.connect(room.database, timeout=5)) as db:
        [(seen,)] = db.execute("SELECT count(*) FROM feed_entries WHERE feed_id = ?", feed_id)
    assert seen == 5000
    assert max(waits) < HELP_WORST
    print(
        f"\n5,000 entries in 4.5 MB: added and first poll in {seconds:.1f} s; /help answered "
        f"{len(waits)} times meanwhile, slowest {max(waits):.2f} s"
    )

    # 10 MB: cut off at the fetch limit, the feed marked failing with the reason, nothing lost.
    site.big = (5000, 10.0)
    before = feed_row(room.database, feed_id[0])["last_polled_at"]
    make_feeds_due(room.database, feed_id[0])
    started = loop.time()
    waits = await help_latencies_until(
        room, lambda: feed_row(room.database, feed_id[0])["last_polled_at"] != before
    )
    seconds = loop.time() - started
    row = feed_row(room.database, feed_id[0])
    assert (row["failures"], row["last_error"]) == (1, "That page is too large to fetch.")
    assert len(posted_titles(room)) == 3  # no post from the refused feed
    await room.double.wait_until(
        lambda: len(bot_messages(room)) == 4, timeout=WAIT, what="the channel told"
    )
    told = bot_messages(room)[-1].content
    assert told.startswith(f"Feed #{feed_id[0]} **Harbour Wire** could not be read: That page")
    assert max(waits) < HELP_WORST
    print(
        f"5,000 entries in 10 MB: refused in {seconds:.1f} s; /help answered {len(waits)} "
        f"times meanwhile, slowest {max(waits):.2f} s"
    )


async def test_feed_edit_moves_a_feed_to_another_channel_keeping_what_it_has_seen(room, site):
    site.feed_slugs = ["bridge"]
    feed_id = feed_id_in(await add_feed(room, own_feed(room, site, "/feed.xml")))
    await wait_for_posts(room, 1)
    sports = room.double.add_channel(room.guild_a, "sports")
    handle = await room.invoke(
        "feed edit",
        {"feed": str(feed_id), "channel": sports, "interval": 60, "combine": "any"},
        user=room.admin_a,
    )
    answer = await handle.wait_final()
    assert handle.ephemeral and answer.content == f"Feed #{feed_id} changed."
    fields = {f["name"]: f["value"] for f in answer.embeds[0]["fields"]}
    assert fields["Posts to"] == f"<#{sports.id}>" and fields["Every"] == "60 minutes"
    handle = await room.invoke("feed edit", {"feed": str(feed_id)}, user=room.admin_a)
    assert (await handle.wait_final()).content == "Nothing to change: give at least one setting."

    site.feed_slugs.append("ferry")
    await poll_again(room, feed_id)
    assert await wait_for_posts(room, 1, sports) == [STORIES["ferry"].title]
    assert posted_titles(room) == [STORIES["bridge"].title]  # the bridge is not posted again


async def test_feed_list_shows_a_failing_feed_with_its_last_error(room, site):
    answer = await add_feed(room, own_feed(room, site, "/failing.xml"))
    feed_id = feed_id_in(answer)
    await wait_for_posts(room, 1)
    site.failing = True
    row = await poll_again(room, feed_id)
    assert row["failures"] == 1 and row["enabled"] == 1
    failing = (
        f"Feed #{feed_id} **Port Calder Sport** could not be read: The site answered with HTTP "
        "error 500. I'll keep trying, less and less often; after "
        f"{MAX_FAILURES_BEFORE_DISABLE} failures in a row it is paused and this channel is told."
    )

    def told_failing() -> int:
        return sum(m.content == failing for m in room.double.channel_messages(room.channel_a))

    await room.double.wait_until(lambda: told_failing() == 1, timeout=WAIT, what="the notice")

    handle = await room.invoke("feed list", user=room.admin_a)
    listing = await handle.wait_final()
    assert handle.ephemeral
    text = listing.embeds[0]["description"]
    assert f"`#{feed_id}` [Port Calder Sport]" in text
    assert "failing (1 failed poll in a row): The site answered with HTTP error 500." in text
    assert f"<#{room.channel_a.id}>" in text

    # It keeps failing: disabled after the limit, the channel is told once, the list says so.
    for failures in range(2, MAX_FAILURES_BEFORE_DISABLE + 1):
        make_feeds_due(room.database, feed_id)
        await room.double.wait_until(
            lambda n=failures: feed_row(room.database, feed_id)["failures"] == n,
            timeout=WAIT,
            what=f"failed poll {failures}",
        )
    notice = f"Feed #{feed_id} **Port Calder Sport** failed {MAX_FAILURES_BEFORE_DISABLE} times"
    await room.double.wait_until(
        lambda: any(
            (m.content or "").startswith(notice)
            for m in room.double.channel_messages(room.channel_a)
        ),
        timeout=WAIT,
        what="the disabled notice",
    )
    assert feed_row(room.database, feed_id)["enabled"] == 0
    assert told_failing() == 1  # told once when failing started, once when disabled
    # A disabled feed is not polled: another feed, due at the same moment, is polled in the
    # same tick, and the disabled one is left as it was.
    witness = feed_id_in(await add_feed(room, own_feed(room, site, "/feed.xml")))
    await poll_again(room, witness)  # its first poll
    polled = feed_row(room.database, feed_id)["last_polled_at"]
    make_feeds_due(room.database)
    await poll_again(room, witness)
    after = feed_row(room.database, feed_id)
    assert after["failures"] == MAX_FAILURES_BEFORE_DISABLE
    assert after["last_polled_at"] == polled
    listing = await (await room.invoke("feed list", user=room.admin_a)).wait_final()
    assert (
        f"disabled after {MAX_FAILURES_BEFORE_DISABLE} failed polls: The site answered with "
        "HTTP error 500." in listing.embeds[0]["description"]
    )


async def test_feed_add_checks_the_address_first(room, site):
    assert await add_feed(room, site.url("/teaser")) == "That link isn't an RSS or Atom feed."
    refused = await add_feed(room, "http://127.0.0.1:9/feed.xml")
    assert refused == "That address points to a private or local network, so I won't fetch it."
    missing = await add_feed(room, site.url("/nope.xml"))
    assert missing == "The site answered with HTTP error 404."
    handle = await room.invoke("feed list", user=room.admin_a)
    assert (await handle.wait_final()).content.startswith("This server has no feeds yet")


async def test_feed_commands_are_for_admins_and_each_server_sees_only_its_own(room, site):
    site.feed_slugs = ["bridge"]
    feed_id = feed_id_in(await add_feed(room, own_feed(room, site, "/feed.xml")))

    # Discord hides /feed from members (default permissions); the bot checks again anyway.
    with pytest.raises(Exception) as hidden:
        await room.invoke("feed add", {"url": site.url("/feed.xml")}, user=room.member_a)
    assert type(hidden.value).__name__ == "CommandUnavailable"
    for command, options in (
        ("feed add", {"url": site.url("/feed.xml")}),
        ("feed remove", {"feed": str(feed_id)}),
    ):
        handle = await room.invoke(command, options, user=room.member_a, check_permissions=False)
        callback = await handle.wait_response()
        assert callback.ephemeral
        assert callback.content == "Only members with the Manage Server permission can do that."

    # Server B sees nothing of server A's feed.
    handle = await room.invoke("feed list", user=room.admin_b)
    assert (await handle.wait_final()).content.startswith("This server has no feeds yet")
    assert await room.autocomplete("feed remove", "feed", "", user=room.admin_b) == []
    assert await room.autocomplete("feed remove", "feed", str(feed_id), user=room.admin_b) == []
    handle = await room.invoke("feed remove", {"feed": str(feed_id)}, user=room.admin_b)
    callback = await handle.wait_response()
    assert callback.content == "There is no feed with that id in this server."

    # Server A's admin finds it by name and removes it.
    choices = await room.autocomplete("feed remove", "feed", "harb", user=room.admin_a)
    assert choices == [{"name": f"#{feed_id} Harbour News", "value": str(feed_id)}]
    handle = await room.invoke("feed remove", {"feed": str(feed_id)}, user=room.admin_a)
    assert (await handle.wait_final()).content == f"Removed feed #{feed_id} **Harbour News**."
    handle = await room.invoke("feed remove", {"feed": str(feed_id)}, user=room.admin_a)
    assert (await handle.wait_response()).content == "There is no feed with that id in this server."


# --- newsbot feed ----------------------------------------------------------------------------


async def newsbot(site: WebSite, database: str, *args: str) -> tuple[int, str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSBOT_", "DISCORD_"))}
    env.update(site.bot_env(), NEWSBOT_DATABASE=database)
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
    return proc.returncode or 0, out.decode(), err.decode()


async def test_cli_feed_add_list_remove(site, tmp_path):
    site.feed_slugs = ["bridge"]
    db = str(tmp_path / "feeds.db")
    feed_url = site.url("/feed.xml")
    code, out, err = await newsbot(
        site, db, "feed", "add", feed_url, "--channel", "55", "--guild", "9"
    )
    assert code == 0, err
    assert out == f"added\t1\t{feed_url}\tHarbour News\n"
    code, out, _ = await newsbot(
        site, db, "feed", "add", feed_url, "--channel", "55", "--guild", "9"
    )
    assert out == f"exists\t1\t{feed_url}\tHarbour News\n"
    code, out, err = await newsbot(
        site, db, "feed", "add", site.url("/teaser"), "--channel", "55", "--guild", "9"
    )
    assert code == 2 and err == "newsbot: That link isn't an RSS or Atom feed.\n"
    code, out, _ = await newsbot(site, db, "feed", "list", "--guild", "9")
    assert out == f"1\t55\tok\t{feed_url}\tHarbour News\t\n"
    code, out, err = await newsbot(site, db, "feed", "remove", "1", "--guild", "10")
    assert code == 2 and err == "newsbot: There is no feed with that id in this server.\n"
    code, out, _ = await newsbot(site, db, "feed", "remove", "1", "--guild", "9")
    assert (code, out) == (0, f"removed\t1\t{feed_url}\n")


async def test_cli_feed_filters_show_test_and_log(site, tmp_path):
    site.feed_slugs = ["bridge", "market"]
    db = str(tmp_path / "feeds.db")
    feed_url = site.url("/feed.xml")
    code, out, err = await newsbot(site, db, "feed", "add", feed_url, "--channel", "55")
    assert code == 0, err
    code, out, err = await newsbot(
        site,
        db,
        "feed",
        "filter",
        "add",
        "1",
        "--field",
        "categories",
        "--rule",
        "contains",
        "weather",
    )
    assert (code, out) == (0, "added\t1\tcategories contains “weather”\n"), err
    code, out, err = await newsbot(
        site, db, "feed", "filter", "add", "1", "--field", "title", "--rule", "matches", "(x"
    )
    assert code == 2 and err.startswith("newsbot: That regular expression is not valid: ")
    code, out, _ = await newsbot(site, db, "feed", "filter", "list", "1")
    assert out == "1\tcategories\tcontains\tweather\t\n"
    code, out, _ = await newsbot(site, db, "feed", "show", "1")
    assert "filters_combine\tall\nfilters\t1\n" in out and f"url\t{feed_url}\n" in out

    code, out, _ = await newsbot(site, db, "feed", "test", "1")
    assert out == (
        f"post\t{STORIES['market'].title}\t{site.story_url('market')}\tpassed all 1 filters\n"
        f"skip\t{STORIES['bridge'].title}\t{site.story_url('bridge')}"
        "\tblocked by rule 1: categories contains “weather”\n"
    )
    code, out, _ = await newsbot(site, db, "feed", "log", "1")
    assert out == ""  # /feed test decides nothing for real
    code, out, _ = await newsbot(site, db, "feed", "filter", "remove", "1", "1")
    assert out == "removed\t1\tcategories contains “weather”\n"
    code, out, err = await newsbot(site, db, "feed", "filter", "remove", "1", "1")
    assert code == 2 and err == (
        "newsbot: That feed has no filter with that number: /feed filter list shows them.\n"
    )
    code, out, _ = await newsbot(site, db, "feed", "edit", "1", "--interval", "90")
    assert out == "edited\t1\t55\t90\tall\n"
    code, out, err = await newsbot(site, db, "feed", "edit", "1", "--interval", "5")
    assert code == 2 and err == "newsbot: A feed is polled every 10 to 1440 minutes.\n"
    code, out, err = await newsbot(site, db, "feed", "log", "1", "--guild", "10")
    assert code == 2 and err == "newsbot: There is no feed with that id in this server.\n"


async def test_cli_feed_tag_rules_add_list_and_remove(site, tmp_path):
    db = str(tmp_path / "feeds.db")
    code, out, err = await newsbot(
        site, db, "feed", "add", site.url("/feed.xml"), "--channel", "55"
    )
    assert code == 0, err
    add = ("feed", "tag", "add", "1", "--tag", "Ferries", "--field", "title", "--rule")
    code, out, err = await newsbot(site, db, *add, "contains", "ferry, boat")
    assert (code, out) == (0, "added\t1\ttag “Ferries” when title contains “ferry, boat”\n"), err
    code, out, err = await newsbot(site, db, *add, "matches", "(x")
    assert code == 2 and err.startswith("newsbot: That regular expression is not valid: ")
    code, out, _ = await newsbot(site, db, "feed", "tag", "list", "1")
    assert out == "1\tFerries\ttitle\tcontains\tferry, boat\n"
    code, out, _ = await newsbot(site, db, "feed", "show", "1")
    assert "tag_rules\t1\n" in out
    code, out, _ = await newsbot(site, db, "feed", "tag", "remove", "1", "1")
    assert out == "removed\t1\ttag “Ferries” when title contains “ferry, boat”\n"
    code, out, err = await newsbot(site, db, "feed", "tag", "remove", "1", "1")
    assert code == 2 and err == (
        "newsbot: That feed has no tag rule with that number: /feed show lists them.\n"
    )


# --- the poller's rules, in process, with a clock the test moves -----------------------------


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest_asyncio.fixture(loop_scope="module")
async def poller(site, tmp_path, network_guard):
    store = await open_store(str(tmp_path / "poller.db"))
    fetcher = make_fetcher(allow=[site.address], resolver={HOST: [site.address]})
    service = NewsService(store, None, fetcher)
    clock = Clock()
    try:
        yield FeedPoller(service, owner="test", clock=clock)
    finally:
        await service.close()
        await store.close()


async def poll(poller: FeedPoller) -> list[PollOutcome]:
    return [o async for o in poller.poll_due()]


async def test_a_failing_feed_backs_off_and_is_disabled_after_the_limit(poller, site):
    clock = poller.clock
    feed, _ = await subscribe(poller.service, 1, 2, site.url("/failing.xml"), now=clock())
    [first] = await poll(poller)
    assert [p.article.title for p in first.posts] == [STORIES["market"].title]
    site.failing = True
    for failures in range(1, MAX_FAILURES_BEFORE_DISABLE + 1):
        before = clock.now
        clock.now += 1
        assert await poll(poller) == [], "polled before the back-off had passed"
        clock.now = (await poller.service.store.get_feed(1, feed.id)).next_poll_at
        [outcome] = await poll(poller)
        assert outcome.error == "The site answered with HTTP error 500."
        assert outcome.feed.failures == failures
        stored = await poller.service.store.get_feed(1, feed.id)
        assert stored.next_poll_at - clock.now == next_poll_delay(30, failures)
        assert stored.next_poll_at > before
        assert outcome.disabled == (failures == MAX_FAILURES_BEFORE_DISABLE)
        assert stored.enabled == (failures < MAX_FAILURES_BEFORE_DISABLE)
    clock.now += 10 * 24 * 3600
    assert await poll(poller) == []  # disabled: never polled again

    # Adding it again re-enables it.
    site.failing = False
    again, created = await subscribe(poller.service, 1, 2, site.url("/failing.xml"), now=clock())
    assert not created and again.enabled and again.failures == 0
    [outcome] = await poll(poller)
    assert outcome.error is None and outcome.posts == []  # its entry was posted long ago


async def test_many_due_feeds_are_polled_a_share_per_tick_each_within_its_interval(poller, site):
    """300 feeds at 10 minutes, all due at once (a first start, or the bot back after a
    night away): no tick polls them all at once, yet every feed is polled once within its
    10 minutes (a fixed batch of 20 a tick would leave a third of them waiting)."""
    store, clock = poller.service.store, poller.clock
    feeds = set()
    for n in range(300):
        url = site.url(f"/feed.xml?n={n}")
        feed, _ = await store.add_feed(900 + n // 20, 5, url, 10, next_poll_at=clock.now)
        feeds.add(feed.id)
    start, per_tick, polled = clock.now, [], []
    while clock.now < start + 600:
        outcomes = await poll(poller)
        per_tick.append(len(outcomes))
        polled += [o.feed.id for o in outcomes]
        clock.now += 60
    assert sorted(polled) == sorted(feeds), "a feed was polled twice or not in its interval"
    assert max(per_tick) <= 300 / 10 * 1.1, f"a burst: {per_tick}"


async def test_posts_per_feed_are_capped_per_hour(poller, site, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FEED_POSTS_PER_HOUR", 2)
    monkeypatch.setattr(limits, "FEED_FIRST_POSTS", 10)
    clock = poller.clock
    site.feed_slugs = ["bridge", "library", "ferry", "market"]
    _feed, _ = await subscribe(poller.service, 1, 2, site.url("/feed.xml"), now=clock())
    [outcome] = await poll(poller)
    assert [p.article.title for p in outcome.posts] == [
        STORIES["bridge"].title,
        STORIES["library"].title,
    ]
    clock.now += 30 * 60  # the next poll: still within the hour, nothing more
    [outcome] = await poll(poller)
    assert outcome.posts == [] and not outcome.not_modified
    clock.now += 31 * 60  # an hour after the first posts: the rest
    [outcome] = await poll(poller)
    assert [p.article.title for p in outcome.posts] == [
        STORIES["ferry"].title,
        STORIES["market"].title,
    ]
    clock.now += 31 * 60  # everything seen: now the feed's validators are used
    [outcome] = await poll(poller)
    assert outcome.not_modified


async def test_a_new_feed_posts_only_its_newest_entries(poller, site, monkeypatch):
    monkeypatch.setattr(limits, "FEED_FIRST_POSTS", 2)
    site.feed_slugs = ["bridge", "library", "ferry", "market"]
    await subscribe(poller.service, 1, 2, site.url("/feed.xml"), now=poller.clock())
    [outcome] = await poll(poller)
    assert [p.article.title for p in outcome.posts] == [
        STORIES["ferry"].title,
        STORIES["market"].title,
    ]


async def test_an_article_the_server_already_has_is_not_posted_again(poller, site):
    service = poller.service
    await service.add_url(1, site.story_url("library"))
    site.feed_slugs = ["bridge", "library"]
    await subscribe(service, 1, 2, site.url("/feed.xml"), now=poller.clock())
    [outcome] = await poll(poller)
    assert [p.article.title for p in outcome.posts] == [STORIES["bridge"].title]


async def test_the_feed_limit_per_server(poller, site, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FEEDS_PER_GUILD", 1)
    site.feed_slugs = ["bridge"]
    await subscribe(poller.service, 1, 2, site.url("/feed.xml"))
    with pytest.raises(Exception) as refused:
        await subscribe(poller.service, 1, 2, site.url("/failing.xml"))
    assert "already has 1 feeds" in str(refused.value)
    _feed, created = await subscribe(poller.service, 3, 4, site.url("/failing.xml"))
    assert created


# --- targets: mentions, threads, forums, announcements, webhooks, permissions ----------------


async def empty_feed(room: Newsroom, site: WebSite, channel=None) -> int:
    """A feed added while it has no entries (so its settings are in place before the first
    post), polled once."""
    site.feed_slugs = []
    options = {"channel": channel} if channel is not None else {}
    feed_id = feed_id_in(await add_feed(room, own_feed(room, site, "/feed.xml"), **options))
    await room.double.wait_until(
        lambda: feed_row(room.database, feed_id)["last_polled_at"] is not None,
        timeout=WAIT,
        what="the first poll of an empty feed",
    )
    return feed_id


async def edit_feed(room: Newsroom, feed_id: int, **options) -> str:
    handle = await room.invoke("feed edit", {"feed": str(feed_id), **options}, user=room.admin_a)
    answer = await handle.wait_final(timeout=WAIT)
    assert handle.ephemeral
    return answer.content


def grant_bot(room: Newsroom, **permissions: bool) -> None:
    """Give the bot's role in server A these permissions too, as an admin would."""
    role = room.double.bot_role(room.guild_a)
    extra = discord.Permissions(**permissions).value
    room.double.set_role_permissions(role, discord.Permissions(role.permissions | extra))


async def publish_entries(room: Newsroom, site: WebSite, feed_id: int, *slugs: str) -> None:
    site.feed_slugs = list(slugs)
    await poll_again(room, feed_id)


async def test_feed_mentions_its_role_only_for_matching_entries_and_allows_only_that_role(
    room, site
):
    role = room.double.add_role(room.guild_a, "Ferry news", 0, mentionable=True)
    feed_id = await empty_feed(room, site)
    handle = await room.invoke(
        "feed mention",
        {
            "feed": str(feed_id),
            "role": role,
            "field": "title",
            "rule": "contains",
            "value": "ferry",
        },
        user=room.admin_a,
    )
    answer = (await handle.wait_final()).content
    assert answer == (
        f"Feed #{feed_id} mentions <@&{role.id}> in posts whose title contains “ferry”."
    )
    await publish_entries(room, site, feed_id, "bridge", "ferry")
    await wait_for_posts(room, 2)
    bridge, ferry = bot_messages(room)
    assert bridge.content == "" and bridge.allowed_mentions["parse"] == []
    assert not bridge.allowed_mentions.get("roles")
    assert ferry.content == f"<@&{role.id}>"
    assert ferry.allowed_mentions["parse"] == []  # never @everyone, @here or users
    assert [int(r) for r in ferry.allowed_mentions["roles"]] == [role.id]
    assert ferry.embeds[0]["title"] == STORIES["ferry"].title


async def test_feed_thread_per_article_is_named_after_the_title_with_its_archive_duration(
    room, site
):
    feed_id = await empty_feed(room, site)
    answer = await edit_feed(room, feed_id, target="thread", archive_after=60)
    assert answer == (
        f"I can't post this feed in <#{room.channel_a.id}>: I'm missing Create Public Threads "
        "there. Give me it (Server Settings → Roles, or the channel's Permissions) and try again."
    )
    grant_bot(room, create_public_threads=True)
    answer = await edit_feed(room, feed_id, target="thread", archive_after=60)
    assert answer == f"Feed #{feed_id} changed."
    await publish_entries(room, site, feed_id, "library")
    [message] = bot_messages(room)
    thread = room.double.channel(message.id)  # a thread from a message has its id
    assert thread is not None and thread.parent_id == room.channel_a.id
    assert thread.name == STORIES["library"].title
    assert thread.auto_archive_duration == 60
    assert message.embeds[0]["title"] == STORIES["library"].title


async def test_feed_forum_gets_a_post_per_article_with_the_tags_matching_its_categories(room, site):
    forum = room.double.add_channel(
        room.guild_a, "news-forum", type=15, tags=["Weather", "Transport", "Sport"]
    )
    feed_id = await empty_feed(room, site, channel=forum)
    assert feed_row(room.database, feed_id)["target"] == "forum"
    await publish_entries(room, site, feed_id, "bridge", "market")
    await room.double.wait_until(
        lambda: len(room.double.threads_of(forum)) == 2, timeout=WAIT, what="two forum posts"
    )
    bridge, market = room.double.threads_of(forum)
    assert bridge.name == STORIES["bridge"].title
    assert bridge.applied_tags == [room.double.forum_tag(forum, "Transport")]
    assert market.applied_tags == [room.double.forum_tag(forum, "Weather")]
    [first] = room.double.channel_messages(market)
    assert first.author.id == room.double.bot_user.id
    assert first.embeds[0]["title"] == STORIES["market"].title
    log = await room.invoke("feed log", {"feed": str(feed_id)}, user=room.admin_a)
    text = (await log.wait_final()).embeds[0]["description"]
    assert f"/{room.guild_a.id}/{market.id}/{first.id})" in text


async def test_feed_forum_post_gets_the_tag_whose_rule_its_entry_passes(room, site):
    forum = room.double.add_channel(
        room.guild_a, "news-forum", type=15, tags=["Transport", "Ferries"]
    )
    feed_id = await empty_feed(room, site, channel=forum)
    options = {"feed": str(feed_id), "field": "title", "rule": "contains", "value": "ferry"}
    handle = await room.invoke("feed tag add", {**options, "tag": "Boats"}, user=room.admin_a)
    assert (await handle.wait_final(timeout=WAIT)).content == (
        f"<#{forum.id}> has no tag “Boats” (its tags: “Transport”, “Ferries”); add it in the "
        "forum's settings first."
    )
    handle = await room.invoke("feed tag add", {**options, "tag": "Ferries"}, user=room.admin_a)
    assert (await handle.wait_final(timeout=WAIT)).content == (
        f"Feed #{feed_id}: tag rule 1, tag “Ferries” when title contains “ferry”."
    )
    handle = await room.invoke("feed show", {"feed": str(feed_id)}, user=room.admin_a)
    fields = {f["name"]: f["value"] for f in (await handle.wait_final()).embeds[0]["fields"]}
    assert fields["Forum tags by rule"] == "`1.` tag “Ferries” when title contains “ferry”"

    # The ferry story has no categories: only the rule tags it. The bridge story's category
    # "Transport" tags it, and its title has no "ferry".
    await publish_entries(room, site, feed_id, "bridge", "ferry")
    await room.double.wait_until(
        lambda: len(room.double.threads_of(forum)) == 2, timeout=WAIT, what="two forum posts"
    )
    bridge, ferry = room.double.threads_of(forum)
    assert ferry.name == STORIES["ferry"].title
    assert ferry.applied_tags == [room.double.forum_tag(forum, "Ferries")]
    assert bridge.applied_tags == [room.double.forum_tag(forum, "Transport")]

    handle = await room.invoke(
        "feed tag remove", {"feed": str(feed_id), "number": 1}, user=room.admin_a
    )
    assert (await handle.wait_final(timeout=WAIT)).content == (
        f"Feed #{feed_id}: removed tag rule 1, tag “Ferries” when title contains “ferry”. "
        "It has 0 tag rules now."
    )


async def test_feed_in_an_announcement_channel_publishes_each_post_when_asked(room, site):
    announcements = room.double.add_channel(room.guild_a, "announcements", type=5)
    feed_id = await empty_feed(room, site, channel=announcements)
    await edit_feed(room, feed_id, publish=True)
    await publish_entries(room, site, feed_id, "ferry")
    await wait_for_posts(room, 1, announcements)
    [message] = bot_messages(room, announcements)
    assert message.flags & 1  # CROSSPOSTED
    [crosspost] = room.double.requests_to(
        "POST", "/channels/{channel_id}/messages/{message_id}/crosspost"
    )
    assert crosspost.path.endswith(f"/{announcements.id}/messages/{message.id}/crosspost")


async def test_feed_posts_through_its_own_webhook_with_its_name_and_avatar_and_recreates_it(
    room, site
):
    double = room.double
    theirs = double.add_webhook(room.channel_a, "Someone else's", room.admin_a.user)
    grant_bot(room, manage_webhooks=True)
    feed_id = await empty_feed(room, site)
    await edit_feed(room, feed_id, webhook=True, webhook_name="Harbour Wire")
    await publish_entries(room, site, feed_id, "bridge")

    def webhook_posts():
        return [m for m in double.channel_messages(room.channel_a) if m.webhook_id]

    await double.wait_until(lambda: len(webhook_posts()) == 1, timeout=WAIT, what="a post")
    [post] = webhook_posts()
    [mine] = [w for w in double.channel_webhooks(room.channel_a) if w is not theirs]
    assert post.webhook_id == mine.id and post.author.name == "Harbour Wire"
    assert post.avatar_url == site.url("/icon.png")  # the site's icon, by URL
    assert post.embeds[0]["title"] == STORIES["bridge"].title
    assert not [p for p, _ in site.requests if p == "/icon.png"]  # never downloaded

    double.delete_webhook(mine)  # an admin deleted it: the next post makes a new one
    avatar = "https://harbour-news.test/avatar.png"
    await edit_feed(room, feed_id, webhook_avatar=avatar)
    await publish_entries(room, site, feed_id, "bridge", "ferry")
    await double.wait_until(lambda: len(webhook_posts()) == 2, timeout=WAIT, what="a 2nd post")
    [again] = [w for w in double.channel_webhooks(room.channel_a) if w is not theirs]
    assert again.id != mine.id and webhook_posts()[1].webhook_id == again.id
    assert webhook_posts()[1].avatar_url == avatar
    assert theirs.id in double.webhooks  # never touched
    assert not [m for m in double.messages.values() if m.webhook_id == theirs.id]


async def test_feed_add_tells_exactly_which_permissions_are_missing(room, site):
    double = room.double
    double.set_permissions(
        room.channel_a,
        double.bot_role(room.guild_a),
        deny=discord.Permissions(embed_links=True),
    )
    site.feed_slugs = ["bridge"]
    answer = await add_feed(room, own_feed(room, site, "/feed.xml"))
    assert answer == (
        f"I can't post this feed in <#{room.channel_a.id}>: I'm missing Embed Links there. "
        "Give me it (Server Settings → Roles, or the channel's Permissions) and try again."
    )
    handle = await room.invoke("feed list", user=room.admin_a)
    assert (await handle.wait_final()).content.startswith("This server has no feeds yet")


async def test_feed_whose_permission_is_removed_later_is_paused_with_the_reason_and_resumes(
    room, site
):
    double = room.double
    feed_id = await empty_feed(room, site)
    double.set_permissions(
        room.channel_a,
        double.bot_role(room.guild_a),
        deny=discord.Permissions(embed_links=True),
    )
    site.feed_slugs = ["ferry"]
    make_feeds_due(room.database, feed_id)
    await double.wait_until(
        lambda: feed_row(room.database, feed_id)["paused_reason"] is not None,
        timeout=WAIT,
        what="the feed paused",
    )
    reason = feed_row(room.database, feed_id)["paused_reason"]
    assert reason == (
        "I'm missing Embed Links in #news; an admin can grant it and run /feed edit to resume."
    )
    handle = await room.invoke("feed show", {"feed": str(feed_id)}, user=room.admin_a)
    fields = {f["name"]: f["value"] for f in (await handle.wait_final()).embeds[0]["fields"]}
    assert fields["State"] == f"paused: {reason}"
    handle = await room.invoke("feed log", {"feed": str(feed_id)}, user=room.admin_a)
    assert "**paused**" in (await handle.wait_final()).embeds[0]["description"]
    assert bot_messages(room) == []

    # Still missing: /feed edit says so; granted again: an empty edit resumes and it posts.
    answer = await edit_feed(room, feed_id)
    assert "I'm missing Embed Links there" in answer
    double.set_permissions(room.channel_a, double.bot_role(room.guild_a))
    assert await edit_feed(room, feed_id) == f"Feed #{feed_id} changed."
    assert await wait_for_posts(room, 1) == [STORIES["ferry"].title]


async def test_feed_compact_format_posts_title_link_and_one_sentence(room, site):
    feed_id = await empty_feed(room, site)
    await edit_feed(room, feed_id, format="compact")
    await publish_entries(room, site, feed_id, "bridge")
    [message] = bot_messages(room)
    embed = message.embeds[0]
    assert embed["title"] == STORIES["bridge"].title
    assert embed["url"] == site.story_url("bridge")
    assert "\n" not in embed["description"] and not embed.get("fields")
    assert not embed.get("footer")


async def test_feed_quotes_format_adds_the_articles_top_quotation(room, site):
    feed_id = await empty_feed(room, site)
    await edit_feed(room, feed_id, format="quotes")
    await publish_entries(room, site, feed_id, "bridge")
    [message] = bot_messages(room)
    fields = {f["name"]: f["value"] for f in message.embeds[0]["fields"]}
    assert "We rebuilt it to last another hundred years" in fields["Top quotation"]
    assert "Whitfield" in fields["Top quotation"]


@pytest.mark.parametrize("target", ["channel", "forum"])
async def test_feed_entry_retitled_within_48_hours_edits_its_post_marked_updated(
    room, site, target
):
    forum = room.double.add_channel(room.guild_a, "forum", type=15) if target == "forum" else None
    feed_id = await empty_feed(room, site, channel=forum)
    await publish_entries(room, site, feed_id, "bridge")
    [first] = deliveries(room, feed_id)
    message = room.double.messages[first["message_id"]]
    assert message.embeds[0]["title"] == STORIES["bridge"].title

    site.retitled["bridge"] = "Harbour Bridge Reopens to Cheers"
    await poll_again(room, feed_id)
    first_row, edit = deliveries(room, feed_id)
    assert (edit["edit_of"], edit["state"]) == (first_row["id"], "delivered")
    assert message.embeds[0]["title"] == "Updated: Harbour Bridge Reopens to Cheers"
    assert message.edited_timestamp is not None
    assert [m.id for m in bot_messages(room, forum)] == ([] if forum else [message.id])
    if forum is not None:
        [post] = room.double.threads_of(forum)
        assert post.name == "Harbour Bridge Reopens to Cheers"
    handle = await room.invoke("feed log", {"feed": str(feed_id)}, user=room.admin_a)
    text = (await handle.wait_final()).embeds[0]["description"]
    assert text.splitlines()[0].split("**")[1] == "edited"

    await poll_again(room, feed_id)  # unchanged since: no further edit
    assert len(deliveries(room, feed_id)) == 2


async def test_feed_post_shows_the_pages_lead_image_by_its_address_and_a_page_without_none(
    room, site
):
    feed_id = await empty_feed(room, site)
    await publish_entries(room, site, feed_id, "bridge", "library")
    bridge, library = bot_messages(room)
    assert bridge.embeds[0]["title"] == STORIES["bridge"].title
    # The page says og:image "/images/bridge-ribbon.jpg": resolved against the page's address.
    assert bridge.embeds[0]["image"]["url"] == site.url("/images/bridge-ribbon.jpg")
    assert library.embeds[0]["title"] == STORIES["library"].title
    assert "image" not in library.embeds[0]
    assert not site.requests_for("/images/bridge-ribbon.jpg")  # referenced, never downloaded

    # /summary shows the same embed, with the same image, from the stored article.
    bridge_delivery = deliveries(room, feed_id)[0]
    handle = await room.invoke("summary", {"article": str(bridge_delivery["article_id"])})
    reply = await handle.wait_final(timeout=WAIT)
    assert reply.embeds[0]["image"]["url"] == site.url("/images/bridge-ribbon.jpg")
