"""Fixtures for end-to-end tests against the Discord API fake.

Fixtures
--------
``spec_path`` (session): path of Discord's OpenAPI document from the
    ``DISCORD_OPENAPI_SPEC`` environment variable, else ``../shared``'s copy beside
    the checkout, or None when neither exists (request validation is then off;
    with ``CI`` set that fails instead). A set variable naming a missing file
    fails the test run.
``required_spec_path``: the same path, but skips the test when unset (for
    tests that exercise the spec itself).
``fake_discord``: a started ``FakeDiscord`` with discord.py redirected to it
    (``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY``,
    restored afterwards; process-wide, so one fake at a time, pitfall 7).
    ERROR records of the ``discord`` and ``bot`` loggers (``WATCHED_LOGGERS``)
    fail the test at once (pending waits raise) and again at teardown
    (pitfall 6). Teardown also fails on spec violations, unknown routes and
    internal errors of the fake.
``run_client``: the ``fake_discord.run_client`` context manager, for tests
    that prefer a fixture to an import.
``start_factdesk``: ``async with start_factdesk(**settings) as bot`` runs
    FactDesk's real bot (``bot.chat.bot.FactDeskBot``) against the fake:
    the shipped knowledge/, ``DEV_GUILD_ID`` = the fake's guild and
    ``DATA_DIR`` = ``tmp_path/"data"`` unless overridden.
``shipped_article`` (session): the shipped fact base file
    (knowledge/doj-sanctuary-letters.yaml) parsed as plain YAML, so tests
    compare the bot's answers with the file rather than with the engine.

Markers
-------
``fake_discord(**kwargs)``: constructor arguments for the test's fake, e.g.
``@pytest.mark.fake_discord(channels=["lobby"], interaction_timeout=0.5)``.

Opt-outs for tests that provoke these on purpose:
``allow_error_logs``: ERROR logs of the watched loggers do not fail the test.
``allow_spec_violations``: ``fake.violations`` may be non-empty.
``allow_unknown_routes``: the bot may hit routes the fake does not serve.

Example::

    from tests.e2e.fake_discord import run_client

    async def test_ping(fake_discord):
        bot = build_bot(guild_ready_timeout=0.05)  # the default 2 s slows every start
        async with run_client(bot):
            h = await fake_discord.send_interaction(fake_discord.slash_command("ping"))
            assert (await h.response_message())["content"] == "pong"
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Any

import discord
import discord.gateway
import discord.http
import pytest
import yarl

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.fake_discord import run_client as _run_client
from tests.helpers import SHARED_DIR

SPEC_ENV = "DISCORD_OPENAPI_SPEC"
# discord.py logs exceptions raised in handlers instead of propagating them
# (pitfall 6); the bot's own error handler logs unexpected errors under the
# "bot" package logger and then apologises to the user, which a test would
# otherwise accept as an answer.
WATCHED_LOGGERS = ("discord", "bot")
MARKERS = {
    "fake_discord(**kwargs)": "keyword arguments for this test's FakeDiscord (its world, timeouts)",
    "allow_error_logs": "ERROR logs of the watched loggers (discord, bot) do not fail the test",
    "allow_spec_violations": "request bodies violating Discord's OpenAPI spec are allowed",
    "allow_unknown_routes": "requests to routes the fake does not serve are allowed",
}


def pytest_configure(config: pytest.Config) -> None:
    # Registered here because pyproject.toml (not ours) runs --strict-markers.
    for name, text in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {text}")


DEFAULT_SPEC = SHARED_DIR / "discord-api-spec" / "openapi.json"


@pytest.fixture(scope="session")
def spec_path() -> Path | None:
    """The spec from DISCORD_OPENAPI_SPEC, else ../shared's copy beside the checkout; only
    when neither exists (and not in CI, where that fails) is request validation off."""
    value = os.environ.get(SPEC_ENV)
    if not value:
        if DEFAULT_SPEC.is_file():
            return DEFAULT_SPEC
        if os.environ.get("CI"):
            pytest.fail(f"{DEFAULT_SPEC} is missing and {SPEC_ENV} is not set: CI checks every request")
        return None
    path = Path(value)
    if not path.is_file():
        pytest.fail(f"{SPEC_ENV}={value!r} does not name a file (Discord's openapi.json)")
    return path


@pytest.fixture
def required_spec_path(spec_path: Path | None) -> Path:
    """The spec path, skipping the test when it is not configured."""
    if spec_path is None:
        pytest.skip(f"{SPEC_ENV} not set: point it at Discord's openapi.json to run this test")
    return spec_path


class _ErrorLogCollector(logging.Handler):
    """Collects ERROR records of the watched loggers and reports them to the fake."""

    def __init__(self, fake: FakeDiscord | None) -> None:
        super().__init__(logging.ERROR)
        self.fake = fake
        self.records: list[logging.LogRecord] = []
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        if self.fake is not None:
            # Fails pending waits now instead of letting them time out.
            self.fake.report_failure("an error was logged: " + self.format(record))


@pytest.fixture
async def fake_discord(request: pytest.FixtureRequest, spec_path: Path | None) -> AsyncIterator[FakeDiscord]:
    marker = request.node.get_closest_marker("fake_discord")
    fake = FakeDiscord(spec_path=spec_path, **(marker.kwargs if marker else {}))
    await fake.start()

    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = fake.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(fake.gateway_url)

    allow_errors = request.node.get_closest_marker("allow_error_logs") is not None
    handler = _ErrorLogCollector(None if allow_errors else fake)
    loggers = [logging.getLogger(name) for name in WATCHED_LOGGERS]
    old_levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        if logger.getEffectiveLevel() > logging.ERROR:
            logger.setLevel(logging.ERROR)
    try:
        yield fake
    finally:
        await fake.stop()
        for logger, level in zip(loggers, old_levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    problems = []
    if handler.records and not allow_errors:
        problems.append("errors were logged:\n" + "\n".join(handler.format(r) for r in handler.records))
    if fake.violations and request.node.get_closest_marker("allow_spec_violations") is None:
        problems.append("requests Discord would reject:\n" + "\n".join(f"  {v}" for v in fake.violations))
    if fake.unknown_routes and request.node.get_closest_marker("allow_unknown_routes") is None:
        problems.append(
            "routes the fake does not serve:\n" + "\n".join(f"  {r.method} {r.path}" for r in fake.unknown_routes)
        )
    if fake.internal_errors:
        problems.append("FakeDiscord internal errors:\n" + "\n".join(fake.internal_errors))
    if problems:
        pytest.fail("\n\n".join(problems), pytrace=False)


@pytest.fixture
def run_client() -> Callable[..., AbstractAsyncContextManager[Any]]:
    return _run_client


# ---------------------------------------------------------------- FactDesk bot


@pytest.fixture
def start_factdesk(fake_discord: FakeDiscord, tmp_path: Path) -> Callable[..., AbstractAsyncContextManager[Any]]:
    """Build FactDesk's real bot (``bot.chat.bot.FactDeskBot``) and run it against the fake.

    ``async with start_factdesk(**overrides) as bot:`` yields the ready bot and
    closes it afterwards. Settings default to the shipped knowledge/, the fake's
    guild as ``DEV_GUILD_ID`` and ``DATA_DIR=tmp_path/"data"``; keyword arguments
    override any ``Settings`` field (``dev_guild_id=None`` for global sync,
    ``answer_channel_ids=[...]``, ``data_dir=...``). ``sync_on_start``, a
    prepared ``desk`` (``bot.engine.desk.FactDesk``) and ``bot_options`` (more
    ``FactDeskBot`` keyword arguments; the knowledge watcher is off unless
    ``{"watch_knowledge": True}``) may be passed as well.
    ``bot.settings``/``bot.desk`` expose what was used.
    """
    from bot.chat.bot import FactDeskBot, make_bot
    from bot.config import DEFAULT_KNOWLEDGE_DIR, Settings
    from bot.engine.desk import FactDesk

    @contextlib.asynccontextmanager
    async def start(
        *,
        desk: Any = None,
        sync_on_start: bool = True,
        bot_options: dict[str, Any] | None = None,
        **overrides: Any,
    ) -> AsyncIterator[FactDeskBot]:
        values: dict[str, Any] = {
            "discord_token": fake_discord.token,
            "dev_guild_id": int(fake_discord.guild_id),
            "answer_channel_ids": [],
            "knowledge_dir": DEFAULT_KNOWLEDGE_DIR,
            "data_dir": tmp_path / "data",
            "cooldown_rate": 5,
            "cooldown_per_seconds": 10.0,
            "log_level": "INFO",
        }
        values.update(overrides)
        settings = _isolated(Settings)(**values)
        if desk is None:
            desk = FactDesk(settings.knowledge_dir, settings.data_dir)
        options = {"guild_ready_timeout": 0.01, "watch_knowledge": False, **(bot_options or {})}
        bot = make_bot(settings, desk, sync_on_start=sync_on_start, **options)
        async with _run_client(bot, fake_discord.token) as ready:
            yield ready

    return start


def _isolated(settings_cls: Any) -> Any:
    """``Settings`` reading only its keyword arguments: no developer's .env or environment leaks in."""

    class IsolatedSettings(settings_cls):  # type: ignore[misc, valid-type]
        @classmethod
        def settings_customise_sources(cls, settings_cls: Any, init_settings: Any, **sources: Any) -> tuple[Any, ...]:
            return (init_settings,)

    return IsolatedSettings


SHIPPED_ARTICLE = Path(__file__).resolve().parents[2] / "knowledge" / "doj-sanctuary-letters.yaml"


@pytest.fixture(scope="session")
def shipped_article() -> dict[str, Any]:
    import yaml

    data: dict[str, Any] = yaml.safe_load(SHIPPED_ARTICLE.read_text(encoding="utf-8"))
    return data
