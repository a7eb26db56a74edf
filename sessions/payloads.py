"""Typed client messages: the shape of every Socket.IO payload is checked here, at the edge.

Only the shape (which keys, which types) is checked; whether a value is acceptable for a
question is the live-session rules' call. A wrong shape raises BadPayload.
"""
from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar, get_origin, get_type_hints

from sessions.errors import BadPayload
from sessions.text import has_lone_surrogate

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Message = TypeVar("Message", bound="DataclassInstance")
_WRONG_SHAPE = "Dit bericht heeft een onbekende vorm."
# Far above anything a phone or console sends; see "Limits" in docs/protocol.md.
MAX_DEPTH = 8
MAX_VALUES = 1000
MAX_STRING = 10_000


def parse(message_type: type[Message], data: Any) -> Message:
    """Build `message_type` from a dict holding its fields (those with a default may be left out), each of its type."""
    data = {} if data is None else data
    if not isinstance(data, dict):
        raise BadPayload(_WRONG_SHAPE)
    check_limits(data)
    types = _field_types(message_type)
    if set(data) - set(types):
        raise BadPayload(_WRONG_SHAPE)
    given = dict(data)
    for field in fields(message_type):
        value, expected = data.get(field.name), types[field.name]
        if value is None and field.default is not MISSING:
            given.pop(field.name, None)  # an optional field left out (or null): its default
            continue
        if value is None:
            raise BadPayload(f"{_WRONG_SHAPE} ('{field.name}' ontbreekt)")
        # bool is an int in Python, but `true` is no step number.
        # dict[str, Any] is checked as dict: the payload's content is validated further on.
        kind = get_origin(expected) or expected
        if not isinstance(value, kind) or (isinstance(value, bool) and expected is not bool):
            raise BadPayload(f"{_WRONG_SHAPE} ('{field.name}' heeft een verkeerd type)")
    return message_type(**given)


def check_limits(data: Any, max_values: int = MAX_VALUES, max_string: int = MAX_STRING) -> None:
    """BadPayload when `data` nests too deep, holds too much, or holds text no store can keep."""
    pending, seen = [(data, 1)], 0
    while pending:  # a loop, not recursion: depth is what is being checked
        value, depth = pending.pop()
        seen += 1
        if depth > MAX_DEPTH or seen > max_values or (isinstance(value, (dict, list)) and len(value) > max_values):
            raise BadPayload("Dit bericht is te groot of te diep genest.")
        if isinstance(value, str):
            if len(value) > max_string:
                raise BadPayload("Dit bericht bevat een te lange tekst.")
            if has_lone_surrogate(value):
                raise BadPayload("Dit bericht bevat een ongeldig teken.")
        elif isinstance(value, dict):
            pending.extend((item, depth + 1) for pair in value.items() for item in pair)
        elif isinstance(value, list):
            pending.extend((item, depth + 1) for item in value)


@cache
def _field_types(message_type: type) -> dict[str, Any]:
    # Resolving annotations is slow and they never change: once per message type.
    return get_type_hints(message_type)


@dataclass(frozen=True)
class SubmitAnswer:
    """Phone → server: a new answer."""

    answer_id: str
    step_id: str
    value: dict[str, Any]


@dataclass(frozen=True)
class ChangeAnswer:
    """Phone → server: a new value for an own answer."""

    answer_id: str
    value: dict[str, Any]


@dataclass(frozen=True)
class AnswerRef:
    """Phone → server: withdraw an own answer."""

    answer_id: str


@dataclass(frozen=True)
class AnswerStatus:
    """Phone → server: what became of these own answers (held, received, hidden)?"""

    answer_ids: list[Any]


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
class SetJoinPanel:
    """Console → server: shrink the screen's join panel to a bar (compact) or show it in full."""

    compact: bool


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
    options: list[Any]


@dataclass(frozen=True)
class ReviewAnswer:
    """Console → server: Toestaan (allow), Anonimiseren (anonymize) or Verbergen (hide) the shown version."""

    answer_id: str
    action: str
    version: int


@dataclass(frozen=True)
class AnonymizeAnswer:
    """Console → server: anonymize the shown version of a held answer with the facilitator's own redaction."""

    answer_id: str
    text: str
    version: int


@dataclass(frozen=True)
class SetReviewAll:
    """Console → server: "Alles eerst beoordelen" for the whole run."""

    enabled: bool


@dataclass(frozen=True)
class SetQuestionReview:
    """Console → server: "Alles eerst beoordelen" for one question."""

    step_id: str
    enabled: bool


@dataclass(frozen=True)
class ListAnswers:
    """Phone → server: a page of the others' answers to a question, newest first.

    `answer_id` (an own answer to this question) shows that the phone answered; `before` is the
    display id of the last item of the previous page.
    """

    step_id: str
    answer_id: str = ""
    before: str = ""
    limit: int = 20


@dataclass(frozen=True)
class Vote:
    """Phone → server: mark an answer or question as "herkenbaar" (on) or take the mark back."""

    display_id: str
    on: bool


@dataclass(frozen=True)
class AskQuestion:
    """Phone → server: a question to the speaker; `question_id` is made on the phone like an answer id."""

    question_id: str
    text: str


@dataclass(frozen=True)
class SetOpen:
    """Console → server: open or close questions to the speaker for the run."""

    open: bool


@dataclass(frozen=True)
class SetPhoneView:
    """Console → server: the others' answers on phones on or off, for the run (no step id) or one question."""

    enabled: bool
    step_id: str = ""


@dataclass(frozen=True)
class ShowOnScreen:
    """Console → server: show something on the screen (the top questions, a wall sorted by votes) or not."""

    visible: bool


@dataclass(frozen=True)
class ModerateQuestion:
    """Console → server: "beantwoord", not answered, hide or unhide a question to the speaker."""

    question_id: str
    action: str
