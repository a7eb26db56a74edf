"""Issue 17 domain rules without a server: the one on-screen rule, the vote book, questions to the speaker."""
from __future__ import annotations

import pytest

from sessions import live as live_rules
from sessions import phone_view, questions
from sessions.errors import DomainError, QuestionClosed
from sessions.opbrengst import build_opbrengst
from sessions.votes import VoteBook
from tests.conftest import step_index


def answer_id(n: int) -> str:
    return f"talkback-answer-{n:06d}"


@pytest.fixture
def at_open(store, running):
    found = live_rules.enter_step(store, running, step_index(running, "open"))
    return found, found.step


def test_the_sql_rule_and_the_record_rule_agree(store, at_open):
    found, step = at_open
    made = []
    for n, (visibility, action) in enumerate([("screen", None), ("report", None), ("screen", "hide"),
                                              ("screen", "withdraw"), ("screen", "held"), ("report", "hide")]):
        stored = live_rules.submit_answer(store, found, answer_id(n), step.id, {"text": f"tekst {n}",
                                                                                 "visibility": visibility})
        if action == "hide":
            live_rules.moderate(store, found, stored.id, "hide")
        elif action == "withdraw":
            live_rules.withdraw_answer(store, found, stored.id)
        elif action == "held":
            store.set_review(stored.id, "flagged", [], store.answer(stored.id).version)
        made.append(stored.id)
    by_record = [a.id for a in reversed(store.answers_for_step(found.id, step.id)) if a.on_screen]
    by_sql = [a.id for a in store.on_screen_page(found.id, step.id, None, 50)]
    assert by_sql == by_record == [made[0]]
    assert [a.id for a in store.answers_for_step(found.id, step.id) if a.is_visible] == [made[0], made[1]]


def test_a_report_only_answer_is_in_the_opbrengst_not_on_the_screen(store, at_open):
    found, step = at_open
    live_rules.submit_answer(store, found, answer_id(1), step.id, {"text": "Voor het verslag", "visibility": "report"})
    result = next(q for q in build_opbrengst(store, found).questions if q.step_id == step.id)
    assert result.answers == ("Voor het verslag",)
    from sessions.snapshots import results_data
    screen, console = results_data(store, found, step)
    assert screen["wall"] == [] and screen["summary"]["count"] == 0
    assert console["answers"][0]["report_only"] is True
    with pytest.raises(DomainError) as refused:
        live_rules.moderate(store, found, answer_id(1), "spotlight")
    assert refused.value.code == "invalid_action"


def test_the_vote_book_counts_once_toggles_refuses_own_and_forgets_at_the_end(store, at_open):
    found, step = at_open
    mine = live_rules.submit_answer(store, found, answer_id(1), step.id, {"text": "Van mij"})
    book = VoteBook()
    book.note_own(found.id, "phone-a", mine.seq)
    with pytest.raises(DomainError) as refused:
        book.vote("phone-a", mine, True)
    assert refused.value.code == "own_answer"
    assert [book.vote("phone-b", mine, True) for _ in range(3)] == [1, 1, 1]
    assert book.vote("phone-c", mine, True) == 2
    assert book.vote("phone-b", mine, False) == 1 and book.vote("phone-b", mine, False) == 1
    book.forget(store, found.id)
    assert not book.holds(found.id)
    assert store.answer(mine.id).votes == 1  # only the count remains


def test_a_page_read_before_the_votes_were_stored_shows_them_after(store, at_open):
    # CI caught this once: a page cached for a tick kept the stored count of before the tick,
    # while the book had moved its changes into the store: the phone saw its vote undone.
    found, step = at_open
    other = live_rules.submit_answer(store, found, answer_id(1), step.id, {"text": "Herkenbaar"})
    mine = live_rules.submit_answer(store, found, answer_id(2), step.id, {"text": "Van mij"})
    book = VoteBook()
    phone_view.page(store, found, step.id, mine.id, "", 20, "phone", book)  # cached now
    assert book.vote("phone", store.answer(other.id), True) == 1
    assert phone_view.save_votes(store, book) == {found.id}
    page = phone_view.page(store, found, step.id, mine.id, "", 20, "phone", book)
    item = next(i for i in page["items"] if i["text"] == "Herkenbaar")
    assert item["votes"] == 1 and item["voted"] is True
    phone_view.forget_pages(found.id)  # a cache of the process: the next test's run has the same id


def test_list_answers_waits_for_an_own_answer_while_open(store, at_open):
    found, step = at_open
    other = live_rules.submit_answer(store, found, answer_id(1), step.id, {"text": "Eerste"})
    with pytest.raises(DomainError) as waiting:
        phone_view.page(store, found, step.id, "", "", 20, "phone", VoteBook())
    assert waiting.value.code == "answer_first"
    mine = live_rules.submit_answer(store, found, answer_id(2), step.id, {"text": "Tweede"})
    page = phone_view.page(store, found, step.id, mine.id, "", 20, "phone", VoteBook())
    assert [i["text"] for i in page["items"]] == ["Tweede", "Eerste"] and page["items"][0]["own"] is True
    assert other.id not in str(page)  # display ids only, never answer ids


def test_questions_are_asked_only_while_open_and_held_ones_stay_off_phones(store, running):
    with pytest.raises(QuestionClosed):
        questions.ask(store, running, answer_id(1), "Mag ik iets vragen?")
    questions.set_open(store, running, True)
    asked = questions.ask(store, running, answer_id(1), "Mag ik iets vragen?")
    assert questions.ask(store, running, answer_id(1), "Mag ik iets vragen?").id == asked.id  # a resend
    store.set_review_setting(running.id, "", True)
    held = questions.ask(store, running, answer_id(2), "Over mevrouw Jansen")
    assert held.review == "premoderation"
    book = VoteBook()
    assert [q["text"] for q in questions.phone_list(store, running, "x", book)] == ["Mag ik iets vragen?"]
    assert [q["status"] for q in questions.console_list(store, running, book)] == ["held", "open"]
    assert build_opbrengst(store, running).speaker_questions[0].text == "Mag ik iets vragen?"
    assert len(build_opbrengst(store, running).speaker_questions) == 1
