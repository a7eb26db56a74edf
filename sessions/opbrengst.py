"""The opbrengst model: what a report of one live session contains, built from the store.

Writers (PDF, CSV, JSON, Markdown) only read these dataclasses. Hidden and withdrawn answers
never enter the model, and no answer carries a time stamp.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sessions.aggregate import aggregate
from sessions.content import Question, ResourceGroup
from sessions.questions import ASK_STEP
from sessions.store.database import Store
from sessions.store.records import LiveRecord
from sessions.themes.report import answer_themes, question_themes

DUTCH_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                "september", "oktober", "november", "december")


@dataclass(frozen=True)
class InsightEntry:
    number: int | None
    heading: str
    body: str


@dataclass(frozen=True)
class InsightGroup:
    title: str
    insights: tuple[InsightEntry, ...]


@dataclass(frozen=True)
class QuoteEntry:
    text: str
    source: str = ""
    answer_id: str | None = None
    votes: int = 0  # "herkenbaar" marks during the live run


@dataclass(frozen=True)
class SpeakerQuestion:
    """A question a participant asked the speaker (allowed, not hidden), with its votes."""

    text: str
    votes: int
    answered: bool


@dataclass(frozen=True)
class ThemeResult:
    """A theme of an open question in the report: its label and the texts of its visible answers."""

    label: str
    answers: tuple[str, ...]


@dataclass(frozen=True)
class QuestionResult:
    """One helping question with what participants answered (visible answers only)."""

    step_id: str
    kind: str
    prompt: str
    help: str
    summary: dict[str, Any]
    answers: tuple[str, ...] = ()
    # One readable text per visible answer of any kind, for per-answer exports (CSV);
    # empty when the summary is withheld, so the K threshold also holds there.
    answer_rows: tuple[str, ...] = ()
    added_during_session: bool = False  # a quick question typed during the live run
    # The theme label of each answer row ('' = none), aligned with `answer_rows` (and `answers`).
    row_themes: tuple[str, ...] = ()
    themes: tuple[ThemeResult, ...] = ()  # the answers grouped by theme (the last group: "Zonder thema")


@dataclass(frozen=True)
class Opbrengst:
    code: str
    series: str
    number: int | None
    title: str
    subtitle: str
    date: str
    partners: tuple[str, ...]
    statement: str
    insight_groups: tuple[InsightGroup, ...]
    practice_quotes: tuple[QuoteEntry, ...]
    quotes: tuple[QuoteEntry, ...]
    questions: tuple[QuestionResult, ...]
    resources_heading: str = "Hulpbronnen"
    resources: tuple[ResourceGroup, ...] = field(default=())
    # Optional section: empty when nobody asked the speaker anything.
    speaker_questions: tuple[SpeakerQuestion, ...] = field(default=())

    @property
    def full_title(self) -> str:
        """'Leersessie 3: Veiligheid', or the bare title without a number."""
        return f"Leersessie {self.number}: {self.title}" if self.number else self.title


def dutch_date(iso: str) -> str:
    """'2026-11-29T10:00:00' -> '29 november 2026'."""
    day = date.fromisoformat(iso[:10])
    return f"{day.day} {DUTCH_MONTHS[day.month - 1]} {day.year}"


def default_statement(live: LiveRecord) -> str:
    """The opbrengst text from the session file: all statement texts, as paragraphs."""
    return "\n\n".join(step.text for step in live.content.steps if step.type == "statement")


def default_insights(live: LiveRecord) -> list[dict[str, Any]]:
    """The insights of the session file as editable dicts."""
    return [{"group": step.group, "number": step.number, "heading": step.heading, "body": step.body}
            for step in live.content.steps if step.type == "insight"]


def curated_quotes(store: Store, live: LiveRecord, answers: Any = None) -> list[QuoteEntry]:
    """Starred visible answers as quotes: curated order and edits first, then new stars by arrival."""
    answers = answers if answers is not None else store.answers_for_live(live.id)
    starred = {a.id: a for a in answers if a.starred and a.is_visible and a.step_id != ASK_STEP}
    curated = store.writeup(live.id).quotes or []
    quotes = []
    for entry in curated:
        answer = starred.pop(entry.get("answer_id"), None)
        if answer is not None:
            quotes.append(QuoteEntry(entry.get("text") or answer_text(answer.value), "Deelnemer", answer.id,
                                     answer.votes))
    for answer in sorted(starred.values(), key=lambda a: a.seq):
        quotes.append(QuoteEntry(answer_text(answer.value), "Deelnemer", answer.id, answer.votes))
    return quotes


def answer_text(value: dict[str, Any], question: Question | None = None) -> str:
    """A readable one-line text of any answer value; choice options as labels when the question is given."""
    if "text" in value:
        return str(value["text"])
    if "words" in value:
        return " ".join(value["words"])
    if "value" in value:
        return str(value["value"])
    options = question.options if question else ()
    parts = [options[i] if 0 <= i < len(options) else str(i) for i in value.get("options", [])]
    if value.get("other"):
        parts.append(f"Anders: {value['other']}" if question else value["other"])
    return ", ".join(parts)


def build_opbrengst(store: Store, live: LiveRecord) -> Opbrengst:
    """The complete opbrengst of one live session."""
    content = live.content
    writeup = store.writeup(live.id)
    answers = store.answers_for_live(live.id)
    insights = writeup.insights if writeup.insights is not None else default_insights(live)
    groups: dict[str, list[InsightEntry]] = {}
    for item in insights:
        groups.setdefault(item.get("group") or "Inzichten", []).append(
            InsightEntry(item.get("number"), item.get("heading", ""), item.get("body", "")))
    questions = []
    theme_of = answer_themes(store, live)
    for step in content.questions:
        visible = [a for a in answers if a.step_id == step.id and a.is_visible]
        values = [a.given for a in visible]
        texts = tuple(answer_text(v) for v in values) if step.asked.kind == "open" else ()
        summary = aggregate(step.asked, values, content.k_threshold_for(step))
        rows = () if summary["withheld"] else tuple(answer_text(v, step.asked) for v in values)
        themes = tuple(ThemeResult(label, tuple(text for _, text in members))
                       for label, members in question_themes(store, live.id, step.id)) if texts else ()
        row_themes = tuple(theme_of.get(a.id, "") for a in visible) if rows else ()
        questions.append(QuestionResult(step.id, step.asked.kind, step.asked.prompt, step.asked.help,
                                        summary, texts, rows, step.asked.added_during_session,
                                        row_themes, themes))
    resources = [step for step in content.steps if step.type == "resources"]
    return Opbrengst(
        code=live.code, series=content.series, number=content.number, title=content.title,
        subtitle=content.subtitle, date=dutch_date(live.started_at), partners=content.partners,
        statement=writeup.statement if writeup.statement is not None else default_statement(live),
        insight_groups=tuple(InsightGroup(title, tuple(entries)) for title, entries in groups.items()),
        practice_quotes=tuple(QuoteEntry(s.text, s.source) for s in content.steps if s.type == "quote"),
        quotes=tuple(curated_quotes(store, live, answers)),
        questions=tuple(questions),
        resources_heading=resources[0].heading if resources else "Hulpbronnen",
        resources=tuple(group for step in resources for group in step.groups),
        speaker_questions=speaker_questions(answers),
    )


def most_recognised(store: Store, live: LiveRecord, limit: int = 10) -> list[dict[str, Any]]:
    """Open answers of the report marked herkenbaar, most first: quote candidates for the opbrengst page."""
    open_steps = {step.id for step in live.content.questions if step.asked.kind == "open"}
    marked = [a for a in store.answers_for_live(live.id) if a.step_id in open_steps and a.is_visible and a.votes]
    marked.sort(key=lambda a: (-a.votes, a.seq))
    return [{"id": a.id, "text": a.given["text"], "votes": a.votes, "starred": a.starred} for a in marked[:limit]]


def speaker_questions(answers: Any) -> tuple[SpeakerQuestion, ...]:
    """The questions to the speaker for the opbrengst, most votes first (held and hidden ones never)."""
    asked = [a for a in answers if a.step_id == ASK_STEP and a.is_visible]
    asked.sort(key=lambda a: (-a.votes, a.seq))
    return tuple(SpeakerQuestion(a.value["text"], a.votes, a.answered) for a in asked)
