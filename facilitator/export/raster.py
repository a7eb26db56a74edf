"""The PDF's chart flowables drawn into a PNG, for documents that need pictures (Word).

The charts in `charts.py` draw with a handful of reportlab canvas calls; `PillowCanvas` offers
those calls on a Pillow image, so the Word pictures are the very drawings of the PDF (same
layout, fonts and colours), not a second chart implementation.
"""
from __future__ import annotations

import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .fonts import BOLD, FONT_DIR, ITALIC, REGULAR, register_fonts

FONT_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}
SCALE = 2.5  # pixels per point: sharp on screen and in print at the width Word shows it


@lru_cache(maxsize=256)
def _font(name: str, pixels: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_DIR / FONT_FILES.get(name, FONT_FILES[REGULAR])), pixels)


def _rgb(colour) -> tuple[int, int, int]:
    return tuple(round(part * 255) for part in colour.rgb())


class PillowCanvas:
    """The subset of reportlab's Canvas the charts use, drawing on an RGB image (y grows upwards)."""

    def __init__(self, width: float, height: float, scale: float = SCALE):
        self.scale, self.height = scale, height
        self.image = Image.new("RGB", (max(1, math.ceil(width * scale)), max(1, math.ceil(height * scale))), "white")
        self.pen = ImageDraw.Draw(self.image)
        self.fill = self.stroke = (0, 0, 0)
        self.font, self.line_width = _font(REGULAR, 10 * scale), 1.0
        self.dash: tuple[float, ...] = ()

    def _xy(self, x: float, y: float) -> tuple[float, float]:
        return x * self.scale, (self.height - y) * self.scale

    def setFillColor(self, colour) -> None:  # noqa: N802 - reportlab's name
        self.fill = _rgb(colour)

    def setStrokeColor(self, colour) -> None:  # noqa: N802
        self.stroke = _rgb(colour)

    def setLineWidth(self, width: float) -> None:  # noqa: N802
        self.line_width = width

    def setDash(self, on: float = 0, off: float | None = None) -> None:  # noqa: N802
        self.dash = (on, off if off is not None else on) if on else ()

    def setFont(self, name: str, size: float) -> None:  # noqa: N802
        self.font = _font(name, size * self.scale)

    def _text(self, x: float, y: float, text: str, anchor: str) -> None:
        self.pen.text(self._xy(x, y), text, font=self.font, fill=self.fill, anchor=anchor)

    def drawString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        self._text(x, y, text, "ls")

    def drawCentredString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        self._text(x, y, text, "ms")

    def drawRightString(self, x: float, y: float, text: str) -> None:  # noqa: N802
        self._text(x, y, text, "rs")

    def rect(self, x: float, y: float, width: float, height: float, stroke: int = 1, fill: int = 0) -> None:
        """A rectangle from its lower-left corner."""
        if width <= 0 or height <= 0:
            return
        (left, top), (right, bottom) = self._xy(x, y + height), self._xy(x + width, y)
        self.pen.rectangle((left, top, right, bottom), fill=self.fill if fill else None,
                           outline=self.stroke if stroke else None)

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        """A straight line, dashed after setDash(on, off)."""
        width = max(1, round(self.line_width * self.scale))
        if not self.dash:
            self.pen.line((self._xy(x1, y1), self._xy(x2, y2)), fill=self.stroke, width=width)
            return
        length = math.hypot(x2 - x1, y2 - y1) or 1
        on, off = self.dash
        start = 0.0
        while start < length:
            end = min(start + on, length)
            a = (x1 + (x2 - x1) * start / length, y1 + (y2 - y1) * start / length)
            b = (x1 + (x2 - x1) * end / length, y1 + (y2 - y1) * end / length)
            self.pen.line((self._xy(*a), self._xy(*b)), fill=self.stroke, width=width)
            start = end + off


def chart_png(chart, width: float) -> tuple[bytes, float, float]:
    """A chart flowable laid out at `width` points, as PNG bytes and its size in points (cropped to what it draws)."""
    register_fonts()  # the charts measure text with reportlab's metrics of the same fonts
    chart_width, height = chart.wrap(width, 10_000)
    canvas = PillowCanvas(chart_width, height)
    chart.canv = canvas
    chart.draw()
    image = canvas.image
    drawn = getattr(chart, "chart_width", None)  # a scale chart draws only its columns
    if drawn and drawn + 2 < chart_width:
        chart_width = drawn + 2
        image = image.crop((0, 0, math.ceil(chart_width * canvas.scale), image.height))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)  # speed over a few kilobytes
    return buffer.getvalue(), chart_width, height
