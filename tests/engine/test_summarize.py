"""Summaries: every method returns at most N sentences of the article, in article order."""

import pytest

from bot.engine.summary.summarize import (
    MAX_RANKED_SENTENCES,
    METHODS,
    SummaryError,
    summarize,
)
from bot.engine.text.sentences import clean, sentences
from tests.samples import SCRAPED_ARTICLE, long_article

ARTICLE = clean(SCRAPED_ARTICLE)
TITLE = "Harbour bridge reopens after two-year repair"


@pytest.mark.parametrize("method", sorted(METHODS))
@pytest.mark.parametrize("count", [1, 3, 5])
def test_every_method_returns_at_most_n_sentences_in_article_order(method, count):
    all_sentences = sentences(ARTICLE)
    result = summarize(ARTICLE, title=TITLE, method=method, sentences=count)
    assert 1 <= len(result.sentences) <= count
    positions = [all_sentences.index(s) for s in result.sentences]
    assert positions == sorted(positions)
    assert result.total_sentences == len(all_sentences)


def test_lead_is_the_first_sentences():
    result = summarize(ARTICLE, method="lead", sentences=2)
    assert list(result.sentences) == sentences(ARTICLE)[:2]


def test_percentage_length():
    total = len(sentences(ARTICLE))
    result = summarize(ARTICLE, method="lexrank", percent=50)
    assert len(result.sentences) == -(-total // 2)


def test_asking_for_more_sentences_than_the_article_has_returns_them_all():
    text = "One sentence here. Another sentence there. A third one."
    assert len(summarize(text, method="textrank", sentences=10).sentences) == 3


def test_empty_document():
    assert summarize("", method="lexrank", sentences=3).sentences == ()


def test_unknown_method_is_refused():
    with pytest.raises(SummaryError, match="Unknown method"):
        summarize(ARTICLE, method="magic")


@pytest.mark.parametrize(
    ("sentences_", "percent"), [(0, None), (-1, None), (None, 0), (None, 150), (11, None)]
)
def test_bad_lengths_are_refused(sentences_, percent):
    with pytest.raises(SummaryError):
        summarize(ARTICLE, sentences=sentences_, percent=percent)


def test_summary_has_keywords():
    assert "bridge" in [k.lower() for k in summarize(ARTICLE, sentences=2).keywords]


@pytest.mark.parametrize("method", ["lexrank", "textrank", "lsa", "reduction"])
def test_long_articles_rank_a_bounded_number_of_sentences(method):
    text = long_article(sentences=MAX_RANKED_SENTENCES * 2)
    result = summarize(text, method=method, sentences=3)
    assert len(result.sentences) == 3
    assert result.total_sentences == MAX_RANKED_SENTENCES * 2
    candidates = sentences(text)[:MAX_RANKED_SENTENCES]
    assert all(s in candidates for s in result.sentences)
