"""Socket.IO events of the phones: join by code, submit, change and withdraw answers.

A phone is known only by its connection; nothing about it is stored. An answer is committed
to the store before the ack is returned, so an acknowledged answer survives a crash.
"""
from __future__ import annotations

from flask import Flask, request
from flask_socketio import ConnectionRefusedError

from facilitator.events import PHONE, acknowledged, broadcaster, room, unknown_event
from facilitator.extensions import services, socketio
from sessions import live as live_rules
from sessions import payloads
from sessions.errors import NotFound, RateLimited
from sessions.snapshots import position_data

from .ratelimit import RateLimiter

# Ten answer messages per ten seconds per connection: generous for a person, not for a script.
answer_limiter = RateLimiter(limit=10, window=10)
_phone_lives: dict[str, int] = {}


def on_connect(auth_data):
    """A phone connects with {code}; an unknown or ended code is refused."""
    code = auth_data.get("code") if isinstance(auth_data, dict) else None
    try:
        found = live_rules.running_live(services().store, code)
    except NotFound as error:
        raise ConnectionRefusedError(error.message) from None
    _phone_lives[request.sid] = found.id
    socketio.server.enter_room(request.sid, room(found.id), namespace=PHONE)
    socketio.emit("step_changed", position_data(services().store, found, "phone"), namespace=PHONE, to=request.sid)
    broadcaster().phone_joined(found.id, +1)


def on_disconnect(*args):
    """Forget the connection and its rate-limit history."""
    live_id = _phone_lives.pop(request.sid, None)
    answer_limiter.forget(request.sid)
    if live_id is not None:
        broadcaster().phone_joined(live_id, -1)


def _phone_live():
    live_id = _phone_lives.get(request.sid)
    if live_id is None:
        raise NotFound("Verbind opnieuw met de code van de leersessie.")
    if not answer_limiter.allow(request.sid):
        raise RateLimited("Rustig aan: wacht even en probeer het opnieuw.")
    return live_rules.require_live(services().store, live_id)


def _stored(answer, status: str) -> dict:
    broadcaster().mark(answer.live_id)
    return {"ok": True, "answer_id": answer.id, "status": status}


@acknowledged
def submit_answer(data=None):
    """Phone: a new answer (resending the same one is acknowledged again, not stored twice)."""
    message = payloads.parse(payloads.SubmitAnswer, data)
    answer = live_rules.submit_answer(services().store, _phone_live(), message.answer_id, message.step_id,
                                      message.value)
    return _stored(answer, "stored")


@acknowledged
def change_answer(data=None):
    """Phone: change its own answer while the question is open."""
    message = payloads.parse(payloads.ChangeAnswer, data)
    return _stored(live_rules.change_answer(services().store, _phone_live(), message.answer_id, message.value),
                   "changed")


@acknowledged
def withdraw_answer(data=None):
    """Phone: withdraw its own answer while the question is open."""
    message = payloads.parse(payloads.AnswerRef, data)
    return _stored(live_rules.withdraw_answer(services().store, _phone_live(), message.answer_id), "withdrawn")


@acknowledged
def sync(data=None):
    """Phone: ask for the current step again (after waking from sleep)."""
    payloads.parse(payloads.Empty, data)
    live_id = _phone_lives.get(request.sid)
    if live_id is None:
        raise NotFound("Verbind opnieuw met de code van de leersessie.")
    found = live_rules.require_live(services().store, live_id)
    return {"ok": True, "position": position_data(services().store, found, "phone")}


def init_app(app: Flask) -> None:
    """Register the phone handlers."""
    socketio.on_event("connect", on_connect, namespace=PHONE)
    socketio.on_event("disconnect", on_disconnect, namespace=PHONE)
    socketio.on_event("*", unknown_event, namespace=PHONE)
    for handler in (submit_answer, change_answer, withdraw_answer, sync):
        socketio.on_event(handler.__name__, handler, namespace=PHONE)
