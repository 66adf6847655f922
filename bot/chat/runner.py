"""Start the bot as a process: settings, logging, the token check, clean shutdown on SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
from pathlib import Path

import aiohttp
import discord
import yarl
from pydantic import ValidationError

from ..config import Settings
from ..engine.desk import FactDesk
from ..engine.errors import FactBaseError, StorageError

log = logging.getLogger("bot")

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_CONFIG = 2


def quiet_voice_warnings() -> None:
    """FactDesk never joins voice: don't warn that voice libraries are missing."""
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False


def point_at(api_base: str | None, gateway_url: str | None) -> None:
    """Send REST and gateway traffic to a Discord-compatible endpoint (a proxy, or a test fake)."""
    if api_base:
        discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def fail(message: str, code: int = EXIT_CONFIG) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


NO_TOKEN = (
    "DISCORD_TOKEN is not set: put the bot token from the Discord Developer Portal in "
    "the environment or in .env (see .env.example). To try FactDesk offline: python -m bot console"
)


def settings_problem(exc: ValidationError) -> str:
    """The first invalid setting as one line, named as in the environment (`SHARD_IDS: ...`)."""
    first = exc.errors()[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    if first["loc"]:
        message = f"{str(first['loc'][0]).upper()}: {message}"
    return message


def open_desk(settings: Settings) -> FactDesk:
    """The engine and its storage, as the settings describe them."""
    return FactDesk(
        settings.knowledge_dir,
        settings.data_dir,
        git_commit=settings.kb_git_commit,
        database_url=settings.database_url.get_secret_value() if settings.database_url else None,
        retention=settings.retention,
        git_timeout_s=settings.kb_git_timeout_seconds,
    )


def run(knowledge: str | None = None, *, sync_only: bool = False, clear_guild: int | None = None) -> int:
    try:
        settings = Settings()
    except ValidationError as exc:
        return fail(f"{settings_problem(exc)} (see .env.example)")
    if knowledge:
        settings = settings.model_copy(update={"knowledge_dir": Path(knowledge).expanduser()})
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    token = settings.discord_token.get_secret_value().strip() if settings.discord_token else ""
    if not token:
        return fail(NO_TOKEN)
    if clear_guild is not None and clear_guild == settings.dev_guild_id:
        return fail(
            f"--clear-guild {clear_guild} is still DEV_GUILD_ID, so its commands would be synced straight back: "
            "unset DEV_GUILD_ID first (going public), then run sync --clear-guild again"
        )
    try:
        desk = open_desk(settings)
    except FactBaseError as exc:
        print("error: the fact base is invalid:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_PROBLEMS
    except StorageError as exc:  # the database (DATA_DIR or DATABASE_URL) cannot be opened
        return fail(str(exc), EXIT_PROBLEMS)
    point_at(settings.discord_api_base, settings.discord_gateway_url)
    quiet_voice_warnings()
    return serve(settings, desk, token, sync_only=sync_only, clear_guild=clear_guild)


def serve(settings: Settings, desk: FactDesk, token: str, *, sync_only: bool, clear_guild: int | None) -> int:
    """Run the client until it stops; what Discord refuses becomes one line saying what to check."""
    try:
        return asyncio.run(_serve(settings, desk, token, sync_only=sync_only, clear_guild=clear_guild))
    except discord.LoginFailure:
        return fail("DISCORD_TOKEN was rejected by Discord: check the token in the Developer Portal (Bot tab).")
    except (aiohttp.ClientConnectorError, OSError) as exc:
        return fail(f"cannot reach Discord at {discord.http.Route.BASE}: {exc}", EXIT_PROBLEMS)
    except discord.HTTPException as exc:
        return fail(f"Discord answered {exc.status} at {discord.http.Route.BASE}: {exc.text or exc}", EXIT_PROBLEMS)
    except discord.ConnectionClosed as exc:
        return fail(f"the gateway connection closed (code {exc.code}); check DISCORD_GATEWAY_URL", EXIT_PROBLEMS)
    except discord.PrivilegedIntentsRequired:
        return fail(
            "ANSWER_CHANNEL_IDS needs the Message Content intent: enable it in the Developer Portal "
            "(Bot tab, Privileged Gateway Intents), or leave ANSWER_CHANNEL_IDS empty."
        )


async def _serve(
    settings: Settings, desk: FactDesk, token: str, *, sync_only: bool, clear_guild: int | None = None
) -> int:
    from .bot import make_bot

    bot = make_bot(settings, desk, sync_on_start=not sync_only)
    if sync_only:
        async with bot:
            await bot.login(token)
            if clear_guild is not None:
                await bot.clear_guild_commands(clear_guild)
                print(f"Commands synced to guild {clear_guild} removed.")
            await bot.sync_commands(force=True)
        print("Commands synced.")
        return EXIT_OK
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    async with bot:
        runner = asyncio.create_task(bot.start(token))
        stopper = asyncio.create_task(stopping.wait())
        done, _ = await asyncio.wait({runner, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if stopper in done:
            log.info("stopping: closing the Discord connection")
            await bot.close()
            await asyncio.gather(runner, return_exceptions=True)
            return EXIT_OK
        stopper.cancel()
        runner.result()  # re-raise what ended the client
    return EXIT_OK
