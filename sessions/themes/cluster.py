"""Grouping by a distance matrix: average-linkage agglomeration, the number of groups by
silhouette, and the adjusted Rand index to measure a grouping against a labelled corpus.

All numpy, O(n²) memory: 500 answers are a 1 MB matrix and well under a second of work.
"""
from __future__ import annotations

from typing import Any

import numpy as np


def merges(distance: np.ndarray) -> list[tuple[int, int, float]]:
    """The average-linkage merge order: (kept cluster, absorbed cluster, distance), n-1 steps."""
    n = distance.shape[0]
    work = distance.astype(np.float64, copy=True)
    np.fill_diagonal(work, np.inf)
    sizes = np.ones(n)
    steps = []
    for _ in range(n - 1):
        flat = int(np.argmin(work))
        i, j = divmod(flat, n)
        if i > j:
            i, j = j, i
        steps.append((i, j, float(work[i, j])))
        merged = (sizes[i] * work[i] + sizes[j] * work[j]) / (sizes[i] + sizes[j])
        merged[i] = np.inf
        work[i, :] = merged
        work[:, i] = merged
        work[j, :] = np.inf
        work[:, j] = np.inf
        sizes[i] += sizes[j]
    return steps


def cut(n: int, steps: list[tuple[int, int, float]], groups: int) -> np.ndarray:
    """Labels 0..groups-1 after replaying the first n-groups merges (labels by first member)."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in steps[: max(0, n - groups)]:
        parent[root(j)] = root(i)
    numbering: dict[int, int] = {}
    return np.array([numbering.setdefault(root(x), len(numbering)) for x in range(n)])


def silhouette(distance: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette; singletons score 0 (as in the usual definition)."""
    n = len(labels)
    groups = int(labels.max()) + 1
    if groups < 2 or groups >= n:
        return 0.0
    onehot = np.zeros((n, groups))
    onehot[np.arange(n), labels] = 1.0
    counts = onehot.sum(axis=0)
    sums = distance @ onehot
    own_count = counts[labels]
    own = sums[np.arange(n), labels] / np.maximum(own_count - 1, 1)
    means = sums / counts
    means[np.arange(n), labels] = np.inf
    other = means.min(axis=1)
    scores = np.where(own_count > 1, (other - own) / np.maximum(np.maximum(own, other), 1e-12), 0.0)
    return float(scores.mean())


def adjusted_rand_index(truth: Any, found: Any) -> float:
    """Hubert and Arabie's adjusted Rand index of two labelings (1 = identical, ~0 = chance)."""
    _, a = np.unique(np.asarray(truth), return_inverse=True)
    _, b = np.unique(np.asarray(found), return_inverse=True)
    table = np.zeros((a.max() + 1, b.max() + 1))
    np.add.at(table, (a, b), 1)

    def pairs(x: Any) -> float:
        return float((x * (x - 1) / 2).sum())

    index, rows, cols = pairs(table), pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = len(a) * (len(a) - 1) / 2
    expected = rows * cols / total if total else 0.0
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return float((index - expected) / (maximum - expected))
