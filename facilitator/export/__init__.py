"""Exports of the opbrengst: PDF, CSV, JSON and Markdown. Reads `sessions.opbrengst` only (no Flask, no store)."""
from .pdf import render_pdf
from .writers import render_csv, render_json, render_markdown

FORMATS = ("pdf", "csv", "json", "md")


def render(opbrengsten: list, export_format: str) -> bytes:
    """The opbrengsten in one of FORMATS, as bytes (text formats in UTF-8)."""
    if export_format == "pdf":
        return render_pdf(opbrengsten)
    writer = {"csv": render_csv, "json": render_json, "md": render_markdown}[export_format]
    return writer(opbrengsten).encode("utf-8")


__all__ = ["FORMATS", "render", "render_pdf", "render_csv", "render_json", "render_markdown"]
