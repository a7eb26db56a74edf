"""The Word (.docx) opbrengst: one session, or a bundle with a table of contents.

It walks the same `session_outline` as the PDF and draws the same charts (as pictures, see
`raster.py`). Structure is for people who use a screen reader or the navigation pane: Heading 1
per session, Heading 2 per section, Heading 3 per question; every picture has alt text with
the numbers, and the numbers are also a table with a repeating header row.
"""
from __future__ import annotations

import io

from docx.enum.text import WD_TAB_ALIGNMENT
from docx.shared import Emu, Pt
from docx.text.paragraph import Paragraph

from sessions.opbrengst import Opbrengst

from .docx_look import open_base, prepare_styles
from .docx_results import QuestionWriter
from .docx_xml import (
    W_ILVL,
    W_NUMID,
    W_NUMPR,
    W_P,
    W_PPR,
    W_PSTYLE,
    W_VAL,
    Lists,
    SubElement,
    add_hyperlink,
    begin_field,
    clean,
    end_field,
    safe_url,
    simple_field,
    text_run,
    update_fields_on_open,
)
from .flowables import quoted
from .outline import paragraphs, resource_groups, session_outline
from .writers import speaker_line

BUNDLE_TITLE = "Opbrengsten en inzichten"  # a bundle's title when its sessions name no series
TOC_INSTRUCTION = 'TOC \\o "1-1" \\h \\z \\u'  # the sessions, as the PDF's "Inhoud"


def render_docx(opbrengsten: list[Opbrengst], template: bytes | None = None) -> bytes:
    """The .docx of one opbrengst, or of a bundle; in the template's styles when one is given."""
    if not opbrengsten:
        raise ValueError("render_docx needs at least one opbrengst")
    builder = WordBuilder(list(opbrengsten), template)
    builder.build()
    buffer = io.BytesIO()
    builder.document.save(buffer)
    return buffer.getvalue()


class WordBuilder:
    """Fills one python-docx Document from the opbrengsten."""

    def __init__(self, opbrengsten: list[Opbrengst], template: bytes | None):
        self.opbrengsten, self.has_template = opbrengsten, template is not None
        self.document = open_base(template)
        self.styles = prepare_styles(self.document, restyle=template is None)
        self.style_ids = {name: style.style_id for name, style in self.styles.items()}
        self.body_end = self.document.element.body.get_or_add_sectPr()
        self.lists = Lists(self.document)
        section = self.document.sections[-1]
        self.text_width = Emu(section.page_width - section.left_margin - section.right_margin)
        self.table_style = _table_style(self.document)
        self.questions = QuestionWriter(self)

    def para(self, text: str = "", style: str = "Normal", num_id: int | None = None) -> Paragraph:
        """A paragraph of plain text in a style of `self.styles` (an item of list `num_id`), at the end of the body."""
        # Built straight in lxml: python-docx's add_paragraph(style=…) scans every style per call and
        # its run.text adds a character at a time, which made a bundle of 3,000 answers take seconds.
        element = self.body_end.makeelement(W_P, {})
        self.body_end.addprevious(element)
        style_id = self.style_ids[style]
        if style_id != self.style_ids["Normal"] or num_id is not None:
            properties = SubElement(element, W_PPR)
            SubElement(properties, W_PSTYLE, {W_VAL: style_id})
            if num_id is not None:
                numbering = SubElement(properties, W_NUMPR)
                SubElement(numbering, W_ILVL, {W_VAL: "0"})
                SubElement(numbering, W_NUMID, {W_VAL: str(num_id)})
        if text:
            text_run(element, text)
        return Paragraph(element, self.document._body)

    def build(self) -> None:
        """Title block, table of contents for a bundle, then every session."""
        first = self.opbrengsten[0]
        bundle = len(self.opbrengsten) > 1
        self._properties(first, bundle)
        if not self.has_template:
            self._running_header(first.series, "" if bundle else first.full_title)
        if bundle:
            self._bundle_front()
            for item in self.opbrengsten:
                self._session(item, page_break=True)
        else:
            if first.series:
                self.para(first.series, "Subtitle")
            self._session(first, page_break=False, partners=first.partners)

    def _properties(self, first: Opbrengst, bundle: bool) -> None:
        props = self.document.core_properties
        props.title = clean((first.series or BUNDLE_TITLE) if bundle else first.full_title)
        props.subject = clean(f"Opbrengsten en inzichten van {len(self.opbrengsten)} leersessies" if bundle
                              else f"Opbrengst en inzichten van {first.full_title} ({first.date})")
        props.author = props.last_modified_by = "Leersessie"
        props.language = "nl-NL"
        props.keywords = "leersessie, opbrengst"
        props.comments = ""

    def _running_header(self, series: str, title: str) -> None:
        """Series left, session right, as the PDF's header; 'pagina n van N' in the footer."""
        section = self.document.sections[0]
        header = section.header.paragraphs[0]
        header.style = self.styles["Leersessie gegevens"]
        header.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        header.add_run(clean(series))
        if title:
            header.add_run("\t" + clean(title)).bold = True
        footer = section.footer.paragraphs[0]
        footer.style = self.styles["Leersessie gegevens"]
        footer.paragraph_format.tab_stops.add_tab_stop(self.text_width, WD_TAB_ALIGNMENT.RIGHT)
        footer.add_run("\tpagina ")
        simple_field(footer, "PAGE", "1")
        footer.add_run(" van ")
        simple_field(footer, "NUMPAGES", "1")

    def _bundle_front(self) -> None:
        """Series as the title, the dates and partners, then 'Inhoud' with a TOC field."""
        first, last = self.opbrengsten[0], self.opbrengsten[-1]
        self.para(first.series or BUNDLE_TITLE, "Title")
        self.para(f"Opbrengsten en inzichten van {len(self.opbrengsten)} leersessies", "Subtitle")
        self.para(first.date if first.date == last.date else f"{first.date} – {last.date}", "Leersessie gegevens")
        self._partners(list(dict.fromkeys(p for item in self.opbrengsten for p in item.partners)))
        self.para("Inhoud", "TOC Heading")
        self._toc()

    def _toc(self) -> None:
        """A table of contents field; until Word updates it, it shows the sessions without page numbers."""
        lines = [("TOC 1", item.full_title) for item in self.opbrengsten]
        first = self.para("", lines[0][0])
        begin_field(first, TOC_INSTRUCTION)
        first.add_run(clean(lines[0][1]))
        last = first
        for style, text in lines[1:]:
            last = self.para(text, style)
        end_field(last)
        update_fields_on_open(self.document)

    def _partners(self, partners) -> None:
        if partners:
            self.para("Een samenwerking met: " + ", ".join(partners), "Leersessie gegevens")

    def _session(self, item: Opbrengst, page_break: bool, partners=()) -> None:
        """Heading 1 with subtitle and date (and partners), then a Heading 2 per section."""
        heading = self.para(item.full_title, "Heading 1")
        heading.paragraph_format.page_break_before = page_break
        detail = " · ".join(part for part in (item.subtitle, item.date) if part)
        if detail:
            self.para(detail, "Leersessie gegevens")
        self._partners(partners)
        for section in session_outline(item):
            self.para(section.title, "Heading 2")
            getattr(self, f"_{section.kind}")(section.items)

    def _statement(self, items) -> None:
        for text in items:
            self.para(text)

    def _insights(self, entries) -> None:
        """A numbered list when the numbers run on (1, 2, 3 …), else bullets with the number typed."""
        numbers = [entry.number for entry in entries]
        runs_on = None not in numbers and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
        num_id = self.lists.numbered(numbers[0]) if runs_on else self.lists.bullet
        for entry in entries:
            item = self.para("", "List Paragraph", num_id)
            prefix = "" if runs_on or entry.number is None else f"{entry.number}. "
            item.add_run(clean(prefix + entry.heading)).bold = True
            for text in paragraphs(entry.body):
                item.add_run().add_break()
                item.add_run(clean(text))

    def _quotes(self, quotes) -> None:
        for quote in quotes:
            self.para(quoted(quote.text), "Quote")
            if quote.source:
                self.para(f"— {quote.source}", "Leersessie citaatbron")

    def _questions(self, questions) -> None:
        for number, question in enumerate(questions, 1):
            self.questions.write(question, number)

    def _speaker(self, asked) -> None:
        """Questions participants asked the speaker, with how often they were recognised."""
        for question in asked:
            self.para(speaker_line(question), "List Paragraph", self.lists.bullet)

    def _resources(self, groups) -> None:
        """Links as live hyperlinks, grouped under their publisher (Heading 3)."""
        for publisher, links in resource_groups(groups):
            if publisher:
                self.para(publisher, "Heading 3")
            for link in links:
                item = self.para("", "List Paragraph", self.lists.bullet)
                if safe_url(link.url):
                    add_hyperlink(item, link.url, link.label, self.styles["Hyperlink"])
                    item.add_run().add_break()
                    item.add_run(clean(link.url)).font.size = Pt(7.5)
                else:
                    item.add_run(clean(f"{link.label} ({link.url})"))


def _table_style(document):
    """Word's built-in 'Table Grid' when the document has it (python-docx's default and most templates do)."""
    try:
        return document.styles["Table Grid"]
    except KeyError:
        return None
