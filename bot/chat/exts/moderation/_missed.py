"""Missed questions in the moderators' channel: posted when the bot dispatches the
`missed_question` event, with persistent buttons to fix them."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

import aiohttp
import discord

from ....engine.errors import FactDeskError, InputError
from ....engine.records import FACT
from ....engine.render import clip
from ...errors import guarded
from ...replies import NO_PINGS, send_ephemeral
from ._views import add_form, add_phrasing, for_moderators, from_moderators_view, refuse_unless_moderator

if TYPE_CHECKING:
    from ...bot import FactDeskBot

log = logging.getLogger(__name__)


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


def missed_question(interaction: discord.Interaction[Any]) -> str:
    message = interaction.message
    if message is None or not message.embeds or not message.embeds[0].description:
        raise InputError("That message no longer holds the question.")
    return from_moderators_view(message.embeds[0].description)


async def close_missed(interaction: discord.Interaction[Any], outcome: str) -> None:
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
        await guarded(interaction, f"the button {self.custom_id}", self._add(interaction))

    async def _add(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        if not await refuse_unless_moderator(interaction):
            return
        question = missed_question(interaction)
        done = "Fact `{target}` now answers this question."
        change = await add_phrasing(interaction, self.fact_id, question, done, cut=True)
        if change is not None:
            await close_missed(interaction, f"Added as a phrasing of `{self.fact_id}` by {interaction.user}.")


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
        await guarded(interaction, f"the button {self.custom_id}", self._open(interaction))

    async def _open(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        if not await refuse_unless_moderator(interaction):
            return
        question = missed_question(interaction)
        try:
            await asyncio.to_thread(interaction.client.desk.editor.article_file, self.article_id)
        except FactDeskError as exc:
            await send_ephemeral(interaction, f"{exc}; use /fact add with its article option instead.")
            return
        await interaction.response.send_modal(add_form(FACT, self.article_id, {"question": question[:200]}))


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
        await guarded(interaction, f"the button {self.custom_id}", self._mark(interaction))

    async def _mark(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        if not await refuse_unless_moderator(interaction):
            return
        question = missed_question(interaction)
        await asyncio.to_thread(interaction.client.desk.missed.mark_not_in_article, question)
        await send_ephemeral(interaction, "Marked as not in the article; it won't be posted again.")
        await close_missed(interaction, f"Marked not in the article by {interaction.user}.")
