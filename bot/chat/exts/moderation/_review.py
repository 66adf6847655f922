"""/kb review: the entries of an article that still need a curator (drafted records, quotes
without a speaker), one a page. Every button is a DynamicItem, so a page survives a restart:
Previous / Next carry the article and the position (the page is rebuilt from the file), and
Approve / Edit / Remove carry the entry's kind and id."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import discord

from ....engine.models import DRAFT, Article, Fact, Person, Quote
from ....engine.records import RECORD_SPECS, RecordKind
from ....engine.render import clip
from ...embeds import page_button
from ...errors import guarded
from ...replies import NO_PINGS, send_ephemeral
from ._views import ConfirmView, apply_change, edit_form, for_moderators, moderator_of, refuse_unless_moderator

if TYPE_CHECKING:
    from ...bot import FactDeskBot

Interaction = discord.Interaction["FactDeskBot"]
_ID = r"[a-z0-9-]{1,64}"
_KIND = r"fact|quote|person"


# ------------------------------------------------------------ what needs a curator (no Discord)


@dataclass(frozen=True)
class ReviewEntry:
    kind: RecordKind
    record: Person | Quote | Fact

    @property
    def id(self) -> str:
        return self.record.id


def review_entries(article: Article) -> list[ReviewEntry]:
    """Drafted records and quotes without a speaker: people first (quotes need their speakers),
    then quotes, then facts, each in file order."""
    entries: list[ReviewEntry] = [ReviewEntry("person", p) for p in article.people if p.status == DRAFT]
    entries += [ReviewEntry("quote", q) for q in article.quotes if q.status == DRAFT or q.speaker is None]
    entries += [ReviewEntry("fact", f) for f in article.facts if f.status == DRAFT]
    return entries


def describe(article: Article, entry: ReviewEntry, number: int, total: int) -> str:
    """One page: what the entry is and what a curator checks."""
    record = entry.record
    state = "draft" if record.status == DRAFT else "curated"
    lines = [f"**Review of `{article.id}`: {number} of {total}** — {entry.kind} `{record.id}` ({state})"]
    if isinstance(record, Quote):
        names = {p.id: p.name for p in article.people}
        speaker = f"{names.get(record.speaker, record.speaker)} (`{record.speaker}`)" if record.speaker else None
        lines.append(f"**Speaker:** {speaker or '⚠ no speaker (never shown as anyone’s words)'}")
        lines.append(f"**Paragraph:** {record.paragraph}")
        lines.append(f"> “{for_moderators(clip(record.text, 700))}”")
        lines.append(f"**Context:** {for_moderators(clip(record.context, 300))}")
    elif isinstance(record, Fact):
        paragraphs = ", ".join(map(str, record.evidence.paragraphs))
        lines.append(f"**Question:** {for_moderators(clip(record.question, 200))}")
        lines.append(f"**Answer:** {for_moderators(clip(record.answer, 500))}")
        lines.append(f"**Evidence (paragraphs {paragraphs}):** > {for_moderators(clip(record.evidence.text, 500))}")
    else:
        lines.append(f"**Name:** {for_moderators(record.name)} — {for_moderators(clip(record.role, 200))}")
        lines.append(f"**Summary:** {for_moderators(clip(record.summary, 500))}")
        lines.append(f"**Paragraphs:** {', '.join(map(str, record.paragraphs))}")
    return "\n".join(lines)


# ------------------------------------------------------------ the page


async def review_page(client: FactDeskBot, article_id: str | None, index: int) -> tuple[str, discord.ui.View | None]:
    """The page at `index` (clamped) of the article as it is on disk now; no view when empty."""
    article, _ = await asyncio.to_thread(client.desk.editor.article_file, article_id)
    entries = review_entries(article)
    if not entries:
        return f"Nothing to review in `{article.id}`.", None
    index = max(0, min(index, len(entries) - 1))
    entry = entries[index]
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewPageButton("prev", article.id, index, disabled=index == 0))
    view.add_item(ReviewPageButton("next", article.id, index, disabled=index == len(entries) - 1))
    view.add_item(ReviewApproveButton(entry.kind, entry.id))
    view.add_item(ReviewEditButton(entry.kind, entry.id))
    view.add_item(ReviewRemoveButton(entry.kind, entry.id))
    return describe(article, entry, index + 1, len(entries)), view


async def send_review(interaction: Interaction, article_id: str | None) -> None:
    content, view = await review_page(interaction.client, article_id, 0)
    if view is None:
        await send_ephemeral(interaction, content)
    else:
        await send_ephemeral(interaction, content, view=view)


async def show_page(interaction: Interaction, article_id: str, index: int, note: str = "") -> None:
    """Put the page in the message the button is on (answered already, or not yet)."""
    content, view = await review_page(interaction.client, article_id, index)
    content = clip(note + content, 2000)
    if interaction.response.is_done():
        await interaction.edit_original_response(content=content, view=view, allowed_mentions=NO_PINGS)
    else:
        await interaction.response.edit_message(content=content, view=view, allowed_mentions=NO_PINGS)


async def locate_entry(interaction: Interaction, kind: str, record_id: str) -> tuple[Article, dict[str, Any], int]:
    """The entry's article, data as stored, and position in the review (NotFoundError when gone)."""
    article, _, record = await asyncio.to_thread(interaction.client.desk.editor.locate, kind, record_id)
    ids: list[tuple[str, str]] = [(e.kind, e.id) for e in review_entries(article)]
    index = ids.index((kind, record_id)) if (kind, record_id) in ids else 0
    return article, record, index


# ------------------------------------------------------------ the buttons


class ReviewPageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=rf"fd:review:(?P<direction>prev|next):(?P<index>[0-9]{{1,5}}):(?P<article>{_ID})",
):
    def __init__(self, direction: Literal["prev", "next"], article_id: str, index: int, disabled: bool = False) -> None:
        super().__init__(page_button(direction, f"fd:review:{direction}:{index}:{article_id}", disabled=disabled))
        self.direction, self.article_id, self.index = direction, article_id, index

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: Any, /
    ) -> ReviewPageButton:
        return cls(match["direction"], match["article"], int(match["index"]))

    async def callback(self, interaction: Interaction) -> None:  # type: ignore[override]
        await guarded(interaction, f"the button {self.custom_id}", self._turn(interaction))

    async def _turn(self, interaction: Interaction) -> None:
        if not await refuse_unless_moderator(interaction):
            return
        await show_page(interaction, self.article_id, self.index + (1 if self.direction == "next" else -1))


class _EntryButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fd:review:entry"):
    """A button about one entry: its kind and id in the custom id."""

    _action = ""
    _label = ""
    _style = discord.ButtonStyle.secondary

    def __init__(self, kind: str, record_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=self._label, style=self._style, custom_id=f"fd:review:{self._action}:{kind}:{record_id}"
            )
        )
        self.kind: RecordKind = kind  # type: ignore[assignment]
        self.record_id = record_id

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: Any, /
    ) -> _EntryButton:
        return cls(match["kind"], match["id"])

    async def callback(self, interaction: Interaction) -> None:  # type: ignore[override]
        await guarded(interaction, f"the button {self.custom_id}", self._run(interaction))

    async def _run(self, interaction: Interaction) -> None:
        if await refuse_unless_moderator(interaction):
            await self.act(interaction)

    async def act(self, interaction: Interaction) -> None:
        raise NotImplementedError


class ReviewApproveButton(_EntryButton, template=rf"fd:review:approve:(?P<kind>{_KIND}):(?P<id>{_ID})"):
    """Remove `status: draft` through the editor: audited, and `/<kind> revert` undoes it."""

    _action, _label, _style = "approve", "Approve", discord.ButtonStyle.success

    async def act(self, interaction: Interaction) -> None:
        article, record, index = await locate_entry(interaction, self.kind, self.record_id)
        name = f"{self.kind} `{self.record_id}`"
        if self.kind == "quote" and record.get("speaker") is None:
            await send_ephemeral(interaction, f"Quote `{self.record_id}` has no speaker: set a speaker first (Edit).")
            return
        if record.get("status") != DRAFT:
            await send_ephemeral(interaction, f"The {name} is not a draft (approved already?): nothing to approve.")
            return
        await interaction.response.defer()  # the page is updated below, once the change is made
        editor, moderator = interaction.client.desk.editor, moderator_of(interaction)
        await apply_change(
            interaction,
            lambda: editor.update(self.kind, self.record_id, {"status": None}, moderator, command="approve"),
            f"Approved {self.kind} `{{target}}`: it is curated now. `/{self.kind} revert {self.record_id}` undoes it.",
        )
        await show_page(interaction, article.id, index)


class ReviewEditButton(_EntryButton, template=rf"fd:review:edit:(?P<kind>{_KIND}):(?P<id>{_ID})"):
    """The kind's own edit form, filled in (as `/<kind> edit`); it keeps `status: draft`."""

    _action, _label = "edit", "Edit"

    async def act(self, interaction: Interaction) -> None:
        _, record, _ = await locate_entry(interaction, self.kind, self.record_id)
        await interaction.response.send_modal(edit_form(RECORD_SPECS[self.kind], self.record_id, record))


class ReviewRemoveButton(_EntryButton, template=rf"fd:review:remove:(?P<kind>{_KIND}):(?P<id>{_ID})"):
    """Asks to confirm in place of the page (ConfirmView); the page comes back either way."""

    _action, _label, _style = "remove", "Remove", discord.ButtonStyle.danger

    async def act(self, interaction: Interaction) -> None:
        article, _, index = await locate_entry(interaction, self.kind, self.record_id)
        kind, record_id = self.kind, self.record_id
        editor = interaction.client.desk.editor

        async def confirmed(button_interaction: Interaction) -> None:
            await apply_change(
                button_interaction,
                lambda: editor.remove(kind, record_id, moderator_of(button_interaction)),
                f"Removed {kind} `{{target}}`. `/{kind} revert {record_id}` brings it back.",
            )
            await show_page(button_interaction, article.id, index)

        async def cancelled(button_interaction: Interaction) -> None:
            await show_page(button_interaction, article.id, index, "Cancelled; nothing was changed.\n\n")

        await interaction.response.edit_message(
            content=f"Remove {kind} `{record_id}`? This is recorded and can be reverted.",
            view=ConfirmView(interaction.user.id, confirmed, on_cancel=cancelled),
        )


REVIEW_ITEMS = (ReviewPageButton, ReviewApproveButton, ReviewEditButton, ReviewRemoveButton)
