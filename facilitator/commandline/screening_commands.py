"""Command-line screening: `run.py screen [FILE]` and `run.py prepare-screening`."""
from __future__ import annotations

import argparse
import threading
import time
from contextlib import contextmanager

from sessions.screening.screener import redact

from .line_io import read_lines, utf8_stdout


def screen(args: argparse.Namespace) -> int:
    """One output line per input line: HOLD<TAB>kinds<TAB>redacted text, or OK<TAB><TAB>text."""
    lines = read_lines(args)
    if lines is None:
        return 2
    from sessions.screening.screener import Screener

    screener = Screener()
    out = utf8_stdout()
    for text in lines:
        result = screener.screen(text)
        if result.held:
            out.write(f"HOLD\t{','.join(result.kinds)}\t{redact(text, result.findings)}\n")
        else:
            out.write(f"OK\t\t{text}\n")
    out.flush()
    return 0


def prepare(args: argparse.Namespace) -> int:
    """Build deduce's lookup lists now (once per install), so a live session never waits for them."""
    from sessions.screening.lists import build_lists, kept_build_exists, lists_ready

    if lists_ready():
        print("Controle op persoonsgegevens: de opzoeklijsten zijn al gebouwd.", flush=True)
        return 0
    if kept_build_exists():
        print("Controle op persoonsgegevens voorbereiden: de opzoeklijsten van deduce worden uit de cache "
              "gekopieerd (enkele seconden)…", flush=True)
    else:
        print("Controle op persoonsgegevens voorbereiden: de opzoeklijsten van deduce worden eenmalig gebouwd "
              "(een paar minuten, op een gewone laptop tot ongeveer 4; de voortgang volgt)…", flush=True)
    started = time.perf_counter()
    with _progress(started):
        built = build_lists(waiting=lambda: print("Een ander Leersessie-proces bouwt ze al; even wachten…",
                                                   flush=True))
    print(f"Klaar in {time.perf_counter() - started:.0f} s{'' if built else ' (door het andere proces gebouwd)'}.",
          flush=True)
    return 0


@contextmanager
def _progress(started: float):
    """Print how long the build has taken every 15 s: a quiet terminal for two minutes looks stuck."""
    done = threading.Event()

    def tick() -> None:
        while not done.wait(15):
            print(f"  … {time.perf_counter() - started:.0f} s", flush=True)
    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()


def start_screening(app) -> None:
    """Start the screening worker of a serving app and say so (or warn that screening is off)."""
    from sessions.screening.lists import lists_ready
    from web.live.screening import READY

    service = app.extensions["leersessie.screening"]
    if not service.enabled:
        print("LET OP: de controle op persoonsgegevens staat uit (--no-screening): antwoorden gaan zonder "
              "controle naar het scherm.", flush=True)
        return
    said: list[bool] = []

    def say_ready(status: str) -> None:
        if status == READY and not said:
            said.append(True)
            print(f"Controle op persoonsgegevens is klaar (geladen in {service.load_seconds or 0:.0f} s).",
                  flush=True)
    service.listeners.append(say_ready)
    service.start()
    first_time = not lists_ready()
    print("Controle op persoonsgegevens start op ("
          + ("eenmalig na een verse installatie: een paar minuten, tot ongeveer 4, de opzoeklijsten worden "
             "gebouwd" if first_time else "enkele seconden")
          + "); tot dan wachten open antwoorden in de beoordelingslijst van de console.", flush=True)
