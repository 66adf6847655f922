"""The article's text beside its fact base: quotes and excerpts checked verbatim against it on
load, in every edit, when the text is replaced, and when a draft is published."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine.article_text import (
    PendingDrafts,
    publish_draft,
    replace_text,
    revert_text,
    stored_text_problems,
    text_file,
)
from bot.engine.draft import draft_article
from bot.engine.editing import FactBaseEditor, Moderator, article_data, dump_article
from bot.engine.errors import FactBaseError, InputError, NotFoundError
from bot.engine.loader import load_directory
from bot.engine.store import open_store
from tests.helpers import ARTICLE_TEXT_ENV, DEFAULT_ARTICLE_TEXT

ARTICLE_ID = "doj-sanctuary-letters"
MOD = Moderator(42, "mod#0001")
NEW_ARTICLE = [
    "The Riverside school board voted 5-2 on Tuesday to close Lincoln Elementary.",
    "“We cannot keep a half-empty building open,” board chair Ana Ruiz said.",
    "Parents protested outside the meeting.",
]


def shared_text() -> str:
    path = Path(os.environ.get(ARTICLE_TEXT_ENV) or DEFAULT_ARTICLE_TEXT)
    if not path.is_file():
        pytest.skip(f"set {ARTICLE_TEXT_ENV} to the shipped article's text")
    return path.read_text(encoding="utf-8")


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, tmp_path / "knowledge")
    return tmp_path / "knowledge"


@pytest.fixture
def editor(kb_dir: Path, tmp_path: Path) -> FactBaseEditor:
    return FactBaseEditor(kb_dir, tmp_path / "data")


def quote(text: str, paragraph: int = 21) -> dict[str, object]:
    return {
        "id": "made-up",
        "speaker": "jeff-sessions",
        "text": text,
        "paragraph": paragraph,
        "context": "A test quote.",
    }


def test_the_shipped_base_does_not_ship_the_article_text() -> None:
    assert not text_file(DEFAULT_KNOWLEDGE_DIR, ARTICLE_ID).exists()


def test_a_base_with_its_text_loads_and_a_mismatch_refuses_the_load(kb_dir: Path) -> None:
    text = shared_text()
    text_file(kb_dir, ARTICLE_ID).write_text(text, encoding="utf-8")
    load_directory(kb_dir)  # every quote verbatim

    yaml_file = kb_dir / f"{ARTICLE_ID}.yaml"
    yaml_file.write_text(
        yaml_file.read_text(encoding="utf-8").replace("— enough is enough.", "— enough was enough."), encoding="utf-8"
    )
    with pytest.raises(FactBaseError) as caught:
        load_directory(kb_dir)
    message = str(caught.value)
    assert ".text: is not verbatim in the cited paragraph; the closest passage of paragraph" in message
    assert "quotes[11].text" in message and f"(checked against {ARTICLE_ID}.txt)" in message


def test_without_a_text_nothing_is_checked(editor: FactBaseEditor) -> None:
    change = editor.add("quote", quote("I never wanted to send these letters."), MOD)
    assert change.target == "made-up"


def test_a_quote_not_in_the_text_is_refused_naming_the_field_and_the_closest_passage(
    editor: FactBaseEditor, kb_dir: Path
) -> None:
    text_file(kb_dir, ARTICLE_ID).write_text(shared_text(), encoding="utf-8")
    before = (kb_dir / f"{ARTICLE_ID}.yaml").read_bytes()

    with pytest.raises(FactBaseError) as caught:
        editor.add("quote", quote("I never wanted to send these letters."), MOD)
    assert str(caught.value).startswith("text: is not verbatim in the cited paragraph; the closest passage")
    assert (kb_dir / f"{ARTICLE_ID}.yaml").read_bytes() == before

    assert editor.add("quote", quote("enough is enough"), MOD).target == "made-up"
    with pytest.raises(FactBaseError, match="is verbatim in paragraph 21, not in the paragraph it cites"):
        editor.update("quote", "made-up", {"paragraph": 3}, MOD)


def test_replacing_the_text_is_validated_and_audited(editor: FactBaseEditor, kb_dir: Path, tmp_path: Path) -> None:
    text = shared_text()
    change = replace_text(editor, None, "\n\n" + text, MOD)  # blank lines do not count as paragraphs
    assert (change.command, change.kind, change.target) == ("kb article", "text", ARTICLE_ID)
    stored = text_file(kb_dir, ARTICLE_ID).read_text(encoding="utf-8")
    assert "\n\n" not in stored
    assert [v.command for v in editor.history("text", ARTICLE_ID)] == ["kb article"]

    with pytest.raises(InputError, match="already holds exactly this text"):
        replace_text(editor, None, text, MOD)
    lost = text.replace("— enough is enough", "— that is enough")
    with pytest.raises(FactBaseError, match=r"quotes\[\d+\]\.text: is not verbatim"):
        replace_text(editor, ARTICLE_ID, lost, MOD)
    assert text_file(kb_dir, ARTICLE_ID).read_text(encoding="utf-8") == stored
    with pytest.raises(NotFoundError):
        replace_text(editor, "no-such-article", text, MOD)
    with pytest.raises(InputError, match="no paragraphs"):
        replace_text(editor, None, "\n \n", MOD)


def test_reverting_the_text_is_checked_against_the_fact_base_as_it_is_now(editor: FactBaseEditor, kb_dir: Path) -> None:
    with pytest.raises(NotFoundError, match="nothing to revert"):
        revert_text(editor, ARTICLE_ID, MOD)
    text = shared_text()
    replace_text(editor, None, text, MOD)
    original = text_file(kb_dir, ARTICLE_ID).read_text(encoding="utf-8")
    longer = original + "“This is a new line,” Sessions added later.\n"
    replace_text(editor, None, longer, MOD)
    paragraph = len(longer.splitlines())
    editor.add("quote", quote("This is a new line,", paragraph), MOD)

    # The text before the last change lacks the paragraph a quote now cites: refused, unchanged.
    with pytest.raises(FactBaseError, match=rf"paragraph {paragraph}"):
        revert_text(editor, ARTICLE_ID, MOD)
    assert text_file(kb_dir, ARTICLE_ID).read_text(encoding="utf-8") == longer
    with pytest.raises(InputError, match="between 1 and 2"):
        revert_text(editor, ARTICLE_ID, MOD, version=3)

    editor.remove("quote", "made-up", MOD)
    change = revert_text(editor, ARTICLE_ID, MOD)
    assert (change.command, change.kind, change.target) == ("text revert", "text", ARTICLE_ID)
    assert text_file(kb_dir, ARTICLE_ID).read_text(encoding="utf-8") == original
    revert_text(editor, ARTICLE_ID, MOD, version=2)  # the text right after the second change
    assert text_file(kb_dir, ARTICLE_ID).read_text(encoding="utf-8") == longer
    revert_text(editor, ARTICLE_ID, MOD, version=1)
    revert_text(editor, ARTICLE_ID, MOD)  # undoes that revert
    assert text_file(kb_dir, ARTICLE_ID).read_text(encoding="utf-8") == longer
    with pytest.raises(InputError, match="already in that state"):
        revert_text(editor, ARTICLE_ID, MOD, version=2)
    assert [v.command for v in editor.history("text", ARTICLE_ID)] == ["kb article"] * 2 + ["text revert"] * 4
    with pytest.raises(InputError, match="changed since you asked"):
        revert_text(editor, ARTICLE_ID, MOD, seen_changes=5)  # a confirmation of six changes ago is stale


def test_reverting_an_import_is_checked_against_the_stored_text_as_it_is_now(
    editor: FactBaseEditor, kb_dir: Path
) -> None:
    full = "We have seen too many examples of the threat to public safety represented by jurisdictions that "
    full += "actively thwart the federal government’s immigration enforcement — enough is enough."
    file = kb_dir / f"{ARTICLE_ID}.yaml"
    original = file.read_text(encoding="utf-8")
    trimmed = original.replace(f"text: {full}", f"text: {full.removesuffix(' — enough is enough.')}")
    trimmed = trimmed.replace("    text: enough is enough\n", "    text: immigration enforcement\n")
    assert trimmed.count("enough is enough") < original.count("enough is enough")
    replace_text(editor, None, shared_text(), MOD)
    editor.apply_import(trimmed, file.name, MOD)  # the quote without its last words
    replace_text(editor, None, shared_text().replace("— enough is enough", "— that is enough"), MOD)

    with pytest.raises(FactBaseError, match="is not verbatim"):
        editor.revert("article", ARTICLE_ID, MOD)  # back to the full quote, which the text no longer has
    assert file.read_text(encoding="utf-8") == trimmed
    load_directory(kb_dir)  # the fact base still loads


def test_an_import_is_checked_against_the_stored_text(editor: FactBaseEditor, kb_dir: Path) -> None:
    text_file(kb_dir, ARTICLE_ID).write_text(shared_text(), encoding="utf-8")
    yaml_text = (kb_dir / f"{ARTICLE_ID}.yaml").read_text(encoding="utf-8")
    with pytest.raises(FactBaseError, match="is not verbatim"):
        editor.preview_import(yaml_text.replace("— enough is enough.", "— enough was enough."), f"{ARTICLE_ID}.yaml")


def test_a_paragraph_no_record_cites_is_fine_in_a_stored_text(kb_dir: Path) -> None:
    kb = load_directory(kb_dir)
    text_file(kb_dir, ARTICLE_ID).write_text(shared_text() + "A paragraph nobody cites.\n", encoding="utf-8")
    assert stored_text_problems(kb.articles[0], kb_dir) == []


def test_a_published_draft_is_live_with_its_text(editor: FactBaseEditor, kb_dir: Path, tmp_path: Path) -> None:
    draft = draft_article(NEW_ARTICLE, article_id="riverside-school", title="School closes", outlet="The Post")
    drafts = PendingDrafts(editor.store)
    pending = drafts.add(draft.article.id, dump_article(article_data(draft.article)), draft.text, MOD.id)
    assert drafts.get(pending.token) == pending

    publish_draft(editor, pending, MOD)
    kb = load_directory(kb_dir)
    assert kb.article("riverside-school") is not None
    assert text_file(kb_dir, "riverside-school").read_text(encoding="utf-8") == draft.text
    with pytest.raises(InputError, match="already exists"):
        publish_draft(editor, pending, MOD)

    drafts.discard(pending.token)
    with pytest.raises(NotFoundError, match="no longer waiting"):
        drafts.get(pending.token)
    with pytest.raises(NotFoundError):
        drafts.get("../etc")


def test_a_pending_draft_expires(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    pending = PendingDrafts(store).add("x", "yaml", "text\n", 1)
    with pytest.raises(NotFoundError):
        PendingDrafts(store, ttl_s=-1).get(pending.token)  # expired, so forgotten
    assert store.draft(pending.token) is None
    kept = PendingDrafts(store).add("y", "yaml", "text\n", 1)
    PendingDrafts(store, ttl_s=-1).expire()
    assert store.draft(kept.token) is None


def test_a_pending_draft_is_shared_by_processes_and_survives_a_restart(tmp_path: Path) -> None:
    first = open_store(tmp_path / "data")
    pending = PendingDrafts(first).add("riverside-school", "id: riverside-school\n", "One.\nTwo.\n", 7)
    first.close()
    again = PendingDrafts(open_store(tmp_path / "data"))
    assert again.get(pending.token) == pending
    assert not (tmp_path / "data" / "drafts").exists()  # a row of the database, no file of its own


def test_a_draft_whose_text_is_already_stored_publishes(editor: FactBaseEditor, kb_dir: Path) -> None:
    # The text stays when its import is reverted; drafting the page again must still publish.
    draft = draft_article(NEW_ARTICLE, article_id="riverside-school", title="School closes", outlet="The Post")
    drafts = PendingDrafts(editor.store)
    first = drafts.add(draft.article.id, dump_article(article_data(draft.article)), draft.text, MOD.id)
    publish_draft(editor, first, MOD)
    editor.revert("article", "riverside-school", MOD)
    assert text_file(kb_dir, "riverside-school").exists() and load_directory(kb_dir).article("riverside-school") is None
    again = drafts.add(draft.article.id, dump_article(article_data(draft.article)), draft.text, MOD.id)
    change = publish_draft(editor, again, MOD)
    assert change.command == "kb import" and load_directory(kb_dir).article("riverside-school") is not None


def test_a_stored_text_over_the_limit_is_a_problem_not_a_slow_load(kb_dir: Path) -> None:
    from bot.engine.article_text import MAX_TEXT_BYTES

    text_file(kb_dir, ARTICLE_ID).write_text("x" * (MAX_TEXT_BYTES + 1), encoding="utf-8")
    with pytest.raises(FactBaseError, match=f"at most {MAX_TEXT_BYTES:,}"):
        load_directory(kb_dir)
