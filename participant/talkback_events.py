"""Phone events of the room talking back: read the others' answers, "herkenbaar", questions to the speaker.

Phones ask for what they read, a page at a time: nothing here is pushed to every phone. Thin
handlers: parse, let `sessions.phone_view`, `sessions.questions` and the vote book decide.
"""
from __future__ import annotations

import re

from sessions import live as live_rules
from sessions import payloads, phone_view, questions
from sessions.errors import NotFound, RateLimited
from web.live.broadcast import PHONE, acknowledged

from .ratelimit import RateLimiter

VOTER = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class TalkbackEvents:
    """The talk-back handlers of the `/phone` namespace, sharing the phone events' connections."""

    def __init__(self, phones):
        self.phones = phones
        # Reading and voting: generous for a person scrolling and tapping, not for a script.
        self.read_limiter = RateLimiter(limit=60, window=10)

    def _context(self, sid):
        live_id = self.phones.lives.get(sid)
        if live_id is None:
            raise NotFound("Verbind opnieuw met de code van de leersessie.")
        if not self.read_limiter.allow(sid):
            raise RateLimited("Rustig aan: wacht even en probeer het opnieuw.")
        found = live_rules.require_live(self.phones.services.store, live_id)
        return found, self.phones.voters.get(sid, sid), self.phones.broadcaster.votes

    def disconnect(self, sid):
        """Forget the connection's rate-limit history."""
        self.read_limiter.forget(sid)

    @acknowledged
    def list_answers(self, sid, data=None):
        """Phone: a page of the others' visible answers to a question, newest first (or its summary)."""
        message = payloads.parse(payloads.ListAnswers, data)
        found, voter, book = self._context(sid)
        return phone_view.page(self.phones.services.store, found, message.step_id, message.answer_id,
                               message.before, message.limit, voter, book)

    @acknowledged
    def vote(self, sid, data=None):
        """Phone: mark another's answer as herkenbaar (on) or take it back; the same vote twice counts once."""
        message = payloads.parse(payloads.Vote, data)
        found, voter, book = self._context(sid)
        answer = phone_view.votable(self.phones.services.store, found, message.display_id)
        votes = book.vote(voter, answer, message.on)
        self.phones.broadcaster.mark(found.id, answers_changed=False)
        return {"ok": True, "display_id": message.display_id, "votes": votes, "voted": message.on}

    @acknowledged
    def ask_question(self, sid, data=None):
        """Phone: a question to the speaker, screened and held for review like an answer."""
        message = payloads.parse(payloads.AskQuestion, data)
        found, voter, book = self._context(sid)
        if not self.phones.answer_limiter.allow(sid):
            raise RateLimited("Rustig aan: wacht even en probeer het opnieuw.")
        asked = questions.ask(self.phones.services.store, found, message.question_id, message.text, self.phones.screen)
        book.note_own(found.id, voter, asked.seq)
        self.phones._follow(asked, sid)  # a held question's outcome is pushed here, as an answer's
        self.phones.broadcaster.mark(found.id)
        ack = {"ok": True, "question_id": asked.id, "status": "stored", "display_id": f"s{asked.seq}"}
        if asked.review is not None:
            ack["held"] = True  # the phone says "wordt eerst bekeken", never why
        return ack

    @acknowledged
    def list_questions(self, sid, data=None):
        """Phone: the questions to the speaker that may be seen, most votes first, and whether asking is open."""
        payloads.parse(payloads.Empty, data)
        found, voter, book = self._context(sid)
        store = self.phones.services.store
        return {"ok": True, "open": questions.settings(store, found)["open"],
                "items": questions.phone_list(store, found, voter, book)}

    @acknowledged
    def vote_question(self, sid, data=None):
        """Phone: vote for a question to the speaker (on) or take the vote back."""
        message = payloads.parse(payloads.Vote, data)
        found, voter, book = self._context(sid)
        question = questions.votable(self.phones.services.store, found, message.display_id)
        votes = book.vote(voter, question, message.on)
        self.phones.broadcaster.mark(found.id, answers_changed=False)
        return {"ok": True, "display_id": message.display_id, "votes": votes, "voted": message.on}


EVENTS = ("list_answers", "vote", "ask_question", "list_questions", "vote_question")


def register(phones, server) -> TalkbackEvents:
    """Register the talk-back handlers on the `/phone` namespace."""
    talkback = TalkbackEvents(phones)
    phones.talkback = talkback
    for name in EVENTS:
        server.on(name, getattr(talkback, name), namespace=PHONE)
    return talkback
