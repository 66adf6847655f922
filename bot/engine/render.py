"""One renderer for every surface: an `Answer` becomes a `Reply` (embed-shaped plain data).

The Discord layer turns a `Reply` into a `discord.Embed`; the console prints
`Reply.to_text()`. Both therefore say exactly the same thing. Discord's size limits are
applied here, so no surface can send what Discord would reject.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .answer import OTHER_QUESTION, Answer, Kind, QuoteRef, SourceRef
from .models import DRAFT

# Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits).
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_TOTAL_LIMIT = 6000
MAX_FIELDS = 25
CUT_MARKER = " […]"
ASKED = "Asked: "

COLOUR_ANSWER = 0x2B6CB0
COLOUR_QUOTE = 0x6B46C1
COLOUR_ABSTAIN = 0x718096
QUOTE_KINDS: frozenset[Kind] = frozenset({"quote", "quotes", "ambiguous"})  # shown in the quote colour


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word boundary, with a visible marker."""
    if len(text) <= limit:
        return text
    room = limit - len(CUT_MARKER)
    cut = text[:room]
    space = cut.rfind(" ")
    if space > room * 0.6:
        cut = cut[:space]
    return cut.rstrip() + CUT_MARKER


@dataclass(frozen=True)
class Field:
    name: str
    value: str


@dataclass(frozen=True)
class Reply:
    """Embed-shaped reply, within Discord's limits."""

    title: str
    description: str
    fields: tuple[Field, ...] = ()
    footer: str = ""
    colour: int = COLOUR_ANSWER
    url: str | None = None
    suggestions: tuple[str, ...] = ()
    answered: bool = True
    fact_id: str | None = None
    question: str = ""
    suggestion_ids: tuple[str, ...] = ()

    def to_text(self) -> str:
        """The same reply for a terminal."""
        lines = [self.title, "", self.description]
        for item in self.fields:
            lines += ["", f"{item.name}:", item.value]
        if self.footer:
            lines += ["", self.footer]
        return "\n".join(lines).replace("**", "")

    def total_size(self) -> int:
        return (
            len(self.title)
            + len(self.description)
            + len(self.footer)
            + sum(len(f.name) + len(f.value) for f in self.fields)
        )


def block_quote(quote: QuoteRef) -> str:
    body = "\n".join(f"> {line}" for line in quote.text.splitlines() or [""])
    return f"{body}\n— **{quote.speaker}**, {quote.role}"


def source_line(source: SourceRef) -> str:
    published = _human_date(source.published)
    line = f"{source.outlet}, {published} · “{source.article}”"
    if source.paragraphs:
        label = "paragraph" if len(source.paragraphs) == 1 else "paragraphs"
        line += f" · {label} {', '.join(str(p) for p in source.paragraphs)}"
    return line


def _human_date(iso: str) -> str:
    try:
        return dt.date.fromisoformat(iso).strftime("%B %-d, %Y")
    except ValueError:
        return iso


def draft_description(answer: Answer) -> str:
    """A drafted fact has no curated answer yet: show the article's own words, with where."""
    evidence = str(answer.extra.get("evidence") or answer.text)
    paragraphs = answer.source.paragraphs if answer.source is not None else ()
    where = ""
    if paragraphs:
        label = "paragraph" if len(paragraphs) == 1 else "paragraphs"
        where = f" ({label} {', '.join(str(p) for p in paragraphs)})"
    return f"The article says: “{evidence}”{where}"


def said_where(quote: QuoteRef) -> str:
    """How the article reports the words, without repeating who said them."""
    return {
        "statement": "In a statement, as the article reports:",
        "twitter": "On Twitter, as the article reports:",
    }.get(quote.medium or "", "As the article quotes:")


def second_part(answer: Answer) -> str:
    """The answer to the other half of a two-part question, with its quote and source."""
    parts = [answer.premise or "", draft_description(answer) if answer.extra.get("status") == DRAFT else answer.text]
    if answer.quote is not None:
        parts.append(block_quote(answer.quote))
    if answer.source is not None:
        parts.append(source_line(answer.source))
    return "\n".join(p for p in parts if p)


def render(answer: Answer) -> Reply:
    """The reply for one answer; every answer names its source or says it has none."""
    question = clip(answer.question.strip() or "(empty question)", 200)
    correction = f"**Correction:** {answer.premise}\n\n" if answer.premise else ""
    if not answer.answered:
        return _fit(_unanswered(answer, question, correction))
    return _fit(
        Reply(
            title=clip(_TITLES.get(answer.kind, "Answer").format(speaker=answer.speaker), TITLE_LIMIT),
            description=_description(answer, correction),
            fields=_fields(answer),
            footer=_footer(answer, question),
            colour=COLOUR_QUOTE if answer.kind in QUOTE_KINDS else COLOUR_ANSWER,
            url=answer.source.url if answer.source else None,
            answered=True,
            fact_id=answer.fact_id,
            question=answer.question,
        )
    )


def _unanswered(answer: Answer, question: str, correction: str) -> Reply:
    """'The article doesn't say' (or how to ask), with the closest things it does cover."""
    lines = [correction + answer.text]
    if answer.suggestions:
        lines += ["", "You could ask:" if answer.kind == "help" else "Closest things the article does cover:"]
    lines += [f"{i}. {s}" for i, s in enumerate(answer.suggestions, 1)]
    return Reply(
        title="How to ask FactDesk" if answer.kind == "help" else "The article doesn't say",
        description="\n".join(lines),
        fields=(Field("Source", source_line(answer.source)),) if answer.source is not None else (),
        footer=(f"fact {answer.fact_id} · " if answer.fact_id else "") + f"{ASKED}{question}",
        colour=COLOUR_ABSTAIN,
        suggestions=answer.suggestions,
        suggestion_ids=answer.suggestion_ids,
        answered=False,
        question=answer.question,
    )


# Titles by kind of answer (any other kind: "Answer").
_TITLES: dict[Kind, str] = {
    "quote": "Who said it: {speaker}",
    "quotes": "What {speaker} said",
    "person": "Who is {speaker}",
    "ambiguous": "More than one person said something close",
}


def _fields(answer: Answer) -> tuple[Field, ...]:
    """The quotes (each close one, for an ambiguous fragment), the source, the other answer."""
    fields: list[Field] = []
    if answer.kind == "ambiguous":
        for quote in answer.more_quotes:
            fields.append(Field(f"{quote.speaker} — paragraph {quote.paragraph}", block_quote(quote)))
    else:
        if answer.quote is not None:
            fields.append(Field("Quote", block_quote(answer.quote)))
        for quote in answer.more_quotes:
            fields.append(Field("Also said", block_quote(quote)))
    if answer.source is not None:
        fields.append(Field("Source", source_line(answer.source)))
    if answer.also is not None:
        fields.append(Field(str(answer.extra.get("also_heading", OTHER_QUESTION)), second_part(answer.also)))
    return tuple(fields)


def _footer(answer: Answer, question: str) -> str:
    footer = f"Confidence {answer.confidence:.0%}"
    if answer.fact_id:
        footer += f" · fact {answer.fact_id}"
    return footer + f" · {ASKED}{question}"


def _description(answer: Answer, correction: str) -> str:
    description = answer.text
    if answer.kind == "quote" and answer.quote is not None:
        description = said_where(answer.quote)  # the title and the quote's attribution name the speaker
    if answer.kind == "fact" and answer.extra.get("status") == DRAFT:
        description = draft_description(answer)
    description = correction + description
    if answer.extra.get("from_article"):
        description = f"From “{answer.extra['from_article']}”:\n{description}"
    return description


def _fit(reply: Reply) -> Reply:
    """Apply every per-part limit, then the 6,000-character total, dropping late fields first."""
    kept = reply.fields
    if len(kept) > MAX_FIELDS:  # the source is the last field: keep it, drop the quotes before it
        kept = kept[: MAX_FIELDS - 1] + kept[-1:]
    fields = tuple(Field(clip(f.name, FIELD_NAME_LIMIT), clip(f.value, FIELD_VALUE_LIMIT)) for f in kept)
    fitted = Reply(
        title=clip(reply.title, TITLE_LIMIT),
        description=clip(reply.description, DESCRIPTION_LIMIT),
        fields=fields,
        footer=clip(reply.footer, FOOTER_LIMIT),
        colour=reply.colour,
        url=reply.url,
        suggestions=reply.suggestions,
        answered=reply.answered,
        fact_id=reply.fact_id,
        question=reply.question,
        suggestion_ids=reply.suggestion_ids,
    )
    while fitted.total_size() > EMBED_TOTAL_LIMIT:
        if len(fitted.fields) > 1:
            # Keep the source (last) field: every answer names its source.
            kept = fitted.fields[:-2] + fitted.fields[-1:]
            fitted = _replace(fitted, fields=kept)
        else:
            room = EMBED_TOTAL_LIMIT - (fitted.total_size() - len(fitted.description))
            fitted = _replace(fitted, description=clip(fitted.description, max(room, 50)))
            break
    return fitted


def _replace(reply: Reply, **changes: object) -> Reply:
    from dataclasses import replace

    return replace(reply, **changes)  # type: ignore[arg-type]
