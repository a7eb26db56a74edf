"""Socket.IO events of the phones: join by code, submit, change and withdraw answers.

A phone is known only by its connection; nothing about it is stored. An answer is committed
to the store before the ack is returned, so an acknowledged answer survives a crash.

These handlers sit directly on the python-socketio server, not behind Flask-SocketIO's
per-event Flask request context: phones never need Flask (no cookie, no session), and a room
of phones answering at once is the hottest path of the whole server.
"""
from __future__ import annotations

from flask import Flask
from socketio.exceptions import ConnectionRefusedError

from sessions import live as live_rules
from sessions import payloads
from sessions.errors import NotFound, RateLimited
from sessions.review import queue as review_queue
from sessions.snapshots import position_data
from web.extensions import Services, socketio
from web.live.broadcast import PHONE, Broadcaster, acknowledged, room, unknown_event_ack

from .ratelimit import RateLimiter, anonymous_key
from .talkback_events import VOTER
from .talkback_events import register as register_talkback
from .views import TOO_MANY


class PhoneEvents:
    """The `/phone` namespace of one app: which connection follows which live session."""

    def __init__(self, services: Services, broadcaster: Broadcaster, code_limiter: RateLimiter, screening=None):
        self.services, self.broadcaster, self.code_limiter = services, broadcaster, code_limiter
        # Screens open, words and "Anders" texts in the worker process; None when it cannot now.
        self.screen = screening.screen if screening is not None else None
        self.lives: dict[str, int] = {}  # connection id -> live session id, in memory only
        # connection id -> the random token the phone made for this run (for "herkenbaar"), in memory only
        self.voters: dict[str, str] = {}
        # Ten answer messages per ten seconds per connection: generous for a person, not a script.
        self.answer_limiter = RateLimiter(limit=10, window=10)
        self.status_limiter = RateLimiter(limit=10, window=10)
        # held answer id -> the connection that sent it (or last asked about it), in memory only and
        # only while it is held: the facilitator's decision is pushed there as `answer_reviewed`.
        self.held_by: dict[str, str] = {}

    def connect(self, sid, environ, auth_data=None):
        """A phone connects with {code}; an unknown or ended code is refused."""
        code = auth_data.get("code") if isinstance(auth_data, dict) else None
        try:
            found = live_rules.running_live(self.services.store, code)
        except NotFound as error:
            # The same wrong-code limit as the join page (shared counter); a right code always connects.
            if not self.code_limiter.allow(anonymous_key(environ.get("REMOTE_ADDR") or "")):
                raise ConnectionRefusedError(TOO_MANY) from None
            raise ConnectionRefusedError(error.message) from None
        self.lives[sid] = found.id
        voter = auth_data.get("voter")
        self.voters[sid] = voter if isinstance(voter, str) and VOTER.fullmatch(voter) else sid
        socketio.server.enter_room(sid, room(found.id), namespace=PHONE)
        socketio.emit("step_changed", position_data(self.services.store, found, "phone"), namespace=PHONE, to=sid)
        self.broadcaster.phone_joined(found.id, +1)

    def disconnect(self, sid, *reason):
        """Forget the connection and its rate-limit history."""
        live_id = self.lives.pop(sid, None)
        self.voters.pop(sid, None)
        self.answer_limiter.forget(sid)
        self.status_limiter.forget(sid)
        for answer_id in [key for key, owner in self.held_by.items() if owner == sid]:
            del self.held_by[answer_id]
        self.talkback.disconnect(sid)
        if live_id is not None:
            self.broadcaster.phone_joined(live_id, -1)

    def _live_of(self, sid):
        live_id = self.lives.get(sid)
        if live_id is None:
            raise NotFound("Verbind opnieuw met de code van de leersessie.")
        if not self.answer_limiter.allow(sid):
            raise RateLimited("Rustig aan: wacht even en probeer het opnieuw.")
        return live_rules.require_live(self.services.store, live_id)

    def _stored(self, answer, status: str, sid: str | None = None) -> dict:
        # A new answer only adds to what phones may read (they see it within a tick); a change or
        # withdrawal may take text off the screen, so the phones' cached pages go at once.
        self.broadcaster.mark(answer.live_id, answers_changed=status != "stored")
        if sid is not None:  # the phone cannot mark its own answer as herkenbaar
            self.broadcaster.votes.note_own(answer.live_id, self.voters.get(sid, sid), answer.seq)
        ack = {"ok": True, "answer_id": answer.id, "status": status}
        if answer.review is not None:
            ack["held"] = True  # the phone says "wordt eerst bekeken", never why
        return ack

    def _follow(self, answer, sid: str) -> None:
        """Remember which connection waits for the decision about a held answer (forget it otherwise)."""
        if answer.review is not None and answer.value is not None:
            self.held_by[answer.id] = sid
        else:
            self.held_by.pop(answer.id, None)

    def answer_reviewed(self, answer) -> None:
        """Tell the connection that sent a held answer what the facilitator decided (never why)."""
        sid = self.held_by.pop(answer.id, None)
        if sid is not None and self.lives.get(sid) == answer.live_id:
            socketio.emit("answer_reviewed", review_queue.phone_outcome(answer), namespace=PHONE, to=sid)

    @acknowledged
    def submit_answer(self, sid, data=None):
        """Phone: a new answer (resending the same one is acknowledged again, not stored twice)."""
        message = payloads.parse(payloads.SubmitAnswer, data)
        answer = live_rules.submit_answer(self.services.store, self._live_of(sid), message.answer_id,
                                          message.step_id, message.value, self.screen)
        self._follow(answer, sid)
        return self._stored(answer, "stored", sid)

    @acknowledged
    def change_answer(self, sid, data=None):
        """Phone: change its own answer while the question is open."""
        message = payloads.parse(payloads.ChangeAnswer, data)
        answer = live_rules.change_answer(self.services.store, self._live_of(sid), message.answer_id, message.value,
                                          self.screen)
        self._follow(answer, sid)
        return self._stored(answer, "changed")

    @acknowledged
    def withdraw_answer(self, sid, data=None):
        """Phone: withdraw its own answer while the question is open."""
        message = payloads.parse(payloads.AnswerRef, data)
        answer = live_rules.withdraw_answer(self.services.store, self._live_of(sid), message.answer_id)
        self._follow(answer, sid)
        return self._stored(answer, "withdrawn")

    @acknowledged
    def answer_status(self, sid, data=None):
        """Phone: what became of its own answers (on reconnect, and while some are held); never why."""
        message = payloads.parse(payloads.AnswerStatus, data)
        live_id = self.lives.get(sid)
        if live_id is None:
            raise NotFound("Verbind opnieuw met de code van de leersessie.")
        if not self.status_limiter.allow(sid):
            raise RateLimited("Rustig aan: wacht even en probeer het opnieuw.")
        found = live_rules.require_live(self.services.store, live_id)
        outcomes = review_queue.phone_outcomes(self.services.store, found, message.answer_ids)
        for outcome in outcomes:
            if outcome["outcome"] == "held":
                self.held_by[outcome["answer_id"]] = sid  # a reconnected phone hears the decision too
        return {"ok": True, "answers": outcomes}

    @acknowledged
    def sync(self, sid, data=None):
        """Phone: ask for the current step again (after waking from sleep)."""
        payloads.parse(payloads.Empty, data)
        live_id = self.lives.get(sid)
        if live_id is None:
            raise NotFound("Verbind opnieuw met de code van de leersessie.")
        found = live_rules.require_live(self.services.store, live_id)
        return {"ok": True, "position": position_data(self.services.store, found, "phone")}

    def unknown_event(self, event, sid, *args):
        """Phone: any other event (say `next_step`) is not for phones; an unreadable packet is bad_payload."""
        return unknown_event_ack(event, args)


def init_app(app: Flask) -> None:
    """Register the phone handlers on this app's Socket.IO server."""
    phones = PhoneEvents(app.extensions["leersessie"], app.extensions["leersessie.broadcaster"],
                         app.extensions["leersessie.code_limiter"], app.extensions.get("leersessie.screening"))
    app.extensions["leersessie.phones"] = phones
    server = socketio.server  # type: ignore[attr-defined]  # set by init_app, not in the stubs
    for name in ("connect", "disconnect", "submit_answer", "change_answer", "withdraw_answer", "answer_status",
                 "sync"):
        server.on(name, getattr(phones, name), namespace=PHONE)
    register_talkback(phones, server)
    server.on("*", phones.unknown_event, namespace=PHONE)
