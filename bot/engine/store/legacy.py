"""Files of earlier versions (JSON Lines in DATA_DIR), imported once into the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..storage import JsonLines, utc_now
from ..text import plain
from .backends import _Cursor
from .rows import _AUDIT_COLUMNS, DONE, AuditRow, _audit_values, feedback_key


def _read_state(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _import_audit(tx: _Cursor, log_file: JsonLines) -> int:
    count = 0
    for entry in log_file:
        row = AuditRow(
            id=0,
            time=str(entry.get("time", "")),
            status=DONE,
            moderator_id=int(entry.get("moderator_id", 0)),
            moderator=str(entry.get("moderator", "")),
            command=str(entry.get("command", "")),
            kind=str(entry.get("kind", "")),
            target=str(entry.get("target", "")),
            article=str(entry.get("article", "")),
            before=entry.get("before"),
            after=entry.get("after"),
            origin="imported",
        )
        values = _audit_values(row)
        columns = [c for c in _AUDIT_COLUMNS if c != "id"]
        tx.run(
            f"INSERT INTO audit ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
            [values[c] for c in columns],
        )
        count += 1
    return count


def _import_feedback(tx: _Cursor, log_file: JsonLines) -> int:
    count = 0
    for entry in log_file:
        question = str(entry.get("question", ""))
        fact_id = entry.get("fact_id")
        tx.run(
            "INSERT INTO feedback (time, user_id, message_key, helpful, question, fact_id) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (user_id, message_key) DO UPDATE SET helpful = excluded.helpful, time = excluded.time",
            (
                str(entry.get("time", utc_now())),
                int(entry.get("user_id", 0)),
                feedback_key(question, fact_id if isinstance(fact_id, str) else None),
                bool(entry.get("helpful")),
                question[:500],
                fact_id,
            ),
        )
        count += 1
    return count


def _import_missed(tx: _Cursor, log_file: JsonLines, states: dict[str, str]) -> int:
    """One row per question (each its own cluster), counted, with the moderators' marks."""
    rows: dict[str, dict[str, Any]] = {}
    for entry in log_file:
        question = str(entry.get("question", ""))
        key = plain(question)[:200]
        if not key:
            continue
        time = str(entry.get("time", utc_now()))
        ids = entry.get("suggestion_ids") or []
        suggested = entry.get("fact_id") or (str(ids[0]) if ids else None)
        row = rows.setdefault(key, {"question": question, "count": 0, "first": time, "mode": entry.get("mode")})
        row.update(count=row["count"] + 1, last=time, suggested=suggested, confidence=entry.get("confidence"))
    for key, state in states.items():
        rows.setdefault(key, {"question": key, "count": 0, "first": utc_now(), "last": utc_now()})["state"] = state
    for key, row in rows.items():
        tx.run(
            "INSERT INTO missed (key, cluster, content, question, count, first_seen, last_seen, mode, confidence, "
            "suggested, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING",
            (
                key,
                key,
                key,
                str(row["question"])[:500],
                row["count"],
                row["first"],
                row.get("last", row["first"]),
                row.get("mode"),
                row.get("confidence"),
                row.get("suggested"),
                row.get("state"),
            ),
        )
    return len(rows)
