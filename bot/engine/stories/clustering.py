"""Online story clustering: each article joins the best earlier story in the time window, or starts one.

Why this shape:
- Online and time-bounded: a story is the articles about one event within `WINDOW_SECONDS`, and an
  article may join only stories seen before it, so a post is never taken back. Candidates come
  from an inverted index of terms kept only for the window, so the cost per article depends on
  the window's size, not on the library's.
- A story is compared as a whole, not member by member: its profile is the `PROFILE_TERMS`
  terms most of its articles use, each with the share of its articles holding it. Big stories
  are told in many wordings ("Tollan files for bankruptcy", "Bakery chain Tollan seeks
  court protection again"); no single earlier headline matches a new one, but the story's
  profile does.
- The score is the geometric mean of how much of the new headline's weight the profile covers
  and how much of the story's core (the profile's terms at least half its articles hold) the
  headline covers, or of its whole profile when that is more (a headline may tell a big story
  in its other words, without its name); a term is weighed by how rare it is in the window
  *outside* the story, so the story's own name stays strong evidence however often its
  articles repeat it.
- Precision first, with a threshold that depends on the evidence: a story of one article asks
  `SINGLE_EXTRA` more, shrinking as it grows (not when `NAMES_AGREE` shared terms are rare
  outside it, or two separate names at most `NEAR_UNIQUE` other articles use: so much in
  common is no coincidence, however long the headlines; terms next to each other in the
  headline are one name, as "box office" is; nor when both quote the same words few other
  articles use: headlines quote a work's title and a speaker's exact words, see
  `terms.story_terms`; nor, for a story of one article, when two words it shares with the
  headline are held together by `RECUR_STORIES` other stories too, see `_recurs`: a story's
  first headlines each name its actors in their own words, and a pair four headlines repeat
  is the story forming), and needs `MIN_SHARED_TERMS` shared terms. One
  shared term is enough only for an established story (`CORE_MEMBERS` articles) whose core
  term it is: the story's most used term, held by at least `CORE_SHARE` of its articles, and
  `CONCENTRATION` of the window's articles holding it are this story's (a name, not a common
  word like "market"). And some shared term must be rare outside the story (in at most
  `DISTINCTIVE_COUNT` other articles of the window, or under `DISTINCTIVE_SHARE` of them; or,
  with two shared terms, one the story owns: see `_owns`): "files for bankruptcy" is how two
  different companies' failures are told. For a one-name join both questions count only
  articles in stories of two or more (`_spread`): a headline no story took is no sign that
  its name names several events, and the headline being placed is none either. The biggest
  of several stories one name leads speaks for all of them (`_name_held`), splinters of
  `SPLINTER_MEMBERS` articles included: they are a big story's first minutes, not other
  events. A join resting only on common words the story owns, not on its name, asks
  `OWNED_THRESHOLD`.
- Among the stories a headline may join, the biggest whose score is at least `PREFER_BIGGER`
  of the best takes it: early on a big story often starts as two or three splinters, and
  letting each grow would split it for good (an article never changes story afterwards).
- Weights are inverse document frequencies from the window itself, smoothed by `PRIOR_DOCS`, so
  that the rules hold for any publisher mix without a trained vocabulary.
- Deterministic: ties go to the smallest story label, and nothing depends on hash order.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict, deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.engine.stories.terms import is_quoted

WINDOW_SECONDS = 72 * 3600
PRIOR_DOCS = (
    50  # pseudo-documents every term is absent from: a small stream does not make every word rare
)
KEY_TERMS = 8  # the rarest terms of a headline find its candidate stories
PROFILE_TERMS = 20  # a story's profile keeps its strongest terms only: bounded work per story
PROFILE_PRIOR = 1  # an article absent from every story: one article's terms are not its core
JOIN_THRESHOLD = 0.2  # the score an established story needs
SINGLE_EXTRA = 0.2  # more asked of a small story: divided by its number of articles
MIN_SHARED_TERMS = 2
CORE_MEMBERS = 3
SPLINTER_MEMBERS = 2  # a story this big led by a name counts as one of its splinters
CORE_SHARE = 0.5
CONCENTRATION = 0.95
OWNED_THRESHOLD = 0.6  # the score a join resting only on words the story owns needs
PREFER_BIGGER = 0.5  # a story fitting at least half as well as the best may take it
DISTINCTIVE_COUNT = 3  # a shared term this rare outside the story names the event...
DISTINCTIVE_SHARE = 0.01  # ...and so does one in fewer than 1% of the window's other articles
NAMES_AGREE = 4  # shared terms rare outside a story that make its size no matter...
NEAR_UNIQUE = 1  # ...and so do two names at most this many other articles of the window use
OWN_SHARE = 0.5  # ...and one most of whose uses in the window are this story's, if it is its core
RECUR_STORIES = 2  # a story of one article sharing two words this many other stories hold...
RECUR_SHARE = 0.5  # ...together, in this share of the window's uses of the rarer, is no chance


@dataclass(frozen=True)
class StoryCandidate:
    """An earlier story in the window: its id, its number of articles there and its profile
    (see `story_profile`)."""

    story: Hashable
    size: int
    profile: Mapping[str, int]

    @classmethod
    def from_members(cls, story: Hashable, members: Sequence[frozenset[str]]) -> StoryCandidate:
        """For a caller holding the members' term sets (the store) rather than a profile."""
        counts: Counter[str] = Counter()
        for member in members:
            counts.update(member)
        return cls(story, len(members), story_profile(counts))


def _idf(df: int, docs: int) -> float:
    return math.log((docs + PRIOR_DOCS) / (df + 1))


def _spread(term: str, df: Mapping[str, int], clustered: Mapping[str, int], held: int) -> int:
    """How many of the window's articles holding `term` weigh on whether it names one story
    that holds `held` of them: those in stories of two or more articles. An article no story
    took is one the rules could not place, often a plainer wording of a big story ("Addicted
    to Titanfall"), not a sign that the word names several events; counting it would make a
    story's own name look common just when the story is being missed. Nor does the new
    article count: it is the one being placed, and counting it would ask a story of three
    holding its name alone for twenty articles before a headline naming it could join."""
    if term not in clustered:
        return max(held, df.get(term, 1) - 1)
    return max(held, clustered[term])


def clustered_counts(
    terms: Iterable[str], stories: Mapping[Hashable, Sequence[frozenset[str]]]
) -> dict[str, int]:
    """For each of `terms`, how many articles of the stories of two or more articles hold it,
    given every story of the window holding any of them (for `choose_story`)."""
    counts = dict.fromkeys(terms, 0)
    for members in stories.values():
        if len(members) >= 2:
            for member in members:
                for term in member:
                    if term in counts:
                        counts[term] += 1
    return counts


def rare_limit(docs: int) -> float:
    """How many articles of the window may hold a term that still names an event."""
    return max(DISTINCTIVE_COUNT, DISTINCTIVE_SHARE * (docs + PRIOR_DOCS))


def _owns(profile: Mapping[str, int], size: int, term: str, df: Mapping[str, int]) -> bool:
    """Whether a story owns a term: at least half its articles hold it, and they are at least
    `OWN_SHARE` of the window's articles holding it. A story's first minutes often leave a
    splinter or two using its name, which then is not rare outside the story; yet the story
    holding most of the name's uses is still the one it names."""
    held = profile.get(term, 0)
    return held >= CORE_SHARE * (size + PROFILE_PRIOR) and held >= OWN_SHARE * df.get(term, 1)


def distinctive_terms(terms: Iterable[str], df: Mapping[str, int], docs: int) -> set[str]:
    """The `KEY_TERMS` rarest terms of a headline in the window: only these find candidate
    stories (see `choose_story`), so a common word never brings in half the window."""
    ranked = sorted(set(terms), key=lambda t: (df.get(t, 1), t))
    return set(ranked[:KEY_TERMS])


def story_profile(counts: Mapping[str, int]) -> dict[str, int]:
    """A story's strongest terms and how many of its articles hold each, at most
    `PROFILE_TERMS`: what the articles agree on, whatever each one's wording."""
    return dict(heapq.nsmallest(PROFILE_TERMS, counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _led_by(candidates: Iterable[StoryCandidate]) -> dict[str, list[StoryCandidate]]:
    """The stories of `SPLINTER_MEMBERS` or more by each term that leads them: their most used
    ones, held by at least `CORE_SHARE` of their articles."""
    led: dict[str, list[StoryCandidate]] = defaultdict(list)
    for candidate in candidates:
        if candidate.size >= SPLINTER_MEMBERS:
            for term in leading_terms(candidate.profile, candidate.size):
                led[term].append(candidate)
    return led


def _most_used(profile: Mapping[str, int]) -> list[str]:
    """A story's most used terms (several when tied): what names it."""
    top = next(iter(profile.values()), 0)  # the profile holds the most used term first
    return [term for term, held in profile.items() if held == top]


def leading_terms(profile: Mapping[str, int], size: int) -> list[str]:
    """A story's most used terms, if at least `CORE_SHARE` of its articles hold them."""
    top = next(iter(profile.values()), 0)
    return _most_used(profile) if top >= CORE_SHARE * (size + PROFILE_PRIOR) else []


def _name_held(
    candidate: StoryCandidate, term: str, led: Mapping[str, Sequence[StoryCandidate]]
) -> int:
    """For a headline sharing only `term` with `candidate`: how many articles back the join, or
    0 when the candidate may not take it. Only an established story (`CORE_MEMBERS`) that
    `term` leads may; and the biggest of several stories it leads speaks for all of them,
    splinters of two articles included, since a big story's first minutes often leave
    splinters each led by its name (a TV series' title), and a headline saying little beyond
    the name belongs with the biggest."""
    stories = led.get(term, ())
    if candidate.size < CORE_MEMBERS or candidate not in stories:
        return 0
    if candidate is min(stories, key=lambda c: (-c.size, str(c.story))):
        return sum(c.profile[term] for c in stories)
    return candidate.profile[term]


def _separate(shared: Iterable[str], terms: Sequence[str]) -> int:
    """How many separate names `shared` makes in the headline `terms`: terms next to each other
    there count once, since a name of several words ("box office", "Port Calder") is one piece
    of evidence however many terms it gives."""
    at = {term: n for n, term in enumerate(terms)}
    places = sorted(at[term] for term in shared)
    return sum(1 for n, place in enumerate(places) if not n or place != places[n - 1] + 1)


def _recurs(
    candidate: StoryCandidate,
    shared: Sequence[str],
    holding: Mapping[str, Sequence[StoryCandidate]],
    df: Mapping[str, int],
) -> bool:
    """Whether the headline shares with `candidate`, a story of one article, two words of which
    one is rare (a key of `holding`, the candidates holding each rare key term) that at
    least `RECUR_STORIES` other stories of the window hold too, and that are together in at
    least `RECUR_SHARE` of the uses of the rarer of them. A story's first headlines each
    name its actors in their own words ("Dorrance rejects Velk nominees", "Velk slams
    Dorrance chief"), too few for a join of two; a pair of words repeated by four headlines
    is the story forming, not a coincidence."""
    for rare in shared:
        for other in shared if rare in holding else ():
            if other == rare:
                continue
            both = [c for c in holding[rare] if other in c.profile]
            if sum(c is not candidate for c in both) < RECUR_STORIES:
                continue
            together = 1 + sum(min(c.profile[rare], c.profile[other]) for c in both)
            if together >= RECUR_SHARE * min(df.get(rare, 1), df.get(other, 1)):
                return True
    return False


def choose_story(
    terms: Sequence[str],
    candidates: Iterable[StoryCandidate],
    df: Mapping[str, int],
    docs: int,
    clustered: Mapping[str, int] | None = None,
) -> Hashable | None:
    """The story an article with `terms` joins, or None for a new story.

    `df` counts the window's articles holding each term, the new article included, and `docs`
    is the number of articles in the window, the new one included. `clustered` counts, for
    some terms (the headline's key terms), the window's articles holding them that are in
    stories of two or more articles, the new one not included (see `_spread`); a term it
    leaves out is judged on `df`."""
    if not terms:
        return None
    clustered = clustered or {}
    candidates = list(candidates)
    led = _led_by(candidates)
    terms = list(dict.fromkeys(terms))
    base = {t: _idf(df.get(t, 1), docs) for t in terms}
    base_total = sum(base.values())
    limit = rare_limit(docs)
    # Every story holding a rare key term is a candidate, on the store's path as on the
    # stream's: who else holds it together with another word is known exactly.
    keys = distinctive_terms(terms, df, docs)
    holding = {
        t: [c for c in candidates if t in c.profile]
        for t in terms
        if t in keys and df.get(t, 1) - 1 <= limit
    }
    scores = []
    for candidate in candidates:
        profile = candidate.profile
        shared = [t for t in terms if t in profile]
        n = candidate.size
        if len(shared) < MIN_SHARED_TERMS:
            if not shared:
                continue
            term = shared[0]
            held = _name_held(candidate, term, led)
            spread = _spread(term, df, clustered, held)
            if not held or held < CONCENTRATION * spread:
                continue
            elsewhere = {term: spread - held}
        else:
            # Two or more shared words are judged on every use: lone headlines saying
            # "bankruptcy" are often other events of the same kind, not a missed story.
            elsewhere = {t: df.get(t, 1) - profile[t] for t in shared}
        if not any(
            o <= limit or (len(shared) >= MIN_SHARED_TERMS and _owns(profile, n, t, df))
            for t, o in elsewhere.items()
        ):
            continue  # only words the whole window uses: two reports of the same kind, not one event
        # A term is weighed by how rare it is outside this story: the story's own articles
        # make its name common in the window, which must not make it weak evidence for it.
        outside = {t: df.get(t, 1) - profile[t] for t in shared}
        weight = {t: _idf(max(1, o), docs) for t, o in outside.items()}
        total = base_total + sum(weight[t] - base[t] for t in shared)
        title_cover = sum(weight[t] * profile[t] for t in shared) / (n + PROFILE_PRIOR) / total
        # How much of the story the headline says is measured on its core, the terms at least
        # `CORE_SHARE` of its articles hold: a big story is told in many wordings, and a
        # headline naming it should not have to echo its long tail of words as well.
        heart = {t: c for t, c in profile.items() if c >= CORE_SHARE * (n + PROFILE_PRIOR)}
        heart = heart or profile
        story_cover = sum(heart.get(t, 0) for t in shared) / sum(heart.values())
        # ...or on its whole profile, when that is more: a headline telling the story in its
        # other words without its name ("Hackers hit bankrupt exchange") still says much of it.
        story_cover = max(story_cover, sum(profile[t] for t in shared) / sum(profile.values()))
        score = math.sqrt(title_cover * story_cover)
        need = JOIN_THRESHOLD + SINGLE_EXTRA / n
        if (
            sum(o <= limit for o in elsewhere.values()) >= NAMES_AGREE
            or _separate([t for t, o in elsewhere.items() if o <= NEAR_UNIQUE], terms) >= 2
            or any(is_quoted(t) and o <= limit for t, o in elsewhere.items())
        ):
            # Several rare terms in common are no coincidence, however long both headlines
            # are, and neither are two names almost no other article uses, nor the same rare
            # words in quotation marks: the small-story margin guards against a chance
            # overlap of one or two words.
            need = JOIN_THRESHOLD
        if n == 1 and need > JOIN_THRESHOLD and _recurs(candidate, shared, holding, df):
            need = JOIN_THRESHOLD
        named = any(t in shared for t in _most_used(profile))
        if not named and not any(o <= limit for o in elsewhere.values()):
            # Only common words the story owns, not its name: "files for bankruptcy".
            need = max(need, OWNED_THRESHOLD)
        if score >= need:
            scores.append((score, n, str(candidate.story), candidate.story))
    if not scores:
        return None
    best = max(score for score, *_ in scores)
    # Fragments of one story fit a headline about equally: the biggest of them takes it, so
    # that one story grows instead of several splinters.
    fitting = [s for s in scores if s[0] >= PREFER_BIGGER * best]
    return min(fitting, key=lambda s: (-s[1], -s[0], s[2]))[3]


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
        self._counts: dict[Hashable, Counter[str]] = {}  # story -> its articles holding each term
        self._sizes: Counter[Hashable] = Counter()  # story -> its articles in the window
        self._profiles: dict[Hashable, dict[str, int]] = {}  # computed when first asked for
        self._leaders: dict[str, Hashable] = {}  # term -> the story holding most of its articles
        self._tops: dict[str, set[Hashable]] = defaultdict(set)  # term -> stories of 2+ led by it
        self._top: dict[Hashable, list[str]] = {}  # story of 2+ -> its leading terms
        self._clustered: Counter[str] = Counter()  # term -> its articles in stories of two or more

    def _leader(self, term: str) -> Hashable | None:
        if term not in self._leaders and term in self._index:
            self._leaders[term] = min(
                self._index[term], key=lambda s: (-self._counts[s][term], str(s))
            )
        return self._leaders.get(term)

    def _profile(self, story: Hashable) -> dict[str, int]:
        if story not in self._profiles:
            self._profiles[story] = story_profile(self._counts[story])
        return self._profiles[story]

    def __len__(self) -> int:
        return len(self._entries)

    def _unclustered(self, terms: Iterable[str]) -> None:
        for term in terms:
            self._clustered[term] -= 1
            if not self._clustered[term]:
                del self._clustered[term]

    def _retop(self, story: Hashable) -> None:
        """Keep `_tops` up to date after `story` gained or lost an article."""
        for old in self._top.pop(story, ()):
            self._tops[old].discard(story)
            if not self._tops[old]:
                del self._tops[old]
        size = self._sizes.get(story, 0)
        if size >= SPLINTER_MEMBERS:
            self._top[story] = leading_terms(self._profile(story), size)
            for term in self._top[story]:
                self._tops[term].add(story)

    def _expire(self, now: float) -> None:
        while self._entries and self._entries[0].at < now - self.window:
            old = self._entries.popleft()
            counts = self._counts[old.story]
            self._sizes[old.story] -= 1
            if self._sizes[old.story]:
                self._unclustered(old.terms)
                if self._sizes[old.story] == 1:  # the one left is now alone in its story
                    self._unclustered(counts - Counter(old.terms))
            self._profiles.pop(old.story, None)
            for term in old.terms:
                self._df[term] -= 1
                if not self._df[term]:
                    del self._df[term]
                counts[term] -= 1
                if self._leaders.get(term) == old.story:
                    del self._leaders[term]  # found again when next asked for
                if not counts[term]:
                    del counts[term]
                    self._index[term].discard(old.story)
                    if not self._index[term]:
                        del self._index[term]
            self._retop(old.story)
            if not self._sizes[old.story]:
                del self._sizes[old.story], self._counts[old.story]

    def add(self, story_id: Hashable, at: float, terms: Sequence[str]) -> Hashable:
        """Place an article seen at `at` (seconds; never earlier than the previous one) and
        return its story: an earlier story's id, or `story_id` for a new one."""
        self._expire(at)
        unique = frozenset(terms)
        df = {t: self._df.get(t, 0) + 1 for t in unique}
        docs = len(self._entries) + 1
        keys = distinctive_terms(unique, df, docs)
        # A join needs a shared term that is rare outside the story or that the story owns
        # (see `choose_story`): a term rare in the whole window may be so for any story
        # holding it; a common one only for the story holding most of its articles. Common
        # words ("market") would otherwise bring in half the window. The stories a common
        # term leads come too: they may take a headline sharing only that term, or (those of
        # two articles) speak for the biggest of them that takes it (`_name_held`). The story
        # holding most of a common key term's articles always comes, whatever that term's
        # spread: another of the headline's terms, not a key one, may be rare outside it, and
        # the store, which offers every story holding a key term, would let it take the
        # headline then.
        limit = rare_limit(docs)
        found: set[Hashable] = set()
        for term in keys:
            if df[term] - 1 <= limit:
                found.update(self._index.get(term, ()))
            else:
                leader = self._leader(term)
                if leader is not None:
                    found.add(leader)
                found.update(self._tops.get(term, ()))
        for term in unique - keys:
            # A story may own a word of the headline that is no key term (`_owns`), and join
            # through it; the store offers it when it holds a key term, so must the stream.
            leader = self._leader(term)
            if leader is not None and any(self._counts[leader][key] for key in keys):
                found.add(leader)
        stories = sorted(found, key=str)
        candidates = [StoryCandidate(s, self._sizes[s], self._profile(s)) for s in stories]
        clustered = {t: self._clustered[t] for t in keys}
        story = choose_story(list(dict.fromkeys(terms)), candidates, df, docs, clustered)
        if story is None:
            story = story_id
        self._entries.append(_Entry(at, story, unique))
        if self._sizes[story] == 1:  # its first article is no longer alone
            self._clustered.update(self._counts[story])
        if self._sizes[story]:
            self._clustered.update(unique)
        self._sizes[story] += 1
        self._profiles.pop(story, None)
        counts = self._counts.setdefault(story, Counter())
        for term in unique:
            self._df[term] += 1
            counts[term] += 1
            self._index[term].add(story)
            leader = self._leaders.get(term)
            if leader is not None and counts[term] > self._counts[leader][term]:
                self._leaders[term] = story
        self._retop(story)
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
    from bot.engine.stories.terms import lead_sentence, story_terms

    stream = StoryStream(window_seconds)
    labels: dict = {}
    for item in sorted(items, key=lambda i: i.at):
        terms = story_terms(item.title, lead_sentence(item.text) if item.text else "")
        labels[item.id] = stream.add(item.id, item.at, terms)
    return labels
