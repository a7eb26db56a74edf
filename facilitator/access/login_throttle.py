"""Login throttling that decides before the password hash runs, so a flood costs almost nothing.

Checking a password costs ~0.15 s of CPU (scrypt). Every attempt first passes `admit`:
- at most QUEUE_LIMIT checks run or wait at once; beyond that: refused at once (429);
- one check at a time per source (address; behind a trusted proxy the forwarded one, in
  memory only, as a salted hash); the first wrong password costs nothing (a typo, retyped at
  once), each further one makes that source wait 0.5 s, 1 s, then 2 s at most;
- per account a budget of ACCOUNT_BURST checks, refilled ACCOUNT_RATE per second, shared by all
  sources: guessing from many addresses stays slow, yet a flood locks the real facilitator
  out for about a second after it ends, never longer.
Refused attempts are not checked and do not count as failures. Nothing here is written.

With several server processes (`--message-queue`) the waiting times and the account budgets
are shared through Redis (`shared`: the cluster of web/live/cluster.py): each admit/done reads and
writes the source's and the account's state under one short Redis lock, on wall-clock time.
The queue limit (it protects this process's CPU) and "one check at a time per source" stay per
process. The keys are salted hashes and expire after FORGET_AFTER_SECONDS.
"""
from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass

QUEUE_LIMIT = 8
FREE_FAILURES = 1
FIRST_DELAY_SECONDS = 0.5
MAX_DELAY_SECONDS = 2.0  # short: a flood from the facilitator's own address ends 2 s after it stops
FORGET_AFTER_SECONDS = 600.0
ACCOUNT_RATE = 2.0
ACCOUNT_BURST = 10.0
MAX_SOURCES = 10_000


@dataclass
class _Source:
    failures: int = 0
    blocked_until: float = 0.0
    checking: bool = False
    last_seen: float = 0.0


@dataclass
class _Budget:
    tokens: float = ACCOUNT_BURST
    updated: float = 0.0


class LoginThrottle:
    """The waiting rules of one app's login form; `now` is injectable for tests."""

    def __init__(self, clock=None, shared=None):
        self.shared = shared if shared is not None and shared.shared else None
        # Shared state needs one clock for every process: the wall clock; alone, the monotonic one.
        self.clock = clock or (time.time if self.shared else time.monotonic)
        # A green lock under eventlet/gevent; held across a yield only for the short Redis calls when shared.
        self._lock = threading.Lock()
        self._sources: dict[str, _Source] = {}
        self._budgets: dict[str, _Budget] = {}
        self.in_flight = 0

    def admit(self, source: str, account: str = "") -> float:
        """0 when a check may run now (then call `done` afterwards); else the seconds to wait."""
        now = self.clock()
        with self._lock:
            if self.in_flight >= QUEUE_LIMIT:
                return 1.0
            with self._synced(source, account):
                return self._admit(source, account, now)

    def _admit(self, source: str, account: str, now: float) -> float:
        state = self._source(source, now)
        if state.checking:
            return 1.0
        if now < state.blocked_until:
            return state.blocked_until - now
        budget = self._budgets.setdefault(account, _Budget(updated=now))
        budget.tokens = min(ACCOUNT_BURST, budget.tokens + (now - budget.updated) * ACCOUNT_RATE)
        budget.updated = now
        if budget.tokens < 1:
            return (1 - budget.tokens) / ACCOUNT_RATE
        budget.tokens -= 1
        state.checking = True
        self.in_flight += 1
        return 0.0

    def refusal(self, source: str) -> float:
        """The seconds `admit` would make this source wait (0: it may try); changes nothing."""
        now = self.clock()
        with self._lock:
            if self.in_flight >= QUEUE_LIMIT:
                return 1.0
            with self._synced(source, None):  # shared: what the other processes recorded too
                state = self._sources.get(source)
                if state is None:
                    return 0.0
                if state.checking:
                    return 1.0
                return max(0.0, state.blocked_until - now)

    def done(self, source: str, ok: bool) -> None:
        """Record the outcome of an admitted check."""
        now = self.clock()
        with self._lock:
            self.in_flight -= 1
            with self._synced(source, None):
                state = self._source(source, now)
                state.checking = False
                if ok:
                    state.failures, state.blocked_until = 0, 0.0
                else:
                    state.failures += 1
                    if state.failures > FREE_FAILURES:
                        delay = FIRST_DELAY_SECONDS * 2 ** (state.failures - FREE_FAILURES - 1)
                        state.blocked_until = now + min(MAX_DELAY_SECONDS, delay)

    @contextmanager
    def _synced(self, source: str, account: str | None):
        """Alone: nothing. Shared: load this source's and account's state from Redis, write it back after."""
        if self.shared is None:
            yield
            return
        redis, key = self.shared.redis, self.shared.key
        with redis.lock(key("throttle-lock"), timeout=2, blocking_timeout=2):
            stored = redis.get(key(f"throttle:source:{source}"))
            if stored is not None:
                checking = self._sources[source].checking if source in self._sources else False
                self._sources[source] = _Source(**json.loads(stored))
                self._sources[source].checking = checking  # per process: a dead process must not block a source
            if account is not None:
                stored = redis.get(key(f"throttle:account:{account}"))
                if stored is not None:
                    self._budgets[account] = _Budget(**json.loads(stored))
            yield
            state = self._sources.get(source)
            if state is not None:
                redis.set(key(f"throttle:source:{source}"), json.dumps({**asdict(state), "checking": False}),
                          ex=int(FORGET_AFTER_SECONDS))
            if account is not None and account in self._budgets:
                redis.set(key(f"throttle:account:{account}"), json.dumps(asdict(self._budgets[account])),
                          ex=int(FORGET_AFTER_SECONDS))

    def _source(self, source: str, now: float) -> _Source:
        state = self._sources.get(source)
        if state is None or (now - state.last_seen > FORGET_AFTER_SECONDS and not state.checking):
            if len(self._sources) >= MAX_SOURCES:
                # Bounded memory under a flood from many addresses; the account budget still holds.
                self._sources = {key: value for key, value in self._sources.items() if value.checking}
            state = self._sources[source] = _Source()
        state.last_seen = now
        return state
