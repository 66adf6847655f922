"""Issue 12's Discord side end to end: per-user limits on every reader entry point, the
moderators' channel's flood gate (posts a minute, then one digest a minute), feedback once per
reader and reply (written off the event loop), and /facts pages that turn after a restart.

Every test drives the real bot through discord.py against the fake, which checks each request
against Discord's OpenAPI spec.
"""

from __future__ import annotations

import asyncio
import math
import random
import string
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from bot.chat.exts.moderation._missed import missed_posts
from bot.chat.exts.moderation._views import for_moderators
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle
from tests.e2e.moderation_support import ModerationWorld, find_button, start_moderation

EPHEMERAL = 64
JUNK_SEED = 12


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message.get("components", []) for c in row["components"] if "custom_id" in c]


def custom_id(message: dict[str, Any], prefix: str) -> str:
    return next(i for i in custom_ids(message) if i.startswith(prefix))


async def cooldown_notice(handle: InteractionHandle) -> str:
    """The ephemeral "you're asking quickly" answer, and nothing else."""
    callback = await handle.callback()
    assert callback.json["type"] == 4, callback.json
    data = callback.json["data"]
    assert data["flags"] == EPHEMERAL
    assert not data.get("embeds") and not data.get("components")
    assert "try again in" in data["content"], data["content"]
    return str(data["content"])


# ---------------------------------------------------------------- per-user limits


async def test_every_reader_entry_point_is_limited_per_user(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    """5 uses in 10 s per reader across commands, buttons and pages; autocomplete has a
    bucket of its own, 6 times as large, and over it offers no choices (not an error)."""
    fake = fake_discord
    async with start_factdesk(cooldown_rate=5, cooldown_per_seconds=10.0):
        answered = await (
            await fake.send_interaction(fake.slash_command("ask", {"question": "How many jurisdictions got letters?"}))
        ).response_message()
        abstained = await (
            await fake.send_interaction(fake.slash_command("ask", {"question": "what is the recipe for lasagna"}))
        ).response_message()
        facts = await (await fake.send_interaction(fake.slash_command("facts"))).response_message()
        for _ in range(2):
            about = await fake.send_interaction(fake.slash_command("about"))
            assert (await about.response_message())["embeds"][0]["title"] == "About FactDesk"

        # The sixth use within 10 s, whatever the entry point, gets the cooldown notice only.
        await cooldown_notice(await fake.send_interaction(fake.slash_command("about")))
        await cooldown_notice(await fake.send_interaction(fake.slash_command("facts")))
        for message, prefix in [(answered, "fd:fb:up:"), (abstained, "fd:ask:"), (facts, "fd:facts:next:")]:
            click = await fake.send_interaction(fake.component_click(message, custom_id(message, prefix)))
            await cooldown_notice(click)
        assert fake.message(facts["id"])["embeds"][0]["title"].startswith("Facts (1/"), "the page did not turn"

        # Another reader is not slowed down by the first.
        other = await fake.send_interaction(fake.slash_command("about", user="moderator"))
        assert (await other.response_message())["embeds"][0]["title"] == "About FactDesk"

        # Autocomplete: 30 in 10 s served, then an empty list.
        for _ in range(30):
            typed = await fake.send_interaction(fake.autocomplete("who-said", {"quote": "enough"}))
            assert await typed.choices()
        over = await fake.send_interaction(fake.autocomplete("who-said", {"quote": "enough"}))
        assert await over.choices() == []


# ---------------------------------------------------------------- the moderators' channel


class FakeClock:
    """The flood gate's clock, moved by hand: `sleep` returns once `advance` passes its time."""

    def __init__(self) -> None:
        self.time = 1000.0
        self._moved = asyncio.Condition()

    def now(self) -> float:
        return self.time

    async def sleep(self, seconds: float) -> None:
        until = self.time + seconds
        async with self._moved:
            await self._moved.wait_for(lambda: self.time >= until)

    async def advance(self, seconds: float) -> None:
        async with self._moved:
            self.time += seconds
            self._moved.notify_all()
        for _ in range(20):  # let the woken digest task post
            await asyncio.sleep(0)


def junk_questions(n: int, seed: int = JUNK_SEED) -> list[str]:
    """Distinct questions about made-up words: each misses, none clusters with another."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(8))

    return [f"what does {word()} {word()} mean for {word()}?" for _ in range(n)]


@pytest.fixture
async def staff_world(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[ModerationWorld]:
    async with start_moderation(fake_discord, tmp_path, missed_channel="staff", missed_posts_per_minute=3) as world:
        yield world


def staff_posts(world: ModerationWorld) -> list[dict[str, Any]]:
    channel = world.fake.channel("staff")["id"]
    return [m for m in world.fake.messages.values() if m["channel_id"] == channel]


def titles(world: ModerationWorld) -> list[str]:
    return [m["embeds"][0]["title"] for m in staff_posts(world)]


async def offered(world: ModerationWorld, count: int) -> None:
    """Wait until the bot has offered `count` missed questions to the flood gate."""
    posts = missed_posts(world.bot)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 10
    while posts.offered < count:
        assert loop.time() < deadline, (posts.posted, posts.waiting, count)
        await asyncio.sleep(0.01)
    await world.settle()
    posting = [t for t in asyncio.all_tasks() if t.get_name() == "discord.py: on_missed_question" and not t.done()]
    if posting:
        await asyncio.wait(posting, timeout=10)


async def ask_all(world: ModerationWorld, questions: list[str]) -> None:
    handles = [
        await world.command("ask", {"question": q}, user=("reader", "owner")[i % 2]) for i, q in enumerate(questions)
    ]
    for handle in handles:
        await handle.response_message()


async def test_many_missed_questions_make_3_posts_and_one_digest_a_minute(staff_world: ModerationWorld) -> None:
    world = staff_world
    clock = FakeClock()
    missed_posts(world.bot).clock = clock
    hostile = "what about [click here](https://evil.example) and @everyone, **zqxwvjk**?"
    questions = [*junk_questions(19), hostile]
    await ask_all(world, questions)
    await offered(world, 20)

    # One post per question up to 3 a minute; the 17 others wait for the digest.
    assert titles(world) == ["A question I couldn't answer"] * 3
    assert missed_posts(world.bot).waiting == 17

    await clock.advance(30)
    assert len(staff_posts(world)) == 3, "no digest before a minute has passed"
    since = world.fake.mark()
    await clock.advance(31)
    await world.fake.wait_for_message("staff", since=since)
    digest = staff_posts(world)[-1]
    assert digest["components"] == []
    [embed] = digest["embeds"]
    assert embed["title"] == "17 more missed questions"
    assert "/kb unanswered" in embed["description"]
    # The answers are recorded off the event loop, so which three were posted first is not
    # fixed: every question is in exactly one place, a post of its own or the digest.
    posted = [
        "\n".join([e.get("description", ""), *(f["value"] for f in e.get("fields", []))])
        for m in staff_posts(world)[:3]
        for e in m["embeds"]
    ]
    listed = embed["description"].splitlines()
    for question in questions:
        in_post = sum(for_moderators(question) in p or question in p for p in posted)
        in_digest = f"• {for_moderators(question)}" in listed
        assert in_post + in_digest == 1, question
    assert "about \\[click here](https://evil.example)" in embed["description"]  # escaped: no masked link

    # The next minute: 3 posts again, the rest in a digest a minute after the last one, not before.
    more = junk_questions(10, seed=JUNK_SEED + 1)
    await ask_all(world, more)
    await offered(world, 30)
    assert titles(world)[-3:] == ["A question I couldn't answer"] * 3
    await clock.advance(50)
    assert len(staff_posts(world)) == 3 + 1 + 3
    since = world.fake.mark()
    await clock.advance(11)
    await world.fake.wait_for_message("staff", since=since)
    assert titles(world)[-1] == "7 more missed questions"
    assert missed_posts(world.bot).digests == 2 and missed_posts(world.bot).waiting == 0


# ---------------------------------------------------------------- feedback


async def test_feedback_counts_once_per_reader_and_reply_and_is_written_off_the_loop(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = fake_discord
    async with start_factdesk(cooldown_rate=100) as bot:
        threads: list[str] = []
        record = bot.desk.record_feedback

        def recorded(**kwargs: Any) -> None:
            threads.append(threading.current_thread().name)
            record(**kwargs)

        monkeypatch.setattr(bot.desk, "record_feedback", recorded)
        replies = []
        for _ in range(2):
            handle = await fake.send_interaction(
                fake.slash_command("ask", {"question": "How many jurisdictions got letters?"})
            )
            replies.append(await handle.response_message())
        first, second = replies
        for message, vote in [(first, "up"), (first, "up"), (first, "down"), (second, "up")]:
            click = await fake.send_interaction(fake.component_click(message, custom_id(message, f"fd:fb:{vote}:")))
            assert "feedback" in (await click.callback()).json["data"]["content"]
        # A second reader's vote on the same reply counts on its own.
        other = await fake.send_interaction(
            fake.component_click(first, custom_id(first, "fd:fb:up:"), user="moderator")
        )
        await other.callback()

        rows = bot.desk.store.feedback()
        assert threading.main_thread().name not in threads and len(threads) == 5
    reader, moderator = int(fake.user("reader")["id"]), int(fake.user("moderator")["id"])
    votes = sorted((r["user_id"] == moderator, r["helpful"]) for r in rows)
    assert len(rows) == 3, rows  # reader: one vote per reply (the last one counts); moderator: one
    assert votes == [(False, False), (False, True), (True, True)]
    assert {r["user_id"] for r in rows} == {reader, moderator}


# ---------------------------------------------------------------- /facts pages


async def test_facts_pages_turn_after_a_restart(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], shipped_article: dict[str, Any]
) -> None:
    """The Previous / Next buttons are persistent: page and asker in the custom id, the topic
    in the title, so a page turns after a restart (or any wait) with no view in memory."""
    fake = fake_discord
    questions = [f["question"] for f in shipped_article["facts"] if not f.get("not_in_article")]
    pages = math.ceil(len(questions) / 10)
    async with start_factdesk():
        message = await (await fake.send_interaction(fake.slash_command("facts"))).response_message()
    async with start_factdesk():  # a new process: nothing of the first one's views is left
        turn = await fake.send_interaction(fake.component_click(message, find_button(message, "Next")["custom_id"]))
        assert (await turn.callback()).json["type"] == 7
        page2 = fake.message(message["id"])
        assert page2["embeds"][0]["title"] == f"Facts (2/{pages})"
        assert [line.removeprefix("• ") for line in page2["embeds"][0]["description"].splitlines()] == questions[10:20]
        assert not find_button(page2, "Previous").get("disabled")

        topic = await (
            await fake.send_interaction(fake.slash_command("facts", {"topic": "subpoena"}))
        ).response_message()
    async with start_factdesk():
        if find_button(topic, "Next").get("disabled"):
            return  # one page only: nothing more to turn
        turn = await fake.send_interaction(fake.component_click(topic, find_button(topic, "Next")["custom_id"]))
        await turn.callback()
        assert fake.message(topic["id"])["embeds"][0]["title"].startswith("Facts about subpoena (2/")
