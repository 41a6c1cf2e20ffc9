"""Coverage figures per zone, per category and for the district, as plain tables.

These are the numbers every report, the CLI and the window show; keeping them
in one place keeps them identical everywhere.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.core.coverage import CoverageState

UNIT_BY_KIND = {"area": "m2", "line": "m", "point": "point"}
#: Columns of the zone table, in order: the CSV report's header (a contract, docs/cli.md).
ZONE_COLUMNS = (
    "zone_id",
    "name",
    "category",
    "kind",
    "required_level",
    "required_coverage",
    "covered_fraction",
    "covered_amount",
    "total_amount",
    "unit",
    "cameras",
    "camera_ids",
    "passed",
)


def zone_table(state: CoverageState) -> pd.DataFrame:
    """One row per zone: requirement, covered fraction, cameras seeing it, pass/fail."""
    zones = state.zones
    targets = state.targets
    return pd.DataFrame(
        {
            "zone_id": targets.zone_id,
            "name": zones["name"].to_numpy(dtype=object),
            "category": zones["category"].astype(str).to_numpy(),
            "kind": targets.kind,
            "required_level": targets.level,
            "required_coverage": targets.required,
            "covered_fraction": state.fraction,
            "covered_amount": state.amount,
            "total_amount": targets.total,
            "unit": [UNIT_BY_KIND[k] for k in targets.kind],
            "cameras": state.cameras_seeing,
            "camera_ids": [sorted(p) for p in state.pieces],
            "passed": state.passed,
        },
        columns=list(ZONE_COLUMNS),
    )


def _group_figures(table: pd.DataFrame) -> dict[str, float | int]:
    figures: dict[str, float | int] = {
        "zones": len(table),
        "passed": int(table["passed"].sum()),
        "failed": int((~table["passed"]).sum()),
        "pass_rate": float(table["passed"].mean()) if len(table) else 0.0,
    }
    for kind, key in (("area", "area"), ("line", "length"), ("point", "points")):
        rows = table[table["kind"] == kind]
        total = float(rows["total_amount"].sum())
        figures[f"{key}_covered_fraction"] = (
            float(rows["covered_amount"].sum()) / total if total > 0 else None
        )
    return figures


def category_table(table: pd.DataFrame) -> pd.DataFrame:
    """Per category: zones, passed, failed, pass rate, covered fraction by area/length/points.

    Fractions are weighted by size (m², m, count) within each kind, so a large
    square counts more than a small one.
    """
    rows = [
        {"category": category, **_group_figures(group)}
        for category, group in table.groupby("category", sort=True)
    ]
    return pd.DataFrame(rows, columns=["category", *_group_figures(table.iloc[:0]).keys()])


def district_figures(table: pd.DataFrame) -> dict[str, float | int]:
    """The same figures as :func:`category_table` for all zones together."""
    return _group_figures(table)


def gaps_frame(state: CoverageState) -> gpd.GeoDataFrame:
    """The uncovered part of each zone (points: the point itself when not covered)."""
    geoms = state.zones.geometry.to_numpy()
    gaps = shapely.difference(geoms, state.covered)
    keep = ~shapely.is_empty(gaps)
    dropped = ("covered_amount", "total_amount", "unit", "cameras", "camera_ids")
    table = zone_table(state)[[c for c in ZONE_COLUMNS if c not in dropped]]
    table = table.assign(uncovered_amount=(state.targets.total - state.amount).clip(min=0))
    return gpd.GeoDataFrame(
        table[keep].reset_index(drop=True), geometry=gpd.GeoSeries(gaps[keep], crs=state.zones.crs)
    )


def camera_notes(state: CoverageState) -> pd.DataFrame:
    """Cameras whose results rest on assumed values or that stand inside a building."""
    views = state.views
    rows = [{"camera_id": cid, "note": note} for cid, note in views.assumptions]
    inside = np.flatnonzero(views.inside_building >= 0)
    rows.extend(
        {
            "camera_id": views.camera_id[i],
            "note": "stands inside a building footprint: treated as mounted on its façade",
        }
        for i in inside
    )
    return pd.DataFrame(rows, columns=["camera_id", "note"])
