"""Datum transformations: no silent 'ballpark' shifts of hundreds of metres."""

from __future__ import annotations

import geopandas as gpd
import pytest
import shapely
from pyproj import CRS, Transformer

from planner.core.errors import CrsError
from planner.io.crs import declared_crs, reproject, transformer_between

#: CGCS2000 / 3-degree Gauss-Krüger CM 114E (Hong Kong, Shenzhen) and CM 120E (Qingdao).
GK_114, GK_120 = 4547, 4549
#: A point in Kowloon in the Hong Kong 1980 Grid (EPSG:2326).
HK_X, HK_Y = 836_000.0, 820_000.0


def _official_hk_to_cgcs2000(x: float, y: float) -> tuple[float, float]:
    """Hong Kong 1980 → WGS 84 by the EPSG Helmert, then WGS 84 = CGCS2000."""
    lon, lat = Transformer.from_crs(2326, 4326, always_xy=True).transform(x, y)
    return Transformer.from_crs(4326, GK_114, always_xy=True).transform(lon, lat)


def _distance(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5)


def test_hong_kong_1980_goes_through_wgs84_not_the_ballpark() -> None:
    ballpark = Transformer.from_crs(2326, GK_114, always_xy=True).transform(HK_X, HK_Y)
    transformer, warning = transformer_between(2326, GK_114)
    moved = transformer.transform(HK_X, HK_Y)
    expected = _official_hk_to_cgcs2000(HK_X, HK_Y)
    assert _distance(moved, expected) < 0.01
    assert _distance(ballpark, expected) > 250  # what PROJ's default does: ~300 m off
    assert warning is not None and warning.severity == "note"
    assert "Hong Kong 1980 to WGS 84" in str(warning)
    assert "within about 1 m" in str(warning)


def test_the_way_back_is_routed_too() -> None:
    transformer, warning = transformer_between(GK_114, 2326)
    x, y = transformer.transform(*_official_hk_to_cgcs2000(HK_X, HK_Y))
    assert _distance((x, y), (HK_X, HK_Y)) < 0.01
    assert warning is not None and warning.severity == "note"


@pytest.mark.parametrize(("code", "datum"), [(2383, "Xian 1980"), (2436, "Beijing 1954")])
def test_ballpark_only_datums_are_warned_about(code: int, datum: str) -> None:
    transformer, warning = transformer_between(code, GK_120)
    assert transformer is not None
    assert warning is not None and warning.severity == "warning"
    text = str(warning)
    assert datum in text and CRS.from_epsg(code).name in text
    assert "ballpark" in text and "hundreds of metres" in text


@pytest.mark.parametrize("code", [4326, 4490, 32650, GK_114])
def test_wgs84_and_cgcs2000_are_one_datum(code: int) -> None:
    _, warning = transformer_between(code, GK_120)
    assert warning is None


def test_reproject_a_frame_reports_the_route_once(tmp_path: object) -> None:
    frame = gpd.GeoDataFrame(
        {"name": ["a", "b"]},
        geometry=[shapely.Point(HK_X, HK_Y), shapely.Point(HK_X + 100, HK_Y, 12.0)],
        crs=2326,
    )
    moved, problems = reproject(frame, GK_114, file="hk.shp", layer="buildings")
    assert CRS.from_user_input(moved.crs).equals(CRS.from_epsg(GK_114))
    point = moved.geometry.iloc[0]
    assert _distance((point.x, point.y), _official_hk_to_cgcs2000(HK_X, HK_Y)) < 0.01
    assert moved.geometry.iloc[1].has_z and moved.geometry.iloc[1].z == 12.0
    assert len(problems) == 1
    problem = problems[0]
    assert (problem.layer, problem.row, problem.field) == ("buildings", "-", "geometry")
    assert problem.severity == "note" and problem.file == "hk.shp"


def test_reproject_warns_for_xian_1980() -> None:
    x, y = Transformer.from_crs(4326, 2383, always_xy=True).transform(114.3, 30.6)
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(x, y)], crs=2383)
    _, problems = reproject(frame, 4547, layer="cameras")
    assert [p.severity for p in problems] == ["warning"]
    assert "Xian 1980" in problems[0].message


def test_reproject_same_crs_and_no_crs() -> None:
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(1, 2)], crs=GK_120)
    same, problems = reproject(frame, GK_120)
    assert same is frame and problems == ()
    with pytest.raises(CrsError, match="no CRS") as caught:
        reproject(frame.set_crs(None, allow_override=True), GK_120, file="f.gpkg", layer="x")
    assert caught.value.file == "f.gpkg" and caught.value.layer == "x"
    empty, _ = reproject(gpd.GeoDataFrame(geometry=[]), GK_120)
    assert CRS.from_user_input(empty.crs).equals(CRS.from_epsg(GK_120))


def test_undefined_geopackage_srs_is_no_crs() -> None:
    undefined_cartesian = (
        'LOCAL_CS["Undefined Cartesian SRS",UNIT["Meter",1],AXIS["Easting",EAST],'
        'AXIS["Northing",NORTH]]'
    )
    undefined_geographic = (
        'GEOGCS["Undefined geographic SRS",DATUM["unknown",SPHEROID["unknown",6378137,'
        '298.257223563]],PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]]'
    )
    assert declared_crs(undefined_cartesian) is None
    assert declared_crs(undefined_geographic) is None
    assert declared_crs(None) is None
    assert declared_crs("EPSG:4549") == CRS.from_epsg(4549)
