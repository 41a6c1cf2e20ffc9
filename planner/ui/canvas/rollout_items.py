"""The proposals layer of the map: cameras the rollout plan proposes, not built, not accepted.

Drawn unlike every camera: a hollow orange circle with a dot, and the outline
of its view (sector to the detect range, a circle for an all-round dome)
dashed, so a proposal never reads as a camera. The items only draw what they
are given (:class:`ProposalMark`); the rollout panel makes the marks and says
which one is highlighted.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from planner.ui.canvas import style
from planner.ui.canvas.geometry import scene_point
from planner.ui.canvas.items import LayerItem, cache_in_device_pixels, pixel_item_flags
from planner.ui.canvas.overlays import LegendEntry

PROPOSAL_COLOUR = QColor("#ef6c00")
HIGHLIGHT_COLOUR = QColor(211, 17, 17)
SYMBOL_RADIUS_PX = 6.5
HIGHLIGHT_RADIUS_PX = 10.0


@dataclass(frozen=True)
class ProposalMark:
    """One proposal as the map draws it (project CRS metres, degrees clockwise from north).

    ``bearing_deg`` None: it sees all round (a dome); ``reach_m`` is how far its view is drawn.
    """

    camera_id: str
    x: float
    y: float
    bearing_deg: float | None
    hfov_deg: float
    reach_m: float


def view_outline(mark: ProposalMark) -> QPainterPath:
    """The outline of a proposal's view in scene coordinates: a sector, or a circle."""
    centre = scene_point(mark.x, mark.y)
    r = max(mark.reach_m, 0.0)
    path = QPainterPath()
    if mark.bearing_deg is None or mark.hfov_deg >= 359.0:
        path.addEllipse(centre, r, r)
        return path
    path.moveTo(centre)
    steps = max(int(mark.hfov_deg / 5.0), 2)
    start = mark.bearing_deg - mark.hfov_deg / 2.0
    for k in range(steps + 1):
        angle = math.radians(start + mark.hfov_deg * k / steps)
        path.lineTo(scene_point(mark.x + r * math.sin(angle), mark.y + r * math.cos(angle)))
    path.closeSubpath()
    return path


class ProposalSymbol(QGraphicsItem):
    """A hollow orange circle with a dot, in screen pixels; ringed red when highlighted."""

    def __init__(self, mark: ProposalMark, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        pixel_item_flags(self)
        cache_in_device_pixels(self)
        self.mark = mark
        self.highlighted = False
        self.setPos(scene_point(mark.x, mark.y))
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the cameras

    def set_highlighted(self, highlighted: bool) -> None:
        """Emphasise (ringed in red) or return to normal."""
        if highlighted != self.highlighted:
            self.prepareGeometryChange()
            self.highlighted = highlighted
            self.update()

    def boundingRect(self) -> QRectF:
        """The circle with its ring, in pixels."""
        r = (HIGHLIGHT_RADIUS_PX + 4.0) if self.highlighted else SYMBOL_RADIUS_PX + 2.0
        return QRectF(-r, -r, 2 * r, 2 * r)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw the ring (if highlighted), the hollow circle and its dot."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.highlighted:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(HIGHLIGHT_COLOUR, 2.5))
            painter.drawEllipse(QPointF(0, 0), HIGHLIGHT_RADIUS_PX, HIGHLIGHT_RADIUS_PX)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(PROPOSAL_COLOUR, 2.5))
        painter.drawEllipse(QPointF(0, 0), SYMBOL_RADIUS_PX, SYMBOL_RADIUS_PX)
        painter.setBrush(PROPOSAL_COLOUR)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(QPointF(0, 0), 1.8, 1.8)


class ProposalLayer(LayerItem):
    """Every proposal still to accept or reject: its view outline and symbol; one highlighted."""

    def __init__(self) -> None:
        super().__init__("proposals", 0.0)
        self.symbols: dict[str, ProposalSymbol] = {}
        self.outlines: dict[str, QGraphicsPathItem] = {}
        self.highlighted: str | None = None

    def set_marks(self, marks: Sequence[ProposalMark]) -> None:
        """Draw these proposals instead of the ones before (the highlight stays if still there)."""
        scene = self.scene()
        for item in [*self.outlines.values(), *self.symbols.values()]:
            if scene is not None:
                scene.removeItem(item)
            item.setParentItem(None)
        self.symbols, self.outlines = {}, {}
        for mark in marks:
            outline = QGraphicsPathItem(view_outline(mark), self)
            outline.setPen(style.cosmetic_pen(PROPOSAL_COLOUR, 1.6, Qt.PenStyle.DashLine))
            outline.setBrush(Qt.BrushStyle.NoBrush)
            outline.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.outlines[mark.camera_id] = outline
            symbol = ProposalSymbol(mark, self)
            symbol.setZValue(1.0)
            self.symbols[mark.camera_id] = symbol
        highlighted, self.highlighted = self.highlighted, None
        self.set_highlight(highlighted)

    def set_highlight(self, camera_id: str | None) -> None:
        """Emphasise one proposal (None: none)."""
        if self.highlighted in self.symbols:
            self.symbols[self.highlighted].set_highlighted(False)
            self.outlines[self.highlighted].setPen(
                style.cosmetic_pen(PROPOSAL_COLOUR, 1.6, Qt.PenStyle.DashLine)
            )
        self.highlighted = camera_id if camera_id in self.symbols else None
        if self.highlighted is not None:
            self.symbols[self.highlighted].set_highlighted(True)
            self.outlines[self.highlighted].setPen(
                style.cosmetic_pen(HIGHLIGHT_COLOUR, 2.2, Qt.PenStyle.DashLine)
            )

    def legend_entries(self) -> list[LegendEntry]:
        """One row when proposals are shown."""
        if not self.symbols:
            return []
        return [
            LegendEntry(
                QCoreApplication.translate("ProposalLayer", "Proposed camera (not accepted)"),
                "outline",
                QColor(PROPOSAL_COLOUR),
            )
        ]
