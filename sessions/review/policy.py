"""Which answers wait for the facilitator before anyone else sees them, and how a redaction is applied.

Pure rules, no store: open, words and "Anders, namelijk" answers are screened; an answer with
a personal detail is held ("flagged"); while the screener is not running a text answer is
held too ("unscreened", the safe default); with "Alles eerst beoordelen" every text answer
is held ("premoderation"). Choice clicks and scale values carry no text and are never held.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sessions.answers import normalize_value
from sessions.content import Question, Step
from sessions.screening.screener import ScreenResult, highlighted_parts, redact

if TYPE_CHECKING:  # the rules take the store as an argument; importing it here would only serve types
    from sessions.store.database import Store
    from sessions.store.records import LiveRecord

FLAGGED, UNSCREENED, PREMODERATION = "flagged", "unscreened", "premoderation"
REVIEW_REASONS = {FLAGGED: "Mogelijk persoonsgegevens", UNSCREENED: "Nog niet gecontroleerd",
                  PREMODERATION: "Alles eerst beoordelen"}
RUN = ""  # the step id under which the switch for the whole run is stored
# Screens one text: a result, or None when the screener cannot answer now (starting, crashed).
ScreenFunction = Callable[[str], "ScreenResult | None"]


def screened_text(question: Question, value: dict[str, Any] | None) -> str | None:
    """The text of an answer that is screened, or None for answers without free text."""
    if value is None:
        return None
    if question.kind == "open":
        return value.get("text")
    if question.kind == "words":
        return " ".join(value.get("words", []))
    if question.kind == "choice":
        return value.get("other") or None
    return None


def decide(question: Question, value: dict[str, Any], screen: ScreenFunction | None,
           review_all: bool) -> tuple[str | None, list[Any] | None]:
    """(review reason or None, findings as [[start, end, kind], …] or None) for a new or changed answer."""
    text = screened_text(question, value)
    if text is None:
        return None, None
    result = screen(text) if screen is not None else ScreenResult()
    if result is None:
        return UNSCREENED, None
    if result.held:
        return FLAGGED, result.to_json()
    return (PREMODERATION if review_all else None), None


def review_all_for(store: Store, live: LiveRecord, step: Step, settings: dict[str, Any] | None = None) -> bool:
    """Whether every answer to this question waits for review: the run, the console toggle, or the file."""
    settings = store.review_settings(live.id) if settings is None else settings
    if settings.get(RUN):
        return True
    if step.id in settings:
        return bool(settings[step.id])
    return step.asked.review_all


def redacted_value(question: Question, value: dict[str, Any], text: str) -> dict[str, Any]:
    """The answer value with its screened text replaced by `text` (validated like a new answer)."""
    if question.kind == "open":
        return normalize_value(question, {"text": text})
    if question.kind == "words":
        return normalize_value(question, {"words": text.split()})
    return normalize_value(question, {"options": value.get("options", []), "other": text})


def suggestion(text: str, findings: Any) -> str:
    """The default redaction of a text: every finding replaced by [kind]."""
    return redact(text, findings)


def parts(text: str, findings: Any) -> list[dict[str, Any]]:
    """Highlight segments of a held text for the console."""
    return highlighted_parts(text, findings)
