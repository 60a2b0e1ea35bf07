"""`/quote`: what someone actually said, from the server's articles."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.engine.text.sentences import truncate
from bot.errors import NotFoundError
from bot.ui.cooldowns import cooldown, per_member
from bot.ui.options import ArticleId, speaker_autocomplete
from bot.ui.views import QuotePage, quote_filters, quote_pages


class Quotes(commands.Cog):
    """Quotations with their speakers."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(QuotePage)

    async def cog_unload(self) -> None:
        self.bot.remove_dynamic_items(QuotePage)

    @app_commands.command(name="quote", description="What someone said, quoted from an article")
    @app_commands.describe(
        article="Only quotations from this article",
        speaker="Only quotations by this person",
        search="Words that must appear in the quotation",
    )
    @app_commands.autocomplete(speaker=speaker_autocomplete)
    @app_commands.guild_only()
    @cooldown(*limits.QUOTE_COOLDOWN, key=per_member)
    async def quote(
        self,
        interaction: discord.Interaction,
        article: app_commands.Transform[int, ArticleId] | None = None,
        speaker: app_commands.Range[str, 1, 100] | None = None,
        search: app_commands.Range[str, 1, 200] | None = None,
    ) -> None:
        hits = await self.bot.service.find_quotations(
            interaction.guild_id, article_id=article, speaker=speaker, search=search
        )
        if not hits:
            raise NotFoundError(_no_match(article, speaker, search))
        owner = interaction.user.id
        filters = quote_filters(owner, article, speaker, search) if len(hits) > 1 else ""
        embed, view = quote_pages(owner, hits, 0, filters)
        if view is None:
            await interaction.response.send_message(embed=embed)
        else:
            await interaction.response.send_message(embed=embed, view=view)


def _no_match(article: int | None, speaker: str | None, search: str | None) -> str:
    if article is None and speaker is None and search is None:
        return "No quotations yet: the server's articles quote nobody so far."
    wanted = [
        f"by {truncate(speaker, limits.ECHO_CHARS)}" if speaker else "",
        f"containing “{truncate(search, limits.ECHO_CHARS)}”" if search else "",
        f"in article #{article}" if article is not None else "",
    ]
    return (
        f"No quotation {' '.join(w for w in wanted if w)}. Try fewer words, or pick a "
        "speaker from the list as you type."
    )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Quotes(bot))
