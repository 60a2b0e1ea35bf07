"""`StoryStore` on SQLite: the stories tables of migration 0010."""

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


class SqliteStories:
    """Mixed into `SqliteStore`: uses its read connection, write connection and write lock."""

    async def story_window(
        self, guild_id: int, terms: Sequence[str], since: float
    ) -> tuple[int, dict[str, int]]:
        async with self._read.execute(
            "SELECT count(*) FROM story_articles WHERE guild_id = ? AND at >= ?", (guild_id, since)
        ) as cur:
            (docs,) = await cur.fetchone()
        df: dict[str, int] = {}
        if terms:
            marks = ",".join("?" * len(terms))
            async with self._read.execute(
                f"SELECT term, count(*) FROM story_terms WHERE guild_id = ? AND term IN ({marks}) "
                "AND at >= ? GROUP BY term",
                (guild_id, *terms, since),
            ) as cur:
                df = {term: count for term, count in await cur.fetchall()}
        return docs, df

    async def story_members(
        self, guild_id: int, terms: Sequence[str], since: float
    ) -> dict[int, list[frozenset[str]]]:
        if not terms:
            return {}
        marks = ",".join("?" * len(terms))
        async with self._read.execute(
            "SELECT story_id, terms FROM story_articles WHERE guild_id = ? AND at >= ? AND "
            f"story_id IN (SELECT story_id FROM story_terms WHERE guild_id = ? AND term IN ({marks}) "
            "AND at >= ?) ORDER BY story_id, at, article_id",
            (guild_id, since, guild_id, *terms, since),
        ) as cur:
            rows = await cur.fetchall()
        members: dict[int, list[frozenset[str]]] = defaultdict(list)
        for story_id, text in rows:
            members[story_id].append(frozenset(text.split()))
        return dict(members)

    async def assign_story(
        self, guild_id: int, article_id: int, story_id: int, at: float, terms: Sequence[str]
    ) -> None:
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                await self._write.execute(
                    "INSERT OR IGNORE INTO story_articles (article_id, guild_id, story_id, at, "
                    "terms) VALUES (?,?,?,?,?)",
                    (article_id, guild_id, story_id, at, " ".join(terms)),
                )
                await self._write.executemany(
                    "INSERT OR IGNORE INTO story_terms (guild_id, term, at, article_id, story_id) "
                    "VALUES (?,?,?,?,?)",
                    [(guild_id, t, at, article_id, story_id) for t in dict.fromkeys(terms)],
                )
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise

    async def story_of(self, guild_id: int, article_id: int) -> int | None:
        async with self._read.execute(
            "SELECT story_id FROM story_articles WHERE guild_id = ? AND article_id = ?",
            (guild_id, article_id),
        ) as cur:
            row = await cur.fetchone()
        return row[0] if row else None

    async def story_articles(self, guild_id: int, story_id: int) -> list[StoryArticle]:
        async with self._read.execute(
            f"SELECT {STORY_ARTICLE_COLUMNS} FROM story_articles s JOIN articles a "
            "ON a.id = s.article_id WHERE s.guild_id = ? AND s.story_id = ? "
            "ORDER BY s.at, s.article_id LIMIT ?",
            (guild_id, story_id, MAX_STORY_ARTICLES),
        ) as cur:
            return [story_article_row(r) for r in await cur.fetchall()]

    async def get_story_post(
        self, guild_id: int, story_id: int, channel_id: int
    ) -> StoryPost | None:
        async with self._read.execute(
            f"SELECT {STORY_POST_COLUMNS} FROM story_posts "
            "WHERE guild_id = ? AND story_id = ? AND channel_id = ?",
            (guild_id, story_id, channel_id),
        ) as cur:
            row = await cur.fetchone()
        return story_post_row(row) if row else None

    async def record_story_post(
        self, guild_id: int, story_id: int, channel_id: int, message_id: int, at: float
    ) -> bool:
        async with self._write_lock:
            cur = await self._write.execute(
                "INSERT INTO story_posts (guild_id, story_id, channel_id, message_id, posted_at) "
                "VALUES (?,?,?,?,?) ON CONFLICT (guild_id, story_id, channel_id) DO UPDATE SET "
                "message_id = excluded.message_id, posted_at = excluded.posted_at, "
                "also_reported = '[]' WHERE story_posts.posted_at < excluded.posted_at",
                (guild_id, story_id, channel_id, message_id, at),
            )
            return cur.rowcount > 0

    async def story_post_delivered(self, guild_id: int, post: StoryPost, since: float) -> bool:
        async with self._read.execute(
            "SELECT 1 FROM feed_deliveries d JOIN feeds f ON f.id = d.feed_id "
            "WHERE f.guild_id = ? AND d.created_at >= ? "
            "AND d.state = 'delivered' AND d.channel_id = ? AND d.message_id = ? LIMIT 1",
            (guild_id, since, post.channel_id, post.message_id),
        ) as cur:
            return await cur.fetchone() is not None

    async def add_story_report(
        self, guild_id: int, story_id: int, channel_id: int, source: str, url: str | None
    ) -> StoryPost | None:
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                async with self._write.execute(
                    "SELECT also_reported FROM story_posts "
                    "WHERE guild_id = ? AND story_id = ? AND channel_id = ?",
                    (guild_id, story_id, channel_id),
                ) as cur:
                    row = await cur.fetchone()
                if row is not None:
                    reports = json.loads(row[0])
                    if [source, url] not in reports:
                        reports.append([source, url])
                    await self._write.execute(
                        "UPDATE story_posts SET also_reported = ? "
                        "WHERE guild_id = ? AND story_id = ? AND channel_id = ?",
                        (json.dumps(reports), guild_id, story_id, channel_id),
                    )
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise
        return await self.get_story_post(guild_id, story_id, channel_id)

    async def stories_enabled(self, guild_id: int) -> bool:
        async with self._read.execute(
            "SELECT enabled FROM story_settings WHERE guild_id = ?", (guild_id,)
        ) as cur:
            row = await cur.fetchone()
        return bool(row[0]) if row else True

    async def set_stories_enabled(self, guild_id: int, enabled: bool) -> None:
        async with self._write_lock:
            await self._write.execute(
                "INSERT INTO story_settings (guild_id, enabled) VALUES (?,?) "
                "ON CONFLICT (guild_id) DO UPDATE SET enabled = excluded.enabled",
                (guild_id, int(enabled)),
            )

    # --- digests ---------------------------------------------------------------------------

    async def set_digest(self, schedule: DigestSchedule) -> None:
        async with self._write_lock:
            await self._write.execute(
                f"INSERT OR REPLACE INTO digest_schedules ({DIGEST_SCHEDULE_COLUMNS}) "
                "VALUES (?,?,?,?,?,?,?)",
                (
                    schedule.guild_id,
                    schedule.channel_id,
                    schedule.time_of_day,
                    schedule.every,
                    schedule.weekday,
                    schedule.timezone,
                    schedule.since,
                ),
            )

    async def get_digest(self, guild_id: int) -> DigestSchedule | None:
        async with self._read.execute(
            f"SELECT {DIGEST_SCHEDULE_COLUMNS} FROM digest_schedules WHERE guild_id = ?",
            (guild_id,),
        ) as cur:
            row = await cur.fetchone()
        return digest_schedule_row(row) if row else None

    async def remove_digest(self, guild_id: int) -> bool:
        async with self._write_lock:
            cur = await self._write.execute(
                "DELETE FROM digest_schedules WHERE guild_id = ?", (guild_id,)
            )
            return cur.rowcount > 0

    async def digest_schedules(self) -> list[DigestSchedule]:
        async with self._read.execute(
            f"SELECT {DIGEST_SCHEDULE_COLUMNS} FROM digest_schedules ORDER BY guild_id"
        ) as cur:
            return [digest_schedule_row(r) for r in await cur.fetchall()]

    async def claim_digest_period(self, guild_id: int, period: str, now: float) -> bool:
        async with self._write_lock:
            cur = await self._write.execute(
                "INSERT INTO digest_posts (guild_id, period, claimed_at) VALUES (?,?,?) "
                "ON CONFLICT (guild_id, period) DO NOTHING",
                (guild_id, period, now),
            )
            return cur.rowcount > 0

    async def finish_digest_period(
        self, guild_id: int, period: str, message_id: int | None, stories: int
    ) -> None:
        async with self._write_lock:
            await self._write.execute(
                "UPDATE digest_posts SET message_id = ?, stories = ? "
                "WHERE guild_id = ? AND period = ?",
                (message_id, stories, guild_id, period),
            )

    async def period_story_articles(
        self, guild_id: int, start: float, end: float
    ) -> list[tuple[int, StoryArticle]]:
        async with self._read.execute(
            f"SELECT * FROM (SELECT s.story_id, {STORY_ARTICLE_COLUMNS} FROM story_articles s "
            "JOIN articles a ON a.id = s.article_id WHERE s.guild_id = ? AND s.at > ? "
            "AND s.at <= ? ORDER BY s.at DESC LIMIT ?) ORDER BY at, article_id",
            (guild_id, start, end, MAX_DIGEST_ROWS),
        ) as cur:
            return [(r[0], story_article_row(r[1:])) for r in await cur.fetchall()]
