"""Coverage of mandatory zones by camera views, full and incremental.

A polygon zone is covered by area, a line zone (fire lane, road) by length, a
point zone (entrance) is covered or not — each at the zone's required DORI
level (the zone's own ``required_level``, else the ruleset's level for its
category). A zone meets its requirement when its covered fraction reaches its
required coverage; that is a verdict only for a mandatory zone: a category the
ruleset marks ``mandatory = false`` is advisory (see :mod:`planner.core.summary`).

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
from planner.core.schema import LEFT_OUT, RowProblem
from planner.core.views import (
    CameraParameters,
    DuplicateFootprints,
    Occluders,
    ViewSet,
    camera_parameters,
    merge_duplicate_footprints,
    prepare_occluders,
    usable_geometries,
    usable_rows,
    views_from_parameters,
)

#: Cameras per batch of views and zones per batch of unions between progress checks.
_BATCH = 64
#: Kind of measure per geometry dimension.
KIND_BY_DIMENSION = {0: "point", 1: "line", 2: "area"}
_TINY = 1e-6  # m² or m below which a piece does not count as "seeing" the zone
#: Grid (m) on which the covered parts of a line zone are unioned. Cutting a line by
#: two views puts the cut points a few 1e-9 m off the line, and an exact union then
#: keeps overlapping stretches of two cameras as two near-parallel lines, counting
#: their length twice; snap-rounding on this grid merges them.
LINE_GRID_M = 1e-6


class ZoneRequirement(Protocol):
    """What a ruleset says a zone category needs.

    A real requirement (:class:`planner.core.rulesets.ZoneRequirement`) also
    has ``mandatory`` and ``article``; one without them (a stub) counts as
    mandatory, with no article.
    """

    @property
    def level(self) -> str:
        """The DORI level the zone needs."""
        ...

    @property
    def coverage(self) -> float:
        """The fraction (0–1) of the zone that needs it."""
        ...


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
    mandatory: np.ndarray  # bool: the ruleset requires the zone's category to be covered
    article: np.ndarray  # the ruleset's article for the category, or None


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
    #: Zone and building rows left out of computing or repaired, and duplicates merged.
    problems: tuple[RowProblem, ...] = ()
    #: Buildings mapped twice, merged for computing (see merge_duplicate_footprints).
    duplicate_footprints: tuple[DuplicateFootprints, ...] = ()

    @property
    def skipped_zones(self) -> tuple[tuple[str, str], ...]:
        """``(zone_id, reason)`` of every zone left out of computing (not in ``zones``)."""
        return tuple(
            (p.id.removeprefix("zone_id="), p.message)
            for p in self.problems
            if p.layer == "zones" and p.action == LEFT_OUT
        )

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
        """Whether each zone meets its required coverage (advisory zones too).

        A verdict only for mandatory zones (:attr:`mandatory`); the reports
        show ``passed: null`` for the others.
        """
        return self.fraction >= self.targets.required - 1e-9

    @property
    def mandatory(self) -> np.ndarray:
        """Whether the ruleset requires each zone to be covered (else it is advisory)."""
        return self.targets.mandatory


def usable_zones(zones: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, tuple[RowProblem, ...]]:
    """The zones coverage can compute with, and a problem for each zone left out or repaired.

    A zone without geometry, with an empty one, a geometry collection,
    coordinates that are not finite, a polygon of zero area or a line of zero
    length is left out (``error``, action :data:`~planner.core.schema.LEFT_OUT`);
    an invalid polygon is repaired with ``make_valid`` (``warning``). Rows are
    named by fid (else number) and ``zone_id``. The returned frame has a fresh index.
    """
    zones = zones.reset_index(drop=True)
    geoms, keep, problems = usable_rows(zones, "zones", "zone", id_field="zone_id")
    if not problems:
        return zones, ()
    usable = zones[keep].copy()
    usable = usable.set_geometry(gpd.GeoSeries(geoms[keep], index=usable.index, crs=zones.crs))
    return usable.reset_index(drop=True), tuple(problems)


def judgeable_zones(
    zones: gpd.GeoDataFrame, ruleset: Ruleset
) -> tuple[gpd.GeoDataFrame, tuple[RowProblem, ...]]:
    """The zones the ruleset can judge, and an ``error`` for each zone left out.

    A zone whose category has no requirement in the ruleset, and that sets no
    ``required_level``/``required_coverage`` of its own, cannot be judged: it is
    left out of computing (one zone never stops the district's figures) and
    named, with its category, in the problems.
    """
    keep = np.ones(len(zones), dtype=bool)
    problems: list[RowProblem] = []
    levels = zones["required_level"].to_numpy(dtype=object)
    required = zones["required_coverage"].to_numpy(dtype=float, na_value=np.nan)
    known: dict[str, bool] = {}
    for k, (ident, category) in enumerate(
        zip(zones["zone_id"].astype(str), zones["category"].astype(str), strict=True)
    ):
        if category not in known:
            try:
                ruleset.zone_requirement(category)
                known[category] = True
            except (RulesetError, KeyError):
                known[category] = False
        has_own = isinstance(levels[k], str) and bool(levels[k]) and not np.isnan(required[k])
        if known[category] or has_own:
            continue
        keep[k] = False
        problems.append(
            RowProblem(
                "zones",
                str(k + 1),
                "category",
                f"the ruleset {getattr(ruleset, 'id', '')} has no requirement for this "
                "category and the "
                "zone sets no required_level/required_coverage of its own",
                LEFT_OUT,
                value=category,
                id=f"zone_id={ident}",
            )
        )
    if keep.all():
        return zones, ()
    return zones[keep].reset_index(drop=True), tuple(problems)


def zone_targets(zones: gpd.GeoDataFrame, ruleset: Ruleset) -> ZoneTargets:
    """Resolve each zone's level, required fraction, mandatory flag and article; measure it.

    A zone's own ``required_level``/``required_coverage`` win over the
    ruleset's value for its category. Whether the zone is mandatory, and the
    article saying so, come from the ruleset's category only: a zone of a
    category the ruleset does not know, judged by its own values, is advisory
    (no article requires it). Raises :class:`ZoneError` naming the zone
    when neither gives a value, or when its geometry cannot be covered (pass
    the zones through :func:`usable_zones` first to leave those out instead).
    """
    ids = zones["zone_id"].astype(str).to_numpy()
    geoms = zones.geometry.to_numpy()
    _, reason, _ = usable_geometries(geoms)
    if (reason != "").any():
        k = int(np.flatnonzero(reason != "")[0])
        raise ZoneError(
            f"zone {reason[k]}: it cannot be covered",
            layer="zones",
            row=f"zone_id={ids[k]}",
            field="geometry",
        )
    levels = zones["required_level"].to_numpy(dtype=object)
    required = zones["required_coverage"].to_numpy(dtype=float, na_value=np.nan)
    out_level = np.empty(len(zones), dtype=object)
    out_required = np.empty(len(zones), dtype=float)
    out_mandatory = np.zeros(len(zones), dtype=bool)
    out_article = np.full(len(zones), None, dtype=object)
    cache: dict[str, ZoneRequirement | None] = {}  # None: the ruleset has no requirement
    for k, category in enumerate(zones["category"].astype(str)):
        own_level = levels[k] if isinstance(levels[k], str) and levels[k] else None
        own_required = None if np.isnan(required[k]) else float(required[k])
        if category not in cache:
            try:
                cache[category] = ruleset.zone_requirement(category)
            except (RulesetError, KeyError):
                cache[category] = None
        rule = cache[category]
        if rule is not None:
            out_mandatory[k] = bool(getattr(rule, "mandatory", True))
            out_article[k] = getattr(rule, "article", None) or None
        if own_level is None or own_required is None:
            if rule is None:
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
    return ZoneTargets(
        ids, out_level, out_required, kind, total.astype(float), out_mandatory, out_article
    )


def coverage_state(
    cameras: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    *,
    ruleset: Ruleset,
    progress: Progress | None = None,
) -> CoverageState:
    """Compute every camera's view and every zone's coverage from scratch.

    Cameras without a usable position (no point, empty, not finite) are left
    out of the views; zones that cannot be covered (no geometry, zero area or
    length…) are left out of ``zones``; both are listed in ``problems`` (and
    zones in
    :attr:`CoverageState.skipped_zones`; the footprints computed with are those
    of :func:`~planner.core.views.merge_duplicate_footprints` (unusable ones
    left out, a building mapped twice merged), reported in ``problems`` too.
    ``progress`` hears how far the work is and may cancel it
    (:class:`~planner.core.errors.CancelledError`); views are computed in
    batches so a cancel takes effect within a few tens of milliseconds.
    """
    progress = progress or NoProgress()
    crs = require_metric_crs(zones.crs, what="zones layer")
    for name, frame in (("cameras", cameras), ("buildings", buildings)):
        if len(frame) and not require_metric_crs(frame.crs, what=f"{name} layer").equals(crs):
            raise ZoneError(f"{name} and zones are in different CRSs", layer=name)
    zones, zone_problems = usable_zones(zones)
    zones, unjudged = judgeable_zones(zones, ruleset)
    zone_problems = (*zone_problems, *unjudged)
    cameras = cameras.reset_index(drop=True)
    _, usable, camera_problems = usable_rows(
        cameras, "cameras", "camera position", types=(0,), id_field="camera_id"
    )
    if not usable.all():
        cameras = cameras[usable].reset_index(drop=True)
    targets = zone_targets(zones, ruleset)
    computing = merge_duplicate_footprints(buildings)
    occluders = prepare_occluders(computing.buildings)
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
        covered[z] = union_of_pieces(pieces[z], zone_geoms[z], targets.kind[z])
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
        problems=(*camera_problems, *zone_problems, *computing.problems),
        duplicate_footprints=computing.duplicates,
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

    views = state.views.replace_rows(positions[known], _subset(new_views, known))
    if (~known).any():
        views = views.append(_subset(new_views, ~known))
    new_positions = np.array([views.index[c] for c in ids], dtype=int)
    # A zone's coverage can change only if a changed camera saw part of it before or
    # sees part of it now; both are known without querying the zones with the views.
    seen = _seen_parts(state.zone_tree, state.targets, views, new_positions)
    touched = np.union1d(_zones_seen_by(state, list(ids)), seen[0])
    return _recompute(state, views, touched, set(ids), new_positions, seen)


def remove_cameras(state: CoverageState, camera_ids: Iterable[str]) -> CoverageState:
    """A new state without the given cameras; only the zones they saw are recomputed.

    Cameras left out of computing (a bad position, see ``problems``) are
    ignored: they covered nothing. Any other unknown id raises :class:`CameraError`.
    """
    left_out = {p.id.removeprefix("camera_id=") for p in state.problems if p.layer == "cameras"}
    ids = [c for c in dict.fromkeys(str(c) for c in camera_ids) if c not in left_out]
    positions = np.array([state.views.position(c) for c in ids], dtype=int)
    if not len(positions):
        return state
    views = state.views.drop(positions)
    touched = _zones_seen_by(state, ids)
    return _recompute(state, views, touched, set(ids), np.empty(0, dtype=int))


def _zones_seen_by(state: CoverageState, camera_ids: list[str]) -> np.ndarray:
    """Zones of which one of ``camera_ids`` covers a part in ``state``."""
    if len(camera_ids) == 1:
        cid = camera_ids[0]
        return np.array([z for z, p in enumerate(state.pieces) if cid in p], dtype=int)
    wanted = set(camera_ids)
    return np.array([z for z, p in enumerate(state.pieces) if not wanted.isdisjoint(p)], dtype=int)


def _subset(views: ViewSet, mask: np.ndarray) -> ViewSet:
    positions = np.flatnonzero(~mask)
    return views.drop(positions) if len(positions) else views


def _recompute(
    state: CoverageState,
    views: ViewSet,
    touched: np.ndarray,
    changed_ids: set[str],
    new_positions: np.ndarray,
    seen: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> CoverageState:
    """The state with the touched zones' pieces, coverage and amounts recomputed.

    ``seen`` is what the changed cameras (at ``new_positions``) now see, as
    returned by :func:`_seen_parts`, when the caller has it already.
    """
    zone_geoms = state.zone_tree.geometries
    pieces = list(state.pieces)
    for z in touched:
        pieces[z] = {cid: g for cid, g in pieces[z].items() if cid not in changed_ids}
    dragged = next(iter(changed_ids)) if len(changed_ids) == 1 and len(new_positions) else None
    kind = state.targets.kind
    others: dict[int, object] = {}
    if dragged is not None:
        if state.others_camera == dragged:
            others.update(state.others_covered)
        for z in touched:
            # areas only: a line's union is snap-rounded, and rounding twice (the others,
            # then with the dragged camera) could differ from the full union by the grid
            if z not in others and kind[z] == "area":
                others[z] = union_of_pieces(pieces[z], zone_geoms[z], kind[z])
    if seen is None:
        seen = _seen_parts(state.zone_tree, state.targets, views, new_positions, touched)
    for zone, cam, part in zip(*seen, strict=True):
        pieces[zone][views.camera_id[cam]] = part
    covered = state.covered.copy()
    for z in touched:
        if z in others:
            mine = pieces[z].get(dragged)
            covered[z] = others[z] if mine is None else shapely.union(others[z], mine)
        else:
            covered[z] = union_of_pieces(pieces[z], zone_geoms[z], kind[z])
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

    Only zones in ``zone_positions`` are considered.
    """
    for zone, cam, part in zip(
        *_seen_parts(zone_tree, targets, views, camera_positions, zone_positions), strict=True
    ):
        pieces[zone][views.camera_id[cam]] = part


def _seen_parts(
    zone_tree: STRtree,
    targets: ZoneTargets,
    views: ViewSet,
    camera_positions: np.ndarray,
    zone_positions: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What each working camera sees of each zone at the zone's level, as three arrays.

    Returns zone positions, camera positions and the parts seen (only parts
    above the size that counts as seeing). The prebuilt zone index is queried
    with all levels' views at once; ``zone_positions`` limits the zones.
    """
    working = camera_positions[views.working[camera_positions]]
    if not len(working) or (zone_positions is not None and not len(zone_positions)):
        return np.empty(0, dtype=int), np.empty(0, dtype=int), np.empty(0, dtype=object)
    geoms = np.concatenate([views.views[level][working] for level in LEVELS])
    level_of = np.repeat(np.array(LEVELS, dtype=object), len(working))
    view_i, z = zone_tree.query(geoms, predicate="intersects")
    keep = targets.level[z] == level_of[view_i]
    if zone_positions is not None:
        wanted = np.zeros(len(targets.zone_id), dtype=bool)
        wanted[zone_positions] = True
        keep &= wanted[z]
    view_i, z = view_i[keep], z[keep]
    parts = shapely.intersection(zone_tree.geometries[z], geoms[view_i])
    seen = _sizes(parts, targets.kind[z]) > _TINY
    return z[seen], np.tile(working, len(LEVELS))[view_i[seen]], parts[seen]


def _sizes(geoms: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Size of each geometry by its zone's kind: m² for areas, m for lines, 1/0 for points."""
    size = np.where(shapely.is_empty(geoms), 0.0, 1.0)
    for name, measure in (("area", shapely.area), ("line", shapely.length)):
        rows = kind == name
        if rows.any():
            size[rows] = measure(geoms[rows])
    return size


def union_of_pieces(pieces: Mapping[str, object], zone: object, kind: str) -> object:
    """Union of a zone's covered parts (camera_id → part); if none, an empty geometry.

    Parts are taken in camera-id order, so the result does not depend on the
    order cameras were added; lines are unioned on :data:`LINE_GRID_M`. Anyone
    measuring "coverage with or without a camera" must use this (and
    :func:`unite`) to agree with the coverage state.
    """
    if not pieces:
        return _empty_like(zone)
    parts = [pieces[c] for c in sorted(pieces)]
    if kind == "line":
        return shapely.union_all(parts, grid_size=LINE_GRID_M)
    return shapely.union_all(parts)


def unite(covered: np.ndarray, parts: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Element-wise union of covered geometries with more parts, as coverage unites them."""
    out = np.empty(len(covered), dtype=object)
    line = kind == "line"
    if line.any():
        out[line] = shapely.union(covered[line], parts[line], grid_size=LINE_GRID_M)
    if (~line).any():
        out[~line] = shapely.union(covered[~line], parts[~line])
    return out


def _amounts(covered: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """Size of each covered geometry: m² for areas, m for lines, 1/0 for points."""
    if not len(covered):
        return np.empty(0)
    return _sizes(covered, kind)


_EMPTY_BY_DIMENSION = {0: shapely.Point(), 1: shapely.LineString(), 2: shapely.Polygon()}


def _empty_like(geom: object) -> object:
    return _EMPTY_BY_DIMENSION[int(shapely.get_dimensions(geom))]
