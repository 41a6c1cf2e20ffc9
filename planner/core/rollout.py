"""What a chosen set of options means: proposals, bill of materials, phases, recorders.

Pure tables from the optimiser's choice (:mod:`planner.core.optimise`):
:func:`proposals_frame` (the ``proposals`` layer: camera fields plus
``site_id``, ``model``, ``cost``, ``phase``, ``serves``), :func:`bill_of_materials`
(cameras by model, new poles, total), :func:`storage_estimate` (bandwidth and
recorder size per phase from each model's bitrate and the ruleset's retention
days).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import scipy.sparse as sp
import shapely

from planner.core.optimise import Options, Sites

#: Columns of the proposals layer, in order (a contract: docs/optimise.md).
PROPOSAL_COLUMNS = (
    "camera_id",
    "site_id",
    "model",
    "camera_type",
    "bearing_deg",
    "hfov_deg",
    "tilt_deg",
    "resolution_px",
    "height_m",
    "status",
    "privacy_mask",
    "cost",
    "site_cost",
    "phase",
    "serves",
)


def proposals_frame(
    options: Options,
    chosen: np.ndarray,
    sites: Sites,
    site_cost: np.ndarray,
    *,
    serves: Sequence[Sequence[str]],
    priority: Sequence[float],
    crs: object,
    budget_per_phase: float | None = None,
    prefix: str = "P",
) -> gpd.GeoDataFrame:
    """One point per chosen option, with its camera fields, cost, phase and zones served.

    ``serves[k]`` are the zone ids the ``k``-th chosen option covers demand of,
    ``priority[k]`` the highest priority among them. A site's cost is charged
    to its first camera. Phases: with ``budget_per_phase`` the cameras, most
    important first, are cut into spends of at most that budget (phase 1, 2…);
    without it phase 1 serves the highest priority, 2 the next, and so on.
    """
    chosen = np.asarray(chosen, dtype=int)
    n = len(chosen)
    order = sorted(range(n), key=lambda k: (-float(priority[k]), options.cost[chosen[k]], k))
    taken = options.take(chosen[order]) if n else options.take(np.empty(0, dtype=int))
    site_of = taken.site
    first_at_site = ~pd.Series(site_of).duplicated().to_numpy() if n else np.empty(0, dtype=bool)
    charged = np.where(first_at_site, site_cost[site_of], 0.0) if n else np.empty(0)
    ordered_priority = np.array([float(priority[k]) for k in order])
    if budget_per_phase is not None and budget_per_phase > 0:
        spend = np.cumsum(taken.cost + charged)
        phase = (np.ceil(spend / budget_per_phase - 1e-9)).astype(int).clip(min=1)
    else:
        levels = sorted(set(ordered_priority.tolist()), reverse=True)
        phase = np.array([levels.index(p) + 1 for p in ordered_priority], dtype=int)
    masks = taken.mask or ((),) * n
    frame = pd.DataFrame(
        {
            "camera_id": [f"{prefix}{k + 1:03d}" for k in range(n)],
            "site_id": sites.site_id[site_of].astype(str) if n else [],
            "model": taken.model.astype(str),
            "camera_type": taken.camera_type.astype(str),
            "bearing_deg": np.where(
                np.isin(taken.camera_type.astype(str), ["dome", "ptz", "fisheye"]),
                np.nan,
                taken.bearing_deg,
            ),
            "hfov_deg": taken.hfov_deg,
            "tilt_deg": np.round(taken.tilt_deg, 1),
            "resolution_px": taken.resolution_px,
            "height_m": taken.height_m,
            "status": "planned",
            "privacy_mask": [";".join(f"{a:g}-{b:g}" for a, b in m) if m else None for m in masks],
            "cost": taken.cost,
            "site_cost": charged,
            "phase": phase,
            "serves": [";".join(serves[k]) for k in order],
        },
        columns=list(PROPOSAL_COLUMNS),
    )
    return gpd.GeoDataFrame(frame, geometry=shapely.points(taken.x, taken.y), crs=crs)


def served_zones(
    cover: sp.csc_matrix,
    chosen: np.ndarray,
    point_zone: np.ndarray,
    zone_ids: np.ndarray,
    useful: np.ndarray,
) -> list[list[str]]:
    """Per chosen option, the ids of the zones whose not-yet-covered demand it covers."""
    cover = cover.tocsc()
    out = []
    for o in np.asarray(chosen, dtype=int):
        rows = cover.indices[cover.indptr[o] : cover.indptr[o + 1]]
        rows = rows[useful[rows]]
        out.append(sorted({str(zone_ids[z]) for z in np.unique(point_zone[rows])}))
    return out


def bill_of_materials(proposals: gpd.GeoDataFrame, *, pole_price: float) -> pd.DataFrame:
    """Cameras by model (count, unit price, amount), new poles, and the total.

    Columns ``item``, ``model``, ``quantity``, ``unit_price``, ``amount``.
    """
    rows: list[dict[str, object]] = []
    total = 0.0
    if len(proposals):
        total = float(proposals["cost"].sum() + proposals["site_cost"].sum())
        for model, group in proposals.groupby("model", sort=True):
            rows.append(
                {
                    "item": "camera",
                    "model": str(model),
                    "quantity": len(group),
                    "unit_price": float(group["cost"].iloc[0]),
                    "amount": float(group["cost"].sum()),
                }
            )
        charged = proposals["site_cost"].to_numpy(dtype=float)
        poles = int((charged > 0).sum())
        if poles:
            rows.append(
                {
                    "item": "pole",
                    "model": "",
                    "quantity": poles,
                    "unit_price": pole_price,
                    "amount": float(charged.sum()),
                }
            )
    rows.append(
        {
            "item": "total",
            "model": "",
            "quantity": len(proposals),
            "unit_price": math.nan,
            "amount": float(total),
        }
    )
    return pd.DataFrame(rows, columns=["item", "model", "quantity", "unit_price", "amount"])


def storage_estimate(
    proposals: gpd.GeoDataFrame,
    bitrate_by_model: Mapping[str, float],
    *,
    retention_days: Mapping[str, int],
) -> pd.DataFrame:
    """Per phase (and in total): cameras, bandwidth (Mbit/s) and storage (TB) per retention.

    ``retention_days`` maps a name (``retention`` 30 days, ``counter_terror``
    90 days…) to its days; storage = bitrate × seconds, decimal terabytes.
    """
    rows = []
    phases = sorted(set(proposals["phase"].astype(int))) if len(proposals) else []
    for phase in [*phases, None]:
        group = proposals if phase is None else proposals[proposals["phase"] == phase]
        mbps = float(sum(bitrate_by_model.get(str(m), 0.0) for m in group["model"]))
        row: dict[str, object] = {
            "phase": "total" if phase is None else str(phase),
            "cameras": len(group),
            "bandwidth_mbps": round(mbps, 2),
        }
        for name, days in retention_days.items():
            row[f"storage_tb_{name}_{days}d"] = round(mbps * 1e6 / 8 * 86400 * days / 1e12, 2)
        rows.append(row)
    return pd.DataFrame(rows)
