"""Which language an article is in, and the sumy stemmer and stop words for it.

py3langid ships its model inside the wheel, so detection needs no download. sumy's stemmers
are NLTK's Snowball stemmers (pure code, no data) plus a few of its own; its stop-word lists
ship inside the sumy package.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

# ISO 639-1 code -> the language name sumy and NLTK's Snowball stemmers use.
SUMY_LANGUAGES: dict[str, str] = {
    "en": "english",
    "de": "german",
    "fr": "french",
    "es": "spanish",
    "it": "italian",
    "pt": "portuguese",
    "nl": "dutch",
    "sv": "swedish",
    "da": "danish",
    "no": "norwegian",
    "fi": "finnish",
    "ru": "russian",
    "uk": "ukrainian",
    "cs": "czech",
    "sk": "slovak",
    "pl": "polish",
    "el": "greek",
    "hu": "hungarian",
    "ro": "romanian",
}
DEFAULT_LANGUAGE = "en"
_MIN_CHARS_TO_DETECT = 40


def detect(text: str) -> str:
    """The ISO code of the article's language, or English when unsure or unsupported."""
    sample = text[:5000]
    if len(sample.strip()) < _MIN_CHARS_TO_DETECT:
        return DEFAULT_LANGUAGE
    import py3langid  # imported late: loading its model takes most of a second

    code, _ = py3langid.classify(sample)
    return code if code in SUMY_LANGUAGES else DEFAULT_LANGUAGE


STEM_CACHE_WORDS = 200_000


@functools.cache
def stemmer(code: str) -> Callable[[str], str]:
    """sumy's stemmer for the language (Snowball where it has one), memoised.

    Snowball spends tens of microseconds on a word and sumy stems every word of every
    sentence, while news reuses a small vocabulary: remembering stems makes every method
    several times cheaper without changing a single result. sumy is imported here, not at the
    top: detecting a language must not load it (the bot process detects nothing, but imports
    this module through the service).
    """
    from sumy.nlp.stemmers import Stemmer

    return functools.lru_cache(maxsize=STEM_CACHE_WORDS)(
        Stemmer(SUMY_LANGUAGES.get(code, "english"))
    )


@functools.cache
def stop_words(code: str) -> frozenset[str]:
    """sumy's stop words for the language; an empty set where sumy has none."""
    from sumy.utils import get_stop_words

    try:
        return frozenset(get_stop_words(SUMY_LANGUAGES.get(code, "english")))
    except LookupError:
        return frozenset()
