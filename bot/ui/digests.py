"""Digest messages: the period's top stories as embed fields, split within Discord's limits."""

from __future__ import annotations

import discord

from bot import limits
from bot.engine.text.sentences import truncate
from bot.service_digests import DigestItem
from bot.ui.embeds import COLOUR, safe_url

EMBEDS_PER_MESSAGE = 10  # Discord's cap; all of a message's embeds share EMBED_TOTAL


def _field(number: int, item: DigestItem) -> tuple[str, str]:
    name = truncate(f"{number}. {' '.join(item.title.split())}", limits.EMBED_FIELD_NAME)
    sources = f"{item.sources} source{'s' * (item.sources != 1)}"
    link = safe_url(item.url)
    tail = f"[Read]({link}) · {sources}" if link else sources
    sentence = truncate(item.sentence, limits.DIGEST_SENTENCE_CHARS)
    return name, truncate(f"{sentence}\n{tail}" if sentence else tail, limits.EMBED_FIELD_VALUE)


def digest_messages(heading: str, items: list[DigestItem]) -> list[list[discord.Embed]]:
    """The embeds of a digest grouped into messages: each embed within its limits, each
    message's embeds together within the 6,000-character total."""
    embeds: list[discord.Embed] = []
    current = discord.Embed(title=truncate(heading, limits.EMBED_TITLE), colour=COLOUR)
    for number, item in enumerate(items, 1):
        name, value = _field(number, item)
        if (
            len(current.fields) >= limits.EMBED_FIELDS
            or len(current) + len(name) + len(value) > limits.EMBED_TOTAL // 2
        ):
            embeds.append(current)
            current = discord.Embed(colour=COLOUR)
        current.add_field(name=name, value=value, inline=False)
    embeds.append(current)
    messages: list[list[discord.Embed]] = [[]]
    for embed in embeds:
        group = messages[-1]
        if (
            len(group) >= EMBEDS_PER_MESSAGE
            or sum(map(len, group)) + len(embed) > limits.EMBED_TOTAL
        ):
            messages.append(group := [])
        group.append(embed)
    return messages
