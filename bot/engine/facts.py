"""The general matcher: a question answered by the best-matching entry (a fact, a quote or a
person), and a fact's answer with its evidence, its speaker and the quote behind it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .abstentions import abstain, not_stated
from .answer import Answer, QuoteRef, quote_answer, quote_ref, source_of, with_confidence
from .index import Query, Scored
from .models import ARTICLE_ATTRIBUTION, Article, Fact, Person, Quote
from .people import resolve_person, who_is_person
from .premises import places_in
from .question import asks_consequence
from .text import content_stems, fold, plain, stem, tokens, words
from .typed import typed_lead

if TYPE_CHECKING:
    from .answers import Engine

# Calibrated on held-out reader questions (tests/data/reader-questions.yaml); see README.
ASK_THRESHOLD = 0.55
NOTHING_FOUND = "I couldn't find anything in the article that answers this."
RANKED = 6  # entries ranked for a question (the runners-up feed the suggestions)
# A drafted fact has no curated phrasings, so a reader's paraphrase scores lower against it: below
# the threshold, it still answers when it leads every other entry clearly.
# On the drafted folders (tests/data/articles* and blind set 13, 841 questions): 328 -> 353 right, abstentions
# 163 -> 161 of 188.
LEAD_SCORE = 0.3
LEAD_MARGIN = 0.2
LEAD_COVERAGE = 0.6  # of the weight of its words that are not names


def _clear_lead(engine: Engine, query: Query, ranked: list[Scored]) -> bool:
    """A drafted fact ahead of every other entry by LEAD_MARGIN, at LEAD_SCORE or more, that
    holds most of what the question asks beyond the names in it ("when did Varga join the
    university?" met with the sentence that names Varga and the university, without "join")."""
    top = ranked[0]
    if not isinstance(top.entry.record, Fact) or top.entry.record.status is None:
        return False
    second = ranked[1].score if len(ranked) > 1 else 0.0
    if top.score < LEAD_SCORE or top.score - second < LEAD_MARGIN:
        return False
    names = engine.index.parts.name_stems
    asked = {w: engine.index.weight(w) for w in query.content if not w.startswith("?") and w not in names}
    held = sum(weight for word, weight in asked.items() if word in top.entry.bag)
    return held >= LEAD_COVERAGE * sum(asked.values())


def general(engine: Engine, question: str) -> Answer:
    """The best-supported answer to a question of any shape, or an abstention."""
    query = engine.index.query(question)
    ranked = engine.index.rank(query, limit=RANKED)
    folded = plain(question)
    follows = _consequence(folded, ranked) if ranked and asks_consequence(folded) else None
    below = not ranked or (ranked[0].score < ASK_THRESHOLD and not _clear_lead(engine, query, ranked))
    if follows is None and below and ranked:
        follows = typed_lead(engine, question, query, ranked)
    if follows is None and below:
        confidence = ranked[0].score if ranked else 0.0
        return abstain(engine, question, "ask", query, confidence, NOTHING_FOUND, ranked)
    top = follows or _place_named(question, query, ranked, _beyond_who(engine, question, query, ranked))
    if top.entry.kind == "person" and _someone_else(engine, question, query, top):
        # "did de Blasio's city also sue the administration?" is not answered by who Trump is
        rest = [s for s in ranked if s.entry.kind != "person"]
        if not rest or rest[0].score < ASK_THRESHOLD:
            return abstain(engine, question, "ask", query, top.score, NOTHING_FOUND, ranked)
        top = rest[0]
    if top.entry.kind == "quote":
        return _quote_found(engine, question, top)
    if top.entry.kind == "person":
        person = top.entry.record
        assert isinstance(person, Person)
        return with_confidence(who_is_person(question, top.entry.article, person), top.score)
    fact = top.entry.record
    assert isinstance(fact, Fact)
    if fact.not_in_article:
        return not_stated(engine, question, top.entry.article, fact, top.score, query, ranked)
    return fact_answer(engine, question, top.entry.article, fact, top.score)


# What an entry must say to tell what follows when something is not done: the not doing
# ("jurisdictions that do not give up the documents", "communities that refuse to comply",
# "unless") and what follows it ("threatened to issue subpoenas", "could lose", "would face").
_NOT_DONE = re.compile(
    r"\b(?:unless|otherwise|or else|(?:that|who|which|if \w+) (?:do|does|did|will|would)? ?not|"
    r"(?:do|does|did|wo|would)n[’']t|refus\w*|fail\w* to|declin\w* to)\b"
)
_WHAT_FOLLOWS = re.compile(
    r"\b(?:threat\w*|could (?:be|face|lose)|would (?:be|face|lose)|will (?:be|face|lose)|risk\w*|penalt\w*|"
    r"fine[sd]?|face[sd]?|subpoena\w*|lose|losing|cut off|withh[oe]ld\w*|deny|denied|sanction\w*|sue[sd]?)\b"
)
CONSEQUENCE_MARGIN = 0.25  # a fact that tells the consequence may rank this far below the best one
CONSEQUENCE_FLOOR = 0.4  # and must match the question this well
CONSEQUENCE_NEAR = 3  # paragraphs: how far from a demand an article tells what follows if it is not met
CONSEQUENCE_CONFIDENCE = 0.7


def tells_consequence(fact: Fact) -> bool:
    """Whether a fact says what follows when something is not done."""
    said = fold(fact.evidence.text)
    return not fact.not_in_article and bool(_NOT_DONE.search(said) and _WHAT_FOLLOWS.search(said))


def _consequence(question: str, ranked: list[Scored]) -> Scored | None:
    """For "what happens if they don't comply?": the best fact, near the top, that says what
    follows the not doing ("threatened to issue subpoenas to jurisdictions that do not give up
    the documents willingly"); None when none does, or when what the question supposes not done
    is what the fact says follows ("what happens if it ignores the subpoena?" asks beyond it)."""
    supposed = {stem(t) for t in tokens(question.rsplit(" if ", 1)[-1])}
    for scored in ranked:
        if scored.score < max(CONSEQUENCE_FLOOR, ranked[0].score - CONSEQUENCE_MARGIN):
            break
        record = scored.entry.record
        if isinstance(record, Fact) and tells_consequence(record):
            follows = {stem(t) for m in _WHAT_FOLLOWS.finditer(fold(record.evidence.text)) for t in m.group().split()}
            return None if supposed & follows else scored
    return None


def consequence_near(engine: Engine, question: str, fact_id: str) -> Answer | None:
    """'and if they don't?' after a fact about a demand: the fact of the same article, within
    CONSEQUENCE_NEAR paragraphs of it, that tells what follows if the demand is not met (the
    nearest; the later one on a tie); None when there is none."""
    found = engine.facts.get(fact_id)
    if found is None:
        return None
    article, demand = found
    at = min(demand.evidence.paragraphs)
    near: list[tuple[int, int, Fact]] = []
    for other in article.facts:
        if other.id == fact_id or not tells_consequence(other):
            continue
        distance = min(abs(p - at) for p in other.evidence.paragraphs)
        if distance <= CONSEQUENCE_NEAR:
            near.append((distance, -min(other.evidence.paragraphs), other))
    if not near:
        return None
    follows = min(near, key=lambda item: item[:2])[2]
    return fact_answer(engine, question, article, follows, CONSEQUENCE_CONFIDENCE)


# A fact or quote that answers what a question asks of the person it names, in place of that
# person's card, must score this much (as a person's claim on a topic does, `said.PERSON_TOPIC_ANSWER`).
BEYOND_WHO = 0.6
# What a question about who someone is asks: their identity or office, which their card tells.
_IDENTITY = frozenset(
    map(stem, words("title job role office position post work career background occupation profession name"))
)


_WHICH_PERSON = re.compile(
    r"^(?:\w+ )?(?:which|what) (?:[\w'-]+ ){0,3}?(?:official|officials|person|people|spokeswoman|spokesman|"
    r"spokesperson|mayor|mayors|leader|politician|member|one|man|woman|guy|lady|chairman|officer)\b"
)


def _someone_else(engine: Engine, question: str, query: Query, top: Scored) -> bool:
    """Whether a person's card would answer a question that names another person and not them,
    and asks no "who": the card tells who someone is, which that question does not ask."""
    if "?who" in query.content or _WHICH_PERSON.match(plain(question)):
        return False  # "which Trump official blamed ...?" asks who, too
    named = resolve_person(engine, question, whole=False)
    card = top.entry.record
    assert isinstance(card, Person)
    if named is None or named[1].id == card.id:
        return False
    # "which Trump spokeswoman is quoted?": a card whose role is told by the one named answers it
    surname = fold(named[1].name.split()[-1])
    return re.search(rf"\b{re.escape(surname)}\b", fold(f"{card.role} {card.summary}")) is None


# An entry that names the place a question asks about may rank this far below one that does not.
PLACE_MARGIN = 0.1


def _place_named(question: str, query: Query, ranked: list[Scored], top: Scored) -> Scored:
    """'was Seattle one of the places that got a letter?': the best entry may answer it of
    another place ("King County did receive a letter"), on the strength of its phrasings; an
    entry close behind it (PLACE_MARGIN) whose own words (question, answer, evidence) name every
    place the question names, and that knows as many of its other words, answers it."""
    places = places_in(question)
    if not places or top.entry.kind != "fact":
        return top
    own = _own_words(top)
    if _names_places(own, places) or not places_in(own):
        return top  # it answers of the place asked, or of no place: not of another one
    named = {w for p in places for w in content_stems(p)}
    asked = [w for w in query.content if not w.startswith("?") and w not in named]
    held = sum(w in top.entry.bag for w in asked)
    # ("lost grant money" of Philadelphia is not answered by the lawsuits pending there)
    close = [
        s
        for s in ranked
        if s.score >= top.score - PLACE_MARGIN
        and s.entry.kind == "fact"
        and sum(w in s.entry.bag for w in asked) >= held
        and _names_places(_own_words(s), places)
    ]
    # one whose own question names the place first ("Did Seattle get a letter?")
    asking = [s for s in close if _names_places(s.entry.record.question, places)]  # type: ignore[union-attr]
    return (asking or close or [top])[0]


def _own_words(scored: Scored) -> str:
    """A fact's own words (question, answer, evidence), not its phrasings."""
    fact = scored.entry.record
    assert isinstance(fact, Fact)
    return f"{fact.question} {fact.answer} {fact.evidence.text}"


def _names_places(text: str, places: list[str]) -> bool:
    folded = fold(text)
    return all(re.search(rf"\b{re.escape(fold(place))}\b", folded) for place in places)


def _beyond_who(engine: Engine, question: str, query: Query, ranked: list[Scored]) -> Scored:
    """The entry to answer with: the best one, unless it is the card of the person the question
    names while the question asks something else of them ("who did Durkan say will lose?", "what
    did McDermott say they won't do?"): then the best fact or quote at BEYOND_WHO that knows as
    many of the question's other words, if any."""
    top = ranked[0]
    if top.entry.kind != "person":
        return top
    person = top.entry.record
    assert isinstance(person, Person)
    named = resolve_person(engine, question, whole=False)
    if named is None or named[1].id != person.id:
        return top
    names = engine.index.parts.name_stems
    role = content_stems(person.role) | _IDENTITY
    asked = [w for w in query.content if not w.startswith("?") and w not in names]
    if any(w in role for w in asked):
        return top  # "what's Durkan's title?", "what does the chairman do?"
    if not asked:
        if not _SAYING & set(tokens(question)):
            return top  # "who's McDermott?"
        # "what did McDermott say they won't do?": no word of its own beside the name, but
        # about their words: their best claim or quote
        return next((s for s in ranked[1:] if s.score >= BEYOND_WHO and _theirs(s, person)), top)
    held = sum(w in top.entry.bag for w in asked)  # a fact that knows less of it is no better
    return next(
        (
            s
            for s in ranked[1:]
            if s.entry.kind != "person" and s.score >= BEYOND_WHO and sum(w in s.entry.bag for w in asked) >= held
        ),
        top,
    )


_SAYING = frozenset(words("say said says tell told claim claimed argue argued"))


def _theirs(scored: Scored, person: Person) -> bool:
    """Whether an entry is a person's words: their quote, or a claim attributed to them."""
    record = scored.entry.record
    if isinstance(record, Quote):
        return record.speaker == person.id
    return isinstance(record, Fact) and record.attributed_to == person.id and not record.not_in_article


def _quote_found(engine: Engine, question: str, top: Scored) -> Answer:
    quote = top.entry.record
    assert isinstance(quote, Quote) and quote.speaker is not None
    speaker = engine.person(top.entry.article.id, quote.speaker)
    assert speaker is not None
    return quote_answer(question, "ask", top.entry.article, quote, speaker, top.score)


def fact_answer(engine: Engine, question: str, article: Article, fact: Fact, confidence: float) -> Answer:
    """A fact as the answer: its text, the first of its quotes whose speaker is known, and
    its source down to the paragraphs of the evidence and the quote."""
    quote = _first_quote(engine, fact, question)
    paragraphs = list(fact.evidence.paragraphs)
    if quote is not None:
        paragraphs.append(quote.paragraph)
    return Answer(
        question=question,
        mode="ask",
        kind="fact",
        answered=True,
        text=fact.answer,
        confidence=confidence,
        quote=quote,
        speaker=quote.speaker if quote is not None else None,
        source=source_of(article, paragraphs),
        fact_id=fact.id,
        extra=_fact_extra(engine, article, fact),
    )


def _first_quote(engine: Engine, fact: Fact, question: str = "") -> QuoteRef | None:
    """The fact's quote to show: the one that says more of the question's words ("does he think it
    makes the city safer?": "doesn't make us safer"), else the first, whose speaker is known."""
    refs = []
    for quote_id in fact.quotes:
        found = engine.quote(quote_id)
        if found is None:
            continue
        q_article, q = found
        person = engine.person(q_article.id, q.speaker)
        if person is not None:
            refs.append(quote_ref(q, person))
    if len(refs) < 2 or not question:
        return refs[0] if refs else None
    asked = {t for t in engine.index.query(question).content if not t.startswith("?")}
    shared = [len(asked & engine.quote_words.get(ref.id, frozenset())) for ref in refs]
    return refs[shared.index(max(shared))]


def _fact_extra(engine: Engine, article: Article, fact: Fact) -> dict[str, Any]:
    """Who the fact is attributed to (by name), its evidence, and a draft's status."""
    extra: dict[str, Any] = {"attributed_to": fact.attributed_to, "evidence": fact.evidence.text}
    if fact.status is not None:  # a draft: the renderer shows the article's own words
        extra["status"] = fact.status
    if fact.attributed_to != ARTICLE_ATTRIBUTION:
        person = engine.person(article.id, fact.attributed_to)
        extra["attributed_to"] = person.name if person else fact.attributed_to
    return extra


def answer_fact(engine: Engine, fact_id: str, question: str | None = None) -> Answer | None:
    """The answer of one fact by id (a clicked suggestion)."""
    found = engine.facts.get(fact_id)
    if found is None:
        return None
    article, fact = found
    if fact.not_in_article:
        query = engine.index.query(question or fact.question)
        return not_stated(engine, question or fact.question, article, fact, 1.0, query, [])
    return fact_answer(engine, question or fact.question, article, fact, 1.0)
