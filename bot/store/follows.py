"""The follows part of the Store protocol, and what both dialects share for it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from bot.models import Follow, FollowNotice

FOLLOW_COLUMNS = "id, guild_id, user_id, kind, value, label"
NOTICE_COLUMNS = "guild_id, user_id, article_id, reason, created_at"
MAX_WAITING_NOTICES = 500  # taken per round of the DM sender


class FollowStore(Protocol):
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
        """("added", follow), ("exists", follow) or ("full", None) when the member has `limit`."""
        ...

    async def list_follows(self, guild_id: int, user_id: int) -> list[Follow]: ...
    async def remove_follow(self, guild_id: int, user_id: int, follow_id: int) -> Follow | None: ...
    async def clear_follows(self, guild_id: int, user_id: int) -> int:
        """Delete everything stored about the member's follows; returns the follows deleted."""
        ...

    async def matching_follows(self, guild_id: int, kind: str, keys: Sequence[str]) -> list[Follow]:
        """Follows of `kind` whose match key is one of `keys`, of members not paused."""
        ...

    async def add_follow_notices(self, notices: Sequence[FollowNotice]) -> int: ...
    async def waiting_notices(self, guild_ids: Sequence[int]) -> list[FollowNotice]: ...
    async def singles_since(self, guild_id: int, user_id: int, since: float) -> int: ...
    async def mark_notices(
        self, guild_id: int, user_id: int, article_ids: Sequence[int], dm_at: float, kind: str
    ) -> None: ...
    async def pause_follows(self, guild_id: int, user_id: int, now: float) -> None: ...
    async def resume_follows(self, guild_id: int, user_id: int) -> bool:
        """Un-pause; True if the member was paused."""
        ...

    async def take_pause_notice(self, guild_id: int, user_id: int) -> bool:
        """True once after the member's follows were paused (the caller tells them)."""
        ...


def follow_row(row: Sequence[Any]) -> Follow:
    return Follow(*row)


def notice_row(row: Sequence[Any]) -> FollowNotice:
    return FollowNotice(*row)
