"""The store's SQL for the room talking back: report-only answers, vote counts, run switches, paged reads.

A mixin of `Store` (it uses the store's connection and helpers); SQL stays in the store modules.
Which phone voted for what is never stored: only the count per answer (see `sessions/votes.py`).
"""
from __future__ import annotations

from typing import Any

from sessions.store.records import AnswerRecord
from sessions.store.rows import ANSWER_COLUMNS, ON_SCREEN_SQL, Queries, answer_from_row

# 5: where an answer may go ("screen" or "report"), its "herkenbaar" count, "beantwoord" for a
# question to the speaker, and the facilitator's switches per run ('') or per question.
TALKBACK_MIGRATION = """
    ALTER TABLE answers ADD COLUMN visibility TEXT NOT NULL DEFAULT 'screen'
        CHECK (visibility IN ('screen', 'report'));
    ALTER TABLE answers ADD COLUMN votes INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE answers ADD COLUMN answered INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE live_switches (
        live_id INTEGER NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        step_id TEXT NOT NULL,
        enabled INTEGER NOT NULL,
        PRIMARY KEY (live_id, name, step_id)
    );
"""


class TalkbackQueries(Queries):
    """Queries about what phones may read, vote counts and the run's switches."""

    def on_screen_page(self, live_id: int, step_id: str, before: int | None, limit: int) -> list[Any]:
        """Answers of one step that may be on the screen and other phones, newest first, below seq `before`."""
        rows = self._all(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE live_id = ? AND step_id = ? AND {ON_SCREEN_SQL} "
                         "AND seq < ? ORDER BY seq DESC LIMIT ?",
                         (live_id, step_id, before if before is not None else 2 ** 62, limit))
        return [answer_from_row(row) for row in rows]

    def answer_by_seq(self, live_id: int, seq: int) -> AnswerRecord | None:
        """The answer of this live session with this sequence number (what a display id names), or None."""
        row = self._one(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE live_id = ? AND seq = ?", (live_id, seq))
        return answer_from_row(row)

    def add_votes(self, changes: dict[int, int]) -> None:
        """Add +n / -n to the vote counts of many answers (by seq) in one transaction (never below 0)."""
        if not changes:
            return
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.executemany("UPDATE answers SET votes = MAX(0, votes + ?) WHERE seq = ?",
                                     [(change, seq) for seq, change in changes.items()])
                self._db.execute("COMMIT")
            except Exception:
                self._db.execute("ROLLBACK")
                raise

    def set_answered(self, answer_id: str, answered: bool) -> None:
        """Mark a question to the speaker as answered ("beantwoord") or not."""
        self._run("UPDATE answers SET answered = ? WHERE id = ?", (int(answered), answer_id))

    def set_visibility(self, answer_id: str, visibility: str) -> None:
        """Store where an answer may go: "screen" or "report"."""
        self._run("UPDATE answers SET visibility = ? WHERE id = ?", (visibility, answer_id))

    def switches(self, live_id: int, name: str) -> dict[str, bool]:
        """The facilitator's switches of one name: '' for the whole run, else per step id."""
        rows = self._all("SELECT step_id, enabled FROM live_switches WHERE live_id = ? AND name = ?", (live_id, name))
        return {row["step_id"]: bool(row["enabled"]) for row in rows}

    def set_switch(self, live_id: int, name: str, step_id: str, enabled: bool) -> None:
        """Switch something on or off for a run ('') or one question."""
        self._run("INSERT INTO live_switches (live_id, name, step_id, enabled) VALUES (?, ?, ?, ?) "
                  "ON CONFLICT (live_id, name, step_id) DO UPDATE SET enabled = excluded.enabled",
                  (live_id, name, step_id, int(enabled)))
