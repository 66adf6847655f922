"""Reading a fact base file's YAML: fast, bounded (size, depth, duplicate keys), and with the
line of any key path, so that every problem can say where it is."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NoReturn

import yaml

from .errors import FactBaseError, Problem
from .models import MAX_DEPTH, MAX_EXPANDED_CHARS

# ---------------------------------------------------------------- lines and key paths


def node_line(root: yaml.Node | None, loc: Sequence[int | str]) -> int | None:
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


@lru_cache(maxsize=4)
def compose(text: str) -> yaml.Node | None:
    """The YAML node tree with line marks; built only when a problem needs a line number. None
    when the composer refuses what the loader read (without libyaml, the pure-Python parser
    refuses `[a, b?, c]`): the problem then has no line, rather than the loader failing."""
    try:  # libyaml's composer when there is one: it reads what the loader read, and fast
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None


# ---------------------------------------------------------------- the fast loader


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
_MERGE_TAG = "tag:yaml.org,2002:merge"
_PLAIN_SCALAR_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool", "null"))


class _Unusual(Exception):
    """The document uses a YAML feature the fast path leaves to PyYAML (aliases, merge keys, tags)."""


class _PlainBuilder:
    """Plain data from a node tree whose only tags are the JSON-like ones, as PyYAML builds it.

    Anything `check_yaml_bounds` would refuse (a duplicate key, nesting past MAX_DEPTH, more
    than MAX_EXPANDED_CHARS of text with every use of an aliased scalar counted) is left to
    it too, so a plain document is walked once. Anything else unusual raises `_Unusual`."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.seen: set[int] = set()
        self.size = 0  # characters of scalar text so far, each use of an alias counted

    def build(self, node: yaml.Node, depth: int = 1) -> Any:
        if depth > MAX_DEPTH:
            raise _Unusual
        if type(node) is yaml.ScalarNode:
            return self._scalar(node)
        if id(node) in self.seen:  # an alias (or a cycle): PyYAML shares the object; let it
            raise _Unusual
        self.seen.add(id(node))
        if type(node) is yaml.SequenceNode and node.tag == _SEQ_TAG:
            return [self.build(item, depth + 1) for item in node.value]
        if type(node) is yaml.MappingNode and node.tag == _MAP_TAG:
            return self._mapping(node, depth)
        raise _Unusual

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        self.size += len(node.value)
        if self.size > MAX_EXPANDED_CHARS:
            raise _Unusual
        if node.tag == _STR_TAG:
            return node.value
        if node.tag in _PLAIN_SCALAR_TAGS:
            return self.loader.construct_object(node)
        raise _Unusual

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:  # unhashable keys: PyYAML says so
                raise _Unusual
            key = self.build(key_node, depth + 1)
            if key in mapping:  # a duplicate key: check_yaml_bounds says where
                raise _Unusual
            mapping[key] = self.build(value_node, depth + 1)
        return mapping


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
        # The builder stops at what the bounds would refuse (aliased scalars counted at each use):
        # a plain document is checked as it is built, in one walk.
        try:
            return _PlainBuilder(loader).build(node)
        except _Unusual:
            pass
        check_yaml_bounds(node)
        try:
            return _PlainBuilder(loader).build(node)
        except _Unusual:
            return loader.construct_document(node)
    finally:
        loader.dispose()
