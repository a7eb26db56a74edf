"""Plain records the store returns: a live session, a question's state, an answer."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sessions.content import Session, Step

SCREEN, REPORT = "screen", "report"
VISIBILITIES = (SCREEN, REPORT)


@dataclass(frozen=True)
class LiveRecord:
    """A live run of a session, with its content snapshot."""

    id: int
    code: str
    session_id: str
    content: Session
    screen_token: str
    status: str
    current_step: int
    blank: bool
    started_at: str
    ended_at: str | None

    @property
    def is_live(self) -> bool:
        """True while the session is running."""
        return self.status == "live"

    @property
    def step(self) -> Step:
        """The current step of the content."""
        return self.content.steps[self.current_step]


@dataclass(frozen=True)
class QuestionState:
    """Whether a question takes answers, shows results, and when its countdown ends."""

    live_id: int
    step_id: str
    is_open: bool
    results_visible: bool
    deadline: float | None
    spotlight: str | None


@dataclass(frozen=True)
class AnswerRecord:
    """One anonymous answer. `value` is None once the phone withdrew it.

    `review` is None for an answer that may be shown, else why it waits for the facilitator
    ("flagged", "unscreened", "premoderation"); `findings` holds what screening found, as
    [start, end, kind] in the screened text. `version` goes up with every change of `value`:
    a hold is only ever cleared for the version that was screened or shown to the facilitator.
    """

    id: str
    seq: int
    live_id: int
    step_id: str
    value: dict[str, Any] | None
    hidden: bool
    starred: bool
    review: str | None = None
    findings: tuple[Any, ...] = ()
    # "screen" (the default) or "report": the participant's say over where the answer goes.
    visibility: str = "screen"
    votes: int = 0  # "herkenbaar" marks of other phones (only the count is ever stored)
    answered: bool = False  # a question to the speaker marked "beantwoord"
    version: int = 0

    @property
    def given(self) -> dict[str, Any]:
        """The value of an answer that is not withdrawn (the caller knows; else a ValueError)."""
        if self.value is None:
            raise ValueError(f"answer {self.id!r} was withdrawn")
        return self.value

    @property
    def is_visible(self) -> bool:
        """In the opbrengst and the exports: not withdrawn, not hidden by the facilitator, not held for review."""
        return self.value is not None and not self.hidden and self.review is None

    @property
    def report_only(self) -> bool:
        """The participant chose "Alleen voor het verslag": never on the screen or another phone."""
        return self.visibility == REPORT

    @property
    def on_screen(self) -> bool:
        """The one rule for the screen, its aggregates and other phones: visible and not report-only.

        `ON_SCREEN_SQL` in `sessions/store/rows.py` is the same rule for paged queries.
        """
        return self.is_visible and not self.report_only


@dataclass(frozen=True)
class Writeup:
    """The facilitator's curated opbrengst text for one live session."""

    live_id: int
    statement: str | None
    insights: list[Any] | None
    quotes: list[Any] | None
    updated_at: str | None
