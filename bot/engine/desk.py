"""The running fact desk: the current engine (swapped whole on reload) and its store.

Discord-free, so the console, the CLI and the bot share it.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path

from .answers import Answer, Engine
from .editing import FactBaseEditor
from .errors import FactBaseError, Problem
from .heap import paused_gc, settle_heap
from .loader import load_directory
from .missed import MissedQuestions
from .parsecache import ParseCache
from .store import Retention, feedback_key, open_store

log = logging.getLogger(__name__)


def load_engine(knowledge_dir: Path, cache: ParseCache | None = None) -> Engine:
    """Load, validate and index a fact base, the collector paused throughout (see `heap`)."""
    with paused_gc():
        return Engine(load_directory(knowledge_dir, cache))


class FactDesk:
    """Owns the engine for one knowledge directory and the store of operational data."""

    def __init__(
        self,
        knowledge_dir: Path,
        data_dir: Path,
        *,
        git_commit: bool = False,
        database_url: str | None = None,
        retention: Retention | None = None,
        git_timeout_s: float = 30.0,
    ) -> None:
        self.knowledge_dir = knowledge_dir
        self.data_dir = data_dir
        # Audit, feedback, missed questions, the command hash: SQLite in DATA_DIR or DATABASE_URL.
        self.store = open_store(data_dir, database_url, retention)
        # Unchanged files are not parsed again: not on a reload, an edit's checks, or a restart.
        self.parse_cache = ParseCache(data_dir / "cache" / "articles")
        self._reloading = threading.Lock()
        self.engine = load_engine(knowledge_dir, self.parse_cache)
        self.missed = MissedQuestions(self.store)
        self.editor = FactBaseEditor(
            knowledge_dir,
            data_dir,
            git_commit=git_commit,
            cache=self.parse_cache,
            store=self.store,
            git_timeout_s=git_timeout_s,
        )
        self.reload_problems: list[Problem] = []
        settle_heap()
        self._prewarm(self.engine)

    def reload(self) -> Engine:
        """Re-read the files; on any problem keep serving the last good fact base and raise.

        Reloads (the watcher, /kb reload, after an edit) run one at a time, so an older read
        can never replace a newer one."""
        with self._reloading:
            try:
                engine = load_engine(self.knowledge_dir, self.parse_cache)
            except FactBaseError as exc:
                self.reload_problems = exc.problems
                log.error("fact base reload failed; still serving the last good one:\n%s", exc)
                raise
            self.reload_problems = []
            self.engine = engine  # one assignment: a question sees the old engine or the new one
        settle_heap()
        self._prewarm(engine)
        return engine

    @staticmethod
    def _prewarm(engine: Engine) -> None:
        """Build the per-article routing views in the background (an archive only)."""
        if len(engine.kb.articles) > 1:
            threading.Thread(target=engine.prewarm, name="factdesk-prewarm", daemon=True).start()

    def record_feedback(
        self, *, helpful: bool, question: str, fact_id: str | None, user_id: int, message_id: int | None = None
    ) -> None:
        """One vote per reader and reply (the reply's message id; without it, its question and fact)."""
        self.store.record_feedback(
            user_id=user_id,
            message_key=feedback_key(question, fact_id, message_id),
            helpful=helpful,
            question=question,
            fact_id=fact_id,
        )

    def record_answer(self, answer: Answer) -> bool:
        """Remember a question the bot could not answer well; True if moderators haven't seen it."""
        return self.missed.record(answer)
