"""Camera views: what ground each camera sees, per DORI level, with buildings in the way.

A view is the camera's field-of-view sector (full circle for dome, PTZ and
fisheye cameras) out to the range at which a level's pixel density holds,
minus the ground hidden under the camera and beyond the top edge of the picture
(from mounting height, tilt and vertical field of view), minus everything
buildings hide.

Occlusion is exact in plan (2.5D): a ray from the camera to a ground point is
blocked when it passes through a building below the building's height. For an
edge on the far side of a building (facing away from the camera) the hidden
ground is the trapezoid between the edge and its image under the homothety
centred on the camera with factor ``h_cam / (h_cam - h_bldg)``; a building at
least as tall as the camera (or of unknown height) hides everything behind it.
The hidden ground of a camera is the union of the footprints it reaches and
those trapezoids. All edges of all camera/building pairs are processed as
numpy arrays; the only Python loop is one union per camera.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely import STRtree

from planner.core.errors import CameraError
from planner.core.levels import LEVEL_PPM, LEVELS, OMNIDIRECTIONAL_TYPES, range_for_level
from planner.core.project import require_metric_crs
from planner.core.schema import (
    LEFT_OUT,
    REPAIRED,
    ROW_KEY,
    WORKING_STATUSES,
    RowProblem,
    parse_azimuth_ranges,
)

#: Values the engine assumes for empty camera fields (documented in docs/project-format.md).
ASSUMED = MappingProxyType(
    {"height_m": 5.0, "hfov_deg": 90.0, "tilt_deg": 15.0, "resolution_px": 1920}
)
#: Sensor aspect ratio used to derive an empty vertical field of view from the horizontal one.
ASSUMED_ASPECT = 16 / 9
#: Largest angular step of the polygon inscribed in an arc: it loses < 0.021 % of
#: a sector's area. Vertices lie exactly at the range, one on the bearing axis.
ARC_STEP_DEG = 2.0
#: Visible parts smaller than this (m²) are overlay noise, not ground.
SLIVER_M2 = 1e-6
#: Shared empty polygon (geometries are immutable; building one costs a WKT parse).
EMPTY_POLYGON = shapely.Polygon()
#: Two footprints are one building mapped twice (a building and its ``building:part``
#: copy) when their common area is at least this share of their union.
DUPLICATE_OVERLAP = 0.98
#: Smallest area (m²) of a footprint or zone polygon and length (m) of a zone line that counts.
DEGENERATE_SIZE = 1e-6
#: What happens to a footprint mapped twice.
MERGED = "merged with the footprint it duplicates for computing; kept in the file as read"
# An edge whose line passes this close to the camera is treated as seen edge-on.
_EDGE_ON_M = 1e-9
# Closer than this to a convex footprint, its hull shadow would need a huge factor:
# use the per-edge construction instead.
_NEAR_M = 0.05


@dataclass(frozen=True)
class CameraParameters:
    """Per-camera numbers the engine computes with (empty fields resolved), as arrays."""

    camera_id: np.ndarray
    x: np.ndarray
    y: np.ndarray
    height_m: np.ndarray
    bearing_deg: np.ndarray
    hfov_deg: np.ndarray
    vfov_deg: np.ndarray
    tilt_deg: np.ndarray
    resolution_px: np.ndarray
    max_range_m: np.ndarray
    omnidirectional: np.ndarray
    fisheye: np.ndarray
    ptz: np.ndarray
    working: np.ndarray
    notes: np.ndarray  # per camera, a tuple of notes on values the engine assumed
    masks: np.ndarray  # per camera, a tuple of (from, to) bearings its privacy mask blanks
    # per camera, whether vfov_deg was empty and derived from hfov_deg (None: not known)
    vfov_derived: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.camera_id)

    @property
    def assumptions(self) -> tuple[tuple[str, str], ...]:
        """Every assumed value as ``(camera_id, note)``."""
        return _flatten_notes(self.camera_id, self.notes)

    def take(self, positions: np.ndarray) -> CameraParameters:
        """The parameters of the cameras at ``positions`` (repeats allowed)."""
        taken: dict[str, Any] = {
            name: None if getattr(self, name) is None else getattr(self, name)[positions]
            for name in self.__dataclass_fields__
        }
        return CameraParameters(**taken)


@dataclass(frozen=True)
class Occluders:
    """Buildings prepared once for many view computations: oriented edges and an index."""

    footprints: np.ndarray
    tree: STRtree
    height_m: np.ndarray  # inf where unknown: an unknown building blocks everything
    edge_start: np.ndarray  # (E, 2)
    edge_end: np.ndarray  # (E, 2)
    edge_offsets: np.ndarray  # edges of building j are edge_offsets[j]:edge_offsets[j+1]
    edge_ring: np.ndarray  # ring number of each edge (consecutive edges of a ring follow)
    convex: np.ndarray  # footprint is a convex polygon without holes
    vertices: np.ndarray  # (V, 2) shell vertices of every footprint
    vertex_offsets: np.ndarray  # vertices of building j are vertex_offsets[j]:...[j+1]

    def __len__(self) -> int:
        return len(self.footprints)


@dataclass(frozen=True)
class ViewSet:
    """Views of cameras at each DORI level, aligned with ``camera_id``.

    ``views[level][i]`` is the visible ground polygon of camera ``i`` at
    ``level`` (possibly empty); ``ranges[level][i]`` its range in metres.
    ``inside_building[i]`` is the index of the building footprint camera ``i``
    stands in (the first one when footprints overlap there), or -1.
    ``working[i]`` says whether the camera counts for coverage.
    """

    camera_id: np.ndarray
    views: MappingProxyType[str, np.ndarray]
    ranges: MappingProxyType[str, np.ndarray]
    inside_building: np.ndarray
    working: np.ndarray
    notes: np.ndarray  # per camera, a tuple of notes on values the engine assumed
    crs: object = None
    index: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.camera_id)

    @property
    def assumptions(self) -> tuple[tuple[str, str], ...]:
        """Every assumed value as ``(camera_id, note)``."""
        return _flatten_notes(self.camera_id, self.notes)

    def position(self, camera_id: str) -> int:
        """Row of ``camera_id``; raises :class:`CameraError` if there is none."""
        if camera_id not in self.index:
            raise CameraError(f"no camera {camera_id!r}", layer="cameras", field="camera_id")
        return self.index[camera_id]

    def to_frame(self, levels: Iterable[str] = LEVELS) -> gpd.GeoDataFrame:
        """One row per camera and level: camera_id, level, range_m, area_m2, flags, geometry."""
        levels = tuple(levels)
        n = len(self)
        geoms: np.ndarray | list[object] = (
            np.concatenate([self.views[level] for level in levels]) if levels else []
        )
        return gpd.GeoDataFrame(
            {
                "camera_id": np.tile(self.camera_id.astype(str), len(levels)),
                "level": np.repeat(np.array(levels, dtype=str), n),
                "range_m": np.concatenate([self.ranges[lv] for lv in levels] or [np.empty(0)]),
                "area_m2": shapely.area(geoms) if len(geoms) else np.empty(0),
                "inside_building": np.tile(self.inside_building >= 0, len(levels)),
                "working": np.tile(self.working, len(levels)),
            },
            geometry=gpd.GeoSeries(geoms, crs=self.crs),
        )

    def replace_rows(self, positions: np.ndarray, other: ViewSet) -> ViewSet:
        """A copy in which rows ``positions`` are taken from ``other`` (same order)."""
        views = {}
        ranges = {}
        for level in LEVELS:
            views[level] = self.views[level].copy()
            views[level][positions] = other.views[level]
            ranges[level] = self.ranges[level].copy()
            ranges[level][positions] = other.ranges[level]
        inside = self.inside_building.copy()
        inside[positions] = other.inside_building
        working = self.working.copy()
        working[positions] = other.working
        ids = self.camera_id.copy()
        ids[positions] = other.camera_id
        notes = self.notes.copy()
        notes[positions] = other.notes
        # only the replaced rows can differ (comparing all ids costs ~20 µs a drag step)
        same_ids = bool(np.array_equal(self.camera_id[positions], other.camera_id))
        return _viewset(
            ids,
            views,
            ranges,
            inside,
            working,
            notes,
            self.crs,
            index=self.index if same_ids else None,
        )

    def append(self, other: ViewSet) -> ViewSet:
        """A copy with the cameras of ``other`` added at the end."""
        views = {lv: np.concatenate([self.views[lv], other.views[lv]]) for lv in LEVELS}
        ranges = {lv: np.concatenate([self.ranges[lv], other.ranges[lv]]) for lv in LEVELS}
        return _viewset(
            np.concatenate([self.camera_id, other.camera_id]),
            views,
            ranges,
            np.concatenate([self.inside_building, other.inside_building]),
            np.concatenate([self.working, other.working]),
            np.concatenate([self.notes, other.notes]),
            self.crs,
        )

    def drop(self, positions: np.ndarray) -> ViewSet:
        """A copy without the cameras at ``positions``."""
        keep = np.ones(len(self), dtype=bool)
        keep[positions] = False
        return _viewset(
            self.camera_id[keep],
            {lv: self.views[lv][keep] for lv in LEVELS},
            {lv: self.ranges[lv][keep] for lv in LEVELS},
            self.inside_building[keep],
            self.working[keep],
            self.notes[keep],
            self.crs,
        )


def _object_array(items: list) -> np.ndarray:
    """A 1-D object array of ``items`` (numpy would make tuples a 2-D array)."""
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _flatten_notes(ids: np.ndarray, notes: np.ndarray) -> tuple[tuple[str, str], ...]:
    return tuple(
        (str(cid), note)
        for cid, camera_notes in zip(ids, notes, strict=True)
        for note in camera_notes
    )


def _viewset(
    ids: np.ndarray,
    views: dict[str, np.ndarray],
    ranges: dict[str, np.ndarray],
    inside: np.ndarray,
    working: np.ndarray,
    notes: np.ndarray,
    crs: object,
    index: Mapping[str, int] | None = None,
) -> ViewSet:
    return ViewSet(
        camera_id=ids,
        views=MappingProxyType(views),
        ranges=MappingProxyType(ranges),
        inside_building=inside,
        working=working,
        notes=notes,
        crs=crs,
        # a read-only view, made once per set of ids and then shared, never re-wrapped
        index=index
        if index is not None
        else MappingProxyType({cid: k for k, cid in enumerate(ids)}),
    )


_TEXT_COLUMNS = ("camera_id", "camera_type", "status", "privacy_mask")
_NUMBER_COLUMNS = (
    "height_m",
    "bearing_deg",
    "hfov_deg",
    "vfov_deg",
    "tilt_deg",
    "resolution_px",
    "max_range_m",
)


def _columns(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The text and number columns the engine reads, as two 2-D arrays.

    One ``to_numpy`` of the whole frame: per-column access costs ~45 µs a column
    on a GeoDataFrame, which matters when one camera is updated per mouse move.
    Missing columns and missing values read as None / NaN.
    """
    block = frame.to_numpy(dtype=object)
    position = {name: k for k, name in enumerate(frame.columns)}
    text = np.full((len(frame), len(_TEXT_COLUMNS)), None, dtype=object)
    numbers = np.full((len(frame), len(_NUMBER_COLUMNS)), np.nan)
    for out, names in ((text, _TEXT_COLUMNS), (numbers, _NUMBER_COLUMNS)):
        for j, name in enumerate(names):
            if name in position:
                values = block[:, position[name]]
                present = ~pd.isna(values)
                out[present, j] = values[present]
    return text, numbers


def camera_parameters(cameras: gpd.GeoDataFrame) -> CameraParameters:
    """Resolve the camera table into arrays, filling empty fields with :data:`ASSUMED`.

    Every filled value is recorded in ``assumptions`` as ``(camera_id, note)`` so
    reports can say which results rest on guesses. Raises :class:`CameraError`
    naming the camera for values no camera can have (e.g. a rectilinear lens
    wider than 180°).
    """
    text, numbers = _columns(cameras)
    ids = np.array([str(v) for v in text[:, 0]], dtype=object)
    points = cameras.geometry.to_numpy()
    if len(points) and not (shapely.get_type_id(points) == 0).all():
        bad = ids[shapely.get_type_id(points) != 0][0]
        raise CameraError(
            "camera geometry must be a point",
            layer="cameras",
            row=f"camera_id={bad}",
            field="geometry",
        )
    x, y = np.full(len(points), np.nan), np.full(len(points), np.nan)
    placed = ~shapely.is_empty(points)  # getX of an empty point is an error
    x[placed], y[placed] = shapely.get_coordinates(points[placed]).T
    unplaced = ~(np.isfinite(x) & np.isfinite(y))
    if unplaced.any():
        raise CameraError(
            "camera position is empty or not a finite number",
            layer="cameras",
            row=f"camera_id={ids[unplaced][0]}",
            field="geometry",
        )
    notes: list[list[str]] = [[] for _ in ids]

    def column(name: str, assumed: float | None) -> np.ndarray:
        values = numbers[:, _NUMBER_COLUMNS.index(name)]
        if assumed is not None:
            missing = np.isnan(values)
            if missing.any():
                for k in np.flatnonzero(missing):
                    notes[k].append(f"{name} empty: {assumed:g} assumed")
                values = np.where(missing, assumed, values)
        return values

    height = column("height_m", ASSUMED["height_m"])
    hfov = column("hfov_deg", ASSUMED["hfov_deg"])
    tilt = column("tilt_deg", ASSUMED["tilt_deg"])
    resolution = column("resolution_px", ASSUMED["resolution_px"])
    bearing = column("bearing_deg", None)
    camera_type = np.where(pd.isna(text[:, 1]), "fixed", text[:, 1]).astype(str)
    fisheye = camera_type == "fisheye"
    ptz = camera_type == "ptz"
    turns = np.array([t in OMNIDIRECTIONAL_TYPES for t in camera_type], dtype=bool)
    unknown_bearing = np.isnan(bearing) & ~turns
    for k in np.flatnonzero(unknown_bearing):
        notes[k].append("bearing_deg empty: full circle assumed (the camera may face anywhere)")
    omni = turns | unknown_bearing
    too_wide = (hfov >= 180.0) & ~fisheye & ~omni
    if too_wide.any():
        bad = ids[too_wide][0]
        raise CameraError(
            f"hfov_deg {hfov[too_wide][0]:g} needs a fisheye lens; a fixed camera "
            "sees less than 180°",
            layer="cameras",
            row=f"camera_id={bad}",
            field="hfov_deg",
        )
    vfov = column("vfov_deg", None)
    vfov_derived = np.isnan(vfov)
    vfov = np.where(vfov_derived, _derived_vfov(hfov, fisheye), vfov)
    status = np.where(pd.isna(text[:, 2]), "unknown", text[:, 2]).astype(str)
    params = CameraParameters(
        camera_id=ids,
        x=x,
        y=y,
        height_m=height,
        bearing_deg=np.nan_to_num(bearing, nan=0.0) % 360.0,
        hfov_deg=hfov,
        vfov_deg=vfov,
        tilt_deg=tilt,
        resolution_px=resolution,
        max_range_m=column("max_range_m", None),
        omnidirectional=omni,
        fisheye=fisheye,
        ptz=ptz,
        working=np.array([v in WORKING_STATUSES for v in status], dtype=bool),
        notes=_object_array([tuple(n) for n in notes]),
        masks=_object_array([_masks(cid, text) for cid, text in zip(ids, text[:, 3], strict=True)]),
        vfov_derived=vfov_derived,
    )
    return params


def _derived_vfov(hfov: np.ndarray, fisheye: np.ndarray) -> np.ndarray:
    """The vertical field of an empty ``vfov_deg``: from hfov for a 16:9 sensor."""
    rectilinear = np.degrees(
        2 * np.arctan(np.tan(np.radians(np.minimum(hfov, 179.0)) / 2) / ASSUMED_ASPECT)
    )
    return np.where(fisheye, hfov / ASSUMED_ASPECT, rectilinear)


def moved_parameters(params: CameraParameters, **fields: np.ndarray) -> CameraParameters:
    """``params`` with ``x``, ``y``, ``bearing_deg`` and/or ``hfov_deg`` changed, as a drag does.

    Gives the same numbers as :func:`camera_parameters` of the table row with
    those values written: a bearing aims a fixed camera whose bearing was
    empty (it is no longer a full circle); a new ``hfov_deg`` also changes a
    ``vfov_deg`` that was empty (derived from it). Bearings are taken modulo 360.
    """
    unknown = set(fields) - {"x", "y", "bearing_deg", "hfov_deg"}
    if unknown:
        raise ValueError(f"cannot move {', '.join(sorted(unknown))}")
    changes: dict[str, np.ndarray] = {k: np.asarray(v, dtype=float) for k, v in fields.items()}
    if "bearing_deg" in changes:
        changes["bearing_deg"] = changes["bearing_deg"] % 360.0
        turns = params.omnidirectional & ~np.array(
            [any(n.startswith("bearing_deg empty") for n in notes) for notes in params.notes],
            dtype=bool,
        )
        changes["omnidirectional"] = turns
        changes["notes"] = _object_array(
            [
                tuple(n for n in notes if not n.startswith("bearing_deg empty"))
                for notes in params.notes
            ]
        )
    if "hfov_deg" in changes and params.vfov_derived is not None:
        changes["vfov_deg"] = np.where(
            params.vfov_derived, _derived_vfov(changes["hfov_deg"], params.fisheye), params.vfov_deg
        )
    return replace(params, **changes)


def _masks(camera_id: str, text: object) -> tuple[tuple[float, float], ...]:
    if text is None:
        return ()
    try:
        return parse_azimuth_ranges(str(text))
    except ValueError as exc:
        raise CameraError(
            str(exc), layer="cameras", row=f"camera_id={camera_id}", field="privacy_mask"
        ) from None


def level_ranges(params: CameraParameters) -> dict[str, np.ndarray]:
    """Range in metres of each DORI level per camera, capped by the device and the tilt.

    The cap from the tilt: when the top edge of the picture points below the
    horizon, no ground beyond ``h / tan(tilt - vfov/2)`` is in the picture. PTZ
    and fisheye cameras are not capped (they tilt, or see the whole hemisphere).
    """
    top_edge = np.radians(params.tilt_deg - params.vfov_deg / 2)
    fixed_optics = ~(params.ptz | params.fisheye)
    with np.errstate(divide="ignore"):
        picture_limit = np.where(
            fixed_optics & (top_edge > 0),
            params.height_m / np.tan(np.clip(top_edge, 1e-9, None)),
            np.inf,
        )
    device_limit = np.where(np.isnan(params.max_range_m), np.inf, params.max_range_m)
    ppm = np.array(list(LEVEL_PPM.values()))[:, np.newaxis]  # all levels in one pass
    dori = range_for_level(params.resolution_px, params.hfov_deg, ppm, fisheye=params.fisheye)
    capped = np.minimum(np.minimum(dori, device_limit), picture_limit)
    ranges = dict(zip(LEVEL_PPM, capped, strict=True))
    return ranges


def blind_radius(params: CameraParameters) -> np.ndarray:
    """Radius of the ground hidden under each camera (below the bottom edge of the picture).

    Infinite when even the bottom edge points at or above the horizon: the
    camera sees no ground at all.
    """
    bottom_edge = np.radians(params.tilt_deg + params.vfov_deg / 2)
    fixed_optics = ~(params.ptz | params.fisheye)
    with np.errstate(divide="ignore"):
        radius = np.where(
            bottom_edge >= np.pi / 2,
            0.0,
            params.height_m / np.tan(np.clip(bottom_edge, 1e-12, None)),
        )
    radius = np.where(bottom_edge <= 0, np.inf, radius)
    return np.where(fixed_optics, radius, 0.0)


def field_of_view_sectors(
    params: CameraParameters, outer: np.ndarray, inner: np.ndarray
) -> np.ndarray:
    """Annular sectors (or rings for omnidirectional cameras) between ``inner`` and ``outer``.

    Arcs are inscribed polygons with a vertex every :data:`ARC_STEP_DEG` degrees
    or less, an even number of steps so that one vertex lies on the bearing.
    Empty polygons where ``outer <= inner``.
    """
    return _level_sectors(params, np.asarray(outer, dtype=float)[np.newaxis], inner)


def _level_sectors(params: CameraParameters, outer: np.ndarray, inner: np.ndarray) -> np.ndarray:
    """:func:`field_of_view_sectors` at several ranges per camera, level by level.

    ``outer`` is (levels, cameras); row ``k * n + i`` of the result is camera
    ``i``'s sector at range ``outer[k, i]``. A camera's arc has the same bearings
    at every range, so its vertex template (bearings, sines, cosines) and a
    disc's blind-zone hole are built once per camera, not once per level; the
    vertices are the same numbers as when each level is built on its own.
    """
    n_levels, n = outer.shape
    result = np.full(n_levels * n, EMPTY_POLYGON, dtype=object)
    drawable = ((outer > inner) & np.isfinite(outer) & (outer > 0)).ravel()
    if not drawable.any():
        return result
    slot = np.flatnonzero(drawable)
    cams = np.flatnonzero(drawable.reshape(n_levels, n).any(axis=0))
    cam_row = np.searchsorted(cams, slot % n) if len(cams) < n else slot % n
    omni = params.omnidirectional[cams]
    hole = inner[cams] > 0
    width = np.where(omni, 360.0, params.hfov_deg[cams])
    steps = 2 * np.maximum(np.ceil(width / (2 * ARC_STEP_DEG)).astype(int), 1)
    start = params.bearing_deg[cams] - width / 2

    # Every shell vertex is centre + r·(sin, cos)(angle): the apex is r = 0. A shell
    # is [apex] + outer arc for a plain sector, outer arc + inner arc walked back
    # for an annular one, and the outer arc without its repeated end for a disc.
    n_apex = (~omni & ~hole).astype(int)
    n_outer = steps + 1 - omni
    n_inner = np.where(~omni & hole, steps + 1, 0)
    counts = n_apex + n_outer + n_inner
    row, pos = _ragged(counts)
    kind = (pos >= n_apex[row]).astype(int) + (pos >= n_apex[row] + n_outer[row])  # 0/1/2
    t = np.where(kind == 2, steps[row] - (pos - n_apex[row] - n_outer[row]), pos - n_apex[row])
    angle = np.radians(start[row] + width[row] * t / steps[row])
    # bearings run clockwise from north: x = sin, y = cos
    sin, cos = np.sin(angle), np.cos(angle)

    # every drawable (level, camera) takes its camera's template at its own radius
    s_row, s_pos = _ragged(counts[cam_row])
    slot_cam = cam_row[s_row]
    vertex = (np.cumsum(counts) - counts)[slot_cam] + s_pos
    cam = cams[slot_cam]
    vertex_kind = kind[vertex]
    radius = np.where(
        vertex_kind == 1,
        outer.ravel()[slot[s_row]],
        np.where(vertex_kind == 2, inner[cam], 0.0),
    )
    shells = shapely.linearrings(
        np.column_stack(
            [params.x[cam] + radius * sin[vertex], params.y[cam] + radius * cos[vertex]]
        ),
        indices=s_row,
    )

    polygons = np.empty(len(slot), dtype=object)
    disc_hole = (omni & hole)[cam_row]
    if not disc_hole.all():
        polygons[~disc_hole] = shapely.polygons(shells[~disc_hole])
    if disc_hole.any():
        hole_cams = np.flatnonzero(omni & hole)
        h_row, h_pos = _ragged(steps[hole_cams])
        h_row = hole_cams[h_row]
        holes = np.empty(len(cams), dtype=object)
        holes[hole_cams] = shapely.linearrings(
            _arc_points(
                params, cams, h_row, steps[h_row] - h_pos, steps, start, width, inner[cams][h_row]
            ),
            indices=np.searchsorted(hole_cams, h_row),
        )
        polygons[disc_hole] = shapely.polygons(
            shells[disc_hole], holes[cam_row[disc_hole]][:, np.newaxis]
        )
    result[slot] = polygons
    return result


def _ragged(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ragged rows of ``counts`` items: each item's row and position within it."""
    row = np.repeat(np.arange(len(counts)), counts)
    return row, np.arange(len(row)) - np.repeat(np.cumsum(counts) - counts, counts)


def _arc_points(
    params: CameraParameters,
    idx: np.ndarray,
    row: np.ndarray,
    t: np.ndarray,
    steps: np.ndarray,
    start: np.ndarray,
    width: np.ndarray,
    radius: np.ndarray,
) -> np.ndarray:
    """Points at ``radius`` from camera ``idx[row]`` on bearing step ``t`` of its arc."""
    angle = np.radians(start[row] + width[row] * t / steps[row])
    cam = idx[row]
    # bearings run clockwise from north: x = sin, y = cos
    return np.column_stack(
        [params.x[cam] + radius * np.sin(angle), params.y[cam] + radius * np.cos(angle)]
    )


_TYPE_NAMES = {
    0: "Point",
    1: "LineString",
    2: "LinearRing",
    3: "Polygon",
    4: "MultiPoint",
    5: "MultiLineString",
    6: "MultiPolygon",
    7: "GeometryCollection",
}


def usable_geometries(
    geoms: np.ndarray, *, types: Iterable[int] = (0, 1, 2, 3, 4, 5, 6)
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Geometries ready for computing, why each unusable one is left out, which were repaired.

    Returns ``(geoms, reason, repaired)``: ``reason[i]`` is "" for a usable
    geometry, else why it cannot be used — missing, empty, of a type not in
    ``types`` (shapely type ids), with coordinates that are not finite numbers,
    a polygon of zero area or a line of zero length (under
    :data:`DEGENERATE_SIZE`). An invalid polygon (self-intersecting ring) is
    repaired with ``make_valid`` keeping its polygonal part (``repaired[i]``).
    """
    geoms = np.asarray(geoms, dtype=object).copy()
    n = len(geoms)
    reason = np.full(n, "", dtype=object)
    repaired = np.zeros(n, dtype=bool)
    if not n:
        return geoms, reason, repaired
    type_id = shapely.get_type_id(geoms)
    missing = shapely.is_missing(geoms)
    reason[missing] = "no geometry"
    wrong = ~missing & ~np.isin(type_id, list(types))
    for k in np.flatnonzero(wrong):
        reason[k] = f"a {_TYPE_NAMES.get(int(type_id[k]), 'geometry')} cannot be used here"
    reason[(reason == "") & shapely.is_empty(geoms)] = "empty geometry"
    present = np.flatnonzero(reason == "")
    coords, owner = shapely.get_coordinates(geoms[present], return_index=True)
    finite = np.ones(len(present), dtype=bool)
    np.logical_and.at(finite, owner, np.isfinite(coords).all(axis=1))
    reason[present[~finite]] = "coordinates are not finite numbers"
    present = present[finite]
    dims = shapely.get_dimensions(geoms[present])
    invalid = present[(dims == 2) & ~shapely.is_valid(geoms[present])]
    if len(invalid):
        geoms[invalid] = shapely.make_valid(
            geoms[invalid], method="structure", keep_collapsed=False
        )
        repaired[invalid] = True
    size = np.select(
        [dims == 2, dims == 1], [shapely.area(geoms[present]), shapely.length(geoms[present])], 1.0
    )
    small = size < DEGENERATE_SIZE
    reason[present[small & (dims == 2)]] = "zero area"
    reason[present[small & (dims == 1)]] = "zero length"
    repaired &= reason == ""
    return geoms, reason, repaired


def row_numbers(frame: pd.DataFrame) -> np.ndarray:
    """How the checker names each row: its ``fid`` when the file has one, else its number from 1."""
    numbers = np.array([str(k + 1) for k in range(len(frame))], dtype=object)
    if ROW_KEY in frame.columns:
        fid = frame[ROW_KEY].to_numpy(dtype=object)
        known = ~pd.isna(fid)
        numbers[known] = [str(int(v)) for v in fid[known]]
    return numbers


def usable_rows(
    frame: gpd.GeoDataFrame,
    layer: str,
    what: str,
    *,
    types: Iterable[int] = (0, 1, 2, 3, 4, 5, 6),
    id_field: str | None = None,
) -> tuple[np.ndarray, np.ndarray, list[RowProblem]]:
    """:func:`usable_geometries` of a layer's rows, and a problem per row left out or repaired.

    Returns the (repaired) geometries, a mask of the rows to compute with and
    the problems, naming rows by :func:`row_numbers` and ``id_field``; ``what``
    names the geometry in messages ("zone", "footprint").
    """
    geoms, reason, repaired = usable_geometries(frame.geometry.to_numpy(), types=types)
    numbers = row_numbers(frame)
    ids = [""] * len(frame)
    if id_field is not None and id_field in frame.columns:
        ids = [f"{id_field}={v}" for v in frame[id_field].astype(str)]
    problems = [
        RowProblem(layer, numbers[k], "geometry", f"{what}: {reason[k]}", LEFT_OUT, id=ids[k])
        for k in np.flatnonzero(reason != "")
    ]
    problems += [
        RowProblem(
            layer,
            numbers[k],
            "geometry",
            f"invalid {what} polygon (e.g. a ring crossing itself) repaired with make_valid",
            REPAIRED,
            severity="warning",
            id=ids[k],
        )
        for k in np.flatnonzero(repaired)
    ]
    return geoms, reason == "", problems


@dataclass(frozen=True)
class DuplicateFootprints:
    """One building mapped more than once: the row kept and the rows merged into it.

    Rows are named as :func:`row_numbers` names them (fid, else 1-based number).
    """

    kept: str
    duplicates: tuple[str, ...]


@dataclass(frozen=True)
class ComputingBuildings:
    """The footprints the engine computes with, and what was left out, repaired or merged.

    ``buildings`` has a fresh index; ``source[i]`` is the position in the input
    frame of its row ``i``. ``problems`` lists, per input row, footprints left
    out (error), repaired (warning) and duplicates merged (warning).
    """

    buildings: gpd.GeoDataFrame
    source: np.ndarray
    duplicates: tuple[DuplicateFootprints, ...]
    problems: tuple[RowProblem, ...]


def merge_duplicate_footprints(
    buildings: gpd.GeoDataFrame, *, overlap: float = DUPLICATE_OVERLAP
) -> ComputingBuildings:
    """The buildings to compute with: unusable footprints out, duplicates merged (pure).

    Footprints that cannot be used (see :func:`usable_geometries`) are left
    out and reported. Footprints whose common area is at least ``overlap`` of
    their union are one building mapped twice (OSM: a ``building`` and its
    ``building:part`` copy): the first row is kept, with the greatest known
    ``height_m`` of the group (unknown only when no copy knows it) and, for
    every other empty field, the first value a copy has; the copies are left
    out, so they neither cast a shadow twice nor give a finding twice.
    """
    frame = buildings.reset_index(drop=True)
    numbers = row_numbers(frame)
    geoms, keep, problems = usable_rows(frame, "buildings", "footprint", types=(3, 6))
    rows = np.flatnonzero(keep)
    usable = geoms[rows]
    a, b = STRtree(usable).query(usable) if len(usable) else (np.empty(0, int),) * 2
    area = shapely.area(usable)
    candidate = (a < b) & (np.minimum(area[a], area[b]) >= overlap * np.maximum(area[a], area[b]))
    a, b = a[candidate], b[candidate]
    common = shapely.area(shapely.intersection(usable[a], usable[b]))
    share = common / (area[a] + area[b] - common)
    same = share >= overlap
    a, b, share = a[same], b[same], share[same]
    group = np.arange(len(rows))
    for i, j in sorted(zip(a.tolist(), b.tolist(), strict=True)):  # few pairs: union-find
        root_i, root_j = _root(group, i), _root(group, j)
        group[max(root_i, root_j)] = min(root_i, root_j)
    group = np.array([_root(group, k) for k in range(len(rows))], dtype=int)
    out = frame.iloc[rows].copy()
    out = out.set_geometry(gpd.GeoSeries(usable, index=out.index, crs=frame.crs))
    duplicates = []
    for root in np.unique(group[group != np.arange(len(rows))]):
        members = np.flatnonzero(group == root)
        label = out.index[members]
        kept = out.index[root]
        for column in out.columns:
            if column == out.geometry.name:
                continue
            values = out.loc[label, column]
            if column == "height_m":
                known = pd.to_numeric(values, errors="coerce").dropna()
                if len(known):
                    out.at[kept, column] = known.max()
            elif pd.isna(out.at[kept, column]) and values.notna().any():
                out.at[kept, column] = values[values.notna()].iloc[0]
        copies = tuple(numbers[rows[m]] for m in members[1:])
        duplicates.append(DuplicateFootprints(numbers[rows[root]], copies))
        problems += [
            RowProblem(
                "buildings",
                copy,
                "geometry",
                f"the same footprint as row {numbers[rows[root]]} (a building mapped twice)",
                MERGED,
                severity="warning",
            )
            for copy in copies
        ]
    keep = group == np.arange(len(rows))
    return ComputingBuildings(
        buildings=out[keep].reset_index(drop=True),
        source=rows[keep],
        duplicates=tuple(duplicates),
        problems=tuple(problems),
    )


def _root(parent: np.ndarray, k: int) -> int:
    while parent[k] != k:
        k = int(parent[k])
    return k


def prepare_occluders(buildings: gpd.GeoDataFrame) -> Occluders:
    """Index building footprints and list their edges, outward normal on the right.

    Rings are oriented (shells counter-clockwise, holes clockwise) so that the
    solid is always on the left of an edge; that makes "facing away from the
    camera" a sign test.
    """
    footprints = shapely.orient_polygons(buildings.geometry.to_numpy())
    heights = buildings["height_m"].to_numpy(dtype=float, na_value=np.nan)
    heights = np.where(np.isnan(heights), np.inf, heights)
    # Rings of every part: the project file stores footprints as MultiPolygons,
    # whose rings shapely.get_rings does not return (their edges would be lost).
    parts, part_owner = shapely.get_parts(footprints, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    ring_owner = part_owner[ring_part]
    coords, ring_of_coord = shapely.get_coordinates(rings, return_index=True)
    # an edge joins consecutive vertices of the same ring
    same_ring = ring_of_coord[:-1] == ring_of_coord[1:]
    starts = coords[:-1][same_ring]
    ends = coords[1:][same_ring]
    edge_owner = ring_owner[ring_of_coord[:-1][same_ring]]
    offsets = np.searchsorted(edge_owner, np.arange(len(footprints) + 1))
    hull_area = shapely.area(shapely.convex_hull(footprints))
    convex = (
        (shapely.get_num_interior_rings(footprints) == 0)
        & (hull_area - shapely.area(footprints) <= 1e-9 * np.maximum(hull_area, 1.0))
        & (shapely.get_num_geometries(footprints) == 1)
    )
    shells = shapely.get_exterior_ring(shapely.get_geometry(footprints, 0))
    vertices, vertex_owner = shapely.get_coordinates(shells, return_index=True)
    return Occluders(
        footprints=footprints,
        tree=STRtree(footprints),
        height_m=heights,
        edge_start=starts,
        edge_end=ends,
        edge_offsets=offsets,
        edge_ring=ring_of_coord[:-1][same_ring],
        convex=convex,
        vertices=vertices,
        vertex_offsets=np.searchsorted(vertex_owner, np.arange(len(footprints) + 1)),
    )


def views_from_cameras(
    cameras: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame | Occluders,
    *,
    levels: Iterable[str] = LEVELS,
) -> ViewSet:
    """Visible ground of every camera at every DORI level (see the module docstring).

    ``buildings`` may be a prepared :class:`Occluders` to reuse its index across
    calls (the window does this while a camera is dragged). A camera standing
    inside a building footprint is treated as mounted on that building's
    façade: its own building does not block it, and ``inside_building`` names
    the footprint so reports can flag it. A camera inside several overlapping
    footprints (a building and its ``building:part``) is mounted on all of
    them: none of them blocks it.
    """
    crs = require_metric_crs(cameras.crs, what="cameras layer")
    occluders = (
        buildings
        if isinstance(buildings, Occluders)
        else prepare_occluders(_same_crs(buildings, crs))
    )
    levels = tuple(levels)
    for level in levels:
        if level not in LEVEL_PPM:
            raise CameraError(
                f"unknown level {level!r}; use one of {', '.join(LEVELS)}", field="level"
            )
    return views_from_parameters(camera_parameters(cameras), occluders, levels=levels, crs=crs)


def views_from_parameters(
    params: CameraParameters,
    occluders: Occluders,
    *,
    levels: tuple[str, ...] = LEVELS,
    crs: object = None,
) -> ViewSet:
    """:func:`views_from_cameras` on already resolved camera parameters (the hot path)."""
    ranges = level_ranges(params)
    inner = blind_radius(params)
    n = len(params)
    inside = np.full(n, -1)
    points = shapely.points(params.x, params.y)
    own = (np.empty(0, dtype=int), np.empty(0, dtype=int))
    if n and len(occluders):
        # a camera may stand in several footprints (a building and its building:part):
        # it is mounted on all of them, none blocks it; the first names it
        own = occluders.tree.query(points, predicate="within")
        first = np.full(n, len(occluders))
        np.minimum.at(first, own[0], own[1])
        inside = np.where(first < len(occluders), first, -1)

    # ranges shrink from detect to identify, so the first level asked for is the widest
    ordered = [lv for lv in LEVELS if lv in levels]
    every = np.tile(np.arange(n), len(ordered))
    sectors = _level_sectors(params, np.stack([ranges[lv] for lv in ordered]), inner)
    hidden = _hidden_ground(params, points, occluders, sectors[:n], ranges[ordered[0]], inner, own)
    hidden_every = hidden[every]
    visible = sectors.copy()
    blocked = np.flatnonzero(~shapely.is_empty(hidden_every))
    if len(blocked):
        blocked = blocked[shapely.intersects(sectors[blocked], hidden_every[blocked])]
        visible[blocked] = shapely.difference(sectors[blocked], hidden_every[blocked])
    masked = np.flatnonzero([len(m) > 0 for m in params.masks])
    if len(masked):
        wedges = np.tile(mask_wedges(params.take(masked), ranges[ordered[0]][masked]), len(ordered))
        rows = (np.arange(len(ordered))[:, np.newaxis] * n + masked).ravel()
        visible[rows] = shapely.difference(visible[rows], wedges)
    visible = _polygonal(visible)
    views = {lv: np.full(n, EMPTY_POLYGON, dtype=object) for lv in LEVELS}
    for k, level in enumerate(ordered):
        views[level] = visible[k * n : (k + 1) * n]
    return _viewset(
        params.camera_id,
        views,
        {lv: ranges[lv] for lv in LEVELS},
        inside,
        params.working,
        params.notes,
        crs,
    )


def mask_wedges(params: CameraParameters, reach: np.ndarray) -> np.ndarray:
    """Per camera, the ground its privacy mask blanks out to beyond ``reach`` metres.

    Each masked bearing range is a wedge from the camera; the arc radius leaves a
    margin so the inscribed arc polygon still covers the whole range.
    """
    owner = np.repeat(np.arange(len(params)), [len(m) for m in params.masks])
    if not len(owner):
        return np.full(len(params), EMPTY_POLYGON, dtype=object)
    start = np.array([a for m in params.masks for a, _ in m])
    end = np.array([b for m in params.masks for _, b in m])
    span = (end - start) % 360.0
    span = np.where(span == 0.0, 360.0, span)  # 0-360 blanks everything
    wedge_params = replace(
        params.take(owner),
        bearing_deg=(start + span / 2) % 360.0,
        hfov_deg=span,
        omnidirectional=span >= 360.0,
    )
    radius = np.maximum(reach[owner], 1.0) * 1.05 + 1.0
    pieces = field_of_view_sectors(wedge_params, radius, np.zeros(len(owner)))
    out = np.full(len(params), EMPTY_POLYGON, dtype=object)
    for k in np.unique(owner):  # one union per masked camera (usually one wedge)
        out[k] = shapely.union_all(pieces[owner == k])
    return out


def _same_crs(frame: gpd.GeoDataFrame, crs: object) -> gpd.GeoDataFrame:
    if len(frame) and (
        frame.crs is None or not require_metric_crs(frame.crs, what="buildings layer").equals(crs)
    ):
        raise CameraError(
            "buildings and cameras are in different CRSs; reproject both to the project CRS",
            layer="buildings",
        )
    return frame


def _hidden_ground(
    params: CameraParameters,
    points: np.ndarray,
    occluders: Occluders,
    sectors: np.ndarray,
    outer: np.ndarray,
    inner: np.ndarray,
    own: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """Union, per camera, of the footprints in its sector and the ground they hide.

    ``own`` pairs (cameras, footprints) a camera stands in: those never hide
    anything from it (it is mounted on their façade).
    """
    n = len(params)
    hidden = np.full(n, EMPTY_POLYGON, dtype=object)
    if not n or not len(occluders):
        return hidden
    seen = ~shapely.is_empty(sectors)
    # A disc's sector is the ring between the blind radius and the range: a building
    # within range of the camera is in the ring, in the blind zone, or in the sliver
    # between the inscribed arc and the circle, whose shadow falls outside the ring.
    # One distance query then stands for both queries below, without preparing the
    # 180-gon ring for an intersects test (~0.1 ms a dome).
    disc = params.omnidirectional & seen
    # a building standing in the blind zone under the camera still blocks the rays over it
    near_cam, near_bldg = occluders.tree.query(
        points,
        predicate="dwithin",
        distance=np.where(disc, outer, np.where(np.isfinite(inner) & seen, inner, 0.0)),
    )
    directional = np.flatnonzero(~disc)
    cam, bldg = np.empty(0, dtype=int), np.empty(0, dtype=int)
    if len(directional):
        cam, bldg = occluders.tree.query(sectors[directional], predicate="intersects")
        cam = directional[cam]
    if not len(cam):
        cam, bldg = near_cam, near_bldg
    elif len(near_cam):
        pairs = np.unique(
            np.concatenate([cam, near_cam]) * len(occluders) + np.concatenate([bldg, near_bldg])
        )
        cam, bldg = pairs // len(occluders), pairs % len(occluders)
    mine = np.isin(cam * len(occluders) + bldg, own[0] * len(occluders) + own[1])
    cam, bldg = cam[~mine], bldg[~mine]
    if not len(cam):
        return hidden
    xy = np.column_stack([params.x, params.y])
    distance = shapely.distance(points[cam], occluders.footprints[bldg])
    cam_height = params.height_m[cam]
    bldg_height = occluders.height_m[bldg]
    with np.errstate(divide="ignore", invalid="ignore"):
        shadow_factor = np.where(
            bldg_height >= cam_height, np.inf, cam_height / (cam_height - bldg_height)
        )
    # A homothety beyond R / distance puts the image out of range: capping there is exact.
    with np.errstate(divide="ignore", over="ignore"):
        factor = np.minimum(shadow_factor, outer[cam] * 1.01 / distance)
    convex = occluders.convex[bldg] & (distance > _NEAR_M)

    pieces = [
        _convex_shadows(occluders, xy[cam[convex]], bldg[convex], factor[convex]),
        occluders.footprints[bldg[~convex]],
        _edge_shadows(occluders, xy, cam[~convex], bldg[~convex], shadow_factor[~convex], outer),
    ]
    owners = [cam[convex], cam[~convex], pieces[2][1]]
    pieces[2] = pieces[2][0]
    all_pieces = np.concatenate(pieces)
    piece_cam = np.concatenate(owners)
    order = np.argsort(piece_cam, kind="stable")
    all_pieces, piece_cam = all_pieces[order], piece_cam[order]
    bounds = np.searchsorted(piece_cam, np.arange(n + 1))
    for k in np.unique(piece_cam):  # one union per camera
        # shadows fall in clusters that do not touch (behind separate blocks): unioning
        # each cluster apart is ~20 % faster than one cascaded union, same ground
        hidden[k] = shapely.disjoint_subset_union_all(all_pieces[bounds[k] : bounds[k + 1]])
    return hidden


def _convex_shadows(
    occluders: Occluders, cameras_xy: np.ndarray, bldg: np.ndarray, factor: np.ndarray
) -> np.ndarray:
    """Hidden ground of convex footprints: the hull of P and its homothetic image k·P.

    The ground a convex footprint P hides is the sweep of P under homotheties
    centred on the camera with factors 1..k; that sweep is convex, so it equals
    conv(P ∪ k·P).
    """
    if not len(bldg):
        return np.empty(0, dtype=object)
    counts = occluders.vertex_offsets[bldg + 1] - occluders.vertex_offsets[bldg]
    pair = np.repeat(np.arange(len(bldg)), counts)
    vertex = np.repeat(occluders.vertex_offsets[bldg], counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    near = occluders.vertices[vertex]
    c = cameras_xy[pair]
    far = c + (near - c) * factor[pair][:, np.newaxis]
    coords = np.concatenate([near, far])
    owner = np.concatenate([pair, pair])
    order = np.argsort(owner, kind="stable")
    # a linestring through the points has the same hull as the points, and building it
    # makes no Point object per vertex (a multipoint costs ~4x the hull itself)
    return shapely.convex_hull(shapely.linestrings(coords[order], indices=owner[order]))


def _edge_shadows(
    occluders: Occluders,
    xy: np.ndarray,
    cam: np.ndarray,
    bldg: np.ndarray,
    shadow_factor: np.ndarray,
    outer: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Hidden ground behind the far-side edges of footprints, and the camera of each piece.

    Consecutive far-side edges of a ring form a chain that turns one way as seen
    from the camera, so the ground behind a whole chain is one polygon: the
    chain, then its homothetic image walked backwards. One factor serves the
    chain: the building's shadow factor, capped where the image of the chain's
    nearest point leaves the range. Chains are cut every 150° of sweep so the
    polygon stays simple (a camera in a courtyard sees a full turn of wall).
    """
    if not len(bldg):
        return np.empty(0, dtype=object), np.empty(0, dtype=int)
    counts = occluders.edge_offsets[bldg + 1] - occluders.edge_offsets[bldg]
    pair = np.repeat(np.arange(len(cam)), counts)
    edge = np.repeat(occluders.edge_offsets[bldg], counts) + (
        np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    )
    a = occluders.edge_start[edge]
    b = occluders.edge_end[edge]
    c = xy[cam[pair]]
    # facing away: the camera is on the solid (left) side of the edge's line
    ca = a - c
    cb = b - c
    cross = ca[:, 0] * cb[:, 1] - ca[:, 1] * cb[:, 0]
    length = np.hypot(*(b - a).T)
    back = (cross > 0) & (np.abs(cross) / np.where(length > 0, length, 1.0) > _EDGE_ON_M)

    # chains: runs of far-side edges, consecutive in the same ring of the same pair
    ring = occluders.edge_ring[edge]
    sweep = np.arctan2(cross, np.einsum("ij,ij->i", ca, cb))
    follows = np.zeros(len(edge), dtype=bool)
    follows[1:] = (
        back[:-1] & (pair[1:] == pair[:-1]) & (ring[1:] == ring[:-1]) & (edge[1:] == edge[:-1] + 1)
    )
    starts = back & ~follows
    chain = np.cumsum(starts) - 1
    idx = np.flatnonzero(back)
    if not len(idx):
        return np.empty(0, dtype=object), np.empty(0, dtype=int)
    chain, sweep_b = chain[idx], sweep[idx]
    # cut each chain into parts turning less than 150°
    before = np.cumsum(sweep_b) - sweep_b
    first_of_chain = np.r_[True, chain[1:] != chain[:-1]]
    chain_base = np.maximum.accumulate(np.where(first_of_chain, before, -np.inf))
    part = np.floor((before - chain_base) / np.radians(150.0)).astype(int)
    new_piece = first_of_chain | np.r_[True, part[1:] != part[:-1]]
    piece = np.cumsum(new_piece) - 1
    last_of_piece = np.r_[piece[1:] != piece[:-1], True]

    a, b, c, piece_pair = a[idx], b[idx], c[idx], pair[idx]
    edge_distance = shapely.distance(
        shapely.points(c), shapely.linestrings(np.stack([a, b], axis=1))
    )
    piece_first = np.flatnonzero(new_piece)
    nearest = np.minimum.reduceat(edge_distance, piece_first)
    owner_pair = piece_pair[piece_first]
    # the image of the chain is out of range beyond factor R / d(camera, chain)
    reach = outer[cam[owner_pair]] * 1.01 / np.maximum(nearest, _EDGE_ON_M)
    factor = np.minimum(shadow_factor[owner_pair], reach)

    # ring of each piece: a of every edge, b of its last edge, then the same points
    # scaled by the piece's factor in reverse order
    near = np.concatenate([a, b[last_of_piece]])
    near_piece = np.concatenate([piece, piece[last_of_piece]])
    near_key = np.concatenate([2 * np.arange(len(a)), 2 * np.flatnonzero(last_of_piece) + 1])
    scale = factor[near_piece][:, np.newaxis]
    origin = np.concatenate([c, c[last_of_piece]])
    far = origin + (near - origin) * scale
    span = 4 * len(a) + 4
    keys = np.concatenate(
        [near_piece * 2 * span + near_key, near_piece * 2 * span + 2 * span - 1 - near_key]
    )
    coords = np.concatenate([near, far])
    order = np.argsort(keys, kind="stable")
    owners = np.concatenate([near_piece, near_piece])[order]
    rings = shapely.linearrings(coords[order], indices=owners)
    return shapely.polygons(rings), cam[owner_pair]


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Drop what an overlay may leave besides real ground: lines, points and needles.

    Shadows that share an edge (a footprint mapped twice, adjoining building
    parts) can leave zero-width cracks in their union, and the difference then
    yields needle polygons of ~1e-14 m²; parts under :data:`SLIVER_M2` go.
    """
    type_id = shapely.get_type_id(geoms)
    multi = (type_id == 6) | (type_id == 7)  # MultiPolygon, GeometryCollection
    if multi.any():
        where = np.flatnonzero(multi)
        parts, owner = shapely.get_parts(geoms[where], return_index=True)
        real = (shapely.get_dimensions(parts) == 2) & (shapely.area(parts) >= SLIVER_M2)
        if (
            real.all()
            and (type_id[where] == 6).all()
            and (np.bincount(owner, minlength=len(where)) > 1).all()
        ):
            return geoms  # already multipolygons of real parts: rebuilding would copy them
        cleaned = np.full(len(where), EMPTY_POLYGON, dtype=object)
        if real.any():
            present, dense = np.unique(owner[real], return_inverse=True)
            cleaned[present] = shapely.multipolygons(parts[real], indices=dense)
        single = shapely.get_num_geometries(cleaned) == 1
        cleaned[single] = shapely.get_geometry(cleaned[single], 0)
        geoms[where] = cleaned
    return geoms
