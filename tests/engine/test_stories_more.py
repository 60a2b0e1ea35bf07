"""Story clustering on invented headlines: more rules of how headlines name one event."""

from bot.engine.stories.clustering import StoryCandidate, StreamItem, choose_story, label_stream
from bot.engine.stories.terms import headline_terms, story_terms

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


OTHER_NEWS = [
    "Riverton council approves school budget",
    "Storm warning issued for the northern coast",
    "Local team wins regional football final",
]


def stream_of(titles, start=0.0, step=600.0):
    return [StreamItem(f"a{n}", start + n * step, title) for n, title in enumerate(titles)]


def test_story_terms_add_one_term_for_the_words_a_headline_quotes():
    assert story_terms("Critics hail 'Glass Orchard' finale") == (
        "critic",
        "hail",
        "glass",
        "orchard",
        '"glass orchard"',
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
