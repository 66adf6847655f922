"""A claim sentence's grammar, as far as questions need it: clauses with their subject, auxiliary and verb."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._lexicon import FUNCTION_WORDS, SPEECH_FINITE, VERBISH, word_set

PUNCT = re.compile(r"[^\w\s’'\-]")


def lower_words(text: str) -> list[str]:
    return [w for w in PUNCT.sub(" ", text.replace("“", " ").replace("”", " ")).lower().split() if w]


MODALS = word_set("will would could can may might must should did does do")
AUX = word_set("is are was were has have had will would could can may might must should did does do")
IRREGULAR_TEXT = """said:say told:tell sent:send made:make took:take gave:give won:win lost:lose began:begin
    came:come went:go saw:see held:hold paid:pay ran:run left:leave met:meet fell:fall rose:rise grew:grow
    knew:know drew:draw led:lead struck:strike brought:bring bought:buy sold:sell found:find spent:spend
    built:build kept:keep became:become wrote:write fled:flee got:get thought:think hit:hit cut:cut put:put
    set:set shut:shut spread:spread sought:seek chose:choose swore:swear stood:stand"""
IRREGULAR = dict(pair.split(":", 1) for pair in IRREGULAR_TEXT.split())
NOT_VERBS = word_set(
    """news series species bus gas us this its his hers yes less unless thus across always perhaps various
    famous serious previous business process analysis crisis basis status campus census bonus plus red bed
    hundred need speed seed feed breed shed sled indeed embed united limited"""
)
QUANTITY_WORDS = word_set(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty dozen dozens hundreds "
    "thousands"
)
SCALE_WORDS = word_set("percent million billion trillion thousand hundred")
DURATION_WORDS = word_set("years year months month weeks week days day hours hour minutes minute decades decade")
DISTANCE_WORDS = word_set("miles mile feet foot yards kilometers meters")
APPROXIMATORS = word_set("about roughly nearly almost around some over under more less fewer than at least up as many")
TIME_WORDS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb aug sept oct nov dec today yesterday tomorrow tonight
    overnight morning afternoon evening"""
)
TIME_LEADS = word_set("on by in since until before after late early mid last next this from through")
REASON_STARTS = word_set("because since due")
PURPOSE_VERBS = word_set(
    """prove help protect ensure stop prevent avoid force push keep discuss enforce support fight deny withhold
    save pay cover offset meet fund build add raise monitor warn assess review"""
)
SPEECH_HEADS = SPEECH_FINITE | word_set("argue argued argues warned told estimated found")
LEADING = word_set("but and so yet still meanwhile however also then instead already now")
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
        base = word[:-2]
        if len(base) > 2 and base[-1] == base[-2] and base[-1] not in "lsfz":
            return base[:-1]
        cvc = (
            len(base) <= 4
            and base[-1] not in "aeiouwxy"
            and base[-2] in "aeiou"
            and base[-3] not in "aeiou"
            and not base.endswith(("en", "er", "on", "om"))
        )
        silent_e = (
            len(base) > 4
            and base[-1] in "bdkmrsvz"
            and base[-2] in "aiou"
            and base[-3] not in "aeiou"
            and not base.endswith(("it", "om"))
        )
        if (
            base[-1] in "cvzu"
            or (base.endswith("at") and len(base) > 5)
            or base.endswith(("rg", "dg"))
            or (base.endswith("ng") and len(base) <= 5)
            or base.endswith(("ais", "aus", "eas", "ir"))
            or cvc
            or silent_e
        ):
            return base + "e"
        return base
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("shes", "ches", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3 and word not in NOT_VERBS:
        return word[:-1]
    return word


def is_verb(words: list[str], i: int) -> bool:
    word = words[i]
    if word in AUX or word in VERBISH or word in IRREGULAR or word in SPEECH_FINITE:
        return i > 0 or word in AUX
    if i == 0 or word in NOT_VERBS or words[i - 1] in ("the", "a", "an", "its", "their", "his", "her", "of", "to"):
        return False
    return word.endswith("ed") and len(word) > 4


def is_number(word: str) -> bool:
    return bool(re.fullmatch(r"\$?\d[\d,.]*%?|\d+-\d+", word)) or word in QUANTITY_WORDS


def is_time(word: str) -> bool:
    return word in TIME_WORDS or bool(re.fullmatch(r"(?:19|20)\d\d(?:-\d\d)?", word))


@dataclass
class Clause:
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
        if not (is_verb(words, i) and (i or subject)):
            continue
        head = words[:i] or list(subject or [])
        own = bool(words[:i])
        if words[i] in AUX:
            j = i + 1
            while j < len(words) and words[j] in ("not", "also", "still", "already", "be", "been", "have", "just"):
                j += 1
            modal = words[i] in MODALS
            following = words[j] if j < len(words) else ""
            if following and (
                following.endswith(("ed", "en", "ing"))
                or following in IRREGULAR
                or following in VERBISH
                or (modal and following not in FUNCTION_WORDS and not is_number(following))
            ):
                return Clause(words, head, words[i], words[j], words[j + 1 :], own_subject=own)
            return Clause(words, head, words[i], None, words[i + 1 :], own_subject=own)
        return Clause(words, head, None, words[i], words[i + 1 :], own_subject=own)
    return Clause(words, [], rest=words)


def content_words(words: list[str], limit: int) -> list[str]:
    return [w for w in words if w not in FUNCTION_WORDS and not is_number(w)][:limit]


def narration_of(sentence: str) -> str:
    """The sentence as a reader would ask about it: no dateline, no trailing "officials said"."""
    text = re.sub(
        r"^[A-Z][A-Z .’'\-]*(?:,\s*[A-Z][\w.]*\.?(?:\s[A-Z][\w.]*\.?)?)?\s*\([^()]*\)\s*[—–-]\s*", "", sentence
    )
    text = re.sub(r"^\([^()]*\)\s*[—–-]\s*", "", text).strip()
    return TRAILING_ATTRIBUTION.sub("", text).strip() or text


def clauses_of(text: str) -> list[Clause]:
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
        relative = bool(re.search(r"\b(?:which|who|whom|where)\b", joint))  # not the subject of the clause before
        antecedent = subject
        if relative:  # "Okafor described the gusts, which reached 60 mph": the noun before it
            before = clauses[-1].words if clauses else []
            marks = [
                n for n, w in enumerate(before) if w in ("the", "a", "an", "its", "their") and n >= len(before) - 4
            ]
            antecedent = before[marks[-1] :] if marks and len(before) - marks[-1] >= 2 else None
        clause = parse_clause(words, antecedent)
        if not clauses and clause.verb in SPEECH_HEADS and len(clause.rest) >= 3:
            rest = clause.rest
            if "that" in rest[:5]:
                rest = rest[rest.index("that") + 1 :]
            inner = parse_clause(rest, None)
            if inner.subject and (inner.verb or inner.aux):
                clause.said = True
                clauses.append(clause)  # the attribution itself, then what was said
                clause = inner
        if clause.subject and subject is None:
            subject = clause.subject
        clauses.append(clause)
    return clauses
