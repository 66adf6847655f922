"""What an entry's own text says about a question's presuppositions and the detail it asks
for: numbers, negations, media, titles. Pure functions over text, for the engine's checks.
"""

from __future__ import annotations

import re

from .question import Detail
from .text import STOPWORDS, stem, tokens

_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
}  # fmt: skip
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|\bnoon\b|\bmidnight\b|\bo[’']clock\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_AMOUNT = re.compile(r"\$\s?\d|\b\d[\d,.]*\s*(?:million|billion|thousand|dollars)\b|\b(?:millions|billions)\b", re.I)
_EXACT_AMOUNT = re.compile(r"\$\s?\d|\b\d[\d,.]*\s*(?:million|billion|thousand|dollars)\b", re.IGNORECASE)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "doesnt", "didnt", "dont", "isnt", "wasnt", "arent", "werent",
                        "wont", "cant", "cannot", "hasnt", "havent", "hadnt", "neither", "without"})  # fmt: skip
NEGATION_REACH = 3

MEDIUM_WORDS = {"twitter": "on Twitter", "statement": "in a statement", "spoken": "aloud"}
_TEXT_MEDIA = (
    ("twitter", re.compile(r"\b(?:on twitter|tweeted|tweet|wrote on x|posted on)\b", re.IGNORECASE)),
    ("statement", re.compile(r"\bstatement\b", re.IGNORECASE)),
)


def numbers_in(text: str) -> set[str]:
    """The numbers a text gives, digits and words alike ("23", "two dozen" -> {"23", "2"})."""
    found = {n.replace(",", "") for n in _DIGITS.findall(text)}
    found.update(_NUMBER_WORDS[t] for t in tokens(text) if t in _NUMBER_WORDS)
    return found


def number_value(word: str) -> str:
    return _NUMBER_WORDS.get(word.casefold(), word.replace(",", ""))


def has_detail(detail: Detail, text: str) -> bool:
    """Whether `text` gives the detail a question asks for (a clock time, a year, an amount)."""
    if detail is Detail.clock:
        return _CLOCK.search(text) is not None
    if detail is Detail.year:
        return _YEAR.search(text) is not None
    if detail is Detail.amount:
        return _AMOUNT.search(text) is not None
    if detail is Detail.exact_amount:
        return _EXACT_AMOUNT.search(text) is not None
    return True


def names_noun(noun: str, text: str) -> bool:
    """Whether `text` gives a proper name for `noun` ("the Byrne JAG program"): a capitalised
    word just before it, not at the start of a sentence."""
    pattern = re.compile(rf"(?<![.!?]\s)(?<!^)\b([A-Z][\w-]*)\s+{re.escape(noun)}", re.IGNORECASE)
    return any(m.group(1)[0].isupper() for m in pattern.finditer(text))


def negated_stems(text: str) -> set[str]:
    """Stems of the words a negation governs ("doesn't ask people" -> {"ask", "people"})."""
    words = tokens(text)
    found: set[str] = set()
    for position, word in enumerate(words):
        if word in _NEGATIONS:
            for follower in words[position + 1 : position + 1 + NEGATION_REACH]:
                if follower not in STOPWORDS:
                    found.add(stem(follower))
    return found


def is_negated(text: str) -> bool:
    return any(t in _NEGATIONS for t in tokens(text))


def medium_in_text(text: str) -> str | None:
    """The medium a text names for the words it reports, if any."""
    for medium, pattern in _TEXT_MEDIA:
        if pattern.search(text):
            return medium
    return None


def sentence_with(text: str, stems: set[str]) -> str:
    """The first sentence of `text` holding one of `stems` (else the first sentence)."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    for part in parts:
        if stems & {stem(t) for t in tokens(part)}:
            return part
    return parts[0]
