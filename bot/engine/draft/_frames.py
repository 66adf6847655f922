"""Reading the narration around a quote (or in a sentence) for a speech verb and the person it names."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import MAX_NAME
from ._lexicon import (
    CALLING_VERBS,
    INVERTED_VERBS,
    PRONOUNS,
    ROLE_NOUNS,
    SPEECH_FINITE,
    SPEECH_GERUND,
    STATEMENT_SUBJECTS,
    VERBISH,
    WORD,
    word_set,
)
from ._paragraphs import Para
from ._people import People

NAME_OF_BODY_WORDS = 5
BODY_NAME_WORDS = 6  # words of an organisation's name before a speech verb
# What an article calls an organisation it named before ("the institute said in a statement").
BODY_NOUNS = word_set(
    """company firm institute authority commission agency department council board association union alliance
    coalition group foundation utility district university hospital airline corporation organization
    organisation nonprofit"""
)
CALLED_OBJECT_WORDS = 10  # words between a calling verb and the quote ("called the union’s demand to … “…”")
_BE = frozenset(
    ("was", "were", "is", "are", "be", "been", "being")
)  # capitalised words of a body after "of" ("Rio Vista University")


@dataclass
class Frame:
    """Who the narration around a quote or in a sentence says is speaking."""

    verb: str | None = None
    speaker: str | None = None
    group: str | None = None
    cue: str = ""


def words_of(text: str, offset: int) -> list[tuple[str, int, int]]:
    """The words of `text` with their positions, shifted by `offset`."""
    return [(m.group(), m.start() + offset, m.end() + offset) for m in WORD.finditer(text)]


@dataclass(frozen=True)
class _Narration:
    """A stretch of narration as `Attributor.frame` reads it: its words (quoted words left out), lower-cased,
    and their text, the cue a frame reports."""

    para: Para
    words: list[tuple[str, int, int]]
    low: list[str]
    cue: str

    def frame(self, verb: int, subject: str | bool | None = None, group: str | None = None) -> Frame:
        """The frame of the speech verb at `verb`, with its subject when that is a person."""
        return Frame(self.low[verb], subject if isinstance(subject, str) else None, group, cue=self.cue)


def _leading_verb(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
    """Whether the speech verb at `i` can attribute its sentence: among its first words ("Marsh said …"),
    right after an aside that follows them ("Marsh, summarizing the ruling, said …"), or at its end
    after a comma ("…, she said.")."""
    return _near_start(words, i) or _after_comma(text, words, i)


def _near_start(words: list[tuple[str, int, int]], i: int) -> bool:
    """Among the sentence's first words, or after a run of capitalised ones (a long title)."""
    if i <= 6:
        return True
    # "the FTC’s Bureau of Competition Director Ramona Ellery said"
    return i <= 12 and all(w[0][0].isupper() or w[0] in ("the", "of", "and") for w in words[:i])


def _after_comma(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
    """Right after an opening phrase or an aside, or at the end after a comma ("…, she said.")."""
    commas = [k for k in range(len(words) - 1) if "," in text[words[k][2] : words[k + 1][1]]]
    if not commas:
        return False
    first = commas[0]
    if first <= 8 and i - first <= 6:
        return True  # after an opening phrase: "In a statement released Friday, Sheriff Raymond Tully said"
    if "," in text[words[i - 1][2] : words[i][1]] and first <= 5 and i - first <= 25:
        return True
    return len(words) - i <= 4 and any(i - 5 <= k < i - 1 for k in commas)


class Attributor:
    """Reads frames for the paragraphs; remembers whose statement the article last mentioned."""

    def __init__(self, paras: list[Para], people: People) -> None:
        self.paras = paras
        self.people = people
        self.statement_owner: str | None = None

    def subject_at(
        self, para: Para, words: list[tuple[str, int, int]], index: int, *, bodies: bool = True
    ) -> str | bool | None:
        """The person named by the words ending at `index` (a name, a pronoun, "the statement").

        Returns a person id, None for an unresolved reference, or False for no subject here."""
        word, start, _ = words[index]
        low = word.lower()
        if low in ("he", "she"):
            person = self.people.antecedent(para.number, start, PRONOUNS[low])
            if person is not None:
                self.people.add_mention(person, para.number, start)
            return person
        if low in STATEMENT_SUBJECTS and index >= 1 and words[index - 1][0].lower() in ("the", "a", "her", "his"):
            return self.statement_owner
        for mention in self.people.mentions_covering(para.number, start, slack=1):
            return mention.person
        if index >= 1 and words[index - 1][0].lower() == "the" and low in ROLE_NOUNS:
            holders = [p.id for p in self.people.people.values() if any(low in r.lower() for r in p.roles)]
            return holders[0] if len(holders) == 1 else None
        return self._body_at(words, index) if bodies else False

    def _body_at(self, words: list[tuple[str, int, int]], index: int) -> str | bool:
        """An organisation ending at `index` ("Prairie Basin", "The Memory Alliance"), or "the institute",
        "the company" when one organisation of the article is called so; False for none."""
        low = words[index][0].lower()
        if index >= 1 and words[index - 1][0].lower() == "the" and low in BODY_NOUNS:
            body = self.people.body_called(low)
            return self.people.speaking_body(body) if body is not None else False
        start = index
        while start > 0 and words[start - 1][0][:1].isupper() and index - start < BODY_NAME_WORDS:
            start -= 1
        for first in range(start, index + 1):  # the longest name that ends here
            body = self.people.body_named([w[0] for w in words[first : index + 1]])
            if body is not None:
                return self.people.speaking_body(body)
        return False

    def _subject_before(self, para: Para, words: list[tuple[str, int, int]], verb: int) -> str | bool | None:
        """The subject of the speech verb at `verb`: the name, pronoun or "the statement" right before it,
        allowing an appositive (", the conference president,"), "in a statement" or an auxiliary between."""
        j = verb - 1
        text = para.text
        while j >= 0:
            word = words[j][0].lower()
            if word in ("has", "had", "have", "also", "later", "then", "again", "once", "repeatedly", "long"):
                j -= 1
                continue
            break
        if j < 0:
            return False
        # An aside between the name and the verb: ", the conference president,", ", who voted no,",
        # ", superintendent of …, one of the plaintiffs,", ", summarizing the ruling from the bench,".
        if text[words[j][2] : words[verb][1]].strip() == ",":
            direct = self.subject_at(para, words, j, bodies=False)
            if isinstance(direct, str):
                return direct  # "A spokeswoman for the agency, Lauren Okafor, said"
            k = j
            for _ in range(3):
                comma = para.masked.rfind(",", words[0][1], words[k][1])
                before = [m for m in range(k) if words[m][2] <= comma]
                if comma < 0 or not before or k - before[-1] > 20:
                    break
                m = before[-1]
                if para.masked[words[m][2] : comma + 1].strip() != ",":
                    break
                # a person first ("a spokeswoman for the Food and Drug Administration, Lauren Okafor,"
                # is Okafor's; "Helen Park of Rio Vista University, who ...," is Park's), then a body
                found = self.subject_at(para, words, m, bodies=False)
                if found is False:
                    found = self._name_of_body(para, words, m)
                if found is False:
                    found = self.subject_at(para, words, m)
                if found is not False:
                    return found
                k = m
        found = self.subject_at(para, words, j)
        if found is False and words[j][0].lower() == "who":
            # "said Janelle Ortiz, a spokeswoman for the Red Cross, who described the mood as “…”"
            return self._named_before(para, words, j)
        return found

    def _named_before(self, para: Para, words: list[tuple[str, int, int]], at: int) -> str | None:
        """The one person the sentence names before `at` (a relative "who" refers back to them), or None."""
        sentence = self.people.sentence_at(para.number, words[at][1])
        named = {
            m.person
            for m in self.people.mentions_between(para.number, sentence.start, words[at][1])
            if not m.quoted and not self.people.possessive(m)
        }
        return next(iter(named)) if len(named) == 1 else None

    def _name_of_body(self, para: Para, words: list[tuple[str, int, int]], end: int) -> str | bool | None:
        """ "Economist Helen Park of Rio Vista University, who …, told": the person before "of" and the
        capitalised name of their body that ends at `end`."""
        i = end
        while i > 0 and words[i][0][:1].isupper() and end - i < NAME_OF_BODY_WORDS:
            i -= 1
        if i == end or words[i][0] != "of" or i == 0:
            return False
        return self.subject_at(para, words, i - 1)

    def frame(self, para: Para, start: int, end: int, before_quote: bool) -> Frame:
        """Read the narration `para.masked[start:end]` for a speech verb and its subject."""
        words = [w for w in words_of(para.masked[start:end], start) if not set(w[0]) <= {"X"}]
        if not words:
            return Frame()
        narration = _Narration(para, words, [w[0].lower() for w in words], para.text[words[0][1] : words[-1][2]])
        according = self._according_to(narration)
        if according is not None and according.speaker is not None:
            return according  # "according to a transcript": no one's words, the speech verb decides
        verb = self._speech_verb(narration, before_quote)
        if verb is None:
            return Frame()
        if verb and narration.low[verb - 1] in ("and", "but"):
            # "“…” and said …": a second verb of a subject named earlier, not an attribution
            return self._shared_subject(narration, verb) if before_quote else Frame()
        if narration.low[verb] in SPEECH_GERUND:
            return self._gerund(narration, verb)
        return self._finite(narration, verb, before_quote)

    def _according_to(self, narration: _Narration) -> Frame | None:
        """ "according to Smith": the person named after it."""
        low = narration.low
        for i in range(len(low) - 1):
            if low[i] == "according" and low[i + 1] == "to":
                found = self._mention_after(narration.para, narration.words, i + 2)
                return Frame("according to", found, cue=narration.cue)
        return None

    def _speech_verb(self, narration: _Narration, before_quote: bool) -> int | None:
        """The speech verb that attributes the narration: before a quote the last one (a calling verb too:
        "Pruitt called the plan “…”", "described the proposal as “…”"), else the first that can lead it."""
        para, words, low = narration.para, narration.words, narration.low
        verbs = [i for i, w in enumerate(low) if w in SPEECH_FINITE or w in SPEECH_GERUND]
        if before_quote:
            verbs += [i for i, w in enumerate(low) if w in CALLING_VERBS and self._active_calling(para, words, i)]
            verbs.sort()
            return verbs[-1] if verbs else None
        verbs = [i for i in verbs if _leading_verb(para.masked, words, i)]
        return verbs[0] if verbs else None

    def _shared_subject(self, narration: _Narration, verb: int) -> Frame:
        """ "Kline read from his dissent and said: “…”": the clause's one person, when there is one."""
        named = {self.subject_at(narration.para, narration.words, i) for i in range(verb - 1)} - {False}
        if len(named) == 1:
            return narration.frame(verb, next(iter(named)))
        return narration.frame(verb)

    def _gerund(self, narration: _Narration, verb: int) -> Frame:
        """ "Jones quoted Smith as saying": Smith's words, never Jones's; Smith or nobody ("quoted the report
        as saying"). "Jones recalled Smith saying" / "Smith interrupted Jones saying": a person right before
        the gerund may be its speaker or not: nobody. "Sessions has blamed ..., saying": the clause's first person."""
        para, words, low = narration.para, narration.words, narration.low
        if verb >= 2 and low[verb - 1] == "as":
            return narration.frame(verb, self.subject_at(para, words, verb - 2))
        joined = verb >= 2 and "," not in para.masked[words[verb - 1][2] : words[verb][1]]
        if joined and (low[verb - 1] in ("him", "her", "them") or self.subject_at(para, words, verb - 1) is not False):
            return narration.frame(verb)
        for i in range(verb):
            subject = self.subject_at(para, words, i)
            if subject is not False:
                return narration.frame(verb, subject)
        return narration.frame(verb)

    def _finite(self, narration: _Narration, verb: int, before_quote: bool) -> Frame:
        """A finite speech verb ("said", "told"): its subject, else (after a quote) the name after an inverted
        verb ("“…,” said Smith") or a group ("officials said")."""
        para, words = narration.para, narration.words
        subject = self._subject_before(para, words, verb)
        if before_quote:
            return narration.frame(verb, subject)
        if self._reported(para, words, verb, subject):
            return narration.frame(verb)  # "“…,” Jones said Smith told him": Smith's words, not Jones's
        if subject is False and narration.low[verb] in INVERTED_VERBS:
            subject = self._mention_after(para, words, verb + 1)
        if subject is False:
            subject = None
        if subject is None and verb > 0 and self._group(words[:verb]):
            return narration.frame(verb, group=self._group(words[:verb]))
        return narration.frame(verb, subject)

    def _reported(self, para: Para, words: list[tuple[str, int, int]], verb: int, subject: str | bool | None) -> bool:
        """Whether a later speech verb of the frame has a subject of its own other than `subject`: the quote is
        someone else's words as reported ("Jones said Smith told him")."""
        for i in range(verb + 2, len(words)):
            if words[i][0].lower() in SPEECH_FINITE:
                other = self.subject_at(para, words, i - 1)
                if other is not False and other != subject:
                    return True
        return False

    @staticmethod
    def _active_calling(para: Para, words: list[tuple[str, int, int]], i: int) -> bool:
        """ "Pruitt called the plan “…”", "a workload he called “…”": the subject's words; not a passive
        ("Smith was called “…” by Jones", "Smith, described as “…”,")."""
        if len(words) - i > CALLED_OBJECT_WORDS or (i and words[i - 1][0].lower() in _BE):
            return False
        after = [w[0].lower() for w in words[i + 1 :]]
        if after and after[0] in _BE:
            return False  # "defects of the kind Kestrel described are “…”": a relative clause, not a calling
        comma_before = i > 0 and "," in para.masked[words[i - 1][2] : words[i][1]]
        return not (comma_before and (not after or after[0] == "as"))

    def _mention_after(self, para: Para, words: list[tuple[str, int, int]], index: int) -> str | None:
        """The first person mentioned in the six words from `index`."""
        for word in words[index : index + 6]:
            for mention in self.people.mentions_covering(para.number, word[1]):
                return mention.person
        return None

    @staticmethod
    def _group(words: list[tuple[str, int, int]]) -> str | None:
        """ "Officials said", "defenders of sanctuary-city practices say": a group label as printed."""
        names = [w[0] for w in words]
        while names and names[0].lower() in ("but", "and", "yet", "so", "still", "however", "meanwhile"):
            names = names[1:]
        if not names or len(names) > 7 or names[0].lower() in PRONOUNS or names[0].lower() in ("it", "they"):
            return None
        if any(n.lower() in VERBISH for n in names):
            return None
        return " ".join(names).lower()[:MAX_NAME] if names[0][0].isupper() or names[0].islower() else None
