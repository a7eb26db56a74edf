"""A question's answers are read incrementally, and always equal a full read.

Every change any connection makes (another process's store too) must show in the next
`answers_for_step`; a deleted live session's answers must never come back under a reused id.
"""
from __future__ import annotations

import sqlite3

from sessions import live as live_rules
from sessions.store.database import Store
from sessions.store.rows import ANSWER_COLUMNS, answer_from_row


def full_read(path: str, live_id: int, step_id: str) -> list:
    """What a fresh reader sees: every row of the question, oldest first."""
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        rows = db.execute(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE live_id = ? AND step_id = ? ORDER BY seq",
                          (live_id, step_id)).fetchall()
    return [answer_from_row(row) for row in rows]


def open_question(store, running):
    question = next(s for s in running.content.questions if s.question.kind == "open")
    return live_rules.enter_step(store, running, running.content.index_of(question.id)), question.id


def test_every_change_from_this_store_or_another_process_shows_in_the_next_read(store, running):
    moved, step_id = open_question(store, running)
    other = Store(store.path)  # another server process on the same data dir
    try:
        for n in range(5):
            live_rules.submit_answer(store, moved, f"a{n:021d}", step_id, {"text": f"antwoord {n}"})
        assert store.answers_for_step(moved.id, step_id) == full_read(store.path, moved.id, step_id)
        changes = [
            lambda: store.set_answer_flags("a" + "0" * 21, True, False),
            lambda: other.set_answer_flags("a" + "0" * 20 + "1", False, True),
            lambda: other.insert_answer("b" * 22, moved.id, step_id, {"text": "uit het andere proces"}),
            lambda: store.add_votes({store.answer("a" + "0" * 20 + "2").seq: 3}),
            lambda: other.set_visibility("a" + "0" * 20 + "3", "report"),
            lambda: store.set_answer_value("a" + "0" * 20 + "4", None),
            lambda: other.insert_answer("c" * 22, moved.id, step_id, {"text": "gemarkeerd"}, review="flagged"),
        ]
        for change in changes:
            change()
            assert store.answers_for_step(moved.id, step_id) == full_read(store.path, moved.id, step_id)
        assert [a.hidden for a in store.answers_for_step(moved.id, step_id)][:2] == [True, False]
        assert len(store.answers_for_step(moved.id, step_id)) == 7
    finally:
        other.close()


def test_a_deleted_live_sessions_answers_never_return(store, running, library):
    moved, step_id = open_question(store, running)
    live_rules.submit_answer(store, moved, "d" * 22, step_id, {"text": "van de verwijderde sessie"})
    assert len(store.answers_for_step(moved.id, step_id)) == 1
    Store(store.path).delete_live(moved.id)  # by another process: this store's read must notice
    assert store.answers_for_step(moved.id, step_id) == []
