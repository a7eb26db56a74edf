"""Screening benchmark: precision and recall on the Dutch test corpus, per-answer cost, load time.

    .venv/bin/python bench/screening.py [--corpus tests/data/screening-corpus.tsv] [--misses]

Prints progress lines, then one JSON object as the last line.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sessions.screening.screener import Screener  # noqa: E402


def read_corpus(path: Path) -> list[tuple[bool, set[str], str]]:
    """Rows of (should be held, expected kinds, text); '#' lines are comments."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        expected, kinds, text = line.split("\t", 2)
        rows.append((expected == "HOLD", set(filter(None, kinds.split(","))), text))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "screening-corpus.tsv")
    parser.add_argument("--misses", action="store_true", help="print every wrongly screened row")
    args = parser.parse_args()
    rows = read_corpus(args.corpus)
    started = time.perf_counter()
    screener = Screener()
    load_seconds = time.perf_counter() - started
    held_right = held_clean = missed_kind = 0
    for should_hold, kinds, text in rows:
        result = screener.screen(text)
        if should_hold and result.held:
            held_right += 1
            if not kinds <= set(result.kinds):
                missed_kind += 1
        held_clean += (not should_hold and result.held)
        if args.misses and (should_hold != result.held or (should_hold and not kinds <= set(result.kinds))):
            print(f"{'HOLD' if should_hold else 'OK'} {sorted(kinds)} -> {list(result.kinds)}: {text}")
    texts = [text for _, _, text in rows]
    started = time.perf_counter()
    rounds = 10
    for _ in range(rounds):
        for text in texts:
            screener.screen(text)
    per_answer_ms = (time.perf_counter() - started) / (rounds * len(texts)) * 1000
    with_detail = sum(1 for should_hold, _, _ in rows if should_hold)
    clean = len(rows) - with_detail
    figures = {
        "rows": len(rows), "rows_with_detail": with_detail, "clean_rows": clean,
        "recall": round(held_right / with_detail, 4), "clean_held": round(held_clean / clean, 4),
        "precision": round(held_right / max(1, held_right + held_clean), 4),
        "held_but_a_kind_missed": missed_kind,
        "per_answer_ms": round(per_answer_ms, 3), "load_s": round(load_seconds, 1),
        "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
