"""One person under several spellings across articles: `Laura Brennan`, `Brennan`, `Minister Brennan`.

Within one article the engine already names each person in full. Across a server's articles the
same person may still be stored under a surname alone (an article that never gave the first name)
or, from older engine versions, with a title in front. The speaker list merges these so a member
picks the person once. A short form joins a full name only when exactly one full name in the list
has that surname: two different Brennans stay apart, and the bare `Brennan` then stays too.
"""

from __future__ import annotations

from bot.engine.quotes.lexicon import TITLES
from bot.engine.quotes.roles import HONORIFIC_WORDS


def bare_name(name: str) -> str:
    """`name` without the titles and honorifics in front (`Minister Laura Brennan` → `Laura
    Brennan`); the name itself if it is nothing but titles."""
    words = name.split()
    k = 0
    while k < len(words) - 1 and (
        words[k].lower() in TITLES or words[k].lower() in HONORIFIC_WORDS
    ):
        k += 1
    return " ".join(words[k:])


def surname_forms(name: str) -> list[str]:
    """The stored spellings a full name also stands for: its surname alone."""
    words = bare_name(name).split()
    return [words[-1]] if len(words) > 1 else []


def merge_names(names: list[str]) -> list[str]:
    """`names` (most quoted first) with spellings of one person merged into its fullest form,
    in the order in which each person first appears."""
    fulls: dict[str, set[str]] = {}  # lower-cased surname -> the full names that have it
    for name in names:
        words = bare_name(name).split()
        if len(words) > 1:
            fulls.setdefault(words[-1].lower(), set()).add(" ".join(words).lower())
    shown: dict[str, str] = {}  # person key -> the fullest spelling seen
    for name in names:
        bare = bare_name(name)
        key = bare.lower()
        same = fulls.get(key, set()) if " " not in key else set()
        if len(same) == 1:
            key = next(iter(same))  # "Brennan" is the one "Laura Brennan" of this list
        if len(bare) > len(shown.get(key, "")):
            shown[key] = bare
    return list(shown.values())
