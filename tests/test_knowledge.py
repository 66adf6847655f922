"""The shipped fact base (knowledge/): structure the README asks for, and verbatim against the article."""

from __future__ import annotations

from collections import Counter

from bot.engine.loader import KnowledgeBase, article_paragraphs, check_against_text
from bot.engine.models import MIN_PHRASINGS
from tests.helpers import article_text_file

ARTICLE_PARAGRAPHS = 22  # non-empty lines of the article, "Share story" not counted


def duplicates(ids: list[str]) -> list[str]:
    return sorted(i for i, n in Counter(ids).items() if n > 1)


def test_one_article_with_content(kb: KnowledgeBase) -> None:
    assert [a.id for a in kb.articles] == ["doj-sanctuary-letters"]
    (article,) = kb.articles
    assert article.source.outlet == "The Seattle Times"
    assert article.source.published.isoformat() == "2018-01-24"
    assert len(article.facts) >= 30 and len(article.quotes) >= 10 and len(article.people) >= 6


def test_every_fact_has_enough_phrasings(kb: KnowledgeBase) -> None:
    short = {f.id: len(f.phrasings) for _, f in kb.facts if len(f.phrasings) < MIN_PHRASINGS}
    assert MIN_PHRASINGS == 5
    assert short == {}


def test_ids_are_unique(kb: KnowledgeBase) -> None:
    assert duplicates([p.id for _, p in kb.people]) == []
    assert duplicates([q.id for _, q in kb.quotes]) == []
    assert duplicates([f.id for _, f in kb.facts]) == []


def test_every_paragraph_is_cited(kb: KnowledgeBase) -> None:
    cited = {q.paragraph for _, q in kb.quotes}
    for _, fact in kb.facts:
        cited.update(fact.evidence.paragraphs)

    assert cited == set(range(1, ARTICLE_PARAGRAPHS + 1))


def test_every_person_is_cited_within_the_article(kb: KnowledgeBase) -> None:
    for _, person in kb.people:
        assert person.paragraphs
        assert all(1 <= n <= ARTICLE_PARAGRAPHS for n in person.paragraphs), person.id


def test_quotes_and_links_point_at_known_records(kb: KnowledgeBase) -> None:
    people = {p.id for _, p in kb.people}
    quotes = {q.id for _, q in kb.quotes}
    assert {q.speaker for _, q in kb.quotes} <= people
    for _, fact in kb.facts:
        assert set(fact.quotes) <= quotes, fact.id


def test_fact_base_is_verbatim_against_the_article(kb: KnowledgeBase) -> None:
    text = article_text_file().read_text(encoding="utf-8")
    (article,) = kb.articles

    assert [str(p) for p in check_against_text(article, text, kb.files[article.id])] == []


def test_article_text_has_the_paragraphs_the_fact_base_cites() -> None:
    paragraphs = article_paragraphs(article_text_file().read_text(encoding="utf-8"))

    assert len(paragraphs) == ARTICLE_PARAGRAPHS
