"""Importing layers from GeoJSON, Shapefile, GeoPackage, CSV and OSM into a project."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from pyproj import CRS, Transformer

from planner.core.errors import CrsError, InputError
from planner.core.project import Project
from planner.io.importers import (
    ImportRequest,
    available_layers,
    coordinate_distances,
    default_crs_of,
    guess_coordinate_columns,
    import_file,
    merge_into_project,
    read_csv_table,
    read_layer_file,
)

#: CGCS2000 / 3-degree Gauss-Krüger CM 120E: the CRS of Qingdao projects.
PROJECT_CRS = CRS.from_epsg(4549)
TOWN_OSM = Path(__file__).parent / "data" / "osm" / "town.osm"
#: A corner of Qingdao, lon/lat.
LON, LAT = 120.38, 36.07


def _project() -> Project:
    return Project.empty(PROJECT_CRS, ruleset="qingdao")


def _to_project(lon: float, lat: float) -> tuple[float, float]:
    return Transformer.from_crs(4326, PROJECT_CRS, always_xy=True).transform(lon, lat)


def _points_file(path: Path, **kwargs: object) -> Path:
    frame = gpd.GeoDataFrame(
        {"camera_id": ["A", "B"], "Height_M": [4.0, 6.5], "note": ["gate", "corner"]},
        geometry=gpd.points_from_xy([LON, LON + 0.001], [LAT, LAT + 0.001]),
        crs=4326,
    )
    pyogrio.write_dataframe(frame, path, **kwargs)
    return path


def _square(lon: float, lat: float, size: float = 0.0002) -> shapely.Polygon:
    return shapely.box(lon, lat, lon + size, lat + size)


# --- GeoJSON, Shapefile, GeoPackage ------------------------------------------------------


def test_geojson_points_become_cameras_in_the_project_crs(tmp_path: Path) -> None:
    path = _points_file(tmp_path / "cams.geojson")
    imported = read_layer_file(path)
    assert imported.source_crs == CRS.from_epsg(4326)
    assert imported.problems == ()

    project, problems = merge_into_project(_project(), "cameras", imported.frame)

    assert [(p.field, p.severity, p.action) for p in problems] == [
        ("height_m", "note", "imported under the field's name")
    ]
    cameras = project.cameras
    assert cameras["camera_id"].tolist() == ["A", "B"]
    assert cameras["height_m"].tolist() == [4.0, 6.5]  # "Height_M" matched case-insensitively
    assert cameras["camera_type"].tolist() == ["fixed", "fixed"]  # schema default filled
    assert CRS.from_user_input(cameras.crs).equals(PROJECT_CRS)
    x, y = _to_project(LON, LAT)
    assert cameras.geometry.iloc[0].x == pytest.approx(x, abs=1e-6)
    assert cameras.geometry.iloc[0].y == pytest.approx(y, abs=1e-6)


def test_shapefile_polygons_become_buildings_reprojected(tmp_path: Path) -> None:
    corners = [(LON, LAT), (LON + 0.001, LAT + 0.0005)]
    frame = gpd.GeoDataFrame(
        {"height_m": [12.0, 30.0], "use": ["residential", "hotel"]},
        geometry=[_square(lon, lat) for lon, lat in corners],
        crs=4326,
    )
    path = tmp_path / "blocks.shp"
    pyogrio.write_dataframe(frame, path)

    imported = read_layer_file(path)
    project, problems = merge_into_project(_project(), "buildings", imported.frame)

    assert problems == ()
    buildings = project.buildings
    assert len(buildings) == 2
    assert buildings["use"].tolist() == ["residential", "hotel"]
    to_project = Transformer.from_crs(4326, PROJECT_CRS, always_xy=True)
    for geometry, (lon, lat) in zip(buildings.geometry, corners, strict=True):
        expected = np.column_stack(
            to_project.transform(*np.asarray(_square(lon, lat).exterior.coords).T)
        )
        coords = shapely.get_coordinates(geometry)
        # same ring, possibly starting at another vertex or turned the other way
        assert {tuple(np.round(c, 4)) for c in coords} == {tuple(np.round(c, 4)) for c in expected}


def test_file_without_crs_needs_one(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"camera_id": ["A"]}, geometry=gpd.points_from_xy([534_200.0], [3_993_300.0])
    )
    path = tmp_path / "no_prj.shp"
    with pytest.warns(UserWarning, match="'crs' was not provided"):
        pyogrio.write_dataframe(frame, path)
    assert not path.with_suffix(".prj").exists()
    assert default_crs_of(path) is None

    with pytest.raises(CrsError) as caught:
        read_layer_file(path)
    assert "no_prj.shp" in str(caught.value)

    imported = read_layer_file(path, crs="EPSG:4549")
    assert imported.source_crs is None
    project, _ = merge_into_project(_project(), "cameras", imported.frame)
    assert project.cameras.geometry.iloc[0].x == pytest.approx(534_200.0)


def test_geopackage_with_two_layers(tmp_path: Path) -> None:
    path = tmp_path / "survey.gpkg"
    _points_file(path, layer="poles")
    blocks = gpd.GeoDataFrame({"height_m": [9.0]}, geometry=[_square(LON, LAT)], crs=4326).to_crs(
        3857
    )
    pyogrio.write_dataframe(blocks, path, layer="blocks")

    assert available_layers(path) == ("poles", "blocks")
    assert default_crs_of(path, layer="blocks") == "EPSG:3857"
    assert len(read_layer_file(path).frame) == 2  # the first layer by default
    imported = read_layer_file(path, layer="blocks")
    assert imported.layers == ("poles", "blocks")
    assert imported.layer == "blocks"
    project, _ = merge_into_project(_project(), "buildings", imported.frame)
    assert project.buildings["height_m"].tolist() == [9.0]

    with pytest.raises(InputError, match=r"no layer 'roads'.*poles, blocks"):
        read_layer_file(path, layer="roads")


def test_user_crs_overrides_a_wrong_declaration(tmp_path: Path) -> None:
    # Projected coordinates saved with a lon/lat label: the user says what they really are.
    frame = gpd.GeoDataFrame(
        {"camera_id": ["A"]}, geometry=gpd.points_from_xy([534_200.0], [3_993_300.0]), crs=3857
    )
    path = tmp_path / "mislabelled.geojson"
    pyogrio.write_dataframe(frame, path)
    imported = read_layer_file(path, crs=4549)
    assert imported.crs == PROJECT_CRS
    project, _ = merge_into_project(_project(), "cameras", imported.frame)
    assert project.cameras.geometry.iloc[0].y == pytest.approx(3_993_300.0)


def test_clashing_ids_are_reported_and_skipped(tmp_path: Path) -> None:
    imported = read_layer_file(_points_file(tmp_path / "cams.geojson"))
    project, _ = merge_into_project(_project(), "cameras", imported.frame.iloc[:1])
    heights_before = project.cameras["height_m"].tolist()

    project, problems = merge_into_project(project, "cameras", imported.frame)

    assert project.cameras["camera_id"].tolist() == ["A", "B"]
    assert project.cameras["height_m"].tolist()[:1] == heights_before
    assert [(p.row, p.id, p.field, p.action) for p in problems if p.severity == "error"] == [
        ("1", "camera_id=A", "camera_id", "not imported")
    ]


def test_bad_rows_are_reported_by_conform(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"camera_id": ["A", "B"], "status": ["in_service", "broken"]},
        geometry=gpd.points_from_xy([LON, LON], [LAT, LAT + 0.001]),
        crs=4326,
    )
    frame.loc[0, "camera_id"] = None
    project, problems = merge_into_project(_project(), "cameras", frame)
    assert project.cameras["camera_id"].tolist() == ["B"]
    assert project.cameras["status"].tolist() == ["unknown"]  # computed as the default …
    assert [(p.row, p.field, p.severity, p.action) for p in problems] == [
        ("1", "camera_id", "error", "not imported"),
        ("2", "status", "warning", "imported as unknown"),  # … and said so
    ]


def test_missing_required_column_names_the_field(tmp_path: Path) -> None:
    imported = read_layer_file(_points_file(tmp_path / "cams.geojson"))
    with pytest.raises(InputError, match=r"layer 'zones', field 'zone_id'"):
        merge_into_project(_project(), "zones", imported.frame.rename(columns={"camera_id": "x"}))


# --- CSV ---------------------------------------------------------------------------------


def test_csv_with_chinese_headers_reports_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "摄像机.csv"
    path.write_text(
        "camera_id,经度,纬度,height_m\n"
        "C1,120.38,36.07,5\n"
        "C2,东经120度,36.071,6\n"  # text in the longitude column
        "\n"
        "C3,１２０．３８１,３６．０７２,7\n"  # full-width digits, as typed with a Chinese IME
        "C4,120.382,96.5,8\n",  # latitude out of range
        encoding="utf-8",
    )
    imported = read_layer_file(path)

    assert [(p.row, p.field, p.action) for p in imported.problems] == [
        ("3", "经度", "not imported"),
        ("6", "纬度", "not imported"),  # the blank line still counts: rows are file lines
    ]
    assert "'东经120度' is not a number" in imported.problems[0].message
    assert "96.5" in imported.problems[1].message
    project, problems = merge_into_project(_project(), "cameras", imported.frame)
    assert problems == ()
    assert project.cameras["camera_id"].tolist() == ["C1", "C3"]
    assert project.cameras["height_m"].tolist() == [5.0, 7.0]
    x, y = _to_project(120.381, 36.072)
    assert project.cameras.geometry.iloc[1].x == pytest.approx(x, abs=1e-6)
    assert project.cameras.geometry.iloc[1].y == pytest.approx(y, abs=1e-6)


def test_csv_in_gb18030_with_semicolons(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes("编号;Longitude;LAT\nC1;120.38;36.07\n".encode("gb18030"))
    table = read_csv_table(path)
    assert table.encoding == "gb18030"
    assert table.delimiter == ";"
    assert table.coordinate_columns == ("Longitude", "LAT")
    imported = read_layer_file(path)
    assert imported.frame["编号"].tolist() == ["C1"]
    assert default_crs_of(path) == "EPSG:4326"


def test_csv_with_projected_columns_and_chosen_crs(tmp_path: Path) -> None:
    path = tmp_path / "survey.csv"
    path.write_text("camera_id,X,Y\nC1,534200.5,3993300.25\n", encoding="utf-8")
    imported = read_layer_file(path, crs="EPSG:4549")
    project, _ = merge_into_project(_project(), "cameras", imported.frame)
    point = project.cameras.geometry.iloc[0]
    assert (point.x, point.y) == (534200.5, 3993300.25)


def test_csv_with_survey_axis_order_is_refused(tmp_path: Path) -> None:
    # Chinese survey tables put the northing in X: read as easting, it lands far away
    path = tmp_path / "survey.csv"
    path.write_text("camera_id,X,Y\nC1,3993300.25,534200.5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"'X' and 'Y' look swapped"):
        read_layer_file(path, crs="EPSG:4549")
    imported = read_layer_file(path, crs="EPSG:4549", lon_column="Y", lat_column="X")
    assert imported.frame.geometry.iloc[0].x == 534200.5


def test_csv_columns_chosen_by_the_user(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("camera_id,east,north\nC1,120.38,36.07\n", encoding="utf-8")
    imported = read_layer_file(path, lon_column="east", lat_column="north")
    assert len(imported.frame) == 1
    with pytest.raises(InputError, match="no column 'nope'"):
        read_layer_file(path, lon_column="nope", lat_column="north")


def test_csv_without_coordinates_names_the_file_and_headers(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    path.write_text("camera_id,owner\nC1,police\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_layer_file(path)
    message = str(caught.value)
    assert str(path) in message
    assert "camera_id, owner" in message


def test_coordinate_headers_recognised() -> None:
    assert guess_coordinate_columns(["id", "LNG", "Lat"]) == ("LNG", "Lat")
    assert guess_coordinate_columns(["x", "y"]) == ("x", "y")
    assert guess_coordinate_columns(["经度", "纬度"]) == ("经度", "纬度")
    assert guess_coordinate_columns(["name"]) == (None, None)


# --- other files -------------------------------------------------------------------------


def test_osm_file_returns_its_project() -> None:
    imported = read_layer_file(TOWN_OSM)
    assert imported.project is not None
    assert set(imported.layers) == {"cameras", "zones", "buildings", "private_areas", "roads"}
    assert len(imported.project.zones) > 0
    assert imported.frame is imported.project.cameras


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unsupported file type"):
        read_layer_file(_touch(tmp_path / "plan.dwg"))
    with pytest.raises(InputError, match="does not exist"):
        read_layer_file(tmp_path / "gone.geojson")
    with pytest.raises(CrsError, match="not a CRS"):
        read_layer_file(_points_file(tmp_path / "c.geojson"), crs="EPSG:999999")


def test_corrupt_vector_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.gpkg"
    path.write_text("not a database", encoding="utf-8")
    with pytest.raises(InputError, match=r"broken\.gpkg"):
        read_layer_file(path)


def _touch(path: Path) -> Path:
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("shift", ["gcj02", "bd09"])
def test_chinese_map_offsets_are_undone_to_within_a_metre(tmp_path: Path, shift: str) -> None:
    from planner.core import chinese_coords

    truth = [(120.3800, 36.0700), (120.4123, 36.0911), (116.3975, 39.9087)]
    forward = chinese_coords.wgs84_to_gcj02 if shift == "gcj02" else chinese_coords.wgs84_to_bd09
    shifted = [forward(lon, lat) for lon, lat in truth]
    path = tmp_path / "cams.csv"
    lines = ["name,lon,lat"] + [f"c{k},{x:.8f},{y:.8f}" for k, (x, y) in enumerate(shifted)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = read_layer_file(path)
    read = read_layer_file(path, shift=shift)
    assert CRS.from_user_input(read.frame.crs).equals(CRS.from_epsg(4326))
    to_metric = Transformer.from_crs(4326, 32650, always_xy=True)
    for (lon, lat), got, raw in zip(truth, read.frame.geometry, plain.frame.geometry, strict=True):
        tx, ty = to_metric.transform(lon, lat)
        gx, gy = to_metric.transform(got.x, got.y)
        rx, ry = to_metric.transform(raw.x, raw.y)
        assert np.hypot(gx - tx, gy - ty) < 1.0
        assert np.hypot(rx - tx, ry - ty) > 100.0  # the offset was real


def test_an_offset_needs_longitude_latitude(tmp_path: Path) -> None:
    path = _points_file(tmp_path / "lonlat.gpkg")
    with pytest.raises(CrsError, match="longitude/latitude"):
        read_layer_file(path, crs="EPSG:32635", shift="gcj02")


# --- nothing changed silently -------------------------------------------------------------


def _cameras_frame() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            "camera_id": ["A", "B", "C", "D"],
            "name": ["东门", "西门", "南门", "北门"],
            "bearing_deg": [10.0, 20.0, 30.0, 40.0],
            "spare": [1.0, 2.0, 3.0, 4.0],
        },
        geometry=gpd.points_from_xy([LON + k * 0.001 for k in range(4)], [LAT] * 4),
        crs=4326,
    )


def _shapefile_frame() -> gpd.GeoDataFrame:
    return _cameras_frame().rename(columns={"bearing_deg": "bearing_de"})  # dBASE: 10 letters


def test_gbk_shapefile_without_cpg_is_read_as_gbk(tmp_path: Path) -> None:
    path = tmp_path / "gbk.shp"
    pyogrio.write_dataframe(_shapefile_frame(), path, encoding="GBK")
    path.with_suffix(".cpg").unlink()
    imported = read_layer_file(path)
    assert imported.frame["name"].tolist() == ["东门", "西门", "南门", "北门"]
    assert [(p.severity, p.row) for p in imported.problems] == [("note", "-")]
    assert "GB18030" in imported.problems[0].message and ".cpg" in imported.problems[0].message


def test_utf8_shapefile_without_cpg_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "utf8.shp"
    pyogrio.write_dataframe(_shapefile_frame(), path, encoding="UTF-8")
    path.with_suffix(".cpg").unlink()
    imported = read_layer_file(path)
    assert imported.frame["name"].tolist() == ["东门", "西门", "南门", "北门"]
    assert "UTF-8" in imported.problems[0].message


def _corrupt_dbf_number(path: Path, old: bytes, new: bytes) -> None:
    raw = bytearray(path.read_bytes())
    at = end = raw.find(old)
    while raw[end : end + 1] not in (b" ", b""):
        end += 1  # the whole number, as written in the fixed-width cell
    raw[at:end] = new.ljust(end - at)
    path.write_bytes(bytes(raw))


def test_text_in_numeric_shapefile_cells_is_reported_not_zero(tmp_path: Path) -> None:
    path = tmp_path / "cams.shp"
    pyogrio.write_dataframe(_shapefile_frame(), path)
    dbf = path.with_suffix(".dbf")
    _corrupt_dbf_number(dbf, b"20.0", b"abc")
    _corrupt_dbf_number(dbf, b"30.0", b"NaN")
    _corrupt_dbf_number(dbf, b"3.0", b"half")
    imported = read_layer_file(path)
    assert imported.frame["bearing_de"].tolist()[1:3] == ["abc", "NaN"]
    assert imported.frame["spare"].tolist()[2] == "half"  # a user column keeps its text too
    project, problems = merge_into_project(_project(), "cameras", imported.frame)
    assert project.cameras["camera_id"].tolist() == ["A", "D"]
    found = {(p.row, p.field, p.value) for p in problems if p.severity == "error"}
    assert any(p.severity == "note" and "bearing_de" in p.message for p in problems)
    assert found == {("2", "bearing_deg", "abc"), ("3", "bearing_deg", "NaN")}


def test_text_in_numeric_geopackage_cells_is_reported_not_zero(tmp_path: Path) -> None:
    path = tmp_path / "cams.gpkg"
    pyogrio.write_dataframe(_cameras_frame(), path, layer="cams")
    with closing(sqlite3.connect(path)) as db, db:
        for (trigger,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"):
            db.execute(f'DROP TRIGGER "{trigger}"')
        db.execute("UPDATE cams SET bearing_deg = '十二' WHERE camera_id = 'B'")
        db.execute("UPDATE cams SET bearing_deg = 'NaN' WHERE camera_id = 'C'")
        db.execute("UPDATE cams SET bearing_deg = ' 12.5 ' WHERE camera_id = 'D'")
    imported = read_layer_file(path)
    project, problems = merge_into_project(_project(), "cameras", imported.frame)
    assert project.cameras["camera_id"].tolist() == ["A", "D"]
    assert project.cameras["bearing_deg"].tolist() == [10.0, 12.5]
    assert {(p.row, p.value) for p in problems} == {("2", "十二"), ("3", "NaN")}


def test_integer_ids_with_an_empty_value_stay_whole(tmp_path: Path) -> None:
    path = tmp_path / "ids.gpkg"
    frame = gpd.GeoDataFrame(
        {"zone_id": [1, 2, None], "category": ["square"] * 3},
        geometry=[_square(LON, LAT), _square(LON + 0.001, LAT), _square(LON + 0.002, LAT)],
        crs=4326,
    )
    pyogrio.write_dataframe(frame, path)
    project, problems = merge_into_project(_project(), "zones", read_layer_file(path).frame)
    assert project.zones["zone_id"].tolist() == ["1", "2"]
    assert [(p.row, p.field) for p in problems] == [("3", "zone_id")]


def test_source_fid_column_is_not_the_project_row_key(tmp_path: Path) -> None:
    frame = _cameras_frame().assign(fid=[7, 8, 9, 10])
    project, _ = merge_into_project(_project(), "cameras", frame)
    assert project.cameras["fid"].isna().all()
    assert project.cameras["source_fid"].tolist() == [7, 8, 9, 10]


def test_lonlat_and_grid_columns_that_disagree_are_reported(tmp_path: Path) -> None:
    x, y = _to_project(LON, LAT)
    far_x, far_y = _to_project(LON + 0.001, LAT)  # ~90 m east
    path = tmp_path / "both.csv"
    path.write_text(
        "camera_id,lon,lat,x,y\n"
        f"A,{LON},{LAT},{x:.2f},{y:.2f}\n"
        f"B,{LON},{LAT},{far_x:.2f},{far_y:.2f}\n",
        encoding="utf-8",
    )
    imported = read_layer_file(path, grid_crs=PROJECT_CRS)
    assert [(p.row, p.field, p.severity) for p in imported.problems] == [("3", "x/y", "warning")]
    assert "m apart" in imported.problems[0].message
    projected = read_layer_file(path, crs=PROJECT_CRS)  # x/y used, lon/lat checked
    assert [p.row for p in projected.problems] == ["3"]
    assert projected.frame.geometry.iloc[1].x == pytest.approx(far_x, abs=0.01)
    unknown = read_layer_file(path)
    assert [p.severity for p in unknown.problems] == ["note"]


def test_coordinate_distances_across_crss() -> None:
    x, y = _to_project(LON, LAT)
    distances = coordinate_distances(
        (np.array([LON, LON, np.nan]), np.array([LAT, LAT + 0.001, LAT])),
        4326,
        (np.array([x, x, x]), np.array([y, y, y])),
        PROJECT_CRS,
    )
    assert distances[0] == pytest.approx(0.0, abs=0.01)
    assert distances[1] == pytest.approx(111.0, abs=1.0)
    assert np.isnan(distances[2])


def test_hong_kong_grid_is_imported_through_wgs84(tmp_path: Path) -> None:
    frame = gpd.GeoDataFrame(
        {"camera_id": ["HK"]}, geometry=gpd.points_from_xy([836_000.0], [820_000.0]), crs=2326
    )
    project = Project.empty(CRS.from_epsg(4547))
    project, problems = merge_into_project(project, "cameras", frame)
    lon, lat = Transformer.from_crs(2326, 4326, always_xy=True).transform(836_000.0, 820_000.0)
    ex, ey = Transformer.from_crs(4326, 4547, always_xy=True).transform(lon, lat)
    point = project.cameras.geometry.iloc[0]
    assert np.hypot(point.x - ex, point.y - ey) < 0.01
    assert [(p.field, p.severity) for p in problems] == [("geometry", "note")]


def test_import_file_service_update_keeps_everything_else(tmp_path: Path) -> None:
    base, _ = merge_into_project(_project(), "cameras", _cameras_frame())
    base = base.with_layers(cameras=base.cameras.assign(fid=pd.array([1, 2, 3, 4], "Int64")))
    path = tmp_path / "upd.csv"
    path.write_text("id,lon,lat,st\nC,0,0,faulty\nA,0,0,\n", encoding="utf-8")
    result = import_file(
        base,
        ImportRequest(path, "cameras", mapping={"id": "camera_id", "st": "status"}, mode="update"),
    )
    cameras = result.project.cameras
    assert cameras["status"].tolist() == ["unknown", "unknown", "faulty", "unknown"]
    assert cameras["fid"].tolist() == [1, 2, 3, 4]
    assert cameras["name"].tolist() == base.cameras["name"].tolist()
    counts = result.counts["cameras"]
    assert (counts.read, counts.updated, counts.unchanged, counts.reported) == (2, 1, 1, 0)


def test_folder_named_like_a_geopackage(tmp_path: Path) -> None:
    folder = tmp_path / "x.gpkg"
    folder.mkdir()
    with pytest.raises(InputError, match=r"x\.gpkg: is a folder"):
        read_layer_file(folder)


def test_pair_check_undoes_the_chinese_offset_first(tmp_path: Path) -> None:
    from planner.core import chinese_coords

    x, y = _to_project(LON, LAT)
    glon, glat = chinese_coords.wgs84_to_gcj02(LON, LAT)
    path = tmp_path / "amap.csv"
    path.write_text(f"camera_id,lon,lat,x,y\nA,{glon:.8f},{glat:.8f},{x:.2f},{y:.2f}\n", "utf-8")
    assert read_layer_file(path, grid_crs=PROJECT_CRS, shift="gcj02").problems == ()
    unshifted = read_layer_file(path, grid_crs=PROJECT_CRS)  # ~460 m apart as read
    assert [p.severity for p in unshifted.problems] == ["warning"]
