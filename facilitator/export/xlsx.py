"""Excel export of one or more opbrengsten: a sheet per question with its answers, one with the tallies.

Made for Dutch offices, where a comma-separated file opens garbled. Every text is written as a
text cell: an answer that starts with '=', '+', '-' or '@' is never read as a formula. Like the
other exports it reads only the `Opbrengst` dataclasses, so hidden answers never appear and
results below the K threshold get no answers, only one row that says why (how many, how many needed).
"""
from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill

from sessions.opbrengst import Opbrengst, QuestionResult

from .outline import withheld_label
from .writers import kind_label, rows_with_themes

TALLY_SHEET = "Tellingen"
TALLY_COLUMNS = ("Leersessie", "Vraag", "Soort", "Optie of waarde", "Aantal", "Percentage")
ANSWER_COLUMNS = ("Leersessie", "Vraag", "Soort", "Antwoord", "Thema")
SPEAKER_COLUMNS = ("Leersessie", "Vraag", "Stemmen", "Beantwoord")  # as phones and console say it
WIDTHS = {"Leersessie": 28, "Vraag": 50, "Soort": 12, "Antwoord": 80, "Optie of waarde": 36, "Aantal": 10,
          "Percentage": 12}
_SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_MAX = 31  # Excel's limit
_FORMULA_START = ("=", "+", "-", "@")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0F6B72")


def render_xlsx(opbrengsten: list[Opbrengst]) -> bytes:
    """The workbook as bytes: the tallies first, then one sheet per question of every session."""
    workbook = Workbook()
    tallies = workbook.active
    assert tallies is not None  # a new workbook has one sheet
    tallies.title = TALLY_SHEET
    _header(tallies, TALLY_COLUMNS)
    names = {TALLY_SHEET.casefold()}
    for item in opbrengsten:
        for number, question in enumerate(item.questions, 1):
            for row in _tally_rows(question):
                _append(tallies, [item.full_title, question.prompt, kind_label(question), *row])
            sheet = workbook.create_sheet(_sheet_name(item, number, question, names, len(opbrengsten) > 1))
            _header(sheet, ANSWER_COLUMNS)
            kind = kind_label(question)
            for text, theme in rows_with_themes(question):
                _append(sheet, [item.full_title, question.prompt, kind, text, theme])
    asked = [(item, q) for item in opbrengsten for q in item.speaker_questions]
    if asked:  # optional: only when someone asked the speaker something
        sheet = workbook.create_sheet("Vragen aan de spreker")
        _header(sheet, SPEAKER_COLUMNS)
        for item, speaker_question in asked:
            _append(sheet, [item.full_title, speaker_question.text, speaker_question.votes,
                            "ja" if speaker_question.answered else "nee"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _tally_rows(question: QuestionResult) -> list[list]:
    """[option or value, count, percentage] rows of a choice, scale or words question."""
    summary = question.summary or {}
    if question.kind == "open":
        return []
    if summary.get("withheld"):
        return [[withheld_label(summary), None, None]]
    count = summary.get("count") or 0
    if question.kind == "choice":
        return [[o["label"], o["count"], o["percent"] / 100] for o in summary.get("options", [])]
    if question.kind == "scale":
        labels = {summary.get("min"): summary.get("min_label"), summary.get("max"): summary.get("max_label")}
        rows = [[f"{p['value']}" + (f" ({labels[p['value']]})" if labels.get(p["value"]) else ""), p["count"],
                 p["count"] / count if count else 0] for p in summary.get("distribution", [])]
        if summary.get("median") is not None:
            rows.append(["Mediaan", summary["median"], None])
        return rows
    rows = [[w["word"], w["count"], None] for w in summary.get("words", [])]
    if summary.get("more_words"):
        rows.append([f"+{summary['more_words']} andere woorden", None, None])
    return rows


def _header(sheet, columns) -> None:
    sheet.append(list(columns))
    for index, name in enumerate(columns, 1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = WIDTHS.get(name, 20)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _append(sheet, values: list) -> None:
    """One row; text stays text (never a formula), long text wraps, percentages show as %."""
    sheet.append([_clean(value) if isinstance(value, str) else value for value in values])
    row = sheet.max_row
    for index, value in enumerate(values, 1):
        cell = sheet.cell(row=row, column=index)
        if isinstance(value, str):
            cell.data_type = "s"  # openpyxl would take a leading '=' for a formula
            if value.startswith(_FORMULA_START):
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        elif isinstance(value, float) and sheet.cell(row=1, column=index).value == "Percentage":
            cell.number_format = "0%"
    sheet.auto_filter.ref = sheet.dimensions


def _clean(text: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _sheet_name(item: Opbrengst, number: int, question: QuestionResult, taken: set, bundle: bool) -> str:
    """'3 Welke patronen herken je' — at most 31 characters, cut between words, no [ ] : * ? / \\, unique."""
    prefix = f"{item.number or item.code}.{number}" if bundle else f"{number}"
    base = " ".join(f"{prefix} {_SHEET_NAME_FORBIDDEN.sub(' ', question.prompt)}".split())
    name, suffix = word_cut(base, SHEET_NAME_MAX, len(prefix)), 2
    while name.casefold() in taken:
        tail = f" ({suffix})"
        name, suffix = word_cut(base, SHEET_NAME_MAX - len(tail), len(prefix)) + tail, suffix + 1
    taken.add(name.casefold())
    return name


def word_cut(text: str, limit: int, keep: int = 0) -> str:
    """`text` cut to at most `limit` characters at the last word boundary (not before `keep`), without
    trailing punctuation; a single word longer than the limit is cut where it must."""
    if len(text) <= limit:
        return text.strip("' ")
    cut = text[:limit]
    if text[limit] != " ":
        space = cut.rfind(" ")
        if space > keep:
            cut = cut[:space]
    return cut.rstrip(" ,;.-–'").lstrip("'") or text[:limit]
