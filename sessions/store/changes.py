"""A change clock on answers, kept by SQLite itself, so a question's answers are read incrementally.

The broadcaster reads the current question's every answer four times a second. At 5,000 answers
that read was half of a tick, and a long tick makes the broadcaster wait longer before the next
one (issue 19: the screen's latency at 5,000 phones). A reader now asks only for what is new:
- new answers: `seq` above the highest it has seen (SQLite serialises writers, so answers commit
  in `seq` order and a snapshot never lacks a lower `seq` than one it shows);
- changed answers: every update of an answer, by any process or code path, takes the next tick
  of one clock row and writes it beside the answer's `seq` in `answer_changes` (a trigger: the
  inserts, which a burst is made of, cost nothing extra); the reader asks for ticks above the last
  it saw;
- a deleted answer (only by deleting its live session) bumps a second counter, and a reader that
  sees it move reads everything again.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from sessions.store.records import AnswerRecord
from sessions.store.rows import answer_from_row

CHANGES_MIGRATION = """
CREATE TABLE answer_clock (id INTEGER PRIMARY KEY CHECK (id = 1), tick INTEGER NOT NULL, deleted INTEGER NOT NULL);
INSERT INTO answer_clock VALUES (1, 0, 0);
CREATE TABLE answer_changes (seq INTEGER PRIMARY KEY, tick INTEGER NOT NULL);
CREATE INDEX answer_changes_by_tick ON answer_changes (tick);
CREATE TRIGGER answer_updated AFTER UPDATE ON answers BEGIN
    UPDATE answer_clock SET tick = tick + 1 WHERE id = 1;
    INSERT OR REPLACE INTO answer_changes (seq, tick) VALUES (NEW.seq, (SELECT tick FROM answer_clock WHERE id = 1));
END;
CREATE TRIGGER answer_deleted AFTER DELETE ON answers BEGIN
    UPDATE answer_clock SET deleted = deleted + 1 WHERE id = 1;
    DELETE FROM answer_changes WHERE seq = OLD.seq;
END
"""
KEPT_QUESTIONS = 8  # the questions being shown now; the oldest is dropped first


@dataclass
class StepAnswers:
    """One question's answer records as last read, and how far the reads went."""

    last_seq: int = 0
    tick: int = -1
    deletions: int = -1
    by_seq: dict[int, AnswerRecord] = field(default_factory=dict)
    ordered: list[AnswerRecord] = field(default_factory=list)

    def apply(self, rows: list[sqlite3.Row], tick: int) -> list[AnswerRecord]:
        """Merge the new and changed rows; return every record, oldest first."""
        self.tick = tick
        if rows:
            for row in rows:
                self.by_seq[row["seq"]] = answer_from_row(row)
            self.last_seq = max(self.last_seq, max(row["seq"] for row in rows))
            self.ordered = [self.by_seq[seq] for seq in sorted(self.by_seq)]
        return list(self.ordered)
