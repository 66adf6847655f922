"""Score the engine on a question file (the format of shared/eval/dev-questions.yaml)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from .engine.answers import Answer, Engine
from .engine.errors import InputError
from .engine.loader import KnowledgeBase

GROUPS = ("ask", "who-said", "two-part", "premise", "abstain")


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


def lean(kb: KnowledgeBase, phrasings: int) -> KnowledgeBase:
    """The fact base with every fact cut to its first `phrasings` phrasings and people and
    quotes to none: what the engine answers from the entries' own text, not enumeration."""
    articles = tuple(
        article.model_copy(
            update={
                "facts": [f.model_copy(update={"phrasings": f.phrasings[:phrasings]}) for f in article.facts],
                "people": [p.model_copy(update={"phrasings": []}) for p in article.people],
                "quotes": [q.model_copy(update={"tags": []}) for q in article.quotes],
            }
        )
        for article in kb.articles
    )
    return KnowledgeBase(articles=articles, files=kb.files, loaded_at=kb.loaded_at)


def reply_text(answer: Answer) -> str:
    """What a reader sees of an answer: the text, every quote and the speaker, both parts."""
    data = answer.to_json()
    parts = [data["answer"] or "", data["speaker"] or "", data.get("premise") or ""]
    if data["quote"]:
        parts += [data["quote"]["text"], data["quote"]["speaker"]]
    return "\n".join(parts)


def expects_abstention(expect: Any) -> bool:
    """`expect: abstain`, or the same word as a one-item list (`expect: [abstain]`)."""
    if isinstance(expect, str):
        return expect.strip().casefold() == "abstain"
    return isinstance(expect, list) and [str(e).strip().casefold() for e in expect] == ["abstain"]


def _contains(answer: Answer, expect: Any) -> bool:
    seen = reply_text(answer).casefold()
    return any(str(e).casefold() in seen for e in expect)


def is_correct(answer: Answer, expect: Any, case: dict[str, Any] | None = None) -> bool:
    """Right for its kind: an abstention abstains; a false premise is corrected (the reply's
    `premise` is set) and the reply holds the true fact; a two-part question answers both."""
    case = case or {}
    if expects_abstention(expect):
        return not answer.answered
    if case.get("premise"):
        return answer.premise is not None and _contains(answer, expect)
    if not answer.answered or answer.premise is not None:
        return False  # a "correction" of a true premise is wrong
    if case.get("parts") == 2 and case.get("expect2"):
        return _contains(answer, expect) and _contains(answer, case["expect2"])
    return _contains(answer, expect)


def group_of(case: dict[str, Any]) -> str:
    if expects_abstention(case.get("expect")):
        return "abstain"
    if case.get("premise"):
        return "premise"
    if case.get("parts") == 2 and case.get("expect2"):
        return "two-part"
    return str(case["mode"])


def evaluate(engine: Engine, path: Path) -> dict[str, Any]:
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    not_stated = 0  # abstentions that say what the article doesn't say (curated or found)
    for case in load_cases(path):
        mode, question, expect = case["mode"], str(case["q"]), case.get("expect")
        answer = engine.ask(question) if mode == "ask" else engine.who_said(question)
        group = group_of(case)
        ok = is_correct(answer, expect, case)
        not_stated += answer.kind == "not-stated"
        totals[group][0] += ok
        totals[group][1] += 1
        if not ok:
            misses.append(
                {
                    "mode": mode,
                    "group": group,
                    "q": question,
                    "expect": expect,
                    "answered": answer.answered,
                    "got": reply_text(answer)[:160].replace("\n", " | "),
                    "confidence": round(answer.confidence, 3),
                    "fact_id": answer.fact_id,
                }
            )
    answerable = [totals[g] for g in ("ask", "who-said", "two-part") if g in totals]
    right = sum(t[0] for t in answerable)
    count = sum(t[1] for t in answerable)
    return {
        "file": str(path),
        "groups": {g: {"right": t[0], "total": t[1]} for g, t in sorted(totals.items())},
        "answerable_accuracy": right / count if count else None,  # None: the file has no such questions
        "abstention_accuracy": (totals["abstain"][0] / totals["abstain"][1]) if "abstain" in totals else None,
        "premise_accuracy": (totals["premise"][0] / totals["premise"][1]) if "premise" in totals else None,
        "not_stated_replies": not_stated,
        "misses": misses,
    }


def format_report(report: dict[str, Any]) -> str:
    lines = [f"Evaluation of {report['file']}"]
    for miss in report["misses"]:
        lines.append(
            f"  MISS [{miss['group']}] {miss['q']!r} expected {miss['expect']} "
            f"got ({'answered' if miss['answered'] else 'abstained'}, {miss['confidence']}): {miss['got']}"
        )
    for group in GROUPS:
        result = report["groups"].get(group)
        if result:
            share = result["right"] / result["total"] if result["total"] else 1.0
            lines.append(f"{group:>9}: {result['right']}/{result['total']} ({share:.0%})")
    lines.append(f"'doesn't say' replies: {report['not_stated_replies']}")
    for label, key in (
        ("answerable", "answerable_accuracy"),
        ("abstention", "abstention_accuracy"),
        ("premise", "premise_accuracy"),
    ):
        value = report[key]
        lines.append(f"{label} accuracy: {'n/a (no such questions)' if value is None else f'{value:.1%}'}")
    return "\n".join(lines)
