"""Socket.IO events of the console and the presenter screen.

Handlers are thin: parse the payload, let `sessions.live` decide, emit the new state.
"""
from __future__ import annotations

import re

from flask import Flask, request, session
from socketio.exceptions import ConnectionRefusedError

from sessions import live as live_rules
from sessions import payloads, quick, screen_view
from sessions.errors import Forbidden
from sessions.snapshots import position_data, state_data, step_data
from web.extensions import services, socketio
from web.live.broadcast import (
    CONSOLE,
    SCREEN,
    acknowledged,
    announce_end,
    broadcaster,
    emit_everywhere,
    emit_position,
    room,
    unknown_event_ack,
)
from web.live.screening import emit_review
from web.live.talkback import send_to as send_talkback

from .access import accounts, auth

_console_lives: dict[str, int] = {}
_console_logins: dict[str, str] = {}  # connection id -> login id: logout closes that login's consoles
_screen_lives: dict[str, int] = {}


def _console_live():
    live_id = _console_lives.get(request.sid)
    if live_id is None:
        raise Forbidden("Dit mag alleen de facilitator.")
    if not auth.is_facilitator():  # every event: a login ended elsewhere ends here too
        raise Forbidden("Je bent uitgelogd. Log opnieuw in.")
    found = live_rules.require_live(services().store, live_id)
    if not accounts.may_access(found):  # every event: a removed account or a changed owner ends here
        raise Forbidden(accounts.FORBIDDEN)
    return found


def disconnect_login(login_id: str) -> None:
    """Close every console connection of one (ended) login."""
    for sid, owner in list(_console_logins.items()):
        if owner == login_id:
            socketio.server.disconnect(sid, namespace=CONSOLE)  # type: ignore[attr-defined]  # not in the stubs


def on_console_connect(auth_data):
    """Console connects with {code}; refused without a facilitator login."""
    if not auth.is_facilitator():
        raise ConnectionRefusedError("Log eerst in als facilitator.")
    code = auth_data.get("code") if isinstance(auth_data, dict) else None
    found = services().store.live_by_code(live_rules.normalize_code(code))
    if found is None:
        raise ConnectionRefusedError("Deze leersessie bestaat niet.")
    if not accounts.may_access(found):
        raise ConnectionRefusedError(accounts.FORBIDDEN)
    _console_lives[request.sid] = found.id
    _console_logins[request.sid] = session["login"]
    socketio.server.enter_room(request.sid, room(found.id), namespace=CONSOLE)
    socketio.emit("step_changed", position_data(services().store, found, "console"), namespace=CONSOLE, to=request.sid)
    socketio.emit("phones_counted", {"count": broadcaster().phones.get(found.id, 0)}, namespace=CONSOLE, to=request.sid)
    emit_review(found.id, to=request.sid)
    send_talkback(request.sid, CONSOLE, found.id, broadcaster().votes)
    broadcaster().mark(found.id)


def on_screen_connect(auth_data):
    """The presenter screen connects with {token}: the token in its URL."""
    token = auth_data.get("token") if isinstance(auth_data, dict) else None
    well_formed = isinstance(token, str) and re.fullmatch(r"[A-Za-z0-9_-]{1,100}", token, flags=re.ASCII)
    found = services().store.live_by_screen_token(token) if well_formed else None
    if found is None:
        raise ConnectionRefusedError("Dit scherm bestaat niet.")
    if not found.is_live:
        raise ConnectionRefusedError("Deze leersessie is afgelopen.")
    _screen_lives[request.sid] = found.id
    socketio.server.enter_room(request.sid, room(found.id), namespace=SCREEN)
    socketio.emit("step_changed", position_data(services().store, found, "phone"), namespace=SCREEN, to=request.sid)
    send_talkback(request.sid, SCREEN, found.id, broadcaster().votes)
    broadcaster().mark(found.id)


def _moved(found):
    emit_position(found)
    return {"ok": True, "position": position_data(services().store, found, "console")}


@acknowledged
def go_to_step(data=None):
    """Console: jump to a step."""
    message = payloads.parse(payloads.GoToStep, data)
    return _moved(live_rules.enter_step(services().store, _console_live(), message.index))


@acknowledged
def next_step(data=None):
    """Console: the next step (→ or Space)."""
    payloads.parse(payloads.Empty, data)
    found = _console_live()
    last = len(found.content.steps) - 1
    return _moved(live_rules.enter_step(services().store, found, min(found.current_step + 1, last)))


@acknowledged
def previous_step(data=None):
    """Console: the previous step (←)."""
    payloads.parse(payloads.Empty, data)
    found = _console_live()
    return _moved(live_rules.enter_step(services().store, found, max(found.current_step - 1, 0)))


@acknowledged
def set_blank(data=None):
    """Console: blank the screen (B) or show it again."""
    message = payloads.parse(payloads.SetBlank, data)
    return _moved(live_rules.set_blank(services().store, _console_live(), message.blank))


@acknowledged
def set_join_panel(data=None):
    """Console: shrink the join panel on the screen's question slides to a bar, or show it in full."""
    message = payloads.parse(payloads.SetJoinPanel, data)
    return _moved(screen_view.set_join_panel(services().store, _console_live(), message.compact))


@acknowledged
def end_live(data=None):
    """Console: end the live session."""
    payloads.parse(payloads.Empty, data)
    announce_end(live_rules.end_live(services().store, _console_live()))
    return {"ok": True}


def _question_changed(found, state):
    emit_everywhere("question_changed", state_data(state), found.id)
    broadcaster().mark(found.id)
    return {"ok": True, "question": state_data(state)}


@acknowledged
def open_question(data=None):
    """Console: open a question for answers."""
    message, found = payloads.parse(payloads.QuestionRef, data), _console_live()
    return _question_changed(found, live_rules.update_question(services().store, found, message.step_id, is_open=True))


@acknowledged
def close_question(data=None):
    """Console: close (lock) a question."""
    message, found = payloads.parse(payloads.QuestionRef, data), _console_live()
    return _question_changed(found, live_rules.update_question(services().store, found, message.step_id, is_open=False))


@acknowledged
def show_results(data=None):
    """Console: show or hide a question's results on the screen."""
    message, found = payloads.parse(payloads.ShowResults, data), _console_live()
    state = live_rules.update_question(services().store, found, message.step_id, results_visible=message.visible)
    return _question_changed(found, state)


@acknowledged
def start_timer(data=None):
    """Console: start (or with 0 stop) a question's countdown."""
    message, found = payloads.parse(payloads.StartTimer, data), _console_live()
    return _question_changed(found, live_rules.update_question(services().store, found, message.step_id,
                                                                seconds=message.seconds))


@acknowledged
def moderate_answer(data=None):
    """Console: hide, unhide, star, unstar or spotlight an answer."""
    message, found = payloads.parse(payloads.Moderation, data), _console_live()
    answer = live_rules.moderate(services().store, found, message.answer_id, message.action)
    broadcaster().mark(found.id)
    return {"ok": True, "answer": {"id": answer.id, "hidden": answer.hidden, "starred": answer.starred}}


@acknowledged
def add_quick_question(data=None):
    """Console: add a quick question to this live run only; it becomes the next step, open at once (Q)."""
    message, found = payloads.parse(payloads.AddQuickQuestion, data), _console_live()
    moved = quick.add_quick_question(services().store, found, message.prompt, message.kind, message.options)
    return dict(_moved(moved), step=step_data(moved.step, with_note=True))


def unknown_event(event, *args):
    """Console or screen: any event the namespace does not know gets an error ack."""
    return unknown_event_ack(event, args)


def on_disconnect(*args):
    """Forget a console or screen connection."""
    _console_lives.pop(request.sid, None)
    _console_logins.pop(request.sid, None)
    _screen_lives.pop(request.sid, None)


CONSOLE_EVENTS = (go_to_step, next_step, previous_step, set_blank, set_join_panel, end_live, open_question,
                  close_question,
                  show_results, start_timer, moderate_answer,
                  add_quick_question)


def init_app(app: Flask) -> None:
    """Register the console and screen handlers."""
    socketio.on_event("connect", on_console_connect, namespace=CONSOLE)
    socketio.on_event("connect", on_screen_connect, namespace=SCREEN)
    for namespace in (CONSOLE, SCREEN):
        socketio.on_event("disconnect", on_disconnect, namespace=namespace)
        socketio.on_event("*", unknown_event, namespace=namespace)
    for handler in CONSOLE_EVENTS:
        socketio.on_event(handler.__name__, handler, namespace=CONSOLE)
