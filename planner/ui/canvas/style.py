"""How the map looks: colours, pens and sizes in one place, readable on screen and in print.

Zone category colours avoid the three hues the map already uses for meaning:
green and red (an outline that passes or fails), blue (camera views) and
purple (private areas); yellow is darkened to goldenrod so it survives white
paper. Pass/fail is shown by the outline only, never by the fill, so the
category stays readable whatever the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen

from planner.core.levels import LEVELS
from planner.ui.labels import category_label
from planner.ui.labels import level_label as named_level

#: Fill colour of each mandatory-zone category (planner.core.schema.ZONE_CATEGORIES).
ZONE_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "intersection": "#f28e2b",  # orange
        "square": "#d4a017",  # goldenrod
        "estate_entrance": "#e377c2",  # pink
        "fire_lane": "#8c564b",  # brown
        "trunk_road": "#a6a61e",  # olive
        "transit_hub": "#17becf",  # cyan
        "car_park_entrance": "#8f8f8f",  # grey
        "school_entrance": "#c994c7",  # lilac
        "hospital_entrance": "#005f73",  # petrol
        "bridge_tunnel": "#404040",  # near-black: structures
        # categories some rulesets add beyond the contract ten
        "park": "#4daf4a",  # green
        "hotel_entrance": "#b15928",  # russet
        "venue": "#6a3d9a",  # purple
        "utility": "#1f78b4",  # blue
        "finance": "#b8860b",  # dark gold
        "hazardous_goods": "#e31a1c",  # red: danger
        "market_entrance": "#fb9a99",  # salmon
        "city_entrance": "#33a02c",  # dark green
        "pedestrian_street": "#fdbf6f",  # sand
        "high_crime_area": "#7f0000",  # maroon
    }
)
#: Colour of a category a ruleset adds that the palette does not know.
OTHER_ZONE_COLOUR = "#969696"


PASSED_COLOUR = QColor("#1a9641")
FAILED_COLOUR = QColor("#d7191c")
#: Outline of an advisory zone: the ruleset does not require it, so no verdict.
ADVISORY_COLOUR = QColor("#8c8c8c")
SELECTION_COLOUR = QColor("#00b7ff")
GAP_COLOUR = QColor("#d7191c")

ROAD_COLOUR = QColor("#a0a0a0")
BUILDING_FILL = QColor("#d9d6d0")
BUILDING_OUTLINE = QColor("#8c8880")
PRIVATE_COLOUR = QColor("#7b3294")

#: View bands: one hue, alpha growing with pixel density. Bands are nested
#: (identify ⊂ recognise ⊂ observe ⊂ detect) and drawn stacked, so the
#: identify area ends up the darkest without any band hiding another.
VIEW_COLOUR = QColor("#2166ac")
BAND_ALPHA: Mapping[str, int] = MappingProxyType(
    {"detect": 28, "observe": 38, "recognise": 52, "identify": 72}
)
#: A camera that does not count (faulty, offline, removed) draws its view in grey.
INACTIVE_VIEW_COLOUR = QColor("#7f7f7f")

#: Camera symbol fill by status.
CAMERA_COLOURS: Mapping[str, str] = MappingProxyType(
    {
        "in_service": "#2166ac",
        "planned": "#2166ac",
        "unknown": "#4d7fb3",
        "faulty": "#b35806",  # burnt orange, darker than the intersection fill
        "offline": "#7f7f7f",
        "removed": "#bdbdbd",
    }
)
WARNING_COLOUR = QColor("#fdb813")

#: Sizes in device pixels (symbols ignore the zoom).
CAMERA_RADIUS_PX = 5.5
BEARING_TICK_PX = 16.0
HANDLE_RADIUS_PX = 5.0
HANDLE_DISTANCE_PX = 70.0
POINT_ZONE_RADIUS_PX = 8.5

assert set(BAND_ALPHA) == set(LEVELS)


@dataclass(frozen=True)
class Detail:
    """Symbol sizes and outline widths (device pixels) at one level of detail."""

    camera_radius: float
    bearing_tick: float  # 0: no tick
    warning: float  # side of the "inside a building" triangle; 0: a yellow ring instead
    point_zone_radius: float
    area_outline: float
    line_casing: float
    line_core: float
    view_edge: float


#: Levels of detail, coarse to fine: at a district overview cameras are small dots
#: and zone outlines hairlines, so the map under them stays readable; the full
#: symbols (bearing tick, warning triangle) come back when zoomed in.
OVERVIEW, DISTRICT, STREET = 0, 1, 2
DETAILS: tuple[Detail, ...] = (
    Detail(3.0, 0.0, 0.0, 4.5, 1.0, 2.5, 1.2, 0.6),
    Detail(4.0, 10.0, 7.0, 6.5, 1.5, 3.5, 1.8, 0.7),
    Detail(CAMERA_RADIUS_PX, BEARING_TICK_PX, 10.0, POINT_ZONE_RADIUS_PX, 2.0, 5.0, 2.5, 0.8),
)
#: Zoom (screen pixels per metre) from which each level applies: about 1:8,400
#: for the district level and 1:3,150 for street level at 96 dpi.
DETAIL_MIN_PX_PER_M = (0.0, 0.45, 1.2)


def detail_level(pixels_per_metre: float) -> int:
    """The level of detail (:data:`OVERVIEW`, :data:`DISTRICT`, :data:`STREET`) for a zoom."""
    level = OVERVIEW
    for k, threshold in enumerate(DETAIL_MIN_PX_PER_M):
        if pixels_per_metre >= threshold:
            level = k
    return level


def zone_colour(category: str) -> QColor:
    """Fill colour of a zone category (grey for one the palette does not know)."""
    return QColor(ZONE_COLOURS.get(category, OTHER_ZONE_COLOUR))


def zone_label(category: str) -> str:
    """Display name of a zone category, from the one vocabulary in the interface language."""
    return category_label(category)


def level_label(level: str) -> str:
    """Display name of a DORI level, from the one vocabulary in the interface language."""
    return named_level(level)


def cosmetic_pen(
    colour: QColor | str,
    width: float = 1.0,
    style: Qt.PenStyle = Qt.PenStyle.SolidLine,
) -> QPen:
    """A pen whose width is in screen pixels whatever the zoom."""
    pen = QPen(QColor(colour), width, style)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen


def zone_fill(category: str) -> QBrush:
    """Translucent category fill: the map under a zone stays visible."""
    colour = zone_colour(category)
    colour.setAlpha(90)
    return QBrush(colour)


def band_brush(level: str, *, working: bool) -> QBrush:
    """Fill of one DORI band of a camera view."""
    colour = QColor(VIEW_COLOUR if working else INACTIVE_VIEW_COLOUR)
    colour.setAlpha(BAND_ALPHA[level] if working else BAND_ALPHA[level] // 2)
    return QBrush(colour)


def camera_colour(status: str | None) -> QColor:
    """Fill of a camera symbol for its status."""
    return QColor(CAMERA_COLOURS.get(status or "unknown", CAMERA_COLOURS["unknown"]))


def result_colour(passed: bool | None) -> QColor:
    """Outline colour of a zone's result: pass, fail, or advisory (``None``)."""
    if passed is None:
        return ADVISORY_COLOUR
    return PASSED_COLOUR if passed else FAILED_COLOUR
