"""How long a summary should be, as people ask for it: sentences, words, or percent.

One `Length` travels from the option a member typed (or the CLI flag) through the service,
the engine, the cache key and the footer, and Shorter/Longer step it in its own unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from bot import limits

Unit = Literal["sentences", "words", "percent"]
UNITS: tuple[Unit, ...] = ("sentences", "words", "percent")
_BOUNDS: dict[str, tuple[int, int]] = {
    "sentences": (limits.MIN_SUMMARY_SENTENCES, limits.MAX_SUMMARY_SENTENCES),
    "words": (limits.MIN_SUMMARY_WORDS, limits.MAX_SUMMARY_WORDS),
    "percent": (limits.MIN_SUMMARY_PERCENT, limits.MAX_SUMMARY_PERCENT),
}


class LengthError(ValueError):
    """A length outside its unit's bounds, or more than one unit at a time; for the user."""


@dataclass(frozen=True, slots=True)
class Length:
    unit: Unit
    value: int

    def __post_init__(self) -> None:
        low, high = _BOUNDS[self.unit]
        if not low <= self.value <= high:
            raise LengthError(f"Ask for {low} to {high} {self.unit_name}.")

    @property
    def unit_name(self) -> str:
        return "percent" if self.unit == "percent" else self.unit

    @property
    def key(self) -> str:
        """The summary cache's length key, as the schema spells it: '3' (sentences), '25%'
        (percent), '60w' (words)."""
        suffix = {"sentences": "", "percent": "%", "words": "w"}[self.unit]
        return f"{self.value}{suffix}"

    @property
    def label(self) -> str:
        """How the footer names what was asked."""
        if self.unit == "words":
            return f"up to {self.value} words"
        if self.unit == "percent":
            return f"{self.value}% of the article"
        return f"{self.value} sentence{'s' if self.value != 1 else ''}"

    def _step(self) -> int:
        if self.unit == "sentences":
            return 1
        if self.unit == "words":
            return max(10, round(self.value / 4, -1))  # 50 -> 10, 100 -> 20, 200 -> 50
        return max(5, 5 * round(self.value / 20))  # 20% -> 5, 40% -> 10

    def shorter(self) -> Length | None:
        """One step shorter in the same unit, or None at the unit's lower bound."""
        low, _ = _BOUNDS[self.unit]
        return None if self.value <= low else Length(self.unit, max(low, self.value - self._step()))

    def longer(self) -> Length | None:
        """One step longer in the same unit, or None at the unit's upper bound."""
        _, high = _BOUNDS[self.unit]
        return (
            None if self.value >= high else Length(self.unit, min(high, self.value + self._step()))
        )


def length_of(
    sentences: int | None = None, words: int | None = None, percent: float | None = None
) -> Length | None:
    """The one length given (None when none is), checked; two at once is refused."""
    given = [
        (u, v) for u, v in zip(UNITS, (sentences, words, percent), strict=True) if v is not None
    ]
    if len(given) > 1:
        raise LengthError("Give one length: sentences, words or percent, not several.")
    if not given:
        return None
    unit, value = given[0]
    if unit == "percent" and not float(value).is_integer():
        if not 0 < value <= limits.MAX_SUMMARY_PERCENT:
            raise LengthError(
                f"Ask for {limits.MIN_SUMMARY_PERCENT} to {limits.MAX_SUMMARY_PERCENT} percent."
            )
        value = max(limits.MIN_SUMMARY_PERCENT, math.ceil(value))
    return Length(unit, int(value))


def sentence_count(length: Length, total: int) -> int:
    """How many sentences a sentence or percent length asks for, at most the cap."""
    percent = length.unit == "percent"
    wanted = math.ceil(total * length.value / 100) if percent else length.value
    return max(1, min(wanted, limits.MAX_SUMMARY_SENTENCES))


def words_in(sentences: tuple[str, ...] | list[str]) -> int:
    """Words as the footer and the `words` length count them: runs between spaces."""
    return sum(len(s.split()) for s in sentences)


def length_note(length: Length, picked: tuple[str, ...], total: int) -> str | None:
    """What the reader should know about the length they got, when it is not what they asked:
    the whole article (it is shorter than asked), the cap, or a sentence longer than the words
    asked for."""
    if not picked:
        return None
    if (
        len(picked) >= total
        and total
        and (
            (length.unit == "sentences" and length.value > total)
            or (
                length.unit == "percent"
                and length.value < 100
                and sentence_count(length, total) >= total
            )
        )
    ):
        return f"the whole article: it has {total} sentence{'s' if total != 1 else ''}"
    if length.unit == "words" and words_in(picked) > length.value:
        return f"its best sentence alone has {words_in(picked)} words, more than {length.value}"
    if (
        length.unit == "percent"
        and math.ceil(total * length.value / 100) > limits.MAX_SUMMARY_SENTENCES
    ):
        return f"at most {limits.MAX_SUMMARY_SENTENCES} sentences"
    return None
