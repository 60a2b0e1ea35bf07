"""Summary length in sentences, words or percent, with Shorter/Longer steps in the same unit."""

import pytest

from bot import limits
from bot.engine.summary.length import Length, LengthError, length_note, length_of, words_in
from bot.engine.summary.summarize import METHODS, SummaryError, summarize
from bot.engine.text.cleaning import clean_article
from bot.engine.text.sentences import sentences
from tests.samples import SCRAPED_ARTICLE

ARTICLE = clean_article(SCRAPED_ARTICLE).text
TOTAL = len(sentences(ARTICLE))


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("budget", [25, 40, 80])
def test_words_summary_fits_in_the_budget_without_cutting_a_sentence(method, budget):
    result = summarize(ARTICLE, method=method, words=budget)
    assert len(result.sentences) >= 1
    assert words_in(result.sentences) <= budget
    assert set(result.sentences) <= set(sentences(ARTICLE))


def test_words_summary_takes_as_many_sentences_as_fit():
    short = summarize(ARTICLE, method="lead", words=25)
    long = summarize(ARTICLE, method="lead", words=80)
    assert len(long.sentences) > len(short.sentences)
    one_more = sentences(ARTICLE)[: len(long.sentences) + 1]
    assert words_in(one_more) > 80


def test_a_single_sentence_longer_than_the_budget_is_given_alone_and_said():
    result = summarize(ARTICLE, method="lead", words=10)
    assert len(result.sentences) == 1
    assert words_in(result.sentences) > 10
    note = length_note(Length("words", 10), result.sentences, result.total_sentences)
    assert "more than 10" in note


def test_percent_is_of_the_article_sentences():
    result = summarize(ARTICLE, method="lexrank", percent=30)
    assert len(result.sentences) == -(-TOTAL * 30 // 100)


def test_more_sentences_than_the_article_has_is_the_whole_article_and_said():
    text = "One sentence here. Another sentence there. A third one."
    result = summarize(text, method="textrank", sentences=5)
    assert len(result.sentences) == 3
    assert "whole article" in length_note(Length("sentences", 5), result.sentences, 3)


def test_sentences_are_capped_at_ten_for_every_unit():
    with pytest.raises(SummaryError):
        summarize(ARTICLE, sentences=limits.MAX_SUMMARY_SENTENCES + 1)
    long = " ".join(f"Sentence number {i} talks about the harbour." for i in range(40))
    assert len(summarize(long, method="lead", percent=100).sentences) == 10
    assert len(summarize(long, method="lead", words=1000).sentences) == 10


@pytest.mark.parametrize(
    "given", [{"sentences": 3, "words": 50}, {"words": 50, "percent": 20}, {"percent": 0},
              {"percent": 150}, {"words": 5}, {"sentences": 0}]
)  # fmt: skip
def test_bad_or_several_lengths_are_refused(given):
    with pytest.raises(LengthError):
        length_of(**given)


@pytest.mark.parametrize(
    ("length", "shorter", "longer"),
    [
        (Length("sentences", 3), Length("sentences", 2), Length("sentences", 4)),
        (Length("words", 100), Length("words", 80), Length("words", 120)),
        (Length("percent", 20), Length("percent", 15), Length("percent", 25)),
        (Length("sentences", 1), None, Length("sentences", 2)),
        (Length("percent", 100), Length("percent", 75), None),
    ],
)
def test_shorter_and_longer_step_in_the_same_unit(length, shorter, longer):
    assert length.shorter() == shorter
    assert length.longer() == longer
