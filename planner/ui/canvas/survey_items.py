"""The survey layer of the map: reconciled devices as diamonds coloured by their worst finding.

The items only draw what they are given (:class:`DeviceMark`: where, and the
priority of the device's most urgent finding, None when it has none); which
device is highlighted is decided by the survey panel. Diamonds, unlike the
round camera symbols, so a surveyed device standing on a planned camera reads
as a second thing; sizes are screen pixels at any zoom.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from planner.core.survey import FINDINGS, PRIORITY
from planner.core.vocabulary import label, priority_label
from planner.ui.canvas.geometry import diamond, scene_point
from planner.ui.canvas.items import LayerItem, cache_in_device_pixels, pixel_item_flags
from planner.ui.canvas.overlays import LegendEntry
from planner.ui.labels import report_language

#: Fill by priority of the worst finding (1 = most urgent), and for a device without findings.
PRIORITY_COLOURS: dict[int | None, QColor] = {
    1: QColor("#7b1fa2"),  # forbidden placement: privacy, the gravest
    2: QColor("#d32f2f"),  # abandoned, fault, offline, obstructed, unowned
    3: QColor("#f57c00"),  # unregistered, removed but filed, moved, re-aimed, not connected
    4: QColor("#fbc02d"),  # review placement, code mismatch, no sign
    5: QColor("#78909c"),  # duplicate records
    None: QColor("#2e7d32"),  # nothing to do
}
DEVICE_HALF_PX = 5.5  # half the diagonal of a diamond
HIGHLIGHT_HALF_PX = 9.0
HIGHLIGHT_COLOUR = QColor(211, 17, 17)


def priority_colour(priority: int | None) -> QColor:
    """Fill of a device diamond for the priority of its worst finding."""
    return QColor(PRIORITY_COLOURS.get(priority, PRIORITY_COLOURS[5]))


@dataclass(frozen=True)
class DeviceMark:
    """One device as the map draws it: key, position (project CRS), worst finding's priority."""

    device_key: str
    x: float
    y: float
    priority: int | None


class DeviceItem(QGraphicsItem):
    """One reconciled device: a diamond in its worst finding's colour, ringed when highlighted."""

    def __init__(self, mark: DeviceMark, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        pixel_item_flags(self)
        cache_in_device_pixels(self)
        self.mark = mark
        self.highlighted = False
        self.base_z = 0.0  # the layer's stacking order; a highlighted device goes above all
        self.setPos(scene_point(mark.x, mark.y))
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the cameras

    def set_highlighted(self, highlighted: bool) -> None:
        """Emphasise (bigger, ringed in red, on top) or return to normal."""
        if highlighted != self.highlighted:
            self.prepareGeometryChange()
            self.highlighted = highlighted
            self.setZValue(2.0 if highlighted else self.base_z)
            self.update()

    def half_size(self) -> float:
        """Half the diamond's diagonal in pixels (larger when highlighted)."""
        return HIGHLIGHT_HALF_PX if self.highlighted else DEVICE_HALF_PX

    def boundingRect(self) -> QRectF:
        """The diamond with its ring, in pixels."""
        r = self.half_size() + (8.0 if self.highlighted else 2.0)
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw the ring (if highlighted) and the diamond."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        h = self.half_size()
        if self.highlighted:
            halo = QColor(HIGHLIGHT_COLOUR)
            halo.setAlpha(70)
            painter.setBrush(halo)
            painter.setPen(QPen(HIGHLIGHT_COLOUR, 2.5))
            painter.drawEllipse(QPointF(0, 0), h + 5.0, h + 5.0)
        shape = diamond(h)
        colour = priority_colour(self.mark.priority)
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(colour)
        painter.drawPolygon(shape)


class SurveyLayer(LayerItem):
    """Every device of the last survey; at most one highlighted."""

    def __init__(self) -> None:
        super().__init__("survey", 0.0)
        self.devices: dict[str, DeviceItem] = {}
        self.highlighted: str | None = None

    def set_marks(self, marks: Sequence[DeviceMark]) -> None:
        """Draw these devices instead of the ones before (the highlight stays if still there)."""
        scene = self.scene()
        for item in self.devices.values():
            if scene is not None:
                scene.removeItem(item)
            item.setParentItem(None)
        self.devices = {}
        # devices with findings on top of intact ones, the most urgent on top of all
        order = sorted(marks, key=lambda m: -(m.priority or 99))
        for z, mark in enumerate(order):
            item = DeviceItem(mark, self)
            item.base_z = z / max(len(order), 1)
            item.setZValue(item.base_z)
            self.devices[mark.device_key] = item
        highlighted, self.highlighted = self.highlighted, None
        self.set_highlight(highlighted)

    def set_highlight(self, device_key: str | None) -> None:
        """Emphasise one device (None: none)."""
        if self.highlighted in self.devices:
            self.devices[self.highlighted].set_highlighted(False)
        self.highlighted = device_key if device_key in self.devices else None
        if self.highlighted is not None:
            self.devices[self.highlighted].set_highlighted(True)

    def legend_entries(self) -> list[LegendEntry]:
        """A heading and one row per colour the devices on the map show."""
        shown = {item.mark.priority for item in self.devices.values()}
        if not shown:
            return []
        # the priorities of the one vocabulary, each with its findings' names
        language = report_language()
        labels: dict[int | None, str] = {
            p: f"{priority_label(p, language)}: "
            + ("、" if language == "zh" else ", ").join(
                label("finding", f, language) for f in FINDINGS if PRIORITY[f] == p
            )
            for p in (1, 2, 3, 4, 5)
        }
        labels[None] = QCoreApplication.translate("SurveyLayer", "Nothing to do")
        entries = [
            LegendEntry(QCoreApplication.translate("SurveyLayer", "Surveyed devices"), "heading")
        ]
        entries.extend(
            LegendEntry(labels[p], "diamond", priority_colour(p))
            for p in (1, 2, 3, 4, 5, None)
            if p in shown
        )
        return entries

    def highlighted_item(self) -> DeviceItem | None:
        """The emphasised device's item, if any."""
        return self.devices.get(self.highlighted) if self.highlighted else None
