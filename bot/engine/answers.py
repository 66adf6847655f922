"""Turn a reader's question into an `Answer`: a sourced fact, an attributed quote, or an
honest "the article doesn't say" with the closest things the fact base does know.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from .answer import Answer, Mode, QuoteRef, SourceRef, both, quote_ref, said_how, source_of, with_confidence
from .checks import TITLES, Checks
from .errors import NotFoundError
from .followup import FollowUps
from .index import Index, Query, Scored, ScoredQuote
from .loader import KnowledgeBase
from .models import ARTICLE_ATTRIBUTION, Article, Fact, Person, Quote
from .question import Asks, Question, quoted_fragment, read
from .text import STOPWORDS, fold, plain, stem, tokens

__all__ = ["Answer", "Engine", "QuoteRef", "SourceRef", "said_how", "source_of"]

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


def _clip(text: str) -> str:
    return text[:MAX_QUERY_CHARS]


class Engine:
    """Answers questions over one fact base. Immutable: an edit builds a new Engine."""

    def __init__(self, kb: KnowledgeBase, index: Index | None = None) -> None:
        self.kb = kb
        self.index = index if index is not None else Index(kb)
        self._people = {(a.id, p.id): (a, p) for a, p in kb.people}
        self._quotes = {q.id: (a, q) for a, q in kb.quotes}
        self.facts = {f.id: (a, f) for a, f in kb.facts}
        self._scoped: dict[str, Engine] = {}
        self._scoped_lock = threading.Lock()
        self.articles = {a.id: a for a in kb.articles}
        # Every word the people entries know (names, roles, summaries, their phrasings).
        self._person_words = frozenset().union(*(e.bag for e in self.index.entries if e.kind == "person"))
        self.fact_count = len(self.facts)
        self.checks = Checks(self)
        self.followups = FollowUps(self)
        self.fact_words = {e.record.id: e.bag for e in self.index.entries if e.kind == "fact"}
        self.facts_by_person: dict[tuple[str, str], list[tuple[Article, Fact]]] = {}
        for article, fact in kb.facts:
            self.facts_by_person.setdefault((article.id, fact.attributed_to), []).append((article, fact))

    # ------------------------------------------------------------ lookups

    def fact(self, fact_id: str) -> tuple[Article, Fact] | None:
        return self.facts.get(fact_id)

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
        article = self.articles.get(article_id)
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
            followed = self.followups.answer(_clip(question), context, article)
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

    def _nearest_article(self, answer: Answer) -> str | None:
        """For an abstention, the article of its first suggestion."""
        if not answer.suggestion_ids:
            return None
        found = self.facts.get(answer.suggestion_ids[0])
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
        return both(first, second)

    def _answer_question(self, question: Question) -> Answer:
        text = _clip(question.text)
        named = self.named_people(text)  # once per question: the routes and checks share it
        answer = self._special(question, text, named)
        if answer is None:
            answer = self.route(text)
            if question.context and answer.kind == "abstain":
                # The question leans on the sentence before it ("It says X. What is X?").
                retry = self.route(_clip(f"{question.context} {text}"))
                if retry.answered:
                    answer = retry
        answer = replace(answer, question=_clip(question.message))
        checked = self.checks.premise(question, text, answer, named)
        if checked is not None:
            return checked
        checked = self.checks.names(question, text, answer, named)
        return checked if checked is not None else self.checks.focus(question, answer)

    def route(self, question: str) -> Answer:
        """Route a question by its shape: the first handler of `ROUTES` that answers it, else
        the general matcher. Each handler takes the question and its folded words."""
        text = plain(question)
        for handler in ROUTES:
            answer = handler(self, question, text)
            if answer is not None:
                return answer
        return self.general(question)

    def _route_hello(self, question: str, text: str) -> Answer | None:
        return self.hello(question) if HELLO_RE.match(text) else None

    def _route_about(self, question: str, text: str) -> Answer | None:
        return self._about_article(question) if ABOUT_ARTICLE_RE.search(text) else None

    def _route_who_said(self, question: str, text: str) -> Answer | None:
        """'who said X', 'whose words are X', 'who ... "X"': find the quote."""
        quoted = quoted_fragment(question)
        match = WHO_SAID_RE.match(text) or WHOSE_QUOTE_RE.match(text)
        if not (match or (quoted and text.startswith(("who ", "whos ")))):
            return None
        fragment = quoted or (match.group("fragment") if match else None) or ""
        # One unquoted word is no quote to look for ("who wrote the law"): ask it in general.
        if not fragment or not (quoted or _content_words(self.index.query(fragment)) >= 2):
            return None
        said = self.who_said(fragment, mode="ask", question=question)
        if said.answered:
            return said
        general = self.general(question)
        return general if general.answered else said

    def _route_person_says(self, question: str, text: str) -> Answer | None:
        match = PERSON_SAYS_RE.match(text)
        return self._person_says(question, match.group("who"), match.group("topic") or "") if match else None

    def _route_person_quotes(self, question: str, text: str) -> Answer | None:
        match = PERSON_QUOTES_RE.match(text)
        if not match:
            return None
        person = self._resolve_person(
            match.group("who1") or match.group("who2") or match.group("who3") or "", whole=True
        )
        return self.quotes_of_person(question, *person, topic="") if person is not None else None

    def _route_who_is(self, question: str, text: str) -> Answer | None:
        match = WHO_IS_RE.match(text)
        if not match:
            return None
        person = self._resolve_person(match.group("who"), whole=True)
        if person is not None:
            return self.who_is_person(question, *person)
        if WHO_IS_STRICT_RE.match(text) is None:  # "who did ... tag": not a question of identity
            return None
        # "who is the king county executive", "who is the chief of police": a title no person
        # in the article holds (as typed, even where the index maps "chief" to "head") means
        # someone the article doesn't mention, however well the other words match.
        described = self.index.query(match.group("who"))
        typed_title = any(stem(t) in TITLES for t in tokens(match.group("who")) if t not in STOPWORDS)
        described_words = {t for t in described.content if not t.startswith("?")}
        unheld = typed_title and not described_words <= self._person_words
        if unheld or set(described.content) & TITLES - self._person_words:
            return self._abstain(
                question, "ask", described, 0.0, "The article doesn't mention anyone by that description."
            )
        return None

    def _special(self, question: Question, text: str, named: list[tuple[Article, Person]]) -> Answer | None:
        """Questions answered from what an entry is, not only what it says: a role, whether
        words are a direct quote, how two people's views compare."""
        if question.asks is Asks.role and len(named) == 1:
            return self.who_is_person(text, *named[0])
        if question.asks is Asks.comparison and len(named) >= 2:
            first = self.quotes_of_person(text, *named[0], topic="")
            second = self.quotes_of_person(text, *named[1], topic="")
            return both(first, second)
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
        answer = self.route(rest)
        if not answer.answered:
            return None
        if answer.kind == "quote" and answer.quote is not None:
            lead = f"Yes: those are {answer.quote.speaker}'s words as the article prints them, in quote marks."
            return replace(answer, text=f"{lead} {answer.text}")
        if answer.kind != "fact" or answer.fact_id is None:
            return answer
        fact = self.facts[answer.fact_id][1]
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

    def named_people(self, text: str) -> list[tuple[Article, Person]]:
        """The people a question names (typos allowed), best first."""
        return [(n.article, n.person) for n, score in self.index.find_people(text) if score >= NAMED]

    def who_of(self, answer: Answer) -> Person | None:
        """The person whose words or claim an answer gives, if any."""
        article_id = answer.source.article_id if answer.source else ""
        if answer.quote is not None:
            return self.person(article_id, answer.quote.speaker_id)
        if answer.kind == "person":
            return self.person(article_id, str(answer.extra.get("person_id")))
        if answer.fact_id is None:
            return None
        found = self.facts.get(answer.fact_id)
        if found is None or found[1].attributed_to == ARTICLE_ATTRIBUTION:
            return None
        return self.person(found[0].id, found[1].attributed_to)

    def who_said(self, fragment: str, *, mode: Mode = "who-said", question: str | None = None) -> Answer:
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
        self, question: str, mode: Mode, article: Article, quote: Quote, speaker: Person, confidence: float
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
        return self.quotes_of_person(f"{name} {topic}".strip(), *person, topic=_clip(topic))

    # ------------------------------------------------------------ internals

    def general(self, question: str) -> Answer:
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
            return with_confidence(answer, top.score)
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

    def hello(self, question: str) -> Answer:
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
                general = self.general(question)
                if general.answered and general.confidence >= PERSON_TOPIC_ANSWER and self._concerns(general, *person):
                    return general
            return self.quotes_of_person(question, *person, topic=topic)
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
        found = self.facts.get(answer.fact_id)
        if found is None:
            return False
        fact = found[1]
        surname = fold(person.name.split()[-1])
        return fact.attributed_to == person.id or surname in fold(f"{fact.answer} {fact.evidence.text}")

    def quotes_of_person(self, question: str, article: Article, person: Person, topic: str) -> Answer:
        speaker_key = {(article.id, person.id)}
        topic_query = self.index.query(topic) if topic else None
        if topic_query is not None and topic_query.content:
            ranked = [r.entry for r in self.index.rank_quotes(topic_query, limit=20, speaker_ids=speaker_key)]
        else:
            ranked = [q for q in self.index.quotes if (q.article.id, q.speaker.id) in speaker_key]
            ranked.sort(key=lambda q: q.quote.paragraph)
        facts = self.facts_by_person.get((article.id, person.id), [])
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

    def _ambiguous(self, question: str, mode: Mode, ranked: list[ScoredQuote]) -> Answer:
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
        mode: Mode,
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
        found = self.facts.get(fact_id)
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


# The shapes of question `Engine.route` recognises, in order; the first that answers wins.
ROUTES: tuple[Callable[[Engine, str, str], Answer | None], ...] = (
    Engine._route_hello,
    Engine._route_about,
    Engine._route_who_said,
    Engine._route_person_says,
    Engine._route_person_quotes,
    Engine._route_who_is,
)


def _content_words(query: Query) -> int:
    return sum(1 for token in query.content if not token.startswith("?"))


def _close(word: str, name_word: str) -> bool:
    from rapidfuzz import fuzz

    return word == name_word or (len(word) >= 4 and fuzz.ratio(word, name_word) >= 80)
