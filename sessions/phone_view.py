"""What a phone may read of the others: a page of visible answers, or a question's summary.

A phone asks (a page at a time); nothing is pushed to every phone. It may read a question
only after it answered it (it shows an own answer id) or once the question is closed, only
while the facilitator shows results and has not switched the phones' view off, and only what
may be on the screen (`AnswerRecord.on_screen`): held, hidden and report-only answers never.
"""
from __future__ import annotations

import time
from typing import Any

from sessions.aggregate import aggregate
from sessions.errors import DomainError
from sessions.live import question_state, question_step
from sessions.store.database import Store
from sessions.store.records import AnswerRecord, LiveRecord
from sessions.votes import VoteBook, seq_of

PHONE_VIEW = "phone_view"  # live_switches name: '' for the run, else per step id
PAGE_MAX = 50
SUMMARY_SECONDS = 0.25  # a room reading a choice result at once shares one aggregate per tick
_summaries: dict[tuple[int, str], tuple[float, dict[str, Any]]] = {}
# A room reading at once asks for the same first page: rows are read once per tick. A new answer
# may appear up to a tick late (as on the screen); anything that takes an answer off the screen
# (a change, withdrawal, hide, review) forgets the pages at once (`forget_pages`, called by the
# broadcaster's mark). Votes and own/voted flags are never cached: they are added per phone.
_pages: dict[tuple[Any, ...], tuple[float, list[Any]]] = {}
PAGES_KEPT = 2000


def forget_pages(live_id: int) -> None:
    """An answer of this run changed (new, changed, withdrawn, hidden, reviewed): read pages again."""
    for key in [key for key in _pages if key[0] == live_id]:
        _pages.pop(key, None)


def save_votes(store: Store, book: VoteBook) -> set[int]:
    """Store the book's vote changes (once per tick) and forget the pages of the runs they touch.

    A cached page carries each answer's stored count; the book adds only the changes it has not
    stored. Once it stores them, a page read before would show the count without them: a phone
    saw its "herkenbaar" taken back until the page expired."""
    saved = book.save(store)
    for live_id in saved:
        forget_pages(live_id)
    return saved


def _page_rows(store: Store, live_id: int, step_id: str, before: int | None, limit: int) -> list[Any]:
    key, now = (live_id, step_id, before, limit), time.monotonic()
    cached = _pages.get(key)
    if cached is None or now - cached[0] > SUMMARY_SECONDS:
        if len(_pages) >= PAGES_KEPT:
            _pages.clear()
        cached = _pages[key] = (now, store.on_screen_page(live_id, step_id, before, limit))
    return cached[1]


class NotAvailable(DomainError):
    code = "not_available"


def view_settings(store: Store, live: LiveRecord) -> dict[str, Any]:
    """{all: bool, questions: {step id: bool}}: the switches as the console shows them (default on)."""
    switches = store.switches(live.id, PHONE_VIEW)
    return {"all": switches.get("", True),
            "questions": {step.id: switches.get(step.id, True) for step in live.content.questions}}


def view_enabled(store: Store, live: LiveRecord, step_id: str) -> bool:
    """True when phones may read this question's answers: on for the run and for the question."""
    switches = store.switches(live.id, PHONE_VIEW)
    return switches.get("", True) and switches.get(step_id, True)


def set_view(store: Store, live: LiveRecord, enabled: bool, step_id: str = "") -> dict[str, Any]:
    """Switch the phones' view of the others' answers on or off for the run ('') or one question."""
    if step_id:
        question_step(live, step_id)
    store.set_switch(live.id, PHONE_VIEW, step_id, bool(enabled))
    return view_settings(store, live)


def _own(store: Store, live: LiveRecord, step_id: str, answer_id: str) -> AnswerRecord | None:
    answer = store.answer(answer_id) if answer_id else None
    if answer is None or answer.live_id != live.id or answer.step_id != step_id or answer.value is None:
        return None
    return answer


def page(store: Store, live: LiveRecord, step_id: Any, answer_id: str, before: str, limit: int,
         voter: str, book: VoteBook) -> dict[str, Any]:
    """One page of the others' answers (open questions) or the summary (other kinds) for one phone."""
    step = question_step(live, step_id)
    state = question_state(store, live, step)
    if not view_enabled(store, live, step.id):
        raise NotAvailable("De facilitator laat de antwoorden nu niet op telefoons zien.")
    if not state.results_visible:
        raise NotAvailable("De resultaten zijn nu verborgen.")
    own = _own(store, live, step.id, answer_id)
    if own is not None:
        book.note_own(live.id, voter, own.seq)
    elif state.is_open and live.is_live:
        raise NotAvailable("Geef eerst zelf een antwoord; daarna zie je wat anderen zeiden.", code="answer_first")
    data = {"ok": True, "step_id": step.id, "kind": step.asked.kind, "items": [], "next": None}
    if step.asked.kind != "open":
        data["summary"] = _summary(store, live, step)
        return data
    limit = max(1, min(limit, PAGE_MAX))
    rows = _page_rows(store, live.id, step.id, seq_of(before) if before else None, limit + 1)
    if not before and own is not None and own.on_screen and (not rows or rows[0].seq < own.seq):
        rows = [own, *rows]  # the phone's own newest answer is there at once, even on a page read a moment ago
    voted = book.voted(live.id, voter)
    data["items"] = [{"display_id": f"s{a.seq}", "text": a.value["text"], "votes": book.count(a),
                      "voted": a.seq in voted, "own": book.is_own(live.id, voter, a.seq)} for a in rows[:limit]]
    if len(rows) > limit:
        data["next"] = f"s{rows[limit - 1].seq}"
    return data


def _summary(store: Store, live: LiveRecord, step: Any) -> dict[str, Any]:
    key, now = (live.id, step.id), time.monotonic()
    cached = _summaries.get(key)
    if cached is None or now - cached[0] > SUMMARY_SECONDS:
        values = [a.given for a in store.answers_for_step(live.id, step.id) if a.on_screen]
        cached = _summaries[key] = (now, aggregate(step.asked, values, live.content.k_threshold_for(step)))
    return cached[1]


def votable(store: Store, live: LiveRecord, display_id: Any) -> object:
    """The answer a phone may mark as herkenbaar: on screen, of a question whose answers phones may read."""
    answer = store.answer_by_seq(live.id, seq_of(display_id))
    step = live.content.step_by_id(answer.step_id) if answer is not None else None
    if answer is None or step is None or not step.is_question or not answer.on_screen:
        raise DomainError("Dit antwoord bestaat niet.", code="not_found")
    if not live.is_live:
        raise DomainError("Deze leersessie is afgelopen.", code="conflict")
    if not view_enabled(store, live, step.id) or step.asked.kind != "open":
        raise NotAvailable("Bij deze vraag kun je nu niet markeren.")
    return answer
