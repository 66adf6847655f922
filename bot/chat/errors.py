"""The one error path of the Discord layer: the command tree, views, modals, persistent
buttons and the chat listener all end in `report`, which handles errors in this order:

1. errors a user can fix (FactDesk's own errors, failed checks, bad option values):
   a message that says what to do (ephemeral for an interaction);
2. anything else: a short apology, and the traceback in the log.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord import app_commands

from ..engine.errors import FactDeskError
from .replies import send_ephemeral

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong on my side while answering. It has been logged; please try again later."


def user_message(error: Exception) -> str | None:
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


async def report(error: Exception, where: str, send: Callable[[str], Awaitable[Any]], *, prefix: str = "") -> None:
    """Tell the user what went wrong through `send`; log the traceback of an unexpected error."""
    message = user_message(error)
    if message is None:
        log.error("unexpected error in %s", where, exc_info=error)
        message = APOLOGY
    else:
        message = prefix + message
    try:
        await send(message)
    except discord.HTTPException:
        log.warning("could not tell the user about an error", exc_info=True)


async def report_to(interaction: discord.Interaction[Any], error: Exception, where: str, *, prefix: str = "") -> None:
    await report(error, where, lambda message: send_ephemeral(interaction, message), prefix=prefix)


async def guarded(interaction: discord.Interaction[Any], where: str, action: Awaitable[None]) -> None:
    """Run a persistent button's work through the error path: discord.py only logs what a
    dynamic item's callback raises, and the user would see "This interaction failed"."""
    try:
        await action
    except Exception as error:
        await report_to(interaction, error, where)


class FactDeskTree(app_commands.CommandTree[Any]):
    """The command tree with the central error handler (subclassed, not monkey-patched)."""

    async def on_error(self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError) -> None:
        command = interaction.command.qualified_name if interaction.command else "?"
        await report_to(interaction, error, f"/{command}")


class FactDeskView(discord.ui.View):
    """A view whose callbacks' errors take the one error path."""

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception, item: Any, /) -> None:
        await report_to(interaction, error, f"{type(self).__name__} ({getattr(item, 'label', item)!s})")


class FactDeskModal(discord.ui.Modal):
    """A modal whose submit errors take the one error path; `expected_prefix` leads an
    expected error's message (a form: "Nothing was changed.")."""

    expected_prefix = ""

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception, /) -> None:
        await report_to(interaction, error, f"the form {self.title!r}", prefix=self.expected_prefix)
