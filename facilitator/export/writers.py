"""CSV, JSON and Markdown exports of one or more opbrengsten.

They read only the `Opbrengst` dataclasses, so hidden and withdrawn answers never appear, and
choice and scale answers below the K threshold get no per-answer rows, only one that says why.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import asdict

from sessions.opbrengst import Opbrengst, QuestionResult

from .outline import withheld_label

# Dutch Excel splits a CSV on its list separator, the semicolon (the comma is the decimal sign):
# a comma-separated file opens with every row in one column. A `sep=;` first line would work
# too, but Excel then ignores the byte order mark and garbles ë and “ ”. See docs/word.md.
CSV_DELIMITER = ";"
CSV_COLUMNS = ("leersessie", "titel", "vraag_id", "vraag", "soort", "antwoord", "thema")
KIND_LABELS = {"open": "open", "choice": "meerkeuze", "scale": "schaal", "words": "woorden"}
_FORMULA_START = "=+-@\t\r"
_NUMBER = re.compile(r"^-?\d+([.,]\d+)?$")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula: a leading '=', '+', '-' or '@' gets a quote."""
    if text and text[0] in _FORMULA_START and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def answer_rows(question: QuestionResult) -> tuple[str, ...]:
    """One readable text per visible answer; nothing for a result withheld below K."""
    if (question.summary or {}).get("withheld"):
        return ()
    return question.answer_rows or (question.answers if question.kind == "open" else ())


def answer_rows_or_notice(question: QuestionResult) -> tuple[str, ...]:
    """The answer rows of a table; a withheld result gets one row that says why it has none."""
    if (question.summary or {}).get("withheld"):
        return (withheld_label(question.summary),)
    return answer_rows(question)


def rows_with_themes(question: QuestionResult) -> list[tuple[str, str]]:
    """(answer row, its theme label or '') per row of `answer_rows_or_notice`."""
    rows = answer_rows_or_notice(question)
    themes = question.row_themes if len(question.row_themes) == len(rows) else ("",) * len(rows)
    return list(zip(rows, themes, strict=True))


def kind_label(question) -> str:
    """The kind of a question as the tables write it; a quick question says it was added during the session."""
    label = KIND_LABELS.get(question.kind, question.kind)
    return label + " (toegevoegd tijdens de sessie)" if question.added_during_session else label


def render_csv(opbrengsten: list[Opbrengst]) -> str:
    """A header row, then one row per visible answer (no time stamps, no participant data); `;`-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(CSV_COLUMNS)
    for item in opbrengsten:
        for question in item.questions:
            kind = kind_label(question)
            for text, theme in rows_with_themes(question):
                writer.writerow([item.code, csv_cell(item.full_title), question.step_id,
                                 csv_cell(question.prompt), kind, csv_cell(text), csv_cell(theme)])
        for asked in item.speaker_questions:
            writer.writerow([item.code, csv_cell(item.full_title), "", SPEAKER_LABEL, SPEAKER_KIND,
                             csv_cell(asked.text), ""])
    return buffer.getvalue()


SPEAKER_LABEL, SPEAKER_KIND = "Vraag aan de spreker", "vraag aan de spreker"


def speaker_line(asked) -> str:
    """One question to the speaker as a readable line: its text, votes and whether it was answered."""
    votes = f"{asked.votes} stemmen" if asked.votes != 1 else "1 stem"  # as the console and phones say it
    return f"{asked.text} ({votes}{', beantwoord' if asked.answered else ''})"


def opbrengst_dict(item: Opbrengst) -> dict:
    """Every field of an opbrengst as plain JSON-ready data, plus its full title."""
    data = asdict(item)
    data["full_title"] = item.full_title
    return data


def render_json(opbrengsten: list[Opbrengst]) -> str:
    """All opbrengsten, structured, as readable UTF-8 JSON."""
    return json.dumps({"opbrengsten": [opbrengst_dict(item) for item in opbrengsten]},
                      ensure_ascii=False, indent=2)


_MARKUP = re.compile(r"([\\`*_\[\]|~])")
_LINE_MARKER = re.compile(r"^([ \t]*)([#+=-]|\d+(?=[.)]))", re.MULTILINE)
_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>]+$", re.IGNORECASE)


def md(text) -> str:
    """Text that every Markdown renderer shows literally: HTML as entities, markup escaped."""
    escaped = _MARKUP.sub(r"\\\1", html.escape(str(text or ""), quote=False))
    # A line starting with '#', '-', '+', '=' or '1.' would become a heading or a list.
    return _LINE_MARKER.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2).isdigit()
                                                    else m.group(2) + "\\"), escaped)


def render_markdown(opbrengsten: list[Opbrengst]) -> str:
    """A readable Markdown document; several sessions are separated by a rule."""
    return "\n---\n\n".join(_session_markdown(item) for item in opbrengsten)


def _item(text: str, marker: str = "-") -> str:
    # Continuation lines are indented so a multi-line answer stays one list item.
    return f"{marker} " + text.strip().replace("\n", "\n" + " " * (len(marker) + 1))


def _text_item(text: str, marker: str = "-") -> str:
    return _item(md(text.strip()), marker)


def _quote(text: str, source: str) -> str:
    lines = [f"> {md(line)}".rstrip() for line in text.strip().split("\n")]
    return "\n".join(lines + ([">", f"> — {md(source)}"] if source else []))


def _session_markdown(item: Opbrengst) -> str:
    out = [f"# {md(item.full_title)}"]
    if item.subtitle:
        out.append(f"*{md(item.subtitle)}*")
    out.append(md(" · ".join(part for part in (item.series, item.date) if part)))
    if item.partners:
        out.append("Een samenwerking met: " + ", ".join(md(partner) for partner in item.partners))
    if item.statement.strip():
        out += ["## Opbrengst", md(item.statement.strip())]
    for group in item.insight_groups:
        out.append(f"## {md(group.title)}")
        out += [_item(f"**{md(e.heading)}**  \n{md(e.body)}", f"{e.number}." if e.number is not None else "-")
                for e in group.insights]
    for title, quotes in (("Uit de praktijk", item.practice_quotes), ("Uitspraken van deelnemers", item.quotes)):
        if quotes:
            out += [f"## {title}"] + [_quote(q.text, q.source) for q in quotes]
    if item.questions:
        out.append("## Helpende vragen")
        for number, question in enumerate(item.questions, 1):
            out += _question_markdown(number, question)
    if item.speaker_questions:
        out.append("## Vragen aan de spreker")
        out.append("\n".join(_text_item(speaker_line(asked)) for asked in item.speaker_questions))
    if any(group.links for group in item.resources):
        out.append(f"## {md(item.resources_heading or 'Hulpbronnen')}")
        named = any(source.publisher for source in item.resources)
        for source in item.resources:
            if source.publisher or named:
                out.append(f"### {md(source.publisher or 'Overig')}")
            out.append("\n".join(_item(_link(link.label, link.url)) for link in source.links))
    return "\n\n".join(out) + "\n"


def _link(label: str, url: str) -> str:
    """A link only to http(s) or mailto; any other address (javascript:, data:) is shown as text."""
    if not _SAFE_URL.fullmatch(url or ""):
        return f"{md(label)} ({md(url)})"
    return f"[{md(label)}](<{url}>)"


def _question_markdown(number: int, question: QuestionResult) -> list[str]:
    summary = question.summary or {}
    count = summary.get("count", len(question.answers))
    out = [f"### {number}. {md(question.prompt)}"]
    if question.help:
        out.append(md(question.help.strip()).replace("\n", "  \n"))
    if question.added_during_session:
        out.append("*Vraag toegevoegd tijdens de sessie*")
    out.append(f"*{count} {'antwoord' if count == 1 else 'antwoorden'}*")
    if count == 0:
        return out + ["*Geen antwoorden*"]
    if summary.get("withheld"):
        return out + [f"*{withheld_label(summary)}*"]
    lines: list[str] = []
    if question.kind == "choice":
        lines = [f"- {md(o['label'])}: {o['count']} ({o['percent']}%)" for o in summary.get("options", [])]
        if summary.get("other_texts"):
            lines += ["", "Anders, namelijk:", ""] + [_text_item(text) for text in summary["other_texts"]]
    elif question.kind == "scale":
        labels = {summary.get("min"): summary.get("min_label"), summary.get("max"): summary.get("max_label")}
        for point in summary.get("distribution", []):
            label = labels.get(point["value"])
            lines.append(f"- {point['value']}{f' ({md(label)})' if label else ''}: {point['count']}")
        if summary.get("median") is not None:
            lines += ["", f"Mediaan: {summary['median']:g}".replace(".", ",")]
    elif question.kind == "words":
        lines = [f"- {md(w['word'])} ({w['count']})" for w in summary.get("words", [])]
    elif question.themes:
        for theme in question.themes:
            lines += ["", f"**Thema: {md(theme.label)}**", ""] + [_text_item(text) for text in theme.answers]
        lines = lines[1:]
    else:
        lines = [_text_item(text) for text in question.answers]
    return out + ["\n".join(lines)]
