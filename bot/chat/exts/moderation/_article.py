"""/kb article and /kb draft: an article's text from an attachment, and a drafted fact base
shown to the moderator with Publish / Cancel buttons that survive a restart."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Any

import discord

from ....engine.article_text import MAX_TEXT_BYTES, PendingDraft, PendingDrafts, publish_draft
from ....engine.articlefile import article_data, dump_article
from ....engine.draft import Draft, draft_article, read_page
from ....engine.errors import InputError
from ....engine.records import unique_slug
from ....engine.render import clip
from ...errors import guarded
from ...replies import send_ephemeral
from ._views import apply_change, for_moderators, moderator_of, refuse_unless_moderator

if TYPE_CHECKING:
    from ...bot import FactDeskBot

ARTICLE_SUFFIXES = (".txt", ".html", ".htm")
SUMMARY_QUOTES = 15


async def read_upload(file: discord.Attachment) -> str:
    """An uploaded article (.txt, or a saved .html page) as text, bounded in size."""
    if not file.filename.lower().endswith(ARTICLE_SUFFIXES):
        raise InputError("file: must be a .txt file (one paragraph per line) or a saved .html page")
    if file.size > MAX_TEXT_BYTES:
        raise InputError(f"file: at most {MAX_TEXT_BYTES // 1_000_000} MB")
    raw = await file.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError("file: must be UTF-8 text") from exc


def upload_paragraphs(name: str, raw: str) -> list[str]:
    return read_page(name, raw).paragraphs


def parse_date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise InputError(f"date: {value!r} is not a date (YYYY-MM-DD)") from exc


def draft_upload(
    bot: FactDeskBot, name: str, raw: str, title: str | None, outlet: str | None, published: dt.date | None
) -> Draft:
    """Draft an uploaded article; ids unique across the fact base it would join."""
    page = read_page(name, raw)
    paragraphs = page.paragraphs
    if not paragraphs:
        raise InputError("file: the article has no paragraphs")
    kb = bot.desk.engine.kb
    title = title or page.title
    article_id = unique_slug(title or paragraphs[0], {a.id for a in kb.articles}, "article")
    return draft_article(
        paragraphs,
        article_id=article_id,
        title=title,
        outlet=outlet or page.outlet,
        published=published or page.published,
        url=page.url,
        byline=page.byline,
        taken_ids={f.id for _, f in kb.facts} | {q.id for a in kb.articles for q in a.quotes},
    )


def draft_summary(draft: Draft) -> str:
    """People, quotes with their speakers (the unresolved flagged), facts: what Publish makes live."""
    article = draft.article
    names = {p.id: p.name for p in article.people}
    lines = [f"**Draft of `{article.id}`** — {for_moderators(clip(article.source.title, 150))}"]
    people = ", ".join(f"{p.name} ({clip(p.role, 60)})" for p in article.people) or "none"
    lines.append(f"**People ({len(article.people)}):** {for_moderators(people)}")
    unresolved = sum(1 for q in article.quotes if q.speaker is None)
    lines.append(f"**Quotes ({len(article.quotes)}, {unresolved} without a speaker):**")
    for quote in article.quotes[:SUMMARY_QUOTES]:
        speaker = names.get(quote.speaker or "", "⚠ no speaker (never shown as anyone's words)")
        lines.append(f"• ¶{quote.paragraph} {speaker}: “{for_moderators(clip(quote.text, 90))}”")
    if len(article.quotes) > SUMMARY_QUOTES:
        lines.append(f"• … and {len(article.quotes) - SUMMARY_QUOTES} more")
    lines.append(f"**Facts:** {len(article.facts)}, every record `status: draft` until approved (/kb review).")
    lines += [f"Default: {d}" for d in draft.report.defaults]
    lines.append("Publish makes it live at once (audited; /kb review to curate it).")
    return "\n".join(lines)


def pending_drafts(bot: FactDeskBot) -> PendingDrafts:
    return PendingDrafts(bot.desk.store)


def save_draft(bot: FactDeskBot, draft: Draft, moderator_id: int) -> PendingDraft:
    header = "# Drafted by /kb draft: every record is `status: draft` until a curator approves it.\n"
    yaml_text = header + dump_article(article_data(draft.article))
    return pending_drafts(bot).add(draft.article.id, yaml_text, draft.text, moderator_id)


def draft_view(token: str) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(DraftPublishButton(token))
    view.add_item(DraftCancelButton(token))
    return view


class DraftPublishButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fd:draft:publish:(?P<token>[0-9a-f]{16})"
):
    def __init__(self, token: str) -> None:
        super().__init__(
            discord.ui.Button(label="Publish", style=discord.ButtonStyle.success, custom_id=f"fd:draft:publish:{token}")
        )
        self.token = token

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: Any, /
    ) -> DraftPublishButton:
        return cls(match["token"])

    async def callback(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        await guarded(interaction, f"the button {self.custom_id}", self._publish(interaction))

    async def _publish(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        if not await refuse_unless_moderator(interaction):
            return
        drafts = pending_drafts(interaction.client)
        draft = await asyncio.to_thread(drafts.get, self.token)  # gone -> the error path
        await interaction.response.edit_message(content=f"Publishing `{draft.article_id}`…", view=None)
        editor = interaction.client.desk.editor
        change = await apply_change(
            interaction,
            lambda: publish_draft(editor, draft, moderator_of(interaction)),
            "Published `{target}`: it answers from now on. /kb review curates its draft entries.",
        )
        if change is not None:
            await asyncio.to_thread(drafts.discard, self.token)
        else:  # refused: the draft stays, and so do its buttons
            await interaction.edit_original_response(view=draft_view(self.token))


class DraftCancelButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fd:draft:cancel:(?P<token>[0-9a-f]{16})"
):
    def __init__(self, token: str) -> None:
        super().__init__(
            discord.ui.Button(label="Cancel", style=discord.ButtonStyle.secondary, custom_id=f"fd:draft:cancel:{token}")
        )
        self.token = token

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: Any, /
    ) -> DraftCancelButton:
        return cls(match["token"])

    async def callback(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        await guarded(interaction, f"the button {self.custom_id}", self._cancel(interaction))

    async def _cancel(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        if not await refuse_unless_moderator(interaction):
            return
        await asyncio.to_thread(pending_drafts(interaction.client).discard, self.token)
        await interaction.response.edit_message(content="Cancelled; nothing was published.", view=None)


async def send_draft(interaction: discord.Interaction[FactDeskBot], draft: Draft) -> None:
    pending = await asyncio.to_thread(save_draft, interaction.client, draft, interaction.user.id)
    await send_ephemeral(interaction, draft_summary(draft), view=draft_view(pending.token))
