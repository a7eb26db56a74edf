"""Page furniture of the opbrengst PDF: the cover, the session opener of a bundle, TOC lines.

All text here comes from session files and is drawn with `drawString`, so it is never markup.
"""
from __future__ import annotations

from reportlab.platypus import Flowable

from .flowables import plain, wrap_lines
from .fonts import ACCENT, ACCENT_SOFT, BOLD, INK, MUTED, PETROL, PETROL_DARK, REGULAR, TRACK, WHITE, text_width


def _lines_at(canv, lines, x, y, font, size, leading):
    """Draw lines downwards from baseline y; return the baseline below the last line."""
    canv.setFont(font, size)
    for line in lines:
        canv.drawString(x, y, line)
        y -= leading
    return y


def _clip(lines: list[str], most: int) -> list[str]:
    """At most `most` lines; a cut is marked with an ellipsis so the cover never overflows."""
    return lines if len(lines) <= most else lines[:most - 1] + [lines[most - 1].rstrip() + " …"]


class _Marked(Flowable):
    """A flowable that registers its outline entry and tells the document where it landed."""

    def __init__(self, outline=None, on_draw=None):
        super().__init__()
        self.outline, self.on_draw = outline, on_draw

    def mark(self, top):
        """Bookmark at `top` (relative), outline entry, and the page callback."""
        if self.outline:
            key, title, level = self.outline
            self.canv.bookmarkHorizontal(key, 0, top)
            self.canv.addOutlineEntry(plain(title), key, level, closed=False)
        if self.on_draw:
            self.on_draw(self.outline[0] if self.outline else None, self.canv.getPageNumber())


class CoverPage(_Marked):
    """A full-page cover: a petrol field with series and title, the partners below it."""

    MARGIN = 56

    def __init__(self, series, kicker, title, subtitle, date, partners, outline=None, on_draw=None):
        super().__init__(outline, on_draw)
        self.series, self.kicker, self.title = plain(series), plain(kicker), plain(title)
        self.subtitle, self.date, self.partners = plain(subtitle), plain(date), [plain(p) for p in partners]

    def wrap(self, avail_width, avail_height):
        """The whole frame: the cover template's frame is the whole page."""
        self.width, self.height = avail_width, avail_height
        return self.width, self.height

    def draw(self):
        """Field, decoration, texts."""
        canv, width, height, x = self.canv, self.width, self.height, self.MARGIN
        field_bottom = height * 0.36
        canv.setFillColor(PETROL)
        canv.rect(0, field_bottom, width, height - field_bottom, stroke=0, fill=1)
        canv.setFillColor(PETROL_DARK)
        canv.circle(width - 30, height - 40, 150, stroke=0, fill=1)
        canv.setFillColor(ACCENT)
        canv.circle(width - 118, field_bottom, 34, stroke=0, fill=1)
        text_room = width - 2 * x - 40
        canv.setFillColor(WHITE)
        series_y = _lines_at(canv, wrap_lines(self.series, REGULAR, 10.5, text_room - 120), x, height - 72,
                             REGULAR, 10.5, 14)
        if self.series:
            canv.setFillColor(ACCENT)
            canv.rect(x, series_y + 2, 40, 2.6, stroke=0, fill=1)
        self._title_block(canv, x, field_bottom + 64, text_room)
        if self.partners:  # a session made from scratch may name none
            self._partners(canv, x, field_bottom - 62, text_room)
        self.mark(height)

    def _title_block(self, canv, x, bottom, room):
        size = 30 if len(wrap_lines(self.title, BOLD, 30, room)) <= 3 else 22
        title = _clip(wrap_lines(self.title, BOLD, size, room), 6)
        shown = self.subtitle and self.subtitle.casefold() != self.kicker.casefold()
        subtitle = _clip(wrap_lines(self.subtitle, REGULAR, 14, room), 3) if shown else []
        leading = size * 1.18
        # Built upwards from `bottom`, so a long title grows into the field, not over the partners.
        top = bottom + 26 + len(title) * leading + (8 + len(subtitle) * 19 if subtitle else 0) + 25
        canv.setFillColor(ACCENT_SOFT)
        canv.setFont(BOLD, 12)
        canv.drawString(x, top - 12, self.kicker)
        canv.setFillColor(WHITE)
        _lines_at(canv, title, x, top - 26 - size * 0.95, BOLD, size, leading)
        y = top - 26 - len(title) * leading
        if subtitle:
            _lines_at(canv, subtitle, x, y - 8 - 14, REGULAR, 14, 19)
            y -= 8 + len(subtitle) * 19
        canv.setFillColor(ACCENT_SOFT)
        canv.setFont(REGULAR, 11)
        canv.drawString(x, y - 24, self.date)

    def _partners(self, canv, x, top, room):
        canv.setFillColor(MUTED)
        canv.setFont(BOLD, 9)
        canv.drawString(x, top, "Een samenwerking met")
        # A long partner list moves to more, smaller columns until it stays above the page edge.
        for columns, size in ((1, 12), (2, 9), (3, 7.5)):
            placed, lowest = self._partner_layout(x, top - 26, room, columns, size)
            if lowest >= 30:
                break
        for left, y, lines in placed:
            canv.setFillColor(ACCENT)
            canv.rect(left, y + 1, size / 2, size / 2, stroke=0, fill=1)
            canv.setFillColor(PETROL_DARK)
            _lines_at(canv, lines, left + 16, y, BOLD, size, size * 1.25)

    def _partner_layout(self, x, top, room, columns, size):
        width = (room - 20 * (columns - 1)) / columns
        rows = -(-len(self.partners) // columns)
        placed, lowest = [], top
        for index, partner in enumerate(self.partners):
            if index % rows == 0:
                left, y = x + (index // rows) * (width + 20), top
            lines = _clip(wrap_lines(partner, BOLD, size, width - 18), 2)
            placed.append((left, y, lines))
            y -= len(lines) * size * 1.25 + size * 0.6
            lowest = min(lowest, y)
        return placed, lowest


class SessionBand(_Marked):
    """The opener of a session inside a bundle: kicker, title, subtitle and date on petrol."""

    PAD = 18

    def __init__(self, kicker, title, detail, outline=None, on_draw=None):
        super().__init__(outline, on_draw)
        self.kicker, self.title, self.detail = plain(kicker), plain(title), plain(detail)

    def wrap(self, avail_width, avail_height):
        """Padding around kicker, wrapped title and detail line."""
        self._title = wrap_lines(self.title, BOLD, 22, avail_width - 2 * self.PAD)
        self._detail = wrap_lines(self.detail, REGULAR, 10, avail_width - 2 * self.PAD) if self.detail else []
        self.width = avail_width
        self.height = 2 * self.PAD + 16 + len(self._title) * 27 + len(self._detail) * 14 + 4
        return self.width, self.height

    def getSpaceAfter(self):
        """Room before the first section."""
        return 16

    def draw(self):
        """Rounded petrol band with an accent edge."""
        canv = self.canv
        canv.setFillColor(PETROL)
        canv.roundRect(0, 0, self.width, self.height, 6, stroke=0, fill=1)
        canv.setFillColor(ACCENT)
        canv.rect(0, 0, 5, self.height, stroke=0, fill=1)
        y = self.height - self.PAD - 10
        canv.setFillColor(ACCENT_SOFT)
        y = _lines_at(canv, [self.kicker], self.PAD, y, BOLD, 10, 22)
        canv.setFillColor(WHITE)
        y = _lines_at(canv, self._title, self.PAD, y - 6, BOLD, 22, 27)
        _lines_at(canv, self._detail, self.PAD, y + 8, REGULAR, 10, 14)
        self.mark(self.height + 10)


class TocEntry(Flowable):
    """One line of the table of contents; the page number is a form drawn once it is known."""

    def __init__(self, title, detail, key, number_form):
        super().__init__()
        self.title, self.detail, self.key, self.number_form = plain(title), plain(detail), key, number_form

    def wrap(self, avail_width, avail_height):
        """Wrapped title plus one line of detail."""
        self._lines = wrap_lines(self.title, BOLD, 12.5, avail_width - 60)
        self.width, self.height = avail_width, len(self._lines) * 17 + (14 if self.detail else 0) + 14
        return self.width, self.height

    def draw(self):
        """Title, dotted leader, page number; the whole entry links to its session."""
        canv = self.canv
        canv.setFillColor(INK)
        y = _lines_at(canv, self._lines, 0, self.height - 14, BOLD, 12.5, 17) + 17
        leader_start = text_width(self._lines[-1], BOLD, 12.5) + 8
        canv.setStrokeColor(TRACK)
        canv.setLineWidth(1)
        canv.setDash(1, 3)
        canv.line(leader_start, y, self.width - 30, y)
        canv.setDash()
        canv.saveState()
        canv.translate(self.width, y)
        canv.doForm(self.number_form)
        canv.restoreState()
        if self.detail:
            canv.setFillColor(MUTED)
            _lines_at(canv, [self.detail], 0, y - 15, REGULAR, 9, 12)
        canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1)
