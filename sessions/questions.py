"""Questions to the speaker: asked on phones while the facilitator has "Vragen" open, voted on, answered.

A question is stored like an answer (same table, same commit path, same screening and review)
under a step id no session file can use (`ASK_STEP`), so a held question waits in the same
review list and is allowed, anonymized or hidden the same way. Only questions that may be on
the screen (`AnswerRecord.on_screen`) reach phones or the screen.
"""
from __future__ import annotations

from typing import Any

from sessions.answers import normalize_value
from sessions.content import Question
from sessions.errors import Conflict, InvalidAnswer, NotFound, QuestionClosed
from sessions.live import ANSWER_ID
from sessions.review.policy import RUN, ScreenFunction, decide
from sessions.store.database import Store
from sessions.store.records import AnswerRecord, LiveRecord
from sessions.votes import VoteBook, seq_of

ASK_STEP = "~vragen"  # session step ids are slugs: never this
SPEAKER = Question(kind="open", prompt="Vraag aan de spreker")
QUESTIONS, ON_SCREEN = "questions", "questions_screen"  # live_switches names
ACTIONS = ("answered", "unanswered", "hide", "unhide")
TOP = 5


def question_of(live: LiveRecord, step_id: str) -> Question | None:
    """The question an answer belongs to: a step's question, or SPEAKER for a question to the speaker."""
    if step_id == ASK_STEP:
        return SPEAKER
    step = live.content.step_by_id(step_id)
    return step.question if step is not None and step.is_question else None


def settings(store: Store, live: LiveRecord) -> dict[str, Any]:
    """{open, on_screen}: whether phones may ask, and whether the screen shows the top questions."""
    return {"open": store.switches(live.id, QUESTIONS).get(RUN, False),
            "on_screen": store.switches(live.id, ON_SCREEN).get(RUN, False)}


def set_open(store: Store, live: LiveRecord, is_open: bool) -> dict[str, Any]:
    """Open or close "Vragen" for the run."""
    if not live.is_live:
        raise Conflict("Deze leersessie is afgelopen.")
    store.set_switch(live.id, QUESTIONS, RUN, bool(is_open))
    return settings(store, live)


def set_on_screen(store: Store, live: LiveRecord, visible: bool) -> dict[str, Any]:
    """Show the top questions on the screen, or not."""
    store.set_switch(live.id, ON_SCREEN, RUN, bool(visible))
    return settings(store, live)


def ask(store: Store, live: LiveRecord, question_id: Any, text: Any,
        screen: ScreenFunction | None = None) -> AnswerRecord:
    """Store a question (held for review like an answer); a resend returns the stored one."""
    if not isinstance(question_id, str) or not ANSWER_ID.fullmatch(question_id):
        raise InvalidAnswer("De vraag heeft geen geldig kenmerk.")
    try:
        value = normalize_value(SPEAKER, {"text": text})
    except InvalidAnswer as error:  # the rules of an open answer, in the words of a question
        raise InvalidAnswer(error.message.replace("Je antwoord", "Je vraag")) from None
    existing = store.answer(question_id)
    if existing is not None:
        if existing.live_id == live.id and existing.step_id == ASK_STEP and existing.value == value:
            return existing
        raise Conflict("Deze vraag is al eerder met een andere inhoud verstuurd.")
    if not live.is_live or not settings(store, live)["open"]:
        raise QuestionClosed("Je kunt nu geen vragen stellen.")
    review, findings = decide(SPEAKER, value, screen, store.review_settings(live.id).get(RUN, False))
    stored = store.insert_answer(question_id, live.id, ASK_STEP, value, review, findings)
    if stored.live_id != live.id or stored.step_id != ASK_STEP or stored.value != value:
        raise Conflict("Deze vraag is al eerder met een andere inhoud verstuurd.")
    return stored


def _by_votes(questions: list[AnswerRecord], book: VoteBook) -> list[AnswerRecord]:
    return sorted(questions, key=lambda q: (-book.count(q), -q.seq))


def phone_list(store: Store, live: LiveRecord, voter: str, book: VoteBook) -> list[dict[str, Any]]:
    """The questions a phone may see, most votes first: on the screen's rule, never held or hidden."""
    voted = book.voted(live.id, voter)
    return [{"display_id": f"s{q.seq}", "text": q.given["text"], "votes": book.count(q), "voted": q.seq in voted,
             "answered": q.answered, "own": book.is_own(live.id, voter, q.seq)}
            for q in _by_votes([q for q in store.answers_for_step(live.id, ASK_STEP) if q.on_screen], book)]


def status(question: AnswerRecord) -> str:
    """held, hidden, answered or open."""
    if question.review is not None:
        return "held"
    if question.hidden:
        return "hidden"
    return "answered" if question.answered else "open"


def console_list(store: Store, live: LiveRecord, book: VoteBook) -> list[dict[str, Any]]:
    """Every question that was not withdrawn, most votes first, with its status (held ones: text in the review list)."""
    questions = [q for q in store.answers_for_step(live.id, ASK_STEP) if q.value is not None]
    return [{"id": q.id, "display_id": f"s{q.seq}", "text": "" if q.review else q.given["text"],
             "votes": book.count(q), "status": status(q)} for q in _by_votes(questions, book)]


def screen_list(store: Store, live: LiveRecord, book: VoteBook) -> list[dict[str, Any]]:
    """The top open questions for the screen (display ids only)."""
    shown = [q for q in store.answers_for_step(live.id, ASK_STEP) if q.on_screen and not q.answered]
    return [{"id": f"s{q.seq}", "text": q.given["text"], "votes": book.count(q)} for q in _by_votes(shown, book)[:TOP]]


def votable(store: Store, live: LiveRecord, display_id: Any) -> AnswerRecord:
    """The question a phone may vote on: asked in this run and allowed on the screen."""
    question = store.answer_by_seq(live.id, seq_of(display_id))
    if question is None or question.step_id != ASK_STEP or not question.on_screen:
        raise NotFound("Deze vraag bestaat niet.")
    if not live.is_live:
        raise Conflict("Deze leersessie is afgelopen.")
    return question


def moderate(store: Store, live: LiveRecord, question_id: Any, action: Any) -> AnswerRecord:
    """Beantwoord, niet beantwoord, verbergen of weer tonen."""
    if action not in ACTIONS:
        raise InvalidAnswer("Onbekende actie.", code="invalid_action")
    question = store.answer(question_id) if isinstance(question_id, str) else None
    if question is None or question.live_id != live.id or question.step_id != ASK_STEP:
        raise NotFound("Deze vraag bestaat niet.")
    if action in ("answered", "unanswered"):
        store.set_answered(question.id, action == "answered")
    else:
        store.set_answer_flags(question.id, action == "hide", question.starred)
    return store.answer_now(question.id)
