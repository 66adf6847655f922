"""The synthetic archive generator and `python -m bot bench` (structure only: speed is the
command's business, not the tests')."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine.answers import Engine
from bot.engine.loader import check_references, check_unique_across, load_directory
from bot.engine.models import MIN_PHRASINGS, Article
from bot.tools import bench
from bot.tools.bench import Plan, shipped_queries, summary
from bot.tools.synthetic import make_archive, prefixes, sample_queries, write_archive

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"
QUICK = Plan(queries=40, autocomplete=20, baseline=10, load_runs=1, budget_s=1.0)


@pytest.fixture
def quick_bench(monkeypatch: pytest.MonkeyPatch) -> None:
    """Few samples per block: the tests check the report's shape, not the speed."""
    monkeypatch.setattr(bench, "SHIPPED_PLAN", QUICK)
    monkeypatch.setattr(bench, "plan_for", lambda n_facts: QUICK)


def texts(kb_articles: tuple[Article, ...]) -> list[str]:
    out = []
    for article in kb_articles:
        out.append(article.id)
        out += [f"{f.id}|{f.question}|{'|'.join(f.phrasings)}|{f.answer}" for f in article.facts]
        out += [f"{q.id}|{q.speaker}|{q.text}" for q in article.quotes]
        out += [f"{p.id}|{p.role}" for p in article.people]
    return out


def test_make_archive_is_deterministic_per_seed() -> None:
    first, again, other = make_archive(120, seed=7), make_archive(120, seed=7), make_archive(120, seed=8)
    assert texts(first.articles) == texts(again.articles)
    assert texts(first.articles) != texts(other.articles)
    assert sample_queries(first, 20, seed=3) == sample_queries(again, 20, seed=3)
    assert sample_queries(first, 20, seed=3) != sample_queries(first, 20, seed=4)


@pytest.mark.parametrize("n_facts", [1, 19, 50, 333])
def test_make_archive_has_the_requested_facts_and_valid_models(n_facts: int) -> None:
    kb = make_archive(n_facts, seed=1)
    facts = [f for _, f in kb.facts]
    assert len(facts) == n_facts
    for article in kb.articles:
        # Re-validating the dumped data proves the models hold nothing the schema rejects.
        assert Article.model_validate(article.model_dump()) == article
        assert check_references(article) == []
        assert 3 <= len(article.people) <= 6
        assert article.quotes
    assert check_unique_across([(a, Path(f"{a.id}.yaml")) for a in kb.articles]) == []
    assert all(len(f.phrasings) >= MIN_PHRASINGS for f in facts)
    for kind in ("article", "fact", "quote"):
        ids = {
            "article": [a.id for a in kb.articles],
            "fact": [f.id for f in facts],
            "quote": [q.id for _, q in kb.quotes],
        }[kind]
        assert len(ids) == len(set(ids)), kind


def test_make_archive_uses_varied_vocabulary() -> None:
    kb = make_archive(1000, seed=0)
    assert 20 <= len(kb.articles) <= 50
    assert all(len(a.facts) >= 20 for a in kb.articles)
    words = {w for _, f in kb.facts for text in (f.question, *f.phrasings, f.answer) for w in text.lower().split()}
    assert len(words) > 1000
    surnames = [p.name.split()[-1] for _, p in kb.people]
    assert len(set(surnames)) < len(surnames)  # shared surnames across articles make names hard
    assert len({a.source.outlet for a in kb.articles}) > 1


def test_written_archive_loads_from_disk(tmp_path: Path) -> None:
    files = write_archive(tmp_path, 80, seed=5)
    assert files and all(f.suffix == ".yaml" for f in files)
    loaded = load_directory(tmp_path)
    built = make_archive(80, seed=5)
    assert sorted(texts(loaded.articles)) == sorted(texts(built.articles))
    engine = Engine(loaded)
    ask, fragments = sample_queries(loaded, 10, seed=2)
    assert len(ask) == len(fragments) == 10
    for question in ask:
        engine.ask(question)
    for fragment in fragments:
        engine.who_said(fragment)


def test_sample_queries_and_prefixes_are_perturbed_slices() -> None:
    kb = make_archive(60, seed=2)
    ask, fragments = sample_queries(kb, 50, seed=9)
    phrasings = {p for _, f in kb.facts for p in (f.question, *f.phrasings)}
    assert any(q not in phrasings for q in ask)  # some carry typos or dropped words
    assert all(fragment for fragment in fragments)
    typed = prefixes(["Seattle Mayor Jenny Durkan"], 20, seed=1, shortest=3, longest=8)
    assert all(3 <= len(t) <= 8 and "Seattle Mayor Jenny Durkan".startswith(t) for t in typed)


def test_make_archive_rejects_an_empty_archive() -> None:
    with pytest.raises(ValueError):
        make_archive(0)


def test_summary_percentiles() -> None:
    figures = summary([i * 1_000_000 for i in range(1, 101)])  # 1..100 ms
    assert figures["n"] == 100
    assert figures["median_ms"] == pytest.approx(50.5)
    assert figures["p99_ms"] == pytest.approx(99.0)
    assert figures["max_ms"] == pytest.approx(100.0)
    assert summary([])["p99_ms"] is None


def test_shipped_queries_cover_the_fact_base() -> None:
    kb = load_directory(KNOWLEDGE)
    ask, fragments = shipped_queries(kb)
    assert ask == shipped_queries(kb)[0]
    assert len(ask) > sum(1 + len(f.phrasings) for _, f in kb.facts)
    assert any(f.question in ask for _, f in kb.facts)
    assert len(fragments) > len(list(kb.quotes))


@pytest.mark.usefixtures("quick_bench")
def test_bench_command_outputs_json(capsys: pytest.CaptureFixture[str]) -> None:
    shipped = {f: f.read_bytes() for f in KNOWLEDGE.iterdir()}
    assert main(["--knowledge", str(KNOWLEDGE), "bench", "--facts", "50", "--json"]) == 0
    assert {f: f.read_bytes() for f in KNOWLEDGE.iterdir()} == shipped  # the reload's "edit" hits a copy
    report = json.loads(capsys.readouterr().out)
    assert {"machine", "scenarios", "targets", "knowledge_dir", "elapsed_s"} <= set(report)
    assert report["machine"]["cpu_count"] >= 1 and report["machine"]["python"]
    names = [s["scenario"] for s in report["scenarios"]]
    assert names == ["shipped", "50"]
    for scenario in report["scenarios"]:
        assert scenario["facts"] > 0 and scenario["quotes"] > 0
        assert scenario["load"]["min_s"] > 0 and scenario["load"]["runs"] >= 1
        for way in ("restart_", "reload_"):  # a restart with the parse cache, a reload after an edit
            load = scenario["load"]
            assert load[f"{way}min_s"] > 0
            assert load[f"{way}min_s"] == pytest.approx(load[f"{way}parse_validate_s"] + load[f"{way}index_s"])
        assert scenario["memory"]["peak_mb"] > 0
        assert scenario["max_rss_so_far_mb"] > 0
        for block in ("ask", "who_said", "autocomplete_quotes", "autocomplete_people"):
            assert scenario[block]["n"] > 0
            assert 0 < scenario[block]["median_ms"] <= scenario[block]["p99_ms"] <= scenario[block]["max_ms"]
        for mode in ("ask", "who_said"):
            compared = scenario["baseline"][mode]
            assert compared["queries"] > 0
            assert compared["baseline"]["median_ms"] > 0
            assert compared["ratio_median"] > 0 and compared["ratio_p99"] > 0
    assert report["scenarios"][1]["facts"] == 50
    statuses = {t["target"]: t["status"] for t in report["targets"]}
    assert set(statuses.values()) <= {"met", "not met", "not measured"}
    assert any("shipped" in label for label in statuses)


@pytest.mark.usefixtures("quick_bench")
def test_bench_command_prints_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--knowledge", str(KNOWLEDGE), "bench", "--facts", "30"]) == 0
    out = capsys.readouterr().out
    assert "Targets" in out and "Naive baseline" in out and "CPUs" in out
    assert "p99 ask < 0.5 ms on the shipped base" in out


def test_bench_rejects_non_positive_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--knowledge", str(KNOWLEDGE), "bench", "--facts", "0"]) == 2
    assert "positive" in capsys.readouterr().err
