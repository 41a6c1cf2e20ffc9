"""Graphics items of the map: they only draw what they are given, and never decide.

Which camera or zone is under the cursor and what a drag does are decided by
:mod:`planner.ui.canvas.tools`; what to draw comes from the document through
:class:`~planner.ui.canvas.map_view.MapView`. Symbols (cameras, point zones,
labels, handles) ignore the view's zoom and are sized in device pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from planner.ui.canvas import style


class LayerItem(QGraphicsItem):
    """An invisible parent: its z value orders the layer, its visibility and opacity apply to all.

    Unlike ``QGraphicsItemGroup`` it does not recompute a bounding rectangle
    when children come and go, which happens on every mouse move of a drag.
    """

    def __init__(self, name: str, z: float) -> None:
        super().__init__()
        self.name = name
        self.setZValue(z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)

    def boundingRect(self) -> QRectF:
        """Nothing of its own to draw."""
        return QRectF()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Nothing of its own to draw."""


def pixel_item_flags(item: QGraphicsItem) -> None:
    """Make ``item`` keep its pixel size under zoom (symbols, labels, handles)."""
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)


@dataclass(frozen=True)
class CameraLook:
    """What a camera symbol shows: the camera's state, already resolved."""

    camera_id: str
    status: str
    bearing_deg: float | None  # None: a camera that sees all round, or whose bearing is unknown
    hfov_deg: float
    working: bool
    inside_building: bool


class CameraItem(QGraphicsItem):
    """A camera: a dot with a bearing tick; colour by status, dashed if planned."""

    def __init__(self, look: CameraLook, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        pixel_item_flags(self)
        self.look = look
        self.selected = False

    def set_selected(self, selected: bool) -> None:
        """Show or hide the selection halo."""
        if selected != self.selected:
            self.selected = selected
            self.update()

    def boundingRect(self) -> QRectF:
        """The dot, its tick, halo and warning mark, in pixels."""
        r = style.BEARING_TICK_PX + 4.0
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw halo, tick, dot and warning mark."""
        look = self.look
        radius = style.CAMERA_RADIUS_PX
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = style.camera_colour(look.status)
        if self.selected:
            halo = QColor(style.SELECTION_COLOUR)
            halo.setAlpha(110)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawEllipse(QPointF(0, 0), radius + 6, radius + 6)
        if look.bearing_deg is not None:
            angle = math.radians(look.bearing_deg)
            tip = QPointF(
                math.sin(angle) * style.BEARING_TICK_PX, -math.cos(angle) * style.BEARING_TICK_PX
            )
            painter.setPen(QPen(QColor("white"), 4.5, c=Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(0, 0), tip)
            painter.setPen(QPen(colour.darker(130), 2.5, c=Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(0, 0), tip)
        if look.status == "planned":
            # planned: hollow and dashed, so it reads as "not there yet" even in greyscale
            pen = QPen(colour.darker(120), 2.0, Qt.PenStyle.DashLine)
            pen.setDashPattern([2.0, 1.5])
            painter.setPen(pen)
            painter.setBrush(QColor(255, 255, 255, 230))
        else:
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(colour)
        painter.drawEllipse(QPointF(0, 0), radius, radius)
        if look.status == "removed":
            painter.setPen(QPen(QColor("#444444"), 1.5))
            d = radius * 0.7
            painter.drawLine(QPointF(-d, -d), QPointF(d, d))
            painter.drawLine(QPointF(-d, d), QPointF(d, -d))
        if look.inside_building:
            _draw_warning(painter, QPointF(radius + 2, -radius - 2))


def _draw_warning(painter: QPainter, corner: QPointF) -> None:
    """A small yellow triangle with "!" whose lower-left corner is at ``corner``."""
    size = 10.0
    x, y = corner.x(), corner.y()
    triangle = QPolygonF(
        [QPointF(x, y), QPointF(x + size, y), QPointF(x + size / 2, y - size * 0.9)]
    )
    painter.setPen(QPen(QColor("#5a4500"), 1.0))
    painter.setBrush(style.WARNING_COLOUR)
    painter.drawPolygon(triangle)
    painter.setPen(QPen(QColor("#000000"), 1.3))
    painter.drawLine(QPointF(x + size / 2, y - size * 0.6), QPointF(x + size / 2, y - size * 0.3))
    painter.drawPoint(QPointF(x + size / 2, y - size * 0.12))


class ZoneItem(QGraphicsPathItem):
    """A mandatory zone drawn in scene units: area (fill + outline) or line (cased stroke).

    The outline (area) or casing (line) says pass (green) or fail (red); the
    fill or core says the category.
    """

    def __init__(self, path: QPainterPath, category: str, kind: str) -> None:
        super().__init__(path)
        self.category = category
        self.kind = kind
        self.passed = False
        self.selected = False
        self._restyle()

    def set_result(self, passed: bool, selected: bool) -> None:
        """Show pass/fail and selection."""
        if (passed, selected) != (self.passed, self.selected):
            self.passed, self.selected = passed, selected
            self._restyle()

    def _restyle(self) -> None:
        result = style.PASSED_COLOUR if self.passed else style.FAILED_COLOUR
        if self.kind == "area":
            self.setBrush(style.zone_fill(self.category))
            self.setPen(style.cosmetic_pen(result, 3.5 if self.selected else 2.0))
        else:
            self.setBrush(Qt.BrushStyle.NoBrush)
            self.setPen(style.cosmetic_pen(result, 7.0 if self.selected else 5.0))
        self.update()

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Area: halo, fill and outline; line: halo, pass/fail casing and category core."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        path = self.path()
        if self.selected:
            painter.strokePath(path, style.cosmetic_pen(style.SELECTION_COLOUR, 10.0))
        if self.kind == "area":
            painter.fillPath(path, self.brush())
            painter.strokePath(path, self.pen())
        else:
            painter.strokePath(path, self.pen())
            painter.strokePath(path, style.cosmetic_pen(style.zone_colour(self.category), 2.5))


class ZoneMarkerItem(QGraphicsItem):
    """A point zone (an entrance): a diamond in the category colour, outlined pass/fail."""

    def __init__(self, category: str) -> None:
        super().__init__()
        pixel_item_flags(self)
        self.category = category
        self.passed = False
        self.selected = False

    def set_result(self, passed: bool, selected: bool) -> None:
        """Show pass/fail and selection."""
        if (passed, selected) != (self.passed, self.selected):
            self.passed, self.selected = passed, selected
            self.update()

    def boundingRect(self) -> QRectF:
        """The diamond and its halo, in pixels."""
        r = style.POINT_ZONE_RADIUS_PX + 7
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw the diamond."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = style.POINT_ZONE_RADIUS_PX
        diamond = QPolygonF([QPointF(0, -r), QPointF(r, 0), QPointF(0, r), QPointF(-r, 0)])
        if self.selected:
            painter.setPen(QPen(style.SELECTION_COLOUR, 8.0, j=Qt.PenJoinStyle.RoundJoin))
            painter.drawPolygon(diamond)
        result = style.PASSED_COLOUR if self.passed else style.FAILED_COLOUR
        painter.setPen(QPen(result, 2.5, j=Qt.PenJoinStyle.MiterJoin))
        painter.setBrush(style.zone_colour(self.category))
        painter.drawPolygon(diamond)


class LabelItem(QGraphicsItem):
    """A text label with a white halo, readable over any fill (Chinese included)."""

    def __init__(self, text: str, font: QFont) -> None:
        super().__init__()
        pixel_item_flags(self)
        path = QPainterPath()
        path.addText(0, 0, font, text)
        rect = path.boundingRect()
        # centred on its anchor, just below it (point zones and camera symbols sit on the anchor)
        path.translate(-rect.center().x(), -rect.top() + 9)
        self._path = path
        self._rect = path.boundingRect().adjusted(-3, -3, 3, 3)

    def boundingRect(self) -> QRectF:
        """The text and its halo, in pixels."""
        return self._rect

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Halo, then text."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.strokePath(
            self._path,
            QPen(QColor(255, 255, 255, 220), 3.0, j=Qt.PenJoinStyle.RoundJoin),
        )
        painter.fillPath(self._path, QColor("#202020"))


class GapItem(QGraphicsPathItem):
    """Uncovered parts of the selected zone: red hatch (areas), red dashes (lines), rings."""

    def __init__(self, areas: QPainterPath, lines: QPainterPath, points: QPainterPath) -> None:
        super().__init__(areas)
        self._lines = lines
        self._points = points
        self.setBrush(QBrush(style.GAP_COLOUR, Qt.BrushStyle.BDiagPattern))
        self.setPen(style.cosmetic_pen(style.GAP_COLOUR, 1.5))

    def boundingRect(self) -> QRectF:
        """Everything it draws (the stroke widths are cosmetic: a little margin is enough)."""
        rect = self.path().boundingRect().united(self._lines.boundingRect())
        return rect.united(self._points.boundingRect()).adjusted(-1, -1, 1, 1)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Hatch and outline the areas, dash the lines, ring the points."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.fillPath(self.path(), self.brush())
        painter.strokePath(self.path(), self.pen())
        pen = style.cosmetic_pen(style.GAP_COLOUR, 4.0, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.strokePath(self._lines, pen)
        painter.strokePath(self._points, style.cosmetic_pen(style.GAP_COLOUR, 22.0))
        painter.strokePath(self._points, style.cosmetic_pen(QColor("white"), 15.0))


#: Handle names: rotate the camera, or widen its field of view on either edge.
BEARING_HANDLE = "bearing"
FOV_LEFT_HANDLE = "fov_left"
FOV_RIGHT_HANDLE = "fov_right"


def handle_offsets(bearing_deg: float, hfov_deg: float, *, fov: bool) -> dict[str, QPointF]:
    """Where each handle is, in pixels from the camera (y down, 0° = up = north)."""

    def at(angle_deg: float) -> QPointF:
        a = math.radians(angle_deg)
        return QPointF(
            math.sin(a) * style.HANDLE_DISTANCE_PX, -math.cos(a) * style.HANDLE_DISTANCE_PX
        )

    offsets = {BEARING_HANDLE: at(bearing_deg)}
    if fov:
        offsets[FOV_LEFT_HANDLE] = at(bearing_deg - hfov_deg / 2)
        offsets[FOV_RIGHT_HANDLE] = at(bearing_deg + hfov_deg / 2)
    return offsets


class HandlesItem(QGraphicsItem):
    """Editing handles of the one selected camera: bearing knob and two field-of-view knobs."""

    def __init__(self, bearing_deg: float, hfov_deg: float, *, fov: bool) -> None:
        super().__init__()
        pixel_item_flags(self)
        self.offsets = handle_offsets(bearing_deg, hfov_deg, fov=fov)
        self._bearing = bearing_deg
        self._hfov = hfov_deg
        self._fov = fov

    def boundingRect(self) -> QRectF:
        """The circle the handles move on, in pixels."""
        r = style.HANDLE_DISTANCE_PX + style.HANDLE_RADIUS_PX + 3
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Guide lines (and the sector arc) then the knobs."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        guide = QPen(QColor(40, 40, 40, 170), 1.2, Qt.PenStyle.DashLine)
        painter.setPen(guide)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for offset in self.offsets.values():
            painter.drawLine(QPointF(0, 0), offset)
        if self._fov:
            r = style.HANDLE_DISTANCE_PX
            # Qt angles: counter-clockwise from 3 o'clock, in 1/16 degree
            start = (90.0 - (self._bearing + self._hfov / 2)) * 16
            painter.drawArc(QRectF(-r, -r, 2 * r, 2 * r), round(start), round(self._hfov * 16))
        for name, offset in self.offsets.items():
            fill = style.SELECTION_COLOUR if name == BEARING_HANDLE else QColor("white")
            painter.setPen(QPen(QColor("#1b1b1b"), 1.5))
            painter.setBrush(fill)
            painter.drawEllipse(offset, style.HANDLE_RADIUS_PX, style.HANDLE_RADIUS_PX)
