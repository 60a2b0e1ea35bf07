"""The lead method: the first sentences of the article, the classic news baseline.

Written as a sumy summarizer (`summarizer(document, count)`) so it sits in the same registry.
"""

from __future__ import annotations

from sumy.models.dom import ObjectDocumentModel, Sentence


class LeadSummarizer:
    """Takes the first `count` sentences: journalists put the gist at the top."""

    def __call__(self, document: ObjectDocumentModel, sentences_count: int) -> tuple[Sentence, ...]:
        return tuple(document.sentences[: max(0, sentences_count)])
