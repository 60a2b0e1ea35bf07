"""The store API, defined once, and the SQL-independent helpers both backends share.

`Store` is what cogs, the CLI and the service call; `SQLiteStore` and `PostgresStore` satisfy
it with the same return types and values, so nothing above the store knows which one it has.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bot.errors import UserFacingError
from bot.models import Article, ArticleHeader, Feed, GuildSettings, Quote, QuoteHit, Summary

_FTS_WORD = re.compile(r"\w+", re.UNICODE)
MAX_FTS_TERMS = 12
MAX_ID = 2**63 - 1  # ids are 64-bit in both databases

# Column lists in the order the row mappers below expect them.
ARTICLE_COLUMNS = (
    "id, guild_id, title, text, source_url, canonical_url, author, site_name, published, "
    "language, added_by, added_at, content_hash, sentence_count, word_count"
)
ARTICLE_INSERT_COLUMNS = (
    "guild_id, title, text, source_url, canonical_url, author, site_name, published, language, "
    "added_by, content_hash, sentence_count, word_count"
)
HEADER_COLUMNS = "id, guild_id, title, source_url, added_at, sentence_count"
QUOTE_COLUMNS = (
    "q.quote, q.speaker, q.cue, q.start_offset, q.end_offset, q.confidence, q.speaker_role, "
    "q.article_id, a.title, a.source_url"
)
QUOTE_INSERT_COLUMNS = (
    "article_id, guild_id, quote, speaker, speaker_role, cue, start_offset, end_offset, confidence"
)
FEED_COLUMNS = (
    "id, guild_id, channel_id, url, title, interval_minutes, etag, last_modified, next_poll_at, "
    "last_polled_at, failures, last_error, enabled"
)


class StoreError(UserFacingError):
    """A store failure with a message fit for the user (the CLI prints it and exits 2)."""


DISK_FULL = (
    "The database could not be written (its disk is full or failing), so nothing was saved; "
    "reading still works. Free some space and try again."
)


@dataclass(frozen=True, slots=True)
class ArticleParts:
    """What is stored with a new article in the same transaction, so that a failure (a full
    disk, a crash) never leaves an article without them: its quotations as extracted by engine
    `quotes_version`, and summaries to cache as (length, engine version, summary)."""

    quotes: Sequence[Quote] = ()
    quotes_version: str | None = None
    summaries: Sequence[tuple[str, str, Summary]] = ()


class Store(Protocol):
    """Articles, summaries, quotations, settings and feeds; every call is scoped by guild, and
    another guild's id gets exactly the answer a missing id gets."""

    async def close(self) -> None: ...
    async def schema_version(self) -> int: ...
    async def integrity_check(self) -> list[str]: ...
    async def backup(self, target: str | Path) -> None: ...

    async def add_article(
        self, article: Article, parts: ArticleParts | None = None
    ) -> tuple[Article, bool]: ...
    async def get_article(self, guild_id: int, article_id: int) -> Article | None: ...
    async def newest_article(self, guild_id: int) -> Article | None: ...
    async def find_by_url(self, guild_id: int, url: str) -> Article | None: ...
    async def count_articles(self, guild_id: int) -> int: ...
    async def list_articles(
        self, guild_id: int, limit: int = 10, offset: int = 0
    ) -> list[ArticleHeader]: ...
    async def search_articles(
        self, guild_id: int, query: str, limit: int = 10
    ) -> list[ArticleHeader]: ...
    async def autocomplete_articles(
        self, guild_id: int, typed: str, limit: int = 25
    ) -> list[ArticleHeader]: ...
    async def get_header(self, guild_id: int, article_id: int) -> ArticleHeader | None: ...
    async def remove_article(self, guild_id: int, article_id: int) -> bool: ...

    async def get_summary(
        self, guild_id: int, article_id: int, method: str, length: str, version: str
    ) -> Summary | None: ...
    async def put_summary(
        self, guild_id: int, article_id: int, length: str, version: str, summary: Summary
    ) -> None: ...

    async def replace_quotations(
        self, guild_id: int, article_id: int, quotes: Iterable[Quote], version: str
    ) -> None: ...
    async def articles_needing_quotes(
        self, version: str, limit: int = 100
    ) -> list[tuple[int, int]]: ...
    async def find_quotations(
        self,
        guild_id: int,
        *,
        article_id: int | None = None,
        speaker: str | None = None,
        search: str | None = None,
        limit: int = 25,
    ) -> list[QuoteHit]: ...
    async def random_quotation(self, guild_id: int, seed: float) -> QuoteHit | None: ...
    async def speakers(self, guild_id: int, typed: str = "", limit: int = 25) -> list[str]: ...

    async def get_settings(self, guild_id: int) -> GuildSettings: ...
    async def save_settings(self, settings: GuildSettings) -> None: ...

    async def add_feed(
        self,
        guild_id: int,
        channel_id: int,
        url: str,
        interval_minutes: int,
        added_by: int | None = None,
        title: str | None = None,
    ) -> tuple[Feed, bool]: ...
    async def get_feed(self, guild_id: int, feed_id: int) -> Feed | None: ...
    async def list_feeds(self, guild_id: int) -> list[Feed]: ...
    async def count_feeds(self, guild_id: int) -> int: ...
    async def remove_feed(self, guild_id: int, feed_id: int) -> bool: ...
    async def due_feeds(self, now: float, limit: int = 20) -> list[Feed]: ...
    async def claim_due_feeds(
        self, now: float, owner: str, lease_seconds: float, limit: int = 20
    ) -> list[Feed]: ...
    async def record_poll(
        self,
        feed_id: int,
        *,
        polled_at: float,
        next_poll_at: float,
        failures: int,
        error: str | None,
        enabled: bool,
        etag: str | None = None,
        last_modified: str | None = None,
        title: str | None = None,
    ) -> None: ...
    async def claim_entry(self, feed_id: int, keys: Sequence[str], now: float) -> bool: ...
    async def mark_posted(
        self, feed_id: int, keys: Sequence[str], article_id: int | None, now: float
    ) -> None: ...
    async def posts_since(self, feed_id: int, since: float) -> int: ...


# --- whole-table access, for `newsbot db copy` only ------------------------------------------


@dataclass(frozen=True, slots=True)
class Table:
    """A table as `db copy` moves it: its stored columns (never generated ones) and its key."""

    name: str
    column_list: str
    key: str

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(c.strip() for c in self.column_list.split(","))


# Parents before children, so foreign keys hold at every insert.
TABLES = (
    Table(
        "articles",
        "id, guild_id, title, source_url, canonical_url, author, site_name, published, text, "
        "language, added_by, added_at, content_hash, sentence_count, word_count, quotes_version",
        "id",
    ),
    Table(
        "summaries",
        "article_id, method, length, engine_version, sentences, total_sentences, keywords, "
        "created_at",
        "article_id, method, length, engine_version",
    ),
    Table(
        "quotations",
        "id, article_id, guild_id, quote, speaker, speaker_role, cue, start_offset, end_offset, "
        "confidence",
        "id",
    ),
    Table(
        "guild_settings",
        "guild_id, summary_sentences, summary_method, autosummary_channel_id",
        "guild_id",
    ),
    Table(
        "feeds",
        "id, guild_id, channel_id, url, title, interval_minutes, etag, last_modified, "
        "next_poll_at, last_polled_at, failures, last_error, enabled, added_by, created_at, "
        "lease_owner, lease_until",
        "id",
    ),
    Table(
        "feed_entries",
        "feed_id, entry_key, article_id, claimed_at, posted_at",
        "feed_id, entry_key",
    ),
)
Rows = list[tuple[Any, ...]]


class CopyableStore(Store, Protocol):
    """A store that can hand over and take in whole tables with their ids."""

    async def table_counts(self) -> dict[str, int]: ...

    def dump(self, batch_size: int = 1000) -> AsyncIterator[tuple[Table, Rows]]:
        """Every row of every table in `TABLES`, in that order, from one consistent snapshot."""
        ...

    async def load(self, batches: AsyncIterable[tuple[Table, Rows]]) -> None:
        """Insert the batches as they are, ids included, in one transaction."""
        ...


# --- shared helpers --------------------------------------------------------------------------


def fts_words(text: str) -> list[str]:
    """The words of a user's search, never its operators: both backends quote each word, so
    `"`, `AND OR`, `*` or 5,000 characters search for nothing special and never fail."""
    return _FTS_WORD.findall(text)[:MAX_FTS_TERMS]


def like_contains(typed: str) -> str:
    """A LIKE pattern (escape character backslash) matching values that contain `typed`."""
    inner = typed.strip().replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%")
    return f"%{inner}%" if inner else "%"


def article_row(row: Sequence[Any]) -> Article:
    return Article(*row)


def header_row(row: Sequence[Any]) -> ArticleHeader:
    return ArticleHeader(*row)


def feed_row(row: Sequence[Any]) -> Feed:
    return Feed(*row[:-1], enabled=bool(row[-1]))


def hit_row(row: Sequence[Any]) -> QuoteHit:
    return QuoteHit(Quote(*row[:7]), article_id=row[7], article_title=row[8], source_url=row[9])


def summary_row(method: str, row: Sequence[Any]) -> Summary:
    """A cached summary from its (sentences JSON, total_sentences, keywords JSON) columns."""
    return Summary(method, tuple(json.loads(row[0])), row[1], tuple(json.loads(row[2])))


def summary_values(summary: Summary) -> tuple[str, int, str]:
    """The (sentences, total_sentences, keywords) columns that `summary_row` reads back."""
    return json.dumps(summary.sentences), summary.total_sentences, json.dumps(summary.keywords)


def quote_values(guild_id: int, article_id: int, quotes: Iterable[Quote]) -> Rows:
    """Rows for the `QUOTE_INSERT_COLUMNS`."""
    return [
        (
            article_id,
            guild_id,
            q.quote,
            q.speaker,
            q.speaker_role,
            q.cue,
            q.start,
            q.end,
            q.confidence,
        )
        for q in quotes
    ]


def article_values(article: Article) -> tuple[Any, ...]:
    """Values for the columns an insert sets (see `ARTICLE_INSERT_COLUMNS`)."""
    return (
        article.guild_id,
        article.title,
        article.text,
        article.source_url,
        article.canonical_url,
        article.author,
        article.site_name,
        article.published,
        article.language,
        article.added_by,
        article.content_hash,
        article.sentence_count,
        article.word_count,
    )


def with_id(article: Article, article_id: int, added_at: str) -> Article:
    """`article` as stored: the id and timestamp the database gave it."""
    fields = {name: getattr(article, name) for name in Article.__slots__}
    return Article(**{**fields, "id": article_id, "added_at": added_at})


def typed_id(typed: str) -> int | None:
    """The article id a user typed into an autocomplete, if it can be one (digits that fit
    a 64-bit integer; `int()` alone would fail on "²" or 5,000 digits)."""
    if typed.isdecimal() and len(typed) <= len(str(MAX_ID)) and int(typed) <= MAX_ID:
        return int(typed)
    return None


def autocomplete_choices(
    by_id: ArticleHeader | None, matches: Sequence[ArticleHeader], limit: int
) -> list[ArticleHeader]:
    """The article whose id was typed first, then the title matches without it."""
    first = [by_id] if by_id else []
    return (first + [h for h in matches if by_id is None or h.id != by_id.id])[:limit]


def unique_keys(keys: Sequence[str]) -> list[str]:
    """A feed entry's keys without blanks or repeats, in their order."""
    return [k for k in dict.fromkeys(keys) if k]


def prefixed(columns: str, alias: str) -> str:
    """`columns` qualified by a table alias, for joins."""
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))
