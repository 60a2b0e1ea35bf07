"""The few terms an article is about, for the `/summary` footer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from bot.engine.text import language
from bot.engine.text.sentences import word_tokens

_MIN_WORD_LENGTH = 3
_POSSESSIVE = ("'s", "’s")  # a final 's, any case


def keywords(text: str, lang: str = "en", count: int = 5) -> tuple[str, ...]:
    """The `count` most frequent content words, grouped by stem, shown in their commonest form.

    Words are counted first and each distinct word is stemmed once: stemming is the costly
    part, and an article repeats most of its words. Capitalised forms win ties so that names
    read as names ("Kim", not "kim").
    """
    return keywords_of_words(word_tokens(text), lang, count)


def keywords_of_words(words: Iterable[str], lang: str = "en", count: int = 5) -> tuple[str, ...]:
    """`keywords` of a text already cut into words (`word_tokens`), e.g. the words a summary's
    sumy document holds anyway. Plain dicts and one pass over the distinct words: this runs
    with every summary, and tokenizing the text again plus a Counter per stem cost a third of
    a short LexRank."""
    stem = language.stemmer(lang)
    stops = language.stop_words(lang)
    by_stem: dict[str, int] = {}
    forms: dict[str, dict[str, int]] = {}
    for token, seen in Counter(words).items():
        word = token[:-2] if token[-2:].lower() in _POSSESSIVE else token
        lower = word.lower()
        if len(lower) < _MIN_WORD_LENGTH or lower in stops:
            continue
        key = stem(lower)
        by_stem[key] = by_stem.get(key, 0) + seen
        spellings = forms.setdefault(key, {})
        spellings[word] = spellings.get(word, 0) + seen
    ranked = sorted(by_stem.items(), key=lambda item: (-item[1], item[0]))[:count]
    return tuple(
        max(forms[key].items(), key=lambda f: (f[1], f[0][:1].isupper()))[0] for key, _ in ranked
    )
