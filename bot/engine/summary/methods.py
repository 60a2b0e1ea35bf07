"""The summary methods by name: what the CLI, the slash commands' choices, the settings and the
embeds need to know about them, without the summarizers.

Reading a method's name or label must not load sumy, nltk and numpy (about 180 ms and 30 MB
in every process that imports them): the bot process and the commands that do not summarise
import this module; only the engine workers and the summarising commands import
`bot.engine.summary.summarize`, which builds each method's summarizer from this registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.engine.summary.summarize import Summarizer

# Bump when a change alters which sentences any method picks: cached summaries are keyed on it.
SUMMARY_VERSION = "2"

# Methods whose cost grows with the square of the sentence count rank at most this many
# sentences; the rest of a very long article is not a candidate. News puts its substance
# first, and this keeps a 100,000-character article well inside the reply deadline.
MAX_RANKED_SENTENCES = 200
# KL-Sum re-scores every remaining sentence after each pick over the whole ordering: cubic.
MAX_KL_SENTENCES = 60


@dataclass(frozen=True, slots=True)
class Method:
    """A summary method: its name (a contract), how users see it, and how many sentences from
    the top of the article it considers (None: all)."""

    name: str
    label: str
    max_sentences: int | None = None

    def build(self, lang: str, title: str) -> Summarizer:
        """This method's sumy summarizer for an article's language and title. It imports the
        engine, so it belongs in the workers and the summarising commands."""
        from bot.engine.summary.summarize import BUILDERS

        return BUILDERS[self.name](lang, title)


METHODS: dict[str, Method] = {
    m.name: m
    for m in (
        Method("auto", "Auto", MAX_RANKED_SENTENCES),
        Method("lead", "Lead"),
        Method("lexrank", "LexRank", MAX_RANKED_SENTENCES),
        Method("textrank", "TextRank", MAX_RANKED_SENTENCES),
        Method("lsa", "LSA", MAX_RANKED_SENTENCES),
        # Luhn looks up every word in a tuple of the document's repeated words: quadratic too
        # (0.7 s for a 100,000-character article uncapped, 0.15 s capped).
        Method("luhn", "Luhn", MAX_RANKED_SENTENCES),
        Method("edmundson", "Edmundson"),
        Method("kl", "KL-Sum", MAX_KL_SENTENCES),
        Method("sumbasic", "SumBasic", MAX_RANKED_SENTENCES),
        Method("reduction", "Reduction", MAX_RANKED_SENTENCES),
    )
}
DEFAULT_METHOD = "auto"


class SummaryError(ValueError):
    """A request the engine cannot serve; the message is for the user."""
