"""Groups of token ids as flat numpy arrays (group g is flat[offsets[g]:offsets[g + 1]]): the
inverted index over them and per-group sums, without a Python loop per group."""

from __future__ import annotations

import numpy as np


def postings(flat: np.ndarray, offsets: np.ndarray) -> dict[int, np.ndarray]:
    """Token id -> the groups (in order) whose slice of `flat` holds it: an inverted index."""
    if not len(flat):
        return {}
    groups = np.repeat(np.arange(len(offsets) - 1, dtype=np.int64), np.diff(offsets))
    order = np.argsort(flat, kind="stable")
    tokens, groups = flat[order], groups[order]
    starts = np.flatnonzero(np.concatenate(([True], tokens[1:] != tokens[:-1])))
    return dict(zip(tokens[starts].tolist(), np.split(groups, starts[1:]), strict=True))


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The concatenation of range(start, start + count) for each pair, without a Python loop."""
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    offsets = np.repeat(starts - (ends - counts), counts)
    found: np.ndarray = np.arange(total, dtype=np.int64) + offsets
    return found


def segment_sums(values: np.ndarray, flat: np.ndarray, offsets: np.ndarray, segments: np.ndarray) -> np.ndarray:
    """For each segment s, the sum of values[flat[offsets[s]:offsets[s + 1]]] (0 for an empty one)."""
    if not len(segments):
        return np.zeros(0, dtype=np.float64)
    starts = offsets[segments]
    counts = offsets[segments + 1] - starts
    picked = np.append(values[flat[ranges(starts, counts)]], 0.0)  # the 0 keeps every position valid
    positions = np.concatenate(([0], np.cumsum(counts)[:-1]))
    sums: np.ndarray = np.add.reduceat(picked, positions)
    sums[counts == 0] = 0.0
    return sums


def group_starts(counts: np.ndarray) -> np.ndarray:
    """Where each group of `counts` consecutive rows starts (for `np.maximum.reduceat`)."""
    starts: np.ndarray = np.concatenate(([0], np.cumsum(counts)[:-1]))
    return starts
