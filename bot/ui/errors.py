"""The one way an error reaches a Discord user: a short ephemeral message (and, for a failure
on our side, one log line with the traceback and an id the user can quote).

Used by the command tree's error handler (`bot/client.py`), and by views and modals, whose
errors discord.py does not route through the tree.
"""

from __future__ import annotations

import logging
import secrets

import discord
from discord import app_commands

from bot import limits
from bot.engine.text.sentences import truncate
from bot.errors import UserFacingError

log = logging.getLogger(__name__)


def error_message(error: Exception) -> tuple[str, bool]:
    """(the text for the user, whether it is an unexpected failure worth a traceback)."""
    cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(cause, app_commands.TransformerError) and isinstance(
        cause.__cause__, UserFacingError
    ):
        cause = cause.__cause__
    if isinstance(cause, UserFacingError):
        return str(cause), False
    if isinstance(cause, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {cause.retry_after:.0f} s.", False
    if isinstance(cause, app_commands.MissingPermissions):
        return "Only members with the Manage Server permission can do that.", False
    if isinstance(cause, app_commands.BotMissingPermissions):
        missing = ", ".join(cause.missing_permissions).replace("_", " ")
        return f"I need these permissions in this channel: {missing}.", False
    if isinstance(cause, app_commands.CheckFailure):
        return str(cause) or "You cannot use this command here.", False
    return "", True


async def reply_error(interaction: discord.Interaction, error: Exception) -> None:
    """One short ephemeral message for the user; one log line with the traceback for us."""
    message, unexpected = error_message(error)
    if unexpected:
        error_id = secrets.token_hex(4)
        cause = getattr(error, "original", error)
        command = (  # a button or a form has no command: say which kind it was
            interaction.command.qualified_name if interaction.command else interaction.type.name
        )
        log.error("error %s in %s", error_id, command, exc_info=cause)
        message = (
            f"Something went wrong on my side (error id `{error_id}`). Please try again later."
        )
    message = truncate(message, limits.MESSAGE_CHARS)  # it may repeat what the user typed
    try:
        if interaction.type is discord.InteractionType.autocomplete:
            return
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error message to the user", exc_info=True)
