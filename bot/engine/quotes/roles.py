"""A person's role and affiliation, read from the words news puts around a name.

The attribution rules hand over the raw words that describe a speaker (`Infrastructure Minister`,
`spokeswoman for the Dallas Transit Authority`, `of the charity Malaria Free Africa`, `who heads the
Valley Farmers Union`, `WHO's director of immunisation`, `Dr.`). A reader wants two things out of
them: what the person is (the role) and whom they speak for (the affiliation, a named body). This
module splits the one into the other, drops courtesy titles (an honorific tells a gender or a degree,
not a job), and ranks two descriptions of one person so that an article gives each person one role:
the most specific one it states.

Where the words are ambiguous the role keeps them whole: `mayor of Linden` and `governor of the
Kursk region` read better as one role than as a role and a place, so `of` inside a role never splits
it; `for`, `at` and `with` (`spokesman for X`, `economist at X`) do, and so does a phrase that is only
`of/from/at X` after a person's name (`Joseph Otieno of the charity X`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Courtesy and address forms: not a role (`Dr. Elena Rossi` is no more a role than `Ms.`).
HONORIFIC_WORDS = frozenset(
    "mr mr. mrs mrs. ms ms. miss mx mx. messrs messrs. dr dr. sen. rep. gov. hon. sir dame".split()
)
# Prepositions that tie a role to the body it serves: `spokesman for X`, `economist at X`.
AFFILIATING = frozenset({"for", "at", "with"})
# Prepositions that, right after a name, give only the body: `Karin Holm of X`, `Tom Reed from X`.
NAME_AFFILIATING = frozenset({"of", "from", "at", "with", "for"})
# Nouns of people who speak for a body, after its name: `Skarholm spokesman`, `Varga campaign aide`.
AGENT_NOUNS = frozenset(
    """
    spokesman spokeswoman spokesperson aide aides adviser advisor lawyer attorney economist analyst
    strategist official chairman chairwoman chair director executive manager founder co-founder
    """.split()
)
# `who heads X`, `who became minister`: the verb of a relative clause and the role it gives.
RELATIVE_ROLE_VERBS = {
    "heads": "head",
    "headed": "head",
    "leads": "leader",
    "led": "leader",
    "runs": "head",
    "ran": "head",
    "chairs": "chair",
    "chaired": "chair",
    "directs": "director",
    "founded": "founder",
    "co-founded": "co-founder",
    "owns": "owner",
    "manages": "manager",
    "represents": "representative",
    "coaches": "coach",
}
RELATIVE_COPULAS = frozenset({"is", "was", "became", "becomes", "serves", "served"})
# Words that end a role read out of a relative clause: `who became minister in May`.
ROLE_END = frozenset(
    "in on since after before until during when last this and but because as".split()
)
ARTICLES = frozenset({"the", "a", "an"})
POSSESSIVE_RE = re.compile(r"^(.+?)(?:[’']s|s[’'])$")
CAPITAL_CONNECTORS = frozenset({"of", "and", "for", "the", "&", "de", "du", "la", "on"})


@dataclass(frozen=True, slots=True)
class RoleParts:
    """What a description says about a person: a role, a named body, or both (or neither)."""

    role: str | None
    affiliation: str | None

    @property
    def specificity(self) -> int:
        """How much the description says, in words: the richer one wins within an article."""
        return sum(len(p.split()) for p in (self.role, self.affiliation) if p)

    @property
    def title(self) -> str | None:
        """The head noun of the role, lower case (`minister` of `Infrastructure Minister`)."""
        if not self.role:
            return None
        words = self.role.split()
        for i, w in enumerate(words):
            if w.lower() == "of" and i:
                return words[i - 1].lower()  # "director of immunisation"
        return words[-1].lower().strip(",")


@lru_cache(maxsize=4096)
def split_role(text: str | None) -> RoleParts:
    """The role and affiliation in the words describing a person (see the module docstring)."""
    if not text:
        return RoleParts(None, None)
    words = [w for w in text.replace("\u00a0", " ").split() if w.lower() not in HONORIFIC_WORDS]
    words = _strip_articles(words)
    if not words:
        return RoleParts(None, None)
    low = words[0].lower()
    if low in ("who", "whom"):
        return _relative(words[1:])
    if low in NAME_AFFILIATING:
        return RoleParts(None, _body(words[1:]))
    owner = POSSESSIVE_RE.match(words[0])
    if owner and words[0][0].isupper() and len(words) > 1:
        return RoleParts(" ".join(words[1:]), owner.group(1))  # "WHO's director of immunisation"
    for i, w in enumerate(words[1:], start=1):
        if w.lower() in AFFILIATING:
            body = _body(words[i + 1 :])
            if body:
                return RoleParts(" ".join(words[:i]), body)
            break
    if (
        len(words) > 1
        and words[-1].lower() in AGENT_NOUNS
        and words[0][0].isupper()
        and not words[-1][0].isupper()
    ):
        lead = [w for w in words[:-1] if w[0].isupper()]
        if lead:
            # "Skarholm spokesman", "Varga campaign aide": the body first, then the agent.
            return RoleParts(words[-1], " ".join(words[:-1]))
    return RoleParts(" ".join(words), None)


def _strip_articles(words: list[str]) -> list[str]:
    while words and words[0].lower() in ARTICLES:
        words = words[1:]
    return words


def _body(words: list[str]) -> str | None:
    """The named body at the end of `the charity Malaria Free Africa`; None if none is named."""
    words = _strip_articles(list(words))
    words = [w.rstrip(",") for w in words]
    end = len(words)
    start = end
    while start > 0 and (
        words[start - 1][:1].isupper()
        or (words[start - 1].lower() in CAPITAL_CONNECTORS and start - 1 > 0)
    ):
        start -= 1
    while start < end and words[start].lower() in CAPITAL_CONNECTORS:
        start += 1
    if start >= end or not words[end - 1][:1].isupper():
        return None
    return " ".join(words[start:end])


def _relative(words: list[str]) -> RoleParts:
    """`heads the Valley Farmers Union`, `became minister in May`, `is a teacher at X`."""
    if not words:
        return RoleParts(None, None)
    verb = words[0].lower()
    if verb in RELATIVE_ROLE_VERBS:
        return RoleParts(RELATIVE_ROLE_VERBS[verb], _body(_until_end(words[1:])))
    if verb in RELATIVE_COPULAS:
        rest = words[1:]
        if verb.startswith("serve") and rest and rest[0].lower() == "as":
            rest = rest[1:]
        rest = _until_end(_strip_articles(rest))
        if rest and not rest[0][0].isdigit():
            return split_role(" ".join(rest))
    return RoleParts(None, None)


def _until_end(words: list[str]) -> list[str]:
    out: list[str] = []
    for w in words:
        if w.lower() in ROLE_END:
            break
        out.append(w)
    return out


def most_specific(candidates: list[RoleParts]) -> RoleParts:
    """The richest description of one person; the first stated wins a tie."""
    best = RoleParts(None, None)
    for parts in candidates:
        if parts.specificity > best.specificity:
            best = parts
    for parts in candidates:
        # "Infrastructure Minister" and "the infrastructure minister": the formal title wins.
        if best.role and parts.role and parts.role.istitle() and parts.role != best.role:
            best = RoleParts(
                parts.role if parts.role.lower() == best.role.lower() else best.role,
                best.affiliation,
            )
    if best.affiliation is None:
        # "Infrastructure Minister" here, "minister at the Ministry of Transport" there: one body.
        for parts in candidates:
            if parts.affiliation and parts.title and parts.title == best.title:
                return RoleParts(best.role, parts.affiliation)
    return best


def byline(speaker: str, role: str | None, affiliation: str | None) -> str:
    """`Laura Brennan, Infrastructure Minister (Ministry of Transport)`: how a speaker is shown."""
    line = f"{speaker}, {role}" if role else speaker
    return f"{line} ({affiliation})" if affiliation else line
