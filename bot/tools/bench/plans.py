"""How much `python -m bot bench` measures: sample counts and time budgets per scenario."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Plan:
    """How much to measure for one scenario: sample counts and per-block time budgets."""

    queries: int  # ask and who-said samples through the engine
    autocomplete: int  # samples per autocomplete kind
    baseline: int  # queries through the naive baseline (it is slow on big archives)
    load_runs: int  # load + index repeats (the minimum is reported), while within load_budget_s
    budget_s: float  # time cap of each latency block (after MIN_SAMPLES)
    load_budget_s: float = 10.0


SHIPPED_PLAN = Plan(queries=2000, autocomplete=1000, baseline=10**9, load_runs=7, budget_s=20.0)


def plan_for(n_facts: int) -> Plan:
    if n_facts <= 1_000:
        return Plan(queries=1000, autocomplete=500, baseline=200, load_runs=5, budget_s=12.0)
    if n_facts <= 10_000:
        return Plan(queries=400, autocomplete=300, baseline=50, load_runs=3, budget_s=12.0)
    return Plan(queries=150, autocomplete=150, baseline=20, load_runs=1, budget_s=15.0)
