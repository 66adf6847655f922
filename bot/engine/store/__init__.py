"""The bot's operational data in one database: the audit of every change to the fact base,
readers' feedback, missed questions and their state, and small values (the command-sync hash).

SQLite in DATA_DIR by default (one file, WAL, versioned migrations); PostgreSQL when
DATABASE_URL is set, so that processes on several hosts share one store. The YAML files stay
the fact base's source of truth: this holds only what the bot writes besides them (and
besides the parse cache). JSON Lines files of earlier versions are imported on first start.
"""

from .core import Store, open_store
from .rows import (
    ABORTED,
    BUSY_TIMEOUT_MS,
    COMMAND_HASH,
    DATABASE_FILE,
    DONE,
    EDITOR_LOCK,
    LEGACY_AUDIT,
    LEGACY_COMMAND_HASH,
    LEGACY_FEEDBACK,
    LEGACY_MISSED,
    LEGACY_MISSED_STATE,
    NOT_IN_ARTICLE,
    PENDING,
    POSTED,
    PRUNE_EVERY,
    AuditRow,
    ClusterHead,
    MissedRow,
    Retention,
    feedback_key,
    restore_point,
)

__all__ = [
    "ABORTED",
    "BUSY_TIMEOUT_MS",
    "COMMAND_HASH",
    "DATABASE_FILE",
    "DONE",
    "EDITOR_LOCK",
    "LEGACY_AUDIT",
    "LEGACY_COMMAND_HASH",
    "LEGACY_FEEDBACK",
    "LEGACY_MISSED",
    "LEGACY_MISSED_STATE",
    "NOT_IN_ARTICLE",
    "PENDING",
    "POSTED",
    "PRUNE_EVERY",
    "AuditRow",
    "ClusterHead",
    "MissedRow",
    "Retention",
    "Store",
    "feedback_key",
    "open_store",
    "restore_point",
]
