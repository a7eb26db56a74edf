"""Socket.IO events with the test client: every event, every refusal, no fan-out to phones."""
from __future__ import annotations

import time

import pytest

from tests.conftest import step_index
from web.extensions import socketio

ANSWER = "q" * 22


def names(client, namespace):
    return [message["name"] for message in client.get_received(namespace)]


def received(client, namespace, event):
    return [m["args"][0] for m in client.get_received(namespace) if m["name"] == event]


def go(console, index):
    ack = console.emit("go_to_step", {"index": index}, namespace="/console", callback=True)
    assert ack["ok"], ack
    return ack["position"]


def test_phone_gets_current_step_on_connect_without_note(make_phone, console, running):
    go(console, step_index(running, "choice"))
    phone = make_phone()
    [position] = received(phone, "/phone", "step_changed")
    assert position["step"]["question"]["kind"] == "choice"
    assert "note" not in position["step"]["question"] and position["code"] == running.code


def test_console_steps_reach_phones_and_screen(app, console, make_phone, running):
    phone = make_phone()
    screen = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    phone.get_received("/phone"), screen.get_received("/screen")
    for event in ("next_step", "next_step", "previous_step"):
        assert console.emit(event, {}, namespace="/console", callback=True)["ok"]
    assert [p["index"] for p in received(phone, "/phone", "step_changed")] == [1, 2, 1]
    assert [p["index"] for p in received(screen, "/screen", "step_changed")] == [1, 2, 1]
    assert console.emit("set_blank", {"blank": True}, namespace="/console", callback=True)["position"]["blank"]


def test_console_position_carries_note_and_next_step(console, running):
    index = step_index(running, "choice")
    position = go(console, index)
    assert position["step"]["question"]["note"]
    assert position["next_step"]["id"] == running.content.steps[index + 1].id


def test_answer_ack_and_idempotent_resend(make_phone, console, running, store):
    index = step_index(running, "open")
    go(console, index)
    phone = make_phone()
    step_id = running.content.steps[index].id
    payload = {"answer_id": ANSWER, "step_id": step_id, "value": {"text": "Samen volhouden"}}
    assert phone.emit("submit_answer", payload, namespace="/phone", callback=True) == {
        "ok": True, "answer_id": ANSWER, "status": "stored"}
    assert phone.emit("submit_answer", payload, namespace="/phone", callback=True)["ok"]
    assert len(store.answers_for_step(running.id, step_id)) == 1
    changed = phone.emit("change_answer", {"answer_id": ANSWER, "value": {"text": "Anders"}}, namespace="/phone",
                         callback=True)
    assert changed["status"] == "changed" and store.answer(ANSWER).value == {"text": "Anders"}
    withdrawn = phone.emit("withdraw_answer", {"answer_id": ANSWER}, namespace="/phone", callback=True)
    assert withdrawn["status"] == "withdrawn" and store.answer(ANSWER).value is None


@pytest.mark.parametrize("payload, error", [
    ("tekst", "bad_payload"),
    ([1, 2], "bad_payload"),
    ({}, "bad_payload"),
    ({"answer_id": ANSWER, "step_id": "x"}, "bad_payload"),
    ({"answer_id": ANSWER, "step_id": 5, "value": {"text": "x"}}, "bad_payload"),
    ({"answer_id": ANSWER, "step_id": "x", "value": "x"}, "bad_payload"),
    ({"answer_id": ANSWER, "step_id": "x", "value": {}, "extra": 1}, "bad_payload"),
    ({"answer_id": ANSWER, "step_id": "bestaat-niet", "value": {"text": "x"}}, "not_found"),
    ({"answer_id": "kort", "step_id": "OPEN", "value": {"text": "x"}}, "invalid_answer"),
    ({"answer_id": ANSWER, "step_id": "OPEN", "value": {"text": "x" * 501}}, "invalid_answer"),
    ({"answer_id": ANSWER, "step_id": "OPEN", "value": {"words": ["x"]}}, "invalid_answer"),
    ({"answer_id": ANSWER, "step_id": "CHOICE", "value": {"options": [0]}}, "question_closed"),
])
def test_bad_answers_get_an_error_ack_and_store_nothing(make_phone, console, running, store, payload, error):
    index = step_index(running, "open")
    go(console, index)
    if isinstance(payload, dict) and payload.get("step_id") in ("OPEN", "CHOICE"):
        kind = payload["step_id"].lower()
        payload = dict(payload, step_id=running.content.steps[step_index(running, kind)].id)
    phone = make_phone()
    ack = phone.emit("submit_answer", payload, namespace="/phone", callback=True)
    assert ack["ok"] is False and ack["error"] == error and ack["message"], ack
    assert store.answers_for_live(running.id) == []


def test_scale_and_choice_values_are_checked(make_phone, console, store, library):
    from sessions import live as live_rules

    found = live_rules.start_live(store, library["analyseren"])
    scale = next(i for i, s in enumerate(found.content.steps) if s.is_question and s.question.kind == "scale")
    live_rules.enter_step(store, found, scale)
    phone = make_phone(found.code)
    step = found.content.steps[scale]
    for bad in ({"value": step.question.max + 1}, {"value": "3"}, {"value": True}):
        ack = phone.emit("submit_answer", {"answer_id": ANSWER, "step_id": step.id, "value": bad}, namespace="/phone",
                         callback=True)
        assert ack["error"] == "invalid_answer"
    ok = phone.emit("submit_answer", {"answer_id": ANSWER, "step_id": step.id, "value": {"value": step.question.min}},
                    namespace="/phone", callback=True)
    assert ok["ok"]


def test_phone_cannot_send_facilitator_events(make_phone, running, store):
    phone = make_phone()
    for event in ("next_step", "go_to_step", "end_live", "moderate_answer", "close_question"):
        ack = phone.emit(event, {"index": 3}, namespace="/phone", callback=True)
        assert ack == {"ok": False, "error": "unknown_event", "message": "Onbekend bericht."}
    assert store.live_by_id(running.id).current_step == 0 and store.live_by_id(running.id).is_live


def test_refused_connections(app, running):
    assert not socketio.test_client(app, namespace="/phone", auth={"code": "ZZZZZZ"}).is_connected("/phone")
    assert not socketio.test_client(app, namespace="/phone", auth=None).is_connected("/phone")
    assert not socketio.test_client(app, namespace="/console", auth={"code": running.code}).is_connected("/console")
    assert not socketio.test_client(app, namespace="/screen", auth={"token": "geraden"}).is_connected("/screen")
    assert socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token}).is_connected("/screen")


def test_screen_cannot_send_events(app, running):
    screen = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    assert screen.emit("next_step", {}, namespace="/screen", callback=True)["error"] == "unknown_event"


def test_console_bad_payloads(console, running, store):
    for event, payload in (("go_to_step", {"index": "3"}), ("go_to_step", {"index": 999}), ("go_to_step", None),
                           ("set_blank", {"blank": "ja"}), ("open_question", {"step_id": "step-1"}),
                           ("start_timer", {"step_id": "x", "seconds": -5}), ("moderate_answer", {"answer_id": 1}),
                           ("show_results", {"step_id": 3, "visible": True}), ("next_step", "x")):
        ack = console.emit(event, payload, namespace="/console", callback=True)
        assert ack["ok"] is False and ack["message"], (event, ack)
    assert store.live_by_id(running.id).current_step == 0


def test_question_controls_and_timer(console, make_phone, running, store):
    index = step_index(running, "open")
    go(console, index)
    step_id = running.content.steps[index].id
    phone = make_phone()
    phone.get_received("/phone")
    assert console.emit("close_question", {"step_id": step_id}, namespace="/console",
                        callback=True)["question"]["open"] is False
    assert received(phone, "/phone", "question_changed")[-1]["open"] is False
    ack = phone.emit("submit_answer", {"answer_id": ANSWER, "step_id": step_id, "value": {"text": "te laat"}},
                     namespace="/phone", callback=True)
    assert ack["error"] == "question_closed" and ack["message"] == "Deze vraag is gesloten."
    assert console.emit("open_question", {"step_id": step_id}, namespace="/console", callback=True)["question"]["open"]
    timer = console.emit("start_timer", {"step_id": step_id, "seconds": 1}, namespace="/console", callback=True)
    assert timer["question"]["remaining_seconds"] == 1
    deadline = time.time() + 5
    while time.time() < deadline and store.question_state(running.id, step_id).is_open:
        time.sleep(0.1)
    assert not store.question_state(running.id, step_id).is_open
    time.sleep(0.3)
    assert any(not q["open"] for q in received(phone, "/phone", "question_changed"))
    hidden = console.emit("show_results", {"step_id": step_id, "visible": False}, namespace="/console", callback=True)
    assert hidden["question"]["results_visible"] is False


def test_results_are_coalesced_and_never_reach_phones(app, console, make_phone, running):
    index = step_index(running, "open")
    go(console, index)
    step_id = running.content.steps[index].id
    screen = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    phones = [make_phone() for _ in range(5)]
    time.sleep(0.4)
    screen.get_received("/screen"), console.get_received("/console")
    for number, phone in enumerate(phones):
        phone.get_received("/phone")
        for repeat in range(3):
            ack = phone.emit("submit_answer", {"answer_id": f"{number}{repeat}".ljust(22, "z"), "step_id": step_id,
                                               "value": {"text": f"<script>alert({number})</script>"}},
                             namespace="/phone", callback=True)
            assert ack["ok"]
    time.sleep(0.6)
    updates = received(screen, "/screen", "results_updated")
    assert 1 <= len(updates) <= 4  # 15 answers in well under a second: a few coalesced updates
    assert updates[-1]["summary"]["count"] == 15
    assert updates[-1]["wall"][0]["text"] == "<script>alert(4)</script>"  # text, escaped by the client
    for phone in phones:
        assert "results_updated" not in names(phone, "/phone")


def test_moderation_hides_from_screen_and_spotlights(app, console, make_phone, running):
    index = step_index(running, "open")
    go(console, index)
    step_id = running.content.steps[index].id
    screen = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    phone = make_phone()
    phone.emit("submit_answer", {"answer_id": ANSWER, "step_id": step_id, "value": {"text": "Verberg mij"}},
               namespace="/phone", callback=True)
    assert console.emit("moderate_answer", {"answer_id": ANSWER, "action": "hide"}, namespace="/console",
                        callback=True)["answer"]["hidden"]
    time.sleep(0.6)
    last = received(screen, "/screen", "results_updated")[-1]
    assert last["wall"] == [] and last["summary"]["count"] == 0
    console_view = received(console, "/console", "results_updated")[-1]
    assert console_view["answers"][0]["hidden"] is True
    console.emit("moderate_answer", {"answer_id": ANSWER, "action": "unhide"}, namespace="/console", callback=True)
    console.emit("moderate_answer", {"answer_id": ANSWER, "action": "spotlight"}, namespace="/console", callback=True)
    time.sleep(0.6)
    assert received(screen, "/screen", "results_updated")[-1]["spotlight"]["text"] == "Verberg mij"


def test_choice_below_k_is_not_listed_to_the_console(console, make_phone, running):
    index = step_index(running, "choice")
    go(console, index)
    step_id = running.content.steps[index].id
    make_phone().emit("submit_answer", {"answer_id": ANSWER, "step_id": step_id, "value": {"options": [1]}},
                      namespace="/phone", callback=True)
    time.sleep(0.6)
    last = received(console, "/console", "results_updated")[-1]
    assert last["summary"]["withheld"] and last["answers"] == [] and "options" not in last["summary"]


def test_answer_flood_is_rate_limited(console, make_phone, running, store):
    index = step_index(running, "open")
    go(console, index)
    step_id = running.content.steps[index].id
    phone = make_phone()
    acks = [phone.emit("submit_answer", {"answer_id": f"flood{n:02d}".ljust(22, "f"), "step_id": step_id,
                                         "value": {"text": "spam"}}, namespace="/phone", callback=True)
            for n in range(15)]
    assert sum(a["ok"] for a in acks) == 10
    assert acks[-1]["error"] == "rate_limited" and acks[-1]["message"]
    assert len(store.answers_for_step(running.id, step_id)) == 10


def test_end_live_tells_everyone(console, make_phone, running, store):
    phone = make_phone()
    assert console.emit("end_live", {}, namespace="/console", callback=True)["ok"]
    assert received(phone, "/phone", "session_ended") == [{"code": running.code}]
    assert not store.live_by_id(running.id).is_live


def test_phone_sync_returns_position(make_phone, running):
    ack = make_phone().emit("sync", {}, namespace="/phone", callback=True)
    assert ack["ok"] and ack["position"]["index"] == 0


def test_phones_are_counted_for_the_console(console, make_phone):
    phones = [make_phone() for _ in range(3)]
    phones[0].disconnect(namespace="/phone")
    time.sleep(0.6)
    counts = received(console, "/console", "phones_counted")
    assert counts[-1] == {"count": 2}
