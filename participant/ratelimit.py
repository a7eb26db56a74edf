"""Sliding-window rate limits, in memory only.

Keys are salted hashes (never the raw address), the salt is new at every start, and nothing
here is written to disk or to a log: the limit exists, the participant stays unknown.
"""
from __future__ import annotations

import secrets
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
        if not events:
            return False
        return sum(1 for t in events if t > now - self.window) >= self.limit

    def forget(self, key: str) -> None:
        """Drop the history of a key (a closed connection)."""
        self._events.pop(key, None)


# A sliding window in one Redis sorted set per key, checked and recorded in one atomic step.
_ALLOW = """
local now, window, limit = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('zremrangebyscore', KEYS[1], '-inf', now - window)
if redis.call('zcard', KEYS[1]) >= limit then return 0 end
redis.call('zadd', KEYS[1], now, ARGV[4])
redis.call('pexpire', KEYS[1], math.ceil(window * 1000))
return 1
"""


class SharedRateLimiter(RateLimiter):
    """The same limit over several server processes: the windows live in Redis (--message-queue).

    Keys are the same salted hashes (one salt for all processes, see web/live/cluster.py); each
    window expires with its last event, so Redis holds nothing older than the window."""

    def __init__(self, redis, prefix: str, limit: int, window: float):
        super().__init__(limit, window)
        self.redis, self.prefix = redis, prefix
        self._allow = redis.register_script(_ALLOW)

    def allow(self, key: str, now: float | None = None) -> bool:
        """Record one event for `key` in every process's count; False when it is over the limit."""
        now = time.time() if now is None else now
        event = f"{now}:{secrets.token_hex(4)}"  # unique: two processes may record the same instant
        return bool(self._allow(keys=[self.prefix + key], args=[now, self.window, self.limit, event]))

    def is_blocked(self, key: str, now: float | None = None) -> bool:
        """True when `key` used up its events in the current window (records nothing)."""
        now = time.time() if now is None else now
        return self.redis.zcount(self.prefix + key, f"({now - self.window}", "+inf") >= self.limit

    def forget(self, key: str) -> None:
        """Drop the history of a key."""
        self.redis.delete(self.prefix + key)
