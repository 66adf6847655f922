"""An article's file as text and as data: the canonical YAML dump (the one writer of fact base
files), the comment a file starts with, content hashes, and what changing one into another
changes (for confirmation prompts)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from .models import Article


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


def text_hash(text: str | None) -> str | None:
    return None if text is None else hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return None


def file_text(text: str | None, data: dict[str, Any] | None) -> str | None:
    """A file's recorded text; for records of an earlier version (no text), its canonical dump."""
    if text is not None:
        return text
    return dump_article(data) if data is not None else None


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
