"""The REST routes the double serves, and their handlers.

To add a route: append ``(METHOD, template, handler_name, needs_bot_token)`` to ``ROUTES``
and write ``async def handler_name(self, request, params, body, files)`` on ``RestMixin``.
Return a JSON-able value (200), ``None`` (204) or an aiohttp response; raise ``ApiError``
for Discord's error answers. Unlisted routes are recorded and fail the test.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from .channels import CHANNEL_ROUTES
from .handles import Callback
from .models import EPHEMERAL, LOADING, Channel, Message, iso_now, snowflake
from .validation import check_choices, check_command, check_message, check_modal, form_errors

if TYPE_CHECKING:
    from .handles import InteractionHandle
    from .server import DiscordDouble

    _Base = DiscordDouble
else:
    _Base = object

log = logging.getLogger(__name__)

_V = "/api/v10"
_APP = _V + "/applications/{application_id}"
_HOOK = _V + "/webhooks/{application_id}/{token}"
_MSG = _V + "/channels/{channel_id}/messages"

ROUTES: list[tuple[str, str, str, bool]] = [
    ("GET", _V + "/users/@me", "_get_me", True),
    ("GET", _V + "/oauth2/applications/@me", "_get_application", True),
    ("GET", _V + "/applications/@me", "_get_application", True),
    ("GET", _V + "/gateway", "_get_gateway", False),
    ("GET", _V + "/gateway/bot", "_get_gateway", True),
    ("GET", _APP + "/commands", "_get_commands", True),
    ("PUT", _APP + "/commands", "_put_commands", True),
    ("GET", _APP + "/guilds/{guild_id}/commands", "_get_commands", True),
    ("PUT", _APP + "/guilds/{guild_id}/commands", "_put_commands", True),
    ("POST", _V + "/interactions/{interaction_id}/{token}/callback", "_callback", False),
    ("POST", _HOOK, "_followup", False),
    ("GET", _HOOK + "/messages/{message_id}", "_webhook_message", False),
    ("PATCH", _HOOK + "/messages/{message_id}", "_webhook_message", False),
    ("DELETE", _HOOK + "/messages/{message_id}", "_webhook_message", False),
    ("GET", _V + "/channels/{channel_id}", "_get_channel", True),
    ("GET", _MSG, "_list_messages", True),
    ("POST", _MSG, "_create_message", True),
    ("GET", _MSG + "/{message_id}", "_channel_message", True),
    ("PATCH", _MSG + "/{message_id}", "_channel_message", True),
    ("DELETE", _MSG + "/{message_id}", "_channel_message", True),
    ("PUT", _MSG + "/{message_id}/reactions/{emoji}/@me", "_reaction", True),
    ("DELETE", _MSG + "/{message_id}/reactions/{emoji}/@me", "_reaction", True),
    ("POST", _V + "/channels/{channel_id}/typing", "_typing", True),
    ("POST", _V + "/users/@me/channels", "_create_dm", True),
    ("GET", _V + "/guilds/{guild_id}", "_get_guild", True),
    ("GET", _V + "/guilds/{guild_id}/members/{user_id}", "_get_member", True),
    ("GET", "/cdn/{kind}/{scope}/{attachment_id}/{filename}", "_cdn", False),
    *CHANNEL_ROUTES,
]

# Which initial responses Discord accepts per interaction type (2 command, 3 component,
# 4 autocomplete, 5 modal submit). 6/7 after a modal need the modal to come from a component.
ALLOWED_CALLBACKS = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}, 5: {4, 5, 6, 7}}
_EMPTY: dict[str, Any] = {
    "content": "",
    "embeds": [],
    "components": [],
    "allowed_mentions": None,
    "tts": False,
}
KEEP_FLAGS = EPHEMERAL | 4 | 4096 | (1 << 15)  # ephemeral, suppress embeds/notifications, v2


@dataclass
class Upload:
    filename: str
    data: bytes
    content_type: str | None


class ApiError(Exception):
    """An error answer in Discord's shape: ``{"message", "code", "errors"?}``."""

    def __init__(
        self, status: int, code: int, message: str, errors: dict[str, Any] | None = None
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status, self.code, self.message, self.errors = status, code, message, errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body


def _check(problems: list[tuple[str, str]]) -> None:
    if any(path == "" for path, _ in problems):
        raise ApiError(400, 50006, "Cannot send an empty message")
    if problems:
        raise ApiError(400, 50035, "Invalid Form Body", form_errors(problems))


class RestMixin(_Base):
    """Route handlers; see the module docstring for the handler contract."""

    # -- identity -------------------------------------------------------------------------

    async def _get_me(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        return {
            **self.bot_user.payload(),
            "verified": True,
            "mfa_enabled": False,
            "locale": "en-US",
        }

    async def _get_application(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        return {
            "id": str(self.application_id),
            "name": self.bot_user.name,
            "icon": None,
            "description": "",
            "summary": "",
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": self.app_owner.payload(),
            "team": None,
            "verify_key": "0" * 64,
            "flags": self.application_flags,
            "bot": self.bot_user.payload(),
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
            "approximate_guild_count": len(self.guilds),
        }

    async def _get_gateway(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        data: dict[str, Any] = {"url": self.gateway_url}
        if request.path.endswith("/bot"):
            data["shards"] = self.recommended_shards
            limit = {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14_400_000,
                "max_concurrency": 1,
            }
            data["session_start_limit"] = limit
        return data

    # -- application commands ---------------------------------------------------------------

    def _command_scope(self, params: dict[str, str]) -> int | None:
        if int(params["application_id"]) != self.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if "guild_id" not in params:
            return None
        if self.guild(int(params["guild_id"])) is None:
            raise ApiError(403, 50001, "Missing Access")
        return int(params["guild_id"])

    async def _get_commands(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        return self.app_commands.get(self._command_scope(params), [])

    async def _put_commands(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        """Bulk overwrite; a command keeps its id while its (name, type) stays the same."""
        scope = self._command_scope(params)
        problems = [p for i, cmd in enumerate(body) for p in check_command(cmd, str(i))]
        keys = [(c.get("name"), c.get("type", 1)) for c in body]
        problems += [
            (f"{i}.name", "Application command names must be unique")
            for i, k in enumerate(keys)
            if k in keys[:i]
        ]
        _check(problems)
        old = {(c["name"], c["type"]): c["id"] for c in self.app_commands.get(scope, [])}
        stored = []
        for cmd in body:
            key = (cmd["name"], cmd.get("type", 1))
            entry = {
                "options": [],
                "default_member_permissions": None,
                "nsfw": False,
                "description": "",
                **cmd,
                "type": key[1],
                "id": old.get(key) or str(snowflake()),
                "application_id": str(self.application_id),
                "version": str(snowflake()),
            }
            if entry["default_member_permissions"] is not None:  # Discord answers with a string
                entry["default_member_permissions"] = str(entry["default_member_permissions"])
            if scope is not None:
                entry["guild_id"] = str(scope)
            stored.append(entry)
        self.app_commands[scope] = stored
        self.syncs.append((scope, time.monotonic()))
        return stored

    # -- interactions -----------------------------------------------------------------------

    def _handle(
        self, params: dict[str, str], *, code: int = 10062, message: str = "Unknown interaction"
    ) -> InteractionHandle:
        handle = self.tokens.get(params["token"])
        if handle is None or (
            "interaction_id" in params and int(params["interaction_id"]) != handle.id
        ):
            raise ApiError(404, code, message)
        if "application_id" in params and int(params["application_id"]) != self.application_id:
            raise ApiError(404, 10015, "Unknown Webhook")
        return handle

    async def _callback(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        h = self._handle(params)
        kind, data = body.get("type"), body.get("data") or {}
        if h.callback is not None:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if h.elapsed() > self.callback_deadline:
            h.rejected.append((10062, f"initial response after {h.elapsed():.2f}s"))
            raise ApiError(404, 10062, "Unknown interaction")
        allowed = ALLOWED_CALLBACKS.get(h.type, set())
        if kind in (6, 7) and h.type == 5 and h.target_message is None:
            allowed = allowed - {6, 7}
        if kind not in allowed:
            raise ApiError(
                400,
                50035,
                "Invalid Form Body",
                form_errors([("type", f"Invalid response type {kind}")]),
            )
        if kind in (4, 7):
            _check(check_message(data, files=len(files), creating=kind == 4))
        elif kind == 8:
            _check(check_choices(data.get("choices") or []))
        elif kind == 9:
            _check(check_modal(data))
        h.callback = Callback(kind, data, h.elapsed(), [f.filename for f in files.values()])
        message: Message | None = None
        if kind == 4:
            message = h.original = self._new_message(h, data, files)
        elif kind == 5:
            deferred = {"content": "", "flags": ((data.get("flags") or 0) & EPHEMERAL) | LOADING}
            message = h.original = self._new_message(h, deferred, {})
        elif kind in (6, 7):
            message = h.original = h.target_message
            if kind == 7 and message is not None:
                self._edit_message(message, data, files)
        h.record("callback", body, message)

        if request.query.get("with_response") not in ("1", "true", "True"):
            return None
        interaction: dict[str, Any] = {"id": str(h.id), "type": h.type}
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            interaction["response_message_id"] = str(message.id)
            interaction["response_message_loading"] = message.loading
            interaction["response_message_ephemeral"] = message.ephemeral
            resource["message"] = message.payload()
        return {"interaction": interaction, "resource": resource}

    def _new_message(
        self,
        h: InteractionHandle | None,
        data: dict[str, Any],
        files: dict[int, Upload],
        *,
        channel: Channel | None = None,
    ) -> Message:
        """A message the bot creates: an interaction response/follow-up, or a channel post."""
        channel_id = h.channel_id if h else channel.id  # type: ignore[union-attr]
        guild_id = h.guild_id if h else (channel.guild.id if channel and channel.guild else None)
        msg = Message(
            snowflake(),
            channel_id,
            guild_id,
            self.bot_user,
            flags=int(data.get("flags") or 0) & (KEEP_FLAGS | LOADING),
        )
        if h is not None:
            msg.webhook_id = msg.application_id = self.application_id
            msg.type = 20 if h.type == 2 else 0
            msg.interaction_metadata = {
                "id": str(h.id),
                "type": h.type,
                "user": h.user.payload(),
                "authorizing_integration_owners": h.payload.get(
                    "authorizing_integration_owners", {}
                ),
            }
        elif data.get("message_reference"):
            msg.type = 19
            msg.message_reference = data["message_reference"]
        self._apply(msg, data, files)
        self.messages[msg.id] = msg
        self._message_event("MESSAGE_CREATE", msg)
        return msg

    def _apply(self, msg: Message, data: dict[str, Any], files: dict[int, Upload]) -> None:
        for key, empty in _EMPTY.items():
            if key in data:
                setattr(msg, key, empty if data[key] is None else data[key])
        if "attachments" in data or files:
            kept = {a.id: a for a in msg.attachments}
            used: set[int] = set()
            result = []
            for meta in data.get("attachments") or []:
                ref = int(meta["id"])
                if ref in kept:
                    result.append(kept[ref])
                elif ref in files:
                    result.append(self._upload_to_attachment(files[ref], msg.channel_id, meta))
                    used.add(ref)
            if "attachments" not in data:
                result = list(msg.attachments)
            result += [
                self._upload_to_attachment(u, msg.channel_id, {})
                for i, u in files.items()
                if i not in used
            ]
            msg.attachments = result
        msg.snapshot()

    def _edit_message(self, msg: Message, data: dict[str, Any], files: dict[int, Upload]) -> None:
        was_loading = msg.loading
        msg.flags = (msg.flags & EPHEMERAL) | (
            int(data.get("flags", msg.flags) or 0) & (KEEP_FLAGS & ~EPHEMERAL)
        )
        msg.edited_timestamp = None if was_loading else iso_now()
        self._apply(msg, data, files)
        self._message_event("MESSAGE_UPDATE", msg)

    async def _followup(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        if hook := self._hook_for(params):  # a channel webhook shares the path
            return await self._execute_webhook(hook, request, body, files)
        h = self._handle(params, code=10015, message="Unknown Webhook")
        if h.callback is None:
            raise ApiError(404, 10015, "Unknown Webhook")
        _check(check_message(body, files=len(files)))
        original = h.original
        if (
            h.callback.type == 5
            and original is not None
            and original.loading
            and not original.deleted
        ):
            # Discord fills the "thinking" message with the first follow-up; the deferral's
            # ephemeral flag wins over the follow-up's.
            self._edit_message(original, {**body, "flags": original.flags}, files)
            msg = original
        else:
            msg = self._new_message(h, body, files)
            h.followups.append(msg)
        h.record("followup", body, msg)
        return msg.payload() if request.query.get("wait") in ("1", "true", "True") else None

    async def _webhook_message(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        if hook := self._hook_for(params):
            return await self._webhook_owned_message(hook, request, params, body, files)
        h = self._handle(params, code=10015, message="Unknown Webhook")
        ref = params["message_id"]
        if ref == "@original":
            msg = h.original
        else:
            msg = next((m for m in h.messages() if m.id == int(ref)), None)
        if msg is None or msg.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        if request.method == "GET":
            return msg.payload()
        if request.method == "DELETE":
            msg.deleted = True
            h.record("delete", None, msg)
            self._message_event("MESSAGE_DELETE", msg)
            return None
        _check(check_message(body, files=len(files), creating=False))
        self._edit_message(msg, body, files)
        h.record("edit", body, msg)
        return msg.payload()

    # -- channels and messages --------------------------------------------------------------

    def _channel_or_404(self, params: dict[str, str]) -> Channel:
        channel = self.channel(int(params["channel_id"]))
        if channel is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return channel

    def _bot_can(self, channel: Channel, permission: int) -> bool:
        """With the channel's permission overwrites applied (see `channels.py`)."""
        return bool(self.bot_permissions(channel) & permission)

    async def _get_channel(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        return self._channel_or_404(params).payload()

    async def _list_messages(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        channel = self._channel_or_404(params)
        q = request.query
        found = self.channel_messages(channel)
        if "before" in q:
            found = [m for m in found if m.id < int(q["before"])]
        if "after" in q:
            found = [m for m in found if m.id > int(q["after"])]
        limit = int(q.get("limit", 50))
        return [
            m.payload() for m in reversed(found[-limit:] if "after" not in q else found[:limit])
        ]

    async def _create_message(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        channel = self._channel_or_404(params)
        if channel.recipient is not None and channel.recipient.dms_closed:
            raise ApiError(403, 50007, "Cannot send messages to this user")
        if not self._bot_can(channel, 1 << 11):  # SEND_MESSAGES
            raise ApiError(403, 50013, "Missing Permissions")
        _check(check_message(body, files=len(files)))
        return self._new_message(
            None, {**body, "flags": (body.get("flags") or 0) & ~EPHEMERAL}, files, channel=channel
        ).payload()

    async def _channel_message(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        channel = self._channel_or_404(params)
        msg = self.messages.get(int(params["message_id"]))
        if msg is None or msg.deleted or msg.channel_id != channel.id or msg.ephemeral:
            raise ApiError(404, 10008, "Unknown Message")
        mine = msg.author.id == self.bot_user.id
        if request.method == "GET":
            return msg.payload()
        if request.method == "DELETE":
            if not mine and not self._bot_can(channel, 1 << 13):  # MANAGE_MESSAGES
                raise ApiError(403, 50013, "Missing Permissions")
            msg.deleted = True
            self._message_event("MESSAGE_DELETE", msg)
            return None
        if not mine:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        _check(check_message(body, files=len(files), creating=False))
        self._edit_message(msg, body, files)
        return msg.payload()

    async def _reaction(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        self.reactions.append((request.method, int(params["message_id"]), params["emoji"]))
        return None

    async def _typing(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        self._channel_or_404(params)
        return None

    async def _create_dm(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        user = self.users.get(int(body.get("recipient_id", 0)))
        if user is None or user.bot:
            raise ApiError(400, 50033, "Invalid Recipient(s)")
        return self.dm_channel(user).payload()

    # -- guilds and CDN ---------------------------------------------------------------------

    async def _get_guild(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        guild = self.guild(int(params["guild_id"]))
        if guild is None:
            raise ApiError(403, 50001, "Missing Access")
        data = guild.payload(members=[])
        for key in ("channels", "members", "threads", "presences", "voice_states"):
            data.pop(key)
        return data

    async def _get_member(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        guild = self.guild(int(params["guild_id"]))
        member = guild.member(int(params["user_id"])) if guild else None
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return member.payload()

    async def _cdn(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        att = self.cdn.get(int(params["attachment_id"]))
        if att is None or att.filename != params["filename"]:
            return web.Response(status=404, text="Not Found")
        content_type = att.content_type or "application/octet-stream"
        return web.Response(body=att.data, headers={"Content-Type": content_type})
