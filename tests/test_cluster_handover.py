"""A process that does not lead hands every change to the leader, the last one of a burst too.

With several processes (`--message-queue`), a process that is not the leader hands the ids of
changed live sessions to the leader, at most once per session per tick. An answer stored while
that process's tick waited for Redis (after the leader had taken the first hand-over) was then
never handed over: the screen stopped at 13 of 16 answers behind Caddy. Here the cluster is a
stand-in that lets an answer arrive exactly then.
"""
from __future__ import annotations

from web.live.broadcast import Broadcaster
from web.live.cluster import LocalCluster


class FollowerCluster(LocalCluster):
    """Never the leader; records hand-overs; an answer arrives while `lead()` waits for Redis."""

    shared = True

    def __init__(self):
        self.handed: list[list[int]] = []
        self.during_lead = None

    def lead(self) -> bool:
        if self.during_lead:
            self.during_lead()
        return False

    def hand_over(self, live_ids) -> None:
        self.handed.append(list(live_ids))


def test_an_answer_stored_while_a_follower_asks_for_the_lead_is_handed_over(app, running):
    cluster = FollowerCluster()
    broadcaster = Broadcaster(app, cluster)
    broadcaster.started = True  # no background task: this test runs the ticks
    broadcaster.mark(running.id)  # answer A: handed over at once
    assert cluster.handed == [[running.id]]
    marked_b = []

    def answer_b():  # after the leader took A's hand-over
        broadcaster.mark(running.id)
        marked_b.append(len(cluster.handed))

    cluster.during_lead = answer_b
    with app.app_context():
        broadcaster.flush()
    assert marked_b and [running.id] in cluster.handed[marked_b[0]:], cluster.handed  # B reaches the leader
    handed = len(cluster.handed)
    cluster.during_lead = None
    with app.app_context():
        broadcaster.flush()  # a quiet tick hands nothing over
    assert not any(cluster.handed[handed:]), cluster.handed
