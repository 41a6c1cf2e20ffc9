"""Result layers written in every vector format the planner accepts (``planner.io.export``).

GeoJSON is RFC 7946 unless another CRS is asked for: WGS 84 longitude/latitude,
exterior rings counter-clockwise and holes clockwise, no ``crs`` member, 7
decimals. Every format round-trips through pyogrio: the same features, the
geometry within a centimetre or two after reprojection back into metres.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import stat
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely
from engine_helpers import HELSINKI, METRIC_CRS
from pyproj import CRS

from planner.cli import EXIT_BAD_INPUT, EXIT_OK, main
from planner.core.errors import CrsError, InputError
from planner.io import export
from planner.io.export import FORMATS, check_output_path, default_output_crs, write_layer

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_estate.gpkg"


@pytest.fixture(autouse=True)
def _sample_copy(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands export from a copy of the sample: every export appends to its export_log."""
    copy = tmp_path_factory.mktemp("sample") / SAMPLE.name
    copy.write_bytes(SAMPLE.read_bytes())
    monkeypatch.setattr(sys.modules[__name__], "SAMPLE", copy)


OX, OY = HELSINKI
#: 7 decimals of a degree are about 1 cm; a little more for the round trip
TOLERANCE_M = 0.05

ALL_SUFFIXES = [s for f in FORMATS for s in f.suffixes]


# ---------------------------------------------------------------------------- frames


def _clockwise_polygon_with_a_hole() -> shapely.Polygon:
    """Exterior clockwise and hole counter-clockwise: both the wrong way round for RFC 7946."""
    exterior = [(OX, OY), (OX, OY + 10), (OX + 10, OY + 10), (OX + 10, OY), (OX, OY)]
    hole = [
        (OX + 2, OY + 2),
        (OX + 4, OY + 2),
        (OX + 4, OY + 4),
        (OX + 2, OY + 4),
        (OX + 2, OY + 2),
    ]
    polygon = shapely.Polygon(exterior, [hole])
    assert not polygon.exterior.is_ccw and polygon.interiors[0].is_ccw
    return polygon


def _polygons() -> gpd.GeoDataFrame:
    """Polygons (one with a hole, one multi-part, one empty) with every kind of attribute."""
    return gpd.GeoDataFrame(
        {
            "zone_id": ["hole", "multi", "plain", "empty"],
            "name": ["北门", "[1, 2]", "=SUM(A1)", None],
            "covered_fraction": [0.25, 1.0, 0.5, math.nan],
            "passed": [True, False, True, False],
            "cameras": [1, 2, 3, 0],
        },
        geometry=[
            _clockwise_polygon_with_a_hole(),
            shapely.MultiPolygon(
                [
                    shapely.box(OX + 20, OY, OX + 30, OY + 5),
                    shapely.box(OX + 40, OY, OX + 45, OY + 5),
                ]
            ),
            shapely.box(OX - 30, OY - 30, OX - 20, OY - 25),
            shapely.Polygon(),
        ],
        crs=METRIC_CRS,
    )


def _mixed() -> gpd.GeoDataFrame:
    """A polygon, a line and a point, as the gaps of area, line and point zones."""
    return gpd.GeoDataFrame(
        {"zone_id": ["area", "line", "point"]},
        geometry=[
            shapely.box(OX, OY, OX + 10, OY + 10),
            shapely.LineString([(OX, OY - 2), (OX + 40, OY - 2)]),
            shapely.Point(OX + 15, OY - 3),
        ],
        crs=METRIC_CRS,
    )


# ---------------------------------------------------------------------------- helpers


def _signed_area(ring: list[list[float]]) -> float:
    """Shoelace area: positive for a counter-clockwise ring (x east, y north)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring)) / 2.0


def _polygon_rings(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry is None:
        return []
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def _assert_right_hand_rule(features: list[dict]) -> int:
    """Every exterior ring counter-clockwise, every hole clockwise; returns the holes seen."""
    holes = 0
    for feature in features:
        for rings in _polygon_rings(feature["geometry"]):
            if not rings:
                continue
            assert _signed_area(rings[0]) > 0, feature["properties"]
            for hole in rings[1:]:
                assert _signed_area(hole) < 0, feature["properties"]
                holes += 1
    return holes


def _coordinates(geometry: dict | None) -> list[list[float]]:
    """Every position of a GeoJSON geometry."""

    def walk(value: list) -> list[list[float]]:
        if not value:
            return []
        if isinstance(value[0], int | float):
            return [value]
        return [c for item in value for c in walk(item)]

    return walk(geometry["coordinates"]) if geometry else []


def _lonlat_bounds(frame: gpd.GeoDataFrame, margin: float = 1e-6) -> tuple[float, ...]:
    west, south, east, north = frame.to_crs(4326).total_bounds
    return west - margin, south - margin, east + margin, north + margin


def _read_geojson(path: Path) -> dict:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    return document


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _same_properties(written: dict, expected: dict) -> None:
    assert set(written) == set(expected)
    for key, value in expected.items():
        if isinstance(value, float) and math.isnan(value):
            assert written[key] is None, key
        elif isinstance(value, float):
            assert written[key] == pytest.approx(value), key
        else:
            assert written[key] == value, key


def _records(frame: gpd.GeoDataFrame) -> list[dict]:
    return [
        {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        for row in frame.drop(columns="geometry").to_dict("records")
    ]


# ---------------------------------------------------------------------------- strict GeoJSON


def test_geojson_is_rfc_7946(tmp_path: Path) -> None:
    frame = _polygons()
    path = tmp_path / "gaps.geojson"
    problems = write_layer(frame, path, layer="gaps")
    assert problems == ()
    document = _read_geojson(path)
    assert "crs" not in document
    features = document["features"]
    # the same features and properties as the frame, in its order
    assert len(features) == len(frame)
    for feature, expected in zip(features, _records(frame), strict=True):
        _same_properties(feature["properties"], expected)
    # longitude/latitude within the frame's own extent, 7 decimals at most
    west, south, east, north = _lonlat_bounds(frame)
    coordinates = [c for f in features if f["geometry"] for c in _coordinates(f["geometry"])]
    assert coordinates
    for lon, lat, *_ in coordinates:
        assert west <= lon <= east and south <= lat <= north
        assert round(lon, 7) == lon and round(lat, 7) == lat
    # right-hand rule: the clockwise input came out counter-clockwise, its hole clockwise
    assert _assert_right_hand_rule(features) == 1
    # back in metres, within a centimetre or two of what was written
    back = gpd.read_file(path).to_crs(METRIC_CRS)
    for got, want in zip(back.geometry, frame.geometry, strict=True):
        if want.is_empty:
            assert got is None or got.is_empty
        else:
            assert got.hausdorff_distance(want) < TOLERANCE_M
            assert got.area == pytest.approx(want.area, abs=0.5)


def test_geojson_with_crs_none_still_is_lon_lat(tmp_path: Path) -> None:
    """A caller that leaves out the CRS gets RFC 7946 all the same."""
    path = tmp_path / "views.json"
    write_layer(_mixed(), path, layer="views", crs=None)
    document = _read_geojson(path)
    assert "crs" not in document
    for lon, lat, *_ in (c for f in document["features"] for c in _coordinates(f["geometry"])):
        assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_geojson_in_another_crs_is_written_as_asked_and_said_to_be_non_standard(
    tmp_path: Path,
) -> None:
    frame = _polygons()
    path = tmp_path / "mercator.geojson"
    problems = write_layer(frame, path, layer="gaps", crs="EPSG:3857")
    assert len(problems) == 1
    message = str(problems[0])
    assert str(path) in message and "EPSG:3857" in message and "RFC 7946" in message
    document = _read_geojson(path)
    assert "3857" in json.dumps(document["crs"])
    back = gpd.read_file(path)
    assert CRS.from_user_input(back.crs).equals(CRS.from_epsg(3857))
    expected = frame.to_crs(3857)
    for got, want in zip(back.geometry, expected.geometry, strict=True):
        if not want.is_empty:
            assert got.hausdorff_distance(want) < 0.01
    # the winding is right in any CRS
    assert _assert_right_hand_rule(document["features"]) == 1


def test_geojson_strings_stay_strings(tmp_path: Path) -> None:
    """GDAL would write "[1, 2]" as a JSON array: a name stays the text it was."""
    path = tmp_path / "names.geojson"
    write_layer(_polygons(), path, layer="gaps")
    names = [f["properties"]["name"] for f in _read_geojson(path)["features"]]
    assert names == ["北门", "[1, 2]", "=SUM(A1)", None]


# ---------------------------------------------------------------------------- the CLI, GeoJSON


def test_views_of_the_sample_are_rfc_7946(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "views.geojson"
    code, _, err = _run(capsys, "views", SAMPLE, "-o", path)
    assert code == EXIT_OK, err
    assert "warning" not in err
    document = _read_geojson(path)
    assert "crs" not in document
    features = document["features"]
    # the same features and properties as the same views written to a GeoPackage
    reference = tmp_path / "views.gpkg"
    assert _run(capsys, "views", SAMPLE, "-o", reference)[0] == EXIT_OK
    expected = gpd.read_file(reference, layer="views")
    assert len(features) == len(expected)
    for feature, want in zip(features, _records(expected), strict=True):
        _same_properties(feature["properties"], want)
    # within the sample's extent (its cameras' views reach a few hundred metres)
    cameras = gpd.read_file(SAMPLE, layer="cameras")
    west, south, east, north = _lonlat_bounds(cameras, margin=0.01)
    coordinates = [c for f in features if f["geometry"] for c in _coordinates(f["geometry"])]
    assert coordinates
    for lon, lat, *_ in coordinates:
        assert west <= lon <= east and south <= lat <= north
    _assert_right_hand_rule(features)


def test_gaps_of_the_sample_are_rfc_7946(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "gaps.geojson"
    code, _, err = _run(capsys, "coverage", SAMPLE, "--gaps", path)
    assert code == EXIT_OK, err
    document = _read_geojson(path)
    assert "crs" not in document
    assert document["features"]
    zones = gpd.read_file(SAMPLE, layer="zones")
    west, south, east, north = _lonlat_bounds(zones)
    for feature in document["features"]:
        for lon, lat, *_ in _coordinates(feature["geometry"]):
            assert west <= lon <= east and south <= lat <= north
    _assert_right_hand_rule(document["features"])


def test_views_in_web_mercator_keep_the_crs_and_warn(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "views.geojson"
    code, _, err = _run(capsys, "views", SAMPLE, "-o", path, "--crs", "EPSG:3857")
    assert code == EXIT_OK, err
    warnings = [line for line in err.splitlines() if line.startswith("planner: warning:")]
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "RFC 7946" in warnings[0] and "EPSG:3857" in warnings[0]
    document = _read_geojson(path)
    assert "3857" in json.dumps(document["crs"])
    assert CRS.from_user_input(gpd.read_file(path).crs).equals(CRS.from_epsg(3857))
    x, y, *_ = next(c for f in document["features"] for c in _coordinates(f["geometry"]))
    assert abs(x) > 1e6 and abs(y) > 1e6  # metres, not degrees


# ---------------------------------------------------------------------------- every format


def _read_back(path: Path) -> gpd.GeoDataFrame:
    suffix = path.suffix.lower()
    frame = pyogrio.read_dataframe(path)
    if suffix == ".csv":  # WKT holds no CRS: written in WGS 84 lon/lat by default
        frame = frame.drop(columns="WKT").set_crs(4326)
    elif suffix == ".dxf":  # DXF holds no CRS: written in the project CRS
        frame = frame.set_crs(METRIC_CRS)
    return frame.to_crs(METRIC_CRS)


@pytest.mark.parametrize("suffix", ALL_SUFFIXES)
def test_every_format_round_trips(tmp_path: Path, suffix: str) -> None:
    frame = _polygons()
    path = tmp_path / f"gaps{suffix}"
    write_layer(frame, path, layer="gaps")
    assert path.exists()
    back = _read_back(path)
    drawn = frame[~frame.geometry.is_empty]
    if suffix == ".dxf":
        # no attributes; each part of a multi-part geometry is an entity of its own
        assert "zone_id" not in back.columns
        assert set(back["Layer"]) == {"gaps"}
        assert len(back) == drawn.geometry.explode().size
        got = shapely.union_all(back.geometry.to_numpy())
        want = shapely.union_all(drawn.geometry.to_numpy())
        assert got.symmetric_difference(want).area < 0.5
        return
    assert len(back) == len(frame)
    zone_column = "zone_id"
    assert list(back[zone_column]) == list(frame["zone_id"])
    for got, want in zip(back.geometry, frame.geometry, strict=True):
        if want.is_empty:
            assert got is None or got.is_empty
        else:
            assert got.hausdorff_distance(want) < TOLERANCE_M
            assert got.area == pytest.approx(want.area, abs=0.5)


@pytest.mark.parametrize("suffix", [".gpkg", ".geojson", ".fgb", ".kml", ".csv", ".geojsonl"])
def test_formats_holding_several_geometry_types(tmp_path: Path, suffix: str) -> None:
    frame = _mixed()
    path = tmp_path / f"gaps{suffix}"
    write_layer(frame, path, layer="gaps")
    back = _read_back(path)
    assert list(back.geometry.geom_type) == ["Polygon", "LineString", "Point"]
    for got, want in zip(back.geometry, frame.geometry, strict=True):
        assert got.hausdorff_distance(want) < TOLERANCE_M


def test_flatgeobuf_has_a_spatial_index_unless_a_feature_has_no_geometry(tmp_path: Path) -> None:
    with_index = tmp_path / "mixed.fgb"
    write_layer(_mixed(), with_index, layer="gaps")
    assert pyogrio.read_info(with_index)["capabilities"]["fast_spatial_filter"]
    without = tmp_path / "polygons.fgb"
    write_layer(_polygons(), without, layer="gaps")  # has an empty polygon
    assert len(pyogrio.read_dataframe(without)) == 4


def test_a_shapefile_refuses_several_geometry_types(tmp_path: Path) -> None:
    path = tmp_path / "gaps.shp"
    with pytest.raises(InputError) as caught:
        write_layer(_mixed(), path, layer="gaps")
    message = str(caught.value)
    assert str(path) in message and "one geometry type" in message
    assert "1 points" in message and "1 lines" in message and "1 polygons" in message
    assert ".gpkg" in message
    assert list(tmp_path.iterdir()) == []


def test_shapefile_field_names_cut_to_ten_letters_are_reported(tmp_path: Path) -> None:
    frame = _polygons().rename(columns={"covered_fraction": "covered_fraction_long"})
    path = tmp_path / "gaps.shp"
    problems = write_layer(frame, path, layer="gaps")
    [note] = problems
    assert "covered_fraction_long → covered_fr" in str(note) and str(path) in str(note)
    back = pyogrio.read_dataframe(path)
    assert back["covered_fr"].iloc[0] == pytest.approx(0.25)
    assert back["name"].iloc[0] == "北门"  # UTF-8, with a .cpg saying so
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".cpg", ".dbf", ".prj", ".shp", ".shx"]


def test_kml_is_lon_lat_counter_clockwise_and_names_placemarks(tmp_path: Path) -> None:
    gaps = tmp_path / "gaps.kml"
    write_layer(_polygons(), gaps, layer="gaps")
    assert "<name>北门</name>" in gaps.read_text(encoding="utf-8")  # a zone's name
    back = pyogrio.read_dataframe(gaps)
    assert CRS.from_user_input(back.crs).equals(CRS.from_epsg(4326))
    assert list(back["zone_id"]) == ["hole", "multi", "plain", "empty"]
    hole = back.geometry.iloc[0]
    assert hole.exterior.is_ccw and not hole.interiors[0].is_ccw
    views = tmp_path / "views.kml"
    frame = _polygons().drop(columns=["name", "zone_id"]).assign(camera_id=["c0", "c1", "c2", "c3"])
    write_layer(frame, views, layer="views")
    assert "<name>c0</name>" in views.read_text(encoding="utf-8")  # a camera's id
    assert list(pyogrio.read_dataframe(views)["camera_id"]) == ["c0", "c1", "c2", "c3"]


@pytest.mark.parametrize("suffix", [".geojsonl", ".geojsons"])
def test_a_geojson_sequence_is_one_rfc_7946_feature_per_line(tmp_path: Path, suffix: str) -> None:
    frame = _polygons()
    path = tmp_path / f"gaps{suffix}"
    assert write_layer(frame, path, layer="gaps") == ()
    # not splitlines(): it also splits at the record separator
    lines = path.read_text(encoding="utf-8").removesuffix("\n").split("\n")
    assert len(lines) == len(frame)
    start = "\x1e" if suffix == ".geojsons" else ""
    features = []
    for line in lines:
        assert line.startswith(start + "{")
        features.append(json.loads(line.removeprefix(start)))
    assert all(f["type"] == "Feature" for f in features)
    for feature, expected in zip(features, _records(frame), strict=True):
        _same_properties(feature["properties"], expected)  # "[1, 2]" stays a string
    assert _assert_right_hand_rule(features) == 1
    west, south, east, north = _lonlat_bounds(frame)
    for lon, lat, *_ in (c for f in features for c in _coordinates(f["geometry"])):
        assert west <= lon <= east and south <= lat <= north


@pytest.mark.parametrize("suffix", [".kml", ".geojsonl"])
def test_wgs84_only_formats_refuse_another_crs(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"views{suffix}"
    with pytest.raises(CrsError) as caught:
        write_layer(_polygons(), path, layer="views", crs="EPSG:3857")
    message = str(caught.value)
    assert str(path) in message and "--crs" in message and "WGS 84" in message
    assert not path.exists()
    write_layer(_polygons(), path, layer="views", crs="EPSG:4326")  # WGS 84 asked: fine
    assert path.exists()


def test_dxf_and_csv_say_what_they_cannot_hold(tmp_path: Path) -> None:
    dxf = write_layer(_polygons(), tmp_path / "v.dxf", layer="views")
    text = " ".join(str(p) for p in dxf)
    assert "no attributes" in text and "1 features without geometry left out" in text
    assert "EPSG:32635" in text  # the CRS the coordinates are in
    csv = write_layer(_polygons(), tmp_path / "v.csv", layer="views")
    assert "EPSG:4326" in " ".join(str(p) for p in csv)
    header = (tmp_path / "v.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("WKT,zone_id")


def test_default_output_crs() -> None:
    assert default_output_crs("a.geojson") == "EPSG:4326"
    assert default_output_crs("a.KML") == "EPSG:4326"
    assert default_output_crs("a.csv") == "EPSG:4326"
    assert default_output_crs("a.gpkg") is None
    assert default_output_crs("a.shp") is None
    assert default_output_crs("a.fgb") is None
    assert default_output_crs("a.dxf") is None
    assert default_output_crs("a.xyz") is None


def test_driver_by_suffix_any_case() -> None:
    assert check_output_path("a.GeoJSON") == "GeoJSON"
    assert check_output_path("a.FGB") == "FlatGeobuf"
    assert check_output_path("a.shp") == "ESRI Shapefile"
    assert check_output_path("a.geojsonl") == "GeoJSONSeq"


# ---------------------------------------------------------------------------- refused


@pytest.mark.parametrize("name", ["out.xyz", "out", "out.osm", "out.tab"])
def test_an_unknown_suffix_is_refused_listing_the_accepted_ones(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    path = tmp_path / name
    code, out, err = _run(capsys, "views", SAMPLE, "-o", path)
    assert code == EXIT_BAD_INPUT
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert str(path) in lines[0]
    for suffix in ALL_SUFFIXES:
        assert suffix in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_format_this_gdal_cannot_write_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    without = tuple(f for f in FORMATS if f.driver != "FlatGeobuf")
    monkeypatch.setattr(export, "writable_formats", lambda: without)
    with pytest.raises(InputError) as caught:
        check_output_path(tmp_path / "v.fgb")
    message = str(caught.value)
    assert "cannot write FlatGeobuf" in message and ".gpkg" in message and ".fgb " not in message


def test_the_gaps_of_the_sample_do_not_fit_a_shapefile(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "gaps.shp"
    code, _, err = _run(capsys, "coverage", SAMPLE, "--gaps", path)
    assert code == EXIT_BAD_INPUT
    [line] = [x for x in err.splitlines() if x.startswith("planner: error:")]
    assert str(path) in line and "one geometry type" in line
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", ALL_SUFFIXES)
def test_a_read_only_target_is_refused_and_kept(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"views{suffix}"
    path.write_bytes(b"old")
    path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    try:
        with pytest.raises(InputError) as caught:
            write_layer(_polygons(), path, layer="views")
        assert "read-only" in str(caught.value) and str(path) in str(caught.value)
        assert path.read_bytes() == b"old"
        assert sorted(tmp_path.iterdir()) == [path]
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


@pytest.mark.parametrize("suffix", ALL_SUFFIXES)
def test_a_failed_write_leaves_the_earlier_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"views{suffix}"
    write_layer(_polygons(), path, layer="views")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real_write = pyogrio.write_dataframe

    def write_then_fail(frame: gpd.GeoDataFrame, target: object, **kwargs: object) -> None:
        real_write(frame, target, **kwargs)
        raise pyogrio.errors.DataSourceError("No space left on device")

    monkeypatch.setattr(export.pyogrio, "write_dataframe", write_then_fail)
    with pytest.raises(InputError) as caught:
        write_layer(_polygons().iloc[:1], path, layer="views")
    assert str(path) in str(caught.value) and "No space left" in str(caught.value)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


@pytest.mark.parametrize("suffix", [".shp", ".fgb", ".geojson"])
def test_writing_again_replaces_the_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"views{suffix}"
    write_layer(_polygons(), path, layer="views")
    stale_index = path.with_suffix(".qix")
    if suffix == ".shp":
        stale_index.write_bytes(b"an index of the old shapes")
    mode = 0o640
    path.chmod(mode)
    write_layer(_polygons().iloc[:2], path, layer="views")
    assert len(pyogrio.read_dataframe(path)) == 2
    assert stat.S_IMODE(os.stat(path).st_mode) == mode
    assert not stale_index.exists()
    # nothing left over from the writing
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


# ---------------------------------------------------------------------------- CLI, each format


@pytest.mark.parametrize("suffix", ALL_SUFFIXES)
def test_views_of_the_sample_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"views{suffix}"
    code, _, err = _run(capsys, "views", SAMPLE, "-o", path)
    assert code == EXIT_OK, err
    assert "Traceback" not in err and "RuntimeWarning" not in err
    reference = tmp_path / "reference.gpkg"
    assert _run(capsys, "views", SAMPLE, "-o", reference)[0] == EXIT_OK
    expected = gpd.read_file(reference, layer="views")
    back = _read_back(path) if suffix != ".dxf" else None
    if back is None:
        drawn = expected[~(expected.geometry.isna() | expected.geometry.is_empty)]
        got = pyogrio.read_dataframe(path).set_crs(CRS.from_user_input(expected.crs))
        want_area = shapely.union_all(drawn.geometry.to_numpy()).area
        assert shapely.union_all(got.geometry.to_numpy()).area == pytest.approx(want_area, rel=1e-4)
        return
    assert len(back) == len(expected)
    back = back.to_crs(expected.crs)
    for got, want in zip(back.geometry, expected.geometry, strict=True):
        if want is None or want.is_empty:
            assert got is None or got.is_empty
        else:
            assert got.hausdorff_distance(want) < TOLERANCE_M
    ids = "camera_id" if "camera_id" in back.columns else "camera_id"[:10]
    assert list(back[ids]) == list(expected["camera_id"])
    assert isinstance(back, pd.DataFrame)


@pytest.mark.parametrize("command", ["coverage", "views"])
def test_a_crs_the_format_cannot_hold_is_refused_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    out = tmp_path / "out.kml"
    option = "--gaps" if command == "coverage" else "-o"
    code, stdout, err = _run(capsys, command, SAMPLE, option, out, "--crs", "EPSG:3857")
    assert code == 2
    assert stdout == ""  # refused before computing: no coverage table printed
    assert "WGS 84" in err and "--crs" in err
    assert not out.exists()
