"""Questions the bot could not answer: one row per normalised question with its count, similar
phrasings clustered (rapidfuzz), so moderators are offered each cluster once and `/kb
unanswered` lists one entry for many phrasings (unless marked "not in the article")."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from .answers import Answer
from .store import NOT_IN_ARTICLE, ClusterHead, Store, open_store
from .text import STOPWORDS, tokens

LOW_CONFIDENCE = 0.6
# Two questions whose content words score this (token_set_ratio) share a cluster...
CLUSTER_SCORE = 85
# ... when they also share enough of their words: token_set_ratio alone is 100 whenever one
# question's words are a subset of the other's ("peru" and "capital of peru and chile").
CLUSTER_OVERLAP = 0.5
# ... or when they differ by a typo or two (the sorted words this close: "countys populaton").
CLUSTER_TYPO_SCORE = 92
# Blocking: only heads sharing a word prefix are compared; a prefix more common than this is
# skipped (it would select most heads), so each question costs about the same however many there are.
PREFIX_LEN = 4
COMMON_PREFIX = 200
MAX_CANDIDATES = 400
# Cluster heads other processes added are read at most this often (this process's own at once):
# one query per missed question would cost a round trip each on PostgreSQL.
HEADS_REFRESH_S = 1.0
# Memory stays flat however many questions miss: this process keeps the cluster heads most
# recently added or matched (older ones stay in the store; a question like one of them starts
# a new cluster), and forgets which keys it has seen past MAX_KNOWN (that only skips clustering).
MAX_HEADS = 2_048
MAX_KNOWN = 2_048


@dataclass(frozen=True)
class Unanswered:
    question: str
    count: int
    suggested_fact_id: str | None
    phrasings: int = 1  # distinct questions in the cluster


def question_key(question: str) -> str:
    """The normalised question: one row per key."""
    return " ".join(tokens(question))[:200]


def question_content(question: str) -> str:
    """The question's content words (what clustering compares)."""
    return " ".join(w for w in tokens(question) if w not in STOPWORDS)[:200]


class _Clusters:
    """The cluster heads this process knows, indexed by word prefix (kept up to date from the
    store inside each insert's transaction, so processes sharing the store agree): at most
    `limit`, the least recently added or matched dropped first."""

    def __init__(self, limit: int = MAX_HEADS) -> None:
        self.last_id = 0
        self.limit = limit
        self.content: OrderedDict[str, str] = OrderedDict()
        self.words: dict[str, frozenset[str]] = {}
        self.by_prefix: defaultdict[str, set[str]] = defaultdict(set)

    def add(self, heads: list[ClusterHead], *, read: bool = True) -> None:
        """Index heads read from the store (`read`: later reads start after them) or added here."""
        for head in heads:
            if read:
                self.last_id = max(self.last_id, head.id)
            if not head.content:
                continue
            self.content[head.key] = head.content
            self.content.move_to_end(head.key)
            self.words[head.key] = frozenset(head.content.split())
            for prefix in {w[:PREFIX_LEN] for w in head.content.split()}:
                self.by_prefix[prefix].add(head.key)
        while len(self.content) > self.limit:
            self._drop(next(iter(self.content)))

    def _drop(self, key: str) -> None:
        content = self.content.pop(key)
        del self.words[key]
        for prefix in {w[:PREFIX_LEN] for w in content.split()}:
            keys = self.by_prefix[prefix]
            keys.discard(key)
            if not keys:
                del self.by_prefix[prefix]

    def find(self, content: str) -> str | None:
        if not content:
            return None  # only function words ("who is it"): nothing to compare
        words = frozenset(content.split())
        postings = sorted((self.by_prefix.get(w[:PREFIX_LEN], set()) for w in words), key=len)
        candidates: set[str] = set()
        for posting in postings:
            if len(posting) > COMMON_PREFIX and candidates:
                break
            candidates.update(posting)
            if len(candidates) >= MAX_CANDIDATES:
                break
        if not candidates:
            return None
        keys = list(candidates)
        choices = [self.content[k] for k in keys]
        for _, _score, index in process.extract(
            content, choices, scorer=fuzz.token_set_ratio, score_cutoff=CLUSTER_SCORE, limit=5
        ):
            other = self.words[keys[index]]
            overlap = len(words & other) / len(words | other)
            if overlap >= CLUSTER_OVERLAP or fuzz.token_sort_ratio(content, choices[index]) >= CLUSTER_TYPO_SCORE:
                self.content.move_to_end(keys[index])  # still asked: kept longest
                return keys[index]
        return None


class MissedQuestions:
    """Missed questions in the store: counted, clustered, and which ones moderators have seen."""

    def __init__(self, store: Store | Path) -> None:
        self.store = store if isinstance(store, Store) else open_store(store)  # a DATA_DIR: its SQLite store
        self._clusters = _Clusters()
        self._refreshed = float("-inf")
        self._known: set[str] = set()  # keys already recorded: no need to cluster them again
        self._lock = threading.Lock()

    @staticmethod
    def is_missed(answer: Answer) -> bool:
        if answer.kind == "not-stated":
            return False  # a gap moderators already know about (curated as not in the article)
        return not answer.answered or answer.confidence < LOW_CONFIDENCE

    def record(self, answer: Answer) -> bool:
        """Count a missed question; True when it starts a cluster moderators have not been shown."""
        key = question_key(answer.question)
        if not self.is_missed(answer) or not key:
            return False
        suggested = answer.fact_id or (answer.suggestion_ids[0] if answer.suggestion_ids else None)
        content = question_content(answer.question)
        with self._lock:  # the index is this process's own
            now = time.monotonic()
            if now - self._refreshed >= HEADS_REFRESH_S:
                self._clusters.add(self.store.cluster_heads(self._clusters.last_id))
                self._refreshed = now
            known = key in self._known
            head_id = self.store.record_missed(
                key=key,
                content=content,
                question=answer.question,
                mode=answer.mode,
                confidence=round(answer.confidence, 4),
                suggested=suggested,
                cluster=None if known else self._clusters.find(content),  # a known question keeps its cluster
            )
            if len(self._known) >= MAX_KNOWN:
                self._known.clear()
            self._known.add(key)
            if head_id is not None:
                self._clusters.add([ClusterHead(head_id, key, content)], read=False)
        return head_id is not None

    def mark_not_in_article(self, question: str) -> None:
        """Silence a question, and every phrasing clustered with it, for good."""
        key = question_key(question)
        if key:
            self.store.mark_missed(key=key, content=question_content(question), question=question)
            self._refreshed = float("-inf")  # a new head: the next question must see it

    def is_silenced(self, question: str) -> bool:
        return self.store.missed_state(question_key(question)) == NOT_IN_ARTICLE

    def top(self, limit: int = 10) -> list[Unanswered]:
        """The most asked clusters of missed questions, skipping those marked not in the article."""
        return [
            Unanswered(row.question, row.count, row.suggested_fact_id, row.phrasings)
            for row in self.store.top_missed(limit)
        ]
