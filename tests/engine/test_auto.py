"""The `auto` summarizer, on articles written for these tests (all invented)."""

from __future__ import annotations

import re
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from bot.engine.summary import auto
from bot.engine.summary import features as sf
from bot.engine.summary.summarize import DEFAULT_METHOD, METHODS, build_document, summarize
from bot.engine.text import language
from bot.engine.text.sentences import clean

# A web story written as an inverted pyramid, with the debris scrapers leave in: a heading in
# capitals, a byline, captions (one with the corpus-style detached full stop), credits,
# promotions. The debris repeats the story's key words so a plain ranker would like it.
WEB_STORY = """WATER PLANT REOPENS IN MILLBROOK

By Laura Chen

Millbrook's main water treatment plant reopened on Tuesday after a three-month shutdown that left 60,000 residents boiling their tap water.

Workers inspect the new water filters at the Millbrook plant on Tuesday .

The city closed the plant in March when tests found bacteria in the water supply, and since then tanker trucks have carried water to schools and the hospital.

Photo: Sam Reyes for the Millbrook Gazette

Mayor Rita Okonkwo said the plant now has new filters, a second chlorine system and sensors that test the water every ten minutes.

"Nobody in Millbrook should ever again wonder whether the water from their tap is safe," Okonkwo said at the reopening.

The repairs cost $14 million, most of it paid by a state emergency grant.

Residents can stop boiling water from Wednesday, the health department said.

Some residents remain sceptical.

"I will keep buying bottled water for a while," said Dev Patel, who runs a bakery near the plant.

Read more: Millbrook water rates to rise in spring

Scroll down for video

Follow @MillbrookGazette for updates on the water plant in Millbrook.

Tom Ellis contributed to this report.
"""
JUNK = {
    "WATER PLANT REOPENS IN MILLBROOK",
    "By Laura Chen",
    "Workers inspect the new water filters at the Millbrook plant on Tuesday .",
    "Photo: Sam Reyes for the Millbrook Gazette",
    "Read more: Millbrook water rates to rise in spring",
    "Scroll down for video",
    "Follow @MillbrookGazette for updates on the water plant in Millbrook.",
    "Tom Ellis contributed to this report.",
}

# Wire copy that repeats itself: the storm's key sentence comes back almost word for word.
REPEATING_STORY = """A winter storm cut power to 40,000 homes in Harwick County on Sunday night, and crews worked through Monday to restore it.

The storm brought winds of up to 90 kilometres an hour and brought down trees across the county's northern villages. A winter storm cut power to about 40,000 homes in Harwick County late on Sunday night, the utility said. Schools in the county stayed closed on Monday.

The utility said most homes would have power again by Tuesday evening. It asked residents to stay away from fallen lines. A winter storm cut power to 40,000 homes across Harwick County on Sunday night, utility officials repeated on Monday.

Forecasters expect calmer weather for the rest of the week, with temperatures just above freezing."""

# Two ways to write the same kind of story: dense paragraphs, and one sentence a paragraph.
DENSE_STORY = """The regional rail operator will raise fares by four percent in January, the transport authority announced on Thursday.

The increase follows two years of frozen fares, during which the operator's costs for energy and wages rose sharply. The authority said the extra revenue would pay for new trains on the coastal line and longer platforms at six stations. Season tickets will rise by less than single fares, so that daily commuters pay a smaller share of the increase. Passenger groups said the rise was smaller than they had feared but criticised the operator's punctuality.

Only 81 percent of trains arrived on time last year, against a target of 90 percent. The operator blamed signal failures and a shortage of drivers, and said it had hired 120 new drivers who would finish training by the summer. The transport authority said it would fine the operator if punctuality did not improve within a year. Fares on buses run by the same authority will not change.

The new fares take effect on January 2. Tickets bought before then will be valid at the old price until the end of February. The authority will publish the full list of fares on its website next week."""
SPARSE_STORY = "\n\n".join(
    s for p in DENSE_STORY.split("\n\n") for s in re.split(r"(?<=\.) (?=[A-Z])", p)
)

GERMAN_STORY = """Die Landesregierung hat am Mittwoch ein neues Gesetz zum Schutz der Wälder beschlossen.

Nach dem Gesetz müssen Waldbesitzer für jeden gefällten Baum zwei neue Bäume pflanzen. Die Regierung will damit die Folgen der langen Trockenheit der vergangenen Jahre ausgleichen. Förster hatten seit Jahren mehr Schutz für die Wälder gefordert.

Umweltministerin Petra Lang sagte, die Wälder seien für das Klima unverzichtbar. Die Opposition kritisierte, das Gesetz komme zu spät und sei zu schwach. Die Regierungen der Nachbarländer beobachten das Gesetz mit Interesse.

Das Gesetz tritt im Frühjahr in Kraft. Die Waldbesitzer haben dann ein Jahr Zeit, ihre Pläne anzupassen."""

# Sentences for generated articles (the property tests mix and paragraph them at random).
POOL = [
    "The council approved a new budget for the city's libraries on Monday.",
    "Library opening hours will be extended to nine in the evening.",
    "He said the decision was long overdue.",
    "Was the money well spent?",
    "“We listened to what readers told us,” the chairwoman said.",
    "The budget includes $2 million for new books and computers.",
    "Critics said the plan ignored the branches in the eastern districts.",
    "Photo: Library staff at the central branch .",
    "The vote passed by seven votes to two.",
    "Two branches that closed last year will reopen in the spring.",
    "However, the council rejected a proposal to waive late fees.",
    "The libraries lent 1.2 million books last year, a record.",
]


def auto_summary(text: str, count: int, title: str = "", lang: str = "en") -> list[str]:
    return list(summarize(text, title=title, method="auto", sentences=count, lang=lang).sentences)


def article_sentences(text: str, lang: str = "en") -> list[str]:
    return [str(s) for s in build_document(text, "", lang).sentences]


def content_words(sentence: str) -> set[str]:
    stops = language.stop_words("en")
    return {w.lower() for w in re.findall(r"[A-Za-z]+", sentence)} - stops


# -- registry ---------------------------------------------------------------------------------


def test_auto_is_the_default_method_and_builds_the_auto_summarizer():
    assert DEFAULT_METHOD == "auto"
    summarizer = METHODS["auto"].build("en", "A title")
    assert isinstance(summarizer, auto.AutoSummarizer)
    assert summarizer.title == "A title"


# -- what never goes into a summary -----------------------------------------------------------


@pytest.mark.parametrize("line", sorted(JUNK - {"WATER PLANT REOPENS IN MILLBROOK"}))
def test_captions_bylines_and_promotions_are_not_prose(line):
    assert sf.not_prose(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "The new rule leaves older ferry contracts untouched, according to the wire service Nordpress.",
        "“We cannot count the losses yet,” the spokeswoman told Radio Vale.",
        "Since the club never registered the song, the recordings may not be broadcast.",
        "By the end of the year, the plant will treat twice as much water.",
        "Millbrook's main water treatment plant reopened on Tuesday.",
    ],
)
def test_ordinary_news_sentences_are_prose(sentence):
    assert not sf.not_prose(sentence)


@pytest.mark.parametrize("count", range(1, 9))
def test_no_caption_byline_or_boilerplate_in_the_summary(count):
    # Through the whole pipeline (clean first, as the CLI and the bot do) ...
    picked = auto_summary(clean(WEB_STORY), count, title="Millbrook water plant reopens")
    assert not JUNK.intersection(picked)
    # ... and with the debris left in the document: auto itself must refuse it.
    document = build_document(WEB_STORY, "Millbrook water plant reopens")
    summarizer = METHODS["auto"].build("en", "Millbrook water plant reopens")
    assert not JUNK.intersection(str(s) for s in summarizer(document, count))


def test_the_lede_of_an_inverted_pyramid_story_is_kept():
    picked = auto_summary(clean(WEB_STORY), 3, title="Millbrook water plant reopens")
    assert picked[0].startswith("Millbrook's main water treatment plant reopened")


def test_sentences_that_cannot_stand_alone_are_flagged():
    assert sf.dangles(["However", "the", "council"], "en")
    assert sf.dangles(["He", "said"], "en")
    assert not sf.dangles(["The", "council"], "en")
    assert sf.dangles(["Aber", "die"], "de")
    assert not sf.dangles(["He"], "xx")  # no table: no guess
    assert sf.is_question("Was the money well spent?")
    assert sf.is_question("“Who pays?”")
    assert sf.opens_with_quote("“We listened,” she said.")


def test_a_summary_avoids_dangling_openers_and_questions_when_it_can():
    text = "\n\n".join(POOL[:7] + POOL[9:])
    picked = auto_summary(text, 3)
    assert "He said the decision was long overdue." not in picked
    assert "Was the money well spent?" not in picked


# -- redundancy -------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_no_two_summary_sentences_are_near_duplicates(count):
    picked = auto_summary(REPEATING_STORY, count)
    storm = [s for s in picked if s.startswith("A winter storm cut power")]
    assert len(storm) <= 1, picked
    for i, first in enumerate(picked):
        for second in picked[i + 1 :]:
            a, b = content_words(first), content_words(second)
            assert len(a & b) / len(a | b) < 0.5, (first, second)


def test_mmr_discounts_what_a_pick_already_says():
    lead = {"tr_log": 1.0}
    blocked = np.zeros(3, dtype=bool)
    scores = np.array([3.0, 1.5, 1.2])
    similarity = np.array([[1.0, 0.4, 0.0], [0.4, 1.0, 0.0], [0.0, 0.0, 1.0]])
    plain = auto.Params.from_names(lead, {}, {"bias": -10.0}, redundancy=0.0)
    mmr = auto.Params.from_names(lead, {}, {"bias": -10.0}, redundancy=1.0)
    assert auto.select(scores, similarity, blocked, 2, plain) == [0, 1]
    assert auto.select(scores, similarity, blocked, 2, mmr) == [0, 2]
    # A near-duplicate is never taken, however good its score.
    similarity[0, 1] = similarity[1, 0] = auto.NEAR_DUPLICATE + 0.05
    assert auto.select(np.array([3.0, 2.9, 0.1]), similarity, blocked, 2, plain) == [0, 2]


def test_an_article_that_says_one_thing_three_times_gets_it_once():
    sentence = "The council approved a new budget for the city's libraries on Monday."
    assert auto_summary(" ".join([sentence] * 3), 2) == [sentence]


# -- count and order --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [WEB_STORY, REPEATING_STORY, DENSE_STORY, SPARSE_STORY])
@pytest.mark.parametrize("count", [1, 2, 3, 5, 8])
def test_never_more_than_asked_and_in_article_order(text, count):
    cleaned = clean(text)
    everything = article_sentences(cleaned)
    picked = auto_summary(cleaned, count)
    assert 1 <= len(picked) <= count
    assert len(picked) == min(count, len(everything))
    positions = [everything.index(s) for s in picked]
    assert positions == sorted(positions)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, len(POOL) - 1), min_size=1, max_size=25),
    st.lists(st.booleans(), min_size=25, max_size=25),
    st.integers(1, 8),
)
def test_any_article_any_count(order, breaks, count):
    parts: list[str] = []
    for i, k in enumerate(order):
        parts.append(POOL[k] + ("\n\n" if breaks[i] else " "))
    text = "".join(parts).strip()
    everything = article_sentences(text)
    picked = auto_summary(text, count)
    prose = {s for s in everything if not sf.not_prose(s)}
    if count >= len(everything):  # `summarize` returns a short article whole
        assert picked == everything
    else:
        assert 1 <= len(picked) <= count
        assert len(set(picked)) == len(picked)  # a repeated sentence is taken once
        assert set(picked) <= prose if prose else len(picked) == 1  # captions only when no prose
        if len(prose) >= count:  # pool sentences differ: enough prose fills the summary
            assert len(picked) == count
    positions = []
    start = 0
    for sentence in picked:  # each pick is a sentence of the article, after the previous one
        start = everything.index(sentence, start)
        positions.append(start)
        start += 1
    assert positions == sorted(positions)


def test_zero_and_tiny_inputs():
    summarizer = METHODS["auto"].build("en", "")
    assert summarizer(build_document(""), 3) == ()
    assert summarizer(build_document("One sentence only."), 0) == ()
    assert auto_summary("One sentence only.", 3) == ["One sentence only."]
    only_junk = "By Mark Evans\n\nPhoto: Library staff at the central branch ."
    assert len(auto_summary(only_junk, 1)) == 1  # nothing else left: something is returned


# -- adapting to the article ------------------------------------------------------------------


def _evidence(text: str, lang: str = "en", title: str = "") -> sf.ArticleEvidence:
    document = build_document(text, title, lang)
    return sf.evidence(document, language.stemmer(lang), language.stop_words(lang), lang, title)


def test_the_gate_reads_how_the_article_is_written():
    dense = auto.gate(_evidence(DENSE_STORY).article, auto.DEFAULT_PARAMS)
    sparse = auto.gate(_evidence(SPARSE_STORY).article, auto.DEFAULT_PARAMS)
    unbroken = auto.gate(_evidence(DENSE_STORY.replace("\n\n", " ")).article, auto.DEFAULT_PARAMS)
    assert dense > 0.5 > sparse
    assert unbroken < 0.5  # no paragraph breaks: no evidence of dense writing


def test_rankers_match_sumy():
    # The vectorised LexRank, TextRank and Reduction give sumy's own scores.
    document = build_document(clean(DENSE_STORY))
    stem, stops = language.stemmer("en"), language.stop_words("en")
    lexrank = LexRankSummarizer(stem)
    lexrank.stop_words = stops
    words = [lexrank._to_words_set(s) for s in document.sentences]
    matrix = lexrank._create_matrix(
        words, lexrank.threshold, lexrank._compute_tf(words), lexrank._compute_idf(words)
    )
    expected = lexrank.power_method(matrix, lexrank.epsilon)
    textrank = TextRankSummarizer(stem)
    textrank.stop_words = stops
    expected_tr = list(textrank.rate_sentences(document).values())
    reduction = ReductionSummarizer(stem)
    reduction.stop_words = stops
    expected_rd = [reduction.rate_sentences(document)[s] for s in document.sentences]

    counts = sf._counts([sf._Words(stem, stops).content_stems(s.words) for s in document.sentences])
    got, _ = sf.lexrank_scores(sf.tfidf(counts))
    assert np.allclose(got, expected)
    edges = sf.overlap_edges(counts)
    assert np.allclose(sf.textrank_scores(edges), expected_tr)
    assert np.allclose(sf.reduction_scores(edges), expected_rd)


# -- other languages --------------------------------------------------------------------------


def test_german_article_is_ranked_with_german_stemmer_and_stop_words(monkeypatch):
    assert language.detect(GERMAN_STORY) == "de"
    seen: dict[str, object] = {}
    real_evidence = sf.evidence

    def spy(document, stemmer, stop_words, lang="en", title=""):
        seen.update(stem=stemmer("Regierungen"), stops=stop_words, lang=lang)
        return real_evidence(document, stemmer, stop_words, lang, title)

    monkeypatch.setattr(sf, "evidence", spy)
    picked = auto_summary(GERMAN_STORY, 2, lang=language.detect(GERMAN_STORY))
    assert len(picked) == 2
    assert seen["lang"] == "de"
    assert seen["stem"] == "regier"  # the German Snowball stemmer (English leaves it alone)
    assert language.stemmer("en")("Regierungen") != "regier"
    assert {"und", "der", "die", "das"} <= seen["stops"]
    summarizer = METHODS["auto"].build("de", "")
    # German Snowball: inflected forms share a stem; German function words are not content.
    assert summarizer.stemmer("Regierungen") == summarizer.stemmer("Regierung") == "regier"
    words = sf._Words(summarizer.stemmer, summarizer.stop_words)
    assert words.content_stems(["Die", "Regierungen", "und", "die", "Regierung"]) == [
        "regier",
        "regier",
    ]


def test_german_stop_words_change_the_ranking():
    document = build_document(GERMAN_STORY, "", "de")
    stem = language.stemmer("de")
    with_stops = sf.evidence(document, stem, language.stop_words("de"), "de")
    without = sf.evidence(document, stem, frozenset(), "de")
    assert not np.allclose(
        with_stops.features[:, sf.F["tr_log"]], without.features[:, sf.F["tr_log"]]
    )
    # Without stop words, "die", "der", "das" link every sentence to every other.
    assert with_stops.similarity.mean() < without.similarity.mean()


# -- cost -------------------------------------------------------------------------------------


def _long_article(chars: int) -> str:
    paragraphs = [p for story in (DENSE_STORY, REPEATING_STORY) for p in story.split("\n\n")]
    out, size, i = [], 0, 0
    while size < chars + 2000:
        paragraph = paragraphs[i % len(paragraphs)].replace("Thursday", f"day {i}")
        out.append(paragraph)
        size += len(paragraph) + 2
        i += 1
    return "\n\n".join(out)


@pytest.mark.parametrize("unbroken", [False, True])
def test_a_100000_character_article_is_summarised_well_under_two_seconds(unbroken):
    text = _long_article(100_000)
    if unbroken:
        text = text.replace("\n\n", " ")
    assert len(text) >= 100_000
    summarize(text[:2000], method="auto")  # warm up imports
    started = time.perf_counter()
    picked = auto_summary(text, 5)
    elapsed = time.perf_counter() - started
    assert len(picked) == 5
    assert elapsed < 1.0, elapsed
