"""Giving each quoted passage its speaker: its own frame, the paragraph's one speaker, a run-on quote."""

from __future__ import annotations

import re

from ..models import Medium
from ._frames import Attributor, Frame, words_of
from ._lexicon import SPEECH_GERUND
from ._paragraphs import Para, QuoteSpan
from ._people import People

# Words of the attribution that may stand between a quote and the next one of the same speaker
# ("“…,” said Mayor Renata Voss, who took office in January 2023. “…”").
FOLLOWS_WORDS = 14


def medium_of(para: Para, frame: Frame, prev: Para | None) -> Medium | None:
    """How the attributed words were given, where the frame or the narration says: a statement, a tweet, spoken."""
    cue = frame.cue.lower()
    narration = para.masked.lower() + " " + (prev.masked.lower() if prev else "")
    if "statement" in cue or "news release" in cue or "press release" in cue:
        return Medium.statement
    if any(w in cue for w in ("twitter", "tweet", "on x ")):
        return Medium.twitter
    if frame.verb in ("wrote", "writes", "writing", "posted", "adding") and re.search(r"twitter|tweet", narration):
        return Medium.twitter
    if frame.verb in ("tweeted", "tweeting"):
        return Medium.twitter
    if re.search(r"\b(?:told reporters|in an interview|at a news conference|at a press conference)\b", cue):
        return Medium.spoken
    return None


STATEMENT_EVENT = re.compile(
    r"\b(?:released|issued|put out|sent out|sent|posted|provided|shared|read)\s+(?:a|an)\s+(?:\w+\s+)?statement\b"
    r"|\bsaid in (?:a|an) (?:\w+ )?statement\b|\bin (?:a|an) (?:\w+ )?statement\b",
    re.IGNORECASE,
)


def attribute(paras: list[Para], people: People) -> Attributor:
    """Give every quote of the article the speaker its narration names, paragraph by paragraph."""
    attributor = Attributor(paras, people)
    for index, para in enumerate(paras):
        prev = paras[index - 1] if index else None
        for position, quote in _events(para):
            if quote is None:
                _note_statement(attributor, para, position)
            else:
                attribute_quote(attributor, para, prev, quote)
        _attribute_unframed(attributor, para, prev)
        _run_back(para, prev)
        for quote in para.quotes:
            if quote.speaker:
                people.add_mention(quote.speaker, para.number, quote.open_at)
    return attributor


def _events(para: Para) -> list[tuple[int, QuoteSpan | None]]:
    """The paragraph's statements ("released a statement": None) and quotes, in the order they come."""
    statements: list[tuple[int, QuoteSpan | None]] = [(m.start(), None) for m in STATEMENT_EVENT.finditer(para.masked)]
    quotes: list[tuple[int, QuoteSpan | None]] = [(q.open_at, q) for q in para.quotes if not q.scare]
    return sorted(statements + quotes, key=lambda e: e[0])


def _note_statement(attributor: Attributor, para: Para, position: int) -> None:
    """Whose statement the one mentioned at `position` is: later quotes "in a statement" are theirs."""
    sentence = attributor.people.sentence_at(para.number, position)
    if para.masked[position : position + 3].lower() == "in ":
        # "In a statement released Friday, Sheriff Raymond Tully said …": the speaker after it
        frame = attributor.frame(para, position, sentence.end, False)
        # A new statement: its owner, or no one the article names as a person ("In a statement,
        # the department said ..."), never the owner of an earlier one.
        attributor.statement_owner = frame.speaker or None
        return
    # "Tully released a statement": the nearest subject before it
    words = [w for w in words_of(para.masked[: position + 1], 0) if w[1] >= sentence.start]
    for i in range(len(words) - 1, -1, -1):
        subject = attributor.subject_at(para, words, i)
        if subject is not False:
            attributor.statement_owner = subject if isinstance(subject, str) else None
            return


def _paragraph_speakers(attributor: Attributor, para: Para) -> set[str | None]:
    """Everyone the paragraph's quotes and sentences attribute words to; None for an attribution
    that names nobody it can resolve."""
    speakers: set[str | None] = {q.speaker for q in para.quotes if q.speaker and not q.scare}
    for sentence in para.sentences:
        # The first 120 characters of the sentence's narration (its quoted words, masked, aside)
        quoted = para.masked.count("X", sentence.start, sentence.end)
        frame = attributor.frame(para, sentence.start, min(sentence.end, sentence.start + quoted + 120), False)
        if frame.speaker:
            speakers.add(frame.speaker)
        elif frame.verb:
            speakers.add(None)
    return speakers


def _continued_from(quote: QuoteSpan, prev: Para | None) -> QuoteSpan | None:
    """The attributed quote of the paragraph before that `quote` runs on from, if it does."""
    if not quote.continues or prev is None or not prev.quotes or not prev.quotes[-1].speaker:
        return None
    return prev.quotes[-1]


def _attribute_unframed(attributor: Attributor, para: Para, prev: Para | None) -> None:
    """A quote with no attribution of its own: the quote it continues, the paragraph's one speaker,
    or the paragraph before when that ends with a colon ("Kline said:")."""
    speakers = _paragraph_speakers(attributor, para)
    for quote in para.quotes:
        if quote.scare or quote.framed:
            continue
        continued = _continued_from(quote, prev)
        follows = _follows_speakers_quote(attributor, para, quote)
        if continued is not None:
            quote.speaker, quote.medium = continued.speaker, continued.medium
            quote.cue = "continues the quote of the paragraph before"
        elif follows is not None:
            quote.speaker, quote.medium = follows.speaker, follows.medium
            quote.cue = "follows the speaker's quote and its attribution"
        elif len(speakers) == 1 and None not in speakers and not _names_another(attributor, para, quote, speakers):
            _give_paragraph_speaker(para, quote, speakers)
        else:
            _give_introducer(attributor, quote, prev, speakers)


def _follows_speakers_quote(attributor: Attributor, para: Para, quote: QuoteSpan) -> QuoteSpan | None:
    """The quote just before in the paragraph, when it is attributed and only its attribution stands
    between them: "“I knew it was wrong,” Lomax testified. “After that it just became …”"."""
    real = [q for q in para.quotes if not q.scare]
    at = real.index(quote)
    before = real[at - 1] if at else None
    if before is None or not before.framed or not before.speaker or before.close_at is None:
        return None
    mentions = attributor.people.mentions_between(para.number, before.close_at, quote.open_at)
    if any(m.person != before.speaker for m in mentions if not m.quoted):
        return None
    between = para.masked[before.close_at + 1 : quote.open_at]
    # only the attribution: a short stretch that ends the sentence ("Lomax testified last week.")
    return before if len(between.split()) <= FOLLOWS_WORDS and between.rstrip().endswith((".", ":")) else None


def _names_another(attributor: Attributor, para: Para, quote: QuoteSpan, speakers: set[str | None]) -> bool:
    """Whether the quote's own sentence names someone other than the paragraph's speaker before it
    ("Natarajan said …. Delgado dismissed the plan as “…”"): their words, maybe; no speaker is
    better than a wrong one."""
    sentence = attributor.people.sentence_at(para.number, quote.open_at)
    mentions = attributor.people.mentions_between(para.number, sentence.start, quote.open_at)
    named = {m.person for m in mentions if not m.quoted}
    return bool(named - speakers)


def _give_paragraph_speaker(para: Para, quote: QuoteSpan, speakers: set[str | None]) -> None:
    """The paragraph's one speaker, with the medium of that speaker's framed quote there, if any."""
    quote.speaker = next(iter(s for s in speakers if s))
    quote.cue = "the paragraph's one speaker"
    same = [q for q in para.quotes if q.speaker == quote.speaker and q.framed and q.medium]
    quote.medium = same[0].medium if same else None


def _give_introducer(attributor: Attributor, quote: QuoteSpan, prev: Para | None, speakers: set[str | None]) -> None:
    """ "Kline read from his dissent and said:" closing the paragraph before, which quotes nothing, when this
    paragraph names no speaker."""
    if prev is None or not prev.text.rstrip().endswith(":") or prev.quotes != [] or speakers != set():
        return
    frame = attributor.frame(prev, 0, len(prev.text), True)
    if frame.speaker:
        quote.speaker, quote.cue = frame.speaker, frame.cue


def _run_back(para: Para, prev: Para | None) -> None:
    """A run-on quote attributed only at its end gives its speaker to the parts before it."""
    if prev is None or not para.quotes or not para.quotes[0].continues or not para.quotes[0].speaker:
        return
    last = prev.quotes[-1] if prev.quotes else None
    if last is not None and last.speaker is None and not last.framed:
        last.speaker, last.cue = para.quotes[0].speaker, "runs on into the next paragraph"


def _quote_frames(attributor: Attributor, para: Para, quote: QuoteSpan) -> list[Frame]:
    """The frames of the narration after the quote (up to the next quote or the end of its sentence)
    and before it (back to the previous quote or the start of its sentence)."""
    real = [q for q in para.quotes if not q.scare]
    at = real.index(quote)
    sentence = attributor.people.sentence_at(para.number, quote.open_at)
    frames: list[Frame] = []
    if quote.close_at is not None and not quote.text.rstrip().endswith("."):
        stop = real[at + 1].open_at if at + 1 < len(real) else len(para.text)
        end_sentence = attributor.people.sentence_at(para.number, quote.close_at).end
        stop = min(stop, max(end_sentence, quote.close_at + 1))
        frames.append(attributor.frame(para, quote.close_at + 1, stop, False))
    previous_close = real[at - 1].close_at if at else None
    begin = max(sentence.start, previous_close + 1 if previous_close is not None else 0)
    if begin < quote.open_at:
        frames.append(attributor.frame(para, begin, quote.open_at, True))
    return frames


def attribute_quote(attributor: Attributor, para: Para, prev: Para | None, quote: QuoteSpan) -> None:
    """The speaker the quote's own frames agree on; none when they name nobody or disagree."""
    verbs = [f for f in _quote_frames(attributor, para, quote) if f.verb]
    if any(f.speaker for f in verbs):
        # "Brennan dismissed it as “…,” noting that …": a gerund after the quote with no subject of its
        # own goes on with the sentence's subject; it attributes nothing
        verbs = [f for f in verbs if f.speaker or f.verb not in SPEECH_GERUND]
    if not verbs:
        return
    quote.framed = True
    speakers = {f.speaker for f in verbs}
    if len(speakers) != 1 or None in speakers:
        return  # an unresolved or a contradictory attribution: leave it for a curator
    frame = verbs[0]
    quote.speaker = frame.speaker
    quote.cue = frame.cue
    quote.medium = medium_of(para, frame, prev)
    if quote.medium == Medium.statement:
        attributor.statement_owner = quote.speaker
