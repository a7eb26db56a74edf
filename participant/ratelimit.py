"""Sliding-window rate limits, in memory only.

Keys are salted hashes (never the raw address), the salt is new at every start, and nothing
here is written to disk or to a log: the limit exists, the participant stays unknown.
"""
from __future__ import annotations

import time
from collections import deque

from web.network import anonymous_key  # noqa: F401 - the participant views import it from here


class RateLimiter:
    """At most `limit` events per `window` seconds per key."""

    def __init__(self, limit: int, window: float, max_keys: int = 50_000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._events: dict[str, deque] = {}

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record one event for `key`; False when it is over the limit."""
        now = time.monotonic() if now is None else now
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self.max_keys:
                self._events.clear()  # bounded memory beats perfect accounting under attack
            events = self._events[key] = deque()
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def is_blocked(self, key: str, now: float | None = None) -> bool:
        """True when `key` used up its events in the current window (records nothing)."""
        now = time.monotonic() if now is None else now
        events = self._events.get(key)
        return bool(events) and sum(1 for t in events if t > now - self.window) >= self.limit

    def forget(self, key: str) -> None:
        """Drop the history of a key (a closed connection)."""
        self._events.pop(key, None)
