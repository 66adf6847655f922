"""/fact, /quote and /person, generated from one spec per record kind: add, edit, remove,
history and revert are the same flow for every kind, so they are written once."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from ....engine.models import MAX_PHRASING
from ....engine.records import FACT, PERSON, QUOTE, RecordSpec
from ....engine.render import clip
from ...checks import autocomplete_allowed, moderators_only
from ...replies import NO_PINGS, send_ephemeral
from ._views import ConfirmView, add_form, add_phrasing, apply_change, edit_form, for_moderators, moderator_of

if TYPE_CHECKING:
    pass

MANAGE_GUILD = discord.Permissions(manage_guild=True)
CHOICES = 25
Interaction = discord.Interaction["FactDeskBot"]


def choices(pairs: list[tuple[str, str]], typed: str) -> list[app_commands.Choice[str]]:
    typed = typed.casefold().strip()
    matching = [(label, value) for label, value in pairs if typed in label.casefold()] if typed else pairs
    return [app_commands.Choice(name=clip(label, 100), value=value[:100]) for label, value in matching[:CHOICES]]


async def article_ids(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    if not autocomplete_allowed(interaction):
        return []
    pairs = [(f"{a.id} — {a.source.title}", a.id) for a in interaction.client.desk.engine.kb.articles]
    return choices(pairs, current)


async def fact_ids(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
    if not autocomplete_allowed(interaction):
        return []
    return choices(FACT.choices(interaction.client.desk.engine.kb), current)


async def check_article(interaction: Interaction, article: str | None) -> None:
    """Say which article is meant (or that it doesn't exist) before the form, not after it is filled."""
    await asyncio.to_thread(interaction.client.desk.editor.article_file, article)  # errors -> handler


# ------------------------------------------------------------ fact only


@app_commands.describe(id="The fact the phrasing belongs to", phrasing="How a reader asked it")
@app_commands.autocomplete(id=fact_ids)
async def fact_alias(interaction: Interaction, id: str, phrasing: app_commands.Range[str, 1, MAX_PHRASING]) -> None:
    await add_phrasing(interaction, id, phrasing, f"Fact `{{target}}` now also answers “{clip(phrasing, 200)}”.")


@app_commands.describe(id="The fact to show")
@app_commands.autocomplete(id=fact_ids)
async def fact_show(interaction: Interaction, id: str) -> None:
    _, _, record = await asyncio.to_thread(interaction.client.desk.editor.locate, "fact", id)
    embed = discord.Embed(title=clip(f"Fact {id}", 256), description=clip(record["answer"], 4096), colour=0x2B6CB0)
    embed.add_field(name="Question", value=clip(record["question"], 1024), inline=False)
    embed.add_field(
        name="Phrasings",
        value=clip("\n".join(f"• {for_moderators(p)}" for p in record["phrasings"]), 1024),
        inline=False,
    )
    evidence = record["evidence"]
    paragraphs = ", ".join(map(str, evidence["paragraphs"]))
    embed.add_field(name=f"Evidence (paragraphs {paragraphs})", value=clip(f"> {evidence['text']}", 1024), inline=False)
    embed.add_field(name="Attributed to", value=clip(record.get("attributed_to", "article"), 1024), inline=False)
    if record.get("not_in_article"):
        embed.add_field(
            name="Not in the article",
            value="A known gap: the bot replies that the article doesn't say, with this answer.",
            inline=False,
        )
    await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=NO_PINGS)


# ------------------------------------------------------------ the specs


@dataclass(frozen=True)
class KindCommands:
    """What a kind's command group says and holds beyond the shared flow."""

    spec: RecordSpec
    description: str
    add_description: str
    article_help: str
    as_it_was: str  # "the fact as it was", for the revert option's help
    removable: bool = True
    known_gaps: bool = False  # /fact add's not-in-article option
    extra: tuple[tuple[str, str, Callable[..., Any]], ...] = field(default=())  # after remove


BELONGS = "The article it belongs to (only needed when there are several)"
KINDS = (
    KindCommands(
        FACT,
        "Moderators: add, edit and undo facts",
        "Add a fact (opens a form)",
        BELONGS,
        "the fact as it was",
        known_gaps=True,
        extra=(
            ("alias", "Teach the bot another phrasing of a fact", fact_alias),
            ("show", "Show a fact as stored", fact_show),
        ),
    ),
    KindCommands(
        QUOTE,
        "Moderators: add, edit, remove and revert quotes",
        "Add a verbatim quote (opens a form)",
        BELONGS,
        "the quote as it was",
    ),
    KindCommands(
        PERSON,
        "Moderators: add, edit and revert people",
        "Add a person the article names (opens a form)",
        "The article they appear in (only needed when there are several)",
        "the person as they were",
        removable=False,
    ),
)


def record_group(kind: KindCommands) -> app_commands.Group:
    """The command group of one record kind, every command checking the moderator."""
    spec = kind.spec
    name = spec.kind

    async def ids(interaction: Interaction, current: str) -> list[app_commands.Choice[str]]:
        if not autocomplete_allowed(interaction):
            return []
        return choices(spec.choices(interaction.client.desk.engine.kb), current)

    @app_commands.describe(article=kind.article_help)
    @app_commands.autocomplete(article=article_ids)
    async def add(interaction: Interaction, article: str | None = None) -> None:
        await check_article(interaction, article)
        await interaction.response.send_modal(add_form(spec, article))

    @app_commands.rename(not_in_article="not-in-article")
    @app_commands.describe(
        article=kind.article_help,
        not_in_article="A known gap: readers ask this but the article doesn't answer it (the bot says so)",
    )
    @app_commands.autocomplete(article=article_ids)
    async def add_gap(interaction: Interaction, article: str | None = None, not_in_article: bool = False) -> None:
        await check_article(interaction, article)
        extra = {"not_in_article": True} if not_in_article else None
        await interaction.response.send_modal(add_form(spec, article, extra=extra))

    @app_commands.describe(id=f"The {name} to edit")
    @app_commands.autocomplete(id=ids)
    async def edit(interaction: Interaction, id: str) -> None:
        _, _, existing = await asyncio.to_thread(interaction.client.desk.editor.locate, name, id)
        await interaction.response.send_modal(edit_form(spec, id, existing))

    @app_commands.describe(id=f"The {name} to remove")
    @app_commands.autocomplete(id=ids)
    async def remove(interaction: Interaction, id: str) -> None:
        editor = interaction.client.desk.editor
        await asyncio.to_thread(editor.locate, name, id)  # NotFoundError -> handler

        async def confirmed(button_interaction: Interaction) -> None:
            change = await apply_change(
                button_interaction,
                lambda: editor.remove(name, id, moderator_of(button_interaction)),
                f"Removed {name} `{{target}}`. `/{name} revert {id}` brings it back.",
            )
            if change is not None:
                await interaction.edit_original_response(content=f"Removed {name} `{id}`.", view=None)

        await interaction.response.send_message(
            f"Remove {name} `{id}`? This is recorded and can be reverted.",
            view=ConfirmView(interaction.user.id, confirmed),
            ephemeral=True,
        )

    @app_commands.describe(id=f"The {name}")
    @app_commands.autocomplete(id=ids)
    async def history(interaction: Interaction, id: str) -> None:
        versions = await asyncio.to_thread(interaction.client.desk.editor.history, name, id)
        if not versions:
            await send_ephemeral(interaction, f"No recorded changes to {name} `{id}` (it is as curated).")
            return
        lines = [f"`v{v.number}` {v.time} — {v.command} by {v.moderator}" for v in versions[-20:]]
        await send_ephemeral(interaction, f"Changes to {name} `{id}`:\n" + "\n".join(lines))

    @app_commands.describe(
        id=f"The {name}", version=f"Restore {kind.as_it_was} after this version (see /{name} history)"
    )
    @app_commands.autocomplete(id=ids)
    async def revert(interaction: Interaction, id: str, version: app_commands.Range[int, 1] | None = None) -> None:
        what = f"version {version}" if version else "the state before the last change"
        await apply_change(
            interaction,
            lambda: interaction.client.desk.editor.revert(name, id, moderator_of(interaction), version),
            f"Restored {name} `{{target}}` to {what}.",
        )

    commands: list[tuple[str, str, Callable[..., Any]]] = [
        ("add", kind.add_description, add_gap if kind.known_gaps else add),
        ("edit", f"Edit a {name} (opens a filled-in form)", edit),
    ]
    if kind.removable:
        commands.append(("remove", f"Remove a {name} (asks to confirm)", remove))
    commands += [
        *kind.extra,
        ("history", f"The recorded changes to a {name}", history),
        ("revert", f"Undo the last change to a {name}, or restore a version", revert),
    ]
    group = app_commands.Group(
        name=name, description=kind.description, default_permissions=MANAGE_GUILD, guild_only=True
    )
    for command_name, description, callback in commands:
        command: app_commands.Command[Any, ..., None] = app_commands.Command(
            name=command_name, description=description, callback=callback
        )
        command.add_check(moderators_only)
        group.add_command(command)
    return group


def record_groups() -> list[app_commands.Group]:
    return [record_group(kind) for kind in KINDS]
