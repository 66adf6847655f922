"""Text normalisation shared by the index and the queries, so both sides fold alike.

`fold` makes text comparable (case, typographic quotes, dashes, markup, mentions);
`tokens` splits folded text into words; `stem` and `content_tokens` reduce those words
to the ones that carry meaning.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Discord mentions, custom emoji and markdown carry no meaning for the matcher.
_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>|@(?:everyone|here)\b")
_URL = re.compile(r"https?://\S+")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'"})
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "″": '"'})
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_POSSESSIVE = re.compile(r"'(?:s|d|ll|re|ve|m)\b")  # possessives and contractions: we'd -> we
_WORD = re.compile(r"[a-z0-9]+")

STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren arent as at be because been before
    being below between both but by can cant could couldnt d did didnt do does doesnt doing dont
    down during each few for from further had hadnt has hasnt have havent having he hed hes her here
    hers herself him himself his how i id im ive if in into is isnt it its itself just ll let lets m
    me more most mustn my myself no nor not of off on once only or other our ours ourselves out over
    own re s same shan she shes should shouldnt so some such t than that thats the their theirs them
    themselves then there theres these they theyre this those through to too under until up us ve
    very was wasnt we were weren what whats when where which while who whos whom why will with won
    wont would wouldnt y you your yours yourself yourselves also anything tell please know hey hi
    really actually get got gets give gave say said says article story piece u ur pls plz yeah ok
    okay um uh like kind sort thing things something someone anyone exactly whether
    guy guys lady dude folks anywhere anybody somewhere everyone everybody one ones
    gonna wanna gotta wait lol lmao r yo anyway anyways btw tbh idk hmm hm omg ya yep nope
    originally apparently literally honestly seriously probably maybe kinda sorta already tho per pretty rite
    sorry thanks thank thx ty cheers wat wut wht wher whr wen whn n w e whatever rn somethin anythin instead
    """.split()  # noqa: SIM905 (a word list reads better as text)
)

# Common words that frame a question rather than name its subject ("which states were
# *mentioned*", "what *type* of cities"). They count for little, whatever their rarity
# in the fact base, so a rare framing word neither drowns the subject nor fakes a match.
GENERIC_WORDS = frozenset(
    """
    mention mentioned mentions type types kind word words use used uses look looking looked go went
    going goes gone happen happened happening name named names list listed number numbers many
    much main point mean means meant deal reason reasons part way ways time times day talk talked
    talking think thought want wanted wants need needs needed make made makes doing done take
    took taken come came new next last first second exactly basically supposed supposedly even
    still ever really whole total overall specific specifically detail details info information
    explain explained describe described called call know known according news report reported
    reports happen stuff matter matters issue issues involved involve include included includes
    """.split()  # noqa: SIM905
)


# Folded texts and token lists kept: bounded, so an archive's or readers' texts cannot grow memory
# without end (at most about 8,192 entries of a few hundred bytes each, per function).
FOLD_CACHE = 8192


def words(text: str) -> list[str]:
    """A word list written as one string ("a b c" -> ["a", "b", "c"]), for the tables below."""
    return text.split()


@lru_cache(maxsize=FOLD_CACHE)
def fold(text: str) -> str:
    """Lower-case, straighten quotes, drop mentions, markup and zero-width characters. Cached:
    an entry's own text is folded by many checks of every question that comes near it."""
    if not text.isascii():  # plain ASCII needs no Unicode folding (the common, fast case)
        text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_APOSTROPHES).translate(_QUOTES)
    elif "`" in text:
        text = text.replace("`", "'")
    if "<" in text or "@" in text:
        text = _MENTION.sub(" ", text)
    if "://" in text:
        text = _URL.sub(" ", text)
    return text.casefold()


def tokens(text: str) -> list[str]:
    """Words of `text` after folding; possessives dropped and contractions joined (won't -> wont)."""
    return list(_tokens(text))


@lru_cache(maxsize=FOLD_CACHE)
def _tokens(text: str) -> tuple[str, ...]:
    folded = fold(text)
    if "'" in folded:
        folded = _POSSESSIVE.sub("", folded).replace("'", "")
    return tuple(_WORD.findall(folded))


@lru_cache(maxsize=8192)  # bounded small: readers' junk words must not grow memory for long
def stem(word: str) -> str:
    """A deliberately light suffix stripper: enough to meet plural/tense variants halfway."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix, replacement in (
        ("ies", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", "e"),
        ("s", ""),
        ("ly", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                continue
            word = word[: len(word) - len(suffix)] + replacement
            break
        if suffix in ("ing", "ed") and word.endswith(suffix) and len(word) - len(suffix) == 2:
            if word[0] in "aeiou" and word[1] not in "aeiou":
                return word[:2] + "e"  # using, used -> use; owing, owed -> owe (as "use" and "owe" stay)
            break
    if len(word) > 3 and word.endswith("e"):  # vote, voted, voting -> vot alike
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]  # boycotted -> boycott -> boycot, like boycotting
    return word


# The stems of GENERIC_WORDS, as the scorers and readers of a question compare them.
GENERIC_STEMS = frozenset(stem(w) for w in GENERIC_WORDS)


# Abbreviations readers type, spelt out the way articles print them.
ABBREVIATIONS = {
    "dept": "department",
    "wheres": "where is",  # "where's" typed without its apostrophe
    "hows": "how is",
    "whatd": "what did",  # "what'd", "how'd", "who'd" typed without the apostrophe
    "howd": "how did",
    "whod": "who did",
    "govt": "government",
    "admin": "administration",
    "info": "information",
    "feds": "federal",
    "potus": "president",
    "nyc": "new york",
    "nola": "new orleans",
    "philly": "philadelphia",
    "prez": "president",
    "govs": "governors",
    "govts": "governments",
    "ppl": "people",
    "peeps": "people",
    "org": "organization",
    "orgs": "organizations",
    "wed": "wednesday",  # "we'd" loses its "'d" first, so it is never "wed"
    "weds": "wednesday",
    "ag": "attorney general",
    "dhs": "homeland security",
    "thru": "through",
    "convo": "conversation",
    "mtg": "meeting",
    "mtgs": "meetings",
    "b4": "before",
    "abt": "about",
    "smth": "something",
    "sth": "something",
    "fed": "federal",
    "wh": "white house",
    "shud": "should",
    "wdym": "what do you mean",
    "conf": "conference",
    "cali": "california",
    "docs": "documents",
}


_ABBREVIATED = frozenset(ABBREVIATIONS)

# Words that stress who did it, and add nothing to who it was: "did trump himself say ...".
REFLEXIVE = r"(?:himself|herself|themselves|personally)"

# Everyday words readers use for the words news reports print. A reader's word that the
# fact base never uses is looked up here, and the first alternative the fact base does use
# takes its place (a word the fact base knows is never replaced).
SYNONYMS = {
    "bail": ("boycott", "skip"),
    "ditch": ("boycott", "skip"),
    "snub": ("boycott",),
    "skip": ("boycott",),
    "pushback": ("backlash",),
    "uproar": ("backlash", "outrage"),
    "outcry": ("backlash",),
    "yank": ("withhold", "deny"),
    "cut": ("withhold", "deny"),
    "strip": ("withhold", "deny"),
    "paper": ("document",),
    "paperwork": ("document",),
    "file": ("document", "record"),
    "voluntarily": ("willingly",),
    "cop": ("police",),
    "copper": ("police",),
    "crank": ("ramp", "increase"),
    "escalate": ("ramp", "increase"),
    "intensify": ("ramp", "increase"),
    "cave": ("comply",),
    "obey": ("comply", "follow"),
    "sue": ("lawsuit",),
    "suing": ("lawsuit",),
    "court": ("lawsuit", "legal"),
    "prosecutor": ("attorney",),
    "lawyer": ("attorney",),
    "spokesperson": ("spokeswoman",),
    "spokesman": ("spokeswoman",),
    "press": ("spokeswoman",),
    "opioid": ("drug", "addiction"),
    "road": ("infrastructure",),
    "bridge": ("infrastructure",),
    "undocumented": ("immigrant",),
    "illegal": ("undocumented", "immigrant"),
    "migrant": ("immigrant",),
    "jailed": ("jail", "custody"),
    "detained": ("custody",),
    "arrested": ("custody",),
    "funding": ("grant", "money"),
    "cash": ("money", "grant"),
    "dollar": ("money",),
    "threat": ("threaten",),
    "warn": ("warning", "threaten"),
    "tweet": ("twitter",),
    "twitter": ("tweet",),
}


LEXICON_FILE = Path(__file__).with_name("lexicon.txt")


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, ...]]:
    """Readers' words -> the words news reports print for them (`lexicon.txt`, reviewed data
    for any article), keyed by stem like every other word the index compares. Read once, at
    the first index build."""
    table: dict[str, tuple[str, ...]] = {}
    for line in LEXICON_FILE.read_text(encoding="utf-8").splitlines():
        word, colon, alternatives = line.partition(":")
        if not colon or line.startswith("#"):
            continue
        table.setdefault(stem(word.strip()), tuple(a.strip() for a in alternatives.split(",") if a.strip()))
    return table


_ABBREVIATION = re.compile(rf"\b(?:{'|'.join(map(re.escape, ABBREVIATIONS))})\b", re.IGNORECASE)


def spelled_out(text: str) -> str:
    """The text with readers' abbreviations spelt out in place ("so durkan is the ag?" -> "...
    attorney general?"), for checks that read the text itself rather than its tokens."""
    return _ABBREVIATION.sub(lambda m: ABBREVIATIONS[m.group().lower()], text)


def expand(words: list[str]) -> list[str]:
    """Abbreviations spelt out (most texts have none: return them as they are)."""
    if _ABBREVIATED.isdisjoint(words):
        return words
    out: list[str] = []
    for word in words:
        out.extend(ABBREVIATIONS.get(word, word).split())
    return out


def word_run(wanted: list[str], found: list[str]) -> int | None:
    """Where the words `wanted` stand in `found` as a run of whole words (the index of the
    first), or None: "tenable" is not in "untenable", nor "we allow" in "we cannot allow"."""
    if not wanted:
        return None
    for at in range(len(found) - len(wanted) + 1):
        if found[at : at + len(wanted)] == wanted:
            return at
    return None


def content_tokens(text: str) -> list[str]:
    """Stemmed words that carry meaning, in order, without function words."""
    return [stem(t) for t in expand(tokens(text)) if t not in STOPWORDS]


def plain(text: str) -> str:
    """Folded words joined by single spaces: the form fuzzy scorers compare."""
    return " ".join(tokens(text))


def clean_input(text: str) -> str:
    """A reader's text as it enters: without lone surrogates (`"\ud800"` escaped in JSON), which
    cannot be encoded, so a reply or log line quoting them would fail, and without zero-width
    characters, which would otherwise count against the message's length limits before `fold`
    drops them (1,500 of them ahead of a question pushed the question out)."""
    if text.isascii():
        return text
    return _SURROGATE.sub("", text).translate(_ZERO_WIDTH)


_SURROGATE = re.compile("[\ud800-\udfff]")


def content_stems(text: str) -> set[str]:
    """Content stems, abbreviations' dots dropped ("U.S." -> "us")."""
    return {stem(t) for t in tokens(text.replace(".", "")) if t not in STOPWORDS}


def joined(names: list[str]) -> str:
    """Names as a reader writes a list: "Chicago", "Chicago and Philadelphia", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def plural(word: str) -> bool:
    """Whether a word reads as a plural noun ("lawsuits", "mayors"; not "boss", "bus", "analysis")."""
    return word.endswith("s") and not word.endswith(("ss", "us", "is"))
