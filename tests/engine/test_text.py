"""The text pipeline: cleaning scraped pages and splitting news sentences without NLTK data."""

import pytest

from bot.engine.text.boilerplate import is_boilerplate
from bot.engine.text.sentences import (
    NewsTokenizer,
    clean,
    content_hash,
    paragraphs,
    sentences,
    split_sentences_rules,
    truncate,
)
from tests.samples import SCRAPED_ARTICLE


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "Mr. Smith met Gov. Brown in Washington. They talked.",
            ["Mr. Smith met Gov. Brown in Washington.", "They talked."],
        ),
        (
            "The U.S. economy added 1.5 million jobs. The Fed spent $10.9bn on it.",
            ["The U.S. economy added 1.5 million jobs.", "The Fed spent $10.9bn on it."],
        ),
        ("“We will win,” Kim said. He smiled.", ["“We will win,” Kim said.", "He smiled."]),
        (
            "“The city will be rebuilt.” Residents cheered.",
            ["“The city will be rebuilt.”", "Residents cheered."],
        ),
        ("“Why now?” Kim asked. Nobody answered.", ["“Why now?” Kim asked.", "Nobody answered."]),
        (
            "J. K. Rowling signed books on Jan. 5 in St. Louis. Fans queued.",
            ["J. K. Rowling signed books on Jan. 5 in St. Louis.", "Fans queued."],
        ),
        (
            "He moved to the U.S. The next year he left.",
            ["He moved to the U.S.", "The next year he left."],
        ),
        (
            "It was No. 10 on the list. The answer was no. Then he left.",
            ["It was No. 10 on the list.", "The answer was no.", "Then he left."],
        ),
        (
            "Shares fell 2.5% at 9 a.m. on Friday. Analysts shrugged!  What next?",
            ["Shares fell 2.5% at 9 a.m. on Friday.", "Analysts shrugged!", "What next?"],
        ),
        (
            '"I disagree," said Dr. Ann Lee, a professor. "Strongly."',
            ['"I disagree," said Dr. Ann Lee, a professor.', '"Strongly."'],
        ),
    ],
)
def test_splitter_on_tricky_news_sentences(paragraph, expected):
    assert split_sentences_rules(paragraph) == expected


def test_sentences_work_without_nltk_data():
    # The machines this runs on never downloaded punkt; the splitter must not need it.
    assert sentences("First one here. Second one there.") == [
        "First one here.",
        "Second one there.",
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Lena Ortiz/AFP via Getty Images",
        "John Smith via Getty Images",
        "Read Entire Article",
        "Read more",
        "20 hours ago 3",
        "5 mins ago",
        "Share this article",
        "Share | Tweet | Email",
        "Advertisement",
        "12 Comments",
    ],
)
def test_boilerplate_lines_are_recognised(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "The mayor said the bridge would reopen.",
        "Read the statement below, officials said, before leaving the room in a hurry.",
        "Shares of Getty Images rose 5% on Monday after the results.",
    ],
)
def test_ordinary_sentences_are_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_clean_drops_credits_widgets_and_timestamps():
    cleaned = clean(SCRAPED_ARTICLE)
    for junk in ("Getty", "20 hours ago", "Share this", "Read Entire", "Advertisement"):
        assert junk not in cleaned
    assert "Mayor Dana Whitfield cut the ribbon" in cleaned


def test_clean_joins_hard_wrapped_lines_but_keeps_paragraphs():
    cleaned = clean("The mayor said the bridge\nwould reopen soon.\n\nA new paragraph starts.")
    assert paragraphs(cleaned) == [
        "The mayor said the bridge would reopen soon.",
        "A new paragraph starts.",
    ]


def test_clean_normalises_quotation_marks_and_spaces():
    assert clean("«Oui» dit-il.\u00a0\u200bOk.") == "“Oui” dit-il. Ok."
    assert clean("``Hello,'' she said.") == "“Hello,” she said."


def test_content_hash_ignores_spacing_and_case():
    assert content_hash("The  bridge\nreopened.") == content_hash("the bridge reopened.")
    assert content_hash("The bridge reopened.") != content_hash("The bridge closed.")
    assert content_hash("Rates rose 2% today.") != content_hash("Rates rose 5% today.")


def test_tokenizer_gives_sumy_words_without_numbers_or_marks():
    tok = NewsTokenizer()
    assert tok.to_words("It cost $10.9bn, Kim's aide said.") == (
        "It",
        "cost",
        "bn",
        "Kim's",
        "aide",
        "said",
    )


def test_truncate_cuts_on_a_word_boundary_with_ellipsis():
    cut = truncate("alpha beta gamma delta epsilon", 16)
    assert cut == "alpha beta…" and len(cut) <= 16
    assert truncate("short", 10) == "short"
