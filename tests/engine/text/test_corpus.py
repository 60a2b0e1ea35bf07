"""Every shape of real input gives a clean article: the headline as title, the byline as author,
and no byline, credit, caption, promotion or footer in any summary of any method and length."""

from __future__ import annotations

import pytest

from bot.engine.quotes import extract as quote_engine
from bot.engine.summary.summarize import METHODS, summarize
from bot.engine.text.sentences import sentences
from bot.service import prepare_article
from tests.engine.text.corpus import SHAPES, Shape

IDS = [s.name for s in SHAPES]


def test_the_corpus_has_twenty_shapes() -> None:
    assert len(SHAPES) >= 20


@pytest.fixture(scope="module")
def prepared() -> dict[str, object]:
    return {s.name: prepare_article(0, None, s.raw).article for s in SHAPES}


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_title_is_the_headline(shape: Shape, prepared) -> None:
    assert prepared[shape.name].title == shape.title


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_byline_becomes_the_author(shape: Shape, prepared) -> None:
    assert prepared[shape.name].author == shape.author


@pytest.mark.parametrize("shape", SHAPES, ids=IDS)
def test_no_sentence_is_furniture(shape: Shape, prepared) -> None:
    """Every summary is made of the article's sentences, so a clean sentence list means a
    clean summary of every method and every length."""
    found = sentences(prepared[shape.name].text)
    assert len(found) >= 2
    for sentence in found:
        for line in shape.furniture:
            assert line.casefold() not in sentence.casefold(), (line, sentence)


@pytest.mark.parametrize("method", list(METHODS))
def test_no_summary_of_any_method_holds_furniture(method: str, prepared) -> None:
    for shape in SHAPES:
        article = prepared[shape.name]
        for count in (1, 3):
            result = summarize(
                article.text, title=article.title, method=method, sentences=count,
                lang=article.language,
            )  # fmt: skip
            for sentence in result.sentences:
                assert not any(f.casefold() in sentence.casefold() for f in shape.furniture)


@pytest.mark.parametrize(
    "shape", [s for s in SHAPES if s.quotes], ids=[s.name for s in SHAPES if s.quotes]
)
def test_quotations_are_found_with_their_speaker(shape: Shape, prepared) -> None:
    found = quote_engine.extract(prepared[shape.name].text)
    for words, surname in shape.quotes:
        hits = [q for q in found if words.casefold() in q.quote.casefold()]
        assert hits, (words, [q.quote for q in found])
        assert surname in (hits[0].speaker or ""), (words, hits[0].speaker)
