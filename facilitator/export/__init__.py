"""Exports of the opbrengst: PDF, CSV, JSON and Markdown. Reads `sessions.opbrengst` only (no Flask, no store)."""
from .pdf import render_pdf
from .writers import render_csv, render_json, render_markdown

__all__ = ["render_pdf", "render_csv", "render_json", "render_markdown"]
