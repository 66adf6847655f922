"""The renderer: every Reply fits one Discord embed, and trimming never drops the source."""

from __future__ import annotations

import pytest

from bot.engine.answers import Answer, Engine, QuoteRef, SourceRef
from bot.engine.render import CUT_MARKER, EMBED_TOTAL_LIMIT, clip, render, source_line
from tests.helpers import discord_limit_violations

SOURCE = SourceRef(
    article_id="doj-sanctuary-letters",
    article="Justice Department threatens sanctuary jurisdictions",
    outlet="The Seattle Times",
    published="2018-01-24",
    paragraphs=(6, 11),
)


def quote(number: int, length: int = 1500, speaker: str = "Joe McDermott") -> QuoteRef:
    text = " ".join(f"word{number}" for _ in range(length // 6 + 1))[:length]
    return QuoteRef(f"q{number}", text, speaker, "joe-mcdermott", "Chairman of the Council", 6)


def fake(**changes: object) -> Answer:
    values: dict[str, object] = {
        "question": "who said it?",
        "mode": "ask",
        "kind": "fact",
        "answered": True,
        "text": "An answer.",
        "confidence": 0.9,
        "source": SOURCE,
        "fact_id": "some-fact",
    }
    values.update(changes)
    return Answer(**values)  # type: ignore[arg-type]


LONG = "Lorem ipsum dolor sit amet. " * 400  # about 11,000 characters

OVERSIZED = {
    "10,000-character answer": fake(text=LONG[:10_000]),
    "10,000 characters with no spaces": fake(text="x" * 10_000),
    "long answer and 10 long quotes": fake(
        text=LONG, quote=quote(0), more_quotes=tuple(quote(n) for n in range(1, 11))
    ),
    "long answer and 30 long quotes": fake(
        text=LONG, quote=quote(0), more_quotes=tuple(quote(n) for n in range(1, 31))
    ),
    "ambiguous with 30 speakers": fake(
        kind="ambiguous",
        fact_id=None,
        more_quotes=tuple(quote(n, speaker=f"Speaker {n} " + "x" * 300) for n in range(30)),
    ),
    "10,000-character speaker name": fake(kind="quote", speaker="N" * 10_000, quote=quote(1, speaker="N" * 10_000)),
    "10,000-character question": fake(question="why " * 2_500),
    "10,000-character abstention": fake(
        answered=False, kind="abstain", source=None, fact_id=None, text=LONG[:10_000], suggestions=("s" * 3000,) * 3
    ),
    "huge source title": fake(source=SourceRef("a", "T" * 10_000, "O" * 500, "2018-01-24", tuple(range(1, 2000)))),
}


@pytest.mark.parametrize("answer", OVERSIZED.values(), ids=list(OVERSIZED))
def test_every_reply_fits_discord_limits(answer: Answer) -> None:
    reply = render(answer)

    assert discord_limit_violations(reply) == []


@pytest.mark.parametrize(
    "answer",
    [OVERSIZED["10,000-character answer"], OVERSIZED["long answer and 10 long quotes"]],
    ids=["answer", "answer and quotes"],
)
def test_trimming_keeps_the_source_field_and_shows_the_cut(answer: Answer) -> None:
    reply = render(answer)

    assert reply.fields[-1].name == "Source"
    assert reply.fields[-1].value == source_line(SOURCE)
    assert reply.description.endswith(CUT_MARKER)
    assert LONG[:200] in reply.description


@pytest.mark.parametrize("name", ["long answer and 30 long quotes", "ambiguous with 30 speakers"])
def test_more_than_25_fields_still_keep_the_source(name: str) -> None:
    reply = render(OVERSIZED[name])

    assert len(reply.fields) <= 25
    assert reply.fields[-1].name == "Source"
    assert reply.fields[-1].value == source_line(SOURCE)


def test_trimmed_quotes_show_the_cut() -> None:
    reply = render(OVERSIZED["long answer and 10 long quotes"])

    quotes = [f for f in reply.fields if f.name in {"Quote", "Also said"}]
    assert quotes
    assert all(f.value.count(CUT_MARKER) <= 1 for f in quotes)
    assert any(CUT_MARKER in f.value for f in quotes)


def test_a_short_answer_is_not_trimmed() -> None:
    answer = fake(text="23 jurisdictions received letters.", quote=quote(1, length=40))

    reply = render(answer)

    assert reply.description == "23 jurisdictions received letters."
    assert CUT_MARKER not in reply.to_text()
    assert [f.name for f in reply.fields] == ["Quote", "Source"]
    assert quote(1, length=40).text in reply.fields[0].value


def test_source_line_names_outlet_date_title_and_paragraphs() -> None:
    line = source_line(SOURCE)

    title = "“Justice Department threatens sanctuary jurisdictions”"
    assert line == f"The Seattle Times, January 24, 2018 · {title} · paragraphs 6, 11"
    single = SourceRef("a", "T", "O", "2018-01-24", (6,))
    assert source_line(single).endswith("· paragraph 6")


def test_abstention_lists_the_suggestions() -> None:
    answer = fake(
        answered=False,
        kind="abstain",
        source=None,
        fact_id=None,
        text="The article doesn't say.",
        suggestions=("How many jurisdictions got letters?", "Did Seattle get a letter?"),
        suggestion_ids=("how-many", "seattle"),
    )

    reply = render(answer)

    assert not reply.answered
    assert reply.fields == ()
    assert "1. How many jurisdictions got letters?" in reply.description
    assert "2. Did Seattle get a letter?" in reply.description
    assert reply.suggestion_ids == ("how-many", "seattle")


def test_to_text_has_no_markdown_bold() -> None:
    reply = render(fake(kind="quote", speaker="Joe McDermott", quote=quote(1, length=40)))

    assert "**" not in reply.to_text()
    assert "Joe McDermott" in reply.to_text()
    assert "Source:" in reply.to_text()


@pytest.mark.parametrize("limit", [10, 50, 256, 1024])
def test_clip_respects_the_limit_and_marks_the_cut(limit: int) -> None:
    text = "word " * 1000

    clipped = clip(text, limit)

    assert len(clipped) <= limit
    assert clipped.endswith(CUT_MARKER)
    assert clip("short", limit) == "short"


def test_clip_cuts_at_a_word_boundary() -> None:
    assert clip("alpha beta gamma delta epsilon", 20) == "alpha beta" + CUT_MARKER


def test_rendering_real_answers_fits(engine: Engine) -> None:
    for question in ["who said press stunt", "what did sanders say", "how many jurisdictions", "lasagna", ""]:
        assert discord_limit_violations(render(engine.ask(question))) == []


def test_a_known_gap_says_so_and_still_names_its_source(engine: Engine) -> None:
    answer = engine.ask("who signed the doj letters")
    reply = render(answer)

    assert not reply.answered
    assert reply.title == "The article doesn't say"
    assert reply.description.startswith(answer.text)
    assert "Closest things the article does cover:" in reply.description
    assert [f.name for f in reply.fields] == ["Source"]
    assert answer.source is not None and reply.fields[0].value == source_line(answer.source)
    assert reply.footer.startswith(f"fact {answer.fact_id} · ")
    assert not discord_limit_violations(reply)


def test_a_premise_correction_comes_first(engine: Engine) -> None:
    reply = render(engine.ask("why did Jeff Sessions call the letter a press stunt?"))
    assert reply.description.startswith("**Correction:** It was Joe McDermott, not Jeff Sessions")
    assert any(f.name == "Quote" and "press stunt" in f.value for f in reply.fields)


def test_both_parts_of_a_two_part_question_are_shown(engine: Engine) -> None:
    reply = render(engine.ask("who is Durkan and what did she say?"))
    other = next(f for f in reply.fields if f.name == "Your other question")
    assert "legal fight" in other.value and "paragraph 11" in other.value
    assert reply.total_size() <= EMBED_TOTAL_LIMIT


def test_a_second_claim_or_a_second_person_is_headed_as_such_not_as_another_question(engine: Engine) -> None:
    reply = render(engine.ask("what did sanders say about the mayors?"))
    assert [f.name for f in reply.fields if f.name in ("Also on that", "Your other question")] == ["Also on that"]
    compared = render(engine.ask("how does durkan view differ from mcdermott?"))
    assert any(f.name == "And Joe McDermott" for f in compared.fields)


def test_who_said_and_who_is_say_each_thing_once(engine: Engine) -> None:
    said = render(engine.who_said("nothing more than a press stunt"))
    assert said.title == "Who said it: Joe McDermott" and "Joe McDermott" not in said.description
    who = render(engine.ask("who is joe mcdermott"))
    assert who.description.count("Metropolitan King County Council Chairman") == 1
    assert who.description.count("Joe McDermott") == 1
