"""Story clustering on invented headlines: same event joins, different events stay apart."""

from collections import Counter

import pytest

from bot.engine.stories.clustering import (
    WINDOW_SECONDS,
    StoryCandidate,
    StoryStream,
    StreamItem,
    choose_story,
    clustered_counts,
    label_stream,
)
from bot.engine.stories.terms import headline_terms, lead_sentence, story_terms
from tests.stories_samples import OTHER_NEWS, STARFALL, store_labels, stream_of

HOUR = 3600.0

BRIDGE = [
    "Harbour Bridge in Port Calder reopens after two-year repair",
    "Port Calder's Harbour Bridge reopens to traffic",
    "Commuters cheer as Harbour Bridge reopens in Port Calder",
]


def test_three_sources_reporting_one_event_form_one_story():
    labels = label_stream(stream_of(OTHER_NEWS + BRIDGE))
    assert labels["a3"] == labels["a4"] == labels["a5"] == "a3"


def test_unrelated_headlines_stay_their_own_stories():
    labels = label_stream(stream_of(OTHER_NEWS + BRIDGE))
    assert len({labels["a0"], labels["a1"], labels["a2"], labels["a3"]}) == 4


def test_headlines_sharing_a_single_name_are_not_joined():
    titles = ["Kalorantes harbour reopens to ships", "Kalorantes election results announced"]
    labels = label_stream(stream_of(OTHER_NEWS + titles))
    assert labels["a3"] != labels["a4"]


def test_an_article_after_the_window_starts_a_new_story():
    items = [*stream_of(BRIDGE[:1]), StreamItem("late", WINDOW_SECONDS + 2 * HOUR, BRIDGE[1])]
    labels = label_stream(items)
    assert labels["late"] == "late"


def test_items_are_placed_in_time_order_not_input_order():
    items = [StreamItem("second", 2 * HOUR, BRIDGE[1]), StreamItem("first", HOUR, BRIDGE[0])]
    labels = label_stream(items)
    assert labels == {"first": "first", "second": "first"}


def test_clustering_is_deterministic():
    items = stream_of(OTHER_NEWS + BRIDGE + OTHER_NEWS[::-1])
    assert label_stream(items) == label_stream(list(items))


def test_memory_holds_only_the_window():
    stream = StoryStream(window_seconds=10 * HOUR)
    for n in range(100):
        stream.add(n, n * HOUR, headline_terms(f"Event number {n} in Kalorantes"))
    assert len(stream) == 11  # the articles of the last 10 hours, both ends included


def test_lead_sentence_helps_a_vague_headline_join():
    vague = StreamItem(
        "vague",
        HOUR,
        "What happened on Monday",
        "The Harbour Bridge in Port Calder reopened to traffic on Monday. It took two years.",
    )
    labels = label_stream([*stream_of(BRIDGE[:2]), vague])
    assert labels["vague"] == "a0"


def test_headline_terms_keep_figures_whole_and_drop_function_words():
    assert headline_terms("Apple's iOS 7.1 update: what is new") == ("appl", "ios", "7.1")
    assert lead_sentence("First one here. Second one.") == "First one here."


FLIGHT = [
    "Veltoria Airways flight VA412 missing over the Korrin Sea",
    "Veltoria Airways flight VA412 missing: search enters second day",
    "Families wait for news of missing Veltoria Airways flight VA412",
    "Veltoria Airways VA412: debris spotted in Korrin Sea search",
    "Investigators question Veltoria Airways VA412 pilots' records",
]


def test_a_story_told_in_many_wordings_takes_a_new_headline_naming_it_in_other_words():
    late = "Grieving VA412 relatives meet Veltoria chief"
    labels = label_stream(stream_of(OTHER_NEWS + FLIGHT + [late]))
    assert {labels[f"a{n}"] for n in range(3, 9)} == {"a3"}


def test_one_off_headlines_on_one_topic_but_different_events_stay_apart():
    titles = ["Dunmere council approves budget", "Brackton zoo welcomes rare panda cub"]
    titles += ["Panda cub born in Hollisford", "Dunmere mayor resigns"]
    labels = label_stream(stream_of(titles))
    assert len(set(labels.values())) == 4


def test_a_word_the_window_uses_outside_a_big_story_does_not_pull_in_other_news():
    market = [
        "Stock market slump in Orvania deepens",
        "Orvania market slump wipes out gains",
        "Orvania market slump: what investors should know",
        "Banks lead Orvania market slump",
    ]
    elsewhere = [
        "Farmers market opens in Tillbury",
        "Housing market cools in Brenmoor",
        "Used car market steadies",
    ]
    labels = label_stream(stream_of(elsewhere[:2] + market + elsewhere[2:]))
    assert {labels[f"a{n}"] for n in range(2, 6)} == {"a2"}
    assert [labels["a0"], labels["a1"], labels["a6"]] == ["a0", "a1", "a6"]


def test_a_second_company_filing_for_bankruptcy_is_not_folded_into_the_first():
    earlier = [  # the window talks about bankruptcies and filings all the time
        "Bankruptcy judge delays Harlow Mines hearing",
        "Tenants fear landlord's bankruptcy in Dunmere",
        "Bankruptcy lawyers see busy spring",
        "Creditors file claims as Ostby Textiles bankruptcy drags on",
        "Dunmere council files suit over bus contract",
        "Singer files for divorce",
    ]
    brimworth = [
        "Brimworth Foods files for bankruptcy",
        "Brimworth Foods bankruptcy: stores stay open",
        "Snack maker Brimworth Foods files for bankruptcy protection",
    ]
    titles = [*earlier, *brimworth, "Calloway Steel files for bankruptcy"]
    labels = label_stream(stream_of(titles))
    assert labels["a7"] == labels["a8"] == "a6"
    assert labels["a9"] == "a9"


def test_a_headline_fitting_two_splinters_of_one_story_joins_the_bigger():
    big = [
        frozenset(headline_terms(t))
        for t in [
            "Veltoria Airways jet search enters second day",
            "Veltoria Airways search widens",
            "Divers join Veltoria Airways search",
            "Veltoria Airways search: no sign of jet",
        ]
    ]
    small = [frozenset(headline_terms("Veltoria Airways flight VA412 missing with 200 aboard"))]
    terms = headline_terms("Veltoria Airways flight VA412 missing: search goes on")
    df = Counter(t for member in big + small for t in member)
    df.update(terms)
    candidates = [
        StoryCandidate.from_members("big", big),
        StoryCandidate.from_members("small", small),
    ]
    assert choose_story(terms, candidates, df, docs=200) == "big"


def test_headline_terms_give_one_term_for_the_forms_of_a_word():
    forms = ["Tollan files", "Tollan filing", "Tollan filed", "Tollan file"]
    assert len({headline_terms(title) for title in forms}) == 1


def test_headline_terms_leave_out_years_and_small_counts_but_keep_other_figures():
    assert headline_terms("10 things to know about the Brenmoor Fair 2026") == ("brenmoo", "fair")
    assert headline_terms("Orvania index down 3 pct, lowest since 1987") == (
        "orvania",
        "index",
        "pct",
        "lowest",
        "sinc",
        "1987",
    )
    assert headline_terms("Kalor Bank shares fall 1.75 pct to $425m value") == (
        "kalor",
        "bank",
        "shar",
        "fall",
        "1.75",
        "pct",
        "425m",
        "valu",
    )


@pytest.mark.parametrize(
    "pair",
    [
        # only a year and a count in common
        ("Tillbury Festival 2026: day 12 recap", "Brenmoor Fair 2026: day 12 recap"),
        # two explainers about different events
        (
            "What you need to know about the Tillbury vote",
            "What you need to know about the Brenmoor vote",
        ),
    ],
)
def test_headlines_alike_in_form_about_different_events_stay_apart(pair):
    labels = label_stream(stream_of([*OTHER_NEWS, *pair]))
    assert labels["a3"] != labels["a4"]


def test_a_headline_naming_a_big_story_joins_however_many_side_words_its_articles_use():
    # Most of the story's 40 articles name the prize and the winner; the rest of its profile is
    # what some of them add. A long headline naming the prize covers the story's core.
    profile = {"marlow": 38, "priz": 38, "ivy": 30, "tarrent": 30, "lighthous": 19, "novel": 19}
    profile |= {"debut": 18, "win": 12, "author": 9, "judg": 8, "speech": 16, "librarian": 15}
    profile |= {"shortlist": 15, "gala": 14, "keeper": 14, "publisher": 13, "cheer": 13}
    terms = headline_terms(
        "Marlow Prize effect: Hollisford bookshop owners report busy spring weekend"
    )
    df = {t: profile.get(t, 0) + 1 for t in terms} | {"priz": 70, "hollisford": 3}
    story = StoryCandidate("prize", 40, profile)
    assert choose_story(terms, [story], df, docs=2000) == "prize"


def test_words_dozens_of_other_articles_use_do_not_tie_a_headline_to_a_big_story():
    # A big window: "stocks", "weak" and "data" are in 28 to 33 articles outside the story,
    # under 2% of the window but far more than a name of one event would be.
    profile = {"orvania": 20, "stock": 17, "export": 16, "data": 14, "weak": 12, "slump": 6}
    terms = headline_terms("Kessary stocks dip on weak data")
    df = {t: 1 for t in terms} | {"stock": 50, "data": 45, "weak": 40}
    story = StoryCandidate("orvania", 20, profile)
    assert choose_story(terms, [story], df, docs=2000) is None


def test_a_story_holding_most_uses_of_its_name_takes_a_headline_though_a_splinter_holds_the_rest():
    # The story's first minutes left a splinter: five other articles also say "Kessary" and
    # "mills", so neither is rare outside the story, but the story holds most of their uses.
    profile = {"kessary": 8, "mill": 7, "closur": 5, "job": 4, "worker": 2}
    terms = headline_terms("Kessary Mills closure: town counts the cost")
    df = {t: 1 for t in terms} | {"kessary": 14, "mill": 13, "closur": 11}
    story = StoryCandidate("mills", 8, profile)
    assert choose_story(terms, [story], df, docs=300) == "mills"


def test_headline_terms_give_one_term_for_a_word_and_its_longer_derivations():
    pairs = [
        ("America", "American"),
        ("transport", "transportation"),
        ("Kalorantes", "Kalorantese"),
    ]
    for short, long in pairs:
        assert headline_terms(short) == headline_terms(long)
    assert headline_terms("Tillbury") != headline_terms("Tillman")


NAME = headline_terms("Quellfire")[0]


def test_headlines_no_story_took_do_not_stop_a_big_story_taking_its_name():
    # 30 articles of the Quellfire launch story name the game; 12 more do too but joined no
    # story (each says too little beyond the name). A new one-name headline belongs to the story.
    profile = {NAME: 30, "launch": 22, "consol": 18, "studio": 9, "server": 7}
    terms = headline_terms("Hooked on Quellfire")
    df = {t: 1 for t in terms} | {NAME: 43}
    story = StoryCandidate("launch", 30, profile)
    assert choose_story(terms, [story], df, docs=2000) is None  # judged on every use: common
    clustered = {NAME: 30, headline_terms("hooked")[0]: 0}
    assert choose_story(terms, [story], df, docs=2000, clustered=clustered) == "launch"


def test_a_name_other_stories_also_use_still_needs_more_than_itself():
    # "Orvania" names two stories of several articles each: one shared name is not enough.
    profile = {"orvania": 30, "export": 22, "stock": 18, "data": 9, "weak": 7}
    terms = headline_terms("Orvania arms ban to be lifted")
    df = {t: 1 for t in terms} | {"orvania": 40}
    story = StoryCandidate("exports", 30, profile)
    clustered = {t: 0 for t in terms} | {"orvania": 36}
    assert choose_story(terms, [story], df, docs=2000, clustered=clustered) is None


def test_clustered_counts_leave_out_articles_alone_in_their_story():
    stories = {
        "big": [frozenset({NAME, "launch"}), frozenset({NAME, "consol"})],
        "alone": [frozenset({NAME, "hook"})],
    }
    assert clustered_counts([NAME, "hook"], stories) == {NAME: 2, "hook": 0}


def test_a_stream_places_one_name_headlines_with_a_big_story_after_early_ones_went_alone():
    # Before the story existed, four one-name headlines started stories of their own; once it
    # has grown, later one-name headlines join it rather than being held back by those four.
    early = ["Quellfire review roundup", "Addicted to Quellfire", "Where to buy Quellfire"]
    early.append("Quellfire day-one patch detailed")
    story = [f"Quellfire launch: studio {word} consoles and servers" for word in VERBS]
    late = ["Hooked on Quellfire", "Quellfire tips for beginners"]
    labels = label_stream(stream_of(early + story + late))
    first = labels[f"a{len(early)}"]
    assert {labels[f"a{n}"] for n in range(len(early), len(early) + len(story))} == {first}
    assert [labels[f"a{n}"] for n in range(len(early) + len(story), len(labels))] == [first] * 2
    assert [labels[f"a{n}"] for n in range(len(early))] == [f"a{n}" for n in range(len(early))]


VERBS = """readies primes tunes tests preps checks boosts fixes patches opens scales sizes trims
lines plans loads warms shows hints eyes""".split()


def test_a_one_name_headline_joins_the_biggest_splinter_of_a_story_its_name_leads():
    # A series' premiere left two splinters in its first minutes, each led by its title; a
    # headline saying little beyond the title goes to the bigger one.
    premiere = StoryCandidate("premiere", 12, {STARFALL: 12, "premier": 11, "presiden": 8})
    odyssey = StoryCandidate("odyssey", 9, {STARFALL: 9, "odyssey": 9, "rating": 5})
    terms = headline_terms("Go on a journey with Starfall")
    df = {t: 1 for t in terms} | {STARFALL: 23}
    clustered = {t: 0 for t in terms} | {STARFALL: 21}
    both = [odyssey, premiere]
    assert choose_story(terms, both, df, docs=2000, clustered=clustered) == "premiere"
    # Either splinter alone holds too few of the title's uses to take it.
    assert choose_story(terms, [premiere], df, docs=2000, clustered=clustered) is None


def test_common_words_a_story_owns_do_not_bring_in_another_company_without_its_name():
    # The Brimworth story holds most of the window's "files" and "bankruptcy"; a headline
    # about another company sharing only those words stays out, one naming Brimworth joins.
    profile = {"brimwor": 10, "bankrup": 9, "fil": 8, "food": 7, "chain": 3}
    story = StoryCandidate("brimworth", 10, profile)
    other = headline_terms("Quarry exchange files for bankruptcy")
    same = headline_terms("Brimworth files for bankruptcy again")
    df = {t: 1 for t in [*other, *same]} | {"brimwor": 11, "bankrup": 14, "fil": 13}
    assert choose_story(other, [story], df, docs=300) is None
    assert choose_story(same, [story], df, docs=300) == "brimworth"


def test_long_headlines_sharing_four_rare_names_join_though_their_story_is_one_article():
    titles = [
        "Brenvik and Ostmark sign Halvard river pact at Corlund summit after fishing quarrel",
        "Corlund summit: why the Halvard deal Brenvik struck with Ostmark matters for farmers,"
        " ports and anglers",
    ]
    labels = label_stream(stream_of(OTHER_NEWS + titles))
    assert labels["a4"] == labels["a3"] == "a3"


def test_two_names_almost_no_other_article_uses_join_a_story_of_one_article():
    titles = [
        "Ardenne Bakeries agrees surprise takeover of rival Colvane",
        "What the Colvane sale means for shoppers as Ardenne grows",
    ]
    labels = label_stream(stream_of(OTHER_NEWS + titles))
    assert labels["a4"] == labels["a3"] == "a3"


def test_a_name_of_two_words_counts_once_between_two_one_article_stories():
    titles = [
        "Drivers face delays as Velmar Bridge shuts for repairs",
        "Velmar Bridge photographer wins national award",
    ]
    labels = label_stream(stream_of(OTHER_NEWS + titles))
    assert labels["a4"] == "a4"


def test_the_stream_places_a_headline_as_the_store_does_when_its_rare_shared_term_is_no_key():
    # The headline shares "tariff" (a key term, common in the window) and "Quorvia" (common
    # too, so no key, but rare outside the folding story) with the story: the store offers
    # the story through "tariff", so the stream must offer it as well.
    endings = "unveiled praised priced tested delayed shipped reviewed copied hyped sold".split()
    titles = [f"Quorvia folding {word}" for word in endings]
    titles[3], titles[6] = "Quorvia folding hit by tariff", "Quorvia folding tariff fears"
    titles += [
        "Farmers fear tariff on grain",
        "Steelmakers brace for tariff",
        "Tariff talks resume in Gelmora",
        "Ferry operators slam tariff",
        "Quorvia chief vows brisk plucky jaunty zesty reply on tariff",
    ]
    stream = StoryStream()
    labels = [stream.add(n, n * 600.0, story_terms(t)) for n, t in enumerate(titles)]
    assert labels == store_labels(titles)
    assert labels[-1] == 0


def test_a_headline_telling_a_story_in_its_other_words_without_its_name_joins():
    titles = [
        "Tollan bakery files for bankruptcy",
        "Tollan bankruptcy leaves creditors waiting",
        "Tollan bakery in court",
        "Tollan creditors go to court",
        "Tollan files for bankruptcy again",
        "Tollan bakery shops close",
        "Tollan creditors want answers",
        "Tollan court hearing set",
        "Tollan shares suspended",
        "Bakery chain's creditors ask court to speed bankruptcy",
    ]
    labels = label_stream(stream_of(OTHER_NEWS + titles))
    assert labels["a12"] == labels["a3"]
