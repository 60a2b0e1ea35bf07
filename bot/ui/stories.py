"""The `/story` embed: a summary from all the story's articles, then the articles themselves."""

from __future__ import annotations

import discord

from bot import limits
from bot.engine.text.sentences import truncate
from bot.service_stories import StoryView
from bot.ui.embeds import COLOUR, _escape, fit, safe_url


def _article_line(source: str, url: str | None, at: float) -> str:
    """`[Source](link) · <t:…:f>`: Discord shows the time in the reader's own time zone."""
    name = _escape(truncate(source, 80))
    link = safe_url(url)
    return f"{f'[{name}]({link})' if link else name} · <t:{int(at)}:f>"


def story_embed(view: StoryView) -> discord.Embed:
    first = view.articles[0] if view.articles else None
    bullets = [f"• {truncate(s.text, 400)} — *{_escape(s.source)}*" for s in view.summary]
    description = truncate("\n".join(bullets), limits.STORY_SUMMARY_CHARS) or "*(no summary)*"
    embed = discord.Embed(
        title=truncate(first.title, limits.EMBED_TITLE) if first else f"Story #{view.story_id}",
        url=safe_url(first.url) if first else None,
        description=description,
        colour=COLOUR,
    )
    lines = [_article_line(a.source, a.url, a.at) for a in view.articles]
    shown = 0
    for number in range(limits.STORY_ARTICLE_FIELDS):
        value = ""
        while shown < len(lines) and len(value) + len(lines[shown]) + 1 <= limits.EMBED_FIELD_VALUE:
            value += ("\n" if value else "") + lines[shown]
            shown += 1
        if not value:
            break
        name = f"Articles ({len(lines)})" if number == 0 else "\u200b"
        embed.add_field(name=name, value=value, inline=False)
    sources = len({a.source for a in view.articles})
    footer = f"Story #{view.story_id} · {sources} source{'s' * (sources != 1)}"
    if shown < len(lines):
        footer += f" · {len(lines) - shown} more articles not shown"
    embed.set_footer(text=footer)
    return fit(embed)
