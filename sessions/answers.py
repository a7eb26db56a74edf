"""Validate an answer value against its question and normalise it for storage.

Stored shapes: open {"text"}, choice {"options": [index…], "other": text|None},
scale {"value"}, words {"words": [word…]}. Messages are Dutch: they reach the phone.
Every value may carry `visibility`: "screen" (the default) or "report" (only for the opbrengst);
it is read by `answer_visibility` and never stored inside the value.
"""
from __future__ import annotations

from typing import Any

from sessions.content import OPEN_ANSWER_MAX_LENGTH, OTHER_ANSWER_MAX_LENGTH, WORD_MAX_LENGTH, Question
from sessions.errors import InvalidAnswer
from sessions.text import TextProblem, clean_text, is_blank

VISIBILITIES = ("screen", "report")


def answer_visibility(value: Any) -> str:
    """Where an answer may go: "screen" (default) or "report"; InvalidAnswer for anything else."""
    chosen = value.get("visibility", "screen") if isinstance(value, dict) else "screen"
    if chosen is None:
        return "screen"
    if chosen not in VISIBILITIES:
        raise InvalidAnswer("Kies 'Mag op het scherm' of 'Alleen voor het verslag'.")
    return chosen


def _clean_text(value: Any, limit: int, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidAnswer(f"{what} moet tekst zijn.")
    try:
        text = clean_text(value)
    except TextProblem as problem:
        raise InvalidAnswer(f"{what} {problem.reason}.") from None
    if is_blank(text):
        raise InvalidAnswer(f"{what} is leeg.")
    if len(text) > limit:
        raise InvalidAnswer(f"{what} is te lang: maximaal {limit} tekens.")
    return text


def normalize_value(question: Question, value: Any) -> dict[str, Any]:
    """The value in its stored shape, or InvalidAnswer with a Dutch reason."""
    if not isinstance(value, dict):
        raise InvalidAnswer("Het antwoord heeft een onbekende vorm.")
    if question.kind == "open":
        return {"text": _clean_text(value.get("text"), OPEN_ANSWER_MAX_LENGTH, "Je antwoord")}
    if question.kind == "choice":
        return _choice(question, value)
    if question.kind == "scale":
        number = value.get("value")
        if isinstance(number, bool) or not isinstance(number, int):
            raise InvalidAnswer("Kies een getal op de schaal.")
        if not question.min <= number <= question.max:
            raise InvalidAnswer(f"Kies een getal van {question.min} tot en met {question.max}.")
        return {"value": number}
    return _words(question, value)


def _choice(question: Question, value: dict[str, Any]) -> dict[str, Any]:
    indexes = value.get("options", [])
    if not isinstance(indexes, list) or any(isinstance(i, bool) or not isinstance(i, int) for i in indexes):
        raise InvalidAnswer("Kies een of meer van de opties.")
    if any(not 0 <= index < len(question.options) for index in indexes):
        raise InvalidAnswer("Deze optie bestaat niet.")
    if len(set(indexes)) != len(indexes):
        raise InvalidAnswer("Elke optie mag maar één keer gekozen worden.")
    other = value.get("other")
    if other in (None, ""):
        other = None
    elif not question.other:
        raise InvalidAnswer("Bij deze vraag kun je geen eigen antwoord geven.")
    else:
        other = _clean_text(other, OTHER_ANSWER_MAX_LENGTH, "'Anders, namelijk'")
    chosen = len(indexes) + (1 if other else 0)
    if chosen == 0:
        raise InvalidAnswer("Kies minstens één optie.")
    if not question.multiple and chosen > 1:
        raise InvalidAnswer("Bij deze vraag kies je één optie.")
    return {"options": sorted(indexes), "other": other}


def _words(question: Question, value: dict[str, Any]) -> dict[str, Any]:
    words = value.get("words")
    if isinstance(words, str):
        words = words.split()
    if not isinstance(words, list) or not words:
        raise InvalidAnswer("Vul minstens één woord in.")
    if len(words) > question.max_words:  # before cleaning: a list of a million words costs nothing
        noun = "woord" if question.max_words == 1 else "woorden"
        raise InvalidAnswer(f"Vul maximaal {question.max_words} {noun} in.")
    cleaned = [_clean_text(word, WORD_MAX_LENGTH, "Een woord") for word in words]
    if any(char.isspace() for word in cleaned for char in word):
        raise InvalidAnswer("Vul losse woorden in, zonder spaties.")
    return {"words": cleaned}
