"""`/follow`: members follow a keyword, a speaker or a feed and hear of matches by DM.

Every reply is ephemeral: what a member follows is theirs alone.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot import limits
from bot.engine.text.sentences import truncate
from bot.errors import NotFoundError
from bot.service_follows import FollowDm
from bot.ui.follows import follow_dm_embed, follow_lines
from bot.ui.options import parse_id, speaker_autocomplete

log = logging.getLogger(__name__)
NO_MENTIONS = discord.AllowedMentions.none()


def _added(status: str, follow) -> str:
    if status == "exists":
        return f"You already follow {follow.describe()}."
    return (
        f"Following {follow.describe()}. I'll send you a direct message when an article matches "
        f"(at most {limits.FOLLOW_DMS_PER_HOUR} an hour; more come together)."
    )


@app_commands.guild_only()
class Follows(
    commands.GroupCog, group_name="follow", group_description="Hear of news you care about"
):
    add = app_commands.Group(name="add", description="Follow a keyword, a speaker or a feed")

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        tick = getattr(getattr(self.bot, "settings", None), "follow_tick_seconds", None)
        if tick:
            self.send_matches.change_interval(seconds=tick)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        if self.bot.service is not None and not self.send_matches.is_running():
            self.send_matches.start()

    async def cog_unload(self) -> None:
        self.send_matches.cancel()

    @property
    def service(self):
        return self.bot.service

    async def _reply(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(
            truncate(text, limits.MESSAGE_CHARS), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @add.command(name="keyword", description="Articles about a word or phrase (title or lead)")
    @app_commands.describe(keyword="A word or phrase, e.g. harbour bridge")
    async def add_keyword(self, interaction: discord.Interaction, keyword: str) -> None:
        status, follow = await self.service.add_follow(
            interaction.guild_id, interaction.user.id, "keyword", keyword
        )
        await self._reply(interaction, _added(status, follow))

    @add.command(name="speaker", description="Articles quoting a person")
    @app_commands.describe(speaker="The person's name")
    @app_commands.autocomplete(speaker=speaker_autocomplete)
    async def add_speaker(self, interaction: discord.Interaction, speaker: str) -> None:
        status, follow = await self.service.add_follow(
            interaction.guild_id, interaction.user.id, "speaker", speaker
        )
        await self._reply(interaction, _added(status, follow))

    @add.command(name="feed", description="Articles from one of this server's feeds")
    @app_commands.describe(feed="The feed")
    async def add_feed(self, interaction: discord.Interaction, feed: str) -> None:
        feed_id = parse_id(feed)
        if feed_id is None:
            raise NotFoundError("There is no feed with that id in this server.")
        status, follow = await self.service.add_follow(
            interaction.guild_id, interaction.user.id, "feed", str(feed_id)
        )
        await self._reply(interaction, _added(status, follow))

    @add_feed.autocomplete("feed")
    async def feed_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        feeds = await self.service.store.list_feeds(interaction.guild_id)
        typed = current.lower()
        return [
            app_commands.Choice(
                name=truncate(f"#{f.id} {f.title or f.url}", limits.CHOICE_NAME), value=str(f.id)
            )
            for f in feeds
            if typed in f"#{f.id} {f.title or ''} {f.url}".lower()
        ][: limits.AUTOCOMPLETE_CHOICES]

    @app_commands.command(name="list", description="What you follow here (only you see it)")
    async def list_(self, interaction: discord.Interaction) -> None:
        follows, resumed = await self.service.list_follows(
            interaction.guild_id, interaction.user.id
        )
        text = follow_lines(follows) if follows else "You follow nothing here yet: /follow add."
        if resumed:
            text = "Your follows are on again.\n" + text
        await self._reply(interaction, text)

    @app_commands.command(name="remove", description="Stop following something")
    @app_commands.describe(follow="What to stop following")
    async def remove(self, interaction: discord.Interaction, follow: str) -> None:
        follow_id = parse_id(follow)
        if follow_id is None:
            raise NotFoundError("You do not follow that (see /follow list).")
        removed = await self.service.remove_follow(
            interaction.guild_id, interaction.user.id, follow_id
        )
        await self._reply(interaction, f"Stopped following {removed.describe()}.")

    @remove.autocomplete("follow")
    async def own_follows(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        follows = await self.service.store.list_follows(interaction.guild_id, interaction.user.id)
        typed = current.lower()
        return [
            app_commands.Choice(name=truncate(f.describe(), limits.CHOICE_NAME), value=str(f.id))
            for f in follows
            if typed in f.describe().lower()
        ][: limits.AUTOCOMPLETE_CHOICES]

    @app_commands.command(name="clear", description="Delete all you follow here and your matches")
    async def clear(self, interaction: discord.Interaction) -> None:
        count = await self.service.clear_follows(interaction.guild_id, interaction.user.id)
        await self._reply(
            interaction,
            f"Deleted your {count} follow{'s' * (count != 1)} and everything stored about them "
            "in this server.",
        )

    @commands.Cog.listener()
    async def on_app_command_completion(
        self, interaction: discord.Interaction, command: app_commands.Command
    ) -> None:
        """Tell a member once, after their next command, that their follows were paused."""
        if interaction.guild_id is None:
            return
        notice = await self.service.take_pause_notice(interaction.guild_id, interaction.user.id)
        if notice:
            await interaction.followup.send(notice, ephemeral=True)

    @tasks.loop(seconds=15)
    async def send_matches(self) -> None:
        try:
            for dm in await self.service.follow_dms([g.id for g in self.bot.guilds]):
                await self._send(dm)
        except Exception:
            log.exception("follow round failed")

    @send_matches.before_loop
    async def _ready(self) -> None:
        await self.bot.wait_until_ready()

    async def _send(self, dm: FollowDm) -> None:
        guild = self.bot.get_guild(dm.guild_id)
        if guild is None:
            return
        try:
            member = await guild.fetch_member(dm.user_id)
        except discord.NotFound:
            # Gone from the server: Discord tells bots of departures only with the privileged
            # members intent, so newsbot finds out here and forgets them.
            removed = await self.service.forget_member(dm.guild_id, dm.user_id)
            log.info("follows of a member who left deleted guild=%s count=%s", dm.guild_id, removed)
            return
        try:
            await member.send(embed=follow_dm_embed(dm, guild.name), allowed_mentions=NO_MENTIONS)
        except discord.Forbidden:
            await self.service.follow_dm_refused(dm)
            log.info("follow DMs refused, follows paused guild=%s", dm.guild_id)
            return
        await self.service.follow_dm_sent(dm)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Follows(bot))
