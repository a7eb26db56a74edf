"""The store's SQL for answers: the group commit, reads by id, question and run, changes and flags.

A mixin of `Store` (it uses the store's connection, lock and the state `Store.__init__` sets up);
SQL stays in the store modules. Every write commits before it returns (synchronous=FULL), so an
acknowledged answer survives a crash of the process or the machine.
"""
from __future__ import annotations

import json
import sqlite3
import threading
import time
from typing import Any

from sessions.store.changes import KEPT_QUESTIONS, StepAnswers
from sessions.store.records import AnswerRecord
from sessions.store.rows import ANSWER_COLUMNS, Queries, answer_from_row, dump_text

GROUP_COMMIT_SECONDS = 0.01


class AnswerRecords(Queries):
    """Answers: stored in groups, read incrementally per question (see `sessions/store/changes.py`)."""

    _pending_lock: threading.Lock
    _pending: list[Any]
    _leading: bool
    _step_answers: dict[tuple[int, str], StepAnswers]
    _old_text_in_wal: bool
    _last_checkpoint: float

    def insert_answer(self, answer_id: str, live_id: int, step_id: str, value: dict[str, Any],
                      review: str | None = None,
                      findings: list[Any] | None = None, visibility: str = "screen") -> AnswerRecord:
        """Insert an answer (an existing id is kept as it is), commit, return the stored answer."""
        row = (answer_id, live_id, step_id, json.dumps(value, ensure_ascii=False, sort_keys=True), review,
               dump_text(findings), visibility)
        self._commit_together(row)
        return self.answer_now(answer_id)

    def _commit_together(self, row: tuple[Any, ...]) -> None:
        """Group commit: answers arriving within 10 ms share one transaction.

        Each commit waits for the disk (synchronous=FULL), and under eventlet or gevent that
        wait stops the whole server; one wait per group instead of per answer keeps a room of
        phones answering at once responsive. The caller returns only after its row is on disk.
        """
        waiter = _Waiter()
        with self._pending_lock:
            self._pending.append((row, waiter))
            leader = not self._leading
            self._leading = True
        if leader:
            time.sleep(GROUP_COMMIT_SECONDS)  # yields to other green threads: they join this group
            self._write_pending()
        waiter.event.wait()
        if waiter.error is not None:
            raise waiter.error

    def _write_pending(self) -> None:
        while True:
            with self._pending_lock:
                group, self._pending = self._pending, []
                if not group:
                    self._leading = False
                    return
            with self._lock:
                try:
                    self._db.execute("BEGIN")
                    for row, waiter in group:
                        waiter.error = self._insert_isolated(row)
                    self._db.execute("COMMIT")
                except Exception as failure:  # every waiter must hear about it, or it waits forever
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    for _, waiter in group:
                        waiter.error = failure
            for _, waiter in group:
                waiter.event.set()

    def _insert_isolated(self, row: tuple[Any, ...]) -> Exception | None:
        """Insert one row of a group inside a savepoint: a row that fails takes no other row with it."""
        self._db.execute("SAVEPOINT answer")
        try:
            self._db.execute("INSERT INTO answers (id, live_id, step_id, value, review, findings, visibility) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", row)
        except (sqlite3.Error, ValueError) as failure:  # UnicodeEncodeError is a ValueError
            self._db.execute("ROLLBACK TO answer")
            self._db.execute("RELEASE answer")
            return failure
        self._db.execute("RELEASE answer")
        return None

    def answer(self, answer_id: str) -> AnswerRecord | None:
        """The answer with this id, or None."""
        return answer_from_row(self._one(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE id = ?", (answer_id,)))

    def answer_now(self, answer_id: str) -> AnswerRecord:
        """The answer with this id, read back after a write: it exists (else LookupError)."""
        answer = self.answer(answer_id)
        if answer is None:
            raise LookupError(f"answer {answer_id} is gone")
        return answer

    def set_answer_value(self, answer_id: str, value: dict[str, Any] | None, review: str | None = None,
                         findings: list[Any] | None = None, version: int | None = None) -> bool:
        """Replace an answer's value and its review state and bump its version; None withdraws it.

        With `version`: only when the answer is still at that version and not withdrawn (a
        compare-and-set); False when it changed meanwhile and nothing was written.
        """
        encoded = None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
        sql = "UPDATE answers SET value = ?, review = ?, findings = ?, version = version + 1 WHERE id = ?"
        params: tuple[Any, ...] = (encoded, review, dump_text(findings), answer_id)
        if version is not None:
            sql, params = sql + " AND version = ? AND value IS NOT NULL", params + (version,)
        changed = self._run(sql, params).rowcount == 1
        self._old_text_in_wal = True
        return changed

    def checkpoint_if_changed(self, min_interval: float = 2.0) -> bool:
        """After changed or withdrawn answers, copy the WAL into the file and truncate it, at most once
        per `min_interval` seconds: the old text must not linger in the write-ahead log."""
        if not self._old_text_in_wal or time.monotonic() - self._last_checkpoint < min_interval:
            return False
        self._checkpoint()
        return True

    def _checkpoint(self) -> None:
        with self._lock:
            self._old_text_in_wal = False
            self._last_checkpoint = time.monotonic()
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def set_answer_flags(self, answer_id: str, hidden: bool, starred: bool) -> None:
        """Store the moderation flags of an answer."""
        self._run("UPDATE answers SET hidden = ?, starred = ? WHERE id = ?", (int(hidden), int(starred), answer_id))

    def answers_for_step(self, live_id: int, step_id: str) -> list[AnswerRecord]:
        """All answers to one question, oldest first, withdrawn and hidden ones included.

        Read incrementally (sessions/store/changes.py): only the answers any process added or
        changed since this store's last read of the question, unless one was deleted meanwhile."""
        key = (live_id, step_id)
        known = self._step_answers.pop(key, None) or StepAnswers()
        with self._lock:  # the clock and the rows from one snapshot
            own_transaction = not self._db.in_transaction
            if own_transaction:
                self._db.execute("BEGIN")
            try:
                tick, deletions = self._db.execute("SELECT tick, deleted FROM answer_clock WHERE id = 1").fetchone()
                if deletions != known.deletions:
                    known = StepAnswers(deletions=deletions)
                rows = self._db.execute(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE live_id = ? AND step_id = ? "
                                        "AND seq > ?", (live_id, step_id, known.last_seq)).fetchall()
                if known.tick >= 0 and tick != known.tick:  # a first read has every row already
                    rows += self._db.execute(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE live_id = ? AND step_id = ? "
                                             "AND seq IN (SELECT seq FROM answer_changes WHERE tick > ?)",
                                             (live_id, step_id, known.tick)).fetchall()
            finally:
                if own_transaction:
                    self._db.execute("COMMIT")
        records = known.apply(rows, tick)
        self._step_answers[key] = known
        while len(self._step_answers) > KEPT_QUESTIONS:
            del self._step_answers[next(iter(self._step_answers))]
        return records

    def answers_for_live(self, live_id: int) -> list[AnswerRecord]:
        """All answers of a live session, oldest first."""
        rows = self._all(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE live_id = ? ORDER BY seq", (live_id,))
        return [answer_from_row(row) for row in rows]

    def answer_counts(self) -> dict[int, int]:
        """The number of visible answers per live session."""
        rows = self._all("SELECT live_id, COUNT(*) AS n FROM answers WHERE value IS NOT NULL AND hidden = 0 "
                         "AND review IS NULL GROUP BY live_id")
        return {row["live_id"]: row["n"] for row in rows}


class _Waiter:
    """One answer waiting for its group to be committed."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.error: Exception | None = None
