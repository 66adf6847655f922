"""Load + index time (first start, restart, reload after an edit) and the memory it takes."""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

from ...engine.answers import Engine
from ...engine.heap import paused_gc
from ...engine.loader import article_files, load_directory
from ...engine.parsecache import ParseCache
from .plans import Plan
from .system import MB, current_rss_bytes

# Tracing every allocation slows loading and indexing about four-fold. When a traced run
# would take longer than TRACE_BUDGET_S, the tracemalloc figure is skipped (and said so) and
# the RSS growth of the untraced load stands in for it.
# FACTDESK_BENCH_TRACE_BUDGET (seconds) raises the budget, e.g. to trace the 50,000-fact load.
TRACE_SLOWDOWN = 4.5
TRACE_BUDGET_S = 45.0


def _timed_load(directory: Path, cache: ParseCache | None) -> tuple[int, int, Engine]:
    with paused_gc():  # as `load_engine` does
        start = time.perf_counter_ns()
        kb = load_directory(directory, cache)
        loaded = time.perf_counter_ns()
        engine = Engine(kb)
        return loaded - start, time.perf_counter_ns() - loaded, engine


def measure_load(directory: Path, plan: Plan) -> tuple[dict[str, Any], Engine]:
    """load_directory + Engine, min of up to `plan.load_runs` runs, three ways:

    - first start: every file parsed from YAML (no parse cache yet);
    - restart: a new process, the parse cache on disk already written by the previous run;
    - reload after an edit: the running bot, after one file changed (only that file is parsed).

    Also the RSS growth of the first run.
    """
    first: list[tuple[int, int]] = []
    restart: list[tuple[int, int]] = []
    reload: list[tuple[int, int]] = []
    engine: Engine | None = None
    rss_growth: int | None = None
    spent = 0
    with tempfile.TemporaryDirectory(prefix="factdesk-bench-load-") as root:
        # A copy, so the "edit" never touches the files being measured (the shipped base!).
        directory = Path(shutil.copytree(directory, Path(root) / "knowledge"))
        cache_dir = Path(root) / "cache"
        edited = article_files(directory)[0]
        original = edited.read_bytes()
        for run in range(plan.load_runs):
            engine = None
            gc.collect()
            rss_before = current_rss_bytes()
            parsed, indexed, engine = _timed_load(directory, None)
            first.append((parsed, indexed))
            if run == 0:
                rss_after = current_rss_bytes()
                rss_growth = rss_after - rss_before if rss_after is not None and rss_before is not None else None
                load_directory(directory, ParseCache(cache_dir))  # the run before the restart
            engine = None
            gc.collect()
            running = ParseCache(cache_dir)  # a new process: nothing in memory, the disk cache warm
            *timing, engine = _timed_load(directory, running)
            restart.append((timing[0], timing[1]))
            engine = None
            gc.collect()
            try:
                edited.write_bytes(original + f"# edit {run}\n".encode())
                *timing, engine = _timed_load(directory, running)
            finally:
                edited.write_bytes(original)
            reload.append((timing[0], timing[1]))
            spent += sum(first[-1]) + sum(restart[-1]) + sum(reload[-1])
            if spent > plan.load_budget_s * 1e9:
                break
    assert engine is not None
    figures: dict[str, Any] = {"runs": len(first)}
    for label, runs in (("", first), ("restart_", restart), ("reload_", reload)):
        totals = [a + b for a, b in runs]
        best = runs[totals.index(min(totals))]
        figures[f"{label}min_s"] = min(totals) / 1e9
        figures[f"{label}median_s"] = float(np.median(totals)) / 1e9
        figures[f"{label}parse_validate_s"] = best[0] / 1e9
        figures[f"{label}index_s"] = best[1] / 1e9
    figures["rss_growth_mb"] = rss_growth / MB if rss_growth is not None else None
    return figures, engine


def trace_budget_s() -> float:
    try:
        return float(os.environ.get("FACTDESK_BENCH_TRACE_BUDGET", TRACE_BUDGET_S))
    except ValueError:
        return TRACE_BUDGET_S


def measure_memory(directory: Path, load_s: float) -> dict[str, Any]:
    """tracemalloc peak (and what stays allocated) while loading and indexing `directory`."""
    estimate = load_s * TRACE_SLOWDOWN
    if estimate > trace_budget_s():
        return {
            "peak_mb": None,
            "retained_mb": None,
            "traced": False,
            "method": (
                f"skipped: a traced load would take ~{estimate:.0f} s, over the {trace_budget_s():.0f} s budget "
                "(FACTDESK_BENCH_TRACE_BUDGET); see load.rss_growth_mb"
            ),
        }
    gc.collect()
    tracemalloc.start()
    tracemalloc.reset_peak()
    with paused_gc():
        engine = Engine(load_directory(directory))
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del engine
    gc.collect()
    return {"peak_mb": peak / MB, "retained_mb": current / MB, "traced": True, "method": "load_directory + Engine"}
