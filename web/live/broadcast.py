"""The error-ack wrapper, and the coalescing broadcaster, shared by every namespace.

Answers never fan out per phone: the broadcaster sends each live session's aggregate to the
screen and console rooms at most four times per second.
"""
from __future__ import annotations

import functools
import inspect
import logging
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, current_app

from sessions import live as live_rules
from sessions.errors import DomainError
from sessions.phone_view import forget_pages, save_votes
from sessions.snapshots import position_data, results_data, state_data
from sessions.votes import VoteBook
from web.extensions import services, socketio
from web.guarded_json import SocketJson, malformed_ack, quiet_malformed_packets
from web.hyphenation import hyphenate

from .cluster import LocalCluster

# Re-exported to the event modules (`as` marks them so for mypy).
from .rooms import CONSOLE as CONSOLE
from .rooms import PHONE as PHONE
from .rooms import SCREEN as SCREEN
from .rooms import room as room
from .screening import emit_review
from .talkback import emit_talkback
from .talkback import forget as forget_talkback

log = logging.getLogger(__name__)
TICK_SECONDS = 0.25
REFRESH_TICKS = 20  # several processes: every 5 s each process's phone counts are added up again
BUSY_FACTOR = 3  # after a tick that used t seconds of CPU, at least 3 t pass before the next one


def acknowledged(handler: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain errors and malformed payloads into an error ack; never crash the server."""
    # The handler's own positional parameters (self, sid, data): more arguments is a wrong shape.
    accepted = len(inspect.signature(handler).parameters)

    @functools.wraps(handler)
    def wrapped(*args: Any) -> Any:
        if len(args) > accepted:
            return {"ok": False, "error": "bad_payload", "message": "Stuur één bericht-object, geen losse argumenten."}
        try:
            return handler(*args)
        except DomainError as error:
            return {"ok": False, "error": error.code, "message": error.message}
        except Exception:  # a bug must not take the session down; the client gets an answer
            log.exception("event %s failed", handler.__name__)
            return {"ok": False, "error": "server_error", "message": "Er ging iets mis op de server."}
    return wrapped


class Broadcaster:
    """Collects which live sessions changed and sends their results a few times per second."""

    def __init__(self, app: Flask, cluster: LocalCluster | None = None):
        self.app = app
        # Several processes (--message-queue): only the leader sends; the others hand changes over.
        self.cluster = cluster or LocalCluster()
        self.dirty: set[int] = set()
        self.phones: dict[int, int] = {}
        self.phones_dirty: set[int] = set()
        self.votes = VoteBook()  # "herkenbaar": who voted for what, in memory, per run
        self.listeners: list[Any] = []  # called with each live id whose answers may have changed (themes)
        self.started = False
        self.ticks = 0

    def mark(self, live_id: int, answers_changed: bool = True) -> None:
        """Note that the answers, votes or question state of a live session changed."""
        if answers_changed:
            forget_pages(live_id)  # phones reading the others' answers read them again
        if live_id not in self.dirty:
            self.dirty.add(live_id)
            self.cluster.hand_over([live_id])  # to the leader at once: its next tick sends it
        self.ensure_started()

    def phone_joined(self, live_id: int, delta: int) -> None:
        """Count a phone connecting (+1) or leaving (-1)."""
        self.phones[live_id] = max(0, self.phones.get(live_id, 0) + delta)
        self.phones_dirty.add(live_id)
        self.ensure_started()

    def ensure_started(self) -> None:
        """Start the one background task on first use."""
        if not self.started:
            self.started = True
            socketio.start_background_task(self._run)

    def _run(self) -> None:
        # A fixed period, not a fixed pause: a tick that took 50 ms (1,000 answers to aggregate)
        # must not stretch the period to 300 ms, which is what an answer waits for the screen.
        # But ticks use at most a quarter of the CPU: after one that used a lot (thousands of answers
        # on the current question) the next waits three times as long, so the updates never crowd
        # out the answers they report. CPU time, not wall time: on a machine where the server waits
        # for a CPU, backing off would only make the screen later.
        next_tick = earliest = time.monotonic()
        while True:
            next_tick = max(next_tick + TICK_SECONDS, earliest, time.monotonic())
            socketio.sleep(max(0.0, next_tick - time.monotonic()))  # type: ignore[arg-type]  # a float works
            started = time.thread_time()
            try:
                with self.app.app_context():
                    self.flush()
            except Exception:  # keep broadcasting whatever one tick did
                log.exception("broadcast tick failed")
            earliest = time.monotonic() + BUSY_FACTOR * (time.thread_time() - started)

    def flush(self) -> None:
        """Send pending updates: expired countdowns, results, phone counts."""
        store = services().store
        # Every process: one transaction for the votes of this tick, then (again) to the leader, which
        # may have sent this run's results before these counts were stored.
        saved = save_votes(store, self.votes)
        if saved:  # not through `mark`: a run marked before this tick is in `dirty` but must go over again
            self.dirty |= saved
            self.cluster.hand_over(sorted(saved))
        if self.cluster.shared:
            counted, self.phones_dirty = self.phones_dirty, set()
            self.ticks += 1
            if self.ticks % REFRESH_TICKS == 0:  # now and then every count again: a late tick may have let one expire
                counted |= set(self.phones)
            self.cluster.publish_phones(self.phones, counted)  # every tick: keeps this process's counts alive
            if not self.cluster.lead():
                # Handed over in `mark` already, once per tick; again now, because an answer stored
                # after the leader took that first hand-over would otherwise wait for the next one
                # (for ever, at the end of a burst).
                marked, self.dirty = self.dirty, set()
                self.cluster.hand_over(sorted(marked))
                store.checkpoint_if_changed()
                return
            changed, phones_changed = self.cluster.take_changed()
            self.dirty |= changed
            self.phones_dirty |= phones_changed
        for state in live_rules.close_expired(store):
            emit_everywhere("question_changed", state_data(state), state.live_id)
            self.dirty.add(state.live_id)
        counted, self.phones_dirty = self.phones_dirty, set()
        for live_id in counted:
            count = self.cluster.total_phones(live_id, self.phones.get(live_id, 0))
            socketio.emit("phones_counted", {"count": count}, namespace=CONSOLE, to=room(live_id))
        dirty, self.dirty = self.dirty, set()
        for live_id in dirty:
            try:
                emit_results(live_id, self.votes)
                emit_review(live_id)
                emit_talkback(live_id, self.votes)
                for listener in self.listeners:
                    listener(live_id)
            except Exception:  # one session's failure must not cost the others their update
                log.exception("broadcast of live session %s failed", live_id)
        store.checkpoint_if_changed()  # changed/withdrawn answer text out of the WAL, in batches


def unknown_event_ack(event: Any, args: Any = ()) -> dict[str, Any]:
    """The ack of an event a namespace does not know, or of a packet that could not be read."""
    return malformed_ack(event, args) or {"ok": False, "error": "unknown_event", "message": "Onbekend bericht."}


def broadcaster() -> Broadcaster:
    """The broadcaster of the current app."""
    found: Broadcaster = current_app.extensions["leersessie.broadcaster"]
    return found


def emit_everywhere(event: str, data: Any, live_id: int) -> None:
    """Send one event to phones, screen and console of a live session."""
    for namespace in (PHONE, SCREEN, CONSOLE):
        socketio.emit(event, data, namespace=namespace, to=room(live_id))


def emit_position(found: Any) -> None:
    """Send the current step to every audience, each in its own form."""
    store = services().store
    phone_view = position_data(store, found, "phone")
    socketio.emit("step_changed", phone_view, namespace=PHONE, to=room(found.id))
    socketio.emit("step_changed", phone_view, namespace=SCREEN, to=room(found.id))
    socketio.emit("step_changed", position_data(store, found, "console"), namespace=CONSOLE, to=room(found.id))
    broadcaster().mark(found.id)


def emit_results(live_id: int, votes: VoteBook | None = None) -> None:
    """Send the results of the current question to the screen and console."""
    store = services().store
    found = store.live_by_id(live_id)
    if found is None or not found.step.is_question:
        return
    screen_view, console_view = results_data(store, found, found.step, votes.count if votes else None)
    for item in screen_view.get("wall") or ():
        # Dutch syllable breaks for a word too long for its card on a small beamer ("overleg-gen").
        shy = hyphenate(item["text"])
        if shy != item["text"]:
            item["shy"] = shy
    socketio.emit("results_updated", screen_view, namespace=SCREEN, to=room(live_id))
    socketio.emit("results_updated", console_view, namespace=CONSOLE, to=room(live_id))


def announce_end(found: Any) -> None:
    """Tell every audience that a live session ended."""
    emit_everywhere("session_ended", {"code": found.code}, found.id)
    # Nothing that links a vote to a phone outlives the run: only the counts stay (in the store).
    broadcaster().votes.forget(services().store, found.id)
    forget_talkback(found.id)
    # Screens get nothing after the end (their token stops working): out of the room.
    socketio.close_room(room(found.id), namespace=SCREEN)


def init_app(app: Flask) -> None:
    """Give the app its broadcaster (started on first use)."""
    app.extensions["leersessie.broadcaster"] = Broadcaster(app, app.extensions.get("leersessie.cluster"))
    # Unreadable packets become an event every namespace acks (see web/guarded_json.py).
    socketio.server.packet_class.json = SocketJson  # type: ignore[attr-defined]  # set by init_app, not in the stubs
    quiet_malformed_packets()  # and packets broken below the JSON are one log line, not a traceback
