"""What the screen may see and what stays on disk (issue 8.3, 8.9, 8.10)."""
from __future__ import annotations

import json
import time
from pathlib import Path

from sessions import live as live_rules
from tests.conftest import step_index
from web.extensions import socketio

ANSWER = "geheim-kenmerk-0000001"


def _results(client, namespace):
    return [m["args"][0] for m in client.get_received(namespace) if m["name"] == "results_updated"]


def test_the_screen_never_receives_answer_ids(app, console, make_phone, running):
    index = step_index(running, "open")
    console.emit("go_to_step", {"index": index}, namespace="/console", callback=True)
    step_id = running.content.steps[index].id
    screen = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    phone = make_phone()
    assert phone.emit("submit_answer", {"answer_id": ANSWER, "step_id": step_id, "value": {"text": "Mijn idee"}},
                      namespace="/phone", callback=True)["ok"]
    console.emit("moderate_answer", {"answer_id": ANSWER, "action": "spotlight"}, namespace="/console", callback=True)
    time.sleep(0.6)
    on_screen = _results(screen, "/screen")[-1]
    assert on_screen["wall"][0]["text"] == "Mijn idee" and on_screen["spotlight"]["text"] == "Mijn idee"
    display = on_screen["wall"][0]["id"]
    assert display == on_screen["spotlight"]["id"] and display != ANSWER
    assert ANSWER not in json.dumps(screen.get_received("/screen") + _results(screen, "/screen"))
    assert _results(console, "/console")[-1]["answers"][0]["id"] == ANSWER  # the console moderates by answer id
    # A display id is no capability: changing or withdrawing with it fails.
    other = make_phone()
    for event, payload in (("change_answer", {"answer_id": display, "value": {"text": "Overschreven"}}),
                           ("withdraw_answer", {"answer_id": display})):
        assert other.emit(event, payload, namespace="/phone", callback=True)["ok"] is False


def test_after_the_end_the_screen_shows_a_closing_slide_and_its_token_stops(app, facilitator, running, store):
    screen = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    assert screen.is_connected("/screen")
    assert facilitator.post(f"/console/live/{running.code}/end",
                            data={"csrf_token": facilitator.csrf}).status_code == 302
    assert "session_ended" in [m["name"] for m in screen.get_received("/screen")]
    page = app.test_client().get(f"/screen/{running.screen_token}")
    assert page.status_code == 410
    html = page.get_data(as_text=True)
    assert 'data-status="ended"' in html and 'data-token=""' in html and 'data-join-url=""' in html
    later = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    assert not later.is_connected("/screen")
    # A screen that stayed connected is out of the room: it gets no more results.
    from web.live.broadcast import emit_results

    screen.get_received("/screen")
    with app.app_context():
        emit_results(running.id)
    assert screen.get_received("/screen") == []


def _on_disk(store) -> bytes:
    return b"".join(Path(store.path + suffix).read_bytes() for suffix in ("", "-wal")
                    if Path(store.path + suffix).exists())


def test_changed_and_withdrawn_text_leaves_the_wal(store, running):
    index = step_index(running, "open")
    found = live_rules.enter_step(store, running, index)
    step_id = found.step.id
    live_rules.submit_answer(store, found, "a" * 22, step_id, {"text": "Oude-tekst-4711"})
    live_rules.submit_answer(store, found, "b" * 22, step_id, {"text": "Ingetrokken-tekst-0815"})
    store._checkpoint()  # both on disk as they were first sent
    live_rules.change_answer(store, found, "a" * 22, {"text": "nieuw"})
    live_rules.withdraw_answer(store, found, "b" * 22)
    assert b"Oude-tekst-4711" in _on_disk(store)  # the old page version is still in the file or WAL
    assert store.checkpoint_if_changed(min_interval=0) is True
    on_disk = _on_disk(store)
    assert b"Oude-tekst-4711" not in on_disk and b"Ingetrokken-tekst-0815" not in on_disk
    assert store.checkpoint_if_changed(min_interval=0) is False  # nothing new to clear


def test_ending_a_session_clears_the_wal(store, running):
    index = step_index(running, "open")
    found = live_rules.enter_step(store, running, index)
    live_rules.submit_answer(store, found, "c" * 22, found.step.id, {"text": "Veranderd-voor-het-einde-42"})
    store._checkpoint()
    live_rules.change_answer(store, found, "c" * 22, {"text": "anders"})
    live_rules.end_live(store, store.live_by_id(found.id))
    assert b"Veranderd-voor-het-einde-42" not in _on_disk(store)
    assert Path(store.path + "-wal").stat().st_size == 0
