"""Missed questions in the moderators' channel: posted when the bot dispatches the
`missed_question` event (once per cluster of similar questions: the engine says when), with
persistent buttons to fix them; at most MISSED_POSTS_PER_MINUTE a minute, the rest batched
into one digest message a minute (`MissedPosts`)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import TYPE_CHECKING, Any, Protocol

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


WINDOW_S = 60.0  # the posts limit's window, and how often a digest may be posted
DIGEST_LIMIT = 3800  # characters of questions listed in a digest (an embed holds 4096)
DIGEST_KEPT = 40  # questions kept for the next digest; the rest are only counted
DIGEST_QUESTION = 150


class Clock(Protocol):
    """Time as the throttle sees it (the tests' clock moves by hand)."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class MonotonicClock:
    def now(self) -> float:
        return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class MissedPosts:
    """The moderators' channel's flood gate: at most `per_minute` missed questions posted one
    by one in any minute; beyond that they wait for one digest message a minute, which lists
    them (escaped) and points to /kb unanswered. Memory stays bounded (DIGEST_KEPT texts)."""

    def __init__(self, bot: FactDeskBot, per_minute: int, clock: Clock | None = None) -> None:
        self.bot = bot
        self.per_minute = per_minute
        self.clock: Clock = clock or MonotonicClock()
        self.offered = 0  # missed questions offered (each the first of its cluster)
        self.posted = 0  # posted one by one
        self.digests = 0
        self._sent: deque[float] = deque()
        self._waiting: list[str] = []
        self._waiting_count = 0
        self._waiting_since: float | None = None
        self._last_digest = float("-inf")
        self._task: asyncio.Task[None] | None = None

    async def offer(self, question: str, suggested: tuple[str, ...]) -> None:
        now = self.clock.now()
        self.offered += 1
        while self._sent and now - self._sent[0] >= WINDOW_S:
            self._sent.popleft()
        if len(self._sent) < self.per_minute:
            self._sent.append(now)
            self.posted += 1
            await _post_one(self.bot, question, suggested)
            return
        self._waiting_count += 1
        if len(self._waiting) < DIGEST_KEPT:
            self._waiting.append(question)
        if self._waiting_since is None:
            self._waiting_since = now
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._digest_when_due(), name="factdesk-missed-digest")

    @property
    def waiting(self) -> int:
        """Questions waiting for the next digest."""
        return self._waiting_count

    def due(self) -> float:
        """When the waiting questions' digest may go: a minute after the first of them waited,
        and a minute after the last digest."""
        return max(self._waiting_since or 0.0, self._last_digest) + WINDOW_S

    async def _digest_when_due(self) -> None:
        while self._waiting_count:
            wait = self.due() - self.clock.now()
            if wait > 0:
                await self.clock.sleep(wait)
                continue
            await self.send_digest()

    async def send_digest(self) -> None:
        count, questions = self._waiting_count, self._waiting
        self._waiting, self._waiting_count, self._waiting_since = [], 0, None
        if not count:
            return
        self._last_digest = self.clock.now()
        self.digests += 1
        await _post_digest(self.bot, count, questions)

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()


_POSTS_ATTRIBUTE = "_factdesk_missed_posts"


def missed_posts(bot: FactDeskBot) -> MissedPosts:
    """The bot's flood gate for the moderators' channel (made on first use, kept on the bot)."""
    posts: MissedPosts | None = getattr(bot, _POSTS_ATTRIBUTE, None)
    if posts is None:
        posts = MissedPosts(bot, bot.settings.missed_posts_per_minute)
        setattr(bot, _POSTS_ATTRIBUTE, posts)
    return posts


def _moderators_channel(bot: FactDeskBot) -> discord.abc.Messageable | None:
    channel_id = bot.settings.missed_questions_channel_id
    if channel_id is None:
        return None
    channel = bot.get_channel(channel_id)
    if not isinstance(channel, discord.abc.Messageable):
        log.warning("MISSED_QUESTIONS_CHANNEL_ID %s is not a text channel I can see", channel_id)
        return None
    return channel


async def post_missed_question(bot: FactDeskBot, question: str, suggested: tuple[str, ...]) -> None:
    """Offer a missed question to the moderators' channel: a post with buttons to fix it, or
    a line in the next digest when this minute's posts are used up."""
    if bot.settings.missed_questions_channel_id is not None:
        await missed_posts(bot).offer(question, suggested)


def digest_text(count: int, questions: list[str]) -> tuple[str, str]:
    """The digest's title and description: the questions escaped, as many as fit."""
    lines: list[str] = []
    size = 0
    for question in questions:
        line = f"• {clip(for_moderators(clip(question, DIGEST_QUESTION)), 2 * DIGEST_QUESTION)}"
        if size + len(line) + 1 > DIGEST_LIMIT:
            break
        lines.append(line)
        size += len(line) + 1
    if count > len(lines):
        lines.append(f"… and {count - len(lines)} more")
    lines.append("\nSee /kb unanswered for all of them, most asked first.")
    title = f"{count} more missed question{'s' if count != 1 else ''}"
    return title, "\n".join(lines)


async def _post_digest(bot: FactDeskBot, count: int, questions: list[str]) -> None:
    channel = _moderators_channel(bot)
    if channel is None:
        return
    title, description = digest_text(count, questions)
    embed = discord.Embed(title=title, description=clip(description, 4096), colour=0x718096)
    try:
        await channel.send(embed=embed, allowed_mentions=NO_PINGS)
    except (discord.HTTPException, aiohttp.ClientError, OSError):
        log.warning("could not post the missed-questions digest to channel %s", channel, exc_info=True)


async def _post_one(bot: FactDeskBot, question: str, suggested: tuple[str, ...]) -> None:
    channel = _moderators_channel(bot)
    if channel is None:
        return
    channel_id = bot.settings.missed_questions_channel_id
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
