"""Follow DMs: one match with its compact summary and why it was sent, or several combined."""

from __future__ import annotations

import discord

from bot import limits
from bot.engine.text.sentences import truncate
from bot.models import Follow
from bot.service_follows import FollowDm
from bot.ui.embeds import COLOUR, bullet_list, fit, safe_url


def follow_dm_embed(dm: FollowDm, guild_name: str) -> discord.Embed:
    where = truncate(guild_name, 100)
    if not dm.combined:
        (item,) = dm.items
        embed = discord.Embed(
            title=truncate(item.title, limits.EMBED_TITLE),
            url=safe_url(item.url),
            description=bullet_list(item.summary, 2000) or None,
            colour=COLOUR,
        )
        embed.set_footer(text=truncate(f"Why: {item.reason} in {where}", limits.EMBED_FOOTER))
        return fit(embed)
    shown = dm.items[: limits.EMBED_FIELDS]
    embed = discord.Embed(
        title=truncate(f"{len(dm.items)} more matches in {where}", limits.EMBED_TITLE),
        colour=COLOUR,
    )
    for item in shown:
        link = safe_url(item.url)
        value = f"[Read]({link}) · {item.reason}" if link else item.reason
        embed.add_field(
            name=truncate(item.title, limits.EMBED_FIELD_NAME),
            value=truncate(value, limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    footer = "You hear of up to 10 matches an hour one by one; the rest come together."
    if len(dm.items) > len(shown):
        footer = f"and {len(dm.items) - len(shown)} more · " + footer
    embed.set_footer(text=footer)
    return fit(embed)


def follow_lines(follows: list[Follow]) -> str:
    lines = [f"`#{f.id}` {f.describe()}" for f in follows]
    return truncate("\n".join(lines), limits.MESSAGE_CHARS - 200)
