"""Digest operations of the service layer: schedules, the top stories of a period, claims.

A mixin of `NewsService` (with `StoryOperations`, whose clock it uses). Which period is due is
`bot.digest_schedule`'s answer; that each period is posted once is the store's (a unique row per
period, claimed before posting), so any number of processes may ask.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from bot import limits
from bot.digest_schedule import (
    DigestSchedule,
    latest_occurrence,
    parse_day,
    parse_time,
    parse_timezone,
)
from bot.engine.stories.terms import lead_sentence
from bot.workers import run_cpu

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One story in a digest."""

    story_id: int
    title: str
    url: str | None
    sentence: str
    sources: int
    latest: float


@dataclass(frozen=True, slots=True)
class DueDigest:
    schedule: DigestSchedule
    period: str
    moment: float


class DigestOperations:
    """Mixed into `NewsService`."""

    async def set_digest(
        self,
        guild_id: int,
        channel_id: int,
        time_of_day: str,
        every: str,
        day: str | None = None,
        timezone: str | None = None,
    ) -> DigestSchedule:
        """Save the server's digest schedule (replacing any); bad input raises ScheduleError."""
        schedule = DigestSchedule(
            guild_id,
            channel_id,
            parse_time(time_of_day),
            every,
            parse_day(every, day),
            parse_timezone(timezone),
            self.now(),
        )
        await self.store.set_digest(schedule)
        return schedule

    async def digest_schedule(self, guild_id: int) -> DigestSchedule | None:
        """The server's digest schedule, or None when the digest is off."""
        return await self.store.get_digest(guild_id)

    async def digest_off(self, guild_id: int) -> bool:
        return await self.store.remove_digest(guild_id)

    async def digest_items(self, guild_id: int, start: float, end: float) -> list[DigestItem]:
        """The period's top stories: by how many sources covered them, then the newest."""
        rows = await self.store.period_story_articles(guild_id, start, end)
        by_story = defaultdict(list)
        for story_id, article in rows:
            by_story[story_id].append(article)
        ranked = sorted(
            by_story.items(),
            key=lambda item: (-len({a.source for a in item[1]}), -item[1][-1].at, item[0]),
        )[: limits.DIGEST_STORIES]
        items = []
        for story_id, articles in ranked:
            first = articles[0]
            found = await self.store.get_article(guild_id, first.article_id)
            sentence = await run_cpu(self.executor, lead_sentence, found.text) if found else ""
            items.append(
                DigestItem(
                    story_id,
                    first.title,
                    first.url,
                    sentence,
                    len({a.source for a in articles}),
                    articles[-1].at,
                )
            )
        return items

    async def digest_preview(self, guild_id: int) -> tuple[DigestSchedule | None, list[DigestItem]]:
        """What a digest would hold if posted now: the stories of the last period."""
        schedule = await self.store.get_digest(guild_id)
        now = self.now()
        period = schedule.period_seconds if schedule else 86400.0
        return schedule, await self.digest_items(guild_id, now - period, now)

    async def due_digests(self, guild_ids: set[int]) -> list[DueDigest]:
        """The digests of `guild_ids` whose latest moment has come and may not be posted yet."""
        now = self.now()
        due = []
        for schedule in await self.store.digest_schedules():
            if schedule.guild_id not in guild_ids:
                continue
            found = latest_occurrence(schedule, now)
            if found is not None:
                due.append(DueDigest(schedule, *found))
        return due

    async def claim_digest(self, due: DueDigest) -> list[DigestItem] | None:
        """Take the period for this process and return its stories; None when another process
        (or an earlier run) already took it. An empty list: claimed, nothing to post."""
        if not await self.store.claim_digest_period(due.schedule.guild_id, due.period, self.now()):
            return None
        start = due.moment - due.schedule.period_seconds
        return await self.digest_items(due.schedule.guild_id, start, due.moment)

    async def finish_digest(self, due: DueDigest, message_id: int | None, stories: int) -> None:
        await self.store.finish_digest_period(
            due.schedule.guild_id, due.period, message_id, stories
        )
