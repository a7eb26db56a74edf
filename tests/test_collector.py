"""The paced garbage collector (web/collector.py): survivors frozen, everything collected rarely."""
from __future__ import annotations

import gc
import weakref

import pytest

from web.collector import Pacer


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # this test process must not keep its objects out of the collector's sight


class Cycle:
    """An object that refers to itself: only a full collection frees it."""

    def __init__(self):
        self.me = self


def test_survivors_are_frozen_and_a_full_pass_frees_frozen_cycles_now_and_then(unfrozen):
    pacer = Pacer(now=0.0, full_seconds=600.0)
    frozen_cycle = Cycle()
    frozen = weakref.ref(frozen_cycle)
    assert pacer.step(10.0) == "young"
    assert gc.get_freeze_count() > 0
    del frozen_cycle
    gc.collect()
    assert frozen() is not None  # frozen: an ordinary full pass leaves it alone

    loose_cycle = Cycle()  # made after the freeze: the collector still sees it
    loose = weakref.ref(loose_cycle)
    del loose_cycle
    gc.collect()
    assert loose() is None

    assert pacer.step(599.0) == "young" and frozen() is not None
    assert pacer.step(610.0) == "full"
    assert frozen() is None  # the full pass unfroze and freed the dead cycle
    assert pacer.step(620.0) == "young"  # the next full one is 600 s after this one
    assert pacer.step(1209.0) == "young" and pacer.step(1210.0) == "full"
