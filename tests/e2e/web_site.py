"""A small news web site on a loopback address, for the links and feeds end-to-end tests.

The site listens on a second loopback address (127.0.0.2, else ::1) under the name
`harbour-news.test`; the bot process is told, through the test-only hook in `_fetch_site/`,
that this name resolves there and that this one address may be fetched. 127.0.0.1 (where the
Discord double and the "internal" listeners live) stays refused, exactly as in production.

Pages (all fiction): `/articles/{slug}` (title, author, date, canonical link, a relative
og:image on some; the image itself is never served: nothing should fetch it), `/feed.xml`
(RSS with ETag and Last-Modified, 304 on a match), `/failing.xml` (a feed until `fail` is
set, then HTTP 500), `/big.xml` (`big` entries padded to a size), `/teaser`, `/paywall`, and hostile ones: `/endless`, `/bomb` (1 GB of
gzipped zeros), `/trickle` (a byte a second).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import sys
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from html import escape
from ipaddress import ip_network
from pathlib import Path
from typing import Any

from aiohttp import web
from discord_double.fixtures import BotProcess
from discord_double.server import DiscordDouble
from yarl import URL

from tests.ingest.ingest_servers import allowed_loopback, serve

HOST = "harbour-news.test"
SITE_HOOK_DIR = Path(__file__).resolve().parent / "_fetch_site"
DOUBLE_SITE_DIR = Path(__file__).resolve().parents[1] / "discord_double" / "_site"
FETCH_DEADLINE = 3.0
"""The bot's fetch deadline in these tests (production: 15 s), so the slow-body test is quick."""
BOT_ENV = {"NEWSBOT_WORKERS": "1", "LOG_LEVEL": "INFO"}


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    author: str
    published: str  # ISO date
    paragraphs: tuple[str, ...]
    categories: tuple[str, ...] = ()
    image: str | None = None
    """The page's og:image as the page spells it (relative here: the bot resolves it)."""

    @property
    def first_sentence(self) -> str:
        return self.paragraphs[0].split(". ")[0]


STORIES = {
    s.slug: s
    for s in (
        Story(
            "bridge",
            "Harbour Bridge Reopens After Two-Year Repair",
            "Lena Ortiz",
            "2024-05-06",
            (
                "The Harbour Bridge in Port Calder reopened to traffic on Monday after two years "
                "of repairs that cost the city one and a half billion dollars. Mayor Dana "
                "Whitfield cut the ribbon at seven in the morning as hundreds of commuters "
                "watched from the pavements.",
                "Engineers found corrosion in the main cables in 2022, which forced the closure "
                "of the city's busiest crossing. The bridge carries about ninety thousand "
                "vehicles a day, and traffic in the city centre doubled while it was shut.",
                '"We rebuilt it to last another hundred years," Whitfield said. "The city will '
                'never again close its main artery for this long."',
                "Critics said the project ran six months late and far over its first budget. "
                "Local businesses near the bridge reported a steep drop in sales during the "
                "closure, and several cafes on the waterfront closed for good.",
                "The toll will remain at three dollars and fifty cents until next year. The "
                "transport department said it would publish a full account of the repair costs "
                "in the autumn, once the last contracts are settled.",
            ),
            ("Transport", "City"),
            "/images/bridge-ribbon.jpg",
        ),
        Story(
            "library",
            "Old Customs House Becomes the City's New Library",
            "Sam Achebe",
            "2024-05-07",
            (
                "The old customs house on Quay Street opened its doors as the city's central "
                "library on Tuesday, three years after the council bought the empty building. "
                "More than four thousand people visited on the first day.",
                "Architects kept the original timber roof and the long counting hall, which "
                "now holds the reading room. The basement vaults, once used for bonded goods, "
                "store the city archive at a steady temperature.",
                "Librarian Ines Duarte said the building had been chosen for its light. "
                '"People will come for the books and stay for the windows," she said.',
                "The library will open every day of the week, including Sunday afternoons. A "
                "children's floor with a small theatre will follow in the spring, paid for by a "
                "local shipping family.",
            ),
        ),
        Story(
            "ferry",
            "Night Ferry to the Islands Returns for the Summer",
            "Priya Nandakumar",
            "2024-05-08",
            (
                "The night ferry between Port Calder and the outer islands will run again from "
                "June, the shipping company announced on Wednesday. The service was cut four "
                "years ago when fuel prices rose sharply.",
                "Islanders campaigned for its return, saying the last daytime boat left too "
                "early for anyone working on the mainland. The company said a regional grant "
                "now covers most of the cost of the late crossings.",
                "Captain Rolf Madsen, who will command the first sailing, said the crew was "
                "looking forward to the quiet of the night route. Tickets go on sale next week "
                "at the harbour office and online.",
                "The ferry will leave the mainland at eleven at night and reach the last island "
                "shortly after two in the morning, calling at every pier on the way.",
            ),
        ),
        Story(
            "market",
            "Fish Market Moves Indoors After Storm Damage",
            "Tom Becker",
            "2024-05-09",
            (
                "The harbour fish market moved into the old ropeworks on Thursday after winter "
                "storms damaged the open-air stalls beyond repair. Traders said the move came "
                "just in time for the busy summer season.",
                "The ropeworks, a long brick shed empty for a decade, was fitted with cold rooms "
                "and drains over six weeks. Stallholders pay the same rent as before for the "
                "first year, the harbour board said.",
                "Some regulars missed the sea air of the old quay. Others welcomed a market "
                "where the fish no longer had to compete with the gulls, and where the rain "
                "stays outside.",
                "The board will decide in the autumn whether to rebuild the open-air stalls or "
                "to keep the market indoors for good.",
            ),
            ("Weather", "Business"),
        ),
        Story(
            "brief",
            "Council Approves New Bus Shelter",
            "Ada Lind",
            "2024-05-10",
            (
                "The council approved a new bus shelter for Harbour Road on Friday, after years "
                "of complaints from passengers waiting in the rain by the old stop. Work begins "
                "next month and should take about a fortnight. The shelter will have a bench, a "
                "roof of recycled glass and a screen showing the next buses. Councillors voted "
                "for it without a single objection.",
            ),
        ),
    )
}


def story_page(story: Story, canonical: str) -> str:
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    image = f'<meta property="og:image" content="{escape(story.image)}">' if story.image else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{escape(story.title)} | Harbour News</title>
  <meta name="author" content="{escape(story.author)}">
  <meta property="og:site_name" content="Harbour News">
  <meta property="article:published_time" content="{story.published}T08:00:00Z">
  <link rel="canonical" href="{escape(canonical)}">
  {image}
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav></header>
  <main><article>
    <h1>{escape(story.title)}</h1>
    <p class="byline">By {escape(story.author)}</p>
    {paragraphs}
  </article></main>
  <footer><p>Copyright 2024 Harbour News.</p><a href="/privacy">Privacy</a></footer>
</body>
</html>"""


@dataclass
class WebSite:
    """The site's state, which tests change between polls, and what it was asked."""

    base: str = ""
    address: str = ""
    feed_slugs: list[str] = field(default_factory=list)
    failing: bool = False
    retitled: dict[str, str] = field(default_factory=dict)
    """slug -> the title the feed gives that entry now (an edited story)."""
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    big: tuple[int, float] = (0, 0.0)
    """(entries, megabytes) of `/big.xml`: a wire feed of that many entries padded to that size."""

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def story_url(self, slug: str) -> str:
        return self.url(f"/articles/{slug}")

    def requests_for(self, path: str) -> list[dict[str, str]]:
        """Headers of the requests for `path` (with its query string, if any)."""
        return [headers for p, headers in self.requests if p == path]

    def reset(self) -> None:
        """Back to an empty feed and a clean record, for the next test on a shared site."""
        self.feed_slugs.clear()
        self.failing = False
        self.retitled.clear()
        self.requests.clear()
        self.stats.clear()
        self.big = (0, 0.0)

    def bot_env(self) -> dict[str, str]:
        """What the bot process needs to reach this site (read only by `_fetch_site`)."""
        network = ip_network(self.address)
        return {
            "PYTHONPATH": os.pathsep.join(
                p
                for p in (str(SITE_HOOK_DIR), str(DOUBLE_SITE_DIR), os.environ.get("PYTHONPATH"))
                if p
            ),
            "E2E_FETCH_ALLOW": str(network),
            "E2E_FETCH_HOSTS": f"{HOST}={self.address}",
            "E2E_FETCH_DEADLINE": str(FETCH_DEADLINE),
        }

    # --- the pages -------------------------------------------------------------------------

    def _feed_xml(self, title: str, slugs: list[str]) -> str:
        items = []
        for slug in slugs:
            story = STORIES[slug]
            day = int(story.published[-2:])
            date = format_datetime(datetime(2024, 5, day, 8, 0, tzinfo=UTC), usegmt=True)
            items.append(
                f"<item><title>{escape(self.retitled.get(slug, story.title))}</title>"
                f"<link>{escape(self.story_url(slug))}</link>"
                f'<guid isPermaLink="false">harbour-news:{slug}</guid>'
                f"<pubDate>{date}</pubDate>"
                + "".join(f"<category>{escape(c)}</category>" for c in story.categories)
                + f"<description>{escape(story.first_sentence)}.</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>{escape(title)}</title><link>{escape(self.base)}/</link>"
            "<description>News from Port Calder</description>"
            f"<image><url>{escape(self.base)}/icon.png</url><title>{escape(title)}</title>"
            f"<link>{escape(self.base)}/</link></image>"
            f"{''.join(reversed(items))}</channel></rss>"
        )

    def _big_xml(self) -> bytes:
        """A wire service's feed of many short items without links, each with a summary of a
        few sentences, padded with further sentences to the size asked for."""
        entries, megabytes = self.big
        pad = max(0, int(megabytes * 1024 * 1024 / max(1, entries)) - 300)
        filler = "Crews kept working through the night on the quay. " * (pad // 51)
        items = "".join(
            f"<item><title>Wire item {i}: harbour traffic update</title>"
            f'<guid isPermaLink="false">urn:wire:{i}</guid>'
            f"<description>Wire item {i} reports on traffic in the harbour of Port Calder. "
            f"Ships waited for the tide before they entered the channel. {filler}</description>"
            "</item>"
            for i in reversed(range(entries))
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Harbour Wire</title><link>{escape(self.base)}/</link>"
            f"<description>Every movement in the harbour</description>{items}</channel></rss>"
        ).encode()

    def app(self) -> web.Application:
        site = self

        @web.middleware
        async def record(request: web.Request, handler: Any) -> web.StreamResponse:
            site.requests.append((request.path_qs, dict(request.headers)))
            return await handler(request)

        async def article(request: web.Request) -> web.Response:
            story = STORIES.get(request.match_info["slug"])
            if story is None:
                raise web.HTTPNotFound()
            canonical = site.story_url(story.slug)
            return web.Response(text=story_page(story, canonical), content_type="text/html")

        async def feed(request: web.Request) -> web.Response:
            body = site._feed_xml("Harbour News", site.feed_slugs)
            etag = f'"{zlib.crc32(body.encode()):08x}"'
            headers = {"ETag": etag, "Last-Modified": "Fri, 10 May 2024 08:00:00 GMT"}
            if request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers=headers)
            return web.Response(
                text=body, content_type="application/rss+xml", charset="utf-8", headers=headers
            )

        async def big(request: web.Request) -> web.Response:
            return web.Response(body=site._big_xml(), content_type="application/rss+xml")

        async def failing(request: web.Request) -> web.Response:
            if site.failing:
                return web.Response(status=500, text="the feed server is down")
            return web.Response(
                text=site._feed_xml("Port Calder Sport", ["market"]),
                content_type="application/rss+xml",
            )

        async def teaser(request: web.Request) -> web.Response:
            return web.Response(
                text="<html><body><h1>Coming soon</h1><p>Check back later.</p></body></html>",
                content_type="text/html",
            )

        async def paywall(request: web.Request) -> web.Response:
            return web.Response(
                text="<html><body><h1>Harbour secrets</h1><p>The first lines of a story.</p>"
                "<p>Subscribe to continue reading.</p></body></html>",
                content_type="text/html",
            )

        async def endless(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            await resp.prepare(request)
            chunk = b"<p>" + b"spam " * 13_000 + b"</p>"
            with contextlib.suppress(ConnectionError):
                while True:
                    site.stats["endless_chunks"] = site.stats.get("endless_chunks", 0) + 1
                    await resp.write(chunk)
            return resp

        async def bomb(request: web.Request) -> web.StreamResponse:
            """1 GB of zeros, gzipped a megabyte at a time as the client reads."""
            resp = web.StreamResponse(
                headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
            )
            await resp.prepare(request)
            zeros = bytes(1 << 20)
            compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
            with contextlib.suppress(ConnectionError):
                for _ in range(1024):
                    site.stats["bomb_mb"] = site.stats.get("bomb_mb", 0) + 1
                    await resp.write(compressor.compress(zeros))
                    await asyncio.sleep(0)
                await resp.write(compressor.flush())
            return resp

        async def trickle(request: web.Request) -> web.StreamResponse:
            resp = web.StreamResponse(headers={"Content-Type": "text/html"})
            await resp.prepare(request)
            with contextlib.suppress(ConnectionError):
                while True:
                    await resp.write(b"a")
                    await asyncio.sleep(1)
            return resp

        app = web.Application(middlewares=[record])
        app.router.add_get("/articles/{slug}", article)
        app.router.add_get("/feed.xml", feed)
        app.router.add_get("/failing.xml", failing)
        app.router.add_get("/big.xml", big)
        app.router.add_get("/teaser", teaser)
        app.router.add_get("/paywall", paywall)
        app.router.add_get("/endless", endless)
        app.router.add_get("/bomb", bomb)
        app.router.add_get("/trickle", trickle)
        return app


@contextlib.asynccontextmanager
async def running_site() -> AsyncIterator[WebSite]:
    """The site, served on the allow-listed loopback address under the name `HOST`."""
    site = WebSite(address=allowed_loopback())
    async with serve(site.app(), site.address) as base:
        port = URL(base).port
        site.base = f"http://{HOST}:{port}"
        yield site


@contextlib.asynccontextmanager
async def bot_for_site(
    site: WebSite, workdir: Path, env: dict[str, str]
) -> AsyncIterator[tuple[DiscordDouble, BotProcess]]:
    """A Discord double and a running bot that can fetch from `site`, shared by a module's
    tests (each builds its own servers with `build_room`)."""
    double = DiscordDouble()
    await double.start()
    home = double.add_guild("Home")
    process = BotProcess(
        double,
        [sys.executable, "-m", "bot"],
        workdir=workdir,
        env={**BOT_ENV, **site.bot_env(), **env},
        dev_guild=home,
    )
    try:
        await process.start()
        double.app_commands[None] = list(double.commands(home))
        yield double, process
    finally:
        await process.stop()
        await double.stop()
    double.assert_clean()
    assert not process.network_violations, process.network_violations


def make_feeds_due(database: str | Path, feed_id: int | None = None) -> None:
    """Advance the feeds' clock: the feed (default: every feed) is due now and no poll holds
    a lease on it, as if its interval (and any lease of a previous bot process) had passed."""
    where, params = ("WHERE id = ?", (feed_id,)) if feed_id is not None else ("", ())
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as db, db:
        db.execute(f"UPDATE feeds SET next_poll_at = 0, lease_until = 0 {where}", params)


def feed_row(database: str | Path, feed_id: int) -> dict[str, Any]:
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    return dict(row) if row else {}
