"""The sections of one opbrengst in reading order, shared by the PDF and the Word builders.

Both documents walk `session_outline` so they show the same content in the same order; each
then decides how a section looks. Nothing here knows reportlab or python-docx.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from sessions.opbrengst import Opbrengst, QuestionResult

_BLANK_LINE = re.compile(r"\n\s*\n")
RANKED_WORDS = 30
ADDED_DURING_SESSION = "Vraag toegevoegd tijdens de sessie"
NO_ANSWERS = "Geen antwoorden"
NO_WORDS = "Geen woorden om te tonen"
OTHER_HEADING = "Anders, namelijk:"


@dataclass(frozen=True)
class Section:
    """One section: its kind (statement, insights, quotes, questions, speaker, resources), title and items."""

    kind: str
    title: str
    items: tuple


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a long text field: a blank line starts a new one."""
    return [part.strip() for part in _BLANK_LINE.split(text or "") if part.strip()]


def answers_label(count: int) -> str:
    """'1 antwoord', '12 antwoorden'."""
    return f"{count} antwoord" if count == 1 else f"{count} antwoorden"


def withheld_label(summary: dict) -> str:
    """The notice for a result below the K threshold: how many there were and how many it needs."""
    return (f"Te weinig antwoorden om te tonen ({summary.get('count', 0)} van de {summary.get('k_threshold', '')} "
            "die nodig zijn, zodat niemand herkenbaar is)")


def more_words_label(more: int) -> str:
    """'+1 ander woord', '+3 andere woorden'."""
    return f"+{more} {'ander woord' if more == 1 else 'andere woorden'}"


def session_outline(opbrengst: Opbrengst) -> list[Section]:
    """The non-empty sections of one session, in the order both documents print them."""
    sections: list[Section] = []
    statement = paragraphs(opbrengst.statement)
    if statement:
        sections.append(Section("statement", "Opbrengst", tuple(statement)))
    for group in opbrengst.insight_groups:
        if group.insights:
            sections.append(Section("insights", group.title, group.insights))
    for title, quotes in (("Uit de praktijk", opbrengst.practice_quotes),
                          ("Uitspraken van deelnemers", opbrengst.quotes)):
        if quotes:
            sections.append(Section("quotes", title, quotes))
    if opbrengst.questions:
        sections.append(Section("questions", "Helpende vragen", opbrengst.questions))
    if opbrengst.speaker_questions:
        sections.append(Section("speaker", "Vragen aan de spreker", opbrengst.speaker_questions))
    if any(group.links for group in opbrengst.resources):
        sections.append(Section("resources", opbrengst.resources_heading or "Hulpbronnen", opbrengst.resources))
    return sections


def answer_count(question: QuestionResult) -> int:
    """How many visible answers a question had."""
    return (question.summary or {}).get("count", len(question.answers))


def result_state(question: QuestionResult) -> str:
    """'none' (no answers), 'withheld' (below K) or 'shown'."""
    if answer_count(question) == 0:
        return "none"
    return "withheld" if (question.summary or {}).get("withheld") else "shown"


def ranked_words(summary: dict) -> list[dict]:
    """The words a document lists by name, most frequent first."""
    return list(summary.get("words", []))[:RANKED_WORDS]


def resource_groups(groups) -> list[tuple[str, tuple]]:
    """(publisher heading or '', links); links without a publisher go under 'Overig' next to named groups."""
    named = any(group.publisher for group in groups)
    return [(group.publisher or ("Overig" if named else ""), group.links) for group in groups if group.links]


def theme_groups(question: QuestionResult) -> list[tuple[str, tuple[str, ...]]]:
    """The facilitator's themes of an open question as (label, answers); [] when none were made."""
    return [(theme.label, tuple(theme.answers)) for theme in question.themes]
