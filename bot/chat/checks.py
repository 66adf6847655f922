"""Checks shared by commands, buttons and chat: the per-user cooldowns (one bucket for
questions, commands and buttons; a more generous one for autocomplete) and the moderator check."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from .replies import send_ephemeral

if TYPE_CHECKING:
    from ..config import Settings

# Autocomplete fires on every keystroke: this many times the question rate, in its own bucket.
AUTOCOMPLETE_FACTOR = 6


def cooldown_message(retry_after: float) -> str:
    """Rounded up, so it never says 'try again in 0 s'."""
    return f"You're asking quickly; try again in {max(1, math.ceil(retry_after))} s."


class QuestionCooldown(app_commands.CheckFailure):
    """A user asked too often; `retry_after` seconds until the next question is allowed."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(cooldown_message(retry_after))


class UserRateLimiter:
    """At most `rate` questions per `per` seconds for each user (commands and chat alike)."""

    def __init__(self, rate: int, per: float) -> None:
        self.rate = rate
        self.per = per
        self._buckets: dict[int, app_commands.Cooldown] = {}

    def hit(self, user_id: int) -> float | None:
        """Count one question; the seconds to wait if it is over the limit, else None."""
        now = time.monotonic()
        if len(self._buckets) > 10_000:  # forget idle users so memory stays bounded
            self._buckets = {k: v for k, v in self._buckets.items() if v.get_tokens(now) < self.rate}
        bucket = self._buckets.setdefault(user_id, app_commands.Cooldown(self.rate, self.per))
        return bucket.update_rate_limit(now)

    def check(self, user_id: int) -> None:
        retry_after = self.hit(user_id)
        if retry_after is not None:
            raise QuestionCooldown(retry_after)


async def refused_for_rate(interaction: discord.Interaction[Any]) -> bool:
    """Count a button press against the user's limit; over it, answer with the cooldown
    notice (ephemeral) and return True: the caller does nothing more."""
    retry_after = interaction.client.limiter.hit(interaction.user.id)
    if retry_after is None:
        return False
    await send_ephemeral(interaction, cooldown_message(retry_after))
    return True


def autocomplete_allowed(interaction: discord.Interaction[Any]) -> bool:
    """Count one autocomplete request; False over the (generous) limit: offer no choices then."""
    return interaction.client.autocomplete_limiter.hit(interaction.user.id) is None


def moderator_refusal(interaction: discord.Interaction[Any], settings: Settings) -> str | None:
    """Why this user may not change the fact base, or None when they may.

    A moderator has Manage Server (or Administrator) or one of MODERATOR_ROLE_IDS, in a
    guild listed in MODERATION_GUILD_IDS (default: DEV_GUILD_ID). The fact base is shared
    by every guild, so a moderator of another guild is refused.
    """
    guild_id = interaction.guild_id
    if guild_id is None:
        return "Moderation commands only work in the newsroom's server, not in DMs."
    if guild_id not in settings.moderation_guilds:
        return "The fact base can only be changed from the newsroom's moderation server."
    member = interaction.user
    if getattr(member, "id", None) is None:  # a guild interaction without its member data
        return "I couldn't tell who you are in this server; please try again."
    permissions = interaction.permissions
    if permissions.manage_guild or permissions.administrator:
        return None
    roles = {role.id for role in getattr(member, "roles", [])}
    if roles & set(settings.moderator_role_ids):
        return None
    return "Only moderators (Manage Server permission or a moderator role) can change the fact base."


class NotModerator(app_commands.CheckFailure):
    """Raised by the command check; the central handler shows the message ephemerally."""


def moderators_only(interaction: discord.Interaction[Any]) -> bool:
    refusal = moderator_refusal(interaction, interaction.client.settings)
    if refusal is not None:
        raise NotModerator(refusal)
    return True
