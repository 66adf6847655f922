"""The drafted facts: one per claim sentence (a sentence that only attributes a quote is the quote's),
with its evidence, the person or group it is attributed to, and its questions."""

from __future__ import annotations

import re
from typing import Any

from ..models import DRAFT, MAX_ANSWER, MAX_EXCERPT, MAX_NAME, MIN_PHRASINGS
from ._frames import Attributor
from ._grammar import lower_words
from ._lexicon import FUNCTION_WORDS, PARAPHRASE_VERBS, SPEECH_FINITE, SPEECH_GERUND
from ._paragraphs import Para, QuoteSpan, Sentence
from ._people import People
from ._phrasings import fact_phrasings
from ._records import clip_text, content_slug, unique_id


def fact_records(paras: list[Para], people: People, taken: set[str], attributor: Attributor) -> list[dict[str, Any]]:
    """A fact for every sentence that claims something of its own."""
    facts: list[dict[str, Any]] = []
    for para in paras:
        for sentence in para.sentences:
            inside = _quotes_inside(para, sentence)
            if _covered_by_quotes(para, sentence, people, inside):
                continue  # a quote with its attribution: the quote covers it
            facts.append(fact_record(para, sentence, people, taken, _attributed(attributor, para, sentence), inside))
    return facts


def uncited_facts(
    paras: list[Para], people: People, taken: set[str], quotes: list[dict[str, Any]], facts: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every paragraph is cited: a paragraph no quote or fact cites (one of quotes alone) gets a fact of its
    whole text."""
    cited = {q["paragraph"] for q in quotes} | {n for f in facts for n in f["evidence"]["paragraphs"]}
    return [
        fact_record(para, Sentence(para.number, 0, len(para.text), -1), people, taken, None, [])
        for para in paras
        if para.number not in cited
    ]


def _quotes_inside(para: Para, sentence: Sentence) -> list[QuoteSpan]:
    """The drafted quotes that open in the sentence."""
    return [q for q in para.quotes if not q.scare and sentence.start <= q.open_at < sentence.end and q.text and q.id]


def _covered_by_quotes(para: Para, sentence: Sentence, people: People, inside: list[QuoteSpan]) -> bool:
    """Whether the sentence only attributes its quotes: fewer than three words of its own besides names,
    speech verbs and "statement", and every quote in it has its speaker."""
    narration = para.masked[sentence.start : sentence.end]
    told = [w for w in lower_words(narration.replace("X", " ")) if w not in FUNCTION_WORDS]
    told = [w for w in told if w not in SPEECH_FINITE | SPEECH_GERUND]
    names = {w.lower() for p in people.people.values() for w in p.tokens}
    claim = [w for w in told if w not in names and w not in ("statement", "twitter")]
    return len(claim) < 3 and bool(inside) and all(q.speaker for q in inside)


def _attributed(attributor: Attributor, para: Para, sentence: Sentence) -> str | None:
    """The person (or group: "officials") a paraphrase verb gives the sentence's claim to."""
    frame = attributor.frame(para, sentence.start, min(sentence.end, sentence.start + 160), False)
    if frame.verb not in PARAPHRASE_VERBS:
        return None
    return frame.speaker or frame.group or None


def fact_record(
    para: Para,
    sentence: Sentence,
    people: People,
    taken: set[str],
    attributed: str | None,
    inside: list[QuoteSpan],
) -> dict[str, Any]:
    """The fact of one sentence: its text as evidence and answer, its questions, and whose claim it is."""
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
