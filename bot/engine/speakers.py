"""Turn a speaker phrase into the name a reader wants: full name, pronoun resolved, role attached.

News names a person in full once (`Alexander Khinshtein, governor of the Kursk region`) and then by
surname (`Khinshtein`) or pronoun (`he`). The index below records every capitalised name outside the
quotations, in one pass, so that a surname maps to the fullest form the article gives before (or,
failing that, after) the mention, and a pronoun maps to the person most recently quoted or named whose
gender does not clash. No coreference model: recency, agreement and the article's own full forms.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from bot.engine.mentions import Mention
from bot.engine.speaker_lexicon import (
    FEMALE_FIRST_NAMES,
    FEMALE_WORDS,
    MALE_FIRST_NAMES,
    MALE_WORDS,
    NOT_NAMES,
    NP_STOP,
    ORG_WORDS,
    ROLE_NOUNS,
    TITLES,
)

_NAME_TOKEN = r"(?:(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|St|Jr|Sr)\.|[A-Z]\.|[A-Z][\w’'\-]*)"
NAME_RE = re.compile(
    rf"(?<![\w’']){_NAME_TOKEN}"
    rf"(?:[ \t\u00a0]+(?:{_NAME_TOKEN}|de|van|von|bin|al|la|del|der|da|du|el)(?![\w’']))*"
)
POSSESSIVE_RE = re.compile(r"[’']s?$")
# `, governor of the Kursk region,` right after a name (bounded: never more than 80 characters).
APPOSITIVE_RE = re.compile(r",[ \u00a0]+([^,.;:!?\n\"“”_()]{3,80}?),")
RELATIVE_WORDS = frozenset({"who", "which", "whose", "whom", "that"})
GENDERED_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# How far back a pronoun looks for the person it stands for, in characters.
PRONOUN_REACH = 3000


@dataclass(slots=True)
class Person:
    """A full name the article gives, with what the article lets us infer about its bearer."""

    name: str
    tokens: tuple[str, ...]
    gender: str | None = None
    role: str | None = None
    positions: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: the name to show, its role, and how sure the resolution is."""

    name: str
    role: str | None
    confidence: float
    gender: str | None = None
    # A named person, whom a later pronoun may stand for (not a body or a description).
    person: bool = False


def _clean_tokens(chunk: str) -> tuple[list[str], str | None]:
    """Name tokens of a capitalised run (titles and sentence openers dropped), and a gender hint."""
    toks = chunk.split()
    gender = None
    while toks and (toks[0].lower() in TITLES or toks[0].lower() in NOT_NAMES):
        low = toks[0].lower()
        if low in FEMALE_WORDS:
            gender = "f"
        elif low in MALE_WORDS:
            gender = "m"
        toks = toks[1:]
    if toks:
        toks[-1] = POSSESSIVE_RE.sub("", toks[-1])
    return [t for t in toks if t], gender


def _first_name_gender(first: str) -> str | None:
    low = first.lower()
    if low in FEMALE_FIRST_NAMES:
        return "f"
    if low in MALE_FIRST_NAMES:
        return "m"
    return None


class NameIndex:
    """Every person-like name of one article (outside quotations), by position."""

    def __init__(self, masked: str) -> None:
        self.people: dict[str, Person] = {}
        self.by_token: dict[str, list[Person]] = {}
        self.gender_of_token: dict[str, str] = {}
        self.mentions: list[tuple[int, Person, bool]] = []  # (offset, person, opens a sentence)
        # Capitalised words seen inside a sentence: names, unlike "Perhaps" or "Pressure".
        self.inner_caps: set[str] = set()
        for m in NAME_RE.finditer(masked):
            opens = _opens_sentence(masked, m.start())
            if not opens:
                self.inner_caps.update(m.group().split())
            toks, gender = _clean_tokens(m.group())
            if not toks:
                continue
            if gender:
                self.gender_of_token.setdefault(toks[-1], gender)
            if any(t.lower() in NP_STOP for t in toks):
                continue  # "Taxes Are …": a headline in title case, not a name
            if len(toks) < 2 or len(toks) > 5 or any(t.lower() in ORG_WORDS for t in toks):
                person = self._single(toks, m.start())
            else:
                person = self._full(toks, gender)
            if person is not None:
                if person.role is None:
                    person.role = _appositive_role(masked, m.end())
                person.positions.append(m.start())
                self.mentions.append((m.start(), person, opens))
        self._offsets = [pos for pos, _, _ in self.mentions]

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

        def score(p: Person) -> tuple[int, int, int]:
            # Most recent full mention before `at`; else the first one after; then the fullest form.
            n = bisect_right(p.positions, at)
            if n:
                return (1, p.positions[n - 1], len(p.tokens))
            return (0, -p.positions[0] if p.positions else -at, len(p.tokens))

        best = max(pool, key=score)
        fuller = [
            p for p in pool if p.tokens[0] == best.tokens[0] and p.tokens[-1] == best.tokens[-1]
        ]
        return max(fuller, key=lambda p: len(p.tokens))

    def gender(self, person: Person) -> str | None:
        return person.gender or self.gender_of_token.get(person.tokens[-1])

    def people_before(self, at: int, reach: int) -> list[tuple[int, Person, bool]]:
        """People named in the `reach` characters before `at`, most recent first."""
        i = bisect_left(self._offsets, at)
        out: list[tuple[int, Person, bool]] = []
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
        return " ".join(words) if first not in RELATIVE_WORDS else None
    if first in TITLES or first in ROLE_NOUNS or any(POSSESSIVE_RE.search(w) for w in words[:4]):
        return role
    return None


def _opens_sentence(text: str, at: int) -> bool:
    """Whether a name at `at` starts its sentence: the likeliest subject, so the likeliest `he`."""
    before = text[max(0, at - 4) : at].rstrip(' \t\u00a0"“‘(')
    return not before or before[-1] in ".?!\n:"


class SpeakerResolver:
    """Resolves speaker mentions of one article in reading order, remembering who spoke last."""

    def __init__(self, masked: str) -> None:
        self.index = NameIndex(masked)
        self.recent: list[tuple[int, Speaker]] = []  # named speakers so far, with their offset

    def resolve(self, mention: Mention, confidence: float, strict: bool = False) -> Speaker | None:
        """The speaker a mention names, or None for a pronoun with no antecedent in reach.

        `strict` (for a speaker found without a reporting verb) also refuses a lone capitalised
        word the article never uses as a name elsewhere.
        """
        if strict and mention.kind == "name" and not self.index.known(mention.text):
            return None
        if mention.kind == "pronoun":
            return self._pronoun(mention, confidence)
        if mention.kind == "nominal":
            return Speaker(mention.text, mention.role, confidence)
        toks, gender = _clean_tokens(mention.text)
        if not toks:
            toks = mention.text.split()
        name = " ".join(toks)
        person = self.index.people.get(name)
        if person is None and len(toks) == 1:
            person = self.index.lookup(toks[0], mention.start)
        if person is None:
            is_person = gender is not None or not any(t.lower() in ORG_WORDS for t in toks)
            return Speaker(name, mention.role, confidence, gender, is_person)
        if mention.role and not person.role:
            person.role = mention.role
        return Speaker(
            person.name, mention.role or person.role, confidence, self.index.gender(person), True
        )

    def remember(self, at: int, speaker: Speaker) -> None:
        """Record a resolved speaker so that later pronouns can refer back to it."""
        self.recent.append((at, speaker))

    def _pronoun(self, mention: Mention, confidence: float) -> Speaker | None:
        low = mention.text.lower()
        want = GENDERED_PRONOUNS.get(low)
        if want is None:
            return None  # "they", "we", "I": a group or the writer, not a name we can give
        at = mention.start
        # The most recent person who spoke or opened a sentence, of a gender that does not clash.
        speaker = None
        for pos, spk in reversed(self.recent):
            if pos >= at:
                continue
            if at - pos > PRONOUN_REACH:
                break
            if spk.person and spk.gender in (None, want):
                speaker = (pos, spk)
                break
        named = self.index.people_before(at, PRONOUN_REACH)
        subject = next(
            ((pos, p) for pos, p, opens in named if opens and self.index.gender(p) in (None, want)),
            None,
        )
        if subject and (speaker is None or subject[0] > speaker[0]):
            person = subject[1]
            return Speaker(
                person.name, person.role, confidence * 0.8, self.index.gender(person), True
            )
        if speaker:
            spk = speaker[1]
            return Speaker(spk.name, spk.role, confidence * 0.9, spk.gender, True)
        anyone = next((p for _, p, _ in named if self.index.gender(p) in (None, want)), None)
        if anyone:
            return Speaker(
                anyone.name, anyone.role, confidence * 0.7, self.index.gender(anyone), True
            )
        return None
