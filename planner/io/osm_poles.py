"""Existing poles from OpenStreetMap as candidate sites: street lamps, utility poles, masts.

``planner optimise --poles FILE.osm.pbf`` (or ``.osm``) mounts cameras on poles
that already stand: ``highway=street_lamp``, ``power=pole``,
``man_made=utility_pole`` and ``man_made=mast`` nodes inside the project's
extent (plus a margin). Such a site costs nothing beyond the camera; its
height is the ``height`` tag when it reads as metres, else the catalogue's
pole height. © OpenStreetMap contributors (ODbL).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import osmium
from pyproj import CRS, Transformer

from planner.core.errors import InputError
from planner.core.optimise import Sites
from planner.io.crs import WGS84

#: The tags that mark a pole a camera can go on.
POLE_TAGS = (
    ("highway", "street_lamp"),
    ("power", "pole"),
    ("man_made", "utility_pole"),
    ("man_made", "mast"),
)
#: Poles this far outside the project's extent are still candidates (metres).
MARGIN_M = 100.0


def poles_from_osm(
    path: str | os.PathLike[str],
    *,
    crs: object,
    bounds: tuple[float, float, float, float],
    default_height_m: float,
) -> Sites:
    """The poles of the OSM file ``path`` within ``bounds`` (project CRS) as :class:`Sites`."""
    file = Path(path)
    if not file.is_file():
        raise InputError("OSM file does not exist", file=str(file), field="--poles")
    ids: list[str] = []
    lons: list[float] = []
    lats: list[float] = []
    heights: list[float] = []
    try:
        for node in osmium.FileProcessor(str(file), osmium.osm.NODE):
            if not isinstance(node, osmium.osm.Node):
                continue
            tags = node.tags
            if not any(tags.get(k) == v for k, v in POLE_TAGS):
                continue
            ids.append(f"pole-{node.id}")
            lons.append(node.location.lon)
            lats.append(node.location.lat)
            heights.append(_height(tags.get("height"), default_height_m))
    except (RuntimeError, ValueError, OSError) as exc:
        raise InputError(
            f"cannot read the OSM file ({exc})", file=str(file), field="--poles"
        ) from None
    if not ids:
        return Sites.concat([])
    to_project = Transformer.from_crs(WGS84, CRS.from_user_input(crs), always_xy=True)
    x, y = to_project.transform(np.array(lons), np.array(lats))
    xmin, ymin, xmax, ymax = bounds
    inside = (
        (x >= xmin - MARGIN_M)
        & (x <= xmax + MARGIN_M)
        & (y >= ymin - MARGIN_M)
        & (y <= ymax + MARGIN_M)
    )
    keep = np.flatnonzero(inside)
    n = len(keep)
    return Sites(
        site_id=np.array([ids[k] for k in keep], dtype=object),
        x=np.asarray(x, dtype=float)[keep],
        y=np.asarray(y, dtype=float)[keep],
        height_m=np.array(heights, dtype=float)[keep],
        cost=np.zeros(n),  # the pole stands: only the camera is paid for
        model=np.full(n, "", dtype=object),
        bearings=((),) * n,
        hfov_deg=np.full(n, math.nan),
        resolution_px=np.full(n, math.nan),
    )


def _height(text: str | None, default: float) -> float:
    """``height`` in metres (``8``, ``8 m``, ``8.5``), else ``default``."""
    if not text:
        return default
    value = text.strip().lower().removesuffix("m").strip()
    try:
        height = float(value)
    except ValueError:
        return default
    return height if 1.0 <= height <= 60.0 else default
