"""Themes in the opbrengst: each answer's theme for the exports, and each question's themes with
their answers for the opbrengst page (an insight to write, quotes to pick). Visible answers only,
as everywhere in the opbrengst; report-only answers count here (they are meant for the report).
"""
from __future__ import annotations

from typing import Any

from sessions.themes.board import board, is_themable

LOOSE = "Zonder thema"


def question_themes(store: Any, live_id: int, step_id: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(label, [(answer id, text)…]) per theme with answers, then the answers in no theme under
    LOOSE; [] when the question has no themes."""
    data = board(store, live_id, step_id)
    themes = [(theme["label"], [(a["id"], a["text"]) for a in theme["answers"]])
              for theme in data["themes"] if theme["answers"]]
    if not themes:
        return []
    loose = [(a["id"], a["text"]) for a in data["loose"]]
    return themes + ([(LOOSE, loose)] if loose else [])


def answer_themes(store: Any, live: Any) -> dict[str, str]:
    """answer id -> the label of its theme, for every themed answer of a live run."""
    labels = {theme.id: theme.label for theme in store.themes_for_live(live.id)}
    return {answer_id: labels[where.theme_id] for answer_id, where in store.memberships(live.id).items()
            if where.theme_id in labels}


def page_themes(store: Any, live: Any) -> list[dict[str, Any]]:
    """The opbrengst page's Thema's section: per question with themes its prompt and themes."""
    starred = {a.id for a in store.answers_for_live(live.id) if a.starred}
    found = []
    for step in live.content.questions:
        if not is_themable(step):
            continue
        themes = [{"label": label, "answers": [{"text": text, "starred": answer_id in starred}
                                               for answer_id, text in answers]}
                  for label, answers in question_themes(store, live.id, step.id) if label != LOOSE]
        if themes:
            found.append({"step_id": step.id, "prompt": step.question.prompt, "themes": themes})
    return found
