"""Command-line screening: `run.py screen [FILE]` and `run.py prepare-screening`."""
from __future__ import annotations

import argparse
import sys
import time

from sessions.screening.screener import redact


def screen(args: argparse.Namespace) -> int:
    """One output line per input line: HOLD<TAB>kinds<TAB>redacted text, or OK<TAB><TAB>text."""
    if args.file:
        try:
            with open(args.file, encoding="utf-8", errors="replace", newline="") as handle:
                lines = handle.read()
        except OSError as error:
            print(f"kan {args.file} niet lezen: {error.strerror}", file=sys.stderr)
            return 2
    else:
        lines = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    from sessions.screening.screener import Screener

    screener = Screener()
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8", newline="\n")  # the same bytes on Windows as elsewhere
    for line in _lines(lines):
        text = line.replace("\t", " ")  # a tab inside a line would add a column
        result = screener.screen(text)
        if result.held:
            out.write(f"HOLD\t{','.join(result.kinds)}\t{redact(text, result.findings)}\n")
        else:
            out.write(f"OK\t\t{text}\n")
    out.flush()
    return 0


def _lines(text: str) -> list[str]:
    """Lines without their line ends (\\n, \\r\\n or \\r); no extra line for a final newline."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def prepare(args: argparse.Namespace) -> int:
    """Build (or check) deduce's lookup lists now, so a live session never waits for them."""
    print("Controle op persoonsgegevens voorbereiden: de opzoeklijsten van deduce worden geladen;", flush=True)
    print("na een verse installatie worden ze eenmalig gebouwd (1 à 2 minuten)…", flush=True)
    started = time.perf_counter()
    from sessions.screening.screener import Screener

    Screener().screen("Dit is een test.")
    print(f"Klaar in {time.perf_counter() - started:.0f} s.", flush=True)
    return 0


def start_screening(app) -> None:
    """Start the screening worker of a serving app and say so (or warn that screening is off)."""
    service = app.extensions["leersessie.screening"]
    if not service.enabled:
        print("LET OP: de controle op persoonsgegevens staat uit (--no-screening): antwoorden gaan zonder "
              "controle naar het scherm.", flush=True)
        return
    service.start()
    print("Controle op persoonsgegevens start op (enkele seconden); tot dan wachten open antwoorden in de "
          "beoordelingslijst van de console.", flush=True)
