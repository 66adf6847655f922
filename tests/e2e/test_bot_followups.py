"""Follow-up questions through the real client: a Discord reply to the bot's answer, the same
reader going on in a DM, and another reader's reply, which never uses the first one's context."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.e2e.fake_discord import FakeDiscord, RecordedRequest


def description(reply: RecordedRequest) -> str:
    assert reply.status == 200, reply.response
    [embed] = reply.json["embeds"]
    return str(embed.get("description", ""))


def titled(reply: RecordedRequest) -> str:
    [embed] = reply.json["embeds"]
    return str(embed["title"])


async def test_a_reply_to_the_bot_follows_its_answer(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    bot = f"<@{fake_discord.bot_id}>"
    async with start_factdesk():
        first = await fake_discord.send_message(fake_discord.message_create(f"{bot} who said press stunt"))
        answer = await first.reply()
        assert titled(answer) == "Who said it: Joe McDermott"
        # A Discord reply mentions the bot by default, so no Message Content intent is needed.
        followup = await fake_discord.send_message(
            fake_discord.message_create(f"{bot} what else did he say?", reference=answer.response)
        )
        more = await followup.reply()
        assert str(more.json["message_reference"]["message_id"]) == followup.payload["id"]
        assert titled(more) == "What Joe McDermott said" and "also said" in description(more)
        [embed] = more.json["embeds"]
        assert any("bully and intimidate" in f["value"] for f in embed["fields"])

        # Another reader replying to the same answer is answered on their own: no context.
        other = await fake_discord.send_message(
            fake_discord.message_create(f"{bot} what else did he say?", author="moderator", reference=answer.response)
        )
        alone = await other.reply()
        assert "Joe McDermott" not in str(alone.json["embeds"][0])


async def test_a_direct_message_conversation_goes_on(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    async with start_factdesk():
        first = await fake_discord.send_message(
            fake_discord.message_create("what did mitch landrieu say about the meeting?", guild=False)
        )
        assert "Landrieu" in description(await first.reply())
        second = await fake_discord.send_message(fake_discord.message_create("and de blasio?", guild=False))
        assert "de blasio" in description(await second.reply()).casefold()
        third = await fake_discord.send_message(fake_discord.message_create("source?", guild=False))
        assert description(await third.reply()).startswith("That comes from paragraph")
        # The moderator's own DM has no context from the reader's.
        theirs = await fake_discord.send_message(
            fake_discord.message_create("source?", guild=False, author="moderator")
        )
        assert not description(await theirs.reply()).startswith("That comes from")
