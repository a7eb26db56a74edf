"""Console events of the room talking back: questions to the speaker, the phones' view, the wall's order.

Thin handlers: parse, let `sessions.questions` / `sessions.phone_view` decide, mark the session
for the broadcaster (which sends `questions_updated` and `questions_shown` when they changed).
"""
from __future__ import annotations

from flask import Flask

from sessions import payloads, phone_view, questions
from sessions.snapshots import WALL_BY_VOTES
from web.extensions import services, socketio
from web.live.broadcast import CONSOLE, PHONE, acknowledged, broadcaster, room

from .events import _console_live


@acknowledged
def set_questions(data=None):
    """Console: open or close "Vragen" for the run; phones hear it at once."""
    message, found = payloads.parse(payloads.SetOpen, data), _console_live()
    settings = questions.set_open(services().store, found, message.open)
    socketio.emit("questions_opened", {"open": settings["open"]}, namespace=PHONE, to=room(found.id))
    broadcaster().mark(found.id)
    return dict(settings, ok=True)


@acknowledged
def show_questions(data=None):
    """Console: show the top questions on the screen, or take them off."""
    message, found = payloads.parse(payloads.ShowOnScreen, data), _console_live()
    settings = questions.set_on_screen(services().store, found, message.visible)
    broadcaster().mark(found.id)
    return dict(settings, ok=True)


@acknowledged
def moderate_question(data=None):
    """Console: "beantwoord" (answered), unanswered, hide or unhide a question to the speaker."""
    message, found = payloads.parse(payloads.ModerateQuestion, data), _console_live()
    question = questions.moderate(services().store, found, message.question_id, message.action)
    broadcaster().mark(found.id)
    return {"ok": True, "question": {"id": question.id, "status": questions.status(question)}}


@acknowledged
def set_phone_view(data=None):
    """Console: the others' answers on phones on or off, for the run or one question."""
    message, found = payloads.parse(payloads.SetPhoneView, data), _console_live()
    settings = phone_view.set_view(services().store, found, message.enabled, message.step_id)
    # One small message per phone (as for a closed question): a list on a phone goes or comes at once.
    socketio.emit("phone_view_changed", settings, namespace=PHONE, to=room(found.id))
    broadcaster().mark(found.id)
    return {"ok": True, "phone_view": settings}


@acknowledged
def sort_wall(data=None):
    """Console: sort the screen's wall by "herkenbaar" (visible: true) or newest first."""
    message, found = payloads.parse(payloads.ShowOnScreen, data), _console_live()
    services().store.set_switch(found.id, WALL_BY_VOTES, "", message.visible)
    broadcaster().mark(found.id)
    return {"ok": True, "wall_by_votes": message.visible}


def init_app(app: Flask) -> None:
    """Register the talk-back handlers on the console namespace."""
    for handler in (set_questions, show_questions, moderate_question, set_phone_view, sort_wall):
        socketio.on_event(handler.__name__, handler, namespace=CONSOLE)
