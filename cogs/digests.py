"""`/digest`: a server's top stories posted at a set time, daily or weekly."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import limits
from bot.digest_schedule import DAYS, timezone_names
from bot.ui.digests import digest_messages

log = logging.getLogger(__name__)

EVERY_CHOICES = [app_commands.Choice(name=e, value=e) for e in ("daily", "weekly")]
DAY_CHOICES = [app_commands.Choice(name=d.title(), value=d) for d in DAYS]
NO_MENTIONS = discord.AllowedMentions.none()


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class Digests(commands.GroupCog, group_name="digest", group_description="Top stories (admins)"):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self._handled: dict[int, str] = {}  # guild -> the last period this process dealt with
        super().__init__()

    async def cog_load(self) -> None:
        tick = getattr(getattr(self.bot, "settings", None), "digest_tick_seconds", None)
        if tick:
            self.post_due.change_interval(seconds=tick)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self.bot.service is not None and not self.post_due.is_running():
            self.post_due.start()

    async def cog_unload(self) -> None:
        self.post_due.cancel()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Discord's default permissions can be overridden by a server; check at run time too."""
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @property
    def service(self):
        return self.bot.service

    @app_commands.command(name="set", description="Post the top stories at a time of day")
    @app_commands.describe(
        channel="Where to post",
        time="Local time, HH:MM (24-hour)",
        every="daily or weekly",
        day="The day of a weekly digest",
        timezone="IANA time zone, e.g. Europe/Paris (default UTC)",
    )
    @app_commands.choices(every=EVERY_CHOICES, day=DAY_CHOICES)
    async def set_(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: str,
        every: app_commands.Choice[str],
        day: app_commands.Choice[str] | None = None,
        timezone: str | None = None,
    ) -> None:
        schedule = await self.service.set_digest(
            interaction.guild_id,
            channel.id,
            time,
            every.value,
            day.value if day else None,
            timezone,
        )
        await interaction.response.send_message(
            f"Saved. The digest is posted {schedule.describe()}, when there are new stories.",
            ephemeral=True,
        )

    @set_.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = timezone_names(current[: limits.CHOICE_VALUE], limits.AUTOCOMPLETE_CHOICES)
        return [app_commands.Choice(name=n, value=n) for n in names]

    @app_commands.command(name="preview", description="What the digest would post now")
    async def preview(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        schedule, items = await self.service.digest_preview(interaction.guild_id)
        if not items:
            await interaction.followup.send(
                "No new stories in the last period: the digest would post nothing.",
                ephemeral=True,
            )
            return
        note = schedule.describe() if schedule else "not scheduled (/digest set)"
        messages = digest_messages(f"Digest preview · {note}", items)
        for embeds in messages:
            await interaction.followup.send(
                embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS
            )

    @app_commands.command(name="off", description="Stop posting the digest")
    async def off(self, interaction: discord.Interaction) -> None:
        removed = await self.service.digest_off(interaction.guild_id)
        text = "Saved. The digest is off." if removed else "The digest was not on."
        await interaction.response.send_message(text, ephemeral=True)

    @tasks.loop(seconds=30)
    async def post_due(self) -> None:
        """Post every due digest of this process's servers, each period once (claimed first)."""
        try:
            for due in await self.service.due_digests({g.id for g in self.bot.guilds}):
                await self._post(due)
        except Exception:
            log.exception("digest round failed")

    @post_due.before_loop
    async def _ready(self) -> None:
        await self.bot.wait_until_ready()

    async def _post(self, due) -> None:
        guild_id = due.schedule.guild_id
        if self._handled.get(guild_id) == due.period:
            return
        self._handled[guild_id] = due.period
        items = await self.service.claim_digest(due)
        if items is None:  # another process, or this one before a restart, has it
            log.info("digest guild=%s period=%s already taken", guild_id, due.period)
            return
        channel = self.bot.get_channel(due.schedule.channel_id)
        if not items or channel is None:
            if channel is None:
                log.warning("digest channel %s is gone", due.schedule.channel_id)
            log.info(
                "digest guild=%s period=%s: no new stories, nothing posted", guild_id, due.period
            )
            await self.service.finish_digest(due, None, 0)
            return
        first = None
        for embeds in digest_messages(f"Top stories · {due.period}", items):
            message = await channel.send(embeds=embeds, allowed_mentions=NO_MENTIONS)
            first = first or message
        await self.service.finish_digest(due, first.id, len(items))
        log.info("digest guild=%s period=%s posted stories=%s", guild_id, due.period, len(items))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Digests(bot))
