"""Checks of an answer against what its question presupposes: a speaker, a title, a number,
a medium, a negated fact. Each returns the corrected answer, or None when nothing is wrong.
What the answer's entry covers (names, the detail asked for) is checked in `coverage`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from .abstentions import FACTS_ONLY
from .answer import Answer, Kind, not_stated, told_by
from .facts import fact_answer
from .index import name_forms
from .models import ARTICLE_ATTRIBUTION, Article, Fact, Person
from .premises import (
    MEDIUM_WORDS,
    OTHER_PLATFORM,
    STATE_WORDS,
    Organisation,
    counts,
    denied,
    framed_opposite,
    is_negated,
    medium_as_asked,
    medium_in_text,
    medium_not_given,
    names_organisation,
    negated_stems,
    number_value,
    numbers_in,
    opposite_states,
    organisations_in,
    place_kind,
    places_in,
    sentence_with,
    sentences_of,
    state_pairs,
    wrong_day,
)
from .question import Asks, Question, medium_of, quoted_fragment, read, without_media
from .said import SAID_KINDS, speaker_of
from .text import (
    STOPWORDS,
    SYNONYMS,
    content_stems,
    fold,
    joined,
    lexicon,
    plain,
    spelled_out,
    stem,
    tokens,
    words,
)
from .titles import TITLES, wrong_title

if TYPE_CHECKING:
    from .answers import Engine

Named = list[tuple[Article, Person]]  # the people a question names, best first

# How closely a claim attributed to another person must answer a question that names the
# wrong speaker before it is offered as the correction (a quote is settled by who-said).
SPEAKER_CONFIDENCE = 0.55
QUOTE_CONFIDENCE = 0.8  # an unquoted fragment must match a quote this well
# A wrong speaker is not corrected when the named person's own quote or claim is this close
# behind the other person's (among the best OWN_WORDS_RANKED).
OWN_WORDS_MARGIN = 0.15
OWN_WORDS_RANKED = 8
# "what did X say about <topic>": a few words of a topic are no claim of whose words they are.
_SAY_ABOUT = re.compile(
    r"\b(?:say|said|says|think|tweet|tweeted|write|wrote)(?: anything| something| much)? (?:about|abt|on|regarding) "
    r"(?P<topic>.+)$"
)
TOPIC_WORDS = 3
# Entries close behind the answer that may say the opposite of a claim (see `opposite_claim`).
CLOSE_RANKED = 4
BEST_FACTS = 3  # facts looked through for the one a question matches closely
CLOSE_MARGIN = 0.1
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
# The answers whose speaker a question's named person may contradict.
_SPOKEN_KINDS: frozenset[Kind] = frozenset({"fact", "quote", "person", "abstain"})
_COUNTED_KINDS: frozenset[Kind] = frozenset({"fact", "abstain"})  # the answers whose numbers are checked
_WORDS_KINDS: frozenset[Kind] = frozenset({"person", "quote", "fact"})  # the answers that give someone's words


def _possessive(text: str, person: Person) -> bool:
    """Whether `text` names `person` only in the possessive ("Trump's spokeswoman")."""
    folded = fold(text)
    forms = {fold(person.name), *(fold(a) for a in person.aliases), fold(person.name.split()[-1])}
    mentions = [m for f in forms for m in re.finditer(rf"\b{re.escape(f)}\b('s)?", folded)]
    return bool(mentions) and all(m.group(1) for m in mentions)


_REGION_NOUNS = frozenset(map(stem, ("state", "states", "countries", "country")))
_NONPARTISAN = frozenset(map(stem, ("bipartisan", "nonpartisan")))
_GROUP_NOUN = re.compile(r"\b(?:group|organi[sz]ation|association|conference|coalition|body|caucus|council|party)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|im|ive|my|me|we|our)\b")  # not "us": "the U.S. Conference" folds to it
# Who says it when the reader says someone else does: "my friends say ...", "people say ...".
_OTHER_SAYERS = frozenset(
    words("i we you they friends friend people everyone someone somebody folks neighbors neighbours")
)


def _without_names(text: str, named: Named) -> str:
    """The folded words of `text` without the names of the people named (a wrong name drags
    the match down)."""
    forms = sorted({form for _, p in named for form in name_forms(p)}, key=len, reverse=True)
    stripped = plain(text)
    for form in forms:
        stripped = re.sub(rf"\b{re.escape(form)}\b", " ", stripped)
    return stripped


def _claimed_speaker(text: str, named: Named) -> Person | None:
    """Of the people a question names, the one it makes the speaker: the last named before its
    first verb of saying ("why did sanders say trump will lose": Sanders, not Trump), else the first;
    None when the verb's subject is someone else ("my friends say the county will lose its money
    because of trump")."""
    words_at = tokens(text)
    verb = next((i for i, t in enumerate(words_at) if stem(t) in _SAYING), len(words_at))
    if 0 < verb < len(words_at) - 1 and words_at[verb + 1] != "by" and words_at[verb - 1] in _OTHER_SAYERS:
        return None
    before = plain(" ".join(words_at[:verb]))
    best: tuple[int, Person] | None = None
    for _, person in named:
        for form in name_forms(person):
            found = [m.end() for m in re.finditer(rf"\b{re.escape(form)}\b", before)]
            if found and (best is None or found[-1] > best[0]):
                best = (found[-1], person)
    return best[1] if best is not None else named[0][1]


def _about_words(text: str) -> bool:
    """Whether a question is about someone's words: it quotes them or uses a verb of saying."""
    return quoted_fragment(text) is not None or bool(_SAYING & {stem(t) for t in tokens(text)})


class Checks:
    """The engine's checks of an answer against its question's premises (see the module docstring)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._last_close: tuple[tuple[str, str | None, float, str], list[Answer]] | None = None

    def premise(self, question: Question, text: str, answer: Answer, named: Named) -> Answer | None:
        """The answer with a false premise of the question corrected first, or None when
        the question presupposes nothing the article contradicts. `named`: the people the
        question names."""
        # a title may sit in the preamble
        # asked yes or no, or offered to be confirmed ("so durkan is the attorney general?")
        asked = question.asks is Asks.yes_no or _CHECKING.match(plain(question.text)) is not None
        corrected = self.wrong_title(question.message, answer, named, yes_no=asked)
        tagged = asked or _TAGGED.search(question.message) is not None  # "..., right?"
        if corrected is None and tagged and not named and answer.kind == "person" and answer.source is not None:
            # "the president of the conference is the mayor of chicago, right?": the person described
            described = self.engine.who_of(answer)
            said_of = _DESCRIBED_IS.match(plain(question.text))
            if described is not None and said_of is not None:
                article = self.engine.articles[answer.source.article_id]
                claim = f"{described.name} is {said_of.group('office')}"
                corrected = self.wrong_title(claim, answer, [(article, described)], yes_no=asked)
        if corrected is None:
            # "Since X, ...", "X, so why ...?" (which the reader may have split at its comma)
            corrected = self.given_clause(question.context or question.message, answer)
            if corrected is None and question.context:
                corrected = self.given_clause(question.message, answer)
        if corrected is not None:
            return corrected
        if question.medium is not None and named:
            answer = self._about_the_person_named(text, answer, named)
        # A list of someone's quotes is checked only against words the reader quotes.
        spoken = answer.kind in _SPOKEN_KINDS or (answer.kind == "quotes" and quoted_fragment(text) is not None)
        if named and question.asks is not Asks.person and spoken:
            # "so sessions said ...?" offers the claim as his to be confirmed, as "why did sessions say" takes it
            corrected = self.wrong_speaker(text, answer, named, _claims(question, plain(question.text)))
            if corrected is not None:
                return corrected
        corrected = (
            self.wrong_place(question, text, answer)
            or self.other_topic(question, text, answer)
            or self.wrong_venue(question, text, answer)
        )
        if corrected is None and _claims(question, plain(text)):
            corrected = self.wrong_organisation(text, answer)
        if corrected is None and question.context and _ASKING.match(plain(question.context)) is None:
            # "The Department of Homeland Security's letters went to 23 places. What did they demand?"
            corrected = self.wrong_organisation(question.context, answer)
        if corrected is None and question.context and _EVENT_TOPIC.search(plain(question.context)):
            # "I read the mayors were meeting trump about healthcare. Why healthcare?"
            given = replace(question, presupposes=True)
            corrected = self.other_topic(given, question.context, answer)
        corrected = corrected or self.unreported_outcome(question, text, answer)
        if corrected is not None:
            return corrected
        if not answer.answered:
            # "did 32 jurisdictions get letters?": the wrong number drags the match below the line.
            corrected = self.wrong_number(question, text, answer) if question.numbers else None
            corrected = corrected or self._magnitude_unmatched(question, text, answer)
            corrected = corrected or self._preamble_number(question)
            corrected = corrected or self._claim_without_unsaid(question, text, answer)
            corrected = corrected or self._state_asked_about(question, text, answer)
            corrected = corrected or self._preamble_state(question, answer)
            corrected = corrected or self._preamble_unsaid(question, answer)
            return corrected or self._preamble_tagged(question, answer)
        for check in (
            self.wrong_medium,
            self.wrong_number,
            self.wrong_magnitude,
            self.negated_fact,
            self.opposite_claim,
            self.reversed_claim,
            self.only_threatened,
            self.other_threat,
            self.wrong_recipient,
            self._state_asked_about,
        ):
            corrected = check(question, text, answer)
            if corrected is not None:
                return corrected
        return self.preamble_claim(question, answer)

    def _claim_without_unsaid(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why did Sanders tell the mayors to take it up with the courts?', unanswered: the words the
        article never uses ("courts") drag the match below the line. Without them the claim finds its
        entry ("take it up with Congress"); what the checks of a substituted word find wrong with the
        claim is corrected. Nothing else is answered this way: no check, no answer."""
        folded = plain(text)
        if not _claims(question, folded):
            return None
        names = self.engine.index.parts.name_words
        told = self.engine.told_words
        unsaid = [t for t in tokens(folded) if t not in STOPWORDS and t not in names and stem(t) not in told]
        if not unsaid or len(unsaid) > UNSAID_WORDS:
            return None
        kept = " ".join(t for t in tokens(folded) if t not in unsaid)
        found = self.engine.general(kept)
        if not found.answered:
            return None
        for candidate in (found, *self._close_facts(kept, found)):
            candidate = replace(candidate, question=answer.question)
            for check in (self.wrong_recipient, self.other_threat, self.wrong_medium):
                corrected = check(question, text, candidate)
                if corrected is not None:
                    return corrected
        return None

    def _state_asked_about(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'How much funding did King County lose?', 'when did the grants get frozen?': a question
        about an event in a state the article says is the opposite ("remain intact") takes the event
        as given all the same. Checked against the entries the question matches best."""
        if _claims(question, plain(text)) or _ASKS_ABOUT_EVENT.match(plain(text)) is None:
            return None  # a claim is checked by opposite_claim itself
        if not _state_stems(text) & STATE_WORDS:
            return None  # no word of a state (and no ranking spent)
        given = replace(question, presupposes=True)
        if answer.answered:
            return self.opposite_claim(given, text, answer)
        query = self.engine.index.query(text)
        for scored in self.engine.index.rank(query, limit=CLOSE_RANKED, kinds=FACTS_ONLY):
            fact = scored.entry.record
            if scored.score < STATE_FLOOR or not isinstance(fact, Fact) or fact.not_in_article:
                continue
            found = fact_answer(self.engine, answer.question, scored.entry.article, fact, scored.score)
            corrected = self.opposite_claim(given, text, found)
            if corrected is not None:
                return corrected
        return None

    def _preamble_state(self, question: Question, answer: Answer) -> Answer | None:
        """'I read that King County already lost its federal grants. How much did they lose?',
        unanswered: a state the sentence before the question takes as given ("lost"), which the
        entry that sentence matches says the opposite of ("remain intact")."""
        claim = question.context
        if not claim or not _state_stems(claim) & STATE_WORDS:
            return None  # no word of a state (and no ranking spent)
        if _readers_own(claim):
            return None  # "our county lost its grants last year": the reader's own situation
        found = self.engine.general(claim)
        if not found.answered:
            return None
        corrected = self.opposite_claim(replace(read(claim), presupposes=True), claim, found)
        return replace(corrected, question=answer.question) if corrected is not None else None

    def _preamble_unsaid(self, question: Question, answer: Answer) -> Answer | None:
        """'Sanders said mayors should take it up with the Supreme Court. Why?', unanswered: the
        sentence before the question is a claim taken as given, whose words the article never uses
        ("supreme court") are what is wrong with it, as a question that takes them as given is."""
        claim = question.context
        if not claim or _readers_own(claim):
            return None
        corrected = self._claim_without_unsaid(replace(read(claim), presupposes=True), claim, answer)
        return replace(corrected, question=answer.question) if corrected is not None else None

    def _preamble_number(self, question: Question) -> Answer | None:
        """'The DOJ sent letters to 32 jurisdictions. Which were in California?', unanswered: the
        number the sentence before it gives, checked against what the article counts of it."""
        return self._claimed_number(question.context)

    def _claimed_number(self, claim: str, found: Answer | None = None) -> Answer | None:
        """The count a clause taken as given states, when the article counts the same thing otherwise
        (`found`: the general match of the clause, if already made)."""
        claimed = read(claim) if claim else None
        if claimed is None or not claimed.numbers:
            return None
        corrected = self.wrong_number(claimed, claim, found or self.engine.general(claim))
        if corrected is None or len(content_stems(claim) & content_stems(told_by(corrected))) < 2:
            return None  # "I have 2 kids": not what the count is of
        return corrected

    def preamble_claim(self, question: Question, answer: Answer) -> Answer | None:
        """'The mayors boycotted a Thursday meeting. What was it to cover?': a day or a number the
        sentence before the question takes as given, when that sentence is about what the
        answer tells (it shares a content word with it; "I have 2 kids" is not)."""
        claim = question.context
        if not claim or not answer.answered:
            return None
        told = told_by(answer)
        if not content_stems(claim) & content_stems(told):
            return None
        wrong = wrong_day(claim, told)
        if wrong is not None:
            return replace(answer, premise=wrong)
        medium = medium_of(plain(claim))
        if medium is not None and question.medium is None and not _ASKING.match(plain(claim)):
            # "De Blasio announced it at a press conference. What did he tell reporters?"
            corrected = self.wrong_medium(replace(question, medium=medium, presupposes=True), claim, answer)
            if corrected is not None and corrected.premise is not None:
                return corrected
        claimed = read(claim)
        for check in (self.wrong_number, self.wrong_magnitude):
            corrected = check(claimed, claim, answer)
            if corrected is not None and corrected.fact_id == answer.fact_id:
                return corrected
        # "Landrieu called the conference a Democratic group. Why?": the sentence is taken as given
        # (one about the reader, "our director is nervous about losing money", claims nothing)
        if _FIRST_PERSON.search(_HEARD.sub("", plain(claim))):
            return None  # (what "I heard that ..." introduces is a claim about the story all the same)
        given = replace(claimed, presupposes=True)
        corrected = self.opposite_claim(given, claim, answer)
        if corrected is None and len(content_stems(claim) & content_stems(told)) >= PREAMBLE_SHARED:
            # "I heard de Blasio said he will go to the meeting. What did he plan to tell him?"; a
            # sentence that shares only a word or two with the answer ("the program she works on has
            # federal money") is the reader's own situation
            corrected = self.negated_fact(given, claim, answer)
        if corrected is not None and corrected.fact_id == answer.fact_id:
            return corrected
        # "McDermott said King County has already lost some federal grants. Which ones did it lose?":
        # the answer (which grants) says nothing of the state the sentence takes as given; the entry
        # that sentence matches may say the opposite ("remain intact")
        return self._preamble_state(question, answer) or self._preamble_tagged(question, answer)

    def _preamble_tagged(self, question: Question, answer: Answer) -> Answer | None:
        """'Seattle got a letter. What did it say?': the sentence before the question, a claim about
        the story, checked as if offered to be confirmed ("Seattle got a letter, right?"): a correction
        of it comes first, with the entry that corrects it. The sentence is read alone (no context of
        its own), so this looks one sentence back and no further."""
        claim = question.context
        if not claim or _ASKING.match(plain(claim)) or _readers_own(claim):
            return None  # a question, or the reader's own situation ("I live in Seattle.")
        offered = read(f"{claim.rstrip(' .!;:')}, right?")
        if offered.context:
            return None
        checked = self.engine.answer_question(offered)
        if checked.premise is None or checked.kind == "not-stated":
            return None  # a word it never uses ("this article seems to be one small part of it") is no claim of it
        return replace(checked, question=answer.question)

    def wrong_title(self, text: str, answer: Answer, named: Named, *, yes_no: bool = False) -> Answer | None:
        """'Chicago Mayor Mitch Landrieu': a title before the name that the role contradicts."""
        for article, person in named:
            wrong = wrong_title(text, person)
            if wrong:
                # asked yes or no ("is durkan the attorney general?"), who they are answers it, not
                # a fact's "yes" to something else
                about = answer.answered and self._names(answer, person) and not yes_no
                base = answer if about else self.engine.who_is_person(text, article, person)
                holder = self._holder(article, person, wrong)
                that_is = f" (that is {holder.name})" if holder is not None else ""
                return replace(
                    base, premise=f"{person.name} is {_as_predicate(person.role)} in the article, not {wrong}{that_is}."
                )
        return None

    def _holder(self, article: Article, person: Person, title: str) -> Person | None:
        """The one other person of the article whose role is the title a reader gave someone
        ("not mayor of seattle": Jenny Durkan)."""
        wanted = content_stems(title)
        # the same office, word for word ("attorney general" of "U.S. Attorney General", whose "U.S."
        # folds to stop words; not "attorney")
        holders = [p for p in article.people if p.id != person.id and wanted and content_stems(p.role) == wanted]
        return holders[0] if len(holders) == 1 else None

    def _names(self, answer: Answer, person: Person) -> bool:
        """Whether an answer is about `person`: their words, or a text that names them."""
        who = self.engine.who_of(answer)
        return (who is not None and who.id == person.id) or fold(person.name.split()[-1]) in fold(told_by(answer))

    def _about_the_person_named(self, text: str, answer: Answer, named: Named) -> Answer:
        """'Why did Landrieu use Twitter to ...': the medium word must not pull the match to
        whoever did tweet; the answer about the person named, whose medium is then checked."""
        who = self.engine.who_of(answer) if answer.answered and answer.kind != "person" else None
        if who is not None and who.id in {p.id for _, p in named}:
            return answer  # already their words ("what did de blasio say at the press conference")
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
        who = self.engine.who_of(answer)
        if medium is None and answer.kind == "person" and who is not None and fold(who.name.split()[-1]) in plain(text):
            # "what did durkan tweet?" of "Durkan ... released a statement saying ..." (the question
            # names her: "which one used twitter, which one was copied?" asks who)
            medium = medium_in_text(told_by(answer))
        if not medium and who is not None and question.asks is not Asks.yes_no and answer.quote is not None:
            # "so mcdermott tweeted that it was a press stunt?": a medium the article never gives
            premise = medium_not_given(who.name, medium_as_asked(text, question.medium))
            return replace(answer, premise=premise) if _claims(question, plain(text)) else None
        if medium == "twitter" == question.medium and self._other_platform(text, answer):
            medium = "twitter-itself"  # "why did he announce it on facebook?" of words the article says he tweeted
        elif not medium or medium == question.medium or medium_of(plain(text).replace(question.medium, "")) == medium:
            return None  # the same medium, or a choice between the two ("aloud or in a statement?")
        if question.asks is Asks.medium and re.search(r"\bor\b", plain(text)):
            return None  # "a speech, a tweet or something else?" offers choices, the answer names the one
        name = who.name if who is not None else (answer.speaker or "That")
        given = MEDIUM_WORDS["twitter" if medium == "twitter-itself" else medium]
        correction = f"{name} said this {given}, not {medium_as_asked(text, question.medium)}."
        # "was that a speech?", "was it in an interview?" ask, they presuppose nothing: a plain no
        if question.asks in (Asks.yes_no, Asks.medium):
            return replace(answer, text=f"No: {correction} {answer.text}".strip())
        return replace(answer, premise=correction)

    @staticmethod
    def _other_platform(text: str, answer: Answer) -> bool:
        """Whether the question names a platform other than Twitter ("on facebook") for words the
        answer says were tweeted, and names no other platform itself."""
        asked = OTHER_PLATFORM.search(plain(text))
        told = plain(f"{told_by(answer)} {answer.extra.get('evidence') or ''}")
        return asked is not None and _TWITTER.search(told) is not None and OTHER_PLATFORM.search(told) is None

    def wrong_number(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why were 32 jurisdictions sent letters?' when the article says 23."""
        if not question.numbers or answer.kind not in _COUNTED_KINDS:
            return None
        told = told_by(answer) if answer.answered else ""
        if not counts(told):
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
        digits = counts(told)
        if asked and not _counts_the_same(text, asked[0], told):
            return None  # "cities in nine states" is no count of the 23 jurisdictions
        if asked and digits and len(asked) == len(question.numbers):
            return replace(answer, premise=f"The article says {digits[0]}, not {asked[0]}.")
        return None

    def wrong_magnitude(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why is the DOJ withholding billions?' when the article says millions."""
        asked = _magnitudes(plain(text))
        if not asked or not answer.answered or answer.kind not in _COUNTED_KINDS:
            return None
        told = told_by(answer)
        given = _magnitudes(plain(told))
        if not given:
            # "two hundred places" when the article counts 23: a count below the order asked
            digits = counts(told)
            said = _MAGNITUDE_PHRASE.search(plain(text))
            if len(set(digits)) == 1 and said and int(digits[0].replace(",", "")) < _ORDERS[said.group("order")]:
                return replace(answer, premise=f"The article says {digits[0]}, not {said.group(0)}.")
            return None
        if set(asked) & set(given):
            return None  # "hundreds of millions" agrees with "millions"
        return replace(answer, premise=f"The article says {given[0]}, not {asked[0]}.")

    def wrong_place(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'What are the lawsuits pending in Chicago and Seattle about?' when the article says
        Chicago and Philadelphia: asked without its places, the fact that answers it gives other
        places after the same preposition ("pending in ..."); they correct the ones it lacks."""
        asked = places_in(text)
        if not asked or (answer.answered and answer.kind == "fact" and _names_all(told_by(answer), asked)):
            return None
        folded = plain(text)
        before = re.search(rf"\b(in|at|from|to|of|for|against|by)\s+(?:the )?{re.escape(fold(asked[0]))}\b", folded)
        if before is None:
            return None
        stripped = folded
        for place in asked:
            stripped = re.sub(rf"\b{re.escape(fold(place))}\b", " ", stripped)
        stripped = re.sub(r"\b(?:and|or)\s+(?=\W*$|\s*(?:about|what|why|how|\?))", " ", stripped)
        found = self._best_fact(stripped, answer.question)
        if found is None:
            return None
        told = told_by(found)
        missing = [capitalised(p) for p in asked if not _names_all(told, [p])]
        given = [p for p in places_in(told) if not _names_all(text, [p])]
        after = rf"\b{before.group(1)}\s+[^.;]{{0,40}}?\b(?:{'|'.join(re.escape(g) for g in given)})\b"
        if not missing or not given or re.search(after, told, re.IGNORECASE) is None:
            return None
        kinds = {place_kind(p) for p in missing}
        # Texas is set beside the states the fact names, not beside "King County also got one".
        given = [p for p in given if place_kind(p) in kinds]
        if len(kinds) > 1 or not given:
            return None  # "the lawsuits in Illinois" of one in Chicago: a state may hold the city
        correction = f"The article names {joined(given)}, not {joined(missing)}."
        if question.asks is Asks.yes_no:  # "are lawsuits pending in Seattle?" asks; it presupposes nothing
            return replace(found, question=answer.question, text=f"{correction} {found.text}")
        return replace(found, question=answer.question, premise=correction)

    def unreported_outcome(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why did Trump cancel his meeting with the mayors?', 'did trump cancel it?': an event
        called off, put off or moved, in words the article never uses: it doesn't say so. Taken as
        given, it is corrected with the closest fact; asked, the reply says so, as an abstention."""
        folded = plain(text)
        outcome = _OUTCOME.search(folded)
        if outcome is None or _MAYBE.search(folded):
            return None
        curated = self.engine.facts.get(answer.fact_id) if answer.fact_id else None
        if curated is not None and curated[1].not_in_article:
            return None  # a curator's "the article doesn't say" comes first
        verb = outcome.group("verb")
        said, checked = _OUTCOME_SAID[next(k for k in _OUTCOME_SAID if verb.startswith(k))]
        if checked & self.engine.told_words:
            return None  # the article says it of something: the usual checks read the rest
        event = _EVENT_NOUN.search(folded, outcome.end())
        what = f"the {event.group()}" if event is not None else "it"
        missing = f"The article doesn't say {what} was {said}."
        kept = f"{folded[: outcome.start()]} {folded[outcome.end() :]}"
        found = self._best_fact(kept, answer.question) or (answer if answer.answered else None)
        if question.asks is Asks.yes_no and not _claims(question, folded):
            if found is None:
                return None
            return not_stated(
                found, question=answer.question, text=f"{missing} The closest thing it says: {found.text}"
            )
        if not _claims(question, folded) or found is None:
            return None
        return replace(found, question=answer.question, premise=missing)

    def wrong_venue(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why did the mayors boycott their meeting with Sessions at the Justice Department?' when
        the article puts the meeting at the White House: asked without the venue, the question
        finds a fact that puts the same event at another place it names, and never this one."""
        asked = _AT_VENUE.search(text)
        if asked is None or not _claims(question, plain(text)):
            return None
        venue = asked.group("venue").strip()
        kept = f"{text[: asked.start('at')]} {text[asked.end() :]}"
        found = self._best_fact(kept, answer.question)
        if found is None or found.fact_id is None:
            return None
        evidence = self.engine.facts[found.fact_id][1].evidence.text
        event = asked.group("event").casefold()
        told = next((m for m in _AT_VENUE.finditer(evidence) if m.group("event").casefold() == event), None)
        if told is None or fold(venue) in fold(evidence):
            return None
        there = told.group("venue").strip()
        return replace(found, premise=f"The article says the {event} was at the {there}, not the {venue}.")

    @functools.cached_property
    def organisations(self) -> list[Organisation]:
        """The organisations the fact base's facts name (answers and evidence)."""
        texts = " \n ".join(f"{f.answer} \n {f.evidence.text}" for _, f in self.engine.kb.facts)
        return organisations_in(texts)

    def wrong_organisation(self, text: str, answer: Answer) -> Answer | None:
        """'Why did the Department of Homeland Security send these letters?' when the article
        says the Justice Department sent them: asked without the organisation, the question finds
        another fact, which names one other body of the same kind (a department) and not this one."""
        asked = [o for o in self.organisations if names_organisation(text, o)]
        if len(asked) != 1:
            return None
        named = asked[0]
        said = tokens(spelled_out(plain(text)))
        if any(stem(t) in TITLES and stem(t) not in named.marks for t in said):
            return None  # "the homeland security secretary": someone of it, not what it did
        kept = [t for t in said if stem(t) not in named.marks and t != named.head]
        for found in self._matching_facts(" ".join(kept), answer.question, CLOSE_FACTS):
            if found.fact_id == answer.fact_id:
                return None  # the same fact with and without it: the organisation is not what is wrong
            told = told_by(found)
            if names_organisation(told, named):
                return None
            others = [o for o in organisations_in(told) if o.head == named.head]
            if len(others) == 1:
                correction = f"The article says the {others[0].name}, not the {named.name}."
                return replace(found, question=answer.question, premise=correction)
            # "... send the letters to the 23 jurisdictions?": the closest fact (how many got
            # them) names no body of the kind; the next close one may say who sent them
        return None

    def _matching_facts(self, text: str, question: str, limit: int = BEST_FACTS) -> Iterator[Answer]:
        """The facts (not curators' "not in the article" entries) among the `limit` best that match
        `text` closely, best first, each made into an answer only when it is asked for."""
        query = self.engine.index.query(text)
        for scored in self.engine.index.rank(query, limit=limit, kinds=FACTS_ONLY):
            fact = scored.entry.record
            if scored.score < PLACE_CONFIDENCE:
                return
            if isinstance(fact, Fact) and not fact.not_in_article:
                yield fact_answer(self.engine, question, scored.entry.article, fact, scored.score)

    def _best_fact(self, text: str, question: str) -> Answer | None:
        """The fact (not a curator's "not in the article" entry) that matches `text` closely."""
        return next(self._matching_facts(text, question), None)

    def _magnitude_unmatched(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why were letters sent to two hundred places?': asked without the order it gets wrong."""
        folded = plain(text)
        said = _MAGNITUDE_PHRASE.search(folded)
        if said is None:
            return None
        rest = f"how many {folded[: said.start()]} {folded[said.end() :]}"
        found = self.engine.general(rest)
        if not found.answered or found.kind != "fact":
            return None
        corrected = self.wrong_magnitude(question, text, found)
        return replace(corrected, question=answer.question) if corrected is not None else None

    def given_clause(self, text: str, answer: Answer) -> Answer | None:
        """'Since Seattle got a letter, how is it responding?' when the article says it didn't:
        the clause a question takes as given, checked as a claim of its own."""
        match = _GIVEN.match(fold(text).strip()) or _GIVEN_SO.match(fold(text).strip())
        clause = plain(match.group("clause")) if match else ""
        if not clause or is_negated(clause) or _MAYBE.search(clause):
            return None
        found = self.engine.general(clause)
        counted = self._claimed_number(clause, found)  # "When 32 jurisdictions got letters, what did ...?"
        if counted is not None:
            return replace(counted, question=answer.question)
        if not found.answered or found.kind != "fact":
            return None
        asked = {stem(t) for t in tokens(clause) if t not in STOPWORDS}
        # A word the fact also says without a "not", with more of what is asked, is no
        # contradiction: "since Durkan was copied on the letter" is not denied by "Seattle did
        # not receive a letter" (she was copied on the letter), nor "because the letters
        # threatened subpoenas" by "it does not report any subpoena actually issued".
        negated = denied(told_by(found), asked)
        if not negated:
            return None
        return replace(found, question=answer.question, premise=_otherwise(_shown(found, negated), negated, found))

    def wrong_recipient(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Sanders told the mayors to take their complaints to the courts, correct?': a claim sending
        something to (or taking it up with) a body the answer never names, where the answer names
        another in that place ("talk to the Congress")."""
        folded = plain(text)
        if not answer.answered or answer.kind not in ("fact", "quote", "quotes") or not _claims(question, folded):
            return None
        told = told_by(answer)
        told_stems = content_stems(told)
        asked = [
            (m.group("prep"), m.group("noun"))
            for m in _TO_THE.finditer(folded)
            if m.group("noun") not in STOPWORDS and stem(m.group("noun")) not in told_stems
        ]
        if len(asked) != 1:
            return None
        prep, noun = asked[0]
        # "with the supreme court": the words after the noun that the answer doesn't have either
        after = folded.split(f"{prep} the {noun}", 1)[1].split()
        for word in after[:2]:
            if word in STOPWORDS or word in _TAG_WORDS or stem(word) in told_stems:
                break
            noun = f"{noun} {word}"
        question_stems = content_stems(folded)
        given = [
            m.group("noun")
            for m in _TOLD_TO.finditer(told)
            if (m.group("prep").lower() == prep or _TAKE_IT_UP.search(folded) is not None)
            and stem(m.group("noun").lower()) not in question_stems
            and (m.group("noun")[0].isupper() or m.group("the"))
            and m.group("noun").lower() not in STOPWORDS
        ]
        if not given:
            return None
        return replace(answer, premise=f"The article says {given[0]}, not the {noun}.")

    def negated_fact(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why does the county ask ...?' when the article says it doesn't."""
        # "why did seattle get a letter but king county didn't": the presupposed clause is the first.
        presupposed = re.split(r"\bbut\b|,|;", text, maxsplit=1)[0]
        if not _claims(question, plain(text)) or is_negated(presupposed) or answer.kind not in ("fact", "person"):
            return None
        # "so de blasio said he will go to the meeting?": what someone said they will do is a claim
        # of their words, not a risk
        reported = _REPORTED_FUTURE.sub(" ", plain(presupposed))
        if _MAYBE.search(reported):
            return None  # "so officials threatened to issue subpoenas?" is not denied by "no subpoena issued"
        asked_stems = {stem(t) for t in tokens(presupposed) if t not in STOPWORDS or stem(t) in STATE_WORDS}
        if _GOING_TO.search(plain(presupposed)):
            asked_stems.add(stem("attend"))  # going to a meeting is attending it
        told = told_by(answer)
        negated = denied(told, asked_stems)
        if not negated or opposite_states(asked_stems, negated_stems(told)):
            return None  # "opposes sanctuary cities" is what "doesn't support sanctuary cities" says
        return replace(answer, premise=_otherwise(_shown(answer, negated), negated, answer))

    def other_topic(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'The meeting was gonna be about tax reform, right?' when the entry that gives what it
        was about never names tax reform: said so, then what the article does give."""
        # "The mayors were going to discuss tax reform with Trump; why did they call it off?": in any clause
        asked, folded = next(
            ((m, f) for f in map(plain, _CLAUSE_BREAK.split(text)) if (m := _TOPIC.search(f)) is not None),
            (None, plain(text)),
        )
        if asked is None or not (_claims(question, plain(text)) or question.asks is Asks.yes_no):
            return None
        if _about_words(text):
            return None  # "did trump say anything about the boycott?": whose words, not a topic's name
        topic = [w for w in asked.group("topic").split() if w not in STOPWORDS and w not in _TAG_WORDS]
        if not topic:
            return None
        what = f"{folded[: asked.start()]} {asked.group('verb')} what"
        found = self.engine.general(what)
        if not found.answered or found.kind != "fact":
            return None
        # The entry that gives topics, first among those close to the question ("why were mayors
        # boycotting a meeting that was about ...?" matches the boycott's reasons first); what its
        # sentences that give them name ("to discuss infrastructure, drug addiction and other topics"),
        # not the rest of the entry ("... cities that won't help enforce immigration laws").
        for candidate in (found, *self._close_facts(what, found)):
            given = [sentence for sentence in sentences_of(told_by(candidate)) if _GIVES_TOPICS.search(sentence)]
            if given:
                found = candidate
                break
        if not given or {stem(w) for w in topic} & content_stems(" ".join(given)):
            return None
        said = f"The article doesn't say it was about {' '.join(topic)}."
        if question.asks is Asks.yes_no:  # asked, not presupposed: said in the reply itself
            return not_stated(found, question=answer.question, text=f"{said} The closest thing it says: {found.text}")
        return replace(found, question=answer.question, premise=said)

    def opposite_claim(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'Why did McDermott say the county's grants had been frozen?', 'so she said the fight is
        over?': a claim taken as given (or offered to be confirmed) with a word whose opposite the
        answer says, and not the word itself ("remain intact", "continues")."""
        folded = plain(text)
        if answer.kind not in ("fact", "person") or not _claims(question, folded):
            return None
        if _MAYBE.search(folded):
            return None  # "so the county could lose its grants?" claims a risk, which no state denies
        # A word the question itself denies ("why the mayors not attend?") is no claim of it.
        claimed = _state_stems(text) - negated_stems(folded)
        if _GOING_TO.search(folded) and not is_negated(folded):
            claimed.add(stem("attend"))  # "why did the mayors still go to the meeting?"
        if not claimed & STATE_WORDS:
            return None  # no word of a state: nothing to say the opposite of (and no ranking spent)
        if opposite_states(claimed, negated_stems(told_by(answer))):
            return None  # "opposes" of an answer that says "doesn't support": it agrees
        # The answer, else an entry close to the question that says the opposite ("boycott").
        for found in (answer, *self._close_facts(text, answer)):
            told = told_by(found)
            # A word said with a "not" anywhere ("no money lost", "doesn't support") is not told:
            # "doesn't support" agrees with "opposes".
            said = content_stems(told) - negated_stems(told)
            opposite = opposite_states(claimed, said)
            if opposite and opposite <= _NONPARTISAN and not _GROUP_NOUN.search(folded):
                continue  # "bipartisan" says what an organisation is: "a democratic mayor" is about a person
            if opposite:
                premise = _otherwise(_shown(found, opposite), opposite, found)
                asked_stem, told_stem = state_pairs(claimed, said)[0]
                asked_word, told_word = _surface(folded, asked_stem), _surface(told, told_stem)
                if asked_word and told_word:  # "The article says bipartisan, not democratic: ..."
                    premise = premise.replace(
                        "The article says otherwise", f"The article says {told_word}, not {asked_word}"
                    )
                return replace(found, question=answer.question, premise=premise)
        return None

    def reversed_claim(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'I read that Durkan said Trump will win the legal fight', 'why did Sanders say the White
        House refuses to work with the mayors?': a claim taken as given whose word the answer (or an
        entry close to the question) says the opposite of, in the same frame ("Trump will lose")."""
        if answer.kind not in ("fact", "person", "quote", "quotes"):
            return None
        # the question's clause when it takes it as given; a statement before it ("I read that ...")
        claims = [text] if _claims(question, plain(text)) else []
        if question.context and _ASKING.match(plain(question.context)) is None:
            claims.append(question.context)
        if not claims:
            return None
        for found in (answer, *self._close_facts(text, answer)):
            told = told_by(found)
            word = next((w for w in (framed_opposite(c, told) for c in claims) if w is not None), None)
            if word is not None:
                premise = _otherwise(_shown(found, {stem(word)}), {stem(word)}, found)
                return replace(found, question=answer.question, premise=premise)
        return None

    def other_threat(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'so the DOJ is threatening to arrest officials?' when the answer says it threatened to
        issue subpoenas: a threat (or plan) the question takes as given, which the answer gives as
        another, and whose verb the article never uses (nor the answer a synonym of it)."""
        folded = plain(text)
        asked = _MAYBE_VERB.search(folded)
        if answer.kind != "fact" or asked is None or not _claims(question, folded):
            return None
        verb = stem(asked.group("verb"))
        if verb in self.engine.told_words:
            return None  # a verb the article uses ("withhold" of "deny"): maybe said elsewhere
        told = told_by(answer)
        synonyms = {stem(w) for w in (*SYNONYMS.get(asked.group("verb"), ()), *lexicon().get(verb, ()))}
        threatened = content_stems(" ".join(folded[asked.end() :].split()[:4]))
        if synonyms & content_stems(told) or (threatened and threatened <= content_stems(told)):
            # the same threat in the answer's words ("cut off grant money" of "deny ... grant money"),
            # or of the same thing ("pull federal grants"): a reader's other verb, no other threat
            return None
        given = [m for m in _MAYBE_VERB.finditer(fold(told)) if stem(m.group("verb")) != verb]
        if not given:
            return None
        threat = " ".join(folded[asked.start() :].split()[:5])
        sentence = sentence_with(told, {stem(given[0].group("verb"))})
        return replace(answer, premise=f'The article doesn\'t say "{threat}". It says: {sentence}')

    def only_threatened(self, question: Question, text: str, answer: Answer) -> Answer | None:
        """'so the DOJ subpoenaed the county?' when the article says it threatened to: a claim that
        something happened, which the answer gives only as threatened, planned or possible."""
        folded = plain(text)
        if answer.kind != "fact" or _MAYBE.search(folded) or not _claims(question, folded):
            return None
        claimed = {stem(t) for t in tokens(folded) if t not in STOPWORDS}
        told = fold(told_by(answer))
        maybe = {stem(m.group("verb")) for m in _MAYBE_VERB.finditer(told)}
        said_plainly = {stem(t) for t in tokens(_MAYBE_VERB.sub(" ", told)) if t not in STOPWORDS}
        only = (claimed & maybe) - said_plainly
        if not only:
            return None
        sentence = sentence_with(answer.text, only)
        if sentence.strip() == answer.text.strip():
            return replace(answer, premise="The article gives that only as a threat or a possibility, as follows.")
        return replace(answer, premise=f"The article gives that only as a threat or a possibility: {sentence}")

    def _close_facts(self, text: str, answer: Answer) -> list[Answer]:
        """The facts other than the answer's that match `text` nearly as well (within CLOSE_MARGIN).
        The last call's result is kept: the checks of one premise ask it again of the same text
        (`opposite_claim`, then `reversed_claim`), and one ranking serves both."""
        key = (text, answer.fact_id, answer.confidence, answer.question)  # one engine, one index
        last = self._last_close  # one read: answering threads may share the engine
        if last is not None and last[0] == key:
            return last[1]
        found = self._rank_close_facts(text, answer)
        self._last_close = (key, found)
        return found

    def _rank_close_facts(self, text: str, answer: Answer) -> list[Answer]:
        found = []
        for scored in self.engine.index.rank(self.engine.index.query(text), limit=CLOSE_RANKED, kinds=FACTS_ONLY):
            fact = scored.entry.record
            if scored.score < answer.confidence - CLOSE_MARGIN:
                break
            if isinstance(fact, Fact) and fact.id != answer.fact_id and not fact.not_in_article:
                found.append(fact_answer(self.engine, answer.question, scored.entry.article, fact, scored.score))
        return found

    def wrong_speaker(self, text: str, answer: Answer, named: Named, presupposes: bool) -> Answer | None:
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
        if not _about_words(text):
            return None  # "did sessions meet with the mayors": not about anyone's words
        stripped = _without_names(text, named)
        if quoted_fragment(text) is None and not _says_what(stripped):
            return None  # "did trump say anything?": no words to be someone else's
        topic = _SAY_ABOUT.search(plain(stripped))
        if quoted_fragment(text) is None and topic and len(content_stems(topic.group("topic"))) <= TOPIC_WORDS:
            return None  # "what did de blasio say about the justice department?" names a topic, not words
        found = self._whose_words(text, answer, stripped)
        who = self.engine.who_of(found) if found is not None else None
        if found is not None and who is None:
            # Only a question that takes the claim as the person's ("why did Sessions say ...").
            return self._a_groups_claim(text, found, named) if presupposes else None
        if found is None or who is None or who.id in named_ids:
            return None
        claimed = _claimed_speaker(text, named)
        if claimed is None:
            return None
        surname = re.escape(fold(claimed.name.split()[-1]))
        words = found.quote.text if found.kind == "quote" and found.quote is not None else told_by(found)
        if re.search(rf"\b{surname}\b(?!'s)", fold(words)):  # the speaker's role naming them is not
            return None  # the answer is about the person named as the speaker too ("Trump's spokeswoman" is not)
        if self._own_words_close(stripped, named_ids, found.confidence):
            return None  # "what did Durkan say about the fight for the people": she said something of it too
        wrong = claimed.name
        return replace(found, question=answer.question, premise=f"It was {who.name}, not {wrong}, who said that.")

    def _own_words_close(self, stripped: str, named_ids: set[str], confidence: float) -> bool:
        """Whether a quote or claim of a person the question names matches its words nearly as
        well as the other person's (within OWN_WORDS_MARGIN): the words are then theirs too."""
        query = self.engine.index.query(stripped)
        ranked = self.engine.index.rank(query, limit=OWN_WORDS_RANKED, kinds=SAID_KINDS)
        best = max(confidence, ranked[0].score) if ranked else confidence  # the other person's, in this ranking
        for scored in ranked:
            if scored.score < best - OWN_WORDS_MARGIN:
                break
            speaker = speaker_of(self.engine, scored)
            if speaker is not None and speaker.id in named_ids:
                return True
        return False

    def _a_groups_claim(self, text: str, found: Answer, named: Named) -> Answer | None:
        """'Why did Sessions say sanctuary cities improve public safety?' when the article gives
        that as what defenders of sanctuary-city practices say: the group, not the person named."""
        record = self.engine.facts.get(found.fact_id or "")
        if record is None:
            return None
        article, fact = record
        group = fact.attributed_to
        if group == ARTICLE_ATTRIBUTION or self.engine.person(article.id, group) is not None or fact.not_in_article:
            return None
        claimed = _claimed_speaker(text, named)
        if claimed is None:
            return None
        return replace(found, premise=f"The article gives that as what {group} say, not {claimed.name}.")

    def _whose_words(self, text: str, answer: Answer, stripped: str) -> Answer | None:
        """The answer that settles whose the words are: the quote lookup's, when the words
        are a quote, else a claim attributed to someone and matched closely. `stripped`: the
        question without the names it gives."""
        quoted = quoted_fragment(text) is not None
        fragment = quoted_fragment(text) or stripped
        said = self.engine.who_said(fragment, mode="ask", question=answer.question)
        general = answer if answer.answered else self.engine.general(stripped)
        settled = quoted or self._agree(general, said) or said.confidence >= QUOTE_CONFIDENCE
        if said.answered and said.kind == "quote" and settled:
            # The words are a quote, and whose it is is settled by the quote lookup (with the
            # general match naming the same person, or the words matching it closely).
            return said
        if quoted:
            return None
        candidate = general if general.kind == "fact" else self.engine.general(stripped)
        if candidate.answered and candidate.kind == "fact" and candidate.confidence >= SPEAKER_CONFIDENCE:
            return candidate  # a claim attributed to someone, matched closely
        return None

    def _agree(self, general: Answer, said: Answer) -> bool:
        """Whether the general match gives the words of the speaker the quote lookup found."""
        if general.kind not in _WORDS_KINDS or said.quote is None:
            return False
        who = self.engine.who_of(general)
        return who is not None and who.id == said.quote.speaker_id


def _counts_the_same(text: str, number: str, told: str) -> bool:
    """Whether the question's number can be compared with the answer's count: not when it counts
    states or countries ("cities in nine states") and the answer counts none (it counts the 23
    jurisdictions); a number of anything else is taken to count what the answer counts."""
    counted = re.search(rf"\b{re.escape(number)}\s+(?P<words>[a-z-]+(?:\s+[a-z-]+)?)", plain(text))
    nouns = [w for w in counted.group("words").split() if w not in STOPWORDS] if counted else []
    if not nouns:
        return True
    if stem(nouns[0]) in _REGION_NOUNS:
        # "cities in nine states": states are counted only where the answer counts them
        return re.search(rf"\b\d[\d,]*\s+(?:[a-z-]+\s+)?{re.escape(nouns[0])}", plain(told)) is not None
    return True


_DETERMINED = re.compile(r"^(?:the|a|an|his|her|its|their|one|\d)\b", re.IGNORECASE)


def _as_predicate(role: str) -> str:
    """A role after "is": "the Metropolitan King County Council Chairman", "a labor nurse" as is."""
    return role if _DETERMINED.match(role) else f"the {role}"


def _surface(text: str, wanted: str) -> str | None:
    """The word of `text` whose stem is `wanted`, as written (lower case)."""
    return next((t for t in tokens(text) if stem(t) == wanted), None)


def _shown(answer: Answer, stems: set[str]) -> str:
    """Where the sentence saying `stems` is: the answer's text, else its evidence too."""
    return answer.text if stems & content_stems(answer.text) else told_by(answer)


def _otherwise(text: str, negated: set[str], answer: Answer | None = None) -> str:
    """The correction of a claim the answer's `text` denies: the sentence that denies it, or,
    when that sentence is the whole answer shown below, the words of the answer's quote that
    deny it, else no second copy of it."""
    sentence = sentence_with(text, negated)
    if sentence.strip() != text.strip():
        return f"The article says otherwise: {sentence}"
    quote = answer.quote if answer is not None else None
    if quote is not None and negated <= content_stems(quote.text) and _NOT_WORD.search(fold(quote.text)):
        return f"The article says otherwise: {quote.speaker}'s words are “{quote.text.strip()}”"
    return "The article says otherwise, as follows."


_NOT_WORD = re.compile(r"\b(?:not|no|never|doesn[’']?t|don[’']?t|didn[’']?t|isn[’']?t|won[’']?t|can[’']?t|cannot)\b")


# "..., right?": a statement offered to be confirmed by a tag after it.
_TAGGED = re.compile(r",?\s*(?:right|correct|true|yes|no|isn['’]?t (?:he|she|it))\s*\?*\s*$", re.IGNORECASE)
# "its president is the mayor of chicago, right?": an office said of someone described, not named
_DESCRIBED_IS = re.compile(
    r"^(?:(?:so|and|but|wait|ok) )*(?:the|its|their|his|her) .+? (?:is|was) (?P<office>(?:a|an|the) .+?)"
    r"(?: right| correct| yes| no| true)?$"
)
# "so the county lost its grants?": a statement offered to be confirmed (not "so what did ...").
_CHECKING = re.compile(
    r"^(?:(?:lol|lmao|haha|omg|wow|hmm|um|ok|okay|wait|yeah|yea) )*(?:(?:so|and so|and|but) )"
    r"(?!(?:what|whats|why|how|who|whos|when|where|which|did|does|do|is|was|are|were|can|could|will|would|has|have|had)\b)"
)


# An event's outcome a reader may take as given, and how the reply says it.
_OUTCOME = re.compile(r"\b(?P<verb>cancel\w*|call(?:ed|s|ing)? (?:it |the \w+ )?off|postpon\w*|reschedul\w*|scrap\w*)")
_OUTCOME_SAID = {  # the reply's words, and the stems the article would use for it
    "cancel": ("cancelled", frozenset({"cancel"})),
    "call": ("called off", frozenset({"cancel"})),
    "postpon": ("postponed", frozenset({"postpon", "delay"})),
    "reschedul": ("rescheduled", frozenset({"reschedul", "postpon"})),
    "scrap": ("scrapped", frozenset({"scrap", "cancel"})),
}
# An event and the place it is held, as printed: "meeting ... at the White House".
_AT_VENUE = re.compile(
    r"\b(?P<event>meeting|summit|hearing|rally|talks|conference)\b[^.?!]{0,60}?(?P<at>\b(?:at|in) the "
    r"(?P<venue>(?:[A-Z][\w.’'&-]*\s?){1,4}))"
)
_EVENT_NOUN = re.compile(r"\b(?:meeting|summit|visit|talks|hearing|vote|event|conference call|trip|speech)\b")


def _readers_own(claim: str) -> bool:
    """Whether a sentence before the question tells the reader's own situation ("our county lost
    its grants last year", "I live in Seattle"), not a claim about the story: first person once
    "I heard that" and "my neighbour told me" are set aside."""
    return _FIRST_PERSON.search(_TOLD.sub("", _HEARD.sub("", plain(claim)))) is not None


def _claims(question: Question, folded: str) -> bool:
    """Whether a question takes its clause as given ("why did ...", "..., right?") or offers it to
    be confirmed ("so the white house supports ...?"): a claim the checks may correct."""
    return question.presupposes or _CHECKING.match(folded) is not None


# A claim of what may happen, not of how things are ("could lose", "if it doesn't comply").
_MAYBE = re.compile(
    r"\b(?:could|might|may|would|will|if|unless|whether|wants? to|threaten\w*|risks?|likely|possibly|going to)\b"
)
# What an entry gives as only threatened, planned or possible: "threatened to subpoena".
_MAYBE_VERB = re.compile(
    r"\b(?:threaten(?:s|ed|ing)? to|could|might|plans? to|planned to|wants? to|proposed to|is expected to|"
    r"are expected to)\s+(?:be\s+)?(?P<verb>[a-z]+)"  # not "would": "said they would boycott" is reported
)
# "to the courts", "take it up with the courts": where a claim sends something (after "the", so a verb
# after "to" is never taken for it); and in the answer, the name or noun in that place ("to Congress").
# "take it up with the courts" sends a complaint where "talk to Congress" does.
_TAKE_IT_UP = re.compile(r"\b(?:take|took|taking|takes) (?:it|this|that|them|their \w+) up with\b")
_TO_THE = re.compile(r"\b(?P<prep>to|with) the (?P<noun>[a-z]+)\b")
_TOLD_TO = re.compile(r"\b(?P<prep>[Tt]o|[Ww]ith) (?P<the>the )?(?P<noun>[A-Z][a-z]+|[a-z]+)\b")
PREAMBLE_SHARED = 4  # content words a sentence before the question shares with the answer, to be checked for a "not"
_HEARD = re.compile(r"^(?:i|we) (?:heard|read|saw|was told|were told|think|thought|believe|understand)(?: that)? ")
# Who told the reader a claim about the story ("my neighbour told me", "people say that").
_TOLD = re.compile(
    r"^(?:(?:my|our|a) \w+ (?:told (?:me|us)|says|said)"
    r"|(?:someone|somebody|people|everyone) (?:told (?:me|us)|say|says|said))(?: that)? "
)
# "said he will", "said they would": a report of someone's words about what they will do.
_REPORTED_FUTURE = re.compile(
    r"\b(?:said|says|told \w+|announced|tweeted|wrote) (?:that )?(?:he|she|they|it|we|i) (?:will|would)\b|"
    # "concede that the move would make New York safer": what they granted, a claim of their words
    r"\b(?:concede|conceded|concedes|admit|admitted|admits|agree|agreed|agrees|acknowledge|acknowledged|"
    r"acknowledges|claim|claimed|claims|insist|insisted|insists|argue|argued|argues) (?:that )?(?:[\w’'-]+ ){1,5}?"
    r"(?:will|would)\b"
)
# Going to an event is attending it ("still went to the meeting").
_GOING_TO = re.compile(
    r"\b(?:go|goes|went|going|gone|show up|showed up|turn up|turned up) (?:to|at) the (?:\w+ ){0,3}?"
    r"(?:meeting|event|white house)\b"
)
# "... was about tax reform", "to discuss healthcare": the topic a question gives something.
_TOPIC = re.compile(
    r"\b(?P<verb>about|abt|discuss|discussing|to talk about)\s+(?P<topic>[a-z-]+(?: [a-z-]+){0,3}?)"
    r"(?:\s+(?:with|at|in) [a-z ]{1,30})?$"  # "... discuss healthcare with trump"
)
_TAG_WORDS = frozenset(words("right correct yes true then"))
_GIVES_TOPICS = re.compile(r"\b(?:discuss|discussed|discussing|about|topics?|agenda|talk about)\b", re.IGNORECASE)
# "Since / now that <clause>, <question>": the clause is taken as given.
_GIVEN = re.compile(
    # "when seattle got its letter, how did ...?" ("when did ..." asks a time)
    r"^(?:since|now that|given that|seeing that|seeing as|considering that|because|"
    r"(?:when|after|once)(?!\s+(?:did|does|do|was|were|is|are|will|would|has|have|had|can|could)\b))\s+"
    r"(?P<clause>[^,;]{8,}?)\s*(?:[,;.].*)?$"
)
# "King County asks everyone about their status, so why won't it pass that on?"
# "Sanders said the White House supports sanctuary cities -- what did she mean by that?"
_GIVEN_SO = re.compile(
    r"^(?P<clause>[^,;?—–]{8,}?)(?:,?\s+(?:so|then|and so)|\s*(?:—|–|--)\s*(?:so |and |then )?)\s*"
    r"(?:why|how|what|whats|when|who|which)\b"
)
_MAGNITUDE = re.compile(r"\b(hundred|thousand|million|billion|trillion)s?\b")
_ORDERS = {"hundred": 100, "thousand": 1_000, "million": 10**6, "billion": 10**9, "trillion": 10**12}
_MAGNITUDE_PHRASE = re.compile(
    r"(?:\b(?:a|one|two|three|four|five|several|many|\d+) )?\b(?P<order>hundred|thousand|million|billion|trillion)s?\b"
)


def _magnitudes(text: str) -> list[str]:
    """The orders of magnitude a text names, as plurals ("millions of dollars" -> ["millions"])."""
    return [f"{m}s" for m in dict.fromkeys(_MAGNITUDE.findall(text))]


# Words that say nothing of what was said: "did trump personally say anything?"
_VAGUE = frozenset(
    words(
        "anything something everything nothing stuff things thing personally ever really actually directly "
        "publicly himself herself themselves at all about it this that say says said saying tell told comment "
        "comments commented speak spoke talk talked"
    )
)


def _says_what(stripped: str) -> bool:
    """Whether a question, without its names, still says what was said (a content word)."""
    return any(t not in STOPWORDS and t not in _VAGUE for t in tokens(stripped))


# "how much did X lose", "when did the grants get frozen": a question about an event, which it takes as given
_ASKS_ABOUT_EVENT = re.compile(
    r"^(?:(?:so|and|but|ok) )*(?:how much|how many|when|where|what|which|who|how) (?:\w+ ){0,3}?"
    r"(?:did|does|do|has|have|had|was|were|got|get)\b"
)


def _state_stems(text: str) -> set[str]:
    """The stems a claim says something with: its content words and words of a state, not the
    places it names ("los angeles" is no loss) nor "end up" ("how did she end up seeing it")."""
    for place in places_in(text):
        text = text.replace(place, " ")
    folded = plain(_END_UP.sub(" ", text))
    return {stem(t) for t in tokens(folded) if t not in STOPWORDS or stem(t) in STATE_WORDS}


# A sentence that asks ("which one used twitter?" before a follow-up) claims nothing.
_ASKING = re.compile(
    r"^(?:(?:so|and|but|ok) )*(?:who|what|whats|which|when|where|why|how|did|does|do|is|was|were|are)\b"
)
# A sentence before the question that gives an event its topic ("the mayors were meeting trump about
# healthcare"), not a reader's own ("i hear about mayors a lot").
_EVENT_TOPIC = re.compile(
    r"^(?!(?:who|what|whats|which|when|where|why|how|did|does|do|is|was)\b).*\b(?:"
    r"(?:meet|meets|meeting|met|agenda|summit|session)\b.*\b(?:about|abt)|discuss\w*|talk(?:s|ed|ing)? about)\b"
)
_CLAUSE_BREAK = re.compile(r"[;:?!]|,\s+(?=(?:so |and |but )?(?:why|how|what|when|who|which)\b)|\s[—–]\s")
_TWITTER = re.compile(r"\b(?:twitter|tweet|tweeted|tweets)\b")
_END_UP = re.compile(r"\b(?:end|ends|ended|ending) up\b", re.IGNORECASE)
STATE_FLOOR = 0.4  # an unanswered question's entries checked for the opposite state must match this well
UNSAID_WORDS = 2  # a claim with more words the article never uses is not one substitution
PLACE_CONFIDENCE = 0.4  # the question without its places must match the fact this well
CLOSE_FACTS = 6  # facts looked through for the one that names the body a question gets wrong


def capitalised(place: str) -> str:
    """A place as a name is written ("new york" -> "New York")."""
    return place.title() if place.islower() else place


def _names_all(text: str, places: list[str]) -> bool:
    folded = fold(text)
    return all(re.search(rf"\b{re.escape(fold(p))}\b", folded) for p in places)
