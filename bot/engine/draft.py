"""The article drafter: an article's text (or a saved HTML page) -> a draft fact base.

`draft_article` reads the paragraphs, finds the people the article names (with their role
in the article's own words), every quoted passage with its speaker where the text says
who it is, and one fact per claim sentence, and returns an `Article` that passes the
loader's checks, every record marked `status: draft`. Nothing is invented: roles, quotes
and evidence are the article's words, and a quote whose speaker cannot be resolved with
confidence is kept without one (`KnowledgeBase.quotes` never shows it): no speaker is
better than a wrong one. `DraftReport` lists what could not be resolved.

Pure Python and regular expressions, no Discord, no network; HTML needs trafilatura,
imported only for HTML.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import FactBaseError, InputError
from .loader import PAGE_CHROME, article_paragraphs, check_against_text, check_references
from .models import (
    DRAFT,
    MAX_ANSWER,
    MAX_CONTEXT,
    MAX_EXCERPT,
    MAX_FACTS,
    MAX_ID,
    MAX_NAME,
    MAX_PEOPLE,
    MAX_PHRASING,
    MAX_QUESTION,
    MAX_QUOTE,
    MAX_QUOTES,
    MAX_ROLE,
    MIN_PHRASINGS,
    Article,
    Medium,
)
from .records import slug

FALLBACK_ROLE = "named in the article"
DEFAULT_OUTLET = "Unknown outlet"
TITLE_LIMIT = 300
MAX_PERSON_PARAGRAPHS = 50  # the schema's cap on the paragraphs one record cites
PRONOUN_WINDOW = 1  # paragraphs back that a he/she may reach for its antecedent (this one or the one before)

# ---------------------------------------------------------------- word lists


def _set(text: str) -> frozenset[str]:
    """A word list written as one string."""
    return frozenset(text.split())


_TITLES = _set(
    """Mayor President Chairman Chairwoman Chair Governor Gov Senator Sen Representative Rep Secretary
    General Attorney Judge Chief Director Commissioner Councilmember Councilman Councilwoman Sheriff
    Superintendent Speaker Leader Minister Chancellor Officer Sgt Sergeant Lt Lieutenant Capt Captain
    Detective Dr Mr Mrs Ms Prof Professor Rev Reverend Pope Spokesman Spokeswoman Spokesperson Deputy
    Commander Trooper Ambassador Administrator Treasurer Auditor Comptroller Controller Dean Executive
    Congressman Congresswoman Assemblyman Assemblywoman Alderman Councilor Councillor Supervisor
    Inspector Marshal Prosecutor Coach CEO Premier Chairperson Delegate Adm Admiral Col Colonel
    Gen Cmdr Justice Magistrate"""
)
_ROLE_NOUNS = _set(
    """spokeswoman spokesman spokesperson attorney lawyer official director chief secretary aide adviser
    advisor chairman chairwoman chair president mayor governor senator councilmember councilman
    councilwoman commissioner executive officer analyst professor economist researcher reporter editor
    founder owner manager coach leader organizer activist pastor minister deputy assistant general
    representative sheriff member ceo spokespeople prosecutor judge detective superintendent
    administrator treasurer auditor comptroller dean trustee strategist consultant expert scientist
    historian author accountant schoolteacher teacher nurse resident lawyer doctor physician farmer student
    engineer plaintiff mother father parent retiree veteran justice partner principal counsel
    vice-president chancellor provost governor-elect mayor-elect"""
)
_ROLE_MODIFIERS = _set(
    """former acting interim longtime press communications senior chief deputy city county state
    federal police fire school board union campaign top then- retired lead"""
)
_PARTICLES = _set("de da del della di du van von der den la le bin al ter st")
_NON_NAME = _set(
    """The A An But And As If In On At For With Many Some This That These Those It He She They We I
    You Our His Her Their Its There Here When While After Before Since During Under Over Officials
    Democrat Democrats Democratic Republican Republicans American Americans Christmas Internet
    Twitter Facebook God Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December Let Meanwhile However Yet
    So Not No Yes Still Also Even Now Then Why What Who How Where Which Last Next Every Each All Both
    Several Most More Federal State City County National International Former Acting"""
)
_ORG_WORDS = _set(
    """Department County Council House City Cities Conference Court Committee Security Administration
    Office Agency University College School Schools Party Times Post Association Union Center Centre
    Park State States Bureau Service Services Commission Board Senate Congress Group Inc Corp Company
    Foundation Institute Police Patrol Airport Street Avenue Road Church Hospital Act Program Project
    Fund Network Journal News Press Airlines Bank Trust Club Team Force Army Navy Guard Ministry
    Parliament Assembly Legislature Government Coalition Alliance Federation Society Authority
    District Region Province Island Islands Mountains River Lake Bay Valley Sound Hill Square Bridge
    Station Capitol Times Tribune Herald Gazette Magazine Media Coast Border Department’s County’s
    Republic Kingdom Nations Court’s Homeland Justice Health Human Rights Affairs Program Co Corp Ltd LLC
    Industries Securities Packaging United Wire Service Chamber Partners Holdings Capital Group Bancorp
    Systems Technologies Motors Energy Pharmaceuticals Labs Media Studios Enterprises Associates Ventures
    Brands Foods Airways Railways Railroad Insurance Financial Investments Realty Properties Logistics
    Alliance Federation Federal Reserve Exchange Commission Bureau Agency Fire Fires Storm Hurricane Project
    Campaign Movement Initiative Coalition Caucus Taxpayers Processors Workers Teachers Nurses Local Wire"""
)
# Last words of place names: "Cedar Hollow", "Klamath Falls" are never people.
_PLACE_LAST = _set(
    """Creek Hollow Springs Spring Falls Heights Ridge Canyon Harbor Beach Grove Village Junction Crossing Mesa
    Forest Meadows Point Peak Pass Gulch Flats Bluff Bluffs Landing Shores Cove Rapids Bend
    Prairie Plains Town Township Borough Parish Estates Acres Gardens Harbour"""
)
_HONORIFICS = _set("Mr Mrs Ms Dr")
# "Daniel Osei, who directs the group ...": the role a who-clause gives.
_ROLE_VERBS = {
    "chairs": "chair of",
    "directs": "director of",
    "leads": "leader of",
    "heads": "head of",
    "founded": "founder of",
    "co-founded": "co-founder of",
    "owns": "owner of",
    "manages": "manager of",
    "oversees": "overseer of",
    "runs": "head of",
    "represents": "representative of",
    "coaches": "coach of",
}
# Abbreviated titles written out in a role ("Gov. Patricia Oyelaran" -> Governor).
_TITLE_WORDS = {
    "Gov": "Governor",
    "Sen": "Senator",
    "Rep": "Representative",
    "Lt": "Lieutenant",
    "Gen": "General",
    "Sgt": "Sergeant",
    "Capt": "Captain",
    "Col": "Colonel",
    "Cmdr": "Commander",
    "Adm": "Admiral",
    "Prof": "Professor",
    "Rev": "Reverend",
    "Supt": "Superintendent",
    "Insp": "Inspector",
    "Det": "Detective",
}
_PLACE_FIRST = _set(
    "New San Los Las Santa St Fort Port North South East West Northern Southern United Great Lake Mount "
    "Puerto Costa Saudi Sri El Hong Rhode"
)
_MODIFIER_FOLLOW = _set(
    """administration administration’s administration's campaign spokeswoman spokesman spokesperson aide
    aides officials supporters allies era policy policies team loyalists voters"""
)
_FEMALE_CUES = _set("spokeswoman chairwoman congresswoman councilwoman assemblywoman businesswoman mrs ms actress")
_MALE_CUES = _set("spokesman chairman congressman councilman assemblyman businessman mr alderman")
_ABBREVIATIONS = _set(
    """mr mrs ms dr sen rep gov gen lt col sgt capt cmdr adm st jr sr inc co corp ltd no jan feb mar apr
    aug sept sep oct nov dec ft mt prof rev hon vs etc"""
)
_SPEECH_FINITE = _set(
    """said says say added adds wrote writes told tells tweeted posted explained explains stated noted
    notes argued argues continued replied responded recalled insisted declared warned warns asked
    asks acknowledged conceded countered claimed claims maintained contended contends emphasized
    stressed announced testified predicted suggested agreed"""
)
_CALLING_VERBS = _set("called calls described describes dubbed labeled labelled termed")
_SPEECH_GERUND = _set("saying adding writing telling noting arguing explaining tweeting warning insisting")
_LISTENER_VERBS = _set("told tells telling asked asks")  # the name after them is the listener
_INVERTED_VERBS = _set("said says added wrote asked continued")  # “…,” said Smith
_PARAPHRASE_VERBS = _set(
    """said says say explained explains argued argue argues contend contends contended noted added told
    warned warn claimed claim claims insisted insist stated believe believes maintain maintains"""
)
_STATEMENT_SUBJECTS = ("statement", "release", "news release", "press release")
_PRONOUNS = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f", "hers": "f"}
_WEEKDAYS = sorted(_set("Monday Tuesday Wednesday Thursday Friday Saturday Sunday"))
_MONTHS = sorted(_set("January February March April May June July August September October November December"))
_NUMBER_WORDS = _set(
    """two three four five six seven eight nine ten eleven twelve dozen dozens hundred hundreds thousand
    thousands million millions billion billions half"""
)
_VERBISH = _set(
    """is are was were has have had did does do will would could can may might must should said says
    say sent received got made took gave include includes included remain remains want wants plan
    plans told wrote met became become left won lost began came went saw knew held paid put set ran
    cut keeps gets makes takes gives announced expressed explained added"""
)
_FUNCTION = _set(
    """the a an of to in on at for with and or but by from as that this these those it its is are was
    were be been has have had will would could can not no do does did he she they we i you his her
    their our them him us there here so than then also which who whom whose what when where why how
    all any some more most such into about over after before"""
)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9’'\-]*")
_WORD = re.compile(r"[\w’'\-]+")
_OPEN, _CLOSE = "“", "”"


# ---------------------------------------------------------------- reading the input


@dataclass(frozen=True)
class PageText:
    """What an HTML page gave: its paragraphs and whatever metadata it carried."""

    paragraphs: list[str]
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    url: str | None = None
    byline: str | None = None


def paragraphs_from_text(text: str) -> list[str]:
    """One paragraph per non-empty line, page chrome ("Share story") skipped: the curators' numbering."""
    return article_paragraphs(text)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith("<") and ("<html" in head or "<!doctype" in head or "<body" in head or "<p" in head)


def read_page(name: str, raw: str) -> PageText:
    """An article file as a `PageText`: a saved HTML page (by its name or its text) through
    `read_html`, else plain text, one paragraph per line, with no metadata."""
    if name.lower().endswith((".html", ".htm")) or looks_like_html(raw):
        return read_html(raw)
    return PageText(paragraphs_from_text(raw))


def read_html(html: str) -> PageText:
    """Main text, title, date and outlet of a saved page, with trafilatura (no network)."""
    import trafilatura

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False)
    data: dict[str, Any] = {}
    if isinstance(found, dict):
        data = found
    elif found is not None:
        data = {k: getattr(found, k, None) for k in ("text", "title", "date", "sitename", "url", "author")}
    text = str(data.get("text") or "")
    paragraphs = [p for p in (line.strip() for line in text.splitlines()) if p and p not in PAGE_CHROME]
    published = None
    if data.get("date"):
        try:
            published = dt.date.fromisoformat(str(data["date"])[:10])
        except ValueError:
            published = None
    return PageText(
        paragraphs=paragraphs,
        title=str(data["title"]).strip() if data.get("title") else None,
        published=published,
        outlet=str(data["sitename"]).strip()[:MAX_NAME] if data.get("sitename") else None,
        url=str(data["url"]) if data.get("url") else None,
        byline=str(data["author"]).strip() if data.get("author") else None,
    )


# ---------------------------------------------------------------- paragraphs, quotes, sentences


@dataclass
class QuoteSpan:
    """One quoted passage of a paragraph: `text` is `paragraph[start:end]` (marks excluded)."""

    para: int  # 1-based
    open_at: int
    close_at: int | None  # None: runs on past the end of the paragraph
    start: int
    end: int
    text: str
    scare: bool
    continues: bool = False  # continues the previous paragraph's unclosed quote
    speaker: str | None = None
    medium: Medium | None = None
    cue: str = ""  # the words that attributed it
    framed: bool = False  # its own sentence has an attribution (resolved or not)
    id: str = ""


@dataclass
class Sentence:
    para: int
    start: int
    end: int
    index: int  # in the article


@dataclass
class Mention:
    person: str
    para: int
    start: int
    end: int
    quoted: bool
    modifier: bool  # "the Trump administration": names them but they are not the subject


@dataclass
class Para:
    number: int
    text: str
    quotes: list[QuoteSpan] = field(default_factory=list)
    masked: str = ""  # quoted words replaced by X, so frames and mentions see only the narration
    sentences: list[Sentence] = field(default_factory=list)


def _find_quotes(number: int, text: str, run_on: bool) -> list[QuoteSpan]:
    spans: list[QuoteSpan] = []
    inside, opened = False, 0
    for i, char in enumerate(text):
        if char == _OPEN or (char == '"' and not inside):
            if inside and char == _OPEN:  # a second opener: the first ran on without closing
                continue
            inside, opened = True, i
        elif (char == _CLOSE or char == '"') and inside:
            spans.append(_span(number, text, opened, i))
            inside = False
    if inside:
        spans.append(_span(number, text, opened, None))
    if run_on and spans and spans[0].open_at == 0:
        spans[0].continues = True
    return spans


def _span(number: int, text: str, opened: int, closed: int | None) -> QuoteSpan:
    start, end = opened + 1, (closed if closed is not None else len(text))
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    while start < end and text[start] in '"“”':
        start += 1
    while end > start and text[end - 1] in '"“”':
        end -= 1
    inner = text[start:end]
    words = inner.split()
    so_called = text[max(0, opened - 10) : opened].rstrip().lower().endswith("so-called")
    scare = (len(words) < 3 and not re.search(r"[.!?,;:]", inner)) or (so_called and len(words) < 6)
    return QuoteSpan(number, opened, closed, start, end, inner, scare)


def _mask(text: str, quotes: list[QuoteSpan]) -> str:
    chars = list(text)
    for quote in quotes:
        if quote.scare:
            continue
        stop = quote.close_at if quote.close_at is not None else len(text)
        for i in range(quote.open_at + 1, stop):
            chars[i] = "X"
        last = text[quote.start : quote.end].rstrip()
        if quote.close_at is not None and last[-1:] in ".!?":  # a sentence may end with the quote
            chars[quote.start + len(last) - 1] = last[-1]
    return "".join(chars)


_LOOKBACK = 400  # characters of narration a local pattern may look back (or ahead) over: keeps drafting linear
_BOUNDARY = re.compile(r"[.!?][\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def _sentences(para: Para, first_index: int) -> list[Sentence]:
    masked, start = para.masked, 0
    out: list[Sentence] = []
    for match in _BOUNDARY.finditer(masked):
        # A window before the boundary, not the whole prefix: searching the prefix is quadratic.
        before = masked[max(0, match.start() - _LOOKBACK) : match.start() + 1]
        word = re.search(r"([A-Za-z.]+)\.$", before)
        if word:
            stem = word.group(1).rstrip(".")
            if (
                stem.lower() in _ABBREVIATIONS
                or re.fullmatch(r"(?:[A-Z]\.)+[A-Z]", stem)
                or re.fullmatch(r"[A-Z]", stem)
                or (stem[:1].isupper() and masked[match.end() : match.end() + 1] == "(")  # "SALEM, Ore. (CPW) —"
            ):
                continue
        end = match.start() + len(match.group().rstrip())
        out.append(Sentence(para.number, start, end, first_index + len(out)))
        start = match.end()
    if start < len(masked):
        out.append(Sentence(para.number, start, len(masked.rstrip()), first_index + len(out)))
    return out


def _read_paragraphs(paragraphs: list[str]) -> list[Para]:
    paras: list[Para] = []
    run_on = False
    for number, text in enumerate(paragraphs, 1):
        para = Para(number, text, _find_quotes(number, text, run_on))
        para.masked = _mask(text, para.quotes)
        para.sentences = _sentences(para, sum(len(p.sentences) for p in paras))
        run_on = bool(para.quotes) and para.quotes[-1].close_at is None and not para.quotes[-1].scare
        paras.append(para)
    return paras


# ---------------------------------------------------------------- people


@dataclass
class Draftee:
    """A person as the drafter finds them."""

    id: str
    name: str
    tokens: tuple[str, ...]
    surname: str
    roles: list[str] = field(default_factory=list)
    paragraphs: set[int] = field(default_factory=set)
    female: int = 0
    male: int = 0

    @property
    def gender(self) -> str | None:
        if (self.female and not self.male) or self.female >= 3 * max(self.male, 1):
            return "f"
        if (self.male and not self.female) or self.male >= 3 * max(self.female, 1):
            return "m"
        return None


@dataclass
class _Span:
    start: int
    end: int
    tokens: list[tuple[str, int, int]]  # (word, start, end)
    possessive: bool  # ends with ’s


def _cap_spans(text: str) -> list[_Span]:
    """Runs of capitalised words (with name particles), split at possessives and punctuation."""
    words = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans: list[_Span] = []
    current: list[tuple[str, int, int]] = []

    def close(possessive: bool = False) -> None:
        nonlocal current
        while current and current[-1][0] in _PARTICLES:
            current.pop()
        if current:
            spans.append(_Span(current[0][1], current[-1][2], current, possessive))
        current = []

    for i, (word, start, end) in enumerate(words):
        capital = word[0].isupper() and not (len(word) > 1 and word.isupper() and len(word) > 3)
        particle = word in _PARTICLES and i + 1 < len(words) and words[i + 1][0][0].isupper()
        if current:
            gap = text[current[-1][2] : start]
            abbreviated = len(current[-1][0]) == 1 or current[-1][0] in _TITLE_WORDS or current[-1][0] in _HONORIFICS
            joined = gap.strip() == "" or (gap == ". " and abbreviated)
            if not joined or not (capital or particle):
                close()
        if not (capital or particle):
            continue
        if len(word) == 1 and start and text[start - 1] == ".":  # the S of "U.S.": an abbreviation
            close()
            continue
        possessive = word.endswith(("’s", "'s"))
        if possessive:
            word, end = word[:-2], end - 2
        if word:
            current.append((word, start, end))
        if possessive:
            close(possessive=True)
    close()
    return spans


def _title_split(tokens: list[tuple[str, int, int]]) -> int:
    """How many leading tokens of a capitalised run are its title ("Attorney General Jeff Sessions" -> 2)."""
    cut = 0
    for i, (word, _, _) in enumerate(tokens[:-1]):
        if word.rstrip(".") in _TITLES:
            cut = i + 1
    return cut


def _spell_titles(title: str) -> str:
    """ "State Sen." -> "State Senator": abbreviated titles written out."""
    return re.sub(r"\b([A-Z][a-z]{1,4})\.(?=\s|$)", lambda m: _TITLE_WORDS.get(m.group(1), m.group(0)), title)


def _is_name(tokens: list[str]) -> bool:
    real = [t for t in tokens if t not in _PARTICLES]
    if not 2 <= len(real) <= 5:
        return False
    if real[0] in _PLACE_FIRST or real[0] in _NON_NAME:
        return False
    if any(t in _ORG_WORDS or t in _NON_NAME or t in _TITLES or (t.isupper() and len(t) > 1) for t in real):
        return False
    if real[-1] in _PLACE_LAST:
        return False
    return all(len(t) > 1 or t.isalpha() for t in real) and len(real[-1]) > 1


def _surname(tokens: tuple[str, ...]) -> str:
    out = [tokens[-1]]
    for word in reversed(tokens[:-1]):
        if word not in _PARTICLES:
            break
        out.insert(0, word)
    return " ".join(out)


_DATELINE = re.compile(r"\s*([A-Z][A-Z.’' -]+?)(?:,\s*[A-Z][A-Za-z. ]{1,20}?)?\s*\(([^()]{2,60})\)\s*[—–-]")


def not_people(paragraphs: list[str], outlet: str | None) -> set[str]:
    """Names that are never people: the outlet, the dateline's place and wire ("MARLOW, Ohio (Continental Wire) —")."""
    out = {outlet.casefold()} if outlet else set()
    match = _DATELINE.match(paragraphs[0]) if paragraphs else None
    if match:
        out |= {match.group(1).strip().casefold(), match.group(2).strip().casefold()}
    return {re.sub(r"^the\s+", "", name) for name in out}


class _People:
    def __init__(self, paras: list[Para], excluded: Iterable[str] = ()) -> None:
        self.paras = paras
        self.excluded = set(excluded)
        self.people: dict[str, Draftee] = {}
        self.mentions: list[Mention] = []
        # Mentions by paragraph, sorted by (start, order found): lookups by position are a bisect, not a scan.
        self._by_para: dict[int, list[tuple[int, int, Mention]]] = {}
        self._longest: dict[int, int] = {}
        self._spans = {p.number: _cap_spans(p.text) for p in paras}
        # Each paragraph tokenised once: `_role` looks back from every name mention (linear, not quadratic).
        self._words = {p.number: [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(p.text)] for p in paras}
        self._word_starts = {n: [w[1] for w in words] for n, words in self._words.items()}
        self._find_people()
        self._find_mentions()

    # names ------------------------------------------------------------
    def _name_part(self, span: _Span) -> tuple[int, list[tuple[str, int, int]]]:
        cut = _title_split(span.tokens)
        tokens = span.tokens[cut:]
        while cut == 0 and tokens and tokens[0][0] in _NON_NAME:
            tokens = tokens[1:]
        return cut, tokens

    def _find_people(self) -> None:
        candidates: list[tuple[int, Para, _Span, int, list[tuple[str, int, int]]]] = []
        the_named: set[tuple[str, ...]] = set()
        for para in self.paras:
            for span in self._spans[para.number]:
                cut, tokens = self._name_part(span)
                if span.possessive and cut == 0 and not _is_name([t for t, _, _ in tokens]):
                    continue
                names = tuple(t for t, _, _ in tokens)
                if not _is_name(list(names)):
                    continue
                if " ".join(names).casefold() in self.excluded:
                    continue
                if cut == 0 and re.search(r"\b[Tt]he\s+$", para.text[max(0, tokens[0][1] - 5) : tokens[0][1]]):
                    the_named.add(names)  # "the Marlow Chamber", "the Gilman Creek Fire": not a person
                    continue
                candidates.append((len(names), para, span, cut, tokens))
        candidates = [c for c in candidates if tuple(t for t, _, _ in c[4]) not in the_named]
        # Longest forms first, so "Huckabee Sanders" is found to be part of "Sarah Huckabee Sanders".
        for _, _para, _span, _cut, tokens in sorted(candidates, key=lambda c: (-c[0], c[1].number, c[2].start)):
            names = tuple(t for t, _, _ in tokens)
            if self._known(names) is not None:
                continue
            person_id = self._new_id(" ".join(names))
            self.people[person_id] = Draftee(person_id, " ".join(names), names, _surname(names))
        # People the article names only by title and surname ("Sen. Cantwell said").
        for para in self.paras:
            for span in self._spans[para.number]:
                cut, tokens = self._name_part(span)
                names = tuple(t for t, _, _ in tokens)
                single = cut and len(names) == 1 and len(names[0]) > 1 and names[0] not in _ORG_WORDS | _NON_NAME
                if single and self._known(names) is None and not self._ambiguous(names):
                    person_id = self._new_id(names[0])
                    self.people[person_id] = Draftee(person_id, names[0], names, names[0])
        # Roles, in the order the article gives them, from every full mention.
        for para in self.paras:
            for span in self._spans[para.number]:
                cut, tokens = self._name_part(span)
                names = tuple(t for t, _, _ in tokens)
                person = self._known(names)
                if person is None or not tokens:
                    continue
                role = self._role(para, span, cut, tokens)
                if role and role.casefold() not in {r.casefold() for r in person.roles}:
                    person.roles.append(role)

    def _new_id(self, name: str) -> str:
        base = slug(name)
        candidate, number = base, 2
        while candidate in self.people:
            candidate, number = f"{base}-{number}", number + 1
        return candidate

    def _known(self, names: tuple[str, ...]) -> Draftee | None:
        """The one person whose name ends with these words (a full name or a surname), if exactly one."""
        if not names:
            return None
        found = [p for p in self.people.values() if p.tokens[-len(names) :] == names and len(names) <= len(p.tokens)]
        return found[0] if len(found) == 1 else None

    def _ambiguous(self, names: tuple[str, ...]) -> bool:
        return sum(1 for p in self.people.values() if p.tokens[-len(names) :] == names) > 1

    def _role(self, para: Para, span: _Span, cut: int, tokens: list[tuple[str, int, int]]) -> str:
        text = para.text
        parts: list[str] = []
        # The title ("Attorney General Jeff Sessions"), or the name itself ("For Rosa Delgado": not "For").
        start = span.tokens[0][1] if cut else tokens[0][1]
        # Lower-case role words and the capitalised words before them ("Trump spokeswoman").
        words = self._words[para.number]
        taken_noun = bool(cut)
        j = bisect.bisect_left(self._word_starts[para.number], start) - 1  # the last word before `start`
        end_of_gap = start
        while j >= 0:
            word, w_start, w_end = words[j]
            if text[w_end:end_of_gap].strip() not in ("",):
                break
            low = word.lower()
            if low in _ROLE_NOUNS or (taken_noun and (low in _ROLE_MODIFIERS or word[0].isupper())):
                if word[0].isupper() and not taken_noun:
                    break
                taken_noun = taken_noun or low in _ROLE_NOUNS
                start, end_of_gap, j = w_start, w_start, j - 1
                continue
            break
        if start < tokens[0][1]:
            parts.append(_spell_titles(text[start : tokens[0][1]].strip()))
        window = max(0, start - _LOOKBACK)
        before = text[window:start]
        # "the chamber’s president, Walter Quist," / "Its founder, retired accountant Gloria Benning"
        leading = re.search(
            r"(?:^|(?<=[\s(]))((?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w\-]*[’']s)"
            r"\s+(?:[\w\-’']+\s+){0,4}?([a-z][\w\-]*)),\s+$",
            before,
        )
        if leading and leading.start() == 0 and window and not text[window - 1].isspace() and text[window - 1] != "(":
            leading = None  # the window cut a word: not a word start
        if leading and leading.group(2) in _ROLE_NOUNS:
            role = re.sub(r"^(?:[Ii]ts|[Hh]is|[Hh]er|[Tt]heir)\s+", "", leading.group(1))
            parts.insert(0, role[0].lower() + role[1:] if role.startswith("The ") else role)
        # An appositive: "Mitch Landrieu, the conference president, said", "Simon Achebe, Harrow’s chief
        # executive,", "Tom Kessler, president of the Independent Dairy Processors Association,".
        after = text[tokens[-1][2] : tokens[-1][2] + _LOOKBACK]
        appositive = re.match(
            r",\s+((?:the|a|an|[A-Z][\w\-]*[’']s|([a-z][\w\-]*))\s+[^,;:“”\"()]{2,110}?)(?=,|\.\s|\.$|;|$)", after
        )
        if appositive:
            phrase = appositive.group(1).strip()
            lead = appositive.group(2)
            if (lead is None or (lead in _ROLE_NOUNS and re.match(r"[a-z\-]+\s+(?:of|for|at)\s", phrase))) and not (
                re.search(r"\b(?:said|says|told|added|wrote)\b", phrase)
            ):
                parts.append(phrase)
        who = re.match(r",\s+who\s+(" + "|".join(_ROLE_VERBS) + r")\s+([^,;:“”\"()]{3,100}?)(?=,|\.\s|\.$|;|$)", after)
        if who and not parts:
            parts.append(f"{_ROLE_VERBS[who.group(1)]} {who.group(2).strip()}")
        if not parts and span.possessive is False:
            owner = re.search(r"((?:[A-Z][\w.\-]*\s+){0,3}[A-Z][\w.\-]*)[’']s\s*$", before.rstrip())
            if owner and not _is_name(owner.group(1).split()) and owner.group(1).split()[0] not in _NON_NAME:
                parts.append(f"of {owner.group(1)}")
        parts = [p for p in parts if p and any(w not in _NON_NAME and w.lower() not in _FUNCTION for w in p.split())]
        role = ", ".join(parts)
        return role[:MAX_ROLE].strip()

    # mentions ---------------------------------------------------------
    def _find_mentions(self) -> None:
        for para in self.paras:
            for span in self._spans[para.number]:
                _, tokens = self._name_part(span)
                names = tuple(t for t, _, _ in tokens)
                person = self._known(names) if names else None
                if person is None:
                    continue
                start, end = tokens[0][1], tokens[-1][2]
                following = para.text[end : end + 60].lstrip(" ’'s").split(" ", 1)[0].lower()
                modifier = following in _MODIFIER_FOLLOW or self._inside_role(para, end)
                quoted = para.masked[start:end] != para.text[start:end]
                self._add(Mention(person.id, para.number, start, end, quoted, modifier))
                person.paragraphs.add(para.number)
                for word, _, _ in span.tokens[: max(0, len(span.tokens) - len(tokens))]:
                    self._credit(person, word.lower().rstrip("."))
        # Gendered titles before the name.
        for mention in self.mentions:
            text = self.paras[mention.para - 1].text
            for word in text[max(0, mention.start - 40) : mention.start].lower().split()[-3:]:
                self._credit(self.people[mention.person], word.strip(".,"))

    def _add(self, mention: Mention) -> None:
        entries = self._by_para.setdefault(mention.para, [])
        bisect.insort(entries, (mention.start, len(self.mentions), mention), key=lambda e: (e[0], e[1]))
        self._longest[mention.para] = max(self._longest.get(mention.para, 0), mention.end - mention.start)
        self.mentions.append(mention)

    def mentions_between(self, para: int, lo: int, hi: int) -> list[Mention]:
        """Mentions of paragraph `para` starting in [lo, hi), in the order they were found."""
        entries = self._by_para.get(para, [])
        i = bisect.bisect_left(entries, lo, key=lambda e: e[0])
        j = bisect.bisect_left(entries, hi, key=lambda e: e[0])
        return [m for _, _, m in sorted(entries[i:j], key=lambda e: e[1])]

    def mentions_covering(self, para: int, position: int, slack: int = 0) -> list[Mention]:
        """Unquoted mentions of `para` with start <= position < end + slack, in the order they were found;
        never a possessive ("Smith’s critic, activist Maria Lopez": Smith names the possessor, not a speaker)."""
        lo = position - self._longest.get(para, 0) - slack
        found = self.mentions_between(para, lo, position + 1)
        return [m for m in found if not m.quoted and m.start <= position < m.end + slack and not self.possessive(m)]

    def possessive(self, mention: Mention) -> bool:
        return self.paras[mention.para - 1].text[mention.end : mention.end + 2] in ("’s", "'s")

    def _inside_role(self, para: Para, end: int) -> bool:
        """ "Trump spokeswoman Sarah Sanders": the mention is part of someone else's title."""
        rest = para.text[end : end + _LOOKBACK]
        match = re.match(r"\s+([a-z]+)\s+[A-Z]", rest)
        return bool(match and match.group(1) in _ROLE_NOUNS)

    @staticmethod
    def _credit(person: Draftee, word: str) -> None:
        if word in _FEMALE_CUES:
            person.female += 2
        elif word in _MALE_CUES:
            person.male += 2

    # pronouns ---------------------------------------------------------
    def candidates(self, sentence: Sentence, before: int | None) -> list[str]:
        """People named in the narration of `sentence` (before `before`), in order, as antecedents."""
        found: list[str] = []
        stop = sentence.end if before is None else min(sentence.end, before)
        for mention in self.mentions_between(sentence.para, sentence.start, stop):
            if mention.quoted or mention.modifier:
                continue
            if mention.person not in found:
                found.append(mention.person)
        return found

    def sentence_at(self, para: int, position: int) -> Sentence:
        sentences = self.paras[para - 1].sentences
        for sentence in sentences:
            if sentence.start <= position < max(sentence.end, sentence.start + 1):
                return sentence
        return sentences[-1]

    def antecedent(self, para: int, position: int, gender: str | None, strict: bool = True) -> str | None:
        """The person a he/she at `position` refers to, or None when that is not clear."""
        current = self.sentence_at(para, position)
        ordered = [s for p in self.paras[max(0, para - 1 - PRONOUN_WINDOW) : para] for s in p.sentences]
        ordered = [s for s in ordered if s.index <= current.index]
        for sentence in reversed(ordered):
            people = self.candidates(sentence, position if sentence is current else None)
            if not people:
                continue
            if not strict:
                return people[0] if len(people) == 1 else None
            fitting = [p for p in people if self.people[p].gender == gender]
            unknown = [p for p in people if self.people[p].gender is None]
            if len(fitting) == 1 and not unknown:
                found = fitting[0]
            elif not fitting and len(unknown) == 1 and len(people) == 1:
                found = unknown[0]
            else:
                return None
            # Only when one person fits: another of that gender (or of none known) named in the same paragraph
            # as the nearest candidate ("Smith and Brown met. Brown spoke.", then "she") leaves the pronoun
            # unresolved, however near the last one was.
            for other in (s for s in ordered if s.para == sentence.para):
                for person in self.candidates(other, position if other is current else None):
                    if person != found and self.people[person].gender in (gender, self.people[found].gender):
                        return None
            return found
        return None

    def infer_genders(self) -> None:
        for para in self.paras:
            for match in re.finditer(r"\b(he|she|his|her|him|hers)\b", para.masked, re.IGNORECASE):
                gender = _PRONOUNS[match.group(1).lower()]
                person = self.antecedent(para.number, match.start(), gender, strict=False)
                if person is not None:
                    if gender == "f":
                        self.people[person].female += 1
                    else:
                        self.people[person].male += 1

    def add_mention(self, person: str, para: int, position: int) -> None:
        """A resolved reference (a pronoun, a quote's speaker) counts as a mention from here on."""
        self._add(Mention(person, para, position, position + 1, False, False))
        self.people[person].paragraphs.add(para)


# ---------------------------------------------------------------- attribution


@dataclass
class Frame:
    """Who the narration around a quote or in a sentence says is speaking."""

    verb: str | None = None
    speaker: str | None = None
    group: str | None = None
    cue: str = ""


def _words(text: str, offset: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]


class _Attributor:
    def __init__(self, paras: list[Para], people: _People) -> None:
        self.paras = paras
        self.people = people
        self.statement_owner: str | None = None

    def _subject_at(self, para: Para, words: list[tuple[str, int, int]], index: int) -> str | bool | None:
        """The person named by the words ending at `index` (a name, a pronoun, "the statement").

        Returns a person id, None for an unresolved reference, or False for no subject here."""
        word, start, _ = words[index]
        low = word.lower()
        if low in ("he", "she"):
            person = self.people.antecedent(para.number, start, _PRONOUNS[low])
            if person is not None:
                self.people.add_mention(person, para.number, start)
            return person
        if low in _STATEMENT_SUBJECTS and index >= 1 and words[index - 1][0].lower() in ("the", "a", "her", "his"):
            return self.statement_owner
        for mention in self.people.mentions_covering(para.number, start, slack=1):
            return mention.person
        if index >= 1 and words[index - 1][0].lower() == "the" and low in _ROLE_NOUNS:
            holders = [p.id for p in self.people.people.values() if any(low in r.lower() for r in p.roles)]
            return holders[0] if len(holders) == 1 else None
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
            k = j
            for _ in range(3):
                comma = para.masked.rfind(",", words[0][1], words[k][1])
                before = [m for m in range(k) if words[m][2] <= comma]
                if comma < 0 or not before or k - before[-1] > 20:
                    break
                m = before[-1]
                if para.masked[words[m][2] : comma + 1].strip() != ",":
                    break
                found = self._subject_at(para, words, m)
                if found is not False:
                    return found
                k = m
        found = self._subject_at(para, words, j)
        return found

    def frame(self, para: Para, start: int, end: int, before_quote: bool) -> Frame:
        """Read the narration `para.masked[start:end]` for a speech verb and its subject."""
        words = _words(para.masked[start:end], start)
        words = [w for w in words if not set(w[0]) <= {"X"}]
        if not words:
            return Frame()
        low = [w[0].lower() for w in words]
        cue_text = para.text[words[0][1] : words[-1][2]]
        for i in range(len(words) - 1):
            if low[i] == "according" and low[i + 1] == "to":
                found = self._mention_after(para, words, i + 2)
                return Frame("according to", found, cue=cue_text)
        verbs = [i for i, w in enumerate(low) if w in _SPEECH_FINITE or w in _SPEECH_GERUND]
        if before_quote:  # "Pruitt called the plan “…”", "described the proposal as “…”"
            verbs += [i for i, w in enumerate(low) if w in _CALLING_VERBS and self._active_calling(para, words, i)]
            verbs.sort()
        if not verbs:
            return Frame()
        if not before_quote:
            verbs = [i for i in verbs if self._leading_verb(para.masked, words, i)]
            if not verbs:
                return Frame()
        verb = verbs[-1] if before_quote else verbs[0]
        word = low[verb]
        if verb and low[verb - 1] in ("and", "but"):
            if not before_quote:
                return Frame()  # "“…” and said …": a second verb of a subject named earlier, not an attribution
            # "Kline read from his dissent and said: “…”": the clause's one person, when there is one
            named = {self._subject_at(para, words, i) for i in range(verb - 1)} - {False}
            if len(named) == 1:
                subject = next(iter(named))
                return Frame(word, subject if isinstance(subject, str) else None, cue=cue_text)
            return Frame(word, None, cue=cue_text)
        if word in _SPEECH_GERUND:
            # "Jones quoted Smith as saying": Smith's words, never Jones's; Smith or nobody ("quoted the report
            # as saying"). "Jones recalled Smith saying" / "Smith interrupted Jones saying": a person right before
            # the gerund may be its speaker or not: nobody.
            if verb >= 2 and low[verb - 1] == "as":
                subject = self._subject_at(para, words, verb - 2)
                return Frame(word, subject if isinstance(subject, str) else None, cue=cue_text)
            joined = verb >= 2 and "," not in para.masked[words[verb - 1][2] : words[verb][1]]
            if joined and (
                low[verb - 1] in ("him", "her", "them") or self._subject_at(para, words, verb - 1) is not False
            ):
                return Frame(word, None, cue=cue_text)
            # "Sessions has blamed ..., saying": the subject is the clause's first person
            for i in range(verb):
                subject = self._subject_at(para, words, i)
                if subject is not False:
                    return Frame(word, subject if isinstance(subject, str) else None, cue=cue_text)
            return Frame(word, None, cue=cue_text)
        subject = self._subject_before(para, words, verb)
        if not before_quote and self._reported(para, words, verb, subject):
            return Frame(word, None, cue=cue_text)  # "“…,” Jones said Smith told him": Smith's words, not Jones's
        if subject is False and not before_quote and word in _INVERTED_VERBS:
            subject = self._mention_after(para, words, verb + 1)
        if subject is False:
            subject = None
        if subject is None and not before_quote and verb > 0 and self._group(words[:verb]):
            return Frame(word, None, self._group(words[:verb]), cue=cue_text)
        return Frame(word, subject if isinstance(subject, str) else None, cue=cue_text)

    def _reported(self, para: Para, words: list[tuple[str, int, int]], verb: int, subject: str | bool | None) -> bool:
        """Whether a later speech verb of the frame has a subject of its own other than `subject`: the quote is
        someone else's words as reported ("Jones said Smith told him")."""
        for i in range(verb + 2, len(words)):
            if words[i][0].lower() in _SPEECH_FINITE:
                other = self._subject_at(para, words, i - 1)
                if other is not False and other != subject:
                    return True
        return False

    @staticmethod
    def _active_calling(para: Para, words: list[tuple[str, int, int]], i: int) -> bool:
        """ "Pruitt called the plan “…”", "a workload he called “…”": the subject's words; not a passive
        ("Smith was called “…” by Jones", "Smith, described as “…”,")."""
        if len(words) - i > 8 or (i and words[i - 1][0].lower() in ("was", "were", "is", "are", "be", "been", "being")):
            return False
        after = [w[0].lower() for w in words[i + 1 :]]
        comma_before = i > 0 and "," in para.masked[words[i - 1][2] : words[i][1]]
        return not (comma_before and (not after or after[0] == "as"))

    @staticmethod
    def _leading_verb(text: str, words: list[tuple[str, int, int]], i: int) -> bool:
        """Whether the speech verb at `i` can attribute its sentence: among its first words ("Marsh said …"),
        right after an aside that follows them ("Marsh, summarizing the ruling, said …"), or at its end
        after a comma ("…, she said.")."""
        if i <= 6:
            return True
        if i <= 12 and all(w[0][0].isupper() or w[0] in ("the", "of", "and") for w in words[:i]):
            return True  # "the FTC’s Bureau of Competition Director Ramona Ellery said"
        commas = [k for k in range(len(words) - 1) if "," in text[words[k][2] : words[k + 1][1]]]
        if commas and commas[0] <= 8 and i - commas[0] <= 6:
            return True  # after an opening phrase: "In a statement released Friday, Sheriff Raymond Tully said"
        if "," in text[words[i - 1][2] : words[i][1]] and commas and commas[0] <= 5 and i - commas[0] <= 25:
            return True
        return len(words) - i <= 4 and any(i - 5 <= k < i - 1 for k in commas)

    def _mention_after(self, para: Para, words: list[tuple[str, int, int]], index: int) -> str | None:
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
        if not names or len(names) > 7 or names[0].lower() in _PRONOUNS or names[0].lower() in ("it", "they"):
            return None
        if any(n.lower() in _VERBISH for n in names):
            return None
        return " ".join(names).lower()[:MAX_NAME] if names[0][0].isupper() or names[0].islower() else None


def _medium(para: Para, frame: Frame, prev: Para | None) -> Medium | None:
    cue = frame.cue.lower()
    narration = para.masked.lower() + " " + (prev.masked.lower() if prev else "")
    if "statement" in cue or "news release" in cue or "press release" in cue:
        return Medium.statement
    if any(w in cue for w in ("twitter", "tweet", "on x ")):
        return Medium.twitter
    if frame.verb in ("wrote", "writes", "writing", "posted", "adding") and re.search(r"twitter|tweet", narration):
        return Medium.twitter
    if frame.verb in ("tweeted", "tweeting"):
        return Medium.twitter
    if re.search(r"\b(?:told reporters|in an interview|at a news conference|at a press conference)\b", cue):
        return Medium.spoken
    return None


_STATEMENT_EVENT = re.compile(
    r"\b(?:released|issued|put out|sent out|sent|posted|provided|shared|read)\s+(?:a|an)\s+(?:\w+\s+)?statement\b"
    r"|\bsaid in (?:a|an) (?:\w+ )?statement\b|\bin (?:a|an) (?:\w+ )?statement\b",
    re.IGNORECASE,
)


def _attribute(paras: list[Para], people: _People) -> _Attributor:
    attributor = _Attributor(paras, people)
    for index, para in enumerate(paras):
        prev = paras[index - 1] if index else None
        events = sorted(
            [(m.start(), "statement", None) for m in _STATEMENT_EVENT.finditer(para.masked)]
            + [(q.open_at, "quote", q) for q in para.quotes if not q.scare],
            key=lambda e: e[0],
        )
        for position, kind, quote in events:
            if kind == "statement":
                words = _words(para.masked[: position + 1], 0)
                sentence = people.sentence_at(para.number, position)
                words = [w for w in words if w[1] >= sentence.start]
                if para.masked[position : position + 3].lower() == "in ":
                    # "In a statement released Friday, Sheriff Raymond Tully said …": the speaker after it
                    frame = attributor.frame(para, position, sentence.end, False)
                    if frame.speaker:
                        attributor.statement_owner = frame.speaker
                    continue
                for i in range(len(words) - 1, -1, -1):
                    subject = attributor._subject_at(para, words, i)
                    if subject is not False:
                        if isinstance(subject, str):
                            attributor.statement_owner = subject
                        break
                continue
            assert quote is not None
            _attribute_quote(attributor, para, prev, quote)
        # A quote with no attribution of its own takes the paragraph's one speaker.
        speakers: set[str | None] = {q.speaker for q in para.quotes if q.speaker and not q.scare}
        for sentence in para.sentences:
            frame = attributor.frame(para, sentence.start, min(sentence.end, sentence.start + 120), False)
            if frame.speaker:
                speakers.add(frame.speaker)
            elif frame.verb:
                speakers.add(None)
        for quote in para.quotes:
            if quote.scare or quote.framed:
                continue
            if quote.continues and prev is not None and prev.quotes and prev.quotes[-1].speaker:
                quote.speaker, quote.medium = prev.quotes[-1].speaker, prev.quotes[-1].medium
                quote.cue = "continues the quote of the paragraph before"
            elif len(speakers) == 1 and None not in speakers:
                quote.speaker = next(iter(s for s in speakers if s))
                quote.cue = "the paragraph's one speaker"
                same = [q for q in para.quotes if q.speaker == quote.speaker and q.framed and q.medium]
                quote.medium = same[0].medium if same else None
            elif prev is not None and prev.text.rstrip().endswith(":") and prev.quotes == [] and speakers == set():
                frame = attributor.frame(prev, 0, len(prev.text), True)
                if frame.speaker:
                    quote.speaker, quote.cue = frame.speaker, frame.cue
        # A run-on quote attributed only at its end gives its speaker to the parts before it.
        if prev is not None and para.quotes and para.quotes[0].continues and para.quotes[0].speaker:
            last = prev.quotes[-1] if prev.quotes else None
            if last is not None and last.speaker is None and not last.framed:
                last.speaker, last.cue = para.quotes[0].speaker, "runs on into the next paragraph"
        for quote in para.quotes:
            if quote.speaker:
                people.add_mention(quote.speaker, para.number, quote.open_at)
    return attributor


def _attribute_quote(attributor: _Attributor, para: Para, prev: Para | None, quote: QuoteSpan) -> None:
    real = [q for q in para.quotes if not q.scare]
    at = real.index(quote)
    sentence = attributor.people.sentence_at(para.number, quote.open_at)
    # narration after the quote, up to the next quote or the end of the sentence
    frames: list[Frame] = []
    if quote.close_at is not None and not quote.text.rstrip().endswith("."):
        stop = real[at + 1].open_at if at + 1 < len(real) else len(para.text)
        end_sentence = attributor.people.sentence_at(para.number, quote.close_at).end
        stop = min(stop, max(end_sentence, quote.close_at + 1))
        frames.append(attributor.frame(para, quote.close_at + 1, stop, False))
    # narration before it, back to the previous quote or the start of its sentence
    previous_close = real[at - 1].close_at if at else None
    begin = max(sentence.start, previous_close + 1 if previous_close is not None else 0)
    if begin < quote.open_at:
        frames.append(attributor.frame(para, begin, quote.open_at, True))
    verbs = [f for f in frames if f.verb]
    if not verbs:
        return
    quote.framed = True
    speakers = {f.speaker for f in verbs}
    if len(speakers) != 1 or None in speakers:
        return  # an unresolved or a contradictory attribution: leave it for a curator
    frame = verbs[0]
    quote.speaker = frame.speaker
    quote.cue = frame.cue
    quote.medium = _medium(para, frame, prev)
    if quote.medium == Medium.statement:
        attributor.statement_owner = quote.speaker


# ---------------------------------------------------------------- facts


_PUNCT = re.compile(r"[^\w\s’'\-]")


def _lower_words(text: str) -> list[str]:
    return [w for w in _PUNCT.sub(" ", text.replace("“", " ").replace("”", " ")).lower().split() if w]


def _clip_words(words: list[str], limit: int) -> str:
    out = " ".join(words[:limit])
    return out[:MAX_PHRASING].rsplit(" ", 1)[0] if len(out) > MAX_PHRASING else out


_MODALS = _set("will would could can may might must should did does do")
_AUX = _set("is are was were has have had will would could can may might must should did does do")
_IRREGULAR_TEXT = """said:say told:tell sent:send made:make took:take gave:give won:win lost:lose began:begin
    came:come went:go saw:see held:hold paid:pay ran:run left:leave met:meet fell:fall rose:rise grew:grow
    knew:know drew:draw led:lead struck:strike brought:bring bought:buy sold:sell found:find spent:spend
    built:build kept:keep became:become wrote:write fled:flee got:get thought:think hit:hit cut:cut put:put
    set:set shut:shut spread:spread sought:seek chose:choose swore:swear stood:stand"""
_IRREGULAR = dict(pair.split(":", 1) for pair in _IRREGULAR_TEXT.split())
_NOT_VERBS = _set(
    """news series species bus gas us this its his hers yes less unless thus across always perhaps various
    famous serious previous business process analysis crisis basis status campus census bonus plus red bed
    hundred need speed seed feed breed shed sled indeed embed united limited"""
)
_QUANTITY_WORDS = _set(
    "two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty dozen dozens hundreds "
    "thousands"
)
_SCALE_WORDS = _set("percent million billion trillion thousand hundred")
_DURATION_WORDS = _set("years year months month weeks week days day hours hour minutes minute decades decade")
_DISTANCE_WORDS = _set("miles mile feet foot yards kilometers meters")
_APPROXIMATORS = _set("about roughly nearly almost around some over under more less fewer than at least up as many")
_TIME_WORDS = _set(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december jan feb aug sept oct nov dec today yesterday tomorrow tonight
    overnight morning afternoon evening"""
)
_TIME_LEADS = _set("on by in since until before after late early mid last next this from through")
_REASON_STARTS = _set("because since due")
_PURPOSE_VERBS = _set(
    """prove help protect ensure stop prevent avoid force push keep discuss enforce support fight deny withhold
    save pay cover offset meet fund build add raise monitor warn assess review"""
)
_SPEECH_HEADS = _SPEECH_FINITE | _set("argue argued argues warned told estimated found")
_LEADING = _set("but and so yet still meanwhile however also then instead already now")
_SUBORDINATE = re.compile(
    r"^(?:If|When|As|After|Before|While|Although|Though|Since|Under|Including|According to|In|On|At|For|With|"
    r"By|Despite|Hours|Days|Asked)\b[^,]{1,90},\s+(?=[A-Za-z])"
)
_APPOSITION = re.compile(
    r"^((?:[\w’'\-.]+\s+){0,6}[\w’'\-]+),\s+(?:the|a|an|who|which|whose|one of|[A-Z][\w’'\-]*’s|[a-z]+ed|"
    r"[a-z]+ing|[a-z]+\s+(?:of|for|at))\s[^,]{1,110},\s+"
)
_TRAILING_ATTRIBUTION = re.compile(
    r",\s+(?:according to [^,]{2,60}|(?:[\w’'\-]+\s+){0,5}?(?:said|says|say|added|wrote|noted|reported|estimated)"
    r"(?:\s+[\w’'\-]+){0,4})\.?$"
)
_CLAUSE_SPLIT = re.compile(
    r",\s+(?:and|but|while|which|who|whom|where|though|although)\s+|;\s+|:\s+|\s+—\s+|,\s+(?=[a-z]+ing\b)"
    r"|\s+(?:and|but)\s+(?=(?:was|were|is|are|has|have|had|will|would|said|also|then|[a-z]{3,}ed)\b)"
)


def _q_words(text: str) -> list[str]:
    """Lower-case words of a phrase, numbers kept whole ("18,400", "$2.1", "5%", "6-3")."""
    found = re.findall(
        r"\d+-\d+\b|\d+-[a-z]+|\$?\d[\d,.]*\d%?|\$?\d%?|[A-Za-z][\w’'\-]*", text.replace("“", " ").replace("”", " ")
    )
    return [w.lower().replace("’", "'") for w in found]


def _lemma(word: str) -> str:
    """The base form of a past or third-person verb, for "did … <verb>" ("voted" -> "vote")."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
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
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3 and word not in _NOT_VERBS:
        return word[:-1]
    return word


def _is_verb(words: list[str], i: int) -> bool:
    word = words[i]
    if word in _AUX or word in _VERBISH or word in _IRREGULAR or word in _SPEECH_FINITE:
        return i > 0 or word in _AUX
    if i == 0 or word in _NOT_VERBS or words[i - 1] in ("the", "a", "an", "its", "their", "his", "her", "of", "to"):
        return False
    return word.endswith("ed") and len(word) > 4


def _is_number(word: str) -> bool:
    return bool(re.fullmatch(r"\$?\d[\d,.]*%?|\d+-\d+", word)) or word in _QUANTITY_WORDS


def _is_time(word: str) -> bool:
    return word in _TIME_WORDS or bool(re.fullmatch(r"(?:19|20)\d\d(?:-\d\d)?", word))


@dataclass
class _Clause:
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
        while tail and tail[-1] in _FUNCTION:
            tail = tail[:-1]
        subject = [
            w
            for n, w in enumerate(self.subject)
            if not _is_number(w) and not (w in _APPROXIMATORS and any(map(_is_number, self.subject[n : n + 3])))
        ][:6]
        while subject and subject[0] in ("of", "and", "to", "in", "at", "for"):  # "94% of voting members"
            subject = subject[1:]
        if self.aux and self.verb:
            return " ".join([qword, self.aux, *subject, self.verb, *tail])
        if self.aux:
            return " ".join([qword, self.aux, *subject, *tail])
        if self.verb:
            return " ".join([qword, "did", *subject, _lemma(self.verb), *tail])
        return " ".join([qword, *subject, *tail])


def _clause(words: list[str], subject: list[str] | None) -> _Clause:
    """Subject, auxiliary, verb and the rest of a clause; a clause that starts with its verb
    ("and was 5% contained") takes the subject given."""
    while words and words[0] in _LEADING:
        words = words[1:]
    for i in range(min(len(words), 14)):
        if not (_is_verb(words, i) and (i or subject)):
            continue
        head = words[:i] or list(subject or [])
        own = bool(words[:i])
        if words[i] in _AUX:
            j = i + 1
            while j < len(words) and words[j] in ("not", "also", "still", "already", "be", "been", "have", "just"):
                j += 1
            modal = words[i] in _MODALS
            following = words[j] if j < len(words) else ""
            if following and (
                following.endswith(("ed", "en", "ing"))
                or following in _IRREGULAR
                or following in _VERBISH
                or (modal and following not in _FUNCTION and not _is_number(following))
            ):
                return _Clause(words, head, words[i], words[j], words[j + 1 :], own_subject=own)
            return _Clause(words, head, words[i], None, words[i + 1 :], own_subject=own)
        return _Clause(words, head, None, words[i], words[i + 1 :], own_subject=own)
    return _Clause(words, [], rest=words)


def _content(words: list[str], limit: int) -> list[str]:
    return [w for w in words if w not in _FUNCTION and not _is_number(w)][:limit]


def _narration(sentence: str) -> str:
    """The sentence as a reader would ask about it: no dateline, no trailing "officials said"."""
    text = re.sub(
        r"^[A-Z][A-Z .’'\-]*(?:,\s*[A-Z][\w.]*\.?(?:\s[A-Z][\w.]*\.?)?)?\s*\([^()]*\)\s*[—–-]\s*", "", sentence
    )
    text = re.sub(r"^\([^()]*\)\s*[—–-]\s*", "", text).strip()
    return _TRAILING_ATTRIBUTION.sub("", text).strip() or text


def _clauses_of(text: str) -> list[_Clause]:
    text = _SUBORDINATE.sub("", text, count=1)
    for _ in range(2):  # "Luis Ortega, superintendent of …, one of the plaintiffs, said"
        text = _APPOSITION.sub(lambda m: m.group(1) + " ", text, count=1)
    clauses: list[_Clause] = []
    subject: list[str] | None = None
    pieces = _CLAUSE_SPLIT.split(text)
    joints = [""] + [m.group() for m in _CLAUSE_SPLIT.finditer(text)]
    for part, joint in list(zip(pieces, joints, strict=False))[:4]:
        words = _q_words(part)
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
        clause = _clause(words, antecedent)
        if not clauses and clause.verb in _SPEECH_HEADS and len(clause.rest) >= 3:
            rest = clause.rest
            if "that" in rest[:5]:
                rest = rest[rest.index("that") + 1 :]
            inner = _clause(rest, None)
            if inner.subject and (inner.verb or inner.aux):
                clause.said = True
                clauses.append(clause)  # the attribution itself, then what was said
                clause = inner
        if clause.subject and subject is None:
            subject = clause.subject
        clauses.append(clause)
    return clauses


def _number_questions(clause: _Clause) -> list[str]:
    """ "how many acres had the fire burned" for the clause's first number, "how many helicopters" for the rest."""
    words = clause.words
    out: list[str] = []
    for i, word in enumerate(words):
        if len(out) >= 6:
            break
        if not _is_number(word) or _is_time(word) or (i and words[i - 1] in _TIME_LEADS and word.isdigit()):
            continue
        if re.fullmatch(r"\d+-\d+", word):  # "voted 6-3", "ruled 5-2": how the vote went
            out += [clause.ask("how", [])] if clause.verb and not out else []
            continue
        j = i + 1
        much = word.startswith("$") or word.endswith("%")
        while j < len(words) and words[j] in _SCALE_WORDS:
            much, j = True, j + 1
        noun: list[str] = []
        while j < len(words) and len(noun) < 3 and words[j] not in _FUNCTION and not _is_number(words[j]):
            noun.append(words[j])
            j += 1
        while noun and noun[-1].endswith("ed") and len(noun) > 1:
            noun.pop()
        head = noun[-1] if noun else ""
        if much:
            qword = "how much"
        elif head in _DURATION_WORDS:
            qword, noun = "how long", []
        elif head in _DISTANCE_WORDS:
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
        while k and words[k - 1] in _APPROXIMATORS:
            k -= 1
        start_rest = len(clause.words) - len(clause.rest)
        if clause.own_subject and i < len(clause.subject):  # "About 1,800 nurses at the hospital walked off …"
            after = clause.subject[i + 1 + len(noun) :]
            tail = [*after, *([clause.aux] if clause.aux else []), *([clause.verb] if clause.verb else [])]
            timed = _time_drop(clause)
            start_rest = len(clause.words) - len(clause.rest)
            rest = [w for n, w in enumerate(clause.rest, start_rest) if n not in timed]
            out += [" ".join([qword, *tail, *rest[:5]]), qword]
            continue
        timed = _time_drop(clause)
        rest = [
            w
            for n, w in enumerate(words[start_rest:], start_rest)
            if not k <= n < i + 1 + len(noun) and n not in timed and w not in _SCALE_WORDS
        ]
        short = " ".join([qword, *_content(clause.subject, 3), *([clause.verb] if clause.verb else [])])
        out += [clause.ask(qword, rest, 5), short]
    return out


def _time_drop(clause: _Clause) -> set[int]:
    """Positions of the clause's time phrase ("late Thursday", "by Friday evening", "in 2029")."""
    words = clause.words
    at = [n for n, w in enumerate(words) if _is_time(w) or re.fullmatch(r"[ap]\.?m\.?", w)]
    start_rest = len(words) - len(clause.rest)
    drop = set(at)
    for n in at:
        m = n - 1
        while m >= start_rest and (words[m] in _TIME_LEADS or words[m].isdigit() or _is_time(words[m])):
            drop.add(m)
            m -= 1
        if n + 1 < len(words) and words[n + 1].isdigit():
            drop.add(n + 1)
    return drop


def _time_question(clause: _Clause) -> list[str]:
    drop = _time_drop(clause)
    if not drop or (clause.verb is None and clause.aux is None):
        return []
    start_rest = len(clause.words) - len(clause.rest)
    rest = [w for n, w in enumerate(clause.words[start_rest:], start_rest) if n not in drop and not _is_number(w)]
    return [clause.ask("when", rest, 5), clause.ask("when", rest, 2)]


def _reason_question(clause: _Clause) -> list[str]:
    words = clause.rest
    for n, word in enumerate(words):
        if word in _REASON_STARTS or (word == "to" and n + 1 < len(words) and words[n + 1] in _PURPOSE_VERBS):
            return [clause.ask("why", words[:n], 6), clause.ask("why", words[:n], 2)] if n and clause.verb else []
    return []


def _phrasings(
    sentence: str, number: int, subject_name: str | None, person_names: list[str], place_names: list[str]
) -> tuple[str, list[str]]:
    """A canonical question and short questions from the sentence's structure: how many, when,
    why, who did what, where, and what a speaker said about it."""
    del number  # a paragraph number is not a reader's question
    text = _narration(sentence)
    clauses = _clauses_of(text) or [_Clause(_q_words(text), [], rest=_q_words(text))]
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
        structural += _number_questions(clause)
        structural += _time_question(clause) + _reason_question(clause)
        if " ".join(clause.subject) in people and clause.verb:
            structural.append(" ".join(["who", *([clause.aux] if clause.aux else []), clause.verb, *clause.rest[:6]]))
        if places and clause is main and clause.verb:
            structural.append(clause.ask("where", [w for w in clause.rest if w not in places][:3], 3))
    questions: list[str] = []
    if main.subject and (main.verb or main.aux):
        questions.append(main.ask("what", [], 0))
        questions.append(main.ask("", None, 4).replace(" did ", " did ", 1).lstrip() if not main.aux else "")
        yes_no = main.ask("did", None, 4)[len("did ") :] if not main.aux else main.ask("", None, 4).strip()
        questions.append(yes_no if yes_no.startswith(("did", *_AUX)) else f"did {yes_no}")
    speaker = subject_name.split()[-1].lower() if subject_name else None
    first = clauses[0]
    if speaker is None and first.said and first.subject:
        speaker = " ".join(first.subject[:4])
    if speaker:
        topic = _content(main.subject + main.rest, 4)
        questions += [f"what did {speaker} say about {' '.join(topic)}".strip(), f"what did {speaker} say"]
    for name in person_names[:2]:
        if name != subject_name:
            questions.append(f"what did {name.split()[-1].lower()} do")
    content = _content(_q_words(text), 14)
    questions.append(
        " ".join([*_content(main.subject, 4), *([main.verb] if main.verb else []), *_content(main.rest, 3)])
    )
    if _content(main.subject, 4):
        questions.append(f"what about {' '.join(_content(main.subject, 4))}")
    for clause in clauses[1:3]:
        questions.append(" ".join(_content(clause.subject + ([clause.verb] if clause.verb else []) + clause.rest, 5)))
    seen: set[str] = set()
    kept: list[str] = []
    fillers = [" ".join(content[i : i + 4]) for i in range(0, len(content), 2)]
    fillers += [f"what about {w}" for w in content] + ["what else does the article say", "what happened next"]
    for index, phrasing in enumerate([*structural, *questions, *fillers]):
        phrasing = re.sub(r"\s+", " ", phrasing).strip(" ,.;:")[:MAX_PHRASING].strip()
        words = phrasing.split()
        while words and words[-1] in _FUNCTION:
            words.pop()
        if all(w in _FUNCTION or w in ("many", "much") for w in words):
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
    raw = " ".join(_q_words(text)[:8]) or "this"
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


def _clip_text(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.6 else cut).rstrip(" ,;:")


# ---------------------------------------------------------------- the result


@dataclass
class DraftReport:
    """What the drafter could not resolve, and the defaults it chose."""

    paragraphs: int = 0
    people: int = 0
    quotes: int = 0
    facts: int = 0
    unresolved_quotes: list[tuple[str, int, str]] = field(default_factory=list)  # id, paragraph, text
    people_without_role: list[str] = field(default_factory=list)
    defaults: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def format(self) -> str:
        lines = [
            f"Drafted {self.paragraphs} paragraphs: {self.people} people, {self.quotes} quotes, "
            f"{self.facts} facts (every record status: draft) in {self.seconds * 1000:.0f} ms.",
        ]
        lines += [f"Default: {d}" for d in self.defaults]
        if self.unresolved_quotes:
            lines.append(f"{len(self.unresolved_quotes)} quote(s) without a speaker (never shown as anyone's words):")
            for quote_id, number, text in self.unresolved_quotes:
                lines.append(f"  {quote_id} (paragraph {number}): “{_clip_text(text, 80)}”")
        else:
            lines.append("Every quote has a speaker.")
        if self.people_without_role:
            lines.append(f"{len(self.people_without_role)} person(s) without a role in the article's words:")
            lines += [f"  {name} (role: {FALLBACK_ROLE})" for name in self.people_without_role]
        lines.append("Check every record, write answers in your own words, then remove `status: draft`.")
        return "\n".join(lines)


@dataclass(frozen=True)
class Draft:
    article: Article
    paragraphs: list[str]
    report: DraftReport

    @property
    def text(self) -> str:
        """The paragraph text every citation numbers: one paragraph per line."""
        return "\n".join(self.paragraphs) + "\n"


class _Taken(set[str]):
    """The ids in use, and the next number to try for each base (numbering is linear, not quadratic)."""

    def __init__(self, ids: Iterable[str] = ()) -> None:
        super().__init__(ids)
        self.next_number: dict[str, int] = {}


def _unique(base: str, taken: set[str]) -> str:
    base = slug(base, MAX_ID - 3)
    counters = taken.next_number if isinstance(taken, _Taken) else {}
    number = counters.get(base, 1)  # 1: the bare base
    candidate = base if number == 1 else f"{base}-{number}"
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    counters[base] = number + 1
    taken.add(candidate)
    return candidate


def _content_slug(text: str, count: int) -> str:
    return " ".join([w for w in _lower_words(text) if w not in _FUNCTION][:count]) or "x"


def draft_article(
    paragraphs: list[str],
    *,
    article_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
    byline: str | None = None,
    taken_ids: Iterable[str] = (),
) -> Draft:
    """Draft a fact base for an article given as its paragraphs (numbered from 1)."""
    began = time.perf_counter()
    paragraphs = [p.strip() for p in paragraphs if p.strip() and p.strip() not in PAGE_CHROME]
    if not paragraphs:
        raise ValueError("the article has no paragraphs")
    report = DraftReport(paragraphs=len(paragraphs))
    if title is None:
        title = _clip_text(paragraphs[0], TITLE_LIMIT)
        report.defaults.append("title: the first paragraph (give --title)")
    if outlet is None:
        outlet = DEFAULT_OUTLET
        report.defaults.append(f"outlet: {DEFAULT_OUTLET!r} (give --outlet)")
    if published is None:
        published = dt.date.today()
        report.defaults.append(f"published: today, {published.isoformat()} (give --published)")
    article_id = slug(article_id or title, MAX_ID)

    paras = _read_paragraphs(paragraphs)
    people = _People(paras, not_people(paragraphs, outlet))
    people.infer_genders()
    _attribute(paras, people)
    # Pronouns in the narration that resolve add their paragraphs to the person.
    for para in paras:
        for match in re.finditer(r"\b(he|she|his|her|him)\b", para.masked, re.IGNORECASE):
            referent = people.antecedent(para.number, match.start(), _PRONOUNS[match.group(1).lower()])
            if referent is not None:
                people.people[referent].paragraphs.add(para.number)

    taken = _Taken(taken_ids)
    quotes: list[dict[str, Any]] = []
    for para in paras:
        for quote in para.quotes:
            if quote.scare or not quote.text:
                continue
            speaker = people.people.get(quote.speaker) if quote.speaker else None
            prefix = slug(speaker.surname) if speaker else f"p{para.number}"
            quote.id = _unique(f"{prefix}-{_content_slug(quote.text, 4)}", taken)
            record: dict[str, Any] = {"id": quote.id}
            if speaker is not None:
                record["speaker"] = speaker.id
            text = _clip_text(quote.text, MAX_QUOTE).rstrip()
            while text and text[-1] in '"“”':
                text = text[:-1].rstrip()
            record["text"] = text
            record["paragraph"] = para.number
            if quote.medium is not None:
                record["medium"] = quote.medium.value
            if speaker is not None:
                context = f"Quoted in paragraph {para.number}, attributed by the article: {quote.cue}"
            else:
                context = f"Quoted in paragraph {para.number}; the drafter could not tell who said it"
                report.unresolved_quotes.append((quote.id, para.number, text))
            record["context"] = _clip_text(context, MAX_CONTEXT)
            record["status"] = DRAFT
            quotes.append(record)

    people_records: list[dict[str, Any]] = []
    for person in people.people.values():
        if not person.paragraphs:
            continue
        role = person.roles[0] if person.roles else FALLBACK_ROLE
        if not person.roles:
            report.people_without_role.append(person.name)
        numbers = sorted(person.paragraphs)[:MAX_PERSON_PARAGRAPHS]
        label = "paragraph" if len(numbers) == 1 else "paragraphs"
        where = f"is named in {label} {', '.join(map(str, numbers))}."
        summary = f"{person.name}, {role}, {where}" if person.roles else f"{person.name} {where}"
        aliases = [person.surname] if person.surname != person.name else []
        phrasings = [f"who is {person.name.lower()}"]
        if aliases:
            phrasings.append(f"who is {person.surname.lower()}")
        if person.roles and not role.startswith("of "):
            phrasings.append(f"who is the {_clip_text(role, 150).lower()}")
        people_records.append(
            {
                "id": person.id,
                "name": person.name[:MAX_NAME],
                "role": role,
                "aliases": aliases,
                "summary": _clip_text(summary, MAX_ANSWER),
                "phrasings": phrasings,
                "paragraphs": numbers,
                "status": DRAFT,
            }
        )

    facts = _facts(paras, people, taken, _Attributor(paras, people))
    cited = {q["paragraph"] for q in quotes} | {n for f in facts for n in f["evidence"]["paragraphs"]}
    for para in paras:  # every paragraph is cited: a paragraph of quotes alone gets a fact too
        if para.number not in cited:
            facts.append(_fact(para, Sentence(para.number, 0, len(para.text), -1), people, taken, None, []))

    data: dict[str, Any] = {
        "id": article_id,
        "source": {"title": _clip_text(title, TITLE_LIMIT), "outlet": outlet[:MAX_NAME], "published": published},
        "people": people_records,
        "quotes": quotes,
        "facts": facts,
    }
    # Refuse what one article file may not hold, before validation: one clear error, not a traceback.
    for records, limit, what, name in (
        (people_records, MAX_PEOPLE, "people", "MAX_PEOPLE"),
        (quotes, MAX_QUOTES, "quotes", "MAX_QUOTES"),
        (facts, MAX_FACTS, "facts", "MAX_FACTS"),
    ):
        if len(records) > limit:
            raise InputError(
                f"the article gives {len(records)} {what}, more than the {limit} one article file may hold "
                f"({name}); split the article into smaller files"
            )
    if url:
        data["source"]["url"] = url
    if byline:
        data["source"]["byline"] = byline
    article = Article.model_validate(data)
    problems = check_references(article) + check_against_text(article, "\n".join(paragraphs))
    if problems:  # a bug of the drafter: it must never write what the validator rejects
        raise FactBaseError(problems)
    report.people, report.quotes, report.facts = len(article.people), len(article.quotes), len(article.facts)
    report.seconds = time.perf_counter() - began
    return Draft(article, paragraphs, report)


def _facts(paras: list[Para], people: _People, taken: set[str], attributor: _Attributor) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for para in paras:
        for sentence in para.sentences:
            narration = para.masked[sentence.start : sentence.end]
            inside = [
                q for q in para.quotes if not q.scare and sentence.start <= q.open_at < sentence.end and q.text and q.id
            ]
            told = [w for w in _lower_words(narration.replace("X", " ")) if w not in _FUNCTION]
            told = [w for w in told if w not in _SPEECH_FINITE | _SPEECH_GERUND]
            names = {w.lower() for p in people.people.values() for w in p.tokens}
            claim = [w for w in told if w not in names and w not in ("statement", "twitter")]
            if len(claim) < 3 and inside and all(q.speaker for q in inside):
                continue  # a quote with its attribution: the quote covers it
            frame = attributor.frame(para, sentence.start, min(sentence.end, sentence.start + 160), False)
            attributed: str | None = None
            if frame.speaker and frame.verb in _PARAPHRASE_VERBS:
                attributed = frame.speaker
            elif frame.group and frame.verb in _PARAPHRASE_VERBS:
                attributed = frame.group
            facts.append(_fact(para, sentence, people, taken, attributed, inside))
    return facts


def _fact(
    para: Para,
    sentence: Sentence,
    people: _People,
    taken: set[str],
    attributed: str | None,
    inside: list[QuoteSpan],
) -> dict[str, Any]:
    text = para.text[sentence.start : sentence.end].strip()
    evidence = _clip_text(text, min(MAX_EXCERPT, MAX_ANSWER))
    named = []
    for mention in people.mentions_between(para.number, sentence.start, sentence.end):
        name = people.people[mention.person].name
        if name not in named:
            named.append(name)
    subject = people.people[attributed].name if attributed in people.people else None
    if subject is None and re.match(r"\s*(?:He|She)\b", text):
        person = people.antecedent(para.number, sentence.start, "m" if text.lstrip()[0] == "H" else "f")
        subject = people.people[person].name if person else None
    places = [s for s in re.findall(r"\b(?:in|at|from|to)\s+([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)", text)]
    question, phrasings = _phrasings(text, para.number, subject, named, places)
    record: dict[str, Any] = {
        "id": _unique(_content_slug(text, 6), taken),
        "question": question,
        "phrasings": phrasings[: max(MIN_PHRASINGS, 15)],
        "answer": evidence,
        "evidence": {"text": evidence, "paragraphs": [para.number]},
    }
    if attributed:
        record["attributed_to"] = attributed[:MAX_NAME]
    if inside:
        record["quotes"] = [q.id for q in inside]
    record["status"] = DRAFT
    return record
