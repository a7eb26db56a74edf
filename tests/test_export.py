"""Exports of the opbrengst: the PDF read back with pdftotext, pdffonts and pypdf; CSV, JSON, Markdown."""
from __future__ import annotations

import ast
import csv
import io
import json
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator.export import render_csv, render_json, render_markdown, render_pdf
from facilitator.export.flowables import AnswerList, wrap_lines
from facilitator.export.fonts import REGULAR, register_fonts, text_width
from sessions.content import Link, ResourceGroup
from sessions.opbrengst import InsightEntry, InsightGroup, QuoteEntry
from tests import export_fixtures as fx

WITHHELD = "Te weinig antwoorden om te tonen (2 van de 3 die nodig zijn, zodat niemand herkenbaar is)"

SECTIONS = ["Opbrengst", "Inzichten", "Dilemma's", "Uit de praktijk", "Uitspraken van deelnemers",
            "Helpende vragen", "Hulpbronnen"]


def write(tmp_path: Path, data: bytes, name: str = "out.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def pages_text(path: Path) -> list[str]:
    """The text of every page, whitespace collapsed, so wrapped lines read as one text."""
    raw = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True).stdout
    return [" ".join(page.split()) for page in raw.decode("utf-8").split("\f")][:len(PdfReader(path).pages)]


def all_text(path: Path) -> str:
    return " ".join(pages_text(path))


def outline_titles(entries) -> list:
    """The outline as nested lists of titles."""
    return [outline_titles(e) if isinstance(e, list) else e.title for e in entries]


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    return write(tmp_path_factory.mktemp("pdf"), render_pdf([fx.veiligheid(fx.MARKUP_ANSWERS)]))


@pytest.fixture(scope="module")
def bundle_pdf(tmp_path_factory):
    return write(tmp_path_factory.mktemp("pdf"), render_pdf(fx.bundle(40)), "bundle.pdf")


def test_single_pdf_has_cover_sections_and_results(single):
    pages = pages_text(single)
    cover = pages[0]
    for text in ("Leersessie 3: Veiligheid", fx.SERIES.split()[0], "29 november 2026", "Een samenwerking met",
                 *fx.PARTNERS):
        assert text in cover
    text = " ".join(pages)
    for text_part in ("Onveiligheid is altijd relatief.", "Blijf in gesprek over onveiligheid",
                      "Onveiligheid is vaak structureel en complex", "Dat verschilt per proeftuin.",
                      fx.KNOWN_ANSWER, f"“{fx.STARRED_QUOTE}”", "— Deelnemer proeftuin",
                      "Wat is hun werkelijkheid? En wat is hun taal daarvoor?", "10 antwoorden",
                      "Lokaal team", "3 (60%)", "1 (20%)", "Wijkagent", "mediaan 3", "Helemaal niet", "Heel goed",
                      WITHHELD, "Geen antwoorden",
                      "Meest genoemd: rust (3)", *SECTIONS):
        assert text_part in text, text_part
    assert fx.HIDDEN_ANSWER not in text


def test_participant_markup_prints_literally(single, tmp_path):
    text = all_text(single)
    for answer in fx.MARKUP_ANSWERS:
        assert answer in text
    assert "http://x" not in link_uris(single)
    # Starred answers become pull quotes, which are Paragraphs: the escaping matters most there.
    quotes = tuple(QuoteEntry(answer, "Deelnemer", f"q{i}") for i, answer in enumerate(fx.MARKUP_ANSWERS))
    path = write(tmp_path, render_pdf([replace(fx.veiligheid(), quotes=quotes)]))
    text = all_text(path)
    for answer in fx.MARKUP_ANSWERS:
        assert f"“{answer}”" in text
    assert "http://x" not in link_uris(path)


def test_markup_in_session_texts_prints_literally(tmp_path):
    nasty = "<b>vet</b> & <font size=80>groot</font> <"
    base = fx.veiligheid()
    item = replace(base, title=f"Titel {nasty}", subtitle=nasty, statement=nasty, partners=(nasty,),
                   insight_groups=(InsightGroup(nasty, (InsightEntry(1, nasty, nasty),)),),
                   practice_quotes=(QuoteEntry(nasty, nasty),), quotes=(QuoteEntry(nasty, nasty),),
                   questions=tuple(replace(q, prompt=nasty, help=nasty) for q in base.questions),
                   resources=(ResourceGroup(nasty, (Link(nasty, "https://example.org/?a=1&b=<2>"),)),))
    for data in (render_pdf([item]), render_pdf([item, base])):
        text = all_text(write(tmp_path, data))
        assert text.count(nasty) >= 10
        assert "Titel <b>vet</b>" in text


def test_dutch_characters_round_trip(single):
    text = all_text(single)
    assert fx.DUTCH_TEXT in text
    for char in "ĳëé“”‘’•–€":
        assert char in text


@pytest.mark.parametrize("name", ["single", "bundle_pdf"])
def test_only_embedded_dejavu_fonts(name, request):
    path = request.getfixturevalue(name)
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert len(rows) == 3
    for row in rows:
        assert "DejaVuSans" in row[0]
        assert row[-5] == "yes", row  # the 'emb' column
    assert "Helvetica" not in out and "Times" not in out and "Courier" not in out


def test_metadata_language_and_page_size(single):
    reader = PdfReader(single)
    meta = reader.metadata
    assert meta.title == "Leersessie 3: Veiligheid"
    assert meta.author == "Leersessie" and meta.creator == "Leersessie"
    assert "Veiligheid" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL"
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_outline_has_an_entry_per_section_pointing_at_it(single):
    reader = PdfReader(single)
    assert outline_titles(reader.outline) == ["Leersessie 3: Veiligheid", SECTIONS]
    pages = pages_text(single)
    for entry in reader.outline[1]:
        page = reader.get_destination_page_number(entry)
        assert entry.title in pages[page]
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def link_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/A" in annot and "/URI" in annot["/A"]:
                uris.append(annot["/A"]["/URI"])
    return uris


def test_resources_are_clickable_uri_links(single):
    uris = link_uris(single)
    for group in fx.resources():
        for link in group.links:
            assert link.url in uris
    text = all_text(single)
    assert "Nederlands Jeugdinstituut › Veiligheid in gezinnen" in text
    assert "Overig › Inspiratiebundel Toekomstscenario" in text


def test_running_header_and_page_numbers(single):
    pages = pages_text(single)
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages[1:], 2):
        assert f"pagina {number} van {total}" in text
        assert "Leersessie 3: Veiligheid" in text
    assert "pagina 1 van" not in pages[0]


def test_bundle_has_cover_table_of_contents_and_outline(bundle_pdf):
    reader = PdfReader(bundle_pdf)
    pages = pages_text(bundle_pdf)
    items = fx.bundle(40)
    assert fx.SERIES in pages[0] and "6 leersessies" in pages[0] and fx.PARTNERS[1] in pages[0]
    toc = pages[1]
    assert toc.startswith("Inhoud") and fx.SERIES in toc
    titles = outline_titles(reader.outline)
    assert titles[0] == "Inhoud"
    for index, item in enumerate(items):
        match = re.search(re.escape(item.full_title) + r" (\d+)", toc)
        assert match, item.full_title
        start = int(match.group(1))
        assert f"Leersessie {item.number} {item.title}" in pages[start - 1]
        assert titles[1 + 2 * index] == item.full_title
        assert titles[2 + 2 * index][0] == "Opbrengst" and titles[2 + 2 * index][-1] == "Hulpbronnen"
        assert reader.get_destination_page_number(reader.outline[1 + 2 * index]) == start - 1
    assert reader.metadata.title == fx.SERIES
    last = pages[-1]
    assert "Leersessie 6: Jeugdbeschermingsmaatregelen" in last and f"pagina {len(pages)} van {len(pages)}" in last


def test_long_and_many_answers_paginate(tmp_path):
    long_answer = ("Dit is een lang antwoord over vertragen en verdragen. " * 10)[:500]
    no_spaces = "x" * 480 + "EINDE"
    answers = tuple(f"{i:03d} {long_answer}" for i in range(230)) + (no_spaces,)
    path = write(tmp_path, render_pdf([fx.veiligheid(answers)]))
    pages = pages_text(path)
    assert len(pages) > 25
    text = " ".join(pages)
    assert "229 Dit is een lang antwoord" in text and "000 Dit is een lang antwoord" in text
    assert no_spaces in re.sub(r"\s", "", text)


def test_wrap_lines_fits_width_and_cuts_long_words():
    register_fonts()
    lines = wrap_lines("kort " * 40 + "z" * 300 + "\n\ntweede alinea", REGULAR, 9, 200)
    assert all(text_width(line, REGULAR, 9) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "").count("z") == 300
    assert "" in lines and lines[-1] == "tweede alinea"


def test_answer_list_splits_between_and_inside_answers():
    register_fonts()
    answers = AnswerList(["kort antwoord"] * 5 + ["lang " * 400])
    width, height = answers.wrap(400, 10_000)
    head, tail = answers.split(400, height / 2)
    assert head.wrap(400, 10_000)[1] <= height / 2
    assert head.texts[:5] == ["kort antwoord"] * 5 and not tail.first_bullet
    assert AnswerList(["a"]).split(400, 3) == []


def test_bundle_of_six_times_500_answers_renders():
    # Speed is measured by bench/export.py; the test checks that the big bundle renders whole.
    data = render_pdf([fx.session(number, 500) for number in range(1, 7)])
    assert len(PdfReader(io.BytesIO(data)).pages) > 50


def test_empty_list_is_an_error():
    with pytest.raises(ValueError):
        render_pdf([])


def test_csv_has_one_row_per_visible_answer():
    item = fx.veiligheid(("=SOM(A1:A9)",))
    rows = list(csv.DictReader(io.StringIO(render_csv([item])), delimiter=";"))
    expected = sum(len(q.answer_rows) for q in item.questions)
    assert expected == 4 + 5 + 7 + 3 and len(rows) == expected + 1  # + the row that says why "analyse" has none
    assert list(rows[0]) == ["leersessie", "titel", "vraag_id", "vraag", "soort", "antwoord", "thema"]
    assert rows[0]["leersessie"] == "VEIL42" and rows[0]["titel"] == "Leersessie 3: Veiligheid"
    answers = [row["antwoord"] for row in rows]
    assert fx.KNOWN_ANSWER in answers and fx.DUTCH_TEXT in answers and "Huisarts, Anders: Wijkagent" in answers
    assert "'=SOM(A1:A9)" in answers
    assert {row["vraag_id"] for row in rows} == {"gesprek-ouders", "samenwerking", "eenheid-taal", "woord", "analyse"}
    withheld = [row["antwoord"] for row in rows if row["vraag_id"] == "analyse"]
    assert withheld == [WITHHELD]
    assert fx.HIDDEN_ANSWER not in render_csv([item])
    assert not any(":" in key for key in rows[0])  # no time stamp column


def test_json_is_structured_utf8():
    text = render_json([fx.veiligheid()])
    assert "Wĳ zĳn" in text and "\n  " in text
    data = json.loads(text)["opbrengsten"][0]
    assert data["full_title"] == "Leersessie 3: Veiligheid"
    assert data["insight_groups"][1]["title"] == "Dilemma's"
    withheld = next(q for q in data["questions"] if q["step_id"] == "analyse")
    assert withheld["summary"]["withheld"] is True and withheld["answer_rows"] == []
    assert data["resources"][0]["links"][0]["url"].startswith("https://www.nji.nl/")


def test_markdown_is_readable_and_literal():
    text = render_markdown([fx.veiligheid(fx.MARKUP_ANSWERS)])
    assert text.startswith("# Leersessie 3: Veiligheid\n")
    for part in ("## Opbrengst", "## Dilemma's", f"> {fx.STARRED_QUOTE}", "- Lokaal team: 3 (60%)",
                 "Mediaan: 3", "- rust (3)", f"*{WITHHELD}*",
                 "- &lt;script&gt;alert(1)&lt;/script&gt;", "### Overig",
                 "](<https://www.augeomagazine.nl/on-veiligheid>)"):
        assert part in text, part
    assert "\n---\n" in render_markdown(fx.bundle(3)[:2])


def test_markdown_renders_every_participant_and_facilitator_text_literally():
    """Issue 8.4: rendered by a common renderer (raw HTML allowed), no markup from any text runs."""
    from dataclasses import replace

    from markdown_it import MarkdownIt

    attacks = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
               "<javascript:alert(1)>", "# kop", "1. lijst", "**vet**", "a | b", "&lt;b&gt;")
    item = fx.veiligheid(attacks)
    item = replace(item, statement="Stelling <img src=x onerror=alert(2)>\n\n[klik](javascript:alert(3))",
                   subtitle="<b>ondertitel</b>", partners=("<i>partner</i>",))
    rendered = MarkdownIt("commonmark", {"html": True}).render(render_markdown([item]))
    for forbidden in ("<script", "<img", "<b>", "<i>", "javascript:alert(1)\"", 'href="javascript'):
        assert forbidden not in rendered, forbidden
    for literal in ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;",
                    "[x](javascript:alert(1))", "# kop", "1. lijst", "**vet**", "&amp;lt;b&amp;gt;",
                    "&lt;b&gt;ondertitel&lt;/b&gt;", "[klik](javascript:alert(3))"):
        assert literal in rendered, literal
    assert '<a href="https://www.augeomagazine.nl/on-veiligheid">' in rendered  # real links stay links


def test_export_package_never_imports_flask_or_the_store():
    package = Path(__file__).resolve().parents[1] / "facilitator" / "export"
    for path in package.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("flask", "sqlite3", "sessions.store.database")), (path.name, name)


SESSION_YAML = """\
id: veiligheid
number: 3
title: Veiligheid
series: Leersessies Proeftuinen Toekomstscenario Kind- en Gezinsbescherming
partners: [Nederlands Jeugdinstituut, Verwey-Jonker Instituut]
steps:
  - type: statement
    text: Onveiligheid is altijd relatief.
  - type: insight
    number: 1
    heading: Blijf in gesprek over onveiligheid
    body: Het moet een gewoon onderwerp zijn.
  - type: question
    id: gesprek
    kind: open
    prompt: Hoe praat jij met ouders over veiligheid?
  - type: question
    id: partners
    kind: choice
    prompt: Met wie werk je samen?
    options: [Lokaal team, Huisarts]
    multiple: true
    other: true
  - type: resources
    groups:
      - publisher: Augeo
        links:
          - label: Augeo Magazine
            url: https://www.augeomagazine.nl/on-veiligheid
"""


def test_pdf_and_csv_from_the_real_store(tmp_path):
    from sessions.files.loader import load_session
    from sessions.opbrengst import build_opbrengst
    from sessions.store.database import Store

    session_file = tmp_path / "3-veiligheid.yaml"
    session_file.write_text(SESSION_YAML, encoding="utf-8")
    store = Store(tmp_path / "leersessie.db")
    live = store.create_live("VEIL42", load_session(session_file), "token-1", "2026-11-29T10:00:00")
    store.insert_answer("a1", live.id, "gesprek", {"text": fx.KNOWN_ANSWER})
    store.insert_answer("a2", live.id, "gesprek", {"text": fx.HIDDEN_ANSWER})
    store.insert_answer("a3", live.id, "gesprek", {"text": fx.STARRED_QUOTE})
    store.insert_answer("a4", live.id, "gesprek", {"text": "Ingetrokken antwoord"})
    for number, value in enumerate(({"options": [0, 1]}, {"options": [0]}, {"options": [1], "other": "Wijkagent"})):
        store.insert_answer(f"c{number}", live.id, "partners", value)
    store.set_answer_flags("a2", hidden=True, starred=False)
    store.set_answer_flags("a3", hidden=False, starred=True)
    store.set_answer_value("a4", None)
    item = build_opbrengst(store, live)
    store.close()

    text = all_text(write(tmp_path, render_pdf([item])))
    assert fx.KNOWN_ANSWER in text and f"“{fx.STARRED_QUOTE}”" in text
    assert fx.HIDDEN_ANSWER not in text and "Ingetrokken" not in text
    assert "29 november 2026" in text and "Lokaal team" in text and "2 (67%)" in text
    rows = list(csv.DictReader(io.StringIO(render_csv([item])), delimiter=";"))
    assert [row["antwoord"] for row in rows] == [
        fx.KNOWN_ANSWER, fx.STARRED_QUOTE, "Lokaal team, Huisarts", "Lokaal team", "Huisarts, Anders: Wijkagent"]
