"""Ranking an index's quotes against a remembered fragment ("who said ...") or a topic.

Candidates are the quotes sharing a content word with the fragment (the best
MAX_QUOTE_CANDIDATES by shared weight); a fragment of function words only is
compared with every quote while there are at most QUOTE_SCAN_LIMIT of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

from .entries import QuoteEntry
from .flat import postings, segment_sums
from .ranking import Query
from .vocabulary import Vocabulary, WordTable

MAX_QUOTE_CANDIDATES = 32
QUOTE_SCAN_LIMIT = 2_000


@dataclass(frozen=True, slots=True)
class ScoredQuote:
    entry: QuoteEntry
    score: float


class QuoteRanker:
    """Flat arrays over an index's quotes, by their words, their bags and their speakers."""

    def __init__(
        self, quotes: list[QuoteEntry], vocabulary: Vocabulary, weight: Callable[[str], float], words: WordTable
    ) -> None:
        self.quotes = quotes
        self.vocabulary = vocabulary
        self._weight = weight
        self._texts = [q.plain_text for q in quotes]
        token_id = vocabulary.token_id
        # The quotes' bags as flat token ids, and an inverted index over them.
        self.bag_tokens, self.bag_offsets = vocabulary.flat_ids(q.bag for q in quotes)
        # A quote's own words (no context, tags or names): what a remembered fragment must hold.
        self._word_tokens, self._word_offsets = vocabulary.flat_ids(
            (t for t in set(words.analyse(q.quote.text)) if t in token_id) for q in quotes
        )
        self.postings = postings(self.bag_tokens, self.bag_offsets)
        self._all = np.arange(len(quotes), dtype=np.int64)
        by_speaker: dict[tuple[str, str], list[int]] = defaultdict(list)
        for number, quote_entry in enumerate(quotes):
            by_speaker[(quote_entry.article.id, quote_entry.speaker.id)].append(number)
        self._by_speaker = {k: np.array(v, dtype=np.int64) for k, v in by_speaker.items()}

    def rank(self, query: Query, limit: int = 5, speaker_ids: set[tuple[str, str]] | None = None) -> list[ScoredQuote]:
        """Quotes ranked by how well `query` (a remembered fragment) matches them; best first.

        With `speaker_ids`, only those people's quotes, closest to the query as a topic."""
        if not query.plain or not self.quotes:
            return []
        pool = self._pool(speaker_ids)
        if pool.size == 0:
            return []
        weights = {t: self._weight(t) for t in query.content if not t.startswith("?")}
        total = sum(weights.values())
        candidates = self._candidates(pool, weights, one_speaker=speaker_ids is not None)
        if candidates.size == 0:
            return []
        texts = [self._texts[i] for i in candidates]
        closeness = process.cdist([query.plain], texts, scorer=fuzz.partial_ratio, dtype=np.uint8)[0] / 100
        if total:
            scores = 0.5 * closeness + 0.5 * self._coverage(weights, total, candidates, speaker_ids is None)
        else:  # only function words: demand a near-exact match
            scores = closeness * 0.9 if len(query.plain) >= 8 else np.zeros(candidates.size)
        order = np.argsort(-scores, kind="stable")[:limit]
        return [ScoredQuote(self.quotes[int(candidates[i])], float(scores[i])) for i in order]

    def _pool(self, speaker_ids: set[tuple[str, str]] | None) -> np.ndarray:
        if speaker_ids is None:
            return self._all
        found = [self._by_speaker.get(key) for key in speaker_ids]
        arrays = [a for a in found if a is not None]
        return np.sort(np.concatenate(arrays)) if arrays else self._all[:0]

    def _candidates(self, pool: np.ndarray, weights: dict[str, float], *, one_speaker: bool) -> np.ndarray:
        """The quotes of `pool` worth comparing with the fragment."""
        if one_speaker and pool.size <= QUOTE_SCAN_LIMIT:
            return pool  # one person's quotes: rank them all, closest first
        token_id = self.vocabulary.token_id
        known = [(token_id[t], w) for t, w in weights.items() if token_id.get(t, -1) in self.postings]
        if known:
            return self._sharing(pool, known)
        if sum(weights.values()) == 0 and pool.size <= QUOTE_SCAN_LIMIT:
            return pool
        return pool[:0]

    def _sharing(self, pool: np.ndarray, known: list[tuple[int, float]]) -> np.ndarray:
        """The quotes of `pool` sharing the most weight of the fragment's words."""
        shared = np.zeros(len(self.quotes), dtype=np.float64)
        for token_id, weight in known:
            shared[self.postings[token_id]] += weight
        candidates: np.ndarray = pool[shared[pool] > 0]
        if candidates.size > MAX_QUOTE_CANDIDATES:
            keep = np.argpartition(-shared[candidates], MAX_QUOTE_CANDIDATES)[:MAX_QUOTE_CANDIDATES]
            candidates = np.sort(candidates[keep])
        return candidates

    def _coverage(self, weights: dict[str, float], total: float, candidates: np.ndarray, own_words: bool) -> np.ndarray:
        """How much of the fragment's weight each candidate holds."""
        if own_words:
            # Who said this fragment? Its words must be in the quote itself: a tag or the
            # context ('sue', 'win' on Durkan's quote) must not vouch for 'Trump will win'.
            flat, offsets = self._word_tokens, self._word_offsets
        else:
            # One person's quotes, closest to a topic: tags and context describe the topic.
            flat, offsets = self.bag_tokens, self.bag_offsets
        coverage: np.ndarray = segment_sums(self.vocabulary.dense(weights), flat, offsets, candidates) / total
        return coverage
