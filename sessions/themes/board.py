"""The themes of a question as the facilitator shapes them: which answers can be themed, what the
console and the screen see, and every facilitator action (rename, merge, split, move, make,
accept, drop). Any action on a theme makes it 'kept': later suggestions never change it again.
"""
from __future__ import annotations

from typing import Any

from sessions.errors import DomainError, NotFound
from sessions.text import TextProblem, clean_text, is_blank
from sessions.themes.placement import plan

LABEL_MAX = 80
SCREEN_EXAMPLES = 2


def is_themable(step: Any) -> bool:
    """Open questions, and choice questions with an "Anders, namelijk" text."""
    question = step.question
    return question is not None and (question.kind == "open" or (question.kind == "choice" and question.other))


def answer_theme_text(value: dict[str, Any] | None) -> str | None:
    """The text of an answer that themes group: an open answer's text or an "Anders" text."""
    if not value:
        return None
    text = value.get("text") if "text" in value else value.get("other")
    return text if isinstance(text, str) and text.strip() else None


def themable(store: Any, live_id: int, step_id: str, screen: bool = False) -> list[tuple[str, str]]:
    """(answer id, text) of the answers that count, with text: visible as in the opbrengst (report-only
    answers too), or with `screen` only those the wall may show (`AnswerRecord.on_screen`)."""
    return [(a.id, text) for a in store.answers_for_step(live_id, step_id)
            if (a.on_screen if screen else a.is_visible) and (text := answer_theme_text(a.value)) is not None]


def apply_suggestion(store: Any, live_id: int, step_id: str, answer_ids: list[str], groups: list[dict[str,
                                                                                                      Any]]) -> None:
    """Store an engine run over `answer_ids`; the facilitator's decisions stay as they are."""
    current = {answer_id for answer_id, _ in themable(store, live_id, step_id, screen=True)}
    memberships = store.memberships(live_id, step_id)
    result = plan(answer_ids, groups, memberships, store.themes_for_step(live_id, step_id))
    # An answer hidden or withdrawn while the engine ran is not placed.
    result.placed = {a: target for a, target in result.placed.items() if a in current}
    store.save_suggestion(live_id, step_id, result.themes, result.placed, result.dropped)


def board(store: Any, live_id: int, step_id: str) -> dict[str, Any]:
    """What `themes_updated` carries to the console: each theme with its answers, and the loose ones."""
    answers = dict(themable(store, live_id, step_id))
    memberships = store.memberships(live_id, step_id)
    themes = []
    for theme in store.themes_for_step(live_id, step_id):
        members = [{"id": a, "text": answers[a], "pinned": where.pinned}
                   for a, where in memberships.items() if where.theme_id == theme.id and a in answers]
        if members or theme.status == "kept":
            themes.append({"id": theme.id, "label": theme.label, "status": theme.status,
                           "typical": theme.typical if theme.typical in answers else None, "answers": members})
    placed = {a for a, where in memberships.items() if where.theme_id is not None}
    loose = [{"id": a, "text": text} for a, text in answers.items() if a not in placed]
    return {"step_id": step_id, "on_screen": store.theme_screen(live_id, step_id), "themes": themes, "loose": loose}


def screen_themes(store: Any, live_id: int, step_id: str) -> list[dict[str, Any]]:
    """The screen's theme view: label, count and one or two texts; only answers the wall may show."""
    data = board(store, live_id, step_id)
    allowed = {answer_id for answer_id, _ in themable(store, live_id, step_id, screen=True)}
    shown = []
    for theme in data["themes"]:
        texts = {a["id"]: a["text"] for a in theme["answers"] if a["id"] in allowed}
        if not texts:
            continue
        order = [theme["typical"]] if theme["typical"] in texts else []
        order += [a for a in texts if a not in order]
        shown.append({"label": theme["label"], "count": len(texts),
                      "examples": [texts[a] for a in order[:SCREEN_EXAMPLES]]})
    return sorted(shown, key=lambda item: -item["count"])


def clean_label(label: str) -> str:
    """A theme name as typed, checked: not blank, not too long, no control characters."""
    try:
        text = " ".join(clean_text(label).split())
    except TextProblem as problem:
        raise DomainError(f"De naam van het thema {problem.reason}.", "invalid_theme") from None
    if is_blank(text):
        raise DomainError("Geef het thema een naam.", "invalid_theme")
    if len(text) > LABEL_MAX:
        raise DomainError(f"Een themanaam is hoogstens {LABEL_MAX} tekens.", "invalid_theme")
    return text


def _theme(store: Any, live_id: int, step_id: str, theme_id: int) -> Any:
    theme = store.theme(theme_id)
    if theme is None or theme.live_id != live_id or theme.step_id != step_id:
        raise NotFound("Dit thema bestaat niet (meer).")
    return theme


def _answers(store: Any, live_id: int, step_id: str, answer_ids: Any) -> list[str]:
    known = {answer_id for answer_id, _ in themable(store, live_id, step_id)}
    if not answer_ids or any(a not in known for a in answer_ids):
        raise NotFound("Dit antwoord staat niet (meer) bij deze vraag.")
    return list(dict.fromkeys(answer_ids))


def keep(store: Any, live_id: int, step_id: str, theme_id: int) -> None:
    """Accept a suggestion: the theme and its current answers stay as they are."""
    _theme(store, live_id, step_id, theme_id)
    store.update_theme(theme_id, status="kept")
    store.pin_members(theme_id)


def rename(store: Any, live_id: int, step_id: str, theme_id: int, label: str) -> None:
    """Give a theme another name (and keep it)."""
    text = clean_label(label)
    keep(store, live_id, step_id, theme_id)
    store.update_theme(theme_id, label=text)


def merge(store: Any, live_id: int, step_id: str, theme_id: int, into_id: int) -> None:
    """Put every answer of one theme into another and remove the first."""
    if theme_id == into_id:
        raise DomainError("Kies twee verschillende thema's om samen te voegen.", "invalid_theme")
    keep(store, live_id, step_id, into_id)
    _theme(store, live_id, step_id, theme_id)
    store.delete_theme(theme_id, members_to=into_id)


def create(store: Any, live_id: int, step_id: str, label: str, answer_ids: Any = ()) -> int:
    """A theme made by hand, optionally with answers moved into it; its id."""
    text = clean_label(label)
    chosen = _answers(store, live_id, step_id, answer_ids) if answer_ids else []
    theme_id: int = store.create_theme(live_id, step_id, text, "kept")
    for answer_id in chosen:
        store.set_member(answer_id, theme_id, pinned=True)
    return theme_id


def split(store: Any, live_id: int, step_id: str, theme_id: int, answer_ids: Any, label: str) -> int:
    """Move some answers of a theme into a new theme; both are kept. The new theme's id."""
    keep(store, live_id, step_id, theme_id)
    memberships = store.memberships(live_id, step_id)
    chosen = _answers(store, live_id, step_id, answer_ids)
    if any(memberships.get(a) is None or memberships[a].theme_id != theme_id for a in chosen):
        raise DomainError("Splits alleen antwoorden die in dit thema staan.", "invalid_theme")
    return create(store, live_id, step_id, label, chosen)


def move(store: Any, live_id: int, step_id: str, answer_id: str, theme_id: int | None) -> None:
    """Put an answer in a theme (None: in no theme); the target theme is kept."""
    _answers(store, live_id, step_id, [answer_id])
    if theme_id is not None:
        keep(store, live_id, step_id, theme_id)
    store.set_member(answer_id, theme_id, pinned=True)


def drop(store: Any, live_id: int, step_id: str, theme_id: int) -> None:
    """Remove a theme; its answers stay in no theme (and are not suggested again)."""
    _theme(store, live_id, step_id, theme_id)
    store.delete_theme(theme_id, members_to=None, pinned=True)
