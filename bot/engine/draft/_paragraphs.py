"""An article's paragraphs as the drafter sees them: their quoted passages, the narration around them, sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..models import Medium
from ._lexicon import ABBREVIATIONS, CLOSE, OPEN


@dataclass
class QuoteSpan:
    """One quoted passage of a paragraph: `text` is `paragraph[start:end]` (marks excluded)."""

    para: int  # 1-based
    open_at: int
    close_at: int | None  # None: runs on past the end of the paragraph
    start: int
    end: int
    text: str
    scare: bool
    continues: bool = False  # continues the previous paragraph's unclosed quote
    speaker: str | None = None
    medium: Medium | None = None
    cue: str = ""  # the words that attributed it
    framed: bool = False  # its own sentence has an attribution (resolved or not)
    id: str = ""


@dataclass
class Sentence:
    """One sentence of a paragraph, by its place in the masked text."""

    para: int
    start: int
    end: int
    index: int  # in the article


@dataclass
class Para:
    """A paragraph, numbered from 1, with its quotes, its narration and its sentences."""

    number: int
    text: str
    quotes: list[QuoteSpan] = field(default_factory=list)
    masked: str = ""  # quoted words replaced by X, so frames and mentions see only the narration
    sentences: list[Sentence] = field(default_factory=list)


def find_quotes(number: int, text: str, run_on: bool) -> list[QuoteSpan]:
    """The quoted passages of a paragraph; `run_on` when the one before ended inside a quote."""
    spans: list[QuoteSpan] = []
    inside, opened = False, 0
    for i, char in enumerate(text):
        if char == OPEN or (char == '"' and not inside):
            if inside and char == OPEN:  # a second opener: the first ran on without closing
                continue
            inside, opened = True, i
        elif (char == CLOSE or char == '"') and inside:
            spans.append(quote_span(number, text, opened, i))
            inside = False
    if inside:
        spans.append(quote_span(number, text, opened, None))
    if run_on and spans and spans[0].open_at == 0:
        spans[0].continues = True
    return spans


# A reporting verb, then the reported clause up to a verb the quoted words complete: "said the
# results were “sobering”", "said in a statement that it had “cooperated fully”".
_PARTIAL_LEAD = re.compile(
    r"\b(?:said|says|told|wrote|testified|stated|added|argued|insisted|warned)\b[^“”\"]*?"
    r"\b(?:was|were|is|are|be|been|had|has|have|would|will|could|should|that)\s*$",
    re.IGNORECASE,
)


def quote_span(number: int, text: str, opened: int, closed: int | None) -> QuoteSpan:
    """The quote opened at `opened` (closed at `closed`, or running on), trimmed; short ones are scare quotes."""
    start, end = opened + 1, (closed if closed is not None else len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    while start < end and text[start] in '"“”':
        start += 1
    while end > start and text[end - 1] in '"“”':
        end -= 1
    inner = text[start:end]
    words = inner.split()
    so_called = text[max(0, opened - 10) : opened].rstrip().lower().endswith("so-called")
    scare = (len(words) < 3 and not re.search(r"[.!?,;:]", inner)) or (so_called and len(words) < 6)
    if scare and not so_called and _PARTIAL_LEAD.search(re.split(r"[.!?]\s", text[:opened])[-1]):
        scare = False  # "she said the results were “sobering”": someone's word, reported as theirs
    return QuoteSpan(number, opened, closed, start, end, inner, scare)


def mask_quotes(text: str, quotes: list[QuoteSpan]) -> str:
    """The text with quoted words replaced by X (a quote's final stop kept, to end its sentence)."""
    chars = list(text)
    for quote in quotes:
        if quote.scare:
            continue
        stop = quote.close_at if quote.close_at is not None else len(text)
        for i in range(quote.open_at + 1, stop):
            chars[i] = "X"
        last = text[quote.start : quote.end].rstrip()
        if quote.close_at is not None and last[-1:] in ".!?":  # a sentence may end with the quote
            chars[quote.start + len(last) - 1] = last[-1]
    return "".join(chars)


LOOKBACK = 400  # characters of narration a local pattern may look back (or ahead) over: keeps drafting linear
# "a.m." / "p.m." end a sentence unless a day or a time zone follows ("at 4 a.m. Monday").
CLOCK = frozenset({"a.m", "p.m"})
_WEEKDAY_NEXT = re.compile(
    r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Eastern|Central|Pacific|Mountain|local|ET|CT|PT|MT)\b"
)
BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def split_sentences(para: Para, first_index: int) -> list[Sentence]:
    """The sentences of the masked paragraph, numbered in the article from `first_index`."""
    masked, start = para.masked, 0
    out: list[Sentence] = []
    for match in BOUNDARY.finditer(masked):
        # A window before the boundary, not the whole prefix: searching the prefix is quadratic.
        before = masked[max(0, match.start() - LOOKBACK) : match.start() + 1]
        word = re.search(r"([A-Za-z.]+)\.$", before)
        if word:
            stem = word.group(1).rstrip(".")
            if (
                stem.lower() in ABBREVIATIONS
                or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", stem)
                or re.fullmatch(r"[A-Z]", stem)
                or (stem.lower() in CLOCK and _WEEKDAY_NEXT.match(masked, match.end()))  # "2:15 p.m. Tuesday"
                or (stem[:1].isupper() and masked[match.end() : match.end() + 1] == "(")  # "SALEM, Ore. (CPW) —"
            ):
                continue
        end = match.start() + len(match.group().rstrip())
        out.append(Sentence(para.number, start, end, first_index + len(out)))
        start = match.end()
    if start < len(masked):
        out.append(Sentence(para.number, start, len(masked.rstrip()), first_index + len(out)))
    return out


def read_paragraphs(paragraphs: list[str]) -> list[Para]:
    """Every paragraph with its quotes, narration and sentences."""
    paras: list[Para] = []
    run_on = False
    for number, text in enumerate(paragraphs, 1):
        para = Para(number, text, find_quotes(number, text, run_on))
        para.masked = mask_quotes(text, para.quotes)
        para.sentences = split_sentences(para, sum(len(p.sentences) for p in paras))
        run_on = bool(para.quotes) and para.quotes[-1].close_at is None and not para.quotes[-1].scare
        paras.append(para)
    return paras
