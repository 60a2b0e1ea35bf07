"""One cleaning pipeline for an article's text, whatever path it came by.

Files, stdin, the paste form, JSONL records and the text a web page yields all pass through
`clean_article`: Markdown is parsed when the text is Markdown, furniture lines are dropped,
bylines and datelines become the author and date, a paragraph repeated as a pull quote is
kept once, and a first paragraph that reads like a headline becomes the title. (HTML is turned
into text by the extractor in `bot/ingest/extract.py` first; its text then comes here.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.text import bylines
from bot.engine.text.formats import looks_like_markdown
from bot.engine.text.markdown import markdown_to_text
from bot.engine.text.sentences import clean, paragraphs

HEADLINE_MAX_CHARS = 150
_HEADLINE_END = re.compile(r"[.!?:;…,\"”’)]$")
_FOOTER_TAIL = re.compile(
    r"\s*[(\[](?:additional\s+)?(?:reporting|writing|editing)\s+by\b[^()\[\]]{0,300}[)\]]\s*$",
    re.IGNORECASE,
)
_REPEAT_MIN_WORDS = 4
_REPEAT_MAX_WORDS = 60
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class CleanArticle:
    """An article's clean text (paragraphs separated by blank lines) and what its head said."""

    title: str | None
    text: str
    author: str | None = None
    published: str | None = None


def clean_article(
    raw: str, *, markdown: bool | None = None, title: str | None = None
) -> CleanArticle:
    """Clean `raw` article text. `markdown` None means: parse it as Markdown if it looks so.
    A known `title` (from a page's metadata) is not looked for again; a first paragraph that
    repeats it is dropped."""
    author = published = None
    if markdown if markdown is not None else looks_like_markdown(raw):
        parsed = markdown_to_text(raw)
        raw, author, published = parsed.text, parsed.author, parsed.published
        title = title or parsed.title
    found, head = bylines.strip_head(paragraphs(clean(raw)))
    found = [_FOOTER_TAIL.sub("", p) for p in found]
    found = _without_repeats([p for p in found if p])
    if title is None and len(found) > 1 and is_headline(found[0]):
        title, found = found[0], found[1:]
    elif title is not None and found and found[0].casefold() == title.casefold():
        found = found[1:]
    return CleanArticle(
        title=title,
        text="\n\n".join(found),
        author=author or head.author,
        published=published or head.published,
    )


def is_headline(paragraph: str) -> bool:
    """A paragraph that reads like a headline: short, and not ended like a sentence."""
    return len(paragraph) <= HEADLINE_MAX_CHARS and not _HEADLINE_END.search(paragraph)


def _without_repeats(found: list[str]) -> list[str]:
    """Drop a short paragraph whose words appear again elsewhere: a pull quote repeats a line of
    the body, a live blog repeats its summary. The longer (or first) copy stays."""
    keys = [f" {' '.join(_WORDS.findall(p.casefold()))} " for p in found]
    whole = "".join(keys)
    kept: list[str] = []
    for index, (paragraph, key) in enumerate(zip(found, keys, strict=True)):
        count = len(key.split())
        if _REPEAT_MIN_WORDS <= count <= _REPEAT_MAX_WORDS and whole.count(key) > 1:
            longer = any(key in other and len(other) > len(key) for other in keys)
            if longer or key in keys[:index]:
                continue
        kept.append(paragraph)
    return kept
