"""Export bench: render a bundle of six sessions with 500 answers each as PDF and as Word; report the times.

Usage: python bench/export.py [--sessions 6] [--answers 500] [--out bundle.pdf] [--out-docx bundle.docx]
The last line of output is a JSON object, so CI can read the figures.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from facilitator.export.pdf import render_pdf  # noqa: E402
from facilitator.export.word import render_docx  # noqa: E402
from tests import export_fixtures  # noqa: E402  (the hand-built fixtures, shared with the export tests)


def timed(render, opbrengsten) -> tuple[bytes, float, float, float]:
    """The output, the wall seconds of a first (cold: fonts) and a second render, and the CPU seconds of the
    second: on a shared, loaded machine the CPU time is the figure that does not depend on the neighbours."""
    start = time.perf_counter()
    data = render(opbrengsten)
    cold = time.perf_counter() - start
    start, cpu = time.perf_counter(), time.process_time()
    render(opbrengsten)
    return data, cold, time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    """Build the opbrengsten, time a first (cold) and a second (warm) render of each format."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=6)
    parser.add_argument("--answers", type=int, default=500, help="answers per session")
    parser.add_argument("--out", type=Path, help="also write the PDF here")
    parser.add_argument("--out-docx", type=Path, help="also write the Word document here")
    args = parser.parse_args()
    opbrengsten = [export_fixtures.session(number, args.answers) for number in range(1, args.sessions + 1)]
    # The first render in a process also loads fonts: the cold figure is the (conservative) one to report.
    pdf, pdf_cold, pdf_warm, pdf_cpu = timed(render_pdf, opbrengsten)
    docx, docx_cold, docx_warm, docx_cpu = timed(render_docx, opbrengsten)
    for path, data in ((args.out, pdf), (args.out_docx, docx)):
        if path:
            path.write_bytes(data)
    label = f"{args.sessions} sessions x {args.answers} answers"
    print(f"{label}, PDF: {pdf_cold:.2f} s cold, {pdf_warm:.2f} s warm ({pdf_cpu:.2f} s CPU), {len(pdf) / 1024:.0f} KB")
    print(f"{label}, Word: {docx_cold:.2f} s cold, {docx_warm:.2f} s warm ({docx_cpu:.2f} s CPU), "
          f"{len(docx) / 1024:.0f} KB")
    print(json.dumps({"sessions": args.sessions, "answers_per_session": args.answers, "seconds": round(pdf_cold, 3),
                      "warm_seconds": round(pdf_warm, 3), "cpu_seconds": round(pdf_cpu, 3),
                      "pdf_kb": round(len(pdf) / 1024, 1), "docx_seconds": round(docx_cold, 3),
                      "docx_warm_seconds": round(docx_warm, 3), "docx_cpu_seconds": round(docx_cpu, 3),
                      "docx_kb": round(len(docx) / 1024, 1)}))


if __name__ == "__main__":
    main()
