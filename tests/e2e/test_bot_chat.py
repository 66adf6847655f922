"""FactDesk answering chat: mentions, DMs and answer channels, and never pinging anyone.

"No reply" is checked without sleeping: after the messages that must be ignored, a probe
question that must be answered is sent. discord.py handles gateway events in order and the
listener ignores a message without awaiting anything, so once the probe's reply is recorded
every earlier message has been handled; then no other reply may have been recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.fake_discord import FakeDiscord, MessageHandle, RecordedRequest

CHANNEL_MESSAGES = "/channels/{channel_id}/messages"
QUESTION = "How many jurisdictions got letters?"
FACT_ID = "how-many-jurisdictions"


def posted_messages(fake: FakeDiscord, since: int = 0) -> list[RecordedRequest]:
    return [r for r in fake.requests[since:] if r.route == CHANNEL_MESSAGES and r.method == "POST"]


def assert_answer_reply(reply: RecordedRequest, to: MessageHandle, fact_id: str = FACT_ID) -> None:
    assert reply.status == 200, reply.response
    body = reply.json
    assert str(body["message_reference"]["message_id"]) == to.payload["id"]
    assert body["allowed_mentions"] == {"parse": []}
    assert not body["allowed_mentions"].get("replied_user")
    [embed] = body["embeds"]
    assert embed["title"] == "Answer"
    assert f"fact {fact_id}" in embed["footer"]["text"]
    assert any(f["name"] == "Source" and "The Seattle Times" in f["value"] for f in embed["fields"])
    ids = [c["custom_id"] for row in body["components"] for c in row["components"]]
    assert ids == [f"fd:fb:up:{fact_id}", f"fd:fb:down:{fact_id}"]


async def test_mention_in_a_channel_gets_a_reply(fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]) -> None:
    async with start_factdesk():
        sent = await fake_discord.send_message(fake_discord.message_create(f"<@{fake_discord.bot_id}> {QUESTION}"))
        assert sent.delivered and sent.payload["content"].endswith(QUESTION)  # mentions keep their content
        reply = await sent.reply()
        assert_answer_reply(reply, sent)
        assert reply.json["embeds"][0]["footer"]["text"].endswith(f"Asked: {QUESTION}")  # mention stripped

        # A bare mention gets a hint, not an error.
        bare = await fake_discord.send_message(fake_discord.message_create(f"<@{fake_discord.bot_id}>"))
        hint = await bare.reply()
        assert "Ask me anything" in hint.json["content"]
        assert hint.json["allowed_mentions"] == {"parse": []}


async def test_direct_message_gets_a_reply(fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]) -> None:
    async with start_factdesk():
        sent = await fake_discord.send_message(fake_discord.message_create(QUESTION, guild=False))
        assert sent.delivered
        reply = await sent.reply()
        assert reply.params["channel_id"] == fake_discord.dm_channel("reader")["id"]
        assert_answer_reply(reply, sent)


async def test_answer_channel_answers_questions_only(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    answer_channel = fake_discord.channel("factdesk")["id"]
    async with start_factdesk(answer_channel_ids=[int(answer_channel)]):
        start = fake_discord.mark()
        question = await fake_discord.send_message(fake_discord.message_create(QUESTION, channel="factdesk"))
        assert question.payload["content"] == QUESTION  # the message content intent is on
        assert_answer_reply(await question.reply(), question)

        ignored = [
            # chat that is not a question, in the answer channel
            fake_discord.message_create("thanks, that was useful", channel="factdesk"),
            # a question in another channel, without a mention
            fake_discord.message_create(QUESTION, channel="general"),
            # another bot, even mentioning FactDesk in the answer channel
            fake_discord.message_create(f"<@{fake_discord.bot_id}> {QUESTION}", channel="factdesk", bot_author=True),
            # the bot itself
            fake_discord.message_create(f"<@{fake_discord.bot_id}> {QUESTION}", channel="factdesk", author="bot"),
        ]
        for payload in ignored:
            assert (await fake_discord.send_message(payload)).delivered

        probe = await fake_discord.send_message(fake_discord.message_create("Did King County get a letter?"))
        assert probe.payload["channel_id"] == fake_discord.channel("general")["id"]
        mention = await fake_discord.send_message(
            fake_discord.message_create(f"<@{fake_discord.bot_id}> {QUESTION}", channel="general", author="moderator")
        )
        assert_answer_reply(await mention.reply(), mention)

        replies = posted_messages(fake_discord, start)
        assert [str(r.json["message_reference"]["message_id"]) for r in replies] == [
            question.payload["id"],
            mention.payload["id"],
        ]
        # The bot's own (echoed) answers did not make it answer itself either.
        assert all(r.json["embeds"] for r in replies)


async def test_no_message_the_bot_sends_pings_anyone(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    reader_id = fake_discord.user("reader")["id"]
    role_id = fake_discord.role("Moderator")["id"]
    pings = f"@everyone @here <@&{role_id}> <@{reader_id}>"
    question = f"{pings} How did King County react to the letter?"
    async with start_factdesk():
        start = fake_discord.mark()
        chat = await fake_discord.send_message(
            fake_discord.message_create(f"<@{fake_discord.bot_id}> {question}", author="moderator")
        )
        assert chat.payload["mention_roles"] == [role_id]
        reply = await chat.reply()
        assert_answer_reply(reply, chat, "mcdermott-reaction")

        command = await fake_discord.send_interaction(
            fake_discord.slash_command("ask", {"question": question}, user="moderator")
        )
        answer = await command.response_message()
        assert pings in answer["embeds"][0]["footer"]["text"]  # echoed as text, never as a ping
        click = await fake_discord.send_interaction(
            fake_discord.component_click(answer, "fd:fb:down:mcdermott-reaction", user="moderator")
        )
        await click.callback()
        abstain = await fake_discord.send_interaction(
            fake_discord.slash_command("ask", {"question": f"{pings} what is the recipe for lasagna"})
        )
        await abstain.response_message()

        sent = [r for r in fake_discord.requests[start:] if r.method in ("POST", "PATCH") and r.json is not None]
        assert len(sent) == 4  # the chat reply and three interaction callbacks
        for request in sent:
            body = request.json.get("data", request.json) if "type" in request.json else request.json
            assert body.get("allowed_mentions") == {"parse": []}, f"{request}: {body.get('allowed_mentions')}"
            assert "content" not in body or "@everyone" not in (body["content"] or "")
        # Discord would have notified nobody.
        for message in fake_discord.messages.values():
            if message["author"]["id"] == fake_discord.bot_id:
                assert message["mentions"] == [] and message["mention_roles"] == []
                assert not message["mention_everyone"]


@pytest.mark.allow_error_logs
async def test_unexpected_error_in_chat_apologises_and_keeps_answering(
    fake_discord: FakeDiscord,
    start_factdesk: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.chat.errors import APOLOGY

    def broken(question: str, context: Any = None) -> Any:
        raise RuntimeError("the index is on fire")

    async with start_factdesk() as bot:
        monkeypatch.setattr(bot.desk.engine, "ask", broken)
        sent = await fake_discord.send_message(fake_discord.message_create(f"<@{fake_discord.bot_id}> {QUESTION}"))
        apology = await sent.reply()
        assert apology.json["content"] == APOLOGY
        assert str(apology.json["message_reference"]["message_id"]) == sent.payload["id"]
        assert apology.json["allowed_mentions"] == {"parse": []}
        errors = [r for r in caplog.records if r.levelname == "ERROR"]
        assert [r.name for r in errors] == ["bot.chat.errors"]  # the one error path
        assert "RuntimeError: the index is on fire" in caplog.text

        monkeypatch.undo()
        again = await fake_discord.send_message(fake_discord.message_create(f"<@{fake_discord.bot_id}> {QUESTION}"))
        assert_answer_reply(await again.reply(), again)


async def test_a_stop_waits_for_the_missed_question_log(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], tmp_path: Path
) -> None:
    """The reply goes out before the missed question is logged; closing the bot right after
    the reply (a SIGTERM between two questions) still finishes that log line."""
    import threading

    release = threading.Event()
    async with start_factdesk() as bot:
        record = bot.desk.record_answer

        def slow_record(answer: Any) -> bool:
            release.wait(5)
            return record(answer)

        bot.desk.record_answer = slow_record
        question = fake_discord.message_create("what is the recipe for lasagna", guild=False)
        message = await fake_discord.send_message(question)
        assert "doesn't say" in (await message.reply()).json["embeds"][0]["title"]
        threading.Timer(0.3, release.set).start()  # still writing when the bot is told to stop
    from bot.engine.store import open_store

    store = open_store(tmp_path / "data")
    try:
        missed = store.missed_questions()
    finally:
        store.close()
    assert len(missed) == 1 and "lasagna" in missed[0][2]
