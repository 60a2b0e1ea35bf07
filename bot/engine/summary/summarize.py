"""Extractive summaries: one registry of methods, read by the CLI, `/summary` and benchmarks.

Each method is a sumy summarizer called as `summarizer(document, count)` over a sumy document
that this module builds from the engine's own paragraphs and sentences, so the sentences a
summary returns are exactly the sentences the rest of newsbot sees.
"""

from __future__ import annotations

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

from bot import limits
from bot.engine.summary.keywords import keywords_of_words
from bot.engine.summary.lead import LeadSummarizer
from bot.engine.summary.length import Length, LengthError, length_of, sentence_count, words_in
from bot.engine.summary.methods import (
    DEFAULT_METHOD,
    MAX_KL_SENTENCES,
    MAX_RANKED_SENTENCES,
    METHODS,
    SUMMARY_VERSION,
    Method,
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


def summarize(
    text: str,
    *,
    title: str = "",
    method: str = DEFAULT_METHOD,
    sentences: int | None = None,
    percent: float | None = None,
    words: int | None = None,
    lang: str = "en",
) -> Summary:
    """Summarise cleaned `text` in article order, at the one length asked for: `sentences`
    (default 3), `percent` of the article's sentences, or the best summary within `words`
    words (never a cut sentence: when even the best single sentence is longer, that sentence
    alone). Never more than `limits.MAX_SUMMARY_SENTENCES` sentences.

    Synchronous and CPU-bound by design: the bot runs it in an executor.
    """
    chosen = METHODS.get(method)
    if chosen is None:
        raise SummaryError(f"Unknown method {method!r}; choose one of: {', '.join(METHODS)}.")
    try:
        length = length_of(sentences, words, percent) or Length("sentences", 3)
    except LengthError as exc:
        raise SummaryError(str(exc)) from None
    full = build_document(text, title, lang)
    total = len(full.sentences)
    if total == 0:
        return Summary(method=method, sentences=(), total_sentences=0)
    if length.unit == "words":
        picked = _within_words(full, chosen, title, lang, length.value)
    else:
        picked = _pick(full, chosen, title, lang, sentence_count(length, total))
    return Summary(
        method=method,
        sentences=tuple(picked),
        total_sentences=total,
        # the document's words are the text's words, already cut once for the summarizer
        keywords=keywords_of_words((w for s in full.sentences for w in s.words), lang),
    )


def _pick(
    full: ObjectDocumentModel, chosen: Method, title: str, lang: str, count: int
) -> list[str]:
    """The method's `count` sentences, in article order."""
    document = full
    if chosen.max_sentences is not None:
        limit = max(count, candidate_limit(full, chosen.max_sentences))
        if len(full.sentences) > limit:
            document = first_sentences(full, limit)
    if count >= len(document.sentences):
        return [str(s) for s in document.sentences][:count]
    return [str(s) for s in chosen.build(lang, title)(document, count)][:count]


def _within_words(
    full: ObjectDocumentModel, chosen: Method, title: str, lang: str, budget: int
) -> list[str]:
    """The method's longest summary that fits in `budget` words: one sentence more at a time
    until the next no longer fits (or the cap, or the whole article); when even one sentence is
    too long, that sentence alone."""
    best: list[str] = []
    for count in range(1, min(len(full.sentences), limits.MAX_SUMMARY_SENTENCES) + 1):
        picked = _pick(full, chosen, title, lang, count)
        if words_in(picked) > budget:
            return best or picked
        best = picked
    return best
