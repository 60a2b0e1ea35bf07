"""Item 6: Hypothesis-generated text through cleaning, splitting, every summary method and
quotation extraction: never an exception, never more sentences than asked, never a runaway."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import limits
from bot.engine.quotes import extract as quotes
from bot.engine.summary.summarize import METHODS, summarize
from bot.engine.text import sentences as text
from bot.engine.text.cleaning import clean_article
from bot.engine.text.language import detect
from bot.errors import InputError
from bot.service import prepare_article, summarize_text
from bot.ui.embeds import bullet_list

# Generous: the slowest method on 5,000 words takes about 2 s on a slow CI core; a runaway
# (catastrophic regex backtracking, a quadratic blow-up) takes far longer.
CALL_BOUND_S = 10.0
SETTINGS = settings(
    max_examples=25,
    deadline=None,  # timed below, per call, with a bound that fits a loaded CI machine
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

WORDS = st.sampled_from(
    "the mayor said bridge council “ ” \" ' ‘ ’ Mr. Dr. U.S. p.m. 3.5 $1.5 — – - ... … ! ? ; : "
    "( ) [ ] Kim Whitfield told reporters according to he she they @everyone <@1> # * _ ~ "
    "Мост 港口 ،جسر ✓ 😀 \u200b \u00ad \x00 \t".split(" ")
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=40).map(" ".join)
NEWSLIKE = st.lists(
    st.lists(SENTENCE, min_size=1, max_size=8).map(". ".join), min_size=1, max_size=8
).map("\n\n".join)
# Long runs of one fragment: where backtracking regexes and quadratic loops show themselves.
RUNS = st.tuples(
    st.sampled_from(
        ['"', "“", "”", ".", " ", "\n", "Mr. ", "a ", "“a ", '" said Kim. ', "A. ", "—", "…", "x"]
    ),
    st.integers(1, 2000),
    st.text(max_size=50),
).map(lambda t: t[0] * t[1] + t[2])
ANY_TEXT = st.one_of(st.text(max_size=3000), NEWSLIKE, RUNS)


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    elapsed = time.perf_counter() - started
    assert elapsed < CALL_BOUND_S, f"{fn.__name__} took {elapsed:.1f} s"
    return result


@SETTINGS
@given(raw=ANY_TEXT, count=st.integers(1, limits.MAX_SUMMARY_SENTENCES))
def test_engine_never_fails_nor_runs_away(raw, count):
    timed(clean_article, raw)  # Markdown, bylines and repeats: never fails, never runs away
    cleaned = timed(text.clean, raw)
    assert timed(text.clean, cleaned) == cleaned  # cleaning twice changes nothing
    split = timed(text.sentences, cleaned)
    assert all(s.strip() for s in split)
    lang = timed(detect, cleaned)
    for method in METHODS:
        result = timed(
            summarize, cleaned, title="A title", method=method, sentences=count, lang=lang
        )
        assert len(result.sentences) <= count, method
        assert len(result.sentences) == min(count, len(split)) or method == "auto", method
        assert set(result.sentences) <= set(split), method
        assert len(bullet_list(result.sentences)) <= limits.EMBED_DESCRIPTION
    for quote in timed(quotes.extract, cleaned):
        assert 0 <= quote.start <= quote.end <= len(cleaned)
        assert quote.quote.strip()


@SETTINGS
@given(raw=ANY_TEXT)
def test_ingest_either_accepts_or_refuses_with_a_message(raw):
    try:
        prepared = timed(prepare_article, 1, None, raw)
    except InputError as exc:
        assert str(exc)
    else:
        article = prepared.article
        assert article.sentence_count >= limits.MIN_ARTICLE_SENTENCES
        assert 0 < len(article.title) <= limits.MAX_TITLE_CHARS
        assert len(prepared.preview.sentences) <= 2
    try:
        _, result, _ = timed(summarize_text, raw, "auto", 3)
    except InputError as exc:
        assert str(exc)
    else:
        assert len(result.sentences) <= 3


@settings(max_examples=200, deadline=None, database=None)
@given(raw=st.text(max_size=500), limit=st.integers(1, 300))
def test_truncation_always_fits(raw, limit):
    assert len(text.truncate(raw, limit)) <= limit


@pytest.mark.parametrize(
    "fragment",
    [".", "…", "Mr. ", "A. ", "U.S. ", "``", "“a. ", '"', "“", "”", "—", "(", "a.b", "。", "\n \n"],
)
def test_long_runs_of_one_mark_take_linear_time(fragment):
    """40,000 characters of one pattern: a quadratic step would take minutes here, a linear
    one well under a second (regexes that backtrack into runs were found this way)."""
    raw = fragment * (40_000 // len(fragment))
    started = time.perf_counter()
    cleaned = text.clean(raw)
    text.sentences(cleaned)
    quotes.extract(cleaned)
    summarize(cleaned, method="auto", sentences=3)
    assert time.perf_counter() - started < 8.0  # linear: about 1 s on a loaded CI core
