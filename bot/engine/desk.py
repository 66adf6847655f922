"""The running fact desk: the current engine (swapped whole on reload) and its logs.

Discord-free, so the console, the CLI and the bot share it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .answers import Answer, Engine
from .errors import FactBaseError
from .loader import load_directory
from .storage import JsonLines

log = logging.getLogger(__name__)


class FactDesk:
    """Owns the engine for one knowledge directory and the data directory's logs."""

    def __init__(self, knowledge_dir: Path, data_dir: Path) -> None:
        self.knowledge_dir = knowledge_dir
        self.data_dir = data_dir
        self.engine = Engine(load_directory(knowledge_dir))
        self.feedback = JsonLines(data_dir / "feedback.jsonl")
        self.missed = JsonLines(data_dir / "missed.jsonl")

    def reload(self) -> Engine:
        """Re-read the files; on any problem keep serving the last good fact base and raise."""
        try:
            engine = Engine(load_directory(self.knowledge_dir))
        except FactBaseError:
            log.exception("fact base reload failed; keeping the last good one")
            raise
        self.engine = engine  # one assignment: readers see the old engine or the new one
        return engine

    def record_feedback(self, *, helpful: bool, question: str, fact_id: str | None, user_id: int) -> None:
        self.feedback.append({"helpful": helpful, "question": question, "fact_id": fact_id, "user_id": user_id})

    def record_answer(self, answer: Answer) -> None:
        """Remember questions the bot could not answer, for the moderators."""
        if not answer.answered:
            self.missed.append(
                {
                    "question": answer.question,
                    "mode": answer.mode,
                    "confidence": round(answer.confidence, 4),
                    "suggestions": list(answer.suggestions),
                }
            )
