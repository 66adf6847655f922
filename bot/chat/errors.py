"""One central error handler for every app command, in this order:

1. errors a user can fix (FactDesk's own errors, failed checks, bad option values):
   an ephemeral message that says what to do;
2. anything else: a short ephemeral apology, and the traceback in the log.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from ..engine.errors import FactDeskError

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side while answering. It has been logged; please try again later."


def user_message(error: app_commands.AppCommandError) -> str | None:
    """The message for an expected error, or None when the error is unexpected."""
    original = getattr(error, "original", error)
    if isinstance(original, FactDeskError):
        return str(original)
    if isinstance(error, app_commands.CheckFailure):
        if isinstance(error, app_commands.MissingPermissions | app_commands.MissingAnyRole | app_commands.MissingRole):
            return "You don't have permission to use this command."
        if isinstance(error, app_commands.NoPrivateMessage):
            return "This command only works in a server."
        return str(error) or "You can't use this command here."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand the value {error.value!r}; please pick one of the suggestions."
    return None


async def send_ephemeral(interaction: discord.Interaction[Any], content: str) -> None:
    """Answer once: the response if it is still open, else a followup."""
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=True, allowed_mentions=discord.AllowedMentions.none())
    else:
        await interaction.response.send_message(
            content, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
        )


async def apologise_for_unexpected(interaction: discord.Interaction[Any], where: str) -> None:
    """For handlers outside the command tree (persistent buttons), inside an `except` block.

    discord.py only logs what a dynamic item's callback raises, so the reader would see
    "This interaction failed": log the traceback here and apologise, as `on_error` does.
    """
    log.exception("unexpected error in %s", where)
    try:
        await send_ephemeral(interaction, APOLOGY)
    except discord.HTTPException:
        log.warning("could not tell the user about an error", exc_info=True)


class FactDeskTree(app_commands.CommandTree[Any]):
    """The command tree with the central error handler (subclassed, not monkey-patched)."""

    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        message = user_message(error)
        if message is None:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("unexpected error in /%s", command, exc_info=error)
            message = APOLOGY
        try:
            await send_ephemeral(interaction, message)
        except discord.HTTPException:
            log.warning("could not tell the user about an error", exc_info=True)
