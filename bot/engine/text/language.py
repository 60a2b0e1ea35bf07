"""Which language an article is in, and the sumy stemmer and stop words for it.

py3langid ships its model inside the wheel, so detection needs no download; English, most of
what a server adds, is recognised by its stop words first, without the model. sumy's stemmers
are NLTK's Snowball stemmers (pure code, no data) plus a few of its own; its stop-word lists
ship inside the sumy package.
"""

from __future__ import annotations

import functools
import logging
import re
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
log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
_MIN_CHARS_TO_DETECT = 40


_WORD = re.compile(r"[^\W\d_]+")
_MIN_WORDS_BY_STOP_WORDS = 8
ENGLISH_STOP_WORD_SHARE = 0.15
"""English prose is a third to a half stop words (the, of, to, that); every English article
of the development corpora is above a fifth, other languages' prose below a tenth."""
STOP_WORD_MARGIN = 2.0
"""...and English stop words must be at least twice as common as any other language's, or
the model decides (texts that mix languages, and languages that share short words)."""


def _clearly_english(sample: str) -> bool:
    """Whether English stop words dominate the text, so the model need not be asked.

    Most of what a server adds is English: answering those from stop-word lists that sumy
    ships keeps the 74 MB model out of memory unless another language actually arrives (it
    is then loaded in the worker that meets it)."""
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < _MIN_WORDS_BY_STOP_WORDS:
        return False
    shares = {
        code: sum(w in stop_words(code) for w in words) / len(words) for code in SUMY_LANGUAGES
    }
    english = shares.pop(DEFAULT_LANGUAGE)
    return english >= ENGLISH_STOP_WORD_SHARE and english >= STOP_WORD_MARGIN * max(shares.values())


def detect(text: str) -> str:
    """The ISO code of the article's language, or English when unsure or unsupported."""
    sample = text[:5000]
    if len(sample.strip()) < _MIN_CHARS_TO_DETECT or _clearly_english(sample):
        return DEFAULT_LANGUAGE
    import py3langid  # imported late: loading its model takes most of a second, 74 MB

    try:
        code, _ = py3langid.classify(sample)
    except OSError:  # the model is unpacked to a temporary file first: the disk may be full
        log.warning("the language model could not be loaded; taking the text as English")
        return DEFAULT_LANGUAGE
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
