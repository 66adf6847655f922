"""Names in the text: runs of capitalised words, which of them are people, their titles and surnames."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._lexicon import HONORIFICS, NON_NAME, ORG_WORDS, PARTICLES, PLACE_FIRST, PLACE_LAST, TITLE_WORDS, TITLES, TOKEN


@dataclass
class Mention:
    """Where a person is named (or referred to) in a paragraph."""

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
    age: str | None = None  # "Darnell Pruitt, 61, a retired bus driver"
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
    """A run of capitalised words in a paragraph: a name, a title and name, an organisation."""

    start: int
    end: int
    tokens: list[tuple[str, int, int]]  # (word, start, end)
    possessive: bool  # ends with ’s
    ampersand: bool = False  # "Summit Valley Power & Light": words joined by "&" name an organisation


def cap_spans(text: str) -> list[CapSpan]:
    """Runs of capitalised words (with name particles), split at possessives and punctuation."""
    words = [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(text)]
    runs = _Runs()
    for i, (word, start, end) in enumerate(words):
        part = _is_capital(word) or _is_particle(words, i)
        if runs.current and not (part and runs.joins(text, start)):
            runs.close()
        if not part:
            continue
        if len(word) == 1 and start and text[start - 1] == ".":  # the S of "U.S.": an abbreviation
            runs.close()
            continue
        runs.add(word, start, end)
    runs.close()
    return runs.spans


def _is_capital(word: str) -> bool:
    """Capitalised, and not an acronym of more than three letters ("NASA")."""
    return word[0].isupper() and not (len(word) > 1 and word.isupper() and len(word) > 3)


def _is_particle(words: list[tuple[str, int, int]], i: int) -> bool:
    """A name particle before a capitalised word ("de Blasio", "van Gogh")."""
    return words[i][0] in PARTICLES and i + 1 < len(words) and words[i + 1][0][0].isupper()


class _Runs:
    """The capitalised runs read so far, and the one being read."""

    def __init__(self) -> None:
        self.spans: list[CapSpan] = []
        self.current: list[tuple[str, int, int]] = []
        self.ampersand = False

    def joins(self, text: str, start: int) -> bool:
        """Whether a word at `start` continues the current run: nothing but space between, or ". " after
        an initial or an abbreviated title ("John F. Kennedy", "Gov. Patricia Oyelaran")."""
        last, _, last_end = self.current[-1]
        gap = text[last_end:start]
        abbreviated = len(last) == 1 or last in TITLE_WORDS or last in HONORIFICS
        if gap == " & ":
            self.ampersand = True  # "Pacific Gas & Electric", "Johnson & Johnson": one organisation's name
            return True
        return gap.strip() == "" or (gap == ". " and abbreviated)

    def add(self, word: str, start: int, end: int) -> None:
        """The word joins the run; a possessive ("Harrow’s") joins without its ’s and ends the run."""
        possessive = word.endswith(("’s", "'s"))
        if possessive:
            word, end = word[:-2], end - 2
        if word:
            self.current.append((word, start, end))
        if possessive:
            self.close(possessive=True)

    def close(self, possessive: bool = False) -> None:
        """The current run ends (without trailing particles)."""
        current = self.current
        while current and current[-1][0] in PARTICLES:
            current.pop()
        if current:
            self.spans.append(CapSpan(current[0][1], current[-1][2], current, possessive, self.ampersand))
        self.current = []
        self.ampersand = False


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
    """Whether the words can be a person's full name: two to five (particles aside), none a title or the word
    of an organisation, not a place ("New Hampton", "Cedar Hollow")."""
    real = [t for t in tokens if t not in PARTICLES]
    if not 2 <= len(real) <= 5:
        return False
    if real[0] in PLACE_FIRST or real[0] in NON_NAME or real[-1] in PLACE_LAST:
        return False
    if any(_never_in_a_name(t) for t in real):
        return False
    return all(len(t) > 1 or t.isalpha() for t in real) and len(real[-1]) > 1


def _never_in_a_name(word: str) -> bool:
    return word in ORG_WORDS or word in NON_NAME or word in TITLES or (word.isupper() and len(word) > 1)


def surname_of(tokens: tuple[str, ...]) -> str:
    """The last name with its particles ("de Blasio", "van der Berg")."""
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
