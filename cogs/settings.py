"""`/settings`: a server's own defaults (admins)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.engine.summary.methods import DEFAULT_METHOD, METHODS
from bot.models import GuildSettings

METHOD_CHOICES = [app_commands.Choice(name=m.label, value=m.name) for m in METHODS.values()]


def describe(settings: GuildSettings) -> str:
    method = settings.summary_method or DEFAULT_METHOD
    sentences = settings.summary_sentences or limits.DEFAULT_SUMMARY_SENTENCES
    channel = f"<#{settings.autosummary_channel_id}>" if settings.autosummary_channel_id else "off"
    return (
        f"Summary length: **{sentences}** sentences · method: **{METHODS[method].label}** · "
        f"auto-summary of links: {channel}"
    )


@app_commands.default_permissions(manage_guild=True)
class Settings(
    commands.GroupCog, group_name="settings", group_description="Server defaults (admins)"
):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        super().__init__()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Discord's default permissions can be overridden by a server; check at run time too."""
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        return True

    @property
    def service(self):
        return self.bot.service

    @app_commands.command(name="show", description="This server's settings")
    async def show(self, interaction: discord.Interaction) -> None:
        settings = await self.service.server_settings(interaction.guild_id)
        await interaction.response.send_message(describe(settings), ephemeral=True)

    @app_commands.command(name="summary", description="Default summary length and method")
    @app_commands.describe(sentences="Default number of sentences", method="Default method")
    @app_commands.choices(method=METHOD_CHOICES)
    async def summary(
        self,
        interaction: discord.Interaction,
        sentences: app_commands.Range[
            int, limits.MIN_SUMMARY_SENTENCES, limits.MAX_SUMMARY_SENTENCES
        ]
        | None = None,
        method: app_commands.Choice[str] | None = None,
    ) -> None:
        changes = {}
        if sentences is not None:
            changes["summary_sentences"] = sentences
        if method is not None:
            changes["summary_method"] = method.value
        settings = await self.service.change_settings(interaction.guild_id, **changes)
        prefix = "Saved. " if changes else ""
        await interaction.response.send_message(prefix + describe(settings), ephemeral=True)

    @app_commands.command(
        name="autosummary", description="Reply to links posted in a channel with their summary"
    )
    @app_commands.describe(channel="The channel to watch (leave empty to turn it off)")
    async def autosummary(
        self, interaction: discord.Interaction, channel: discord.TextChannel | None = None
    ) -> None:
        settings = await self.service.change_settings(
            interaction.guild_id, autosummary_channel_id=channel.id if channel is not None else None
        )
        text = "Saved. " + describe(settings)
        if channel is not None and not self.bot.intents.message_content:
            text += (
                "\nNote: I can't read messages yet. The bot's operator must switch on the "
                "Message Content intent in the Discord Developer Portal and set "
                "NEWSBOT_MESSAGE_CONTENT=1."
            )
        await interaction.response.send_message(text, ephemeral=True)

    @app_commands.command(
        name="stories", description="Post a story once per channel, listing the other sources"
    )
    @app_commands.describe(state="on (the default) or off")
    @app_commands.choices(
        state=[
            app_commands.Choice(name="on", value="on"),
            app_commands.Choice(name="off", value="off"),
        ]
    )
    async def stories(
        self, interaction: discord.Interaction, state: app_commands.Choice[str]
    ) -> None:
        enabled = state.value == "on"
        await self.bot.service.set_stories(interaction.guild_id, enabled)
        text = (
            "Saved. Stories are **on**: a feed entry whose story was already posted to the "
            "channel in the last 72 hours is added to that post as another source."
            if enabled
            else "Saved. Stories are **off**: every feed entry is posted."
        )
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Settings(bot))
