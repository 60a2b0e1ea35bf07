"""The end-to-end world: the real `python -m bot` process against the Discord double.

`newsroom` gives two servers (A with an admin and a member, B with its own admin), a channel
in each, and `seed()` to store articles through the real service before the bot starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord

from bot.service import NewsService
from bot.store import open_store

ADMIN = discord.Permissions(manage_guild=True)


@dataclass
class Newsroom:
    double: Any
    process: Any
    guild_a: Any
    guild_b: Any
    channel_a: Any
    channel_b: Any
    admin_a: Any
    member_a: Any
    admin_b: Any
    articles: dict[str, int] = field(default_factory=dict)

    @property
    def database(self) -> str:
        return str(self.process.database)

    async def seed(self, guild, title: str | None, text: str, **meta) -> int:
        """Store an article exactly as the bot would (same service, same database)."""
        store = await open_store(self.database)
        try:
            outcome = await NewsService(store).add_article(guild.id, title, text, **meta)
        finally:
            await store.close()
        return outcome.article.id

    async def invoke(self, command: str, options: dict | None = None, *, user=None, **kw):
        user = user or self.member_a
        guild = kw.pop(
            "guild", self.guild_a if user in (self.admin_a, self.member_a) else self.guild_b
        )
        channel = kw.pop("channel", self.channel_a if guild is self.guild_a else self.channel_b)
        return await self.double.invoke(
            command, options or {}, user=user, guild=guild, channel=channel, **kw
        )

    async def autocomplete(self, command: str, option: str, value: str, *, user=None, **kw):
        user = user or self.member_a
        guild = self.guild_a if user in (self.admin_a, self.member_a) else self.guild_b
        return await self.double.autocomplete(
            command, option, value, kw.pop("options", None), user=user, guild=guild, **kw
        )


async def start(room: Newsroom) -> Newsroom:
    """Start the bot if it is not running; its commands (synced to the development server at
    start-up) are also published globally, as `newsbot sync` would have done."""
    if not room.process.running:
        await room.process.start()
        room.double.app_commands[None] = list(room.double.commands(room.process.dev_guild))
    return room


def button(message, label: str) -> dict:
    """The button with `label` on a message the bot sent."""
    for row in message.components:
        for component in row.get("components", []):
            if component.get("label") == label:
                return component
    raise AssertionError(f"no {label!r} button on the message: {message.components}")


def bullets(embed: dict) -> list[str]:
    """The summary sentences of a /summary embed."""
    return [line.removeprefix("• ") for line in embed["description"].splitlines()]


def modal_fields(modal: dict) -> dict[str, str]:
    """{label: custom_id} of a modal's text inputs (in action rows or label components)."""
    found: dict[str, str] = {}

    def walk(node, label=None):
        if isinstance(node, dict):
            label = node.get("label", label)
            if node.get("type") == 4 and "custom_id" in node:
                found[label] = node["custom_id"]
            for value in node.values():
                walk(value, label)
        elif isinstance(node, list):
            for item in node:
                walk(item, label)

    walk(modal.get("components", []))
    return found


def build_room(double, process) -> Newsroom:
    """New servers, channels and members, so tests sharing a bot never see each other's data."""
    guild_a, guild_b = double.add_guild("Harbour News"), double.add_guild("Other Server")
    return Newsroom(
        double=double,
        process=process,
        guild_a=guild_a,
        guild_b=guild_b,
        channel_a=double.add_channel(guild_a, "news"),
        channel_b=double.add_channel(guild_b, "general"),
        admin_a=double.add_member(guild_a, "ada", permissions=ADMIN),
        member_a=double.add_member(guild_a, "bob"),
        admin_b=double.add_member(guild_b, "eve", permissions=ADMIN),
    )
