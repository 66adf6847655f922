"""Property tests: whatever a reader types, the engine answers well-formed, fitting, honest replies."""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.engine.answers import Answer, Engine
from bot.engine.render import render
from tests.helpers import JSON_FIELDS, answer_problems, discord_limit_violations, quote_problems

# Pieces that have broken text handling elsewhere: Discord markup, invisible and combining
# characters, emoji sequences, typographic quotes, and words the fact base knows.
PIECES = [
    "<@123>",
    "<@!456>",
    "<@&1>",
    "<#789>",
    "@everyone",
    "@here",
    "<:wave:123>",
    "**",
    "__",
    "`",
    "```",
    "||",
    "> ",
    "# ",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "\u0301",
    "😀",
    "👍🏽",
    "👩‍👩‍👧",
    "🇺🇸",
    "“",
    "”",
    "’",
    '"',
    "'",
    "—",
    "\n",
    "\t",
    " ",
    "who said ",
    "who is ",
    "what did ",
    " say about ",
    "press stunt",
    "mcdermot",
    "durkin",
    "jurisdictons",
    "sanders",
    "23",
    "?",
]

reader_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=500),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=30).map("".join),
)

PROPERTY_SETTINGS = settings(deadline=None, max_examples=150)


def check(answer: Answer, engine: Engine) -> None:
    assert answer_problems(answer) == []
    assert quote_problems(answer, engine.kb) == []
    assert discord_limit_violations(render(answer)) == []
    data = answer.to_json()
    assert set(data) == JSON_FIELDS
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    if not answer.answered:
        assert isinstance(data["suggestions"], list) and len(data["suggestions"]) <= 3
        assert all(isinstance(s, str) for s in data["suggestions"])


@PROPERTY_SETTINGS
@given(text=reader_text)
@example(text="")
@example(text="   \n\t ")
@example(text="\u200b" * 50)
@example(text="<@123> <@&1> @everyone who said **press stunt**?")
@example(text="😀" * 1000)
def test_ask_never_fails(engine: Engine, text: str) -> None:
    check(engine.ask(text), engine)


@PROPERTY_SETTINGS
@given(text=reader_text)
@example(text="")
@example(text="“”")
@example(text="'")
def test_who_said_never_fails(engine: Engine, text: str) -> None:
    check(engine.who_said(text), engine)


@PROPERTY_SETTINGS
@given(text=reader_text)
@example(text="")
@example(text="de")
def test_who_is_never_fails(engine: Engine, text: str) -> None:
    answer = engine.who_is(text)

    check(answer, engine)
    if answer.answered:
        assert answer.kind == "person"


@PROPERTY_SETTINGS
@given(name=reader_text, topic=reader_text)
@example(name="", topic="")
@example(name="sanders", topic="\u200b")
def test_quotes_by_never_fails(engine: Engine, name: str, topic: str) -> None:
    answer = engine.quotes_by(name, topic)

    check(answer, engine)
    if answer.answered and answer.quote is not None:
        speakers = {answer.quote.speaker_id, *(q.speaker_id for q in answer.more_quotes)}
        assert len(speakers) == 1


@pytest.mark.parametrize(
    "huge",
    [
        "a" * 100_000,
        "who said press stunt " * 5_000,
        "😀" * 100_000,
        "\u200b" * 100_000,
        "<@123> " * 15_000,
        "x" * 99_990 + " mcdermott",
    ],
    ids=["letters", "question", "emoji", "zero-width", "mentions", "name-at-the-end"],
)
def test_a_100000_character_question_is_answered_quickly(engine: Engine, huge: str) -> None:
    # A safety bound only: `python -m bot bench` measures speed.
    for method in (engine.ask, engine.who_said, engine.who_is):
        start = time.perf_counter()
        answer = method(huge)
        elapsed = time.perf_counter() - start

        assert elapsed < 0.5, f"{method.__name__} took {elapsed:.2f} s"
        check(answer, engine)
