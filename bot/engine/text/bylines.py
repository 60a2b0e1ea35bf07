"""Bylines, datelines and wire prefixes: who wrote an article and when, never its sentences.

News pages put the author and the time above the story in a handful of shapes ("By Helen
Okafor, Political Correspondent", "Published 14:02 GMT, 3 March 2026 | Updated …", the Daily
Mail's "By . Reporter . PUBLISHED: . 12:00 EST, 1 June 2013 . | . UPDATED: …") and start wire
copy with a place and an agency ("LONDON (Reuters) -"). Left in, the lead method quotes them
as the first sentence; taken out, they fill the article's author and date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

HEAD_PARAGRAPHS = 6
"""Bylines and datelines are looked for among the first paragraphs only: further down, a short
line starting with "By" is more likely a subheading than a byline."""
_MAX_BYLINE_CHARS = 140

_BY = r"(?i:by|written\s+by|words\s+by|story\s+by|von|par|por|door|di)"
_NAME_WORD = r"[A-ZÀ-ÞĀ-Ž][\w'’.-]*"
_NOT_NAMES = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december the this that then now late early
    contrast comparison far law order noon night day midnight default design which""".split()
)
_BYLINE = re.compile(
    rf"^[*_(\[]*{_BY}\s*[:.]?\s+(?P<names>{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|de|van|von|der|da|di|le|la|bin|al))*"
    rf"(?:\s*(?:,\s*and|,|and|&|und|et|y)\s+{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*)*)"
    r"(?P<rest>\s*(?:[,|·•–—-]|\bin\b|\bfor\b|\bat\b).*)?$",
)
# "By . Daily Mail Reporter . PUBLISHED: . 12:00 EST, 1 June 2013 . | . UPDATED: . 14:31 EST, …"
# (the dots are the paragraph breaks of the page, flattened). It may run straight into the story.
_DM_BLOCK = re.compile(
    r"^By\s*\.\s*(?P<names>.{1,120}?)\s*\.\s*(?:and\s*\.\s*(?P<more>.{1,80}?)\s*\.\s*)?"
    r"(?:(?:PUBLISHED|UPDATED|Last\s+updated\s+at)\s*:?\s*\.?\s*.{1,60}?\d{4}\s*\.\s*\|?\s*\.?\s*){1,2}",
)
_WIRE_PREFIX = re.compile(
    r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ.'’ -]{1,40}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?\s*)?"
    r"\((?:Reuters|AP|AFP|CNN|Bloomberg|dpa|UPI|PA|EFE|ANSA|Xinhua|Kyodo)\)\s*(?:[-–—]{1,2}|:)?\s*"
)
_DATELINE = re.compile(
    r"^(?:last\s+)?(?:updated|published|posted|first\s+published|modified)\b.{0,120}$|"
    r"^\d{1,2}\s+[A-Z][a-z]+\s+\d{4}(?:\s*[,|·•-]\s*.{0,40})?$|"
    r"^[A-Z][a-z]+\s+\d{1,2},\s+\d{4}(?:\s*[,|·•-]\s*.{0,40})?$",
    re.IGNORECASE,
)
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d")
_DATE = re.compile(
    r"\b(\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}|\d{4}-\d{2}-\d{2})\b"
)


@dataclass(frozen=True, slots=True)
class Byline:
    """What the head of an article said about itself."""

    author: str | None = None
    published: str | None = None  # ISO 8601 date


def byline_author(line: str) -> str | None:
    """The author named by a byline line ("By Helen Okafor, Political Correspondent"), else None.

    A line is a byline when it is short, starts with "By" and a capitalised name, and is not
    a sentence ("By Monday, the strike had spread." ends with a full stop, so it is not)."""
    line = line.strip().strip("*_ ")
    if not line or len(line) > _MAX_BYLINE_CHARS:
        return None
    block = _DM_BLOCK.match(line)
    if block and block.end() >= len(line) - 1:
        return _names(block.group("names"), block.group("more"))
    if line.endswith((".", "!", "?", "”", '"')):
        return None
    match = _BYLINE.match(line)
    if not match:
        return None
    names = match.group("names")
    if names.split()[0].lower().strip(".,") in _NOT_NAMES:
        return None
    return _names(names)


_ROLE_WORDS = frozenset(
    """correspondent editor reporter writer staff journalist columnist contributor producer
    analyst critic presenter news desk team agency wire chief senior political economics
    business health science technology sports foreign home affairs reporters redaktion""".split()
)
_NAME_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+(?:and|&|und|et|y)\s+")


def _names(names: str, more: str | None = None) -> str | None:
    """The people a byline names, without their titles and places ("Helen Okafor" from
    "Helen Okafor, Political Correspondent"; "Anna Schmidt" from "Anna Schmidt, Berlin")."""
    found: list[str] = []
    for group in (names, more):
        for index, part in enumerate(_NAME_SEPARATOR.split(group or "")):
            words = part.strip(" .,*_").split()
            if not words:
                continue
            if index and (len(words) < 2 or any(w.lower() in _ROLE_WORDS for w in words)):
                break  # a title or a place follows the names
            found.append(" ".join(words))
    if len(found) > 1:
        return ", ".join(found[:-1]) + " and " + found[-1]
    return found[0] if found else None


def is_dateline(line: str) -> bool:
    """A line that only says when the article was published or updated."""
    line = line.strip().strip("*_ ")
    return len(line) <= _MAX_BYLINE_CHARS and bool(_DATELINE.match(line)) and not line.endswith(".")


def published_date(line: str) -> str | None:
    """The first date a dateline gives, as an ISO 8601 date, or None."""
    for match in _DATE.finditer(line):
        raw = match.group(1).replace(".", "")
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(raw, fmt).date().isoformat()
            except ValueError:
                continue
    return None


def strip_head(paragraphs: list[str]) -> tuple[list[str], Byline]:
    """Remove bylines, datelines and wire prefixes from the head of an article's paragraphs.

    Returns the remaining paragraphs and what they said: the first author named and the
    first date given."""
    author: str | None = None
    published: str | None = None
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index >= HEAD_PARAGRAPHS:
            kept.extend(paragraphs[index:])
            break
        block = _DM_BLOCK.match(paragraph)
        if block:
            author = author or _names(block.group("names"), block.group("more"))
            published = published or published_date(block.group(0))
            paragraph = paragraph[block.end() :].strip()
            if not paragraph:
                continue
        name = byline_author(paragraph)
        if name is not None:
            author = author or name
            published = published or published_date(paragraph)
            continue
        if is_dateline(paragraph):
            published = published or published_date(paragraph)
            continue
        kept.append(paragraph)
    # The wire prefix opens the story's first paragraph, which may follow a headline.
    for index in range(min(2, len(kept))):
        stripped = strip_wire_prefix(kept[index])
        if stripped != kept[index]:
            kept[index] = stripped
            break
    return kept, Byline(author, published)


def strip_wire_prefix(paragraph: str) -> str:
    """The first paragraph without its wire dateline ("LONDON (Reuters) - ", "(CNN)")."""
    match = _WIRE_PREFIX.match(paragraph)
    if not match or match.end() >= len(paragraph):
        return paragraph
    return paragraph[match.end() :]
