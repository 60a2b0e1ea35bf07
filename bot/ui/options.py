"""Command options shared by several cogs: article ids and speakers, with autocomplete.

Autocomplete answers with at most 25 choices whose names and values fit in 100 characters,
always from the asking server's own data.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot import limits
from bot.engine.text.sentences import truncate
from bot.errors import NO_SUCH_ARTICLE, NotFoundError
from bot.ids import parse_id


def _service(interaction: discord.Interaction):
    return interaction.client.service  # type: ignore[attr-defined]


class IdOption(app_commands.Transformer):
    """An option whose value is an id of the server's own things, typed or picked from the
    autocomplete list; anything that is not an id gets the `missing` answer."""

    missing: str

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    async def transform(self, interaction: discord.Interaction, value: str) -> int:
        found = parse_id(value)
        if found is None:
            raise NotFoundError(self.missing)
        return found


class ArticleId(IdOption):
    """An article option: autocomplete over the server's titles, the value is the id."""

    missing = NO_SUCH_ARTICLE

    async def autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        if interaction.guild_id is None:
            return []
        headers = await _service(interaction).article_choices(interaction.guild_id, current)
        return [
            app_commands.Choice(
                name=truncate(f"#{h.id} {' '.join(h.title.split())}", limits.CHOICE_NAME),
                value=str(h.id),
            )
            for h in headers[: limits.AUTOCOMPLETE_CHOICES]
        ]


async def speaker_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Speakers quoted in this server's articles, most quoted first."""
    if interaction.guild_id is None:
        return []
    names = await _service(interaction).speaker_names(
        interaction.guild_id, current[: limits.CHOICE_NAME], limits.AUTOCOMPLETE_CHOICES
    )
    return [
        app_commands.Choice(name=truncate(n, limits.CHOICE_NAME), value=n)
        for n in names
        if len(n) <= limits.CHOICE_VALUE
    ][: limits.AUTOCOMPLETE_CHOICES]
