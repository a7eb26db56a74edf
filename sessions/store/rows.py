"""Rows to records: the column lists and converters that every query mixin of the store shares."""
from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Sequence
from typing import Any, overload

from sessions.store.records import AnswerRecord, QuestionState

ANSWER_COLUMNS = ("id, seq, live_id, step_id, value, hidden, starred, review, findings, visibility, votes, answered, "
                  "version")
# AnswerRecord.on_screen as SQL, for paged reads (a test keeps the two the same).
ON_SCREEN_SQL = "value IS NOT NULL AND hidden = 0 AND review IS NULL AND visibility = 'screen'"
Params = Sequence[Any]


class Queries:
    """The connection and the query helpers that Store and every query mixin of it use (Store opens it)."""

    _db: sqlite3.Connection
    _lock: threading.RLock

    def _run(self, sql: str, params: Params = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._db.execute(sql, params)

    def _all(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Params = ()) -> sqlite3.Row | None:
        with self._lock:
            row: sqlite3.Row | None = self._db.execute(sql, params).fetchone()
            return row


def json_value(text: str | None) -> Any:
    """A stored JSON text as a value (None stays None)."""
    return None if text is None else json.loads(text)


def dump_text(value: object) -> str | None:
    """A value as JSON text for storage (None stays None)."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


@overload
def question_state_from_row(row: sqlite3.Row) -> QuestionState: ...
@overload
def question_state_from_row(row: sqlite3.Row | None) -> QuestionState | None: ...
def question_state_from_row(row: sqlite3.Row | None) -> QuestionState | None:
    """A question_states row as a record."""
    if row is None:
        return None
    return QuestionState(live_id=row["live_id"], step_id=row["step_id"], is_open=bool(row["is_open"]),
                         results_visible=bool(row["results_visible"]), deadline=row["deadline"],
                         spotlight=row["spotlight"])


@overload
def answer_from_row(row: sqlite3.Row) -> AnswerRecord: ...
@overload
def answer_from_row(row: sqlite3.Row | None) -> AnswerRecord | None: ...
def answer_from_row(row: sqlite3.Row | None) -> AnswerRecord | None:
    """An answers row as a record."""
    if row is None:
        return None
    return AnswerRecord(id=row["id"], seq=row["seq"], live_id=row["live_id"], step_id=row["step_id"],
                        value=json_value(row["value"]), hidden=bool(row["hidden"]), starred=bool(row["starred"]),
                        review=row["review"], findings=tuple(json_value(row["findings"]) or ()),
                        visibility=row["visibility"], votes=row["votes"], answered=bool(row["answered"]),
                        version=row["version"])
