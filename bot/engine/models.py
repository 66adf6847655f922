"""The fact base's data model: one article file = source + people + quotes + facts.

These pydantic models are the schema curators write against (`python -m bot schema`
prints it as JSON Schema). Cross-references are checked in `loader`, not here.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ARTICLE_ATTRIBUTION = "article"

# Limits shared by the validator and the moderators' commands (Discord modals cap at 4000).
MAX_ID = 64
MAX_QUESTION = 200
MAX_PHRASING = 200
MAX_ANSWER = 1000
MAX_EXCERPT = 1500
MAX_QUOTE = 1500
MAX_CONTEXT = 300
MAX_NAME = 100
MAX_ROLE = 200
MAX_PARAGRAPH = 10_000
MIN_PHRASINGS = 5
MAX_TAG = 100
# How many items a list may hold (the shipped article's largest: 62 facts, 63 phrasings, 23 tags).
MAX_FACTS = 2_000  # per article file
MAX_QUOTES = 1_000
MAX_PEOPLE = 500
MAX_PHRASINGS = 200
MAX_ALIASES = 50
MAX_TAGS = 50
MAX_CITED = 50  # paragraphs cited by one record, quotes cited by one fact
# The YAML of one file, before it is validated (see loader.check_yaml_bounds): its text once
# aliases are expanded (an alias counts as often as it is used) and how deeply it nests.
MAX_EXPANDED_CHARS = 10_000_000
MAX_DEPTH = 32
# One fact base file on disk (the shipped article is about 200 KB): a larger one is refused before
# it is read (a hand-edited 2-million-item list took 75 s and 1.5 GB to parse), and `/kb import`
# takes no larger attachment.
MAX_FILE_BYTES = 2_000_000

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=MAX_ID)]


Phrasing = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_PHRASING)]
Alias = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_NAME)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TAG)]


Paragraph = Annotated[int, Field(ge=1, le=MAX_PARAGRAPH)]

# `draft` marks a record written by the drafter (`python -m bot draft`) that no curator has
# checked yet; curated records have no status.
DRAFT = "draft"
Status = Literal["draft"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Medium(StrEnum):
    """How the words reached the public, where the article says."""

    spoken = "spoken"
    statement = "statement"
    twitter = "twitter"


class Source(Strict):
    """Where the article was published; every answer cites this."""

    title: str = Field(min_length=1, max_length=300)
    outlet: str = Field(min_length=1, max_length=MAX_NAME)
    published: dt.date
    url: str | None = None
    byline: str | None = None
    summary: str | None = Field(default=None, max_length=1000)


class Person(Strict):
    """Someone the article names; `aliases` are other names readers use (surname, title)."""

    id: Slug
    name: str = Field(min_length=1, max_length=MAX_NAME)
    role: str = Field(min_length=1, max_length=MAX_ROLE)
    aliases: list[Alias] = Field(default_factory=list, max_length=MAX_ALIASES)
    summary: str = Field(min_length=1, max_length=MAX_ANSWER)
    phrasings: list[Phrasing] = Field(default_factory=list, max_length=MAX_PHRASINGS)
    paragraphs: list[Paragraph] = Field(min_length=1, max_length=MAX_CITED)
    status: Status | None = None


class Quote(Strict):
    """A passage printed in quote marks, verbatim, with who said it and where.

    `speaker` is None only for a drafted quote whose speaker is not resolved yet: such a
    quote is never shown as anyone's words (`KnowledgeBase.quotes` leaves it out).
    """

    id: Slug
    speaker: Slug | None = None
    text: str = Field(min_length=1, max_length=MAX_QUOTE)
    paragraph: Paragraph
    medium: Medium | None = None
    context: str = Field(min_length=1, max_length=MAX_CONTEXT)
    tags: list[Tag] = Field(default_factory=list, max_length=MAX_TAGS)
    status: Status | None = None

    @model_validator(mode="wrap")
    @classmethod
    def _speaker_unless_draft(cls, data: Any, handler: ModelWrapValidatorHandler[Quote]) -> Quote:
        """A curated quote needs its speaker; only a draft may wait for a curator to give one."""
        missing = isinstance(data, dict) and data.get("speaker") is None and data.get("status") != DRAFT
        errors: list[Any] = []
        try:
            quote = handler(data)
        except ValidationError as exc:
            if not missing:
                raise
            errors = [{k: e[k] for k in ("type", "loc", "input", "ctx") if k in e} for e in exc.errors()]
        if missing:
            errors.insert(0, {"type": "missing", "loc": ("speaker",), "input": data})
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return quote

    @field_validator("text")
    @classmethod
    def _no_outer_quote_marks(cls, value: str) -> str:
        if value[:1] in '"“”' or value[-1:] in '"“”':
            raise ValueError("must not include the surrounding quote marks")
        return value


if TYPE_CHECKING:

    class AttributedQuote(Quote):
        """A quote with a speaker: what `KnowledgeBase.quotes` yields (a static type only)."""

        speaker: Slug

else:
    AttributedQuote = Quote


class Evidence(Strict):
    """A verbatim excerpt of the article and the paragraph(s) it comes from."""

    text: str = Field(min_length=1, max_length=MAX_EXCERPT)
    paragraphs: list[Paragraph] = Field(min_length=1, max_length=MAX_CITED)


class Fact(Strict):
    """A claim of the article, phrased as the questions readers ask about it."""

    id: Slug
    question: str = Field(min_length=1, max_length=MAX_QUESTION)
    phrasings: list[Phrasing] = Field(min_length=MIN_PHRASINGS, max_length=MAX_PHRASINGS)
    answer: str = Field(min_length=1, max_length=MAX_ANSWER)
    evidence: Evidence
    attributed_to: str = Field(default=ARTICLE_ATTRIBUTION, min_length=1, max_length=MAX_NAME)
    quotes: list[Slug] = Field(default_factory=list, max_length=MAX_CITED)
    tags: list[Tag] = Field(default_factory=list, max_length=MAX_TAGS)
    # A known gap: readers ask these questions but the article does not answer them. The
    # `answer` says so and gives the closest thing the article does say (the evidence), and
    # the bot replies as an abstention, never as an answer.
    not_in_article: bool = False
    status: Status | None = None

    @field_validator("phrasings")
    @classmethod
    def _distinct_phrasings(cls, value: list[str]) -> list[str]:
        seen: set[str] = set()
        for phrasing in value:
            key = re.sub(r"\s+", " ", phrasing.casefold())
            if key in seen:
                raise ValueError(f"duplicate phrasing: {phrasing!r}")
            seen.add(key)
        return value


class Article(Strict):
    """One YAML file of the fact base."""

    id: Slug
    source: Source
    people: list[Person] = Field(default_factory=list, max_length=MAX_PEOPLE)
    quotes: list[Quote] = Field(default_factory=list, max_length=MAX_QUOTES)
    facts: list[Fact] = Field(default_factory=list, max_length=MAX_FACTS)
