"""Score the engine on a question file (the format of shared/eval/dev-questions.yaml)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from .engine.answers import Answer, Engine
from .engine.errors import InputError


def load_cases(path: Path) -> list[dict[str, Any]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise InputError(f"{path}{where}: not a YAML question file ({getattr(exc, 'problem', None) or exc})") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the file: {exc}") from None
    cases = data.get("cases") if isinstance(data, dict) else None
    if not isinstance(cases, list):
        raise InputError(f"{path}: expected a mapping with a 'cases' list")
    for number, case in enumerate(cases):
        if not isinstance(case, dict) or case.get("mode") not in {"ask", "who-said"} or "q" not in case:
            raise InputError(f"{path}: cases[{number}] needs mode (ask or who-said), q and expect")
    return cases


def reply_text(answer: Answer) -> str:
    """What a reader sees of an answer: the text, every quote and the speaker."""
    data = answer.to_json()
    parts = [data["answer"] or "", data["speaker"] or ""]
    if data["quote"]:
        parts += [data["quote"]["text"], data["quote"]["speaker"]]
    return "\n".join(parts)


def expects_abstention(expect: Any) -> bool:
    """`expect: abstain`, or the same word as a one-item list (`expect: [abstain]`)."""
    if isinstance(expect, str):
        return expect.strip().casefold() == "abstain"
    return isinstance(expect, list) and [str(e).strip().casefold() for e in expect] == ["abstain"]


def is_correct(answer: Answer, expect: Any) -> bool:
    if expects_abstention(expect):
        return not answer.answered
    if not answer.answered:
        return False
    seen = reply_text(answer).casefold()
    return any(str(e).casefold() in seen for e in expect)


def evaluate(engine: Engine, path: Path) -> dict[str, Any]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case in load_cases(path):
        mode, question, expect = case["mode"], str(case["q"]), case.get("expect")
        answer = engine.ask(question) if mode == "ask" else engine.who_said(question)
        group = "abstain" if expects_abstention(expect) else mode
        ok = is_correct(answer, expect)
        totals[group][0] += ok
        totals[group][1] += 1
        if not ok:
            misses.append(
                {
                    "mode": mode,
                    "q": question,
                    "expect": expect,
                    "answered": answer.answered,
                    "got": reply_text(answer)[:160].replace("\n", " | "),
                    "confidence": round(answer.confidence, 3),
                    "fact_id": answer.fact_id,
                }
            )
    answerable = [totals[g] for g in ("ask", "who-said") if g in totals]
    right = sum(t[0] for t in answerable)
    count = sum(t[1] for t in answerable)
    return {
        "file": str(path),
        "groups": {g: {"right": t[0], "total": t[1]} for g, t in sorted(totals.items())},
        "answerable_accuracy": right / count if count else None,  # None: the file has no such questions
        "abstention_accuracy": (totals["abstain"][0] / totals["abstain"][1]) if "abstain" in totals else None,
        "misses": misses,
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [f"Evaluation of {report['file']}"]
    for miss in report["misses"]:
        lines.append(
            f"  MISS [{miss['mode']}] {miss['q']!r} expected {miss['expect']} "
            f"got ({'answered' if miss['answered'] else 'abstained'}, {miss['confidence']}): {miss['got']}"
        )
    for group, result in report["groups"].items():
        share = result["right"] / result["total"] if result["total"] else 1.0
        lines.append(f"{group:>9}: {result['right']}/{result['total']} ({share:.0%})")
    for label, key in (("answerable", "answerable_accuracy"), ("abstention", "abstention_accuracy")):
        value = report[key]
        lines.append(f"{label} accuracy: {'n/a (no such questions)' if value is None else f'{value:.1%}'}")
    return "\n".join(lines)
