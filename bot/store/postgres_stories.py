"""`StoryStore` on PostgreSQL: the stories tables of migration 0010."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence

from bot.digest_schedule import DigestSchedule
from bot.models import StoryArticle, StoryPost
from bot.store.stories import (
    DIGEST_SCHEDULE_COLUMNS,
    MAX_DIGEST_ROWS,
    MAX_STORY_ARTICLES,
    STORY_ARTICLE_COLUMNS,
    STORY_POST_COLUMNS,
    digest_schedule_row,
    story_article_row,
    story_post_row,
)


class PostgresStories:
    """Mixed into `PostgresStore`: uses its connection pool."""

    async def story_window(
        self, guild_id: int, terms: Sequence[str], since: float
    ) -> tuple[int, dict[str, int]]:
        docs = await self._pool.fetchval(
            "SELECT count(*) FROM story_articles WHERE guild_id = $1 AND at >= $2", guild_id, since
        )
        rows = await self._pool.fetch(
            "SELECT term, count(*) FROM story_terms WHERE guild_id = $1 AND term = ANY($2::text[]) "
            "AND at >= $3 GROUP BY term",
            guild_id,
            list(terms),
            since,
        )
        return docs, {term: count for term, count in rows}

    async def story_members(
        self, guild_id: int, terms: Sequence[str], since: float
    ) -> dict[int, list[frozenset[str]]]:
        if not terms:
            return {}
        rows = await self._pool.fetch(
            "SELECT story_id, terms FROM story_articles WHERE guild_id = $1 AND at >= $3 AND "
            "story_id IN (SELECT story_id FROM story_terms WHERE guild_id = $1 "
            "AND term = ANY($2::text[]) AND at >= $3) ORDER BY story_id, at, article_id",
            guild_id,
            list(terms),
            since,
        )
        members: dict[int, list[frozenset[str]]] = defaultdict(list)
        for story_id, text in rows:
            members[story_id].append(frozenset(text.split()))
        return dict(members)

    async def assign_story(
        self, guild_id: int, article_id: int, story_id: int, at: float, terms: Sequence[str]
    ) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO story_articles (article_id, guild_id, story_id, at, terms) "
                "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                article_id,
                guild_id,
                story_id,
                at,
                " ".join(terms),
            )
            await conn.executemany(
                "INSERT INTO story_terms (guild_id, term, at, article_id, story_id) "
                "VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
                [(guild_id, t, at, article_id, story_id) for t in dict.fromkeys(terms)],
            )

    async def story_of(self, guild_id: int, article_id: int) -> int | None:
        return await self._pool.fetchval(
            "SELECT story_id FROM story_articles WHERE guild_id = $1 AND article_id = $2",
            guild_id,
            article_id,
        )

    async def story_articles(self, guild_id: int, story_id: int) -> list[StoryArticle]:
        rows = await self._pool.fetch(
            f"SELECT {STORY_ARTICLE_COLUMNS} FROM story_articles s JOIN articles a "
            "ON a.id = s.article_id WHERE s.guild_id = $1 AND s.story_id = $2 "
            "ORDER BY s.at, s.article_id LIMIT $3",
            guild_id,
            story_id,
            MAX_STORY_ARTICLES,
        )
        return [story_article_row(r) for r in rows]

    async def get_story_post(
        self, guild_id: int, story_id: int, channel_id: int
    ) -> StoryPost | None:
        row = await self._pool.fetchrow(
            f"SELECT {STORY_POST_COLUMNS} FROM story_posts "
            "WHERE guild_id = $1 AND story_id = $2 AND channel_id = $3",
            guild_id,
            story_id,
            channel_id,
        )
        return story_post_row(row) if row else None

    async def record_story_post(
        self, guild_id: int, story_id: int, channel_id: int, message_id: int, at: float
    ) -> bool:
        status = await self._pool.execute(
            "INSERT INTO story_posts (guild_id, story_id, channel_id, message_id, posted_at) "
            "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (guild_id, story_id, channel_id) DO UPDATE "
            "SET message_id = excluded.message_id, posted_at = excluded.posted_at, "
            "also_reported = '[]' WHERE story_posts.posted_at < excluded.posted_at",
            guild_id,
            story_id,
            channel_id,
            message_id,
            at,
        )
        return status.split()[-1] != "0"

    async def story_post_delivered(self, guild_id: int, post: StoryPost, since: float) -> bool:
        found = await self._pool.fetchval(
            "SELECT 1 FROM feed_deliveries d JOIN feeds f ON f.id = d.feed_id "
            "WHERE f.guild_id = $1 AND d.created_at >= $2 "
            "AND d.state = 'delivered' AND d.channel_id = $3 AND d.message_id = $4 LIMIT 1",
            guild_id,
            since,
            post.channel_id,
            post.message_id,
        )
        return found is not None

    async def add_story_report(
        self, guild_id: int, story_id: int, channel_id: int, source: str, url: str | None
    ) -> StoryPost | None:
        async with self._pool.acquire() as conn, conn.transaction():
            also = await conn.fetchval(
                "SELECT also_reported FROM story_posts WHERE guild_id = $1 AND story_id = $2 "
                "AND channel_id = $3 FOR UPDATE",
                guild_id,
                story_id,
                channel_id,
            )
            if also is not None:
                reports = json.loads(also)
                if [source, url] not in reports:
                    reports.append([source, url])
                await conn.execute(
                    "UPDATE story_posts SET also_reported = $4 "
                    "WHERE guild_id = $1 AND story_id = $2 AND channel_id = $3",
                    guild_id,
                    story_id,
                    channel_id,
                    json.dumps(reports),
                )
        return await self.get_story_post(guild_id, story_id, channel_id)

    async def stories_enabled(self, guild_id: int) -> bool:
        enabled = await self._pool.fetchval(
            "SELECT enabled FROM story_settings WHERE guild_id = $1", guild_id
        )
        return True if enabled is None else enabled

    async def set_stories_enabled(self, guild_id: int, enabled: bool) -> None:
        await self._pool.execute(
            "INSERT INTO story_settings (guild_id, enabled) VALUES ($1, $2) "
            "ON CONFLICT (guild_id) DO UPDATE SET enabled = excluded.enabled",
            guild_id,
            enabled,
        )

    # --- digests ---------------------------------------------------------------------------

    async def set_digest(self, schedule: DigestSchedule) -> None:
        await self._pool.execute(
            f"INSERT INTO digest_schedules ({DIGEST_SCHEDULE_COLUMNS}) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (guild_id) DO UPDATE SET "
            "channel_id = excluded.channel_id, time_of_day = excluded.time_of_day, "
            "every = excluded.every, weekday = excluded.weekday, timezone = excluded.timezone, "
            "since = excluded.since",
            schedule.guild_id,
            schedule.channel_id,
            schedule.time_of_day,
            schedule.every,
            schedule.weekday,
            schedule.timezone,
            schedule.since,
        )

    async def get_digest(self, guild_id: int) -> DigestSchedule | None:
        row = await self._pool.fetchrow(
            f"SELECT {DIGEST_SCHEDULE_COLUMNS} FROM digest_schedules WHERE guild_id = $1",
            guild_id,
        )
        return digest_schedule_row(row) if row else None

    async def remove_digest(self, guild_id: int) -> bool:
        status = await self._pool.execute(
            "DELETE FROM digest_schedules WHERE guild_id = $1", guild_id
        )
        return status.split()[-1] != "0"

    async def digest_schedules(self) -> list[DigestSchedule]:
        rows = await self._pool.fetch(
            f"SELECT {DIGEST_SCHEDULE_COLUMNS} FROM digest_schedules ORDER BY guild_id"
        )
        return [digest_schedule_row(r) for r in rows]

    async def claim_digest_period(self, guild_id: int, period: str, now: float) -> bool:
        status = await self._pool.execute(
            "INSERT INTO digest_posts (guild_id, period, claimed_at) VALUES ($1, $2, $3) "
            "ON CONFLICT (guild_id, period) DO NOTHING",
            guild_id,
            period,
            now,
        )
        return status.split()[-1] != "0"

    async def finish_digest_period(
        self, guild_id: int, period: str, message_id: int | None, stories: int
    ) -> None:
        await self._pool.execute(
            "UPDATE digest_posts SET message_id = $3, stories = $4 "
            "WHERE guild_id = $1 AND period = $2",
            guild_id,
            period,
            message_id,
            stories,
        )

    async def period_story_articles(
        self, guild_id: int, start: float, end: float
    ) -> list[tuple[int, StoryArticle]]:
        rows = await self._pool.fetch(
            f"SELECT * FROM (SELECT s.story_id, {STORY_ARTICLE_COLUMNS} FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id WHERE s.guild_id = $1 AND s.at > $2 "
            "AND s.at <= $3 ORDER BY s.at DESC LIMIT $4) AS newest ORDER BY at, article_id",
            guild_id,
            start,
            end,
            MAX_DIGEST_ROWS,
        )
        return [(r[0], story_article_row(tuple(r)[1:])) for r in rows]
