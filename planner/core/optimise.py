"""Where the next cameras go: candidate options, demand points, the coverage matrix, the solve.

The optimiser works on the planner's own exact occluded views:

* **Sites** (:class:`Sites`) are where a camera could be mounted — the user's
  ``candidate_sites`` layer, points along roads, building corners. Each site
  is tried with every model of the catalogue (:mod:`planner.core.catalogue`)
  at bearings every 15° (one option for a dome, PTZ or fisheye), giving
  :class:`Options`.
* **Demand** (:class:`Demand`) samples the zones as points — a grid over an
  area, points along a line, the point itself — each weighted by the share of
  its zone it stands for and needing its zone's DORI level. Points the
  existing working cameras already cover (the engine's coverage) count as
  covered.
* **The coverage matrix** (:func:`coverage_matrix`) says which option sees
  which point at the point's level. Occlusion is the engine's: the ground a
  site sees (:func:`planner.core.views.views_from_parameters` for a camera
  seeing all round at the site) is computed once per site, and an option
  covers a visible point when the point is inside its field of view, beyond
  its blind zone and within its range for the point's level — the engine's
  own ranges (:func:`~planner.core.views.level_ranges`,
  :func:`~planner.core.views.blind_radius`), shortened by the engine's arc
  approximation so that a point covered here is covered by the engine's view.
* **The solve** (:func:`optimise`): identical demand rows are merged and
  options another option of the same site beats are dropped; then HiGHS
  (``scipy.optimize.milp``) solves (a) cover every zone to its required
  fraction at least cost, (b) the most priority-weighted coverage within a
  budget or a camera count, optionally (c) two cameras on chosen categories;
  under a time limit, reporting objective, best bound and gap. A greedy +
  local-search heuristic answers in milliseconds and reports its gap against
  the LP relaxation's bound (never smaller than its true gap).

Privacy: options seeing into private places (sampled like demand) are left
out, or kept with a privacy mask over those bearings (``privacy="mask"``).
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from planner.core.catalogue import CameraModel, Catalogue
from planner.core.coverage import CoverageState
from planner.core.errors import InputError
from planner.core.levels import LEVEL_PPM
from planner.core.views import (
    ARC_STEP_DEG,
    CameraParameters,
    Occluders,
    blind_radius,
    camera_parameters,
    level_ranges,
    views_from_parameters,
)

#: Bearings tried at a site without its own ``bearings``, degrees apart.
BEARING_STEP_DEG = 15.0
#: A point within this factor of an option's range is inside the engine's inscribed arc.
ARC_SHRINK = math.cos(math.radians(ARC_STEP_DEG) / 2)
#: Default priority of a category by the level it needs (a ruleset may set its own).
LEVEL_PRIORITY = {"detect": 1.0, "observe": 2.0, "recognise": 3.0, "identify": 4.0}
#: Relative gap at which HiGHS stops: the answer is then proven within 0.1 % of optimal.
MIP_GAP = 1e-3
#: Largest number of cameras one site (pole) carries.
MAX_PER_SITE = 4
#: Rate of the engine's objective tolerance: a zone target met within this counts as met.
_EPS = 1e-9


# ------------------------------------------------------------------ sites and options
@dataclass(frozen=True)
class Sites:
    """Candidate mounting points.

    ``cost`` is the site's own cost (a new pole), NaN: the catalogue's pole
    price; ``model`` empty lets the optimiser choose; ``bearings`` an empty
    tuple tries every 15°; ``hfov_deg``/``resolution_px`` NaN take the model's.
    """

    site_id: np.ndarray
    x: np.ndarray
    y: np.ndarray
    height_m: np.ndarray
    cost: np.ndarray
    model: np.ndarray
    bearings: tuple[tuple[float, ...], ...]
    hfov_deg: np.ndarray
    resolution_px: np.ndarray

    def __len__(self) -> int:
        return len(self.site_id)

    @staticmethod
    def concat(parts: Sequence[Sites]) -> Sites:
        """All sites of ``parts``, in order."""
        parts = [p for p in parts if len(p)]
        if not parts:
            return empty_sites()
        return Sites(
            site_id=np.concatenate([p.site_id for p in parts]),
            x=np.concatenate([p.x for p in parts]),
            y=np.concatenate([p.y for p in parts]),
            height_m=np.concatenate([p.height_m for p in parts]),
            cost=np.concatenate([p.cost for p in parts]),
            model=np.concatenate([p.model for p in parts]),
            bearings=tuple(b for p in parts for b in p.bearings),
            hfov_deg=np.concatenate([p.hfov_deg for p in parts]),
            resolution_px=np.concatenate([p.resolution_px for p in parts]),
        )


def empty_sites() -> Sites:
    """No site."""
    return _sites(np.empty(0, dtype=object), np.empty(0), np.empty(0), 6.0, math.nan)


def _sites(ids: np.ndarray, x: np.ndarray, y: np.ndarray, height: float, cost: float) -> Sites:
    n = len(ids)
    return Sites(
        site_id=np.asarray(ids, dtype=object),
        x=np.asarray(x, dtype=float),
        y=np.asarray(y, dtype=float),
        height_m=np.full(n, float(height)),
        cost=np.full(n, float(cost)),
        model=np.full(n, "", dtype=object),
        bearings=((),) * n,
        hfov_deg=np.full(n, math.nan),
        resolution_px=np.full(n, math.nan),
    )


def sites_from_layer(frame: gpd.GeoDataFrame, catalogue: Catalogue) -> Sites:
    """The ``candidate_sites`` layer as :class:`Sites`; :class:`InputError` naming row and field.

    Fields: ``site_id`` (text, unique), ``height_m`` (required, > 0), optional
    ``bearings`` (``0,90,180``), ``hfov_deg``, ``resolution_px``, ``cost`` and
    ``model`` (a catalogue model that fixes the camera at that site).
    """
    layer = "candidate_sites"
    n = len(frame)
    if not n:
        return empty_sites()
    columns = {str(c).lower(): c for c in frame.columns}
    if "site_id" not in columns or "height_m" not in columns:
        missing = [c for c in ("site_id", "height_m") if c not in columns]
        raise InputError(f"field {', '.join(missing)} is missing", layer=layer, field=missing[0])

    def column(name: str) -> pd.Series:
        return frame[columns[name]] if name in columns else pd.Series([None] * n, index=frame.index)

    ids = column("site_id").astype(object).to_numpy()
    geoms = frame.geometry.to_numpy()
    xs, ys = np.full(n, math.nan), np.full(n, math.nan)
    seen: set[str] = set()
    heights = np.full(n, math.nan)
    costs = np.full(n, math.nan)
    hfovs = np.full(n, math.nan)
    resolutions = np.full(n, math.nan)
    models = np.full(n, "", dtype=object)
    bearings: list[tuple[float, ...]] = []
    for k in range(n):
        site = ids[k]
        row = f"site_id={site}" if _filled(site) else f"row {k + 1}"
        if not _filled(site):
            raise InputError("site_id is empty", layer=layer, row=row, field="site_id")
        site = str(site)
        if site in seen:
            raise InputError(
                f"site_id {site!r} is used twice", layer=layer, row=row, field="site_id"
            )
        seen.add(site)
        geom = geoms[k]
        if geom is None or shapely.is_empty(geom) or shapely.get_type_id(geom) != 0:
            raise InputError("geometry must be a point", layer=layer, row=row, field="geometry")
        xs[k], ys[k] = shapely.get_x(geom), shapely.get_y(geom)
        heights[k] = _number(column("height_m").iat[k], layer, row, "height_m", positive=True)
        if heights[k] != heights[k]:
            raise InputError("height_m is empty", layer=layer, row=row, field="height_m")
        for name, target in (("cost", costs), ("hfov_deg", hfovs), ("resolution_px", resolutions)):
            target[k] = _number(column(name).iat[k], layer, row, name, positive=name != "cost")
        model = column("model").iat[k]
        if _filled(model):
            try:
                models[k] = catalogue.model(str(model).strip()).model
            except InputError as exc:
                raise InputError(exc.detail, layer=layer, row=row, field="model") from None
        bearings.append(_bearings(column("bearings").iat[k], layer, row))
    return Sites(
        site_id=np.array([str(i) for i in ids], dtype=object),
        x=xs,
        y=ys,
        height_m=heights,
        cost=costs,
        model=models,
        bearings=tuple(bearings),
        hfov_deg=hfovs,
        resolution_px=resolutions,
    )


def _filled(value: object) -> bool:
    return not (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and value != value)
        or (isinstance(value, str) and not value.strip())
    )


def _number(value: object, layer: str, row: str, name: str, *, positive: bool) -> float:
    """A number of the layer (NaN when empty); :class:`InputError` naming row and field."""
    if not _filled(value):
        return math.nan
    try:
        number = float(str(value).strip()) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise InputError(
            f"{name} {value!r} is not a number", layer=layer, row=row, field=name
        ) from None
    if not math.isfinite(number) or number < 0 or (positive and number == 0):
        raise InputError(
            f"{name} must be {'above' if positive else 'at least'} 0, not {value!r}",
            layer=layer,
            row=row,
            field=name,
        )
    return number


def _bearings(value: object, layer: str, row: str) -> tuple[float, ...]:
    """``0,90,180`` (or ``0;90``) as bearings; empty: every 15°."""
    if not _filled(value):
        return ()
    out = []
    for part in str(value).replace("，", ",").replace(";", ",").split(","):
        if not part.strip():
            continue
        try:
            bearing = float(part)
        except ValueError:
            raise InputError(
                f"bearings {value!r}: {part.strip()!r} is not a number",
                layer=layer,
                row=row,
                field="bearings",
            ) from None
        if not 0.0 <= bearing <= 360.0:
            raise InputError(
                f"bearings {value!r}: {bearing:g} is not within 0–360",
                layer=layer,
                row=row,
                field="bearings",
            )
        out.append(bearing % 360.0)
    return tuple(dict.fromkeys(out))


def sites_along_roads(
    roads: gpd.GeoDataFrame, *, spacing_m: float, height_m: float, prefix: str = "road"
) -> Sites:
    """A site every ``spacing_m`` metres along each road line (a new pole each)."""
    if spacing_m <= 0:
        raise InputError(f"spacing must be above 0 m, not {spacing_m:g}", field="--road-spacing")
    lines = [g for g in roads.geometry.to_numpy() if g is not None and not shapely.is_empty(g)]
    lines = [
        p
        for g in lines
        for p in shapely.get_parts(shapely.line_merge(g) if shapely.get_type_id(g) == 5 else g)
        if shapely.get_type_id(p) in (1, 2)
    ]
    points = []
    for line in lines:
        length = shapely.length(line)
        count = max(int(length // spacing_m), 0)
        offsets = (np.arange(count + 1) * spacing_m) if count else np.array([length / 2])
        points.extend(shapely.line_interpolate_point(line, offsets))
    if not points:
        return empty_sites()
    # one site where several lines meet
    coords = np.unique(np.round(shapely.get_coordinates(np.array(points)), 1), axis=0)
    ids = np.array([f"{prefix}-{k + 1}" for k in range(len(coords))], dtype=object)
    return _sites(ids, coords[:, 0], coords[:, 1], height_m, math.nan)


def sites_at_building_corners(
    buildings: gpd.GeoDataFrame,
    *,
    height_m: float,
    offset_m: float = 0.5,
    min_angle_deg: float = 30,
) -> Sites:
    """A site just outside each convex corner of each footprint (a bracket on the corner).

    Corners flatter than ``min_angle_deg`` of turn are skipped; the site stands
    ``offset_m`` out along the corner's bisector, so the building hides what is
    behind it. Mounting on an existing building: no pole cost.
    """
    polygons = [
        p
        for g in buildings.geometry.to_numpy()
        if g is not None
        for p in shapely.get_parts(g)
        if shapely.get_type_id(p) == 3
    ]
    xs: list[float] = []
    ys: list[float] = []
    for polygon in polygons:
        ring = shapely.get_coordinates(shapely.normalize(polygon).exterior)[:-1]
        if len(ring) < 3:
            continue
        # normalize() orients shells clockwise: a convex corner turns right
        prev, nxt = np.roll(ring, 1, axis=0), np.roll(ring, -1, axis=0)
        a, b = ring - prev, nxt - ring
        cross = a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]
        na, nb = np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1)
        ok = (na > 0) & (nb > 0)
        turn = np.zeros(len(ring))
        turn[ok] = np.degrees(np.arcsin(np.clip(-cross[ok] / (na[ok] * nb[ok]), -1, 1)))
        convex = ok & (turn >= min_angle_deg)
        for k in np.flatnonzero(convex):
            out = a[k] / na[k] - b[k] / nb[k]  # away from the footprint
            norm = np.linalg.norm(out)
            if norm == 0:
                continue
            point = ring[k] + out / norm * offset_m
            xs.append(float(point[0]))
            ys.append(float(point[1]))
    if not xs:
        return empty_sites()
    ids = np.array([f"corner-{k + 1}" for k in range(len(xs))], dtype=object)
    return _sites(ids, np.array(xs), np.array(ys), height_m, 0.0)


@dataclass(frozen=True)
class Options:
    """Every (site, model, lens, bearing) the optimiser may choose, as arrays."""

    site: np.ndarray  # index into the sites
    model: np.ndarray
    camera_type: np.ndarray
    bearing_deg: np.ndarray
    hfov_deg: np.ndarray
    resolution_px: np.ndarray
    height_m: np.ndarray
    tilt_deg: np.ndarray
    x: np.ndarray
    y: np.ndarray
    cost: np.ndarray  # the camera's price (the site's cost is apart)
    bitrate_mbps: np.ndarray
    mask: tuple[tuple[tuple[float, float], ...], ...] = ()  # privacy mask per option

    def __len__(self) -> int:
        return len(self.site)

    def take(self, rows: np.ndarray) -> Options:
        """The options at ``rows``."""
        masks = self.mask or ((),) * len(self)
        return Options(
            **{
                name: getattr(self, name)[rows]
                for name in self.__dataclass_fields__
                if name != "mask"
            },
            mask=tuple(masks[k] for k in rows),
        )

    def cameras(self, ids: Sequence[str] | None = None, crs: object = None) -> gpd.GeoDataFrame:
        """The options as a cameras layer (the engine's fields), status ``planned``."""
        n = len(self)
        masks = self.mask or ((),) * n
        return gpd.GeoDataFrame(
            {
                "camera_id": list(ids) if ids is not None else [f"option-{k}" for k in range(n)],
                "camera_type": self.camera_type.astype(object),
                "bearing_deg": np.where(_omni(self.camera_type), np.nan, self.bearing_deg),
                "hfov_deg": self.hfov_deg,
                "tilt_deg": self.tilt_deg,
                "height_m": self.height_m,
                "resolution_px": self.resolution_px,
                "status": "planned",
                "privacy_mask": [
                    ";".join(f"{a:g}-{b:g}" for a, b in m) if m else None for m in masks
                ],
            },
            geometry=shapely.points(self.x, self.y),
            crs=crs,
        )


def _omni(types: np.ndarray) -> np.ndarray:
    return np.isin(types.astype(str), ["dome", "ptz", "fisheye"])


def aimed_tilt(hfov_deg: np.ndarray, camera_type: np.ndarray) -> np.ndarray:
    """The tilt the optimiser gives a camera: the picture's top edge on the horizon.

    Half the vertical field of view (derived from the horizontal at 16:9, as the
    engine does), so nothing is cut at the far end and the blind zone under the
    camera is as small as that allows; PTZ and fisheye cameras are not tilted.
    """
    vfov = np.degrees(2 * np.arctan(np.tan(np.radians(np.minimum(hfov_deg, 179.0)) / 2) * 9 / 16))
    return np.where(np.isin(camera_type.astype(str), ["ptz", "fisheye"]), 0.0, vfov / 2)


def build_options(
    sites: Sites,
    catalogue: Catalogue,
    *,
    models: Sequence[str] | None = None,
    bearing_step_deg: float = BEARING_STEP_DEG,
    lens_steps: int = 3,
) -> Options:
    """Every option of every site: its models × lens settings × bearings.

    A varifocal lens is tried at ``lens_steps`` fields of view from its widest
    to its narrowest (geometric steps); a site's own ``hfov_deg``,
    ``resolution_px``, ``model`` and ``bearings`` fix those.
    """
    if bearing_step_deg <= 0 or bearing_step_deg > 360:
        raise InputError(f"bearing step must be in (0, 360], not {bearing_step_deg:g}")
    chosen = [catalogue.model(m) for m in models] if models else list(catalogue.models)
    if not chosen:
        raise InputError("no camera model to propose", field="model")
    every = tuple(np.arange(0.0, 360.0, bearing_step_deg).tolist())
    rows: dict[str, list[object]] = {
        k: []
        for k in (
            "site",
            "model",
            "camera_type",
            "bearing_deg",
            "hfov_deg",
            "resolution_px",
            "cost",
            "bitrate_mbps",
        )
    }
    for s in range(len(sites)):
        fixed_model = str(sites.model[s] or "")
        for model in [catalogue.model(fixed_model)] if fixed_model else chosen:
            lenses = _lenses(model, sites.hfov_deg[s], lens_steps)
            resolution = sites.resolution_px[s]
            resolution = model.resolution_px if resolution != resolution else resolution
            bearings = (0.0,) if model.omnidirectional else (sites.bearings[s] or every)
            for hfov in lenses:
                for bearing in bearings:
                    rows["site"].append(s)
                    rows["model"].append(model.model)
                    rows["camera_type"].append(model.type)
                    rows["bearing_deg"].append(float(bearing) % 360.0)
                    rows["hfov_deg"].append(hfov)
                    rows["resolution_px"].append(resolution)
                    rows["cost"].append(model.price)
                    rows["bitrate_mbps"].append(model.bitrate_mbps)
    site = np.asarray(rows["site"], dtype=int)
    types = np.asarray(rows["camera_type"], dtype=object)
    hfovs = np.asarray(rows["hfov_deg"], dtype=float)
    return Options(
        site=site,
        model=np.asarray(rows["model"], dtype=object),
        camera_type=types,
        bearing_deg=np.asarray(rows["bearing_deg"], dtype=float),
        hfov_deg=hfovs,
        resolution_px=np.asarray(rows["resolution_px"], dtype=float),
        height_m=sites.height_m[site] if len(site) else np.empty(0),
        tilt_deg=aimed_tilt(hfovs, types) if len(site) else np.empty(0),
        x=sites.x[site] if len(site) else np.empty(0),
        y=sites.y[site] if len(site) else np.empty(0),
        cost=np.asarray(rows["cost"], dtype=float),
        bitrate_mbps=np.asarray(rows["bitrate_mbps"], dtype=float),
    )


def _lenses(model: CameraModel, fixed: float, steps: int) -> list[float]:
    if fixed == fixed:
        return [float(np.clip(fixed, model.hfov_min_deg, model.hfov_max_deg))]
    if model.hfov_max_deg <= model.hfov_min_deg or steps <= 1:
        return [model.hfov_max_deg]
    ratio = (model.hfov_min_deg / model.hfov_max_deg) ** (1 / (steps - 1))
    return [round(model.hfov_max_deg * ratio**k, 1) for k in range(steps)]


# ------------------------------------------------------------------ demand
@dataclass(frozen=True)
class Demand:
    """Points sampling the zones. ``weight`` sums to 1 over each zone's points."""

    x: np.ndarray
    y: np.ndarray
    zone: np.ndarray  # index into the coverage state's zones
    weight: np.ndarray
    ppm: np.ndarray  # pixels per metre the zone needs
    covered: np.ndarray  # already covered by the existing working cameras
    existing: np.ndarray  # how many existing working cameras see the point at its level

    def __len__(self) -> int:
        return len(self.x)


def sample_demand(
    state: CoverageState, *, spacing_m: float, zones: np.ndarray | None = None
) -> Demand:
    """Points every ``spacing_m`` metres over the chosen zones (all mandatory ones by default).

    An area gets a square grid (at least one point, its representative
    point); a line points at the middle of each ``spacing_m`` stretch; a point
    zone itself. Each point stands for an equal share of its zone.
    """
    if spacing_m <= 0:
        raise InputError(f"demand spacing must be above 0 m, not {spacing_m:g}", field="--spacing")
    chosen = np.flatnonzero(state.mandatory) if zones is None else np.asarray(zones, dtype=int)
    geoms = state.zones.geometry.to_numpy()
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    zone_of: list[np.ndarray] = []
    for z in chosen:
        px, py = _sample(geoms[z], spacing_m)
        xs.append(px)
        ys.append(py)
        zone_of.append(np.full(len(px), z))
    if not xs:
        empty = np.empty(0)
        return Demand(
            empty,
            empty,
            np.empty(0, dtype=int),
            empty,
            empty,
            np.empty(0, dtype=bool),
            np.empty(0, dtype=int),
        )
    x, y, zone = np.concatenate(xs), np.concatenate(ys), np.concatenate(zone_of).astype(int)
    counts = np.bincount(zone, minlength=len(geoms))
    weight = 1.0 / counts[zone]
    ppm = np.array([LEVEL_PPM[str(level)] for level in state.targets.level[zone]])
    covered = shapely.contains_xy(
        np.asarray(state.covered, dtype=object)[zone], x, y
    ) | shapely.intersects_xy(np.asarray(state.covered, dtype=object)[zone], x, y)
    existing = np.zeros(len(x), dtype=int)
    for z in np.unique(zone):
        rows = np.flatnonzero(zone == z)
        for piece in state.pieces[z].values():
            existing[rows] += shapely.intersects_xy(piece, x[rows], y[rows])
    return Demand(x, y, zone, weight, ppm, covered, existing)


def _sample(geom: object, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    kind = shapely.get_type_id(geom)
    if kind in (0, 4):
        coords = shapely.get_coordinates(geom)
        return coords[:, 0], coords[:, 1]
    if kind in (1, 2, 5):
        points = []
        for line in shapely.get_parts(geom):
            length = shapely.length(line)
            n = max(math.ceil(length / spacing), 1)
            points.extend(shapely.line_interpolate_point(line, (np.arange(n) + 0.5) * length / n))
        coords = shapely.get_coordinates(np.array(points))
        return coords[:, 0], coords[:, 1]
    xmin, ymin, xmax, ymax = shapely.bounds(geom)
    gx = np.arange(xmin + spacing / 2, xmax, spacing)
    gy = np.arange(ymin + spacing / 2, ymax, spacing)
    if len(gx) and len(gy):
        mx, my = np.meshgrid(gx, gy)
        inside = shapely.contains_xy(geom, mx.ravel(), my.ravel())
        if inside.any():
            return mx.ravel()[inside], my.ravel()[inside]
    point = shapely.point_on_surface(geom)
    return np.array([shapely.get_x(point)]), np.array([shapely.get_y(point)])


# ------------------------------------------------------------------ coverage matrix
def option_parameters(options: Options) -> CameraParameters:
    """The engine's parameters of the options (its ranges, blind zones, masks)."""
    return camera_parameters(options.cameras())


def site_visibility(sites: Sites, options: Options, occluders: Occluders) -> np.ndarray:
    """The ground each site sees all round, buildings in the way.

    Out to the farthest detect range of the site's options.
    """
    reach = np.zeros(len(sites))
    if len(options):
        np.maximum.at(reach, options.site, level_ranges(option_parameters(options))["detect"])
    n = len(sites)
    if not n:
        return np.empty(0, dtype=object)
    frame = gpd.GeoDataFrame(
        {
            "camera_id": [f"site-{k}" for k in range(n)],
            "camera_type": "ptz",  # all round, no tilt limit, no blind zone
            "height_m": sites.height_m,
            "hfov_deg": 60.0,
            "resolution_px": 1e7,
            "max_range_m": np.maximum(reach, 0.01),
        },
        geometry=shapely.points(sites.x, sites.y),
    )
    views = views_from_parameters(camera_parameters(frame), occluders, levels=("detect",))
    return views.views["detect"]


def coverage_matrix(
    options: Options,
    demand: Demand,
    visible: np.ndarray,
) -> sp.csc_matrix:
    """Which option covers which demand point at the point's level (points × options).

    ``visible`` is each site's visible ground (:func:`site_visibility`).
    """
    n_points, n_options = len(demand), len(options)
    if not n_points or not n_options:
        return sp.csc_matrix((n_points, n_options), dtype=bool)
    params = option_parameters(options)
    ranges = level_ranges(params)
    ppm_levels = np.array(list(LEVEL_PPM.values()))
    range_table = np.stack([ranges[level] for level in LEVEL_PPM])  # (levels, options)
    inner = blind_radius(params)
    level_of_point = np.searchsorted(ppm_levels, demand.ppm)
    tree = shapely.STRtree(shapely.points(demand.x, demand.y))
    site_rows = np.flatnonzero(~shapely.is_empty(visible))
    seen_sites, seen_points = tree.query(visible[site_rows], predicate="intersects")
    seen_sites = site_rows[seen_sites]
    order = np.argsort(seen_sites, kind="stable")
    seen_sites, seen_points = seen_sites[order], seen_points[order]
    starts = np.searchsorted(seen_sites, np.arange(len(visible) + 1))
    by_site = np.argsort(options.site, kind="stable")
    option_starts = np.searchsorted(options.site[by_site], np.arange(len(visible) + 1))
    omni = np.asarray(params.omnidirectional, dtype=bool)
    rows_out: list[np.ndarray] = []
    cols_out: list[np.ndarray] = []
    masks = options.mask or ((),) * n_options
    for s in range(len(visible)):
        pts = seen_points[starts[s] : starts[s + 1]]
        opts = by_site[option_starts[s] : option_starts[s + 1]]
        if not len(pts) or not len(opts):
            continue
        dx, dy = demand.x[pts] - options.x[opts[0]], demand.y[pts] - options.y[opts[0]]
        dist = np.hypot(dx, dy)
        azimuth = np.degrees(np.arctan2(dx, dy)) % 360.0
        reach = range_table[:, opts][level_of_point[pts]] * ARC_SHRINK  # (points, options)
        ok = (dist[:, None] <= reach) & (dist[:, None] >= inner[opts][None, :])
        off = (azimuth[:, None] - options.bearing_deg[opts][None, :] + 180.0) % 360.0 - 180.0
        ok &= omni[opts][None, :] | (np.abs(off) <= options.hfov_deg[opts][None, :] / 2)
        for j in np.flatnonzero([len(masks[o]) > 0 for o in opts]):
            for start, end in masks[opts[j]]:
                ok[:, j] &= ~_in_range(azimuth, start, end)
        r, c = np.nonzero(ok)
        rows_out.append(pts[r])
        cols_out.append(opts[c])
    if not rows_out:
        return sp.csc_matrix((n_points, n_options), dtype=bool)
    rows = np.concatenate(rows_out)
    cols = np.concatenate(cols_out)
    return sp.csc_matrix(
        (np.ones(len(rows), dtype=bool), (rows, cols)), shape=(n_points, n_options)
    )


def _in_range(azimuth: np.ndarray, start: float, end: float) -> np.ndarray:
    """Whether each bearing lies in the clockwise range ``start``–``end`` (may wrap north)."""
    width = (end - start) % 360.0 or 360.0
    return (azimuth - start) % 360.0 <= width


def private_hits(
    options: Options, private: tuple[np.ndarray, np.ndarray], visible: np.ndarray
) -> list[np.ndarray]:
    """Per option, the bearings (degrees) of the private points it sees at detect level."""
    px, py = private
    hits: list[np.ndarray] = [np.empty(0)] * len(options)
    if not len(px) or not len(options):
        return hits
    demand = Demand(
        px,
        py,
        np.zeros(len(px), dtype=int),
        np.ones(len(px)),
        np.full(len(px), LEVEL_PPM["detect"]),
        np.zeros(len(px), dtype=bool),
        np.zeros(len(px), dtype=int),
    )
    seen = coverage_matrix(options, demand, visible).tocsc()
    for o in np.flatnonzero(np.diff(seen.indptr)):
        rows = seen.indices[seen.indptr[o] : seen.indptr[o + 1]]
        dx, dy = px[rows] - options.x[o], py[rows] - options.y[o]
        hits[o] = np.degrees(np.arctan2(dx, dy)) % 360.0
    return hits


def privacy_masks(
    hits: Sequence[np.ndarray], *, pad_deg: float = 2.0
) -> tuple[tuple[tuple[float, float], ...], ...]:
    """For each option, the bearing ranges to blank so it sees none of its private points."""
    out: list[tuple[tuple[float, float], ...]] = []
    for bearings in hits:
        if not len(bearings):
            out.append(())
            continue
        b = np.sort(np.asarray(bearings) % 360.0)
        ranges: list[list[float]] = [[b[0], b[0]]]
        for v in b[1:]:
            if v - ranges[-1][1] <= 2 * pad_deg:
                ranges[-1][1] = v
            else:
                ranges.append([v, v])
        if len(ranges) > 1 and (ranges[0][0] + 360.0) - ranges[-1][1] <= 2 * pad_deg:
            ranges[0][0] = ranges[-1][0] - 360.0
            ranges.pop()
        out.append(
            tuple(
                (round((a - pad_deg) % 360.0, 1), round((c + pad_deg) % 360.0, 1))
                for a, c in ranges
            )
        )
    return tuple(out)


# ------------------------------------------------------------------ the problem and its solve
@dataclass(frozen=True)
class Problem:
    """The covering problem: demand × options, costs, zones and their targets."""

    cover: sp.csc_matrix  # points × options, bool
    weight: np.ndarray  # per point: share of its zone
    zone: np.ndarray  # per point: zone index (0..n_zones-1 of ``zone_required``)
    covered: np.ndarray  # per point: already covered by existing cameras
    existing: np.ndarray  # per point: existing cameras seeing it
    zone_required: np.ndarray  # per zone: fraction to reach (0 = no target)
    zone_priority: np.ndarray  # per zone
    option_cost: np.ndarray
    option_site: np.ndarray
    site_cost: np.ndarray
    backup: np.ndarray = field(default_factory=lambda: np.empty(0, dtype=bool))  # per zone
    max_per_site: int = MAX_PER_SITE

    @property
    def n_options(self) -> int:
        """How many options there are."""
        return int(self.cover.shape[1])


@dataclass(frozen=True)
class Goal:
    """``full`` (every target at least cost), ``budget`` (AMOUNT) or ``cameras`` (N)."""

    kind: str
    amount: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in ("full", "budget", "cameras"):
            raise InputError(f"unknown goal {self.kind!r}")
        if self.kind != "full" and (self.amount != self.amount or self.amount < 0):
            raise InputError(f"{self.kind} must be 0 or more, not {self.amount:g}")


@dataclass(frozen=True)
class Solution:
    """Options chosen, the objective, the best bound, the gap and how it was found."""

    chosen: np.ndarray
    objective: float
    bound: float
    gap: float
    status: str  # optimal | time_limit | heuristic | infeasible
    method: str  # exact | heuristic
    seconds: float
    short_zones: tuple[int, ...] = ()  # zones no option set brings to their target
    options: int = 0  # options left after dropping dominated ones
    rows: int = 0  # demand rows left after merging identical ones


@dataclass(frozen=True)
class _Reduced:
    cover: sp.csc_matrix  # groups × kept options (float 0/1)
    weight: np.ndarray  # per group: summed share
    zone: np.ndarray
    need: np.ndarray  # per group: new cameras needed for backup (0: not a backup group)
    kept: np.ndarray  # kept option indices into the problem
    base: np.ndarray  # per zone: share already covered by existing cameras
    base2: np.ndarray  # per zone: share already seen twice


def _reduce(problem: Problem) -> _Reduced:
    cover = problem.cover.tocsc().astype(bool)
    n_zones = len(problem.zone_required)
    base = np.bincount(
        problem.zone[problem.covered], weights=problem.weight[problem.covered], minlength=n_zones
    )
    backup = problem.backup if len(problem.backup) else np.zeros(n_zones, dtype=bool)
    twice = problem.existing >= 2
    base2 = np.bincount(problem.zone[twice], weights=problem.weight[twice], minlength=n_zones)
    keep = np.diff(cover.indptr) > 0
    if not backup.any():  # with backup a second, lesser camera at a site may still count
        keep &= ~_dominated(cover, problem.option_site, problem.option_cost)
    kept = np.flatnonzero(keep)
    cover = cover[:, kept].tocsr()
    # demand rows that need something: not yet covered, or short of two cameras for backup
    need2 = np.where(backup[problem.zone], np.maximum(2 - problem.existing, 0), 0)
    useful = (~problem.covered | (need2 > 0)) & (np.diff(cover.indptr) > 0)
    rows = np.flatnonzero(useful)
    # rows with the same zone, need and covering options are one group: hash each row's
    # option set (a sum of random 64-bit words per option) and group equal keys
    words = np.random.default_rng(20261203).integers(0, 2**62, size=len(kept), dtype=np.int64)
    picked = cover[rows]
    counts = np.diff(picked.indptr)
    flat = picked.indices
    row_of = np.repeat(np.arange(len(rows)), counts)
    signature = np.zeros(len(rows), dtype=np.int64)
    np.add.at(signature, row_of, words[flat])
    keys = np.column_stack(
        [
            problem.zone[rows].astype(np.int64),
            (need2[rows] * 2 + problem.covered[rows]).astype(np.int64),
            counts.astype(np.int64),
            signature,
        ]
    )
    _, first_at, group_of = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    group_of = group_of.ravel()
    first = rows[first_at]
    n_groups = len(first)
    weight = np.bincount(group_of, weights=problem.weight[rows], minlength=n_groups)
    grouped = cover[first].tocsc().astype(float)
    group_covered = problem.covered[first]
    # a group already covered matters only for its backup need; mark with negative need
    need = np.where(group_covered, -need2[first], need2[first])
    return _Reduced(grouped, weight, problem.zone[first], need, kept, base, base2)


def _dominated(cover: sp.csc_matrix, site: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """Options another option of the same site beats: covers a superset at no higher cost.

    Ties (same points, same cost) keep the first; the relation is a strict order,
    so leaving out every beaten option at once is safe.
    """
    out = np.zeros(cover.shape[1], dtype=bool)
    useful = np.flatnonzero(np.diff(cover.indptr) > 0)
    order = np.argsort(site[useful], kind="stable")
    useful = useful[order]
    bounds = np.flatnonzero(np.diff(site[useful])) + 1
    for cols in np.split(useful, bounds):
        if len(cols) < 2:
            continue
        # the site's options as a dense options × points table over the points they see
        counts = cover.indptr[cols + 1] - cover.indptr[cols]
        points = np.concatenate(
            [cover.indices[cover.indptr[c] : cover.indptr[c + 1]] for c in cols]
        )
        seen, column = np.unique(points, return_inverse=True)
        dense = np.zeros((len(cols), len(seen)), dtype=np.float32)
        dense[np.repeat(np.arange(len(cols)), counts), column] = 1.0
        sizes = counts.astype(np.float32)
        overlap = dense @ dense.T
        subset = overlap >= sizes[:, None] - 0.5  # row i's points ⊆ column j's points
        np.fill_diagonal(subset, False)
        c = cost[cols]
        index = np.arange(len(cols))
        better = (c[None, :] < c[:, None]) | (
            (c[None, :] == c[:, None])
            & (
                (sizes[None, :] > sizes[:, None])
                | ((sizes[None, :] == sizes[:, None]) & (index[None, :] < index[:, None]))
            )
        )
        out[cols] = (subset & better).any(axis=1)
    return out


def optimise(
    problem: Problem, goal: Goal, *, time_limit: float = 60.0, method: str = "exact"
) -> Solution:
    """Choose options for ``goal``.

    ``exact``: HiGHS (the heuristic's answer when HiGHS finds none in time);
    ``heuristic``: greedy + local search, its gap against the LP relaxation.
    """
    started = time.perf_counter()
    if method not in ("exact", "heuristic"):
        raise InputError(f"unknown method {method!r}; exact or heuristic", field="--method")
    reduced = _reduce(problem)
    targets, short = _targets(problem, reduced)
    if (
        (goal.kind != "full" and goal.amount == 0)
        or not len(reduced.kept)
        or not len(reduced.weight)
    ):  # nothing to spend, or nothing any option would add
        return Solution(
            np.empty(0, dtype=int),
            0.0,
            0.0,
            0.0,
            "optimal",
            "exact",
            time.perf_counter() - started,
            short,
            len(reduced.kept),
            len(reduced.weight),
        )
    model = _model(problem, reduced, goal, targets)
    if method == "heuristic":
        chosen, value = _greedy(problem, reduced, goal, targets)
        bound = _lp_bound(model)
        gap = _gap(value, bound, model.minimise)
        return Solution(
            reduced.kept[chosen],
            value,
            bound,
            gap,
            "heuristic",
            "heuristic",
            time.perf_counter() - started,
            short,
            len(reduced.kept),
            len(reduced.weight),
        )
    result = milp(
        model.c,
        integrality=model.integrality,
        bounds=model.bounds,
        constraints=model.constraints,
        options={"time_limit": float(time_limit), "mip_rel_gap": MIP_GAP, "disp": False},
    )
    elapsed = time.perf_counter() - started
    if result.x is None:
        if result.status == 2:
            return Solution(
                np.empty(0, dtype=int),
                math.nan,
                math.nan,
                math.nan,
                "infeasible",
                "exact",
                elapsed,
                short,
                len(reduced.kept),
                len(reduced.weight),
            )
        chosen, value = _greedy(problem, reduced, goal, targets)
        bound = _lp_bound(model)
        return Solution(
            reduced.kept[chosen],
            value,
            bound,
            _gap(value, bound, model.minimise),
            "heuristic",
            "heuristic",
            time.perf_counter() - started,
            short,
            len(reduced.kept),
            len(reduced.weight),
        )
    x = result.x[: len(reduced.kept)] > 0.5
    value = float(result.fun) if model.minimise else -float(result.fun)
    dual = getattr(result, "mip_dual_bound", None)
    bound = (
        value
        if dual is None or not np.isfinite(dual)
        else (float(dual) if model.minimise else -float(dual))
    )
    status = "optimal" if result.status == 0 else "time_limit"
    chosen = np.flatnonzero(x)
    if not model.minimise:  # a camera that adds nothing is not proposed
        chosen = _prune(problem, reduced, chosen, goal, targets)
    return Solution(
        reduced.kept[chosen],
        value,
        bound,
        _gap(value, bound, model.minimise),
        status,
        "exact",
        elapsed,
        short,
        len(reduced.kept),
        len(reduced.weight),
    )


def _gap(value: float, bound: float, minimise: bool) -> float:
    """Relative gap between a solution's value and a bound (0 = proven optimal)."""
    if not (np.isfinite(value) and np.isfinite(bound)):
        return math.nan
    diff = (value - bound) if minimise else (bound - value)
    scale = max(abs(value), abs(bound), 1e-12)
    return max(diff, 0.0) / scale if scale > 1e-12 else 0.0


def _targets(problem: Problem, reduced: _Reduced) -> tuple[np.ndarray, tuple[int, ...]]:
    """Per zone: share still to cover (first row) and seen twice (second row), reachable."""
    n_zones = len(problem.zone_required)
    required = problem.zone_required.astype(float)
    one = np.clip(required - reduced.base, 0.0, None)
    reach_one = np.bincount(
        reduced.zone[reduced.need >= 0],
        weights=reduced.weight[reduced.need >= 0],
        minlength=n_zones,
    )
    backup = problem.backup if len(problem.backup) else np.zeros(n_zones, dtype=bool)
    two = np.where(backup, np.clip(required - reduced.base2, 0.0, None), 0.0)
    reach_two = np.bincount(
        reduced.zone[reduced.need != 0],
        weights=reduced.weight[reduced.need != 0],
        minlength=n_zones,
    )
    short = tuple(
        int(z) for z in np.flatnonzero((one > reach_one + 1e-9) | (two > reach_two + 1e-9))
    )
    return np.vstack([np.minimum(one, reach_one), np.minimum(two, reach_two)]), short


@dataclass(frozen=True)
class _Model:
    c: np.ndarray
    integrality: np.ndarray
    bounds: Bounds
    constraints: list[LinearConstraint]
    minimise: bool


def _model(problem: Problem, reduced: _Reduced, goal: Goal, targets: np.ndarray) -> _Model:
    """The MILP of ``goal``.

    Variables: x per kept option and s per site (binary), y per group and y2
    per backup group (continuous in [0, 1]).
    """
    kept = reduced.kept
    n_x = len(kept)
    sites, site_of = np.unique(problem.option_site[kept], return_inverse=True)
    # sites that cost nothing and cannot fill up need no variable of their own
    free = bool(
        not len(sites)
        or (
            (problem.site_cost[sites] == 0).all()
            and np.bincount(site_of).max() <= problem.max_per_site
        )
    )
    if free:
        sites, site_of = sites[:0], site_of[:0]
    n_s = len(sites)
    ones = np.flatnonzero(reduced.need >= 0)  # groups counting for single coverage
    twos = np.flatnonzero(reduced.need != 0)  # groups short of two cameras
    n_y, n_y2 = len(ones), len(twos)
    n = n_x + n_s + n_y + n_y2
    cover = reduced.cover.tocsr()
    rows = []
    lower: list[np.ndarray] = []
    upper: list[np.ndarray] = []
    # y_g <= sum of x covering g
    a = sp.hstack(
        [
            -cover[ones],
            sp.csr_matrix((n_y, n_s)),
            sp.identity(n_y, format="csr"),
            sp.csr_matrix((n_y, n_y2)),
        ]
    )
    rows.append(a)
    lower.append(np.full(n_y, -np.inf))
    upper.append(np.zeros(n_y))
    # need · y2_g <= sum of x covering g
    need = np.abs(reduced.need[twos]).astype(float)
    a = sp.hstack([-cover[twos], sp.csr_matrix((n_y2, n_s + n_y)), sp.diags(need, format="csr")])
    rows.append(a)
    lower.append(np.full(n_y2, -np.inf))
    upper.append(np.zeros(n_y2))
    # x_o <= s_site ; sum x at a site <= max
    if not free:
        link = sp.hstack(
            [
                sp.identity(n_x, format="csr"),
                -sp.csr_matrix((np.ones(n_x), (np.arange(n_x), site_of)), shape=(n_x, n_s)),
                sp.csr_matrix((n_x, n_y + n_y2)),
            ]
        )
        rows.append(link)
        lower.append(np.full(n_x, -np.inf))
        upper.append(np.zeros(n_x))
        per_site = sp.hstack(
            [
                sp.csr_matrix((np.ones(n_x), (site_of, np.arange(n_x))), shape=(n_s, n_x)),
                sp.csr_matrix((n_s, n_s + n_y + n_y2)),
            ]
        )
        rows.append(per_site)
        lower.append(np.full(n_s, -np.inf))
        upper.append(np.full(n_s, float(problem.max_per_site)))
    costs = np.concatenate(
        [problem.option_cost[kept], problem.site_cost[sites], np.zeros(n_y + n_y2)]
    )
    priority = problem.zone_priority
    if goal.kind == "full":
        zones_one = np.flatnonzero(targets[0] > 1e-12)
        zones_two = np.flatnonzero(targets[1] > 1e-12)
        for zset, groups, offset, row in (
            (zones_one, ones, n_x + n_s, 0),
            (zones_two, twos, n_x + n_s + n_y, 1),
        ):
            if not len(zset):
                continue
            zone_row = {int(z): k for k, z in enumerate(zset)}
            member = np.array([zone_row.get(int(z), -1) for z in reduced.zone[groups]], dtype=int)
            sel = np.flatnonzero(member >= 0)
            a = sp.csr_matrix(
                (reduced.weight[groups][sel], (member[sel], offset + sel)), shape=(len(zset), n)
            )
            rows.append(a)
            lower.append(targets[row][zset] - 1e-9)
            upper.append(np.full(len(zset), np.inf))
        c = costs
        minimise = True
    else:
        # coverage counts up to each zone's required share: what brings zones to compliance
        # (u_z <= its groups' covered weight, 0 <= u_z <= the share still missing)
        caps = [np.flatnonzero(targets[0] > 1e-12), np.flatnonzero(targets[1] > 1e-12)]
        n_u = len(caps[0]) + len(caps[1])
        rows = [sp.hstack([r, sp.csr_matrix((r.shape[0], n_u))], format="csr") for r in rows]
        offset_u = n
        for zset, groups, offset in (
            (caps[0], ones, n_x + n_s),
            (caps[1], twos, n_x + n_s + n_y),
        ):
            if not len(zset):
                continue
            zone_row = {int(z): k for k, z in enumerate(zset)}
            member = np.array([zone_row.get(int(z), -1) for z in reduced.zone[groups]], dtype=int)
            sel = np.flatnonzero(member >= 0)
            a = sp.csr_matrix(
                (-reduced.weight[groups][sel], (member[sel], offset + sel)),
                shape=(len(zset), n + n_u),
            ).tolil()
            for k in range(len(zset)):
                a[k, offset_u + k] = 1.0
            rows.append(a.tocsr())
            lower.append(np.full(len(zset), -np.inf))
            upper.append(np.zeros(len(zset)))
            offset_u += len(zset)
        value = np.zeros(n + n_u)
        value[n:] = np.concatenate([priority[caps[0]], priority[caps[1]]])
        c = -value
        minimise = False
        limit = (
            np.concatenate([costs, np.zeros(n_u)])
            if goal.kind == "budget"
            else np.concatenate([np.ones(n_x), np.zeros(n - n_x + n_u)])
        )
        rows.append(sp.csr_matrix(limit[np.newaxis, :]))
        lower.append(np.array([-np.inf]))
        upper.append(np.array([goal.amount]))
        upper_bounds = np.concatenate([np.ones(n), targets[0][caps[0]], targets[1][caps[1]]])
        matrix = sp.vstack(rows, format="csr")
        integrality = np.concatenate([np.ones(n_x + n_s), np.zeros(n_y + n_y2 + n_u)])
        return _Model(
            c,
            integrality,
            Bounds(np.zeros(n + n_u), upper_bounds),
            [LinearConstraint(matrix, np.concatenate(lower), np.concatenate(upper))],
            minimise,
        )
    matrix = sp.vstack(rows, format="csr")
    integrality = np.concatenate([np.ones(n_x + n_s), np.zeros(n_y + n_y2)])
    return _Model(
        c,
        integrality,
        Bounds(np.zeros(n), np.ones(n)),
        [LinearConstraint(matrix, np.concatenate(lower), np.concatenate(upper))],
        minimise,
    )


def _lp_bound(model: _Model) -> float:
    """The LP relaxation's optimum: a lower bound (minimising) or upper bound (maximising)."""
    constraint = model.constraints[0]
    a = constraint.A
    lb, ub = np.asarray(constraint.lb), np.asarray(constraint.ub)
    finite_ub, finite_lb = np.isfinite(ub), np.isfinite(lb)
    a_ub = sp.vstack([a[finite_ub], -a[finite_lb]], format="csr")
    b_ub = np.concatenate([ub[finite_ub], -lb[finite_lb]])
    bounds = list(zip(model.bounds.lb, model.bounds.ub, strict=True))
    result = linprog(model.c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if result.status != 0:
        return math.nan
    return float(result.fun) if model.minimise else -float(result.fun)


def _greedy(
    problem: Problem, reduced: _Reduced, goal: Goal, targets: np.ndarray
) -> tuple[np.ndarray, float]:
    """Lazy greedy (gain per cost), then dropping what is not needed; value as the MILP's.

    Gains only shrink as options are chosen (coverage is submodular, a zone's
    remaining target only falls), so an option whose stale gain still tops the
    heap after being recomputed is the best: most options are never looked at
    again after the first, vectorised, round.
    """
    cover = reduced.cover.tocsc()
    n_x = len(reduced.kept)
    site = problem.option_site[reduced.kept]
    cost = problem.option_cost[reduced.kept]
    site_cost = problem.site_cost
    n_zones = len(problem.zone_required)
    zone = reduced.zone
    weight = reduced.weight
    single = reduced.need >= 0
    need_two = np.abs(reduced.need)
    full = goal.kind == "full"
    # a zone's coverage counts up to its target; in a budget, weighted by its priority
    factor = np.ones(n_zones) if full else problem.zone_priority.astype(float)
    zone_need = targets[0].copy()
    zone_need2 = targets[1].copy()
    count = np.zeros(len(weight), dtype=int)

    def gain(o: int) -> float:
        groups = cover.indices[cover.indptr[o] : cover.indptr[o + 1]]
        first = single[groups] & (count[groups] == 0)
        second = (need_two[groups] > 0) & (count[groups] + 1 == need_two[groups])
        z, w = zone[groups], weight[groups]
        one = np.bincount(z[first], weights=w[first], minlength=n_zones)
        two = np.bincount(z[second], weights=w[second], minlength=n_zones)
        return float(
            (factor * np.minimum(one, zone_need)).sum()
            + (factor * np.minimum(two, zone_need2)).sum()
        )

    # the first round, vectorised: every option's gain with nothing chosen
    once = single.astype(float)
    twice_now = (need_two == 1).astype(float)
    gains = _capped_gain(cover, zone, weight * once, zone_need, factor) + _capped_gain(
        cover, zone, weight * twice_now, zone_need2, factor
    )
    open_sites: dict[int, int] = {}

    def price(o: int) -> float:
        if goal.kind == "cameras":
            return 1.0
        return float(cost[o]) + (0.0 if int(site[o]) in open_sites else float(site_cost[site[o]]))

    prices = np.ones(n_x) if goal.kind == "cameras" else cost + site_cost[site]
    heap = [
        (-g / max(p, 1e-9), o)
        for o, (g, p) in enumerate(zip(gains, prices, strict=True))
        if g > 1e-12
    ]
    heapq.heapify(heap)
    chosen: list[int] = []
    spent = 0.0
    while heap:
        if (zone_need <= 1e-9).all() and (zone_need2 <= 1e-9).all():
            break
        if goal.kind == "cameras" and len(chosen) >= goal.amount:
            break
        _, o = heapq.heappop(heap)
        if open_sites.get(int(site[o]), 0) >= problem.max_per_site:
            continue
        g = gain(o)
        if g <= 1e-12:
            continue
        p = price(o)
        ratio = g / max(p, 1e-9)
        if heap and ratio < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-ratio, o))
            continue
        if goal.kind == "budget" and spent + p > goal.amount + 1e-9:
            continue
        groups = cover.indices[cover.indptr[o] : cover.indptr[o + 1]]
        # every goal counts a zone up to its target
        z, w = zone[groups], weight[groups]
        first = single[groups] & (count[groups] == 0)
        second = (need_two[groups] > 0) & (count[groups] + 1 == need_two[groups])
        zone_need -= np.minimum(
            np.bincount(z[first], weights=w[first], minlength=n_zones), zone_need
        )
        zone_need2 -= np.minimum(
            np.bincount(z[second], weights=w[second], minlength=n_zones), zone_need2
        )
        count[groups] += 1
        chosen.append(o)
        spent += p
        open_sites[int(site[o])] = open_sites.get(int(site[o]), 0) + 1
    chosen_arr = np.array(chosen, dtype=int)
    if full:
        chosen_arr = _drop_redundant(problem, reduced, chosen_arr, targets)
    else:
        chosen_arr = _prune(problem, reduced, chosen_arr, goal, targets)
    return chosen_arr, _value(problem, reduced, chosen_arr, goal, targets)


def _prune(
    problem: Problem, reduced: _Reduced, chosen: np.ndarray, goal: Goal, targets: np.ndarray
) -> np.ndarray:
    """Leave out chosen options, dearest first, that add nothing to the objective."""
    keep = [int(o) for o in chosen]
    best = _value(problem, reduced, np.array(keep, dtype=int), goal, targets)
    cost = problem.option_cost[reduced.kept]
    for o in sorted(keep, key=lambda k: -cost[k]):
        trial = np.array([k for k in keep if k != o], dtype=int)
        if _value(problem, reduced, trial, goal, targets) >= best - 1e-9:
            keep = trial.tolist()
    return np.array(sorted(keep), dtype=int)


def _capped_gain(
    cover: sp.csc_matrix,
    zone: np.ndarray,
    weight: np.ndarray,
    cap: np.ndarray,
    factor: np.ndarray,
) -> np.ndarray:
    """Per option: Σ over zones of factor × min(weight it covers in the zone, the zone's cap)."""
    n_zones = len(cap)
    by_zone = sp.csr_matrix((weight, (np.arange(len(zone)), zone)), shape=(len(zone), n_zones))
    per = (cover.T @ by_zone).tocsr()
    per.data = np.minimum(per.data, cap[per.indices]) * factor[per.indices]
    return np.asarray(per.sum(axis=1)).ravel()


def _drop_redundant(
    problem: Problem, reduced: _Reduced, chosen: np.ndarray, targets: np.ndarray
) -> np.ndarray:
    """Local search: leave out chosen options, dearest first, while every target stays met."""
    cover = reduced.cover.tocsc()
    count = (
        np.asarray(cover[:, chosen].sum(axis=1)).ravel()
        if len(chosen)
        else np.zeros(len(reduced.weight))
    )
    keep = set(int(o) for o in chosen)
    cost = problem.option_cost[reduced.kept]
    for o in sorted(keep, key=lambda k: -cost[k]):
        groups = cover.indices[cover.indptr[o] : cover.indptr[o + 1]]
        count[groups] -= 1
        if _meets_counts(reduced, count, targets):
            keep.discard(o)
        else:
            count[groups] += 1
    return np.array(sorted(keep), dtype=int)


def _meets_counts(reduced: _Reduced, count: np.ndarray, targets: np.ndarray) -> bool:
    n_zones = targets.shape[1]
    once = (reduced.need >= 0) & (count >= 1)
    twice = (reduced.need != 0) & (count >= np.abs(reduced.need))
    got1 = np.bincount(reduced.zone[once], weights=reduced.weight[once], minlength=n_zones)
    got2 = np.bincount(reduced.zone[twice], weights=reduced.weight[twice], minlength=n_zones)
    return bool((got1 >= targets[0] - 1e-9).all() and (got2 >= targets[1] - 1e-9).all())


def _value(
    problem: Problem, reduced: _Reduced, chosen: np.ndarray, goal: Goal, targets: np.ndarray
) -> float:
    """The MILP objective of ``chosen``: its cost, or Σ priority × share covered up to target."""
    if goal.kind == "full":
        return solution_cost(problem, reduced.kept[chosen])
    count = (
        np.asarray(reduced.cover[:, chosen].sum(axis=1)).ravel()
        if len(chosen)
        else np.zeros(len(reduced.weight))
    )
    n_zones = targets.shape[1]
    once = (reduced.need >= 0) & (count >= 1)
    twice = (reduced.need != 0) & (count >= np.abs(reduced.need))
    got1 = np.bincount(reduced.zone[once], weights=reduced.weight[once], minlength=n_zones)
    got2 = np.bincount(reduced.zone[twice], weights=reduced.weight[twice], minlength=n_zones)
    priority = problem.zone_priority
    return float(
        (priority * np.minimum(got1, targets[0])).sum()
        + (priority * np.minimum(got2, targets[1])).sum()
    )


def solution_cost(problem: Problem, chosen: np.ndarray) -> float:
    """What ``chosen`` costs: its cameras and the sites they open."""
    sites = np.unique(problem.option_site[chosen]) if len(chosen) else np.empty(0, dtype=int)
    return float(problem.option_cost[chosen].sum() + problem.site_cost[sites].sum())
