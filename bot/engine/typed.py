"""Answers by the kind of value a question asks for: "how many buses ...?", "when is the repair
now expected to be done?" met with the drafted sentence that gives a value of that kind (a
number, a time) next to the question's own words ("35 buses", "until at least late October").

A drafted fact is the article's sentence with no curated phrasings, so a reader's wording
scores lower against it than against a curated fact; the value the question asks for, close
to what it asks about, is the evidence that the sentence answers it (as factoid question
answering has long matched an answer's type and its neighbourhood).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .index import Query, Scored
from .models import Fact
from .text import content_stems, plain, stem, words

if TYPE_CHECKING:
    from .answers import Engine

# What the question asks for, from its words: a count of something, an amount, a time.
_HOW_MANY = re.compile(r"\bhow many (?P<head>[a-z’'-]+)(?: (?P<next>[a-z’'-]+))?")
# "how long was it out of service?", "how strong were the gusts?": a number with its unit
_ASKS_MEASURE = re.compile(r"\bhow (?:long|hard|strong|big|fast|old|loud|large|close)\b")
# "how tall will the levee be?", "how deep is the well?": a size, given with its unit ("12 feet")
_ASKS_SIZE = re.compile(r"\bhow (?:tall|high|deep|wide|far|heavy)\b")
_ASKS_AMOUNT = re.compile(
    r"\bhow much\b|\bwhat (?:is |was |will be )?(?:the )?(?:price|price tag|fine|sum|amount)\b|"
    r"\bwhat (?:did|does|do|will|would|could) (?:[\w’'-]+ ){1,6}?cost\b"
)
_ASKS_TIME = re.compile(
    r"^(?:so |and |but |ok )?(?:when|by when|until when|since when)\b|"
    r"\b(?:what|which) (?:date|day|year|month)\b|\bby what (?:date|time|day|month)\b|"
    r"\bwhat (?:is |was )?(?:the )?deadline\b"
)
_COUNT = re.compile(
    r"\b\d[\d,]*(?:\.\d+)?\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds|thousands)\b",
    re.IGNORECASE,
)
_AMOUNT = re.compile(
    r"[$€£]\s?\d[\d,.]*(?:\s*(?:million|billion|thousand))?|\b\d[\d,.]*\s*(?:million|billion|percent|%)", re.I
)
_TIME = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|aug|sept?|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"spring|summer|fall|autumn|winter)\b\.?|\b(?:1[89]|20)\d\d\b|\b\d{1,2}(?::\d\d)?\s*[ap]\.m\.",
    re.IGNORECASE,
)
_SIZE = re.compile(
    r"\b\d[\d,]*(?:\.\d+)?[\s-]*(?:feet|foot|ft|inch|inches|mile|miles|meters?|metres?|kilometers?|yards?|"
    r"pounds?|tons?|stories|storeys|floors)\b",
    re.IGNORECASE,
)
# An amount, a measure, a size or a time asked for, in this order, and the value that gives it.
_ASKED_VALUES = ((_ASKS_AMOUNT, _AMOUNT), (_ASKS_SIZE, _SIZE), (_ASKS_MEASURE, _COUNT), (_ASKS_TIME, _TIME))
NEAR = 40  # characters either side of an amount or a time that count as its neighbourhood
HEAD_AFTER = 3  # words after a count within which the thing counted must come ("35 buses", "22 fireworks nights")
TYPED_FLOOR = 0.2  # how well the sentence must match the question on its words alone
TYPED_SPAN = 0.15  # how far below the best entry it may rank
TYPED_COVERAGE = 0.45  # of the weight of the question's words (beyond names and the asking) the sentence must hold
# The words a question uses to ask for the value, not about the thing valued.
_ASKING = frozenset(map(stem, words("many much high tall long far loud big deep wide large old fast heavy often "
                                    "number percentage share amount time date day year month expect expected "
                                    "price tag deadline hard strong close")))  # fmt: skip


def _counted(head: set[str], text: str) -> bool:
    """Whether `text` counts the thing asked about: a number with one of `head` just after it."""
    for found in _COUNT.finditer(text):
        after = content_stems(" ".join(text[found.end() :].split()[:HEAD_AFTER]))
        if head & after:
            return True
    return False


def _near(value: re.Pattern[str], text: str, asked: set[str]) -> bool:
    """Whether `text` gives a value of the kind asked with one of the question's words beside it."""
    for found in value.finditer(text):
        if asked & content_stems(text[max(0, found.start() - NEAR) : found.end() + NEAR]):
            return True
    return False


def _value_check(question: str) -> Callable[[str, set[str]], bool] | None:
    """How to tell whether a text gives the value `question` asks for beside what it asks
    about (the text and the question's words), or None when it asks for no value of a kind
    this knows."""
    folded = plain(question)
    many = _HOW_MANY.search(folded)
    if many:
        head = {stem(w) for w in (many.group("head"), many.group("next")) if w} - _ASKING
        return lambda text, _asked: _counted(head, text)
    value = next((v for asks, v in _ASKED_VALUES if asks.search(folded)), None)
    if value is None:
        return None
    return lambda text, asked: _near(value, text, asked)


def _gives_value(question: str, text: str, asked: set[str]) -> bool | None:
    """Whether `text` gives the value `question` asks for beside what it asks about; None when
    the question asks for no value of a kind this knows."""
    check = _value_check(question)
    return None if check is None else check(text, asked)


def typed_lead(engine: Engine, question: str, query: Query, ranked: list[Scored]) -> Scored | None:
    """The best drafted fact near the top that gives the kind of value the question asks for
    beside the question's own words, and holds most of what it asks, when no entry clears the
    threshold; None if there is none."""
    check = _value_check(question) if ranked else None
    if check is None:
        return None
    names = engine.index.parts.name_stems
    asked = {
        w: engine.index.weight(w)
        for w in query.content
        if not w.startswith("?") and w not in _ASKING and w not in names
    }
    floor = max(TYPED_FLOOR, ranked[0].score - TYPED_SPAN)
    for scored in ranked:
        if scored.score < floor:
            break
        fact = scored.entry.record
        if not isinstance(fact, Fact) or fact.status is None or fact.not_in_article:
            continue
        # What the question asks of the thing it names: the words the sentence prints as a
        # name ("Cascade Valley Power") tell which thing, not that the sentence answers it.
        proper = _proper(fact.evidence.text)
        own = {w: weight for w, weight in asked.items() if w not in proper}
        held = sum(weight for word, weight in own.items() if word in scored.entry.bag)
        total = sum(own.values())
        if total and held >= TYPED_COVERAGE * total and check(fact.evidence.text, set(own)):
            return scored
    return None


_CAPITALISED = re.compile(r"(?<=[a-z,;:’'”)] )[A-Z][\w’'-]*(?: [A-Z][\w’'-]*)*")


def _proper(text: str) -> set[str]:
    """The stems of the words `text` prints as names, capitalised within a sentence."""
    return {w for m in _CAPITALISED.finditer(text) for w in content_stems(m.group())}
