"""The organisation's Word template (house style): checked on upload, kept in the data dir.

A template is a .docx or .dotx (a zip with WordprocessingML). Macro-enabled files (.docm,
.dotm, or any file carrying a VBA project) are refused; so are files too large, zips that
unpack to far more than they weigh, and anything python-docx cannot open. Messages are Dutch.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import datetime, timezone
from pathlib import Path

MAX_BYTES = 5 * 1024 * 1024
MAX_UNPACKED = 60 * 1024 * 1024
MAX_ENTRIES = 2000
TEMPLATE_FILE, INFO_FILE = "word-sjabloon.docx", "word-sjabloon.json"
EXTENSIONS = (".docx", ".dotx")
MACRO_EXTENSIONS = (".docm", ".dotm")
MACRO_MARKERS = (b"macroEnabled", b"vbaProject")


class TemplateProblem(ValueError):
    """Why a file cannot be the Word template, in Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


MACROS = ("Een sjabloon met macro's (.docm of .dotm) kan niet: sla het in Word op als "
          "Word-sjabloon (.dotx) of Word-document (.docx) en probeer het opnieuw.")


def check_template(data: bytes, filename: str = "sjabloon.docx") -> None:
    """Raise TemplateProblem unless `data` is a macro-free .docx/.dotx python-docx can open."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension in MACRO_EXTENSIONS:
        raise TemplateProblem(MACROS)
    if extension not in EXTENSIONS:
        raise TemplateProblem("Kies een Word-document (.docx) of Word-sjabloon (.dotx).")
    if not data:
        raise TemplateProblem("Het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise TemplateProblem(f"Het sjabloon is groter dan {MAX_BYTES // (1024 * 1024)} MB. "
                              "Maak het logo of de afbeeldingen kleiner.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_archive(archive)
    except TemplateProblem:
        raise
    # An encrypted part or an unknown compression raises RuntimeError / NotImplementedError.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, RuntimeError, NotImplementedError,
            ValueError, OSError):
        raise TemplateProblem("Dit is geen Word-bestand (.docx of .dotx).") from None
    from .docx_look import open_base  # python-docx loads only when a template is checked

    try:
        open_base(data)
    except TemplateProblem:
        raise
    except Exception:  # noqa: BLE001 - any failure to read it means: not a usable template
        raise TemplateProblem("Leersessie kan dit Word-bestand niet lezen. Sla het in Word opnieuw op "
                              "als .docx of .dotx.") from None


def _check_archive(archive: zipfile.ZipFile) -> None:
    from .docx_look import DOCUMENT_TYPE, TEMPLATE_TYPE

    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES or sum(item.file_size for item in entries) > MAX_UNPACKED:
        raise TemplateProblem("Dit bestand is uitgepakt veel te groot voor een sjabloon.")
    names = {item.filename.lower() for item in entries}
    types = archive.read("[Content_Types].xml")
    if any(marker.lower() in types.lower() for marker in MACRO_MARKERS) or any("vbaproject" in n for n in names):
        raise TemplateProblem(MACROS)
    if DOCUMENT_TYPE.encode() not in types and TEMPLATE_TYPE.encode() not in types:
        raise TemplateProblem("Dit is geen Word-bestand (.docx of .dotx).")
    if "word/styles.xml" not in names:
        raise TemplateProblem("Dit Word-bestand heeft geen opmaakprofielen; kies een sjabloon met stijlen.")


def read_file(path: Path) -> bytes:
    """A template from the command line, checked; TemplateProblem when it is not usable."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise TemplateProblem(f"Het sjabloon is groter dan {MAX_BYTES // (1024 * 1024)} MB.")
        data = path.read_bytes()
    except OSError as error:
        raise TemplateProblem(f"Kan {path} niet lezen ({error.strerror or error}).") from None
    check_template(data, path.name)
    return data


def stored(data_dir: Path) -> bytes | None:
    """The uploaded template of this data dir, or None."""
    try:
        return (Path(data_dir) / TEMPLATE_FILE).read_bytes()
    except FileNotFoundError:
        return None


def stored_info(data_dir: Path) -> dict | None:
    """{'name', 'size', 'uploaded_at'} of the uploaded template, or None."""
    if not (Path(data_dir) / TEMPLATE_FILE).exists():
        return None
    try:
        return json.loads((Path(data_dir) / INFO_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {"name": TEMPLATE_FILE, "size": (Path(data_dir) / TEMPLATE_FILE).stat().st_size, "uploaded_at": ""}


def store(data_dir: Path, data: bytes, filename: str) -> None:
    """Check, then keep the template (atomically: a half-written file is never used)."""
    check_template(data, filename)
    folder = Path(data_dir)
    info = {"name": Path(filename).name[:200], "size": len(data),
            "uploaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    for name, body in ((TEMPLATE_FILE, data), (INFO_FILE, json.dumps(info).encode("utf-8"))):
        temporary = folder / (name + ".tmp")
        temporary.write_bytes(body)
        os.replace(temporary, folder / name)


def remove(data_dir: Path) -> None:
    """Forget the uploaded template; the default look applies again."""
    for name in (TEMPLATE_FILE, INFO_FILE):
        (Path(data_dir) / name).unlink(missing_ok=True)


SAMPLE_LINES = (
    ("Title", "Leersessie-huisstijl (voorbeeld)"),
    ("Normal", "Dit sjabloon bevat alle stijlen die de Word-opbrengst gebruikt, in de standaardopmaak. Pas in "
               "Word de stijlen aan (Start → Stijlen → rechtsklik op een stijl → Wijzigen), zet jullie logo in de "
               "koptekst, sla het op als Word-sjabloon (.dotx) en upload het bij Instellingen. De tekst hieronder "
               "laat elke stijl zien; in de opbrengst wordt hij niet gebruikt."),
    ("Subtitle", "Ondertitel: de reeks boven de titel"),
    ("Heading 1", "Kop 1: de titel van een leersessie"),
    ("Leersessie gegevens", "Leersessie gegevens: datum, partners, aantal antwoorden"),
    ("Heading 2", "Kop 2: een onderdeel (Opbrengst, Inzichten, Helpende vragen, Hulpbronnen)"),
    ("Normal", "Standaard: de opbrengsttekst en gewone alinea's."),
    ("List Paragraph", "Lijstalinea: inzichten, antwoorden en links"),
    ("Quote", "“Citaat: een uitspraak uit de praktijk of van een deelnemer.”"),
    ("Leersessie citaatbron", "— Leersessie citaatbron: wie het zei"),
    ("Heading 3", "Kop 3: een helpende vraag, of de uitgever van een hulpbron"),
    ("Leersessie toelichting", "Leersessie toelichting: de uitleg bij een vraag"),
    ("Leersessie melding", "Leersessie melding: ‘Geen antwoorden’ of ‘Te weinig antwoorden om te tonen’"),
    ("TOC Heading", "Kop van inhoudsopgave: ‘Inhoud’ in een bundel"),
    ("TOC 1", "Inhoudsopgave 1: een leersessie in de inhoud"),
)


def sample() -> bytes:
    """A .dotx with every style the Word opbrengst uses, in the default look, to start a house style from."""
    from docx import Document

    from .docx_look import DOCUMENT_TYPE, TEMPLATE_TYPE, prepare_styles

    document = Document()
    styles = prepare_styles(document, restyle=True)
    for style, text in SAMPLE_LINES:
        document.add_paragraph(text, styles[style])
    document.core_properties.title = "Leersessie-huisstijl (voorbeeld)"
    document.core_properties.author = "Leersessie"
    document.core_properties.language = "nl-NL"
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as source:  # labelled as a template: Word opens a copy of it
        relabelled = io.BytesIO()
        with zipfile.ZipFile(relabelled, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                body = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    body = body.replace(DOCUMENT_TYPE.encode(), TEMPLATE_TYPE.encode())
                target.writestr(item, body)
    return relabelled.getvalue()
