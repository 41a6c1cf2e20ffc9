"""Coverage figures per zone, per category and for the district, as plain tables.

These are the numbers every report, the CLI and the window show; keeping them
in one place keeps them identical everywhere.

Only a mandatory zone (its category ``mandatory = true`` in the ruleset) gets a
verdict: ``passed`` is True or False. An advisory zone (``mandatory = false``,
or a category the ruleset does not know) has ``passed`` None — the ruleset
does not require it to be covered — and stays out of the passed and failed
counts and the pass rate; its coverage still counts in the covered fractions.
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
    "mandatory",
    "article",
)


def zone_table(state: CoverageState) -> pd.DataFrame:
    """One row per zone: requirement, covered fraction, cameras seeing it, the verdict.

    ``passed`` is True/False for a mandatory zone and None for an advisory one;
    ``mandatory`` (bool) and ``article`` (the ruleset's article for the
    category, None when it gives none) say which and why.
    """
    zones = state.zones
    targets = state.targets
    verdict = np.where(targets.mandatory, state.passed.astype(object), np.array(None, dtype=object))
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
            "passed": verdict,
            "mandatory": targets.mandatory.astype(bool),
            "article": targets.article,
        },
        columns=list(ZONE_COLUMNS),
    )


#: Figures of a group of zones, in the order reports show them. ``zones`` counts
#: every zone; ``passed`` and ``failed`` only mandatory ones, ``advisory`` the
#: others (``zones = passed + failed + advisory``); ``pass_rate`` is
#: passed / mandatory zones, None when the group has no mandatory zone.
FIGURE_KEYS = (
    "zones",
    "passed",
    "failed",
    "pass_rate",
    "area_covered_fraction",
    "length_covered_fraction",
    "points_covered_fraction",
    "advisory",
)


def _figures_by_group(table: pd.DataFrame, group: np.ndarray, n: int) -> list[dict]:
    """The figures of every group ``0..n-1`` at once (bincounts; runs on every drag step)."""
    mandatory = table["mandatory"].to_numpy(dtype=bool)
    passed = mandatory & np.equal(table["passed"].to_numpy(dtype=object), True)
    zones = np.bincount(group, minlength=n)
    judged = np.bincount(group, weights=mandatory, minlength=n).astype(int)
    passes = np.bincount(group, weights=passed, minlength=n).astype(int)
    kind = table["kind"].to_numpy(dtype=object)
    covered = table["covered_amount"].to_numpy(dtype=float)
    total = table["total_amount"].to_numpy(dtype=float)
    fractions = {}
    for name, key in (("area", "area"), ("line", "length"), ("point", "points")):
        mine = kind == name
        sizes = np.bincount(group[mine], weights=total[mine], minlength=n)
        seen = np.bincount(group[mine], weights=covered[mine], minlength=n)
        fractions[f"{key}_covered_fraction"] = [
            float(c / t) if t > 0 else None for c, t in zip(seen, sizes, strict=True)
        ]
    return [
        {
            "zones": int(zones[g]),
            "passed": int(passes[g]),
            "failed": int(judged[g] - passes[g]),
            "pass_rate": float(passes[g] / judged[g]) if judged[g] else None,
            **{key: values[g] for key, values in fractions.items()},
            "advisory": int(zones[g] - judged[g]),
        }
        for g in range(n)
    ]


#: Columns of :func:`category_table`: the category, whether it is mandatory, its article,
#: then the figures.
CATEGORY_COLUMNS = ("category", "mandatory", "article", *FIGURE_KEYS)


def category_table(table: pd.DataFrame) -> pd.DataFrame:
    """Per category: mandatory, article, zones, passed, failed, pass rate, covered fractions.

    ``mandatory`` is True when the ruleset requires the category (any of its
    zones is mandatory), ``article`` the ruleset's article for it (distinct
    articles joined with "; ", None when there is none). Fractions are weighted
    by size (m², m, count) within each kind, so a large square counts more
    than a small one.
    """
    categories, group = np.unique(table["category"].to_numpy(dtype=str), return_inverse=True)
    group = group.astype(int)
    rows = _figures_by_group(table, group, len(categories))
    mandatory = np.bincount(
        group, weights=table["mandatory"].to_numpy(dtype=bool), minlength=len(categories)
    )
    articles = table["article"].to_numpy(dtype=object)
    return pd.DataFrame(
        [
            {
                "category": c,
                "mandatory": bool(mandatory[g] > 0),
                "article": "; ".join(
                    dict.fromkeys(a for a in articles[group == g] if isinstance(a, str) and a)
                )
                or None,
                **r,
            }
            for g, (c, r) in enumerate(zip(categories.tolist(), rows, strict=True))
        ],
        columns=list(CATEGORY_COLUMNS),
    )


def district_figures(table: pd.DataFrame) -> dict[str, float | int | None]:
    """The same figures as :func:`category_table` for all zones together."""
    return _figures_by_group(table, np.zeros(len(table), dtype=int), 1)[0]


def gaps_frame(state: CoverageState) -> gpd.GeoDataFrame:
    """The uncovered part of each zone (points: the point itself when not covered).

    Columns: those of :func:`zone_table` but the amounts, unit and cameras, then
    ``uncovered_amount``; ``passed`` is a nullable boolean (null: advisory).
    """
    geoms = state.zones.geometry.to_numpy()
    gaps = shapely.difference(geoms, state.covered)
    keep = ~shapely.is_empty(gaps)
    dropped = ("covered_amount", "total_amount", "unit", "cameras", "camera_ids")
    table = zone_table(state)[[c for c in ZONE_COLUMNS if c not in dropped]]
    table = table.assign(
        # a nullable boolean, so the written layer keeps a boolean field with null for advisory
        passed=table["passed"].astype("boolean"),
        uncovered_amount=(state.targets.total - state.amount).clip(min=0),
    )
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
