"""The words of the search index: how a text becomes the tokens it is matched on, and the
numbered vocabulary of a fact base with typo correction over it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from rapidfuzz import fuzz, process

from .text import STOPWORDS, expand, stem, tokens, words

MIN_CORRECTABLE = 4
# An amount of money ("$4.2 million"): readers ask "how much money".
_MONEY = re.compile(r"[$€£]\s?\d")
# A span of time ("a 40-minute bus ride"), not an age or a date ("a 6-year-old", "two years ago").
_SPAN = re.compile(
    r"\b\d+[- ](?:minutes?|hours?|days?|weeks?|months?|years?)\b(?![- ](?:ago|old|earlier|later)\b)", re.IGNORECASE
)
# Look-ups remembered per index (typo corrections, name guesses) before the memo starts again:
# small, so readers' junk words cannot grow memory for long (the stemmer's cache is as small).
CACHE_SIZE = 8_192


class WordTable(dict[str, str]):
    """Token -> the word the index keeps for it ("" for a stopword), filled on first sight.

    An archive repeats a few thousand words across hundreds of thousands of texts, so
    each distinct word is stemmed and name-mapped once per build."""

    def __init__(self, names: dict[str, str]) -> None:
        super().__init__()
        self.names = names

    def __missing__(self, token: str) -> str:
        word = "" if token in STOPWORDS else (self.names.get(token) or stem(token))
        self[token] = word
        return word

    def analyse(self, text: str) -> list[str]:
        """The tokens an index entry is matched on: content words (names as their surname's
        stem, every word looked up once in this table) and the question's shape."""
        raw = expand(tokens(text))
        words = [w for w in map(self.__getitem__, raw) if w]
        if _MONEY.search(text):
            words.append(self["money"])  # "$4.2 million" is money a reader asks about by that word
        if _SPAN.search(text):
            words.append(self["long"])  # "a 40-minute bus ride" answers "how long"
        shape = question_shape(raw)
        if shape:
            words.append(shape)
        return words


# The question's shape, kept as one token ("?when") so "when was the meeting" and "what was
# the meeting about" differ; its weight comes from how many entries share it, like any word.
_SHAPES = {
    "who": "?who", "whos": "?who", "whom": "?who", "whose": "?who",
    "what": "?what", "whats": "?what", "wat": "?what", "which": "?what",
    "when": "?when", "where": "?where", "why": "?why", "how": "?how",
    "wher": "?where", "whr": "?where", "wen": "?when", "whn": "?when",  # typed casually
}  # fmt: skip

# "When did/was/will ..." (or "when letters sent") asks for a time; "when someone is booked,
# do they ..." does not: "when" followed by a clause's subject is a condition.
_CONDITION_SUBJECTS = frozenset(
    words("someone somebody anyone anybody people person a an they you we i he she it cities places counties")
)


def question_shape(words: list[str]) -> str | None:
    for position, word in enumerate(words[:3]):
        shape = _SHAPES.get(word)
        if shape is None:
            continue
        following = words[position + 1] if position + 1 < len(words) else None
        if shape == "?when" and following in _CONDITION_SUBJECTS:
            continue  # a condition, not a question about time
        if shape == "?how" and following in ("many", "much"):
            return "?howmany"
        if shape == "?what" and words[-1] == "about":
            return "?about"  # "what was the meeting about": its topic, not what was said about it
        return shape
    return None


class Vocabulary:
    """Every token an index knows, sorted and numbered, with the typo correction over them."""

    def __init__(self, known: Iterable[str]) -> None:
        self.words = sorted(known)
        self.known = frozenset(self.words)
        self.token_id = {token: number for number, token in enumerate(self.words)}
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.words:
            self._by_length[len(word)].append(word)
        # Typo look-ups repeat across questions; remember them (the index never changes).
        self._corrections: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.words)

    def flat_ids(self, groups: Iterable[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Token groups as one flat array of token ids plus offsets (group g is flat[o[g]:o[g+1]])."""
        lengths: list[int] = []
        flat: list[str] = []
        for group in groups:
            before = len(flat)
            # A set's order changes with the hash seed, and with it a sum's last bit: sorted,
            # scores (and the order of tied entries) are the same in every process.
            flat.extend(sorted(group) if isinstance(group, (set, frozenset)) else group)
            lengths.append(len(flat) - before)
        ids = np.fromiter(map(self.token_id.__getitem__, flat), dtype=np.int64, count=len(flat))
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return ids, offsets

    def dense(self, weights: dict[str, float]) -> np.ndarray:
        """A weight per vocabulary token: those of `weights` (tokens it does not know are left out), else 0."""
        values = np.zeros(len(self.words), dtype=np.float64)
        for token, weight in weights.items():
            known_id = self.token_id.get(token)
            if known_id is not None:
                values[known_id] = weight
        return values

    def correct(self, token: str) -> str:
        """The vocabulary word a misspelt token most likely meant, or the token itself."""
        if token in self.known or len(token) < MIN_CORRECTABLE or token.isdigit():
            return token
        cached = self._corrections.get(token)
        if cached is None:
            cached = self._corrections[token] = self._correct(token)
            if len(self._corrections) > CACHE_SIZE:
                self._corrections.clear()
        return cached

    def _correct(self, token: str) -> str:
        # Only words of a similar length can be one or two typos away.
        choices: list[str] = []
        for length in range(len(token) - 2, len(token) + 3):
            choices.extend(self._by_length.get(length, ()))
        # One or two typos away; at 80 real words slip into others ("weather" -> "water").
        cutoff = 85 if len(token) >= 5 else 88
        match = process.extractOne(token, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
        return match[0] if match else token
