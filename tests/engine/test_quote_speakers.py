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


def test_description_stays_unresolved_when_another_person_is_named_half_as_often():
    text = (
        "Tomas Berg ran the campaign. Berg hired the staff, Berg chose the slogans and Berg "
        "booked the halls. Berg also wrote the speeches, and Berg paid the bills.\n\n"
        "Berg works for Dara Quill. Quill met donors, and Quill toured the port.\n\n"
        'In a statement, the property tycoon announced that "the campaign is in good hands."'
    )
    assert [q.speaker for q in extract(text)] == ["the property tycoon"]


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


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            '"We will not move the depot," Ilse Marten said, according to the Linden Courier.',
            "Linden Courier",
        ),
        (
            'According to Radio Vale, Ilse Marten said the depot was "staying where it is."',
            "Radio Vale",
        ),
        (
            'Ilse Marten said the depot was "staying where it is," the Linden Courier reported.',
            "Linden Courier",
        ),
        (
            '"We will not move the depot," said Ilse Marten, reports the Linden Courier.',
            "Linden Courier",
        ),
    ],
)
def test_second_hand_quotation_is_attributed_to_the_source_of_the_account(text, source):
    assert extract(text)[0].speaker == source


def test_quotation_with_no_named_source_keeps_its_speaker():
    q = said('"We will not move the depot," Ilse Marten said after a report in the press.', "We")
    assert q.speaker == "Ilse Marten"


def test_place_with_its_state_inside_an_appositive_keeps_the_person_as_speaker():
    q = said(
        'Tom Reed, a teacher from Salem, Oregon, said the plan was "a disgrace to the town."', "a"
    )
    assert (q.speaker, q.speaker_role) == ("Tom Reed", "teacher from Salem, Oregon")


def test_description_with_a_phrase_before_its_verb_speaks_after_the_quotation():
    text = '"Vote for the harbour," a voice-over in the advert says. "It is your town."'
    assert [q.speaker for q in extract(text)] == ["a voice-over", "a voice-over"]


def test_according_to_names_the_source_when_the_verb_is_no_cue():
    q = extract(
        '"Nothing prepares you for the office," the governor will say tonight, according to '
        "excerpts released by her office."
    )[0]
    assert (q.speaker, q.cue) == ("excerpts", "according to")


def test_according_to_a_study_by_a_person_names_the_person():
    q = extract(
        'A "fair wage" in Linden is about $14 an hour, according to calculations by '
        "Mira Holt of the Linden Institute."
    )[0]
    assert q.speaker == "Mira Holt"


def test_dateline_with_agency_is_not_the_speaker():
    q = extract(
        "Linden (NPA) – Mayor Pablo Ruiz has taken aim at the port board, saying its plans "
        'are "a gift to the shipping lines."'
    )[0]
    assert q.speaker == "Pablo Ruiz"


def test_subject_of_a_reported_clause_is_not_read_as_an_inverted_speaker():
    text = (
        'Ada Kerr, the author of "Salt Roads," a history of the port, said the days when '
        'the town had "one newspaper and one opinion" are over.'
    )
    q = said(text, "one newspaper")
    assert q.speaker == "Ada Kerr"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('A source familiar with the mayor\'s thinking said, "She will run again."', "A source"),
        ('"She will run again," a person close to the campaign said.', "a person"),
        (
            '"The depot stays," a voice-over says while the harbour appears on screen.',
            "a voice-over",
        ),
    ],
)
def test_unnamed_source_described_by_what_it_knows_or_where_it_is(text, speaker):
    assert extract(text)[0].speaker == speaker


def test_long_appositive_still_leads_back_to_the_speaker():
    text = (
        "Rita Vance, a veteran organiser who ran the port workers' campaign in 2019 and is now "
        "leading the union's early-vote drive across the county, said the plan is \"our best "
        'chance in years."'
    )
    assert said(text, "our best").speaker == "Rita Vance"


def test_new_sentence_after_a_closed_quotation_is_not_its_attribution():
    text = (
        '"It is a sad day," Ilse Marten told reporters at the depot. "We did not expect it." '
        "Mayor Pablo Ruiz said he would call the board on Monday."
    )
    assert said(text, "We did not").speaker == "Ilse Marten"


def test_attribution_after_a_sentence_final_quotation_still_counts_when_it_ends():
    text = 'Ilse Marten spoke first. "We did not expect it." Pablo Ruiz said on Monday.'
    assert said(text, "We did not").speaker == "Pablo Ruiz"


def test_account_source_after_a_question_in_the_next_sentence_split():
    text = '"Is this a priority?" Ilse Marten asked on Sunday, according to the Linden Courier.'
    assert extract(text)[0].speaker == "Linden Courier"


def test_outlet_named_with_a_time_word_is_one_name():
    text = (
        '"You are no longer welcome," said Ilse Marten, a councillor, reports Linden Today. '
        '"That is the message we hear."'
    )
    assert [q.speaker for q in extract(text)] == ["Linden Today", "Linden Today"]


def test_from_a_document_before_a_colon_names_the_document():
    q = extract('From the audit: "Not every depot kept its books, and some kept two."')[0]
    assert (q.speaker, q.cue) == ("the audit", ":")


def test_a_document_speaks_through_what_it_found():
    q = extract('A 2024 council audit found "no record of the missing funds."')[0]
    assert (q.speaker, q.cue) == ("A 2024 council audit", "found")


def test_police_finding_something_is_not_a_quotation_source():
    q = extract('Police found the "missing" boat drifting off Linden on Sunday morning.')
    assert all(x.speaker != "Police" for x in q)


def test_a_clause_ending_in_a_colon_introduces_its_subjects_quotation():
    q = extract('Ilse Marten\'s letter makes a blunt case: "The depot must stay where it is."')[0]
    assert q.speaker == "Ilse Marten's letter"


def test_outlet_reporting_at_the_end_of_a_long_sentence_is_the_source():
    text = (
        'Fans of the away team chanted, "Sink the ferry," referring to the new harbour '
        "plan, the Linden Courier reports."
    )
    assert extract(text)[0].speaker == "Linden Courier"


def test_with_names_the_subject_of_its_participle():
    text = (
        "The row is over how the port responds to the strike, with Senator Rita Vance "
        'telling reporters on Thursday she saw the plan as "a failure from the start."'
    )
    assert extract(text)[0].speaker == "Rita Vance"


def test_relative_clause_after_a_document_does_not_hand_its_words_to_a_name():
    text = (
        '"The depot will reopen in May," read the statement, which was attributed to Vance. '
        '"Staff will be told first."'
    )
    assert [q.speaker for q in extract(text)] == ["the statement", "the statement"]


def test_description_naming_someone_with_a_label_is_the_speaker():
    q = extract('The council met on Friday; one councillor called Vance "a danger to the port."')
    assert q[0].speaker == "one councillor"


def test_a_thing_called_a_name_in_marks_is_no_quotation_of_its_namer():
    q = extract('Both reject a pricing rule called the "sliding scale" in the harbour plan.')
    assert all(x.speaker != "a pricing rule" for x in q)


def test_in_the_past_is_not_a_speaker():
    text = 'Rita Vance, who in the past has called the plan "a gift to shipping lines," spoke.'
    assert extract(text)[0].speaker == "Rita Vance"


def test_a_day_before_a_noun_is_part_of_the_description():
    text = 'Vance has been under fire.\n\n"He should speak up," reads a Sunday editorial.'
    assert extract(text)[0].speaker == "a Sunday editorial"


def test_a_document_opening_its_sentence_claims_what_it_quotes():
    q = extract('The advert claims "Vance is the candidate you can trust."')[0]
    assert (q.speaker, q.cue) == ("The advert", "claims")


def test_in_someones_view_names_the_source():
    q = extract('"It is a failure across the board" from ferries to buses, in Vance\'s view.')[0]
    assert q.speaker == "Vance"


def test_a_typographic_contraction_opening_the_sentence_is_no_speaker():
    text = (
        "It’s grown so loud along the coast that Greta Lindqvist during a Friday "
        "praised the crews “for every night out there” and called the harbour "
        "“the heart of this town.”"
    )
    assert [q.speaker for q in extract(text)] == ["Greta Lindqvist", "Greta Lindqvist"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Because of how the council set the timetable, explained Varga, “there is no way "
            "to finish the bridge by May.”",
            "Varga",
        ),
        (
            "The trouble with the harbour, says Lena Okafor, a historian at the Port Museum, "
            "is that it was “built for ships that no longer exist.”",
            "Lena Okafor",
        ),
        (
            "That would leave a “winter of doubt” for the mayor ahead of the vote, forcing "
            "her to defend the budget, said Tomas Berg, a council analyst.",
            "Tomas Berg",
        ),
        ("Reed praised the plan. But, said Berg, “we still need the money.”", "Berg"),
    ],
)
def test_a_cue_set_off_by_commas_before_its_speaker_is_inverted(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_a_name_before_an_appositive_comma_keeps_its_cue():
    text = (
        "Steve Lund, a former harbour pilot, said Anna Varga “knew every rock in the bay,” "
        "and the council agreed."
    )
    assert [q.speaker for q in extract(text)] == ["Steve Lund"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“The harbour will stay closed,” Mayor Dana Reyes said Monday in Linden, according "
            "to audio provided by Radio Vale.",
            "Radio Vale",
        ),
        (
            "“The ledger shows no missing funds,” according to a court paper lodged by "
            "county prosecutor Omar Haddad.",
            "Omar Haddad",
        ),
        ("“It was late,” according to a report by the committee.", "a report"),
    ],
)
def test_according_to_a_record_made_by_someone_names_its_maker(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The square was full by noon, with many dockers and their families chanting "
            "“no closures, no cuts.”",
            "many dockers and their families",
        ),
        (
            "Linden was calm on Sunday, with about 40 fishermen chanting “keep the harbour open.”",
            "about 40 fishermen",
        ),
        (
            "The first clash came during a hearing at the town hall, when harbour workers "
            "interrupted the mayor, shouting “not one more job!”",
            "harbour workers",
        ),
        (
            "Kim Varga, who was elected in May, rejected the plan on Tuesday, calling it “a gift "
            "to the developers.”",
            "Kim Varga",
        ),
    ],
)
def test_a_participle_takes_the_subject_it_follows(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_the_clause_ending_in_a_colon_introduces_the_quotation():
    text = (
        "When Varga suggested the port could be sold, Okafor fired back: “Not while I sit "
        "on this council.”"
    )
    assert [(q.speaker, q.cue) for q in extract(text)] == [("Okafor", "fired")]


def test_a_colon_after_an_adverbial_keeps_the_reporting_verb():
    text = "Varga said on Tuesday, in a long speech: “We will not sell.”"
    assert [(q.speaker, q.cue) for q in extract(text)] == [("Varga", "said")]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The Gazette, Varga said, called the vote “a farce from start to finish.”", "Varga"),
        ("Okafor, a senior aide said, “is very confident about the vote.”", "a senior aide"),
        (
            "The mayor, Varga said on Monday, described the bridge as “a bridge too far.”",
            "Varga",
        ),
        ("On Tuesday, Varga said the plan was “dead.”", "Varga"),
    ],
)
def test_an_attribution_set_off_by_commas_reports_the_sentence(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "In a Harbour Radio poll released Monday, 31% of voters said they were “extremely "
            "worried” about the bridge.",
            "a Harbour Radio poll",
        ),
        (
            "A new Gazette survey shows how split the town is: six in 10 residents said the "
            "council “should start again.”",
            "A new Gazette survey",
        ),
        (
            "The Gazette poll also finds that 22 percent say the mayor is “doing a good job.”",
            "The Gazette poll",
        ),
        ("In a poll released Monday, Mayor Dana Reyes said she was “not worried.”", "Dana Reyes"),
    ],
)
def test_what_a_share_of_respondents_said_is_the_polls_finding(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_ever_between_a_subject_and_its_verb_is_no_speaker():
    assert [q.speaker for q in extract("Residents have ever said “not here.”")] == ["Residents"]


def test_and_shares_the_named_subject_of_the_verb_before_it():
    text = (
        "There have been sharper attacks, such as when Varga knocked Okafor on taxes and "
        "called him a “spendthrift.”"
    )
    assert [q.speaker for q in extract(text)] == ["Varga"]


def test_and_does_not_reach_across_a_comma_for_a_subject():
    text = (
        "When I asked Anna Varga if she would back Omar Reyes, she looked at the camera, "
        "shook her head and said, “Ask me again in May.”"
    )
    assert [q.speaker for q in extract(text)] != ["Omar Reyes"]


def test_a_thing_done_by_someone_after_the_quotation_names_the_doer():
    text = (
        "The council blocked the budget because of “poison pill” clauses added by the "
        "Harbour Party on other issues."
    )
    assert [q.speaker for q in extract(text)] == ["Harbour Party"]


@pytest.mark.parametrize(
    "closing",
    ["said Nargis Okafor, a historian at Linden University.", "Nargis Okafor said on Tuesday."],
)
def test_an_attribution_closing_the_sentence_outranks_a_noun_read_as_a_verb(closing):
    text = (
        "The port has drawn mixed feelings in many coastal states, and it has used “velvet "
        f"gloves” in its dealings with the north, {closing}"
    )
    assert [q.speaker for q in extract(text)] == ["Nargis Okafor"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The ad targets a “corrupt system that keeps the harbour closed.”", "The ad"),
        (
            "The Varga campaign projects that “a small tax on ferries” would raise millions.",
            "The Varga campaign",
        ),
        ("The team cited “blocked drains and broken lights” in its complaint.", "The team"),
    ],
)
def test_a_document_or_body_is_the_source_of_what_it_does_to_a_quotation(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_any_other_description_doing_something_is_no_speaker():
    assert [q.speaker for q in extract("The bill closed the “loophole” last year.")] == []


def test_a_pronoun_opening_the_sentence_is_the_subject_of_its_verb():
    text = (
        "Anna Varga won the vote again. She said her campaign was about the “forgotten "
        "harbour towns” of the north."
    )
    assert [(q.speaker, q.cue) for q in extract(text)] == [("Anna Varga", "said")]


def test_a_pronoun_after_an_initial_is_no_name():
    text = (
        "Omar Reyes called the plan a lecture on port safety in the U.S. He said it was "
        "“emotional and condescending.”"
    )
    assert [q.speaker for q in extract(text)] == ["Omar Reyes"]


def test_a_verb_before_when_ends_its_own_clause():
    text = (
        "It started when Edward Okafor tweeted that the group had shown “hostility to even "
        "modest editing” in May."
    )
    assert [q.speaker for q in extract(text)] == ["Edward Okafor"]


def test_a_surname_that_is_also_a_function_word_speaks_before_its_verb():
    text = "“We had little credibility,” From said. “Our challenge was simple.”"
    assert [q.speaker for q in extract(text)] == ["From", "From"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "That prompted Reyes to make a joke about ferries and call Okafor “very flexible,” "
            "a nod to his changes of mind.",
            "Reyes",
        ),
        (
            "The chart was shared 3,000 times, leading harbour advisers like Tom Reed to counter "
            "that “every cent went to the docks.”",
            "Tom Reed",
        ),
        ("Kim said it would force Lee to explain why the port was “a mess.”", "Kim"),
        (
            "That vote prompted the council to call a debate; one member called Varga “the "
            "harbour's own prince.”",
            "one member",
        ),
    ],
)
def test_the_object_of_a_verb_of_causing_speaks_after_to(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_someone_heard_asking_after_the_quotation_asked_it():
    text = "“Should the harbour close?” a reporter can be heard asking Varga after the meeting."
    assert [(q.speaker, q.cue) for q in extract(text)] == [("a reporter", "asking")]


def test_and_shares_a_document_subject_of_the_verb_before_it():
    text = (
        "The Varga ad hits Okafor for taking “54 times more money from the shipping firms "
        "than from the town” and claims that “the shipping firms made him rich.”"
    )
    assert [q.speaker for q in extract(text)] == ["The Varga ad", "The Varga ad"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Anna Varga first said the vote was fair, but in an interview said she had an "
            "“oh no” moment.",
            "Anna Varga",
        ),
        (
            "Dottie Reyes supports Okafor and in a statement thanked him for “a bold campaign.”",
            "Dottie Reyes",
        ),
        (
            "Reyes, meanwhile, who has no such backing, said that fact speaks volumes about who "
            "is “ready to fight the port owners.”",
            "Reyes",
        ),
        (
            "A source said the parts of the network that were hacked suggested the intruders "
            "wanted “shipping data.”",
            "A source",
        ),
    ],
)
def test_no_adjunct_adverb_or_participle_is_taken_for_the_subject(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_easier_said_than_done_reports_nothing():
    assert [q.speaker for q in extract("But “saving the harbour” is easier said than done.")] == []


def test_a_reporting_noun_inside_a_prepositional_phrase_is_no_verb():
    text = (
        "Varga said in her opening remarks that the plan should protect the port’s “oldest "
        "friends,” naming Linden."
    )
    assert [q.speaker for q in extract(text)] == ["Varga"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The fair took place in Linden, with Ward rather nervously promising the crowd "
            "that they “will see a new ferry soon.”",
            "Ward",
        ),
        (
            "The crew acknowledged the request, thanking Linden controllers with a routine "
            "reply: “Good night, Harbour One.”",
            "The crew",
        ),
        (
            "Union leader Altaf Reyes, who has been working abroad in Oslo called for restraint, "
            "but condemned the lockout saying that “no port should shut out its workers.”",
            "Altaf Reyes",
        ),
    ],
)
def test_no_adverb_participle_object_or_place_is_taken_for_the_subject(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


def test_a_clause_after_with_names_no_subject():
    text = "A fisherman sent a photo to me when I was filming “Salt & Stone.”"
    assert "me when I was" not in [q.speaker for q in extract(text)]


def test_initials_run_into_one_name_and_no_name_starts_inside_them():
    text = (
        "J.J. Okafor was suspected in the attack on the U.S. Embassy in Linden. He wrote in a "
        "memoir that recruits should be trained “to build cells around the world.”"
    )
    assert [q.speaker for q in extract(text)] == ["J.J. Okafor"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Officials in Denholm said the new timetable was “a mess.”", "Officials"),
        ("A spokeswoman in Port Calder said the ferry was “fully booked.”", "A spokeswoman"),
        ("Harbour Master Ines Kolb in Linden warned that “the quay will close.”", "Ines Kolb"),
        ("Joseph Otieno from Malaria Free Africa said the net was “a lifesaver.”", "Joseph Otieno"),
        ("The senator from Calder said the bill was “dead on arrival.”", "The senator"),
        ("Economists at the Harbour Institute said the fees were “far too high.”", "Economists"),
    ],
)
def test_a_place_or_body_after_in_or_from_is_not_the_speaker_but_what_it_qualifies(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "Rep. Dara Quill, R-Ohio, said the bill was “a mess from start to finish.”",
        "Sen. Dara Quill, R-S.C., said the bill was “a mess.”",
        "Sen. Dara Quill, D-Calif., called the bill “a mess.”",
        "Quill, I-Vt., said the bill was “a mess.”",
    ],
)
def test_a_party_tag_between_commas_is_no_place_and_ends_no_sentence(text):
    assert [q.speaker for q in extract(text)] in (["Dara Quill"], ["Quill"])


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The family said the verdict was “a relief after four long years.”", "The family"),
        ("Her family called the ruling “a relief.”", "Her family"),
        (
            "A close ally of the mayor called the plan “dead in the water.”",
            "A close ally of the mayor",
        ),
        ("Supporters at the rally in Tamsford chanted “Keep the ferry!”", "Supporters"),
        ("Quill on Monday night in Denholm declared: “We are going to win.”", "Quill"),
    ],
)
def test_a_noun_in_ly_heads_its_phrase_and_phrases_before_a_place_are_stepped_over(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Bank of Calder called the new fee “a necessary step.”", "Bank of Calder"),
        ("The University of Denholm called the new fee “unfair.”", "University of Denholm"),
        (
            "The Linden Chamber of Commerce called the new fee “costly.”",
            "Linden Chamber of Commerce",
        ),
        ("Secretary of State Dara Quill called the new fee “temporary.”", "Dara Quill"),
        ("Department of Transport spokesman Ivo Marsh called the fee “fair.”", "Ivo Marsh"),
    ],
)
def test_a_body_named_x_of_y_keeps_its_whole_name_while_a_title_of_y_still_names_the_person(
    text, speaker
):
    assert [q.speaker for q in extract(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Quill calls Marsh “a danger to the harbour.”", "Quill"),
        ("In the advert, a narrator calls Marsh “a danger to the harbour.”", "a narrator"),
        ("Quill labels the levy “a tax on fishermen.”", "Quill"),
    ],
)
def test_a_naming_verb_in_the_present_before_its_object_is_a_verb_not_a_noun(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "words", "speaker", "role"),
    [
        (
            "Kerry Berg, star of the drama “Harbour Nights,” thanked Mayor Ivo Kolb for "
            "“doing the right thing at last.”",
            "doing",
            "Kerry Berg",
            None,
        ),
        (
            "The advert, titled “Enough?”, concludes that Varga is too “reckless” to govern.",
            "reckless",
            "The advert",
            None,
        ),
        (
            "“We have had better weeks than this one,” Ohio delegate Tom Varga, wearing a straw "
            "hat and “Quill for Ohio” badges, said calmly.",
            "We have",
            "Tom Varga",
            "Ohio delegate",
        ),
        (
            "“It is over,” Lena Okafor, the host of “Good Day,” said on Monday.",
            "It is",
            "Lena Okafor",
            "host of “Good Day”",
        ),
        (
            "Tom Varga, the former host of the quiz show “Tides,” listed the “three biggest lies” "
            "of his rival.",
            "three",
            "Tom Varga",
            "former host of the quiz show “Tides”",
        ),
    ],
)
def test_a_quoted_title_inside_the_subjects_appositive_does_not_cut_the_subject_off(
    text, words, speaker, role
):
    q = said(text, words)
    assert (q.speaker, q.speaker_role) == (speaker, role)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Premier Anna Okafor on a Monday visit praised the harbour as “the heart of our "
            "economy.”",
            "Anna Okafor",
        ),
        ("Anna Okafor during the weekly briefing said the plan was “dead.”", "Anna Okafor"),
        ("Lise Varga at a Friday rally called the levy “a tax on fishermen.”", "Lise Varga"),
    ],
)
def test_a_prepositional_phrase_between_a_name_and_its_verb_is_no_speaker(text, speaker):
    assert [q.speaker for q in extract(text)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Varga a little hesitantly promised that the port would be “open by spring.”",
        "Tom Varga somewhat reluctantly said the port would be “open by spring.”",
        "Tom Varga, a little hesitantly, promising that the port would be “open by spring.”",
        "“The port will be open by spring,” Tom Varga, a little hesitantly, said.",
    ],
)
def test_a_degree_phrase_before_a_manner_adverb_is_neither_speaker_nor_role(text):
    assert [(q.speaker, q.speaker_role) for q in extract(text)] == [("Tom Varga", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Here's Lena Ostrova in March 2014: “This plan is a gift to the developers, nothing more.”",
        "Here is Lena Ostrova on the budget:\n\n“This plan is a gift to the developers, nothing more.”",
    ],
)
def test_a_sentence_presenting_a_name_before_a_colon_introduces_their_words(text):
    assert said(text, "This plan").speaker == "Lena Ostrova"


def test_a_sentence_presenting_no_name_before_a_colon_names_no_speaker():
    q = said(
        "Here’s the rub: “nobody will pay for the harbour wall, and everybody knows it.”", "no"
    )
    assert q.speaker is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We will appeal,” a spokeswoman for Gov. Pete Harlan, Dana Miles, said.",
            ("Dana Miles", "spokeswoman", "Pete Harlan"),
        ),
        (
            "“We will appeal,” a spokeswoman for the governor, Dana Miles, said.",
            ("Dana Miles", "spokeswoman for the governor", None),
        ),
        (
            "An aide to Sen. Ann Quill, Rob Vint, said the bill was “dead on arrival.”",
            ("Rob Vint", "aide to Ann Quill", None),
        ),
    ],
)
def test_the_name_after_a_spokeswoman_for_someone_is_the_speaker(text, expected):
    assert who(extract(text)[0]) == expected


def test_a_paragraph_opening_with_said_and_a_name_attributes_the_quotation_above():
    text = (
        "“We have waited for this bridge for thirty years, and every year they say next year,”"
        "\n\nsaid Ruth Pell, a resident."
    )
    assert who(extract(text)[0]) == ("Ruth Pell", "resident", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ms. Varga first testified in 2013, and Sen. Tom Okafor (R-Ohio) kept asking her why "
            "the port had blamed the “spontaneous” protests for the damage.",
            "Tom Okafor",
        ),
        (
            "Lena Varga testified on Monday, and her deputy Ivo Berg began saying the cranes were "
            "“beyond repair” and nobody had warned them.",
            "Ivo Berg",
        ),
    ],
)
def test_a_participle_after_kept_or_began_belongs_to_that_verbs_subject(text, expected):
    assert extract(text)[0].speaker == expected


def test_a_pronoun_before_kept_or_began_leaves_the_quotation_to_the_reporting_verb():
    text = "Bob Lindqvist said he began calling the port and tried to “get eyes up” at once."
    assert extract(text)[0].speaker == "Bob Lindqvist"


def test_according_to_inside_a_that_clause_leaves_the_quotation_to_the_reporter():
    text = (
        "Lena Varga, a member of the party's executive committee, said Tuesday that according "
        "to its count, the party has won most of the vote, but “we are still counting the seats.”"
    )
    assert extract(text)[0].speaker == "Lena Varga"


def test_according_to_without_a_reporting_verb_before_it_still_names_the_source():
    text = "The harbour closed, and according to the Gazette, the port was “close to collapse.”"
    assert extract(text)[0].speaker == "Gazette"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The alleged arsonist, Tomas Berg, will appear in court. Police sources have said he "
            "said “no more cranes” in comments to officers after the fire.",
            "Police sources",
        ),
        (
            "If he could go back, prosecutors say that he told one agent, “I would do it again.”",
            "prosecutors",
        ),
        (
            "Ivo Berg resigned on Friday. Lena Varga said she told reporters “the port is closed” "
            "on Monday.",
            "Lena Varga",
        ),
    ],
)
def test_a_pronoun_reported_by_an_earlier_verb_gives_the_quotation_to_that_verbs_subject(
    text, expected
):
    assert extract(text)[0].speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "After the vote, Okafor's campaign sent out a press release saying Varga owes “the "
            "port an explanation for the delays.”",
            "Okafor's campaign",
        ),
        (
            "The veteran harbour pilot began by talking about the fog, saying the channel was "
            "“darker than any night at sea.”",
            "The veteran harbour pilot",
        ),
    ],
)
def test_a_speaker_phrase_stops_at_an_irregular_past_verb(text, expected):
    assert extract(text)[0].speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Varga said she would debate on Friday. Her campaign protested that the council was "
            "being “dishonest about the figures” all week.",
            "Her campaign",
        ),
        (
            "Union leaders describe such work as “a different cup of tea” than the usual deals.",
            "Union leaders",
        ),
    ],
)
def test_protested_and_plural_describe_are_reporting_verbs(text, expected):
    assert extract(text)[0].speaker == expected


def test_protests_as_a_noun_reports_nothing():
    text = "Lena Varga said the recent protests demand that the port engage in “more listening.”"
    assert extract(text)[0].speaker == "Lena Varga"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Today, the port is one of the busiest in the region,” the dockers state in the "
            "letter, which was shared with reporters on Thursday.",
            "the dockers",
        ),
        ("“The port is dying,” critics note.", "critics"),
        ("“The harbour is safe,” the Somalis state in their reply.", "Somalis"),
    ],
)
def test_a_bare_reporting_verb_after_a_plural_subject_behind_a_quotation_reports_it(text, expected):
    assert extract(text)[0].speaker == expected


def test_a_noun_in_sis_before_state_is_no_plural_subject():
    assert extract("“The port is busy,” the crisis state said.")[0].speaker == "the crisis state"


@pytest.mark.parametrize(
    "text",
    [
        "Okafor slammed the plan as “a disaster for the docks.”",
        "Okafor opened the meeting by slamming rivals who think they can “outsource” the port.",
    ],
)
def test_slammed_and_slamming_double_their_consonant_and_report(text):
    assert extract(text)[0].speaker == "Okafor"


@pytest.mark.parametrize(
    "text",
    [
        "On Friday, Okafor — named by the Gazette as the leading choice for the post — told "
        "reporters that “the work has only begun.”",
        "Okafor -- a teacher from Linden -- says the school is “falling apart.”",
    ],
)
def test_a_phrase_between_dashes_does_not_hide_the_subject_of_the_reporting_verb(text):
    assert extract(text)[0].speaker == "Okafor"


def test_a_phrase_between_dashes_before_a_passive_gives_no_speaker():
    text = (
        "Ivo Berg — a harbour pilot and radio host — has been called a charlatan by fellow "
        "pilots for promoting “quack” charts."
    )
    assert extract(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Varga needs a strategy for the port,” Nate Silva, the polling analyst who founded "
            "a website tweeted on Wednesday.",
            ("Nate Silva", "polling analyst who founded a website"),
        ),
        (
            "“The administration has not called us,” Doug Vint, a spokesman for the harbour "
            "board told the Post.",
            ("Doug Vint", "spokesman for the harbour board"),
        ),
    ],
)
def test_an_appositive_missing_its_closing_comma_still_leaves_the_name_as_speaker(text, expected):
    q = extract(text)[0]
    assert (q.speaker, q.speaker_role) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shortly after the call ended, Okafor's campaign sent out a press release saying "
            "Varga owes “the port an explanation for the delays.”",
            "Okafor's campaign",
        ),
        (
            "Even as the vote began, the union issued a statement calling the count “a farce "
            "from start to finish.”",
            "the union",
        ),
    ],
)
def test_an_opening_clause_of_time_with_shortly_or_even_is_skipped_to_the_subject(text, expected):
    assert extract(text)[0].speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "In selling the courses, Okafor released a marketing video that said, “We are going "
            "to have terrific teachers.”",
            "Okafor",
        ),
        (
            "Lena Varga is releasing a new ad that urges voters to “send a message” to the banks.",
            "Lena Varga",
        ),
        (
            "Rev. Ivo Berg said the harbour lost a voice that said “love in spite of fear is the "
            "greatest power.”",
            "a voice",
        ),
        (
            "Tom Okafor is now wearing a campaign hat that says “Make the Port Great Again.”",
            "a campaign hat",
        ),
    ],
)
def test_a_document_that_says_something_speaks_for_the_named_subject_who_issued_it(text, expected):
    assert extract(text)[0].speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lena Varga believes that Okafor is “a liar and a cheat.”", "Lena Varga"),
        (
            "The harbour board decided on Monday that Okafor was “unfit to serve.”",
            "The harbour board",
        ),
    ],
)
def test_a_quotation_in_a_that_clause_without_a_cue_goes_to_the_governing_verbs_subject(
    text, expected
):
    assert extract(text)[0].speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The treasurer first said he had no records, but in a later interview said he had a "
            "“sudden change of heart” about the files.",
            "The treasurer",
        ),
        ("An earlier statement said the port was “safe for all ships.”", "An earlier statement"),
    ],
)
def test_later_or_earlier_after_an_article_belongs_to_the_noun_phrase(text, expected):
    assert extract(text)[0].speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "While Varga has condemned the plan, the groups who wrote to her on Thursday say "
            "they are “concerned about the port.”",
            "the groups",
        ),
        (
            "One harbour official who relayed the exchange said the mayor was “furious.”",
            "One harbour official",
        ),
    ],
)
def test_a_restrictive_who_clause_between_subject_and_verb_is_skipped(text, expected):
    assert extract(text)[0].speaker == expected


def test_indicated_is_a_reporting_verb_of_documents():
    text = "The cable indicated 13 guards would be the “minimum” needed for the port."
    assert extract(text)[0].speaker == "The cable"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Varga spoke just down the street from the port, where about 50 dockers had gathered "
            "on Wednesday morning, chanting “no contract, no peace” after the talks failed.",
            "50 dockers",
        ),
        (
            "The mayor arrived late, when the harbour workers interrupted the meeting, shouting "
            "“no cuts, no closures” at the council.",
            "the harbour workers",
        ),
    ],
)
def test_a_participle_after_a_subordinate_clause_goes_with_that_clauses_subject(text, expected):
    assert extract(text)[0].speaker == expected


def test_a_participle_after_the_main_clause_keeps_the_reporting_subject():
    text = "Varga mocked the plan on Monday, referring to it as “a sinking ship.”"
    assert extract(text)[0].speaker == "Varga"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Linden senator’s answer was that “the family is the most important "
            "institution,” so the city should help.",
            "The Linden senator",
        ),
        ("Okafor's answer was that “the port is safe.”", "Okafor"),
    ],
)
def test_the_owner_of_an_answer_by_name_or_role_is_the_speaker(text, expected):
    assert extract(text)[0].speaker == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Varga took a job at the port a few months before its senior vice president boasted "
            "about a plan to spend “a million dollars” on dredging.",
            "its senior vice president",
        ),
        ("Officials after the meeting said the port was “safe for all ships.”", "Officials"),
    ],
)
def test_a_person_after_before_or_after_is_the_subject_of_a_clause_not_a_time_phrase(
    text, expected
):
    assert extract(text)[0].speaker == expected


def test_a_participle_with_to_or_by_after_a_quotation_describes_a_noun_not_a_speaker():
    text = "The banner bore the words “save the port, save the town,” a slogan linked to the docks."
    assert extract(text)[0].speaker is None


def test_any_past_verb_ending_the_clause_after_a_quotation_still_reports_it():
    assert extract("“We are not done,” Lee growled.")[0].speaker == "Lee"


def test_a_cue_ending_in_a_colon_after_a_quotation_belongs_to_the_next_one():
    text = (
        "After Berg said that students might do better at “less crowded schools,” Varga said: "
        "“I don't like what he said.”"
    )
    assert [q.speaker for q in extract(text)] == ["Berg", "Varga"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We closed the harbour for the first time in years,” the soft-spoken, 62-year-old "
            "engineer said in an interview.",
            "the soft-spoken, 62-year-old engineer",
        ),
        ("“We will appeal,” the mayor, meanwhile, said.", "the mayor"),
    ],
)
def test_a_description_with_a_list_of_adjectives_after_a_quotation_is_the_speaker(text, expected):
    assert extract(text)[0].speaker == expected


def test_a_capitalised_cue_after_an_appositive_closes_the_attribution():
    text = (
        "“Not us but we cannot argue with it!” Okafor, the head of the harbour union, Tweeted "
        "on Friday with an image of the banner."
    )
    assert who(extract(text)[0])[0] == "Okafor"


@pytest.mark.parametrize(
    "text",
    [
        "Asked Tuesday about the port, Okafor said “I don't know anything about the cranes,” "
        "she said.",
        "In her speech, Okafor declared the need for drive: “Change the port and then change it "
        "again,” she said.",
    ],
)
def test_a_named_reporter_before_a_quotation_outranks_a_pronoun_after_it(text):
    assert extract(text)[0].speaker == "Okafor"


def test_a_shout_and_its_answer_in_one_sentence_each_keep_their_own_cue():
    text = (
        "When a docker in the audience shouted, “Okafor,” Varga joked, again using a southern "
        "accent, “Amen, brother! Come on up!”"
    )
    assert [q.speaker for q in extract(text)] == ["a docker", "Varga"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("A letter to the harbour workers said the closures were “only the start.”", "A letter"),
        ("An adviser to the mayor said the deal was “as good as done.”", "An adviser"),
    ],
)
def test_the_noun_before_to_is_the_speaker_not_whom_the_words_went_to(text, speaker):
    assert extract(text)[0].speaker == speaker


def test_a_past_tense_verb_ends_the_subject_of_a_participle_attribution():
    text = (
        "The Varga campaign sent out a press release saying Okafor owes “the port an "
        "explanation for his votes.”"
    )
    assert extract(text)[0].speaker == "The Varga campaign"


def test_a_noun_in_s_with_no_subject_does_not_hide_the_documents_verb():
    text = "The statement talked about giving workers the right to “decide who runs the port.”"
    assert extract(text)[0].speaker == "The statement"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("It is the pull of Varga’s “if you like your ferry, you can keep it” promise.", "Varga"),
        ("Lee Okafor mocked Anna Varga’s “bridge to nowhere” remark on Monday.", "Anna Varga"),
    ],
)
def test_words_between_an_owner_and_a_speech_noun_are_the_owners(text, speaker):
    assert extract(text)[0].speaker == speaker


def test_a_name_before_an_aside_in_dashes_is_the_subject_of_the_reporting_verb():
    text = (
        "On Friday, Okafor — named by the Gazette as the likely choice for the post — told "
        "Radio Vale that “you have to take it very seriously.”"
    )
    assert extract(text)[0].speaker == "Okafor"


def test_an_aside_in_dashes_before_another_verb_names_no_speaker():
    text = "Varga — a surgeon and TV host — has been called a fraud for selling “miracle” pills."
    assert extract(text) == []


def test_a_pronoun_subject_of_the_paragraph_before_speaks_a_paragraph_of_quotation():
    text = (
        "Greta Moreau, a ferry captain, has run the night crossing for twenty years.\n\n"
        "She pauses at the wheel.\n\n"
        "“We never once missed a sailing, not even in the storm of 2019.”"
    )
    assert extract(text)[0].speaker == "Greta Moreau"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Residents who signed the petition said the plan was “a disgrace.”", "Residents"),
        ("The workers who met the mayor last week say the deal is “dead.”", "The workers"),
        (
            "“We need a plan for the port,” Nate Varga, the pollster who founded the Harbour "
            "Index tweeted on Wednesday.",
            "Nate Varga",
        ),
    ],
)
def test_the_subject_is_the_phrase_before_a_relative_clause_not_its_object(text, speaker):
    assert extract(text)[0].speaker == speaker


def test_in_an_exchange_the_cue_before_a_quotation_owns_it():
    text = "When someone in the audience shouted, “Okafor,” Varga joked, “Amen, brother!”"
    assert [q.speaker for q in extract(text)] == ["someone", "Varga"]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            "After Okafor said late students might do better at “smaller harbour schools,” "
            "Varga said: “I do not like what he said.”",
            ["Okafor", "Varga"],
        ),
        ("“We will win,” Varga said: “We always do.”", ["Varga", "Varga"]),
    ],
)
def test_an_attribution_ending_in_a_colon_introduces_the_next_quotation(text, speakers):
    assert [q.speaker for q in extract(text)] == speakers


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Harbour pilots describe the new rules as “a different kind of job.”", "Harbour pilots"),
        ("Dock officials confirm the closures were “only the start.”", "Dock officials"),
        ("Lawyers for the port deny the charges are “anything but politics.”", "Lawyers"),
    ],
)
def test_plural_present_of_reporting_verbs_that_are_never_nouns(text, speaker):
    assert extract(text)[0].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "A campaign TV ad released Thursday accuses Varga of “a pattern of sleaze.”",
            "A campaign TV ad",
        ),
        (
            "A harbour board report released last year found the docks were “badly run.”",
            "A harbour board report",
        ),
    ],
)
def test_a_participle_after_the_subject_noun_is_not_part_of_the_speaker(text, speaker):
    assert extract(text)[0].speaker == speaker


def test_a_paragraph_ending_in_a_document_and_as_follows_introduces_the_quotations_below():
    text = (
        "Kim Varga spoke in Linden on Tuesday.\n\nTranscript as follows:\n\n"
        '"Tonight we arrived in Linden, and we went to a restaurant.\n\n'
        '"We are now up 400,000 jobs in this state."'
    )
    assert [q.speaker for q in extract(text)] == ["Transcript", "Transcript"]


def test_a_verb_in_a_title_case_headline_is_not_part_of_a_name():
    text = (
        "Varga Sees 'Personal Insult' if Dockers Don't Rally for Okafor.\n\n"
        "With harbour leaders worried, President Varga said the vote was “a personal insult.”"
    )
    assert extract(text)[0].speaker == "Varga"


def test_a_full_name_in_a_headline_still_names_the_surname_used_below():
    text = "Greta Moreau: The Port Will Never Close.\n\n“We will not close it,” Moreau said."
    assert extract(text)[0].speaker == "Greta Moreau"


def test_a_party_tag_between_commas_after_the_quotation_keeps_the_attribution():
    text = "“Perpetual motion!” Rep. Kim Varga, R-Ore., said of the schedule."
    assert extract(text)[0].speaker == "Kim Varga"


@pytest.mark.parametrize(
    "text",
    [
        "Cory Varga, 22, of Linden, Ore., said he had not given up hope of a “surprise” at all.",
        "Cory Varga, of Linden, Ore., said he had not given up hope of a “surprise” at all.",
    ],
)
def test_a_home_town_with_its_state_abbreviation_is_part_of_the_appositive(text):
    assert extract(text)[0].speaker == "Cory Varga"


@pytest.mark.parametrize(
    "text",
    [
        "The docks reopened.\n\n“It is odd,“ said Ann Berg, a harbour lawyer. “It is a hard thing to do.”",
        "The docks reopened.\n\n” … the port is shut,” wrote Ann Berg. “It is a hard thing to do.”",
    ],
)
def test_an_attribution_after_an_unpaired_mark_names_the_next_sentence_s_speaker(text):
    assert extract(text)[-1].speaker == "Ann Berg"


def test_an_irregular_past_verb_makes_its_subject_the_speaker_of_a_bare_quotation():
    text = (
        "Kim Varga has begun to answer her critics.\n\n"
        "On Tuesday, Varga went further, backing eight dockers “who carry the spirit of the port.”"
    )
    assert extract(text)[0].speaker == "Kim Varga"


def test_a_bare_apostrophe_after_s_is_a_possessive():
    text = (
        "The port won the prize because, in Reyes’ words, “it is the busiest harbour on the coast.”"
    )
    assert extract(text)[0].speaker == "Reyes"


def test_a_negated_auxiliary_ends_the_phrase_before_a_colon_label():
    text = (
        "The timing of Reyes’ surge doesn’t surprise harbour analyst Lina Okafor: "
        "“Late entrants often gain the most after the first votes.”"
    )
    assert extract(text)[0].speaker == "Lina Okafor"


@pytest.mark.parametrize(
    "text",
    [
        "A docker who did not want to be named said the port was “finished.”",
        "A docker who would not give his name said the port was “finished.”",
        "A docker who worked at the quay and who did not want to be named said it was “finished.”",
    ],
)
def test_a_relative_clause_with_an_auxiliary_sits_between_speaker_and_cue(text):
    assert extract(text)[0].speaker == "A docker"


@pytest.mark.parametrize("opener", ["Absent", "Besides", "Despite", "Unlike", "Without"])
def test_a_preposition_opening_the_sentence_is_not_part_of_a_name(opener):
    text = (
        f"Kim Varga runs the port. {opener} Varga’s plan, the docks would close.\n\n"
        "“We will not let that happen,” Varga said."
    )
    assert extract(text)[0].speaker == "Kim Varga"


@pytest.mark.parametrize("party", ["Democrat", "Libertarian", "Republican"])
def test_a_party_word_before_a_name_is_a_title_not_a_first_name(party):
    text = f"{party} Kim Varga said the plan was “reckless.”"
    assert extract(text)[0].speaker == "Kim Varga"


def test_a_long_quotation_opening_the_next_paragraph_carries_on_the_last_speaker():
    text = (
        "“He keeps calling me ‘Little Anna.’ I admit he is taller; he’s like 6’2”,” "
        "Anna Varga said Sunday at the quay.\n\n"
        "“Which is why I never understand why his boats are the size of a 5’2”. "
        "You know what they say about small boats?”"
    )
    assert extract(text)[-1].speaker == "Anna Varga"


def test_a_short_quotation_opening_the_next_paragraph_carries_on_nobody():
    text = (
        "“We will win,” Anna Varga said Sunday.\n\n"
        "“Keep the harbour open now” was painted on banners along the quay."
    )
    assert extract(text)[-1].speaker is None


def test_an_owned_document_before_a_participle_is_the_source_not_the_sentence_subject():
    text = (
        "Anna Varga toured the quay.\n\n"
        "Varga did visit the docks, but only after the Herald’s editorial telling her to leave "
        "her “playground for the rich.”"
    )
    assert extract(text)[0].speaker == "the Herald’s editorial"


def test_an_ing_modifier_after_a_possessive_stays_in_the_noun_phrase():
    text = "Reyes’s fundraising email to supporters notes that the port is “a civil rights issue.”"
    assert extract(text)[0].speaker == "Reyes’s fundraising email"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Jared Okafor went to the rally. You can see it all. (See Okafor’s timeline below.)"
            "\n\n“It was loud,” Okafor said.",
            "Jared Okafor",
        ),
        ("Hope Varga spoke. There is hope.\n\n“It was loud,” Varga said.", "Hope Varga"),
    ],
)
def test_an_ordinary_word_opening_a_sentence_before_a_known_surname_is_no_first_name(text, speaker):
    assert extract(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Tom Reyes, Mr. Okafor’s campaign manager, said the report was “false.”",
        "Tom Reyes, Sen. Okafor’s chief of staff, said the report was “false.”",
    ],
)
def test_a_title_abbreviation_after_a_comma_opens_an_appositive_not_a_state(text):
    assert extract(text)[0].speaker == "Tom Reyes"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“It’s a disgrace,” said Peter King, Republican of Ohio.", "Peter King"),
        ("Representative Peter T. King of Ohio called the plan “a disaster.”", "Peter T. King"),
        ("The Police Chief called the plan “a disaster.”", "The Police Chief"),
    ],
)
def test_a_title_word_after_a_first_name_is_a_surname(text, speaker):
    assert extract(text)[0].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Ana Lee, a deckhand on the ferry, who went on to work for Varga, said her boss was "
            "“always kind and generous.”",
            "Ana Lee",
        ),
        (
            "One attendee, who like others spoke on condition of anonymity, said the boss was "
            "“always kind and generous.”",
            "One attendee",
        ),
    ],
)
def test_a_relative_clause_after_an_appositive_leaves_the_name_as_subject(text, speaker):
    assert extract(text)[0].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Filmmaker Anna Varga said the plan was “a joke.”", "Anna Varga"),
        ("Activist Peter Okafor said the plan was “a joke.”", "Peter Okafor"),
        ("J. Peter Okafor said the plan was “a joke.”", "J. Peter Okafor"),
    ],
)
def test_a_capitalised_occupation_before_a_first_name_is_a_role(text, speaker):
    assert extract(text)[0].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Said Mira Holt: “We are not done fighting for this town.”", "Mira Holt"),
        ("The vote failed. Said Okafor, “We are not done fighting for this town.”", "Okafor"),
        ("Added a ferry captain: “We are not done fighting for this town.”", "a ferry captain"),
        ("Said one dock worker: “We are not done fighting for this town.”", "one dock worker"),
    ],
)
def test_a_cue_opening_its_sentence_comes_before_its_speaker(text, speaker):
    assert extract(text)[0].speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "While Mira Holt called the ferry plan “a lifeline,” Okafor said it was “a waste.”",
        "After Mira Holt described the ferry plan as “a lifeline”, Okafor shot back.",
        "But although Mira Holt called the ferry plan “a lifeline,” the council voted no.",
    ],
)
def test_a_quotation_closing_a_subordinate_clause_belongs_to_its_cue(text):
    assert extract(text)[0].speaker == "Mira Holt"


def test_a_subordinate_clause_ended_by_a_comma_leaves_the_quotation_to_the_main_clause():
    quotes = extract("When asked about the ferry, Okafor said, “No comment,” the Gazette reported.")
    assert quotes[0].speaker == "Gazette"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The FERRYWATCH called the ruling “a victory for every commuter.”", "FERRYWATCH"),
        ("“We will appeal the ruling at once,” said HARBORCORP.", "HARBORCORP"),
    ],
)
def test_a_long_acronym_inside_a_sentence_names_a_body(text, speaker):
    assert extract(text)[0].speaker == speaker


def test_a_capitalised_word_opening_its_line_is_a_dateline_not_a_speaker():
    text = "PORTSMOUTH — The harbor is “ready for the new ferries at last,” officials said."
    assert extract(text)[0].speaker == "officials"


def test_a_capitalised_word_in_a_capitalised_heading_is_no_speaker():
    text = (
        "AT LEAST 10 DROWNED IN HARBOR STORM Captain Ana Lee said the ferry had "
        "“no lifeboats at all on board.”"
    )
    assert extract(text)[0].speaker != "DROWNED"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "According to the harbor report, Okafor “ignored every warning” about the ferry.",
            "the harbor report",
        ),
        (
            "According to the port's spokesman, Ed Vos, the ferry was “never safe to sail.”",
            "Ed Vos",
        ),
        ("The ferry was “never safe to sail,” according to the spokesman, Ed Vos.", "Ed Vos"),
    ],
)
def test_according_to_a_source_ends_at_the_comma_before_the_main_clause(text, speaker):
    assert extract(text)[0].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The ferry needs “a captain who knows the tides,” as the harbor memo put it.",
            "the harbor memo",
        ),
        (
            "As one dock worker put it, “Nobody here trusts the new schedule at all.”",
            "one dock worker",
        ),
    ],
)
def test_a_description_puts_it_as_a_speaker(text, speaker):
    assert extract(text)[0].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "“The ferry is safe,” said Tom Varga. Pete Okafor disagreed. “It is not,” he said.",
            "Pete Okafor",
        ),
        (
            "Harbor master Tom Varga praised the crew. Ana Lee, his deputy, was less sure. "
            "“We got lucky,” she said.",
            "Ana Lee",
        ),
    ],
)
def test_a_name_after_a_full_stop_opens_a_new_sentence_as_its_subject(text, speaker):
    assert extract(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The ferry will sail,” said a spokeswoman for the port, Ana Lee.", "Ana Lee"),
        ("“The ferry will sail,” said a lawyer for the crew, Tomas Berg, on Monday.", "Tomas Berg"),
        (
            "“The ferry will sail,” said a spokeswoman for the port, which runs the ferries.",
            "a spokeswoman",
        ),
    ],
)
def test_a_name_in_apposition_after_a_description_and_its_body_speaks(text, speaker):
    assert extract(text)[0].speaker == speaker


@pytest.mark.parametrize(
    "text",
    [
        "“The ferry will sail on time,” said Tomas “Tommy” Berg, the harbor master.",
        '“The ferry will sail on time,” said Tomas "Tommy" Berg.',
    ],
)
def test_a_quoted_nickname_inside_a_name_stays_inside_the_speaker(text):
    quotes = extract(text)
    assert len(quotes) == 1
    assert quotes[0].speaker.startswith("Tomas") and quotes[0].speaker.endswith("Berg")


@pytest.mark.parametrize(
    "text",
    [
        "Tom Varga asked Pete Okafor about the ferries. “They are late again,” he replied.",
        "When Tom Varga asked Pete Okafor about the ferries, he answered, “They are late again.”",
    ],
)
def test_a_pronoun_answering_is_the_person_asked(text):
    assert extract(text)[0].speaker == "Pete Okafor"


def test_a_pronoun_saying_after_a_question_keeps_the_subject():
    text = "Tom Varga asked Pete Okafor about the ferries. “They are late again,” he said."
    assert extract(text)[0].speaker == "Tom Varga"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Ana Lee's campaign released a statement: “The ferry plan is a promise kept to every "
            "island family.”",
            "Ana Lee's campaign",
        ),
        (
            "The Tomas Berg campaign's letter went out on Monday: “We will rebuild the pier.”",
            "The Tomas Berg campaign's letter",
        ),
    ],
)
def test_a_body_or_document_its_owner_names_is_a_source(text, speaker):
    assert extract(text)[0].speaker == speaker


def test_an_office_is_a_body_that_speaks_for_its_holder():
    text = "The harbor master's office released a statement: “The pier will reopen on Friday.”"
    assert extract(text)[0].speaker == "The harbor master's office"


def test_a_quotation_closing_an_owned_claim_clause_is_the_owners():
    text = (
        "Asked about Ana Lee's claim that the ferry was “never safe,” Tomas Berg said it "
        "was “perfectly sound.”"
    )
    assert [q.speaker for q in extract(text)] == ["Ana Lee", "Tomas Berg"]
