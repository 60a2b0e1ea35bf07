"""Item 9: migrating from every earlier schema version keeps the data; a failing migration
rolls back and leaves `user_version` as it was; a backup taken while writes go on is sound and
restores the same rows."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3

import aiosqlite
import pytest

from bot.models import GuildSettings
from bot.service import NewsService
from bot.store import SQLiteStore
from bot.store.migrations import Migration, load_migrations
from bot.store.sqlite import migrate
from tests.reliability.reliability_checks import integrity
from tests.samples import GERMAN_ARTICLE, SCRAPED_ARTICLE

MIGRATIONS = load_migrations()
LATEST = MIGRATIONS[-1].number

# Rows a database may hold, per table, written with the columns that table had from its first
# migration on (each inserted only when the table exists at the version being built).
ROWS: dict[str, list[dict]] = {
    "articles": [
        {
            "id": 1, "guild_id": 100, "title": "Harbour bridge reopens", "text":
            "The Harbour Bridge reopened on Monday. “We rebuilt it to last,” said Dana Whitfield.",
            "source_url": "https://news.example/bridge", "language": "en", "added_by": 5,
            "added_at": "2024-05-01T10:00:00.000Z", "content_hash": "h1", "sentence_count": 2,
            "word_count": 14, "quotes_version": "1",
        },
        {
            "id": 2, "guild_id": 100, "title": "Stadtrat beschließt Haushalt", "text":
            "Der Stadtrat hat den Haushalt beschlossen. Die Ausgaben steigen.", "language": "de",
            "added_at": "2024-05-02T10:00:00.000Z", "content_hash": "h2", "sentence_count": 2,
            "word_count": 9,
        },
        {
            "id": 3, "guild_id": 200, "title": "Library opens a wing", "text":
            "The library opened a wing. Visitors came.", "language": "en",
            "added_at": "2024-05-03T10:00:00.000Z", "content_hash": "h3", "sentence_count": 2,
            "word_count": 7,
        },
    ],
    "summaries": [
        {
            "article_id": 1, "method": "lead", "length": "1", "engine_version": "1",
            "sentences": '["The Harbour Bridge reopened on Monday."]', "total_sentences": 2,
            "keywords": '["bridge"]', "created_at": "2024-05-01T10:00:01.000Z",
        },
    ],
    "quotations": [
        {
            "id": 1, "article_id": 1, "guild_id": 100, "quote": "We rebuilt it to last",
            "speaker": "Dana Whitfield", "cue": "said", "start_offset": 41, "end_offset": 62,
            "confidence": 0.9,
        },
    ],
    "guild_settings": [
        {"guild_id": 100, "summary_sentences": 4, "summary_method": "lexrank"},
    ],
    "feeds": [
        {
            "id": 1, "guild_id": 100, "channel_id": 10, "url": "https://news.example/feed.xml",
            "title": "Example news", "interval_minutes": 30, "etag": '"abc"',
            "next_poll_at": 1_700_000_000.0, "failures": 1, "last_error": "timeout",
            "enabled": 1, "created_at": "2024-05-01T10:00:00.000Z",
        },
    ],
    "feed_entries": [
        {
            "feed_id": 1, "entry_key": "https://news.example/bridge", "article_id": 1,
            "claimed_at": 1_700_000_000.0, "posted_at": 1_700_000_001.0,
        },
    ],
    "story_articles": [
        {"article_id": 1, "guild_id": 100, "story_id": 1, "at": 1_700_000_000.0, "terms": "harbour bridge"},
    ],
    "story_terms": [
        {"guild_id": 100, "term": "bridge", "at": 1_700_000_000.0, "article_id": 1, "story_id": 1},
    ],
    "story_posts": [
        {"guild_id": 100, "story_id": 1, "channel_id": 10, "message_id": 99, "posted_at": 1_700_000_001.0,
         "also_reported": '[["Coast Radio", "https://c.example/"]]'},
    ],
    "story_settings": [{"guild_id": 100, "enabled": 0}],
    "digest_schedules": [
        {"guild_id": 100, "channel_id": 10, "time_of_day": "08:30", "every": "daily", "weekday": None,
         "timezone": "Europe/Paris", "since": 1_700_000_000.0},
    ],
    "digest_posts": [
        {"guild_id": 100, "period": "2024-05-02", "claimed_at": 1_700_000_002.0, "message_id": 98, "stories": 1},
    ],
    "follows": [
        {"id": 1, "guild_id": 100, "user_id": 5, "kind": "speaker", "value": "dana whitfield",
         "label": "Dana Whitfield", "match_key": "dana whitfield", "created_at": 1_700_000_000.0},
    ],
    "follow_members": [{"guild_id": 100, "user_id": 5, "paused_at": None, "told": 0}],
    "follow_notices": [
        {"guild_id": 100, "user_id": 5, "article_id": 1, "reason": "you follow speaker Dana Whitfield",
         "created_at": 1_700_000_000.0, "dm_at": None, "dm_kind": None},
    ],
    "bot_guilds": [{"guild_id": 100}],
    "bot_channels": [{"channel_id": 7, "guild_id": 100, "name": "news", "type": 0, "position": 0}],
    "web_sessions": [
        {
            "id_hash": "ab" * 32, "user_id": 5, "user_name": "ada", "access_token": "t",
            "guilds": '[{"id": "100", "name": "Harbour"}]', "csrf_token": "c",
            "checked_at": 1_700_000_000.0, "created_at": 1_700_000_000.0,
            "expires_at": 1_700_040_000.0,
        },
    ],
}  # fmt: skip


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f'PRAGMA table_xinfo("{table}")') if r[6] == 0]


def tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def rows_at(path, wanted: dict[str, list[str]]) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as conn:
        return {
            table: sorted(conn.execute(f"SELECT {', '.join(cols)} FROM {table}"))
            for table, cols in wanted.items()
        }


async def build_at_version(path, version: int) -> dict[str, list[str]]:
    """A database migrated to `version` only, holding every row its tables can take; returns
    the columns each table had then."""
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await migrate(conn, [m for m in MIGRATIONS if m.number <= version])
    with sqlite3.connect(path) as conn:
        present = tables(conn)
        had = {t: columns(conn, t) for t in ROWS if t in present}
        for table, cols in had.items():
            for row in ROWS[table]:
                row = {k: v for k, v in row.items() if k in cols}
                marks = ", ".join("?" * len(row))
                conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})", tuple(row.values()))  # fmt: skip
        assert conn.execute("PRAGMA user_version").fetchone()[0] == version
    return had


@pytest.mark.parametrize("version", [0, *(m.number for m in MIGRATIONS)])  # numbers may skip
async def test_migrating_from_every_earlier_version_keeps_the_data(tmp_path, version):
    path = tmp_path / f"v{version}.sqlite3"
    had = await build_at_version(path, version)
    before = rows_at(path, had)
    store = await SQLiteStore.open(path)
    try:
        assert await store.schema_version() == LATEST
        assert rows_at(path, had) == before  # every row, every column it had, unchanged
        assert await store.integrity_check() == ["ok"]
        if "articles" in had:  # and the data works through the store, search included
            article = await store.get_article(100, 1)
            assert article is not None and article.title == "Harbour bridge reopens"
            assert await store.get_article(200, 1) is None
            assert [h.id for h in await store.search_articles(100, "bridge")] == [1]
            assert [h.id for h in await store.autocomplete_articles(100, "Stadt")] == [2]
            hits = await store.find_quotations(100, search="rebuilt")
            assert [h.quote.speaker for h in hits] == ["Dana Whitfield"]
            assert await store.speakers(100) == ["Dana Whitfield"]
            assert (await store.get_settings(100)).summary_method == "lexrank"
        if "feeds" in had:
            assert [f.url for f in await store.list_feeds(100)] == ["https://news.example/feed.xml"]
        added = await NewsService(store).add_article(100, None, SCRAPED_ARTICLE)
        assert added.created and await store.count_articles(100) == 1 + len(
            [r for r in ROWS["articles"] if r["guild_id"] == 100 and "articles" in had]
        )
    finally:
        await store.close()


BROKEN = Migration(
    LATEST + 1,
    "broken",
    "CREATE TABLE extra (x INTEGER);\n"
    "ALTER TABLE articles ADD COLUMN flag INTEGER;\n"
    "INSERT INTO extra VALUES (1);\n"
    "INSERT INTO no_such_table VALUES (1);\n",
)


@pytest.mark.parametrize("start", [1, LATEST])
async def test_a_failing_migration_rolls_back_and_keeps_the_version(tmp_path, start):
    path = tmp_path / "db.sqlite3"
    had = await build_at_version(path, start)
    before = rows_at(path, had)
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        await SQLiteStore.open(path, [*MIGRATIONS, BROKEN])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST  # the good ones stay
        assert "extra" not in tables(conn)
        assert "flag" not in columns(conn, "articles")
    assert rows_at(path, had) == before
    assert integrity(path) == ["ok"]
    store = await SQLiteStore.open(path)  # and the bot starts on it as before
    await store.close()


async def test_a_backup_taken_while_writing_is_sound_and_restores_the_same_rows(tmp_path):
    source = tmp_path / "live.sqlite3"
    store = await SQLiteStore.open(source)
    service = NewsService(store)
    acknowledged: list[int] = []
    stop = asyncio.Event()

    async def keep_writing() -> None:
        n = 0
        while not stop.is_set():
            text = SCRAPED_ARTICLE if n % 2 else GERMAN_ARTICLE
            outcome = await service.add_article(1, f"Story {n}", text + f"\n\nPart {words(n)}.")
            acknowledged.append(outcome.article.id)
            await store.save_settings(GuildSettings(1, summary_sentences=1 + n % 10))
            n += 1
            await asyncio.sleep(0)

    writer = asyncio.create_task(keep_writing())
    try:
        while len(acknowledged) < 20:
            await asyncio.sleep(0.01)
        for _ in range(50):  # until a backup overlaps a write (most do; timing decides)
            before_backup = list(acknowledged)
            await store.backup(tmp_path / "backup-1.sqlite3")
            if len(acknowledged) > len(before_backup):
                break
            (tmp_path / "backup-1.sqlite3").unlink()
        assert len(acknowledged) > len(before_backup), "no backup overlapped a write"
        other = await SQLiteStore.open(source)  # what `newsbot db backup` does, from outside
        try:
            await other.backup(tmp_path / "backup-2.sqlite3")
        finally:
            await other.close()
        while len(acknowledged) < len(before_backup) + 10:  # the writes went on meanwhile
            await asyncio.sleep(0.01)
    finally:
        stop.set()
        await writer
    try:
        for name in ("backup-1.sqlite3", "backup-2.sqlite3"):
            backup = tmp_path / name
            assert integrity(backup) == ["ok"]
            restored = tmp_path / f"restored-{name}"
            shutil.copy(backup, restored)  # the README's restore: copy it over the database
            copy = await SQLiteStore.open(restored)
            try:
                ids = [h.id for h in await copy.list_articles(1, 10_000)]
                assert set(before_backup) <= set(ids)  # everything acknowledged before it
                assert sorted(ids) == acknowledged[: len(ids)]  # a consistent prefix
                for article_id in ids:
                    assert await copy.get_article(1, article_id) == await store.get_article(
                        1, article_id
                    )
                assert await copy.integrity_check() == ["ok"]
                assert await copy.search_articles(1, "bridge")
                # Quotations stored after the snapshot are re-extracted by the bot on start.
                await NewsService(copy).refresh_quotations(batch=10_000)
                for article_id in ids:
                    mine = await copy.find_quotations(1, article_id=article_id)
                    theirs = await store.find_quotations(1, article_id=article_id)
                    assert [h.quote for h in mine] == [h.quote for h in theirs]
            finally:
                await copy.close()
    finally:
        await store.close()


def words(n: int) -> str:
    """A number in words, so each article differs in its words (identity ignores digits)."""
    names = "zero one two three four five six seven eight nine".split()
    return " ".join(names[int(d)] for d in str(n))
