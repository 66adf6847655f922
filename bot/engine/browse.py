"""Lists for readers: autocomplete choices, the /about summary, and fact pages.

Plain data only; the Discord layer turns these into choices and embeds.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from .answers import Engine
from .models import Fact
from .render import clip
from .text import plain

CHOICE_TEXT_LIMIT = 100  # Discord: a choice's name and value are at most 100 characters
FACTS_PER_PAGE = 10


@dataclass(frozen=True)
class ArticleSummary:
    article_id: str
    title: str
    summary_line: str


def quote_choices(engine: Engine, typed: str, limit: int) -> list[tuple[str, str]]:
    """(label, value) pairs: quotes whose words match what the user has typed so far."""
    entries = engine.index.quotes
    if typed.strip():
        query = engine.index.query(typed)
        ranked = [r.entry for r in engine.index.rank_quotes(query, limit=limit)]
    else:
        ranked = list(entries[:limit])
    choices = []
    for entry in ranked:
        speaker = f" — {entry.speaker.name}"
        label = "“" + clip(entry.quote.text, CHOICE_TEXT_LIMIT - len(speaker) - 2) + "”" + speaker
        label = clip(label, CHOICE_TEXT_LIMIT)  # a very long name: the limit still holds
        choices.append((label, clip(entry.quote.text, CHOICE_TEXT_LIMIT)))
    return choices


def people_choices(engine: Engine, typed: str, limit: int) -> list[tuple[str, str]]:
    """(label, value) pairs of people, best name match first; the value is the full name.

    Names with a word starting with what is typed come first; otherwise typo-tolerant
    matching over the names that share the first letter.
    """
    index = engine.index
    words = plain(typed).split()
    if words:
        last = words[-1]
        found = [n for n in index.names_starting(last) if all(any(w in f for f in n.form.split()) for w in words[:-1])]
        if not found:
            found = [name for name, _ in index.find_people(typed)]
        order = []
        for name in sorted(found, key=lambda n: -fuzz.WRatio(plain(typed), n.form)):
            key = (name.article.id, name.person.id)
            if key not in order:
                order.append(key)
    else:
        order = [(a.id, p.id) for a, p in engine.kb.people]
    people = index.people_by_key
    choices = []
    for key in order[:limit]:
        person = people[key]
        choices.append(
            (clip(f"{person.name} — {person.role}", CHOICE_TEXT_LIMIT), clip(person.name, CHOICE_TEXT_LIMIT))
        )
    return choices


def article_choices(engine: Engine, typed: str, limit: int) -> list[tuple[str, str]]:
    """(label, value) pairs of articles whose title, outlet or id contains what is typed."""
    wanted = plain(typed)
    choices = []
    for article in engine.kb.articles:
        label = f"{article.source.title} ({article.source.outlet}, {article.source.published.isoformat()})"
        if not wanted or wanted in plain(f"{label} {article.id}"):
            choices.append((clip(label, CHOICE_TEXT_LIMIT), article.id[:CHOICE_TEXT_LIMIT]))
        if len(choices) == limit:
            break
    return choices


def about_articles(engine: Engine) -> list[ArticleSummary]:
    out = []
    for article in engine.kb.articles:
        source = article.source
        updated = engine.kb.loaded_at.strftime("%Y-%m-%d %H:%M UTC")
        parts = [f"{source.outlet}, {source.published.isoformat()}"]
        if source.url:
            parts.append(source.url)
        parts.append(f"{len(article.facts)} facts, {len(article.quotes)} quotes, {len(article.people)} people")
        parts.append(f"fact base loaded {updated}")
        out.append(ArticleSummary(article.id, source.title, "\n".join(parts)))
    return out


def browse_facts(engine: Engine, topic: str) -> list[list[str]]:
    """Canonical questions, FACTS_PER_PAGE to a page; with a topic, the facts about it."""
    if topic.strip():
        query = engine.index.query(topic)
        scored = engine.index.rank(query, limit=200, kinds=frozenset({"fact"}))
        facts = [s.entry.record for s in scored if s.score >= 0.3]
        questions = [f.question for f in facts if isinstance(f, Fact) and not f.not_in_article]
    else:
        questions = [fact.question for _, fact in engine.kb.facts if not fact.not_in_article]
    return [questions[i : i + FACTS_PER_PAGE] for i in range(0, len(questions), FACTS_PER_PAGE)]
