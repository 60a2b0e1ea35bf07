"""Invented articles and headlines for story tests, and the bot's store path over lists."""

from bot.engine.stories.clustering import (
    StoryCandidate,
    StreamItem,
    choose_story,
    clustered_counts,
    distinctive_terms,
)
from bot.engine.stories.terms import headline_terms, story_terms

BRIDGE_REPORTS = [
    (
        "Harbour Bridge in Port Calder reopens after two-year repair",
        "Calder Gazette",
        "The Harbour Bridge in Port Calder reopened to traffic on Monday after two years of "
        "repairs. Mayor Dana Whitfield cut the ribbon at 7 a.m.\n\nTraffic was light.",
    ),
    (
        "Port Calder's Harbour Bridge reopens to traffic",
        "Coast Radio",
        "Port Calder's Harbour Bridge reopened to traffic on Monday after two years of repairs. "
        "The work cost $1.5 billion, the city said.\n\nBuses return next week.",
    ),
    (
        "Commuters cheer as Harbour Bridge reopens in Port Calder",
        "North Daily",
        "Hundreds of commuters cheered as the Harbour Bridge in Port Calder reopened on Monday. "
        "Some had waited since dawn to cross.\n\nThe ferry will keep running.",
    ),
]
UNRELATED = (
    "Riverton council approves school budget",
    "Riverton Post",
    "Riverton's council approved next year's school budget on Tuesday. The vote was close.",
)

# An invented series' title, as the one term a headline naming only it gives.
STARFALL = headline_terms("Starfall")[0]

OTHER_NEWS = [
    "Riverton council approves school budget",
    "Storm warning issued for the northern coast",
    "Local team wins regional football final",
]


def stream_of(titles: list[str], start: float = 0.0, step: float = 600.0) -> list[StreamItem]:
    """Headlines as a stream, one every `step` seconds, with ids a0, a1, …"""
    return [StreamItem(f"a{n}", start + n * step, title) for n, title in enumerate(titles)]


def store_labels(titles: list[str]) -> list:
    """Labels as the bot's store path gives them: every story of the window holding a key term
    is offered to `choose_story`, with all its articles (see bot/service_stories.py)."""
    items = [story_terms(title) for title in titles]
    labels: list = []
    for n, terms in enumerate(items):
        df = {t: 1 + sum(t in other for other in items[:n]) for t in terms}
        keys = distinctive_terms(terms, df, n + 1)
        holding = {labels[m] for m, other in enumerate(items[:n]) if keys & set(other)}
        members: dict = {story: [] for story in holding}
        for m, other in enumerate(items[:n]):
            if labels[m] in holding:
                members[labels[m]].append(frozenset(other))
        candidates = [StoryCandidate.from_members(s, members[s]) for s in sorted(members)]
        clustered = clustered_counts(keys, members)
        story = choose_story(list(terms), candidates, df, n + 1, clustered) if members else None
        labels.append(n if story is None else story)
    return labels
