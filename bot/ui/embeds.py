"""Embeds for summaries, quotations and articles, always within Discord's limits.

Every string that comes from an article goes through `truncate`, and `fit` trims the
description last so the whole embed stays under the 6,000-character total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import discord

from bot import limits
from bot.engine.quotes.roles import byline
from bot.engine.summary.length import Length, length_note
from bot.engine.summary.methods import METHODS
from bot.engine.text.sentences import join_nonempty, truncate
from bot.models import Article, ArticleHeader, QuoteHit, Summary
from bot.urls import is_well_formed

COLOUR = discord.Colour.from_rgb(47, 128, 237)
_WORDS_PER_MINUTE = 230


def safe_url(url: str | None) -> str | None:
    """`url` when Discord accepts it as an embed link, else None: a reply without its link
    beats a reply Discord refuses (rows stored before URLs were checked may hold anything)."""
    return url if is_well_formed(url) else None


def link_of(article: Article) -> str | None:
    """The article's canonical link, else its source, whichever Discord accepts."""
    return safe_url(article.canonical_url) or safe_url(article.source_url)


def _timestamp(published: str | None) -> dt.datetime | None:
    if not published:
        return None
    try:
        when = dt.datetime.fromisoformat(published.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def fit(embed: discord.Embed) -> discord.Embed:
    """Trim the description so the embed's total length stays within Discord's limit."""
    excess = len(embed) - limits.EMBED_TOTAL
    if excess > 0 and embed.description:
        keep = max(0, len(embed.description) - excess)
        embed.description = truncate(embed.description, keep)
    return embed


def bullet_list(sentences: Sequence[str], budget: int = limits.EMBED_DESCRIPTION) -> str:
    """Sentences as a bulleted list; long sentences are cut on a word boundary to fit."""
    if not sentences:
        return ""
    per_item = max(40, budget // len(sentences) - 3)
    lines = [f"• {truncate(s, per_item)}" for s in sentences]
    return truncate("\n".join(lines), budget)


def summary_footer(article: Article, summary: Summary, length: Length | None = None) -> str:
    """Counts, reading time and method; the length asked for when it was words or percent,
    and what the reader got instead when it differs (the whole article, one long sentence)."""
    words_total = max(1, article.word_count)
    words_summary = sum(len(s.split()) for s in summary.sentences)
    shorter = max(0, round(100 * (1 - words_summary / words_total)))
    minutes = max(1, round(words_total / _WORDS_PER_MINUTE))
    label = METHODS[summary.method].label if summary.method in METHODS else summary.method
    total = summary.total_sentences or article.sentence_count
    asked = length.label if length is not None and length.unit != "sentences" else None
    note = length_note(length, summary.sentences, total) if length is not None else None
    return join_nonempty(
        [
            asked,
            f"{len(summary.sentences)} of {total} sentences",
            note,
            f"{shorter}% shorter",
            f"{minutes} min read",
            label,
            f"#{article.id}" if article.id else None,
        ]
    )


def summary_embed(
    article: Article, summary: Summary, length: Length | None = None
) -> discord.Embed:
    embed = discord.Embed(
        title=truncate(article.title, limits.EMBED_TITLE),
        url=link_of(article),
        description=bullet_list(summary.sentences) or "*(no sentences)*",
        colour=COLOUR,
        timestamp=_timestamp(article.published),
    )
    byline = join_nonempty([article.author, article.site_name])
    if byline:
        embed.set_author(name=truncate(byline, limits.EMBED_AUTHOR))
    if summary.keywords:
        embed.add_field(
            name="Keywords",
            value=truncate(", ".join(summary.keywords), limits.EMBED_FIELD_VALUE),
            inline=False,
        )
    image = safe_url(article.image_url)
    if image:  # Discord fetches and shows it; the bot only passes the address on
        embed.set_image(url=image)
    embed.set_footer(text=truncate(summary_footer(article, summary, length), limits.EMBED_FOOTER))
    return fit(embed)


def text_summary_embed(title: str, summary: Summary, word_count: int) -> discord.Embed:
    """A summary of text that is not stored (a chat message or a link)."""
    article = Article(
        id=None,
        guild_id=0,
        title=title or "Summary",
        text="",
        word_count=word_count,
        sentence_count=summary.total_sentences,
    )
    return summary_embed(article, summary)


def quote_embed(hit: QuoteHit, position: int = 1, total: int = 1) -> discord.Embed:
    quote = hit.quote
    speaker = (
        byline(quote.speaker, quote.speaker_role, quote.speaker_affiliation)
        if quote.speaker
        else "Unknown speaker"
    )
    embed = discord.Embed(
        description=truncate(f"“{quote.quote}”", limits.EMBED_DESCRIPTION - 200),
        colour=COLOUR,
    )
    embed.set_author(name=truncate(f"— {speaker}", limits.EMBED_AUTHOR))
    embed.add_field(
        name="From",
        value=_article_link(hit.article_title, hit.source_url, hit.article_id),
        inline=False,
    )
    footer = join_nonempty(
        [
            f"{position} of {total}" if total > 1 else None,
            f"cue: {quote.cue}" if quote.cue else None,
        ]
    )
    if footer:
        embed.set_footer(text=truncate(footer, limits.EMBED_FOOTER))
    return fit(embed)


def _escape(text: str) -> str:
    return discord.utils.escape_markdown(text).replace("]", "\\]").replace("[", "\\[")


def _article_link(title: str, url: str | None, article_id: int) -> str:
    """`[title](url) · #id` within a field's 1,024 characters."""
    suffix = f" · #{article_id}"
    link = safe_url(url)
    budget = limits.EMBED_FIELD_VALUE - len(suffix) - (len(link) + 4 if link else 0)
    if budget < 20:
        link, budget = None, limits.EMBED_FIELD_VALUE - len(suffix)
    name = _escape(truncate(title, max(20, budget // 2)))
    return (f"[{name}]({link})" if link else name) + suffix


def article_list_embed(
    heading: str, headers: Sequence[ArticleHeader], footer: str | None = None
) -> discord.Embed:
    lines = [
        f"`#{h.id}` {_article_link(h.title, h.source_url, h.id).rsplit(' · #', 1)[0]}"
        f" · {h.added_at[:10]}"
        for h in headers
    ]
    embed = discord.Embed(
        title=truncate(heading, limits.EMBED_TITLE),
        description=truncate("\n".join(lines), limits.EMBED_DESCRIPTION) or "*(none)*",
        colour=COLOUR,
    )
    if footer:
        embed.set_footer(text=truncate(footer, limits.EMBED_FOOTER))
    return fit(embed)


def article_embed(
    article: Article, preview: Summary | None = None, heading: str | None = None
) -> discord.Embed:
    """An article's card: title, link, metadata and a preview or its opening."""
    body = bullet_list(preview.sentences, 1500) if preview else truncate(article.text, 1500)
    embed = discord.Embed(
        title=truncate(article.title, limits.EMBED_TITLE),
        url=link_of(article),
        description=body,
        colour=COLOUR,
        timestamp=_timestamp(article.published),
    )
    if heading:
        embed.set_author(name=truncate(heading, limits.EMBED_AUTHOR))
    embed.add_field(name="Id", value=f"`{article.id}`")
    embed.add_field(name="Sentences", value=str(article.sentence_count))
    embed.add_field(name="Language", value=article.language)
    byline = join_nonempty([article.author, article.site_name])
    if byline:
        embed.add_field(name="By", value=truncate(byline, limits.EMBED_FIELD_VALUE))
    embed.set_footer(
        text=f"Added {article.added_at[:16].replace('T', ' ')} UTC" if article.added_at else ""
    )
    return fit(embed)


def help_embed(commands: Sequence[tuple[str, str]]) -> discord.Embed:
    intro = (
        "Summaries and quotations of the news articles this server keeps. Admins add "
        "articles (text, files, links or feeds); everyone can ask for the gist of one or "
        "for what someone said.\n\n"
    )
    lines = [f"`/{name}` — {description}" for name, description in commands]
    embed = discord.Embed(
        title="newsbot",
        description=truncate(intro + "\n".join(lines), limits.EMBED_DESCRIPTION),
        colour=COLOUR,
    )
    return fit(embed)
