"""Console events of the review queue: resolve a held answer, switch pre-moderation.

Thin handlers: parse, let `sessions.review.queue` decide, mark the session for the broadcaster.
"""
from __future__ import annotations

from flask import Flask, current_app

from sessions import payloads
from sessions.review import queue as review_queue
from web.extensions import services, socketio
from web.live.broadcast import CONSOLE, acknowledged, broadcaster

from .events import _console_live


def _resolved(found, answer) -> dict:
    broadcaster().mark(found.id)
    phones = current_app.extensions.get("leersessie.phones")  # participant/ registers itself there
    if phones is not None:
        phones.answer_reviewed(answer)  # the phone that sent it learns the outcome, never the reason
    return {"ok": True, "answer": {"id": answer.id, "held": answer.review is not None, "hidden": answer.hidden}}


@acknowledged
def review_answer(data=None):
    """Console: Toestaan, Anonimiseren (with the suggested redaction) or Verbergen a held answer."""
    message, found = payloads.parse(payloads.ReviewAnswer, data), _console_live()
    return _resolved(found, review_queue.resolve(services().store, found, message.answer_id, message.action,
                                                        message.version))


@acknowledged
def anonymize_answer(data=None):
    """Console: anonymize a held answer with the redaction the facilitator edited."""
    message, found = payloads.parse(payloads.AnonymizeAnswer, data), _console_live()
    answer = review_queue.resolve(services().store, found, message.answer_id, "anonymize", message.version,
                                  message.text)
    return _resolved(found, answer)


@acknowledged
def set_review_all(data=None):
    """Console: "Alles eerst beoordelen" for the whole run on or off."""
    message, found = payloads.parse(payloads.SetReviewAll, data), _console_live()
    settings = review_queue.set_review_all(services().store, found, message.enabled)
    broadcaster().mark(found.id)
    return {"ok": True, "settings": settings}


@acknowledged
def set_question_review(data=None):
    """Console: "Alles eerst beoordelen" for one question on or off."""
    message, found = payloads.parse(payloads.SetQuestionReview, data), _console_live()
    settings = review_queue.set_review_all(services().store, found, message.enabled, message.step_id)
    broadcaster().mark(found.id)
    return {"ok": True, "settings": settings}


def init_app(app: Flask) -> None:
    """Register the review handlers on the console namespace."""
    for handler in (review_answer, anonymize_answer, set_review_all, set_question_review):
        socketio.on_event(handler.__name__, handler, namespace=CONSOLE)
