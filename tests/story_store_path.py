"""The bot's store path for story tests, over lists: what `assign_story` asks of the store."""

from bot.engine.stories.clustering import (
    StoryCandidate,
    choose_story,
    clustered_counts,
    distinctive_terms,
)
from bot.engine.stories.terms import story_terms


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
