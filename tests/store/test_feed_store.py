"""Feed subscriptions in the store: per guild, due times, and entries never claimed twice."""

import pytest

from bot.store import SQLiteStore

GUILD_A, GUILD_B = 1, 2


@pytest.fixture
async def store(tmp_path):
    s = await SQLiteStore.open(tmp_path / "feeds.db")
    yield s
    await s.close()


async def test_subscribing_twice_is_one_feed(store):
    feed, created = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    again, created_again = await store.add_feed(GUILD_A, 11, "https://news.example/rss", 30)
    assert created and not created_again and again.id == feed.id
    assert await store.count_feeds(GUILD_A) == 1


async def test_guild_cannot_see_or_remove_another_guilds_feed(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert await store.list_feeds(GUILD_B) == []
    assert await store.get_feed(GUILD_B, feed.id) is None
    assert not await store.remove_feed(GUILD_B, feed.id)
    assert await store.get_feed(GUILD_A, feed.id) is not None


async def test_due_feeds_and_recorded_polls(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert [f.id for f in await store.due_feeds(now=100.0)] == [feed.id]
    await store.record_poll(feed.id, polled_at=100.0, next_poll_at=1900.0, failures=0, error=None,
                            enabled=True, etag='"v1"', last_modified="Mon, 01 Jan 2024 00:00:00 GMT")
    assert await store.due_feeds(now=1000.0) == []
    stored = await store.get_feed(GUILD_A, feed.id)
    assert stored.etag == '"v1"' and stored.next_poll_at == 1900.0
    await store.record_poll(feed.id, polled_at=2000.0, next_poll_at=9e9, failures=10,
                            error="HTTP 500", enabled=False)
    failing = await store.get_feed(GUILD_A, feed.id)
    assert not failing.enabled and failing.last_error == "HTTP 500" and failing.etag == '"v1"'
    assert await store.due_feeds(now=1e12) == []


async def test_an_entry_is_claimed_once_by_id_or_by_link(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert await store.claim_entry(feed.id, ["urn:1", "https://news.example/a"], now=1.0)
    assert not await store.claim_entry(feed.id, ["urn:1", "https://news.example/a"], now=2.0)
    assert not await store.claim_entry(feed.id, ["urn:other", "https://news.example/a"], now=2.0)
    assert await store.claim_entry(feed.id, ["urn:2", "https://news.example/b"], now=3.0)


async def test_posts_are_counted_for_the_hourly_cap(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    from bot.models import Article

    for i in range(3):
        art, _ = await store.add_article(Article(None, GUILD_A, f"T{i}", f"Text {i}. More.", content_hash=str(i)))
        await store.claim_entry(feed.id, [f"urn:{i}"], now=100.0 + i)
        await store.mark_posted(feed.id, [f"urn:{i}"], art.id, now=100.0 + i)
    assert await store.posts_since(feed.id, since=101.0) == 2
