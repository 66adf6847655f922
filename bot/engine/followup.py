"""Follow-up questions: a question read in the context of the reader's previous exchange.

`resolve` decides what a follow-up refers to ("what else did he say?", "and Durkan?",
"why?", "source?", "is that a direct quote?") and turns it into a standalone question or a
reference to the previous answer. A question that stands alone is left as it is: context
only fills what the question leaves open. `Conversations` keeps each reader's last exchange,
keyed by conversation and user, bounded in memory and expiring.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from .answer import Answer
from .models import ARTICLE_ATTRIBUTION, Article, Person
from .premises import MEDIUM_WORDS, medium_in_text
from .question import medium_of, quoted_fragment, read
from .text import STOPWORDS, plain, stem, tokens, words

if TYPE_CHECKING:
    from .answers import Engine

DEFAULT_TTL_SECONDS = 600.0
DEFAULT_MAX_CONVERSATIONS = 10_000
SHORT_FOLLOWUP_WORDS = 4  # "and durkan?", "what about chicago?": at most this many content words


class Refers(StrEnum):
    """What a follow-up asks of the previous exchange."""

    none = "none"  # a standalone question
    source = "source"  # "source?", "where does it say that?", "which paragraph?"
    quote_check = "quote-check"  # "is that a direct quote?"
    who = "who"  # "who's that?", "who is she?"
    more_quotes = "more-quotes"  # "what else did he say?"
    who_said = "who-said"  # "who said that?"
    medium = "medium"  # "was that in a tweet?"
    rewrite = "rewrite"  # a question rebuilt with the previous one's missing part


@dataclass(frozen=True, slots=True)
class Previous:
    """What a follow-up may refer to: the last question and what its answer was about."""

    question: str
    person: str | None  # the name of the person the answer was about or quoted
    answered: bool


@dataclass(frozen=True, slots=True)
class Followup:
    refers: Refers
    question: str  # the question to answer (rewritten for Refers.rewrite)
    bare: bool = False  # a bare "why?" / "when?": only the question word was asked


_SOURCE = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:source|sources|link|citation|cite|proof|evidence|"
    r"where (?:does|did|do) (?:it|the article|they|you) (?:say|said|get) (?:that|this|it)|"
    r"where (?:is|was) (?:that|this) from|which paragraph|what paragraph|where in the article|"
    r"(?:says|said) who|according to (?:who|whom|what)|how do you know(?: that)?)\b"
)
_QUOTE_CHECK = re.compile(
    r"\b(?:direct quote|verbatim|exact words|word for word|actual words|really say that|"
    r"really said that|paraphras|in quotes|quote marks)\b"
)
_WHO_THAT = re.compile(r"^(?:(?:and|so|ok|but) )?(?:who|whos)(?: is| s| was)? (?:that|this|he|she|him|her|they)$")
_MORE = re.compile(
    r"\b(?:what|anything) else (?:did|does|has) (?:he|she|they) (?:say|said|tweet|write)|"
    r"(?:any|more|other) (?:quotes?|things) (?:from|by) (?:him|her|them)|what else did (?:he|she|they)"
)
_WHO_SAID = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:who|whom) (?:said|says|wrote|tweeted|claimed|thinks) (?:that|this|it)$"
)
_MEDIUM_CHECK = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:was|is|did) (?:that|this|it|he|she|they)"
    r"(?: (?:say|said|post|posted) (?:that|it|this))? (?:in|on|via|through) (?:a |an |his |her |their )?"
    r"(?P<medium>tweet|twitter|x|statement|press release|interview|speech|tv|television|post|social media|letter)\b"
)
# A person's pronouns ("they" is most often a group: "people about their status").
_PRONOUN = re.compile(r"\b(?:he|she|him|her|his|hers)\b")
_ELLIPSIS = re.compile(
    r"^(?:and|what about|how about|and what about|what of|ok and|so what about|same for) (?P<rest>.+)$"
)
_BARE_WH = re.compile(r"^(?:and |so |but )?(?P<wh>why|when|where|how|how many|how much|who|what)(?: not| so| then)?$")


def resolve(question: str, previous: Previous | None, names_person: Callable[[str], str | None]) -> Followup:
    """How `question` follows `previous` (None: there is none). `names_person(text)` is the
    full name of the person `text` names, if any (the engine's name resolution)."""
    text = plain(question)
    if previous is None or not text:
        return Followup(Refers.none, question)
    if _SOURCE.match(text):
        return Followup(Refers.source, question)
    if _QUOTE_CHECK.search(text) and len(_content(text)) <= 6:
        return Followup(Refers.quote_check, question)
    if _WHO_SAID.match(text):
        return Followup(Refers.who_said, question)
    if _MEDIUM_CHECK.match(text):
        return Followup(Refers.medium, question)
    if _WHO_THAT.match(text) and previous.person:
        return Followup(Refers.who, previous.person)
    if _MORE.search(text) and previous.person:
        return Followup(Refers.more_quotes, previous.person)
    bare = _BARE_WH.match(text)
    if bare:
        return Followup(Refers.rewrite, f"{bare.group('wh')} {_without_wh(previous.question)}", bare=True)
    ellipsis = _ELLIPSIS.match(text)
    if ellipsis and len(_content(ellipsis.group("rest"))) <= SHORT_FOLLOWUP_WORDS:
        rest = ellipsis.group("rest")
        new_person = names_person(rest)
        if new_person and previous.person:
            if not _names(previous.question, previous.person):
                # "and Landrieu?" after a quote found by its words: the same question of them.
                return Followup(Refers.rewrite, f"what did {new_person} say?")
            return Followup(Refers.rewrite, _replace_person(previous.question, previous.person, new_person))
        return Followup(Refers.rewrite, f"{previous.question.rstrip('?')} {rest}")
    if previous.person and _PRONOUN.search(text) and names_person(question) is None:
        return Followup(Refers.rewrite, _with_name(question, previous.person))
    return Followup(Refers.none, question)


def _content(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS]


_LEADING_WH = re.compile(r"^(?:who|whom|whose|what|whats|which|when|where|why|how(?: many| much)?)\s+", re.IGNORECASE)


def _without_wh(question: str) -> str:
    return _LEADING_WH.sub("", question.strip().rstrip("?"))


def _with_name(question: str, name: str) -> str:
    """'what else did he say about it' -> 'what else did Joe McDermott say about it'."""
    text = re.sub(r"\b(?:his|her|their)\b", f"{name}'s", question, flags=re.IGNORECASE)
    return re.sub(r"\b(?:he|she|him|they|them)\b", name, text, flags=re.IGNORECASE)


def _names(question: str, person: str) -> bool:
    folded = question.casefold()
    return any(re.search(rf"\b{re.escape(part.casefold())}\b", folded) for part in person.split() if len(part) > 2)


def _replace_person(question: str, old: str, new: str) -> str:
    """The previous question about `old`, asked about `new` ("and Durkan?"): the longest run
    of the old name's words that the question uses ("de Blasio" of "Bill de Blasio")."""
    parts = old.split()
    forms = sorted({" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}, key=len)
    forms = [f for f in reversed(forms) if len(f) > 2]
    for form in forms:
        replaced = re.sub(rf"\b{re.escape(form)}(?:['’]s)?\b", new, question, flags=re.IGNORECASE)
        if replaced != question:
            return replaced
    return f"{question.rstrip('?')} {new}"


class Conversations:
    """Each reader's last exchange, by conversation key (e.g. channel or thread, and user).

    Bounded (the least recently used are dropped past `max_size`) and expiring after `ttl`
    seconds; a key always includes the user, so one reader's context never answers another.
    """

    def __init__(
        self,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_size: int = DEFAULT_MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            at, value = found
            if self._clock() - at > self.ttl:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = (self._clock(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


# ------------------------------------------------------------------ answering a follow-up


@dataclass(frozen=True, slots=True)
class _Named:
    """A person an answer is about, with the keys to find them."""

    name: str
    key: tuple[Article, Person]


META_KINDS = frozenset({"source", "quote-check", "person"})
_QUOTE_CHECK_STEMS = frozenset(
    map(stem, words("direct quote quoted verbatim exact exactly word words actual really say said part paraphrase"))
)


def _about(question: str, context: Answer, text: str, speaker: str | None = None) -> Answer:
    """A reply about the previous answer itself (is it a quote, how was it said), with its source."""
    return Answer(
        question=question,
        mode="ask",
        kind="quote-check",
        answered=True,
        text=text,
        confidence=1.0,
        quote=context.quote,
        speaker=speaker or context.speaker,
        source=context.source,
        fact_id=context.fact_id,
    )


class FollowUps:
    """Answers to follow-ups, from the engine and the reader's previous answer."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def answer(self, question: str, context: Answer, article: str | None) -> Answer | None:
        """The answer to a follow-up of `context`, or None for a standalone question."""
        if read(question).second is not None:
            return None  # "who is X and what did he say?": both parts are answered from the message
        person = self.person_of(context)
        previous = Previous(
            question=context.question, person=person.name if person else None, answered=context.answered
        )
        followup = resolve(question, previous, self.full_name)
        if followup.refers is Refers.none:
            return None
        # A reply about a reply ("who's that?", then "is that a direct quote?") is about the
        # answer that one was about.
        about = context.extra.get("about")
        content = about if isinstance(about, Answer) and context.kind in META_KINDS else context
        meta = self.meta(followup.refers, question, content)
        if meta is not None:
            # A reply that shows a quote of its own ('is "press stunt" a direct quote?') is what
            # the next follow-up is about; one that only describes the previous answer is not.
            own_quote = meta.quote is not None and (content.quote is None or meta.quote.id != content.quote.id)
            return replace(meta, extra={**meta.extra, "about": meta if own_quote else content})
        if followup.refers is Refers.medium:
            return self.medium_unknown(question, content)
        if person is not None and followup.refers is Refers.who:
            answer = self.engine.who_is_person(question, *person.key)
            return replace(answer, extra={**answer.extra, "about": content})
        if person is not None and followup.refers is Refers.more_quotes:
            more = self.engine.quotes_of_person(question, *person.key, topic="")
            shown = context.quote.id if context.quote is not None else None
            rest = tuple(q for q in (more.quote, *more.more_quotes) if q is not None and q.id != shown)
            if not rest:
                return replace(more, text=f"{person.name} is quoted only that once in the article.", more_quotes=())
            return replace(more, text=f"{person.name} also said:", quote=rest[0], more_quotes=rest[1:4])
        answer = self.engine.ask(followup.question, article)
        if followup.bare and (not answer.answered or answer.kind == "person") and context.answered:
            # "why?" about a fact whose own passage gives the reason: the same passage, again.
            return replace(context, question=question)
        return replace(answer, question=question, extra={**answer.extra, "follows": context.question})

    def meta(self, refers: Refers, question: str, context: Answer) -> Answer | None:
        """Answers about the previous answer itself: its source, whether it is a quote, who
        said it, how it was said."""
        if refers is Refers.source:
            return self.source_of(question, context)
        if refers is Refers.quote_check:
            return self.quote_check_of(question, context)
        if refers is Refers.who_said:
            who = self.engine.who_of(context)
            if who is not None:
                answer = self.engine.who_is_person(question, self.engine.articles[context.source.article_id], who)  # type: ignore[union-attr]
                lead = f"That was {who.name}" + (" (a paraphrase in the article)." if context.quote is None else ".")
                return replace(answer, text=f"{lead} {answer.text}")
            if context.answered and context.source is not None:
                return replace(self.source_of(question, context), text="That is the article's own reporting. ")
        if refers is Refers.medium:
            medium = context.quote.medium if context.quote is not None else None
            medium = medium or medium_in_text(str(context.extra.get("evidence") or ""))
            asked = medium_of(plain(question))
            who = self.engine.who_of(context)
            if medium is None or asked is None or who is None:
                return None
            said = MEDIUM_WORDS[medium]
            text = f"Yes: {who.name} said this {said}." if medium == asked else f"No: {who.name} said this {said}."
            return _about(question, context, text, speaker=who.name)
        return None

    def medium_unknown(self, question: str, context: Answer) -> Answer:
        """'Was that in a tweet?' when the article doesn't say how the words were given."""
        who = self.engine.who_of(context)
        if who is None:
            return replace(self.engine.hello(question), kind="abstain", text="My last reply didn't quote anyone.")
        text = f"The article doesn't say how {who.name} said this; it gives no medium (a tweet, a statement) for it."
        return replace(_about(question, context, text, speaker=who.name), kind="not-stated", answered=False, quote=None)

    def person_of(self, answer: Answer) -> _Named | None:
        """The person an answer was about or quoted, if any."""
        article_id = answer.source.article_id if answer.source else ""
        who = self.engine.who_of(answer)
        if who is None and answer.speaker:
            found = self.engine.named_people(answer.speaker)
            return _Named(found[0][1].name, found[0]) if found else None
        return _Named(who.name, (self.engine.articles[article_id], who)) if who is not None and article_id else None

    def full_name(self, text: str) -> str | None:
        found = self.engine.named_people(text)
        return found[0][1].name if found else None

    def source_of(self, question: str, context: Answer) -> Answer:
        """'Source?', 'where does it say that?': where the previous answer comes from."""
        if context.source is None or (not context.answered and context.kind != "not-stated"):
            return replace(
                self.engine.hello(question),
                kind="abstain",
                text="My last reply didn't give anything from the article, so there is no source to show.",
            )
        excerpt = context.quote.text if context.quote is not None else str(context.extra.get("evidence") or "")
        paragraphs = context.source.paragraphs
        where = (
            f"paragraph {paragraphs[0]}"
            if len(paragraphs) == 1
            else f"paragraphs {', '.join(map(str, paragraphs))}"
            if paragraphs
            else "the article's source details"
        )
        source = context.source
        text = f"That comes from {where} of “{source.article}” ({source.outlet}, {source.published})"
        text += f": “{excerpt}”" if excerpt else "."
        return Answer(
            question=question,
            mode="ask",
            kind="source",
            answered=True,
            text=text,
            confidence=1.0,
            source=context.source,
            fact_id=context.fact_id,
        )

    def quote_check_of(self, question: str, context: Answer) -> Answer:
        """'Is that a direct quote?' about the previous answer: from what its entry is."""
        fragment = quoted_fragment(question)
        if fragment:
            said = self.engine.who_said(fragment, mode="ask", question=question)
            if said.answered and said.quote is not None:
                context = said
            else:
                return replace(
                    said,
                    kind="quote-check",
                    answered=True,
                    text=f"No: the article doesn't print “{fragment}” in quote marks as anyone's words.",
                )
        asked = {stem(t) for t in tokens(question) if t not in STOPWORDS} - _QUOTE_CHECK_STEMS
        if fragment:
            asked = set()
        quotes = [q for q in (context.quote, *context.more_quotes) if q is not None]
        if asked and quotes:
            # "is the part about working with them a direct quote?": is that part in quote marks?
            quoted = next((q for q in quotes if asked <= {stem(t) for t in tokens(q.text)}), None)
            if quoted is None:
                name = quotes[0].speaker
                text = f"No: that part is the article's paraphrase of {name}, not in quote marks."
                return _about(question, replace(context, quote=None), text)
            context = replace(context, quote=quoted)
        if context.kind in {"quote", "quotes"} and context.quote is not None:
            text = (
                f"Yes: those are {context.quote.speaker}'s words exactly as the article prints them, "
                f"in quote marks (paragraph {context.quote.paragraph})."
            )
        elif context.fact_id is not None and context.fact_id in self.engine.facts:
            fact = self.engine.facts[context.fact_id][1]
            who = self.engine.who_of(context)
            if context.quote is not None:
                text = (
                    "The answer is in my words; the article's direct quote is: "
                    f"“{context.quote.text}” — {context.quote.speaker} (paragraph {context.quote.paragraph})."
                )
            elif who is not None or fact.attributed_to != ARTICLE_ATTRIBUTION:
                name = who.name if who is not None else fact.attributed_to
                text = f"No: that is the article's paraphrase of {name}, not a direct quote (it is not in quote marks)."
            else:
                text = "No: that is the article's own reporting, not anyone's quote."
        else:
            return replace(self.engine.hello(question), kind="abstain", text="My last reply didn't quote the article.")
        return _about(question, context, text)
