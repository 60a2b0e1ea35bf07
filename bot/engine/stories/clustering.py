"""Online story clustering: each article joins the best earlier story in the time window, or starts one.

Why this shape:
- Online and time-bounded: a story is the articles about one event within `WINDOW_SECONDS`, and an
  article may join only stories seen before it, so a post is never taken back. Candidates come
  from an inverted index of terms kept only for the window, so the cost per article depends on
  the window's size, not on the library's.
- Precision first: folding an article under the wrong story hides it from a channel, while a
  missed join only posts a near-duplicate. An article joins a story only when it agrees with one
  member on at least `MIN_SHARED_TERMS` terms, one of them distinctive in the stream (rarer than
  `DISTINCTIVE_SHARE`), and the similarity is high enough once discounted by how much of the
  article's weight the story has never seen (a new name in the headline is a new event). When
  a second story fits almost as well (`AMBIGUOUS`), the article starts its own story instead:
  related events (two market reports, two court rulings) are exactly where a guess goes wrong.
- Weights are inverse document frequencies from the window itself, smoothed by `PRIOR_DOCS`, so
  that the rules hold for any publisher mix without a trained vocabulary.
- Deterministic: ties go to the oldest story (smallest id), and nothing depends on hash order.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

WINDOW_SECONDS = 72 * 3600
PRIOR_DOCS = (
    50  # pseudo-documents every term is absent from: a small stream does not make every word rare
)
MIN_SHARED_TERMS = 2
DISTINCTIVE_SHARE = 0.03  # a term in fewer than 3% of the window's articles tells events apart
DISTINCTIVE_COUNT = 3  # ... and so does a term in at most 3 articles, however small the window
JOIN_THRESHOLD = 0.12  # similarity x coverage
AMBIGUOUS = 0.7  # a runner-up story this close to the best means no join


@dataclass(frozen=True)
class StoryCandidate:
    """An earlier story in the window: its id and the term sets of its members there."""

    story: Hashable
    members: Sequence[frozenset[str]]


def _idf(df: int, docs: int) -> float:
    return math.log((docs + PRIOR_DOCS) / (df + 1))


def distinctive_terms(terms: Iterable[str], df: Mapping[str, int], docs: int) -> set[str]:
    """The terms rare enough in the window to tell one event from another; only these find
    candidate stories (see `choose_story`)."""
    return {
        t
        for t in terms
        if df.get(t, 1) <= DISTINCTIVE_COUNT
        or df.get(t, 1) / (docs + PRIOR_DOCS) < DISTINCTIVE_SHARE
    }


def choose_story(
    terms: Sequence[str],
    candidates: Iterable[StoryCandidate],
    df: Mapping[str, int],
    docs: int,
) -> Hashable | None:
    """The story an article with `terms` joins, or None for a new story.

    `df` counts the window's articles holding each term, the new article included, and `docs`
    is the number of articles in the window, the new one included."""
    if not terms:
        return None
    weight = {t: _idf(df.get(t, 1), docs) for t in terms}
    norm = math.sqrt(sum(w * w for w in weight.values())) or 1.0
    total = sum(weight.values()) or 1.0
    distinctive = distinctive_terms(terms, df, docs)
    scores: list[float] = []
    best: Hashable | None = None
    best_key: tuple | None = None
    for candidate in candidates:
        link = 0.0
        seen: set[str] = set()
        for member in candidate.members:
            seen |= member
            shared = [t for t in terms if t in member]
            if len(shared) < MIN_SHARED_TERMS or not distinctive.intersection(shared):
                continue
            member_norm = math.sqrt(sum(_idf(df.get(t, 1), docs) ** 2 for t in member)) or 1.0
            link = max(link, sum(weight[t] ** 2 for t in shared) / (norm * member_norm))
        if not link:
            continue
        coverage = sum(weight[t] for t in terms if t in seen) / total
        score = link * coverage
        key = (-score, str(candidate.story))
        scores.append(score)
        if score >= JOIN_THRESHOLD and (best_key is None or key < best_key):
            best, best_key = candidate.story, key
    if best is not None and len(scores) > 1:
        first, second = sorted(scores, reverse=True)[:2]
        if second >= AMBIGUOUS * first:
            return None  # two stories fit almost equally well: a guess, not a join
    return best


@dataclass
class _Entry:
    at: float
    story: Hashable
    terms: frozenset[str]


class StoryStream:
    """Clusters a stream of articles in time order, keeping only the window in memory.

    The CLI and the benchmark use it directly; the bot keeps the same state in its store (one
    row per article and term) and calls `choose_story` with what the store returns."""

    def __init__(self, window_seconds: float = WINDOW_SECONDS) -> None:
        self.window = window_seconds
        self._entries: deque[_Entry] = deque()
        self._df: Counter[str] = Counter()
        self._index: dict[str, set[Hashable]] = defaultdict(set)  # term -> stories in the window
        self._members: dict[Hashable, list[_Entry]] = defaultdict(list)

    def __len__(self) -> int:
        return len(self._entries)

    def _expire(self, now: float) -> None:
        while self._entries and self._entries[0].at < now - self.window:
            old = self._entries.popleft()
            members = self._members[old.story]
            members.remove(old)
            if not members:
                del self._members[old.story]
            for term in old.terms:
                self._df[term] -= 1
                if not self._df[term]:
                    del self._df[term]
                if not any(term in m.terms for m in members):
                    self._index[term].discard(old.story)
                    if not self._index[term]:
                        del self._index[term]

    def add(self, story_id: Hashable, at: float, terms: Sequence[str]) -> Hashable:
        """Place an article seen at `at` (seconds; never earlier than the previous one) and
        return its story: an earlier story's id, or `story_id` for a new one."""
        self._expire(at)
        unique = frozenset(terms)
        df = {t: self._df.get(t, 0) + 1 for t in unique}
        docs = len(self._entries) + 1
        # A join needs a shared distinctive term, so only those terms lead to candidates: a
        # common word ("market") would otherwise bring in half the window.
        keys = distinctive_terms(unique, df, docs)
        stories = sorted({s for t in keys for s in self._index.get(t, ())}, key=str)
        candidates = [StoryCandidate(s, [m.terms for m in self._members[s]]) for s in stories]
        story = choose_story(list(dict.fromkeys(terms)), candidates, df, docs)
        if story is None:
            story = story_id
        entry = _Entry(at, story, unique)
        self._entries.append(entry)
        self._members[story].append(entry)
        for term in unique:
            self._df[term] += 1
            self._index[term].add(story)
        return story


@dataclass(frozen=True)
class StreamItem:
    """One article of a stream: its id, when it was published (seconds) and its words."""

    id: Hashable
    at: float
    title: str
    text: str = ""


def label_stream(items: Iterable[StreamItem], window_seconds: float = WINDOW_SECONDS) -> dict:
    """{item id: story label} for a stream, processed in time order (input order among equal
    times); a story's label is the id of its first article."""
    from bot.engine.stories.terms import headline_terms, lead_sentence

    stream = StoryStream(window_seconds)
    labels: dict = {}
    for item in sorted(items, key=lambda i: i.at):
        terms = headline_terms(item.title, lead_sentence(item.text) if item.text else "")
        labels[item.id] = stream.add(item.id, item.at, terms)
    return labels
