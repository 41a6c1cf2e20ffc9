"""Privacy findings: cameras in, or looking into, places where cameras are forbidden.

The regulations forbid cameras *inside* hotel rooms, dormitories, baths,
toilets, changing rooms and similar places, and ask that where a required
camera could see into one, measures prevent it (Qingdao Measures Art. 9,
Harbin Art. 9, Chongqing Art. 9; REGULATIONS.md §2). They do not forbid the
buildings that hold such rooms: a hotel's entrance and public areas are on
the list of places that must be covered (Qingdao Art. 7(7), Harbin Art. 8).
Which categories exist, and the article forbidding each, is ruleset data
(``ruleset.private_categories``); a new category needs no code here.

Two kinds of private place:

*private areas*
    The ``private_areas`` polygons: rooms and places drawn as private. Only
    these are forbidden ground, to stand in or to see into.
*private buildings*
    Buildings whose ``use`` the ruleset maps to a private category
    (``ruleset.private_category_for_use``), or at least half of whose
    footprint is covered by private areas of one category (a bathhouse drawn
    as a private area on a building whose ``use`` the ruleset does not know is
    still a bathhouse). A building's use says that rooms of that kind are
    somewhere inside, not where: it marks its windows as private to cameras
    outside, and makes a camera inside it worth a look, nothing more.

Four findings per camera, worst first (:func:`severity`):

``forbidden_placement`` (severity 10)
    The camera point lies inside a private area. Cites the article of the
    category; the camera must go (no mask or re-aim).
``intrusion`` (6–9: detect, observe, recognise, identify)
    Ground the camera sees inside private *areas*, per category: the area at
    the detect level (everything it sees), the area at the finest DORI level
    that still reaches it, and the share of the camera's detect view. An
    intrusion at identify level is worse than one at detect level. The
    footprint of a private building is not private ground: seeing into a
    hotel's footprint where no room is drawn is façade exposure, not
    intrusion.
``facade_exposure`` (2–5: detect … identify)
    Length of a private building's outline (its façade: windows) within
    :data:`FACADE_TOLERANCE_M` of the camera's view, per building, at the
    finest level reaching it. A camera's own building is excluded: a camera
    mounted on a hotel looks outward, and its view touches its own wall only
    along the boundary.
``review_placement`` (severity 1, the lowest)
    The camera point lies inside a private building farther than
    :data:`FACADE_MOUNT_M` from its outline (nearer than that the camera is
    taken as mounted on the façade, as :mod:`planner.core.views` does), and in
    no private area. Lawful in a lobby, forbidden inside a room: someone must
    check where it hangs (:data:`REVIEW_NOTE`). Cites the article of the
    building's category; no mask or re-aim.

Each intrusion and façade exposure comes with two computed fixes:

* ``mask_deg``: the bearing ranges whose privacy mask removes it — the exact
  angular extent, seen from the camera, of the intruding geometry (the union
  of the angular extents of its edges, so wrap-around through north and
  C-shapes come out right), padded by :data:`MASK_PAD_DEG`. Stored in the
  camera's ``privacy_mask`` (``privacy_mask`` of the finding is the merged new
  value) it cuts the view everywhere, and the finding disappears.
* ``reaim``: the new bearing and/or narrower lens that removes the finding
  while losing the least mandatory-zone coverage (ties: the smallest turn,
  then the widest lens). Candidates are every whole-degree turn within ±180°
  times the lens factors :data:`REAIM_HFOV_FACTORS`; a candidate qualifies
  only if it sees no private ground at all and (for an intrusion) no more
  façade than now, so a re-aim never makes privacy worse. Omnidirectional
  cameras (dome, PTZ, fisheye, unknown bearing) cannot be re-aimed: only the
  mask applies.

Candidates are screened together: the ground the camera could see all round
(its view as a disc, buildings and existing mask applied) is computed once,
and each candidate's view is its field-of-view sector cut by that disc, which
is what :func:`planner.core.views.views_from_parameters` computes (occlusion
depends on where the camera stands, not where it looks). The chosen candidate
is then checked with the engine itself: exact views and
:func:`planner.core.coverage.update_cameras` give the figures reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from shapely import STRtree

from planner.core.coverage import (
    CoverageState,
    Ruleset,
    coverage_state,
    union_of_pieces,
    unite,
    update_cameras,
)
from planner.core.errors import CameraError
from planner.core.levels import LEVELS
from planner.core.progress import NoProgress, Progress, check
from planner.core.views import (
    CameraParameters,
    ViewSet,
    blind_radius,
    camera_parameters,
    field_of_view_sectors,
    level_ranges,
    merge_duplicate_footprints,
    prepare_occluders,
    views_from_parameters,
)

FINDINGS = ("forbidden_placement", "intrusion", "facade_exposure", "review_placement")
#: The findings about where a camera stands (no mask or re-aim fixes them).
PLACEMENTS = ("forbidden_placement", "review_placement")
#: What a ``review_placement`` asks of whoever checks it (its ``reaim_note``).
REVIEW_NOTE = (
    "check where inside the building the camera is: lawful in lobbies and public areas, "
    "forbidden inside rooms"
)
#: A camera point this close (m) to a building outline is mounted on its façade, not inside.
FACADE_MOUNT_M = 0.5
#: Outline within this distance (m) of a view counts as in view: a view ends at a wall.
FACADE_TOLERANCE_M = 0.05
#: Private ground smaller than this (m²) is overlay noise, not an intrusion.
MIN_INTRUSION_M2 = 0.01
#: Façade shorter than this (m) is a corner grazed by the tolerance, not exposure.
MIN_FACADE_M = 0.25
#: Margin (degrees) added on both sides of a suggested mask range.
MASK_PAD_DEG = 0.25
#: Mask bearings are rounded outward to this step (degrees) so the stored text is exact.
MASK_STEP_DEG = 0.01
#: Share of a building's footprint covered by private areas that makes it a private building.
PRIVATE_SHARE = 0.5
#: Lens widths tried by the re-aim search, as fractions of the current hfov.
REAIM_HFOV_FACTORS = (1.0, 0.75, 0.5, 0.25)
#: Step (degrees) of the re-aim search over bearings within ±180°.
REAIM_STEP_DEG = 1.0
#: Camera statuses that are not on a pole any more: no privacy findings.
GONE_STATUSES = frozenset({"removed"})
_EPS = 1e-9


class PrivateRuleLike(Protocol):
    """What a private category's rule gives: the article forbidding it."""

    @property
    def article(self) -> str:
        """The article forbidding cameras there."""
        ...


class PrivacyRuleset(Ruleset, Protocol):
    """The part of a ruleset privacy needs (zone requirements only when zones are given)."""

    @property
    def private_categories(self) -> Mapping[str, PrivateRuleLike]:
        """Private category → rule citing its article."""
        ...

    def private_category_for_use(self, use: str | None) -> str | None:
        """Private category of a building use, or ``None``."""
        ...


@dataclass(frozen=True)
class ZoneChange:
    """How a re-aim changes one zone's covered fraction (0–1)."""

    zone_id: str
    before: float
    after: float

    @property
    def drop(self) -> float:
        """Fraction lost (negative when the zone gains)."""
        return self.before - self.after


@dataclass(frozen=True)
class Reaim:
    """A new bearing and lens width that remove a finding, and the coverage they cost.

    ``coverage_loss`` is the sum over zones of the covered-fraction drops (gains
    are not netted against losses); ``None`` when no zones were given.
    """

    bearing_deg: float
    hfov_deg: float
    vfov_deg: float  # a narrower lens zooms: the vertical field narrows with it
    turn_deg: float  # signed change of bearing, clockwise positive
    coverage_loss: float | None
    zones_affected: tuple[ZoneChange, ...]


@dataclass(frozen=True)
class Finding:
    """One privacy finding of one camera (see the module docstring for the kinds)."""

    camera_id: str
    finding: str  # one of FINDINGS
    category: str
    article: str | None  # None: the category is not one of the ruleset's
    severity: int
    level: str | None  # finest DORI level reaching it; None for a placement
    geometry: Any  # camera point, intruding ground or exposed outline
    area_m2: float | None = None  # intrusion: private ground seen at detect level
    level_area_m2: float | None = None  # intrusion: private ground seen at ``level``
    percent_of_view: float | None = None  # intrusion: area_m2 / detect view area × 100
    length_m: float | None = None  # façade: outline in view at detect level
    level_length_m: float | None = None  # façade: outline in view at ``level``
    places: tuple[str, ...] = ()  # names of the private places concerned
    mask_deg: tuple[tuple[float, float], ...] = ()
    privacy_mask: str | None = None  # the camera's mask with mask_deg merged in
    reaim: Reaim | None = None
    reaim_note: str = ""  # why there is no re-aim


@dataclass(frozen=True)
class PrivacyReport:
    """All findings, worst first (severity, then camera_id)."""

    findings: tuple[Finding, ...]
    crs: object = None

    def __len__(self) -> int:
        return len(self.findings)

    @property
    def forbidden_cameras(self) -> tuple[str, ...]:
        """Cameras standing in a private area (each once, in report order)."""
        return self._cameras_of("forbidden_placement")

    @property
    def review_cameras(self) -> tuple[str, ...]:
        """Cameras inside a private building, in no private area: check where (each once)."""
        return self._cameras_of("review_placement")

    def _cameras_of(self, finding: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.camera_id for f in self.findings if f.finding == finding))

    def of_kind(self, finding: str) -> tuple[Finding, ...]:
        """The findings of one kind."""
        return tuple(f for f in self.findings if f.finding == finding)

    def to_frame(self) -> gpd.GeoDataFrame:
        """One row per finding; ``mask_deg`` as text, the re-aim as flat columns."""
        rows = []
        for f in self.findings:
            rows.append(
                {
                    "camera_id": f.camera_id,
                    "finding": f.finding,
                    "category": f.category,
                    "level": f.level,
                    "severity": f.severity,
                    "article": f.article,
                    "area_m2": f.area_m2,
                    "length_m": f.length_m,
                    "mask_deg": _ranges_text(f.mask_deg),
                    "privacy_mask": f.privacy_mask,
                    "reaim_bearing_deg": f.reaim.bearing_deg if f.reaim else None,
                    "reaim_hfov_deg": f.reaim.hfov_deg if f.reaim else None,
                    "reaim_coverage_loss": f.reaim.coverage_loss if f.reaim else None,
                }
            )
        return gpd.GeoDataFrame(
            pd.DataFrame(rows, columns=_FRAME_COLUMNS),
            geometry=gpd.GeoSeries([f.geometry for f in self.findings], crs=self.crs),
        )


_FRAME_COLUMNS = [
    "camera_id",
    "finding",
    "category",
    "level",
    "severity",
    "article",
    "area_m2",
    "length_m",
    "mask_deg",
    "privacy_mask",
    "reaim_bearing_deg",
    "reaim_hfov_deg",
    "reaim_coverage_loss",
]


def severity(finding: str, level: str | None = None) -> int:
    """Rank of a finding, higher is worse.

    ``forbidden_placement`` (10) > intrusion at identify (9) > recognise (8) >
    observe (7) > detect (6) > façade exposure at identify (5) … detect (2) >
    ``review_placement`` (1): standing in a private room is worse than seeing
    into one, seeing ground inside is worse than seeing the windows from
    outside, and a camera somewhere inside a hotel may well be lawful (a lobby).
    """
    if finding == "forbidden_placement":
        return 10
    if finding == "review_placement":
        return 1
    base = {"intrusion": 6, "facade_exposure": 2}[finding]
    return base + LEVELS.index(level or LEVELS[0])


# --------------------------------------------------------------------------- places


@dataclass(frozen=True)
class PrivatePlaces:
    """Private areas and private buildings, and per category the areas' dissolved parts.

    Only the private areas are private ground (``parts``): a private building's
    footprint counts for its façade and for the cameras standing inside it.
    """

    geometry: np.ndarray  # every place: private areas, then private building footprints
    category: np.ndarray
    name: np.ndarray
    building: np.ndarray  # row in the buildings frame, -1 for a private area
    tree: STRtree  # over ``geometry``
    parts: np.ndarray  # disjoint polygons: private areas of one category dissolved, then split
    part_category: np.ndarray
    part_tree: STRtree

    def buildings(self) -> np.ndarray:
        """Positions (in ``geometry``) of the private buildings."""
        return np.flatnonzero(self.building >= 0)


def private_places(
    buildings: gpd.GeoDataFrame, private_areas: gpd.GeoDataFrame, *, ruleset: PrivacyRuleset
) -> PrivatePlaces:
    """Collect the private places of a project (see the module docstring)."""
    area_geoms = private_areas.geometry.to_numpy() if len(private_areas) else np.empty(0, object)
    area_cats = _text(private_areas, "category")
    footprints = buildings.geometry.to_numpy() if len(buildings) else np.empty(0, object)
    uses = _text(buildings, "use")
    bldg_cats = np.array(
        [ruleset.private_category_for_use(u) if u else None for u in uses], dtype=object
    )
    # Mostly covered by private areas: the building is one, whatever its ``use`` says.
    if len(area_geoms) and len(footprints):
        bldg_i, area_i = STRtree(area_geoms).query(footprints, predicate="intersects")
        shared = shapely.area(shapely.intersection(footprints[bldg_i], area_geoms[area_i]))
        table = pd.DataFrame({"b": bldg_i, "cat": area_cats[area_i], "m2": shared})
        by_cat = table.groupby(["b", "cat"], sort=False)["m2"].sum().reset_index()
        best = by_cat.sort_values("m2", ascending=False).drop_duplicates("b")
        share = best["m2"].to_numpy() / np.maximum(
            shapely.area(footprints[best["b"].to_numpy()]), _EPS
        )
        for b, cat in zip(
            best["b"].to_numpy()[share >= PRIVATE_SHARE],
            best["cat"].to_numpy()[share >= PRIVATE_SHARE],
            strict=True,
        ):
            if bldg_cats[b] is None:
                bldg_cats[b] = cat
    private_b = np.flatnonzero([c is not None for c in bldg_cats])
    geometry = np.concatenate([area_geoms, footprints[private_b]])
    category = np.concatenate([area_cats, bldg_cats[private_b]]).astype(object)
    name = np.concatenate([_text(private_areas, "name"), _text(buildings, "name")[private_b]])
    name = np.array(
        [n or c for n, c in zip(name, category, strict=True)], dtype=object
    )  # unnamed places are called by their category
    building = np.concatenate([np.full(len(area_geoms), -1), private_b]).astype(int)
    # private ground is what is drawn as private; a building's use does not say where its rooms are
    parts, part_category = _dissolve(area_geoms, area_cats)
    return PrivatePlaces(
        geometry=geometry,
        category=category,
        name=name,
        building=building,
        tree=STRtree(geometry),
        parts=parts,
        part_category=part_category,
        part_tree=STRtree(parts),
    )


def _text(frame: gpd.GeoDataFrame, column: str) -> np.ndarray:
    if column not in frame.columns:
        return np.full(len(frame), None, dtype=object)
    values = frame[column].to_numpy(dtype=object)
    return np.array([None if pd.isna(v) else str(v) for v in values], dtype=object)


def _dissolve(geometry: np.ndarray, category: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Places of each category merged and split into disjoint polygons.

    Overlapping places of one category (a dormitory drawn as a private area on
    the dormitory building) must not count their common ground twice.
    """
    parts, cats = [], []
    for cat in dict.fromkeys(category):  # one union per category; categories are few
        merged = shapely.get_parts(shapely.union_all(geometry[category == cat]))
        merged = merged[shapely.get_dimensions(merged) == 2]
        parts.append(merged)
        cats.append(np.full(len(merged), cat, dtype=object))
    if not parts:
        return np.empty(0, dtype=object), np.empty(0, dtype=object)
    return np.concatenate(parts), np.concatenate(cats)


# --------------------------------------------------------------------------- findings


def privacy_findings(
    cameras: gpd.GeoDataFrame,
    buildings: gpd.GeoDataFrame,
    private_areas: gpd.GeoDataFrame,
    *,
    ruleset: PrivacyRuleset,
    views: ViewSet | None = None,
    zones: gpd.GeoDataFrame | None = None,
    coverage: CoverageState | None = None,
    progress: Progress | None = None,
) -> PrivacyReport:
    """Every privacy finding of every camera, with the mask and re-aim that fix each.

    ``views`` (aligned with ``cameras``) and ``coverage`` (of the same cameras,
    zones and buildings) may be passed to reuse what the caller computed;
    ``zones`` are needed for the re-aim to weigh coverage (without zones or
    coverage the re-aim takes the smallest turn and states no loss).
    ``progress`` hears how far the check is and may cancel it
    (:class:`~planner.core.errors.CancelledError`) between cameras.
    """
    progress = progress or NoProgress()
    check(progress, 0.0, "camera views")
    cameras = cameras.reset_index(drop=True)
    # the footprints coverage computes with: a building mapped twice gives one finding,
    # and the positions agree with coverage.occluders and views.inside_building
    buildings = merge_duplicate_footprints(buildings).buildings
    if coverage is None and zones is not None and len(zones):
        coverage = coverage_state(cameras, zones, buildings, ruleset=ruleset)
    occluders = coverage.occluders if coverage is not None else prepare_occluders(buildings)
    params = camera_parameters(cameras)
    if views is None:
        views = (
            coverage.views
            if coverage is not None and np.array_equal(coverage.views.camera_id, params.camera_id)
            else views_from_parameters(params, occluders, crs=cameras.crs)
        )
    elif len(views) != len(params) or not np.array_equal(views.camera_id, params.camera_id):
        raise CameraError("views are not aligned with the cameras", layer="cameras")
    check(progress, 0.2, "private places")
    places = private_places(buildings, private_areas, ruleset=ruleset)
    status = _text(cameras, "status")
    present = np.array([s not in GONE_STATUSES for s in status], dtype=bool)
    if not len(places.geometry) or not present.any():
        return PrivacyReport((), crs=cameras.crs)

    articles = {c: getattr(r, "article", None) for c, r in ruleset.private_categories.items()}
    points = shapely.points(params.x, params.y)
    own = _own_buildings(points, views.inside_building, buildings, places)
    notes = {
        "forbidden_placement": "cameras are forbidden here: the camera is to be removed (拆除)",
        "review_placement": REVIEW_NOTE,
    }
    findings: list[Finding] = []
    for cam, place, kind in _placements(points, places, present):
        cat = places.category[place]
        findings.append(
            Finding(
                camera_id=str(params.camera_id[cam]),
                finding=kind,
                category=cat,
                article=articles.get(cat),
                severity=severity(kind),
                level=None,
                geometry=points[cam],
                places=(str(places.name[place]),),
                reaim_note=notes[kind],
            )
        )
    footprints = buildings.geometry.to_numpy()
    cut = _facade_mounted(points, views.inside_building, own, footprints)
    seen = _seen_views(views, present, own, cut, footprints)
    intrusions = _intrusions(seen, places)
    frames = _frame_views(
        params, occluders, _near_private_buildings(params, places, present), own, cut, footprints
    )
    facades = _facades(frames, places, own)
    fixes = _Fixer(params, occluders, places, own, buildings, coverage, crs=cameras.crs)
    detect_area = shapely.area(views.views[LEVELS[0]])
    # the re-aim search per finding is most of the time: report and allow Cancel there
    total = max(len(intrusions) + len(facades), 1)
    for k, row in enumerate(intrusions):
        check(progress, 0.4 + 0.6 * k / total, "fixes")
        cam = row.camera
        mask = mask_ranges(points[cam], row.geometry)
        findings.append(
            Finding(
                camera_id=str(params.camera_id[cam]),
                finding="intrusion",
                category=row.category,
                article=articles.get(row.category),
                severity=severity("intrusion", row.level),
                level=row.level,
                geometry=row.geometry,
                area_m2=row.amount,
                level_area_m2=row.level_amount,
                percent_of_view=100.0 * row.amount / max(detect_area[cam], _EPS),
                places=_names(places, row.geometry),
                mask_deg=mask,
                privacy_mask=merged_mask(params.masks[cam], mask),
                **fixes.reaim(cam, "intrusion"),
            )
        )
    for k, facade in enumerate(facades, start=len(intrusions)):
        check(progress, 0.4 + 0.6 * k / total, "fixes")
        cam = facade.camera
        place = facade.place
        mask = mask_ranges(points[cam], facade.geometry, tolerance=FACADE_TOLERANCE_M)
        findings.append(
            Finding(
                camera_id=str(params.camera_id[cam]),
                finding="facade_exposure",
                category=places.category[place],
                article=articles.get(places.category[place]),
                severity=severity("facade_exposure", facade.level),
                level=facade.level,
                geometry=facade.geometry,
                length_m=facade.amount,
                level_length_m=facade.level_amount,
                places=(str(places.name[place]),),
                mask_deg=mask,
                privacy_mask=merged_mask(params.masks[cam], mask),
                **fixes.reaim(cam, "facade_exposure"),
            )
        )
    findings.sort(key=lambda f: (-f.severity, f.camera_id, FINDINGS.index(f.finding), f.category))
    check(progress, 1.0, "done")
    return PrivacyReport(tuple(findings), crs=cameras.crs)


def placements_in_private_places(
    points: np.ndarray, places: PrivatePlaces
) -> list[tuple[int, int, str]]:
    """``(point, place, kind)`` for every point standing in a private place.

    The same test the privacy check applies to cameras, for any points, e.g.
    surveyed devices: ``kind`` is ``"forbidden_placement"`` inside a private
    area, ``"review_placement"`` deeper than :data:`FACADE_MOUNT_M` inside a
    private building but in no private area (check where: a lobby is lawful).
    One triple per point, kind and category, sorted by point.
    """
    return _placements(points, places, np.ones(len(points), dtype=bool))


def _placements(
    points: np.ndarray, places: PrivatePlaces, present: np.ndarray
) -> list[tuple[int, int, str]]:
    """``(camera, place, kind)`` for cameras standing in a private place (Q/H/C Art. 9).

    In a private area anywhere: forbidden. In a private building deeper than
    :data:`FACADE_MOUNT_M` (nearer the outline it hangs on the façade) and in
    no private area: to review, since the rules forbid the rooms, not the
    building.
    """
    cam, place = places.tree.query(points, predicate="within")
    keep = present[cam]
    is_bldg = places.building[place] >= 0
    depth = shapely.distance(points[cam], shapely.boundary(places.geometry[place]))
    keep &= ~is_bldg | (depth > FACADE_MOUNT_M)
    in_area = np.unique(cam[keep & ~is_bldg])
    keep &= ~(is_bldg & np.isin(cam, in_area))  # a drawn room says more than the building
    pairs = pd.DataFrame(
        {
            "cam": cam[keep],
            "place": place[keep],
            "kind": np.where(is_bldg[keep], PLACEMENTS[1], PLACEMENTS[0]),
        }
    )
    pairs["cat"] = places.category[pairs["place"].to_numpy()] if len(pairs) else []
    # one finding per camera, kind and category; the first place listed names it
    pairs = pairs.sort_values(["cam", "place"]).drop_duplicates(["cam", "kind", "cat"])
    return list(
        zip(pairs["cam"].tolist(), pairs["place"].tolist(), pairs["kind"].tolist(), strict=True)
    )


def _own_buildings(
    points: np.ndarray, inside: np.ndarray, buildings: gpd.GeoDataFrame, places: PrivatePlaces
) -> np.ndarray:
    """Per camera, the building it is mounted on (inside or within FACADE_MOUNT_M), or -1."""
    own = inside.copy()
    if len(buildings):
        tree = STRtree(buildings.geometry.to_numpy())
        cam, bldg = tree.query(points, predicate="dwithin", distance=FACADE_MOUNT_M)
        loose = own[cam] < 0
        own[cam[loose]] = bldg[loose]
    return own


def _seen_views(
    views: ViewSet, present: np.ndarray, own: np.ndarray, cut: np.ndarray, footprints: np.ndarray
) -> dict[str, np.ndarray]:
    """Per level, each camera's view without the inside of the building it is mounted on.

    The engine lets a camera see out of its own building; a camera hung on the
    outside of a wall cannot see the rooms behind it. A camera deep inside a
    building stands in it (a lobby, say), and the drawn rooms it sees there count.
    """
    out = {}
    cut = cut[present[cut]]
    for level in LEVELS:
        geoms = views.views[level].copy()
        geoms[~present] = shapely.Polygon()
        if len(cut):
            geoms[cut] = shapely.difference(geoms[cut], footprints[own[cut]])
        out[level] = geoms
    return out


def _near_private_buildings(
    params: CameraParameters, places: PrivatePlaces, present: np.ndarray
) -> np.ndarray:
    """Cameras whose picture frame (blind zone included) reaches a private building."""
    bldg = places.buildings()
    if not len(bldg):
        return np.empty(0, dtype=int)
    sectors = field_of_view_sectors(
        params, level_ranges(params)[LEVELS[0]] + FACADE_TOLERANCE_M, np.zeros(len(params))
    )
    cam, _ = STRtree(places.geometry[bldg]).query(sectors, predicate="intersects")
    return np.unique(cam[present[cam]])


def _facade_mounted(
    points: np.ndarray, inside: np.ndarray, own: np.ndarray, footprints: np.ndarray
) -> np.ndarray:
    """Cameras hung on a building (not deeper inside it than FACADE_MOUNT_M)."""
    cut = np.flatnonzero(own >= 0)
    if not len(cut):
        return cut
    deep = shapely.distance(points[cut], shapely.boundary(footprints[own[cut]]))
    return cut[~((inside[cut] == own[cut]) & (deep > FACADE_MOUNT_M))]


@dataclass(frozen=True)
class _Intrusion:
    """Private ground of one category that one camera sees (before it becomes a Finding)."""

    camera: int  # row in the camera parameters
    category: str
    amount: float  # m² at detect
    level: str  # the finest level still above the minimum
    level_amount: float  # m² at that level
    geometry: Any  # the ground seen at detect


@dataclass(frozen=True)
class _Facade:
    """A private building's outline near one camera's picture (before it becomes a Finding)."""

    camera: int  # row in the camera parameters
    place: int  # row in PrivatePlaces
    amount: float  # m of outline at detect
    level: str  # the finest level still above the minimum
    level_amount: float  # m of outline at that level
    geometry: Any  # the outline near the picture at detect


_Row = TypeVar("_Row", _Intrusion, _Facade)


def _intrusions(seen: Mapping[str, np.ndarray], places: PrivatePlaces) -> list[_Intrusion]:
    """Private ground seen, per camera and category, at every level; one row per pair."""
    per_level = {}
    for level in LEVELS:
        view_i, part = places.part_tree.query(seen[level], predicate="intersects")
        pieces = shapely.intersection(seen[level][view_i], places.parts[part])
        area = shapely.area(pieces)
        per_level[level] = pd.DataFrame(
            {"camera": view_i, "category": places.part_category[part], "m2": area, "g": pieces}
        )
    return _by_finest_level(per_level, ["camera", "category"], MIN_INTRUSION_M2, _Intrusion)


def _by_finest_level(
    per_level: Mapping[str, pd.DataFrame],
    keys: list[str],
    minimum: float,
    row: Callable[..., _Row],
) -> list[_Row]:
    """Rows ``row(keys…, amount at detect, finest level, amount there, detect geometry)``."""
    detect = per_level[LEVELS[0]]
    if not len(detect):
        return []
    totals = detect.groupby(keys, sort=True)["m2"].sum()
    totals = totals[totals > minimum]
    rows = []
    level_amount = {
        lv: per_level[lv].groupby(keys)["m2"].sum() if len(per_level[lv]) else pd.Series()
        for lv in LEVELS
    }
    grouped = detect.set_index(keys).sort_index()
    for key, amount in totals.items():
        finest = LEVELS[0]
        for lv in LEVELS[1:]:
            if key in level_amount[lv].index and level_amount[lv][key] > minimum:
                finest = lv
        geoms = grouped.loc[[key], "g"].to_numpy()
        rows.append(
            row(
                **dict(zip(keys, key, strict=True)),
                amount=float(amount),
                level=finest,
                level_amount=float(level_amount[finest][key]),
                geometry=_combine(geoms),
            )
        )
    return rows


def _combine(geoms: np.ndarray) -> Any:
    """One geometry of the pieces' parts of the highest dimension (areas, else lines).

    An overlay can leave lines and points where a view grazes a place; they
    measure nothing. The pieces are disjoint, so no union is needed.
    """
    parts = shapely.get_parts(shapely.get_parts(geoms))  # collections hold multi-parts
    parts = parts[~shapely.is_empty(parts)]
    dims = shapely.get_dimensions(parts)
    parts = parts[dims == dims.max()] if len(parts) else parts
    if len(parts) == 1:
        return parts[0]
    if (shapely.get_dimensions(parts) == 2).all():
        return shapely.multipolygons(parts)
    return shapely.line_merge(shapely.multilinestrings(parts))


def _frame_views(
    params: CameraParameters,
    occluders: Any,
    rows: np.ndarray,
    own: np.ndarray,
    cut: np.ndarray,
    footprints: np.ndarray,
) -> dict[str, np.ndarray]:
    """Per level, the ground in each camera's picture frame, blind zone included.

    The ground under the bottom edge of the picture is not in it, but a wall
    standing there rises into it: a façade is judged against the field-of-view
    sector from the camera itself out to the level's range, cut by what
    buildings hide and by the mask (:func:`_ground_discs`).
    """
    out = {lv: np.full(len(params), shapely.Polygon(), dtype=object) for lv in LEVELS}
    if not len(rows):
        return out
    chosen = params.take(rows)
    ranges = level_ranges(chosen)
    discs = _ground_discs(chosen, ranges[LEVELS[0]], occluders)
    mounted = np.isin(rows, cut)
    discs[mounted] = shapely.difference(discs[mounted], footprints[own[rows[mounted]]])
    for level in LEVELS:
        sectors = field_of_view_sectors(chosen, ranges[level], np.zeros(len(rows)))
        out[level][rows] = shapely.intersection(sectors, discs)
    return out


def _ground_discs(params: CameraParameters, reach: np.ndarray, occluders: Any) -> np.ndarray:
    """All the ground each camera could see at any aim out to ``reach`` m, its mask applied.

    Occlusion depends on where a camera stands, not where it looks: a view is
    its field-of-view sector cut by this disc, exactly as
    :func:`~planner.core.views.views_from_parameters` computes it.
    """
    n = len(params)
    finite = np.isfinite(reach)
    reach = np.where(finite, reach, 0.0)
    discs = replace(
        params,
        omnidirectional=np.ones(n, dtype=bool),
        ptz=np.ones(n, dtype=bool),  # no blind zone, no picture limit: the disc is complete
        fisheye=np.zeros(n, dtype=bool),
        resolution_px=np.full(n, 1e12),
        max_range_m=reach * 1.001 + 0.5,
    )
    return views_from_parameters(discs, occluders, levels=(LEVELS[0],)).views[LEVELS[0]]


def _facades(
    frames: Mapping[str, np.ndarray], places: PrivatePlaces, own: np.ndarray
) -> list[_Facade]:
    """Private building outline within tolerance of each camera's picture, at every level."""
    bldg_places = places.buildings()
    if not len(bldg_places):
        return []
    outlines = shapely.boundary(places.geometry[bldg_places])
    tree = STRtree(outlines)
    per_level = {}
    for level in LEVELS:
        view_i, k = tree.query(frames[level], predicate="dwithin", distance=FACADE_TOLERANCE_M)
        keep = own[view_i] != places.building[bldg_places[k]]
        view_i, k = view_i[keep], k[keep]
        near = shapely.buffer(frames[level][view_i], FACADE_TOLERANCE_M, quad_segs=2)
        pieces = shapely.intersection(outlines[k], near)
        per_level[level] = pd.DataFrame(
            {"camera": view_i, "place": bldg_places[k], "m2": shapely.length(pieces), "g": pieces}
        )
    return _by_finest_level(per_level, ["camera", "place"], MIN_FACADE_M, _Facade)


def _names(places: PrivatePlaces, geometry: Any) -> tuple[str, ...]:
    """Names of the private areas (the only private ground) ``geometry`` touches."""
    hits = np.sort(places.tree.query(geometry, predicate="intersects"))
    hits = hits[places.building[hits] < 0]
    return tuple(dict.fromkeys(str(n) for n in places.name[hits]))


# --------------------------------------------------------------------------- masks


def mask_ranges(
    camera: shapely.Point, geometry: Any, *, tolerance: float = 0.0
) -> tuple[tuple[float, float], ...]:
    """Bearing ranges (clockwise from north, may wrap through north) that hide ``geometry``.

    The angular extent of a geometry seen from a point is the union of the
    extents of its edges (each the short arc between its ends' bearings), so a
    C-shape or a block due north comes out right. Each range is padded by
    :data:`MASK_PAD_DEG` — more for close geometry when ``tolerance`` (m) must
    also clear, as for a façade measured within a tolerance of the view — and
    rounded outward to :data:`MASK_STEP_DEG`. A geometry around the camera
    gives ``((0, 360),)``: everything.
    """
    parts = shapely.get_parts(shapely.get_parts(geometry))
    dims = shapely.get_dimensions(parts)
    # the extent of an area is the extent of its rings; points add nothing to lines'
    lines = shapely.get_parts(
        np.concatenate([shapely.boundary(parts[dims == 2]), parts[dims == 1]])
    )
    coords, owner = shapely.get_coordinates(lines, return_index=True)
    if len(coords) < 2:
        return ()
    cx, cy = camera.x, camera.y
    bearing = np.degrees(np.arctan2(coords[:, 0] - cx, coords[:, 1] - cy)) % 360.0
    same = owner[1:] == owner[:-1]
    a, b = bearing[:-1][same], bearing[1:][same]
    turn = (b - a + 180.0) % 360.0 - 180.0
    start = np.where(turn < 0, b, a)
    span = np.abs(turn)
    nearest = shapely.distance(camera, geometry)
    pad = MASK_PAD_DEG
    if tolerance > 0 and nearest > 0:
        pad = max(pad, math.degrees(2.0 * tolerance / nearest))
    elif tolerance > 0:
        return ((0.0, 360.0),)
    return _circular_union(start - pad, span + 2 * pad)


def _circular_union(start: np.ndarray, span: np.ndarray) -> tuple[tuple[float, float], ...]:
    """Union of arcs ``[start, start + span]`` on the circle, as rounded (from, to) bearings."""
    if not len(start):
        return ()
    if (span >= 360.0).any():
        return ((0.0, 360.0),)
    start = np.asarray(start, dtype=float) % 360.0
    order = np.argsort(start)
    start, end = start[order], start[order] + np.asarray(span, dtype=float)[order]
    merged: list[list[float]] = []
    for s, e in zip(start, end, strict=True):
        if merged and s <= merged[-1][1] + _EPS:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    # the last arc may run past north into the first ones
    while len(merged) > 1 and merged[-1][1] - 360.0 >= merged[0][0] - _EPS:
        first = merged.pop(0)
        merged[-1][1] = max(merged[-1][1], first[1] + 360.0)
    if merged[-1][1] - merged[-1][0] >= 360.0 - _EPS:
        return ((0.0, 360.0),)
    out = []
    for s, e in merged:
        s = math.floor(s / MASK_STEP_DEG + _EPS) * MASK_STEP_DEG
        e = math.ceil(e / MASK_STEP_DEG - _EPS) * MASK_STEP_DEG
        if e - s >= 360.0 - _EPS:
            return ((0.0, 360.0),)
        s, e = round(s % 360.0, 2), round(e % 360.0, 2)
        out.append((s, 360.0 if e == 0.0 else e))
    return tuple(out)


def merged_mask(
    existing: Sequence[tuple[float, float]], new: Sequence[tuple[float, float]]
) -> str | None:
    """The ``privacy_mask`` text of a camera whose mask ``existing`` gains ranges ``new``."""
    ranges = [*existing, *new]
    if not ranges:
        return None
    start = np.array([s for s, _ in ranges], dtype=float)
    span = np.array([(e - s) % 360.0 or 360.0 for s, e in ranges], dtype=float)
    merged = _circular_union(start, span)
    return ";".join(f"{s:g}-{e:g}" for s, e in merged)


def _ranges_text(ranges: Sequence[tuple[float, float]]) -> str | None:
    return ";".join(f"{s:g}-{e:g}" for s, e in ranges) or None


# --------------------------------------------------------------------------- re-aim

_SEEN = 1e-6  # m², m: a zone piece smaller than this is not seen (as in coverage)


class _Fixer:
    """Re-aim search for one camera at a time; each camera is searched once."""

    def __init__(
        self,
        params: CameraParameters,
        occluders: Any,
        places: PrivatePlaces,
        own: np.ndarray,
        buildings: gpd.GeoDataFrame,
        coverage: CoverageState | None,
        *,
        crs: object,
    ) -> None:
        self.params = params
        self.occluders = occluders
        self.places = places
        self.own = own
        self.footprints = buildings.geometry.to_numpy()
        self.coverage = coverage
        self.crs = crs
        points = shapely.points(params.x, params.y)
        inside = np.full(len(params), -1)
        if len(self.footprints):
            cam, bldg = STRtree(self.footprints).query(points, predicate="within")
            inside[cam] = bldg
        self.cut = set(_facade_mounted(points, inside, own, self.footprints).tolist())
        bldg_places = places.buildings()
        self.outlines = shapely.boundary(places.geometry[bldg_places])
        self.outline_building = places.building[bldg_places]
        self.outline_tree = STRtree(self.outlines)
        self.done: dict[int, dict[str, dict[str, Any]]] = {}

    def reaim(self, cam: int, kind: str) -> dict[str, Any]:
        """``reaim`` and ``reaim_note`` of a finding of ``kind`` for camera row ``cam``."""
        if cam not in self.done:
            self.done[cam] = self._search(cam)
        return self.done[cam][kind]

    # -- privacy of many views of one camera

    def _seen(self, cam: int, geoms: np.ndarray) -> np.ndarray:
        if cam in self.cut:
            return shapely.difference(geoms, self.footprints[self.own[cam]])
        return geoms

    def _intrusion(self, geoms: np.ndarray) -> np.ndarray:
        view_i, part = self.places.part_tree.query(geoms, predicate="intersects")
        area = shapely.area(shapely.intersection(geoms[view_i], self.places.parts[part]))
        return np.bincount(view_i, weights=area, minlength=len(geoms))

    def _facade(self, cam: int, geoms: np.ndarray) -> np.ndarray:
        view_i, k = self.outline_tree.query(geoms, predicate="dwithin", distance=FACADE_TOLERANCE_M)
        keep = self.outline_building[k] != self.own[cam]
        view_i, k = view_i[keep], k[keep]
        near = shapely.buffer(geoms[view_i], FACADE_TOLERANCE_M, quad_segs=2)
        length = shapely.length(shapely.intersection(self.outlines[k], near))
        return np.bincount(view_i, weights=length, minlength=len(geoms))

    # -- the search

    def _search(self, cam: int) -> dict[str, dict[str, Any]]:
        params = self.params
        if params.omnidirectional[cam]:
            note = (
                "omnidirectional camera (dome, PTZ, fisheye or unknown bearing): "
                "only a mask applies"
            )
            return {k: {"reaim": None, "reaim_note": note} for k in FINDINGS}
        turns = np.arange(-180.0 + REAIM_STEP_DEG, 180.0 + _EPS, REAIM_STEP_DEG)
        turns = np.concatenate([[0.0], turns[turns != 0.0]])  # the current aim first
        hfov0 = float(params.hfov_deg[cam])
        widths = np.unique(np.maximum(hfov0 * np.array(REAIM_HFOV_FACTORS), 1.0))[::-1]
        turn = np.repeat(turns, len(widths))
        hfov = np.tile(widths, len(turns))
        cands = _aimed(params, cam, turn, hfov)
        ranges = level_ranges(cands)
        inner = blind_radius(cands)
        reach = ranges[LEVELS[0]]
        finite = np.isfinite(reach)
        if not finite.any():
            note = "the camera sees no ground at any aim"
            return {k: {"reaim": None, "reaim_note": note} for k in FINDINGS}
        disc = _ground_discs(
            params.take(np.array([cam])), np.array([reach[finite].max()]), self.occluders
        )
        seen_disc = self._seen(cam, disc)[0]
        disc = disc[0]
        views = shapely.intersection(field_of_view_sectors(cands, reach, inner), seen_disc)
        frames = shapely.intersection(
            field_of_view_sectors(cands, reach, np.zeros(len(cands))), seen_disc
        )
        intrusion = self._intrusion(views)
        facade = self._facade(cam, frames)
        clean = intrusion <= MIN_INTRUSION_M2
        allowed = {
            "intrusion": clean & (facade <= facade[0] + 1e-6),
            "facade_exposure": clean & (facade <= MIN_FACADE_M),
        }
        for ok in allowed.values():
            ok[0] = False  # the current aim is not a re-aim
        wanted = np.flatnonzero(allowed["intrusion"] | allowed["facade_exposure"])
        loss = np.zeros(len(cands))
        if len(wanted):
            loss[wanted] = self._losses(
                cam, cands.take(wanted), ranges, inner[wanted], disc, wanted
            )
        out = {kind: {"reaim": None, "reaim_note": ""} for kind in PLACEMENTS}
        for kind, ok in allowed.items():
            out[kind] = self._choose(cam, kind, ok, loss, turn, hfov, cands, float(facade[0]))
        return out

    def _choose(
        self,
        cam: int,
        kind: str,
        ok: np.ndarray,
        loss: np.ndarray,
        turn: np.ndarray,
        hfov: np.ndarray,
        cands: CameraParameters,
        facade_now: float,
    ) -> dict[str, Any]:
        order = np.flatnonzero(ok)
        order = order[np.lexsort((-hfov[order], np.abs(turn[order]), np.round(loss[order], 9)))]
        limit = {"intrusion": facade_now + 1e-6, "facade_exposure": MIN_FACADE_M}
        for k in order[:5]:  # the screening is exact up to rounding; the engine has the last word
            single = cands.take(np.array([k]))
            view = views_from_parameters(single, self.occluders, crs=self.crs)
            seen = self._seen(cam, view.views[LEVELS[0]])
            if self._intrusion(seen)[0] > MIN_INTRUSION_M2:
                continue
            frame = _frame_views(
                single,
                self.occluders,
                np.array([0]),
                self.own[[cam]],
                np.array([0]) if cam in self.cut else np.empty(0, dtype=int),
                self.footprints,
            )[LEVELS[0]]
            if self._facade(cam, frame)[0] > limit[kind]:
                continue
            lost, changes = self._exact_loss(single)
            reaim = Reaim(
                bearing_deg=float(single.bearing_deg[0]),
                hfov_deg=float(single.hfov_deg[0]),
                vfov_deg=float(single.vfov_deg[0]),
                turn_deg=float(turn[k]),
                coverage_loss=lost,
                zones_affected=changes,
            )
            return {"reaim": reaim, "reaim_note": ""}
        widths = ", ".join(f"{f:g}" for f in REAIM_HFOV_FACTORS)
        return {
            "reaim": None,
            "reaim_note": f"no bearing within ±180° with lens factors {widths} removes it "
            "without other private views; the mask is the fix",
        }

    # -- coverage

    def _losses(
        self,
        cam: int,
        cands: CameraParameters,
        ranges: Mapping[str, np.ndarray],
        inner: np.ndarray,
        disc: Any,
        rows: np.ndarray,
    ) -> np.ndarray:
        """Sum of zone-fraction drops of each candidate (screening, vectorised over pairs)."""
        state = self.coverage
        n = len(cands)
        if state is None or not self.params.working[cam]:
            return np.zeros(n)
        cid = str(self.params.camera_id[cam])
        zones = state.zone_tree.query(disc, predicate="intersects")
        if not len(zones):
            return np.zeros(n)
        zone_geoms = state.zones.geometry.to_numpy()[zones]
        kind = state.targets.kind[zones]
        total = state.targets.total[zones]
        others = np.empty(len(zones), dtype=object)
        for j, z in enumerate(zones):  # one union per zone, as coverage does
            parts = {c: g for c, g in state.pieces[z].items() if c != cid}
            others[j] = union_of_pieces(parts, zone_geoms[j], kind[j])
        before = state.fraction[zones]
        alone = _fraction(_measure(others, kind), total)
        level = state.targets.level[zones]
        cand_i = np.repeat(np.arange(n), len(zones))
        zone_j = np.tile(np.arange(len(zones)), n)
        after = alone[zone_j].copy()
        for lv in np.unique(level):
            pick = np.flatnonzero(level[zone_j] == lv)
            rows_lv = np.unique(cand_i[pick])
            views = np.full(n, shapely.Polygon(), dtype=object)
            views[rows_lv] = shapely.intersection(
                field_of_view_sectors(
                    cands.take(rows_lv), ranges[lv][rows[rows_lv]], inner[rows_lv]
                ),
                disc,
            )
            hit = pick[shapely.intersects(views[cand_i[pick]], zone_geoms[zone_j[pick]])]
            pieces = shapely.intersection(zone_geoms[zone_j[hit]], views[cand_i[hit]])
            counts = _measure(pieces, kind[zone_j[hit]]) > _SEEN
            hit, pieces = hit[counts], pieces[counts]
            union = unite(others[zone_j[hit]], pieces, kind[zone_j[hit]])
            after[hit] = _fraction(_measure(union, kind[zone_j[hit]]), total[zone_j[hit]])
        drop = np.maximum(before[zone_j] - after, 0.0)
        return np.bincount(cand_i, weights=drop, minlength=n)

    def _exact_loss(self, single: CameraParameters) -> tuple[float | None, tuple[ZoneChange, ...]]:
        """Coverage cost of a re-aim, by the coverage engine itself."""
        state = self.coverage
        if state is None:
            return None, ()
        after = update_cameras(state, single).fraction
        before = state.fraction
        changed = np.flatnonzero(np.abs(after - before) > 1e-9)
        changes = tuple(
            ZoneChange(str(state.targets.zone_id[z]), float(before[z]), float(after[z]))
            for z in changed
        )
        return float(np.maximum(before - after, 0.0).sum()), changes


def _aimed(
    params: CameraParameters, cam: int, turn: np.ndarray, hfov: np.ndarray
) -> CameraParameters:
    """Copies of camera ``cam`` turned by ``turn`` degrees with lens widths ``hfov``.

    A narrower lens zooms in: the vertical field shrinks with the horizontal one
    (tan(v/2) / tan(h/2) is the sensor's aspect ratio), and the DORI ranges grow.
    """
    many = params.take(np.full(len(turn), cam))
    h0 = np.radians(params.hfov_deg[cam])
    v0 = np.radians(params.vfov_deg[cam])
    vfov = np.degrees(2 * np.arctan(np.tan(np.radians(hfov) / 2) * np.tan(v0 / 2) / np.tan(h0 / 2)))
    return replace(
        many,
        bearing_deg=(params.bearing_deg[cam] + turn) % 360.0,
        hfov_deg=hfov,
        vfov_deg=vfov,
    )


def _measure(geoms: np.ndarray, kind: np.ndarray) -> np.ndarray:
    """m² for area zones, m for line zones, 1/0 for point zones (as coverage measures)."""
    if not len(geoms):
        return np.empty(0)
    return np.select(
        [kind == "area", kind == "line"],
        [shapely.area(geoms), shapely.length(geoms)],
        np.where(shapely.is_empty(geoms), 0.0, 1.0),
    ).astype(float)


def _fraction(amount: np.ndarray, total: np.ndarray) -> np.ndarray:
    return np.divide(amount, total, out=np.zeros(len(amount)), where=total > 0).clip(0.0, 1.0)
