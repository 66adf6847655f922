"""Giving each quoted passage its speaker: its own frame, the paragraph's one speaker, a run-on quote."""

from __future__ import annotations

import re

from ..models import Medium
from ._frames import Attributor, Frame, words_of
from ._paragraphs import Para, QuoteSpan
from ._people import People


def medium_of(para: Para, frame: Frame, prev: Para | None) -> Medium | None:
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
    attributor = Attributor(paras, people)
    for index, para in enumerate(paras):
        prev = paras[index - 1] if index else None
        events = sorted(
            [(m.start(), "statement", None) for m in STATEMENT_EVENT.finditer(para.masked)]
            + [(q.open_at, "quote", q) for q in para.quotes if not q.scare],
            key=lambda e: e[0],
        )
        for position, kind, quote in events:
            if kind == "statement":
                words = words_of(para.masked[: position + 1], 0)
                sentence = people.sentence_at(para.number, position)
                words = [w for w in words if w[1] >= sentence.start]
                if para.masked[position : position + 3].lower() == "in ":
                    # "In a statement released Friday, Sheriff Raymond Tully said …": the speaker after it
                    frame = attributor.frame(para, position, sentence.end, False)
                    if frame.speaker:
                        attributor.statement_owner = frame.speaker
                    continue
                for i in range(len(words) - 1, -1, -1):
                    subject = attributor.subject_at(para, words, i)
                    if subject is not False:
                        if isinstance(subject, str):
                            attributor.statement_owner = subject
                        break
                continue
            assert quote is not None
            attribute_quote(attributor, para, prev, quote)
        # A quote with no attribution of its own takes the paragraph's one speaker.
        speakers: set[str | None] = {q.speaker for q in para.quotes if q.speaker and not q.scare}
        for sentence in para.sentences:
            frame = attributor.frame(para, sentence.start, min(sentence.end, sentence.start + 120), False)
            if frame.speaker:
                speakers.add(frame.speaker)
            elif frame.verb:
                speakers.add(None)
        for quote in para.quotes:
            if quote.scare or quote.framed:
                continue
            if quote.continues and prev is not None and prev.quotes and prev.quotes[-1].speaker:
                quote.speaker, quote.medium = prev.quotes[-1].speaker, prev.quotes[-1].medium
                quote.cue = "continues the quote of the paragraph before"
            elif len(speakers) == 1 and None not in speakers:
                quote.speaker = next(iter(s for s in speakers if s))
                quote.cue = "the paragraph's one speaker"
                same = [q for q in para.quotes if q.speaker == quote.speaker and q.framed and q.medium]
                quote.medium = same[0].medium if same else None
            elif prev is not None and prev.text.rstrip().endswith(":") and prev.quotes == [] and speakers == set():
                frame = attributor.frame(prev, 0, len(prev.text), True)
                if frame.speaker:
                    quote.speaker, quote.cue = frame.speaker, frame.cue
        # A run-on quote attributed only at its end gives its speaker to the parts before it.
        if prev is not None and para.quotes and para.quotes[0].continues and para.quotes[0].speaker:
            last = prev.quotes[-1] if prev.quotes else None
            if last is not None and last.speaker is None and not last.framed:
                last.speaker, last.cue = para.quotes[0].speaker, "runs on into the next paragraph"
        for quote in para.quotes:
            if quote.speaker:
                people.add_mention(quote.speaker, para.number, quote.open_at)
    return attributor


def attribute_quote(attributor: Attributor, para: Para, prev: Para | None, quote: QuoteSpan) -> None:
    real = [q for q in para.quotes if not q.scare]
    at = real.index(quote)
    sentence = attributor.people.sentence_at(para.number, quote.open_at)
    # narration after the quote, up to the next quote or the end of the sentence
    frames: list[Frame] = []
    if quote.close_at is not None and not quote.text.rstrip().endswith("."):
        stop = real[at + 1].open_at if at + 1 < len(real) else len(para.text)
        end_sentence = attributor.people.sentence_at(para.number, quote.close_at).end
        stop = min(stop, max(end_sentence, quote.close_at + 1))
        frames.append(attributor.frame(para, quote.close_at + 1, stop, False))
    # narration before it, back to the previous quote or the start of its sentence
    previous_close = real[at - 1].close_at if at else None
    begin = max(sentence.start, previous_close + 1 if previous_close is not None else 0)
    if begin < quote.open_at:
        frames.append(attributor.frame(para, begin, quote.open_at, True))
    verbs = [f for f in frames if f.verb]
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
