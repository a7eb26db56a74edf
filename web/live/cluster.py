"""Several server processes on one data dir (`serve --message-queue redis://…`): what they share.

Flask-SocketIO's own message queue carries every emit to the clients of every process. What
the processes must agree on besides lives here, in Redis, under a prefix of the data dir:
- one process at a time is the *leader* (a lease renewed every broadcast tick): only it closes
  expired countdowns and sends the coalesced results and review lists, so a countdown closes
  once and the screen gets one stream of snapshots, in order;
- the other processes hand the ids of changed live sessions to the leader (a set: at the first
  change of a tick, and again at the tick's end, so a change stored after the leader took the
  first is not left behind), and publish their phone counts (a hash per process that expires
  when the process dies), which the leader adds up;
- one salt for the anonymous keys of addresses, so a rate limit counts a client on every process.
Without a message queue `LocalCluster` keeps the single-process behaviour: always the leader,
nothing leaves the process.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from typing import Any, cast

LEASE_MS = 5000  # a leader that stops renewing (a crash, a stuck process) is replaced after this
COUNT_TTL_S = 60  # the phone counts of a process that died stop counting after this (a starved one still renews)

# Renew the lease when it is ours, or take it when nobody holds it: atomic in Redis.
_LEAD = """
if redis.call('get', KEYS[1]) == ARGV[1] then
    redis.call('pexpire', KEYS[1], ARGV[2])
    return 1
end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0
"""
# Take every id out of a set at once (SMEMBERS + DEL in one step: nothing is taken twice or lost).
_TAKE = """
local members = redis.call('smembers', KEYS[1])
redis.call('del', KEYS[1])
return members
"""


class LocalCluster:
    """One process: it leads, and nothing is shared."""

    shared = False

    def lead(self) -> bool:
        """Whether this process is the leader now."""
        return True

    def hand_over(self, live_ids: Any) -> None:
        """Give changed live sessions to the leader (a no-op: this process is the leader)."""

    def take_changed(self) -> tuple[set[int], set[int]]:
        """(live sessions with changed results, with changed phone counts) handed over by others."""
        return set(), set()

    def publish_phones(self, counts: dict[int, int], changed: Any) -> None:
        """Publish this process's phone counts per live session."""

    def total_phones(self, live_id: int, own: int) -> int:
        """Phones of a live session over every process."""
        return own


class RedisCluster(LocalCluster):
    """Several processes sharing one Redis (the one of the message queue)."""

    shared = True

    def __init__(self, url: str, data_dir: str):
        import redis  # only with --message-queue: a single server needs no Redis client

        self.redis = redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
        self.prefix = f"leersessie:{prefix_of(data_dir)}:"
        self.host = secrets.token_hex(8)
        self._lead = self.redis.register_script(_LEAD)
        self._take = self.redis.register_script(_TAKE)

    def key(self, name: str) -> str:
        return self.prefix + name

    def lead(self) -> bool:
        return bool(self._lead(keys=[self.key("leader")], args=[self.host, LEASE_MS]))

    def hand_over(self, live_ids: Any) -> None:
        if live_ids:
            self.redis.sadd(self.key("changed"), *live_ids)

    def take_changed(self) -> tuple[set[int], set[int]]:
        with self.redis.pipeline() as pipe:
            self._take(keys=[self.key("changed")], client=pipe)
            self._take(keys=[self.key("phones-changed")], client=pipe)
            changed, phones = pipe.execute()
        return {int(i) for i in changed}, {int(i) for i in phones}

    def publish_phones(self, counts: dict[int, int], changed: Any) -> None:
        own = self.key(f"phones:{self.host}")
        with self.redis.pipeline() as pipe:
            if counts:
                pipe.hset(own, mapping={str(live): count for live, count in counts.items()})
                pipe.expire(own, COUNT_TTL_S)
                pipe.sadd(self.key("hosts"), self.host)
            if changed:
                pipe.sadd(self.key("phones-changed"), *changed)
            pipe.execute()

    def total_phones(self, live_id: int, own: int) -> int:
        hosts = [cast(bytes, h).decode() for h in self.redis.smembers(self.key("hosts"))]  # no decode_responses
        with self.redis.pipeline() as pipe:
            for host in hosts:
                pipe.hget(self.key(f"phones:{host}"), str(live_id))
                pipe.exists(self.key(f"phones:{host}"))
            replies = pipe.execute()
        total = 0
        for host, count, alive in zip(hosts, replies[::2], replies[1::2], strict=True):
            if not alive:
                self.redis.srem(self.key("hosts"), host)  # that process is gone
            elif count is not None:
                total += int(count)
        return total

    def shared_salt(self) -> bytes:
        """The salt every process uses for anonymous keys (made by the first, in Redis memory only)."""
        self.redis.set(self.key("salt"), secrets.token_hex(16), nx=True)
        return bytes.fromhex(cast(bytes, self.redis.get(self.key("salt"))).decode())


def prefix_of(data_dir: str) -> str:
    """A short name for a data dir: processes of one data dir share keys, another data dir's never meet them."""
    return hashlib.blake2b(os.path.realpath(data_dir).encode(), digest_size=6).hexdigest()
