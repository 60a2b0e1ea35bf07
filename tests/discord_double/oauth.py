"""Discord's OAuth2 authorization code grant, for apps that sign people in with Discord (the
web panel): the authorize page, the token endpoint, and `users/@me` and `users/@me/guilds`
answered for a person's access token.

Discord documents these at https://discord.com/developers/docs/topics/oauth2 and
.../resources/user (Get Current User, Get Current User Guilds). As on Discord:

* `GET /oauth2/authorize` shows a consent page to whoever is signed in to Discord in that
  browser (`double.oauth_sign_in(user)`; nobody by default, which shows a "log in" page). Its
  Authorize button sends the browser to `redirect_uri?code=…&state=…`, Cancel to
  `redirect_uri?error=access_denied&state=…`. An unregistered `redirect_uri` or a wrong
  `client_id` gets Discord's error page and no redirect at all.
* `POST /oauth2/token` (form-encoded; the client authenticates with HTTP Basic or
  `client_id`/`client_secret` fields) trades a code once, within 10 minutes, for the same
  `redirect_uri`; errors are `{"error": "invalid_grant" | "invalid_client" | ...}`.
* `users/@me` and `users/@me/guilds` with `Authorization: Bearer <token>` answer for that
  person (scopes `identify` and `guilds`); with the bot token they answer as before/for the bot.
  Partial guilds carry the person's guild-level `permissions` and `owner`.

Tests set it up with `double.oauth_register(redirect_uri)` and can `oauth_revoke(user)`.
The routes are tried before `rest.ROUTES` (see `DiscordDouble.__init__`).
"""

from __future__ import annotations

import base64
import html
import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from aiohttp import web

from .models import User
from .rest import ApiError

if TYPE_CHECKING:
    from .server import DiscordDouble

    _Base = DiscordDouble
else:
    _Base = object

_V = "/api/v10"
CODE_SECONDS = 600
TOKEN_SECONDS = 604_800  # Discord's access tokens last a week
KNOWN_SCOPES = {
    "identify",
    "guilds",
    "email",
    "guilds.members.read",
    "bot",
    "applications.commands",
}

OAUTH_ROUTES: list[tuple[str, str, str, bool]] = [
    ("GET", _V + "/oauth2/authorize", "_oauth_authorize", False),
    ("POST", _V + "/oauth2/authorize", "_oauth_decide", False),
    ("POST", _V + "/oauth2/token", "_oauth_token", False),
    ("GET", _V + "/users/@me", "_oauth_me", False),
    ("GET", _V + "/users/@me/guilds", "_oauth_my_guilds", False),
]


@dataclass
class OAuthCode:
    user: User
    scopes: tuple[str, ...]
    redirect_uri: str
    expires: float


@dataclass
class OAuthToken:
    user: User
    scopes: tuple[str, ...]
    expires: float


class OAuthError(ApiError):
    """An OAuth2 error answer: `{"error": ..., "error_description": ...}` (RFC 6749)."""

    def __init__(self, status: int, error: str, description: str = "") -> None:
        super().__init__(status, 0, error)
        self.error, self.description = error, description

    def body(self) -> dict[str, Any]:
        return {"error": self.error, "error_description": self.description}


def _page(title: str, body: str, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}"
        f'</title><link rel="icon" href="data:,"></head>'
        f"<body><main><h1>{html.escape(title)}</h1>{body}</main></body></html>",
        content_type="text/html",
    )


class OAuthMixin(_Base):
    """The OAuth2 routes; state lives on the double (see `oauth_setup`)."""

    def oauth_setup(self) -> None:
        self.oauth_client_secret = "test-client-secret"
        self.oauth_redirect_uris: list[str] = []
        self.oauth_browser_user: User | None = None
        self.oauth_codes: dict[str, OAuthCode] = {}
        self.oauth_tokens: dict[str, OAuthToken] = {}

    # -- test-facing ------------------------------------------------------------------------

    def oauth_register(self, redirect_uri: str) -> None:
        """Add a redirect URL, as on the Developer Portal's OAuth2 page."""
        self.oauth_redirect_uris.append(redirect_uri)

    def oauth_sign_in(self, user: Any) -> None:
        """Who is signed in to Discord in the browser that opens the authorize page."""
        self.oauth_browser_user = getattr(user, "user", user)

    def oauth_revoke(self, user: Any) -> None:
        """The person de-authorizes the app: their access tokens stop working."""
        user = getattr(user, "user", user)
        for token, grant in list(self.oauth_tokens.items()):
            if grant.user is user:
                del self.oauth_tokens[token]

    def oauth_token_for(self, user: Any, scopes: str = "identify guilds") -> str:
        """An access token as if `user` had signed in (for tests that skip the browser)."""
        token = secrets.token_urlsafe(24)
        self.oauth_tokens[token] = OAuthToken(
            getattr(user, "user", user), tuple(scopes.split()), time.time() + TOKEN_SECONDS
        )
        return token

    # -- the authorize page -----------------------------------------------------------------

    def _oauth_request(self, query: Any) -> tuple[str, tuple[str, ...]] | web.Response:
        """(redirect_uri, scopes) of a valid authorize request, or Discord's error page."""
        redirect_uri = str(query.get("redirect_uri", ""))
        scopes = tuple(str(query.get("scope", "")).split())
        if str(query.get("client_id", "")) != str(self.application_id):
            return _page("Unknown Application", "<p>Invalid client_id.</p>", 400)
        if redirect_uri not in self.oauth_redirect_uris:
            return _page("Invalid OAuth2 redirect_uri", "<p>Invalid OAuth2 redirect_uri</p>", 400)
        if query.get("response_type") != "code" or not scopes:
            return _page("Invalid request", "<p>response_type must be code, with a scope.</p>", 400)
        unknown = [s for s in scopes if s not in KNOWN_SCOPES]
        if unknown:
            return _page("Invalid scope", f"<p>Invalid scope: {html.escape(unknown[0])}</p>", 400)
        return redirect_uri, scopes

    async def _oauth_authorize(self, request: web.Request, params: dict, body: Any, files: dict):
        checked = self._oauth_request(request.query)
        if isinstance(checked, web.Response):
            return checked
        user = self.oauth_browser_user
        if user is None:
            return _page("Log in to Discord", "<p>Nobody is logged in in this browser.</p>", 401)
        _, scopes = checked
        hidden = "".join(
            f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
            for k, v in request.query.items()
        )
        body_html = (
            f"<p>{html.escape(self.bot_user.name)} wants to access your account "
            f"(signed in as {html.escape(user.name)}): {html.escape(', '.join(scopes))}.</p>"
            f'<form method="post">{hidden}'
            '<button type="submit" name="decision" value="authorize">Authorize</button> '
            '<button type="submit" name="decision" value="cancel">Cancel</button></form>'
        )
        return _page(f"Authorize {self.bot_user.name}", body_html)

    async def _oauth_decide(self, request: web.Request, params: dict, body: Any, files: dict):
        form = body or {}
        checked = self._oauth_request(form)
        if isinstance(checked, web.Response):
            return checked
        redirect_uri, scopes = checked
        user = self.oauth_browser_user
        if user is None:
            return _page("Log in to Discord", "<p>Nobody is logged in in this browser.</p>", 401)
        answer: dict[str, str]
        if form.get("decision") == "authorize":
            code = secrets.token_urlsafe(20)
            self.oauth_codes[code] = OAuthCode(
                user, scopes, redirect_uri, time.time() + CODE_SECONDS
            )
            answer = {"code": code}
        else:
            answer = {
                "error": "access_denied",
                "error_description": "The resource owner or authorization server denied the request",
            }
        if form.get("state"):
            answer["state"] = str(form["state"])
        return web.Response(status=302, headers={"Location": f"{redirect_uri}?{urlencode(answer)}"})

    # -- the token endpoint -----------------------------------------------------------------

    def _oauth_client(self, request: web.Request, form: dict) -> None:
        client_id, secret = form.get("client_id"), form.get("client_secret")
        header = request.headers.get("Authorization", "")
        if header.startswith("Basic "):
            try:
                client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            except ValueError:
                raise OAuthError(401, "invalid_client") from None
        if str(client_id) != str(self.application_id) or secret != self.oauth_client_secret:
            raise OAuthError(401, "invalid_client")

    async def _oauth_token(self, request: web.Request, params: dict, body: Any, files: dict):
        if request.content_type != "application/x-www-form-urlencoded":
            raise OAuthError(400, "invalid_request", "Send application/x-www-form-urlencoded")
        form = body or {}
        self._oauth_client(request, form)
        if form.get("grant_type") != "authorization_code":
            raise OAuthError(400, "unsupported_grant_type")
        grant = self.oauth_codes.pop(str(form.get("code", "")), None)
        if grant is None or grant.expires < time.time():
            raise OAuthError(400, "invalid_grant", 'Invalid "code" in request.')
        if form.get("redirect_uri") != grant.redirect_uri:
            raise OAuthError(400, "invalid_grant", 'Invalid "redirect_uri" in request.')
        token = secrets.token_urlsafe(24)
        self.oauth_tokens[token] = OAuthToken(grant.user, grant.scopes, time.time() + TOKEN_SECONDS)
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": TOKEN_SECONDS,
            "refresh_token": secrets.token_urlsafe(24),
            "scope": " ".join(grant.scopes),
        }

    # -- the person's own user and guilds ---------------------------------------------------

    def _bearer(self, request: web.Request, scope: str) -> OAuthToken | None:
        """The person's grant for a Bearer request; None for a bot-token request."""
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer "):
            grant = self.oauth_tokens.get(header[7:])
            if grant is None or grant.expires < time.time():
                raise ApiError(401, 0, "401: Unauthorized")
            if scope not in grant.scopes:
                raise ApiError(403, 50001, "Missing Access")
            return grant
        if header != f"Bot {self.token}":
            raise ApiError(401, 0, "401: Unauthorized")
        return None

    async def _oauth_me(self, request: web.Request, params: dict, body: Any, files: dict):
        grant = self._bearer(request, "identify")
        if grant is None:
            return await self._get_me(request, params, body, files)
        return {**grant.user.payload(), "mfa_enabled": False, "locale": "en-US"}

    async def _oauth_my_guilds(self, request: web.Request, params: dict, body: Any, files: dict):
        grant = self._bearer(request, "guilds")
        user = grant.user if grant else self.bot_user
        found = []
        for guild in sorted(self.guilds, key=lambda g: g.id):
            member = guild.member(user.id)
            if member is None:
                continue
            found.append(
                {
                    "id": str(guild.id),
                    "name": guild.name,
                    "icon": None,
                    "banner": None,
                    "owner": guild.owner_id == user.id,
                    "permissions": str(member.permissions),
                    "features": [],
                }
            )
        after = int(request.query.get("after", 0))
        limit = min(200, int(request.query.get("limit", 200)))
        return [g for g in found if int(g["id"]) > after][:limit]
