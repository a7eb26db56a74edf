"""Styles of the Word opbrengst: the template's styles by name, or a default that matches the PDF.

With a template, every style the export uses is taken from it by name (Heading 1, Quote, …);
only styles the template lacks are added, in the default look. Without a template the default
look (fonts, sizes and colours of the PDF) is applied to python-docx's own template. Either
way the document language is Dutch (nl-NL).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

LANGUAGE = "nl-NL"
# Verdana is on every Windows and Mac with Office and is drawn like the PDF's DejaVu Sans
# (both are humanist sans with a large x-height); Linux maps Verdana to DejaVu Sans.
FONT = "Verdana"
PETROL, PETROL_DARK, ACCENT = RGBColor(0x0F, 0x4C, 0x5C), RGBColor(0x0A, 0x34, 0x40), RGBColor(0xE3, 0x64, 0x14)
INK, MUTED = RGBColor(0x1E, 0x2A, 0x30), RGBColor(0x5C, 0x6B, 0x73)
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
# What may follow w:pBdr in a w:pPr and w:lang in a w:rPr (the schema's order; Word checks it).
AFTER_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


@dataclass(frozen=True)
class Look:
    """How a style looks when the export has to make it: size, bold, italic, colour, spacing."""

    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    colour: RGBColor | None = None
    before: float | None = None
    after: float | None = None
    keep_next: bool = False
    indent: float | None = None


# (name, type, look, base style); the names are Word's built-in English names or ours.
STYLES = (
    ("Normal", WD_STYLE_TYPE.PARAGRAPH, Look(10, colour=INK, after=6), None),
    ("Title", WD_STYLE_TYPE.PARAGRAPH, Look(24, True, colour=PETROL, after=6), "Normal"),
    ("Subtitle", WD_STYLE_TYPE.PARAGRAPH, Look(12, False, False, PETROL_DARK, after=10), "Normal"),
    ("Heading 1", WD_STYLE_TYPE.PARAGRAPH, Look(19, True, False, PETROL, 6, 6, True), "Normal"),
    ("Heading 2", WD_STYLE_TYPE.PARAGRAPH, Look(13.5, True, False, PETROL, 14, 5, True), "Normal"),
    ("Heading 3", WD_STYLE_TYPE.PARAGRAPH, Look(11.5, True, False, PETROL_DARK, 12, 3, True), "Normal"),
    ("Quote", WD_STYLE_TYPE.PARAGRAPH, Look(13, False, True, PETROL_DARK, 8, 2, indent=14), "Normal"),
    ("List Paragraph", WD_STYLE_TYPE.PARAGRAPH, Look(after=3, indent=20), "Normal"),
    ("TOC Heading", WD_STYLE_TYPE.PARAGRAPH, Look(19, True, False, PETROL, 6, 6, True), "Normal"),
    ("TOC 1", WD_STYLE_TYPE.PARAGRAPH, Look(11, True, colour=PETROL_DARK, before=6, after=2), "Normal"),
    ("TOC 2", WD_STYLE_TYPE.PARAGRAPH, Look(9.5, after=1, indent=14), "Normal"),
    ("Hyperlink", WD_STYLE_TYPE.CHARACTER, Look(colour=PETROL), None),
    ("Leersessie citaatbron", WD_STYLE_TYPE.PARAGRAPH, Look(8.5, colour=MUTED, after=10, indent=14), "Normal"),
    ("Leersessie toelichting", WD_STYLE_TYPE.PARAGRAPH, Look(9, italic=True, colour=MUTED, after=2,
                                                              keep_next=True), "Normal"),
    ("Leersessie gegevens", WD_STYLE_TYPE.PARAGRAPH, Look(8, colour=MUTED, after=4, keep_next=True), "Normal"),
    ("Leersessie melding", WD_STYLE_TYPE.PARAGRAPH, Look(9.5, italic=True, colour=MUTED, before=4, after=8), "Normal"),
)


def open_base(template: bytes | None):
    """A python-docx Document: the template with its body emptied (header, footer, styles kept), or the default."""
    if template is None:
        return Document()
    document = Document(io.BytesIO(as_document(template)))
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def as_document(data: bytes) -> bytes:
    """A .dotx re-labelled as a .docx (python-docx opens documents only); a .docx unchanged."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml")
        if TEMPLATE_TYPE.encode() not in types:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                body = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    body = body.replace(TEMPLATE_TYPE.encode(), DOCUMENT_TYPE.encode())
                target.writestr(item, body)
    return out.getvalue()


def prepare_styles(document, restyle: bool) -> dict:
    """The styles the export uses, by name; made when missing, restyled to the default look when asked."""
    styles, found = document.styles, {}
    for name, kind, look, base in STYLES:
        try:
            style = styles[name]
            made = False
        except KeyError:
            style, made = styles.add_style(name, kind, builtin=not name.startswith("Leersessie")), True
            if base:
                style.base_style = styles[base]
        if made or restyle:
            _apply(style, look, kind)
        found[name] = style
    _quote_rule(found["Quote"], restyle)
    set_language(document)
    return found


def _apply(style, look: Look, kind) -> None:
    font = style.font
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:  # theme fonts would win over the named font
        rpr.remove(fonts)
    font.name = FONT
    for attr, value in (("size", Pt(look.size) if look.size else None), ("bold", look.bold),
                        ("italic", look.italic)):
        if value is not None:
            setattr(font, attr, value)
    if look.colour is not None:
        font.color.rgb = look.colour
    if kind == WD_STYLE_TYPE.CHARACTER:
        font.underline = True
        return
    layout = style.paragraph_format
    if look.before is not None:
        layout.space_before = Pt(look.before)
    if look.after is not None:
        layout.space_after = Pt(look.after)
    if look.keep_next:
        layout.keep_with_next = True
    if look.indent is not None:
        layout.left_indent = Pt(look.indent)


def _quote_rule(style, restyle: bool) -> None:
    """The PDF's accent rule left of a quote, when the export sets the look."""
    if not restyle:
        return
    ppr = style.element.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("val", "single"), ("sz", "24"), ("space", "10"), ("color", str(ACCENT))):
        left.set(qn(f"w:{key}"), value)
    borders.append(left)
    for old in ppr.findall(qn("w:pBdr")):
        ppr.remove(old)
    ppr.insert_element_before(borders, *AFTER_BORDER)


def set_language(document) -> None:
    """Dutch as the language of the document defaults, of every style that names one, and of the settings."""
    root = document.styles.element
    defaults = root.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        root.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    if rpr.find(qn("w:lang")) is None:
        rpr.insert_element_before(OxmlElement("w:lang"), *AFTER_LANG)
    for lang in root.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)
