"""Moderators' commands: /fact, /quote, /person and /kb. Each only translates between
Discord and the engine's `FactBaseEditor`; the moderator check runs in every callback."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING, Any

import aiohttp
import discord
from discord import app_commands
from discord.ext import commands

from ...engine.errors import FactBaseError, FactDeskError, InputError
from ...engine.models import MAX_PHRASING
from ...engine.render import clip
from ..checks import moderators_only
from ..embeds import NO_PINGS
from ..moderation_views import (
    FACT_KIND,
    PERSON_KIND,
    QUOTE_KIND,
    ConfirmView,
    RecordForm,
    RecordKind,
    apply_change,
    for_moderators,
    from_moderators_view,
    moderator_of,
    refuse_unless_moderator,
    reply,
    slug_from,
)

if TYPE_CHECKING:
    from ..bot import FactDeskBot

log = logging.getLogger(__name__)

MANAGE_GUILD = discord.Permissions(manage_guild=True)
CHOICES = 25
MAX_IMPORT_BYTES = 2_000_000


def _choices(pairs: list[tuple[str, str]], typed: str) -> list[app_commands.Choice[str]]:
    typed = typed.casefold().strip()
    matching = [(label, value) for label, value in pairs if typed in label.casefold()] if typed else pairs
    return [app_commands.Choice(name=clip(label, 100), value=value[:100]) for label, value in matching[:CHOICES]]


class Moderation(commands.Cog):
    """Keep the fact base right from Discord: add, fix, teach, undo."""

    fact = app_commands.Group(
        name="fact",
        description="Moderators: add, edit and undo facts",
        default_permissions=MANAGE_GUILD,
        guild_only=True,
    )
    quote = app_commands.Group(
        name="quote",
        description="Moderators: add, edit, remove and revert quotes",
        default_permissions=MANAGE_GUILD,
        guild_only=True,
    )
    person = app_commands.Group(
        name="person",
        description="Moderators: add, edit and revert people",
        default_permissions=MANAGE_GUILD,
        guild_only=True,
    )
    kb = app_commands.Group(
        name="kb",
        description="Moderators: reload, export and import the fact base",
        default_permissions=MANAGE_GUILD,
        guild_only=True,
    )

    def __init__(self, bot: FactDeskBot) -> None:
        self.bot = bot
        for group in (self.fact, self.quote, self.person, self.kb):
            for command in group.commands:
                if isinstance(command, app_commands.Command):
                    command.add_check(moderators_only)

    @property
    def editor(self) -> Any:
        return self.bot.desk.editor

    # ------------------------------------------------------------ autocomplete

    async def fact_ids(
        self, interaction: discord.Interaction[FactDeskBot], current: str
    ) -> list[app_commands.Choice[str]]:
        pairs = [(f"{f.id} — {f.question}", f.id) for _, f in self.bot.desk.engine.kb.facts]
        return _choices(pairs, current)

    async def quote_ids(
        self, interaction: discord.Interaction[FactDeskBot], current: str
    ) -> list[app_commands.Choice[str]]:
        pairs = [(f"{q.id} — {q.text}", q.id) for _, q in self.bot.desk.engine.kb.quotes]
        return _choices(pairs, current)

    async def person_ids(
        self, interaction: discord.Interaction[FactDeskBot], current: str
    ) -> list[app_commands.Choice[str]]:
        pairs = [(f"{p.id} — {p.name}", p.id) for _, p in self.bot.desk.engine.kb.people]
        return _choices(pairs, current)

    async def article_ids(
        self, interaction: discord.Interaction[FactDeskBot], current: str
    ) -> list[app_commands.Choice[str]]:
        pairs = [(f"{a.id} — {a.source.title}", a.id) for a in self.bot.desk.engine.kb.articles]
        return _choices(pairs, current)

    # ------------------------------------------------------------ /fact

    @fact.command(name="add", description="Add a fact (opens a form)")
    @app_commands.rename(not_in_article="not-in-article")
    @app_commands.describe(
        article="The article it belongs to (only needed when there are several)",
        not_in_article="A known gap: readers ask this but the article doesn't answer it (the bot says so)",
    )
    @app_commands.autocomplete(article=article_ids)
    async def fact_add(
        self, interaction: discord.Interaction[FactDeskBot], article: str | None = None, not_in_article: bool = False
    ) -> None:
        await self._check_article(article)
        extra = {"not_in_article": True} if not_in_article else None
        await interaction.response.send_modal(self._add_form(FACT_KIND, article, extra=extra))

    async def _check_article(self, article: str | None) -> None:
        """Say which article is meant (or that it doesn't exist) before the form, not after it is filled."""
        await asyncio.to_thread(self.editor.article_file, article)  # InputError/NotFoundError -> handler

    def new_fact_modal(self, article: str | None, question: str = "") -> RecordForm:
        return self._add_form(FACT_KIND, article, {"question": question})

    def _add_form(
        self,
        spec: RecordKind,
        article: str | None,
        defaults: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> RecordForm:
        """The form for a new record; its id is made from its text, unique among its kind.
        `extra` holds fields set by the command's options rather than the form."""

        async def submit(interaction: discord.Interaction[FactDeskBot], values: dict[str, str]) -> None:
            kb = self.bot.desk.engine.kb
            taken = {r.id for _, r in {"fact": kb.facts, "quote": kb.quotes, "person": kb.people}[spec.kind]}
            record = {**spec.to_record(values, slug_from(spec.id_source(values), taken), None), **(extra or {})}
            await apply_change(
                interaction,
                lambda: self.editor.add(spec.kind, record, moderator_of(interaction), article_id=article),
                spec.added,
            )

        return RecordForm(fields=spec.form, title=f"New {spec.kind}", on_submit_values=submit, defaults=defaults)

    async def _open_edit(self, interaction: discord.Interaction[FactDeskBot], spec: RecordKind, record_id: str) -> None:
        """The form filled in with the record as stored; submitting replaces what it shows."""
        _, _, existing = await asyncio.to_thread(self.editor.locate, spec.kind, record_id)

        async def submit(interaction: discord.Interaction[FactDeskBot], values: dict[str, str]) -> None:
            record = spec.to_record(values, record_id, existing)
            await apply_change(
                interaction,
                lambda: self.editor.update(spec.kind, record_id, record, moderator_of(interaction)),
                f"Updated {spec.kind} `{{target}}`.",
            )

        await interaction.response.send_modal(
            RecordForm(
                fields=spec.form,
                title=f"Edit {record_id}",
                on_submit_values=submit,
                defaults=spec.to_defaults(existing),
            )
        )

    @fact.command(name="edit", description="Edit a fact (opens a filled-in form)")
    @app_commands.describe(id="The fact to edit")
    @app_commands.autocomplete(id=fact_ids)
    async def fact_edit(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        await self._open_edit(interaction, FACT_KIND, id)

    @fact.command(name="remove", description="Remove a fact (asks to confirm)")
    @app_commands.describe(id="The fact to remove")
    @app_commands.autocomplete(id=fact_ids)
    async def fact_remove(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        await self._confirm_remove(interaction, "fact", id)

    async def _confirm_remove(self, interaction: discord.Interaction[FactDeskBot], kind: str, record_id: str) -> None:
        await asyncio.to_thread(self.editor.locate, kind, record_id)  # NotFoundError -> handler

        async def confirmed(button_interaction: discord.Interaction[FactDeskBot]) -> None:
            change = await apply_change(
                button_interaction,
                lambda: self.editor.remove(kind, record_id, moderator_of(button_interaction)),
                f"Removed {kind} `{{target}}`. `/{kind} revert {record_id}` brings it back.",
            )
            if change is not None:
                await interaction.edit_original_response(content=f"Removed {kind} `{record_id}`.", view=None)

        await interaction.response.send_message(
            f"Remove {kind} `{record_id}`? This is recorded and can be reverted.",
            view=ConfirmView(interaction.user.id, confirmed),
            ephemeral=True,
        )

    @fact.command(name="alias", description="Teach the bot another phrasing of a fact")
    @app_commands.describe(id="The fact the phrasing belongs to", phrasing="How a reader asked it")
    @app_commands.autocomplete(id=fact_ids)
    async def fact_alias(
        self, interaction: discord.Interaction[FactDeskBot], id: str, phrasing: app_commands.Range[str, 1, MAX_PHRASING]
    ) -> None:
        await apply_change(
            interaction,
            lambda: self.editor.add_phrasing(id, phrasing, moderator_of(interaction)),
            f"Fact `{{target}}` now also answers “{clip(phrasing, 200)}”.",
        )

    @fact.command(name="show", description="Show a fact as stored")
    @app_commands.describe(id="The fact to show")
    @app_commands.autocomplete(id=fact_ids)
    async def fact_show(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        _, _, record = await asyncio.to_thread(self.editor.locate, "fact", id)
        embed = discord.Embed(title=clip(f"Fact {id}", 256), description=clip(record["answer"], 4096), colour=0x2B6CB0)
        embed.add_field(name="Question", value=clip(record["question"], 1024), inline=False)
        embed.add_field(
            name="Phrasings",
            value=clip("\n".join(f"• {for_moderators(p)}" for p in record["phrasings"]), 1024),
            inline=False,
        )
        evidence = record["evidence"]
        paragraphs = ", ".join(map(str, evidence["paragraphs"]))
        embed.add_field(
            name=f"Evidence (paragraphs {paragraphs})", value=clip(f"> {evidence['text']}", 1024), inline=False
        )
        embed.add_field(name="Attributed to", value=clip(record.get("attributed_to", "article"), 1024), inline=False)
        if record.get("not_in_article"):
            embed.add_field(
                name="Not in the article",
                value="A known gap: the bot replies that the article doesn't say, with this answer.",
                inline=False,
            )
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_PINGS)

    @fact.command(name="history", description="The recorded changes to a fact")
    @app_commands.describe(id="The fact")
    @app_commands.autocomplete(id=fact_ids)
    async def fact_history(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        await self._history(interaction, "fact", id)

    async def _history(self, interaction: discord.Interaction[FactDeskBot], kind: str, record_id: str) -> None:
        versions = await asyncio.to_thread(self.editor.history, kind, record_id)
        if not versions:
            await reply(interaction, f"No recorded changes to {kind} `{record_id}` (it is as curated).")
            return
        lines = [f"`v{v.number}` {v.time} — {v.command} by {v.moderator}" for v in versions[-20:]]
        await reply(interaction, f"Changes to {kind} `{record_id}`:\n" + "\n".join(lines))

    @fact.command(name="revert", description="Undo the last change to a fact, or restore a version")
    @app_commands.describe(id="The fact", version="Restore the fact as it was after this version (see /fact history)")
    @app_commands.autocomplete(id=fact_ids)
    async def fact_revert(
        self, interaction: discord.Interaction[FactDeskBot], id: str, version: app_commands.Range[int, 1] | None = None
    ) -> None:
        await self._revert(interaction, "fact", id, version)

    async def _revert(
        self, interaction: discord.Interaction[FactDeskBot], kind: str, record_id: str, version: int | None
    ) -> None:
        what = f"version {version}" if version else "the state before the last change"
        await apply_change(
            interaction,
            lambda: self.editor.revert(kind, record_id, moderator_of(interaction), version),
            f"Restored {kind} `{{target}}` to {what}.",
        )

    # ------------------------------------------------------------ /quote

    @quote.command(name="add", description="Add a verbatim quote (opens a form)")
    @app_commands.describe(article="The article it belongs to (only needed when there are several)")
    @app_commands.autocomplete(article=article_ids)
    async def quote_add(self, interaction: discord.Interaction[FactDeskBot], article: str | None = None) -> None:
        await self._check_article(article)
        await interaction.response.send_modal(self._add_form(QUOTE_KIND, article))

    @quote.command(name="edit", description="Edit a quote (opens a filled-in form)")
    @app_commands.describe(id="The quote to edit")
    @app_commands.autocomplete(id=quote_ids)
    async def quote_edit(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        await self._open_edit(interaction, QUOTE_KIND, id)

    @quote.command(name="remove", description="Remove a quote (asks to confirm)")
    @app_commands.describe(id="The quote to remove")
    @app_commands.autocomplete(id=quote_ids)
    async def quote_remove(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        await self._confirm_remove(interaction, "quote", id)

    @quote.command(name="history", description="The recorded changes to a quote")
    @app_commands.describe(id="The quote")
    @app_commands.autocomplete(id=quote_ids)
    async def quote_history(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        await self._history(interaction, "quote", id)

    @quote.command(name="revert", description="Undo the last change to a quote, or restore a version")
    @app_commands.describe(
        id="The quote", version="Restore the quote as it was after this version (see /quote history)"
    )
    @app_commands.autocomplete(id=quote_ids)
    async def quote_revert(
        self, interaction: discord.Interaction[FactDeskBot], id: str, version: app_commands.Range[int, 1] | None = None
    ) -> None:
        await self._revert(interaction, "quote", id, version)

    # ------------------------------------------------------------ /person

    @person.command(name="add", description="Add a person the article names (opens a form)")
    @app_commands.describe(article="The article they appear in (only needed when there are several)")
    @app_commands.autocomplete(article=article_ids)
    async def person_add(self, interaction: discord.Interaction[FactDeskBot], article: str | None = None) -> None:
        await self._check_article(article)
        await interaction.response.send_modal(self._add_form(PERSON_KIND, article))

    @person.command(name="edit", description="Edit a person (opens a filled-in form)")
    @app_commands.describe(id="The person to edit")
    @app_commands.autocomplete(id=person_ids)
    async def person_edit(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        await self._open_edit(interaction, PERSON_KIND, id)

    @person.command(name="history", description="The recorded changes to a person")
    @app_commands.describe(id="The person")
    @app_commands.autocomplete(id=person_ids)
    async def person_history(self, interaction: discord.Interaction[FactDeskBot], id: str) -> None:
        await self._history(interaction, "person", id)

    @person.command(name="revert", description="Undo the last change to a person, or restore a version")
    @app_commands.describe(
        id="The person", version="Restore the person as they were after this version (see /person history)"
    )
    @app_commands.autocomplete(id=person_ids)
    async def person_revert(
        self, interaction: discord.Interaction[FactDeskBot], id: str, version: app_commands.Range[int, 1] | None = None
    ) -> None:
        await self._revert(interaction, "person", id, version)

    # ------------------------------------------------------------ /kb

    @kb.command(name="reload", description="Re-read the fact base files now and report the result")
    async def kb_reload(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        try:
            engine = await asyncio.to_thread(self.bot.desk.reload)
        except FactBaseError as exc:
            problems = "\n".join(f"• {p}" for p in exc.problems[:15])
            await reply(interaction, f"The files have problems; still serving the last good fact base.\n{problems}")
            return
        kb = engine.kb
        facts = sum(len(a.facts) for a in kb.articles)
        quotes = sum(len(a.quotes) for a in kb.articles)
        await reply(interaction, f"Reloaded: {len(kb.articles)} article(s), {facts} facts, {quotes} quotes.")

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

    @kb.command(name="unanswered", description="The questions the bot could not answer, most asked first")
    async def kb_unanswered(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        top = await asyncio.to_thread(self.bot.desk.missed.top, 10)
        if not top:
            await reply(interaction, "No unanswered questions recorded yet.")
            return
        lines = []
        view = UnansweredView(interaction.user.id)
        for number, item in enumerate(top, 1):
            suggestion = f" → `{item.suggested_fact_id}`" if item.suggested_fact_id else ""
            lines.append(f"{number}. ({item.count}×) {for_moderators(clip(item.question, 150))}{suggestion}")
            if item.suggested_fact_id:
                view.add_alias_button(number, item.question, item.suggested_fact_id)
        await reply(interaction, "Most asked unanswered questions:\n" + "\n".join(lines), view=view)


class UnansweredView(discord.ui.View):
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
            await apply_change(
                interaction,
                lambda: interaction.client.desk.editor.add_phrasing(
                    fact_id, question[:MAX_PHRASING], moderator_of(interaction)
                ),
                f"Fact `{{target}}` now also answers “{for_moderators(clip(question, 200))}”.",
            )

        button.callback = callback  # type: ignore[method-assign]
        self.add_item(button)


async def post_missed_question(bot: FactDeskBot, question: str, suggested: tuple[str, ...]) -> None:
    """Offer a missed question to the moderators' channel, with buttons to fix it."""
    channel_id = bot.settings.missed_questions_channel_id
    if channel_id is None:
        return
    channel = bot.get_channel(channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        log.warning("MISSED_QUESTIONS_CHANNEL_ID %s is not a text channel I can see", channel_id)
        return
    # The reader's words, shown as typed: a masked link or a mention in them must not act as one.
    description = clip(for_moderators(question), 4000)
    embed = discord.Embed(title="A question I couldn't answer", description=description, colour=0x718096)
    view = discord.ui.View(timeout=None)
    article_id = None
    if suggested:
        embed.add_field(name="Closest fact", value=f"`{suggested[0]}`", inline=False)
        view.add_item(MissedAliasButton(suggested[0]))
        found = bot.desk.engine.fact(suggested[0])
        article_id = found[0].id if found else None
    view.add_item(MissedNewFactButton(article_id))
    view.add_item(MissedNotInArticleButton())
    try:
        await channel.send(embed=embed, view=view, allowed_mentions=NO_PINGS)
    except (discord.HTTPException, aiohttp.ClientError, OSError):
        # The reader already has their answer: a failed side post must not turn into an error
        # reply to them (network errors reach here unwrapped, not as HTTPException).
        log.warning("could not post a missed question to channel %s", channel_id, exc_info=True)


def _missed_question(interaction: discord.Interaction[Any]) -> str:
    message = interaction.message
    if message is None or not message.embeds or not message.embeds[0].description:
        raise InputError("That message no longer holds the question.")
    return from_moderators_view(message.embeds[0].description)


async def _close_missed(interaction: discord.Interaction[Any], outcome: str) -> None:
    if interaction.message is not None:
        try:
            await interaction.message.edit(content=clip(outcome, 2000), view=None, allowed_mentions=NO_PINGS)
        except discord.HTTPException:
            log.warning("could not update the missed-question message", exc_info=True)


class MissedAliasButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fd:miss:alias:(?P<fact_id>[a-z0-9-]{1,64})"
):
    def __init__(self, fact_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(f"Add as phrasing of {fact_id}", 80),
                style=discord.ButtonStyle.primary,
                custom_id=f"fd:miss:alias:{fact_id}",
            )
        )
        self.fact_id = fact_id

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: Any, /
    ) -> MissedAliasButton:
        return cls(match["fact_id"])

    async def callback(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        if not await refuse_unless_moderator(interaction):
            return
        try:
            question = _missed_question(interaction)
        except FactDeskError as exc:
            await reply(interaction, str(exc))
            return
        change = await apply_change(
            interaction,
            lambda: interaction.client.desk.editor.add_phrasing(
                self.fact_id, question[:MAX_PHRASING], moderator_of(interaction)
            ),
            "Fact `{target}` now answers this question.",
        )
        if change is not None:
            await _close_missed(interaction, f"Added as a phrasing of `{self.fact_id}` by {interaction.user}.")


class MissedNewFactButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fd:miss:new(?::(?P<article>[a-z0-9-]{1,64}))?"
):
    """A new fact for the missed question, in the article of the closest fact (the button says
    which: with several articles the form could not know where the fact belongs)."""

    def __init__(self, article_id: str | None = None) -> None:
        custom_id = f"fd:miss:new:{article_id}" if article_id else "fd:miss:new"
        super().__init__(discord.ui.Button(label="New fact", style=discord.ButtonStyle.secondary, custom_id=custom_id))
        self.article_id = article_id

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: Any, /
    ) -> MissedNewFactButton:
        return cls(match["article"])

    async def callback(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        if not await refuse_unless_moderator(interaction):
            return
        cog = interaction.client.get_cog("Moderation")
        assert isinstance(cog, Moderation)
        try:
            question = _missed_question(interaction)
        except FactDeskError as exc:
            await reply(interaction, str(exc))
            return
        try:
            await asyncio.to_thread(cog.editor.article_file, self.article_id)
        except FactDeskError as exc:
            await reply(interaction, f"{exc}; use /fact add with its article option instead.")
            return
        await interaction.response.send_modal(cog.new_fact_modal(self.article_id, question=question[:200]))


class MissedNotInArticleButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fd:miss:none"):
    def __init__(self) -> None:
        super().__init__(
            discord.ui.Button(label="Not in the article", style=discord.ButtonStyle.secondary, custom_id="fd:miss:none")
        )

    @classmethod
    async def from_custom_id(  # type: ignore[override]
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: Any, /
    ) -> MissedNotInArticleButton:
        return cls()

    async def callback(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        if not await refuse_unless_moderator(interaction):
            return
        try:
            question = _missed_question(interaction)
        except FactDeskError as exc:
            await reply(interaction, str(exc))
            return
        await asyncio.to_thread(interaction.client.desk.missed.mark_not_in_article, question)
        await reply(interaction, "Marked as not in the article; it won't be posted again.")
        await _close_missed(interaction, f"Marked not in the article by {interaction.user}.")


async def setup(bot: FactDeskBot) -> None:
    await bot.add_cog(Moderation(bot))
    bot.add_dynamic_items(MissedAliasButton, MissedNewFactButton, MissedNotInArticleButton)
