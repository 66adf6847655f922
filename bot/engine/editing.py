"""Moderators' changes to the fact base: validated, atomic, serialised, audited, reversible.

The YAML files stay the source of truth. Every change re-reads the file, applies one edit
to its data, validates the result with the same validator as `python -m bot validate`,
writes it atomically (temporary file, fsync, `os.replace`, fsync of the directory) under a
lock, and appends before/after to `DATA_DIR/audit.jsonl`, which history and revert read.
"""

from __future__ import annotations

import contextlib
import copy
import fcntl
import os
import re
import secrets
import stat
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .article_text import stored_text_problems
from .errors import FactBaseError, InputError, NotFoundError, Problem
from .loader import article_files, check_unique_across, parse_article, read_article
from .models import MAX_PHRASING, SLUG_PATTERN, Article
from .parsecache import ParseCache
from .storage import JsonLines

SECTIONS = ("facts", "quotes", "people")
KIND_SECTION = {"fact": "facts", "quote": "quotes", "person": "people"}
_SLUG = re.compile(SLUG_PATTERN)
# `write_atomically`'s temporary files: `.<name>.<random>.tmp`, beside the file they replace.
_TEMP_FILE = re.compile(r"\.(?P<name>.+)\.[0-9a-f]{16}\.tmp")


class _Dumper(yaml.SafeDumper):
    """Deterministic YAML: block style, Unicode kept, no line wrapping, multi-line text as `|`."""


def _str_representer(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_article(data: dict[str, Any]) -> str:
    """The canonical text of one article file (stable key order: the schema's)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=float("inf"), indent=2)


def leading_comment(text: str) -> str:
    """The comment block a file starts with, kept when the file is rewritten."""
    lines = []
    for line in text.splitlines(keepends=True):
        if not line.startswith("#"):
            break
        lines.append(line)
    return "".join(lines)


def article_data(article: Article) -> dict[str, Any]:
    """An article as plain data in schema order, without empty optional fields.

    Fields at their default (`attributed_to: article`, `quotes: []`, ...) are left out, as
    curators write them, so an edit does not add them to every record of the file.
    """
    data: dict[str, Any] = article.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    return data


def _create_temp_file(path: Path) -> tuple[int, Path]:
    """A new empty temporary file beside `path`, created with the umask's permissions."""
    while True:
        temp = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp
        except FileExistsError:
            continue


def write_atomically(path: Path, text: str) -> None:
    """Replace `path` with `text` so a crash at any moment leaves the old file or the new one.

    The new file keeps the old one's permissions (a new file gets the umask's): a temporary
    file from `tempfile.mkstemp` is owner-only, which would hide the fact base from every
    other user after the first edit.
    """
    directory = path.parent
    fd, temp_name = _create_temp_file(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(handle.fileno(), stat.S_IMODE(path.stat().st_mode))
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    dir_fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


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
        self, knowledge_dir: Path, data_dir: Path, *, git_commit: bool = False, cache: ParseCache | None = None
    ) -> None:
        self.knowledge_dir = knowledge_dir
        self.cache = cache if cache is not None else ParseCache()
        self.audit = JsonLines(data_dir / "audit.jsonl")
        self.git_commit = git_commit
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def _locked(self) -> Any:
        """One writer at a time: a thread lock here, a file lock for other processes sharing the directory."""
        with self._lock, open(self.knowledge_dir / ".factdesk.lock", "a") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                self._remove_stale_temp_files()
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
            write_atomically(file, text)
            self.cache.put(self.cache.key(text.encode("utf-8")), new_article)
            change = Change(command, kind, target, new_article.id, before, after)
            self.audit.append(
                {
                    "moderator_id": moderator.id,
                    "moderator": moderator.name,
                    "command": command,
                    "kind": kind,
                    "target": target,
                    "article": new_article.id,
                    "before": before,
                    "after": after,
                }
            )
            if self.git_commit:
                self._commit(file, f"{command} {target} (by {moderator.name} via FactDesk)", moderator)
            return change

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

    def update(self, kind: str, record_id: str, changes: dict[str, Any], moderator: Moderator) -> Change:
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

        return self._apply(file, f"{kind} edit", kind, record_id, mutate, moderator)

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
        versions: list[Version] = []
        for entry in self.audit:
            if entry.get("kind") == kind and entry.get("target") == record_id:
                versions.append(
                    Version(
                        number=len(versions) + 1,
                        time=str(entry.get("time", "")),
                        moderator=str(entry.get("moderator", "")),
                        command=str(entry.get("command", "")),
                        before=entry.get("before"),
                        after=entry.get("after"),
                    )
                )
        return versions

    def revert(self, kind: str, record_id: str, moderator: Moderator, version: int | None = None) -> Change:
        """Undo the last change (no version), or restore the state right after `version`."""
        versions = self.history(kind, record_id)
        if not versions:
            raise NotFoundError(f"no recorded changes to {kind} {record_id!r}")
        if version is None:
            target_state = versions[-1].before
        elif 1 <= version <= len(versions):
            target_state = versions[version - 1].after
        else:
            raise InputError(f"version: must be between 1 and {len(versions)}")
        section = KIND_SECTION[kind]
        try:
            _, file, _ = self.locate(kind, record_id)
        except NotFoundError:
            file = None
        if file is None:
            # The article the record was last recorded in (a quote and a fact may share an id).
            article_id = None
            for entry in self.audit:
                if entry.get("kind") == kind and entry.get("target") == record_id:
                    article_id = str(entry["article"])
            _, file = self.article_file(article_id)

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
        article, file, _ = self.preview_import(text, name)
        with self._locked():
            before = article_data(self._read(file)[0]) if file.exists() else None
            new_text = leading_comment(text) + dump_article(article_data(article))
            write_atomically(file, new_text)
            self.audit.append(
                {
                    "moderator_id": moderator.id,
                    "moderator": moderator.name,
                    "command": "kb import",
                    "kind": "article",
                    "target": article.id,
                    "article": article.id,
                    "before": before,
                    "after": article_data(article),
                }
            )
            if self.git_commit:
                self._commit(file, f"kb import {article.id} (by {moderator.name} via FactDesk)", moderator)
        return Change("kb import", "article", article.id, article.id, before, article_data(article))

    # ------------------------------------------------------------ git

    def _commit(self, file: Path, message: str, moderator: Moderator) -> None:
        """Commit the change where the knowledge directory is in a git work tree; never fail the edit."""
        cwd = str(file.parent)
        inside = subprocess.run(
            ["git", "rev-parse", "--is-inside-work-tree"], cwd=cwd, capture_output=True, text=True, check=False
        )
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            return
        author = f"{moderator.name} <{moderator.id}@users.discord>"
        subprocess.run(["git", "add", "--", file.name], cwd=cwd, capture_output=True, check=False)
        subprocess.run(
            ["git", "commit", "--quiet", "--author", author, "-m", message, "--", file.name],
            cwd=cwd,
            capture_output=True,
            check=False,
            env={**os.environ, "GIT_COMMITTER_NAME": "FactDesk", "GIT_COMMITTER_EMAIL": "factdesk@localhost"},
        )


def summarise_difference(old: Article | None, new: Article) -> str:
    """`facts: +2 -1 ~3; quotes: ...` for a confirmation prompt."""
    if old is None:
        return f"new article {new.id!r}: {len(new.facts)} facts, {len(new.quotes)} quotes, {len(new.people)} people"
    old_data, new_data = article_data(old), article_data(new)
    parts = []
    for section in ("people", "quotes", "facts"):
        before = {r["id"]: r for r in old_data.get(section, [])}
        after = {r["id"]: r for r in new_data.get(section, [])}
        added = len(after.keys() - before.keys())
        removed = len(before.keys() - after.keys())
        changed = sum(1 for k in after.keys() & before.keys() if after[k] != before[k])
        parts.append(f"{section}: +{added} -{removed} ~{changed}")
    if old_data.get("source") != new_data.get("source"):
        parts.append("source changed")
    return "; ".join(parts)


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
