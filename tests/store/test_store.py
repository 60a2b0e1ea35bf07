"""The SQLite store on a real database file: migrations, dedup, guild scoping, cache, backup."""

import sqlite3

import pytest

from bot.models import Article, GuildSettings, Quote, Summary
from bot.store import SQLiteStore, fts_query
from bot.store.migrations import Migration, load_migrations

GUILD_A, GUILD_B = 111, 222


def article(guild: int = GUILD_A, text: str = "The bridge reopened. The mayor spoke.", **kw) -> Article:
    return Article(id=None, guild_id=guild, title=kw.pop("title", "Bridge reopens"), text=text,
                   content_hash=kw.pop("content_hash", text), sentence_count=2, **kw)


@pytest.fixture
async def store(tmp_path):
    s = await SQLiteStore.open(tmp_path / "news.db")
    yield s
    await s.close()


async def test_migrations_on_an_empty_database(tmp_path):
    s = await SQLiteStore.open(tmp_path / "fresh.db")
    assert await s.schema_version() == load_migrations()[-1].number
    assert await s.integrity_check() == ["ok"]
    await s.close()


async def test_rerunning_migrations_changes_nothing(tmp_path):
    path = tmp_path / "again.db"
    s = await SQLiteStore.open(path)
    stored, _ = await s.add_article(article())
    await s.close()
    s = await SQLiteStore.open(path)
    assert (await s.get_article(GUILD_A, stored.id)).text == stored.text
    await s.close()


async def test_failing_migration_rolls_back_and_keeps_user_version(tmp_path):
    path = tmp_path / "fail.db"
    good = load_migrations()
    s = await SQLiteStore.open(path, good)
    await s.close()
    bad = Migration(good[-1].number + 1, "broken", "CREATE TABLE half (x INTEGER);\nNOT SQL AT ALL;")
    with pytest.raises(sqlite3.OperationalError):
        await SQLiteStore.open(path, [*good, bad])
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == good[-1].number
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    conn.close()


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
    await store.replace_quotations(GUILD_A, stored.id, [Quote("Yes", "Dana Whitfield", "said", 0, 3)], "1")
    await store.put_summary(GUILD_A, stored.id, "3", "v", Summary("lead", ("The bridge reopened.",), 2))
    assert await store.find_quotations(GUILD_B, speaker="Dana Whitfield") == []
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
    quotes = [Quote("We rebuilt it to last", "Dana Whitfield", "said", 10, 31),
              Quote("It ran late", "Paul Erikson", "said", 40, 51)]
    await store.replace_quotations(GUILD_A, stored.id, quotes, "1")
    assert [h.quote.quote for h in await store.find_quotations(GUILD_A, speaker="paul erikson")] == ["It ran late"]
    assert [h.quote.speaker for h in await store.find_quotations(GUILD_A, search="rebuilt")] == ["Dana Whitfield"]
    assert await store.speakers(GUILD_A, "whit") == ["Dana Whitfield"]
    picked = {(await store.random_quotation(GUILD_A, seed)).quote.quote for seed in (0.0, 0.99)}
    assert picked <= {"We rebuilt it to last", "It ran late"}


async def test_settings_round_trip(store):
    assert await store.get_settings(GUILD_A) == GuildSettings(GUILD_A)
    await store.save_settings(GuildSettings(GUILD_A, 5, "lead", None))
    assert (await store.get_settings(GUILD_A)).summary_sentences == 5
    assert await store.get_settings(GUILD_B) == GuildSettings(GUILD_B)


async def test_backup_restores_the_same_rows(store, tmp_path):
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
