"""Issue 17 against the real server over Socket.IO: answers on phones, herkenbaar, questions, report-only.

Privacy is asserted on raw Engine.IO frames: a report-only answer and a held question are in no
frame a phone or the screen receives, but report-only answers are in the exports.
"""
from __future__ import annotations

import csv
import io
import json
import secrets

import pytest

from tests.server_process import (
    RecordingClient,
    ServerProcess,
    console_client,
    login,
    phone_client,
    screen_client,
    screen_token,
    start_live,
)
from tests.test_integration_server import CHOICE_INDEX, CHOICE_STEP, OPEN_INDEX, OPEN_STEP

pytestmark = pytest.mark.timeout(120)

SECRET = "Alleen-voor-het-verslag-Zebrapad"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with ServerProcess(tmp_path_factory.mktemp("talkback") / "data") as running:
        yield running


@pytest.fixture
def room(server):
    """A fresh live run with a console (at the open question), a screen and raw-frame recording."""
    opened: list[RecordingClient] = []
    http = login(server)
    code = start_live(http)

    def client(make, *args, raw=True, auth=None):
        made = make(server, *args, connect=False)
        if auth:
            made.auth = dict(made.auth, **auth)
        made.frames = []
        if raw:
            def record(data, sio=made.sio, frames=made.frames):
                frames.append(data if isinstance(data, str) else repr(data))
                sio._handle_eio_message(data)
            made.sio.eio.on("message", record)
        opened.append(made.connect())
        made.wait_for("step_changed")
        return made

    console = client(console_client, http, code)
    screen = client(screen_client, screen_token(http, code))
    ack = console.call("go_to_step", {"index": OPEN_INDEX})
    assert ack["ok"], ack

    class Room:
        pass
    result = Room()
    result.http, result.code, result.console, result.screen = http, code, console, screen
    result.phone = lambda **auth: client(phone_client, code, auth=auth or None)
    yield result
    for made in opened:
        made.close()


def new_id() -> str:
    return secrets.token_urlsafe(16)


def answer(phone, text, visibility=None, step=OPEN_STEP):
    value = {"text": text} if visibility is None else {"text": text, "visibility": visibility}
    answer_id = new_id()
    ack = phone.call("submit_answer", {"answer_id": answer_id, "step_id": step.id, "value": value})
    assert ack["ok"] is True, ack
    return answer_id


def frames_text(*clients) -> str:
    return "\n".join(frame for client in clients for frame in client.frames)


def export(room, fmt):
    response = room.http.get(f"{room.http.base_url}/console/live/{room.code}/export.{fmt}", timeout=30)
    assert response.status_code == 200, response.text[:500]
    return response


# --- 4. report-only answers ----------------------------------------------------------------------

def test_a_report_only_answer_reaches_no_phone_and_no_screen_but_every_export(room):
    mine, other = room.phone(), room.phone()
    own_id = answer(mine, SECRET, "report")
    visible_id = answer(other, "Op het scherm mag dit")
    answer(mine, "Nog een gewoon antwoord")
    room.screen.wait_for("results_updated", lambda d: d["summary"]["count"] == 2)
    console = room.console.wait_for("results_updated", lambda d: len(d.get("answers", [])) == 3)
    marked = {a["id"]: a for a in console["answers"]}
    assert marked[own_id]["report_only"] is True and marked[visible_id]["report_only"] is False
    assert console["summary"]["count"] == 2  # the screen's aggregate: without the report-only answer
    page = other.call("list_answers", {"step_id": OPEN_STEP.id, "answer_id": visible_id})
    assert page["ok"] is True
    assert [i["text"] for i in page["items"]] == ["Nog een gewoon antwoord", "Op het scherm mag dit"]
    # Raw frames: the text never went to a phone (not even its sender's own socket) or the screen.
    assert SECRET not in frames_text(mine, other, room.screen)
    assert SECRET in frames_text(room.console)
    csv_rows = list(csv.reader(io.StringIO(export(room, "csv").content.decode("utf-8-sig")), delimiter=";"))
    assert any(SECRET in cell for row in csv_rows for cell in row)
    assert SECRET in export(room, "json").text and SECRET in export(room, "md").text


def test_visibility_is_validated_and_a_change_keeps_it(room):
    phone = room.phone()
    ack = phone.call("submit_answer", {"answer_id": new_id(), "step_id": OPEN_STEP.id,
                                       "value": {"text": "x", "visibility": "beamer"}})
    assert ack["ok"] is False and ack["error"] == "invalid_answer" and "scherm" in ack["message"], ack
    answer_id = answer(phone, "Eerst verslag", "report")
    assert phone.call("change_answer", {"answer_id": answer_id, "value": {"text": SECRET}})["ok"]
    console = room.console.wait_for("results_updated", lambda d: any(a["text"] == SECRET for a in d.get("answers", [])))
    assert console["answers"][0]["report_only"] is True
    assert SECRET not in frames_text(phone, room.screen)
    # The participant may move it to the screen later.
    moved = {"answer_id": answer_id, "value": {"text": SECRET, "visibility": "screen"}}
    assert phone.call("change_answer", moved)["ok"]
    room.screen.wait_for("results_updated", lambda d: any(w["text"] == SECRET for w in d.get("wall", [])))


# --- 1. others' answers on the phone ----------------------------------------------------------------

def test_a_phone_reads_the_others_answers_only_after_answering_newest_first_paged(room):
    writers = [room.phone() for _ in range(5)]
    for n in range(25):
        answer(writers[n % 5], f"Antwoord {n}")  # at most 10 answers per phone per 10 s
    fresh = room.phone()
    refused = fresh.call("list_answers", {"step_id": OPEN_STEP.id})
    assert refused["ok"] is False and refused["error"] == "answer_first", refused
    own = answer(fresh, "Mijn eigen antwoord")
    first = fresh.call("list_answers", {"step_id": OPEN_STEP.id, "answer_id": own, "limit": 10})
    assert [i["text"] for i in first["items"]][:2] == ["Mijn eigen antwoord", "Antwoord 24"]
    assert first["items"][0]["own"] is True and first["next"] == first["items"][-1]["display_id"]
    second = fresh.call("list_answers", {"step_id": OPEN_STEP.id, "answer_id": own, "before": first["next"],
                                         "limit": 10})
    third = fresh.call("list_answers", {"step_id": OPEN_STEP.id, "answer_id": own, "before": second["next"],
                                        "limit": 10})
    texts = [i["text"] for page in (first, second, third) for i in page["items"]]
    assert len(texts) == 26 and len(set(texts)) == 26 and third["next"] is None
    assert set(first["items"][1]) == {"display_id", "text", "votes", "voted", "own"}


def test_closed_questions_are_readable_and_the_facilitator_can_switch_phones_off(room):
    phone = room.phone()
    answer(room.phone(), "Staat op de muur")
    assert room.console.call("close_question", {"step_id": OPEN_STEP.id})["ok"]
    page = phone.call("list_answers", {"step_id": OPEN_STEP.id})
    assert [i["text"] for i in page["items"]] == ["Staat op de muur"]
    assert room.console.call("set_phone_view", {"enabled": False, "step_id": OPEN_STEP.id})["ok"]
    off = phone.call("list_answers", {"step_id": OPEN_STEP.id})
    assert off["ok"] is False and off["error"] == "not_available", off
    assert room.console.call("set_phone_view", {"enabled": True, "step_id": OPEN_STEP.id})["ok"]
    assert room.console.call("set_phone_view", {"enabled": False})["ok"]  # the whole run
    assert phone.call("list_answers", {"step_id": OPEN_STEP.id})["error"] == "not_available"
    assert room.console.call("set_phone_view", {"enabled": True})["ok"]
    assert room.console.call("show_results", {"step_id": OPEN_STEP.id, "visible": False})["ok"]
    assert phone.call("list_answers", {"step_id": OPEN_STEP.id})["error"] == "not_available"


def test_choice_results_reach_the_phone_as_the_screen_shows_them(room):
    assert room.console.call("go_to_step", {"index": CHOICE_INDEX})["ok"]
    phones = [room.phone() for _ in range(3)]
    ids = []
    for phone in phones:
        ids.append(new_id())
        assert phone.call("submit_answer", {"answer_id": ids[-1], "step_id": CHOICE_STEP.id,
                                            "value": {"options": [0]}})["ok"]
    page = phones[0].call("list_answers", {"step_id": CHOICE_STEP.id, "answer_id": ids[0]})
    assert page["ok"] and page["items"] == [] and page["summary"]["count"] == 3


# --- 2. herkenbaar ----------------------------------------------------------------------------------

def test_herkenbaar_counts_once_per_phone_toggles_and_never_on_the_own_answer(room):
    author, voter = room.phone(voter=new_id()), room.phone(voter=new_id())
    own = answer(author, "Dit herken ik")
    mine = answer(voter, "Van de stemmer")
    page = voter.call("list_answers", {"step_id": OPEN_STEP.id, "answer_id": mine})
    target = next(i for i in page["items"] if i["text"] == "Dit herken ik")["display_id"]
    assert voter.call("vote", {"display_id": target, "on": True})["votes"] == 1
    assert voter.call("vote", {"display_id": target, "on": True})["votes"] == 1  # a second vote does not count
    refused = author.call("vote", {"display_id": target, "on": True})
    assert refused["ok"] is False and refused["error"] == "own_answer", refused
    page = voter.call("list_answers", {"step_id": OPEN_STEP.id, "answer_id": mine})
    item = next(i for i in page["items"] if i["display_id"] == target)
    assert item["votes"] == 1 and item["voted"] is True
    room.console.wait_for("results_updated",
                          lambda d: any(a["id"] == own and a["votes"] == 1 for a in d.get("answers", [])))
    room.screen.wait_for("results_updated",
                         lambda d: any(w["id"] == target and w["votes"] == 1 for w in d.get("wall", [])))
    assert voter.call("vote", {"display_id": target, "on": False})["votes"] == 0
    assert voter.call("vote", {"display_id": target, "on": False})["votes"] == 0


def test_the_wall_sorts_by_votes_and_only_counts_stay_after_the_end(room, server):
    a, b, c = (room.phone(voter=new_id()) for _ in range(3))
    first = answer(a, "Oud maar herkenbaar")
    answer(b, "Nieuw")
    mine = answer(c, "Van c")
    page = c.call("list_answers", {"step_id": OPEN_STEP.id, "answer_id": mine})
    target = next(i for i in page["items"] if i["text"] == "Oud maar herkenbaar")["display_id"]
    for voter in (b, c):
        assert voter.call("vote", {"display_id": target, "on": True})["ok"]
    assert room.console.call("sort_wall", {"visible": True})["ok"]
    room.screen.wait_for("results_updated", lambda d: d.get("wall_by_votes") and d["wall"][0]["id"] == target)
    assert room.console.call("end_live", {})["ok"]
    stored = server.db_path
    import sqlite3
    with sqlite3.connect(stored) as db:
        assert db.execute("SELECT votes FROM answers WHERE id = ?", (first,)).fetchone() == (2,)
        columns = {row[1] for row in db.execute("PRAGMA table_info(answers)")}
    assert not {"voter", "voters", "phone"} & columns
    assert "2" in json.dumps(json.loads(export(room, "json").text), ensure_ascii=False)
    page = room.http.get(f"{room.http.base_url}/console/live/{room.code}/opbrengst", timeout=30).text
    recognised = page.split('id="section-recognised"', 1)[1].split("</section>", 1)[0]
    assert "Oud maar herkenbaar" in recognised and "2 × herkend" in recognised


# --- 3. questions to the speaker ---------------------------------------------------------------------

def ask(phone, text):
    question_id = new_id()
    return question_id, phone.call("ask_question", {"question_id": question_id, "text": text})


def test_questions_open_ask_vote_list_and_answered(room):
    phone, other = room.phone(voter=new_id()), room.phone(voter=new_id())
    closed = ask(phone, "Mag dit al?")[1]
    assert closed["ok"] is False and closed["error"] == "question_closed", closed
    assert room.console.call("set_questions", {"open": True}) == {"ok": True, "open": True, "on_screen": False}
    assert phone.wait_for("questions_opened")["open"] is True
    question_id, ack = ask(phone, "Hoe doe je dat met een gezin?")
    assert ack["ok"] is True and ack["status"] == "stored" and "held" not in ack
    assert ask(other, "Wat als het misgaat?")[1]["ok"]
    listed = other.call("list_questions", {})
    target = next(i for i in listed["items"] if i["text"].startswith("Hoe doe"))["display_id"]
    assert other.call("vote_question", {"display_id": target, "on": True})["votes"] == 1
    assert other.call("vote_question", {"display_id": target, "on": True})["votes"] == 1
    assert phone.call("vote_question", {"display_id": target, "on": True})["error"] == "own_answer"
    listed = other.call("list_questions", {})
    assert listed["items"][0]["display_id"] == target and listed["items"][0]["voted"] is True
    update = room.console.wait_for("questions_updated", lambda d: d["items"] and d["items"][0]["votes"] == 1)
    assert update["items"][0]["id"] == question_id and update["items"][0]["status"] == "open"
    assert room.console.call("moderate_question", {"question_id": question_id, "action": "answered"})["ok"]
    room.console.wait_for("questions_updated", lambda d: d["items"] and d["items"][0]["status"] == "answered")
    assert room.console.call("show_questions", {"visible": True})["ok"]
    shown = room.screen.wait_for("questions_shown", lambda d: d["visible"])
    assert [q["text"] for q in shown["items"]] == ["Wat als het misgaat?"]  # answered ones leave the screen
    assert "Hoe doe je dat met een gezin?" in export(room, "md").text
    assert "Hoe doe je dat met een gezin?" in export(room, "csv").content.decode("utf-8-sig")
    assert export(room, "pdf").content.startswith(b"%PDF") and export(room, "xlsx").content.startswith(b"PK")


def test_a_held_question_reaches_no_phone_and_no_screen_until_allowed(room):
    phone, other = room.phone(), room.phone()
    assert room.console.call("set_questions", {"open": True})["ok"]
    assert room.console.call("set_review_all", {"enabled": True})["ok"]
    assert room.console.call("show_questions", {"visible": True})["ok"]
    secret = "Vraag over mevrouw Zebrapad-Held"
    question_id, ack = ask(phone, secret)
    assert ack["ok"] is True and ack["held"] is True
    review = room.console.wait_for("review_updated", lambda d: any(i["id"] == question_id for i in d["items"]))
    item = next(i for i in review["items"] if i["id"] == question_id)
    assert item["prompt"] == "Vraag aan de spreker"
    assert other.call("list_questions", {})["items"] == []
    room.console.wait_for("questions_updated", lambda d: d["items"] and d["items"][0]["status"] == "held")
    assert secret not in frames_text(phone, other, room.screen)
    assert room.console.call("review_answer", {"answer_id": question_id, "action": "allow",
                                               "version": item["version"]})["ok"]
    assert [i["text"] for i in other.call("list_questions", {})["items"]] == [secret]
    room.screen.wait_for("questions_shown", lambda d: [q["text"] for q in d["items"]] == [secret])
