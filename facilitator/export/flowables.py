"""Custom flowables of the opbrengst PDF: headings with bookmarks, pull quotes, answer lists.

Text from participants and session files is plain text. It reaches reportlab either escaped
(`markup`, for Paragraphs, which interpret tags) or drawn with `drawString`, which never does.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from .fonts import ACCENT, BOLD, INK, REGULAR, text_width

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_QUOTE_MARKS = "\"'“”‘’„‚«»"


def plain(text: str) -> str:
    """Text without control characters, with unified line breaks."""
    return _CONTROL.sub("", (text or "").replace("\r\n", "\n").replace("\r", "\n"))


def markup(text: str) -> str:
    """Plain text as safe Paragraph markup: tags print literally, line breaks stay."""
    return escape(plain(text)).replace("\n", "<br/>")


def quoted(text: str) -> str:
    """A quote between typographic quotation marks, without marks the author already typed."""
    return f"“{plain(text).strip().strip(_QUOTE_MARKS).strip()}”"


def wrap_lines(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy line breaking of plain text; words longer than a line are cut by characters."""
    space = text_width(" ", font, size)
    lines: list[str] = []
    for raw in plain(text).split("\n"):
        line: list[str] = []
        line_width = 0.0
        for word in raw.split():
            word_width = text_width(word, font, size)
            if word_width > width:
                if line:
                    lines.append(" ".join(line))
                    line, line_width = [], 0.0
                pieces = _cut_word(word, font, size, width)
                lines.extend(pieces[:-1])
                word, word_width = pieces[-1], text_width(pieces[-1], font, size)
            if line and line_width + space + word_width > width:
                lines.append(" ".join(line))
                line, line_width = [], 0.0
            line_width = line_width + space + word_width if line else word_width
            line.append(word)
        lines.append(" ".join(line))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return lines


def _cut_word(word: str, font: str, size: float, width: float) -> list[str]:
    pieces, current, current_width = [], "", 0.0
    for char in word:
        char_width = text_width(char, font, size)
        if current and current_width + char_width > width:
            pieces.append(current)
            current, current_width = "", 0.0
        current += char
        current_width += char_width
    return pieces + [current]


class SectionHeading(Flowable):
    """A heading with a short accent bar; sets a bookmark and outline entry where it lands."""

    BAR_SPACE = 7

    def __init__(self, text, style, outline=None, on_draw=None, bar=True, keep_with_next=True):
        super().__init__()
        self.para = Paragraph(markup(text), style)
        self.style, self.outline, self.on_draw, self.bar = style, outline, on_draw, bar
        self.keepWithNext = keep_with_next

    def wrap(self, avail_width, avail_height):
        """Size of the heading plus its bar."""
        _, height = self.para.wrap(avail_width, avail_height)
        self.width, self.height = avail_width, height + (self.BAR_SPACE if self.bar else 0)
        return self.width, self.height

    def draw(self):
        """Draw text and bar; register the bookmark at the top of the heading."""
        canv = self.canv
        self.para.drawOn(canv, 0, self.height - self.para.height)
        if self.bar:
            canv.setFillColor(ACCENT)
            canv.rect(0, 0, 34, 2.6, stroke=0, fill=1)
        if self.outline:
            key, title, level = self.outline
            canv.bookmarkHorizontal(key, 0, self.height + 8)
            canv.addOutlineEntry(plain(title), key, level, closed=False)
        if self.on_draw:
            self.on_draw(self.outline[0] if self.outline else None, canv.getPageNumber())


class RoomFor(CondPageBreak):
    """A page break unless a heading block and the start of what follows still fit on this page."""

    def __init__(self, head, follow=(), follow_part=None):
        super().__init__(0)
        self.head, self.follow, self.follow_part = list(head), list(follow), follow_part

    def _need(self, flowables, avail_width, avail_height):
        return sum(f.wrapOn(self.canv, avail_width, avail_height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in flowables)

    def wrap(self, avail_width, avail_height):
        """Measure the block, then behave like a CondPageBreak of that height."""
        follow = self._need(self.follow, avail_width, avail_height)
        # A splittable result only needs its first lines here; anything else must fit whole.
        self.height = self._need(self.head, avail_width, avail_height) + min(follow, self.follow_part or follow)
        return super().wrap(avail_width, avail_height)


class PullQuote(Flowable):
    """A large italic quote with a coloured rule on its left; splits like a paragraph."""

    INDENT, RULE, PAD = 18, 3, 6

    def __init__(self, text, source, styles, _parts=None):
        super().__init__()
        if _parts is None:
            source_para = Paragraph(markup(f"— {source}"), styles["quote_source"]) if source else None
            _parts = (Paragraph(markup(quoted(text)), styles["quote"]), source_para)
        self.quote, self.source = _parts
        self.styles = styles

    def wrap(self, avail_width, avail_height):
        """Quote plus source, inside the indent."""
        inner = avail_width - self.INDENT
        height = self.quote.wrap(inner, avail_height)[1]
        if self.source:
            height += self.source.wrap(inner, avail_height)[1] + self.source.getSpaceBefore()
        self.width, self.height = avail_width, height + 2 * self.PAD
        return self.width, self.height

    def split(self, avail_width, avail_height):
        """Split the quote text over two frames; the source stays with the last part."""
        parts = self.quote.split(avail_width - self.INDENT, avail_height - 2 * self.PAD)
        if len(parts) < 2:
            return []
        return [PullQuote("", "", self.styles, (parts[0], None)),
                PullQuote("", "", self.styles, (parts[1], self.source))]

    def draw(self):
        """Rule left, quote and source right of it."""
        canv = self.canv
        canv.setFillColor(ACCENT)
        canv.rect(0, self.PAD, self.RULE, self.height - 2 * self.PAD, stroke=0, fill=1)
        y = self.height - self.PAD - self.quote.height
        self.quote.drawOn(canv, self.INDENT, y)
        if self.source:
            self.source.drawOn(canv, self.INDENT, y - self.source.getSpaceBefore() - self.source.height)


class AnswerList(Flowable):
    """Many plain-text answers as a compact bulleted list, drawn directly: cheap and never markup."""

    INDENT, SIZE, LEADING, GAP = 12, 9, 12.2, 4.5

    def __init__(self, texts, first_bullet=True):
        super().__init__()
        self.texts, self.first_bullet = list(texts), first_bullet
        self._lines: list[list[str]] = []
        self._wrapped_at = None

    def _layout(self, width):
        if self._wrapped_at != width:
            self._lines = [wrap_lines(text, REGULAR, self.SIZE, width - self.INDENT) for text in self.texts]
            self._wrapped_at = width

    def _height(self, lines):
        return sum(len(item) for item in lines) * self.LEADING + self.GAP * max(len(lines) - 1, 0) + 2

    def wrap(self, avail_width, avail_height):
        """Wrap every answer to the width."""
        self._layout(avail_width)
        self.width, self.height = avail_width, self._height(self._lines)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        """Whole answers that fit, and a long answer cut between lines; [] when nothing fits."""
        self._layout(avail_width)
        used, count = 2.0, 0
        for lines in self._lines:
            needed = len(lines) * self.LEADING + (self.GAP if count else 0)
            if used + needed > avail_height:
                break
            used, count = used + needed, count + 1
        room = int((avail_height - used - (self.GAP if count else 0)) // self.LEADING)
        if count == len(self.texts):
            return [self]
        head, tail = self.texts[:count], self.texts[count:]
        if room >= 2:  # cut the next answer, but never leave a single orphan line behind
            lines = self._lines[count]
            head = head + ["\n".join(lines[:room])]
            tail = ["\n".join(lines[room:])] + tail[1:]
            return [AnswerList(head, self.first_bullet), AnswerList(tail, first_bullet=False)]
        if not head:
            return []
        return [AnswerList(head, self.first_bullet), AnswerList(tail, first_bullet=True)]

    def draw(self):
        """Bullets in the accent colour, text in ink."""
        canv = self.canv
        y = self.height - self.SIZE - 1
        for index, lines in enumerate(self._lines):
            if index or self.first_bullet:
                canv.setFillColor(ACCENT)
                canv.setFont(BOLD, self.SIZE)
                canv.drawString(1, y, "•")
            canv.setFillColor(INK)
            canv.setFont(REGULAR, self.SIZE)
            for line in lines:
                canv.drawString(self.INDENT, y, line)
                y -= self.LEADING
            y -= self.GAP
