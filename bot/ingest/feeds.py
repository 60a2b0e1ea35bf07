"""Fetch and parse RSS/Atom feeds, with conditional requests and a polling back-off.

feedparser only ever sees bytes our guarded fetcher downloaded (wrapped in BytesIO:
given a string, feedparser would fetch URLs or open local files itself).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
from lxml import etree
from lxml.html import fragment_fromstring

from bot.ingest.fetch import FEED_TYPES, FetchedPage, FetchError, SafeFetcher

log = logging.getLogger(__name__)

MIN_INTERVAL_MINUTES = 10
"""Polling more often than this is impolite to publishers and pointless for news."""
DEFAULT_INTERVAL_MINUTES = 30
MAX_BACKOFF_SECONDS = 24 * 60 * 60
"""A failing feed is still retried at least daily (unless its own interval is longer)."""
MAX_FAILURES_BEFORE_DISABLE = 10
"""After this many consecutive failed polls the caller should disable the feed and tell
the guild. With the default 30-minute interval and doubling back-off capped at a day,
ten failures span about five and a half days: long enough to ride out an outage,
short enough that a dead feed stops costing requests."""

_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.1"
)
_BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")


class NotAFeedError(FetchError):
    """The URL answered, but not with an RSS or Atom feed."""

    message = "That link isn't an RSS or Atom feed."


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item. `entry_id` is stable across polls (the feed's id, else link, else a hash).

    `published` is ISO 8601 in UTC; `title`, `summary`, `author` and `categories` are plain
    text (filters look at them).
    """

    entry_id: str
    link: str | None
    title: str | None
    published: str | None
    summary: str | None
    author: str | None = None
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedResult:
    """The outcome of one poll. When `not_modified`, `title` is None and `entries` empty.

    `etag`/`last_modified` are the validators to send on the next poll; `icon` is the site's
    image or icon the feed names (an http(s) URL, never fetched here).
    """

    not_modified: bool
    etag: str | None
    last_modified: str | None
    title: str | None
    entries: list[FeedEntry]
    icon: str | None = None


async def fetch_feed(
    fetcher: SafeFetcher,
    url: str,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FeedResult:
    """Fetch `url` conditionally and parse it. Raises FetchError (incl. NotAFeedError)."""
    page = await fetcher.fetch(
        url,
        headers={"Accept": _ACCEPT},
        etag=etag,
        last_modified=last_modified,
        allowed_types=FEED_TYPES,
    )
    # A 304 may omit the validators; the ones we sent then remain current.
    new_etag = page.headers.get("ETag") or (etag if page.status == 304 else None)
    new_modified = page.headers.get("Last-Modified") or (
        last_modified if page.status == 304 else None
    )
    if page.status == 304:
        return FeedResult(True, new_etag, new_modified, None, [])
    # feedparser is CPU-bound on big feeds; keep the event loop free.
    title, entries, icon = await asyncio.to_thread(_parse, page)
    return FeedResult(False, new_etag, new_modified, title, entries, icon)


def _parse(page: FetchedPage) -> tuple[str | None, list[FeedEntry], str | None]:
    parsed = feedparser.parse(
        io.BytesIO(page.body),
        response_headers={
            "content-type": page.headers.get("Content-Type", ""),
            "content-location": page.final_url,  # base for relative links
        },
    )
    if not parsed.version and not parsed.entries:
        log.info("not a feed: %s (%s)", page.final_url, parsed.get("bozo_exception"))
        raise NotAFeedError()
    return _plain(parsed.feed.get("title")), [_entry(e) for e in parsed.entries], _icon(parsed.feed)


def _icon(feed: Any) -> str | None:
    """The site's image (RSS `<image>`), else its Atom icon or logo, if it is an http(s) URL."""
    image = feed.get("image")
    for candidate in (image.get("href") if image else None, feed.get("icon"), feed.get("logo")):
        if isinstance(candidate, str) and candidate.startswith(("http://", "https://")):
            return candidate if len(candidate) <= 2000 else None
    return None


def _entry(entry: Any) -> FeedEntry:
    link = entry.get("link")
    if not (isinstance(link, str) and link.startswith(("http://", "https://"))):
        link = None
    title = _plain(entry.get("title"))
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    published = datetime(*stamp[:6], tzinfo=UTC).isoformat() if stamp else None
    summary = _plain(entry.get("summary"))
    entry_id = entry.get("id") or link
    if not entry_id:
        key = "\x1f".join([title or "", published or "", summary or ""])
        entry_id = "sha1:" + hashlib.sha1(key.encode()).hexdigest()
    categories = tuple(
        dict.fromkeys(
            term
            for tag in entry.get("tags") or ()
            if (term := _plain(tag.get("term") or tag.get("label")))
        )
    )
    return FeedEntry(
        entry_id, link, title, published, summary, _plain(entry.get("author")), categories
    )


def _plain(value: str | None) -> str | None:
    """Text of a (sanitised) HTML snippet, whitespace collapsed; blocks stay word-separated."""
    if not value:
        return None
    if "<" in value:
        try:
            root = fragment_fromstring(value, create_parent="div")
        except etree.ParserError:
            return None
        for element in root.iter(*_BLOCK_TAGS):
            element.tail = " " + (element.tail or "")
        value = root.text_content()
    return " ".join(value.split()) or None


def next_poll_delay(
    interval_minutes: float = DEFAULT_INTERVAL_MINUTES, consecutive_failures: int = 0
) -> int:
    """Seconds until the next poll: the interval (at least 10 minutes), doubled per failure.

    The back-off is capped at a day (or the interval, if longer) so a feed that comes
    back is noticed. Pure, so the scheduler's timing can be tested without a clock.
    """
    if consecutive_failures < 0:
        raise ValueError("consecutive_failures must be >= 0")
    interval = max(MIN_INTERVAL_MINUTES, interval_minutes) * 60
    cap = max(MAX_BACKOFF_SECONDS, interval)
    # Exponent clamped: 2**32 intervals is far past any cap, and avoids huge ints.
    return int(min(interval * 2 ** min(consecutive_failures, 32), cap))
