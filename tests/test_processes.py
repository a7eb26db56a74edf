"""Several server processes, one room: two real `run.py serve --message-queue redis://…` on one data dir.

The console is on process 1, the screen on process 2, phones on both: every audience sees the
same live session, in order, with nothing lost or doubled; a countdown closes once; a held
answer is released once; the phone count adds up; a server without the queue is refused.
"""
from __future__ import annotations

import secrets
import shutil
import time

import pytest

from sessions.files.loader import load_session
from tests.server_process import (
    REPO_ROOT,
    RedisProcess,
    ServerProcess,
    console_client,
    login,
    phone_client,
    screen_client,
    screen_token,
    start_live,
)

pytestmark = [pytest.mark.timeout(180),
              pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs Debian's redis-server")]

SESSION = load_session(REPO_ROOT / "sessions" / "library" / "1-vertragen-en-verdragen.yaml")
OPEN_INDEX = next(i for i, s in enumerate(SESSION.steps) if s.is_question and s.asked.kind == "open")
OPEN_STEP = SESSION.steps[OPEN_INDEX]


@pytest.fixture(scope="module")
def processes(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("processes") / "data"
    redis = RedisProcess().start()
    servers = []
    try:
        for _ in range(2):
            servers.append(ServerProcess(data_dir, extra_args=("--message-queue", redis.url)).start())
        yield servers
    finally:
        for server in servers:
            server.stop()
            print(f"--- log of the process on port {server.port}:\n{server.log_text()[-4000:]}")  # shown on failure
        redis.stop()


@pytest.fixture(scope="module")
def room(processes):
    one, two = processes
    http = login(one)
    code = start_live(http)
    console = console_client(one, http, code)
    screen = screen_client(two, screen_token(http, code))
    phones = [phone_client(server, code) for server in (one, two, one, two)]
    yield {"http": http, "code": code, "console": console, "screen": screen, "phones": phones}
    for client in (console, screen, *phones):
        client.close()


def submit(phone, text: str) -> dict:
    answer_id = secrets.token_urlsafe(16)
    ack = phone.call("submit_answer", {"answer_id": answer_id, "step_id": OPEN_STEP.id, "value": {"text": text}})
    assert ack["ok"] and ack["answer_id"] == answer_id, ack
    return ack


def test_01_a_step_reaches_every_audience_on_both_processes(room):
    marks = [client.mark() for client in (room["screen"], *room["phones"])]
    assert room["console"].call("go_to_step", {"index": OPEN_INDEX})["ok"]
    for client, mark in zip((room["screen"], *room["phones"]), marks, strict=True):
        client.wait_for("step_changed", lambda d: d["index"] == OPEN_INDEX, since=mark, timeout=10)
    # Four phones over two processes, one count: the leader adds up both processes' phones.
    room["console"].wait_for("phones_counted", lambda d: d["count"] == 4, timeout=10)


def test_02_answers_from_both_processes_reach_screen_and_console_once_in_order(room):
    acks = [submit(phone, f"antwoord {n} via telefoon {i}") for n in range(3) for i, phone in enumerate(room["phones"])]
    ids = {ack["answer_id"] for ack in acks}
    latest = room["console"].wait_for("results_updated", lambda d: ids <= {a["id"] for a in d["answers"]}, timeout=10)
    listed = [a["id"] for a in latest["answers"]]
    assert len(listed) == len(set(listed)) == 12
    room["screen"].wait_for("results_updated", lambda d: d["summary"]["count"] == 12, timeout=10)
    # One stream of snapshots, in order: the screen's count never goes back.
    counts = [d["summary"]["count"] for d in room["screen"].received("results_updated")]
    assert counts == sorted(counts), counts
    texts = [w["text"] for w in room["screen"].received("results_updated")[-1]["wall"]]
    assert len(texts) == len(set(texts)) == 12


def test_03_a_held_answer_is_released_once(room):
    console, screen = room["console"], room["screen"]
    assert console.call("set_question_review", {"step_id": OPEN_STEP.id, "enabled": True})["ok"]
    ack = submit(room["phones"][1], "Eerst bekijken, via proces twee")  # a phone on process 2
    assert ack["held"] is True
    listed = console.wait_for("review_updated", lambda d: any(i["id"] == ack["answer_id"] for i in d["items"]),
                              timeout=10)
    item = next(i for i in listed["items"] if i["id"] == ack["answer_id"])
    assert "Eerst bekijken" not in str(screen.received("results_updated"))
    mark = screen.mark()
    decision = {"answer_id": ack["answer_id"], "action": "allow", "version": item["version"]}
    assert console.call("review_answer", decision)["ok"]
    assert not console.call("review_answer", decision)["ok"]
    screen.wait_for("results_updated", lambda d: d["summary"]["count"] == 13, since=mark, timeout=10)
    time.sleep(1.0)  # a few more ticks: a second release would show now
    walls = [[w["text"] for w in d["wall"]] for d in screen.received("results_updated", since=mark)]
    assert all(wall.count("Eerst bekijken, via proces twee") <= 1 for wall in walls)
    assert walls[-1].count("Eerst bekijken, via proces twee") == 1 and len(walls[-1]) == 13
    assert console.call("set_question_review", {"step_id": OPEN_STEP.id, "enabled": False})["ok"]


def test_03b_herkenbaar_votes_from_both_processes_add_up(room):
    """Each process keeps its own vote book and adds its changes to the stored count: they add up."""
    target = submit(room["phones"][2], "Herkenbaar op beide processen")  # a phone on process 1
    voters = [room["phones"][i] for i in (0, 1, 3)]  # process 1, 2, 2
    for voter in voters:
        own = submit(voter, f"eigen antwoord {secrets.token_hex(3)}")
        page = voter.call("list_answers", {"step_id": OPEN_STEP.id, "answer_id": own["answer_id"], "limit": 50})
        display_id = next(i["display_id"] for i in page["items"] if i["text"] == "Herkenbaar op beide processen")
        assert voter.call("vote", {"display_id": display_id, "on": True})["ok"]
        assert voter.call("vote", {"display_id": display_id, "on": True})["ok"]  # twice: counts once
    room["console"].wait_for("results_updated", lambda d: any(
        a["id"] == target["answer_id"] and a["votes"] == 3 for a in d["answers"]), timeout=10)


def test_04_a_countdown_closes_once_for_everyone(room):
    clients = (room["console"], room["screen"], *room["phones"])
    marks = [client.mark() for client in clients]
    assert room["console"].call("start_timer", {"step_id": OPEN_STEP.id, "seconds": 2})["ok"]
    for client, mark in zip(clients, marks, strict=True):
        client.wait_for("question_changed", lambda d: not d["open"], since=mark, timeout=15)
    time.sleep(1.5)  # both processes tick a few more times: a second close would arrive now
    for client, mark in zip(clients, marks, strict=True):
        closes = [d for d in client.received("question_changed", since=mark) if not d["open"]]
        assert len(closes) == 1, closes
    for phone in room["phones"][:2]:  # one phone per process: closed everywhere
        ack = phone.call("submit_answer", {"answer_id": secrets.token_urlsafe(16), "step_id": OPEN_STEP.id,
                                           "value": {"text": "te laat"}})
        assert ack["error"] == "question_closed", ack


def test_05_a_server_without_the_queue_is_refused_on_that_data_dir(processes):
    alone = ServerProcess(processes[0].data_dir)
    with pytest.raises(RuntimeError, match="al in gebruik"):
        alone.start()


def test_06_a_gevent_process_joins_the_same_room(processes, room):
    """gevent must work too: a third process under gevent on the same queue and data dir."""
    queue = processes[0].extra_args[processes[0].extra_args.index("--message-queue") + 1]
    third = ServerProcess(processes[0].data_dir, async_mode="gevent", extra_args=("--message-queue", queue)).start()
    try:
        phone = phone_client(third, room["code"])
        try:
            assert room["console"].call("open_question", {"step_id": OPEN_STEP.id})["ok"]
            phone.wait_for("question_changed", lambda d: d["open"], timeout=10)
            ack = submit(phone, "Via gevent beantwoord")
            assert "held" not in ack
            room["screen"].wait_for("results_updated", lambda d: any(w["text"] == "Via gevent beantwoord"
                                                                     for w in d["wall"]), timeout=10)
        finally:
            phone.close()
    finally:
        third.stop()


def test_07_the_wrong_code_limit_counts_over_both_processes(processes):
    """20 wrong codes per minute per client: ten on each process use it up (a process alone would allow 20 more)."""
    import requests

    for server in processes:
        for n in range(10):
            assert requests.get(f"{server.url}/j/ZZZZ{n:02d}", timeout=10).status_code == 404
    assert requests.get(f"{processes[1].url}/j/ZZZZ99", timeout=10).status_code == 429
    assert requests.get(f"{processes[0].url}/j/ZZZZ98", timeout=10).status_code == 429


def test_08_login_throttling_follows_a_source_to_the_other_process(processes):
    """Wrong passwords on process 1 and then 2 are one source's failures: the wait they earn holds on both."""
    import requests

    from tests.server_process import _CSRF_INPUT

    def wrong(server, http) -> int:
        found = _CSRF_INPUT.search(http.get(f"{server.url}/login", timeout=10).text)
        assert found, "no csrf_token on /login"
        token = found.group(1)
        return http.post(f"{server.url}/login", data={"password": "fout", "csrf_token": token},
                         allow_redirects=False, timeout=30).status_code

    one, two = processes
    http = requests.Session()
    assert wrong(one, http) == 401  # the first wrong password is free
    assert wrong(one, http) == 401  # the second: this source waits 0.5 s
    time.sleep(0.7)
    assert wrong(two, http) == 401  # the third, on the other process: now 1 s
    assert wrong(one, http) == 429  # process 1 knows what process 2 recorded
