"""Command-line themes: `run.py themes [FILE]`, the server's engine on one answer per line."""
from __future__ import annotations

import argparse

from .line_io import read_lines, utf8_stdout


def themes(args: argparse.Namespace) -> int:
    """One output line per input line: theme number<TAB>theme label<TAB>the answer.

    Themes are numbered from 1, largest first; a blank line has theme 0 and no label.
    """
    lines = read_lines(args)
    if lines is None:
        return 2
    answered = [i for i, line in enumerate(lines) if line.strip()]
    from sessions.themes.worker import single_threaded_blas

    single_threaded_blas()  # effective when numpy is not loaded yet (the usual case here)
    from sessions.themes.engine import suggest

    found = suggest([lines[i] for i in answered])
    theme_of: dict[int, tuple[int, str]] = {}
    for number, theme in enumerate(found, start=1):
        for member in theme.members:
            theme_of[answered[member]] = (number, theme.label)
    out = utf8_stdout()
    for i, line in enumerate(lines):
        number, label = theme_of.get(i, (0, ""))
        out.write(f"{number}\t{label}\t{line}\n")
    out.flush()
    return 0
