"""No way around the review (issue 15.1, 15.2, 15.10), against the real server with screening on.

Over raw Socket.IO frames: a phone that changes its answer while the restarted worker
re-screens the old text stays held with the new text; a review decision about a text the
console showed before the phone changed it is refused; and the phone that wrote a held answer
learns the outcome (never the reason). The screen's raw frames never hold a held text.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import threading
import time
from pathlib import Path

import pytest
import websocket

from tests.server_process import ServerProcess, console_client, login, screen_token, start_live
from tests.test_screening_server import OPEN_INDEX, OPEN_STEP, READY_TIMEOUT, RawSocket, review_item, wait_ready

pytestmark = pytest.mark.timeout(420)


class RawPhone:
    """A phone spoken frame by frame: many events sent at once, their acks collected by a reader thread."""

    def __init__(self, url: str, code: str):
        self.ws = websocket.create_connection(url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket",
                                              timeout=30)
        assert str(self.ws.recv()).startswith("0{")
        self.ws.send(f"40/phone,{json.dumps({'code': code})}")
        self.acks: dict[int, dict] = {}
        self.frames: list[str] = []
        self._cond = threading.Condition()
        self._next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                frame = str(self.ws.recv())  # text frames: Socket.IO without binary attachments
            except Exception:  # noqa: BLE001 - closed
                return
            if frame == "2":
                self.ws.send("3")
                continue
            match = re.match(r"43/phone,(\d+)", frame)
            with self._cond:
                self.frames.append(frame)
                if match:
                    self.acks[int(match.group(1))] = json.loads(frame[match.end():])[0]
                self._cond.notify_all()

    def send(self, event: str, data: dict) -> int:
        """Send one event without waiting; the id of its ack."""
        self._next_id += 1
        self.ws.send(f"42/phone,{self._next_id}{json.dumps([event, data])}")
        return self._next_id

    def ack(self, ack_id: int, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        with self._cond:
            while ack_id not in self.acks:
                left = deadline - time.monotonic()
                assert left > 0, f"no ack {ack_id} within {timeout} s"
                self._cond.wait(left)
            return self.acks[ack_id]

    def call(self, event: str, data: dict) -> dict:
        return self.ack(self.send(event, data))

    def events(self, name: str) -> list:
        with self._cond:
            return [json.loads(f[len("42/phone,"):])[1] for f in self.frames
                    if f.startswith("42/phone,") and json.loads(f[len("42/phone,"):])[0] == name]

    def close(self) -> None:
        try:
            self.ws.close()
        except Exception:  # noqa: BLE001 - already gone
            pass


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("races") / "data", screening=True).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def room(server):
    http = login(server)
    code = start_live(http)
    console = console_client(server, http, code)
    watcher = RawSocket(server.url, "/screen", {"token": screen_token(http, code)})
    assert console.call("go_to_step", {"index": OPEN_INDEX})["ok"]
    wait_ready(console)
    yield {"code": code, "console": console, "screen": watcher}
    console.close()
    watcher.close()


def new_id() -> str:
    return secrets.token_urlsafe(16)


def test_a_stale_review_decision_is_refused_and_the_new_text_stays_held(server, room):
    """Issue 15.2: Toestaan / Anonimiseren / Verbergen name the version the console showed."""
    console = room["console"]
    assert console.call("set_review_all", {"enabled": True})["ok"]
    phone = RawPhone(server.url, room["code"])
    try:
        answers = {}
        for action in ("allow", "anonymize", "hide"):
            answer_id = new_id()
            ack = phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                               "value": {"text": f"Fijne sessie vandaag ({action})"}})
            assert ack["held"] is True, ack
            shown = review_item(console, answer_id)
            assert shown["text"] == f"Fijne sessie vandaag ({action})"
            mark = console.mark()
            ack = phone.call("change_answer", {"answer_id": answer_id,
                                               "value": {"text": f"Bel Klaas Bakker op 069876543{len(answers)}"}})
            assert ack["held"] is True, ack
            answers[action] = (answer_id, shown, mark)
        for action, (answer_id, shown, mark) in answers.items():
            if action == "anonymize":
                reply = console.call("anonymize_answer", {"answer_id": answer_id, "text": "Fijne sessie vandaag",
                                                          "version": shown["version"]})
            else:
                reply = console.call("review_answer", {"answer_id": answer_id, "action": action,
                                                       "version": shown["version"]})
            assert reply == {"ok": False, "error": "conflict",
                             "message": "Dit antwoord is intussen gewijzigd. Bekijk de nieuwe tekst en beslis opnieuw."}
            now = review_item(console, answer_id, since=mark)
            assert now["text"].startswith("Bel Klaas Bakker") and now["version"] > shown["version"]
            if action == "hide":  # a decision about the text the console shows now does work
                assert console.call("review_answer", {"answer_id": answer_id, "action": "hide",
                                                      "version": now["version"]})["ok"]
        time.sleep(1.0)  # let the broadcaster send whatever it would send
        assert "Klaas Bakker" not in room["screen"].text() and "Fijne sessie" not in room["screen"].text()
    finally:
        phone.close()
        assert console.call("set_review_all", {"enabled": False})["ok"]


def _worker_pid(server) -> int:
    return next(int(p.parent.name) for p in Path("/proc").glob("[0-9]*/status")
                if re.search(rf"^PPid:\s*{server.process.pid}$", p.read_text(errors="replace"), re.M))


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker through /proc")
def test_a_change_during_rescreening_stays_held(server, room):
    """Issue 15.1: answers held as unscreened while the worker is down, changed while it re-screens them."""
    console = room["console"]
    wait_ready(console)
    mark = console.mark()
    os.kill(_worker_pid(server), 9)
    console.wait_for("review_updated", lambda d: d["screening"] == "starting", since=mark, timeout=15)
    # 200 clean answers arrive while the worker is down: all held as unscreened (10 per connection: the rate limit).
    senders = [RawPhone(server.url, room["code"]) for _ in range(20)]
    changers = [RawPhone(server.url, room["code"]) for _ in range(10)]
    ids = [new_id() for _ in range(200)]
    probes: list[RawPhone] = []
    try:
        sent = [(senders[n // 10], senders[n // 10].send("submit_answer", {
            "answer_id": answer_id, "step_id": OPEN_STEP.id, "value": {"text": f"Rust en ruimte {n}"}}))
            for n, answer_id in enumerate(ids)]
        assert all(phone.ack(ack_id)["held"] for phone, ack_id in sent)
        # The moment the worker is back (a clean probe is no longer held), the re-screening of those 200 runs:
        # change the newest 100 (screened last) to a text with a name and a phone number.
        deadline = time.monotonic() + READY_TIMEOUT
        while True:
            if not probes or len(probes[-1].acks) >= 10:
                probes.append(RawPhone(server.url, room["code"]))
            probe = probes[-1].call("submit_answer", {"answer_id": new_id(), "step_id": OPEN_STEP.id,
                                                      "value": {"text": "Nog even geduld"}})
            if "held" not in probe:
                break
            assert time.monotonic() < deadline, "the worker did not come back"
            time.sleep(0.05)
        changed = {answer_id: f"Bel Jan Jansen op 06{n:08d}" for n, answer_id in enumerate(ids[100:])}
        pending = [(changers[n // 10], changers[n // 10].send("change_answer", {"answer_id": answer_id,
                                                                                 "value": {"text": text}}))
                   for n, (answer_id, text) in enumerate(changed.items())]
        acks = [phone.ack(ack_id) for phone, ack_id in pending]
        assert all(ack["ok"] and ack["held"] for ack in acks), [a for a in acks if not a.get("held")][:3]
        # The re-screening ends and the console's list settles (later on a busy machine): every changed
        # answer is listed, held, with its new text. A hold cleared by a stale result never comes back.
        def settled(data: dict) -> bool:
            listed = {item["id"]: item["text"] for item in data["items"]}
            return data["screening"] == "ready" and all(listed.get(key) == text for key, text in changed.items())
        try:
            console.wait_for("review_updated", settled, since=mark, timeout=30)
        finally:
            last = console.received("review_updated")[-1]
            listed = {item["id"]: item["text"] for item in last["items"]}
            assert {answer_id: listed.get(answer_id) for answer_id in changed} == changed
        time.sleep(1.0)  # one more broadcaster tick, then the screen's frames are complete
        assert "Jansen" not in room["screen"].text()
    finally:
        for phone in senders + changers + probes:
            phone.close()


def test_the_phone_learns_the_outcome_never_the_reason(server, room):
    """Issue 15.10: Toestaan → received, Anonimiseren → received with the redacted text, Verbergen → hidden."""
    console = room["console"]
    wait_ready(console)
    phone, bystander = RawPhone(server.url, room["code"]), RawPhone(server.url, room["code"])
    texts = {"allow": "Met Pieter Oostervaart gesproken over vertrouwen",
             "anonymize": "Bel Priya Wijnbergen op 06-12345678", "hide": "Mail l.drachtsma@gmail.com voor het verslag"}
    try:
        shown = {}
        for action, text in texts.items():
            answer_id = new_id()
            ack = phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                               "value": {"text": text}})
            assert ack["held"] is True, ack
            shown[action] = review_item(console, answer_id)
        ids = [item["id"] for item in shown.values()]
        asked = phone.call("answer_status", {"answer_ids": ids})
        assert asked == {"ok": True, "answers": [{"answer_id": i, "outcome": "held"} for i in ids]}
        for action, item in shown.items():
            if action == "anonymize":
                reply = console.call("anonymize_answer", {"answer_id": item["id"], "text": "Bel [naam] op [telefoon]",
                                                          "version": item["version"]})
            else:
                reply = console.call("review_answer", {"answer_id": item["id"], "action": action,
                                                       "version": item["version"]})
            assert reply["ok"], reply
        deadline = time.monotonic() + 10
        while len(phone.events("answer_reviewed")) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        expected = [{"answer_id": shown["allow"]["id"], "outcome": "received", "value": {"text": texts["allow"]}},
                    {"answer_id": shown["anonymize"]["id"], "outcome": "received",
                     "value": {"text": "Bel [naam] op [telefoon]"}},
                    {"answer_id": shown["hide"]["id"], "outcome": "hidden"}]
        assert phone.events("answer_reviewed") == expected  # no reason, no kinds, no findings
        # A phone that reconnects asks with the ids it holds (its capabilities); an unknown id tells nothing.
        again = RawPhone(server.url, room["code"])
        try:
            asked = again.call("answer_status", {"answer_ids": ids + ["x" * 22]})
            assert asked == {"ok": True, "answers": expected}
            assert again.call("answer_status", {"answer_ids": ["x"] * 51})["error"] == "bad_payload"
        finally:
            again.close()
        assert bystander.events("answer_reviewed") == []
        assert "Wijnbergen" not in "\n".join(bystander.frames) + room["screen"].text()
    finally:
        phone.close()
        bystander.close()
