"""Moderators' changes to the fact base: validated, atomic, serialised, audited, reversible.

The YAML files stay the source of truth. Every change re-reads the file, applies one edit
to its data, validates the result with the same validator as `python -m bot validate`, and
is then applied as one unit with its audit record (in the store, which history and revert
read): a pending record first, then the atomic write (temporary file, fsync, `os.replace`,
fsync of the directory), then the record completed. A crash in between leaves a pending
record that the next editor resolves from the file's content hash (completed, or aborted).
Whatever can be checked first (git, disk space) is, so a failure leaves nothing half done.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import logging
import re
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .article_text import stored_text_problems
from .articlefile import (
    article_data,
    dump_article,
    file_hash,
    file_text,
    leading_comment,
    summarise_difference,
    text_hash,
)
from .errors import FactBaseError, InputError, NotFoundError, Problem, StorageError
from .gitcommit import GitCommits
from .loader import article_files, check_unique_across, parse_article, read_article
from .models import MAX_PHRASING, SLUG_PATTERN, Article
from .parsecache import ParseCache
from .storage import remove_durably, utc_now
from .storage import write_atomically as write_atomically  # re-exported: callers import it from here
from .store import ABORTED, DONE, PENDING, AuditRow, Store, open_store, restore_point

log = logging.getLogger(__name__)

KIND_SECTION = {"fact": "facts", "quote": "quotes", "person": "people"}
_SLUG = re.compile(SLUG_PATTERN)
# `write_atomically`'s temporary files: `.<name>.<random>.tmp`, beside the file they replace.
_TEMP_FILE = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{16}\.tmp")
# The editors' lock, in DATA_DIR (never in the knowledge directory, which may be a git work tree).
LOCK_FILE = "editor.lock"
# Free space a write needs beyond the file itself (the temporary file exists beside the old one).
SPACE_MARGIN = 1_000_000
GIT_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Moderator:
    id: int
    name: str


@dataclass(frozen=True)
class Change:
    """What one edit did, as recorded in the audit log."""

    command: str
    kind: str
    target: str
    article_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    # Applied and audited, but something after that failed (the git commit): tell the moderator.
    notice: str | None = None


@dataclass(frozen=True)
class Version:
    number: int
    time: str
    moderator: str
    command: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


class FactBaseEditor:
    """Applies moderators' edits to the YAML files in one knowledge directory."""

    def __init__(
        self,
        knowledge_dir: Path,
        data_dir: Path,
        *,
        git_commit: bool = False,
        cache: ParseCache | None = None,
        store: Store | None = None,
        git_timeout_s: float = GIT_TIMEOUT_S,
    ) -> None:
        self.knowledge_dir = knowledge_dir
        self.data_dir = data_dir
        self.cache = cache if cache is not None else ParseCache()
        self.store = store if store is not None else open_store(data_dir)
        self.git_commit = git_commit
        self.git_timeout_s = git_timeout_s
        self.git = GitCommits(self.store, git_timeout_s, self._relative)
        # Which pending audit records this editor may resolve: those of this host and directory.
        self.origin = f"{socket.gethostname()}:{knowledge_dir.resolve()}"
        self._lock = threading.Lock()
        with self._locked():  # finish or roll back what a crashed editor left pending
            pass

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """The editors' lock (see `_locked`), for a change made outside this class (`write_change`)."""
        return self._locked()

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer at a time: a thread lock, a file lock in DATA_DIR for processes sharing it,
        and the store's lock for processes on other hosts (PostgreSQL)."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        with self._lock, open(self.data_dir / LOCK_FILE, "a") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                with self.store.editor_lock():
                    self._remove_stale_temp_files()
                    self.recover()
                    yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def _remove_stale_temp_files(self) -> None:
        """Delete temporary files a crashed writer left behind (the loader ignores them anyway).

        Only called under the file lock: every writer holds it while its temporary file
        exists, so any temporary file seen now belongs to a writer that died.
        """
        for path in self.knowledge_dir.iterdir():
            match = _TEMP_FILE.fullmatch(path.name)
            if match and match["name"].endswith((".yaml", ".yml")):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

    def recover(self) -> list[AuditRow]:
        """Resolve changes a crashed writer left pending (only called under the lock, so none is
        in progress): completed when the file has the new content, aborted otherwise."""
        resolved = []
        for row in self.store.pending_changes(self.origin):
            current = file_hash(self.knowledge_dir / row.file) if row.file else None
            if row.file and current == row.new_hash:
                self.store.finish_change(
                    row.id, status=DONE, error="completed at recovery: the file has the new content"
                )
                log.warning(
                    "change #%d (%s %s) was interrupted after its write: completed", row.id, row.command, row.target
                )
            else:
                self.store.finish_change(
                    row.id, status=ABORTED, error="interrupted before the file changed: rolled back"
                )
                log.warning(
                    "change #%d (%s %s) was interrupted before its write: aborted", row.id, row.command, row.target
                )
            resolved.append(row)
        return resolved

    # ------------------------------------------------------------ reading

    def _read(self, file: Path) -> tuple[Article, str]:
        read = read_article(file, self.cache)
        if read.article is None or read.text is None:
            raise FactBaseError(
                [Problem("the file on disk is invalid; fix it (or revert the hand edit) first", file), *read.problems]
            )
        return read.article, read.text

    def _articles(self) -> list[tuple[Article, Path]]:
        return [(self._read(file)[0], file) for file in article_files(self.knowledge_dir)]

    def locate(self, kind: str, record_id: str) -> tuple[Article, Path, dict[str, Any]]:
        """The article, file and data of a fact, quote or person by id."""
        section = KIND_SECTION[kind]
        for article, file in self._articles():
            for record in article_data(article).get(section, []):
                if record["id"] == record_id:
                    return article, file, record
        raise NotFoundError(f"no {kind} with id {record_id!r}")

    def article_file(self, article_id: str | None) -> tuple[Article, Path]:
        """The article to add to: the one named, or the only one."""
        articles = self._articles()
        if article_id is None:
            if len(articles) == 1:
                return articles[0]
            raise InputError("there are several articles: say which one (the article option)")
        for article, file in articles:
            if article.id == article_id:
                return article, file
        raise NotFoundError(f"no article with id {article_id!r}")

    # ------------------------------------------------------------ changing

    def _apply(
        self,
        file: Path,
        command: str,
        kind: str,
        target: str,
        mutate: Callable[[dict[str, Any]], tuple[dict[str, Any] | None, dict[str, Any] | None]],
        moderator: Moderator,
    ) -> Change:
        """Read, mutate, validate, write, audit: all under the lock, all or nothing."""
        with self._locked():
            article, current_text = self._read(file)
            data = copy.deepcopy(article_data(article))
            before, after = mutate(data)
            text = leading_comment(current_text) + dump_article(data)
            new_article, problems = parse_article(text, file)
            if new_article is None:
                raise FactBaseError(_relative_problems(problems, kind, data, target))
            others = [(a, f) for a, f in self._articles() if f != file]
            duplicates = check_unique_across([*others, (new_article, file)])
            if duplicates:
                raise FactBaseError(duplicates)
            mismatches = stored_text_problems(new_article, self.knowledge_dir)
            if mismatches:
                raise FactBaseError(_relative_problems(mismatches, kind, data, target))
            notice = self.write_change(
                file,
                current_text,
                text,
                moderator=moderator,
                command=command,
                kind=kind,
                target=target,
                article=new_article.id,
                before=before,
                after=after,
            )
            self.cache.put(self.cache.key(text.encode("utf-8")), new_article)
            return Change(command, kind, target, new_article.id, before, after, notice)

    def write_change(
        self,
        file: Path,
        old_text: str | None,
        new_text: str | None,
        *,
        moderator: Moderator,
        command: str,
        kind: str,
        target: str,
        article: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        keep_texts: bool = False,
    ) -> str | None:
        """Write `new_text` to `file` (None: delete it) as one unit with its audit record; call
        it under `locked()`, after validating. A notice for the moderator when the git commit
        after it failed (the change stands, audited), else None. `keep_texts` records both
        texts whole (what reverting a whole file needs).

        Refused before anything is written when git, the disk or the store would fail."""
        relative = self._relative(file)
        tree = self.git.preflight(file) if self.git_commit else None
        self._check_space(file, new_text)
        row = AuditRow(
            id=0,
            time=utc_now(),
            status=PENDING,
            moderator_id=moderator.id,
            moderator=moderator.name,
            command=command,
            kind=kind,
            target=target,
            article=article,
            file=relative,
            before=before,
            after=after,
            old_hash=text_hash(old_text),
            new_hash=text_hash(new_text),
            previous_text=old_text if keep_texts else None,
            new_text=new_text if keep_texts else None,
            origin=self.origin,
        )
        try:
            change_id = self.store.begin_change(row)
        except StorageError as exc:
            raise StorageError(f"{exc}; nothing was changed") from exc
        try:
            if new_text is None:
                remove_durably(file)
            else:
                write_atomically(file, new_text)
        except OSError as exc:
            with contextlib.suppress(StorageError):  # else: recovery aborts it (the file is unchanged)
                self.store.finish_change(change_id, status=ABORTED, error=f"write failed: {exc}")
            raise StorageError(f"cannot write {relative}: {exc.strerror or exc}; nothing was changed") from exc
        try:
            self.store.finish_change(change_id)
        except StorageError as exc:
            self._undo_write(file, old_text)
            raise StorageError(f"{exc}; the change to {relative} was undone") from exc
        if tree is None:
            return None
        return self.git.commit_recorded(
            tree, file, change_id, f"{row.command} {row.target}", row.moderator, row.moderator_id
        )

    def _undo_write(self, file: Path, old_text: str | None) -> None:
        """Put the old file back after its audit record could not be completed."""
        try:
            if old_text is None:
                remove_durably(file)
            else:
                write_atomically(file, old_text)
        except OSError:  # the record stays pending with the new content: recovery completes it
            log.exception("could not undo the write of %s after its audit failed", file)

    def _relative(self, file: Path) -> str:
        try:
            return str(file.relative_to(self.knowledge_dir))
        except ValueError:
            return file.name

    @staticmethod
    def _check_space(file: Path, new_text: str | None) -> None:
        if new_text is None:
            return
        needed = len(new_text.encode("utf-8")) + SPACE_MARGIN
        try:
            free = shutil.disk_usage(file.parent).free
        except OSError as exc:
            raise StorageError(f"cannot check the space left for {file.name}: {exc}; nothing was changed") from exc
        if free < needed:
            raise StorageError(
                f"not enough space on the disk of the knowledge directory to write {file.name} "
                f"({free:,} bytes free, {needed:,} needed); nothing was changed"
            )

    def add(self, kind: str, record: dict[str, Any], moderator: Moderator, *, article_id: str | None = None) -> Change:
        _check_id(record.get("id"))
        record = {k: v for k, v in record.items() if v is not None}  # an empty optional field, as update does
        section = KIND_SECTION[kind]
        _, file = self.article_file(article_id)

        def mutate(data: dict[str, Any]) -> tuple[None, dict[str, Any]]:
            records = data.setdefault(section, [])
            if any(r["id"] == record["id"] for r in records):
                raise InputError(f"id: {record['id']!r} is already used by another {kind}")
            records.append(record)
            return None, record

        return self._apply(file, f"{kind} add", kind, str(record["id"]), mutate, moderator)

    def update(
        self, kind: str, record_id: str, changes: dict[str, Any], moderator: Moderator, *, command: str = "edit"
    ) -> Change:
        """Change fields of a record (a None value removes the field: `status` on approval)."""
        _, file, _ = self.locate(kind, record_id)
        section = KIND_SECTION[kind]

        def mutate(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
            for index, record in enumerate(data[section]):
                if record["id"] == record_id:
                    before = copy.deepcopy(record)
                    updated = {**record, **changes, "id": record_id}
                    data[section][index] = {k: v for k, v in updated.items() if v is not None}
                    return before, data[section][index]
            raise NotFoundError(f"no {kind} with id {record_id!r}")

        return self._apply(file, f"{kind} {command}", kind, record_id, mutate, moderator)

    def remove(self, kind: str, record_id: str, moderator: Moderator) -> Change:
        _, file, _ = self.locate(kind, record_id)
        section = KIND_SECTION[kind]

        def mutate(data: dict[str, Any]) -> tuple[dict[str, Any], None]:
            for index, record in enumerate(data[section]):
                if record["id"] == record_id:
                    return data[section].pop(index), None
            raise NotFoundError(f"no {kind} with id {record_id!r}")

        return self._apply(file, f"{kind} remove", kind, record_id, mutate, moderator)

    def add_phrasing(self, fact_id: str, phrasing: str, moderator: Moderator) -> Change:
        """Teach the bot a phrasing it missed: the quickest fix for a missed question."""
        phrasing = " ".join(phrasing.split())
        if not phrasing:
            raise InputError("phrasing: must not be empty")
        if len(phrasing) > MAX_PHRASING:
            raise InputError(f"phrasing: at most {MAX_PHRASING} characters (got {len(phrasing)})")
        _, file, _ = self.locate("fact", fact_id)

        def mutate(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
            for record in data["facts"]:
                if record["id"] == fact_id:
                    before = copy.deepcopy(record)
                    known = {p.casefold() for p in [record["question"], *record["phrasings"]]}
                    if phrasing.casefold() in known:
                        raise InputError(f"phrasing: the fact {fact_id!r} already has {phrasing!r}")
                    record["phrasings"].append(phrasing)
                    return before, record
            raise NotFoundError(f"no fact with id {fact_id!r}")

        return self._apply(file, "fact alias", "fact", fact_id, mutate, moderator)

    # ------------------------------------------------------------ history

    def history(self, kind: str, record_id: str) -> list[Version]:
        """The completed changes to a record, oldest first (kind "article": imports and their reverts)."""
        return [
            Version(number, row.time, row.moderator, row.command, row.before, row.after)
            for number, row in enumerate(self.store.audit(kind=kind, target=record_id), start=1)
        ]

    def revert(self, kind: str, record_id: str, moderator: Moderator, version: int | None = None) -> Change:
        """Undo the last change (no version), or restore the state right after `version`.

        Kind "article" reverts a `/kb import` (or an earlier revert of one): the whole file."""
        if kind == "article":
            return self._revert_article(record_id, moderator, version)
        versions = self.history(kind, record_id)
        if not versions:
            raise NotFoundError(f"no recorded changes to {kind} {record_id!r}")
        change, after = restore_point(versions, version)
        target_state = change.after if after else change.before
        section = KIND_SECTION[kind]
        try:
            _, file, _ = self.locate(kind, record_id)
        except NotFoundError:
            file = None
        if file is None:
            # The article the record was last recorded in (a quote and a fact may share an id).
            rows = self.store.audit(kind=kind, target=record_id)
            _, file = self.article_file(rows[-1].article if rows else None)

        def mutate(data: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
            records = data.setdefault(section, [])
            index = next((i for i, r in enumerate(records) if r["id"] == record_id), None)
            before = copy.deepcopy(records[index]) if index is not None else None
            if target_state is None:
                if index is not None:
                    records.pop(index)
            elif index is None:
                records.append(copy.deepcopy(target_state))
            else:
                records[index] = copy.deepcopy(target_state)
            return before, copy.deepcopy(target_state) if target_state is not None else None

        return self._apply(file, f"{kind} revert", kind, record_id, mutate, moderator)

    def _revert_article(self, article_id: str, moderator: Moderator, version: int | None) -> Change:
        """Put back the whole file as it was before the last import (or right after `version`);
        an article that an import added is removed."""
        file, text = self._recorded_file(article_id, version)
        with self._locked():
            current = file.read_text(encoding="utf-8") if file.exists() else None
            if current == text:
                raise InputError(f"article {article_id!r}: {file.name} is already in that state; nothing to revert")
            new_article = self._restorable(text, file) if text is not None else None
            old_article = parse_article(current, file)[0] if current is not None else None
            before = article_data(old_article) if old_article is not None else None
            after = article_data(new_article) if new_article is not None else None
            command = "article revert"
            notice = self.write_change(
                file,
                current,
                text,
                moderator=moderator,
                command=command,
                kind="article",
                target=article_id,
                article=article_id,
                before=before,
                after=after,
                keep_texts=True,
            )
            if text is not None and new_article is not None:
                self.cache.put(self.cache.key(text.encode("utf-8")), new_article)
        return Change(command, "article", article_id, article_id, before, after, notice)

    def _recorded_file(self, article_id: str, version: int | None) -> tuple[Path, str | None]:
        """The article's file and the text a revert puts in it: before the last recorded change,
        or right after `version` (None: the file did not exist)."""
        rows = self.store.audit(kind="article", target=article_id)
        if not rows:
            raise NotFoundError(f"no recorded changes to article {article_id!r}")
        chosen, after = restore_point(rows, version)
        text = file_text(chosen.new_text, chosen.after) if after else file_text(chosen.previous_text, chosen.before)
        return self.knowledge_dir / (rows[-1].file or chosen.file or f"{article_id}.yaml"), text

    def _restorable(self, text: str, file: Path) -> Article:
        """The article a recorded text holds, valid alone and beside the other articles."""
        article, problems = parse_article(text, file)
        if article is None:
            raise FactBaseError(problems)
        others = [(a, f) for a, f in self._articles() if f != file]
        problems = check_unique_across([*others, (article, file)])
        # Its quotes and excerpts against the article's stored text as it is now (a revert
        # past a later /kb article must not leave a base that no longer loads).
        problems += stored_text_problems(article, self.knowledge_dir, file)
        if problems:
            raise FactBaseError(problems)
        return article

    # ------------------------------------------------------------ import

    def preview_import(self, text: str, name: str) -> tuple[Article, Path, str]:
        """Validate an uploaded article file; say what applying it would change."""
        file = self.knowledge_dir / Path(name).name
        if file.suffix not in (".yaml", ".yml"):
            raise InputError("file: must be a .yaml file")
        article, problems = parse_article(text, Path(file.name))
        if article is None:
            raise FactBaseError(problems)
        existing = {a.id: (a, f) for a, f in self._articles()}
        current = existing.get(article.id)
        if current is not None:
            file = current[1]
        else:
            holder = next((a.id for a, f in existing.values() if f == file), None)
            if holder is not None:
                raise InputError(
                    f"file: {file.name} holds the article {holder!r}, not {article.id!r}; keep its id to "
                    "replace it, or give the new article a file name of its own"
                )
        others = [(a, f) for a, f in existing.values() if f != file]
        duplicates = check_unique_across([*others, (article, file)])
        if duplicates:
            raise FactBaseError(duplicates)
        mismatches = stored_text_problems(article, self.knowledge_dir, Path(file.name))
        if mismatches:
            raise FactBaseError(mismatches)
        return article, file, summarise_difference(current[0] if current else None, article)

    def apply_import(self, text: str, name: str, moderator: Moderator) -> Change:
        """Replace or add an article file; audited with the previous file, so `revert("article",
        id)` undoes it."""
        with self._locked():
            article, file, _ = self.preview_import(text, name)  # again under the lock: the base may have changed
            old_text = file.read_text(encoding="utf-8") if file.exists() else None
            old_article = parse_article(old_text, file)[0] if old_text is not None else None
            before = article_data(old_article) if old_article is not None else None
            after = article_data(article)
            new_text = leading_comment(text) + dump_article(after)
            if new_text == old_text:
                raise InputError(f"file: {file.name} already holds exactly this; nothing to import")
            notice = self.write_change(
                file,
                old_text,
                new_text,
                moderator=moderator,
                command="kb import",
                kind="article",
                target=article.id,
                article=article.id,
                before=before,
                after=after,
                keep_texts=True,
            )
            new_article = parse_article(new_text, file)[0]
            if new_article is not None:
                self.cache.put(self.cache.key(new_text.encode("utf-8")), new_article)
        return Change("kb import", "article", article.id, article.id, before, after, notice)


def _check_id(value: object) -> None:
    if not isinstance(value, str) or not _SLUG.match(value) or len(value) > 64:
        raise InputError("id: use lower-case letters and digits in hyphen-separated words, at most 64 characters")


def _relative_problems(problems: list[Problem], kind: str, data: dict[str, Any], target: str) -> list[Problem]:
    """Name the edited record's own fields (`answer: ...`) rather than `facts[47].answer`."""
    section = KIND_SECTION[kind]
    index = next((i for i, r in enumerate(data.get(section, [])) if r.get("id") == target), None)
    prefix = f"{section}[{index}]." if index is not None else None
    out = []
    for problem in problems:
        path = problem.key_path
        if prefix and path.startswith(prefix):
            path = path[len(prefix) :]
        out.append(Problem(problem.message, key_path=path))
    return out
