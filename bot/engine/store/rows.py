"""What the store holds: its rows, states and limits, and the names of its files and locks."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ..errors import InputError
from ..text import plain

log = logging.getLogger(__name__)

DATABASE_FILE = "factdesk.sqlite3"
BUSY_TIMEOUT_MS = 15_000
# PostgreSQL advisory lock keys (any 64-bit numbers unique to FactDesk).
_MIGRATION_LOCK = 0x46_44_00_01
_MISSED_LOCK = 0x46_44_00_02
EDITOR_LOCK = 0x46_44_00_03
# Prune old rows after this many writes (and at start), so growth stays bounded without a timer.
PRUNE_EVERY = 1_000

PENDING, DONE, ABORTED = "pending", "done", "aborted"
NOT_IN_ARTICLE = "not-in-article"
POSTED = "posted"

# Files earlier versions wrote to DATA_DIR; imported once, then renamed `<name>.imported`.
LEGACY_AUDIT, LEGACY_FEEDBACK, LEGACY_MISSED = "audit.jsonl", "feedback.jsonl", "missed.jsonl"
LEGACY_MISSED_STATE, LEGACY_COMMAND_HASH = "missed-state.json", "commands.sha256"
COMMAND_HASH = "command-hash"


@dataclass(frozen=True)
class Retention:
    """How long feedback and missed questions are kept, and how many rows at most."""

    feedback_days: int = 90
    feedback_rows: int = 50_000
    missed_days: int = 90
    missed_rows: int = 50_000


@dataclass(frozen=True)
class AuditRow:
    """One change to the fact base: `pending` while its file is being written, then `done`
    (or `aborted` when the write failed or a crash interrupted it before the file changed)."""

    id: int
    time: str
    status: str
    moderator_id: int
    moderator: str
    command: str
    kind: str
    target: str
    article: str
    file: str | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    old_hash: str | None = None
    new_hash: str | None = None
    previous_text: str | None = None
    new_text: str | None = None
    origin: str | None = None
    error: str | None = None
    git: str | None = None


_AUDIT_COLUMNS = [f.name for f in dataclasses.fields(AuditRow)]
_JSON_COLUMNS = {"before", "after"}


@dataclass(frozen=True)
class MissedRow:
    question: str
    count: int
    suggested_fact_id: str | None
    phrasings: int


@dataclass(frozen=True)
class ClusterHead:
    """A missed question that heads a cluster (the one the moderators were shown)."""

    id: int
    key: str
    content: str


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _next_second(iso: str) -> str:
    return _iso(dt.datetime.fromisoformat(iso) + dt.timedelta(seconds=1))


def _audit_values(row: AuditRow) -> dict[str, Any]:
    values = dataclasses.asdict(row)
    for column in _JSON_COLUMNS:
        values[column] = None if values[column] is None else json.dumps(values[column], ensure_ascii=False)
    return values


def _audit_row(values: Sequence[Any]) -> AuditRow:
    data = dict(zip(_AUDIT_COLUMNS, values, strict=True))
    for column in _JSON_COLUMNS:
        data[column] = None if data[column] is None else json.loads(data[column])
    return AuditRow(**data)


def feedback_key(question: str, fact_id: str | None, message_id: int | None = None) -> str:
    """What one vote is about: the reply's message, or (without it) the question and the fact."""
    if message_id is not None:
        return f"message:{message_id}"
    return f"question:{plain(question)[:200]}|{fact_id or ''}"


_Change = TypeVar("_Change")


def restore_point(changes: Sequence[_Change], version: int | None) -> tuple[_Change, bool]:
    """Which recorded change a revert goes back to, and whether to its state after (True) or
    before (False): no version, the state before the last change; else the state right after
    `version` (1 = the first), which must be one of them. `changes` is never empty."""
    if version is None:
        return changes[-1], False
    if not 1 <= version <= len(changes):
        raise InputError(f"version: must be between 1 and {len(changes)}")
    return changes[version - 1], True
