"""The Excel export: a sheet per question, one with the tallies, text cells that stay text; the CSV's BOM."""
from __future__ import annotations

import io

from openpyxl import load_workbook

from facilitator.export import render
from tests import export_fixtures as fx

RISKY = ("=SOM(A1:A9)", "+31 6 12345678", "-vertragen helpt", "@iedereen", "=HYPERLINK(\"http://x\";\"klik\")")


def workbook(items):
    return load_workbook(io.BytesIO(render(items, "xlsx")))


def test_one_sheet_per_question_after_the_tallies_with_header_and_widths():
    book = workbook([fx.veiligheid()])
    item = fx.veiligheid()
    assert book.sheetnames[0] == "Tellingen" and len(book.sheetnames) == 1 + len(item.questions)
    assert all(len(name) <= 31 for name in book.sheetnames)
    first = book[book.sheetnames[1]]
    assert [c.value for c in first[1]] == ["Leersessie", "Vraag", "Soort", "Antwoord", "Thema"]
    assert first[1][0].font.bold and first.freeze_panes == "A2"
    assert first.column_dimensions["D"].width >= 60
    answers = [row[3] for row in first.iter_rows(min_row=2, values_only=True)]
    assert fx.KNOWN_ANSWER in answers and fx.DUTCH_TEXT in answers and fx.HIDDEN_ANSWER not in answers


def test_tallies_of_choice_scale_and_words_and_nothing_below_k():
    rows = list(workbook([fx.veiligheid()])["Tellingen"].iter_rows(min_row=2, values_only=True))
    choice = {r[3]: (r[4], r[5]) for r in rows if r[1] == "Met wie werk je het meest samen?"}
    assert choice["Lokaal team"] == (3, 0.6) and choice["Anders"] == (1, 0.2)
    scale = {r[3]: r[4] for r in rows if r[1].startswith("Hoe goed lukt eenheid")}
    assert scale["3"] == 3 and scale["1 (Helemaal niet)"] == 0 and scale["Mediaan"] == 3
    words = {r[3]: r[4] for r in rows if r[1] == "Welk woord past bij veiligheid?"}
    assert words["rust"] == 3
    withheld = [r for r in rows if r[1] == "Wie voert de analyse uit?"]
    assert len(withheld) == 1 and withheld[0][3].startswith("Te weinig antwoorden") and withheld[0][4] is None


def test_text_that_looks_like_a_formula_stays_text():
    book = workbook([fx.veiligheid(RISKY)])
    sheet = book[book.sheetnames[1]]
    cells = {row[3].value: row[3] for row in sheet.iter_rows(min_row=2)}
    for text in RISKY:
        assert cells[text].data_type == "s", text  # read back as the literal text, not a formula
        assert cells[text].quotePrefix, text
    raw = render([fx.veiligheid(RISKY)], "xlsx")
    import zipfile
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        xml = "".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere


def test_a_bundle_names_sheets_per_session_and_keeps_them_unique():
    items = fx.bundle(3)
    book = workbook(items)
    assert len(book.sheetnames) == len(set(n.casefold() for n in book.sheetnames))
    assert len(book.sheetnames) == 1 + sum(len(item.questions) for item in items)


def test_csv_starts_with_a_utf8_bom():
    data = render([fx.veiligheid()], "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").startswith("leersessie;titel;")  # Dutch Excel splits on ;


def test_the_opbrengst_page_offers_the_excel_download(facilitator, running):
    page = facilitator.get(f"/console/live/{running.code}/opbrengst").get_data(as_text=True)
    assert f'href="/console/live/{running.code}/export.xlsx"' in page
    response = facilitator.get(f"/console/live/{running.code}/export.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response.headers["Content-Disposition"]
    assert 'filename="' in disposition and ".xlsx" in disposition
    assert load_workbook(io.BytesIO(response.data)).sheetnames[0] == "Tellingen"
    csv_data = facilitator.get(f"/console/live/{running.code}/export.csv").data
    assert csv_data.startswith(b"\xef\xbb\xbf")
    bundle = facilitator.get(f"/console/export?format=xlsx&codes={running.code}")
    assert bundle.status_code == 200 and bundle.data.startswith(b"PK")


def test_the_pdf_word_cloud_shows_dutch_spellings_and_the_words_left_out(tmp_path):
    import subprocess
    from dataclasses import replace

    from sessions.content import Question

    words_q = Question("words", "Welk woord past bij samenwerken?", max_words=3)
    values = [{"words": ["coördinatie", "België", "ideeën"]}, {"words": ["Coördinatie", "één"]},
              {"words": ["coördinatie", "café"]}] + [{"words": [f"woord{n}"]} for n in range(60)]
    item = replace(fx.veiligheid(), questions=(fx.question_result("woorden", words_q, values),))
    pdf = tmp_path / "woorden.pdf"
    pdf.write_bytes(render([item], "pdf"))
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], check=True,
                          capture_output=True).stdout.decode()
    for word in ("coördinatie (3)", "België", "ideeën", "één", "café"):
        assert word in " ".join(text.split()), word
    assert "coordinatie" not in text and "belgie" not in text
    assert "+5 andere woorden" in " ".join(text.split())


def test_a_withheld_question_sheet_says_why_it_has_no_answers():
    book = workbook([fx.veiligheid()])
    sheet = next(book[name] for name in book.sheetnames if book[name]["B2"].value == "Wie voert de analyse uit?")
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][3] == (
        "Te weinig antwoorden om te tonen (2 van de 3 die nodig zijn, zodat niemand herkenbaar is)")


def test_questions_to_the_speaker_count_stemmen_not_herkend():
    """Participants vote for questions ("Wil ik ook weten", "3 stemmen"); "herkend" is for answers."""
    from dataclasses import replace

    from sessions.opbrengst import SpeakerQuestion

    item = replace(fx.veiligheid(), speaker_questions=(SpeakerQuestion("Hoe pak je dat aan?", 3, False),))
    sheet = load_workbook(io.BytesIO(render([item], "xlsx")))["Vragen aan de spreker"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Leersessie", "Vraag", "Stemmen", "Beantwoord"], [item.full_title, "Hoe pak je dat aan?", 3, "nee"]]
