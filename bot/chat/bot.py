"""The Discord client: loads the feature extensions, syncs commands, routes errors."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import discord
import watchfiles
from discord import app_commands
from discord.ext import commands

from ..config import Settings
from ..engine.answers import Answer, Engine
from ..engine.article_text import TEXT_SUFFIX
from ..engine.desk import FactDesk
from ..engine.errors import FactBaseError
from ..engine.followup import Conversations
from ..engine.loader import article_files
from ..engine.store import COMMAND_HASH
from .checks import AUTOCOMPLETE_FACTOR, UserRateLimiter
from .embeds import NO_PINGS, FeedbackButton, SuggestionButton
from .errors import FactDeskTree

log = logging.getLogger(__name__)

EXTENSIONS = ("bot.chat.exts.reader", "bot.chat.exts.listener", "bot.chat.exts.moderation")
SHUTDOWN_WAIT_S = 5.0  # how long a stop waits for bookkeeping after the last replies
# Below this many facts an answer takes well under a millisecond: no worker thread needed.
INLINE_FACT_LIMIT = 2_000
WATCH_RETRY_S = 1.0  # how soon the watcher watches again after an error of its own
T = TypeVar("T")


def knowledge_fingerprint(directory: Path) -> dict[str, str]:
    """The sha256 of every article file and every article's text: what a reload would read."""
    files = [*article_files(directory), *sorted(directory.glob(f"*{TEXT_SUFFIX}"))]
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


class FactDeskBot(commands.Bot):
    """A thin layer: every answer comes from `self.desk`, the Discord-free engine."""

    def __init__(
        self,
        settings: Settings,
        desk: FactDesk,
        *,
        sync_on_start: bool = True,
        watch_knowledge: bool = True,
        **options: Any,
    ) -> None:
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
        # Questions, commands and buttons share one bucket per user; autocomplete has its own.
        self.limiter = UserRateLimiter(settings.cooldown_rate, settings.cooldown_per_seconds)
        self.autocomplete_limiter = UserRateLimiter(
            settings.cooldown_rate * AUTOCOMPLETE_FACTOR, settings.cooldown_per_seconds
        )
        # Each reader's last answer per conversation (channel or thread, DM), and the answer
        # behind each reply the bot sent: a follow-up or a Discord reply is read against it.
        self.conversations = Conversations(ttl=settings.followup_seconds)
        self.answers_sent = Conversations(ttl=settings.followup_seconds)
        self._watcher: asyncio.Task[None] | None = None
        self.watch_knowledge = watch_knowledge
        # Bookkeeping still running after a reply was sent (the missed-questions log), which a
        # shutdown waits for, so the last questions before a stop are not lost mid-write.
        self._after_answers = 0
        self._after_answers_done = asyncio.Event()
        self._after_answers_done.set()
        # The files as the serving engine read them: an edit reloads once, and the watcher,
        # seeing the file the edit wrote, finds nothing new (read before loading, so a change
        # made during a load is reloaded later rather than missed).
        self._reload_lock = threading.Lock()
        self._loaded_files = knowledge_fingerprint(desk.knowledge_dir)

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(SuggestionButton, FeedbackButton)
        if self.sync_on_start:
            await self.sync_commands(force=False)
        if self.watch_knowledge:
            self._watcher = asyncio.create_task(self._watch(), name="factdesk-knowledge-watcher")

    async def close(self) -> None:
        if self._watcher is not None:
            self._watcher.cancel()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._after_answers_done.wait(), SHUTDOWN_WAIT_S)
        await super().close()

    async def _watch(self) -> None:
        """Reload on hand edits; an invalid file keeps the last good fact base serving.

        Nothing stops the watching but the bot's own shutdown: an unexpected error while
        reloading, or in the watching itself, is logged with its traceback and watching goes on
        (a watcher that died quietly would leave hot reload off until the next restart)."""
        directory = self.settings.knowledge_dir
        while True:
            try:
                async for changes in watchfiles.awatch(directory, debounce=300, recursive=False):
                    if any(path.endswith((".yaml", ".yml", TEXT_SUFFIX)) for _, path in changes):
                        await self._reload_after_change(directory)
            except Exception:
                log.exception("the fact base watcher failed; watching %s again in %s s", directory, WATCH_RETRY_S)
                await asyncio.sleep(WATCH_RETRY_S)

    async def _reload_after_change(self, directory: Path) -> None:
        try:
            # An edit from Discord has reloaded already: only a change not yet loaded counts.
            if await asyncio.to_thread(self.reload_knowledge):
                log.info("fact base reloaded after a change to %s", directory)
        except FactBaseError:
            pass  # logged by the desk with every problem; /kb reload shows them
        except Exception:
            log.exception(
                "reloading the fact base after a change to %s failed; still serving the last good one", directory
            )

    def reload_knowledge(self, *, only_if_changed: bool = True) -> bool:
        """Reload the fact base (blocking: run it in a thread); with `only_if_changed`, not when
        the files are as last loaded. True when it reloaded; FactBaseError as `desk.reload`."""
        with self._reload_lock:
            files = knowledge_fingerprint(self.desk.knowledge_dir)
            if only_if_changed and files == self._loaded_files:
                return False
            self.desk.reload()
            self._loaded_files = files
            return True

    async def consult(self, call: Callable[[Engine], T]) -> T:
        """Run an engine call; off the event loop when the fact base is big enough to take
        more than a few milliseconds (an archive), inline when it is small (no thread hop)."""
        engine = self.desk.engine
        if engine.fact_count > INLINE_FACT_LIMIT:
            return await asyncio.to_thread(call, engine)
        return call(engine)

    async def after_answer(self, answer: Answer) -> None:
        """Log a missed question; the first time, dispatch `missed_question` for the moderators."""
        self._after_answers += 1
        self._after_answers_done.clear()
        try:
            if await asyncio.to_thread(self.desk.record_answer, answer):
                # Whoever handles missed questions listens (the moderation extension posts them).
                self.dispatch("missed_question", answer.question, answer.suggestion_ids)
        finally:
            self._after_answers -= 1
            if not self._after_answers:
                self._after_answers_done.set()

    async def on_message(self, message: discord.Message, /) -> None:
        """Chat is answered by the listener extension; there are no prefix commands to parse.

        `commands.Bot.on_message` would treat every "@FactDesk how many ..." as the prefix
        command "how", and log CommandNotFound as an error for every mention question.
        """

    async def sync_commands(self, *, force: bool) -> list[app_commands.AppCommand]:
        """Sync to the dev guild at once; globally only when the definitions changed (or forced)."""
        if self.settings.dev_guild_id:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to guild %s", len(synced), guild.id)
            return synced
        digest = self.command_digest()
        if not force and await asyncio.to_thread(self.desk.store.get_value, COMMAND_HASH) == digest:
            log.info("global commands unchanged; not syncing (run `python -m bot sync` to force)")
            return []
        synced = await self.tree.sync()
        await asyncio.to_thread(self.desk.store.set_value, COMMAND_HASH, digest)
        log.info("synced %d global commands", len(synced))
        return synced

    async def clear_guild_commands(self, guild_id: int) -> None:
        """Remove the commands synced to one guild (the former DEV_GUILD_ID, going public):
        otherwise that guild shows each command twice, its own copy beside the global one."""
        guild = discord.Object(id=guild_id)
        self.tree.clear_commands(guild=guild)
        await self.tree.sync(guild=guild)
        log.info("cleared the commands synced to guild %s", guild_id)

    def command_digest(self) -> str:
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands()]
        payload.sort(key=lambda c: (c.get("type", 1), c["name"]))
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


class ShardedFactDeskBot(FactDeskBot, commands.AutoShardedBot):
    """The same bot over several gateway shards (SHARD_COUNT, and SHARD_IDS to split the
    shards across processes or hosts); every process answers from its own engine."""


def make_bot(settings: Settings, desk: FactDesk, **options: Any) -> FactDeskBot:
    """The plain bot, or the sharded one when SHARD_COUNT is set."""
    if settings.shard_count is None:
        return FactDeskBot(settings, desk, **options)
    shard_ids = settings.shard_ids or None
    return ShardedFactDeskBot(settings, desk, shard_count=settings.shard_count, shard_ids=shard_ids, **options)
