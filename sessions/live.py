"""Live-session rules: start, step through, open and close questions, accept answers, moderate.

Functions take the store, decide, persist, and return the new state, or raise a DomainError
with a Dutch message and change nothing. The transport (Socket.IO, HTTP) only maps.
"""
from __future__ import annotations

import re
import secrets
import time
from dataclasses import replace
from datetime import datetime

from sessions.answers import answer_visibility, normalize_value
from sessions.content import Session, Step
from sessions.errors import Conflict, DomainError, InvalidAnswer, NotFound, QuestionClosed
from sessions.review.policy import ScreenFunction, decide, review_all_for
from sessions.store.database import Store
from sessions.store.records import AnswerRecord, LiveRecord, QuestionState

# No 0/O, 1/I/L: a code read from a beamer at the back of a room must not be ambiguous.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
ANSWER_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")  # used with fullmatch: "$" would let a trailing newline in
MODERATION_ACTIONS = ("hide", "unhide", "star", "unstar", "spotlight", "unspotlight")


def now_iso() -> str:
    """The local time as ISO text, to the second."""
    return datetime.now().replace(microsecond=0).isoformat()


def normalize_code(raw: object) -> str:
    """A typed code in canonical form: upper case, no spaces or dashes."""
    if not isinstance(raw, str):
        return ""
    code = re.sub(r"[\s-]", "", raw).upper()[:20]
    # Only letters and digits can be a code: anything else (a lone surrogate too) is no code at all.
    return code if re.fullmatch(r"[A-Z0-9]+", code, flags=re.ASCII) else ""


def start_live(store: Store, session: Session) -> LiveRecord:
    """Start a live run of a session with a fresh join code and screen token."""
    for _ in range(100):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if not store.code_exists(code):
            break
    else:
        raise DomainError("Er kon geen vrije code worden gemaakt.")
    live = store.create_live(code, session, secrets.token_urlsafe(24), now_iso())
    return enter_step(store, live, 0)


def running_live(store: Store, code: object) -> LiveRecord:
    """The running live session with this code, or NotFound for an unknown or ended code."""
    live = store.live_by_code(normalize_code(code))
    if live is None or not live.is_live:
        raise NotFound("Deze code kennen we niet, of de leersessie is afgelopen.")
    return live


def require_live(store: Store, live_id: object) -> LiveRecord:
    """The live session with this id (running or ended), or NotFound."""
    live = store.live_by_id(live_id) if isinstance(live_id, int) else None
    if live is None:
        raise NotFound("Deze leersessie bestaat niet (meer).")
    return live


def _require_running(live: LiveRecord) -> None:
    if not live.is_live:
        raise Conflict("Deze leersessie is afgelopen.")


def enter_step(store: Store, live: LiveRecord, index: int, blank: bool = False) -> LiveRecord:
    """Make step `index` current; a question shown for the first time opens."""
    _require_running(live)
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(live.content.steps):
        raise InvalidAnswer("Deze stap bestaat niet.", code="invalid_step")
    step = live.content.steps[index]
    if step.is_question and store.question_state(live.id, step.id) is None:
        store.save_question_state(_fresh_state(live.id, step))
    store.set_position(live.id, index, blank)
    return store.live_now(live.id)


def _fresh_state(live_id: int, step: Step) -> QuestionState:
    limit = step.asked.time_limit
    return QuestionState(live_id, step.id, True, True, time.time() + limit if limit else None, None)


def set_blank(store: Store, live: LiveRecord, blank: bool) -> LiveRecord:
    """Blank the screen, or show it again."""
    _require_running(live)
    store.set_position(live.id, live.current_step, bool(blank))
    return store.live_now(live.id)


def end_live(store: Store, live: LiveRecord) -> LiveRecord:
    """End the session: codes stop working, questions close; results stay."""
    if live.is_live:
        store.end_live(live.id, now_iso())
    return store.live_now(live.id)


def question_step(live: LiveRecord, step_id: object) -> Step:
    """The question step with this id, or NotFound."""
    step = live.content.step_by_id(step_id) if isinstance(step_id, str) else None
    if step is None or not step.is_question:
        raise NotFound("Deze vraag bestaat niet.")
    return step


def question_state(store: Store, live: LiveRecord, step: Step) -> QuestionState:
    """The state of a question; a question never shown yet is closed with visible results."""
    state = store.question_state(live.id, step.id)
    return state or QuestionState(live.id, step.id, False, True, None, None)


def update_question(store: Store, live: LiveRecord, step_id: object, *, is_open: object = None,
                    results_visible: object = None, seconds: object = None) -> QuestionState:
    """Open or close a question, show or hide its results, or (re)start its countdown."""
    _require_running(live)
    step = question_step(live, step_id)
    state = question_state(store, live, step)
    if is_open is not None:
        state = replace(state, is_open=bool(is_open), deadline=None if not is_open else state.deadline)
    if results_visible is not None:
        state = replace(state, results_visible=bool(results_visible))
    if seconds is not None:
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 0 <= seconds <= 3600:
            raise InvalidAnswer("Kies een tijd van 0 tot 3600 seconden.", code="invalid_timer")
        state = replace(state, is_open=True if seconds else state.is_open,
                        deadline=time.time() + seconds if seconds else None)
    store.save_question_state(state)
    return state


def close_expired(store: Store, now: float | None = None) -> list[QuestionState]:
    """Close every question whose countdown ran out; return their new states."""
    closed, now = [], now if now is not None else time.time()
    for state in store.expired_questions(now):
        # Compare-and-set: of several server processes (or a moved-on console) only one closes it.
        if store.close_if_expired(state.live_id, state.step_id, now):
            closed.append(replace(state, is_open=False, deadline=None))
    return closed


def _open_current_question(store: Store, live: LiveRecord, step_id: object) -> Step:
    step = question_step(live, step_id)
    if not live.is_live:
        raise QuestionClosed("Deze leersessie is afgelopen.")
    if live.step.id != step.id:
        raise QuestionClosed("Deze vraag is niet meer actief.")
    state = question_state(store, live, step)
    if not state.is_open or (state.deadline is not None and state.deadline <= time.time()):
        raise QuestionClosed("Deze vraag is gesloten.")
    return step


def submit_answer(store: Store, live: LiveRecord, answer_id: object, step_id: object, value: object,
                  screen: ScreenFunction | None = None) -> AnswerRecord:
    """Store a new answer, held for review when `screen` finds a personal detail; a resend returns the stored one."""
    if not isinstance(answer_id, str) or not ANSWER_ID.fullmatch(answer_id):
        raise InvalidAnswer("Het antwoord heeft geen geldig kenmerk.")
    visibility = answer_visibility(value)
    existing = store.answer(answer_id)
    if existing is not None:
        step = question_step(live, step_id)
        same = existing.live_id == live.id and existing.step_id == step.id and existing.visibility == visibility
        if same and existing.value == normalize_value(step.asked, value):
            return existing  # a resend after a reconnect: acknowledge again, store nothing
        raise Conflict("Dit antwoord is al eerder met een andere inhoud verstuurd.")
    step = _open_current_question(store, live, step_id)
    normalized = normalize_value(step.asked, value)
    review, findings = decide(step.asked, normalized, screen, review_all_for(store, live, step))
    stored = store.insert_answer(answer_id, live.id, step.id, normalized, review, findings, visibility)
    if stored.live_id != live.id or stored.step_id != step.id or stored.value != normalized:
        # The same id arrived twice at once with different content: the first one stays.
        raise Conflict("Dit antwoord is al eerder met een andere inhoud verstuurd.")
    return stored


def _own_answer(store: Store, live: LiveRecord, answer_id: object) -> AnswerRecord:
    answer = store.answer(answer_id) if isinstance(answer_id, str) else None
    if answer is None or answer.live_id != live.id:
        raise NotFound("Dit antwoord bestaat niet.")
    return answer


def change_answer(store: Store, live: LiveRecord, answer_id: object, value: object,
                  screen: ScreenFunction | None = None) -> AnswerRecord:
    """Replace the value (and where it may go) of an answer while its question is open; new text is screened again."""
    answer = _own_answer(store, live, answer_id)
    if answer.value is None:
        raise Conflict("Dit antwoord is ingetrokken en kan niet meer gewijzigd worden.")
    step = _open_current_question(store, live, answer.step_id)
    normalized = normalize_value(step.asked, value)
    # Left out: where it was. A change never moves a report-only answer onto the screen by itself.
    visibility = answer_visibility(value) if isinstance(value, dict) and "visibility" in value else answer.visibility
    if answer.value != normalized:
        review, findings = decide(step.asked, normalized, screen, review_all_for(store, live, step))
        # Screening yields: only write when nothing (a withdrawal, another change) came in between.
        if not store.set_answer_value(answer.id, normalized, review, findings, answer.version):
            raise Conflict("Dit antwoord is intussen gewijzigd of ingetrokken. Probeer het opnieuw.")
    if answer.visibility != visibility:
        store.set_visibility(answer.id, visibility)
    return store.answer_now(answer.id)


def withdraw_answer(store: Store, live: LiveRecord, answer_id: object) -> AnswerRecord:
    """Withdraw an answer while its question is open; withdrawing twice is harmless."""
    answer = _own_answer(store, live, answer_id)
    if answer.value is None:
        return answer
    _open_current_question(store, live, answer.step_id)
    store.set_answer_value(answer.id, None)
    return store.answer_now(answer.id)


def moderate(store: Store, live: LiveRecord, answer_id: object, action: object) -> AnswerRecord:
    """Hide, unhide, star, unstar or spotlight an answer."""
    if action not in MODERATION_ACTIONS:
        raise InvalidAnswer("Onbekende actie.", code="invalid_action")
    answer = _own_answer(store, live, answer_id)
    if action == "spotlight" and answer.report_only:
        raise InvalidAnswer("Dit antwoord is alleen voor het verslag: het komt niet op het scherm.",
                            code="invalid_action")
    if action in ("spotlight", "unspotlight"):
        step = question_step(live, answer.step_id)
        state = question_state(store, live, step)
        spotlight = answer.id if action == "spotlight" else None
        if action == "spotlight" or state.spotlight == answer.id:
            store.save_question_state(replace(state, spotlight=spotlight))
        return answer
    hidden = {"hide": True, "unhide": False}.get(action, answer.hidden)
    starred = {"star": True, "unstar": False}.get(action, answer.starred)
    store.set_answer_flags(answer.id, hidden, starred)
    return store.answer_now(answer.id)
