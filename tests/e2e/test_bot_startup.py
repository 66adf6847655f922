"""FactDesk's bot starting against the fake: login, gateway, and the command sync payload."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from tests.e2e.fake_discord import FakeDiscord, Intent

GLOBAL_COMMANDS = "/applications/{application_id}/commands"
GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"
# The readers' commands; other extensions (moderation) may add more.
SLASH_COMMANDS = {"ask", "who-said", "quotes", "who-is", "about", "facts"}
# Discord's rule for chat-input names, restricted to what FactDesk promises: lowercase, hyphenated.
SLASH_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def command_puts(fake: FakeDiscord, since: int = 0) -> list[Any]:
    return [r for r in fake.requests[since:] if r.method == "PUT" and r.route in (GLOBAL_COMMANDS, GUILD_COMMANDS)]


def walk_options(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for option in options or []:
        found.append(option)
        found += walk_options(option.get("options") or [])
    return found


async def test_start_up_syncs_commands_to_the_dev_guild(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    async with start_factdesk() as bot:
        assert fake_discord.connected
        assert bot.user is not None and bot.user.id == int(fake_discord.bot_id)
        # No answer channels: the privileged message content intent stays off.
        assert fake_discord.intents is not None and not fake_discord.intents & Intent.MESSAGE_CONTENT
        assert fake_discord.intents & Intent.GUILD_MESSAGES and fake_discord.intents & Intent.DIRECT_MESSAGES

        puts = command_puts(fake_discord)
        assert [r.route for r in puts] == [GUILD_COMMANDS], "only the dev guild is synced"
        put = puts[0]
        assert put.status == 200
        assert put.params == {"application_id": fake_discord.app_id, "guild_id": fake_discord.guild_id}

        body = put.json
        slash = {c["name"]: c for c in body if c.get("type", 1) == 1}
        assert set(slash) >= SLASH_COMMANDS
        menus = [c for c in body if c.get("type") == 3]
        assert [m["name"] for m in menus] == ["Ask FactDesk"]
        assert len({(c["name"], c.get("type", 1)) for c in body}) == len(body), "duplicate commands"

        for name, command in slash.items():
            assert SLASH_NAME.match(name), name
            assert 3 <= len(command["description"]) <= 100, name
            for option in walk_options(command.get("options") or []):
                assert SLASH_NAME.match(option["name"]), (name, option["name"])
                # discord.py fills a missing description with "…": that is not a description.
                description = option.get("description") or ""
                assert 3 <= len(description) <= 100 and description != "…", (name, option["name"])
        assert [o["name"] for o in slash["ask"]["options"]] == ["question", "article"]
        assert slash["ask"]["options"][0]["required"] is True
        assert slash["who-said"]["options"][0]["autocomplete"] is True
        assert slash["quotes"]["options"][0]["autocomplete"] is True
        assert slash["who-is"]["options"][0]["autocomplete"] is True
        assert slash["facts"]["options"][0]["required"] is False
        assert slash["about"]["options"] == []

        # The fake stored them, so the builders can invoke them.
        assert fake_discord.command("ask", fake_discord.guild_id) is not None
        assert None not in fake_discord.commands  # nothing global


async def test_answer_channels_turn_on_the_message_content_intent(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    async with start_factdesk(answer_channel_ids=[int(fake_discord.channel("factdesk")["id"])]):
        assert fake_discord.intents is not None and fake_discord.intents & Intent.MESSAGE_CONTENT


async def test_global_sync_only_when_definitions_changed_or_forced(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any], tmp_path: Any
) -> None:
    from bot.engine.store import COMMAND_HASH, open_store

    data_dir = tmp_path / "persistent"

    def stored_digest(value: str | None = None) -> str | None:
        store = open_store(data_dir)
        try:
            if value is not None:
                store.set_value(COMMAND_HASH, value)
            return store.get_value(COMMAND_HASH)
        finally:
            store.close()

    async with start_factdesk(dev_guild_id=None, data_dir=data_dir) as bot:
        puts = command_puts(fake_discord)
        assert [r.route for r in puts] == [GLOBAL_COMMANDS]
        assert {c["name"] for c in puts[0].json} >= {*SLASH_COMMANDS, "Ask FactDesk"}
        assert stored_digest() == bot.command_digest()

    # A restart with the same data dir and the same definitions: no sync at all.
    since = fake_discord.mark()
    async with start_factdesk(dev_guild_id=None, data_dir=data_dir) as bot:
        assert command_puts(fake_discord, since) == []
        assert fake_discord.connected

        # `python -m bot sync` forces it.
        synced = await bot.sync_commands(force=True)
        puts = command_puts(fake_discord, since)
        assert [r.route for r in puts] == [GLOBAL_COMMANDS]
        assert {c.name for c in synced} == {c["name"] for c in puts[0].json}
        assert {c.name for c in synced} >= {*SLASH_COMMANDS, "Ask FactDesk"}

    # Changed definitions (a different stored digest) sync again at start.
    stored_digest("0" * 64)
    since = fake_discord.mark()
    async with start_factdesk(dev_guild_id=None, data_dir=data_dir) as bot:
        assert [r.route for r in command_puts(fake_discord, since)] == [GLOBAL_COMMANDS]
        assert stored_digest() == bot.command_digest()


async def test_going_public_clears_the_dev_guild_commands(
    fake_discord: FakeDiscord, start_factdesk: Callable[..., Any]
) -> None:
    # `python -m bot sync --clear-guild ID`: the guild's own copies go, so it doesn't show
    # every command twice beside the global ones; the global set is untouched.
    async with start_factdesk(dev_guild_id=None) as bot:
        start = len(fake_discord.requests)
        await bot.clear_guild_commands(int(fake_discord.guild_id))
        [put] = [r for r in command_puts(fake_discord)[-1:] if r.index >= start]
        assert put.route == GUILD_COMMANDS and put.status == 200 and put.json == []
        assert put.params["guild_id"] == fake_discord.guild_id
        assert bot.tree.get_commands(), "the global commands stay"
