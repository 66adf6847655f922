"""The drafted records of quotes and people, and what every record needs: unique ids and clipped text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..models import DRAFT, MAX_ANSWER, MAX_CONTEXT, MAX_ID, MAX_NAME, MAX_QUOTE
from ..records import slug
from ._grammar import lower_words
from ._lexicon import FUNCTION_WORDS
from ._names import Draftee
from ._paragraphs import Para, QuoteSpan
from ._people import People

FALLBACK_ROLE = "named in the article"
MAX_PERSON_PARAGRAPHS = 50  # the schema's cap on the paragraphs one record cites


def clip_text(text: str, limit: int) -> str:
    """The text cut to `limit` characters, at a word boundary when one is near the end."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip(" ,;:")


class TakenIds(set[str]):
    """The ids in use, and the next number to try for each base (numbering is linear, not quadratic)."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        super().__init__(ids)
        self.next_number: dict[str, int] = {}


def unique_id(base: str, taken: set[str]) -> str:
    """An id made from `base` that is not in `taken` (numbered when it is), added to `taken`."""
    base = slug(base, MAX_ID - 3)
    counters = taken.next_number if isinstance(taken, TakenIds) else {}
    number = counters.get(base, 1)  # 1: the bare base
    candidate = base if number == 1 else f"{base}-{number}"
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    counters[base] = number + 1
    taken.add(candidate)
    return candidate


def content_slug(text: str, count: int) -> str:
    """The first `count` content words of a text, for an id."""
    return " ".join([w for w in lower_words(text) if w not in FUNCTION_WORDS][:count]) or "x"


def quote_records(
    paras: list[Para], people: People, taken: set[str]
) -> tuple[list[dict[str, Any]], list[tuple[str, int, str]]]:
    """A record for every quote (each quote gets its id), and the quotes without a speaker: id, paragraph, text."""
    records: list[dict[str, Any]] = []
    unresolved: list[tuple[str, int, str]] = []
    for para in paras:
        for quote in para.quotes:
            if quote.scare or not quote.text:
                continue
            record = _quote_record(para, quote, people, taken)
            if "speaker" not in record:
                unresolved.append((quote.id, para.number, record["text"]))
            records.append(record)
    return records, unresolved


def _quote_record(para: Para, quote: QuoteSpan, people: People, taken: set[str]) -> dict[str, Any]:
    speaker = people.people.get(quote.speaker) if quote.speaker else None
    prefix = slug(speaker.surname) if speaker else f"p{para.number}"
    quote.id = unique_id(f"{prefix}-{content_slug(quote.text, 4)}", taken)
    record: dict[str, Any] = {"id": quote.id}
    if speaker is not None:
        record["speaker"] = speaker.id
    text = clip_text(quote.text, MAX_QUOTE).rstrip()
    while text and text[-1] in '"“”':
        text = text[:-1].rstrip()
    record["text"] = text
    record["paragraph"] = para.number
    if quote.medium is not None:
        record["medium"] = quote.medium.value
    if speaker is not None:
        context = f"Quoted in paragraph {para.number}, attributed by the article: {quote.cue}"
    else:
        context = f"Quoted in paragraph {para.number}; the drafter could not tell who said it"
    record["context"] = clip_text(context, MAX_CONTEXT)
    record["status"] = DRAFT
    return record


def person_records(people: People) -> tuple[list[dict[str, Any]], list[str]]:
    """A record for every person named in a paragraph, and the names of those the article gives no role."""
    records: list[dict[str, Any]] = []
    without_role: list[str] = []
    for person in people.people.values():
        if not person.paragraphs:
            continue
        if not person.roles:
            without_role.append(person.name)
        records.append(_person_record(person))
    return records, without_role


def _person_record(person: Draftee) -> dict[str, Any]:
    role = person.roles[0] if person.roles else FALLBACK_ROLE
    numbers = sorted(person.paragraphs)[:MAX_PERSON_PARAGRAPHS]
    label = "paragraph" if len(numbers) == 1 else "paragraphs"
    where = f"is named in {label} {', '.join(map(str, numbers))}."
    # What later mentions add ("Vantreece, a Democrat from Eastbrook,"): in the summary, the role
    # staying the office the first mention gives.
    told = [role, *(r for r in person.roles[1:] if r.casefold() not in role.casefold())] if person.roles else []
    if person.age is not None:
        told.insert(0, person.age)
    summary = f"{person.name}, {', '.join(told)}, {where}" if told else f"{person.name} {where}"
    aliases = [person.surname] if person.surname != person.name else []
    phrasings = [f"who is {person.name.lower()}"]
    if aliases:
        phrasings.append(f"who is {person.surname.lower()}")
    if person.roles and not role.startswith("of "):
        # "the group’s president", "a professor of law": the role's own article stands for "the"
        bare = re.sub(r"^(?:the|a|an)\s+", "", clip_text(role, 150), flags=re.IGNORECASE)
        phrasings.append(f"who is the {bare.lower()}")
    return {
        "id": person.id,
        "name": person.name[:MAX_NAME],
        "role": role,
        "aliases": aliases,
        "summary": clip_text(summary, MAX_ANSWER),
        "phrasings": phrasings,
        "paragraphs": numbers,
        "status": DRAFT,
    }
