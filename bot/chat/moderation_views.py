"""Modals and buttons of the moderators' commands. Every callback checks the moderator again:
`default_permissions` is only a hint that server admins can change."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
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


def for_moderators(text: str) -> str:
    """A reader's text as moderators see it: markdown and mentions shown, never acted on."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(text))


def from_moderators_view(text: str) -> str:
    """The reader's own text back from `for_moderators` (for a missed question's buttons)."""
    text = re.sub(r"@\u200b(everyone|here|[!&]?[0-9]{17,20})", r"@\1", text)
    return re.sub(r"\\(.)", r"\1", text, flags=re.DOTALL)


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


@dataclass(frozen=True)
class FormField:
    """One text input of a moderator's form (Discord: label <= 45 characters, 5 inputs)."""

    key: str
    label: str
    max_length: int
    paragraph: bool = False
    required: bool = True


FACT_FORM = (
    FormField("question", "Question", 200),
    FormField("phrasings", "Other phrasings (one per line, at least 5)", MODAL_TEXT_LIMIT, paragraph=True),
    FormField("answer", "Answer (your own words)", 1000, paragraph=True),
    FormField("evidence", "Evidence (verbatim from the article)", 1500, paragraph=True),
    FormField("paragraphs", "Paragraph numbers (e.g. 4, 5)", 50),
)
QUOTE_FORM = (
    FormField("speaker", "Speaker (person id)", 64),
    FormField("text", "Quote (verbatim, without quote marks)", 1500, paragraph=True),
    FormField("paragraph", "Paragraph number", 6),
    FormField("medium", "Medium: spoken, statement, twitter (or blank)", 20, required=False),
    FormField("context", "Context (one line, your own words)", 300),
)
PERSON_FORM = (
    FormField("name", "Full name", 100),
    FormField("role", "Role, as of the article", 200),
    FormField("aliases", "Other names readers use (one per line)", 1000, paragraph=True, required=False),
    FormField("summary", "Who they are and what they did", 1000, paragraph=True),
    FormField("paragraphs", "Paragraphs they appear in", 100),
)

SubmitValues = Callable[[discord.Interaction["FactDeskBot"], dict[str, str]], Awaitable[None]]


class RecordForm(discord.ui.Modal):
    """A moderator's form for a fact, quote or person; the moderator check runs again on submit."""

    def __init__(
        self,
        *,
        title: str,
        fields: Sequence[FormField],
        on_submit_values: SubmitValues,
        defaults: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title=clip(title, MODAL_TITLE_LIMIT), timeout=900)
        defaults = defaults or {}
        self._submit = on_submit_values
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for field in fields:
            self.inputs[field.key] = discord.ui.TextInput(
                label=field.label,
                style=discord.TextStyle.paragraph if field.paragraph else discord.TextStyle.short,
                max_length=field.max_length,
                required=field.required,
                default=defaults.get(field.key),
            )
            self.add_item(self.inputs[field.key])

    async def on_submit(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        if not await refuse_unless_moderator(interaction):
            return
        await self._submit(interaction, {key: item.value for key, item in self.inputs.items()})

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
        if getattr(interaction.user, "id", None) != self.owner_id:  # no member data: no user either
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


def quote_defaults(record: dict[str, Any]) -> dict[str, str]:
    return {
        "speaker": record["speaker"],
        "text": record["text"],
        "paragraph": str(record["paragraph"]),
        "medium": record.get("medium") or "",
        "context": record["context"],
    }


def person_defaults(record: dict[str, Any]) -> dict[str, str]:
    return {
        "name": record["name"],
        "role": record["role"],
        "aliases": "\n".join(record.get("aliases", [])),
        "summary": record["summary"],
        "paragraphs": ", ".join(map(str, record["paragraphs"])),
    }


@dataclass(frozen=True)
class RecordKind:
    """How one kind of record (fact, quote, person) goes through a moderator's form."""

    kind: str
    form: tuple[FormField, ...]
    to_record: Callable[[dict[str, str], str, dict[str, Any] | None], dict[str, Any]]
    to_defaults: Callable[[dict[str, Any]], dict[str, str]]
    id_source: Callable[[dict[str, str]], str]  # the text a new record's id is made from
    added: str  # the reply after an add; {target} is the new id


FACT_KIND = RecordKind(
    "fact",
    FACT_FORM,
    fact_record,
    fact_defaults,
    lambda v: v["question"],
    "Added fact `{target}`. It answers from now on.",
)
QUOTE_KIND = RecordKind(
    "quote",
    QUOTE_FORM,
    quote_record,
    quote_defaults,
    lambda v: f"{v['speaker']} {v['text']}",
    "Added quote `{target}`.",
)
PERSON_KIND = RecordKind(
    "person", PERSON_FORM, person_record, person_defaults, lambda v: v["name"], "Added person `{target}`."
)
