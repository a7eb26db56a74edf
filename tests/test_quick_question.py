"""The quick question: added to one live run's snapshot, opened at once, a question like any other."""
from __future__ import annotations

import io
import json
import subprocess

import openpyxl
import pytest

from facilitator.export import render
from sessions.files.loader import LIBRARY_DIR
from sessions.opbrengst import build_opbrengst
from tests.test_socket_events import received


def ask(console, **payload):
    return console.emit("add_quick_question", {"options": [], **payload}, namespace="/console", callback=True)


def test_a_quick_question_becomes_the_next_step_and_opens_at_once(console, make_phone, running, store):
    phone = make_phone()
    phone.get_received("/phone")
    file_before = (LIBRARY_DIR / "1-vertragen-en-verdragen.yaml").read_bytes()
    ack = ask(console, prompt="Wat neem je mee van vandaag?", kind="choice", options=["Rust", "", "Moed ", "Twijfel"])
    assert ack["ok"], ack
    assert ack["position"]["index"] == 1 and ack["position"]["question"]["open"]
    assert ack["step"]["question"]["options"] == ["Rust", "Moed", "Twijfel"]
    assert ack["step"]["question"]["added_during_session"] is True
    [position] = received(phone, "/phone", "step_changed")
    assert position["step"]["id"] == "snelle-vraag-1" and position["question"]["open"]
    answer = {"answer_id": "s" * 22, "step_id": "snelle-vraag-1", "value": {"options": [1]}}
    assert phone.emit("submit_answer", answer, namespace="/phone", callback=True)["ok"]

    found = store.live_by_id(running.id)
    assert len(found.content.steps) == len(running.content.steps) + 1
    assert found.content.steps[1].question.prompt == "Wat neem je mee van vandaag?"
    assert (LIBRARY_DIR / "1-vertragen-en-verdragen.yaml").read_bytes() == file_before  # the file is untouched
    second = ask(console, prompt="En hoe voelt dat?", kind="scale")
    assert second["step"]["id"] == "snelle-vraag-2" and second["position"]["index"] == 2
    assert second["step"]["question"]["min"] == 1 and second["step"]["question"]["max"] == 5


def test_quick_questions_follow_the_k_threshold_and_reach_every_export(console, make_phone, running, store, tmp_path):
    ask(console, prompt="Welke kleur past bij vandaag?", kind="choice", options=["Rood", "Blauw"])
    phones = [make_phone() for _ in range(2)]
    for number, phone in enumerate(phones):
        payload = {"answer_id": f"k{number}" + "x" * 20, "step_id": "snelle-vraag-1", "value": {"options": [0]}}
        assert phone.emit("submit_answer", payload, namespace="/phone", callback=True)["ok"]
    opbrengst = build_opbrengst(store, store.live_by_id(running.id))
    quick = next(q for q in opbrengst.questions if q.step_id == "snelle-vraag-1")
    assert quick.added_during_session and quick.summary["withheld"]  # 2 answers, K = 3
    assert "Vraag toegevoegd tijdens de sessie" in render([opbrengst], "md").decode("utf-8")
    questions = json.loads(render([opbrengst], "json"))["opbrengsten"][0]["questions"]
    assert [q["step_id"] for q in questions if q["added_during_session"]] == ["snelle-vraag-1"]
    ask(console, prompt="Wat neem je mee?", kind="open")
    assert phones[0].emit("submit_answer", {"answer_id": "o" * 22, "step_id": "snelle-vraag-2",
                                            "value": {"text": "Rust"}},
                          namespace="/phone", callback=True)["ok"]
    opbrengst = build_opbrengst(store, store.live_by_id(running.id))
    assert "Wat neem je mee?;open (toegevoegd tijdens de sessie);Rust" in render([opbrengst], "csv").decode("utf-8")
    workbook = openpyxl.load_workbook(io.BytesIO(render([opbrengst], "xlsx")))
    cells = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert "open (toegevoegd tijdens de sessie)" in cells
    pdf = tmp_path / "opbrengst.pdf"
    pdf.write_bytes(render([opbrengst], "pdf"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Welke kleur past bij vandaag?" in text and "Vraag toegevoegd tijdens de sessie" in text


@pytest.mark.parametrize("payload, message", [
    ({"prompt": "", "kind": "open"}, "Typ een vraag"),
    ({"prompt": "x" * 501, "kind": "open"}, "Typ een vraag"),
    ({"prompt": "Vraag?", "kind": "quiz"}, "Kies een soort vraag"),
    ({"prompt": "Vraag?", "kind": "choice", "options": ["Alleen"]}, "Geef 2 tot 12 opties"),
    ({"prompt": "Vraag?", "kind": "choice", "options": ["Ja", "ja"]}, "maar één keer"),
    ({"prompt": "Vraag?", "kind": "choice", "options": [3, 4]}, "Elke optie is tekst"),
    ({"prompt": "Vraag\x00?", "kind": "open"}, "De vraag bevat een onzichtbaar stuurteken"),  # issue 15.16
    ({"prompt": "Vraag?", "kind": "choice", "options": ["Ja", "N\x00ee"]}, "Een optie bevat een onzichtbaar"),
])
def test_bad_quick_questions_are_refused_and_change_nothing(console, running, store, payload, message):
    ack = ask(console, **payload)
    assert not ack["ok"] and message in ack["message"], ack
    assert store.live_by_id(running.id).content == running.content


def test_phones_cannot_add_questions_and_ended_runs_take_none(console, make_phone, running):
    phone = make_phone()
    ack = phone.emit("add_quick_question", {"prompt": "Hack", "kind": "open", "options": []}, namespace="/phone",
                     callback=True)
    assert ack["error"] == "unknown_event"
    assert ask(console, prompt="Vraag?", kind="open", options="geen lijst")["error"] == "bad_payload"
    assert console.emit("end_live", {}, namespace="/console", callback=True)["ok"]
    assert not ask(console, prompt="Nog een vraag?", kind="open")["ok"]


def test_a_run_takes_at_most_twenty_quick_questions(console, running, store):
    """Issue 15.16: a cap, with a Dutch message; the run stays as it was."""
    for number in range(20):
        assert ask(console, prompt=f"Vraag {number}?", kind="open")["ok"]
    before = store.live_by_id(running.id).content
    ack = ask(console, prompt="Nog een?", kind="open")
    assert ack["error"] == "invalid_question"
    assert ack["message"] == "Je kunt hoogstens 20 snelle vragen aan een leersessie toevoegen."
    assert store.live_by_id(running.id).content == before
