"""The background quotation refresh: one article the engine fails on is skipped, the others are
refreshed, and the refresh ends instead of stalling on the same article."""

import logging

from bot.engine.quotes import extract as quote_engine
from bot.service import NewsService
from tests.samples_quotes import COUNCIL_ARTICLE

GUILD = 111


async def test_a_failing_article_is_skipped_and_the_rest_refreshed(store, monkeypatch, caplog):
    service = NewsService(store)
    ids = []
    for town in ("Eastfold", "Westmere", "Northby", "Southwick", "Ashby"):
        outcome = await service.add_article(
            GUILD, None, COUNCIL_ARTICLE.replace("Port Calder", town)
        )
        ids.append(outcome.article.id)
        await store.replace_quotations(GUILD, outcome.article.id, [], "old engine")
    real = quote_engine.extract

    def extract(text: str):
        if "Westmere" in text:
            raise RuntimeError("the engine chokes on this one")
        return real(text)

    monkeypatch.setattr(quote_engine, "extract", extract)
    after, rounds = 0, 0
    with caplog.at_level(logging.ERROR, logger="bot.service"):
        while after is not None:
            after = await service.refresh_quotations(after, batch=2)
            rounds += 1
    assert rounds == 4  # 2 + 2 + 1 articles, then nothing left after the last id
    pending = await store.articles_needing_quotes(quote_engine.QUOTES_VERSION)
    assert pending == [(GUILD, ids[1])]
    for article_id in ids[:1] + ids[2:]:
        assert await store.find_quotations(GUILD, article_id=article_id)
    assert f"refreshing the quotations of article {ids[1]} failed" in caplog.text
