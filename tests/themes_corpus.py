"""The labelled themes corpus (tests/data/themes-corpus-*.tsv) and its scoring, for tests and docs."""
from __future__ import annotations

from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data"
PARTS = {"tune": DATA / "themes-corpus-tune.tsv", "holdout": DATA / "themes-corpus-holdout.tsv",
         "holdout2": DATA / "themes-corpus-holdout2.tsv", "holdout3": DATA / "themes-corpus-holdout3.tsv"}


def load(part: str) -> dict[str, list[tuple[str, str]]]:
    """question -> [(theme, answer)] of one corpus part, in file order."""
    questions: dict[str, list[tuple[str, str]]] = {}
    for line in PARTS[part].read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            question, theme, answer = line.split("\t")
            questions.setdefault(question, []).append((theme, answer))
    return questions


def scores(part: str, given: bool = False) -> dict[str, float]:
    """The adjusted Rand index of the engine's suggestion per question of a corpus part (with
    `given`: told the labelled number of themes instead of choosing it)."""
    from sessions.themes.cluster import adjusted_rand_index
    from sessions.themes.engine import suggest

    found = {}
    for question, rows in load(part).items():
        labels = np.zeros(len(rows), dtype=int)
        count = len({theme for theme, _ in rows}) if given else None
        for number, theme in enumerate(suggest([answer for _, answer in rows], count)):
            labels[list(theme.members)] = number
        found[question] = adjusted_rand_index([theme for theme, _ in rows], labels)
    return found


if __name__ == "__main__":  # python -m tests.themes_corpus: the figures of docs/themes.md
    for name in PARTS:
        result, told = scores(name), scores(name, given=True)
        for question, value in result.items():
            print(f"{name}\t{question}\t{value:.2f}\t{told[question]:.2f}")
        print(f"{name}\tmean\t{np.mean(list(result.values())):.2f}\t{np.mean(list(told.values())):.2f}")
