"""`python -m bot bench`: load time, memory and per-question latency, against a naive baseline.

Scenarios: the shipped fact base (always) and, with `--facts N ...`, synthetic archives of
N facts (`bot.tools.synthetic`) written to YAML and loaded from disk. For each: load + index
time (min of several runs), tracemalloc peak of load + index (and the process's max RSS for
context), median and p99 latency of `ask`, `who_said` and the two autocompletes, and the same
ask/who-said queries through a naive baseline (a Python loop of `rapidfuzz.fuzz.WRatio` over
every phrasing / quote, keeping the best), with the baseline/engine ratio on the same queries.
Figures are printed as tables (or one JSON object with `--json`) next to the targets.
Progress goes to stderr, so `--json` output on stdout stays parseable.
"""

import json
import sys
import time
from pathlib import Path
from typing import Any

from .plans import SHIPPED_PLAN, Plan, plan_for
from .report import format_report
from .scenario import measure_scenario, shipped_queries, synthetic_scenario
from .system import engine_fingerprint, load_average, machine
from .targets import check_targets
from .timing import summary

__all__ = [
    "SHIPPED_PLAN",
    "Plan",
    "format_report",
    "machine",
    "plan_for",
    "run_bench",
    "shipped_queries",
    "summary",
]

EXIT_OK = 0
EXIT_USAGE = 2


def run_bench(knowledge_dir: Path, facts: list[int] | None, as_json: bool) -> int:
    """Measure the shipped fact base and, for each N in `facts`, a synthetic archive of N facts."""
    sizes = list(facts or [])
    if any(n < 1 for n in sizes):
        print("error: --facts takes positive numbers of facts", file=sys.stderr)
        return EXIT_USAGE
    started = time.perf_counter()
    load_at_start = load_average()
    scenarios = [measure_scenario("shipped", knowledge_dir, SHIPPED_PLAN, shipped_queries)]
    for n_facts in sizes:
        scenarios.append(synthetic_scenario(n_facts, plan_for(n_facts)))
    report: dict[str, Any] = {
        "machine": {**machine(), "load_average_1m_at_start": load_at_start},
        "knowledge_dir": str(knowledge_dir),
        "engine_fingerprint": engine_fingerprint(),
        "scenarios": scenarios,
        "targets": check_targets(scenarios),
        "elapsed_s": time.perf_counter() - started,
    }
    if as_json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print(format_report(report))
        print(f"\n(benchmark took {report['elapsed_s']:.0f} s)")
    return EXIT_OK
