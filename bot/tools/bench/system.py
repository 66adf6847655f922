"""The machine the figures come from, the engine code they measured, and the process's memory."""

from __future__ import annotations

import hashlib
import os
import platform
import sys
from pathlib import Path
from typing import Any

import numpy as np
import rapidfuzz
import yaml

try:  # Unix only: elsewhere the peak is approximated by the current resident set
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

MB = 1_000_000
ENGINE_DIR = Path(__file__).resolve().parents[2] / "engine"  # bot/engine, beside bot/tools


def machine() -> dict[str, Any]:
    affinity = getattr(os, "sched_getaffinity", None)
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(affinity(0)) if affinity else os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "rapidfuzz": rapidfuzz.__version__,
        "numpy": np.__version__,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "load_average_1m": load_average(),
    }


def load_average() -> float | None:
    """Other processes' demand on the CPUs (high means noisy latency figures)."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def engine_fingerprint() -> str:
    """A short hash of bot/engine's sources, to tie the figures to the code they measured."""
    digest = hashlib.sha256()
    for path in sorted(ENGINE_DIR.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def max_rss_bytes() -> int:
    """The process's peak resident set so far (getrusage; kilobytes on Linux, bytes on macOS)."""
    if resource is None:
        return current_rss_bytes() or 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if sys.platform == "darwin" else peak * 1024)


def current_rss_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
