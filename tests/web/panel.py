"""The web panel under test: served in-process over a real SQLite store, signing people in
through the Discord double's OAuth2 endpoints, and `SignedIn`, a browserless person (an
aiohttp client with its own cookies) who goes through the same redirects a browser does."""

from __future__ import annotations

import contextlib
import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from bot.config import Settings
from bot.models import GuildChannel
from bot.service import NewsService
from bot.store import Store, open_store
from bot.web.app import start_panel

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Panel:
    url: str
    double: Any
    store: Store
    service: NewsService
    app: web.Application

    async def bot_is_in(self, *guilds) -> None:
        """What the bot's guild directory writes when it sees these guilds on the gateway."""
        for guild in guilds:
            channels = [GuildChannel(c.id, guild.id, c.name, 0, c.position) for c in guild.channels]
            await self.service.record_guild(guild.id, channels)

    async def sign_in(self, member) -> SignedIn:
        person = SignedIn(self, aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)))
        await person.sign_in(member)
        return person


@dataclass
class SignedIn:
    """A person with a cookie jar, signed in through /login, Discord's consent page and
    /callback, as a browser would be."""

    panel: Panel
    http: aiohttp.ClientSession

    async def sign_in(self, member) -> None:
        self.panel.double.oauth_sign_in(member)
        login = await self.http.get(self.panel.url + "/login", allow_redirects=False)
        assert login.status == 302, login.status
        authorize = login.headers["Location"]
        page = await self.http.get(authorize)
        assert page.status == 200, await page.text()
        query = dict(aiohttp.client.URL(authorize).query)
        consent = await self.http.post(
            authorize.split("?")[0], data={**query, "decision": "authorize"}, allow_redirects=False
        )
        assert consent.status == 302
        back = await self.http.get(consent.headers["Location"], allow_redirects=False)
        assert back.status == 303, await back.text()

    async def get(self, path: str, **kw) -> aiohttp.ClientResponse:
        response = await self.http.get(self.panel.url + path, allow_redirects=False, **kw)
        await response.read()
        return response

    async def csrf(self) -> str:
        page = await self.get("/servers")
        found = CSRF.search(await page.text())
        assert found, "no CSRF token on /servers"
        return unescape(found.group(1))

    async def post(self, path: str, data: dict | None = None, *, csrf: bool = True):
        form = dict(data or {})
        if csrf:
            form["csrf"] = await self.csrf()
        response = await self.http.post(self.panel.url + path, data=form, allow_redirects=False)
        await response.read()
        return response

    async def close(self) -> None:
        await self.http.close()


@contextlib.asynccontextmanager
async def running_panel(double, workdir: Path) -> AsyncIterator[Panel]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    double.oauth_register(url + "/callback")
    settings = Settings(
        token=None,
        database=str(workdir / "panel.sqlite3"),
        api_base=double.api_base,
        web_url=url,
        web_port=port,
        web_host="127.0.0.1",
        client_id=double.application_id,
        client_secret=double.oauth_client_secret,
    )
    store = await open_store(settings.database)
    service = NewsService(store)
    runner = await start_panel(settings, service)
    try:
        yield Panel(url, double, store, service, runner.app)
    finally:
        await runner.cleanup()
        await service.close()
        await store.close()
