"""Sharding: SHARD_COUNT / SHARD_IDS split the gateway shards across processes or hosts.

The fake serves one gateway session per shard at once and routes like Discord: a guild's
events go to shard ``(guild_id >> 22) % shard_count`` (READY lists the guild and
GUILD_CREATE is sent only there), DMs go to shard 0. The default fake guild belongs to
shard 1 of 2, so a two-shard bot gets its guild events on shard 1 and DMs on shard 0.
These tests run both shards in one process (SHARD_COUNT=2, no SHARD_IDS), each process's
share of a split (shard 1 of 2, shard 0 of 2), and the unsharded default.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.chat.bot import FactDeskBot, ShardedFactDeskBot, make_bot
from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.engine.desk import FactDesk
from tests.e2e.fake_discord import FakeDiscord

IDENTIFY = 2
QUESTION = "How many jurisdictions received letters?"
GUILD_ON_SHARD_0 = "1300000000000000100"  # (id >> 22) is even


@pytest.fixture
def identify_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Skip discord.py's 5 s pause before every IDENTIFY but a process's first.

    ``Client.before_identify_hook`` sleeps 5 s for each further shard (Discord's pace with
    ``max_concurrency`` 1); the fake does not rate-limit IDENTIFY, and waiting would push
    the start past ``run_client``'s 5 s timeout.
    """

    async def no_pause(self: Any, shard_id: int | None, *, initial: bool = False) -> None:
        return None

    monkeypatch.setattr(ShardedFactDeskBot, "before_identify_hook", no_pause)


async def test_one_shard_of_two_identifies_as_its_shard_and_answers(
    fake_discord: FakeDiscord, start_factdesk: Any
) -> None:
    assert fake_discord.shard_of(shard_count=2) == 1  # the default guild is this process's
    async with start_factdesk(shard_count=2, shard_ids=[1]) as bot:
        assert isinstance(bot, ShardedFactDeskBot)
        identified = [m["d"]["shard"] for m in fake_discord.gateway_received if m.get("op") == IDENTIFY]
        assert identified == [[1, 2]]
        handle = await fake_discord.send_interaction(
            fake_discord.slash_command("ask", {"question": "How many jurisdictions received letters?"})
        )
        message = await handle.response_message()
        assert "23" in message["embeds"][0]["description"]


@pytest.mark.parametrize(
    "guild_shard",
    [
        pytest.param(1, id="guild-on-shard-1"),
        pytest.param(0, id="guild-on-shard-0", marks=pytest.mark.fake_discord(guild_id=GUILD_ON_SHARD_0)),
    ],
)
async def test_both_shards_in_one_process_answer_the_guild_and_dms(
    fake_discord: FakeDiscord, start_factdesk: Any, identify_at_once: None, guild_shard: int
) -> None:
    assert fake_discord.shard_of(shard_count=2) == guild_shard
    async with start_factdesk(shard_count=2) as bot:  # no SHARD_IDS: this process runs them all
        assert isinstance(bot, ShardedFactDeskBot)
        assert bot.shard_count == 2 and bot.shard_ids is None
        assert not any(r.path == "/gateway/bot" for r in fake_discord.requests)  # the count was given

        # Both shards identified, in order, each with its own session.
        identified = [m["d"]["shard"] for m in fake_discord.gateway_received if m.get("op") == IDENTIFY]
        assert identified == [[0, 2], [1, 2]]
        assert fake_discord.identified == [(0, 2), (1, 2)]
        sessions = fake_discord.sessions
        assert sorted(sessions) == [0, 1] and sessions[0].session_id != sessions[1].session_id
        assert sorted(bot.shards) == [0, 1]
        assert all(info.shard_count == 2 and not info.is_closed() for info in bot.shards.values())

        # Only the owning shard was told about the guild, and discord.py files it there.
        readies = {e.shard_id: e.data["guilds"] for e in fake_discord.events("READY")}
        assert readies == {
            guild_shard: [{"id": fake_discord.guild_id, "unavailable": True}],
            1 - guild_shard: [],
        }
        assert [e.shard for e in fake_discord.events("GUILD_CREATE")] == [(guild_shard, 2)]
        guild = bot.get_guild(int(fake_discord.guild_id))
        assert guild is not None and guild.shard_id == guild_shard
        assert [g.id for g in bot.guilds] == [guild.id]

        # /ask in the guild arrives on the guild's shard and is answered.
        handle = await fake_discord.send_interaction(fake_discord.slash_command("ask", {"question": QUESTION}))
        assert handle.shards == [(guild_shard, 2)]
        assert handle.events[0].session_id == sessions[guild_shard].session_id
        message = await handle.response_message()
        assert "23" in message["embeds"][0]["description"]

        # A DM arrives on shard 0, whichever shard has the guild, and is answered there.
        direct = await fake_discord.send_message(fake_discord.message_create(QUESTION, guild=False))
        assert direct.delivered and direct.shards == [(0, 2)]
        reply = await direct.reply()
        assert reply.status == 200, reply.response
        assert reply.params["channel_id"] == fake_discord.dm_channel("reader")["id"]
        assert str(reply.json["message_reference"]["message_id"]) == direct.payload["id"]
        assert "23" in reply.json["embeds"][0]["description"]

        # The shard without the guild got nothing of it.
        assert {e.name for e in fake_discord.events(shard=1 - guild_shard)} <= {"READY", "MESSAGE_CREATE"}
        assert all("guild_id" not in e.data for e in fake_discord.events("MESSAGE_CREATE", shard=1 - guild_shard))
    assert not fake_discord.connected  # closing the bot closed both sessions


async def test_the_shard_0_process_of_two_answers_dms_but_has_no_guild(
    fake_discord: FakeDiscord, start_factdesk: Any
) -> None:
    assert fake_discord.shard_of(shard_count=2) == 1
    async with start_factdesk(shard_count=2, shard_ids=[0]) as bot:
        assert fake_discord.identified == [(0, 2)] and sorted(bot.shards) == [0]
        assert list(bot.guilds) == [] and bot.get_guild(int(fake_discord.guild_id)) is None  # the other process has it
        with pytest.raises(RuntimeError, match="no gateway session for the shard of guild"):
            await fake_discord.send_interaction(fake_discord.slash_command("ask", {"question": QUESTION}))
        direct = await fake_discord.send_message(fake_discord.message_create(QUESTION, guild=False))
        assert direct.shards == [(0, 2)]
        assert "23" in (await direct.reply()).json["embeds"][0]["description"]


def test_without_shard_count_the_bot_is_not_sharded(tmp_path: Any) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    bot = make_bot(settings, FactDesk(DEFAULT_KNOWLEDGE_DIR, tmp_path), watch_knowledge=False)
    assert type(bot) is FactDeskBot


def test_shard_ids_need_a_shard_count() -> None:
    import pydantic

    with pytest.raises(pydantic.ValidationError, match="SHARD_IDS needs SHARD_COUNT"):
        Settings(_env_file=None, shard_ids=[0])  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError, match="below SHARD_COUNT"):
        Settings(_env_file=None, shard_count=2, shard_ids=[2])  # type: ignore[call-arg]
