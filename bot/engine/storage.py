"""FactDesk's one way of writing a file (atomic and durable), and the JSON Lines logs of earlier
versions (read once, to import them into the database: see `store`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _create_temp_file(path: Path) -> tuple[int, Path]:
    """A new empty temporary file beside `path` (`.<name>.<16 hex>.tmp`), with the umask's permissions."""
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue


def fsync_directory(directory: Path) -> None:
    """Make a rename or an unlink in `directory` durable."""
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_atomically(path: Path, content: str | bytes) -> None:
    """Replace `path` with `content` so a crash at any moment leaves the old file or the new one.

    Temporary file beside it, fsync, `os.replace`, fsync of the directory. The new file keeps
    the old one's permissions (a new file gets the umask's): a temporary file from
    `tempfile.mkstemp` is owner-only, which would hide the fact base from every other user
    after the first edit.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, temp_name = _create_temp_file(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(handle.fileno(), stat.S_IMODE(path.stat().st_mode))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    fsync_directory(path.parent)


def remove_durably(path: Path) -> None:
    """Delete `path` (if there) so the deletion survives a crash."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    fsync_directory(path.parent)


class JsonLines:
    """One JSON object per line; appends are whole lines, serialised by a lock."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record: dict[str, Any]) -> None:
        line = json.dumps({"time": utc_now(), **record}, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a+b") as handle:
                # A crash can leave a torn last line: end it, so this record stays whole.
                if handle.tell() > 0:
                    handle.seek(-1, os.SEEK_END)
                    if handle.read(1) != b"\n":
                        line = "\n" + line
                handle.write(line.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())

    def __iter__(self) -> Iterator[dict[str, Any]]:
        try:
            handle = open(self.path, encoding="utf-8")  # noqa: SIM115
        except FileNotFoundError:
            return
        with handle:
            for line in handle:
                line = line.strip()
                if not line:
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    continue  # a torn last line after a crash: skip it, keep the rest
                if isinstance(record, dict):
                    yield record
