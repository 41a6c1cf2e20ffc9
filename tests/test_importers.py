"""Importing layers from GeoJSON, Shapefile, GeoPackage, CSV and OSM into a project."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import CRS, Transformer

from planner.core.errors import CrsError, InputError
from planner.core.project import Project
from planner.io.importers import (
    available_layers,
    default_crs_of,
    guess_coordinate_columns,
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

    assert problems == ()
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
    assert [(p.row, p.id, p.field, p.action) for p in problems] == [
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
