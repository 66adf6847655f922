"""Records from moderators' form text: one spec per kind (fact, quote, person) says which
fields its form has, how their text becomes a record and a record becomes the form again.

Discord-free, and the form's lengths are the validator's own limits (`models.MAX_*`): the
Discord layer only turns a spec's fields into a modal and hands back the values.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from .errors import InputError
from .models import (
    MAX_ANSWER,
    MAX_CONTEXT,
    MAX_EXCERPT,
    MAX_ID,
    MAX_NAME,
    MAX_QUESTION,
    MAX_QUOTE,
    MAX_ROLE,
)
from .text import plain

if TYPE_CHECKING:
    from .loader import KnowledgeBase

RecordKind = Literal["fact", "quote", "person"]

# Form-only lengths: lists typed as text, longer than any one item the validator bounds.
MAX_PARAGRAPH_LIST = 50  # "4, 5, 12"
MAX_PERSON_PARAGRAPHS = 100
MAX_ALIAS_LINES = 1000
MAX_PARAGRAPH_DIGITS = 6
MAX_MEDIUM = 20
# A new record's id: its text's first words, short enough for a "-2" to follow.
SLUG_WORDS = 6
SLUG_LIMIT = 56

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = MAX_ID, fallback: str = "x") -> str:
    """`St. Louis` -> `st-louis`, `Ana Beltrán` -> `ana-beltran`, clipped to `limit` at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    value = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    if len(value) > limit:
        value = value[:limit].rsplit("-", 1)[0].strip("-")
    return value or fallback


def unique_slug(text: str, taken: set[str], fallback: str = "fact") -> str:
    """An id made from the first words of `text`, numbered (`-2`, `-3`) past those `taken`."""
    base = slug(" ".join(plain(text).split()[:SLUG_WORDS]), SLUG_LIMIT, fallback)
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def split_lines(text: str) -> list[str]:
    """One item a line; bullets and blank lines dropped."""
    return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]


def parse_paragraphs(text: str, field: str = "paragraphs") -> list[int]:
    """`4, 5` or `4 5` -> [4, 5]."""
    parts = [p for p in re.split(r"[\s,;]+", text.strip()) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise InputError(f"{field}: give paragraph numbers such as '4' or '4, 5'")
    return [int(p) for p in parts]


def _numbers(values: list[int]) -> str:
    return ", ".join(map(str, values))


@dataclass(frozen=True)
class FormField:
    """One text input of a moderator's form; `max_length` None: as long as the form allows."""

    key: str
    label: str
    max_length: int | None
    paragraph: bool = False
    required: bool = True
    # A list typed as text ("\n": one item a line, ", ": numbers): a form too small for all of
    # its items shows the first ones that fit and keeps the rest (see `fit_form`).
    separator: str | None = None


Values = dict[str, str]
Record = dict[str, Any]


def fact_record(values: Values, fact_id: str, existing: Record | None = None) -> Record:
    """A fact's data from the form's text, keeping fields the form doesn't show."""
    record = dict(existing or {})
    record.update(
        {
            "id": fact_id,
            "question": values["question"].strip(),
            "phrasings": split_lines(values["phrasings"]),
            "answer": values["answer"].strip(),
            "evidence": {"text": values["evidence"].strip(), "paragraphs": parse_paragraphs(values["paragraphs"])},
        }
    )
    return record


def fact_values(record: Record) -> Values:
    return {
        "question": record["question"],
        "phrasings": "\n".join(record["phrasings"]),
        "answer": record["answer"],
        "evidence": record["evidence"]["text"],
        "paragraphs": _numbers(record["evidence"]["paragraphs"]),
    }


def quote_record(values: Values, quote_id: str, existing: Record | None = None) -> Record:
    paragraph = parse_paragraphs(values["paragraph"], "paragraph")
    if len(paragraph) != 1:
        raise InputError("paragraph: give exactly one paragraph number")
    record = dict(existing or {})
    record.update(
        {
            "id": quote_id,
            "speaker": values["speaker"].strip(),
            "text": values["text"].strip(),
            "paragraph": paragraph[0],
            "context": values["context"].strip(),
        }
    )
    # A blank medium clears it: None, because the editor's update keeps fields it isn't given.
    record["medium"] = values.get("medium", "").strip().lower() or None
    return record


def quote_values(record: Record) -> Values:
    return {
        "speaker": record["speaker"],
        "text": record["text"],
        "paragraph": str(record["paragraph"]),
        "medium": record.get("medium") or "",
        "context": record["context"],
    }


def person_record(values: Values, person_id: str, existing: Record | None = None) -> Record:
    record = dict(existing or {})
    record.update(
        {
            "id": person_id,
            "name": values["name"].strip(),
            "role": values["role"].strip(),
            "aliases": split_lines(values.get("aliases", "")),
            "summary": values["summary"].strip(),
            "paragraphs": parse_paragraphs(values["paragraphs"]),
        }
    )
    return record


def person_values(record: Record) -> Values:
    return {
        "name": record["name"],
        "role": record["role"],
        "aliases": "\n".join(record.get("aliases", [])),
        "summary": record["summary"],
        "paragraphs": _numbers(record["paragraphs"]),
    }


@dataclass(frozen=True)
class FittedForm:
    """A record's form text cut to what a form can hold: `values` and `labels` to show, and
    the items of each list left out (`hidden`), which `complete` adds back on submit."""

    values: Values
    labels: dict[str, str]
    hidden: dict[str, tuple[str, str]]  # key -> (separator, the items not shown, joined)

    def complete(self, submitted: Values) -> Values:
        """The submitted text with each list's hidden items after the shown ones the moderator kept."""
        done = dict(submitted)
        for key, (separator, rest) in self.hidden.items():
            shown = done.get(key, "").strip().strip(separator.strip() or "\n").strip()
            done[key] = f"{shown}{separator}{rest}" if shown else rest
        return done


def _items(value: str, separator: str) -> list[str]:
    return [item for item in (part.strip() for part in value.split(separator.strip() or "\n")) if item]


def fit_form(fields: Iterable[FormField], values: Values, limit: int) -> FittedForm:
    """Each list field's first items that fit in its input (`limit`, or the field's own
    `max_length` when smaller), labelled "Phrasings 1–19 of 120 (the rest are kept)"."""
    shown, labels, hidden = dict(values), {}, {}
    for field in fields:
        room = min(field.max_length or limit, limit)
        value = values.get(field.key, "")
        if field.separator is None or len(value) <= room:
            continue
        items = _items(value, field.separator)
        kept: list[str] = []
        size = 0
        for item in items:
            size += len(item) + (len(field.separator) if kept else 0)
            if size > room:
                break
            kept.append(item)
        shown[field.key] = field.separator.join(kept)
        hidden[field.key] = (field.separator, field.separator.join(items[len(kept) :]))
        labels[field.key] = f"{field.key.capitalize()} 1–{len(kept)} of {len(items)} (the rest are kept)"
    return FittedForm(shown, labels, hidden)


@dataclass(frozen=True)
class RecordSpec:
    """How one kind of record goes through a moderator's form."""

    kind: RecordKind
    fields: tuple[FormField, ...]
    build: Callable[[Values, str, Record | None], Record]  # form text -> record (id, kept fields)
    values: Callable[[Record], Values]  # record -> form text
    id_source: Callable[[Values], str]  # the text a new record's id is made from
    title: str  # the attribute that names a record in a list of choices

    def new_record(self, values: Values, taken: set[str]) -> Record:
        """A record from a new form, its id unique among the `taken` ids of its kind."""
        return self.build(values, unique_slug(self.id_source(values), taken), None)

    def edited_record(self, values: Values, record_id: str, existing: Record) -> Record:
        return self.build(values, record_id, existing)

    def records(self, kb: KnowledgeBase) -> Iterable[Any]:
        section = {"fact": kb.facts, "quote": kb.quotes, "person": kb.people}[self.kind]
        return (record for _, record in section)

    def ids(self, kb: KnowledgeBase) -> set[str]:
        return {record.id for record in self.records(kb)}

    def choices(self, kb: KnowledgeBase) -> list[tuple[str, str]]:
        """(label, id) of every record of this kind: `id — question` and so on."""
        return [(f"{r.id} — {getattr(r, self.title)}", r.id) for r in self.records(kb)]


FACT = RecordSpec(
    "fact",
    (
        FormField("question", "Question", MAX_QUESTION),
        FormField("phrasings", "Other phrasings (one per line, at least 5)", None, paragraph=True, separator="\n"),
        FormField("answer", "Answer (your own words)", MAX_ANSWER, paragraph=True),
        FormField("evidence", "Evidence (verbatim from the article)", MAX_EXCERPT, paragraph=True),
        FormField("paragraphs", "Paragraph numbers (e.g. 4, 5)", MAX_PARAGRAPH_LIST, separator=", "),
    ),
    fact_record,
    fact_values,
    lambda v: v["question"],
    "question",
)
QUOTE = RecordSpec(
    "quote",
    (
        FormField("speaker", "Speaker (person id)", MAX_ID),
        FormField("text", "Quote (verbatim, without quote marks)", MAX_QUOTE, paragraph=True),
        FormField("paragraph", "Paragraph number", MAX_PARAGRAPH_DIGITS),
        FormField("medium", "Medium: spoken, statement, twitter (or blank)", MAX_MEDIUM, required=False),
        FormField("context", "Context (one line, your own words)", MAX_CONTEXT),
    ),
    quote_record,
    quote_values,
    lambda v: f"{v['speaker']} {v['text']}",
    "text",
)
PERSON = RecordSpec(
    "person",
    (
        FormField("name", "Full name", MAX_NAME),
        FormField("role", "Role, as of the article", MAX_ROLE),
        FormField(
            "aliases",
            "Other names readers use (one per line)",
            MAX_ALIAS_LINES,
            paragraph=True,
            required=False,
            separator="\n",
        ),
        FormField("summary", "Who they are and what they did", MAX_ANSWER, paragraph=True),
        FormField("paragraphs", "Paragraphs they appear in", MAX_PERSON_PARAGRAPHS, separator=", "),
    ),
    person_record,
    person_values,
    lambda v: v["name"],
    "name",
)
RECORD_SPECS: dict[RecordKind, RecordSpec] = {spec.kind: spec for spec in (FACT, QUOTE, PERSON)}
