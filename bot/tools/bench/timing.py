"""Timing a call over many queries: samples, their summary, and the GC passes meanwhile."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

MIN_SAMPLES = 30  # a latency block stops at its time budget only after this many samples
WARMUP = 30


def summary(samples_ns: Sequence[int]) -> dict[str, Any]:
    """Median, p99 (nearest rank), mean and max in milliseconds."""
    if not samples_ns:
        return {"n": 0, "median_ms": None, "p99_ms": None, "mean_ms": None, "max_ms": None}
    ordered = np.sort(np.asarray(samples_ns, dtype=np.float64)) / 1e6
    rank = max(int(np.ceil(0.99 * len(ordered))) - 1, 0)
    return {
        "n": len(ordered),
        "median_ms": float(np.median(ordered)),
        "p99_ms": float(ordered[rank]),
        "mean_ms": float(ordered.mean()),
        "max_ms": float(ordered[-1]),
    }


def time_calls(
    call: Callable[[str], object],
    queries: Sequence[str],
    samples: int,
    budget_s: float | None,
    warmup: int = WARMUP,
    errors: dict[str, str] | None = None,
    cpu: list[int] | None = None,
) -> list[tuple[int, int]]:
    """(query index, nanoseconds) per call, cycling through `queries`, after a warm-up; stops at
    `samples`, or once `budget_s` is spent and MIN_SAMPLES are in.

    With `errors`, a call that raises is not a sample: its query and exception are recorded
    there (so an engine bug shows up in the report instead of ending the benchmark). With `cpu`,
    each sample's thread CPU time is appended there too (less sensitive to other processes)."""
    if not queries:
        return []

    def guarded(query: str) -> bool:
        if errors is None:
            call(query)
            return True
        try:
            call(query)
        except Exception as exc:  # reported in the results, not hidden
            errors.setdefault(query, f"{type(exc).__name__}: {exc}")
            return False
        return True

    for query in queries[: min(warmup, len(queries))]:
        guarded(query)
    gc.collect()
    out: list[tuple[int, int]] = []
    deadline = time.perf_counter_ns() + int(budget_s * 1e9) if budget_s is not None else None
    clock, cpu_clock = time.perf_counter_ns, time.thread_time_ns
    for number in range(samples):
        index = number % len(queries)
        query = queries[index]
        cpu_start = cpu_clock()
        start = clock()
        ok = guarded(query)
        end = clock()
        cpu_end = cpu_clock()
        if ok:
            out.append((index, end - start))
            if cpu is not None:
                cpu.append(cpu_end - cpu_start)
        if deadline is not None and end > deadline and len(out) >= MIN_SAMPLES:
            break
    return out


class GcWatch:
    """Counts the garbage collector's full (generation 2) passes and their pauses meanwhile:
    on a big fact base one pass walks every model object and shows up as a latency outlier."""

    def __init__(self) -> None:
        self.pauses_ns: list[int] = []
        self._started = 0

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if info.get("generation") != 2:
            return
        if phase == "start":
            self._started = time.perf_counter_ns()
        elif self._started:
            self.pauses_ns.append(time.perf_counter_ns() - self._started)
            self._started = 0

    def __enter__(self) -> GcWatch:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        gc.callbacks.remove(self._callback)

    def figures(self) -> dict[str, Any]:
        return {
            "full_collections": len(self.pauses_ns),
            "max_pause_ms": max(self.pauses_ns) / 1e6 if self.pauses_ns else 0.0,
        }


def latency(
    call: Callable[[str], object], queries: Sequence[str], samples: int, budget_s: float | None
) -> tuple[dict[str, Any], list[tuple[int, int]], dict[str, str]]:
    """Summary (with the full GC passes seen meanwhile), the raw samples, and the failing queries."""
    errors: dict[str, str] = {}
    cpu: list[int] = []
    with GcWatch() as watch:
        raw = time_calls(call, queries, samples, budget_s, errors=errors, cpu=cpu)
    on_cpu = summary(cpu)
    failed = {
        "failing_queries": len(errors),
        "examples": [{"query": q, "error": e} for q, e in list(errors.items())[:5]],
    }
    figures = {
        **summary([ns for _, ns in raw]),
        "cpu_median_ms": on_cpu["median_ms"],
        "cpu_p99_ms": on_cpu["p99_ms"],
        "gc": watch.figures(),
        "errors": failed,
    }
    return figures, raw, errors
