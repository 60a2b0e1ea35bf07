"""Extractive summaries: one registry of methods, read by the CLI, `/summary` and benchmarks.

Each method is a sumy summarizer called as `summarizer(document, count)` over a sumy document
that this module builds from the engine's own paragraphs and sentences, so the sentences a
summary returns are exactly the sentences the rest of newsbot sees.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.summarizers.edmundson import EdmundsonSummarizer
from sumy.summarizers.kl import KLSummarizer
from sumy.summarizers.lex_rank import LexRankSummarizer
from sumy.summarizers.lsa import LsaSummarizer
from sumy.summarizers.luhn import LuhnSummarizer
from sumy.summarizers.reduction import ReductionSummarizer
from sumy.summarizers.sum_basic import SumBasicSummarizer
from sumy.summarizers.text_rank import TextRankSummarizer

from bot.engine.summary.keywords import keywords_of_words
from bot.engine.summary.lead import LeadSummarizer
from bot.engine.summary.methods import (
    DEFAULT_METHOD,
    MAX_KL_SENTENCES,
    MAX_RANKED_SENTENCES,
    METHODS,
    SUMMARY_VERSION,
    SummaryError,
)
from bot.engine.text import language
from bot.engine.text.sentences import NewsTokenizer, paragraphs, split_sentences, word_tokens
from bot.models import Summary

# Ranking methods consider at most this many words too: TextRank and Reduction compare every
# word of a sentence with every word of every other, so fifty 2,000-character sentences took 20 s. 5,000 words is what
# 200 sentences of ordinary news length hold, so ordinary articles are not affected.
MAX_RANKED_WORDS = 5000

Summarizer = Callable[[ObjectDocumentModel, int], Sequence[Sentence]]

# Words that mark a sentence as unlikely summary material (Edmundson's "stigma" words).
_STIGMA_WORDS = (
    "reportedly allegedly perhaps maybe hardly click subscribe newsletter advertisement "
    "photo caption copyright cookies"
).split()


def _sumy(cls: type, stop_words: bool = True) -> Callable[[str, str], Summarizer]:
    def build(lang: str, title: str) -> Summarizer:
        summarizer = cls(language.stemmer(lang))
        if stop_words:
            summarizer.stop_words = language.stop_words(lang)
        return summarizer

    return build


def _edmundson(lang: str, title: str) -> Summarizer:
    summarizer = EdmundsonSummarizer(language.stemmer(lang))
    stops = language.stop_words(lang) or frozenset({"the"})
    bonus = [w for w in word_tokens(title) if w.lower() not in stops]
    summarizer.bonus_words = bonus or ["news"]
    summarizer.stigma_words = _STIGMA_WORDS
    summarizer.null_words = stops
    return summarizer


def _lead(lang: str, title: str) -> Summarizer:
    return LeadSummarizer()


def _auto(lang: str, title: str) -> Summarizer:
    # sumy's LexRank, TextRank and SumBasic ratings weighted for news, adapted per article.
    from bot.engine.summary.auto import AutoSummarizer

    return AutoSummarizer(language.stemmer(lang), language.stop_words(lang), lang, title)


# How each method of the registry (`methods.py`) builds its summarizer: (language, title).
BUILDERS: dict[str, Callable[[str, str], Summarizer]] = {
    "auto": _auto,
    "lead": _lead,
    "lexrank": _sumy(LexRankSummarizer),
    "textrank": _sumy(TextRankSummarizer),
    "lsa": _sumy(LsaSummarizer),
    "luhn": _sumy(LuhnSummarizer),
    "edmundson": _edmundson,
    "kl": _sumy(KLSummarizer),
    "sumbasic": _sumy(SumBasicSummarizer),
    "reduction": _sumy(ReductionSummarizer),
}
__all__ = [
    "DEFAULT_METHOD",
    "MAX_KL_SENTENCES",
    "MAX_RANKED_SENTENCES",
    "METHODS",
    "SUMMARY_VERSION",
    "SummaryError",
    "summarize",
]


def build_document(text: str, title: str = "", lang: str = "en") -> ObjectDocumentModel:
    """A sumy document from cleaned text: our paragraphs and sentences, the title as heading."""
    tokenizer = NewsTokenizer(language.SUMY_LANGUAGES.get(lang, "english"))
    built: list[Paragraph] = []
    heading = [Sentence(title, tokenizer, is_heading=True)] if title.strip() else []
    for paragraph in paragraphs(text):
        found = [Sentence(s, tokenizer) for s in split_sentences(paragraph)]
        built.append(Paragraph([*heading, *found]))
        heading = []
    return ObjectDocumentModel(built)


def first_sentences(document: ObjectDocumentModel, limit: int) -> ObjectDocumentModel:
    """The same document cut after `limit` sentences (headings kept), sharing its objects."""
    kept: list[Paragraph] = []
    remaining = limit
    for paragraph in document.paragraphs:
        if remaining <= 0:
            break
        sentences = paragraph.sentences[:remaining]
        remaining -= len(sentences)
        kept.append(Paragraph([*paragraph.headings, *sentences]))
    return ObjectDocumentModel(kept)


def candidate_limit(document: ObjectDocumentModel, max_sentences: int) -> int:
    """How many leading sentences a ranking method considers: at most `max_sentences`, and no
    more than fit in `MAX_RANKED_WORDS` words (at least one)."""
    words = 0
    for index, sentence in enumerate(document.sentences[:max_sentences]):
        words += len(sentence.words)
        if words > MAX_RANKED_WORDS:
            return max(1, index)
    return max_sentences


def resolve_count(total: int, sentences: int | None = None, percent: float | None = None) -> int:
    """How many sentences to return, from a count or a percentage of the article."""
    if sentences is not None and percent is not None:
        raise SummaryError("Give a sentence count or a percentage, not both.")
    if percent is not None:
        if not 0 < percent <= 100:
            raise SummaryError("The percentage must be above 0 and at most 100.")
        return max(1, math.ceil(total * percent / 100))
    count = 3 if sentences is None else sentences
    if count < 1:
        raise SummaryError("Ask for at least one sentence.")
    return count


def summarize(
    text: str,
    *,
    title: str = "",
    method: str = DEFAULT_METHOD,
    sentences: int | None = None,
    percent: float | None = None,
    lang: str = "en",
) -> Summary:
    """Summarise cleaned `text`: at most the asked number of sentences, in article order.

    Synchronous and CPU-bound by design: the bot runs it in an executor.
    """
    chosen = METHODS.get(method)
    if chosen is None:
        raise SummaryError(f"Unknown method {method!r}; choose one of: {', '.join(METHODS)}.")
    full = build_document(text, title, lang)
    total = len(full.sentences)
    count = resolve_count(total, sentences, percent)
    if total == 0:
        return Summary(method=method, sentences=(), total_sentences=0)
    document = full
    if chosen.max_sentences is not None:
        limit = max(count, candidate_limit(full, chosen.max_sentences))
        if total > limit:
            document = first_sentences(full, limit)
    if count >= len(document.sentences):
        picked = [str(s) for s in document.sentences]
    else:
        picked = [str(s) for s in chosen.build(lang, title)(document, count)]
    return Summary(
        method=method,
        sentences=tuple(picked[:count]),
        total_sentences=total,
        # the document's words are the text's words, already cut once for the summarizer
        keywords=keywords_of_words((w for s in full.sentences for w in s.words), lang),
    )
