"""What an entry's own text says about a question's presuppositions and the detail it asks
for: numbers, days, negations, media, the names a reader capitalises (titles are in
`titles`). Pure functions over text, for the engine's checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from .question import Detail
from .text import STOPWORDS, content_stems, plain, spelled_out, stem, tokens, words

_NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13", "fourteen": "14", "fifteen": "15",
    "sixteen": "16", "seventeen": "17", "eighteen": "18", "nineteen": "19", "twenty": "20", "thirty": "30",
    "forty": "40", "fifty": "50", "sixty": "60", "seventy": "70", "eighty": "80", "ninety": "90",
}  # fmt: skip
_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CLOCK = re.compile(r"\b\d{1,2}(?::\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)|\bnoon\b|\bmidnight\b|\bo[’']clock\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
# A date: a weekday, a month, a day of the month, or one relative to today.
_DATE = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec|today|tomorrow|"
    r"yesterday|tonight)\b|\b\d{1,2}/\d{1,2}\b|\b(?:1[89]|20)\d\d\b",
    re.IGNORECASE,
)
# An amount: money, or a share ("how much have residents cut their use?" -> "18 percent").
_AMOUNT = re.compile(
    r"\$\s?\d|\b\d[\d,.]*\s*(?:million|billion|thousand|dollars|percent|%)|\b(?:millions|billions)\b", re.I
)
_EXACT_AMOUNT = re.compile(r"\$\s?\d|\b\d[\d,.]*\s*(?:million|billion|thousand|dollars)\b", re.IGNORECASE)
_NEGATIONS = frozenset({"not", "no", "never", "nor", "doesnt", "didnt", "dont", "isnt", "wasnt", "arent", "werent",
                        "wont", "cant", "cannot", "hasnt", "havent", "hadnt", "neither", "without", "shouldnt",
                        "wouldnt", "couldnt", "mustnt", "nobody", "none", "nowhere", "noone"})  # fmt: skip
NEGATION_REACH = 3

MEDIUM_WORDS = {"twitter": "on Twitter", "statement": "in a statement", "spoken": "aloud"}
OTHER_PLATFORM = re.compile(r"\b(?:facebook|instagram|tiktok|youtube|linkedin|threads)\b")
_SPOKEN_AT = (
    (re.compile(r"\b(?:press|news) (?:conference|event)\b"), "at a press conference"),
    (re.compile(r"\bon (?:cnn|msnbc|fox)\b"), "on TV"),
    (re.compile(r"\b(?:radio|podcast)\b"), "on the radio or a podcast"),
    (re.compile(r"\binterview\b"), "in an interview"),
    (re.compile(r"\bspeech\b"), "in a speech"),
    (re.compile(r"\bon (?:tv|television)\b"), "on TV"),
)


def medium_as_asked(question: str, asked: str) -> str:
    """How the reader says the words were given, in words: "on Facebook" for a platform named
    that is not Twitter, "at a press conference" for a spoken event, else the medium's words."""
    folded = plain(question)
    platform = OTHER_PLATFORM.search(folded)
    if platform:
        return f"on {platform.group().title()}"
    if asked == "spoken":
        return next((said for pattern, said in _SPOKEN_AT if pattern.search(folded)), MEDIUM_WORDS[asked])
    return MEDIUM_WORDS[asked]


_TEXT_MEDIA = (
    ("twitter", re.compile(r"\b(?:on twitter|tweeted|tweet|wrote on x|posted on)\b", re.IGNORECASE)),
    ("statement", re.compile(r"\bstatement\b", re.IGNORECASE)),
)


# General English opposites (not drawn from any article), by stem: recalled words that say the
# opposite of a quote's are not its words; a claim a question takes as given that says the
# opposite of what the answer tells is corrected.
_OPPOSITES = (
    "win lose",
    "more less",
    "most least",
    "increase decrease",
    "rise fall",
    "support oppose",
    "agree disagree",
    "accept reject",
    "legal illegal",
    "safe unsafe",
    "partisan bipartisan",
    "succeed fail",
    "success failure",
    "begin end",
    "start end",
    "renew end",
    "open close",
    "attend skip",
    "attend boycott",
    "welcome reject",
    "praise criticize",
    "love hate",
    "few many",
    "higher lower",
    "guilty innocent",
    "true false",
    "better worse",
    "best worst",
    "strong weak",
    "gain loss",
    "intact lost",
    "friend enemy",
    "right wrong",
    "always never",
    "everything nothing",
    "everyone nobody",
    "remember forget",
    "help hurt",
    "protect harm",
    "safer dangerous",
    "success fail",
    "successful fail",
    "successfully fail",
    "successfully failed",
    "continue end",
    "continues over",
    "cooperate thwart",
    "help bully",
    "help intimidate",
)


# Opposites of stance or outcome that deny a claim only in the same frame: "Trump will win" of
# "a fight Trump will lose" (the same word beside both), "refuses to work with" of "would love to
# work with"; "why does she think she can win?" is no claim that Trump wins.
_FRAMED = (
    "win lose", "won lost",
    "refuse love", "refuse want", "refuse agree", "refuse accept", "refuse willing",
    "credit blame", "praise blame", "thank blame",
    "welcome condemn", "welcome criticize", "welcome denounce",
    "safer threat",
)  # fmt: skip


def _both_ways(pairs: tuple[str, ...]) -> dict[str, set[str]]:
    """Each stem of the pairs with its opposites (a word may have several: "end": "begin", "start")."""
    found: dict[str, set[str]] = {}
    for pair in pairs:
        first, second = map(stem, pair.split())
        found.setdefault(first, set()).add(second)
        found.setdefault(second, set()).add(first)
    return found


_OPPOSITE = _both_ways(_OPPOSITES)


def opposed(asked: set[str], told: set[str]) -> bool:
    """Whether stems `asked` hold a word whose opposite, and not itself, is among `told`."""
    return any(_OPPOSITE.get(w, set()) & told and w not in told for w in asked)


_FRAMED_OPPOSITE = _both_ways(_FRAMED)


def framed_opposite(claim: str, told: str) -> str | None:
    """The word of `told` (as printed) when `claim` says a word whose opposite `told` says, and not
    the word itself, in the same frame: a content word beside the one is beside the other
    ("trump [win]" / "trump [lose]"). `told`'s words under a "not" are not told."""
    asked = [t for t in tokens(plain(claim)) if t not in STOPWORDS]
    said = [t for t in tokens(plain(told)) if t not in STOPWORDS]
    said_stems = [stem(t) for t in said]
    negated = negated_stems(told)
    for at, word in enumerate(asked):
        opposites = (_OPPOSITE.get(stem(word), set()) | _FRAMED_OPPOSITE.get(stem(word), set())) - negated
        if not opposites or stem(word) in said_stems:
            continue
        beside = {stem(asked[i]) for i in (at - 1, at + 1) if 0 <= i < len(asked)}
        for there, other in enumerate(said_stems):
            if other in opposites and beside & {said_stems[i] for i in (there - 1, there + 1) if 0 <= i < len(said)}:
                return said[there]
    return None


# Opposites that say one thing's state either way ("the grants remain intact" / "were cut"), for
# claims: not pairs of two sides ("Trump will lose" does not deny "why does she think she can win").
_STATES = (
    "intact lose", "intact lost", "intact cut", "intact frozen", "intact freeze", "intact withheld",
    "continue over", "continues over", "continue end",
    "attend boycott", "attend skip",
    "support oppose", "support against", "accept reject", "agree disagree",
    "safe lose", "safe lost", "safe cut",
    "bipartisan democratic", "bipartisan republican", "bipartisan partisan",
    "nonpartisan democratic", "nonpartisan republican", "nonpartisan partisan",
)  # fmt: skip
_STATE_OPPOSITE = _both_ways(_STATES)


STATE_WORDS = frozenset(_STATE_OPPOSITE)  # stems, some of them stop words ("over")


def state_pairs(asked: set[str], told: set[str]) -> list[tuple[str, str]]:
    """(asked stem, told stem) for each word of `asked` whose opposite state `told` says."""
    return sorted((w, o) for w in asked if w not in told for o in _STATE_OPPOSITE.get(w, set()) & told)


def opposite_states(asked: set[str], told: set[str]) -> set[str]:
    """The stems of `told` that say the opposite state of a word of `asked` not itself told."""
    return {o for w in asked if w not in told for o in _STATE_OPPOSITE.get(w, set()) & told}


def medium_not_given(name: str, claimed: str) -> str:
    """The correction of a medium taken as given ("on Twitter") for words whose medium the article never gives."""
    return f"The article doesn't say {name} said this {claimed}; it gives no medium for it."


def numbers_in(text: str) -> set[str]:
    """The numbers a text gives, digits and words alike ("23", "two dozen" -> {"23", "2"})."""
    found = {n.replace(",", "") for n in _DIGITS.findall(text)}
    found.update(_NUMBER_WORDS[t] for t in tokens(text) if t in _NUMBER_WORDS)
    return found


def number_value(word: str) -> str:
    return _NUMBER_WORDS.get(word.casefold(), word.replace(",", ""))


_DURATION = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few)[- ]"
    r"(?:years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?)\b|\bsince (?:\d{4}|last|the)\b|"
    r"\bfor (?:years|months|weeks|decades)\b|\b(?:year|month|week|decade)-long\b|"
    r"\b(?:last|past) (?:year|month|decade)\b",
    re.IGNORECASE,
)
# A span someone has held a post or been in a state: "for six years", "since 2019", "three-year
# term"; not a thing's length ("a year-long effort") nor "the last year" of what they did.
_TENURE = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|several|many|a few)[- ]"
    r"(?:years?|months?|weeks?|decades?)\b(?!-long)|\bsince (?:\d{4}|last|the)\b|\bfor (?:years|months|decades)\b|"
    r"\b(?:first|second|third|fourth|fifth) term\b",
    re.IGNORECASE,
)


# A political party named ("a Democrat from Eastbrook"); PARTY also a word of party politics
# ("a bipartisan organization" answers "is it for one party?").
_PARTIES = r"\b(?:Democrat|Democratic|Republican|Independent|Libertarian|Green|Labour|Conservative|Liberal)s?\b"
# A person's own party: "a Democrat from Eastbrook", "Republican state Sen. ..." ("a charge Democrats
# have echoed" is not theirs).
PARTY_NAME = re.compile(
    r"\b(?:a|an) (?:Democrat|Republican|Independent|independent|Libertarian)\b|"
    r"\b(?:Democratic|Republican) (?:state |U\.S\. |Rep\. |Sen\. |Gov\. )?(?:[Ss]enator|[Rr]epresentative|[Gg]overnor|"
    r"[Mm]ayor|lawmaker|legislator|member|candidate|leader|Sen|Rep|Gov)\b"
)
PARTY = re.compile(_PARTIES + "|partisan")


def has_detail(detail: Detail, text: str) -> bool:
    """Whether `text` gives the detail a question asks for (a clock time, a year, an amount, a span)."""
    if detail is Detail.duration:
        return _DURATION.search(text) is not None
    if detail is Detail.tenure:
        return _TENURE.search(text) is not None
    if detail is Detail.clock:
        return _CLOCK.search(text) is not None
    if detail is Detail.time_of_day:
        return _CLOCK.search(text) is not None or _PART_OF_DAY.search(text) is not None
    if detail is Detail.year:
        return _YEAR.search(text) is not None
    if detail is Detail.amount:
        return _AMOUNT.search(text) is not None
    if detail is Detail.date:
        return _DATE.search(text) is not None
    if detail is Detail.exact_amount:
        return _EXACT_AMOUNT.search(text) is not None
    return True


def names_noun(noun: str, text: str) -> bool:
    """Whether `text` gives a proper name for `noun` ("the Byrne JAG program"): a capitalised
    word just before it, not at the start of a sentence."""
    pattern = re.compile(rf"(?<![.!?]\s)(?<!^)\b([A-Z][\w-]*)\s+{re.escape(noun)}", re.IGNORECASE)
    return any(m.group(1)[0].isupper() for m in pattern.finditer(text))


def _negated_positions(words: list[str]) -> set[int]:
    """The positions of the words a negation reaches (the NEGATION_REACH words after it)."""
    reached: set[int] = set()
    for position, word in enumerate(words):
        if word in _NEGATIONS:
            reached.update(range(position + 1, min(position + 1 + NEGATION_REACH, len(words))))
    return reached


def negated_stems(text: str) -> set[str]:
    """Stems of the words a negation governs ("doesn't ask people" -> {"ask", "people"})."""
    words = tokens(text)
    # a word of a state counts though it is a stop word: "isn't over" says no "over"
    return {
        stem(words[i]) for i in _negated_positions(words) if words[i] not in STOPWORDS or stem(words[i]) in STATE_WORDS
    }


_PERSON_SUBJECTS = frozenset(words("he she they"))


def denied(text: str, asked: set[str]) -> set[str]:
    """The asked stems a sentence of `text` denies, when that sentence is about what is asked:
    one of its words outside the negation's reach is asked too ("why did the DOJ send Seattle a
    letter" is denied by "Seattle did not receive a letter"; "why was Durkan copied on the
    letter" is not: that sentence is about Seattle)."""
    found: set[str] = set()
    clauses = re.split(r"(?<=[.!?;])\s+|,\s*(?:but|however|while|although|though|and)\b", text)
    # A clause that says the denied words without a "not", and more of what is asked ("Mayor Jenny
    # Durkan was, however, copied on the letter"), answers it: the denial beside it is about
    # something else ("Seattle did not receive a letter").
    sentences = re.split(r"(?<=[.!?;])\s+", text)
    affirmed = [content_stems(c) for c in sentences if not _NEGATIONS & set(tokens(c))]
    before: set[str] = set()
    for sentence in clauses:
        if _NAMING_ONLY.search(sentence):
            continue  # "the article names the states but not the cities": what it names, not what is so
        words = tokens(sentence)
        reached = _negated_positions(words)
        negated = {stem(words[i]) for i in reached if words[i] not in STOPWORDS} & asked
        rest = {stem(w) for i, w in enumerate(words) if i not in reached and w not in STOPWORDS and w not in _NEGATIONS}
        # "De Blasio wrote ...; he added that the move doesn't make people safer": the clause's "he"
        # is the one the clause before it is about
        subject_of_before, before = before, content_stems(sentence)
        if words[:1] and words[0] in _PERSON_SUBJECTS:
            rest |= subject_of_before
        if negated & rest and len(negated) == 1:
            # "doesn't support sanctuary cities and ... supports enforcing the law": the verb said
            # both ways denies only with what it is said of ("supports the law" is not denied).
            continue
        rest -= _FRAMING  # "the article reports no money lost": about the money, not the article
        covered = len(asked & content_stems(sentence))
        if any(negated <= other and len(asked & other) > covered for other in affirmed):
            continue
        if negated and (rest & asked or not rest):
            found |= negated
    return found


_NAMING_ONLY = re.compile(
    r"\b(?:article|story|report) (?:names|lists|identifies|does not name|doesn['’]t name|does not list|"
    r"doesn['’]t list)\b",
    re.IGNORECASE,
)
_FRAMING = frozenset(map(stem, ("article", "report", "reports", "say", "says", "said", "story", "according")))


def affirmed_stems(text: str) -> set[str]:
    """Stems of the words a text says without a negation in reach before them."""
    words = tokens(text)
    reached = _negated_positions(words)
    return {stem(w) for i, w in enumerate(words) if i not in reached and w not in STOPWORDS}


def is_negated(text: str) -> bool:
    return any(t in _NEGATIONS for t in tokens(text))


def medium_in_text(text: str) -> str | None:
    """The medium a text names for the words it reports, if any."""
    for medium, pattern in _TEXT_MEDIA:
        if pattern.search(text):
            return medium
    return None


_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\.[A-Z]\.)(?<!\s[A-Z]\.)\s+")  # "U.S. Attorney" is no end


def sentences_of(text: str) -> list[str]:
    """The sentences of a text (not split after initials: "the U.S. Conference of Mayors")."""
    return _SENTENCE_END.split(text.strip())


def sentence_with(text: str, stems: set[str]) -> str:
    """The first sentence of `text` holding one of `stems` (else the first sentence)."""
    parts = sentences_of(text)
    for part in parts:
        if stems & {stem(t) for t in tokens(part)}:
            return part
    return parts[0]


# ------------------------------------------------------------------ days and counts

DAYS = tuple(
    words(
        "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
        "september october november december"
    )
)
_MONTHS = "|".join(
    words(
        "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
        "september october november december"
    )
)
_DATE_NUMBERS = re.compile(rf"\b(?:{_MONTHS})\.? \d{{1,2}}\b|\b(?:19|20)\d\d\b", re.IGNORECASE)


def days_in(text: str) -> list[str]:
    """The days and months `text` names (any case), in calendar order."""
    return [d for d in DAYS if re.search(rf"\b{d}\b", text, re.IGNORECASE)]


# Parts of a day: "was it in the morning?" of a meeting set for "Wednesday afternoon".
_PARTS_OF_DAY = ("morning", "afternoon", "evening", "night")
_PART_OF_DAY = re.compile(r"\b(morning|afternoon|evening|night|tonight|overnight)\b", re.IGNORECASE)


def wrong_day(question: str, told: str) -> str | None:
    """'... the meeting on tuesday' when the entry says Wednesday (days and months, any case)."""
    asked = [t for t in tokens(question) if t in DAYS]
    if not asked or any(re.search(rf"\b{a}\b", told, re.IGNORECASE) for a in asked):
        return None
    weekday = DAYS.index(asked[0]) < 7
    same_kind = [d for d in days_in(told) if (DAYS.index(d) < 7) == weekday]
    if not same_kind:
        return None
    return f"The article says {same_kind[0].title()}, not {asked[0].title()}."


_CLAUSES = re.compile(r"[,;:—]|(?<=[.!?])\s+")


def wrong_part_of_day(question: str, told: str) -> str | None:
    """'was the meeting in the morning?' when the entry says the meeting was in the afternoon: the
    clause that gives the part of the day is the one that holds most of the other words asked
    ("were the letters sent in the morning?" is not answered by the afternoon of the meeting
    beside "the same day the letters went out")."""
    asked = [t for t in tokens(question) if t in _PARTS_OF_DAY]
    given = [m.group(1).casefold() for m in _PART_OF_DAY.finditer(told)]
    if not asked or not given or asked[0] in given or "tonight" in given or "overnight" in given:
        return None  # "tonight" may be the evening or the night
    rest = content_stems(question) - {stem(asked[0])}
    shared = [(len(rest & content_stems(c)), _PART_OF_DAY.search(c) is not None) for c in _CLAUSES.split(told)]
    most = max(n for n, _ in shared)
    closest = {timed for n, timed in shared if n == most}  # whether the closest clauses give a part of the day
    return f"The article says {given[0]}, not {asked[0]}." if most and closest == {True} else None


def counts(text: str) -> list[str]:
    """The numbers a text gives that are not parts of dates ("23", not "January 24, 2018")."""
    return re.findall(r"\b\d[\d,]*\b", _DATE_NUMBERS.sub(" ", text))


# ------------------------------------------------------------------ names a reader gives

# A capitalised word, or an abbreviation that leads a name ("St. Brendan", "Mt. Rainier").
_CAP_WORD = r"(?:(?:St|Mt|Ft|Pt)\.(?=\s+[A-Z])|[A-Z][a-z’'-]+(?:[A-Z][a-z’'-]+)?)"  # "McDermott" whole
_CAPITALISED = re.compile(rf"(?<![.!?]\s)(?<!^)\b{_CAP_WORD}(?:\s+(?:of\s+|the\s+|de\s+)?{_CAP_WORD})*")
_NOT_NAMES = frozenset(words("I I’m I'm I’d Is Are Was Did Does Do Why What Who How When Where Which Hi Hello Thanks"))


def capitalised_phrases(text: str) -> list[str]:
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


# ------------------------------------------------------------------ places

PLACES_FILE = Path(__file__).with_name("places.txt")


@cache
def place_kinds() -> dict[str, str]:
    """Each place name of `places.txt` (general data) with its kind: region, city or county."""
    kinds: dict[str, str] = {}
    kind = "region"
    for line in PLACES_FILE.read_text(encoding="utf-8").splitlines():
        if line.startswith("# kind:"):
            kind = line.removeprefix("# kind:").split()[0]
        elif line.strip() and not line.startswith("#"):
            kinds.setdefault(line.strip(), kind)
    return kinds


def place_kind(name: str) -> str | None:
    return place_kinds().get(name.casefold())


@cache
def place_pattern() -> re.Pattern[str]:
    """A pattern of the place names readers give, longest first so "new york city" wins over
    "new york"."""
    alternatives = "|".join(re.escape(n) for n in sorted(place_kinds(), key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


_PLACE_TOKEN = re.compile(r"[A-Za-z0-9_]+\.?")  # a word, with its dot ("St."); "Seattle's" names Seattle
_PLACE_GAP = re.compile(r"[ -]")  # words of a name are one space or a hyphen apart ("winston-salem")
_PLACE_WORDS = 3  # the longest place name, in words


@cache
def _place_first_words() -> frozenset[str]:
    """The first word of every place name, folded: a word run that starts elsewhere names none."""
    return frozenset(_PLACE_TOKEN.match(name).group(0).rstrip(".") for name in place_kinds())  # type: ignore[union-attr]


def places_in(text: str) -> list[str]:
    """The places of `places.txt` a text names, as it writes them, in order, once each: the
    longest name at each word first ("new york city" over "new york"), as `place_pattern` finds
    them, by looking word runs up in the table instead of running that pattern (a hot path)."""
    kinds = place_kinds()
    firsts = _place_first_words()
    spans = [(m.start(), m.end()) for m in _PLACE_TOKEN.finditer(text)]
    found: list[str] = []
    at = 0
    while at < len(spans):
        if text[spans[at][0] : spans[at][1]].casefold().rstrip(".") not in firsts:
            at += 1
            continue
        for size in range(min(_PLACE_WORDS, len(spans) - at), 0, -1):
            run = spans[at : at + size]
            if any(not _PLACE_GAP.fullmatch(text[a[1] : b[0]]) for a, b in pairwise(run)):
                continue  # not one name: words apart by more than a space or a hyphen
            name = text[run[0][0] : run[-1][1]]
            if name.casefold() not in kinds and name.endswith("."):
                name = name[:-1]  # "Chicago." at a sentence's end; "St." stays whole
            if name.casefold() in kinds:
                found.append(name)
                at += size
                break
        else:
            at += 1
    return list(dict.fromkeys(found))


# An organisation as articles print its name: capitalised words before or after a head noun of a
# body ("Justice Department", "Department of Homeland Security", "U.S. Conference of Mayors").
ORG_HEADS = frozenset(
    words("department agency office bureau commission council conference administration authority board service")
)
_CAPITAL = r"(?:(?:[A-Z]\.)+|[A-Z][\w’'&-]*)"  # "U.S.", "Homeland"; never a sentence's last word and its stop
_ORG = re.compile(
    rf"\b(?:{_CAPITAL}\s+){{0,4}}(?:{'|'.join(h.capitalize() for h in sorted(ORG_HEADS))})"
    rf"(?:\s+(?:of|for)(?:\s+(?:the\s+)?{_CAPITAL})+)?"
)
_ORG_FILLER = frozenset(words("u s us the of for federal state national"))


@dataclass(frozen=True, slots=True)
class Organisation:
    name: str  # as printed
    head: str  # "department"
    marks: frozenset[str]  # the words that tell it from others of its head ("justice")


def organisations_in(text: str) -> list[Organisation]:
    """The organisations a text names as printed, each once (the same body's forms are one:
    "the Justice Department" and "the Department of Justice" share their marks)."""
    found: dict[tuple[str, frozenset[str]], Organisation] = {}
    for match in _ORG.finditer(text):
        name = re.sub(r"^The\s+", "", match.group().strip())
        parts = [w for w in tokens(name) if w not in _ORG_FILLER]
        head = next((w for w in parts if w in ORG_HEADS), None)
        marks = frozenset(stem(w) for w in parts if w != head)
        if head is not None and marks:
            found.setdefault((head, marks), Organisation(name, head, marks))
    return list(found.values())


def names_organisation(text: str, organisation: Organisation) -> bool:
    """Whether a reader's text names `organisation`: every word that marks it ("homeland
    security", "dhs", "the department of justice")."""
    said = {stem(t) for t in tokens(spelled_out(text))}
    return organisation.marks <= said
