"""Builders for small engine inputs: camera, zone and building frames, and a stub ruleset.

Every frame goes through :func:`planner.core.schema.conform_layer`, so it has
all documented columns with their documented types, exactly as the reader
hands them to the engine. Rows are plain dicts; a camera row gives ``x`` and
``y``, zone and building rows give ``geometry``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from planner.core.errors import RulesetError
from planner.core.schema import BUILDINGS, CAMERAS, ZONES, LayerSpec, conform_layer

#: ETRS/WGS84 UTM zone 35N (Helsinki): the metric CRS of the hand-made test districts.
METRIC_CRS = 32635
#: A point in Helsinki (UTM 35N) for districts that must also make sense in lon/lat.
HELSINKI = (385_000.0, 6_672_000.0)

#: A fixed camera at the origin, 5 m up, looking east, whose numbers are easy to work by hand.
BASE_CAMERA: Mapping[str, Any] = {
    "x": 0.0,
    "y": 0.0,
    "height_m": 5.0,
    "bearing_deg": 90.0,
    "hfov_deg": 90.0,
    "vfov_deg": 60.0,
    "tilt_deg": 0.0,
    "resolution_px": 1920,
    "camera_type": "fixed",
    "status": "in_service",
}


@dataclass(frozen=True)
class Requirement:
    """What the stub ruleset asks of a zone category."""

    level: str
    coverage: float


@dataclass(frozen=True)
class StubRuleset:
    """The one method coverage needs from a ruleset, backed by a plain mapping."""

    requirements: Mapping[str, Requirement] = field(
        default_factory=lambda: {
            "square": Requirement("detect", 0.5),
            "fire_lane": Requirement("detect", 0.75),
            "estate_entrance": Requirement("detect", 1.0),
        }
    )

    def zone_requirement(self, category: str) -> Requirement:
        """Requirement of ``category``; RulesetError when the stub has none, like the real one."""
        try:
            return self.requirements[category]
        except KeyError:
            raise RulesetError("no requirement", field=f"zones.{category}") from None


def _conformed(frame: gpd.GeoDataFrame, spec: LayerSpec) -> gpd.GeoDataFrame:
    conformed = conform_layer(frame, spec)
    assert conformed.problems == (), [str(p) for p in conformed.problems]
    return conformed.frame


def make_cameras(rows: Iterable[Mapping[str, Any]], crs: Any = METRIC_CRS) -> gpd.GeoDataFrame:
    """Camera layer from dicts with ``x``, ``y`` and any camera fields.

    Missing ``camera_id`` values become ``c0``, ``c1``…; other missing fields
    take their documented default (empty).
    """
    rows = [dict(r) for r in rows]
    records = []
    points = []
    for k, row in enumerate(rows):
        points.append(shapely.Point(row.pop("x"), row.pop("y")))
        row.setdefault("camera_id", f"c{k}")
        records.append(row)
    frame = gpd.GeoDataFrame(records, geometry=gpd.GeoSeries(points, crs=crs))
    if not len(rows):
        frame = gpd.GeoDataFrame({"camera_id": []}, geometry=gpd.GeoSeries([], crs=crs))
    return _conformed(frame, CAMERAS)


def camera(**fields: Any) -> dict[str, Any]:
    """:data:`BASE_CAMERA` with some fields changed."""
    return {**BASE_CAMERA, **fields}


def make_zones(rows: Iterable[Mapping[str, Any]], crs: Any = METRIC_CRS) -> gpd.GeoDataFrame:
    """Zone layer from dicts with ``geometry`` and zone fields (``zone_id`` ``z0``… by default).

    ``category`` defaults to ``square``.
    """
    records = []
    for k, row in enumerate(rows):
        record = {"zone_id": f"z{k}", "category": "square", **row}
        records.append(record)
    if not records:
        return _conformed(
            gpd.GeoDataFrame({"zone_id": [], "category": []}, geometry=gpd.GeoSeries([], crs=crs)),
            ZONES,
        )
    return _conformed(gpd.GeoDataFrame(records, geometry="geometry", crs=crs), ZONES)


def make_buildings(
    rows: Iterable[Mapping[str, Any] | shapely.Geometry], crs: Any = METRIC_CRS
) -> gpd.GeoDataFrame:
    """Building layer from dicts (``geometry``, ``height_m``…) or bare polygons (unknown height)."""
    records = [dict(r) if isinstance(r, Mapping) else {"geometry": r} for r in rows]
    if not records:
        return _conformed(gpd.GeoDataFrame(geometry=gpd.GeoSeries([], crs=crs)), BUILDINGS)
    return _conformed(gpd.GeoDataFrame(records, geometry="geometry", crs=crs), BUILDINGS)


def no_buildings(crs: Any = METRIC_CRS) -> gpd.GeoDataFrame:
    """An empty building layer."""
    return make_buildings([], crs=crs)


def box(x0: float, y0: float, x1: float, y1: float) -> shapely.Polygon:
    """Axis-aligned rectangle."""
    return shapely.box(x0, y0, x1, y1)


def dori_range(resolution_px: float, hfov_deg: float, ppm: float) -> float:
    """EN 62676-4 range of a rectilinear lens, written out independently of the engine."""
    return resolution_px / (2.0 * math.tan(math.radians(hfov_deg) / 2.0) * ppm)


def random_district(
    seed: int,
    *,
    origin: tuple[float, float] = HELSINKI,
    n_buildings: int = 30,
    n_cameras: int = 15,
    n_zones: int = 20,
    crs: Any = METRIC_CRS,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """A reproducible 300 m × 300 m district: buildings, cameras and zones of all three kinds.

    Buildings are rectangles with heights from 3 m to 30 m (some unknown);
    cameras mix fixed, dome and PTZ with every kind of empty field; zones are
    squares, fire lanes and entrances at all required levels.
    """
    rng = np.random.default_rng(seed)
    ox, oy = origin
    buildings = []
    for _ in range(n_buildings):
        x, y = rng.uniform(0, 280, 2)
        w, h = rng.uniform(6, 25, 2)
        height = float(rng.choice([3.0, 6.0, 9.0, 15.0, 30.0, np.nan]))
        buildings.append(
            {"geometry": box(ox + x, oy + y, ox + x + w, oy + y + h), "height_m": height}
        )
    cameras = []
    for k in range(n_cameras):
        x, y = rng.uniform(0, 300, 2)
        cameras.append(
            {
                "x": ox + x,
                "y": oy + y,
                "camera_id": f"cam{k}",
                "height_m": float(rng.choice([3.0, 6.0, 10.0, np.nan])),
                "bearing_deg": float(rng.choice([rng.uniform(0, 360), np.nan], p=[0.85, 0.15])),
                "hfov_deg": float(rng.uniform(40, 120)),
                "tilt_deg": float(rng.uniform(0, 30)),
                "resolution_px": int(rng.choice([1280, 1920, 2560, 3840])),
                "camera_type": str(rng.choice(["fixed", "fixed", "dome", "ptz"])),
                "status": str(rng.choice(["in_service", "planned", "unknown", "faulty"])),
            }
        )
    zones = []
    levels = ["detect", "observe", "recognise", "identify"]
    for k in range(n_zones):
        x, y = rng.uniform(20, 260, 2)
        kind = k % 3
        if kind == 0:
            size = rng.uniform(10, 40)
            geom = box(ox + x, oy + y, ox + x + size, oy + y + size)
            category = "square"
        elif kind == 1:
            steps = rng.uniform(-30, 30, (4, 2))
            coords = np.cumsum(np.vstack([[ox + x, oy + y], steps]), axis=0)
            geom = shapely.LineString(coords)
            category = "fire_lane"
        else:
            geom = shapely.Point(ox + x, oy + y)
            category = "estate_entrance"
        zones.append(
            {
                "zone_id": f"zone{k}",
                "category": category,
                "required_level": levels[k % 4],
                "geometry": geom,
            }
        )
    return (
        make_cameras(cameras, crs=crs),
        make_zones(zones, crs=crs),
        make_buildings(buildings, crs=crs),
    )
