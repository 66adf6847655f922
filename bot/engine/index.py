"""The search index: precomputed, normalised choices and the scorers that rank them.

Built once per fact base (and rebuilt, then swapped whole, after an edit). Queries are
scored with rapidfuzz over the candidates an inverted index selects, so the cost per
question grows with the entries that share its words, not with the whole archive.

The parts live beside it: `entries` (the analysed texts), `vocabulary` (tokens and typo
correction), `names` (people's names), `ranking` and `quote_ranking` (the scorers).
"""

from __future__ import annotations

import functools
import re

from .entries import IndexParts
from .heap import paused_gc
from .loader import KnowledgeBase
from .models import Article
from .names import NameGuesser, NameTable, PersonName, name_forms
from .quote_ranking import QuoteRanker, ScoredQuote
from .ranking import EntryRanker, Query, Scored
from .text import STOPWORDS, SYNONYMS, expand, lexicon, plain, stem, tokens
from .vocabulary import Vocabulary, WordTable, question_shape

__all__ = ["Index", "Query", "Scored", "ScoredQuote", "name_forms"]


class Index:
    """Immutable search structures over one `KnowledgeBase`."""

    def __init__(self, kb: KnowledgeBase, parts: IndexParts | None = None) -> None:
        """The index of `kb`, derived from `parts` when they are already analysed (`restricted_to`)."""
        with paused_gc():
            self.kb = kb
            self.parts = parts if parts is not None else IndexParts.build(kb)
            self.entries = self.parts.entries
            self.phrasings = self.parts.phrasings
            self.phrasing_tokens = self.parts.phrasing_tokens
            self.quotes = self.parts.quotes
            self.names: list[PersonName] = self.parts.names
            self.people_by_key = {(a.id, p.id): p for a, p in kb.people}
            self._words = Vocabulary(self.parts.vocabulary())
            self.vocabulary = self._words.words
            self._lexicon = lexicon()
            # "deblasio" typed for "Bill de Blasio": the particles the joined form leaves out
            self._particles = _joined_particles(kb)
            self._name_guesser = NameGuesser(self.parts.name_words)
            self._name_table = NameTable(self.names)
            self._ranker = EntryRanker(self.parts, self._words)
            self._quote_ranker = QuoteRanker(
                self.quotes, self._words, self._ranker.weight, WordTable(self.parts.name_words)
            )
        # The statistics and flat arrays behind the scores, for diagnostics and tests.
        self.idf, self.postings = self._ranker.idf, self._ranker.postings
        self._bag_tokens, self._bag_offsets = self._ranker.bag_tokens, self._ranker.bag_offsets
        self._row_tokens, self._row_offsets = self._ranker.row_tokens, self._ranker.row_offsets
        self._row_weight = self._ranker.row_weight
        self._quote_postings = self._quote_ranker.postings

    def restricted_to(self, article: Article) -> Index:
        """The index of one article, reusing this index's analysed texts (no re-tokenising):
        a question routed to an article is scored with that article's own word statistics."""
        kb = KnowledgeBase(articles=(article,), files={}, loaded_at=self.kb.loaded_at)
        return Index(kb, self.parts.restricted_to(article))

    # ------------------------------------------------------------ queries

    @functools.cached_property
    def initials(self) -> dict[str, tuple[str, ...]]:
        """A name of two to four capitalised words the entries print ("King County") -> its words,
        by its initials ("kc"), for initials that stand for one name only; made on first need."""
        found: dict[str, set[tuple[str, ...]]] = {}
        people = self.parts.name_words
        texts = (text for a in self.kb.articles for f in a.facts for text in (f.answer, f.evidence.text))
        for text in texts:
            for name in _CAPITALISED_NAME.findall(text):
                words_of = tuple(plain(name).split())
                while words_of and words_of[0] in STOPWORDS:
                    words_of = words_of[1:]  # "On Wednesday", "The Justice Department" at a sentence's start
                if len(words_of) < 2 or any(w in people for w in words_of):
                    continue  # people are typed by their names ("deblasio"), not initials
                found.setdefault("".join(w[0] for w in words_of), set()).add(words_of)
        return {k: next(iter(v)) for k, v in found.items() if len(v) == 1 and k not in self._words.known}

    def _spelt_out(self, token: str) -> tuple[str, ...]:
        """A token of two or three letters the fact base never uses, as the name it is the initials of."""
        if not INITIALS_MIN <= len(token) <= INITIALS_MAX or token in self._words.known or token in STOPWORDS:
            return (token,)
        return self.initials.get(token, (token,))

    def query(self, text: str) -> Query:
        raw = expand(tokens(text))
        raw = [part for t in raw for part in self._spelt_out(t)]
        raw = [part for t in raw for part in (*self._particles.get(t, ()), t)]
        content = tuple(self._content_word(t) for t in raw if t not in STOPWORDS)
        shape = question_shape(raw)
        if shape:
            content += (shape,)
        unknown = frozenset(t for t in content if t not in self._words.known)
        return Query(text, plain(text), content, unknown)

    def _content_word(self, word: str) -> str:
        """A question word as the index knows it: a name, a typo's correction or a synonym."""
        name = self._name_guesser.canonical(word)
        if name:
            return name
        known = self._words.known
        stemmed = stem(word)
        if stemmed in known:
            return stemmed
        if word.endswith("in") and len(word) > MIN_DROPPED_G and stem(f"{word}g") in known:
            return stem(f"{word}g")  # "meetin", "goin": the -ing form with its g dropped, as typed in chat
        for alternative in SYNONYMS.get(word, ()) or SYNONYMS.get(stemmed, ()):
            if stem(alternative) in known:
                return stem(alternative)
        corrected = self.correct(stemmed)
        if corrected != stemmed:
            return corrected  # a typo of a word the fact base uses
        alternatives = self._lexicon.get(stemmed, ())
        for alternative in alternatives:
            if stem(alternative) in known:
                return stem(alternative)
        for alternative in alternatives:  # two steps: "mad" -> "angry" -> "outraged"
            for further in self._lexicon.get(stem(alternative), ()):
                if stem(further) in known:
                    return stem(further)
        return stemmed

    def correct(self, token: str) -> str:
        """The vocabulary word a misspelt token most likely meant, or the token itself."""
        return self._words.correct(token)

    def weight(self, token: str) -> float:
        """How much `token` tells entries apart (its idf, scaled down for a generic word)."""
        return self._ranker.weight(token)

    def rank(self, query: Query, limit: int = 5, kinds: frozenset[str] | None = None) -> list[Scored]:
        """Entries ranked by how well they answer `query`; best first (see `ranking`)."""
        return self._ranker.rank(query, limit, kinds)

    def rank_quotes(
        self, query: Query, limit: int = 5, speaker_ids: set[tuple[str, str]] | None = None
    ) -> list[ScoredQuote]:
        """Quotes ranked by how well `query` (a remembered fragment) matches them (see `quote_ranking`)."""
        return self._quote_ranker.rank(query, limit, speaker_ids)

    def names_starting(self, prefix: str) -> list[PersonName]:
        """Name forms with a word that starts with `prefix` (autocomplete as the user types)."""
        return self._name_table.names_starting(prefix)

    def find_people(self, text: str) -> list[tuple[PersonName, float]]:
        """People named in `text` (typos allowed), best match per person, best first."""
        return self._name_table.find_people(text)


INITIALS_MIN, INITIALS_MAX = 2, 3  # letters of initials a reader types for a name ("kc" for King County)
# Two to four capitalised words in a row, as a name is printed ("King County", "Justice Department").
_CAPITALISED_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+){1,3}\b")
MIN_DROPPED_G = 4  # letters a word needs before an "-in" ending is taken for a dropped "-ing"


def _joined_particles(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    """A surname with lower-case particles written as one word ("deblasio", "vandermeer") -> those
    particles ("de"), so the question keeps every word of the name as the entries print it."""
    found: dict[str, tuple[str, ...]] = {}
    for _, person in kb.people:
        parts = person.name.split()
        particles = tuple(p for p in parts[1:-1] if p.islower())
        if particles and all(p.islower() for p in parts[parts.index(particles[0]) : -1]):
            joined = plain("".join(parts[parts.index(particles[0]) :]))
            found[joined] = tuple(plain(p) for p in particles)
    return found
