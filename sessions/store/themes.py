"""The store's SQL for themes: suggested and kept themes per question, which answer is in which
theme (and whether the facilitator put it there), the screen's theme view, insights from themes.

A mixin of `Store` (it uses the store's connection and helpers); SQL stays in the store modules.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sessions.store.rows import Queries

THEMES_MIGRATION = """
    CREATE TABLE themes (
        id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused: a console may still hold an old id
        live_id INTEGER NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        label TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('suggested', 'kept')),
        typical TEXT,
        insight TEXT
    );
    CREATE INDEX themes_by_step ON themes (live_id, step_id, id);
    CREATE TABLE theme_members (
        answer_id TEXT PRIMARY KEY REFERENCES answers(id) ON DELETE CASCADE,
        theme_id INTEGER REFERENCES themes(id) ON DELETE CASCADE,
        pinned INTEGER NOT NULL
    );
    CREATE INDEX theme_members_by_theme ON theme_members (theme_id);
    CREATE TABLE theme_screens (
        live_id INTEGER NOT NULL REFERENCES live_sessions(id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        PRIMARY KEY (live_id, step_id)
    );
"""
THEME_COLUMNS = "id, live_id, step_id, label, status, typical, insight"


@dataclass(frozen=True)
class ThemeRecord:
    """A theme of one question: 'suggested' by the engine or 'kept' (the facilitator decided)."""

    id: int
    live_id: int
    step_id: str
    label: str
    status: str
    typical: str | None
    insight: str | None


@dataclass(frozen=True)
class Membership:
    """Where an answer is: a theme (None = "no theme"), and whether the facilitator put it there."""

    theme_id: int | None
    pinned: bool


class ThemeQueries(Queries):
    """Queries about themes and their members."""

    def themes_for_step(self, live_id: int, step_id: str) -> list[ThemeRecord]:
        """The themes of one question, oldest first."""
        rows = self._all(f"SELECT {THEME_COLUMNS} FROM themes WHERE live_id = ? AND step_id = ? ORDER BY id",
                         (live_id, step_id))
        return [ThemeRecord(**dict(row)) for row in rows]

    def themes_for_live(self, live_id: int) -> list[ThemeRecord]:
        """Every theme of a live run, per question oldest first."""
        rows = self._all(f"SELECT {THEME_COLUMNS} FROM themes WHERE live_id = ? ORDER BY step_id, id", (live_id,))
        return [ThemeRecord(**dict(row)) for row in rows]

    def theme(self, theme_id: int) -> ThemeRecord | None:
        """One theme, or None."""
        row = self._one(f"SELECT {THEME_COLUMNS} FROM themes WHERE id = ?", (theme_id,))
        return ThemeRecord(**dict(row)) if row else None

    def memberships(self, live_id: int, step_id: str | None = None) -> dict[str, Membership]:
        """answer id -> membership, for the answers of one question (or of the whole run)."""
        sql = ("SELECT m.answer_id, m.theme_id, m.pinned FROM theme_members m JOIN answers a ON a.id = m.answer_id "
               "WHERE a.live_id = ?")
        params: tuple[Any, ...] = (live_id,)
        if step_id is not None:
            sql, params = sql + " AND a.step_id = ?", (live_id, step_id)
        return {row["answer_id"]: Membership(row["theme_id"], bool(row["pinned"])) for row in self._all(sql, params)}

    def create_theme(self, live_id: int, step_id: str, label: str, status: str, typical: str | None = None) -> int:
        """A new theme; its id."""
        theme_id = self._run("INSERT INTO themes (live_id, step_id, label, status, typical) VALUES (?, ?, ?, ?, ?)",
                             (live_id, step_id, label, status, typical)).lastrowid
        assert theme_id is not None  # an INSERT that succeeded
        return theme_id

    def update_theme(self, theme_id: int, **changes: Any) -> None:
        """Change label, status, typical and/or insight of a theme."""
        allowed = [name for name in ("label", "status", "typical", "insight") if name in changes]
        if allowed:
            assignments = ", ".join(f"{name} = ?" for name in allowed)
            self._run(f"UPDATE themes SET {assignments} WHERE id = ?", (*[changes[n] for n in allowed], theme_id))

    def delete_theme(self, theme_id: int, members_to: int | None = None, pinned: bool = True) -> None:
        """Delete a theme; its members move to `members_to` (None: no theme) in one transaction."""
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.execute("UPDATE theme_members SET theme_id = ?, pinned = ? WHERE theme_id = ?",
                                 (members_to, int(pinned), theme_id))
                self._db.execute("DELETE FROM themes WHERE id = ?", (theme_id,))
                self._db.execute("COMMIT")
            except Exception:
                self._db.execute("ROLLBACK")
                raise

    def set_member(self, answer_id: str, theme_id: int | None, pinned: bool) -> None:
        """Put an answer in a theme (None: no theme)."""
        self._run("INSERT INTO theme_members (answer_id, theme_id, pinned) VALUES (?, ?, ?) ON CONFLICT (answer_id) "
                  "DO UPDATE SET theme_id = excluded.theme_id, pinned = excluded.pinned",
                  (answer_id, theme_id, int(pinned)))

    def pin_members(self, theme_id: int) -> None:
        """The facilitator decided a theme: its current members stay where they are."""
        self._run("UPDATE theme_members SET pinned = 1 WHERE theme_id = ?", (theme_id,))

    def save_suggestion(self, live_id: int, step_id: str, themes: list[tuple[Any, ...]], placed: dict[str, int | str],
                        dropped: list[int]) -> dict[str, int]:
        """Write one run of the engine in one transaction: `themes` are (key, existing id or None,
        label, typical); `placed` maps undecided answers to a theme key or a kept theme id; the
        suggested themes in `dropped` go. Pinned members are never touched. Returns key -> theme id."""
        ids: dict[str, int] = {}
        with self._lock:
            self._db.execute("BEGIN")
            try:
                for theme_id in dropped:
                    self._db.execute("DELETE FROM themes WHERE id = ? AND status = 'suggested'", (theme_id,))
                for key, existing, label, typical in themes:
                    if existing is None:
                        existing = self._db.execute(
                            "INSERT INTO themes (live_id, step_id, label, status, typical) VALUES (?, ?, ?, "
                            "'suggested', ?)", (live_id, step_id, label, typical)).lastrowid
                    else:
                        self._db.execute("UPDATE themes SET label = ?, typical = ? WHERE id = ? AND status = "
                                         "'suggested'", (label, typical, existing))
                    ids[key] = existing
                for answer_id, target in placed.items():
                    theme_id = ids[target] if isinstance(target, str) else target
                    self._db.execute(
                        "INSERT INTO theme_members (answer_id, theme_id, pinned) VALUES (?, ?, 0) ON CONFLICT "
                        "(answer_id) DO UPDATE SET theme_id = excluded.theme_id WHERE pinned = 0",
                        (answer_id, theme_id))
                self._db.execute("COMMIT")
            except Exception:
                self._db.execute("ROLLBACK")
                raise
        return ids

    def theme_screen(self, live_id: int, step_id: str) -> bool:
        """Whether the screen shows this question's themes instead of the wall."""
        return self._one("SELECT 1 FROM theme_screens WHERE live_id = ? AND step_id = ?", (live_id,
                                                                                           step_id)) is not None

    def set_theme_screen(self, live_id: int, step_id: str, shown: bool) -> None:
        """Show the themes on the screen (or the wall again)."""
        if shown:
            self._run("INSERT OR IGNORE INTO theme_screens (live_id, step_id) VALUES (?, ?)", (live_id, step_id))
        else:
            self._run("DELETE FROM theme_screens WHERE live_id = ? AND step_id = ?", (live_id, step_id))
