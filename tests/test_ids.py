"""Ids as people type them: one reading for slash options, autocomplete and the store."""

import pytest

from bot.ids import MAX_ID, parse_id


@pytest.mark.parametrize(("typed", "found"), [("12", 12), (" #12 ", 12), (str(MAX_ID), MAX_ID)])
def test_ascii_ids_are_read(typed, found):
    assert parse_id(typed) == found


@pytest.mark.parametrize("typed", ["١٢", "²", "12a", "", "#", str(MAX_ID + 1), "9" * 5000])
def test_anything_else_is_no_id(typed):
    assert parse_id(typed) is None


async def test_autocomplete_offers_no_article_for_arabic_indic_digits(tmp_path):
    from bot.models import Article
    from bot.store import open_store

    store = await open_store(str(tmp_path / "news.db"))
    try:
        article, _ = await store.add_article(
            Article(None, 1, "Bridge", "The bridge. It reopened.", content_hash="h")
        )
        digits = "".join(chr(0x0660 + int(d)) for d in str(article.id))  # the same id, in ١٢
        assert [h.id for h in await store.autocomplete_articles(1, str(article.id))] == [article.id]
        assert await store.autocomplete_articles(1, digits) == []
    finally:
        await store.close()
