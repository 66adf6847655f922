"""The running fact desk: the current engine (swapped whole on reload) and its logs.

Discord-free, so the console, the CLI and the bot share it.
"""

from __future__ import annotations

import gc
import logging
import threading
from pathlib import Path

from .answers import Answer, Engine
from .editing import FactBaseEditor
from .errors import FactBaseError, Problem
from .loader import load_directory
from .missed import MissedQuestions
from .storage import JsonLines

log = logging.getLogger(__name__)


class FactDesk:
    """Owns the engine for one knowledge directory and the data directory's logs."""

    def __init__(self, knowledge_dir: Path, data_dir: Path, *, git_commit: bool = False) -> None:
        self.knowledge_dir = knowledge_dir
        self.data_dir = data_dir
        self.engine = Engine(load_directory(knowledge_dir))
        self.feedback = JsonLines(data_dir / "feedback.jsonl")
        self.missed = MissedQuestions(data_dir)
        self.editor = FactBaseEditor(knowledge_dir, data_dir, git_commit=git_commit)
        self.reload_problems: list[Problem] = []
        settle_heap()
        self._prewarm(self.engine)

    def reload(self) -> Engine:
        """Re-read the files; on any problem keep serving the last good fact base and raise."""
        try:
            engine = Engine(load_directory(self.knowledge_dir))
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

    def record_feedback(self, *, helpful: bool, question: str, fact_id: str | None, user_id: int) -> None:
        self.feedback.append({"helpful": helpful, "question": question, "fact_id": fact_id, "user_id": user_id})

    def record_answer(self, answer: Answer) -> bool:
        """Remember a question the bot could not answer well; True if moderators haven't seen it."""
        return self.missed.record(answer)


def settle_heap() -> None:
    """Move the long-lived fact base out of the garbage collector's way.

    The engine holds many small objects that live until the next reload; a full GC pass
    over them costs ~0.1 s at 10,000 facts and would land on some unlucky question. Freezing
    exempts them; unfreezing first lets the previous engine (after a reload) be freed.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()
