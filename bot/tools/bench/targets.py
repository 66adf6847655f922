"""The performance targets and whether a run met them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    scenario: str  # "shipped" or the synthetic fact count as text
    metric: tuple[str, str]  # (block, figure) in the scenario's result
    limit: float
    label: str


TARGETS = (
    Target("shipped", ("ask", "p99_ms"), 0.5, "p99 ask < 0.5 ms on the shipped base"),
    Target("1000", ("ask", "p99_ms"), 1.0, "p99 ask < 1 ms at 1,000 facts"),
    Target("10000", ("ask", "p99_ms"), 5.0, "p99 ask < 5 ms at 10,000 facts"),
    Target("10000", ("autocomplete_quotes", "p99_ms"), 5.0, "p99 quote autocomplete < 5 ms at 10,000 facts"),
    Target("10000", ("autocomplete_people", "p99_ms"), 5.0, "p99 people autocomplete < 5 ms at 10,000 facts"),
    Target("10000", ("load", "min_s"), 2.0, "load + index < 2 s at 10,000 facts: first start (no parse cache)"),
    Target("10000", ("load", "restart_min_s"), 2.0, "load + index < 2 s at 10,000 facts: restart (parse cache)"),
    Target("10000", ("load", "reload_min_s"), 2.0, "load + index < 2 s at 10,000 facts: reload after an edit"),
    Target("10000", ("memory", "peak_mb"), 200.0, "memory (tracemalloc peak) < 200 MB at 10,000 facts"),
)


def check_targets(scenarios: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    by_name = {s["scenario"]: s for s in scenarios}
    out = []
    for target in TARGETS:
        scenario = by_name.get(target.scenario)
        block = scenario[target.metric[0]] if scenario else {}
        value = block.get(target.metric[1])
        row: dict[str, Any] = {
            "target": target.label,
            "scenario": target.scenario,
            "metric": ".".join(target.metric),
            "limit": target.limit,
            "value": value,
            "status": _status(value, target.limit),
        }
        if target.metric[1] == "p99_ms":  # the same on thread CPU time: blind to other processes
            row["value_cpu"] = block.get("cpu_p99_ms")
            row["status_cpu"] = _status(row["value_cpu"], target.limit)
        out.append(row)
    return out


def _status(value: float | None, limit: float) -> str:
    return "not measured" if value is None else ("met" if value < limit else "not met")
