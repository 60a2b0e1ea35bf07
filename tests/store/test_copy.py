"""`newsbot db copy`: every guild's rows move between SQLite and PostgreSQL with their ids, and
read back through the other backend exactly as they were written."""

import asyncio
import os
import subprocess
import sys

import pytest

from bot.digest_schedule import DigestSchedule
from bot.models import Article, FeedLogEntry, FollowNotice, GuildSettings, Quote, Summary
from bot.store import Store, StoreError, open_store
from bot.store.base import TABLES
from bot.store.copy import copy_database

GUILD_A, GUILD_B = 111, 222


async def populate(store: Store) -> None:
    """Two guilds' worth of every kind of row, written through the store API."""
    for guild in (GUILD_A, GUILD_B):
        for i in range(3):
            stored, _ = await store.add_article(
                Article(
                    None,
                    guild,
                    f"Bridge report {i}",
                    f"The bridge {i} reopened. The mayor spoke.",
                    canonical_url=f"https://news.example/{guild}/{i}",
                    content_hash=f"{guild}-{i}",
                    sentence_count=2,
                    word_count=7,
                )
            )
            await store.replace_quotations(
                guild,
                stored.id,
                [
                    Quote("We rebuilt it", "Dana Whitfield", "said", 0, 13, 0.9, "engineer"),
                    Quote("It ran late", None, None, 20, 31),
                ],
                "q1",
            )
            await store.put_summary(
                guild,
                stored.id,
                "3",
                "v1",
                Summary("lead", ("The bridge reopened.",), 2, ("bridge",)),
            )
            await store.assign_story(guild, stored.id, stored.id, 1000.0 + i, ["bridge", f"b{i}"])
        await store.record_story_post(guild, stored.id, 10, 777, 1002.0)
        await store.add_story_report(guild, stored.id, 10, "Coast Radio", "https://c.example/")
        await store.set_stories_enabled(guild, guild == GUILD_A)
        await store.set_digest(DigestSchedule(guild, 10, "09:00", "weekly", 2, "Europe/Oslo", 5.0))
        await store.claim_digest_period(guild, "2026-01-14", 6.0)
        await store.finish_digest_period(guild, "2026-01-14", 888, 3)
        await store.add_follow(
            guild, 5, "speaker", "dana whitfield", "Dana Whitfield", "dana whitfield", 8.0, 25
        )
        await store.add_follow_notices(
            [FollowNotice(guild, 5, stored.id, "you follow speaker Dana", 9.0)]
        )
        await store.pause_follows(guild, 5, 10.0)
        await store.save_settings(GuildSettings(guild, 4, "lexrank", 99))
        feed, _ = await store.add_feed(guild, 10, "https://news.example/rss", 30, added_by=5)
        await store.add_feed(guild, 10, "https://news.example/off", 30)
        await store.record_poll(
            feed.id,
            polled_at=10.5,
            next_poll_at=1800.25,
            failures=1,
            error="HTTP 503",
            enabled=True,
            etag='"e"',
            title="News",
        )
        await store.claim_entry(feed.id, ["urn:1", "https://news.example/1"], now=11.0)
        await store.mark_posted(feed.id, ["urn:1", "https://news.example/1"], stored.id, now=12.0)
        delivery = await store.queue_delivery(feed.id, stored.id, ["urn:1"], now=11.5)
        await store.record_delivery(
            delivery,
            state="delivered",
            attempts=2,
            next_attempt_at=12.0,
            error="Discord was unavailable (HTTP 503).",
            now=12.0,
            channel_id=10,
            message_id=77,
        )
        await store.add_feed_log(
            feed.id, FeedLogEntry(12.0, "posted", None, "Bridge", "https://news.example/1", 10, 77)
        )
    await store.claim_due_feeds(now=2000.0, owner="poller", lease_seconds=60.0)


async def snapshot(store: Store) -> dict:
    """Everything the API shows of both guilds."""
    seen = {}
    for guild in (GUILD_A, GUILD_B):
        headers = await store.list_articles(guild, 100)
        feeds = await store.list_feeds(guild)
        seen[guild] = {
            "articles": [await store.get_article(guild, h.id) for h in headers],
            "headers": headers,
            "autocomplete": await store.autocomplete_articles(guild, "bri"),
            "search": sorted(h.id for h in await store.search_articles(guild, "mayor")),
            "quotes": await store.find_quotations(guild, limit=100),
            "speakers": await store.speakers(guild),
            "summaries": [await store.get_summary(guild, h.id, "lead", "3", "v1") for h in headers],
            "settings": await store.get_settings(guild),
            "feeds": feeds,
            "posts": [await store.posts_since(f.id, 0.0) for f in feeds],
            "stories": [await store.story_articles(guild, h.id) for h in headers],
            "story_window": await store.story_window(guild, ["bridge", "b1"], 0.0),
            "story_posts": [await store.get_story_post(guild, h.id, 10) for h in headers],
            "stories_enabled": await store.stories_enabled(guild),
            "digest": await store.get_digest(guild),
            "follows": await store.list_follows(guild, 5),
            "notices": await store.waiting_notices([guild]),
            "digest_claimed": await store.claim_digest_period(guild, "2026-01-14", 7.0),
            "deliveries": [await store.list_deliveries(guild, f.id) for f in feeds],
            "log": [await store.feed_log(guild, f.id) for f in feeds],
        }
    seen["needing_quotes"] = await store.articles_needing_quotes("q2")
    seen["leased_elsewhere"] = await store.claim_due_feeds(2001.0, "other", 60.0)
    return seen


async def test_sqlite_to_postgres_and_back(sqlite_database, postgres_database, tmp_path):
    source = await open_store(sqlite_database)
    await populate(source)
    before = await snapshot(source)
    await source.close()
    assert before[GUILD_A]["quotes"] and before[GUILD_B]["feeds"] and before[GUILD_A]["search"]

    counts = await copy_database(sqlite_database, postgres_database)
    assert counts == {
        "articles": 6,
        "summaries": 6,
        "quotations": 12,
        "guild_settings": 2,
        "feeds": 4,
        "feed_entries": 4,
        "story_articles": 6,
        "story_terms": 12,
        "story_posts": 2,
        "story_settings": 2,
        "digest_schedules": 2,
        "digest_posts": 2,
        "follows": 2,
        "follow_members": 2,
        "follow_notices": 2,
        "feed_deliveries": 2,
        "feed_log": 2,
    }

    copied = await open_store(postgres_database)
    assert await snapshot(copied) == before
    feed = before[GUILD_A]["feeds"][0]
    assert not await copied.claim_entry(feed.id, ["urn:1"], now=13.0)  # entries came along
    assert before[GUILD_A]["deliveries"][0][0].message_id == 77
    newest = max(h.id for g in (GUILD_A, GUILD_B) for h in before[g]["headers"])
    added, created = await copied.add_article(
        Article(None, GUILD_A, "New", "New text. Yes.", content_hash="new")
    )
    assert created and added.id == newest + 1  # the id sequence was moved past the copied ids
    await copied.remove_article(GUILD_A, added.id)
    await copied.close()

    back = f"sqlite:///{tmp_path / 'back.db'}"
    assert await copy_database(postgres_database, back) == counts
    restored = await open_store(back)
    assert await snapshot(restored) == before
    await restored.close()


async def test_copy_refuses_a_non_empty_target(database, tmp_path):
    target = await open_store(database)
    await target.save_settings(GuildSettings(GUILD_A, 3))
    await target.close()
    source = f"sqlite:///{tmp_path / 'source.db'}"
    await (await open_store(source)).close()
    with pytest.raises(StoreError, match="not empty"):
        await copy_database(source, database)


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("{tmp}/a.db", "sqlite:///{tmp}/a.db", "same database"),
        ("{tmp}/missing.db", "{tmp}/b.db", "no such database file"),
        ("{tmp}/a.db", "postgresql://postgres@127.0.0.1:1/newsbot", "cannot connect"),
    ],
)
async def test_copy_refuses_bad_input(tmp_path, source, target, message):
    await (await open_store(str(tmp_path / "a.db"))).close()
    with pytest.raises(StoreError, match=message):
        await copy_database(source.format(tmp=tmp_path), target.format(tmp=tmp_path))


def newsbot(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "NEWSBOT_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_cli_prints_one_line_per_table_and_refuses_bad_input_with_exit_2(tmp_path):
    source, target = str(tmp_path / "source.db"), str(tmp_path / "target.db")

    async def fill() -> None:
        store = await open_store(source)
        await populate(store)
        await store.close()

    asyncio.run(fill())
    result = newsbot("db", "copy", source, target)
    assert result.returncode == 0, result.stderr
    lines = [line.split("\t") for line in result.stdout.splitlines()]
    assert [name for name, _ in lines] == [t.name for t in TABLES]
    assert dict(lines)["articles"] == "6"

    again = newsbot("db", "copy", source, target)
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.count("\n") == 1 and "not empty" in again.stderr
