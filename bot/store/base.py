"""The store API, defined once, and the SQL-independent helpers both backends share.

`Store` is what cogs, the CLI and the service call; `SQLiteStore` and `PostgresStore` satisfy
it with the same return types and values, so nothing above the store knows which one it has.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from bot.errors import UserFacingError
from bot.models import (
    Article,
    ArticleHeader,
    Feed,
    FeedDelivery,
    FeedLogEntry,
    GuildChannel,
    GuildSettings,
    Quote,
    QuoteHit,
    Summary,
    WebSession,
)
from bot.store.follows import FollowStore
from bot.store.stories import DigestStore, StoryStore

_FTS_WORD = re.compile(r"\w+", re.UNICODE)
MAX_FTS_TERMS = 12

# Column lists in the order the row mappers below expect them.
ARTICLE_COLUMNS = (
    "id, guild_id, title, text, source_url, canonical_url, author, site_name, published, "
    "language, added_by, added_at, content_hash, sentence_count, word_count, image_url"
)
ARTICLE_INSERT_COLUMNS = (
    "guild_id, title, text, source_url, canonical_url, author, site_name, published, language, "
    "added_by, content_hash, sentence_count, word_count, image_url"
)
ARTICLE_INSERT_COUNT = ARTICLE_INSERT_COLUMNS.count(",") + 1
HEADER_COLUMNS = "id, guild_id, title, source_url, added_at, sentence_count"
QUOTE_COLUMNS = (
    "q.quote, q.speaker, q.cue, q.start_offset, q.end_offset, q.confidence, q.speaker_role, "
    "q.article_id, a.title, a.source_url, q.speaker_affiliation"
)
QUOTE_INSERT_COLUMNS = (
    "article_id, guild_id, quote, speaker, speaker_role, cue, start_offset, end_offset, confidence, "
    "speaker_affiliation"
)
FEED_COLUMNS = (
    "id, guild_id, channel_id, url, title, interval_minutes, etag, last_modified, next_poll_at, "
    "last_polled_at, failures, last_error, enabled, filters, filter_mode, post_format, target, "
    "auto_archive_minutes, publish, mention_role_id, mention_filter, use_webhook, webhook_name, "
    "webhook_avatar_url, paused_reason, icon_url, tag_rules"
)
WEB_SESSION_COLUMNS = (
    "id_hash, user_id, user_name, access_token, guilds, csrf_token, checked_at, created_at, "
    "expires_at"
)
CHANNEL_COLUMNS = "channel_id, guild_id, name, type, position"


SEARCH_CANDIDATES = 2000  # matches `search_articles` ranks, newest first, in both backends
SETTINGS_COLUMNS = "guild_id, summary_sentences, summary_method, autosummary_channel_id"
SETTINGS_FIELDS = ("summary_sentences", "summary_method", "autosummary_channel_id")

# SQL both dialects run as written, with `?` placeholders (`numbered` turns them into
# PostgreSQL's `$1, $2, …`), so the two backends cannot drift apart on these queries.
ARTICLES_NEEDING_QUOTES = (
    "SELECT guild_id, id FROM articles WHERE id > ? "
    "AND (quotes_version IS NULL OR quotes_version <> ?) ORDER BY id LIMIT ?"
)
FIND_BY_URL = (
    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE guild_id = ? AND id = coalesce("
    "(SELECT min(id) FROM articles WHERE guild_id = ? AND canonical_url = ?), "
    "(SELECT min(id) FROM articles WHERE guild_id = ? AND source_url = ?))"
)
GET_SETTINGS = f"SELECT {SETTINGS_COLUMNS} FROM guild_settings WHERE guild_id = ?"
GET_ARTICLE = f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE guild_id = ? AND id = ?"
NEWEST_ARTICLE = (
    f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE guild_id = ? ORDER BY id DESC LIMIT 1"
)
COUNT_ARTICLES = "SELECT count(*) FROM articles WHERE guild_id = ?"
FEED_POLLS_PER_MINUTE = (
    "SELECT CAST(coalesce(sum(1.0 / interval_minutes), 0) AS DOUBLE PRECISION) FROM feeds "
    "WHERE enabled AND paused_reason IS NULL"
)
LIST_ARTICLES = (
    f"SELECT {HEADER_COLUMNS} FROM articles WHERE guild_id = ? ORDER BY id DESC LIMIT ? OFFSET ?"
)
GET_HEADER = f"SELECT {HEADER_COLUMNS} FROM articles WHERE guild_id = ? AND id = ?"
GET_SUMMARY = (
    "SELECT s.sentences, s.total_sentences, s.keywords FROM summaries s "
    "JOIN articles a ON a.id = s.article_id "
    "WHERE a.guild_id = ? AND s.article_id = ? AND s.method = ? AND s.length = ? "
    "AND s.engine_version = ?"
)


def numbered(sql: str) -> str:
    """`sql` with each `?` placeholder as PostgreSQL's `$n` (the shared SQL holds no `?`
    inside a string literal)."""
    count = iter(range(1, sql.count("?") + 1))
    return re.sub(r"\?", lambda _: f"${next(count)}", sql)


def update_settings_sql(fields: Sequence[str]) -> str:
    """An upsert of a guild's settings that writes only `fields` (checked against the known
    columns, never taken from input) and returns the whole row as saved."""
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown or not fields:
        raise ValueError(f"not settings fields: {sorted(unknown) or fields}")
    return (
        f"INSERT INTO guild_settings (guild_id, {', '.join(fields)}) "
        f"VALUES (?{', ?' * len(fields)}) ON CONFLICT (guild_id) DO UPDATE SET "
        + ", ".join(f"{f} = excluded.{f}" for f in fields)
        + f" RETURNING {SETTINGS_COLUMNS}"
    )


FEED_SETTINGS = frozenset(
    {
        "channel_id",
        "interval_minutes",
        "filter_mode",
        "post_format",
        "target",
        "auto_archive_minutes",
        "publish",
        "mention_role_id",
        "mention_filter",
        "use_webhook",
        "webhook_name",
        "webhook_avatar_url",
        "paused_reason",
        "tag_rules",
        "next_poll_at",
    }
)
"""The feed columns `update_feed` may change (the names are checked before they reach SQL)."""
_FEED_FIELDS = tuple(c.strip() for c in FEED_COLUMNS.split(","))
_FEED_FLAGS = ("enabled", "publish", "use_webhook")
FEED_LOG_COLUMNS = "at, decision, detail, title, link, channel_id, message_id"
FEED_LOG_KEPT = 200  # log rows kept per feed (`/feed log` shows the newest 25)
DELIVERY_COLUMNS = (
    "d.id, d.feed_id, f.guild_id, d.article_id, d.entry_keys, d.state, d.attempts, "
    "d.next_attempt_at, d.last_error, d.created_at, d.delivered_at, d.channel_id, d.message_id, "
    "d.mention_role_id, d.categories, d.entry_title, d.entry_text, d.link, d.edit_of"
)
"""Read from `feed_deliveries d JOIN feeds f ON f.id = d.feed_id`."""


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


class Store(StoryStore, DigestStore, FollowStore, Protocol):
    """Articles, summaries, quotations, settings and feeds. Every call about a server's data
    takes its guild id, and another guild's id gets exactly the answer a missing id gets; the
    feed poller's calls (claiming due feeds, recording polls and entries) work across guilds
    by feed id, as one poller serves every server."""

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
        self, version: str, limit: int = 100, after_id: int = 0
    ) -> list[tuple[int, int]]: ...
    async def find_quotations(
        self,
        guild_id: int,
        *,
        article_id: int | None = None,
        speakers: Sequence[str] | None = None,
        search: str | None = None,
        limit: int = 25,
    ) -> list[QuoteHit]:
        """Quotations matching every filter given; `speakers`: by any of these names, in any
        case (the service passes a name with its short forms)."""
        ...

    async def random_quotation(self, guild_id: int, seed: float) -> QuoteHit | None: ...
    async def speakers(self, guild_id: int, typed: str = "", limit: int = 25) -> list[str]: ...

    async def get_settings(self, guild_id: int) -> GuildSettings: ...
    async def save_settings(self, settings: GuildSettings) -> None: ...
    async def update_settings(self, guild_id: int, changes: Mapping[str, Any]) -> GuildSettings: ...

    async def add_feed(
        self,
        guild_id: int,
        channel_id: int,
        url: str,
        interval_minutes: int,
        added_by: int | None = None,
        title: str | None = None,
        target: str = "channel",
        next_poll_at: float = 0.0,
    ) -> tuple[Feed, bool]: ...
    async def get_feed(self, guild_id: int, feed_id: int) -> Feed | None: ...
    async def list_feeds(self, guild_id: int) -> list[Feed]: ...
    async def count_feeds(self, guild_id: int) -> int: ...
    async def feed_polls_per_minute(self) -> float:
        """Polls a minute that every enabled feed of every server needs at its interval: how
        many feeds a poller must take per tick to keep up."""
        ...

    async def remove_feed(self, guild_id: int, feed_id: int) -> bool: ...
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
        icon_url: str | None = None,
    ) -> None: ...
    async def claim_entry(self, feed_id: int, keys: Sequence[str], now: float) -> bool: ...
    async def mark_posted(
        self, feed_id: int, keys: Sequence[str], article_id: int | None, now: float
    ) -> None: ...
    async def posts_since(self, feed_id: int, since: float) -> int: ...
    async def entry_state(self, feed_id: int, keys: Sequence[str]) -> str | None: ...
    async def queue_delivery(
        self,
        feed_id: int,
        article_id: int,
        keys: Sequence[str],
        now: float,
        mention_role_id: int | None = None,
        categories: Sequence[str] = (),
        entry: tuple[str | None, str | None, str | None] = (None, None, None),
        edit_of: FeedDelivery | None = None,
    ) -> int: ...
    async def posted_delivery(self, feed_id: int, keys: Sequence[str]) -> FeedDelivery | None: ...
    async def claim_due_deliveries(
        self, now: float, owner: str, lease_seconds: float, limit: int = 20
    ) -> list[FeedDelivery]: ...
    async def record_delivery(
        self,
        delivery_id: int,
        *,
        state: str,
        attempts: int,
        next_attempt_at: float,
        error: str | None,
        now: float,
        channel_id: int | None = None,
        message_id: int | None = None,
    ) -> None: ...
    async def list_deliveries(
        self, guild_id: int, feed_id: int, limit: int = 25
    ) -> list[FeedDelivery]: ...
    async def set_feed_filters(
        self, guild_id: int, feed_id: int, filters: str | None, mode: str
    ) -> bool: ...
    async def update_feed(self, guild_id: int, feed_id: int, changes: dict[str, Any]) -> bool: ...
    async def add_feed_log(self, feed_id: int, entry: FeedLogEntry) -> None: ...
    async def feed_log(
        self, guild_id: int, feed_id: int, limit: int = 25
    ) -> list[FeedLogEntry]: ...

    # The web panel: sessions, and the servers and channels the bot is in (kept by the bot).
    async def add_web_session(self, session: WebSession) -> None: ...
    async def get_web_session(self, id_hash: str, now: float) -> WebSession | None: ...
    async def update_web_session_guilds(
        self, id_hash: str, guilds: Sequence[dict], checked_at: float
    ) -> None: ...
    async def remove_web_session(self, id_hash: str) -> None: ...
    async def remove_expired_web_sessions(self, now: float) -> int: ...
    async def add_bot_guild(self, guild_id: int, channels: Sequence[GuildChannel]) -> None: ...
    async def remove_bot_guild(self, guild_id: int) -> None: ...
    async def bot_guild_ids(self) -> set[int]: ...
    async def bot_in_guilds(self, guild_ids: Iterable[int]) -> set[int]: ...
    async def put_bot_channel(self, channel: GuildChannel) -> None: ...
    async def remove_bot_channel(self, channel_id: int) -> None: ...
    async def bot_channels(self, guild_id: int) -> list[GuildChannel]: ...


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
        "language, added_by, added_at, content_hash, sentence_count, word_count, quotes_version, "
        "image_url",
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
        "confidence, speaker_affiliation",
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
        "lease_owner, lease_until, filters, filter_mode, post_format, target, "
        "auto_archive_minutes, publish, mention_role_id, mention_filter, use_webhook, "
        "webhook_name, webhook_avatar_url, paused_reason, icon_url, tag_rules",
        "id",
    ),
    Table(
        "feed_entries",
        "feed_id, entry_key, article_id, claimed_at, posted_at",
        "feed_id, entry_key",
    ),
    Table("story_articles", "article_id, guild_id, story_id, at, terms", "article_id"),
    Table(
        "story_terms", "guild_id, term, at, article_id, story_id", "guild_id, term, at, article_id"
    ),
    Table(
        "story_posts",
        "guild_id, story_id, channel_id, message_id, posted_at, also_reported",
        "guild_id, story_id, channel_id",
    ),
    Table("story_settings", "guild_id, enabled", "guild_id"),
    Table(
        "digest_schedules",
        "guild_id, channel_id, time_of_day, every, weekday, timezone, since",
        "guild_id",
    ),
    Table("digest_posts", "guild_id, period, claimed_at, message_id, stories", "guild_id, period"),
    Table("follows", "id, guild_id, user_id, kind, value, label, match_key, created_at", "id"),
    Table("follow_members", "guild_id, user_id, paused_at, told", "guild_id, user_id"),
    Table(
        "follow_notices",
        "guild_id, user_id, article_id, reason, created_at, dm_at, dm_kind",
        "guild_id, user_id, article_id",
    ),
    Table(
        "feed_deliveries",
        "id, feed_id, article_id, entry_keys, state, attempts, next_attempt_at, last_error, "
        "created_at, delivered_at, channel_id, message_id, lease_owner, lease_until, "
        "mention_role_id, categories, entry_title, entry_text, link, edit_of",
        "id",
    ),
    Table(
        "feed_log",
        "id, feed_id, at, decision, detail, title, link, channel_id, message_id",
        "id",
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
    values = dict(zip(_FEED_FIELDS, row, strict=True))
    return Feed(**{**values, **{flag: bool(values[flag]) for flag in _FEED_FLAGS}})


def feed_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` checked against `FEED_SETTINGS`, so only known column names reach the SQL
    text; ValueError (a programming error, not user input) otherwise."""
    unknown = set(changes) - FEED_SETTINGS
    if unknown or not changes:
        raise ValueError(f"not feed settings: {sorted(unknown) or 'none given'}")
    return changes


def feed_log_row(row: Sequence[Any]) -> FeedLogEntry:
    return FeedLogEntry(*row)


def delivery_row(row: Sequence[Any]) -> FeedDelivery:
    """A delivery from its `DELIVERY_COLUMNS` (the entry keys are stored as JSON)."""
    categories = tuple(json.loads(row[14])) if row[14] else ()
    return FeedDelivery(
        row[0], row[1], row[2], row[3], tuple(json.loads(row[4])), *row[5:14], categories, *row[15:]
    )


def hit_row(row: Sequence[Any]) -> QuoteHit:
    quote = Quote(*row[:7], speaker_affiliation=row[10])
    return QuoteHit(quote, article_id=row[7], article_title=row[8], source_url=row[9])


def web_session_row(row: Sequence[Any]) -> WebSession:
    return WebSession(*row[:4], tuple(json.loads(row[4])), *row[5:])


def web_session_values(session: WebSession) -> tuple[Any, ...]:
    """Values for `WEB_SESSION_COLUMNS`."""
    return (
        session.id_hash,
        session.user_id,
        session.user_name,
        session.access_token,
        json.dumps(list(session.guilds)),
        session.csrf_token,
        session.checked_at,
        session.created_at,
        session.expires_at,
    )


def channel_values(channel: GuildChannel) -> tuple[int, int, str, int, int]:
    """Values for `CHANNEL_COLUMNS`."""
    return channel.id, channel.guild_id, channel.name, channel.type, channel.position


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
            q.speaker_affiliation,
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
        article.image_url,
    )


def with_id(article: Article, article_id: int, added_at: str) -> Article:
    """`article` as stored: the id and timestamp the database gave it."""
    fields = {name: getattr(article, name) for name in Article.__slots__}
    return Article(**{**fields, "id": article_id, "added_at": added_at})


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
