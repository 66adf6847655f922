"""The benchmark report as text tables (the JSON report is the same data, printed as is)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def busy(m: dict[str, Any]) -> bool:
    loads = [x for x in (m.get("load_average_1m_at_start"), m.get("load_average_1m")) if x is not None]
    return bool(loads) and max(loads) > 0.5 * (m["cpus_usable"] or 1) + 1


def _ms(block: dict[str, Any]) -> str:
    if not block.get("n"):
        return "-"
    return f"{block['median_ms']:.3f} / {block['p99_ms']:.3f} ({block['n']})"


def _ratio(compare: dict[str, Any]) -> str:
    if compare["ratio_median"] is None or compare["ratio_p99"] is None:
        return "-"
    return f"{compare['ratio_median']:.1f}x / {compare['ratio_p99']:.1f}x"


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()
    lines = [line, "  ".join("-" * w for w in widths)]
    for row in rows:
        lines.append(
            "  ".join(
                str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
            )
        )
    return lines


LATENCY_BLOCKS = (  # (result key, short label)
    ("ask", "ask"),
    ("who_said", "who-said"),
    ("autocomplete_quotes", "quotes"),
    ("autocomplete_people", "people"),
)
LOAD_HEADER = (
    "scenario",
    "facts",
    "articles",
    "quotes",
    "people",
    "first start s (runs)",
    "parse / index s",
    "restart s",
    "reload s",
    "peak MB",
    "retained MB",
    "RSS growth MB",
    "max RSS so far MB",
)
UNITS = (("_ms", "ms"), ("_s", "s"), ("_mb", "MB"))  # a metric's name ends with its unit
MARKS = {"met": "met    ", "not met": "NOT MET", "not measured": "n/a    "}


def _optional(value: float | None, spec: str) -> str:
    return "-" if value is None else format(value, spec)


def _header(report: dict[str, Any]) -> list[str]:
    """The machine, its load, and what was measured."""
    m = report["machine"]
    return [
        "FactDesk benchmark",
        f"machine: {m['cpu_count']} CPUs ({m['cpus_usable']} usable), {m['implementation']} {m['python']}, "
        f"{m['platform']}; rapidfuzz {m['rapidfuzz']}, numpy {m['numpy']}, libyaml available: {m['libyaml']}",
        f"load average (1 min): {_number(m['load_average_1m_at_start'])} at start, "
        f"{_number(m['load_average_1m'])} at the end"
        + (" -- other processes compete for the CPUs: wall-clock p99s are noisy" if busy(m) else ""),
        f"shipped fact base: {report['knowledge_dir']}; engine source fingerprint {report['engine_fingerprint']}",
    ]


def _load_row(s: dict[str, Any]) -> list[str]:
    load, memory = s["load"], s["memory"]
    return [
        s["scenario"],
        f"{s['facts']:,}",
        f"{s['articles']:,}",
        f"{s['quotes']:,}",
        f"{s['people']:,}",
        f"{load['min_s']:.3f} ({load['runs']})",
        f"{load['parse_validate_s']:.3f} / {load['index_s']:.3f}",
        f"{load['restart_min_s']:.3f}",
        f"{load['reload_min_s']:.3f}",
        _optional(memory["peak_mb"], ".1f"),
        _optional(memory["retained_mb"], ".1f"),
        _optional(load["rss_growth_mb"], ".0f"),
        f"{s['max_rss_so_far_mb']:.0f}",
    ]


def _load_section(scenarios: Sequence[dict[str, Any]]) -> list[str]:
    """Load + index time and memory, one row per scenario."""
    lines = [
        "",
        "Load + index and memory (min of runs). First start: every file parsed from YAML. Restart: the parse",
        "cache on disk is warm. Reload: the running bot after one file changed. Memory: tracemalloc peak /",
        "retained after the first-start build.",
    ]
    lines += _table(LOAD_HEADER, [_load_row(s) for s in scenarios])
    lines += [f"  {s['scenario']}: tracemalloc {s['memory']['method']}" for s in scenarios if not s["memory"]["traced"]]
    return lines


def _latency_notes(s: dict[str, Any]) -> list[str]:
    """One scenario's full GC passes during the samples, and the queries the engine failed on."""
    lines = []
    pauses = [
        f"{label} {s[key]['gc']['full_collections']} (max {s[key]['gc']['max_pause_ms']:.0f} ms)"
        for key, label in LATENCY_BLOCKS
        if s[key]["gc"]["full_collections"]
    ]
    if pauses:
        lines.append(f"  {s['scenario']}: full GC passes during the samples: {', '.join(pauses)}")
    for key, _ in LATENCY_BLOCKS:
        failed = s[key]["errors"]
        if failed["failing_queries"]:
            first = failed["examples"][0]
            lines.append(
                f"  {s['scenario']}: ENGINE ERRORS in {key}: {failed['failing_queries']} queries raise "
                f"(left out of the figures), e.g. {first['query']!r} -> {first['error']}"
            )
    return lines


def _latency_section(scenarios: Sequence[dict[str, Any]]) -> list[str]:
    """Median / p99 wall-clock latency per block, the p99 on thread CPU time, and notes."""
    lines = ["", "Latency in ms: median / p99 (samples)"]
    rows = [[s["scenario"], *(_ms(s[key]) for key, _ in LATENCY_BLOCKS)] for s in scenarios]
    lines += _table(["scenario", "ask", "who-said", "autocomplete quotes", "autocomplete people"], rows)
    cpu_p99 = [
        f"{s['scenario']} " + " / ".join(_optional(s[key]["cpu_p99_ms"], ".3f") for key, _ in LATENCY_BLOCKS)
        for s in scenarios
    ]
    lines.append("  p99 on thread CPU time (ask / who-said / quotes / people): " + "; ".join(cpu_p99))
    for s in scenarios:
        lines += _latency_notes(s)
    return lines


def _baseline_row(s: dict[str, Any]) -> list[str]:
    ask, who = s["baseline"]["ask"], s["baseline"]["who_said"]
    sampled = ask["sampled"] or who["sampled"]
    return [
        s["scenario"],
        f"{ask['queries']} of {ask['of_queries']}" + (" (sampled)" if sampled else ""),
        _ms(ask["baseline"]),
        _ratio(ask),
        _ms(who["baseline"]),
        _ratio(who),
    ]


def _baseline_section(scenarios: Sequence[dict[str, Any]]) -> list[str]:
    """The naive baseline's latency and the engine's speed-up over it."""
    lines = [
        "",
        "Naive baseline (Python loop of rapidfuzz WRatio over every phrasing / quote), ms median / p99,",
        "and speed-up = baseline / engine on the same queries (median / p99)",
    ]
    lines += _table(
        ["scenario", "baseline queries", "ask baseline", "ask speed-up", "who-said baseline", "who-said speed-up"],
        [_baseline_row(s) for s in scenarios],
    )
    if any(s["baseline"]["ask"]["sampled"] for s in scenarios):
        lines.append(
            "  (sampled): the baseline is slow on big archives, so it runs on the first queries only; the "
            "speed-up compares the engine on those same queries"
        )
    return lines


def _target_line(target: dict[str, Any]) -> str:
    value = target["value"]
    metric = target["metric"].split(".")[-1]
    unit = next((u for suffix, u in UNITS if metric.endswith(suffix)), "")
    shown = "-" if value is None else f"{value:.3f} {unit}"
    cpu = target.get("value_cpu")
    on_cpu = f" (on thread CPU time: {cpu:.3f}, {target['status_cpu']})" if cpu is not None else ""
    return f"  [{MARKS[target['status']]}] {target['target']}: {shown}{on_cpu}"


def format_report(report: dict[str, Any]) -> str:
    """The whole report: header, load and memory, latency, baseline, targets."""
    scenarios = report["scenarios"]
    lines = _header(report)
    lines += _load_section(scenarios)
    lines += _latency_section(scenarios)
    lines += _baseline_section(scenarios)
    lines += ["", "Targets", *(_target_line(target) for target in report["targets"])]
    return "\n".join(lines)
