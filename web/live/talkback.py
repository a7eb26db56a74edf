"""The console's and the screen's view of the room talking back: questions to the speaker, switches.

`questions_updated` goes to the console (every question with votes and status, the switches);
`questions_shown` goes to the screen (the top questions while the facilitator shows them, else
none). Both only when they changed; phones ask for what they read (`participant/talkback_events.py`).
"""
from __future__ import annotations

import json
from typing import Any

from sessions import phone_view, questions
from sessions.snapshots import WALL_BY_VOTES
from web.extensions import services, socketio

from .rooms import CONSOLE, SCREEN, room

_last_sent: dict[tuple[Any, ...], str] = {}


def console_data(store: Any, found: Any, book: Any) -> dict[str, Any]:
    """What `questions_updated` carries: the questions by votes and the facilitator's switches."""
    return dict(questions.settings(store, found), items=questions.console_list(store, found, book),
                phone_view=phone_view.view_settings(store, found),
                wall_by_votes=bool(store.switches(found.id, WALL_BY_VOTES).get("")))


def screen_data(store: Any, found: Any, book: Any) -> dict[str, Any]:
    """What `questions_shown` carries: the top questions, or none while they are not shown."""
    shown = questions.settings(store, found)["on_screen"]
    return {"visible": shown, "items": questions.screen_list(store, found, book) if shown else []}


def _send_if_changed(event: str, data: dict[str, Any], namespace: str, live_id: int) -> None:
    encoded = json.dumps(data, sort_keys=True)
    key = (event, id(socketio.server), live_id)  # type: ignore[attr-defined]  # not in the stubs
    if _last_sent.get(key) != encoded:
        _last_sent[key] = encoded
        socketio.emit(event, data, namespace=namespace, to=room(live_id))


def emit_talkback(live_id: int, book: Any) -> None:
    """Send the questions to the console and the screen of a live session when they changed."""
    store = services().store
    found = store.live_by_id(live_id)
    if found is None or not found.is_live:
        return
    _send_if_changed("questions_updated", console_data(store, found, book), CONSOLE, live_id)
    _send_if_changed("questions_shown", screen_data(store, found, book), SCREEN, live_id)


def send_to(sid: str, namespace: str, live_id: int, book: Any) -> None:
    """Send the current state to one console or screen that just connected."""
    store = services().store
    found = store.live_by_id(live_id)
    if found is None:
        return
    if namespace == CONSOLE:
        socketio.emit("questions_updated", console_data(store, found, book), namespace=CONSOLE, to=sid)
    else:
        socketio.emit("questions_shown", screen_data(store, found, book), namespace=SCREEN, to=sid)


def forget(live_id: int) -> None:
    """The run ended: drop what was last sent for it."""
    for key in [key for key in _last_sent if key[2] == live_id]:
        _last_sent.pop(key, None)
