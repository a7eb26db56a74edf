"""The store's SQL for the review queue: held answers, their resolution, the pre-moderation switches.

A mixin of `Store` (it uses the store's connection and helpers); SQL stays in the store modules.
"""
from __future__ import annotations

import json
from typing import Any

from sessions.store.rows import ANSWER_COLUMNS, Queries, answer_from_row


class ReviewQueries(Queries):
    """Queries about held answers and review settings."""

    def held_answers(self, live_id: int) -> list[Any]:
        """Answers of a live session waiting for review (not withdrawn, not hidden), oldest first."""
        rows = self._all(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE live_id = ? AND review IS NOT NULL "
                         "AND value IS NOT NULL AND hidden = 0 ORDER BY seq", (live_id,))
        return [answer_from_row(row) for row in rows]

    def unscreened_answers(self) -> list[Any]:
        """Answers held because the screener was not running when they came in, oldest first."""
        rows = self._all(f"SELECT {ANSWER_COLUMNS} FROM answers WHERE review = 'unscreened' AND value IS NOT NULL "
                         "ORDER BY seq")
        return [answer_from_row(row) for row in rows]

    def set_review(self, answer_id: str, review: str | None, findings: list[Any] | None, version: int,
                   hidden: bool | None = None) -> bool:
        """Set (or with None clear) the review state of this version of an answer; optionally hide it too.

        A compare-and-set: nothing happens (False) when the answer changed since `version`,
        so a hold is never cleared for a text that was not screened or shown.
        """
        encoded = None if findings is None else json.dumps(findings)
        hide_sql, hide_param = ("", ()) if hidden is None else (", hidden = ?", (int(hidden),))
        cursor = self._run(f"UPDATE answers SET review = ?, findings = ?{hide_sql} "
                           "WHERE id = ? AND version = ? AND value IS NOT NULL",
                           (review, encoded, *hide_param, answer_id, version))
        return cursor.rowcount == 1

    def replace_redacted(self, answer_id: str, value: dict[str, Any], version: int) -> bool:
        """Store the redacted value of this version, clear the review, push the original out of the file and the WAL.

        False (nothing written) when the answer changed since `version`.
        """
        encoded = json.dumps(value, ensure_ascii=False, sort_keys=True)
        with self._lock:
            cursor = self._db.execute("UPDATE answers SET value = ?, review = NULL, findings = NULL, "
                                      "version = version + 1 WHERE id = ? AND version = ? AND value IS NOT NULL",
                                      (encoded, answer_id, version))
            # secure_delete overwrites the old record in the file; the WAL still holds old page images
            # until a checkpoint, so write them back and truncate it now.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return cursor.rowcount == 1

    def review_settings(self, live_id: int) -> dict[str, bool]:
        """The facilitator's "Alles eerst beoordelen" switches: '' for the whole run, else per step id."""
        rows = self._all("SELECT step_id, review_all FROM review_settings WHERE live_id = ?", (live_id,))
        return {row["step_id"]: bool(row["review_all"]) for row in rows}

    def set_review_setting(self, live_id: int, step_id: str, review_all: bool) -> None:
        """Switch pre-moderation on or off for a run ('') or one question."""
        self._run("INSERT INTO review_settings (live_id, step_id, review_all) VALUES (?, ?, ?) "
                  "ON CONFLICT (live_id, step_id) DO UPDATE SET review_all = excluded.review_all",
                  (live_id, step_id, int(review_all)))
