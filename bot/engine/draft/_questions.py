"""The questions a reader might ask about a claim: a canonical one and phrasings (how many, when, why, who)."""

from __future__ import annotations

import re

from ..models import MAX_PHRASING, MAX_QUESTION, MIN_PHRASINGS
from ._grammar import (
    APPROXIMATORS,
    AUX,
    DISTANCE_WORDS,
    DURATION_WORDS,
    PURPOSE_VERBS,
    REASON_STARTS,
    SCALE_WORDS,
    TIME_LEADS,
    Clause,
    clauses_of,
    content_words,
    is_number,
    is_time,
    narration_of,
    q_words,
)
from ._lexicon import FUNCTION_WORDS


def number_questions(clause: Clause) -> list[str]:
    """ "how many acres had the fire burned" for the clause's first number, "how many helicopters" for the rest."""
    words = clause.words
    out: list[str] = []
    for i, word in enumerate(words):
        if len(out) >= 6:
            break
        if not is_number(word) or is_time(word) or (i and words[i - 1] in TIME_LEADS and word.isdigit()):
            continue
        if re.fullmatch(r"\d+-\d+", word):  # "voted 6-3", "ruled 5-2": how the vote went
            out += [clause.ask("how", [])] if clause.verb and not out else []
            continue
        j = i + 1
        much = word.startswith("$") or word.endswith("%")
        while j < len(words) and words[j] in SCALE_WORDS:
            much, j = True, j + 1
        noun: list[str] = []
        while j < len(words) and len(noun) < 3 and words[j] not in FUNCTION_WORDS and not is_number(words[j]):
            noun.append(words[j])
            j += 1
        while noun and noun[-1].endswith("ed") and len(noun) > 1:
            noun.pop()
        head = noun[-1] if noun else ""
        if much:
            qword = "how much"
        elif head in DURATION_WORDS:
            qword, noun = "how long", []
        elif head in DISTANCE_WORDS:
            qword, noun = "how far", []
        elif head == "mph":
            qword, noun = "how fast", []
        elif noun:
            qword = " ".join(["how many", *noun])
        else:
            continue  # "a town of about 6,000": no unit to ask about
        if out:  # a later number of the clause: the short question
            out += [qword] if noun else []
            continue
        k = i
        while k and words[k - 1] in APPROXIMATORS:
            k -= 1
        start_rest = len(clause.words) - len(clause.rest)
        if clause.own_subject and i < len(clause.subject):  # "About 1,800 nurses at the hospital walked off …"
            after = clause.subject[i + 1 + len(noun) :]
            tail = [*after, *([clause.aux] if clause.aux else []), *([clause.verb] if clause.verb else [])]
            timed = time_drop(clause)
            start_rest = len(clause.words) - len(clause.rest)
            rest = [w for n, w in enumerate(clause.rest, start_rest) if n not in timed]
            out += [" ".join([qword, *tail, *rest[:5]]), qword]
            continue
        timed = time_drop(clause)
        rest = [
            w
            for n, w in enumerate(words[start_rest:], start_rest)
            if not k <= n < i + 1 + len(noun) and n not in timed and w not in SCALE_WORDS
        ]
        short = " ".join([qword, *content_words(clause.subject, 3), *([clause.verb] if clause.verb else [])])
        out += [clause.ask(qword, rest, 5), short]
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
    drop = time_drop(clause)
    if not drop or (clause.verb is None and clause.aux is None):
        return []
    start_rest = len(clause.words) - len(clause.rest)
    rest = [w for n, w in enumerate(clause.words[start_rest:], start_rest) if n not in drop and not is_number(w)]
    return [clause.ask("when", rest, 5), clause.ask("when", rest, 2)]


def reason_question(clause: Clause) -> list[str]:
    words = clause.rest
    for n, word in enumerate(words):
        if word in REASON_STARTS or (word == "to" and n + 1 < len(words) and words[n + 1] in PURPOSE_VERBS):
            return [clause.ask("why", words[:n], 6), clause.ask("why", words[:n], 2)] if n and clause.verb else []
    return []


def fact_phrasings(
    sentence: str, number: int, subject_name: str | None, person_names: list[str], place_names: list[str]
) -> tuple[str, list[str]]:
    """A canonical question and short questions from the sentence's structure: how many, when,
    why, who did what, where, and what a speaker said about it."""
    del number  # a paragraph number is not a reader's question
    text = narration_of(sentence)
    clauses = clauses_of(text) or [Clause(q_words(text), [], rest=q_words(text))]
    main = next((c for c in clauses if (c.verb or c.aux) and not c.said), clauses[0])
    if subject_name:
        for clause in clauses:
            if clause.subject[:1] in (["he"], ["she"]):
                clause.subject = subject_name.lower().split()
    people = {n.lower() for n in person_names} | {n.lower().split()[-1] for n in person_names}
    places = {p.lower() for p in place_names}
    structural: list[str] = []
    for clause in clauses:
        if clause.said:
            continue  # the attribution: "what did X say" below
        structural += number_questions(clause)
        structural += time_question(clause) + reason_question(clause)
        if " ".join(clause.subject) in people and clause.verb:
            structural.append(" ".join(["who", *([clause.aux] if clause.aux else []), clause.verb, *clause.rest[:6]]))
        if places and clause is main and clause.verb:
            structural.append(clause.ask("where", [w for w in clause.rest if w not in places][:3], 3))
    questions: list[str] = []
    if main.subject and (main.verb or main.aux):
        questions.append(main.ask("what", [], 0))
        questions.append(main.ask("", None, 4).replace(" did ", " did ", 1).lstrip() if not main.aux else "")
        yes_no = main.ask("did", None, 4)[len("did ") :] if not main.aux else main.ask("", None, 4).strip()
        questions.append(yes_no if yes_no.startswith(("did", *AUX)) else f"did {yes_no}")
    speaker = subject_name.split()[-1].lower() if subject_name else None
    first = clauses[0]
    if speaker is None and first.said and first.subject:
        speaker = " ".join(first.subject[:4])
    if speaker:
        topic = content_words(main.subject + main.rest, 4)
        questions += [f"what did {speaker} say about {' '.join(topic)}".strip(), f"what did {speaker} say"]
    for name in person_names[:2]:
        if name != subject_name:
            questions.append(f"what did {name.split()[-1].lower()} do")
    content = content_words(q_words(text), 14)
    questions.append(
        " ".join([*content_words(main.subject, 4), *([main.verb] if main.verb else []), *content_words(main.rest, 3)])
    )
    if content_words(main.subject, 4):
        questions.append(f"what about {' '.join(content_words(main.subject, 4))}")
    for clause in clauses[1:3]:
        questions.append(
            " ".join(content_words(clause.subject + ([clause.verb] if clause.verb else []) + clause.rest, 5))
        )
    seen: set[str] = set()
    kept: list[str] = []
    fillers = [" ".join(content[i : i + 4]) for i in range(0, len(content), 2)]
    fillers += [f"what about {w}" for w in content] + ["what else does the article say", "what happened next"]
    for index, phrasing in enumerate([*structural, *questions, *fillers]):
        phrasing = re.sub(r"\s+", " ", phrasing).strip(" ,.;:")[:MAX_PHRASING].strip()
        words = phrasing.split()
        while words and words[-1] in FUNCTION_WORDS:
            words.pop()
        if all(w in FUNCTION_WORDS or w in ("many", "much") for w in words):
            continue  # "how much": a question word alone
        phrasing = " ".join(words)
        folded = phrasing.casefold()
        if index >= len(structural) + len(questions) and len(kept) >= MIN_PHRASINGS:
            break
        if len(phrasing.split()) >= 2 and folded not in seen:
            seen.add(folded)
            kept.append(phrasing)
    head = kept[0] if structural else f"what does the article say about {' '.join(content[:6])}"
    question = head[:1].upper() + head[1:] + "?"
    kept = [k for k in kept if k.casefold() != head.casefold()]
    raw = " ".join(q_words(text)[:8]) or "this"
    last_resort = [
        *(f"what does the article say about {w}" for w in content[:8]),
        f"what about {raw}",
        f"what does the article say about {raw}",
        f"more about {raw}",
        f"details on {raw}",
        "what does the article say",
        "what else does the article say",
        "what happened next",
    ]
    for extra in last_resort:  # a sentence with too few words of its own still gets the schema's minimum
        if len(kept) >= MIN_PHRASINGS:
            break
        if extra.casefold() not in seen:
            seen.add(extra.casefold())
            kept.append(extra)
    return question[:MAX_QUESTION], kept
