"""Read a reader's message once into a typed `Question`: which sentence is the question,
whether it asks two things, what it asks for, its focus and what it presupposes.

Nothing here knows the fact base: the engine routes on this structure and checks its
presuppositions against the entries it finds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from .text import GENERIC_STEMS, STOPWORDS, fold, plain, stem, tokens, words

MAX_PARTS = 2
ELLIPSIS_WORDS = 4  # a first 'question' this short only sets up the second
FRAGMENT_WORDS = 2  # a second 'question' this short and with no question word only spells out the first


class Asks(StrEnum):
    """What a question asks for."""

    person = "person"
    time = "time"
    number = "number"
    place = "place"
    reason = "reason"
    role = "role"
    quote_check = "quote-check"  # "is that a direct quote or a paraphrase?"
    medium = "medium"  # "in what form did Durkan respond?", "was it in an interview?"
    comparison = "comparison"
    consequence = "consequence"  # "what happens if they don't comply?", "or else what?"
    yes_no = "yes-no"
    other = "other"


class Detail(StrEnum):
    """A precise detail a question asks for, which an entry must actually contain."""

    clock = "clock"  # "at what time exactly", "the exact hour"
    time_of_day = "time-of-day"  # "what time", "at what hour": a clock time or a part of the day
    year = "year"
    amount = "amount"  # "how much money", "the exact amount"
    exact_amount = "exact-amount"
    name = "name"  # "the name of the program", "what is it called"
    duration = "duration"  # "how long did the strike last"
    tenure = "tenure"  # "how long has she been mayor": a span of holding a post or state
    date = "date"  # "by what date", "on which date"


@dataclass(frozen=True, slots=True)
class Focus:
    """The detail asked for, in the reader's terms ("at what time", "the name of the program")."""

    detail: Detail | None
    noun: str | None  # "judge" in "which judge": the thing asked about
    words: str  # how to say it back: "which judge", "what time"
    literal: bool = False  # the noun itself must be in the entry's text ("what does ICE stand for")


@dataclass(frozen=True, slots=True)
class Question:
    message: str  # the whole message as typed
    text: str  # the question itself, preamble removed
    context: str  # the sentence before it, when the message had a preamble
    asks: Asks
    focus: Focus | None
    numbers: tuple[str, ...]  # numbers it names ("32", "fifty")
    medium: str | None  # "twitter" | "statement" | "spoken": how it presupposes words were given
    presupposes: bool  # "why did X ...", "what did X do after ...": takes its clause as true
    second: Question | None = None  # the other half of a two-part question


# ------------------------------------------------------------------ sentences

_ABBREVIATION_DOTS = re.compile(
    r"\b(?:U\.S|U\.K|Mr|Mrs|Ms|Dr|Gov|Sen|Rep|St|Jr|Sr|Gen|Lt|Sgt|Capt|Dept|No|vs|etc|Jan|Feb|Mar|Apr|Aug|Sept|Oct|"
    r"Nov|Dec|a\.m|p\.m|i\.e|e\.g)\.",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+|(?<=[.?!][\"”’)])\s+|\n+")
_QUESTION_START = re.compile(
    r"^(?:so |and |but |ok |okay |also |then |now |please |pls |plz |can you |could you |"
    r"would you |do you know |i want to know |i wonder |i want to understand |tell me |please tell me )*"
    r"(?:who|whom|whose|what|whats|wat|which|when|where|why|how|is|are|was|were|did|does|do|has|have|had|"
    r"can|could|will|would|should|list|name|explain|give|show|tell)\b"
)
_DOT = "\x00"
LATE_QUESTION_AFTER = 40  # characters of preamble before a comma-joined question
PRONOUN_QUESTION_AFTER = 20  # the same, when the question after the comma says "he" or "her"
_HIS_HER = re.compile(r"\b(?:he|she|him|her|his|hers)\b", re.IGNORECASE)
_LATE_QUESTION = re.compile(r"[,;:]\s*(?=(?:so |and |but )?(?:what|who|whom|whose|which|when|where|why|how)\b)", re.I)
_MAYBE_SEVERAL = re.compile(r"[.?!][\"”’)]*\s+\S|\n")
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_ENDS = {".": "\x00", "?": "\x01", "!": "\x02"}
_HIDE_ENDS = str.maketrans(_ENDS)
_SHOW_ENDS = str.maketrans({v: k for k, v in _ENDS.items()})


def sentences(message: str) -> list[str]:
    """The message split into sentences (abbreviations such as U.S. and Gov. don't end one)."""
    masked = _ABBREVIATION_DOTS.sub(lambda m: m.group(0).replace(".", _DOT), message.strip())
    # A quoted passage is one piece, whatever sentences it holds.
    masked = _QUOTED.sub(lambda m: m.group(0)[:-2].translate(_HIDE_ENDS) + m.group(0)[-2:], masked)
    parts = [p.translate(_SHOW_ENDS).strip() for p in _SENTENCE_END.split(masked)]
    return [p for p in parts if p]


def is_question(sentence: str) -> bool:
    return sentence.rstrip().endswith("?") or _QUESTION_START.match(plain(sentence)) is not None


def question_sentences(message: str) -> tuple[list[str], str]:
    """The question sentences of a message (at most two, the last ones asked) and the
    sentence just before the first of them (context a preamble may give)."""
    if not _MAYBE_SEVERAL.search(message):
        return _one_sentence(message)
    parts = sentences(message)
    if len(parts) <= 1:
        return [message.strip()], ""
    asked = [i for i, s in enumerate(parts) if s.rstrip().endswith("?")] or [
        i for i, s in enumerate(parts) if is_question(s)
    ]
    if not asked:
        return [parts[-1]], " ".join(parts[-2:-1])
    chosen = asked[-MAX_PARTS:]
    if len(chosen) == 2 and chosen[1] != chosen[0] + 1:
        chosen = chosen[-1:]  # two questions far apart: the last one is what is asked now
    first = chosen[0]
    context = parts[first - 1] if first > 0 and not is_question(parts[first - 1]) else ""
    return _asked_now(parts, chosen), context


def _one_sentence(message: str) -> tuple[list[str], str]:
    """One sentence (most questions). A long one may still end in its question after a
    comma: "so i live in kent and my neighbour asked me, what does the letter ask?"."""
    tail = _LATE_QUESTION.search(message)
    # ("durkins tweet was fire, what did she tweet?": a shorter clause still, when the question's
    # pronoun needs the one before it)
    after = PRONOUN_QUESTION_AFTER if tail and _HIS_HER.search(message[tail.end() :]) else LATE_QUESTION_AFTER
    if tail and tail.start() >= after and not is_question(message[: tail.start()]):
        return [message[tail.start() + 1 :].strip()], message[: tail.start()].strip()
    return [message.strip()], ""


def _asked_now(parts: list[str], chosen: list[int]) -> list[str]:
    """The chosen question sentences; a last one too short to stand alone takes the next
    sentence with it ("and seattle? did it get one too")."""
    asked_now = [parts[i] for i in chosen]
    last = chosen[-1]
    if last + 1 < len(parts) and len(plain(parts[last]).split()) <= ELLIPSIS_WORDS:
        asked_now[-1] = f"{parts[last].rstrip('?')} {parts[last + 1]}"
    return asked_now


# ------------------------------------------------------------------ two parts in one sentence

_WH = r"(?:who|whom|whose|what|whats|which|when|where|why|how)"
# A yes/no second part after a comma: "what did he call it, and did he say ...?"
_YES_NO_START = r"(?:did|does|do|is|was|are|were|has|have|had|can|could|will|would)\s+(?:he|she|they|it|the|this|that)"
_SPLIT = re.compile(
    rf"(?:,\s*|\s+)(?:and|also|plus|&)\s+(?={_WH}\b)|\?\s*(?:and\s+)?(?={_WH}\b)|;\s*(?={_WH}\b)"
    rf"|,\s*and\s+(?={_YES_NO_START}\b)"
)


def split_parts(sentence: str) -> list[str]:
    """'who is Durkan and what did she say?' -> both questions; one question stays whole."""
    folded = fold(sentence)
    match = _SPLIT.search(folded)
    if match is None or match.start() < 8 or len(folded) - match.end() < 8:
        return [sentence]
    return [sentence[: match.start()].strip(" ,;?") + "?", sentence[match.end() :].strip()]


# ------------------------------------------------------------------ what it asks

_ROLE_CUES = re.compile(
    r"\b(?:capacity|office|title|position|job|role|post|occupation|profession|do for a living|"
    r"whose spokes(?:woman|man|person)|what body|which body|who (?:does|did) \w+(?: \w+){0,3} work for|"
    r"who (?:is|was) \w+(?: \w+){0,3} working for|who employs|"
    # "what does Joe McDermott chair?", "which group does she lead?": the body they head
    r"(?:what|which \w+) (?:does|did) \w+(?: \w+){0,3} (?:chair|lead|head|run|preside over)$)\b"
)
# "Which party is senator X from?", "where is X from?", "how old is X?": answered by a person's description when
# it tells (drafted people: "a Democrat from Eastbrook"), else as any question.
# "how old is X", and "hows old is durkan": a typed "how's", as "how is old"
_HOW_OLD = r"how(?:s| is| s)? old"
HOW_OLD = re.compile(rf"\b{_HOW_OLD}\b")
PERSONAL_CUES = re.compile(
    r"\b(?:(?:which|what) (?:political )?party|wher(?:e)? (?:is|was|does|did) \w+(?: \w+){0,3} (?:from|come from)|"
    rf"{_HOW_OLD})\b"
)
_QUOTE_CHECK = re.compile(
    r"\b(?:direct(?:ly)? quot|verbatim|paraphras|exact words|own words|word for word|actual words|"
    r"really said|quoted directly|actually said)"
)
# How someone's words reached the public: "in what form did X respond", "through what medium",
# "how did X make her remarks", "a speech, a tweet or something else?"
_MEDIUM_ASKED = re.compile(
    r"\b(?:in|through|by|via) (?:what|which) (?:form|format|medium|means|channel|way|manner)\b"
    r"|\b(?:what|which) (?:form|format|medium|channel|platform)\b"
    r"|\bhow did \w+(?: \w+){0,3} (?:make|give|deliver|share|communicate|put out|release|issue|announce|publish)"
    r" (?:(?:his|her|their|its|the|that|this|those|these) )?(?:remarks|comments|answer|response|reaction|reply|views|"
    r"message|statement|words|position|decision)\b"
    r"|\bor (?:something else|some other way|another way)\b"
)
_COMPARISON = re.compile(r"\b(?:differ|different|difference|compare|compared|comparison|contrast|versus|vs)\b")
_CLOCK = re.compile(
    r"\b(?:what|which|at what) (?:(?:exact|precise|specific) )?(?:time|hour)\b(?! of (?:the )?day)|\bwhat o ?clock\b|"
    r"\bthe (?:exact|precise|specific) (?:time|hour)\b"
)
_YEAR = re.compile(r"\b(?:what|which|in what|in which) years?\b")
_DATE = re.compile(r"\b(?:what|which) dates?\b")
_DEADLINE = re.compile(r"\bby (?:what|which) (?:date|day|time)\b|\bby when\b")
# "How long has he been chair?" asks for a span of time ("how long is the opinion?" does not).
_DURATION = re.compile(
    r"\bhow long (?:has|have|had|did|does|do|will|would|was|were|is|are)\b(?! (?:it|the \w+) (?:be|is)\b)"
)
# "How long has he been council chair?", "how long have they been a sanctuary county?"
_TENURE = re.compile(r"\bhow long (?:has|have|had) (?:\w+ ){1,4}?been\b(?! (?:\w+ing|at|after)\b)")
_STARTS = re.compile(r"\b(?:start|starts|started|begin|begins|began|kick off|kicks off|end|ends|ended)\b")
_EXACT = re.compile(r"\b(?:exact|exactly|precise|precisely|specific)\b")
# "How much" asks for money when money follows, or a verb ("how much did it cost"); "how much
# notice" / "how much time" ask for something else.
_AMOUNT = re.compile(
    r"\bhow much(?: (?:extra |more |additional |new |federal |total |public )?"
    r"(?:money|cash|funding|funds|grant|grants|dollars|revenue|income|pay|salary|aid)\b"
    r"| (?:did|does|do|is|was|are|were|will|would|could|can|has|have|had|should|might|must)\b|\s*$)"
    r"|\b(?:dollar|exact) (?:amount|figure|sum)|\bhow many dollars\b|\bwhat (?:amount|sum)\b"
)
_NAME_OF = re.compile(
    r"\b(?:official |exact |full )?name (?:or number )?of (?:the |this |that |a )?(?P<noun>[a-z-]+(?: [a-z-]+)?)"
)
_PERSON_NOUN = re.compile(
    # a person described, not an office ("the doj spokesman" is someone the article may not name)
    r"\b(?:guy|man|woman|person|lady|dude|fellow|official|people)\b(?!['’]?s\b)"  # not "the man's program"
)
_CALLED = re.compile(r"\bwhat(?:s| is| was| s) (?:the )?(?:[a-z-]+ )?(?P<noun>[a-z-]+) called\b")
_WHICH_NOUN = re.compile(
    r"^(?:(?:so|and|but|ok|also) )*(?:which|what|whats|what kind of|what sort of|which kind of)"
    r" (?P<noun>[a-z-]+)\b(?: (?:is|was|are|were|did|does|do|has|have|had|will|would|can|could|should|might|"
    r"may|hears|heard|handles|handled|signed|wrote|runs|leads|oversees|got|gets|received|issued|sent|made)\b)"
)
_STANDS_FOR = re.compile(
    r"\bwhat(?:s| does| do| did| is| s)? (?:the )?(?P<short>[a-z]{2,6}) (?:stand for|stands for|short for|mean)\b"
)
# Details a reader asks for by name; an entry must mention the thing to answer it.
_DETAIL_NOUN = re.compile(
    r"\b(?P<noun>outcome|result|verdict|ruling|deadline|amount|cost|price|budget|salary|age|party|address|venue|"
    r"agenda|schedule|timeline|score|margin|percentage|population|turnout|penalty|fine|sentence|"
    r"motive|nickname|website|email|phone)\b"
)
_MEDIA = (
    (
        "twitter",
        re.compile(r"\b(?:tweet|tweeted|tweets|twitter|on x|post on x|social media post|instagram|facebook)\b"),
    ),
    (
        "statement",
        re.compile(r"\b(?:(?:written |press )?statement|press release|written|in writing|in a letter)\b"),
    ),
    (
        "spoken",
        re.compile(
            r"\b(?:on tv|on television|interview|speech|aloud|out loud|press conference|press event|on camera|"
            r"news conference|on (?:cnn|msnbc|fox(?: news)?|the radio|radio)|podcast)\b"
        ),
    ),
)
_NUMBER_WORDS = words(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety"
)
# A number a question names: not a year ("since 2020"), nor the count in "two dozen" or
# "two hundred" (orders of magnitude are checked as such).
_NUMBER = re.compile(
    r"\b(?!(?:19|20)\d\d\b)(?:\d[\d,.]*|" + "|".join(_NUMBER_WORDS) + r")\b"
    r"(?!\s+(?:dozen|hundred|thousand|million|billion)s?\b)"
)
_PRESUPPOSING = re.compile(
    r"^(?:(?:so|and|but|ok|then) )*(?:why|how come|what made|what did \w+(?: \w+){0,4} do (?:after|when|with|about)|"
    r"in (?:his|her|their) (?:tweet|statement|interview|speech|post)|as (?:a |the )?\w+ of|"
    r"(?:for|on) what (?:\w+ )?(?:reason|grounds|offen[cs]e|crimes?|charges?|basis|purpose))\b"
)
# "the county asks people about their status, right?": a statement offered to be confirmed.
_TAG_QUESTION = re.compile(r"\b(?:right|rite|correct|true|yes|no|isnt it|doesnt it|didnt it|didnt they|dont they)$")
_REASON = re.compile(r"^(?:(?:so|and|but) )*(?:why|how come|what (?:is|was) the reason|for what reason)\b")
_WHEN = re.compile(r"^(?:(?:so|and|but) )*(?:when|wen|whn|what day|which day|on what day|on which day|what date)\b")
_HOW_MANY = re.compile(r"\bhow many\b")
_WHERE = re.compile(r"^(?:(?:so|and|but) )*(?:where|wher|whr)\b")
_WHO = re.compile(r"^(?:(?:so|and|but) )*(?:who|whom|whose|which person|which official)\b")
# ("can you tell me what he tweeted?" asks what he tweeted, not whether the bot can tell)
_YES_NO = re.compile(
    r"^(?:(?:so|and|but) )*(?!(?:can|could|would|will|do) (?:you|u) (?:please )?"
    r"(?:tell|explain|show|give|list|know|say)(?: me| us)? (?:what|who|whom|whose|which|when|where|why|how)\b)"
    r"(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would|should)\b"
)


_NOT_NOUNS = frozenset(words("is was are were did does do the a an one ones part else exactly kind sort"))


def _focus(text: str) -> Focus | None:
    if _CLOCK.search(text):
        # "what time was it scheduled?" is answered by "Wednesday afternoon"; "the exact time" is not
        exact = _EXACT.search(text) is not None
        clock = exact or _STARTS.search(text) is not None  # "what time does it start?" asks the clock
        return Focus(Detail.clock if clock else Detail.time_of_day, None, "the exact time" if exact else "at what time")
    if _YEAR.search(text):
        return Focus(Detail.year, None, "in what year")
    if _DEADLINE.search(text):  # "by what date must the county reply?": a deadline, not any date
        return Focus(None, "deadline", "the deadline")
    if _DATE.search(text):
        return Focus(Detail.date, None, "the date")
    if _TENURE.search(text):
        return Focus(Detail.tenure, None, "how long")
    if _DURATION.search(text):
        return Focus(Detail.duration, None, "how long")
    if _AMOUNT.search(text):
        exact = _EXACT.search(text) is not None
        return Focus(Detail.exact_amount if exact else Detail.amount, None, "the exact amount" if exact else "how much")
    match = _NAME_OF.search(text) or _CALLED.search(text)
    if match:
        # "the name of the group that sued": the noun, not the clause after it
        named = match.group("noun").split()
        while len(named) > 1 and named[-1] in STOPWORDS:
            named.pop()
        return Focus(Detail.name, named[-1], f"the name of the {' '.join(named)}")
    match = _STANDS_FOR.search(text)
    if match and match.group("short") not in STOPWORDS:
        short = match.group("short")
        return Focus(None, short, f"what {short.upper()} stands for", literal=True)
    match = _DETAIL_NOUN.search(text)
    if match and re.match(r"^(?:(?:so|and|but|ok) )*(?:what|which|whats|who|how|tell|is|was|did)\b", text):
        noun = match.group("noun")
        return Focus(None, noun, f"the {noun}")
    match = _WHICH_NOUN.match(text)
    if match and match.group("noun") not in _NOT_NOUNS and stem(match.group("noun")) not in GENERIC_STEMS:
        noun = match.group("noun")
        return Focus(None, noun, f"which {noun}")
    return None


# What follows when something is not done: "what happens if they don't comply?", "what will the
# DOJ do if the cities won't hand over the paperwork", "and if they refuse?", "or else what?".
_CONSEQUENCE = re.compile(
    r"\b(?:or else|or what|otherwise)\b"
    r"|\bif (?:\w+ ){0,3}?(?:do not|dont|don t|does not|doesnt|did not|didnt|will not|wont|would not|wouldnt|not|"
    r"refuse\w*|fail\w*|decline\w*|ignore\w*|resist\w*|say no)\b"
)
_CONSEQUENCE_ASKED = re.compile(r"^(?:(?:and|so|but|ok) )?(?:what|whats|and|or|if|so)\b")


def asks_consequence(text: str) -> bool:
    """Whether a (folded) question asks what follows when something is not done."""
    return _CONSEQUENCE_ASKED.match(text) is not None and _CONSEQUENCE.search(text) is not None


def _asks(text: str) -> Asks:
    if _QUOTE_CHECK.search(text):
        return Asks.quote_check
    if asks_consequence(text):
        return Asks.consequence
    if _MEDIUM_ASKED.search(text):
        return Asks.medium
    if _COMPARISON.search(text) and re.search(r"\bhow\b|\bwhat\b", text):
        return Asks.comparison
    if _ROLE_CUES.search(text):
        return Asks.role
    if _REASON.match(text):
        return Asks.reason
    if _WHEN.match(text):
        return Asks.time
    if _HOW_MANY.search(text):
        return Asks.number
    if _WHERE.match(text):
        return Asks.place
    if _WHO.match(text):
        return Asks.person
    if _YES_NO.match(text):
        return Asks.yes_no
    return Asks.other


def without_media(text: str) -> str:
    """The folded question without the words that name a medium ("in his tweet")."""
    for _, pattern in _MEDIA:
        text = pattern.sub(" ", text)
    return text


def medium_of(text: str) -> str | None:
    """How the reader takes the words to have been given ("in his tweet" -> twitter)."""
    for medium, pattern in _MEDIA:
        if pattern.search(text):
            return medium
    return None


# "Who is Sanders, according to the article?": the source the reader names is the only one.
_ACCORDING_TAIL = re.compile(
    r",?\s+(?:according to|as per|per) (?:the|this) (?:article|story|report|piece)(?=\s*[?.!]*\s*$)", re.I
)


# "..., right?", "..., yes?": the tag asks to confirm the statement; the statement is what is matched.
_TAG_TAIL = re.compile(r",?\s+(?:right|rite|correct|yes|true|no|isn['’]?t it|am i right)(?=\s*[?.!]*\s*$)", re.I)


_CHOICES = r"yes or no|or not|or nah|or no"
_A_CHOICE_TAIL = re.compile(rf"\b(?:{_CHOICES})$")  # "did they, yes or no?" asks; it takes nothing as given
# The choice said out loud adds nothing to match on: "did seattle get a letter or nah?"
_CHOICE_TAIL = re.compile(rf",?\s+(?:{_CHOICES})(?=\s*[?.!]*\s*$)", re.I)
TAG_MIN_WORDS = 3  # "right?" alone, or "is that right?", is no statement with a tag


# "what's the name of the king county guy who was mad?" asks who he is.
_NAME_OF_PERSON = re.compile(
    r"^(?:(?:so|and|but|ok) )?(?:what(?:s|'s|’s| is| was)|tell me|give me) (?:the )?(?:full )?"
    r"name of (?:the|that|this) ",
    re.IGNORECASE,
)


# "When King County got its letter, what did McDermott say?": the question comes after the
# clause that sets it up; asked first, its own question word gives its shape (not "when").
_LEADING_CLAUSE = re.compile(
    r"^(?P<clause>(?:when|after|once|since|because|now that)\s+(?!(?:did|does|do|was|were|is|are|will|would|has|"
    r"have|had|can|could)\b)[^,;?]{6,}?),\s+(?P<question>(?:what|whats|how|who|why|where|which|did|does|do|is|was|"
    r"are|were|has|have)\b[^,;]*)$",
    re.IGNORECASE,
)


def _read_one(message: str, text: str, context: str) -> Question:
    text = _ACCORDING_TAIL.sub("", text)
    leading = _LEADING_CLAUSE.match(text.strip())
    medium_said = None
    if leading:
        asked = leading.group("question").rstrip(" ?")
        text = f"{asked} {leading.group('clause')[0].lower()}{leading.group('clause')[1:]}?"
        medium_said = medium_of(plain(asked))  # "After de Blasio tweeted, what did Durkan say?": not hers
    asked_name = _NAME_OF_PERSON.match(text)
    if asked_name and _PERSON_NOUN.search(fold(text[asked_name.end() :])):
        text = f"who is the {text[asked_name.end() :]}"
    folded = plain(text)
    tagged = _TAG_QUESTION.search(folded) is not None and _A_CHOICE_TAIL.search(folded) is None
    if tagged and len(tokens(text)) > TAG_MIN_WORDS and not _QUESTION_START.match(folded):
        text = _TAG_TAIL.sub("", text)  # a statement's tag ("which members voted yes?" has none)
    elif _YES_NO.match(folded):
        text = _CHOICE_TAIL.sub("", text)
    return Question(
        message=message,
        text=text,
        context=context,
        asks=_asks(folded),
        focus=_focus(folded),
        numbers=tuple(dict.fromkeys(_NUMBER.findall(fold(text).replace(",", "")))),
        medium=(medium_said if leading else medium_of(folded)) or _framing_medium(context),
        presupposes=_PRESUPPOSING.match(folded) is not None or tagged,
    )


_FRAMING = re.compile(r"^(?:in|on|via|through|during) (?:\w+ ){0,10}\w+$")


def _framing_medium(context: str) -> str | None:
    """The medium of a clause that frames the question ("In the press statement his office
    released, what did de Blasio say?"), not of a sentence about the reader."""
    framing = plain(context)
    return medium_of(framing) if _FRAMING.match(framing) else None


# "Different question: what did McDermott say ...?": the question announced, then asked.
_NEW_TOPIC = r"different|diff|another|new|other|unrelated|separate"
_LEAD_WORDS = r"ok|okay|so|and|also|btw|anyway|anyways"
_ANNOUNCED = re.compile(
    rf"^\s*(?:(?:{_LEAD_WORDS})[,\s]+)?(?:(?:a|one|my)\s+)?(?:(?:{_NEW_TOPIC}|quick|follow[- ]?up|"
    r"last|more|next|second|related)\s+)?(?:question|q)\s*[:\-–—,]\s*"
    rf"|^\s*(?:(?:ok|okay|so|and|also|btw|anyway|anyways)[,\s]+)?(?:on\s+)?(?:a\s+)?(?:{_NEW_TOPIC})\s+"
    r"(?:thing|topic|subject|note)\s*[:\-–—,]\s*"
    r"|^\s*(?:btw|by the way|anyway|anyways|changing (?:the )?subject)\s*[:\-–—,]?\s+(?=\S)",
    re.IGNORECASE,
)
# "different question: ...", "ok new topic, ...", "changing the subject, ...": the reader says the
# question stands alone, whatever was asked before.
_STANDS_ALONE = re.compile(
    rf"^\s*(?:(?:ok|okay|so|and|also|btw|anyway|anyways)[,\s]+)?(?:(?:a|one|my)\s+)?(?:on\s+)?(?:a\s+)?"
    rf"(?:(?:{_NEW_TOPIC})\s+(?:question|q|thing|topic|subject|note)\b|changing (?:the )?subject\b)",
    re.IGNORECASE,
)


def stands_alone(message: str) -> bool:
    """Whether the reader announces a question of its own ("diff question, ...", "new topic: ...")."""
    return _STANDS_ALONE.match(message) is not None


# How a reader asks to be answered ("in simple words", "in plain English", "in a nutshell"): a wish
# about the reply's style, not words of what is asked, which would otherwise weigh against every entry.
_PLAINLY = re.compile(
    r"(?:,\s*)?\b(?:in (?:simple|simpler|plain|easy|basic|short|brief|everyday|few|layman[’']?s|laymans|lay) "
    r"(?:words|terms|english|language|sentences?)|simply put|in a nutshell|(?:to put it )?simply|briefly)\b(?:\s*,)?",
    re.IGNORECASE,
)


def read(message: str) -> Question:
    """The message as a `Question` (with `second` set for a two-part question)."""
    unstyled = _PLAINLY.sub(" ", message).strip() or message
    asked, context = question_sentences(_ANNOUNCED.sub("", unstyled, count=1) or unstyled)
    if len(asked) == 2 and len(plain(asked[0]).split()) <= ELLIPSIS_WORDS:
        asked = [f"{asked[0].rstrip('?')} {asked[1]}"]  # "and seattle? did it get one too"
    elif len(asked) == 2 and len(plain(asked[1]).split()) <= FRAGMENT_WORDS and not _ASKING_WORD.match(plain(asked[1])):
        asked = [f"{asked[0].rstrip('?')}, {asked[1]}"]  # "how did she say it? interview?": one question
    if len(asked) == 1:
        asked = split_parts(asked[0])
    first = _read_one(message, asked[0], context)
    if len(asked) == 1:
        return first
    return replace(first, second=_read_one(message, asked[1], ""))


_ASKING_WORD = re.compile(
    r"^(?:and |so |but |also )?(?:who|whom|whose|what|whats|which|when|where|why|how|is|are|was|were|did|does|do|"
    r"has|have|had|can|could|will|would|should)\b"
)
_QUOTED = re.compile(r"[\"“”]([^\"“”]{4,})[\"“”]")


# Single quote marks around words ('enough is enough', 'untenable', 'doesn't make us safer'): marks
# that stand at word edges, so an apostrophe inside a word ("don't") is part of the words, not a mark.
_SINGLE_QUOTED = re.compile(
    r"(?:^|(?<=[\s(]))'((?:[^'\s]|(?<=\w)'(?=\w))(?:[^']|(?<=\w)'(?=\w))*?[^'\s])'(?=[\s?.,!:;)]|$)"
)
_QUOTED_WORD_CHARS = 4  # one word in single quote marks is a quote from this length ('untenable', not 'em')


def quoted_fragment(question: str) -> str | None:
    """The passage a reader put in quote marks, if any (straight or typographic, double or single)."""
    folded = fold(question)
    match = _QUOTED.search(folded.replace("“", '"').replace("”", '"'))
    if match is None:
        match = _SINGLE_QUOTED.search(folded)
        if match is not None and " " not in match.group(1) and len(match.group(1)) < _QUOTED_WORD_CHARS:
            match = None
    return match.group(1).strip() if match else None
