"""OpenStreetMap import: an .osm.pbf or .osm (XML) file in, a planning project out.

A GeoJSON file of points whose properties are OSM tags (what ``planner export
--osm`` and Overpass turbo write) is read too: its cameras and other points.

:func:`read_osm` reads the raw features with pyosmium (node locations kept,
areas assembled from closed ways and multipolygon relations) into an
:class:`~planner.core.osm_zones.OsmData` in WGS84. :func:`project_from_osm`
picks the project CRS from the data's centre, reprojects, maps tags to the
documented layer columns, derives the mandatory zones
(:func:`planner.core.osm_zones.derive_zones`) and returns a
:class:`~planner.core.project.Project`.

What the import could not fill is reported in ``Project.problems`` as
:class:`~planner.core.schema.RowProblem` entries, never invented:

* one entry per unreadable tag value — ``row`` is the OSM id ("node/5"),
  ``action`` is ``"left empty"`` (or ``"default used"`` for ``camera:type``);
* one summary entry per camera field with missing tags — ``row`` is ``"all"``,
  e.g. "221 of 221 cameras have no camera:direction", ``action`` ``"left empty"``;
* rows :func:`~planner.core.schema.conform_layer` skipped or repaired.

``docs/osm-import.md`` lists every tag mapping and derivation rule.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import osmium
import pandas as pd
import shapely

from planner.core.errors import OsmError
from planner.core.osm_zones import (
    GATE_BARRIERS,
    OSM_KEYS,
    ROAD_CLASSES,
    OsmData,
    derive_zones,
    parse_length_m,
)
from planner.core.project import Project
from planner.core.schema import (
    BUILDINGS,
    CAMERAS,
    PRIVATE_AREAS,
    ROADS,
    ZONES,
    FieldSpec,
    RowProblem,
    conform_layer,
    empty_layer,
)
from planner.io.crs import WGS84, choose_project_crs

#: Height of one storey, used when a building has ``building:levels`` but no ``height``.
STOREY_HEIGHT_M = 3.0
#: ``camera:type`` values and the camera type each means; others are reported.
CAMERA_TYPE_FROM_OSM = MappingProxyType(
    {"fixed": "fixed", "dome": "dome", "panning": "ptz", "ptz": "ptz", "fisheye": "fisheye"}
)
#: Camera tags read besides :data:`~planner.core.osm_zones.OSM_KEYS`: ``ref`` (the pole
#: number) and ``camera:lens`` (``fisheye`` makes a fisheye camera, as ``planner export`` writes).
CAMERA_KEYS: tuple[str, ...] = ("ref", "camera:lens")
_KEYS: tuple[str, ...] = (*OSM_KEYS, *CAMERA_KEYS)
#: Suffixes read as GeoJSON (cameras only: points whose properties are OSM tags).
GEOJSON_SUFFIXES = (".geojson", ".json")
#: ``surveillance:type`` values imported as cameras (missing counts as a camera).
CAMERA_SURVEILLANCE_TYPES = frozenset({"camera", "ALPR", "ANPR"})
#: Compass abbreviations of ``camera:direction`` and their bearings.
COMPASS_DEG = MappingProxyType(
    {
        name: index * 22.5
        for index, name in enumerate(
            (
                *("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE"),
                *("S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"),
            )
        )
    }
)

_NUMBER = re.compile(r"^\s*-?\d+(?:\.\d+)?\s*$")
_AREA_AMENITIES = frozenset({"parking", "school", "kindergarten", "hospital", "bus_station"})
_NODE_AMENITIES = frozenset({"parking_entrance", "bus_station"})


#: Errors pyosmium raises on a file it cannot parse (bad XML, a coordinate it rejects…).
_PARSE_ERRORS = (RuntimeError, ValueError, OSError, osmium.InvalidLocationError)
_XML_NODE = re.compile(rb"<node\b[^>]*>")
_XML_COORDINATE = re.compile(rb"""\s(lat|lon)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_XML_ID = re.compile(rb"""\sid\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_COORDINATE = re.compile(r"^-?\d{1,3}(?:\.\d{1,12})?$")
_COORDINATE_LIMIT = {"lat": 90.0, "lon": 180.0}
#: How many OSM ids a summary problem names before "…".
_IDS_NAMED = 10


@dataclass(frozen=True)
class _Collected:
    nodes: list[tuple[int, float, float, dict[str, str]]]
    ways: list[tuple[int, list[int], list[tuple[float, float]], dict[str, str]]]
    areas: list[tuple[str, bytes, dict[str, str]]]
    clipped_ways: list[int]
    broken_ways: list[int]
    broken_areas: list[str]
    unlocated_nodes: list[tuple[int, str]]  # wanted nodes without a valid location, layer


def read_osm(path: str | Path) -> OsmData:
    """The OSM features of ``path`` (.osm.pbf, .osm XML or tagged .geojson) the importer needs.

    In WGS84.

    Kept: nodes with camera, entrance, gate, station, car-park-entrance or
    square tags; every way with a ``highway`` or ``fire_lane`` tag (geometry and
    node ids); areas (closed ways, multipolygon relations) that are buildings,
    residential land, car parks, schools, kindergartens, hospitals, stations or
    squares. Ways with missing node locations and broken multipolygons are left
    out. Raises :class:`OsmError` naming the file when it cannot be read or
    holds none of these features.
    """
    return _read(Path(path))[0]


def project_from_osm(
    path: str | Path, *, ruleset_id: str = "national", chinese_ruleset: bool = True
) -> Project:
    """A project built from the OSM file ``path``: cameras, buildings, roads and derived zones.

    The project CRS is :func:`~planner.io.crs.choose_project_crs` of the centre of
    the data's bounding box (``chinese_ruleset`` selects CGCS2000 inside China).
    ``private_areas`` is empty. Missing and unreadable values are left empty and
    reported in ``Project.problems`` (see the module docstring).
    """
    path = Path(path)
    raw, read_problems = _read(path)
    minx, miny, maxx, maxy = _total_bounds(raw)
    crs = choose_project_crs((minx + maxx) / 2, (miny + maxy) / 2, chinese_ruleset=chinese_ruleset)
    data = raw.to_crs(crs)
    problems: list[RowProblem] = list(read_problems)
    layers: dict[str, gpd.GeoDataFrame] = {}
    for spec, (frame, found) in (
        (CAMERAS, cameras_from_osm(data.nodes)),
        (BUILDINGS, buildings_from_osm(data.areas)),
        (ROADS, roads_from_osm(data.ways)),
        (ZONES, (derive_zones(data), ())),
    ):
        problems.extend(found)
        conformed = conform_layer(frame, spec)
        problems.extend(conformed.problems)
        layers[spec.name] = conformed.frame
    return Project(
        **layers,
        private_areas=empty_layer(PRIVATE_AREAS, crs),
        crs=crs,
        ruleset=ruleset_id,
        metadata=MappingProxyType({"source": "OpenStreetMap", "source_file": path.name}),
        problems=tuple(problems),
    )


# --- layers ------------------------------------------------------------------------------


def cameras_from_osm(nodes: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, tuple[RowProblem, ...]]:
    """Cameras from ``man_made=surveillance`` nodes, and what could not be filled.

    ``camera_id`` "osm-node-<id>"; ``bearing_deg`` ← ``camera:direction`` (degrees,
    taken modulo 360, or a compass abbreviation N…NNW; a range such as "90-270"
    is left empty: the camera turns); ``tilt_deg`` ← ``camera:angle``;
    ``camera_type`` ← ``camera:type`` (:data:`CAMERA_TYPE_FROM_OSM`, else the
    schema default; ``camera:lens=fisheye`` makes it ``fisheye``); ``height_m`` ←
    ``height``; ``owner`` ← ``operator``; ``pole_no`` ← ``ref``. Nodes
    whose ``surveillance:type`` is not a camera (guards, gunshot detectors) are
    left out and counted.
    """
    surveillance = nodes[_tag(nodes, "man_made").eq("surveillance")]
    kind = _tag(surveillance, "surveillance:type")
    is_camera = kind.isna() | kind.isin(CAMERA_SURVEILLANCE_TYPES)
    problems: list[RowProblem] = []
    if (~is_camera).any():
        problems.append(
            RowProblem(
                "cameras",
                "all",
                "surveillance:type",
                f"{int((~is_camera).sum())} surveillance nodes are not cameras "
                f"({', '.join(sorted(set(kind[~is_camera])))})",
                "skipped",
            )
        )
    cams = surveillance[is_camera]
    osm_id = cams["osm_id"]
    bearing, bad_bearing = _parse_direction(_tag(cams, "camera:direction"))
    tilt, bad_tilt = _parse_number(_tag(cams, "camera:angle"))
    height, bad_height = parse_length_m(_tag(cams, "height"))
    raw_type = _tag(cams, "camera:type")
    camera_type = raw_type.map(CAMERA_TYPE_FROM_OSM)
    camera_type = camera_type.where(~_tag(cams, "camera:lens").eq("fisheye"), "fisheye")
    frame = gpd.GeoDataFrame(
        {
            "camera_id": "osm-" + osm_id.str.replace("/", "-"),
            "height_m": height,
            "bearing_deg": bearing,
            "tilt_deg": tilt,
            "camera_type": camera_type.astype(object).where(camera_type.notna(), None),
            "owner": _tag(cams, "operator"),
            "pole_no": _tag(cams, "ref"),
            "osm_id": osm_id,
        },
        geometry=cams.geometry,
        crs=nodes.crs,
    )
    for field, tag, values, bad in (
        ("bearing_deg", "camera:direction", _tag(cams, "camera:direction"), bad_bearing),
        ("tilt_deg", "camera:angle", _tag(cams, "camera:angle"), bad_tilt),
        ("height_m", "height", _tag(cams, "height"), bad_height),
    ):
        problems.extend(_bad_values("cameras", CAMERAS.field(field), tag, osm_id, values, bad))
        out_of_range = _out_of_range(frame[field], CAMERAS.field(field))
        problems.extend(
            _bad_values("cameras", CAMERAS.field(field), tag, osm_id, values, out_of_range)
        )
        frame.loc[out_of_range, field] = np.nan
    unknown_type = raw_type.notna() & camera_type.isna()
    problems.extend(
        RowProblem(
            "cameras",
            ident,
            "camera_type",
            f"camera:type {value!r} is not one of {', '.join(CAMERA_TYPE_FROM_OSM)}; "
            f"schema default {CAMERAS.field('camera_type').default!r} used",
            "default used",
        )
        for ident, value in zip(osm_id[unknown_type], raw_type[unknown_type], strict=True)
    )
    total = len(cams)
    for field, tag in (
        ("bearing_deg", "camera:direction"),
        ("tilt_deg", "camera:angle"),
        ("camera_type", "camera:type"),
        ("height_m", "height"),
        ("owner", "operator"),
    ):
        missing = int(_tag(cams, tag).isna().sum())
        if missing:
            default = CAMERAS.field(field).default
            problems.append(
                RowProblem(
                    "cameras",
                    "all",
                    field,
                    f"{missing} of {total} cameras have no {tag}"
                    + (f"; schema default {default!r} used" if default is not None else ""),
                    "default used" if default is not None else "left empty",
                )
            )
    return frame, tuple(problems)


def buildings_from_osm(
    areas: gpd.GeoDataFrame,
) -> tuple[gpd.GeoDataFrame, tuple[RowProblem, ...]]:
    """Buildings from areas with a ``building`` tag other than ``no``.

    ``height_m`` ← ``height`` ("12", "12 m", "12.5m"), else ``building:levels`` ×
    :data:`STOREY_HEIGHT_M`, else empty; unreadable values are reported.
    ``use`` ← ``building`` unless "yes", else ``tourism``, else ``amenity``.
    """
    building = _tag(areas, "building")
    found = areas[building.notna() & building.ne("no")]
    osm_id = found["osm_id"]
    height, bad_height = parse_length_m(_tag(found, "height"))
    levels, bad_levels = _parse_number(_tag(found, "building:levels"))
    bad_levels |= levels < 0
    levels = levels.where(levels >= 0)
    height = height.fillna(levels * STOREY_HEIGHT_M)
    use = _tag(found, "building")
    use = use.where(use.ne("yes"), None)
    use = use.fillna(_tag(found, "tourism")).fillna(_tag(found, "amenity"))
    frame = gpd.GeoDataFrame(
        {
            "height_m": height,
            "use": use.astype(object).where(use.notna(), None),
            "name": _tag(found, "name"),
            "osm_id": osm_id,
        },
        geometry=found.geometry,
        crs=areas.crs,
    )
    problems = [
        *_bad_values(
            "buildings",
            BUILDINGS.field("height_m"),
            "height",
            osm_id,
            _tag(found, "height"),
            bad_height,
        ),
        *_bad_values(
            "buildings",
            BUILDINGS.field("height_m"),
            "building:levels",
            osm_id,
            _tag(found, "building:levels"),
            bad_levels,
        ),
    ]
    return frame, tuple(problems)


def roads_from_osm(ways: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, tuple[RowProblem, ...]]:
    """Road and path centre lines: ways whose ``highway`` is in :data:`ROAD_CLASSES`.

    Pedestrian areas (``area=yes``) are squares, not lines, and are left out.
    ``width_m`` ← ``width`` (unreadable values reported and left empty).
    """
    roads = ways[_tag(ways, "highway").isin(ROAD_CLASSES) & _tag(ways, "area").ne("yes")]
    width, bad = parse_length_m(_tag(roads, "width"))
    frame = gpd.GeoDataFrame(
        {
            "highway": _tag(roads, "highway"),
            "name": _tag(roads, "name"),
            "width_m": width,
            "osm_id": roads["osm_id"],
        },
        geometry=roads.geometry,
        crs=ways.crs,
    )
    problems = _bad_values(
        "roads", ROADS.field("width_m"), "width", roads["osm_id"], _tag(roads, "width"), bad
    )
    return frame, tuple(problems)


# --- parsing -----------------------------------------------------------------------------


def _parse_number(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Plain numbers (no unit) and a mask of unreadable values."""
    text = values.astype("string")
    number = pd.to_numeric(text.where(text.str.match(_NUMBER)), errors="coerce").astype(float)
    return number, values.notna() & number.isna()


def _parse_direction(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """``camera:direction`` as a bearing in [0, 360): degrees or compass letters."""
    number, _ = _parse_number(values)
    compass = values.astype("string").str.strip().map(COMPASS_DEG, na_action="ignore")
    bearing = number.mod(360.0).fillna(compass.astype(float))
    return bearing, values.notna() & bearing.isna()


def _out_of_range(values: pd.Series, spec: FieldSpec) -> pd.Series:
    low = values < spec.minimum if spec.minimum is not None else False
    high = values > spec.maximum if spec.maximum is not None else False
    return values.notna() & (low | high)


def _bad_values(
    layer: str,
    spec: FieldSpec,
    tag: str,
    osm_id: pd.Series,
    values: pd.Series,
    bad: pd.Series,
) -> list[RowProblem]:
    """One "left empty" problem per object whose ``tag`` value could not be used."""
    what = {"m": "a length in metres", "degree": "an angle in degrees"}.get(spec.unit, "a number")
    if spec.minimum is not None and spec.maximum is not None:
        what += f" from {spec.minimum:g} to {spec.maximum:g}"
    if tag == "camera:direction":
        what = "a direction in degrees or N…NNW (a range such as 90-270 means it turns)"
    return [
        RowProblem(layer, str(ident), spec.name, f"{tag} {value!r} is not {what}", "left empty")
        for ident, value in zip(osm_id[bad], values[bad], strict=True)
    ]


def _tag(frame: pd.DataFrame, key: str) -> pd.Series:
    if key in frame.columns:
        return frame[key]
    return pd.Series(None, index=frame.index, dtype=object)


# --- reading -----------------------------------------------------------------------------


def _read(path: Path) -> tuple[OsmData, list[RowProblem]]:
    """The features of ``path``, and problems saying how many broken objects were left out."""
    if not path.is_file():
        raise OsmError("file does not exist", file=str(path))
    problems: list[RowProblem] = []
    try:
        try:
            if path.suffix.lower() in GEOJSON_SUFFIXES:
                collected = _collect_geojson(path)
            else:
                collected = _collect(str(path))
        except osmium.InvalidLocationError:
            # an XML node with a latitude such as -1000 or nan stops the parser: take the
            # bad coordinates out (those nodes have no location, like nodes cut by an
            # extract), report each node and read again
            if path.suffix.lower() != ".osm":
                raise
            text, bad = _without_bad_coordinates(path.read_bytes())
            problems += [
                RowProblem(
                    "osm",
                    f"node/{ident}",
                    "geometry",
                    "coordinates are not a latitude/longitude; the node has no location",
                    "skipped",
                    value=value,
                )
                for ident, value in bad
            ]
            collected = _collect(osmium.io.FileBuffer(text, "osm"))
    except _PARSE_ERRORS as exc:
        raise OsmError(f"cannot read the OSM file ({exc})", file=str(path)) from None
    if not (collected.nodes or collected.ways or collected.areas):
        raise OsmError(
            "holds no cameras, roads, buildings or other features to import", file=str(path)
        )
    data = OsmData(_node_frame(collected.nodes), _way_frame(collected.ways), _area_frame(collected))
    problems += [
        RowProblem(
            layer,
            f"node/{ident}",
            "geometry",
            "the node has no valid location (latitude/longitude missing or out of range)",
            "skipped",
        )
        for ident, layer in collected.unlocated_nodes
    ]
    for layer, ids, message, action in (
        (
            "roads",
            [f"way/{i}" for i in collected.clipped_ways],
            "highway ways have nodes without a location (cut at the edge of the extract, or "
            "with bad coordinates); their longest located stretch was kept",
            "repaired",
        ),
        (
            "roads",
            [f"way/{i}" for i in collected.broken_ways],
            "highway ways have fewer than 2 located nodes",
            "skipped",
        ),
        (
            "buildings",
            collected.broken_areas,
            "areas (buildings, land use, car parks…) have rings that do not close",
            "skipped",
        ),
    ):
        if ids:
            named = ", ".join(ids[:_IDS_NAMED]) + (", …" if len(ids) > _IDS_NAMED else "")
            problems.append(
                RowProblem(layer, "all", "geometry", f"{len(ids)} {message}: {named}", action)
            )
    return data, problems


def _without_bad_coordinates(text: bytes) -> tuple[bytes, list[tuple[str, str]]]:
    """OSM XML whose nodes with unreadable or out-of-range lat/lon lose them, and those nodes.

    Returns the text and ``(node id, "lat=…, lon=…")`` of each node changed.
    """
    bad: list[tuple[str, str]] = []

    def fix(match: re.Match[bytes]) -> bytes:
        tag = match.group(0)
        values = {
            m.group(1).decode(): (m.group(2) or m.group(3) or b"").decode(errors="replace")
            for m in _XML_COORDINATE.finditer(tag)
        }
        if all(_is_coordinate(name, value) for name, value in values.items()):
            return tag
        ident = _XML_ID.search(tag)
        bad.append(
            (
                (ident.group(1) or ident.group(2) or b"?").decode(errors="replace")
                if ident
                else "?",
                ", ".join(f"{name}={value!r}" for name, value in values.items()),
            )
        )
        return _XML_COORDINATE.sub(b"", tag)

    return _XML_NODE.sub(fix, text), bad


def _is_coordinate(name: str, value: str) -> bool:
    return bool(_COORDINATE.match(value)) and abs(float(value)) <= _COORDINATE_LIMIT[name]


def _collect(source: str | osmium.io.FileBuffer) -> _Collected:
    """One pass over a file (or buffer) with pyosmium; Python touches only the kept objects."""
    nodes: list[tuple[int, float, float, dict[str, str]]] = []
    ways: list[tuple[int, list[int], list[tuple[float, float]], dict[str, str]]] = []
    areas: list[tuple[str, bytes, dict[str, str]]] = []
    clipped_ways: list[int] = []
    broken_ways: list[int] = []
    broken_areas: list[str] = []
    unlocated: list[tuple[int, str]] = []
    wkb = osmium.geom.WKBFactory()
    processor = osmium.FileProcessor(source).with_locations().with_areas()
    for obj in processor:
        tags = obj.tags
        if not len(tags):
            continue
        if isinstance(obj, osmium.osm.Node):
            if _wanted_node(tags):
                if obj.location.valid():
                    nodes.append((obj.id, obj.location.lon, obj.location.lat, _kept(tags)))
                else:
                    camera = tags.get("man_made") == "surveillance"
                    unlocated.append((obj.id, "cameras" if camera else "zones"))
        elif isinstance(obj, osmium.osm.Way):
            if "highway" in tags or "fire_lane" in tags:
                located = [(n.ref, n.lon, n.lat) for n in obj.nodes if n.location.valid()]
                if len(located) < len(obj.nodes):
                    located = _longest_located_run(obj.nodes)
                    if len(located) >= 2:
                        clipped_ways.append(obj.id)
                if len(located) < 2:
                    broken_ways.append(obj.id)
                    continue
                ways.append(
                    (
                        obj.id,
                        [ref for ref, _, _ in located],
                        [(lon, lat) for _, lon, lat in located],
                        _kept(tags),
                    )
                )
        elif isinstance(obj, osmium.osm.Area) and _wanted_area(tags):
            kind = "way" if obj.from_way() else "relation"
            try:
                geometry = wkb.create_multipolygon(obj)
            except (RuntimeError, osmium.InvalidLocationError):
                broken_areas.append(f"{kind}/{obj.orig_id()}")
                continue
            areas.append((f"{kind}/{obj.orig_id()}", bytes.fromhex(geometry), _kept(tags)))
    return _Collected(nodes, ways, areas, clipped_ways, broken_ways, broken_areas, unlocated)


def _longest_located_run(way_nodes: Any) -> list[tuple[int, float, float]]:
    """The longest stretch of consecutive nodes that have a location (an extract cuts ways)."""
    best: list[tuple[int, float, float]] = []
    run: list[tuple[int, float, float]] = []
    for node in way_nodes:
        if node.location.valid():
            run.append((node.ref, node.lon, node.lat))
            if len(run) > len(best):
                best = list(run)
        else:
            run = []
    return best


def _wanted_node(tags: Any) -> bool:
    return (
        tags.get("man_made") == "surveillance"
        or "entrance" in tags
        or tags.get("barrier") in GATE_BARRIERS
        or tags.get("amenity") in _NODE_AMENITIES
        or tags.get("public_transport") == "station"
        or tags.get("railway") == "station"
        or tags.get("place") == "square"
    )


def _wanted_area(tags: Any) -> bool:
    return (
        tags.get("building", "no") != "no"
        or tags.get("landuse") == "residential"
        or tags.get("amenity") in _AREA_AMENITIES
        or tags.get("healthcare") == "hospital"
        or tags.get("place") == "square"
        or tags.get("highway") == "pedestrian"
        or "area:highway" in tags
        or tags.get("public_transport") == "station"
        or tags.get("railway") == "station"
    )


def _kept(tags: Any) -> dict[str, str]:
    return {key: tags[key] for key in _KEYS if key in tags}


def _tag_columns(tag_dicts: list[dict[str, str]]) -> dict[str, pd.Series]:
    return {key: _texts([tags.get(key) for tags in tag_dicts]) for key in _KEYS}


_GEOJSON_NODE_ID = re.compile(r"^(?:node/)?(-?\d+)$")


def _collect_geojson(path: Path) -> _Collected:
    """The camera (and other wanted) points of a GeoJSON file whose properties are OSM tags.

    ``planner export --osm`` writes such files; so do Overpass turbo and other
    tools. A feature's ``id`` "node/-1" (or a number) is its node id, else the
    node gets a negative id by its place. Other geometries are ignored.
    Raises ``ValueError`` when the file is not GeoJSON.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not GeoJSON: {exc}") from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list):
        raise ValueError("not a GeoJSON FeatureCollection")
    nodes: list[tuple[int, float, float, dict[str, str]]] = []
    unlocated: list[tuple[int, str]] = []
    for place, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            continue
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            continue
        tags = {str(k): str(v) for k, v in properties.items() if v is not None}
        if not _wanted_node(tags):
            continue
        match = _GEOJSON_NODE_ID.match(str(feature.get("id", "")))
        ident = int(match.group(1)) if match else -place
        geometry = feature.get("geometry") or {}
        coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if (
            isinstance(geometry, dict)
            and geometry.get("type") == "Point"
            and isinstance(coords, list)
            and len(coords) >= 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords[:2])
            and abs(coords[0]) <= 180
            and abs(coords[1]) <= 90
        ):
            nodes.append((ident, float(coords[0]), float(coords[1]), _kept(tags)))
        elif not isinstance(geometry, dict) or not geometry or geometry.get("type") == "Point":
            camera = tags.get("man_made") == "surveillance"
            unlocated.append((ident, "cameras" if camera else "zones"))
    return _Collected(nodes, [], [], [], [], [], unlocated)


def _texts(values: list[str | None]) -> pd.Series:
    """A text column that stays text when empty (pandas makes an empty list float)."""
    return pd.Series(values, dtype=object)


def _node_frame(nodes: list[tuple[int, float, float, dict[str, str]]]) -> gpd.GeoDataFrame:
    ids = [n[0] for n in nodes]
    geometry = shapely.points(
        np.array([n[1] for n in nodes], dtype=float), np.array([n[2] for n in nodes], dtype=float)
    )
    return gpd.GeoDataFrame(
        {"osm_id": _texts([f"node/{i}" for i in ids]), **_tag_columns([n[3] for n in nodes])},
        geometry=geometry,
        crs=WGS84,
    )


def _way_frame(
    ways: list[tuple[int, list[int], list[tuple[float, float]], dict[str, str]]],
) -> gpd.GeoDataFrame:
    coords = np.array([xy for w in ways for xy in w[2]], dtype=float).reshape(-1, 2)
    counts = np.array([len(w[2]) for w in ways], dtype=int)
    geometry = shapely.linestrings(coords, indices=np.repeat(np.arange(len(ways)), counts))
    return gpd.GeoDataFrame(
        {
            "osm_id": _texts([f"way/{w[0]}" for w in ways]),
            "node_ids": pd.Series([tuple(w[1]) for w in ways], dtype=object),
            **_tag_columns([w[3] for w in ways]),
        },
        geometry=np.asarray(geometry, dtype=object).reshape(-1) if len(ways) else [],
        crs=WGS84,
    )


def _area_frame(collected: _Collected) -> gpd.GeoDataFrame:
    areas = collected.areas
    geometry = shapely.from_wkb([a[1] for a in areas]) if areas else np.array([], dtype=object)
    # A multipolygon of one part is a polygon.
    single = shapely.get_num_geometries(geometry) == 1
    geometry = np.where(single, shapely.get_geometry(geometry, 0), geometry)
    return gpd.GeoDataFrame(
        {"osm_id": _texts([a[0] for a in areas]), **_tag_columns([a[2] for a in areas])},
        geometry=geometry,
        crs=WGS84,
    )


def _total_bounds(data: OsmData) -> tuple[float, float, float, float]:
    boxes = [f.total_bounds for f in (data.nodes, data.ways, data.areas) if len(f)]
    stacked = np.array(boxes)
    return (
        float(stacked[:, 0].min()),
        float(stacked[:, 1].min()),
        float(stacked[:, 2].max()),
        float(stacked[:, 3].max()),
    )
