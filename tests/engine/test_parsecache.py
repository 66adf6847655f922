"""The parse cache: an unchanged file is not parsed again, and the cache can never change an answer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from bot.engine import parsecache
from bot.engine.desk import FactDesk, load_engine
from bot.engine.editing import Moderator
from bot.engine.errors import FactBaseError
from bot.engine.loader import article_files, load_directory, read_article
from bot.engine.parsecache import ParseCache
from tests.engine.test_loader import INVALID, cases, expected_lines, shown
from tests.helpers import KB_DATA, shipped_kb

TWO_ARTICLES = KB_DATA / "valid" / "two-articles"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return Path(shutil.copytree(TWO_ARTICLES, tmp_path / "knowledge"))


def entries(cache_dir: Path) -> list[str]:
    return sorted(p.name for p in cache_dir.glob("*.json"))


def test_a_restart_reads_every_unchanged_file_from_the_cache(knowledge: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    first = ParseCache(cache_dir)
    before = load_directory(knowledge, first)
    assert (first.hits, first.misses) == (0, 2)
    assert len(entries(cache_dir)) == 2

    restarted = ParseCache(cache_dir)  # a new process: nothing in memory
    after = load_directory(knowledge, restarted)
    assert (restarted.hits, restarted.misses) == (2, 0)
    assert after.articles == before.articles
    assert after.files == before.files


def test_an_edited_file_alone_is_parsed_again_and_its_old_entry_goes(knowledge: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache = ParseCache(cache_dir)
    load_directory(knowledge, cache)
    old_entries = entries(cache_dir)
    edited = article_files(knowledge)[0]
    text = edited.read_text(encoding="utf-8")
    question = next(line for line in text.splitlines() if "question:" in line)
    edited.write_text(text.replace(question, question.rstrip() + " exactly?", 1), encoding="utf-8")

    hits, misses = cache.hits, cache.misses
    kb = load_directory(knowledge, cache)
    assert (cache.hits - hits, cache.misses - misses) == (1, 1)
    assert any(f.question.endswith("exactly?") for _, f in kb.facts)
    now = entries(cache_dir)
    assert len(now) == 2 and len(set(now) & set(old_entries)) == 1  # the stale version is pruned


@pytest.mark.parametrize(
    "damage",
    [
        b"{not json",
        b'{"source": {}}',  # valid JSON, not an article
        b"",
    ],
)
def test_a_damaged_entry_is_a_miss_and_the_yaml_is_parsed(knowledge: Path, tmp_path: Path, damage: bytes) -> None:
    cache_dir = tmp_path / "cache"
    expected = load_directory(knowledge, ParseCache(cache_dir))
    for entry in cache_dir.glob("*.json"):
        entry.write_bytes(damage)
    cache = ParseCache(cache_dir)
    assert load_directory(knowledge, cache).articles == expected.articles
    assert (cache.hits, cache.misses) == (0, 2)


def test_a_cached_article_that_breaks_cross_references_is_not_trusted(knowledge: Path, tmp_path: Path) -> None:
    """An entry is validated again on the way in, and its references checked, so a tampered
    entry (a quote given to someone who is not in the article) cannot get past the loader."""
    cache_dir = tmp_path / "cache"
    expected = load_directory(knowledge, ParseCache(cache_dir))
    for entry in cache_dir.glob("*.json"):
        text = entry.read_text(encoding="utf-8")
        speaker = text.split('"speaker":"', 1)[1].split('"', 1)[0]
        entry.write_text(text.replace(f'"speaker":"{speaker}"', '"speaker":"nobody-here"'), encoding="utf-8")
    cache = ParseCache(cache_dir)
    kb = load_directory(knowledge, cache)
    assert kb.articles == expected.articles
    assert cache.misses == 2


def test_the_key_covers_the_code_that_validates(monkeypatch: pytest.MonkeyPatch) -> None:
    content = b"source: {}\n"
    key = ParseCache.key(content)
    assert ParseCache.key(content + b"\n") != key
    monkeypatch.setattr(parsecache, "code_fingerprint", lambda: b"a different schema")
    assert ParseCache.key(content) != key


@pytest.mark.parametrize("case", cases(INVALID))
def test_invalid_files_report_the_same_problems_and_are_never_cached(
    case: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(INVALID)
    cache_dir = tmp_path / "cache"
    for _ in range(2):  # the second load must not find anything cached either
        with pytest.raises(FactBaseError) as caught:
            load_directory(Path(case), ParseCache(cache_dir))
        assert shown(caught.value.problems) == expected_lines(INVALID / case)
    files = article_files(Path(case)) if Path(case).is_dir() else []
    valid = [f for f in files if read_article(f).article is not None]
    assert len(entries(cache_dir)) == len(valid)  # only files that pass every check are cached


def test_a_cache_that_cannot_be_written_only_costs_speed(
    knowledge: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should be")
    cache = ParseCache(blocker / "articles")
    with caplog.at_level("WARNING", logger="bot.engine.parsecache"):
        kb = load_directory(knowledge, cache)
    assert len(caplog.records) == 1 and "loading still works" in caplog.records[0].getMessage()  # once, not per file
    assert len(kb.articles) == 2
    assert load_directory(knowledge, cache).articles == kb.articles  # still served from memory
    assert cache.hits == 2


def test_stale_temporary_files_are_removed_and_fresh_ones_kept(knowledge: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    stale, fresh = cache_dir / ".dead.tmp", cache_dir / ".writing.tmp"
    stale.write_text("{")
    fresh.write_text("{")
    old = stale.stat().st_mtime - parsecache.STALE_TEMP_S - 5
    os.utime(stale, (old, old))
    load_directory(knowledge, ParseCache(cache_dir))
    assert not stale.exists()
    assert fresh.exists()


def test_the_desk_shares_its_cache_with_the_editor_and_reloads(tmp_path: Path) -> None:
    knowledge = Path(shutil.copytree(shipped_kb().files[shipped_kb().articles[0].id].parent, tmp_path / "kb"))
    desk = FactDesk(knowledge, tmp_path / "data")
    assert desk.editor.cache is desk.parse_cache
    assert entries(tmp_path / "data" / "cache" / "articles")
    fact = shipped_kb().articles[0].facts[0]

    desk.editor.update("fact", fact.id, {"answer": "A changed answer, for the test."}, Moderator(1, "mod"))
    misses = desk.parse_cache.misses
    engine = desk.reload()
    assert desk.parse_cache.misses == misses  # the editor cached what it wrote
    found = engine.fact(fact.id)
    assert found is not None and found[1].answer == "A changed answer, for the test."

    restarted = load_engine(knowledge, ParseCache(tmp_path / "data" / "cache" / "articles"))
    assert restarted.kb.articles == engine.kb.articles
