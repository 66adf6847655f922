"""Sharding: SHARD_COUNT / SHARD_IDS split the gateway shards across processes or hosts.

The fake serves one gateway connection at a time, so this runs one process's share: shard
1 of 2, as the second of two processes would.
"""

from __future__ import annotations

from typing import Any

from bot.chat.bot import FactDeskBot, ShardedFactDeskBot, make_bot
from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
from bot.engine.desk import FactDesk
from tests.e2e.fake_discord import FakeDiscord

IDENTIFY = 2


async def test_one_shard_of_two_identifies_as_its_shard_and_answers(
    fake_discord: FakeDiscord, start_factdesk: Any
) -> None:
    async with start_factdesk(shard_count=2, shard_ids=[1]) as bot:
        assert isinstance(bot, ShardedFactDeskBot)
        identified = [m["d"]["shard"] for m in fake_discord.gateway_received if m.get("op") == IDENTIFY]
        assert identified == [[1, 2]]
        handle = await fake_discord.send_interaction(
            fake_discord.slash_command("ask", {"question": "How many jurisdictions received letters?"})
        )
        message = await handle.response_message()
        assert "23" in message["embeds"][0]["description"]


def test_without_shard_count_the_bot_is_not_sharded(tmp_path: Any) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)  # type: ignore[call-arg]
    bot = make_bot(settings, FactDesk(DEFAULT_KNOWLEDGE_DIR, tmp_path), watch_knowledge=False)
    assert type(bot) is FactDeskBot


def test_shard_ids_need_a_shard_count() -> None:
    import pydantic
    import pytest

    with pytest.raises(pydantic.ValidationError, match="SHARD_IDS needs SHARD_COUNT"):
        Settings(_env_file=None, shard_ids=[0])  # type: ignore[call-arg]
    with pytest.raises(pydantic.ValidationError, match="below SHARD_COUNT"):
        Settings(_env_file=None, shard_count=2, shard_ids=[2])  # type: ignore[call-arg]
