"""Missed questions: each distinct question (after normalisation) is offered to moderators once,
"not in the article" silences it for good, and `top()` counts what readers keep asking."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from bot.engine.answers import Answer, Engine
from bot.engine.missed import LOW_CONFIDENCE, MissedQuestions, question_key


def abstention(question: str, suggestion_ids: tuple[str, ...] = ("how-many-jurisdictions",)) -> Answer:
    return Answer(
        question=question,
        mode="ask",
        kind="abstain",
        answered=False,
        text="I can't find that in the article.",
        confidence=0.2,
        suggestions=tuple(f"suggestion {i}" for i in suggestion_ids),
        suggestion_ids=suggestion_ids,
    )


def answer(question: str, confidence: float, fact_id: str = "when-letters-sent") -> Answer:
    return Answer(
        question=question,
        mode="ask",
        kind="fact",
        answered=True,
        text="Wednesday.",
        confidence=confidence,
        fact_id=fact_id,
    )


@pytest.fixture
def missed(tmp_path: Path) -> MissedQuestions:
    return MissedQuestions(tmp_path / "data")


def test_each_distinct_question_is_offered_once(missed: MissedQuestions) -> None:
    assert missed.record(abstention("Who is the Pope?")) is True
    # The same question however it is typed: case, punctuation, spacing, typographic quotes.
    for same in ("who is the pope", "WHO IS THE POPE??", "  Who   is the  Pope ", "Who is the Pope!"):
        assert missed.record(abstention(same)) is False, same
    assert question_key("What’s the “deal”?") == question_key('what\'s the "deal"')
    assert missed.record(abstention("Who is the Queen?")) is True
    [first, second] = missed.top()
    assert (first.question, first.count) == ("Who is the Pope?", 5)  # every asking is counted
    assert (second.question, second.count) == ("Who is the Queen?", 1)


def test_only_missed_answers_are_recorded(missed: MissedQuestions, tmp_path: Path) -> None:
    assert missed.record(answer("When were the letters sent?", 0.95)) is False
    assert not (tmp_path / "data" / "missed.jsonl").exists()
    assert missed.record(abstention("?!")) is False  # nothing left after normalisation
    # A weak answer is a miss too: moderators may want to teach the phrasing.
    assert missed.record(answer("when did that happen", LOW_CONFIDENCE - 0.01)) is True
    assert missed.record(answer("when did that happen again", LOW_CONFIDENCE)) is False
    [weak] = missed.top()
    assert (weak.question, weak.count, weak.suggested_fact_id) == ("when did that happen", 1, "when-letters-sent")


def test_not_in_the_article_silences_a_question(missed: MissedQuestions, tmp_path: Path) -> None:
    assert missed.record(abstention("What is the capital of Peru?")) is True
    missed.mark_not_in_article("what is the capital of peru")
    assert missed.record(abstention("What is the capital of Peru?")) is False
    assert missed.top() == []
    # It stays silenced after a restart; other questions are unaffected.
    again = MissedQuestions(tmp_path / "data")
    assert again.record(abstention("what is the capital of PERU")) is False
    assert again.top() == []
    assert again.record(abstention("Who won the game?")) is True
    assert [u.question for u in again.top()] == ["Who won the game?"]


def test_a_question_marked_before_it_was_posted_is_never_posted(missed: MissedQuestions) -> None:
    missed.mark_not_in_article("Is the moon made of cheese?")
    assert missed.record(abstention("is the moon made of cheese")) is False


def test_posted_questions_are_remembered_across_restarts(missed: MissedQuestions, tmp_path: Path) -> None:
    assert missed.record(abstention("How tall is the Space Needle?")) is True
    again = MissedQuestions(tmp_path / "data")
    assert again.record(abstention("how tall is the space needle?")) is False
    assert again.top()[0].count == 2


def test_top_orders_by_count_limits_and_suggests(missed: MissedQuestions) -> None:
    asked = {"alpha question": 1, "beta question": 4, "gamma question": 2, "delta question": 3}
    for question, times in asked.items():
        for _ in range(times):
            missed.record(abstention(question, (f"{question.split()[0]}-fact", "other-fact")))
    top = missed.top(3)
    assert [(u.question, u.count) for u in top] == [("beta question", 4), ("delta question", 3), ("gamma question", 2)]
    assert [u.suggested_fact_id for u in top] == ["beta-fact", "delta-fact", "gamma-fact"]
    assert missed.record(abstention("no suggestion at all", ())) is True
    assert next(u for u in missed.top(10) if u.question == "no suggestion at all").suggested_fact_id is None


def test_concurrent_askers_get_one_post(missed: MissedQuestions) -> None:
    results: list[bool] = []
    barrier = threading.Barrier(20)

    def ask(n: int) -> None:
        barrier.wait(timeout=10)
        results.append(missed.record(abstention("Same question?" if n % 2 else "same question")))

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(results) == [False] * 19 + [True]
    assert missed.top()[0].count == 20


def test_a_real_abstention_of_the_engine_is_recorded(missed: MissedQuestions, engine: Engine) -> None:
    unanswerable = engine.ask("what is the capital of peru")
    assert not unanswerable.answered
    assert missed.record(unanswerable) is True
    [item] = missed.top()
    assert item.question == "what is the capital of peru"
    assert item.suggested_fact_id == unanswerable.suggestion_ids[0]
    answered = engine.ask("How many jurisdictions got letters?")
    assert answered.answered and answered.confidence >= LOW_CONFIDENCE
    assert missed.record(answered) is False


def test_a_curated_gap_is_not_a_miss(missed: MissedQuestions, tmp_path: Path) -> None:
    """'Not in the article' replies from a curated gap fact: moderators already know."""
    gap = Answer(
        question="who signed the letters",
        mode="ask",
        kind="not-stated",
        answered=False,
        text="The article doesn't say who signed them.",
        confidence=0.9,
        fact_id="gap-who-signed",
    )
    assert missed.record(gap) is False
    assert not (tmp_path / "data" / "missed.jsonl").exists()


def test_the_cluster_index_in_memory_is_bounded_and_keeps_what_is_still_asked(tmp_path: Path) -> None:
    from bot.engine.missed import _Clusters
    from bot.engine.store import ClusterHead

    clusters = _Clusters(limit=3)
    clusters.add([ClusterHead(1, "k1", "pope rome"), ClusterHead(2, "k2", "queen england")])
    assert clusters.find("pope rome vatican") == "k1"  # matched: now the most recently used
    clusters.add([ClusterHead(3, "k3", "tides moon"), ClusterHead(4, "k4", "volcano iceland")])
    assert set(clusters.content) == {"k1", "k3", "k4"}  # the least recently used head went
    assert clusters.find("queen england") is None
    assert all("k2" not in keys for keys in clusters.by_prefix.values())
    assert "quee" not in clusters.by_prefix and "engl" not in clusters.by_prefix  # no empty postings left
    assert clusters.last_id == 4

    # Through the store: a head the index dropped stays counted there.
    missed = MissedQuestions(tmp_path / "data")
    missed._clusters.limit = 2
    for question in ("Who is the Pope?", "What is the capital of Peru?", "How deep is the ocean?"):
        assert missed.record(abstention(question)) is True
    assert len(missed._clusters.content) == 2
    assert missed.record(abstention("who is the pope")) is False  # same key: counted, not offered again
    assert {row.question: row.count for row in missed.top()}["Who is the Pope?"] == 2
