"""Pixel-density levels (EN 62676-4 "DORI") and the range at which each holds."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np

#: Pixels per metre on the target for each level, EN 62676-4 (REGULATIONS.md §7).
LEVEL_PPM: Mapping[str, float] = MappingProxyType(
    {"detect": 25.0, "observe": 62.5, "recognise": 125.0, "identify": 250.0}
)
#: Levels from the coarsest (longest range) to the finest.
LEVELS: tuple[str, ...] = tuple(LEVEL_PPM)

#: Camera types whose view is a full circle (the lens turns or sees all round).
OMNIDIRECTIONAL_TYPES = frozenset({"dome", "ptz", "fisheye"})


def range_for_level(
    resolution_px: np.ndarray | float,
    hfov_deg: np.ndarray | float,
    ppm: np.ndarray | float,
    *,
    fisheye: np.ndarray | bool = False,
) -> np.ndarray:
    """Distance in metres up to which a camera delivers ``ppm`` pixels per metre.

    Rectilinear lenses: ``d = N / (2 · tan(h/2) · ppm)`` (EN 62676-4, REGULATIONS.md §7).
    Fisheye lenses spread pixels evenly over the angle (equidistant projection),
    so the image width at distance ``d`` is the arc ``h · d``: ``d = N / (h · ppm)``.
    """
    n = np.asarray(resolution_px, dtype=float)
    h = np.radians(np.asarray(hfov_deg, dtype=float))
    rectilinear = n / (2.0 * np.tan(np.minimum(h, np.radians(179.0)) / 2.0) * ppm)
    equidistant = n / (h * ppm)
    return np.where(np.asarray(fisheye, dtype=bool), equidistant, rectilinear)
