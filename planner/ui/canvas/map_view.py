"""The map: every layer of the open project, camera views by DORI band, and editing on it.

Scene units are project metres with y flipped once (scene ``(x, -y)``, see
:mod:`planner.ui.canvas.geometry`); the view itself is never flipped, so text
and symbols stay upright. The view follows the document's signals and redraws
only what changed: a moved camera replaces that camera's items, a coverage
change restyles only the zones whose pass/fail flipped. Mouse gestures are
decided by the tools in :mod:`planner.ui.canvas.tools`.

Drawing is cheap on every mouse move because every item keeps what it drew as
a pixmap in device pixels (``DeviceCoordinateCache``): a repaint blits the
roads, buildings, zones and views, and only the items that changed (the dragged
camera's, the zones whose result flipped) are drawn again. Only the changed
part of the viewport is repainted, except after a pan or when the furniture
changes. Symbols and outlines follow a level of detail
(:func:`planner.ui.canvas.style.detail_level`): small dots and hairlines at a
district overview, the full symbols when zoomed in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRect, QRectF, QSizeF, Qt, Signal, Slot
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPixmap,
    QPixmapCache,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
)

from planner.core.levels import LEVELS, OMNIDIRECTIONAL_TYPES
from planner.core.views import camera_parameters
from planner.ui.canvas import overlays, style
from planner.ui.canvas.geometry import path_from_geometries, path_from_geometry, scene_point
from planner.ui.canvas.items import (
    CameraItem,
    CameraLook,
    GapItem,
    HandlesItem,
    InvalidRowItem,
    LabelItem,
    LayerItem,
    MapPathItem,
    ZoneItem,
    ZoneMarkerItem,
    cache_in_device_pixels,
    invalid_outline,
)
from planner.ui.canvas.tools import AddCameraTool, MapTool, SelectTool
from planner.ui.document import GESTURE_FIELDS, ProjectDocument
from planner.ui.labels import value_label
from planner.ui.retranslate import LanguageAware

#: Layers bottom to top, with their z values (labels and handles are internal, always on top).
LAYERS = ("roads", "buildings", "zones", "private_areas", "views", "gaps", "cameras")
#: Drawing order of every layer: zone names under the camera symbols (a label must
#: never hide a camera one wants to click), the handles of the selection on top.
_DRAW_ORDER = (*LAYERS[:-1], "labels", "invalid", "cameras", "handles")
#: Internal layers: never listed for the user, never in the extent ("invalid": rows
#: left out of computing, whose coordinates may be anywhere).
_NOT_IN_EXTENT = ("labels", "invalid", "handles")
_ZOOM_STEP = 1.25
_MIN_PX_PER_M, _MAX_PX_PER_M = 0.002, 400.0
_PICK_PX = 9.0  # how close (pixels) a click must be to a camera or a line/point zone
# zone names and camera ids only when zoomed in this far (about 1:3,000): at district
# scale they would cover the map
_LABELS_MIN_PX_PER_M = 1.2
#: Room for the items' cached pixmaps (a few viewport-sized ones when zoomed in).
_PIXMAP_CACHE_KB = 256 * 1024
# The highlighted geometry (a privacy finding) draws above the views and gaps,
# under the zone names and camera symbols (z of the "gaps" layer plus a half).
_HIGHLIGHT_Z = _DRAW_ORDER.index("gaps") + 0.5
_HIGHLIGHT_COLOUR = QColor(211, 17, 17)
_HIGHLIGHT_POINT_PX = 14.0  # radius of the ring around a highlighted point
_MIN_ZOOM_M = 80.0  # a point or a short line is shown with at least this much around it


class MapView(LanguageAware, QGraphicsView):
    """The map canvas of one :class:`ProjectDocument`."""

    cursorMoved = Signal(float, float)  # project CRS x, y under the mouse
    scaleChanged = Signal(float)  # 1:N denominator at the screen's DPI

    def __init__(self, document: ProjectDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setScene(QGraphicsScene(self))
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QColor("#f7f6f2"))
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # only what changed is repainted; a pan repaints it all (scrollContentsBy), since
        # the furniture drawn in viewport pixels must not move with the map
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        # the items' pixmaps live in the global pixmap cache: its 10 MB default holds
        # too few viewport-sized ones, and evicted items would be drawn on every frame
        QPixmapCache.setCacheLimit(max(QPixmapCache.cacheLimit(), _PIXMAP_CACHE_KB))
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)

        self._layers: dict[str, LayerItem] = {}
        for z, name in enumerate(_DRAW_ORDER):
            layer = LayerItem(name, float(z))
            self.scene().addItem(layer)
            self._layers[name] = layer
        self._bands: dict[str, LayerItem] = {}
        for k, level in enumerate(LEVELS):  # coarse bands under fine ones
            band = LayerItem(level, float(k))
            band.setParentItem(self._layers["views"])
            self._bands[level] = band

        self._camera_items: dict[str, list[QGraphicsItem]] = {}
        self._camera_symbols: dict[str, CameraItem] = {}
        self._camera_labels: dict[str, LabelItem] = {}
        self._camera_labels_on = True
        self._camera_xy: dict[str, tuple[float, float]] = {}
        self._zone_items: list[ZoneItem | ZoneMarkerItem] = []
        self._zone_row: dict[str, int] = {}
        self._passed = np.zeros(0, dtype=int)
        self._selected_zone_row: int | None = None
        self._selected_cameras: set[str] = set()
        self._gap_item: GapItem | None = None
        self._handles: HandlesItem | None = None
        self._highlight: list[QGraphicsItem] = []
        self._categories: list[str] = []
        self._overlays: list[QGraphicsItem] = []
        self._legend_cache: tuple[tuple, QPixmap] | None = None
        self._plain = False  # drawing an exported map: no selection marks (plain_rendering)
        self._detail = style.detail_level(self._pixels_per_metre())

        self._tools: dict[str, MapTool] = {
            "select": SelectTool(self, document),
            "add_camera": AddCameraTool(self, document),
        }
        self._tool: MapTool = self._tools["select"]
        self._pan_from: QPointF | None = None
        self._click_from: QPointF | None = None  # a left press on empty space: click or pan
        self._space_down = False
        self._last_scale = 0.0

        document.projectReplaced.connect(self._on_project_replaced)
        document.camerasChanged.connect(self._on_cameras_changed)
        document.coverageChanged.connect(self._on_coverage_changed)
        document.selectionChanged.connect(self._on_selection_changed)
        if document.is_open:
            self._on_project_replaced()
        self.retranslate()

    def retranslate(self) -> None:
        """Draw the furniture again in the current language.

        The legend, north arrow and credit are named while painting, so nothing
        is stored to rename: the cached legend is dropped and the map repainted.
        """
        self._legend_cache = None
        self.viewport().update()

    # ------------------------------------------------------------------ public API
    def layer_names(self) -> list[str]:
        """Names of the layers the user can show, hide and fade, bottom to top."""
        return list(LAYERS)

    def set_layer_visible(self, name: str, visible: bool) -> None:
        """Show or hide a layer (see :meth:`layer_names`)."""
        self._layer(name).setVisible(visible)
        if name == "zones":
            self._update_labels()
        self.viewport().update()  # the legend changes too

    def detail_level(self) -> int:
        """The level of detail drawn now (``style.OVERVIEW``, ``DISTRICT`` or ``STREET``)."""
        return self._detail

    def is_layer_visible(self, name: str) -> bool:
        """Whether a layer is shown."""
        return self._layer(name).isVisible()

    def set_layer_opacity(self, name: str, opacity: float) -> None:
        """Fade a layer: 0 transparent, 1 opaque."""
        self._layer(name).setOpacity(min(max(float(opacity), 0.0), 1.0))
        self.viewport().update()

    def set_band_visible(self, level: str, visible: bool) -> None:
        """Show or hide one DORI band (``detect``, ``observe``, ``recognise``, ``identify``)."""
        if level not in self._bands:
            raise KeyError(level)
        self._bands[level].setVisible(visible)
        self.viewport().update()

    def set_camera_labels_visible(self, visible: bool) -> None:
        """Show or hide the camera ids beside their symbols (shown from street level on)."""
        self._camera_labels_on = visible
        self._update_labels()

    def camera_labels_visible(self) -> bool:
        """Whether camera ids are shown when zoomed in far enough."""
        return self._camera_labels_on

    def set_tool(self, name: str) -> None:
        """Switch the mouse tool: ``select`` or ``add_camera``."""
        if name not in self._tools:
            raise KeyError(name)
        if self._tools[name] is not self._tool:
            self._tool.deactivate()
            self._tool = self._tools[name]
        cursor = Qt.CursorShape.CrossCursor if name == "add_camera" else Qt.CursorShape.ArrowCursor
        self.viewport().setCursor(cursor)

    def tool_name(self) -> str:
        """The active tool's name."""
        return self._tool.name

    def zoom_to_extent(self) -> None:
        """Show every layer of the project."""
        self._fit(self._extent(self._layers.values()))

    def zoom_to_layer(self, name: str) -> None:
        """Show every feature of one layer."""
        self._fit(self._extent([self._layer(name)]))

    def zoom_to_selection(self) -> None:
        """Show the selected cameras (with their views) or the selected zone."""
        if self.document.selected_zone is not None:
            self.zoom_to_zone(self.document.selected_zone)
            return
        rect = QRectF()
        for camera_id in self.document.selected_cameras:
            for item in self._camera_items.get(camera_id, []):
                rect = rect.united(item.sceneBoundingRect())
        self._fit(rect)

    def zoom_to_zone(self, zone_id: str) -> None:
        """Show one zone with some of its surroundings."""
        row = self._zone_row.get(zone_id)
        if row is None or self.document.state is None:
            return
        self.zoom_to_geometry(self.document.state.zones.geometry.iloc[row])

    def zoom_to_geometry(self, geom: shapely.Geometry | None) -> None:
        """Show ``geom`` (project coordinates) with some of its surroundings."""
        if geom is None or shapely.is_empty(geom):
            return
        minx, miny, maxx, maxy = shapely.bounds(geom)
        rect = QRectF(scene_point(minx, maxy), scene_point(maxx, miny))
        centre = rect.center()
        # a point or a short line: show at least 80 m around it
        width, height = max(rect.width(), _MIN_ZOOM_M), max(rect.height(), _MIN_ZOOM_M)
        self._fit(QRectF(centre.x() - width / 2, centre.y() - height / 2, width, height))

    def show_highlight(self, geom: shapely.Geometry | None) -> None:
        """Draw ``geom`` in red above the views (None or empty: remove the highlight).

        Polygons are filled half-transparent with a red outline, lines drawn
        thick, points ringed; widths are in screen pixels at any zoom.
        """
        for item in self._highlight:
            self.scene().removeItem(item)
        self._highlight = []
        if geom is None or shapely.is_empty(geom):
            return
        parts = shapely.get_parts(np.asarray([geom], dtype=object))
        kinds = shapely.get_dimensions(parts)
        fill = QColor(_HIGHLIGHT_COLOUR)
        fill.setAlpha(110)
        areas, lines = parts[kinds == 2], parts[kinds == 1]
        if len(areas):
            item = QGraphicsPathItem(path_from_geometries(areas))
            item.setBrush(fill)
            item.setPen(style.cosmetic_pen(_HIGHLIGHT_COLOUR, 2.0))
            self._add_highlight(item)
        if len(lines):
            item = QGraphicsPathItem(path_from_geometries(lines))
            pen = style.cosmetic_pen(_HIGHLIGHT_COLOUR, 5.0)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            item.setPen(pen)
            self._add_highlight(item)
        r = _HIGHLIGHT_POINT_PX
        for x, y in shapely.get_coordinates(parts[kinds == 0]).tolist():
            ring = QGraphicsEllipseItem(-r, -r, 2 * r, 2 * r)
            ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            ring.setPos(scene_point(x, y))
            ring.setBrush(fill)
            ring.setPen(style.cosmetic_pen(_HIGHLIGHT_COLOUR, 3.0))
            self._add_highlight(ring)

    def add_overlay(self, item: QGraphicsItem, *, above: str) -> None:
        """Put a layer drawn by someone else (the survey's devices) just above layer ``above``.

        The view neither fills nor clears it: its owner does, the view only orders it.
        """
        item.setZValue(_DRAW_ORDER.index(above) + 0.5)
        self.scene().addItem(item)
        self._overlays.append(item)

    def highlight_items(self) -> list[QGraphicsItem]:
        """The items drawing the highlight (empty when none is shown)."""
        return list(self._highlight)

    def _add_highlight(self, item: QGraphicsItem) -> None:
        item.setZValue(_HIGHLIGHT_Z)
        item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.scene().addItem(item)
        self._highlight.append(item)

    def current_scale(self) -> float:
        """The map scale's denominator N (1:N) at the screen's logical DPI."""
        metres_per_inch = 0.0254
        return self.logicalDpiX() / metres_per_inch / self._pixels_per_metre()

    def project_xy(self, pos: QPointF) -> tuple[float, float]:
        """Project coordinates of a viewport position (sub-pixel exact)."""
        inverse, _ = self.viewportTransform().inverted()
        scene = inverse.map(QPointF(pos))
        return scene.x(), -scene.y()

    def viewport_pos(self, x: float, y: float) -> QPointF:
        """Viewport position of project coordinates (sub-pixel exact)."""
        return self.viewportTransform().map(scene_point(x, y))

    # ------------------------------------------------------------------ picking (tools ask)
    def camera_at(self, pos: QPointF) -> str | None:
        """The camera drawn nearest to viewport ``pos``, within a few pixels."""
        if not self._camera_xy or not self._layers["cameras"].isVisible():
            return None
        ids = list(self._camera_xy)
        xy = np.array([self._camera_xy[c] for c in ids])
        px, py = self.project_xy(pos)
        distance = np.hypot(xy[:, 0] - px, xy[:, 1] - py) * self._pixels_per_metre()
        nearest = int(np.argmin(distance))
        return ids[nearest] if distance[nearest] <= _PICK_PX else None

    def cameras_in(self, rect: QRect) -> list[str]:
        """Cameras whose symbol lies inside the viewport rectangle ``rect``."""
        if not self._layers["cameras"].isVisible():
            return []
        return [
            c
            for c, (x, y) in self._camera_xy.items()
            if rect.contains(self.viewport_pos(x, y).toPoint())
        ]

    def zone_at(self, pos: QPointF) -> str | None:
        """The zone under viewport ``pos``: points and lines first, then the smallest area."""
        state = self.document.state
        if state is None or not len(state.zones) or not self._layers["zones"].isVisible():
            return None
        tolerance = _PICK_PX / self._pixels_per_metre()
        point = shapely.Point(*self.project_xy(pos))
        rows = state.zone_tree.query(point, predicate="dwithin", distance=tolerance)
        if not len(rows):
            return None
        geoms = state.zones.geometry.to_numpy()[rows]
        # a point or line zone on top of an area is only pickable if it wins
        order = np.lexsort((shapely.area(geoms), shapely.get_dimensions(geoms)))
        return str(state.targets.zone_id[rows[order[0]]])

    def handle_at(self, pos: QPointF) -> str | None:
        """The editing handle of the selected camera under viewport ``pos``, if any."""
        if self._handles is None or len(self.document.selected_cameras) != 1:
            return None
        for name, where in self.handle_positions().items():
            if math.hypot(where.x() - pos.x(), where.y() - pos.y()) <= style.HANDLE_RADIUS_PX + 4:
                return name
        return None

    def camera_fields(self, camera_id: str) -> dict[str, Any]:
        """A camera's fields as drawn now: the table's, with any drag in progress applied."""
        return self.document.camera(camera_id)

    def _live_fields(self, camera_id: str) -> dict[str, float]:
        """Position, bearing and field of view of a gesture under way on ``camera_id``.

        Whoever drives the gesture (a map tool, a panel, a script calling
        ``document.update_gesture``), the symbol and handles follow it.
        """
        if self.document.gesture_camera != camera_id:
            return {}
        # the document holds the live values (the tool keeps none of its own)
        fields = self.document.camera(camera_id)
        return {k: float(fields[k]) for k in GESTURE_FIELDS if fields.get(k) is not None}

    def handle_positions(self) -> dict[str, QPointF]:
        """Viewport positions of the handles of the selected camera (empty if none)."""
        if self._handles is None or len(self.document.selected_cameras) != 1:
            return {}
        centre = self.viewport_pos(*self._camera_xy[self.document.selected_cameras[0]])
        return {name: centre + offset for name, offset in self._handles.offsets.items()}

    # ------------------------------------------------------------------ document signals
    @Slot()
    def _on_project_replaced(self) -> None:
        for layer in (*self._layers.values(), *self._bands.values()):
            for child in layer.childItems():
                if child not in self._bands.values():
                    self.scene().removeItem(child)
        self._camera_items.clear()
        self._camera_symbols.clear()
        self._camera_labels.clear()
        self._camera_xy.clear()
        self._zone_items = []
        self._zone_row = {}
        self._passed = np.zeros(0, dtype=int)
        self._selected_zone_row = None
        self._selected_cameras = set()
        self._gap_item = None
        self._handles = None
        self.show_highlight(None)
        project, state = self.document.project, self.document.state
        if project is None or state is None:
            self.viewport().update()
            return
        self._detail = style.detail_level(self._pixels_per_metre())
        self._build_background(project)
        self._build_zones(state)
        self._build_cameras(self.document.camera_ids())
        self._build_invalid(project)
        extent = self._extent(self._layers.values())
        if not extent.isEmpty():
            margin = max(extent.width(), extent.height()) * 2.0
            # generous room around the data: panning is never stopped at its edge
            self.scene().setSceneRect(extent.adjusted(-margin, -margin, margin, margin))
        self._on_coverage_changed()
        self._on_selection_changed()

    @Slot(object)
    def _on_cameras_changed(self, camera_ids: Iterable[str]) -> None:
        if self.document.state is None:
            return
        ids = list(camera_ids)
        if len(ids) == 1 and ids[0] == self.document.gesture_camera and ids[0] in self._camera_xy:
            self._follow_gesture(ids[0])  # a drag step: no table look-up, one symbol moved
            return
        for camera_id in ids:
            for item in self._camera_items.pop(camera_id, []):
                self.scene().removeItem(item)
            self._camera_symbols.pop(camera_id, None)
            self._camera_labels.pop(camera_id, None)
            self._camera_xy.pop(camera_id, None)
        present = set(self.document.camera_ids())
        self._build_cameras([c for c in ids if c in present])
        if set(ids) & set(self.document.selected_cameras):
            self._update_handles()

    @Slot()
    def _on_coverage_changed(self) -> None:
        state = self.document.state
        if state is None or len(state.zones) != len(self._zone_items):
            return
        # 1 pass, 0 fail, -1 advisory (the ruleset does not require the zone: no verdict)
        passed = np.where(
            np.asarray(state.mandatory, dtype=bool), np.asarray(state.passed, dtype=int), -1
        )
        if len(self._passed) != len(passed):
            changed = np.arange(len(passed))
        else:
            changed = np.flatnonzero(passed != self._passed)
        for row in changed:
            self._zone_items[row].set_result(_verdict(passed[row]), row == self._selected_zone_row)
        self._passed = passed
        self._update_gaps()

    @Slot()
    def _on_selection_changed(self) -> None:
        selected = set(self.document.selected_cameras)
        for camera_id in selected ^ self._selected_cameras:
            if camera_id in self._camera_symbols:
                self._camera_symbols[camera_id].set_selected(camera_id in selected)
        self._selected_cameras = selected
        zone = self.document.selected_zone
        row = self._zone_row.get(zone) if zone is not None else None
        if row != self._selected_zone_row:
            for old_or_new in (self._selected_zone_row, row):
                if old_or_new is not None:
                    self._zone_items[old_or_new].set_result(
                        _verdict(self._passed[old_or_new]) if len(self._passed) else False,
                        old_or_new == row,
                    )
            self._selected_zone_row = row
            self._update_gaps()
        self._update_handles()
        self.viewport().update()

    # ------------------------------------------------------------------ building items
    def _build_background(self, project: Any) -> None:
        ppm = self._pixels_per_metre()
        roads = MapPathItem(path_from_geometries(project.roads.geometry.to_numpy()))
        # exactly 1 px: Qt then draws the ~8,000-segment path with its fast cosmetic-line
        # rasteriser; any wider pen goes through the stroker, 250 ms a frame for Helsinki
        roads.setPen(style.cosmetic_pen(style.ROAD_COLOUR, 1.0))
        roads.set_pixels_per_metre(ppm)
        roads.setParentItem(self._layers["roads"])
        # footprints do not overlap, so one odd-even path keeps their courtyards open
        buildings = MapPathItem(path_from_geometries(project.buildings.geometry.to_numpy()))
        buildings.setBrush(style.BUILDING_FILL)
        buildings.setPen(style.cosmetic_pen(style.BUILDING_OUTLINE, 1.0))
        buildings.set_pixels_per_metre(ppm)
        buildings.setParentItem(self._layers["buildings"])
        for geom in project.private_areas.geometry.to_numpy():
            # one item each: overlapping private areas must not cancel out
            item = MapPathItem(path_from_geometry(geom))
            item.setBrush(QBrush(style.PRIVATE_COLOUR, Qt.BrushStyle.BDiagPattern))
            item.setPen(style.cosmetic_pen(style.PRIVATE_COLOUR, 1.5))
            item.set_pixels_per_metre(ppm)
            item.setParentItem(self._layers["private_areas"])

    def _build_invalid(self, project: Any) -> None:
        """Rows kept in the file but left out of computing: a grey crossed mark each."""
        parent = self._layers["invalid"]
        ppm = self._pixels_per_metre()
        for frame in getattr(project, "invalid", {}).values():
            if "geometry" not in frame or not len(frame):
                continue
            for geom in frame.geometry.to_numpy():
                if geom is None or shapely.is_empty(geom):
                    continue
                if shapely.get_type_id(geom) not in (0, 4):  # lines, polygons: dashed too
                    outline = invalid_outline(path_from_geometry(geom))
                    outline.set_pixels_per_metre(ppm)
                    outline.setParentItem(parent)
                anchor = shapely.point_on_surface(geom)
                mark = InvalidRowItem()
                mark.setPos(scene_point(anchor.x, anchor.y))
                mark.setParentItem(parent)

    def _build_zones(self, state: Any) -> None:
        zones = state.zones
        categories = zones["category"].astype(str).to_numpy()
        names = zones["name"].to_numpy(dtype=object)
        geoms = zones.geometry.to_numpy()
        label_font = QFont(self.font())
        label_font.setPointSizeF(max(self.font().pointSizeF() * 0.9, 7.5))
        ppm = self._pixels_per_metre()
        # names show from street level on: beside a point zone's diamond, not across it
        beside_marker = style.DETAILS[style.STREET].point_zone_radius + 4.0
        for row, (geom, category, kind) in enumerate(
            zip(geoms, categories, state.targets.kind, strict=True)
        ):
            item: ZoneItem | ZoneMarkerItem
            if kind == "point":
                item = ZoneMarkerItem(category, self._detail)
                x, y = shapely.get_coordinates(geom)[0].tolist()
                item.setPos(scene_point(x, y))
                item.setZValue(1)  # entrances above areas
            else:
                item = ZoneItem(path_from_geometry(geom), category, kind, self._detail)
                item.set_pixels_per_metre(ppm)
                item.setZValue(0.5 if kind == "line" else 0.0)
            item.setParentItem(self._layers["zones"])
            self._zone_items.append(item)
            self._zone_row[str(state.targets.zone_id[row])] = row
            name = names[row]
            if isinstance(name, str) and name:
                anchor = _label_anchor(geom)
                label = LabelItem(name, label_font, beside_marker if kind == "point" else None)
                label.setPos(scene_point(*anchor))
                label.setParentItem(self._layers["labels"])
        self._categories = sorted(
            set(categories.tolist()),
            key=lambda c: list(style.ZONE_COLOURS).index(c) if c in style.ZONE_COLOURS else 99,
        )

    def _build_cameras(self, camera_ids: list[str]) -> None:
        """Symbol and DORI bands of each camera in ``camera_ids`` (which must exist)."""
        if not camera_ids:
            return
        project, state = self.document.project, self.document.state
        table = project.cameras
        rows = table[table["camera_id"].isin(camera_ids)]
        params = camera_parameters(rows)
        label_font = QFont(self.font())
        label_font.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7.0))
        beside = style.DETAILS[style.STREET].camera_radius + 5.0
        labels_shown = self._camera_labels_shown()
        statuses = rows["status"].astype(object).to_numpy()
        for k, camera_id in enumerate(params.camera_id.tolist()):
            live = self._live_fields(camera_id)
            x = float(live.get("x", params.x[k]))
            y = float(live.get("y", params.y[k]))
            if params.omnidirectional[k]:
                bearing: float | None = None  # sees all round: no tick, whatever is dragged
            elif "bearing_deg" in live:
                bearing = float(live["bearing_deg"])
            else:
                bearing = float(params.bearing_deg[k])
            hfov = float(live.get("hfov_deg", params.hfov_deg[k]))
            row = state.views.index.get(camera_id)
            working = bool(params.working[k])
            inside = bool(row is not None and state.views.inside_building[row] >= 0)
            look = CameraLook(
                camera_id,
                str(statuses[k] or "unknown"),
                bearing,
                hfov,
                working,
                inside,
            )
            symbol = CameraItem(look, detail=self._detail)
            symbol.setPos(scene_point(x, y))
            symbol.setParentItem(self._layers["cameras"])
            # the id beside the symbol: plans and printed maps refer to cameras by it
            label = LabelItem(camera_id, label_font, right_of=beside)
            label.setParentItem(symbol)
            label.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            label.setVisible(labels_shown)
            self._camera_labels[camera_id] = label
            symbol.set_selected(camera_id in self._selected_cameras)
            self._camera_items[camera_id] = [symbol, *self._build_bands(row, working)]
            self._camera_symbols[camera_id] = symbol
            self._camera_xy[camera_id] = (x, y)

    def _follow_gesture(self, camera_id: str) -> None:
        """Move the dragged camera's symbol and redraw its bands, from the live values."""
        state = self.document.state
        live = self._live_fields(camera_id)
        symbol = self._camera_symbols[camera_id]
        look = symbol.look
        row = state.views.index.get(camera_id)
        symbol.set_look(
            replace(
                look,
                bearing_deg=None
                if look.bearing_deg is None  # sees all round
                else live.get("bearing_deg", look.bearing_deg),
                hfov_deg=live.get("hfov_deg", look.hfov_deg),
                inside_building=bool(row is not None and state.views.inside_building[row] >= 0),
            )
        )
        x, y = (
            live.get("x", self._camera_xy[camera_id][0]),
            live.get("y", self._camera_xy[camera_id][1]),
        )
        symbol.setPos(scene_point(x, y))
        self._camera_xy[camera_id] = (x, y)
        for item in self._camera_items[camera_id][1:]:
            self.scene().removeItem(item)
        self._camera_items[camera_id] = [symbol, *self._build_bands(row, look.working)]
        if camera_id in self.document.selected_cameras:
            self._update_handles()

    def _build_bands(self, row: int | None, working: bool) -> list[QGraphicsItem]:
        """The DORI bands of the camera in row ``row`` of the coverage state's views."""
        state = self.document.state
        items: list[QGraphicsItem] = []
        if row is not None:
            for level in LEVELS:
                view = state.views.views[level][row]
                if view is None or shapely.is_empty(view):
                    continue
                # a plain path item: its own bounding rectangle (no Python call per
                # frame) holds the thin edge, with the one pixel of slack Qt's cache adds
                band = QGraphicsPathItem(path_from_geometry(view))
                cache_in_device_pixels(band)
                band.setBrush(style.band_brush(level, working=working))
                if level == LEVELS[0]:  # outline the outer band only: one crisp edge
                    edge = QColor(style.VIEW_COLOUR if working else style.INACTIVE_VIEW_COLOUR)
                    edge.setAlpha(150)
                    band.setPen(style.cosmetic_pen(edge, 0.8))
                else:
                    band.setPen(Qt.PenStyle.NoPen)
                band.setParentItem(self._bands[level])
                items.append(band)
        return items

    def _update_gaps(self) -> None:
        if self._gap_item is not None:
            self.scene().removeItem(self._gap_item)
            self._gap_item = None
        state, row = self.document.state, self._selected_zone_row
        if state is None or row is None:
            return
        zone = state.zones.geometry.iloc[row]
        covered = state.covered[row]
        gap = zone if covered is None else shapely.difference(zone, covered)
        parts = shapely.get_parts(np.array([gap], dtype=object))
        dims = shapely.get_dimensions(parts) if len(parts) else np.zeros(0, dtype=int)
        self._gap_item = GapItem(
            path_from_geometries(parts[dims == 2]),
            path_from_geometries(parts[dims == 1]),
            path_from_geometries(parts[dims == 0]),
        )
        self._gap_item.set_pixels_per_metre(self._pixels_per_metre())
        self._gap_item.setParentItem(self._layers["gaps"])

    def _update_handles(self) -> None:
        if self._handles is not None:
            self.scene().removeItem(self._handles)
            self._handles = None
        selected = self.document.selected_cameras
        if len(selected) != 1 or selected[0] not in self._camera_symbols:
            return
        camera_id = selected[0]
        fields = self.camera_fields(camera_id)
        if (fields.get("camera_type") or "fixed") in OMNIDIRECTIONAL_TYPES:
            return  # it sees all round: nothing to turn or widen
        look = self._camera_symbols[camera_id].look
        known = look.bearing_deg is not None
        self._handles = HandlesItem(look.bearing_deg or 0.0, look.hfov_deg, fov=known)
        self._handles.setPos(scene_point(*self._camera_xy[camera_id]))
        self._handles.setParentItem(self._layers["handles"])

    def _update_detail(self) -> None:
        """After a zoom: outlines stay inside their items' pixmaps, symbols resize."""
        ppm = self._pixels_per_metre()
        for name in ("roads", "buildings", "zones", "private_areas", "gaps"):
            for item in self._layers[name].childItems():
                if isinstance(item, MapPathItem):
                    item.set_pixels_per_metre(ppm)
        detail = style.detail_level(ppm)
        if detail == self._detail:
            return
        self._detail = detail
        for symbol in self._camera_symbols.values():
            symbol.set_detail(detail)
        for zone in self._zone_items:
            zone.set_detail(detail)

    def _update_labels(self) -> None:
        show = self._pixels_per_metre() >= _LABELS_MIN_PX_PER_M
        self._layers["labels"].setVisible(show and self._layers["zones"].isVisible())
        cameras = self._camera_labels_shown()
        for label in self._camera_labels.values():
            label.setVisible(cameras)

    def _camera_labels_shown(self) -> bool:
        return self._camera_labels_on and self._pixels_per_metre() >= _LABELS_MIN_PX_PER_M

    # ------------------------------------------------------------------ zoom and pan
    def _layer(self, name: str) -> LayerItem:
        if name not in LAYERS:
            raise KeyError(name)
        return self._layers[name]

    def _extent(self, layers: Iterable[LayerItem]) -> QRectF:
        rect = QRectF()
        for layer in layers:
            if layer.name in _NOT_IN_EXTENT:
                continue
            for child in layer.childItems():
                for item in [child, *child.childItems()]:
                    if isinstance(item, QGraphicsPathItem) and item.path().isEmpty():
                        continue  # an empty layer has no place: it must not pull in (0, 0)
                    if item.flags() & QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations:
                        rect = rect.united(QRectF(item.scenePos(), item.scenePos()))
                    elif not item.boundingRect().isNull():
                        rect = rect.united(item.sceneBoundingRect())
        return rect

    def _fit(self, rect: QRectF) -> None:
        if rect.isNull():
            return
        width, height = max(rect.width(), 20.0), max(rect.height(), 20.0)
        centre = rect.center()
        padded = QRectF(
            centre.x() - width * 0.55, centre.y() - height * 0.55, width * 1.1, height * 1.1
        )
        self.fitInView(padded, Qt.AspectRatioMode.KeepAspectRatio)
        self._scale_changed()

    def _pixels_per_metre(self) -> float:
        return abs(self.transform().m11()) or 1.0

    def _zoom(self, factor: float) -> None:
        current = self._pixels_per_metre()
        target = min(max(current * factor, _MIN_PX_PER_M), _MAX_PX_PER_M)
        if target != current:
            self.scale(target / current, target / current)
            self._scale_changed()

    def _scale_changed(self) -> None:
        self._update_labels()
        self._update_detail()
        scale = self.current_scale()
        if scale != self._last_scale:
            self._last_scale = scale
            self.scaleChanged.emit(scale)

    def _pan(self, pos: QPointF) -> None:
        delta = pos - self._pan_from
        self._pan_from = pos
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        horizontal.setValue(horizontal.value() - round(delta.x()))
        vertical.setValue(vertical.value() - round(delta.y()))

    # ------------------------------------------------------------------ Qt events
    def wheelEvent(self, event: QWheelEvent) -> None:
        """Zoom around the cursor; trackpads zoom smoothly by their pixel deltas."""
        delta = event.angleDelta().y() or event.pixelDelta().y()
        if delta:
            self._zoom(2.0 ** (delta / 240.0))  # one notch (120) = ×√2
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Middle button or Space+left pans; otherwise the tool decides, then pan on drag."""
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (
            button == Qt.MouseButton.LeftButton and self._space_down
        ):
            self._start_pan(event.position())
            return
        if self._tool.press(event):
            return
        if button == Qt.MouseButton.LeftButton and self._tool.name == "select":
            self._click_from = event.position()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Report the position; pan, or let the tool drag."""
        pos = event.position()
        self.cursorMoved.emit(*self.project_xy(pos))
        if self._pan_from is not None:
            self._pan(pos)
            return
        if self._click_from is not None:
            if (pos - self._click_from).manhattanLength() >= 4:
                self._start_pan(self._click_from)
                self._click_from = None
                self._pan(pos)
            return
        if self._tool.move(event):
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """End a pan, a click on empty space or the tool's drag."""
        if self._pan_from is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self._pan_from = None
            self.viewport().unsetCursor()
            self.set_tool(self._tool.name)
            return
        if self._click_from is not None and event.button() == Qt.MouseButton.LeftButton:
            self._click_from = None
            if isinstance(self._tool, SelectTool):
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self._tool.click(event.position(), shift=shift)
            return
        if self._tool.release(event):
            return
        super().mouseReleaseEvent(event)
        event.accept()  # e.g. the release of a drag Escape cancelled: the map used it

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+/− zoom, Delete removes the selected cameras, Escape cancels, Space pans."""
        key = event.key()
        if self._tool.key(event):
            return
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self._zoom_centred(_ZOOM_STEP)
        elif key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
            self._zoom_centred(1 / _ZOOM_STEP)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            if self.document.is_open and self.document.selected_cameras:
                self.document.remove_cameras(self.document.selected_cameras)
        elif key == Qt.Key.Key_Escape and self._pan_from is not None:
            self._pan_from = None
        else:
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        """Space up ends Space-panning."""
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space_down = False
            self.set_tool(self._tool.name)
            return
        super().keyReleaseEvent(event)

    def resizeEvent(self, event: Any) -> None:
        """Keep the scale readout right after a resize."""
        super().resizeEvent(event)
        self._scale_changed()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """A pan: the map moves, the furniture stays, so the whole viewport is repainted."""
        super().scrollContentsBy(dx, dy)
        self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:
        """Scale bar, north arrow, legend and credit, in viewport pixels."""
        if not self.document.is_open:
            return
        painter.save()
        painter.resetTransform()
        painter.setFont(self.font())
        self.paint_furniture(painter, QSizeF(self.viewport().size()), self._pixels_per_metre())
        painter.restore()

    def paint_furniture(
        self, painter: QPainter, size: QSizeF, pixels_per_metre: float, *, cached: bool = True
    ) -> None:
        """Scale bar, north arrow, legend and the OSM credit over a map ``size`` pixels big.

        ``painter`` is in map pixels with the map's top-left at (0, 0) and the
        furniture's font set. The window blits the legend from a cached pixmap;
        an exported page (``cached=False``) draws it, so it stays vector in a PDF.
        """
        if not self.document.is_open:
            return
        margin = overlays.MARGIN
        overlays.draw_scale_bar(
            painter, QPointF(margin + 6, size.height() - margin), pixels_per_metre
        )
        overlays.draw_north_arrow(
            painter, QPointF(size.width() - margin - 18, margin + 34), self.tr("N")
        )
        # the legend above the scale bar; taller than that, it flows into columns
        room = size.height() - 2 * margin - 60
        entries = self._legend_entries()
        if not cached:
            painter.save()
            overlays.draw_legend(painter, QPointF(margin, margin), entries, room)
            painter.restore()
        else:
            legend = self._legend_pixmap(entries, room)
            if legend is not None:
                painter.drawPixmap(QPointF(margin - 1, margin - 1), legend)
        if self.shows_osm_data():
            overlays.draw_attribution(
                painter,
                QPointF(size.width() - 4, size.height() - 4),
                self.tr("© OpenStreetMap contributors"),
            )

    def shows_osm_data(self) -> bool:
        """Whether the project's data comes from OpenStreetMap (then the map credits it)."""
        project = self.document.project
        source = str((project.metadata or {}).get("source", "")) if project is not None else ""
        return "openstreetmap" in source.lower()

    @contextmanager
    def plain_rendering(self) -> Iterator[None]:
        """Draw the map as a deliverable for the duration: no selection marks, no pixmap caches.

        The selection's outline and handles, the selected zone's gaps and the
        highlighted finding are hidden, and every item draws itself instead of
        blitting its cached pixmap (so a PDF gets vectors and text); all is
        restored afterwards.
        """
        hidden = [
            item
            for item in (self._handles, self._gap_item, *self._highlight)
            if item is not None and item.isVisible()
        ]
        symbols = [s for s in self._camera_symbols.values() if s.selected]
        row = self._selected_zone_row
        zone = self._zone_items[row] if row is not None and row < len(self._zone_items) else None
        caches = [(item, item.cacheMode()) for item in self.scene().items()]
        self._plain = True
        try:
            for item in hidden:
                item.setVisible(False)
            for symbol in symbols:
                symbol.set_selected(False)
            if zone is not None:
                zone.set_result(zone.passed, False)
            for item, _ in caches:
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
            yield
        finally:
            self._plain = False
            for item, mode in caches:
                item.setCacheMode(mode)
            for item in hidden:
                item.setVisible(True)
            for symbol in symbols:
                symbol.set_selected(True)
            if zone is not None:
                zone.set_result(zone.passed, True)
            self.viewport().update()

    # ------------------------------------------------------------------ internals
    def _start_pan(self, pos: QPointF) -> None:
        self._pan_from = pos
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def _zoom_centred(self, factor: float) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self._zoom(factor)
        self.setTransformationAnchor(anchor)

    def _legend_pixmap(self, entries: list[overlays.LegendEntry], room: float) -> QPixmap | None:
        """The legend drawn once into a pixmap: each drag frame repaints it, unchanged."""
        if not entries:
            return None
        ratio = self.devicePixelRatioF()
        key = (
            tuple((e.text, e.kind, e.colour.rgba() if e.colour else 0) for e in entries),
            room,
            self.font().key(),
            ratio,
        )
        if self._legend_cache is None or self._legend_cache[0] != key:
            box = overlays.legend_size(self.font(), entries, room)
            pixmap = QPixmap(
                math.ceil((box.width() + 2) * ratio), math.ceil((box.height() + 2) * ratio)
            )
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHints(self.renderHints())
            painter.setFont(self.font())
            overlays.draw_legend(painter, QPointF(1, 1), entries, room)
            painter.end()
            self._legend_cache = (key, pixmap)
        return self._legend_cache[1]

    def _legend_entries(self) -> list[overlays.LegendEntry]:
        entries: list[overlays.LegendEntry] = []
        if self._layers["zones"].isVisible() and self._categories:
            entries.append(overlays.LegendEntry(self.tr("Mandatory zones"), "heading"))
            entries.extend(
                overlays.LegendEntry(style.zone_label(c), "fill", style.zone_colour(c))
                for c in self._categories
            )
            entries.append(overlays.LegendEntry(self.tr("Passes"), "outline", style.PASSED_COLOUR))
            entries.append(overlays.LegendEntry(self.tr("Fails"), "outline", style.FAILED_COLOUR))
            if (self._passed < 0).any():
                entries.append(
                    overlays.LegendEntry(
                        self.tr("Advisory (no verdict)"), "outline", style.ADVISORY_COLOUR
                    )
                )
        if (
            self._selected_zone_row is not None
            and self._layers["gaps"].isVisible()
            and not self._plain
        ):
            entries.append(overlays.LegendEntry(self.tr("Not covered"), "hatch", style.GAP_COLOUR))
        if self._layers["private_areas"].isVisible() and self._layers["private_areas"].childItems():
            entries.append(
                overlays.LegendEntry(self.tr("Private area"), "hatch", style.PRIVATE_COLOUR)
            )
        if self._layers["cameras"].isVisible() and self._camera_symbols:
            looks = [symbol.look for symbol in self._camera_symbols.values()]
            statuses = {look.status for look in looks}
            entries.append(overlays.LegendEntry(self.tr("Cameras"), "heading"))
            entries.extend(
                overlays.LegendEntry(
                    value_label("status", status),
                    "planned" if status == "planned" else "camera",
                    style.camera_colour(status),
                )
                for status in style.CAMERA_COLOURS
                if status in statuses
            )
            if any(look.inside_building for look in looks):
                entries.append(overlays.LegendEntry(self.tr("Inside a building"), "warning"))
        if self._layers["invalid"].isVisible() and self._layers["invalid"].childItems():
            entries.append(overlays.LegendEntry(self.tr("Left out (see Problems)"), "invalid"))
        for overlay in self._overlays:  # e.g. the survey's devices, which say what they show
            if overlay.isVisible() and hasattr(overlay, "legend_entries"):
                entries.extend(overlay.legend_entries())
        bands = [lv for lv in LEVELS if self._bands[lv].isVisible()]
        if self._layers["views"].isVisible() and bands and self._camera_items:
            entries.append(overlays.LegendEntry(self.tr("Camera views"), "heading"))
            entries.extend(
                overlays.LegendEntry(style.level_label(lv), "band", overlays.legend_band_colour(lv))
                for lv in bands
            )
        return entries


def _label_anchor(geom: shapely.Geometry) -> tuple[float, float]:
    """Where a zone's name goes: on the zone (middle of a line, inside an area)."""
    dimension = shapely.get_dimensions(geom)
    if dimension == 1:
        point = shapely.line_interpolate_point(geom, 0.5, normalized=True)
    else:
        point = shapely.point_on_surface(geom)
    x, y = shapely.get_coordinates(point)[0].tolist()
    return x, y


def _verdict(code: int) -> bool | None:
    """A zone's result from its code in ``MapView._passed`` (−1: advisory, no verdict)."""
    return None if code < 0 else bool(code)
