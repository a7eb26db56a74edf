"""Live-session rules: steps, questions, answers, idempotency, moderation, countdowns."""
from __future__ import annotations

import time

import pytest

from sessions import live as live_rules
from sessions.errors import Conflict, InvalidAnswer, NotFound, QuestionClosed
from tests.conftest import step_index

ANSWER = "a" * 22


def at_question(store, running, kind):
    found = live_rules.enter_step(store, running, step_index(running, kind))
    return found, found.step


def test_join_codes_use_an_unambiguous_alphabet(store, library):
    codes = {live_rules.start_live(store, library["analyseren"]).code for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == 6 and not set(code) & set("0O1IL")


def test_codes_are_case_and_space_insensitive(store, running):
    assert live_rules.running_live(store, f" {running.code.lower()[:3]} {running.code.lower()[3:]}").id == running.id
    with pytest.raises(NotFound):
        live_rules.running_live(store, "ZZZZZZ")


def test_ended_code_is_not_found(store, running):
    live_rules.end_live(store, running)
    with pytest.raises(NotFound):
        live_rules.running_live(store, running.code)


def test_steps_stay_in_range(store, running):
    with pytest.raises(InvalidAnswer):
        live_rules.enter_step(store, running, len(running.content.steps))
    with pytest.raises(InvalidAnswer):
        live_rules.enter_step(store, running, -1)
    assert store.live_by_id(running.id).current_step == 0


def test_a_question_opens_when_first_shown(store, running):
    found, step = at_question(store, running, "open")
    assert store.question_state(found.id, step.id).is_open


def test_submit_is_idempotent_on_answer_id(store, running):
    found, step = at_question(store, running, "open")
    first = live_rules.submit_answer(store, found, ANSWER, step.id, {"text": "Rust"})
    again = live_rules.submit_answer(store, found, ANSWER, step.id, {"text": "Rust"})
    assert first == again and len(store.answers_for_step(found.id, step.id)) == 1
    with pytest.raises(Conflict):
        live_rules.submit_answer(store, found, ANSWER, step.id, {"text": "Iets anders"})


def test_resend_after_question_closed_is_still_acknowledged(store, running):
    found, step = at_question(store, running, "open")
    live_rules.submit_answer(store, found, ANSWER, step.id, {"text": "Rust"})
    live_rules.update_question(store, found, step.id, is_open=False)
    assert live_rules.submit_answer(store, found, ANSWER, step.id, {"text": "Rust"}).id == ANSWER


def test_answers_to_closed_or_other_questions_are_refused(store, running):
    found, step = at_question(store, running, "open")
    live_rules.update_question(store, found, step.id, is_open=False)
    with pytest.raises(QuestionClosed, match="gesloten"):
        live_rules.submit_answer(store, found, ANSWER, step.id, {"text": "x"})
    choice = found.content.steps[step_index(found, "choice")]
    with pytest.raises(QuestionClosed, match="niet meer actief"):
        live_rules.submit_answer(store, found, "b" * 22, choice.id, {"options": [0]})
    assert store.answers_for_live(found.id) == []


@pytest.mark.parametrize("kind, value, message", [
    ("open", {"text": "x" * 501}, "te lang"),
    ("open", {"text": "   "}, "leeg"),
    ("open", {"text": 5}, "tekst"),
    ("choice", {"options": [99]}, "bestaat niet"),
    ("choice", {"options": ["0"]}, "Kies"),
    ("choice", {"options": []}, "minstens één"),
    ("choice", {"options": [0, 0]}, "één keer"),
    ("choice", {"options": [], "other": "y" * 201}, "te lang"),
])
def test_invalid_values_are_refused_with_a_dutch_message(store, running, kind, value, message):
    found, step = at_question(store, running, kind)
    with pytest.raises(InvalidAnswer, match=message):
        live_rules.submit_answer(store, found, ANSWER, step.id, value)
    assert store.answer(ANSWER) is None


def test_invalid_answer_ids_are_refused(store, running):
    found, step = at_question(store, running, "open")
    for bad in ("kort", "x" * 65, "met spaties in het id!", 12345):
        with pytest.raises(InvalidAnswer):
            live_rules.submit_answer(store, found, bad, step.id, {"text": "x"})


def test_change_and_withdraw_own_answer(store, running):
    found, step = at_question(store, running, "choice")
    live_rules.submit_answer(store, found, ANSWER, step.id, {"options": [0]})
    changed = live_rules.change_answer(store, found, ANSWER, {"options": [1, 2]})
    assert changed.value == {"options": [1, 2], "other": None}
    assert live_rules.withdraw_answer(store, found, ANSWER).value is None
    assert live_rules.withdraw_answer(store, found, ANSWER).value is None  # twice is harmless
    with pytest.raises(NotFound):
        live_rules.change_answer(store, found, "c" * 22, {"options": [0]})


def test_change_after_close_is_refused(store, running):
    found, step = at_question(store, running, "open")
    live_rules.submit_answer(store, found, ANSWER, step.id, {"text": "eerst"})
    live_rules.update_question(store, found, step.id, is_open=False)
    with pytest.raises(QuestionClosed):
        live_rules.change_answer(store, found, ANSWER, {"text": "later"})
    assert store.answer(ANSWER).value == {"text": "eerst"}


def test_moderation_flags(store, running):
    found, step = at_question(store, running, "open")
    live_rules.submit_answer(store, found, ANSWER, step.id, {"text": "x"})
    assert live_rules.moderate(store, found, ANSWER, "hide").hidden
    assert not live_rules.moderate(store, found, ANSWER, "unhide").hidden
    assert live_rules.moderate(store, found, ANSWER, "star").starred
    live_rules.moderate(store, found, ANSWER, "spotlight")
    assert store.question_state(found.id, step.id).spotlight == ANSWER
    live_rules.moderate(store, found, ANSWER, "unspotlight")
    assert store.question_state(found.id, step.id).spotlight is None
    with pytest.raises(InvalidAnswer):
        live_rules.moderate(store, found, ANSWER, "delete")


def test_countdown_closes_the_question(store, running):
    found, step = at_question(store, running, "open")
    state = live_rules.update_question(store, found, step.id, seconds=30)
    assert state.is_open and 29 <= state.deadline - time.time() <= 30
    assert live_rules.close_expired(store, now=time.time() + 1) == []
    closed = live_rules.close_expired(store, now=time.time() + 31)
    assert [s.step_id for s in closed] == [step.id] and not store.question_state(found.id, step.id).is_open
    with pytest.raises(InvalidAnswer):
        live_rules.update_question(store, found, step.id, seconds=99999)


def test_ended_session_refuses_changes(store, running):
    ended = live_rules.end_live(store, running)
    assert not ended.is_live
    with pytest.raises(Conflict):
        live_rules.enter_step(store, ended, 1)
