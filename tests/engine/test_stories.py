"""Story clustering on invented headlines: same event joins, different events stay apart."""

from bot.engine.stories.clustering import (
    WINDOW_SECONDS,
    StoryStream,
    StreamItem,
    label_stream,
)
from bot.engine.stories.terms import headline_terms, lead_sentence

HOUR = 3600.0

BRIDGE = [
    "Harbour Bridge in Port Calder reopens after two-year repair",
    "Port Calder's Harbour Bridge reopens to traffic",
    "Commuters cheer as Harbour Bridge reopens in Port Calder",
]
OTHER_NEWS = [
    "Riverton council approves school budget",
    "Storm warning issued for the northern coast",
    "Local team wins regional football final",
]


def stream_of(titles, start=0.0, step=600.0):
    return [StreamItem(f"a{n}", start + n * step, title) for n, title in enumerate(titles)]


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
    assert headline_terms("Apple's iOS 7.1 update: what is new") == ("apple", "ios", "7.1")
    assert lead_sentence("First one here. Second one.") == "First one here."
