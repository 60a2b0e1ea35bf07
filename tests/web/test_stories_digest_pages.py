"""The Stories and Digest areas of the panel, as an admin uses them without a browser: the
stories setting and the recent stories with their sources and summary, and the digest
schedule, its preview and turning it off, each the same service operation as the slash
command (so what the panel saves is what `/settings stories` and `/digest` see)."""

from __future__ import annotations

import re
from html import unescape

import discord
import pytest

from tests.stories_samples import BRIDGE_REPORTS, UNRELATED
from tests.web.panel import Panel, SignedIn

ADMIN = discord.Permissions(manage_guild=True)
TAG = re.compile(r"<[^>]+>")


class Server:
    def __init__(self, panel: Panel) -> None:
        d = panel.double
        self.panel = panel
        self.guild = d.add_guild("Calder Gazette")
        self.channel = d.add_channel(self.guild, "top-stories")
        self.admin = d.add_member(self.guild, "ada", permissions=ADMIN)
        self.base = f"/servers/{self.guild.id}"

    async def add(self, item, n: int, url: str | None = None) -> int:
        title, site, text = item
        outcome = await self.panel.service.add_article(
            self.guild.id,
            title,
            text,
            site_name=site,
            source_url=url or f"https://site{n}.example/story",
        )
        return outcome.article.id


@pytest.fixture
async def server(panel) -> Server:
    found = Server(panel)
    await panel.bot_is_in(found.guild)
    return found


@pytest.fixture
async def admin(server, panel, people) -> SignedIn:
    person = await panel.sign_in(server.admin)
    people.append(person)
    return person


async def page_text(person: SignedIn, path: str) -> str:
    """The page's text as a reader sees it (tags dropped, entities read), spaces collapsed."""
    response = await person.get(path)
    assert response.status == 200, (path, response.status)
    return " ".join(unescape(TAG.sub("", await response.text())).split())


async def test_stories_page_lists_each_story_with_its_sources_and_summary(server, admin):
    for n, item in enumerate([UNRELATED, *BRIDGE_REPORTS]):
        await server.add(item, n)
    html = await page_text(admin, f"{server.base}/stories")
    assert "Stories are on" in html  # the default, as /settings stories says
    bridge_story = html.index(BRIDGE_REPORTS[0][0])
    for _title, site, _text in BRIDGE_REPORTS:
        assert site in html[bridge_story:]
    assert "3 sources · 3 articles" in html
    assert "reopened to traffic on Monday" in html  # the summary drawn from the articles
    raw = await (await admin.get(f"{server.base}/stories")).text()
    assert 'href="https://site1.example/story"' in raw
    assert UNRELATED[0] in html and "1 source · 1 article" in html
    # The story with the newest article comes first.
    assert html.index(BRIDGE_REPORTS[0][0]) < html.index(UNRELATED[0])


async def test_story_text_and_links_from_the_web_are_shown_as_text(server, admin):
    hostile = (
        "Bridge <script>alert(1)</script> reopens",
        'Evil <b onmouseover="x">Site</b>',
        "The <img src=x onerror=alert(2)> bridge reopened to traffic on Monday after repairs. "
        "Crowds gathered at dawn to cross it.",
    )
    await server.add(hostile, 1, url="https://evil.example/a?<script>")
    response = await admin.get(f"{server.base}/stories")
    html = await response.text()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b onmouseover=" in html


async def test_turning_stories_off_and_on_is_the_servers_setting(server, admin, panel):
    response = await admin.post(f"{server.base}/stories", {"stories": "off"})
    assert response.status == 303
    assert await panel.service.stories_enabled(server.guild.id) is False
    html = await page_text(admin, response.headers["Location"])
    assert "Stories are off: every feed entry is posted." in html
    assert "Turn stories on" in html
    await admin.post(f"{server.base}/stories", {"stories": "on"})
    assert await panel.service.stories_enabled(server.guild.id) is True
    refused = await admin.post(f"{server.base}/stories", {"stories": "maybe"})
    assert refused.status == 400
    assert await panel.service.stories_enabled(server.guild.id) is True


def schedule_form(server: Server, **changes) -> dict[str, str]:
    form = {
        "channel": str(server.channel.id),
        "time": "8.30",
        "every": "weekly",
        "day": "tuesday",
        "timezone": "Europe/Paris",
    }
    return {**form, **changes}


async def test_a_digest_set_in_the_panel_is_the_servers_schedule(server, admin, panel):
    response = await admin.post(f"{server.base}/digest", schedule_form(server))
    assert response.status == 303
    schedule = await panel.service.digest_schedule(server.guild.id)
    assert (schedule.channel_id, schedule.time_of_day, schedule.every) == (
        server.channel.id,
        "08:30",
        "weekly",
    )
    assert (schedule.weekday, schedule.timezone) == (1, "Europe/Paris")
    html = await page_text(admin, response.headers["Location"])
    assert "Digest saved" in html
    assert "every Tuesday at 08:30 (Europe/Paris)" in html and "#top-stories" in html


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"timezone": "Mars/Olympus"}, "Unknown time zone 'Mars/Olympus'"),
        ({"timezone": "../../etc/passwd"}, "Unknown time zone"),
        ({"time": "25:00"}, "HH:MM"),
        ({"day": ""}, "A weekly digest needs a day"),
        ({"every": "hourly"}, "Choose daily or weekly"),
        ({"channel": "12345"}, "this server's text channels"),
        ({"channel": "١٢"}, "this server's text channels"),
    ],
)
async def test_a_wrong_schedule_comes_back_in_the_form_with_the_reason(
    server, admin, panel, changes, reason
):
    await admin.post(f"{server.base}/digest", schedule_form(server, every="daily", time="07:00"))
    response = await admin.post(f"{server.base}/digest", schedule_form(server, **changes))
    assert response.status == 400
    html = unescape(await response.text())
    assert reason in html and 'role="alert"' in html
    typed = changes.get("timezone") or changes.get("time")
    if typed:
        assert f'value="{typed}"' in html  # what was typed is still there
    schedule = await panel.service.digest_schedule(server.guild.id)
    assert (schedule.every, schedule.time_of_day) == ("daily", "07:00")  # nothing lost


async def test_digest_preview_shows_the_top_stories_and_off_stops_it(server, admin, panel):
    empty = await page_text(admin, f"{server.base}/digest/preview")
    assert "the digest would post nothing" in empty
    for n, item in enumerate([UNRELATED, *BRIDGE_REPORTS]):
        await server.add(item, n)
    await admin.post(f"{server.base}/digest", schedule_form(server, every="daily"))
    html = await page_text(admin, f"{server.base}/digest/preview")
    top = html.index(BRIDGE_REPORTS[0][0])
    assert top < html.index(UNRELATED[0])  # three sources rank above one
    assert "3 sources" in html[top:]
    off = await admin.post(f"{server.base}/digest/off")
    assert off.status == 303
    assert await panel.service.digest_schedule(server.guild.id) is None
    html = await page_text(admin, off.headers["Location"])
    assert "The digest is off." in html
    again = await admin.post(f"{server.base}/digest/off")
    assert "The digest was not on." in await page_text(admin, again.headers["Location"])
