"""Committing moderators' changes to git (KB_GIT_COMMIT): checked before anything is written
(git installed, no locked index or merge in progress, no one else's uncommitted edit), one
file a commit under the moderator's name, every git command under a timeout (its process
group killed when it runs over: a slow hook), a failed commit recorded and retried with the
next change, under its own moderator's name."""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .articlefile import file_hash
from .errors import ConfigError, StorageError
from .store import Store

log = logging.getLogger("bot.engine.editing")


@dataclass(frozen=True)
class _GitTree:
    cwd: Path


class _GitFailure(Exception):
    """A git command that could not finish (its message says why)."""


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"


class GitCommits:
    """The git side of an editor's changes, for files of one knowledge directory."""

    def __init__(self, store: Store, timeout_s: float, relative: Callable[[Path], str]) -> None:
        self.store = store
        self.timeout_s = timeout_s
        self.relative = relative  # a file's name as the audit records it

    def _run(self, cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        """Run git with the timeout (its whole process group killed when it runs over: a slow hook)."""
        process = subprocess.Popen(
            ["git", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,
        )
        try:
            stdout, stderr = process.communicate(timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise _GitFailure(f"git {args[0]} took longer than {self.timeout_s:g} s and was stopped") from None
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)

    def preflight(self, file: Path) -> _GitTree | None:
        """Check before anything is written that the change can be committed alone; None when
        the knowledge directory is not in a git work tree (there is nothing to commit to)."""
        if shutil.which("git") is None:
            raise ConfigError(
                "KB_GIT_COMMIT is on but git is not installed (no `git` on PATH): install git or turn "
                "KB_GIT_COMMIT off; nothing was changed"
            )
        cwd = file.parent
        try:
            found = self._run(cwd, "rev-parse", "--is-inside-work-tree", "--absolute-git-dir")
            if found.returncode != 0 or not found.stdout.startswith("true"):
                return None
            git_dir = Path(found.stdout.split()[1])
            busy = [n for n in ("MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD", "rebase-merge", "rebase-apply")]
            if (git_dir / "index.lock").exists():
                raise StorageError(
                    f"git's index is locked ({git_dir / 'index.lock'}): another git command is running, or one "
                    "crashed and left the lock; remove it once no git command runs. Nothing was changed"
                )
            if any((git_dir / name).exists() for name in busy):
                raise StorageError(
                    f"a git merge or rebase is in progress in {cwd}: finish or abort it first. Nothing was changed"
                )
            status = self._run(cwd, "status", "--porcelain", "--", file.name)
        except _GitFailure as exc:
            raise StorageError(f"{exc}; nothing was changed") from exc
        if status.returncode != 0:
            raise StorageError(f"git status failed: {_first_line(status.stderr)}; nothing was changed")
        tree = _GitTree(cwd)
        if status.stdout.strip():
            self._commit_left_over(tree, file)
        return tree

    def _commit_left_over(self, tree: _GitTree, file: Path) -> None:
        """The file has changes git doesn't have. FactDesk's own (a commit that failed) are
        committed now, under their own moderator's name; anyone else's refuse the change, so
        they are never committed under this moderator's name."""
        last = self.store.last_change_to(self.relative(file))
        if last is None or not (last.git or "").startswith("failed") or file_hash(file) != last.new_hash:
            raise StorageError(
                f"{file.name} has changes that are not committed to git and were not made through FactDesk "
                "(a hand edit?): commit or discard them first, so they are not committed under your name. "
                "Nothing was changed"
            )
        error = self._commit(tree, file, f"{last.command} {last.target}", last.moderator, last.moderator_id)
        if error is not None:
            raise StorageError(
                f"the previous change to {file.name} (by {last.moderator}) is not committed to git yet, and "
                f"committing it failed again: {error}. Fix git, then try again; nothing was changed"
            )
        with contextlib.suppress(StorageError):
            self.store.set_git(last.id, "committed (retried)")

    def commit_recorded(
        self, tree: _GitTree, file: Path, change_id: int, what: str, moderator: str, moderator_id: int
    ) -> str | None:
        """Commit an applied change and record the outcome; a notice when the commit failed."""
        error = self._commit(tree, file, what, moderator, moderator_id)
        outcome = "committed" if error is None else f"failed: {error}"
        try:
            self.store.set_git(change_id, outcome)
        except StorageError:
            log.exception("could not record the git outcome of change #%d", change_id)
        if error is None:
            return None
        log.error("git commit of change #%d (%s) failed: %s", change_id, what, error)
        return (
            f"The change is saved and recorded, but committing it to git failed: {error}. It stays "
            f"uncommitted; the next change to {file.name} commits it first, under your name."
        )

    def _commit(self, tree: _GitTree, file: Path, what: str, moderator: str, moderator_id: int) -> str | None:
        """Commit this one file (`git commit -- path`: nothing else staged is swept in); the error, or None."""
        author = f"{moderator} <{moderator_id}@users.discord>"
        env = {**os.environ, "GIT_COMMITTER_NAME": "FactDesk", "GIT_COMMITTER_EMAIL": "factdesk@localhost"}
        message = f"{what} (by {moderator} via FactDesk)"
        try:
            if file.exists():
                added = self._run(tree.cwd, "add", "--", file.name)
            else:
                added = self._run(tree.cwd, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", file.name)
            if added.returncode != 0:
                return f"git add failed: {_first_line(added.stderr)}"
            done = self._run(tree.cwd, "commit", "--quiet", "--author", author, "-m", message, "--", file.name, env=env)
        except (_GitFailure, OSError) as exc:
            return str(exc)
        if done.returncode != 0:
            return f"git commit failed: {_first_line(done.stderr or done.stdout)}"
        return None
