"""The Discord client: loads the feature extensions, syncs commands, routes errors."""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from ..config import Settings
from ..engine.desk import FactDesk
from .checks import UserRateLimiter
from .embeds import NO_PINGS, FeedbackButton, SuggestionButton
from .errors import FactDeskTree

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.chat.exts.reader", "bot.chat.exts.listener")
COMMAND_HASH_FILE = "commands.sha256"


class FactDeskBot(commands.Bot):
    """A thin layer: every answer comes from `self.desk`, the Discord-free engine."""

    def __init__(self, settings: Settings, desk: FactDesk, *, sync_on_start: bool = True, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.message_content = bool(settings.answer_channel_ids)  # privileged: only when needed
        intents.members = False
        intents.presences = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=NO_PINGS,
            tree_cls=FactDeskTree,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.desk = desk
        self.sync_on_start = sync_on_start
        self.limiter = UserRateLimiter(settings.cooldown_rate, settings.cooldown_per_seconds)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(SuggestionButton, FeedbackButton)
        if self.sync_on_start:
            await self.sync_commands(force=False)

    async def sync_commands(self, *, force: bool) -> list[app_commands.AppCommand]:
        """Sync to the dev guild at once; globally only when the definitions changed (or forced)."""
        if self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild.id)
            return synced
        digest = self.command_digest()
        marker = self.settings.data_dir / COMMAND_HASH_FILE
        if not force and marker.is_file() and marker.read_text().strip() == digest:
            log.info("global commands unchanged; not syncing (run `python -m bot sync` to force)")
            return []
        synced = await self.tree.sync()
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(digest + "\n")
        log.info("synced %d global commands", len(synced))
        return synced

    def command_digest(self) -> str:
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands()]
        payload.sort(key=lambda c: (c.get("type", 1), c["name"]))
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
