"""A claim sentence's canonical question and its phrasings: the structural questions first (how many,
when, why, who, where), then what the sentence says and who said it, then fillers up to the schema's minimum."""

from __future__ import annotations

import re

from ..models import MAX_PHRASING, MAX_QUESTION, MIN_PHRASINGS
from ._grammar import Clause, clauses_of, content_words, narration_of, q_words
from ._lexicon import AUX, FUNCTION_WORDS
from ._questions import number_questions, reason_question, time_question


def fact_phrasings(
    sentence: str, number: int, subject_name: str | None, person_names: list[str], place_names: list[str]
) -> tuple[str, list[str]]:
    """A canonical question and short questions from the sentence's structure: how many, when,
    why, who did what, where, and what a speaker said about it."""
    del number  # a paragraph number is not a reader's question
    text = narration_of(sentence)
    clauses, main = _read_claim(text, subject_name)
    structural = _structural_questions(clauses, main, person_names, place_names)
    questions = [
        *_main_questions(main),
        *_speaker_questions(clauses, main, subject_name),
        *_more_questions(clauses, main, subject_name, person_names),
    ]
    content = content_words(q_words(text), 14)
    seen: set[str] = set()
    kept = _kept(structural, questions, _fillers(content), seen)
    head = kept[0] if structural else f"what does the article say about {' '.join(content[:6])}"
    question = head[:1].upper() + head[1:] + "?"
    kept = [k for k in kept if k.casefold() != head.casefold()]
    for extra in _last_resort(text, content):  # a sentence with too few words of its own still gets the minimum
        if len(kept) >= MIN_PHRASINGS:
            break
        if extra.casefold() not in seen:
            seen.add(extra.casefold())
            kept.append(extra)
    return question[:MAX_QUESTION], kept


def _read_claim(text: str, subject_name: str | None) -> tuple[list[Clause], Clause]:
    """The sentence's clauses and its main clause (the first with a verb that is not an attribution);
    a he or she as a subject becomes the person the sentence is attributed to."""
    clauses = clauses_of(text) or [Clause(q_words(text), [], rest=q_words(text))]
    main = next((c for c in clauses if (c.verb or c.aux) and not c.said), clauses[0])
    if subject_name:
        for clause in clauses:
            if clause.subject[:1] in (["he"], ["she"]):
                clause.subject = subject_name.lower().split()
    return clauses, main


def _structural_questions(
    clauses: list[Clause], main: Clause, person_names: list[str], place_names: list[str]
) -> list[str]:
    """How many, when, why, who did it and where, clause by clause (the attribution itself skipped:
    "what did X say" asks about it)."""
    people = {n.lower() for n in person_names} | {n.lower().split()[-1] for n in person_names}
    places = {p.lower() for p in place_names}
    out: list[str] = []
    for clause in clauses:
        if clause.said:
            continue
        out += number_questions(clause)
        out += time_question(clause) + reason_question(clause)
        if " ".join(clause.subject) in people and clause.verb:
            out.append(" ".join(["who", *([clause.aux] if clause.aux else []), clause.verb, *clause.rest[:6]]))
        if places and clause is main and clause.verb:
            out.append(clause.ask("where", [w for w in clause.rest if w not in places][:3], 3))
    return out


def _main_questions(main: Clause) -> list[str]:
    """ "what did the council vote", the clause as a statement, and as a yes/no question."""
    if not (main.subject and (main.verb or main.aux)):
        return []
    statement = main.ask("", None, 4).lstrip() if not main.aux else ""
    yes_no = main.ask("did", None, 4)[len("did ") :] if not main.aux else main.ask("", None, 4).strip()
    return [main.ask("what", [], 0), statement, yes_no if yes_no.startswith(("did", *AUX)) else f"did {yes_no}"]


def _speaker_questions(clauses: list[Clause], main: Clause, subject_name: str | None) -> list[str]:
    """ "what did Fenwick say about …", when the sentence is someone's (attributed, or "Fenwick said …")."""
    speaker = subject_name.split()[-1].lower() if subject_name else None
    first = clauses[0]
    if speaker is None and first.said and first.subject:
        speaker = " ".join(first.subject[:4])
    if not speaker:
        return []
    topic = content_words(main.subject + main.rest, 4)
    return [f"what did {speaker} say about {' '.join(topic)}".strip(), f"what did {speaker} say"]


def _more_questions(
    clauses: list[Clause], main: Clause, subject_name: str | None, person_names: list[str]
) -> list[str]:
    """What the people named did, the main clause's words, and the next clauses' words."""
    out = [f"what did {name.split()[-1].lower()} do" for name in person_names[:2] if name != subject_name]
    verb = [main.verb] if main.verb else []
    out.append(" ".join([*content_words(main.subject, 4), *verb, *content_words(main.rest, 3)]))
    if content_words(main.subject, 4):
        out.append(f"what about {' '.join(content_words(main.subject, 4))}")
    for clause in clauses[1:3]:
        words = clause.subject + ([clause.verb] if clause.verb else []) + clause.rest
        out.append(" ".join(content_words(words, 5)))
    return out


def _fillers(content: list[str]) -> list[str]:
    """Runs of the sentence's content words, used only until the schema's minimum is reached."""
    fillers = [" ".join(content[i : i + 4]) for i in range(0, len(content), 2)]
    return fillers + [f"what about {w}" for w in content] + ["what else does the article say", "what happened next"]


def _tidy(phrasing: str) -> str | None:
    """The phrasing clipped, spaced and without trailing function words; None for a question word alone
    ("how much")."""
    phrasing = re.sub(r"\s+", " ", phrasing).strip(" ,.;:")[:MAX_PHRASING].strip()
    words = phrasing.split()
    while words and words[-1] in FUNCTION_WORDS:
        words.pop()
    if all(w in FUNCTION_WORDS or w in ("many", "much") for w in words):
        return None
    return " ".join(words)


def _kept(structural: list[str], questions: list[str], fillers: list[str], seen: set[str]) -> list[str]:
    """Every structural question and question of two words or more, once each; fillers only up to the minimum."""
    kept: list[str] = []
    core = len(structural) + len(questions)
    for index, candidate in enumerate([*structural, *questions, *fillers]):
        phrasing = _tidy(candidate)
        if phrasing is None:
            continue
        if index >= core and len(kept) >= MIN_PHRASINGS:
            break
        folded = phrasing.casefold()
        if len(phrasing.split()) >= 2 and folded not in seen:
            seen.add(folded)
            kept.append(phrasing)
    return kept


def _last_resort(text: str, content: list[str]) -> list[str]:
    """Generic phrasings for a sentence with too few words of its own."""
    raw = " ".join(q_words(text)[:8]) or "this"
    return [
        *(f"what does the article say about {w}" for w in content[:8]),
        f"what about {raw}",
        f"what does the article say about {raw}",
        f"more about {raw}",
        f"details on {raw}",
        "what does the article say",
        "what else does the article say",
        "what happened next",
    ]
