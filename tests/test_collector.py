"""The paced garbage collector (web/collector.py): survivors frozen, everything collected rarely."""
from __future__ import annotations

import gc

import pytest

from web.collector import Pacer


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()  # this test process must not keep its objects out of the collector's sight


def test_survivors_are_frozen_and_a_full_pass_frees_frozen_cycles_now_and_then(unfrozen):
    pacer = Pacer(now=0.0, full_seconds=600.0)

    class Cycle:
        pass

    cycle = Cycle()
    cycle.me = cycle  # only a full collection can free it
    assert pacer.step(10.0) == "young"
    frozen = gc.get_freeze_count()
    assert frozen > 0
    del cycle
    assert not any(type(o) is Cycle for o in gc.get_objects())  # frozen: out of the collector's sight
    gc.collect()
    assert gc.get_freeze_count() >= frozen  # an ordinary full pass leaves the frozen ones alone
    assert pacer.step(599.0) == "young"
    assert pacer.step(610.0) == "full"
    gc.unfreeze()
    assert not any(type(o) is Cycle for o in gc.get_objects())  # the full pass freed the dead cycle
    assert pacer.step(620.0) == "young"  # the next full one is 600 s after this one
    assert pacer.step(1209.0) == "young" and pacer.step(1210.0) == "full"
