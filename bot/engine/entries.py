"""What the search index is made of: every fact, person and quote analysed once into entries and
their phrasings, shared by an index and the per-article views cut from it."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .loader import KnowledgeBase
from .models import Article, Fact, Person, Quote
from .names import PersonName, name_words, person_names
from .text import plain, stem
from .vocabulary import WordTable

# A clause of what an entry says counts a little below a curated phrasing of the same match.
CLAUSE_FACTOR = 0.92


@dataclass(frozen=True, slots=True)
class Entry:
    """Something an `ask` can land on: a fact, a person or a quote."""

    kind: str  # "fact" | "person" | "quote"
    article: Article
    record: Fact | Person | Quote
    phrasing_rows: range  # rows of the phrasing matrix that belong to this entry
    bag: frozenset[str]  # every content token the entry knows (phrasings, answer, evidence)
    told: frozenset[str]  # the tokens of what it tells a reader (answer, summary, quote)


@dataclass(frozen=True, slots=True)
class QuoteEntry:
    article: Article
    quote: Quote
    speaker: Person
    plain_text: str  # folded words of the quote, function words kept
    bag: frozenset[str]  # content tokens of text, context and tags


@dataclass
class _Builder:
    words: WordTable
    entries: list[Entry] = field(default_factory=list)
    phrasings: list[str] = field(default_factory=list)
    phrasing_tokens: list[frozenset[str]] = field(default_factory=list)
    phrasing_owner: list[int] = field(default_factory=list)
    phrasing_factor: list[float] = field(default_factory=list)

    def add(
        self,
        kind: str,
        article: Article,
        record: Fact | Person | Quote,
        texts: Sequence[str],
        extra: Iterable[str],
        told: str,
        clauses: Sequence[str] = (),
    ) -> None:
        """One entry: `texts` are its phrasings, `extra` more words it knows, and `told` (one
        of those) what it tells a reader, analysed once with the rest."""
        start = len(self.phrasings)
        owner = len(self.entries)
        bag: set[str] = set()
        told_words: list[str] | None = None
        analyse = self.words.analyse
        for number, text in enumerate([*texts, *clauses]):
            words = analyse(text)
            if told_words is None and text == told:
                told_words = words
            if not words:
                continue
            unique = frozenset(words)
            self.phrasings.append(" ".join(words))
            self.phrasing_tokens.append(unique)
            self.phrasing_owner.append(owner)
            self.phrasing_factor.append(1.0 if number < len(texts) else CLAUSE_FACTOR)
            bag |= unique
        for text in extra:
            words = analyse(text)
            if told_words is None and text == told:
                told_words = words
            bag.update(words)
        if told_words is None:
            told_words = analyse(told)
            bag.update(told_words)
        rows = range(start, len(self.phrasings))
        self.entries.append(Entry(kind, article, record, rows, frozenset(bag), frozenset(told_words)))

    def add_all(self, kb: KnowledgeBase) -> None:
        """Every fact, then every person, then every quote of `kb`."""
        for article, fact in kb.facts:
            texts = [fact.question, *fact.phrasings]
            if fact.not_in_article:
                # A curator's "the article doesn't say": found by the questions it was written for,
                # not by the nearby things its answer mentions ("are lawsuits pending in Chicago?").
                self.add("fact", article, fact, texts, [fact.answer, fact.evidence.text, *fact.tags], fact.question, [])
                continue
            extra = [fact.answer, fact.evidence.text, *fact.tags]
            clauses = [*_clauses(fact.answer), *_clauses(fact.evidence.text)]
            self.add("fact", article, fact, texts, extra, fact.answer, clauses)
        for article, person in kb.people:
            texts, extra = person_questions(person), [person.summary, person.role]
            self.add("person", article, person, texts, extra, person.summary)
        speakers = {(a.id, p.id): p for a, p in kb.people}
        for article, quote in kb.quotes:
            speaker = speakers.get((article.id, quote.speaker))
            names = [speaker.name, *speaker.aliases] if speaker else []
            self.add("quote", article, quote, [quote.context, quote.text], [*quote.tags, *names], quote.text)


_CLAUSE = re.compile(r"(?<=[.!?;:])\s+|,\s+(?:and|but|which|who|while)\s+")


def _clauses(text: str) -> list[str]:
    """An entry's own sentences and clauses, matched like phrasings: what it says answers
    readers' words even where no curator wrote a phrasing for them."""
    return [c for c in _CLAUSE.split(text) if len(c.split()) >= 3]


def person_questions(person: Person) -> list[str]:
    """Questions a person is the answer to: their curated phrasings plus 'who is <name/role>'."""
    names = [person.name, *person.aliases]
    return [
        *(f"who is {n}" for n in names),
        f"who is the {person.role}",
        f"what is {person.name}'s job",
        f"what does {person.name} do",
        *person.phrasings,
    ]


def _quote_entries(kb: KnowledgeBase, words: WordTable) -> list[QuoteEntry]:
    people = {(a.id, p.id): p for a, p in kb.people}
    found: list[QuoteEntry] = []
    for article, quote in kb.quotes:
        speaker = people[(article.id, quote.speaker)]
        bag = frozenset(words.analyse(" ".join([quote.text, quote.context, *quote.tags])))
        found.append(QuoteEntry(article, quote, speaker, plain(quote.text), bag))
    return found


@dataclass(frozen=True, eq=False)  # arrays do not compare as one truth value
class IndexParts:
    """The analysed texts of a fact base, from which an `Index` derives everything else."""

    name_words: dict[str, str]  # every way a name is written -> the surname's stem
    entries: list[Entry]
    phrasings: list[str]  # one row per phrasing: its analysed tokens, joined
    phrasing_tokens: list[frozenset[str]]
    phrasing_owner: np.ndarray  # row -> number of its entry
    phrasing_factor: np.ndarray  # row -> 1.0 for a phrasing, CLAUSE_FACTOR for a clause
    quotes: list[QuoteEntry]
    names: list[PersonName]

    @classmethod
    def build(cls, kb: KnowledgeBase) -> IndexParts:
        words = name_words(kb)
        table = WordTable(words)
        builder = _Builder(table)
        builder.add_all(kb)
        return cls(
            name_words=words,
            entries=builder.entries,
            phrasings=builder.phrasings,
            phrasing_tokens=builder.phrasing_tokens,
            phrasing_owner=np.array(builder.phrasing_owner, dtype=np.int64),
            phrasing_factor=np.array(builder.phrasing_factor, dtype=np.float64),
            quotes=_quote_entries(kb, table),
            names=person_names(kb),
        )

    @cached_property
    def name_stems(self) -> frozenset[str]:
        """Every surname stem a name is indexed under (the values of `name_words`)."""
        return frozenset(self.name_words.values())

    @cached_property
    def _entries_by_article(self) -> dict[str, list[Entry]]:
        by_article: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            by_article[entry.article.id].append(entry)
        return by_article

    def restricted_to(self, article: Article) -> IndexParts:
        """The parts of one article, rows renumbered, nothing analysed again."""
        entries: list[Entry] = []
        phrasings: list[str] = []
        phrasing_tokens: list[frozenset[str]] = []
        owners: list[int] = []
        factors: list[float] = []
        for entry in self._entries_by_article.get(article.id, []):
            start = len(phrasings)
            for row in entry.phrasing_rows:
                phrasings.append(self.phrasings[row])
                phrasing_tokens.append(self.phrasing_tokens[row])
                owners.append(len(entries))
                factors.append(float(self.phrasing_factor[row]))
            rows = range(start, len(phrasings))
            entries.append(Entry(entry.kind, entry.article, entry.record, rows, entry.bag, entry.told))
        return IndexParts(
            name_words=self.name_words,
            entries=entries,
            phrasings=phrasings,
            phrasing_tokens=phrasing_tokens,
            phrasing_owner=np.array(owners, dtype=np.int64),
            phrasing_factor=np.array(factors, dtype=np.float64),
            quotes=[q for q in self.quotes if q.article is article],
            names=[n for n in self.names if n.article is article],
        )

    def vocabulary(self) -> set[str]:
        """Every token the entries, the quotes and the name forms hold."""
        words: set[str] = set().union(*(e.bag for e in self.entries), *(q.bag for q in self.quotes))
        for name in self.names:
            words.update(stem(t) for t in name.form.split())
        return words
