"""Coverage of mandatory zones by camera views, full and incremental.

A polygon zone is covered by area, a line zone (fire lane, road) by length, a
point zone (entrance) is covered or not — each at the zone's required DORI
level (the zone's own ``required_level``, else the ruleset's level for its
category). A zone passes when its covered fraction reaches its required
coverage.

:func:`coverage_state` computes everything once; :func:`update_cameras` and
:func:`remove_cameras` recompute only the changed cameras' views and the zones
those views touch before and after the change (the window calls them while a
camera is dragged). Both return a new immutable :class:`CoverageState`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Protocol

import geopandas as gpd
import numpy as np
import shapely
from shapely import STRtree

from planner.core.errors import CameraError, RulesetError, ZoneError
from planner.core.levels import LEVELS
from planner.core.progress import NoProgress, Progress, check
from planner.core.project import require_metric_crs
from planner.core.views import (
    CameraParameters,
    Occluders,
    ViewSet,
    camera_parameters,
    prepare_occluders,
    views_from_parameters,
)

#: Cameras per batch of views and zones per batch of unions between progress checks.
_BATCH = 64
#: Kind of measure per geometry dimension.
KIND_BY_DIMENSION = {0: "point", 1: "line", 2: "area"}
_TINY = 1e-6  # m² or m below which a piece does not count as "seeing" the zone


class ZoneRequirement(Protocol):
    """What a ruleset says a zone category needs."""

    level: str
    coverage: float


class Ruleset(Protocol):
    """The part of a ruleset coverage needs."""

    def zone_requirement(self, category: str) -> ZoneRequirement:
        """Requirement for ``category``; raises RulesetError if the ruleset has none."""
        ...


@dataclass(frozen=True)
class ZoneTargets:
    """Per-zone requirement and size, aligned with the zones frame."""

    zone_id: np.ndarray
    level: np.ndarray  # DORI level name
    required: np.ndarray  # fraction 0–1
    kind: np.ndarray  # "area" | "line" | "point"
    total: np.ndarray  # m², m, or 1 for a point


@dataclass(frozen=True)
class CoverageState:
    """Zones, camera views and what each camera covers of each zone.

    ``pieces[z]`` maps camera_id to the part of zone ``z`` that camera sees at
    the zone's level; ``covered[z]`` is their union and ``amount[z]`` its size.
    """

    zones: gpd.GeoDataFrame
    targets: ZoneTargets
    views: ViewSet
    occluders: Occluders
    zone_tree: STRtree
    pieces: tuple[Mapping[str, object], ...]
    covered: np.ndarray
    amount: np.ndarray
    # While one camera is dragged, what the *other* cameras cover of each zone it
    # touched: each step then needs one binary union per zone, not a union of all.
    others_camera: str | None = None
    others_covered: Mapping[int, object] = field(default_factory=dict, repr=False)

    @property
    def fraction(self) -> np.ndarray:
        """Covered fraction (0–1) of each zone."""
        return np.divide(
            self.amount,
            self.targets.total,
            out=np.zeros(len(self.amount)),
            where=self.targets.total > 0,
        ).clip(0.0, 1.0)

    @property
    def cameras_seeing(self) -> np.ndarray:
        """How many cameras see each zone at its required level."""
        return np.array([len(p) for p in self.pieces], dtype=int)

    @property
    def passed(self) -> np.ndarray:
        """Whether each zone meets its required coverage."""
        return self.fraction >= self.targets.required - 1e-9


def zone_targets(zones: gpd.GeoDataFrame, ruleset: Ruleset) -> ZoneTargets:
    """Resolve each zone's level and required fraction, and measure its size.

    A zone's own ``required_level``/``required_coverage`` win over the
    ruleset's value for its category. Raises :class:`ZoneError` naming the zone
    when neither gives a value.
    """
    ids = zones["zone_id"].astype(str).to_numpy()
    geoms = zones.geometry.to_numpy()
    levels = zones["required_level"].to_numpy(dtype=object)
    required = zones["required_coverage"].to_numpy(dtype=float, na_value=np.nan)
    out_level = np.empty(len(zones), dtype=object)
    out_required = np.empty(len(zones), dtype=float)
    cache: dict[str, ZoneRequirement | RulesetError] = {}
    for k, category in enumerate(zones["category"].astype(str)):
        own_level = levels[k] if isinstance(levels[k], str) and levels[k] else None
        own_required = None if np.isnan(required[k]) else float(required[k])
        if own_level is None or own_required is None:
            if category not in cache:
                try:
                    cache[category] = ruleset.zone_requirement(category)
                except RulesetError as exc:
                    cache[category] = exc
            rule = cache[category]
            if isinstance(rule, RulesetError):
                raise ZoneError(
                    f"category {category!r} has no requirement in the ruleset and the zone "
                    "sets no required_level/required_coverage of its own",
                    layer="zones",
                    row=f"zone_id={ids[k]}",
                    field="category",
                )
            own_level = own_level or rule.level
            own_required = rule.coverage if own_required is None else own_required
        if own_level not in LEVELS:
            raise ZoneError(
                f"unknown level {own_level!r}",
                layer="zones",
                row=f"zone_id={ids[k]}",
                field="required_level",
            )
        out_level[k] = own_level
        out_required[k] = own_required
    dims = shapely.get_dimensions(geoms) if len(geoms) else np.empty(0, dtype=int)
    kind = np.array([KIND_BY_DIMENSION[d] for d in dims], dtype=object)
    total = np.select([dims == 2, dims == 1], [shapely.area(geoms), shapely.length(geoms)], 1.0)
    return ZoneTargets(ids, out_level, out_required, kind, total.astype(float))


def coverage_state(
    cameras: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    *,
    ruleset: Ruleset,
    progress: Progress | None = None,
) -> CoverageState:
    """Compute every camera's view and every zone's coverage from scratch.

    ``progress`` hears how far the work is and may cancel it
    (:class:`~planner.core.errors.CancelledError`); views are computed in
    batches so a cancel takes effect within a few tens of milliseconds.
    """
    progress = progress or NoProgress()
    crs = require_metric_crs(zones.crs, what="zones layer")
    for name, frame in (("cameras", cameras), ("buildings", buildings)):
        if len(frame) and not require_metric_crs(frame.crs, what=f"{name} layer").equals(crs):
            raise ZoneError(f"{name} and zones are in different CRSs", layer=name)
    zones = zones.reset_index(drop=True)
    cameras = cameras.reset_index(drop=True)
    targets = zone_targets(zones, ruleset)
    occluders = prepare_occluders(buildings)
    params = camera_parameters(cameras)
    views = views_from_parameters(params.take(np.arange(0)), occluders, crs=crs)
    for first in range(0, len(params), _BATCH):
        check(progress, 0.8 * first / max(len(params), 1), "camera views")
        batch = np.arange(first, min(first + _BATCH, len(params)))
        views = views.append(views_from_parameters(params.take(batch), occluders, crs=crs))
    zone_geoms = zones.geometry.to_numpy()
    pieces: list[dict[str, object]] = [{} for _ in range(len(zones))]
    zone_tree = STRtree(zone_geoms)
    _add_pieces(pieces, zone_tree, targets, views, np.arange(len(views)), np.arange(len(zones)))
    covered = np.empty(len(zones), dtype=object)
    for z in range(len(zones)):  # one union per zone
        if z % _BATCH == 0:
            check(progress, 0.8 + 0.2 * z / len(zones), "zone coverage")
        covered[z] = _union(pieces[z].values(), zone_geoms[z])
    amount = _amounts(covered, targets.kind)
    progress.report(1.0, "done")
    return CoverageState(
        zones=zones,
        targets=targets,
        views=views,
        occluders=occluders,
        zone_tree=zone_tree,
        pieces=tuple(MappingProxyType(p) for p in pieces),
        covered=covered,
        amount=amount,
    )


def update_cameras(
    state: CoverageState, changed: gpd.GeoDataFrame | CameraParameters
) -> CoverageState:
    """A new state in which the cameras of ``changed`` are added or replaced (by camera_id).

    Only the changed cameras' views and the zones they touch, before or after
    the change, are recomputed. While a camera is dragged, pass
    :class:`~planner.core.views.CameraParameters` (e.g. ``dataclasses.replace``
    of the camera's parameters with a new ``x``/``y``/``bearing_deg``): that
    skips reading a table on every mouse move.
    """
    if not len(changed):
        return state
    if isinstance(changed, CameraParameters):
        params = changed
    else:
        require_metric_crs(changed.crs, what="cameras layer")
        params = camera_parameters(changed)
    ids = params.camera_id
    if len(set(ids)) != len(ids):
        raise CameraError(
            "the same camera_id appears twice in one update", layer="cameras", field="camera_id"
        )
    new_views = views_from_parameters(params, state.occluders, crs=state.views.crs)
    positions = np.array([state.views.index.get(c, -1) for c in ids], dtype=int)
    known = positions >= 0

    old_detect = state.views.views[LEVELS[0]][positions[known]]
    views = state.views.replace_rows(positions[known], _subset(new_views, known))
    if (~known).any():
        views = views.append(_subset(new_views, ~known))
    touched = _touched_zones(state, np.concatenate([old_detect, new_views.views[LEVELS[0]]]))
    new_positions = np.array([views.index[c] for c in ids], dtype=int)
    return _recompute(state, views, touched, set(ids), new_positions)


def remove_cameras(state: CoverageState, camera_ids: Iterable[str]) -> CoverageState:
    """A new state without the given cameras; only the zones they saw are recomputed."""
    ids = list(dict.fromkeys(str(c) for c in camera_ids))
    positions = np.array([state.views.position(c) for c in ids], dtype=int)
    if not len(positions):
        return state
    touched = _touched_zones(state, state.views.views[LEVELS[0]][positions])
    views = state.views.drop(positions)
    return _recompute(state, views, touched, set(ids), np.empty(0, dtype=int))


def _subset(views: ViewSet, mask: np.ndarray) -> ViewSet:
    positions = np.flatnonzero(~mask)
    return views.drop(positions) if len(positions) else views


def _touched_zones(state: CoverageState, view_geoms: np.ndarray) -> np.ndarray:
    present = view_geoms[~shapely.is_empty(view_geoms)]
    if not len(present):
        return np.empty(0, dtype=int)
    _, zone_idx = state.zone_tree.query(present, predicate="intersects")
    return np.unique(zone_idx)


def _recompute(
    state: CoverageState,
    views: ViewSet,
    touched: np.ndarray,
    changed_ids: set[str],
    new_positions: np.ndarray,
) -> CoverageState:
    pieces = list(state.pieces)
    for z in touched:
        pieces[z] = {cid: g for cid, g in pieces[z].items() if cid not in changed_ids}
    dragged = next(iter(changed_ids)) if len(changed_ids) == 1 and len(new_positions) else None
    others: dict[int, object] = {}
    if dragged is not None:
        if state.others_camera == dragged:
            others.update(state.others_covered)
        for z in touched:
            if z not in others:
                others[z] = _union(pieces[z].values(), state.zones.geometry.iloc[z])
    _add_pieces(pieces, state.zone_tree, state.targets, views, new_positions, touched)
    covered = state.covered.copy()
    if dragged is not None:
        for z in touched:
            mine = pieces[z].get(dragged)
            covered[z] = others[z] if mine is None else shapely.union(others[z], mine)
    else:
        zone_geoms = state.zones.geometry.to_numpy()
        for z in touched:
            covered[z] = _union(pieces[z].values(), zone_geoms[z])
    amount = state.amount.copy()
    amount[touched] = _amounts(covered[touched], state.targets.kind[touched])
    for z in touched:
        pieces[z] = MappingProxyType(pieces[z])
    return replace(
        state,
        views=views,
        pieces=tuple(pieces),
        covered=covered,
        amount=amount,
        others_camera=dragged,
        others_covered=MappingProxyType(others),
    )


def _add_pieces(
    pieces: list,
    zone_tree: STRtree,
    targets: ZoneTargets,
    views: ViewSet,
    camera_positions: np.ndarray,
    zone_positions: np.ndarray,
) -> None:
    """Put into ``pieces`` what each working camera sees of each zone, at the zone's level.

    Only zones in ``zone_positions`` are considered; the prebuilt zone index is
    queried with all levels' views at once.
    """
    working = camera_positions[views.working[camera_positions]]
    if not len(working) or not len(zone_positions):
        return
    wanted = np.zeros(len(targets.zone_id), dtype=bool)
    wanted[zone_positions] = True
    geoms = np.concatenate([views.views[level][working] for level in LEVELS])
    level_of = np.repeat(np.array(LEVELS, dtype=object), len(working))
    cam_of = np.tile(working, len(LEVELS))
    view_i, z = zone_tree.query(geoms, predicate="intersects")
    keep = wanted[z] & (targets.level[z] == level_of[view_i])
    view_i, z = view_i[keep], z[keep]
    zone_geoms = zone_tree.geometries
    parts = shapely.intersection(zone_geoms[z], geoms[view_i])
    size = np.select(
        [targets.kind[z] == "area", targets.kind[z] == "line"],
        [shapely.area(parts), shapely.length(parts)],
        np.where(shapely.is_empty(parts), 0.0, 1.0),
    )
    seen = size > _TINY
    for zone, cam, part in zip(z[seen], cam_of[view_i[seen]], parts[seen], strict=True):
        pieces[zone][views.camera_id[cam]] = part


def _union(parts: Iterable[object], zone: object) -> object:
    """Union of a zone's covered parts; an empty geometry of the zone's dimension if none."""
    parts = list(parts)
    return shapely.union_all(parts) if parts else _empty_like(zone)


def _amounts(covered: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Size of each covered geometry: m² for areas, m for lines, 1/0 for points."""
    if not len(covered):
        return np.empty(0)
    return np.select(
        [kind == "area", kind == "line"],
        [shapely.area(covered), shapely.length(covered)],
        np.where(shapely.is_empty(covered), 0.0, 1.0),
    ).astype(float)


_EMPTY_BY_DIMENSION = {0: shapely.Point(), 1: shapely.LineString(), 2: shapely.Polygon()}


def _empty_like(geom: object) -> object:
    return _EMPTY_BY_DIMENSION[int(shapely.get_dimensions(geom))]
