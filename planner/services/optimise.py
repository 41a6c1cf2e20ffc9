"""``planner optimise`` and the window's rollout dialog: where the next cameras go.

:func:`plan_rollout` gathers the candidate sites (the project's
``candidate_sites`` layer and/or sites generated along roads and at building
corners), the catalogue, the demand sampled from the zones, the private places
to keep out of view, builds the coverage matrix on the engine's occlusion,
solves (:func:`planner.core.optimise.optimise`) and describes the answer:
proposals, coverage per zone before and after (recomputed by the engine with
the proposals added, so what is promised is what accepting gives), bill of
materials, phases, storage and bandwidth. :func:`write_rollout` writes it all
to a GeoPackage.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.core.catalogue import Catalogue
from planner.core.coverage import coverage_state
from planner.core.errors import InputError
from planner.core.optimise import (
    LEVEL_PRIORITY,
    Goal,
    Options,
    Problem,
    Sites,
    Solution,
    build_options,
    coverage_matrix,
    optimise,
    privacy_masks,
    private_hits,
    sample_demand,
    site_visibility,
    sites_along_roads,
    sites_at_building_corners,
    sites_from_layer,
)
from planner.core.progress import NoProgress, Progress, check
from planner.core.project import Project
from planner.core.rollout import (
    bill_of_materials,
    proposals_frame,
    served_zones,
    storage_estimate,
)
from planner.core.summary import category_table, zone_table
from planner.io.catalogue import load_catalogue
from planner.io.files import check_writable_target, refuse_input_as_output
from planner.io.osm_poles import poles_from_osm
from planner.io.project import write_geopackage
from planner.services.project import OpenedProject

#: The project layer of the user's candidate sites (a contract).
CANDIDATE_LAYER = "candidate_sites"
#: Layer and tables written by :func:`write_rollout` (contracts).
PROPOSALS_LAYER = "proposals"
TABLES = (
    "rollout_zones",
    "rollout_categories",
    "rollout_bom",
    "rollout_storage",
    "rollout_summary",
)
#: Road spacing used when the project has no candidate sites and none was asked for.
DEFAULT_ROAD_SPACING_M = 30.0


@dataclass(frozen=True)
class RolloutRequest:
    """What to optimise and how."""

    goal: Goal
    backup: tuple[str, ...] = ()
    time_limit: float = 60.0
    method: str = "exact"
    catalogue: str | None = None
    models: tuple[str, ...] = ()
    road_spacing_m: float | None = None
    corners: bool = False
    poles: str | None = None  # an OSM file whose street lamps and poles are candidate sites
    corner_height_m: float = 5.0
    demand_spacing_m: float = 2.0
    advisory: bool = False
    privacy: str = "exclude"  # or "mask"
    budget_per_phase: float | None = None
    bearing_step_deg: float = 15.0
    max_per_site: int = 4


@dataclass(frozen=True)
class Rollout:
    """The answer: solution, proposals and what they bring."""

    solution: Solution
    proposals: gpd.GeoDataFrame
    zones: pd.DataFrame  # zone_id, category, required, before, after, passed_before, passed_after
    categories: pd.DataFrame
    bom: pd.DataFrame
    storage: pd.DataFrame
    stats: dict[str, float] = field(default_factory=dict)
    short_zones: tuple[str, ...] = ()

    def summary(self) -> dict[str, object]:
        """The figures of the JSON output (keys in docs/optimise.md)."""
        s = self.solution
        return {
            "objective": _num(s.objective),
            "bound": _num(s.bound),
            "gap": _num(s.gap),
            "status": s.status,
            "method": s.method,
            "seconds": round(s.seconds, 3),
            "cameras": len(self.proposals),
            "cost": float(self.bom["amount"].iloc[-1]) if len(self.bom) else 0.0,
            "short_zones": list(self.short_zones),
            **{k: _num(v) for k, v in self.stats.items()},
        }


def _num(value: float) -> float | None:
    return None if value is None or not math.isfinite(float(value)) else round(float(value), 6)


def check_rollout(
    project_path: str | os.PathLike[str], output: Path | None, request: RolloutRequest
) -> None:
    """Raise :class:`InputError` for a request that cannot be done, before computing."""
    if request.method not in ("exact", "heuristic"):
        raise InputError(f"unknown method {request.method!r}", field="--method")
    if request.privacy not in ("exclude", "mask"):
        raise InputError(f"privacy is exclude or mask, not {request.privacy!r}", field="--privacy")
    if request.time_limit <= 0:
        raise InputError(
            f"time limit must be above 0 s, not {request.time_limit:g}", field="--time-limit"
        )
    if output is not None:
        if output.suffix.lower() != ".gpkg":
            raise InputError(
                "the proposals are written as a GeoPackage (.gpkg)",
                file=str(output),
                field="--output",
            )
        refuse_input_as_output(output, [project_path], option="--output")
        check_writable_target(output, option="--output")
    load_catalogue(request.catalogue)


def plan_rollout(
    opened: OpenedProject, request: RolloutRequest, *, progress: Progress | None = None
) -> Rollout:
    """Optimise the rollout of ``opened`` as ``request`` asks (runs in a worker in the window)."""
    progress = progress or NoProgress()
    project, ruleset, state = opened.project, opened.ruleset, opened.state
    catalogue = load_catalogue(request.catalogue)
    started = time.perf_counter()
    check(progress, 0.02, "candidate sites")
    sites = _sites(project, request, catalogue)
    if not len(sites):
        raise InputError(
            "no candidate site: add a candidate_sites layer, or ask for sites along roads "
            "(--road-spacing) or at building corners (--corners)",
            layer=CANDIDATE_LAYER,
        )
    options = build_options(
        sites, catalogue, models=request.models or None, bearing_step_deg=request.bearing_step_deg
    )
    check(progress, 0.08, "what each site sees")
    visible = site_visibility(sites, options, state.occluders)
    check(progress, 0.35, "private places")
    options, dropped = _keep_out_of_private(project, ruleset, options, visible, request.privacy)
    check(progress, 0.45, "demand")
    chosen_zones = np.flatnonzero(state.mandatory | (request.advisory & ~state.mandatory))
    demand = sample_demand(state, spacing_m=request.demand_spacing_m, zones=chosen_zones)
    check(progress, 0.5, "coverage matrix")
    cover = coverage_matrix(options, demand, visible)
    n_zones = len(state.zones)
    required = np.zeros(n_zones)
    required[chosen_zones] = state.targets.required[chosen_zones]
    categories = state.zones["category"].astype(str).to_numpy()
    priority = zone_priorities(categories, state.targets.level, ruleset)
    unknown = sorted(set(request.backup) - set(categories))
    if unknown:
        raise InputError(
            f"no zone of category {', '.join(unknown)} in the project", field="--backup"
        )
    backup = np.isin(categories, list(request.backup))
    site_cost = np.where(np.isnan(sites.cost), catalogue.pole_price, sites.cost)
    problem = Problem(
        cover=cover,
        weight=demand.weight,
        zone=demand.zone,
        covered=demand.covered,
        existing=demand.existing,
        zone_required=required,
        zone_priority=priority,
        option_cost=options.cost,
        option_site=options.site,
        site_cost=site_cost,
        backup=backup,
        max_per_site=request.max_per_site,
    )
    built = time.perf_counter() - started
    check(progress, 0.6, "solving")
    solution = optimise(problem, request.goal, time_limit=request.time_limit, method=request.method)
    check(progress, 0.85, "coverage with the proposals")
    zone_ids = state.targets.zone_id
    useful = ~demand.covered | (backup[demand.zone] & (demand.existing < 2))
    serves = served_zones(cover, solution.chosen, demand.zone, zone_ids, useful)
    best = [
        max((priority[np.flatnonzero(zone_ids == z)[0]] for z in zs), default=0.0) for zs in serves
    ]
    proposals = proposals_frame(
        options,
        solution.chosen,
        sites,
        site_cost,
        serves=serves,
        priority=best,
        crs=project.crs,
        budget_per_phase=request.budget_per_phase,
    )
    zones, category_rows = _before_after(opened, proposals)
    bom = bill_of_materials(proposals, pole_price=catalogue.pole_price)
    retention = {"retention": ruleset.maintenance.retention_days or 30}
    if ruleset.maintenance.retention_counter_terror_days:
        retention["counter_terror"] = ruleset.maintenance.retention_counter_terror_days
    storage = storage_estimate(
        proposals, {m.model: m.bitrate_mbps for m in catalogue.models}, retention_days=retention
    )
    progress.report(1.0, "done")
    stats = {
        "sites": float(len(sites)),
        "options": float(len(options)),
        "options_private": float(dropped),
        "options_kept": float(solution.options),
        "demand_points": float(len(demand)),
        "demand_rows": float(solution.rows),
        "build_seconds": round(built, 3),
    }
    return Rollout(
        solution,
        proposals,
        zones,
        category_rows,
        bom,
        storage,
        stats,
        tuple(str(zone_ids[z]) for z in solution.short_zones),
    )


def _sites(project: Project, request: RolloutRequest, catalogue: Catalogue) -> Sites:
    parts = []
    layer = project.extra_layers.get(CANDIDATE_LAYER)
    if layer is not None and len(layer):
        frame = layer if isinstance(layer, gpd.GeoDataFrame) else gpd.GeoDataFrame(layer)
        parts.append(sites_from_layer(frame, catalogue))
    spacing = request.road_spacing_m
    if spacing is None and not parts and not request.corners and request.poles is None:
        spacing = DEFAULT_ROAD_SPACING_M
    if spacing is not None:
        parts.append(
            sites_along_roads(
                project.roads,
                spacing_m=spacing,
                height_m=catalogue.pole_height_m,
            )
        )
    if request.poles is not None:
        parts.append(
            poles_from_osm(
                request.poles,
                crs=project.crs,
                bounds=tuple(project.zones.total_bounds),
                default_height_m=catalogue.pole_height_m,
            )
        )
    if request.corners:
        parts.append(
            sites_at_building_corners(
                project.buildings,
                height_m=request.corner_height_m,
            )
        )
    return Sites.concat(parts)


def _keep_out_of_private(
    project: object, ruleset: object, options: Options, visible: np.ndarray, mode: str
) -> tuple[Options, int]:
    """Options seeing private places dropped (``exclude``) or masked (``mask``)."""
    points = _private_points(project, ruleset)
    if not len(points[0]):
        return options, 0
    hits = private_hits(options, points, visible)
    seeing = np.array([len(h) > 0 for h in hits], dtype=bool)
    if mode == "exclude":
        return options.take(np.flatnonzero(~seeing)), int(seeing.sum())
    masks = privacy_masks(hits)
    masked = Options(
        **{k: getattr(options, k) for k in options.__dataclass_fields__ if k != "mask"}, mask=masks
    )
    # a mask wider than the view leaves nothing: drop those options
    return masked, 0


def _private_points(
    project: object, ruleset: object, spacing: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Points sampling the private areas, and the outlines of private buildings just outside."""
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    areas = getattr(project, "private_areas", None)
    for geom in [] if areas is None else areas.geometry.to_numpy():
        if geom is None or shapely.is_empty(geom):
            continue
        for part in shapely.get_parts(geom):
            ring = shapely.segmentize(shapely.boundary(part), spacing)
            coords = shapely.get_coordinates(ring)
            inside = _grid(part, spacing)
            xs += [coords[:, 0], inside[0]]
            ys += [coords[:, 1], inside[1]]
    buildings = getattr(project, "buildings", None)
    if buildings is not None and len(buildings) and "use" in buildings.columns:
        private = [
            ruleset.private_category_for_use(u) is not None  # type: ignore[attr-defined]
            for u in buildings["use"].to_numpy()
        ]
        for geom in buildings.geometry.to_numpy()[np.array(private, dtype=bool)]:
            if geom is None or shapely.is_empty(geom):
                continue
            outline = shapely.segmentize(shapely.boundary(shapely.buffer(geom, 0.3)), spacing)
            coords = shapely.get_coordinates(outline)
            xs.append(coords[:, 0])
            ys.append(coords[:, 1])
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys)


def _grid(polygon: object, spacing: float) -> tuple[np.ndarray, np.ndarray]:
    xmin, ymin, xmax, ymax = shapely.bounds(polygon)
    gx = np.arange(xmin + spacing / 2, xmax, spacing)
    gy = np.arange(ymin + spacing / 2, ymax, spacing)
    if not (len(gx) and len(gy)):
        return np.empty(0), np.empty(0)
    mx, my = np.meshgrid(gx, gy)
    inside = shapely.contains_xy(polygon, mx.ravel(), my.ravel())
    return mx.ravel()[inside], my.ravel()[inside]


def with_proposals(cameras: gpd.GeoDataFrame, proposals: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The cameras layer with the proposals added as planned cameras (their camera fields)."""
    fields = [
        c
        for c in (
            "camera_id",
            "camera_type",
            "bearing_deg",
            "hfov_deg",
            "tilt_deg",
            "resolution_px",
            "height_m",
            "status",
            "privacy_mask",
        )
        if c in proposals.columns
    ]
    added = gpd.GeoDataFrame(proposals[fields], geometry=proposals.geometry, crs=cameras.crs)
    if not len(added):
        return cameras
    return gpd.GeoDataFrame(pd.concat([cameras, added], ignore_index=True), crs=cameras.crs)


def _before_after(
    opened: OpenedProject, proposals: gpd.GeoDataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    project, state = opened.project, opened.state
    after_state = coverage_state(
        with_proposals(project.cameras, proposals),
        project.zones,
        project.buildings,
        ruleset=opened.ruleset,
    )
    before, after = zone_table(state), zone_table(after_state)
    zones = pd.DataFrame(
        {
            "zone_id": before["zone_id"],
            "name": before["name"],
            "category": before["category"],
            "mandatory": before["mandatory"],
            "required_level": before["required_level"],
            "required_coverage": before["required_coverage"],
            "before": before["covered_fraction"],
            "after": after["covered_fraction"].to_numpy(),
            "passed_before": before["passed"],
            "passed_after": after["passed"].to_numpy(),
        }
    )
    cb, ca = category_table(before), category_table(after)
    categories = pd.DataFrame(
        {
            "category": cb["category"],
            "zones": cb["zones"],
            "passed_before": cb["passed"],
            "passed_after": ca["passed"].to_numpy(),
            "pass_rate_before": cb["pass_rate"],
            "pass_rate_after": ca["pass_rate"].to_numpy(),
        }
    )
    return zones, categories


def write_rollout(output: str | os.PathLike[str], rollout: Rollout) -> Path:
    """Write the proposals layer and the rollout tables to the GeoPackage ``output``."""
    summary = pd.DataFrame(
        [{k: (";".join(v) if isinstance(v, list) else v) for k, v in rollout.summary().items()}]
    )
    tables = {
        "rollout_zones": _plain(rollout.zones),
        "rollout_categories": _plain(rollout.categories),
        "rollout_bom": rollout.bom,
        "rollout_storage": rollout.storage,
        "rollout_summary": summary,
    }
    write_geopackage(output, {PROPOSALS_LAYER: rollout.proposals, **tables})
    return Path(output)


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object:
            values = out[column].to_numpy()
            if all(v is None or isinstance(v, bool | np.bool_) for v in values):
                out[column] = pd.array(
                    [None if v is None else bool(v) for v in values], dtype="boolean"
                )
    return out


def proposal_ids(proposals: gpd.GeoDataFrame, taken: Sequence[str]) -> list[str]:
    """Proposal camera ids renamed so none clashes with ``taken`` camera ids."""
    used = set(taken)
    out = []
    for camera_id in proposals["camera_id"].astype(str):
        new, k = camera_id, 1
        while new in used:
            k += 1
            new = f"{camera_id}-{k}"
        used.add(new)
        out.append(new)
    return out


def zone_priorities(categories: np.ndarray, levels: np.ndarray, ruleset: object) -> np.ndarray:
    """Each zone's weight in a budget: its category's ``priority`` in the ruleset.

    A category without one weighs by the level it needs (identify 4,
    recognise 3, observe 2, detect 1).
    """
    out = np.empty(len(categories))
    for k, (category, level) in enumerate(zip(categories, levels, strict=True)):
        given = None
        try:
            given = ruleset.zone_requirement(str(category)).priority  # type: ignore[attr-defined]
        except Exception:  # a category the ruleset does not know
            given = None
        out[k] = given if given is not None else LEVEL_PRIORITY.get(str(level), 1.0)
    return out
