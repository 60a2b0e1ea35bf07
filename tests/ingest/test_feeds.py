"""Feed fetching and parsing (RSS and Atom), conditional polls, and the back-off schedule."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiohttp import web
from ingest_servers import address_and_port, allowed_loopback, make_fetcher, serve

from bot.ingest.feeds import (
    MAX_FAILURES_BEFORE_DISABLE,
    FeedEntry,
    NotAFeedError,
    fetch_feed,
    next_poll_delay,
)
from bot.ingest.fetch import BlockedURLError, SafeFetcher

# Every test runs under the suite's network guard: any connect or DNS lookup that is not
# loopback fails the test.
pytestmark = pytest.mark.usefixtures("network_guard")


ETAG = '"feed-v7"'
LAST_MODIFIED = "Wed, 01 May 2024 10:00:00 GMT"

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>The Coastal Courier</title>
  <link>https://courier.example/</link>
  <description>News from the coast</description>
  <item>
    <title>Harbour Town opens tidal energy plant</title>
    <link>https://courier.example/energy/tidal-plant</link>
    <guid isPermaLink="false">courier-1001</guid>
    <pubDate>Thu, 14 Mar 2024 09:30:00 +0000</pubDate>
    <description>&lt;p&gt;Twelve turbines now feed the grid.&lt;/p&gt;&lt;p&gt;Fishermen
      were won over.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description>
  </item>
  <item>
    <title>Lifeboat crew rescues stranded kayakers</title>
    <link>https://courier.example/news/lifeboat</link>
    <pubDate>Wed, 13 Mar 2024 18:05:00 +0100</pubDate>
    <description>Two kayakers were brought ashore safely.</description>
  </item>
  <item>
    <title>Letters to the editor</title>
    <description>Your views on the week.</description>
  </item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Science Desk</title>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2024-03-15T12:00:00Z</updated>
  <entry>
    <title type="html">Comet &lt;em&gt;C/2024 A1&lt;/em&gt; brightens</title>
    <link href="/science/comet"/>
    <id>tag:science.example,2024:comet</id>
    <updated>2024-03-15T11:00:00Z</updated>
    <summary>Visible to the naked eye by April.</summary>
  </entry>
  <entry>
    <title>Deep-sea vents host new species</title>
    <link href="javascript:alert(1)"/>
    <id>tag:science.example,2024:vents</id>
    <published>2024-03-14T08:00:00+02:00</published>
    <updated>2024-03-14T09:00:00+02:00</updated>
    <summary type="html">&lt;p&gt;Researchers found &lt;b&gt;forty&lt;/b&gt;
      species.&lt;/p&gt;</summary>
  </entry>
</feed>"""


def build_feeds(requests: list[str]) -> web.Application:
    async def feed(request: web.Request) -> web.Response:
        requests.append(request.path)
        body, media = {
            "/rss.xml": (RSS, "application/rss+xml"),
            "/atom.xml": (ATOM, "application/atom+xml"),
            "/page.html": (b"<html><body><p>Not a feed.</p></body></html>", "text/html"),
        }[request.path]
        headers = {"ETag": ETAG, "Last-Modified": LAST_MODIFIED}
        if (
            request.headers.get("If-None-Match") == ETAG
            or request.headers.get("If-Modified-Since") == LAST_MODIFIED
        ):
            # Some servers omit the validators on 304; the poller must keep its own.
            return web.Response(status=304, headers={} if "bare" in request.query else headers)
        return web.Response(body=body, content_type=media, headers=headers)

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPMovedPermanently("/atom.xml")

    app = web.Application()
    for path in ("/rss.xml", "/atom.xml", "/page.html"):
        app.router.add_get(path, feed)
    app.router.add_get("/old-feed", moved)
    return app


@pytest.fixture
def requests() -> list[str]:
    return []


@pytest.fixture
async def base(requests: list[str]) -> AsyncIterator[str]:
    async with serve(build_feeds(requests), allowed_loopback()) as url:
        yield url


@pytest.fixture
async def fetcher(base: str) -> AsyncIterator[SafeFetcher]:
    address, _ = address_and_port(base)
    async with make_fetcher(allow=[address]) as guarded:
        yield guarded


async def test_rss_entries(base: str, fetcher: SafeFetcher) -> None:
    result = await fetch_feed(fetcher, f"{base}/rss.xml")
    assert not result.not_modified
    assert result.title == "The Coastal Courier"
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    first, second, third = result.entries
    assert first == FeedEntry(
        entry_id="courier-1001",
        link="https://courier.example/energy/tidal-plant",
        title="Harbour Town opens tidal energy plant",
        published="2024-03-14T09:30:00+00:00",
        summary="Twelve turbines now feed the grid. Fishermen were won over.",
    )
    # No guid: the link identifies it; published is normalised to UTC.
    assert second.entry_id == "https://courier.example/news/lifeboat"
    assert second.published == "2024-03-13T17:05:00+00:00"
    # Neither guid nor link: a stable hash of the content.
    assert third.link is None and third.entry_id.startswith("sha1:")
    again = await fetch_feed(fetcher, f"{base}/rss.xml")
    assert again.entries[2].entry_id == third.entry_id


async def test_atom_entries(base: str, fetcher: SafeFetcher) -> None:
    result = await fetch_feed(fetcher, f"{base}/atom.xml")
    assert result.title == "Science Desk"
    comet, vents = result.entries
    assert comet.entry_id == "tag:science.example,2024:comet"
    assert comet.link == f"{base}/science/comet"  # relative link resolved against the feed
    assert comet.title == "Comet C/2024 A1 brightens"
    assert comet.published == "2024-03-15T11:00:00+00:00"  # falls back to <updated>
    assert comet.summary == "Visible to the naked eye by April."
    assert vents.link is None  # javascript: links are dropped
    assert vents.published == "2024-03-14T06:00:00+00:00"
    assert vents.summary == "Researchers found forty species."


@pytest.mark.parametrize("path", ["/rss.xml", "/atom.xml"])
async def test_second_poll_is_not_modified(
    path: str, base: str, fetcher: SafeFetcher, requests: list[str]
) -> None:
    first = await fetch_feed(fetcher, f"{base}{path}")
    by_etag = await fetch_feed(fetcher, f"{base}{path}", etag=first.etag)
    by_date = await fetch_feed(fetcher, f"{base}{path}", last_modified=first.last_modified)
    for result in (by_etag, by_date):
        assert result.not_modified
        assert result.entries == [] and result.title is None
        assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    assert requests == [path] * 3


async def test_not_modified_without_validators_keeps_ours(base: str, fetcher: SafeFetcher) -> None:
    result = await fetch_feed(fetcher, f"{base}/rss.xml?bare=1", etag=ETAG, last_modified="x")
    assert result.not_modified
    assert (result.etag, result.last_modified) == (ETAG, "x")


async def test_redirected_feed(base: str, fetcher: SafeFetcher) -> None:
    result = await fetch_feed(fetcher, f"{base}/old-feed")
    assert result.entries[0].link == f"{base}/science/comet"


async def test_html_page_is_not_a_feed(base: str, fetcher: SafeFetcher) -> None:
    with pytest.raises(NotAFeedError) as caught:
        await fetch_feed(fetcher, f"{base}/page.html")
    assert str(caught.value) == "That link isn't an RSS or Atom feed."


async def test_feed_urls_go_through_the_guard(fetcher: SafeFetcher) -> None:
    with pytest.raises(BlockedURLError):
        await fetch_feed(fetcher, "http://127.0.0.1:9/rss.xml")


@pytest.mark.parametrize(
    ("interval", "failures", "seconds"),
    [
        (30, 0, 30 * 60),
        (30, 1, 60 * 60),
        (30, 3, 4 * 60 * 60),
        (30, 6, 24 * 60 * 60),  # 32 h, capped at a day
        (30, 500, 24 * 60 * 60),
        (1, 0, 10 * 60),  # at least ten minutes
        (10, 2, 40 * 60),
        (48 * 60, 3, 48 * 60 * 60),  # a longer interval is never shortened by the cap
    ],
)
def test_next_poll_delay(interval: int, failures: int, seconds: int) -> None:
    assert next_poll_delay(interval, failures) == seconds


def test_next_poll_delay_defaults_and_limits() -> None:
    assert next_poll_delay() == 30 * 60
    assert MAX_FAILURES_BEFORE_DISABLE == 10
    with pytest.raises(ValueError):
        next_poll_delay(30, -1)
