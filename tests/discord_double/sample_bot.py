"""A throwaway bot that stands in for ``python -m bot`` when testing the subprocess harness.

It follows the same start-up contract as the real bot: read DISCORD_TOKEN, DISCORD_API_BASE,
DISCORD_GATEWAY_URL, NEWSBOT_DATABASE and NEWSBOT_DEV_GUILD, call ``point_discord_at``, and
sync its commands to the dev guild. ``/count`` keeps a counter in the database so a test can
see state survive a SIGKILL and restart.
"""

from __future__ import annotations

import logging
import os
import sqlite3

import discord
from discord import app_commands

from bot.discord_api import point_discord_at

log = logging.getLogger(__name__)


class SampleBot(discord.Client):
    def __init__(self, guild_id: int, database: str) -> None:
        super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05)
        self.tree = app_commands.CommandTree(self)
        self.dev_guild = discord.Object(guild_id)
        self.database = database

        @self.tree.command(description="Answer pong")
        async def ping(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("pong")

        @self.tree.command(description="Count invocations, across restarts")
        async def count(interaction: discord.Interaction) -> None:
            with sqlite3.connect(self.database) as db:
                db.execute("CREATE TABLE IF NOT EXISTS counter (n INTEGER)")
                n = (db.execute("SELECT COALESCE(MAX(n), 0) FROM counter").fetchone()[0]) + 1
                db.execute("INSERT INTO counter VALUES (?)", (n,))
            await interaction.response.send_message(f"count={n}")

    async def setup_hook(self) -> None:
        self.tree.copy_global_to(guild=self.dev_guild)
        await self.tree.sync(guild=self.dev_guild)

    async def on_ready(self) -> None:
        log.info("sample bot ready as %s", self.user)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    point_discord_at(os.environ.get("DISCORD_API_BASE"), os.environ.get("DISCORD_GATEWAY_URL"))
    client = SampleBot(int(os.environ["NEWSBOT_DEV_GUILD"]), os.environ["NEWSBOT_DATABASE"])
    client.run(os.environ["DISCORD_TOKEN"], log_handler=None)


if __name__ == "__main__":
    main()
