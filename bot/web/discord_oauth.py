"""Discord's side of the panel's sign-in: the OAuth2 authorization code grant, and who the
signed-in person is and which servers they manage.

This is the only place the panel talks to Discord, and only with the person's own access
token (never the bot's). `DISCORD_API_BASE` points it elsewhere, as it points the bot.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

import aiohttp

log = logging.getLogger(__name__)

DISCORD_API = "https://discord.com/api/v10"
SCOPES = "identify guilds"
TIMEOUT_S = 10.0
MAX_RETRY_AFTER_S = 2.0
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5


class OAuthError(Exception):
    """Discord refused or could not be reached; the message is for the person signing in."""


class TokenRevoked(OAuthError):
    """The access token no longer works (revoked or expired): sign in again."""


@dataclass(frozen=True, slots=True)
class Grant:
    access_token: str
    expires_in: float


@dataclass(frozen=True, slots=True)
class DiscordUser:
    id: int
    name: str


def manageable(guilds: list[dict]) -> list[dict]:
    """The servers in a `users/@me/guilds` answer where the person has Manage Server (as owner,
    administrator or by the permission itself): `id`, `name`, `icon` of each, by name."""
    found = []
    for guild in guilds:
        try:
            permissions = int(guild.get("permissions") or 0)
            guild_id = int(guild["id"])
        except (KeyError, TypeError, ValueError):
            continue
        if guild.get("owner") or permissions & (ADMINISTRATOR | MANAGE_GUILD):
            found.append({"id": str(guild_id), "name": str(guild.get("name") or guild_id)})
    return sorted(found, key=lambda g: g["name"].casefold())


class DiscordOAuth:
    """The OAuth2 client of one application (client id and secret) against one API base."""

    def __init__(self, client_id: int, client_secret: str, api_base: str | None = None) -> None:
        self.client_id = client_id
        self._secret = client_secret
        self.api_base = (api_base or DISCORD_API).rstrip("/")
        self._http: aiohttp.ClientSession | None = None

    def __repr__(self) -> str:  # never the secret
        return f"DiscordOAuth(client_id={self.client_id}, api_base={self.api_base!r})"

    def authorize_url(self, state: str, redirect_uri: str) -> str:
        query = urlencode(
            {
                "response_type": "code",
                "client_id": str(self.client_id),
                "scope": SCOPES,
                "state": state,
                "redirect_uri": redirect_uri,
            }
        )
        return f"{self.api_base}/oauth2/authorize?{query}"

    @property
    def http(self) -> aiohttp.ClientSession:
        if self._http is None or self._http.closed:
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT_S))
        return self._http

    async def close(self) -> None:
        if self._http is not None:
            await self._http.close()

    async def exchange(self, code: str, redirect_uri: str) -> Grant:
        """The access token for an authorization code (the client authenticates with Basic)."""
        data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        basic = aiohttp.encode_basic_auth(str(self.client_id), self._secret)
        body = await self._request("POST", "/oauth2/token", data=data, basic=basic)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token or "guilds" not in str(body.get("scope", "")).split():
            raise OAuthError("Discord did not grant access to your servers; please try again.")
        return Grant(str(token), float(body.get("expires_in") or 0))

    async def user(self, access_token: str) -> DiscordUser:
        body = await self._request("GET", "/users/@me", token=access_token)
        name = body.get("global_name") or body.get("username") or str(body.get("id"))
        return DiscordUser(int(body["id"]), str(name))

    async def managed_guilds(self, access_token: str) -> list[dict]:
        """The servers the person manages, as Discord says now."""
        body = await self._request("GET", "/users/@me/guilds", token=access_token)
        if not isinstance(body, list):
            raise OAuthError("Discord sent an unexpected answer; please try again.")
        return manageable(body)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        token: str | None = None,
        basic: str | None = None,
        retry: bool = True,
        **kwargs,
    ):
        headers = {"Authorization": f"Bearer {token}" if token else basic or ""}
        if not token and not basic:
            headers = {}
        try:
            async with self.http.request(
                method, self.api_base + path, headers=headers, **kwargs
            ) as response:
                if response.status == 429 and retry:
                    after = float(response.headers.get("Retry-After") or MAX_RETRY_AFTER_S)
                    if after <= MAX_RETRY_AFTER_S:
                        await asyncio.sleep(after)
                        return await self._request(method, path, token=token, retry=False, **kwargs)
                if response.status == 401 and token:
                    raise TokenRevoked("Your Discord sign-in has ended; please sign in again.")
                if response.status >= 400:
                    log.warning("Discord answered %s %s with %s", method, path, response.status)
                    raise OAuthError(
                        "Discord refused the sign-in; please try again."
                        if path == "/oauth2/token"
                        else "Discord is not answering as expected; please try again shortly."
                    )
                return await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("Discord request %s %s failed: %s", method, path, exc.__class__.__name__)
            raise OAuthError("Discord could not be reached; please try again shortly.") from None
