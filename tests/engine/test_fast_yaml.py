"""The loader's YAML fast path builds exactly what PyYAML's own constructor builds."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.errors import FactBaseError
from bot.engine.yamlread import _FastLoader, load_yaml
from tests.helpers import shipped_kb


class Reference(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's own resolver and constructor, with the loader's resolver table (no timestamps)."""


Reference.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers
assert Reference.resolve is not _FastLoader.resolve


def stock(text: str) -> Any:
    return yaml.load(text, Loader=Reference)


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    # Strings that look like other types when plain: PyYAML's resolver must decide.
    st.sampled_from(["yes", "No", "on", "~", "null", "0x1F", "0o17", "1_000", "1:30", ".inf", "2018-01-24", "<<", "="]),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=10), st.integers(), st.booleans()), inner, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(data=documents, flow=st.sampled_from([None, True, False]), width=st.sampled_from([20, 80, 10**6]))
def test_any_plain_document_loads_as_pyyaml_loads_it(data: Any, flow: bool | None, width: int) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, width=width, allow_unicode=True)
    assert load_yaml(text) == stock(text)


@pytest.mark.parametrize(
    "text",
    [
        "",  # an empty document
        "# only a comment\n",
        "a: 1\nb: 0x10\nc: 1:30\nd: yes\ne: ~\nf: .nan\n",
        "when: 2018-01-24\n",  # stays text: the loader validates dates itself
        "base: &base {x: 1, y: 2}\nother: *base\n",  # an alias: one shared object
        "base: &base {x: 1}\nmerged:\n  <<: *base\n  y: 2\n",  # a merge key
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
        "a: !!str 123\nb: !!int '7'\n",
        "'quoted: key': \"value\"\n? [complex, key]\n: v\n",
        "- a\n- [b, {c: d}]\n",
        "value: |\n  line one\n  line two\n",
    ],
)
def test_unusual_documents_load_as_pyyaml_loads_them(text: str) -> None:
    try:
        expected = stock(text)
    except yaml.YAMLError as error:
        with pytest.raises(type(error)):
            load_yaml(text)
        return
    assert load_yaml(text) == expected


@pytest.mark.parametrize("text", ["a: 1\na: 2\n", "x: &x 1\na: *x\na: 2\n", "a: {b: 1, b: 2}\n"])
def test_duplicate_keys_are_refused_where_pyyaml_keeps_the_last(text: str) -> None:
    assert isinstance(stock(text), dict)
    with pytest.raises(FactBaseError, match="duplicate key"):
        load_yaml(text)


def test_the_shipped_fact_base_loads_identically() -> None:
    for file in shipped_kb().files.values():
        text = file.read_text(encoding="utf-8")
        assert load_yaml(text) == stock(text)


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: b: c\n", "- a\nb: c\n", "---\na: 1\n---\nb: 2\n"])
def test_syntax_errors_are_pyyamls_own(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as stock_error:
        stock(text)
    with pytest.raises(yaml.YAMLError) as fast_error:
        load_yaml(text)
    assert str(fast_error.value) == str(stock_error.value)
