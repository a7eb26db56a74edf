"""Session content: frozen dataclasses for a leersessie and its steps.

A `Session` is what a session file describes. It is snapshotted as a plain dict when a live
session starts (`session_to_dict`), so later edits of the file never change a past run.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

QUESTION_KINDS = ("open", "choice", "scale", "words")
OPEN_ANSWER_MAX_LENGTH = 500
OTHER_ANSWER_MAX_LENGTH = 200
WORD_MAX_LENGTH = 30
DEFAULT_K_THRESHOLD = 3


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class ResourceGroup:
    publisher: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Step:
    """One step of a session; `type` decides which of the optional fields are used."""

    type: str
    id: str
    heading: str = ""
    text: str = ""
    subtitle: str = ""
    source: str = ""
    number: int | None = None
    group: str = ""
    body: str = ""
    groups: tuple[ResourceGroup, ...] = ()
    question: Question | None = None

    @property
    def is_question(self) -> bool:
        """True for question steps."""
        return self.question is not None

    @property
    def asked(self) -> Question:
        """The question of a question step (the caller knows it is one; else a ValueError)."""
        if self.question is None:
            raise ValueError(f"step {self.id!r} is not a question")
        return self.question


@dataclass(frozen=True)
class Question:
    kind: str
    prompt: str
    help: str = ""
    note: str = ""
    time_limit: int | None = None
    k_threshold: int | None = None
    options: tuple[str, ...] = ()
    multiple: bool = False
    other: bool = False
    min: int = 1
    max: int = 5
    min_label: str = ""
    max_label: str = ""
    max_words: int = 3
    review_all: bool = False  # "Alles eerst beoordelen": every text answer waits for the facilitator
    added_during_session: bool = False  # a quick question typed during a live run, not in the file


@dataclass(frozen=True)
class Session:
    id: str
    title: str
    series: str
    partners: tuple[str, ...]
    steps: tuple[Step, ...]
    number: int | None = None
    subtitle: str = ""
    k_threshold: int = DEFAULT_K_THRESHOLD
    source_path: str = field(default="", compare=False)

    def step_by_id(self, step_id: str) -> Step | None:
        """The step with this id, or None."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def index_of(self, step_id: str) -> int | None:
        """The position of the step with this id, or None."""
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        return None

    @property
    def questions(self) -> tuple[Step, ...]:
        """The question steps, in order."""
        return tuple(step for step in self.steps if step.is_question)

    def k_threshold_for(self, step: Step) -> int:
        """The K threshold that applies to a question step."""
        if step.question and step.question.k_threshold:
            return step.question.k_threshold
        return self.k_threshold


def session_to_dict(session: Session) -> dict[str, Any]:
    """A JSON-ready snapshot of the session content."""
    data = asdict(session)
    data.pop("source_path", None)
    return data


def session_from_dict(data: dict[str, Any]) -> Session:
    """Rebuild a Session from `session_to_dict` output (a trusted snapshot)."""
    steps = []
    for raw in data["steps"]:
        raw = dict(raw)
        question = raw.pop("question", None)
        groups = tuple(
            ResourceGroup(group["publisher"], tuple(Link(**link) for link in group["links"]))
            for group in raw.pop("groups", ())
        )
        if question is not None:
            question = dict(question)
            question["options"] = tuple(question.get("options", ()))
            question = Question(**question)
        steps.append(Step(groups=groups, question=question, **raw))
    fields = {key: data[key] for key in ("id", "title", "series", "number", "subtitle", "k_threshold")}
    return Session(partners=tuple(data["partners"]), steps=tuple(steps), **fields)
