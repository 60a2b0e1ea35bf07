"""Every cog loads into a bot that has not logged in; commands are unique and described."""

from collections import Counter

import discord
from discord import app_commands

from bot.client import NewsBot, cog_extensions
from bot.config import Settings


async def loaded_bot() -> NewsBot:
    bot = NewsBot(Settings(token=None, database=":memory:"))
    for extension in cog_extensions():
        await bot.load_extension(extension)
    return bot


def all_commands(bot: NewsBot):
    for command in bot.tree.get_commands():
        yield command
        if isinstance(command, app_commands.Group):
            yield from command.walk_commands()


async def test_every_cog_module_is_found_and_loads():
    bot = await loaded_bot()
    assert {"cogs.summary", "cogs.quotes", "cogs.articles", "cogs.settings", "cogs.help"} <= set(
        cog_extensions()
    )
    assert len(bot.cogs) == len(cog_extensions())


async def test_no_duplicate_command_names():
    bot = await loaded_bot()
    names = Counter(
        (c.qualified_name, type(c).__name__ == "ContextMenu") for c in all_commands(bot)
    )
    assert [n for n, count in names.items() if count > 1] == []


async def test_every_slash_command_and_option_has_a_description():
    bot = await loaded_bot()
    for command in all_commands(bot):
        if isinstance(command, app_commands.ContextMenu):
            continue
        assert command.description and command.description != "…", command.qualified_name
        if isinstance(command, app_commands.Command):
            for parameter in command.parameters:
                assert parameter.description and parameter.description != "…", (
                    f"{command.qualified_name} {parameter.name}"
                )


async def test_contract_command_names_and_options():
    bot = await loaded_bot()
    commands = {
        c.qualified_name: c for c in all_commands(bot) if isinstance(c, app_commands.Command)
    }
    assert [p.name for p in commands["summary"].parameters] == [
        "article",
        "sentences",
        "method",
        "private",
        "words",
        "percent",
    ]
    assert [p.name for p in commands["quote"].parameters] == ["article", "speaker", "search"]
    assert {
        "article add",
        "article list",
        "article show",
        "article search",
        "article remove",
        "help",
    } <= set(commands)
    method = next(p for p in commands["summary"].parameters if p.name == "method")
    assert [c.value for c in method.choices] == [
        "auto",
        "lead",
        "lexrank",
        "textrank",
        "lsa",
        "luhn",
        "edmundson",
        "kl",
        "sumbasic",
        "reduction",
    ]
    menus = [c for c in bot.tree.get_commands(type=discord.AppCommandType.message)]
    assert [m.name for m in menus] == ["Summarize"]
