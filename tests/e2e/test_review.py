"""/kb review and /kb revert-import through the real discord.py client and the fake: a drafted
article paged entry by entry, approved, edited and removed with buttons that survive a restart
and that only moderators may press; an import undone from Discord, byte for byte."""

from __future__ import annotations

import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine.editing import dump_article
from tests.e2e.fake_discord import FakeDiscord, MessageFlag
from tests.e2e.moderation_support import (
    ModerationWorld,
    buttons,
    find_button,
    load_yaml,
    modal_values,
    start_moderation,
)

CURATED = "doj-sanctuary-letters"
DRAFTED = "riverside"
NOT_A_MODERATOR = "Only moderators (Manage Server permission or a moderator role) can change the fact base."
RIVERSIDE_TEXT = (
    "The Riverside school board voted 5-2 on Tuesday to close Lincoln Elementary.\n"
    "“We cannot keep a half-empty building open,” board chair Ana Ruiz said.\n"
    "Parents protested outside the meeting, and one of them, Tom Lee, said “this is a betrayal.”\n"
)
RIVERSIDE = """\
id: riverside
source:
  title: Riverside closes a school
  outlet: The Post
  published: '2024-03-05'
people:
- id: ana-ruiz
  name: Ana Ruiz
  role: board chair
  summary: Ana Ruiz, board chair, is named in paragraph 2.
  paragraphs: [2]
  status: draft
- id: tom-lee
  name: Tom Lee
  role: a parent
  summary: Tom Lee, a parent, protested the closure.
  paragraphs: [3]
quotes:
- id: ruiz-half-empty-building
  speaker: ana-ruiz
  text: We cannot keep a half-empty building open
  paragraph: 2
  context: The board chair on the closure.
  status: draft
- id: lee-betrayal
  text: this is a betrayal.
  paragraph: 3
  context: A parent on the closure.
  status: draft
facts:
- id: school-board-vote
  question: How did the Riverside school board vote?
  phrasings: [how did the board vote, what was the vote, did the board close the school, what did the board decide,
    when did the board vote]
  answer: The Riverside school board voted 5-2 on Tuesday to close Lincoln Elementary.
  evidence:
    text: The Riverside school board voted 5-2 on Tuesday to close Lincoln Elementary.
    paragraphs: [1]
  status: draft
"""
ENTRIES = ["person `ana-ruiz`", "quote `ruiz-half-empty-building`", "quote `lee-betrayal`", "fact `school-board-vote`"]


def with_drafted_article(tmp_path: Path) -> None:
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, knowledge_dir)
    (knowledge_dir / f"{DRAFTED}.yaml").write_text(RIVERSIDE, encoding="utf-8")
    (knowledge_dir / f"{DRAFTED}.txt").write_text(RIVERSIDE_TEXT, encoding="utf-8")


@pytest.fixture
async def world(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[ModerationWorld]:
    with_drafted_article(tmp_path)
    async with start_moderation(fake_discord, tmp_path) as started:
        yield started


def drafted(world: ModerationWorld) -> Path:
    return world.knowledge_dir / f"{DRAFTED}.yaml"


def stored(world: ModerationWorld, section: str, record_id: str) -> dict[str, Any] | None:
    data = load_yaml(drafted(world).read_text(encoding="utf-8"))
    return next((r for r in data.get(section, []) if r["id"] == record_id), None)


def current(world: ModerationWorld, message: dict[str, Any]) -> dict[str, Any]:
    """The message as the user sees it now (after every edit)."""
    return world.fake.message(str(message["id"]))


def page_of(message: dict[str, Any]) -> str:
    """`1 of 4 — person `ana-ruiz``: which entry a page shows."""
    found = re.search(r": (\d+ of \d+)\*\* — (\w+ `[a-z0-9-]+`)", message["content"])
    assert found, message["content"]
    return f"{found[1]} {found[2]}"


async def open_review(world: ModerationWorld, article: str = DRAFTED) -> dict[str, Any]:
    message = await (await world.command("kb review", {"article": article})).response_message()
    assert message["flags"] & MessageFlag.EPHEMERAL
    return message


async def turn_to(world: ModerationWorld, message: dict[str, Any], entry: str) -> None:
    while entry not in page_of(current(world, message)):
        await (await world.click(current(world, message), "Next")).response_message()


async def test_a_curated_article_has_nothing_to_review(world: ModerationWorld) -> None:
    assert await world.reply(await world.command("kb review", {"article": CURATED})) == (
        f"Nothing to review in `{CURATED}`."
    )
    several = await world.reply(await world.command("kb review"))
    assert several == "there are several articles: say which one (the article option)"


async def test_review_pages_through_the_drafted_entries(world: ModerationWorld) -> None:
    message = await open_review(world)
    assert page_of(message) == f"1 of 4 {ENTRIES[0]}"
    assert "**Name:** Ana Ruiz — board chair" in message["content"]
    by_label = {b["label"]: b for b in buttons(message)}
    assert list(by_label) == ["Previous", "Next", "Approve", "Edit", "Remove"]
    assert by_label["Previous"].get("disabled") and not by_label["Next"].get("disabled")
    # DynamicItems: the entry (or the article and position) is in the custom id, so they survive a restart.
    assert by_label["Approve"]["custom_id"] == "fd:review:approve:person:ana-ruiz"
    assert by_label["Next"]["custom_id"] == f"fd:review:next:0:{DRAFTED}"

    seen = [page_of(message)]
    for _ in range(3):
        seen.append(page_of(await (await world.click(current(world, message), "Next")).response_message()))
    assert seen == [f"{n} of 4 {entry}" for n, entry in enumerate(ENTRIES, 1)]
    last = current(world, message)
    assert find_button(last, "Next").get("disabled")
    assert "**Evidence (paragraphs 1):**" in last["content"]
    back = await (await world.click(last, "Previous")).response_message()
    assert page_of(back) == f"3 of 4 {ENTRIES[2]}"
    assert "**Speaker:** ⚠ no speaker" in back["content"] and "**Paragraph:** 3" in back["content"]


async def test_approve_removes_the_draft_status_audited_and_revertible(world: ModerationWorld) -> None:
    message = await open_review(world)
    approved = await world.click(message, "Approve")
    assert (await approved.followup()).json["content"] == (
        "Approved person `ana-ruiz`: it is curated now. `/person revert ana-ruiz` undoes it."
    )
    assert "status" not in stored(world, "people", "ana-ruiz")  # type: ignore[operator]
    assert [(row.command, row.target) for row in world.audit] == [("person approve", "ana-ruiz")]
    await world.settle()
    assert page_of(current(world, message)) == f"1 of 3 {ENTRIES[1]}"  # the page moved on

    reverted = await world.reply(await world.command("person revert", {"id": "ana-ruiz"}))
    assert reverted == "Restored person `ana-ruiz` to the state before the last change."
    assert stored(world, "people", "ana-ruiz")["status"] == "draft"  # type: ignore[index]


async def test_a_quote_without_a_speaker_is_edited_before_it_is_approved(world: ModerationWorld) -> None:
    message = await open_review(world)
    await turn_to(world, message, ENTRIES[2])
    before = world.snapshot()
    refused = await world.click(current(world, message), "Approve")
    assert await world.reply(refused) == "Quote `lee-betrayal` has no speaker: set a speaker first (Edit)."
    assert world.snapshot() == before

    opened = await world.click(current(world, message), "Edit")
    modal = await opened.modal()
    values = modal_values(modal)
    assert values["Speaker (person id)"] == "" and values["Quote (verbatim, without quote marks)"] == (
        "this is a betrayal."
    )
    done = await world.submit(modal, {**values, "Speaker (person id)": "tom-lee"}, opened)
    assert await world.reply(done) == "Updated quote `lee-betrayal`."
    assert stored(world, "quotes", "lee-betrayal")["speaker"] == "tom-lee"  # type: ignore[index]
    assert stored(world, "quotes", "lee-betrayal")["status"] == "draft"  # type: ignore[index]

    # The same page's Approve now approves it.
    approved = await world.click(current(world, message), "Approve")
    assert (await approved.followup()).json["content"].startswith("Approved quote `lee-betrayal`")
    assert "status" not in stored(world, "quotes", "lee-betrayal")  # type: ignore[operator]


async def test_remove_asks_to_confirm_and_the_page_comes_back(world: ModerationWorld) -> None:
    message = await open_review(world)
    await turn_to(world, message, ENTRIES[3])
    before = world.snapshot()
    asked = await (await world.click(current(world, message), "Remove")).response_message()
    assert asked["content"] == "Remove fact `school-board-vote`? This is recorded and can be reverted."
    cancelled = await (await world.click(asked, "Cancel")).response_message()
    assert cancelled["content"].startswith("Cancelled; nothing was changed.\n\n**Review of `riverside`: 4 of 4**")
    assert world.snapshot() == before

    await (await world.click(current(world, message), "Remove")).response_message()
    confirmed = await world.click(current(world, message), "Confirm")
    assert (await confirmed.followup()).json["content"] == (
        "Removed fact `{0}`. `/fact revert {0}` brings it back.".format("school-board-vote")
    )
    assert stored(world, "facts", "school-board-vote") is None
    await world.settle()
    assert page_of(current(world, message)) == f"3 of 3 {ENTRIES[2]}"


async def test_review_buttons_refuse_a_non_moderator(world: ModerationWorld) -> None:
    message = await open_review(world)
    before = world.snapshot()
    for label in ("Next", "Approve", "Edit", "Remove"):
        assert await world.reply(await world.click(message, label, user="reader")) == NOT_A_MODERATOR, label
    assert world.snapshot() == before
    assert page_of(current(world, message)) == f"1 of 4 {ENTRIES[0]}"


async def test_review_buttons_survive_a_restart(fake_discord: FakeDiscord, tmp_path: Path) -> None:
    with_drafted_article(tmp_path)
    async with start_moderation(fake_discord, tmp_path) as world:
        message = await open_review(world)
    async with start_moderation(fake_discord, tmp_path) as world:  # a new process: no view in memory
        turned = await (await world.click(message, "Next")).response_message()
        assert page_of(turned) == f"2 of 4 {ENTRIES[1]}"
        approved = await world.click(current(world, message), "Approve")
        assert (await approved.followup()).json["content"].startswith("Approved quote `ruiz-half-empty-building`")


# ================================================================ /kb revert-import


def import_file(world: ModerationWorld) -> tuple[dict[str, Any], dict[str, Any]]:
    data = load_yaml(world.article.read_text(encoding="utf-8"))
    data["source"]["published"] = str(data["source"]["published"])
    removed = data["facts"].pop()
    assert removed["id"]
    return world.import_option(world.article.name, dump_article(data).encode())


async def test_revert_import_puts_the_file_back_byte_for_byte(world: ModerationWorld) -> None:
    original = world.article.read_bytes()
    options, resolved = import_file(world)
    prompt = await (await world.command("kb import", options, resolved=resolved)).response_message()
    await (await world.click(prompt, "Confirm")).followup()
    assert world.article.read_bytes() != original

    asked = await (await world.command("kb revert-import", {"article": CURATED})).response_message()
    assert re.fullmatch(
        rf"This would put `{CURATED}` back as it was before the kb import of \S+ by \S+: "
        r"people: \+0 -0 ~0; quotes: \+0 -0 ~0; facts: \+1 -0 ~0\. Revert\?",
        asked["content"],
    ), asked["content"]
    confirmed = await world.click(asked, "Confirm")
    assert (await confirmed.followup()).json["content"].startswith(f"Reverted `{CURATED}`: its file is as it was")
    assert world.article.read_bytes() == original
    assert [row.command for row in world.audit] == ["kb import", "article revert"]


async def test_revert_import_of_an_added_article_removes_it_and_needs_an_import(world: ModerationWorld) -> None:
    never = await world.reply(await world.command("kb revert-import", {"article": CURATED}))
    assert never == f"article '{CURATED}' was never imported here: nothing to revert"

    data = load_yaml(RIVERSIDE)
    data["id"] = "riverside-copy"
    for section in ("people", "quotes", "facts"):
        for record in data[section]:
            record["id"] += "-copy"
            if record.get("speaker"):
                record["speaker"] += "-copy"
    options, resolved = world.import_option("riverside-copy.yaml", dump_article(data).encode())
    prompt = await (await world.command("kb import", options, resolved=resolved)).response_message()
    await (await world.click(prompt, "Confirm")).followup()
    added = world.knowledge_dir / "riverside-copy.yaml"
    assert added.exists()

    asked = await (await world.command("kb revert-import", {"article": "riverside-copy"})).response_message()
    assert asked["content"].startswith("This would remove the article `riverside-copy`, which the kb import of ")
    before = world.snapshot()
    cancelled = await (await world.click(asked, "Cancel")).response_message()
    assert cancelled["content"] == "Cancelled; nothing was changed."
    assert world.snapshot() == before
    asked = await (await world.command("kb revert-import", {"article": "riverside-copy"})).response_message()
    await (await world.click(asked, "Confirm")).followup()
    assert not added.exists()
    assert world.bot.desk.engine.kb.article("riverside-copy") is None
