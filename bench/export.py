"""Export bench: render a bundle PDF of six sessions with 500 answers each and report the time.

Usage: python bench/export.py [--sessions 6] [--answers 500] [--out bundle.pdf]
The last line of output is a JSON object, so CI can read the figure.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the hand-built fixtures, shared with the export tests
sys.path.insert(0, str(ROOT))

import export_fixtures  # noqa: E402
from facilitator.export.pdf import render_pdf  # noqa: E402


def main() -> None:
    """Build the opbrengsten, time a first (cold) and a second (warm) render."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--answers", type=int, default=500, help="answers per session")
    parser.add_argument("--out", type=Path, help="also write the PDF here")
    args = parser.parse_args()
    opbrengsten = [export_fixtures.session(number, args.answers) for number in range(1, args.sessions + 1)]
    # The first render in a process also loads the fonts: report it as the (conservative) figure.
    start = time.perf_counter()
    data = render_pdf(opbrengsten)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    render_pdf(opbrengsten)
    warm = time.perf_counter() - start
    if args.out:
        args.out.write_bytes(data)
    print(f"{args.sessions} sessions x {args.answers} answers: {seconds:.2f} s cold, {warm:.2f} s warm, "
          f"{len(data) / 1024:.0f} KB")
    print(json.dumps({"sessions": args.sessions, "answers_per_session": args.answers, "seconds": round(seconds, 3),
                      "warm_seconds": round(warm, 3), "pdf_kb": round(len(data) / 1024, 1)}))


if __name__ == "__main__":
    main()
