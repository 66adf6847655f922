"""Titles and offices: the ones a reader puts beside a person's name ("Chicago Mayor Mitch
Landrieu", "Durkan, a former judge"), and whether the person's role agrees with them.
Pure functions over text, for the engine's checks.
"""

from __future__ import annotations

import re

from .models import Person
from .text import STOPWORDS, fold, plain, stem, tokens, words

# Titles and offices (stemmed as the index stems them): asked about but never mentioned, they
# name someone the article does not cover.
TITLES = frozenset(
    map(
        stem,
        words(
            "executive governor sheriff senator congressman congresswoman congressmember representative "
            "chief commissioner secretary director judge justice minister premier ambassador spokesman "
            "spokesperson chancellor treasurer comptroller assessor prosecutor councilmember councilman "
            "councilwoman alderman supervisor superintendent lieutenant deputy speaker chairman chairwoman "
            "ceo founder owner officer agent"
        ),
    )
)


# Words of a title before a name ("Chicago Mayor Mitch Landrieu"), checked against the role.
OFFICES = TITLES | frozenset(
    map(stem, words("mayor president spokeswoman attorney general chair council executive governor secretary"))
)

_VERB_STEMS = frozenset(map(stem, words("say said think thought wins win tell told call called ask asked")))
_TITLE_BEFORE = re.compile(r"(?P<title>(?:[a-z.-]+ ){1,4})$")
_LEADING_WORDS = STOPWORDS | {"did", "does", "say", "says", "why", "what", "how"}


def wrong_title(text: str, person: Person) -> str | None:
    """A title beside the name that the person's role contradicts (a title word, and a word
    the role and summary never use): before it ("Chicago Mayor Mitch Landrieu"), or after it
    as an apposition ("McDermott, Seattle's mayor,") or with "as" ("Landrieu as chicago
    mayor", "Durkan, drawing on her years as a federal judge"). None if there is none."""
    folded = plain(text)
    known = _role_words(person)
    for form in sorted({plain(person.name), *(plain(a) for a in person.aliases)}, key=len, reverse=True):
        at = re.search(rf"\b{re.escape(form)}\b", folded)
        if at is None:
            continue
        title = _title_before(folded[: at.start()]) or _title_after(text, form)
        unknown = [w for w in title if stem(w) not in known]
        return " ".join(title) if unknown else None
    return None


_ROLE_WORDS: dict[tuple[str, str, str], frozenset[str]] = {}


def _role_words(person: Person) -> frozenset[str]:
    """The stems a person's role, summary and aliases use, worked out once per text."""
    key = (person.role, person.summary, " ".join(person.aliases))
    found = _ROLE_WORDS.get(key)
    if found is None:
        if len(_ROLE_WORDS) > 10_000:
            _ROLE_WORDS.clear()
        role_tokens = tokens(" ".join(key))
        # Initials of a run of the role's words stand for it too: "NYC" for "New York City".
        initials = {
            "".join(w[0] for w in role_tokens[i:j])
            for i in range(len(role_tokens))
            for j in range(i + 2, min(i + 4, len(role_tokens)) + 1)
        }
        found = _ROLE_WORDS[key] = frozenset(stem(t) for t in [*role_tokens, *initials])
    return found


def _title_before(before_name: str) -> list[str]:
    """The title words right before a name (a title is contiguous and ends with an office)."""
    found = _TITLE_BEFORE.search(before_name)
    if found is None:
        return []
    words_before = found.group("title").split()
    while words_before and words_before[0] in _LEADING_WORDS:
        words_before.pop(0)
    if not words_before or stem(words_before[-1]) not in OFFICES:
        return []
    while words_before and (words_before[0] in STOPWORDS or stem(words_before[0]) in _VERB_STEMS):
        words_before.pop(0)
    return [w for w in words_before if w not in STOPWORDS]


def _title_after(text: str, form: str) -> list[str]:
    """'<name>, seattle's mayor,' or '<name> as chicago mayor' / '... years as a federal judge'."""
    folded = fold(text)
    after = r"(?:[^.?!]{0,40}?\bas|,)\s+(?:a |an |the |former )?((?:[\w'’]+\s+){0,3}[\w'’]+)"
    pattern = rf"\b{re.escape(form)}\b{after}"
    for match in re.finditer(pattern, folded):
        found = tokens(match.group(1))
        words_after = [w for w in found if w not in STOPWORDS]
        for end, word in enumerate(words_after):
            if stem(word) in OFFICES:
                return _one_title(words_after[: end + 1]) + _of_place(found, word)
    return []


def _of_place(found: list[str], office: str) -> list[str]:
    """The place an office is "of" ("the mayor of chicago" -> ["chicago"])."""
    at = found.index(office)
    if found[at + 1 : at + 2] != ["of"]:
        return []
    place = [w for w in found[at + 2 :] if w not in STOPWORDS and w not in _PLACE_KINDS][:1]
    return ["of", *place] if place else []


_PLACE_KINDS = frozenset(words("city town county state village borough district township country nation"))


def _one_title(title: list[str]) -> list[str]:
    """A title of one person, or none: not a plural office ("going after mayors") nor a phrase
    with a verb in it ("landrieu, going after ..."), which is the sentence going on."""
    office = title[-1]
    plural = office.endswith("s") and not office.endswith("ss") and stem(office) != office
    if plural or any(w.endswith("ing") or stem(w) in _VERB_STEMS for w in title[:-1]):
        return []
    return title
