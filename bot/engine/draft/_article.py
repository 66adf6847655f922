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
from ..models import (
    DRAFT,
    MAX_ANSWER,
    MAX_CONTEXT,
    MAX_FACTS,
    MAX_ID,
    MAX_NAME,
    MAX_PEOPLE,
    MAX_QUOTE,
    MAX_QUOTES,
    Article,
)
from ..records import slug
from ._attribution import attribute
from ._frames import Attributor
from ._lexicon import PRONOUNS
from ._names import not_people
from ._paragraphs import Sentence, read_paragraphs
from ._people import People
from ._records import TakenIds, clip_text, content_slug, fact_record, fact_records, unique_id

FALLBACK_ROLE = "named in the article"
DEFAULT_OUTLET = "Unknown outlet"
TITLE_LIMIT = 300
MAX_PERSON_PARAGRAPHS = 50  # the schema's cap on the paragraphs one record cites


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
    if title is None:
        title = clip_text(paragraphs[0], TITLE_LIMIT)
        report.defaults.append("title: the first paragraph (give --title)")
    if outlet is None:
        outlet = DEFAULT_OUTLET
        report.defaults.append(f"outlet: {DEFAULT_OUTLET!r} (give --outlet)")
    if published is None:
        published = dt.date.today()
        report.defaults.append(f"published: today, {published.isoformat()} (give --published)")
    article_id = slug(article_id or title, MAX_ID)

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

    taken = TakenIds(taken_ids)
    quotes: list[dict[str, Any]] = []
    for para in paras:
        for quote in para.quotes:
            if quote.scare or not quote.text:
                continue
            speaker = people.people.get(quote.speaker) if quote.speaker else None
            prefix = slug(speaker.surname) if speaker else f"p{para.number}"
            quote.id = unique_id(f"{prefix}-{content_slug(quote.text, 4)}", taken)
            record: dict[str, Any] = {"id": quote.id}
            if speaker is not None:
                record["speaker"] = speaker.id
            text = clip_text(quote.text, MAX_QUOTE).rstrip()
            while text and text[-1] in '"“”':
                text = text[:-1].rstrip()
            record["text"] = text
            record["paragraph"] = para.number
            if quote.medium is not None:
                record["medium"] = quote.medium.value
            if speaker is not None:
                context = f"Quoted in paragraph {para.number}, attributed by the article: {quote.cue}"
            else:
                context = f"Quoted in paragraph {para.number}; the drafter could not tell who said it"
                report.unresolved_quotes.append((quote.id, para.number, text))
            record["context"] = clip_text(context, MAX_CONTEXT)
            record["status"] = DRAFT
            quotes.append(record)

    people_records: list[dict[str, Any]] = []
    for person in people.people.values():
        if not person.paragraphs:
            continue
        role = person.roles[0] if person.roles else FALLBACK_ROLE
        if not person.roles:
            report.people_without_role.append(person.name)
        numbers = sorted(person.paragraphs)[:MAX_PERSON_PARAGRAPHS]
        label = "paragraph" if len(numbers) == 1 else "paragraphs"
        where = f"is named in {label} {', '.join(map(str, numbers))}."
        summary = f"{person.name}, {role}, {where}" if person.roles else f"{person.name} {where}"
        aliases = [person.surname] if person.surname != person.name else []
        phrasings = [f"who is {person.name.lower()}"]
        if aliases:
            phrasings.append(f"who is {person.surname.lower()}")
        if person.roles and not role.startswith("of "):
            phrasings.append(f"who is the {clip_text(role, 150).lower()}")
        people_records.append(
            {
                "id": person.id,
                "name": person.name[:MAX_NAME],
                "role": role,
                "aliases": aliases,
                "summary": clip_text(summary, MAX_ANSWER),
                "phrasings": phrasings,
                "paragraphs": numbers,
                "status": DRAFT,
            }
        )

    facts = fact_records(paras, people, taken, Attributor(paras, people))
    cited = {q["paragraph"] for q in quotes} | {n for f in facts for n in f["evidence"]["paragraphs"]}
    for para in paras:  # every paragraph is cited: a paragraph of quotes alone gets a fact too
        if para.number not in cited:
            facts.append(fact_record(para, Sentence(para.number, 0, len(para.text), -1), people, taken, None, []))

    data: dict[str, Any] = {
        "id": article_id,
        "source": {"title": clip_text(title, TITLE_LIMIT), "outlet": outlet[:MAX_NAME], "published": published},
        "people": people_records,
        "quotes": quotes,
        "facts": facts,
    }
    # Refuse what one article file may not hold, before validation: one clear error, not a traceback.
    for records, limit, what, name in (
        (people_records, MAX_PEOPLE, "people", "MAX_PEOPLE"),
        (quotes, MAX_QUOTES, "quotes", "MAX_QUOTES"),
        (facts, MAX_FACTS, "facts", "MAX_FACTS"),
    ):
        if len(records) > limit:
            raise InputError(
                f"the article gives {len(records)} {what}, more than the {limit} one article file may hold "
                f"({name}); split the article into smaller files"
            )
    if url:
        data["source"]["url"] = url
    if byline:
        data["source"]["byline"] = byline
    article = Article.model_validate(data)
    problems = check_references(article) + check_against_text(article, "\n".join(paragraphs))
    if problems:  # a bug of the drafter: it must never write what the validator rejects
        raise FactBaseError(problems)
    report.people, report.quotes, report.facts = len(article.people), len(article.quotes), len(article.facts)
    report.seconds = time.perf_counter() - began
    return Draft(article, paragraphs, report)
