"""Map furniture drawn in viewport pixels over the map: scale bar, north arrow, legend, credit.

Plain functions taking a painter already reset to viewport coordinates; the
view calls them from ``drawForeground``. All text arrives translated.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from planner.core.levels import LEVELS
from planner.ui.canvas import style
from planner.ui.canvas.geometry import diamond
from planner.ui.canvas.items import InvalidRowItem, draw_invalid_mark, draw_warning

#: Gap between the furniture and the viewport edge, in pixels.
MARGIN = 12.0
_PANEL = QColor(255, 255, 255, 225)
_INK = QColor("#202020")


def nice_length(max_metres: float) -> float:
    """The largest 1, 2 or 5 × 10^n metres not longer than ``max_metres`` (> 0)."""
    if max_metres <= 0 or not math.isfinite(max_metres):
        return 0.0
    exponent = math.floor(math.log10(max_metres))
    for step in (5.0, 2.0, 1.0):
        length = step * 10.0**exponent
        if length <= max_metres * (1 + 1e-9):
            return length
    return 10.0 ** (exponent - 1) * 5.0


def format_length(metres: float) -> str:
    """``500 m``, ``2 km``, ``0.5 m``: the unit symbols are international, not translated."""
    if metres >= 1000:
        return f"{metres / 1000:g} km"
    return f"{metres:g} m"


def draw_scale_bar(painter: QPainter, bottom_left: QPointF, pixels_per_metre: float) -> None:
    """A two-segment bar of a round length at most ~120 px long, anchored bottom-left."""
    if pixels_per_metre <= 0:
        return
    metres = nice_length(120.0 / pixels_per_metre)
    width = metres * pixels_per_metre
    label = format_length(metres)
    metrics = QFontMetricsF(painter.font())
    x, y = bottom_left.x(), bottom_left.y()
    panel = QRectF(x - 6, y - 26 - metrics.height(), width + 12 + 8, 32 + metrics.height())
    _panel(painter, panel)
    bar = QRectF(x, y - 12, width, 6)
    painter.setPen(QPen(_INK, 1.0))
    painter.setBrush(_INK)
    painter.drawRect(QRectF(bar.x(), bar.y(), bar.width() / 2, bar.height()))
    painter.setBrush(QColor("white"))
    painter.drawRect(QRectF(bar.center().x(), bar.y(), bar.width() / 2, bar.height()))
    painter.setPen(_INK)
    painter.drawText(QPointF(x, bar.top() - 6), "0")
    text_width = metrics.horizontalAdvance(label)
    painter.drawText(QPointF(x + width - text_width / 2, bar.top() - 6), label)


def draw_north_arrow(painter: QPainter, centre: QPointF, north: str) -> None:
    """An arrow pointing up (the map is never rotated) with the letter for north."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _panel(painter, QRectF(centre.x() - 18, centre.y() - 34, 36, 62))
    tip, base = centre + QPointF(0, -18), centre + QPointF(0, 12)
    left = QPolygonF([tip, centre + QPointF(-9, 14), base])
    right = QPolygonF([tip, centre + QPointF(9, 14), base])
    painter.setPen(QPen(_INK, 1.2))
    painter.setBrush(_INK)
    painter.drawPolygon(left)
    painter.setBrush(QColor("white"))
    painter.drawPolygon(right)
    font = QFont(painter.font())
    font.setBold(True)
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    painter.drawText(QPointF(centre.x() - metrics.horizontalAdvance(north) / 2, tip.y() - 3), north)


@dataclass(frozen=True)
class LegendEntry:
    """One legend row: a swatch and its text."""

    text: str
    # "fill" | "outline" | "band" | "hatch" | "camera" | "planned" | "warning" | "diamond"
    # | "invalid" | "heading"
    kind: str
    colour: QColor | None = None  # headings have no swatch


def _columns(entries: Sequence[LegendEntry], rows_per_column: int) -> list[list[LegendEntry]]:
    """Entries in columns of at most ``rows_per_column``, breaking only before a heading."""
    sections: list[list[LegendEntry]] = []
    for entry in entries:
        if entry.kind == "heading" or not sections:
            sections.append([])
        sections[-1].append(entry)
    columns: list[list[LegendEntry]] = [[]]
    for section in sections:
        if columns[-1] and len(columns[-1]) + len(section) > rows_per_column:
            columns.append([])
        columns[-1].extend(section)
    return columns


def legend_size(
    font: QFont, entries: Sequence[LegendEntry], max_height: float | None = None
) -> QRectF:
    """The legend's box (at 0, 0) for ``entries`` drawn with ``font``."""
    return _layout(font, entries, max_height)[0]


def _layout(
    font: QFont, entries: Sequence[LegendEntry], max_height: float | None
) -> tuple[QRectF, list[list[LegendEntry]], list[float], float]:
    base = QFont(font)
    base.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))  # smaller than the UI, still legible
    bold = QFont(base)
    bold.setBold(True)
    row = max(QFontMetricsF(base).height(), 14.0) + 1
    rows = len(entries)
    if max_height is not None:
        rows = max(int((max_height - 10) // row), 4)
    columns = _columns(entries, rows)
    widths = [
        max(QFontMetricsF(bold).horizontalAdvance(e.text) for e in column) + 14 + 6 + 10
        for column in columns
    ]
    height = max(len(column) for column in columns) * row + 8
    return QRectF(0, 0, sum(widths) + 6, height), columns, widths, row


def draw_legend(
    painter: QPainter,
    top_left: QPointF,
    entries: Sequence[LegendEntry],
    max_height: float | None = None,
) -> None:
    """A compact boxed legend (headings bold, swatches 13 px) in columns if it is too tall."""
    if not entries:
        return
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    box, columns, widths, row = _layout(painter.font(), entries, max_height)
    base = QFont(painter.font())
    base.setPointSizeF(max(base.pointSizeF() * 0.9, 7.0))
    bold = QFont(base)
    bold.setBold(True)
    metrics = QFontMetricsF(base)
    font = QFont(painter.font())
    _panel(painter, box.translated(top_left))
    left = top_left.x() + 7
    for column, width in zip(columns, widths, strict=True):
        y = top_left.y() + 4
        for entry in column:
            _draw_entry(painter, entry, QPointF(left, y), row, base, bold, metrics)
            y += row
        left += width
    painter.setFont(font)


def _draw_entry(
    painter: QPainter,
    entry: LegendEntry,
    at: QPointF,
    row: float,
    base: QFont,
    bold: QFont,
    metrics: QFontMetricsF,
) -> None:
    """One legend row with its top-left corner at ``at``."""
    x, y = at.x(), at.y()
    baseline = y + row / 2 + metrics.ascent() / 2 - 1
    swatch = QRectF(x, y + (row - 13) / 2, 13, 13)
    if entry.kind == "heading":
        painter.setFont(bold)
        painter.setPen(_INK)
        painter.drawText(QPointF(x, baseline), entry.text)
        return
    colour = QColor(entry.colour or _INK)
    centre = swatch.center()
    if entry.kind == "camera":
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(colour)
        painter.drawEllipse(centre, 5.0, 5.0)
    elif entry.kind == "planned":
        pen = QPen(colour.darker(120), 1.8, Qt.PenStyle.DashLine)
        pen.setDashPattern([2.0, 1.5])
        painter.setPen(pen)
        painter.setBrush(QColor("white"))
        painter.drawEllipse(centre, 5.0, 5.0)
    elif entry.kind == "diamond":
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(colour)
        painter.drawPolygon(diamond(5.5, centre))
    elif entry.kind == "invalid":
        draw_invalid_mark(painter, centre, InvalidRowItem.RADIUS_PX)
    elif entry.kind == "warning":
        draw_warning(painter, QPointF(swatch.left() + 1, swatch.bottom() - 1.5), 11.0)
    elif entry.kind == "fill":
        fill = QColor(colour)
        fill.setAlpha(140)
        painter.setPen(QPen(colour.darker(110), 1.0))
        painter.setBrush(fill)
        painter.drawRect(swatch)
    elif entry.kind == "outline":
        painter.setPen(QPen(colour, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(swatch.adjusted(1, 1, -1, -1))
    elif entry.kind == "hatch":
        painter.setPen(QPen(colour, 1.0))
        painter.setBrush(QBrush(colour, Qt.BrushStyle.BDiagPattern))
        painter.drawRect(swatch)
    else:  # band: the colour already carries the band's alpha
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("white"))
        painter.drawRect(swatch)
        painter.setBrush(colour)
        painter.drawRect(swatch)
    painter.setFont(base)
    painter.setPen(_INK)
    painter.drawText(QPointF(x + 13 + 6, baseline), entry.text)


def draw_attribution(painter: QPainter, bottom_right: QPointF, text: str) -> None:
    """Small credit text in a light box, anchored bottom-right."""
    font = QFont(painter.font())
    font.setPointSizeF(max(font.pointSizeF() * 0.85, 7.0))
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    width = metrics.horizontalAdvance(text) + 8
    rect = QRectF(bottom_right.x() - width, bottom_right.y() - metrics.height() - 4, width, 0)
    rect.setHeight(metrics.height() + 4)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawRect(rect)
    painter.setPen(_INK)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)


def _panel(painter: QPainter, rect: QRectF) -> None:
    painter.setPen(QPen(QColor(0, 0, 0, 60), 1.0))
    painter.setBrush(_PANEL)
    painter.drawRoundedRect(rect, 4, 4)


def legend_band_colour(level: str) -> QColor:
    """The colour the map shows where ``level`` and every coarser band are stacked.

    Bands are nested and drawn on top of each other, so the identify band looks
    as dark as all four alphas composited, not as its own alpha.
    """
    clear = 1.0
    for name in LEVELS[: LEVELS.index(level) + 1]:
        clear *= 1.0 - style.BAND_ALPHA[name] / 255.0
    colour = QColor(style.VIEW_COLOUR)
    colour.setAlphaF(1.0 - clear)
    return colour
