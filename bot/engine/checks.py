"""Checks of an answer against the question it answers: what the question presupposes
(a speaker, a title, a number, a medium, a negated fact, a name the article never uses)
and the detail it asks for. Each returns the corrected answer, or None when nothing is wrong.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from .answer import Answer, source_of, told_by
from .index import Index, name_forms
from .models import Article, Person
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
from .question import Asks, Detail, Question, medium_of, quoted_fragment, without_media
from .text import STOPWORDS, fold, plain, stem, tokens, words

if TYPE_CHECKING:
    from .answers import Engine

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


def _wrong_day(question: str, told: str) -> str | None:
    """'... the meeting on tuesday' when the entry says Wednesday (days and months, any case)."""
    asked = [t for t in tokens(question) if t in _DAYS]
    if not asked or any(re.search(rf"\b{a}\b", told, re.IGNORECASE) for a in asked):
        return None
    given = [d for d in _DAYS if re.search(rf"\b{d}\b", told, re.IGNORECASE)]
    weekday = _DAYS.index(asked[0]) < 7
    same_kind = [d for d in given if (_DAYS.index(d) < 7) == weekday]
    if not same_kind:
        return None
    return f"The article says {same_kind[0].title()}, not {asked[0].title()}."


def _counts(text: str) -> list[str]:
    """The numbers a text gives that are not parts of dates ("23", not "January 24, 2018")."""
    return re.findall(r"\b\d[\d,]*\b", _DATE_NUMBERS.sub(" ", text))


def _wrong_title(text: str, person: Person) -> str | None:
    """A title beside the name that the person's role contradicts (a title word, and a word
    the role and summary never use): before it ("Chicago Mayor Mitch Landrieu"), or after it
    as an apposition ("McDermott, Seattle's mayor,") or with "as" ("Landrieu as chicago
    mayor", "Durkan, drawing on her years as a federal judge"). None if there is none."""
    folded = plain(text)
    known = _role_words(person)
    for form in sorted({plain(person.name), *(plain(a) for a in person.aliases)}, key=len, reverse=True):
        at = re.search(rf"\b{re.escape(form)}\b", folded)
        if at is None:
            continue
        title = _title_before(folded[: at.start()]) or _title_after(text, form)
        unknown = [w for w in title if stem(w) not in known]
        return " ".join(title) if unknown else None
    return None


_ROLE_WORDS: dict[tuple[str, str, str], frozenset[str]] = {}


def _role_words(person: Person) -> frozenset[str]:
    """The stems a person's role, summary and aliases use, worked out once per text."""
    key = (person.role, person.summary, " ".join(person.aliases))
    found = _ROLE_WORDS.get(key)
    if found is None:
        if len(_ROLE_WORDS) > 10_000:
            _ROLE_WORDS.clear()
        found = _ROLE_WORDS[key] = frozenset(stem(t) for t in tokens(" ".join(key)))
    return found


def _title_before(before_name: str) -> list[str]:
    """The title words right before a name (a title is contiguous and ends with an office)."""
    found = _TITLE_BEFORE.search(before_name)
    if found is None:
        return []
    words_before = found.group("title").split()
    while words_before and words_before[0] in STOPWORDS | {"did", "does", "say", "says", "why", "what", "how"}:
        words_before.pop(0)
    if not words_before or stem(words_before[-1]) not in OFFICES:
        return []
    while words_before and (words_before[0] in STOPWORDS or stem(words_before[0]) in _VERB_STEMS):
        words_before.pop(0)
    return [w for w in words_before if w not in STOPWORDS]


def _title_after(text: str, form: str) -> list[str]:
    """'<name>, seattle's mayor,' or '<name> as chicago mayor' / '... years as a federal judge'."""
    folded = fold(text)
    after = r"(?:[^.?!]{0,40}?\bas|,)\s+(?:a |an |the |former )?((?:[\w'’]+\s+){0,3}[\w'’]+)"
    pattern = rf"\b{re.escape(form)}\b{after}"
    for match in re.finditer(pattern, folded):
        words_after = [w for w in tokens(match.group(1)) if w not in STOPWORDS]
        for end, word in enumerate(words_after):
            if stem(word) in OFFICES:
                return words_after[: end + 1]
    return []


# How closely a claim attributed to another person must answer a question that names the
# wrong speaker before it is offered as the correction (a quote is settled by who-said).
SPEAKER_CONFIDENCE = 0.55
QUOTE_CONFIDENCE = 0.8  # an unquoted fragment must match a quote this well
# Verbs of saying: a question about someone's words uses one (or quotes them).
_SAYING = frozenset(
    map(
        stem,
        words(
            "say said says saying call called calls tell told tweet tweeted write wrote describe described claim "
            "claimed declare declared warn warned accuse accused blame blamed dismiss dismissed argue argued insist "
            "insisted announce announced post posted state stated label labeled quote quoted mean meant predict "
            "predicted promise promised vow vowed threaten threatened slam slammed criticize criticized"
        ),
    )
)


class Checks:
    """The engine's checks of its own answers (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def premise(
        self, question: Question, text: str, answer: Answer, named: list[tuple[Article, Person]]
    ) -> Answer | None:
        """The answer with a false premise of the question corrected first, or None when
        the question presupposes nothing the article contradicts. `named`: the people the
        question names."""
        corrected = self.wrong_title(question.message, answer, named)  # a title may sit in the preamble
        if corrected is not None:
            return corrected
        if question.medium is not None and named:
            answer = self._about_the_person_named(text, answer, named)
        if named and question.asks is not Asks.person and answer.kind in {"fact", "quote", "person", "abstain"}:
            corrected = self.wrong_speaker(text, answer, named)
            if corrected is not None:
                return corrected
        if not answer.answered:
            # "did 32 jurisdictions get letters?": the wrong number drags the match below the line.
            return self.wrong_number(question, text, answer) if question.numbers else None
        for check in (self.wrong_medium, self.wrong_number, self.negated_fact):
            corrected = check(question, text, answer)
            if corrected is not None:
                return corrected
        return None

    def wrong_title(self, text: str, answer: Answer, named: list[tuple[Article, Person]]) -> Answer | None:
        """'Chicago Mayor Mitch Landrieu': a title before the name that the role contradicts."""
        for article, person in named:
            wrong = _wrong_title(text, person)
            if wrong:
                base = answer if answer.answered else self.engine.who_is_person(text, article, person)
                return replace(base, premise=f"{person.name} is {person.role} in the article, not {wrong}.")
        return None

    def _about_the_person_named(self, text: str, answer: Answer, named: list[tuple[Article, Person]]) -> Answer:
        """'Why did Landrieu use Twitter to ...': the medium word must not pull the match to
        whoever did tweet; the answer about the person named, whose medium is then checked."""
        plain_words = without_media(plain(text))
        alternative = self.engine.route(plain_words)
        alt_who = self.engine.who_of(alternative) if alternative.answered else None
        if alt_who is not None and alt_who.id in {p.id for _, p in named}:
            return replace(alternative, question=answer.question)
        return answer

    def wrong_medium(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'In her tweet, ...' about words given in a statement."""
        if question.medium is None:
            return None
        medium = answer.quote.medium if answer.quote is not None else None
        medium = medium or medium_in_text(str(answer.extra.get("evidence") or ""))
        if not medium or medium == question.medium or medium_of(plain(text).replace(question.medium, "")) == medium:
            return None  # the same medium, or a choice between the two ("aloud or in a statement?")
        who = self.engine.who_of(answer)
        name = who.name if who is not None else (answer.speaker or "That")
        return replace(answer, premise=f"{name} said this {MEDIUM_WORDS[medium]}, not {MEDIUM_WORDS[question.medium]}.")

    def wrong_number(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why were 32 jurisdictions sent letters?' when the article says 23."""
        if not question.numbers or answer.kind not in {"fact", "abstain"}:
            return None
        told = told_by(answer) if answer.answered else ""
        if not _counts(told):
            # The wrong number drags the match away from the fact that has the right one.
            counted = re.search(rf"\b{re.escape(question.numbers[0])}\s+(\w+)", text, re.IGNORECASE)
            rest = re.sub(rf"\b{re.escape(question.numbers[0])}\b", " ", text, flags=re.IGNORECASE)
            alternative = self.engine.general(f"how many {counted.group(1) if counted else ''} {rest}")
            if alternative.answered and alternative.kind == "fact":
                answer, told = alternative, told_by(alternative)
        if not answer.answered:
            return None
        given = numbers_in(told)
        asked = [n for n in question.numbers if number_value(n) not in given]
        digits = _counts(told)
        if asked and digits and len(asked) == len(question.numbers):
            return replace(answer, premise=f"The article says {digits[0]}, not {asked[0]}.")
        return None

    def negated_fact(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why does the county ask ...?' when the article says it doesn't."""
        # "why did seattle get a letter but king county didn't": the presupposed clause is the first.
        presupposed = re.split(r"\bbut\b|,|;", text, maxsplit=1)[0]
        if not question.presupposes or is_negated(presupposed) or answer.kind != "fact":
            return None
        text = presupposed
        asked_stems = {stem(t) for t in tokens(text) if t not in STOPWORDS}
        negated = negated_stems(told_by(answer)) & asked_stems
        if negated:
            return replace(answer, premise=f"The article says otherwise: {sentence_with(answer.text, negated)}")
        return None

    def wrong_speaker(self, text: str, answer: Answer, named: list[tuple[Article, Person]]) -> Answer | None:
        """'Why did Sessions call it a press stunt?': the words are someone else's. Corrected only
        when the quote lookup finds the words said by one other person, or a claim the article
        attributes to another person answers the question closely: never on a loose match."""
        # A possessive names whose people they are ("trump's spokesperson"), not the speaker.
        named = [(a, p) for a, p in named if not _possessive(text, p)]
        if not named:
            return None
        named_ids = {p.id for _, p in named}
        if answer.kind == "person" and answer.extra.get("person_id") in named_ids:
            return None
        # The wrong name drags the match down: the words without the people named.
        forms = sorted({form for _, p in named for form in name_forms(p)}, key=len, reverse=True)
        stripped = plain(text)
        for form in forms:
            stripped = re.sub(rf"\b{re.escape(form)}\b", " ", stripped)
        quoted = quoted_fragment(text) is not None
        if not quoted and not _SAYING & {stem(t) for t in tokens(text)}:
            return None  # "did sessions meet with the mayors": not about anyone's words
        fragment = quoted_fragment(text) or stripped
        said = self.engine.who_said(fragment, mode="ask", question=answer.question)
        found: Answer | None = None
        general = answer if answer.answered else self.engine.general(stripped)
        agrees = (
            general.kind in {"person", "quote", "fact"}
            and said.quote is not None
            and (who_general := self.engine.who_of(general)) is not None
            and who_general.id == said.quote.speaker_id
        )
        if said.answered and said.kind == "quote" and (quoted or agrees or said.confidence >= QUOTE_CONFIDENCE):
            # The words are a quote, and whose it is is settled by the quote lookup (with the
            # general match naming the same person, or the words matching it closely).
            found = said
        elif not quoted:
            candidate = general if general.kind == "fact" else self.engine.general(stripped)
            if candidate.answered and candidate.kind == "fact" and candidate.confidence >= SPEAKER_CONFIDENCE:
                found = candidate  # a claim attributed to someone, matched closely
        if found is None:
            return None
        who = self.engine.who_of(found)
        if who is None or who.id in named_ids:
            return None
        told = fold(told_by(found))
        if any(fold(p.name.split()[-1]) in told for _, p in named):
            return None  # the answer is about the person named too
        wrong = named[0][1].name
        return replace(found, question=answer.question, premise=f"It was {who.name}, not {wrong}, who said that.")

    def names(
        self, question: Question, text: str, answer: Answer, named: list[tuple[Article, Person]]
    ) -> Answer | None:
        """A name the reader gives (a place, a body, a day) that the answer's entry never
        mentions: the entry answers a neighbouring question, not this one. A presupposing
        question gets the correction; any other gets "the article doesn't say"."""
        phrases = _capitalised_phrases(text)
        if not answer.answered and answer.kind == "abstain" and phrases:
            return self._unknown_names(question, text, answer, phrases)
        if not answer.answered or answer.kind != "fact" or answer.fact_id is None:
            return None
        article, fact = self.engine.facts[answer.fact_id]
        told = f"{fact.answer} {fact.evidence.text}"
        wrong_day = _wrong_day(text, told)
        if wrong_day is not None:
            return replace(answer, premise=wrong_day)
        missing = self._names_not_in(phrases, fact.id, told, named)
        if not missing:
            return None
        days_told = [d for d in _DAYS if re.search(rf"\b{d}\b", told, re.IGNORECASE)]
        days_asked = [m for m in missing if m.casefold() in _DAYS]
        missing_names = " and ".join(missing)
        if question.presupposes and days_told and days_asked:
            return replace(answer, premise=f"The article says {days_told[0].title()}, not {days_asked[0]}.")
        if question.presupposes:
            return replace(
                answer,
                kind="not-stated",
                answered=False,
                premise=f"The article doesn't say that about {missing_names}.",
                text=f"The closest thing it says: {fact.answer}",
                quote=None,
                more_quotes=(),
                speaker=None,
            )
        return replace(
            answer,
            kind="not-stated",
            answered=False,
            text=f"The article doesn't say that about {missing_names}. The closest thing it says: {fact.answer}",
            source=source_of(article, list(fact.evidence.paragraphs)),
            quote=None,
            speaker=None,
        )

    def _unknown_names(self, question: Question, text: str, answer: Answer, phrases: list[str]) -> Answer | None:
        """'... with Vice President Mike Pence?': a name the article never uses drags the match
        down; asked without it, the closest fact is given with what the article doesn't mention."""
        unknown = [w for p in phrases for w in p.split() if _unknown_word(self.engine.index, w)]
        if not unknown:
            return None
        stripped = text
        for word in unknown:
            stripped = re.sub(rf"\b{re.escape(word)}\b", " ", stripped)
        found = replace(self.engine.route(stripped), question=answer.question)
        if not found.answered:
            return None
        named = " and ".join(p for p in phrases if any(w in unknown for w in p.split()))
        closest = found.plain_text()
        if found.quote is not None:  # an abstention carries no quote of its own: quoted in the text
            closest += f" “{found.quote.text}” — {found.quote.speaker} (paragraph {found.quote.paragraph})"
        return replace(
            found,
            kind="not-stated",
            answered=False,
            premise=f"The article doesn't mention {named}." if question.presupposes else None,
            text=(f"The article doesn't mention {named}. " if not question.presupposes else "")
            + f"The closest thing it says: {closest}",
            quote=None,
            more_quotes=(),
            speaker=None,
            also=None,
        )

    def _names_not_in(
        self, phrases: list[str], fact_id: str, told: str, named: list[tuple[Article, Person]]
    ) -> list[str]:
        """The capitalised names (not people: those are checked as speakers) a fact never uses."""
        bag = self.engine.fact_words.get(fact_id, frozenset())
        people_words = {fold(w) for _, p in named for w in (p.name, *p.aliases) for w in w.split()}
        missing = []
        for phrase in phrases:
            if people_words & {fold(w) for w in phrase.split()}:
                continue
            stems = [self.engine.index.query(w).content for w in phrase.split() if w.casefold() not in STOPWORDS]
            words = [c[0] for c in stems if c and not c[0].startswith("?")]
            if words and not any(w in bag for w in words) and fold(phrase) not in fold(told):
                missing.append(phrase)
        return missing

    def focus(self, question: Question, answer: Answer) -> Answer:
        """An answer that lacks the detail asked for ('at what time', 'which judge') becomes
        'the article doesn't say <that>', with the closest thing it does say."""
        focus = question.focus
        if focus is None or not answer.answered or answer.kind != "fact" or answer.fact_id is None:
            return answer
        article, fact = self.engine.facts[answer.fact_id]
        told = f"{fact.answer} {fact.evidence.text}"
        if focus.detail is Detail.name and focus.noun:
            if names_noun(focus.noun, fact.evidence.text):
                return answer
        elif focus.detail is not None:
            if has_detail(focus.detail, told):
                return answer
        elif focus.noun and focus.literal:
            if re.search(rf"\b{re.escape(focus.noun)}\b", told, re.IGNORECASE):
                return answer
        elif focus.noun:
            word = stem(focus.noun)
            entry_words = self.engine.fact_words.get(fact.id, frozenset())
            known = self.engine.index.query(focus.noun).content
            detail = focus.words.startswith("the ")  # a detail named ("the outcome"): must be there
            if (
                not known
                or known[0] in entry_words
                or (not detail and word not in TITLES and not self.engine.index.query(focus.noun).unknown)
            ):
                return answer
        else:
            return answer
        query = self.engine.index.query(question.text)
        nearest = [f for f in self.engine.suggestions(query) if f is not fact]
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
