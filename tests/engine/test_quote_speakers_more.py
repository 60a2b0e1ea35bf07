"""More speaker attribution in news prose: whose clause a quotation sits in, who a phrase names.

Invented sentences with invented names; each test names what a reader of `/quote` would notice.
"""

from bot.engine.quotes.extract import extract


def said(text: str, words: str):
    """The quotation of `text` that starts with `words`."""
    return next(q for q in extract(text) if q.quote.startswith(words))


def test_main_clause_after_a_cued_relative_clause_keeps_its_own_subject():
    text = (
        "In a broadcast that Judge Mara Lenz called “tasteless,” Piet Dorfman expressed a wish "
        "to “hunt down every last one of the harbour inspectors.”"
    )
    assert said(text, "hunt down").speaker == "Piet Dorfman"


def test_cue_inside_a_clause_of_contrast_does_not_reach_the_quotation_before_it():
    text = (
        "Oskar Brandt grumbled that the new director was “learning on the job,” while the board "
        "mailed out “Dear Oskar” pamphlets that called him “a dreamer and a dilettante.”"
    )
    assert said(text, "learning on the job").speaker == "Oskar Brandt"


def test_appositive_holding_a_show_title_in_marks_still_ends_at_the_name_before_it():
    text = (
        "Lena Okafor, a contestant on Varga's radio show, “The Harbour,” who went on to work "
        "alongside Varga, said her boss was “always kind and generous and charming.”"
    )
    assert said(text, "always kind").speaker == "Lena Okafor"


def test_dateline_with_a_date_and_agency_is_not_the_subject_of_a_participle():
    text = (
        "Harbour vote.\n\nLONDON, Dec. 8 (UPI) — In response to the mayor's plan to close the "
        "harbour, the council leader Greta Lindqvist rallied supporters, saying: “We have to "
        "be ready to stop him.”"
    )
    assert said(text, "We have to").speaker == "Greta Lindqvist"


def test_subject_of_a_clause_opened_by_after_is_not_the_complement_before_it():
    text = "Ole Brandt is confident after a woman told him he is “too gentle” to win the seat."
    assert said(text, "too gentle").speaker == "a woman"


def test_place_with_its_state_after_a_description_leaves_the_description_the_subject():
    text = (
        "Ole Brandt is telling voters he is tough enough to be mayor after a woman in Salem, "
        "Oregon, told him she worries he is “too gentle” to win the seat."
    )
    assert said(text, "too gentle").speaker == "a woman"


def test_official_at_a_body_with_a_relative_clause_is_the_speaker_not_the_body():
    text = (
        "A senior official at the harbour board, who asked not to be named, said the plan "
        "was “a boon for the port.”"
    )
    assert said(text, "a boon").speaker == "A senior official at the harbour board"


def test_plural_noun_before_who_and_a_plain_verb_is_the_subject():
    text = "Residents who live near the port in Linden said the plan was “a disaster for them.”"
    assert said(text, "a disaster").speaker == "Residents"


def test_holder_of_a_that_clause_speaks_when_the_clause_subject_has_an_article():
    text = (
        "Two harbour pilots, Anna Varga and Boris Lund, found last year that the Linden "
        "Coast Guard is “the slowest on the coast.”"
    )
    assert said(text, "the slowest").speaker == "Boris Lund"


def test_verbless_lead_in_with_a_colon_goes_on_with_the_last_speaker():
    text = (
        "“We made a terrible mistake closing the harbour,” Dara Quill told the Linden Gazette "
        "in May.\n\nThen, later that month on Radio North: “I have never said we made a "
        "mistake closing the harbour.”"
    )
    assert said(text, "I have never said").speaker == "Dara Quill"


def test_and_after_a_comma_opens_a_clause_whose_subject_a_later_he_stands_for():
    text = (
        "Tom Reed, the mayor, faces Lena Okafor in the race.\n\nOkafor has surged in the polls "
        "since May, and Reed has noticed. “She is a serious opponent and I respect her,” he said."
    )
    assert said(text, "She is a serious").speaker == "Tom Reed"


def test_participle_after_a_when_clause_holding_a_title_goes_with_that_clause():
    text = (
        "Lena Okafor has a habit of commenting on her rivals. “Too much?” She wrote when Tom "
        "Reed closed a debate last week with a nod to the film “Harbour Lights” opening that "
        "night, remarking, “Thank you, and may the tide be with you.”"
    )
    assert said(text, "Thank you").speaker == "Tom Reed"


def test_quotation_whose_bare_subject_names_no_one_goes_on_with_the_paragraph_speaker():
    text = (
        "Rehearsing the show, Anna Varga said, helped her “find the sailor within myself,” too. "
        "Listeners can expect her to approach the concert with “a little more daring than "
        "they are used to.”"
    )
    assert said(text, "a little more daring").speaker == "Anna Varga"


def test_comma_inside_a_number_does_not_end_the_appositive_after_a_name():
    text = "Tom Reed, who won 4,000 votes, said the plan was “a disaster for all of us.”"
    assert said(text, "a disaster").speaker == "Tom Reed"


def test_noun_before_a_participle_phrase_is_the_subject_not_the_participle_object():
    text = "The union representing dockers at the port called the plan “a disaster for us.”"
    assert said(text, "a disaster").speaker == "The union"


def test_quantifier_floating_after_the_subject_is_not_the_speaker():
    text = "Lena Okafor and Tom Reed have both called the plan “a waste of money.”"
    assert said(text, "a waste").speaker == "Tom Reed"


def test_people_close_to_someone_speak_not_the_person_they_are_close_to():
    text = "Those close to Lena Okafor say she is “furious” about the vote."
    assert said(text, "furious").speaker == "Those"


def test_quotation_inside_an_unmarked_block_after_an_intro_is_the_introducer_s():
    text = (
        "In a letter to the harbour board, the ferry captain Tomas Lindqvist wrote:\n\n"
        "The crossings have been late all winter and the crews are tired. The real question "
        "for the board is “who will pay for the new engines?”"
    )
    assert said(text, "who will pay").speaker == "Tomas Lindqvist"


def test_quotation_mid_sentence_goes_on_with_the_reporter_of_the_sentence_before():
    text = (
        "Ruth Pell has warned that the ferry timetable was drawn up in a hurry. So the "
        "islanders are left with “a boat that comes when it feels like coming.”"
    )
    assert said(text, "a boat that comes").speaker == "Ruth Pell"


def test_clause_ending_in_a_colon_with_people_as_subject_introduces_their_question():
    text = (
        "At the briefing on Monday, the first three questioners were openly hostile: "
        "“Why did the ferry sink twice in one year?”"
    )
    assert "questioners" in (said(text, "Why did the ferry").speaker or "")


def test_claim_owned_inside_a_relative_clause_is_not_taken_by_an_earlier_cue():
    text = (
        "The candidates say they are not avoiding Lena Okafor, who has been hurt in recent "
        "weeks by Judge Tom Reed's claim that her actions were “extremely careless.”"
    )
    assert said(text, "extremely careless").speaker == "Tom Reed"


def test_bare_surname_far_from_a_namesake_stands_for_the_person_introduced_first():
    text = (
        "Harbour race.\n\nOn Monday the candidate Lena Varga opened her campaign in Linden. "
        "“We will rebuild the port,” Varga said.\n\nHer husband, Tom Varga, a former mayor, "
        "joined her later in the week at a rally in Dunmore and greeted the crowd before the "
        "speeches began.\n\nThe crowd was large and loud and the weather was cold, and the "
        "organisers handed out coffee to everyone who stood outside the hall for hours on end."
        "\n\n“We will win the county and then the state,” Varga said on Friday."
    )
    assert said(text, "We will win the county").speaker == "Lena Varga"


def test_a_part_of_a_document_ending_in_a_colon_introduces_its_text():
    text = (
        "The audit covered the ferry accounts only. A footnote in the audit spells it out: "
        "“These figures do not include the harbour pension fund or its investments.”"
    )
    assert said(text, "These figures").speaker == "A footnote"


def test_place_after_a_verb_in_a_contact_clause_gives_no_verb_as_the_speaker():
    text = "A docker I met in Salem, Oregon, said the plan was “a disaster for the whole town.”"
    assert said(text, "a disaster").speaker != "met"


def test_paragraph_of_quotation_after_the_title_of_a_named_person_is_theirs():
    text = (
        "Lena Okafor, the harbour board chairwoman, met Tom Reed, the mayor, in Linden.\n\n"
        "“We could not agree on anything,” Okafor said.\n\nThe mayor saw it differently.\n\n"
        "“We agreed on the main points and we will sign next week.”"
    )
    assert said(text, "We agreed").speaker == "Tom Reed"


def test_plural_noun_of_things_before_a_colon_is_no_speaker():
    text = "The numbers were stark: “Only twelve ferries sailed from Linden in May.”"
    assert said(text, "Only twelve").speaker is None
