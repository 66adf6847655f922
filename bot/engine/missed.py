"""Questions the bot could not answer: counted for `/kb unanswered`, and each distinct one
offered to the moderators once (unless they marked it "not in the article")."""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .answers import Answer
from .editing import write_atomically
from .storage import JsonLines
from .text import plain

LOW_CONFIDENCE = 0.6
POSTED = "posted"
NOT_IN_ARTICLE = "not-in-article"


@dataclass(frozen=True)
class Unanswered:
    question: str
    count: int
    suggested_fact_id: str | None


def question_key(question: str) -> str:
    return plain(question)[:200]


class MissedQuestions:
    """The log of missed questions plus which ones moderators have already seen."""

    def __init__(self, data_dir: Path) -> None:
        self.log = JsonLines(data_dir / "missed.jsonl")
        self.state_file = data_dir / "missed-state.json"
        self._lock = threading.Lock()
        self._state: dict[str, str] = self._load_state()

    def _load_state(self) -> dict[str, str]:
        try:
            data = json.loads(self.state_file.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _save_state(self) -> None:
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.state_file, json.dumps(self._state, ensure_ascii=False, sort_keys=True, indent=0))

    @staticmethod
    def is_missed(answer: Answer) -> bool:
        if answer.kind == "not-stated":
            return False  # a gap moderators already know about (curated as not in the article)
        return not answer.answered or answer.confidence < LOW_CONFIDENCE

    def record(self, answer: Answer) -> bool:
        """Log a missed question; True when moderators have not been shown it yet."""
        if not self.is_missed(answer) or not question_key(answer.question):
            return False
        self.log.append(
            {
                "question": answer.question[:500],
                "mode": answer.mode,
                "answered": answer.answered,
                "confidence": round(answer.confidence, 4),
                "fact_id": answer.fact_id,
                "suggestion_ids": list(answer.suggestion_ids),
            }
        )
        key = question_key(answer.question)
        with self._lock:
            if key in self._state:
                return False
            self._state[key] = POSTED
            self._save_state()
        return True

    def mark_not_in_article(self, question: str) -> None:
        with self._lock:
            self._state[question_key(question)] = NOT_IN_ARTICLE
            self._save_state()

    def top(self, limit: int = 10) -> list[Unanswered]:
        """The most frequent missed questions, skipping those marked not in the article."""
        counts: Counter[str] = Counter()
        example: dict[str, str] = {}
        suggestion: dict[str, str | None] = {}
        for entry in self.log:
            question = str(entry.get("question", ""))
            key = question_key(question)
            if not key or self._state.get(key) == NOT_IN_ARTICLE:
                continue
            counts[key] += 1
            example.setdefault(key, question)
            ids = entry.get("suggestion_ids") or []
            suggestion[key] = entry.get("fact_id") or (str(ids[0]) if ids else None)
        return [Unanswered(example[k], n, suggestion.get(k)) for k, n in counts.most_common(limit)]
