"""Answer quality as regression tests: the shared dev set and our held-out reader questions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.engine.answers import Engine
from bot.evaluate import evaluate
from tests.helpers import DATA_DIR, DEFAULT_DEV_QUESTIONS, DEV_QUESTIONS_ENV, shared_file

READER_QUESTIONS = DATA_DIR / "reader-questions.yaml"

# The dev set is what the fact base was curated against: it must stay (nearly) perfect.
DEV_ANSWERABLE_MIN = 0.95
DEV_ABSTENTION_MIN = 1.0

# Held-out reader questions (written from the article, not the fact base). Measured with
# `python -m bot eval tests/data/reader-questions.yaml` on 2026-11-29 (commit ef03475 plus the
# matcher work in progress): answerable 85/89 (95.5%), abstention 23/26 (88.5%). The bars sit a
# few points below: losing four answers, or two abstentions, fails. Raise them as the engine improves.
READER_ANSWERABLE_MIN = 0.92
READER_ABSTENTION_MIN = 0.84


# A second reader set (written blind, then used to curate: see its header) and questions that
# sound close to the article but that it does not answer. Measured on 2026-11-29 after the known
# gaps were curated: set 2 answerable 107/128 (83.6%), abstention 33/36 (91.7%); near misses
# 97/168 abstain (57.7%), 113/168 (67.3%) with the when/how-many shape check. The bars sit a
# few points below.
READER_2_QUESTIONS = DATA_DIR / "reader-questions-2.yaml"
READER_2_ANSWERABLE_MIN = 0.80
READER_2_ABSTENTION_MIN = 0.85
# A third reader set, run blind once (answerable 105/126, 83.3%; abstention 32/32).
READER_3_QUESTIONS = DATA_DIR / "reader-questions-3.yaml"
READER_3_ANSWERABLE_MIN = 0.80
READER_3_ABSTENTION_MIN = 0.94
# A fourth reader set, run blind once at the end (answerable 93/100, 93.0%; abstention 23/26;
# 25/26 after the 'who is the <title>' check that followed).
READER_4_QUESTIONS = DATA_DIR / "reader-questions-4.yaml"
READER_4_ANSWERABLE_MIN = 0.90
READER_4_ABSTENTION_MIN = 0.84
# A fifth reader set, run blind once after every change (answerable 80/88, 90.9%; abstention 19/21).
READER_5_QUESTIONS = DATA_DIR / "reader-questions-5.yaml"
READER_5_ANSWERABLE_MIN = 0.87
READER_5_ABSTENTION_MIN = 0.85
NEAR_MISS_QUESTIONS = DATA_DIR / "near-miss-questions.yaml"
NEAR_MISS_ABSTENTION_MIN = 0.62


def describe(report: dict[str, Any]) -> str:
    misses = "\n".join(
        f"  [{m['mode']}] {m['q']!r}: expected {m['expect']}, got {m['got']!r}" for m in report["misses"]
    )
    return f"answerable {report['answerable_accuracy']}, abstention {report['abstention_accuracy']}\nmisses:\n{misses}"


def dev_questions_file() -> Path:
    return shared_file(DEV_QUESTIONS_ENV, DEFAULT_DEV_QUESTIONS)


def test_dev_set(engine: Engine) -> None:
    report = evaluate(engine, dev_questions_file())

    assert sum(g["total"] for g in report["groups"].values()) > 0
    assert report["answerable_accuracy"] >= DEV_ANSWERABLE_MIN, describe(report)
    assert report["abstention_accuracy"] >= DEV_ABSTENTION_MIN, describe(report)


def test_held_out_reader_questions(engine: Engine) -> None:
    report = evaluate(engine, READER_QUESTIONS)

    assert report["groups"]["ask"]["total"] > 50
    assert report["groups"]["who-said"]["total"] > 15
    assert report["groups"]["abstain"]["total"] > 20
    assert report["answerable_accuracy"] >= READER_ANSWERABLE_MIN, describe(report)
    assert report["abstention_accuracy"] >= READER_ABSTENTION_MIN, describe(report)


def test_reader_who_said_questions_never_name_the_wrong_speaker(engine: Engine) -> None:
    # A wrong speaker is worse than no answer: every who-said miss must be an abstention.
    report = evaluate(engine, READER_QUESTIONS)

    wrong = [m for m in report["misses"] if m["mode"] == "who-said" and m["expect"] != "abstain" and m["answered"]]
    assert wrong == []


def test_dev_questions_env_var_naming_a_missing_file_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(DEV_QUESTIONS_ENV, str(tmp_path / "missing.yaml"))

    with pytest.raises(pytest.fail.Exception, match="does not name a file"):
        dev_questions_file()


def test_dev_questions_env_var_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(DEV_QUESTIONS_ENV, str(READER_QUESTIONS))

    assert dev_questions_file() == READER_QUESTIONS


def test_missing_default_without_env_var_skips(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DEV_QUESTIONS_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)  # in CI a missing file fails instead (see the next test)

    with pytest.raises(pytest.skip.Exception, match="set FACTDESK_DEV_QUESTIONS"):
        shared_file(DEV_QUESTIONS_ENV, tmp_path / "missing.yaml")


def test_second_reader_set(engine: Engine) -> None:
    report = evaluate(engine, READER_2_QUESTIONS)

    assert report["groups"]["ask"]["total"] > 100
    assert report["answerable_accuracy"] >= READER_2_ANSWERABLE_MIN, describe(report)
    assert report["abstention_accuracy"] >= READER_2_ABSTENTION_MIN, describe(report)


def test_near_miss_questions_mostly_abstain(engine: Engine) -> None:
    report = evaluate(engine, NEAR_MISS_QUESTIONS)

    assert set(report["groups"]) == {"abstain"} and report["groups"]["abstain"]["total"] > 150
    assert report["abstention_accuracy"] >= NEAR_MISS_ABSTENTION_MIN, describe(report)


def test_third_reader_set(engine: Engine) -> None:
    report = evaluate(engine, READER_3_QUESTIONS)

    assert report["groups"]["ask"]["total"] > 100 and report["groups"]["abstain"]["total"] > 25
    assert report["answerable_accuracy"] >= READER_3_ANSWERABLE_MIN, describe(report)
    assert report["abstention_accuracy"] >= READER_3_ABSTENTION_MIN, describe(report)


def test_fourth_reader_set(engine: Engine) -> None:
    report = evaluate(engine, READER_4_QUESTIONS)

    assert report["groups"]["ask"]["total"] > 80 and report["groups"]["abstain"]["total"] > 20
    assert report["answerable_accuracy"] >= READER_4_ANSWERABLE_MIN, describe(report)
    assert report["abstention_accuracy"] >= READER_4_ABSTENTION_MIN, describe(report)


def test_fifth_reader_set(engine: Engine) -> None:
    report = evaluate(engine, READER_5_QUESTIONS)

    assert report["groups"]["ask"]["total"] > 60 and report["groups"]["abstain"]["total"] > 15
    assert report["answerable_accuracy"] >= READER_5_ANSWERABLE_MIN, describe(report)
    assert report["abstention_accuracy"] >= READER_5_ABSTENTION_MIN, describe(report)


def test_missing_default_fails_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(DEV_QUESTIONS_ENV, raising=False)
    monkeypatch.setenv("CI", "true")

    with pytest.raises(pytest.fail.Exception, match="CI runs every test"):
        shared_file(DEV_QUESTIONS_ENV, tmp_path / "missing.yaml")


# The reader sets of the last rounds (written blind, see each file's header), with floors a little below
# what they score now (2026-12-01, stops 17 to 20): answerable, premises corrected, abstentions, and the lean base
# (every fact cut to 5 phrasings, people and quotes to none).
ROUND_SETS = [
    # file, answerable, premise, abstention, lean answerable
    ("reader-questions-6.yaml", 0.80, 0.50, 0.90, 0.58),
    ("reader-questions-7.yaml", 0.80, 0.70, 0.75, 0.60),
    ("reader-questions-8.yaml", 0.87, 0.50, 0.75, 0.75),
    ("reader-questions-9.yaml", 0.75, 0.33, 0.88, 0.55),
    ("reader-questions-10.yaml", 0.82, 0.66, 0.84, 0.68),
    ("reader-questions-11.yaml", 0.74, 0.58, 0.82, 0.58),
    ("reader-questions-12.yaml", 0.84, 0.55, 0.81, 0.70),
    ("reader-questions-13.yaml", 0.88, 0.55, 0.80, 0.74),
    ("reader-questions-14.yaml", 0.89, 0.60, 0.80, 0.78),
    ("reader-questions-15.yaml", 0.82, 0.40, 0.75, 0.64),
    ("reader-questions-16.yaml", 0.88, 0.66, 0.88, 0.68),
    ("reader-questions-17.yaml", 0.82, 0.62, 0.82, 0.68),
    ("reader-questions-18.yaml", 0.94, 0.76, 0.9, 0.8),
    ("reader-questions-19.yaml", 0.79, 0.6, 0.8, 0.7),
    ("reader-questions-20.yaml", 0.86, 0.75, 0.85, 0.68),
    ("reader-questions-21.yaml", 0.72, 0.45, 0.85, 0.62),
    ("reader-questions-22.yaml", 0.86, 0.55, 0.88, 0.66),
    ("reader-questions-23.yaml", 0.92, 0.55, 0.8, 0.8),
    ("reader-questions-24.yaml", 0.85, 0.55, 0.75, 0.72),
    ("reader-questions-25.yaml", 0.82, 0.85, 0.9, 0.68),
    ("reader-questions-26.yaml", 0.85, 0.65, 0.9, 0.78),
]


@pytest.mark.parametrize(("name", "answerable", "premise", "abstention", "lean_answerable"), ROUND_SETS)
def test_this_rounds_reader_sets(
    engine: Engine, name: str, answerable: float, premise: float, abstention: float, lean_answerable: float
) -> None:
    from bot.evaluate import lean

    report = evaluate(engine, DATA_DIR / name)
    assert report["answerable_accuracy"] >= answerable, describe(report)
    assert report["premise_accuracy"] >= premise, describe(report)
    assert report["abstention_accuracy"] >= abstention, describe(report)
    lean_report = evaluate(Engine(lean(engine.kb, 5)), DATA_DIR / name)
    assert lean_report["answerable_accuracy"] >= lean_answerable, describe(lean_report)


# Floors a little under each set's figure at its last change (set 2's blind first run was 49/73).
@pytest.mark.parametrize(
    ("name", "follow_up_floor", "standalone_floor"),
    [
        ("dialogues.yaml", 0.86, 0.9),
        ("dialogues-2.yaml", 0.72, 0.9),
        ("dialogues-3.yaml", 0.63, 0.8),
        ("dialogues-4.yaml", 0.70, 0.7),
        ("dialogues-5.yaml", 0.72, 0.9),
        ("dialogues-6.yaml", 0.74, 0.9),
        ("dialogues-7.yaml", 0.76, 0.9),
        ("dialogues-8.yaml", 0.72, 0.8),
        ("dialogues-9.yaml", 0.68, 0.8),
        ("dialogues-10.yaml", 0.78, 0.8),
        ("dialogues-11.yaml", 0.75, 0.8),
        ("dialogues-12.yaml", 0.62, 0.9),
        ("dialogues-13.yaml", 0.85, 0.9),
        ("dialogues-14.yaml", 0.68, 0.8),
        ("dialogues-15.yaml", 0.69, 0.9),
        ("dialogues-16.yaml", 0.6, 0.8),
        ("dialogues-17.yaml", 0.66, 0.9),
        ("dialogues-18.yaml", 0.83, 0.9),
        ("dialogues-19.yaml", 0.82, 0.9),
    ],
)
def test_follow_up_dialogues(engine: Engine, name: str, follow_up_floor: float, standalone_floor: float) -> None:
    from bot.evaluate import evaluate_dialogues, load_dialogues

    path = DATA_DIR / name
    dialogues = load_dialogues(path)
    assert dialogues is not None and len(dialogues) >= 30
    groups = evaluate_dialogues(engine, path, dialogues)["groups"]
    assert groups["follow-up"]["right"] / groups["follow-up"]["total"] >= follow_up_floor
    assert groups["standalone"]["right"] / groups["standalone"]["total"] >= standalone_floor


@pytest.mark.parametrize(
    "folder",
    [
        "articles",
        "articles-holdout",
        "articles-blind",
        "articles-blind-2",
        "articles-blind-3",
        "articles-blind-4",
        "articles-blind-5",
        "articles-blind-6",
        "articles-blind-7",
        "articles-blind-8",
        "articles-blind-9",
        "articles-blind-10",
        "articles-blind-11",
        "articles-blind-12",
        "articles-blind-16",
        "articles-blind-17",
        "articles-blind-18",
    ],
)
def test_drafted_quotes_are_found_and_never_misattributed(folder: str) -> None:
    from bot.evaluate import evaluate_drafts

    rows = evaluate_drafts(DATA_DIR / folder)["articles"]
    found = sum(r["found"] for r in rows) / sum(r["quotes"] for r in rows)
    assert found >= 0.95 and sum(r["speaker_wrong"] for r in rows) == 0
    # set 20's gold lists a company as a person (its statement's speaker); the drafter names no company
    missed = 1 if folder == "articles-blind-18" else 0
    assert sum(r["people"] - r["people_found"] for r in rows) == missed


# Floors a little under each folder's figure at its last change: readers' questions asked of
# each drafted base alone (answers, abstentions).
@pytest.mark.parametrize(
    ("folder", "answered_floor", "abstained_floor"),
    [
        ("articles-blind-3", 0.52, 0.6),
        ("articles-blind-4", 0.48, 0.85),
        ("articles-blind-5", 0.6, 0.85),
        ("articles-blind-6", 0.6, 0.55),  # one abstention traded for four answers by the drafted-lead rule
        ("articles-blind-7", 0.42, 0.85),
        ("articles-blind-8", 0.5, 0.85),
        ("articles-blind-9", 0.25, 0.85),
        ("articles-blind-10", 0.4, 0.65),
        ("articles-blind-11", 0.1, 0.75),
        ("articles-blind-12", 0.15, 0.85),
        ("articles-blind-13", 0.3, 0.85),
        ("articles-blind-14", 0.22, 0.85),
        ("articles-blind-15", 0.42, 0.65),
        ("articles-blind-16", 0.42, 0.85),
        ("articles-blind-17", 0.27, 0.55),
        ("articles-blind-18", 0.3, 0.65),
    ],
)
def test_drafted_bases_answer_readers(folder: str, answered_floor: float, abstained_floor: float) -> None:
    from bot.evaluate import evaluate_drafts

    rows = evaluate_drafts(DATA_DIR / folder)["articles"]
    right, total = sum(r["alone"]["right"] for r in rows), sum(r["alone"]["total"] for r in rows)
    abstained = sum(r["alone"]["abstained"] for r in rows) / sum(r["alone"]["abstain_total"] for r in rows)
    assert right / total >= answered_floor and abstained >= abstained_floor


def test_typographic_quotes_compare_as_straight_ones(engine: Engine) -> None:
    from bot.evaluate import is_correct

    answer = engine.ask("does king county ask people about their immigration status?")
    assert "doesn't ask" in answer.text  # the curated answer writes a straight apostrophe
    assert is_correct(answer, ["doesn’t ask"]) and is_correct(answer, ["doesn't ask"])
    assert not is_correct(answer, ["does ask everyone"])


def test_a_follow_up_who_said_turn_is_asked_in_its_conversation(engine: Engine, tmp_path: Path) -> None:
    """A follow-up is a chat reply, read with the context; only a first who-said turn is the
    /who-said command, which has none."""
    from bot.evaluate import evaluate_dialogues, load_dialogues

    path = tmp_path / "dialogues.yaml"
    path.write_text(
        "dialogues:\n"
        "  - turns:\n"
        '      - {mode: ask, q: "Why can\'t King County give officials the data?", expect: [ask], followup: false}\n'
        "      - {mode: who-said, q: 'who said that?', expect: [McDermott], followup: true}\n",
        encoding="utf-8",
    )
    dialogues = load_dialogues(path)
    assert dialogues is not None
    groups = evaluate_dialogues(engine, path, dialogues)["groups"]
    assert groups["follow-up"] == {"right": 1, "total": 1}


def test_a_miss_says_why_it_is_scored_wrong(engine: Engine, tmp_path: Path) -> None:
    from bot.evaluate import evaluate

    path = tmp_path / "cases.yaml"
    path.write_text(
        "cases:\n"
        "  - {mode: ask, q: 'did 23 jurisdictions get letters?', premise: true, expect: ['23']}\n"
        "  - {mode: ask, q: 'how many jurisdictions got letters?', expect: [abstain]}\n",
        encoding="utf-8",
    )
    misses = {m["q"]: m["why"] for m in evaluate(engine, path)["misses"]}
    assert misses == {
        "did 23 jurisdictions get letters?": "no correction",
        "how many jurisdictions got letters?": "answered",
    }
