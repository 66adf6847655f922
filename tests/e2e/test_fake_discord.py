"""Tests of the end-to-end harness itself, driven by a throwaway discord.py bot.

The bot here is deliberately tiny and unrelated to FactDesk: these tests
prove that the fake speaks enough Discord for discord.py 2.7 (start-up,
command sync, interactions, views, modals, messages) and that the OpenAPI
validation really rejects what Discord would reject. If discord.py is
upgraded and starts reading a new field, ``test_client_becomes_ready`` is the
canary (pitfall 3).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands
from jsonschema import Draft202012Validator

from tests.e2e.discord_spec import SPEC_URI, load_spec
from tests.e2e.fake_discord import CommandUnavailable, FakeDiscord, Perm, run_client

TOPICS = ["budget", "bridge", "election", "school"]


class Confirm(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=30)

    @discord.ui.button(label="Confirm", style=discord.ButtonStyle.success, custom_id="confirm")
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content="Confirmed.", view=None)


class Feedback(discord.ui.Modal, title="Feedback"):
    comment: discord.ui.TextInput = discord.ui.TextInput(
        label="Comment", custom_id="comment", style=discord.TextStyle.paragraph
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"Thanks: {self.comment.value}", ephemeral=True)


def make_bot(
    *,
    members_intent: bool = False,
    message_content: bool = True,
    cls: type[commands.Bot] | type[commands.AutoShardedBot] = commands.Bot,
) -> commands.Bot | commands.AutoShardedBot:
    intents = discord.Intents.default()
    intents.message_content = message_content
    intents.members = members_intent
    # guild_ready_timeout: discord.py waits this long after the last
    # GUILD_CREATE before READY; the default 2 s would dominate every test.
    bot = cls(command_prefix="!", intents=intents, guild_ready_timeout=0.01)

    @bot.tree.command(name="fact", description="Look up a fact about the article")
    @app_commands.describe(topic="What to look up")
    async def fact(interaction: discord.Interaction, topic: str) -> None:
        embed = discord.Embed(title=f"Fact: {topic}", description="Sourced answer.", colour=0x2ECC71)
        embed.add_field(name="Source", value="Paragraph 3")
        await interaction.response.send_message(embed=embed)

    @fact.autocomplete("topic")
    async def topic_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t.title(), value=t) for t in TOPICS if current in t]

    @bot.tree.command(name="confirm", description="Ask for confirmation")
    async def confirm(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Are you sure?", view=Confirm())

    @bot.tree.command(name="feedback", description="Send feedback")
    async def feedback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Feedback())

    @bot.tree.command(name="slow", description="Defers, then answers")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        await interaction.followup.send("Done thinking.")

    admin = app_commands.Group(
        name="admin", description="Admin tools", default_permissions=discord.Permissions(manage_guild=True)
    )
    quotes = app_commands.Group(name="quotes", description="Quotes", parent=admin)

    @quotes.command(name="limit", description="Set the quote limit")
    async def limit(interaction: discord.Interaction, count: int, channel: discord.TextChannel) -> None:
        await interaction.response.send_message(f"{count} in {channel.mention}", ephemeral=True)

    bot.tree.add_command(admin)

    @bot.tree.context_menu(name="Check claim")
    async def check_claim(interaction: discord.Interaction, message: discord.Message) -> None:
        await interaction.response.send_message(f"Checking: {message.content}", ephemeral=True)

    @bot.tree.context_menu(name="Profile")
    async def profile(interaction: discord.Interaction, member: discord.Member) -> None:
        await interaction.response.send_message(f"{member.display_name} joined.", ephemeral=True)

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot:
            return
        if message.content.startswith("hello"):
            await message.reply("Hi! Ask me about the article.")

    async def setup_hook() -> None:
        await bot.tree.sync()

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


async def test_client_becomes_ready(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with run_client(bot):
        guild = bot.get_guild(int(fake_discord.guild_id))
        assert guild is not None and guild.name == fake_discord.guild_name
        assert {c.name for c in guild.text_channels} >= {"general", "factdesk", "staff"}
        assert bot.user is not None and bot.user.id == int(fake_discord.bot_id)
        assert bot.application_id == int(fake_discord.app_id)
        assert guild.me is not None and guild.me.guild_permissions.send_messages
        # Without the members intent only the bot's own member is cached.
        assert [m.id for m in guild.members] == [int(fake_discord.bot_id)]
        assert fake_discord.intents == bot.intents.value
        assert fake_discord.connected


async def test_members_intent_chunks_the_guild(fake_discord: FakeDiscord) -> None:
    bot = make_bot(members_intent=True)
    async with run_client(bot):
        guild = bot.get_guild(int(fake_discord.guild_id))
        assert guild is not None and guild.chunked
        reader = guild.get_member(int(fake_discord.user("reader")["id"]))
        assert reader is not None and reader.display_name == "Rita Reader"
        assert any(msg.get("op") == 8 for msg in fake_discord.gateway_received)


async def test_slash_command_sync_is_recorded(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        put = await fake_discord.wait_for(
            lambda r: r.method == "PUT" and r.route == "/applications/{application_id}/commands"
        )
        fact = next(c for c in put.json if c["name"] == "fact")
        assert fact["options"][0] == {
            **fact["options"][0],
            "name": "topic",
            "type": 3,
            "required": True,
            "autocomplete": True,
        }
        registered = fake_discord.command("fact")
        assert registered is not None and registered["id"]
        assert {c["name"] for c in put.response} == {c["name"] for c in put.json}


async def test_slash_command_answered_with_embed(fake_discord: FakeDiscord, spec_path: Any) -> None:
    async with run_client(make_bot()):
        validated_before = fake_discord.validated_count
        handle = await fake_discord.send_interaction(fake_discord.slash_command("fact", {"topic": "budget"}))
        callback = await handle.callback()
        assert callback.json["type"] == 4
        assert callback.query.get("with_response") in ("1", "true")
        message = callback.response["resource"]["message"]
        assert message["embeds"][0]["title"] == "Fact: budget"
        assert message["embeds"][0]["fields"][0]["value"] == "Paragraph 3"
        assert message["interaction_metadata"]["id"] == handle.id
        assert (await handle.response_message())["id"] == message["id"]
        if spec_path is not None:  # the fixture fails the test on any violation
            assert fake_discord.validated_count > validated_before


async def test_button_click_routes_to_view(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        handle = await fake_discord.send_interaction(fake_discord.slash_command("confirm"))
        message = await handle.response_message()
        assert message["components"][0]["components"][0]["custom_id"] == "confirm"

        click = await fake_discord.send_interaction(fake_discord.component_click(message, "confirm"))
        callback = await click.callback()
        assert callback.json["type"] == 7  # UPDATE_MESSAGE
        updated = fake_discord.message(message["id"])
        assert updated["content"] == "Confirmed."
        assert updated["components"] == []
        with pytest.raises(LookupError):
            fake_discord.component_click(updated, "confirm")  # the button is gone


async def test_modal_round_trip(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        opened = await fake_discord.send_interaction(fake_discord.slash_command("feedback"))
        modal = await opened.modal()
        assert modal["title"] == "Feedback"

        submit = await fake_discord.send_interaction(
            fake_discord.modal_submit(modal, {"comment": "Great article"}, opened_by=opened)
        )
        reply = await submit.response_message()
        assert reply["content"] == "Thanks: Great article"
        assert reply["flags"] & 64  # ephemeral


async def test_message_create_reaches_on_message(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        sent = await fake_discord.send_message(fake_discord.message_create("hello bot"))
        assert sent.delivered
        reply = await sent.reply()
        assert reply.json["content"] == "Hi! Ask me about the article."
        # discord.py sends snowflakes as integers here; Discord accepts both.
        assert str(reply.json["message_reference"]["message_id"]) == sent.payload["id"]
        assert reply.response["referenced_message"]["content"] == "hello bot"
        # Discord echoes the reply as MESSAGE_CREATE; the bot must not answer itself,
        # and messages by other bots are ignored too.
        other = await fake_discord.send_message(fake_discord.message_create("hello from a bot", bot_author=True))
        await other.expect_no_request(wait=0.1)


async def test_message_content_intent_is_emulated(fake_discord: FakeDiscord) -> None:
    bot = make_bot(message_content=False)
    seen: list[str] = []

    async def record(message: discord.Message) -> None:
        seen.append(message.content)

    bot.add_listener(record, "on_message")
    async with run_client(bot):
        blanked = await fake_discord.send_message(fake_discord.message_create("hello there"))
        await blanked.expect_no_request(wait=0.1)  # the bot saw "" and did not greet
        mention = f"<@{fake_discord.bot_id}> hello with a mention"
        await fake_discord.send_message(fake_discord.message_create(mention))
        direct = await fake_discord.send_message(fake_discord.message_create("hello in a DM", guild=False))
        reply = await direct.reply()  # DMs keep their content without the intent
        assert reply.response["channel_id"] == fake_discord.dm_channel("reader")["id"]
        assert seen[:3] == ["", mention, "hello in a DM"]


async def test_autocomplete_returns_choices(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        handle = await fake_discord.send_interaction(fake_discord.autocomplete("fact", {"topic": "b"}))
        choices = await handle.choices()
        assert [c["value"] for c in choices] == ["budget", "bridge"]


async def test_deferred_response_then_followup(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        handle = await fake_discord.send_interaction(fake_discord.slash_command("slow"))
        assert (await handle.callback()).json == {"type": 5, "data": {"flags": 64}}
        message = await handle.response_message()
        assert message["content"] == "Done thinking."
        assert message["flags"] == 64  # the followup replaced the ephemeral "thinking" message


async def test_subcommand_permissions_and_resolved_channel(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        with pytest.raises(CommandUnavailable):
            fake_discord.slash_command("admin quotes limit", {"count": 3, "channel": "factdesk"})
        handle = await fake_discord.send_interaction(
            fake_discord.slash_command("admin quotes limit", {"count": 3, "channel": "factdesk"}, user="moderator")
        )
        message = await handle.response_message()
        assert message["content"] == f"3 in <#{fake_discord.channel('factdesk')['id']}>"
        option = handle.payload["data"]["options"][0]
        assert (option["type"], option["options"][0]["type"]) == (2, 1)


async def test_message_context_menu(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        target = await fake_discord.send_message(
            fake_discord.message_create("The bridge cost 3 million.", author="moderator")
        )
        handle = await fake_discord.send_interaction(fake_discord.message_context_menu("Check claim", target.payload))
        message = await handle.response_message()
        assert message["content"] == "Checking: The bridge cost 3 million."


async def test_user_context_menu(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        handle = await fake_discord.send_interaction(fake_discord.user_context_menu("Profile", "moderator"))
        assert (await handle.response_message())["content"] == "Mo Derator joined."


async def test_restart_keeps_command_ids(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        first = fake_discord.command("fact")
    async with run_client(make_bot()):  # a second IDENTIFY and bulk overwrite on the same fake
        second = fake_discord.command("fact")
        handle = await fake_discord.send_interaction(fake_discord.slash_command("fact", {"topic": "bridge"}))
        assert (await handle.response_message())["embeds"][0]["title"] == "Fact: bridge"
    assert first is not None and second is not None and first["id"] == second["id"]


@pytest.mark.fake_discord(channels=["lobby", {"name": "quiet", "overwrites": [{"role": "FactDesk", "deny": 2048}]}])
async def test_custom_world_via_marker(fake_discord: FakeDiscord) -> None:
    bot = make_bot()
    async with run_client(bot):
        guild = bot.get_guild(int(fake_discord.guild_id))
        assert guild is not None
        assert [c.name for c in guild.text_channels] == ["lobby", "quiet"]
        quiet = guild.get_channel(int(fake_discord.channel("quiet")["id"]))
        assert quiet is not None and not quiet.permissions_for(guild.me).send_messages


@pytest.mark.fake_discord(interaction_timeout=0.0)
@pytest.mark.allow_error_logs  # the bot logs the 404 Discord answers a late callback with
async def test_late_callback_is_unknown_interaction(fake_discord: FakeDiscord) -> None:
    async with run_client(make_bot()):
        handle = await fake_discord.send_interaction(fake_discord.slash_command("fact", {"topic": "school"}))
        callback = await handle.callback()
        assert (callback.status, callback.response["code"]) == (404, 10062)


async def test_bot_permissions_are_enforced(fake_discord: FakeDiscord) -> None:
    assert not fake_discord.permissions_for("bot", "announcements") & Perm.SEND_MESSAGES
    assert fake_discord.permissions_for("bot", "staff") & Perm.VIEW_CHANNEL
    assert not fake_discord.permissions_for("reader", "staff") & Perm.VIEW_CHANNEL
    bot = make_bot()
    async with run_client(bot):
        channel = bot.get_channel(int(fake_discord.channel("announcements")["id"]))
        assert isinstance(channel, discord.TextChannel)
        with pytest.raises(discord.Forbidden):
            await channel.send("Nobody may post here")


async def test_failures_abort_waits(fake_discord: FakeDiscord) -> None:
    fake_discord.report_failure("boom")
    await asyncio.sleep(0)
    with pytest.raises(AssertionError, match="boom"):
        await fake_discord.wait_for(lambda r: False, timeout=1)
    fake_discord.failures.clear()


@pytest.mark.allow_spec_violations
async def test_spec_rejects_oversized_embed_title(fake_discord: FakeDiscord, required_spec_path: Any) -> None:
    channel_id = fake_discord.channel("general")["id"]
    url = f"{fake_discord.api_base}/channels/{channel_id}/messages"
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    too_long = {"embeds": [{"title": "x" * 257, "description": "ok"}]}
    async with aiohttp.ClientSession() as session:
        async with session.post(url, json=too_long, headers=headers) as resp:
            assert resp.status == 400
            assert resp.headers["Content-Type"] == "application/json"
            body = await resp.json()
        assert body["code"] == 50035
        assert [v.path for v in fake_discord.violations] == [f"/channels/{channel_id}/messages"]
        assert "$.embeds[0].title: 257 characters" in fake_discord.violations[0].message

        # The same body as a multipart upload is validated through payload_json.
        form = aiohttp.FormData()
        form.add_field("payload_json", json.dumps(too_long), content_type="application/json")
        form.add_field("files[0]", b"data", filename="notes.txt")
        async with session.post(url, data=form, headers=headers) as resp:
            assert resp.status == 400
        assert len(fake_discord.violations) == 2
        assert fake_discord.requests[-1].files == ["notes.txt"]

        valid = {"content": "fine", "embeds": [{"title": "x" * 256}]}
        async with session.post(url, json=valid, headers=headers) as resp:
            assert resp.status == 200
            assert (await resp.json())["embeds"][0]["title"] == "x" * 256
    assert len(fake_discord.violations) == 2
    assert fake_discord.validated_count == 3


# ------------------------------------------------------------------ gateway sessions and shards
#
# Raw websocket clients, so every rule is checked frame by frame: READY and
# GUILD_CREATE per shard, where each event goes, and the sequence numbers of
# each session.

GUILD_ON_SHARD_0 = "1300000000000000100"  # (id >> 22) is even
RAW_INTENTS = (1 << 0) | (1 << 9) | (1 << 12) | (1 << 15)  # guilds, guild/DM messages, message content


class RawShard:
    """A bare gateway connection to the fake, as one shard of a bot."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ready: dict[str, Any] = {}

    async def receive(self, timeout: float = 2.0) -> dict[str, Any]:
        message: dict[str, Any] = await self.ws.receive_json(timeout=timeout)
        return message

    async def dispatch(self, timeout: float = 2.0) -> dict[str, Any]:
        """The next DISPATCH (op 0) frame."""
        while True:
            message = await self.receive(timeout)
            if message["op"] == 0:
                return message

    async def send(self, op: int, data: Any) -> None:
        await self.ws.send_json({"op": op, "d": data})

    async def heartbeat(self) -> None:
        """Send op 1 and wait for its ack: the fake has handled everything sent before on this socket."""
        await self.send(1, None)
        while (await self.receive())["op"] != 11:
            pass


async def connect_raw(http: aiohttp.ClientSession, fake: FakeDiscord) -> RawShard:
    raw = RawShard(await http.ws_connect(fake.gateway_url))
    hello = await raw.receive()
    assert hello["op"] == 10
    return raw


async def identify_raw(
    http: aiohttp.ClientSession, fake: FakeDiscord, shard: list[int] | None, *, guild_create: bool
) -> RawShard:
    """Connect, IDENTIFY as ``shard`` (None: no "shard" field) and read READY (and GUILD_CREATE)."""
    raw = await connect_raw(http, fake)
    data: dict[str, Any] = {"token": fake.token, "intents": RAW_INTENTS, "properties": {}}
    if shard is not None:
        data["shard"] = shard
    await raw.send(2, data)
    ready = await raw.dispatch()
    assert (ready["t"], ready["s"]) == ("READY", 1)
    raw.ready = ready["d"]
    if guild_create:
        created = await raw.dispatch()
        assert (created["t"], created["s"], created["d"]["id"]) == ("GUILD_CREATE", 2, fake.guild_id)
    return raw


@pytest.mark.parametrize(
    "owner",
    [
        pytest.param(1, id="default-guild-on-shard-1"),
        pytest.param(0, id="guild-on-shard-0", marks=pytest.mark.fake_discord(guild_id=GUILD_ON_SHARD_0)),
    ],
)
async def test_guild_events_go_to_the_owning_shard_and_dms_to_shard_0(fake_discord: FakeDiscord, owner: int) -> None:
    assert fake_discord.shard_of(shard_count=2) == owner
    assert fake_discord.shard_of(shard_count=1) == 0
    other = 1 - owner
    async with aiohttp.ClientSession() as http:
        shards = {
            0: await identify_raw(http, fake_discord, [0, 2], guild_create=owner == 0),
            1: await identify_raw(http, fake_discord, [1, 2], guild_create=owner == 1),
        }
        assert fake_discord.identified == [(0, 2), (1, 2)]
        assert sorted(fake_discord.sessions) == [0, 1] and fake_discord.connected
        assert shards[owner].ready["guilds"] == [{"id": fake_discord.guild_id, "unavailable": True}]
        assert shards[other].ready["guilds"] == []
        assert [r.ready["shard"] for r in shards.values()] == [[0, 2], [1, 2]]
        assert shards[0].ready["session_id"] != shards[1].ready["session_id"]
        assert [e.shard for e in fake_discord.events("GUILD_CREATE")] == [(owner, 2)]

        # A guild message and a guild interaction reach the owning shard only.
        message = await fake_discord.send_message(fake_discord.message_create("hello"))
        assert message.delivered and message.shards == [(owner, 2)]
        received = await shards[owner].dispatch()
        assert (received["t"], received["s"], received["d"]["id"]) == ("MESSAGE_CREATE", 3, message.payload["id"])
        interaction = await fake_discord.send_interaction(fake_discord.slash_command("fact", {"topic": "budget"}))
        assert interaction.shards == [(owner, 2)]
        received = await shards[owner].dispatch()
        assert (received["t"], received["s"], received["d"]["id"]) == ("INTERACTION_CREATE", 4, interaction.id)
        # The guild object events route by "id".
        [update] = await fake_discord.send_event("GUILD_UPDATE", {"id": fake_discord.guild_id})
        assert (update.shard, update.seq) == ((owner, 2), 5)
        received = await shards[owner].dispatch()
        assert (received["t"], received["s"]) == ("GUILD_UPDATE", 5)

        # Outside guilds (DMs, DM interactions) it is shard 0, with its own sequence.
        dm = await fake_discord.send_message(fake_discord.message_create("hello", guild=False))
        assert dm.shards == [(0, 2)]
        dm_interaction = await fake_discord.send_interaction(
            fake_discord.slash_command("fact", {"topic": "bridge"}, guild=False)
        )
        assert dm_interaction.shards == [(0, 2)]
        assert [e.seq for e in dm.events + dm_interaction.events] == ([6, 7] if owner == 0 else [2, 3])
        for event in (dm.events[0], dm_interaction.events[0]):
            received = await shards[0].dispatch()
            assert (received["t"], received["s"], received["d"]["id"]) == (event.name, event.seq, event.data["id"])

        # "shard" forces a session; the other shard's socket got none of the above.
        [forced] = await fake_discord.send_event("TYPING_START", {"channel_id": "1"}, shard=other)
        received = await shards[other].dispatch()
        assert (received["t"], received["s"]) == ("TYPING_START", forced.seq)
        guild_events = ["READY", "GUILD_CREATE", "MESSAGE_CREATE", "INTERACTION_CREATE", "GUILD_UPDATE"]
        dm_events = ["MESSAGE_CREATE", "INTERACTION_CREATE"]
        sent = {shard: [e.name for e in fake_discord.events(shard=shard)] for shard in (0, 1)}
        assert sent[owner] == guild_events + (dm_events if owner == 0 else [])
        assert sent[other] == ["READY", *(dm_events if other == 0 else []), "TYPING_START"]


async def test_events_for_a_shard_without_a_session_are_refused(fake_discord: FakeDiscord) -> None:
    assert fake_discord.shard_of(shard_count=2) == 1
    async with aiohttp.ClientSession() as http:
        shard_0 = await identify_raw(http, fake_discord, [0, 2], guild_create=False)
        assert shard_0.ready["guilds"] == []
        with pytest.raises(RuntimeError, match=r"no gateway session for the shard of guild .*shards \[0, 2\]"):
            await fake_discord.send_message(fake_discord.message_create("hello"))
        dm = await fake_discord.send_message(fake_discord.message_create("hello", guild=False))
        assert dm.shards == [(0, 2)]
        assert (await shard_0.dispatch())["s"] == 2
        with pytest.raises(RuntimeError, match="no gateway session for shard 1"):
            await fake_discord.send_event("TYPING_START", {"channel_id": "1"}, shard=1)


async def test_members_chunk_answers_on_the_requesting_session(fake_discord: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as http:
        shard_0 = await identify_raw(http, fake_discord, [0, 2], guild_create=False)
        shard_1 = await identify_raw(http, fake_discord, [1, 2], guild_create=True)
        request = {"guild_id": fake_discord.guild_id, "query": "", "limit": 0, "nonce": "n1"}
        await shard_0.send(8, request)  # not shard 0's guild: Discord sends nothing
        await shard_0.heartbeat()
        await shard_1.send(8, request)
        chunk = await shard_1.dispatch()
        assert chunk["t"] == "GUILD_MEMBERS_CHUNK" and chunk["d"]["nonce"] == "n1"
        assert [e.shard for e in fake_discord.events("GUILD_MEMBERS_CHUNK")] == [(1, 2)]


async def test_a_new_identify_replaces_only_that_shards_session(fake_discord: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as http:
        shard_0 = await identify_raw(http, fake_discord, [0, 2], guild_create=False)
        old_1 = await identify_raw(http, fake_discord, [1, 2], guild_create=True)
        new_1 = await identify_raw(http, fake_discord, [1, 2], guild_create=True)
        closed = await old_1.ws.receive(timeout=2)
        assert (closed.type, old_1.ws.close_code) == (aiohttp.WSMsgType.CLOSE, 4000)
        assert fake_discord.identified == [(0, 2), (1, 2), (1, 2)]
        sessions = fake_discord.sessions
        assert sorted(sessions) == [0, 1]
        assert sessions[0].session_id == shard_0.ready["session_id"]
        assert sessions[1].session_id == new_1.ready["session_id"] != old_1.ready["session_id"]
        message = await fake_discord.send_message(fake_discord.message_create("hello"))
        assert message.events[0].session_id == new_1.ready["session_id"]
        assert (await new_1.dispatch())["s"] == 3  # the new session counts from 1 again

        # The replaced session cannot be resumed; shard 0 is untouched.
        again = await connect_raw(http, fake_discord)
        await again.send(6, {"token": fake_discord.token, "session_id": old_1.ready["session_id"], "seq": 2})
        assert await again.receive() == {"op": 9, "d": False, "s": None, "t": None}
        await shard_0.heartbeat()
        assert not shard_0.ws.closed


async def test_resume_continues_a_session_per_shard(fake_discord: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as http:
        first = await identify_raw(http, fake_discord, None, guild_create=True)  # no "shard": shard 0 of 1
        assert fake_discord.identified == [(0, 1)] and "shard" not in first.ready
        session_id = first.ready["session_id"]
        await first.ws.close(code=4000)  # dropped, not closed on purpose: resumable
        assert not fake_discord.connected

        second = await connect_raw(http, fake_discord)
        await second.send(6, {"token": fake_discord.token, "session_id": session_id, "seq": 2})
        resumed = await second.dispatch()
        assert (resumed["t"], resumed["s"]) == ("RESUMED", 3)  # the sequence continues
        assert fake_discord.sessions[0].session_id == session_id and fake_discord.sessions[0].shard == (0, 1)
        await fake_discord.send_message(fake_discord.message_create("hello"))
        assert (await second.dispatch())["s"] == 4
        assert fake_discord.identified == [(0, 1)]  # RESUME is no new IDENTIFY

        await second.ws.close(code=1000)  # a clean close ends the session
        third = await connect_raw(http, fake_discord)
        await third.send(6, {"token": fake_discord.token, "session_id": session_id, "seq": 4})
        assert await third.receive() == {"op": 9, "d": False, "s": None, "t": None}


@pytest.mark.parametrize("shard", [[2, 2], [-1, 2], [0, 0], "0,2"])
async def test_identify_with_an_invalid_shard_is_closed(fake_discord: FakeDiscord, shard: Any) -> None:
    async with aiohttp.ClientSession() as http:
        raw = await connect_raw(http, fake_discord)
        await raw.send(2, {"token": fake_discord.token, "intents": 1, "properties": {}, "shard": shard})
        closed = await raw.ws.receive(timeout=2)
        assert (closed.type, raw.ws.close_code) == (aiohttp.WSMsgType.CLOSE, 4010)
        assert fake_discord.identified == [] and not fake_discord.connected


@pytest.mark.fake_discord(shard_count=3)
async def test_gateway_bot_recommends_the_configured_shard_count(fake_discord: FakeDiscord, spec_path: Any) -> None:
    url = f"{fake_discord.api_base}/gateway/bot"
    headers = {"Authorization": f"Bot {fake_discord.token}"}
    async with aiohttp.ClientSession() as http:
        async with http.get(url, headers=headers) as resp:
            assert resp.status == 200
            before = await resp.json()
        await identify_raw(http, fake_discord, [2, 3], guild_create=fake_discord.shard_of() == 2)
        async with http.get(url, headers=headers) as resp:
            after = await resp.json()
    assert (before["shards"], before["url"]) == (3, fake_discord.gateway_url)
    assert before["session_start_limit"]["max_concurrency"] == 1
    assert after["session_start_limit"]["remaining"] == before["session_start_limit"]["remaining"] - 1
    if spec_path is not None:
        schema = {"$ref": f"{SPEC_URI}#/components/schemas/GatewayBotResponse"}
        validator = Draft202012Validator(schema, registry=load_spec(spec_path).registry)
        for body in (before, after):
            assert list(validator.iter_errors(body)) == []


class QuickShardedBot(commands.AutoShardedBot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py sleeps 5 s before every IDENTIFY but the first (Discord's pace for
        max_concurrency 1); the fake does not rate-limit IDENTIFY."""


@pytest.mark.fake_discord(shard_count=2)
async def test_auto_sharded_client_launches_the_recommended_shards(fake_discord: FakeDiscord) -> None:
    bot = make_bot(cls=QuickShardedBot)
    async with run_client(bot):
        assert isinstance(bot, commands.AutoShardedBot)
        assert [r.path for r in fake_discord.requests if r.path == "/gateway/bot"] == ["/gateway/bot"]
        assert bot.shard_count == 2 and sorted(bot.shards) == [0, 1]
        assert fake_discord.identified == [(0, 2), (1, 2)]
        guild = bot.get_guild(int(fake_discord.guild_id))
        assert guild is not None and guild.shard_id == 1 == fake_discord.shard_of()

        handle = await fake_discord.send_interaction(fake_discord.slash_command("fact", {"topic": "budget"}))
        assert handle.shards == [(1, 2)]
        assert (await handle.response_message())["embeds"][0]["title"] == "Fact: budget"
        direct = await fake_discord.send_message(fake_discord.message_create("hello in a DM", guild=False))
        assert direct.shards == [(0, 2)]
        assert (await direct.reply()).json["content"] == "Hi! Ask me about the article."
