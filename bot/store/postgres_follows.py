"""`FollowStore` on PostgreSQL: the follows tables of migration 0012."""

from __future__ import annotations

from collections.abc import Sequence

from bot.models import Follow, FollowNotice
from bot.store.follows import (
    FOLLOW_COLUMNS,
    MAX_WAITING_NOTICES,
    NOTICE_COLUMNS,
    follow_row,
    notice_row,
)


def _count(status: str) -> int:
    return int(status.split()[-1])


class PostgresFollows:
    """Mixed into `PostgresStore`: uses its connection pool."""

    async def add_follow(
        self,
        guild_id: int,
        user_id: int,
        kind: str,
        value: str,
        label: str,
        match_key: str,
        now: float,
        limit: int,
    ) -> tuple[str, Follow | None]:
        async with self._pool.acquire() as conn, conn.transaction():
            # One member's follows are counted and added one at a time.
            await conn.execute(
                "SELECT pg_advisory_xact_lock($1, $2)", guild_id % 2**31, user_id % 2**31
            )
            row = await conn.fetchrow(
                f"SELECT {FOLLOW_COLUMNS} FROM follows WHERE guild_id = $1 AND user_id = $2 "
                "AND kind = $3 AND value = $4",
                guild_id,
                user_id,
                kind,
                value,
            )
            if row is not None:
                return "exists", follow_row(row)
            count = await conn.fetchval(
                "SELECT count(*) FROM follows WHERE guild_id = $1 AND user_id = $2",
                guild_id,
                user_id,
            )
            if count >= limit:
                return "full", None
            follow_id = await conn.fetchval(
                "INSERT INTO follows (guild_id, user_id, kind, value, label, match_key, "
                "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                guild_id,
                user_id,
                kind,
                value,
                label,
                match_key,
                now,
            )
            return "added", Follow(follow_id, guild_id, user_id, kind, value, label)

    async def list_follows(self, guild_id: int, user_id: int) -> list[Follow]:
        rows = await self._pool.fetch(
            f"SELECT {FOLLOW_COLUMNS} FROM follows WHERE guild_id = $1 AND user_id = $2 "
            "ORDER BY kind, label, id",
            guild_id,
            user_id,
        )
        return [follow_row(r) for r in rows]

    async def remove_follow(self, guild_id: int, user_id: int, follow_id: int) -> Follow | None:
        row = await self._pool.fetchrow(
            "DELETE FROM follows WHERE guild_id = $1 AND user_id = $2 AND id = $3 "
            f"RETURNING {FOLLOW_COLUMNS}",
            guild_id,
            user_id,
            follow_id,
        )
        return follow_row(row) if row else None

    async def clear_follows(self, guild_id: int, user_id: int) -> int:
        async with self._pool.acquire() as conn, conn.transaction():
            status = await conn.execute(
                "DELETE FROM follows WHERE guild_id = $1 AND user_id = $2", guild_id, user_id
            )
            for table in ("follow_members", "follow_notices"):
                await conn.execute(
                    f"DELETE FROM {table} WHERE guild_id = $1 AND user_id = $2", guild_id, user_id
                )
        return _count(status)

    async def matching_follows(self, guild_id: int, kind: str, keys: Sequence[str]) -> list[Follow]:
        if not keys:
            return []
        rows = await self._pool.fetch(
            "SELECT f.id, f.guild_id, f.user_id, f.kind, f.value, f.label FROM follows f "
            "LEFT JOIN follow_members m ON m.guild_id = f.guild_id AND m.user_id = f.user_id "
            "WHERE f.guild_id = $1 AND f.kind = $2 AND f.match_key = ANY($3::text[]) "
            "AND m.paused_at IS NULL ORDER BY f.user_id, f.id",
            guild_id,
            kind,
            list(keys),
        )
        return [follow_row(r) for r in rows]

    async def add_follow_notices(self, notices: Sequence[FollowNotice]) -> int:
        added = 0
        async with self._pool.acquire() as conn, conn.transaction():
            for n in notices:
                status = await conn.execute(
                    f"INSERT INTO follow_notices ({NOTICE_COLUMNS}) VALUES ($1, $2, $3, $4, $5) "
                    "ON CONFLICT DO NOTHING",
                    n.guild_id,
                    n.user_id,
                    n.article_id,
                    n.reason,
                    n.created_at,
                )
                added += _count(status)
        return added

    async def waiting_notices(self, guild_ids: Sequence[int]) -> list[FollowNotice]:
        if not guild_ids:
            return []
        rows = await self._pool.fetch(
            f"SELECT {NOTICE_COLUMNS} FROM follow_notices WHERE dm_at IS NULL "
            "AND guild_id = ANY($1::bigint[]) ORDER BY created_at, guild_id, user_id, article_id "
            "LIMIT $2",
            list(guild_ids),
            MAX_WAITING_NOTICES,
        )
        return [notice_row(r) for r in rows]

    async def singles_since(self, guild_id: int, user_id: int, since: float) -> int:
        return await self._pool.fetchval(
            "SELECT count(*) FROM follow_notices WHERE guild_id = $1 AND user_id = $2 "
            "AND dm_kind = 'single' AND dm_at >= $3",
            guild_id,
            user_id,
            since,
        )

    async def mark_notices(
        self, guild_id: int, user_id: int, article_ids: Sequence[int], dm_at: float, kind: str
    ) -> None:
        await self._pool.execute(
            "UPDATE follow_notices SET dm_at = $1, dm_kind = $2 "
            "WHERE guild_id = $3 AND user_id = $4 AND article_id = ANY($5::bigint[])",
            dm_at,
            kind,
            guild_id,
            user_id,
            list(article_ids),
        )

    async def pause_follows(self, guild_id: int, user_id: int, now: float) -> None:
        await self._pool.execute(
            "INSERT INTO follow_members (guild_id, user_id, paused_at, told) "
            "VALUES ($1, $2, $3, false) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
            "paused_at = excluded.paused_at, told = false",
            guild_id,
            user_id,
            now,
        )

    async def resume_follows(self, guild_id: int, user_id: int) -> bool:
        status = await self._pool.execute(
            "DELETE FROM follow_members WHERE guild_id = $1 AND user_id = $2 "
            "AND paused_at IS NOT NULL",
            guild_id,
            user_id,
        )
        return _count(status) > 0

    async def take_pause_notice(self, guild_id: int, user_id: int) -> bool:
        status = await self._pool.execute(
            "UPDATE follow_members SET told = true WHERE guild_id = $1 AND user_id = $2 "
            "AND paused_at IS NOT NULL AND NOT told",
            guild_id,
            user_id,
        )
        return _count(status) > 0
