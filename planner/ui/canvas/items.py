"""Graphics items of the map: they only draw what they are given, and never decide.

Which camera or zone is under the cursor and what a drag does are decided by
:mod:`planner.ui.canvas.tools`; what to draw comes from the document through
:class:`~planner.ui.canvas.map_view.MapView`. Symbols (cameras, point zones,
labels, handles) ignore the view's zoom and are sized in device pixels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from planner.ui.canvas import style
from planner.ui.canvas.geometry import diamond


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


def cache_in_device_pixels(item: QGraphicsItem) -> None:
    """Keep what ``item`` drew as a pixmap: a repaint blits it instead of drawing it again.

    Qt redraws the pixmap when the item calls ``update()`` or the zoom changes;
    a pan only shifts it. A drag step so draws just the items it changed.
    """
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


class ScreenSymbol(QGraphicsItem):
    """A symbol drawn in screen pixels whose size follows the level of detail.

    Subclasses give ``_bounds()`` for the current ``detail``; the rest (level
    switching, bounding rectangle, selection flag) is shared.
    """

    def __init__(self, detail: int, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        pixel_item_flags(self)
        cache_in_device_pixels(self)
        self.selected = False
        self.detail = detail
        self._rect = self._bounds()

    def _bounds(self) -> QRectF:
        raise NotImplementedError

    def set_detail(self, detail: int) -> None:
        """Draw at another level of detail (``style.OVERVIEW`` … ``style.STREET``)."""
        if detail != self.detail:
            self.prepareGeometryChange()
            self.detail = detail
            self._rect = self._bounds()
            self.update()

    def boundingRect(self) -> QRectF:
        """The symbol with its halo, in pixels."""
        return self._rect


@dataclass(frozen=True)
class CameraLook:
    """What a camera symbol shows: the camera's state, already resolved."""

    camera_id: str
    status: str
    bearing_deg: float | None  # None: a camera that sees all round, or whose bearing is unknown
    hfov_deg: float
    working: bool
    inside_building: bool


class CameraItem(ScreenSymbol):
    """A camera: a dot with a bearing tick; colour by status, dashed if planned.

    Its size follows the view's level of detail (:func:`style.detail_level`):
    a small dot at a district overview, the full symbol when zoomed in.
    """

    def __init__(
        self, look: CameraLook, parent: QGraphicsItem | None = None, detail: int = style.STREET
    ) -> None:
        self.look = look
        super().__init__(detail, parent)

    def set_selected(self, selected: bool) -> None:
        """Show or hide the selection halo."""
        if selected != self.selected:
            self.selected = selected
            self.update()

    def set_look(self, look: CameraLook) -> None:
        """Show the camera's new state (turned, widened, now inside a building…)."""
        if look != self.look:
            self.look = look
            self.update()

    def radius(self) -> float:
        """Radius of the dot in pixels at the current level of detail."""
        return style.DETAILS[self.detail].camera_radius

    def _bounds(self) -> QRectF:
        sizes = style.DETAILS[self.detail]
        r = max(sizes.bearing_tick, sizes.camera_radius + 2 + sizes.warning) + 4.0
        r = max(r, sizes.camera_radius + 8.0)  # the selection halo
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw halo, tick, dot and warning mark."""
        look = self.look
        sizes = style.DETAILS[self.detail]
        radius = sizes.camera_radius
        small = sizes.bearing_tick == 0.0
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        colour = style.camera_colour(look.status)
        if self.selected:
            halo = QColor(style.SELECTION_COLOUR)
            halo.setAlpha(110 if not small else 150)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(halo)
            painter.drawEllipse(QPointF(0, 0), radius + 6, radius + 6)
        if look.bearing_deg is not None and sizes.bearing_tick > 0:
            angle = math.radians(look.bearing_deg)
            tick = sizes.bearing_tick
            tip = QPointF(math.sin(angle) * tick, -math.cos(angle) * tick)
            width = 2.5 if self.detail == style.STREET else 2.0
            painter.setPen(QPen(QColor("white"), width + 2.0, c=Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(0, 0), tip)
            painter.setPen(QPen(colour.darker(130), width, c=Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(0, 0), tip)
        ring = QColor("white")
        if look.inside_building and sizes.warning == 0.0:
            ring = style.WARNING_COLOUR  # no room for the triangle: a yellow rim says the same
        if look.status == "planned":
            # planned: hollow and dashed, so it reads as "not there yet" even in greyscale
            pen = QPen(colour.darker(120), 2.0 if not small else 1.5, Qt.PenStyle.DashLine)
            pen.setDashPattern([2.0, 1.5])
            painter.setPen(pen)
            painter.setBrush(QColor(255, 255, 255, 230))
        else:
            painter.setPen(QPen(ring, 1.5))
            painter.setBrush(colour)
        painter.drawEllipse(QPointF(0, 0), radius, radius)
        if look.status == "removed":
            painter.setPen(QPen(QColor("#444444"), 1.5 if not small else 1.0))
            d = radius * 0.7
            painter.drawLine(QPointF(-d, -d), QPointF(d, d))
            painter.drawLine(QPointF(-d, d), QPointF(d, -d))
        if look.inside_building and sizes.warning > 0:
            draw_warning(painter, QPointF(radius + 2, -radius - 2), sizes.warning)


def draw_warning(painter: QPainter, corner: QPointF, size: float = 10.0) -> None:
    """A small yellow triangle with "!" whose lower-left corner is at ``corner``."""
    x, y = corner.x(), corner.y()
    triangle = QPolygonF(
        [QPointF(x, y), QPointF(x + size, y), QPointF(x + size / 2, y - size * 0.9)]
    )
    painter.setPen(QPen(QColor("#5a4500"), 1.0))
    painter.setBrush(style.WARNING_COLOUR)
    painter.drawPolygon(triangle)
    painter.setPen(QPen(QColor("#000000"), 1.3 * size / 10.0))
    painter.drawLine(QPointF(x + size / 2, y - size * 0.6), QPointF(x + size / 2, y - size * 0.3))
    painter.drawPoint(QPointF(x + size / 2, y - size * 0.12))


class MapPathItem(QGraphicsPathItem):
    """A path in scene units (metres) with cosmetic strokes, cached in device pixels.

    Its bounding rectangle is the path's, grown by what the strokes reach past
    it: ``reach_px`` screen pixels, turned into metres at the view's zoom
    (:meth:`set_pixels_per_metre`). Qt's own rectangle would take a cosmetic
    pen's width as metres (too small far out: the cached pixmap would clip the
    outline) and strokes the whole path to find it (slow for a road network).
    """

    def __init__(self, path: QPainterPath, reach_px: float = 2.0) -> None:
        super().__init__(path)
        cache_in_device_pixels(self)
        self._path_rect = path.controlPointRect()
        self._reach_px = reach_px
        self._pad = reach_px  # metres: right at 1 px/m until the view says its zoom
        self._rect = self._padded()

    def set_pixels_per_metre(self, pixels_per_metre: float) -> None:
        """The view's zoom changed: keep the outline inside the bounding rectangle."""
        needed = self._reach_px / max(pixels_per_metre, 1e-9)
        # some slack both ways, so a zoom step does not move every item in the index
        if not needed <= self._pad <= needed * 4.0:
            self.prepareGeometryChange()
            self._pad = needed * 2.0
            self._rect = self._padded()

    def _padded(self) -> QRectF:
        pad = self._pad
        return self._path_rect.adjusted(-pad, -pad, pad, pad)

    def boundingRect(self) -> QRectF:
        """The path and the few pixels its strokes reach past it."""
        # Qt asks several times per item and frame: a stored rectangle, nothing computed
        return self._rect

    def shape(self) -> QPainterPath:
        """The path itself (picking is done by the view with shapely, not by shapes)."""
        return self.path()


class ZoneItem(MapPathItem):
    """A mandatory zone drawn in scene units: area (fill + outline) or line (cased stroke).

    The outline (area) or casing (line) says pass (green) or fail (red), or
    grey for an advisory zone (no verdict); the fill or core says the category.
    Outlines thin out at overview scales.
    """

    def __init__(
        self, path: QPainterPath, category: str, kind: str, detail: int = style.STREET
    ) -> None:
        super().__init__(path, reach_px=10.0)
        self.category = category
        self.kind = kind
        self.passed: bool | None = False
        self.selected = False
        self.detail = detail
        self._restyle()

    def set_result(self, passed: bool | None, selected: bool) -> None:
        """Show pass/fail (None: advisory, no verdict) and selection."""
        if (passed, selected) != (self.passed, self.selected):
            self.passed, self.selected = passed, selected
            self._restyle()

    def set_detail(self, detail: int) -> None:
        """Draw the outline for another level of detail."""
        if detail != self.detail:
            self.detail = detail
            self._restyle()

    def _restyle(self) -> None:
        result = style.result_colour(self.passed)
        sizes = style.DETAILS[self.detail]
        if self.kind == "area":
            self.setBrush(style.zone_fill(self.category))
            width = sizes.area_outline + (1.5 if self.selected else 0.0)
        else:
            self.setBrush(Qt.BrushStyle.NoBrush)
            width = sizes.line_casing + (2.0 if self.selected else 0.0)
        self.setPen(style.cosmetic_pen(result, width))
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
            halo = style.cosmetic_pen(style.SELECTION_COLOUR, self.pen().widthF() + 6.0)
            painter.strokePath(path, halo)
        if self.kind == "area":
            painter.fillPath(path, self.brush())
            painter.strokePath(path, self.pen())
        else:
            painter.strokePath(path, self.pen())
            core = style.DETAILS[self.detail].line_core + (0.5 if self.selected else 0.0)
            painter.strokePath(path, style.cosmetic_pen(style.zone_colour(self.category), core))


class ZoneMarkerItem(ScreenSymbol):
    """A point zone (an entrance): a diamond in the category colour, outlined pass/fail."""

    def __init__(self, category: str, detail: int = style.STREET) -> None:
        self.category = category
        self.passed: bool | None = False
        super().__init__(detail)

    def set_result(self, passed: bool | None, selected: bool) -> None:
        """Show pass/fail (None: advisory, no verdict) and selection."""
        if (passed, selected) != (self.passed, self.selected):
            self.passed, self.selected = passed, selected
            self.update()

    def radius(self) -> float:
        """Half the diamond's diagonal in pixels at the current level of detail."""
        return style.DETAILS[self.detail].point_zone_radius

    def _bounds(self) -> QRectF:
        r = self.radius() + 7
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw the diamond."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        r = self.radius()
        shape = diamond(r)
        if self.selected:
            painter.setPen(QPen(style.SELECTION_COLOUR, 8.0, j=Qt.PenJoinStyle.RoundJoin))
            painter.drawPolygon(shape)
        result = style.result_colour(self.passed)
        width = 2.5 if self.detail == style.STREET else 1.5
        painter.setPen(QPen(result, width, j=Qt.PenJoinStyle.MiterJoin))
        painter.setBrush(style.zone_colour(self.category))
        painter.drawPolygon(shape)


class LabelItem(QGraphicsItem):
    """A text label with a white halo, readable over any fill (Chinese included).

    Centred 9 pixels under its anchor, so a camera on the anchor (a dome in
    the middle of a square) stays visible; or, with ``right_of`` set, that
    many pixels right of the anchor and centred on it (beside an entrance's
    diamond, where the camera watching the entrance is usually just below).
    """

    def __init__(self, text: str, font: QFont, right_of: float | None = None) -> None:
        super().__init__()
        pixel_item_flags(self)
        cache_in_device_pixels(self)
        self.text = text
        self._font = QFont(font)
        metrics = QFontMetricsF(self._font)
        width = metrics.horizontalAdvance(text)
        if right_of is None:
            top_left = QPointF(-width / 2, 9.0)
        else:
            top_left = QPointF(right_of, -metrics.height() / 2)
        self._origin = top_left + QPointF(0, metrics.ascent())  # the baseline's start
        path = QPainterPath()
        path.addText(self._origin, self._font, text)
        self._halo = path
        self._rect = QRectF(top_left, QSizeF(width, metrics.height())).adjusted(-3, -3, 3, 3)

    def boundingRect(self) -> QRectF:
        """The text and its halo, in pixels."""
        return self._rect

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Halo, then the text itself as hinted text (crisper than a filled outline)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.strokePath(
            self._halo,
            QPen(QColor(255, 255, 255, 230), 3.5, j=Qt.PenJoinStyle.RoundJoin),
        )
        painter.setFont(self._font)
        painter.setPen(QColor("#202020"))
        painter.drawText(self._origin, self.text)


class GapItem(MapPathItem):
    """Uncovered parts of the selected zone: red hatch (areas), red dashes (lines), rings."""

    def __init__(self, areas: QPainterPath, lines: QPainterPath, points: QPainterPath) -> None:
        super().__init__(areas, reach_px=12.0)  # the rings round points are 22 px wide
        self._lines = lines
        self._points = points
        self._path_rect = areas.controlPointRect()
        for other in (lines, points):
            if not other.isEmpty():
                rect = other.controlPointRect()
                self._path_rect = rect if self._path_rect.isNull() else self._path_rect | rect
        self._rect = self._padded()
        self.setBrush(QBrush(style.GAP_COLOUR, Qt.BrushStyle.BDiagPattern))
        self.setPen(style.cosmetic_pen(style.GAP_COLOUR, 1.5))

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


#: Colour of rows kept in the file but left out of computing (see the Problems panel).
INVALID_COLOUR = QColor("#6e6e6e")


class InvalidRowItem(ScreenSymbol):
    """A row left out of computing: a small grey crossed circle, in screen pixels."""

    RADIUS_PX = 5.0

    def __init__(self) -> None:
        super().__init__(style.STREET)  # one size at every level of detail

    def _bounds(self) -> QRectF:
        r = self.RADIUS_PX + 2.0  # the circle and its outline
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw the crossed circle."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        draw_invalid_mark(painter, QPointF(0, 0), self.RADIUS_PX)


def draw_invalid_mark(painter: QPainter, centre: QPointF, radius: float) -> None:
    """The grey crossed circle of a row left out of computing (map and legend)."""
    painter.setPen(QPen(INVALID_COLOUR, 1.5))
    painter.setBrush(QColor(255, 255, 255, 200))
    painter.drawEllipse(centre, radius, radius)
    d = radius * 0.7
    x, y = centre.x(), centre.y()
    painter.drawLine(QPointF(x - d, y - d), QPointF(x + d, y + d))
    painter.drawLine(QPointF(x - d, y + d), QPointF(x + d, y - d))


def invalid_outline(path: QPainterPath) -> MapPathItem:
    """A dashed grey outline of a line or polygon row left out of computing."""
    item = MapPathItem(path)
    item.setPen(style.cosmetic_pen(INVALID_COLOUR, 1.5, Qt.PenStyle.DashLine))
    item.setBrush(Qt.BrushStyle.NoBrush)
    return item
