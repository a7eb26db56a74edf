"""Typed client messages: the shape of every Socket.IO payload is checked here, at the edge.

Only the shape (which keys, which types) is checked; whether a value is acceptable for a
question is the live-session rules' call. A wrong shape raises BadPayload.
"""
from __future__ import annotations

from dataclasses import dataclass, fields

from .errors import BadPayload

_MESSAGE = "Dit bericht heeft een onbekende vorm."


def _parse(cls, data, types: dict):
    """Build `cls` from a dict holding exactly the keys of `types`, each of its type."""
    if data is None:
        data = {}
    if not isinstance(data, dict) or set(data) - set(types):
        raise BadPayload(_MESSAGE)
    values = {}
    for field in fields(cls):
        value = data.get(field.name)
        expected = types[field.name]
        if value is None and field.default is not None:
            raise BadPayload(f"{_MESSAGE} ('{field.name}' ontbreekt)")
        if value is not None and (not isinstance(value, expected) or
                                  (isinstance(value, bool) and expected is int)):
            raise BadPayload(f"{_MESSAGE} ('{field.name}' heeft een verkeerd type)")
        values[field.name] = value
    return cls(**values)


@dataclass(frozen=True)
class SubmitAnswer:
    answer_id: str
    step_id: str
    value: dict

    @classmethod
    def parse(cls, data) -> SubmitAnswer:
        """Parse a `submit_answer` payload."""
        return _parse(cls, data, {"answer_id": str, "step_id": str, "value": dict})


@dataclass(frozen=True)
class ChangeAnswer:
    answer_id: str
    value: dict

    @classmethod
    def parse(cls, data) -> ChangeAnswer:
        """Parse a `change_answer` payload."""
        return _parse(cls, data, {"answer_id": str, "value": dict})


@dataclass(frozen=True)
class AnswerRef:
    answer_id: str

    @classmethod
    def parse(cls, data) -> AnswerRef:
        """Parse a `withdraw_answer` payload."""
        return _parse(cls, data, {"answer_id": str})


@dataclass(frozen=True)
class Empty:
    @classmethod
    def parse(cls, data) -> Empty:
        """Parse a payload that must be empty (or absent)."""
        return _parse(cls, data, {})


@dataclass(frozen=True)
class GoToStep:
    index: int

    @classmethod
    def parse(cls, data) -> GoToStep:
        """Parse a `go_to_step` payload."""
        return _parse(cls, data, {"index": int})


@dataclass(frozen=True)
class SetBlank:
    blank: bool

    @classmethod
    def parse(cls, data) -> SetBlank:
        """Parse a `set_blank` payload."""
        return _parse(cls, data, {"blank": bool})


@dataclass(frozen=True)
class QuestionRef:
    step_id: str

    @classmethod
    def parse(cls, data) -> QuestionRef:
        """Parse an `open_question` or `close_question` payload."""
        return _parse(cls, data, {"step_id": str})


@dataclass(frozen=True)
class ShowResults:
    step_id: str
    visible: bool

    @classmethod
    def parse(cls, data) -> ShowResults:
        """Parse a `show_results` payload."""
        return _parse(cls, data, {"step_id": str, "visible": bool})


@dataclass(frozen=True)
class StartTimer:
    step_id: str
    seconds: int

    @classmethod
    def parse(cls, data) -> StartTimer:
        """Parse a `start_timer` payload."""
        return _parse(cls, data, {"step_id": str, "seconds": int})


@dataclass(frozen=True)
class Moderation:
    answer_id: str
    action: str

    @classmethod
    def parse(cls, data) -> Moderation:
        """Parse a `moderate_answer` payload."""
        return _parse(cls, data, {"answer_id": str, "action": str})
