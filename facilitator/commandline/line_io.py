"""Input and output of the one-line-in, one-line-out commands (`run.py screen`, `run.py themes`)."""
from __future__ import annotations

import argparse
import sys
from typing import TextIO


def read_lines(args: argparse.Namespace) -> list[str] | None:
    """The lines of `args.file` (standard input without one), tabs made spaces; None after a Dutch error."""
    if args.file:
        try:
            with open(args.file, encoding="utf-8", errors="replace", newline="") as handle:
                text = handle.read()
        except OSError as error:
            print(f"kan {args.file} niet lezen: {error.strerror}", file=sys.stderr)
            return None
    else:
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    return [line.replace("\t", " ") for line in split_lines(text)]  # a tab inside a line would add a column


def split_lines(text: str) -> list[str]:
    """Lines without their line ends (\\n, \\r\\n or \\r); no extra line for a final newline."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def utf8_stdout() -> TextIO:
    """Standard output writing UTF-8 with \\n line ends: the same bytes on Windows as elsewhere."""
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8", newline="\n")
    return out
