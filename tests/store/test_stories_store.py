"""Stories on both backends through the service: assignment, `/story`, and the feed's questions."""

import time

from bot.engine.stories.clustering import WINDOW_SECONDS
from bot.service import NewsService
from tests.stories_samples import BRIDGE_REPORTS, UNRELATED

GUILD_A, GUILD_B, CHANNEL = 111, 222, 900

BRIDGE = BRIDGE_REPORTS
OTHER = UNRELATED


async def add(service, guild, item, n):
    title, site, text = item
    outcome = await service.add_article(
        guild, title, text, site_name=site, source_url=f"https://{n}.example/story"
    )
    return outcome.article.id


async def post_story(service, guild, article_id, message_id, *, delivered=True):
    """What feed delivery does when it posts an article: the delivery is recorded, then the
    story's post (delivered=False: the process died between the two, the delivery pending)."""
    store = service.store
    feed, _ = await store.add_feed(guild, CHANNEL, "https://news.example/rss", 30)
    now = time.time()
    delivery = await store.queue_delivery(feed.id, article_id, [f"urn:{article_id}"], now=now)
    if delivered:
        await store.record_delivery(
            delivery,
            state="delivered",
            attempts=1,
            next_attempt_at=now,
            error=None,
            now=now,
            channel_id=CHANNEL,
            message_id=message_id,
        )
    await service.record_story_post(guild, article_id, CHANNEL, message_id)


async def test_three_sources_of_one_event_are_one_story_with_a_summary_from_all(store):
    service = NewsService(store)
    ids = [await add(service, GUILD_A, item, n) for n, item in enumerate([OTHER, *BRIDGE])]
    view = await service.story(GUILD_A, ids[2])
    assert view.story_id == ids[1]
    assert [a.article_id for a in view.articles] == ids[1:]
    assert [a.source for a in view.articles] == ["Calder Gazette", "Coast Radio", "North Daily"]
    sources = {s.source for s in view.summary}
    assert len(sources) >= 2  # sentences drawn from several articles
    # the second source's lead repeats the first's: said once, by the first
    assert sum("reopened to traffic on Monday" in s.text for s in view.summary) == 1
    other = await service.story(GUILD_A, ids[0])
    assert [a.article_id for a in other.articles] == [ids[0]]


async def test_another_server_never_joins_or_sees_a_story(store):
    service = NewsService(store)
    a = await add(service, GUILD_A, BRIDGE[0], 1)
    b = await add(service, GUILD_B, BRIDGE[1], 2)
    view = await service.story(GUILD_B, b)
    assert [x.article_id for x in view.articles] == [b]
    assert a != b


async def test_feed_delivery_folds_a_story_already_posted_and_lists_the_other_sources(store):
    service = NewsService(store)
    ids = [await add(service, GUILD_A, item, n) for n, item in enumerate(BRIDGE)]
    assert await service.story_post_for(GUILD_A, ids[0], CHANNEL) is None
    await post_story(service, GUILD_A, ids[0], 5555)
    post = await service.story_post_for(GUILD_A, ids[1], CHANNEL)
    assert post is not None and post.message_id == 5555
    assert await service.story_post_for(GUILD_A, ids[1], CHANNEL + 1) is None  # other channel
    await service.add_story_report(GUILD_A, ids[1], CHANNEL)
    text = await service.add_story_report(GUILD_A, ids[2], CHANNEL)
    assert text == (
        "Also reported by: [Coast Radio](https://1.example/story), "
        "[North Daily](https://2.example/story)"
    )
    later = post.posted_at + WINDOW_SECONDS + 1
    assert await service.story_post_for(GUILD_A, ids[1], CHANNEL, now=later) is None


async def test_stories_off_posts_every_article(store):
    service = NewsService(store)
    ids = [await add(service, GUILD_A, item, n) for n, item in enumerate(BRIDGE[:2])]
    await post_story(service, GUILD_A, ids[0], 5555)
    assert await service.story_post_for(GUILD_A, ids[1], CHANNEL) is not None
    assert await service.stories_enabled(GUILD_A)
    await service.set_stories(GUILD_A, False)
    assert await service.story_post_for(GUILD_A, ids[1], CHANNEL) is None
    assert await service.stories_enabled(GUILD_B)  # on by default


async def test_a_retried_delivery_is_not_folded_into_its_own_unrecorded_post(store):
    service = NewsService(store)
    ids = [await add(service, GUILD_A, item, n) for n, item in enumerate(BRIDGE[:2])]
    await post_story(service, GUILD_A, ids[0], 5555, delivered=False)
    # The retry of the first article's delivery, and any other report of the story, post.
    assert await service.story_post_for(GUILD_A, ids[0], CHANNEL) is None
    assert await service.story_post_for(GUILD_A, ids[1], CHANNEL) is None
    await post_story(service, GUILD_A, ids[0], 6666)  # posted again, recorded this time
    post = await service.story_post_for(GUILD_A, ids[1], CHANNEL)
    assert post is not None and post.message_id == 6666


async def test_another_servers_delivery_does_not_vouch_for_a_post(store):
    service = NewsService(store)
    a = await add(service, GUILD_A, BRIDGE[0], 0)
    b = [await add(service, GUILD_B, item, n) for n, item in enumerate(BRIDGE[:2])]
    await post_story(service, GUILD_A, a, 5555)
    await post_story(service, GUILD_B, b[0], 5555, delivered=False)
    assert await service.story_post_for(GUILD_B, b[1], CHANNEL) is None


async def test_also_reported_shows_five_links_then_a_count():
    from bot.engine.stories.summary import also_reported_text

    reports = [(f"Site {n}", f"https://s{n}.example/") for n in range(8)]
    text = also_reported_text(reports)
    assert text.count("](https://") == 5
    assert text.endswith("[Site 4](https://s4.example/) and 3 more")


async def test_recent_stories_newest_first_this_server_only_and_within_a_week(store):
    service = NewsService(store)
    bridge = [await add(service, GUILD_A, item, n) for n, item in enumerate(BRIDGE[:2])]
    other = await add(service, GUILD_A, OTHER, 5)
    await add(service, GUILD_B, BRIDGE[2], 6)
    recent = await service.recent_stories(GUILD_A, 10)
    assert [view.story_id for view in recent] == [other, bridge[0]]
    assert [a.article_id for a in recent[1].articles] == bridge
    assert {s.source for s in recent[1].summary} <= {"Calder Gazette", "Coast Radio"}
    assert [v.story_id for v in await service.recent_stories(GUILD_A, 1)] == [other]
    week_later = service.now() + 7 * 86400 + 60
    assert await service.recent_stories(GUILD_A, 10, now=week_later) == []


async def test_one_name_headlines_join_a_big_story_though_early_ones_went_alone(store):
    # The store's path counts only articles in stories of two or more, as the engine's stream
    # does (tests/engine/test_stories.py): the early lone headlines do not hold back the rest.
    from tests.engine.test_stories import VERBS

    service = NewsService(store)
    early = ["Quellfire review roundup", "Addicted to Quellfire", "Where to buy Quellfire"]
    story = [f"Quellfire launch: studio {word} consoles and servers" for word in VERBS]
    ids = []
    for n, title in enumerate([*early, *story, "Hooked on Quellfire"]):
        ids.append(
            await add(
                service,
                GUILD_A,
                (title, f"Site {n}", f"{title}. Players queued for hours on Tuesday."),
                n,
            )
        )
    stories = [await service.story_id(GUILD_A, article) for article in ids]
    assert stories[: len(early)] == ids[: len(early)]
    assert set(stories[len(early) :]) == {ids[len(early)]}


async def test_two_articles_quoting_the_same_title_are_one_story(store):
    # The store path clusters on the headlines' quoted names too, as the CLI does.
    service = NewsService(store)
    first = "Why the 'Glass Orchard' finale left viewers arguing"
    second = "Critics hail 'Glass Orchard' as a modern classic"
    glass = [
        (first, "Coast Radio", "The series ended on Sunday. Fans were split."),
        (second, "North Daily", "Reviewers praised it. Few expected that."),
    ]
    ids = [await add(service, GUILD_A, item, n) for n, item in enumerate([OTHER, *glass])]
    view = await service.story(GUILD_A, ids[2])
    assert view.story_id == ids[1]
