"""`python -m bot run` as a real process, the way an operator starts it.

The test process's redirect of discord.py does not reach a subprocess: the bot is pointed at
the fake through its own settings (DISCORD_API_BASE, DISCORD_GATEWAY_URL). Each process runs
with cwd=tmp_path (no .env there) and an environment stripped of every FactDesk setting.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings
from tests.e2e.fake_discord import FakeDiscord

REPO_ROOT = Path(__file__).resolve().parents[2]
GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"
START_TIMEOUT = 20.0  # imports and loading the fact base; usually about 2 s
STOP_TIMEOUT = 5.0


def clean_env(**settings: str) -> dict[str, str]:
    """The current environment without any FactDesk setting, plus ``settings``."""
    names = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in names}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


async def start_bot_process(tmp_path: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    # Asynchronous: the fake answers on this test's event loop while the process runs.
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def finish(proc: asyncio.subprocess.Process, timeout: float) -> tuple[int, str, str]:
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
    except TimeoutError:
        proc.kill()
        out, err = await proc.communicate()
        pytest.fail(f"the bot did not exit within {timeout}s; stderr:\n{err.decode(errors='replace')}")
    assert proc.returncode is not None
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def test_missing_token_exits_2_with_one_line(tmp_path: Path) -> None:
    assert not (tmp_path / ".env").exists()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=clean_env(DATA_DIR=str(tmp_path / "data")),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_TIMEOUT,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "DISCORD_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


async def test_rejected_token_exits_2_with_one_line(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = clean_env(
        DISCORD_TOKEN="not-" + fake_discord.token,
        DISCORD_API_BASE=fake_discord.api_base,
        DISCORD_GATEWAY_URL=fake_discord.gateway_url,
        DEV_GUILD_ID=fake_discord.guild_id,
        DATA_DIR=str(tmp_path / "data"),
        LOG_LEVEL="ERROR",  # only what an operator must read; an error log would show here too
    )
    code, out, err = await finish(await start_bot_process(tmp_path, env), START_TIMEOUT)
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "DISCORD_TOKEN" in lines[0] and "rejected" in lines[0]
    assert "Traceback" not in err

    login = [r for r in fake_discord.requests if r.path == "/users/@me"]
    assert [(r.method, r.status) for r in login] == [("GET", 401)]
    assert all(r.path == "/users/@me" for r in fake_discord.requests), "nothing after the failed login"
    assert not fake_discord.connected and fake_discord.intents is None  # never identified


async def test_real_process_answers_and_stops_cleanly_on_sigterm(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    env = clean_env(
        DISCORD_TOKEN=fake_discord.token,
        DISCORD_API_BASE=fake_discord.api_base,
        DISCORD_GATEWAY_URL=fake_discord.gateway_url,
        DEV_GUILD_ID=fake_discord.guild_id,
        DATA_DIR=str(tmp_path / "data"),
        LOG_LEVEL="INFO",
    )
    proc = await start_bot_process(tmp_path, env)
    try:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + START_TIMEOUT
        sync = await fake_discord.wait_for(
            lambda r: r.route == GUILD_COMMANDS and r.method == "PUT", timeout=START_TIMEOUT
        )
        assert sync.status == 200 and "ask" in {c["name"] for c in sync.json}
        while not fake_discord.connected:  # identified on the gateway
            if proc.returncode is not None or loop.time() > deadline:
                code, _, err = await finish(proc, STOP_TIMEOUT)
                pytest.fail(f"the bot did not identify (exit code {code}); stderr:\n{err}")
            await asyncio.sleep(0.02)

        handle = await fake_discord.send_interaction(
            fake_discord.slash_command("ask", {"question": "How many jurisdictions got letters?"})
        )
        message = await handle.response_message()
        [embed] = message["embeds"]
        assert "fact how-many-jurisdictions" in embed["footer"]["text"]
        assert any(f["name"] == "Source" and "The Seattle Times" in f["value"] for f in embed["fields"])

        proc.send_signal(signal.SIGTERM)
        started = loop.time()
        code, _, err = await finish(proc, STOP_TIMEOUT)
        assert code == 0, err
        assert loop.time() - started < STOP_TIMEOUT
        assert "Traceback" not in err
        assert "stopping" in err  # the runner logged the shutdown
        # The process closed its gateway connection (the fake saw the socket end).
        close_deadline = loop.time() + 1.0
        while fake_discord.connected and loop.time() < close_deadline:
            await asyncio.sleep(0.01)
        assert not fake_discord.connected
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
