"""The review queue of a live session: what is held, and the facilitator's Toestaan / Anonimiseren / Verbergen.

Functions take the store, decide, persist, and return the new state or raise a DomainError.
"""
from __future__ import annotations

from typing import Any

from sessions.errors import BadPayload, Conflict, InvalidAnswer, NotFound
from sessions.live import question_step
from sessions.questions import question_of
from sessions.review.policy import (
    FLAGGED,
    PREMODERATION,
    REVIEW_REASONS,
    RUN,
    UNSCREENED,
    ScreenFunction,
    decide,
    parts,
    redacted_value,
    review_all_for,
    screened_text,
    suggestion,
)
from sessions.screening.screener import result_from_json
from sessions.store.database import Store
from sessions.store.records import AnswerRecord, LiveRecord

REVIEW_ACTIONS = ("allow", "anonymize", "hide")
CHANGED_MEANWHILE = "Dit antwoord is intussen gewijzigd. Bekijk de nieuwe tekst en beslis opnieuw."


def set_review_all(store: Store, live: LiveRecord, enabled: bool, step_id: str | None = None) -> dict[str, Any]:
    """Switch "Alles eerst beoordelen" for the whole run (no step id) or one question."""
    if step_id is not None:
        question_step(live, step_id)
    store.set_review_setting(live.id, RUN if step_id is None else step_id, bool(enabled))
    return review_settings(store, live)


def review_settings(store: Store, live: LiveRecord) -> dict[str, Any]:
    """{all: bool, questions: {step id: bool}}: the switches as the console shows them."""
    settings = store.review_settings(live.id)
    return {"all": bool(settings.get(RUN)),
            "questions": {step.id: review_all_for(store, live, step, settings) for step in live.content.questions}}


def _held(store: Store, live: LiveRecord, answer_id: Any, version: Any) -> AnswerRecord:
    answer = store.answer(answer_id) if isinstance(answer_id, str) else None
    if answer is None or answer.live_id != live.id or answer.value is None:
        raise NotFound("Dit antwoord bestaat niet.")
    if answer.review is None:
        raise InvalidAnswer("Dit antwoord wacht niet (meer) op beoordeling.", code="invalid_action")
    if answer.version != version:
        raise Conflict(CHANGED_MEANWHILE)
    return answer


def resolve(store: Store, live: LiveRecord, answer_id: Any, action: Any, version: Any,
            text: str | None = None) -> AnswerRecord:
    """Toestaan (allow), Anonimiseren (anonymize, optionally with the facilitator's own text) or Verbergen (hide).

    `version` is the version of the answer the console showed: a decision about an older text
    is refused (the phone changed it meanwhile), and the store writes only if it still holds.
    """
    if action not in REVIEW_ACTIONS:
        raise InvalidAnswer("Onbekende actie.", code="invalid_action")
    answer = _held(store, live, answer_id, version)
    if action == "allow":
        done = store.set_review(answer.id, None, None, answer.version)
    elif action == "hide":
        done = store.set_review(answer.id, None, None, answer.version, hidden=True)
    else:
        question = question_of(live, answer.step_id)
        if question is None:
            raise NotFound("Deze vraag bestaat niet.")
        original = screened_text(question, answer.value) or ""
        new_text = suggestion(original, result_from_json(answer.findings).findings) if text is None else text
        value = redacted_value(question, answer.given, new_text)
        _forget_curated_text(store, live, answer.id)
        # last: its checkpoint also clears the old quote text
        done = store.replace_redacted(answer.id, value, answer.version)
    if not done:
        raise Conflict(CHANGED_MEANWHILE)
    return store.answer_now(answer.id)


MAX_STATUS_IDS = 50  # far above the answers one phone gives in a run


def phone_outcome(answer: AnswerRecord) -> dict[str, Any]:
    """What the phone that wrote an answer may know of it, never why: held, received (with the value as
    stored, so an anonymized answer comes back redacted), hidden or withdrawn."""
    if answer.value is None:
        return {"answer_id": answer.id, "outcome": "withdrawn"}
    if answer.review is not None:
        return {"answer_id": answer.id, "outcome": "held"}
    if answer.hidden:
        return {"answer_id": answer.id, "outcome": "hidden"}
    return {"answer_id": answer.id, "outcome": "received", "value": answer.value}


def phone_outcomes(store: Store, live: LiveRecord, answer_ids: list[Any]) -> list[dict[str, Any]]:
    """The outcomes of the answers of this run whose ids a phone holds (the ids are its capability)."""
    if len(answer_ids) > MAX_STATUS_IDS or not all(isinstance(i, str) for i in answer_ids):
        raise BadPayload(f"Vraag naar hoogstens {MAX_STATUS_IDS} antwoorden tegelijk.")
    found = (store.answer(answer_id) for answer_id in dict.fromkeys(answer_ids))
    return [phone_outcome(answer) for answer in found if answer is not None and answer.live_id == live.id]


def _forget_curated_text(store: Store, live: LiveRecord, answer_id: str) -> None:
    """A quote text the facilitator edited from the original must not outlive the redaction."""
    writeup = store.writeup(live.id)
    if not writeup.quotes or not any(q.get("answer_id") == answer_id and q.get("text") for q in writeup.quotes):
        return
    quotes = [dict(q, text=None) if q.get("answer_id") == answer_id else q for q in writeup.quotes]
    store.save_writeup(type(writeup)(writeup.live_id, writeup.statement, writeup.insights, quotes, writeup.updated_at))


def queue(store: Store, live: LiveRecord) -> list[dict[str, Any]]:
    """The held answers for the console, newest first, with the detected parts marked."""
    items = []
    for answer in reversed(store.held_answers(live.id)):
        question = question_of(live, answer.step_id)  # a question to the speaker is reviewed like an answer
        if question is None:
            continue
        text = screened_text(question, answer.value) or ""
        findings = result_from_json(answer.findings).findings
        items.append({"id": answer.id, "step_id": answer.step_id, "prompt": question.prompt, "text": text,
                      "version": answer.version, "reason": answer.review,
                      "reason_text": REVIEW_REASONS.get(answer.review, ""),
                      "kinds": list(result_from_json(answer.findings).kinds),
                      "parts": parts(text, findings), "suggestion": suggestion(text, findings)})
    return items


def rescreen_unscreened(store: Store, screen: ScreenFunction) -> set[int]:
    """Screen the answers that came in while the screener was not running; return the live ids changed."""
    changed = set()
    for answer in store.unscreened_answers():
        live = store.live_by_id(answer.live_id)
        question = question_of(live, answer.step_id) if live else None
        if live is None or question is None:
            continue
        step = live.content.step_by_id(answer.step_id)
        review_all = (review_all_for(store, live, step) if step is not None
                      else bool(store.review_settings(live.id).get(RUN)))
        review, findings = decide(question, answer.value, screen, review_all)
        if review == UNSCREENED:
            break  # the screener went away again: try later
        # Only for the value that was screened: a phone that changed it meanwhile got its new
        # text screened (or held) by its own change, and this result is about the old one.
        if store.set_review(answer.id, review, findings, answer.version):
            changed.add(live.id)
    return changed


__all__ = ["phone_outcome", "phone_outcomes",
           "FLAGGED", "PREMODERATION", "UNSCREENED", "REVIEW_ACTIONS", "resolve", "queue", "rescreen_unscreened",
           "review_all_for", "review_settings", "set_review_all"]
