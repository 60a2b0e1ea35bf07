"""Markdown (a CMS export, a pasted post) to the article's plain paragraphs, with markdown-it-py.

A parser, not regular expressions, because Markdown's rules nest (emphasis inside links
inside list items inside quotes) and a regex that strips `*` also eats a footnote star. What
is kept is the prose a reader reads: paragraphs, list items and block quotes, with emphasis and
link markup removed and link text kept. What is not prose is left out: images (their alt text
is a description for screen readers, not the story), the caption paragraph under an image,
tables and code (data, not sentences), raw HTML blocks and subheadings. The first level-one
heading is the title; YAML front matter gives the title, author and date when present.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>(?:[^\n]*\n){0,40}?)---[ \t]*(?:\n|\Z)")
_FRONT_FIELD = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$", re.MULTILINE)
_TITLE_KEYS = ("title", "headline")
_AUTHOR_KEYS = ("author", "authors", "byline")
_DATE_KEYS = ("date", "published", "pubdate", "publish_date")
_MAX_CAPTION_CHARS = 300
"""Text sharing a paragraph with an image is its caption, unless it is longer than this (prose
with an inline image keeps its prose)."""
_SKIPPED_BLOCKS = frozenset({"table_open", "fence", "code_block", "html_block", "hr"})


@dataclass(frozen=True, slots=True)
class MarkdownText:
    """The prose of a Markdown document, one paragraph per block, and what its head said."""

    title: str | None
    text: str
    author: str | None = None
    published: str | None = None


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def markdown_to_text(source: str) -> MarkdownText:
    """The plain paragraphs of `source` (blank-line separated) and its title."""
    fields, body = _front_matter(source)
    title = _first(fields, _TITLE_KEYS)
    paragraphs: list[str] = []
    tokens = _parser().parse(body)
    index = 0
    after_image = False
    while index < len(tokens):
        token = tokens[index]
        if token.type in _SKIPPED_BLOCKS:
            index = _skip_block(tokens, index)
            continue
        if token.type == "heading_open":
            inline = tokens[index + 1]
            if token.tag == "h1" and title is None and not paragraphs:
                title = _inline_text(inline.children or []).strip() or None
            index += 3  # heading_open, inline, heading_close: subheadings are not sentences
            continue
        if token.type == "inline":
            children = token.children or []
            has_image = any(c.type == "image" for c in children)
            text = _inline_text(children).strip()
            figure = has_image and len(text) <= _MAX_CAPTION_CHARS
            if figure or (after_image and _all_emphasised(children)):
                after_image = has_image  # a figure and its caption are not the story
            else:
                after_image = False
                if text:
                    paragraphs.append(text)
        index += 1
    return MarkdownText(
        title=_clean_field(title),
        text="\n\n".join(paragraphs),
        author=_clean_field(_first(fields, _AUTHOR_KEYS)),
        published=_clean_field(_first(fields, _DATE_KEYS)),
    )


def _front_matter(source: str) -> tuple[dict[str, str], str]:
    """YAML-style front matter's simple `key: value` fields, and the document after it."""
    match = _FRONT_MATTER.match(source.lstrip("\ufeff"))
    if not match:
        return {}, source
    fields = {
        m.group("key").lower(): m.group("value").strip().strip("\"'")
        for m in _FRONT_FIELD.finditer(match.group("body"))
    }
    return fields, source.lstrip("\ufeff")[match.end() :]


def _first(fields: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((fields[k] for k in keys if fields.get(k)), None)


def _clean_field(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


def _skip_block(tokens: list[Token], index: int) -> int:
    """The index after the block that starts at `index` (a table: up to its closing token)."""
    token = tokens[index]
    if token.nesting != 1:
        return index + 1
    depth = 0
    while index < len(tokens):
        depth += tokens[index].nesting
        index += 1
        if depth == 0:
            break
    return index


def _all_emphasised(children: list[Token]) -> bool:
    """Whether every word of an inline run sits inside emphasis (an italic caption line)."""
    depth = 0
    seen_text = False
    for child in children:
        if child.type in ("em_open", "strong_open"):
            depth += 1
        elif child.type in ("em_close", "strong_close"):
            depth -= 1
        elif child.type == "text" and child.content.strip():
            if depth == 0:
                return False
            seen_text = True
    return seen_text


def _inline_text(children: list[Token]) -> str:
    """An inline run as plain text: markup dropped, link text and inline code kept, images and
    raw HTML tags dropped; a soft line break stays a line break, so that line rules still see
    the lines a scraper or a CMS wrote."""
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts)
