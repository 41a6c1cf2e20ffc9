"""Geometry as SVG path data, for the small north-up maps of the HTML pages."""

from __future__ import annotations

from collections.abc import Iterable

import shapely


def svg_path(
    geometries: Iterable[shapely.Geometry], xmin: float, ymax: float, scale: float
) -> tuple[str, list[tuple[float, float]]]:
    """SVG path data for the polygons and lines, and pixel positions of the points.

    ``(xmin, ymax)`` is the map's top-left corner in metres, ``scale`` pixels
    per metre; SVG's y grows downwards, so north is up.
    """
    commands: list[str] = []
    dots: list[tuple[float, float]] = []
    stack = [g for g in geometries if g is not None and not g.is_empty]
    while stack:
        geometry = stack.pop()
        kind = shapely.get_type_id(geometry)
        if kind in (4, 5, 6, 7):  # multi-part or collection: draw each part
            stack.extend(p for p in shapely.get_parts(geometry) if not p.is_empty)
        elif kind == 0:
            dots.append(svg_pixel(geometry.x, geometry.y, xmin, ymax, scale))
        elif kind == 3:
            for ring in [geometry.exterior, *geometry.interiors]:
                commands.append(_svg_line(ring, xmin, ymax, scale) + "Z")
        else:  # LineString, LinearRing
            commands.append(_svg_line(geometry, xmin, ymax, scale))
    return "".join(commands), dots


def _svg_line(line: shapely.Geometry, xmin: float, ymax: float, scale: float) -> str:
    coords = shapely.get_coordinates(line)
    px = (coords[:, 0] - xmin) * scale
    py = (ymax - coords[:, 1]) * scale
    points = [f"{a:.1f} {b:.1f}" for a, b in zip(px, py, strict=True)]
    return "M" + "L".join(points)


def svg_pixel(x: float, y: float, xmin: float, ymax: float, scale: float) -> tuple[float, float]:
    """The pixel of the point ``(x, y)`` metres."""
    return (x - xmin) * scale, (ymax - y) * scale
