"""Shapely geometries to QPainterPaths in scene coordinates, built from coordinate arrays.

Scene units are the project's metres with the y axis flipped once, here:
scene ``(x, -y)`` for project ``(x, y)``. Nothing else in the canvas flips,
so text and symbols stay upright under the view's plain (unflipped) transform.

Paths are not built with one ``moveTo``/``lineTo`` call per vertex (a Python
loop: ~0.5 s for the ~60,000 road vertices of a city district). Instead the
path's binary form — the one ``QDataStream`` reads — is written by numpy in one
pass and read back by Qt. ``tests/ui/test_canvas.py`` pins the format against a
path built vertex by vertex.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import shapely
from PySide6.QtCore import QByteArray, QDataStream, QIODevice, QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

_MOVE_TO = 0  # QPainterPath.ElementType.MoveToElement
_LINE_TO = 1  # QPainterPath.ElementType.LineToElement
# QDataStream writes big-endian qint32 and IEEE doubles by default
_ELEMENT = np.dtype([("type", ">i4"), ("x", ">f8"), ("y", ">f8")])

_POINT, _LINE, _RING, _POLYGON = 0, 1, 2, 3
_MULTI = {4, 5, 6, 7}  # MultiPoint, MultiLineString, MultiPolygon, GeometryCollection


def scene_point(x: float, y: float) -> QPointF:
    """The scene position of project coordinates ``(x, y)``."""
    return QPointF(x, -y)


def project_xy(point: QPointF) -> tuple[float, float]:
    """Project coordinates ``(x, y)`` of a scene position."""
    return point.x(), -point.y()


def _simple_parts(geoms: np.ndarray) -> np.ndarray:
    """Points, line strings and polygons: multi-parts and collections taken apart."""
    geoms = geoms[~shapely.is_missing(geoms)]
    geoms = geoms[~shapely.is_empty(geoms)]
    for _ in range(3):  # a collection may hold multi-geometries; deeper nesting is unheard of
        multi = np.isin(shapely.get_type_id(geoms), list(_MULTI))
        if not multi.any():
            break
        geoms = np.concatenate([geoms[~multi], shapely.get_parts(geoms[multi])])
        geoms = geoms[~shapely.is_empty(geoms)]
    return geoms


def _sequences(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coordinates ``(N, 2)`` of every ring, line and point, and each vertex's sequence number.

    A point becomes a zero-length line (two equal vertices) so a pen with a
    round or square cap draws it as a dot.
    """
    parts = _simple_parts(geoms)
    types = shapely.get_type_id(parts)
    polygons = parts[types == _POLYGON]
    lines = parts[(types == _LINE) | (types == _RING)]
    points = parts[types == _POINT]
    sequences = np.concatenate([shapely.get_rings(polygons), lines])
    coords, index = shapely.get_coordinates(sequences, return_index=True)
    if len(points):
        point_xy = np.repeat(shapely.get_coordinates(points), 2, axis=0)
        point_index = np.repeat(np.arange(len(points)) + len(sequences), 2)
        coords = np.concatenate([coords, point_xy])
        index = np.concatenate([index, point_index])
    return coords, index


def path_from_geometries(
    geoms: Iterable[shapely.Geometry] | np.ndarray,
    *,
    fill_rule: Qt.FillRule = Qt.FillRule.OddEvenFill,
) -> QPainterPath:
    """One path, in scene coordinates, holding every geometry of ``geoms``.

    Each ring, line and point is its own subpath. With the default odd-even
    fill, holes of polygons stay unfilled (and overlapping polygons of one
    path cancel out where they overlap, so merge only layers whose features
    do not overlap, such as building footprints, or draw them unfilled).
    Empty and missing geometries are skipped.
    """
    array = np.asarray(list(geoms) if not isinstance(geoms, np.ndarray) else geoms, dtype=object)
    coords, index = _sequences(array.ravel())
    path = _path_from_arrays(coords, index, fill_rule)
    return path


def path_from_geometry(
    geom: shapely.Geometry | None, *, fill_rule: Qt.FillRule = Qt.FillRule.OddEvenFill
) -> QPainterPath:
    """The path of one geometry in scene coordinates (y flipped); empty for None or empty.

    Polygons keep their holes (odd-even fill), multi-geometries become several
    subpaths, lines stay open and a point is a zero-length line.
    """
    if geom is None:
        return QPainterPath()
    return path_from_geometries(np.array([geom], dtype=object), fill_rule=fill_rule)


def _path_from_arrays(
    coords: np.ndarray, index: np.ndarray, fill_rule: Qt.FillRule
) -> QPainterPath:
    """The path whose subpaths are the runs of equal ``index`` in ``coords``."""
    n = len(coords)
    if n == 0:
        return QPainterPath()
    elements = np.empty(n, dtype=_ELEMENT)
    starts = np.ones(n, dtype=bool)
    starts[1:] = index[1:] != index[:-1]
    elements["type"] = np.where(starts, _MOVE_TO, _LINE_TO)
    elements["x"] = coords[:, 0]
    elements["y"] = -coords[:, 1]
    last_start = int(np.flatnonzero(starts)[-1])
    rule = 0 if fill_rule == Qt.FillRule.OddEvenFill else 1
    blob = b"".join(
        (
            np.array([n], dtype=">i4").tobytes(),
            elements.tobytes(),
            np.array([last_start, rule], dtype=">i4").tobytes(),
        )
    )
    # keep the byte array referenced while the stream reads it (the stream holds a pointer)
    data = QByteArray(blob)
    stream = QDataStream(data, QIODevice.OpenModeFlag.ReadOnly)
    path = QPainterPath()
    stream >> path
    return path


def path_from_geometry_slow(geom: shapely.Geometry) -> QPainterPath:
    """Reference implementation, one call per vertex: what the fast path must equal (tests)."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    coords, index = _sequences(np.array([geom], dtype=object))
    previous = None
    # plain floats: PySide6 6.12 corrupts None's reference count when handed numpy scalars
    for (x, y), k in zip(coords.tolist(), index.tolist(), strict=True):
        if k != previous:
            path.moveTo(x, -y)
            previous = k
        else:
            path.lineTo(x, -y)
    return path


def diamond(half: float, centre: QPointF | None = None) -> QPolygonF:
    """A square standing on a corner, ``half`` pixels from centre to each corner.

    The shape of point zones (entrances) and surveyed devices, and of their legend swatches.
    """
    c = centre if centre is not None else QPointF(0.0, 0.0)
    return QPolygonF(
        [c + QPointF(0, -half), c + QPointF(half, 0), c + QPointF(0, half), c + QPointF(-half, 0)]
    )
