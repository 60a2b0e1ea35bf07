"""DiscordDouble: a loopback Discord (REST API v10 + gateway) for the unmodified discord.py client.

The double owns the world (guilds, channels, members, messages, synced commands), serves it
over HTTP and a websocket on 127.0.0.1, and records everything the bot does. Anything it does
not understand is recorded and makes :meth:`DiscordDouble.assert_clean` fail, so a test can
never pass by accident because the bot talked to an endpoint nobody modelled.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import re
import time
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import WSMsgType, web

from . import gateway as gw
from .channels import ChannelsMixin, Webhook
from .gateway import GatewayConnection, GatewaySession, frame, shard_for
from .handles import InteractionHandle
from .interactions import InteractionsMixin
from .models import (
    DEFAULT_BOT,
    DEFAULT_EVERYONE,
    Attachment,
    Channel,
    Guild,
    Member,
    Message,
    Role,
    User,
    perm_value,
    snowflake,
)
from .oauth import OAUTH_ROUTES, OAuthMixin
from .rest import ROUTES, ApiError, RestMixin, Upload

log = logging.getLogger(__name__)


_Match = tuple[str, dict[str, str], str, bool]  # route template, path params, handler, auth


class DoubleUsageError(Exception):
    """The test asked the double for something impossible (unknown command, bad option...)."""


@dataclass
class RecordedRequest:
    method: str
    path: str
    route: str | None
    query: dict[str, str]
    json: Any
    files: list[str]
    remote: str | None
    headers: dict[str, str]
    at: float
    status: int = 0
    response: Any = None


@dataclass
class GatewayOp:
    """A frame the bot sent on the gateway."""

    op: int
    data: Any
    shard_id: int | None
    path: str
    remote: str | None
    at: float = field(default_factory=time.monotonic)


@dataclass
class RateLimitRule:
    method: str
    route: str
    remaining: int
    retry_after: float
    is_global: bool


@dataclass
class FaultRule:
    """Answer matching requests with an error, as Discord does during an outage (503) or
    for a channel the bot cannot reach (404 10003)."""

    method: str
    route: str
    remaining: int
    error: ApiError


class DiscordDouble(RestMixin, ChannelsMixin, InteractionsMixin, OAuthMixin):
    """A fake Discord on 127.0.0.1. Start it, build a world, point the bot at it, drive it.

    Knobs a test may flip at any time: ``ack_heartbeats``, ``replay_on_resume``,
    ``refuse_resume``, ``heartbeat_interval`` (seconds, sent in HELLO), ``callback_deadline``
    (seconds Discord gives the bot for the initial interaction response, 3 by default).
    """

    def __init__(
        self,
        *,
        token: str = "test-token",
        bot_name: str = "newsbot",
        heartbeat_interval: float = 41.25,
        recommended_shards: int = 1,
        callback_deadline: float = 3.0,
        application_flags: int = 0,
    ) -> None:
        self.token = token
        self.application_id = snowflake()
        self.bot_user = User(self.application_id, bot_name, bot=True)
        self.app_owner = User(snowflake(), "app-owner")
        self.application_flags = application_flags
        self.heartbeat_interval = heartbeat_interval
        self.recommended_shards = recommended_shards
        self.callback_deadline = callback_deadline
        self.attachment_size_limit = 10 * 1024 * 1024
        self.ack_heartbeats = True
        self.replay_on_resume = True
        self.refuse_resume = False

        self.users: dict[int, User] = {self.bot_user.id: self.bot_user}
        self.guilds: list[Guild] = []
        self.dm_channels: dict[int, Channel] = {}
        self.messages: dict[int, Message] = {}
        self.cdn: dict[int, Attachment] = {}
        self.app_commands: dict[int | None, list[dict[str, Any]]] = {}
        self.syncs: list[tuple[int | None, float]] = []
        self.interactions: dict[int, InteractionHandle] = {}
        self.tokens: dict[str, InteractionHandle] = {}
        self.reactions: list[tuple[str, int, str]] = []
        self.webhooks: dict[int, Webhook] = {}

        self.requests: list[RecordedRequest] = []
        self.rate_limited: list[RecordedRequest] = []
        self.gateway_log: list[GatewayOp] = []
        self.connections: list[GatewayConnection] = []
        self.sessions: list[GatewaySession] = []
        self.unknown: list[str] = []
        self.errors: list[str] = []

        self._rate_limits: list[RateLimitRule] = []
        self._faults: list[FaultRule] = []
        self.faulted: list[RecordedRequest] = []
        routes = OAUTH_ROUTES + ROUTES  # OAuth2's Bearer answers come before the bot's own
        self._routes = [(m, t, re.compile(_pattern(t)), h, auth) for m, t, h, auth in routes]
        self.oauth_setup()
        self._changed = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------

    async def start(self) -> DiscordDouble:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/gateway/resume", self._gateway)
        app.router.add_route("*", "/{tail:.*}", self._http)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        log.info("Discord double listening on %s", self.url)
        return self

    async def stop(self) -> None:
        for conn in list(self.connections):
            if conn.alive:
                with contextlib.suppress(Exception):
                    await conn.close(1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        for task in list(self._tasks):
            task.cancel()

    async def __aenter__(self) -> DiscordDouble:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for ``DISCORD_API_BASE``."""
        return f"{self.url}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Value for ``DISCORD_GATEWAY_URL``."""
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/resume"

    def assert_clean(self) -> None:
        """Fail if the bot hit anything the double does not model, or the double itself broke."""
        problems = [f"unknown: {u}" for u in self.unknown]
        problems += [f"double error: {e}" for e in self.errors]
        if problems:
            raise AssertionError("Discord double saw problems:\n" + "\n".join(problems))

    # -- waiting --------------------------------------------------------------------------

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_until(
        self, predicate: Callable[[], Any], *, timeout: float = 5.0, what: str = "condition"
    ) -> Any:
        """Wait until ``predicate()`` is truthy (re-checked on each change and every 0.1 s)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not (result := predicate()):
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(f"Discord double: timed out after {timeout}s waiting for {what}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.1))
        return result

    # -- building the world ---------------------------------------------------------------

    def add_user(self, name: str) -> User:
        user = User(snowflake(), name)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str = "Test Guild",
        *,
        id: int | None = None,
        bot_permissions: discord.Permissions | int | None = None,
        everyone_permissions: discord.Permissions | int | None = None,
        locale: str = "en-US",
    ) -> Guild:
        """A guild the bot is in (GUILD_CREATE is sent now if the bot is connected)."""
        gid = id if id is not None else snowflake()
        owner = self.add_user(f"{name} owner")
        guild = Guild(gid, name, owner.id, locale=locale)
        guild.roles.append(
            Role(gid, "@everyone", perm_value(everyone_permissions, DEFAULT_EVERYONE))
        )
        bot_role = Role(
            snowflake(), self.bot_user.name, perm_value(bot_permissions, DEFAULT_BOT), 1
        )
        guild.roles.append(bot_role)
        guild.members.append(Member(self.bot_user, guild, [bot_role]))
        self.guilds.append(guild)
        if session := self._session_for(gid, required=False):
            session.dispatch("GUILD_CREATE", self._guild_create(guild, session))
        return guild

    def add_channel(
        self,
        guild: Guild,
        name: str = "general",
        *,
        topic: str | None = None,
        type: int = 0,
        tags: Iterable[str] = (),
    ) -> Channel:
        """A text (0), announcement (5) or forum (15) channel; a forum's ``tags`` are its
        available tags (their ids: ``forum_tag(channel, name)``)."""
        channel = Channel(
            snowflake(), name, guild, type=type, position=len(guild.channels), topic=topic
        )
        channel.available_tags = [
            {
                "id": str(snowflake()),
                "name": t,
                "moderated": False,
                "emoji_id": None,
                "emoji_name": None,
            }
            for t in tags
        ]
        guild.channels.append(channel)
        self._guild_event(guild, "CHANNEL_CREATE", channel.payload())
        return channel

    def add_role(
        self,
        guild: Guild,
        name: str,
        permissions: discord.Permissions | int,
        *,
        mentionable: bool = False,
    ) -> Role:
        role = Role(snowflake(), name, perm_value(permissions, 0), len(guild.roles), mentionable)
        guild.roles.append(role)
        self._guild_event(
            guild, "GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()}
        )
        return role

    def add_member(
        self,
        guild: Guild,
        name: str,
        *,
        permissions: discord.Permissions | int | None = None,
        roles: Iterable[Role] = (),
        user: User | None = None,
    ) -> Member:
        """A member; ``permissions`` become a role of their own (e.g. ``manage_guild=True``)."""
        user = user or self.add_user(name)
        member_roles = list(roles)
        if permissions is not None:
            member_roles.append(self.add_role(guild, f"{name} perms", permissions))
        member = Member(user, guild, member_roles)
        guild.members.append(member)
        session = self._session_for(guild.id, required=False)
        if session is not None and session.has(gw.GUILD_MEMBERS):
            session.dispatch("GUILD_MEMBER_ADD", {**member.payload(), "guild_id": str(guild.id)})
        return member

    def dm_channel(self, user: User | Member) -> Channel:
        user = user.user if isinstance(user, Member) else user
        if user.id not in self.dm_channels:
            self.dm_channels[user.id] = Channel(snowflake(), "", None, type=1, recipient=user)
        return self.dm_channels[user.id]

    def attachment(
        self,
        filename: str,
        data: bytes,
        *,
        content_type: str | None = None,
        description: str | None = None,
    ) -> Attachment:
        """A file a user attaches to a command option; served from the double's CDN route."""
        att = Attachment(snowflake(), filename, data, content_type, description)
        self._publish(att, f"ephemeral-attachments/{self.application_id}")
        return att

    def post_message(
        self,
        channel: Channel,
        content: str,
        *,
        author: Member | User,
        embeds: list[dict[str, Any]] | None = None,
    ) -> Message:
        """A user posts in a channel (MESSAGE_CREATE, content blanked without the intent)."""
        user = author.user if isinstance(author, Member) else author
        guild_id = channel.guild.id if channel.guild else None
        msg = Message(snowflake(), channel.id, guild_id, user, content, embeds or [])
        msg.snapshot()
        self.messages[msg.id] = msg
        self._message_event("MESSAGE_CREATE", msg)
        return msg

    # -- looking things up ----------------------------------------------------------------

    def guild(self, guild_id: int) -> Guild | None:
        return next((g for g in self.guilds if g.id == guild_id), None)

    def channel(self, channel_id: int) -> Channel | None:
        for guild in self.guilds:
            if ch := guild.channel(channel_id):
                return ch
        return next((c for c in self.dm_channels.values() if c.id == channel_id), None)

    def channel_messages(self, channel: Channel) -> list[Message]:
        """Messages everyone can see in ``channel``, oldest first."""
        return sorted(
            (
                m
                for m in self.messages.values()
                if m.channel_id == channel.id and not m.deleted and not m.ephemeral
            ),
            key=lambda m: m.id,
        )

    def commands(self, guild: Guild | None = None) -> list[dict[str, Any]]:
        """The commands last synced globally (``guild=None``) or to ``guild``."""
        return self.app_commands.get(guild.id if guild else None, [])

    def sync_count(self, guild: Guild | None = None) -> int:
        scope = guild.id if guild else None
        return sum(1 for s, _ in self.syncs if s == scope)

    def requests_to(self, method: str, route: str) -> list[RecordedRequest]:
        """Recorded requests to a route, e.g. ``("POST", "/channels/{channel_id}/messages")``."""
        return [r for r in self.requests if r.method == method and _route_matches(route, r)]

    @property
    def identifies(self) -> int:
        return sum(1 for op in self.gateway_log if op.op == gw.IDENTIFY)

    @property
    def resumes(self) -> int:
        return sum(1 for op in self.gateway_log if op.op == gw.RESUME)

    # -- rate limits ----------------------------------------------------------------------

    def rate_limit(
        self,
        method: str,
        route: str,
        *,
        times: int = 1,
        retry_after: float = 0.25,
        is_global: bool = False,
    ) -> None:
        """Answer the next ``times`` matching requests with 429 and ``retry_after`` seconds.

        ``route`` is a template (``/channels/{channel_id}/messages``) or a concrete path,
        with or without the ``/api/v10`` prefix.
        """
        self._rate_limits.append(
            RateLimitRule(method.upper(), route, times, retry_after, is_global)
        )

    def fail(
        self,
        method: str,
        route: str,
        *,
        times: int = 1,
        status: int = 503,
        code: int = 0,
        message: str = "503: Service Unavailable",
    ) -> FaultRule:
        """Answer the next ``times`` matching requests with ``status`` and Discord's error body
        (route as for `rate_limit`). Set the returned rule's ``remaining`` to 0 to end it."""
        rule = FaultRule(method.upper(), route, times, ApiError(status, code, message))
        self._faults.append(rule)
        return rule

    def _take_fault(self, rec: RecordedRequest) -> FaultRule | None:
        for rule in self._faults:
            if rule.remaining > 0 and rule.method == rec.method and _route_matches(rule.route, rec):
                rule.remaining -= 1
                return rule
        return None

    def _take_rate_limit(self, rec: RecordedRequest) -> RateLimitRule | None:
        for rule in self._rate_limits:
            if rule.remaining > 0 and rule.method == rec.method and _route_matches(rule.route, rec):
                rule.remaining -= 1
                return rule
        return None

    @staticmethod
    def _too_many_requests(rule: RateLimitRule) -> web.Response:
        body = {
            "message": "You are being rate limited.",
            "retry_after": rule.retry_after,
            "global": rule.is_global,
        }
        headers = {
            "Content-Type": "application/json",
            "Retry-After": str(max(1, math.ceil(rule.retry_after))),
            "Via": "1.1 google",
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": f"{time.time() + rule.retry_after:.3f}",
            "X-RateLimit-Reset-After": f"{rule.retry_after:.3f}",
            "X-RateLimit-Bucket": "double-" + re.sub(r"\W", "", rule.route)[:24],
            "X-RateLimit-Scope": "global" if rule.is_global else "user",
        }
        if rule.is_global:
            headers["X-RateLimit-Global"] = "true"
        return web.Response(status=429, body=json.dumps(body).encode(), headers=headers)

    # -- HTTP -----------------------------------------------------------------------------

    async def _http(self, request: web.Request) -> web.StreamResponse:
        matched = self._match(request.method, request.path)
        rec = RecordedRequest(
            method=request.method,
            path=request.path,
            route=matched[0] if matched else None,
            query=dict(request.query),
            json=None,
            files=[],
            remote=request.remote,
            headers=dict(request.headers),
            at=time.monotonic(),
        )
        self.requests.append(rec)
        try:
            response = await self._answer(request, rec, matched)
        except ApiError as exc:
            if matched is not None:
                log.warning("Discord double: %s %s -> %s", rec.method, rec.path, exc)
            response = _json_response(exc.status, exc.body())
        except Exception:
            self.errors.append(f"{rec.method} {rec.path}: {traceback.format_exc()}")
            log.exception("Discord double crashed on %s %s", rec.method, rec.path)
            response = _json_response(500, {"message": "500: double bug", "code": 0})
        rec.status = response.status
        if isinstance(response, web.Response) and response.content_type == "application/json":
            rec.response = json.loads(response.body)  # type: ignore[arg-type]
        self._notify()
        return response

    async def _answer(
        self, request: web.Request, rec: RecordedRequest, matched: _Match | None
    ) -> web.StreamResponse:
        rec.json, files = await _read_body(request)
        rec.files = [f.filename for f in files.values()]
        if matched is None:
            self.unknown.append(f"{request.method} {request.path_qs}")
            log.error("Discord double: unknown route %s %s", request.method, request.path_qs)
            raise ApiError(404, 0, "404: Not Found")
        _, params, handler_name, auth = matched
        if rule := self._take_rate_limit(rec):
            self.rate_limited.append(rec)
            return self._too_many_requests(rule)
        if auth and request.headers.get("Authorization") != f"Bot {self.token}":
            raise ApiError(401, 0, "401: Unauthorized")
        if fault := self._take_fault(rec):
            self.faulted.append(rec)
            raise fault.error
        result = await getattr(self, handler_name)(request, params, rec.json, files)
        if isinstance(result, web.StreamResponse):
            return result
        return _json_response(200 if result is not None else 204, result)

    def _match(self, method: str, path: str) -> _Match | None:
        for m, template, regex, handler, auth in self._routes:
            if m == method and (found := regex.fullmatch(path)):
                return template, found.groupdict(), handler, auth
        return None

    # -- gateway --------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        query = request.query
        compress = query.get("compress")
        if (
            query.get("v") != "10"
            or query.get("encoding", "json") != "json"
            or compress not in (None, "zlib-stream")
        ):
            self.unknown.append(f"gateway connection with unsupported parameters {request.path_qs}")
            return web.Response(status=400, text="unsupported gateway parameters")
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = GatewayConnection(ws, request, compress)
        self.connections.append(conn)
        conn.send(
            frame(
                gw.HELLO,
                {"heartbeat_interval": int(self.heartbeat_interval * 1000), "_trace": ["double"]},
            )
        )
        self._notify()
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    self._on_gateway_frame(conn, json.loads(msg.data))
                else:
                    self.unknown.append(f"gateway message of type {msg.type}")
        except Exception:
            self.errors.append(f"gateway: {traceback.format_exc()}")
            log.exception("Discord double gateway crashed")
        finally:
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
                if ws.close_code in (1000, 1001):
                    session.valid = False  # a clean close ends the session, as on Discord
            await conn.finish()
            self._notify()
        return ws

    def _on_gateway_frame(self, conn: GatewayConnection, payload: dict[str, Any]) -> None:
        op, data = payload.get("op"), payload.get("d")
        shard = conn.session.shard_id if conn.session else None
        self.gateway_log.append(GatewayOp(op, data, shard, conn.path, conn.remote))  # type: ignore[arg-type]
        if op == gw.HEARTBEAT:
            if self.ack_heartbeats:
                conn.send(frame(gw.HEARTBEAT_ACK))
        elif op == gw.IDENTIFY:
            self._identify(conn, data)
        elif op == gw.RESUME:
            self._resume(conn, data)
        elif op == gw.REQUEST_MEMBERS:
            self._request_members(conn, data)
        elif op != gw.PRESENCE:
            self.unknown.append(f"gateway op {op}: {payload}")
        self._notify()

    def _close_later(self, conn: GatewayConnection, code: int) -> None:
        task = asyncio.create_task(conn.close(code))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _identify(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            self._close_later(conn, 4004)
            return
        shard_id, shard_count = data.get("shard") or (0, 1)
        if not 0 <= shard_id < shard_count:
            self._close_later(conn, 4010)
            return
        for old in self.sessions:
            if old.shard_id == shard_id:
                old.valid = False
        session = GatewaySession(shard_id, shard_count, int(data.get("intents") or 0))
        session.conn, conn.session = conn, session
        self.sessions.append(session)
        guilds = [g for g in self.guilds if shard_for(g.id, shard_count) == shard_id]
        ready: dict[str, Any] = {
            "v": 10,
            "user": {**self.bot_user.payload(), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(self.application_id), "flags": self.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ["discord-double"],
        }
        if data.get("shard"):
            ready["shard"] = [shard_id, shard_count]
        conn.send(session.next_frame("READY", ready, buffer=False))
        for guild in guilds:
            session.dispatch("GUILD_CREATE", self._guild_create(guild, session))

    def _resume(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        session = next((s for s in self.sessions if s.id == data.get("session_id")), None)
        if (
            session is None
            or not session.valid
            or self.refuse_resume
            or data.get("token") != self.token
        ):
            conn.send(frame(gw.INVALID_SESSION, False))
            return
        old = session.conn
        if old is not None and old is not conn and old.alive:
            self._close_later(old, 4000)
        session.conn, conn.session = conn, session
        seq = data.get("seq") or 0
        if self.replay_on_resume:
            for missed in session.frames:
                if missed["s"] > seq:
                    conn.send(missed)
        conn.send(session.next_frame("RESUMED", {"_trace": ["discord-double"]}, buffer=False))

    def _request_members(self, conn: GatewayConnection, data: dict[str, Any]) -> None:
        session = conn.session
        guild = self.guild(int(data["guild_id"]))
        if session is None or guild is None:
            self.unknown.append(f"REQUEST_GUILD_MEMBERS for unknown guild/session: {data}")
            return
        members = guild.members if session.has(gw.GUILD_MEMBERS) else []
        query, ids = data.get("query") or "", data.get("user_ids")
        members = [
            m
            for m in members
            if m.name.startswith(query) and (not ids or str(m.id) in map(str, ids))
        ]
        chunk = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
        }
        if data.get("nonce"):
            chunk["nonce"] = data["nonce"]
        session.dispatch("GUILD_MEMBERS_CHUNK", chunk)

    def _guild_create(self, guild: Guild, session: GatewaySession) -> dict[str, Any]:
        """Without GUILD_PRESENCES Discord only sends the bot's own member; so does the double."""
        members = guild.members if session.has(gw.GUILD_PRESENCES) else [guild.members[0]]
        return guild.payload(members=members)

    def _session_for(
        self, guild_id: int | None, shard_id: int | None = None, *, required: bool = True
    ) -> GatewaySession | None:
        for session in reversed(self.sessions):
            if not session.valid:
                continue
            target = shard_id
            if target is None:
                target = shard_for(guild_id, session.shard_count) if guild_id else 0
            if session.shard_id == target:
                return session
        if required:
            raise DoubleUsageError(
                f"no gateway session for guild {guild_id} / shard {shard_id}: is the bot connected?"
            )
        return None

    def _guild_event(self, guild: Guild, event: str, data: dict[str, Any]) -> None:
        if session := self._session_for(guild.id, required=False):
            session.dispatch(event, data)

    def _message_event(self, event: str, msg: Message) -> None:
        """MESSAGE_CREATE/UPDATE/DELETE as the bot's intents allow (never for ephemeral ones)."""
        session = self._session_for(msg.guild_id, required=False)
        intent = gw.GUILD_MESSAGES if msg.guild_id else gw.DIRECT_MESSAGES
        if msg.ephemeral or session is None or not session.has(intent):
            return
        if event == "MESSAGE_DELETE":
            data: dict[str, Any] = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id:
                data["guild_id"] = str(msg.guild_id)
            session.dispatch(event, data)
            return
        data = msg.payload()
        guild = self.guild(msg.guild_id) if msg.guild_id else None
        if guild is not None and (member := guild.member(msg.author.id)):
            data["member"] = member.payload(with_user=False)
        mentioned = f"<@{self.bot_user.id}>" in msg.content
        if (
            guild
            and msg.author.id != self.bot_user.id
            and not mentioned
            and not session.has(gw.MESSAGE_CONTENT)
        ):
            data.update(content="", embeds=[], attachments=[], components=[])
        session.dispatch(event, data)

    # -- test-facing gateway controls -----------------------------------------------------

    async def dispatch(
        self, event: str, data: dict[str, Any], *, shard_id: int | None = None
    ) -> None:
        """Send any dispatch event; routed to the shard of ``data["guild_id"]`` if present."""
        guild_id = int(data["guild_id"]) if data.get("guild_id") else None
        session = self._session_for(guild_id, shard_id)
        assert session is not None
        session.dispatch(event, data)
        self._notify()
        await asyncio.sleep(0)

    def _live_sessions(self, shard_id: int | None) -> list[GatewaySession]:
        found = [
            s
            for s in self.sessions
            if s.valid and s.conn is not None and s.conn.alive and shard_id in (None, s.shard_id)
        ]
        if not found:
            raise DoubleUsageError(f"no live gateway connection (shard {shard_id})")
        return found

    async def drop_connection(
        self, shard_id: int | None = None, *, code: int = 4000, abrupt: bool = False
    ) -> None:
        """Close the bot's websocket (all shards by default); events are buffered for RESUME."""
        for session in self._live_sessions(shard_id):
            conn, session.conn = session.conn, None
            assert conn is not None
            await conn.close(code, abrupt=abrupt)
        self._notify()

    async def invalidate_session(
        self, shard_id: int | None = None, *, resumable: bool = False
    ) -> None:
        """Send INVALID_SESSION (op 9); the bot must re-identify unless ``resumable``."""
        for session in self._live_sessions(shard_id):
            if not resumable:
                session.valid = False
            assert session.conn is not None
            session.conn.send(frame(gw.INVALID_SESSION, resumable))
        await asyncio.sleep(0)

    async def request_reconnect(self, shard_id: int | None = None) -> None:
        """Send RECONNECT (op 7); the bot closes and resumes."""
        for session in self._live_sessions(shard_id):
            assert session.conn is not None
            session.conn.send(frame(gw.RECONNECT))
        await asyncio.sleep(0)

    # -- helpers shared with the REST and interaction mixins --------------------------------

    def _publish(self, att: Attachment, prefix: str) -> None:
        att.url = f"{self.url}/cdn/{prefix}/{att.id}/{att.filename}"
        self.cdn[att.id] = att

    def _upload_to_attachment(
        self, upload: Upload, channel_id: int, meta: dict[str, Any]
    ) -> Attachment:
        att = Attachment(
            snowflake(),
            meta.get("filename") or upload.filename,
            upload.data,
            upload.content_type,
            meta.get("description"),
        )
        self._publish(att, f"attachments/{channel_id}")
        return att


def _pattern(template: str) -> str:
    return re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))


def _route_matches(route: str, rec: RecordedRequest) -> bool:
    prefixed = route if route.startswith(("/api/", "/cdn/")) else "/api/v10" + route
    return prefixed in (rec.route, rec.path)


async def _read_body(request: web.Request) -> tuple[Any, dict[int, Upload]]:
    """JSON bodies, and discord.py's multipart form: ``payload_json`` plus ``files[n]``."""
    if not request.can_read_body:
        return None, {}
    if request.content_type == "multipart/form-data":
        form = await request.post()
        payload = json.loads(str(form["payload_json"])) if "payload_json" in form else {}
        files: dict[int, Upload] = {}
        for key, value in form.items():
            found = re.fullmatch(r"files\[(\d+)\]", key)
            if found and isinstance(value, web.FileField):
                files[int(found[1])] = Upload(value.filename, value.file.read(), value.content_type)
        return payload, files
    if request.content_type == "application/x-www-form-urlencoded":  # OAuth2's token requests
        return dict(await request.post()), {}
    text = await request.text()
    return (json.loads(text) if text else None), {}


def _json_response(status: int, body: Any) -> web.Response:
    if status == 204:
        return web.Response(status=204)
    # discord.py only decodes JSON when Content-Type is exactly "application/json".
    return web.Response(
        status=status, body=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
