"""Many articles at once: routing to the right article, the article option, and distractors."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from bot.engine.answers import Engine
from bot.engine.errors import NotFoundError
from bot.engine.loader import KnowledgeBase
from bot.engine.render import render
from bot.evaluate import evaluate, load_cases
from bot.tools.synthetic import make_archive
from tests.helpers import DATA_DIR, DEFAULT_DEV_QUESTIONS, DEV_QUESTIONS_ENV, shared_file, shipped_kb

SHIPPED_ID = "doj-sanctuary-letters"
DISTRACTOR_FACTS = 1_500


@pytest.fixture(scope="module")
def archive_engine() -> Engine:
    shipped = shipped_kb()
    distractors = make_archive(DISTRACTOR_FACTS, seed=7)
    return Engine(KnowledgeBase(articles=shipped.articles + distractors.articles))


def test_distractors_change_no_answer_about_the_shipped_article(archive_engine: Engine, engine: Engine) -> None:
    # With a large archive loaded beside it, every question gets the same verdict as with the
    # shipped article alone -- except that a question the shipped article doesn't cover may
    # now be answered by another article that does (the archive's "Seattle police budget"),
    # and then the answer names that article.
    files = [DATA_DIR / "reader-questions.yaml"]
    with contextlib.suppress(pytest.skip.Exception):  # the reader set still runs without ../shared
        files.append(shared_file(DEV_QUESTIONS_ENV, DEFAULT_DEV_QUESTIONS))
    for file in files:
        for case in load_cases(Path(file)):
            ask = Engine.ask if case["mode"] == "ask" else Engine.who_said
            alone, together = ask(engine, case["q"]), ask(archive_engine, case["q"])
            if alone.answered:
                assert together.answered, case["q"]
                assert together.source is not None and alone.source is not None
                assert together.source.article_id == SHIPPED_ID, case["q"]
                assert (together.fact_id, together.quote) == (alone.fact_id, alone.quote), case["q"]
            elif together.answered:
                assert together.source is not None and together.source.article_id != SHIPPED_ID, case["q"]


def test_distractors_leave_the_dev_set_exactly_as_it_was(archive_engine: Engine, engine: Engine) -> None:
    file = shared_file(DEV_QUESTIONS_ENV, DEFAULT_DEV_QUESTIONS)
    alone, together = evaluate(engine, file), evaluate(archive_engine, file)
    assert together["groups"] == alone["groups"]
    assert together["misses"] == alone["misses"]


def test_answers_name_their_article_when_there_are_several(archive_engine: Engine) -> None:
    answer = archive_engine.ask("how many jurisdictions got letters from the justice department")
    assert answer.answered and answer.source is not None
    assert answer.source.article_id == SHIPPED_ID
    assert render(answer).description.startswith(f"From “{answer.source.article}”")


def test_a_single_article_base_does_not_prefix_the_article(engine: Engine) -> None:
    answer = engine.ask("how many jurisdictions got letters")
    assert answer.answered
    assert "From “" not in render(answer).description


def test_the_article_option_narrows_the_question(archive_engine: Engine) -> None:
    other = next(a for a in archive_engine.kb.articles if a.id != SHIPPED_ID)
    question = other.facts[0].question
    inside = archive_engine.ask(question, article=other.id)
    assert inside.answered and inside.source is not None and inside.source.article_id == other.id
    outside = archive_engine.ask(question, article=SHIPPED_ID)
    assert outside.source is None or outside.source.article_id == SHIPPED_ID


def test_an_unknown_article_is_a_clear_error(archive_engine: Engine) -> None:
    with pytest.raises(NotFoundError, match="no article with id 'nope'"):
        archive_engine.ask("anything", article="nope")
