"""Story clustering on invented headlines: more rules of how headlines name one event."""

from bot.engine.stories.clustering import StoryCandidate, choose_story
from bot.engine.stories.terms import headline_terms

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
