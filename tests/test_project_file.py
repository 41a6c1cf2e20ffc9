"""Project GeoPackages: round trip, files made elsewhere, bad input, atomic save."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from engine_helpers import HELSINKI, METRIC_CRS, make_buildings, make_cameras, make_zones
from geopandas.testing import assert_geodataframe_equal
from pyproj import CRS, Geod, Transformer

import planner.io.project as project_io
from planner.core.errors import InputError
from planner.core.project import Project
from planner.core.schema import CAMERAS, PRIVATE_AREAS, REPAIRED, ROADS, empty_layer
from planner.io.project import read_project, write_project

OX, OY = HELSINKI
#: Helsinki and Qingdao centres, lon/lat.
HELSINKI_LONLAT = (24.94, 60.17)
QINGDAO_LONLAT = (120.38, 36.07)


def _full_cameras() -> gpd.GeoDataFrame:
    return make_cameras(
        [
            {
                "x": OX + 10.0,
                "y": OY + 20.0,
                "camera_id": "A-1",
                "height_m": 6.5,
                "bearing_deg": 123.25,
                "hfov_deg": 87.5,
                "vfov_deg": 49.0,
                "tilt_deg": -3.0,
                "resolution_px": 2560,
                "max_range_m": 45.0,
                "camera_type": "fixed",
                "status": "in_service",
                "owner": "City of Helsinki",
                "maintainer": "Kaupunki Oy",
                "project_name": "Kamppi 2024",
                "pole_no": "P-17",
                "installed_on": "2023-04-01",
                "registered_on": "2023-04-15",
                "last_seen_on": "2024-11-30",
                "has_sign": True,
                "osm_id": "node/123",
            },
            {
                "x": OX + 50.0,
                "y": OY - 5.0,
                "camera_id": "B-2",
                "height_m": None,
                "bearing_deg": None,
                "hfov_deg": 360.0,
                "vfov_deg": None,
                "tilt_deg": None,
                "resolution_px": None,
                "max_range_m": None,
                "camera_type": "fisheye",
                "status": "faulty",
                "owner": "Ülle Kõiv & Sons",  # non-ASCII survives
                "maintainer": None,
                "project_name": None,
                "pole_no": None,
                "installed_on": None,
                "registered_on": None,
                "last_seen_on": "2020-02-29",
                "has_sign": False,
                "osm_id": None,
            },
            {
                "x": OX - 30.0,
                "y": OY + 0.125,
                "camera_id": "C-3",
                "bearing_deg": 0.0,
                "camera_type": "dome",
                "status": "planned",
                "has_sign": None,
            },
        ]
    )


def _project(cameras=None, zones=None, buildings=None, ruleset="national") -> Project:
    crs = CRS.from_epsg(METRIC_CRS)
    cameras = _full_cameras() if cameras is None else cameras
    zones = (
        make_zones(
            [
                {
                    "geometry": shapely.box(OX, OY, OX + 20, OY + 10),
                    "zone_id": "sq",
                    "name": "Narinkka",
                    "required_level": "observe",
                    "required_coverage": 0.8,
                },
                {
                    "geometry": shapely.LineString([(OX, OY), (OX + 40, OY + 3)]),
                    "zone_id": "lane",
                    "category": "fire_lane",
                    "osm_ids": "way/1;way/2",
                },
                {
                    "geometry": shapely.Point(OX + 5, OY + 5),
                    "zone_id": "door",
                    "category": "estate_entrance",
                    "source": "drawn",
                },
            ]
        )
        if zones is None
        else zones
    )
    buildings = (
        make_buildings(
            [
                {"geometry": shapely.box(OX + 60, OY, OX + 70, OY + 12), "height_m": 12.0},
                {"geometry": shapely.box(OX - 20, OY - 20, OX - 10, OY - 5), "use": "hotel"},
            ]
        )
        if buildings is None
        else buildings
    )
    return Project(
        cameras=cameras,
        zones=zones,
        buildings=buildings,
        private_areas=empty_layer(PRIVATE_AREAS, crs),
        roads=empty_layer(ROADS, crs),
        crs=crs,
        ruleset=ruleset,
    )


def _assert_layer_equal(read: gpd.GeoDataFrame, written: gpd.GeoDataFrame) -> None:
    assert list(read.columns) == list(written.columns)
    # the feature ids are the file's: 1, 2, … for a new file
    assert read["fid"].tolist() == list(range(1, len(read) + 1))
    assert_geodataframe_equal(
        read.drop(columns="fid"),
        written.drop(columns="fid"),
        check_less_precise=True,
        normalize=True,
        check_dtype=False,
    )


# ------------------------------------------------------------------ round trip


def test_round_trip_keeps_every_camera_field(tmp_path: Path) -> None:
    project = _project()
    path = tmp_path / "project.gpkg"
    write_project(path, project)
    back = read_project(path)
    assert back.problems == ()
    assert back.crs.equals(project.crs)
    assert back.ruleset == "national"
    assert list(back.cameras.columns) == [*CAMERAS.field_names, "fid", "geometry"]
    _assert_layer_equal(back.cameras, project.cameras)
    # spot checks, type by type
    cams = back.cameras.set_index("camera_id")
    assert cams.loc["A-1", "installed_on"] == "2023-04-01"
    assert cams.loc["B-2", "last_seen_on"] == "2020-02-29"
    assert pd.isna(cams.loc["B-2", "installed_on"])
    assert cams.loc["A-1", "has_sign"] is np.True_ or cams.loc["A-1", "has_sign"] is True
    assert not cams.loc["B-2", "has_sign"]
    assert pd.isna(cams.loc["C-3", "has_sign"])
    assert np.isnan(cams.loc["B-2", "bearing_deg"])
    assert np.isnan(cams.loc["B-2", "max_range_m"])
    assert cams.loc["C-3", "bearing_deg"] == 0.0
    assert cams.loc["A-1", "resolution_px"] == 2560
    assert pd.isna(cams.loc["B-2", "resolution_px"])
    assert cams.loc["B-2", "owner"] == "Ülle Kõiv & Sons"
    assert cams.loc["C-3", "geometry"].y == pytest.approx(OY + 0.125)


def test_round_trip_keeps_zones_and_buildings(tmp_path: Path) -> None:
    project = _project()
    path = tmp_path / "project.gpkg"
    write_project(path, project)
    back = read_project(path)
    _assert_layer_equal(back.zones, project.zones)
    # buildings are stored as MultiPolygon; compare shapes, not types
    assert len(back.buildings) == 2
    for read, written in zip(back.buildings.geometry, project.buildings.geometry, strict=True):
        assert read.symmetric_difference(written).area < 1e-6
    assert back.buildings["height_m"].iloc[0] == 12.0
    assert np.isnan(back.buildings["height_m"].iloc[1])
    assert back.buildings["use"].tolist()[1] == "hotel"


def test_tables_that_are_not_project_layers_survive_open_and_save(tmp_path: Path) -> None:
    """A QGIS user's own layer and plain tables are kept as they are; the registry is managed."""
    path = tmp_path / "project.gpkg"
    write_project(path, _project())
    own = gpd.GeoDataFrame(
        {"note": ["bench", "长椅"]},
        geometry=[shapely.Point(OX, OY), shapely.Point(OX + 5, OY)],
        crs=METRIC_CRS,
    )
    own.to_file(path, layer="my_notes", driver="GPKG")
    plain = pd.DataFrame({"key": ["a"], "value": [1]})
    project_io.pyogrio.write_dataframe(plain, path, layer="plain_table", driver="GPKG")
    opened = read_project(path)
    assert set(opened.extra_layers) == set()
    kept = {p.layer for p in opened.problems if p.action == "kept in the file as it is"}
    assert kept == {"my_notes", "plain_table"}
    write_project(
        path, opened.with_extra_layers(survey_conflicts=pd.DataFrame({"field": ["owner"]}))
    )
    back = read_project(path)
    assert set(back.extra_layers) == {"survey_conflicts"}
    notes = gpd.read_file(path, layer="my_notes")
    assert notes["note"].tolist() == ["bench", "长椅"]
    assert notes.geometry.x.tolist() == pytest.approx([OX, OX + 5])
    assert gpd.read_file(path, layer="plain_table")["value"].tolist() == [1]
    assert back.extra_layers["survey_conflicts"]["field"].tolist() == ["owner"]
    write_project(path, back.without_extra_layers("survey_conflicts"))
    assert "survey_conflicts" not in {n for n, _ in project_io.pyogrio.list_layers(path)}
    with pytest.raises(ValueError, match="project layer"):
        back.with_extra_layers(cameras=pd.DataFrame())


def test_saving_in_lonlat_reads_back_in_the_metric_project_crs(tmp_path: Path) -> None:
    project = _project()
    path = tmp_path / "lonlat.gpkg"
    write_project(path, project, crs=4326)
    raw = gpd.read_file(path, layer="cameras")
    assert CRS.from_user_input(raw.crs).equals(CRS.from_epsg(4326))
    back = read_project(path)
    assert back.crs.equals(CRS.from_epsg(METRIC_CRS))
    moved = shapely.distance(back.cameras.geometry.to_numpy(), project.cameras.geometry.to_numpy())
    assert moved.max() < 1e-3


def test_ruleset_argument_overrides_the_stored_one(tmp_path: Path) -> None:
    path = tmp_path / "project.gpkg"
    write_project(path, _project(ruleset="qingdao"))
    assert read_project(path).ruleset == "qingdao"
    assert read_project(path, ruleset="harbin").ruleset == "harbin"


# ------------------------------------------------------------------ files made elsewhere


def _lonlat_point(lon: float, lat: float, dx: float = 0.0, dy: float = 0.0) -> shapely.Point:
    return shapely.Point(lon + dx, lat + dy)


def _plain_geopackage(path: Path, lon: float, lat: float) -> None:
    """Layers as a QGIS user would save them: lon/lat, no metadata, few fields."""
    cams = gpd.GeoDataFrame(
        {"camera_id": ["k1", "k2"], "bearing_deg": [90.0, 270.0]},
        geometry=[_lonlat_point(lon, lat), _lonlat_point(lon, lat, 0.001, 0.0005)],
        crs=4326,
    )
    zones = gpd.GeoDataFrame(
        {"zone_id": ["z1"], "category": ["square"]},
        geometry=[shapely.box(lon, lat, lon + 0.0005, lat + 0.0003)],
        crs=4326,
    )
    buildings = gpd.GeoDataFrame(
        {"levels": [3]},
        geometry=[shapely.box(lon - 0.001, lat - 0.001, lon - 0.0005, lat - 0.0005)],
        crs=4326,
    )
    cams.to_file(path, layer="cameras", driver="GPKG")
    zones.to_file(path, layer="zones", driver="GPKG")
    buildings.to_file(path, layer="buildings", driver="GPKG")


def test_plain_geopackage_opens_with_defaults_and_utm_for_helsinki(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    lon, lat = HELSINKI_LONLAT
    _plain_geopackage(path, lon, lat)
    project = read_project(path)
    # UTM zone of 24.94°E: floor((24.94 + 180) / 6) + 1 = 35, northern hemisphere
    assert project.crs.equals(CRS.from_epsg(32635))
    cams = project.cameras
    assert list(cams.columns) == [*CAMERAS.field_names, "fid", "geometry"]
    assert cams["camera_type"].tolist() == ["fixed", "fixed"]
    assert cams["status"].tolist() == ["unknown", "unknown"]
    assert cams["height_m"].isna().all()
    assert cams["has_sign"].isna().all()
    assert project.zones["required_level"].isna().all()
    assert np.isnan(project.buildings["height_m"]).all()
    assert "levels" in project.buildings.columns  # extra columns are kept
    # positions are the lon/lat transformed into UTM 35N
    x, y = Transformer.from_crs(4326, 32635, always_xy=True).transform(lon, lat)
    assert cams.geometry.iloc[0].distance(shapely.Point(x, y)) < 1e-6
    # the two cameras are as far apart in the project CRS as on the ellipsoid
    # (UTM scale error 2° from the central meridian is < 0.1 %)
    lon2, lat2 = lon + 0.001, lat + 0.0005
    _, _, metres = Geod(ellps="WGS84").inv(lon, lat, lon2, lat2)
    assert cams.geometry.iloc[0].distance(cams.geometry.iloc[1]) == pytest.approx(metres, rel=1e-3)
    # missing layers are reported, nothing else
    missing = {p.layer for p in project.problems if p.action == "treated as empty"}
    assert missing == {"private_areas", "roads"}
    assert all(p.severity == "note" for p in project.problems)
    assert len(project.private_areas) == 0
    assert len(project.roads) == 0


@pytest.mark.parametrize("ruleset", ["qingdao", "national", None])
def test_plain_geopackage_in_qingdao_gets_cgcs2000_gauss_kruger(tmp_path, ruleset) -> None:
    path = tmp_path / "qingdao.gpkg"
    _plain_geopackage(path, *QINGDAO_LONLAT)
    project = read_project(path, ruleset=ruleset)  # None: the default ruleset (national)
    # nearest 3° central meridian to 120.38°E is 120°E: EPSG:4549, CGCS2000 / 3-degree GK CM 120E
    assert project.crs.equals(CRS.from_epsg(4549))
    assert "120E" in project.crs.name
    x, _ = Transformer.from_crs(4326, 4549, always_xy=True).transform(*QINGDAO_LONLAT)
    assert project.cameras.geometry.iloc[0].x == pytest.approx(x, abs=1e-6)
    assert abs(x - 500_000) < 40_000  # 0.38° east of the central meridian, no zone prefix


def test_plain_geopackage_in_qingdao_with_a_foreign_ruleset_gets_utm(tmp_path) -> None:
    path = tmp_path / "qingdao.gpkg"
    _plain_geopackage(path, *QINGDAO_LONLAT)
    project = read_project(path, ruleset="helsinki_draft")
    # floor((120.38 + 180) / 6) + 1 = 51
    assert project.crs.equals(CRS.from_epsg(32651))


def test_plain_geopackage_already_metric_keeps_its_crs(tmp_path: Path) -> None:
    path = tmp_path / "tm35.gpkg"
    cams = make_cameras([{"x": OX, "y": OY, "camera_id": "m"}]).to_crs(3067)
    cams[["camera_id", "geometry"]].to_file(path, layer="cameras", driver="GPKG")
    project = read_project(path)
    assert project.crs.equals(CRS.from_epsg(3067))  # ETRS-TM35FIN, used as is


# ------------------------------------------------------------------ bad input


def _write(path: Path, layer: str, frame: gpd.GeoDataFrame) -> None:
    frame.to_file(path, layer=layer, driver="GPKG")


def _metric_cameras(**columns) -> gpd.GeoDataFrame:
    n = len(next(iter(columns.values())))
    points = [shapely.Point(OX + 10 * k, OY) for k in range(n)]
    return gpd.GeoDataFrame(columns, geometry=points, crs=METRIC_CRS)


def test_layer_without_crs_near_the_others_is_read_in_the_project_crs(tmp_path: Path) -> None:
    path = tmp_path / "nocrs.gpkg"
    _write(path, "zones", make_zones([{"geometry": shapely.box(OX, OY, OX + 5, OY + 5)}]))
    no_crs = gpd.GeoDataFrame({"camera_id": ["x"]}, geometry=[shapely.Point(OX, OY)], crs=None)
    with pytest.warns(UserWarning, match="crs"):
        _write(path, "cameras", no_crs)
    project = read_project(path)
    assert project.cameras["camera_id"].tolist() == ["x"]
    assert project.cameras.geometry.iloc[0].distance(shapely.Point(OX, OY)) < 1e-6
    (warning,) = [p for p in project.problems if p.layer == "cameras"]
    assert warning.severity == "warning"
    assert "CRS" in warning.message and str(path) in str(warning)


def test_layer_without_crs_far_from_the_others_is_left_out_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "nocrs.gpkg"
    _write(path, "zones", make_zones([{"geometry": shapely.box(OX, OY, OX + 5, OY + 5)}]))
    far = gpd.GeoDataFrame({"camera_id": ["x"]}, geometry=[shapely.Point(9e6, 9e6)], crs=None)
    with pytest.warns(UserWarning, match="crs"):
        _write(path, "cameras", far)
    project = read_project(path)
    assert len(project.cameras) == 0
    assert project.invalid["cameras"]["camera_id"].tolist() == ["x"]
    assert {p.severity for p in project.problems if p.layer == "cameras"} == {"error"}
    write_project(path, project)
    assert gpd.read_file(path, layer="cameras")["camera_id"].tolist() == ["x"]


def test_self_crossing_polygon_is_repaired_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "bowtie.gpkg"
    # a bow tie: two triangles of 10 · 5 / 2 = 25 m² meeting at (OX + 5, OY + 5)
    bowtie = shapely.Polygon([(OX, OY), (OX + 10, OY + 10), (OX + 10, OY), (OX, OY + 10)])
    assert not bowtie.is_valid
    zones = gpd.GeoDataFrame(
        {"zone_id": ["tie", "ok"], "category": ["square", "square"]},
        geometry=[bowtie, shapely.box(OX + 20, OY, OX + 30, OY + 10)],
        crs=METRIC_CRS,
    )
    _write(path, "zones", zones)
    project = read_project(path)
    repaired = [p for p in project.problems if p.action == REPAIRED]
    assert len(repaired) == 1
    assert repaired[0].severity == "warning"
    assert repaired[0].layer == "zones"
    assert "tie" in repaired[0].id
    assert repaired[0].field == "geometry"
    geom = project.zones.set_index("zone_id").loc["tie", "geometry"]
    assert geom.is_valid
    assert geom.area == pytest.approx(50.0)
    assert len(project.zones) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("bearing_deg", 400.0),
        ("bearing_deg", -1.0),
        ("tilt_deg", -95.0),
        ("hfov_deg", 0.0),
        ("hfov_deg", float("inf")),
        ("vfov_deg", 200.0),
        ("height_m", -2.0),
    ],
)
def test_out_of_range_angle_skips_the_row_and_names_camera_and_field(
    tmp_path: Path, field: str, value: float
) -> None:
    path = tmp_path / "angles.gpkg"
    frame = _metric_cameras(camera_id=["good", "bad"], **{field: [10.0, value]})
    _write(path, "cameras", frame)
    project = read_project(path)
    assert project.cameras["camera_id"].tolist() == ["good"]
    skipped = [p for p in project.problems if p.severity == "error"]
    assert len(skipped) == 1
    assert skipped[0].layer == "cameras"
    assert skipped[0].field == field
    assert "bad" in skipped[0].id and skipped[0].row == "2"
    assert skipped[0].value == f"{value:g}" or skipped[0].value == str(value)
    assert "bad" in str(skipped[0]) and field in str(skipped[0])
    # the row stays in the project as read, and in the file after a save
    (kept,) = project.invalid["cameras"].itertuples()
    assert kept.camera_id == "bad" and getattr(kept, field) == value
    write_project(path, project)
    assert read_project(path).invalid["cameras"]["camera_id"].tolist() == ["bad"]


def test_nan_angle_means_unknown_not_an_error(tmp_path: Path) -> None:
    # documented: an empty bearing means "unknown" (full circle assumed by the engine)
    path = tmp_path / "nan.gpkg"
    frame = _metric_cameras(camera_id=["a", "b"], bearing_deg=[np.nan, 45.0])
    _write(path, "cameras", frame)
    project = read_project(path)
    assert project.cameras["camera_id"].tolist() == ["a", "b"]
    assert np.isnan(project.cameras["bearing_deg"].iloc[0])
    assert [p for p in project.problems if p.layer == "cameras"] == []


def test_unknown_camera_type_is_kept_and_a_bad_date_leaves_the_row_out(tmp_path: Path) -> None:
    path = tmp_path / "text.gpkg"
    frame = _metric_cameras(
        camera_id=["a", "b", "c"],
        camera_type=["dome", "bullet", "fixed"],
        installed_on=["2024-01-02", "2024-01-02", "31.12.2023"],
    )
    _write(path, "cameras", frame)
    project = read_project(path)
    assert project.cameras["camera_id"].tolist() == ["a", "b"]
    assert project.cameras["camera_type"].tolist() == ["dome", "fixed"]  # computed as fixed
    reported = {
        (p.field, p.id.split("=")[-1], p.severity, p.value)
        for p in project.problems
        if p.layer == "cameras"
    }
    assert reported == {
        ("camera_type", "b", "warning", "bullet"),
        ("installed_on", "c", "error", "31.12.2023"),
    }
    # saving writes the unknown type back verbatim
    write_project(path, project)
    assert gpd.read_file(path, layer="cameras")["camera_type"].tolist() == [
        "dome",
        "bullet",
        "fixed",
    ]


def test_duplicate_ids_keep_the_first_and_report_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "dup.gpkg"
    frame = _metric_cameras(camera_id=["a", "b", "a"], height_m=[3.0, 4.0, 5.0])
    _write(path, "cameras", frame)
    project = read_project(path)
    assert project.cameras["camera_id"].tolist() == ["a", "b"]
    assert project.cameras["height_m"].tolist() == [3.0, 4.0]
    (dup,) = [p for p in project.problems if p.layer == "cameras"]
    assert dup.severity == "error"
    assert dup.field == "camera_id"
    assert "'a'" in dup.message and dup.row.startswith("3")


def test_empty_layers_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "empty.gpkg"
    project = _project(cameras=make_cameras([]), buildings=make_buildings([]))
    write_project(path, project)
    back = read_project(path)
    assert len(back.cameras) == 0
    assert len(back.buildings) == 0
    assert len(back.zones) == 3
    assert list(back.cameras.columns) == [*CAMERAS.field_names, "fid", "geometry"]
    assert back.problems == ()


def test_plain_geopackage_with_an_empty_layer_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "empty_plain.gpkg"
    _write(path, "zones", make_zones([{"geometry": shapely.box(OX, OY, OX + 5, OY + 5)}]))
    empty = gpd.GeoDataFrame({"camera_id": pd.Series([], dtype=object)}, geometry=[], crs=4326)
    _write(path, "cameras", empty)
    project = read_project(path)
    assert len(project.cameras) == 0
    assert project.crs.equals(CRS.from_epsg(METRIC_CRS))


def test_text_file_is_not_a_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "notes.gpkg"
    path.write_text("camera_id,x,y\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a GeoPackage") as caught:
        read_project(path)
    assert caught.value.file == str(path)
    assert str(path) in str(caught.value)


def test_plain_sqlite_database_is_not_a_geopackage(tmp_path: Path) -> None:
    path = tmp_path / "db.gpkg"
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE cameras (id INTEGER)")
    with pytest.raises(InputError, match="not a GeoPackage") as caught:
        read_project(path)
    assert str(path) in str(caught.value)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.gpkg"
    with pytest.raises(InputError) as caught:
        read_project(path)
    assert str(path) in str(caught.value)


def test_missing_layer_is_treated_as_empty_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "nobuildings.gpkg"
    _write(path, "cameras", _metric_cameras(camera_id=["a"]))
    _write(path, "zones", make_zones([{"geometry": shapely.box(OX, OY, OX + 5, OY + 5)}]))
    project = read_project(path)
    assert len(project.buildings) == 0
    assert project.buildings.crs.equals(project.crs)
    reported = {p.layer: p for p in project.problems}
    assert set(reported) == {"buildings", "private_areas", "roads"}
    assert reported["buildings"].action == "treated as empty"
    assert "missing" in reported["buildings"].message


def test_geopackage_with_none_of_the_layers_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.gpkg"
    other = gpd.GeoDataFrame({"name": ["x"]}, geometry=[shapely.Point(OX, OY)], crs=METRIC_CRS)
    _write(path, "parcels", other)
    with pytest.raises(InputError) as caught:
        read_project(path)
    assert str(path) in str(caught.value)
    assert "parcels" in str(caught.value)


def test_missing_required_column_names_layer_and_field(tmp_path: Path) -> None:
    path = tmp_path / "noid.gpkg"
    _write(path, "cameras", _metric_cameras(height_m=[3.0]))
    with pytest.raises(InputError) as caught:
        read_project(path)
    assert caught.value.layer == "cameras"
    assert caught.value.field == "camera_id"
    assert caught.value.file == str(path)


# ------------------------------------------------------------------ atomic save


def test_failed_save_leaves_the_previous_file_untouched(tmp_path, monkeypatch) -> None:
    path = tmp_path / "project.gpkg"
    write_project(path, _project())
    before = path.read_bytes()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(project_io, "_save_layer", broken)
    opened = read_project(path)
    changed = opened.with_layers(
        cameras=make_cameras([{"x": OX, "y": OY, "camera_id": "new"}]).assign(fid=pd.NA)
    )
    with pytest.raises(InputError, match="cannot write") as caught:
        write_project(path, changed)
    assert caught.value.file == str(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project.gpkg"]  # no temp file left
    monkeypatch.undo()
    assert read_project(path).cameras["camera_id"].tolist() == ["A-1", "B-2", "C-3"]


def test_failed_first_save_leaves_no_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "fresh.gpkg"

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(project_io, "_create_metadata", broken)
    with pytest.raises(InputError):
        write_project(path, _project())
    assert list(tmp_path.iterdir()) == []
