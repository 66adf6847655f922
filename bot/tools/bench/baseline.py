"""The naive baseline the engine is compared with, and the comparison on the same queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rapidfuzz import fuzz, utils

from ...engine.loader import KnowledgeBase
from .timing import summary


class NaiveBaseline:
    """What you would write without an index: WRatio against every phrasing / quote, keep the best."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.phrasings: list[str] = []
        self.owners: list[str] = []
        for _, fact in kb.facts:
            for text in (fact.question, *fact.phrasings):
                self.phrasings.append(utils.default_process(text))
                self.owners.append(fact.id)
        self.quotes = [utils.default_process(q.text) for _, q in kb.quotes]
        self.quote_ids = [q.id for _, q in kb.quotes]

    @staticmethod
    def _best(query: str, choices: Sequence[str]) -> tuple[int, float]:
        query = utils.default_process(query)
        best, best_score = -1, -1.0
        for number, choice in enumerate(choices):
            score = fuzz.WRatio(query, choice)
            if score > best_score:
                best, best_score = number, score
        return best, best_score

    def ask(self, question: str) -> str | None:
        best, _ = self._best(question, self.phrasings)
        return self.owners[best] if best >= 0 else None

    def who_said(self, fragment: str) -> str | None:
        best, _ = self._best(fragment, self.quotes)
        return self.quote_ids[best] if best >= 0 else None


def compare(
    engine_samples: list[tuple[int, int]], baseline_samples: list[tuple[int, int]], total_queries: int, sampled: bool
) -> dict[str, Any]:
    """Baseline vs engine latency on the same queries (the baseline's subset)."""
    subset = {index for index, _ in baseline_samples}
    engine_same = [ns for index, ns in engine_samples if index in subset]
    base = summary([ns for _, ns in baseline_samples])
    engine = summary(engine_same)

    def ratio(key: str) -> float | None:
        if base[key] is None or not engine[key]:
            return None
        return float(base[key] / engine[key])

    return {
        "queries": len(subset),
        "of_queries": total_queries,
        "sampled": sampled,
        "baseline": base,
        "engine_same_queries": engine,
        "ratio_median": ratio("median_ms"),
        "ratio_p99": ratio("p99_ms"),
    }
