"""Modals and buttons of the moderators' commands, and the edit they end in. Every callback
checks the moderator again: `default_permissions` is only a hint that server admins can change."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import discord
from pydantic import ValidationError

from ....engine.article_text import has_text
from ....engine.editing import Change, Moderator
from ....engine.errors import FactDeskError
from ....engine.models import MAX_PHRASING, Article, Quote
from ....engine.records import RecordSpec, fit_form
from ....engine.render import clip
from ...checks import moderator_refusal
from ...errors import FactDeskModal, FactDeskView
from ...replies import send_ephemeral

if TYPE_CHECKING:
    from ...bot import FactDeskBot

MODAL_TEXT_LIMIT = 4000
MODAL_TITLE_LIMIT = 45
NOTHING_CHANGED = "Nothing was changed. "


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
    await send_ephemeral(interaction, refusal)
    return False


async def apply_change(
    interaction: discord.Interaction[FactDeskBot], action: Callable[[], Change], done: str
) -> Change | None:
    """Run an edit off the event loop, reload the engine, and tell the moderator what happened.

    The interaction is deferred first: validating, writing and reloading a large fact base (or
    waiting for another writer's lock) can outlast Discord's 3-second deadline for a response.
    The reload is skipped when the file watcher got there first (one reload per edit).
    """
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        change = await asyncio.to_thread(action)
    except FactDeskError as exc:
        await send_ephemeral(interaction, f"{NOTHING_CHANGED}{exc}")
        return None
    await asyncio.to_thread(interaction.client.reload_knowledge)
    notice = f"\n⚠️ {change.notice}" if change.notice else ""  # applied, but the git commit failed
    await send_ephemeral(interaction, done.format(target=change.target) + notice)
    return change


async def add_phrasing(
    interaction: discord.Interaction[FactDeskBot], fact_id: str, phrasing: str, done: str, *, cut: bool = False
) -> Change | None:
    """Teach a fact another phrasing; `cut` a reader's question to the longest a phrasing may be."""
    return await apply_change(
        interaction,
        lambda: interaction.client.desk.editor.add_phrasing(
            fact_id, phrasing[:MAX_PHRASING] if cut else phrasing, moderator_of(interaction)
        ),
        done,
    )


SubmitValues = Callable[[discord.Interaction["FactDeskBot"], dict[str, str]], Awaitable[None]]


class RecordForm(FactDeskModal):
    """A moderator's form for a fact, quote or person; the moderator check runs again on submit."""

    expected_prefix = NOTHING_CHANGED

    def __init__(
        self,
        *,
        title: str,
        spec: RecordSpec,
        on_submit_values: SubmitValues,
        defaults: dict[str, str] | None = None,
        labels: dict[str, str] | None = None,
    ) -> None:
        super().__init__(title=clip(title, MODAL_TITLE_LIMIT), timeout=900)
        defaults = defaults or {}
        self._submit = on_submit_values
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for field in spec.fields:
            self.inputs[field.key] = discord.ui.TextInput(
                label=(labels or {}).get(field.key, field.label),
                style=discord.TextStyle.paragraph if field.paragraph else discord.TextStyle.short,
                max_length=min(field.max_length or MODAL_TEXT_LIMIT, MODAL_TEXT_LIMIT),
                required=field.required,
                default=defaults.get(field.key),
            )
            self.add_item(self.inputs[field.key])

    async def on_submit(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        if not await refuse_unless_moderator(interaction):
            return
        await self._submit(interaction, {key: item.value for key, item in self.inputs.items()})


ADDED = {
    "fact": "Added fact `{target}`. It answers from now on.",
    "quote": "Added quote `{target}`.",
    "person": "Added person `{target}`.",
}


def add_form(
    spec: RecordSpec, article: str | None, defaults: dict[str, str] | None = None, extra: dict[str, Any] | None = None
) -> RecordForm:
    """The form for a new record; its id is made from its text, unique among its kind.
    `extra` holds fields set by the command's options rather than the form."""

    async def submit(interaction: discord.Interaction[FactDeskBot], values: dict[str, str]) -> None:
        desk = interaction.client.desk
        record = {**spec.new_record(values, spec.ids(desk.engine.kb)), **(extra or {})}

        async def add(confirmed: discord.Interaction[FactDeskBot]) -> None:
            await apply_change(
                confirmed,
                lambda: desk.editor.add(spec.kind, record, moderator_of(confirmed), article_id=article),
                ADDED[spec.kind],
            )

        if spec.kind == "quote":
            found, _ = await asyncio.to_thread(desk.editor.article_file, article)
            await unless_unchecked(interaction, found, record, add)
        else:
            await add(interaction)

    return RecordForm(spec=spec, title=f"New {spec.kind}", on_submit_values=submit, defaults=defaults)


def edit_form(spec: RecordSpec, record_id: str, existing: dict[str, Any]) -> RecordForm:
    """The form filled in with the record as stored; submitting replaces what it shows."""

    async def submit(interaction: discord.Interaction[FactDeskBot], values: dict[str, str]) -> None:
        record = spec.edited_record(fitted.complete(values), record_id, existing)
        editor = interaction.client.desk.editor

        async def update(confirmed: discord.Interaction[FactDeskBot]) -> None:
            await apply_change(
                confirmed,
                lambda: editor.update(spec.kind, record_id, record, moderator_of(confirmed)),
                f"Updated {spec.kind} `{{target}}`.",
            )

        if spec.kind == "quote":
            found, _, _ = await asyncio.to_thread(editor.locate, spec.kind, record_id)
            await unless_unchecked(interaction, found, {**existing, **record}, update)
        else:
            await update(interaction)

    # A drafted quote may have no speaker yet: its form opens with the field blank.
    shown = {"speaker": "", **existing} if spec.kind == "quote" else existing
    # Long lists (phrasings, aliases, paragraphs) show what fits Discord's inputs; the rest is kept.
    fitted = fit_form(spec.fields, spec.values(shown), MODAL_TEXT_LIMIT)
    return RecordForm(
        spec=spec, title=f"Edit {record_id}", on_submit_values=submit, defaults=fitted.values, labels=fitted.labels
    )


async def unless_unchecked(
    interaction: discord.Interaction[FactDeskBot],
    article: Article,
    quote: dict[str, Any],
    apply: Callable[[discord.Interaction[FactDeskBot]], Awaitable[None]],
) -> None:
    """Apply a quote at once where the article's text is stored (the editor checks it is
    verbatim); where it is not, say that it cannot be checked and ask the moderator to confirm.
    A quote the editor would refuse anyway (a bad field, an unknown speaker) is refused at once."""
    article_id = article.id
    try:
        Quote.model_validate({k: v for k, v in quote.items() if v is not None})
        invalid = quote.get("speaker") not in {p.id for p in article.people}
    except ValidationError:
        invalid = True
    if invalid or has_text(interaction.client.desk.editor.knowledge_dir, article_id):
        await apply(interaction)
        return
    await send_ephemeral(
        interaction,
        f"The article `{article_id}` has no stored text (`/kb article` attaches it), so this quote cannot be "
        f"checked against it. Confirm only if “{for_moderators(clip(quote['text'], 300))}” is verbatim in "
        f"paragraph {quote['paragraph']}, said by `{quote['speaker']}`.",
        view=ConfirmView(interaction.user.id, apply),
    )


class ConfirmView(FactDeskView):
    """Confirm / Cancel for a destructive or bulk change; only the moderator who asked may press."""

    def __init__(
        self,
        owner_id: int,
        on_confirm: Callable[[discord.Interaction[FactDeskBot]], Awaitable[None]],
        *,
        on_cancel: Callable[[discord.Interaction[FactDeskBot]], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(timeout=300)
        self.owner_id = owner_id
        self._on_confirm = on_confirm
        self._on_cancel = on_cancel  # None: the message says "Cancelled" and loses its buttons

    async def interaction_check(self, interaction: discord.Interaction[FactDeskBot]) -> bool:  # type: ignore[override]
        if getattr(interaction.user, "id", None) != self.owner_id:  # no member data: no user either
            await send_ephemeral(interaction, "Only the moderator who asked can confirm this.")
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
        if self._on_cancel is not None:
            await self._on_cancel(interaction)
            return
        await interaction.response.edit_message(content="Cancelled; nothing was changed.", view=None)


class UnansweredView(FactDeskView):
    """One button per unanswered question: add it as a phrasing of the suggested fact."""

    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=900)
        self.owner_id = owner_id

    def add_alias_button(self, number: int, question: str, fact_id: str) -> None:
        if len(self.children) >= 25:
            return
        button: discord.ui.Button[UnansweredView] = discord.ui.Button(
            label=clip(f"{number}: add to {fact_id}", 80), style=discord.ButtonStyle.secondary
        )

        async def callback(interaction: discord.Interaction[FactDeskBot]) -> None:
            if not await refuse_unless_moderator(interaction):
                return
            done = f"Fact `{{target}}` now also answers “{for_moderators(clip(question, 200))}”."
            await add_phrasing(interaction, fact_id, question, done, cut=True)

        button.callback = callback  # type: ignore[method-assign]
        self.add_item(button)
