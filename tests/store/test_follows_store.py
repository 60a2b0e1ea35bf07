"""Follows on both backends through the service: matching, limits, the hourly DM rule, pausing."""

import pytest

from bot import limits
from bot.errors import InputError, NotFoundError
from bot.service import NewsService
from tests.stories_samples import BRIDGE_REPORTS, UNRELATED

GUILD, OTHER_GUILD = 111, 222
ANA, BEN = 1, 2
QUOTED = (
    "Port Calder ferry fares rise",
    "The ferry fares in Port Calder rise in May. “We had no choice,” Laura Brennan said on "
    "Monday. The council will review the prices.",
)


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def service(store, clock):
    service = NewsService(store)
    service.clock = clock
    return service


async def add(service, item, guild=GUILD, n=0):
    title, *rest = item
    text = rest[-1]
    outcome = await service.add_article(guild, title, text, source_url=f"https://{n}.example/a")
    return outcome.article.id


async def test_keyword_speaker_and_feed_follows_match_with_their_reason(service, store):
    await service.add_follow(GUILD, ANA, "keyword", "Harbour Bridge")
    await service.add_follow(GUILD, BEN, "speaker", "laura  Brennan")
    await service.add_follow(OTHER_GUILD, BEN, "keyword", "bridge")  # another server
    bridge = await add(service, BRIDGE_REPORTS[0])
    await add(service, UNRELATED, n=1)
    quoted = await add(service, QUOTED, n=2)
    dms = await service.follow_dms([GUILD, OTHER_GUILD])
    got = {(d.user_id, d.items[0].article_id, d.items[0].reason) for d in dms}
    assert got == {
        (ANA, bridge, "you follow keyword “Harbour Bridge”"),
        (BEN, quoted, "you follow speaker laura Brennan"),
    }
    assert all(not d.combined and d.items[0].summary for d in dms)


async def test_keyword_must_be_in_the_title_or_lead_not_deep_in_the_text(service):
    await service.add_follow(GUILD, ANA, "keyword", "ferry")
    await add(service, BRIDGE_REPORTS[2])  # "ferry" only in its last paragraph
    assert await service.follow_dms([GUILD]) == []


async def test_feed_follow_matches_when_delivery_names_the_feed(service, store):
    feed, _ = await store.add_feed(GUILD, 10, "https://news.example/rss", 30)
    await service.add_follow(GUILD, ANA, "feed", str(feed.id))
    article = await add(service, UNRELATED)
    assert await service.follow_dms([GUILD]) == []
    assert await service.article_from_feed(GUILD, article, feed.id) == 1
    (dm,) = await service.follow_dms([GUILD])
    assert dm.items[0].reason == "you follow feed https://news.example/rss"


async def test_ten_single_dms_an_hour_then_one_combined_dm(service, clock):
    await service.add_follow(GUILD, ANA, "keyword", "calder")
    for n in range(13):
        await service.add_article(
            GUILD, f"Calder market day {n}", f"Calder held market day number {n}. It rained."
        )
    first = await service.follow_dms([GUILD])
    assert [len(d.items) for d in first] == [1] * limits.FOLLOW_DMS_PER_HOUR
    for dm in first:
        await service.follow_dm_sent(dm)
    assert await service.follow_dms([GUILD]) == []  # the rest wait
    clock.now += 3600
    (combined,) = [d for d in await service.follow_dms([GUILD]) if d.combined]
    assert len(combined.items) == 3


async def test_closed_dms_pause_follows_and_the_member_is_told_once(service):
    await service.add_follow(GUILD, ANA, "keyword", "calder")
    await add(service, BRIDGE_REPORTS[0])
    (dm,) = await service.follow_dms([GUILD])
    await service.follow_dm_refused(dm)
    await add(service, BRIDGE_REPORTS[1], n=1)
    assert await service.follow_dms([GUILD]) == []  # paused: no new matches, nothing waiting
    assert "paused" in await service.take_pause_notice(GUILD, ANA)
    assert await service.take_pause_notice(GUILD, ANA) is None
    follows, resumed = await service.list_follows(GUILD, ANA)
    assert resumed and [f.label for f in follows] == ["calder"]
    await add(service, BRIDGE_REPORTS[2], n=2)
    assert len(await service.follow_dms([GUILD])) == 1


async def test_limits_duplicates_and_clear(service):
    status, first = await service.add_follow(GUILD, ANA, "keyword", "bridge")
    assert status == "added"
    assert (await service.add_follow(GUILD, ANA, "keyword", "Bridges"))[0] == "exists"
    for n in range(limits.MAX_FOLLOWS_PER_MEMBER - 1):
        await service.add_follow(GUILD, ANA, "speaker", f"Person {n}")
    with pytest.raises(InputError, match="remove one first"):
        await service.add_follow(GUILD, ANA, "speaker", "One Too Many")
    with pytest.raises(InputError, match="too common"):
        await service.add_follow(GUILD, BEN, "keyword", "the")
    with pytest.raises(NotFoundError):
        await service.add_follow(GUILD, BEN, "feed", "999")
    with pytest.raises(NotFoundError):
        await service.remove_follow(GUILD, BEN, first.id)  # not Ben's
    assert (await service.remove_follow(GUILD, ANA, first.id)).label == "bridge"
    assert await service.clear_follows(GUILD, ANA) == limits.MAX_FOLLOWS_PER_MEMBER - 1
    assert (await service.list_follows(GUILD, ANA))[0] == []
