"""What mouse and keys do on the map: select, move, rotate, widen, add — as document calls.

Tools decide; items only draw. A tool gets the view's mouse events first and
says whether it used them (the view pans with what is left). Every change goes
through the document: a drag is ``begin_gesture`` → ``update_gesture`` on each
move (the view and the zones follow live) → ``finish_gesture`` (one undo
command) or ``cancel_gesture`` (Escape).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPointF, QRect, QSize, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QRubberBand

from planner.ui.canvas.items import BEARING_HANDLE, FOV_LEFT_HANDLE, FOV_RIGHT_HANDLE
from planner.ui.document import ProjectDocument
from planner.ui.text import tr_format

if TYPE_CHECKING:
    from planner.ui.canvas.map_view import MapView

#: New cameras get these fields (the rest take their schema defaults).
NEW_CAMERA_FIELDS = {"bearing_deg": 0.0, "hfov_deg": 90.0, "camera_type": "fixed"}


def bearing_towards(dx: float, dy: float) -> float:
    """Bearing in degrees (0 = north, clockwise) of the direction ``(dx, dy)`` in project axes."""
    return math.degrees(math.atan2(dx, dy)) % 360.0


def angle_between(a_deg: float, b_deg: float) -> float:
    """Smallest absolute difference of two bearings, 0–180°."""
    return abs((a_deg - b_deg + 180.0) % 360.0 - 180.0)


class MapTool(QObject):
    """Base of the map tools: gets mouse and key events, returns whether it used them."""

    name = ""

    def __init__(self, view: MapView, document: ProjectDocument) -> None:
        super().__init__(view)
        self.view = view
        self.document = document

    def press(self, event: QMouseEvent) -> bool:
        """A mouse button went down."""
        return False

    def move(self, event: QMouseEvent) -> bool:
        """The mouse moved."""
        return False

    def release(self, event: QMouseEvent) -> bool:
        """A mouse button went up."""
        return False

    def key(self, event: QKeyEvent) -> bool:
        """A key was pressed."""
        return False

    def deactivate(self) -> None:
        """Another tool takes over: abandon anything half done."""


class SelectTool(MapTool):
    """Click selects a camera or a zone (Shift adds), Shift+drag a rubber band of cameras.

    Dragging a camera moves it; the handles of a single selected camera rotate
    it or change its field of view. A left drag on empty space is left to the
    view, which pans.
    """

    name = "select"

    def __init__(self, view: MapView, document: ProjectDocument) -> None:
        super().__init__(view, document)
        self._press: QPointF | None = None
        self._press_scene: tuple[float, float] = (0.0, 0.0)
        self._camera: str | None = None  # pressed camera: a drag moves it
        self._handle: str | None = None  # pressed handle: a drag rotates or widens
        self._origin: dict[str, float] = {}  # the camera's fields when the press happened
        self._gesture: str | None = None  # "move" | "rotate" | "fov" once dragging
        self._band: QRubberBand | None = None

    # ------------------------------------------------------------------ events
    def press(self, event: QMouseEvent) -> bool:
        """Start a camera drag, a handle drag or a rubber band; else leave it to the view."""
        if event.button() != Qt.MouseButton.LeftButton or not self.document.is_open:
            return False
        pos = event.position()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        handle = self.view.handle_at(pos)
        if handle is not None:
            self._start(pos, self.document.selected_cameras[0], handle)
            return True
        camera_id = self.view.camera_at(pos)
        if camera_id is not None:
            selected = self.document.selected_cameras
            if shift:
                toggled = [c for c in selected if c != camera_id]
                if camera_id not in selected:
                    toggled.append(camera_id)
                self.document.select_cameras(toggled)
                return True
            if camera_id not in selected:
                self.document.select_cameras([camera_id])
            self._start(pos, camera_id, None)
            return True
        if shift:
            self._press = pos
            self._band = QRubberBand(QRubberBand.Shape.Rectangle, self.view.viewport())
            self._band.setGeometry(QRect(pos.toPoint(), QSize()))
            self._band.show()
            return True
        return False  # the view pans on a drag and calls click() on a plain click

    def move(self, event: QMouseEvent) -> bool:
        """Drag the camera or handle live, or stretch the rubber band."""
        if self._press is None:
            return False
        pos = event.position()
        if self._band is not None:
            self._band.setGeometry(QRect(self._press.toPoint(), pos.toPoint()).normalized())
            return True
        if self._camera is None:
            return False
        if self._gesture is None:
            if (pos - self._press).manhattanLength() < QApplication.startDragDistance():
                return True
            self._gesture = {
                None: "move",
                BEARING_HANDLE: "rotate",
                FOV_LEFT_HANDLE: "fov",
                FOV_RIGHT_HANDLE: "fov",
            }[self._handle]
            self.document.begin_gesture(self._camera)
        # the live values go to the document, which holds them until the release
        fields = self._fields_at(self.view.project_xy(pos))
        if fields:
            self.document.update_gesture(**fields)
        return True

    def release(self, event: QMouseEvent) -> bool:
        """Finish the drag as one undo command, or select what the band holds."""
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return False
        if self._band is not None:
            rect = self._band.geometry()
            self._band.hide()
            self._band.deleteLater()
            self._band = None
            self._press = None
            inside = self.view.cameras_in(rect)
            self.document.select_cameras([*self.document.selected_cameras, *inside])
            return True
        camera_id, gesture = self._camera, self._gesture
        self._reset()
        if gesture is not None and camera_id is not None:

            def text() -> str:  # named again if the language changes
                template = {
                    "move": self.tr("Move camera %1"),
                    "rotate": self.tr("Rotate camera %1"),
                    "fov": self.tr("Change field of view of %1"),
                }[gesture]
                return tr_format(template, camera_id)

            self.document.finish_gesture(text)
        return True

    def key(self, event: QKeyEvent) -> bool:
        """Escape abandons a drag (the camera goes back) or a rubber band."""
        if event.key() != Qt.Key.Key_Escape:
            return False
        if self._band is not None:
            self._band.hide()
            self._band.deleteLater()
            self._band = None
            self._press = None
            return True
        if self._gesture is not None:
            self._reset()
            self.document.cancel_gesture()
            return True
        return False

    def click(self, pos: QPointF, *, shift: bool) -> None:
        """A click (no drag) on no camera: select the zone there, or clear the selection."""
        zone_id = self.view.zone_at(pos)
        if zone_id is not None:
            self.document.select_zone(zone_id)
        elif not shift:
            self.document.select_cameras([])

    def deactivate(self) -> None:
        """Cancel a drag in progress."""
        if self._gesture is not None:
            self._reset()
            self.document.cancel_gesture()
        if self._band is not None:
            self._band.hide()
            self._band = None
        self._press = None

    # ------------------------------------------------------------------ internals
    def _start(self, pos: QPointF, camera_id: str, handle: str | None) -> None:
        self._press = pos
        self._press_scene = self.view.project_xy(pos)
        self._camera = camera_id
        self._handle = handle
        self._origin = self.view.camera_fields(camera_id)
        self._gesture = None

    def _reset(self) -> None:
        self._press = None
        self._camera = None
        self._handle = None
        self._gesture = None

    def _fields_at(self, xy: tuple[float, float]) -> dict[str, float]:
        """The gesture fields for the cursor at project coordinates ``xy``."""
        origin = self._origin
        if self._gesture == "move":
            return {
                "x": origin["x"] + xy[0] - self._press_scene[0],
                "y": origin["y"] + xy[1] - self._press_scene[1],
            }
        dx, dy = xy[0] - origin["x"], xy[1] - origin["y"]
        if math.hypot(dx, dy) < 1e-9:
            return {}  # on the camera itself: no direction, the live values stay
        pointing = bearing_towards(dx, dy)
        if self._gesture == "rotate":
            return {"bearing_deg": pointing}
        # symmetric: the edge under the cursor sets half the angle
        bearing = origin.get("bearing_deg") or 0.0
        return {"hfov_deg": min(max(2.0 * angle_between(pointing, bearing), 1.0), 179.0)}


class AddCameraTool(MapTool):
    """A click adds a fixed camera there (looking north, 90°) and selects it."""

    name = "add_camera"

    def press(self, event: QMouseEvent) -> bool:
        """Add the camera at the clicked point."""
        if event.button() != Qt.MouseButton.LeftButton or not self.document.is_open:
            return False
        x, y = self.view.project_xy(event.position())
        camera_id = self.document.add_camera({"x": x, "y": y, **NEW_CAMERA_FIELDS})
        self.document.select_cameras([camera_id])
        return True

    def release(self, event: QMouseEvent) -> bool:
        """Swallow the release of the adding click."""
        return event.button() == Qt.MouseButton.LeftButton
