"""A local fake of Discord's REST API and gateway for end-to-end tests.

The real discord.py client (HTTP client, gateway, state cache, command tree,
views, modals) runs against this fake on 127.0.0.1, so a test exercises the
bot exactly as Discord would drive it. See /work/shared/discord-e2e.md for
the background; the numbered "pitfalls" referenced in comments are from it.

Quick start (fixtures are in conftest.py)::

    from tests.e2e.fake_discord import run_client

    async def test_ask(fake_discord):
        bot = make_bot(guild_ready_timeout=0.05)       # pitfall 2
        async with run_client(bot):
            h = await fake_discord.send_interaction(
                fake_discord.slash_command("ask", {"question": "Who?"}))
            msg = await h.response_message()
            assert "Who" in msg["embeds"][0]["title"]

Public API of ``FakeDiscord``
-----------------------------
Lifecycle: ``await start()``, ``await stop()``; ``api_base``
("http://127.0.0.1:PORT/api/v10"), ``gateway_url`` ("ws://.../gateway"),
``connected`` (at least one gateway session is identified), ``sessions``
(the open identified sessions by shard id: ``GatewaySession`` with
``shard`` (id, count), ``session_id``, ``seq``, ``intents``, ``presence``).

World (constructor keyword arguments, all optional): ``token``,
``application_id``, ``bot_name``, ``guild_id``, ``guild_name``, ``owner``
(username), ``everyone_permissions``, ``bot_permissions`` (the bot's managed
role), ``bot_roles`` (extra role names for the bot), ``roles`` (list of
``{"name", "permissions", ["id", "color"]}``), ``channels`` (names or
``{"name", ["type", "topic", "parent", "id", "overwrites": [{"role"|"member":
name, "allow": int, "deny": int}]]}``), ``members`` (list of ``{"username",
["global_name", "roles": [names], "bot", "id", "nick", "in_guild",
"dms_open"]}``), ``spec_path`` (OpenAPI file or None), ``reject_invalid``
(answer spec violations with Discord's 400 "Invalid Form Body", default
True), ``interaction_timeout`` (3 s like Discord; a later callback gets 404
Unknown interaction), ``echo_bot_messages`` (send MESSAGE_CREATE for the
bot's own non-ephemeral messages, like Discord; default True),
``max_bot_messages`` (more bot messages than this in one test is reported
as a probable reply loop; default 200), ``shard_count`` (the "shards"
``GET /gateway/bot`` recommends, which an ``AutoShardedClient`` without a
shard count launches; default 1).

Gateway and shards: like Discord, the fake serves several gateway sessions
at once, one per shard id (IDENTIFY's ``shard``; none means (0, 1)). A new
IDENTIFY for a shard id replaces (closes, code 4000) only that shard's old
session; RESUME (op 6) continues a session on a new connection unless the
client closed it with 1000/1001. The guild belongs to shard
``(guild_id >> 22) % shard_count`` (``guild_shard()``, ``shard_of()``; the
default guild is on shard 1 of 2): READY lists it and GUILD_CREATE is sent
only on that shard's session, and its events (``guild_id``) go there; events
outside guilds (DMs) go to shard 0. GUILD_MEMBERS_CHUNK answers on the
session that sent op 8.

The default world: guild "FactDesk Test Guild"; roles @everyone, Moderator,
the bot's managed role ``bot_name``; text channels ``general``,
``factdesk``, ``staff`` (hidden from @everyone, visible to Moderator and the
bot) and ``announcements`` (nobody but admins may send, the bot included);
users ``owner`` (guild owner, Moderator), ``moderator`` (Moderator),
``reader`` (no role; the default actor of every builder), ``newsbot``
(another bot), ``stranger`` (not in the guild) and ``bot`` (the bot itself).

Look-ups: ``app_id``, ``bot_id``, ``guild_id`` (str), ``user(key_or_id)``,
``member(key)`` (member payload with ``user``), ``channel(name_or_id)``,
``role(name_or_id)``, ``message(id)`` (latest state of a stored message),
``messages`` (dict id -> message), ``commands`` (dict: None for global or a
guild id -> list of registered commands), ``command(name, guild_id=None)``,
``permissions_for(user, channel)`` (int, Discord's overwrite algorithm),
``intents`` (from the last IDENTIFY), ``presence`` (last op 3 payload).

Builders (return a plain payload dict; nothing is sent): ``slash_command``,
``autocomplete``, ``component_click``, ``modal_submit``,
``message_context_menu``, ``user_context_menu``, ``message_create``. Slash
command names may contain spaces for subcommands ("config set"); options are
a mapping ``{name: value}`` (types come from the synced command) or raw
option dicts. Users, channels and roles may be given by key/name or id.
Builders raise ``CommandUnavailable`` when Discord would not offer the
command to that user (``default_member_permissions``, ``contexts``), and
``LookupError``/``ValueError`` for clicks Discord's client cannot produce
(unknown or disabled component, select values not offered).

Dispatch: ``await send_interaction(payload) -> InteractionHandle``,
``await send_message(payload) -> MessageHandle`` (applies intent rules: not
delivered without GUILD_MESSAGES/DIRECT_MESSAGES; content blanked without
MESSAGE_CONTENT unless the bot is mentioned or it is a DM),
``await send_event(name, data, shard=None) -> [GatewayEvent]`` for any
other gateway event (routed as above; ``shard`` forces a shard id; raises
``RuntimeError`` if no session would receive it).

Handles: ``InteractionHandle.callback()``, ``.followup(index)``,
``.edit_original()``, ``.response_message()`` (the visible message after
callback/defer+edit), ``.modal()``, ``.choices()``; every handle has
``.wait_for(predicate)`` and ``.expect_no_request(predicate, wait)``
limited to requests after the dispatch, ``.events`` (the ``GatewayEvent``
it went out as; empty if not delivered) and ``.shards`` (their sessions'
(id, count)). ``MessageHandle.reply(channel)``.

Gateway recording: ``gateway_received`` (every op the bot sent, raw),
``identified`` (the (id, count) shard of each IDENTIFY, in order),
``dispatched`` (every ``GatewayEvent`` sent: name, data, shard, session_id,
seq), ``events(name=None, shard=None)`` (filtered ``dispatched``).

Recording: ``requests`` (list of ``RecordedRequest``: index, method, path,
query, json, files, file_data, route, params, status, response),
``mark()`` (current index), ``await wait_for(predicate, timeout=5,
since=0)``, ``await wait_for_callback(interaction_id)``,
``await wait_for_message(channel, since=0)``, ``await
expect_no_request(predicate, wait, since)``; ``violations`` (list of
``Violation``), ``validated_count``, ``unknown_routes``, ``internal_errors``,
``failures`` (``report_failure(text)`` makes pending waits fail at once;
the fixture feeds ERROR logs of discord.py and the bot into it, pitfall 6).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import re
import secrets
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from tests.e2e.discord_spec import SpecValidator, discord_rule_violations, load_spec, template_regex

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1_420_070_400_000

DEFAULT_TOKEN = "test-token"
DEFAULT_APP_ID = "1300000000000000001"
# (id >> 22) is odd: with two shards the guild belongs to shard 1, so a
# sharded bot's guild events do not just go to shard 0 by chance.
DEFAULT_GUILD_ID = "1300000000004194404"
ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024  # a guild without boosts


class Perm:
    """Permission bits (https://discord.com/developers/docs/topics/permissions)."""

    ADD_REACTIONS = 1 << 6
    ADMINISTRATOR = 1 << 3
    MANAGE_GUILD = 1 << 5
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    USE_APPLICATION_COMMANDS = 1 << 31
    CREATE_PUBLIC_THREADS = 1 << 35
    SEND_MESSAGES_IN_THREADS = 1 << 38
    MODERATE_MEMBERS = 1 << 40
    ALL = (1 << 51) - 1

    MEMBER_DEFAULT = (
        VIEW_CHANNEL
        | SEND_MESSAGES
        | READ_MESSAGE_HISTORY
        | ADD_REACTIONS
        | EMBED_LINKS
        | ATTACH_FILES
        | USE_EXTERNAL_EMOJIS
        | USE_APPLICATION_COMMANDS
        | CREATE_PUBLIC_THREADS
        | SEND_MESSAGES_IN_THREADS
    )
    BOT_DEFAULT = (
        VIEW_CHANNEL
        | SEND_MESSAGES
        | READ_MESSAGE_HISTORY
        | ADD_REACTIONS
        | EMBED_LINKS
        | ATTACH_FILES
        | USE_EXTERNAL_EMOJIS
        | SEND_MESSAGES_IN_THREADS
    )


class Intent:
    """Gateway intent bits the fake emulates."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_MESSAGES = 1 << 9
    DIRECT_MESSAGES = 1 << 12
    MESSAGE_CONTENT = 1 << 15


class MessageFlag:
    EPHEMERAL = 1 << 6
    LOADING = 1 << 7


# Callback types an interaction type may be answered with; anything else
# Discord rejects with 400.
_ALLOWED_CALLBACKS: dict[int, set[int]] = {
    1: {1},
    2: {4, 5, 9},
    3: {4, 5, 6, 7, 9},
    4: {8},
    5: {4, 5, 6, 7},
}
_MESSAGE_CALLBACKS = {4, 5, 6, 7}
_SELECT_TYPES = {3, 5, 6, 7, 8}
_ROUTE_CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
_ROUTE_FOLLOWUP = "/webhooks/{application_id}/{token}"
_ROUTE_WEBHOOK_MESSAGE = "/webhooks/{application_id}/{token}/messages/{message_id}"
_ROUTE_CHANNEL_MESSAGES = "/channels/{channel_id}/messages"
_MENTION_USER = re.compile(r"<@!?(\d+)>")
_MENTION_ROLE = re.compile(r"<@&(\d+)>")


class CommandUnavailable(Exception):
    """Discord would not let this user invoke the command here."""


@dataclass
class Violation:
    """A request body Discord would reject (OpenAPI schema or Discord rule)."""

    method: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.message}"


@dataclass
class RecordedRequest:
    """One REST request the bot made, with the fake's answer."""

    index: int
    method: str
    path: str  # after /api/v10
    query: dict[str, str]
    json: Any  # JSON body, or the parsed payload_json part of a multipart body
    files: list[str]  # uploaded file names
    file_data: dict[str, bytes]
    route: str | None  # the fake's route template; None for unknown routes
    params: dict[str, str]  # path parameters of ``route``
    status: int = 0
    response: Any = None  # snapshot of the JSON the fake answered with (None for 204)
    at: float = 0.0  # event-loop time when it was answered

    def __str__(self) -> str:
        return f"#{self.index} {self.method} {self.path} -> {self.status}"


@dataclass
class _InteractionState:
    payload: dict[str, Any]
    dispatched_at: float
    callback_type: int | None = None
    original_message_id: str | None = None
    loading: bool = False  # deferred with type 5 and not edited yet
    message_ids: set[str] = field(default_factory=set)


@dataclass
class _Person:
    key: str
    user: dict[str, Any]
    role_ids: list[str]
    nick: str | None
    joined_at: str
    in_guild: bool
    dms_open: bool


class _HttpError(Exception):
    def __init__(self, status: int, code: int, message: str, errors: Any = None) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"message": message, "code": code}
        if errors is not None:
            self.body["errors"] = errors


def _now_iso() -> str:
    return datetime.now(UTC).isoformat()


def _json_response(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json": discord.py only decodes JSON when the
    # header is that string, and json_response() appends a charset (pitfall 1).
    return web.Response(
        status=status,
        body=json.dumps(data).encode(),
        headers={"Content-Type": "application/json"},
    )


def _is_true(value: str | None) -> bool:
    return value is not None and value.lower() in ("1", "true")


class _Snowflakes:
    """Snowflakes with a real timestamp, so discord.py's created_at is sane."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        return str((ms << 22) | (next(self._counter) & 0x3FFFFF))


ShardKey = tuple[int, int]  # (shard_id, shard_count) as in IDENTIFY's "shard"

# A gateway connection that sent no "shard" in IDENTIFY is the only shard.
UNSHARDED: ShardKey = (0, 1)
# Guild events whose payload is the guild itself ("id", not "guild_id").
_GUILD_OBJECT_EVENTS = {"GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"}


def guild_shard(guild_id: str | int, shard_count: int) -> int:
    """The shard that receives a guild's events: Discord's ``(guild_id >> 22) % shard_count``."""
    return (int(guild_id) >> 22) % shard_count


@dataclass
class GatewayEvent:
    """A DISPATCH (op 0) the fake sent, and the gateway session it went to."""

    name: str
    data: Any
    shard: ShardKey
    session_id: str
    seq: int

    @property
    def shard_id(self) -> int:
        return self.shard[0]


@dataclass(eq=False)
class GatewaySession:
    """One gateway connection of the bot and its session state.

    ``shard`` is (id, count) from IDENTIFY (``UNSHARDED`` when it carried no
    "shard"), ``session_id`` is set by IDENTIFY or taken over by RESUME,
    ``seq`` is the last sequence number sent on this session.
    """

    ws: web.WebSocketResponse
    shard: ShardKey = UNSHARDED
    session_id: str | None = None
    seq: int = 0
    intents: int | None = None
    presence: dict[str, Any] | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)

    @property
    def shard_id(self) -> int:
        return self.shard[0]

    @property
    def open(self) -> bool:
        return not self.ws.closed

    @property
    def identified(self) -> bool:
        return self.session_id is not None

    def owns(self, guild_id: str | int) -> bool:
        """Whether this session's shard receives ``guild_id``'s events."""
        return guild_shard(guild_id, self.shard[1]) == self.shard[0]


class Dispatched:
    """Something the fake sent on the gateway; waits are limited to later requests.

    ``events`` are the gateway events it went out as (empty if it was not
    delivered); ``shards`` their sessions' (id, count).
    """

    def __init__(
        self,
        fake: FakeDiscord,
        payload: dict[str, Any],
        start: int,
        events: Sequence[GatewayEvent] = (),
    ) -> None:
        self.fake = fake
        self.payload = payload
        self.start = start
        self.events = list(events)

    @property
    def shards(self) -> list[ShardKey]:
        return [event.shard for event in self.events]

    async def wait_for(
        self, predicate: Callable[[RecordedRequest], bool] | None = None, timeout: float = 5.0
    ) -> RecordedRequest:
        return await self.fake.wait_for(predicate, timeout=timeout, since=self.start)

    async def expect_no_request(
        self, predicate: Callable[[RecordedRequest], bool] | None = None, wait: float = 0.3
    ) -> None:
        await self.fake.expect_no_request(predicate, wait=wait, since=self.start)


class MessageHandle(Dispatched):
    """A MESSAGE_CREATE sent to the bot. ``delivered`` is False when intents dropped it."""

    def __init__(
        self,
        fake: FakeDiscord,
        payload: dict[str, Any],
        start: int,
        delivered: bool,
        events: Sequence[GatewayEvent] = (),
    ) -> None:
        super().__init__(fake, payload, start, events)
        self.delivered = delivered

    async def reply(self, channel: str | None = None, timeout: float = 5.0) -> RecordedRequest:
        """The next message the bot posts in ``channel`` (default: this message's)."""
        channel_id = self.fake.channel(channel)["id"] if channel else self.payload["channel_id"]
        return await self.fake.wait_for_message(channel_id, since=self.start, timeout=timeout)


class InteractionHandle(Dispatched):
    """An INTERACTION_CREATE sent to the bot, with waits for its responses."""

    @property
    def id(self) -> str:
        return str(self.payload["id"])

    @property
    def token(self) -> str:
        return str(self.payload["token"])

    def _is_webhook(self, req: RecordedRequest) -> bool:
        return req.params.get("token") == self.token

    async def callback(self, timeout: float = 5.0) -> RecordedRequest:
        """The interaction callback (its ``json["type"]`` is the response type)."""
        return await self.wait_for(
            lambda r: r.route == _ROUTE_CALLBACK and r.params["interaction_id"] == self.id,
            timeout,
        )

    async def followup(self, index: int = 0, timeout: float = 5.0) -> RecordedRequest:
        """The ``index``-th followup message (POST /webhooks/{app}/{token})."""
        seen = itertools.count()
        return await self.wait_for(
            lambda r: r.route == _ROUTE_FOLLOWUP and r.method == "POST" and self._is_webhook(r) and next(seen) == index,
            timeout,
        )

    async def edit_original(self, timeout: float = 5.0) -> RecordedRequest:
        """The first PATCH of ``@original``."""
        return await self.wait_for(
            lambda r: (
                r.route == _ROUTE_WEBHOOK_MESSAGE
                and r.method == "PATCH"
                and self._is_webhook(r)
                and r.params["message_id"] == "@original"
            ),
            timeout,
        )

    async def response_message(self, timeout: float = 5.0) -> dict[str, Any]:
        """The message the user sees as the answer, once it has content.

        Type 4 and 7 callbacks carry it; after a defer (5 or 6) it is the
        first edit of ``@original`` or the first followup (after a type 5
        defer that followup replaces the "thinking" message). A snapshot as
        answered then: ``fake.message(id)`` has the latest state.
        """
        callback = await self.callback(timeout)
        if callback.status >= 400:
            raise AssertionError(f"callback was rejected: {callback.response}")
        ctype = callback.json["type"]
        if ctype in (4, 7):
            message = callback.response["resource"].get("message")
            if message is None:
                raise AssertionError("the updated message is unknown to the fake (not sent by the bot)")
            return message
        if ctype in (5, 6):
            edit = await self.wait_for(
                lambda r: (
                    self._is_webhook(r)
                    and r.method in ("PATCH", "POST")
                    and (r.route == _ROUTE_FOLLOWUP or r.params.get("message_id") == "@original")
                ),
                timeout,
            )
            if edit.status >= 400:
                raise AssertionError(f"editing the deferred response failed: {edit.response}")
            return edit.response
        raise AssertionError(f"interaction was answered with callback type {ctype}, not a message")

    async def modal(self, timeout: float = 5.0) -> dict[str, Any]:
        """The modal the bot opened (callback type 9): custom_id, title, components."""
        callback = await self.callback(timeout)
        if callback.json.get("type") != 9:
            raise AssertionError(f"expected a modal (9), got callback {callback.json}")
        return callback.json["data"]

    async def choices(self, timeout: float = 5.0) -> list[dict[str, Any]]:
        """The autocomplete choices (callback type 8)."""
        callback = await self.callback(timeout)
        if callback.json.get("type") != 8:
            raise AssertionError(f"expected autocomplete (8), got callback {callback.json}")
        return callback.json["data"]["choices"]


Handler = Callable[[web.Request, RecordedRequest], Awaitable[tuple[int, Any]]]


class FakeDiscord:
    """Discord's REST API (under /api/v10) and gateway (/gateway) on 127.0.0.1."""

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        application_id: str | int = DEFAULT_APP_ID,
        bot_name: str = "FactDesk",
        guild_id: str | int = DEFAULT_GUILD_ID,
        guild_name: str = "FactDesk Test Guild",
        owner: str = "owner",
        everyone_permissions: int = Perm.MEMBER_DEFAULT,
        bot_permissions: int = Perm.BOT_DEFAULT,
        bot_roles: Sequence[str] = (),
        roles: Sequence[Mapping[str, Any]] | None = None,
        channels: Sequence[str | Mapping[str, Any]] | None = None,
        members: Sequence[Mapping[str, Any]] | None = None,
        spec_path: str | Path | None = None,
        reject_invalid: bool = True,
        interaction_timeout: float = 3.0,
        echo_bot_messages: bool = True,
        max_bot_messages: int = 200,
        shard_count: int = 1,
    ) -> None:
        if shard_count < 1:
            raise ValueError("shard_count must be at least 1")
        self.token = token
        self.shard_count = shard_count
        self.app_id = str(application_id)
        self.guild_id = str(guild_id)
        self.guild_name = guild_name
        self.reject_invalid = reject_invalid
        self.interaction_timeout = interaction_timeout
        self.echo_bot_messages = echo_bot_messages
        self.max_bot_messages = max_bot_messages
        self._spec: SpecValidator | None = load_spec(spec_path) if spec_path else None
        self._snowflake = _Snowflakes()

        self.requests: list[RecordedRequest] = []
        self.violations: list[Violation] = []
        self.validated_count = 0
        self.unknown_routes: list[RecordedRequest] = []
        self.internal_errors: list[str] = []
        self.failures: list[str] = []
        self.messages: dict[str, dict[str, Any]] = {}
        self.commands: dict[str | None, list[dict[str, Any]]] = {}
        self.intents: int | None = None
        self.presence: dict[str, Any] | None = None
        self.gateway_received: list[dict[str, Any]] = []
        self.identified: list[ShardKey] = []
        self.dispatched: list[GatewayEvent] = []

        self._interactions: dict[str, _InteractionState] = {}
        self._by_token: dict[str, _InteractionState] = {}
        self._bot_message_count = 0
        self._build_world(
            bot_name,
            owner,
            everyone_permissions,
            bot_permissions,
            bot_roles,
            roles,
            channels,
            members,
        )

        self._routes = self._build_routes()
        self._runner: web.AppRunner | None = None
        self._port: int | None = None
        self._connections: set[GatewaySession] = set()  # every open gateway socket
        self._shard_sessions: dict[int, GatewaySession] = {}  # shard id -> its current session
        self._resumable: dict[str, GatewaySession] = {}  # session id -> connection holding it
        self._changed = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: set[asyncio.Task[Any]] = set()

    # ------------------------------------------------------------------ world

    def _build_world(
        self,
        bot_name: str,
        owner: str,
        everyone_permissions: int,
        bot_permissions: int,
        bot_roles: Sequence[str],
        roles: Sequence[Mapping[str, Any]] | None,
        channels: Sequence[str | Mapping[str, Any]] | None,
        members: Sequence[Mapping[str, Any]] | None,
    ) -> None:
        joined = _now_iso()
        self._roles: dict[str, dict[str, Any]] = {}  # id -> role payload
        self._add_role(
            {"id": self.guild_id, "name": "@everyone", "permissions": everyone_permissions},
            position=0,
        )
        if roles is None:
            roles = [
                {
                    "name": "Moderator",
                    "permissions": Perm.MANAGE_GUILD | Perm.MANAGE_MESSAGES | Perm.MODERATE_MEMBERS,
                    "color": 0x3498DB,
                }
            ]
        for position, role in enumerate(roles, start=1):
            self._add_role(role, position=position)
        bot_role = self._add_role(
            {"name": bot_name, "permissions": bot_permissions},
            position=len(self._roles),
            managed=True,
        )

        self._people: dict[str, _Person] = {}
        self._add_person(
            {
                "username": "bot",
                "global_name": bot_name,
                "bot": True,
                "id": self.app_id,
                "roles": [bot_role["name"], *bot_roles],
            },
            joined,
        )
        self.bot_user["username"] = bot_name.lower()
        if members is None:
            members = [
                {"username": "owner", "global_name": "Olivia Owner", "roles": ["Moderator"]},
                {"username": "moderator", "global_name": "Mo Derator", "roles": ["Moderator"]},
                {"username": "reader", "global_name": "Rita Reader"},
                {"username": "newsbot", "global_name": "NewsBot", "bot": True},
                {"username": "stranger", "global_name": "Sam Stranger", "in_guild": False},
            ]
        for member in members:
            self._add_person(member, joined)
        humans = [p for p in self._people.values() if not p.user["bot"] and p.in_guild]
        self.owner_id = (self.user(owner) if owner in self._people else humans[0].user)["id"]

        self._channels: dict[str, dict[str, Any]] = {}  # id -> channel payload
        self._dm_channels: dict[str, dict[str, Any]] = {}  # user id -> DM channel
        if channels is None:
            hidden = [
                {"role": "@everyone", "deny": Perm.VIEW_CHANNEL},
                {"role": "Moderator", "allow": Perm.VIEW_CHANNEL},
                {"role": bot_name, "allow": Perm.VIEW_CHANNEL},
            ]
            channels = [
                {"name": "general", "topic": "General chat"},
                {"name": "factdesk", "topic": "Ask FactDesk about the article"},
                {"name": "staff", "topic": "Moderators only", "overwrites": hidden},
                {"name": "announcements", "overwrites": [{"role": "@everyone", "deny": Perm.SEND_MESSAGES}]},
            ]
        for position, spec in enumerate(channels):
            self._add_channel({"name": spec} if isinstance(spec, str) else spec, position)

    def _add_role(self, spec: Mapping[str, Any], *, position: int, managed: bool = False) -> dict[str, Any]:
        role = {
            "id": str(spec.get("id") or self._snowflake()),
            "name": spec["name"],
            "color": spec.get("color", 0),
            "colors": {"primary_color": spec.get("color", 0), "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": position,
            "permissions": str(int(spec.get("permissions", 0))),
            "managed": managed,
            "mentionable": False,
            "flags": 0,
        }
        if managed:
            role["tags"] = {"bot_id": self.app_id}
        self._roles[role["id"]] = role
        return role

    def _add_person(self, spec: Mapping[str, Any], joined: str) -> None:
        username = spec["username"]
        user = {
            "id": str(spec.get("id") or self._snowflake()),
            "username": username,
            "global_name": spec.get("global_name"),
            "discriminator": "0",
            "avatar": None,
            "bot": bool(spec.get("bot", False)),
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
            "collectibles": None,
            "primary_guild": None,
        }
        self._people[username] = _Person(
            key=username,
            user=user,
            role_ids=[self.role(name)["id"] for name in spec.get("roles", ())],
            nick=spec.get("nick"),
            joined_at=joined,
            in_guild=bool(spec.get("in_guild", True)),
            dms_open=bool(spec.get("dms_open", True)),
        )

    def _add_channel(self, spec: Mapping[str, Any], position: int) -> None:
        overwrites = []
        for ow in spec.get("overwrites", ()):
            if "role" in ow:
                target, kind = self.role(ow["role"])["id"], 0
            else:
                target, kind = self.user(ow["member"])["id"], 1
            overwrites.append(
                {
                    "id": target,
                    "type": kind,
                    "allow": str(int(ow.get("allow", 0))),
                    "deny": str(int(ow.get("deny", 0))),
                }
            )
        channel = {
            "id": str(spec.get("id") or self._snowflake()),
            "type": int(spec.get("type", 0)),
            "guild_id": self.guild_id,
            "name": spec["name"],
            "position": position,
            "permission_overwrites": overwrites,
            "parent_id": self.channel(spec["parent"])["id"] if spec.get("parent") else None,
            "topic": spec.get("topic"),
            "nsfw": False,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        self._channels[channel["id"]] = channel

    @property
    def bot_id(self) -> str:
        return self.app_id

    @property
    def bot_user(self) -> dict[str, Any]:
        return self._people["bot"].user

    def _person(self, who: str | int | Mapping[str, Any]) -> _Person:
        if isinstance(who, Mapping):
            who = who["id"]
        who = str(who)
        if who in self._people:
            return self._people[who]
        for person in self._people.values():
            if person.user["id"] == who:
                return person
        raise LookupError(f"unknown user {who!r}; known: {sorted(self._people)}")

    def user(self, who: str | int | Mapping[str, Any]) -> dict[str, Any]:
        """User payload by username key (``"reader"``, ``"bot"``, ...) or id."""
        return self._person(who).user

    def member(self, who: str | int | Mapping[str, Any]) -> dict[str, Any]:
        """Guild member payload (with ``user``) as Discord sends it."""
        person = self._person(who)
        if not person.in_guild:
            raise LookupError(f"{person.key} is not a member of the guild")
        return {
            "user": person.user,
            "roles": list(person.role_ids),
            "nick": person.nick,
            "avatar": None,
            "banner": None,
            "premium_since": None,
            "joined_at": person.joined_at,
            "pending": False,
            "deaf": False,
            "mute": False,
            "flags": 0,  # discord.py 2.7 requires it (pitfall 3)
            "communication_disabled_until": None,
            "unusual_dm_activity_until": None,
        }

    def role(self, name_or_id: str | int) -> dict[str, Any]:
        key = str(name_or_id)
        if key in self._roles:
            return self._roles[key]
        for role in self._roles.values():
            if role["name"] == key:
                return role
        raise LookupError(f"unknown role {key!r}")

    def channel(self, name_or_id: str | int | Mapping[str, Any]) -> dict[str, Any]:
        """Guild or DM channel payload by name or id."""
        if isinstance(name_or_id, Mapping):
            name_or_id = name_or_id["id"]
        key = str(name_or_id).lstrip("#")
        if key in self._channels:
            return self._channels[key]
        for channel in [*self._channels.values(), *self._dm_channels.values()]:
            if channel.get("name") == key or channel["id"] == key:
                return channel
        raise LookupError(f"unknown channel {key!r}")

    def dm_channel(self, who: str | int | Mapping[str, Any]) -> dict[str, Any]:
        """The (created on first use) DM channel between the bot and ``who``."""
        person = self._person(who)
        channel = self._dm_channels.get(person.user["id"])
        if channel is None:
            channel = {
                "id": self._snowflake(),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [person.user],
            }
            self._dm_channels[person.user["id"]] = channel
        return channel

    def message(self, message_id: str | int) -> dict[str, Any]:
        return self.messages[str(message_id)]

    def command(self, name: str, guild_id: str | int | None = None) -> dict[str, Any] | None:
        """A registered command by name (guild commands first, then global)."""
        scopes = [str(guild_id)] if guild_id else [self.guild_id]
        for scope in [*scopes, None]:
            for cmd in self.commands.get(scope, []):
                if cmd["name"] == name:
                    return cmd
        return None

    def base_permissions(self, who: str | int | Mapping[str, Any]) -> int:
        person = self._person(who)
        if person.user["id"] == self.owner_id:
            return Perm.ALL
        perms = int(self._roles[self.guild_id]["permissions"])
        for role_id in person.role_ids:
            perms |= int(self._roles[role_id]["permissions"])
        return Perm.ALL if perms & Perm.ADMINISTRATOR else perms

    def permissions_for(self, who: str | int | Mapping[str, Any], channel: str | int | Mapping[str, Any]) -> int:
        """Discord's algorithm: base role permissions, then channel overwrites."""
        perms = self.base_permissions(who)
        if perms & Perm.ADMINISTRATOR:
            return Perm.ALL
        ch = self.channel(channel)
        person = self._person(who)
        overwrites = {ow["id"]: ow for ow in ch.get("permission_overwrites", [])}
        everyone = overwrites.get(self.guild_id)
        if everyone:
            perms = (perms & ~int(everyone["deny"])) | int(everyone["allow"])
        allow = deny = 0
        for role_id in person.role_ids:
            if role_id in overwrites:
                allow |= int(overwrites[role_id]["allow"])
                deny |= int(overwrites[role_id]["deny"])
        perms = (perms & ~deny) | allow
        own = overwrites.get(person.user["id"])
        if own:
            perms = (perms & ~int(own["deny"])) | int(own["allow"])
        return perms

    def _guild_payload(self, *, full: bool) -> dict[str, Any]:
        guild: dict[str, Any] = {
            "id": self.guild_id,
            "name": self.guild_name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": self.owner_id,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 1,
            "default_message_notifications": 1,
            "explicit_content_filter": 2,
            "roles": list(self._roles.values()),
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": next(iter(self._channels)),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
        }
        if full:
            in_guild = [p for p in self._people.values() if p.in_guild]
            guild.update(
                {
                    "joined_at": self._people["bot"].joined_at,
                    "large": False,
                    "unavailable": False,
                    "lazy": True,
                    "member_count": len(in_guild),
                    # Without the presences intent Discord only sends the bot's
                    # own member here; the rest come from chunking (op 8).
                    "members": [self.member("bot")],
                    "channels": [{k: v for k, v in ch.items() if k != "guild_id"} for ch in self._channels.values()],
                    "threads": [],
                    "presences": [],
                    "voice_states": [],
                    "stage_instances": [],
                    "guild_scheduled_events": [],
                    "soundboard_sounds": [],
                }
            )
        return guild

    # -------------------------------------------------------------- lifecycle

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("FakeDiscord is not started")
        return self._port

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    @property
    def sessions(self) -> dict[int, GatewaySession]:
        """The open, identified gateway sessions by shard id."""
        return {sid: s for sid, s in sorted(self._shard_sessions.items()) if s.open and s.identified}

    @property
    def connected(self) -> bool:
        """At least one gateway session is open and identified."""
        return bool(self.sessions)

    def shard_of(self, guild_id: str | int | None = None, shard_count: int | None = None) -> int:
        """The shard that owns ``guild_id`` (default: the fake's guild) out of
        ``shard_count`` (default: the recommended ``shard_count``)."""
        return guild_shard(self.guild_id if guild_id is None else guild_id, shard_count or self.shard_count)

    def events(self, name: str | None = None, *, shard: int | None = None) -> list[GatewayEvent]:
        """Dispatched gateway events, optionally only ``name`` and/or those sent to shard id ``shard``."""
        return [
            e for e in self.dispatched if (name is None or e.name == name) and (shard is None or e.shard_id == shard)
        ]

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        app = web.Application(middlewares=[self._middleware], client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._dispatch_rest)
        app.router.add_route("*", "/{tail:.*}", self._dispatch_rest)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        # Bind ourselves so the random free port is known without private API.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self._port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for conn in list(self._connections):
            if conn.open:
                await conn.ws.close(code=1000)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _spawn(self, coro: Awaitable[Any]) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._internal_error(f"background task failed: {task.exception()!r}")

    def _internal_error(self, text: str) -> None:
        self.internal_errors.append(text)
        self.report_failure(f"FakeDiscord internal error: {text}")

    # -------------------------------------------------------------- recording

    def mark(self) -> int:
        """Index of the next request; pass as ``since`` to wait only for later ones."""
        return len(self.requests)

    def report_failure(self, text: str) -> None:
        """Make every pending and future ``wait_for`` fail with ``text``.

        Thread-safe: discord.py may log from its heartbeat thread.
        """
        self.failures.append(text)
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._notify)

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def wait_for(
        self,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        timeout: float = 5.0,
        since: int = 0,
    ) -> RecordedRequest:
        """First recorded request with index >= ``since`` matching ``predicate``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        index = since
        while True:
            if self.failures:
                raise AssertionError("failure while waiting for the bot:\n" + "\n".join(self.failures))
            while index < len(self.requests):
                req = self.requests[index]
                index += 1
                if predicate is None or predicate(req):
                    return req
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError(self._timeout_report(timeout, since))
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), remaining)

    async def expect_no_request(
        self,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        *,
        wait: float = 0.3,
        since: int | None = None,
    ) -> None:
        """Assert that no matching request arrives within ``wait`` seconds."""
        start = self.mark() if since is None else since
        try:
            req = await self.wait_for(predicate, timeout=wait, since=start)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected request {req}: {req.json}")

    def _timeout_report(self, timeout: float, since: int) -> str:
        lines = [f"no matching request within {timeout}s; requests since #{since}:"]
        lines += [f"  {r} {json.dumps(r.json)[:200]}" for r in self.requests[since:]] or ["  (none)"]
        if self.violations:
            lines.append("spec violations: " + "; ".join(map(str, self.violations)))
        if self.unknown_routes:
            lines.append("unknown routes: " + ", ".join(map(str, self.unknown_routes)))
        if not self.connected:
            lines.append("the bot is not connected to the gateway")
        return "\n".join(lines)

    async def wait_for_callback(self, interaction_id: str | int, timeout: float = 5.0) -> RecordedRequest:
        iid = str(interaction_id)
        return await self.wait_for(
            lambda r: r.route == _ROUTE_CALLBACK and r.params["interaction_id"] == iid,
            timeout=timeout,
        )

    async def wait_for_message(self, channel: str | int, *, since: int = 0, timeout: float = 5.0) -> RecordedRequest:
        """The first POST /channels/{id}/messages to ``channel`` after ``since``."""
        channel_id = self.channel(channel)["id"]
        return await self.wait_for(
            lambda r: (
                r.route == _ROUTE_CHANNEL_MESSAGES and r.method == "POST" and r.params["channel_id"] == channel_id
            ),
            timeout=timeout,
            since=since,
        )

    # ------------------------------------------------------------------- REST

    def _build_routes(self) -> list[tuple[str, str, re.Pattern[str], int, Handler]]:
        table: list[tuple[str, str, Handler]] = [
            ("GET", "/gateway/bot", self._get_gateway_bot),
            ("GET", "/users/@me", self._get_me),
            ("GET", "/users/{user_id}", self._get_user),
            ("POST", "/users/@me/channels", self._create_dm),
            ("GET", "/oauth2/applications/@me", self._get_application),
            ("GET", "/applications/{application_id}/commands", self._get_commands),
            ("PUT", "/applications/{application_id}/commands", self._put_commands),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self._get_commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self._put_commands),
            ("POST", _ROUTE_CALLBACK, self._interaction_callback),
            ("POST", _ROUTE_FOLLOWUP, self._create_followup),
            ("GET", _ROUTE_WEBHOOK_MESSAGE, self._webhook_message),
            ("PATCH", _ROUTE_WEBHOOK_MESSAGE, self._webhook_message),
            ("DELETE", _ROUTE_WEBHOOK_MESSAGE, self._webhook_message),
            ("GET", "/guilds/{guild_id}", self._get_guild),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self._get_member),
            ("GET", "/channels/{channel_id}", self._get_channel),
            ("GET", _ROUTE_CHANNEL_MESSAGES, self._get_messages),
            ("POST", _ROUTE_CHANNEL_MESSAGES, self._create_channel_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self._get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self._edit_channel_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self._delete_channel_message),
            ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self._reaction),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self._reaction),
            ("POST", "/channels/{channel_id}/typing", self._typing),
        ]
        routes = []
        for method, template, handler in table:
            pattern, literal = template_regex(template)
            routes.append((method, template, pattern, literal, handler))
        routes.sort(key=lambda r: -r[3])  # literal segments beat parameters (@me, @original)
        return routes

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            return await handler(request)
        except web.HTTPException:
            raise
        except Exception as exc:  # a bug in the fake must not look like a 5xx to the client
            # discord.py retries 5xx with sleeps; a 400 fails fast and visibly.
            self._internal_error(f"{request.method} {request.path}: {exc!r}")
            return _json_response({"message": f"FakeDiscord error: {exc!r}", "code": 0}, 400)

    async def _read_body(self, request: web.Request) -> tuple[Any, list[str], dict[str, bytes]]:
        if request.content_type.startswith("multipart/"):
            payload: Any = None
            names: list[str] = []
            data: dict[str, bytes] = {}
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    payload = json.loads(await part.text())  # type: ignore[union-attr]
                else:
                    filename = part.filename or part.name or "file"
                    names.append(filename)
                    data[filename] = bytes(await part.read())  # type: ignore[union-attr]
            return payload, names, data
        raw = await request.read()
        if not raw:
            return None, [], {}
        return json.loads(raw), [], {}

    async def _dispatch_rest(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        path = path[len(API_PREFIX) :] if path.startswith(API_PREFIX) else path
        body, files, file_data = await self._read_body(request)
        match_route: tuple[str, dict[str, str], Handler] | None = None
        for method, template, pattern, _, handler in self._routes:
            if method != request.method:
                continue
            m = pattern.match(path)
            if m:
                match_route = (template, m.groupdict(), handler)
                break
        record = RecordedRequest(
            index=-1,
            method=request.method,
            path=path,
            query=dict(request.query),
            json=body,
            files=files,
            file_data={k: v for k, v in file_data.items() if k in files},
            route=match_route[0] if match_route else None,
            params=match_route[1] if match_route else {},
        )
        try:
            if match_route is None or not request.path.startswith(API_PREFIX + "/"):
                record.route, record.params = None, {}
                self.unknown_routes.append(record)
                raise _HttpError(404, 0, "404: Not Found")
            self._check_auth(request, record)
            problems = self._validate(record)
            if problems and self.reject_invalid:
                errors = {"_spec": {"_errors": [{"code": "SPEC_VIOLATION", "message": p} for p in problems]}}
                raise _HttpError(400, 50035, "Invalid Form Body", errors)
            status, data = await match_route[2](request, record)
        except _HttpError as err:
            status, data = err.status, err.body
        record.status = status
        # A snapshot: stored messages keep changing with later edits.
        record.response = copy.deepcopy(data)
        self._record(record)
        if status == 204 or data is None:
            return web.Response(status=204)
        return _json_response(data, status)

    def _record(self, record: RecordedRequest) -> None:
        record.index = len(self.requests)
        record.at = asyncio.get_running_loop().time()
        self.requests.append(record)
        self._notify()

    def _check_auth(self, request: web.Request, record: RecordedRequest) -> None:
        # Interaction callbacks and webhook routes are authorised by their token.
        if record.route in (_ROUTE_CALLBACK, _ROUTE_FOLLOWUP, _ROUTE_WEBHOOK_MESSAGE):
            return
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise _HttpError(401, 0, "401: Unauthorized")

    def _validate(self, record: RecordedRequest) -> list[str]:
        if record.json is None:
            return []
        problems = discord_rule_violations(record.method, record.path, record.json)
        if self._spec is not None:
            self.validated_count += 1
            try:
                problems = self._spec.validate(record.method, record.path, record.json) + problems
            except LookupError as exc:
                problems.append(str(exc))
        for problem in problems:
            self.violations.append(Violation(record.method, record.path, problem))
        return problems

    # REST handlers: each returns (status, JSON body or None for 204).

    async def _get_gateway_bot(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        # Discord allows 1000 IDENTIFYs a day (reset_after is in ms); every
        # IDENTIFY on this fake used one.
        total = 1000
        return 200, {
            "url": self.gateway_url,
            "shards": self.shard_count,
            "session_start_limit": {
                "total": total,
                "remaining": max(0, total - len(self.identified)),
                "reset_after": 86_400_000 if self.identified else 0,
                "max_concurrency": 1,
            },
        }

    async def _get_me(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {**self.bot_user, "verified": True, "mfa_enabled": False, "email": None, "locale": "en-US"}

    async def _get_user(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        try:
            return 200, self.user(rec.params["user_id"])
        except LookupError:
            raise _HttpError(404, 10013, "Unknown User") from None

    async def _create_dm(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        try:
            person = self._person(str((rec.json or {}).get("recipient_id")))
        except LookupError:
            raise _HttpError(400, 50035, "Invalid Form Body") from None
        return 200, self.dm_channel(person.key)

    async def _get_application(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, {
            "id": self.app_id,
            "name": self.bot_user["global_name"],
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            # GATEWAY_GUILD_MEMBERS_LIMITED | GATEWAY_MESSAGE_CONTENT_LIMITED
            "flags": (1 << 15) | (1 << 19),
            "owner": self.user(self.owner_id),
            "team": None,
            "bot": self.bot_user,
            # Must be None, or discord.py warns that interactions go elsewhere.
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
            "integration_types_config": {"0": {}},
            "approximate_guild_count": 1,
        }

    def _command_scope(self, rec: RecordedRequest) -> str | None:
        if rec.params["application_id"] != self.app_id:
            raise _HttpError(403, 50001, "Missing Access")
        guild_id = rec.params.get("guild_id")
        if guild_id is not None and guild_id != self.guild_id:
            raise _HttpError(403, 50001, "Missing Access")
        return guild_id

    async def _get_commands(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        return 200, self.commands.get(self._command_scope(rec), [])

    async def _put_commands(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        scope = self._command_scope(rec)
        if not isinstance(rec.json, list):
            raise _HttpError(400, 50035, "Invalid Form Body")
        # Bulk overwrite replaces the set but keeps ids of (name, type) pairs.
        old = {(c["name"], c["type"]): c["id"] for c in self.commands.get(scope, [])}
        stored = []
        for body in rec.json:
            ctype = body.get("type", 1)
            cmd = {
                "id": old.get((body["name"], ctype)) or self._snowflake(),
                "application_id": self.app_id,
                "version": self._snowflake(),
                "type": ctype,
                "name": body["name"],
                "description": body.get("description", ""),
                "default_member_permissions": body.get("default_member_permissions"),
                "nsfw": body.get("nsfw", False),
                "contexts": body.get("contexts"),
                "integration_types": body.get("integration_types", [0]),
                **{k: v for k, v in body.items() if k not in ("type",)},
            }
            if scope is not None:
                cmd["guild_id"] = scope
            else:
                cmd.setdefault("dm_permission", True)
            stored.append(cmd)
        self.commands[scope] = stored
        return 200, stored

    async def _get_guild(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        if rec.params["guild_id"] != self.guild_id:
            raise _HttpError(404, 10004, "Unknown Guild")
        return 200, self._guild_payload(full=False)

    async def _get_member(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        if rec.params["guild_id"] != self.guild_id:
            raise _HttpError(404, 10004, "Unknown Guild")
        try:
            return 200, self.member(rec.params["user_id"])
        except LookupError:
            raise _HttpError(404, 10007, "Unknown Member") from None

    def _channel_or_404(self, channel_id: str) -> dict[str, Any]:
        try:
            return self.channel(channel_id)
        except LookupError:
            raise _HttpError(404, 10003, "Unknown Channel") from None

    def _bot_can(self, channel: dict[str, Any], perms: int) -> bool:
        if channel["type"] == 1:
            return True
        return self.permissions_for("bot", channel) & perms == perms

    def _require(self, channel: dict[str, Any], perms: int) -> None:
        if not self._bot_can(channel, Perm.VIEW_CHANNEL):
            raise _HttpError(403, 50001, "Missing Access")
        if not self._bot_can(channel, perms):
            raise _HttpError(403, 50013, "Missing Permissions")

    async def _get_channel(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_or_404(rec.params["channel_id"])
        self._require(channel, Perm.VIEW_CHANNEL)
        return 200, channel

    def _stored_message(self, channel_id: str, message_id: str) -> dict[str, Any]:
        msg = self.messages.get(message_id)
        if msg is None or msg["channel_id"] != channel_id:
            raise _HttpError(404, 10008, "Unknown Message")
        return msg

    async def _get_messages(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_or_404(rec.params["channel_id"])
        self._require(channel, Perm.READ_MESSAGE_HISTORY)
        found = [m for m in self.messages.values() if m["channel_id"] == channel["id"]]
        found.sort(key=lambda m: int(m["id"]), reverse=True)
        if "before" in rec.query:
            found = [m for m in found if int(m["id"]) < int(rec.query["before"])]
        if "after" in rec.query:
            found = [m for m in found if int(m["id"]) > int(rec.query["after"])]
        return 200, found[: int(rec.query.get("limit", 50))]

    async def _get_message(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_or_404(rec.params["channel_id"])
        self._require(channel, Perm.READ_MESSAGE_HISTORY)
        return 200, self._stored_message(channel["id"], rec.params["message_id"])

    async def _create_channel_message(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_or_404(rec.params["channel_id"])
        body = rec.json or {}
        if channel["type"] == 1:
            recipient = self._person(channel["recipients"][0])
            if not recipient.dms_open:
                raise _HttpError(403, 50007, "Cannot send messages to this user")
        else:
            self._require(channel, Perm.SEND_MESSAGES)
            if rec.files:
                self._require(channel, Perm.ATTACH_FILES)
            if body.get("message_reference") and not self._bot_can(channel, Perm.READ_MESSAGE_HISTORY):
                raise _HttpError(400, 160002, "Cannot reply without permission to read message history")
        if not (
            body.get("content")
            or body.get("embeds")
            or rec.files
            or body.get("components")
            or body.get("sticker_ids")
            or body.get("poll")
        ):
            raise _HttpError(400, 50006, "Cannot send an empty message")
        msg = self._new_message(channel, body, rec)
        self._echo(msg)
        return 200, msg

    async def _edit_channel_message(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_or_404(rec.params["channel_id"])
        msg = self._stored_message(channel["id"], rec.params["message_id"])
        if msg["author"]["id"] != self.bot_id:
            raise _HttpError(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(msg, rec.json or {}, rec)
        return 200, msg

    async def _delete_channel_message(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_or_404(rec.params["channel_id"])
        msg = self._stored_message(channel["id"], rec.params["message_id"])
        if msg["author"]["id"] != self.bot_id:
            self._require(channel, Perm.MANAGE_MESSAGES)
        del self.messages[msg["id"]]
        return 204, None

    async def _reaction(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_or_404(rec.params["channel_id"])
        msg = self._stored_message(channel["id"], rec.params["message_id"])
        self._require(channel, Perm.ADD_REACTIONS | Perm.READ_MESSAGE_HISTORY)
        reactions = msg.setdefault("reactions", [])
        emoji = rec.params["emoji"]
        reactions[:] = [r for r in reactions if r["emoji"]["name"] != emoji]
        if rec.method == "PUT":
            reactions.append(
                {
                    "emoji": {"id": None, "name": emoji},
                    "count": 1,
                    "me": True,
                    "count_details": {"burst": 0, "normal": 1},
                    "me_burst": False,
                    "burst_colors": [],
                }
            )
        return 204, None

    async def _typing(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        channel = self._channel_or_404(rec.params["channel_id"])
        if channel["type"] != 1:
            self._require(channel, Perm.SEND_MESSAGES)
        return 204, None

    # ------------------------------------------------------------ messages

    def _attachments(
        self, body: Mapping[str, Any], rec: RecordedRequest, channel_id: str, keep: Iterable[dict[str, Any]] = ()
    ) -> list[dict[str, Any]]:
        """Attachment objects for uploaded files (``files[n]`` parts) and kept ones."""
        meta = {str(a.get("id")): a for a in body.get("attachments") or []}
        kept = {a["id"]: a for a in keep}
        result = [kept[i] for i in meta if i in kept]
        for index, filename in enumerate(rec.files):
            info = meta.get(str(index), {})
            attachment_id = self._snowflake()
            name = info.get("filename") or filename
            url = f"https://cdn.discordapp.com/attachments/{channel_id}/{attachment_id}/{name}"
            result.append(
                {
                    "id": attachment_id,
                    "filename": name,
                    "description": info.get("description"),
                    "size": len(rec.file_data.get(filename, b"")),
                    "url": url,
                    "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
                    "flags": 0,
                }
            )
        return result

    def _mentions(self, content: str) -> tuple[list[dict[str, Any]], list[str]]:
        users = []
        for user_id in dict.fromkeys(_MENTION_USER.findall(content or "")):
            with contextlib.suppress(LookupError):
                users.append(self.user(user_id))
        roles = [r for r in dict.fromkeys(_MENTION_ROLE.findall(content or "")) if r in self._roles]
        return users, roles

    def _new_message(
        self,
        channel: dict[str, Any],
        body: Mapping[str, Any],
        rec: RecordedRequest | None,
        *,
        interaction: _InteractionState | None = None,
        flags: int | None = None,
    ) -> dict[str, Any]:
        """Store and return a message the bot created."""
        message_id = self._snowflake()
        # SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS and IS_COMPONENTS_V2 may be
        # set on any message; EPHEMERAL only on interaction responses.
        settable = 4 | 4096 | (1 << 15) | (MessageFlag.EPHEMERAL if interaction else 0)
        content = body.get("content") or ""
        mentions, mention_roles = self._mentions(content)
        embeds = [{"type": "rich", **copy.deepcopy(e)} for e in body.get("embeds") or []]
        if channel["type"] != 1 and not self._bot_can(channel, Perm.EMBED_LINKS):
            embeds = []  # Discord drops embeds silently without Embed Links
        msg: dict[str, Any] = {
            "id": message_id,
            "channel_id": channel["id"],
            "author": self.bot_user,
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": mentions,
            "mention_roles": mention_roles,
            "attachments": self._attachments(body, rec, channel["id"]) if rec else [],
            "embeds": embeds,
            "components": copy.deepcopy(body.get("components") or []),
            "pinned": False,
            "type": 0,
            "flags": (int(body.get("flags") or 0) & settable) if flags is None else flags,
        }
        if channel["type"] != 1:
            msg["guild_id"] = self.guild_id
        if body.get("poll"):
            msg["poll"] = copy.deepcopy(body["poll"])
        ref = body.get("message_reference")
        if ref and ref.get("message_id"):
            referenced = self.messages.get(str(ref["message_id"]))
            if referenced is None and ref.get("fail_if_not_exists", True):
                raise _HttpError(
                    400,
                    50035,
                    "Invalid Form Body",
                    {
                        "message_reference": {
                            "_errors": [{"code": "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "message": "Unknown message"}]
                        }
                    },
                )
            if referenced is not None:
                msg["type"] = 19
                msg["message_reference"] = {
                    "type": 0,
                    "message_id": referenced["id"],
                    "channel_id": referenced["channel_id"],
                    "guild_id": referenced.get("guild_id"),
                }
                msg["referenced_message"] = copy.deepcopy(referenced)
        if interaction is not None:
            payload = interaction.payload
            user = payload.get("member", {}).get("user") or payload.get("user")
            msg["webhook_id"] = self.app_id
            msg["application_id"] = self.app_id
            if payload["type"] == 2:
                msg["type"] = 20 if payload["data"].get("type", 1) == 1 else 23
            msg["interaction_metadata"] = {
                "id": payload["id"],
                "type": payload["type"],
                "user": user,
                "authorizing_integration_owners": payload["authorizing_integration_owners"],
            }
            interaction.message_ids.add(message_id)
        self.messages[message_id] = msg
        if channel["type"] != 1:
            channel["last_message_id"] = message_id
        return msg

    def _apply_edit(self, msg: dict[str, Any], body: Mapping[str, Any], rec: RecordedRequest | None) -> None:
        """PATCH semantics: fields present in the body replace the message's."""
        if "content" in body:
            msg["content"] = body["content"] or ""
            msg["mentions"], msg["mention_roles"] = self._mentions(msg["content"])
        if "embeds" in body:
            msg["embeds"] = [{"type": "rich", **copy.deepcopy(e)} for e in body["embeds"] or []]
        if "components" in body:
            msg["components"] = copy.deepcopy(body["components"] or [])
        if "flags" in body and body["flags"] is not None:
            # Only SUPPRESS_EMBEDS (4) and IS_COMPONENTS_V2 (1<<15) may change.
            mutable = 4 | (1 << 15)
            msg["flags"] = (msg["flags"] & ~mutable) | (int(body["flags"]) & mutable)
        if rec is not None and ("attachments" in body or rec.files):
            msg["attachments"] = self._attachments(body, rec, msg["channel_id"], keep=msg.get("attachments", []))
        msg["flags"] &= ~MessageFlag.LOADING
        msg["edited_timestamp"] = _now_iso()

    def _echo(self, msg: dict[str, Any]) -> None:
        """Discord also sends MESSAGE_CREATE for the bot's own messages."""
        if msg["flags"] & MessageFlag.EPHEMERAL:
            return
        self._bot_message_count += 1
        if self._bot_message_count == self.max_bot_messages + 1:
            self._internal_error(f"the bot sent more than {self.max_bot_messages} messages: a reply loop?")
        if not self.echo_bot_messages or self._bot_message_count > self.max_bot_messages:
            return
        event = copy.deepcopy(msg)
        if "guild_id" in msg:
            member = self.member("bot")
            del member["user"]
            event["member"] = member
        if self._delivers(event):
            self._spawn(self._send_if_connected("MESSAGE_CREATE", event))

    async def _send_if_connected(self, name: str, data: Mapping[str, Any]) -> None:
        # The bot may be closing (or its shard reconnecting) while its last
        # message is echoed: then there is nobody to send it to.
        try:
            targets = self._route(name, data, None)
        except RuntimeError:
            return
        for conn in targets:
            if conn.open:
                await self._dispatch_to(conn, name, data)

    def _delivers(self, msg: Mapping[str, Any]) -> bool:
        if self.intents is None:
            return False
        needed = Intent.GUILD_MESSAGES if "guild_id" in msg else Intent.DIRECT_MESSAGES
        return bool(self.intents & needed)

    # --------------------------------------------------------- interactions

    def _state_for_token(self, rec: RecordedRequest) -> _InteractionState:
        state = self._by_token.get(rec.params["token"])
        if rec.params["application_id"] != self.app_id or state is None:
            raise _HttpError(404, 10015, "Unknown Webhook")
        return state

    async def _interaction_callback(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        state = self._interactions.get(rec.params["interaction_id"])
        if state is None or state.payload["token"] != rec.params["interaction_token"]:
            raise _HttpError(404, 10062, "Unknown interaction")
        if state.callback_type is not None:
            raise _HttpError(400, 40060, "Interaction has already been acknowledged.")
        elapsed = asyncio.get_running_loop().time() - state.dispatched_at
        if elapsed >= self.interaction_timeout:
            # Discord forgets interactions not answered within 3 seconds.
            raise _HttpError(404, 10062, "Unknown interaction")
        body = rec.json or {}
        ctype = body.get("type")
        itype = state.payload["type"]
        allowed = set(_ALLOWED_CALLBACKS.get(itype, set()))
        if itype == 5 and "message" not in state.payload:
            allowed.discard(7)  # only a modal opened from a component can update it
        if ctype not in allowed:
            raise _HttpError(
                400,
                50035,
                "Invalid Form Body",
                {
                    "type": {
                        "_errors": [
                            {
                                "code": "INTERACTION_CALLBACK_TYPE_INVALID",
                                "message": f"callback type {ctype} is not valid for interaction type {itype}",
                            }
                        ]
                    }
                },
            )
        data = body.get("data") or {}
        state.callback_type = ctype
        info: dict[str, Any] = {
            "id": state.payload["id"],
            "type": itype,
            "response_message_id": None,
            "response_message_loading": False,
            "response_message_ephemeral": False,
        }
        resource: dict[str, Any] = {"type": ctype}
        channel = self.channel(state.payload["channel_id"])
        if ctype == 4:
            msg = self._new_message(channel, data, rec, interaction=state)
            state.original_message_id = msg["id"]
            resource["message"] = msg
            info["response_message_id"] = msg["id"]
            info["response_message_ephemeral"] = bool(msg["flags"] & MessageFlag.EPHEMERAL)
            self._echo(msg)
        elif ctype == 5:
            flags = (int(data.get("flags") or 0) & MessageFlag.EPHEMERAL) | MessageFlag.LOADING
            msg = self._new_message(channel, {}, None, interaction=state, flags=flags)
            state.original_message_id = msg["id"]
            state.loading = True
            resource["message"] = msg
            info.update(
                response_message_id=msg["id"],
                response_message_loading=True,
                response_message_ephemeral=bool(flags & MessageFlag.EPHEMERAL),
            )
        elif ctype in (6, 7):
            target = state.payload.get("message")
            if target is not None:
                state.original_message_id = str(target["id"])
                info["response_message_id"] = state.original_message_id
                stored = self.messages.get(state.original_message_id)
                if ctype == 7 and stored is not None:
                    self._apply_edit(stored, data, rec)
                    resource["message"] = stored
        if not _is_true(rec.query.get("with_response")):
            return 204, None
        return 200, {"interaction": info, "resource": resource}

    async def _create_followup(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        state = self._state_for_token(rec)
        if state.callback_type not in _MESSAGE_CALLBACKS:
            raise _HttpError(404, 10015, "Unknown Webhook")
        body = rec.json or {}
        if state.loading and state.original_message_id in self.messages:
            # The first followup after a "thinking" defer replaces that message.
            msg = self.messages[state.original_message_id]
            self._apply_edit(msg, body, rec)
            state.loading = False
        else:
            channel = self.channel(state.payload["channel_id"])
            msg = self._new_message(channel, body, rec, interaction=state)
            self._echo(msg)
        return (200, msg) if _is_true(rec.query.get("wait")) else (204, None)

    async def _webhook_message(self, request: web.Request, rec: RecordedRequest) -> tuple[int, Any]:
        state = self._state_for_token(rec)
        message_id = rec.params["message_id"]
        if message_id == "@original":
            message_id = state.original_message_id or ""
        elif message_id not in state.message_ids:
            message_id = ""
        msg = self.messages.get(message_id)
        if msg is None:
            raise _HttpError(404, 10008, "Unknown Message")
        if rec.method == "GET":
            return 200, msg
        if rec.method == "DELETE":
            del self.messages[message_id]
            return 204, None
        self._apply_edit(msg, rec.json or {}, rec)
        if message_id == state.original_message_id:
            state.loading = False
        return 200, msg

    # ---------------------------------------------------------------- gateway
    #
    # Like Discord, the fake serves one session per shard at once. A guild's
    # events go to the session of shard (guild_id >> 22) % shard_count, events
    # outside guilds (DMs) to shard 0; READY lists the guild and GUILD_CREATE
    # is sent only on the guild's shard.

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = GatewaySession(ws)
        self._connections.add(conn)
        try:
            # Plain text JSON frames: the client decompresses only binary
            # frames, whatever compress=... it asked for.
            await self._send(conn, {"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    await self._on_gateway_message(conn, json.loads(msg.data))
                except Exception as exc:
                    self._internal_error(f"gateway: {exc!r}")
        finally:
            self._connections.discard(conn)
            if self._shard_sessions.get(conn.shard_id) is conn:
                del self._shard_sessions[conn.shard_id]
            # Discord invalidates a session the client closes with 1000 or
            # 1001; after any other close it stays resumable.
            sid = conn.session_id
            if sid is not None and ws.close_code in (1000, 1001) and self._resumable.get(sid) is conn:
                del self._resumable[sid]
        return ws

    async def _send(self, conn: GatewaySession, payload: dict[str, Any]) -> None:
        async with conn.lock:
            if not conn.open:
                raise RuntimeError(f"the gateway session of shard {list(conn.shard)} is closed")
            await conn.ws.send_str(json.dumps(payload))

    async def _dispatch_to(self, conn: GatewaySession, name: str, data: Any) -> GatewayEvent:
        """Send one DISPATCH (op 0) on ``conn``, with that session's next sequence number."""
        async with conn.lock:
            if conn.session_id is None:
                raise RuntimeError("this gateway connection has not identified yet")
            if not conn.open:
                raise RuntimeError(f"the gateway session of shard {list(conn.shard)} is closed")
            conn.seq += 1
            event = GatewayEvent(name=name, data=data, shard=conn.shard, session_id=conn.session_id, seq=conn.seq)
            self.dispatched.append(event)
            await conn.ws.send_str(json.dumps({"op": 0, "t": name, "d": data, "s": conn.seq}))
        return event

    @staticmethod
    def _event_guild_id(name: str, data: Any) -> str | None:
        if not isinstance(data, Mapping):
            return None
        guild_id = data.get("id") if name in _GUILD_OBJECT_EVENTS else data.get("guild_id")
        return None if guild_id is None else str(guild_id)

    def _route(self, name: str, data: Any, shard: int | None) -> list[GatewaySession]:
        """The sessions Discord would send this event on (see the section comment)."""
        sessions = list(self.sessions.values())
        if not sessions:
            raise RuntimeError("the bot has not identified on the fake gateway yet")
        guild_id = self._event_guild_id(name, data)
        if shard is not None:
            targets = [s for s in sessions if s.shard_id == shard]
            wanted = f"shard {shard}"
        elif guild_id is None:
            targets = [s for s in sessions if s.shard_id == 0]
            wanted = f"shard 0 (a {name} outside guilds)"
        else:
            targets = [s for s in sessions if s.owns(guild_id)]
            wanted = f"the shard of guild {guild_id}, (guild_id >> 22) % shard_count"
        if not targets:
            running = ", ".join(str(list(s.shard)) for s in sessions)
            raise RuntimeError(f"no gateway session for {wanted}; the bot runs shards {running}")
        return targets

    async def send_event(self, name: str, data: Mapping[str, Any], *, shard: int | None = None) -> list[GatewayEvent]:
        """Send a DISPATCH (op 0) event to the bot, on the session Discord would use.

        A guild's event (``guild_id``, or ``id`` for GUILD_CREATE/UPDATE/DELETE)
        goes to the session owning the guild, anything else to shard 0;
        ``shard`` forces a shard id. Raises ``RuntimeError`` when no session
        would receive it. Returns the event as sent on each session.
        """
        return [await self._dispatch_to(conn, name, data) for conn in self._route(name, data, shard)]

    async def _on_gateway_message(self, conn: GatewaySession, message: dict[str, Any]) -> None:
        op, data = message.get("op"), message.get("d")
        self.gateway_received.append(message)
        if op == 1:
            await self._send(conn, {"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(conn, data)
        elif op == 3:
            self.presence = conn.presence = data
        elif op == 6:
            await self._resume(conn, data)
        elif op == 8:
            await self._members_chunk(conn, data)

    async def _identify(self, conn: GatewaySession, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        if conn.identified:
            await conn.ws.close(code=4005, message=b"Already authenticated.")
            return
        shard = UNSHARDED
        if "shard" in data:
            try:
                shard_id, count = (int(x) for x in data["shard"])
            except (TypeError, ValueError):
                shard_id, count = -1, 0
            if not 0 <= shard_id < count:
                await conn.ws.close(code=4010, message=b"Invalid shard.")
                return
            shard = (shard_id, count)
        conn.shard = shard
        conn.intents = self.intents = int(data.get("intents", 0))
        conn.session_id = secrets.token_hex(16)
        conn.seq = 0
        self.identified.append(shard)
        self._take_over(conn)
        owns_guild = conn.owns(self.guild_id)
        ready: dict[str, Any] = {
            "v": 10,
            "user": {**self.bot_user, "verified": True, "mfa_enabled": False},
            "guilds": [{"id": self.guild_id, "unavailable": True}] if owns_guild else [],
            "session_id": conn.session_id,
            "session_type": "normal",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": self.app_id, "flags": (1 << 15) | (1 << 19)},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
        }
        if "shard" in data:
            ready["shard"] = list(shard)
        await self._dispatch_to(conn, "READY", ready)
        if owns_guild:
            await self._dispatch_to(conn, "GUILD_CREATE", self._guild_payload(full=True))

    def _take_over(self, conn: GatewaySession) -> None:
        """Make ``conn`` its shard's session; an older one of that shard is closed."""
        if conn.session_id is None:
            raise RuntimeError("only an identified or resumed session can take over a shard")
        old = self._shard_sessions.get(conn.shard_id)
        self._shard_sessions[conn.shard_id] = conn
        self._resumable[conn.session_id] = conn
        if old is None or old is conn:
            return
        if old.session_id is not None and self._resumable.get(old.session_id) is old:
            del self._resumable[old.session_id]  # replaced by a new IDENTIFY: not resumable
        if old.open:
            # In the background: a client that stopped reading must not delay this session.
            self._spawn(old.ws.close(code=4000))

    async def _resume(self, conn: GatewaySession, data: dict[str, Any]) -> None:
        if data.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        old = self._resumable.get(str(data.get("session_id")))
        if old is None or conn.identified:
            await self._send(conn, {"op": 9, "d": False, "s": None, "t": None})
            return
        # The new connection continues the session: same id, shard and sequence.
        conn.shard, conn.session_id, conn.seq, conn.intents = old.shard, old.session_id, old.seq, old.intents
        self._take_over(conn)
        await self._dispatch_to(conn, "RESUMED", {})

    async def _members_chunk(self, conn: GatewaySession, data: Mapping[str, Any]) -> None:
        # Discord answers on the requesting session, for a guild of its shard.
        if str(data.get("guild_id")) != self.guild_id or not conn.owns(self.guild_id):
            return
        members = [self.member(p.key) for p in self._people.values() if p.in_guild]
        if data.get("user_ids"):
            wanted = {str(u) for u in data["user_ids"]}
            members = [m for m in members if m["user"]["id"] in wanted]
        elif data.get("query"):
            query = str(data["query"]).lower()
            members = [m for m in members if m["user"]["username"].startswith(query)]
        if data.get("limit"):
            members = members[: int(data["limit"])]
        chunk = {
            "guild_id": self.guild_id,
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [],
            "presences": [],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await self._dispatch_to(conn, "GUILD_MEMBERS_CHUNK", chunk)

    # --------------------------------------------------------------- dispatch

    async def send_interaction(self, payload: dict[str, Any]) -> InteractionHandle:
        """Dispatch INTERACTION_CREATE; the handle waits for the bot's answers."""
        start = self.mark()
        state = _InteractionState(payload=payload, dispatched_at=asyncio.get_running_loop().time())
        self._interactions[str(payload["id"])] = state
        self._by_token[str(payload["token"])] = state
        events = await self.send_event("INTERACTION_CREATE", payload)
        return InteractionHandle(self, payload, start, events)

    async def send_message(self, payload: dict[str, Any]) -> MessageHandle:
        """Dispatch MESSAGE_CREATE as Discord would for this bot's intents."""
        start = self.mark()
        stored = copy.deepcopy(payload)
        stored.pop("member", None)
        self.messages[str(payload["id"])] = stored
        if "guild_id" in payload:
            self.channel(payload["channel_id"])["last_message_id"] = payload["id"]
        if not self._delivers(payload):
            return MessageHandle(self, payload, start, delivered=False)
        event = copy.deepcopy(payload)
        intents = self.intents or 0
        mentioned = any(u["id"] == self.bot_id for u in event.get("mentions", []))
        if (
            not intents & Intent.MESSAGE_CONTENT
            and "guild_id" in event
            and not mentioned
            and event["author"]["id"] != self.bot_id
        ):
            # Without the privileged intent Discord blanks these (pitfall 9).
            event.update(content="", embeds=[], attachments=[], components=[])
            event.pop("poll", None)
        events = await self.send_event("MESSAGE_CREATE", event)
        return MessageHandle(self, event, start, delivered=True, events=events)

    # --------------------------------------------------------------- builders

    def _interaction_payload(
        self,
        itype: int,
        data: dict[str, Any],
        *,
        user: str | int | Mapping[str, Any],
        channel: str | int | Mapping[str, Any] | None,
        guild: bool,
        member_permissions: int | str | None,
        app_permissions: int | str | None,
        locale: str,
        message: Mapping[str, Any] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        person = self._person(user)
        payload: dict[str, Any] = {
            "id": self._snowflake(),
            "application_id": self.app_id,
            "type": itype,
            "data": data,
            "token": "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(48),
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,  # pitfall 3
        }
        if guild:
            if not person.in_guild:
                raise LookupError(f"{person.key} is not in the guild")
            ch = self.channel(channel or "general")
            perms = self.permissions_for(person.key, ch) if member_permissions is None else int(member_permissions)
            app_perms = self.permissions_for("bot", ch) if app_permissions is None else int(app_permissions)
            payload.update(
                {
                    "guild_id": self.guild_id,
                    "guild": {"id": self.guild_id, "locale": "en-US", "features": []},
                    "guild_locale": "en-US",
                    "channel_id": ch["id"],
                    "channel": {**ch, "permissions": str(perms)},
                    "member": {**self.member(person.key), "permissions": str(perms)},
                    "app_permissions": str(app_perms),
                    "context": 0,
                    "authorizing_integration_owners": {"0": self.guild_id},
                }
            )
        else:
            dm = self.dm_channel(person.key)
            app_perms = Perm.BOT_DEFAULT if app_permissions is None else int(app_permissions)
            payload.update(
                {
                    "channel_id": dm["id"],
                    "channel": dm,
                    "user": person.user,
                    "app_permissions": str(app_perms),
                    "context": 1,
                    # "0" is Discord's guild-install owner for the bot's DM.
                    "authorizing_integration_owners": {"0": "0"},
                }
            )
        if message is not None:
            payload["message"] = copy.deepcopy(dict(message))
        if extra:
            payload.update(extra)
        return payload

    def _check_available(self, cmd: Mapping[str, Any] | None, person: _Person, guild: bool, perms: int | None) -> None:
        if cmd is None:
            return
        contexts = cmd.get("contexts")
        if guild:
            if contexts is not None and 0 not in contexts:
                raise CommandUnavailable(f"{cmd['name']} is not available in guilds")
            required = cmd.get("default_member_permissions")
            base = self.base_permissions(person.key) if perms is None else int(perms)
            if required is not None and not base & Perm.ADMINISTRATOR:
                need = int(required)
                if need == 0 or base & need != need:
                    raise CommandUnavailable(
                        f"{person.key} lacks default_member_permissions={required} for {cmd['name']}"
                    )
        else:
            if cmd.get("guild_id") is not None:
                raise CommandUnavailable(f"{cmd['name']} is a guild command, not usable in DMs")
            if (contexts is not None and 1 not in contexts) or (contexts is None and cmd.get("dm_permission") is False):
                raise CommandUnavailable(f"{cmd['name']} is not available in DMs")

    def _resolve_value(
        self, opt_type: int, value: Any, resolved: dict[str, dict[str, Any]], channel_perms_for: str
    ) -> Any:
        """Turn keys/names into ids for user/channel/role options, filling ``resolved``."""
        if opt_type in (6, 9):
            with contextlib.suppress(LookupError):
                person = self._person(value)
                resolved.setdefault("users", {})[person.user["id"]] = person.user
                if person.in_guild:
                    member = self.member(person.key)
                    del member["user"]
                    member["permissions"] = str(self.base_permissions(person.key))
                    resolved.setdefault("members", {})[person.user["id"]] = member
                return person.user["id"]
        if opt_type in (8, 9):
            with contextlib.suppress(LookupError):
                role = self.role(value)
                resolved.setdefault("roles", {})[role["id"]] = role
                return role["id"]
        if opt_type == 7:
            ch = self.channel(value)
            resolved.setdefault("channels", {})[ch["id"]] = {
                "id": ch["id"],
                "name": ch["name"],
                "type": ch["type"],
                "permissions": str(self.permissions_for(channel_perms_for, ch)),
                "parent_id": ch.get("parent_id"),
                "topic": ch.get("topic"),
                "position": ch.get("position", 0),
                "nsfw": False,
                "flags": 0,
                "last_message_id": ch.get("last_message_id"),
                "rate_limit_per_user": 0,
            }
            return ch["id"]
        return value

    def _options(
        self,
        options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
        definitions: Sequence[Mapping[str, Any]],
        resolved: dict[str, dict[str, Any]],
        user_key: str,
        focused: str | None,
    ) -> list[dict[str, Any]]:
        defined = {d["name"]: d for d in definitions}
        result: list[dict[str, Any]] = []
        if options is None:
            items: list[tuple[str, Any]] = []
        elif isinstance(options, Mapping):
            items = list(options.items())
        else:
            items = [(o["name"], o) for o in options]
        for name, value in items:
            if isinstance(value, Mapping) and "type" in value:
                option = {"name": name, **value}
            else:
                if name in defined:
                    opt_type = int(defined[name]["type"])
                elif isinstance(value, bool):
                    opt_type = 5
                elif isinstance(value, int):
                    opt_type = 4
                elif isinstance(value, float):
                    opt_type = 10
                else:
                    opt_type = 3
                option = {
                    "name": name,
                    "type": opt_type,
                    "value": self._resolve_value(opt_type, value, resolved, user_key),
                }
            if name == focused:
                option["focused"] = True
            result.append(option)
        return result

    def _command_data(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None,
        *,
        user: str | int | Mapping[str, Any],
        guild: bool,
        member_permissions: int | str | None,
        resolved: Mapping[str, Any] | None,
        focused: str | None,
    ) -> dict[str, Any]:
        root, *path = name.split()
        person = self._person(user)
        cmd = self.command(root)
        if not guild:  # a global command of that name wins in DMs
            cmd = next((c for c in self.commands.get(None, []) if c["name"] == root), cmd)
        self._check_available(cmd, person, guild, member_permissions)
        merged: dict[str, dict[str, Any]] = {}
        definitions: list[Mapping[str, Any]] = list(cmd.get("options") or []) if cmd else []
        chain: list[dict[str, Any]] = []
        for part in path:  # subcommand group (2) and subcommand (1)
            found = next((d for d in definitions if d["name"] == part), None)
            opt_type = int(found["type"]) if found else (2 if part != path[-1] else 1)
            chain.append({"name": part, "type": opt_type})
            definitions = list(found.get("options") or []) if found else []
        leaf = self._options(options, definitions, merged, person.key, focused)
        for link in reversed(chain):
            link["options"] = leaf
            leaf = [link]
        data: dict[str, Any] = {
            "id": cmd["id"] if cmd else self._snowflake(),
            "name": root,
            "type": 1,
            "options": leaf,
        }
        if cmd and cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        for key, value in (resolved or {}).items():
            merged.setdefault(key, {}).update(value)
        if merged:
            data["resolved"] = merged
        return data

    def slash_command(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        user: str | int | Mapping[str, Any] = "reader",
        guild: bool = True,
        channel: str | int | Mapping[str, Any] | None = "general",
        member_permissions: int | str | None = None,
        app_permissions: int | str | None = None,
        resolved: Mapping[str, Any] | None = None,
        locale: str = "en-US",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A chat-input command interaction (type 2).

        ``name`` may be "group sub" for subcommands. The registered command
        (if synced) supplies ids, option types and availability rules; user,
        channel and role option values may be keys/names and are resolved.
        ``member_permissions`` overrides the computed channel permissions.
        """
        data = self._command_data(
            name,
            options,
            user=user,
            guild=guild,
            member_permissions=member_permissions,
            resolved=resolved,
            focused=None,
        )
        return self._interaction_payload(
            2,
            data,
            user=user,
            channel=channel,
            guild=guild,
            member_permissions=member_permissions,
            app_permissions=app_permissions,
            locale=locale,
            extra=extra,
        )

    def autocomplete(
        self,
        name: str,
        options: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        focused: str | None = None,
        user: str | int | Mapping[str, Any] = "reader",
        guild: bool = True,
        channel: str | int | Mapping[str, Any] | None = "general",
        member_permissions: int | str | None = None,
        locale: str = "en-US",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """An autocomplete interaction (type 4); ``focused`` names the option typed in.

        Without ``focused`` the last option is focused (or pass raw option
        dicts with ``"focused": True``). Discord sends what the user typed,
        so give the partial text as the value.
        """
        if focused is None and isinstance(options, Mapping) and options:
            focused = list(options)[-1]
        data = self._command_data(
            name, options, user=user, guild=guild, member_permissions=member_permissions, resolved=None, focused=focused
        )
        return self._interaction_payload(
            4,
            data,
            user=user,
            channel=channel,
            guild=guild,
            member_permissions=member_permissions,
            app_permissions=None,
            locale=locale,
            extra=extra,
        )

    def _context_menu(
        self,
        ctype: int,
        name: str,
        target_id: str,
        resolved: dict[str, Any],
        *,
        user: str | int | Mapping[str, Any],
        guild: bool,
        channel: str | int | Mapping[str, Any] | None,
        member_permissions: int | str | None,
        locale: str,
        extra: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        person = self._person(user)
        cmd = next(
            (
                c
                for scope in ([self.guild_id, None] if guild else [None])
                for c in self.commands.get(scope, [])
                if c["name"] == name and c["type"] == ctype
            ),
            None,
        )
        self._check_available(cmd, person, guild, member_permissions)
        data: dict[str, Any] = {
            "id": cmd["id"] if cmd else self._snowflake(),
            "name": name,
            "type": ctype,
            "target_id": target_id,
            "resolved": resolved,
        }
        if cmd and cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        return self._interaction_payload(
            2,
            data,
            user=user,
            channel=channel,
            guild=guild,
            member_permissions=member_permissions,
            app_permissions=None,
            locale=locale,
            extra=extra,
        )

    def message_context_menu(
        self,
        name: str,
        target_message: Mapping[str, Any],
        *,
        user: str | int | Mapping[str, Any] = "reader",
        member_permissions: int | str | None = None,
        locale: str = "en-US",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A message context-menu command (type 2, command type 3) on ``target_message``."""
        msg = self.messages.get(str(target_message["id"]), dict(target_message))
        channel = self.channel(msg["channel_id"])
        guild = channel["type"] != 1
        resolved = {"messages": {msg["id"]: copy.deepcopy(msg)}}
        return self._context_menu(
            3,
            name,
            msg["id"],
            resolved,
            user=user,
            guild=guild,
            channel=channel,
            member_permissions=member_permissions,
            locale=locale,
            extra=extra,
        )

    def user_context_menu(
        self,
        name: str,
        target_user: str | int | Mapping[str, Any],
        *,
        user: str | int | Mapping[str, Any] = "reader",
        guild: bool = True,
        channel: str | int | Mapping[str, Any] | None = "general",
        member_permissions: int | str | None = None,
        locale: str = "en-US",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A user context-menu command (type 2, command type 2) on ``target_user``."""
        resolved: dict[str, dict[str, Any]] = {}
        target_id = self._resolve_value(6, target_user, resolved, self._person(user).key)
        return self._context_menu(
            2,
            name,
            target_id,
            resolved,
            user=user,
            guild=guild,
            channel=channel,
            member_permissions=member_permissions,
            locale=locale,
            extra=extra,
        )

    @staticmethod
    def _walk_components(components: Iterable[Mapping[str, Any]]) -> Iterable[Mapping[str, Any]]:
        for comp in components:
            yield comp
            yield from FakeDiscord._walk_components(comp.get("components") or [])
            for key in ("accessory", "component"):
                if isinstance(comp.get(key), Mapping):
                    yield from FakeDiscord._walk_components([comp[key]])

    def component_click(
        self,
        message: Mapping[str, Any],
        custom_id: str,
        *,
        values: Sequence[str] | None = None,
        component_type: int | None = None,
        user: str | int | Mapping[str, Any] | None = None,
        member_permissions: int | str | None = None,
        resolved: Mapping[str, Any] | None = None,
        locale: str = "en-US",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A component interaction (type 3) on a message the bot sent.

        The payload carries the message's latest state, because discord.py
        finds views by message id (pitfall 4). Select ``values`` are checked
        against the options the menu offers.
        """
        msg = self.messages.get(str(message["id"]), dict(message))
        found = [c for c in self._walk_components(msg.get("components") or []) if c.get("custom_id") == custom_id]
        if not found:
            ids = [c["custom_id"] for c in self._walk_components(msg.get("components") or []) if c.get("custom_id")]
            raise LookupError(f"message {msg['id']} has no component {custom_id!r}; has {ids}")
        comp = found[0]
        if comp.get("disabled"):
            raise ValueError(f"component {custom_id!r} is disabled; Discord cannot click it")
        ctype = component_type or int(comp["type"])
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": ctype}
        if "id" in comp:
            data["id"] = comp["id"]
        channel = self.channel(msg["channel_id"])
        guild = channel["type"] != 1
        if user is None:
            user = channel["recipients"][0]["id"] if not guild else "reader"
        if ctype in _SELECT_TYPES:
            chosen = list(values or [])
            low, high = comp.get("min_values", 1), comp.get("max_values", 1)
            if not low <= len(chosen) <= high:
                raise ValueError(f"select {custom_id!r} takes {low}..{high} values, got {chosen}")
            if ctype == 3:
                offered = [o["value"] for o in comp.get("options", [])]
                if any(v not in offered for v in chosen):
                    raise ValueError(f"select {custom_id!r} offers {offered}, got {chosen}")
                data["values"] = chosen
            else:
                merged: dict[str, dict[str, Any]] = {}
                kind = {5: 6, 6: 8, 7: 9, 8: 7}[ctype]
                data["values"] = [self._resolve_value(kind, v, merged, self._person(user).key) for v in chosen]
                data["resolved"] = merged
        if resolved:
            data.setdefault("resolved", {}).update(resolved)
        return self._interaction_payload(
            3,
            data,
            user=user,
            channel=channel,
            guild=guild,
            member_permissions=member_permissions,
            app_permissions=None,
            locale=locale,
            message=msg,
            extra=extra,
        )

    @staticmethod
    def _submitted(component: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
        ctype = int(component["type"])
        custom_id = component.get("custom_id")
        out: dict[str, Any] = {"type": ctype}
        if "id" in component:
            out["id"] = component["id"]
        if custom_id is None:
            return out
        out["custom_id"] = custom_id
        given = values.get(custom_id)
        if ctype == 4:  # text input: Discord sends the prefilled value if untouched
            out["value"] = str(given if given is not None else component.get("value") or "")
        elif ctype in (*_SELECT_TYPES, 19, 22):  # selects, file upload, checkbox group
            out["values"] = list(given or [])
        elif ctype == 23:  # checkbox
            out["value"] = bool(given)
        else:  # radio group and anything newer carry a single value
            out["value"] = given
        return out

    def _mirror_modal(self, layout: Sequence[Mapping[str, Any]], values: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Submit components with the same layout as the modal (pitfall 5)."""
        result = []
        for comp in layout:
            ctype = int(comp["type"])
            if ctype == 1:
                row: dict[str, Any] = {
                    "type": 1,
                    "components": [self._submitted(c, values) for c in comp.get("components", [])],
                }
                if "id" in comp:
                    row["id"] = comp["id"]
                result.append(row)
            elif ctype == 18:
                label: dict[str, Any] = {"type": 18, "component": self._submitted(comp["component"], values)}
                if "id" in comp:
                    label["id"] = comp["id"]
                result.append(label)
            else:
                result.append(self._submitted(comp, values))
        unknown = set(values) - {c.get("custom_id") for c in self._walk_components(layout)}
        if unknown:
            raise LookupError(f"the modal has no inputs {sorted(unknown)}")
        return result

    def modal_submit(
        self,
        modal: Mapping[str, Any] | str,
        values: Mapping[str, Any] | None = None,
        *,
        components: Sequence[Mapping[str, Any]] | None = None,
        opened_by: InteractionHandle | Mapping[str, Any] | None = None,
        user: str | int | Mapping[str, Any] | None = None,
        guild: bool = True,
        channel: str | int | Mapping[str, Any] | None = "general",
        locale: str = "en-US",
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A modal submit interaction (type 5).

        ``modal`` is the modal the bot sent (``await handle.modal()``) and
        ``values`` maps input custom_ids to what the user entered; the
        submitted components mirror the modal's layout. Alternatively pass
        a custom_id and raw ``components``. ``opened_by`` (the handle or
        payload of the interaction that opened the modal) supplies user,
        channel and, for component-opened modals, the message.
        """
        if isinstance(modal, str):
            custom_id, layout = modal, None
        else:
            custom_id, layout = modal["custom_id"], modal.get("components", [])
        if components is None:
            if layout is None:
                raise ValueError("pass the modal dict or explicit components")
            components = self._mirror_modal(layout, values or {})
        data = {"custom_id": custom_id, "components": list(components)}
        message = None
        if opened_by is not None:
            origin = opened_by.payload if isinstance(opened_by, InteractionHandle) else opened_by
            who = origin.get("member", {}).get("user") or origin.get("user")
            user = user or who["id"]
            guild = "guild_id" in origin
            channel = origin["channel_id"]
            if "message" in origin:
                message = self.messages.get(str(origin["message"]["id"]), origin["message"])
        return self._interaction_payload(
            5,
            data,
            user=user or "reader",
            channel=channel,
            guild=guild,
            member_permissions=None,
            app_permissions=None,
            locale=locale,
            message=message,
            extra=extra,
        )

    def message_create(
        self,
        content: str,
        *,
        author: str | int | Mapping[str, Any] | None = None,
        channel: str | int | Mapping[str, Any] = "general",
        guild: bool = True,
        mentions: Sequence[str | int | Mapping[str, Any]] = (),
        bot_author: bool = False,
        reference: Mapping[str, Any] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """A MESSAGE_CREATE payload from a user (send it with ``send_message``).

        ``<@id>`` mentions in ``content`` are parsed like Discord does;
        ``mentions`` adds more. ``bot_author`` makes another bot
        (``newsbot``) the author. ``guild=False`` sends it in the author's
        DM with the bot. ``reference`` makes it a reply to that message.
        """
        if author is None:
            author = "newsbot" if bot_author else "reader"
        person = self._person(author)
        users, roles = self._mentions(content)
        for extra_mention in mentions:
            mentioned = self.user(extra_mention)
            if mentioned not in users:
                users.append(mentioned)
        ch = self.channel(channel) if guild else self.dm_channel(person.key)
        payload: dict[str, Any] = {
            "id": self._snowflake(),
            "channel_id": ch["id"],
            "author": person.user,
            "content": content,
            "timestamp": _now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": users,
            "mention_roles": roles,
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "type": 0,
            "flags": 0,
            "nonce": str(secrets.randbits(60)),
        }
        if guild:
            member = self.member(person.key)
            del member["user"]
            payload["guild_id"] = self.guild_id
            payload["member"] = member
            # Guild messages carry each mentioned member's partial member.
            payload["mentions"] = [
                {**u, "member": {k: v for k, v in self.member(u["id"]).items() if k != "user"}}
                if self._person(u["id"]).in_guild
                else u
                for u in users
            ]
        if reference is not None:
            payload["type"] = 19
            payload["message_reference"] = {
                "type": 0,
                "message_id": str(reference["id"]),
                "channel_id": reference["channel_id"],
                "guild_id": reference.get("guild_id"),
            }
            payload["referenced_message"] = copy.deepcopy(dict(reference))
        if extra:
            payload.update(extra)
        return payload


@contextlib.asynccontextmanager
async def run_client(client: Any, token: str = DEFAULT_TOKEN, *, timeout: float = 5.0) -> AsyncIterator[Any]:
    """Run a discord.py ``Client``/``Bot`` until the block ends.

    Starts ``client.start(token, reconnect=False)`` as a task (pitfall 8: a
    dropped connection ends the client instead of retrying forever), waits
    until it is ready (READY, GUILD_CREATE and the ``guild_ready_timeout``
    the client was constructed with: pass a small one, pitfall 2), yields
    the client, then closes it and waits for the task.
    """
    task = asyncio.create_task(client.start(token, reconnect=False), name="discord-client")
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    try:
        # wait_until_ready() cannot be called before login sets the client
        # up, so poll the public is_ready() while watching the task.
        while not client.is_ready():
            if task.done():
                exc = None if task.cancelled() else task.exception()
                raise RuntimeError(f"the client stopped before it was ready: {exc!r}") from exc
            if loop.time() > deadline:
                raise TimeoutError(f"the client was not ready within {timeout}s")
            await asyncio.sleep(0.005)
        yield client
    finally:
        await client.close()
        try:
            await asyncio.wait_for(task, timeout)
        except Exception as exc:
            # Our own close may surface as ConnectionClosed(1000); anything
            # else means the client failed while the test ran.
            if getattr(exc, "code", None) != 1000:
                raise
