"""The people an article names: who they are, their roles, every mention, and whom a he or she refers to."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from ..records import slug
from ._lexicon import (
    FEMALE_CUES,
    INVERTED_VERBS,
    MALE_CUES,
    MODIFIER_FOLLOW,
    NON_NAME,
    ORG_HEADS,
    ORG_WORDS,
    PRONOUNS,
    ROLE_NOUNS,
    SURNAME_LIKE,
    TOKEN,
)
from ._names import CapSpan, Draftee, Mention, cap_spans, is_name, surname_of, title_split
from ._paragraphs import LOOKBACK, Para, Sentence
from ._roles import AGE, role_of

ORGANISATION_ROLE = "an organisation named in the article"
# What an article calls an organisation by the last word of its name ("Cascade Valley Transit": "the agency").
_CALLED = {
    "agency": frozenset(
        ["Transit", "Authority", "Agency", "Administration", "Commission", "Department", "Bureau", "Service"]
    ),
    "university": frozenset(["University", "College"]),
}
_NAME_GOES_ON = re.compile(r"\s+(?P<link>for|of|on)\s+(?P<more>(?:[A-Z][\w’'-]*)(?:\s+[A-Z][\w’'-]*)*)")
PRONOUN_WINDOW = 1  # paragraphs back that a he/she may reach for its antecedent (this one or the one before)


_PLACE_OF = re.compile(
    r"\b(?:town|city|village|county|state|township|borough|province|region|district|suburb|hamlet) of\s+$",
    re.IGNORECASE,
)
_ROLE_WORD = "(?:" + "|".join(sorted(ROLE_NOUNS)) + ")"
_ROLE_RIGHT_BEFORE = re.compile(rf"\b{_ROLE_WORD}\s+$")  # "Norvane spokesman " before "Park Ji-ho"
# A run followed by a role word and a capitalised name: "Harbor Freight manager Ken Lowe".
_HOLDS_OFFICE = re.compile(rf"\s+{_ROLE_WORD}\s+[A-Z][a-z]")
# "Court of ", "Tillman of ": a run right after a capitalised word and "of" ends a longer name or gives a place.
_TITLE_FOR = re.compile(
    r"\b(?:President|Secretary|Director|Minister|Commissioner|Officer|Chief|Head|Dean|Chair|Chairman|Chairwoman|"
    r"Manager|Coordinator|Undersecretary|Provost)\s+(?:for|of)\s+$"
)
_OF_A_NAME = re.compile(r"\b(?P<word>[A-Z][\w’'.-]*)\s+(?P<link>of|for)\s+$")
_PLACE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|into|through|across|outside|inside|on|the)\s+$", re.IGNORECASE)


class People:
    """The people of an article and every mention of them, found once at construction."""

    def __init__(self, paras: list[Para], excluded: Iterable[str] = ()) -> None:
        self.paras = paras
        self.excluded = set(excluded)
        self.people: dict[str, Draftee] = {}
        self.mentions: list[Mention] = []
        # Mentions by paragraph, sorted by (start, order found): lookups by position are a bisect, not a scan.
        self._by_para: dict[int, list[tuple[int, int, Mention]]] = {}
        self._longest: dict[int, int] = {}
        self._spans = {p.number: cap_spans(p.text) for p in paras}
        # Each paragraph tokenised once: `_role` looks back from every name mention (linear, not quadratic).
        self._words = {p.number: [(m.group(), m.start(), m.end()) for m in TOKEN.finditer(p.text)] for p in paras}
        self._word_starts = {n: [w[1] for w in words] for n, words in self._words.items()}
        # Organisations that may speak ("Prairie Basin Power said in a statement"): by name, found with the people.
        self.bodies: dict[str, Draftee] = {}
        self._find_people()
        self._find_bodies()
        self._find_mentions()

    # names ------------------------------------------------------------
    def _name_part(self, span: CapSpan, para: Para) -> tuple[int, list[tuple[str, int, int]]]:
        cut = title_split(span.tokens)
        tokens = span.tokens[cut:]
        while cut == 0 and tokens and tokens[0][0] in NON_NAME:
            tokens = tokens[1:]
        if cut == 0 and len(tokens) >= 3 and _TITLE_FOR.search(para.text[max(0, span.start - 40) : span.start]):
            cut, tokens = 1, tokens[1:]  # "Vice President for Research Susan Delacroix": the first word ends the title
        return cut, tokens

    def _runs(self) -> Iterator[tuple[Para, CapSpan, int, list[tuple[str, int, int]], tuple[str, ...]]]:
        """Every capitalised run of the article with its title cut, the tokens of its name and their words."""
        for para in self.paras:
            for span in self._spans[para.number]:
                cut, tokens = self._name_part(span, para)
                yield para, span, cut, tokens, tuple(t for t, _, _ in tokens)

    def _find_people(self) -> None:
        self._add_full_names()
        self._add_titled_surnames()
        # Roles, in the order the article gives them, from every full mention.
        for para, span, cut, tokens, names in self._runs():
            person = self._known(names)
            if person is None or not tokens:
                continue
            if para.masked[tokens[0][1] : tokens[-1][2]] != para.text[tokens[0][1] : tokens[-1][2]]:
                continue  # inside someone's quote ("“Ortiz, a liar and a coward, should resign”"): no role
            role = self._role(para, span, cut, tokens)
            if role and role.casefold() not in {r.casefold() for r in person.roles}:
                person.roles.append(role)
            age = AGE.match(para.text, tokens[-1][2])
            if age and person.age is None:
                person.age = age.group(1)
        # "Tessaline Therapeutics, a biotech company based in Boston": the first role says it is an organisation.
        for person_id in [k for k, p in self.people.items() if p.roles and _names_an_organisation(p.roles[0])]:
            body = self.people.pop(person_id)
            self.bodies[body.name] = body

    def _add_full_names(self) -> None:
        """A person for every run that reads as a full name, longest forms first, so "Huckabee Sanders" is found
        to be part of "Sarah Huckabee Sanders"."""
        candidates: list[tuple[tuple[str, ...], int, int]] = []  # the name, its paragraph, where its run starts
        the_named: set[tuple[str, ...]] = set()
        # "Western Summit Power said ...", then "Western Summit had every warning": an organisation's
        # name cut short is the organisation, not a person.
        organisations = [
            names
            for _, span, _, _, names in self._runs()
            if len(names) > 1 and (names[-1] in ORG_WORDS or span.ampersand)
        ]
        for para, span, cut, tokens, names in self._runs():
            if span.ampersand or any(len(org) > len(names) and org[: len(names)] == names for org in organisations):
                continue
            if tokens and _HOLDS_OFFICE.match(para.text, tokens[-1][2]):
                continue  # "Harbor Freight manager Ken Lowe": the employer before the role, not a person
            if (
                not (
                    is_name(list(names))
                    or self._surname_like(para, names, cut, tokens[0][1] if tokens else 0)
                    or self._after_a_role(para, names, tokens)
                )
                or " ".join(names).casefold() in self.excluded
            ):
                continue
            before = para.text[max(0, tokens[0][1] - 16) : tokens[0][1]]
            of_a_name = _OF_A_NAME.search(before) if cut == 0 else None
            if of_a_name and (of_a_name.group("link") == "of" or of_a_name.group("word") in ORG_WORDS):
                # "the Court of Common Pleas", "Sen. Wayne Tillman of Cape Girardeau", "the Department for
                # Environmental Protection": a name's place or body ("Vice President for Research Susan
                # Delacroix" is a title's)
                continue
            if cut == 0 and (re.search(r"\b[Tt]he\s+$", before) or _PLACE_OF.search(before)):
                # "the Marlow Chamber", "the Gilman Creek Fire", "the town of Silver Fork": not a person
                the_named.add(names)
                continue
            candidates.append((names, para.number, span.start))
        candidates = [c for c in candidates if c[0] not in the_named]
        for names, _, _ in sorted(candidates, key=lambda c: (-len(c[0]), c[1], c[2])):
            if self._known(names) is not None:
                continue
            person_id = self._new_id(" ".join(names))
            self.people[person_id] = Draftee(person_id, " ".join(names), names, surname_of(names))

    def _after_a_role(self, para: Para, names: tuple[str, ...], tokens: list[tuple[str, int, int]]) -> bool:
        """ "Norvane spokesman Park Ji-ho": two or three words right after a lower-case role noun are a
        name, though a word of it is also a place's or an organisation's ("Park"), unless the last is."""
        if not 2 <= len(names) <= 3 or names[-1] in ORG_WORDS or not tokens:
            return False
        before = para.text[max(0, tokens[0][1] - 24) : tokens[0][1]]
        return _ROLE_RIGHT_BEFORE.search(before) is not None and all(n[:1].isupper() for n in names)

    def _surname_like(self, para: Para, names: tuple[str, ...], cut: int, at: int) -> bool:
        """'Economist Helen Park', then 'Park said': a first name and a surname that is also
        an organisation's word, read as a person when titled or quoted by that surname, and
        not where a place stands ('in Central Park')."""
        if len(names) != 2 or names[-1] not in SURNAME_LIKE or not is_name([names[0], "Smith"]):
            return False
        if cut:
            return True
        if _PLACE_BEFORE.search(para.text[max(0, at - 12) : at]):
            return False
        quoted = re.compile(rf"\b{re.escape(names[-1])} (?:{'|'.join(sorted(INVERTED_VERBS))})\b")
        return any(quoted.search(para.text) for para in self.paras)

    def _find_bodies(self) -> None:
        """Every capitalised name of two words or more that ends with an organisation's word ("Prairie
        Basin Power", "The Memory Alliance"), beside those an appositive calls an organisation."""
        for para, span, _, _, _ in self._runs():
            names = tuple(t for t, _, _ in span.tokens)
            while names and names[0] in ("The", "the"):
                names = names[1:]
            if len(names) >= 2 and (names[-1] in ORG_WORDS or span.ampersand) and not names[-1].endswith(("’s", "'s")):
                # "the Kentucky Department for Environmental Protection": the name goes on after "for"
                rest = _NAME_GOES_ON.match(para.text, span.tokens[-1][2])
                if rest:
                    names += (rest.group("link"), *rest.group("more").split())
                # "Summit Valley Power & Light": the name as printed, its "&" kept
                name = _as_printed(para.text, span, names) if span.ampersand and not rest else " ".join(names)
                if name not in self.bodies and self._known(names) is None:
                    self.bodies[name] = Draftee(slug(name), name, names, name)

    def body_named(self, words: list[str]) -> Draftee | None:
        """The one organisation these capitalised words name: its whole name, or the start of it
        ("Prairie Basin" of "Prairie Basin Power"); a single word only when it starts just one name."""
        while words and words[0] in ("The", "the"):
            words = words[1:]
        if not words or not all(w[:1].isupper() for w in words):
            return None
        found = [b for b in self.bodies.values() if list(b.tokens[: len(words)]) == words]
        return found[0] if len(found) == 1 else None

    def body_called(self, noun: str) -> Draftee | None:
        """ "the institute", "the company": the one organisation whose name ends with that word, or whose
        appositive names it so ("Veridane Therapeutics, a biotech company")."""
        found = [
            b
            for b in self.bodies.values()
            if b.tokens[-1].casefold() == noun
            or b.tokens[-1] in _CALLED.get(noun, ())
            or any(noun in r.casefold().split()[:4] for r in b.roles)
        ]
        return found[0] if len(found) == 1 else None

    def speaking_body(self, body: Draftee) -> str:
        """The organisation as a speaker: added to the people drafted (once), its id returned."""
        if body.id not in self.people:
            if not body.roles:
                body.roles.append(ORGANISATION_ROLE)
            self.people[body.id] = body
        return body.id

    def _add_titled_surnames(self) -> None:
        """People the article names only by title and surname ("Sen. Cantwell said")."""
        for _, _, cut, _, names in self._runs():
            single = cut and len(names) == 1 and len(names[0]) > 1 and names[0] not in ORG_WORDS | NON_NAME
            if single and self._known(names) is None and not self._ambiguous(names):
                person_id = self._new_id(names[0])
                self.people[person_id] = Draftee(person_id, names[0], names, names[0])

    def _new_id(self, name: str) -> str:
        base = slug(name)
        candidate, number = base, 2
        while candidate in self.people:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def _known(self, names: tuple[str, ...]) -> Draftee | None:
        """The one person whose name ends with these words (a full name or a surname), if exactly one."""
        if not names:
            return None
        found = [p for p in self.people.values() if p.tokens[-len(names) :] == names and len(names) <= len(p.tokens)]
        return found[0] if len(found) == 1 else None

    def _ambiguous(self, names: tuple[str, ...]) -> bool:
        return sum(1 for p in self.people.values() if p.tokens[-len(names) :] == names) > 1

    def _role(self, para: Para, span: CapSpan, cut: int, tokens: list[tuple[str, int, int]]) -> str:
        return role_of(para.text, self._words[para.number], self._word_starts[para.number], span, cut, tokens)

    # mentions ---------------------------------------------------------
    def _find_mentions(self) -> None:
        for para in self.paras:
            for span in self._spans[para.number]:
                _, tokens = self._name_part(span, para)
                names = tuple(t for t, _, _ in tokens)
                person = self._known(names) if names else None
                if person is None:
                    continue
                start, end = tokens[0][1], tokens[-1][2]
                following = para.text[end : end + 60].lstrip(" ’'s").split(" ", 1)[0].lower()
                modifier = following in MODIFIER_FOLLOW or self._inside_role(para, end)
                quoted = para.masked[start:end] != para.text[start:end]
                self._add(Mention(person.id, para.number, start, end, quoted, modifier))
                person.paragraphs.add(para.number)
                for word, _, _ in span.tokens[: max(0, len(span.tokens) - len(tokens))]:
                    self._credit(person, word.lower().rstrip("."))
        # Gendered titles before the name.
        for mention in self.mentions:
            text = self.paras[mention.para - 1].text
            for word in text[max(0, mention.start - 40) : mention.start].lower().split()[-3:]:
                self._credit(self.people[mention.person], word.strip(".,"))

    def _add(self, mention: Mention) -> None:
        entries = self._by_para.setdefault(mention.para, [])
        bisect.insort(entries, (mention.start, len(self.mentions), mention), key=lambda e: (e[0], e[1]))
        self._longest[mention.para] = max(self._longest.get(mention.para, 0), mention.end - mention.start)
        self.mentions.append(mention)

    def mentions_between(self, para: int, lo: int, hi: int) -> list[Mention]:
        """Mentions of paragraph `para` starting in [lo, hi), in the order they were found."""
        entries = self._by_para.get(para, [])
        i = bisect.bisect_left(entries, lo, key=lambda e: e[0])
        j = bisect.bisect_left(entries, hi, key=lambda e: e[0])
        return [m for _, _, m in sorted(entries[i:j], key=lambda e: e[1])]

    def mentions_covering(self, para: int, position: int, slack: int = 0) -> list[Mention]:
        """Unquoted mentions of `para` with start <= position < end + slack, in the order they were found;
        never a possessive ("Smith’s critic, activist Maria Lopez": Smith names the possessor, not a speaker)."""
        lo = position - self._longest.get(para, 0) - slack
        found = self.mentions_between(para, lo, position + 1)
        return [m for m in found if not m.quoted and m.start <= position < m.end + slack and not self.possessive(m)]

    def possessive(self, mention: Mention) -> bool:
        return self.paras[mention.para - 1].text[mention.end : mention.end + 2] in ("’s", "'s")

    def _inside_role(self, para: Para, end: int) -> bool:
        """ "Trump spokeswoman Sarah Sanders": the mention is part of someone else's title."""
        rest = para.text[end : end + LOOKBACK]
        match = re.match(r"\s+([a-z]+)\s+[A-Z]", rest)
        return bool(match and match.group(1) in ROLE_NOUNS)

    @staticmethod
    def _credit(person: Draftee, word: str) -> None:
        if word in FEMALE_CUES:
            person.female += 2
        elif word in MALE_CUES:
            person.male += 2

    # pronouns ---------------------------------------------------------
    def candidates(self, sentence: Sentence, before: int | None) -> list[str]:
        """People named in the narration of `sentence` (before `before`), in order, as antecedents."""
        found: list[str] = []
        stop = sentence.end if before is None else min(sentence.end, before)
        for mention in self.mentions_between(sentence.para, sentence.start, stop):
            if mention.quoted or mention.modifier:
                continue
            if mention.person not in found:
                found.append(mention.person)
        return found

    def sentence_at(self, para: int, position: int) -> Sentence:
        sentences = self.paras[para - 1].sentences
        for sentence in sentences:
            if sentence.start <= position < max(sentence.end, sentence.start + 1):
                return sentence
        return sentences[-1]

    def antecedent(self, para: int, position: int, gender: str | None, strict: bool = True) -> str | None:
        """The person a he/she at `position` refers to, or None when that is not clear."""
        current = self.sentence_at(para, position)
        first = max(0, para - 1 - PRONOUN_WINDOW)
        while first > 0 and not _narrates(self.paras[first]):
            first -= 1  # a paragraph that is all one run-on quote names no one: "she said" reaches past it
        ordered = [s for p in self.paras[first:para] for s in p.sentences]
        ordered = [s for s in ordered if s.index <= current.index]
        for sentence in reversed(ordered):
            people = self.candidates(sentence, position if sentence is current else None)
            if not people:
                continue
            if not strict:
                return people[0] if len(people) == 1 else None
            found = self._fitting(people, gender)
            if found is None or self._rival(ordered, sentence.para, current, position, found, gender):
                return None
            return found
        return None

    def _fitting(self, people: list[str], gender: str | None) -> str | None:
        """The one person of `people` of that gender (with none of unknown gender), or the only one, of
        unknown gender."""
        fitting = [p for p in people if self.people[p].gender == gender]
        unknown = [p for p in people if self.people[p].gender is None]
        if len(fitting) == 1 and not unknown:
            return fitting[0]
        if not fitting and len(unknown) == 1 and len(people) == 1:
            return unknown[0]
        return None

    def _rival(
        self, ordered: list[Sentence], para: int, current: Sentence, position: int, found: str, gender: str | None
    ) -> bool:
        """Only when one person fits: another of that gender (or of none known) named in the same paragraph
        as the nearest candidate ("Smith and Brown met. Brown spoke.", then "she") leaves the pronoun
        unresolved, however near the last one was."""
        for other in (s for s in ordered if s.para == para):
            for person in self.candidates(other, position if other is current else None):
                if person != found and self.people[person].gender in (gender, self.people[found].gender):
                    return True
        return False

    def infer_genders(self) -> None:
        for para in self.paras:
            for match in re.finditer(r"\b(he|she|his|her|him|hers)\b", para.masked, re.IGNORECASE):
                gender = PRONOUNS[match.group(1).lower()]
                person = self.antecedent(para.number, match.start(), gender, strict=False)
                if person is not None:
                    if gender == "f":
                        self.people[person].female += 1
                    else:
                        self.people[person].male += 1

    def add_mention(self, person: str, para: int, position: int) -> None:
        """A resolved reference (a pronoun, a quote's speaker) counts as a mention from here on."""
        self._add(Mention(person, para, position, position + 1, False, False))
        self.people[person].paragraphs.add(para)


# Where an appositive's first noun phrase ends: a clause, a preposition, a participle ("a nurse employed
# by the hospital", "a lawyer representing the union").
_ROLE_HEAD_END = re.compile(
    r"\s(?:that|which|who|whose|of|for|in|on|at|with|from|by|based|and|to|[a-z]+ed|[a-z]+ing)\s|,|$"
)


def _narrates(para: Para) -> bool:
    """Whether a paragraph has words of its own besides the quotes in it."""
    return any(c.isalpha() and c != "X" for c in para.masked)


def _as_printed(text: str, span: CapSpan, names: tuple[str, ...]) -> str:
    """An organisation's name joined by "&" as the text prints it, from its first word kept (without
    a leading "The") to its end."""
    first = span.tokens[len(span.tokens) - len(names)][1] if len(names) <= len(span.tokens) else span.start
    return text[first : span.end]


def _names_an_organisation(role: str) -> bool:
    """Whether an appositive role ("a biotech company based in Boston") says what a thing is, not
    what a person does: its head noun, the last word before a clause or a preposition,
    is an organisation's."""
    lead = re.match(r"(?:an?|the)\s+(.+)", role.strip(), re.IGNORECASE)
    if lead is None:
        return False
    phrase = lead.group(1)
    end = _ROLE_HEAD_END.search(phrase)
    head = phrase[: end.start() if end else len(phrase)].split()
    return bool(head) and head[-1].casefold() in ORG_HEADS
