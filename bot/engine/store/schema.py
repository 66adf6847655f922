"""The schema: versioned migrations, each run once, in order, in one transaction."""

from __future__ import annotations

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
