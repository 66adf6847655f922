"""Turn a reader's question into an `Answer`: a sourced fact, an attributed quote, or an
honest "the article doesn't say" with the closest things the fact base does know.

The `Engine` reads the question, routes it by its shape (`ROUTES`) and checks the answer;
the answers themselves are built by role: `said` (who said it, a person's quotes), `people`
(who is), `facts` (the general matcher), `abstentions` and `about` (help, the article itself).
"""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Callable
from dataclasses import replace

from . import about, abstentions, facts, people, said
from .answer import Answer, Mode, QuoteRef, SourceRef, both, quote_answer, said_how, source_of
from .checks import Checks, Named
from .coverage import Coverage
from .errors import NotFoundError
from .followup import BARE_CONFIRMATION, with_name
from .followup_answers import FollowUps
from .index import Index, Query, Scored
from .loader import KnowledgeBase
from .models import ARTICLE_ATTRIBUTION, Article, AttributedQuote, Fact, Person, Quote
from .question import PERSONAL_CUES, Asks, Question, is_question, read
from .text import STOPWORDS, clean_input, content_stems, content_tokens, plain, tokens

__all__ = ["Answer", "Engine", "QuoteRef", "SourceRef", "said_how", "source_of"]

MAX_QUERY_CHARS = 400
MAX_MESSAGE_CHARS = 1500  # a message with a preamble: the question in it is then clipped to MAX_QUERY_CHARS
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "his", "her"})
_PERSON_PRONOUN = re.compile(rf"\b(?:{'|'.join(sorted(_PERSON_PRONOUNS))})\b", re.IGNORECASE)
PRONOUN_ONLY_WORDS = 2  # content words beside a person's pronoun that still name no one


_BARE_CONFIRMATION = re.compile(BARE_CONFIRMATION)
# A letter typed three times or more in a row ("sooo", "reallyyy"): English spells none so.
_STRETCHED = re.compile(r"([a-z])\1{2,}")  # lower case: "Unit III" is a numeral
# A question that only points at the sentence before it: "what was it?", "who was that?"
_POINTER_ONLY = re.compile(
    r"^(?:so |and |ok |but )?(?:what|who|which|where|when)(?: (?:is|was|were|are|s))? "
    r"(?:it|that|this|they|those|these|them|he|she)(?: again| exactly| then)?$"
)


def _only_a_pronoun(text: str) -> bool:
    """'what did he say?', 'what's his title?': a person's pronoun and at most two other words."""
    found = tokens(text)
    pronouns = [t for t in found if t in _PERSON_PRONOUNS]
    content = [t for t in found if t not in STOPWORDS and t not in pronouns]
    return bool(pronouns) and len(content) <= PRONOUN_ONLY_WORDS


LOOSELY_NAMED = 0.8  # how closely a sentence before a question must name the one person its pronoun is
NAMED = 0.9  # how closely a question must name a person for its premises about them to be checked
NO_ONE_BY_THAT_NAME = "The article doesn't mention anyone by that name."
# A sentence before the question that describes one person without naming them ("the king county
# guy was mad. what's his name?"): how well it must match that person, and how far ahead of the next.
DESCRIBED_PERSON = 0.55
DESCRIBED_MARGIN = 0.15
_PEOPLE = frozenset({"person"})
SCOPED_ENGINES = 1024  # per-article engines kept for routing (each is small and cheap to build)


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
        self.person_words = frozenset().union(*(e.bag for e in self.index.entries if e.kind == "person"))
        self.fact_count = len(self.facts)
        self.checks = Checks(self)
        self.coverage = Coverage(self)
        self.followups = FollowUps(self)
        self.fact_words = {e.record.id: e.bag for e in self.index.entries if e.kind == "fact"}
        self.quote_words = {e.record.id: e.told for e in self.index.entries if e.kind == "quote"}
        # Drafted quotes no curator has given a speaker yet, with their words: who-said says they exist.
        self.unattributed_quotes = [
            (quote, content_stems(quote.text)) for a in kb.articles for quote in a.quotes if quote.speaker is None
        ]
        self.facts_by_person: dict[tuple[str, str], list[tuple[Article, Fact]]] = {}
        for article, fact in kb.facts:
            self.facts_by_person.setdefault((article.id, fact.attributed_to), []).append((article, fact))

    @functools.cached_property
    def told_words(self) -> frozenset[str]:
        """Every token the entries tell a reader (answers, evidence, summaries, quotes): the
        words the article says, as against the phrasings' and tags' readers' words."""
        return frozenset().union(*(e.told for e in self.index.entries))

    # ------------------------------------------------------------ lookups

    def fact(self, fact_id: str) -> tuple[Article, Fact] | None:
        return self.facts.get(fact_id)

    def quote(self, quote_id: str) -> tuple[Article, AttributedQuote] | None:
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
        _ = self.index.initials  # the names' initials ("kc"), made once over the whole archive
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
        question = clean_input(question)  # every entry point cleans too; this is the engine's own guard
        question = _STRETCHED.sub(r"\1", question)  # "sooo", "whyyy": a letter held for emphasis
        if context is None:
            return self._ask_anew(question, article)
        followed = self.followups.answer(_clip(question), context, article)
        answer = followed if followed is not None else self._ask_anew(question, article)
        carried = context if context.answered else context.extra.get("carried")
        if not answer.answered and isinstance(carried, Answer):
            # An abstention keeps the answer before it for the next follow-up's "he" ("which account
            # did he tag?" unanswered, then "what does he say the move violates?").
            answer = replace(answer, extra={**answer.extra, "carried": carried})
        return answer

    def _ask_anew(self, question: str, article: str | None) -> Answer:
        """A question read on its own (no follow-up), within `article` if given."""
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
        first = self.answer_question(question)
        if question.second is None:
            return first
        second = self.answer_question(_with_person(question.second, first))
        return both(first, second)

    def _described(self, sentence: str) -> Named:
        """The one person a sentence describes without naming ("the king county guy was mad"):
        a person entry it matches well, clearly ahead of the next."""
        ranked = self.index.rank(self.index.query(sentence), limit=2, kinds=_PEOPLE)
        if not ranked or ranked[0].score < DESCRIBED_PERSON:
            return []
        if len(ranked) > 1 and ranked[0].score - ranked[1].score < DESCRIBED_MARGIN:
            return []
        person = ranked[0].entry.record
        assert isinstance(person, Person)
        return [(ranked[0].entry.article, person)]

    def answer_question(self, question: Question) -> Answer:
        if question.context and _BARE_CONFIRMATION.match(plain(question.text)):
            # "I read the DOJ is threatening arrests. Is that correct?": the sentence is the claim asked about
            question = replace(read(f"{question.context.rstrip('.!')}, right?"), message=question.message)
        text = _clip(question.text)
        if question.context and (_POINTER_ONLY.match(plain(text)) or _echoes(plain(text), question.context)):
            # "durkan flexed some old job in her statement, what was it": the clause is what is asked about
            text = _clip(f"{question.context.rstrip(' .,;:')} {text}")
        named = self.named_people(text)  # once per question: the routes and checks share it
        if question.context and not named and _PERSON_PRONOUN.search(text):
            # "Baton Rouge Mayor Mitch Landrieu called it untenable. What was his reasoning?"
            in_context = (
                self.named_people(question.context)
                or self._loosely_named(question.context)
                or self._described(question.context)
            )
            if len(in_context) > 1:
                in_context = _subject_of(question.context, in_context)  # "X said he will ... with Trump"
            if len(in_context) == 1:
                text, named = _clip(with_name(text, in_context[0][1].name)), in_context
        if not question.context and _BARE_CONFIRMATION.match(plain(text)):
            # "is that right?" with nothing before it: nothing to confirm
            return replace(
                self.hello(question.message),
                kind="abstain",
                text="What should I check? Ask with the statement itself (or reply to my answer).",
            )
        if not named and _only_a_pronoun(text):
            # "what's his title?" with no one named and nothing before it: whose, is a guess
            return replace(
                self.hello(question.message),
                kind="abstain",
                text="I don't know who you mean: ask with their name (or reply to my answer about them).",
            )
        answer = self._special(question, text, named)
        if answer is None:
            answer = self.route(text)
            if question.context and answer.kind == "abstain":
                # The question leans on the sentence before it ("It says X. What is X?").
                retry = self.route(_clip(f"{question.context} {text}"))
                if retry.answered:
                    answer = retry
            head = _head_question(text) if answer.kind == "abstain" else None
            if head is not None:
                # "where r the lawsuits at, i heard theres a couple": the afterthought after the comma
                # drags the match below the line; the question before it is asked alone
                retry = self.route(head)
                if retry.answered:
                    answer, text = retry, head
        answer = replace(answer, question=_clip(question.message))
        checked = self.checks.premise(question, text, answer, named)
        if checked is not None:
            return checked
        checked = self.coverage.names(question, text, answer, named)
        return checked if checked is not None else self.coverage.focus(question, answer)

    def route(self, question: str) -> Answer:
        """Route a question by its shape: the first handler of `ROUTES` that answers it, else
        the general matcher. Each handler takes the question and its folded words."""
        text = plain(question)
        for handler in ROUTES:
            answer = handler(self, question, text)
            if answer is not None:
                return answer
        return self.general(question)

    def _special(self, question: Question, text: str, named: list[tuple[Article, Person]]) -> Answer | None:
        """Questions answered from what an entry is, not only what it says: a role, whether
        words are a direct quote, how two people's views compare."""
        if len(named) == 1 and _ACCUSES.match(plain(text)):
            # "who is de blasio accusing?": whom their words accuse, in their words
            return self.quotes_of_person(text, *named[0], topic="")
        if question.asks is Asks.role and len(named) == 1:
            return self.who_is_person(text, *named[0])
        if len(named) == 1 and _HANDLE.search(plain(text)):
            # "what handle did he tag?": the account their words name, in their words
            tagged = _tagging_quote(*named[0])
            if tagged is not None:
                found = quote_answer(text, "ask", named[0][0], tagged, named[0][1], 1.0)
                accounts = ", ".join(dict.fromkeys(_MENTION.findall(tagged.text)))
                return replace(found, text=f"The account {named[0][1].name}'s words name: {accounts}. {found.text}")
        if len(named) == 1 and PERSONAL_CUES.search(plain(text)):
            return people.personal(self, text, plain(text), *named[0])
        if question.asks is Asks.comparison and len(named) >= 2:
            first = self.quotes_of_person(text, *named[0], topic="")
            second = self.quotes_of_person(text, *named[1], topic="")
            return both(first, second, f"And {named[1][1].name}")
        if question.asks is Asks.quote_check:
            return said.quote_check(self, text)
        if question.asks is Asks.medium and len(named) == 1:
            return said.medium_of_person(self, text, *named[0])
        return None

    def _loosely_named(self, sentence: str) -> Named:
        """The one person a sentence before the question names with a typo too far for a premise
        check ("durkins tweet was kinda fire"): the pronoun of the question after it is theirs."""
        found = [(n.article, n.person) for n, score in self.index.find_people(sentence) if score >= LOOSELY_NAMED]
        return found if len(found) == 1 else []

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

    # ------------------------------------------------------------ answers by role

    def who_said(self, fragment: str, *, mode: Mode = "who-said", question: str | None = None) -> Answer:
        """Who said this remembered fragment? The speaker, the full quote and its source."""
        fragment = _clip(fragment)
        return said.who_said(self, fragment, mode=mode, question=question if question is not None else fragment)

    def who_is(self, name: str) -> Answer:
        """Who is this person (typos allowed)? Their role and what they did in the article."""
        name = _clip(name)
        person = people.resolve_person(self, name, whole=False)
        if person is None:
            query = self.index.query(name)
            return abstentions.abstain(self, name, "ask", query, 0.0, NO_ONE_BY_THAT_NAME)
        return people.who_is_person(name, *person)

    def quotes_by(self, name: str, topic: str = "") -> Answer:
        """Everything the article quotes a person as saying, closest to `topic` first."""
        person = people.resolve_person(self, _clip(name), whole=False)
        if person is None:
            query = self.index.query(name)
            return abstentions.abstain(self, name, "ask", query, 0.0, NO_ONE_BY_THAT_NAME)
        return said.quotes_of_person(self, f"{name} {topic}".strip(), *person, topic=_clip(topic))

    def who_is_person(self, question: str, article: Article, person: Person) -> Answer:
        """A person's role and what they did in the article."""
        return people.who_is_person(question, article, person)

    def quotes_of_person(self, question: str, article: Article, person: Person, topic: str) -> Answer:
        """A person's quotes, closest to `topic` first (or a claim attributed to them)."""
        return said.quotes_of_person(self, question, article, person, topic)

    def general(self, question: str) -> Answer:
        """The best-matching entry's answer, whatever the question's shape, or an abstention."""
        return facts.general(self, question)

    def answer_fact(self, fact_id: str, question: str | None = None) -> Answer | None:
        """The answer of one fact by id (a clicked suggestion)."""
        return facts.answer_fact(self, fact_id, question)

    def hello(self, question: str) -> Answer:
        """Greetings and 'help': how to ask, and what the article covers. Not an answer."""
        return about.hello(self, question)

    def suggestions(self, query: Query, ranked: list[Scored] | None = None) -> list[Fact]:
        """The nearest facts (their canonical questions are offered), else starter facts."""
        return abstentions.suggestions(self, query, ranked)


# Whom a person's words are aimed at: "who is de blasio accusing?", "who's she blaming?"
_ACCUSES = re.compile(
    r"^(?:(?:so|and|but|ok) )?(?:who|whom|whos|who s)(?: is| was| are| were)? (?:\w+ ){1,4}?(?:accusing|blaming|"
    r"attacking|criticizing|criticising|targeting|slamming|going after|mad at|angry (?:at|with)|calling out|"
    r"pointing (?:the )?finger at)$"
)
_PRONOUNS = re.compile(r"\b(?:he|she|him|they|them)\b", re.IGNORECASE)
# An account a person's post names: "what handle did he tag?", "which account did she mention?"
_HANDLE = re.compile(r"\b(?:handle|handles|@|(?:which|what|whose) (?:twitter |x )?account|tag|tagged|tags|tagging)\b")
_MENTION = re.compile(r"(?<![\w.])@\w+")


def _tagging_quote(article: Article, person: Person) -> Quote | None:
    """The first quote of `person` that names an account (@name)."""
    return next((q for q in article.quotes if q.speaker == person.id and _MENTION.search(q.text)), None)


_POSSESSIVE_PRONOUNS = re.compile(r"\b(?:his|her|their)\b", re.IGNORECASE)


_SUBJECT_VERB = re.compile(
    r"^\s*(?:,[^,]{1,60},\s*)?(?:said|says|told|tweeted|wrote|posted|announced|claimed|is|was|will|would|has|had|did)\b",
    re.IGNORECASE,
)


_ECHO = re.compile(r"^(?P<word>[a-z]+) (?:what|who|whom|where|which)(?: (?:lol|exactly|though|tho|then))?$")


def _echoes(text: str, context: str) -> bool:
    """ "durkan said trump is gonna lose... lose what lol": a word of the sentence before, asked back."""
    echo = _ECHO.match(text)
    return echo is not None and echo.group("word") in tokens(context)


def _subject_of(sentence: str, named: list[tuple[Article, Person]]) -> list[tuple[Article, Person]]:
    """Of the people a sentence names, the one it names first when a verb follows the name (its
    subject: "I heard that Bill de Blasio said he will go ... to argue with Trump"); else all."""
    folded = sentence.casefold()
    placed = []
    for article, person in named:
        forms = [person.name, *person.aliases]
        spans = [(m.start(), m.end()) for f in forms for m in re.finditer(rf"\b{re.escape(f.casefold())}\b", folded)]
        if spans:
            placed.append((min(spans), article, person))
    if len(placed) != len(named):
        return named
    placed.sort(key=lambda p: p[0])
    (_, end), article, person = placed[0]
    return [(article, person)] if _SUBJECT_VERB.match(sentence[end:]) else named


HEAD_WORDS = 1  # content words the clause before a comma needs to be asked alone
# An afterthought that is part of what is asked: an example or an alternative ("..., like Chicago?",
# "..., like 2pm?", "..., or which groups do they belong to?").
_EXAMPLE_OR_ALTERNATIVE = re.compile(r"^(?:like|or|such as|for example|for instance|say|maybe|either|as in)\b")
# ... or one that says which: a number or a time ("how much did the fare go up the last time, seven years ago")
_SPECIFIES = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|billion|ago|"
    r"yesterday|today|tomorrow|tonight|morning|afternoon|evening|week|month|year|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday)\b"
)


def _head_question(text: str) -> str | None:
    """The clause before the first comma of a question that goes on after it, when that clause
    is a question of its own ("whats a welcoming city, is that just sanctuary city but nicer")."""
    head, comma, rest = text.partition(",")
    tail = plain(rest)
    if not comma or not tail or not is_question(head) or _EXAMPLE_OR_ALTERNATIVE.match(tail) or _SPECIFIES.search(tail):
        return None
    return head.strip() if len(content_tokens(head)) >= HEAD_WORDS else None


def _with_person(second: Question, first: Answer) -> Question:
    """The second part of 'who is Durkan and what did she say?' with the pronoun resolved."""
    name = first.speaker
    if not name or not (_PRONOUNS.search(second.text) or _POSSESSIVE_PRONOUNS.search(second.text)):
        return second
    text = _PRONOUNS.sub(name, second.text)
    text = _POSSESSIVE_PRONOUNS.sub(f"{name}'s", text)
    return replace(second, text=text)


# The shapes of question `Engine.route` recognises, in order; the first that answers wins.
# Each takes the engine, the question and its folded words.
ROUTES: tuple[Callable[[Engine, str, str], Answer | None], ...] = (
    about.route_hello,
    about.route_about,
    said.route_who_said,
    said.route_person_says,
    said.route_person_quotes,
    people.route_who_is,
)
