"""Readers' slash commands: /ask, /who-said, /quotes, /who-is, /about, /facts, and the
"Ask FactDesk" message menu. Each only translates between Discord and the engine."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from ...engine.answers import Answer, Engine
from ...engine.browse import (
    FACTS_PER_PAGE,
    about_articles,
    article_choices,
    browse_facts,
    people_choices,
    quote_choices,
)
from ...engine.render import clip, render
from ...engine.text import clean_input
from ..checks import autocomplete_allowed, refused_for_rate
from ..embeds import NO_PINGS, page_button, reply_view, to_embed
from ..errors import guarded
from .listener import conversation_key

if TYPE_CHECKING:
    from ..bot import FactDeskBot

QUESTION_LIMIT = 300
CHOICE_LIMIT = 25


async def send_answer(
    interaction: discord.Interaction[FactDeskBot], answer: Answer, *, ephemeral: bool = False
) -> None:
    reply = render(answer)
    await interaction.response.send_message(
        embed=to_embed(reply), view=reply_view(reply), allowed_mentions=NO_PINGS, ephemeral=ephemeral
    )
    await interaction.client.after_answer(answer)


def _limit(interaction: discord.Interaction[FactDeskBot]) -> bool:
    interaction.client.limiter.check(interaction.user.id)
    return True


FACTS_TITLE = re.compile(r"Facts(?: about (?P<topic>.+))? \((?P<page>[0-9]+)/(?P<pages>[0-9]+)\)", re.DOTALL)


def facts_pages(engine: Engine, topic: str) -> list[discord.Embed]:
    """/facts as embeds, one a page (the title says the topic, which a page turn reads back)."""
    pages = browse_facts(engine, topic)
    embeds = []
    for number, page in enumerate(pages, 1):
        embed = discord.Embed(
            title=clip(f"Facts{' about ' + topic if topic else ''} ({number}/{len(pages)})", 256),
            description="\n".join(f"• {clip(line, 300)}" for line in page),
            colour=0x2B6CB0,
        )
        embed.set_footer(text=f"{FACTS_PER_PAGE} per page · ask any of these with /ask")
        embeds.append(embed)
    return embeds


def facts_view(owner_id: int, page: int, pages: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(FactsPageButton("prev", page - 1, owner_id, disabled=page <= 0))
    view.add_item(FactsPageButton("next", page + 1, owner_id, disabled=page >= pages - 1))
    return view


class FactsPageButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=r"fd:facts:(?P<step>prev|next):(?P<page>-?[0-9]{1,6}):(?P<owner>[0-9]{1,20})",
):
    """Previous / Next of /facts. Persistent: the page to show and the asker are in the custom
    id and the topic in the message's title, so a page turns after a restart or any wait; only
    the person who asked can turn it."""

    def __init__(self, step: str, page: int, owner_id: int, *, disabled: bool = False) -> None:
        super().__init__(page_button(step, f"fd:facts:{step}:{page}:{owner_id}", disabled=disabled))
        self.step, self.page, self.owner_id = step, page, owner_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction[Any], item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> FactsPageButton:
        return cls(match["step"], int(match["page"]), int(match["owner"]))

    async def callback(self, interaction: discord.Interaction[FactDeskBot]) -> None:  # type: ignore[override]
        await guarded(interaction, f"the /facts button {self.custom_id}", self._turn(interaction))

    async def _turn(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        if await refused_for_rate(interaction):
            return
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("Run /facts yourself to browse.", ephemeral=True)
            return
        message = interaction.message
        title = message.embeds[0].title if message is not None and message.embeds else None
        found = FACTS_TITLE.fullmatch(title or "")
        pages = facts_pages(interaction.client.desk.engine, found["topic"] or "") if found else []
        if not pages:
            await interaction.response.edit_message(
                content="These facts are no longer listed; run /facts again.", view=None
            )
            return
        page = max(0, min(len(pages) - 1, self.page))  # the fact base may have changed since
        await interaction.response.edit_message(embed=pages[page], view=facts_view(self.owner_id, page, len(pages)))


class Reader(commands.Cog):
    """Everything a reader can ask."""

    def __init__(self, bot: FactDeskBot) -> None:
        self.bot = bot
        self.ask_menu = app_commands.ContextMenu(name="Ask FactDesk", callback=self.ask_message)
        self.bot.tree.add_command(self.ask_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.ask_menu.name, type=self.ask_menu.type)

    @app_commands.command(name="ask", description="Ask a question about the article")
    @app_commands.describe(
        question="Your question, in your own words", article="Only this article (when FactDesk knows several)"
    )
    @app_commands.check(_limit)
    async def ask(
        self,
        interaction: discord.Interaction[FactDeskBot],
        question: app_commands.Range[str, 1, QUESTION_LIMIT],
        article: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        question = clean_input(question)
        key = conversation_key(interaction.channel_id or 0, interaction.user.id)
        previous = self.bot.conversations.get(key)
        context = previous if isinstance(previous, Answer) else None
        answer = await self.bot.consult(lambda engine: engine.ask(question, article, context=context))
        self.bot.conversations.put(key, answer)
        await send_answer(interaction, answer)

    @ask.autocomplete("article")
    async def article_autocomplete(
        self, interaction: discord.Interaction[FactDeskBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if not autocomplete_allowed(interaction):
            return []  # over the limit: no choices, no error
        return [
            app_commands.Choice(name=name, value=value)
            for name, value in article_choices(self.bot.desk.engine, current, CHOICE_LIMIT)
        ]

    @app_commands.command(name="who-said", description="Find who said a quote you half remember")
    @app_commands.describe(quote="The words you remember, even roughly")
    @app_commands.check(_limit)
    async def who_said(
        self, interaction: discord.Interaction[FactDeskBot], quote: app_commands.Range[str, 1, QUESTION_LIMIT]
    ) -> None:
        quote = clean_input(quote)
        await send_answer(interaction, await self.bot.consult(lambda engine: engine.who_said(quote)))

    @who_said.autocomplete("quote")
    async def who_said_autocomplete(
        self, interaction: discord.Interaction[FactDeskBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if not autocomplete_allowed(interaction):
            return []  # over the limit: no choices, no error
        return [
            app_commands.Choice(name=name, value=value)
            for name, value in quote_choices(self.bot.desk.engine, current, CHOICE_LIMIT)
        ]

    @app_commands.command(name="quotes", description="Everything the article quotes a person as saying")
    @app_commands.describe(person="The person (start typing a name)")
    @app_commands.check(_limit)
    async def quotes(
        self, interaction: discord.Interaction[FactDeskBot], person: app_commands.Range[str, 1, 100]
    ) -> None:
        person = clean_input(person)
        await send_answer(interaction, await self.bot.consult(lambda engine: engine.quotes_by(person)))

    @app_commands.command(name="who-is", description="Who a person in the article is and what they did")
    @app_commands.describe(person="The person (start typing a name)")
    @app_commands.check(_limit)
    async def who_is(
        self, interaction: discord.Interaction[FactDeskBot], person: app_commands.Range[str, 1, 100]
    ) -> None:
        person = clean_input(person)
        await send_answer(interaction, await self.bot.consult(lambda engine: engine.who_is(person)))

    @quotes.autocomplete("person")
    @who_is.autocomplete("person")
    async def person_autocomplete(
        self, interaction: discord.Interaction[FactDeskBot], current: str
    ) -> list[app_commands.Choice[str]]:
        if not autocomplete_allowed(interaction):
            return []  # over the limit: no choices, no error
        return [
            app_commands.Choice(name=name, value=value)
            for name, value in people_choices(self.bot.desk.engine, current, CHOICE_LIMIT)
        ]

    @app_commands.command(name="about", description="Which article FactDesk knows, and how much")
    @app_commands.check(_limit)
    async def about(self, interaction: discord.Interaction[FactDeskBot]) -> None:
        embed = discord.Embed(
            title="About FactDesk",
            colour=0x2B6CB0,
            description="I answer questions about these articles, with sources and verbatim quotes.",
        )
        for item in about_articles(self.bot.desk.engine)[:25]:
            embed.add_field(name=clip(item.title, 256), value=clip(item.summary_line, 1024), inline=False)
        await interaction.response.send_message(embed=embed, allowed_mentions=NO_PINGS)

    @app_commands.command(name="facts", description="Browse what FactDesk knows, optionally on one topic")
    @app_commands.describe(topic="Only facts about this topic (optional)")
    @app_commands.check(_limit)
    async def facts(
        self, interaction: discord.Interaction[FactDeskBot], topic: app_commands.Range[str, 1, 100] | None = None
    ) -> None:
        topic = clean_input(topic or "")
        pages = facts_pages(self.bot.desk.engine, topic)
        if not pages:
            await interaction.response.send_message(
                f"I know no facts about {clip(topic or '', 100)!r}. Try /facts without a topic.",
                ephemeral=True,
                allowed_mentions=NO_PINGS,
            )
            return
        view = facts_view(interaction.user.id, 0, len(pages))
        await interaction.response.send_message(embed=pages[0], view=view, allowed_mentions=NO_PINGS)

    @app_commands.check(_limit)
    async def ask_message(self, interaction: discord.Interaction[FactDeskBot], message: discord.Message) -> None:
        if not message.content.strip():
            await interaction.response.send_message(
                "That message has no text I can read as a question.", ephemeral=True
            )
            return
        question = clean_input(message.content)
        await send_answer(interaction, await self.bot.consult(lambda engine: engine.ask(question)))


async def setup(bot: FactDeskBot) -> None:
    await bot.add_cog(Reader(bot))
    bot.add_dynamic_items(FactsPageButton)
