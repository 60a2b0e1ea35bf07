"""Which stretches in quotation marks come out as quotations: titles, excerpts and scare quotes.

Invented sentences with invented names; each test names the behaviour a reader of `/quote` or
`newsbot quotes` would notice.
"""

from bot.engine.quotes.extract import extract


def quotes(text: str) -> list[str]:
    return [q.quote for q in extract(text)]


def test_show_title_with_a_lowercase_is_before_a_star_and_name_is_no_quotation():
    text = (
        "“Harbour is the New Port” star Mira Talbot opened up about her years on stage.\n\n"
        "“I never expected any of it,” Talbot said."
    )
    assert quotes(text) == ["I never expected any of it,"]


def test_excerpt_a_roundup_quotes_after_a_headline_and_byline_is_no_quotation():
    text = (
        "HARBOUR NEWS—“Ferry service to resume in March,” by the Gazette's Kim Varga: "
        "“The ferry between Brenholm and Skarvik will sail again in March after a winter "
        "of repairs, the operator said on Monday.”\n\n"
        "“We are ready,” said Lena Oduya, the operator's chief."
    )
    assert quotes(text) == ["We are ready,"]


def test_narration_in_stray_marks_gives_the_words_its_verb_reports():
    text = (
        "The interview did not go as planned.\n\n"
        '"“We will win the harbour vote,” Kim Varga replied before leaving the studio."'
    )
    found = extract(text)
    assert [(q.quote, q.speaker) for q in found] == [("We will win the harbour vote,", "Kim Varga")]


def test_excerpt_introduced_as_someones_stays_whole_with_its_nested_quotation():
    text = (
        "As the Gazette's Lena Oduya wrote on Monday:\n\n"
        '"The council met for three hours. “We will win the harbour vote,” Kim Varga replied '
        'before leaving."'
    )
    assert quotes(text)[-1].startswith("The council met for three hours.")


def test_quotation_cut_by_a_stray_line_break_keeps_its_first_line():
    text = (
        "“The ferry is late again,” Kim Varga added, “and the harbour board refuses to take part\n"
        "in the talks with the crews.”"
    )
    found = extract(text)
    assert found[-1].quote.startswith("and the harbour board refuses")


def test_later_paragraph_of_an_introduced_excerpt_stays_whole():
    text = (
        "From the Gazette's Lena Oduya:\n\n"
        '"The council met for three hours on Monday.\n\n'
        '"Kim Varga defended the plan, saying, “We will win the harbour vote.”"'
    )
    assert quotes(text)[-1].startswith("Kim Varga defended the plan")
