"""Shared fixtures. The Discord double's live in tests/discord_double/fixtures.py."""

from discord_double.fixtures import bot_process, discord_double, network_guard

__all__ = ["bot_process", "discord_double", "network_guard"]
