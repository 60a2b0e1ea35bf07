"""A loopback double of Discord's HTTP API v10 and gateway for the unmodified discord.py client.

See README.md in this directory. Typical use::

    double = DiscordDouble(); await double.start()
    guild = double.add_guild("News"); channel = double.add_channel(guild, "general")
    admin = double.add_member(guild, "ada", permissions=discord.Permissions(manage_guild=True))
    async with run_bot(double, bot, sync_guild=guild):
        handle = await double.invoke("summary", {"sentences": 3}, user=admin)
        message = await handle.wait_final()
"""

from .fixtures import BotProcess, discord_pointed_at, run_bot
from .handles import Callback, Event, InteractionHandle
from .interactions import CommandUnavailable
from .models import Attachment, Channel, Guild, Member, Message, Role, User
from .netguard import NetworkGuard
from .rest import ApiError
from .server import DiscordDouble, DoubleUsageError, RecordedRequest

__all__ = [
    "ApiError",
    "Attachment",
    "BotProcess",
    "Callback",
    "Channel",
    "CommandUnavailable",
    "DiscordDouble",
    "DoubleUsageError",
    "Event",
    "Guild",
    "InteractionHandle",
    "Member",
    "Message",
    "NetworkGuard",
    "RecordedRequest",
    "Role",
    "User",
    "discord_pointed_at",
    "run_bot",
]
