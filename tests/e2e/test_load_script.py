"""The load script (``python -m tests.e2e.load``) at toy size: structure and completeness only.

Speed is measured by running the script, never asserted here.
"""

from __future__ import annotations

import json

import pytest

from tests.e2e.load import LOAD_COOLDOWN_RATE, LoadConfig, main, run_load


async def test_every_question_gets_a_reply_and_the_report_is_complete() -> None:
    report = await run_load(LoadConfig(users=3, questions=9))

    assert set(report) == {"settings", "machine", "setup", "results", "ok"}
    settings, machine, results = report["settings"], report["machine"], report["results"]
    assert (settings["users"], settings["questions"], settings["facts"]) == (3, 9, 0)
    assert settings["cooldown_rate"] == LOAD_COOLDOWN_RATE
    assert "cooldown" in settings["cooldown_note"]
    assert settings["spec_validation"] is False
    assert sum(settings["question_mix"].values()) == 9
    assert {"cpu_count", "python", "load_average_1m_before", "load_average_1m_after"} <= set(machine)

    assert results["dispatched"] == results["completed"] == 9
    assert results["answered"] + results["abstained"] == 9
    assert (results["errors"], results["timeouts"], results["not_sent"], results["capped"]) == (0, 0, 0, False)
    assert results["logged"].get("ERROR", 0) == 0
    assert set(results["reply_ms"]) == {"min", "p50", "p95", "p99", "max", "mean"}
    assert all(value is not None and value >= 0 for value in results["reply_ms"].values())
    assert results["wall_s"] > 0 and results["answers_per_s"] > 0
    assert report["ok"] is True


def test_command_line_prints_json_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--users", "2", "--questions", "4", "--json"]) == 0
    out, err = capsys.readouterr()
    report = json.loads(out)
    assert report["results"]["completed"] == 4
    assert "answers/s" in err  # the readable table goes to stderr with --json


def test_out_of_bounds_settings_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--users", "0"]) == 2
    assert "--users" in capsys.readouterr().err
