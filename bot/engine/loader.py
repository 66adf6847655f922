"""Load and validate the fact base: YAML files -> `Article` models, every problem located.

`load_directory` returns a `KnowledgeBase` or raises `FactBaseError` listing every
problem with its file, line and key path. `check_against_text` compares quotes and
evidence with the article's own text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz

from .errors import FactBaseError, Problem
from .heap import paused_gc
from .models import (
    ARTICLE_ATTRIBUTION,
    DRAFT,
    MAX_DEPTH,
    MAX_FILE_BYTES,
    Article,
    AttributedQuote,
    Fact,
    Person,
    Quote,
)
from .parsecache import ParseCache
from .text import fold, tokens
from .yamlread import compose, key_path, load_yaml, node_line

ARTICLE_SUFFIXES = (".yaml", ".yml")
PAGE_CHROME = frozenset({"Share story"})
CLOSEST_SHOWN = 160  # characters of the closest passage shown for an excerpt that is not verbatim


@dataclass(frozen=True)
class KnowledgeBase:
    """Every article of the fact base, with lookups by id."""

    articles: tuple[Article, ...]
    files: dict[str, Path] = field(default_factory=dict)  # article id -> file
    loaded_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    @property
    def facts(self) -> Iterable[tuple[Article, Fact]]:
        return ((a, f) for a in self.articles for f in a.facts)

    @property
    def quotes(self) -> Iterable[tuple[Article, AttributedQuote]]:
        """Quotes with a speaker: the only ones the index and the answers ever see."""
        return ((a, cast(AttributedQuote, q)) for a in self.articles for q in a.quotes if q.speaker is not None)

    @property
    def unattributed_quotes(self) -> Iterable[tuple[Article, Quote]]:
        """Drafted quotes whose speaker is not resolved yet: never shown as anyone's words."""
        return ((a, q) for a in self.articles for q in a.quotes if q.speaker is None)

    @property
    def people(self) -> Iterable[tuple[Article, Person]]:
        return ((a, p) for a in self.articles for p in a.people)

    def article(self, article_id: str) -> Article | None:
        return next((a for a in self.articles if a.id == article_id), None)


# ---------------------------------------------------------------- validation


def _pydantic_message(error: Any) -> str:
    message = str(error["msg"])
    if error["type"] == "extra_forbidden":
        return "unknown field (check the spelling; see knowledge/README.md)"
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "string_pattern_mismatch":
        return "must be a slug: lower-case letters and digits in hyphen-separated words (like joe-mcdermott)"
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return message[:1].lower() + message[1:]


def parse_article(text: str, file: Path) -> tuple[Article | None, list[Problem]]:
    """Parse one file's YAML text into an `Article`, or say every place it is wrong."""
    data, problems = _yaml_data(text, file)
    if problems:
        return None, problems
    if not isinstance(data, dict):
        return None, [Problem("the file must be a mapping with source, people, quotes and facts", file, 1)]
    try:
        article = Article.model_validate(data)
    except ValidationError as exc:
        return None, _validation_problems(exc, text, file)
    problems = check_references(article, file, text)
    return (article if not problems else None), problems


def _yaml_data(text: str, file: Path) -> tuple[Any, list[Problem]]:
    """The file's data, or the problems that stop it being read as YAML."""
    try:
        return load_yaml(text), []
    except FactBaseError as exc:  # too big, too deep or a duplicate key: located but for the file
        return None, [dataclasses.replace(p, file=file) for p in exc.problems]
    except RecursionError:  # nesting the pure-Python parser cannot follow (libyaml stops at 1000 levels)
        return None, [Problem(f"YAML nested too deeply to read (at most {MAX_DEPTH} levels)", file)]
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_problem(exc, file)]
    except yaml.YAMLError as exc:
        return None, [Problem(f"YAML error: {exc}", file)]


def _syntax_problem(exc: yaml.MarkedYAMLError, file: Path) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = f"YAML syntax error: {exc.problem or exc.context or 'invalid YAML'}"
    return Problem(message, file, mark.line + 1, mark.column + 1) if mark else Problem(message, file)


def _validation_problems(exc: ValidationError, text: str, file: Path) -> list[Problem]:
    """pydantic's errors, each at its line and key path in the YAML."""
    problems = []
    errors = exc.errors()
    for error in errors[:MAX_PROBLEMS]:
        loc = [p for p in error["loc"] if isinstance(p, int | str)]
        # Drop pydantic's union/constraint tags so the path is the YAML's own.
        loc = [p for p in loc if not (isinstance(p, str) and ("[" in p or "function" in p))]
        line = node_line(compose(text), loc)
        problems.append(Problem(_pydantic_message(error), file, line, key_path=key_path(loc)))
    if len(errors) > MAX_PROBLEMS:  # each is located by a walk of the tree: the first ones say enough
        problems.append(Problem(f"… and {len(errors) - MAX_PROBLEMS:,} more problems like these", file))
    return problems


# Problems reported for one file at most (a file of 150,000 unknown keys took minutes to report).
MAX_PROBLEMS = 50
# A problem's message and the key path it is at, before it is given its file and line.
_Found = tuple[str, tuple[int | str, ...]]


def _located(found: Sequence[_Found], file: Path | None, root: yaml.Node | None) -> list[Problem]:
    return [Problem(message, file, node_line(root, loc), key_path=key_path(loc)) for message, loc in found]


def _surname_forms(person: Person) -> set[str]:
    forms = {fold(person.name), fold(person.name.split()[-1])}
    forms.update(fold(a) for a in person.aliases)
    return forms


def check_references(article: Article, file: Path | None = None, text: str | None = None) -> list[Problem]:
    """Rules across records: unique ids, known speakers and quotes, named attributions."""
    people = {p.id: p for p in article.people}
    quote_ids = {q.id for q in article.quotes}
    found = [*_duplicate_ids(article), *_unknown_speakers(article, people)]
    for index, fact in enumerate(article.facts):
        found += _fact_references(fact, index, people, quote_ids)
    root = compose(text) if text is not None and found else None
    return _located(found, file, root)


def _duplicate_ids(article: Article) -> list[_Found]:
    sections: dict[str, list[str]] = {
        "people": [p.id for p in article.people],
        "quotes": [q.id for q in article.quotes],
        "facts": [f.id for f in article.facts],
    }
    found: list[_Found] = []
    for section, ids in sections.items():
        seen: dict[str, int] = {}
        for index, record_id in enumerate(ids):
            if record_id in seen:
                message = f"duplicate id {record_id!r} (first used at {section}[{seen[record_id]}])"
                found.append((message, (section, index, "id")))
            seen.setdefault(record_id, index)
    return found


def _unknown_speakers(article: Article, people: dict[str, Person]) -> list[_Found]:
    return [
        (f"unknown speaker {quote.speaker!r}: add them to people first", ("quotes", index, "speaker"))
        for index, quote in enumerate(article.quotes)
        if quote.speaker is not None and quote.speaker not in people
    ]


def _fact_references(fact: Fact, index: int, people: dict[str, Person], quote_ids: set[str]) -> list[_Found]:
    """A fact's unknown quote ids, then an attribution its answer does not name."""
    found: list[_Found] = [
        (f"unknown quote id {quote_id!r}", ("facts", index, "quotes", q_index))
        for q_index, quote_id in enumerate(fact.quotes)
        if quote_id not in quote_ids
    ]
    attribution = fact.attributed_to
    # A draft's answer is the article's own words, shown as such until a curator writes one.
    if attribution == ARTICLE_ATTRIBUTION or fact.status == DRAFT:
        return found
    answer = fold(fact.answer)
    if attribution in people:
        person = people[attribution]
        if not any(form in answer for form in _surname_forms(person)):
            message = (
                f"the claim is attributed to {person.name}: the answer must name them "
                f"(for example 'According to {person.name.split()[-1]}, ...')"
            )
            found.append((message, ("facts", index, "answer")))
    elif fold(attribution) not in answer:
        message = (
            f"the claim is attributed to {attribution!r}: the answer must say so "
            f"(for example '{attribution.capitalize()} say ...')"
        )
        found.append((message, ("facts", index, "answer")))
    return found


def check_unique_across(articles: Sequence[tuple[Article, Path]]) -> list[Problem]:
    """Article ids, fact ids and quote ids are unique across the whole fact base."""
    problems: list[Problem] = []
    owners: dict[tuple[str, str], Path] = {}
    for article, file in articles:
        keys = [("article", article.id)]
        keys += [("fact", f.id) for f in article.facts] + [("quote", q.id) for q in article.quotes]
        for kind, record_id in keys:
            first = owners.setdefault((kind, record_id), file)
            if first != file:
                problems.append(Problem(f"{kind} id {record_id!r} is also used in {first}", file))
    return problems


def article_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in ARTICLE_SUFFIXES and p.is_file())


@dataclass(frozen=True)
class ArticleFile:
    """One article file as read: its text, and the article or the problems that stop it."""

    file: Path
    text: str | None
    article: Article | None
    problems: list[Problem]
    key: str | None = None  # the parse cache key of its content


def _read(file: Path) -> tuple[bytes, str] | Problem:
    """The file's bytes and text, or the problem that stops it being read: a file larger than
    MAX_FILE_BYTES is refused before it is read (one that grows while it is read, once it has)."""
    try:
        with file.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            content = handle.read(MAX_FILE_BYTES + 1) if size <= MAX_FILE_BYTES else b""
        size = max(size, len(content))
        if size > MAX_FILE_BYTES:
            return Problem(
                f"the file is {size:,} bytes: a fact base file may be at most {MAX_FILE_BYTES:,} (MAX_FILE_BYTES)", file
            )
        return content, content.decode("utf-8").replace("\r\n", "\n")  # as read_text would: edits write \n
    except (OSError, UnicodeDecodeError) as exc:
        return Problem(f"cannot read the file: {exc}", file)


def read_article(file: Path, cache: ParseCache | None = None) -> ArticleFile:
    """Read and validate one file, reusing the cached article when its bytes are unchanged."""
    read = _read(file)
    if isinstance(read, Problem):
        return ArticleFile(file, None, None, [read])
    content, text = read
    key = cache.key(content) if cache is not None else None
    if cache is not None and key is not None:
        cached = cache.get(key)
        # A cached article passed every check when it was stored; the cheap cross-reference
        # check runs again, which catches a stale or broken entry. It cannot catch a crafted one
        # that is valid (a changed answer, a quote given to another known speaker): the cache is
        # not authenticated, so DATA_DIR must be as trusted as KNOWLEDGE_DIR (see parsecache).
        if cached is not None and not check_references(cached, file, text):
            cache.hits += 1
            return ArticleFile(file, text, cached, [], key)
        cache.misses += 1
    article, problems = parse_article(text, file)
    if article is not None and cache is not None and key is not None:
        cache.put(key, article)
    return ArticleFile(file, text, article, problems, key)


def load_directory(directory: Path, cache: ParseCache | None = None) -> KnowledgeBase:
    """Load every article file in `directory`; raise `FactBaseError` listing all problems.

    With a `cache`, files whose bytes are unchanged since they were last validated are not
    parsed again, and the cache then forgets every other entry.
    """
    if not directory.is_dir():
        raise FactBaseError([Problem("fact base directory not found", directory)])
    files = article_files(directory)
    if not files:
        raise FactBaseError([Problem("no article files (*.yaml) in the fact base directory", directory)])
    with paused_gc():
        read = [read_article(file, cache) for file in files]
    loaded = [(r.article, r.file) for r in read if r.article is not None]
    problems = [p for r in read for p in r.problems] + check_unique_across(loaded)
    if not problems:  # quotes and excerpts against each article's stored text, where it has one
        from .article_text import check_stored_texts  # it builds on this module

        problems = check_stored_texts(loaded)
    if problems:
        raise FactBaseError(problems)
    if cache is not None:
        cache.retain(r.key for r in read if r.key is not None)
    return KnowledgeBase(articles=tuple(a for a, _ in loaded), files={a.id: f for a, f in loaded})


# ---------------------------------------------------------------- against the article text


def article_paragraphs(text: str) -> list[str]:
    """Paragraphs numbered as curators cite them: non-empty lines, page chrome skipped."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and line not in PAGE_CHROME]


def check_against_text(
    article: Article, text: str, file: Path | None = None, *, require_cited: bool = True
) -> list[Problem]:
    """Every quote and evidence excerpt verbatim in the paragraph it cites; every paragraph cited
    (unless not `require_cited`).

    Problems name the line in `file` (when it can be read) and, for an excerpt that is not
    verbatim, the closest passage of the cited paragraph, so the difference is easy to see.
    """
    check = _AgainstText(article_paragraphs(text))
    check.quotes(article.quotes)
    check.facts(article.facts)
    check.people(article.people)
    if require_cited:
        check.uncited()
    return _located(check.found, file, _file_root(file) if check.found else None)


def _file_root(file: Path | None) -> yaml.Node | None:
    """The node tree of `file`, for line numbers; None when it cannot be read."""
    try:
        return compose(file.read_text(encoding="utf-8")) if file is not None else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None


class _AgainstText:
    """The problems of an article's records against its paragraphs, in the order they are checked."""

    def __init__(self, paragraphs: list[str]) -> None:
        self.paragraphs = paragraphs
        self.cited: set[int] = set()
        self.found: list[_Found] = []

    def _paragraph(self, number: int) -> str | None:
        return self.paragraphs[number - 1] if 1 <= number <= len(self.paragraphs) else None

    def _missing(self, number: int, *loc: int | str) -> None:
        self.found.append((f"paragraph {number} does not exist (the article has {len(self.paragraphs)})", loc))

    def quotes(self, quotes: Iterable[Quote]) -> None:
        for index, quote in enumerate(quotes):
            self.cited.add(quote.paragraph)
            body = self._paragraph(quote.paragraph)
            if body is None:
                self._missing(quote.paragraph, "quotes", index, "paragraph")
            elif quote.text not in body:
                message = _not_verbatim(quote.text, [(quote.paragraph, body)], self.paragraphs)
                self.found.append((message, ("quotes", index, "text")))

    def facts(self, facts: Iterable[Fact]) -> None:
        for index, fact in enumerate(facts):
            self.cited.update(fact.evidence.paragraphs)
            known = []
            for n in fact.evidence.paragraphs:
                body = self._paragraph(n)
                if body is None:
                    self._missing(n, "facts", index, "evidence", "paragraphs")
                else:
                    known.append((n, body))
            if known and not any(fact.evidence.text in body for _, body in known):
                message = _not_verbatim(fact.evidence.text, known, self.paragraphs)
                self.found.append((message, ("facts", index, "evidence", "text")))

    def people(self, people: Iterable[Person]) -> None:
        for index, person in enumerate(people):
            for n in person.paragraphs:
                if self._paragraph(n) is None:
                    self._missing(n, "people", index, "paragraphs")

    def uncited(self) -> None:
        uncited = [n for n in range(1, len(self.paragraphs) + 1) if n not in self.cited]
        if uncited:
            self.found.append(
                (f"paragraphs not cited by any fact or quote: {', '.join(map(str, uncited))}", ("facts",))
            )


def _not_verbatim(excerpt: str, cited: list[tuple[int, str]], paragraphs: list[str]) -> str:
    elsewhere = [i for i, p in enumerate(paragraphs, 1) if excerpt in p]
    if elsewhere:
        return f"is verbatim in paragraph {elsewhere[0]}, not in the paragraph it cites"
    if tokens(excerpt) and any(" ".join(tokens(excerpt)) in " ".join(tokens(body)) for _, body in cited):
        return "differs from the article in punctuation or quote marks (copy it character for character)"
    number, closest = _closest_passage(excerpt, cited)
    if not closest:
        return "is not verbatim in the cited paragraph"
    if len(closest) > CLOSEST_SHOWN:
        closest = closest[: CLOSEST_SHOWN - 1].rstrip() + "…"
    return f"is not verbatim in the cited paragraph; the closest passage of paragraph {number} is `{closest}`"


def _closest_passage(excerpt: str, cited: list[tuple[int, str]]) -> tuple[int, str]:
    """The cited paragraph's passage closest to the excerpt (whole words), to compare by eye."""
    score, number, closest = 0.0, cited[0][0], ""
    for n, body in cited:
        alignment = fuzz.partial_ratio_alignment(excerpt, body)
        if alignment is not None and alignment.score > score:
            score, number = alignment.score, n
            closest = _whole_words(body, alignment.dest_start, alignment.dest_end)
    return number, closest


def _whole_words(body: str, start: int, end: int) -> str:
    """`body[start:end]` widened to whole words."""
    while start > 0 and not body[start - 1].isspace():
        start -= 1
    while end < len(body) and not body[end].isspace():
        end += 1
    return body[start:end].strip()
