"""Mandatory zones derived from OpenStreetMap features (REGULATIONS.md §1).

The reader (:mod:`planner.io.osm`) turns an OSM file into an :class:`OsmData`
record: three GeoDataFrames (tagged nodes, ways, areas) with one column per
tag key in :data:`OSM_KEYS`. This module, pure and free of any OSM library,
derives from that record — already projected into the metric project CRS —
the places the regulations say must be covered, one function per rule:

==================== ================================================ =====================
category             rule (function)                                  source
==================== ================================================ =====================
intersection         :func:`intersection_zones`                       H Art. 8
square               :func:`square_zones`                             Q Art. 7, H Art. 8
car_park_entrance    :func:`car_park_entrance_zones`                  Q Art. 7, H Art. 8
fire_lane            :func:`fire_lane_zones`                          seed 004
estate_entrance      :func:`estate_entrance_zones`                    Q Art. 7, C Art. 8
transit_hub          :func:`transit_hub_zones`                        Q Art. 7, H Art. 8
school_entrance      :func:`school_entrance_zones`                    Q Art. 7, H Art. 8
hospital_entrance    :func:`hospital_entrance_zones`                  Q Art. 7, H Art. 8
trunk_road           :func:`trunk_road_zones`                         H Art. 8, Q Art. 7
bridge_tunnel        :func:`bridge_tunnel_zones`                      Q Art. 7, H Art. 8
==================== ================================================ =====================

:func:`derive_zones` runs them all and returns one frame in the ZONES layout.
``docs/osm-import.md`` describes every rule and default for people.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.core.project import require_metric_crs
from planner.core.schema import ZONES

#: Every OSM tag key the importer keeps (one column each in :class:`OsmData` frames).
OSM_KEYS: tuple[str, ...] = (
    "name",
    "highway",
    "area",
    "area:highway",
    "width",
    "service",
    "emergency",
    "fire_lane",
    "bridge",
    "tunnel",
    "access",
    "place",
    "amenity",
    "parking",
    "healthcare",
    "landuse",
    "public_transport",
    "railway",
    "entrance",
    "barrier",
    "building",
    "building:levels",
    "height",
    "tourism",
    "man_made",
    "surveillance",
    "surveillance:type",
    "camera:direction",
    "camera:angle",
    "camera:type",
    "operator",
)

#: Public roads whose junctions are intersections (H Art. 8). Service roads
#: (driveways, parking aisles, yards) and tracks are private access, not public
#: intersections; footways and cycleways are not roads for vehicles.
PUBLIC_ROAD_CLASSES = frozenset(
    {
        "motorway",
        "motorway_link",
        "trunk",
        "trunk_link",
        "primary",
        "primary_link",
        "secondary",
        "secondary_link",
        "tertiary",
        "tertiary_link",
        "unclassified",
        "residential",
        "living_street",
    }
)
#: Roads cars use, including private access: these make car-park entrances.
VEHICLE_ROAD_CLASSES = PUBLIC_ROAD_CLASSES | {"service", "road", "busway"}
#: Ways for people on foot or on bicycles.
PEDESTRIAN_CLASSES = frozenset({"pedestrian", "footway", "path", "steps", "cycleway", "bridleway"})
#: Every ``highway`` class that goes into the roads layer.
ROAD_CLASSES = VEHICLE_ROAD_CLASSES | PEDESTRIAN_CLASSES | {"track"}
#: Roads without entrances to estates, schools or hospitals (access-controlled).
_FAST_ROADS = frozenset({"motorway", "motorway_link", "trunk", "trunk_link"})

#: Carriageway width assumed when a road has no (readable) OSM ``width`` tag, in metres.
DEFAULT_ROAD_WIDTH_M: Mapping[str, float] = MappingProxyType(
    {
        "motorway": 20.0,
        "trunk": 16.0,
        "primary": 14.0,
        "secondary": 12.0,
        "tertiary": 10.0,
        "unclassified": 7.0,
        "residential": 7.0,
        "living_street": 6.0,
        "motorway_link": 7.0,
        "trunk_link": 7.0,
        "primary_link": 7.0,
        "secondary_link": 7.0,
        "tertiary_link": 7.0,
        "service": 5.0,
        "road": 7.0,
        "busway": 7.0,
        "track": 3.0,
        "pedestrian": 6.0,
        "footway": 2.0,
        "path": 1.5,
        "steps": 2.0,
        "cycleway": 2.0,
        "bridleway": 2.0,
    }
)
#: Extra radius around a junction beyond half the widest road: crossings and stop lines.
JUNCTION_MARGIN_M = 5.0
#: Entrance points (tagged or crossings) closer than this are one entrance.
ENTRANCE_DEDUPE_M = 10.0
#: An entrance node counts as on an outline when it is at most this far from it.
ENTRANCE_ON_OUTLINE_M = 1.0
#: Radius of the circle drawn around a station mapped only as a node.
STATION_NODE_RADIUS_M = 50.0
#: Radius of the circle drawn around a square mapped only as a node.
SQUARE_NODE_RADIUS_M = 25.0
#: ``barrier`` values that are gates people or cars pass through.
GATE_BARRIERS = frozenset(
    {
        "gate",
        "lift_gate",
        "swing_gate",
        "sliding_gate",
        "entrance",
        "turnstile",
        "full-height_turnstile",
    }
)
#: ``access`` values that make a car park non-public (Q Art. 7 asks for public car parks).
_PRIVATE_ACCESS = frozenset({"private", "no"})
_QUAD_SEGS = 16

_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|meters?|metres?)?\s*$")


@dataclass(frozen=True)
class OsmData:
    """The OSM features the importer needs, as three GeoDataFrames in one CRS.

    Every frame has ``osm_id`` ("node/5", "way/7", "relation/9"), one column per
    key of :data:`OSM_KEYS` (``None`` where the object lacks the tag) and a
    geometry: ``nodes`` Points (only nodes with tags of interest), ``ways``
    LineStrings (every way with a ``highway`` or ``fire_lane`` tag, plus a
    ``node_ids`` column: the way's node ids, one per vertex), ``areas`` Polygons
    or MultiPolygons (closed ways and multipolygon relations with tags of interest).
    """

    nodes: gpd.GeoDataFrame
    ways: gpd.GeoDataFrame
    areas: gpd.GeoDataFrame

    def to_crs(self, crs: Any) -> OsmData:
        """The same features reprojected into ``crs``."""
        return OsmData(self.nodes.to_crs(crs), self.ways.to_crs(crs), self.areas.to_crs(crs))

    @property
    def crs(self) -> Any:
        """The CRS shared by the three frames."""
        return self.ways.crs


def parse_length_m(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """OSM lengths ("12", "12 m", "12.5m") in metres, and a mask of unreadable values.

    Missing values give NaN and are not unreadable; anything else that is not a
    non-negative number in metres (feet, ranges, words, decimal commas) gives
    NaN and is flagged, so the caller can report it instead of guessing.
    """
    text = values.astype(object).where(values.notna(), None)
    extracted = text.astype("string").str.extract(_LENGTH, expand=True)[0]
    number = pd.to_numeric(extracted, errors="coerce").astype(float)
    number.index = values.index
    bad = values.notna() & number.isna()
    return number, bad


def road_width_m(
    ways: gpd.GeoDataFrame, *, default_road_width_m: Mapping[str, float] = DEFAULT_ROAD_WIDTH_M
) -> np.ndarray:
    """Width of each way: its OSM ``width``, else the default of its ``highway`` class.

    A class missing from ``default_road_width_m`` gets the smallest default.
    """
    width, _ = parse_length_m(_tag(ways, "width"))
    fallback = min(default_road_width_m.values())
    default = _tag(ways, "highway").map(default_road_width_m).astype(float).fillna(fallback)
    return width.fillna(default).to_numpy(dtype=float)


# --- rules -------------------------------------------------------------------------------


def intersection_zones(
    data: OsmData,
    *,
    default_road_width_m: Mapping[str, float] = DEFAULT_ROAD_WIDTH_M,
    margin_m: float = JUNCTION_MARGIN_M,
) -> gpd.GeoDataFrame:
    """Road intersections (H Art. 8): nodes where three or more public-road arms meet.

    Each occurrence of a node in a way of :data:`PUBLIC_ROAD_CLASSES` adds one arm
    per neighbouring vertex: a way's end adds 1, a vertex in its middle adds 2
    (the way passes through). A node with at least 3 arms is a junction; two ways
    joined end to end (2 arms) are a bend, not a junction. The zone is a circle of
    radius ``r`` = half the width of the widest road meeting there
    (:func:`road_width_m`) + ``margin_m`` (pedestrian crossings and stop lines).
    Junctions closer than their mean radius are merged into one zone, the union of
    their circles, keeping every node id; its id is that of the smallest node id.
    """
    ways = data.ways
    roads = ways[_tag(ways, "highway").isin(PUBLIC_ROAD_CLASSES) & _tag(ways, "area").ne("yes")]
    if roads.empty:
        return _zone_frame([], data.crs)
    geoms = roads.geometry.to_numpy()
    counts = shapely.get_num_coordinates(geoms)
    node_ids = np.concatenate([np.asarray(ids, dtype=np.int64) for ids in roads["node_ids"]])
    if len(node_ids) != counts.sum():
        raise ValueError("ways' node_ids do not match their vertices")
    way_of_vertex = np.repeat(np.arange(len(roads)), counts)
    position = np.arange(len(node_ids)) - np.repeat(np.cumsum(counts) - counts, counts)
    last = np.repeat(counts - 1, counts)
    coords = shapely.get_coordinates(geoms)
    vertices = pd.DataFrame(
        {
            "node": node_ids,
            "arms": (position > 0).astype(int) + (position < last).astype(int),
            "width": road_width_m(roads, default_road_width_m=default_road_width_m)[way_of_vertex],
            "x": coords[:, 0],
            "y": coords[:, 1],
            "name": _tag(roads, "name").to_numpy()[way_of_vertex],
        }
    )
    per_node = vertices.groupby("node", sort=True).agg(
        arms=("arms", "sum"), width=("width", "max"), x=("x", "first"), y=("y", "first")
    )
    junctions = per_node[per_node["arms"] >= 3]
    if junctions.empty:
        return _zone_frame([], data.crs)
    names = (
        vertices[vertices["node"].isin(junctions.index)]
        .groupby("node")["name"]
        .agg(_join_names)
        .reindex(junctions.index)
    )
    points = shapely.points(junctions["x"].to_numpy(), junctions["y"].to_numpy())
    radius = junctions["width"].to_numpy() / 2 + margin_m
    circles = shapely.buffer(points, radius, quad_segs=_QUAD_SEGS)
    labels = _cluster(points, radius / 2)
    members = pd.DataFrame(
        {"label": labels, "node": junctions.index.to_numpy(), "name": names.to_numpy()}
    )
    rows = []
    for _, group in members.groupby("label", sort=False):
        nodes = group["node"].to_numpy()
        rows.append(
            {
                "zone_id": f"intersection-node-{nodes.min()}",
                "name": _join_names(" / ".join(n for n in group["name"] if n).split(" / ")),
                "category": "intersection",
                "osm_ids": ";".join(f"node/{n}" for n in sorted(nodes)),
                "source": "intersection",
                "geometry": shapely.union_all(circles[group.index.to_numpy()]),
            }
        )
    return _zone_frame(rows, data.crs)


def square_zones(data: OsmData, *, node_radius_m: float = SQUARE_NODE_RADIUS_M) -> gpd.GeoDataFrame:
    """City squares (Q Art. 7, H Art. 8): their areas; a square mapped as a node gets a circle.

    Areas with ``place=square``, ``area:highway=pedestrian``, or
    ``highway=pedestrian`` that are areas (``area=yes`` on a closed way, or a
    multipolygon relation). A ``place=square`` node that lies in none of those
    areas becomes a circle of ``node_radius_m``.
    """
    areas = data.areas
    is_square = (
        _tag(areas, "place").eq("square")
        | _tag(areas, "area:highway").eq("pedestrian")
        | (
            _tag(areas, "highway").eq("pedestrian")
            & (
                _tag(areas, "area").eq("yes")
                | areas["osm_id"].astype(str).str.startswith("relation/")
            )
        )
    )
    squares = areas[is_square]
    nodes = data.nodes[_tag(data.nodes, "place").eq("square")]
    nodes = nodes[~_inside_any(nodes.geometry.to_numpy(), squares.geometry.to_numpy())]
    return _concat(
        [
            _area_zones(squares, "square"),
            _node_circle_zones(nodes, "square", node_radius_m),
        ],
        data.crs,
    )


def car_park_entrance_zones(
    data: OsmData,
    *,
    dedupe_m: float = ENTRANCE_DEDUPE_M,
    on_outline_m: float = ENTRANCE_ON_OUTLINE_M,
) -> gpd.GeoDataFrame:
    """Entrances of public car parks (Q Art. 7, H Art. 8) as points.

    Car parks are ``amenity=parking`` areas whose ``access`` is not private/no.
    Each surface or multi-storey car park gets the entrance points of
    :func:`entrance_points` with :data:`VEHICLE_ROAD_CLASSES` (except
    ``service=parking_aisle``, which lies inside). Underground car parks
    (``parking=underground``) have no entrance on their outline — roads pass
    over them — so only ``amenity=parking_entrance`` nodes mark them; those nodes
    (unless private) are entrances wherever they are.
    """
    areas = data.areas
    parks = areas[
        _tag(areas, "amenity").eq("parking") & ~_tag(areas, "access").isin(_PRIVATE_ACCESS)
    ]
    surface = parks[_tag(parks, "parking").ne("underground")]
    ways = data.ways
    roads = ways[
        _tag(ways, "highway").isin(VEHICLE_ROAD_CLASSES)
        & _tag(ways, "service").ne("parking_aisle")
        & _tag(ways, "area").ne("yes")
    ]
    nodes = data.nodes
    ramps = nodes[
        _tag(nodes, "amenity").eq("parking_entrance") & ~_tag(nodes, "access").isin(_PRIVATE_ACCESS)
    ]
    points = entrance_points(
        surface,
        roads,
        _entrance_nodes(nodes),
        category="car_park_entrance",
        dedupe_m=dedupe_m,
        on_outline_m=on_outline_m,
    )
    ramps = ramps[~ramps["osm_id"].isin(_split_ids(points))]
    return _concat([points, _node_point_zones(ramps, "car_park_entrance")], data.crs)


def estate_entrance_zones(
    data: OsmData,
    *,
    dedupe_m: float = ENTRANCE_DEDUPE_M,
    on_outline_m: float = ENTRANCE_ON_OUTLINE_M,
) -> gpd.GeoDataFrame:
    """Entrances of residential estates (Q Art. 7, C Art. 8, seed 004) as points.

    Estates are ``landuse=residential`` areas. People walk in too, so every road
    of :data:`ROAD_CLASSES` counts (footways, paths, service roads included),
    except motorways and trunk roads. See :func:`entrance_points`.
    """
    return _amenity_entrances(
        data,
        _tag(data.areas, "landuse").eq("residential"),
        "estate_entrance",
        dedupe_m=dedupe_m,
        on_outline_m=on_outline_m,
    )


def school_entrance_zones(
    data: OsmData,
    *,
    dedupe_m: float = ENTRANCE_DEDUPE_M,
    on_outline_m: float = ENTRANCE_ON_OUTLINE_M,
) -> gpd.GeoDataFrame:
    """Entrances of schools and kindergartens (Q Art. 7, H Art. 8) as points.

    ``amenity=school|kindergarten`` areas; roads as in :func:`estate_entrance_zones`.
    """
    return _amenity_entrances(
        data,
        _tag(data.areas, "amenity").isin({"school", "kindergarten"}),
        "school_entrance",
        dedupe_m=dedupe_m,
        on_outline_m=on_outline_m,
    )


def hospital_entrance_zones(
    data: OsmData,
    *,
    dedupe_m: float = ENTRANCE_DEDUPE_M,
    on_outline_m: float = ENTRANCE_ON_OUTLINE_M,
) -> gpd.GeoDataFrame:
    """Entrances of hospitals (Q Art. 7, H Art. 8) as points.

    ``amenity=hospital`` or ``healthcare=hospital`` areas; roads as in
    :func:`estate_entrance_zones`.
    """
    areas = data.areas
    return _amenity_entrances(
        data,
        _tag(areas, "amenity").eq("hospital") | _tag(areas, "healthcare").eq("hospital"),
        "hospital_entrance",
        dedupe_m=dedupe_m,
        on_outline_m=on_outline_m,
    )


def fire_lane_zones(data: OsmData) -> gpd.GeoDataFrame:
    """Fire lanes (seed 004: cameras detect cars parked on them) as lines.

    Ways with ``fire_lane=yes``, or highways with ``service=emergency_access``
    or ``emergency=yes|designated``.
    """
    ways = data.ways
    highway = _tag(ways, "highway").notna()
    lanes = ways[
        _tag(ways, "fire_lane").eq("yes")
        | (highway & _tag(ways, "service").eq("emergency_access"))
        | (highway & _tag(ways, "emergency").isin({"yes", "designated"}))
    ]
    return _line_zones(lanes, "fire_lane")


def transit_hub_zones(
    data: OsmData, *, node_radius_m: float = STATION_NODE_RADIUS_M
) -> gpd.GeoDataFrame:
    """Stations and bus stations (Q Art. 7, H Art. 8): their areas, or circles round nodes.

    Objects tagged ``public_transport=station``, ``railway=station`` or
    ``amenity=bus_station``. An area is its own zone. A node outside every
    station area becomes a circle of ``node_radius_m``; station nodes closer
    than that radius (e.g. the railway and the public-transport node of one
    station) make one zone. Platforms are parts of stations and not zones.
    """

    def is_station(frame: gpd.GeoDataFrame) -> pd.Series:
        return (
            _tag(frame, "public_transport").eq("station")
            | _tag(frame, "railway").eq("station")
            | _tag(frame, "amenity").eq("bus_station")
        )

    stations = data.areas[is_station(data.areas)]
    nodes = data.nodes[is_station(data.nodes)]
    nodes = nodes[~_inside_any(nodes.geometry.to_numpy(), stations.geometry.to_numpy())]
    return _concat(
        [
            _area_zones(stations, "transit_hub"),
            _node_circle_zones(nodes, "transit_hub", node_radius_m),
        ],
        data.crs,
    )


def trunk_road_zones(data: OsmData) -> gpd.GeoDataFrame:
    """Trunk and primary roads (H Art. 8 trunk roads, Q Art. 7 main roads) as lines."""
    ways = data.ways
    return _line_zones(
        ways[_tag(ways, "highway").isin({"trunk", "primary"}) & _tag(ways, "area").ne("yes")],
        "trunk_road",
    )


def bridge_tunnel_zones(data: OsmData) -> gpd.GeoDataFrame:
    """Bridges, tunnels and underpasses (Q Art. 7; H Art. 8 incl. footbridges) as lines.

    Ways of :data:`ROAD_CLASSES` (footways included, for footbridges and
    underpasses) with a ``bridge`` or ``tunnel`` tag other than ``no``;
    ``tunnel=building_passage`` counts as an underpass, ``tunnel=culvert`` does not.
    """
    ways = data.ways
    bridge = _tag(ways, "bridge")
    tunnel = _tag(ways, "tunnel")
    crossing = (bridge.notna() & bridge.ne("no")) | (
        tunnel.notna() & ~tunnel.isin({"no", "culvert"})
    )
    return _line_zones(ways[_tag(ways, "highway").isin(ROAD_CLASSES) & crossing], "bridge_tunnel")


#: Every rule, in the order :func:`derive_zones` runs them.
RULES: Mapping[str, Callable[[OsmData], gpd.GeoDataFrame]] = MappingProxyType(
    {
        "intersection": intersection_zones,
        "square": square_zones,
        "car_park_entrance": car_park_entrance_zones,
        "fire_lane": fire_lane_zones,
        "estate_entrance": estate_entrance_zones,
        "transit_hub": transit_hub_zones,
        "school_entrance": school_entrance_zones,
        "hospital_entrance": hospital_entrance_zones,
        "trunk_road": trunk_road_zones,
        "bridge_tunnel": bridge_tunnel_zones,
    }
)


def derive_zones(
    data: OsmData,
    *,
    default_road_width_m: Mapping[str, float] = DEFAULT_ROAD_WIDTH_M,
    junction_margin_m: float = JUNCTION_MARGIN_M,
    entrance_dedupe_m: float = ENTRANCE_DEDUPE_M,
    station_radius_m: float = STATION_NODE_RADIUS_M,
    rules: tuple[str, ...] = tuple(RULES),
) -> gpd.GeoDataFrame:
    """Mandatory zones of every rule in ``rules``, in the ZONES layout.

    ``data`` must be in a metric CRS (distances are in metres). Columns:
    ``zone_id`` (e.g. "intersection-node-12", "square-way-7"), ``name``,
    ``category``, ``required_level`` and ``required_coverage`` (empty: the
    ruleset decides), ``osm_ids`` ("way/1;node/5") and ``source`` (the rule name).
    """
    require_metric_crs(data.crs, what="OSM data")
    options: dict[str, dict[str, Any]] = {
        "intersection": {
            "default_road_width_m": default_road_width_m,
            "margin_m": junction_margin_m,
        },
        "car_park_entrance": {"dedupe_m": entrance_dedupe_m},
        "estate_entrance": {"dedupe_m": entrance_dedupe_m},
        "school_entrance": {"dedupe_m": entrance_dedupe_m},
        "hospital_entrance": {"dedupe_m": entrance_dedupe_m},
        "transit_hub": {"node_radius_m": station_radius_m},
    }
    unknown = set(rules) - set(RULES)
    if unknown:
        raise KeyError(f"unknown zone rules: {', '.join(sorted(unknown))}")
    frames = [RULES[name](data, **options.get(name, {})) for name in rules]
    zones = _concat(frames, data.crs)
    zones["required_level"] = pd.Series(None, index=zones.index, dtype=object)
    zones["required_coverage"] = np.nan
    return zones[[*ZONES.field_names, "geometry"]]


# --- entrances ---------------------------------------------------------------------------


def entrance_points(
    areas: gpd.GeoDataFrame,
    roads: gpd.GeoDataFrame,
    entrance_nodes: gpd.GeoDataFrame,
    *,
    category: str,
    dedupe_m: float = ENTRANCE_DEDUPE_M,
    on_outline_m: float = ENTRANCE_ON_OUTLINE_M,
) -> gpd.GeoDataFrame:
    """Entrance points of ``areas`` as zones of ``category``.

    An area with tagged entrance nodes (``entrance=*`` or a gate, at most
    ``on_outline_m`` from its outline) has those as its entrances: the mapper
    surveyed them. An area without gets the points where ``roads`` cross or
    touch its outline (a road running along the outline is no entrance).
    Points closer than ``dedupe_m`` — also of neighbouring areas — are one
    entrance, placed at a tagged node if the group has one, else at the first
    crossing. The zone id is ``<category>-node-<id>`` for a tagged entrance, else
    ``<category>-<area>-<road>`` (e.g. "estate_entrance-way-5-way-9", with
    "-2", "-3" for further crossings of the same pair); ``osm_ids`` lists the
    areas, nodes and roads involved.
    """
    if areas.empty:
        return _zone_frame([], areas.crs)
    outlines = shapely.boundary(areas.geometry.to_numpy())
    area_ids = areas["osm_id"].to_numpy()
    area_names = _tag(areas, "name").to_numpy()
    node_geoms = entrance_nodes.geometry.to_numpy()
    node_hit, area_hit = shapely.STRtree(outlines).query(
        node_geoms, predicate="dwithin", distance=on_outline_m
    )
    candidates = [
        pd.DataFrame(
            {
                "geometry": node_geoms[node_hit],
                "area": area_ids[area_hit],
                "name": area_names[area_hit],
                "feature": entrance_nodes["osm_id"].to_numpy()[node_hit],
                "tagged": True,
            }
        )
    ]
    untagged = np.setdiff1d(np.arange(len(areas)), area_hit)
    road_geoms = roads.geometry.to_numpy()
    outline_hit, road_hit = shapely.STRtree(road_geoms).query(
        outlines[untagged], predicate="intersects"
    )
    if len(outline_hit):
        area_of_pair = untagged[outline_hit]
        crossings = shapely.intersection(outlines[area_of_pair], road_geoms[road_hit])
        parts, pair = shapely.get_parts(crossings, return_index=True)
        is_point = shapely.get_type_id(parts) == 0
        parts, pair = parts[is_point], pair[is_point]
        candidates.append(
            pd.DataFrame(
                {
                    "geometry": parts,
                    "area": area_ids[area_of_pair[pair]],
                    "name": area_names[area_of_pair[pair]],
                    "feature": roads["osm_id"].to_numpy()[road_hit[pair]],
                    "tagged": False,
                }
            )
        )
    points = pd.concat(candidates, ignore_index=True)
    if points.empty:
        return _zone_frame([], areas.crs)
    geoms = points["geometry"].to_numpy()
    points["x"] = shapely.get_x(geoms)
    points["y"] = shapely.get_y(geoms)
    points = points.sort_values(
        ["tagged", "area", "feature", "x", "y"], ascending=[False, True, True, True, True]
    ).reset_index(drop=True)
    points["label"] = _cluster(points["geometry"].to_numpy(), dedupe_m / 2)
    rows = []
    for _, group in points.groupby("label", sort=False):
        first = group.iloc[0]
        if first["tagged"]:
            zone_id = f"{category}-{_slug(first['feature'])}"
        else:
            zone_id = f"{category}-{_slug(first['area'])}-{_slug(first['feature'])}"
        rows.append(
            {
                "zone_id": zone_id,
                "name": _join_names(group["name"]),
                "category": category,
                "osm_ids": ";".join(
                    sorted(set(group["area"]) | set(group["feature"]), key=_id_key)
                ),
                "source": category,
                "geometry": first["geometry"],
            }
        )
    zones = _zone_frame(rows, areas.crs)
    return _number_duplicates(zones)


def _amenity_entrances(
    data: OsmData, mask: pd.Series, category: str, *, dedupe_m: float, on_outline_m: float
) -> gpd.GeoDataFrame:
    ways = data.ways
    roads = ways[
        _tag(ways, "highway").isin(ROAD_CLASSES - _FAST_ROADS) & _tag(ways, "area").ne("yes")
    ]
    return entrance_points(
        data.areas[mask],
        roads,
        _entrance_nodes(data.nodes),
        category=category,
        dedupe_m=dedupe_m,
        on_outline_m=on_outline_m,
    )


def _entrance_nodes(nodes: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    entrance = _tag(nodes, "entrance")
    return nodes[
        (entrance.notna() & entrance.ne("no")) | _tag(nodes, "barrier").isin(GATE_BARRIERS)
    ]


# --- helpers -----------------------------------------------------------------------------


def _tag(frame: pd.DataFrame, key: str) -> pd.Series:
    """The column of tag ``key``, or all-None when the frame has no such column."""
    if key in frame.columns:
        return frame[key]
    return pd.Series(None, index=frame.index, dtype=object)


def _cluster(points: np.ndarray, half_distance: np.ndarray | float) -> np.ndarray:
    """Group labels of points: two points whose discs of ``half_distance`` overlap share one.

    Chains join: a, b, c with a–b and b–c close are one group. Labels are
    integers numbering the groups.
    """
    if len(points) == 0:
        return np.zeros(0, dtype=int)
    discs = shapely.buffer(points, half_distance, quad_segs=_QUAD_SEGS)
    parts = shapely.get_parts(shapely.union_all(discs))
    point_index, part_index = shapely.STRtree(parts).query(points, predicate="intersects")
    labels = np.full(len(points), -1, dtype=int)
    labels[point_index] = part_index
    return labels


def _inside_any(points: np.ndarray, polygons: np.ndarray) -> np.ndarray:
    """Mask of ``points`` that intersect at least one of ``polygons``."""
    inside = np.zeros(len(points), dtype=bool)
    if len(points) and len(polygons):
        hit, _ = shapely.STRtree(polygons).query(points, predicate="intersects")
        inside[hit] = True
    return inside


def _area_zones(areas: gpd.GeoDataFrame, category: str) -> gpd.GeoDataFrame:
    """One zone per area, with the area's own geometry."""
    return _per_feature_zones(areas, category)


def _line_zones(ways: gpd.GeoDataFrame, category: str) -> gpd.GeoDataFrame:
    """One line zone per way."""
    return _per_feature_zones(ways, category)


def _node_point_zones(nodes: gpd.GeoDataFrame, category: str) -> gpd.GeoDataFrame:
    """One point zone per node."""
    return _per_feature_zones(nodes, category)


def _per_feature_zones(frame: gpd.GeoDataFrame, category: str) -> gpd.GeoDataFrame:
    ids = frame["osm_id"].astype(str)
    zones = gpd.GeoDataFrame(
        {
            "zone_id": (category + "-" + ids.str.replace("/", "-")).to_numpy(),
            "name": _tag(frame, "name").to_numpy(),
            "category": category,
            "osm_ids": ids.to_numpy(),
            "source": category,
        },
        geometry=frame.geometry.to_numpy(),
        crs=frame.crs,
    )
    return zones


def _node_circle_zones(nodes: gpd.GeoDataFrame, category: str, radius_m: float) -> gpd.GeoDataFrame:
    """Circles of ``radius_m`` round nodes; nodes closer than the radius share one zone."""
    if nodes.empty:
        return _zone_frame([], nodes.crs)
    points = nodes.geometry.to_numpy()
    circles = shapely.buffer(points, radius_m, quad_segs=_QUAD_SEGS)
    labels = _cluster(points, radius_m / 2)
    members = pd.DataFrame(
        {
            "label": labels,
            "osm_id": nodes["osm_id"].to_numpy(),
            "name": _tag(nodes, "name").to_numpy(),
        }
    )
    rows = []
    for _, group in members.groupby("label", sort=False):
        ids = sorted(group["osm_id"], key=_id_key)
        rows.append(
            {
                "zone_id": f"{category}-{_slug(ids[0])}",
                "name": _join_names(group["name"]),
                "category": category,
                "osm_ids": ";".join(ids),
                "source": category,
                "geometry": shapely.union_all(circles[group.index.to_numpy()]),
            }
        )
    return _zone_frame(rows, nodes.crs)


def _zone_frame(rows: list[dict[str, Any]], crs: Any) -> gpd.GeoDataFrame:
    columns = ["zone_id", "name", "category", "osm_ids", "source"]
    frame = pd.DataFrame(rows, columns=[*columns, "geometry"])
    return gpd.GeoDataFrame(frame[columns], geometry=frame["geometry"].to_numpy(), crs=crs)


def _concat(frames: list[gpd.GeoDataFrame], crs: Any) -> gpd.GeoDataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return _zone_frame([], crs)
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), geometry="geometry", crs=crs)


def _number_duplicates(zones: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Append "-2", "-3"… to repeated zone ids, in row order."""
    ordinal = zones.groupby("zone_id").cumcount() + 1
    zones["zone_id"] = zones["zone_id"].where(
        ordinal == 1, zones["zone_id"] + "-" + ordinal.astype(str)
    )
    return zones


def _join_names(names: Any) -> str | None:
    """Distinct non-empty names, sorted and joined with " / "; None if there are none."""
    distinct = sorted({str(n) for n in names if isinstance(n, str) and n.strip()})
    return " / ".join(distinct) if distinct else None


def _split_ids(zones: gpd.GeoDataFrame) -> set[str]:
    return {part for ids in zones["osm_ids"] for part in str(ids).split(";")}


def _slug(osm_id: str) -> str:
    return str(osm_id).replace("/", "-")


def _id_key(osm_id: str) -> tuple[str, int]:
    kind, _, number = str(osm_id).partition("/")
    return kind, int(number) if number.lstrip("-").isdigit() else 0
