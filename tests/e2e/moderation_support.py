"""Helpers for the moderation end-to-end tests: FactDesk's real bot on a copy of the fact
base, driven through the fake Discord by a moderator, a reader, or a moderator of another guild.

``start_moderation(fake, tmp_path, **settings)`` yields a ``ModerationWorld``: the bot, the
fake, the copied knowledge and data directories, and shortcuts for commands, modals, buttons
and attachments. Uploaded attachments are served by ``AttachmentServer`` (a stand-in for
Discord's CDN on 127.0.0.1), because the fake serves the API only.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import shutil
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from aiohttp import web

from bot.chat.bot import FactDeskBot
from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.engine.desk import FactDesk
from bot.engine.editing import dump_article, write_atomically
from bot.engine.store import AuditRow
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle, MessageFlag, run_client

ARTICLE = "doj-sanctuary-letters.yaml"
OTHER_GUILD_ID = "1300000000000000999"
MODERATION_GROUPS = ("fact", "quote", "person", "kb")
# discord.py's names for the tasks that handle one interaction each.
_INTERACTION_TASKS = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch-",
    "discord-ui-modal-dispatch-",
    "discord-ui-dynamic-item-",
)


class _ExplicitSettings(Settings):
    """Settings from keyword arguments only: no developer's .env or environment leaks in."""

    @classmethod
    def settings_customise_sources(cls, settings_cls: Any, init_settings: Any, *sources: Any, **named: Any) -> Any:
        return (init_settings,)


class AttachmentServer:
    """Serves uploaded files at http://127.0.0.1:PORT/attachments/ID/NAME, as Discord's CDN would."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self._ids = itertools.count(1400000000000000001)
        self._runner: web.AppRunner | None = None
        self.base = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/attachments/{id}/{name}", self._get)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base = f"http://127.0.0.1:{port}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _get(self, request: web.Request) -> web.Response:
        data = self.files.get(request.match_info["id"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    def attachment(self, name: str, data: bytes) -> dict[str, Any]:
        """An attachment payload (for ``resolved.attachments``) whose URL serves ``data``."""
        attachment_id = str(next(self._ids))
        self.files[attachment_id] = data
        url = f"{self.base}/attachments/{attachment_id}/{name}"
        return {
            "id": attachment_id,
            "filename": name,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": "application/x-yaml; charset=utf-8",
            "ephemeral": True,
        }


@dataclass
class ModerationWorld:
    fake: FakeDiscord
    bot: FactDeskBot
    knowledge_dir: Path
    data_dir: Path
    cdn: AttachmentServer

    # ------------------------------------------------------------ state on disk

    @property
    def article(self) -> Path:
        return self.knowledge_dir / ARTICLE

    @property
    def audit(self) -> list[AuditRow]:
        """Every audit record in the bot's store (pending, done and aborted)."""
        return self.bot.desk.store.audit(status=None)

    def snapshot(self) -> tuple[bytes, int, list[AuditRow]]:
        """The fact base file's bytes and mtime, and the audit: what a refusal must not change."""
        return self.article.read_bytes(), self.article.stat().st_mtime_ns, self.audit

    def audit_count(self) -> int:
        """The completed changes."""
        return len(self.bot.desk.store.audit())

    def fact(self, fact_id: str) -> Any:
        """The fact as the running engine serves it (None when absent)."""
        found = self.bot.desk.engine.fact(fact_id)
        return found[1] if found else None

    # ------------------------------------------------------------ interactions

    def open_moderation_to_everyone(self) -> None:
        """What a server admin can do in Server Settings > Integrations: show the moderators'
        commands to everyone. ``default_member_permissions`` is only that hint, so the fake's
        builders then offer them to a reader, and the bot's own check must refuse."""
        for name in MODERATION_GROUPS:
            command = self.fake.command(name)
            assert command is not None, name
            command["default_member_permissions"] = None

    async def command(
        self, name: str, options: Mapping[str, Any] | None = None, *, user: str = "moderator", **kwargs: Any
    ) -> InteractionHandle:
        return await self.fake.send_interaction(self.fake.slash_command(name, options, user=user, **kwargs))

    async def reply(self, handle: InteractionHandle) -> str:
        """The ephemeral text the user sees as the answer."""
        message = await handle.response_message()
        assert message["flags"] & MessageFlag.EPHEMERAL, message
        return str(message["content"])

    async def open_modal(
        self, name: str, options: Mapping[str, Any] | None = None, *, user: str = "moderator"
    ) -> tuple[InteractionHandle, dict[str, Any]]:
        handle = await self.command(name, options, user=user)
        return handle, await handle.modal()

    async def submit(
        self,
        modal: Mapping[str, Any],
        values: Mapping[str, str],
        opened_by: InteractionHandle,
        *,
        user: str | None = None,
        other_guild: bool = False,
    ) -> InteractionHandle:
        """Submit ``values`` keyed by the inputs' labels (the bot leaves their custom ids random)."""
        fields = modal_fields(modal)
        unknown = set(values) - set(fields)
        assert not unknown, f"the modal has no inputs labelled {sorted(unknown)}; it has {sorted(fields)}"
        by_id = {fields[label]["custom_id"]: value for label, value in values.items()}
        payload = self.fake.modal_submit(modal, by_id, opened_by=opened_by, user=user)
        if other_guild:
            payload = in_other_guild(payload)
        return await self.fake.send_interaction(payload)

    async def click(
        self, message: Mapping[str, Any], label: str, *, user: str = "moderator", other_guild: bool = False
    ) -> InteractionHandle:
        button = find_button(self.fake.message(message["id"]), label)
        payload = self.fake.component_click(message, button["custom_id"], user=user)
        if other_guild:
            payload = in_other_guild(payload)
        return await self.fake.send_interaction(payload)

    async def settle(self, timeout: float = 5.0) -> None:
        """Wait until the bot has finished every interaction it received (bounded).

        A test sees a reply before the bot's handler returns: /ask still records a missed
        question and posts it to the moderators' channel after answering. Stopping the fake
        under that work would fail it with "Server disconnected".
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            busy = [
                task
                for task in asyncio.all_tasks()
                if task.get_name().startswith(_INTERACTION_TASKS) and not task.done()
            ]
            if not busy:
                return
            assert loop.time() < deadline, f"the bot is still busy after {timeout} s: {busy}"
            await asyncio.wait(busy, timeout=deadline - loop.time())

    def import_option(self, name: str, data: bytes) -> tuple[dict[str, Any], dict[str, Any]]:
        """Options and ``resolved`` for ``/kb import`` with an uploaded file."""
        attachment = self.cdn.attachment(name, data)
        return {"file": attachment["id"]}, {"attachments": {attachment["id"]: attachment}}


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml when present


def with_phrasing(text: str, fact_id: str, phrasing: str) -> str:
    """The article file after a curator's valid hand edit: one more phrasing for `fact_id`."""
    data = load_yaml(text)
    next(f for f in data["facts"] if f["id"] == fact_id)["phrasings"].append(phrasing)
    return dump_article(data)


def hand_edit_phrasing(path: Path, fact_id: str, phrasing: str) -> None:
    """That hand edit, saved atomically (as an editor would, so no reload sees half a file)."""
    write_atomically(path, with_phrasing(path.read_text(encoding="utf-8"), fact_id, phrasing))


def break_by_hand(path: Path) -> None:
    """A hand edit that breaks the YAML, whatever the curated content is."""
    path.write_text(path.read_text(encoding="utf-8") + "\nbroken: [unbalanced\n", encoding="utf-8")


def modal_fields(modal: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """The modal's text inputs by label: ``{label: {"custom_id", "value", ...}}``."""
    fields: dict[str, dict[str, Any]] = {}
    for component in modal.get("components", []):
        if component["type"] == 18:  # a Label wrapping its input
            fields[component["label"]] = dict(component["component"])
        for child in component.get("components", []):
            if child["type"] == 4:
                fields[child["label"]] = dict(child)
    return fields


def modal_values(modal: Mapping[str, Any]) -> dict[str, str]:
    """The values the modal comes filled with, by label."""
    return {label: field.get("value") or "" for label, field in modal_fields(modal).items()}


def buttons(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    def walk(components: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
        for component in components:
            yield component
            yield from walk(component.get("components") or [])

    return [dict(c) for c in walk(message.get("components") or []) if c["type"] == 2]


def find_button(message: Mapping[str, Any], label: str) -> dict[str, Any]:
    found = [b for b in buttons(message) if b.get("label") == label]
    assert found, f"no button {label!r}; the message has {[b.get('label') for b in buttons(message)]}"
    return found[0]


def in_other_guild(payload: dict[str, Any], guild_id: str = OTHER_GUILD_ID) -> dict[str, Any]:
    """The same interaction from another guild where the user is a moderator too.

    A guild the fact base does not belong to: the fake's world has one guild, so only the
    guild ids change (Discord sends the command's own guild_id in ``data`` only for guild
    commands, and would for a copy of them synced there).
    """
    moved = copy.deepcopy(payload)
    moved["guild_id"] = guild_id
    moved["guild"] = {**moved.get("guild", {}), "id": guild_id}
    moved["authorizing_integration_owners"] = {"0": guild_id}
    if "guild_id" in moved.get("data", {}):
        moved["data"]["guild_id"] = guild_id
    if "message" in moved:
        moved["message"]["guild_id"] = guild_id
    return moved


@contextlib.asynccontextmanager
async def start_moderation(
    fake: FakeDiscord,
    tmp_path: Path,
    *,
    watch_knowledge: bool = False,
    missed_channel: str | None = None,
    **overrides: Any,
) -> AsyncIterator[ModerationWorld]:
    """FactDesk's bot on a copy of knowledge/, with the fake's Moderator role as MODERATOR_ROLE_IDS."""
    knowledge_dir = tmp_path / "knowledge"
    if not knowledge_dir.exists():
        shutil.copytree(DEFAULT_KNOWLEDGE_DIR, knowledge_dir)
    data_dir = tmp_path / "data"
    values: dict[str, Any] = {
        "discord_token": fake.token,
        "dev_guild_id": int(fake.guild_id),
        "moderator_role_ids": [int(fake.role("Moderator")["id"])],
        "moderation_guild_ids": [],
        "answer_channel_ids": [],
        "knowledge_dir": knowledge_dir,
        "data_dir": data_dir,
        "missed_questions_channel_id": int(fake.channel(missed_channel)["id"]) if missed_channel else None,
        "kb_git_commit": False,
        "cooldown_rate": 1000,
        "cooldown_per_seconds": 1.0,
    }
    values.update(overrides)
    settings = _ExplicitSettings(**values)
    desk = FactDesk(settings.knowledge_dir, settings.data_dir, git_commit=settings.kb_git_commit)
    bot = FactDeskBot(settings, desk, watch_knowledge=watch_knowledge, guild_ready_timeout=0.01)
    cdn = AttachmentServer()
    await cdn.start()
    try:
        async with run_client(bot, fake.token):
            world = ModerationWorld(fake, bot, knowledge_dir, data_dir, cdn)
            yield world
            await world.settle()
    finally:
        await cdn.stop()
