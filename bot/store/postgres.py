"""The PostgreSQL store: every SQL statement newsbot runs against PostgreSQL lives here.

It answers exactly as `SQLiteStore` does; what differs is how. A connection pool replaces the
writer lock (PostgreSQL serialises conflicting writes itself, with unique constraints and row
locks), and full-text search uses tsvector columns with GIN indexes instead of FTS5.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import astuple
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.ids import parse_id
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
from bot.store.base import (
    ARTICLE_COLUMNS,
    ARTICLE_INSERT_COLUMNS,
    ARTICLE_INSERT_COUNT,
    ARTICLES_NEEDING_QUOTES,
    CHANNEL_COLUMNS,
    COUNT_ARTICLES,
    DELIVERY_COLUMNS,
    DISK_FULL,
    FEED_COLUMNS,
    FEED_LOG_COLUMNS,
    FEED_LOG_KEPT,
    FEED_POLLS_PER_MINUTE,
    FIND_BY_URL,
    GET_ARTICLE,
    GET_HEADER,
    GET_SETTINGS,
    GET_SUMMARY,
    HEADER_COLUMNS,
    LIST_ARTICLES,
    NEWEST_ARTICLE,
    QUOTE_COLUMNS,
    QUOTE_INSERT_COLUMNS,
    SEARCH_CANDIDATES,
    TABLES,
    WEB_SESSION_COLUMNS,
    ArticleParts,
    Rows,
    StoreError,
    Table,
    article_row,
    article_values,
    autocomplete_choices,
    channel_values,
    delivery_row,
    feed_changes,
    feed_log_row,
    feed_row,
    fts_words,
    header_row,
    hit_row,
    like_contains,
    numbered,
    prefixed,
    quote_values,
    summary_row,
    summary_values,
    unique_keys,
    update_settings_sql,
    web_session_row,
    web_session_values,
    with_id,
)
from bot.store.migrations import POSTGRES_MIGRATIONS_DIR, Migration, load_migrations
from bot.store.postgres_follows import PostgresFollows
from bot.store.postgres_stories import PostgresStories

log = logging.getLogger(__name__)

POOL_MAX_SIZE = 10
CONNECT_TIMEOUT_S = 10.0
# pg_advisory_lock key ("newsbot" in ASCII): one process migrates, the others wait for it
MIGRATION_LOCK = 0x6E657773626F74
# PostgreSQL drops longer words from tsvectors (with a notice), so they can never match
MAX_LEXEME_BYTES = 2047
_TS_CONFIG = "newsbot"  # created by migration 0001: no stemming, accents folded if possible


def redact(url: str) -> str:
    """`url` without its password, for messages and logs."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def tsquery(words: Sequence[str], prefix_last: bool = False) -> str | None:
    """A `to_tsquery` expression requiring every word: each one quoted, so nothing the user
    typed is read as an operator. None when a word is too long to be in any tsvector (the
    query can match nothing; leaving the word out would match too much)."""
    if any(len(w.encode()) > MAX_LEXEME_BYTES for w in words):
        return None
    terms = [f"'{w}'" for w in words]  # \w+ words hold no quote or backslash
    if prefix_last and terms:
        terms[-1] += ":*"
    return " & ".join(terms)


def _marks(count: int, start: int = 1) -> str:
    return ", ".join(f"${i}" for i in range(start, start + count))


_QUOTATIONS_INSERT = (
    f"INSERT INTO quotations ({QUOTE_INSERT_COLUMNS}) "
    f"VALUES ({_marks(len(QUOTE_INSERT_COLUMNS.split(',')))})"
)
_SUMMARY_UPSERT = (
    "INSERT INTO summaries (article_id, method, length, engine_version, sentences, "
    "total_sentences, keywords) SELECT id, $1::text, $2::text, $3::text, $4::text, "
    "$5::integer, $6::text FROM articles WHERE guild_id = $7 AND id = $8 "
    "ON CONFLICT (article_id, method, length, engine_version) DO UPDATE SET "
    "sentences = excluded.sentences, total_sentences = excluded.total_sentences, "
    "keywords = excluded.keywords, created_at = excluded.created_at"
)


@contextmanager
def _disk_full_refused() -> Iterator[None]:
    """A write PostgreSQL refused for lack of disk becomes a StoreError with a message for the
    user; the transaction has been rolled back, so nothing is half-written."""
    try:
        yield
    except asyncpg.DiskFullError as exc:
        raise StoreError(DISK_FULL) from exc


async def _write_parts(
    conn: asyncpg.Connection, guild_id: int, article_id: int, parts: ArticleParts
) -> None:
    """A new article's quotations and summaries, inside the caller's transaction."""
    if parts.quotes_version is not None:
        await conn.execute(
            "UPDATE articles SET quotes_version = $1 WHERE id = $2",
            parts.quotes_version,
            article_id,
        )
    await conn.executemany(_QUOTATIONS_INSERT, quote_values(guild_id, article_id, parts.quotes))
    for length, version, summary in parts.summaries:
        await conn.execute(
            _SUMMARY_UPSERT,
            summary.method,
            length,
            version,
            *summary_values(summary),
            guild_id,
            article_id,
        )


def _affected(status: str) -> int:
    """The row count of a command status such as 'DELETE 1'."""
    return int(status.rsplit(" ", 1)[-1])


class PostgresStore(PostgresStories, PostgresFollows):
    """Articles, summaries, quotations and settings, every call scoped by guild."""

    def __init__(self, url: str, pool: asyncpg.Pool):
        self.url = url
        self._pool = pool

    # --- lifecycle -------------------------------------------------------------------------

    @classmethod
    async def open(cls, url: str, migrations: Sequence[Migration] | None = None) -> PostgresStore:
        """Connect to the database `url` names and bring its schema up to date."""
        try:
            pool = await asyncpg.create_pool(
                url, min_size=1, max_size=POOL_MAX_SIZE, timeout=CONNECT_TIMEOUT_S
            )
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {redact(url)}: {exc}") from exc
        try:
            if migrations is None:
                migrations = load_migrations(POSTGRES_MIGRATIONS_DIR)
            async with pool.acquire() as conn:
                await migrate(conn, migrations)
        except BaseException:
            await pool.close()
            raise
        return cls(url, pool)

    async def close(self) -> None:
        await self._pool.close()

    async def schema_version(self) -> int:
        return await _version(self._pool)

    async def integrity_check(self) -> list[str]:
        """['ok'] when the database answers and is consistent. PostgreSQL has no whole-database
        check like SQLite's: when the amcheck extension is installed every B-tree index of the
        schema is verified; always, an invariant no constraint enforces is checked."""
        problems: list[str] = []
        async with self._pool.acquire() as conn:
            amcheck = await conn.fetchval(
                "SELECT quote_ident(n.nspname) FROM pg_extension e "
                "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'"
            )
            if amcheck:
                indexes = await conn.fetch(
                    "SELECT c.oid, c.relname FROM pg_class c JOIN pg_am am ON am.oid = c.relam "
                    "WHERE c.relkind = 'i' AND am.amname = 'btree' "
                    "AND c.relnamespace = current_schema()::regnamespace"
                )
                for oid, name in indexes:
                    try:
                        await conn.execute(f"SELECT {amcheck}.bt_index_check($1::oid)", oid)
                    except asyncpg.PostgresError as exc:
                        problems.append(f"index {name}: {exc}")
            strays = await conn.fetchval(
                "SELECT count(*) FROM quotations q JOIN articles a ON a.id = q.article_id "
                "WHERE q.guild_id <> a.guild_id"
            )
            if strays:
                problems.append(f"{strays} quotations carry another guild than their article")
        return problems or ["ok"]

    async def backup(self, target: str | Path) -> None:
        """Not done here: pg_dump makes consistent online backups and restores them anywhere."""
        raise StoreError(
            "PostgreSQL databases are backed up with pg_dump, not newsbot: "
            f"pg_dump --format=custom --file={target} '{redact(self.url)}' "
            "(restore with pg_restore --dbname=URL FILE)"
        )

    # --- articles --------------------------------------------------------------------------

    async def add_article(
        self, article: Article, parts: ArticleParts | None = None
    ) -> tuple[Article, bool]:
        """Store `article` with its `parts` in one transaction; when the guild already has the
        same text (or canonical URL), return the existing one and False instead. The unique
        indexes arbitrate a race. A full disk raises a StoreError and changes nothing."""
        with _disk_full_refused():
            async with self._pool.acquire() as conn, conn.transaction():
                existing = await _find_duplicate(conn, article)
                if existing is not None:
                    return existing, False
                row = await conn.fetchrow(
                    f"INSERT INTO articles ({ARTICLE_INSERT_COLUMNS}) VALUES ({_marks(ARTICLE_INSERT_COUNT)}) "
                    "ON CONFLICT DO NOTHING RETURNING id, added_at",
                    *article_values(article),
                )
                if row is None:
                    existing = await _find_duplicate(conn, article)
                    if existing is None:
                        raise StoreError("The article clashed with one being removed; try again.")
                    return existing, False
                if parts is not None:
                    await _write_parts(conn, article.guild_id, row["id"], parts)
        return with_id(article, row["id"], row["added_at"]), True

    async def get_article(self, guild_id: int, article_id: int) -> Article | None:
        """The guild's article with that id; None for a missing id or another guild's."""
        row = await self._pool.fetchrow(numbered(GET_ARTICLE), guild_id, article_id)
        return article_row(row) if row else None

    async def newest_article(self, guild_id: int) -> Article | None:
        row = await self._pool.fetchrow(numbered(NEWEST_ARTICLE), guild_id)
        return article_row(row) if row else None

    async def find_by_url(self, guild_id: int, url: str) -> Article | None:
        """The guild's article fetched from `url` (canonical first, then source), if any."""
        row = await self._pool.fetchrow(
            numbered(FIND_BY_URL), guild_id, guild_id, url, guild_id, url
        )
        return article_row(row) if row else None

    async def count_articles(self, guild_id: int) -> int:
        return await self._pool.fetchval(numbered(COUNT_ARTICLES), guild_id)

    async def list_articles(
        self, guild_id: int, limit: int = 10, offset: int = 0
    ) -> list[ArticleHeader]:
        """The guild's articles, newest first."""
        rows = await self._pool.fetch(numbered(LIST_ARTICLES), guild_id, limit, offset)
        return [header_row(r) for r in rows]

    async def search_articles(
        self, guild_id: int, query: str, limit: int = 10
    ) -> list[ArticleHeader]:
        """Full-text search over the guild's titles and texts, best match first.

        The best among the newest `SEARCH_CANDIDATES` matches, as in SQLite (where ranking
        every match of a common word held the read connection for half a second); ties go to
        the newer article."""
        words = fts_words(query)
        match = tsquery(words)
        if not words or match is None:
            return []
        rows = await self._pool.fetch(
            f"SELECT {HEADER_COLUMNS} FROM (SELECT {prefixed(HEADER_COLUMNS, 'a')}, "
            "ts_rank(a.fts, q) AS score "
            f"FROM articles a, to_tsquery('{_TS_CONFIG}', $2) q "
            "WHERE a.guild_id = $1 AND a.fts @@ q ORDER BY a.id DESC LIMIT $4) m "
            "ORDER BY score DESC, id DESC LIMIT $3",
            guild_id,
            match,
            limit,
            SEARCH_CANDIDATES,
        )
        return [header_row(r) for r in rows]

    async def autocomplete_articles(
        self, guild_id: int, typed: str, limit: int = 25
    ) -> list[ArticleHeader]:
        """Articles for an autocomplete menu: newest first, filtered by title as the user types
        (every word, the last one as a prefix, through the title tsvector's GIN index).

        A typed number also offers the article with that id.
        """
        typed = typed.strip()
        words = fts_words(typed)
        if not words:
            return await self.list_articles(guild_id, limit)
        article_id = parse_id(typed)
        by_id = await self.get_header(guild_id, article_id) if article_id is not None else None
        match = tsquery(words, prefix_last=True)
        matches = []
        if match is not None:
            rows = await self._pool.fetch(
                f"SELECT {HEADER_COLUMNS} FROM articles WHERE guild_id = $1 "
                f"AND title_tsv @@ to_tsquery('{_TS_CONFIG}', $2) ORDER BY id DESC LIMIT $3",
                guild_id,
                match,
                limit,
            )
            matches = [header_row(r) for r in rows]
        return autocomplete_choices(by_id, matches, limit)

    async def get_header(self, guild_id: int, article_id: int) -> ArticleHeader | None:
        row = await self._pool.fetchrow(numbered(GET_HEADER), guild_id, article_id)
        return header_row(row) if row else None

    async def remove_article(self, guild_id: int, article_id: int) -> bool:
        """Delete the guild's article with its summaries and quotations; False if none."""
        status = await self._pool.execute(
            "DELETE FROM articles WHERE guild_id = $1 AND id = $2", guild_id, article_id
        )
        return _affected(status) > 0

    # --- summaries -------------------------------------------------------------------------

    async def get_summary(
        self, guild_id: int, article_id: int, method: str, length: str, version: str
    ) -> Summary | None:
        row = await self._pool.fetchrow(
            numbered(GET_SUMMARY), guild_id, article_id, method, length, version
        )
        return summary_row(method, row) if row else None

    async def put_summary(
        self, guild_id: int, article_id: int, length: str, version: str, summary: Summary
    ) -> None:
        """Cache a summary; ignored if the article is gone or belongs to another guild."""
        with _disk_full_refused():
            await self._pool.execute(
                _SUMMARY_UPSERT,
                summary.method,
                length,
                version,
                *summary_values(summary),
                guild_id,
                article_id,
            )

    # --- quotations ------------------------------------------------------------------------

    async def replace_quotations(
        self, guild_id: int, article_id: int, quotes: Iterable[Quote], version: str
    ) -> None:
        """Store the article's quotations as extracted by engine `version` (one transaction;
        the article's row lock serialises two replacements of the same article)."""
        rows = quote_values(guild_id, article_id, quotes)
        async with self._pool.acquire() as conn, conn.transaction():
            status = await conn.execute(
                "UPDATE articles SET quotes_version = $1 WHERE guild_id = $2 AND id = $3",
                version,
                guild_id,
                article_id,
            )
            if _affected(status):
                await conn.execute("DELETE FROM quotations WHERE article_id = $1", article_id)
                await conn.executemany(_QUOTATIONS_INSERT, rows)

    async def articles_needing_quotes(
        self, version: str, limit: int = 100, after_id: int = 0
    ) -> list[tuple[int, int]]:
        """(guild_id, article_id) of articles after `after_id` whose quotations predate engine
        `version`, in id order (walking the primary key: paged, never the whole table)."""
        rows = await self._pool.fetch(numbered(ARTICLES_NEEDING_QUOTES), after_id, version, limit)
        return [(g, a) for g, a in rows]

    async def find_quotations(
        self,
        guild_id: int,
        *,
        article_id: int | None = None,
        speakers: Sequence[str] | None = None,
        search: str | None = None,
        limit: int = 25,
    ) -> list[QuoteHit]:
        """The guild's quotations matching every filter given, newest article first."""
        where = ["q.guild_id = $1"]
        params: list[Any] = [guild_id]
        if search is not None:
            words = fts_words(search)
            match = tsquery(words)
            if not words or match is None:
                return []
            params.append(match)
            where.append(f"q.quote_tsv @@ to_tsquery('{_TS_CONFIG}', ${len(params)})")
        if article_id is not None:
            params.append(article_id)
            where.append(f"q.article_id = ${len(params)}")
        if speakers is not None:
            params.append([name.lower() for name in speakers])
            where.append(f"lower(q.speaker) = ANY(${len(params)}::text[])")
        params.append(limit)
        rows = await self._pool.fetch(
            f"SELECT {QUOTE_COLUMNS} FROM quotations q JOIN articles a ON a.id = q.article_id "
            f"WHERE {' AND '.join(where)} ORDER BY q.article_id DESC, q.start_offset, q.id "
            f"LIMIT ${len(params)}",
            *params,
        )
        return [hit_row(r) for r in rows]

    async def random_quotation(self, guild_id: int, seed: float) -> QuoteHit | None:
        """A quotation picked by `seed` in [0, 1), preferring those with a known speaker.

        Picks by id range through an index instead of ORDER BY random(), which would read
        every quotation of the guild.
        """
        async with self._pool.acquire() as conn:
            low, high = await conn.fetchrow(
                "SELECT min(id), max(id) FROM quotations WHERE guild_id = $1", guild_id
            )
            if low is None:
                return None
            pivot = low + int((high - low) * seed)
            for speaker_filter in ("AND q.speaker IS NOT NULL", ""):
                for op, order in ((">=", "ASC"), ("<", "DESC")):
                    row = await conn.fetchrow(
                        f"SELECT {QUOTE_COLUMNS} FROM quotations q JOIN articles a "
                        f"ON a.id = q.article_id WHERE q.guild_id = $1 AND q.id {op} $2 "
                        f"{speaker_filter} ORDER BY q.id {order} LIMIT 1",
                        guild_id,
                        pivot,
                    )
                    if row:
                        return hit_row(row)
        return None

    async def speakers(self, guild_id: int, typed: str = "", limit: int = 25) -> list[str]:
        """Speakers quoted in the guild's articles, most quoted first, matching what was typed.

        Case-insensitive like SQLite's NOCASE column: spellings that differ only in case are
        one speaker, and ties sort by the lower-cased name."""
        rows = await self._pool.fetch(
            "SELECT speaker FROM speaker_counts WHERE guild_id = $1 AND speaker ILIKE $2 "
            "ESCAPE '\\' ORDER BY quotes DESC, speaker_key COLLATE \"C\" LIMIT $3",
            guild_id,
            like_contains(typed),
            limit,
        )
        return [r[0] for r in rows]

    # --- settings --------------------------------------------------------------------------

    async def get_settings(self, guild_id: int) -> GuildSettings:
        row = await self._pool.fetchrow(numbered(GET_SETTINGS), guild_id)
        return GuildSettings(*row) if row else GuildSettings(guild_id)

    async def update_settings(self, guild_id: int, changes: Mapping[str, Any]) -> GuildSettings:
        """Write only the fields in `changes`; returns the guild's settings as saved."""
        row = await self._pool.fetchrow(
            numbered(update_settings_sql(list(changes))), guild_id, *changes.values()
        )
        return GuildSettings(*row)

    async def save_settings(self, settings: GuildSettings) -> None:
        await self._pool.execute(
            "INSERT INTO guild_settings (guild_id, summary_sentences, summary_method, "
            "autosummary_channel_id) VALUES ($1, $2, $3, $4) ON CONFLICT (guild_id) DO UPDATE "
            "SET summary_sentences = excluded.summary_sentences, "
            "summary_method = excluded.summary_method, "
            "autosummary_channel_id = excluded.autosummary_channel_id",
            settings.guild_id,
            settings.summary_sentences,
            settings.summary_method,
            settings.autosummary_channel_id,
        )

    # --- feeds -----------------------------------------------------------------------------

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
    ) -> tuple[Feed, bool]:
        """Subscribe the guild to `url`; an existing subscription is returned with False."""
        async with self._pool.acquire() as conn:
            row = await conn.fetchrow(
                "INSERT INTO feeds (guild_id, channel_id, url, interval_minutes, added_by, title, "
                "target, next_poll_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                f"ON CONFLICT (guild_id, url) DO NOTHING RETURNING {FEED_COLUMNS}",
                guild_id,
                channel_id,
                url,
                interval_minutes,
                added_by,
                title,
                target,
                next_poll_at,
            )
            if row is not None:
                return feed_row(row), True
            row = await conn.fetchrow(
                f"SELECT {FEED_COLUMNS} FROM feeds WHERE guild_id = $1 AND url = $2",
                guild_id,
                url,
            )
        return feed_row(row), False

    async def get_feed(self, guild_id: int, feed_id: int) -> Feed | None:
        row = await self._pool.fetchrow(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE guild_id = $1 AND id = $2", guild_id, feed_id
        )
        return feed_row(row) if row else None

    async def list_feeds(self, guild_id: int) -> list[Feed]:
        rows = await self._pool.fetch(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE guild_id = $1 ORDER BY id", guild_id
        )
        return [feed_row(r) for r in rows]

    async def count_feeds(self, guild_id: int) -> int:
        return await self._pool.fetchval("SELECT count(*) FROM feeds WHERE guild_id = $1", guild_id)

    async def feed_polls_per_minute(self) -> float:
        return float(await self._pool.fetchval(FEED_POLLS_PER_MINUTE))

    async def remove_feed(self, guild_id: int, feed_id: int) -> bool:
        status = await self._pool.execute(
            "DELETE FROM feeds WHERE guild_id = $1 AND id = $2", guild_id, feed_id
        )
        return _affected(status) > 0

    async def claim_due_feeds(
        self, now: float, owner: str, lease_seconds: float, limit: int = 20
    ) -> list[Feed]:
        """Take a lease on due feeds that no other live owner holds, the most overdue first,
        so that several processes polling one database never poll the same feed at once.

        SKIP LOCKED passes over feeds another claimer is taking right now instead of waiting
        for it, and the lock re-checks the lease on the row as that claimer left it."""
        rows = await self._pool.fetch(
            "WITH due AS (SELECT id FROM feeds WHERE enabled AND paused_reason IS NULL "
            "AND next_poll_at <= $1 "
            "AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until <= $1) "
            "ORDER BY next_poll_at, id LIMIT $4 FOR UPDATE SKIP LOCKED) "
            "UPDATE feeds f SET lease_owner = $2, lease_until = $1 + $3::double precision "
            f"FROM due WHERE f.id = due.id RETURNING {prefixed(FEED_COLUMNS, 'f')}",
            now,
            owner,
            lease_seconds,
            limit,
        )
        return sorted((feed_row(r) for r in rows), key=lambda f: (f.next_poll_at, f.id))

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
    ) -> None:
        """Save a poll's outcome: validators for the next conditional request, or the error."""
        await self._pool.execute(
            "UPDATE feeds SET last_polled_at = $1, next_poll_at = $2, failures = $3, "
            "last_error = $4, enabled = $5, etag = coalesce($6, etag), "
            "last_modified = coalesce($7, last_modified), title = coalesce($8, title), "
            "icon_url = coalesce($9, icon_url) WHERE id = $10",
            polled_at,
            next_poll_at,
            failures,
            error,
            enabled,
            etag,
            last_modified,
            title,
            icon_url,
            feed_id,
        )

    async def claim_entry(self, feed_id: int, keys: Sequence[str], now: float) -> bool:
        """Mark a feed entry as taken before it is posted; False if any of its keys (entry id,
        link) was seen before. Claiming first means a crash can skip an entry, never repeat it.

        Every key is inserted and the transaction kept only if none existed: a concurrent
        claimer of the same key waits on it and then sees the conflict."""
        keys = unique_keys(keys)
        if not keys:
            return False
        async with self._pool.acquire() as conn:
            transaction = conn.transaction()
            await transaction.start()
            try:
                inserted = await conn.fetch(
                    "INSERT INTO feed_entries (feed_id, entry_key, claimed_at) "
                    "SELECT $1, k, $3 FROM unnest($2::text[]) AS k "
                    "ON CONFLICT DO NOTHING RETURNING entry_key",
                    feed_id,
                    keys,
                    now,
                )
            except BaseException:
                await transaction.rollback()
                raise
            claimed = len(inserted) == len(keys)
            if claimed:
                await transaction.commit()
            else:
                await transaction.rollback()
        return claimed

    async def mark_posted(
        self, feed_id: int, keys: Sequence[str], article_id: int | None, now: float
    ) -> None:
        rows = [(now, article_id, feed_id, k) for k in keys if k]
        if rows:
            await self._pool.executemany(
                "UPDATE feed_entries SET posted_at = $1, article_id = $2 "
                "WHERE feed_id = $3 AND entry_key = $4",
                rows,
            )

    async def posts_since(self, feed_id: int, since: float) -> int:
        """How many of the feed's articles were queued for posting after `since` (for the
        hourly cap); a delivery that finally failed does not count."""
        return await self._pool.fetchval(
            "SELECT count(*) FROM feed_deliveries "
            "WHERE feed_id = $1 AND created_at >= $2 AND state <> 'failed' AND edit_of IS NULL",
            feed_id,
            since,
        )

    # --- the web panel: sessions, and the servers and channels the bot is in ---------------

    async def add_web_session(self, session: WebSession) -> None:
        await self._pool.execute(
            f"INSERT INTO web_sessions ({WEB_SESSION_COLUMNS}) VALUES ({_marks(9)})",
            *web_session_values(session),
        )

    async def get_web_session(self, id_hash: str, now: float) -> WebSession | None:
        """The session with that cookie hash, unless it has expired."""
        row = await self._pool.fetchrow(
            f"SELECT {WEB_SESSION_COLUMNS} FROM web_sessions "
            "WHERE id_hash = $1 AND expires_at > $2",
            id_hash,
            now,
        )
        return web_session_row(row) if row else None

    async def update_web_session_guilds(
        self, id_hash: str, guilds: Sequence[dict], checked_at: float
    ) -> None:
        await self._pool.execute(
            "UPDATE web_sessions SET guilds = $1, checked_at = $2 WHERE id_hash = $3",
            json.dumps(list(guilds)),
            checked_at,
            id_hash,
        )

    async def remove_web_session(self, id_hash: str) -> None:
        await self._pool.execute("DELETE FROM web_sessions WHERE id_hash = $1", id_hash)

    async def remove_expired_web_sessions(self, now: float) -> int:
        return _affected(
            await self._pool.execute("DELETE FROM web_sessions WHERE expires_at <= $1", now)
        )

    async def add_bot_guild(self, guild_id: int, channels: Sequence[GuildChannel]) -> None:
        """The bot is in `guild_id` with these channels (replacing what was known of them)."""
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute(
                "INSERT INTO bot_guilds (guild_id) VALUES ($1) ON CONFLICT DO NOTHING", guild_id
            )
            await conn.execute("DELETE FROM bot_channels WHERE guild_id = $1", guild_id)
            await conn.executemany(
                f"INSERT INTO bot_channels ({CHANNEL_COLUMNS}) VALUES ({_marks(5)}) "
                "ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, "
                "name = excluded.name, type = excluded.type, position = excluded.position",
                [channel_values(c) for c in channels],
            )

    async def remove_bot_guild(self, guild_id: int) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("DELETE FROM bot_channels WHERE guild_id = $1", guild_id)
            await conn.execute("DELETE FROM bot_guilds WHERE guild_id = $1", guild_id)

    async def bot_guild_ids(self) -> set[int]:
        return {row[0] for row in await self._pool.fetch("SELECT guild_id FROM bot_guilds")}

    async def bot_in_guilds(self, guild_ids: Iterable[int]) -> set[int]:
        """Those of `guild_ids` the bot is in."""
        rows = await self._pool.fetch(
            "SELECT guild_id FROM bot_guilds WHERE guild_id = ANY($1::bigint[])",
            list(dict.fromkeys(guild_ids)),
        )
        return {row[0] for row in rows}

    async def put_bot_channel(self, channel: GuildChannel) -> None:
        await self._pool.execute(
            f"INSERT INTO bot_channels ({CHANNEL_COLUMNS}) VALUES ({_marks(5)}) "
            "ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, "
            "name = excluded.name, type = excluded.type, position = excluded.position",
            *channel_values(channel),
        )

    async def remove_bot_channel(self, channel_id: int) -> None:
        await self._pool.execute("DELETE FROM bot_channels WHERE channel_id = $1", channel_id)

    async def bot_channels(self, guild_id: int) -> list[GuildChannel]:
        rows = await self._pool.fetch(
            f"SELECT {CHANNEL_COLUMNS} FROM bot_channels WHERE guild_id = $1 "
            "ORDER BY position, channel_id",
            guild_id,
        )
        return [GuildChannel(*row) for row in rows]

    async def entry_state(self, feed_id: int, keys: Sequence[str]) -> str | None:
        """Without claiming: None if no key of the entry was seen, "posted" if it was posted,
        else "seen" (marked seen when the feed was added, filtered, or waiting for delivery)."""
        keys = unique_keys(keys)
        if not keys:
            return None
        posted = await self._pool.fetchval(
            "SELECT bool_or(posted_at IS NOT NULL) FROM feed_entries "
            "WHERE feed_id = $1 AND entry_key = ANY($2::text[])",
            feed_id,
            keys,
        )
        return None if posted is None else "posted" if posted else "seen"

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
    ) -> int:
        """Queue an article for posting (or, with `edit_of`, an edit of that delivery's
        message), due now; the delivery's id. `entry` is the entry's (title, text, link)."""
        return await self._pool.fetchval(
            "INSERT INTO feed_deliveries (feed_id, article_id, entry_keys, next_attempt_at, "
            "created_at, mention_role_id, categories, entry_title, entry_text, link, edit_of, "
            "channel_id, message_id) "
            "VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            feed_id,
            article_id,
            json.dumps(unique_keys(keys)),
            now,
            mention_role_id,
            json.dumps(list(categories), ensure_ascii=False) if categories else None,
            *entry,
            edit_of.id if edit_of else None,
            edit_of.channel_id if edit_of else None,
            edit_of.message_id if edit_of else None,
        )

    async def posted_delivery(self, feed_id: int, keys: Sequence[str]) -> FeedDelivery | None:
        """The newest post (or edit) of the entry with these keys that has not failed, if any
        (pending ones included, so an edit already queued is not queued again)."""
        keys = unique_keys(keys)
        if not keys:
            return None
        row = await self._pool.fetchrow(
            f"SELECT {DELIVERY_COLUMNS} FROM feed_deliveries d JOIN feeds f ON f.id = d.feed_id "
            "WHERE d.feed_id = $1 AND d.state <> 'failed' AND d.article_id IN ("
            "SELECT article_id FROM feed_entries WHERE feed_id = $1 AND posted_at IS NOT NULL "
            "AND entry_key = ANY($2::text[])) ORDER BY d.id DESC LIMIT 1",
            feed_id,
            keys,
        )
        return delivery_row(row) if row else None

    async def claim_due_deliveries(
        self, now: float, owner: str, lease_seconds: float, limit: int = 20
    ) -> list[FeedDelivery]:
        """Take a lease on pending deliveries that are due and not held by another live owner,
        oldest first (as `claim_due_feeds` does for feeds)."""
        rows = await self._pool.fetch(
            "WITH due AS (SELECT id FROM feed_deliveries WHERE state = 'pending' "
            "AND next_attempt_at <= $1 "
            "AND feed_id NOT IN (SELECT id FROM feeds WHERE paused_reason IS NOT NULL) "
            "AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until <= $1) "
            "ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED), "
            "taken AS (UPDATE feed_deliveries d SET lease_owner = $2, "
            "lease_until = $1 + $3::double precision FROM due WHERE d.id = due.id RETURNING d.*) "
            f"SELECT {DELIVERY_COLUMNS} FROM taken d JOIN feeds f ON f.id = d.feed_id "
            "ORDER BY d.next_attempt_at, d.id",
            now,
            owner,
            lease_seconds,
            limit,
        )
        return [delivery_row(r) for r in rows]

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
    ) -> None:
        """Save an attempt's outcome and release the lease."""
        await self._pool.execute(
            "UPDATE feed_deliveries SET state = $1, attempts = $2, next_attempt_at = $3, "
            "last_error = $4, delivered_at = CASE WHEN $1 = 'delivered' THEN $5::double precision END, "
            "channel_id = coalesce($6, channel_id), message_id = coalesce($7, message_id), "
            "lease_owner = NULL, lease_until = NULL WHERE id = $8",
            state,
            attempts,
            next_attempt_at,
            error,
            now,
            channel_id,
            message_id,
            delivery_id,
        )

    async def list_deliveries(
        self, guild_id: int, feed_id: int, limit: int = 25
    ) -> list[FeedDelivery]:
        """The feed's newest deliveries first; another guild's feed has none."""
        rows = await self._pool.fetch(
            f"SELECT {DELIVERY_COLUMNS} FROM feed_deliveries d JOIN feeds f ON f.id = d.feed_id "
            "WHERE f.guild_id = $1 AND d.feed_id = $2 "
            "ORDER BY d.created_at DESC, d.id DESC LIMIT $3",
            guild_id,
            feed_id,
            limit,
        )
        return [delivery_row(r) for r in rows]

    async def set_feed_filters(
        self, guild_id: int, feed_id: int, filters: str | None, mode: str
    ) -> bool:
        """Replace the feed's filter rules (JSON) and how they combine; False if no such feed."""
        status = await self._pool.execute(
            "UPDATE feeds SET filters = $1, filter_mode = $2 WHERE guild_id = $3 AND id = $4",
            filters,
            mode,
            guild_id,
            feed_id,
        )
        return _affected(status) > 0

    async def update_feed(self, guild_id: int, feed_id: int, changes: dict[str, Any]) -> bool:
        """Change the settings named in `changes` (a None clears one), field by field, so two
        admins editing different settings never undo each other; False if no such feed."""
        changes = feed_changes(changes)
        assignments = ", ".join(f"{name} = ${n}" for n, name in enumerate(changes, 1))
        n = len(changes)
        status = await self._pool.execute(
            f"UPDATE feeds SET {assignments} WHERE guild_id = ${n + 1} AND id = ${n + 2}",
            *changes.values(),
            guild_id,
            feed_id,
        )
        return _affected(status) > 0

    async def add_feed_log(self, feed_id: int, entry: FeedLogEntry) -> None:
        """Record a decision, keeping the feed's newest `FEED_LOG_KEPT`."""
        log_id = await self._pool.fetchval(
            f"INSERT INTO feed_log (feed_id, {FEED_LOG_COLUMNS}) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            feed_id,
            *astuple(entry),
        )
        if log_id % 50 == 0:  # now and then, not on every insert
            await self._pool.execute(
                "DELETE FROM feed_log WHERE feed_id = $1 AND id <= $2",
                feed_id,
                log_id - FEED_LOG_KEPT,
            )

    async def feed_log(self, guild_id: int, feed_id: int, limit: int = 25) -> list[FeedLogEntry]:
        """The feed's newest decisions first; another guild's feed has none."""
        rows = await self._pool.fetch(
            f"SELECT {prefixed(FEED_LOG_COLUMNS, 'l')} FROM feed_log l "
            "JOIN feeds f ON f.id = l.feed_id WHERE f.guild_id = $1 AND l.feed_id = $2 "
            "ORDER BY l.id DESC LIMIT $3",
            guild_id,
            feed_id,
            limit,
        )
        return [feed_log_row(r) for r in rows]

    # --- whole tables, for `db copy` ---------------------------------------------------------

    async def table_counts(self) -> dict[str, int]:
        async with self._pool.acquire() as conn:
            return {t.name: await conn.fetchval(f"SELECT count(*) FROM {t.name}") for t in TABLES}

    async def dump(self, batch_size: int = 1000) -> AsyncIterator[tuple[Table, Rows]]:
        """Every table from one REPEATABLE READ snapshot, so a copy taken while the bot
        writes is consistent."""
        async with (
            self._pool.acquire() as conn,
            conn.transaction(isolation="repeatable_read", readonly=True),
        ):
            for table in TABLES:
                cursor = await conn.cursor(
                    f"SELECT {table.column_list} FROM {table.name} ORDER BY {table.key}"
                )
                while rows := await cursor.fetch(batch_size):
                    yield table, [tuple(r) for r in rows]

    async def load(self, batches: AsyncIterable[tuple[Table, Rows]]) -> None:
        """COPY the batches in, ids included, in one transaction (a failed copy leaves the
        database empty), then move each id sequence past the highest id copied."""
        async with self._pool.acquire() as conn, conn.transaction():
            booleans = {
                (r["table_name"], r["column_name"])
                for r in await conn.fetch(
                    "SELECT table_name, column_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND data_type = 'boolean'"
                )
            }
            async for table, rows in batches:
                flags = [(table.name, c) in booleans for c in table.columns]
                if any(flags):  # SQLite keeps booleans as 0 and 1
                    rows = [_booleans(row, flags) for row in rows]
                await conn.copy_records_to_table(table.name, records=rows, columns=table.columns)
            for table in TABLES:
                if table.key == "id":
                    await conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"coalesce(max(id), 0) + 1, false) FROM {table.name}"
                    )


# --- helpers ---------------------------------------------------------------------------------


async def _find_duplicate(conn: asyncpg.Connection, article: Article) -> Article | None:
    row = await conn.fetchrow(
        f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE guild_id = $1 AND "
        "(content_hash = $2 OR (canonical_url IS NOT NULL AND canonical_url = $3)) "
        "ORDER BY id LIMIT 1",
        article.guild_id,
        article.content_hash,
        article.canonical_url,
    )
    return article_row(row) if row else None


def _booleans(row: tuple[Any, ...], flags: Sequence[bool]) -> tuple[Any, ...]:
    return tuple(
        bool(v) if flag and v is not None else v for v, flag in zip(row, flags, strict=True)
    )


async def _version(conn: asyncpg.Connection | asyncpg.Pool) -> int:
    return await conn.fetchval("SELECT coalesce(max(version), 0) FROM schema_version")


async def migrate(conn: asyncpg.Connection, migrations: Sequence[Migration]) -> int:
    """Apply each migration newer than the database, each in one transaction with its row in
    `schema_version`, so a failing migration leaves the database as it was. An advisory lock
    makes concurrent starters take turns: the later ones find nothing left to do."""
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
            "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        current = await _version(conn)
        for migration in migrations:
            if migration.number <= current:
                continue
            log.info("applying migration %04d %s", migration.number, migration.name)
            async with conn.transaction():
                await conn.execute(migration.sql)
                await conn.execute(
                    "INSERT INTO schema_version (version, name) VALUES ($1, $2)",
                    migration.number,
                    migration.name,
                )
            current = migration.number
        return current
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)


__all__ = ["PostgresStore", "migrate", "redact", "tsquery"]
