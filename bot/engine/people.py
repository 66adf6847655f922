"""Who someone is: a name resolved to a person of the fact base (typos allowed), their role
and what they did in the article, and "who is <a title>" for someone it doesn't mention.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from .abstentions import abstain
from .answer import Answer, doesnt_say, source_of
from .index import Query
from .models import Article, Person
from .premises import PARTY_NAME
from .question import HOW_OLD
from .text import STOPWORDS, content_stems, plain, plural, stem, tokens, words
from .titles import OFFICES, TITLES

if TYPE_CHECKING:
    from .answers import Engine

PERSON_MATCH = 0.8  # how closely text must name a person to be taken as them
_HEDGE = r"(?: (?:even|exactly|actually|really))?"  # "who even is mcdermott?"
WHO_IS_RE = re.compile(rf"^(?:who|whos){_HEDGE}(?: is| was| s| are| were)?{_HEDGE} (?P<who>.+)$")
NO_ONE_BY_THAT_DESCRIPTION = "The article doesn't mention anyone by that description."
WHO_IS_STRICT_RE = re.compile(r"^(?:whos|who (?:is|was|s|are|were)) ")


def resolve_person(engine: Engine, text: str, *, whole: bool) -> tuple[Article, Person] | None:
    """The person `text` names. With `whole`, `text` must be mostly that name."""
    found = engine.index.find_people(text)
    if not found or found[0][1] < PERSON_MATCH:
        return None
    name, _ = found[0]
    if whole:
        # "who is trump's spokesperson" is not Trump, "bernie sanders" not Sarah Sanders:
        # every other word must be part of the person's names or role.
        words = [t for t in tokens(text) if t not in STOPWORDS]
        known = {t for n in engine.index.names if n.person is name.person for t in n.form.split()}
        known.update(tokens(name.person.role))
        leftover = [w for w in words if not any(_close(w, k) for k in known)]
        if leftover:
            return None
    return name.article, name.person


def resolve_by_role(engine: Engine, text: str) -> tuple[Article, Person] | None:
    """The one person whose role holds every word of `text` ("the town manager", "the council
    chairman"); None when no one's does or several people's do ("the mayor")."""
    asked = content_stems(text) - _ROLE_FILLER
    words_in = [t for t in tokens(text) if t not in STOPWORDS]
    head = words_in[-1] if words_in else ""
    if stem(head) not in _ROLE_HEADS or "and" in tokens(text):
        # "what does king county call itself", "the justice department": a place or a body,
        # not someone's office; "cities and mayors": a group
        return None
    if plural(head):
        return None  # "the mayors": a group, not one person
    found = []
    for article, person in engine.kb.people:
        role_stems, heads = _role_parts(person.role)
        if asked <= role_stems and stem(head) in heads:
            found.append((article, person))
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=8192)
def _role_parts(role: str) -> tuple[frozenset[str], frozenset[str]]:
    """A role's content stems and its offices' heads, worked out once per role text."""
    return frozenset(content_stems(role)), frozenset(_office_heads(role))


def _office_heads(role: str) -> set[str]:
    """The stems of the offices a role names, each the last word before its "of" / "for":
    "U.S. Attorney General" -> {"general"} (not "the U.S. attorney"), "Mayor of New Orleans and
    president of the U.S. Conference of Mayors" -> {"mayor", "president"}."""
    heads = set()
    for part in re.split(r",|;|\band\b", role):
        office = re.split(r"\b(?:of|for|at|in|from)\b", part, maxsplit=1)[0].split()
        if office:
            heads.add(stem(plain(office[-1])))
    return heads


_ROLE_HEADS = OFFICES | frozenset(
    map(stem, words("manager director treasurer coach analyst economist lawyer nurse doctor teacher officer leader"))
)
_ROLE_FILLER = frozenset(map(stem, ("article", "story", "person", "official", "guy", "woman", "man")))


def who_is_person(question: str, article: Article, person: Person) -> Answer:
    """A person's role and summary, each said once, with the paragraphs about them."""
    # Say each thing once: the summary usually names the person; the role is added only
    # where the summary doesn't state it as written.
    if person.role in person.summary:
        text = person.summary if person.name in person.summary else f"{person.name}: {person.summary}"
    elif person.name in person.summary:
        role = person.role[:1].upper() + person.role[1:]  # "named in the article", "the city's engineer"
        text = f"{role}. {person.summary}"
    else:
        text = f"{person.name}, {person.role}. {person.summary}"
    return Answer.sure(
        question,
        "person",
        text,
        speaker=person.name,
        source=source_of(article, person.paragraphs),
        extra={"person_id": person.id},
    )


def route_who_is(engine: Engine, question: str, text: str) -> Answer | None:
    """'who is Durkan': the person; 'who is the chief of police': nobody the article mentions."""
    match = WHO_IS_RE.match(text)
    if not match:
        return None
    person = resolve_person(engine, match.group("who"), whole=True)
    if person is not None:
        return who_is_person(question, *person)
    if WHO_IS_STRICT_RE.match(text) is None:  # "who did ... tag": not a question of identity
        return None
    # "the judge that made the ruling": the office, without the clause that says which
    office = re.split(r"\b(?:that|who|which|whose)\b", match.group("who"), maxsplit=1)[0].strip()
    held = resolve_by_role(engine, office) if office != match.group("who").strip() else None
    if held is not None:
        return who_is_person(question, *held)
    described = engine.index.query(office)
    if _unheld_title(engine, office, described):
        return abstain(engine, question, "ask", described, 0.0, NO_ONE_BY_THAT_DESCRIPTION)
    return None


def _unheld_title(engine: Engine, who: str, described: Query) -> bool:
    """'who is the king county executive', 'who is the chief of police': a title no person
    in the article holds (as typed, even where the index maps "chief" to "head") means
    someone the article doesn't mention, however well the other words match."""
    typed_title = any(stem(t) in TITLES for t in tokens(who) if t not in STOPWORDS)
    described_words = {t for t in described.content if not t.startswith("?")}
    unheld = typed_title and not described_words <= engine.person_words
    return unheld or bool(set(described.content) & TITLES - engine.person_words)


def _close(word: str, name_word: str) -> bool:
    from rapidfuzz import fuzz

    return word == name_word or (len(word) >= 4 and fuzz.ratio(word, name_word) >= 80)


def personal(engine: Engine, question: str, asked: str, article: Article, person: Person) -> Answer:
    """'Which party is X from?', 'how old is X?', 'where is X from?': the person's description
    when it tells; else the article doesn't say, with who they are as the closest thing."""
    if describes(person, asked):
        return who_is_person(question, article, person)
    curated = engine.general(question)  # a curator's "the article doesn't say" comes first
    if curated.fact_id is not None and engine.facts[curated.fact_id][1].not_in_article:
        return curated
    found = who_is_person(question, article, person)
    if "party" in asked.split():
        missing = f"{person.name}'s party"
    elif HOW_OLD.search(asked):
        missing = f"{person.name}'s age"
    else:
        missing = f"where {person.name} is from"
    return replace(
        found,
        kind="not-stated",
        answered=False,
        text=doesnt_say(missing, found.text),
    )


def describes(person: Person, asked: str) -> bool:
    """Whether a person's description tells what a personal question asks: their party ("which
    party is X from"), their age ("how old is X": "Darnell Pruitt, 61, ...") or where they are
    from ("where is X from")."""
    described = f"{person.role} {person.summary}"
    if "party" in asked.split():
        return PARTY_NAME.search(described) is not None
    if HOW_OLD.search(asked):
        return re.search(rf"^{re.escape(person.name)}, \d{{1,3}},", person.summary) is not None
    return re.search(r"\b(?:from|of) [A-Z]", described) is not None  # "from Eastbrook", "Mayor of Seattle"
