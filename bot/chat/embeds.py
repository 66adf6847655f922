"""Discord's side of the shared renderer: `Reply` -> `discord.Embed`, plus the reply's buttons."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import discord

from ..engine.render import ASKED, Reply, clip, render
from .checks import refused_for_rate
from .errors import guarded
from .replies import NO_PINGS

if TYPE_CHECKING:
    from .bot import FactDeskBot

BUTTON_LABEL_LIMIT = 80


def page_button(step: str, custom_id: str, *, disabled: bool = False) -> discord.ui.Button[Any]:
    """A pager's Previous (`step` "prev") or Next button: /facts and /kb review page alike."""
    return discord.ui.Button(
        label="Previous" if step == "prev" else "Next",
        style=discord.ButtonStyle.secondary,
        custom_id=custom_id,
        disabled=disabled,
    )


def to_embed(reply: Reply) -> discord.Embed:
    embed = discord.Embed(title=reply.title, description=reply.description, colour=reply.colour, url=reply.url)
    for field in reply.fields:
        embed.add_field(name=field.name, value=field.value, inline=False)
    if reply.footer:
        embed.set_footer(text=reply.footer)
    return embed


class SuggestionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fd:ask:(?P<fact_id>[a-z0-9-]{1,64})"):
    """A suggested question; clicking it answers it. Works across restarts (the id is in the button)."""

    def __init__(self, fact_id: str, label: str) -> None:
        super().__init__(
            discord.ui.Button(
                label=clip(label, BUTTON_LABEL_LIMIT),
                style=discord.ButtonStyle.secondary,
                custom_id=f"fd:ask:{fact_id}",
            )
        )
        self.fact_id = fact_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> SuggestionButton:
        return cls(match["fact_id"], item.label or match["fact_id"])

    async def callback(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        await guarded(interaction, f"the suggestion button {self.custom_id}", self._answer(interaction))

    async def _answer(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        if await refused_for_rate(interaction):
            return
        bot = interaction.client
        answer = bot.desk.engine.answer_fact(self.fact_id)
        if answer is None:
            await interaction.response.send_message(
                "That suggestion is no longer in the fact base; try asking again.", ephemeral=True
            )
            return
        reply = render(answer)
        await interaction.response.send_message(
            embed=to_embed(reply), view=reply_view(reply), allowed_mentions=NO_PINGS
        )


class FeedbackButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"fd:fb:(?P<vote>up|down):(?P<fact_id>[a-z0-9-]{0,64})"
):
    """Helpful / not helpful; recorded with the question and the fact id."""

    def __init__(self, vote: str, fact_id: str) -> None:
        helpful = vote == "up"
        super().__init__(
            discord.ui.Button(
                label="Helpful" if helpful else "Not helpful",
                emoji="👍" if helpful else "👎",
                style=discord.ButtonStyle.secondary,
                custom_id=f"fd:fb:{vote}:{fact_id}",
            )
        )
        self.vote = vote
        self.fact_id = fact_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        return cls(match["vote"], match["fact_id"])

    async def callback(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        await guarded(interaction, f"the feedback button {self.custom_id}", self._record(interaction))

    async def _record(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        if await refused_for_rate(interaction):
            return
        message = interaction.message
        # One vote per reader and reply (the store keeps the latest); written off the event loop.
        await asyncio.to_thread(
            interaction.client.desk.record_feedback,
            helpful=self.vote == "up",
            question=question_of(message),
            fact_id=self.fact_id or None,
            user_id=interaction.user.id,
            message_id=message.id if message is not None else None,
        )
        await interaction.response.send_message("Thanks, your feedback was recorded.", ephemeral=True)


def question_of(message: discord.Message | None) -> str:
    """The question a reply answered, as its footer records it."""
    if message is None or not message.embeds or not message.embeds[0].footer.text:
        return ""
    footer = message.embeds[0].footer.text
    _, found, question = footer.partition(ASKED)
    return question if found else ""


def reply_view(reply: Reply) -> discord.ui.View:
    """Suggestion buttons for an abstention; feedback buttons for every reply."""
    view = discord.ui.View(timeout=None)
    for fact_id, question in zip(reply.suggestion_ids, reply.suggestions, strict=False):
        view.add_item(SuggestionButton(fact_id, question))
    view.add_item(FeedbackButton("up", reply.fact_id or ""))
    view.add_item(FeedbackButton("down", reply.fact_id or ""))
    return view
