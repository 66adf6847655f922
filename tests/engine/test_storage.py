"""The JSON Lines logs under DATA_DIR."""

from __future__ import annotations

from pathlib import Path

from bot.engine.storage import JsonLines


def test_appends_read_back_in_order(tmp_path: Path) -> None:
    log = JsonLines(tmp_path / "data" / "log.jsonl")
    log.append({"n": 1})
    log.append({"n": 2, "text": "’ “ ” —"})
    assert [(r["n"], r.get("text")) for r in log] == [(1, None), (2, "’ “ ” —")]
    assert all("time" in r for r in log)


def test_a_torn_last_line_costs_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    log = JsonLines(path)
    log.append({"n": 1})
    with open(path, "ab") as handle:  # a crash in the middle of a write
        handle.write(b'{"n": 2, "tim')
    log.append({"n": 3})
    assert [r["n"] for r in log] == [1, 3]


def test_a_missing_log_reads_as_empty(tmp_path: Path) -> None:
    assert list(JsonLines(tmp_path / "none.jsonl")) == []
