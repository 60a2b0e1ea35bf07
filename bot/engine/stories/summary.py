"""A story's multi-document summary: the leads of all its articles, each said once, in time order.

News articles put the event in their first sentences, so the leads of several sources cover a
story better than any one article's summary; sources repeat each other, so a sentence whose
words mostly match an earlier one (from any source) is left out, and the earliest wording wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine.stories.terms import headline_terms

LEAD_SENTENCES = 2  # taken from each article
NEAR_DUPLICATE = 0.5  # share of words (Jaccard) above which two sentences say the same thing
MAX_SENTENCES = 8


@dataclass(frozen=True)
class StorySource:
    """One article of the story, as the summary needs it."""

    source: str
    at: float
    text: str


@dataclass(frozen=True)
class StorySentence:
    text: str
    source: str
    at: float


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= NEAR_DUPLICATE


def story_summary(
    articles: Sequence[StorySource], max_sentences: int = MAX_SENTENCES
) -> list[StorySentence]:
    """Sentences from every article's lead, near-duplicates given once, oldest first."""
    from bot.engine.text.sentences import clean, paragraphs, split_sentences_rules

    picked: list[tuple[StorySentence, frozenset[str]]] = []
    for article in sorted(articles, key=lambda a: a.at):
        lead: list[str] = []
        for paragraph in paragraphs(clean(article.text)):
            lead.extend(split_sentences_rules(paragraph))
            if len(lead) >= LEAD_SENTENCES:
                break
        for sentence in lead[:LEAD_SENTENCES]:
            words = frozenset(headline_terms(sentence))
            if len(words) < 3 or any(_similar(words, seen) for _, seen in picked):
                continue
            picked.append((StorySentence(sentence, article.source, article.at), words))
            if len(picked) == max_sentences:
                return [s for s, _ in picked]
    return [s for s, _ in picked]


def _label(source: str) -> str:
    return source.replace("[", "(").replace("]", ")")


def also_reported_text(reports: Sequence[tuple[str, str | None]], shown: int = 5) -> str:
    """ "Also reported by: [A](url), [B](url) and 3 more" for the edit of a story's first post."""
    links = [
        f"[{_label(source)}]({url})" if url else _label(source) for source, url in reports[:shown]
    ]
    text = "Also reported by: " + ", ".join(links)
    if len(reports) > shown:
        text += f" and {len(reports) - shown} more"
    return text
