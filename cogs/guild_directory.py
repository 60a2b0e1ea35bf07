"""Keeps the database's list of the servers the bot is in, and their channels, current.

The web panel runs without a gateway connection (`newsbot web` is a process of its own, maybe
on another machine), so it cannot ask discord.py which servers the bot is in or which
channels a feed could post to. The bot knows both from the gateway; it writes them down here
as they change, and the panel reads them from the same database. No commands."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.models import GuildChannel

log = logging.getLogger(__name__)


def channel_row(channel: discord.abc.GuildChannel) -> GuildChannel:
    return GuildChannel(
        channel.id, channel.guild.id, channel.name, channel.type.value, channel.position
    )


class GuildDirectory(commands.Cog):
    """Writes each guild (with its channels) down when it becomes available or is joined,
    forgets it when the bot leaves, and follows channel changes."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self._written: dict[int, tuple[GuildChannel, ...]] = {}
        """What was last written per guild: a reconnect that shows the same guild again
        writes nothing."""

    @property
    def service(self):
        return self.bot.service  # type: ignore[attr-defined]

    def _serves(self, guild_id: int) -> bool:
        """Whether this process runs the shard of `guild_id` (every guild when not sharded)."""
        settings = getattr(self.bot, "settings", None)
        count = getattr(settings, "shard_count", None)
        ids = getattr(settings, "shard_ids", None)
        if not count:
            return True
        return ids is None or (guild_id >> 22) % count in ids

    async def _record(self, guild: discord.Guild) -> None:
        channels = tuple(channel_row(c) for c in guild.channels)
        if self._written.get(guild.id) == channels:
            return
        try:
            await self.service.record_guild(guild.id, channels)
        except Exception:
            log.exception("could not record guild %s for the web panel", guild.id)
            return
        self._written[guild.id] = channels

    @commands.Cog.listener()
    async def on_guild_available(self, guild: discord.Guild) -> None:
        await self._record(guild)

    @commands.Cog.listener()
    async def on_guild_join(self, guild: discord.Guild) -> None:
        await self._record(guild)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Forget the guilds that removed the bot while it was offline."""
        present = {g.id for g in self.bot.guilds}
        try:
            gone = await self.service.forget_guilds_except(present, self._serves)
        except Exception:
            log.exception("could not tidy the web panel's list of guilds")
            return
        if gone:
            log.info("forgot %d guilds the bot is no longer in", gone)

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        self._written.pop(guild.id, None)
        await self.service.forget_guild(guild.id)

    @commands.Cog.listener()
    async def on_guild_channel_create(self, channel: discord.abc.GuildChannel) -> None:
        self._written.pop(channel.guild.id, None)
        await self.service.record_channel(channel_row(channel))

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        if (before.name, before.type, before.position) != (after.name, after.type, after.position):
            self._written.pop(after.guild.id, None)
            await self.service.record_channel(channel_row(after))

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        self._written.pop(channel.guild.id, None)
        await self.service.forget_channel(channel.id)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(GuildDirectory(bot))
