"""The loader: fixture fact bases under tests/data/kb must load, or fail with exact, located messages."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bot.engine.errors import FactBaseError, Problem
from bot.engine.loader import (
    article_paragraphs,
    check_against_text,
    load_directory,
    parse_article,
)
from bot.engine.models import MAX_DEPTH, MAX_EXPANDED_CHARS, MAX_FILE_BYTES
from bot.engine.yamlread import key_path
from tests.helpers import KB_DATA

VALID = KB_DATA / "valid"
INVALID = KB_DATA / "invalid"
AGAINST = KB_DATA / "against"
TINY_ARTICLE = AGAINST / "tiny-bridge.txt"


def cases(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def expected_lines(case_dir: Path) -> list[str]:
    return (case_dir / "expected.txt").read_text(encoding="utf-8").splitlines()


def shown(problems: list[Problem]) -> list[str]:
    # Paths are relative to the fixture root (the test runs there), written with "/".
    return [str(p).replace(os.sep, "/") for p in problems]


def test_every_fixture_directory_has_its_expectations() -> None:
    for case in cases(VALID):
        assert (VALID / case / "expected.json").is_file(), case
    for root in (INVALID, AGAINST):
        for case in cases(root):
            assert (root / case / "expected.txt").is_file(), f"{root.name}/{case}"
    assert len(cases(INVALID)) >= 16
    assert TINY_ARTICLE.is_file()


@pytest.mark.parametrize("case", cases(VALID))
def test_valid_fact_base_loads(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(VALID)
    kb = load_directory(Path(case))

    expected = json.loads((VALID / case / "expected.json").read_text(encoding="utf-8"))
    loaded = {
        article.id: {
            "people": [p.id for p in article.people],
            "quotes": [q.id for q in article.quotes],
            "facts": [f.id for f in article.facts],
        }
        for article in kb.articles
    }
    assert loaded == expected
    assert set(kb.files) == set(expected)
    for article_id, file in kb.files.items():
        assert file.parent == Path(case)
        assert kb.article(article_id) is not None


@pytest.mark.parametrize("case", cases(INVALID))
def test_invalid_fact_base_reports_every_problem_exactly(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Run from the fixture root with a relative path, as a curator runs `python -m bot validate`.
    monkeypatch.chdir(INVALID)
    with pytest.raises(FactBaseError) as caught:
        load_directory(Path(case))

    assert shown(caught.value.problems) == expected_lines(INVALID / case)
    assert str(caught.value).replace(os.sep, "/").splitlines() == expected_lines(INVALID / case)


@pytest.mark.parametrize("case", cases(AGAINST))
def test_check_against_text_reports_exactly(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(AGAINST)
    kb = load_directory(Path(case))  # every case is a valid fact base; only the text disagrees
    (article,) = kb.articles

    problems = check_against_text(article, TINY_ARTICLE.read_text(encoding="utf-8"), kb.files[article.id])

    assert shown(problems) == expected_lines(AGAINST / case)


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    file = tmp_path / "broken.yaml"
    file.write_text('id: x\nsource: {title: "unclosed\n', encoding="utf-8")

    with pytest.raises(FactBaseError) as caught:
        load_directory(tmp_path)

    (problem,) = caught.value.problems
    assert problem.file == file
    assert problem.line is not None and problem.column is not None
    assert problem.message.startswith("YAML syntax error: ")
    assert str(problem).startswith(f"{file}:{problem.line}:{problem.column}: YAML syntax error: ")


def test_yaml_only_libyaml_reads_is_still_a_located_problem(tmp_path: Path) -> None:
    # libyaml reads `[a, b?, c]`; the pure-Python parser that finds line numbers does not.
    file = tmp_path / "odd.yaml"
    file.write_text("id: odd\nsource: {title: T}\nfacts: [a, b?, c]\n", encoding="utf-8")

    with pytest.raises(FactBaseError) as caught:
        load_directory(tmp_path)

    assert caught.value.problems and all(p.file == file for p in caught.value.problems)


def test_missing_directory_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    with pytest.raises(FactBaseError) as caught:
        load_directory(missing)

    assert shown(caught.value.problems) == [f"{missing}: fact base directory not found".replace(os.sep, "/")]


def test_undecodable_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))

    with pytest.raises(FactBaseError) as caught:
        load_directory(tmp_path)

    (problem,) = caught.value.problems
    assert problem.file == tmp_path / "latin1.yaml"
    assert problem.message.startswith("cannot read the file: ")


def test_every_problem_in_every_file_is_reported_at_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for case in ("unknown-speaker", "paragraph-zero"):
        (tmp_path / f"{case}.yaml").write_text(
            (INVALID / case / "article.yaml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path)

    with pytest.raises(FactBaseError) as caught:
        load_directory(Path("."))

    files = [p.file for p in caught.value.problems]
    assert files == [Path("paragraph-zero.yaml"), Path("paragraph-zero.yaml"), Path("unknown-speaker.yaml")]


def test_non_yaml_files_are_ignored(tmp_path: Path) -> None:
    source = VALID / "one-article" / "tiny-bridge.yaml"
    (tmp_path / "tiny-bridge.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not: [yaml", encoding="utf-8")
    (tmp_path / "draft.yaml.bak").write_text("- not a mapping", encoding="utf-8")

    kb = load_directory(tmp_path)

    assert [a.id for a in kb.articles] == ["tiny-bridge"]


TINY = VALID / "one-article" / "tiny-bridge.yaml"


@pytest.mark.parametrize(
    ("extra", "key_path"),
    [
        ("id: again\n", "id"),  # a plain document: the fast path
        ("source: &s {title: x}\nnotes: *s\n", "source"),  # an alias: PyYAML's constructor path
    ],
    ids=["fast path", "constructor path"],
)
def test_a_duplicate_key_is_refused_with_its_line(extra: str, key_path: str) -> None:
    curated = TINY.read_text(encoding="utf-8").splitlines()
    text = "\n".join(curated) + "\n" + extra
    article, problems = parse_article(text, Path("dup.yaml"))
    assert article is None
    first = next(n for n, line in enumerate(curated, 1) if line.startswith(f"{key_path}:"))
    assert [str(p) for p in problems] == [
        f"dup.yaml:{len(curated) + 1} {key_path}: duplicate key {key_path!r} (first at line {first}): "
        "YAML would keep only this one"
    ]


def test_a_duplicate_key_inside_a_record_is_located() -> None:
    text = TINY.read_text(encoding="utf-8").replace(
        "    speaker: ada-lovelace\n", "    speaker: ada-lovelace\n    speaker: x\n", 1
    )
    _, problems = parse_article(text, Path("dup.yaml"))
    assert [(p.key_path, p.message.split(" (")[0]) for p in problems] == [
        ("quotes[0].speaker", "duplicate key 'speaker'")
    ]


def article_of_size(size: int) -> tuple[bytes, int]:
    """The tiny-bridge article with more facts like its own, then a comment: `size` bytes in all,
    and the number of facts it holds."""
    base = (VALID / "one-article" / "tiny-bridge.yaml").read_text(encoding="utf-8").encode("utf-8")
    filler = " The council heard it again and again." * 24  # answers near MAX_ANSWER
    fact = (
        "  - id: bridge-open-week-{n}\n"
        "    question: Will the bridge stay open in week {n}?\n"
        "    phrasings: [is the bridge closing in week {n}, will they shut the bridge in week {n},"
        " bridge closed in week {n}, can i cross the bridge in week {n}, is the bridge open in week {n}]\n"
        "    answer: Yes. According to Lovelace, the bridge will stay open all year.{filler}\n"
        "    evidence: {{text: the bridge will stay open all year.{filler}, paragraphs: [3]}}\n"
        "    attributed_to: ada-lovelace\n"
    )
    parts, length, facts = [base], len(base), 2
    while True:
        more = fact.format(n=facts, filler=filler).encode("utf-8")
        if length + len(more) + 3 > size:
            break
        parts.append(more)
        length, facts = length + len(more), facts + 1
    parts.append(b"#" + b"x" * (size - length - 2) + b"\n")  # a comment fills the rest
    content = b"".join(parts)
    assert len(content) == size
    return content, facts


def test_a_file_larger_than_the_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A hand-edited 2-million-item list took 75 s and 1.5 GB to parse: the size alone refuses it.
    file = tmp_path / "tiny-bridge.yaml"
    file.write_bytes(article_of_size(MAX_FILE_BYTES + 1)[0])

    def never(text: str, file: Path) -> None:
        raise AssertionError("an oversize file must not be parsed")

    monkeypatch.setattr("bot.engine.loader.parse_article", never)
    with pytest.raises(FactBaseError) as caught:
        load_directory(tmp_path)

    assert [str(p) for p in caught.value.problems] == [
        f"{file}: the file is 2,000,001 bytes: a fact base file may be at most 2,000,000 (MAX_FILE_BYTES)"
    ]


def test_a_file_at_the_limit_still_loads(tmp_path: Path) -> None:
    content, facts = article_of_size(MAX_FILE_BYTES)
    (tmp_path / "tiny-bridge.yaml").write_bytes(content)

    (article,) = load_directory(tmp_path).articles

    assert len(article.facts) == facts > 500
    assert article.facts[-1].id == f"bridge-open-week-{facts - 1}"


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 990])
def test_a_hand_edit_nested_too_deeply_is_a_located_problem(depth: int, tmp_path: Path) -> None:
    # ~900 levels pass libyaml's own limit (1000) and overflowed Python's stack in the loader.
    file = tmp_path / "deep.yaml"
    file.write_text("id: deep\nsource: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    with pytest.raises(FactBaseError) as caught:
        load_directory(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{file}:2 source[0][0][0][0][0]: nested more than {MAX_DEPTH} levels deep (MAX_DEPTH; an article needs 6)"
    ]


def test_aliases_count_towards_depth_and_size_each_time_they_are_used() -> None:
    # Each alias adds its own depth: chained, they nest far deeper than any one of them.
    chain = "a0: &a0 " + "[" * 10 + "x" + "]" * 10 + "\n"
    chain += "".join(f"a{i}: &a{i} " + "[" * 10 + f"*a{i - 1}" + "]" * 10 + "\n" for i in range(1, 120))
    _, problems = parse_article(chain, Path("chain.yaml"))
    assert [p.message.split(" (")[0] for p in problems] == [f"nested more than {MAX_DEPTH} levels deep"]
    _, problems = parse_article("a: &a [*a]\n", Path("cycle.yaml"))  # a recursive alias
    assert [p.message.split(" (")[0] for p in problems] == [f"nested more than {MAX_DEPTH} levels deep"]
    # A billion laughs: ten levels of ten aliases each.
    laughs = "l0: &l0 " + "x" * 100 + "\n"
    laughs += "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    _, problems = parse_article(laughs, Path("laughs.yaml"))
    assert [p.message.split(" (")[0] for p in problems] == [
        f"more than {MAX_EXPANDED_CHARS:,} characters of text once YAML aliases are expanded"
    ]


def test_parse_article_returns_the_article_or_the_problems() -> None:
    text = (VALID / "one-article" / "tiny-bridge.yaml").read_text(encoding="utf-8")

    article, problems = parse_article(text, Path("tiny-bridge.yaml"))
    assert problems == []
    assert article is not None and article.id == "tiny-bridge"

    broken, problems = parse_article(text.replace("speaker: ada-lovelace", "speaker: nobody"), Path("x.yaml"))
    assert broken is None
    assert [p.key_path for p in problems] == ["quotes[0].speaker"]


def test_strings_are_stripped() -> None:
    text = (VALID / "one-article" / "tiny-bridge.yaml").read_text(encoding="utf-8")
    article, _ = parse_article(text.replace("name: Ada Lovelace", "name: '  Ada Lovelace  '"), Path("x.yaml"))

    assert article is not None
    assert article.people[0].name == "Ada Lovelace"


@pytest.mark.parametrize(
    ("loc", "expected"),
    [
        ((), ""),
        (("id",), "id"),
        (("facts", 3, "evidence", "paragraphs", 0), "facts[3].evidence.paragraphs[0]"),
        (("source", "published"), "source.published"),
    ],
)
def test_key_path(loc: tuple[int | str, ...], expected: str) -> None:
    assert key_path(loc) == expected


def test_problem_text_shows_only_the_parts_it_has() -> None:
    assert str(Problem("bad", Path("k.yaml"), 4, 2, "facts[0].id")) == "k.yaml:4:2 facts[0].id: bad"
    assert str(Problem("bad", Path("k.yaml"), 4, None, "facts[0].id")) == "k.yaml:4 facts[0].id: bad"
    assert str(Problem("bad", Path("k.yaml"))) == "k.yaml: bad"
    assert str(Problem("bad", key_path="id")) == "id: bad"
    assert str(Problem("bad")) == "bad"


def test_paragraphs_are_non_empty_lines_without_page_chrome() -> None:
    text = "Headline\n\nShare story\n\n  First paragraph.  \n\n\nShare story\nSecond paragraph.\n"

    assert article_paragraphs(text) == ["Headline", "First paragraph.", "Second paragraph."]


def test_tiny_article_numbering_skips_share_story() -> None:
    paragraphs = article_paragraphs(TINY_ARTICLE.read_text(encoding="utf-8"))

    assert "Share story" in TINY_ARTICLE.read_text(encoding="utf-8")
    assert len(paragraphs) == 3
    assert paragraphs[1].startswith("Mayor Ada Lovelace")


def test_a_file_of_many_problems_reports_the_first_fifty(tmp_path: Path) -> None:
    # 150,000 unknown keys took minutes to report, each located by a walk of the tree.
    lines = ["id: many", "source: {title: T, outlet: O, published: 2020-01-01}"]
    (tmp_path / "many.yaml").write_text("\n".join([*lines, *(f"k{i}: v" for i in range(5_000))]) + "\n", "utf-8")

    with pytest.raises(FactBaseError) as caught:
        load_directory(tmp_path)

    problems = caught.value.problems
    assert len(problems) == 51 and problems[0].line == 3
    assert problems[-1].message == "… and 4,950 more problems like these"
