"""The questions a reader might ask about a claim: a canonical one and phrasings (how many, when, why, who)."""

from __future__ import annotations

import re

from ._grammar import Clause, content_words, is_number, is_time
from ._lexicon import (
    APPROXIMATORS,
    DISTANCE_WORDS,
    DURATION_WORDS,
    FUNCTION_WORDS,
    PURPOSE_VERBS,
    REASON_STARTS,
    SCALE_WORDS,
    TIME_LEADS,
)


def _is_counted(words: list[str], i: int) -> bool:
    """Whether the word at `i` is a number to ask about: not a time ("in 2029", "on 12")."""
    word = words[i]
    if not is_number(word) or is_time(word):
        return False
    return not (i and words[i - 1] in TIME_LEADS and word.isdigit())


def _unit(words: list[str], i: int) -> tuple[bool, list[str]]:
    """Whether the number at `i` is an amount ("$2.1 million", "5%", "3 percent"), and the noun it counts
    (up to three words, a trailing participle dropped: "18,400 acres burned" -> acres)."""
    j = i + 1
    much = words[i].startswith("$") or words[i].endswith("%")
    while j < len(words) and words[j] in SCALE_WORDS:
        much, j = True, j + 1
    noun: list[str] = []
    while j < len(words) and len(noun) < 3 and words[j] not in FUNCTION_WORDS and not is_number(words[j]):
        noun.append(words[j])
        j += 1
    while noun and noun[-1].endswith("ed") and len(noun) > 1:
        noun.pop()
    return much, noun


# A number whose unit is one of these asks how long, how far, how fast (and names no noun).
_MEASURES = ((DURATION_WORDS, "how long"), (DISTANCE_WORDS, "how far"), (frozenset({"mph"}), "how fast"))


def _question_word(words: list[str], i: int) -> tuple[str, list[str]] | None:
    """The question word for the number at `i` and the noun it counts; None when there is no unit to ask
    about ("a town of about 6,000")."""
    much, noun = _unit(words, i)
    if much:
        return "how much", noun
    head = noun[-1] if noun else ""
    for units, qword in _MEASURES:
        if head in units:
            return qword, []
    if noun:
        return " ".join(["how many", *noun]), noun
    return None


def _first_number_questions(clause: Clause, i: int, qword: str, noun: list[str]) -> list[str]:
    """The long and the short question for the clause's first number, at `i`."""
    words = clause.words
    start_rest = len(words) - len(clause.rest)
    timed = time_drop(clause)
    if clause.own_subject and i < len(clause.subject):  # "About 1,800 nurses at the hospital walked off …"
        after = clause.subject[i + 1 + len(noun) :]
        tail = [*after, *([clause.aux] if clause.aux else []), *([clause.verb] if clause.verb else [])]
        rest = [w for n, w in enumerate(clause.rest, start_rest) if n not in timed]
        return [" ".join([qword, *tail, *rest[:5]]), qword]
    k = i  # the number with its approximators ("about", "nearly") is what the question asks for
    while k and words[k - 1] in APPROXIMATORS:
        k -= 1
    rest = [
        w
        for n, w in enumerate(words[start_rest:], start_rest)
        if not k <= n < i + 1 + len(noun) and n not in timed and w not in SCALE_WORDS
    ]
    short = " ".join([qword, *content_words(clause.subject, 3), *([clause.verb] if clause.verb else [])])
    return [clause.ask(qword, rest, 5), short]


def number_questions(clause: Clause) -> list[str]:
    """ "how many acres had the fire burned" for the clause's first number, "how many helicopters" for the rest."""
    words = clause.words
    out: list[str] = []
    for i, word in enumerate(words):
        if len(out) >= 6:
            break
        if not _is_counted(words, i):
            continue
        if re.fullmatch(r"\d+-\d+", word):  # "voted 6-3", "ruled 5-2": how the vote went
            out += [clause.ask("how", [])] if clause.verb and not out else []
            continue
        asked = _question_word(words, i)
        if asked is None:
            continue
        qword, noun = asked
        if out:  # a later number of the clause: the short question
            out += [qword] if noun else []
        else:
            out += _first_number_questions(clause, i, qword, noun)
    return out


def time_drop(clause: Clause) -> set[int]:
    """Positions of the clause's time phrase ("late Thursday", "by Friday evening", "in 2029")."""
    words = clause.words
    at = [n for n, w in enumerate(words) if is_time(w) or re.fullmatch(r"[ap]\.?m\.?", w)]
    start_rest = len(words) - len(clause.rest)
    drop = set(at)
    for n in at:
        m = n - 1
        while m >= start_rest and (words[m] in TIME_LEADS or words[m].isdigit() or is_time(words[m])):
            drop.add(m)
            m -= 1
        if n + 1 < len(words) and words[n + 1].isdigit():
            drop.add(n + 1)
    return drop


def time_question(clause: Clause) -> list[str]:
    """ "when did the council vote …": for a clause with a time phrase."""
    drop = time_drop(clause)
    if not drop or (clause.verb is None and clause.aux is None):
        return []
    start_rest = len(clause.words) - len(clause.rest)
    rest = [w for n, w in enumerate(clause.words[start_rest:], start_rest) if n not in drop and not is_number(w)]
    return [clause.ask("when", rest, 5), clause.ask("when", rest, 2)]


def reason_question(clause: Clause) -> list[str]:
    """ "why did the county close …": for a clause that gives a reason or a purpose."""
    words = clause.rest
    for n, word in enumerate(words):
        if word in REASON_STARTS or (word == "to" and n + 1 < len(words) and words[n + 1] in PURPOSE_VERBS):
            return [clause.ask("why", words[:n], 6), clause.ask("why", words[:n], 2)] if n and clause.verb else []
    return []
