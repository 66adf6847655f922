"""Moderators' forms fit Discord's limits whatever a record's size, and a change whose git
commit failed says so; end to end through the Discord fake (which checks every modal against
Discord's OpenAPI spec: a text input's value over 4,000 characters, or over its own
max_length, is a request Discord rejects)."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine.editing import dump_article, write_atomically
from tests.e2e.fake_discord import FakeDiscord
from tests.e2e.moderation_support import ModerationWorld, load_yaml, modal_fields, start_moderation

FACT_ID = "how-many-jurisdictions"
PHRASINGS_LABEL = "Other phrasings (one per line, at least 5)"
ALIASES_LABEL = "Other names readers use (one per line)"


@pytest.fixture
async def world(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[ModerationWorld]:
    async with start_moderation(fake_discord, tmp_path) as started:
        yield started


def stored(world: ModerationWorld) -> dict[str, Any]:
    data: dict[str, Any] = load_yaml(world.article.read_text(encoding="utf-8"))
    return data


async def hand_edit(world: ModerationWorld, section: str, record_id: str, key: str, values: list[Any]) -> None:
    data = stored(world)
    next(r for r in data[section] if r["id"] == record_id)[key] = values
    write_atomically(world.article, dump_article(data))
    await asyncio.to_thread(world.bot.reload_knowledge)


def the_field(modal: dict[str, Any], starts: str) -> tuple[str, dict[str, Any]]:
    [(label, field)] = [(k, v) for k, v in modal_fields(modal).items() if k.startswith(starts)]
    return label, field


async def test_fact_edit_of_phrasings_over_4000_characters_shows_what_fits_and_keeps_the_rest(
    world: ModerationWorld,
) -> None:
    phrasings = [f"jurisdiction count question variant {i:03d} as a reader asked it in the lobby" for i in range(150)]
    await hand_edit(world, "facts", FACT_ID, "phrasings", phrasings)
    assert len("\n".join(phrasings)) > 10_000

    opened, modal = await world.open_modal("fact edit", {"id": FACT_ID})
    label, field = the_field(modal, "Phrasings 1–")
    shown = field["value"].splitlines()
    assert label == f"Phrasings 1–{len(shown)} of 150 (the rest are kept)"
    assert len(label) <= 45 and len(field["value"]) <= 4000 and shown == phrasings[: len(shown)]
    assert PHRASINGS_LABEL not in modal_fields(modal)

    # The moderator drops the first shown phrasing and adds one; the ones not shown stay.
    edited = [*shown[1:], "how many places got a letter, as asked in the form"]
    submitted = await world.submit(modal, {label: "\n".join(edited)}, opened)
    assert await world.reply(submitted) == f"Updated fact `{FACT_ID}`."
    fact = next(f for f in stored(world)["facts"] if f["id"] == FACT_ID)
    assert fact["phrasings"] == [*edited, *phrasings[len(shown) :]]

    # A fact whose phrasings fit is edited as before, with every phrasing in the form.
    _, small = await world.open_modal("fact edit", {"id": "when-letters-sent"})
    assert PHRASINGS_LABEL in modal_fields(small)


async def test_person_edit_with_aliases_over_the_form_limit_fits_and_keeps_the_rest(world: ModerationWorld) -> None:
    person = stored(world)["people"][0]
    aliases = [f"Alias number {i:02d} of this person, for testing" for i in range(50)]
    await hand_edit(world, "people", person["id"], "aliases", aliases)

    opened, modal = await world.open_modal("person edit", {"id": person["id"]})
    label, field = the_field(modal, "Aliases 1–")
    assert label.endswith("of 50 (the rest are kept)")
    assert len(field["value"]) <= field.get("max_length", 4000) <= 4000
    assert ALIASES_LABEL not in modal_fields(modal)
    shown = field["value"].splitlines()

    submitted = await world.submit(modal, {"Role, as of the article": person["role"] + " (checked)"}, opened)
    assert await world.reply(submitted) == f"Updated person `{person['id']}`."
    after = next(p for p in stored(world)["people"] if p["id"] == person["id"])
    assert after["aliases"] == aliases and len(shown) < 50


@pytest.fixture
async def git_world(fake_discord: FakeDiscord, tmp_path: Path) -> AsyncIterator[ModerationWorld]:
    """The knowledge directory in a git repository whose pre-commit hook always fails."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, knowledge)

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(knowledge), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@localhost", "commit", "-q", "-m", "start")
    hook = knowledge / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'the hook says no' >&2\nexit 1\n")
    hook.chmod(0o755)
    async with start_moderation(fake_discord, tmp_path, kb_git_commit=True) as started:
        yield started


@pytest.mark.allow_error_logs  # the failed commit is logged as an error, as it should be
async def test_a_change_whose_git_commit_failed_tells_the_moderator(git_world: ModerationWorld) -> None:
    world = git_world
    phrasing = "how many places got the doj letter"
    handle = await world.command("fact alias", {"id": FACT_ID, "phrasing": phrasing})
    reply = await world.reply(handle)
    first, _, notice = reply.partition("\n")
    assert first == f"Fact `{FACT_ID}` now also answers “{phrasing}”."
    assert "committing it to git failed" in notice and "the hook says no" in notice
    assert phrasing in next(f for f in stored(world)["facts"] if f["id"] == FACT_ID)["phrasings"]
