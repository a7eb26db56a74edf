"""Typed console messages of the Thema's view (shapes only; `sessions.payloads.parse` checks them)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sessions.errors import BadPayload

MAX_ANSWERS = 500


@dataclass(frozen=True)
class StepRef:
    """Console → server: suggest themes for a question now (and keep them up to date)."""

    step_id: str


@dataclass(frozen=True)
class ThemeRef:
    """Console → server: accept or drop a theme."""

    step_id: str
    theme_id: int


@dataclass(frozen=True)
class RenameTheme:
    """Console → server: a new name for a theme."""

    step_id: str
    theme_id: int
    label: str


@dataclass(frozen=True)
class MergeThemes:
    """Console → server: put every answer of `theme_id` into `into_id`."""

    step_id: str
    theme_id: int
    into_id: int


@dataclass(frozen=True)
class SplitTheme:
    """Console → server: move some answers of a theme into a new theme named `label`."""

    step_id: str
    theme_id: int
    answer_ids: list[Any]
    label: str


@dataclass(frozen=True)
class CreateTheme:
    """Console → server: a theme made by hand, with zero or more answers moved into it."""

    step_id: str
    label: str
    answer_ids: list[Any]


@dataclass(frozen=True)
class MoveToTheme:
    """Console → server: put an answer in a theme; theme_id 0 = in no theme."""

    step_id: str
    answer_id: str
    theme_id: int


@dataclass(frozen=True)
class ShowThemes:
    """Console → server: the screen shows this question's themes (true) or its wall (false)."""

    step_id: str
    shown: bool


def answer_ids(values: list[Any]) -> list[str]:
    """A list of answer ids, checked: strings only, not too many."""
    if len(values) > MAX_ANSWERS or not all(isinstance(value, str) and 0 < len(value) <= 64 for value in values):
        raise BadPayload("Dit bericht heeft een onbekende vorm. ('answer_ids' heeft een verkeerd type)")
    return list(values)
