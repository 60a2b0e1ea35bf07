"""Adding an article stores the article, its quotations and its preview summary in one
transaction, on both backends: when any part fails, none of it is stored, and the article can
be added again (before, a failure after the article row left an article without them)."""

import sqlite3

import asyncpg
import pytest

from bot.engine.quotes.extract import QUOTES_VERSION
from bot.engine.summary.methods import SUMMARY_VERSION
from bot.service import PREVIEW_SENTENCES, NewsService
from bot.store import is_postgres, sqlite_path
from tests.samples import SCRAPED_ARTICLE

GUILD = 4242
REFUSAL = "preview refused"


async def refuse_summaries(database: str) -> None:
    """A trigger that makes every summary insert fail: the last step of an add."""
    if is_postgres(database):
        conn = await asyncpg.connect(database)
        await conn.execute(
            "CREATE FUNCTION refuse() RETURNS trigger AS "
            f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$ LANGUAGE plpgsql;"
            "CREATE TRIGGER refuse BEFORE INSERT ON summaries "
            "FOR EACH ROW EXECUTE FUNCTION refuse();"
        )
        await conn.close()
    else:
        with sqlite3.connect(sqlite_path(database)) as conn:
            conn.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON summaries "
                f"BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END"
            )


async def accept_summaries(database: str) -> None:
    if is_postgres(database):
        conn = await asyncpg.connect(database)
        await conn.execute("DROP TRIGGER refuse ON summaries; DROP FUNCTION refuse();")
        await conn.close()
    else:
        with sqlite3.connect(sqlite_path(database)) as conn:
            conn.execute("DROP TRIGGER refuse")


async def test_a_failed_preview_leaves_no_article_and_no_quotations(store, database):
    service = NewsService(store)  # no executor: the engine runs inline
    await refuse_summaries(database)

    with pytest.raises(Exception, match=REFUSAL):
        await service.add_article(GUILD, None, SCRAPED_ARTICLE)

    assert await store.count_articles(GUILD) == 0
    assert await store.find_quotations(GUILD, speakers=["Whitfield"]) == []
    assert await store.speakers(GUILD) == []


async def test_the_same_article_adds_whole_after_a_failed_attempt(store, database):
    service = NewsService(store)
    await refuse_summaries(database)
    with pytest.raises(Exception, match=REFUSAL):
        await service.add_article(GUILD, None, SCRAPED_ARTICLE)
    await accept_summaries(database)

    added = await service.add_article(GUILD, None, SCRAPED_ARTICLE)

    assert added.created
    article_id = added.article.id
    assert await store.count_articles(GUILD) == 1
    quoted = await store.find_quotations(GUILD, article_id=article_id)
    assert any("hundred years" in hit.quote.quote for hit in quoted)
    preview = await store.get_summary(
        GUILD, article_id, added.preview.method, str(PREVIEW_SENTENCES), SUMMARY_VERSION
    )
    assert preview is not None and preview.sentences == added.preview.sentences
    # stored by the current quotation engine: nothing is left for the start-up re-extraction
    assert await store.articles_needing_quotes(QUOTES_VERSION) == []
