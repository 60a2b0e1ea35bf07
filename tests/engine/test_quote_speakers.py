"""Who said it, in what role and for whom: speaker phrases, the register of people, descriptions.

Hand-written articles (fiction) in `tests/samples_quotes.py`; each test names the behaviour a
reader of `/quote` or `newsbot quotes` would notice.
"""

import pytest

from bot.engine.quotes.extract import extract
from bot.engine.quotes.roles import split_role
from tests.samples_quotes import NON_SPEAKER_ARTICLE, RULER_ARTICLE, TRANSPORT_ARTICLE


def said(text: str, words: str):
    """The quotation of `text` that starts with `words`."""
    return next(q for q in extract(text) if q.quote.startswith(words))


def who(q) -> tuple:
    return (q.speaker, q.speaker_role, q.speaker_affiliation)


def test_person_of_an_organisation_is_the_speaker_and_the_body_the_affiliation():
    q = said(
        '"The vaccine is a tool, not a silver bullet," said Joseph Otieno of the charity '
        "Malaria Free Africa.",
        "The vaccine",
    )
    assert who(q) == ("Joseph Otieno", None, "Malaria Free Africa")


def test_appositive_naming_the_body_after_of_the_operator():
    q = said(TRANSPORT_ARTICLE, "We sail")
    assert who(q) == ("Karin Holm", None, "Skarholm Sea Lines")


def test_spokesperson_for_a_body_gets_role_and_affiliation():
    q = said('"We will appeal," said Maria Lopez, a spokeswoman for the Harbour Authority.', "We")
    assert who(q) == ("Maria Lopez", "spokeswoman", "Harbour Authority")


def test_body_before_the_spokesman_is_his_affiliation():
    q = said(TRANSPORT_ARTICLE, "It was a difficult year")
    assert who(q) == ("Erik Lund", "spokesman", "Skarholm")


def test_who_heads_gives_role_and_affiliation():
    q = said(TRANSPORT_ARTICLE, "This will cost jobs")
    assert who(q) == ("Anna Berg", "head", "Valley Farmers Union")


def test_age_between_commas_is_skipped_and_the_description_is_the_role():
    q = said(TRANSPORT_ARTICLE, "Nobody asked us")
    assert who(q) == ("Tom Reed", "teacher from Leeds", None)


def test_the_minister_is_the_last_person_named_with_that_title():
    q = said(TRANSPORT_ARTICLE, "The bridge will be closed")
    assert who(q) == ("Laura Brennan", "Infrastructure Minister", "Ministry of Transport")


def test_the_mayor_is_the_mayor_named_just_before():
    assert said(TRANSPORT_ARTICLE, "It is long overdue").speaker == "Pablo Ruiz"


def test_the_minister_stays_a_description_when_no_minister_is_named():
    q = said('Kim Varga opened the hall. "We will build it," the minister said.', "We will")
    assert q.speaker == "the minister"


def test_the_minister_is_not_the_deputy_minister():
    text = 'Deputy Minister Ola Berg spoke first. "The money is there," the minister said.'
    assert said(text, "The money").speaker == "the minister"


def test_a_paragraph_of_only_quotation_takes_the_previous_speaker():
    assert said(TRANSPORT_ARTICLE, "And the ferries").speaker == "Erik Lund"


def test_description_resolves_to_the_dominant_person():
    found = extract(RULER_ARTICLE)
    assert [q.speaker for q in found] == ["Kim Jong Un", "Kim Jong Un"]


def test_description_stays_unresolved_when_no_person_dominates():
    text = (
        "Kim Jong Un met Ada Park on Friday. Kim Jong Un and Ada Park spoke for an hour.\n\n"
        'Later the veteran leader praised the "heroic" conduct of the soldiers.'
    )
    assert [q.speaker for q in extract(text)] != ["Kim Jong Un"]
    assert extract(text)[0].speaker in (None, "the veteran leader")


def test_honorifics_are_not_roles():
    text = (
        'Dr. Ada Park toured the ward. "We need more nurses," Dr. Park said.\n\n'
        '"The queue is shorter," said Sen. Ola Berg. "It took a year," Ms. Berg added.'
    )
    assert [(q.speaker, q.speaker_role) for q in extract(text)] == [
        ("Ada Park", None),
        ("Ola Berg", None),
        ("Ola Berg", None),
    ]


def test_one_role_per_person_the_most_specific():
    text = (
        "Opposition leader Dr. Samuel Adeyemi said the rollout was late.\n\n"
        '"We were promised doses in March," Dr. Adeyemi said.\n\n'
        'Dr. Elena Rossi, WHO\'s director of immunisation, said: "Every region gets its share."\n\n'
        '"We are on track," Dr. Rossi said.'
    )
    assert [who(q) for q in extract(text)] == [
        ("Samuel Adeyemi", "Opposition leader", None),
        ("Elena Rossi", "director of immunisation", "WHO"),
        ("Elena Rossi", "director of immunisation", "WHO"),
    ]


@pytest.mark.parametrize(
    ("opening", "kind"),
    [
        ("the plan is dead", "a sentence-initial adverb"),
        ("a second opinion", "a sentence-initial verb"),
        ("was never going", "a place"),
    ],
)
def test_capitalised_words_that_are_not_people_are_never_speakers(opening, kind):
    q = said(NON_SPEAKER_ARTICLE, opening)
    assert q.speaker not in ("Already", "Get", "Dallas", "FULL TEXT"), kind


def test_organisation_or_document_speaks_when_it_is_the_subject():
    assert said(NON_SPEAKER_ARTICLE, "was never going").speaker == "the report"
    q = said('"Costs rose by a third," the Harbour Authority said in a statement.', "Costs")
    assert q.speaker == "Harbour Authority"


def test_heading_date_and_number_are_never_speakers():
    text = (
        "PORT NEWS TODAY\n\n"
        'PORT NEWS TODAY: "the ferry strike is over and the boats will sail again."\n\n'
        '"It rained on the harbour all week long," Tuesday said.\n\n'
        '"The vote went our way in the end," 10 Republican said.'
    )
    assert all(q.speaker is None for q in extract(text))


@pytest.mark.parametrize(
    ("words", "role", "affiliation"),
    [
        ("Dr.", None, None),
        ("spokesman for the Harbour Authority", "spokesman", "Harbour Authority"),
        ("economist at Nordbank", "economist", "Nordbank"),
        ("of the charity Malaria Free Africa", None, "Malaria Free Africa"),
        ("WHO's director of immunisation", "director of immunisation", "WHO"),
        ("mayor of Linden", "mayor of Linden", None),
        ("who became minister in May", "minister", None),
        ("Infrastructure Minister", "Infrastructure Minister", None),
    ],
)
def test_role_words_split_into_role_and_affiliation(words, role, affiliation):
    parts = split_role(words)
    assert (parts.role, parts.affiliation) == (role, affiliation)
