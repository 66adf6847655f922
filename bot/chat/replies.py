"""The one way FactDesk answers an interaction privately: ephemeral, clipped, pinging no one."""

from __future__ import annotations

from typing import Any

import discord

from ..engine.render import clip

NO_PINGS = discord.AllowedMentions.none()
MESSAGE_LIMIT = 2000


async def send_ephemeral(interaction: discord.Interaction[Any], content: str, **kwargs: Any) -> None:
    """Answer once: the response if it is still open, else a followup."""
    content = clip(content, MESSAGE_LIMIT)
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_PINGS, **kwargs)
    else:
        await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_PINGS, **kwargs)
