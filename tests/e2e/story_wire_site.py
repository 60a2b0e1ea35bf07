"""Three news sites' feeds on one loopback address, for the stories-in-feeds end-to-end tests.

Served like `web_site.py` (the name `harbour-news.test` on an allow-listed loopback address),
but with three publishers, each with its own feed (`/{publisher}/feed.xml`) and its own
`og:site_name`: the Calder Gazette, Coast Radio and North Daily all report the reopening of
the Harbour Bridge, in their own words; the Gazette and Coast Radio each carry one other,
unrelated story. All of it is invented for these tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape

from aiohttp import web
from yarl import URL

from tests.e2e.web_site import HOST, WebSite
from tests.ingest.ingest_servers import allowed_loopback, serve


@dataclass(frozen=True)
class Report:
    slug: str
    title: str
    day: int  # of May 2024, its publication date
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class Publisher:
    path: str
    name: str
    reports: tuple[Report, ...]


BRIDGE = "bridge"

PUBLISHERS = {
    p.path: p
    for p in (
        Publisher(
            "gazette",
            "Calder Gazette",
            (
                Report(
                    BRIDGE,
                    "Harbour Bridge in Port Calder reopens after two-year repair",
                    6,
                    (
                        "The Harbour Bridge in Port Calder reopened to traffic on Monday after "
                        "two years of repairs. Mayor Dana Whitfield cut the ribbon at seven in "
                        "the morning.",
                        "Engineers closed the crossing when they found rust in its main cables. "
                        "The repair replaced every cable and strengthened both towers.",
                        "Traffic was light in the first hour, the transport office said, and "
                        "buses will use the bridge again from next week.",
                    ),
                ),
                Report(
                    "schools",
                    "Riverton council approves next year's school budget",
                    7,
                    (
                        "Riverton's council approved next year's school budget on Tuesday after "
                        "a long debate. The vote was close, with seven members in favour and "
                        "six against.",
                        "The budget pays for two new science rooms and more teaching assistants "
                        "in the primary schools of the valley.",
                        "Parents who had packed the public gallery applauded when the result "
                        "was read out.",
                    ),
                ),
            ),
        ),
        Publisher(
            "radio",
            "Coast Radio",
            (
                Report(
                    BRIDGE,
                    "Port Calder's Harbour Bridge reopens to traffic",
                    6,
                    (
                        "Port Calder's Harbour Bridge reopened to traffic on Monday after two "
                        "years of repairs. The work cost one and a half billion dollars, the "
                        "city said.",
                        "Drivers who had taken the long road round the bay for two years "
                        "queued before dawn to be among the first across.",
                        "The toll stays at its old price until next spring, the city added.",
                    ),
                ),
                Report(
                    "orchard",
                    "Frost threatens apple harvest in the Ember Valley",
                    8,
                    (
                        "A late frost has damaged apple blossom across the Ember Valley, and "
                        "growers fear the smallest harvest in a decade.",
                        "Orchard owners lit fires between the rows overnight to keep the cold "
                        "off the trees, but many blossoms had already turned brown.",
                        "The growers' association will count the losses next month.",
                    ),
                ),
            ),
        ),
        Publisher(
            "daily",
            "North Daily",
            (
                Report(
                    BRIDGE,
                    "Commuters cheer as Harbour Bridge reopens in Port Calder",
                    6,
                    (
                        "Hundreds of commuters cheered as the Harbour Bridge in Port Calder "
                        "reopened on Monday. Some had waited since dawn to cross.",
                        "Cyclists were the first across, followed by a line of delivery vans "
                        "and a single horse-drawn cart from the old town.",
                        "The ferry that carried people across the harbour during the repair "
                        "will keep running at weekends.",
                    ),
                ),
            ),
        ),
    )
}


def report_page(publisher: Publisher, report: Report, canonical: str) -> str:
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in report.paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{escape(report.title)} | {escape(publisher.name)}</title>
  <meta property="og:site_name" content="{escape(publisher.name)}">
  <meta property="article:published_time" content="2024-05-{report.day:02d}T08:00:00Z">
  <link rel="canonical" href="{escape(canonical)}">
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
  <main><article>
    <h1>{escape(report.title)}</h1>
    {paragraphs}
  </article></main>
  <footer><p>Copyright 2024 {escape(publisher.name)}.</p></footer>
</body>
</html>"""


@dataclass
class StoryWireSite(WebSite):
    """The three publishers' site. A feed asked for with `?for=KEY` where KEY is in `held`
    is served empty, so a test can subscribe (and follow) before the entries appear."""

    held: set[str] = field(default_factory=set)

    def report_url(self, publisher: str, slug: str) -> str:
        return self.url(f"/{publisher}/articles/{slug}")

    def feed_url(self, publisher: str, key: object) -> str:
        return self.url(f"/{publisher}/feed.xml?for={key}")

    def _publisher_feed(self, publisher: Publisher, held: bool) -> str:
        items = []
        for report in () if held else publisher.reports:
            date = format_datetime(datetime(2024, 5, report.day, 8, 0, tzinfo=UTC), usegmt=True)
            items.append(
                f"<item><title>{escape(report.title)}</title>"
                f"<link>{escape(self.report_url(publisher.path, report.slug))}</link>"
                f'<guid isPermaLink="false">{publisher.path}:{report.slug}</guid>'
                f"<pubDate>{date}</pubDate>"
                f"<description>{escape(report.paragraphs[0])}</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(publisher.name)}</title>"
            f"<link>{escape(self.url('/' + publisher.path))}/</link>"
            f"<description>News from {escape(publisher.name)}</description>"
            f"{''.join(reversed(items))}</channel></rss>"
        )

    def app(self) -> web.Application:
        site = self

        def publisher_of(request: web.Request) -> Publisher:
            publisher = PUBLISHERS.get(request.match_info["publisher"])
            if publisher is None:
                raise web.HTTPNotFound()
            return publisher

        async def report(request: web.Request) -> web.Response:
            publisher = publisher_of(request)
            slug = request.match_info["slug"]
            found = [r for r in publisher.reports if r.slug == slug]
            if not found:
                raise web.HTTPNotFound()
            canonical = site.report_url(publisher.path, slug)
            return web.Response(
                text=report_page(publisher, found[0], canonical), content_type="text/html"
            )

        async def feed(request: web.Request) -> web.Response:
            publisher = publisher_of(request)
            held = request.query.get("for", "") in site.held
            return web.Response(
                text=site._publisher_feed(publisher, held),
                content_type="application/rss+xml",
                charset="utf-8",
            )

        app = web.Application()
        app.router.add_get("/{publisher}/articles/{slug}", report)
        app.router.add_get("/{publisher}/feed.xml", feed)
        return app


@contextlib.asynccontextmanager
async def running_story_site() -> AsyncIterator[StoryWireSite]:
    """The site, served on the allow-listed loopback address under the name `HOST`."""
    site = StoryWireSite(address=allowed_loopback())
    async with serve(site.app(), site.address) as base:
        site.base = f"http://{HOST}:{URL(base).port}"
        yield site
