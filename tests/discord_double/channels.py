"""Channel types, threads, forum posts, webhooks, crossposting and permission overwrites, as
Discord's API documents them (routes appended to ``ROUTES``; handlers on ``ChannelsMixin``).

* Threads: ``POST /channels/{id}/messages/{message_id}/threads`` (from a message: the thread
  has the message's id) and ``POST /channels/{id}/threads`` (standalone in a text channel; in
  a forum channel it is a post, with its first ``message`` and ``applied_tags``).
* Crossposting: ``POST /channels/{id}/messages/{message_id}/crosspost`` in an announcement
  channel (type 5) sets the CROSSPOSTED flag (1); the bot's own message needs Send Messages,
  anyone else's (a webhook's) Manage Messages.
* Webhooks: ``GET/POST /channels/{id}/webhooks`` (Manage Webhooks), ``GET/DELETE
  /webhooks/{id}``, execute ``POST /webhooks/{id}/{token}`` (``username``, ``avatar_url``,
  ``thread_name`` and ``applied_tags`` in forums, ``?wait=true``), and its messages'
  ``GET/PATCH/DELETE``; ``PATCH /channels/{id}`` renames a channel or thread; those share their paths with interaction follow-ups, so the follow-up
  handlers hand over when the id is a webhook's.
* Permission overwrites: ``double.set_permissions(channel, role_or_member, allow=, deny=)``
  (CHANNEL_UPDATE), ``double.set_role_permissions(role, permissions)`` (GUILD_ROLE_UPDATE);
  ``bot_permissions(channel)`` computes them as Discord does (a thread takes its parent's).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord
from aiohttp import web

from .models import Channel, Member, Message, Role, User, snowflake
from .validation import check_message

if TYPE_CHECKING:
    from .server import DiscordDouble

    _Base = DiscordDouble
else:
    _Base = object

_V = "/api/v10"
_CH = _V + "/channels/{channel_id}"

CHANNEL_ROUTES: list[tuple[str, str, str, bool]] = [
    ("POST", _CH + "/messages/{message_id}/threads", "_thread_from_message", True),
    ("POST", _CH + "/threads", "_start_thread", True),
    ("POST", _CH + "/messages/{message_id}/crosspost", "_crosspost", True),
    ("PATCH", _CH, "_modify_channel", True),
    ("GET", _CH + "/webhooks", "_channel_webhooks", True),
    ("POST", _CH + "/webhooks", "_channel_webhooks", True),
    ("GET", _V + "/webhooks/{webhook_id}", "_webhook", True),
    ("DELETE", _V + "/webhooks/{webhook_id}", "_webhook", True),
]

CROSSPOSTED = 1 << 0
ADMINISTRATOR = 1 << 3
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
MANAGE_MESSAGES = 1 << 13
MANAGE_CHANNELS = 1 << 4
MANAGE_WEBHOOKS = 1 << 29
MANAGE_THREADS = 1 << 34
CREATE_PUBLIC_THREADS = 1 << 35
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL = (1 << 53) - 1


@dataclass(eq=False)
class Webhook:
    id: int
    token: str
    channel: Channel
    name: str
    creator: User
    application_id: int | None

    def payload(self, *, with_token: bool = True) -> dict[str, Any]:
        assert self.channel.guild is not None
        data = {
            "id": str(self.id),
            "type": 1,
            "guild_id": str(self.channel.guild.id),
            "channel_id": str(self.channel.id),
            "name": self.name,
            "avatar": None,
            "user": self.creator.payload(),
            "application_id": str(self.application_id) if self.application_id else None,
        }
        if with_token:
            data["token"] = self.token
        return data


def _api_error(status: int, code: int, message: str) -> Exception:
    from .rest import ApiError

    return ApiError(status, code, message)


class ChannelsMixin(_Base):
    webhooks: dict[int, Webhook]

    # -- world building -------------------------------------------------------------------

    def add_webhook(self, channel: Channel, name: str, creator: User) -> Webhook:
        """A webhook someone else made (the bot must never touch it)."""
        hook = Webhook(snowflake(), f"token-{snowflake()}", channel, name, creator, None)
        self.webhooks[hook.id] = hook
        return hook

    def delete_webhook(self, hook: Webhook) -> None:
        """Deleted by an admin in Discord's UI: executing it answers 404 Unknown Webhook."""
        self.webhooks.pop(hook.id, None)

    def forum_tag(self, forum: Channel, name: str) -> int:
        return next(int(t["id"]) for t in forum.available_tags if t["name"] == name)

    def threads_of(self, channel: Channel) -> list[Channel]:
        """Threads and forum posts whose parent is ``channel``, oldest first."""
        assert channel.guild is not None
        return [c for c in channel.guild.channels if c.is_thread and c.parent_id == channel.id]

    def channel_webhooks(self, channel: Channel) -> list[Webhook]:
        return [w for w in self.webhooks.values() if w.channel is channel]

    def set_permissions(
        self,
        channel: Channel,
        target: Role | Member,
        *,
        allow: discord.Permissions | None = None,
        deny: discord.Permissions | None = None,
    ) -> None:
        """Set the channel's overwrite for a role or member (replacing any), as an admin does
        in the channel's settings; the bot hears CHANNEL_UPDATE."""
        kind = 0 if isinstance(target, Role) else 1
        channel.overwrites = [o for o in channel.overwrites if o["id"] != target.id]
        channel.overwrites.append(
            {
                "id": target.id,
                "type": kind,
                "allow": allow.value if allow else 0,
                "deny": deny.value if deny else 0,
            }
        )
        assert channel.guild is not None
        self._guild_event(channel.guild, "CHANNEL_UPDATE", channel.payload())

    def set_role_permissions(self, role: Role, permissions: discord.Permissions) -> None:
        guild = next(g for g in self.guilds if role in g.roles)
        role.permissions = permissions.value
        self._guild_event(
            guild, "GUILD_ROLE_UPDATE", {"guild_id": str(guild.id), "role": role.payload()}
        )

    def bot_role(self, guild: Any) -> Role:
        me = guild.member(self.bot_user.id)
        return me.roles[0]

    def bot_permissions(self, channel: Channel) -> int:
        """The bot's permissions in ``channel``, overwrites applied in Discord's order."""
        if channel.guild is None:
            return ALL
        if channel.is_thread and channel.parent_id:
            parent = channel.guild.channel(channel.parent_id)
            if parent is not None:
                return self.bot_permissions(parent)
        me = channel.guild.member(self.bot_user.id)
        if me is None:
            return 0
        value = me.permissions
        if value & ADMINISTRATOR:
            return ALL
        by_id = {o["id"]: o for o in channel.overwrites}
        if everyone := by_id.get(channel.guild.id):
            value = (value & ~everyone["deny"]) | everyone["allow"]
        allow = deny = 0
        for role in me.roles:
            if o := by_id.get(role.id):
                allow |= o["allow"]
                deny |= o["deny"]
        value = (value & ~deny) | allow
        if o := by_id.get(me.id):
            value = (value & ~o["deny"]) | o["allow"]
        return value

    def _require(self, channel: Channel, permission: int) -> None:
        have = self.bot_permissions(channel)
        if not have & VIEW_CHANNEL:
            raise _api_error(403, 50001, "Missing Access")
        if not have & permission:
            raise _api_error(403, 50013, "Missing Permissions")

    # -- threads --------------------------------------------------------------------------

    def _new_thread(
        self, parent: Channel, name: str, body: dict[str, Any], *, thread_id: int | None = None
    ) -> Channel:
        if not (1 <= len(name or "") <= 100):
            raise _api_error(400, 50035, "Invalid Form Body (name: 1 to 100 characters)")
        duration = int(body.get("auto_archive_duration") or 1440)
        if duration not in (60, 1440, 4320, 10080):
            raise _api_error(400, 50035, "Invalid Form Body (auto_archive_duration)")
        tags = [int(t) for t in body.get("applied_tags") or []]
        known = {int(t["id"]) for t in parent.available_tags}
        if any(t not in known for t in tags) or len(tags) > 5:
            raise _api_error(400, 50035, "Invalid Form Body (applied_tags)")
        assert parent.guild is not None
        thread = Channel(
            thread_id or snowflake(),
            name,
            parent.guild,
            type=11,
            parent_id=parent.id,
            owner_id=self.bot_user.id,
            applied_tags=tags,
            auto_archive_duration=duration,
        )
        parent.guild.channels.append(thread)
        self._guild_event(
            parent.guild, "THREAD_CREATE", {**thread.payload(), "newly_created": True}
        )
        return thread

    async def _thread_from_message(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        channel = self._channel_or_404(params)
        msg = self.messages.get(int(params["message_id"]))
        if msg is None or msg.deleted or msg.channel_id != channel.id:
            raise _api_error(404, 10008, "Unknown Message")
        if channel.type not in (0, 5):
            raise _api_error(400, 50024, "Cannot execute action on this channel type")
        if self.channel(msg.id) is not None:
            raise _api_error(400, 160004, "A thread has already been created for this message")
        self._require(channel, CREATE_PUBLIC_THREADS)
        return self._new_thread(channel, body.get("name", ""), body, thread_id=msg.id).payload()

    async def _start_thread(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        channel = self._channel_or_404(params)
        if channel.type == 15:
            self._require(channel, SEND_MESSAGES)
            first = body.get("message") or {}
            errors = check_message(first, files=len(files))
            if errors:
                raise _api_error(400, 50035, f"Invalid Form Body ({errors})")
            thread = self._new_thread(channel, body.get("name", ""), body)
            message = self._new_message(None, first, files, channel=thread)
            return {**thread.payload(), "message": message.payload()}
        if channel.type not in (0, 5):
            raise _api_error(400, 50024, "Cannot execute action on this channel type")
        self._require(channel, CREATE_PUBLIC_THREADS)
        return self._new_thread(channel, body.get("name", ""), body).payload()

    async def _modify_channel(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        """Rename a channel or thread (a thread's owner may; others need Manage Threads or
        Manage Channels)."""
        channel = self._channel_or_404(params)
        owner = channel.is_thread and channel.owner_id == self.bot_user.id
        if not owner:
            self._require(channel, MANAGE_THREADS if channel.is_thread else MANAGE_CHANNELS)
        if "name" in body:
            if not (1 <= len(body["name"] or "") <= 100):
                raise _api_error(400, 50035, "Invalid Form Body (name: 1 to 100 characters)")
            channel.name = body["name"]
        if "archived" in body:
            channel.archived = bool(body["archived"])
        assert channel.guild is not None
        event = "THREAD_UPDATE" if channel.is_thread else "CHANNEL_UPDATE"
        self._guild_event(channel.guild, event, channel.payload())
        return channel.payload()

    # -- crosspost ------------------------------------------------------------------------

    async def _crosspost(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        channel = self._channel_or_404(params)
        msg = self.messages.get(int(params["message_id"]))
        if msg is None or msg.deleted or msg.channel_id != channel.id:
            raise _api_error(404, 10008, "Unknown Message")
        if channel.type != 5:
            raise _api_error(400, 50024, "Cannot execute action on this channel type")
        if msg.flags & CROSSPOSTED:
            raise _api_error(400, 40033, "This message has already been crossposted.")
        mine = msg.author.id == self.bot_user.id
        self._require(channel, SEND_MESSAGES if mine else MANAGE_MESSAGES)
        msg.flags |= CROSSPOSTED
        msg.snapshot()
        self._message_event("MESSAGE_UPDATE", msg)
        return msg.payload()

    # -- webhooks -------------------------------------------------------------------------

    async def _channel_webhooks(
        self, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        channel = self._channel_or_404(params)
        if channel.type not in (0, 5, 15):
            raise _api_error(400, 50024, "Cannot execute action on this channel type")
        self._require(channel, MANAGE_WEBHOOKS)
        if request.method == "GET":
            return [w.payload() for w in self.channel_webhooks(channel)]
        name = (body or {}).get("name") or ""
        if not (1 <= len(name) <= 80) or "discord" in name.lower() or "clyde" in name.lower():
            raise _api_error(400, 50035, "Invalid Form Body (name)")
        hook = Webhook(
            snowflake(), f"token-{snowflake()}", channel, name, self.bot_user, self.application_id
        )
        self.webhooks[hook.id] = hook
        return hook.payload()

    async def _webhook(self, request: web.Request, params: dict, body: Any, files: dict) -> Any:
        hook = self.webhooks.get(int(params["webhook_id"]))
        if hook is None:
            raise _api_error(404, 10015, "Unknown Webhook")
        self._require(hook.channel, MANAGE_WEBHOOKS)
        if request.method == "DELETE":
            self.delete_webhook(hook)
            return None
        return hook.payload()

    def _hook_for(self, params: dict) -> Webhook | None:
        """The channel webhook a follow-up path names, if it is one (else an interaction's)."""
        hook = self.webhooks.get(int(params["application_id"]))
        if hook is not None and hook.token != params["token"]:
            raise _api_error(401, 50027, "Invalid Webhook Token")
        return hook

    async def _execute_webhook(
        self, hook: Webhook, request: web.Request, body: Any, files: dict
    ) -> Any:
        errors = check_message(body, files=len(files))
        if errors:
            raise _api_error(400, 50035, f"Invalid Form Body ({errors})")
        channel = hook.channel
        thread_id = request.query.get("thread_id")
        if channel.type == 15:
            if thread_id:
                target = self._channel_or_404({"channel_id": thread_id})
            elif body.get("thread_name"):
                target = self._new_thread(channel, body["thread_name"], body)
            else:
                raise _api_error(
                    400,
                    220001,
                    "Webhooks posted to forum channels must have a thread_name or thread_id",
                )
        else:
            target = self._channel_or_404({"channel_id": thread_id}) if thread_id else channel
        author = User(hook.id, body.get("username") or hook.name, bot=True)
        msg = Message(snowflake(), target.id, target.guild.id if target.guild else None, author)
        msg.webhook_id = hook.id
        msg.avatar_url = body.get("avatar_url")
        self._apply(msg, body, files)
        self.messages[msg.id] = msg
        self._message_event("MESSAGE_CREATE", msg)
        return msg.payload() if request.query.get("wait") in ("1", "true", "True") else None

    async def _webhook_owned_message(
        self, hook: Webhook, request: web.Request, params: dict, body: Any, files: dict
    ) -> Any:
        msg = self.messages.get(int(params["message_id"]))
        if msg is None or msg.deleted or msg.webhook_id != hook.id:
            raise _api_error(404, 10008, "Unknown Message")
        if request.method == "GET":
            return msg.payload()
        if request.method == "DELETE":
            msg.deleted = True
            self._message_event("MESSAGE_DELETE", msg)
            return None
        self._edit_message(msg, body, files)
        return msg.payload()
