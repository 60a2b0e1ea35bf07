"""Who is signed in, and what they may do: Discord OAuth2 sign-in at /login, /callback and
/logout, sessions kept in the database, a CSRF token on every change, and the check that a
person manages a server the bot is in before any page or change of that server.

The rules, in one place:

* The session cookie holds a random token; the database holds only its SHA-256, so a copy of
  the database signs nobody in. Cookies are HttpOnly, SameSite=Lax, Secure (and `__Host-`
  prefixed) when the panel's URL is https, and expire with the session. Signing in always
  makes a new session (and ends the one the browser had): a session id planted before
  sign-in is worth nothing after it.
* `state` binds the Discord round trip to the browser that started it: it is kept in a
  short-lived cookie and must come back unchanged.
* Which servers a person manages is asked of Discord at sign-in, again when the answer is
  older than `limits.WEB_PERMISSION_RECHECK_SECONDS`, and always right before a change.
  A server is shown only if the person has Manage Server there and the bot is in it.
* After sign-in the panel goes back only to one of its own paths (`safe_next`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from urllib.parse import quote, unquote, urlsplit

from aiohttp import web

from bot import limits
from bot.models import WebSession
from bot.web.discord_oauth import DiscordOAuth, OAuthError, TokenRevoked
from bot.web.pages import CSRF_FIELD, GUILD, OAUTH, SERVICE, SESSION, WEB_URL, render

log = logging.getLogger(__name__)

LOGIN_COOKIE = "newsbot_login"
SESSION_COOKIE = "newsbot_session"
SECURE_SESSION_COOKIE = "__Host-newsbot_session"

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
routes = web.RouteTableDef()


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _same(sent: str, expected: str) -> bool:
    """A constant-time comparison that any text can go through (`compare_digest` refuses
    non-ASCII strings, so it takes bytes)."""
    return hmac.compare_digest(sent.encode(), expected.encode())


def safe_next(target: str | None) -> str:
    """`target` when it is a path of this panel, else `/servers`: never another site."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return "/servers"
    if any(ord(c) < 0x20 or c == "\\" for c in target):
        return "/servers"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/servers"
    return target


def is_https(request: web.Request) -> bool:
    return request.app[WEB_URL].startswith("https://")


def cookie_name(request: web.Request) -> str:
    return SECURE_SESSION_COOKIE if is_https(request) else SESSION_COOKIE


def _cookie_options(request: web.Request, max_age: int) -> dict:
    return {
        "max_age": max_age,
        "path": "/",
        "httponly": True,
        "secure": is_https(request),
        "samesite": "Lax",
    }


def redirect_uri(request: web.Request) -> str:
    """The address Discord sends people back to: register it in the Developer Portal."""
    return request.app[WEB_URL] + "/callback"


def login_redirect(request: web.Request) -> web.HTTPFound:
    target = request.path_qs if request.method == "GET" else "/servers"
    return web.HTTPFound("/login?next=" + quote(target, safe="/"))


# --- sessions ---------------------------------------------------------------------------------


async def load_session(request: web.Request) -> WebSession | None:
    token = request.cookies.get(cookie_name(request))
    if not token:
        return None
    return await request.app[SERVICE].store.get_web_session(_hash(token), time.time())


@web.middleware
async def session_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    static = request.path.startswith("/static/")
    request[SESSION] = None if static else await load_session(request)
    return await handler(request)


async def refresh_guilds(request: web.Request, *, force: bool) -> WebSession:
    """The session, with Discord asked again which servers the person manages when the
    answer is old (or always, with `force`). A revoked token ends the session."""
    session: WebSession = request[SESSION]
    now = time.time()
    if not force and now - session.checked_at < limits.WEB_PERMISSION_RECHECK_SECONDS:
        return session
    store = request.app[SERVICE].store
    try:
        guilds = await request.app[OAUTH].managed_guilds(session.access_token)
    except TokenRevoked:
        await store.remove_web_session(session.id_hash)
        raise login_redirect(request) from None
    await store.update_web_session_guilds(session.id_hash, guilds, now)
    session = dataclasses.replace(session, guilds=tuple(guilds), checked_at=now)
    request[SESSION] = session
    return session


async def servers_for(request: web.Request, session: WebSession) -> list[dict]:
    """The servers the person manages that the bot is in, by name."""
    ids = [int(g["id"]) for g in session.guilds]
    present = await request.app[SERVICE].guilds_with_bot(ids)
    return [g for g in session.guilds if int(g["id"]) in present]


def check_csrf(request: web.Request, form) -> None:
    session: WebSession = request[SESSION]
    sent = str(form.get(CSRF_FIELD, ""))
    if not sent or not _same(sent, session.csrf_token):
        raise web.HTTPForbidden(
            text="This form has expired or came from another site. Go back, reload the page "
            "and try again.",
        )


def signed_in(handler: Handler) -> Handler:
    """A page for anyone signed in (GET), or a change they make (POST, CSRF-checked)."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        if request[SESSION] is None:
            raise login_redirect(request)
        if request.method == "POST":
            check_csrf(request, await request.post())
        try:
            await refresh_guilds(request, force=False)
        except OAuthError as exc:
            raise web.HTTPServiceUnavailable(text=str(exc)) from None
        return await handler(request)

    return wrapped


def server_admin(handler: Handler) -> Handler:
    """A page or change of one server (`{guild_id}` in the path): signed in, managing that
    server (asked of Discord again before a change) and the bot in it. Sets
    `request[GUILD]` (id, name) for the handler."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        if request[SESSION] is None:
            raise login_redirect(request)
        change = request.method == "POST"
        if change:
            check_csrf(request, await request.post())
        try:
            session = await refresh_guilds(request, force=change)
        except OAuthError as exc:
            raise web.HTTPServiceUnavailable(text=str(exc)) from None
        wanted = request.match_info["guild_id"]
        guild = next((g for g in await servers_for(request, session) if g["id"] == wanted), None)
        if guild is None:
            raise web.HTTPForbidden(
                text="You can only manage servers where you have the Manage Server permission "
                "and newsbot is a member."
            )
        request[GUILD] = {"id": int(guild["id"]), "name": guild["name"]}
        return await handler(request)

    return wrapped


# --- sign-in and sign-out ----------------------------------------------------------------------


@routes.get("/login")
async def login(request: web.Request) -> web.StreamResponse:
    """Off to Discord, with a fresh `state` remembered in a short-lived cookie."""
    state = secrets.token_urlsafe(32)
    target = safe_next(request.query.get("next"))
    oauth: DiscordOAuth = request.app[OAUTH]
    response = web.HTTPFound(oauth.authorize_url(state, redirect_uri(request)))
    response.set_cookie(
        LOGIN_COOKIE,
        f"{state}:{quote(target, safe='')}",
        **_cookie_options(request, limits.WEB_LOGIN_SECONDS),
    )
    raise response


@routes.get("/callback")
async def callback(request: web.Request) -> web.StreamResponse:
    """Back from Discord: check `state`, trade the code for a token, learn who this is and
    which servers they manage, and start a new session."""
    state, _, target = request.cookies.get(LOGIN_COOKIE, "").partition(":")
    sent = request.query.get("state", "")
    if not state or not sent or not _same(state, sent):
        return await _not_signed_in(
            request,
            "That sign-in link has expired or was started elsewhere. Please sign in again.",
            title="Sign-in expired",
        )
    if request.query.get("error") or not request.query.get("code"):
        return await _not_signed_in(
            request, "Discord did not sign you in (the request was cancelled or refused)."
        )
    oauth: DiscordOAuth = request.app[OAUTH]
    try:
        grant = await oauth.exchange(request.query["code"], redirect_uri(request))
        user = await oauth.user(grant.access_token)
        guilds = await oauth.managed_guilds(grant.access_token)
    except OAuthError as exc:
        return await _not_signed_in(request, str(exc), status=502)
    store = request.app[SERVICE].store
    if request[SESSION] is not None:  # rotate: the old session ends here
        await store.remove_web_session(request[SESSION].id_hash)
    now = time.time()
    lifetime = limits.WEB_SESSION_SECONDS
    if grant.expires_in > 0:
        lifetime = min(lifetime, int(grant.expires_in))
    token = secrets.token_urlsafe(32)
    await store.remove_expired_web_sessions(now)
    await store.add_web_session(
        WebSession(
            id_hash=_hash(token),
            user_id=user.id,
            user_name=user.name,
            access_token=grant.access_token,
            guilds=tuple(guilds),
            csrf_token=secrets.token_urlsafe(32),
            checked_at=now,
            created_at=now,
            expires_at=now + lifetime,
        )
    )
    log.info("user %s signed in to the web panel", user.id)
    response = web.HTTPSeeOther(safe_next(unquote(target)))
    response.set_cookie(cookie_name(request), token, **_cookie_options(request, lifetime))
    response.del_cookie(LOGIN_COOKIE, path="/")
    raise response


async def _not_signed_in(
    request: web.Request, message: str, *, title: str = "Not signed in", status: int = 400
) -> web.Response:
    return await render(
        request, "message.html", {"title": title, "message": message, "retry": True}, status=status
    )


@routes.get("/logout")
async def logout_page(request: web.Request) -> web.StreamResponse:
    """Signing out changes something, so it takes a POST; this page has the button."""
    if request[SESSION] is None:
        raise web.HTTPFound("/")
    return await render(request, "logout.html", {"title": "Sign out"})


@routes.post("/logout")
async def logout(request: web.Request) -> web.StreamResponse:
    if request[SESSION] is not None:
        check_csrf(request, await request.post())
        await request.app[SERVICE].store.remove_web_session(request[SESSION].id_hash)
    response = web.HTTPSeeOther("/?signed_out=1")
    response.del_cookie(cookie_name(request), path="/")
    raise response
