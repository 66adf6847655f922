"""Modals and buttons of the moderators' commands. Every callback checks the moderator again:
`default_permissions` is only a hint that server admins can change."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord

from ..engine.editing import Change, Moderator
from ..engine.errors import FactDeskError, InputError
from ..engine.render import clip
from ..engine.text import plain
from .checks import moderator_refusal
from .embeds import NO_PINGS
from .errors import APOLOGY

if TYPE_CHECKING:
    from .bot import FactDeskBot

log = logging.getLogger(__name__)

MODAL_TEXT_LIMIT = 4000
MODAL_TITLE_LIMIT = 45


def moderator_of(interaction: discord.Interaction[Any]) -> Moderator:
    return Moderator(interaction.user.id, str(interaction.user))


async def refuse_unless_moderator(interaction: discord.Interaction[FactDeskBot]) -> bool:
    """Answer a refusal (ephemeral) and return False when the user may not edit."""
    refusal = moderator_refusal(interaction, interaction.client.settings)
    if refusal is None:
        return True
    await reply(interaction, refusal)
    return False


async def reply(interaction: discord.Interaction[Any], content: str, **kwargs: Any) -> None:
    content = clip(content, 2000)
    if interaction.response.is_done():
        await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_PINGS, **kwargs)
    else:
        await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_PINGS, **kwargs)


async def apply_change(
    interaction: discord.Interaction[FactDeskBot], action: Callable[[], Change], done: str
) -> Change | None:
    """Run an edit off the event loop, reload the engine, and tell the moderator what happened.

    The interaction is deferred first: validating, writing and reloading a large fact base (or
    waiting for another writer's lock) can outlast Discord's 3-second deadline for a response.
    """
    desk = interaction.client.desk
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        change = await asyncio.to_thread(action)
    except FactDeskError as exc:
        await reply(interaction, f"Nothing was changed. {exc}")
        return None
    await asyncio.to_thread(desk.reload)
    await reply(interaction, done.format(target=change.target))
    return change


def split_lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def parse_paragraphs(text: str, field: str = "paragraphs") -> list[int]:
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise InputError(f"{field}: give paragraph numbers such as '4' or '4, 5'")
    return [int(p) for p in parts]


def slug_from(text: str, taken: set[str]) -> str:
    words = plain(text).split()[:6] or ["fact"]
    base = "-".join(words)[:56].strip("-") or "fact"
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


class FactModal(discord.ui.Modal):
    """Add or edit a fact: question, phrasings (one per line), answer, evidence, paragraphs."""

    def __init__(
        self,
        *,
        title: str,
        on_submit_values: Callable[[discord.Interaction[FactDeskBot], dict[str, str]], Awaitable[None]],
        defaults: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title=clip(title, MODAL_TITLE_LIMIT), timeout=900)
        defaults = defaults or {}
        self._submit = on_submit_values
        self.question: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Question", max_length=200, default=defaults.get("question")
        )
        self.phrasings: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Other phrasings (one per line, at least 5)",
            style=discord.TextStyle.paragraph,
            max_length=MODAL_TEXT_LIMIT,
            default=defaults.get("phrasings"),
        )
        self.answer: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Answer (your own words)",
            style=discord.TextStyle.paragraph,
            max_length=1000,
            default=defaults.get("answer"),
        )
        self.evidence: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Evidence (verbatim from the article)",
            style=discord.TextStyle.paragraph,
            max_length=1500,
            default=defaults.get("evidence"),
        )
        self.paragraphs: discord.ui.TextInput[Any] = discord.ui.TextInput(
            label="Paragraph numbers (e.g. 4, 5)", max_length=50, default=defaults.get("paragraphs")
        )
        for item in (self.question, self.phrasings, self.answer, self.evidence, self.paragraphs):
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        if not await refuse_unless_moderator(interaction):
            return
        values = {
            "question": self.question.value,
            "phrasings": self.phrasings.value,
            "answer": self.answer.value,
            "evidence": self.evidence.value,
            "paragraphs": self.paragraphs.value,
        }
        await self._submit(interaction, values)

    async def on_error(self, interaction: discord.Interaction[Any], error: Exception, /) -> None:
        if isinstance(error, FactDeskError):
            await reply(interaction, f"Nothing was changed. {error}")
            return
        log.error("unexpected error in a moderator form", exc_info=error)
        await reply(interaction, APOLOGY)


def fact_record(values: dict[str, str], fact_id: str, existing: dict[str, Any] | None = None) -> dict[str, Any]:
    """A fact's data from the modal's text, keeping fields the modal doesn't show."""
    record = dict(existing or {})
    record.update(
        {
            "id": fact_id,
            "question": values["question"].strip(),
            "phrasings": split_lines(values["phrasings"]),
            "answer": values["answer"].strip(),
            "evidence": {"text": values["evidence"].strip(), "paragraphs": parse_paragraphs(values["paragraphs"])},
        }
    )
    return record


def fact_defaults(record: dict[str, Any]) -> dict[str, str]:
    return {
        "question": record["question"],
        "phrasings": "\n".join(record["phrasings"]),
        "answer": record["answer"],
        "evidence": record["evidence"]["text"],
        "paragraphs": ", ".join(str(p) for p in record["evidence"]["paragraphs"]),
    }


class QuoteModal(discord.ui.Modal):
    """Add or edit a quote: speaker, verbatim text, paragraph, medium, context."""

    def __init__(
        self,
        *,
        title: str,
        on_submit_values: Callable[[discord.Interaction[FactDeskBot], dict[str, str]], Awaitable[None]],
        defaults: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title=clip(title, MODAL_TITLE_LIMIT), timeout=900)
        defaults = defaults or {}
        self._submit = on_submit_values
        self.fields: dict[str, discord.ui.TextInput[Any]] = {
            "speaker": discord.ui.TextInput(
                label="Speaker (person id)", max_length=64, default=defaults.get("speaker")
            ),
            "text": discord.ui.TextInput(
                label="Quote (verbatim, without quote marks)",
                style=discord.TextStyle.paragraph,
                max_length=1500,
                default=defaults.get("text"),
            ),
            "paragraph": discord.ui.TextInput(
                label="Paragraph number", max_length=6, default=defaults.get("paragraph")
            ),
            "medium": discord.ui.TextInput(
                label="Medium: spoken, statement, twitter (or blank)",
                max_length=20,
                required=False,
                default=defaults.get("medium"),
            ),
            "context": discord.ui.TextInput(
                label="Context (one line, your own words)", max_length=300, default=defaults.get("context")
            ),
        }
        for item in self.fields.values():
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        if not await refuse_unless_moderator(interaction):
            return
        await self._submit(interaction, {k: v.value for k, v in self.fields.items()})

    on_error = FactModal.on_error


def quote_record(values: dict[str, str], quote_id: str, existing: dict[str, Any] | None = None) -> dict[str, Any]:
    paragraph = parse_paragraphs(values["paragraph"], "paragraph")
    if len(paragraph) != 1:
        raise InputError("paragraph: give exactly one paragraph number")
    record = dict(existing or {})
    record.update(
        {
            "id": quote_id,
            "speaker": values["speaker"].strip(),
            "text": values["text"].strip(),
            "paragraph": paragraph[0],
            "context": values["context"].strip(),
        }
    )
    # A blank medium clears it: None, because the editor's update keeps fields it isn't given.
    record["medium"] = values.get("medium", "").strip().lower() or None
    return record


class PersonModal(discord.ui.Modal):
    """Add or edit a person: name, role, aliases, summary, paragraphs."""

    def __init__(
        self,
        *,
        title: str,
        on_submit_values: Callable[[discord.Interaction[FactDeskBot], dict[str, str]], Awaitable[None]],
        defaults: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title=clip(title, MODAL_TITLE_LIMIT), timeout=900)
        defaults = defaults or {}
        self._submit = on_submit_values
        self.fields: dict[str, discord.ui.TextInput[Any]] = {
            "name": discord.ui.TextInput(label="Full name", max_length=100, default=defaults.get("name")),
            "role": discord.ui.TextInput(label="Role, as of the article", max_length=200, default=defaults.get("role")),
            "aliases": discord.ui.TextInput(
                label="Other names readers use (one per line)",
                style=discord.TextStyle.paragraph,
                max_length=1000,
                required=False,
                default=defaults.get("aliases"),
            ),
            "summary": discord.ui.TextInput(
                label="Who they are and what they did",
                style=discord.TextStyle.paragraph,
                max_length=1000,
                default=defaults.get("summary"),
            ),
            "paragraphs": discord.ui.TextInput(
                label="Paragraphs they appear in", max_length=100, default=defaults.get("paragraphs")
            ),
        }
        for item in self.fields.values():
            self.add_item(item)

    async def on_submit(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        if not await refuse_unless_moderator(interaction):
            return
        await self._submit(interaction, {k: v.value for k, v in self.fields.items()})

    on_error = FactModal.on_error


def person_record(values: dict[str, str], person_id: str, existing: dict[str, Any] | None = None) -> dict[str, Any]:
    record = dict(existing or {})
    record.update(
        {
            "id": person_id,
            "name": values["name"].strip(),
            "role": values["role"].strip(),
            "aliases": split_lines(values.get("aliases", "")),
            "summary": values["summary"].strip(),
            "paragraphs": parse_paragraphs(values["paragraphs"]),
        }
    )
    return record


class ConfirmView(discord.ui.View):
    """Confirm / Cancel for a destructive or bulk change; only the moderator who asked may press."""

    def __init__(
        self, owner_id: int, on_confirm: Callable[[discord.Interaction[FactDeskBot]], Awaitable[None]]
    ) -> None:
        super().__init__(timeout=300)
        self.owner_id = owner_id
        self._on_confirm = on_confirm

    async def interaction_check(self, interaction: discord.Interaction[FactDeskBot]) -> bool:  # type: ignore[override]
        if interaction.user.id != self.owner_id:
            await reply(interaction, "Only the moderator who asked can confirm this.")
            return False
        return await refuse_unless_moderator(interaction)

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction[FactDeskBot], button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(content="Applying…", view=None)
        await self._on_confirm(interaction)

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction[FactDeskBot], button: discord.ui.Button[Any]) -> None:
        self.stop()
        await interaction.response.edit_message(content="Cancelled; nothing was changed.", view=None)
