"""The store's tables, one class of methods each (the Store combines them): the audit of
changes, missed questions and their clusters."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from typing import Any

from ..errors import StorageError
from ..storage import utc_now
from .backends import _Backend, _cause, _Cursor
from .rows import (
    _AUDIT_COLUMNS,
    DONE,
    NOT_IN_ARTICLE,
    PENDING,
    POSTED,
    AuditRow,
    ClusterHead,
    MissedRow,
    _audit_row,
    _audit_values,
)


class _Tables:
    """The transaction helper every table's methods use."""

    _backend: _Backend

    @contextlib.contextmanager
    def _tx(self, what: str, *, durable: bool, lock: int | None = None, write: bool = True) -> Iterator[_Cursor]:
        """A transaction; a database error becomes a StorageError that names what failed and why."""
        try:
            with self._backend.transaction(durable=durable, lock=lock, write=write) as cursor:
                yield cursor
        except self._backend.errors as exc:
            raise StorageError(f"cannot {what} in the {self._backend.name} database: {_cause(exc)}") from exc

    def _wrote(self) -> None:  # a write that counts towards pruning (the store's own)
        raise NotImplementedError


class AuditTable(_Tables):
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


class MissedTable(_Tables):
    # ------------------------------------------------------------ missed questions

    def _statement(self, what: str, sql: str, params: Sequence[Any] = ()) -> tuple[int, list[tuple[Any, ...]]]:
        try:
            return self._backend.statement(sql, params)
        except self._backend.errors as exc:
            raise StorageError(f"cannot {what} in the {self._backend.name} database: {_cause(exc)}") from exc

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
