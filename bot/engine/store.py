"""The bot's operational data in one database: the audit of every change to the fact base,
readers' feedback, missed questions and their state, and small values (the command-sync hash).

SQLite in DATA_DIR by default (one file, WAL, versioned migrations); PostgreSQL when
DATABASE_URL is set, so that processes on several hosts share one store. The YAML files stay
the fact base's source of truth: this holds only what the bot writes besides them (and
besides the parse cache). JSON Lines files of earlier versions are imported on first start.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .errors import StorageError
from .storage import JsonLines, utc_now
from .text import plain

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


# ---------------------------------------------------------------- schema

# Each migration runs once, in order, in one transaction; `{id}` is the backend's id column.
MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE audit (
            id {id}, time TEXT NOT NULL, status TEXT NOT NULL,
            moderator_id BIGINT NOT NULL, moderator TEXT NOT NULL, command TEXT NOT NULL,
            kind TEXT NOT NULL, target TEXT NOT NULL, article TEXT NOT NULL, file TEXT,
            before TEXT, after TEXT, old_hash TEXT, new_hash TEXT, previous_text TEXT, new_text TEXT,
            origin TEXT, error TEXT, git TEXT)""",
        "CREATE INDEX audit_record ON audit (kind, target, status)",
        "CREATE INDEX audit_status ON audit (status)",
        """CREATE TABLE feedback (
            id {id}, time TEXT NOT NULL, user_id BIGINT NOT NULL, message_key TEXT NOT NULL,
            helpful BOOLEAN NOT NULL, question TEXT NOT NULL, fact_id TEXT,
            UNIQUE (user_id, message_key))""",
        "CREATE INDEX feedback_time ON feedback (time)",
        """CREATE TABLE missed (
            id {id}, key TEXT NOT NULL UNIQUE, cluster TEXT NOT NULL, content TEXT NOT NULL,
            question TEXT NOT NULL, count BIGINT NOT NULL, first_seen TEXT NOT NULL, last_seen TEXT NOT NULL,
            mode TEXT, confidence REAL, suggested TEXT, state TEXT)""",
        "CREATE INDEX missed_cluster ON missed (cluster)",
        "CREATE INDEX missed_last_seen ON missed (last_seen)",
        "CREATE TABLE kv (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ],
    [
        # Drafted articles waiting for a moderator's Publish or Cancel (`/kb draft`).
        """CREATE TABLE drafts (
            token TEXT PRIMARY KEY, article_id TEXT NOT NULL, yaml TEXT NOT NULL, text TEXT NOT NULL,
            moderator_id BIGINT NOT NULL, created DOUBLE PRECISION NOT NULL)""",
    ],
]


class _Cursor(Protocol):
    rowcount: int

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...


class _Backend(Protocol):
    name: str
    id_column: str
    errors: tuple[type[BaseException], ...]

    def transaction(
        self, *, durable: bool, lock: int | None = None, write: bool = True
    ) -> contextlib.AbstractContextManager[_Cursor]: ...

    def statement(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, list[tuple[Any, ...]]]:
        """One statement on its own (its own transaction, on the fast connection): the number
        of rows it changed, and the rows it returned."""
        ...

    def editor_lock(self) -> contextlib.AbstractContextManager[None]: ...

    def close(self) -> None: ...


class _SqliteCursor:
    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.rowcount = 0

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.execute(sql, tuple(params))
        self.rowcount = cursor.rowcount
        return cursor.fetchall()


class _Sqlite:
    """One file in DATA_DIR, in WAL mode: readers never wait for the writer, and processes
    sharing the directory wait for each other's writes (busy timeout) instead of failing."""

    name = "sqlite"
    id_column = "INTEGER PRIMARY KEY AUTOINCREMENT"
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        # Two connections: the audit commits with a full fsync; feedback and missed questions
        # (many small writes, none a moderator's change) commit without waiting for the disk.
        self._durable = self._connect("FULL")
        self._fast = self._connect("NORMAL")
        self._locks = {id(self._durable): threading.Lock(), id(self._fast): threading.Lock()}

    def _connect(self, synchronous: str) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute(f"PRAGMA synchronous = {synchronous}")
        connection.execute("PRAGMA foreign_keys = ON")
        return connection

    @contextlib.contextmanager
    def transaction(self, *, durable: bool, lock: int | None = None, write: bool = True) -> Iterator[_Cursor]:
        connection = self._durable if durable else self._fast
        with self._locks[id(connection)]:
            # A writer takes the write lock at once: no deadlock upgrading a read lock later.
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _SqliteCursor(connection)
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")

    def statement(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, list[tuple[Any, ...]]]:
        with self._locks[id(self._fast)]:
            cursor = self._fast.execute(sql, tuple(params))
            rows = cursor.fetchall()
            return cursor.rowcount, rows

    @contextlib.contextmanager
    def editor_lock(self) -> Iterator[None]:
        yield  # processes sharing this database share DATA_DIR: the editor's file lock serialises them

    def close(self) -> None:
        for connection in (self._durable, self._fast):
            with contextlib.suppress(sqlite3.Error):
                connection.close()


class _PostgresCursor:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.rowcount = 0

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        self.cursor.execute(sql.replace("?", "%s"), tuple(params))
        self.rowcount = self.cursor.rowcount
        return list(self.cursor.fetchall()) if self.cursor.description else []


class _Postgres:
    """A PostgreSQL database (DATABASE_URL) that processes on several hosts share."""

    name = "postgresql"
    id_column = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"

    def __init__(self, url: str) -> None:
        try:
            import psycopg  # optional: `pip install factdesk[postgres]`
        except ImportError as exc:
            raise StorageError(
                "DATABASE_URL is set but psycopg is not installed: pip install 'factdesk[postgres]'"
            ) from exc
        self._psycopg = psycopg
        self.errors: tuple[type[BaseException], ...] = (psycopg.Error,)
        self.url = url
        try:
            self._durable = psycopg.connect(url, autocommit=True)
            self._fast = psycopg.connect(url, autocommit=True)
            # Feedback and missed questions (many small writes, none a moderator's change) commit
            # without waiting for the disk; the audit (the other connection) waits.
            self._fast.execute("SET synchronous_commit TO OFF")
        except psycopg.Error as exc:
            raise StorageError(f"cannot connect to the database at DATABASE_URL: {exc}") from exc
        self._locks = {id(self._durable): threading.Lock(), id(self._fast): threading.Lock()}
        self._editor: Any = None
        self._editor_guard = threading.Lock()

    @contextlib.contextmanager
    def transaction(self, *, durable: bool, lock: int | None = None, write: bool = True) -> Iterator[_Cursor]:
        connection = self._durable if durable else self._fast
        with self._locks[id(connection)], connection.transaction(), connection.cursor() as cursor:
            wrapped = _PostgresCursor(cursor)
            if lock is not None:
                wrapped.run("SELECT pg_advisory_xact_lock(?)", (lock,))
            yield wrapped

    def statement(self, sql: str, params: Sequence[Any] = ()) -> tuple[int, list[tuple[Any, ...]]]:
        with self._locks[id(self._fast)], self._fast.cursor() as cursor:
            cursor.execute(sql.replace("?", "%s"), tuple(params))
            return int(cursor.rowcount), list(cursor.fetchall()) if cursor.description else []

    @contextlib.contextmanager
    def editor_lock(self) -> Iterator[None]:
        """One moderator's change at a time across every host (released if the process dies)."""
        with self._editor_guard:
            if self._editor is None or self._editor.closed:
                self._editor = self._psycopg.connect(self.url, autocommit=True)
            self._editor.execute("SELECT pg_advisory_lock(%s)", (EDITOR_LOCK,))
            try:
                yield
            finally:
                self._editor.execute("SELECT pg_advisory_unlock(%s)", (EDITOR_LOCK,))

    def close(self) -> None:
        for connection in (self._durable, self._fast, self._editor):
            if connection is not None:
                with contextlib.suppress(Exception):
                    connection.close()


# ---------------------------------------------------------------- the store


def _cause(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


class Store:
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

    @contextlib.contextmanager
    def _tx(self, what: str, *, durable: bool, lock: int | None = None, write: bool = True) -> Iterator[_Cursor]:
        """A transaction; a database error becomes a StorageError that names what failed and why."""
        try:
            with self._backend.transaction(durable=durable, lock=lock, write=write) as cursor:
                yield cursor
        except self._backend.errors as exc:
            raise StorageError(f"cannot {what} in the {self.backend} database: {_cause(exc)}") from exc

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

    # ------------------------------------------------------------ audit

    def begin_change(self, row: AuditRow) -> int:
        """Record a change as pending, before its file is written; its id."""
        values = _audit_values(row)
        columns = [c for c in _AUDIT_COLUMNS if c != "id"]
        sql = f"INSERT INTO audit ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) RETURNING id"
        with self._tx("record the change in the audit", durable=True) as tx:
            return int(tx.run(sql, [values[c] for c in columns])[0][0])

    def finish_change(self, change_id: int, *, status: str = DONE, error: str | None = None) -> None:
        with self._tx("complete the change's audit record", durable=True) as tx:
            tx.run("UPDATE audit SET status = ?, error = ? WHERE id = ?", (status, error, change_id))

    def set_git(self, change_id: int, outcome: str) -> None:
        with self._tx("record the git commit", durable=True) as tx:
            tx.run("UPDATE audit SET git = ? WHERE id = ?", (outcome, change_id))

    def audit(self, *, status: str | None = DONE, kind: str | None = None, target: str | None = None) -> list[AuditRow]:
        """Audit records oldest first: by default the completed ones (what history shows)."""
        where, params = [], []
        for column, value in (("status", status), ("kind", kind), ("target", target)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = f"SELECT {', '.join(_AUDIT_COLUMNS)} FROM audit"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._tx("read the audit", durable=True, write=False) as tx:
            return [_audit_row(r) for r in tx.run(sql + " ORDER BY id", params)]

    def pending_changes(self, origin: str) -> list[AuditRow]:
        with self._tx("read interrupted changes", durable=True, write=False) as tx:
            rows = tx.run(
                f"SELECT {', '.join(_AUDIT_COLUMNS)} FROM audit WHERE status = ? AND origin = ? ORDER BY id",
                (PENDING, origin),
            )
        return [_audit_row(r) for r in rows]

    def last_change_to(self, file: str) -> AuditRow | None:
        with self._tx("read the audit", durable=True, write=False) as tx:
            rows = tx.run(
                f"SELECT {', '.join(_AUDIT_COLUMNS)} FROM audit WHERE file = ? AND status = ? ORDER BY id DESC LIMIT 1",
                (file, DONE),
            )
        return _audit_row(rows[0]) if rows else None

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

    # ------------------------------------------------------------ missed questions

    def _statement(self, what: str, sql: str, params: Sequence[Any] = ()) -> tuple[int, list[tuple[Any, ...]]]:
        try:
            return self._backend.statement(sql, params)
        except self._backend.errors as exc:
            raise StorageError(f"cannot {what} in the {self.backend} database: {_cause(exc)}") from exc

    def cluster_heads(self, after_id: int = 0) -> list[ClusterHead]:
        """The missed questions that head a cluster, added since `after_id`, oldest first."""
        _, rows = self._statement(
            "read missed questions",
            "SELECT id, key, content FROM missed WHERE id > ? AND key = cluster ORDER BY id",
            (after_id,),
        )
        return [ClusterHead(int(i), str(k), str(c)) for i, k, c in rows]

    def record_missed(
        self,
        *,
        key: str,
        content: str,
        question: str,
        mode: str,
        confidence: float,
        suggested: str | None,
        cluster: str | None,
    ) -> int | None:
        """Count one asking of a missed question: a new one joins `cluster` (the key of its
        head) or starts a cluster of its own. The row's id when it starts a cluster (the
        moderators have not seen it), else None.

        One statement, no lock: of processes adding the same question at once only one adds it
        (the key is unique; the others count it), and a head pruned meanwhile by another
        process makes the question a cluster of its own."""
        now = utc_now()
        _, rows = self._statement(
            "record a missed question",
            "INSERT INTO missed (key, cluster, content, question, count, first_seen, last_seen, mode, confidence, "
            "suggested, state) SELECT ?, COALESCE(head.key, ?), ?, ?, 1, ?, ?, ?, ?, ?, "
            "CASE WHEN head.key IS NULL THEN ? END FROM (SELECT 1 AS one) AS one "
            "LEFT JOIN missed AS head ON head.key = ? AND head.cluster = head.key WHERE 1 = 1 "
            "ON CONFLICT (key) DO UPDATE SET count = missed.count + 1, last_seen = excluded.last_seen, "
            "suggested = excluded.suggested, confidence = excluded.confidence "
            "RETURNING id, state, count, first_seen",
            (key, key, content, question[:500], now, now, mode, confidence, suggested, POSTED, cluster or ""),
        )
        self._wrote()
        [(row_id, state, count, first_seen)] = rows
        started = state == POSTED and int(count) == 1 and str(first_seen) == now  # inserted, not counted
        return int(row_id) if started else None

    def mark_missed(self, *, key: str, content: str, question: str) -> None:
        """Mark a question (and the cluster it heads or belongs to) "not in the article"."""
        now = utc_now()
        with self._tx("mark the question", durable=True) as tx:
            tx.run(
                "INSERT INTO missed (key, cluster, content, question, count, first_seen, last_seen, state) "
                "VALUES (?, ?, ?, ?, 0, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET state = excluded.state",
                (key, key, content, question[:500], now, now, NOT_IN_ARTICLE),
            )
            tx.run(
                "UPDATE missed SET state = ? WHERE key = (SELECT cluster FROM missed WHERE key = ?)",
                (NOT_IN_ARTICLE, key),
            )

    def missed_state(self, key: str) -> str | None:
        """The state of the cluster a question belongs to (None when the question is unknown)."""
        with self._tx("read a missed question", durable=False, write=False) as tx:
            rows = tx.run(
                "SELECT COALESCE(head.state, '') FROM missed AS row JOIN missed AS head ON head.key = row.cluster "
                "WHERE row.key = ?",
                (key,),
            )
        return str(rows[0][0]) if rows else None

    def top_missed(self, limit: int) -> list[MissedRow]:
        """Clusters by how often they were asked, skipping those marked "not in the article"."""
        with self._tx("read missed questions", durable=False, write=False) as tx:
            rows = tx.run(
                "SELECT head.question, totals.asked, head.suggested, totals.members FROM "
                "(SELECT cluster, SUM(count) AS asked, COUNT(*) AS members FROM missed GROUP BY cluster) AS totals "
                "JOIN missed AS head ON head.key = totals.cluster "
                "WHERE COALESCE(head.state, '') <> ? AND totals.asked > 0 "
                "ORDER BY totals.asked DESC, head.id LIMIT ?",
                (NOT_IN_ARTICLE, limit),
            )
        return [MissedRow(str(q), int(n), s, int(m)) for q, n, s, m in rows]

    def missed_rows(self) -> int:
        with self._tx("count missed questions", durable=False, write=False) as tx:
            return int(tx.run("SELECT COUNT(*) FROM missed")[0][0])

    def missed_askings(self) -> int:
        """How many times missed questions were asked, in all."""
        with self._tx("count missed questions", durable=False, write=False) as tx:
            return int(tx.run("SELECT COALESCE(SUM(count), 0) FROM missed")[0][0])

    def missed_questions(self) -> list[tuple[str, str, str, int, str | None]]:
        """Every row: (key, cluster, question, count, state), in the order they were first seen."""
        with self._tx("read missed questions", durable=False, write=False) as tx:
            rows = tx.run("SELECT key, cluster, question, count, state FROM missed ORDER BY id")
        return [(str(k), str(c), str(q), int(n), s) for k, c, q, n, s in rows]

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

        Missed questions go a whole cluster at a time (when its latest asking is old), so a
        cluster never loses its head; questions marked "not in the article" stay marked."""
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
                "DELETE FROM missed WHERE cluster IN "
                "(SELECT cluster FROM missed GROUP BY cluster HAVING MAX(last_seen) < ?) "
                "AND NOT (key = cluster AND COALESCE(state, '') = ?)",
                (cutoff, NOT_IN_ARTICLE),
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


# ---------------------------------------------------------------- helpers


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


def feedback_key(question: str, fact_id: str | None, message_id: int | None = None) -> str:
    """What one vote is about: the reply's message, or (without it) the question and the fact."""
    if message_id is not None:
        return f"message:{message_id}"
    return f"question:{plain(question)[:200]}|{fact_id or ''}"


__all__ = [
    "ABORTED",
    "COMMAND_HASH",
    "DONE",
    "NOT_IN_ARTICLE",
    "PENDING",
    "AuditRow",
    "ClusterHead",
    "MissedRow",
    "Retention",
    "Store",
    "feedback_key",
    "open_store",
]
