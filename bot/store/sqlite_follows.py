"""`FollowStore` on SQLite: the follows tables of migration 0012."""

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


class SqliteFollows:
    """Mixed into `SqliteStore`: uses its read connection, write connection and write lock."""

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
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                where = "WHERE guild_id = ? AND user_id = ?"
                async with self._write.execute(
                    f"SELECT {FOLLOW_COLUMNS} FROM follows {where} AND kind = ? AND value = ?",
                    (guild_id, user_id, kind, value),
                ) as cur:
                    row = await cur.fetchone()
                if row is not None:
                    result = ("exists", follow_row(row))
                else:
                    async with self._write.execute(
                        f"SELECT count(*) FROM follows {where}", (guild_id, user_id)
                    ) as cur:
                        (count,) = await cur.fetchone()
                    if count >= limit:
                        result = ("full", None)
                    else:
                        cur = await self._write.execute(
                            "INSERT INTO follows (guild_id, user_id, kind, value, label, "
                            "match_key, created_at) VALUES (?,?,?,?,?,?,?)",
                            (guild_id, user_id, kind, value, label, match_key, now),
                        )
                        follow = Follow(cur.lastrowid, guild_id, user_id, kind, value, label)
                        result = ("added", follow)
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise
        return result

    async def list_follows(self, guild_id: int, user_id: int) -> list[Follow]:
        async with self._read.execute(
            f"SELECT {FOLLOW_COLUMNS} FROM follows WHERE guild_id = ? AND user_id = ? "
            "ORDER BY kind, label, id",
            (guild_id, user_id),
        ) as cur:
            return [follow_row(r) for r in await cur.fetchall()]

    async def remove_follow(self, guild_id: int, user_id: int, follow_id: int) -> Follow | None:
        async with (
            self._write_lock,
            self._write.execute(
                f"DELETE FROM follows WHERE guild_id = ? AND user_id = ? AND id = ? "
                f"RETURNING {FOLLOW_COLUMNS}",
                (guild_id, user_id, follow_id),
            ) as cur,
        ):
            row = await cur.fetchone()
        return follow_row(row) if row else None

    async def clear_follows(self, guild_id: int, user_id: int) -> int:
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                cur = await self._write.execute(
                    "DELETE FROM follows WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
                )
                count = cur.rowcount
                for table in ("follow_members", "follow_notices"):
                    await self._write.execute(
                        f"DELETE FROM {table} WHERE guild_id = ? AND user_id = ?",
                        (guild_id, user_id),
                    )
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise
        return count

    async def matching_follows(self, guild_id: int, kind: str, keys: Sequence[str]) -> list[Follow]:
        if not keys:
            return []
        marks = ",".join("?" * len(keys))
        async with self._read.execute(
            f"SELECT f.id, f.guild_id, f.user_id, f.kind, f.value, f.label FROM follows f "
            "LEFT JOIN follow_members m ON m.guild_id = f.guild_id AND m.user_id = f.user_id "
            f"WHERE f.guild_id = ? AND f.kind = ? AND f.match_key IN ({marks}) "
            "AND m.paused_at IS NULL ORDER BY f.user_id, f.id",
            (guild_id, kind, *keys),
        ) as cur:
            return [follow_row(r) for r in await cur.fetchall()]

    async def add_follow_notices(self, notices: Sequence[FollowNotice]) -> int:
        if not notices:
            return 0
        async with self._write_lock:
            before = self._write.total_changes
            await self._write.executemany(
                f"INSERT OR IGNORE INTO follow_notices ({NOTICE_COLUMNS}) VALUES (?,?,?,?,?)",
                [(n.guild_id, n.user_id, n.article_id, n.reason, n.created_at) for n in notices],
            )
            return self._write.total_changes - before

    async def waiting_notices(self, guild_ids: Sequence[int]) -> list[FollowNotice]:
        if not guild_ids:
            return []
        marks = ",".join("?" * len(guild_ids))
        async with self._read.execute(
            f"SELECT {NOTICE_COLUMNS} FROM follow_notices WHERE dm_at IS NULL "
            f"AND guild_id IN ({marks}) ORDER BY created_at, guild_id, user_id, article_id "
            "LIMIT ?",
            (*guild_ids, MAX_WAITING_NOTICES),
        ) as cur:
            return [notice_row(r) for r in await cur.fetchall()]

    async def singles_since(self, guild_id: int, user_id: int, since: float) -> int:
        async with self._read.execute(
            "SELECT count(*) FROM follow_notices WHERE guild_id = ? AND user_id = ? "
            "AND dm_kind = 'single' AND dm_at >= ?",
            (guild_id, user_id, since),
        ) as cur:
            (count,) = await cur.fetchone()
        return count

    async def mark_notices(
        self, guild_id: int, user_id: int, article_ids: Sequence[int], dm_at: float, kind: str
    ) -> None:
        async with self._write_lock:
            await self._write.executemany(
                "UPDATE follow_notices SET dm_at = ?, dm_kind = ? "
                "WHERE guild_id = ? AND user_id = ? AND article_id = ?",
                [(dm_at, kind, guild_id, user_id, a) for a in article_ids],
            )

    async def pause_follows(self, guild_id: int, user_id: int, now: float) -> None:
        async with self._write_lock:
            await self._write.execute(
                "INSERT INTO follow_members (guild_id, user_id, paused_at, told) "
                "VALUES (?,?,?,0) ON CONFLICT (guild_id, user_id) DO UPDATE SET "
                "paused_at = excluded.paused_at, told = 0",
                (guild_id, user_id, now),
            )

    async def resume_follows(self, guild_id: int, user_id: int) -> bool:
        async with self._write_lock:
            cur = await self._write.execute(
                "DELETE FROM follow_members WHERE guild_id = ? AND user_id = ? "
                "AND paused_at IS NOT NULL",
                (guild_id, user_id),
            )
            return cur.rowcount > 0

    async def take_pause_notice(self, guild_id: int, user_id: int) -> bool:
        # Asked after every command: a read first, so the common answer takes no write lock.
        async with self._read.execute(
            "SELECT 1 FROM follow_members WHERE guild_id = ? AND user_id = ? "
            "AND paused_at IS NOT NULL AND told = 0",
            (guild_id, user_id),
        ) as cur:
            if await cur.fetchone() is None:
                return False
        async with self._write_lock:
            cur = await self._write.execute(
                "UPDATE follow_members SET told = 1 WHERE guild_id = ? AND user_id = ? "
                "AND paused_at IS NOT NULL AND told = 0",
                (guild_id, user_id),
            )
            return cur.rowcount > 0
