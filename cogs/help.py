"""`/help`: what newsbot does and each command in one line."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.ui.embeds import help_embed


def command_lines(tree: app_commands.CommandTree) -> list[tuple[str, str]]:
    """(name, description) for every slash command and subcommand, read from the tree itself
    so /help can never fall out of step with what is registered."""
    lines: list[tuple[str, str]] = []
    for command in sorted(tree.get_commands(), key=lambda c: c.name):
        if isinstance(command, app_commands.Group):
            lines += [
                (c.qualified_name, c.description)
                for c in command.walk_commands()
                if isinstance(c, app_commands.Command)
            ]
        elif isinstance(command, app_commands.Command):
            lines.append((command.name, command.description))
        else:
            lines.append((f"{command.name} (message menu)", "right-click a message > Apps"))
    return lines


class Help(commands.Cog):
    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="What newsbot does and how to use it")
    async def help(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            embed=help_embed(command_lines(self.bot.tree)), ephemeral=True
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Help(bot))
