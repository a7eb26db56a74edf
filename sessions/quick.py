"""A quick question: typed by the facilitator during a live run, added to that run's snapshot only.

It becomes the step after the current one and opens at once; from then on it is a question
like any other (phones, screen, moderation, K threshold, exports). The session file is never
touched. The question is marked `added_during_session`, so the opbrengst can say so.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from sessions.errors import Conflict, InvalidAnswer
from sessions.files.loader import parse_step
from sessions.files.validation import WHERE, to_field_error
from sessions.live import enter_step
from sessions.store.database import Store
from sessions.store.records import LiveRecord
from sessions.text import TextProblem, clean_text

QUICK_KINDS = ("open", "choice", "scale", "words")
MAX_PROMPT = 500
MAX_OPTION = 120
MAX_QUICK_QUESTIONS = 20  # per run: more is no longer "quick", and each one grows the run's snapshot
SCALE = {"min": 1, "max": 5, "min_label": "Helemaal niet", "max_label": "Helemaal wel"}


def quick_question_raw(live: LiveRecord, prompt: Any, kind: Any, options: Any) -> dict[str, Any]:
    """The question as a session file would hold it, with an id no step of the run uses."""
    if kind not in QUICK_KINDS:
        raise InvalidAnswer("Kies een soort vraag: open, meerkeuze, schaal of woorden.", code="invalid_question")
    if sum(1 for step in live.content.questions if step.asked.added_during_session) >= MAX_QUICK_QUESTIONS:
        raise InvalidAnswer(f"Je kunt hoogstens {MAX_QUICK_QUESTIONS} snelle vragen aan een leersessie toevoegen.",
                            code="invalid_question")
    prompt = _clean(prompt, "De vraag") if isinstance(prompt, str) else ""
    if not prompt or len(prompt) > MAX_PROMPT:
        raise InvalidAnswer(f"Typ een vraag (hoogstens {MAX_PROMPT} tekens).", code="invalid_question")
    taken = {step.id for step in live.content.steps}
    number = 1
    while f"snelle-vraag-{number}" in taken:
        number += 1
    raw = {"type": "question", "id": f"snelle-vraag-{number}", "kind": kind, "prompt": prompt}
    if kind == "choice":
        lines = options if isinstance(options, list) else []
        if any(not isinstance(line, str) or len(line) > MAX_OPTION for line in lines):
            raise InvalidAnswer(f"Elke optie is tekst van hoogstens {MAX_OPTION} tekens.", code="invalid_question")
        raw["options"] = [line for line in (_clean(line, "Een optie") for line in lines) if line]
    if kind == "scale":
        raw.update(SCALE)
    return raw


def _clean(text: str, what: str) -> str:
    """A prompt or option as typed, without control characters (a NUL, an escape) or bidi overrides."""
    try:
        return clean_text(text)
    except TextProblem as problem:
        raise InvalidAnswer(f"{what} {problem.reason}.", code="invalid_question") from None


def add_quick_question(store: Store, live: LiveRecord, prompt: Any, kind: Any, options: Any) -> LiveRecord:
    """Insert a question after the current step of a running live session and make it current (open)."""
    if not live.is_live:
        raise Conflict("Deze leersessie is afgelopen.")
    raw = quick_question_raw(live, prompt, kind, options)
    errors: list[str] = []
    index = live.current_step + 1
    step = parse_step(raw, index + 1, WHERE, errors)
    if errors or step is None:
        raise InvalidAnswer(to_field_error(errors[0]).message if errors else "Deze vraag klopt niet.",
                            code="invalid_question")
    step = replace(step, question=replace(step.asked, added_during_session=True))
    steps = live.content.steps[:index] + (step,) + live.content.steps[index:]
    store.replace_content(live.id, replace(live.content, steps=steps))
    return enter_step(store, store.live_now(live.id), index)
