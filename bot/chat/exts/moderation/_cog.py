"""The moderators' cog: the generated /fact, /quote and /person groups, /kb, and the
listener that posts a missed question to the moderators' channel."""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from ....engine.article_text import replace_text, revert_text
from ....engine.articlefile import summarise_difference
from ....engine.editing import Version
from ....engine.errors import FactBaseError, InputError, NotFoundError
from ....engine.models import MAX_FILE_BYTES, Article
from ....engine.render import clip
from ....engine.store import restore_point
from ...checks import moderators_only
from ...replies import send_ephemeral
from ._article import draft_upload, parse_date, read_upload, send_draft, upload_paragraphs
from ._commands import MANAGE_GUILD, article_ids, record_groups
from ._missed import post_missed_question
from ._review import send_review
from ._views import ConfirmView, UnansweredView, apply_change, for_moderators, moderator_of

if TYPE_CHECKING:
    from ...bot import FactDeskBot

MAX_IMPORT_BYTES = MAX_FILE_BYTES


def revert_import_summary(article_id: str, current: Article | None, last: Version) -> str:
    """What `/kb revert-import` would put back: the file before the last import (or revert)."""
    undone = f"the {last.command} of {last.time} by {for_moderators(last.moderator)}"
    if last.before is None:
        return f"remove the article `{article_id}`, which {undone} added (its stored text stays)"
    restored = Article.model_validate(last.before)
    return f"put `{article_id}` back as it was before {undone}: {summarise_difference(current, restored)}"


class Moderation(commands.Cog):
    """Keep the fact base right from Discord: add, fix, teach, undo."""

    kb = app_commands.Group(
        name="kb",
        description="Moderators: reload, export and import the fact base",
        default_permissions=MANAGE_GUILD,
        guild_only=True,
    )

    def __init__(self, bot: FactDeskBot) -> None:
        self.bot = bot
        for command in self.kb.commands:
            if isinstance(command, app_commands.Command):
                command.add_check(moderators_only)
        # Added to the tree (and removed on unload) with the cog's own commands.
        self.record_groups = record_groups()
        self.__cog_app_commands__.extend(self.record_groups)

    @property
    def editor(self) -> Any:
        return self.bot.desk.editor

    @commands.Cog.listener()
    async def on_missed_question(self, question: str, suggested: tuple[str, ...]) -> None:
        await post_missed_question(self.bot, question, suggested)

    # ------------------------------------------------------------ /kb

    @kb.command(name="reload", description="Re-read the fact base files now and report the result")
    async def kb_reload(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        try:
            await asyncio.to_thread(self.bot.reload_knowledge, only_if_changed=False)
        except FactBaseError as exc:
            problems = "\n".join(f"• {p}" for p in exc.problems[:15])
            await send_ephemeral(
                interaction, f"The files have problems; still serving the last good fact base.\n{problems}"
            )
            return
        kb = self.bot.desk.engine.kb
        facts = sum(len(a.facts) for a in kb.articles)
        quotes = sum(len(a.quotes) for a in kb.articles)
        await send_ephemeral(interaction, f"Reloaded: {len(kb.articles)} article(s), {facts} facts, {quotes} quotes.")

    @kb.command(name="export", description="Attach the current fact base files")
    async def kb_export(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        files = []
        for path in sorted(self.bot.desk.engine.kb.files.values())[:10]:
            data = await asyncio.to_thread(path.read_bytes)
            files.append(discord.File(io.BytesIO(data), filename=path.name))
        await interaction.response.send_message(
            f"The fact base as it is now ({len(files)} file(s)).", files=files, ephemeral=True
        )

    @kb.command(name="import", description="Replace or add an article file from an attached YAML file")
    @app_commands.describe(file="A .yaml file in the fact base format (see /kb export)")
    async def kb_import(self, interaction: discord.Interaction[FactDeskBot], file: discord.Attachment) -> None:
        if file.size > MAX_IMPORT_BYTES:
            raise InputError(f"file: at most {MAX_IMPORT_BYTES // 1_000_000} MB")
        raw = await file.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError("file: must be UTF-8 text") from exc
        _, target, summary = await asyncio.to_thread(self.editor.preview_import, text, file.filename)

        async def confirmed(button_interaction: discord.Interaction[FactDeskBot]) -> None:
            await apply_change(
                button_interaction,
                lambda: self.editor.apply_import(text, file.filename, moderator_of(button_interaction)),
                f"Imported `{target.name}`.",
            )

        await interaction.response.send_message(
            f"`{clip(file.filename, 100)}` is valid. Applying it to `{target.name}` would change: {summary}. Apply?",
            view=ConfirmView(interaction.user.id, confirmed),
            ephemeral=True,
        )

    @kb.command(name="revert-import", description="Undo the last /kb import of an article (asks to confirm)")
    @app_commands.describe(article="The article whose file goes back to what it was before its last import")
    @app_commands.autocomplete(article=article_ids)
    async def kb_revert_import(
        self, interaction: discord.Interaction[FactDeskBot], article: app_commands.Range[str, 1, 64]
    ) -> None:
        versions = await asyncio.to_thread(self.editor.history, "article", article)
        if not versions:
            raise NotFoundError(f"article {article!r} was never imported here: nothing to revert")
        summary = revert_import_summary(article, self.bot.desk.engine.kb.article(article), versions[-1])

        async def confirmed(button_interaction: discord.Interaction[FactDeskBot]) -> None:
            await apply_change(
                button_interaction,
                lambda: self.editor.revert("article", article, moderator_of(button_interaction)),
                "Reverted `{target}`: its file is as it was before that import (recorded; running "
                "/kb revert-import again redoes it).",
            )

        await send_ephemeral(
            interaction,
            f"This would {summary}. Revert?",
            view=ConfirmView(interaction.user.id, confirmed),
        )

    @kb.command(name="review", description="Page through an article's drafted entries to approve, edit or remove")
    @app_commands.describe(article="The article to review (only needed when there are several)")
    @app_commands.autocomplete(article=article_ids)
    async def kb_review(self, interaction: discord.Interaction[FactDeskBot], article: str | None = None) -> None:
        await send_review(interaction, article)

    @kb.command(name="article", description="Attach or replace an article's text; quotes are checked against it")
    @app_commands.describe(
        file="The article: a .txt file (one paragraph per line) or a saved .html page",
        article="The article it is the text of (only needed when there are several)",
    )
    @app_commands.autocomplete(article=article_ids)
    async def kb_article(
        self, interaction: discord.Interaction[FactDeskBot], file: discord.Attachment, article: str | None = None
    ) -> None:
        raw = await read_upload(file)
        text = "\n".join(upload_paragraphs(file.filename, raw))
        await apply_change(
            interaction,
            lambda: replace_text(self.editor, article, text, moderator_of(interaction)),
            "Stored the text of `{target}`: every quote and excerpt is verbatim in it, and every change is "
            "checked against it from now on.",
        )

    @kb.command(name="revert-text", description="Undo the last /kb article of an article (asks to confirm)")
    @app_commands.describe(
        article="The article whose stored text goes back to what it was before its last /kb article",
        version="Restore the text as it was right after this change instead (1 = the first)",
    )
    @app_commands.autocomplete(article=article_ids)
    async def kb_revert_text(
        self,
        interaction: discord.Interaction[FactDeskBot],
        article: app_commands.Range[str, 1, 64],
        version: app_commands.Range[int, 1] | None = None,
    ) -> None:
        versions = await asyncio.to_thread(self.editor.history, "text", article)
        if not versions:
            raise NotFoundError(f"article {article!r} never had its text changed here: nothing to revert")
        change, after = restore_point(versions, version)  # an out-of-range version is refused here already
        state = change.after if after else change.before
        summary = (
            f"put back the text of `{article}` as it was ({state['paragraphs']} paragraphs)"
            if state
            else f"remove the stored text of `{article}` (it had none before), so its quotes are no longer checked"
        )

        async def confirmed(button_interaction: discord.Interaction[FactDeskBot]) -> None:
            await apply_change(
                button_interaction,
                lambda: revert_text(
                    self.editor, article, moderator_of(button_interaction), version, seen_changes=len(versions)
                ),
                "Reverted the text of `{target}` (recorded; /kb revert-text again redoes it).",
            )

        await send_ephemeral(
            interaction, f"This would {summary}. Revert?", view=ConfirmView(interaction.user.id, confirmed)
        )

    @kb.command(name="draft", description="Draft a new article's fact base from its text, to publish or cancel")
    @app_commands.describe(
        file="The article: a .txt file (one paragraph per line) or a saved .html page",
        title="The headline (default: the page's, or the first paragraph)",
        outlet="Who published it (default: the page's)",
        date="The day it was published, YYYY-MM-DD (default: the page's, or today)",
    )
    async def kb_draft(
        self,
        interaction: discord.Interaction[FactDeskBot],
        file: discord.Attachment,
        title: app_commands.Range[str, 1, 200] | None = None,
        outlet: app_commands.Range[str, 1, 100] | None = None,
        date: app_commands.Range[str, 10, 10] | None = None,
    ) -> None:
        published = parse_date(date)
        raw = await read_upload(file)
        draft = await asyncio.to_thread(draft_upload, self.bot, file.filename, raw, title, outlet, published)
        await send_draft(interaction, draft)

    @kb.command(name="unanswered", description="The questions the bot could not answer, most asked first")
    async def kb_unanswered(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        top = await asyncio.to_thread(self.bot.desk.missed.top, 10)
        if not top:
            await send_ephemeral(interaction, "No unanswered questions recorded yet.")
            return
        lines = []
        view = UnansweredView(interaction.user.id)
        for number, item in enumerate(top, 1):
            suggestion = f" → `{item.suggested_fact_id}`" if item.suggested_fact_id else ""
            lines.append(f"{number}. ({item.count}×) {for_moderators(clip(item.question, 150))}{suggestion}")
            if item.suggested_fact_id:
                view.add_alias_button(number, item.question, item.suggested_fact_id)
        await send_ephemeral(interaction, "Most asked unanswered questions:\n" + "\n".join(lines), view=view)
