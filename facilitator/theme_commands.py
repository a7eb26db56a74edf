"""Command-line themes: `run.py themes [FILE]`, the server's engine on one answer per line."""
from __future__ import annotations

import argparse
import sys

from facilitator.screening_commands import _lines


def themes(args: argparse.Namespace) -> int:
    """One output line per input line: theme number<TAB>theme label<TAB>the answer.

    Themes are numbered from 1, largest first; a blank line has theme 0 and no label.
    """
    if args.file:
        try:
            with open(args.file, encoding="utf-8", errors="replace", newline="") as handle:
                text = handle.read()
        except OSError as error:
            print(f"kan {args.file} niet lezen: {error.strerror}", file=sys.stderr)
            return 2
    else:
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    lines = [line.replace("\t", " ") for line in _lines(text)]  # a tab inside a line would add a column
    answered = [i for i, line in enumerate(lines) if line.strip()]
    from sessions.themes.worker import single_threaded_blas

    single_threaded_blas()  # effective when numpy is not loaded yet (the usual case here)
    from sessions.themes.engine import suggest

    found = suggest([lines[i] for i in answered])
    theme_of: dict[int, tuple[int, str]] = {}
    for number, theme in enumerate(found, start=1):
        for member in theme.members:
            theme_of[answered[member]] = (number, theme.label)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8", newline="\n")
    for i, line in enumerate(lines):
        number, label = theme_of.get(i, (0, ""))
        out.write(f"{number}\t{label}\t{line}\n")
    out.flush()
    return 0
