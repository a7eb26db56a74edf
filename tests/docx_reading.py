"""Reading a written .docx back with python-docx: headings, quotes, pictures, tables, links, language."""
from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn


def open_docx(data) -> DocxDocument:
    """A Document from bytes or a path."""
    return Document(io.BytesIO(data) if isinstance(data, bytes) else str(Path(data)))


def texts_in(document, style: str) -> list[str]:
    """The texts of the body paragraphs in one style."""
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def body_text(document) -> str:
    """All paragraph and table text of the body."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pictures(document) -> list[dict]:
    """Every inline picture's alt text (descr) and name."""
    return [{"descr": shape._inline.docPr.get("descr", ""), "name": shape._inline.docPr.get("name", "")}
            for shape in document.inline_shapes]


def has_header_row(table) -> bool:
    """True when the first row is a repeating header row (w:tblHeader)."""
    tr_pr = table.rows[0]._tr.trPr
    return tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None


def links(document) -> list[tuple[str, str]]:
    """(text, target) of every external hyperlink in the body."""
    found = []
    for paragraph in document.paragraphs:
        for link in paragraph._p.findall(qn("w:hyperlink")):
            rel = document.part.rels[link.get(qn("r:id"))]
            found.append(("".join(t.text or "" for t in link.iter(qn("w:t"))), rel.target_ref))
    return found


def default_language(document) -> str | None:
    """The w:lang of the styles' document defaults."""
    lang = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    return None if lang is None else lang.get(qn("w:val"))


def field_instructions(document) -> list[str]:
    """The instructions of every complex field in the body (TOC, …)."""
    return [node.text.strip() for node in document.element.body.iter(qn("w:instrText"))]


def numbered(paragraph) -> bool:
    """True when a paragraph is a list item (w:numPr)."""
    ppr = paragraph._p.pPr
    return ppr is not None and ppr.find(qn("w:numPr")) is not None
