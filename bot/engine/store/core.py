"""The Store: every read and write of operational data, and `open_store`."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Any

from ..errors import StorageError
from ..storage import JsonLines, utc_now
from .backends import _Backend, _cause, _Postgres, _Sqlite
from .legacy import _import_audit, _import_feedback, _import_missed, _read_state
from .rows import (
    _MIGRATION_LOCK,
    _MISSED_LOCK,
    COMMAND_HASH,
    DATABASE_FILE,
    LEGACY_AUDIT,
    LEGACY_COMMAND_HASH,
    LEGACY_FEEDBACK,
    LEGACY_MISSED,
    LEGACY_MISSED_STATE,
    NOT_IN_ARTICLE,
    PRUNE_EVERY,
    Retention,
    _iso,
    _next_second,
)
from .schema import MIGRATIONS
from .tables import AuditTable, MissedTable

log = logging.getLogger("bot.engine.store")


class Store(AuditTable, MissedTable):
    """Every read and write of operational data; thread-safe, shareable between processes."""

    def __init__(self, backend: _Backend, retention: Retention | None = None) -> None:
        self._backend = backend
        self.retention = retention or Retention()
        self._writes = 0
        self._writes_lock = threading.Lock()

    @property
    def backend(self) -> str:
        return self._backend.name

    def close(self) -> None:
        self._backend.close()

    def editor_lock(self) -> contextlib.AbstractContextManager[None]:
        return self._backend.editor_lock()

    # ------------------------------------------------------------ schema

    def migrate(self) -> int:
        """Bring the schema up to date (once, whichever process gets there first); its version."""
        with self._tx("update the schema", durable=True, lock=_MIGRATION_LOCK) as tx:
            tx.run("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            rows = tx.run("SELECT version FROM schema_version")
            version = int(rows[0][0]) if rows else 0
            if not rows:
                tx.run("INSERT INTO schema_version (version) VALUES (0)")
            if version > len(MIGRATIONS):
                raise StorageError(
                    f"the database's schema is version {version}, newer than this FactDesk knows "
                    f"({len(MIGRATIONS)}): upgrade FactDesk"
                )
            for number, statements in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements:
                    tx.run(statement.replace("{id}", self._backend.id_column))
                tx.run("UPDATE schema_version SET version = ?", (number,))
            return len(MIGRATIONS)

    # ------------------------------------------------------------ feedback

    def record_feedback(
        self, *, user_id: int, message_key: str, helpful: bool, question: str, fact_id: str | None
    ) -> None:
        """One vote per user and message: a second press replaces the first."""
        with self._tx("record feedback", durable=False) as tx:
            tx.run(
                "INSERT INTO feedback (time, user_id, message_key, helpful, question, fact_id) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, message_key) DO UPDATE SET "
                "helpful = excluded.helpful, time = excluded.time, fact_id = excluded.fact_id",
                (utc_now(), user_id, message_key[:300], helpful, question[:500], fact_id),
            )
        self._wrote()

    def feedback(self) -> list[dict[str, Any]]:
        with self._tx("read feedback", durable=False, write=False) as tx:
            rows = tx.run("SELECT time, user_id, message_key, helpful, question, fact_id FROM feedback ORDER BY id")
        names = ("time", "user_id", "message_key", "helpful", "question", "fact_id")
        return [{**dict(zip(names, r, strict=True)), "helpful": bool(r[3])} for r in rows]

    # ------------------------------------------------------------ small values

    def get_value(self, name: str) -> str | None:
        with self._tx("read a setting", durable=False, write=False) as tx:
            rows = tx.run("SELECT value FROM kv WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else None

    def set_value(self, name: str, value: str) -> None:
        with self._tx("save a setting", durable=True) as tx:
            tx.run(
                "INSERT INTO kv (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                (name, value),
            )

    # ------------------------------------------------------------ drafts waiting to be published

    def add_draft(self, token: str, article_id: str, yaml: str, text: str, moderator_id: int, created: float) -> None:
        with self._tx("save a draft", durable=True) as tx:
            tx.run(
                "INSERT INTO drafts (token, article_id, yaml, text, moderator_id, created) VALUES (?, ?, ?, ?, ?, ?)",
                (token, article_id, yaml, text, moderator_id, created),
            )

    def draft(self, token: str) -> tuple[str, str, str, str, int, float] | None:
        with self._tx("read a draft", durable=False, write=False) as tx:
            rows = tx.run(
                "SELECT token, article_id, yaml, text, moderator_id, created FROM drafts WHERE token = ?", (token,)
            )
        if not rows:
            return None
        token, article_id, yaml, text, moderator_id, created = rows[0]
        return str(token), str(article_id), str(yaml), str(text), int(moderator_id), float(created)

    def discard_drafts(self, *, token: str | None = None, created_before: float | None = None) -> int:
        """Forget one draft (`token`) or every draft older than `created_before`; how many."""
        with self._tx("discard a draft", durable=True) as tx:
            if token is not None:
                return len(tx.run("DELETE FROM drafts WHERE token = ? RETURNING token", (token,)))
            return len(tx.run("DELETE FROM drafts WHERE created < ? RETURNING token", (created_before or 0.0,)))

    # ------------------------------------------------------------ retention

    def _wrote(self) -> None:
        with self._writes_lock:
            self._writes += 1
            due = self._writes % PRUNE_EVERY == 0
        if due:
            self.prune()

    def prune(self, now: dt.datetime | None = None) -> dict[str, int]:
        """Delete feedback and missed questions past their age or beyond their row limit.

        An old missed question goes, except the head of a cluster asked since (a cluster never
        loses its head, so a flood of rewordings of one question is bounded too); questions
        marked "not in the article" stay marked."""
        now = now or dt.datetime.now(dt.UTC)
        keep = self.retention
        removed = {}
        with self._tx("prune old feedback", durable=False) as tx:
            tx.run("DELETE FROM feedback WHERE time < ?", (_iso(now - dt.timedelta(days=keep.feedback_days)),))
            removed["feedback"] = tx.rowcount
            tx.run(
                "DELETE FROM feedback WHERE id <= (SELECT id FROM feedback ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (keep.feedback_rows,),
            )
            removed["feedback"] += tx.rowcount
        with self._tx("prune old missed questions", durable=False, lock=_MISSED_LOCK) as tx:
            cutoff = _iso(now - dt.timedelta(days=keep.missed_days))
            rows = tx.run("SELECT last_seen FROM missed ORDER BY last_seen DESC LIMIT 1 OFFSET ?", (keep.missed_rows,))
            if rows and str(rows[0][0]) >= cutoff:
                cutoff = _next_second(str(rows[0][0]))
            tx.run(
                "DELETE FROM missed WHERE (key <> cluster AND last_seen < ?) OR (key = cluster "
                "AND cluster NOT IN (SELECT cluster FROM missed WHERE last_seen >= ?) AND COALESCE(state, '') <> ?)",
                (cutoff, cutoff, NOT_IN_ARTICLE),
            )
            removed["missed"] = tx.rowcount
        if any(removed.values()):
            log.info("pruned %(feedback)d feedback rows and %(missed)d missed questions", removed)
        return removed

    # ------------------------------------------------------------ files of earlier versions

    def import_legacy(self, data_dir: Path) -> dict[str, int]:
        """Import the JSON Lines files of earlier versions once, then rename them `*.imported`.

        Runs under the migration lock, so processes starting together import each file once."""
        imported: dict[str, int] = {}
        names = (LEGACY_AUDIT, LEGACY_FEEDBACK, LEGACY_MISSED, LEGACY_MISSED_STATE, LEGACY_COMMAND_HASH)
        if not any((data_dir / n).is_file() for n in names):
            return imported
        with self._tx("import the files of an earlier version", durable=True, lock=_MIGRATION_LOCK) as tx:
            present = [n for n in names if (data_dir / n).is_file()]  # again, under the lock
            if LEGACY_AUDIT in present:
                imported[LEGACY_AUDIT] = _import_audit(tx, JsonLines(data_dir / LEGACY_AUDIT))
            if LEGACY_FEEDBACK in present:
                imported[LEGACY_FEEDBACK] = _import_feedback(tx, JsonLines(data_dir / LEGACY_FEEDBACK))
            states = _read_state(data_dir / LEGACY_MISSED_STATE) if LEGACY_MISSED_STATE in present else {}
            if LEGACY_MISSED in present or states:
                imported[LEGACY_MISSED] = _import_missed(tx, JsonLines(data_dir / LEGACY_MISSED), states)
            if LEGACY_COMMAND_HASH in present:
                digest = (data_dir / LEGACY_COMMAND_HASH).read_text(encoding="utf-8").strip()
                tx.run(
                    "INSERT INTO kv (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", (COMMAND_HASH, digest)
                )
                imported[LEGACY_COMMAND_HASH] = 1
            for name in present:
                (data_dir / name).rename(data_dir / f"{name}.imported")
        log.info("imported the files of an earlier version into the %s database: %s", self.backend, imported)
        return imported


def open_store(data_dir: Path, database_url: str | None = None, retention: Retention | None = None) -> Store:
    """The store for DATA_DIR (SQLite) or DATABASE_URL (PostgreSQL), migrated, with any files
    of an earlier version imported, and pruned."""
    backend: _Backend
    if database_url:
        backend = _Postgres(database_url)
    else:
        path = data_dir / DATABASE_FILE
        try:
            backend = _Sqlite(path)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open the database {path}: {_cause(exc)} (check DATA_DIR)") from exc
    store = Store(backend, retention)
    try:
        store.migrate()
        try:
            store.import_legacy(data_dir)
        except OSError as exc:
            raise StorageError(f"cannot import the files of an earlier version in {data_dir}: {exc}") from exc
        store.prune()
    except BaseException:
        store.close()
        raise
    return store
