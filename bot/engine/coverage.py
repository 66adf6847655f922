"""Checks of what an answer's entry covers: a name the reader gives (a place, a body, a day)
that the entry never mentions, and the detail the question asks for ('at what time', 'which
judge'). Where it falls short, the answer becomes "the article doesn't say", with the
closest thing it does say.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from .abstentions import FACTS_ONLY
from .answer import Answer, doesnt_say, not_stated, source_of, told_by
from .checks import Named, capitalised
from .facts import NOTHING_FOUND
from .index import Index
from .models import ARTICLE_ATTRIBUTION, Article, Fact, Quote
from .premises import (
    DAYS,
    PARTY,
    capitalised_phrases,
    days_in,
    has_detail,
    names_noun,
    place_kind,
    places_in,
    sentences_of,
    wrong_day,
    wrong_part_of_day,
)
from .question import Asks, Detail, Focus, Question
from .said import SAID_KINDS
from .text import GENERIC_STEMS, STOPWORDS, content_stems, fold, joined, plain, stem, tokens, words
from .titles import OFFICES

if TYPE_CHECKING:
    from .answers import Engine


# "who is the mayor of king county": an office and the place it is asked of.
_OFFICE_OF = re.compile(
    r"\b(?:who|whos)(?: is| was| s)? (?:the |a )?(?:current |former )?(?P<office>[a-z]+) of "
    r"(?:the )?(?P<place>[a-z][a-z .]{1,40}?)(?: again| now| then)?$"
    # "what did the mayor of king county say (about ...)": the office of a place, asked of its words
    r"|^(?:so |and )?(?:what|how) (?:did|does|has) (?:the )?(?P<office2>[a-z]+) of (?:the )?"
    r"(?P<place2>[a-z][a-z .]{1,40}?) (?:say|said|think|tweet|write|respond|react)\b"
)


_A_CHOICE = re.compile(r"\bor\b")  # "was it in the morning or the afternoon?"
# "new england": a place of the list ("england") inside a longer name the list lacks.
_LONGER_PLACE = re.compile(
    r"\b(?:new|north|south|east|west|northern|southern|eastern|western|central|greater)\s+$", re.IGNORECASE
)


# Words of a time question that name no subject ("what time was it set for?", "... supposed to start")
_DAY_STEMS = frozenset(
    stem(w)
    for w in (
        *DAYS,
        *words("time day morning afternoon evening night set scheduled planned supposed start begin happen held"),
    )
)
_WHO_ARE_THE = re.compile(r"^(?:so |and |but )?(?:who|whos) (?:are|were|r) (?:the|these|those) ")

_FRAMING_WORDS = frozenset(map(stem, ("article", "story", "piece", "report")))


KNOWN_WORDS_LEFT = 2  # content words a question keeps without the words the article never uses
UNKNOWN_PHRASE_GAP = 2  # positions between two such words that make them one phrase
UNKNOWN_WORD_MIN = 4  # letters of a word the fact base never uses, to be named as what the article lacks


def _unknown_word(index: Index, word: str) -> bool:
    query = index.query(word)
    return bool(query.content) and set(query.content) <= query.unknown


def _the_story(article: Article, phrase: str) -> bool:
    """Whether a name is what the whole article is about: its headline or its first paragraph
    names it ("St. Brendan", of an article on St. Brendan's hospital), so an entry that says
    "the unit" instead still speaks of it."""
    folded = fold(phrase)
    if folded in fold(article.source.title):
        return True
    return any(1 in f.evidence.paragraphs and folded in fold(f.evidence.text) for f in article.facts)


class Coverage:
    """The engine's checks of what its answers' entries cover (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # ------------------------------------------------------------------ names

    def names(self, question: Question, text: str, answer: Answer, named: Named) -> Answer | None:
        """A name the reader gives (a place, a body, a day) that the answer's entry never
        mentions: the entry answers a neighbouring question, not this one. A presupposing
        question gets the correction; any other gets "the article doesn't say"."""
        phrases = capitalised_phrases(text)
        # A place typed in lower case ("and new york?") is a name the reader gives all the same.
        phrases += [
            capitalised(p)
            for p in places_in(text)
            if not any(fold(p) in fold(x) for x in phrases) and not _LONGER_PLACE.search(text[: text.find(p)])
        ]
        if not answer.answered and answer.kind == "abstain":
            # a name, or a word the article never uses ("yelled at trump", "vice president pence"); not
            # the words of a preamble ("this article seems to be one small part of it")
            if not question.context and answer.text == NOTHING_FOUND:  # not "no one by that description"
                phrases += [f"“{w}”" for w in self._unknown_words(text) if not any(w in fold(p) for p in phrases)]
            return self._unknown_names(question, text, answer, phrases, named) if phrases else None
        if answer.answered and answer.kind == "person" and not named:
            return self._office_elsewhere(text, answer)
        if answer.answered and answer.kind in _WORDS_KINDS:
            return self._day_of_words(question, text, answer)
        if not answer.answered or answer.kind != "fact" or answer.fact_id is None:
            return None
        article, fact = self.engine.facts[answer.fact_id]
        told = f"{fact.answer} {fact.evidence.text}"
        wrong = wrong_day(text, told)
        if wrong is not None:
            return replace(answer, premise=wrong)
        part = wrong_part_of_day(text, told)
        if part is not None and not _A_CHOICE.search(plain(text)):  # "morning or afternoon?" is answered as is
            if question.asks is Asks.yes_no:  # "was it in the morning?" asks, it presupposes nothing: a plain no
                return replace(answer, text=f"No: {part[0].lower()}{part[1:]} {answer.text}")
            return replace(answer, premise=part)
        weekday = _weekday_asked(text)
        if question.presupposes and weekday and not days_in(told):
            # "why did the mayors skip the Thursday meeting?", "... meet trump on tuesday?": the
            # reason's entry gives no day, a nearby one about the same thing does.
            corrected = _day_correction(self.engine, question.text, weekday)
            if corrected is not None:
                return replace(answer, premise=corrected)
        missing = [p for p in self._names_not_in(phrases, fact.id, told, named) if not _the_story(article, p)]
        if not missing:
            return None
        return _not_about(self.engine, question, answer, article, fact, missing, told)

    def _day_of_words(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'What did Sessions say on Tuesday?' answered with his words: the day the article puts
        on them corrects the reader's ('The article says Wednesday, not Tuesday')."""
        weekday = _weekday_asked(text)
        corrected = _day_correction(self.engine, question.text, weekday, with_quotes=True) if weekday else None
        return replace(answer, premise=corrected) if corrected is not None else None

    def _office_elsewhere(self, text: str, answer: Answer) -> Answer | None:
        """'Who is the mayor of King County?' answered with the mayor of Seattle: the article
        names no one in that office there, and says whom it does name."""
        asked = _OFFICE_OF.search(plain(text))
        person_id = answer.extra.get("person_id")
        if asked is None or answer.source is None or not isinstance(person_id, str):
            return None
        person = self.engine.person(answer.source.article_id, person_id)
        if person is None or stem(asked.group("office") or asked.group("office2")) not in OFFICES:
            return None
        role = content_stems(f"{person.role} {' '.join(person.aliases)}")
        office = asked.group("office") or asked.group("office2")
        place = (asked.group("place") or asked.group("place2")).strip()
        where = content_stems(place) - _FRAMING_WORDS
        if stem(office) not in role or not where or where <= role:
            return None  # another office, or the same office of the same place ("the mayors conference")
        text_out = f"The article doesn't name the {office} of {place.title()}. It names {person.name}, {person.role}."
        return not_stated(answer, text=text_out, more_quotes=(), also=None)

    def _unknown_names(
        self, question: Question, text: str, answer: Answer, phrases: list[str], named: Named
    ) -> Answer | None:
        """'... with Vice President Mike Pence?': a name the article never uses drags the match
        down; asked without it, the closest fact is given with what the article doesn't mention."""
        unknown = [w for p in phrases for w in p.strip("“”").split() if _unknown_word(self.engine.index, w)]
        if not unknown:
            return None
        stripped = text
        lowered = {w for p in phrases if p.startswith("“") for w in p.strip("“”").split()} & set(unknown)
        if lowered and len(content_stems(text) - GENERIC_STEMS) - len(lowered) < KNOWN_WORDS_LEFT:
            lowered, unknown = set(), [w for w in unknown if w not in lowered]  # "what is the recipe for lasagna?"
            if not unknown:
                return None
        for word in unknown:  # (a word found in lower case is taken out however the reader wrote it)
            flags = re.IGNORECASE if word in lowered else 0
            stripped = re.sub(rf"\b{re.escape(word)}\b", " ", stripped, flags=flags)
        found = replace(self.engine.route(stripped), question=answer.question)
        if not found.answered:
            return None
        if any(p.startswith("“") for p in phrases):
            # asked without the word it never uses, the claim may still be one the article denies
            # ("so the mayors all went to the white house and yelled at trump?": they boycotted)
            corrected = self.engine.checks.premise(question, stripped, found, named)
            if corrected is not None and corrected.premise is not None:
                return corrected
        wrong = wrong_day(text, told_by(found)) if found.kind == "fact" else None
        if wrong is not None:  # "so the boycott came the day after, on Thursday?": the day it gives
            return replace(found, premise=wrong)
        lacking = " and ".join(p for p in phrases if any(w in unknown for w in p.strip("“”").split()))
        closest = found.plain_text()
        if found.quote is not None:  # an abstention carries no quote of its own: quoted in the text
            closest += f" “{found.quote.text}” — {found.quote.speaker} (paragraph {found.quote.paragraph})"
        return not_stated(
            found,
            premise=f"The article doesn't mention {lacking}." if question.presupposes else None,
            text=(f"The article doesn't mention {lacking}. " if not question.presupposes else "")
            + f"The closest thing it says: {closest}",
            more_quotes=(),
            also=None,
        )

    def _unknown_words(self, text: str) -> list[str]:
        """The words of a question the fact base never uses and that are no typo of one of its
        words (a stop word, a generic word or a short one aside), as the reader wrote them."""
        said = tokens(text)
        lacking = [
            i
            for i, word in enumerate(said)
            if len(word) >= UNKNOWN_WORD_MIN
            and word not in STOPWORDS
            and stem(word) not in GENERIC_STEMS
            and _unknown_word(self.engine.index, word)
        ]
        # words near each other are one phrase: "vice president pence"
        runs: list[list[int]] = []
        for i in lacking:
            if runs and i - runs[-1][-1] <= UNKNOWN_PHRASE_GAP:
                runs[-1].append(i)
            else:
                runs.append([i])
        return list(dict.fromkeys(" ".join(said[run[0] : run[-1] + 1]) for run in runs))

    def _names_not_in(self, phrases: list[str], fact_id: str, told: str, named: Named) -> list[str]:
        """The capitalised names (not people: those are checked as speakers) a fact never uses."""
        bag = self.engine.fact_words.get(fact_id, frozenset())
        people_words = {fold(w) for _, p in named for w in (p.name, *p.aliases) for w in w.split()}
        return [
            phrase
            for phrase in phrases
            if not people_words & {fold(w) for w in phrase.split()} and self._unused(phrase, bag, told)
        ]

    def _unused(self, phrase: str, bag: frozenset[str], told: str) -> bool:
        """Whether a fact (its words `bag`, its text `told`) never uses the name `phrase`."""
        stems = [self.engine.index.query(w).content for w in phrase.split() if w.casefold() not in STOPWORDS]
        known = [c[0] for c in stems if c and not c[0].startswith("?")]
        return bool(known) and not any(w in bag for w in known) and fold(phrase) not in fold(told)

    # ------------------------------------------------------------------ the detail asked for

    def focus(self, question: Question, answer: Answer) -> Answer:
        """An answer that lacks the detail asked for ('at what time', 'which judge') becomes
        'the article doesn't say <that>', with the closest thing it does say."""
        if question.asks is Asks.person and answer.answered and answer.kind == "fact" and answer.fact_id:
            unnamed = self._group_unnamed(question, answer)
            if unnamed is not None:
                return unnamed
        if answer.answered and answer.kind == "fact" and answer.fact_id:
            town = _town_asked(question, self.engine.facts[answer.fact_id][1])
            if town is not None:
                return not_stated(answer, text=doesnt_say(town, answer.text))
        focus = question.focus
        if focus is not None and focus.detail is not None and answer.answered and answer.kind in _CARD_KINDS:
            # "what time did de blasio post his tweet?" met with who he is, which gives no time
            if has_detail(focus.detail, told_by(answer)):
                return answer
            return not_stated(
                answer, text=doesnt_say(focus.words, answer.text), confidence=min(answer.confidence, 0.99)
            )
        if focus is None or not answer.answered or answer.kind != "fact" or answer.fact_id is None:
            return answer
        article, fact = self.engine.facts[answer.fact_id]
        if self._gives(focus, fact, question.text):
            return answer
        query = self.engine.index.query(question.text)
        nearest = [f for f in self.engine.suggestions(query) if f is not fact]
        return not_stated(
            answer,
            text=doesnt_say(focus.words, fact.answer),
            confidence=min(answer.confidence, 0.99),
            source=source_of(article, list(fact.evidence.paragraphs)),
            suggestions=tuple(f.question for f in nearest),
            suggestion_ids=tuple(f.id for f in nearest),
        )

    def _group_unnamed(self, question: Question, answer: Answer) -> Answer | None:
        """'Who are these defenders?' answered with what "defenders of sanctuary-city practices"
        say: the article gives the group, not who is in it."""
        article, fact = self.engine.facts[answer.fact_id or ""]
        if self._group_of(article, fact) is None and _WHO_ARE_THE.match(plain(question.text)):
            # "who are these defenders?" answered with a fact of two views: the group's own fact
            asked = content_stems(question.text)
            fact = next((f for f in article.facts if (self._group_head(article, f) or "\x00") in asked), fact)
        group = self._group_of(article, fact)
        if group is None:
            return None
        head = self._group_head(article, fact)
        if head is None or head not in content_stems(question.text) or plain(question.text).startswith("whose"):
            return None  # "who threatened subpoenas?", "whose trust do they build?" are not asked of the group
        text = f"The article doesn't say who the {group} are. What it gives of them: {fact.answer}"
        return not_stated(answer, text=text, fact_id=fact.id, source=source_of(article, list(fact.evidence.paragraphs)))

    def _group_of(self, article: Article, fact: Fact) -> str | None:
        """The group a fact is attributed to ("defenders of sanctuary-city practices"), if it is one."""
        group = fact.attributed_to
        if group == ARTICLE_ATTRIBUTION or self.engine.person(article.id, group) is not None:
            return None
        return group

    def _group_head(self, article: Article, fact: Fact) -> str | None:
        group = self._group_of(article, fact)
        head = [stem(t) for t in tokens(group) if t not in STOPWORDS][:1] if group else []
        return head[0] if head else None

    def _gives(self, focus: Focus, fact: Fact, question_text: str = "") -> bool:
        """Whether a fact gives the detail a question's focus asks for."""
        told = f"{fact.answer} {fact.evidence.text}"
        if focus.detail is Detail.name and focus.noun:
            # "the name of the mayors' organization": a proper name before the noun, or one of its kind
            given_by = _GIVEN_BY.get(stem(focus.noun))
            return names_noun(focus.noun, fact.evidence.text) or (given_by is not None and given_by(told))
        if focus.detail is Detail.time_of_day and not has_detail(Detail.clock, told):
            # "at what time on Wednesday were the letters sent?": a part of the day the fact gives of
            # something else ("the meeting ... that afternoon") is not the time asked for
            asked = content_stems(question_text) - _DAY_STEMS
            if not asked:
                return has_detail(focus.detail, told)  # "what time was it set for?": of what the answer is about
            return any(has_detail(focus.detail, s) and (asked & content_stems(s)) for s in sentences_of(told))
        if focus.detail is not None:
            return has_detail(focus.detail, told)
        if focus.noun and focus.literal:
            return re.search(rf"\b{re.escape(focus.noun)}\b", told, re.IGNORECASE) is not None
        if focus.noun:
            return self._knows_noun(focus.noun, fact)
        return True

    def _knows_noun(self, noun: str, fact: Fact) -> bool:
        """'which judge', 'which court', 'the outcome': whether the fact mentions the thing asked about;
        'which areas' is given by the places it names, 'which party' by a party, 'what number' by digits."""
        known = self.engine.index.query(noun).content
        if known and known[0] in _GIVEN_BY:
            return _GIVEN_BY[known[0]](f"{fact.answer} {fact.evidence.text}")
        return not known or known[0] in self.engine.fact_words.get(fact.id, frozenset())


def _town_asked(question: Question, fact: Fact) -> str | None:
    """'Which city in Kentucky got a letter?' of an entry that lists only the states ("cities in
    Illinois, ..., Kentucky"): the town asked for, in the reader's words, when the entry names no
    town of the region the question names; else None."""
    asked = _WHICH_TOWN.search(plain(question.text))
    regions = [p for p in places_in(question.text) if place_kind(p) == "region"] if asked else []
    if asked is None or not regions:
        return None
    told = f"{fact.answer} {fact.evidence.text}"
    if any(place_kind(p) == "city" for p in places_in(told)):
        return None
    # a town the place table doesn't know, written with its region: "Millbrook, Ohio"
    for region in regions:
        for town in re.finditer(rf"\b((?:[A-Z][\w.-]+\s)*[A-Z][\w.-]+),\s+(?i:{re.escape(region)})\b", told):
            if place_kind(town.group(1)) is None:  # not the list of regions ("Massachusetts, Kentucky")
                return None
    return f"which {asked.group('noun')} in {regions[0]}"


_WHICH_TOWN = re.compile(r"\b(?:which|what)\s+(?:[a-z]+\s+){0,2}?(?P<noun>city|cities|town|towns)\b")
_CARD_KINDS = frozenset({"person", "quote"})  # answers that are an entry as it stands, not a fact
# A proper name after a word of place: "remain in place for Hollis Creek, Lamont Flats and ...".
_PLACE_NAME = re.compile(r"\b(?:in|at|for|near|from|of|to|and|across|around),?\s+(?:the\s+)?[A-Z][a-z]")
# ("which city", "which state" stay literal: a fact that gives one says "cities in Illinois".)
_WHERE_NOUNS = "area place town neighborhood neighbourhood community district region location suburb village"
# "which agencies": given by an organisation's name ("the Department of Homeland Security").
_ORG_NOUNS = "agency agencies organization organisation body bodies group groups"
_ORG_NAME = re.compile(
    r"\b(?:Department|Agency|Bureau|Office|Administration|Service|Commission|Authority|Board|Committee|"
    r"Council|Conference|Association|Institute)\b"
)
# Nouns of "which N" a fact gives without using the noun itself.
_GIVEN_BY: dict[str, Callable[[str], bool]] = {
    **{stem(noun): lambda told: _PLACE_NAME.search(told) is not None for noun in words(_WHERE_NOUNS)},
    **{stem(noun): lambda told: _ORG_NAME.search(told) is not None for noun in words(_ORG_NOUNS)},
    stem("party"): lambda told: PARTY.search(told) is not None,
    stem("number"): lambda told: re.search(r"\d", told) is not None,
}


DAY_NEARBY_RANKED = 4  # the entries, asked without the day, among which one may give the day


def _day_nearby(engine: Engine, text: str, asked: str, *, with_quotes: bool = False) -> list[str]:
    """The days an entry close to the question (asked without its day) gives, when one of the
    best few does: the day of the thing the reader dated wrongly (a quote's day is in the
    curator's description of it: "Attorney General Sessions on Wednesday, ...")."""
    without = re.sub(rf"\b{re.escape(asked)}\b", " ", text, flags=re.IGNORECASE)
    kinds = SAID_KINDS if with_quotes else FACTS_ONLY
    for scored in engine.index.rank(engine.index.query(without), limit=DAY_NEARBY_RANKED, kinds=kinds):
        record = scored.entry.record
        if isinstance(record, Fact) and not record.not_in_article:
            days = days_in(f"{record.answer} {record.evidence.text}")
        elif isinstance(record, Quote):
            days = days_in(record.context)
        else:
            continue
        if days:
            return days
    return []


def _day_correction(engine: Engine, text: str, weekday: str, *, with_quotes: bool = False) -> str | None:
    """'The article says Wednesday, not Thursday.' when an entry close to the question dates it
    with another weekday (and never with the one asked); None otherwise."""
    nearby = _day_nearby(engine, text, weekday, with_quotes=with_quotes)
    if not nearby or weekday.casefold() in nearby or DAYS.index(nearby[0]) >= 7:
        return None
    return f"The article says {nearby[0].title()}, not {weekday}."


def _weekday_asked(text: str) -> str | None:
    """The weekday a question names, as the reader typed it title-cased ("tuesday" -> "Tuesday")."""
    found = [t for t in tokens(text) if t in DAYS[:7]]
    return found[0].title() if found else None


_WORDS_KINDS = frozenset({"quote", "quotes"})


def _not_about(
    engine: Engine, question: Question, answer: Answer, article: Article, fact: Fact, missing: list[str], told: str
) -> Answer:
    """The fact answers a neighbouring question: it never mentions the `missing` names. A
    presupposing question gets the correction (a day for a day); any other "the article
    doesn't say that about ...", with the fact as the closest thing it says."""
    days_told = days_in(told)
    days_asked = [m for m in missing if m.casefold() in DAYS]
    missing_names = " and ".join(missing)
    if question.presupposes and days_asked and not days_told and days_asked[0].casefold() not in DAYS[:7]:
        # "the January meeting": a month the reason's entry does not give, a nearby one does
        # (a weekday was looked up, and corrected if it could be, before).
        days_told = [d for d in _day_nearby(engine, question.text, days_asked[0]) if d != days_asked[0].casefold()]
    if question.presupposes and days_told and days_asked:
        return replace(answer, premise=f"The article says {days_told[0].title()}, not {days_asked[0]}.")
    places_asked = [m for m in missing if places_in(m)]
    places_told = [p for p in places_in(told) if fold(p) not in fold(question.text)]
    if question.presupposes and places_asked and places_told:
        # "What are the lawsuits pending in Chicago and Seattle about?": the places it does give.
        return replace(answer, premise=f"The article says {joined(places_told)}, not {joined(places_asked)}.")
    if question.presupposes:
        return not_stated(
            answer,
            premise=f"The article doesn't say that about {missing_names}.",
            text=f"The closest thing it says: {fact.answer}",
            more_quotes=(),
        )
    return not_stated(
        answer,
        text=doesnt_say(f"that about {missing_names}", fact.answer),
        source=source_of(article, list(fact.evidence.paragraphs)),
    )
