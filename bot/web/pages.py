"""Rendering a page: the Jinja2 environment and `render`, which every route uses.

Every template escapes what it shows (autoescape is on for all of them), so an article with
`<script>` in it is shown as text."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from aiohttp import web

from bot import limits
from bot.feeds.preview import Poster
from bot.models import WebSession
from bot.service import NewsService
from bot.web.discord_oauth import DiscordOAuth

TEMPLATES = Path(__file__).resolve().parent / "templates"
CSRF_FIELD = "csrf"

# What the app and each request carry, typed.
SERVICE = web.AppKey("service", NewsService)
OAUTH = web.AppKey("oauth", DiscordOAuth)
WEB_URL = web.AppKey("web_url", str)
PAGES = web.AppKey("pages", jinja2.Environment)
SESSION = web.RequestKey("session", WebSession | None)
POSTER = web.AppKey("poster", Poster)
"""Posts to Discord (a test post); only when the panel runs beside the bot (`newsbot run`)."""
GUILD = web.RequestKey("guild", dict)
"""The server a page is about ({"id", "name"}), set once the person may act on it."""


def http_link(url: str | None) -> str | None:
    """`url` if it is an http(s) address, else None: a stored `javascript:` link is never a
    link on a page."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def utc_time(at: float) -> str:
    """A moment as the panel shows it: it knows no reader's time zone (Discord's <t:…> does
    that in the bot), so UTC, and it says so."""
    return datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")


def templates(areas: Sequence[tuple[str, str]]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["areas"] = tuple(areas)
    env.globals["limits"] = limits
    env.filters["http_link"] = http_link
    env.filters["utc"] = utc_time
    return env


async def render(
    request: web.Request, name: str, context: dict[str, Any], *, status: int = 200
) -> web.Response:
    """The page `name`, with what every page needs: the session, its CSRF token, the server."""
    session = request.get(SESSION)
    page = {
        "session": session,
        "csrf": session.csrf_token if session else "",
        "csrf_field": CSRF_FIELD,
        "guild": request.get(GUILD),
        "area": "",
        "notice": None,
        "error": None,
        **context,
    }
    html = request.app[PAGES].get_template(name).render(page)
    return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")
