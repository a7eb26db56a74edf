"""Themes against the real server over Socket.IO: suggestions arrive, the facilitator's decisions
survive new answers, and the screen's theme view holds no held, hidden or report-only answer
(raw frames)."""
from __future__ import annotations

import secrets
import time

import pytest

from sessions.files.loader import load_session
from tests import themes_corpus
from tests.server_process import (
    REPO_ROOT,
    ServerProcess,
    console_client,
    login,
    phone_client,
    screen_token,
    start_live,
)
from tests.test_screening_server import RawSocket

pytestmark = pytest.mark.timeout(300)
SESSION = load_session(REPO_ROOT / "sessions" / "library" / "1-vertragen-en-verdragen.yaml")
OPEN_INDEX = next(i for i, s in enumerate(SESSION.steps) if s.is_question and s.asked.kind == "open")
STEP_ID = SESSION.steps[OPEN_INDEX].id
ROWS = themes_corpus.load("tune")["ongemak"]
FIRST, LATER = ROWS[::2], ROWS[1::2]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process = ServerProcess(tmp_path_factory.mktemp("themes") / "data").start()
    yield process
    process.stop()


@pytest.fixture(scope="module")
def room(server):
    http = login(server)
    code = start_live(http)
    console = console_client(server, http, code)
    phone = phone_client(server, code)
    assert console.call("go_to_step", {"index": OPEN_INDEX})["ok"]
    yield {"http": http, "code": code, "console": console, "phone": phone, "token": screen_token(http, code),
           "ids": {}, "server": server}
    console.close()
    phone.close()


def submit(room, text: str, **extra) -> str:
    phone = phone_client(room["server"], room["code"])  # one phone per answer, as in the room
    try:
        ack = phone.call("submit_answer", {"answer_id": secrets.token_urlsafe(16), "step_id": STEP_ID,
                                           "value": {"text": text, **extra}})
    finally:
        phone.close()
    assert ack["ok"], ack
    room["ids"][text] = ack["answer_id"]
    return ack["answer_id"]


def placed(data) -> dict[str, int]:
    return {a["id"]: theme["id"] for theme in data["themes"] for a in theme["answers"]}


def wait_board(room, predicate, since=0, timeout=90):
    return room["console"].wait_for("themes_updated", predicate, since=since, timeout=timeout)


def settle(console, timeout: float = 30) -> None:
    """Wait until the board stays the same for longer than the re-run debounce."""
    deadline, before = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        now = console.call("list_themes", {"step_id": STEP_ID})["themes"]
        if now == before:
            return
        before = now
        time.sleep(2.5)


def test_01_suggestions_arrive(room):
    for _, text in FIRST:
        submit(room, text)
    mark = room["console"].mark()
    ack = room["console"].call("suggest_themes", {"step_id": STEP_ID})
    assert ack["ok"], ack
    ids = set(room["ids"].values())
    data = wait_board(room, lambda d: set(placed(d)) == ids, since=mark)
    assert len(data["themes"]) >= 2 and all(t["label"] and t["status"] == "suggested" for t in data["themes"])
    assert data["loose"] == []


def test_02_move_rename_merge_survive_new_answers(room):
    console = room["console"]
    data = console.call("suggest_themes", {"step_id": STEP_ID})["themes"]
    themes = sorted(data["themes"], key=lambda t: -len(t["answers"]))
    assert len(themes) >= 3, themes
    first, second, third = themes[:3]
    moved = first["answers"][0]["id"]
    assert console.call("move_to_theme", {"step_id": STEP_ID, "answer_id": moved, "theme_id": second["id"]})["ok"]
    assert console.call("rename_theme", {"step_id": STEP_ID, "theme_id": second["id"],
                                         "label": "Onze eigen naam"})["ok"]
    merged = [a["id"] for a in third["answers"]]
    reply = console.call("merge_themes", {"step_id": STEP_ID, "theme_id": third["id"], "into_id": second["id"]})
    assert reply["ok"], reply
    decided = placed(reply["themes"])
    assert decided[moved] == second["id"] and all(decided[a] == second["id"] for a in merged)
    mark = console.mark()
    for _, text in LATER:
        submit(room, text)
    everyone = set(room["ids"].values())
    after = wait_board(room, lambda d: set(placed(d)) == everyone, since=mark)
    where = placed(after)
    assert where[moved] == second["id"] and all(where[a] == second["id"] for a in merged)
    kept = next(t for t in after["themes"] if t["id"] == second["id"])
    assert kept["label"] == "Onze eigen naam" and kept["status"] == "kept"
    assert all(t["id"] != third["id"] for t in after["themes"])


def test_03_bad_theme_events_change_nothing(room):
    console = room["console"]
    before = console.call("suggest_themes", {"step_id": STEP_ID})["themes"]
    theme_id = before["themes"][0]["id"]
    for event, payload in [("rename_theme", {"step_id": STEP_ID, "theme_id": theme_id, "label": "   "}),
                           ("rename_theme", {"step_id": STEP_ID, "theme_id": theme_id, "label": "x\u0007"}),
                           ("merge_themes", {"step_id": STEP_ID, "theme_id": theme_id, "into_id": theme_id}),
                           ("move_to_theme", {"step_id": STEP_ID, "answer_id": "onbekend", "theme_id": theme_id}),
                           ("accept_theme", {"step_id": STEP_ID, "theme_id": 999999}),
                           ("create_theme", {"step_id": STEP_ID, "label": "Nieuw", "answer_ids": [1, 2]}),
                           ("suggest_themes", {"step_id": "bestaat-niet"})]:
        reply = console.call(event, payload)
        assert reply["ok"] is False and reply["message"], (event, reply)
    assert console.call("suggest_themes", {"step_id": STEP_ID})["themes"] == before


def test_04_screen_theme_view_holds_no_held_or_hidden_answer(server, room):
    console = room["console"]
    hidden_text = "Verborgen antwoord over collega en intervisie"
    hidden = submit(room, hidden_text)
    report_text = "Alleen voor het verslag: over het team"
    report = submit(room, report_text, visibility="report")
    assert console.call("set_question_review", {"step_id": STEP_ID, "enabled": True})["ok"]
    held_text = "Vastgehouden antwoord over het team"
    ack = room["phone"].call("submit_answer", {"answer_id": secrets.token_urlsafe(16), "step_id": STEP_ID,
                                               "value": {"text": held_text}})
    assert ack["ok"] and ack["held"], ack
    made = console.call("create_theme", {"step_id": STEP_ID, "label": "Handwerk", "answer_ids": [hidden, report]})
    assert made["ok"], made
    assert console.call("moderate_answer", {"answer_id": hidden, "action": "hide"})["ok"]
    assert console.call("show_themes", {"step_id": STEP_ID, "shown": True})["ok"]
    settle(console)  # the debounced re-run after these changes is done
    raw = RawSocket(server.url, "/screen", {"token": room["token"]})
    try:
        deadline = time.monotonic() + 20
        while '"themes"' not in raw.text() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1.5)
        frames = raw.text()
    finally:
        raw.close()
    assert '"themes"' in frames and "Onze eigen naam" in frames
    assert hidden_text not in frames and held_text not in frames and report_text not in frames
    # "Handwerk" counts only what the wall may show: the engine may have added undecided answers
    # to it (they group with its pinned ones), never the hidden or the report-only one.
    handwerk = next(t for t in console.call("list_themes", {"step_id": STEP_ID})["themes"]["themes"]
                    if t["label"] == "Handwerk")
    shown = [a for a in handwerk["answers"] if a["id"] != report]
    assert hidden not in {a["id"] for a in handwerk["answers"]}
    if shown:
        assert f'"label":"Handwerk","count":{len(shown)},' in frames.replace(": ", ":").replace(", ", ",")
    else:
        assert "Handwerk" not in frames  # a theme with nothing the screen may show is not shown
    assert console.call("set_question_review", {"step_id": STEP_ID, "enabled": False})["ok"]


def test_05_split_and_drop(room):
    console = room["console"]
    data = console.call("list_themes", {"step_id": STEP_ID})["themes"]
    theme = max(data["themes"], key=lambda t: len(t["answers"]))
    apart = [a["id"] for a in theme["answers"][:2]]
    reply = console.call("split_theme", {"step_id": STEP_ID, "theme_id": theme["id"], "answer_ids": apart,
                                         "label": "Apart gezet"})
    assert reply["ok"], reply
    new = next(t for t in reply["themes"]["themes"] if t["label"] == "Apart gezet")
    assert sorted(a["id"] for a in new["answers"]) == sorted(apart) and new["status"] == "kept"
    old = next(t for t in reply["themes"]["themes"] if t["id"] == theme["id"])
    assert old["status"] == "kept" and not set(apart) & {a["id"] for a in old["answers"]}
    reply = console.call("drop_theme", {"step_id": STEP_ID, "theme_id": new["id"]})
    assert reply["ok"] and set(apart) <= {a["id"] for a in reply["themes"]["loose"]}
