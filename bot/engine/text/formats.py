"""What kind of text arrived: an HTML page, Markdown, or plain text, told by its content.

A file's extension is a hint people get wrong (a saved page in a .txt, HTML piped to stdin,
Markdown pasted in a form), so every input path asks these two questions instead.
"""

from __future__ import annotations

import re

_SNIFF_CHARS = 20_000
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|main|"
    r"section|div|p|h[1-6]|table|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_BLOCK_TAG = re.compile(
    r"</(?:p|div|h[1-6]|li|td|tr|table|article|section|body|html|span|figure|header|footer)>",
    re.IGNORECASE,
)
_HTML_MIN_BLOCK_TAGS = 3

_MD_STRONG = re.compile(
    r"^\s{0,3}#{1,6}\s+\S"  # ATX heading
    r"|!\[[^\]\n]*\]\([^)\n]+\)"  # image
    r"|\[[^\]\n]+\]\([^)\s]+\)"  # link
    r"|^\s{0,3}(?:```|~~~)"  # fenced code
    r"|^\s{0,3}\|?\s*:?-{3,}:?\s*\|"  # table separator row
    r"|^---\s*\n(?:[\w-]+:.*\n)+---\s*$",  # front matter
    re.MULTILINE,
)
_MD_WEAK = re.compile(
    r"\*\*[^*\n]+\*\*|__[^_\n]+__"  # strong emphasis
    r"|(?<![\w*])\*[^*\s][^*\n]*\*(?![\w*])"  # *emphasis*
    r"|^\s{0,3}>\s"  # block quote
    r"|^\s{0,3}[-*+]\s+\S",  # bullet
    re.MULTILINE,
)
_MD_MIN_WEAK = 2


def looks_like_html(text: str) -> bool:
    """True for an HTML document or fragment: it opens with a tag, or closes several blocks
    and is not Markdown with some raw HTML in it."""
    head = text[:_SNIFF_CHARS]
    if _HTML_START.match(head):
        return True
    # Markdown may hold raw HTML blocks; its own headings, links or fences say which it is.
    return len(_HTML_BLOCK_TAG.findall(head)) >= _HTML_MIN_BLOCK_TAGS and not _MD_STRONG.search(
        head
    )


def looks_like_markdown(text: str) -> bool:
    """True when the text uses Markdown's markup: one unmistakable sign (a heading, a link, an
    image, a fence, a table, front matter) or two softer ones (emphasis, quotes, bullets)."""
    head = text[:_SNIFF_CHARS]
    if _MD_STRONG.search(head):
        return True
    return len(_MD_WEAK.findall(head)) >= _MD_MIN_WEAK
