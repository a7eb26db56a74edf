"""The Word opbrengst, read back with python-docx: structure, quotes, pictures, tables, links, language."""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from docx.oxml.ns import qn

from facilitator.export import render_docx
from sessions.content import Link, ResourceGroup
from sessions.demo import create_demo
from sessions.opbrengst import build_opbrengst
from tests import export_fixtures as fx
from tests.docx_reading import (
    body_text,
    default_language,
    field_instructions,
    has_header_row,
    links,
    numbered,
    open_docx,
    pictures,
    texts_in,
)

WITHHELD = "Te weinig antwoorden om te tonen (2 van de 3 die nodig zijn, zodat niemand herkenbaar is)"

SECTIONS = ["Opbrengst", "Inzichten", "Dilemma's", "Uit de praktijk", "Uitspraken van deelnemers",
            "Helpende vragen", "Hulpbronnen"]


@pytest.fixture(scope="module")
def single():
    item = fx.veiligheid(fx.MARKUP_ANSWERS)
    questions = list(item.questions)
    questions[1] = replace(questions[1], added_during_session=True)
    unsafe = ResourceGroup("Onveilig", (Link("Klik mij", "javascript:alert(1)"),))
    return open_docx(render_docx([replace(item, questions=tuple(questions), resources=item.resources + (unsafe,))]))


def test_one_session_has_heading_1_sections_as_heading_2_and_questions_as_heading_3(single):
    assert texts_in(single, "Heading 1") == ["Leersessie 3: Veiligheid"]
    assert texts_in(single, "Heading 2") == SECTIONS
    questions = texts_in(single, "Heading 3")
    assert questions[:6] == ["1. In hoeverre zijn wij met ouders in gesprek over hun beeld van veiligheid?",
                             "2. Met wie werk je het meest samen?",
                             "3. Hoe goed lukt eenheid van taal in de samenwerking?",
                             "4. Wie voert de analyse uit?", "5. Welk woord past bij veiligheid?",
                             "6. Wat heb je nodig van je organisatie?"]
    assert questions[6:] == ["Nederlands Jeugdinstituut", "Augeo", "Overig", "Onveilig"]  # publishers
    text = body_text(single)
    for part in (fx.SERIES, "29 november 2026", *fx.PARTNERS, "Onveiligheid is altijd relatief.", "10 antwoorden",
                 "Wat is hun werkelijkheid?\nEn wat is hun taal daarvoor?", "Vraag toegevoegd tijdens de sessie",
                 WITHHELD, "Geen antwoorden", "Mediaan: 3", "Wijkagent",
                 fx.KNOWN_ANSWER, fx.DUTCH_TEXT, *fx.MARKUP_ANSWERS):
        assert part in text, part
    assert fx.HIDDEN_ANSWER not in text
    order = [text.index(part) for part in (fx.SERIES, "Leersessie 3: Veiligheid", "29 november 2026",
                                           fx.PARTNERS[0], "Onveiligheid is altijd relatief.")]
    assert order == sorted(order)  # series and title, date, partners; then the opbrengst text


def test_added_during_the_session_stands_under_its_own_question_only(single):
    paragraphs = [p.text for p in single.paragraphs]
    at = paragraphs.index("Vraag toegevoegd tijdens de sessie")
    assert paragraphs[at - 1] == "2. Met wie werk je het meest samen?"
    assert paragraphs.count("Vraag toegevoegd tijdens de sessie") == 1


def test_insights_are_a_numbered_list_and_quotes_use_the_quote_style_with_their_source(single):
    items = [p for p in single.paragraphs if p.text.startswith(("Blijf in gesprek", "Onveiligheid is vaak"))]
    assert len(items) == 2 and all(numbered(p) for p in items)
    assert items[0].runs[0].bold
    quotes = texts_in(single, "Quote")
    assert f"“{fx.STARRED_QUOTE}”" in quotes and len(quotes) == 2
    sources = texts_in(single, "Leersessie citaatbron")
    assert sources == ["— Deelnemer proeftuin", "— Deelnemer"]


def test_every_picture_has_alt_text_with_the_numbers(single):
    alts = [p["descr"] for p in pictures(single)]
    assert len(alts) == 3  # choice, scale, words; nothing for withheld or empty results
    choice, scale, words = alts
    assert choice.startswith("Staafdiagram van 5 antwoorden") and "Lokaal team 3 (60%)" in choice
    assert "Regionaal veiligheidsteam 2 (40%)" in choice and "Anders 1 (20%)" in choice
    assert scale.startswith("Verdeling van 7 antwoorden op een schaal van 1 (Helemaal niet) tot 5 (Heel goed)")
    assert "3: 3" in scale and "mediaan 3" in scale
    assert words.startswith("Woordwolk") and "rust (3)" in words
    assert all(p["name"].startswith("Grafiek ") for p in pictures(single))


def test_choice_and_scale_numbers_are_tables_with_a_repeating_header_row(single):
    assert len(single.tables) == 2
    assert all(has_header_row(table) for table in single.tables)
    choice, scale = ([[cell.text for cell in row.cells] for row in table.rows] for table in single.tables)
    assert choice[0] == ["Antwoord", "Aantal", "Percentage"] and ["Lokaal team", "3", "60%"] in choice
    assert scale[0] == ["Waarde", "Aantal"] and ["1 (Helemaal niet)", "0"] in scale and ["3", "3"] in scale
    caption = single.tables[0]._tbl.tblPr.find(qn("w:tblCaption"))
    assert caption is not None and "Met wie werk je" in caption.get(qn("w:val"))


def test_words_and_open_answers_are_lists(single):
    listed = [p.text for p in single.paragraphs if numbered(p)]
    assert "rust (3)" in listed and fx.KNOWN_ANSWER in listed and "<script>alert(1)</script>" in listed


def test_hulpbronnen_are_live_links_and_unsafe_addresses_stay_text(single):
    found = dict(links(single))
    assert found["Aan de slag met reflectie"] == \
        "https://www.nji.nl/professionalisering/aan-de-slag-met-reflectie?bron=pdf&x=1"
    assert found["Augeo Magazine: On-veiligheid"] == "https://www.augeomagazine.nl/on-veiligheid"
    assert len(found) == 4 and not any("javascript" in target for target in found.values())
    assert "Klik mij (javascript:alert(1))" in body_text(single)


def test_language_is_dutch_and_the_title_is_set(single):
    assert default_language(single) == "nl-NL"
    assert single.core_properties.language == "nl-NL"
    assert single.core_properties.title == "Leersessie 3: Veiligheid"
    assert single.styles["Heading 1"].font.color.rgb is not None  # the default look: petrol headings
    assert str(single.styles["Heading 1"].font.color.rgb) == "0F4C5C"
    assert single.styles["Normal"].font.name == "Verdana"


@pytest.fixture(scope="module")
def demo_bundle(tmp_path_factory):
    """The six demo sessions, through the real rules and the store, as one bundle."""
    from run import create_app

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path_factory.mktemp("data")), "PASSWORD": "x" * 12,
                      "ASYNC_MODE": "threading"})
    services = app.extensions["leersessie"]
    sessions = sorted(services.library().values(), key=lambda s: (s.number or 999, s.id))
    lives = create_demo(services.store, sessions, 40)
    items = [build_opbrengst(services.store, live) for live in lives]
    return items, open_docx(render_docx(items))


def test_the_bundle_of_the_six_demo_sessions(demo_bundle):
    items, document = demo_bundle
    assert len(items) == 6
    titles = texts_in(document, "Heading 1")
    assert titles == [item.full_title for item in items]
    starts = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert all(p.paragraph_format.page_break_before for p in starts)  # every session on a new page
    assert texts_in(document, "Title") == [items[0].series]
    assert document.core_properties.title == items[0].series and default_language(document) == "nl-NL"
    assert any(re.match(r'TOC \\o "1-1"', instruction) for instruction in field_instructions(document))
    assert document.settings.element.find(qn("w:updateFields")) is not None
    toc = texts_in(document, "TOC 1")
    assert [line.strip() for line in toc] == titles
    assert texts_in(document, "Heading 2").count("Helpende vragen") == 6
    questions = sum(len(item.questions) for item in items)
    assert len([t for t in texts_in(document, "Heading 3") if re.match(r"\d+\. ", t)]) == questions
    alts = [p["descr"] for p in pictures(document)]
    assert alts and all(re.search(r"\d", alt) for alt in alts)
    assert document.tables and all(has_header_row(table) for table in document.tables)
    assert texts_in(document, "Quote")
    assert len(links(document)) == sum(len(g.links) for item in items for g in item.resources)
    assert all(target.startswith(("http://", "https://", "mailto:")) for _, target in links(document))


def test_open_answers_are_grouped_under_the_facilitators_themes():
    from sessions.opbrengst import ThemeResult

    item = fx.veiligheid()
    themed = replace(item.questions[0], themes=(ThemeResult("Taal van ouders", (fx.KNOWN_ANSWER,)),
                                                ThemeResult("Zonder thema", (fx.DUTCH_TEXT, fx.STARRED_QUOTE))))
    document = open_docx(render_docx([replace(item, questions=(themed,) + item.questions[1:])]))
    paragraphs = [p.text for p in document.paragraphs]
    at = paragraphs.index("Thema: Taal van ouders")
    assert paragraphs[at + 1] == fx.KNOWN_ANSWER and paragraphs[at + 2] == "Thema: Zonder thema"
    assert paragraphs[at + 3:at + 5] == [fx.DUTCH_TEXT, fx.STARRED_QUOTE]
    assert numbered(document.paragraphs[at + 1]) and document.paragraphs[at].runs[0].bold


def test_word_downloads_of_one_session_and_of_a_bundle(facilitator, running):
    one = facilitator.get(f"/console/live/{running.code}/export.docx")
    assert one.status_code == 200
    assert one.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert one.headers["Content-Disposition"].endswith('.docx"')
    assert texts_in(open_docx(one.data), "Heading 1") == [running.content.title if not running.content.number
                                                          else f"Leersessie {running.content.number}: "
                                                               f"{running.content.title}"]
    bundle = facilitator.get(f"/console/export?format=docx&codes={running.code}&codes={running.code}")
    assert bundle.status_code == 200 and bundle.headers["Content-Disposition"].endswith('opbrengst-bundel.docx"')
    assert len(texts_in(open_docx(bundle.data), "Heading 1")) == 2
    page = facilitator.get(f"/console/live/{running.code}/opbrengst").get_data(as_text=True)
    assert 'id="download-docx"' in page and f"/console/live/{running.code}/export.docx" in page
    library = facilitator.get("/console").get_data(as_text=True)
    assert 'id="btn-bundle-docx" name="format" value="docx"' in library


def test_questions_to_the_speaker_have_their_own_section_before_the_hulpbronnen():
    from sessions.opbrengst import SpeakerQuestion

    asked = SpeakerQuestion("Hoe pak je dat aan met pleegouders?", 4, True)
    item = replace(fx.veiligheid(), speaker_questions=(asked,))
    document = open_docx(render_docx([item]))
    sections = texts_in(document, "Heading 2")
    assert sections.index("Vragen aan de spreker") == sections.index("Hulpbronnen") - 1
    assert "Hoe pak je dat aan met pleegouders? (4 stemmen, beantwoord)" in body_text(document)


def test_added_elements_stand_where_the_schema_wants_them():
    """Word refuses a file whose elements are out of the schema's order; these are the ones we add by hand."""
    document = open_docx(render_docx(fx.bundle(3)))
    settings = [child.tag for child in document.settings.element]
    later = [i for i, tag in enumerate(settings) if tag in (qn("w:compat"), qn("w:rsids"), qn("w:themeFontLang"))]
    assert later and settings.index(qn("w:updateFields")) < min(later)
    quote = [child.tag for child in document.styles["Quote"].element.pPr]
    assert quote.index(qn("w:pBdr")) < quote.index(qn("w:spacing"))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert [child.tag for child in defaults][-1] == qn("w:lang")
    item = next(p for p in document.paragraphs if p.text.startswith("Inzicht 1"))
    assert [child.tag for child in item._p.pPr][:2] == [qn("w:pStyle"), qn("w:numPr")]


def test_characters_xml_cannot_carry_are_dropped_not_fatal():
    item = replace(fx.veiligheid(("Tab\tand form\x0cfeed\x01 en \ufffe einde",)),
                   statement="Een\x0b regel\x00 met\x1f stuurtekens.\r\nTweede regel.")
    document = open_docx(render_docx([item]))
    text = body_text(document)
    assert "Een regel met stuurtekens.\nTweede regel." in text and "Tab and formfeed en  einde" in text


def test_an_opbrengst_with_nothing_in_it_is_still_a_document():
    from sessions.opbrengst import Opbrengst

    empty = Opbrengst(code="LEEG01", series="", number=None, title="Lege sessie", subtitle="", date="1 januari 2027",
                      partners=(), statement="", insight_groups=(), practice_quotes=(), quotes=(), questions=())
    document = open_docx(render_docx([empty]))
    assert texts_in(document, "Heading 1") == ["Lege sessie"] and texts_in(document, "Heading 2") == []
    assert document.core_properties.title == "Lege sessie"
    bundle = open_docx(render_docx([empty, empty]))
    assert texts_in(bundle, "Heading 1") == ["Lege sessie", "Lege sessie"]
    assert texts_in(bundle, "Title") == ["Opbrengsten en inzichten"] and texts_in(document, "Subtitle") == []
