"""CSV and Excel for Dutch offices: a `;`-separated CSV with BOM; sheet names cut between words."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

from openpyxl import load_workbook

from facilitator.export import render
from facilitator.export.xlsx import word_cut
from tests import export_fixtures as fx

TRICKY = "Ja; maar, soms \"niet\"\nen een tweede regel"


def test_the_csv_reads_back_with_semicolons_as_dutch_excel_does():
    data = render([fx.veiligheid((TRICKY,))], "csv")
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 for Excel: ë, “ ” and € stay readable
    text = data.decode("utf-8-sig")
    assert not text.startswith("sep=")  # Excel ignores the BOM after a sep= line
    header = text.split("\r\n", 1)[0]
    assert header.startswith("leersessie;titel;vraag_id;vraag;soort;antwoord")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert len(rows[0]) >= 6 and all(len(row) == len(rows[0]) for row in rows)
    answers = [row[5] for row in rows[1:]]
    assert TRICKY in answers and fx.DUTCH_TEXT in answers and "Huisarts, Anders: Wijkagent" in answers
    # A comma reader sees one column per line: the old file's problem, now Excel NL's default works.
    assert len(next(csv.reader(io.StringIO(text)))) == 1


def test_word_cut_stops_between_words_and_never_returns_a_stump():
    assert word_cut("3 Welke belemmerende patronen herken jij?", 31) == "3 Welke belemmerende patronen"
    assert word_cut("1 Kort", 31) == "1 Kort"
    assert word_cut("2 Onderwijszorgarrangementenoverleggen", 31, 1) == "2 Onderwijszorgarrangementenove"
    assert word_cut("4 Wat vind je, van samenwerken met de buurt", 31, 1) == "4 Wat vind je, van samenwerken"
    assert word_cut("5 Wat vind je van samenwerken, met de buurt", 31, 1) == "5 Wat vind je van samenwerken"


def test_sheet_names_are_cut_at_a_word_boundary_and_stay_unique():
    item = fx.veiligheid()
    long = "Welke belemmerende patronen herken jij in de samenwerking met het lokale team?"
    questions = tuple(replace(q, prompt=long) for q in item.questions[:3]) + item.questions[3:]
    names = load_workbook(io.BytesIO(render([replace(item, questions=questions)], "xlsx"))).sheetnames
    assert names[1:4] == ["1 Welke belemmerende patronen", "2 Welke belemmerende patronen",
                          "3 Welke belemmerende patronen"]
    bundle = [replace(session, questions=tuple(replace(q, prompt=long) for q in session.questions))
              for session in fx.bundle(3)[:2]]
    names = load_workbook(io.BytesIO(render(bundle, "xlsx"))).sheetnames
    assert len(names) == len({n.casefold() for n in names}) and all(len(n) <= 31 for n in names)
    prompt_words = set(long.replace("?", "").split())
    for name in names[1:]:
        words = name.split(" (")[0].split()[1:]  # without the number and a uniqueness suffix
        assert all(word in prompt_words for word in words), name
