"""Every change audited, or not applied: the audit record and the file write are one unit.

A pending record goes into the store before the file is written and is completed after it;
a failure before the write (the store, the disk, git) leaves nothing changed, with its exact
cause; a crash in between is resolved by the next editor (completed or rolled back); git
commits only the changed file, with a timeout, and a failed commit is never swept into
another moderator's. `/kb import` is recorded with the previous file and can be reverted.
Runs on SQLite and PostgreSQL (see conftest.py) where the backend matters.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.config import DEFAULT_KNOWLEDGE_DIR
from bot.engine import editing
from bot.engine.editing import FactBaseEditor, Moderator, dump_article
from bot.engine.errors import ConfigError, InputError, StorageError
from bot.engine.loader import load_directory
from bot.engine.store import ABORTED, DONE, PENDING, Store, open_store
from tests.helpers import REPO_ROOT

ARTICLE = "doj-sanctuary-letters.yaml"
ARTICLE_ID = "doj-sanctuary-letters"
FACT = "when-letters-sent"
MOD = Moderator(4242, "mo.derator")
OTHER_MOD = Moderator(777, "olivia.owner")


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DEFAULT_KNOWLEDGE_DIR, tmp_path / "knowledge"))


@pytest.fixture
def editor(kb_dir: Path, data_dir: Path, store: Store) -> FactBaseEditor:
    return FactBaseEditor(kb_dir, data_dir, store=store)


def file_bytes(kb_dir: Path) -> bytes:
    return (kb_dir / ARTICLE).read_bytes()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def phrasings(kb_dir: Path) -> list[str]:
    data = yaml.safe_load(file_bytes(kb_dir))
    return next(f for f in data["facts"] if f["id"] == FACT)["phrasings"]  # type: ignore[no-any-return]


# ---------------------------------------------------------------- refused before the write


def sqlite_connection(store: Store) -> Any:
    assert store.backend == "sqlite"
    return store._backend._durable  # type: ignore[attr-defined]


# Simulated with SQLite's own limits, so on SQLite only (PostgreSQL's errors take the same path).
@pytest.mark.parametrize("database_url", [None], ids=["sqlite"])
@pytest.mark.parametrize(
    ("pragma", "cause"),
    [
        ("PRAGMA max_page_count = {pages}", "database or disk is full"),  # DATA_DIR's disk is full
        ("PRAGMA query_only = ON", "attempt to write a readonly database"),  # DATA_DIR is read-only
    ],
    ids=["disk full", "read-only"],
)
def test_a_store_that_cannot_record_refuses_the_change_before_the_write(
    editor: FactBaseEditor, store: Store, kb_dir: Path, pragma: str, cause: str
) -> None:
    connection = sqlite_connection(store)
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(pragma.format(pages=pages))
    before = file_bytes(kb_dir)
    with pytest.raises(StorageError) as raised:
        editor.add_phrasing(FACT, "what day were they mailed", MOD)
    assert str(raised.value) == (
        f"cannot record the change in the audit in the sqlite database: {cause}; nothing was changed"
    )
    assert file_bytes(kb_dir) == before
    connection.execute("PRAGMA query_only = OFF")
    connection.execute("PRAGMA max_page_count = 1073741823")
    assert store.audit(status=None) == []
    editor.add_phrasing(FACT, "what day were they mailed", MOD)  # and once fixed, it works
    assert len(store.audit()) == 1


def test_a_failed_file_write_is_aborted_in_the_audit_and_says_why(
    editor: FactBaseEditor, store: Store, kb_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(path: Path, content: str | bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(editing, "write_atomically", disk_full)
    before = file_bytes(kb_dir)
    with pytest.raises(StorageError, match=rf"^cannot write {ARTICLE}: No space left on device; nothing was changed$"):
        editor.add_phrasing(FACT, "what day were they mailed", MOD)
    assert file_bytes(kb_dir) == before
    [row] = store.audit(status=None)
    assert (row.status, row.error) == (ABORTED, "write failed: [Errno 28] No space left on device")
    assert editor.history("fact", FACT) == []


def test_too_little_free_space_refuses_the_change_before_anything_is_recorded(
    editor: FactBaseEditor, store: Store, kb_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(editing.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(100, 90, 10))  # type: ignore[attr-defined]
    with pytest.raises(StorageError, match=r"^not enough space on the disk of the knowledge directory to write"):
        editor.add_phrasing(FACT, "what day were they mailed", MOD)
    assert store.audit(status=None) == []


def test_an_audit_that_cannot_be_completed_undoes_the_write(
    editor: FactBaseEditor, store: Store, kb_dir: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = file_bytes(kb_dir)

    def fail_to_finish(change_id: int, **_: Any) -> None:
        raise StorageError("cannot complete the change's audit record in the test database: connection lost")

    monkeypatch.setattr(store, "finish_change", fail_to_finish)
    with pytest.raises(StorageError, match=f"connection lost; the change to {ARTICLE} was undone$"):
        editor.add_phrasing(FACT, "what day were they mailed", MOD)
    assert file_bytes(kb_dir) == before
    monkeypatch.undo()
    FactBaseEditor(kb_dir, data_dir, store=store)  # the next start: the pending record is rolled back
    [row] = store.audit(status=None)
    assert row.status == ABORTED and editor.history("fact", FACT) == []


# ---------------------------------------------------------------- a crash in between

CRASH = r"""
import os, signal, sys
from pathlib import Path
from bot.engine import editing
from bot.engine.editing import FactBaseEditor, Moderator
from bot.engine.store import open_store

knowledge, data, url, where = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3] or None, sys.argv[4]
store = open_store(data, url)
die = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
if where == "after the write":
    store.finish_change = die
else:
    editing.write_atomically = die
editor = FactBaseEditor(knowledge, data, store=store)
editor.update("fact", "when-letters-sent", {"answer": "Crash answer."}, Moderator(1, "x"))
"""


@pytest.mark.parametrize(
    ("where", "status", "answer"),
    [("after the write", DONE, "Crash answer."), ("before the write", ABORTED, None)],
)
def test_recovery_completes_or_rolls_back_an_interrupted_change(
    kb_dir: Path, data_dir: Path, database_url: str | None, where: str, status: str, answer: str | None
) -> None:
    open_store(data_dir, database_url).close()
    before = file_bytes(kb_dir)
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH, str(kb_dir), str(data_dir), database_url or "", where],
        cwd=REPO_ROOT,
        timeout=120,
        check=False,
    )
    assert crashed.returncode == -signal.SIGKILL
    store = open_store(data_dir, database_url)
    try:
        assert [r.status for r in store.audit(status=None)] == [PENDING]
        FactBaseEditor(kb_dir, data_dir, store=store)  # the next start recovers
        [row] = store.audit(status=None)
        assert row.status == status
        assert sha(file_bytes(kb_dir)) == (row.new_hash if status == DONE else row.old_hash)
        if answer is None:
            assert file_bytes(kb_dir) == before
        else:
            assert row.error == "completed at recovery: the file has the new content"
            assert row.after is not None and row.after["answer"] == answer
    finally:
        store.close()


# ---------------------------------------------------------------- git


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Callable[..., str]]]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    (tmp_path / "gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "gitconfig"))  # no developer's hooks or signing
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    shutil.copytree(DEFAULT_KNOWLEDGE_DIR, root / "knowledge")

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=Curator", "-c", "user.email=curator@example.org", *args],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
        return done.stdout

    git("init", "--quiet")
    git("add", "knowledge")
    git("commit", "--quiet", "-m", "curated fact base")
    yield root, git


def hook(root: Path, script: str) -> None:
    path = root / ".git" / "hooks" / "pre-commit"
    path.write_text("#!/bin/sh\n" + script + "\n")
    path.chmod(0o755)


def git_editor(root: Path, tmp_path: Path, **options: Any) -> FactBaseEditor:
    return FactBaseEditor(root / "knowledge", tmp_path / "data", git_commit=True, **options)


def test_kb_git_commit_without_git_is_refused_before_the_write(
    kb_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = FactBaseEditor(kb_dir, tmp_path / "data", git_commit=True)
    monkeypatch.setenv("PATH", str(tmp_path / "no-binaries-here"))
    before = file_bytes(kb_dir)
    with pytest.raises(ConfigError, match=r"^KB_GIT_COMMIT is on but git is not installed .*nothing was changed$"):
        editor.add_phrasing(FACT, "what day were they mailed", MOD)
    assert file_bytes(kb_dir) == before
    assert editor.store.audit(status=None) == []


def test_a_failed_commit_is_reported_and_never_swept_into_another_moderators(
    repo: tuple[Path, Callable[..., str]], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root, git = repo
    editor = git_editor(root, tmp_path)
    hook(root, "echo 'policy: no commits on Fridays' >&2; exit 1")
    with caplog.at_level("ERROR", logger="bot.engine.editing"):
        change = editor.add_phrasing(FACT, "what day were they mailed", MOD)
    assert change.notice is not None
    assert "committing it to git failed: git commit failed: policy: no commits on Fridays" in change.notice
    assert "policy: no commits on Fridays" in caplog.text
    [row] = editor.store.audit()
    assert row.git == "failed: git commit failed: policy: no commits on Fridays"
    assert "what day were they mailed" in phrasings(root / "knowledge")  # applied and audited all the same

    # Still failing: the next change is refused before its write, with the cause.
    with pytest.raises(StorageError, match=r"is not committed to git yet, and committing it failed again: .*Fridays"):
        editor.add_phrasing(FACT, "which weekday did they go out", OTHER_MOD)
    hook(root, "exit 0")
    editor.add_phrasing(FACT, "which weekday did they go out", OTHER_MOD)
    log = git("log", "--format=%s|%an", "-n", "3").splitlines()
    assert log == [
        f"fact alias {FACT} (by olivia.owner via FactDesk)|olivia.owner",
        f"fact alias {FACT} (by mo.derator via FactDesk)|mo.derator",  # committed first, under its own name
        "curated fact base|Curator",
    ]
    first = git("show", f"HEAD~1:knowledge/{ARTICLE}")
    assert "what day were they mailed" in first and "which weekday did they go out" not in first
    assert git("status", "--porcelain") == ""  # nothing left over, no lock file in the work tree
    assert [r.git for r in editor.store.audit()] == ["committed (retried)", "committed"]


def test_a_slow_hook_is_stopped_at_the_timeout(repo: tuple[Path, Callable[..., str]], tmp_path: Path) -> None:
    root, _ = repo
    editor = git_editor(root, tmp_path, git_timeout_s=1.0)
    hook(root, "sleep 30")
    started = time.perf_counter()
    change = editor.add_phrasing(FACT, "what day were they mailed", MOD)
    assert time.perf_counter() - started < 10
    assert change.notice is not None and "git commit took longer than 1 s and was stopped" in change.notice


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda root: (root / ".git" / "index.lock").write_text(""), "git's index is locked"),
        (lambda root: (root / ".git" / "MERGE_HEAD").write_text("0" * 40), "a git merge or rebase is in progress"),
        (
            lambda root: (root / "knowledge" / ARTICLE).write_text(
                (root / "knowledge" / ARTICLE).read_text() + "# a curator's note\n"
            ),
            "has changes that are not committed to git and were not made through FactDesk",
        ),
    ],
    ids=["index.lock", "merge in progress", "hand edit not committed"],
)
def test_git_trouble_refuses_the_change_before_the_write(
    repo: tuple[Path, Callable[..., str]], tmp_path: Path, damage: Callable[[Path], Any], message: str
) -> None:
    root, _ = repo
    editor = git_editor(root, tmp_path)
    damage(root)
    before = file_bytes(root / "knowledge")
    with pytest.raises(StorageError, match=message):
        editor.add_phrasing(FACT, "what day were they mailed", MOD)
    assert file_bytes(root / "knowledge") == before
    assert editor.store.audit(status=None) == []


# ---------------------------------------------------------------- /kb import, revertible


def modified_export(kb_dir: Path) -> str:
    data = yaml.safe_load(file_bytes(kb_dir))
    data["source"]["published"] = str(data["source"]["published"])
    data["facts"] = [f for f in data["facts"] if f["id"] != "mcdermott-press-stunt"]
    next(f for f in data["facts"] if f["id"] == FACT)["answer"] = "Imported answer: Wednesday."
    return dump_article(data)


def test_an_import_is_audited_with_the_previous_file_and_reverts_to_it_byte_for_byte(
    editor: FactBaseEditor, kb_dir: Path
) -> None:
    original = file_bytes(kb_dir)
    editor.apply_import(modified_export(kb_dir), "upload.yaml", MOD)
    imported = file_bytes(kb_dir)
    assert imported != original
    [row] = editor.store.audit(kind="article", target=ARTICLE_ID)
    assert (row.command, row.previous_text, row.new_text) == (
        "kb import",
        original.decode(),
        imported.decode(),
    )

    change = editor.revert("article", ARTICLE_ID, OTHER_MOD)
    assert (change.command, change.kind, change.target) == ("article revert", "article", ARTICLE_ID)
    assert file_bytes(kb_dir) == original  # the curated file as it was, comments and all
    assert [v.command for v in editor.history("article", ARTICLE_ID)] == ["kb import", "article revert"]
    editor.revert("article", ARTICLE_ID, MOD, version=1)  # the state right after the import
    assert file_bytes(kb_dir) == imported
    with pytest.raises(InputError, match=r"already in that state; nothing to revert$"):
        editor.revert("article", ARTICLE_ID, MOD, version=1)
    with pytest.raises(InputError, match=r"^version: must be between 1 and 3$"):
        editor.revert("article", ARTICLE_ID, MOD, version=4)
    load_directory(kb_dir)


def test_reverting_the_import_of_a_new_article_removes_its_file(editor: FactBaseEditor, kb_dir: Path) -> None:
    upload = dump_article(
        {
            "id": "second-article",
            "source": {"title": "Another story", "outlet": "The Test Times", "published": "2024-05-01"},
            "facts": [
                {
                    "id": "second-article-fact",
                    "question": "What did the second story say?",
                    "phrasings": ["second story", "the other story", "what else", "another one", "the new article"],
                    "answer": "It said something else.",
                    "evidence": {"text": "The Justice Department ramped up pressure Wednesday", "paragraphs": [2]},
                }
            ],
        }
    )
    editor.apply_import(upload, "second-article.yaml", MOD)
    assert (kb_dir / "second-article.yaml").exists()
    editor.revert("article", "second-article", MOD)
    assert not (kb_dir / "second-article.yaml").exists()
    assert sorted(load_directory(kb_dir).files) == [ARTICLE_ID]
    editor.revert("article", "second-article", MOD)  # undo the revert: the article is back
    assert sorted(load_directory(kb_dir).files) == [ARTICLE_ID, "second-article"]


def test_an_import_that_changes_nothing_is_refused_and_not_audited(editor: FactBaseEditor, kb_dir: Path) -> None:
    with pytest.raises(InputError, match=rf"^file: {ARTICLE} already holds exactly this; nothing to import$"):
        editor.apply_import(file_bytes(kb_dir).decode(), ARTICLE, MOD)
    assert editor.store.audit(status=None) == []
