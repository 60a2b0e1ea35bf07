"""Acting as a Discord user: slash commands, autocomplete, buttons, modals, context menus.

Interactions are built from the command schema the bot synced, the way the Discord client
does: option types come from the schema, a command the member may not see cannot be used,
and the payload carries every field discord.py 2.x reads.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .handles import InteractionHandle
from .models import (
    ADMINISTRATOR,
    Attachment,
    Channel,
    Guild,
    Member,
    Message,
    Role,
    User,
    snowflake,
    walk_components,
)

if TYPE_CHECKING:
    from .server import DiscordDouble

    _Base = DiscordDouble
else:
    _Base = object

log = logging.getLogger(__name__)

SELECTS = (3, 5, 6, 7, 8)


class CommandUnavailable(Exception):
    """Discord would not offer this command to this user here (permissions or context)."""


class InteractionsMixin(_Base):
    """The test-facing ``invoke``/``autocomplete``/``click``/``submit_modal``/``context_menu``."""

    async def invoke(
        self,
        command: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: Member | User,
        guild: Guild | None = None,
        channel: Channel | None = None,
        attachments: Mapping[str, Attachment] | None = None,
        locale: str = "en-US",
        check_permissions: bool = True,
    ) -> InteractionHandle:
        """Run a slash command (``"article add"`` for a subcommand) as ``user``.

        Option values are plain Python values, or double objects for user/member, channel,
        role and attachment options. A ``Member`` implies its guild; a ``User`` means a DM.
        """
        guild, channel, who = self._where(user, guild, channel)
        cmd, chain, schema = self._command_path(command, guild, who, check_permissions)
        resolved: dict[str, dict[str, Any]] = {}
        values = {**(options or {}), **(attachments or {})}
        built = self._options(schema, values, resolved, guild, partial=False)
        for sub in reversed(chain):
            built = [{"type": sub["type"], "name": sub["name"], "options": built}]
        data = self._command_data(cmd, built, resolved)
        return await self._send_interaction(2, data, who, guild, channel, locale=locale)

    async def autocomplete(
        self,
        command: str,
        option: str,
        value: str,
        options: Mapping[str, Any] | None = None,
        *,
        user: Member | User,
        guild: Guild | None = None,
        channel: Channel | None = None,
        timeout: float = 5.0,
    ) -> list[dict[str, Any]]:
        """Type ``value`` into ``option`` and return the choices the bot suggests."""
        guild, channel, who = self._where(user, guild, channel)
        cmd, chain, schema = self._command_path(command, guild, who, True)
        target = next((o for o in schema if o["name"] == option), None)
        if target is None or not target.get("autocomplete"):
            raise CommandUnavailable(f"option {option!r} of {command!r} has no autocomplete")
        resolved: dict[str, dict[str, Any]] = {}
        built = self._options(schema, dict(options or {}), resolved, guild, partial=True)
        focused = {"type": target["type"], "name": option, "value": value, "focused": True}
        order = [o["name"] for o in schema]
        built = sorted([*built, focused], key=lambda o: order.index(o["name"]))
        for sub in reversed(chain):
            built = [{"type": sub["type"], "name": sub["name"], "options": built}]
        handle = await self._send_interaction(
            4, self._command_data(cmd, built, resolved), who, guild, channel
        )
        callback = await handle.wait_response(timeout)
        assert handle.choices is not None, f"expected an autocomplete result, got {callback}"
        return handle.choices

    async def context_menu(
        self,
        name: str,
        *,
        user: Member | User,
        message: Message | None = None,
        target: Member | User | None = None,
        guild: Guild | None = None,
        channel: Channel | None = None,
        check_permissions: bool = True,
    ) -> InteractionHandle:
        """Use a message context menu on ``message`` (or a user context menu on ``target``)."""
        if (message is None) == (target is None):
            raise ValueError("give exactly one of message= or target=")
        if message is not None and channel is None:
            channel = self.channel(message.channel_id)
        guild, channel, who = self._where(user, guild, channel)
        kind = 3 if message is not None else 2
        cmd = self._find_command(name, kind, guild)
        if check_permissions:
            self._check_visible(cmd, who, guild)
        resolved: dict[str, dict[str, Any]] = {}
        if message is not None:
            resolved["messages"] = {str(message.id): message.payload()}
            target_id = message.id
        else:
            assert target is not None
            target_id = target.id
            self._resolve_user(target, resolved, guild)
        data = self._command_data(cmd, None, resolved)
        data["target_id"] = str(target_id)
        return await self._send_interaction(2, data, who, guild, channel)

    async def click(
        self,
        target: InteractionHandle | Message,
        custom_id: str,
        *,
        user: Member | User | None = None,
        values: list[str] | None = None,
    ) -> InteractionHandle:
        """Click a button (or pick ``values`` in a select) on a message the bot sent."""
        candidates = target.messages() if isinstance(target, InteractionHandle) else [target]
        if isinstance(target, InteractionHandle) and target.target_message is not None:
            candidates.append(target.target_message)
        msg = next((m for m in candidates if not m.deleted and custom_id in m.custom_ids()), None)
        if msg is None:
            seen = [cid for m in candidates for cid in m.custom_ids()]
            raise LookupError(f"no component {custom_id!r}; the messages have {seen}")
        comp = next(c for c in walk_components(msg.components) if c.get("custom_id") == custom_id)
        if comp.get("disabled"):
            raise CommandUnavailable(f"component {custom_id!r} is disabled")
        guild = self.guild(msg.guild_id) if msg.guild_id else None
        if user is None:
            if not isinstance(target, InteractionHandle):
                raise ValueError("user= is required when clicking on a Message")
            user = (guild.member(target.user.id) if guild else None) or target.user
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
        if comp["type"] in SELECTS:
            data["values"] = list(values or [])
            allowed = {o["value"] for o in comp.get("options", [])}
            if comp["type"] == 3 and not set(data["values"]) <= allowed:
                raise ValueError(
                    f"values {values} not among the select's options {sorted(allowed)}"
                )
        guild, channel, who = self._where(user, guild, self.channel(msg.channel_id))
        return await self._send_interaction(3, data, who, guild, channel, message=msg)

    async def submit_modal(
        self,
        handle: InteractionHandle,
        values: Mapping[str, Any],
        *,
        user: Member | User | None = None,
    ) -> InteractionHandle:
        """Fill in and submit the modal the bot showed in ``handle``'s callback (type 9)."""
        await handle.wait_response()
        modal = handle.modal
        if modal is None:
            raise ValueError(f"{handle!r} did not answer with a modal")
        fields = {c["custom_id"] for c in walk_components(modal["components"]) if "custom_id" in c}
        if unknown := set(values) - fields:
            raise KeyError(f"the modal has no fields {sorted(unknown)}, only {sorted(fields)}")
        remaining = dict(values)
        components = [_submitted(c, remaining) for c in modal["components"]]
        guild = self.guild(handle.guild_id) if handle.guild_id else None
        who = user or (guild.member(handle.user.id) if guild else None) or handle.user
        guild, channel, who = self._where(who, guild, self.channel(handle.channel_id))
        data = {"custom_id": modal["custom_id"], "components": components}
        return await self._send_interaction(
            5, data, who, guild, channel, message=handle.target_message
        )

    # -- building blocks --------------------------------------------------------------------

    def _where(
        self, user: Member | User, guild: Guild | None, channel: Channel | None
    ) -> tuple[Guild | None, Channel, Member | User]:
        """Resolve (guild, channel, member-or-user): a Member means its guild, a User a DM."""
        if isinstance(user, Member):
            if guild is not None and guild is not user.guild:
                raise ValueError(f"{user.name} is a member of {user.guild.name}, not {guild.name}")
            guild = user.guild
        elif guild is not None:
            member = guild.member(user.id)
            if member is None:
                raise ValueError(f"{user.name} is not a member of {guild.name}")
            user = member
        if guild is None:
            return None, channel or self.dm_channel(user), user
        if channel is None:
            channel = next((c for c in guild.channels if c.type == 0), None)
            if channel is None:
                raise ValueError(f"guild {guild.name} has no text channel; add_channel() first")
        if channel.guild is not guild:
            raise ValueError(f"channel {channel.name} is not in {guild.name}")
        return guild, channel, user

    def _find_command(self, name: str, kind: int, guild: Guild | None) -> dict[str, Any]:
        scopes = ([guild.id] if guild else []) + [None]
        for scope in scopes:
            for cmd in self.app_commands.get(scope, []):
                if cmd["name"] == name and cmd["type"] == kind:
                    return cmd
        synced = {scope: [c["name"] for c in cmds] for scope, cmds in self.app_commands.items()}
        raise CommandUnavailable(f"no synced command {name!r} (type {kind}) here; synced: {synced}")

    def _check_visible(self, cmd: dict[str, Any], who: Member | User, guild: Guild | None) -> None:
        contexts = cmd.get("contexts")
        context = 0 if guild else 1
        if (contexts is not None and context not in contexts) or (
            guild is None and cmd.get("dm_permission") is False
        ):
            raise CommandUnavailable(f"/{cmd['name']} is not available in this context ({context})")
        required = cmd.get("default_member_permissions")
        if guild is not None and required is not None and isinstance(who, Member):
            needed, perms = int(required), who.permissions
            if not perms & ADMINISTRATOR and (needed == 0 or perms & needed != needed):
                raise CommandUnavailable(
                    f"{who.name} lacks permissions {needed} for /{cmd['name']}"
                )

    def _command_path(
        self, command: str, guild: Guild | None, who: Member | User, check_permissions: bool
    ) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        """The command, its subcommand group/subcommand chain, and the leaf's option schema."""
        name, *path = command.split()
        cmd = self._find_command(name, 1, guild)
        if check_permissions:
            self._check_visible(cmd, who, guild)
        chain: list[dict[str, Any]] = []
        schema = cmd.get("options") or []
        for part in path:
            sub = next((o for o in schema if o["name"] == part and o["type"] in (1, 2)), None)
            if sub is None:
                raise CommandUnavailable(f"/{command}: no subcommand {part!r}")
            chain.append(sub)
            schema = sub.get("options") or []
        if any(o["type"] in (1, 2) for o in schema):
            raise CommandUnavailable(
                f"/{command} needs a subcommand: {[o['name'] for o in schema]}"
            )
        return cmd, chain, schema

    def _command_data(
        self, cmd: dict[str, Any], options: list[dict[str, Any]] | None, resolved: dict[str, Any]
    ) -> dict[str, Any]:
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": cmd["type"]}
        if options is not None:
            data["options"] = options
        if resolved:
            data["resolved"] = resolved
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        return data

    def _options(
        self,
        schema: list[dict[str, Any]],
        values: dict[str, Any],
        resolved: dict[str, dict[str, Any]],
        guild: Guild | None,
        *,
        partial: bool,
    ) -> list[dict[str, Any]]:
        unknown = set(values) - {o["name"] for o in schema}
        if unknown:
            raise KeyError(
                f"unknown options {sorted(unknown)}; schema has {[o['name'] for o in schema]}"
            )
        built = []
        for opt in schema:
            if opt["name"] not in values:
                if opt.get("required") and not partial:
                    raise ValueError(f"required option {opt['name']!r} missing")
                continue
            value = self._option_value(opt, values[opt["name"]], resolved, guild)
            built.append({"type": opt["type"], "name": opt["name"], "value": value})
        return built

    def _option_value(
        self, opt: dict[str, Any], value: Any, resolved: dict[str, Any], guild: Guild | None
    ) -> Any:
        kind, name = opt["type"], opt["name"]
        wrong = ValueError(f"option {name!r} (type {kind}) cannot take {value!r}")
        if kind in (3, 4, 10):
            if kind == 3 and not isinstance(value, str):
                raise wrong
            if kind in (4, 10) and (isinstance(value, bool) or not isinstance(value, int | float)):
                raise wrong
            if kind == 4 and value != int(value):
                raise wrong
            value = int(value) if kind == 4 else float(value) if kind == 10 else value
            choices = [c["value"] for c in opt.get("choices") or []]
            if choices and value not in choices:
                raise ValueError(f"option {name!r}: {value!r} is not one of the choices {choices}")
            measure = len(value) if kind == 3 else value
            low = opt.get("min_length" if kind == 3 else "min_value")
            high = opt.get("max_length" if kind == 3 else "max_value")
            if (low is not None and measure < low) or (high is not None and measure > high):
                raise ValueError(f"option {name!r}: {value!r} is outside [{low}, {high}]")
            return value
        if kind == 5:
            if not isinstance(value, bool):
                raise wrong
            return value
        if kind in (6, 9) and isinstance(value, Member | User):
            self._resolve_user(value, resolved, guild)
            return str(value.id)
        if kind in (8, 9) and isinstance(value, Role):
            resolved.setdefault("roles", {})[str(value.id)] = value.payload()
            return str(value.id)
        if kind == 7 and isinstance(value, Channel):
            resolved.setdefault("channels", {})[str(value.id)] = {
                **value.payload(),
                "permissions": str(1 << 10),
            }
            return str(value.id)
        if kind == 11 and isinstance(value, Attachment):
            resolved.setdefault("attachments", {})[str(value.id)] = value.payload()
            return str(value.id)
        raise wrong

    @staticmethod
    def _resolve_user(target: Member | User, resolved: dict[str, Any], guild: Guild | None) -> None:
        user = target.user if isinstance(target, Member) else target
        resolved.setdefault("users", {})[str(user.id)] = user.payload()
        member = (
            target if isinstance(target, Member) else (guild.member(user.id) if guild else None)
        )
        if member is not None:
            resolved.setdefault("members", {})[str(user.id)] = member.payload(
                with_user=False, with_permissions=True
            )

    def _interaction_payload(
        self,
        kind: int,
        data: dict[str, Any],
        who: Member | User,
        guild: Guild | None,
        channel: Channel,
        *,
        message: Message | None,
        locale: str,
    ) -> dict[str, Any]:
        iid = snowflake()
        user = who.user if isinstance(who, Member) else who
        perms = who.permissions if isinstance(who, Member) else 0
        bot_member = guild.member(self.bot_user.id) if guild else None
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": kind,
            "data": data,
            "token": f"itk.{iid}.{secrets.token_urlsafe(24)}",
            "version": 1,
            "channel_id": str(channel.id),
            "channel": {**channel.payload(), "permissions": str(perms)},
            "locale": locale,
            "app_permissions": str(bot_member.permissions if bot_member else 0),
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": self.attachment_size_limit,
            "authorizing_integration_owners": {"0": str(guild.id) if guild else "0"},
            "context": 0 if guild else 1,
        }
        if guild is not None:
            assert isinstance(who, Member)
            payload["guild_id"] = str(guild.id)
            payload["guild"] = {"id": str(guild.id), "locale": guild.locale, "features": []}
            payload["guild_locale"] = guild.locale
            payload["member"] = who.payload(with_permissions=True)
        else:
            payload["user"] = user.payload()
        if message is not None:
            payload["message"] = message.payload()
        return payload

    async def _send_interaction(
        self,
        kind: int,
        data: dict[str, Any],
        who: Member | User,
        guild: Guild | None,
        channel: Channel,
        *,
        message: Message | None = None,
        locale: str = "en-US",
    ) -> InteractionHandle:
        session = self._session_for(guild.id if guild else None)
        assert session is not None
        payload = self._interaction_payload(
            kind, data, who, guild, channel, message=message, locale=locale
        )
        user = who.user if isinstance(who, Member) else who
        handle = InteractionHandle(self, payload, user=user, target_message=message)
        self.interactions[handle.id] = handle
        self.tokens[handle.token] = handle
        session.dispatch("INTERACTION_CREATE", payload)
        self._notify()
        await asyncio.sleep(0)
        return handle


def _submitted(component: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """What the Discord client submits for one modal component, consuming ``values``."""
    kind = component["type"]
    out: dict[str, Any] = {"type": kind}
    if component.get("id") is not None:
        out["id"] = component["id"]
    if kind == 1:
        out["components"] = [_submitted(c, values) for c in component["components"]]
    elif kind == 18:
        out["component"] = _submitted(component["component"], values)
    elif kind == 4:
        custom_id = component["custom_id"]
        value = str(values.pop(custom_id, component.get("value") or ""))
        if component.get("required", True) and not value:
            raise ValueError(f"text input {custom_id!r} is required")
        low, high = component.get("min_length"), component.get("max_length")
        if value and (
            (low is not None and len(value) < low) or (high is not None and len(value) > high)
        ):
            raise ValueError(
                f"text input {custom_id!r}: length {len(value)} outside [{low}, {high}]"
            )
        out.update(custom_id=custom_id, value=value)
    elif kind in SELECTS:
        out.update(
            custom_id=component["custom_id"], values=list(values.pop(component["custom_id"], []))
        )
    elif kind != 10:  # 10 = text display, submitted as-is
        raise NotImplementedError(f"modal component type {kind} is not modelled by the double")
    return out
