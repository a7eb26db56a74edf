"""The screen's join panel: shrunk to a bar from the console, kept by the server, refused when ended or malformed."""
from __future__ import annotations

from sessions import live as live_rules
from web.extensions import socketio


def test_set_join_panel_reaches_the_screen_and_survives_a_reconnect(app, console, running, store):
    screen = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    [first] = [m["args"][0] for m in screen.get_received("/screen") if m["name"] == "step_changed"]
    assert first["join_panel"] == "full"
    ack = console.emit("set_join_panel", {"compact": True}, namespace="/console", callback=True)
    assert ack["ok"] and ack["position"]["join_panel"] == "bar"
    [moved] = [m["args"][0] for m in screen.get_received("/screen") if m["name"] == "step_changed"]
    assert moved["join_panel"] == "bar"
    again = socketio.test_client(app, namespace="/screen", auth={"token": running.screen_token})
    assert [m["args"][0]["join_panel"] for m in again.get_received("/screen") if m["name"] == "step_changed"] == ["bar"]
    assert console.emit("set_join_panel", {"compact": False}, namespace="/console", callback=True)["position"][
        "join_panel"] == "full"


def test_set_join_panel_refuses_bad_payloads_and_ended_sessions(console, running, store):
    for payload in (None, {}, {"compact": "ja"}, {"compact": 1}, {"compact": True, "x": 1}, [True]):
        ack = console.emit("set_join_panel", payload, namespace="/console", callback=True)
        assert not ack["ok"], payload
    live_rules.end_live(store, store.live_by_id(running.id))
    ack = console.emit("set_join_panel", {"compact": True}, namespace="/console", callback=True)
    assert not ack["ok"]
