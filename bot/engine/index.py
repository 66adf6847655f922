"""The search index: precomputed, normalised choices and the scorers that rank them.

Built once per fact base (and rebuilt, then swapped whole, after an edit). Queries are
scored with rapidfuzz over the candidates an inverted index selects, so the cost per
question grows with the entries that share its words, not with the whole archive.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from .heap import paused_gc
from .loader import KnowledgeBase
from .models import Article, Fact, Person, Quote
from .text import GENERIC_WORDS, STOPWORDS, SYNONYMS, expand, lexicon, plain, stem, tokens, words

# A token not in the vocabulary weighs like the rarest known word: it is something
# the reader asked about that the fact base never mentions.
UNKNOWN_IDF_BOOST = 1.15
GENERIC_WEIGHT = 0.25
# How an entry's score mixes its best phrasing (word overlap and fuzzy similarity) with
# how much of the question its whole text covers.
OVERLAP_SHARE = 0.65
PHRASING_SHARE = 0.7
COVERAGE_POWER = 2.0
COVERAGE_FLOOR = 3.0
MIN_CORRECTABLE = 4
# A clause of what an entry says counts a little below a curated phrasing of the same match.
CLAUSE_FACTOR = 0.92
CLAUSE_BETA = 3.0
TEXT_SHARE = 0.7
# "When ..." and "how many ..." ask for a date or a number: an entry none of whose phrasings
# asks that way rarely holds one, so its score is scaled down ("when did King County become a
# welcoming city" must not land on "Is King County a welcoming city?").
STRICT_SHAPES = ("?when", "?howmany")
SHAPE_PENALTY = 0.6
KINDS = ("fact", "person", "quote")
# Entries scored in full per question; the rest are pruned by shared-word weight first.
MAX_CANDIDATES = 24
CACHE_SIZE = 50_000
MAX_QUOTE_CANDIDATES = 32
QUOTE_SCAN_LIMIT = 2_000
MAX_PREFIX_MATCHES = 200


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


@dataclass(frozen=True, slots=True)
class PersonName:
    form: str  # folded name form, e.g. "mcdermott" or "joe mcdermott"
    article: Article
    person: Person


@dataclass(frozen=True)
class Query:
    """A question reduced to what the scorers need."""

    raw: str
    plain: str
    content: tuple[str, ...]  # stemmed, typo-corrected content tokens
    unknown: frozenset[str]  # content tokens that are nowhere in the fact base


@dataclass(frozen=True, slots=True)
class Scored:
    entry: Entry
    score: float


@dataclass(frozen=True, slots=True)
class ScoredQuote:
    entry: QuoteEntry
    score: float


class _Words(dict[str, str]):
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
        shape = question_shape(raw)
        if shape:
            words.append(shape)
        return words


@dataclass
class _Builder:
    words: _Words
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


class Index:
    """Immutable search structures over one `KnowledgeBase`."""

    def __init__(self, kb: KnowledgeBase) -> None:
        with paused_gc():
            self._build(kb)

    def _build(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._name_words = name_words(kb)
        self._name_word_list = list(self._name_words)
        words = _Words(self._name_words)
        builder = _Builder(words)
        for article, fact in kb.facts:
            texts, extra = [fact.question, *fact.phrasings], [fact.answer, fact.evidence.text, *fact.tags]
            clauses = [*_clauses(fact.answer), *_clauses(fact.evidence.text)]
            builder.add("fact", article, fact, texts, extra, fact.answer, clauses)
        for article, person in kb.people:
            texts, extra = person_questions(person), [person.summary, person.role]
            builder.add("person", article, person, texts, extra, person.summary)
        speakers = {(a.id, p.id): p for a, p in kb.people}
        for article, quote in kb.quotes:
            speaker = speakers.get((article.id, quote.speaker))
            names = [speaker.name, *speaker.aliases] if speaker else []
            builder.add("quote", article, quote, [quote.context, quote.text], [*quote.tags, *names], quote.text)
        self.entries = builder.entries
        self.phrasings = builder.phrasings
        self.phrasing_tokens = builder.phrasing_tokens
        self.phrasing_owner = np.array(builder.phrasing_owner, dtype=np.int64)
        self.phrasing_factor = np.array(builder.phrasing_factor, dtype=np.float64)

        people = {(a.id, p.id): p for a, p in kb.people}
        self.quotes: list[QuoteEntry] = []
        for article, quote in kb.quotes:
            speaker = people[(article.id, quote.speaker)]
            bag = frozenset(words.analyse(" ".join([quote.text, quote.context, *quote.tags])))
            self.quotes.append(QuoteEntry(article, quote, speaker, plain(quote.text), bag))
        self.quote_texts = [q.plain_text for q in self.quotes]

        self.names: list[PersonName] = []
        for article, person in kb.people:
            for form in name_forms(person):
                self.names.append(PersonName(form, article, person))
        self._finish()

    def restricted_to(self, article: Article) -> Index:
        """The index of one article, reusing this index's analysed texts (no re-tokenising):
        a question routed to an article is scored with that article's own word statistics."""
        part = object.__new__(Index)
        part.kb = KnowledgeBase(articles=(article,), files={}, loaded_at=self.kb.loaded_at)
        part._name_words = self._name_words
        part._name_word_list = self._name_word_list
        part.entries, part.phrasings, part.phrasing_tokens, owners, factors = [], [], [], [], []
        for entry in self._entries_by_article.get(article.id, []):
            start = len(part.phrasings)
            for row in entry.phrasing_rows:
                part.phrasings.append(self.phrasings[row])
                part.phrasing_tokens.append(self.phrasing_tokens[row])
                owners.append(len(part.entries))
                factors.append(float(self.phrasing_factor[row]))
            rows = range(start, len(part.phrasings))
            part.entries.append(Entry(entry.kind, entry.article, entry.record, rows, entry.bag, entry.told))
        part.phrasing_owner = np.array(owners, dtype=np.int64)
        part.phrasing_factor = np.array(factors, dtype=np.float64)
        part.quotes = [q for q in self.quotes if q.article is article] if len(self.kb.articles) > 1 else self.quotes
        part.quote_texts = [q.plain_text for q in part.quotes]
        part.names = [n for n in self.names if n.article is article]
        part._finish()
        return part

    def _finish(self) -> None:
        """Everything derived from the analysed entries: postings, statistics, arrays."""
        self.name_forms = [n.form for n in self.names]
        self._entries_by_article: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            self._entries_by_article[entry.article.id].append(entry)
        vocabulary: set[str] = set().union(*(e.bag for e in self.entries), *(q.bag for q in self.quotes))
        for name in self.name_forms:
            vocabulary.update(stem(t) for t in name.split())
        self.vocabulary = sorted(vocabulary)
        self._vocabulary_set = frozenset(vocabulary)
        self._token_id = {token: number for number, token in enumerate(self.vocabulary)}
        self._by_length: dict[int, list[str]] = defaultdict(list)
        for word in self.vocabulary:
            self._by_length[len(word)].append(word)
        # Entries' and quotes' bags as flat token ids, then inverted indexes over them.
        self._bag_tokens, self._bag_offsets = self._flat_ids(e.bag for e in self.entries)
        self._quote_bag_tokens, self._quote_bag_offsets = self._flat_ids(q.bag for q in self.quotes)
        analyse_words = _Words(self._name_words).analyse
        # What each entry tells a reader (a fact's answer, a person's summary, a quote's words).
        self._text_tokens, self._text_offsets = self._flat_ids(e.told for e in self.entries)
        # A quote's own words (no context, tags or names): what a remembered fragment must hold.
        self._quote_word_tokens, self._quote_word_offsets = self._flat_ids(
            (t for t in set(analyse_words(q.quote.text)) if t in self._token_id) for q in self.quotes
        )
        self._postings = _postings(self._bag_tokens, self._bag_offsets)
        self._quote_postings = _postings(self._quote_bag_tokens, self._quote_bag_offsets)
        self.postings = {self.vocabulary[t]: ids for t, ids in self._postings.items()}
        total = max(len(self.entries), 1)
        self.idf = {self.vocabulary[t]: math.log(1 + total / len(ids)) for t, ids in self._postings.items()}
        self.max_idf = math.log(1 + total)
        self.unknown_idf = self.max_idf * UNKNOWN_IDF_BOOST
        self._generic = frozenset(stem(w) for w in GENERIC_WORDS)
        self._lexicon = lexicon()
        self._build_arrays()
        # Typo look-ups repeat across questions; remember them (the index never changes).
        self._corrections: dict[str, str] = {}
        self._name_guesses: dict[str, str | None] = {}

    def _flat_ids(self, groups: Iterable[Iterable[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Token groups as one flat array of token ids plus offsets (group g is flat[o[g]:o[g+1]])."""
        lengths: list[int] = []
        flat: list[str] = []
        for group in groups:
            before = len(flat)
            flat.extend(group)
            lengths.append(len(flat) - before)
        ids = np.fromiter(map(self._token_id.__getitem__, flat), dtype=np.int64, count=len(flat))
        offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        return ids, offsets

    def _entries_answering(self, shape: str) -> np.ndarray:
        """Entries with a phrasing of this shape (found in the flat row tokens), or whose text
        holds what the shape asks for (a time, a number)."""
        has = np.zeros(len(self.entries), dtype=bool)
        token_id = self._token_id.get(shape)
        if token_id is not None:
            positions = np.flatnonzero(self._row_tokens == token_id)
            rows = np.searchsorted(self._row_offsets, positions, side="right") - 1
            has[self.phrasing_owner[rows]] = True
        # Or a word of the entry's text that answers it (a weekday, a year, a number).
        answers = _SHAPE_EVIDENCE[shape]
        marks = np.fromiter((answers(token) for token in self.vocabulary), dtype=np.float64, count=len(self.vocabulary))
        every = np.arange(len(self.entries), dtype=np.int64)
        has |= _segment_sums(marks, self._text_tokens, self._text_offsets, every) > 0
        return has

    def _kind_mask(self, kinds: frozenset[str]) -> np.ndarray:
        mask = self._kind_masks.get(kinds)
        if mask is None:
            mask = np.isin(self._entry_kind, [KINDS.index(k) for k in kinds])
            self._kind_masks[kinds] = mask
        return mask

    def _build_arrays(self) -> None:
        """Flat numpy views of phrasings: token ids per row, offsets, static weights."""
        self._token_weight = np.array([self.weight(t) for t in self.vocabulary], dtype=np.float64)
        self._row_tokens, self._row_offsets = self._flat_ids(self.phrasing_tokens)
        self._row_beta2 = np.where(self.phrasing_factor < 1.0, CLAUSE_BETA**2, 1.0)
        if len(self.phrasing_tokens):  # every row has at least one token
            self._row_weight = np.add.reduceat(self._token_weight[self._row_tokens], self._row_offsets[:-1])
        else:
            self._row_weight = np.zeros(0, dtype=np.float64)
        self._entry_rows = np.array(
            [e.phrasing_rows.start for e in self.entries] + [len(self.phrasings)], dtype=np.int64
        )
        self._entry_kind = np.array([KINDS.index(e.kind) for e in self.entries], dtype=np.int8)
        self._sorted_phrasings = np.array([" ".join(sorted(p.split())) for p in self.phrasings], dtype=object)
        self._kind_masks: dict[frozenset[str], np.ndarray] = {}
        self._all_quotes = np.arange(len(self.quotes), dtype=np.int64)
        by_speaker: dict[tuple[str, str], list[int]] = defaultdict(list)
        for number, quote_entry in enumerate(self.quotes):
            by_speaker[(quote_entry.article.id, quote_entry.speaker.id)].append(number)
        self._quotes_by_speaker = {k: np.array(v, dtype=np.int64) for k, v in by_speaker.items()}
        self._names_by_form: dict[str, list[PersonName]] = defaultdict(list)
        self._names_by_initial: dict[str, list[PersonName]] = defaultdict(list)
        for name in self.names:
            self._names_by_form[name.form].append(name)
            self._names_by_initial[name.form[0]].append(name)
        # Every word of every name form, sorted, for prefix look-ups as a user types.
        self._name_prefixes = sorted((word, number) for number, n in enumerate(self.names) for word in n.form.split())
        self._name_prefix_words = [word for word, _ in self._name_prefixes]
        self.people_by_key = {(a.id, p.id): p for a, p in self.kb.people}
        # An entry answers "when" / "how many" if a phrasing asks that way or its text has a
        # time / a number ("When did the DOJ step up pressure?" -> "On Wednesday ...").
        self._has_shape = {shape: self._entries_answering(shape) for shape in STRICT_SHAPES}

    # ------------------------------------------------------------ queries

    def correct(self, token: str) -> str:
        """The vocabulary word a misspelt token most likely meant, or the token itself."""
        if token in self._vocabulary_set or len(token) < MIN_CORRECTABLE or token.isdigit():
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

    def _canonical_name(self, word: str) -> str | None:
        """The surname stem `word` names (typos allowed), or None when it is no name."""
        if word in self._name_words:
            return self._name_words[word]
        if len(word) < 5 or word.isdigit():
            return None
        if word not in self._name_guesses:
            if len(self._name_guesses) > CACHE_SIZE:
                self._name_guesses.clear()
            self._name_guesses[word] = self._guess_name(word)
        return self._name_guesses[word]

    def _guess_name(self, word: str) -> str | None:
        match = process.extractOne(word, self._name_word_list, scorer=fuzz.ratio, score_cutoff=80)
        if match is None:
            return None
        found = match[0]
        if found[0] != word[0] or abs(len(found) - len(word)) > 2:
            return None
        return self._name_words[found]

    def query(self, text: str) -> Query:
        raw = expand(tokens(text))
        content = tuple(self._content_word(t) for t in raw if t not in STOPWORDS)
        shape = question_shape(raw)
        if shape:
            content += (shape,)
        unknown = frozenset(t for t in content if t not in self._vocabulary_set)
        return Query(text, plain(text), content, unknown)

    def _content_word(self, word: str) -> str:
        """A question word as the index knows it: a name, a typo's correction or a synonym."""
        name = self._canonical_name(word)
        if name:
            return name
        stemmed = stem(word)
        if stemmed in self._vocabulary_set:
            return stemmed
        for alternative in SYNONYMS.get(word, ()) or SYNONYMS.get(stemmed, ()):
            if stem(alternative) in self._vocabulary_set:
                return stem(alternative)
        corrected = self.correct(stemmed)
        if corrected != stemmed:
            return corrected  # a typo of a word the fact base uses
        for alternative in self._lexicon.get(stemmed, ()):
            if stem(alternative) in self._vocabulary_set:
                return stem(alternative)
        return stemmed

    def weight(self, token: str) -> float:
        weight = self.idf.get(token, self.max_idf if token in self._vocabulary_set else self.unknown_idf)
        return weight * GENERIC_WEIGHT if token in self._generic else weight

    def rank(self, query: Query, limit: int = 5, kinds: frozenset[str] | None = None) -> list[Scored]:
        """Entries ranked by how well they answer `query`; best first.

        An inverted index accumulates each entry's shared-word weight; only the best
        MAX_CANDIDATES entries are scored in full, with numpy over their phrasings' tokens
        and rapidfuzz `cdist` over their phrasings' text.
        """
        if not query.content:
            return []
        weights = {t: self.weight(t) for t in query.content}
        total = sum(weights.values())
        # Words known only from quotes or names have no entry postings; they still count in `total`.
        known = [(self._token_id[t], w) for t, w in weights.items() if self._token_id.get(t, -1) in self._postings]
        if not known:
            return []
        # Coverage: every subject word counts at least COVERAGE_FLOOR, so a common but
        # central word ("mayor" in "who is the mayor of chicago") can't go missing unnoticed.
        coverage_weights = {t: max(w, COVERAGE_FLOOR) for t, w in weights.items() if not t.startswith("?")}
        coverage_total = sum(coverage_weights.values()) or 1.0

        shared = np.zeros(len(self.entries), dtype=np.float64)
        for token_id, weight in known:
            shared[self._postings[token_id]] += weight
        if kinds is not None:
            shared[~self._kind_mask(kinds)] = 0.0
        candidates = np.flatnonzero(shared)
        candidates = candidates[self._entry_rows[candidates + 1] > self._entry_rows[candidates]]
        if candidates.size == 0:
            return []
        if candidates.size > MAX_CANDIDATES:
            keep = np.argpartition(-shared[candidates], MAX_CANDIDATES)[:MAX_CANDIDATES]
            candidates = np.sort(candidates[keep])

        query_weight = np.zeros(len(self._token_weight), dtype=np.float64)
        coverage_weight = np.zeros(len(self._token_weight), dtype=np.float64)
        for token, weight in weights.items():
            known_id = self._token_id.get(token)
            if known_id is not None:
                query_weight[known_id] = weight
                coverage_weight[known_id] = coverage_weights.get(token, 0.0)

        row_starts = self._entry_rows[candidates]
        row_counts = self._entry_rows[candidates + 1] - row_starts
        rows = _ranges(row_starts, row_counts)
        hits = _segment_sums(query_weight, self._row_tokens, self._row_offsets, rows)
        recall = hits / total
        precision = hits / self._row_weight[rows]
        # F-beta of the shared words: beta 1 for phrasings (a question against a question);
        # CLAUSE_BETA for an entry's own clauses, longer than any question, so that covering
        # the question's words counts more than the clause's other words.
        beta2 = self._row_beta2[rows]
        with np.errstate(invalid="ignore", divide="ignore"):
            overlap = np.where(hits > 0, (1 + beta2) * recall * precision / (beta2 * precision + recall), 0.0)
        group_starts = np.concatenate(([0], np.cumsum(row_counts)[:-1]))
        best_overlap = np.maximum.reduceat(overlap, group_starts)
        coverage = _segment_sums(coverage_weight, self._bag_tokens, self._bag_offsets, candidates) / coverage_total
        coverage_part = (1 - PHRASING_SHARE) * coverage**COVERAGE_POWER
        shape = query.content[-1] if query.content[-1] in self._has_shape else None
        factor = np.where(self._has_shape[shape][candidates], 1.0, SHAPE_PENALTY) if shape else np.ones(len(candidates))
        # What the entry as a whole covers of the question: an entry that holds nearly every
        # word a reader asked about answers them, however it was phrased.
        text_part = TEXT_SHARE * coverage * factor
        if candidates.size > limit:
            # Fuzzy similarity adds between 0 and `span` to a score: an entry whose best case is
            # below the limit-th best worst case cannot make the list, so its phrasings are skipped.
            lower = np.maximum((PHRASING_SHARE * OVERLAP_SHARE * best_overlap + coverage_part) * factor, text_part)
            span = PHRASING_SHARE * (1 - OVERLAP_SHARE) * factor
            alive = lower + span >= np.partition(lower, -limit)[-limit]
            keep_rows = np.repeat(alive, row_counts)
            candidates, row_counts, coverage_part = candidates[alive], row_counts[alive], coverage_part[alive]
            rows, overlap, factor, text_part = rows[keep_rows], overlap[keep_rows], factor[alive], text_part[alive]
        # token_sort_ratio, with the phrasings' tokens sorted once at build time.
        query_string = " ".join(sorted(query.content))
        fuzzy = process.cdist([query_string], self._sorted_phrasings[rows], scorer=fuzz.ratio, dtype=np.uint8)[0]
        row_score = (OVERLAP_SHARE * overlap + (1 - OVERLAP_SHARE) * (fuzzy / 100)) * self.phrasing_factor[rows]
        group_starts = np.concatenate(([0], np.cumsum(row_counts)[:-1]))
        phrase_score = np.maximum.reduceat(row_score, group_starts)
        scores = np.maximum((PHRASING_SHARE * phrase_score + coverage_part) * factor, text_part)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [Scored(self.entries[int(candidates[i])], float(scores[i])) for i in order]

    def rank_quotes(
        self, query: Query, limit: int = 5, speaker_ids: set[tuple[str, str]] | None = None
    ) -> list[ScoredQuote]:
        """Quotes ranked by how well `query` (a remembered fragment) matches them.

        Candidates are the quotes sharing a content word with the fragment (the best
        MAX_QUOTE_CANDIDATES by shared weight); a fragment of function words only is
        compared with every quote while there are at most QUOTE_SCAN_LIMIT of them.
        """
        if not query.plain or not self.quotes:
            return []
        pool = self._quote_pool(speaker_ids)
        if pool.size == 0:
            return []
        weights = {t: self.weight(t) for t in query.content if not t.startswith("?")}
        total = sum(weights.values())
        known = [
            (self._token_id[t], w) for t, w in weights.items() if self._token_id.get(t, -1) in self._quote_postings
        ]
        if speaker_ids is not None and pool.size <= QUOTE_SCAN_LIMIT:
            candidates = pool  # one person's quotes: rank them all, closest first
        elif known:
            shared = np.zeros(len(self.quotes), dtype=np.float64)
            for token_id, weight in known:
                shared[self._quote_postings[token_id]] += weight
            candidates = pool[shared[pool] > 0]
            if candidates.size > MAX_QUOTE_CANDIDATES:
                keep = np.argpartition(-shared[candidates], MAX_QUOTE_CANDIDATES)[:MAX_QUOTE_CANDIDATES]
                candidates = np.sort(candidates[keep])
        elif total == 0 and pool.size <= QUOTE_SCAN_LIMIT:
            candidates = pool
        else:
            candidates = pool[:0]
        if candidates.size == 0:
            return []
        closeness = (
            process.cdist(
                [query.plain], [self.quote_texts[i] for i in candidates], scorer=fuzz.partial_ratio, dtype=np.uint8
            )[0]
            / 100
        )
        if total:
            query_weight = np.zeros(len(self._token_weight), dtype=np.float64)
            for token, weight in weights.items():
                known_id = self._token_id.get(token)
                if known_id is not None:
                    query_weight[known_id] = weight
            if speaker_ids is None:
                # Who said this fragment? Its words must be in the quote itself: a tag or the
                # context ('sue', 'win' on Durkan's quote) must not vouch for 'Trump will win'.
                flat, offsets = self._quote_word_tokens, self._quote_word_offsets
            else:
                # One person's quotes, closest to a topic: tags and context describe the topic.
                flat, offsets = self._quote_bag_tokens, self._quote_bag_offsets
            coverage = _segment_sums(query_weight, flat, offsets, candidates) / total
            scores = 0.5 * closeness + 0.5 * coverage
        else:  # only function words: demand a near-exact match
            scores = closeness * 0.9 if len(query.plain) >= 8 else np.zeros(candidates.size)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [ScoredQuote(self.quotes[int(candidates[i])], float(scores[i])) for i in order]

    def _quote_pool(self, speaker_ids: set[tuple[str, str]] | None) -> np.ndarray:
        if speaker_ids is None:
            return self._all_quotes
        found = [self._quotes_by_speaker.get(key) for key in speaker_ids]
        arrays = [a for a in found if a is not None]
        return np.sort(np.concatenate(arrays)) if arrays else self._all_quotes[:0]

    def names_starting(self, prefix: str) -> list[PersonName]:
        """Name forms with a word that starts with `prefix` (autocomplete as the user types)."""
        start = bisect.bisect_left(self._name_prefix_words, prefix)
        found: list[PersonName] = []
        for word, number in self._name_prefixes[start:]:
            if not word.startswith(prefix) or len(found) >= MAX_PREFIX_MATCHES:
                break
            found.append(self.names[number])
        return found

    def find_people(self, text: str) -> list[tuple[PersonName, float]]:
        """People named in `text` (typos allowed), best match per person, best first.

        Exact name forms are looked up directly; fuzzy matching only compares forms that
        start with the same letter and are about as long, so it stays cheap at archive size.
        """
        words = [t for t in tokens(text) if t not in STOPWORDS or t in {"de"}]
        # In the order the text names them, so people with equal scores come out first-named
        # first, the same on every run (a set's order changes with the hash seed).
        grams = dict.fromkeys(
            " ".join(words[i : i + n]) for i in range(len(words)) for n in (1, 2, 3) if i + n <= len(words)
        )
        best: dict[tuple[str, str], tuple[PersonName, float]] = {}

        def consider(name: PersonName, score: float) -> None:
            key = (name.article.id, name.person.id)
            if score > best.get(key, (name, 0.0))[1]:
                best[key] = (name, score)

        for gram in grams:
            exact = self._names_by_form.get(gram)
            if exact:
                for name in exact:
                    consider(name, 1.0)
                continue
            if len(gram) < 5:
                continue  # short names (Joe, Bill) only when typed exactly
            bucket = self._names_by_initial.get(gram[0], [])
            forms = [n.form for n in bucket if abs(len(n.form) - len(gram)) <= 3]
            names = [n for n in bucket if abs(len(n.form) - len(gram)) <= 3]
            for _, score, position in process.extract(gram, forms, scorer=fuzz.ratio, score_cutoff=80, limit=3):
                if len(forms[position]) >= 5:
                    consider(names[position], score / 100)
        return sorted(best.values(), key=lambda pair: pair[1], reverse=True)


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


# The question's shape, kept as one token ("?when") so "when was the meeting" and "what was
# the meeting about" differ; its weight comes from how many entries share it, like any word.
_SHAPES = {
    "who": "?who", "whos": "?who", "whom": "?who", "whose": "?who",
    "what": "?what", "whats": "?what", "wat": "?what", "which": "?what",
    "when": "?when", "where": "?where", "why": "?why", "how": "?how",
}  # fmt: skip


# Words that show an entry's text holds what a "when" / "how many" question asks for.
_TIME_WORDS = frozenset(
    map(
        stem,
        words(
            "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
            "august september october november december morning afternoon evening tonight today yesterday tomorrow"
        ),
    )
)
_NUMBER_WORDS = frozenset(
    map(
        stem,
        words(
            "one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty hundred "
            "hundreds thousand thousands million millions billion billions dozen dozens"
        ),
    )
)
_YEAR = re.compile(r"(?:19|20)\d\d")
_SHAPE_EVIDENCE: dict[str, Callable[[str], bool]] = {
    "?when": lambda token: token in _TIME_WORDS or _YEAR.fullmatch(token) is not None,
    "?howmany": lambda token: token.isdigit() or token in _NUMBER_WORDS,
}


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
        return shape
    return None


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


def _postings(flat: np.ndarray, offsets: np.ndarray) -> dict[int, np.ndarray]:
    """Token id -> the groups (in order) whose slice of `flat` holds it: an inverted index."""
    if not len(flat):
        return {}
    groups = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    order = np.argsort(flat, kind="stable")
    tokens, groups = flat[order], groups[order]
    starts = np.flatnonzero(np.concatenate(([True], tokens[1:] != tokens[:-1])))
    return dict(zip(tokens[starts].tolist(), np.split(groups, starts[1:]), strict=True))


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + count) for each pair, without a Python loop."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    offsets = np.repeat(starts - (ends - counts), counts)
    ranges: np.ndarray = np.arange(total, dtype=np.int64) + offsets
    return ranges


def _segment_sums(values: np.ndarray, flat: np.ndarray, offsets: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """For each segment s, the sum of values[flat[offsets[s]:offsets[s + 1]]] (0 for an empty one)."""
    if not len(segments):
        return np.zeros(0, dtype=np.float64)
    starts = offsets[segments]
    counts = offsets[segments + 1] - starts
    picked = np.append(values[flat[_ranges(starts, counts)]], 0.0)  # the 0 keeps every position valid
    positions = np.concatenate(([0], np.cumsum(counts)[:-1]))
    sums: np.ndarray = np.add.reduceat(picked, positions)
    sums[counts == 0] = 0.0
    return sums
