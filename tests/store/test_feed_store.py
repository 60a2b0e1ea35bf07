"""Feed subscriptions in the store, both backends: per guild, due times, leases shared by
several pollers, and entries never claimed twice."""

import asyncio

from bot.store import open_store

GUILD_A, GUILD_B = 1, 2


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


async def test_due_feeds_are_claimed_and_polls_recorded(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert [f.id for f in await store.claim_due_feeds(100.0, "a", 0.0)] == [feed.id]
    await store.record_poll(
        feed.id,
        polled_at=100.0,
        next_poll_at=1900.0,
        failures=0,
        error=None,
        enabled=True,
        etag='"v1"',
        last_modified="Mon, 01 Jan 2024 00:00:00 GMT",
    )
    assert await store.claim_due_feeds(1000.0, "a", 0.0) == []
    stored = await store.get_feed(GUILD_A, feed.id)
    assert stored.etag == '"v1"' and stored.next_poll_at == 1900.0
    await store.record_poll(
        feed.id, polled_at=2000.0, next_poll_at=9e9, failures=10, error="HTTP 500", enabled=False
    )
    failing = await store.get_feed(GUILD_A, feed.id)
    assert not failing.enabled and failing.last_error == "HTTP 500" and failing.etag == '"v1"'
    assert await store.claim_due_feeds(1e12, "a", 0.0) == []


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
        art, _ = await store.add_article(
            Article(None, GUILD_A, f"T{i}", f"Text {i}. More.", content_hash=str(i))
        )
        await store.claim_entry(feed.id, [f"urn:{i}"], now=100.0 + i)
        await store.queue_delivery(feed.id, art.id, [f"urn:{i}"], now=100.0 + i)
    assert await store.posts_since(feed.id, since=101.0) == 2


async def test_two_owners_never_lease_the_same_feed(store, database):
    other = await open_store(database)  # a second process on the same database
    try:
        feeds = [
            (await store.add_feed(GUILD_A, 10, f"https://news.example/{i}", 30))[0]
            for i in range(12)
        ]
        for _ in range(3):
            a, b = await asyncio.gather(
                store.claim_due_feeds(now=100.0, owner="a", lease_seconds=60, limit=5),
                other.claim_due_feeds(now=100.0, owner="b", lease_seconds=60, limit=5),
            )
            assert not {f.id for f in a} & {f.id for f in b}
        leased_by_a = {f.id for f in await store.claim_due_feeds(100.0, "a", 60, limit=20)}
        leased_by_b = {f.id for f in await other.claim_due_feeds(100.0, "b", 60, limit=20)}
        assert not leased_by_a & leased_by_b
        assert leased_by_a | leased_by_b == {f.id for f in feeds}
        assert await store.claim_due_feeds(100.0, "c", 60, limit=20) == []
    finally:
        await other.close()


async def test_an_expired_lease_is_taken_over(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert [f.id for f in await store.claim_due_feeds(100.0, "a", 60.0, 20)] == [feed.id]
    assert await store.claim_due_feeds(159.0, "b", 60.0, 20) == []
    assert [f.id for f in await store.claim_due_feeds(159.0, "a", 60.0, 20)] == [feed.id]  # renewed
    assert await store.claim_due_feeds(200.0, "b", 60.0, 20) == []
    taken = await store.claim_due_feeds(219.0, "b", 60.0, 20)
    assert taken == [await store.get_feed(GUILD_A, feed.id)]
    assert await store.claim_due_feeds(250.0, "a", 60.0, 20) == []


async def test_only_due_enabled_feeds_are_leased_most_overdue_first(store):
    early, _ = await store.add_feed(GUILD_A, 10, "https://news.example/early", 30)
    late, _ = await store.add_feed(GUILD_B, 10, "https://news.example/late", 30)
    later, _ = await store.add_feed(GUILD_B, 10, "https://news.example/later", 30)
    off, _ = await store.add_feed(GUILD_A, 10, "https://news.example/off", 30)
    await store.record_poll(
        early.id, polled_at=1.0, next_poll_at=50.0, failures=0, error=None, enabled=True
    )
    await store.record_poll(
        late.id, polled_at=1.0, next_poll_at=60.0, failures=0, error=None, enabled=True
    )
    await store.record_poll(
        later.id, polled_at=1.0, next_poll_at=500.0, failures=0, error=None, enabled=True
    )
    await store.record_poll(
        off.id, polled_at=1.0, next_poll_at=0.0, failures=10, error="gone", enabled=False
    )
    claimed = await store.claim_due_feeds(100.0, "a", 30.0, limit=1)
    assert [f.id for f in claimed] == [early.id]
    assert [f.id for f in await store.claim_due_feeds(100.0, "b", 30.0)] == [late.id]


async def test_racing_claims_of_one_entry_post_it_once(store, database):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    other = await open_store(database)
    try:
        claims = await asyncio.gather(
            *(
                s.claim_entry(feed.id, ["urn:1", "https://news.example/1"], now=1.0)
                for s in [store, other] * 4
            )
        )
    finally:
        await other.close()
    assert sum(claims) == 1


# --- deliveries --------------------------------------------------------------------------------


async def _queued(store, guild=GUILD_A, url="https://news.example/rss"):
    from bot.models import Article

    feed, _ = await store.add_feed(guild, 10, url, 30)
    article, _ = await store.add_article(
        Article(None, guild, "Bridge", "The bridge opened. Crowds came.", content_hash=url)
    )
    delivery_id = await store.queue_delivery(feed.id, article.id, ["urn:1", "https://x/1"], 50.0)
    return feed, article, delivery_id


async def test_a_queued_delivery_is_due_until_it_is_recorded_as_delivered(store):
    feed, article, delivery_id = await _queued(store)
    [due] = await store.claim_due_deliveries(now=50.0, owner="a", lease_seconds=30.0)
    assert (due.id, due.feed_id, due.guild_id, due.article_id) == (
        delivery_id,
        feed.id,
        GUILD_A,
        article.id,
    )
    assert due.entry_keys == ("urn:1", "https://x/1") and due.state == "pending"
    await store.record_delivery(
        delivery_id,
        state="delivered",
        attempts=1,
        next_attempt_at=51.0,
        error=None,
        now=51.0,
        channel_id=10,
        message_id=99,
    )
    assert await store.claim_due_deliveries(now=1000.0, owner="a", lease_seconds=30.0) == []
    [done] = await store.list_deliveries(GUILD_A, feed.id)
    assert (done.state, done.attempts, done.delivered_at, done.channel_id, done.message_id) == (
        "delivered",
        1,
        51.0,
        10,
        99,
    )


async def test_a_failed_attempt_waits_for_its_retry_time_and_keeps_its_reason(store):
    _, _, delivery_id = await _queued(store)
    await store.claim_due_deliveries(now=50.0, owner="a", lease_seconds=30.0)
    await store.record_delivery(
        delivery_id,
        state="pending",
        attempts=1,
        next_attempt_at=80.0,
        error="Discord was unavailable (HTTP 503).",
        now=50.0,
    )
    assert await store.claim_due_deliveries(now=79.0, owner="a", lease_seconds=30.0) == []
    [again] = await store.claim_due_deliveries(now=80.0, owner="b", lease_seconds=30.0)
    assert again.attempts == 1 and again.last_error == "Discord was unavailable (HTTP 503)."
    assert again.delivered_at is None


async def test_a_leased_delivery_is_not_taken_by_another_owner_until_the_lease_ends(store):
    _, _, delivery_id = await _queued(store)
    assert [d.id for d in await store.claim_due_deliveries(50.0, "a", 30.0)] == [delivery_id]
    assert await store.claim_due_deliveries(60.0, "b", 30.0) == []
    assert [d.id for d in await store.claim_due_deliveries(80.0, "b", 30.0)] == [delivery_id]


async def test_deliveries_of_another_guilds_feed_are_not_listed(store):
    feed, _, _ = await _queued(store)
    assert await store.list_deliveries(GUILD_B, feed.id) == []
    assert len(await store.list_deliveries(GUILD_A, feed.id)) == 1


async def test_a_failed_delivery_does_not_count_against_the_hourly_cap(store):
    feed, _, delivery_id = await _queued(store)
    assert await store.posts_since(feed.id, 0.0) == 1
    await store.record_delivery(
        delivery_id, state="failed", attempts=8, next_attempt_at=0.0, error="gone", now=60.0
    )
    assert await store.posts_since(feed.id, 0.0) == 0


# --- filters and the log -----------------------------------------------------------------------


async def test_filters_are_saved_per_feed_and_only_by_its_own_guild(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert (feed.filters, feed.filter_mode) == (None, "all")  # existing feeds post everything
    rules = '[{"field": "title", "op": "contains", "value": "harbour"}]'
    assert not await store.set_feed_filters(GUILD_B, feed.id, rules, "any")
    assert await store.set_feed_filters(GUILD_A, feed.id, rules, "any")
    stored = await store.get_feed(GUILD_A, feed.id)
    assert (stored.filters, stored.filter_mode) == (rules, "any")


async def test_the_log_lists_a_feeds_newest_decisions_first_to_its_own_guild_only(store):
    from bot.models import FeedLogEntry

    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    filtered = FeedLogEntry(
        1.0, "filtered", "rule 1: title contains “storm”", "Storm", "https://x/1"
    )
    posted = FeedLogEntry(2.0, "posted", None, "Bridge", "https://x/2", 10, 99)
    await store.add_feed_log(feed.id, filtered)
    await store.add_feed_log(feed.id, posted)
    assert await store.feed_log(GUILD_A, feed.id) == [posted, filtered]
    assert await store.feed_log(GUILD_A, feed.id, limit=1) == [posted]
    assert await store.feed_log(GUILD_B, feed.id) == []


async def test_entry_state_tells_unseen_seen_and_posted_without_claiming(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert await store.entry_state(feed.id, ["urn:1", "https://x/1"]) is None
    assert await store.entry_state(feed.id, ["urn:1", "https://x/1"]) is None  # still unclaimed
    await store.claim_entry(feed.id, ["urn:1", "https://x/1"], now=1.0)
    assert await store.entry_state(feed.id, ["https://x/1"]) == "seen"
    await store.mark_posted(feed.id, ["urn:1", "https://x/1"], None, now=2.0)
    assert await store.entry_state(feed.id, ["urn:1"]) == "posted"


async def test_editing_a_feed_changes_only_the_settings_given_and_only_in_its_guild(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert not await store.update_feed(GUILD_B, feed.id, {"channel_id": 99})
    assert await store.update_feed(GUILD_A, feed.id, {"interval_minutes": 60})
    assert await store.update_feed(
        GUILD_A,
        feed.id,
        {"channel_id": 11, "filter_mode": "any", "publish": True, "mention_role_id": 5},
    )
    edited = await store.get_feed(GUILD_A, feed.id)
    assert (edited.channel_id, edited.interval_minutes, edited.filter_mode) == (11, 60, "any")
    assert (edited.publish, edited.mention_role_id, edited.use_webhook) == (True, 5, False)
    assert await store.update_feed(GUILD_A, feed.id, {"mention_role_id": None})
    assert (await store.get_feed(GUILD_A, feed.id)).mention_role_id is None


async def test_a_feeds_tag_rules_are_kept_and_a_new_feed_has_none(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30)
    assert feed.tag_rules is None
    rules = '[{"tag": "Ferries", "field": "title", "op": "contains", "value": "ferry"}]'
    assert await store.update_feed(GUILD_A, feed.id, {"tag_rules": rules})
    assert (await store.get_feed(GUILD_A, feed.id)).tag_rules == rules


async def test_a_paused_feed_is_neither_polled_nor_delivered_until_resumed(store):
    feed, _, delivery_id = await _queued(store)
    await store.update_feed(GUILD_A, feed.id, {"paused_reason": "Missing Embed Links"})
    assert (await store.get_feed(GUILD_A, feed.id)).paused_reason == "Missing Embed Links"
    assert await store.claim_due_feeds(now=10_000.0, owner="a", lease_seconds=30.0) == []
    assert await store.claim_due_deliveries(now=10_000.0, owner="a", lease_seconds=30.0) == []
    await store.update_feed(GUILD_A, feed.id, {"paused_reason": None})
    assert [f.id for f in await store.claim_due_feeds(10_000.0, "a", 30.0)] == [feed.id]
    assert [d.id for d in await store.claim_due_deliveries(10_000.0, "a", 30.0)] == [delivery_id]


async def test_a_delivery_keeps_its_mention_and_categories(store):
    feed, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 30, target="forum")
    assert feed.target == "forum"
    from bot.models import Article

    article, _ = await store.add_article(
        Article(None, GUILD_A, "Storm", "A storm came. It left.", content_hash="s")
    )
    await store.queue_delivery(feed.id, article.id, ["urn:s"], 5.0, 777, ("Weather", "Météo"))
    [due] = await store.claim_due_deliveries(5.0, "a", 30.0)
    assert (due.mention_role_id, due.categories) == (777, ("Weather", "Météo"))


async def test_polls_a_minute_add_up_every_servers_enabled_feeds_but_not_paused_ones(store):
    assert await store.feed_polls_per_minute() == 0
    ten, _ = await store.add_feed(GUILD_A, 10, "https://news.example/rss", 10)
    await store.add_feed(GUILD_B, 20, "https://other.example/rss", 20)
    assert abs(await store.feed_polls_per_minute() - 0.15) < 1e-9
    await store.update_feed(GUILD_A, ten.id, {"paused_reason": "Missing Embed Links"})
    assert abs(await store.feed_polls_per_minute() - 0.05) < 1e-9
