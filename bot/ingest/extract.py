"""Turn a fetched HTML page into article fields, with trafilatura.

Only trafilatura's extraction functions are used, on a body our guarded fetcher
already downloaded: its own ``fetch_url`` has none of the SSRF or size guards.
Extraction is CPU-bound and synchronous; callers run it in an executor.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura.utils import load_html

from bot import limits
from bot.errors import InputError, UserFacingError
from bot.urls import normalize_url

log = logging.getLogger(__name__)

MIN_ARTICLE_CHARS = 300
"""Less main text than this is a teaser, a listing or an error page, not an article."""
PAYWALL_MAX_CHARS = 1500
"""A page with a subscription prompt is only called a paywall if it yields less text than
this; with more, we got the article anyway (many sites serve full text beside the prompt)."""

_PAYWALL_PHRASES = re.compile(
    r"subscribe to (?:continue|read|keep reading|unlock)"
    r"|(?:continue|keep) reading (?:with|by subscribing|for free)"
    r"|to continue reading"
    r"|already a subscriber"
    r"|(?:sign|log) ?in to (?:continue|read|keep reading)"
    r"|create a free account to"
    r"|(?:for|exclusive to) (?:paid )?subscribers only"
    r"|this (?:article|content|story) is (?:only )?(?:for|available to) (?:paying )?subscribers",
    re.IGNORECASE,
)
_NOT_FREE = re.compile(r'"isAccessibleForFree"\s*:\s*"?false', re.IGNORECASE)
_LANGUAGE = re.compile(r"[a-z]{2,3}\Z")


class ExtractionError(UserFacingError):
    """Base of extraction failures; ``message`` is one plain sentence a user can be shown."""

    message = "Couldn't read an article on that page."

    def __init__(self, message: str | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(self.message)


class NotAnArticleError(ExtractionError):
    """The page has no main text, or too little of it to summarise."""

    message = "That page doesn't look like an article (no main text found)."


class PaywallError(ExtractionError):
    """The page is a login form or a subscription prompt in front of the article."""

    message = "That article is behind a paywall or login, so I can't read it."


class TooManyElementsError(ExtractionError):
    """The page has more HTML elements than any article page needs (see `extract_article`)."""

    message = (
        f"That page has more than {limits.MAX_HTML_ELEMENTS:,} HTML elements, far more than "
        "an article page; I can't read it as an article."
    )


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    """The main text and metadata of an article page.

    `text` is plain text with paragraphs separated by blank lines. `published` is an
    ISO 8601 date. `canonical_url` is the page's declared canonical URL, else the URL
    it was fetched from. `language` is the declared language (ISO 639 code) if any.
    `image_url` is the page's lead image (og:image, else twitter:image) as an absolute
    http(s) address, for embeds to reference; it is never downloaded.
    """

    title: str | None
    text: str
    author: str | None
    published: str | None
    site_name: str | None
    canonical_url: str | None
    language: str | None
    image_url: str | None = None


def extract_article(html: str, url: str | None = None) -> ExtractedArticle:
    """Extract the article in `html` (fetched from `url`).

    Raises NotAnArticleError or PaywallError with a user-facing message.
    """
    tree = load_html(html) if html.strip() else None
    if tree is None:
        raise NotAnArticleError()
    _check_size(tree)
    # Inspect before extraction: trafilatura prunes forms and boilerplate from its copy.
    login_form = bool(tree.xpath("//form//input[@type='password']"))
    prompt = _has_subscription_prompt(tree, html)
    language = _declared_language(tree)
    doc = bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
    )
    title = _clean(doc.title) if doc is not None else None
    text = _paragraphs(doc.text or "", title) if doc is not None else ""
    # A login form (often just a header widget) only explains a missing article; a
    # subscription prompt also marks a short teaser as paywalled.
    if len(text) < MIN_ARTICLE_CHARS or (prompt and len(text) < PAYWALL_MAX_CHARS):
        log.info(
            "no article at %s (%d chars, login form %s, prompt %s)",
            url,
            len(text),
            login_form,
            prompt,
        )
        raise PaywallError() if login_form or prompt else NotAnArticleError()
    assert doc is not None  # text is non-empty
    canonical = doc.url if doc.url and doc.url.startswith(("http://", "https://")) else url
    return ExtractedArticle(
        title=title,
        text=text,
        author=_clean(doc.author),
        published=doc.date or None,
        site_name=_clean(doc.sitename),
        canonical_url=canonical,
        language=language,
        image_url=lead_image(tree, url),
    )


def _check_size(tree: HtmlElement) -> None:
    """Refuse pages that would hold a worker for seconds, before trafilatura sees them.

    Its time grows with the elements and the text (140,000 tiny paragraphs in 980 KB: 6-18 s;
    10,000 sentence-long ones: 1.8 s), while counting both takes milliseconds. Text beyond
    twice the article limit is refused as `prepare_article` refuses it; script and style text
    does not count (pages carry their data as JSON in scripts)."""
    if sum(1 for _ in tree.iter()) > limits.MAX_HTML_ELEMENTS:
        raise TooManyElementsError()
    visible = tree.xpath("//text()[not(ancestor::script or ancestor::style)]")
    if sum(map(len, visible)) > 2 * limits.MAX_ARTICLE_CHARS:
        raise ExtractionError(
            f"That page holds more than {2 * limits.MAX_ARTICLE_CHARS:,} characters of text; "
            f"articles are limited to {limits.MAX_ARTICLE_CHARS:,}."
        )


_FRAGMENT_DROPPED = (
    "script", "style", "noscript", "template", "nav", "aside", "figure", "figcaption", "form",
    "button", "iframe", "svg", "header", "footer", "table",
)  # fmt: skip
_FRAGMENT_BLOCKS = (
    "p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "div", "section", "article",
    "dd", "dt", "pre", "br",
)  # fmt: skip


def fragment_text(html: str) -> str:
    """The readable text of an HTML fragment too short for the extractor (a feed entry's
    summary, a pasted snippet): one paragraph per block, furniture elements (scripts, figures
    and their captions, navigation, forms, tables) left out, image alt text never read."""
    tree = load_html(html) if html.strip() else None
    if tree is None:
        return ""
    for element in tree.xpath("//" + " | //".join(_FRAGMENT_DROPPED)):
        element.drop_tree()
    for element in tree.iter(*_FRAGMENT_BLOCKS):
        element.tail = "\n\n" + (element.tail or "")
        if element.tag != "br":
            element.text = "\n\n" + (element.text or "")
    body = tree.find("body")
    text = (body if body is not None else tree).text_content()
    blocks = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(b for b in blocks if b)


def _paragraphs(text: str, title: str | None) -> str:
    """One paragraph per block, separated by blank lines; a leading headline is dropped.

    trafilatura puts each block on its own line. The headline is usually the first
    block, and it is already in `title`: left in, it would be summarised as a sentence.
    """
    blocks = [" ".join(line.split()) for line in text.splitlines()]
    blocks = [b for b in blocks if b]
    if blocks and title and blocks[0].casefold() == title.casefold():
        blocks = blocks[1:]
    return "\n\n".join(blocks)


def _has_subscription_prompt(tree: HtmlElement, html: str) -> bool:
    """A "subscribe to continue"-style prompt, or structured data marking the page not free."""
    if _NOT_FREE.search(html):
        return True
    body = tree.find("body")
    visible = body.text_content() if body is not None else ""
    return bool(_PAYWALL_PHRASES.search(" ".join(visible.split())))


_IMAGE_KEYS = (
    "og:image:secure_url", "og:image:url", "og:image", "twitter:image", "twitter:image:src",
)  # fmt: skip
"""Meta keys naming a page's lead image, most trusted first: Open Graph is what sites fill in
for link previews; the Twitter card is the fallback some sites set alone."""


def lead_image(tree: HtmlElement, url: str | None) -> str | None:
    """The page's lead image as an absolute http(s) address Discord accepts, else None.

    Relative addresses are resolved against the page's; anything that is not http(s) after
    that (a data: URI, javascript:) or that `bot.urls` refuses is skipped for the next key."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        content = (meta.get("content") or "").strip()
        if key in _IMAGE_KEYS and content and key not in found:
            found[key] = content
    for key in _IMAGE_KEYS:
        if key not in found:
            continue
        try:
            return normalize_url(urljoin(url or "", found[key]))
        except (InputError, ValueError):
            continue
    return None


def _declared_language(tree: HtmlElement) -> str | None:
    """The primary language subtag from ``<html lang>``, Content-Language or og:locale."""
    candidates = [tree.get("lang")]
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "content-language" or (
            meta.get("property") == "og:locale"
        ):
            candidates.append(meta.get("content"))
    for value in filter(None, candidates):
        primary = re.split(r"[-_,;\s]", value.strip().lower(), maxsplit=1)[0]
        if _LANGUAGE.match(primary):
            return primary
    return None


def _clean(value: str | None) -> str | None:
    """Collapse whitespace; empty becomes None."""
    return (" ".join(value.split()) or None) if value else None
