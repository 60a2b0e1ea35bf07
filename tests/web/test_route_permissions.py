"""Every route of the panel, tried as each kind of person who must not get in: signed out,
a member of the server without Manage Server, and an admin of another server. Then what an
admin of the server does get, and the rules that keep a session and a change honest."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, quote, urlsplit

import aiohttp
import discord
import pytest
from yarl import URL

from tests.web.panel import Panel, SignedIn

ADMIN = discord.Permissions(manage_guild=True)
OPEN_PATHS = {"/", "/login", "/callback", "/logout"}
# A form that every change route would act on if it let the person through.
A_CHANGE = {
    "sentences": "1",
    "url": "https://x.example/",
    "stories": "off",
    "time": "09:15",
    "every": "weekly",
    "day": "friday",
    "timezone": "Asia/Tokyo",
}
ARTICLE = (
    "Harbour Ferry Adds Night Service\n\n"
    "The harbour ferry will run every hour through the night from June, the port authority "
    "said on Tuesday. Night workers asked for the service for years. "
    '"We heard them," said Mara Quint, the authority\'s director. '
    "The first boat leaves the north pier at midnight."
)


class World:
    def __init__(self, panel: Panel) -> None:
        d = panel.double
        self.panel = panel
        self.guild = d.add_guild("Harbour News")
        self.other = d.add_guild("Other Server")
        self.channel = d.add_channel(self.guild, "news")
        d.add_channel(self.other, "general")
        self.admin = d.add_member(self.guild, "ada", permissions=ADMIN)
        self.member = d.add_member(self.guild, "bob")
        self.other_admin = d.add_member(self.other, "eve", permissions=ADMIN)
        self.article_id = 0
        self.feed_id = 0

    async def build(self) -> World:
        await self.panel.bot_is_in(self.guild, self.other)
        outcome = await self.panel.service.add_article(self.guild.id, None, ARTICLE)
        self.article_id = outcome.article.id
        feed, _ = await self.panel.store.add_feed(
            self.guild.id, self.channel.id, "https://news.example/feed.xml", 30
        )
        self.feed_id = feed.id
        await self.panel.service.set_digest(self.guild.id, self.channel.id, "07:00", "daily")
        return self

    def server_routes(self) -> list[tuple[str, str]]:
        """(method, path) of every route of a server, with this world's ids filled in."""
        ids = {
            "guild_id": self.guild.id,
            "article_id": self.article_id,
            "feed_id": self.feed_id,
            "number": 1,
        }
        found = []
        for route in self.panel.app.router.routes():
            info = route.resource.get_info() if route.resource else {}
            template = info.get("formatter") or info.get("path")
            if route.method == "HEAD" or not template or template.startswith("/static"):
                continue
            if template in OPEN_PATHS or template == "/servers":
                continue
            path = re.sub(r"\{(\w+)\}", lambda m: str(ids[m.group(1)]), template)
            found.append((route.method, path))
        return found


@pytest.fixture
async def world(panel) -> World:
    return await World(panel).build()


async def sign_in(panel: Panel, people: list[SignedIn], member) -> SignedIn:
    person = await panel.sign_in(member)
    people.append(person)
    return person


def test_route_list_covers_every_area(world):
    routes = world.server_routes()
    paths = {p for _, p in routes}
    base = f"/servers/{world.guild.id}"
    assert {base, f"{base}/articles", f"{base}/feeds", f"{base}/settings"} <= paths
    assert ("POST", f"{base}/articles/{world.article_id}/remove") in routes
    assert ("POST", f"{base}/feeds/{world.feed_id}/remove") in routes
    feed = f"{base}/feeds/{world.feed_id}"
    assert {("GET", feed), ("POST", feed), ("GET", f"{feed}/preview")} <= set(routes)
    for change in ("mention", "filters", "filters/1/remove", "preview", "test"):
        assert ("POST", f"{feed}/{change}") in routes
    assert {f"{base}/stories", f"{base}/digest", f"{base}/digest/preview"} <= paths
    for change in ("stories", "digest", "digest/off"):
        assert ("POST", f"{base}/{change}") in routes


async def test_signed_out_every_server_route_sends_to_login(world, panel):
    async with browserless() as anonymous:
        for method, path in world.server_routes():
            response = await anonymous.request(
                method,
                panel.url + path,
                data=A_CHANGE if method == "POST" else None,
                allow_redirects=False,
            )
            assert response.status == 302, (method, path, response.status)
            location = response.headers["Location"]
            assert location.startswith("/login"), (method, path, location)
            if method == "GET":
                assert parse_qs(urlsplit(location).query)["next"] == [path]
    await nothing_changed(world, panel)


@pytest.mark.parametrize("who", ["member", "other_admin"])
async def test_people_without_manage_server_there_get_no_route(world, panel, people, who):
    person = await sign_in(panel, people, getattr(world, who))
    page = await person.get("/servers")
    assert "Harbour News" not in await page.text()
    for method, path in world.server_routes():
        if method == "GET":
            response = await person.get(path)
        else:
            response = await person.post(path, {**A_CHANGE, "channel": str(world.channel.id)})
        assert response.status == 403, (who, method, path, response.status)
        assert "Manage Server" in await response.text()
    await nothing_changed(world, panel)


async def test_admin_sees_their_server_and_every_page_of_it(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    servers = await (await person.get("/servers")).text()
    assert "Harbour News" in servers and "Other Server" not in servers
    for method, path in world.server_routes():
        if method == "GET":
            response = await person.get(path)
            assert response.status == 200, (path, response.status)


async def test_a_server_the_bot_is_not_in_is_not_offered(world, panel, people):
    elsewhere = panel.double.add_guild("No Bot Here")
    panel.double.add_member(elsewhere, "ada2", permissions=ADMIN, user=world.admin.user)
    person = await sign_in(panel, people, world.admin)
    assert "No Bot Here" not in await (await person.get("/servers")).text()
    assert (await person.get(f"/servers/{elsewhere.id}/articles")).status == 403


async def test_every_page_has_a_content_security_policy(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    paths = ["/", "/servers", "/static/panel.css", "/logout", "/nowhere"]
    paths += [p for m, p in world.server_routes() if m == "GET"]
    for path in paths:
        response = await person.get(path)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, path
        assert response.headers.get("X-Content-Type-Options") == "nosniff", path


async def test_session_cookie_is_httponly_samesite_and_expiring(world, panel):
    async with browserless() as http:
        back = await round_trip(panel, http, world.admin)
        cookie = next(v for v in back.headers.getall("Set-Cookie") if "newsbot_session=" in v)
        lowered = cookie.lower()
        assert "httponly" in lowered and "samesite=lax" in lowered and "max-age=" in lowered
        assert "secure" not in lowered  # this panel is served over http
        assert back.headers["Location"] == "/servers"


async def test_signing_in_again_rotates_the_session(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    old = session_cookie(panel, person.http)
    await person.sign_in(world.admin)
    assert session_cookie(panel, person.http) not in (None, old)
    async with browserless() as thief:
        response = await thief.get(
            panel.url + "/servers", cookies={"newsbot_session": old}, allow_redirects=False
        )
        assert response.status == 302 and response.headers["Location"].startswith("/login")


async def test_a_change_without_the_csrf_token_is_refused(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    base = f"/servers/{world.guild.id}"
    response = await person.post(f"{base}/articles/{world.article_id}/remove", csrf=False)
    assert response.status == 403
    for forged in ("forged", "ü" * 43):
        response = await person.post(
            f"{base}/articles/{world.article_id}/remove", {"csrf": forged}, csrf=False
        )
        assert response.status == 403
    assert await panel.store.count_articles(world.guild.id) == 1
    response = await person.post(f"{base}/articles/{world.article_id}/remove")
    assert response.status == 303
    assert await panel.store.count_articles(world.guild.id) == 0


async def test_no_change_of_any_area_is_made_without_the_csrf_token(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    changes = [p for m, p in world.server_routes() if m == "POST"]
    for path in changes:
        form = {**A_CHANGE, "channel": str(world.channel.id)}
        response = await person.post(path, form, csrf=False)
        assert response.status == 403, (path, response.status)
    await nothing_changed(world, panel)


@pytest.mark.parametrize("state", ["attacker-state", "ü"])
async def test_callback_with_a_state_from_elsewhere_signs_nobody_in(world, panel, state):
    async with browserless() as http:
        back = await round_trip(panel, http, world.admin, state=state)
        assert back.status == 400
        assert session_cookie(panel, http) is None


@pytest.mark.parametrize(
    "target", ["//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:x"]
)
async def test_sign_in_never_redirects_to_another_site(world, panel, target):
    async with browserless() as http:
        back = await round_trip(panel, http, world.admin, login="/login?next=" + quote(target))
        assert back.status == 303
        assert back.headers["Location"] == "/servers"


async def test_sign_in_returns_to_the_page_asked_for(world, panel):
    path = f"/servers/{world.guild.id}/settings"
    async with browserless() as http:
        first = await http.get(panel.url + path, allow_redirects=False)
        back = await round_trip(panel, http, world.admin, login=first.headers["Location"])
        assert back.headers["Location"] == path


async def test_losing_manage_server_is_noticed_before_the_next_change(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    base = f"/servers/{world.guild.id}"
    assert (await person.get(f"{base}/settings")).status == 200
    token = await person.csrf()
    for role in world.admin.roles:
        role.permissions = 0  # the server's owner takes Manage Server away
    response = await person.post(
        f"{base}/settings", {"sentences": "1", "method": "lead", "csrf": token}, csrf=False
    )
    assert response.status == 403
    assert (await panel.store.get_settings(world.guild.id)).summary_sentences is None


async def test_permissions_are_asked_again_after_ten_minutes(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    path = f"/servers/{world.guild.id}/articles"
    assert (await person.get(path)).status == 200
    for role in world.admin.roles:
        role.permissions = 0
    assert (await person.get(path)).status == 200  # within ten minutes: the answer stands
    session = await _only_session(panel)
    await panel.store.update_web_session_guilds(session.id_hash, session.guilds, time.time() - 601)
    assert (await person.get(path)).status == 403


async def test_a_revoked_discord_grant_ends_the_session(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    panel.double.oauth_revoke(world.admin)
    base = f"/servers/{world.guild.id}"
    response = await person.post(f"{base}/settings", {"sentences": "2", "method": "lead"})
    assert response.status == 302 and response.headers["Location"].startswith("/login")
    assert await _sessions(panel) == 0


async def test_signing_out_ends_the_session_in_the_database(world, panel, people):
    person = await sign_in(panel, people, world.admin)
    assert await _sessions(panel) == 1
    response = await person.post("/logout")
    assert response.status == 303
    assert await _sessions(panel) == 0
    again = await person.get(f"/servers/{world.guild.id}")
    assert again.status == 302 and again.headers["Location"].startswith("/login")


async def test_article_text_with_markup_is_shown_as_text(world, panel, people):
    hostile = (
        "Council Votes <script>alert(1)</script>\n\n"
        'The council voted on <img src=x onerror="alert(2)"> the new budget on Monday. '
        "Members argued for <b>three hours</b> before the vote. The budget passed narrowly."
    )
    outcome = await panel.service.add_article(world.guild.id, None, hostile)
    person = await sign_in(panel, people, world.admin)
    page = await person.get(f"/servers/{world.guild.id}/articles/{outcome.article.id}")
    html = await page.text()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>three" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;three hours&lt;/b&gt;" in html


async def nothing_changed(world: World, panel: Panel) -> None:
    assert await panel.store.count_articles(world.guild.id) == 1
    assert len(await panel.store.list_feeds(world.guild.id)) == 1
    assert (await panel.store.get_settings(world.guild.id)).summary_sentences is None
    assert await panel.service.stories_enabled(world.guild.id) is True
    schedule = await panel.service.digest_schedule(world.guild.id)
    assert (schedule.time_of_day, schedule.every) == ("07:00", "daily")


def browserless() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def round_trip(
    panel: Panel, http, member, *, login: str = "/login", state: str | None = None
) -> aiohttp.ClientResponse:
    """/login, Discord's consent page (Authorize) and the redirect back, by hand: the
    answer of /callback, not followed. `state` replaces the one the panel sent."""
    panel.double.oauth_sign_in(member)
    start = await http.get(panel.url + login, allow_redirects=False)
    authorize = URL(start.headers["Location"])
    query = {**authorize.query, "decision": "authorize"}
    if state is not None:
        query["state"] = state
    consent = await http.post(authorize.with_query(None), data=query, allow_redirects=False)
    return await http.get(consent.headers["Location"], allow_redirects=False)


def session_cookie(panel: Panel, http) -> str | None:
    found = http.cookie_jar.filter_cookies(URL(panel.url)).get("newsbot_session")
    return found.value if found else None


async def _sessions(panel: Panel) -> int:
    return 1 if await _only_session(panel, required=False) else 0


async def _only_session(panel: Panel, required: bool = True):
    import sqlite3

    path = panel.store.path  # type: ignore[attr-defined]
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT id_hash FROM web_sessions").fetchall()
    if not rows:
        assert not required, "no session stored"
        return None
    assert len(rows) == 1
    return await panel.store.get_web_session(rows[0][0], time.time())
