"""The PostgreSQL store: every SQL statement newsbot runs against PostgreSQL lives here.

It answers exactly as `SQLiteStore` does; what differs is how. A connection pool replaces the
writer lock (PostgreSQL serialises conflicting writes itself, with unique constraints and row
locks), and full-text search uses tsvector columns with GIN indexes instead of FTS5.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.models import Article, ArticleHeader, Feed, GuildSettings, Quote, QuoteHit, Summary
from bot.store.base import (
    ARTICLE_COLUMNS,
    ARTICLE_INSERT_COLUMNS,
    DISK_FULL,
    FEED_COLUMNS,
    HEADER_COLUMNS,
    QUOTE_COLUMNS,
    QUOTE_INSERT_COLUMNS,
    TABLES,
    ArticleParts,
    Rows,
    StoreError,
    Table,
    article_row,
    article_values,
    autocomplete_choices,
    feed_row,
    fts_words,
    header_row,
    hit_row,
    like_contains,
    prefixed,
    quote_values,
    summary_row,
    summary_values,
    typed_id,
    unique_keys,
    with_id,
)
from bot.store.migrations import POSTGRES_MIGRATIONS_DIR, Migration, load_migrations

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


class PostgresStore:
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
                    f"INSERT INTO articles ({ARTICLE_INSERT_COLUMNS}) VALUES ({_marks(13)}) "
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
        row = await self._pool.fetchrow(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE guild_id = $1 AND id = $2",
            guild_id,
            article_id,
        )
        return article_row(row) if row else None

    async def newest_article(self, guild_id: int) -> Article | None:
        row = await self._pool.fetchrow(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE guild_id = $1 ORDER BY id DESC LIMIT 1",
            guild_id,
        )
        return article_row(row) if row else None

    async def find_by_url(self, guild_id: int, url: str) -> Article | None:
        """The guild's article fetched from `url` (source or canonical), if any."""
        row = await self._pool.fetchrow(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE guild_id = $1 AND "
            "(canonical_url = $2 OR source_url = $2) ORDER BY id LIMIT 1",
            guild_id,
            url,
        )
        return article_row(row) if row else None

    async def count_articles(self, guild_id: int) -> int:
        return await self._pool.fetchval(
            "SELECT count(*) FROM articles WHERE guild_id = $1", guild_id
        )

    async def list_articles(
        self, guild_id: int, limit: int = 10, offset: int = 0
    ) -> list[ArticleHeader]:
        """The guild's articles, newest first."""
        rows = await self._pool.fetch(
            f"SELECT {HEADER_COLUMNS} FROM articles WHERE guild_id = $1 "
            "ORDER BY id DESC LIMIT $2 OFFSET $3",
            guild_id,
            limit,
            offset,
        )
        return [header_row(r) for r in rows]

    async def search_articles(
        self, guild_id: int, query: str, limit: int = 10
    ) -> list[ArticleHeader]:
        """Full-text search over the guild's titles and texts, best match first."""
        words = fts_words(query)
        match = tsquery(words)
        if not words or match is None:
            return []
        rows = await self._pool.fetch(
            f"SELECT {prefixed(HEADER_COLUMNS, 'a')} "
            f"FROM articles a, to_tsquery('{_TS_CONFIG}', $2) q "
            "WHERE a.guild_id = $1 AND a.fts @@ q ORDER BY ts_rank(a.fts, q) DESC, a.id DESC "
            "LIMIT $3",
            guild_id,
            match,
            limit,
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
        article_id = typed_id(typed)
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
        row = await self._pool.fetchrow(
            f"SELECT {HEADER_COLUMNS} FROM articles WHERE guild_id = $1 AND id = $2",
            guild_id,
            article_id,
        )
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
            "SELECT s.sentences, s.total_sentences, s.keywords FROM summaries s "
            "JOIN articles a ON a.id = s.article_id "
            "WHERE a.guild_id = $1 AND s.article_id = $2 AND s.method = $3 AND s.length = $4 "
            "AND s.engine_version = $5",
            guild_id,
            article_id,
            method,
            length,
            version,
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
        self, version: str, limit: int = 100
    ) -> list[tuple[int, int]]:
        """(guild_id, article_id) of articles whose quotations predate engine `version`."""
        rows = await self._pool.fetch(
            "SELECT guild_id, id FROM articles WHERE quotes_version IS DISTINCT FROM $1 "
            "ORDER BY id LIMIT $2",
            version,
            limit,
        )
        return [(g, a) for g, a in rows]

    async def find_quotations(
        self,
        guild_id: int,
        *,
        article_id: int | None = None,
        speaker: str | None = None,
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
        if speaker is not None:
            params.append(speaker)
            where.append(f"lower(q.speaker) = lower(${len(params)})")
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
        row = await self._pool.fetchrow(
            "SELECT guild_id, summary_sentences, summary_method, autosummary_channel_id "
            "FROM guild_settings WHERE guild_id = $1",
            guild_id,
        )
        return GuildSettings(*row) if row else GuildSettings(guild_id)

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
    ) -> tuple[Feed, bool]:
        """Subscribe the guild to `url`; an existing subscription is returned with False."""
        async with self._pool.acquire() as conn:
            row = await conn.fetchrow(
                "INSERT INTO feeds (guild_id, channel_id, url, interval_minutes, added_by, title) "
                "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (guild_id, url) DO NOTHING "
                f"RETURNING {FEED_COLUMNS}",
                guild_id,
                channel_id,
                url,
                interval_minutes,
                added_by,
                title,
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

    async def remove_feed(self, guild_id: int, feed_id: int) -> bool:
        status = await self._pool.execute(
            "DELETE FROM feeds WHERE guild_id = $1 AND id = $2", guild_id, feed_id
        )
        return _affected(status) > 0

    async def due_feeds(self, now: float, limit: int = 20) -> list[Feed]:
        """Enabled feeds whose next poll time has come, the most overdue first."""
        rows = await self._pool.fetch(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE enabled AND next_poll_at <= $1 "
            "ORDER BY next_poll_at LIMIT $2",
            now,
            limit,
        )
        return [feed_row(r) for r in rows]

    async def claim_due_feeds(
        self, now: float, owner: str, lease_seconds: float, limit: int = 20
    ) -> list[Feed]:
        """Take a lease on due feeds that no other live owner holds, the most overdue first,
        so that several processes polling one database never poll the same feed at once.

        SKIP LOCKED passes over feeds another claimer is taking right now instead of waiting
        for it, and the lock re-checks the lease on the row as that claimer left it."""
        rows = await self._pool.fetch(
            "WITH due AS (SELECT id FROM feeds WHERE enabled AND next_poll_at <= $1 "
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
    ) -> None:
        """Save a poll's outcome: validators for the next conditional request, or the error."""
        await self._pool.execute(
            "UPDATE feeds SET last_polled_at = $1, next_poll_at = $2, failures = $3, "
            "last_error = $4, enabled = $5, etag = coalesce($6, etag), "
            "last_modified = coalesce($7, last_modified), title = coalesce($8, title) "
            "WHERE id = $9",
            polled_at,
            next_poll_at,
            failures,
            error,
            enabled,
            etag,
            last_modified,
            title,
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
        """How many entries of the feed were posted after `since` (for the hourly cap)."""
        return await self._pool.fetchval(
            "SELECT count(DISTINCT article_id) FROM feed_entries "
            "WHERE feed_id = $1 AND posted_at >= $2",
            feed_id,
            since,
        )

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
