"""The drafted records: unique ids, clipped text, and one fact per claim sentence."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..models import DRAFT, MAX_ANSWER, MAX_EXCERPT, MAX_ID, MAX_NAME, MIN_PHRASINGS
from ..records import slug
from ._frames import Attributor
from ._grammar import lower_words
from ._lexicon import FUNCTION_WORDS, PARAPHRASE_VERBS, SPEECH_FINITE, SPEECH_GERUND
from ._paragraphs import Para, QuoteSpan, Sentence
from ._people import People
from ._phrasings import fact_phrasings


def clip_text(text: str, limit: int) -> str:
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
    return " ".join([w for w in lower_words(text) if w not in FUNCTION_WORDS][:count]) or "x"


def fact_records(paras: list[Para], people: People, taken: set[str], attributor: Attributor) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for para in paras:
        for sentence in para.sentences:
            narration = para.masked[sentence.start : sentence.end]
            inside = [
                q for q in para.quotes if not q.scare and sentence.start <= q.open_at < sentence.end and q.text and q.id
            ]
            told = [w for w in lower_words(narration.replace("X", " ")) if w not in FUNCTION_WORDS]
            told = [w for w in told if w not in SPEECH_FINITE | SPEECH_GERUND]
            names = {w.lower() for p in people.people.values() for w in p.tokens}
            claim = [w for w in told if w not in names and w not in ("statement", "twitter")]
            if len(claim) < 3 and inside and all(q.speaker for q in inside):
                continue  # a quote with its attribution: the quote covers it
            frame = attributor.frame(para, sentence.start, min(sentence.end, sentence.start + 160), False)
            attributed: str | None = None
            if frame.speaker and frame.verb in PARAPHRASE_VERBS:
                attributed = frame.speaker
            elif frame.group and frame.verb in PARAPHRASE_VERBS:
                attributed = frame.group
            facts.append(fact_record(para, sentence, people, taken, attributed, inside))
    return facts


def fact_record(
    para: Para,
    sentence: Sentence,
    people: People,
    taken: set[str],
    attributed: str | None,
    inside: list[QuoteSpan],
) -> dict[str, Any]:
    text = para.text[sentence.start : sentence.end].strip()
    evidence = clip_text(text, min(MAX_EXCERPT, MAX_ANSWER))
    named = []
    for mention in people.mentions_between(para.number, sentence.start, sentence.end):
        name = people.people[mention.person].name
        if name not in named:
            named.append(name)
    subject = people.people[attributed].name if attributed in people.people else None
    if subject is None and re.match(r"\s*(?:He|She)\b", text):
        person = people.antecedent(para.number, sentence.start, "m" if text.lstrip()[0] == "H" else "f")
        subject = people.people[person].name if person else None
    places = [s for s in re.findall(r"\b(?:in|at|from|to)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)", text)]
    question, phrasings = fact_phrasings(text, para.number, subject, named, places)
    record: dict[str, Any] = {
        "id": unique_id(content_slug(text, 6), taken),
        "question": question,
        "phrasings": phrasings[: max(MIN_PHRASINGS, 15)],
        "answer": evidence,
        "evidence": {"text": evidence, "paragraphs": [para.number]},
    }
    if attributed:
        record["attributed_to"] = attributed[:MAX_NAME]
    if inside:
        record["quotes"] = [q.id for q in inside]
    record["status"] = DRAFT
    return record
