"""Follow-up questions: a question read in the context of the reader's previous exchange.

`resolve` decides what a follow-up refers to ("what else did he say?", "and Durkan?",
"why?", "source?", "is that a direct quote?") and turns it into a standalone question or a
reference to the previous answer. A question that stands alone is left as it is: context
only fills what the question leaves open. `Conversations` keeps each reader's last exchange,
keyed by conversation and user, bounded in memory and expiring. The answers to follow-ups
are in `followup_answers`.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from enum import StrEnum

from .premises import place_pattern
from .question import medium_of, quoted_fragment, stands_alone
from .text import REFLEXIVE, STOPWORDS, plain, plural, tokens, words

DEFAULT_TTL_SECONDS = 600.0
DEFAULT_MAX_CONVERSATIONS = 10_000
SHORT_FOLLOWUP_WORDS = 4  # "and durkan?", "what about chicago?": at most this many content words


class Refers(StrEnum):
    """What a follow-up asks of the previous exchange."""

    none = "none"  # a standalone question
    source = "source"  # "source?", "where does it say that?", "which paragraph?"
    quote_check = "quote-check"  # "is that a direct quote?"
    who = "who"  # "who's that?", "who is she?"
    more_quotes = "more-quotes"  # "what else did he say?"
    who_said = "who-said"  # "who said that?"
    medium = "medium"  # "was that in a tweet?", "how did she say it?"
    more_facts = "more-facts"  # a bare "what else?" after a fact: the next one on the same question
    full_quote = "full-quote"  # "what was the full quote?"
    unknown_person = "unknown-person"  # "what else did she say?" when the last answer was about no one
    speaker_check = "speaker-check"  # "that was sessions, right?": whether the words were that person's
    quote_context = "quote-context"  # "what was he talking about?": what the quoted words were about
    rewrite = "rewrite"  # a question rebuilt with the previous one's missing part


@dataclass(frozen=True, slots=True)
class Previous:
    """What a follow-up may refer to: the last question and what its answer was about."""

    question: str
    person: str | None  # the name of the person the answer was about or quoted
    answered: bool
    text: str = ""  # what the answer said (the body a "their president?" may be of)


@dataclass(frozen=True, slots=True)
class Followup:
    refers: Refers
    question: str  # the question to answer (rewritten for Refers.rewrite)
    bare: bool = False  # a bare "why?" / "when?": only the question word was asked


# A request to confirm, with nothing to confirm in it ("is that right?", "really?").
BARE_CONFIRMATION = (
    r"^(?:(?:and|so|ok|but|wait) )?(?:(?:is|was) (?:that|this|it) (?:right|true|correct|so|accurate)|"
    r"are you sure|you sure|really|for real|seriously|right|true|correct|is that so)"
    r"(?: about (?:that|this|it))?$"
)
_SOURCE = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:source|sources|link|citation|cite|proof|evidence|"
    r"where (?:does|did|do) (?:it|the article|they|you) (?:say|said|get) (?:that|this|it)|"
    r"where (?:is|was) (?:that|this) from|where(?:s| is)? (?:that|this)$|"
    r"which paragraph|what paragraph|paragraph$|para$|where in the article|"
    r"(?:says|said) who|according to (?:who|whom|what)|how do you know(?: that)?)\b"
    # "is that right?", "really?", "are you sure?": asked to confirm the reply, which its source does
    r"|" + BARE_CONFIRMATION
)
_QUOTE_CHECK = re.compile(
    r"\b(?:direct quote|verbatim|exact words|exact wording|word for word|actual words|own words|his words|her words|"
    r"really say that|"
    r"really said that|paraphras|in quotes|quote marks)\b|"
    r"^(?:(?:and|so|ok|but) )?(?:is|was) (?:that|this|it) (?:a |an )?(?:real |actual |exact |direct )?quote$"
)
_FULL_QUOTE = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:(?:what|whats) (?:is|was) |give me |show me |can i see |i want )?"
    r"(?:the )?(?:full|whole|complete|entire) (?:quote|thing|statement|line|tweet|post)(?: pls| please| plz)?$"
    # "but?", "and?", "what else was in it?": the rest of the words the previous answer quoted
    r"|^(?:but|and|and then|then what|go on|continue|keep going)$"
    r"|^(?:and )?what else (?:was|is|did) (?:in )?(?:it|that|the statement|the tweet|the post|the quote)(?: say)?$"
)
# "what was he talking about?", "what did she mean by that?": the words just quoted, in their context.
_QUOTE_CONTEXT = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:what|whats|wat) (?:was|is|were|are) (?:he|she|they) (?:talking|on) about"
    r"|^(?:(?:and|so|ok|but) )?(?:what|wat) (?:did|does|do) (?:he|she|they) mean(?: by (?:that|it|this))?$"
)
_WHO_THAT = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:who|whos)(?: is| s| was)? (?:that|this|he|she|him|her|they)$"
    # "what's his title?", "mayor of which city?", "which city?": the previous person's role
    r"|^(?:(?:and|so|ok|but) )?(?:whats|what is|what s|what was|what) (?:his|her) (?:title|job|role|position|office)$"
    # "which mayor is that?" after the conference president's words
    r"|^(?:(?:and|so|ok|but|wait) )?(?:which|what) (?:mayor|person|official|one|guy|woman|man|lady|spokeswoman|"
    r"spokesman|spokesperson|chairman|leader) (?:is|was) (?:that|this|he|she|it)$"
    r"|^(?:(?:and|so|ok|but) )?(?:(?:mayor|governor|chairman|chair|president|head|leader) of )?"
    r"(?:which|what) (?:city|town|state|county|council|office|position|job|title|role)$"
    r"|^(?:(?:and|so|ok|but) )?(?:mayor|governor|chairman|chair|president|head|leader) of (?:where|what place)"
    r"(?: again| exactly)?$"
    # "whats his name?", "first name?", "and he's mayor of where again?"
    r"|^(?:(?:and|so|ok|but) )?(?:(?:whats|what is|what s|what was|what) )?(?:(?:his|her|the) )?"
    r"(?:(?:full|first|last|whole) )?name(?: again)?$"
    r"|^(?:(?:and|so|ok|but) )?(?:he|she|hes|shes)(?: is| was| s)? (?:the )?"
    r"(?:mayor|governor|chairman|chair|president|head|leader) of (?:where|what|which(?: \w+)?)(?: again| exactly)?$"
)
_MORE = re.compile(
    r"\b(?:what|anything) else (?:did|does|has) (?:he|she|they) (?:say|said|tweet|write)|"
    r"\bwhat (?:did|does|else did) (?:he|she|they) (?:add|go on to say)\b|"
    r"(?:any|more|other) (?:quotes?|things) (?:from|by) (?:him|her|them)|what else did (?:he|she|they)|"
    r"\b(?:anything|something) else (?:from|by) (?:him|her|them)\b|^(?:and |any )?more from (?:him|her|them)\b"
)
_WHO_SAID = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:who|whom) (?:said|says|wrote|tweeted|claimed|thinks) (?:that|this|it|so)$"
)
_MEDIUM_IS = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:was|is) (?:that|this|it) (?:a |an )?(?:real |actual )?"
    r"(?P<medium>tweet|statement|press release|interview|speech|post|letter|press conference)$"
)
_MEDIUM_CHECK = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:was|is|did) (?:that|this|it|he|she|they)"
    r"(?: (?:say|said|post|posted) (?:that|it|this))? (?:in|on|via|through) (?:a |an |his |her |their )?"
    r"(?P<medium>tweet|twitter|x|statement|press release|interview|speech|tv|television|post|social media|letter)\b"
)
# "on facebook?", "in a press release?", "or was it on tv?": the medium alone, offered for the words
# just given.
_MEDIUM_FRAGMENT = re.compile(
    r"^(?:(?:and|so|ok|but|or|wait) )*(?:(?:was|is) (?:it|that|this) )?(?:on|in|via|through|over|by) "
    r"(?:a |an |the |his |her |their )?[a-z]+(?: [a-z]+)?(?: (?:then|instead|too|though|tho))?"
    r"(?: (?:right|or what|or not))?$"
)
# "did he tweet that?", "did she post it?": the verb names the medium asked about.
_MEDIUM_VERB = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:did|does|has) (?:he|she|they|it) (?:tweet|tweeted|post|posted|write|wrote|say|said)"
    r" (?:that|it|this)(?: (?:on|in|via) [a-z ]+| (?:out )?loud| aloud)?$"
)
_MEDIUM_HOW = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:how|where) (?:(?:did|does) (?:he|she|they) "
    r"(?:say|announce|put|post|share|make|give|release|deliver) (?:it|that|this)|"
    r"(?:was|is) (?:it|that|this) (?:said|announced|made|given|released|posted|shared|delivered))\b"
)
_BARE_MORE = re.compile(
    r"^(?:(?:and|so|ok|but|anything) )?(?:what else|anything else|(?:tell me )?more|what more|go on|and then|"
    r"what other things|anything more|else)(?: (?:did|does) (?:he|she|they|it) (?:say|said|do))?$"
)
# A person's pronouns ("they" is most often a group: "people about their status").
_PRONOUN = re.compile(r"\b(?:he|she|him|her|his|hers|hes|shes)\b")  # "hes": "he's" typed casually
_A_QUESTION = re.compile(r"^(?:who|whom|whose|what|whats|which|when|where|why|how|is|was|did|does|do|has)\b")
_ELLIPSIS = re.compile(
    r"^(?:and|what about|how about|and what about|what of|ok and|so what about|same for) (?P<rest>.+)$"
)
_TAGGED = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:who|whom|which account) (?:did|does) (?:he|she|they) (?:tag|mention|at)\b"
)
_OR_ELSE = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:or else what|or what|or else|(?:and|what|what happens) if (?:they|it|he|she) "
    r"(?:do not|dont|don t|doesnt|does not|wont|will not)(?: do it| do that)?)$"
)
_BARE_WH = re.compile(
    r"^(?:and |so |but )?(?:for |since |until )?"
    r"(?P<wh>why|when|where|how|how many|how much|how long|how often|who|what)"
    r"(?: not| so| then| them| him| her| that| this| exactly)?$"
)


def resolve(question: str, previous: Previous | None, names_person: Callable[[str], str | None]) -> Followup:
    """How `question` follows `previous` (None: there is none). `names_person(text)` is the
    full name of the person `text` names, if any (the engine's name resolution)."""
    text = plain(question)
    if previous is None or not text or stands_alone(question):
        return Followup(Refers.none, question)
    found = (
        _speaker_check(question, text, names_person)
        or _quote_context(question, text, previous)
        or _about_previous(question, text)
        or _medium_of_the_named(question, text, previous)
        or _about_person(text, previous)
        or _more_of(text, previous)
        or _role_of_body(text, previous)
        or _bare_question(text, previous)
        or _ellipsis(text, previous, names_person)
        or _with_pronoun(question, text, previous, names_person)
        or _with_role_noun(question, text, previous, names_person)
    )
    return found or Followup(Refers.none, question)


# "that was sessions, right?", "was it sanders?", "so durkan said that?": the speaker, to be confirmed.
# "I think that was Sessions actually", "no wait, I thought it was de Blasio?": a reader's own
# memory of the speaker, offered against the answer, is checked the same way.
_SPEAKER_CHECK = re.compile(
    r"^(?:(?:and|so|ok|but|wait|hmm|no|nah|actually|um) )*"
    r"(?:(?:i|we) (?:think|thought|believe|believed|was sure|remember|swear) |(?:im )?pretty sure |"
    r"(?:i am|im) sure )?"
    r"(?:(?:that|this|it) (?:was|is) (?P<a>[a-z .'-]+?)(?: who said (?:that|it|this))?|"
    r"(?:was|is|wasnt|isnt) (?:that|this|it) (?P<b>[a-z .'-]+?)|(?P<c>[a-z .'-]+?) said (?:that|this|it))"
    r"(?: actually| though| tho)?(?: right| correct| yes| yeah| rite| no)?$"
)
SPEAKER_CHECK_WORDS = 4  # a name, not a clause: "that was the mayor of new orleans" at most


def _quote_context(question: str, text: str, previous: Previous) -> Followup | None:
    """'What was he talking about?': the context of the quote just given; asked with the person's
    name when there is no quote (the question then stands alone)."""
    if not _QUOTE_CONTEXT.match(text):
        return None
    return Followup(Refers.quote_context, with_name(question, previous.person) if previous.person else question)


def _speaker_check(question: str, text: str, names_person: Callable[[str], str | None]) -> Followup | None:
    found = _SPEAKER_CHECK.match(text)
    if found is None:
        return None
    name = found.group("a") or found.group("b") or found.group("c") or ""
    if len(name.split()) > SPEAKER_CHECK_WORDS or names_person(name) is None:
        return None
    return Followup(Refers.speaker_check, question)


def all_source_requests(question: str) -> bool:
    """'where does it say that? which paragraph?': several questions, each asking for the source."""
    asked = [plain(part) for part in question.split("?") if plain(part)]
    return len(asked) > 1 and all(_SOURCE.match(part) for part in asked)


# "where's the defenders' argument in the text?", "where in the article is the part about courts?":
# the source of what the reader names (`source_topic`), which may be another entry than the last.
_SOURCE_NAMED = re.compile(
    r"^(?:(?:and|so|ok|but) )?where(?:s| is| are| was| does it say| did it say| do they say| does the article say)? "
    r"(?P<topic>.+?) (?:in|from) (?:the|this) (?:article|text|story|piece)$"
)
# What a request for a source names besides the request: "source for <the pick and choose part>",
# "which paragraph says <when the letters went out>".
_SOURCE_LEAD = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:(?:the )?(?:source|sources|citation|cite|proof|evidence|link)"
    r"(?: for| of| on| about)?|which paragraph|what paragraph|where in the (?:article|text|story)|where)"
    r"(?: (?:says|has|mentions|talks about|is|are|does it say|do they say|gives|covers|shows|is it that))?\b"
)
_SOURCE_TAIL = re.compile(r"\b(?:in|from) (?:the|this) (?:article|text|story|piece)$")
_SOURCE_FILLER = frozenset(words("part bit line thing stuff section piece quote said saying one"))


def source_topic(question: str) -> str | None:
    """What a request for a source names besides the request ("the pick and choose part" of
    "source for the pick and choose part?"), or None when it names nothing ("source?")."""
    text = plain(question)
    named = _SOURCE_NAMED.match(text)
    lead = _SOURCE_LEAD.match(text)
    topic = named.group("topic") if named else (_SOURCE_TAIL.sub("", text[lead.end() :]) if lead else "")
    kept = [w for w in topic.split() if w not in STOPWORDS and w not in _SOURCE_FILLER]
    return " ".join(topic.split()) if kept else None


# "are you sure? I read two dozen somewhere": a doubt, with what the reader remembers after it.
_REMEMBERED = re.compile(
    r"^(?:(?:but|because|cause|cuz) )?(?:i|we) (?:read|heard|saw|seen|thought|remember|was told)\b"
)


def _doubted(question: str) -> bool:
    """Whether a message doubts the reply and gives what the reader read elsewhere: the source
    of the reply answers it (and a number it gives that the reply contradicts is checked there)."""
    first, _, rest = question.partition("?")
    return (
        bool(rest.strip())
        and re.match(BARE_CONFIRMATION, plain(first)) is not None
        and (_REMEMBERED.match(plain(rest)) is not None)
    )


def _about_previous(question: str, text: str) -> Followup | None:
    """'source?', 'is that a direct quote?', 'who said that?', 'was that in a tweet?'."""
    if _SOURCE.match(text) or _SOURCE_NAMED.match(text) or _doubted(question):
        return Followup(Refers.source, question)
    if all_source_requests(question):
        return Followup(Refers.source, question)  # "is that right? where does it say that?"
    if _QUOTE_CHECK.search(text) and len(_content(text)) <= 6:
        return Followup(Refers.quote_check, question)
    if _FULL_QUOTE.match(text):
        return Followup(Refers.full_quote, question)
    if _WHO_SAID.match(text):
        return Followup(Refers.who_said, question)
    if _MEDIUM_CHECK.match(text) or _MEDIUM_HOW.match(text) or _MEDIUM_VERB.match(text) or _MEDIUM_IS.match(text):
        return Followup(Refers.medium, question)
    if _asks_medium(text) or (_MEDIUM_FRAGMENT.match(text) and medium_of(text) is not None):
        return Followup(Refers.medium, question)
    return None


# "was that a tweet or what", "he wrote this on twitter, yes?": a short question about the words
# just given (a pointer or a pronoun) that names a medium.
_MEDIUM_POINTER = re.compile(r"\b(?:that|this|it|he|she|they)\b")
_MEDIUM_LEAD = re.compile(r"^(?:(?:and|so|ok|but) )?(?:was|is|were|did|does|has|he|she|they|it|that|this)\b")


def _medium_of_the_named(question: str, text: str, previous: Previous) -> Followup | None:
    """'so sanders tweeted that?' after Sanders' words: the medium of those words, as with 'she'."""
    if previous.person is None:
        return None
    parts = {p.casefold() for p in previous.person.split() if len(p) > 2}
    words_of = text.split()
    if not parts & set(words_of):
        return None
    marked = " ".join("\x00" if w in parts else w for w in words_of)  # the name's words, run by run
    pronouned = re.sub(r"(?:\x00 ?)+", "she ", marked).strip()
    found = _about_previous(question, pronouned)
    return found if found is not None and found.refers is Refers.medium else None


def _asks_medium(text: str) -> bool:
    return (
        medium_of(text) is not None
        and _MEDIUM_LEAD.match(text) is not None
        and _MEDIUM_POINTER.search(text) is not None
        and len(_content(text)) <= SHORT_FOLLOWUP_WORDS
    )


def _about_person(text: str, previous: Previous) -> Followup | None:
    """'who's that?', 'what else did he say?' about the person of the previous answer."""
    if not previous.person:
        return None
    if _WHO_THAT.match(text):
        return Followup(Refers.who, previous.person)
    if _MORE.search(text) or _BARE_MORE.match(text):
        return Followup(Refers.more_quotes, previous.person)
    if _TAGGED.match(text):
        # "who did he tag?": the account a post of theirs names, in their posts' own words
        return Followup(Refers.rewrite, f"what did {previous.person} tweet?")
    return None


def _more_of(text: str, previous: Previous) -> Followup | None:
    """A bare 'what else?' about no one: more of what the previous question found. 'What else
    did she say?' when the previous answer was about no one: there is no one to say it of."""
    if _MORE.search(text) and not previous.person:
        return Followup(Refers.unknown_person, text)
    if _BARE_MORE.match(text) and previous.answered:
        return Followup(Refers.more_facts, previous.question)
    return None


def _role_of_body(text: str, previous: Previous) -> Followup | None:
    """'who is their president?', 'who leads it?', 'who's the president of that group?' after an
    exchange about a body ("members of the U.S. Conference of Mayors"): that role of that body."""
    asked = (
        _ROLE_OF_THEIRS.match(text) or _ROLE_OF_THAT.match(text) or _LEADS_IT.match(text) or _ITS_ROLE_IS.match(text)
    )
    if asked is None:
        return None
    body = _body_named(previous.question) or _body_named(previous.text, of_a_kind=True)
    if body is None:
        return None
    if asked.groupdict().get("rest"):  # "its president is the mayor of chicago, right?"
        return Followup(Refers.rewrite, f"the {asked.group('role')} of the {body} {asked.group('rest')}?")
    if asked.groupdict().get("verb"):
        return Followup(Refers.rewrite, f"who {asked.group('verb')} the {body}?")
    return Followup(Refers.rewrite, f"who is the {asked.group('role')} of the {body}?")


def _body_named(text: str, *, of_a_kind: bool = False) -> str | None:
    """The longest name of several words in `text` (of a kind of body: a conference, a council, ...,
    when `of_a_kind`)."""
    bodies = [m.group().strip() for m in _BODY_NAME.finditer(text[1:]) if len(m.group().split()) >= 2]
    if of_a_kind:
        bodies = [b for b in bodies if _BODY_KIND.search(b)]
    return max(bodies, key=len) if bodies else None


def _bare_question(text: str, previous: Previous) -> Followup | None:
    """A bare 'why?' or 'when?': the previous question asked with that question word; 'or else
    what?', 'and if they don't?': what follows if the previous question's demand is not met."""
    if _OR_ELSE.match(text):
        return Followup(Refers.rewrite, f"{previous.question.rstrip(' ?')} or else what happens", bare=True)
    bare = _BARE_WH.match(text)
    if bare is None:
        return None
    asked = plain(previous.question)
    if bare.group("wh") == "where" and (_QUOTE_CHECK.search(asked) or _WHO_SAID.match(asked)):
        return Followup(Refers.source, text)  # "direct quote?" "where?": where the article prints it
    return Followup(Refers.rewrite, f"{bare.group('wh')} {_without_wh(previous.question)}", bare=True)


_ASKED_OF_IT = re.compile(
    r"^(?P<subject>[a-z][a-z .'-]*?) (?P<aux>was|is|were|are|did|does|do|has|have) (?:it|they|that|this|he|she) "
    r"(?P<more>.+)$"
)
_CLAUSE_OF_ITS_OWN = re.compile(
    r"^(?:he|she|they) (?:said|says|told|wrote|tweeted|claimed|called|thinks|thought|wants|wanted|did|does|is|was|"
    r"will|would|has|had|agreed|admitted|denied|supports|opposes)\b"
)


def _ellipsis(text: str, previous: Previous, names_person: Callable[[str], str | None]) -> Followup | None:
    """'and Durkan?', 'what about chicago?': the previous question, of someone or something else."""
    ellipsis = _ELLIPSIS.match(text)
    if ellipsis is None or len(_content(ellipsis.group("rest"))) > SHORT_FOLLOWUP_WORDS:
        return None
    rest = ellipsis.group("rest")
    if _OWN_QUESTION.search(rest) or _WHO_IS.match(rest):
        return None  # "and the grants they want, what do they pay for?", "and who's the attorney general?"
    if re.match(r"(?:ok |so )?and ", ellipsis.group(0)) and _A_QUESTION.match(rest) and _PRONOUN.search(rest):
        return None  # "and what was she before that?": a question of its own, about the same person
    if _CLAUSE_OF_ITS_OWN.match(rest):
        return None  # "and he said it makes us safer?": a claim of its own, about the same person
    asked_of = _ASKED_OF_IT.match(rest)
    if asked_of and len(asked_of.group("subject").split()) <= SHORT_FOLLOWUP_WORDS:
        # "and Kentucky, was it on the list too?": the question that follows, of what is named first
        # (with what the previous one asked of, which "the list" may stand for)
        asked = f"{asked_of.group('aux')} {asked_of.group('subject')} {asked_of.group('more')}"
        return Followup(Refers.rewrite, f"{asked} ({_without_wh(previous.question)})")
    new_person = names_person(rest)
    if new_person and previous.person:
        if not _names(previous.question, previous.person):
            # "and Landrieu?" after a quote found by its words: the same question of them.
            return Followup(Refers.rewrite, f"what did {new_person} say?")
        return Followup(Refers.rewrite, _replace_person(previous.question, previous.person, new_person))
    theirs = _THEIR_ROLE.match(rest.strip(" ?!."))
    if theirs and previous.person and _names(previous.question, previous.person):
        # "what about his spokeswoman?" after "what did trump himself say ...?": the same question of
        # the person's spokeswoman
        someone = f"{previous.person}'s {theirs.group('role')}"
        return Followup(
            Refers.rewrite, _replace_person(_INTENSIFIED.sub("", previous.question), previous.person, someone)
        )
    swapped = replace_place(previous.question, rest.strip(" ?!."))
    if swapped is not None:  # "and Vermont?" after "was Texas one of them?"
        return Followup(Refers.rewrite, swapped)
    return Followup(Refers.rewrite, f"{previous.question.rstrip('?')} {rest}")


_ROLE_OF_THEIRS = re.compile(r"^(?:(?:and|so|ok|but) )?(?:who|whos|who s)(?: is| was)? (?:their|its) (?P<role>[a-z]+)$")
_ROLE_OF_THAT = re.compile(
    r"^(?:(?:and|so|ok|but) )?(?:who|whos|who s)(?: is| was)? the (?P<role>[a-z]+) of (?:that|this|the|it)"
    r"(?: group| organization| organisation| body| conference| association| union| council)?$"
)
_ITS_ROLE_IS = re.compile(r"^(?:(?:and|so|ok|but) )?(?:its|their) (?P<role>[a-z]+) (?P<rest>(?:is|was) .+)$")
_LEADS_IT = re.compile(
    r"^(?:(?:and|so|ok|but) )?who (?P<verb>leads|runs|heads|chairs) (?:it|that|them|(?:that|the|this) group)$"
)
_BODY_KIND = re.compile(
    r"\b(?:Conference|Council|Committee|Commission|Association|Union|League|Board|Coalition|Alliance|Caucus|"
    r"Federation|Society|Institute|Foundation|Party|Department|Agency|Court)\b"
)
# A capitalised name of several words, with "of", "the", "for" or "and" inside ("U.S. Conference of Mayors").
_BODY_NAME = re.compile(r"(?:[A-Z][\w.’'-]*\s+(?:(?:of|for|and|the)\s+)*)+[A-Z][\w’'-]*")
_OWN_QUESTION = re.compile(
    r"\b(?:what|who|how|why|when|where|which) (?:do|does|did|is|are|was|were|can|could|will|would|has|have)\b"
)
_WHO_IS = re.compile(r"^(?:whos|who s|who is|who was|who|whats|what s|what is|what was) (?:the|a|an) \w+")
_THEIR_ROLE = re.compile(r"^(?:his|her|their) (?P<role>[a-z]+(?: [a-z]+)?)$")
_INTENSIFIED = re.compile(rf"\s+{REFLEXIVE}\b")


def replace_place(question: str, new: str) -> str | None:
    """The previous question of another place ("was Texas one of them?" + "Vermont"), when
    the new words are a place and the question names one; else None."""
    places = place_pattern()
    if not places.fullmatch(new.strip()):
        return None
    found = list(places.finditer(question))
    if not found:
        return None
    last = found[-1]  # "is new mexico among the places in the west" -> the place asked about
    return question[: last.start()] + new + question[last.end() :]


def _with_pronoun(
    question: str, text: str, previous: Previous, names_person: Callable[[str], str | None]
) -> Followup | None:
    """'what else did he say about it': the pronoun is the previous answer's person."""
    if previous.person and _PRONOUN.search(text) and names_person(question) is None:
        return Followup(Refers.rewrite, with_name(question, previous.person))
    return None


# "so what did the mayor do about it?" after a reply that names "Mayor Jenny Durkan": an office
# named with "the", standing for the one person the previous answer names with it.
_ROLE_NOUN = re.compile(
    r"\bthe (?P<role>mayor|chairman|chairwoman|chair|spokeswoman|spokesman|spokesperson|governor|senator|sheriff|"
    r"commissioner|director|manager|president|secretary|attorney general|executive|chief|judge)\b"
)
ROLE_NEAR_NAME = 4  # words between an office and the name it goes with in the previous answer ("Mayor Jenny Durkan")


def _with_role_noun(
    question: str, text: str, previous: Previous, names_person: Callable[[str], str | None]
) -> Followup | None:
    """'so what did the mayor do about it?': the office is the person the previous answer names
    with it, when the question names no one and the previous answer names that person."""
    found = _ROLE_NOUN.search(text)
    if found is None or not previous.text or names_person(question) is not None:
        return None
    told = plain(previous.text)
    name = names_person(previous.text)
    if name is None:
        return None
    surname = plain(name).split()[-1]
    near = rf"\b{found.group('role')}\b(?: \w+){{0,{ROLE_NEAR_NAME}}}? {re.escape(surname)}\b"
    if re.search(near, told) is None:
        return None
    return Followup(Refers.rewrite, _named(question, found.group(0), name))


def _named(question: str, office: str, name: str) -> str:
    """The question with the office it names ("the mayor") replaced by the person's name."""
    return re.sub(rf"\b{re.escape(office)}\b", name, question, count=1, flags=re.IGNORECASE)


# Words that point back at what the previous exchange was about, not at a person.
_THING_POINTERS = frozenset(words("it its they them their em that this those these there one ones others whom"))
LEANING_WORDS = 3  # a question of at most this many content words besides its pointers leans on the previous one


def leans_on_previous(question: str) -> bool:
    """Whether a question reads as leaning on the previous one: it points back ("who got
    them?", "what are they about?") or is too short to stand alone ("from whom?")."""
    found = tokens(question)
    content = [t for t in found if t not in STOPWORDS and t not in _THING_POINTERS]
    return len(content) <= LEANING_WORDS and (any(t in _THING_POINTERS for t in found) or len(content) <= 1)


_AUXILIARIES = frozenset(
    words(
        "is are was were be been do does did has have had can cant cannot could couldnt will wont would wouldnt "
        "should shouldnt may might must dont doesnt didnt isnt arent wasnt werent s"
    )
)
_DETERMINERS = frozenset(words("the a an this that these those its their his her"))
_NP_STOP = (
    STOPWORDS
    | _AUXILIARIES
    | frozenset(
        words(
            "just also still really now then keep keeps get gets got send sends sent say says said tell told call "
            "calls called ask asks want wants agree agrees argue argues think thinks go goes went make makes made "
            "mean means need needs give gives gave take takes took hand hands"
        )
    )
)
NP_WORDS = 4  # words of a noun phrase, its determiner and an "of" phrase aside
_POINTER = re.compile(r"\b(?:it|they|them|its)\b")


def subject_of(question: str) -> str | None:
    """The noun phrase a question is about, right after its question word and auxiliaries:
    "Where are lawsuits pending over the grant money?" -> "lawsuits", "why can't the county
    hand it over?" -> "the county", "do defenders of sanctuary cities agree?" -> "defenders of
    sanctuary cities". None when none leads it ("who said that?")."""
    found = tokens(re.sub(r"\b([A-Z])\.([A-Z])\.", r"\1\2", question))  # "U.S." as one word
    at = 0
    while at < len(found) and (found[at] in _LEADING_WH_WORDS or found[at] in _AUXILIARIES or found[at] == "there"):
        at += 1
    if 0 < at < len(found) - 1 and found[at - 1] in ("who", "what") and found[at + 1] in _DETERMINERS:
        at += 1  # "who heads the conference": its object, after the verb
    if (
        found[at : at + 2] in (["kind", "of"], ["sort", "of"], ["type", "of"])
        and found[at + 3 : at + 4]
        and (found[at + 3] in _AUXILIARIES)
    ):
        at += 4  # "what kind of organization is the conference": the conference
    if found[at : at + 3] in (["the", "name", "of"], ["a", "name", "of"]):
        at += 3  # "the name of the federal statute": the statute
    phrase: list[str] = []
    if at < len(found) and found[at] in _DETERMINERS:
        phrase.append(found[at])
        at += 1
    start = len(phrase)
    while (
        at < len(found)
        and (not _ends_phrase(found[at]) or (found[at] == "us" and phrase[-1:] == ["the"]))  # "the U.S. ..."
        and len(set(phrase) - _DETERMINERS - {"of"}) < NP_WORDS
    ):
        phrase.append(found[at])
        at += 1
        if at + 1 < len(found) and found[at] == "of":
            phrase.append("of")  # "defenders of sanctuary cities", "the name of the federal statute"
            at += 1
            if found[at] in _DETERMINERS:
                phrase.append(found[at])
                at += 1
    while phrase and phrase[-1] in _DETERMINERS | {"of"}:
        phrase.pop()
    if len(phrase) <= start:
        return None
    return " ".join(phrase)


def with_previous_subject(question: str, previous_question: str) -> str | None:
    """'what are they about?' after 'Where are lawsuits pending?' -> 'what are lawsuits about?':
    the first "it" / "they" / "them" as the previous question's subject, or None."""
    subject = subject_of(previous_question)
    text = plain(question)
    pointer = _POINTER.search(text)
    if subject is None or pointer is None or subject in ("it", "they", "them"):
        return None
    head = subject.split()
    # "it" is a thing the previous question named with its article ("the county", not
    # "mcdermott"); "they" / "them" a plural ("lawsuits", "defenders of sanctuary cities").
    if pointer.group(0) in ("it", "its") and head[0] not in ("the", "this", "that"):
        return None
    if pointer.group(0) == "its":  # "who is its president?" -> "who is the president of the conference?"
        owned = re.match(r"its (\w+)", text[pointer.start() :])
        if owned is None:
            return None
        rest = text[pointer.start() + len(owned.group(0)) :]
        return f"{text[: pointer.start()]}the {owned.group(1)} of {subject}{rest}"
    if pointer.group(0) != "it" and not plural(head[1] if head[0] in _DETERMINERS else head[0]):
        return None
    return f"{text[: pointer.start()]}{subject}{text[pointer.end() :]}"


_LEADING_WH_WORDS = frozenset(
    words("who whom whose what whats which when where why how many much long often so and ok but then")
)


def _ends_phrase(word: str) -> bool:
    """A word a noun phrase stops before: a function word, a common verb, a participle."""
    return word in _NP_STOP or (len(word) > 5 and word.endswith(("ing", "ed")))


_MEMBERSHIP = re.compile(r"\b(?:one of (?:them|those|these)|among (?:them|those|these)|on (?:the|that) list)\b")


# "is seattle one?", "is king county one too?": whether something is one of the kind the previous
# question asked about (not "one of them", a member of what the previous answer lists).
_ONE_OF_KIND = re.compile(
    r"^(?:(?:so|and|but|ok) )*(?P<verb>is|are|was|were) (?P<thing>(?:[\w'’.-]+ ){1,4}?)(?:also |too )?"
    r"(?:one|ones)(?: too| as well| also| either)?$"
)
_NOT_A_THING = frozenset(words("it that this they he she only first last other same"))
_KIND_AFTER_ARTICLE = re.compile(r"\b(?:a|an) (?P<kind>(?:[a-z'’-]+ ){0,2}[a-z'’-]+)$")


def one_of_kind(question: str, previous_question: str) -> str | None:
    """'is seattle one?' after 'whats a welcoming city?' -> 'is seattle a welcoming city?': the
    kind is what the previous question put in quote marks, else its last "a <noun>" phrase."""
    asked = _ONE_OF_KIND.match(plain(question))
    if asked is None or _NOT_A_THING & set(asked.group("thing").split()):
        return None  # "is it the only one?", "is that one?": no thing named, or not of a kind
    kind = quoted_fragment(previous_question)
    if kind is None:
        found = _KIND_AFTER_ARTICLE.search(plain(previous_question).rstrip(" ?"))
        kind = found.group("kind") if found else None
    if not kind:
        return None
    return f"{asked.group('verb')} {asked.group('thing').strip()} a {plain(kind)}?"


def asks_membership(question: str) -> bool:
    """'Is King County one of them?': whether something belongs to what the previous answer
    was about, which that answer itself settles."""
    return _MEMBERSHIP.search(plain(question)) is not None


_PREPOSITION_FRAGMENT = re.compile(
    r"^(?:and |so |but )?(?:[a-z]+ )?(?:on|from|to|by|about|against|for|with|of|at|over|toward|towards) "
    r"(?:who|whom|what|which|where|when|how long|how much)$"
)


def fragment_only(question: str) -> bool:
    """A fragment asking for the complement of the previous answer's clause ("on who?",
    "from whom?", "warned about what?"): the previous passage is where it is."""
    return _PREPOSITION_FRAGMENT.match(plain(question)) is not None


def _content(text: str) -> list[str]:
    return [t for t in tokens(text) if t not in STOPWORDS]


_LEADING_WH = re.compile(r"^(?:who|whom|whose|what|whats|which|when|where|why|how(?: many| much)?)\s+", re.IGNORECASE)


def _without_wh(question: str) -> str:
    return _LEADING_WH.sub("", question.strip().rstrip("?"))


def with_name(question: str, name: str) -> str:
    """'what else did he say about it' -> 'what else did Joe McDermott say about it'."""
    text = re.sub(r"\b(?:his|her|their)\b", f"{name}'s", question, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:hes|shes|he['’]s|she['’]s)\b", f"{name} is", text, flags=re.IGNORECASE)  # "he's", "hes"
    return re.sub(r"\b(?:he|she|him|they|them)\b", name, text, flags=re.IGNORECASE)


def _names(question: str, person: str) -> bool:
    folded = question.casefold()
    return any(re.search(rf"\b{re.escape(part.casefold())}\b", folded) for part in person.split() if len(part) > 2)


def _replace_person(question: str, old: str, new: str) -> str:
    """The previous question about `old`, asked about `new` ("and Durkan?"): the longest run
    of the old name's words that the question uses ("de Blasio" of "Bill de Blasio")."""
    parts = old.split()
    forms = sorted({" ".join(parts[i:j]) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)}, key=len)
    forms = [f for f in reversed(forms) if len(f) > 2]
    for form in forms:
        replaced = re.sub(rf"\b{re.escape(form)}(?:['’]s)?\b", new, question, flags=re.IGNORECASE)
        if replaced != question:
            return replaced
    return f"{question.rstrip('?')} {new}"


class Conversations:
    """Each reader's last exchange, by conversation key (e.g. channel or thread, and user).

    Bounded (the least recently used are dropped past `max_size`) and expiring after `ttl`
    seconds; a key always includes the user, so one reader's context never answers another.
    """

    def __init__(
        self,
        ttl: float = DEFAULT_TTL_SECONDS,
        max_size: int = DEFAULT_MAX_CONVERSATIONS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.max_size = max_size
        self._clock = clock
        self._items: OrderedDict[Hashable, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> object | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            at, value = found
            if self._clock() - at > self.ttl:
                del self._items[key]
                return None
            self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._items[key] = (self._clock(), value)
            self._items.move_to_end(key)
            while len(self._items) > self.max_size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
