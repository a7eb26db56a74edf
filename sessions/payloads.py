"""Typed client messages: the shape of every Socket.IO payload is checked here, at the edge.

Only the shape (which keys, which types) is checked; whether a value is acceptable for a
question is the live-session rules' call. A wrong shape raises BadPayload.
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import TypeVar, get_type_hints

from .errors import BadPayload

Message = TypeVar("Message")
_WRONG_SHAPE = "Dit bericht heeft een onbekende vorm."


def parse(message_type: type[Message], data) -> Message:
    """Build `message_type` from a dict holding exactly its fields, each of its declared type."""
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise BadPayload(_WRONG_SHAPE)
    types = _field_types(message_type)
    if set(data) - set(types):
        raise BadPayload(_WRONG_SHAPE)
    for field in fields(message_type):
        value, expected = data.get(field.name), types[field.name]
        if value is None:
            raise BadPayload(f"{_WRONG_SHAPE} ('{field.name}' ontbreekt)")
        # bool is an int in Python, but `true` is no step number.
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise BadPayload(f"{_WRONG_SHAPE} ('{field.name}' heeft een verkeerd type)")
    return message_type(**data)


@lru_cache(maxsize=None)
def _field_types(message_type: type) -> dict:
    # Resolving annotations is slow and they never change: once per message type.
    return get_type_hints(message_type)


@dataclass(frozen=True)
class SubmitAnswer:
    """Phone → server: a new answer."""

    answer_id: str
    step_id: str
    value: dict


@dataclass(frozen=True)
class ChangeAnswer:
    """Phone → server: a new value for an own answer."""

    answer_id: str
    value: dict


@dataclass(frozen=True)
class AnswerRef:
    """Phone → server: withdraw an own answer."""

    answer_id: str


@dataclass(frozen=True)
class Empty:
    """A message without content (next_step, sync, …)."""


@dataclass(frozen=True)
class GoToStep:
    """Console → server: jump to a step."""

    index: int


@dataclass(frozen=True)
class SetBlank:
    """Console → server: blank the screen or show it again."""

    blank: bool


@dataclass(frozen=True)
class QuestionRef:
    """Console → server: open or close a question."""

    step_id: str


@dataclass(frozen=True)
class ShowResults:
    """Console → server: show or hide a question's results."""

    step_id: str
    visible: bool


@dataclass(frozen=True)
class StartTimer:
    """Console → server: start (seconds > 0) or stop (0) a countdown."""

    step_id: str
    seconds: int


@dataclass(frozen=True)
class Moderation:
    """Console → server: hide, unhide, star, unstar or spotlight an answer."""

    answer_id: str
    action: str


@dataclass(frozen=True)
class AddQuickQuestion:
    """Console → server: a question for this live run only (options: one per line, for choice)."""

    prompt: str
    kind: str
    options: list
