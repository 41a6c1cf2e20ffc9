"""Camera exports for OpenStreetMap editors and Google Earth: OSM-tagged GeoJSON, OSM XML, KML.

:func:`osm_camera_tags` turns the cameras of a coverage state into OSM tags
(one dict per camera, the mapping in ``docs/cli.md`` under ``planner export``);
:func:`write_osm_geojson` and :func:`write_osm_xml` write them, and
:func:`write_kml` writes the cameras as placemarks with their view sectors.
Everything is written in WGS 84 longitude/latitude, the only datum these
formats know; :func:`write_kml` can shift to GCJ-02 or BD-09 on request
(non-standard, for Chinese map apps). Files are replaced atomically.

``planner import-osm`` (:mod:`planner.io.osm`) reads both OSM files back.
"""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

import planner
from planner.core import chinese_coords
from planner.core.coverage import CoverageState
from planner.core.levels import LEVELS
from planner.core.schema import RowProblem
from planner.io.crs import WGS84, reproject
from planner.io.export import LONLAT_DECIMALS
from planner.io.files import atomic_target

#: Our ``camera_type`` and the ``camera:type`` written (OSM's documented values:
#: fixed, dome, panning). A fisheye is written as a dome (it sees all round)
#: with ``camera:lens=fisheye``, which :mod:`planner.io.osm` reads back.
CAMERA_TYPE_TO_OSM = MappingProxyType(
    {"fixed": "fixed", "dome": "dome", "ptz": "panning", "fisheye": "dome"}
)
#: Camera statuses left out of the OSM exports: OSM maps what stands there.
NOT_IN_OSM = frozenset({"planned", "removed"})
#: Offsets :func:`write_kml` can apply (non-standard KML).
KML_OFFSETS = ("gcj02", "bd09")
#: Camera fields listed in a KML placemark's description, in this order.
KML_FIELDS = (
    "camera_type",
    "status",
    "height_m",
    "bearing_deg",
    "hfov_deg",
    "tilt_deg",
    "resolution_px",
    "owner",
    "maintainer",
    "pole_no",
    "installed_on",
    "registered_on",
)


@dataclass(frozen=True)
class CameraExport:
    """What the OSM exports write: one tag dict and one WGS 84 point per camera."""

    camera_id: tuple[str, ...]
    tags: tuple[Mapping[str, str], ...]
    lonlat: np.ndarray  # (n, 2) WGS 84 longitude, latitude
    problems: tuple[RowProblem, ...]


def number_text(value: float) -> str:
    """A number as OSM writes it: no trailing zeros, no exponent (``4``, ``12.5``)."""
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def _number(value: Any) -> str | None:
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if np.isnan(number) else number_text(number)


def camera_roles(state: CoverageState) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per camera of ``state.views``: indoor, public, and its required (finest) level.

    *indoor*: it stands inside a building footprint. *public*: its visible
    ground, at a zone's level, reaches a zone the ruleset makes mandatory.
    *level*: the finest level of the zones its view reaches, ``detect`` (its
    whole visible ground) when it reaches none.
    """
    views = state.views
    n = len(views)
    indoor = np.asarray(views.inside_building) >= 0
    public = np.zeros(n, dtype=bool)
    rank = np.zeros(n, dtype=int)
    for z, pieces in enumerate(state.pieces):
        level_rank = LEVELS.index(str(state.targets.level[z]))
        mandatory = bool(state.targets.mandatory[z])
        for camera_id in pieces:
            if camera_id not in views.index:
                continue
            i = views.position(camera_id)
            public[i] |= mandatory
            rank[i] = max(rank[i], level_rank)
    return indoor, public, np.array([LEVELS[r] for r in rank], dtype=object)


def osm_camera_tags(cameras: gpd.GeoDataFrame, state: CoverageState) -> CameraExport:
    """The OSM tags and WGS 84 positions of ``cameras`` (the project's usable rows).

    Cameras ``planned`` or ``removed`` are left out (OSM maps what stands there)
    and reported as one note; so are cameras without a position.
    """
    indoor, public, _ = camera_roles(state)
    position = {str(c): i for i, c in enumerate(state.views.camera_id)}
    problems: list[RowProblem] = []
    status = cameras["status"].astype(object) if "status" in cameras else None
    keep = np.ones(len(cameras), dtype=bool)
    if status is not None:
        left = status.isin(NOT_IN_OSM).to_numpy()
        if left.any():
            ids = ", ".join(str(c) for c in cameras["camera_id"][left])
            problems.append(
                RowProblem(
                    "cameras",
                    "all",
                    "status",
                    f"{int(left.sum())} planned or removed cameras are not in the OSM export "
                    f"(OSM maps what stands there): {ids}",
                    "left out",
                    severity="note",
                )
            )
        keep &= ~left
    geometry = cameras.geometry
    located = ~(geometry.isna() | geometry.is_empty).to_numpy()
    keep &= located
    chosen = cameras[keep]
    wgs, moved = reproject(chosen, WGS84, layer="cameras")
    problems.extend(moved)
    lonlat = shapely.get_coordinates(wgs.geometry.to_numpy()).reshape(-1, 2)
    tags: list[dict[str, str]] = []
    for _, row in chosen.iterrows():
        camera_id = str(row["camera_id"])
        i = position.get(camera_id)
        surveillance = "outdoor"
        if i is not None and indoor[i]:
            surveillance = "indoor"
        elif i is not None and public[i]:
            surveillance = "public"
        camera_type = _text(row.get("camera_type")) or "fixed"
        found: dict[str, str | None] = {
            "man_made": "surveillance",
            "surveillance:type": "camera",
            "surveillance": surveillance,
            "camera:type": CAMERA_TYPE_TO_OSM.get(camera_type, "fixed"),
            "camera:lens": "fisheye" if camera_type == "fisheye" else None,
            "camera:direction": _number(row.get("bearing_deg")),
            "camera:angle": _number(row.get("tilt_deg")),
            "height": _number(row.get("height_m")),
            "operator": _text(row.get("owner")),
            "ref": _text(row.get("pole_no")),
        }
        tags.append({k: v for k, v in found.items() if v is not None})
    return CameraExport(
        camera_id=tuple(str(c) for c in chosen["camera_id"]),
        tags=tuple(MappingProxyType(t) for t in tags),
        lonlat=lonlat,
        problems=tuple(problems),
    )


def _write_text(path: str | os.PathLike[str], text: str) -> None:
    with atomic_target(path) as temporary:
        temporary.write_text(text, encoding="utf-8", newline="\n")


def _rounded(value: float) -> float:
    return round(float(value), LONLAT_DECIMALS)


def osm_geojson_text(export: CameraExport) -> str:
    """RFC 7946 GeoJSON: one Point feature per camera whose properties are its OSM tags."""
    features = [
        {
            "type": "Feature",
            "id": f"node/{-(k + 1)}",
            "properties": dict(tags),
            "geometry": {"type": "Point", "coordinates": [_rounded(lon), _rounded(lat)]},
        }
        for k, (tags, (lon, lat)) in enumerate(zip(export.tags, export.lonlat, strict=True))
    ]
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def osm_xml_text(export: CameraExport) -> str:
    """OSM XML 0.6 for JOSM: new nodes (negative ids) with their tags, ``upload="never"``."""
    root = ET.Element(
        "osm",
        {
            "version": "0.6",
            "generator": f"coverage-planner {planner.version()}",
            "upload": "never",
        },
    )
    for k, (tags, (lon, lat)) in enumerate(zip(export.tags, export.lonlat, strict=True)):
        node = ET.SubElement(
            root,
            "node",
            {
                "id": str(-(k + 1)),
                "visible": "true",
                "lat": f"{lat:.{LONLAT_DECIMALS}f}",
                "lon": f"{lon:.{LONLAT_DECIMALS}f}",
            },
        )
        for key, value in tags.items():
            ET.SubElement(node, "tag", {"k": key, "v": value})
    ET.indent(root, space=" ")
    return "<?xml version='1.0' encoding='UTF-8'?>\n" + ET.tostring(root, encoding="unicode") + "\n"


def write_osm_geojson(export: CameraExport, path: str | os.PathLike[str]) -> None:
    """Write :func:`osm_geojson_text` to ``path`` atomically."""
    _write_text(path, osm_geojson_text(export))


def write_osm_xml(export: CameraExport, path: str | os.PathLike[str]) -> None:
    """Write :func:`osm_xml_text` to ``path`` atomically."""
    _write_text(path, osm_xml_text(export))


# --- KML ---------------------------------------------------------------------------------

_KML_NS = "http://www.opengis.net/kml/2.2"


def _shifted(geometry: np.ndarray, offset: str | None) -> np.ndarray:
    if offset is None:
        return geometry

    def shift(coords: np.ndarray) -> np.ndarray:
        if offset == "gcj02":
            lon, lat = chinese_coords.wgs84_to_gcj02(coords[:, 0], coords[:, 1])
        else:
            lon, lat = chinese_coords.wgs84_to_bd09(coords[:, 0], coords[:, 1])
        return np.column_stack([lon, lat])

    return np.asarray(shapely.transform(geometry, shift), dtype=object)


def _coordinates(coords: Sequence[Sequence[float]]) -> str:
    return " ".join(f"{_rounded(x)},{_rounded(y)}" for x, y, *_ in coords)


def _kml_geometry(parent: ET.Element, geometry: Any) -> None:
    if geometry is None or geometry.is_empty:
        return
    kind = geometry.geom_type
    if kind == "Point":
        point = ET.SubElement(parent, "Point")
        ET.SubElement(point, "coordinates").text = _coordinates(geometry.coords)
    elif kind == "Polygon":
        polygon = ET.SubElement(parent, "Polygon")
        for tag, ring in (
            ("outerBoundaryIs", geometry.exterior),
            *(("innerBoundaryIs", r) for r in geometry.interiors),
        ):
            boundary = ET.SubElement(polygon, tag)
            linear = ET.SubElement(boundary, "LinearRing")
            ET.SubElement(linear, "coordinates").text = _coordinates(ring.coords)
    elif kind in ("MultiPolygon", "GeometryCollection"):
        multi = ET.SubElement(parent, "MultiGeometry")
        for part in geometry.geoms:
            if part.geom_type in ("Polygon", "MultiPolygon"):
                _kml_geometry(multi, part)


def _description(row: pd.Series, extra: Mapping[str, str]) -> str:
    lines = [f"{name}: {value}" for name, value in extra.items()]
    for name in KML_FIELDS:
        value = _number(row.get(name)) if name.endswith(("_m", "_deg", "_px")) else None
        value = value if value is not None else _text(row.get(name))
        if value is not None:
            lines.append(f"{name}: {value}")
    return "\n".join(lines)


def kml_text(
    cameras: gpd.GeoDataFrame,
    state: CoverageState,
    *,
    name: str,
    offset: str | None = None,
) -> tuple[str, tuple[RowProblem, ...]]:
    """KML 2.2: a folder of camera placemarks and one of their view sectors, WGS 84.

    A camera's sector is its visible ground at its required level (see
    :func:`camera_roles`). ``offset`` ``"gcj02"``/``"bd09"`` shifts every
    coordinate (non-standard KML).
    """
    problems: list[RowProblem] = []
    _, _, level = camera_roles(state)
    views = state.views
    located = ~(cameras.geometry.isna() | cameras.geometry.is_empty).to_numpy()
    chosen = cameras[located]
    points, moved = reproject(chosen, WGS84, layer="cameras")
    problems.extend(moved)
    sectors = gpd.GeoDataFrame(
        {"camera_id": views.camera_id.astype(str), "level": level},
        geometry=gpd.GeoSeries(
            [views.views[str(lv)][i] for i, lv in enumerate(level)], crs=views.crs
        ),
    )
    sectors, moved = reproject(sectors, WGS84, layer="views")
    problems.extend(moved)
    point_geoms = _shifted(points.geometry.to_numpy(), offset)
    sector_geoms = _shifted(
        np.asarray(shapely.orient_polygons(sectors.geometry.to_numpy()), dtype=object), offset
    )
    kml = ET.Element("kml", {"xmlns": _KML_NS})
    document = ET.SubElement(kml, "Document")
    ET.SubElement(document, "name").text = name
    for style_id, colour in (("camera", "ff0000ff"), ("view", "660000ff")):
        style = ET.SubElement(document, "Style", {"id": style_id})
        if style_id == "camera":
            icon = ET.SubElement(style, "IconStyle")
            ET.SubElement(icon, "color").text = colour
        else:
            line = ET.SubElement(style, "LineStyle")
            ET.SubElement(line, "color").text = "ff0000ff"
            poly = ET.SubElement(style, "PolyStyle")
            ET.SubElement(poly, "color").text = colour
    folder = ET.SubElement(document, "Folder")
    ET.SubElement(folder, "name").text = "cameras"
    for (_, row), geometry in zip(chosen.iterrows(), point_geoms, strict=True):
        placemark = ET.SubElement(folder, "Placemark")
        ET.SubElement(placemark, "name").text = str(row["camera_id"])
        ET.SubElement(placemark, "description").text = _description(row, {})
        ET.SubElement(placemark, "styleUrl").text = "#camera"
        _kml_geometry(placemark, geometry)
    folder = ET.SubElement(document, "Folder")
    ET.SubElement(folder, "name").text = "views"
    for camera_id, lv, geometry in zip(
        sectors["camera_id"], sectors["level"], sector_geoms, strict=True
    ):
        if geometry is None or geometry.is_empty:
            continue
        placemark = ET.SubElement(folder, "Placemark")
        ET.SubElement(placemark, "name").text = f"{camera_id} ({lv})"
        ET.SubElement(placemark, "description").text = (
            f"camera_id: {camera_id}\nlevel: {lv}\n"
            "visible ground at the finest level the zones it reaches require"
        )
        ET.SubElement(placemark, "styleUrl").text = "#view"
        _kml_geometry(placemark, geometry)
    ET.indent(kml, space=" ")
    text = "<?xml version='1.0' encoding='UTF-8'?>\n" + ET.tostring(kml, encoding="unicode") + "\n"
    return text, tuple(problems)


def write_kml(
    cameras: gpd.GeoDataFrame,
    state: CoverageState,
    path: str | os.PathLike[str],
    *,
    offset: str | None = None,
) -> tuple[RowProblem, ...]:
    """Write :func:`kml_text` to ``path`` atomically; returns what the user should know."""
    text, problems = kml_text(cameras, state, name=Path(path).stem, offset=offset)
    notes = list(problems)
    if offset is not None:
        notes.append(
            RowProblem(
                "cameras",
                "-",
                "geometry",
                f"written in {offset.upper()} coordinates as asked: this is not standard KML "
                "(KML is WGS 84); only Chinese map apps that expect the offset show it right",
                "written as asked; leave out --coords for standard KML",
                severity="warning",
                file=str(path),
            )
        )
    _write_text(path, text)
    return tuple(notes)
