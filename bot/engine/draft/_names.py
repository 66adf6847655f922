"""Names in the text: runs of capitalised words, which of them are people, their titles and surnames."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._lexicon import HONORIFICS, NON_NAME, ORG_WORDS, PARTICLES, PLACE_FIRST, PLACE_LAST, TITLE_WORDS, TITLES, TOKEN


@dataclass
class Mention:
    person: str
    para: int
    start: int
    end: int
    quoted: bool
    modifier: bool  # "the Trump administration": names them but they are not the subject


@dataclass
class Draftee:
    """A person as the drafter finds them."""

    id: str
    name: str
    tokens: tuple[str, ...]
    surname: str
    roles: list[str] = field(default_factory=list)
    paragraphs: set[int] = field(default_factory=set)
    female: int = 0
    male: int = 0

    @property
    def gender(self) -> str | None:
        if (self.female and not self.male) or self.female >= 3 * max(self.male, 1):
            return "f"
        if (self.male and not self.female) or self.male >= 3 * max(self.female, 1):
            return "m"
        return None


@dataclass
class CapSpan:
    start: int
    end: int
    tokens: list[tuple[str, int, int]]  # (word, start, end)
    possessive: bool  # ends with ’s


def cap_spans(text: str) -> list[CapSpan]:
    """Runs of capitalised words (with name particles), split at possessives and punctuation."""
    words = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    spans: list[CapSpan] = []
    current: list[tuple[str, int, int]] = []

    def close(possessive: bool = False) -> None:
        nonlocal current
        while current and current[-1][0] in PARTICLES:
            current.pop()
        if current:
            spans.append(CapSpan(current[0][1], current[-1][2], current, possessive))
        current = []

    for i, (word, start, end) in enumerate(words):
        capital = word[0].isupper() and not (len(word) > 1 and word.isupper() and len(word) > 3)
        particle = word in PARTICLES and i + 1 < len(words) and words[i + 1][0][0].isupper()
        if current:
            gap = text[current[-1][2] : start]
            abbreviated = len(current[-1][0]) == 1 or current[-1][0] in TITLE_WORDS or current[-1][0] in HONORIFICS
            joined = gap.strip() == "" or (gap == ". " and abbreviated)
            if not joined or not (capital or particle):
                close()
        if not (capital or particle):
            continue
        if len(word) == 1 and start and text[start - 1] == ".":  # the S of "U.S.": an abbreviation
            close()
            continue
        possessive = word.endswith(("’s", "'s"))
        if possessive:
            word, end = word[:-2], end - 2
        if word:
            current.append((word, start, end))
        if possessive:
            close(possessive=True)
    close()
    return spans


def title_split(tokens: list[tuple[str, int, int]]) -> int:
    """How many leading tokens of a capitalised run are its title ("Attorney General Jeff Sessions" -> 2)."""
    cut = 0
    for i, (word, _, _) in enumerate(tokens[:-1]):
        if word.rstrip(".") in TITLES:
            cut = i + 1
    return cut


def spell_titles(title: str) -> str:
    """ "State Sen." -> "State Senator": abbreviated titles written out."""
    return re.sub(r"\b([A-Z][a-z]{1,4})\.(?=\s|$)", lambda m: TITLE_WORDS.get(m.group(1), m.group(0)), title)


def is_name(tokens: list[str]) -> bool:
    real = [t for t in tokens if t not in PARTICLES]
    if not 2 <= len(real) <= 5:
        return False
    if real[0] in PLACE_FIRST or real[0] in NON_NAME:
        return False
    if any(t in ORG_WORDS or t in NON_NAME or t in TITLES or (t.isupper() and len(t) > 1) for t in real):
        return False
    if real[-1] in PLACE_LAST:
        return False
    return all(len(t) > 1 or t.isalpha() for t in real) and len(real[-1]) > 1


def surname_of(tokens: tuple[str, ...]) -> str:
    out = [tokens[-1]]
    for word in reversed(tokens[:-1]):
        if word not in PARTICLES:
            break
        out.insert(0, word)
    return " ".join(out)


DATELINE = re.compile(r"\s*([A-Z][A-Z.’' -]+?)(?:,\s*[A-Z][A-Za-z. ]{1,20}?)?\s*\(([^()]{2,60})\)\s*[—–-]")


def not_people(paragraphs: list[str], outlet: str | None) -> set[str]:
    """Names that are never people: the outlet, the dateline's place and wire ("MARLOW, Ohio (Continental Wire) —")."""
    out = {outlet.casefold()} if outlet else set()
    match = DATELINE.match(paragraphs[0]) if paragraphs else None
    if match:
        out |= {match.group(1).strip().casefold(), match.group(2).strip().casefold()}
    return {re.sub(r"^the\s+", "", name) for name in out}
