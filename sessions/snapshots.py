"""JSON-ready pictures of a live session for each audience: phone, screen and console.

Phones get the step without the facilitator note and never anyone's answers; the screen gets
aggregates of visible answers; the console gets every answer for moderation.
"""
from __future__ import annotations

import time
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from sessions.aggregate import WALL_SIZE, aggregate
from sessions.content import Step
from sessions.live import question_state
from sessions.opbrengst import answer_text
from sessions.questions import settings as speaker_settings
from sessions.screen_view import join_panel
from sessions.store.database import Store
from sessions.store.records import AnswerRecord, LiveRecord, QuestionState
from sessions.themes.board import is_themable, screen_themes


@lru_cache(maxsize=512)
def step_data(step: Step, with_note: bool = False) -> dict[str, Any]:
    """A step as a dict (shared: read it, never change it); the facilitator note only when asked for."""
    # Steps are frozen: convert each once, not once per phone that joins.
    data = asdict(step)
    if data.get("question") and not with_note:
        data["question"].pop("note", None)
    return data


def state_data(state: QuestionState | None) -> dict[str, Any] | None:
    """A question state with the countdown as seconds left (clocks on phones may be wrong)."""
    if state is None:
        return None
    remaining = None if state.deadline is None else max(0, round(state.deadline - time.time()))
    return {"step_id": state.step_id, "open": state.is_open, "results_visible": state.results_visible,
            "remaining_seconds": remaining}


def position_data(store: Store, live: LiveRecord, audience: str) -> dict[str, Any]:
    """What `step_changed` carries: the session, the current step and its question state."""
    step = live.step
    state = question_state(store, live, step) if step.is_question else None
    data = {
        "code": live.code, "title": live.content.title, "number": live.content.number,
        "status": live.status, "index": live.current_step, "count": len(live.content.steps),
        "blank": live.blank, "step": step_data(step, with_note=audience == "console"),
        "question": state_data(state), "join_panel": join_panel(store, live),
        "questions_open": speaker_questions_open(store, live),
    }
    if audience == "console":
        following = live.content.steps[live.current_step + 1:live.current_step + 2]
        data["next_step"] = step_data(following[0], with_note=True) if following else None
    return data


def speaker_questions_open(store: Store, live: LiveRecord) -> bool:
    """Whether phones may ask the speaker a question now."""
    return live.is_live and speaker_settings(store, live)["open"]


def display_id(answer: AnswerRecord) -> str:
    """What the screen calls an answer: its place in the store, useless for changing it."""
    return f"s{answer.seq}"


WALL_BY_VOTES = "wall_votes"  # live_switches name: the screen's wall sorted by "herkenbaar"


def results_data(store: Store, live: LiveRecord, step: Step,
                 votes: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
    """The results of a question for the screen (aggregate) and the console (with every answer).

    `votes(answer)` gives an answer's current "herkenbaar" count (default: the stored one).
    Only answers that may be on the screen (`AnswerRecord.on_screen`) count anywhere but in the
    console's list, where a report-only answer is marked as such.
    """
    votes = votes or (lambda answer: answer.votes)
    state = question_state(store, live, step)
    answers = store.answers_for_step(live.id, step.id)
    shown = [a for a in answers if a.on_screen]
    summary = aggregate(step.asked, [a.given for a in shown], live.content.k_threshold_for(step))
    spotlight = next((a for a in shown if a.id == state.spotlight), None)
    by_votes = bool(store.switches(live.id, WALL_BY_VOTES).get(""))
    shared: dict[str, Any] = {"step_id": step.id, "summary": summary, "question": state_data(state),
                              "wall_by_votes": by_votes,
                              "spotlight": ({"id": spotlight.id, "text": answer_text(spotlight.given, step.asked)}
                                            if spotlight else None)}
    newest = shown[::-1]
    if by_votes:
        newest.sort(key=lambda a: -votes(a))  # stable: equal counts stay newest first
    newest = newest[:WALL_SIZE]
    if step.asked.kind == "open":
        shared["wall"] = [{"id": a.id, "text": a.given["text"], "votes": votes(a)} for a in newest]
    screen = dict(shared)
    # The answer id is the capability to change or withdraw an answer, and the screen's URL sits
    # on the beamer laptop: the screen gets display ids only.
    if step.asked.kind == "open":
        screen["wall"] = [{"id": display_id(a), "text": a.given["text"], "votes": votes(a)} for a in newest]
    if spotlight:
        screen["spotlight"] = dict(shared["spotlight"], id=display_id(spotlight))
    if is_themable(step) and store.theme_screen(live.id, step.id):
        # The theme view replaces the wall: labels, counts and a few texts of visible answers only.
        screen.update(themes=screen_themes(store, live.id, step.id), wall=[])
    if not state.results_visible:
        screen.update(summary={"kind": summary["kind"], "count": summary["count"], "hidden": True}, wall=[],
                      spotlight=None)
        if "themes" in screen:
            screen["themes"] = []
    # Choice and scale answers are listed only in aggregate below K (small-group anonymity).
    listable = step.asked.kind in ("open", "words") or not summary["withheld"]
    console = dict(shared, answers=[
        {"id": a.id, "text": answer_text(a.value, step.question), "hidden": a.hidden, "starred": a.starred,
         "spotlight": a.id == state.spotlight, "votes": votes(a), "report_only": a.report_only}
        for a in reversed(answers) if a.value is not None and a.review is None  # held: in the review list
    ] if listable else [])
    return screen, console
