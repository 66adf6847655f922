"""Load and validate the fact base: YAML files -> `Article` models, every problem located.

`load_directory` returns a `KnowledgeBase` or raises `FactBaseError` listing every
problem with its file, line and key path. `check_against_text` compares quotes and
evidence with the article's own text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, NoReturn, cast

import yaml
from pydantic import ValidationError
from rapidfuzz import fuzz

from .errors import FactBaseError, Problem
from .heap import paused_gc
from .models import (
    ARTICLE_ATTRIBUTION,
    DRAFT,
    MAX_DEPTH,
    MAX_EXPANDED_CHARS,
    Article,
    AttributedQuote,
    Fact,
    Person,
    Quote,
)
from .parsecache import ParseCache
from .text import fold, tokens

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


# ---------------------------------------------------------------- YAML with lines


def _node_line(root: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
    """The 1-based line of the YAML node at key path `loc` (or of its nearest parent)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if key.value == part:
                    child = value
                    line = key.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line


def key_path(loc: Sequence[int | str]) -> str:
    """`("facts", 3, "evidence", "paragraphs", 0)` -> `facts[3].evidence.paragraphs[0]`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


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


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """libyaml when available; dates stay text so pydantic validates them with a location."""


_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _fast_resolve(self: Any, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
    """`Resolver.resolve` without the path-resolver machinery nobody here registers.

    libyaml's composer calls this for every node; the stock version costs about a sixth
    of a large file's load."""
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, regexp in self.yaml_implicit_resolvers.get(value[:1] if value else "", ()):
                if regexp.match(value):
                    return str(tag)
        return str(self.DEFAULT_SCALAR_TAG)
    return str(self.DEFAULT_SEQUENCE_TAG if kind is yaml.SequenceNode else self.DEFAULT_MAPPING_TAG)


_FastLoader.resolve = _fast_resolve

_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_PLAIN_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null"))


class _Unusual(Exception):
    """The document uses a YAML feature the fast path leaves to PyYAML (aliases, merge keys, tags)."""


def _plain(node: yaml.Node, loader: Any, seen: set[int], depth: int = 1, size: list[int] | None = None) -> Any:
    """Plain data from a node tree whose only tags are the JSON-like ones, as PyYAML builds it.

    Anything `check_yaml_bounds` would refuse (a duplicate key, nesting past MAX_DEPTH, more
    than MAX_EXPANDED_CHARS of text with every use of an aliased scalar counted) is left to
    it too, so a plain document is walked once."""
    if depth > MAX_DEPTH:
        raise _Unusual
    size = [0] if size is None else size
    tag = node.tag
    if type(node) is yaml.ScalarNode:
        size[0] += len(node.value)
        if size[0] > MAX_EXPANDED_CHARS:
            raise _Unusual
        if tag == _STR_TAG:
            return node.value
        if tag in _PLAIN_SCALAR_TAGS:
            return loader.construct_object(node)
        raise _Unusual
    if id(node) in seen:  # an alias (or a cycle): PyYAML shares the object; let it
        raise _Unusual
    seen.add(id(node))
    if type(node) is yaml.SequenceNode and tag == _SEQ_TAG:
        return [_plain(item, loader, seen, depth + 1, size) for item in node.value]
    if type(node) is yaml.MappingNode and tag == _MAP_TAG:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:  # unhashable keys: PyYAML says so
                raise _Unusual
            key = _plain(key_node, loader, seen, depth + 1, size)
            if key in mapping:  # a duplicate key: check_yaml_bounds says where
                raise _Unusual
            mapping[key] = _plain(value_node, loader, seen, depth + 1, size)
        return mapping
    raise _Unusual


_MERGE_TAG = "tag:yaml.org,2002:merge"


def check_yaml_bounds(root: yaml.Node) -> None:
    """Refuse a node tree that is too big or too deep to build, before anything is built.

    Aliases are counted every time they are used, as building the data expands them (a
    1 MB file can otherwise stand for gigabytes), and nesting is bounded, aliases expanded
    too, so that nothing recursing over the data can overflow the stack. Duplicate keys are
    refused: YAML keeps only the last, so a second `facts:` would silently hide the first.
    Raises `FactBaseError` with the line and key path (but no file) of the first problem.
    """
    measured: dict[int, tuple[int, int]] = {}  # node id -> (expanded characters, levels below it)

    def refuse(message: str, node: yaml.Node, path: tuple[int | str, ...]) -> NoReturn:
        raise FactBaseError([Problem(message, None, node.start_mark.line + 1, key_path=key_path(path))])

    def too_deep(node: yaml.Node, path: tuple[int | str, ...]) -> NoReturn:
        refuse(f"nested more than {MAX_DEPTH} levels deep (MAX_DEPTH; an article needs 6)", node, path[:6])

    def measure(node: yaml.Node, path: tuple[int | str, ...], depth: int) -> tuple[int, int]:
        if depth > MAX_DEPTH:
            too_deep(node, path)
        known = measured.get(id(node))
        if known is not None:  # an alias of a node already measured: it counts again in full
            if depth + known[1] > MAX_DEPTH:
                too_deep(node, path)
            return known
        size = height = 0
        children: list[tuple[yaml.Node, int | str]] = []
        if isinstance(node, yaml.ScalarNode):
            size = len(node.value)
        elif isinstance(node, yaml.SequenceNode):
            children = [(item, index) for index, item in enumerate(node.value)]
        elif isinstance(node, yaml.MappingNode):
            first_line: dict[tuple[str, str], int] = {}
            for key, value in node.value:
                part = key.value if isinstance(key, yaml.ScalarNode) else "?"
                if isinstance(key, yaml.ScalarNode) and key.tag != _MERGE_TAG:
                    first = first_line.get((key.tag, key.value))
                    if first is not None:
                        message = f"duplicate key {part!r} (first at line {first}): YAML would keep only this one"
                        refuse(message, key, (*path, part))
                    first_line[key.tag, key.value] = key.start_mark.line + 1
                children += [(key, part), (value, part)]
        for child, part in children:
            child_size, child_height = measure(child, (*path, part), depth + 1)
            size, height = size + child_size, max(height, child_height + 1)
            if size > MAX_EXPANDED_CHARS:
                refuse(
                    f"more than {MAX_EXPANDED_CHARS:,} characters of text once YAML aliases are expanded "
                    "(each use of an alias counts in full; MAX_EXPANDED_CHARS)",
                    node,
                    path,
                )
        measured[id(node)] = (size, height)
        return size, height

    measure(root, (), 1)


def load_yaml(text: str) -> Any:
    """`yaml.load(text, _FastLoader)`, with plain documents built without PyYAML's constructor.

    Fact base files are maps, lists and strings: libyaml composes the node tree and this
    builds the data in one pass (the stock constructor is most of the load time). Anything
    unusual goes to PyYAML's constructor, so the result is always the same as its own.
    Either way the tree passes `check_yaml_bounds` first (size, depth, duplicate keys).
    """
    loader = _FastLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        # `_plain` stops at what the bounds would refuse (aliased scalars counted at each use):
        # a plain document is checked as it is built, in one walk.
        try:
            return _plain(node, loader, set())
        except _Unusual:
            pass
        check_yaml_bounds(node)
        try:
            return _plain(node, loader, set())
        except _Unusual:
            return loader.construct_document(node)
    finally:
        loader.dispose()


@lru_cache(maxsize=4)
def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree with line marks; built only when a problem needs a line number."""
    return yaml.compose(text, Loader=yaml.SafeLoader)


def parse_article(text: str, file: Path) -> tuple[Article | None, list[Problem]]:
    """Parse one file's YAML text into an `Article`, or say every place it is wrong."""
    try:
        data = load_yaml(text)
    except FactBaseError as exc:  # too big, too deep or a duplicate key: located but for the file
        return None, [dataclasses.replace(p, file=file) for p in exc.problems]
    except RecursionError:  # nesting the pure-Python parser cannot follow (libyaml stops at 1000 levels)
        return None, [Problem(f"YAML nested too deeply to read (at most {MAX_DEPTH} levels)", file)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        return None, [Problem(f"YAML syntax error: {reason}", file, line, column)]
    except yaml.YAMLError as exc:
        return None, [Problem(f"YAML error: {exc}", file)]
    if not isinstance(data, dict):
        return None, [Problem("the file must be a mapping with source, people, quotes and facts", file, 1)]
    try:
        article = Article.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            loc = [p for p in error["loc"] if isinstance(p, int | str)]
            # Drop pydantic's union/constraint tags so the path is the YAML's own.
            loc = [p for p in loc if not (isinstance(p, str) and ("[" in p or "function" in p))]
            line = _node_line(_compose(text), loc)
            problems.append(Problem(_pydantic_message(error), file, line, key_path=key_path(loc)))
        return None, problems
    problems = check_references(article, file, text)
    return (article if not problems else None), problems


def _surname_forms(person: Person) -> set[str]:
    forms = {fold(person.name), fold(person.name.split()[-1])}
    forms.update(fold(a) for a in person.aliases)
    return forms


def check_references(article: Article, file: Path | None = None, text: str | None = None) -> list[Problem]:
    """Rules across records: unique ids, known speakers and quotes, named attributions."""
    problems: list[Problem] = []

    def problem(message: str, *loc: int | str) -> None:
        root = _compose(text) if text is not None else None
        problems.append(Problem(message, file, _node_line(root, loc), key_path=key_path(loc)))

    sections: dict[str, list[str]] = {
        "people": [p.id for p in article.people],
        "quotes": [q.id for q in article.quotes],
        "facts": [f.id for f in article.facts],
    }
    for section, ids in sections.items():
        seen: dict[str, int] = {}
        for index, record_id in enumerate(ids):
            if record_id in seen:
                problem(
                    f"duplicate id {record_id!r} (first used at {section}[{seen[record_id]}])", section, index, "id"
                )
            seen.setdefault(record_id, index)

    people = {p.id: p for p in article.people}
    quote_ids = {q.id for q in article.quotes}
    for index, quote in enumerate(article.quotes):
        if quote.speaker is not None and quote.speaker not in people:
            problem(f"unknown speaker {quote.speaker!r}: add them to people first", "quotes", index, "speaker")
    for index, fact in enumerate(article.facts):
        for q_index, quote_id in enumerate(fact.quotes):
            if quote_id not in quote_ids:
                problem(f"unknown quote id {quote_id!r}", "facts", index, "quotes", q_index)
        attribution = fact.attributed_to
        # A draft's answer is the article's own words, shown as such until a curator writes one.
        if attribution == ARTICLE_ATTRIBUTION or fact.status == DRAFT:
            continue
        answer = fold(fact.answer)
        if attribution in people:
            if not any(form in answer for form in _surname_forms(people[attribution])):
                problem(
                    f"the claim is attributed to {people[attribution].name}: the answer must name them "
                    f"(for example 'According to {people[attribution].name.split()[-1]}, ...')",
                    "facts",
                    index,
                    "answer",
                )
        elif fold(attribution) not in answer:
            problem(
                f"the claim is attributed to {attribution!r}: the answer must say so "
                f"(for example '{attribution.capitalize()} say ...')",
                "facts",
                index,
                "answer",
            )
    return problems


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


def read_article(file: Path, cache: ParseCache | None = None) -> ArticleFile:
    """Read and validate one file, reusing the cached article when its bytes are unchanged."""
    try:
        content = file.read_bytes()
        text = content.decode("utf-8").replace("\r\n", "\n")  # as read_text would: edits write \n
    except (OSError, UnicodeDecodeError) as exc:
        return ArticleFile(file, None, None, [Problem(f"cannot read the file: {exc}", file)])
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
    paragraphs = article_paragraphs(text)
    count = len(paragraphs)
    problems: list[Problem] = []
    try:
        root = _compose(file.read_text(encoding="utf-8")) if file is not None else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        root = None

    def paragraph(number: int) -> str | None:
        return paragraphs[number - 1] if 1 <= number <= count else None

    def located(message: str, *loc: int | str) -> Problem:
        return Problem(message, file, _node_line(root, loc) if root is not None else None, key_path=key_path(loc))

    def missing(number: int) -> str:
        return f"paragraph {number} does not exist (the article has {count})"

    cited: set[int] = set()
    for index, quote in enumerate(article.quotes):
        cited.add(quote.paragraph)
        body = paragraph(quote.paragraph)
        if body is None:
            problems.append(located(missing(quote.paragraph), "quotes", index, "paragraph"))
        elif quote.text not in body:
            message = _not_verbatim(quote.text, [(quote.paragraph, body)], paragraphs)
            problems.append(located(message, "quotes", index, "text"))
    for index, fact in enumerate(article.facts):
        cited.update(fact.evidence.paragraphs)
        known = []
        for n in fact.evidence.paragraphs:
            body = paragraph(n)
            if body is None:
                problems.append(located(missing(n), "facts", index, "evidence", "paragraphs"))
            else:
                known.append((n, body))
        if known and not any(fact.evidence.text in body for _, body in known):
            message = _not_verbatim(fact.evidence.text, known, paragraphs)
            problems.append(located(message, "facts", index, "evidence", "text"))
    for index, person in enumerate(article.people):
        for n in person.paragraphs:
            if paragraph(n) is None:
                problems.append(located(missing(n), "people", index, "paragraphs"))
    uncited = [n for n in range(1, count + 1) if n not in cited] if require_cited else []
    if uncited:
        problems.append(located(f"paragraphs not cited by any fact or quote: {', '.join(map(str, uncited))}", "facts"))
    return problems


def _not_verbatim(excerpt: str, cited: list[tuple[int, str]], paragraphs: list[str]) -> str:
    elsewhere = [i for i, p in enumerate(paragraphs, 1) if excerpt in p]
    if elsewhere:
        return f"is verbatim in paragraph {elsewhere[0]}, not in the paragraph it cites"
    if tokens(excerpt) and any(" ".join(tokens(excerpt)) in " ".join(tokens(body)) for _, body in cited):
        return "differs from the article in punctuation or quote marks (copy it character for character)"
    # The cited paragraph's passage closest to the excerpt, to compare by eye.
    score, number, closest = 0.0, cited[0][0], ""
    for n, body in cited:
        alignment = fuzz.partial_ratio_alignment(excerpt, body)
        if alignment is not None and alignment.score > score:
            start, end = alignment.dest_start, alignment.dest_end
            while start > 0 and not body[start - 1].isspace():  # whole words only
                start -= 1
            while end < len(body) and not body[end].isspace():
                end += 1
            score, number, closest = alignment.score, n, body[start:end].strip()
    if not closest:
        return "is not verbatim in the cited paragraph"
    if len(closest) > CLOSEST_SHOWN:
        closest = closest[: CLOSEST_SHOWN - 1].rstrip() + "…"
    return f"is not verbatim in the cited paragraph; the closest passage of paragraph {number} is `{closest}`"
