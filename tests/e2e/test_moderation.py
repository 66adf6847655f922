"""Moderators change the fact base from Discord: every command, form and button through the
real discord.py client against the fake Discord, on a copy of knowledge/ in tmp_path.

Three parts: each flow works for a moderator (and the bot answers from the change at once);
everyone else (a reader, a moderator of another guild) is refused ephemerally at every entry
point with nothing written; bad input is refused with a message naming the field.
"""

from __future__ import annotations

import asyncio
import logging
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands

from bot.chat.exts import moderation as moderation_extension
from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine.editing import dump_article
from tests.e2e.fake_discord import FakeDiscord, InteractionHandle, MessageFlag, Perm
from tests.e2e.moderation_support import (
    ARTICLE,
    ModerationWorld,
    break_by_hand,
    buttons,
    find_button,
    hand_edit_phrasing,
    in_other_guild,
    load_yaml,
    modal_values,
    start_moderation,
    with_phrasing,
)

NOT_A_MODERATOR = "Only moderators (Manage Server permission or a moderator role) can change the fact base."
OTHER_GUILD = "The fact base can only be changed from the newsroom's moderation server."
NOT_THE_ASKER = "Only the moderator who asked can confirm this."

FACT_FORM = {
    "Question": "How many pages was the Justice Department letter?",
    "Other phrasings (one per line, at least 5)": "\n".join(
        [
            "how long was the doj letter",
            "how many pages did the letter have",
            "page count of the justice department letter",
            "- was the letter to king county long",  # list markers are stripped
            "• length of the doj letter",
        ]
    ),
    "Answer (your own words)": "The article doesn’t say how many pages the letter had.",
    "Evidence (verbatim from the article)": "Officials sent letters to roughly two dozen jurisdictions",
    "Paragraph numbers (e.g. 4, 5)": "4",
}
NEW_FACT_ID = "how-many-pages-was-the-justice"
QUOTE_FORM = {
    "Speaker (person id)": "jeff-sessions",
    "Quote (verbatim, without quote marks)": "Enough is enough",
    "Paragraph number": "21",
    "Medium: spoken, statement, twitter (or blank)": "statement",
    "Context (one line, your own words)": "Sessions, in the statement announcing the letters.",
}
PERSON_FORM = {
    "Full name": "Pat Example",
    "Role, as of the article": "Spokesperson for the test county",
    "Other names readers use (one per line)": "Example\nSpokesperson Example",
    "Who they are and what they did": "A made-up spokesperson the moderators added in a test.",
    "Paragraphs they appear in": "5, 6",
}
# Questions the shipped fact base cannot answer (each abstains with suggestions).
UNANSWERABLE = (
    "how many parking tickets were issued",
    "what did sessions eat for lunch",
    "what is the capital of peru",
)


@pytest.fixture
async def world(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[ModerationWorld]:
    async with start_moderation(fake_discord, tmp_path, missed_channel="staff") as started:
        yield started


def stored(world: ModerationWorld) -> dict[str, Any]:
    loaded: dict[str, Any] = load_yaml(world.article.read_text(encoding="utf-8"))
    return loaded


def stored_record(world: ModerationWorld, section: str, record_id: str) -> dict[str, Any] | None:
    return next((r for r in stored(world)[section] if r["id"] == record_id), None)


async def ask(world: ModerationWorld, question: str, user: str = "reader") -> dict[str, Any]:
    handle = await world.command("ask", {"question": question}, user=user)
    return await handle.response_message()


def answered_fact(message: dict[str, Any]) -> str | None:
    """The fact an /ask reply answers with (its feedback buttons carry the id), None for an abstention."""
    for button in buttons(message):
        custom_id = str(button.get("custom_id", ""))
        if custom_id.startswith("fd:fb:up:"):
            return custom_id.removeprefix("fd:fb:up:") or None
    raise AssertionError(f"no feedback button in {message}")


async def confirmed_unchecked(world: ModerationWorld, handle: InteractionHandle) -> str:
    """A quote's form submitted where the article has no stored text: the bot says it cannot be
    checked and asks to confirm; confirmed, the reply of the change."""
    message = await handle.response_message()
    assert "so this quote cannot be checked against it" in message["content"], message["content"]
    confirm = await world.click(message, "Confirm")
    return str((await confirm.followup()).json["content"])


def missed_posts(world: ModerationWorld) -> list[str]:
    """The questions the bot has offered in the moderators' channel, in order."""
    channel = world.fake.channel("staff")["id"]
    return [
        m["embeds"][0]["description"]
        for m in world.fake.messages.values()
        if m["channel_id"] == channel and m["embeds"] and m["embeds"][0]["title"] == "A question I couldn't answer"
    ]


async def wait_for_missed_log(world: ModerationWorld, entries: int) -> None:
    """Missed questions were asked `entries` times (the bot records after it answered)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5
    while world.bot.desk.store.missed_askings() < entries:
        assert loop.time() < deadline, f"the missed-question log never reached {entries} entries"
        await asyncio.sleep(0.01)


async def post_missed_question(world: ModerationWorld, question: str) -> dict[str, Any]:
    """A reader's abstained /ask and the message the bot then posts in the moderators' channel."""
    since = world.fake.mark()
    message = await ask(world, question)
    assert answered_fact(message) is None, f"{question!r} was answered; pick another unanswerable question"
    post = await world.fake.wait_for_message("staff", since=since)
    return world.fake.message(post.response["id"])


# ================================================================ moderators' flows


async def test_fact_add_form_adds_a_fact_that_answers_at_once(world: ModerationWorld) -> None:
    question = FACT_FORM["Question"]
    assert answered_fact(await ask(world, question)) != NEW_FACT_ID

    opened, modal = await world.open_modal("fact add")
    assert modal["title"] == "New fact"
    assert set(modal_values(modal).values()) == {""}
    submitted = await world.submit(modal, FACT_FORM, opened)
    assert await world.reply(submitted) == f"Added fact `{NEW_FACT_ID}`. It answers from now on."

    record = stored_record(world, "facts", NEW_FACT_ID)
    assert record == {
        "id": NEW_FACT_ID,
        "question": question,
        "phrasings": [
            "how long was the doj letter",
            "how many pages did the letter have",
            "page count of the justice department letter",
            "was the letter to king county long",
            "length of the doj letter",
        ],
        "answer": "The article doesn’t say how many pages the letter had.",
        "evidence": {"text": "Officials sent letters to roughly two dozen jurisdictions", "paragraphs": [4]},
    }
    assert "doesn’t" in world.article.read_text(encoding="utf-8")  # kept literally
    assert world.audit_count() == 1
    assert answered_fact(await ask(world, question)) == NEW_FACT_ID
    assert answered_fact(await ask(world, "page count of the justice department letter")) == NEW_FACT_ID


async def test_fact_add_as_a_known_gap_makes_the_bot_say_the_article_does_not_say(world: ModerationWorld) -> None:
    question = FACT_FORM["Question"]
    opened, modal = await world.open_modal("fact add", {"not-in-article": True})
    submitted = await world.submit(modal, FACT_FORM, opened)
    assert await world.reply(submitted) == f"Added fact `{NEW_FACT_ID}`. It answers from now on."
    record = stored_record(world, "facts", NEW_FACT_ID)
    assert record is not None and record["not_in_article"] is True

    reply = await ask(world, question)
    embed = reply["embeds"][0]
    assert embed["title"] == "The article doesn't say"
    assert embed["description"].startswith("The article doesn’t say how many pages the letter had.")
    assert [f["name"] for f in embed["fields"]] == ["Source"]
    assert embed["footer"]["text"].startswith(f"fact {NEW_FACT_ID} · ")
    assert answered_fact(reply) is None  # an abstention, not an answer

    shown = await world.command("fact show", {"id": NEW_FACT_ID})
    fields = [f["name"] for f in (await shown.response_message())["embeds"][0]["fields"]]
    assert "Not in the article" in fields

    # Editing the gap's answer in the form keeps it a gap.
    opened, modal = await world.open_modal("fact edit", {"id": NEW_FACT_ID})
    changed = {"Answer (your own words)": "The article gives no page count for the letters."}
    await world.reply(await world.submit(modal, changed, opened))
    record = stored_record(world, "facts", NEW_FACT_ID)
    assert record is not None and record["not_in_article"] is True
    assert record["answer"] == "The article gives no page count for the letters."


async def test_fact_edit_form_comes_filled_in_and_changes_the_answer(world: ModerationWorld) -> None:
    before = stored_record(world, "facts", "when-letters-sent")
    assert before is not None
    opened, modal = await world.open_modal("fact edit", {"id": "when-letters-sent"})
    assert modal["title"] == "Edit when-letters-sent"
    assert modal_values(modal) == {
        "Question": before["question"],
        "Other phrasings (one per line, at least 5)": "\n".join(before["phrasings"]),
        "Answer (your own words)": before["answer"],
        "Evidence (verbatim from the article)": before["evidence"]["text"],
        "Paragraph numbers (e.g. 4, 5)": "20, 2",
    }

    new_answer = "On Wednesday — January 24, 2018."
    submitted = await world.submit(modal, {"Answer (your own words)": new_answer}, opened)
    assert await world.reply(submitted) == "Updated fact `when-letters-sent`."
    assert stored_record(world, "facts", "when-letters-sent") == {**before, "answer": new_answer}  # tags kept
    reply = await ask(world, "When were the letters sent?")
    assert answered_fact(reply) == "when-letters-sent"
    assert new_answer in reply["embeds"][0]["description"]


async def test_fact_remove_asks_to_confirm(world: ModerationWorld) -> None:
    fact_id = "durkan-former-us-attorney"
    before = world.snapshot()
    asked = await world.command("fact remove", {"id": fact_id})
    prompt = await asked.response_message()
    assert prompt["flags"] & MessageFlag.EPHEMERAL
    assert prompt["content"] == f"Remove fact `{fact_id}`? This is recorded and can be reverted."
    assert [b["label"] for b in buttons(prompt)] == ["Confirm", "Cancel"]

    cancel = await world.click(prompt, "Cancel")
    assert (await cancel.callback()).json["type"] == 7
    assert world.fake.message(prompt["id"])["content"] == "Cancelled; nothing was changed."
    assert world.fake.message(prompt["id"])["components"] == []
    assert world.snapshot() == before

    asked = await world.command("fact remove", {"id": fact_id})
    prompt = await asked.response_message()
    confirm = await world.click(prompt, "Confirm")
    assert (await confirm.followup()).json["content"] == (
        f"Removed fact `{fact_id}`. `/fact revert {fact_id}` brings it back."
    )
    assert (await asked.edit_original()).json["content"] == f"Removed fact `{fact_id}`."
    assert stored_record(world, "facts", fact_id) is None
    assert world.fact(fact_id) is None
    assert answered_fact(await ask(world, "Is Durkan a former US attorney?")) != fact_id


async def test_fact_alias_teaches_a_phrasing(world: ModerationWorld) -> None:
    phrasing = "on what weekday did the feds mail the warnings"
    handle = await world.command("fact alias", {"id": "when-letters-sent", "phrasing": phrasing})
    assert await world.reply(handle) == f"Fact `when-letters-sent` now also answers “{phrasing}”."
    assert stored_record(world, "facts", "when-letters-sent")["phrasings"][-1] == phrasing  # type: ignore[index]
    assert answered_fact(await ask(world, phrasing)) == "when-letters-sent"


async def test_fact_show_displays_the_stored_fact(world: ModerationWorld) -> None:
    handle = await world.command("fact show", {"id": "when-letters-sent"})
    message = await handle.response_message()
    assert message["flags"] & MessageFlag.EPHEMERAL
    [embed] = message["embeds"]
    record = stored_record(world, "facts", "when-letters-sent")
    assert record is not None
    assert embed["title"] == "Fact when-letters-sent"
    assert embed["description"] == record["answer"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["Question"] == "When were the letters sent?"
    assert fields["Phrasings"].splitlines()[0] == f"• {record['phrasings'][0]}"
    assert fields["Evidence (paragraphs 20, 2)"] == f"> {record['evidence']['text']}"
    assert fields["Attributed to"] == "article"


async def test_fact_history_and_revert(world: ModerationWorld) -> None:
    fact_id = "when-letters-sent"
    handle = await world.command("fact history", {"id": fact_id})
    assert await world.reply(handle) == f"No recorded changes to fact `{fact_id}` (it is as curated)."

    for phrasing in ("first taught phrasing", "second taught phrasing"):
        await world.reply(await world.command("fact alias", {"id": fact_id, "phrasing": phrasing}))
    await world.reply(await world.command("fact alias", {"id": fact_id, "phrasing": "third"}, user="owner"))

    lines = (await world.reply(await world.command("fact history", {"id": fact_id}))).splitlines()
    assert lines[0] == f"Changes to fact `{fact_id}`:"
    assert [line.split(" — ")[1] for line in lines[1:]] == [
        "fact alias by moderator",
        "fact alias by moderator",
        "fact alias by owner",
    ]
    assert [line.split()[0] for line in lines[1:]] == ["`v1`", "`v2`", "`v3`"]

    handle = await world.command("fact revert", {"id": fact_id})
    assert await world.reply(handle) == f"Restored fact `{fact_id}` to the state before the last change."
    assert stored_record(world, "facts", fact_id)["phrasings"][-2:] == [  # type: ignore[index]
        "first taught phrasing",
        "second taught phrasing",
    ]
    handle = await world.command("fact revert", {"id": fact_id, "version": 1})
    assert await world.reply(handle) == f"Restored fact `{fact_id}` to version 1."
    phrasings = stored_record(world, "facts", fact_id)["phrasings"]  # type: ignore[index]
    assert phrasings[-1] == "first taught phrasing" and "second taught phrasing" not in phrasings
    assert world.audit_count() == 5


async def test_fact_autocomplete_offers_ids(world: ModerationWorld) -> None:
    handle = await world.fake.send_interaction(
        world.fake.autocomplete("fact edit", {"id": "king county"}, user="moderator")
    )
    choices = await handle.choices()
    assert 1 <= len(choices) <= 25
    assert "king-county-got-letter" in {c["value"] for c in choices}
    assert all(len(c["name"]) <= 100 for c in choices)


async def test_quote_add_edit_remove(world: ModerationWorld) -> None:
    opened, modal = await world.open_modal("quote add")
    assert modal["title"] == "New quote"
    handle = await world.submit(modal, QUOTE_FORM, opened)
    quote_id = "jeff-sessions-enough-is-enough"
    assert await confirmed_unchecked(world, handle) == f"Added quote `{quote_id}`."
    assert stored_record(world, "quotes", quote_id) == {
        "id": quote_id,
        "speaker": "jeff-sessions",
        "text": "Enough is enough",
        "paragraph": 21,
        "medium": "statement",
        "context": "Sessions, in the statement announcing the letters.",
    }

    opened, modal = await world.open_modal("quote edit", {"id": quote_id})
    assert modal_values(modal) == {**QUOTE_FORM, "Paragraph number": "21"}
    handle = await world.submit(
        modal,
        {
            "Context (one line, your own words)": "Sessions, in writing.",
            "Medium: spoken, statement, twitter (or blank)": "",
        },
        opened,
    )
    assert await confirmed_unchecked(world, handle) == f"Updated quote `{quote_id}`."
    record = stored_record(world, "quotes", quote_id)
    assert record is not None and record["context"] == "Sessions, in writing." and "medium" not in record

    asked = await world.command("quote remove", {"id": quote_id})
    confirm = await world.click(await asked.response_message(), "Confirm")
    assert (await confirm.followup()).json["content"].startswith(f"Removed quote `{quote_id}`.")
    assert stored_record(world, "quotes", quote_id) is None
    assert world.audit_count() == 3


async def test_quote_speaker_must_be_a_known_person(world: ModerationWorld) -> None:
    before = world.snapshot()
    opened, modal = await world.open_modal("quote add")
    handle = await world.submit(modal, {**QUOTE_FORM, "Speaker (person id)": "jeff-session"}, opened)
    assert await world.reply(handle) == (
        "Nothing was changed. speaker: unknown speaker 'jeff-session': add them to people first"
    )
    assert world.snapshot() == before


async def test_removing_a_quote_a_fact_cites_is_refused(world: ModerationWorld) -> None:
    cited = next(f["quotes"][0] for f in stored(world)["facts"] if f.get("quotes"))
    before = world.snapshot()
    asked = await world.command("quote remove", {"id": cited})
    confirm = await world.click(await asked.response_message(), "Confirm")
    text = (await confirm.followup()).json["content"]
    assert text.startswith("Nothing was changed. facts[") and f"unknown quote id '{cited}'" in text
    assert world.snapshot() == before


async def test_person_add_and_edit(world: ModerationWorld) -> None:
    opened, modal = await world.open_modal("person add")
    assert modal["title"] == "New person"
    handle = await world.submit(modal, PERSON_FORM, opened)
    assert await world.reply(handle) == "Added person `pat-example`."
    assert stored_record(world, "people", "pat-example") == {
        "id": "pat-example",
        "name": "Pat Example",
        "role": "Spokesperson for the test county",
        "aliases": ["Example", "Spokesperson Example"],
        "summary": "A made-up spokesperson the moderators added in a test.",
        "paragraphs": [5, 6],
    }

    before = stored_record(world, "people", "joe-mcdermott")
    assert before is not None
    opened, modal = await world.open_modal("person edit", {"id": "joe-mcdermott"})
    assert modal_values(modal) == {
        "Full name": "Joe McDermott",
        "Role, as of the article": before["role"],
        "Other names readers use (one per line)": "\n".join(before["aliases"]),
        "Who they are and what they did": before["summary"],
        "Paragraphs they appear in": "5, 6, 7, 8",
    }
    handle = await world.submit(modal, {"Role, as of the article": "Chair of the King County Council"}, opened)
    assert await world.reply(handle) == "Updated person `joe-mcdermott`."
    assert stored_record(world, "people", "joe-mcdermott") == {**before, "role": "Chair of the King County Council"}


async def test_person_history_and_revert(world: ModerationWorld) -> None:
    before = stored_record(world, "people", PERSON)
    assert before is not None
    for role in ("First test role", "Second test role"):
        opened, modal = await world.open_modal("person edit", {"id": PERSON})
        await world.reply(await world.submit(modal, {"Role, as of the article": role}, opened))

    lines = (await world.reply(await world.command("person history", {"id": PERSON}))).splitlines()
    assert lines[0] == f"Changes to person `{PERSON}`:"
    assert [line.split(" — ")[1] for line in lines[1:]] == ["person edit by moderator"] * 2

    handle = await world.command("person revert", {"id": PERSON, "version": 1})
    assert await world.reply(handle) == f"Restored person `{PERSON}` to version 1."
    assert stored_record(world, "people", PERSON) == {**before, "role": "First test role"}
    handle = await world.command("person revert", {"id": PERSON})  # undoes the revert itself
    assert await world.reply(handle) == f"Restored person `{PERSON}` to the state before the last change."
    assert stored_record(world, "people", PERSON) == {**before, "role": "Second test role"}
    assert world.audit_count() == 4


async def test_a_removed_quote_comes_back_with_revert(world: ModerationWorld) -> None:
    quote_id = "jeff-sessions-enough-is-enough"
    handle = await world.command("quote history", {"id": QUOTE})
    assert await world.reply(handle) == f"No recorded changes to quote `{QUOTE}` (it is as curated)."
    opened, modal = await world.open_modal("quote add")
    handle = await world.submit(modal, QUOTE_FORM, opened)
    assert await confirmed_unchecked(world, handle) == f"Added quote `{quote_id}`."
    added = stored_record(world, "quotes", quote_id)
    assert added is not None

    asked = await world.command("quote remove", {"id": quote_id})
    confirm = await world.click(await asked.response_message(), "Confirm")
    assert (await confirm.followup()).json["content"].startswith(f"Removed quote `{quote_id}`.")
    assert stored_record(world, "quotes", quote_id) is None
    assert world.bot.desk.engine.quote(quote_id) is None

    lines = (await world.reply(await world.command("quote history", {"id": quote_id}))).splitlines()
    assert [line.split(" — ")[1] for line in lines[1:]] == ["quote add by moderator", "quote remove by moderator"]
    handle = await world.command("quote revert", {"id": quote_id})
    assert await world.reply(handle) == f"Restored quote `{quote_id}` to the state before the last change."
    assert stored_record(world, "quotes", quote_id) == added
    found = world.bot.desk.engine.quote(quote_id)
    assert found is not None and found[1].text == "Enough is enough"

    before = world.snapshot()
    handle = await world.command("quote revert", {"id": quote_id, "version": 5})
    assert await world.reply(handle) == "Nothing was changed. version: must be between 1 and 3"
    assert world.snapshot() == before


async def test_kb_reload_after_a_valid_hand_edit(world: ModerationWorld) -> None:
    question = "zebra crossing quota for sanctuary places"
    hand_edit_phrasing(world.article, "how-many-jurisdictions", question)
    assert answered_fact(await ask(world, question)) != "how-many-jurisdictions"  # not before the reload
    reply = await world.reply(await world.command("kb reload"))
    kb = world.bot.desk.engine.kb
    assert reply == f"Reloaded: 1 article(s), {len(list(kb.facts))} facts, {len(list(kb.quotes))} quotes."
    assert answered_fact(await ask(world, question)) == "how-many-jurisdictions"


@pytest.mark.allow_error_logs  # the desk logs the failed reload at ERROR (checked below)
async def test_kb_reload_with_a_broken_hand_edit_shows_the_problems(
    world: ModerationWorld, caplog: pytest.LogCaptureFixture
) -> None:
    engine = world.bot.desk.engine
    break_by_hand(world.article)
    reply = await world.reply(await world.command("kb reload"))
    first, *problems = reply.splitlines()
    assert first == "The files have problems; still serving the last good fact base."
    assert len(problems) == 1 and problems[0].startswith(f"• {world.article}:")
    assert "YAML syntax error" in problems[0]
    assert world.bot.desk.engine is engine
    assert answered_fact(await ask(world, "How many jurisdictions got letters?")) == "how-many-jurisdictions"

    # While the file is broken, edits are refused with the same located problem.
    before = world.snapshot()
    reply = await world.reply(await world.command("fact alias", {"id": "when-letters-sent", "phrasing": "x y z"}))
    assert reply.startswith("Nothing was changed. ") and "the file on disk is invalid" in reply
    assert world.snapshot() == before
    unexpected = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name != "bot.engine.desk"]
    assert unexpected == []


async def test_kb_export_attaches_the_files(world: ModerationWorld) -> None:
    handle = await world.command("kb export")
    callback = await handle.callback()
    assert callback.files == [ARTICLE]
    assert callback.file_data[ARTICLE] == world.article.read_bytes()
    message = await handle.response_message()
    assert message["flags"] & MessageFlag.EPHEMERAL
    assert message["content"] == "The fact base as it is now (1 file(s))."
    assert [a["filename"] for a in message["attachments"]] == [ARTICLE]


def modified_export(world: ModerationWorld) -> bytes:
    data = stored(world)
    data["source"]["published"] = str(data["source"]["published"])
    data["facts"].append(
        {
            "id": "imported-fact",
            "question": "Which moderators imported a fact file?",
            "phrasings": ["who imported", "imported fact", "was a file imported", "kb import test", "import check"],
            "answer": "A moderator imported it in a test.",
            "evidence": {"text": "The Justice Department ramped up pressure Wednesday", "paragraphs": [2]},
        }
    )
    next(f for f in data["facts"] if f["id"] == "when-letters-sent")["answer"] = "Imported: on Wednesday."
    return dump_article(data).encode()


async def test_kb_import_previews_and_applies_on_confirm(world: ModerationWorld) -> None:
    options, resolved = world.import_option("my-export.yaml", modified_export(world))
    before = world.snapshot()
    asked = await world.command("kb import", options, resolved=resolved)
    prompt = await asked.response_message()
    assert prompt["flags"] & MessageFlag.EPHEMERAL
    assert prompt["content"] == (
        f"`my-export.yaml` is valid. Applying it to `{ARTICLE}` would change: "
        "people: +0 -0 ~0; quotes: +0 -0 ~0; facts: +1 -0 ~1. Apply?"
    )
    assert world.snapshot() == before

    confirm = await world.click(prompt, "Confirm")
    assert (await confirm.followup()).json["content"] == f"Imported `{ARTICLE}`."
    assert stored_record(world, "facts", "when-letters-sent")["answer"] == "Imported: on Wednesday."  # type: ignore[index]
    assert world.audit_count() == 1
    assert answered_fact(await ask(world, "Which moderators imported a fact file?")) == "imported-fact"


async def test_kb_import_of_an_invalid_file_is_refused(world: ModerationWorld) -> None:
    broken = world.article.read_bytes() + b"\nbroken: [unbalanced\n"
    before = world.snapshot()
    for name, data, expected in [
        ("broken.yaml", broken, r"^broken\.yaml:\d+:\d+: YAML syntax error: "),  # located in the upload
        ("notes.txt", b"hello", r"^file: must be a \.yaml file$"),
        ("latin1.yaml", "caf\xe9".encode("latin-1"), r"^file: must be UTF-8 text$"),
    ]:
        options, resolved = world.import_option(name, data)
        reply = await world.reply(await world.command("kb import", options, resolved=resolved))
        assert re.search(expected, reply), reply
    assert world.snapshot() == before


async def test_kb_unanswered_lists_missed_questions_and_its_button_adds_a_phrasing(world: ModerationWorld) -> None:
    reply = await world.reply(await world.command("kb unanswered"))
    assert reply == "No unanswered questions recorded yet."

    for question in (UNANSWERABLE[0], UNANSWERABLE[1], UNANSWERABLE[0].upper() + "?"):
        assert answered_fact(await ask(world, question)) is None
    await wait_for_missed_log(world, 3)
    suggested = world.bot.desk.engine.ask(UNANSWERABLE[0]).suggestion_ids[0]

    handle = await world.command("kb unanswered")
    message = await handle.response_message()
    assert message["flags"] & MessageFlag.EPHEMERAL
    lines = message["content"].splitlines()
    assert lines[0] == "Most asked unanswered questions:"
    assert lines[1] == f"1. (2×) {UNANSWERABLE[0]} → `{suggested}`"
    assert lines[2].startswith(f"2. (1×) {UNANSWERABLE[1]} → `")

    click = await world.click(message, f"1: add to {suggested}")
    assert await world.reply(click) == f"Fact `{suggested}` now also answers “{UNANSWERABLE[0]}”."
    assert UNANSWERABLE[0] in stored_record(world, "facts", suggested)["phrasings"]  # type: ignore[index]
    assert answered_fact(await ask(world, UNANSWERABLE[0])) == suggested


async def test_missed_question_is_posted_once_and_its_alias_button_teaches_it(world: ModerationWorld) -> None:
    question = UNANSWERABLE[0]
    post = await post_missed_question(world, question)
    suggested = world.bot.desk.engine.ask(question).suggestion_ids[0]
    [embed] = post["embeds"]
    assert embed["title"] == "A question I couldn't answer"
    assert embed["description"] == question
    assert embed["fields"] == [{"name": "Closest fact", "value": f"`{suggested}`", "inline": False}]
    assert [b["label"] for b in buttons(post)] == [f"Add as phrasing of {suggested}", "New fact", "Not in the article"]

    # The same question again (any case or punctuation) is not posted again; the next new one is.
    await ask(world, question.upper() + "??")
    await post_missed_question(world, UNANSWERABLE[1])
    await wait_for_missed_log(world, 3)
    assert missed_posts(world) == [question, UNANSWERABLE[1]]

    click = await world.click(post, f"Add as phrasing of {suggested}")
    assert await world.reply(click) == f"Fact `{suggested}` now answers this question."
    closed = await click.wait_for(lambda r: r.method == "PATCH" and r.params.get("message_id") == post["id"])
    assert closed.json["content"] == f"Added as a phrasing of `{suggested}` by moderator."
    assert world.fake.message(post["id"])["components"] == []
    assert question in stored_record(world, "facts", suggested)["phrasings"]  # type: ignore[index]
    assert answered_fact(await ask(world, question)) == suggested


async def test_missed_question_new_fact_button_opens_the_form_with_the_question(world: ModerationWorld) -> None:
    question = UNANSWERABLE[1]
    post = await post_missed_question(world, question)
    click = await world.click(post, "New fact")
    modal = await click.modal()
    assert modal["title"] == "New fact"
    assert modal_values(modal)["Question"] == question

    form = {key: value for key, value in FACT_FORM.items() if key != "Question"}
    form["Answer (your own words)"] = "The article doesn’t say what Sessions had for lunch."
    submitted = await world.submit(modal, form, click)
    assert await world.reply(submitted) == "Added fact `what-did-sessions-eat-for-lunch`. It answers from now on."
    assert stored_record(world, "facts", "what-did-sessions-eat-for-lunch")["question"] == question  # type: ignore[index]
    assert answered_fact(await ask(world, question)) == "what-did-sessions-eat-for-lunch"


async def test_missed_question_not_in_the_article_is_never_posted_again(world: ModerationWorld) -> None:
    question = UNANSWERABLE[2]
    post = await post_missed_question(world, question)
    before = world.snapshot()
    click = await world.click(post, "Not in the article")
    assert await world.reply(click) == "Marked as not in the article; it won't be posted again."
    closed = await click.wait_for(lambda r: r.method == "PATCH" and r.params.get("message_id") == post["id"])
    assert closed.json["content"] == "Marked not in the article by moderator."
    assert world.snapshot() == before  # the fact base is untouched

    await ask(world, question)
    await post_missed_question(world, UNANSWERABLE[1])  # a new question is still posted
    await wait_for_missed_log(world, 3)
    assert missed_posts(world) == [question, UNANSWERABLE[1]]
    listed = await world.reply(await world.command("kb unanswered"))
    assert question not in listed and UNANSWERABLE[1] in listed


MARKDOWN_QUESTION = "what did sessions eat at [the diner](https://evil.example) **@everyone**"


async def test_a_readers_markdown_reaches_moderators_as_text(world: ModerationWorld) -> None:
    """A reader's masked link, bold or mention is shown to moderators literally, never rendered."""
    escaped = r"what did sessions eat at \[the diner](https://evil.example) \*\*@" + "\u200beveryone" + r"\*\*"
    post = await post_missed_question(world, MARKDOWN_QUESTION)
    assert post["embeds"][0]["description"] == escaped
    await wait_for_missed_log(world, 1)
    message = await (await world.command("kb unanswered")).response_message()
    assert message["content"].splitlines()[1].startswith(f"1. (1×) {escaped} → `")

    # The buttons still teach the reader's own words, not the escaped ones.
    suggested = world.bot.desk.engine.ask(MARKDOWN_QUESTION).suggestion_ids[0]
    click = await world.click(post, f"Add as phrasing of {suggested}")
    assert await world.reply(click) == f"Fact `{suggested}` now answers this question."
    assert MARKDOWN_QUESTION in stored_record(world, "facts", suggested)["phrasings"]  # type: ignore[index]


async def test_a_question_with_a_lone_surrogate_is_answered_without_an_apology(world: ModerationWorld) -> None:
    message = await ask(world, "how many jurisdictions got letters?\ud800")
    assert answered_fact(message) == "how-many-jurisdictions"
    post = await post_missed_question(world, UNANSWERABLE[2] + "\udfff")  # logged and posted for moderators
    assert post["embeds"][0]["description"] == UNANSWERABLE[2]
    await wait_for_missed_log(world, 1)


async def test_a_confirm_click_without_member_data_is_refused(world: ModerationWorld) -> None:
    prompt = await (await world.command("fact remove", {"id": FACT})).response_message()
    before = world.snapshot()
    payload = world.fake.component_click(prompt, find_button(prompt, "Confirm")["custom_id"], user="moderator")
    payload["user"] = payload.pop("member")["user"]  # a guild interaction: discord.py then has no user
    await expect_refusal(world, await world.fake.send_interaction(payload), NOT_THE_ASKER)
    assert world.snapshot() == before


@pytest.mark.allow_error_logs  # the desk logs the failed reload at ERROR
async def test_a_hand_edit_nested_too_deeply_is_reported_where_it_is(world: ModerationWorld) -> None:
    text = world.article.read_text(encoding="utf-8")
    world.article.write_text(text + "notes: " + "[" * 900 + "]" * 900 + "\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    located = f"{world.article}:{line} notes[0][0][0][0][0]: nested more than 32 levels deep"
    reply = await world.reply(await world.command("kb reload"))
    assert reply.splitlines()[0] == "The files have problems; still serving the last good fact base."
    assert reply.splitlines()[1].startswith(f"• {located}")
    reply = await world.reply(await world.command("fact alias", {"id": "when-letters-sent", "phrasing": "x y z"}))
    assert reply.startswith("Nothing was changed. ") and located in reply


@pytest.mark.allow_error_logs  # the watcher logs the unexpected error (checked below)
async def test_the_watcher_survives_an_unexpected_error_and_logs_it(
    fake_discord: FakeDiscord, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    question = "zebra crossing quota for sanctuary places"
    async with start_moderation(fake_discord, tmp_path, watch_knowledge=True) as world:
        desk = world.bot.desk
        reload = desk.reload
        failures: list[int] = []

        def failing_once() -> Any:
            if not failures:
                failures.append(1)
                raise RuntimeError("disk hiccup")
            return reload()

        desk.reload = failing_once  # type: ignore[method-assign]
        edited = with_phrasing(world.article.read_text(encoding="utf-8"), "how-many-jurisdictions", question)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 15
        while desk.engine.ask(question).fact_id != "how-many-jurisdictions":
            assert loop.time() < deadline, "the watcher stopped reloading after an unexpected error"
            world.article.write_text(edited, encoding="utf-8")
            await asyncio.sleep(0.5)
        assert failures == [1]
        logged = [r for r in caplog.records if r.name == "bot.chat.bot" and r.levelno == logging.ERROR]
        assert logged and logged[0].exc_info is not None and "disk hiccup" in str(logged[0].exc_info[1])


async def test_hand_edits_are_picked_up_by_the_watcher(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    question = "zebra crossing quota for sanctuary places"

    def served(world: ModerationWorld) -> bool:
        return world.bot.desk.engine.ask(question).fact_id == "how-many-jurisdictions"

    async with start_moderation(fake_discord, tmp_path, watch_knowledge=True) as world:
        assert not served(world)
        edited = with_phrasing(world.article.read_text(encoding="utf-8"), "how-many-jurisdictions", question)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 10
        # The watcher task starts with the bot and may miss a write made before it watches:
        # write again (the same text) every half second until the reload shows (bounded).
        while not served(world):
            assert loop.time() < deadline, "the watcher never reloaded the hand edit"
            world.article.write_text(edited, encoding="utf-8")
            for _ in range(10):
                if served(world):
                    break
                await asyncio.sleep(0.05)
        assert answered_fact(await ask(world, question)) == "how-many-jurisdictions"


SECOND_ARTICLE = """\
id: bridge-repairs
source:
  title: City closes the old bridge for repairs
  outlet: The Test Gazette
  published: 2024-05-01
facts:
  - id: bridge-closing-day
    question: When does the old bridge close?
    phrasings:
      - when is the bridge closing
      - bridge closure date
      - is the old bridge closed
      - when will the bridge shut
      - when do the bridge repairs start
    answer: The old bridge closes on Monday for three weeks of repairs.
    evidence:
      text: The old bridge closes Monday
      paragraphs: [1]
"""


async def test_with_several_articles_the_forms_know_where_a_record_goes(
    fake_discord: FakeDiscord, tmp_path: Path
) -> None:
    knowledge = Path(shutil.copytree(DEFAULT_KNOWLEDGE_DIR, tmp_path / "knowledge"))
    second = knowledge / "bridge-repairs.yaml"
    second.write_text(SECOND_ARTICLE, encoding="utf-8")
    async with start_moderation(fake_discord, tmp_path, missed_channel="staff") as world:
        before = world.snapshot(), second.read_bytes()
        for name in ("fact add", "quote add", "person add"):  # refused before the form is filled in
            handle = await world.command(name)
            assert (await handle.callback()).json["type"] == 4, name
            assert await world.reply(handle) == "there are several articles: say which one (the article option)"
        handle = await world.command("fact add", {"article": "no-such-article"})
        assert await world.reply(handle) == "no article with id 'no-such-article'"
        assert (world.snapshot(), second.read_bytes()) == before

        choices = await (
            await world.fake.send_interaction(world.fake.autocomplete("fact add", {"article": ""}, user="moderator"))
        ).choices()
        assert sorted(c["value"] for c in choices) == ["bridge-repairs", "doj-sanctuary-letters"]

        opened, modal = await world.open_modal("fact add", {"article": "bridge-repairs"})
        assert await world.reply(await world.submit(modal, FACT_FORM, opened)) == (
            f"Added fact `{NEW_FACT_ID}`. It answers from now on."
        )
        assert f"id: {NEW_FACT_ID}" in second.read_text(encoding="utf-8")
        assert stored_record(world, "facts", NEW_FACT_ID) is None

        # A missed question's "New fact" goes to the article of the closest fact.
        post = await post_missed_question(world, UNANSWERABLE[1])
        closest = world.bot.desk.engine.ask(UNANSWERABLE[1]).suggestion_ids[0]
        article_id = world.bot.desk.engine.fact(closest)[0].id  # type: ignore[index]
        click = await world.click(post, "New fact")
        modal = await click.modal()
        form = {key: value for key, value in FACT_FORM.items() if key != "Question"}
        assert await world.reply(await world.submit(modal, form, click)) == (
            "Added fact `what-did-sessions-eat-for-lunch`. It answers from now on."
        )
        assert world.bot.desk.engine.fact("what-did-sessions-eat-for-lunch")[0].id == article_id  # type: ignore[index]


# ================================================================ refusals

FACT = "when-letters-sent"
QUOTE = "mcdermott-press-stunt"
PERSON = "joe-mcdermott"
COMMANDS: list[tuple[str, dict[str, Any]]] = [
    ("fact add", {}),
    ("fact edit", {"id": FACT}),
    ("fact remove", {"id": FACT}),
    ("fact alias", {"id": FACT, "phrasing": "a phrasing nobody may add"}),
    ("fact show", {"id": FACT}),
    ("fact history", {"id": FACT}),
    ("fact revert", {"id": FACT}),
    ("quote add", {}),
    ("quote edit", {"id": QUOTE}),
    ("quote remove", {"id": QUOTE}),
    ("quote history", {"id": QUOTE}),
    ("quote revert", {"id": QUOTE}),
    ("person add", {}),
    ("person edit", {"id": PERSON}),
    ("person history", {"id": PERSON}),
    ("person revert", {"id": PERSON}),
    ("kb reload", {}),
    ("kb export", {}),
    ("kb import", {}),
    ("kb unanswered", {}),
    ("kb article", {}),
    ("kb draft", {}),
    ("kb review", {}),
    ("kb revert-import", {"article": "doj-sanctuary-letters"}),
    ("kb revert-text", {"article": "doj-sanctuary-letters"}),
]


def test_every_moderation_command_is_covered() -> None:
    from bot.chat.exts.moderation import Moderation

    names = set()
    for group in Moderation(SimpleNamespace()).get_app_commands():  # type: ignore[arg-type]
        assert isinstance(group, app_commands.Group)
        names |= {f"{group.name} {c.name}" for c in group.commands}
    assert names == {name for name, _ in COMMANDS}


async def run_every_command(world: ModerationWorld, user: str, *, other_guild: bool) -> dict[str, str]:
    """Each moderation command as `user`; the ephemeral reply of each."""
    replies = {}
    for name, options in COMMANDS:
        resolved = None
        if name == "kb import":
            options, resolved = world.import_option("upload.yaml", world.article.read_bytes())
        elif name in ("kb article", "kb draft"):
            options, resolved = world.import_option("article.txt", b"A paragraph.\n")
        payload = world.fake.slash_command(name, options, user=user, resolved=resolved)
        if other_guild:
            payload = in_other_guild(payload)
        handle = await world.fake.send_interaction(payload)
        message = await handle.response_message()
        assert message["flags"] & MessageFlag.EPHEMERAL, name
        assert not message.get("components") and not message.get("attachments"), name
        replies[name] = message["content"]
    return replies


async def test_a_reader_is_refused_every_command(world: ModerationWorld) -> None:
    await post_missed_question(world, UNANSWERABLE[0])  # something for /kb unanswered to show
    before = world.snapshot()
    world.open_moderation_to_everyone()
    replies = await run_every_command(world, "reader", other_guild=False)
    assert replies == dict.fromkeys(replies, NOT_A_MODERATOR)
    assert world.snapshot() == before
    assert world.fake.permissions_for("reader", "general") & Perm.MANAGE_GUILD == 0


async def test_a_moderator_of_another_guild_is_refused_every_command(world: ModerationWorld) -> None:
    before = world.snapshot()
    replies = await run_every_command(world, "moderator", other_guild=True)
    assert replies == dict.fromkeys(replies, OTHER_GUILD)
    assert world.snapshot() == before


async def test_moderation_guild_ids_override_the_dev_guild(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    async with start_moderation(fake_discord, tmp_path, moderation_guild_ids=[int("1300000000000000999")]) as world:
        before = world.snapshot()
        reply = await world.reply(await world.command("fact alias", {"id": FACT, "phrasing": "not from here"}))
        assert reply == OTHER_GUILD
        assert world.snapshot() == before


CHECKER_WORLD = {
    "roles": [
        {"name": "Moderator", "permissions": Perm.MANAGE_GUILD | Perm.MANAGE_MESSAGES},
        {"name": "Fact Checker", "permissions": 0},
        {"name": "Helper", "permissions": 0},
    ],
    "members": [
        {"username": "owner", "roles": ["Moderator"]},
        {"username": "moderator", "roles": ["Moderator"]},
        {"username": "checker", "roles": ["Fact Checker"]},
        {"username": "helper", "roles": ["Helper"]},
        {"username": "reader"},
    ],
}


@pytest.mark.fake_discord(**CHECKER_WORLD)
async def test_a_moderator_role_without_manage_server_may_edit(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    checker_role = int(fake_discord.role("Fact Checker")["id"])
    async with start_moderation(fake_discord, tmp_path, moderator_role_ids=[checker_role]) as world:
        world.open_moderation_to_everyone()
        assert world.fake.permissions_for("checker", "general") & Perm.MANAGE_GUILD == 0
        reply = await world.reply(
            await world.command("fact alias", {"id": FACT, "phrasing": "by a checker"}, user="checker")
        )
        assert reply == f"Fact `{FACT}` now also answers “by a checker”."
        reply = await world.reply(await world.command("fact alias", {"id": FACT, "phrasing": "by a mod"}))
        assert reply == f"Fact `{FACT}` now also answers “by a mod”."  # Manage Server is enough
        before = world.snapshot()
        reply = await world.reply(
            await world.command("fact alias", {"id": FACT, "phrasing": "by a helper"}, user="helper")
        )
        assert reply == NOT_A_MODERATOR
        assert world.snapshot() == before


async def expect_refusal(world: ModerationWorld, handle: InteractionHandle, text: str) -> None:
    message = await handle.response_message()
    assert message["flags"] & MessageFlag.EPHEMERAL
    assert message["content"] == text


@pytest.mark.parametrize("other_guild", [False, True], ids=["reader", "other-guild moderator"])
async def test_forms_refuse_a_non_moderator_on_submit(world: ModerationWorld, other_guild: bool) -> None:
    """A form a moderator opened, submitted by someone who may not edit (a reader, or from another guild)."""
    user = "moderator" if other_guild else "reader"
    expected = OTHER_GUILD if other_guild else NOT_A_MODERATOR
    before = world.snapshot()
    forms = [
        ("fact add", {}, FACT_FORM),
        ("fact edit", {"id": FACT}, {"Answer (your own words)": "Vandalised."}),
        ("quote add", {}, QUOTE_FORM),
        ("quote edit", {"id": QUOTE}, {"Context (one line, your own words)": "Vandalised."}),
        ("person add", {}, PERSON_FORM),
        ("person edit", {"id": PERSON}, {"Role, as of the article": "Vandalised."}),
    ]
    for name, options, values in forms:
        opened, modal = await world.open_modal(name, options)
        handle = await world.submit(modal, values, opened, user=user, other_guild=other_guild)
        await expect_refusal(world, handle, expected)

    post = await post_missed_question(world, UNANSWERABLE[1])
    click = await world.click(post, "New fact")
    modal = await click.modal()
    handle = await world.submit(modal, FACT_FORM, click, user=user, other_guild=other_guild)
    await expect_refusal(world, handle, expected)
    assert world.snapshot() == before


@pytest.mark.parametrize("other_guild", [False, True], ids=["reader", "other-guild moderator"])
async def test_buttons_refuse_a_non_moderator(world: ModerationWorld, other_guild: bool) -> None:
    user = "moderator" if other_guild else "reader"
    expected = OTHER_GUILD if other_guild else NOT_A_MODERATOR

    post = await post_missed_question(world, UNANSWERABLE[0])
    await wait_for_missed_log(world, 1)
    missed_state = world.bot.desk.store.missed_questions()
    unanswered = await (await world.command("kb unanswered")).response_message()
    removal = await (await world.command("fact remove", {"id": FACT})).response_message()
    options, resolved = world.import_option("upload.yaml", modified_export(world))
    upload = await (await world.command("kb import", options, resolved=resolved)).response_message()
    before = world.snapshot()

    suggested = world.bot.desk.engine.ask(UNANSWERABLE[0]).suggestion_ids[0]
    for label in (f"Add as phrasing of {suggested}", "New fact", "Not in the article"):
        handle = await world.click(post, label, user=user, other_guild=other_guild)
        await expect_refusal(world, handle, expected)
    handle = await world.click(unanswered, f"1: add to {suggested}", user=user, other_guild=other_guild)
    await expect_refusal(world, handle, expected)
    # Confirm buttons: only the moderator who asked, and only while they may still edit.
    for prompt in (removal, upload):
        handle = await world.click(prompt, "Confirm", user=user, other_guild=other_guild)
        await expect_refusal(world, handle, OTHER_GUILD if other_guild else NOT_THE_ASKER)

    assert world.snapshot() == before
    assert world.bot.desk.store.missed_questions() == missed_state
    assert world.fake.message(post["id"])["components"]  # the post still offers its buttons
    assert world.fact(FACT) is not None


async def test_a_moderator_who_lost_the_role_cannot_confirm(world: ModerationWorld) -> None:
    prompt = await (await world.command("fact remove", {"id": FACT})).response_message()
    before = world.snapshot()
    payload = world.fake.component_click(prompt, find_button(prompt, "Confirm")["custom_id"], user="moderator")
    # Roles and permissions as of the click: the Moderator role was taken away meanwhile.
    payload["member"]["roles"] = []
    payload["member"]["permissions"] = str(world.fake.permissions_for("reader", "general"))
    await expect_refusal(world, await world.fake.send_interaction(payload), NOT_A_MODERATOR)
    assert world.snapshot() == before


# ================================================================ bad input


async def test_bad_form_input_names_the_field_and_writes_nothing(world: ModerationWorld) -> None:
    long_phrasing = "why " * 60
    cases = [
        (
            "fact add",
            {},
            {**FACT_FORM, "Paragraph numbers (e.g. 4, 5)": "four"},
            "paragraphs: give paragraph numbers such as '4' or '4, 5'",
        ),
        (
            "fact add",
            {},
            {**FACT_FORM, "Answer (your own words)": "x" * 1001},
            "answer: string should have at most 1000 characters",
        ),
        (
            "fact add",
            {},
            {**FACT_FORM, "Other phrasings (one per line, at least 5)": f"one\ntwo\n{long_phrasing}\nfour\nfive"},
            "phrasings[2]: string should have at most 200 characters",
        ),
        (
            "fact add",
            {},
            {**FACT_FORM, "Other phrasings (one per line, at least 5)": "one\ntwo\nthree"},
            "phrasings: list should have at least 5 items after validation, not 3",
        ),
        (
            "fact edit",
            {"id": FACT},
            {"Paragraph numbers (e.g. 4, 5)": "0"},
            "evidence.paragraphs[0]: input should be greater than or equal to 1",
        ),
        (
            "quote add",
            {},
            {**QUOTE_FORM, "Paragraph number": "four"},
            "paragraph: give paragraph numbers such as '4' or '4, 5'",
        ),
        ("quote add", {}, {**QUOTE_FORM, "Paragraph number": "4, 5"}, "paragraph: give exactly one paragraph number"),
        (
            "quote add",
            {},
            {**QUOTE_FORM, "Medium: spoken, statement, twitter (or blank)": "fax"},
            "medium: input should be 'spoken', 'statement' or 'twitter'",
        ),
        (
            "person add",
            {},
            {**PERSON_FORM, "Other names readers use (one per line)": "x" * 150},
            "aliases[0]: string should have at most 100 characters",
        ),
    ]
    before = world.snapshot()
    for name, options, values, expected in cases:
        opened, modal = await world.open_modal(name, options)
        reply = await world.reply(await world.submit(modal, values, opened))
        assert reply == f"Nothing was changed. {expected}", (name, values)
    assert world.snapshot() == before


async def test_bad_command_input_names_the_field_and_writes_nothing(world: ModerationWorld) -> None:
    existing = stored_record(world, "facts", FACT)["phrasings"][0]  # type: ignore[index]
    await world.reply(await world.command("fact alias", {"id": FACT, "phrasing": "one recorded change"}))
    before = world.snapshot()
    cases = [
        (
            "fact alias",
            {"id": FACT, "phrasing": existing.upper()},
            f"Nothing was changed. phrasing: the fact '{FACT}' already has '{existing.upper()}'",
        ),
        (
            "fact alias",
            {"id": FACT, "phrasing": "p" * 201},
            "Nothing was changed. phrasing: at most 200 characters (got 201)",
        ),
        ("fact alias", {"id": "No_Such_Fact", "phrasing": "x"}, "Nothing was changed. no fact with id 'No_Such_Fact'"),
        ("fact edit", {"id": "no-such-fact"}, "no fact with id 'no-such-fact'"),
        ("fact remove", {"id": "no-such-fact"}, "no fact with id 'no-such-fact'"),
        ("fact show", {"id": "no-such-fact"}, "no fact with id 'no-such-fact'"),
        ("fact revert", {"id": FACT, "version": 9}, "Nothing was changed. version: must be between 1 and 1"),
        ("fact revert", {"id": "no-such-fact"}, "Nothing was changed. no recorded changes to fact 'no-such-fact'"),
        ("quote edit", {"id": "no-such-quote"}, "no quote with id 'no-such-quote'"),
        ("person edit", {"id": "no-such-person"}, "no person with id 'no-such-person'"),
    ]
    for name, options, expected in cases:
        assert await world.reply(await world.command(name, options)) == expected, (name, options)
    assert world.snapshot() == before


async def test_a_failed_post_to_the_moderators_channel_is_only_logged(
    engine: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """The reader already has their answer: a network error on the side post must not reach them."""

    class Unreachable(discord.abc.Messageable):
        async def _get_channel(self) -> Any:
            return self

        async def send(self, *args: Any, **kwargs: Any) -> Any:
            raise aiohttp.ServerDisconnectedError()

    bot = SimpleNamespace(
        settings=SimpleNamespace(missed_questions_channel_id=1, missed_posts_per_minute=3),
        get_channel=lambda channel_id: Unreachable(),
        desk=SimpleNamespace(engine=engine),
    )
    with caplog.at_level(logging.WARNING, logger="bot"):
        await moderation_extension.post_missed_question(bot, "what is the capital of peru", ("when-letters-sent",))  # type: ignore[arg-type]
    assert "could not post a missed question to channel 1" in caplog.text
