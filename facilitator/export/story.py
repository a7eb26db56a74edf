"""From an `Opbrengst` to the flowables of its sections (the data -> flowables step).

Every text is plain text from a session file or a participant: it goes through `markup`
before it reaches a Paragraph, or is drawn by a flowable that never parses markup.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import CondPageBreak, Paragraph, Spacer

from sessions.opbrengst import Opbrengst, QuestionResult

from .charts import BarChart, ScaleChart, WordCloud
from .flowables import AnswerList, PullQuote, RoomFor, SectionHeading, markup
from .fonts import ACCENT, PETROL
from .outline import (
    ADDED_DURING_SESSION,
    NO_ANSWERS,
    NO_WORDS,
    OTHER_HEADING,
    answer_count,
    answers_label,
    more_words_label,
    paragraphs,
    ranked_words,
    resource_groups,
    result_state,
    session_outline,
    withheld_label,
)
from .writers import speaker_line

SECTION_ROOM, FIRST_LINES = 110, 40


class SectionMaker:
    """Numbers the sections of one session so each gets its own bookmark key."""

    def __init__(self, key: str, styles: dict, level: int):
        self.key, self.styles, self.level, self.count = key, styles, level, 0

    def heading(self, title: str) -> list:
        """A section heading with an outline entry under the session, on a new page when little room is left."""
        self.count += 1
        return [CondPageBreak(SECTION_ROOM),
                SectionHeading(title, self.styles["h1"], (f"{self.key}-{self.count}", title, self.level))]


def session_sections(opbrengst: Opbrengst, key: str, styles: dict, level: int = 1) -> list:
    """All sections of one session (`session_outline`), each starting with a bookmarked heading."""
    make = SectionMaker(key, styles, level)
    story: list = []
    for section in session_outline(opbrengst):
        if section.kind == "statement":
            story += make.heading(section.title) + [Paragraph(markup(p), styles["lead"]) for p in section.items]
        elif section.kind == "insights":
            story += [_gap(6)] + make.heading(section.title) + insight_flowables(section.items, styles)
        elif section.kind == "quotes":
            story += [_gap(6)] + make.heading(section.title) + quote_flowables(section.items, styles)
        elif section.kind == "questions":
            # The section heading travels with the first question instead of guarding its own room.
            heading = make.heading(section.title)[-1]
            heading.keepWithNext = False
            story.append(_gap(6))
            for number, question in enumerate(section.items, 1):
                story += question_flowables(question, number, styles, [heading] if number == 1 else [])
        elif section.kind == "speaker":
            story += [_gap(6)] + make.heading(section.title)
            story += [Paragraph(markup(speaker_line(asked)), styles["insight_body"]) for asked in section.items]
        elif section.kind == "resources":
            story += [_gap(10)] + make.heading(section.title) + resource_flowables(section.items, styles)
    return story


def _gap(points: float) -> Spacer:
    return Spacer(1, points)


def _hex(colour) -> str:
    return "#" + colour.hexval()[2:]


def insight_flowables(insights, styles: dict) -> list:
    """Numbered entries: a bold heading with its number in the margin, then the body."""
    story = []
    for entry in insights:
        bullet = str(entry.number) if entry.number is not None else "•"
        story.append(Paragraph(markup(entry.heading), styles["insight_heading"], bulletText=bullet))
        story += [Paragraph(markup(p), styles["insight_body"]) for p in paragraphs(entry.body)]
    return story


def quote_flowables(quotes, styles: dict) -> list:
    """Pull quotes with room between them."""
    story = []
    for quote in quotes:
        story += [PullQuote(quote.text, quote.source, styles), _gap(8)]
    return story


def question_flowables(question: QuestionResult, number: int, styles: dict, lead: Sequence[Any] = ()) -> list:
    """The question, its help text, and what participants answered; never stranded at a page foot."""
    summary = question.summary or {}
    count, state = answer_count(question), result_state(question)
    head = list(lead) + [Paragraph(f'<font color="{_hex(ACCENT)}">{number}.</font> ' + markup(question.prompt),
                                   styles["question"])]
    if question.help:
        head.append(Paragraph(markup(question.help), styles["help"]))
    if question.added_during_session:
        head.append(Paragraph(ADDED_DURING_SESSION, styles["meta"]))
    head.append(Paragraph(answers_label(count), styles["meta"]))
    if state == "none":
        results = [Paragraph(NO_ANSWERS, styles["notice"])]
    elif state == "withheld":
        results = [Paragraph(withheld_label(summary), styles["notice"])]
    else:
        results = result_flowables(question, summary, styles) + [_gap(6)]
    if isinstance(results[0], (AnswerList, BarChart)):
        guard = RoomFor(head, results[:1], FIRST_LINES)
    else:
        guard = RoomFor(head, [f for f in results if not isinstance(f, Spacer)])
    return [guard] + head + results


def result_flowables(question: QuestionResult, summary: dict, styles: dict) -> list:
    """The results of one kind of question."""
    if question.kind == "choice":
        story: list = [BarChart(summary.get("options", []))]
        if summary.get("other_texts"):
            story += [_gap(4), Paragraph(OTHER_HEADING, styles["small"]), AnswerList(summary["other_texts"])]
        return story
    if question.kind == "scale":
        return [ScaleChart(summary)]
    if question.kind == "words":
        words = summary.get("words", [])
        if not words:
            return [Paragraph(NO_WORDS, styles["notice"])]
        ranked = ", ".join(f"{markup(w['word'])} ({w['count']})" for w in ranked_words(summary))
        more = summary.get("more_words", 0)
        if more:
            ranked += f" · {more_words_label(more)}"
        cloud = WordCloud(words)
        cloud.keepWithNext = True
        return [cloud, Paragraph(f"Meest genoemd: {ranked}", styles["small"])]
    if question.themes:  # the answers grouped under the facilitator's themes
        story = []
        for number, theme in enumerate(question.themes):
            heading = Paragraph(f"<b>Thema: {markup(theme.label)}</b>", styles["small"])
            heading.keepWithNext = True  # never a theme's name alone at the foot of a page
            story += ([_gap(6)] if number else []) + [heading, AnswerList(theme.answers)]
        return story
    return [AnswerList(question.answers)] if question.answers else []


def resource_flowables(groups, styles: dict) -> list:
    """Links grouped by publisher: a clickable label and the address printed below it."""
    story = []
    for publisher, links in resource_groups(groups):
        if publisher:
            story.append(Paragraph(markup(publisher), styles["publisher"]))
        for link in links:
            href = markup(link.url).replace('"', "&quot;")
            label = f'<a href="{href}" color="{_hex(PETROL)}"><u>{markup(link.label)}</u></a>'
            story.append(Paragraph(label, styles["link"], bulletText="›"))
            story.append(Paragraph(f'<a href="{href}">{markup(link.url)}</a>', styles["url"]))
    return story
