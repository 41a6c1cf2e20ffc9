"""The ``planner`` command line, driven in-process through ``planner.cli.main``.

The tiny project (:func:`tiny_project`) is worked by hand. The standard camera
``c0`` (:data:`engine_helpers.BASE_CAMERA`) stands at the Helsinki origin, 5 m
up, looking east with a 90° lens: it sees nothing nearer than 8.66 m and
detects up to 1920/(2·tan 45°·25) = 38.4 m. A wall of unknown height at
x = 9…10, y = 0…10 hides everything north of y = 0 beyond it, so

* the square x = 10…20, y = −5…5 (100 m²) is half covered: 0.5, FAIL (needs 0.9);
* the point entrance at (15, −3) is seen: 1.0, it meets its requirement;
* the fire lane y = −2, x = 10…50 (40 m) is seen up to x = √(38.4² − 2²):
  (√(38.4² − 4) − 10)/40 = 0.7087, below its 0.9.

The project's ruleset is ``national``: of these categories only the square is
mandatory (Decree 799 Art. 7); estate entrances and fire lanes are advisory
(``mandatory = false``), so the entrance and the lane get no verdict
(``passed`` null) and the district counts one zone judged, failed.

A second camera ``c1`` far to the south-west looks away from everything and is
faulty, so it sees nothing and counts as not working.
"""

from __future__ import annotations

import csv
import io
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely
from engine_helpers import (
    HELSINKI,
    METRIC_CRS,
    box,
    camera,
    dori_range,
    make_buildings,
    make_cameras,
    make_zones,
)
from pyproj import CRS, Transformer
from shapely.geometry import shape

from planner.cli import EXIT_BAD_INPUT, EXIT_OK, main
from planner.core.project import Project
from planner.io.project import read_project, write_project
from planner.io.rulesets import load_ruleset

ROOT = Path(__file__).resolve().parents[1]
TOWN_OSM = Path(__file__).parent / "data" / "osm" / "town.osm"
SAMPLE = ROOT / "data" / "sample_estate.gpkg"
HELSINKI_GPKG = ROOT / "data" / "helsinki.gpkg"
NATIONAL_TOML = ROOT / "planner" / "rulesets" / "national.toml"

OX, OY = HELSINKI
LEVELS = ("detect", "observe", "recognise", "identify")
DETECT_RANGE = dori_range(1920, 90.0, 25.0)  # 38.4 m
SQUARE = box(OX + 10, OY - 5, OX + 20, OY + 5)
LANE = shapely.LineString([(OX + 10, OY - 2), (OX + 50, OY - 2)])
GATE = shapely.Point(OX + 15, OY - 3)
SQUARE_FRACTION = 0.5
LANE_FRACTION = (math.sqrt(DETECT_RANGE**2 - 2.0**2) - 10.0) / 40.0

TOP_KEYS = {
    "schema_version",
    "project",
    "ruleset",
    "crs",
    "district",
    "categories",
    "zones",
    "cameras",
    "camera_notes",
    "problems",
}
FIGURE_KEYS = {
    "zones",
    "passed",
    "failed",
    "pass_rate",
    "area_covered_fraction",
    "length_covered_fraction",
    "points_covered_fraction",
    "advisory",
}
ZONE_KEYS = {
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
}
CAMERA_KEYS = {"total", "working", "not_working", "with_assumptions", "inside_building"}


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def tiny_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-worked project of the module docstring, as a GeoPackage."""
    cameras = make_cameras(
        [
            camera(x=OX, y=OY, camera_id="c0"),
            camera(x=OX - 200, y=OY - 200, camera_id="c1", bearing_deg=225.0, status="faulty"),
        ]
    )
    zones = make_zones(
        [
            {
                "zone_id": "sq",
                "name": "Square",
                "category": "square",
                "required_level": "detect",
                "required_coverage": 0.9,
                "geometry": SQUARE,
            },
            {
                "zone_id": "gate",
                "name": "Gate",
                "category": "estate_entrance",
                "required_level": "detect",
                "required_coverage": 1.0,
                "geometry": GATE,
            },
            {
                "zone_id": "lane",
                "name": "Lane",
                "category": "fire_lane",
                "required_level": "detect",
                "required_coverage": 0.9,
                "geometry": LANE,
            },
        ]
    )
    buildings = make_buildings([{"geometry": box(OX + 9, OY, OX + 10, OY + 10), "height_m": None}])
    project = Project.empty(CRS.from_epsg(METRIC_CRS), ruleset="national").with_layers(
        cameras=cameras, zones=zones, buildings=buildings
    )
    path = tmp_path_factory.mktemp("cli") / "tiny.gpkg"
    write_project(path, project)
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _json_report(capsys: pytest.CaptureFixture[str], project: Path, *extra: str) -> dict:
    code, out, err = _run(capsys, "coverage", project, "--format", "json", *extra)
    assert code == EXIT_OK, err
    return json.loads(out)


def _zones_by_id(document: dict) -> dict[str, dict]:
    return {z["zone_id"]: z for z in document["zones"]}


def _article(category: str) -> str:
    """The national ruleset's article for ``category``."""
    return load_ruleset("national").zone_requirement(category).article


def _to_metres(geometry: shapely.Geometry) -> shapely.Geometry:
    return gpd.GeoSeries([geometry], crs=4326).to_crs(METRIC_CRS).iloc[0]


def _utm_to_lonlat(x: float, y: float) -> tuple[float, float]:
    return Transformer.from_crs(METRIC_CRS, 4326, always_xy=True).transform(x, y)


# ---------------------------------------------------------------------------- coverage


def test_coverage_json_has_the_documented_keys_and_hand_worked_values(
    capsys: pytest.CaptureFixture[str], tiny_project: Path
) -> None:
    doc = _json_report(capsys, tiny_project)
    assert set(doc) >= TOP_KEYS
    assert doc["schema_version"] == 1
    assert doc["project"] == str(tiny_project)
    assert doc["ruleset"] == "national"
    assert CRS.from_user_input(doc["crs"]).equals(CRS.from_epsg(METRIC_CRS))
    assert set(doc["district"]) >= FIGURE_KEYS
    assert set(doc["cameras"]) >= CAMERA_KEYS
    assert all(set(z) >= ZONE_KEYS for z in doc["zones"])
    assert all(set(c) >= {"category", *FIGURE_KEYS} for c in doc["categories"])

    # the fraction the brief asks for, at the documented path zones[0].covered_fraction
    assert doc["zones"][0]["zone_id"] == "sq"
    assert doc["zones"][0]["covered_fraction"] == pytest.approx(SQUARE_FRACTION, abs=0.005)

    zones = _zones_by_id(doc)
    assert list(zones) == ["sq", "gate", "lane"]
    sq, gate, lane = zones["sq"], zones["gate"], zones["lane"]
    assert (sq["kind"], sq["unit"], sq["total_amount"]) == ("area", "m2", pytest.approx(100.0))
    assert sq["covered_amount"] == pytest.approx(50.0, abs=0.5)
    assert (sq["required_level"], sq["required_coverage"], sq["passed"]) == ("detect", 0.9, False)
    assert (sq["mandatory"], sq["article"]) == (True, _article("square"))
    assert (sq["cameras"], sq["camera_ids"], sq["name"]) == (1, ["c0"], "Square")

    assert (gate["kind"], gate["unit"], gate["total_amount"]) == ("point", "point", 1.0)
    assert (gate["covered_fraction"], gate["passed"], gate["camera_ids"]) == (1.0, None, ["c0"])
    assert (gate["mandatory"], gate["article"]) == (False, _article("estate_entrance"))

    assert (lane["kind"], lane["unit"], lane["total_amount"]) == ("line", "m", pytest.approx(40.0))
    assert lane["covered_fraction"] == pytest.approx(LANE_FRACTION, abs=0.005)
    assert lane["covered_amount"] == pytest.approx(40.0 * LANE_FRACTION, abs=0.2)
    assert lane["passed"] is None
    assert (lane["mandatory"], lane["article"]) == (False, _article("fire_lane"))

    district = doc["district"]
    assert (district["zones"], district["passed"], district["failed"]) == (3, 0, 1)
    assert (district["advisory"], district["pass_rate"]) == (2, 0.0)
    assert district["area_covered_fraction"] == pytest.approx(SQUARE_FRACTION, abs=0.005)
    assert district["length_covered_fraction"] == pytest.approx(LANE_FRACTION, abs=0.005)
    assert district["points_covered_fraction"] == 1.0
    categories = {c["category"]: c for c in doc["categories"]}
    assert set(categories) == {"square", "estate_entrance", "fire_lane"}
    assert categories["estate_entrance"]["pass_rate"] is None
    assert categories["square"]["pass_rate"] == 0.0
    assert [categories[c]["mandatory"] for c in ("square", "estate_entrance", "fire_lane")] == [
        True,
        False,
        False,
    ]
    assert categories["square"]["length_covered_fraction"] is None

    cams = doc["cameras"]
    assert (cams["total"], cams["working"], cams["not_working"]) == (2, 1, 1)
    assert cams["inside_building"] == []
    assert doc["problems"] == []


def test_coverage_table_lists_every_zone_with_its_result(
    capsys: pytest.CaptureFixture[str], tiny_project: Path
) -> None:
    code, out, err = _run(capsys, "coverage", tiny_project)
    assert code == EXIT_OK, err
    lines = out.splitlines()
    assert str(tiny_project) in lines[0] and "national" in lines[0]

    def zone_line(zone_id: str) -> str:
        [line] = [ln for ln in lines if ln.split() and ln.split()[0] == zone_id]
        return line

    assert zone_line("sq").endswith(f"FAIL     {_article('square')}")
    assert "50.0%" in zone_line("sq")
    assert zone_line("lane").endswith(f"advisory {_article('fire_lane')}")
    assert f"{LANE_FRACTION:.1%}" in zone_line("lane")
    assert zone_line("gate").endswith(f"advisory {_article('estate_entrance')}")
    assert "100.0%" in zone_line("gate")
    [district] = [ln for ln in lines if ln.startswith("DISTRICT")]
    assert district.split()[1:6] == ["3", "0", "1", "2", "0.0%"]
    assert "Cameras: 2 (1 working)" in out


def test_coverage_csv_has_one_row_per_zone(
    capsys: pytest.CaptureFixture[str], tiny_project: Path
) -> None:
    code, out, err = _run(capsys, "coverage", tiny_project, "--format", "csv")
    assert code == EXIT_OK, err
    reader = csv.DictReader(io.StringIO(out))
    assert {"zone_id", "covered_fraction"} <= set(reader.fieldnames or ())
    rows = list(reader)
    assert [r["zone_id"] for r in rows] == ["sq", "gate", "lane"]
    fractions = {r["zone_id"]: float(r["covered_fraction"]) for r in rows}
    assert all(0.0 <= f <= 1.0 for f in fractions.values())
    assert fractions["sq"] == pytest.approx(SQUARE_FRACTION, abs=0.005)
    assert fractions["gate"] == 1.0
    assert fractions["lane"] == pytest.approx(LANE_FRACTION, abs=0.005)
    assert {r["zone_id"]: (r["passed"], r["mandatory"]) for r in rows} == {
        "sq": ("False", "True"),
        "gate": ("", "False"),
        "lane": ("", "False"),
    }
    assert {r["camera_ids"] for r in rows} == {"c0"}


def test_coverage_formats_agree(capsys: pytest.CaptureFixture[str], tiny_project: Path) -> None:
    doc = _json_report(capsys, tiny_project)
    _, out, _ = _run(capsys, "coverage", tiny_project, "--format", "csv")
    from_csv = {
        r["zone_id"]: float(r["covered_fraction"]) for r in csv.DictReader(io.StringIO(out))
    }
    assert from_csv == {z["zone_id"]: z["covered_fraction"] for z in doc["zones"]}


def test_coverage_of_the_sample_estate(capsys: pytest.CaptureFixture[str]) -> None:
    doc = _json_report(capsys, SAMPLE)
    assert doc["ruleset"] == "qingdao"
    assert doc["cameras"]["total"] == 15
    assert len(doc["zones"]) == 6
    assert doc["district"]["passed"] == sum(z["passed"] is True for z in doc["zones"])
    # Qingdao: fire lanes are advisory (mandatory = false)
    assert [z["zone_id"] for z in doc["zones"] if z["passed"] is None] == ["Z03"]


def test_ruleset_option_overrides_the_project_one(
    capsys: pytest.CaptureFixture[str], tiny_project: Path
) -> None:
    doc = _json_report(capsys, tiny_project, "--ruleset", "qingdao")
    assert doc["ruleset"] == "qingdao"
    # the zones carry their own level and coverage, so the figures do not change
    assert _zones_by_id(doc)["sq"]["covered_fraction"] == pytest.approx(0.5, abs=0.005)


# ---------------------------------------------------------------------------- gaps


def test_gaps_are_the_uncovered_part_of_every_zone(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "gaps.gpkg"
    code, out, err = _run(capsys, "coverage", tiny_project, "--format", "json", "--gaps", out_path)
    assert code == EXIT_OK, err
    assert str(out_path) in err
    fractions = {z["zone_id"]: z["covered_fraction"] for z in json.loads(out)["zones"]}
    assert [name for name, _ in pyogrio.list_layers(out_path)] == ["gaps"]
    gaps = gpd.read_file(out_path, layer="gaps")
    assert CRS.from_user_input(gaps.crs).equals(CRS.from_epsg(METRIC_CRS))
    by_id = dict(zip(gaps["zone_id"], gaps.geometry, strict=True))
    # the gate is covered, so it has no gap
    assert set(by_id) == {"sq", "lane"}
    assert by_id["sq"].area == pytest.approx(SQUARE.area * (1 - fractions["sq"]), rel=0.01)
    assert by_id["lane"].length == pytest.approx(LANE.length * (1 - fractions["lane"]), rel=0.01)
    # the uncovered part of the square is its northern half, behind the wall
    north = box(OX + 10, OY, OX + 20, OY + 5)
    assert by_id["sq"].symmetric_difference(north).area < 1.0


def test_gaps_in_another_crs_are_in_lon_lat(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "gaps_wgs84.gpkg"
    code, _, err = _run(capsys, "coverage", tiny_project, "--gaps", out_path, "--crs", "EPSG:4326")
    assert code == EXIT_OK, err
    gaps = gpd.read_file(out_path, layer="gaps")
    assert CRS.from_user_input(gaps.crs).equals(CRS.from_epsg(4326))
    minx, miny, maxx, maxy = gaps.total_bounds
    assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    # the gaps lie between the square's north-west corner and the lane's east end
    lon0, lat0 = _utm_to_lonlat(OX + 10, OY - 2)
    lon1, lat1 = _utm_to_lonlat(OX + 50, OY + 5)
    assert lon0 - 1e-4 <= minx <= maxx <= lon1 + 1e-4
    assert lat0 - 1e-4 <= miny <= maxy <= lat1 + 1e-4
    # back in metres, the square's gap keeps its area
    sq = gaps.to_crs(METRIC_CRS).set_index("zone_id").geometry["sq"]
    assert sq.area == pytest.approx(50.0, rel=0.01)


# ---------------------------------------------------------------------------- views


def _features(path: Path) -> list[dict]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    return document["features"]


def _all_coordinates(geometry: dict):
    def walk(value):
        if not value:
            return
        if isinstance(value[0], int | float):
            yield value
        else:
            for item in value:
                yield from walk(item)

    yield from walk(geometry["coordinates"])


def test_views_writes_one_feature_per_camera_and_level_in_lon_lat(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "views.geojson"
    code, out, err = _run(capsys, "views", tiny_project, "-o", out_path)
    assert code == EXIT_OK, err
    assert out == ""
    assert str(out_path) in err
    features = _features(out_path)
    pairs = sorted((f["properties"]["camera_id"], f["properties"]["level"]) for f in features)
    assert pairs == sorted((c, lv) for c in ("c0", "c1") for lv in LEVELS)
    detect = next(
        f
        for f in features
        if f["properties"]["camera_id"] == "c0" and f["properties"]["level"] == "detect"
    )
    assert detect["properties"]["range_m"] == pytest.approx(DETECT_RANGE)
    lon, lat = _utm_to_lonlat(OX, OY)
    coords = [c for f in features if f["geometry"] for c in _all_coordinates(f["geometry"])]
    assert coords
    for x, y, *_ in coords:
        assert -180 <= x <= 180 and -90 <= y <= 90
        # within a few hundred metres of Helsinki: about 0.01° of latitude per km
        assert abs(x - lon) < 0.02 and abs(y - lat) < 0.01
    # c0's detect view, back in metres, reaches no further than its range
    view = shape(detect["geometry"])
    view_m = _to_metres(view)
    assert shapely.Point(OX, OY).hausdorff_distance(view_m) <= DETECT_RANGE + 0.5
    assert view_m.area > 0
    # c1 sees open ground: a 90° ring sector from the blind distance 5/tan 30° to 38.4 m
    blind = 5.0 / math.tan(math.radians(30.0))
    [c1_detect] = [
        shape(f["geometry"])
        for f in features
        if f["properties"]["camera_id"] == "c1" and f["properties"]["level"] == "detect"
    ]
    c1_area = _to_metres(c1_detect).area
    assert c1_area == pytest.approx(math.pi / 4 * (DETECT_RANGE**2 - blind**2), rel=2e-3)
    # recognise (125 px/m) and identify reach 1920/250 = 7.68 m or less: inside the blind zone
    for f in features:
        if f["properties"]["level"] in ("recognise", "identify"):
            assert f["geometry"] is None or not list(_all_coordinates(f["geometry"])), f


def test_views_with_one_level(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "recognise.geojson"
    code, _, err = _run(capsys, "views", tiny_project, "-o", out_path, "--level", "recognise")
    assert code == EXIT_OK, err
    features = _features(out_path)
    assert len(features) == 2
    assert {f["properties"]["level"] for f in features} == {"recognise"}
    assert {f["properties"]["camera_id"] for f in features} == {"c0", "c1"}


def test_views_with_two_levels(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "two.geojson"
    argv = ("views", tiny_project, "-o", out_path, "--level", "identify", "--level", "detect")
    code, _, err = _run(capsys, *argv)
    assert code == EXIT_OK, err
    levels = sorted(f["properties"]["level"] for f in _features(out_path))
    assert levels == ["detect", "detect", "identify", "identify"]


def test_views_to_a_geopackage_stay_in_the_project_crs(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "views.gpkg"
    code, _, err = _run(capsys, "views", tiny_project, "-o", out_path)
    assert code == EXIT_OK, err
    views = gpd.read_file(out_path, layer="views")
    assert CRS.from_user_input(views.crs).equals(CRS.from_epsg(METRIC_CRS))
    assert len(views) == 2 * len(LEVELS)
    row = views[(views["camera_id"] == "c0") & (views["level"] == "detect")].iloc[0]
    assert row["range_m"] == pytest.approx(DETECT_RANGE)


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg"])
def test_views_attributes_keep_their_types(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path, suffix: str
) -> None:
    # regression: ViewSet.to_frame once built an object array, so numbers and flags
    # were written as text ('38.400000000000006', 'True')
    out_path = tmp_path / f"views{suffix}"
    code, _, err = _run(capsys, "views", tiny_project, "-o", out_path)
    assert code == EXIT_OK, err
    views = gpd.read_file(out_path, layer="views").set_index(["camera_id", "level"])
    assert views["range_m"].dtype.kind == "f"
    assert views["area_m2"].dtype.kind == "f"
    assert views.loc[("c0", "detect"), "range_m"] == pytest.approx(DETECT_RANGE)
    assert views.loc[("c0", "detect"), "working"] == True  # noqa: E712  (numpy bool)
    assert views.loc[("c1", "detect"), "working"] == False  # noqa: E712
    assert views.loc[("c0", "detect"), "inside_building"] == False  # noqa: E712


# ---------------------------------------------------------------------------- import-osm


def test_import_osm_writes_a_project_that_coverage_can_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_path = tmp_path / "town.gpkg"
    code, _, err = _run(capsys, "import-osm", TOWN_OSM, "-o", out_path)
    assert code == EXIT_OK, err
    assert str(out_path) in err
    project = read_project(out_path)
    assert project.ruleset == "national"
    assert project.zones["category"].nunique() >= 3
    assert len(project.cameras) > 0 and len(project.buildings) > 0

    doc = _json_report(capsys, out_path)
    assert sorted(z["zone_id"] for z in doc["zones"]) == sorted(project.zones["zone_id"])
    assert doc["cameras"]["total"] == len(project.cameras)
    assert all(0.0 <= z["covered_fraction"] <= 1.0 for z in doc["zones"])


def test_import_osm_stores_the_chosen_ruleset(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_path = tmp_path / "town_qd.gpkg"
    code, _, err = _run(capsys, "import-osm", TOWN_OSM, "-o", out_path, "--ruleset", "qingdao")
    assert code == EXIT_OK, err
    assert read_project(out_path).ruleset == "qingdao"
    assert _json_report(capsys, out_path)["ruleset"] == "qingdao"


# ---------------------------------------------------------------------------- bad input


def _bad_key_ruleset(tmp_path: Path) -> Path:
    text = NATIONAL_TOML.read_text(encoding="utf-8")
    marker = '[zones.square]\nlevel = "observe"'
    assert marker in text
    path = tmp_path / "typo.toml"
    path.write_text(text.replace(marker, '[zones.square]\nlevle = "observe"'), encoding="utf-8")
    return path


def _assert_one_error_line(err: str, *needles: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("planner: error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def test_missing_project_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "missing.gpkg"
    code, out, err = _run(capsys, "coverage", missing)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    _assert_one_error_line(err, str(missing), "does not exist")


def test_text_file_named_gpkg(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fake = tmp_path / "notes.gpkg"
    fake.write_text("zone_id,category\nz1,square\n", encoding="utf-8")
    code, _, err = _run(capsys, "coverage", fake)
    assert code == EXIT_BAD_INPUT
    _assert_one_error_line(err, str(fake), "not a GeoPackage")


def test_geopackage_without_project_layers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    other = tmp_path / "other.gpkg"
    frame = gpd.GeoDataFrame(
        {"value": [1, 2]},
        geometry=gpd.GeoSeries([shapely.Point(24.9, 60.2), shapely.Point(25.0, 60.1)], crs=4326),
    )
    frame.to_file(other, layer="random_stuff", driver="GPKG")
    for command in (["coverage", other], ["views", other, "-o", tmp_path / "v.geojson"]):
        code, _, err = _run(capsys, *command)
        assert code == EXIT_BAD_INPUT
        _assert_one_error_line(err, str(other), "random_stuff", "not a Coverage Planner project")
    assert not (tmp_path / "v.geojson").exists()


def test_unknown_ruleset_name(capsys: pytest.CaptureFixture[str], tiny_project: Path) -> None:
    code, out, err = _run(capsys, "coverage", tiny_project, "--ruleset", "nosuch")
    assert code == EXIT_BAD_INPUT
    assert out == ""
    _assert_one_error_line(err, "nosuch.toml", "qingdao")


def test_ruleset_file_with_a_bad_key(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    bad = _bad_key_ruleset(tmp_path)
    code, out, err = _run(capsys, "coverage", tiny_project, "--ruleset", bad)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    _assert_one_error_line(err, str(bad), "zones.square.levle", "unknown key")


def test_import_osm_with_a_bad_ruleset_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_path = tmp_path / "never.gpkg"
    code, _, err = _run(capsys, "import-osm", TOWN_OSM, "-o", out_path, "--ruleset", "nosuch")
    assert code == EXIT_BAD_INPUT
    _assert_one_error_line(err, "nosuch.toml")
    assert not out_path.exists()


def test_import_osm_of_a_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.osm"
    code, _, err = _run(capsys, "import-osm", missing, "-o", tmp_path / "x.gpkg")
    assert code == EXIT_BAD_INPUT
    _assert_one_error_line(err, "nowhere.osm")
    assert not (tmp_path / "x.gpkg").exists()


def test_views_to_an_unknown_format(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "out.xyz"
    code, out, err = _run(capsys, "views", tiny_project, "-o", out_path)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    _assert_one_error_line(err, str(out_path), "'.xyz'", ".geojson")
    assert list(tmp_path.iterdir()) == []


def test_gaps_in_a_crs_that_is_not_one(
    capsys: pytest.CaptureFixture[str], tiny_project: Path, tmp_path: Path
) -> None:
    out_path = tmp_path / "gaps.gpkg"
    code, _, err = _run(
        capsys, "coverage", tiny_project, "--gaps", out_path, "--crs", "EPSG:nonsense"
    )
    assert code == EXIT_BAD_INPUT
    _assert_one_error_line(err, "--crs", "EPSG:nonsense")
    assert not out_path.exists()


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys)
    assert code == EXIT_BAD_INPUT
    assert "coverage" in out and "views" in out and "import-osm" in out


def test_installed_script_reports_a_user_error_in_one_line(tmp_path: Path) -> None:
    script = shutil.which("planner", path=str(Path(sys.executable).parent))
    assert script is not None, "the planner console script is not installed in this environment"
    missing = tmp_path / "missing.gpkg"
    result = subprocess.run(
        [script, "coverage", str(missing)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == EXIT_BAD_INPUT
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == f"planner: error: file {missing}: file does not exist"


# ---------------------------------------------------------------------------- Helsinki


def test_helsinki_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    if not HELSINKI_GPKG.exists():
        pytest.skip("data/helsinki.gpkg is made by .ci/setup")
    doc = _json_report(capsys, HELSINKI_GPKG)
    assert doc["cameras"]["total"] == 221
    zones = doc["zones"]
    assert len(zones) >= 100
    assert all(0.0 <= z["covered_fraction"] <= 1.0 for z in zones)
    ids = [z["zone_id"] for z in zones]
    assert len(set(ids)) == len(ids)
    district = doc["district"]
    assert district["zones"] == len(zones)
    assert district["passed"] == sum(z["passed"] is True for z in zones)
    judged = district["passed"] + district["failed"]
    assert judged == sum(z["mandatory"] for z in zones)
    assert judged + district["advisory"] == district["zones"]
    assert district["pass_rate"] == pytest.approx(district["passed"] / judged, abs=1e-6)
    assert sum(c["zones"] for c in doc["categories"]) == len(zones)
    for z in zones:
        meets = z["covered_fraction"] >= z["required_coverage"] - 1e-6
        assert z["passed"] == (meets if z["mandatory"] else None), z
