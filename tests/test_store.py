"""The store: round trips, migrations, durability across a restart, no participant data."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sessions import live as live_rules
from sessions.store.database import MIGRATIONS, SCHEMA_VERSION, Store
from sessions.store.records import Writeup


def test_fresh_database_is_migrated_to_the_current_schema(tmp_path):
    store = Store(tmp_path / "a.db")
    assert store.migrate() == SCHEMA_VERSION
    db = sqlite3.connect(tmp_path / "a.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"live_sessions", "question_states", "answers", "writeups", "settings"} <= tables


def test_a_new_migration_applies_once_and_keeps_data(tmp_path):
    path = tmp_path / "old.db"
    Store(path).set_setting("bewaard", "ja")
    newer = MIGRATIONS + ["ALTER TABLE settings ADD COLUMN toelichting TEXT"]
    store = Store(path)
    assert store.migrate(newer) == SCHEMA_VERSION + 1
    assert store.migrate(newer) == SCHEMA_VERSION + 1  # idempotent: nothing left to apply
    assert store.get_setting("bewaard") == "ja"


def test_a_failing_migration_changes_nothing(tmp_path):
    store = Store(tmp_path / "b.db")
    broken = MIGRATIONS + ["CREATE TABLE extra (x INTEGER); INSERT INTO nonexistent VALUES (1)"]
    with pytest.raises(sqlite3.Error):
        store.migrate(broken)
    assert store.migrate() == SCHEMA_VERSION
    tables = {row[0] for row in store._db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "extra" not in tables


def test_live_session_round_trip_and_restart(tmp_path, library):
    path = tmp_path / "data.db"
    store = Store(path)
    content = library["veiligheid"]
    started = live_rules.start_live(store, content)
    question = next(s for s in content.questions if s.question.kind == "open")
    moved = live_rules.enter_step(store, started, content.index_of(question.id))
    answer = live_rules.submit_answer(store, moved, "x" * 22, question.id, {"text": "Blijf in gesprek"})
    live_rules.moderate(store, moved, answer.id, "star")
    store.save_writeup(Writeup(moved.id, "Tekst", [{"group": "Inzichten", "number": 1, "heading": "h", "body": "b"}],
                               [], "2026-11-29T10:00:00"))
    store.close()

    reopened = Store(path)  # a restart: nothing lives in module globals
    found = reopened.live_by_code(started.code)
    assert found.content == content and found.current_step == content.index_of(question.id)
    assert found.screen_token == started.screen_token and found.is_live
    again = reopened.answer(answer.id)
    assert again.value == {"text": "Blijf in gesprek"} and again.starred and not again.hidden
    assert reopened.writeup(found.id).statement == "Tekst"
    assert reopened.question_state(found.id, question.id).is_open


def test_snapshot_is_independent_of_the_file(store, library):
    started = live_rules.start_live(store, library["analyseren"])
    assert store.live_by_id(started.id).content.title == "Analyseren"
    # The snapshot is stored as JSON in the row, not a path to the file.
    assert store.live_by_id(started.id).content.source_path == ""


def test_answers_table_holds_no_participant_identifier(store):
    columns = {row[1] for row in store._db.execute("PRAGMA table_info(answers)")}
    # review and findings: why an answer waits for the facilitator, and what screening found in its text.
    # visibility, votes, answered: report-only, the "herkenbaar" count (never who voted), "beantwoord";
    # version: a counter of the answer's own changes (no time, nothing about the phone).
    assert columns == {"seq", "id", "live_id", "step_id", "value", "hidden", "starred", "review", "findings",
                       "visibility", "votes", "answered", "version"}


def test_delete_live_removes_answers_from_the_file(store, running):
    question = next(s for s in running.content.questions if s.question.kind == "open")
    moved = live_rules.enter_step(store, running, running.content.index_of(question.id))
    answer = live_rules.submit_answer(store, moved, "y" * 22, question.id, {"text": "Geheim-antwoord-7431"})
    store.delete_live(running.id)
    assert store.answer(answer.id) is None and store.live_by_code(running.code) is None
    on_disk = b"".join(Path(store.path + suffix).read_bytes() for suffix in ("", "-wal")
                       if Path(store.path + suffix).exists())
    assert b"Geheim-antwoord-7431" not in on_disk


def test_answers_arriving_together_share_a_commit_and_all_land(tmp_path, library):
    import threading

    store = Store(tmp_path / "together.db")
    started = live_rules.start_live(store, library["vertragen-en-verdragen"])
    index = next(i for i, s in enumerate(started.content.steps) if s.is_question and s.question.kind == "open")
    found = live_rules.enter_step(store, started, index)
    results, errors = [], []

    def answer(number):
        try:
            results.append(live_rules.submit_answer(store, found, f"samen{number:04d}".ljust(22, "s"), found.step.id,
                                                    {"text": f"antwoord {number}"}))
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=answer, args=(n,)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert errors == [] and len(results) == 40
    assert len(store.answers_for_step(found.id, found.step.id)) == 40


def test_a_failing_group_commit_reports_to_every_waiter(tmp_path, library):
    store = Store(tmp_path / "broken.db")
    with pytest.raises(sqlite3.IntegrityError):
        store.insert_answer("x" * 22, 999, "step", {"text": "geen live-sessie"})  # foreign key fails
    assert store.answer("x" * 22) is None
