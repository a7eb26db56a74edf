"""The organisation's Word template: used by style name with its header logo; uploads checked in Dutch."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Inches, RGBColor
from PIL import Image

from facilitator.export import render_docx
from facilitator.export.docx_look import DOCUMENT_TYPE, TEMPLATE_TYPE, as_document
from facilitator.export.word_template import MAX_BYTES, TemplateProblem, check_template
from tests import export_fixtures as fx
from tests.docx_reading import default_language, open_docx, texts_in

HOUSE_RED = RGBColor(0xC0, 0x00, 0x00)
SAMPLE = "Voorbeeldtekst van het sjabloon die niet in de opbrengst hoort."


def logo_png(size=(120, 40), noise: bool = False) -> bytes:
    """A small logo; with noise, a PNG that does not compress (for a large upload)."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)) if noise else Image.new("RGB", size, "red")
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def make_template(dotx: bool = False, logo: bytes | None = None) -> bytes:
    """A house style: Heading 1 in another colour and font, a logo in the header, sample body text."""
    document = Document()
    heading = document.styles["Heading 1"]
    heading.font.color.rgb = HOUSE_RED
    heading.font.name = "Georgia"
    document.styles["Normal"].font.name = "Calibri"
    header = document.sections[0].header.paragraphs[0]
    header.add_run().add_picture(io.BytesIO(logo or logo_png()), width=Inches(1))
    header.add_run("Jeugdzorg Voorbeeldstad")
    document.add_paragraph(SAMPLE)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    return as_template(data) if dotx else data


def as_template(data: bytes) -> bytes:
    """The same package labelled as a .dotx."""
    return _relabel(data, DOCUMENT_TYPE, TEMPLATE_TYPE)


def _relabel(data: bytes, old: str, new: str, extra: dict | None = None) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                body = body.replace(old.encode(), new.encode())
            target.writestr(item.filename, body)
        for name, body in (extra or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def header_has_picture(document) -> bool:
    header = document.sections[0].header
    return bool(header._element.xpath(".//pic:pic")) and any(
        "image" in rel.reltype for rel in header.part.rels.values())


@pytest.mark.parametrize("dotx", [False, True], ids=["docx", "dotx"])
def test_the_export_uses_the_template_styles_by_name_and_keeps_its_header_logo(dotx):
    template = make_template(dotx)
    document = open_docx(render_docx([fx.veiligheid()], template))
    assert document.styles["Heading 1"].font.color.rgb == HOUSE_RED  # the template's colour, not our petrol
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert document.styles["Normal"].font.name == "Calibri"
    assert texts_in(document, "Heading 1") == ["Leersessie 3: Veiligheid"]
    assert "Helpende vragen" in texts_in(document, "Heading 2")
    assert header_has_picture(document)
    assert "Jeugdzorg Voorbeeldstad" in document.sections[0].header.paragraphs[0].text
    assert SAMPLE not in "\n".join(p.text for p in document.paragraphs)
    assert default_language(document) == "nl-NL" and document.core_properties.title == "Leersessie 3: Veiligheid"
    # Styles the template lacks are added, so quotes and notes still have their own style.
    assert texts_in(document, "Quote") and texts_in(document, "Leersessie citaatbron")


def test_a_bundle_with_a_template_still_has_its_table_of_contents():
    document = open_docx(render_docx(fx.bundle(20), make_template()))
    assert len(texts_in(document, "Heading 1")) == 6 and texts_in(document, "TOC 1")
    assert document.styles["Heading 1"].font.color.rgb == HOUSE_RED


def test_without_a_template_the_header_names_the_series_and_the_session():
    document = open_docx(render_docx([fx.veiligheid()]))
    header = document.sections[0].header.paragraphs[0].text
    assert fx.SERIES in header and "Leersessie 3: Veiligheid" in header
    assert str(document.styles["Heading 1"].font.color.rgb) == "0F4C5C"


@pytest.mark.parametrize("data, name, message", [
    (b"", "huisstijl.docx", "leeg"),
    (b"dit is geen zip", "huisstijl.docx", "geen Word-bestand"),
    (None, "huisstijl.docm", "macro"),
    (None, "huisstijl.dotm", "macro"),
    (None, "huisstijl.pdf", "Kies een Word-document"),
    ("macro-type", "huisstijl.docx", "macro"),
    ("vba", "huisstijl.dotx", "macro"),
    ("no-styles", "huisstijl.docx", "opmaakprofielen"),
    ("xlsx", "huisstijl.docx", "geen Word-bestand"),
    ("too-big", "huisstijl.docx", "groter dan 5 MB"),
])
def test_unusable_templates_are_refused_in_dutch(data, name, message):
    good = make_template()
    if data is None:
        data = good
    elif data == "macro-type":
        data = _relabel(good, DOCUMENT_TYPE, "application/vnd.ms-word.document.macroEnabled.main+xml")
    elif data == "vba":
        data = _relabel(good, DOCUMENT_TYPE, TEMPLATE_TYPE, {"word/vbaProject.bin": b"\x00" * 64})
    elif data == "no-styles":
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                if item.filename != "word/styles.xml":
                    target.writestr(item.filename, source.read(item.filename))
        data = out.getvalue()
    elif data == "xlsx":
        from openpyxl import Workbook
        out = io.BytesIO()
        Workbook().save(out)
        data = out.getvalue()
    elif data == "too-big":
        data = good + b"\x00" * MAX_BYTES
    with pytest.raises(TemplateProblem) as problem:
        check_template(data, name)
    assert message in problem.value.message


def test_a_good_template_passes_the_check():
    check_template(make_template(), "huisstijl.docx")
    check_template(make_template(dotx=True), "Huisstijl.DOTX")


def upload(client, data: bytes, name: str):
    return client.post("/console/settings/word-template", content_type="multipart/form-data",
                       data={"csrf_token": client.csrf, "template": (io.BytesIO(data), name)})


def test_the_settings_page_keeps_an_uploaded_template_for_every_word_download(app, facilitator, running):
    page = facilitator.get("/console/settings").get_data(as_text=True)
    assert "Huisstijl voor Word" in page and "geen sjabloon" in page
    # A real logo makes templates larger than the app's usual 256 KiB body limit.
    big = make_template(dotx=True, logo=logo_png((300, 300), noise=True))
    assert len(big) > 256 * 1024
    response = upload(facilitator, big, "huisstijl.dotx")
    assert response.status_code == 302, response.get_data(as_text=True)
    data_dir = Path(app.config["DATA_DIR"])
    assert (data_dir / "word-sjabloon.docx").read_bytes() == big
    page = facilitator.get("/console/settings?klaar=opgeslagen").get_data(as_text=True)
    assert "huisstijl.dotx" in page and "Het sjabloon is opgeslagen" in page
    download = facilitator.get(f"/console/live/{running.code}/export.docx")
    assert download.status_code == 200
    document = open_docx(download.data)
    assert document.styles["Heading 1"].font.color.rgb == HOUSE_RED and header_has_picture(document)

    refused = upload(facilitator, make_template(), "huisstijl.docm")
    assert refused.status_code == 400
    text = refused.get_data(as_text=True)
    assert "Het sjabloon is niet opgeslagen." in text and "macro" in text
    assert (data_dir / "word-sjabloon.docx").read_bytes() == big  # the earlier template stays

    assert facilitator.post("/console/settings/word-template/delete",
                            data={"csrf_token": facilitator.csrf}).status_code == 302
    assert not (data_dir / "word-sjabloon.docx").exists()
    document = open_docx(facilitator.get(f"/console/live/{running.code}/export.docx").data)
    assert str(document.styles["Heading 1"].font.color.rgb) == "0F4C5C"


def test_uploads_need_a_login_and_the_csrf_token(app, facilitator):
    anonymous = app.test_client()
    response = anonymous.post("/console/settings/word-template", content_type="multipart/form-data",
                              data={"template": (io.BytesIO(make_template()), "h.docx")})
    assert response.status_code in (302, 400, 401, 403)
    no_token = facilitator.post("/console/settings/word-template", content_type="multipart/form-data",
                                data={"template": (io.BytesIO(make_template()), "h.docx")})
    assert no_token.status_code == 400
    assert not (Path(app.config["DATA_DIR"]) / "word-sjabloon.docx").exists()
    too_large = upload(facilitator, b"x" * (MAX_BYTES + 200_000), "h.docx")
    assert too_large.status_code == 413


def test_with_accounts_only_an_admin_changes_the_template(tmp_path):
    from werkzeug.security import generate_password_hash

    from run import create_app
    from tests.test_accounts import log_in

    app = create_app({"TESTING": True, "DATA_DIR": str(tmp_path / "data"), "PASSWORD": "x" * 12,
                      "ASYNC_MODE": "threading"})
    store = app.extensions["leersessie"].store
    store.add_account("anna", generate_password_hash("anna-wachtwoord"), is_admin=False)
    store.add_account("beheer", generate_password_hash("beheer-wachtwoord"), is_admin=True)
    anna, admin = log_in(app, "anna", "anna-wachtwoord"), log_in(app, "beheer", "beheer-wachtwoord")
    page = anna.get("/console/settings").get_data(as_text=True)
    assert "Alleen een beheerder" in page and 'id="template-form"' not in page
    assert upload(anna, make_template(), "huisstijl.docx").status_code == 403
    assert not (Path(app.config["DATA_DIR"]) / "word-sjabloon.docx").exists()
    assert upload(admin, make_template(), "huisstijl.docx").status_code == 302
    assert "huisstijl.docx" in anna.get("/console/settings").get_data(as_text=True)
    assert anna.post("/console/settings/word-template/delete", data={"csrf_token": anna.csrf}).status_code == 403
    assert (Path(app.config["DATA_DIR"]) / "word-sjabloon.docx").exists()


def test_the_sample_template_has_every_style_and_is_a_valid_template(facilitator):
    from facilitator.export.docx_look import STYLES
    from facilitator.export.word_template import sample

    data = sample()
    check_template(data, "leersessie-huisstijl.dotx")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert TEMPLATE_TYPE.encode() in archive.read("[Content_Types].xml")
    document = open_docx(as_document(data))
    names = {style.name for style in document.styles}
    assert {name for name, *_ in STYLES} <= names
    response = facilitator.get("/console/settings/word-template/voorbeeld.dotx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert response.headers["Content-Disposition"].endswith('.dotx"')
    assert 'href="/console/settings/word-template/voorbeeld.dotx"' in facilitator.get("/console/settings").get_data(
        as_text=True)
    # Used as a template, the sample gives the default look.
    styled = open_docx(render_docx([fx.veiligheid()], data))
    assert str(styled.styles["Heading 1"].font.color.rgb) == "0F4C5C"
