"""One helping question in the Word opbrengst: prompt, counts, chart picture with alt text, table, lists."""
from __future__ import annotations

import io

from docx.shared import Emu, Pt, RGBColor

from sessions.opbrengst import QuestionResult

from .charts import BarChart, ScaleChart, WordCloud, dutch_number
from .docx_look import PETROL
from .docx_xml import clean, repeat_header_row, set_alt_text, shade
from .outline import (
    ADDED_DURING_SESSION,
    NO_ANSWERS,
    NO_WORDS,
    OTHER_HEADING,
    answer_count,
    answers_label,
    more_words_label,
    ranked_words,
    result_state,
    theme_groups,
    withheld_label,
)
from .raster import chart_png

EMU_PER_POINT = 12700


def choice_alt(summary: dict) -> str:
    """'Staafdiagram van 5 antwoorden: Lokaal team 3 (60%), Huisarts 1 (20%).'"""
    parts = [f"{o['label']} {o['count']} ({o['percent']}%)" for o in summary.get("options", [])]
    return f"Staafdiagram van {answers_label(summary.get('count', 0))}: " + "; ".join(parts) + "."


def scale_alt(summary: dict) -> str:
    """'Verdeling van 7 antwoorden op een schaal van 1 (Helemaal niet) tot 5 (Heel goed): 1: 0, …; mediaan 3.'"""
    def end(value, label):
        return f"{value} ({label})" if label else f"{value}"
    parts = [f"{p['value']}: {p['count']}" for p in summary.get("distribution", [])]
    low, high = end(summary.get("min"), summary.get("min_label")), end(summary.get("max"), summary.get("max_label"))
    text = (f"Verdeling van {answers_label(summary.get('count', 0))} op een schaal van {low} tot {high}: "
            + ", ".join(parts))
    if summary.get("median") is not None:
        text += f"; mediaan {dutch_number(summary['median'])}"
    return text + "."


def words_alt(summary: dict) -> str:
    """'Woordwolk: rust (3), vertrouwen (1), … en +2 andere woorden.'"""
    words = ", ".join(f"{w['word']} ({w['count']})" for w in ranked_words(summary))
    more = summary.get("more_words", 0)
    return f"Woordwolk, hoe vaker genoemd hoe groter: {words}" + (f" en {more_words_label(more)}" if more else "") + "."


class QuestionWriter:
    """Writes questions into the document of a `WordBuilder`."""

    def __init__(self, builder):
        self.builder, self.pictures = builder, 0

    def write(self, question: QuestionResult, number: int) -> None:
        """Heading 3 with the prompt, help, 'added during the session', the count, then the results."""
        para = self.builder.para
        para(f"{number}. {question.prompt}", "Heading 3")
        if question.help:
            para(question.help, "Leersessie toelichting")
        if question.added_during_session:
            para(ADDED_DURING_SESSION, "Leersessie gegevens")
        para(answers_label(answer_count(question)), "Leersessie gegevens")
        state = result_state(question)
        if state != "shown":
            para(NO_ANSWERS if state == "none" else withheld_label(question.summary or {}), "Leersessie melding")
            return
        getattr(self, f"_{question.kind}", self._open)(question, question.summary or {})

    def _choice(self, question, summary: dict) -> None:
        self._picture(BarChart(summary.get("options", [])), choice_alt(summary), question.prompt)
        rows = [(o["label"], str(o["count"]), f"{o['percent']}%") for o in summary.get("options", [])]
        self._table(("Antwoord", "Aantal", "Percentage"), rows, question.prompt)
        if summary.get("other_texts"):
            self.builder.para(OTHER_HEADING, "Leersessie gegevens")
            self._bullets(summary["other_texts"])

    def _scale(self, question, summary: dict) -> None:
        chart = ScaleChart(summary)
        self._picture(chart, scale_alt(summary), question.prompt)
        labels = {summary.get("min"): summary.get("min_label"), summary.get("max"): summary.get("max_label")}
        rows = [(f"{p['value']}" + (f" ({labels[p['value']]})" if labels.get(p["value"]) else ""), str(p["count"]))
                for p in summary.get("distribution", [])]
        self._table(("Waarde", "Aantal"), rows, question.prompt)
        if summary.get("median") is not None:
            self.builder.para(f"Mediaan: {dutch_number(summary['median'])}")

    def _words(self, question, summary: dict) -> None:
        words = summary.get("words", [])
        if not words:
            self.builder.para(NO_WORDS, "Leersessie melding")
            return
        self._picture(WordCloud(words), words_alt(summary), question.prompt)
        self.builder.para("Meest genoemd:", "Leersessie gegevens")
        items = [f"{w['word']} ({w['count']})" for w in ranked_words(summary)]
        more = summary.get("more_words", 0)
        self._bullets(items + ([more_words_label(more)] if more else []))

    def _open(self, question, summary: dict) -> None:
        themes = theme_groups(question)
        if not themes:
            self._bullets(question.answers)
            return
        for label, answers in themes:  # as in the PDF: "Thema: …" in bold, then its answers
            self.builder.para(f"Thema: {label}", "Leersessie gegevens").runs[0].bold = True
            self._bullets(answers)

    def _bullets(self, texts) -> None:
        para, num_id = self.builder.para, self.builder.lists.bullet
        for text in texts:
            para(text, "List Paragraph", num_id)

    def _picture(self, chart, alt: str, prompt: str) -> None:
        """The PDF's chart as a PNG at the text width, with alt text that says the numbers."""
        width_pt = self.builder.text_width / EMU_PER_POINT
        png, width, _ = chart_png(chart, min(width_pt, 470))
        self.pictures += 1
        paragraph = self.builder.para()
        paragraph.paragraph_format.keep_with_next = True
        shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(int(width * EMU_PER_POINT)))
        set_alt_text(shape, alt, f"Grafiek {self.pictures}: {clean(prompt)[:80]}")

    def _table(self, header, rows, prompt: str) -> None:
        builder = self.builder
        table = builder.document.add_table(rows=1, cols=len(header))
        if builder.table_style is not None:
            table.style = builder.table_style
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = text
            run = cell.paragraphs[0].runs[0]
            run.bold = True
            if not builder.has_template:
                run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
                shade(cell, str(PETROL))
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = clean(text)
        repeat_header_row(table, f"Aantallen: {prompt}")
        builder.para().paragraph_format.space_after = Pt(2)

