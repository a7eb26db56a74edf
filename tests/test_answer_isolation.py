"""One participant's bad answer never fails another's (issue 8.1), in the store and on the real server."""
from __future__ import annotations

import secrets
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import socketio

from sessions import live as live_rules
from sessions.errors import InvalidAnswer
from sessions.store.database import Store
from sessions.text import TextProblem, clean_text, is_blank
from tests.server_process import ServerProcess, console_client, login, start_live
from tests.test_integration_server import OPEN_INDEX, OPEN_STEP, assert_dutch_error

pytestmark = pytest.mark.timeout(180)
LONE_SURROGATE = "eerlijk? \ud800"


def test_text_rules():
    for bad in ("\ud800", "a\udfffb", "bel\x07", "nul\x00", "esc\x1b[31m", "del\x7f"):
        with pytest.raises(TextProblem):
            clean_text(bad)
    assert clean_text("  regel 1\r\nregel 2\t \n") == "regel 1\nregel 2"
    assert clean_text("links \u202egnimmargorp\u202c rechts") == "links gnimmargorp rechts"
    assert clean_text("naam\u200f") == "naam\u200f"  # a plain direction mark stays
    assert is_blank("\u200b\u200c\u2060\ufeff ") and not is_blank("\u200bx")


def test_answer_values_refuse_unfit_text(running, store):
    found = live_rules.enter_step(store, running, OPEN_INDEX)
    for text, reason in (("\ud800", "ongeldig teken"), ("hoi\x1b", "stuurteken"), ("\u200b\u200d", "leeg"),
                         ("\u202e", "leeg")):
        with pytest.raises(InvalidAnswer, match=reason):
            live_rules.submit_answer(store, found, "a" * 22, OPEN_STEP.id, {"text": text})
    stored = live_rules.submit_answer(store, found, "b" * 22, OPEN_STEP.id, {"text": "kijk \u202eom\u202c"})
    assert stored.value == {"text": "kijk om"}


def test_a_failing_row_fails_only_itself_in_a_commit_group(tmp_path, library):
    store = Store(tmp_path / "group.db")
    found = live_rules.enter_step(store, live_rules.start_live(store, library["vertragen-en-verdragen"]), OPEN_INDEX)
    outcomes: dict[str, object] = {}
    start = threading.Barrier(40)

    def insert(number: int):
        answer_id = f"rij{number:04d}".ljust(22, "r")
        # Straight into the store, past every check: the store itself must isolate the row.
        text = "\ud800" if number % 5 == 0 else f"antwoord {number}"
        start.wait(5)
        try:
            outcomes[answer_id] = store.insert_answer(answer_id, found.id, OPEN_STEP.id, {"text": text})
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            outcomes[answer_id] = error

    threads = [threading.Thread(target=insert, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    failed = sorted(key for key, value in outcomes.items() if isinstance(value, Exception))
    assert failed == sorted(f"rij{n:04d}".ljust(22, "r") for n in range(0, 40, 5))
    assert len(store.answers_for_step(found.id, OPEN_STEP.id)) == 32


def test_hundred_honest_phones_all_land_while_an_attacker_sends_lone_surrogates(tmp_path):
    server = ServerProcess(tmp_path / "data").start()
    phones: list[socketio.Client] = []
    try:
        http = login(server)
        code = start_live(http)
        console = console_client(server, http, code)
        assert console.call("go_to_step", {"index": OPEN_INDEX})["ok"]
        def join(_):
            phone = socketio.Client(reconnection=False)
            phones.append(phone)  # before connecting: a failed connect is closed in `finally` too
            phone.connect(server.url, namespaces=["/phone"], auth={"code": code}, transports=["websocket"],
                          wait_timeout=10)

        with ThreadPoolExecutor(16) as pool:  # the room walks in at once, not one by one
            list(pool.map(join, range(101)))
        attacker, honest = phones[0], phones[1:]
        acks: dict[str, object] = {}
        refusals: list = []
        start = threading.Barrier(len(honest) + 9)

        def answer(phone):
            answer_id = secrets.token_urlsafe(16)
            start.wait(20)
            acks[answer_id] = phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id,
                                                           "value": {"text": f"eerlijk {answer_id}"}},
                                         namespace="/phone", timeout=30)

        def attack():
            start.wait(20)
            refusals.append(attacker.call("submit_answer", {"answer_id": secrets.token_urlsafe(16),
                                                            "step_id": OPEN_STEP.id,
                                                            "value": {"text": LONE_SURROGATE}},
                                          namespace="/phone", timeout=30))

        threads = [threading.Thread(target=answer, args=(phone,)) for phone in honest]
        threads += [threading.Thread(target=attack) for _ in range(9)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        not_ok = {key: ack for key, ack in acks.items() if ack != {"ok": True, "answer_id": key, "status": "stored"}}
        assert len(acks) == 100 and not_ok == {}, f"{len(not_ok)} honest answers refused: {list(not_ok.values())[:3]}"
        assert len(refusals) == 9
        for ack in refusals:
            assert_dutch_error(ack, "bad_payload")
        console.close()
    finally:
        for phone in phones:
            phone.disconnect()
        server.stop()
    with sqlite3.connect(f"file:{server.db_path}?mode=ro", uri=True) as db:
        stored = {row[0] for row in db.execute("SELECT id FROM answers")}
    assert stored == set(acks)
    assert "Traceback" not in server.log_text()
