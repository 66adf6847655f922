"""People's names in the search index: every way a name is written, and the people a text names
(typos allowed), for questions and for autocomplete."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .loader import KnowledgeBase
from .models import Article, Person
from .text import STOPWORDS, plain, stem, tokens
from .vocabulary import CACHE_SIZE

MAX_PREFIX_MATCHES = 200


@dataclass(frozen=True, slots=True)
class PersonName:
    form: str  # folded name form, e.g. "mcdermott" or "joe mcdermott"
    article: Article
    person: Person


def name_words(kb: KnowledgeBase) -> dict[str, str]:
    """Every way a name is written -> the stem of the person's surname, so "Jenny", "deblasio"
    and (through typo matching at query time) "durkin" meet texts that say "Durkan"."""
    ordinary = _ordinary_words(kb)
    words: dict[str, str] = {}
    for _, person in kb.people:
        full = plain(person.name).split()
        canonical = stem(full[-1])
        for word in [*full, "".join(full[1:]), "".join(full)]:
            # A word the article also prints as an ordinary word ("water" of "Cedar Bluff Water
            # Works", "king" of a King) stays that word: only a name's own words become the name.
            if len(word) >= 3 and word not in STOPWORDS and word not in ordinary:
                words.setdefault(word, canonical)
    return words


_LOWER_WORD = re.compile(r"(?<![\w’'])[a-z][a-z]+")


def _ordinary_words(kb: KnowledgeBase) -> frozenset[str]:
    """Words the fact base's excerpts and quotes print in lower case, as ordinary words."""
    texts = [f.evidence.text for _, f in kb.facts] + [q.text for _, q in kb.quotes]
    return frozenset(word for text in texts for word in _LOWER_WORD.findall(text))


def name_forms(person: Person) -> set[str]:
    """The folded forms a person is named by: full name, aliases, surname, first name."""
    forms = {plain(person.name)}
    forms.update(plain(alias) for alias in person.aliases)
    parts = plain(person.name).split()
    if len(parts) > 1:
        forms.add(parts[-1])
        forms.add(" ".join(parts[-2:]))
        forms.add(parts[0])
    return {f for f in forms if f and f not in STOPWORDS}


def person_names(kb: KnowledgeBase) -> list[PersonName]:
    """Every name form of every person, in the fact base's order."""
    return [PersonName(form, article, person) for article, person in kb.people for form in name_forms(person)]


class NameGuesser:
    """A question's word -> the surname stem it names, typos allowed (remembered per word)."""

    def __init__(self, words: dict[str, str]) -> None:
        self._words = words
        self._word_list = list(words)
        self._guesses: dict[str, str | None] = {}

    def canonical(self, word: str) -> str | None:
        """The surname stem `word` names (typos allowed), or None when it is no name."""
        if word in self._words:
            return self._words[word]
        if len(word) < 5 or word.isdigit():
            return None
        if word not in self._guesses:
            if len(self._guesses) > CACHE_SIZE:
                self._guesses.clear()
            self._guesses[word] = self._guess(word)
        return self._guesses[word]

    def _guess(self, word: str) -> str | None:
        match = process.extractOne(word, self._word_list, scorer=fuzz.ratio, score_cutoff=80)
        if match is None:
            return None
        found = match[0]
        if found[0] != word[0] or abs(len(found) - len(word)) > 2:
            return None
        return self._words[found]


POSSESSIVE_MIN = 5  # letters before a final "s" that may be a possessive's


def _grams(text: str) -> dict[str, None]:
    """The runs of one to three words of `text` that could be a name, in the order it says them."""
    words = [t for t in tokens(text) if t not in STOPWORDS or t in {"de"}]
    return dict.fromkeys(
        " ".join(words[i : i + n]) for i in range(len(words)) for n in (1, 2, 3) if i + n <= len(words)
    )


class NameTable:
    """People's name forms, looked up whole, by initial (for typos) and by word prefix."""

    def __init__(self, names: list[PersonName]) -> None:
        self.names = names
        self._by_form: dict[str, list[PersonName]] = defaultdict(list)
        self._by_initial: dict[str, list[PersonName]] = defaultdict(list)
        for name in names:
            self._by_form[name.form].append(name)
            self._by_initial[name.form[0]].append(name)
        # Every word of every name form, sorted, for prefix look-ups as a user types.
        self._prefixes = sorted((word, number) for number, n in enumerate(names) for word in n.form.split())
        self._prefix_words = [word for word, _ in self._prefixes]

    def names_starting(self, prefix: str) -> list[PersonName]:
        """Name forms with a word that starts with `prefix` (autocomplete as the user types)."""
        start = bisect.bisect_left(self._prefix_words, prefix)
        found: list[PersonName] = []
        for word, number in self._prefixes[start:]:
            if not word.startswith(prefix) or len(found) >= MAX_PREFIX_MATCHES:
                break
            found.append(self.names[number])
        return found

    def find_people(self, text: str) -> list[tuple[PersonName, float]]:
        """People named in `text` (typos allowed), best match per person, best first.

        Exact name forms are looked up directly; fuzzy matching only compares forms that
        start with the same letter and are about as long, so it stays cheap at archive size.
        People with equal scores come out first-named first, the same on every run, as the
        words are tried in the order the text names them (a set's order changes with the hash seed).
        """
        best: dict[tuple[str, str], tuple[PersonName, float]] = {}
        for gram in _grams(text):
            for name, score in self._named_by(gram):
                key = (name.article.id, name.person.id)
                if score > best.get(key, (name, 0.0))[1]:
                    best[key] = (name, score)
        return sorted(best.values(), key=lambda pair: pair[1], reverse=True)

    def _named_by(self, gram: str) -> list[tuple[PersonName, float]]:
        """The names `gram` is (score 1) or, failing that, the closest it could be a typo of."""
        exact = self._by_form.get(gram)
        if exact:
            return [(name, 1.0) for name in exact]
        if len(gram) < 5:
            return []  # short names (Joe, Bill) only when typed exactly
        if len(gram) > POSSESSIVE_MIN and gram.endswith("s") and " " not in gram:
            gram = gram[:-1]  # "landrieus statement", "durkins tweet": a possessive typed without its apostrophe
            exact = self._by_form.get(gram)
            if exact:
                return [(name, 1.0) for name in exact]
        names = [n for n in self._by_initial.get(gram[0], []) if abs(len(n.form) - len(gram)) <= 3]
        forms = [n.form for n in names]
        found = process.extract(gram, forms, scorer=fuzz.ratio, score_cutoff=80, limit=3)
        return [(names[position], score / 100) for _, score, position in found if len(forms[position]) >= 5]
