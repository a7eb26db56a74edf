"""The store: one SQLite file, WAL mode, migrations by user_version; live sessions, questions, write-ups.

`Store` is made of this module and its mixins (answers, logins, accounts, review, talkback,
themes), the only modules that speak SQL. Every write commits before it returns, with
synchronous=FULL, so an acknowledged answer survives a crash of the process or the machine. No
participant identifier is ever stored: answers hold an id made on the phone, the question and
the value, nothing else (no time stamp).
"""
from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any, overload

from sessions.content import Session, session_from_dict, session_to_dict
from sessions.store.accounts import ACCOUNTS_MIGRATION, AccountRecords
from sessions.store.answers import AnswerRecords
from sessions.store.changes import CHANGES_MIGRATION, StepAnswers
from sessions.store.logins import LOGINS_MIGRATION, LoginRecords, make_private
from sessions.store.records import LiveRecord, QuestionState, Writeup
from sessions.store.review import ReviewQueries
from sessions.store.rows import dump_text, json_value, question_state_from_row
from sessions.store.talkback import TALKBACK_MIGRATION, TalkbackQueries
from sessions.store.themes import THEMES_MIGRATION, ThemeQueries

MIGRATIONS = [
    """
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE live_sessions (
        id INTEGER PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        session_id TEXT NOT NULL,
        content TEXT NOT NULL,
        screen_token TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL DEFAULT 'live' CHECK (status IN ('live', 'ended')),
        current_step INTEGER NOT NULL DEFAULT 0,
        blank INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        ended_at TEXT
    );
    CREATE TABLE question_states (
        live_id INTEGER NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        is_open INTEGER NOT NULL,
        results_visible INTEGER NOT NULL,
        deadline REAL,
        spotlight TEXT,
        PRIMARY KEY (live_id, step_id)
    );
    CREATE TABLE answers (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        live_id INTEGER NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        value TEXT,
        hidden INTEGER NOT NULL DEFAULT 0,
        starred INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX answers_by_step ON answers (live_id, step_id, seq);
    CREATE TABLE writeups (
        live_id INTEGER PRIMARY KEY REFERENCES live_sessions(id) ON DELETE CASCADE,
        statement TEXT,
        insights TEXT,
        quotes TEXT,
        updated_at TEXT
    );
    """,
    LOGINS_MIGRATION,  # 2: server-side facilitator logins; the secret key moves to its own file
    ACCOUNTS_MIGRATION,  # 3: facilitator accounts and the owner of each live run
    # 4: room safety: an answer held for review (why: flagged, unscreened, premoderation) and what
    # screening found in it; the facilitator's "Alles eerst beoordelen" per run ('') and per question.
    """
    ALTER TABLE answers ADD COLUMN review TEXT;
    ALTER TABLE answers ADD COLUMN findings TEXT;
    CREATE INDEX answers_held ON answers (live_id, seq) WHERE review IS NOT NULL;
    CREATE TABLE review_settings (
        live_id INTEGER NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        review_all INTEGER NOT NULL,
        PRIMARY KEY (live_id, step_id)
    );
    """,
    TALKBACK_MIGRATION,  # 5: report-only answers, "herkenbaar" counts, questions answered, run switches
    THEMES_MIGRATION,  # 6: themes of open answers, who is in which theme, the screen's theme view
    # 7: an answer's version, bumped on every change of its value: a hold is cleared (rescreen,
    # Toestaan, Anonimiseren, Verbergen) only for the version that was screened or shown.
    "ALTER TABLE answers ADD COLUMN version INTEGER NOT NULL DEFAULT 0",
    CHANGES_MIGRATION,  # 8: a change clock on answers, so the broadcaster reads only what changed
]
SCHEMA_VERSION = len(MIGRATIONS)
# Without `content`: the snapshot never changes, so it is read and parsed once (see `_live`).
# The snapshot's length tells a cached copy from a replaced one (a quick question added by another
# server process, see `replace_content`) without reading it into Python.
LIVE_COLUMNS = "id, code, session_id, screen_token, status, current_step, blank, started_at, ended_at, " \
               "length(content) AS content_length"


class Store(AnswerRecords, LoginRecords, AccountRecords, ReviewQueries, TalkbackQueries, ThemeQueries):
    """A connection to the database file; safe to share between green threads."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            make_private(Path(self.path))  # answers and logins: this user only (0700 dir, 0600 files)
        self._lock = threading.RLock()
        self._pending_lock = threading.Lock()
        self._pending: list[Any] = []
        self._leading = False
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=FULL")
        self._db.execute("PRAGMA foreign_keys=ON")
        # Deleted answers are overwritten, not just unlinked: "delete" must mean gone from the file.
        self._db.execute("PRAGMA secure_delete=ON")
        self._db.execute("PRAGMA busy_timeout=5000")
        self.migrate()
        # By (screen token, snapshot length): the token is random, unique, never reused.
        self._content_cache: dict[tuple[str, int], Session] = {}
        self._old_text_in_wal, self._last_checkpoint = False, 0.0
        self._step_answers: dict[tuple[int, str], StepAnswers] = {}  # see `answers_for_step`

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._db.close()

    def migrate(self, migrations: list[str] = MIGRATIONS) -> int:
        """Apply pending migrations, each in its own transaction; return the schema version."""
        with self._lock:
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            for number in range(version, len(migrations)):
                try:
                    self._db.executescript(f"BEGIN; {migrations[number]}; PRAGMA user_version={number + 1}; COMMIT;")
                except sqlite3.Error:
                    self._db.execute("ROLLBACK")
                    raise
            if version < len(migrations):
                # A migration may delete secrets (the old stored secret key): out of the WAL too.
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            return int(self._db.execute("PRAGMA user_version").fetchone()[0])

    # settings
    def get_setting(self, key: str) -> str | None:
        """A stored setting, or None."""
        row = self._one("SELECT value FROM settings WHERE key = ?", (key,))
        return row["value"] if row else None

    def set_setting(self, key: str, value: str) -> None:
        """Store a setting."""
        self._run("INSERT INTO settings (key, value) VALUES (?, ?) "
                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # live sessions
    def create_live(self, code: str, session: Session, screen_token: str, started_at: str) -> LiveRecord:
        """Insert a new live session with a snapshot of its content."""
        content = json.dumps(session_to_dict(session), ensure_ascii=False)
        cursor = self._run("INSERT INTO live_sessions (code, session_id, content, screen_token, started_at) "
                           "VALUES (?, ?, ?, ?, ?)", (code, session.id, content, screen_token, started_at))
        assert cursor.lastrowid is not None  # an INSERT that succeeded
        return self.live_now(cursor.lastrowid)

    @overload
    def _live(self, row: sqlite3.Row) -> LiveRecord: ...
    @overload
    def _live(self, row: sqlite3.Row | None) -> LiveRecord | None: ...
    def _live(self, row: sqlite3.Row | None) -> LiveRecord | None:
        if row is None:
            return None
        cache_key = (row["screen_token"], row["content_length"])
        content = self._content_cache.get(cache_key)
        if content is None:
            # Every answer reads its live session: fetching and parsing the snapshot each time would
            # put ~10 KB of JSON on the hottest path.
            snapshot = self._all("SELECT content FROM live_sessions WHERE id = ?", (row["id"],))[0]["content"]
            content = self._content_cache[cache_key] = session_from_dict(json.loads(snapshot))
        return LiveRecord(id=row["id"], code=row["code"], session_id=row["session_id"], content=content,
                          screen_token=row["screen_token"], status=row["status"],
                          current_step=row["current_step"], blank=bool(row["blank"]),
                          started_at=row["started_at"], ended_at=row["ended_at"])

    def _forget_content(self, token: str) -> None:
        for key in [key for key in self._content_cache if key[0] == token]:
            del self._content_cache[key]

    def live_by_id(self, live_id: int) -> LiveRecord | None:
        """The live session with this id."""
        return self._live(self._one(f"SELECT {LIVE_COLUMNS} FROM live_sessions WHERE id = ?", (live_id,)))

    def live_now(self, live_id: int) -> LiveRecord:
        """The live session with this id, read back after a write: it exists (else LookupError)."""
        live = self.live_by_id(live_id)
        if live is None:
            raise LookupError(f"live session {live_id} is gone")
        return live

    def live_by_code(self, code: str) -> LiveRecord | None:
        """The live session with this join code."""
        return self._live(self._one(f"SELECT {LIVE_COLUMNS} FROM live_sessions WHERE code = ?", (code,)))

    def live_by_screen_token(self, token: str) -> LiveRecord | None:
        """The live session whose screen URL holds this token."""
        return self._live(self._one(f"SELECT {LIVE_COLUMNS} FROM live_sessions WHERE screen_token = ?", (token,)))

    def list_lives(self) -> list[LiveRecord]:
        """All live sessions, newest first."""
        return [self._live(row) for row in self._all(f"SELECT {LIVE_COLUMNS} FROM live_sessions ORDER BY id DESC")]

    def code_exists(self, code: str) -> bool:
        """True when a live session (running or ended) uses this code."""
        return self._one("SELECT 1 FROM live_sessions WHERE code = ?", (code,)) is not None

    def set_position(self, live_id: int, current_step: int, blank: bool) -> None:
        """Store the current step and whether the screen is blank."""
        self._run("UPDATE live_sessions SET current_step = ?, blank = ? WHERE id = ?",
                  (current_step, int(blank), live_id))

    def end_live(self, live_id: int, ended_at: str) -> None:
        """Mark a live session as ended and close its questions."""
        with self._lock:
            self._run("BEGIN")
            self._run("UPDATE live_sessions SET status = 'ended', ended_at = ? WHERE id = ?", (ended_at, live_id))
            self._run("UPDATE question_states SET is_open = 0, deadline = NULL WHERE live_id = ?", (live_id,))
            self._run("COMMIT")
            self._checkpoint()  # changed and withdrawn texts leave the write-ahead log at the end

    def delete_live(self, live_id: int) -> None:
        """Delete a live session and, by cascade, all its answers and write-up, for good."""
        with self._lock:
            row = self._one("SELECT screen_token FROM live_sessions WHERE id = ?", (live_id,))
            if row is not None:
                self._forget_content(row["screen_token"])
            self._db.execute("DELETE FROM live_sessions WHERE id = ?", (live_id,))
            # Old page images live on in the write-ahead log until a checkpoint: clear it now.
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # question states
    def question_state(self, live_id: int, step_id: str) -> QuestionState | None:
        """The stored state of a question, or None before it was first shown."""
        row = self._one("SELECT * FROM question_states WHERE live_id = ? AND step_id = ?", (live_id, step_id))
        return question_state_from_row(row)

    def save_question_state(self, state: QuestionState) -> None:
        """Insert or replace a question's state."""
        self._run("INSERT OR REPLACE INTO question_states "
                  "(live_id, step_id, is_open, results_visible, deadline, spotlight) VALUES (?, ?, ?, ?, ?, ?)",
                  (state.live_id, state.step_id, int(state.is_open), int(state.results_visible), state.deadline,
                   state.spotlight))

    def close_if_expired(self, live_id: int, step_id: str, now: float) -> bool:
        """Close a question whose countdown ran out; False when it is no longer open or no longer expired."""
        changed = self._run("UPDATE question_states SET is_open = 0, deadline = NULL WHERE live_id = ? AND step_id = ? "
                            "AND is_open = 1 AND deadline IS NOT NULL AND deadline <= ?", (live_id, step_id, now))
        return changed.rowcount == 1

    def expired_questions(self, now: float) -> list[QuestionState]:
        """Open questions whose countdown has run out."""
        rows = self._all("SELECT * FROM question_states WHERE is_open = 1 AND deadline IS NOT NULL AND deadline <= ?",
                         (now,))
        return [question_state_from_row(row) for row in rows]

    # session files and their runs
    def live_run_counts(self) -> dict[str, tuple[int, int]]:
        """Per session id: (live runs, of which still running)."""
        rows = self._all("SELECT session_id, COUNT(*) AS n, SUM(status = 'live') AS running "
                         "FROM live_sessions GROUP BY session_id")
        return {row["session_id"]: (row["n"], row["running"] or 0) for row in rows}

    def answered_steps(self, session_id: str) -> list[tuple[int, str]]:
        """(live id, step id) of every question of a session that has answers in some live run."""
        rows = self._all("SELECT DISTINCT a.live_id, a.step_id FROM answers a JOIN live_sessions l "
                         "ON l.id = a.live_id WHERE l.session_id = ? ORDER BY a.live_id", (session_id,))
        return [(row["live_id"], row["step_id"]) for row in rows]

    def replace_content(self, live_id: int, session: Session) -> None:
        """Replace the content snapshot of one live session (a question added during the run)."""
        content = json.dumps(session_to_dict(session), ensure_ascii=False)
        with self._lock:
            row = self._one("SELECT screen_token FROM live_sessions WHERE id = ?", (live_id,))
            self._run("UPDATE live_sessions SET content = ? WHERE id = ?", (content, live_id))
            if row is not None:
                self._forget_content(row["screen_token"])

    # write-ups
    def writeup(self, live_id: int) -> Writeup:
        """The facilitator's write-up; empty fields when nothing was saved yet."""
        row = self._one("SELECT * FROM writeups WHERE live_id = ?", (live_id,))
        if row is None:
            return Writeup(live_id, None, None, None, None)
        return Writeup(live_id, row["statement"], json_value(row["insights"]), json_value(row["quotes"]),
                       row["updated_at"])

    def save_writeup(self, writeup: Writeup) -> None:
        """Insert or replace the write-up of a live session."""
        self._run("INSERT OR REPLACE INTO writeups (live_id, statement, insights, quotes, updated_at) "
                  "VALUES (?, ?, ?, ?, ?)",
                  (writeup.live_id, writeup.statement, dump_text(writeup.insights), dump_text(writeup.quotes),
                   writeup.updated_at))

