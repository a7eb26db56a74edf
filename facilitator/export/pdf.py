"""The opbrengst PDF document: A4 pages, cover, running header, page numbers, outline, metadata.

One opbrengst gives a single-session PDF; several give a bundle with a cover naming the series
and partners and an "Inhoud" page. Layout runs in one pass: page totals and table-of-contents
numbers are form XObjects that are filled in just before the file is written.
"""
from __future__ import annotations

import io
from collections.abc import Callable
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph

from sessions.opbrengst import Opbrengst

from .flowables import SectionHeading, plain
from .fonts import BOLD, MUTED, PETROL, REGULAR, TRACK, make_styles, register_fonts, text_width
from .pages import CoverPage, SessionBand, TocEntry
from .story import session_sections

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 22 * mm, 25 * mm, 22 * mm
FORM_BOX = (-300, -20, 20, 40)  # right-aligned texts drawn at the form's origin


def render_pdf(opbrengsten: list[Opbrengst]) -> bytes:
    """The PDF of one opbrengst, or of a bundle with cover and table of contents for several."""
    if not opbrengsten:
        raise ValueError("render_pdf needs at least one opbrengst")
    register_fonts()
    buffer = io.BytesIO()
    doc = OpbrengstDocument(buffer, list(opbrengsten))
    story = doc.bundle_story(make_styles()) if doc.is_bundle else doc.single_story(make_styles())
    doc.build(story, canvasmaker=partial(LateFormCanvas, late_forms=doc.late_forms))
    return buffer.getvalue()


class LateFormCanvas(Canvas):
    """A canvas that draws, just before saving, the forms whose content was unknown earlier."""

    def __init__(self, *args, late_forms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.late_forms = late_forms

    def save(self):
        """Define every late form, then write the file."""
        for name, draw in self.late_forms:
            self.beginForm(name, *FORM_BOX)
            draw(self)
            self.endForm()
        super().save()


def _right_text(text: str | Callable[[], str], font: str, size: float, colour):
    def draw(canv):
        canv.setFillColor(colour)
        canv.setFont(font, size)
        canv.drawRightString(0, 0, text() if callable(text) else text)
    return draw


def _fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis when it is wider than `width`."""
    text = plain(text).replace("\n", " ")
    if text_width(text, font, size) <= width:
        return text
    while text and text_width(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


class OpbrengstDocument(BaseDocTemplate):
    """The page templates, the running header and footer, and the story of the whole PDF."""

    def __init__(self, buffer, opbrengsten: list[Opbrengst]):
        self.opbrengsten = opbrengsten
        self.is_bundle = len(opbrengsten) > 1
        first = opbrengsten[0]
        title = (first.series or "Leersessies") if self.is_bundle else first.full_title
        subject = (f"Opbrengsten en inzichten van {len(opbrengsten)} leersessies" if self.is_bundle
                   else f"Opbrengst en inzichten van {first.full_title} ({first.date})")
        super().__init__(buffer, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X,
                         topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM, title=plain(title),
                         author="Leersessie", creator="Leersessie", subject=plain(subject), lang="nl-NL",
                         initialFontName=REGULAR, initialFontSize=10)
        self.sessions = {f"s{index}": item for index, item in enumerate(opbrengsten, 1)}
        self.current = None if self.is_bundle else first
        self.start_pages: dict[str, int] = {}
        self.late_forms: list = []
        body = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(0, 0, PAGE_WIDTH, PAGE_HEIGHT, id="cover",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover]),
                               PageTemplate("body", [body], onPageEnd=self.decorate)])

    def mark(self, key, page: int) -> None:
        """Called where a session opener lands: the running header follows that session."""
        if key in self.sessions:
            self.current = self.sessions[key]
            self.start_pages[key] = page

    def decorate(self, canv, doc) -> None:
        """Running header (series / session) and footer (date / 'pagina n van N')."""
        page, top, right = canv.getPageNumber(), PAGE_HEIGHT - 13 * mm, PAGE_WIDTH - MARGIN_X
        series = self.current.series if self.current else self.opbrengsten[0].series
        room = right - MARGIN_X
        title = _fit(self.current.full_title, BOLD, 7.5, room / 2) if self.current else ""
        canv.saveState()
        canv.setFont(REGULAR, 7.5)
        canv.setFillColor(MUTED)
        canv.drawString(MARGIN_X, top, _fit(series, REGULAR, 7.5, room - text_width(title, BOLD, 7.5) - 24))
        if self.current:
            canv.setFont(BOLD, 7.5)
            canv.setFillColor(PETROL)
            canv.drawRightString(right, top, title)
            canv.setFont(REGULAR, 7.5)
            canv.setFillColor(MUTED)
            canv.drawString(MARGIN_X, 11 * mm, _fit(self.current.date, REGULAR, 7.5, room / 2))
        canv.setStrokeColor(TRACK)
        canv.setLineWidth(0.6)
        canv.line(MARGIN_X, top - 5, right, top - 5)
        canv.translate(right, 11 * mm)
        canv.doForm(f"page-{page}")
        canv.restoreState()
        self.late_forms.append((f"page-{page}", _right_text(lambda: f"pagina {page} van {self.page}",
                                                             REGULAR, 7.5, MUTED)))
        canv.showOutline()

    def single_story(self, styles: dict) -> list:
        """Cover, then the sections of the one session."""
        item = self.opbrengsten[0]
        cover = CoverPage(item.series, "Opbrengst en inzichten", item.full_title, item.subtitle, item.date,
                          item.partners, outline=("s1", item.full_title, 0), on_draw=self.mark)
        return [cover, NextPageTemplate("body"), PageBreak()] + session_sections(item, "s1", styles)

    def bundle_story(self, styles: dict) -> list:
        """Bundle cover, 'Inhoud', then every session opening on a new page."""
        first, last = self.opbrengsten[0], self.opbrengsten[-1]
        dates = first.date if first.date == last.date else f"{first.date} – {last.date}"
        partners = list(dict.fromkeys(p for item in self.opbrengsten for p in item.partners))
        story: list = [CoverPage("Opbrengsten en inzichten", f"{len(self.opbrengsten)} leersessies",
                                 first.series, "", dates, partners),
                       NextPageTemplate("body"), PageBreak(),
                       SectionHeading("Inhoud", styles["h1"], ("inhoud", "Inhoud", 0)),
                       Paragraph("De opbrengsten van elke leersessie zijn in dit document verzameld.",
                                 styles["body"])]
        for key, item in self.sessions.items():
            detail = " · ".join(part for part in (item.subtitle, item.date) if part)
            story.append(TocEntry(item.full_title, detail, key, f"toc-{key}"))
            self.late_forms.append((f"toc-{key}", _right_text(partial(self._start_page, key), BOLD, 12.5, PETROL)))
        for key, item in self.sessions.items():
            kicker = f"Leersessie {item.number}" if item.number else "Leersessie"
            detail = " · ".join(part for part in (item.subtitle, item.date) if part)
            story += [PageBreak(), SessionBand(kicker, item.title, detail, outline=(key, item.full_title, 0),
                                               on_draw=self.mark)]
            story += session_sections(item, key, styles)
        return story

    def _start_page(self, key: str) -> str:
        return str(self.start_pages.get(key, ""))
