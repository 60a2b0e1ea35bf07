"""Turn a speaker phrase into the name a reader wants: full name, pronoun resolved, role attached.

News names a person in full once (`Alexander Khinshtein, governor of the Kursk region`,
`Councillor Omar Reyes`) and then by surname (`Khinshtein`) or pronoun (`he`). The index below records
every capitalised name outside the quotations, in one pass, with the title or office in front of it as
its role, so that a surname maps to the fullest form the article gives before (or, failing that, after)
the mention. A pronoun maps to the nearest earlier person who was quoted or stood in subject position
(`Lise Berg said the money …`, `Kim, the mayor, visited …`, `… said Kim`) and whose gender, told by a
title or a common first name, does not clash. No coreference model: recency, agreement and the
article's own full forms.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from bot.engine.quotes.lexicon import (
    BETWEEN_SUBJECT_AND_CUE,
    DETERMINERS,
    FEMALE_FIRST_NAMES,
    FEMALE_WORDS,
    FINITE_AUX,
    FINITE_CUES,
    INVERTING_CUES,
    IRREGULAR_PAST,
    MALE_FIRST_NAMES,
    MALE_WORDS,
    NOT_NAMES,
    NOUNY_CUES,
    NP_STOP,
    ORG_WORDS,
    PLACE_FIRST_WORDS,
    PLACE_LAST_WORDS,
    ROLE_NOUNS,
    TIME_WORDS,
    TITLE_SMALL_WORDS,
    TITLES,
    VERB_COMPLEMENTS,
    VERB_PREPOSITIONS,
    is_ly_adverb,
)
from bot.engine.quotes.mentions import Mention
from bot.engine.quotes.roles import RoleParts, most_specific, split_role

_NAME_TOKEN = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Capt|Sgt|Cmdr|Adm|Maj|Prof|Rev|Det|Insp|Supt|Amb"
    r"|Hon|Atty|Pres|St|Jr|Sr)\.|(?:[A-Z]\.)+|[A-Z][\w’'\-]*)"
)
# The lookaheads only let the engine skip positions that cannot start a name, which is most of them;
# a capital right after an initial's full stop starts none: `J.J. MacNab` is one name, and `U.S.
# Embassy` no `S. Embassy`.
NAME_RE = re.compile(
    rf"(?=[A-Z])(?<![\w’'])(?<![A-Za-z]\.){_NAME_TOKEN}"
    rf"(?:[ \t\u00a0]+(?=[A-Zabdelv])(?:{_NAME_TOKEN}|de|van|von|bin|al|la|del|der|da|du|el)"
    r"(?![\w’']))*"
)
POSSESSIVE_RE = re.compile(r"[’']s?$")
# `, governor of the Kursk region,` right after a name (bounded: never more than 80 characters).
APPOSITIVE_RE = re.compile(r",[ \u00a0]+([^,.;:!?\n\"“”_()]{3,80}?),")
# `, who heads the Valley Farmers Union,` / `, who became minister in May.` after a name.
RELATIVE_ROLE_RE = re.compile(r",[ \u00a0]+(who[ \u00a0][^,.;:!?\n\"“”_()]{3,80}?)[,.;]")
RELATIVE_WORDS = frozenset({"who", "which", "whose", "whom", "that"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "we", "they", "you"})
GENDERED_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# How close before a bare surname a full name shared by two people must be to stand for it, in
# characters; further away the surname stands for the namesake the article introduced first.
SHARED_SURNAME_REACH = 250
# How far back a pronoun looks for the person it stands for, in characters.
PRONOUN_REACH = 3000
# Courtesy titles: they tell a gender but are no role (`Mr. Reyes`).
HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "messrs."})
# Name suffixes, which a title before them does not make the whole name (`Martin Luther King Jr.`).
NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# What follows a name in subject position: a bracketed tag, a place, an appositive in commas or
# dashes, and then the first few words, among which the verb (`Berg (R-Ohio) of Linden, the
# mayor, on Tuesday said`).
AFTER_NAME_RE = re.compile(
    r"(?:[ \t\u00a0]*\([^()\n]{1,40}\))?"
    r"(?:[ \t\u00a0]+of[ \t\u00a0]+(?:the[ \t\u00a0]+)?[A-Z][\w.’'-]*(?:[ \t\u00a0]+[A-Z][\w.’'-]*){0,3})?"
    r"(?:,[ \t\u00a0][^,.;:!?\n\"]{1,80},|[ \t\u00a0]*(?:—|–|--)[^—–\n\"]{1,80}(?:—|–|--))?"
    r",?((?:[ \t\u00a0]+[A-Za-z][a-z’'-]*){1,5})"
)
# Words that open a time phrase between a subject and its verb (`Kim on Tuesday said`).
TIME_PREPOSITIONS = frozenset({"on", "in", "at", "last", "this", "late", "early"})
# Particles after a verb: `Kim plays down`.
VERB_PARTICLES = frozenset({"down", "up", "out", "off", "back", "over", "not", "no"})
# Punctuation after which a clause may start (not the hyphen of `then-President`).
CLAUSE_PUNCTUATION = frozenset(',;:.!?)"”’—–')
# Words after which a new main clause (and its subject) may start.
CLAUSE_JOINERS = frozenset({"and", "but", "or", "so", "then", "yet"})
# An appositive opening after a name at the start of a sentence: `Kim, a former adviser …`.
OPENING_APPOSITIVE_RE = re.compile(r",[ \t\u00a0]+(?:[a-z0-9]|\()")
# Adverbs that may sit between a subject and its verb besides those the attribution rules skip.
SUBJECT_ADVERBS = frozenset(
    {
        "however",
        "though",
        "too",
        "therefore",
        "instead",
        "meanwhile",
        "nonetheless",
        "himself",
        "herself",
        "themselves",
        "alone",
        "personally",
    }
)
# The words before a name read for a reporting verb (`said Kim`) or a role in lower case
# (`Harbour master Lise Berg`): how far back, in characters, and how many words of role at most.
WORDS_BEFORE_REACH = 80
MAX_ROLE_WORDS = 4
PLAIN_WORD_RE = re.compile(r"[A-Za-z][\w’'&.-]*")
LOWER_WORD_RE = re.compile(r"(?<![\w’'-])[a-z]{2,}(?![\w’'-])")
# Abbreviated titles and suffixes, which look like a state's abbreviation after a comma but open
# an appositive (`Dana Miles, Mr. Varga’s campaign manager,`) or end a name (`King, Jr.`).
TITLE_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Messrs|Dr|Sen|Sens|Rep|Reps|Gov|Lt|Gen|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Sr|Jr|"
    "Hon|Amb|Atty|Supt|Pres|Det|Insp|Inc|Corp|Co|Ltd"
)
# A place, told by its context: after `in`/`near`/`across`, or before a state abbreviation.
PLACE_RE = re.compile(
    r"(?:\b(?:in|near|across|throughout|outside|around)[ \u00a0]+(?:the[ \u00a0]+)?"
    r"((?:[A-Z][a-z]+[ \u00a0]){0,2}[A-Z][a-z]+)(?![\w’'-])(?![ \u00a0]+[A-Z])"
    rf"|((?:[A-Z][a-z]+[ \u00a0])?[A-Z][a-z]+),[ \u00a0](?!(?:{TITLE_ABBREVIATIONS})\.)"
    r"([A-Z][a-z]{1,4})\.)"
)
PLACE_EVIDENCE = 2
# Endings of nouns for what a person does (`Founder`, `Activist`, `Comedian`, `Billionaire`).
AGENT_SUFFIXES = ("er", "or", "ist", "ian", "aire")
# Adverbs that open a sentence in capitals (`Already, …`): a name ending in -ly (`Kelly`) is not one.
SENTENCE_ADVERBS = frozenset(
    """
    already still early soon shortly hastily finally recently later eventually ultimately
    afterwards afterward instead meanwhile nevertheless nonetheless perhaps maybe again once
    twice also certainly clearly obviously apparently indeed earlier first next then thus hence
    suddenly quickly slowly immediately initially previously separately similarly likewise
    additionally moreover furthermore however
    """.split()
)
# Days and months: a date, never a speaker (`May` only when no `Theresa May` is named).
MONTHS_AND_DAYS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december
    """.split()
)
# Heads of a description that is an amount of money, not people (`22 percent` may be voters).
AMOUNT_NOUNS = frozenset("fine fee fees sum amount cost costs price tax".split())
# People described by what they are, not a title: `the hermit kingdom ruler`, `the 45-year-old`.
PERSON_NOUNS = frozenset(
    """
    ruler dictator strongman tycoon billionaire millionaire businessman businesswoman magnate
    veteran mogul star singer actor actress athlete player coach novelist writer lawmaker
    politician statesman monarch autocrat despot incumbent frontrunner front-runner hopeful
    challenger newcomer outsider populist firebrand centrist conservative liberal progressive
    socialist democrat republican grandfather grandmother father mother son daughter husband wife
    """.split()
)
# Titles too common to pick out one person: `the candidate` may be any of several.
GENERIC_TITLES = frozenset(
    """
    acting candidate chief democratic executive first former gop independent leader nominee
    officer presidential press republican state then u.s. vice deputy director master lady lord
    father delegate lawmaker representative spokesman spokeswoman spokesperson chair
    """.split()
)
# Words that make a different title of the same noun: a vice president is not the president.
TITLE_QUALIFIERS = frozenset(
    "vice deputy assistant former acting interim associate co lieutenant junior".split()
)
AGE_RE = re.compile(r"\d{1,3}-year-old")
# A description resolves to the article's dominant person when that person is named at least
# this many times, and this many times as often as the next person.
DOMINANT_MENTIONS = 3
DOMINANT_RATIO = 3
# Confidence scale for a speaker named by a description rather than by name.
DESCRIBED = 0.8
# A sentence break in masked text, for "the sentences before the pronoun".
SENTENCE_BREAK_RE = re.compile(r"[.!?…][\"”’')\]]*[ \t\u00a0]+(?=[\"“‘(\[]*[A-Z0-9_])|\n")
SENTENCE_REACH = 600
# A line in title case is a headline: every word capitalised but the small ones, and at least
# three words of four letters or more.
HEADLINE_RE = re.compile(r"[^\n]+")
HEADLINE_WORD_RE = re.compile(r"(?<![\w’'])[A-Za-z0-9][\w’'-]*")
HEADLINE_SMALL_WORDS = TITLE_SMALL_WORDS | frozenset({"if", "but", "nor", "so", "yet"})
MIN_HEADLINE_WORDS = 3
# Verbs of a reader's note that open a sentence before a name (`(See Okafor's full timeline.)`,
# `Watch Varga's speech below.`): never first names, even in an article that never writes them
# in lower case.
IMPERATIVE_OPENERS = frozenset("See Read Watch Listen Click Follow Subscribe Share".split())
# Longer than this, an -ly word opening a sentence before a surname is an adverb
# (`Interestingly Blocher, …`), not a first name (`Kelly`, `Emily`, `Beverly`).
MIN_OPENING_ADVERB = 8


@dataclass(slots=True)
class Person:
    """A full name the article gives, with what the article lets us infer about its bearer."""

    name: str
    tokens: tuple[str, ...]
    gender: str | None = None
    role: str | None = None
    positions: list[int] = field(default_factory=list)
    # Every description the article gives of this person, in reading order (for `RoleParts`).
    roles: list[str] = field(default_factory=list)
    # `North Korea`, `Port Calder`, `Super Tuesday`: named like a person, but a place or an event.
    place: bool = False


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: the name to show, its role, and how sure the resolution is."""

    name: str
    role: str | None
    confidence: float
    gender: str | None = None
    # A named person, whom a later pronoun may stand for (not a body or a description).
    person: bool = False
    affiliation: str | None = None
    # A description (`the minister`, `a spokesman`) rather than a name: the register may name it.
    description: bool = False


def _clean_tokens(chunk: str) -> tuple[list[str], str | None]:
    """Name tokens of a capitalised run (titles and sentence openers dropped), and a gender hint."""
    toks, gender, _ = _split_title(chunk)
    return toks, gender


def _split_title(chunk: str) -> tuple[list[str], str | None, str | None]:
    """Name tokens of a capitalised run, a gender hint, and the title before the name as its role.

    `Councillor Omar Reyes` gives (`Omar Reyes`, role `Councillor`); `Port Calder Mayor Dana
    Whitfield` gives (`Dana Whitfield`, `Port Calder Mayor`): a title further in ends the role when
    a name follows it (`Martin Luther King Jr.` keeps its `King`).
    """
    toks = chunk.split()
    lows = [t.lower() for t in toks]
    n = len(toks)
    cut = 0
    while cut < n and (lows[cut] in TITLES or lows[cut] in NOT_NAMES):
        cut += 1
    if 0 < cut < n and POSSESSIVE_RE.sub("", lows[-1]) in ORG_WORDS and lows[cut - 1] in TITLES:
        cut = 0  # "State Department", "Democratic Party": a title word opens a body's name
    if (
        n - cut >= 3
        and (lows[cut] in ROLE_NOUNS or lows[cut].endswith(AGENT_SUFFIXES))
        and _first_name_gender(toks[cut]) is None
        and _first_name_gender(toks[cut + 1]) is not None
    ):
        cut += 1  # "Billionaire Ilse Marten", "Comedian Tom Forde": a description first
    for j in range(n - 2, cut - 1, -1):
        if any(low in ORG_WORDS for low in lows[j + 1 :]):
            continue  # "Iowa Democratic Party", "Republican National Committee": one body
        if (lows[j] in TITLES or POSSESSIVE_RE.search(lows[j])) and any(
            low not in NAME_SUFFIXES and low not in TITLES for low in lows[j + 1 :]
        ):
            cut = j + 1  # "Port Calder Mayor Dana Whitfield", "North Carolina's Ada Fisher"
            break
    gender = None
    role = None
    if cut:
        for low in lows[:cut]:
            if low in FEMALE_WORDS:
                gender = "f"
            elif low in MALE_WORDS:
                gender = "m"
        first = 0
        while first < cut and lows[first] in NOT_NAMES and lows[first] not in TITLES:
            first += 1  # "Meanwhile Mayor Dana Whitfield": no part of the role
        role = (
            " ".join(
                t
                for t, low in zip(toks[first:cut], lows[first:cut], strict=True)
                if low not in HONORIFICS
            )
            or None
        )
    name = toks[cut:]
    if name:
        name[-1] = POSSESSIVE_RE.sub("", name[-1])
    return [t for t in name if t], gender, role


def _first_name_gender(first: str) -> str | None:
    low = first.lower()
    if low in FEMALE_FIRST_NAMES:
        return "f"
    if low in MALE_FIRST_NAMES:
        return "m"
    return None


def _headline_lines(text: str) -> list[tuple[int, int]]:
    """The lines of `text` written in title case (headlines), as (start, end) offsets.

    In a headline every word but the short ones is capitalised, so a verb after a name
    (`Kim Sees …`, `Lee Slams …`) reads as part of it: a name there counts only when the text
    uses its last word as a name too (`Kim Varga: …` then `Varga said`).
    """
    lines = []
    for m in HEADLINE_RE.finditer(text):
        words = HEADLINE_WORD_RE.findall(m.group())
        if sum(len(w) > 3 for w in words) >= MIN_HEADLINE_WORDS and all(
            w[0].isupper() or w[0].isdigit() or w.lower() in HEADLINE_SMALL_WORDS for w in words
        ):
            lines.append((m.start(), m.end()))
    return lines


def _inside(spans: list[tuple[int, int]], starts: list[int], at: int) -> bool:
    """Whether offset `at` falls in one of `spans` (sorted, with `starts` their start offsets)."""
    k = bisect_right(starts, at) - 1
    return k >= 0 and at < spans[k][1]


class NameIndex:
    """Every person-like name of one article (outside quotations), by position."""

    def __init__(self, masked: str) -> None:
        self.people: dict[str, Person] = {}
        self.by_token: dict[str, list[Person]] = {}
        self.gender_of_token: dict[str, str] = {}
        # (offset, person, opens a sentence, stands in subject position)
        self.mentions: list[tuple[int, Person, bool, bool]] = []
        # Capitalised words seen inside a sentence: names, unlike "Perhaps" or "Pressure".
        self.inner_caps: set[str] = set()
        # Words the article writes in lower case: ordinary words, whatever opens a sentence.
        self.lower_words = {w.capitalize() for w in LOWER_WORD_RE.findall(masked)}
        # Names the article writes as places: `in Dallas`, `Aspen, Colo.`.
        self.places: dict[str, int] = {}
        for m in PLACE_RE.finditer(masked):
            # `Aspen, Colo.` is proof enough; `in Dallas` must come twice (`in Politico` is not).
            if m.group(1):
                self.places[m.group(1)] = self.places.get(m.group(1), 0) + 1
            else:  # "Aspen, Colo.": the town and the state abbreviation are both places
                for name in (m.group(2), m.group(3)):
                    self.places[name] = self.places.get(name, 0) + PLACE_EVIDENCE
        headlines = _headline_lines(masked)
        starts = [start for start, _ in headlines]
        body_words: set[str] = set()
        if headlines:
            for m in NAME_RE.finditer(masked):
                if not _inside(headlines, starts, m.start()):
                    body_words.update(POSSESSIVE_RE.sub("", w) for w in m.group().split())
        runs = [(m, _opens_sentence(masked, m.start())) for m in NAME_RE.finditer(masked)]
        firsts: dict[str, set[str]] = {}  # surname -> the first names written before it
        for m, opens in runs:
            if not opens:
                self.inner_caps.update(m.group().split())
            name = _split_title(m.group())[0]
            if len(name) > 1:
                firsts.setdefault(name[-1], set()).add(name[0])
        for m, opens in runs:
            toks, gender, role = _split_title(m.group())
            if not toks:
                continue
            if opens and len(toks) == 2 and self._opener_word(toks[0], firsts[toks[1]]):
                toks = toks[1:]  # "(See Okafor's timeline.)", "Whatever Varga's impact"
            if headlines and toks[-1] not in body_words and _inside(headlines, starts, m.start()):
                continue  # "Kim Sees 'Insult' in Vote": in a headline a verb reads as a surname
            if gender:
                self.gender_of_token.setdefault(toks[-1], gender)
            if any(t.lower() in NP_STOP for t in toks) or toks[-1].lower() in SUBJECT_PRONOUNS:
                continue  # "Taxes Are …": a headline in title case; "U.S. He said": no name
            if len(toks) < 2 or len(toks) > 5 or any(t.lower() in ORG_WORDS for t in toks):
                person = self._single(toks, m.start())
                if person is None and len(toks) == 1 and (gender or role):
                    person = self._full(toks, gender)  # "Mr. Reyes", "President Okafor"
            else:
                person = self._full(toks, gender)
            if person is not None:
                stated = [
                    r
                    for r in (
                        role,
                        _appositive_role(masked, m.end()),
                        _role_before(masked, m.start()),
                        _relative_role(masked, m.end()),
                    )
                    if r
                ]
                person.roles.extend(stated)
                if person.role is None and stated:
                    person.role = stated[0]
                person.positions.append(m.start())
                if POSSESSIVE_RE.search(m.group()):
                    subject = opens  # "Kim's campaign said": Kim, if anyone, for a later "he"
                else:
                    subject = _cue_before(masked, m.start()) or (
                        _clause_opens_before(masked, m.start())
                        and _subject_after(masked, m.end(), opens)
                    )
                self.mentions.append((m.start(), person, opens, subject))
        self._offsets = [pos for pos, _, _, _ in self.mentions]

    def _opener_word(self, word: str, firsts: set[str]) -> bool:
        """Whether a capitalised word opening a sentence before a surname is an ordinary word
        (`See Okafor’s timeline`, `Another Varga ally`): the article writes it in lower case,
        never capitalised inside a sentence, it is no known first name, and the surname has
        another first name in the article (`Jared Sexton`), so `Hope Hicks` alone stays whole."""
        return (
            (
                word in self.lower_words
                or word in IMPERATIVE_OPENERS
                or (len(word) > MIN_OPENING_ADVERB and is_ly_adverb(word.lower()))
            )
            and word not in self.inner_caps
            and _first_name_gender(word) is None
            and len(firsts) > 1
        )

    def known(self, name: str) -> bool:
        """Whether `name` is a name the article uses as one, not a capitalised sentence opener."""
        toks = name.split()
        return (
            len(toks) > 1 or name in self.people or name in self.by_token or name in self.inner_caps
        )

    def _full(self, toks: list[str], gender: str | None) -> Person:
        name = " ".join(toks)
        person = self.people.get(name)
        if person is None:
            person = Person(name, tuple(toks), gender or _first_name_gender(toks[0]))
            person.place = person.gender is None and (
                toks[0].lower() in PLACE_FIRST_WORDS or toks[-1].lower() in PLACE_LAST_WORDS
            )
            self.people[name] = person
            for t in {toks[0], toks[-1]}:
                self.by_token.setdefault(t, []).append(person)
        return person

    def _single(self, toks: list[str], at: int) -> Person | None:
        if len(toks) != 1:
            return None
        return self.lookup(toks[0], at)

    def lookup(self, token: str, at: int) -> Person | None:
        """The full name a lone `token` (a surname, or a first name) stands for near offset `at`."""
        candidates = self.by_token.get(token)
        if not candidates:
            return None
        surnames = [p for p in candidates if p.tokens[-1] == token]
        pool = surnames or candidates
        pool = [p for p in pool if len(p.tokens) > 1] or pool  # a full name over a bare `Mr. Reyes`

        def score(p: Person) -> tuple[int, int, int]:
            # Most recent full mention before `at`; else the first one after; then the fullest form.
            n = bisect_right(p.positions, at)
            if n:
                return (1, p.positions[n - 1], len(p.tokens))
            return (0, -p.positions[0] if p.positions else -at, len(p.tokens))

        best = max(pool, key=score)
        best = self._main_namesake(pool, best, at) or best
        fuller = [
            p for p in pool if p.tokens[0] == best.tokens[0] and p.tokens[-1] == best.tokens[-1]
        ]
        return max(fuller, key=lambda p: len(p.tokens))

    def _main_namesake(self, pool: list[Person], best: Person, at: int) -> Person | None:
        """Of two people with one surname (`Hillary Varga`, `Bill Varga`), the one a bare
        surname far from the other's full name stands for: the one the article introduced first.

        News writes the surname alone for its main person and the full name for the namesake.
        Only names whose first word is a first name count (the article writes it capitalised
        inside sentences and never in lower case), not `Team Varga` or a headline's `Weary Varga`.
        """
        people = [p for p in pool if len(p.tokens) > 1 and self._first_name_like(p.tokens[0])]
        if len({p.tokens[0] for p in people}) < 2:
            return None
        n = bisect_left(best.positions, at)
        if n and at - best.positions[n - 1] <= SHARED_SURNAME_REACH:
            return None
        introduced = [p for p in people if p.positions and p.positions[0] < at]
        return min(introduced, key=lambda p: p.positions[0]) if introduced else None

    def _first_name_like(self, word: str) -> bool:
        """Whether a name's first word reads as a first name: capitalised inside a sentence
        somewhere, and never written in lower case."""
        return word in self.inner_caps and word not in self.lower_words

    def gender(self, person: Person) -> str | None:
        return person.gender or self.gender_of_token.get(person.tokens[-1])

    def people_before(self, at: int, reach: int) -> list[tuple[int, Person, bool, bool]]:
        """People named in the `reach` characters before `at`, most recent first."""
        i = bisect_left(self._offsets, at)
        out: list[tuple[int, Person, bool, bool]] = []
        while i > 0:
            i -= 1
            if at - self.mentions[i][0] > reach:
                break
            out.append(self.mentions[i])
        return out


def _appositive_role(text: str, at: int) -> str | None:
    """`Alexander Khinshtein, governor of the Kursk region, …`: the role after a name, if any."""
    m = APPOSITIVE_RE.match(text, at)
    if not m:
        return None
    role = m.group(1)
    words = role.split()
    first = words[0].lower()
    if first in ("the", "a", "an"):
        words = words[1:]
        if not words:
            return None
        first = words[0].lower()
        if first in RELATIVE_WORDS or all(
            w.lower() in ("little", "bit") or is_ly_adverb(w.lower()) for w in words
        ):
            return None  # "Kim, a little hesitantly, said": a manner, not a role
        return " ".join(words)
    if first in TITLES or first in ROLE_NOUNS or any(POSSESSIVE_RE.search(w) for w in words[:4]):
        return role
    return None


def _relative_role(text: str, at: int) -> str | None:
    """`Anna Berg, who heads the Valley Farmers Union, …`: a relative clause that states a role."""
    m = RELATIVE_ROLE_RE.match(text, at)
    if not m:
        return None
    parts = split_role(m.group(1))
    return m.group(1) if parts.role or parts.affiliation else None


def _words_before(text: str, at: int) -> list[str]:
    """The few whole words right before offset `at` (none unless a space separates them from it)."""
    lo = max(0, at - WORDS_BEFORE_REACH)
    line = text.rfind("\n", lo, at)
    if line >= 0:
        lo = line + 1  # never across a paragraph break (a headline has no full stop)
    window = text[lo:at]
    if not window or window[-1] not in " \t\u00a0":
        return []
    words = window.split()
    if lo and words and not text[lo - 1].isspace():
        words = words[1:]  # cut by the window
    return words


def _role_before(text: str, at: int) -> str | None:
    """`Harbour master Lise Berg`, `Varga campaign chairman Tomas Berg`: a role in lower case.

    Also `the minister, Laura Brennan,`: a title with its article, then the name in commas.
    """
    words = _words_before(text, at)
    if len(words) >= 2 and words[-1].endswith(",") and words[-2].lower() in ("the", "a"):
        title = words[-1][:-1]
        if title.lower() in TITLES or title.lower() in ROLE_NOUNS:
            return title
        return None
    if not words or (words[-1] not in TITLES and words[-1] not in ROLE_NOUNS):
        return None  # the word next to the name must be a title or role noun, in lower case
    k = len(words) - 1
    while k > 0 and len(words) - k < MAX_ROLE_WORDS:
        w = words[k - 1]
        low = w.lower()
        if not PLAIN_WORD_RE.fullmatch(w):
            break
        if w[0].isupper():
            if low in NOT_NAMES or low in DETERMINERS or low in NP_STOP:
                break
        elif low not in TITLES and low not in ROLE_NOUNS and low not in ORG_WORDS:
            break
        k -= 1
    return " ".join(words[k:])


def _verb_after_name(words: list[str]) -> bool | None:
    """Whether the words after a name start with its verb (past adverbs): `said`, `has`, `opposed`.

    None when the words give no answer (they run out, or a capitalised word comes first).
    """
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w[0].isupper():
            if w.lower() in TIME_WORDS:
                continue  # "Kim on Tuesday said"
            return None
        if w in FINITE_AUX or w.endswith(("n't", "n’t")):
            return True  # "Kim was", "Kim wasn't"
        if w in NOUNY_CUES:
            return nxt in VERB_COMPLEMENTS  # "Kim claims that", not "Kim statements"
        if w in FINITE_CUES or w in IRREGULAR_PAST or (len(w) > 3 and w.endswith("ed")):
            return True
        if (
            w in BETWEEN_SUBJECT_AND_CUE
            or w in SUBJECT_ADVERBS
            or w in TIME_WORDS
            or (w.endswith("ly") and len(w) > 4)
            or (w in TIME_PREPOSITIONS and nxt.lower() in TIME_WORDS)
        ):
            continue
        return (
            len(w) > 3
            and w.endswith("s")
            and not w.endswith(("ss", "us", "is"))
            and w not in ROLE_NOUNS  # "Varga supporters", "Silva aides"
            and (nxt in VERB_COMPLEMENTS or nxt in VERB_PREPOSITIONS or nxt in VERB_PARTICLES)
        )
    return None


def _subject_after(text: str, end: int, opens: bool) -> bool:
    """Whether the name ending at `end` is the subject of what follows it.

    A verb must follow (past a bracketed tag, a place, an appositive and adverbs), or the name must
    open its sentence with an appositive (`Kim, 33, of Linden, dismisses …`, `Kim, who …`).
    """
    if opens and OPENING_APPOSITIVE_RE.match(text, end):
        return True
    m = AFTER_NAME_RE.match(text, end)
    return bool(m) and bool(_verb_after_name(m.group(1).split()))


def _cue_before(text: str, at: int) -> bool:
    """`“…,” said Mayor Dana Whitfield`: a name after a reporting verb that follows a quotation or
    a comma is its subject (unlike `Lindqvist said Varga will …`, where the name starts what was said).
    """
    words = _words_before(text, at)
    return len(words) > 1 and words[-1].rstrip(",") in INVERTING_CUES and words[-2][-1] in ',"”'


def _clause_opens_before(text: str, at: int) -> bool:
    """Whether the name at `at`, with the role or description in front of it, can open a clause.

    Yes after punctuation, `and`/`but`, or at the start of the text; the name may carry a role
    (`On Tuesday, campaign chairman Hugo Silva`) or a description (`…, a confident-seeming
    Haddad`). No after a verb or a preposition (`to back Varga threw`, `let by ousted campaign
    manager Dana Miles`) or a word that opens a clause inside the sentence (`when Okafor
    asked`, `said that Lee would`), whose subject a later pronoun seldom stands for.
    """
    words = _words_before(text, at)
    k = len(words)
    while k and _in_role(words[k - 1]):
        k -= 1  # "Alabama Democratic Party chairwoman", "Harbour master"
    j = k
    while j and k - j < 2 and _modifier(words[j - 1]):
        j -= 1
    if j and words[j - 1] in ("a", "an", "the", "The", "A", "An"):
        k = j - 1  # "a confident-seeming Petrenko", "The ousted chairman Tomas Berg"
    if not k:
        return True
    last = words[k - 1]
    low = last.lower()
    if last[-1] in CLAUSE_PUNCTUATION:
        return True  # "Kim, …", "On Tuesday, Kim said"
    if low in CLAUSE_JOINERS:
        # "… believe Khizr and Ghazala Khan should": names in a pair share the first one's place;
        # after a comma (`since May, and Reed has`) the joiner opens a clause of its own.
        return k < 2 or not words[k - 2][0].isupper() or words[k - 2][-1] in CLAUSE_PUNCTUATION
    return False


def _in_role(word: str) -> bool:
    """A word of the role before a name: `Alabama`, `Party`, `chairwoman`, `campaign`."""
    if not word[-1].isalnum() and not word.endswith("."):
        return False
    low = word.lower()
    if word.endswith(".") and low not in TITLES and "." not in word[:-1] and len(word) > 4:
        return False  # "said Tom Forde. Pete Lam": a full stop, not an abbreviation like "Sen."
    if word[0].isupper():
        return low not in NOT_NAMES and low not in DETERMINERS and low not in NP_STOP
    return low in TITLES or low in ROLE_NOUNS or low in ORG_WORDS


def _modifier(word: str) -> bool:
    """A lower-case word that may describe a person after `a`/`the` (`confident-seeming`)."""
    low = word.lower()
    return (
        word[0].islower()
        and word[-1].isalnum()
        and low not in DETERMINERS
        and low not in NP_STOP
        and low not in FINITE_CUES
    )


def _sentence_start(text: str, at: int) -> int:
    """Offset where the sentence holding `at` starts (approximately: abbreviations may split)."""
    lo = max(0, at - SENTENCE_REACH)
    start = lo
    for m in SENTENCE_BREAK_RE.finditer(text, lo, at):
        start = m.end()
    return start


def _opens_sentence(text: str, at: int) -> bool:
    """Whether a name at `at` starts its sentence: the likeliest subject, so the likeliest `he`."""
    before = text[max(0, at - 4) : at].rstrip(' \t\u00a0"“‘(')
    return not before or before[-1] in ".?!\n:"


def _with_parts(speaker: Speaker, name: str, parts: RoleParts) -> Speaker:
    return Speaker(
        name,
        parts.role,
        speaker.confidence,
        speaker.gender,
        speaker.person,
        parts.affiliation,
        speaker.description,
    )


def _person_noun(word: str) -> bool:
    return word in TITLES or word in ROLE_NOUNS or word in PERSON_NOUNS


def _word_gender(low: str) -> str | None:
    if low in FEMALE_WORDS:
        return "f"
    if low in MALE_WORDS:
        return "m"
    return None


def non_speaker(mention: Mention, masked: str, index: NameIndex) -> bool:
    """Whether `mention` names what cannot be quoted: a heading, a number, a date, a place, or a
    capitalised word that only opens its sentence (`Already`, `Get`).

    Evidence is the article's own: a word it also writes in lower case is an ordinary word; a name
    it writes after `in`, `near` or `across`, or before `, Colo.`, is a place, unless the article
    gives it a first name or a title. Organisations and documents stay speakers (`the report`,
    `the White House`): the attribution rules only offer them as the subject of a reporting verb.
    """
    text = mention.text
    words = text.split()
    if not words:
        return True
    if words[0][0].isdigit():
        # "10 Republican", "1": a number; "14 percent", "40 voters" are people counted.
        return not (words[-1].lower() == "percent" or words[-1].endswith("s"))
    if len(words) == 1 and words[0].lower() in MONTHS_AND_DAYS and words[0] not in index.by_token:
        return True  # "Tuesday", but not the "May" of "Theresa May"
    if mention.kind == "nominal":
        return words[-1].lower() in AMOUNT_NOUNS  # "a 300-euro fine"
    letters = [w for w in words if any(c.isalpha() for c in w)]
    if len(letters) > 1 and all(w.isupper() for w in letters):
        return True  # "FULL TEXT": a heading
    if len(letters) == 1 and letters[0].isupper() and len(letters[0]) > 4:
        # "WASHINGTON", a dateline, opens its line; an acronym further on names a body
        # (`The NAACP called …`, `said UNICEF`)
        line = masked.rfind("\n", 0, mention.start) + 1
        before = masked[line : mention.start].split()[-1:]
        after = masked[mention.end : mention.end + 40].split()[:1]
        heading = any(w.isupper() and len(w) > 1 for w in before + after)  # `10 KILLED IN`
        return letters[0].lower() not in ORG_WORDS and (
            not masked[line : mention.start].strip() or heading
        )
    if len(words) == 1:
        word = words[0]
        known = word in index.by_token or word in index.people
        group = word.lower() in ROLE_NOUNS or word.lower() in ORG_WORDS or word.endswith("s")
        opens = _opens_sentence(masked, mention.start)
        if (
            not known
            and opens
            and ((word in index.lower_words and not group) or word.lower() in SENTENCE_ADVERBS)
        ):
            return True  # "Already", "Get", "Hastily": an ordinary word opening a sentence
    return (
        index.places.get(text, 0) >= PLACE_EVIDENCE
        and not any(w.lower() in ORG_WORDS for w in words)
        and not any(index.gender(p) or p.role for p in index.by_token.get(words[-1], []))
    )


class SpeakerResolver:
    """Resolves speaker mentions of one article in reading order, remembering who spoke last."""

    def __init__(self, masked: str) -> None:
        self.masked = masked
        self.index = NameIndex(masked)
        self.recent: list[tuple[int, Speaker]] = []  # named speakers so far, with their offset
        self._roles: dict[str, RoleParts] = {}  # the one role chosen for each person, by name
        self._learned: dict[str, str] = {}  # genders told by the pronouns resolved so far, by name

    def resolve(self, mention: Mention, confidence: float, strict: bool = False) -> Speaker | None:
        """The speaker a mention names, or None for a pronoun with no antecedent in reach.

        `strict` (for a speaker found without a reporting verb) also refuses a lone capitalised
        word the article never uses as a name elsewhere.
        """
        if strict and mention.kind == "name" and not self.index.known(mention.text):
            return None
        if mention.kind == "pronoun":
            return self._pronoun(mention, confidence)
        if not self.could_speak(mention):
            return None
        if mention.kind == "nominal":
            return Speaker(mention.text, mention.role, confidence, description=True)
        toks, gender = _clean_tokens(mention.text)
        if not toks:
            toks = mention.text.split()
        name = " ".join(toks)
        if len(toks) == 1:
            person = self.index.lookup(toks[0], mention.start)
        else:
            person = self.index.people.get(name)
        if person is None:
            is_person = gender is not None or not any(t.lower() in ORG_WORDS for t in toks)
            return Speaker(name, mention.role, confidence, gender, is_person)
        if mention.role:
            person.roles.append(mention.role)
            if not person.role:
                person.role = mention.role
        return Speaker(
            person.name, mention.role or person.role, confidence, self.index.gender(person), True
        )

    def could_speak(self, mention: Mention) -> bool:
        """Whether a name or description can be a speaker at all (see `non_speaker`)."""
        return not non_speaker(mention, self.masked, self.index)

    def finish(self, speaker: Speaker, at: int) -> Speaker:
        """The speaker as the article's register of people knows it.

        A description (`the minister`) becomes the person it stands for (`describes`), and a named
        person gets the one role and affiliation the article gives them: the most specific of all
        it states, so that two quotations of one person never show two different roles.
        """
        if speaker.description:
            person = self.describes(speaker.name, at)
            if person is None:
                parts = split_role(speaker.role)
                return _with_parts(speaker, speaker.name, parts)
            index = self.index
            speaker = Speaker(
                person.name, None, speaker.confidence * DESCRIBED, index.gender(person), True
            )
        person = self.index.people.get(speaker.name)
        if person is None:
            return _with_parts(speaker, speaker.name, split_role(speaker.role))
        parts = self._roles.get(person.name)
        if parts is None:  # every role is stated by now: choose once per person
            parts = most_specific([split_role(r) for r in dict.fromkeys(person.roles)])
            self._roles[person.name] = parts
        if speaker.role and not parts.role and not parts.affiliation:
            parts = split_role(speaker.role)
        return _with_parts(speaker, speaker.name, parts)

    def describes(self, description: str, at: int) -> Person | None:
        """The person a definite description before offset `at` stands for, or None.

        `the minister`, `the infrastructure minister`: the person most recently named before `at`
        whose roles have that title. Any other description of one person (`the hermit kingdom
        ruler`, `the 45-year-old`) goes to the article's dominant person: the one named at least
        `DOMINANT_MENTIONS` times, and at least `DOMINANT_RATIO` times as often as anyone else, of a
        gender that does not clash. Otherwise None: no name is better than a wrong one.
        """
        words = description.split()
        if len(words) < 2 or words[0].lower() != "the":
            return None  # "a spokesman", "officials": someone new, or a group
        head = words[-1].lower()
        if not (_person_noun(head) or AGE_RE.fullmatch(head)):
            return None  # "the report", "the crowd": a document or a group speaks for itself
        want = next((g for w in words if (g := _word_gender(w.lower()))), None)
        index = self.index
        if head in TITLES:
            if head in GENERIC_TITLES:
                return None  # "the candidate", "the leader": many people in one article are
            qualifiers = {w.lower() for w in words[1:-1]} & TITLE_QUALIFIERS
            for _, p, _, _ in index.people_before(at, len(self.masked)):
                if not p.roles or index.gender(p) not in (None, want or index.gender(p)):
                    continue
                if any(t in index.lower_words for t in p.tokens[1:]):
                    continue  # "Silva Sees …": a headline in title case, not a name
                for r in dict.fromkeys(p.roles):
                    parts = split_role(r)
                    held = {w.lower() for w in (parts.role or "").split()} & TITLE_QUALIFIERS
                    if parts.title == head and held == qualifiers:
                        return p  # the most recent person named with this very title
            return None  # "the minister" with no minister named: not the dominant person
        if head in ROLE_NOUNS and not AGE_RE.fullmatch(head):
            return None  # "the source", "the organizer": someone the article has not named
        # Mentions counted per surname, so `Donald Varga`, `Mr. Varga` and `Varga` add up.
        by_surname: dict[str, tuple[int, Person | None]] = {}
        for p in index.people.values():
            if p.place:
                continue
            count, full = by_surname.get(p.tokens[-1], (0, None))
            if len(p.tokens) > 1 and (full is None or len(p.positions) > len(full.positions)):
                full = p
            by_surname[p.tokens[-1]] = (count + len(p.positions), full)
        counts = sorted(by_surname.values(), key=lambda c: -c[0])
        if not counts or counts[0][0] < DOMINANT_MENTIONS or counts[0][1] is None:
            return None
        if len(counts) > 1 and counts[0][0] < DOMINANT_RATIO * counts[1][0]:
            return None
        dominant = counts[0][1]
        return (
            dominant if index.gender(dominant) in (None, want or index.gender(dominant)) else None
        )

    def _learn_gender(self, name: str, last: str, gender: str) -> None:
        """`Lena Berg met Tom Ek. “…,” she said. “…,” he said.`: once `she` stands for Lena Berg,
        whose first name told no gender, Lena Berg is a woman, and a later `he` passes her by."""
        if not self.index.gender_of_token.get(last):
            self.index.gender_of_token[last] = gender
        self._learned.setdefault(name, gender)

    def remember(self, at: int, speaker: Speaker) -> None:
        """Record a resolved speaker so that later pronouns can refer back to it."""
        self.recent.append((at, speaker))

    def _pronoun(self, mention: Mention, confidence: float) -> Speaker | None:
        low = mention.text.lower()
        want = GENDERED_PRONOUNS.get(low)
        if want is None:
            return None  # "they", "we", "I": a group or the writer, not a name we can give
        at = mention.start
        index = self.index
        # The most recent person quoted before the pronoun, of a gender that does not clash.
        speaker = None
        for pos, spk in reversed(self.recent):
            if pos >= at:
                continue
            if at - pos > PRONOUN_REACH:
                break
            if spk.person and (spk.gender or self._learned.get(spk.name)) in (None, want):
                speaker = (pos, spk)
                break
        # The most recent person in subject position in the sentences before (or opening the
        # pronoun's own sentence): `Lise Berg said the money … . “…,” she added.`
        named = index.people_before(at, PRONOUN_REACH)
        sentence = _sentence_start(self.masked, at)
        subject = next(
            (
                (pos, p)
                for pos, p, opens, subj in named
                if subj
                and (opens or pos < sentence)
                and not p.place
                and index.gender(p) in (None, want)
            ),
            None,
        )
        if subject and (speaker is None or subject[0] > speaker[0]):
            person = subject[1]
            self._learn_gender(person.name, person.tokens[-1], want)
            return Speaker(person.name, person.role, confidence * 0.8, index.gender(person), True)
        if speaker:
            spk = speaker[1]
            self._learn_gender(spk.name, spk.name.split()[-1], want)
            return Speaker(spk.name, spk.role, confidence * 0.9, spk.gender, True)
        anyone = next(
            (p for _, p, _, _ in named if not p.place and index.gender(p) in (None, want)), None
        )
        if anyone:
            return Speaker(anyone.name, anyone.role, confidence * 0.7, index.gender(anyone), True)
        return None
