"""Plain records the store returns: a live session, a question's state, an answer."""
from __future__ import annotations

from dataclasses import dataclass

from sessions.content import Session


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
    def step(self):
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
    [start, end, kind] in the screened text.
    """

    id: str
    seq: int
    live_id: int
    step_id: str
    value: dict | None
    hidden: bool
    starred: bool
    review: str | None = None
    findings: tuple = ()

    @property
    def is_visible(self) -> bool:
        """Counted and shown: not withdrawn, not hidden by the facilitator, not held for review."""
        return self.value is not None and not self.hidden and self.review is None


@dataclass(frozen=True)
class Writeup:
    """The facilitator's curated opbrengst text for one live session."""

    live_id: int
    statement: str | None
    insights: list | None
    quotes: list | None
    updated_at: str | None
