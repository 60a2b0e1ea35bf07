"""Digests on both backends through the service: top stories of a period, each period once."""

import asyncio

from bot.digest_schedule import DigestSchedule
from bot.service import NewsService
from bot.service_digests import DueDigest
from bot.store import open_store
from tests.stories_samples import BRIDGE_REPORTS, UNRELATED

GUILD = 111


async def seed(service, items):
    for n, (title, site, text) in enumerate(items):
        await service.add_article(
            GUILD, title, text, site_name=site, source_url=f"https://{n}.example/a"
        )


async def test_digest_ranks_stories_by_sources_then_recency(store):
    service = NewsService(store)
    await seed(service, [BRIDGE_REPORTS[0], UNRELATED, *BRIDGE_REPORTS[1:]])
    now = service.now()
    items = await service.digest_items(GUILD, now - 3600, now + 1)
    assert [(i.title, i.sources) for i in items] == [
        (BRIDGE_REPORTS[0][0], 3),
        (UNRELATED[0], 1),
    ]
    assert items[0].url == "https://0.example/a"
    assert items[0].sentence.startswith("The Harbour Bridge in Port Calder reopened")
    assert await service.digest_items(GUILD, now + 1, now + 86400) == []  # nothing new


async def test_a_period_is_claimed_by_exactly_one_of_two_processes(database):
    first, second = await open_store(database), await open_store(database)
    try:
        schedule = DigestSchedule(GUILD, 5, "09:00", "daily", None, "UTC", 0.0)
        due = DueDigest(schedule, "2026-01-15", 1768467600.0)
        services = [NewsService(first), NewsService(second)]
        results = await asyncio.gather(*(s.claim_digest(due) for s in services * 3))
        assert sum(r is not None for r in results) == 1
    finally:
        await first.close()
        await second.close()


async def test_digest_set_replaces_and_off_removes_the_schedule(store):
    service = NewsService(store)
    await service.set_digest(GUILD, 5, "8:15", "daily", timezone="Europe/Paris")
    saved = await service.set_digest(GUILD, 6, "18:00", "weekly", "fri", "Asia/Tokyo")
    assert await store.get_digest(GUILD) == saved
    assert (saved.channel_id, saved.time_of_day, saved.weekday) == (6, "18:00", 4)
    assert await service.digest_off(GUILD)
    assert await store.get_digest(GUILD) is None
    assert not await service.digest_off(GUILD)
