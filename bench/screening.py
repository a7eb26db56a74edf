"""Screening benchmark: recall and clean rows held on the Dutch test corpora (overall and per
category), per-answer cost, load time and memory.

    .venv/bin/python bench/screening.py [--corpus FILE …] [--misses]

Without --corpus it scores the tuning corpus and the held-out corpus in tests/data/. Prints a
table per corpus, then one JSON object as the last line.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sessions.screening.corpus import read_corpus, score  # noqa: E402
from sessions.screening.screener import Screener  # noqa: E402

CORPORA = [ROOT / "tests" / "data" / "screening-corpus.tsv", ROOT / "tests" / "data" / "screening-heldout.tsv"]


def _rss_now_mb() -> int | None:
    """The resident memory now (what the worker holds while it serves), on Linux."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(round(int(line.split()[1]) / 1024) for line in status if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return None


def _line(name: str, s) -> str:
    recall = f"{s.held}/{s.detail} = {s.recall:.1%}" if s.detail else "-"
    clean = f"{s.clean_held}/{s.clean} = {s.clean_rate:.1%}" if s.clean else "-"
    return f"| {name} | {recall} | {clean} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a corpus TSV (repeatable)")
    parser.add_argument("--misses", action="store_true", help="print every wrongly screened row")
    args = parser.parse_args()
    started = time.perf_counter()
    screener = Screener()
    load_seconds = time.perf_counter() - started
    figures: dict[str, Any] = {}
    texts: list[str] = []
    for path in args.corpus or CORPORA:
        rows = read_corpus(path)
        texts += [row.text for row in rows]
        total, categories = score(lambda text: screener.screen(text).kinds, rows)
        print(f"\n{path.name}\n\n| category | held (recall) | clean rows held |\n|---|---|---|")
        for name in sorted(categories):
            print(_line(name, categories[name]))
        print(_line("**all**", total))
        if args.misses:
            for row, found in total.misses:
                expected = "HOLD" if row.hold else "OK"
                print(f"  {expected} {sorted(row.kinds)} -> {list(found)} [{row.category}]: {row.text}")
        figures[path.stem] = {"rows_with_detail": total.detail, "clean_rows": total.clean,
                              "recall": round(total.recall, 4), "clean_held": round(total.clean_rate, 4),
                              "held_but_a_kind_missed": total.kind_missed}
    started = time.perf_counter()
    rounds = 10
    for _ in range(rounds):
        for text in texts:
            screener.screen(text)
    per_answer_ms = (time.perf_counter() - started) / (rounds * len(texts)) * 1000
    figures.update({"per_answer_ms": round(per_answer_ms, 3), "load_s": round(load_seconds, 1),
                    "rss_mb": _rss_now_mb(),
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)})
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
