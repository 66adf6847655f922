"""FactDesk's one family of domain errors, with messages fit to show a user.

Every error that has a place (file, line, key path) names it, so a curator or a
moderator can go straight to the problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    """One located problem: `knowledge/x.yaml:42 facts[3].evidence.paragraphs: ...`."""

    message: str
    file: Path | None = None
    line: int | None = None
    column: int | None = None
    key_path: str = ""

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
                if self.column is not None:
                    where += f":{self.column}"
        parts = [p for p in (where, self.key_path) if p]
        prefix = " ".join(parts)
        return f"{prefix}: {self.message}" if prefix else self.message


class FactDeskError(Exception):
    """Base of every error FactDesk expects and can explain to a user."""


class FactBaseError(FactDeskError):
    """The fact base (or a proposed change to it) is invalid; lists every problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class NotFoundError(FactDeskError):
    """A fact, quote, person or article id that does not exist."""


class ConfigError(FactDeskError):
    """A setting is missing or invalid."""


class InputError(FactDeskError):
    """A user's input breaks a limit or a format; the message names the field."""


class StorageError(FactDeskError):
    """A change or a record could not be stored; the message names the cause, and nothing was
    half done (the change was refused before its file was written, or undone)."""
