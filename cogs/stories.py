"""`/story`: the articles about the same event as an article, and their combined summary."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.ui.cooldowns import cooldown, per_member
from bot.ui.options import ArticleId
from bot.ui.stories import story_embed

log = logging.getLogger(__name__)


class Stories(commands.Cog):
    """Stories: one event, many sources."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(
        name="story", description="Every source on an article's story, with a combined summary"
    )
    @app_commands.describe(article="An article of the story", private="Only you see the reply")
    @app_commands.guild_only()
    @cooldown(*limits.SUMMARY_COOLDOWN, key=per_member)
    async def story(
        self,
        interaction: discord.Interaction,
        article: app_commands.Transform[int, ArticleId],
        private: bool = False,
    ) -> None:
        # The summary runs in the worker pool over several articles: answer within 3 s first.
        await interaction.response.defer(ephemeral=private, thinking=True)
        view = await self.bot.service.story(interaction.guild_id, article)
        await interaction.followup.send(
            embed=story_embed(view),
            ephemeral=private,
            allowed_mentions=discord.AllowedMentions.none(),
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Stories(bot))
