"""Drafting an article: the paragraphs read, people, quotes and facts found, one validated `Article`."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..errors import FactBaseError, InputError
from ..loader import PAGE_CHROME, check_against_text, check_references
from ..models import MAX_FACTS, MAX_ID, MAX_NAME, MAX_PEOPLE, MAX_QUOTES, Article
from ..records import slug
from ._attribution import attribute
from ._facts import fact_records, uncited_facts
from ._frames import Attributor
from ._lexicon import PRONOUNS
from ._names import not_people
from ._paragraphs import Para, read_paragraphs
from ._people import People
from ._records import FALLBACK_ROLE, TakenIds, clip_text, person_records, quote_records

DEFAULT_OUTLET = "Unknown outlet"
TITLE_LIMIT = 300


@dataclass
class DraftReport:
    """What the drafter could not resolve, and the defaults it chose."""

    paragraphs: int = 0
    people: int = 0
    quotes: int = 0
    facts: int = 0
    unresolved_quotes: list[tuple[str, int, str]] = field(default_factory=list)  # id, paragraph, text
    people_without_role: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def format(self) -> str:
        lines = [
            f"Drafted {self.paragraphs} paragraphs: {self.people} people, {self.quotes} quotes, "
            f"{self.facts} facts (every record status: draft) in {self.seconds * 1000:.0f} ms.",
        ]
        lines += [f"Default: {d}" for d in self.defaults]
        if self.unresolved_quotes:
            lines.append(f"{len(self.unresolved_quotes)} quote(s) without a speaker (never shown as anyone's words):")
            for quote_id, number, text in self.unresolved_quotes:
                lines.append(f"  {quote_id} (paragraph {number}): “{clip_text(text, 80)}”")
        else:
            lines.append("Every quote has a speaker.")
        if self.people_without_role:
            lines.append(f"{len(self.people_without_role)} person(s) without a role in the article's words:")
            lines += [f"  {name} (role: {FALLBACK_ROLE})" for name in self.people_without_role]
        lines.append("Check every record, write answers in your own words, then remove `status: draft`.")
        return "\n".join(lines)


@dataclass(frozen=True)
class Draft:
    """A drafted article: its records, the paragraphs they cite, and what the drafter could not resolve."""

    article: Article
    paragraphs: list[str]
    report: DraftReport

    @property
    def text(self) -> str:
        """The paragraph text every citation numbers: one paragraph per line."""
        return "\n".join(self.paragraphs) + "\n"


def draft_article(
    paragraphs: list[str],
    *,
    article_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    byline: str | None = None,
    taken_ids: Iterable[str] = (),
) -> Draft:
    """Draft a fact base for an article given as its paragraphs (numbered from 1)."""
    began = time.perf_counter()
    paragraphs = [p.strip() for p in paragraphs if p.strip() and p.strip() not in PAGE_CHROME]
    if not paragraphs:
        raise ValueError("the article has no paragraphs")
    report = DraftReport(paragraphs=len(paragraphs))
    title, outlet, published = _defaults(paragraphs, title, outlet, published, report)
    paras, people = _read(paragraphs, outlet)

    taken = TakenIds(taken_ids)
    quotes, report.unresolved_quotes = quote_records(paras, people, taken)
    # People before facts: reading a fact's frame resolves pronouns, which would add paragraphs to a person.
    people_records, report.people_without_role = person_records(people)
    facts = fact_records(paras, people, taken, Attributor(paras, people))
    facts += uncited_facts(paras, people, taken, quotes, facts)

    source: dict[str, Any] = {
        "title": clip_text(title, TITLE_LIMIT),
        "outlet": outlet[:MAX_NAME],
        "published": published,
    }
    if url:
        source["url"] = url
    if byline:
        source["byline"] = byline
    data = {
        "id": slug(article_id or title, MAX_ID),
        "source": source,
        "people": people_records,
        "quotes": quotes,
        "facts": facts,
    }
    _check_limits(people_records, quotes, facts)
    article = Article.model_validate(data)
    problems = check_references(article) + check_against_text(article, "\n".join(paragraphs))
    if problems:  # a bug of the drafter: it must never write what the validator rejects
        raise FactBaseError(problems)
    report.people, report.quotes, report.facts = len(article.people), len(article.quotes), len(article.facts)
    report.seconds = time.perf_counter() - began
    return Draft(article, paragraphs, report)


def _defaults(
    paragraphs: list[str], title: str | None, outlet: str | None, published: dt.date | None, report: DraftReport
) -> tuple[str, str, dt.date]:
    """The title, outlet and date, each defaulted (and the default reported) when not given."""
    if title is None:
        title = clip_text(paragraphs[0], TITLE_LIMIT)
        report.defaults.append("title: the first paragraph (give --title)")
    if outlet is None:
        outlet = DEFAULT_OUTLET
        report.defaults.append(f"outlet: {DEFAULT_OUTLET!r} (give --outlet)")
    if published is None:
        published = dt.date.today()
        report.defaults.append(f"published: today, {published.isoformat()} (give --published)")
    return title, outlet, published


def _read(paragraphs: list[str], outlet: str) -> tuple[list[Para], People]:
    """The paragraphs with their quotes, the people named and every quote's speaker."""
    paras = read_paragraphs(paragraphs)
    people = People(paras, not_people(paragraphs, outlet))
    people.infer_genders()
    attribute(paras, people)
    # Pronouns in the narration that resolve add their paragraphs to the person.
    for para in paras:
        for match in re.finditer(r"\b(he|she|his|her|him)\b", para.masked, re.IGNORECASE):
            referent = people.antecedent(para.number, match.start(), PRONOUNS[match.group(1).lower()])
            if referent is not None:
                people.people[referent].paragraphs.add(para.number)
    return paras, people


def _check_limits(people: list[dict[str, Any]], quotes: list[dict[str, Any]], facts: list[dict[str, Any]]) -> None:
    """Refuse what one article file may not hold, before validation: one clear error, not a traceback."""
    for records, limit, what, name in (
        (people, MAX_PEOPLE, "people", "MAX_PEOPLE"),
        (quotes, MAX_QUOTES, "quotes", "MAX_QUOTES"),
        (facts, MAX_FACTS, "facts", "MAX_FACTS"),
    ):
        if len(records) > limit:
            raise InputError(
                f"the article gives {len(records)} {what}, more than the {limit} one article file may hold "
                f"({name}); split the article into smaller files"
            )
