"""Room safety against the real server with screening on: `run.py serve` in a subprocess, its worker loaded once.

Over Socket.IO: a flagged answer is acked but held, absent from the screen and every export,
listed in the console's review list; Toestaan / Anonimiseren / Verbergen do what they say on
screen and in the PDF; pre-moderation holds a clean answer; and no held answer ever reaches a
phone or the screen, checked on the raw Engine.IO frames they receive.
"""
from __future__ import annotations

import io
import json
import os
import re
import secrets
import signal
import threading
import time
from pathlib import Path

import pytest
import websocket
from pypdf import PdfReader

from sessions.files.loader import load_session
from tests.server_process import (
    REPO_ROOT,
    ServerProcess,
    console_client,
    csrf_token,
    login,
    phone_client,
    screen_token,
    start_live,
)

pytestmark = pytest.mark.timeout(300)

SESSION = load_session(REPO_ROOT / "sessions" / "library" / "1-vertragen-en-verdragen.yaml")
OPEN_INDEX = next(i for i, s in enumerate(SESSION.steps) if s.is_question and s.asked.kind == "open")
OPEN_STEP = SESSION.steps[OPEN_INDEX]
READY_TIMEOUT = 180


class RawSocket:
    """A Socket.IO client spoken by hand over a WebSocket: records every raw frame it receives."""

    def __init__(self, url: str, namespace: str, auth: dict):
        self.frames: list[str | bytes] = []
        self.ws = websocket.create_connection(url.replace("http", "ws") + "/socket.io/?EIO=4&transport=websocket",
                                              timeout=10)
        self.frames.append(self.ws.recv())  # the Engine.IO open packet
        self.ws.send(f"40{namespace},{json.dumps(auth)}")
        self._stop = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while not self._stop:
            try:
                frame = self.ws.recv()
            except Exception:  # noqa: BLE001 - closed
                return
            self.frames.append(frame)
            if frame == "2":
                self.ws.send("3")  # answer the server's ping

    def text(self) -> str:
        return "\n".join(f if isinstance(f, str) else f.decode() for f in self.frames)

    def close(self) -> None:
        self._stop = True
        self.ws.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("screening") / "data", screening=True).start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def room(server):
    """A live session on its open question: facilitator session, console, a raw phone and a raw screen."""
    http = login(server)
    code = start_live(http)
    console = console_client(server, http, code)
    token = screen_token(http, code)
    watchers = {"phone": RawSocket(server.url, "/phone", {"code": code}),
                "screen": RawSocket(server.url, "/screen", {"token": token})}
    ack = console.call("go_to_step", {"index": OPEN_INDEX})
    assert ack["ok"], ack
    yield {"http": http, "code": code, "console": console, "watchers": watchers, "token": token}
    console.close()
    for raw in watchers.values():
        raw.close()


@pytest.fixture
def phone(server, room):
    """A phone of its own per test: one phone's answers across the module would meet the rate limit."""
    client = phone_client(server, room["code"])
    client.wait_for("step_changed", lambda data: data["index"] == OPEN_INDEX, timeout=10)
    yield client
    client.close()


def submit(phone, text: str, step_id: str = OPEN_STEP.id) -> dict:
    ack = phone.call("submit_answer", {"answer_id": secrets.token_urlsafe(16), "step_id": step_id,
                                       "value": {"text": text}})
    assert ack["ok"], ack
    return ack


def wait_ready(console) -> None:
    console.wait_for("review_updated", lambda data: data["screening"] == "ready", timeout=READY_TIMEOUT)


def review_item(console, answer_id: str, since: int = 0) -> dict:
    data = console.wait_for("review_updated", lambda d: any(i["id"] == answer_id for i in d["items"]), since=since,
                            timeout=10)
    return next(item for item in data["items"] if item["id"] == answer_id)


def export_text(room, server, fmt: str) -> str:
    response = room["http"].get(f"{server.url}/console/live/{room['code']}/export.{fmt}", timeout=60)
    assert response.status_code == 200, response.text[:500]
    if fmt == "pdf":
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    return response.content.decode("utf-8-sig")


def screen_wall(room, server) -> str:
    """The screen's newest results, by a fresh raw screen connection after the broadcaster settled."""
    raw = RawSocket(server.url, "/screen", {"token": room["token"]})
    try:
        time.sleep(1.0)
        return raw.text()
    finally:
        raw.close()


def test_01_answers_wait_until_the_screener_is_ready(server, room, phone):
    console = room["console"]
    first = console.wait_for("review_updated", timeout=10)
    if first["screening"] == "starting":  # normally: deduce takes seconds to load
        assert "start op" in first["screening_text"]
        ack = submit(phone, "Rust en ruimte voor de professional")
        assert ack["held"] is True
        item = review_item(console, ack["answer_id"])
        assert item["reason"] == "unscreened"
        wait_ready(console)
        # Screened once the worker is there: clean, so released without the facilitator.
        console.wait_for("review_updated", lambda d: all(i["id"] != ack["answer_id"] for i in d["items"]),
                         timeout=10)
        console.wait_for("results_updated", lambda d: any(a["id"] == ack["answer_id"] for a in d["answers"]),
                         timeout=10)
    wait_ready(console)


def test_02_flagged_answer_is_acked_held_and_listed_for_review(server, room, phone):
    wait_ready(room["console"])
    mark = room["console"].mark()
    ack = submit(phone, "Bij Sanne Zwartveldsma (7) uit de Kerkstraat 12 ging het mis")
    assert ack["held"] is True and set(ack) == {"ok", "answer_id", "status", "held"}  # never the reason
    item = review_item(room["console"], ack["answer_id"], mark)
    assert item["reason"] == "flagged" and set(item["kinds"]) == {"naam", "adres"}
    assert {"text": "Kerkstraat 12", "kind": "adres"} in item["parts"]
    assert "Zwartveldsma" not in screen_wall(room, server)
    for fmt in ("pdf", "csv", "json", "md"):
        assert "Zwartveldsma" not in export_text(room, server, fmt), fmt


def test_03_allow_anonymize_and_hide(server, room, phone):
    console = room["console"]
    wait_ready(console)
    allowed = submit(phone, "Met Pieter Oostervaart gesproken over vertrouwen")
    anonymized = submit(phone, "Bel Priya Wijnbergen op 06-12345678")
    hidden = submit(phone, "Mail l.drachtsma@gmail.com voor het verslag")
    for ack in (allowed, anonymized, hidden):
        assert ack["held"], ack
        review_item(console, ack["answer_id"])
    assert console.call("review_answer", {"answer_id": allowed["answer_id"], "action": "allow", "version": 0})["ok"]
    reply = console.call("anonymize_answer", {"answer_id": anonymized["answer_id"], "text": "Bel [naam] op [telefoon]",
                                              "version": 0})
    assert reply["ok"], reply
    assert console.call("review_answer", {"answer_id": hidden["answer_id"], "action": "hide", "version": 0})["ok"]
    again = console.call("review_answer", {"answer_id": hidden["answer_id"], "action": "allow", "version": 0})
    assert again["error"] == "invalid_action"
    console.wait_for("review_updated", lambda d: not {i["id"] for i in d["items"]} & {
        allowed["answer_id"], anonymized["answer_id"], hidden["answer_id"]})
    wall = screen_wall(room, server)
    assert "Pieter Oostervaart" in wall and "Bel [naam] op [telefoon]" in wall
    assert "Wijnbergen" not in wall and "drachtsma" not in wall
    pdf = export_text(room, server, "pdf")
    assert "Oostervaart" in pdf and "[telefoon]" in pdf
    assert "Wijnbergen" not in pdf and "12345678" not in pdf and "drachtsma" not in pdf
    database = b"".join(p.read_bytes() for p in server.data_dir.glob("leersessie.db*"))
    assert b"Wijnbergen" not in database  # the original of a redacted answer is not kept


def test_04_premoderation_holds_a_clean_answer(server, room, phone):
    console = room["console"]
    reply = console.call("set_question_review", {"step_id": OPEN_STEP.id, "enabled": True})
    assert reply["ok"] and reply["settings"]["questions"][OPEN_STEP.id] is True
    ack = submit(phone, "Vertragen helpt het hele team")
    assert ack["held"] is True and review_item(console, ack["answer_id"])["reason"] == "premoderation"
    assert "Vertragen helpt het hele team" not in screen_wall(room, server)
    assert console.call("set_question_review", {"step_id": OPEN_STEP.id, "enabled": False})["ok"]
    assert console.call("set_review_all", {"enabled": True})["settings"]["all"] is True
    assert submit(phone, "Samen kijken werkt")["held"] is True
    assert console.call("set_review_all", {"enabled": False})["ok"]
    assert "held" not in submit(phone, "Nog een schoon antwoord")
    assert console.call("set_review_all", {"enabled": "ja"})["error"] == "bad_payload"


def test_05_the_opbrengst_check_warns_about_details_in_the_write_up(server, room):
    http = room["http"]
    url = f"{server.url}/api/live/{room['code']}/writeup"
    saved = http.put(url, json={"statement": "We spraken met Ilse Kroonenberg over haar dochter."},
                     headers={"X-CSRF-Token": csrf_token(http)}, timeout=10)
    assert saved.status_code == 200, saved.text
    check = http.get(url + "/screening", timeout=30).json()
    assert check["status"] == "ready" and "de tekst van de opbrengst" in check["checked"]
    statement = {"where": "Tekst van de opbrengst", "kinds": ["naam"], "count": 1}
    # test_03 allowed "Met Pieter Oostervaart …": an answer the exports carry, so the check names it too.
    allowed = [finding for finding in check["findings"] if finding["where"].startswith("Antwoorden op vraag")]
    assert check["findings"] == [statement, *allowed] and len(allowed) == 1 and allowed[0]["kinds"] == ["naam"]
    http.put(url, json={"statement": "Vertragen en verdragen."}, headers={"X-CSRF-Token": csrf_token(http)}, timeout=10)
    assert http.get(url + "/screening", timeout=30).json()["findings"] == allowed


def test_05b_a_burst_is_screened_text_by_text(server, room):
    """Forty texts at the same instant travel to the worker in batches; each gets its own verdict."""
    from concurrent.futures import ThreadPoolExecutor

    wait_ready(room["console"])
    phones = [phone_client(server, room["code"]) for _ in range(8)]
    texts = [(f"Bel Marieke Kolkhuis{n} op 06-1234{n:04d}", True) if n % 3 == 0
             else (f"Rust nummer {n} in het team", False) for n in range(40)]
    try:
        with ThreadPoolExecutor(max_workers=40) as pool:
            acks = list(pool.map(lambda item: submit(phones[item[0] % 8], item[1][0]), enumerate(texts)))
    finally:
        for phone in phones:
            phone.close()
    for (text, detail), ack in zip(texts, acks, strict=True):
        assert bool(ack.get("held")) is detail, (text, ack)
    for (_, detail), ack in zip(texts, acks, strict=True):
        if detail:
            assert review_item(room["console"], ack["answer_id"])["reason"] == "flagged"
    assert "Kolkhuis" not in screen_wall(room, server)


def test_06_no_held_answer_ever_reached_a_phone_or_the_screen(room):
    """The hidden-from-no-one rule, on every raw frame the watching phone and screen received."""
    assert any("results_updated" in frame for frame in room["watchers"]["screen"].frames)
    for name, raw in room["watchers"].items():
        text = raw.text()
        for secret in ("Kolkhuis", "Zwartveldsma", "Kerkstraat", "Wijnbergen", "12345678", "drachtsma",
                       "Vertragen helpt het hele team",
                       "Samen kijken werkt"):
            assert secret not in text, (name, secret)
    assert "Oostervaart" not in room["watchers"]["phone"].text()  # phones never get anyone's answers


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker through /proc")
def test_06b_a_stuck_worker_costs_held_answers_not_waiting_phones(server, room, phone):
    """A worker that answers nothing (stopped here with SIGSTOP) is stuck: its texts are held after ~2 s."""
    import signal

    wait_ready(room["console"])
    worker = next(int(p.parent.name) for p in Path("/proc").glob("[0-9]*/status")
                  if re.search(rf"^PPid:\s*{server.process.pid}$", p.read_text(errors="replace"), re.M))
    os.kill(worker, signal.SIGSTOP)
    try:
        started = time.monotonic()
        ack = submit(phone, "Een antwoord terwijl de controle hangt")
        assert ack["held"] is True and time.monotonic() - started < 8, ack
    finally:
        os.kill(worker, signal.SIGCONT)
    assert "held" not in submit(phone, "En weer een gewoon antwoord")  # it answers again


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="finds the worker through /proc")
def test_07_a_dead_worker_is_restarted_and_answers_wait_meanwhile(server, room, phone):
    console = room["console"]
    wait_ready(console)
    worker = next(int(p.parent.name) for p in Path("/proc").glob("[0-9]*/status")
                  if re.search(rf"^PPid:\s*{server.process.pid}$", p.read_text(errors="replace"), re.M))
    mark = console.mark()
    os.kill(worker, 9)
    console.wait_for("review_updated", lambda d: d["screening"] == "starting", since=mark, timeout=10)
    restarting = console.mark()
    ack = submit(phone, "Een antwoord terwijl de controle herstart")
    assert ack["held"] is True
    console.wait_for("review_updated", lambda d: d["screening"] == "ready", since=restarting, timeout=READY_TIMEOUT)
    console.wait_for("results_updated", lambda d: any(a["id"] == ack["answer_id"] for a in d["answers"]), timeout=10)


def test_07b_an_answer_held_by_a_stalled_worker_is_screened_again_without_a_restart(server, room, phone):
    """A worker that stops answering for a while (but does not die) holds texts as unscreened; once it
    answers again they are screened and a clean one reaches the screen, with no status change at all."""
    console = room["console"]
    wait_ready(console)
    worker = next(int(p.parent.name) for p in Path("/proc").glob("[0-9]*/status")
                  if re.search(rf"^PPid:\s*{server.process.pid}$", p.read_text(errors="replace"), re.M))
    os.kill(worker, signal.SIGSTOP)
    try:
        ack = submit(phone, "Een antwoord terwijl de controle even hapert")
    finally:
        os.kill(worker, signal.SIGCONT)
    assert ack["held"] is True  # timed out: held, never shown unscreened
    item = review_item(console, ack["answer_id"])
    assert item["reason"] == "unscreened"
    console.wait_for("results_updated", lambda d: any(a["id"] == ack["answer_id"] for a in d["answers"]),
                     timeout=30)


def test_08_screening_works_under_gevent_too(tmp_path):
    server = ServerProcess(tmp_path / "data", async_mode="gevent", screening=True).start()
    try:
        http = login(server)
        code = start_live(http)
        console = console_client(server, http, code)
        phone = phone_client(server, code)
        assert console.call("go_to_step", {"index": OPEN_INDEX})["ok"]
        wait_ready(console)
        held = submit(phone, "Bel Priya Wijnbergen op 06-12345678")
        clean = submit(phone, "Rust en ruimte")
        assert held.get("held") is True and "held" not in clean
        assert set(review_item(console, held["answer_id"])["kinds"]) == {"naam", "telefoon"}
        for client in (console, phone):
            client.close()
    finally:
        server.stop()
