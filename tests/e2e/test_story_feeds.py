"""Stories in feeds end to end: three feeds report one event, the channel sees one post that
lists the other sources; `/settings stories off` posts every entry; a feed follow sends DMs.

One bot process (polling every 0.2 s) serves the module against the three publishers of
`story_wire_site.py`; each test has its own servers and feed URLs.
"""

from __future__ import annotations

import contextlib
import sqlite3

import discord
import pytest
import pytest_asyncio

from tests.e2e.newsroom import Newsroom, build_room
from tests.e2e.story_wire_site import BRIDGE, PUBLISHERS, StoryWireSite, running_story_site
from tests.e2e.web_site import bot_for_site, feed_row, make_feeds_due

pytestmark = pytest.mark.asyncio(loop_scope="module")

WAIT = 30.0
ALSO = "Also reported by"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory):
    async with (
        running_story_site() as site,
        bot_for_site(
            site,
            tmp_path_factory.mktemp("story-feeds-bot"),
            {"NEWSBOT_FEED_TICK_SECONDS": "0.2", "NEWSBOT_FOLLOW_TICK_SECONDS": "0.3"},
        ) as (double, process),
    ):
        yield site, double, process


@pytest.fixture
def site(world) -> StoryWireSite:
    return world[0]


@pytest.fixture
def room(world) -> Newsroom:
    return build_room(world[1], world[2])


def report(publisher: str, slug: str):
    return next(r for r in PUBLISHERS[publisher].reports if r.slug == slug)


def posts(room: Newsroom) -> list:
    bot_id = room.double.bot_user.id
    return [
        m
        for m in room.double.channel_messages(room.channel_a)
        if m.author.id == bot_id and m.embeds
    ]


def titles(room: Newsroom) -> list[str]:
    return [m.embeds[0]["title"] for m in posts(room)]


def also_reported(message) -> str | None:
    fields = [f["value"] for f in message.embeds[0].get("fields", []) if f["name"] == ALSO]
    return fields[0] if fields else None


def settled(room: Newsroom) -> bool:
    """Every queued delivery is posted (or folded) or failed for good."""
    with contextlib.closing(sqlite3.connect(room.database, timeout=5)) as db:
        (pending,) = db.execute(
            "SELECT count(*) FROM feed_deliveries WHERE state = 'pending'"
        ).fetchone()
    return pending == 0


async def add_feed(room: Newsroom, url: str) -> int:
    handle = await room.invoke(
        "feed add", {"url": url, "channel": room.channel_a}, user=room.admin_a
    )
    text = (await handle.wait_final(timeout=WAIT)).content
    return int(text.split("#", 1)[1].split()[0].rstrip(":,."))


async def wait_for(room: Newsroom, predicate, what: str) -> None:
    await room.double.wait_until(lambda: predicate() and settled(room), timeout=WAIT, what=what)


def link(site: StoryWireSite, publisher: str) -> str:
    return f"[{PUBLISHERS[publisher].name}]({site.report_url(publisher, BRIDGE)})"


async def test_story_in_three_feeds_is_posted_once_and_its_post_lists_the_other_sources(room, site):
    await add_feed(room, site.feed_url("gazette", room.guild_a.id))
    await wait_for(room, lambda: len(posts(room)) == 2, "the Gazette's two posts")
    first = next(m for m in posts(room) if m.embeds[0]["title"] == report("gazette", BRIDGE).title)
    assert also_reported(first) is None

    # The first edit meets a Discord outage: it is retried like a post.
    outage = room.double.fail("PATCH", f"/channels/{room.channel_a.id}/messages/{first.id}")
    radio = await add_feed(room, site.feed_url("radio", room.guild_a.id))
    await wait_for(
        room, lambda: also_reported(first) and len(posts(room)) == 3, "Coast Radio folded"
    )
    assert outage.remaining == 0
    assert also_reported(first) == link(site, "radio")

    await add_feed(room, site.feed_url("daily", room.guild_a.id))
    await wait_for(
        room, lambda: "North Daily" in (also_reported(first) or ""), "North Daily folded"
    )
    assert also_reported(first) == f"{link(site, 'radio')}, {link(site, 'daily')}"
    # One post for the bridge; the other stories of the same feeds each have their own.
    assert sorted(titles(room)) == sorted(
        [
            report("gazette", BRIDGE).title,
            report("gazette", "schools").title,
            report("radio", "orchard").title,
        ]
    )
    assert first.embeds[0]["title"] == report("gazette", BRIDGE).title  # the rest is kept

    handle = await room.invoke("feed log", {"feed": str(radio)}, user=room.admin_a)
    lines = (await handle.wait_final(timeout=WAIT)).embeds[0]["description"].splitlines()
    folded = next(line for line in lines if "**folded**" in line)
    assert report("radio", BRIDGE).title in folded
    post_link = f"https://discord.com/channels/{room.guild_a.id}/{room.channel_a.id}/{first.id}"
    assert post_link in folded
    assert any("**posted**" in line and report("radio", "orchard").title in line for line in lines)


async def test_story_off_posts_every_feed_entry(room, site):
    handle = await room.invoke("settings stories", {"state": "off"}, user=room.admin_a)
    assert "off" in (await handle.wait_response()).content
    for publisher in ("gazette", "radio", "daily"):
        await add_feed(room, site.feed_url(publisher, room.guild_a.id))
    await wait_for(room, lambda: len(posts(room)) == 5, "every entry of the three feeds")
    assert sorted(titles(room)) == sorted(r.title for p in PUBLISHERS.values() for r in p.reports)
    assert all(also_reported(m) is None for m in posts(room))


async def test_story_feed_follow_sends_the_member_a_dm_for_each_new_entry(room, site):
    key = f"{room.guild_a.id}-follow"
    site.held.add(key)  # the feed is empty until the member follows it
    feed_id = await add_feed(room, site.feed_url("radio", key))
    handle = await room.invoke("follow add feed", {"feed": str(feed_id)}, user=room.member_a)
    assert (await handle.wait_response()).ephemeral

    site.held.discard(key)
    make_feeds_due(room.database, feed_id)
    dm_channel = room.double.dm_channel(room.member_a)
    await room.double.wait_until(
        lambda: len(room.double.channel_messages(dm_channel)) >= 2,
        timeout=WAIT,
        what="a DM per new entry",
    )
    dms = [m.embeds[0] for m in room.double.channel_messages(dm_channel)]
    assert sorted(e["title"] for e in dms) == sorted(r.title for r in PUBLISHERS["radio"].reports)
    assert all("you follow feed Coast Radio" in e["footer"]["text"] for e in dms)
    # Someone who does not follow the feed hears nothing of it.
    assert room.double.channel_messages(room.double.dm_channel(room.admin_a)) == []


async def test_story_posted_through_a_feeds_webhook_is_edited_by_that_webhook(room, site):
    role = room.double.bot_role(room.guild_a)
    extra = discord.Permissions(manage_webhooks=True).value
    room.double.set_role_permissions(role, discord.Permissions(role.permissions | extra))
    key = f"{room.guild_a.id}-webhook"
    site.held.add(key)  # empty until the feed posts through its webhook
    gazette = await add_feed(room, site.feed_url("gazette", key))
    await room.double.wait_until(
        lambda: feed_row(room.database, gazette)["last_polled_at"] is not None,
        timeout=WAIT,
        what="the first poll of the empty feed",
    )
    handle = await room.invoke(
        "feed edit",
        {"feed": str(gazette), "webhook": True, "webhook_name": "Gazette Wire"},
        user=room.admin_a,
    )
    await handle.wait_final(timeout=WAIT)
    site.held.discard(key)
    make_feeds_due(room.database, gazette)

    def webhook_posts() -> list:
        return [m for m in room.double.channel_messages(room.channel_a) if m.webhook_id]

    await wait_for(room, lambda: len(webhook_posts()) == 2, "the Gazette's posts by webhook")
    [first] = [
        m for m in webhook_posts() if m.embeds[0]["title"] == report("gazette", BRIDGE).title
    ]

    await add_feed(room, site.feed_url("radio", room.guild_a.id))  # posts as the bot
    await wait_for(room, lambda: also_reported(first) and posts(room), "Coast Radio folded")
    assert also_reported(first) == link(site, "radio")
    assert first.author.name == "Gazette Wire"  # still the webhook's post, edited by it
    assert titles(room) == [report("radio", "orchard").title]


async def test_story_whose_first_post_was_deleted_is_posted_again_and_that_post_gets_the_rest(
    room, site
):
    await add_feed(room, site.feed_url("gazette", room.guild_a.id))
    await wait_for(room, lambda: len(posts(room)) == 2, "the Gazette's two posts")
    [gone] = [m for m in posts(room) if m.embeds[0]["title"] == report("gazette", BRIDGE).title]
    gone.deleted = True  # someone deleted the story's post

    await add_feed(room, site.feed_url("radio", room.guild_a.id))
    await wait_for(room, lambda: len(posts(room)) == 3, "Coast Radio's two posts")
    [second] = [m for m in posts(room) if m.embeds[0]["title"] == report("radio", BRIDGE).title]
    assert also_reported(second) is None

    await add_feed(room, site.feed_url("daily", room.guild_a.id))
    await wait_for(room, lambda: also_reported(second), "North Daily folded")
    assert also_reported(second) == link(site, "daily")
    assert len(posts(room)) == 3
