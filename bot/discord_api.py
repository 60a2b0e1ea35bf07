"""Where discord.py sends its REST requests and opens its gateway websocket.

Production uses Discord's defaults. The test suite runs the real, unmodified discord.py
client against a loopback double of Discord (``tests/discord_double``); the bot process
calls :func:`point_discord_at` once at start-up with ``DISCORD_API_BASE`` and
``DISCORD_GATEWAY_URL`` so that nothing else in the bot needs to know about the double.
"""

from __future__ import annotations

import logging

import discord.gateway
import discord.http
import yarl

log = logging.getLogger(__name__)


def point_discord_at(api_base: str | None, gateway_url: str | None) -> None:
    """Redirect discord.py's REST base URL and/or gateway URL; ``None`` keeps Discord's.

    discord.py 2.7 has exactly two class-level switches, and every code path reads them:

    * ``discord.http.Route.BASE`` (e.g. ``http://127.0.0.1:PORT/api/v10``): every REST
      route, including interaction callbacks and webhook follow-ups (``discord.webhook``
      builds its URLs with the same ``Route`` class).
    * ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (e.g. ``ws://127.0.0.1:PORT/gateway``):
      the first connection of ``Client`` and of ``AutoShardedClient`` with an explicit
      ``shard_count``, re-identifying after INVALID_SESSION, and shard re-identify. Resumes use
      READY's ``resume_gateway_url`` and an ``AutoShardedClient`` without ``shard_count`` uses
      ``GET /gateway/bot``, both of which come from whatever server ``api_base`` points at.

    Attachment and asset downloads use URLs taken from payloads, so they follow the server.
    Call this before ``Client.login``; ``discord.http._set_api_version`` would reset the base.
    """
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
        log.warning("Discord REST API redirected to %s", discord.http.Route.BASE)
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
        log.warning("Discord gateway redirected to %s", gateway_url)
