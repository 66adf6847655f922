"""Ranking an index's entries (facts, people, quotes) against a question.

An inverted index accumulates each entry's shared-word weight; only the best MAX_CANDIDATES
entries are scored in full, with numpy over their phrasings' tokens and rapidfuzz `cdist`
over their phrasings' text.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .entries import Entry, IndexParts
from .flat import group_starts, postings, ranges, segment_sums
from .text import GENERIC_STEMS, stem, words
from .vocabulary import Vocabulary

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
# An entry's own clauses are longer than any question: F-beta with this beta weighs covering
# the question's words above the clause's other words.
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


# Words that show an entry's text holds what a "when" / "how many" question asks for.
_TIME_WORDS = frozenset(
    map(
        stem,
        words(
            "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
            "august september october november december morning afternoon evening tonight today yesterday tomorrow "
            # as wire style abbreviates them before a date ("starting Oct. 1")
            "jan feb aug sept oct nov dec noon midnight"
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


@dataclass(frozen=True)
class _Pool:
    """Candidate entries with their phrasing rows, scored so far on the words they share."""

    candidates: np.ndarray  # entry numbers
    row_counts: np.ndarray  # per candidate: how many of `rows` are its phrasings
    rows: np.ndarray  # every candidate's phrasing rows, candidate after candidate
    overlap: np.ndarray  # per row: F-beta of the words it shares with the question
    coverage_part: np.ndarray  # per candidate
    factor: np.ndarray  # per candidate: 1, or SHAPE_PENALTY for an entry that never answers the shape
    text_part: np.ndarray  # per candidate: what its whole text covers of the question

    def hopeful(self, limit: int) -> _Pool:
        """The candidates that can still make the best `limit` once fuzzy similarity is added."""
        # Fuzzy similarity adds between 0 and `span` to a score: an entry whose best case is
        # below the limit-th best worst case cannot make the list, so its phrasings are skipped.
        best_overlap = np.maximum.reduceat(self.overlap, group_starts(self.row_counts))
        lower = np.maximum(
            (PHRASING_SHARE * OVERLAP_SHARE * best_overlap + self.coverage_part) * self.factor, self.text_part
        )
        span = PHRASING_SHARE * (1 - OVERLAP_SHARE) * self.factor
        alive = lower + span >= np.partition(lower, -limit)[-limit]
        keep_rows = np.repeat(alive, self.row_counts)
        return _Pool(
            self.candidates[alive],
            self.row_counts[alive],
            self.rows[keep_rows],
            self.overlap[keep_rows],
            self.coverage_part[alive],
            self.factor[alive],
            self.text_part[alive],
        )

    def scores(self, fuzzy: np.ndarray, phrasing_factor: np.ndarray) -> np.ndarray:
        """Each candidate's score, given its rows' fuzzy similarity (0-100) to the question."""
        row_score = (OVERLAP_SHARE * self.overlap + (1 - OVERLAP_SHARE) * (fuzzy / 100)) * phrasing_factor[self.rows]
        phrase_score = np.maximum.reduceat(row_score, group_starts(self.row_counts))
        scores: np.ndarray = np.maximum(
            (PHRASING_SHARE * phrase_score + self.coverage_part) * self.factor, self.text_part
        )
        return scores


class EntryRanker:
    """Word statistics and flat arrays over an index's entries and their phrasings."""

    def __init__(self, parts: IndexParts, vocabulary: Vocabulary) -> None:
        self.entries = parts.entries
        self.phrasing_owner = parts.phrasing_owner
        self.phrasing_factor = parts.phrasing_factor
        self.vocabulary = vocabulary
        # Entries' bags as flat token ids, then an inverted index over them.
        self.bag_tokens, self.bag_offsets = vocabulary.flat_ids(e.bag for e in self.entries)
        # What each entry tells a reader (a fact's answer, a person's summary, a quote's words).
        self._text_tokens, self._text_offsets = vocabulary.flat_ids(e.told for e in self.entries)
        self._postings = postings(self.bag_tokens, self.bag_offsets)
        self.postings = {vocabulary.words[t]: ids for t, ids in self._postings.items()}
        total = max(len(self.entries), 1)
        self.idf = {vocabulary.words[t]: math.log(1 + total / len(ids)) for t, ids in self._postings.items()}
        self.max_idf = math.log(1 + total)
        self.unknown_idf = self.max_idf * UNKNOWN_IDF_BOOST
        self._generic = GENERIC_STEMS
        self._build_arrays(parts)

    def _build_arrays(self, parts: IndexParts) -> None:
        """Flat numpy views of phrasings: token ids per row, offsets, static weights."""
        self.token_weight = np.array([self.weight(t) for t in self.vocabulary.words], dtype=np.float64)
        self.row_tokens, self.row_offsets = self.vocabulary.flat_ids(parts.phrasing_tokens)
        self._row_beta2 = np.where(self.phrasing_factor < 1.0, CLAUSE_BETA**2, 1.0)
        if len(parts.phrasing_tokens):  # every row has at least one token
            self.row_weight = np.add.reduceat(self.token_weight[self.row_tokens], self.row_offsets[:-1])
        else:
            self.row_weight = np.zeros(0, dtype=np.float64)
        self._entry_rows = np.array(
            [e.phrasing_rows.start for e in self.entries] + [len(parts.phrasings)], dtype=np.int64
        )
        self._entry_kind = np.array([KINDS.index(e.kind) for e in self.entries], dtype=np.int8)
        self._sorted_phrasings = np.array([" ".join(sorted(p.split())) for p in parts.phrasings], dtype=object)
        self._kind_masks: dict[frozenset[str], np.ndarray] = {}
        # An entry answers "when" / "how many" if a phrasing asks that way or its text has a
        # time / a number ("When did the DOJ step up pressure?" -> "On Wednesday ...").
        self._has_shape = {shape: self._entries_answering(shape) for shape in STRICT_SHAPES}

    def _entries_answering(self, shape: str) -> np.ndarray:
        """Entries with a phrasing of this shape (found in the flat row tokens), or whose text
        holds what the shape asks for (a time, a number)."""
        has = np.zeros(len(self.entries), dtype=bool)
        token_id = self.vocabulary.token_id.get(shape)
        if token_id is not None:
            positions = np.flatnonzero(self.row_tokens == token_id)
            rows = np.searchsorted(self.row_offsets, positions, side="right") - 1
            has[self.phrasing_owner[rows]] = True
        # Or a word of the entry's text that answers it (a weekday, a year, a number).
        answers = _SHAPE_EVIDENCE[shape]
        vocabulary = self.vocabulary.words
        marks = np.fromiter((answers(token) for token in vocabulary), dtype=np.float64, count=len(vocabulary))
        every = np.arange(len(self.entries), dtype=np.int64)
        has |= segment_sums(marks, self._text_tokens, self._text_offsets, every) > 0
        return has

    def _kind_mask(self, kinds: frozenset[str]) -> np.ndarray:
        mask = self._kind_masks.get(kinds)
        if mask is None:
            mask = np.isin(self._entry_kind, [KINDS.index(k) for k in kinds])
            self._kind_masks[kinds] = mask
        return mask

    def weight(self, token: str) -> float:
        weight = self.idf.get(token, self.max_idf if token in self.vocabulary.known else self.unknown_idf)
        return weight * GENERIC_WEIGHT if token in self._generic else weight

    def rank(self, query: Query, limit: int = 5, kinds: frozenset[str] | None = None) -> list[Scored]:
        """Entries ranked by how well they answer `query`; best first."""
        if not query.content:
            return []
        weights = {t: self.weight(t) for t in query.content}
        candidates = self._candidates(weights, kinds)
        if candidates.size == 0:
            return []
        pool = self._pool(query, weights, candidates)
        if candidates.size > limit:
            pool = pool.hopeful(limit)
        # token_sort_ratio, with the phrasings' tokens sorted once at build time.
        query_string = " ".join(sorted(query.content))
        fuzzy = process.cdist([query_string], self._sorted_phrasings[pool.rows], scorer=fuzz.ratio, dtype=np.uint8)[0]
        scores = pool.scores(fuzzy, self.phrasing_factor)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [Scored(self.entries[int(pool.candidates[i])], float(scores[i])) for i in order]

    def _candidates(self, weights: dict[str, float], kinds: frozenset[str] | None) -> np.ndarray:
        """The entries (with phrasings) sharing the most weight of the question's words."""
        token_id = self.vocabulary.token_id
        # Words known only from quotes or names have no entry postings; they still count in the total.
        known = [(token_id[t], w) for t, w in weights.items() if token_id.get(t, -1) in self._postings]
        shared = np.zeros(len(self.entries), dtype=np.float64)
        for known_id, weight in known:
            shared[self._postings[known_id]] += weight
        if kinds is not None:
            shared[~self._kind_mask(kinds)] = 0.0
        candidates = np.flatnonzero(shared)
        candidates = candidates[self._entry_rows[candidates + 1] > self._entry_rows[candidates]]
        if candidates.size > MAX_CANDIDATES:
            keep = np.argpartition(-shared[candidates], MAX_CANDIDATES)[:MAX_CANDIDATES]
            candidates = np.sort(candidates[keep])
        return candidates

    def _pool(self, query: Query, weights: dict[str, float], candidates: np.ndarray) -> _Pool:
        """The candidates scored on shared words: per phrasing, and for the entry's whole text."""
        # Coverage: every subject word counts at least COVERAGE_FLOOR, so a common but
        # central word ("mayor" in "who is the mayor of chicago") can't go missing unnoticed.
        coverage_weights = {t: max(w, COVERAGE_FLOOR) for t, w in weights.items() if not t.startswith("?")}
        coverage_total = sum(coverage_weights.values()) or 1.0
        row_starts = self._entry_rows[candidates]
        row_counts = self._entry_rows[candidates + 1] - row_starts
        rows = ranges(row_starts, row_counts)
        overlap = self._overlap(self.vocabulary.dense(weights), sum(weights.values()), rows)
        coverage_weight = self.vocabulary.dense(coverage_weights)
        coverage = segment_sums(coverage_weight, self.bag_tokens, self.bag_offsets, candidates) / coverage_total
        coverage_part = (1 - PHRASING_SHARE) * coverage**COVERAGE_POWER
        shape = query.content[-1] if query.content[-1] in self._has_shape else None
        factor = np.where(self._has_shape[shape][candidates], 1.0, SHAPE_PENALTY) if shape else np.ones(len(candidates))
        # What the entry as a whole covers of the question: an entry that holds nearly every
        # word a reader asked about answers them, however it was phrased.
        text_part = TEXT_SHARE * coverage * factor
        return _Pool(candidates, row_counts, rows, overlap, coverage_part, factor, text_part)

    def _overlap(self, query_weight: np.ndarray, total: float, rows: np.ndarray) -> np.ndarray:
        """Per row, the F-beta of the words it shares with the question (weighted)."""
        hits = segment_sums(query_weight, self.row_tokens, self.row_offsets, rows)
        recall = hits / total
        precision = hits / self.row_weight[rows]
        # F-beta of the shared words: beta 1 for phrasings (a question against a question);
        # CLAUSE_BETA for an entry's own clauses, longer than any question, so that covering
        # the question's words counts more than the clause's other words.
        beta2 = self._row_beta2[rows]
        with np.errstate(invalid="ignore", divide="ignore"):
            overlap: np.ndarray = np.where(
                hits > 0, (1 + beta2) * recall * precision / (beta2 * precision + recall), 0.0
            )
        return overlap
