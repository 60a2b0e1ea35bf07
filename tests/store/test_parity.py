"""The two backends hold the same indexes and give the same answers to the same questions.

Needs both SQLite and PostgreSQL (`NEWSBOT_TEST_POSTGRES`, see conftest.py)."""

from __future__ import annotations

import asyncio
import sqlite3

import asyncpg

from bot.models import Article, GuildSettings, Quote
from bot.store import sqlite_path

GUILD, OTHER = 111, 222
# How each dialect spells the same key: PostgreSQL folds speaker names into a lower-cased
# key (SQLite declares the column NOCASE instead).
SAME_COLUMN = {"lower(speaker)": "speaker", "speaker_key": "speaker"}
ROWID_TABLES = {"articles", "quotations", "feeds"}  # INTEGER PRIMARY KEY: SQLite's rowid
# Full-text search is each dialect's own machinery: FTS5 tables in SQLite, GIN indexes on
# tsvector columns in PostgreSQL. Each side must cover the same three things.
FULL_TEXT = {"articles text": ("articles_fts", "articles_fts"),
             "article titles": ("article_titles_fts", "articles_title_tsv"),
             "quotations": ("quotations_fts", "quotations_fts")}  # fmt: skip


def key(table: str, columns: list[str]) -> tuple[str, tuple[str, ...]]:
    """An index's table and key columns, spelled the same for both dialects; SQLite ends every
    index of a rowid table with the rowid, PostgreSQL only where it says so."""
    columns = [SAME_COLUMN.get(c.strip('"'), c.strip('"')) for c in columns]  # "position"
    if table in ROWID_TABLES and columns[-1] != "id":
        columns.append("id")
    return table, tuple(columns)


def sqlite_indexes(database: str) -> tuple[dict, set[str]]:
    with sqlite3.connect(sqlite_path(database)) as conn:
        named = conn.execute(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' "
            "AND name NOT LIKE 'sqlite_autoindex_%'"
        ).fetchall()
        indexes = {
            name: key(table, [r[2] for r in conn.execute(f"PRAGMA index_xinfo({name})") if r[5]])
            for name, table in named
        }
        fts = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE "
                                          "'CREATE VIRTUAL TABLE%USING fts5%'")}  # fmt: skip
    return indexes, fts


async def postgres_indexes(database: str) -> tuple[dict, set[str]]:
    conn = await asyncpg.connect(database)
    try:
        rows = await conn.fetch(
            "SELECT i.relname AS name, t.relname AS tbl, am.amname AS method, array("
            "SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts)"
            " k) AS columns FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid JOIN pg_am am ON am.oid = i.relam "
            "WHERE t.relnamespace = current_schema()::regnamespace AND t.relname <> "
            "'schema_version' AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = x.indexrelid)"
        )
    finally:
        await conn.close()
    indexes = {r["name"]: key(r["tbl"], list(r["columns"])) for r in rows if r["method"] != "gin"}
    return indexes, {r["name"] for r in rows if r["method"] == "gin"}


async def test_both_backends_have_the_same_indexes(sqlite_store, postgres_store):
    lite, lite_fts = sqlite_indexes(sqlite_store.path)
    pg, pg_fts = await postgres_indexes(postgres_store.url)
    assert lite == pg
    assert {s for s, _ in FULL_TEXT.values()} <= lite_fts
    assert {p for _, p in FULL_TEXT.values()} == pg_fts


def articles() -> list[Article]:
    texts = {
        "Harbour bridge reopens": "The harbour bridge reopened on Monday. Traffic returned.",
        "Ferry strike ends": "The ferry strike ended. Ferry services resume on the harbour.",
        "Budget approved": "The council approved the budget. The harbour gets new cranes.",
        "Harbour harbour harbour": "Harbour news: the harbour, the harbour and the harbour.",
        "Library opens": "The new library opened. Readers queued for hours.",
    }
    made = []
    for i, (title, text) in enumerate(texts.items()):
        url = f"https://news.example/{i}"
        made.append(Article(None, GUILD, title, text, source_url=url,
                            canonical_url=f"{url}?c" if i % 2 else None,
                            content_hash=f"h{i}", sentence_count=2))  # fmt: skip
    return made


async def fill(store) -> list[int]:
    ids = [(await store.add_article(a))[0].id for a in articles()]
    await store.add_article(Article(None, OTHER, "Harbour elsewhere", "Harbour. Elsewhere.",
                                    content_hash="other", sentence_count=2))  # fmt: skip
    quotes = [Quote("We rebuilt it to last", "Dana Whitfield", "said", 0, 10),
              Quote("It was worth it", "dana whitfield", "said", 20, 30),
              Quote("Cranes are coming", "Omar Reyes", "told", 40, 50)]  # fmt: skip
    await store.replace_quotations(GUILD, ids[0], quotes[:2], "q1")
    await store.replace_quotations(GUILD, ids[2], quotes[2:], "q1")
    await store.update_settings(GUILD, {"summary_method": "lead"})
    return ids


async def answers(store) -> dict:
    ids = await fill(store)
    first = min(ids)

    def rel(found):  # ids relative to the first article, so both databases compare
        return found - first if isinstance(found, int) else found

    async def headers(coro):
        return [(rel(h.id), h.title) for h in await coro]

    out = {
        "list": await headers(store.list_articles(GUILD, 3, 1)),
        "count": await store.count_articles(GUILD),
        "autocomplete": await headers(store.autocomplete_articles(GUILD, "harb")),
        "autocomplete id": await headers(store.autocomplete_articles(GUILD, f"#{ids[4]}")),
        "by source": rel((await store.find_by_url(GUILD, "https://news.example/1")).id),
        "by canonical": rel((await store.find_by_url(GUILD, "https://news.example/3?c")).id),
        "by url, other guild": await store.find_by_url(OTHER, "https://news.example/1"),
        "needing quotes": [(g, rel(a)) for g, a in await store.articles_needing_quotes("q1")],
        "needing quotes after": [
            (g, rel(a)) for g, a in await store.articles_needing_quotes("q1", 1, ids[1])
        ],
        "speakers": await store.speakers(GUILD, "dana"),
        "speaker quotes": [
            (h.quote.quote, rel(h.article_id))
            for h in await store.find_quotations(GUILD, speakers=["DANA WHITFIELD"])
        ],
        "settings": await store.update_settings(GUILD, {"summary_sentences": 4}),
    }
    for query in ("harbour", "ferry harbour", "cranes", "zeppelin", '"', "HARBOUR bridge"):
        out[f"search {query}"] = await headers(store.search_articles(GUILD, query))
    return out


async def test_both_backends_answer_the_same_queries_the_same_way(sqlite_store, postgres_store):
    lite, pg = await asyncio.gather(answers(sqlite_store), answers(postgres_store))
    assert lite == pg
    assert lite["settings"] == GuildSettings(GUILD, 4, "lead", None)  # field by field
    assert lite["search harbour"][0][1] == "Harbour harbour harbour"
