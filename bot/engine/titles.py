"""Titles and offices: the ones a reader puts beside a person's name ("Chicago Mayor Mitch
Landrieu", "Durkan, a former judge"), and whether the person's role agrees with them.
Pure functions over text, for the engine's checks.
"""

from __future__ import annotations

import re

from .models import Person
from .text import STOPWORDS, fold, plain, spelled_out, stem, tokens, words

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

_VERB_STEMS = frozenset(map(stem, words("say said think thought wins win tell told call called ask asked")))
_TITLE_BEFORE = re.compile(r"(?P<title>(?:[a-z.-]+ ){1,4})$")
_LEADING_WORDS = STOPWORDS | {"did", "does", "say", "says", "why", "what", "how"}
_PAST = re.compile(r"\b(?:former|formerly|was|were|used to|had been|has been|before|previously|once|ever|ex)\b")
_IN_TITLES = frozenset({"us", "u", "s"})  # "former U.S. attorney": "U.S." folds to stop words
_LEADS = frozenset(words("head leader boss"))
# "As vice president of the conference, ...": an office the question's first clause gives its subject.
_AS_OFFICE = re.compile(r"^\s*as (?:a |an |the |its |their )?(?P<title>[^,;?]{3,60}?)\s*,", re.IGNORECASE)
_MORE_OFFICES = frozenset(words("treasurer vice director chief head member deputy commissioner"))
_PARTY_WORDS = frozenset(words("democrat democratic republican gop independent libertarian"))
# A yes/no question about what someone is: "is mcdermott the ...", "so was durkan a ...".
_COPULA_FIRST = re.compile(r"^(?:(?:so|and|but|wait|ok|okay) )?(?:is|was|isnt|wasnt) $")
_OFFICE_IS = re.compile(r"^(?:(?:so|and|but|wait|ok|okay) )*the (?P<office>(?:[a-z.-]+ ){1,4}?)(?:is|was) $")
# A preposition before the office: the office is someone else's ("angry at the ag", "met with the mayor").
_BEFORE_AN_OFFICE = re.compile(
    r"^(?:[\w'’.]+\s+){0,3}?(?:at|with|about|over|by|for|to|from|against|on|toward|towards)\s"
)
_BREAKS = frozenset(words("did does do is was are were has have had will would can could why what how who when where"))


def wrong_title(text: str, person: Person) -> str | None:
    """A title beside the name that the person's role contradicts (a title word, and a word
    the role and summary never use): before it ("Chicago Mayor Mitch Landrieu"), or after it
    as an apposition ("McDermott, Seattle's mayor,") or with "as" ("Landrieu as chicago
    mayor", "Durkan, drawing on her years as a federal judge"). None if there is none."""
    text = spelled_out(text)  # "so durkan is the ag?": the office read out in full
    folded = plain(text)
    leading = _AS_OFFICE.match(text)
    if leading is not None:
        # "As vice president of the U.S. Conference of Mayors, what did Landrieu say?": the office the
        # question takes the person to hold: the role's words, and the summary's for a past one ("as a former
        # U.S. attorney")
        title = [w for w in tokens(leading.group("title")) if w not in _LEADING_WORDS]
        known = _role_words(person, with_summary=_PAST.search(plain(leading.group("title"))) is not None)
        if any(stem(w) in OFFICES or w in _MORE_OFFICES for w in title):
            unknown = [w for w in title if stem(w) not in known and w not in PLACE_KINDS and w not in _PARTY_WORDS]
            if unknown and not _LEADS & set(title):
                return leading.group("title").strip()  # as the reader wrote it
    for form in sorted({plain(person.name), *(plain(a) for a in person.aliases)}, key=len, reverse=True):
        at = re.search(rf"\b{re.escape(form)}\b", folded)
        if at is None:
            continue
        before = folded[: at.start()]
        # "so the attorney general is durkan?": the office said of the name, put before it
        office_is = _OFFICE_IS.match(before)
        if office_is:
            before = office_is.group("office")
        title = _title_before(before)
        # A title before the name is the office held now ("justice department spokeswoman
        # sanders"): the role says it; one after it may be a past one ("durkan, a former US
        # attorney"), which the summary may tell.
        if not title:
            after = text
            if _COPULA_FIRST.match(folded[: at.start()]):  # "is mcdermott the county executive?"
                after = f"{form} is {folded[at.end() :].lstrip()}"
            title = _title_after(after, form)
            # After the name, a past office may be the summary's ("durkan, a former US attorney");
            # a present one ("so mcdermott is the king county mayor?") must be the role's.
            # "durkan served as u.s. attorney", "her years as ...": an office "as" may be past too.
            past = _PAST.search(folded) is not None or re.search(rf"\b{re.escape(form)}\b[^.?!]{{0,40}}?\bas\b", folded)
            known = _role_words(person, with_summary=bool(past))
        else:
            known = _role_words(person, with_summary=title[0] == "former")
        if not title:
            continue  # "Mayor Bill de Blasio" is a form of the name: a shorter one may have a title before it
        if _LEADS & set(title):
            return None  # "the head of the county council" may be any office that leads it
        member_of = {stem(w) for w in title[1:] if w not in STOPWORDS} if title[0] == "member" else set()
        if member_of and member_of <= _role_words(person, False):
            return None  # "a member of the king county council": its chairman is one
        # A party is no office ("a democratic mayor"): whether the article gives one is asked elsewhere.
        unknown = [w for w in title if stem(w) not in known and w not in PLACE_KINDS and w not in _PARTY_WORDS]
        if "of" in title:  # "the mayor of King County": the office's place is the role's, not the summary's
            role_only = _role_words(person, with_summary=False)
            unknown += [w for w in title[title.index("of") + 1 :] if stem(w) not in role_only and w not in PLACE_KINDS]
        return " ".join(title) if unknown else None
    return None


_ROLE_WORDS: dict[tuple[str, str, str], frozenset[str]] = {}
# Words for one office, by stem: a reader's "chair" is the role's "Chairman".
_SAME_OFFICE = tuple(
    frozenset(map(stem, words(group)))
    for group in (
        "chair chairman chairwoman chairperson",
        "spokesperson spokeswoman spokesman",
        "councilmember councilman councilwoman councillor councilor",
        "attorney prosecutor",  # a U.S. Attorney is a federal prosecutor
        "us federal",
    )
)


def _role_words(person: Person, with_summary: bool = True) -> frozenset[str]:
    """The stems a person's role and aliases (and summary) use, worked out once per text."""
    key = (person.role, person.summary if with_summary else "", " ".join(person.aliases))
    found = _ROLE_WORDS.get(key)
    if found is None:
        if len(_ROLE_WORDS) > 10_000:
            _ROLE_WORDS.clear()
        role_tokens = tokens(" ".join(key))
        # Initials of a run of the role's words stand for it too: "NYC" for "New York City".
        initials = {
            "".join(w[0] for w in role_tokens[i:j])
            for i in range(len(role_tokens))
            for j in range(i + 2, min(i + 4, len(role_tokens)) + 1)
        }
        stems = {stem(t) for t in [*role_tokens, *initials]}
        for same in _SAME_OFFICE:  # "council chair" of a "Chairman", "spokesperson" of a "spokeswoman"
            if stems & same:
                stems |= same
        found = _ROLE_WORDS[key] = frozenset(stems)
    return found


def _title_before(before_name: str) -> list[str]:
    """The title words right before a name (a title is contiguous and ends with an office)."""
    found = _TITLE_BEFORE.search(before_name)
    if found is None:
        return []
    words_before = found.group("title").split()
    while words_before and words_before[0] in _LEADING_WORDS:
        words_before.pop(0)
    if not words_before or stem(words_before[-1]) not in OFFICES:
        return []
    while words_before and (words_before[0] in STOPWORDS or stem(words_before[0]) in _VERB_STEMS):
        words_before.pop(0)
    # A title runs right up to the name, with no verb or function word in it: "what position did
    # mayor durkan hold" and "people there like mayor durkan" have only "mayor".
    breaks = [
        i
        for i, w in enumerate(words_before)
        if w in _BREAKS or stem(w) in _VERB_STEMS or (w in STOPWORDS and w not in _IN_TITLES)
    ]
    if breaks:
        words_before = words_before[breaks[-1] + 1 :]
    return words_before


def _title_after(text: str, form: str) -> list[str]:
    """'<name>, seattle's mayor,' or '<name> as chicago mayor' / '... years as a federal judge'."""
    folded = fold(text)
    after = (
        # "durkan mentioned she used to be a federal judge": what the person says they were, too
        r"(?:[^.?!]{0,40}?\bas|,|(?:\s+(?:said|says|mentioned|mentions|noted|notes|explained|claimed|claims)"
        r"(?: that)? (?:she|he))?\s+(?:is|was|used to be|has been|had been|became)(?: also| still| once| ever)?)"
        r"\s+(?:a |an |the |former |still )?((?:[\w'’.]+\s+){0,5}[\w'’]+)"  # "u.s. attorney" one title
    )
    pattern = rf"\b{re.escape(form)}\b{after}"
    for match in re.finditer(pattern, folded):
        found = tokens(match.group(1))
        if found and found[0] in _CLAUSE_START:
            continue  # "according to sanders, what does the justice department do": a new clause
        if _BEFORE_AN_OFFICE.search(" ".join(found)):
            continue  # "mcdermott is angry at the attorney general": someone else's office, not his
        words_after = [w for w in found if w not in STOPWORDS]
        for end, word in enumerate(words_after):
            if stem(word) in OFFICES:
                while end + 1 < len(words_after) and stem(words_after[end + 1]) in OFFICES:
                    end += 1  # "the attorney general": the office runs on
                title = _one_title(words_after[: end + 1])
                return title + _of_place(found, word) if title else []
    return []


def _of_place(found: list[str], office: str) -> list[str]:
    """The place an office is "of" ("the mayor of chicago" -> ["chicago"])."""
    at = found.index(office)
    if found[at + 1 : at + 2] != ["of"]:
        return []
    place: list[str] = []
    for word in found[at + 2 :]:
        if word in STOPWORDS and not place:
            continue
        if word in STOPWORDS or word in _ASIDES or len(place) == 3:
            break
        place.append(word)
    return ["of", *place] if place else []


# Kinds of place say which place, not whose office: "mayor of seattle city" is Seattle's mayor.
PLACE_KINDS = frozenset(words("city town county state village borough district township country nation"))
_CLAUSE_START = frozenset(
    words("what who whom whose why how when where which does did do is was are were can could will would should has")
)
_ASIDES = frozenset(words("right yes correct ok okay too then now true and or but no"))


# Words in -ing that are no verb: "the king county mayor" is a title, "going after mayors" not.
_ING_NOUNS = frozenset(words("king wing ring spring string thing sterling viking"))


def _one_title(title: list[str]) -> list[str]:
    """A title of one person, or none: not a plural office ("going after mayors") nor a phrase
    with a verb in it ("landrieu, going after ..."), which is the sentence going on."""
    office = title[-1]
    plural = office.endswith("s") and not office.endswith("ss") and stem(office) != office
    if plural or any((w.endswith("ing") and w not in _ING_NOUNS) or stem(w) in _VERB_STEMS for w in title[:-1]):
        return []
    return title
