"""Speaker rules of round 2: invented sentences, each test named after what a reader would notice."""

import pytest

from bot.engine.quotes.extract import extract


def speakers(text: str) -> list:
    return [q.speaker for q in extract(text)]


def test_a_conclusion_is_said_by_its_owner():
    text = (
        "The councillors say they are not hiding from the mayor, who has been hurt by "
        'Inspector Dana Holt\'s conclusion that her budget was "badly mismanaged."'
    )
    assert speakers(text) == ["Dana Holt"]


def test_a_described_source_calling_it_a_name_in_marks_is_the_speaker():
    text = "Today, the island's weekly newspaper calls it “the jewel” of the northern coast."
    assert speakers(text) == ["the island's weekly newspaper"]


def test_a_case_name_with_v_does_not_end_the_sentence_that_introduces_a_quotation():
    text = (
        "Dana Holt spoke about Ferry Union v. Harbor Board, the case now before the court.\n"
        "“The harbor belongs to the people who work on it. We will keep fighting for it.”"
    )
    assert speakers(text) == ["Dana Holt"]


def test_an_aside_in_parentheses_closing_the_paragraph_does_not_take_the_quotation():
    text = (
        "Dana Holt also spoke about the harbor case, which is now before the court. (The "
        "rules require every ferry to carry two pilots. They also ban night crossings.)\n"
        "“The harbor belongs to the people who work on it. We will keep fighting for it.”"
    )
    assert speakers(text) == ["Dana Holt"]


def test_a_one_clause_sentence_ending_in_a_colon_names_a_group_as_the_source():
    text = (
        "The ferry form asks for every passenger's name. Applicants are required to answer: "
        "“Have you ever worked on a ship? If so, list every vessel and every year.”"
    )
    assert speakers(text) == ["Applicants"]


def test_a_pause_between_a_speakers_paragraphs_keeps_the_speaker():
    text = (
        "“We are calling from the ferry union. Can we count on your vote?” Lena Berg said "
        "into the phone.\n\nPause.\n\n“Well, you do that! The union will remember it, and so "
        "will I.”"
    )
    assert speakers(text) == ["Lena Berg", "Lena Berg"]


def test_a_group_crying_a_word_in_marks_is_its_speaker():
    text = "Dana Holt spoke first. Dockers on the pier are now crying “shame” over the port deal."
    assert speakers(text) == ["Dockers"]


def test_a_denial_or_an_allegation_is_said_by_its_owner():
    text = (
        "The board met on Monday. Reporters pressed the mayor on Lena Berg's allegation "
        "that the port deal was “rigged from the start.”"
    )
    assert speakers(text) == ["Lena Berg"]


@pytest.mark.parametrize(
    "text",
    [
        "The port deal has been called “a quiet betrayal” by Lena Berg, a union leader.",
        "The port deal was widely described as “a betrayal” by Lena Berg.",
    ],
)
def test_the_agent_of_a_passive_naming_verb_said_the_words(text):
    assert speakers(text) == ["Lena Berg"]


def test_a_pronoun_tells_the_gender_a_first_name_did_not():
    text = (
        "Lena Berg met Tom Ek on Monday.\n\n“He is a fine negotiator,” she said.\n\n"
        "“She is tough but fair,” he said."
    )
    assert speakers(text) == ["Lena Berg", "Tom Ek"]


def test_came_shouts_from_names_who_shouted():
    text = (
        "Dana Holt asked the chair for a vote.\n\n“Call the roll,” came shouts from the floor, "
        "as the delegates booed. (“We want no fights,” said one delegate.)"
    )
    assert speakers(text)[0] == "the floor"


def test_a_quotation_inside_a_sentence_before_came_from_keeps_its_cue():
    text = "Dana Holt lamented that the “danger” came from the board's own rules."
    assert speakers(text) == ["Dana Holt"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Tom Ek spoke first. Likewise, a paper from the Harbor Institute had this to say "
            "about the deal: “Families at the top would gain the most from it.”",
            "a paper",
        ),
        (
            "A 2014 Lund University paper found the effect on ferry jobs “significant.”",
            "A 2014 Lund University paper",
        ),
    ],
)
def test_a_paper_is_a_document_that_is_the_source_of_its_words(text, speaker):
    assert speakers(text) == [speaker]


def test_an_agency_that_declines_to_give_details_is_the_source():
    text = (
        "The harbor police confirmed an inquiry on Monday. The agency declined to discuss its "
        "“focus, scope or likely targets.”"
    )
    assert speakers(text) == ["The agency"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Under Lund law, trespass is committed when a person “knowingly enters a dock "
            "without leave of the harbor master.”",
            "Lund law",
        ),
        (
            "Under the Harbor Safety Act, which the council passed in March, the board must "
            "hire pilots and “any other person certified by the administrator to steer a vessel.”",
            "Harbor Safety Act",
        ),
    ],
)
def test_a_sentence_opened_by_under_a_law_quotes_the_law(text, speaker):
    assert speakers(text) == [speaker]


def test_identifying_someone_as_words_in_marks_reports_them():
    text = (
        "Tom Ek spoke first. Lena Berg identified the judge as “Spanish,” which is what some "
        "people call anyone they think speaks it."
    )
    assert speakers(text) == ["Lena Berg"]


def test_identifying_someone_by_name_reports_no_words():
    text = "Police identified the man as Tom Ek, a docker who was “well liked.”"
    assert speakers(text) in ([], [None])


@pytest.mark.parametrize("opening", ["Hours after", "Shortly after", "A day after", "Just after"])
def test_a_qualified_subordinate_clause_keeps_its_own_cue(opening):
    text = (
        f"Dana Holt and Tom Ek met on Monday. {opening} Holt called the deal “dead,” Ek said "
        "it was “very much alive.”"
    )
    assert speakers(text) == ["Dana Holt", "Tom Ek"]


def test_a_readers_note_opening_with_see_gives_no_first_name():
    text = (
        "The writer Jared Sexton spent the day at the rally.\n"
        "(See Sexton’s full timeline of the rally below.)\n"
        "“Some of it was a casual, country-club hate,” Sexton said."
    )
    assert speakers(text) == ["Jared Sexton"]


def test_a_sentence_adverb_before_a_surname_is_no_first_name():
    text = (
        "The rise of Christoph Berg changed the party. Interestingly Berg, a wealthy "
        "industrialist, became the voice of the valleys.\n\n“We must be careful,” he said."
    )
    assert speakers(text) == ["Christoph Berg"]


@pytest.mark.parametrize(
    "text",
    [
        "“The port will grow,” said Lund State University political scientist Dana Holt.",
        "“The port will grow,” said Harbor Committee ranking Democrat Dana Holt (D-Lund).",
        "Lund State University political scientist Dana Holt said the port would “grow fast.”",
    ],
)
def test_a_body_and_a_two_word_role_before_a_name_leave_the_name_as_speaker(text):
    assert speakers(text) == ["Dana Holt"]


def test_a_name_set_off_inside_a_relative_clause_is_not_the_subject():
    text = (
        "Tom Ek, who lives outside the state capital, Salem, said he still “hopes for a "
        "miracle at the convention.”"
    )
    assert speakers(text) == ["Tom Ek"]


def test_a_home_town_set_off_before_a_relative_clause_belongs_to_the_speaker():
    text = (
        "Voters were split. “We need change,” Tom Ek, of Lund, who was among those polled, "
        "said in a follow-up interview."
    )
    assert speakers(text) == ["Tom Ek"]


def test_a_party_name_with_a_title_word_inside_stays_whole():
    text = "“We are proud of every volunteer,” the Lund Democratic Party said in a statement."
    assert speakers(text) == ["Lund Democratic Party"]


def test_a_web_page_that_lists_someone_is_the_source():
    text = (
        "The firm was owned by Tom Ek. Ek's LinkedIn page lists him as “Managing Director at "
        "Harbor Holdings.” The phone number is disconnected."
    )
    assert speakers(text) == ["Ek's LinkedIn page"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Tom Ek spoke first. A 2014 harbor board audit revealed the ferries were “unsafe "
            "to sail in winter.”",
            "A 2014 harbor board audit",
        ),
        (
            "Tom Ek spoke first. The audit determined the ferries were “unsafe to sail in winter.”",
            "The audit",
        ),
    ],
)
def test_a_document_that_reveals_or_determines_is_the_source(text, speaker):
    assert speakers(text) == [speaker]


def test_a_description_known_as_a_name_gives_the_name():
    text = (
        "“There never was an order to wait,” said the harbor chief known as Bob, speaking "
        "publicly for the first time."
    )
    assert speakers(text) == ["Bob"]


def test_a_body_word_inside_a_title_does_not_hide_the_person_of_a_state():
    text = "House Speaker Dana Holt of Oregon lamented the “sad” state of the campaign."
    assert speakers(text) == ["Dana Holt"]


def test_with_a_described_subject_ending_in_a_place_the_description_speaks():
    text = (
        "Rick Lund turned on Holt, with the campaign of the former senator from Oregon saying "
        "Holt was “not a real conservative.”"
    )
    assert speakers(text) == ["the campaign of the former senator from Oregon"]


def test_a_sentence_opened_by_given_names_no_speaker_given():
    text = (
        "Dana Holt said open borders are “tearing families apart.” Given her past comments on "
        "building a wall to keep so-called “smugglers” and “pirates” off the pier, it is safe "
        "to say she means the dockers."
    )
    assert "Given" not in speakers(text)


def test_a_title_word_opening_a_bodys_name_keeps_the_body_whole():
    text = (
        "The State Department said it had found “no records of the calls.”\n\n"
        "House Majority Leader Kevin Lund, R-Calif., revealed this last fall when he boasted "
        "about the inquiry. “Everybody thought she was unbeatable, right?” he told Fox News."
    )
    assert speakers(text) == ["State Department", "Kevin Lund"]


def test_two_roles_joined_by_and_before_a_name_leave_the_name():
    text = "“It is a no-brainer,” said former prosecutor and Lund Mayor Dana Holt."
    assert speakers(text) == ["Dana Holt"]


def test_a_role_and_a_name_without_a_title_stay_two_people():
    text = "“It is a no-brainer,” said the lawyer and Dana Holt, her client."
    assert speakers(text) == ["the lawyer"]


def test_an_outlet_reporting_after_a_title_in_marks_is_the_accounts_source():
    text = (
        "Dana Holt slammed the Scouts for promoting “bad values” on her weekly radio show, "
        "“Harbor Hour,” Harbor Watch first reported."
    )
    assert speakers(text) == ["Harbor Watch"]


def test_a_reduced_passive_naming_clause_outranks_the_sentences_account_source():
    text = (
        "With its port in Lund, called the “Crossroads of the North” by its citizens, the "
        "county leans right, according to the Gazette."
    )
    assert speakers(text) == ["its citizens"]


def test_a_by_after_the_names_own_clause_is_not_its_agent():
    text = "A blog, called the “Feed,” anchored by five writers, pumps out articles every day."
    assert speakers(text) in ([], [None])


def test_the_clause_nearest_a_colon_names_its_speaker_when_the_first_does_not():
    text = (
        "The debate fell on a holiday weekend, and the timing was so odd that the union’s "
        "spokesman could only quip: “I guess Christmas Eve was booked.”"
    )
    assert speakers(text) == ["the union’s spokesman"]


def test_a_verb_reported_before_a_colon_does_not_name_the_speaker():
    text = (
        "Another said he hoped with his “whole heart” that Ek wins the election: “That way I "
        "can watch the comedy for years.”"
    )
    assert speakers(text)[-1] == "Another"


def test_a_spokesman_for_someone_speaks_not_the_person_served():
    text = "A spokesman for Dana Holt said the plan was “outrageous.”"
    assert speakers(text) == ["A spokesman"]


def test_a_place_after_for_is_not_the_subject_of_the_verb():
    text = (
        "In a Gazette poll, most voters accepted that Holt’s plan for Lund was the “right "
        "direction” for the port."
    )
    assert "Lund" not in speakers(text)


def test_an_appositive_missing_its_closing_comma_still_describes_the_name():
    text = (
        "Sam Lau, the communications director for the Lund Democratic Party said in a "
        "statement: “We are proud of every volunteer.”"
    )
    assert speakers(text) == ["Sam Lau"]


def test_a_place_opening_the_clause_is_not_described_by_the_spokesman_after_it():
    text = "In Lund, a spokesman for Dana Holt said the plan was “outrageous.”"
    assert speakers(text) == ["a spokesman"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Dana Holt appears later. Before that, a bearded cleric is shown lecturing: “People "
            "of the West, take heed and learn from the lessons of history.”",
            "a bearded cleric",
        ),
        (
            "Dana Holt spoke for an hour. Afterwards the dockers vented that the vote had been "
            "“a fight from start to finish.”",
            "the dockers",
        ),
    ],
)
def test_lecturing_preaching_ranting_and_venting_report_words(text, speaker):
    assert speakers(text) == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "Dana Holt spoke first. Afterwards the dockers bemoaned the “lost summer” at the port.",
        "Dana Holt spoke first. Afterwards the dockers chided the board for its “lost summer.”",
    ],
)
def test_bemoaning_and_chiding_report_words(text):
    assert speakers(text) == ["the dockers"]


def test_rebutted_doubles_its_t_and_reports_words():
    text = "Dana Holt spoke first. The dockers rebutted that the pier was “perfectly safe.”"
    assert speakers(text) == ["The dockers"]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Ek spoke first. Dana Holt's swipe that Ek was the “king of debt” drew laughs.",
        "Tom Ek spoke first. The crowd laughed at Dana Holt's “king of debt” jab.",
    ],
)
def test_a_jab_or_a_swipe_is_said_by_its_owner(text):
    assert speakers(text) == ["Dana Holt"]
