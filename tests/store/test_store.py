"""The store on real databases, both backends (see conftest.py): migrations, dedup, guild
scoping, search, cache, backup."""

import asyncio
import inspect
import sqlite3

import asyncpg
import pytest

from bot.models import Article, GuildSettings, Quote, Summary
from bot.store import PostgresStore, SQLiteStore, Store, StoreError, fts_query, open_store
from bot.store.base import CopyableStore
from bot.store.migrations import POSTGRES_MIGRATIONS_DIR, Migration, load_migrations

GUILD_A, GUILD_B = 111, 222


def article(
    guild: int = GUILD_A, text: str = "The bridge reopened. The mayor spoke.", **kw
) -> Article:
    return Article(
        id=None,
        guild_id=guild,
        title=kw.pop("title", "Bridge reopens"),
        text=text,
        content_hash=kw.pop("content_hash", text),
        sentence_count=2,
        **kw,
    )


def test_both_dialects_have_the_same_migrations():
    sqlite = [(m.number, m.name) for m in load_migrations()]
    assert sqlite == [(m.number, m.name) for m in load_migrations(POSTGRES_MIGRATIONS_DIR)]


async def test_migrations_on_an_empty_database(database):
    s = await open_store(database)
    assert await s.schema_version() == load_migrations()[-1].number
    assert await s.integrity_check() == ["ok"]
    await s.close()


async def test_rerunning_migrations_changes_nothing(database):
    s = await open_store(database)
    stored, _ = await s.add_article(article())
    await s.close()
    s = await open_store(database)
    assert (await s.get_article(GUILD_A, stored.id)).text == stored.text
    assert await s.schema_version() == load_migrations()[-1].number
    await s.close()


async def test_failing_migration_rolls_back_and_keeps_user_version(tmp_path):
    path = tmp_path / "fail.db"
    good = load_migrations()
    s = await SQLiteStore.open(path, good)
    await s.close()
    bad = Migration(
        good[-1].number + 1, "broken", "CREATE TABLE half (x INTEGER);\nNOT SQL AT ALL;"
    )
    with pytest.raises(sqlite3.OperationalError):
        await SQLiteStore.open(path, [*good, bad])
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == good[-1].number
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    conn.close()


async def test_failing_postgres_migration_rolls_back_and_keeps_the_version(postgres_database):
    good = load_migrations(POSTGRES_MIGRATIONS_DIR)
    s = await PostgresStore.open(postgres_database, good)
    await s.close()
    bad = Migration(
        good[-1].number + 1, "broken", "CREATE TABLE half (x INTEGER);\nNOT SQL AT ALL;"
    )
    with pytest.raises(asyncpg.PostgresSyntaxError):
        await PostgresStore.open(postgres_database, [*good, bad])
    conn = await asyncpg.connect(postgres_database)
    assert await conn.fetchval("SELECT max(version) FROM schema_version") == good[-1].number
    assert await conn.fetchval("SELECT to_regclass('half')") is None
    await conn.close()


async def test_concurrent_starters_apply_each_postgres_migration_once(postgres_database):
    stores = await asyncio.gather(*(open_store(postgres_database) for _ in range(4)))
    assert {await s.schema_version() for s in stores} == {load_migrations()[-1].number}
    for s in stores:
        await s.close()


async def test_same_text_twice_in_one_guild_is_one_article(store):
    first, created = await store.add_article(article())
    again, created_again = await store.add_article(article(title="Another title"))
    assert created and not created_again
    assert again.id == first.id
    assert await store.count_articles(GUILD_A) == 1


async def test_same_text_in_two_guilds_is_two_articles(store):
    a, _ = await store.add_article(article(GUILD_A))
    b, created = await store.add_article(article(GUILD_B))
    assert created and a.id != b.id


async def test_canonical_url_is_a_second_dedup_key(store):
    await store.add_article(article(canonical_url="https://news.example/a"))
    _, created = await store.add_article(
        article(text="Other words entirely. Still news.", canonical_url="https://news.example/a")
    )
    assert not created


async def test_an_articles_lead_image_is_kept_and_an_article_without_one_has_none(store):
    with_image, _ = await store.add_article(article(image_url="https://news.example/lead.jpg"))
    without, _ = await store.add_article(article(text="Other words entirely. Still news."))
    assert (await store.get_article(GUILD_A, with_image.id)).image_url == (
        "https://news.example/lead.jpg"
    )
    assert (await store.get_article(GUILD_A, without.id)).image_url is None


async def test_guild_cannot_read_another_guilds_article(store):
    stored, _ = await store.add_article(article(GUILD_A))
    assert await store.get_article(GUILD_B, stored.id) is None
    assert await store.get_article(GUILD_B, stored.id) == await store.get_article(GUILD_B, 99999)
    assert await store.list_articles(GUILD_B) == []
    assert await store.search_articles(GUILD_B, "bridge") == []
    assert await store.autocomplete_articles(GUILD_B, "bri") == []
    assert await store.autocomplete_articles(GUILD_B, str(stored.id)) == []
    assert not await store.remove_article(GUILD_B, stored.id)
    assert await store.get_article(GUILD_A, stored.id) is not None


async def test_guild_cannot_read_another_guilds_quotations_or_summaries(store):
    stored, _ = await store.add_article(article(GUILD_A))
    await store.replace_quotations(
        GUILD_A, stored.id, [Quote("Yes", "Dana Whitfield", "said", 0, 3)], "1"
    )
    await store.put_summary(
        GUILD_A, stored.id, "3", "v", Summary("lead", ("The bridge reopened.",), 2)
    )
    assert await store.find_quotations(GUILD_B, speakers=["Dana Whitfield"]) == []
    assert await store.random_quotation(GUILD_B, 0.5) is None
    assert await store.speakers(GUILD_B) == []
    assert await store.get_summary(GUILD_B, stored.id, "lead", "3", "v") is None
    # writes through another guild are ignored too
    await store.put_summary(GUILD_B, stored.id, "3", "w", Summary("lead", ("x",), 2))
    assert await store.get_summary(GUILD_A, stored.id, "lead", "3", "w") is None


async def test_cached_summary_is_returned(store):
    stored, _ = await store.add_article(article())
    summary = Summary("lexrank", ("The mayor spoke.",), 2, ("bridge",))
    assert await store.get_summary(GUILD_A, stored.id, "lexrank", "1", "v1") is None
    await store.put_summary(GUILD_A, stored.id, "1", "v1", summary)
    assert await store.get_summary(GUILD_A, stored.id, "lexrank", "1", "v1") == summary
    assert await store.get_summary(GUILD_A, stored.id, "lexrank", "1", "v2") is None


async def test_search_and_autocomplete(store):
    for i, title in enumerate(["Bridge reopens", "Budget approved", "Bridge tolls rise"]):
        await store.add_article(article(title=title, text=f"Story {i} about the city. More news."))
    titles = [h.title for h in await store.autocomplete_articles(GUILD_A, "brid")]
    assert titles == ["Bridge tolls rise", "Bridge reopens"]  # newest first
    assert [h.title for h in await store.search_articles(GUILD_A, "budget")] == ["Budget approved"]
    assert len(await store.autocomplete_articles(GUILD_A, "")) == 3


@pytest.mark.parametrize("query", ['"', "AND OR", "*", "x" * 5000, "NEAR(", "title:", "'); DROP"])
async def test_search_survives_fts_syntax_in_user_input(store, query):
    await store.add_article(article())
    assert await store.search_articles(GUILD_A, query) == []


def test_fts_query_quotes_every_word():
    assert fts_query('bridge OR "x') == '"bridge" "OR" "x"'
    assert fts_query("***") is None


async def test_remove_deletes_quotations_and_summaries(store):
    stored, _ = await store.add_article(article())
    await store.replace_quotations(GUILD_A, stored.id, [Quote("Yes", "Dana", "said", 0, 3)], "1")
    await store.put_summary(GUILD_A, stored.id, "3", "v", Summary("lead", ("x",), 2))
    assert await store.remove_article(GUILD_A, stored.id)
    assert await store.find_quotations(GUILD_A, search="yes") == []
    assert await store.speakers(GUILD_A) == []
    assert await store.get_summary(GUILD_A, stored.id, "lead", "3", "v") is None


async def test_quotations_by_speaker_search_and_random(store):
    stored, _ = await store.add_article(article())
    quotes = [
        Quote("We rebuilt it to last", "Dana Whitfield", "said", 10, 31),
        Quote("It ran late", "Paul Erikson", "said", 40, 51),
    ]
    await store.replace_quotations(GUILD_A, stored.id, quotes, "1")
    assert [
        h.quote.quote for h in await store.find_quotations(GUILD_A, speakers=["paul erikson"])
    ] == ["It ran late"]
    assert [h.quote.speaker for h in await store.find_quotations(GUILD_A, search="rebuilt")] == [
        "Dana Whitfield"
    ]
    assert await store.speakers(GUILD_A, "whit") == ["Dana Whitfield"]
    picked = {(await store.random_quotation(GUILD_A, seed)).quote.quote for seed in (0.0, 0.99)}
    assert picked <= {"We rebuilt it to last", "It ran late"}


async def test_settings_round_trip(store):
    assert await store.get_settings(GUILD_A) == GuildSettings(GUILD_A)
    await store.save_settings(GuildSettings(GUILD_A, 5, "lead", None))
    assert (await store.get_settings(GUILD_A)).summary_sentences == 5
    assert await store.get_settings(GUILD_B) == GuildSettings(GUILD_B)


async def test_backup_restores_the_same_rows(sqlite_store, tmp_path):
    store = sqlite_store
    for i in range(20):
        await store.add_article(article(text=f"Article number {i}. It has two sentences."))
    target = tmp_path / "backup.db"
    await store.backup(target)
    restored = await SQLiteStore.open(target)
    assert await restored.integrity_check() == ["ok"]
    assert [h.id for h in await restored.list_articles(GUILD_A, 100)] == [
        h.id for h in await store.list_articles(GUILD_A, 100)
    ]
    await restored.close()


async def test_postgres_backup_points_to_pg_dump(postgres_store, tmp_path):
    with pytest.raises(StoreError, match="pg_dump"):
        await postgres_store.backup(tmp_path / "backup.db")
    assert not (tmp_path / "backup.db").exists()


async def test_postgres_integrity_check_uses_amcheck_when_installed(
    postgres_store, postgres_database
):
    await postgres_store.add_article(article())
    conn = await asyncpg.connect(postgres_database)
    try:
        await conn.execute("CREATE EXTENSION amcheck")
    except asyncpg.PostgresError as exc:
        pytest.skip(f"amcheck cannot be installed here: {exc}")
    finally:
        await conn.close()
    assert await postgres_store.integrity_check() == ["ok"]


async def test_search_folds_case_and_accents(store):
    await store.add_article(
        article(title="Café reopens", text="The CAFÉ on Élan Street. It is new.")
    )
    assert [h.title for h in await store.search_articles(GUILD_A, "cafe elan")] == ["Café reopens"]
    assert [h.title for h in await store.autocomplete_articles(GUILD_A, "CAF")] == ["Café reopens"]


@pytest.mark.parametrize("typed", ["²", "9" * 30, "9" * 5000, "12 bridge", "x" * 5000])
async def test_autocomplete_survives_odd_input(store, typed):
    await store.add_article(article())
    assert await store.autocomplete_articles(GUILD_A, typed) == []


async def test_autocomplete_offers_a_typed_id_first_then_titles(store):
    first, _ = await store.add_article(article(title="Budget approved"))
    second, _ = await store.add_article(
        article(title=f"Route {first.id} reopens", text="Cars. Vans.")
    )
    found = await store.autocomplete_articles(GUILD_A, str(first.id))
    assert [h.id for h in found] == [first.id, second.id]


async def test_unknown_database_schemes_are_refused():
    with pytest.raises(StoreError, match="mysql://"):
        await open_store("mysql://localhost/news")


async def test_an_unreachable_postgres_is_a_store_error():
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL at") as caught:
        await open_store("postgres://nobody:secret@127.0.0.1:1/newsbot")
    assert "secret" not in str(caught.value)


@pytest.mark.parametrize("backend_class", [SQLiteStore, PostgresStore])
def test_both_backends_implement_the_store_protocol_exactly(backend_class):
    api = {
        name: method
        for protocol in (Store, CopyableStore)
        for name, method in vars(protocol).items()
        if callable(method) and not name.startswith("_")
    }
    assert "claim_due_feeds" in api and "load" in api
    for name, method in api.items():
        assert inspect.signature(getattr(backend_class, name)) == inspect.signature(method), name


async def test_racing_adds_of_one_text_store_it_once(store, database):
    other = await open_store(database)
    try:
        results = await asyncio.gather(
            *(s.add_article(article(title=f"Take {i}")) for i, s in enumerate([store, other] * 4))
        )
    finally:
        await other.close()
    assert sum(created for _, created in results) == 1
    assert len({stored.id for stored, _ in results}) == 1
    assert await store.count_articles(GUILD_A) == 1


async def test_speakers_are_counted_as_quotations_come_and_go(store):
    first, _ = await store.add_article(article())
    second, _ = await store.add_article(article(text="Another story. It ends.", title="Two"))
    await store.replace_quotations(
        GUILD_A, first.id, [Quote("A", "Paul Erikson", "said", 0, 1)] * 2, "1"
    )
    await store.replace_quotations(
        GUILD_A,
        second.id,
        [Quote("B", "Dana Whitfield", "said", 0, 1)] * 3 + [Quote("C", None, None, 2, 3)],
        "1",
    )
    assert await store.speakers(GUILD_A) == ["Dana Whitfield", "Paul Erikson"]
    assert await store.speakers(GUILD_B) == []
    await store.replace_quotations(
        GUILD_A, second.id, [Quote("B", "dana whitfield", "said", 0, 1)], "2"
    )
    assert [s.lower() for s in await store.speakers(GUILD_A)] == ["paul erikson", "dana whitfield"]
    assert [s.lower() for s in await store.speakers(GUILD_A, "WHIT")] == ["dana whitfield"]
    await store.remove_article(GUILD_A, first.id)
    assert [s.lower() for s in await store.speakers(GUILD_A)] == ["dana whitfield"]


async def test_autocomplete_by_one_letter_matches_words_that_start_with_it(store):
    for i, title in enumerate(["Budget vote", "Harbour bridge", "A storm", "Zebra 9 escape"]):
        await store.add_article(article(text=f"Story {i}. It ends.", title=title))
    assert [h.title for h in await store.autocomplete_articles(GUILD_A, "b")] == [
        "Harbour bridge",
        "Budget vote",
    ]
    assert [h.title for h in await store.autocomplete_articles(GUILD_A, "a")] == ["A storm"]
    assert [h.title for h in await store.autocomplete_articles(GUILD_A, "e")] == ["Zebra 9 escape"]
    assert await store.autocomplete_articles(GUILD_A, "q") == []
    assert [h.title for h in await store.autocomplete_articles(GUILD_A, "zebra 9")] == [
        "Zebra 9 escape"
    ]
    assert [h.title for h in await store.autocomplete_articles(GUILD_A, "harbour b")] == [
        "Harbour bridge"
    ]
