"""Integration tests against the real server: `python run.py serve` in a subprocess on 127.0.0.1.

Nothing is patched: the tests speak HTTP and Socket.IO to the server like the facilitator's
browser, the presenter screen and the phones do. Every wait is bounded.
"""
from __future__ import annotations

import csv
import io
import json
import re
import secrets
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import requests
import socketio

from sessions.files.loader import load_session
from tests.server_process import (
    REPO_ROOT,
    TEST_USER_AGENT,
    RecordingClient,
    ServerProcess,
    console_client,
    login,
    phone_client,
    screen_client,
    screen_token,
    start_live,
)

pytestmark = pytest.mark.timeout(120)

SESSION = load_session(REPO_ROOT / "sessions" / "library" / "1-vertragen-en-verdragen.yaml")
OPEN_INDEX = next(i for i, step in enumerate(SESSION.steps) if step.is_question and step.asked.kind == "open")
OPEN_STEP = SESSION.steps[OPEN_INDEX]
CHOICE_INDEX = next(i for i, step in enumerate(SESSION.steps) if step.is_question and step.asked.kind == "choice")
CHOICE_STEP = SESSION.steps[CHOICE_INDEX]
# A documentation address (RFC 5737) sent as X-Forwarded-For: it must never reach disk or log.
FORWARDED_IP = "198.51.100.23"
# Common Dutch words; every error message must contain at least one of them.
DUTCH_WORDS = {"de", "het", "een", "dit", "deze", "je", "jouw", "niet", "geen", "is", "moet", "te", "van", "met",
               "bericht", "onbekend", "onbekende", "antwoord", "optie", "vraag", "kies", "vul", "maximaal",
               "tekens", "bestaat", "leeg", "vorm", "verkeerd", "type", "ontbreekt", "kenmerk", "geldig"}


# --- fixtures and helpers ------------------------------------------------------------------

@pytest.fixture
def servers(tmp_path):
    """Start servers on demand; every one is stopped (or killed) at teardown."""
    started: list[ServerProcess] = []

    def make(data_dir: Path | None = None, async_mode: str = "eventlet") -> ServerProcess:
        server = ServerProcess(data_dir or tmp_path / "data", async_mode=async_mode)
        started.append(server)
        return server.start()

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def server(request, servers):
    """One running server; parametrize indirectly with the async mode."""
    return servers(async_mode=getattr(request, "param", "eventlet"))


@pytest.fixture
def clients():
    """Register Socket.IO clients here; all are disconnected at teardown."""
    opened: list[RecordingClient] = []
    yield opened
    for client in opened:
        client.close()


def track(clients: list, client: RecordingClient) -> RecordingClient:
    clients.append(client)
    return client


def new_answer_id() -> str:
    return secrets.token_urlsafe(16)  # 22 characters of [A-Za-z0-9_-], as the phone makes them


def assert_ok_ack(ack, answer_id: str, status: str = "stored") -> None:
    assert ack == {"ok": True, "answer_id": answer_id, "status": status}, ack


def assert_dutch_error(ack, code: str | None = None) -> None:
    """An error ack as the protocol describes it: ok false, an error code, a Dutch message."""
    assert isinstance(ack, dict), ack
    assert ack.get("ok") is False, ack
    if code is not None:
        assert ack.get("error") == code, ack
    message = ack.get("message")
    assert isinstance(message, str) and message.strip(), ack
    words = set(re.findall(r"[a-zà-ÿ]+", message.lower()))
    assert words & DUTCH_WORDS, f"message does not look Dutch: {message!r}"


def open_console(server, clients, http, code) -> RecordingClient:
    console = track(clients, console_client(server, http, code))
    console.wait_for("step_changed")
    return console


def go_to(console: RecordingClient, index: int, *others: RecordingClient) -> dict:
    """Move the live session to step `index`; wait until every other client saw it."""
    marks = [client.mark() for client in others]
    ack = console.call("go_to_step", {"index": index})
    assert ack["ok"] is True and ack["position"]["index"] == index, ack
    for client, mark in zip(others, marks, strict=True):
        client.wait_for("step_changed", lambda data: data["index"] == index, since=mark)
    return ack["position"]


def console_and_phone_at_open_question(server, clients) -> tuple[str, RecordingClient, RecordingClient]:
    """A fresh live session (its code) with a console and one phone, both on the first open question."""
    http = login(server)
    code = start_live(http)
    console = open_console(server, clients, http, code)
    phone = track(clients, phone_client(server, code))
    phone.wait_for("step_changed")
    go_to(console, OPEN_INDEX, phone)
    return code, console, phone


def event_text(client: RecordingClient) -> str:
    return json.dumps(client.events, ensure_ascii=False, default=str)


# --- 1. steps reach every audience; a reconnecting phone resyncs ------------------------------

@pytest.mark.parametrize("server", ["eventlet", "gevent"], indirect=True)
def test_steps_reach_phones_and_screen_and_reconnecting_phone_resyncs(server, clients):
    http = login(server)
    code = start_live(http)
    console = open_console(server, clients, http, code)
    screen = track(clients, screen_client(server, screen_token(http, code)))
    phones = [track(clients, phone_client(server, code)) for _ in range(2)]
    audience = [screen, *phones]
    for client in audience:
        assert client.wait_for("step_changed")["index"] == 0

    for action, expected in (("next_step", 1), ("next_step", 2), ("next_step", 3), ("previous_step", 2)):
        marks = [client.mark() for client in (console, *audience)]
        ack = console.call(action, {})
        assert ack["ok"] is True, ack
        assert ack["position"]["index"] == expected
        for client, mark in zip((console, *audience), marks, strict=True):
            seen = client.wait_for("step_changed", lambda data, expected=expected: data["index"] == expected,
                                    since=mark)
            assert seen["code"] == code and seen["count"] == len(SESSION.steps)
            assert seen["step"]["id"] == SESSION.steps[expected].id

    # A phone drops out, the facilitator moves on, the phone comes back: it gets the current step.
    leaving = phones[1]
    leaving.close()
    mark_console, mark_staying = console.mark(), phones[0].mark()
    ack = console.call("next_step", {})
    assert ack["position"]["index"] == 3
    phones[0].wait_for("step_changed", lambda data: data["index"] == 3, since=mark_staying)
    mark = leaving.mark()
    leaving.reconnect()
    assert leaving.wait_for("step_changed", since=mark)["index"] == 3
    assert leaving.call("sync", {}) == {"ok": True, "position": leaving.received("step_changed", since=mark)[0]}
    console.wait_for("phones_counted", lambda data: data["count"] == 2, since=mark_console)


# --- 2. answers go to screen and console, never to phones --------------------------------------

def test_answer_reaches_screen_and_console_but_no_phone(server, clients):
    http = login(server)
    code = start_live(http)
    console = open_console(server, clients, http, code)
    screen = track(clients, screen_client(server, screen_token(http, code)))
    author, other = (track(clients, phone_client(server, code)) for _ in range(2))
    for client in (screen, author, other):
        client.wait_for("step_changed")
    go_to(console, OPEN_INDEX, screen, author, other)

    on_phone = author.received("step_changed")[-1]
    assert on_phone["question"]["open"] is True
    assert "note" not in on_phone["step"]["question"], "the facilitator note reached a phone"
    assert console.received("step_changed")[-1]["step"]["question"].get("note")

    texts = {}
    for phone in (author, other):
        answer_id = new_answer_id()
        texts[answer_id] = f"Ik adem eerst rustig uit ({secrets.token_hex(4)})"
        ack = phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                           "value": {"text": texts[answer_id]}})
        assert_ok_ack(ack, answer_id)

    def has_all(data):
        shown = {(a["id"], a["text"]) for a in data.get("wall", [])}
        return data["step_id"] == OPEN_STEP.id and shown >= set(texts.items())

    def shows_all(data):  # the screen gets display ids, never answer ids (issue 8.3)
        return data["step_id"] == OPEN_STEP.id and {a["text"] for a in data.get("wall", [])} >= set(texts.values())

    on_screen = screen.wait_for("results_updated", shows_all)
    assert on_screen["summary"]["count"] == 2
    assert "answers" not in on_screen, "the screen got the console's moderation list"
    assert not any(answer_id in event_text(screen) for answer_id in texts), "the screen got an answer id"
    on_console = console.wait_for("results_updated", has_all)
    assert {(a["id"], a["text"]) for a in on_console["answers"]} >= set(texts.items())

    # Let at least two more broadcast ticks pass, then look at everything the phones received.
    time.sleep(0.6)
    for phone in (author, other):
        assert phone.call("sync", {})["ok"] is True
        assert "results_updated" not in phone.names(), phone.names()
        received = event_text(phone)
        for answer_id, text in texts.items():
            assert text not in received and answer_id not in received, "a phone received an answer"


# --- 3. every acknowledged answer survives a SIGKILL ---------------------------------------------

def _submit_stream(server, code, stop, acked, errors, per_connection=8):
    """Keep answering from fresh phones until stopped or the server is gone; record ok acks."""
    try:
        while not stop.is_set():
            phone = phone_client(server, code)
            try:
                for _ in range(per_connection):
                    if stop.is_set():
                        return
                    answer_id = new_answer_id()
                    text = f"stroom {answer_id}"
                    ack = phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                                       "value": {"text": text}}, timeout=3)
                    if ack and ack.get("ok"):
                        acked[answer_id] = text
                    else:
                        errors.append(ack)
            finally:
                phone.close()
    except (socketio.exceptions.SocketIOError, OSError):
        return  # the server was killed: unacknowledged answers do not count


def test_every_acknowledged_answer_survives_kill9(servers, clients, tmp_path):
    data_dir = tmp_path / "data"
    server = servers(data_dir)
    http = login(server)
    code = start_live(http)
    console = open_console(server, clients, http, code)
    go_to(console, OPEN_INDEX)

    stream_acked: dict[str, str] = {}
    stream_errors: list = []
    stop = threading.Event()
    streamer = threading.Thread(target=_submit_stream, args=(server, code, stop, stream_acked, stream_errors),
                                daemon=True)
    streamer.start()

    acked: dict[str, str] = {}
    failures: list = []
    lock = threading.Lock()

    def answer_six(phone_number):
        phone = phone_client(server, code)
        try:
            for n in range(6):
                answer_id = new_answer_id()
                text = f"telefoon {phone_number} antwoord {n} {answer_id}"
                ack = phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                                   "value": {"text": text}}, timeout=10)
                with lock:
                    (acked.__setitem__(answer_id, text) if ack == {"ok": True, "answer_id": answer_id,
                                                                   "status": "stored"} else failures.append(ack))
        finally:
            phone.close()

    workers = [threading.Thread(target=answer_six, args=(n,), daemon=True) for n in range(5)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert not any(worker.is_alive() for worker in workers)
    assert failures == [] and len(acked) == 30, failures

    # Kill while the streaming phone is still sending.
    before = len(stream_acked)
    deadline = time.monotonic() + 10
    while len(stream_acked) < before + 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert streamer.is_alive() and len(stream_acked) >= before + 2, "the streaming phone stopped early"
    server.kill9()
    stop.set()
    streamer.join(20)
    assert not streamer.is_alive()
    assert stream_errors == [], stream_errors
    survivors = {**acked, **stream_acked}

    restarted = servers(data_dir)
    http = login(restarted)
    assert http.get(f"{restarted.url}/console/live/{code}", timeout=10).status_code == 200
    phone = track(clients, phone_client(restarted, code))
    position = phone.wait_for("step_changed")
    assert position["index"] == OPEN_INDEX and position["status"] == "live"
    assert position["question"]["open"] is True

    export = http.get(f"{restarted.url}/console/live/{code}/export.csv", timeout=30)
    assert export.status_code == 200, export.text[:2000]
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    column = rows[0].index("antwoord")  # not the last column since the CSV has "thema"
    exported = [row[column] for row in rows[1:] if OPEN_STEP.id in row]
    missing = [text for text in survivors.values() if text not in exported]
    assert missing == [], f"{len(missing)} acknowledged answers missing from the CSV export"
    assert len(exported) == len(set(exported)), "an answer was exported twice"

    restarted.stop()
    with sqlite3.connect(f"file:{restarted.db_path}?mode=ro", uri=True) as db:
        stored = dict(db.execute("SELECT id, json_extract(value, '$.text') FROM answers").fetchall())
    db.close()
    missing_ids = [answer_id for answer_id in survivors if answer_id not in stored]
    assert missing_ids == [], f"{len(missing_ids)} acknowledged answers missing from the database"
    assert all(stored[answer_id] == text for answer_id, text in survivors.items())
    assert len(exported) == len(stored)


# --- 4. privacy: no access log, no address or user agent on disk -----------------------------------

def test_no_access_log_and_no_address_or_user_agent_stored(servers, clients, tmp_path):
    server = servers(tmp_path / "data")
    http = login(server)
    assert "python-requests" in http.headers["User-Agent"]
    http.headers["X-Forwarded-For"] = FORWARDED_IP
    code = start_live(http)
    console = open_console(server, clients, http, code)
    screen = track(clients, screen_client(server, screen_token(http, code)))
    go_to(console, OPEN_INDEX, screen)

    visitor = requests.Session()
    visitor.headers["X-Forwarded-For"] = FORWARDED_IP
    assert visitor.get(f"{server.url}/j/{code}", timeout=10).status_code == 200
    assert visitor.get(f"{server.url}/qr/{code}.svg", timeout=10).status_code == 200
    assert visitor.get(f"{server.url}/j/QQQQQQ" if code != "QQQQQQ" else f"{server.url}/j/RRRRRR",
                       timeout=10).status_code == 404
    answer_ids = []
    for n in range(3):
        phone = track(clients, RecordingClient(server.url, "/phone", auth={"code": code},
                                               headers={"X-Forwarded-For": FORWARDED_IP}).connect())
        answer_id = new_answer_id()
        assert_ok_ack(phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                                   "value": {"text": f"privé antwoord {n}"}}), answer_id)
        answer_ids.append(answer_id)
    screen.wait_for("results_updated", lambda data: data.get("summary", {}).get("count") == 3)
    assert console.call("moderate_answer", {"answer_id": answer_ids[0], "action": "star"})["ok"] is True
    for client in list(clients):
        client.close()
    server.stop()

    log = server.log_text()
    assert log, "the server printed nothing at all"
    for line in log.splitlines():
        assert '"GET /' not in line and '"POST /' not in line and "HTTP/1.1" not in line, f"access log: {line!r}"
        assert FORWARDED_IP not in line, f"client address in the log: {line!r}"
        if "127.0.0.1" in line:  # only the start-up banner's URLs may name the host
            assert f"http://127.0.0.1:{server.port}/" in line, f"client address in the log: {line!r}"
    assert "privé antwoord" not in log, "answer text in the log"

    files = [path for path in server.data_dir.rglob("*") if path.is_file()]
    assert server.db_path in files
    for path in files:
        content = path.read_bytes()
        for forbidden in (b"127.0.0.1", FORWARDED_IP.encode(), b"python-requests", TEST_USER_AGENT.encode(),
                          b"python-socketio", b"websocket-client"):
            assert forbidden not in content, f"{forbidden!r} stored in {path.name}"


# --- 5. a normal restart keeps the live session and its step ---------------------------------------

def test_live_session_and_step_survive_restart(servers, clients, tmp_path):
    data_dir = tmp_path / "data"
    server = servers(data_dir)
    http = login(server)
    code = start_live(http)
    token = screen_token(http, code)
    console = open_console(server, clients, http, code)
    go_to(console, OPEN_INDEX)
    phone = track(clients, phone_client(server, code))
    answer_id = new_answer_id()
    assert_ok_ack(phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                               "value": {"text": "blijft bewaard"}}), answer_id)
    for client in list(clients):
        client.close()
    server.stop()

    restarted = servers(data_dir)
    http = login(restarted)
    assert code in http.get(f"{restarted.url}/console", timeout=10).text
    assert http.get(f"{restarted.url}/console/live/{code}", timeout=10).status_code == 200
    phone = track(clients, phone_client(restarted, code))
    position = phone.wait_for("step_changed")
    assert position["index"] == OPEN_INDEX and position["status"] == "live"
    screen = track(clients, screen_client(restarted, token))
    assert screen.wait_for("step_changed")["index"] == OPEN_INDEX
    console = track(clients, console_client(restarted, http, code))
    results = console.wait_for("results_updated", lambda data: data["step_id"] == OPEN_STEP.id)
    assert [(a["id"], a["text"]) for a in results["answers"]] == [(answer_id, "blijft bewaard")]
    # The same answer sent again after the restart is acknowledged, not stored twice.
    assert_ok_ack(phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                               "value": {"text": "blijft bewaard"}}), answer_id)
    ack = console.call("next_step", {})
    assert ack["ok"] is True and ack["position"]["index"] == OPEN_INDEX + 1


# --- 6. bad input over the real server ------------------------------------------------------------

def test_bad_input_is_refused_and_server_keeps_running(server, clients):
    code, console, phone = console_and_phone_at_open_question(server, clients)

    # A phone cannot drive the session.
    mark = console.mark()
    assert_dutch_error(phone.call("next_step", {}), "unknown_event")
    assert_dutch_error(phone.call("go_to_step", {"index": 0}), "unknown_event")
    assert phone.call("sync", {})["position"]["index"] == OPEN_INDEX
    assert console.received("step_changed", since=mark) == []

    answer_id = new_answer_id()
    good = {"answer_id": answer_id, "step_id": OPEN_STEP.id, "value": {"text": "een echt antwoord"}}
    garbage = [
        ("just a string", "bad_payload"),
        (["submit", answer_id], "bad_payload"),
        (42, "bad_payload"),
        ({}, "bad_payload"),
        ({"answer_id": answer_id, "value": {"text": "x"}}, "bad_payload"),            # no step_id
        ({"answer_id": answer_id, "step_id": OPEN_STEP.id}, "bad_payload"),            # no value
        ({**good, "extra": 1}, "bad_payload"),                                          # unknown key
        ({**good, "value": "een echt antwoord"}, "bad_payload"),                        # value not an object
        ({**good, "step_id": 7}, "bad_payload"),                                        # step_id not text
        ({**good, "value": {"text": 12345}}, "invalid_answer"),                         # text not text
        ({**good, "value": {"text": "a" * 600}}, "invalid_answer"),                     # over 500 characters
        ({**good, "value": {"text": "   "}}, "invalid_answer"),                         # empty
        ({**good, "answer_id": "kort"}, "invalid_answer"),                              # bad answer id
        ({**good, "step_id": CHOICE_STEP.id, "value": {"options": [0]}}, "question_closed"),  # not the current step
    ]
    for payload, code_expected in garbage:
        assert_dutch_error(phone.call("submit_answer", payload), code_expected)
    assert server.running
    # Nothing was stored by the refused attempts: the same id is still free.
    assert_ok_ack(phone.call("submit_answer", good), answer_id)

    go_to(console, CHOICE_INDEX, phone)
    choice_phone = track(clients, phone_client(server, code))  # a fresh rate-limit window
    choice_id = new_answer_id()
    choice = {"answer_id": choice_id, "step_id": CHOICE_STEP.id}
    for value in ({"options": [len(CHOICE_STEP.question.options)]}, {"options": [-1]}, {"options": ["0"]},
                  {"options": [0, 0]}, {"options": [True]}, {"options": []}, {"text": "geen keuze"}):
        assert_dutch_error(choice_phone.call("submit_answer", {**choice, "value": value}), "invalid_answer")
    assert_ok_ack(choice_phone.call("submit_answer", {**choice, "value": {"options": [0, 2]}}), choice_id)
    assert requests.get(server.url + "/", timeout=5).status_code == 200


def test_console_without_login_and_phone_with_wrong_code_are_refused(server, clients):
    http = login(server)
    code = start_live(http)
    anonymous = track(clients, RecordingClient(server.url, "/console", auth={"code": code}))
    with pytest.raises(socketio.exceptions.ConnectionError):
        anonymous.connect()
    assert anonymous.names() == []
    logged_out = requests.Session()
    logged_out.get(server.url + "/login", timeout=10)  # a session cookie, but not logged in
    stranger = track(clients, RecordingClient(server.url, "/console", auth={"code": code},
                                              headers={"Cookie": "; ".join(f"{c.name}={c.value}"
                                                                           for c in logged_out.cookies)}))
    with pytest.raises(socketio.exceptions.ConnectionError):
        stranger.connect()
    wrong = "QQQQQQ" if code != "QQQQQQ" else "RRRRRR"
    for bad_code in (wrong, "", None, 12345, "x" * 500):
        refused = track(clients, phone_client(server, code, connect=False))
        refused.auth = {"code": bad_code}
        with pytest.raises(socketio.exceptions.ConnectionError):
            refused.connect()
        assert refused.names() == []
    with pytest.raises(socketio.exceptions.ConnectionError):
        track(clients, screen_client(server, "geen-echt-token"))
    # The real ones still work.
    assert track(clients, phone_client(server, code)).wait_for("step_changed")["index"] == 0
    assert track(clients, console_client(server, http, code)).wait_for("step_changed")["index"] == 0


def test_refused_connections_carry_the_dutch_reason(server, clients):
    """Protocol: a refused connection gets a connect_error with {message}; phone.js shows the
    'unknown code' page only when that message names the reason ('kennen we niet', …)."""
    http = login(server)
    code = start_live(http)
    wrong = "QQQQQQ" if code != "QQQQQQ" else "RRRRRR"
    phone = track(clients, phone_client(server, wrong, connect=False))
    with pytest.raises(socketio.exceptions.ConnectionError):
        phone.connect()
    assert phone.connect_errors == [{"message": "Deze code kennen we niet, of de leersessie is afgelopen."}]
    console = track(clients, RecordingClient(server.url, "/console", auth={"code": code}))
    with pytest.raises(socketio.exceptions.ConnectionError):
        console.connect()
    assert console.connect_errors == [{"message": "Log eerst in als facilitator."}]


def test_events_without_any_payload_get_bad_payload(server, clients):
    """Protocol: every client event is acknowledged; a missing payload is `bad_payload`, like {}."""
    code, console, phone = console_and_phone_at_open_question(server, clients)
    # python-socketio sends no argument at all when the data is None (as `socket.emit(name, ack)` in JS).
    for event in ("submit_answer", "change_answer", "withdraw_answer"):
        assert_dutch_error(phone.call(event, None), "bad_payload")
    for event in ("go_to_step", "set_blank", "open_question", "close_question", "show_results", "start_timer",
                  "moderate_answer"):
        assert_dutch_error(console.call(event, None), "bad_payload")
    assert phone.call("sync", None)["ok"] is True
    assert console.call("next_step", None)["ok"] is True
