"""A claim sentence's grammar, as far as questions need it: clauses with their subject, auxiliary and verb."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._lexicon import (
    APPROXIMATORS,
    AUX,
    FUNCTION_WORDS,
    IRREGULAR,
    LEADING,
    MODALS,
    NOT_VERBS,
    QUANTITY_WORDS,
    SPEECH_FINITE,
    SPEECH_HEADS,
    TIME_WORDS,
    VERBISH,
)

PUNCT = re.compile(r"[^\w\s’'\-]")


def lower_words(text: str) -> list[str]:
    """Lower-case words of a text, punctuation (but apostrophes and hyphens) dropped."""
    return [w for w in PUNCT.sub(" ", text.replace("“", " ").replace("”", " ")).lower().split() if w]


SUBORDINATE = re.compile(
    r"^(?:If|When|As|After|Before|While|Although|Though|Since|Under|Including|According to|In|On|At|For|With|"
    r"By|Despite|Hours|Days|Asked)\b[^,]{1,90},\s+(?=[A-Za-z])"
)
APPOSITION = re.compile(
    r"^((?:[\w’'\-.]+\s+){0,6}[\w’'\-]+),\s+(?:the|a|an|who|which|whose|one of|[A-Z][\w’'\-]*’s|[a-z]+ed|"
    r"[a-z]+ing|[a-z]+\s+(?:of|for|at))\s[^,]{1,110},\s+"
)
TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:according to [^,]{2,60}|(?:[\w’'\-]+\s+){0,5}?(?:said|says|say|added|wrote|noted|reported|estimated)"
    r"(?:\s+[\w’'\-]+){0,4})\.?$"
)
CLAUSE_SPLIT = re.compile(
    r",\s+(?:and|but|while|which|who|whom|where|though|although)\s+|;\s+|:\s+|\s+—\s+|,\s+(?=[a-z]+ing\b)"
    r"|\s+(?:and|but)\s+(?=(?:was|were|is|are|has|have|had|will|would|said|also|then|[a-z]{3,}ed)\b)"
)


def q_words(text: str) -> list[str]:
    """Lower-case words of a phrase, numbers kept whole ("18,400", "$2.1", "5%", "6-3")."""
    found = re.findall(
        r"\d+-\d+\b|\d+-[a-z]+|\$?\d[\d,.]*\d%?|\$?\d%?|[A-Za-z][\w’'\-]*", text.replace("“", " ").replace("”", " ")
    )
    return [w.lower().replace("’", "'") for w in found]


def lemma(word: str) -> str:
    """The base form of a past or third-person verb, for "did … <verb>" ("voted" -> "vote")."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ied") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("eed") or (len(word) == 4 and word.endswith("ed")):
        return word[:-1]
    if word.endswith("ed") and len(word) > 4:
        return _past_base(word[:-2])
    return _present_base(word)


def _present_base(word: str) -> str:
    """ "carries" -> "carry", "pushes" -> "push", "votes" -> "vote"; "news", "business" stay."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("shes", "ches", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3 and word not in NOT_VERBS:
        return word[:-1]
    return word


def _past_base(base: str) -> str:
    """A past form without its -ed as a base form: "stopp" -> "stop", "vot" -> "vote", "walk" stays."""
    if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsfz":
        return base[:-1]
    return base + "e" if _lost_e(base) else base


def _lost_e(base: str) -> bool:
    """Whether the verb dropped a final e before -ed ("produced", "charged", "raised", "created")."""
    if base[-1] in "cvzu" or base.endswith(("rg", "dg", "ais", "aus", "eas", "ir")):
        return True
    if (base.endswith("at") and len(base) > 5) or (base.endswith("ng") and len(base) <= 5):
        return True
    return _short_with_e(base) or _long_with_e(base)


def _short_with_e(base: str) -> bool:
    """A short consonant-vowel-consonant base ("vot", "bas"), not "open", "offer", "summon"."""
    return (
        len(base) <= 4
        and base[-1] not in "aeiouwxy"
        and base[-2] in "aeiou"
        and base[-3] not in "aeiou"
        and not base.endswith(("en", "er", "on", "om"))
    )


def _long_with_e(base: str) -> bool:
    """A longer base ending in a silent-e pattern ("describ", "decid", "approv")."""
    return (
        len(base) > 4
        and base[-1] in "bdkmrsvz"
        and base[-2] in "aiou"
        and base[-3] not in "aeiou"
        and not base.endswith(("it", "om"))
    )


def is_verb(words: list[str], i: int) -> bool:
    """Whether the word at `i` can be the clause's verb (or auxiliary)."""
    word = words[i]
    if word in AUX or word in VERBISH or word in IRREGULAR or word in SPEECH_FINITE:
        return i > 0 or word in AUX
    if i == 0 or word in NOT_VERBS or words[i - 1] in ("the", "a", "an", "its", "their", "his", "her", "of", "to"):
        return False
    return word.endswith("ed") and len(word) > 4


def is_number(word: str) -> bool:
    """A figure ("18,400", "$2.1", "5%", "6-3") or a number word ("dozens")."""
    return bool(re.fullmatch(r"\$?\d[\d,.]*%?|\d+-\d+", word)) or word in QUANTITY_WORDS


def is_time(word: str) -> bool:
    """A day, month or time of day, or a year ("2029", "2024-25")."""
    return word in TIME_WORDS or bool(re.fullmatch(r"(?:19|20)\d\d(?:-\d\d)?", word))


@dataclass
class Clause:
    """One clause of a claim sentence, as lower-case words split at its auxiliary and verb."""

    words: list[str]
    subject: list[str]
    aux: str | None = None
    verb: str | None = None
    rest: list[str] = field(default_factory=list)
    said: bool = False  # the attribution of the clause after it ("Fenwick said …")
    own_subject: bool = True  # the subject is in `words` (not taken from the clause before)

    def ask(self, qword: str, rest: list[str] | None = None, limit: int = 6) -> str:
        """ "when did the council vote …", "how many acres had the fire burned …"."""
        tail = (self.rest if rest is None else rest)[:limit]
        while tail and tail[-1] in FUNCTION_WORDS:
            tail = tail[:-1]
        subject = [
            w
            for n, w in enumerate(self.subject)
            if not is_number(w) and not (w in APPROXIMATORS and any(map(is_number, self.subject[n : n + 3])))
        ][:6]
        while subject and subject[0] in ("of", "and", "to", "in", "at", "for"):  # "94% of voting members"
            subject = subject[1:]
        if self.aux and self.verb:
            return " ".join([qword, self.aux, *subject, self.verb, *tail])
        if self.aux:
            return " ".join([qword, self.aux, *subject, *tail])
        if self.verb:
            return " ".join([qword, "did", *subject, lemma(self.verb), *tail])
        return " ".join([qword, *subject, *tail])


def parse_clause(words: list[str], subject: list[str] | None) -> Clause:
    """Subject, auxiliary, verb and the rest of a clause; a clause that starts with its verb
    ("and was 5% contained") takes the subject given."""
    while words and words[0] in LEADING:
        words = words[1:]
    for i in range(min(len(words), 14)):
        if is_verb(words, i) and (i or subject):
            return _clause_at(words, i, subject)
    return Clause(words, [], rest=words)


_BETWEEN_AUX_AND_VERB = ("not", "also", "still", "already", "be", "been", "have", "just")


def _clause_at(words: list[str], i: int, subject: list[str] | None) -> Clause:
    """The clause whose first verb (or auxiliary) is at `i`."""
    head = words[:i] or list(subject or [])
    own = bool(words[:i])
    if words[i] not in AUX:
        return Clause(words, head, None, words[i], words[i + 1 :], own_subject=own)
    j = i + 1
    while j < len(words) and words[j] in _BETWEEN_AUX_AND_VERB:
        j += 1
    following = words[j] if j < len(words) else ""
    if _main_verb(following, words[i] in MODALS):
        return Clause(words, head, words[i], words[j], words[j + 1 :], own_subject=own)
    return Clause(words, head, words[i], None, words[i + 1 :], own_subject=own)


def _main_verb(word: str, modal: bool) -> bool:
    """Whether the word after an auxiliary is the clause's verb ("had burned", "will vote"), not its object
    ("has 40 members")."""
    if not word:
        return False
    if word.endswith(("ed", "en", "ing")) or word in IRREGULAR or word in VERBISH:
        return True
    return modal and word not in FUNCTION_WORDS and not is_number(word)


def content_words(words: list[str], limit: int) -> list[str]:
    """Up to `limit` words that are neither function words nor numbers."""
    return [w for w in words if w not in FUNCTION_WORDS and not is_number(w)][:limit]


def narration_of(sentence: str) -> str:
    """The sentence as a reader would ask about it: no dateline, no trailing "officials said"."""
    text = re.sub(
        r"^[A-Z][A-Z .’'\-]*(?:,\s*[A-Z][\w.]*\.?(?:\s[A-Z][\w.]*\.?)?)?\s*\([^()]*\)\s*[—–-]\s*", "", sentence
    )
    text = re.sub(r"^\([^()]*\)\s*[—–-]\s*", "", text).strip()
    return TRAILING_ATTRIBUTION.sub("", text).strip() or text


def clauses_of(text: str) -> list[Clause]:
    """Up to four clauses of a sentence (its subordinate opening and appositions left out); an attribution
    ("Fenwick said that …") is a clause marked `said`, followed by what was said."""
    text = SUBORDINATE.sub("", text, count=1)
    for _ in range(2):  # "Luis Ortega, superintendent of …, one of the plaintiffs, said"
        text = APPOSITION.sub(lambda m: m.group(1) + " ", text, count=1)
    clauses: list[Clause] = []
    subject: list[str] | None = None
    pieces = CLAUSE_SPLIT.split(text)
    joints = [""] + [m.group() for m in CLAUSE_SPLIT.finditer(text)]
    for part, joint in list(zip(pieces, joints, strict=False))[:4]:
        words = q_words(part)
        if len(words) < 2:
            continue
        # A relative clause is not about the subject of the clause before.
        antecedent = _relative_antecedent(clauses) if _RELATIVE.search(joint) else subject
        clause = parse_clause(words, antecedent)
        said = _what_was_said(clause) if not clauses else None
        if said is not None:
            clause.said = True
            clauses.append(clause)  # the attribution itself, then what was said
            clause = said
        if clause.subject and subject is None:
            subject = clause.subject
        clauses.append(clause)
    return clauses


_RELATIVE = re.compile(r"\b(?:which|who|whom|where)\b")


def _relative_antecedent(clauses: list[Clause]) -> list[str] | None:
    """ "Okafor described the gusts, which reached 60 mph": the noun before it."""
    before = clauses[-1].words if clauses else []
    marks = [n for n, w in enumerate(before) if w in ("the", "a", "an", "its", "their") and n >= len(before) - 4]
    return before[marks[-1] :] if marks and len(before) - marks[-1] >= 2 else None


def _what_was_said(clause: Clause) -> Clause | None:
    """The reported clause of an attribution ("Fenwick said [that] the county would …"), if it has one."""
    if clause.verb not in SPEECH_HEADS or len(clause.rest) < 3:
        return None
    rest = clause.rest
    if "that" in rest[:5]:
        rest = rest[rest.index("that") + 1 :]
    inner = parse_clause(rest, None)
    return inner if inner.subject and (inner.verb or inner.aux) else None
