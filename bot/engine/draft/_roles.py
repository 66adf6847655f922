"""A person's role in the article's own words, from the text around one mention of their name: the title
before it, "the chamber’s president, Walter Quist", an appositive, a who-clause, or "of" its possessor."""

from __future__ import annotations

import bisect
import re

from ..models import MAX_ROLE
from ._lexicon import FUNCTION_WORDS, NON_NAME, ROLE_MODIFIERS, ROLE_NOUNS, ROLE_VERBS
from ._names import CapSpan, is_name, spell_titles
from ._paragraphs import LOOKBACK

# Capitalised words that start a sentence or a date, never part of a possessor's name.
_NOT_POSSESSORS = (
    r"(?:On|In|At|By|For|From|After|Before|Since|Until|When|While|But|And|Then|Last|Next|This|That|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December)\b"
)
# "the chamber’s president, Walter Quist," / "Its founder, retired accountant Gloria Benning" /
# "Bayview Health’s chief executive, Martin Koenig," (the possessor's whole name)
_LEADING_ROLE = re.compile(
    r"(?:^|(?<=[\s(]))((?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|(?:(?!"
    + _NOT_POSSESSORS
    + r")[A-Z][\w\-]*\s+){0,3}[A-Z][\w\-]*[’']s)"
    r"\s+(?:[\w\-’']+\s+){0,4}?([a-z][\w\-]*)),\s+$"
)
# An appositive: "Mitch Landrieu, the conference president, said", "Simon Achebe, Harrow’s chief
# executive,", "Tom Kessler, president of the Independent Dairy Processors Association,".
# A sentence ends at a full stop, not at an abbreviation's ("a nurse at St. Brendan for 22 years").
_END = r"(?=,|(?<!\bSt)(?<!\bMt)(?<!\bFt)(?<!\bDr)(?<!\bJr)(?<!\bSr)\.\s|\.$|;|$)"
_APPOSITIVE = re.compile(r",\s+((?:the|a|an|[A-Z][\w\-]*[’']s|([a-z][\w\-]*))\s+[^,;:“”\"()]{2,110}?)" + _END)
# "Daniel Osei, who directs the group ...": the role a who-clause gives.
_WHO = re.compile(r",\s+who\s+(" + "|".join(ROLE_VERBS) + r")\s+([^,;:“”\"()]{3,100}?)" + _END)
# "Kevin Oduya, who was appointed chair of the authority’s board after ...": the office a who-clause names.
_WHO_IS = re.compile(
    r",\s+who\s+(?:was appointed|was named|was elected|was hired as|serves as|served as|has been|had been|became|is|"
    r"was)\s+((?:the |a |an )?(?:[a-z][\w\-]*\s+)?([a-z][\w\-]*)\s+(?:of|for|at)\s+[^,;:“”\"()]{3,80}?)"
    r"(?=\s+(?:after|when|since|before|until|in \d{4})\b|,|\.\s|\.$|;|$)"
)
# "A spokeswoman for the Food and Drug Administration, Lauren Okafor, said": the role before the name.
_LEADING_ROLE_OF = re.compile(
    r"(?:^|(?<=[\s(]))((?:[Aa]n?|[Tt]he)\s+(?:[a-z][\w\-]*\s+)?([a-z][\w\-]*)\s+(?:of|for|at)\s+[^,;:“”\"]{3,80}),\s+$"
)
# An age right after the name: "Darnell Pruitt, 61, a retired ...", "said Pike, 58." (not a count:
# "Ortiz, 31,402, to the recall’s 22,118": a comma or full stop with a space after it, or the end).
AGE = re.compile(r",\s+(\d{1,3})(?=,\s|[.;](?:\s|$)|$)")
# "Harrow’s Simon Achebe": of its possessor.
_OWNER = re.compile(r"((?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)[’']s\s*$")


def role_of(
    text: str,
    words: list[tuple[str, int, int]],
    word_starts: list[int],
    span: CapSpan,
    cut: int,
    tokens: list[tuple[str, int, int]],
) -> str:
    """The role the text gives the name `tokens` (after `cut` title words of the capitalised run `span`);
    `words` are the paragraph's words and `word_starts` where each starts."""
    first = tokens[0][1]
    # The title ("Attorney General Jeff Sessions"), or the name itself ("For Rosa Delgado": not "For").
    start = _title_start(text, words, word_starts, span.tokens[0][1] if cut else first, bool(cut))
    parts: list[str] = []
    if start < first:
        parts.append(spell_titles(text[start:first].strip()))
    leading = _leading_role(text, start)
    if leading is not None:
        parts.insert(0, leading)
    after = text[tokens[-1][2] : tokens[-1][2] + LOOKBACK]
    appositive = _appositive_role(after)
    if appositive is not None:
        parts.append(appositive)
    if not parts:
        parts += _fallback_role(text[max(0, start - LOOKBACK) : start], after, span)
    parts = [p for p in parts if p and any(w not in NON_NAME and w.lower() not in FUNCTION_WORDS for w in p.split())]
    role = ", ".join(parts)
    return role[:MAX_ROLE].strip()


def _title_start(text: str, words: list[tuple[str, int, int]], word_starts: list[int], start: int, noun: bool) -> int:
    """Where the role words right before `start` begin: lower-case role words and the capitalised words before
    them ("Trump spokeswoman"); `noun` when a title or role noun is already taken."""
    j = bisect.bisect_left(word_starts, start) - 1  # the last word before `start`
    while j >= 0:
        word, w_start, w_end = words[j]
        gap = text[w_end:start].strip()
        # "U.S. District Judge": an initial's full stop is no break in the title
        if gap and not (gap == "." and len(word) == 1 and word.isupper() and noun):
            break
        low = word.lower()
        if not (low in ROLE_NOUNS or (noun and (low in ROLE_MODIFIERS or word[0].isupper()))):
            break
        if word[0].isupper() and not noun:
            break
        noun = noun or low in ROLE_NOUNS
        start, j = w_start, j - 1
    return start


def _leading_role(text: str, start: int) -> str | None:
    """ "the chamber’s president," right before the name: "chamber’s president" as "the chamber’s president"."""
    window = max(0, start - LOOKBACK)
    leading = _LEADING_ROLE.search(text[window:start])
    if leading is None or leading.group(2) not in ROLE_NOUNS:
        leading = _LEADING_ROLE_OF.search(text[window:start])
        if leading is None or leading.group(2) not in ROLE_NOUNS:
            return None
    if leading.start() == 0 and window and not text[window - 1].isspace() and text[window - 1] != "(":
        return None  # the window cut a word: not a word start
    role = re.sub(r"^(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+", "", leading.group(1))
    return role[0].lower() + role[1:] if role.startswith(("The ", "A ", "An ")) else role


def _appositive_role(after: str) -> str | None:
    """ ", the conference president," after the name; a lower-case lead only as "president of …", never a
    clause that reports speech."""
    # "Darnell Pruitt, 61, a retired bus driver": the age before the role is no part of it.
    age = AGE.match(after)
    appositive = _APPOSITIVE.match(after[age.end() :] if age else after)
    if appositive is None:
        return None
    phrase = appositive.group(1).strip()
    lead = appositive.group(2)
    if lead is not None and not _lower_case_role(phrase):
        return None
    if re.search(r"\b(?:said|says|told|added|wrote)\b", phrase):
        return None
    return phrase


def _lower_case_role(phrase: str) -> bool:
    """A lower-case appositive that is a role: role words then "of/for/at" ("president of the
    association", "executive director of the nonprofit …"), or "one of the named plaintiffs"."""
    if re.match(r"one of the\s", phrase):
        return True
    lead = re.match(r"((?:[a-z\-]+\s+){1,3}?)(?:of|for|at)\s", phrase)
    if lead is None:
        return False
    head = lead.group(1).split()
    return head[-1] in ROLE_NOUNS and all(w in ROLE_NOUNS or w in ROLE_MODIFIERS for w in head)


def _fallback_role(before: str, after: str, span: CapSpan) -> list[str]:
    """When nothing else gives a role: a who-clause ("who directs the group"), else "of" the possessor
    before the name ("Harrow’s Simon Achebe")."""
    who = _WHO.match(after)
    if who:
        return [f"{ROLE_VERBS[who.group(1)]} {who.group(2).strip()}"]
    office = _WHO_IS.match(after)
    if office and office.group(2) in ROLE_NOUNS:
        return [office.group(1).strip()]
    if span.possessive is not False:
        return []
    owner = _OWNER.search(before.rstrip())
    if owner and not is_name(owner.group(1).split()) and owner.group(1).split()[0] not in NON_NAME:
        return [f"of {owner.group(1)}"]
    return []
