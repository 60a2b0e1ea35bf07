"""`/article`: add, list, show, search and remove the server's articles."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot import limits
from bot.errors import NO_ARTICLES, InputError, NotFoundError
from bot.service import AddOutcome
from bot.ui.cooldowns import cooldown, per_server
from bot.ui.embeds import article_embed, article_list_embed
from bot.ui.errors import reply_error
from bot.ui.options import ArticleId
from bot.ui.views import ConfirmView

log = logging.getLogger(__name__)

_TEXT_TYPES = ("text/", "application/xhtml", "application/octet-stream")


def _added_reply(outcome: AddOutcome) -> tuple[str, discord.Embed]:
    if outcome.created:
        heading = "Article added"
        content = f"Added article #{outcome.article.id}."
    else:
        heading = "Already here"
        content = f"This article already exists as #{outcome.article.id}: nothing was added."
    return content, article_embed(outcome.article, outcome.preview, heading)


def check_attachment(file: discord.Attachment) -> None:
    """Refuse from the attachment's metadata alone, before anything is downloaded."""
    if file.size > limits.MAX_FILE_BYTES:
        raise InputError(
            f"{file.filename} is {file.size / 1_000_000:.1f} MB; the limit is "
            f"{limits.MAX_FILE_BYTES / 1_000_000:.0f} MB."
        )
    if not file.filename.lower().endswith(limits.ARTICLE_FILE_TYPES):
        raise InputError(f"{file.filename}: attach a .txt, .md or .html file.")
    if file.content_type and not file.content_type.startswith(_TEXT_TYPES):
        raise InputError(f"{file.filename} is {file.content_type}, not text.")


def require_manage_guild(interaction: discord.Interaction) -> None:
    """The runtime permission check, for paths that decorators do not cover (modals)."""
    if not interaction.permissions.manage_guild:
        raise app_commands.MissingPermissions(["manage_guild"])


class ArticleModal(discord.ui.Modal, title="Add an article"):
    """Paste an article: title, text and (optionally) where it came from."""

    headline = discord.ui.TextInput(
        label="Title",
        max_length=limits.MAX_TITLE_CHARS,
        required=False,
        placeholder="Leave empty to use the first line",
    )
    body = discord.ui.TextInput(
        label="Text",
        style=discord.TextStyle.paragraph,
        max_length=limits.MODAL_TEXT_MAX,
    )
    source = discord.ui.TextInput(
        label="Source URL",
        max_length=limits.MAX_URL_CHARS,
        required=False,
        placeholder="https://…",
    )

    def __init__(self, cog: Articles) -> None:
        super().__init__()
        self.cog = cog

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        require_manage_guild(interaction)
        return True

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        outcome = await self.cog.bot.service.add_article(
            interaction.guild_id,
            self.headline.value or None,
            self.body.value,
            source_url=self.source.value.strip() or None,
            added_by=interaction.user.id,
        )
        content, embed = _added_reply(outcome)
        await interaction.followup.send(content, embed=embed, ephemeral=True)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await reply_error(interaction, error)


class Articles(commands.GroupCog, group_name="article", group_description="The server's articles"):
    """Article administration; reading commands are open to everyone."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot
        super().__init__()

    @property
    def service(self):
        return self.bot.service

    @app_commands.command(
        name="add", description="Add an article from a file, a web page or pasted text (admins)"
    )
    @app_commands.describe(
        file="A .txt, .md or .html file up to 1 MB (leave file and url empty to paste text)",
        title="The article's title (default: its headline)",
        url="A web page with the article, https://…",
    )
    @app_commands.checks.has_permissions(manage_guild=True)
    @cooldown(*limits.ARTICLE_ADD_COOLDOWN, key=per_server)
    async def add(
        self,
        interaction: discord.Interaction,
        file: discord.Attachment | None = None,
        title: app_commands.Range[str, 1, limits.MAX_TITLE_CHARS] | None = None,
        url: app_commands.Range[str, 1, limits.MAX_URL_CHARS] | None = None,
    ) -> None:
        if file is not None and url is not None:
            raise InputError("Give either a file or a url, not both.")
        if url is not None:
            await interaction.response.defer(ephemeral=True, thinking=True)
            outcome = await self.service.add_url(
                interaction.guild_id, url, title, added_by=interaction.user.id
            )
            content, embed = _added_reply(outcome)
            await interaction.followup.send(content, embed=embed, ephemeral=True)
            return
        if file is None:
            await interaction.response.send_modal(ArticleModal(self))
            return
        check_attachment(file)
        await interaction.response.defer(ephemeral=True, thinking=True)
        data = await file.read()
        outcome = await self.service.add_file(
            interaction.guild_id, file.filename, data, title, added_by=interaction.user.id
        )
        content, embed = _added_reply(outcome)
        await interaction.followup.send(content, embed=embed, ephemeral=True)

    @app_commands.command(name="list", description="The server's articles, newest first")
    @app_commands.describe(page="Page number")
    async def list(
        self, interaction: discord.Interaction, page: app_commands.Range[int, 1, 100_000] = 1
    ) -> None:
        found = await self.service.library_page(
            interaction.guild_id, "", page, limits.ARTICLES_PER_PAGE
        )
        if not found.articles:
            raise NotFoundError(NO_ARTICLES)
        embed = article_list_embed(
            "Articles",
            found.articles,
            f"Page {found.page} of {found.pages} · {found.total} articles",
        )
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="show", description="An article's details and opening")
    @app_commands.describe(article="Which article")
    async def show(
        self, interaction: discord.Interaction, article: app_commands.Transform[int, ArticleId]
    ) -> None:
        found = await self.service.article(interaction.guild_id, article)
        await interaction.response.send_message(embed=article_embed(found), ephemeral=True)

    @app_commands.command(name="search", description="Find articles by the words they contain")
    @app_commands.describe(query="Words to look for in titles and texts")
    async def search(
        self,
        interaction: discord.Interaction,
        query: app_commands.Range[str, 1, limits.MAX_SEARCH_CHARS],
    ) -> None:
        headers = await self.service.search_articles(interaction.guild_id, query)
        if not headers:
            raise NotFoundError("No article matches those words.")
        embed = article_list_embed(f"Articles matching “{query}”", headers)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="remove", description="Delete an article and its summaries (admins)")
    @app_commands.describe(article="Which article")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def remove(
        self, interaction: discord.Interaction, article: app_commands.Transform[int, ArticleId]
    ) -> None:
        found = await self.service.article(interaction.guild_id, article)
        guild_id = interaction.guild_id

        async def confirmed(click: discord.Interaction) -> None:
            require_manage_guild(click)
            try:
                await self.service.remove_article(guild_id, found.id)
                text = f"Removed article #{found.id}."
            except NotFoundError as exc:  # removed meanwhile, by another admin
                text = str(exc)
            await click.response.edit_message(content=text, embed=None, view=None)

        view = ConfirmView(interaction.user.id, "Remove", confirmed, interaction)
        await interaction.response.send_message(
            f"Remove article #{found.id} and its summaries and quotations?",
            embed=article_embed(found),
            view=view,
            ephemeral=True,
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Articles(bot))
