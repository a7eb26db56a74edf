"""Fonts, colours and paragraph styles of the opbrengst PDF.

Only the embedded DejaVu Sans family is used: the PDF must render Dutch text (ĳ, ë, “ ”, €)
the same on every machine, so no base-14 font (Helvetica, the reportlab default) may appear.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parents[2] / "static" / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"

# A calm petrol with a warm accent, in the spirit of the printed leersessie bundle.
PETROL = HexColor("#0F4C5C")
PETROL_DARK = HexColor("#0A3440")
ACCENT = HexColor("#E36414")
ACCENT_SOFT = HexColor("#F6C9A8")
TINT = HexColor("#EAF2F3")
INK = HexColor("#1E2A30")
MUTED = HexColor("#5C6B73")
TRACK = HexColor("#E1E7E9")
WHITE = HexColor("#FFFFFF")


def register_fonts() -> None:
    """Register the DejaVu Sans family once; safe to call repeatedly."""
    if REGULAR in pdfmetrics.getRegisteredFontNames():
        return
    for name, filename in ((REGULAR, "DejaVuSans.ttf"), (BOLD, "DejaVuSans-Bold.ttf"),
                           (ITALIC, "DejaVuSans-Oblique.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / filename)))
    # There is no bold oblique file: bold italic markup falls back to bold.
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


def text_width(text: str, font: str, size: float) -> float:
    """The width of a text in points."""
    return pdfmetrics.stringWidth(text, font, size)


def _style(name: str, **kwargs) -> ParagraphStyle:
    # Every style names its fonts explicitly, bullets included, so Helvetica never sneaks in.
    base: dict[str, Any] = dict(fontName=REGULAR, bulletFontName=REGULAR, fontSize=10, leading=14.5, textColor=INK,
                                alignment=TA_LEFT, splitLongWords=1)
    base.update(kwargs)
    return ParagraphStyle(name, **base)


def make_styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of the document, by name."""
    register_fonts()
    return {
        "body": _style("body", spaceAfter=7),
        "lead": _style("lead", fontSize=11.5, leading=17, spaceAfter=9),
        "h1": _style("h1", fontName=BOLD, fontSize=19, leading=23, textColor=PETROL, spaceBefore=4,
                     spaceAfter=4, keepWithNext=1),
        "h2": _style("h2", fontName=BOLD, fontSize=13.5, leading=17, textColor=PETROL, spaceBefore=10,
                     spaceAfter=5, keepWithNext=1),
        "insight_heading": _style("insight_heading", fontName=BOLD, fontSize=11, leading=15,
                                  leftIndent=28, bulletIndent=0, bulletFontName=BOLD, bulletFontSize=15,
                                  bulletColor=ACCENT, spaceBefore=6, spaceAfter=2, keepWithNext=1),
        "insight_body": _style("insight_body", leftIndent=28, spaceAfter=6),
        "quote": _style("quote", fontName=ITALIC, fontSize=14, leading=20, textColor=PETROL_DARK),
        "quote_source": _style("quote_source", fontSize=8.5, leading=12, textColor=MUTED, spaceBefore=3),
        "question": _style("question", fontName=BOLD, fontSize=11.5, leading=15.5, textColor=PETROL_DARK,
                           spaceBefore=12, spaceAfter=2, keepWithNext=1),
        "help": _style("help", fontName=ITALIC, fontSize=9, leading=13, textColor=MUTED, spaceAfter=2,
                       keepWithNext=1),
        "meta": _style("meta", fontSize=8, leading=11, textColor=MUTED, spaceAfter=5),
        "notice": _style("notice", fontName=ITALIC, fontSize=9.5, leading=13, textColor=MUTED,
                         backColor=TINT, borderPadding=(5, 7, 5, 7), spaceBefore=4, spaceAfter=8),
        "small": _style("small", fontSize=8.5, leading=12, textColor=MUTED, spaceAfter=4),
        "publisher": _style("publisher", fontName=BOLD, fontSize=10.5, leading=14, textColor=PETROL,
                            spaceBefore=8, spaceAfter=3, keepWithNext=1),
        "link": _style("link", fontSize=10, leading=13.5, leftIndent=14, bulletIndent=2,
                       bulletColor=ACCENT, spaceBefore=2),
        "url": _style("url", fontSize=7.5, leading=10, textColor=MUTED, leftIndent=14, spaceAfter=3),
        "toc_title": _style("toc_title", fontName=BOLD, fontSize=12, leading=16, textColor=PETROL_DARK),
        "toc_sub": _style("toc_sub", fontSize=9, leading=12, textColor=MUTED),
    }
