"""Answers to follow-ups: a question read against the reader's previous answer (its source,
whether it is a quote, who said it and how, more of the same person's words), or asked again
as the standalone question `followup.resolve` rebuilds it into.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .about import HELLO_RE
from .answer import Answer, Kind, QuoteRef, source_of
from .facts import RANKED, consequence_near, fact_answer
from .followup import (
    Followup,
    Previous,
    Refers,
    all_source_requests,
    asks_membership,
    fragment_only,
    leans_on_previous,
    one_of_kind,
    resolve,
    source_topic,
    with_name,
    with_previous_subject,
)
from .models import ARTICLE_ATTRIBUTION, Article, Fact, Person
from .people import resolve_person
from .premises import (
    MEDIUM_WORDS,
    OTHER_PLATFORM,
    days_in,
    medium_as_asked,
    medium_in_text,
    medium_not_given,
    sentences_of,
)
from .question import asks_consequence, medium_of, quoted_fragment, read
from .text import GENERIC_STEMS, STOPWORDS, joined, plain, stem, tokens, word_run, words

if TYPE_CHECKING:
    from .answers import Engine


@dataclass(frozen=True, slots=True)
class _Named:
    """A person an answer is about, with the keys to find them."""

    name: str
    key: tuple[Article, Person]


# Replies about a reply: a follow-up of one of these is about the answer it was about.
META_KINDS: frozenset[Kind] = frozenset({"source", "quote-check", "person"})
_QUOTE_CHECK_STEMS = frozenset(
    map(stem, words("direct quote quoted verbatim exact exactly word words actual really say said part paraphrase"))
)
_QUOTING_KINDS: frozenset[Kind] = frozenset({"quote", "quotes"})  # answers that are someone's words
MORE_QUOTES_SHOWN = 3  # quotes shown after the first
# A leaning question answered alone at least this surely is left alone; a bare "what else?"
# offers the next entry for the previous question only if it scores this.
LEANING_CONFIDENCE = 0.75
MORE_FACTS_SCORE = 0.35
SAME_PASSAGE_CONFIDENCE = 0.6  # a leaning question sent back to the previous passage: it must match it this well
_JOINED_KINDS: frozenset[Kind] = frozenset({"fact", "quote", "quotes"})


# "to whom?", "cooperating with who?", "and from what?": what follows a word of the reply.
_CLARIFY = re.compile(
    r"^(?:(?:and|so|but|ok) )?(?:(?P<echo>[a-z]+) )?"
    r"(?P<prep>to|with|from|by|against|for|on|of|about) (?:whom|who|what|which)$"
)
# "showing what?", "withholding what exactly?": a word of the previous reply asked back
_ECHOED = re.compile(
    r"^(?:(?:and|so|but|ok) )?(?P<echo>[a-z]{4,}) (?:what|who|whom|which)(?: exactly| though| tho| then)?$"
)
# "that's the county executive talking, yes?", "this is the mayor of Chicago, right?"
_THAT_IS = re.compile(
    r"^(?:(?:and|so|but|ok) )?(?:thats|that is|that s|that|this is|that was|this was) (?:the )?"
    r"(?P<role>(?:[a-z.-]+ ){0,4}?(?:executive|mayor|governor|chairman|chair|president|secretary|attorney|"
    r"spokeswoman|spokesman|spokesperson|director|official|senator|commissioner|chief|head|leader|judge|"
    r"sheriff|manager)(?: of (?:[a-z.-]+ ){0,3}?[a-z.-]+)?)(?: (?:talking|speaking|saying (?:that|this|it)))?"
    r"(?:,? (?:yes|right|correct|no|isnt it|yeah))?$"
)
_DETERMINERS = frozenset(words("the a an its their his her our some all every each those these"))
_QUOTE_MARK = re.compile(r"[“”\"]")
_ASKING = re.compile(r"^(?:(?:and|so|ok|but) )?(?:was|is|were|are|did|does|do|has|have|how|where|when|which|what)\b")


# "when did she say that?": when the words just quoted were given
_WHEN_SAID = re.compile(
    r"^(?:(?:and|so|ok|but) )?when (?:did|was|were) (?:he|she|they|that|it|this) "
    r"(?:say|said|tweet|tweeted|write|wrote|post|posted|released?)(?: (?:that|it|this))?$"
    # "he say it when?", "she wrote that when?": the question word last, as non-native readers put it
    r"|^(?:(?:and|so|ok|but) )?(?:he|she|they) (?:say|said|says|tweet|tweeted|write|wrote|post|posted)"
    r" (?:that|it|this) when$"
)
# "really? i read it was 32", "i thought it was 32", "not 32?": a short claim of another number.
_NUMBER_CLAIM = re.compile(r"\b(?:really|read|heard|thought|it was|its|it s|wasnt it|isnt it|not|no|wasnt|werent)\b")
NUMBER_CLAIM_WORDS = 8


def _about(question: str, context: Answer, text: str, speaker: str | None = None) -> Answer:
    """A reply about the previous answer itself (is it a quote, how was it said), with its source."""
    return Answer.sure(
        question,
        "quote-check",
        text,
        quote=context.quote,
        speaker=speaker or context.speaker,
        source=context.source,
        fact_id=context.fact_id,
    )


_NEGATIONS = frozenset(
    words("not no never cannot cant dont doesnt didnt wont isnt arent wasnt werent nor nothing nobody none neither")
)


def _negated(found: list[str]) -> bool:
    return any(t in _NEGATIONS for t in found)


def _run_in(fragment: str, text: str) -> int | None:
    """Where the fragment's words stand in `text` as a run of whole words (its token index)."""
    return word_run(tokens(fragment), tokens(text))


def _same_entry(answer: Answer, other: Answer) -> bool:
    """Whether two answers give the same fact or the same quote."""
    if answer.fact_id is not None:
        return answer.fact_id == other.fact_id
    return answer.quote is not None and other.quote is not None and answer.quote.id == other.quote.id


QUOTES_BESIDE = 2  # quotes shown from an own-reporting fact's paragraphs, asked for its exact words


def _in_quote_marks(excerpt: str) -> str:
    """An excerpt in quote marks ending a sentence: “... a press stunt.” needs no second stop."""
    excerpt = excerpt.rstrip()
    return f"“{excerpt}”" + ("" if excerpt[-1:] in (".", "!", "?") else ".")


def _paragraphs(paragraphs: tuple[int, ...]) -> str:
    """'paragraph 4', 'paragraph 4 and paragraph 6' (each named in full, as a reader looks one up
    and quotes it back), or the source block for none."""
    if paragraphs:
        return joined([f"paragraph {n}" for n in paragraphs])
    return "the article's source details"


def asked_of(answer: Answer) -> str:
    """The question an answer answered as asked: a follow-up's rebuilt question ("and
    Vermont?" -> "was Vermont one of them?"), so that the next follow-up builds on it."""
    asked = answer.extra.get("asked")
    return asked if isinstance(asked, str) else answer.question


class FollowUps:
    """Answers to follow-ups, from the engine and the reader's previous answer."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def answer(self, question: str, context: Answer, article: str | None) -> Answer | None:
        """The answer to a follow-up of `context`, or None for a standalone question."""
        if read(question).second is not None and not all_source_requests(question):
            return None  # "who is X and what did he say?": both parts are answered from the message
        if HELLO_RE.match(plain(question)):
            return None  # "help", "thanks": never a follow-up
        # A reply about a reply ("who's that?", then "is that a direct quote?") is about the
        # answer that one was about.
        about = context.extra.get("about")
        content = about if isinstance(about, Answer) and context.kind in META_KINDS else context
        # "which paragraph?", then "which county is he from?": the person of what the source was of
        person = self.person_of(context) or (self.person_of(content) if content is not context else None)
        previous = Previous(
            question=asked_of(context),
            person=person.name if person else None,
            answered=context.answered,
            text=context.text,
        )
        clarified = self._clarified(question, context) or self._other_number(question, context)
        clarified = clarified or self._one_of_kind(question, context, article)
        if clarified is not None:
            return clarified
        followup = resolve(question, previous, self.full_name)
        that_is = _THAT_IS.match(plain(question)) if person is not None else None
        if that_is is not None and person is not None:
            # "that's the county executive talking, yes?": the person of the reply offered as that
            followup = Followup(Refers.rewrite, f"{person.name} is the {that_is.group('role')}, right?")
        if followup.refers is Refers.none:
            return self._with_previous(question, context, article)
        if followup.refers is Refers.medium and person is not None and content.kind == "person":
            # "how did he say it?" after "who is he?": about his words, not the description.
            rewritten = with_name(question, person.name)
            told = self._medium_of_persons_words(question, person) if rewritten != question else None
            if told is not None:  # "so she tweeted that?": how the article says she gave her words
                return told
            if rewritten == question:  # "was that a tweet?" of a description: what it says of how, if anything
                told = self.medium_check(question, replace(content, extra={**content.extra, "evidence": content.text}))
                if told is not None:
                    return told
                return replace(
                    self.engine.hello(question),
                    kind="abstain",
                    text=f"My last reply described {person.name}, not words of theirs: ask what they said to see "
                    "their words and how the article says they gave them.",
                )
            followup = Followup(Refers.rewrite, rewritten)
        replied = self._about_answer(followup.refers, question, content)
        if replied is None and person is not None:
            replied = self._about_person(followup.refers, question, context, content, person)
        if replied is None and followup.refers is Refers.more_facts:
            replied = self.more_facts(question, context)
        if replied is None and followup.refers is Refers.medium:
            replied = self.medium_unknown(question, content)
        if followup.refers is Refers.unknown_person:
            return replace(
                self.engine.hello(question),
                kind="abstain",
                text="My last reply wasn't about anyone, so I don't know who you mean: ask with their name.",
            )
        return replied if replied is not None else self._asked_again(followup, question, context, article)

    def _about_answer(self, refers: Refers, question: str, content: Answer) -> Answer | None:
        """A reply about the previous answer itself, remembering what the next one is about."""
        meta = self.meta(refers, question, content)
        if meta is None:
            # words nobody is quoted in: the person the reply named may be asked about (below)
            speaks = refers is Refers.medium and self.engine.who_of(content) is not None
            return self.medium_unknown(question, content) if speaks else None
        # A reply that shows a quote of its own ('is "press stunt" a direct quote?') is what
        # the next follow-up is about; one that only describes the previous answer is not.
        own_quote = meta.quote is not None and (content.quote is None or meta.quote.id != content.quote.id)
        return replace(meta, extra={**meta.extra, "about": meta if own_quote else content})

    def _about_person(
        self, refers: Refers, question: str, context: Answer, content: Answer, person: _Named
    ) -> Answer | None:
        """'who's that?' and 'what else did he say?' about the previous answer's person."""
        if refers is Refers.who:
            answer = self.engine.who_is_person(question, *person.key)
            return replace(answer, extra={**answer.extra, "about": content})
        if refers is Refers.more_quotes:
            return self._more_quotes(question, context, person) or self.more_facts(question, context)
        if refers is Refers.medium:
            return self._medium_of_persons_words(question, person)
        return None

    def _medium_of_persons_words(self, question: str, person: _Named) -> Answer | None:
        """'so she tweeted that?' after a reply that named her but quoted no one: how the article
        says she gave her words, when it gives them all one way (else it is not clear which)."""
        theirs = self.engine.quotes_of_person(question, *person.key, topic="")
        quotes = [q for q in (theirs.quote, *theirs.more_quotes) if q is not None]
        media = {q.medium for q in quotes}
        if not quotes or len(media) != 1:
            return None
        first = replace(theirs, quote=quotes[0], more_quotes=())
        return self.medium_check(question, first) if None not in media else self.medium_unknown(question, first)

    def _more_quotes(self, question: str, context: Answer, person: _Named) -> Answer | None:
        """The person's other quotes, without those the previous answer showed; None when the
        article quotes them nowhere (then the question is answered as asked)."""
        more = self.engine.quotes_of_person(question, *person.key, topic="")
        if more.kind != "quotes":
            return None  # no quote of theirs at all: never say "quoted only once"
        earlier = context.extra.get("shown_quotes")
        shown = {q.id for q in (context.quote, *context.more_quotes) if q is not None}
        shown |= set(earlier) if isinstance(earlier, frozenset) else set()
        rest = tuple(q for q in (more.quote, *more.more_quotes) if q is not None and q.id not in shown)
        if not rest:
            count = len([q for q in (more.quote, *more.more_quotes) if q is not None])
            times = "once" if count == 1 else f"{count} times"
            text = f"That is all: the article quotes {person.name} {times}, as shown again here."
            return replace(more, text=text, extra={**more.extra, "shown_quotes": frozenset(shown)})
        shown_now = rest[: 1 + MORE_QUOTES_SHOWN]
        return replace(
            more,
            text=f"{person.name} also said:",
            quote=rest[0],
            more_quotes=rest[1 : 1 + MORE_QUOTES_SHOWN],
            extra={**more.extra, "shown_quotes": frozenset(shown | {q.id for q in shown_now})},
        )

    def _asked_again(self, followup: Followup, question: str, context: Answer, article: str | None) -> Answer:
        """The follow-up as the standalone question it stands for."""
        asked_when = followup.bare and followup.question.startswith("when ")
        if (asked_when or _WHEN_SAID.match(plain(question))) and context.quote is not None:
            dated = self._when_said(question, context)
            if dated is not None:
                return dated
        if context.kind == "fact" and context.fact_id is not None and asks_consequence(plain(question)):
            # "and if they don't?" after a demand: what the article says follows, near the demand
            follows = consequence_near(self.engine, question, context.fact_id)
            if follows is not None:
                return replace(
                    follows, extra={**follows.extra, "follows": context.question, "asked": followup.question}
                )
        answer = self.engine.ask(followup.question, article)
        if followup.bare and (not answer.answered or answer.kind == "person") and context.answered:
            # "why?" about a fact whose own passage gives the reason: the same passage, again.
            return replace(context, question=question)
        return replace(
            answer, question=question, extra={**answer.extra, "follows": context.question, "asked": followup.question}
        )

    def _one_of_kind(self, question: str, context: Answer, article: str | None) -> Answer | None:
        """'is seattle one?' after 'whats a welcoming city?': asked as 'is seattle a welcoming
        city?'; None when that finds nothing (the question is then read as any other)."""
        rebuilt = one_of_kind(question, context.question)
        if rebuilt is None:
            return None
        found = self.engine.ask(rebuilt, article)
        if not found.answered:
            return None
        return replace(found, question=question, extra={**found.extra, "follows": context.question, "asked": rebuilt})

    def _clarified(self, question: str, context: Answer) -> Answer | None:
        """'to whom?', 'cooperating with who?': a word of the previous reply and a preposition,
        asked of what follows them there. The reply's sentence that has them says it."""
        asked = _CLARIFY.match(plain(question))
        if asked is None and context.answered and context.kind == "fact":
            return self._echoed(question, context)
        if asked is None or not context.answered or context.kind != "fact":
            return None
        echo = stem(asked.group("echo")) if asked.group("echo") else None
        prep = asked.group("prep")
        found: list[tuple[bool, str]] = []  # (what follows reads as a noun phrase, the sentence)
        for sentence in sentences_of(context.text):
            words_of = re.findall(r"[\w'’.-]+", sentence)
            for at, word in enumerate(words_of[:-1]):
                if word.casefold() == prep and (echo is None or (at and stem(words_of[at - 1].casefold()) == echo)):
                    after = words_of[at + 1]
                    found.append((after[0].isupper() or after.isdigit() or after.casefold() in _DETERMINERS, sentence))
        if not found:
            return None
        # "sent letters to King County" answers "to whom?" before "forced to prove" does
        sentence = next((s for noun, s in found if noun), found[0][1])
        return replace(context, question=question, text=sentence, extra={**context.extra, "about": context})

    def _echoed(self, question: str, context: Answer) -> Answer | None:
        """'showing what?' after "Documents showing that ...": the reply's sentence with that word,
        which says what follows it; None when no sentence of the reply has the word."""
        asked = _ECHOED.match(plain(question))
        if asked is None or asked.group("echo") in STOPWORDS:
            return None
        echo = stem(asked.group("echo"))
        sentence = next((s for s in sentences_of(context.text) if echo in {stem(t) for t in tokens(s)}), None)
        if sentence is None:
            return None
        return replace(context, question=question, text=sentence, extra={**context.extra, "about": context})

    def _when_said(self, question: str, context: Answer) -> Answer | None:
        """'When?' after a quote: the day the quote's description gives ("Attorney General
        Sessions on Wednesday, ..."), else a fact of its article citing the quote's paragraph
        ("on Wednesday he said ..."), with that source; None if neither does."""
        quote = context.quote
        assert quote is not None
        found_quote = self.engine.quote(quote.id)
        if found_quote is None:
            return None
        article, record = found_quote
        days = days_in(record.context)
        if days:
            text = f"{quote.speaker} said it on {days[0].title()}, as the article reports."
            return replace(context, question=question, text=text, source=source_of(article, [quote.paragraph]))
        for fact in article.facts:
            if fact.not_in_article or quote.paragraph not in fact.evidence.paragraphs:
                continue
            days = days_in(f"{fact.answer} {fact.evidence.text}")
            if days:
                found = fact_answer(self.engine, question, article, fact, context.confidence)
                return replace(
                    found, text=f"{quote.speaker} said it on {days[0].title()}, as the article reports: {fact.answer}"
                )
        return None

    def _with_previous(self, question: str, context: Answer, article: str | None) -> Answer | None:
        """A short question that leans on the previous one ("who got them?", "what are they
        about?", "from whom?"): when it finds nothing alone, it is asked with the previous
        question's words beside its own. None (a standalone question) otherwise."""
        if not (context.answered or context.kind == "not-stated") or not leans_on_previous(question):
            return None
        rebuilt = None if asks_membership(question) else with_previous_subject(question, context.question)
        if rebuilt is not None:  # "what are they about?" after "where are lawsuits pending?"
            found = self.engine.ask(rebuilt, article)
            if found.answered and found.confidence >= LEANING_CONFIDENCE:
                return replace(found, question=question, extra={**found.extra, "follows": context.question})
        alone = self.engine.ask(question, article)
        pointing = asks_membership(question)
        if alone.answered and alone.confidence >= LEANING_CONFIDENCE and not pointing:
            return alone
        # The previous question as the reader asked it: joined questions do not pile up turn after turn.
        joined = self.engine.ask(f"{question.rstrip(' ?')} {context.question}", article)
        if not joined.answered or joined.kind not in _JOINED_KINDS:
            return alone
        if _same_entry(joined, context):
            # "is king county one of them?", "on who?": the previous passage is what the
            # question points back at, and it holds the answer; a question with words of its
            # own that lands on it again asks something it does not say.
            if (pointing or fragment_only(question)) and joined.confidence >= SAME_PASSAGE_CONFIDENCE:
                return replace(context, question=question, extra={**context.extra, "follows": context.question})
            return alone
        return replace(joined, question=question, extra={**joined.extra, "follows": context.question})

    def more_facts(self, question: str, context: Answer) -> Answer | None:
        """A bare 'what else?' after a fact: the next entry for the previous question."""
        shown = {context.fact_id, *context.suggestion_ids}
        query = self.engine.index.query(context.question)
        for scored in self.engine.index.rank(query, limit=RANKED):
            fact = scored.entry.record
            if scored.score < MORE_FACTS_SCORE:
                break
            if isinstance(fact, Fact) and fact.id not in shown and not fact.not_in_article:
                answer = fact_answer(self.engine, question, scored.entry.article, fact, scored.score)
                return replace(answer, extra={**answer.extra, "follows": context.question})
        return None

    def full_quote_of(self, question: str, context: Answer) -> Answer | None:
        """'What was the full quote?': the previous answer's quote, whole, with its source."""
        quote = context.quote
        if quote is None and context.kind == "person" and context.source is not None:
            # "full quote pls" after who someone is: their words (each quote of theirs, when several)
            who = self.engine.who_of(context)
            article = self.engine.articles[context.source.article_id]
            theirs = [q for q in article.quotes if who is not None and q.speaker == who.id]
            if who is None or not theirs:
                return None
            if len(theirs) > 1:  # each of their quotes, whole
                return self.engine.quotes_of_person(question, article, who, "")
            said = self.engine.who_said(theirs[0].text, mode="ask", question=question)
            return said if said.answered and said.quote is not None and said.quote.id == theirs[0].id else None
        if quote is None:
            return None
        return _about(question, context, f"The whole quote, as the article prints it (paragraph {quote.paragraph}):")

    def meta(self, refers: Refers, question: str, context: Answer) -> Answer | None:
        """Answers about the previous answer itself: its source, whether it is a quote, who
        said it, how it was said."""
        handlers: dict[Refers, Callable[[str, Answer], Answer | None]] = {
            Refers.source: self.source_of,
            Refers.quote_check: self.quote_check_of,
            Refers.who_said: self.who_said_it,
            Refers.medium: self.medium_check,
            Refers.full_quote: self.full_quote_of,
            Refers.speaker_check: self.speaker_check,
            Refers.quote_context: self.quote_context,
        }
        handler = handlers.get(refers)
        return handler(question, context) if handler is not None else None

    def _other_number(self, question: str, context: Answer) -> Answer | None:
        """'really? i read it was 32' after a count of 23: the reader's number, corrected."""
        folded = plain(question)
        if not _NUMBER_CLAIM.search(folded) or len(folded.split()) > NUMBER_CLAIM_WORDS or not context.answered:
            return None
        claimed = read(question)
        if not claimed.numbers:
            return None
        corrected = self.engine.checks.wrong_number(claimed, question, context)
        return replace(corrected, question=question) if corrected is not None else None

    def quote_context(self, question: str, context: Answer) -> Answer | None:
        """'What was he talking about?' after a quote: the fact the article reports the quote in."""
        reported = self._reporting_fact.get(context.quote.id) if context.quote is not None else None
        if reported is None:
            person = self.person_of(context) if context.quote is None else None
            # about someone, with no quote shown: what they are quoted saying
            return self.engine.quotes_of_person(question, *person.key, topic="") if person is not None else None
        found = fact_answer(self.engine, question, *reported, context.confidence)
        return replace(found, extra={**found.extra, "follows": context.question})

    @functools.cached_property
    def _reporting_fact(self) -> dict[str, tuple[Article, Fact]]:
        """Each quote's first fact that reports it (the article's sentence around the words)."""
        found: dict[str, tuple[Article, Fact]] = {}
        for article, fact in self.engine.kb.facts:
            for quote_id in fact.quotes if not fact.not_in_article else ():
                found.setdefault(quote_id, (article, fact))
        return found

    def speaker_check(self, question: str, context: Answer) -> Answer | None:
        """'That was Sessions, right?': yes, or whose the words were, as a correction."""
        who = self.engine.who_of(context)
        named = self.full_name(question)
        if who is None or named is None:
            return None
        if named == who.name:
            return _about(question, context, f"Yes: that was {who.name}.", speaker=who.name)
        said = replace(_about(question, context, context.text, speaker=who.name), kind=context.kind)
        if context.kind == "person":  # "no wait, I thought that was de Blasio?" of who holds an office
            return replace(said, premise=f"It is {who.name}, not {named}.")
        return replace(said, premise=f"It was {who.name}, not {named}, who said that.")

    def who_said_it(self, question: str, context: Answer) -> Answer | None:
        """'Who said that?': the person whose words or claim the previous answer gave."""
        who = self.engine.who_of(context)
        if who is not None:
            answer = self.engine.who_is_person(question, self.engine.articles[context.source.article_id], who)  # type: ignore[union-attr]
            lead = f"That was {who.name}" + (" (a paraphrase in the article)." if context.quote is None else ".")
            return replace(answer, text=f"{lead} {answer.text}")
        if context.answered and context.source is not None:
            return replace(self.source_of(question, context), text="That is the article's own reporting. ")
        return None

    def medium_check(self, question: str, context: Answer) -> Answer | None:
        """'Was that in a tweet?': how the article says the words were given, if it says."""
        medium = context.quote.medium if context.quote is not None else None
        medium = medium or medium_in_text(str(context.extra.get("evidence") or ""))
        asked = medium_of(plain(question))
        who = self.engine.who_of(context)
        if medium is None or who is None:
            return None
        said = MEDIUM_WORDS[medium]
        if asked is None:  # "how did she say it?": the medium itself
            return _about(question, context, f"{who.name} said this {said}.", speaker=who.name)
        # "on Facebook" is a post like a tweet, but not on Twitter.
        if medium == asked and OTHER_PLATFORM.search(plain(question)) is None:
            return _about(question, context, f"Yes: {who.name} said this {said}.", speaker=who.name)
        # "He wrote this on Twitter, yes?" takes the medium as given, and "was that a tweet?" offers
        # it to be confirmed: either way the medium is corrected first, then the words again.
        claimed = medium_as_asked(question, asked)
        correction = f"{who.name} said this {said}, not {claimed}."
        return replace(_about(question, context, context.text, speaker=who.name), premise=correction)

    def medium_unknown(self, question: str, context: Answer) -> Answer:
        """'Was that in a tweet?' when the article doesn't say how the words were given."""
        who = self.engine.who_of(context)
        if who is None:
            return replace(self.engine.hello(question), kind="abstain", text="My last reply didn't quote anyone.")
        asked = medium_of(plain(question))
        evidence = str(context.extra.get("evidence") or "")
        if asked is not None and evidence and _ASKING.match(plain(question)) is None:
            # "so he tweeted it?" takes a medium as given that the article never gives: said so,
            # then the article's own words, which say only that he said it.
            premise = medium_not_given(who.name, medium_as_asked(question, asked))
            if context.quote is not None:  # shown below the reply, the words are not repeated
                told = f"The article gives these as {who.name}'s words, without saying how they were given."
            else:
                excerpt = evidence if _QUOTE_MARK.search(evidence) else f"“{evidence}”"
                told = f"The article's words: {excerpt}"
            return replace(_about(question, context, told, speaker=who.name), premise=premise)
        text = f"The article doesn't say how {who.name} said this; it gives no medium (a tweet, a statement) for it."
        return replace(_about(question, context, text, speaker=who.name), kind="not-stated", answered=False, quote=None)

    def person_of(self, answer: Answer) -> _Named | None:
        """The person an answer was about or quoted, if any; else the one person its question
        named ("did Sessions mention crimes?"), or the one person its text names."""
        article_id = answer.source.article_id if answer.source else ""
        who = self.engine.who_of(answer)
        if who is None and answer.speaker:
            found = self.engine.named_people(answer.speaker)
            return _Named(found[0][1].name, found[0]) if found else None
        if who is not None and article_id:
            return _Named(who.name, (self.engine.articles[article_id], who))
        for text in (answer.question, answer.text):
            named = self.engine.named_people(text)
            if len({person.id for _, person in named}) == 1:
                return _Named(named[0][1].name, named[0])
        carried = answer.extra.get("carried")  # an abstention: the person of the answer before it
        return self.person_of(carried) if isinstance(carried, Answer) else None

    def full_name(self, text: str) -> str | None:
        found = self.engine.named_people(text)
        return found[0][1].name if found else None

    def source_of(self, question: str, context: Answer) -> Answer:
        """'Source?', 'where does it say that?': where the previous answer comes from; 'source for
        the pick and choose part?': where what the reader names comes from, when the previous
        answer does not hold it and an entry does."""
        context = self._named_in_source_request(question, context)
        if context.source is None or (not context.answered and context.kind != "not-stated"):
            return replace(
                self.engine.hello(question),
                kind="abstain",
                text="My last reply didn't give anything from the article, so there is no source to show.",
            )
        quotes = [q for q in (context.quote, *context.more_quotes) if q is not None]
        source = context.source
        where = _paragraphs(source.paragraphs)
        text = f"That comes from {where} of “{source.article}” ({source.outlet}, {source.published})"
        if quotes and len(source.paragraphs) > 1:
            # several paragraphs: each quote says which one prints it
            text += ": " + " … ".join(f"“{q.text}” (paragraph {q.paragraph})" for q in quotes) + "."
        else:
            excerpt = "” … “".join(q.text for q in quotes) if quotes else str(context.extra.get("evidence") or "")
            text += f": {_in_quote_marks(excerpt)}" if excerpt else "."
        said = self._said_how(context)  # "says who?": whose words or claim, and how given
        if said:
            text += f" {said}"
        return Answer.sure(question, "source", text, source=context.source, fact_id=context.fact_id)

    def _named_in_source_request(self, question: str, context: Answer) -> Answer:
        topic = source_topic(question)
        if topic is None:
            return context
        query = self.engine.index.query(topic)
        # the words the fact base knows ("went" of "when the letters went out" it may not)
        wanted = {
            w for w in query.content if not w.startswith("?") and w not in query.unknown and w not in GENERIC_STEMS
        }
        held = " ".join(
            [context.text, str(context.extra.get("evidence") or "")]
            + [q.text for q in (context.quote, *context.more_quotes) if q is not None]
        )
        if context.answered and wanted <= {stem(t) for t in tokens(held)}:
            return context  # "which paragraph says when the letters went out?" of that very answer
        found = self.engine.general(topic)
        if not found.answered:
            found = self.engine.who_said(topic, mode="ask", question=question)
        return found if found.answered and found.source is not None else context

    def _said_how(self, context: Answer) -> str:
        """'Bill de Blasio said this on Twitter.', 'According to Joe McDermott.', or nothing for
        the article's own reporting."""
        who = self.engine.who_of(context)
        if who is None:
            return ""
        medium = context.quote.medium if context.quote is not None else None
        medium = medium or medium_in_text(str(context.extra.get("evidence") or ""))
        return f"{who.name} said this {MEDIUM_WORDS[medium]}." if medium else f"According to {who.name}."

    def quote_check_of(self, question: str, context: Answer) -> Answer:
        """'Is that a direct quote?' about the previous answer: from what its entry is. Words
        the reader quotes ('is "press stunt" a direct quote?') must be printed as a run of
        whole words, with the article's negations, before they are called anyone's words."""
        fragment = quoted_fragment(question)
        if fragment and not self._in_previous(fragment, context):
            said = self.engine.who_said(fragment, mode="ask", question=question)
            if said.answered and said.quote is not None and _run_in(fragment, said.quote.text) is not None:
                return self._quoted_words(question, said, fragment)
            return replace(  # and no one's quote beside it: a near match is not what was asked
                said,
                kind="quote-check",
                answered=True,
                text=f"No: the article doesn't print “{fragment}” in quote marks as anyone's words.",
                quote=None,
                speaker=None,
                more_quotes=(),
            )
        if fragment:
            return self._quoted_words(question, context, fragment)
        asked = {stem(t) for t in tokens(question) if t not in STOPWORDS} - _QUOTE_CHECK_STEMS
        return self._quote_check(question, context, asked, _negated(tokens(question)))

    def _in_previous(self, fragment: str, context: Answer) -> bool:
        """Whether the words a reader quotes are the previous answer's (its quotes or its evidence)."""
        texts = [q.text for q in (context.quote, *context.more_quotes) if q is not None]
        texts.append(str(context.extra.get("evidence") or ""))  # not its text: that is in my words
        return any(_run_in(fragment, text) is not None for text in texts)

    def _quoted_words(self, question: str, context: Answer, fragment: str) -> Answer:
        """Words the reader put in quote marks, checked as a run of whole words: in a quote
        (and not negated there: "make us safer" of "doesn't make us safer"), in the evidence
        (the article's paraphrase), or nowhere."""
        for quote in (q for q in (context.quote, *context.more_quotes) if q is not None):
            at = _run_in(fragment, quote.text)
            if at is None:
                continue
            before = tokens(quote.text)[max(0, at - 2) : at]
            if _negated(before) and not _negated(tokens(fragment)):
                text = f"Not as you put it: {quote.speaker}'s words, as the article prints them, are:"
                return _about(question, replace(context, quote=quote, more_quotes=()), text)
            # the reader's words are in the quote: they are its speaker's, whatever the answer's kind
            return self._quote_check(
                question, replace(context, kind="quote", quote=quote, more_quotes=()), set(), False
            )
        who = self.engine.who_of(context)
        if who is not None and any(_run_in(fragment, text) is not None for text in self._reported(context)):
            text = f"No: that part is the article's paraphrase of {who.name}, not in quote marks."
            return _about(question, replace(context, quote=None, more_quotes=()), text)
        text = f"No: the article doesn't print “{fragment}” in quote marks as anyone's words."
        return _about(question, replace(context, quote=None, more_quotes=()), text)

    def _quote_check(self, question: str, context: Answer, asked: set[str], negated: bool) -> Answer:
        """Whether `context` gives words as printed; with `asked` (the stems of a part the
        reader names in their own words), where that part is: the quote is shown as printed
        (never "exactly" for words the reader paraphrased), the article's paraphrase, or
        nowhere the article says."""
        quotes = [q for q in (context.quote, *context.more_quotes) if q is not None]
        if asked and quotes:
            quoted = next((q for q in quotes if asked <= {stem(t) for t in tokens(q.text)}), None)
            if quoted is not None:
                agrees = negated == _negated(tokens(quoted.text))
                lead = "In quote marks" if agrees else "Not as you put it"
                text = f"{lead}: {quoted.speaker}'s words, as the article prints them, are:"
                return _about(question, replace(context, quote=quoted, more_quotes=()), text)
            if any(asked <= {stem(t) for t in tokens(text)} for text in self._reported(context)):
                return self._paraphrased_part(question, context, quotes[0])
            missing = f"I can't find that part in what the article quotes or reports of {quotes[0].speaker}."
            return replace(_about(question, replace(context, quote=None), missing), kind="abstain", answered=False)
        status = self._quote_status(context)
        if status is None:
            return replace(self.engine.hello(question), kind="abstain", text="My last reply didn't quote the article.")
        return _about(question, context, status)

    def _reported(self, context: Answer) -> list[str]:
        """What the article reports of the previous answer's person in its own words: the
        answer's excerpt and the excerpts of every fact attributed to them."""
        texts = [str(context.extra.get("evidence") or "")]
        who = self.engine.who_of(context)
        if who is not None:
            texts += [f.evidence.text for _, f in self.engine.facts.values() if f.attributed_to == who.id]
        return texts

    def _paraphrased_part(self, question: str, context: Answer, first: QuoteRef) -> Answer:
        """The part asked about is in none of the quotes but in the article's words: its paraphrase."""
        text = f"No: that part is the article's paraphrase of {first.speaker}, not in quote marks."
        return _about(question, replace(context, quote=None), text)

    def _quote_status(self, context: Answer) -> str | None:
        """Whether the previous answer gives someone's words as printed, the article's
        paraphrase of someone, or its own reporting; None when it gave nothing of the article."""
        given = f", {MEDIUM_WORDS[context.quote.medium]}" if context.quote and context.quote.medium else ""
        if context.kind in _QUOTING_KINDS and context.quote is not None:
            return (
                f"Yes: those are {context.quote.speaker}'s words exactly as the article prints them, "
                f"in quote marks{given} (paragraph {context.quote.paragraph})."
            )
        if context.fact_id is None or context.fact_id not in self.engine.facts:
            return None
        fact = self.engine.facts[context.fact_id][1]
        who = self.engine.who_of(context)
        if context.quote is not None:
            return (
                "The answer is in my words; the article's direct quote is: "
                f"“{context.quote.text}” — {context.quote.speaker}{given} (paragraph {context.quote.paragraph})."
            )
        paragraphs = fact.evidence.paragraphs
        where = _paragraphs(tuple(sorted(paragraphs)))
        printed = f"The article's words ({where}): {_in_quote_marks(fact.evidence.text)}"
        if who is not None or fact.attributed_to != ARTICLE_ATTRIBUTION:
            name = who.name if who is not None else fact.attributed_to
            paraphrase = (
                f"No: that is the article's paraphrase of {name}, not a direct quote (it is not in quote marks)."
            )
            return f"{paraphrase} {printed}"
        # "exact wording?" of "de Blasio announced it on Twitter": the words the article quotes there
        article = self.engine.facts[context.fact_id][0]
        named = resolve_person(self.engine, context.question, whole=False)
        asked_of = named[1].id if named is not None and named[0].id == article.id else None
        beside = [
            (q, p)
            for q in article.quotes
            if q.speaker and (q.speaker == asked_of if asked_of else q.paragraph in paragraphs)
            for p in [self.engine.person(article.id, q.speaker)]
            if p is not None
        ]
        if beside:
            quoted = " … ".join(f"“{q.text}” — {p.name} (paragraph {q.paragraph})" for q, p in beside[:QUOTES_BESIDE])
            return f"That is the article's own reporting, not anyone's quote. The words it quotes there: {quoted}."
        return f"No: that is the article's own reporting, not anyone's quote. {printed}"
