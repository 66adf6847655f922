"""/kb article, /kb draft and the quote check through the real discord.py client and the fake:
an article's text attached and checked, quotes refused where they are not verbatim, a drafted
article published or cancelled with buttons only moderators may press."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.moderation_support import ModerationWorld, buttons, find_button, start_moderation
from tests.helpers import ARTICLE_TEXT_ENV, DEFAULT_ARTICLE_TEXT

ARTICLE_ID = "doj-sanctuary-letters"
NOT_A_MODERATOR = "Only moderators (Manage Server permission or a moderator role) can change the fact base."
MADE_UP = {
    "Speaker (person id)": "jeff-sessions",
    "Quote (verbatim, without quote marks)": "I never wanted to send these letters.",
    "Paragraph number": "21",
    "Medium: spoken, statement, twitter (or blank)": "",
    "Context (one line, your own words)": "Made up in a test.",
}
ARTICLE = (
    "The Riverside school board voted 5-2 on Tuesday to close Lincoln Elementary.\n\n"
    "“We cannot keep a half-empty building open,” board chair Ana Ruiz said.\n"
    "Parents protested outside the meeting, and one of them, Tom Lee, said “this is a betrayal.”\n"
)


def shared_text() -> bytes:
    path = Path(os.environ.get(ARTICLE_TEXT_ENV) or DEFAULT_ARTICLE_TEXT)
    if not path.is_file():
        pytest.skip(f"set {ARTICLE_TEXT_ENV} to the shipped article's text")
    return path.read_bytes()


@pytest.fixture
async def world(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[ModerationWorld]:
    async with start_moderation(fake_discord, tmp_path) as started:
        yield started


def find_buttons(world: ModerationWorld, message: dict[str, object]) -> list[dict[str, object]]:
    return buttons(world.fake.message(str(message["id"])))


async def attach(world: ModerationWorld, command: str, name: str, data: bytes, **options: str) -> str:
    file_options, resolved = world.import_option(name, data)
    return await world.reply(await world.command(command, {**file_options, **options}, resolved=resolved))


async def test_kb_article_stores_the_text_and_quotes_are_then_checked(world: ModerationWorld) -> None:
    text = world.knowledge_dir / f"{ARTICLE_ID}.txt"
    lost = shared_text().replace("— enough is enough".encode(), "— that is enough".encode())
    reply = await attach(world, "kb article", "article.txt", lost)
    assert reply.startswith("Nothing was changed. ") and ".text: is not verbatim in the cited paragraph" in reply
    assert not text.exists()

    reply = await attach(world, "kb article", "article.txt", shared_text())
    assert reply.startswith(f"Stored the text of `{ARTICLE_ID}`")
    assert text.exists()

    before = world.article.read_bytes()
    opened, modal = await world.open_modal("quote add")
    reply = await world.reply(await world.submit(modal, MADE_UP, opened))
    assert reply.startswith(
        "Nothing was changed. text: is not verbatim in the cited paragraph; the closest passage of paragraph 21 is `"
    )
    assert world.article.read_bytes() == before

    opened, modal = await world.open_modal("quote add")
    verbatim = {**MADE_UP, "Quote (verbatim, without quote marks)": "enough is enough"}
    reply = await world.reply(await world.submit(modal, verbatim, opened))
    assert reply == "Added quote `jeff-sessions-enough-is-enough`."


async def test_without_a_text_a_quote_asks_to_confirm(world: ModerationWorld) -> None:
    before = world.article.read_bytes()
    opened, modal = await world.open_modal("quote add")
    message = await (await world.submit(modal, MADE_UP, opened)).response_message()
    assert message["content"].startswith(f"The article `{ARTICLE_ID}` has no stored text (`/kb article` attaches it)")

    refused = await world.click(message, "Confirm", user="reader")
    assert (await refused.response_message())["content"] == "Only the moderator who asked can confirm this."
    cancelled = await world.click(message, "Cancel")
    assert (await cancelled.response_message())["content"] == "Cancelled; nothing was changed."
    assert world.article.read_bytes() == before


async def test_kb_draft_publishes_a_new_article(world: ModerationWorld) -> None:
    file_options, resolved = world.import_option("riverside.txt", ARTICLE.encode())
    options = {**file_options, "title": "Riverside closes a school", "outlet": "The Post", "date": "2024-03-05"}
    handle = await world.command("kb draft", options, resolved=resolved)
    message = await handle.response_message()
    summary = message["content"]
    assert summary.startswith("**Draft of `riverside-closes-a-school`**")
    assert "Ana Ruiz" in summary and "**Facts:**" in summary
    publish_id = find_button(message, "Publish")["custom_id"]
    assert publish_id.startswith("fd:draft:publish:")  # a DynamicItem: it survives a restart

    refused = await world.click(message, "Publish", user="reader")
    assert (await refused.response_message())["content"] == NOT_A_MODERATOR
    assert world.bot.desk.engine.kb.article("riverside-closes-a-school") is None

    published = await world.click(message, "Publish")
    followup = (await published.followup()).json["content"]
    assert followup.startswith("Published `riverside-closes-a-school`")
    assert (world.knowledge_dir / "riverside-closes-a-school.yaml").exists()
    assert (world.knowledge_dir / "riverside-closes-a-school.txt").exists()
    assert world.bot.desk.engine.kb.article("riverside-closes-a-school") is not None

    assert not find_buttons(world, message)  # the buttons are gone once published


async def test_kb_draft_cancel_and_bad_uploads(world: ModerationWorld) -> None:
    file_options, resolved = world.import_option("riverside.txt", ARTICLE.encode())
    message = await (await world.command("kb draft", file_options, resolved=resolved)).response_message()
    cancelled = await world.click(message, "Cancel")
    assert (await cancelled.response_message())["content"] == "Cancelled; nothing was published."
    assert sorted(p.name for p in world.knowledge_dir.iterdir() if p.suffix == ".yaml") == [f"{ARTICLE_ID}.yaml"]

    message = await (await world.command("kb draft", file_options, resolved=resolved)).response_message()
    assert world.bot.desk.store.discard_drafts(created_before=time.time() + 1) == 1  # as if it expired
    gone = await world.click(message, "Publish")
    assert "no longer waiting" in (await gone.response_message())["content"]

    assert await attach(world, "kb draft", "story.pdf", b"x") == (
        "file: must be a .txt file (one paragraph per line) or a saved .html page"
    )
    assert await attach(world, "kb draft", "story.txt", ARTICLE.encode(), date="05/03/2024") == (
        "date: '05/03/2024' is not a date (YYYY-MM-DD)"
    )


async def test_kb_revert_text_undoes_kb_article_and_redoes_it(world: ModerationWorld) -> None:
    text = world.knowledge_dir / f"{ARTICLE_ID}.txt"
    never = await world.reply(await world.command("kb revert-text", {"article": ARTICLE_ID}))
    assert never == f"article '{ARTICLE_ID}' never had its text changed here: nothing to revert"

    assert (await attach(world, "kb article", "article.txt", shared_text())).startswith("Stored the text")
    stored = text.read_bytes()
    asked = await (await world.command("kb revert-text", {"article": ARTICLE_ID})).response_message()
    assert asked["content"] == (
        f"This would remove the stored text of `{ARTICLE_ID}` (it had none before), so its quotes are no "
        "longer checked. Revert?"
    )
    confirmed = await world.click(asked, "Confirm")
    assert (await confirmed.followup()).json["content"].startswith(f"Reverted the text of `{ARTICLE_ID}`")
    assert not text.exists()

    asked = await (await world.command("kb revert-text", {"article": ARTICLE_ID})).response_message()
    assert asked["content"].startswith(f"This would put back the text of `{ARTICLE_ID}` as it was (")
    await (await world.click(asked, "Confirm")).followup()
    assert text.read_bytes() == stored  # reverting the revert redoes it
    assert [row.command for row in world.audit] == ["kb article", "text revert", "text revert"]
