"""The garbage collector, paced for a full room.

CPython's full collection walks every object it tracks, and nothing else runs meanwhile. With
5,000 phones connected the server holds about 870,000 of them (per phone: green threads,
timers, events, socket state), and a full pass took 0.45-0.57 s; with 500 answers a second
the churn started one every few seconds, and the beamer stood still for up to 1.6 s (issue 19,
measured with a collector callback). So the server moves what survived out of the collector's
sight every `FREEZE_SECONDS` (`gc.freeze`, after a young collection, so little garbage goes with
it): the automatic full passes then walk only what is new. Every `FULL_SECONDS` everything is
collected once (unfreeze, full pass, freeze), which frees the cycles of what was frozen and has
died since (a phone that left): one pause of that length, rarely, instead of one every few seconds.
"""
from __future__ import annotations

import gc
import time
from collections.abc import Callable

FREEZE_SECONDS = 2.0
FULL_SECONDS = 600.0


class Pacer:
    """Decides, each time it is called, between freezing the survivors and one full collection."""

    def __init__(self, now: float, full_seconds: float = FULL_SECONDS):
        self.full_seconds = full_seconds
        self.last_full = now

    def step(self, now: float) -> str:
        """Freeze (after a young collection) or, once per `full_seconds`, collect everything; say which."""
        if now - self.last_full >= self.full_seconds:
            gc.unfreeze()
            gc.collect()
            self.last_full = now
            done = "full"
        else:
            gc.collect(1)
            done = "young"
        gc.freeze()
        return done


def pace(sleep: Callable[..., object], clock: Callable[[], float] = time.monotonic) -> None:
    """Run for ever as the server's background task (`sleep` is the server's green sleep)."""
    pacer = Pacer(clock())
    while True:
        sleep(FREEZE_SECONDS)
        pacer.step(clock())
