"""What the engine says about a question: the `Answer` every surface renders, with its
source down to the paragraph and any quote verbatim with its speaker.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

from .models import Article, Medium, Person, Quote

Mode = Literal["ask", "who-said"]
# fact, person, quote, quotes (a person's quotes), ambiguous (close to several speakers'),
# source (about the article or an answer's source), quote-check (whether words are a quote),
# abstain, not-stated (what the article doesn't say, with the closest thing it does), help.
Kind = Literal[
    "fact", "person", "quote", "quotes", "ambiguous", "source", "quote-check", "abstain", "not-stated", "help"
]


@dataclass(frozen=True, slots=True)
class SourceRef:
    article_id: str
    article: str
    outlet: str
    published: str
    paragraphs: tuple[int, ...]
    url: str | None = None


@dataclass(frozen=True, slots=True)
class QuoteRef:
    id: str
    text: str
    speaker: str
    speaker_id: str
    role: str
    paragraph: int
    medium: str | None = None


@dataclass(frozen=True)
class Answer:
    """What the engine says about one question, ready for the renderer."""

    question: str
    mode: Mode
    kind: Kind
    answered: bool
    text: str
    confidence: float
    quote: QuoteRef | None = None
    more_quotes: tuple[QuoteRef, ...] = ()
    speaker: str | None = None
    source: SourceRef | None = None
    fact_id: str | None = None
    suggestions: tuple[str, ...] = ()
    suggestion_ids: tuple[str, ...] = ()  # the fact id behind each suggestion
    extra: dict[str, Any] = field(default_factory=dict)
    premise: str | None = None  # a false premise of the question, corrected in words
    also: Answer | None = None  # the answer to the second part of a two-part question

    @classmethod
    def sure(cls, question: str, kind: Kind, text: str, **fields: Any) -> Answer:
        """An answer given for certain, to a free question (`ask`): a person, a source, what
        a quote is. `fields` are the rest (quote, speaker, source, ...)."""
        return cls(question=question, mode="ask", kind=kind, answered=True, text=text, confidence=1.0, **fields)

    def to_json(self) -> dict[str, Any]:
        """The CLI's JSON contract: exactly these fields."""
        source = None
        if self.source is not None:
            source = {
                "article": self.source.article,
                "outlet": self.source.outlet,
                "published": self.source.published,
                "paragraphs": list(self.source.paragraphs),
            }
        quote = None
        if self.quote is not None:
            quote = {"text": self.quote.text, "speaker": self.quote.speaker, "paragraph": self.quote.paragraph}
        return {
            "answered": self.answered,
            "answer": self.plain_text(),
            "quote": quote,
            "speaker": self.speaker,
            "source": source,
            "confidence": round(self.confidence, 4),
            "fact_id": self.fact_id,
            "suggestions": list(self.suggestions),
            "premise": self.premise,
        }

    def plain_text(self) -> str:
        """The reply as plain text: a premise's correction, the answer, then any further quotes
        a reader is shown, then the answer to a second question."""
        lines = [self.premise] if self.premise else []
        lines.append(self.text)
        for quote in self.more_quotes:
            lines.append(f"Also: “{quote.text}” — {quote.speaker} (paragraph {quote.paragraph})")
        if self.also is not None:
            lines.append(self.also.plain_text())
            if self.also.quote is not None:
                quote = self.also.quote
                lines.append(f"“{quote.text}” — {quote.speaker} (paragraph {quote.paragraph})")
        return "\n".join(lines)


def source_of(article: Article, paragraphs: list[int] | tuple[int, ...]) -> SourceRef:
    return SourceRef(
        article_id=article.id,
        article=article.source.title,
        outlet=article.source.outlet,
        published=article.source.published.isoformat(),
        paragraphs=tuple(sorted(set(paragraphs))),
        url=article.source.url,
    )


def quote_ref(quote: Quote, speaker: Person) -> QuoteRef:
    medium = quote.medium.value if isinstance(quote.medium, Medium) else None
    return QuoteRef(quote.id, quote.text, speaker.name, speaker.id, speaker.role, quote.paragraph, medium)


def quote_answer(
    question: str, mode: Mode, article: Article, quote: Quote, speaker: Person, confidence: float
) -> Answer:
    """A quote as the answer: who said it, how, and where the article prints it."""
    ref = quote_ref(quote, speaker)
    return Answer(
        question=question,
        mode=mode,
        kind="quote",
        answered=True,
        text=f"{speaker.name} ({speaker.role}) {said_how(ref)}.",
        confidence=confidence,
        quote=ref,
        speaker=speaker.name,
        source=source_of(article, [quote.paragraph]),
    )


def said_how(quote: QuoteRef) -> str:
    """'said this', 'wrote this on Twitter', 'said this in a statement'."""
    return {"statement": "said this in a statement", "twitter": "wrote this on Twitter"}.get(
        quote.medium or "", "said this"
    )


OTHER_QUESTION = "Your other question"


def both(first: Answer, second: Answer, heading: str = OTHER_QUESTION) -> Answer:
    """One reply for a two-part question: both answers, or the one that answers. `heading` names
    the second part where it is not the other half of the reader's question ("Also on that")."""
    if not second.answered or (second.fact_id is not None and second.fact_id == first.fact_id):
        return first
    if not first.answered:
        return second
    if first.plain_text() == second.plain_text():
        return first
    extra = first.extra if heading == OTHER_QUESTION else {**first.extra, "also_heading": heading}
    return replace(first, also=second, confidence=min(first.confidence, second.confidence), extra=extra)


def with_confidence(answer: Answer, confidence: float) -> Answer:
    return replace(answer, confidence=confidence)


def told_by(answer: Answer) -> str:
    """Everything an answer tells: its text, the excerpt and the quote."""
    parts = [answer.text, str(answer.extra.get("evidence") or "")]
    if answer.quote is not None:
        parts.append(answer.quote.text)
    return " ".join(parts)


def doesnt_say(missing: str, closest: str) -> str:
    """The reply that names what the article lacks, then offers the closest thing it does say."""
    return f"The article doesn't say {missing}. The closest thing it says: {closest}"


def not_stated(answer: Answer, **changes: Any) -> Answer:
    """`answer` turned into "the article doesn't say": unanswered, without the quote it gave."""
    return replace(answer, kind="not-stated", answered=False, quote=None, speaker=None, **changes)
