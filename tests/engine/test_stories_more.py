"""Story clustering on invented headlines: more rules of how headlines name one event."""

from bot.engine.stories.clustering import (
    StoryCandidate,
    StoryStream,
    choose_story,
    label_stream,
)
from bot.engine.stories.terms import headline_terms, story_terms
from tests.stories_samples import OTHER_NEWS, STARFALL, store_labels, stream_of

QUELLMONT = headline_terms("Quellmont")[0]


def test_a_story_of_three_alone_holding_its_name_takes_a_headline_saying_only_the_name():
    # Three articles about the Tallis mayoral race all name the winner, and no other story
    # does: the headline being placed is no sign that the name names another event.
    profile = {QUELLMONT: 3, "tallis": 3, "mayor": 2, "win": 2}
    story = StoryCandidate("race", 3, profile)
    terms = headline_terms("Quellmont sworn in")
    df = {t: 1 for t in terms} | {QUELLMONT: 4}
    clustered = {t: 0 for t in terms} | {QUELLMONT: 3}
    assert choose_story(terms, [story], df, docs=500, clustered=clustered) == "race"
    # Two more articles in another story also name her: one name is not enough then.
    clustered[QUELLMONT] = 5
    df[QUELLMONT] = 6
    assert choose_story(terms, [story], df, docs=500, clustered=clustered) is None


def test_story_terms_add_one_term_for_the_words_a_headline_quotes():
    assert story_terms("Critics hail 'Glass Orchard' finale") == (
        "critic",
        "hail",
        "glass",
        "orchard",
        '"glass_orchard"',
        "final",
    )
    assert story_terms("“Glass Orchard”: the finale") == story_terms("'Glass Orchard': the finale")
    # Apostrophes open no quotation, and a plain word kept at a distance is no name.
    assert story_terms("Tollan's chief won't quit") == headline_terms("Tollan's chief won't quit")
    assert story_terms("Tollan savings 'lost'") == headline_terms("Tollan savings 'lost'")
    assert story_terms("Tollan savings 'Lost'")[-1] == '"lost"'


def test_two_headlines_quoting_the_same_title_join_though_it_is_their_only_name():
    titles = [
        "Why the 'Glass Orchard' finale left viewers arguing",
        "Critics hail 'Glass Orchard' as a modern classic",
    ]
    labels = label_stream(stream_of(OTHER_NEWS + titles))
    assert labels["a4"] == labels["a3"] == "a3"


def test_the_same_words_unquoted_in_one_headline_do_not_join_it():
    titles = [
        "Why the 'Glass Orchard' finale left viewers arguing",
        "Glass orchard owners in Brenmoor fined over water use",
    ]
    labels = label_stream(stream_of(OTHER_NEWS + titles))
    assert labels["a4"] == "a4"


BREWER = [
    "Harlan Brewing rejects Tarrow bid",
    "Harlan Brewing chief digs in",
    "Harlan Brewing board split over future",
    "Harlan Brewing staff fear for jobs",
]


def test_a_name_four_headlines_repeat_joins_the_last_to_an_earlier_one():
    # Each early headline says little beyond the brewer's name, too little for a story of
    # one article to take another. The fourth to repeat the name is a story forming, not a
    # chance overlap: it joins one of the first three.
    labels = label_stream(stream_of(OTHER_NEWS + BREWER))
    brewer = [labels[f"a{n}"] for n in range(3, 7)]
    assert brewer[:3] == ["a3", "a4", "a5"]
    assert brewer[3] in {"a3", "a4", "a5"}


def test_a_name_only_three_headlines_repeat_joins_nothing():
    labels = label_stream(stream_of(OTHER_NEWS + BREWER[:3]))
    assert [labels[f"a{n}"] for n in range(3, 6)] == ["a3", "a4", "a5"]


def test_the_stream_places_headlines_as_the_store_does_with_quotes_and_repeated_names():
    titles = [*OTHER_NEWS, *BREWER, "Why the 'Glass Orchard' finale left viewers arguing"]
    titles += ["Critics hail 'Glass Orchard' as a modern classic", "Harlan Brewing sale off"]
    stream = StoryStream()
    labels = [stream.add(n, n * 600.0, story_terms(t)) for n, t in enumerate(titles)]
    assert labels == store_labels(titles)
    assert labels[6] in {3, 4, 5} and labels[8] == 7


def test_the_stream_offers_a_story_owning_a_word_that_is_no_key_term_as_the_store_does():
    # The headline's eight rarest words are its key terms: "gas" is not one of them. The
    # pipeline story holds most of the window's "gas" (it owns it) and, through two of its
    # articles, the key term "Orvania", whose articles are mostly the export story's. The
    # store offers the pipeline story (it holds a key term), which takes the headline through
    # the word it owns; the stream must offer it too.
    exports = "textile steel paper glass timber cement sugar leather copper tin".split()
    titles = [f"Orvania exports slump as {word} factories idle" for word in exports]
    pipeline = "deal plan talks project tender bid route deadline budget survey works link spur"
    titles += [f"Gas pipeline {word}" for word in pipeline.split()]
    titles += ["Orvania gas pipeline loan", "Orvania gas pipeline permit"]
    titles.append("Orvania gas brisk plucky jaunty zesty quirky snappy dapper")
    stream = StoryStream()
    labels = [stream.add(n, n * 600.0, story_terms(t)) for n, t in enumerate(titles)]
    assert labels == store_labels(titles)
    assert labels[-1] == 10


def test_a_splinter_of_two_led_by_the_name_speaks_for_the_story_the_name_leads():
    # The premiere story holds 12 of the title's 14 clustered uses; a splinter of two recaps,
    # also led by the title, holds the other two: both are the series' premiere.
    premiere = StoryCandidate("premiere", 12, {STARFALL: 12, "premier": 11, "presiden": 8})
    recap = StoryCandidate("recap", 2, {STARFALL: 2, "recap": 2, "bang": 1})
    terms = story_terms("Go on a journey with Starfall")
    df = {t: 1 for t in terms} | {STARFALL: 15}
    clustered = {t: 0 for t in terms} | {STARFALL: 14}
    assert choose_story(terms, [recap, premiere], df, 2000, clustered) == "premiere"
    # The splinter of two may not take the headline itself.
    assert choose_story(terms, [recap], df, 2000, {STARFALL: 2}) is None


def test_the_stream_offers_splinters_of_two_as_the_store_does():
    splinter = ["Quellfire speedrun record falls", "Quellfire speedrun record smashed"]
    story = [f"Quellfire launch: studio {word} consoles and servers" for word in VERBS]
    titles = [*OTHER_NEWS, *splinter, *story, "Hooked on Quellfire"]
    stream = StoryStream()
    labels = [stream.add(n, n * 600.0, story_terms(t)) for n, t in enumerate(titles)]
    assert labels == store_labels(titles)
    assert labels[3:5] == [3, 3]
    assert set(labels[5:]) == {5}


VERBS = "readies primes tunes tests preps checks".split()
