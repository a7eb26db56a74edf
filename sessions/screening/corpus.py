"""Reading a screening corpus (TSV) and scoring a screener on it, overall and per category.

Rows are `expected<TAB>kinds<TAB>category<TAB>text`; the older three-column form
`expected<TAB>kinds<TAB>text` is read too (category "-"). `expected` is HOLD (the text holds a
personal detail of the listed kinds) or OK; lines starting with '#' are comments.
Used by `bench/screening.py` and `tests/test_screening.py`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_CATEGORY = re.compile(r"[a-z][a-z0-9-]*")


@dataclass(frozen=True)
class Row:
    """One corpus row."""

    hold: bool
    kinds: frozenset[Any]
    category: str
    text: str


def read_corpus(path: Path) -> list[Row]:
    """The rows of one corpus file."""
    rows = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 4 and _CATEGORY.fullmatch(parts[2]):
            expected, kinds, category, text = parts[0], parts[1], parts[2], "\t".join(parts[3:])
        else:
            expected, kinds, text = line.split("\t", 2)
            category = "-"
        rows.append(Row(expected == "HOLD", frozenset(filter(None, kinds.split(","))), category, text))
    return rows


@dataclass
class Score:
    """Counts for one group of rows: recall over HOLD rows, clean-held over OK rows."""

    detail: int = 0
    held: int = 0
    kind_missed: int = 0
    clean: int = 0
    clean_held: int = 0
    misses: list[Any] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of rows with a detail that were held."""
        return self.held / self.detail if self.detail else 1.0

    @property
    def clean_rate(self) -> float:
        """Share of clean rows that were held."""
        return self.clean_held / self.clean if self.clean else 0.0

    def add(self, row: Row, kinds_found: tuple[Any, ...]) -> None:
        """Count one screened row."""
        held = bool(kinds_found)
        if row.hold:
            self.detail += 1
            self.held += held
            self.kind_missed += held and not row.kinds <= set(kinds_found)
        else:
            self.clean += 1
            self.clean_held += held
        if held != row.hold or (held and not row.kinds <= set(kinds_found)):
            self.misses.append((row, kinds_found))


def score(screen: Any, rows: list[Row]) -> tuple[Score, dict[str, Score]]:
    """Screen every row with `screen(text) -> kinds`; the total and one Score per category."""
    total, per_category = Score(), dict[str, Score]()
    for row in rows:
        found = tuple(screen(row.text))
        total.add(row, found)
        per_category.setdefault(row.category, Score()).add(row, found)
    return total, per_category
