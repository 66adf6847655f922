"""Turn a reader's question into an `Answer`: a sourced fact, an attributed quote, or an
honest "the article doesn't say" with the closest things the fact base does know.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .errors import NotFoundError
from .followup import Previous, Refers, resolve
from .index import Index, Query, Scored, ScoredQuote
from .loader import KnowledgeBase
from .models import ARTICLE_ATTRIBUTION, Article, Fact, Medium, Person, Quote
from .premises import (
    MEDIUM_WORDS,
    has_detail,
    is_negated,
    medium_in_text,
    names_noun,
    negated_stems,
    number_value,
    numbers_in,
    sentence_with,
)
from .question import Asks, Detail, Question, medium_of, read
from .text import STOPWORDS, fold, plain, stem, tokens, words

# Calibrated on held-out reader questions (tests/data/reader-questions.yaml); see README.
ASK_THRESHOLD = 0.55
WHO_SAID_THRESHOLD = 0.62
PERSON_MATCH = 0.8
PERSON_TOPIC_ANSWER = 0.6
AMBIGUITY_MARGIN = 0.04
MAX_QUERY_CHARS = 400
MAX_MESSAGE_CHARS = 1500  # a message with a preamble: the question in it is then clipped to MAX_QUERY_CHARS
NAMED = 0.9  # how closely a question must name a person for its premises about them to be checked
MAX_SUGGESTIONS = 3
SCOPED_ENGINES = 1024  # per-article engines kept for routing (each is small and cheap to build)
FACTS_ONLY = frozenset({"fact"})

_SAID = (
    r"said|says|say|wrote|writes|tweeted|tweets|posted|stated|claimed|declared|quipped|"
    r"was quoted saying|is quoted saying|made the comment|made the remark|came up with"
)
WHO_SAID_RE = re.compile(
    rf"^(?:so |and |ok )?(?:who|whom|which person|which official)(?: exactly)? (?:{_SAID})"
    r"(?: that| this| the (?:quote|line|words|phrase|comment|remark)| it)?(?: (?P<fragment>.+))?$"
)
WHOSE_QUOTE_RE = re.compile(
    r"^(?:whose (?:quote|line|words) (?:is|was)|who is (?:the source|behind) (?:of )?(?:the )?(?:quote|line))"
    r" (?P<fragment>.+)$"
)
_VERBS = (
    r"say|said|says|saying|tweet|tweeted|write|wrote|think|thought|state|stated|respond|"
    r"responded|reply|replied|tell|told|post|posted|claim|claimed|add|added|announce|"
    r"announced|argue|argued|comment|commented|call|called|have to say|had to say|react|"
    r"reacted|feel|felt|mean|warn|warned|accuse|accused|blame|blamed|criticize|criticized|slam|slammed|"
    r"describe|described|think about|say about"
)
PERSON_SAYS_RE = re.compile(
    rf"^(?:so |and |ok )?(?:what|wat|wht|how) (?:did|does|has|had|do|was|is|have) (?P<who>.+?) (?:{_VERBS})"
    r"(?: (?P<topic>.*))?$"
)
PERSON_QUOTES_RE = re.compile(
    r"^(?:(?:any |the |show me |give me |list )?quotes? (?:from|by) (?P<who1>.+)"
    r"|(?P<who2>.+?) quotes?"
    r"|(?:what (?:was|were|is) )?(?P<who3>.+?) (?:reaction|response|statement|tweet|quote|comments?|words))$"
)
HELLO_RE = re.compile(
    r"^(?:hi|hello|hey|hiya|yo|howdy|greetings|good (?:morning|afternoon|evening)|thanks|thank you|ty|"
    r"help|commands|what can you do|how does this work|how do i use (?:this|you|the bot)|what do you know"
    r")(?: there| bot| factdesk| everyone| all| me)?$"
)
ABOUT_ARTICLE_RE = re.compile(
    r"\b(?:who (?:wrote|reported|published|authored)(?: (?:this|that|it|the (?:article|story|piece|report))\b|$)"
    r"|(?:whos|who is|who was) the (?:author|reporter|writer)"
    r"|(?:what|which) (?:news )?(?:newspaper|paper|outlet|publication|news site|website|news organi[sz]ation)"
    r"|(?:whats|what is|what s) (?:this|the) (?:article|story|piece|report)(?: even| really| all)? about"
    r"|summari[sz]e (?:this|the) (?:article|story)|\btl ?dr\b|(?:gist|summary) of (?:this|the) (?:article|story)"
    r"|(?:whose|which) (?:byline|reporter)|reporter (?:whose|who wrote)"
    r"|(?:when|what day|what date) (?:was|is) (?:this|the|it)(?: article| story| piece| report)?"
    r" (?:published|written|posted|out)"
    r"|(?:link|url) (?:to|for) (?:the|this)|(?:whats|what is) the (?:headline|byline|source of (?:this|the)))\b"
)
SUMMARY_RE = re.compile(r"\babout\b|summar|\btl ?dr\b|\bgist\b")
BYLINE_RE = re.compile(r"\b(?:reporter|reporters|byline|journalist)\b")
WHO_IS_RE = re.compile(r"^(?:who|whos)(?: is| was| s| are| were)? (?P<who>.+)$")
WHO_IS_STRICT_RE = re.compile(r"^(?:whos|who (?:is|was|s|are|were)) ")
# Titles and offices (stemmed as the index stems them): asked about but never mentioned, they
# name someone the article does not cover.
TITLES = frozenset(
    map(
        stem,
        words(
            "executive governor sheriff senator congressman congresswoman congressmember representative "
            "chief commissioner secretary director judge justice minister premier ambassador spokesman "
            "spokesperson chancellor treasurer comptroller assessor prosecutor councilmember councilman "
            "councilwoman alderman supervisor superintendent lieutenant deputy speaker chairman chairwoman "
            "ceo founder owner officer agent"
        ),
    )
)


# Words of a title before a name ("Chicago Mayor Mitch Landrieu"), checked against the role.
OFFICES = TITLES | frozenset(
    map(stem, words("mayor president spokeswoman attorney general chair council executive governor secretary"))
)


@dataclass(frozen=True, slots=True)
class _Named:
    """A person an answer is about, with the keys to find them."""

    name: str
    key: tuple[Article, Person]


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
    mode: str  # "ask" | "who-said"
    kind: str  # fact | person | quote | quotes | ambiguous | abstain | not-stated | help
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

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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


def said_how(quote: QuoteRef) -> str:
    """'said this', 'wrote this on Twitter', 'said this in a statement'."""
    return {"statement": "said this in a statement", "twitter": "wrote this on Twitter"}.get(
        quote.medium or "", "said this"
    )


def _clip(text: str) -> str:
    return text[:MAX_QUERY_CHARS]


class Engine:
    """Answers questions over one fact base. Immutable: an edit builds a new Engine."""

    def __init__(self, kb: KnowledgeBase, index: Index | None = None) -> None:
        self.kb = kb
        self.index = index if index is not None else Index(kb)
        self._people = {(a.id, p.id): (a, p) for a, p in kb.people}
        self._quotes = {q.id: (a, q) for a, q in kb.quotes}
        self._facts = {f.id: (a, f) for a, f in kb.facts}
        self._scoped: dict[str, Engine] = {}
        self._scoped_lock = threading.Lock()
        self._articles = {a.id: a for a in kb.articles}
        # Every word the people entries know (names, roles, summaries, their phrasings).
        self._person_words = frozenset().union(*(e.bag for e in self.index.entries if e.kind == "person"))
        self.fact_count = len(self._facts)
        self._fact_bags = {e.record.id: e.bag for e in self.index.entries if e.kind == "fact"}
        self._facts_by_person: dict[tuple[str, str], list[tuple[Article, Fact]]] = {}
        for article, fact in kb.facts:
            self._facts_by_person.setdefault((article.id, fact.attributed_to), []).append((article, fact))

    # ------------------------------------------------------------ lookups

    def fact(self, fact_id: str) -> tuple[Article, Fact] | None:
        return self._facts.get(fact_id)

    def quote(self, quote_id: str) -> tuple[Article, Quote] | None:
        return self._quotes.get(quote_id)

    def person(self, article_id: str, person_id: str) -> Person | None:
        found = self._people.get((article_id, person_id))
        return found[1] if found else None

    # ------------------------------------------------------------ modes

    def for_article(self, article_id: str) -> Engine | None:
        """An engine over one article only (cached): `/ask article:` and archive routing use it."""
        if len(self.kb.articles) == 1:
            return self if self.kb.articles[0].id == article_id else None
        scoped = self._scoped.get(article_id)
        if scoped is not None:
            return scoped
        article = self._articles.get(article_id)
        if article is None:
            return None
        with self._scoped_lock:  # the background prewarm and answering threads may race here
            scoped = self._scoped.get(article_id)
            if scoped is None:
                if len(self._scoped) >= SCOPED_ENGINES:
                    self._scoped.pop(next(iter(self._scoped)))
                part = self.index.restricted_to(article)
                scoped = self._scoped[article_id] = Engine(part.kb, part)
        return scoped

    def prewarm(self) -> float:
        """Build every article's routing view now (the bot does this in the background after
        a load), so no reader's question pays for the first one. Returns the seconds spent."""
        started = time.perf_counter()
        if len(self.kb.articles) > 1:
            for article in self.kb.articles[:SCOPED_ENGINES]:
                self.for_article(article.id)
        return time.perf_counter() - started

    def ask(self, question: str, article: str | None = None, context: Answer | None = None) -> Answer:
        """A free question: route it by its shape, then find the best-supported answer.

        With several articles, the best match names the article; the question is then
        answered within that article alone, with its own word statistics, so a distractor
        article's vocabulary cannot make an out-of-scope question look answerable.
        `context` is the same reader's previous answer in this conversation: a follow-up
        ("what else did he say?", "why?", "source?") is read against it.
        """
        if context is not None:
            followed = self._follow_up(question, context, article)
            if followed is not None:
                return followed
        if article is not None:
            scoped = self.for_article(article)
            if scoped is None:
                raise NotFoundError(f"no article with id {article!r}")
            return scoped.ask(question)
        if len(self.kb.articles) == 1:
            return self._ask(question)
        first = self._ask(question)
        target = first.source.article_id if first.source else self._nearest_article(first)
        scoped = self.for_article(target) if target else None
        answer = scoped._ask(question) if scoped is not None else first
        if answer.source is not None:  # several articles: say which one this comes from
            answer = replace(answer, extra={**answer.extra, "from_article": answer.source.article})
        return answer

    # ------------------------------------------------------------ follow-ups

    def _follow_up(self, question: str, context: Answer, article: str | None) -> Answer | None:
        """The answer to a follow-up of `context`, or None for a standalone question."""
        person = self._person_of(context)
        previous = Previous(
            question=context.question, person=person.name if person else None, answered=context.answered
        )
        followup = resolve(_clip(question), previous, self._full_name)
        if followup.refers is Refers.none:
            return None
        question = _clip(question)
        # A reply about a reply ("who's that?", then "is that a direct quote?") is about the
        # answer that one was about.
        about = context.extra.get("about")
        content = about if isinstance(about, Answer) and context.kind in META_KINDS else context
        meta = self._meta(followup.refers, question, content)
        if meta is not None:
            return replace(meta, extra={**meta.extra, "about": content})
        if person is not None and followup.refers is Refers.who:
            answer = self.who_is_person(question, *person.key)
            return replace(answer, extra={**answer.extra, "about": content})
        if person is not None and followup.refers is Refers.more_quotes:
            more = self._quotes_of(question, *person.key, topic="")
            shown = context.quote.id if context.quote is not None else None
            rest = tuple(q for q in (more.quote, *more.more_quotes) if q is not None and q.id != shown)
            if not rest:
                return replace(more, text=f"{person.name} is quoted only that once in the article.", more_quotes=())
            return replace(more, text=f"{person.name} also said:", quote=rest[0], more_quotes=rest[1:4])
        answer = self.ask(followup.question, article)
        if followup.bare and (not answer.answered or answer.kind == "person") and context.answered:
            # "why?" about a fact whose own passage gives the reason: the same passage, again.
            return replace(context, question=question)
        return replace(answer, question=question, extra={**answer.extra, "follows": context.question})

    def _meta(self, refers: Refers, question: str, context: Answer) -> Answer | None:
        """Answers about the previous answer itself: its source, whether it is a quote, who
        said it, how it was said."""
        if refers is Refers.source:
            return self._source_of(question, context)
        if refers is Refers.quote_check:
            return self._quote_check_of(question, context)
        if refers is Refers.who_said:
            who = self._who_of(context)
            if who is not None:
                answer = self.who_is_person(question, self._articles[context.source.article_id], who)  # type: ignore[union-attr]
                lead = f"That was {who.name}" + (" (a paraphrase in the article)." if context.quote is None else ".")
                return replace(answer, text=f"{lead} {answer.text}")
            if context.answered and context.source is not None:
                return replace(self._source_of(question, context), text="That is the article's own reporting. ")
        if refers is Refers.medium:
            medium = context.quote.medium if context.quote is not None else None
            medium = medium or medium_in_text(str(context.extra.get("evidence") or ""))
            asked = medium_of(plain(question))
            who = self._who_of(context)
            if medium is None or asked is None or who is None:
                return None
            said = MEDIUM_WORDS[medium]
            text = f"Yes: {who.name} said this {said}." if medium == asked else f"No: {who.name} said this {said}."
            return Answer(
                question=question,
                mode="ask",
                kind="quote-check",
                answered=True,
                text=text,
                confidence=1.0,
                quote=context.quote,
                speaker=who.name,
                source=context.source,
                fact_id=context.fact_id,
            )
        return None

    def _person_of(self, answer: Answer) -> _Named | None:
        """The person an answer was about or quoted, if any."""
        article_id = answer.source.article_id if answer.source else ""
        who = self._who_of(answer)
        if who is None and answer.speaker:
            found = self._named_people(answer.speaker)
            return _Named(found[0][1].name, found[0]) if found else None
        return _Named(who.name, (self._articles[article_id], who)) if who is not None and article_id else None

    def _full_name(self, text: str) -> str | None:
        found = self._named_people(text)
        return found[0][1].name if found else None

    def _source_of(self, question: str, context: Answer) -> Answer:
        """'Source?', 'where does it say that?': where the previous answer comes from."""
        if context.source is None or (not context.answered and context.kind != "not-stated"):
            return replace(
                self._hello(question),
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

    def _quote_check_of(self, question: str, context: Answer) -> Answer:
        """'Is that a direct quote?' about the previous answer: from what its entry is."""
        fragment = _quoted_fragment(question)
        if fragment:
            said = self.who_said(fragment, mode="ask", question=question)
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
                return Answer(
                    question=question,
                    mode="ask",
                    kind="quote-check",
                    answered=True,
                    text=text,
                    confidence=1.0,
                    speaker=context.speaker,
                    source=context.source,
                    fact_id=context.fact_id,
                )
            context = replace(context, quote=quoted)
        if context.kind in {"quote", "quotes"} and context.quote is not None:
            text = (
                f"Yes: those are {context.quote.speaker}'s words exactly as the article prints them, "
                f"in quote marks (paragraph {context.quote.paragraph})."
            )
        elif context.fact_id is not None and context.fact_id in self._facts:
            fact = self._facts[context.fact_id][1]
            who = self._who_of(context)
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
            return replace(self._hello(question), kind="abstain", text="My last reply didn't quote the article.")
        return Answer(
            question=question,
            mode="ask",
            kind="quote-check",
            answered=True,
            text=text,
            confidence=1.0,
            quote=context.quote,
            speaker=context.speaker,
            source=context.source,
            fact_id=context.fact_id,
        )

    def _nearest_article(self, answer: Answer) -> str | None:
        """For an abstention, the article of its first suggestion."""
        if not answer.suggestion_ids:
            return None
        found = self._facts.get(answer.suggestion_ids[0])
        return found[0].id if found else None

    def _ask(self, message: str) -> Answer:
        """Read the message once, answer its question (both, for a two-part one), then check
        the answer against what the question presupposes and the detail it asks for."""
        message = message[:MAX_MESSAGE_CHARS]
        question = read(message)
        first = self._answer_question(question)
        if question.second is None:
            return first
        second = self._answer_question(_with_person(question.second, first))
        return _both(first, second)

    def _answer_question(self, question: Question) -> Answer:
        text = _clip(question.text)
        answer = self._special(question, text)
        if answer is None:
            answer = self._route(text)
            if question.context and answer.kind == "abstain":
                # The question leans on the sentence before it ("It says X. What is X?").
                retry = self._route(_clip(f"{question.context} {text}"))
                if retry.answered:
                    answer = retry
        answer = replace(answer, question=_clip(question.message))
        checked = self._premise(question, text, answer)
        if checked is not None:
            return checked
        checked = self._check_names(question, text, answer)
        return checked if checked is not None else self._check_focus(question, answer)

    def _route(self, question: str) -> Answer:
        text = plain(question)
        if HELLO_RE.match(text):
            return self._hello(question)
        if ABOUT_ARTICLE_RE.search(text):
            return self._about_article(question)
        quoted = _quoted_fragment(question)
        match = WHO_SAID_RE.match(text) or WHOSE_QUOTE_RE.match(text)
        if match or (quoted and text.startswith(("who ", "whos "))):
            fragment = quoted or (match.group("fragment") if match else None) or ""
            # One unquoted word is no quote to look for ("who wrote the law"): ask it in general.
            if fragment and (quoted or _content_words(self.index.query(fragment)) >= 2):
                said = self.who_said(fragment, mode="ask", question=question)
                if said.answered:
                    return said
                general = self._general(question)
                return general if general.answered else said
        match = PERSON_SAYS_RE.match(text)
        if match:
            answer = self._person_says(question, match.group("who"), match.group("topic") or "")
            if answer is not None:
                return answer
        match = PERSON_QUOTES_RE.match(text)
        if match:
            who = match.group("who1") or match.group("who2") or match.group("who3") or ""
            person = self._resolve_person(who, whole=True)
            if person is not None:
                return self._quotes_of(question, *person, topic="")
        match = WHO_IS_RE.match(text)
        if match:
            person = self._resolve_person(match.group("who"), whole=True)
            if person is not None:
                return self.who_is_person(question, *person)
            # "who is the king county executive": a title no person in the article holds means
            # someone the article doesn't mention, however well the other words match.
            described = self.index.query(match.group("who"))
            asks_identity = WHO_IS_STRICT_RE.match(text) is not None  # not "who did ... tag"
            # A title as typed ("chief", even where the index maps it to "head"), with words no
            # person entry uses ("police"): someone the article doesn't mention.
            typed_title = any(stem(t) in TITLES for t in tokens(match.group("who")) if t not in STOPWORDS)
            described_words = {t for t in described.content if not t.startswith("?")}
            unheld = typed_title and not described_words <= self._person_words
            if asks_identity and (unheld or set(described.content) & TITLES - self._person_words):
                return self._abstain(
                    question, "ask", described, 0.0, "The article doesn't mention anyone by that description."
                )
        return self._general(question)

    # ------------------------------------------------------------ understanding checks

    def _special(self, question: Question, text: str) -> Answer | None:
        """Questions answered from what an entry is, not only what it says: a role, whether
        words are a direct quote, how two people's views compare."""
        if question.asks is Asks.role:
            named = self._named_people(text)
            if len(named) == 1:
                return self.who_is_person(text, *named[0])
        if question.asks is Asks.comparison:
            named = self._named_people(text)
            if len(named) >= 2:
                first = self._quotes_of(text, *named[0], topic="")
                second = self._quotes_of(text, *named[1], topic="")
                return _both(first, second)
        if question.asks is Asks.quote_check:
            return self._quote_check(text)
        return None

    def _quote_check(self, text: str) -> Answer | None:
        """'Is that a direct quote or a paraphrase?': from what the entry found is."""
        rest = re.sub(
            r"\b(?:is|was|are|were)?\s*(?:this|that|it|the line|the words)?\s*(?:a )?(?:direct(?:ly)? quot\w*|"
            r"verbatim(?: quote)?|paraphras\w*|exact words|word for word|actual words)\b(?: or (?:a )?\w+)?",
            " ",
            plain(text),
        )
        answer = self._route(rest)
        if not answer.answered:
            return None
        if answer.kind == "quote" and answer.quote is not None:
            lead = f"Yes: those are {answer.quote.speaker}'s words as the article prints them, in quote marks."
            return replace(answer, text=f"{lead} {answer.text}")
        if answer.kind != "fact" or answer.fact_id is None:
            return answer
        fact = self._facts[answer.fact_id][1]
        asked = {stem(t) for t in tokens(rest) if t not in STOPWORDS}
        quoted = answer.quote is not None and len(asked & {stem(t) for t in tokens(answer.quote.text)}) >= 2
        who = answer.extra.get("attributed_to")
        if quoted and answer.quote is not None:
            lead = f"That part is a direct quote of {answer.quote.speaker} (in quote marks in the article)."
        elif fact.attributed_to != ARTICLE_ATTRIBUTION:
            lead = f"That is the article's paraphrase of {who}, not a direct quote: it is not in quote marks."
        else:
            lead = "That is the article's own reporting, not a quote."
        return replace(answer, text=f"{lead} {answer.text}")

    def _named_people(self, text: str) -> list[tuple[Article, Person]]:
        """The people a question names (typos allowed), best first."""
        return [(n.article, n.person) for n, score in self.index.find_people(text) if score >= NAMED]

    def _who_of(self, answer: Answer) -> Person | None:
        """The person whose words or claim an answer gives, if any."""
        article_id = answer.source.article_id if answer.source else ""
        if answer.quote is not None:
            return self.person(article_id, answer.quote.speaker_id)
        if answer.kind == "person":
            return self.person(article_id, str(answer.extra.get("person_id")))
        if answer.fact_id is None:
            return None
        found = self._facts.get(answer.fact_id)
        if found is None or found[1].attributed_to == ARTICLE_ATTRIBUTION:
            return None
        return self.person(found[0].id, found[1].attributed_to)

    def _told(self, answer: Answer) -> str:
        """Everything an answer tells: its text, the excerpt and the quote."""
        parts = [answer.text, str(answer.extra.get("evidence") or "")]
        if answer.quote is not None:
            parts.append(answer.quote.text)
        return " ".join(parts)

    def _premise(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """The answer with a false premise of the question corrected first, or None when
        the question presupposes nothing the article contradicts."""
        named = self._named_people(text)
        for article, person in named:
            wrong = _wrong_title(text, person)
            if wrong:
                base = answer if answer.answered else self.who_is_person(text, article, person)
                return replace(base, premise=f"{person.name} is {person.role} in the article, not {wrong}.")
        if question.medium is not None and named:
            # "Why did Landrieu use Twitter to ...": the medium word must not pull the match to
            # whoever did tweet; ask about the person named, then check the medium.
            plain_words = re.sub(
                r"\b(?:tweet\w*|twitter|statement|press release|interview|tv|speech)\b", " ", plain(text)
            )
            alternative = self._route(plain_words)
            alt_who = self._who_of(alternative) if alternative.answered else None
            if alt_who is not None and alt_who.id in {p.id for _, p in named}:
                answer = replace(alternative, question=answer.question)
        if named and question.asks is not Asks.person and answer.kind in {"fact", "quote", "person", "abstain"}:
            corrected = self._wrong_speaker(text, answer, named)
            if corrected is not None:
                return corrected
        if not answer.answered:
            return None
        who = self._who_of(answer)
        if question.medium is not None:
            medium = answer.quote.medium if answer.quote is not None else None
            medium = medium or medium_in_text(str(answer.extra.get("evidence") or ""))
            if medium and medium != question.medium and medium_of(plain(text).replace(question.medium, "")) != medium:
                name = who.name if who is not None else (answer.speaker or "That")
                return replace(
                    answer,
                    premise=f"{name} said this {MEDIUM_WORDS[medium]}, not {MEDIUM_WORDS[question.medium]}.",
                )
        told = self._told(answer)
        if question.numbers and answer.kind == "fact":
            if not _counts(told):
                # The wrong number drags the match away from the fact that has the right one.
                counted = re.search(rf"\b{re.escape(question.numbers[0])}\s+(\w+)", text, re.IGNORECASE)
                rest = re.sub(rf"\b{re.escape(question.numbers[0])}\b", " ", text, flags=re.IGNORECASE)
                alternative = self._general(f"how many {counted.group(1) if counted else ''} {rest}")
                if alternative.answered and alternative.kind == "fact":
                    answer, told = alternative, self._told(alternative)
            given = numbers_in(told)
            asked = [n for n in question.numbers if number_value(n) not in given]
            digits = _counts(told)
            if asked and digits and len(asked) == len(question.numbers):
                return replace(answer, premise=f"The article says {digits[0]}, not {asked[0]}.")
        if question.presupposes and not is_negated(text) and answer.kind == "fact":
            asked_stems = {stem(t) for t in tokens(text) if t not in STOPWORDS}
            negated = negated_stems(told) & asked_stems
            if negated:
                return replace(answer, premise=f"The article says otherwise: {sentence_with(answer.text, negated)}")
        return None

    def _wrong_speaker(self, text: str, answer: Answer, named: list[tuple[Article, Person]]) -> Answer | None:
        """'Why did Sessions call it a press stunt?': the words are someone else's."""
        # A possessive names whose people they are ("trump's spokesperson"), not the speaker.
        named = [(a, p) for a, p in named if not _possessive(text, p)]
        if not named:
            return None
        named_ids = {p.id for _, p in named}
        if answer.kind == "person" and answer.extra.get("person_id") in named_ids:
            return None
        found = answer
        # The wrong name drags the match down: ask again without the people named.
        forms = sorted({n.form for n in self.index.names if n.person.id in named_ids}, key=len, reverse=True)
        stripped = plain(text)
        for form in forms:
            stripped = re.sub(rf"\b{re.escape(form)}\b", " ", stripped)
        if not answer.answered or answer.kind == "person":
            found = self._general(stripped)
        who = self._who_of(found)
        if not found.answered or who is None or who.id in named_ids:
            return None
        told = fold(self._told(found))
        if any(fold(p.name.split()[-1]) in told for _, p in named):
            return None  # the answer is about the person named too
        if found.kind == "person":  # the words themselves, rather than who the speaker is
            said = self.who_said(stripped, mode="ask", question=answer.question)
            if said.answered and said.quote is not None and said.quote.speaker_id == who.id:
                found = said
        wrong = named[0][1].name
        return replace(found, question=answer.question, premise=f"It was {who.name}, not {wrong}, who said that.")

    def _check_names(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """A name the reader gives (a place, a body, a day) that the answer's entry never
        mentions: the entry answers a neighbouring question, not this one. A presupposing
        question gets the correction; any other gets "the article doesn't say"."""
        phrases = _capitalised_phrases(text)
        if not answer.answered and answer.kind == "abstain" and phrases:
            # A name the article never uses drags the match down: ask without it.
            unknown = [w for p in phrases for w in p.split() if _unknown_word(self.index, w)]
            stripped = text
            for word in unknown:
                stripped = re.sub(rf"\b{re.escape(word)}\b", " ", stripped)
            found = replace(self._route(stripped), question=answer.question) if unknown else answer
            if found.answered:
                named = " and ".join(p for p in phrases if any(w in unknown for w in p.split()))
                return replace(
                    found,
                    kind="not-stated",
                    answered=False,
                    premise=f"The article doesn't mention {named}." if question.presupposes else None,
                    text=(f"The article doesn't mention {named}. " if not question.presupposes else "")
                    + f"The closest thing it says: {found.plain_text()}",
                    more_quotes=(),
                )
        if not answer.answered or answer.kind != "fact" or answer.fact_id is None:
            return None
        article, fact = self._facts[answer.fact_id]
        bag = self._fact_bags.get(fact.id, frozenset())
        told = f"{fact.answer} {fact.evidence.text}"
        missing = []
        for phrase in phrases:
            if self._named_people(phrase):
                continue  # people are checked as speakers and titles
            stems = [self.index.query(w).content for w in phrase.split() if w.casefold() not in STOPWORDS]
            words = [c[0] for c in stems if c and not c[0].startswith("?")]
            if words and not any(w in bag for w in words) and fold(phrase) not in fold(told):
                missing.append(phrase)
        if not missing:
            return None
        days_told = [d for d in _DAYS if re.search(rf"\b{d}\b", told, re.IGNORECASE)]
        days_asked = [m for m in missing if m.casefold() in _DAYS]
        named = " and ".join(missing)
        if question.presupposes and days_told and days_asked:
            return replace(answer, premise=f"The article says {days_told[0].title()}, not {days_asked[0]}.")
        if question.presupposes:
            return replace(
                answer,
                kind="not-stated",
                answered=False,
                premise=f"The article doesn't say that about {named}.",
                text=f"The closest thing it says: {fact.answer}",
            )
        return replace(
            answer,
            kind="not-stated",
            answered=False,
            text=f"The article doesn't say that about {named}. The closest thing it says: {fact.answer}",
            source=source_of(article, list(fact.evidence.paragraphs)),
            quote=None,
            speaker=None,
        )

    def _check_focus(self, question: Question, answer: Answer) -> Answer:
        """An answer that lacks the detail asked for ('at what time', 'which judge') becomes
        'the article doesn't say <that>', with the closest thing it does say."""
        focus = question.focus
        if focus is None or not answer.answered or answer.kind != "fact" or answer.fact_id is None:
            return answer
        article, fact = self._facts[answer.fact_id]
        told = f"{fact.answer} {fact.evidence.text}"
        if focus.detail is Detail.name and focus.noun:
            if names_noun(focus.noun, fact.evidence.text):
                return answer
        elif focus.detail is not None:
            if has_detail(focus.detail, told):
                return answer
        elif focus.noun:
            word = stem(focus.noun)
            entry_words = self._fact_bags.get(fact.id, frozenset())
            known = self.index.query(focus.noun).content
            detail = focus.words.startswith("the ")  # a detail named ("the outcome"): must be there
            if (
                not known
                or known[0] in entry_words
                or (not detail and word not in TITLES and not self.index.query(focus.noun).unknown)
            ):
                return answer
        else:
            return answer
        query = self.index.query(question.text)
        nearest = [f for f in self.suggestions(query) if f is not fact]
        return replace(
            answer,
            kind="not-stated",
            answered=False,
            text=f"The article doesn't say {focus.words}. The closest thing it says: {fact.answer}",
            confidence=min(answer.confidence, 0.99),
            source=source_of(article, list(fact.evidence.paragraphs)),
            suggestions=tuple(f.question for f in nearest),
            suggestion_ids=tuple(f.id for f in nearest),
            quote=None,
            speaker=None,
        )

    def who_said(self, fragment: str, *, mode: str = "who-said", question: str | None = None) -> Answer:
        """Who said this remembered fragment? The speaker, the full quote and its source."""
        fragment = _clip(fragment)
        question = question if question is not None else fragment
        query = self.index.query(fragment)
        ranked = self.index.rank_quotes(query, limit=6)
        if not ranked or ranked[0].score < WHO_SAID_THRESHOLD:
            confidence = ranked[0].score if ranked else 0.0
            return self._abstain(question, mode, query, confidence, "I can't find that quote in the article.")
        top = ranked[0]
        rivals = [
            r
            for r in ranked[1:]
            if r.score >= top.score - AMBIGUITY_MARGIN and r.entry.speaker.id != top.entry.speaker.id
        ]
        if rivals:
            return self._ambiguous(question, mode, [top, *rivals])
        entry = top.entry
        return self._quote_answer(question, mode, entry.article, entry.quote, entry.speaker, top.score)

    def _quote_answer(
        self, question: str, mode: str, article: Article, quote: Quote, speaker: Person, confidence: float
    ) -> Answer:
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

    def who_is(self, name: str) -> Answer:
        """Who is this person (typos allowed)? Their role and what they did in the article."""
        name = _clip(name)
        person = self._resolve_person(name, whole=False)
        if person is None:
            query = self.index.query(name)
            return self._abstain(name, "ask", query, 0.0, "The article doesn't mention anyone by that name.")
        return self.who_is_person(name, *person)

    def quotes_by(self, name: str, topic: str = "") -> Answer:
        """Everything the article quotes a person as saying, closest to `topic` first."""
        person = self._resolve_person(_clip(name), whole=False)
        if person is None:
            query = self.index.query(name)
            return self._abstain(name, "ask", query, 0.0, "The article doesn't mention anyone by that name.")
        return self._quotes_of(f"{name} {topic}".strip(), *person, topic=_clip(topic))

    # ------------------------------------------------------------ internals

    def _general(self, question: str) -> Answer:
        query = self.index.query(question)
        ranked = self.index.rank(query, limit=6)
        if not ranked or ranked[0].score < ASK_THRESHOLD:
            confidence = ranked[0].score if ranked else 0.0
            return self._abstain(
                question, "ask", query, confidence, "I couldn't find anything in the article that answers this.", ranked
            )
        top = ranked[0]
        if top.entry.kind == "quote":
            quote = top.entry.record
            assert isinstance(quote, Quote) and quote.speaker is not None
            speaker = self.person(top.entry.article.id, quote.speaker)
            assert speaker is not None
            return self._quote_answer(question, "ask", top.entry.article, quote, speaker, top.score)
        if top.entry.kind == "person":
            person = top.entry.record
            assert isinstance(person, Person)
            answer = self.who_is_person(question, top.entry.article, person)
            return _with_confidence(answer, top.score)
        fact = top.entry.record
        assert isinstance(fact, Fact)
        if fact.not_in_article:
            return self._not_stated(question, top.entry.article, fact, top.score, query, ranked)
        return self._fact_answer(question, top.entry.article, fact, top.score)

    def _not_stated(
        self, question: str, article: Article, fact: Fact, confidence: float, query: Query, ranked: list[Scored]
    ) -> Answer:
        """A curated gap: the article does not answer this; say so, with what it does say."""
        nearest = [f for f in self.suggestions(query, ranked) if f is not fact]
        return Answer(
            question=question,
            mode="ask",
            kind="not-stated",
            answered=False,
            text=fact.answer,
            confidence=min(confidence, 0.99),
            source=source_of(article, list(fact.evidence.paragraphs)),
            fact_id=fact.id,
            suggestions=tuple(f.question for f in nearest),
            suggestion_ids=tuple(f.id for f in nearest),
            extra={"evidence": fact.evidence.text},
        )

    def _fact_answer(self, question: str, article: Article, fact: Fact, confidence: float) -> Answer:
        quote = None
        speaker = None
        for quote_id in fact.quotes:
            found = self._quotes.get(quote_id)
            if found is None:
                continue
            q_article, q = found
            person = self.person(q_article.id, q.speaker)
            if person is not None:
                quote = quote_ref(q, person)
                speaker = person.name
                break
        paragraphs = list(fact.evidence.paragraphs)
        if quote is not None:
            paragraphs.append(quote.paragraph)
        extra = {"attributed_to": fact.attributed_to, "evidence": fact.evidence.text}
        if fact.status is not None:  # a draft: the renderer shows the article's own words
            extra["status"] = fact.status
        if fact.attributed_to != ARTICLE_ATTRIBUTION:
            person = self.person(article.id, fact.attributed_to)
            extra["attributed_to"] = person.name if person else fact.attributed_to
        return Answer(
            question=question,
            mode="ask",
            kind="fact",
            answered=True,
            text=fact.answer,
            confidence=confidence,
            quote=quote,
            speaker=speaker,
            source=source_of(article, paragraphs),
            fact_id=fact.id,
            extra=extra,
        )

    def _hello(self, question: str) -> Answer:
        """Greetings and 'help': how to ask, and what the article covers. Not an answer."""
        starters = self.suggestions(self.index.query(""))
        titles = "; ".join(f"“{a.source.title}”" for a in self.kb.articles[:3])
        text = (
            f"Hi! I answer questions about {titles}, with sources and verbatim quotes. "
            "Ask in your own words, or give me a half-remembered quote to find who said it."
        )
        return Answer(
            question=question,
            mode="ask",
            kind="help",
            answered=False,
            text=text,
            confidence=0.0,
            suggestions=tuple(f.question for f in starters),
            suggestion_ids=tuple(f.id for f in starters),
        )

    def _about_article(self, question: str) -> Answer:
        """Who wrote it, which paper, when, where to read it: from the source block itself."""
        if len(self.kb.articles) != 1:
            listed = "; ".join(
                f"“{a.source.title}” ({a.source.outlet}, {a.source.published.isoformat()})"
                for a in self.kb.articles[:10]
            )
            text = f"I know {len(self.kb.articles)} articles: {listed}. Ask about one of them, or use /about."
            return Answer(question=question, mode="ask", kind="source", answered=True, text=text, confidence=1.0)
        article = self.kb.articles[0]
        source = article.source
        asked = plain(question)
        if source.summary and SUMMARY_RE.search(asked):
            return Answer(
                question=question,
                mode="ask",
                kind="source",
                answered=True,
                text=f"{source.summary} (“{source.title}”, {source.outlet}, {source.published.isoformat()})",
                confidence=1.0,
                source=source_of(article, []),
            )
        if not source.byline and BYLINE_RE.search(asked):
            return Answer(
                question=question,
                mode="ask",
                kind="not-stated",
                answered=False,
                text=f"The fact base doesn't record the reporter's name. The article is “{source.title}”, "
                f"published by {source.outlet} on {source.published.isoformat()}.",
                confidence=0.0,
                source=source_of(article, []),
            )
        parts = [f"The article is “{source.title}”, published by {source.outlet} on {source.published.isoformat()}."]
        parts.append(f"Byline: {source.byline}." if source.byline else "I don't have the reporter's name.")
        parts.append(f"Read it at {source.url}" if source.url else "I don't have a link to it.")
        return Answer(
            question=question,
            mode="ask",
            kind="source",
            answered=True,
            text=" ".join(parts),
            confidence=1.0,
            source=source_of(article, []),
        )

    def who_is_person(self, question: str, article: Article, person: Person) -> Answer:
        # When the summary already names the person and states the role as written, don't say it twice.
        # Say each thing once: the summary usually names the person; the role is added only
        # where the summary doesn't state it as written.
        if person.role in person.summary:
            text = person.summary if person.name in person.summary else f"{person.name}: {person.summary}"
        elif person.name in person.summary:
            text = f"{person.role}. {person.summary}"
        else:
            text = f"{person.name}, {person.role}. {person.summary}"
        return Answer(
            question=question,
            mode="ask",
            kind="person",
            answered=True,
            text=text,
            confidence=1.0,
            speaker=person.name,
            source=source_of(article, person.paragraphs),
            extra={"person_id": person.id},
        )

    def _person_says(self, question: str, who: str, topic: str) -> Answer | None:
        person = self._resolve_person(who, whole=True)
        if person is not None:
            if topic.strip():
                # "What did McDermott say about funding?" may be a reported claim, not a quote.
                general = self._general(question)
                if general.answered and general.confidence >= PERSON_TOPIC_ANSWER and self._concerns(general, *person):
                    return general
            return self._quotes_of(question, *person, topic=topic)
        who_query = self.index.query(who)
        weights = [self.index.weight(t) for t in who_query.content]
        unknown = sum(self.index.weight(t) for t in who_query.unknown)
        if weights and unknown >= 0.5 * sum(weights):
            # "What did Governor Jay Inslee say?": someone the fact base never mentions.
            query = self.index.query(question)
            return self._abstain(question, "ask", query, 0.0, "The article doesn't quote or mention that person.")
        return None  # a group ("the mayors", "officials"): answer as a general question

    def _concerns(self, answer: Answer, article: Article, person: Person) -> bool:
        """Whether an answer is about `person`: their quote, a claim attributed to them, or naming them."""
        if answer.quote is not None and answer.quote.speaker_id == person.id:
            return True
        if answer.fact_id is None:
            return answer.kind == "person" and answer.speaker == person.name
        found = self._facts.get(answer.fact_id)
        if found is None:
            return False
        fact = found[1]
        surname = fold(person.name.split()[-1])
        return fact.attributed_to == person.id or surname in fold(f"{fact.answer} {fact.evidence.text}")

    def _quotes_of(self, question: str, article: Article, person: Person, topic: str) -> Answer:
        speaker_key = {(article.id, person.id)}
        topic_query = self.index.query(topic) if topic else None
        if topic_query is not None and topic_query.content:
            ranked = [r.entry for r in self.index.rank_quotes(topic_query, limit=20, speaker_ids=speaker_key)]
        else:
            ranked = [q for q in self.index.quotes if (q.article.id, q.speaker.id) in speaker_key]
            ranked.sort(key=lambda q: q.quote.paragraph)
        facts = self._facts_by_person.get((article.id, person.id), [])
        if not ranked:
            if facts:
                fact_article, fact = facts[0]
                if topic_query is not None and topic_query.content:
                    scored = self.index.rank(topic_query, limit=10, kinds=frozenset({"fact"}))
                    best = next((s for s in scored if s.entry.record in [f for _, f in facts]), None)
                    if best is not None:
                        fact = best.entry.record  # type: ignore[assignment]
                return self._fact_answer(question, fact_article, fact, 0.9)
            query = self.index.query(question)
            return self._abstain(question, "ask", query, 0.0, f"The article doesn't quote {person.name}.")
        refs = [quote_ref(q.quote, q.speaker) for q in ranked]
        top = refs[0]
        count = len(refs)
        lead = f"{person.name} ({person.role})"
        text = (
            f"{lead} is quoted once in the article."
            if count == 1
            else f"{lead} is quoted {count} times in the article"
            + ("; the quote closest to your question comes first." if topic_query and topic_query.content else ".")
        )
        paragraphs = [r.paragraph for r in refs]
        return Answer(
            question=question,
            mode="ask",
            kind="quotes",
            answered=True,
            text=text,
            confidence=1.0,
            quote=top,
            more_quotes=tuple(refs[1:4]),
            speaker=person.name,
            source=source_of(article, paragraphs),
        )

    def _resolve_person(self, text: str, *, whole: bool) -> tuple[Article, Person] | None:
        """The person `text` names. With `whole`, `text` must be mostly that name."""
        found = self.index.find_people(text)
        if not found or found[0][1] < PERSON_MATCH:
            return None
        name, _ = found[0]
        if whole:
            # "who is trump's spokesperson" is not Trump, "bernie sanders" not Sarah Sanders:
            # every other word must be part of the person's names or role.
            words = [t for t in tokens(text) if t not in STOPWORDS]
            known = {t for n in self.index.names if n.person is name.person for t in n.form.split()}
            known.update(tokens(name.person.role))
            leftover = [w for w in words if not any(_close(w, k) for k in known)]
            if leftover:
                return None
        return name.article, name.person

    def _ambiguous(self, question: str, mode: str, ranked: list[ScoredQuote]) -> Answer:
        refs = [quote_ref(r.entry.quote, r.entry.speaker) for r in ranked]
        names = sorted({r.speaker for r in refs})
        text = (
            "That fragment is close to quotes by more than one person: "
            + ", ".join(names)
            + ". Here is each, so you can tell which you mean."
        )
        return Answer(
            question=question,
            mode=mode,
            kind="ambiguous",
            answered=True,
            text=text,
            confidence=ranked[0].score,
            quote=None,
            more_quotes=tuple(refs),
            speaker=None,
            source=source_of(ranked[0].entry.article, [r.paragraph for r in refs]),
        )

    def _abstain(
        self,
        question: str,
        mode: str,
        query: Query,
        confidence: float,
        message: str,
        ranked: list[Scored] | None = None,
    ) -> Answer:
        nearest = self.suggestions(query, ranked)
        return Answer(
            question=question,
            mode=mode,
            kind="abstain",
            answered=False,
            text=message,
            confidence=min(confidence, 0.99),
            suggestions=tuple(f.question for f in nearest),
            suggestion_ids=tuple(f.id for f in nearest),
        )

    def suggestions(self, query: Query, ranked: list[Scored] | None = None) -> list[Fact]:
        """The nearest facts (their canonical questions are offered), else starter facts."""
        chosen: list[Fact] = []
        facts_ranked = [s for s in ranked if s.entry.kind == "fact"] if ranked else []
        if len(facts_ranked) < MAX_SUGGESTIONS:
            facts_ranked = self.index.rank(query, limit=MAX_SUGGESTIONS, kinds=FACTS_ONLY)
        for scored in facts_ranked:
            fact = scored.entry.record
            if isinstance(fact, Fact) and scored.score > 0.15 and not fact.not_in_article and fact not in chosen:
                chosen.append(fact)
            if len(chosen) == MAX_SUGGESTIONS:
                return chosen
        for _, fact in self.kb.facts:
            if len(chosen) == MAX_SUGGESTIONS:
                break
            if not fact.not_in_article and fact not in chosen:
                chosen.append(fact)
        return chosen

    def answer_fact(self, fact_id: str, question: str | None = None) -> Answer | None:
        """The answer of one fact by id (a clicked suggestion)."""
        found = self._facts.get(fact_id)
        if found is None:
            return None
        article, fact = found
        if fact.not_in_article:
            query = self.index.query(question or fact.question)
            return self._not_stated(question or fact.question, article, fact, 1.0, query, [])
        return self._fact_answer(question or fact.question, article, fact, 1.0)


_PRONOUNS = re.compile(r"\b(?:he|she|him|they|them)\b", re.IGNORECASE)
_POSSESSIVE_PRONOUNS = re.compile(r"\b(?:his|her|their)\b", re.IGNORECASE)


def _with_person(second: Question, first: Answer) -> Question:
    """The second part of 'who is Durkan and what did she say?' with the pronoun resolved."""
    name = first.speaker
    if not name or not (_PRONOUNS.search(second.text) or _POSSESSIVE_PRONOUNS.search(second.text)):
        return second
    text = _PRONOUNS.sub(name, second.text)
    text = _POSSESSIVE_PRONOUNS.sub(f"{name}'s", text)
    return replace(second, text=text)


def _both(first: Answer, second: Answer) -> Answer:
    """One reply for a two-part question: both answers, or the one that answers."""
    if not second.answered or (second.fact_id is not None and second.fact_id == first.fact_id):
        return first
    if not first.answered:
        return second
    if first.plain_text() == second.plain_text():
        return first
    return replace(first, also=second, confidence=min(first.confidence, second.confidence))


_DAYS = tuple(
    words(
        "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
        "september october november december"
    )
)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z’'-]+(?:\s+(?:of\s+|the\s+|de\s+)?[A-Z][a-z’'-]+)*")
_NOT_NAMES = frozenset(words("I I’m I'm I’d Is Are Was Did Does Do Why What Who How When Where Which Hi Hello Thanks"))


def _unknown_word(index: Index, word: str) -> bool:
    query = index.query(word)
    return bool(query.content) and set(query.content) <= query.unknown


def _capitalised_phrases(text: str) -> list[str]:
    """Names the reader capitalised ("Mike Pence", "the Capitol", "Seattle and Portland"),
    not the first word of a sentence, nor anything inside quote marks."""
    unquoted = re.sub(r"[\"“][^\"”]*[\"”]", " ", text)
    phrases = []
    for match in _CAPITALISED.finditer(unquoted):
        phrase = match.group(0)
        words_in = [w for w in phrase.split() if w not in _NOT_NAMES]
        if words_in:
            phrases.append(" ".join(words_in))
    return phrases


META_KINDS = frozenset({"source", "quote-check", "person"})
_QUOTE_CHECK_STEMS = frozenset(
    map(stem, words("direct quote quoted verbatim exact exactly word words actual really say said part paraphrase"))
)


def _possessive(text: str, person: Person) -> bool:
    """Whether `text` names `person` only in the possessive ("Trump's spokeswoman")."""
    folded = fold(text)
    forms = {fold(person.name), *(fold(a) for a in person.aliases), fold(person.name.split()[-1])}
    mentions = [m for f in forms for m in re.finditer(rf"\b{re.escape(f)}\b('s)?", folded)]
    return bool(mentions) and all(m.group(1) for m in mentions)


_MONTHS = "|".join(
    words(
        "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
        "september october november december"
    )
)
_VERB_STEMS = frozenset(map(stem, words("say said think thought wins win tell told call called ask asked")))
_TITLE_BEFORE = re.compile(r"(?P<title>(?:[a-z.-]+ ){1,4})$")


_DATE_NUMBERS = re.compile(rf"\b(?:{_MONTHS})\.? \d{{1,2}}\b|\b(?:19|20)\d\d\b", re.IGNORECASE)


def _counts(text: str) -> list[str]:
    """The numbers a text gives that are not parts of dates ("23", not "January 24, 2018")."""
    return re.findall(r"\b\d[\d,]*\b", _DATE_NUMBERS.sub(" ", text))


def _wrong_title(text: str, person: Person) -> str | None:
    """'Chicago Mayor Mitch Landrieu': title words before the name that the person's role
    contradicts (a title word, and a word the role and summary never use). None if none."""
    folded = plain(text)
    known = {stem(t) for t in tokens(f"{person.role} {person.summary} {' '.join(person.aliases)}")}
    for form in sorted({plain(person.name), *(plain(a) for a in person.aliases)}, key=len, reverse=True):
        at = re.search(rf"\b{re.escape(form)}\b", folded)
        if at is None:
            continue
        before = _TITLE_BEFORE.search(folded[: at.start()])
        if before is None:
            return None
        title = [w for w in before.group("title").split() if w not in STOPWORDS]
        # Keep only the words right before the name (a title is contiguous).
        words_before = before.group("title").split()
        while words_before and words_before[0] in STOPWORDS | {"did", "does", "say", "says", "why", "what", "how"}:
            words_before.pop(0)
        if not words_before or stem(words_before[-1]) not in OFFICES:
            return None  # a title ends right before the name: "chicago mayor mitch landrieu"
        while words_before and (words_before[0] in STOPWORDS or stem(words_before[0]) in _VERB_STEMS):
            words_before.pop(0)
        title = [w for w in words_before if w not in STOPWORDS]
        unknown = [w for w in title if stem(w) not in known]
        return " ".join(title) if unknown else None
    return None


def _content_words(query: Query) -> int:
    return sum(1 for token in query.content if not token.startswith("?"))


def _with_confidence(answer: Answer, confidence: float) -> Answer:
    return replace(answer, confidence=confidence)


def _close(word: str, name_word: str) -> bool:
    from rapidfuzz import fuzz

    return word == name_word or (len(word) >= 4 and fuzz.ratio(word, name_word) >= 80)


_QUOTED = re.compile(r"[\"“”]([^\"“”]{4,})[\"“”]")


def _quoted_fragment(question: str) -> str | None:
    match = _QUOTED.search(fold(question).replace("“", '"').replace("”", '"'))
    return match.group(1).strip() if match else None
