"""The review queue in the domain: which answers are held, Toestaan / Anonimiseren / Verbergen, pre-moderation.

The screener is replaced by small functions here (deduce itself is tested in test_screening.py);
everything else is the real store and rules.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from facilitator.export import render_csv, render_json, render_markdown
from sessions import live as live_rules
from sessions.errors import InvalidAnswer, NotFound
from sessions.opbrengst import build_opbrengst
from sessions.review import queue as review_queue
from sessions.screening.rules import Finding
from sessions.screening.screener import ScreenResult
from sessions.snapshots import results_data
from sessions.store.records import Writeup
from tests.conftest import step_index

NAME = re.compile(r"Sanne")


def finds_sanne(text: str) -> ScreenResult:
    """A stand-in screener: 'Sanne' is a name, nothing else is found."""
    return ScreenResult(tuple(Finding(m.start(), m.end(), "naam") for m in NAME.finditer(text)))


def not_ready(text: str):
    return None


def answer_id(n: int) -> str:
    return f"answer-{n:02d}-xxxxxxxxxxxx"


@pytest.fixture
def at_open(store, running):
    found = live_rules.enter_step(store, running, step_index(running, "open"))
    return found, found.step


def submit(store, found, step, n, text, screen=finds_sanne):
    return live_rules.submit_answer(store, found, answer_id(n), step.id, {"text": text}, screen)


def test_a_flagged_answer_is_stored_held_with_its_findings(store, at_open):
    found, step = at_open
    held = submit(store, found, step, 1, "Bij Sanne thuis")
    clean = submit(store, found, step, 2, "Rust en ruimte")
    assert held.review == "flagged" and held.findings == ([4, 9, "naam"],) and not held.is_visible
    assert clean.review is None and clean.is_visible
    screen, console = results_data(store, found, step)
    assert [a["text"] for a in screen["wall"]] == ["Rust en ruimte"]
    assert screen["summary"]["count"] == 1
    assert [a["id"] for a in console["answers"]] == [clean.id]  # held ones are in the review list instead
    assert store.answer_counts() == {found.id: 1}


def test_without_a_ready_screener_text_answers_wait(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Rust en ruimte", not_ready)
    assert answer.review == "unscreened"
    changed = review_queue.rescreen_unscreened(store, finds_sanne)
    assert changed == {found.id} and store.answer(answer.id).review is None


def test_rescreening_holds_what_it_finds_and_stops_when_the_screener_is_gone(store, at_open):
    found, step = at_open
    first = submit(store, found, step, 1, "Sanne zei niets", not_ready)
    second = submit(store, found, step, 2, "Rust", not_ready)
    assert review_queue.rescreen_unscreened(store, not_ready) == set()
    assert store.answer(first.id).review == "unscreened"
    review_queue.rescreen_unscreened(store, finds_sanne)
    assert store.answer(first.id).review == "flagged" and store.answer(second.id).review is None


def test_a_choice_is_held_only_for_its_anders_text(store, running):
    found = live_rules.enter_step(store, running, step_index(running, "choice"))
    click = live_rules.submit_answer(store, found, answer_id(1), found.step.id, {"options": [0]}, not_ready)
    other = live_rules.submit_answer(store, found, answer_id(2), found.step.id, {"options": [], "other": "Sanne"},
                                     finds_sanne)
    assert click.review is None and other.review == "flagged"
    assert review_queue.resolve(store, found, other.id, "anonymize", 0).value == {"options": [], "other": "[naam]"}


def test_a_changed_answer_is_screened_again(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Rust")
    changed = live_rules.change_answer(store, found, answer.id, {"text": "Toch Sanne"}, finds_sanne)
    assert changed.review == "flagged"
    back = live_rules.change_answer(store, found, answer.id, {"text": "Toch rust"}, finds_sanne)
    assert back.review is None and back.findings == ()


def test_the_queue_marks_the_detected_parts(store, at_open):
    found, step = at_open
    submit(store, found, step, 1, "Met Sanne gepraat")
    [item] = review_queue.queue(store, found)
    assert item["reason"] == "flagged" and item["kinds"] == ["naam"] and item["prompt"] == step.question.prompt
    assert item["parts"] == [{"text": "Met ", "kind": None}, {"text": "Sanne", "kind": "naam"},
                             {"text": " gepraat", "kind": None}]
    assert item["suggestion"] == "Met [naam] gepraat"


def test_allow_shows_the_answer(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Met Sanne gepraat")
    allowed = review_queue.resolve(store, found, answer.id, "allow", 0)
    assert allowed.is_visible and review_queue.queue(store, found) == []
    assert [a["text"] for a in results_data(store, found, step)[0]["wall"]] == ["Met Sanne gepraat"]


def test_hide_keeps_it_off_the_screen_and_out_of_the_queue(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Met Sanne gepraat")
    hidden = review_queue.resolve(store, found, answer.id, "hide", 0)
    assert hidden.hidden and hidden.review is None and not hidden.is_visible
    assert review_queue.queue(store, found) == [] and results_data(store, found, step)[0]["wall"] == []


def test_anonymize_replaces_the_details_and_forgets_the_original(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Met Sanne Zwartveldsma gepraat")
    store.set_answer_flags(answer.id, False, True)  # starred, and the facilitator fixed a typo in the quote
    store.save_writeup(Writeup(found.id, None, None, [{"answer_id": answer.id,
                                                       "text": "Met Sanne Zwartveldsma gepraat!"}],
                               None))
    review_queue.resolve(store, found, answer.id, "anonymize", 0, "Met [naam] gepraat")
    assert store.answer(answer.id).value == {"text": "Met [naam] gepraat"}
    assert [q.text for q in build_opbrengst(store, found).quotes] == ["Met [naam] gepraat"]
    on_disk = Path(store.path).read_bytes() + Path(store.path + "-wal").read_bytes() if Path(
        store.path + "-wal").exists() else Path(store.path).read_bytes()
    assert b"Zwartveldsma" not in on_disk


def test_anonymize_without_text_uses_the_suggestion(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Sanne en Sanne")
    assert review_queue.resolve(store, found, answer.id, "anonymize", 0).value == {"text": "[naam] en [naam]"}


def test_anonymize_validates_the_edited_text(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Met Sanne gepraat")
    with pytest.raises(InvalidAnswer):
        review_queue.resolve(store, found, answer.id, "anonymize", 0, "   ")
    assert store.answer(answer.id).review == "flagged"


def test_words_and_other_texts_are_redacted_in_their_own_shape(store, running):
    words = live_rules.enter_step(store, running, step_index(running, "words"))
    answer = live_rules.submit_answer(store, words, answer_id(1), words.step.id, {"words": ["rust", "Sanne"]},
                                      finds_sanne)
    assert answer.review == "flagged"
    assert review_queue.resolve(store, words, answer.id, "anonymize", 0).value == {"words": ["rust", "[naam]"]}


def test_resolving_needs_a_held_answer_and_a_known_action(store, at_open):
    found, step = at_open
    clean = submit(store, found, step, 1, "Rust")
    held = submit(store, found, step, 2, "Sanne")
    with pytest.raises(InvalidAnswer):
        review_queue.resolve(store, found, clean.id, "allow", 0)
    with pytest.raises(InvalidAnswer):
        review_queue.resolve(store, found, held.id, "publish", 0)
    with pytest.raises(NotFound):
        review_queue.resolve(store, found, "no-such-answer-xxxxxx", "allow", 0)


def test_premoderation_per_question_holds_clean_answers(store, at_open):
    found, step = at_open
    review_queue.set_review_all(store, found, True, step.id)
    answer = submit(store, found, step, 1, "Rust en ruimte")
    assert answer.review == "premoderation"
    assert review_queue.queue(store, found)[0]["reason_text"] == "Alles eerst beoordelen"
    review_queue.set_review_all(store, found, False, step.id)
    assert submit(store, found, step, 2, "Nog meer rust").review is None


def test_premoderation_for_the_run_wins_over_the_question(store, at_open):
    found, step = at_open
    review_queue.set_review_all(store, found, False, step.id)
    settings = review_queue.set_review_all(store, found, True)
    assert settings["all"] and all(settings["questions"].values())
    assert submit(store, found, step, 1, "Rust").review == "premoderation"


def test_premoderation_from_the_session_file(store, library):
    from dataclasses import replace

    session = library["vertragen-en-verdragen"]
    index = step_index(live_rules.start_live(store, session), "open")
    steps = list(session.steps)
    steps[index] = replace(steps[index], question=replace(steps[index].question, review_all=True))
    found = live_rules.enter_step(store, live_rules.start_live(store, replace(session, steps=tuple(steps))), index)
    assert live_rules.submit_answer(store, found, answer_id(1), found.step.id,
                                    {"text": "Rust"}).review == "premoderation"


def test_held_answers_are_in_no_export(store, at_open):
    found, step = at_open
    submit(store, found, step, 1, "Sanne Zwartveldsma belde")
    submit(store, found, step, 2, "Rust en ruimte")
    opbrengst = build_opbrengst(store, found)
    for rendered in (render_csv([opbrengst]), render_json([opbrengst]), render_markdown([opbrengst])):
        text = rendered.decode("utf-8") if isinstance(rendered, bytes) else rendered
        assert "Rust en ruimte" in text and "Zwartveldsma" not in text


def test_a_held_starred_answer_is_no_quote(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Sanne Zwartveldsma belde")
    store.set_answer_flags(answer.id, False, True)
    assert build_opbrengst(store, found).quotes == ()
    assert json.dumps(results_data(store, found, step)[0]).find("Zwartveldsma") == -1


def test_rescreening_clears_a_hold_only_for_the_value_it_screened(store, at_open):
    """Issue 15.1: a phone that changes its answer while it is being re-screened stays held with the new text."""
    found, step = at_open
    answer = submit(store, found, step, 1, "Rust en ruimte", not_ready)

    def screen_while_the_phone_changes(text: str) -> ScreenResult:
        # The worker screens the old text; meanwhile the change arrives (and is held: no screener yet).
        live_rules.change_answer(store, found, answer.id, {"text": "Bel Sanne op 0612345678"}, not_ready)
        return finds_sanne(text)

    assert review_queue.rescreen_unscreened(store, screen_while_the_phone_changes) == set()
    stored = store.answer(answer.id)
    assert stored.value == {"text": "Bel Sanne op 0612345678"} and stored.review == "unscreened"
    assert stored.version == 1 and not stored.is_visible
    [item] = review_queue.queue(store, found)
    assert item["text"] == "Bel Sanne op 0612345678" and item["version"] == 1
    review_queue.rescreen_unscreened(store, finds_sanne)  # the next pass screens the new text
    assert store.answer(answer.id).review == "flagged"


@pytest.mark.parametrize("action", ["allow", "hide", "anonymize"])
def test_a_decision_about_an_older_version_is_refused(store, at_open, action):
    """Issue 15.2: Toestaan, Verbergen and Anonimiseren name the version the console showed."""
    from sessions.errors import Conflict

    found, step = at_open
    review_queue.set_review_all(store, found, True)
    answer = submit(store, found, step, 1, "Fijne sessie vandaag")
    [shown] = review_queue.queue(store, found)
    changed = live_rules.change_answer(store, found, answer.id, {"text": "Bel Sanne Bakker op 0698765432"}, finds_sanne)
    assert changed.review == "flagged" and changed.version == shown["version"] + 1
    with pytest.raises(Conflict) as refused:
        review_queue.resolve(store, found, answer.id, action, shown["version"], None)
    assert refused.value.message == "Dit antwoord is intussen gewijzigd. Bekijk de nieuwe tekst en beslis opnieuw."
    assert store.answer(answer.id) == changed  # nothing changed
    [item] = review_queue.queue(store, found)
    assert item["text"] == "Bel Sanne Bakker op 0698765432" and item["version"] == changed.version
    decided = review_queue.resolve(store, found, answer.id, action, item["version"], None)
    assert decided.review is None


def test_a_withdrawn_answer_cannot_be_changed_back(store, at_open):
    """Issue 15.16: change_answer on a withdrawn answer is refused, not brought back."""
    from sessions.errors import Conflict

    found, step = at_open
    answer = submit(store, found, step, 1, "Rust")
    live_rules.withdraw_answer(store, found, answer.id)
    with pytest.raises(Conflict):
        live_rules.change_answer(store, found, answer.id, {"text": "Toch weer"}, finds_sanne)
    assert store.answer(answer.id).value is None


def test_a_withdrawal_during_screening_of_a_change_wins(store, at_open):
    found, step = at_open
    answer = submit(store, found, step, 1, "Rust")

    def screen_while_withdrawn(text: str) -> ScreenResult:
        live_rules.withdraw_answer(store, found, answer.id)
        return ScreenResult()

    from sessions.errors import Conflict
    with pytest.raises(Conflict):
        live_rules.change_answer(store, found, answer.id, {"text": "Toch weer"}, screen_while_withdrawn)
    assert store.answer(answer.id).value is None


@pytest.mark.parametrize("bad", ["answer-01-xxxxxxxxxxxx\n", "answer-01-xxxxxxxxxxxx\r", "\nanswer-01-xxxxxxxxxxxx"])
def test_an_answer_id_with_a_line_break_is_refused(store, at_open, bad):
    """Issue 15.16: the pattern check is a full match ("$" lets a trailing newline in)."""
    found, step = at_open
    with pytest.raises(InvalidAnswer):
        live_rules.submit_answer(store, found, bad, step.id, {"text": "Rust"}, finds_sanne)
    assert store.answers_for_live(found.id) == []


def test_a_session_id_with_a_line_break_is_no_session_id():
    """Issue 15.16: session ids and file names are full matches too; codes are letters and digits only."""
    from sessions.files.folder import check_session_id

    assert check_session_id("veiligheid") == "veiligheid"
    for bad in ("veiligheid\n", "veiligheid\r\n"):
        with pytest.raises(NotFound):
            check_session_id(bad)
    assert live_rules.normalize_code("ab c-23") == "ABC23"
    assert live_rules.normalize_code("ABC234\ud800") == "" and live_rules.normalize_code("ABC\x00") == ""


def test_question_and_display_ids_with_a_line_break_are_refused(store, running):
    """Issue 15.16, the same audit for the ids of questions to the speaker and the screen's display ids."""
    from sessions import questions
    from sessions.votes import seq_of

    assert seq_of("s12") == 12
    with pytest.raises(NotFound):
        seq_of("s12\n")
    with pytest.raises(InvalidAnswer):
        questions.ask(store, running, "question-01-xxxxxxxxxx\n", "Een vraag?", finds_sanne)
