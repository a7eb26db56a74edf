"""Themes in the opbrengst: every export carries each answer's theme, the page offers each theme
as an insight with its answers as quote candidates; hidden answers stay out."""
from __future__ import annotations

import csv
import io
import json

from openpyxl import load_workbook
from pypdf import PdfReader

from facilitator.export import render
from sessions.opbrengst import build_opbrengst
from sessions.themes import board
from tests.conftest import step_index


def themed_run(store, running):
    step = running.content.steps[step_index(running, "open")]
    ids = {}
    for number, text in enumerate(["Tijd nemen voor het gezin", "Rust en geduld", "Collega bellen",
                                   "Intervisie met het team", "Geheim verborgen antwoord"]):
        ids[text] = store.insert_answer(f"antwoord{number:016d}", running.id, step.id, {"text": text}).id
    board.create(store, running.id, step.id, "Tijd en rust", [ids["Tijd nemen voor het gezin"], ids["Rust en geduld"]])
    board.create(store, running.id, step.id, "Steun van collega's", [ids["Collega bellen"],
                                                                     ids["Geheim verborgen antwoord"]])
    store.set_answer_flags(ids["Geheim verborgen antwoord"], hidden=True, starred=False)
    return step, ids


def test_every_export_carries_each_answers_theme(store, running):
    step, _ = themed_run(store, running)
    item = build_opbrengst(store, store.live_by_id(running.id))
    question = next(q for q in item.questions if q.step_id == step.id)
    assert [t.label for t in question.themes] == ["Tijd en rust", "Steun van collega's", "Zonder thema"]
    assert dict(zip(question.answer_rows, question.row_themes, strict=True))["Rust en geduld"] == "Tijd en rust"
    rows = list(csv.DictReader(io.StringIO(render([item], "csv").decode("utf-8-sig")), delimiter=";"))
    by_answer = {row["antwoord"]: row["thema"] for row in rows if row["vraag_id"] == step.id}
    assert by_answer == {"Tijd nemen voor het gezin": "Tijd en rust", "Rust en geduld": "Tijd en rust",
                         "Collega bellen": "Steun van collega's", "Intervisie met het team": ""}
    data = json.loads(render([item], "json"))["opbrengsten"][0]
    found = next(q for q in data["questions"] if q["step_id"] == step.id)
    assert found["themes"][0] == {"label": "Tijd en rust", "answers": ["Tijd nemen voor het gezin", "Rust en geduld"]}
    markdown = render([item], "md").decode("utf-8")
    assert "**Thema: Tijd en rust**" in markdown and "**Thema: Zonder thema**" in markdown
    book = load_workbook(io.BytesIO(render([item], "xlsx")))
    cells = [[c.value for c in row] for sheet in book.worksheets[1:] for row in sheet.iter_rows()]
    assert ["Rust en geduld", "Tijd en rust"] in [row[3:5] for row in cells]
    pdf = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(render([item], "pdf"))).pages)
    assert "Thema: Tijd en rust" in pdf and "Thema: Steun van collega" in pdf
    for fmt in ("csv", "json", "md"):  # the compressed formats are read as text above
        assert b"Geheim verborgen" not in render([item], fmt)
    assert "Geheim verborgen" not in pdf and not any("Geheim verborgen" in str(row) for row in cells)


def test_opbrengst_page_offers_each_theme_as_an_insight(store, running, facilitator):
    themed_run(store, running)
    page = facilitator.get(f"/console/live/{running.code}/opbrengst").get_data(as_text=True)
    assert 'id="section-themes"' in page and 'data-theme-insight="Tijd en rust"' in page
    assert "Intervisie met het team" not in page.split('id="section-themes"')[1].split("</section>")[0]
    assert "Geheim verborgen antwoord" not in page


def test_deleting_a_run_deletes_its_themes(store, running):
    step, _ = themed_run(store, running)
    assert store.themes_for_live(running.id) and store.memberships(running.id)
    store.delete_live(running.id)
    assert store.themes_for_live(running.id) == [] and store.memberships(running.id) == {}
    assert store._one("SELECT COUNT(*) AS n FROM theme_members")["n"] == 0


def test_pdf_themes_are_spaced_and_a_theme_name_never_ends_a_page(store, running):
    from reportlab.platypus import Paragraph, Spacer

    from facilitator.export.fonts import make_styles
    from facilitator.export.story import result_flowables

    step, _ = themed_run(store, running)
    question = next(q for q in build_opbrengst(store, store.live_by_id(running.id)).questions if q.step_id == step.id)
    story = result_flowables(question, question.summary, make_styles())
    headings = [f for f in story if isinstance(f, Paragraph)]
    assert [h.getPlainText() for h in headings] == ["Thema: Tijd en rust", "Thema: Steun van collega's",
                                                     "Thema: Zonder thema"]
    assert all(h.keepWithNext for h in headings)
    assert [type(f).__name__ for f in story[2:4]] == [Spacer.__name__, "Paragraph"]  # room before the next theme
