"""The text around quotations as tokens, and the test for a reporting cue among them.

Tokens are read from masked text (see `quote_marks.mask_quotes`): a quotation is one opaque `____`
token, so nothing inside the marks is ever taken for a verb or a name. Abbreviations (`Sen.`,
`U.S.`, initials) stay one token so that their full stop does not end a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.engine.quotes.lexicon import (
    FINITE_CUES,
    NON_SPEECH_PARTICLES,
    NOT_FINITE_BEFORE,
    PARTICIPLE_CUES,
    PLURAL_PRESENT,
    REQUIRES_PARTICLE,
)

_ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|Sen|Rep|Reps|Sens|Gov|Lt|Gen|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Sr|Jr|St|Hon|"
    "Atty|Supt|Amb|Pres|Det|Insp|Mt|Ft|Inc|Corp|Co|Ltd|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|No|Vol|vs|v|"
    "Messrs"
)
TOKEN_RE = re.compile(
    rf"(?:[A-Z]-)?(?:[A-Z]\.){{2,}}|(?:{_ABBREVIATIONS})\.(?=\s)|[A-Z]\.(?=\s+[A-Z])"
    r"|\d+/\d+(?=[\s,.;:])|\w+(?:[-’'&]\w+|\.(?=[a-z0-9])\w+)*(?:(?<=s)[’'](?=\s))?|--+|[^\w\s]"
)
DASHES = frozenset({"—", "–", "―", "-", "--", "---"})


@dataclass(frozen=True, slots=True)
class Tok:
    """A token of masked text with its offsets in the article."""

    text: str
    start: int
    end: int
    # Lower case with a typographic apostrophe made plain, so that `It’s` and `it's` are one word
    # for the word lists (`it's` ends a noun phrase, `ma'am` is no name); computed once, as every
    # rule reads it.
    low: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "low", self.text.lower().replace("’", "'"))

    @property
    def is_word(self) -> bool:
        return self.text[0].isalnum()

    @property
    def is_quote(self) -> bool:
        """The blanked-out words of a quotation."""
        return self.text[0] == "_"

    @property
    def is_cap(self) -> bool:
        return self.text[0].isupper()

    @property
    def possessive(self) -> bool:
        return self.low.endswith(("'s", "s'"))


def tokenize(masked: str, start: int, end: int) -> list[Tok]:
    """Tokens of `masked[start:end]` with article offsets."""
    return [Tok(m.group(), m.start(), m.end()) for m in TOKEN_RE.finditer(masked, start, end)]


# Cues that open a sentence in inverted order, before their subject (`Said Kim: “…”`).
OPENING_CUES = frozenset(("said", "says", "added", "adds", "wrote", "writes"))


def cue_kind(toks: list[Tok], k: int, after_quote: bool = False) -> str | None:
    """`finite`, `participle` or `according` when `toks[k]` is a reporting cue in this context.

    Right after a quotation (`after_quote`) a verb reports it whatever follows (`“…,” read the
    statement`); elsewhere `read the`, `called for`, `put out` are other senses of the verb.
    """
    t = toks[k]
    low = t.low
    nxt = toks[k + 1].low if k + 1 < len(toks) else ""
    if low == "according" and nxt == "to":
        return "according"
    if not t.text[0].islower():
        # `Said one aide: “…”`: a cue may open its sentence before its subject; elsewhere a
        # capitalised word is a name, not a verb ("the United States")
        opens = k == 0 or toks[k - 1].text in (".", "!", "?") or toks[k - 1].is_quote
        return "finite" if opens and low in OPENING_CUES and nxt[:1].isalpha() else None
    if not after_quote and low in NON_SPEECH_PARTICLES and nxt in NON_SPEECH_PARTICLES[low]:
        return None
    if low in REQUIRES_PARTICLE:
        after = toks[k + 2] if k + 2 < len(toks) else None
        to_say = after is not None and after.low == "to"
        # "went on to say"; right after a quotation also "“…,” Kim went on." — not "goes on holiday"
        ends_clause = after_quote and (after is None or not after.is_word)
        if nxt not in REQUIRES_PARTICLE[low] or not (to_say or ends_clause):
            return None
    if low in PLURAL_PRESENT and k > 0 and toks[k - 1].low in NOT_FINITE_BEFORE:
        # "refused to say", "voters will say": an infinitive or a forecast reports nothing said.
        return None
    if low in FINITE_CUES:
        return "finite"
    if low in PARTICIPLE_CUES:
        return "participle"
    if low in AS_NAMING_CUES and _names_as(toks, k):
        return "participle" if low.endswith("ing") else "finite"
    return None


# Verbs that report words only when naming something `as` them: `Kim identified the judge as
# “Spanish”`, but `police identified the man` names no one's words.
AS_NAMING_CUES = frozenset(("identified", "identifies", "identify", "identifying"))
AS_REACH = 6  # tokens from the verb to its `as`


def _names_as(toks: list[Tok], k: int) -> bool:
    """Whether `as` and then a quotation follow the verb at `k` within its clause."""
    for j in range(k + 1, min(len(toks) - 1, k + 1 + AS_REACH)):
        if toks[j].low == "as":
            nxt = toks[j + 1]
            return nxt.is_quote or (nxt.text in ('"', "“", "‘", "'") and j + 2 < len(toks))
        if not toks[j].is_word:
            return False
    return False
