"""`python -m bot run` when Discord cannot be reached: one clear line, no traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO_ROOT


def _closed_port() -> int:
    with socket.socket() as sock:  # bind and release: nothing listens there afterwards
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_unreachable_discord_is_one_line_and_exit_1(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "KNOWLEDGE_", "DATA_"))}
    env.update(
        DISCORD_TOKEN="not-a-real-token",
        DISCORD_API_BASE=f"http://127.0.0.1:{_closed_port()}/api/v10",
        DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(REPO_ROOT),
        LOG_LEVEL="ERROR",
    )
    run = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "cannot reach Discord" in errors[0]
    assert "Traceback" not in run.stderr


def test_clearing_the_guild_that_is_still_dev_guild_id_is_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "KNOWLEDGE_", "DATA_", "DEV_"))}
    env.update(
        DISCORD_TOKEN="not-a-real-token",
        DISCORD_API_BASE=f"http://127.0.0.1:{_closed_port()}/api/v10",
        DEV_GUILD_ID="123456789012345678",
        DATA_DIR=str(tmp_path / "data"),
        PYTHONPATH=str(REPO_ROOT),
    )
    run = subprocess.run(
        [sys.executable, "-m", "bot", "sync", "--clear-guild", "123456789012345678"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2 and "is still DEV_GUILD_ID" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "data").exists()  # refused before anything was opened
