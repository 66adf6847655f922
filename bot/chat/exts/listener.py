"""Chat answers: the bot replies when mentioned, in DMs, and to questions in answer channels."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import discord
from discord.ext import commands

from ...engine.answers import Answer
from ...engine.render import render
from ...engine.text import clean_input
from ..checks import cooldown_message
from ..embeds import NO_PINGS, reply_view, to_embed
from ..errors import report

if TYPE_CHECKING:
    from ..bot import FactDeskBot

QUESTION_START = re.compile(
    r"^\s*(who|whos|who's|what|whats|what's|when|where|why|how|which|whose|did|does|do|is|are|was|were|"
    r"can|could|will|would|has|have|had|should)\b",
    re.IGNORECASE,
)
COOLDOWN_NOTICE_SECONDS = 8

log = logging.getLogger(__name__)


def conversation_key(channel_id: int, user_id: int) -> tuple[str, int, int]:
    """One reader in one channel, thread or DM: the scope of follow-up context."""
    return ("chat", channel_id, user_id)


def looks_like_question(text: str) -> bool:
    return text.rstrip().endswith("?") or bool(QUESTION_START.match(text))


class Listener(commands.Cog):
    def __init__(self, bot: FactDeskBot) -> None:
        self.bot = bot

    def question_in(self, message: discord.Message) -> str | None:
        """The question a message asks the bot, or None when it is not for the bot."""
        me = self.bot.user
        if me is None or message.author.bot or message.author.id == me.id:
            return None
        raw = message.content
        content = clean_input(raw)
        if message.guild is None:
            return content
        # Whether the bot is mentioned is read from the message as sent: `<@\u200bID>` is no
        # mention to Discord, so it must not become one once the zero-width character goes.
        if me in message.mentions or f"<@{me.id}>" in raw or f"<@!{me.id}>" in raw:
            return re.sub(rf"<@!?{me.id}>", " ", content).strip()
        if message.channel.id in self.bot.settings.answer_channel_ids and looks_like_question(content):
            return content
        return None

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        question = self.question_in(message)
        if question is None:
            return
        try:
            await self.answer(message, question)
        except Exception as error:
            # The command tree's error path, answered in the channel: discord.py alone would
            # only log it, and the reader would hear nothing.
            await report(error, "a chat message", lambda text: message.reply(text, allowed_mentions=NO_PINGS))

    async def answer(self, message: discord.Message, question: str) -> None:
        if not question.strip():
            await message.reply(
                "Ask me anything about the article, for example: “how many jurisdictions got letters?”",
                allowed_mentions=NO_PINGS,
            )
            return
        retry_after = self.bot.limiter.hit(message.author.id)
        if retry_after is not None:
            await message.reply(
                cooldown_message(retry_after),
                allowed_mentions=NO_PINGS,
                delete_after=COOLDOWN_NOTICE_SECONDS,
            )
            return
        context = self.context_of(message)
        answer = await self.bot.consult(lambda engine: engine.ask(question, context=context))
        reply = render(answer)
        sent = await message.reply(embed=to_embed(reply), view=reply_view(reply), allowed_mentions=NO_PINGS)
        self.bot.conversations.put(conversation_key(message.channel.id, message.author.id), answer)
        self.bot.answers_sent.put(sent.id, (message.author.id, answer))
        await self.bot.after_answer(answer)

    def context_of(self, message: discord.Message) -> Answer | None:
        """The reader's previous answer this message follows: the bot's reply it answers (a
        Discord reply), else their last answer in this channel, thread or DM. Never another
        reader's: a reply to someone else's answer is read on its own."""
        reference = message.reference
        if reference is not None and reference.message_id is not None:
            found = self.bot.answers_sent.get(reference.message_id)
            if isinstance(found, tuple):
                user_id, answer = found
                return answer if user_id == message.author.id and isinstance(answer, Answer) else None
        previous = self.bot.conversations.get(conversation_key(message.channel.id, message.author.id))
        return previous if isinstance(previous, Answer) else None


async def setup(bot: FactDeskBot) -> None:
    await bot.add_cog(Listener(bot))
