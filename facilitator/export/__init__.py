"""Exports of the opbrengst: PDF, Word, Excel, CSV, JSON and Markdown.

Reads `sessions.opbrengst` only (no Flask, no store). The renderers load on first use: reportlab,
python-docx and openpyxl cost a server (and every command) half a second at start-up otherwise.
"""
from __future__ import annotations

import importlib
from typing import Any

FORMATS = ("pdf", "docx", "xlsx", "csv", "json", "md")
# Excel (and other spreadsheets) read a CSV as UTF-8 only when it starts with a byte order mark.
UTF8_BOM = "\ufeff"
_RENDERERS = {"render_pdf": ".pdf", "render_docx": ".word", "render_xlsx": ".xlsx", "render_csv": ".writers",
              "render_json": ".writers", "render_markdown": ".writers"}


def render(opbrengsten: list, export_format: str, template: bytes | None = None) -> bytes:
    """The opbrengsten in one of FORMATS, as bytes (text formats in UTF-8); `template` styles the .docx."""
    if export_format == "pdf":
        return _renderer("render_pdf")(opbrengsten)
    if export_format == "docx":
        return _renderer("render_docx")(opbrengsten, template)
    if export_format == "xlsx":
        return _renderer("render_xlsx")(opbrengsten)
    if export_format == "csv":
        return (UTF8_BOM + _renderer("render_csv")(opbrengsten)).encode("utf-8")
    writer = _renderer({"json": "render_json", "md": "render_markdown"}[export_format])
    return writer(opbrengsten).encode("utf-8")


def _renderer(name: str) -> Any:
    return getattr(importlib.import_module(_RENDERERS[name], __name__), name)


def __getattr__(name: str) -> Any:
    """`from facilitator.export import render_pdf` and the like, loaded when first asked for."""
    if name in _RENDERERS:
        return _renderer(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["FORMATS", "render", "render_pdf", "render_docx", "render_xlsx", "render_csv", "render_json",
           "render_markdown"]
