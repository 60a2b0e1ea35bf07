"""The SQLite store: every SQL statement newsbot runs against SQLite lives in this module.

Two connections: one writer, serialised by a lock so that transactions never interleave, and
one reader, which in WAL mode sees only committed data and never waits for the writer.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import astuple
from pathlib import Path
from typing import Any

import aiosqlite

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
from bot.store.migrations import MIGRATIONS_DIR, Migration, load_migrations
from bot.store.sqlite_follows import SqliteFollows
from bot.store.sqlite_readers import READ_CONNECTIONS, Readers
from bot.store.sqlite_stories import SqliteStories

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_QUOTATIONS_INSERT = (
    f"INSERT INTO quotations ({QUOTE_INSERT_COLUMNS}) "
    f"VALUES ({','.join('?' * len(QUOTE_INSERT_COLUMNS.split(',')))})"
)
_SUMMARY_UPSERT = (
    "INSERT OR REPLACE INTO summaries (article_id, method, length, engine_version, sentences, "
    "total_sentences, keywords) SELECT id, ?, ?, ?, ?, ?, ? FROM articles "
    "WHERE guild_id = ? AND id = ?"
)


@contextmanager
def _disk_full_refused() -> Iterator[None]:
    """A write the disk refused becomes a StoreError with a message for the user. A full disk
    gives SQLITE_FULL, or an I/O error when the write starts beyond a file-size limit; SQLite
    has rolled the statement back either way, so nothing is half-written."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF  # the primary code of an extended one
        if code in (sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR):
            raise StoreError(DISK_FULL) from exc
        raise


def fts_query(text: str, column: str | None = None, prefix_last: bool = False) -> str | None:
    """Turn what a user typed into a safe FTS5 expression (every word must match).

    Operators, quotes and stars in user input are never passed through: each word is quoted,
    so `"`, `AND OR` or `*` search for nothing special. None when there is no word at all.
    """
    words = fts_words(text)
    if not words:
        return None
    terms = [f'"{w}"' for w in words]
    if prefix_last:
        terms[-1] += "*"
    body = " ".join(terms)
    return f"{column}: ({body})" if column else body


class SQLiteStore(SqliteStories, SqliteFollows):
    """Articles, summaries, quotations and settings, every call scoped by guild."""

    def __init__(self, path: str, write: aiosqlite.Connection, read: Readers):
        self.path = path
        self._write = write
        self._read = read
        self._write_lock = asyncio.Lock()

    # --- lifecycle -------------------------------------------------------------------------

    @classmethod
    async def open(
        cls, path: str | Path, migrations: Sequence[Migration] | None = None
    ) -> SQLiteStore:
        """Open (creating if needed) the database at `path` and bring its schema up to date."""
        path = str(path)
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        write = await aiosqlite.connect(path, isolation_level=None)
        try:
            await _configure(write)
            await migrate(write, load_migrations() if migrations is None else migrations)
            read = Readers([await _reader(path) for _ in range(READ_CONNECTIONS)])
        except BaseException:
            await write.close()
            raise
        return cls(path, write, read)

    async def close(self) -> None:
        await self._read.close()
        await self._write.close()

    async def schema_version(self) -> int:
        return await _user_version(self._read)

    async def integrity_check(self) -> list[str]:
        """SQLite's own verdict: ['ok'] when the file is sound."""
        async with self._read.execute("PRAGMA integrity_check") as cur:
            return [row[0] for row in await cur.fetchall()]

    async def backup(self, target: str | Path) -> None:
        """An online backup (SQLite's backup API): consistent and safe while the bot writes."""
        await asyncio.to_thread(_backup_file, self.path, str(target))

    # --- articles --------------------------------------------------------------------------

    async def add_article(
        self, article: Article, parts: ArticleParts | None = None
    ) -> tuple[Article, bool]:
        """Store `article` with its `parts` in one transaction; when the guild already has the
        same text (or canonical URL), return the existing one and False instead. A full disk
        raises a StoreError and leaves the database as it was."""
        async with self._write_lock:
            with _disk_full_refused():
                await self._write.execute("BEGIN IMMEDIATE")
                try:
                    # Inside the write transaction no other process can add the same article
                    # between this check and the insert.
                    existing = await self._find_duplicate(article)
                    if existing is not None:
                        await self._write.execute("ROLLBACK")
                        return existing, False
                    cur = await self._write.execute(
                        f"INSERT INTO articles ({ARTICLE_INSERT_COLUMNS}) "
                        f"VALUES ({','.join('?' * ARTICLE_INSERT_COUNT)}) RETURNING id, added_at",
                        article_values(article),
                    )
                    article_id, added_at = await cur.fetchone()
                    await cur.close()
                    if parts is not None:
                        await self._write_parts(article.guild_id, article_id, parts)
                    await self._write.execute("COMMIT")
                except BaseException:
                    # SQLite may have rolled back already (an I/O error ends the transaction)
                    if self._write.in_transaction:
                        await self._write.execute("ROLLBACK")
                    raise
        return with_id(article, article_id, added_at), True

    async def _write_parts(self, guild_id: int, article_id: int, parts: ArticleParts) -> None:
        """A new article's quotations and summaries, inside the caller's transaction."""
        if parts.quotes_version is not None:
            await self._write.execute(
                "UPDATE articles SET quotes_version = ? WHERE id = ?",
                (parts.quotes_version, article_id),
            )
        await self._write.executemany(
            _QUOTATIONS_INSERT, quote_values(guild_id, article_id, parts.quotes)
        )
        for length, version, summary in parts.summaries:
            await self._write.execute(
                _SUMMARY_UPSERT,
                (summary.method, length, version, *summary_values(summary), guild_id, article_id),
            )

    async def _find_duplicate(self, article: Article) -> Article | None:
        async with self._write.execute(
            f"SELECT {ARTICLE_COLUMNS} FROM articles WHERE guild_id = ? AND "
            "(content_hash = ? OR (canonical_url IS NOT NULL AND canonical_url = ?)) LIMIT 1",
            (article.guild_id, article.content_hash, article.canonical_url),
        ) as cur:
            row = await cur.fetchone()
        return article_row(row) if row else None

    async def get_article(self, guild_id: int, article_id: int) -> Article | None:
        """The guild's article with that id; None for a missing id or another guild's."""
        async with self._read.execute(GET_ARTICLE, (guild_id, article_id)) as cur:
            row = await cur.fetchone()
        return article_row(row) if row else None

    async def newest_article(self, guild_id: int) -> Article | None:
        async with self._read.execute(NEWEST_ARTICLE, (guild_id,)) as cur:
            row = await cur.fetchone()
        return article_row(row) if row else None

    async def find_by_url(self, guild_id: int, url: str) -> Article | None:
        """The guild's article fetched from `url` (canonical first, then source), if any."""
        async with self._read.execute(FIND_BY_URL, (guild_id, guild_id, url, guild_id, url)) as cur:
            row = await cur.fetchone()
        return article_row(row) if row else None

    async def count_articles(self, guild_id: int) -> int:
        async with self._read.execute(COUNT_ARTICLES, (guild_id,)) as cur:
            (count,) = await cur.fetchone()
        return count

    async def list_articles(
        self, guild_id: int, limit: int = 10, offset: int = 0
    ) -> list[ArticleHeader]:
        """The guild's articles, newest first."""
        async with self._read.execute(LIST_ARTICLES, (guild_id, limit, offset)) as cur:
            return [header_row(r) for r in await cur.fetchall()]

    async def search_articles(
        self, guild_id: int, query: str, limit: int = 10
    ) -> list[ArticleHeader]:
        """Full-text search over the guild's titles and texts, best match first.

        The best among the newest `SEARCH_CANDIDATES` matches (both backends): ranking every
        match of common words in a server of 100,000 articles took 0.4-0.5 s, and held the
        one read connection (every reply's lookups) for as long; the newest 2,000 take about
        30 ms. Ties go to the newer article."""
        match = fts_query(query)
        if match is None:
            return []
        async with self._read.execute(
            f"SELECT {prefixed(HEADER_COLUMNS, 'a')} FROM (SELECT rowid, rank FROM articles_fts "
            "WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?) m "
            "JOIN articles a ON a.id = m.rowid WHERE a.guild_id = ? ORDER BY m.rank, a.id DESC LIMIT ?",
            (f"guild_key: g{guild_id} AND {match}", SEARCH_CANDIDATES, guild_id, limit),
        ) as cur:
            return [header_row(r) for r in await cur.fetchall()]

    async def autocomplete_articles(
        self, guild_id: int, typed: str, limit: int = 25
    ) -> list[ArticleHeader]:
        """Articles for an autocomplete menu: newest first, filtered by title as the user types.

        A typed number also offers the article with that id. Titles have their own index
        (migration 0005), with prefixes from one letter: the articles index would walk every
        word of every text for each keystroke.
        """
        typed = typed.strip()
        match = fts_query(typed, column="title", prefix_last=True)
        if match is None:
            return await self.list_articles(guild_id, limit)
        article_id = parse_id(typed)
        by_id = await self.get_header(guild_id, article_id) if article_id is not None else None
        async with self._read.execute(
            f"SELECT {prefixed(HEADER_COLUMNS, 'a')} "
            "FROM article_titles_fts t JOIN articles a ON a.id = t.rowid "
            "WHERE article_titles_fts MATCH ? AND a.guild_id = ? ORDER BY t.rowid DESC LIMIT ?",
            (f"guild_key: g{guild_id} AND {match}", guild_id, limit),
        ) as cur:
            matches = [header_row(r) for r in await cur.fetchall()]
        return autocomplete_choices(by_id, matches, limit)

    async def get_header(self, guild_id: int, article_id: int) -> ArticleHeader | None:
        async with self._read.execute(GET_HEADER, (guild_id, article_id)) as cur:
            row = await cur.fetchone()
        return header_row(row) if row else None

    async def remove_article(self, guild_id: int, article_id: int) -> bool:
        """Delete the guild's article with its summaries and quotations; False if none."""
        async with self._write_lock:
            cur = await self._write.execute(
                "DELETE FROM articles WHERE guild_id = ? AND id = ?", (guild_id, article_id)
            )
            removed = cur.rowcount > 0
            await cur.close()
        return removed

    # --- summaries -------------------------------------------------------------------------

    async def get_summary(
        self, guild_id: int, article_id: int, method: str, length: str, version: str
    ) -> Summary | None:
        async with self._read.execute(
            GET_SUMMARY, (guild_id, article_id, method, length, version)
        ) as cur:
            row = await cur.fetchone()
        if row is None:
            return None
        return summary_row(method, row)

    async def put_summary(
        self, guild_id: int, article_id: int, length: str, version: str, summary: Summary
    ) -> None:
        """Cache a summary; ignored if the article is gone or belongs to another guild."""
        async with self._write_lock:
            with _disk_full_refused():
                await self._write.execute(
                    _SUMMARY_UPSERT,
                    (
                        summary.method,
                        length,
                        version,
                        *summary_values(summary),
                        guild_id,
                        article_id,
                    ),
                )

    # --- quotations ------------------------------------------------------------------------

    async def replace_quotations(
        self, guild_id: int, article_id: int, quotes: Iterable[Quote], version: str
    ) -> None:
        """Store the article's quotations as extracted by engine `version` (one transaction)."""
        rows = quote_values(guild_id, article_id, quotes)
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                cur = await self._write.execute(
                    "UPDATE articles SET quotes_version = ? WHERE guild_id = ? AND id = ?",
                    (version, guild_id, article_id),
                )
                owned = cur.rowcount > 0
                await cur.close()
                if owned:
                    await self._write.execute(
                        "DELETE FROM quotations WHERE article_id = ?", (article_id,)
                    )
                    await self._write.executemany(_QUOTATIONS_INSERT, rows)
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise

    async def articles_needing_quotes(
        self, version: str, limit: int = 100, after_id: int = 0
    ) -> list[tuple[int, int]]:
        """(guild_id, article_id) of articles after `after_id` whose quotations predate engine
        `version`, in id order (walking the primary key: paged, never the whole table)."""
        async with self._read.execute(ARTICLES_NEEDING_QUOTES, (after_id, version, limit)) as cur:
            return [(g, a) for g, a in await cur.fetchall()]

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
        where = ["q.guild_id = ?"]
        params: list[Any] = [guild_id]
        source = "quotations q"
        if search is not None:
            match = fts_query(search, column="quote")
            if match is None:
                return []
            source = "quotations_fts f JOIN quotations q ON q.id = f.rowid"
            where.append("quotations_fts MATCH ?")
            params.append(f"guild_key: g{guild_id} AND {match}")
        if article_id is not None:
            where.append("q.article_id = ?")
            params.append(article_id)
        if speakers is not None:
            where.append(f"q.speaker IN ({', '.join('?' * len(speakers))})")
            params.extend(speakers)
        params.append(limit)
        async with self._read.execute(
            f"SELECT {QUOTE_COLUMNS} FROM {source} JOIN articles a ON a.id = q.article_id "
            f"WHERE {' AND '.join(where)} ORDER BY q.article_id DESC, q.start_offset LIMIT ?",
            params,
        ) as cur:
            return [hit_row(r) for r in await cur.fetchall()]

    async def random_quotation(self, guild_id: int, seed: float) -> QuoteHit | None:
        """A quotation picked by `seed` in [0, 1), preferring those with a known speaker.

        Picks by id range through an index instead of ORDER BY random(), which would read
        every quotation of the guild.
        """
        async with self._read.execute(  # two subqueries: each is one index probe
            "SELECT (SELECT min(id) FROM quotations WHERE guild_id = ?), "
            "(SELECT max(id) FROM quotations WHERE guild_id = ?)",
            (guild_id, guild_id),
        ) as cur:
            low, high = await cur.fetchone()
        if low is None:
            return None
        pivot = low + int((high - low) * seed)
        for speaker_filter in ("AND q.speaker IS NOT NULL", ""):
            for op, order in ((">=", "ASC"), ("<", "DESC")):
                async with self._read.execute(
                    f"SELECT {QUOTE_COLUMNS} FROM quotations q JOIN articles a "
                    f"ON a.id = q.article_id WHERE q.guild_id = ? AND q.id {op} ? "
                    f"{speaker_filter} ORDER BY q.id {order} LIMIT 1",
                    (guild_id, pivot),
                ) as cur:
                    row = await cur.fetchone()
                if row:
                    return hit_row(row)
        return None

    async def speakers(self, guild_id: int, typed: str = "", limit: int = 25) -> list[str]:
        """Speakers quoted in the guild's articles, most quoted first, matching what was typed."""
        async with self._read.execute(
            "SELECT speaker FROM speaker_counts WHERE guild_id = ? AND speaker LIKE ? "
            "ESCAPE '\\' ORDER BY quotes DESC, speaker LIMIT ?",
            (guild_id, like_contains(typed), limit),
        ) as cur:
            return [r[0] for r in await cur.fetchall()]

    # --- settings --------------------------------------------------------------------------

    async def get_settings(self, guild_id: int) -> GuildSettings:
        async with self._read.execute(GET_SETTINGS, (guild_id,)) as cur:
            row = await cur.fetchone()
        return GuildSettings(*row) if row else GuildSettings(guild_id)

    async def update_settings(self, guild_id: int, changes: Mapping[str, Any]) -> GuildSettings:
        """Write only the fields in `changes`; returns the guild's settings as saved."""
        async with (
            self._write_lock,
            self._write.execute(
                update_settings_sql(list(changes)), (guild_id, *changes.values())
            ) as cur,
        ):
            row = await cur.fetchone()
        return GuildSettings(*row)

    async def save_settings(self, settings: GuildSettings) -> None:
        async with self._write_lock:
            await self._write.execute(
                "INSERT INTO guild_settings (guild_id, summary_sentences, summary_method, "
                "autosummary_channel_id) VALUES (?,?,?,?) ON CONFLICT (guild_id) DO UPDATE SET "
                "summary_sentences = excluded.summary_sentences, "
                "summary_method = excluded.summary_method, "
                "autosummary_channel_id = excluded.autosummary_channel_id",
                (
                    settings.guild_id,
                    settings.summary_sentences,
                    settings.summary_method,
                    settings.autosummary_channel_id,
                ),
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
        async with self._write_lock:
            cur = await self._write.execute(
                "INSERT INTO feeds (guild_id, channel_id, url, interval_minutes, added_by, title, "
                "target, next_poll_at) VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (guild_id, url) DO NOTHING",
                (
                    guild_id,
                    channel_id,
                    url,
                    interval_minutes,
                    added_by,
                    title,
                    target,
                    next_poll_at,
                ),
            )
            created = cur.rowcount > 0
            await cur.close()
            async with self._write.execute(
                f"SELECT {FEED_COLUMNS} FROM feeds WHERE guild_id = ? AND url = ?", (guild_id, url)
            ) as cur:
                row = await cur.fetchone()
        return feed_row(row), created

    async def get_feed(self, guild_id: int, feed_id: int) -> Feed | None:
        async with self._read.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE guild_id = ? AND id = ?", (guild_id, feed_id)
        ) as cur:
            row = await cur.fetchone()
        return feed_row(row) if row else None

    async def list_feeds(self, guild_id: int) -> list[Feed]:
        async with self._read.execute(
            f"SELECT {FEED_COLUMNS} FROM feeds WHERE guild_id = ? ORDER BY id", (guild_id,)
        ) as cur:
            return [feed_row(r) for r in await cur.fetchall()]

    async def count_feeds(self, guild_id: int) -> int:
        async with self._read.execute(
            "SELECT count(*) FROM feeds WHERE guild_id = ?", (guild_id,)
        ) as cur:
            (count,) = await cur.fetchone()
        return count

    async def feed_polls_per_minute(self) -> float:
        async with self._read.execute(FEED_POLLS_PER_MINUTE) as cur:
            (rate,) = await cur.fetchone()
        return float(rate)

    async def remove_feed(self, guild_id: int, feed_id: int) -> bool:
        async with self._write_lock:
            cur = await self._write.execute(
                "DELETE FROM feeds WHERE guild_id = ? AND id = ?", (guild_id, feed_id)
            )
            removed = cur.rowcount > 0
            await cur.close()
        return removed

    async def claim_due_feeds(
        self, now: float, owner: str, lease_seconds: float, limit: int = 20
    ) -> list[Feed]:
        """Take a lease on due feeds that no other live owner holds, the most overdue first,
        so that several processes polling one database never poll the same feed at once.

        BEGIN IMMEDIATE takes the write lock before reading, so two processes cannot both
        see a feed as free (a deferred transaction could, and then fail to upgrade)."""
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                async with self._write.execute(
                    "UPDATE feeds SET lease_owner = ?, lease_until = ? WHERE id IN ("
                    "SELECT id FROM feeds WHERE enabled = 1 AND paused_reason IS NULL AND "
                    "next_poll_at <= ? AND "
                    "(lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?) "
                    f"ORDER BY next_poll_at, id LIMIT ?) RETURNING {FEED_COLUMNS}",
                    (owner, now + lease_seconds, now, owner, now, limit),
                ) as cur:
                    rows = await cur.fetchall()
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise
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
        async with self._write_lock:
            await self._write.execute(
                "UPDATE feeds SET last_polled_at = ?, next_poll_at = ?, failures = ?, "
                "last_error = ?, enabled = ?, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified), title = coalesce(?, title), "
                "icon_url = coalesce(?, icon_url) WHERE id = ?",
                (
                    polled_at,
                    next_poll_at,
                    failures,
                    error,
                    int(enabled),
                    etag,
                    last_modified,
                    title,
                    icon_url,
                    feed_id,
                ),
            )

    async def claim_entry(self, feed_id: int, keys: Sequence[str], now: float) -> bool:
        """Mark a feed entry as taken before it is posted; False if any of its keys (entry id,
        link) was seen before. Claiming first means a crash can skip an entry, never repeat it."""
        keys = unique_keys(keys)
        if not keys:
            return False
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                marks = ",".join("?" * len(keys))
                async with self._write.execute(
                    f"SELECT 1 FROM feed_entries WHERE feed_id = ? AND entry_key IN ({marks}) "
                    "LIMIT 1",
                    (feed_id, *keys),
                ) as cur:
                    seen = await cur.fetchone() is not None
                if not seen:
                    await self._write.executemany(
                        "INSERT INTO feed_entries (feed_id, entry_key, claimed_at) VALUES (?,?,?)",
                        [(feed_id, k, now) for k in keys],
                    )
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise
        return not seen

    async def mark_posted(
        self, feed_id: int, keys: Sequence[str], article_id: int | None, now: float
    ) -> None:
        async with self._write_lock:
            await self._write.executemany(
                "UPDATE feed_entries SET posted_at = ?, article_id = ? "
                "WHERE feed_id = ? AND entry_key = ?",
                [(now, article_id, feed_id, k) for k in keys if k],
            )

    async def posts_since(self, feed_id: int, since: float) -> int:
        """How many of the feed's articles were queued for posting after `since` (for the
        hourly cap); a delivery that finally failed does not count."""
        async with self._read.execute(
            "SELECT count(*) FROM feed_deliveries "
            "WHERE feed_id = ? AND created_at >= ? AND state <> 'failed' AND edit_of IS NULL",
            (feed_id, since),
        ) as cur:
            (count,) = await cur.fetchone()
        return count

    # --- the web panel: sessions, and the servers and channels the bot is in ---------------

    async def add_web_session(self, session: WebSession) -> None:
        async with self._write_lock:
            await self._write.execute(
                f"INSERT INTO web_sessions ({WEB_SESSION_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
                web_session_values(session),
            )

    async def get_web_session(self, id_hash: str, now: float) -> WebSession | None:
        """The session with that cookie hash, unless it has expired."""
        async with self._read.execute(
            f"SELECT {WEB_SESSION_COLUMNS} FROM web_sessions WHERE id_hash = ? AND expires_at > ?",
            (id_hash, now),
        ) as cur:
            row = await cur.fetchone()
        return web_session_row(row) if row else None

    async def update_web_session_guilds(
        self, id_hash: str, guilds: Sequence[dict], checked_at: float
    ) -> None:
        async with self._write_lock:
            await self._write.execute(
                "UPDATE web_sessions SET guilds = ?, checked_at = ? WHERE id_hash = ?",
                (json.dumps(list(guilds)), checked_at, id_hash),
            )

    async def remove_web_session(self, id_hash: str) -> None:
        async with self._write_lock:
            await self._write.execute("DELETE FROM web_sessions WHERE id_hash = ?", (id_hash,))

    async def remove_expired_web_sessions(self, now: float) -> int:
        async with self._write_lock:
            cur = await self._write.execute(
                "DELETE FROM web_sessions WHERE expires_at <= ?", (now,)
            )
            removed = cur.rowcount
            await cur.close()
        return removed

    async def add_bot_guild(self, guild_id: int, channels: Sequence[GuildChannel]) -> None:
        """The bot is in `guild_id` with these channels (replacing what was known of them)."""
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                await self._write.execute(
                    "INSERT INTO bot_guilds (guild_id) VALUES (?) ON CONFLICT DO NOTHING",
                    (guild_id,),
                )
                await self._write.execute(
                    "DELETE FROM bot_channels WHERE guild_id = ?", (guild_id,)
                )
                await self._write.executemany(
                    f"INSERT INTO bot_channels ({CHANNEL_COLUMNS}) VALUES (?,?,?,?,?) "
                    "ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, "
                    "name = excluded.name, type = excluded.type, position = excluded.position",
                    [channel_values(c) for c in channels],
                )
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise

    async def remove_bot_guild(self, guild_id: int) -> None:
        async with self._write_lock:
            await self._write.execute("DELETE FROM bot_channels WHERE guild_id = ?", (guild_id,))
            await self._write.execute("DELETE FROM bot_guilds WHERE guild_id = ?", (guild_id,))

    async def bot_guild_ids(self) -> set[int]:
        async with self._read.execute("SELECT guild_id FROM bot_guilds") as cur:
            return {row[0] for row in await cur.fetchall()}

    async def bot_in_guilds(self, guild_ids: Iterable[int]) -> set[int]:
        """Those of `guild_ids` the bot is in."""
        wanted = list(dict.fromkeys(guild_ids))
        found: set[int] = set()
        for start in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
            chunk = wanted[start : start + 500]
            async with self._read.execute(
                f"SELECT guild_id FROM bot_guilds WHERE guild_id IN ({','.join('?' * len(chunk))})",
                chunk,
            ) as cur:
                found.update(row[0] for row in await cur.fetchall())
        return found

    async def put_bot_channel(self, channel: GuildChannel) -> None:
        async with self._write_lock:
            await self._write.execute(
                f"INSERT INTO bot_channels ({CHANNEL_COLUMNS}) VALUES (?,?,?,?,?) "
                "ON CONFLICT (channel_id) DO UPDATE SET guild_id = excluded.guild_id, "
                "name = excluded.name, type = excluded.type, position = excluded.position",
                channel_values(channel),
            )

    async def remove_bot_channel(self, channel_id: int) -> None:
        async with self._write_lock:
            await self._write.execute(
                "DELETE FROM bot_channels WHERE channel_id = ?", (channel_id,)
            )

    async def bot_channels(self, guild_id: int) -> list[GuildChannel]:
        async with self._read.execute(
            f"SELECT {CHANNEL_COLUMNS} FROM bot_channels WHERE guild_id = ? "
            "ORDER BY position, channel_id",
            (guild_id,),
        ) as cur:
            return [GuildChannel(*row) for row in await cur.fetchall()]

    async def entry_state(self, feed_id: int, keys: Sequence[str]) -> str | None:
        """Without claiming: None if no key of the entry was seen, "posted" if it was posted,
        else "seen" (marked seen when the feed was added, filtered, or waiting for delivery)."""
        keys = unique_keys(keys)
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        async with self._read.execute(
            f"SELECT max(posted_at IS NOT NULL) FROM feed_entries "
            f"WHERE feed_id = ? AND entry_key IN ({marks})",
            (feed_id, *keys),
        ) as cur:
            (posted,) = await cur.fetchone()
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
        async with (
            self._write_lock,
            self._write.execute(
                "INSERT INTO feed_deliveries (feed_id, article_id, entry_keys, next_attempt_at, "
                "created_at, mention_role_id, categories, entry_title, entry_text, link, "
                "edit_of, channel_id, message_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id",
                (
                    feed_id,
                    article_id,
                    json.dumps(unique_keys(keys)),
                    now,
                    now,
                    mention_role_id,
                    json.dumps(list(categories), ensure_ascii=False) if categories else None,
                    *entry,
                    edit_of.id if edit_of else None,
                    edit_of.channel_id if edit_of else None,
                    edit_of.message_id if edit_of else None,
                ),
            ) as cur,
        ):
            (delivery_id,) = await cur.fetchone()
        return delivery_id

    async def posted_delivery(self, feed_id: int, keys: Sequence[str]) -> FeedDelivery | None:
        """The newest post (or edit) of the entry with these keys that has not failed, if any
        (pending ones included, so an edit already queued is not queued again)."""
        keys = unique_keys(keys)
        if not keys:
            return None
        marks = ",".join("?" * len(keys))
        async with self._read.execute(
            f"SELECT {DELIVERY_COLUMNS} FROM feed_deliveries d JOIN feeds f ON f.id = d.feed_id "
            "WHERE d.feed_id = ? AND d.state <> 'failed' AND d.article_id IN ("
            "SELECT article_id FROM feed_entries WHERE feed_id = ? AND posted_at IS NOT NULL "
            f"AND entry_key IN ({marks})) ORDER BY d.id DESC LIMIT 1",
            (feed_id, feed_id, *keys),
        ) as cur:
            row = await cur.fetchone()
        return delivery_row(row) if row else None

    async def claim_due_deliveries(
        self, now: float, owner: str, lease_seconds: float, limit: int = 20
    ) -> list[FeedDelivery]:
        """Take a lease on pending deliveries that are due and not held by another live owner,
        oldest first (as `claim_due_feeds` does for feeds)."""
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                async with self._write.execute(
                    "UPDATE feed_deliveries SET lease_owner = ?, lease_until = ? WHERE id IN ("
                    "SELECT id FROM feed_deliveries WHERE state = 'pending' AND "
                    "next_attempt_at <= ? AND feed_id NOT IN "
                    "(SELECT id FROM feeds WHERE paused_reason IS NOT NULL) AND "
                    "(lease_owner IS NULL OR lease_owner = ? OR lease_until <= ?) "
                    "ORDER BY next_attempt_at, id LIMIT ?) RETURNING id",
                    (owner, now + lease_seconds, now, owner, now, limit),
                ) as cur:
                    ids = [r[0] for r in await cur.fetchall()]
                rows = []
                if ids:
                    marks = ",".join("?" * len(ids))
                    async with self._write.execute(
                        f"SELECT {DELIVERY_COLUMNS} FROM feed_deliveries d "
                        f"JOIN feeds f ON f.id = d.feed_id WHERE d.id IN ({marks}) "
                        "ORDER BY d.next_attempt_at, d.id",
                        ids,
                    ) as cur:
                        rows = await cur.fetchall()
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise
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
        async with self._write_lock:
            await self._write.execute(
                "UPDATE feed_deliveries SET state = ?, attempts = ?, next_attempt_at = ?, "
                "last_error = ?, delivered_at = CASE WHEN ? = 'delivered' THEN ? END, "
                "channel_id = coalesce(?, channel_id), message_id = coalesce(?, message_id), "
                "lease_owner = NULL, lease_until = NULL WHERE id = ?",
                (
                    state,
                    attempts,
                    next_attempt_at,
                    error,
                    state,
                    now,
                    channel_id,
                    message_id,
                    delivery_id,
                ),
            )

    async def list_deliveries(
        self, guild_id: int, feed_id: int, limit: int = 25
    ) -> list[FeedDelivery]:
        """The feed's newest deliveries first; another guild's feed has none."""
        async with self._read.execute(
            f"SELECT {DELIVERY_COLUMNS} FROM feed_deliveries d JOIN feeds f ON f.id = d.feed_id "
            "WHERE f.guild_id = ? AND d.feed_id = ? ORDER BY d.created_at DESC, d.id DESC LIMIT ?",
            (guild_id, feed_id, limit),
        ) as cur:
            return [delivery_row(r) for r in await cur.fetchall()]

    async def set_feed_filters(
        self, guild_id: int, feed_id: int, filters: str | None, mode: str
    ) -> bool:
        """Replace the feed's filter rules (JSON) and how they combine; False if no such feed."""
        async with self._write_lock:
            cur = await self._write.execute(
                "UPDATE feeds SET filters = ?, filter_mode = ? WHERE guild_id = ? AND id = ?",
                (filters, mode, guild_id, feed_id),
            )
            changed = cur.rowcount > 0
            await cur.close()
        return changed

    async def update_feed(self, guild_id: int, feed_id: int, changes: dict[str, Any]) -> bool:
        """Change the settings named in `changes` (a None clears one), field by field, so two
        admins editing different settings never undo each other; False if no such feed."""
        changes = feed_changes(changes)
        assignments = ", ".join(f"{name} = ?" for name in changes)
        values = [int(v) if isinstance(v, bool) else v for v in changes.values()]
        async with self._write_lock:
            cur = await self._write.execute(
                f"UPDATE feeds SET {assignments} WHERE guild_id = ? AND id = ?",
                (*values, guild_id, feed_id),
            )
            changed = cur.rowcount > 0
            await cur.close()
        return changed

    async def add_feed_log(self, feed_id: int, entry: FeedLogEntry) -> None:
        """Record a decision, keeping the feed's newest `FEED_LOG_KEPT`."""
        async with self._write_lock:
            cur = await self._write.execute(
                f"INSERT INTO feed_log (feed_id, {FEED_LOG_COLUMNS}) VALUES (?,?,?,?,?,?,?,?) "
                "RETURNING id",
                (feed_id, *astuple(entry)),
            )
            (log_id,) = await cur.fetchone()
            await cur.close()
            if log_id % 50 == 0:  # now and then, not on every insert
                await self._write.execute(
                    "DELETE FROM feed_log WHERE feed_id = ? AND id <= ?",
                    (feed_id, log_id - FEED_LOG_KEPT),
                )

    async def feed_log(self, guild_id: int, feed_id: int, limit: int = 25) -> list[FeedLogEntry]:
        """The feed's newest decisions first; another guild's feed has none."""
        async with self._read.execute(
            f"SELECT {prefixed(FEED_LOG_COLUMNS, 'l')} FROM feed_log l "
            "JOIN feeds f ON f.id = l.feed_id WHERE f.guild_id = ? AND l.feed_id = ? "
            "ORDER BY l.id DESC LIMIT ?",
            (guild_id, feed_id, limit),
        ) as cur:
            return [feed_log_row(r) for r in await cur.fetchall()]

    # --- whole tables, for `db copy` ---------------------------------------------------------

    async def table_counts(self) -> dict[str, int]:
        counts = {}
        for table in TABLES:
            async with self._read.execute(f"SELECT count(*) FROM {table.name}") as cur:
                (counts[table.name],) = await cur.fetchone()
        return counts

    async def dump(self, batch_size: int = 1000) -> AsyncIterator[tuple[Table, Rows]]:
        """Every table in one read transaction, so a copy taken while the bot writes is
        consistent (WAL readers see one snapshot until they commit)."""
        snapshot = await _reader(self.path)  # its own: the shared readers stay out of it
        try:
            await snapshot.execute("BEGIN")
            for table in TABLES:
                async with snapshot.execute(
                    f"SELECT {table.column_list} FROM {table.name} ORDER BY {table.key}"
                ) as cur:
                    while rows := await cur.fetchmany(batch_size):
                        yield table, [tuple(r) for r in rows]
        finally:
            await snapshot.close()

    async def load(self, batches: AsyncIterable[tuple[Table, Rows]]) -> None:
        """Insert the batches, ids included, in one transaction: a failed copy leaves the
        database empty, so it can simply be run again. The FTS triggers index every row."""
        async with self._write_lock:
            await self._write.execute("BEGIN IMMEDIATE")
            try:
                async for table, rows in batches:
                    marks = ",".join("?" * len(table.columns))
                    await self._write.executemany(
                        f"INSERT INTO {table.name} ({table.column_list}) VALUES ({marks})", rows
                    )
                await self._write.execute("COMMIT")
            except BaseException:
                await self._write.execute("ROLLBACK")
                raise


# --- helpers ---------------------------------------------------------------------------------


async def _configure(conn: aiosqlite.Connection) -> None:
    """WAL for concurrent readers, foreign keys for cascades, a busy timeout for other processes."""
    await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await _use_wal(conn)
    await conn.execute("PRAGMA synchronous = NORMAL")
    await conn.execute("PRAGMA foreign_keys = ON")


async def _reader(path: str) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    try:
        await _configure(conn)
    except BaseException:
        await conn.close()
        raise
    return conn


async def _use_wal(conn: aiosqlite.Connection) -> None:
    """Switch the file to WAL (it stays so). When processes open a new database at once, SQLite
    answers "database is locked" at once instead of waiting: retry for the busy timeout."""
    for attempt in range(BUSY_TIMEOUT_MS // 50):
        try:
            await conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == BUSY_TIMEOUT_MS // 50 - 1:
                raise
            await asyncio.sleep(0.05)


async def _user_version(conn: aiosqlite.Connection | Readers) -> int:
    async with conn.execute("PRAGMA user_version") as cur:
        (version,) = await cur.fetchone()
    return version


async def migrate(conn: aiosqlite.Connection, migrations: Sequence[Migration]) -> int:
    """Apply each migration newer than the database, each in one transaction with its
    `PRAGMA user_version`, so a failing migration leaves the database as it was.

    The version is read again once the write lock is held: two processes starting on the same
    database (the bot and `newsbot add`) must not both apply a migration."""
    current = await _user_version(conn)
    for migration in migrations:
        if migration.number <= current:
            continue
        await conn.execute("BEGIN IMMEDIATE")
        try:
            current = await _user_version(conn)
            if migration.number <= current:
                await conn.execute("COMMIT")
                continue
            log.info("applying migration %04d %s", migration.number, migration.name)
            for statement in migration.statements():
                await conn.execute(statement)
            await conn.execute(f"PRAGMA user_version = {int(migration.number)}")
            await conn.execute("COMMIT")
        except BaseException:
            await conn.execute("ROLLBACK")
            raise
        current = migration.number
    return current


def _backup_file(source: str, target: str) -> None:
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


__all__ = ["MIGRATIONS_DIR", "SQLiteStore", "StoreError", "fts_query", "migrate"]
