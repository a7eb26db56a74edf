"""Exports of the opbrengst: PDF, Word, Excel, CSV, JSON and Markdown.

Reads `sessions.opbrengst` only (no Flask, no store).
"""
from .pdf import render_pdf
from .word import render_docx
from .writers import render_csv, render_json, render_markdown
from .xlsx import render_xlsx

FORMATS = ("pdf", "docx", "xlsx", "csv", "json", "md")
# Excel (and other spreadsheets) read a CSV as UTF-8 only when it starts with a byte order mark.
UTF8_BOM = "\ufeff"


def render(opbrengsten: list, export_format: str, template: bytes | None = None) -> bytes:
    """The opbrengsten in one of FORMATS, as bytes (text formats in UTF-8); `template` styles the .docx."""
    if export_format == "pdf":
        return render_pdf(opbrengsten)
    if export_format == "docx":
        return render_docx(opbrengsten, template)
    if export_format == "xlsx":
        return render_xlsx(opbrengsten)
    if export_format == "csv":
        return (UTF8_BOM + render_csv(opbrengsten)).encode("utf-8")
    writer = {"json": render_json, "md": render_markdown}[export_format]
    return writer(opbrengsten).encode("utf-8")


__all__ = ["FORMATS", "render", "render_pdf", "render_docx", "render_xlsx", "render_csv", "render_json",
           "render_markdown"]
