"""The few terms an article is about, for the `/summary` footer."""

from __future__ import annotations

import re
from collections import Counter

from bot.engine import language
from bot.engine.text import word_tokens

_MIN_WORD_LENGTH = 3
_POSSESSIVE = re.compile(r"['’]s$", re.I)


def keywords(text: str, lang: str = "en", count: int = 5) -> tuple[str, ...]:
    """The `count` most frequent content words, grouped by stem, shown in their commonest form.

    Words are counted first and each distinct word is stemmed once: stemming is the costly
    part, and an article repeats most of its words. Capitalised forms win ties so that names
    read as names ("Kim", not "kim").
    """
    stem = language.stemmer(lang)
    stops = language.stop_words(lang)
    surface = Counter(_POSSESSIVE.sub("", w) for w in word_tokens(text))
    by_stem: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for word, seen in surface.items():
        lower = word.lower()
        if len(lower) < _MIN_WORD_LENGTH or lower in stops:
            continue
        key = stem(lower)
        by_stem[key] += seen
        forms.setdefault(key, Counter())[word] += seen
    ranked = sorted(by_stem.items(), key=lambda item: (-item[1], item[0]))[:count]
    return tuple(
        max(forms[key].items(), key=lambda f: (f[1], f[0][:1].isupper()))[0] for key, _ in ranked
    )
