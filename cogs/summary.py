"""`/summary` and the `Summarize` message menu: the gist of an article or a message."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.engine.summary.methods import DEFAULT_METHOD, METHODS
from bot.errors import InputError
from bot.service import decode_text, link_to_summarize
from bot.ui.cooldowns import cooldown, per_member
from bot.ui.embeds import summary_embed, text_summary_embed
from bot.ui.options import ArticleId
from bot.ui.views import SummaryStep, summary_buttons

log = logging.getLogger(__name__)

METHOD_CHOICES = [app_commands.Choice(name=m.label, value=m.name) for m in METHODS.values()]


class Summary(commands.Cog):
    """Summaries of the server's articles and of chat messages."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        self.menu = app_commands.ContextMenu(name="Summarize", callback=self.summarize_message)
        self.menu.guild_only = True
        cooldown(*limits.SUMMARY_COOLDOWN, key=per_member)(self.menu)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)
        self.bot.add_dynamic_items(SummaryStep)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)
        self.bot.remove_dynamic_items(SummaryStep)

    @property
    def service(self):
        return self.bot.service

    @app_commands.command(name="summary", description="The gist of an article in a few sentences")
    @app_commands.describe(
        article="Which article (default: the newest)",
        sentences=f"How many sentences ({limits.MIN_SUMMARY_SENTENCES}-{limits.MAX_SUMMARY_SENTENCES})",
        words="Or: the best summary in at most this many words (never a cut sentence)",
        percent="Or: this percent of the article's sentences (at most 10 sentences)",
        method="How to pick the sentences (default: Auto)",
        private="Only you see the reply",
    )
    @app_commands.choices(method=METHOD_CHOICES)
    @app_commands.guild_only()
    @cooldown(*limits.SUMMARY_COOLDOWN, key=per_member)
    async def summary(
        self,
        interaction: discord.Interaction,
        article: app_commands.Transform[int, ArticleId] | None = None,
        sentences: app_commands.Range[
            int, limits.MIN_SUMMARY_SENTENCES, limits.MAX_SUMMARY_SENTENCES
        ]
        | None = None,
        method: app_commands.Choice[str] | None = None,
        private: bool = False,
        words: app_commands.Range[int, limits.MIN_SUMMARY_WORDS, limits.MAX_SUMMARY_WORDS]
        | None = None,
        percent: app_commands.Range[int, limits.MIN_SUMMARY_PERCENT, limits.MAX_SUMMARY_PERCENT]
        | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        chosen, length = await self.service.summary_length(
            guild_id, method.value if method else None, sentences, words, percent
        )
        found = await self.service.article(guild_id, article)
        cached = await self.service.cached_summary(guild_id, found.id, chosen, length)
        if cached is None:
            await interaction.response.defer(ephemeral=private, thinking=True)
            art, result = await self.service.summary(
                guild_id, found.id, chosen, None, length=length
            )
        else:
            art, result = found, cached  # answered at once, without asking the store again

        # The buttons carry the article's id, method and length in their custom ids: nothing of
        # this reply stays in memory, however many replies a busy server gets.
        view = summary_buttons(interaction.user.id, found.id, chosen, length, result)
        embed = summary_embed(art, result, length)
        if interaction.response.is_done():
            await interaction.followup.send(embed=embed, view=view, ephemeral=private)
        else:
            await interaction.response.send_message(embed=embed, view=view, ephemeral=private)

    async def summarize_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        """Summarise a chat message's text, its attached .txt file, or the page it links to
        (fetched through the guarded fetcher, not stored); only you see it."""
        await interaction.response.defer(ephemeral=True, thinking=True)
        link = None if _text_attachment(message) else link_to_summarize(message.content)
        if link is not None:
            article, result = await self.service.summarize_url(interaction.guild_id, link)
            await interaction.followup.send(embed=summary_embed(article, result), ephemeral=True)
            return
        text = await _message_text(message)
        title, result, words = await self.service.summarize_text(
            text, DEFAULT_METHOD, limits.DEFAULT_SUMMARY_SENTENCES
        )
        await interaction.followup.send(
            embed=text_summary_embed(title or "Message summary", result, words), ephemeral=True
        )


def _text_attachment(message: discord.Message) -> discord.Attachment | None:
    return next(
        (a for a in message.attachments if a.filename.lower().endswith((".txt", ".md"))), None
    )


async def _message_text(message: discord.Message) -> str:
    """The message's text, or its first .txt attachment, checked before download."""
    attachment = _text_attachment(message)
    if attachment is not None:
        if attachment.size > limits.MAX_FILE_BYTES:
            raise InputError(
                f"The attached file is larger than {limits.MAX_FILE_BYTES // 1_000_000} MB."
            )
        return decode_text(await attachment.read(), attachment.filename)
    if not message.content.strip():
        raise InputError("That message has no text to summarise.")
    return message.content


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Summary(bot))
