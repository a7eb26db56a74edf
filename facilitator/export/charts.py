"""Result charts drawn straight on the canvas: choice bars, scale distribution, word cloud.

Labels are drawn with `drawString` in the embedded font, so participant words print literally
and no chart label ever falls back to Helvetica.
"""
from __future__ import annotations

from reportlab.platypus import Flowable

from .flowables import wrap_lines
from .fonts import ACCENT, BOLD, INK, MUTED, PETROL, PETROL_DARK, REGULAR, TRACK, WHITE, text_width


def dutch_number(value) -> str:
    """3.5 -> '3,5'; 3.0 -> '3'."""
    return f"{value:g}".replace(".", ",")


class BarChart(Flowable):
    """Horizontal bars per choice option with count and percentage; splits between rows."""

    SIZE, LEADING, BAR, GAP, VALUE_ROOM = 9, 11.5, 11, 7, 66

    def __init__(self, options, scale_max=None):
        super().__init__()
        self.options = list(options)
        # Parts of a split chart keep one scale, so bars stay comparable across the page break.
        self.scale_max = scale_max or max([o["count"] for o in self.options] + [1])

    def _layout(self, width):
        self.label_width = width * 0.42
        self._labels = [wrap_lines(o["label"], REGULAR, self.SIZE, self.label_width - 10) for o in self.options]
        self._rows = [max(len(lines) * self.LEADING, self.BAR + 1) for lines in self._labels]

    def wrap(self, avail_width, avail_height):
        """Height of all rows."""
        self._layout(avail_width)
        self.width, self.height = avail_width, sum(self._rows) + self.GAP * len(self._rows)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        """The rows that fit, then the rest."""
        self._layout(avail_width)
        used, count = 0.0, 0
        for row in self._rows:
            if used + row + self.GAP > avail_height:
                break
            used, count = used + row + self.GAP, count + 1
        if count == 0 or count == len(self.options):
            return [] if count == 0 else [self]
        return [BarChart(self.options[:count], self.scale_max), BarChart(self.options[count:], self.scale_max)]

    def draw(self):
        """Label left; track, bar and 'count (percent)' right."""
        canv = self.canv
        track_width = self.width - self.label_width - self.VALUE_ROOM
        top = max(o["count"] for o in self.options)
        y = self.height
        for option, lines, row in zip(self.options, self._labels, self._rows, strict=True):
            canv.setFillColor(INK)
            canv.setFont(REGULAR, self.SIZE)
            for index, line in enumerate(lines):
                canv.drawString(0, y - self.SIZE - index * self.LEADING, line)
            bar_y = y - self.BAR - 0.5
            canv.setFillColor(TRACK)
            canv.rect(self.label_width, bar_y, track_width, self.BAR, stroke=0, fill=1)
            canv.setFillColor(ACCENT if option["count"] == top and top else PETROL)
            canv.rect(self.label_width, bar_y, track_width * option["count"] / self.scale_max, self.BAR, stroke=0,
                      fill=1)
            canv.setFillColor(INK)
            canv.setFont(BOLD, self.SIZE)
            text = f"{option['count']}  ({option['percent']}%)"
            canv.drawString(self.label_width + track_width + 8, bar_y + 2.2, text)
            y -= row + self.GAP


class ScaleChart(Flowable):
    """Columns per scale value with counts, the end labels and a dashed median line."""

    COLUMN, BARS, SIZE = 46, 78, 8.5

    def __init__(self, summary):
        super().__init__()
        self.summary = summary
        self.values = summary.get("distribution", [])

    def wrap(self, avail_width, avail_height):
        """Fixed chart height plus the wrapped end labels."""
        self.column = min(self.COLUMN, avail_width / max(len(self.values), 1))
        self.chart_width = self.column * len(self.values)
        half = max(self.chart_width / 2 - 4, 60)
        self._min = wrap_lines(self.summary.get("min_label", ""), REGULAR, self.SIZE, half)
        self._max = wrap_lines(self.summary.get("max_label", ""), REGULAR, self.SIZE, half)
        self.label_height = max(len(self._min), len(self._max)) * 11
        self.width, self.height = avail_width, 16 + 14 + self.BARS + 16 + self.label_height + 4
        return self.width, self.height

    def draw(self):
        """Bars from a common base line, median marked in the accent colour."""
        canv = self.canv
        base = self.label_height + 20
        most = max([v["count"] for v in self.values] + [1])
        self._draw_median(canv, base)  # first, so the bars cover the line and it never crosses a count
        for index, item in enumerate(self.values):
            center = (index + 0.5) * self.column
            height = self.BARS * item["count"] / most
            canv.setFillColor(PETROL)
            canv.rect(center - self.column * 0.31, base, self.column * 0.62, height, stroke=0, fill=1)
            inside = height >= 16
            canv.setFillColor(WHITE if inside else MUTED)
            canv.setFont(BOLD if inside else REGULAR, self.SIZE)
            canv.drawCentredString(center, base + height - 11 if inside else base + height + 3, str(item["count"]))
            canv.setFillColor(INK)
            canv.setFont(BOLD, 9.5)
            canv.drawCentredString(center, base - 13, str(item["value"]))
        canv.setStrokeColor(TRACK)
        canv.setLineWidth(0.8)
        canv.line(0, base, self.chart_width, base)
        self._draw_end_labels(canv)

    def _draw_end_labels(self, canv):
        canv.setFillColor(MUTED)
        canv.setFont(REGULAR, self.SIZE)
        for index, line in enumerate(self._min):
            canv.drawString(0, self.label_height - 8 - index * 11, line)
        for index, line in enumerate(self._max):
            canv.drawRightString(self.chart_width, self.label_height - 8 - index * 11, line)

    def _draw_median(self, canv, base):
        median = self.summary.get("median")
        if median is None or not self.values:
            return
        x = (median - self.values[0]["value"] + 0.5) * self.column
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(1.2)
        canv.setDash(3, 2)
        canv.line(x, base, x, base + self.BARS + 16)
        canv.setDash()
        canv.setFillColor(ACCENT)
        canv.setFont(BOLD, self.SIZE)
        label = f"mediaan {dutch_number(median)}"
        left = min(max(x - text_width(label, BOLD, self.SIZE) / 2, 0), self.width - text_width(label, BOLD, self.SIZE))
        canv.drawString(left, base + self.BARS + 19, label)


class WordCloud(Flowable):
    """Words sized by how often they were given, in centred lines, the biggest in the middle."""

    SMALL, LARGE, GAP, MAX_HEIGHT = 10, 26, 11, 300
    COLOURS = (ACCENT, PETROL, PETROL_DARK, PETROL, MUTED)

    def __init__(self, words):
        super().__init__()
        ranked = sorted(words, key=lambda w: -w["count"])
        # Alternate ranks left and right of the centre so the largest words meet in the middle.
        self.words = ranked[1::2][::-1] + ranked[0::2]
        counts = [w["count"] for w in ranked] or [1]
        self.low, self.high = min(counts), max(counts)
        self.rank = {id(w): index for index, w in enumerate(ranked)}

    def _size(self, count, scale):
        if self.high == self.low:
            return 16 * scale
        return (self.SMALL + (self.LARGE - self.SMALL) * (count - self.low) / (self.high - self.low)) * scale

    def wrap(self, avail_width, avail_height):
        """Lay the words out in centred lines; shrink a cloud of many long words to a sane height."""
        scale = 1.0
        self._layout(avail_width, scale)
        while self.height > self.MAX_HEIGHT and scale > 0.4:
            scale *= 0.85
            self._layout(avail_width, scale)
        return self.width, self.height

    def _layout(self, avail_width, scale):
        self.lines, line, line_width = [], [], 0.0
        for word in self.words:
            size = self._size(word["count"], scale)
            width = text_width(word["word"], BOLD, size)
            if width > avail_width:  # a very long word shrinks to fit instead of overflowing
                size, width = size * avail_width / width, avail_width
            if line and line_width + self.GAP + width > avail_width:
                self.lines.append((line, line_width))
                line, line_width = [], 0.0
            line_width += (self.GAP if line else 0) + width
            line.append((word, size, width))
        if line:
            self.lines.append((line, line_width))
        self.width = avail_width
        self.height = sum(max(size for _, size, _ in words) * 1.3 for words, _ in self.lines) + 6

    def draw(self):
        """Each line centred; the most frequent words in the accent colour."""
        canv = self.canv
        y = self.height
        for words, line_width in self.lines:
            line_height = max(size for _, size, _ in words) * 1.3
            y -= line_height
            x = (self.width - line_width) / 2
            for word, size, width in words:
                rank = self.rank[id(word)]
                canv.setFillColor(self.COLOURS[0] if rank < 3 else self.COLOURS[1 + rank % 4])
                canv.setFont(BOLD, size)
                canv.drawString(x, y + line_height * 0.22, word["word"])
                x += width + self.GAP
