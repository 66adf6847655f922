"""Replies that answer nothing: an abstention with the nearest facts to ask instead, and a
curated gap ("the article doesn't say"), with what the article does say.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .answer import Answer, Mode, source_of
from .index import Query, Scored
from .models import Article, Fact

if TYPE_CHECKING:
    from .answers import Engine

MAX_SUGGESTIONS = 3
FACTS_ONLY = frozenset({"fact"})
SUGGESTION_SCORE = 0.15  # a ranked fact below this is no nearer than any starter fact


def abstain(
    engine: Engine,
    question: str,
    mode: Mode,
    query: Query,
    confidence: float,
    message: str,
    ranked: list[Scored] | None = None,
) -> Answer:
    """No answer: `message`, with the facts nearest the question offered instead."""
    nearest = suggestions(engine, query, ranked)
    return Answer(
        question=question,
        mode=mode,
        kind="abstain",
        answered=False,
        text=message,
        confidence=min(confidence, 0.99),
        suggestions=tuple(f.question for f in nearest),
        suggestion_ids=tuple(f.id for f in nearest),
    )


def not_stated(
    engine: Engine, question: str, article: Article, fact: Fact, confidence: float, query: Query, ranked: list[Scored]
) -> Answer:
    """A curated gap: the article does not answer this; say so, with what it does say."""
    nearest = [f for f in suggestions(engine, query, ranked) if f is not fact]
    return Answer(
        question=question,
        mode="ask",
        kind="not-stated",
        answered=False,
        text=fact.answer,
        confidence=min(confidence, 0.99),
        source=source_of(article, list(fact.evidence.paragraphs)),
        fact_id=fact.id,
        suggestions=tuple(f.question for f in nearest),
        suggestion_ids=tuple(f.id for f in nearest),
        extra={"evidence": fact.evidence.text},
    )


def suggestions(engine: Engine, query: Query, ranked: list[Scored] | None = None) -> list[Fact]:
    """The nearest facts (their canonical questions are offered), else starter facts."""
    chosen = _nearest_facts(engine, query, ranked)
    for _, fact in engine.kb.facts:
        if len(chosen) == MAX_SUGGESTIONS:
            break
        if not fact.not_in_article and fact not in chosen:
            chosen.append(fact)
    return chosen


def _nearest_facts(engine: Engine, query: Query, ranked: list[Scored] | None) -> list[Fact]:
    """Up to MAX_SUGGESTIONS facts the article states, nearest the query first: from `ranked`
    when it holds enough facts, else from a ranking of facts alone."""
    chosen: list[Fact] = []
    facts_ranked = [s for s in ranked if s.entry.kind == "fact"] if ranked else []
    if len(facts_ranked) < MAX_SUGGESTIONS:
        facts_ranked = engine.index.rank(query, limit=MAX_SUGGESTIONS, kinds=FACTS_ONLY)
    for scored in facts_ranked:
        fact = scored.entry.record
        near = scored.score > SUGGESTION_SCORE
        if isinstance(fact, Fact) and near and not fact.not_in_article and fact not in chosen:
            chosen.append(fact)
        if len(chosen) == MAX_SUGGESTIONS:
            break
    return chosen
