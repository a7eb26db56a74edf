"""Spectral grouping of a similarity matrix: a k-nearest-neighbour graph, its normalised Laplacian,
the number of groups from the eigengaps (the best silhouette among the three largest), and
k-means on the leading eigenvectors.

Why spectral and not plain linkage: answers in one theme form chains of near paraphrases rather
than round blobs, and average linkage made one big group and many singletons (ARI 0.25 on the
tuning corpus, against 0.71 here with the same features).
"""
from __future__ import annotations

import math

import numpy as np

MAX_GROUPS = 12
MIN_SIZE = 3  # answers in the smallest theme the number-of-themes rule prefers
EXACT_UP_TO = 200  # answers; above this the few eigenvectors needed come from subspace iteration


def neighbours(n: int) -> int:
    """How many nearest neighbours each answer keeps in the graph."""
    return max(1, min(n - 1, max(8, int(math.sqrt(n)))))


def embedding(similarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending) and eigenvectors of the normalised Laplacian of the kNN graph."""
    n = similarity.shape[0]
    keep = neighbours(n)
    masked = similarity.astype(np.float64, copy=True)
    np.fill_diagonal(masked, -np.inf)
    nearest = np.argpartition(-masked, keep - 1, axis=1)[:, :keep]
    weights = np.zeros((n, n))
    rows = np.repeat(np.arange(n), keep)
    weights[rows, nearest.ravel()] = np.maximum(similarity[rows, nearest.ravel()], 1e-3)
    weights = np.maximum(weights, weights.T)
    scale = 1.0 / np.sqrt(np.maximum(weights.sum(axis=1), 1e-9))
    adjacency = scale[:, None] * weights * scale[None, :]
    if n <= EXACT_UP_TO:
        return np.linalg.eigh(np.eye(n) - adjacency)
    return _smallest(adjacency, MAX_GROUPS + 4)


def _smallest(adjacency: np.ndarray, count: int, rounds: int = 80) -> tuple[np.ndarray, np.ndarray]:
    """The `count` smallest eigenpairs of I - adjacency by subspace iteration on I + adjacency
    (its eigenvalues lie in [0, 2]; the largest are the ones wanted), then Rayleigh-Ritz.

    A full eigh of 500 x 500 took a second on a loaded machine; this takes a tenth of that.
    """
    shifted = adjacency + np.eye(adjacency.shape[0])
    basis = np.linalg.qr(np.random.default_rng(0).standard_normal((adjacency.shape[0], count)))[0]
    for _ in range(rounds):
        basis = np.linalg.qr(shifted @ basis)[0]
    values, rotation = np.linalg.eigh(basis.T @ shifted @ basis)
    order = np.argsort(-values)
    return 2.0 - values[order], basis @ rotation[:, order]


def group_count(values: np.ndarray, n: int) -> int:
    """The number of groups: where the eigenvalues jump most (at least 2, at most MAX_GROUPS)."""
    return candidate_counts(values, n, 1)[0]


def candidate_counts(values: np.ndarray, n: int, keep: int = 3) -> list[int]:
    """The `keep` group counts with the largest eigengaps, largest gap first."""
    most = min(MAX_GROUPS, max(2, n // 2))
    gaps = np.diff(values[: most + 1])
    if len(gaps) < 2:
        return [min(2, n)]
    order = np.argsort(-gaps[1:most], kind="stable")[:keep]
    return [int(i) + 2 for i in order]


def silhouette(similarity: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette of a grouping under the cosine distance 1 - similarity."""
    from sessions.themes.cluster import silhouette as by_distance

    distance = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    return by_distance(distance, labels)


def kmeans(points: np.ndarray, groups: int, tries: int = 5, rounds: int = 50) -> np.ndarray:
    """Labels of the best of a few seeded k-means++ runs (fixed seeds: the same input, the same output)."""
    best, best_cost = np.zeros(len(points), dtype=int), np.inf
    for seed in range(tries):
        rng = np.random.default_rng(seed)
        centres = [points[rng.integers(len(points))]]
        for _ in range(groups - 1):
            distance = ((points[:, None, :] - np.array(centres)[None]) ** 2).sum(-1).min(axis=1)
            total = distance.sum()
            pick = rng.choice(len(points), p=distance / total) if total > 0 else rng.integers(len(points))
            centres.append(points[pick])
        centre = np.array(centres)
        for _ in range(rounds):
            labels = ((points[:, None, :] - centre[None]) ** 2).sum(-1).argmin(axis=1)
            moved = np.array([points[labels == g].mean(axis=0) if (labels == g).any() else centre[g]
                              for g in range(groups)])
            if np.allclose(moved, centre):
                break
            centre = moved
        cost = float(((points - centre[labels]) ** 2).sum())
        if cost < best_cost:
            best, best_cost = labels, cost
    return best


def group(similarity: np.ndarray, groups: int | None = None) -> np.ndarray:
    """Group labels 0..k-1 for a symmetric similarity matrix (k chosen by eigengap unless given)."""
    n = similarity.shape[0]
    if n < 3:
        return np.arange(n)
    values, vectors = embedding(similarity)

    def labelled(count: int) -> np.ndarray:
        leading = vectors[:, :count]
        leading = leading / np.maximum(np.linalg.norm(leading, axis=1, keepdims=True), 1e-12)
        return np.unique(kmeans(leading, count), return_inverse=True)[1]

    if groups:
        return labelled(groups)
    # The largest eigengap alone often stopped at 2 on the validation part; among the three
    # largest gaps, the grouping with the best silhouette is chosen (docs/themes.md).
    # A grouping with a theme of fewer than MIN_SIZE answers loses to any without one: tiny themes
    # were mostly one answer split off a real theme.
    tried = [labelled(count) for count in candidate_counts(values, n)]
    return max(tried, key=lambda labels: (int(np.bincount(labels).min() >= MIN_SIZE), silhouette(similarity, labels)))
