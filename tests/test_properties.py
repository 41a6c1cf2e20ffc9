"""Properties of views and coverage that must hold for any cameras, buildings and zones."""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from engine_helpers import (
    HELSINKI,
    METRIC_CRS,
    StubRuleset,
    make_buildings,
    make_cameras,
    random_district,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import CRS

from planner.core.coverage import coverage_state, update_cameras
from planner.core.levels import LEVELS
from planner.core.project import Project
from planner.core.schema import PRIVATE_AREAS, ROADS, empty_layer
from planner.core.views import (
    blind_radius,
    camera_parameters,
    field_of_view_sectors,
    level_ranges,
    views_from_cameras,
)
from planner.io.project import read_project, write_project

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOLERANCE_M = 1e-6
RULES = StubRuleset()


def _within(inner: shapely.Geometry, outer: shapely.Geometry) -> bool:
    """``inner`` lies in ``outer`` grown by the tolerance (an empty ``inner`` lies anywhere)."""
    return inner.is_empty or bool(shapely.covered_by(inner, outer.buffer(TOLERANCE_M)))


def _coordinate(low: float, high: float):
    # subnormal offsets (1e-308 m) are covered once in test_views, not explored everywhere
    return st.floats(low, high, allow_subnormal=False)


def _maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def camera_rows(draw, origin=(0.0, 0.0)):
    camera_type = draw(st.sampled_from(["fixed", "fixed", "dome", "ptz", "fisheye"]))
    hfov_max = 360.0 if camera_type == "fisheye" else 170.0
    return {
        "x": origin[0] + draw(_coordinate(-60, 60)),
        "y": origin[1] + draw(_coordinate(-60, 60)),
        "height_m": draw(_maybe(st.floats(1.0, 30.0))),
        "bearing_deg": draw(_maybe(st.floats(0.0, 359.9))),
        "hfov_deg": draw(_maybe(st.floats(10.0, hfov_max))),
        "vfov_deg": draw(_maybe(st.floats(5.0, 120.0))),
        "tilt_deg": draw(_maybe(st.floats(-20.0, 80.0))),
        "resolution_px": draw(_maybe(st.integers(320, 8000))),
        "max_range_m": draw(_maybe(st.floats(5.0, 150.0))),
        "camera_type": camera_type,
        "status": draw(st.sampled_from(["planned", "in_service", "unknown", "faulty"])),
    }


@st.composite
def building_rows(draw, origin=(0.0, 0.0)):
    x = origin[0] + draw(_coordinate(-80, 80))
    y = origin[1] + draw(_coordinate(-80, 80))
    w = draw(st.floats(1.0, 25.0))
    h = draw(st.floats(1.0, 25.0))
    angle = draw(st.floats(0.0, 90.0))
    footprint = shapely.affinity.rotate(shapely.box(x, y, x + w, y + h), angle)
    if draw(st.booleans()):  # an L-shaped building: a concave footprint
        footprint = footprint.difference(
            shapely.affinity.rotate(shapely.box(x + w / 2, y + h / 2, x + w, y + h), angle)
        )
    return {"geometry": footprint, "height_m": draw(_maybe(st.floats(2.0, 40.0)))}


def _cameras_and_buildings(n_cameras=3, n_buildings=6):
    return st.tuples(
        st.lists(camera_rows(), min_size=1, max_size=n_cameras),
        st.lists(building_rows(), min_size=0, max_size=n_buildings),
    )


@FAST
@given(_cameras_and_buildings())
def test_every_view_lies_inside_its_field_of_view_sector(data) -> None:
    camera_list, building_list = data
    cameras = make_cameras(camera_list)
    views = views_from_cameras(cameras, make_buildings(building_list))
    params = camera_parameters(cameras)
    ranges = level_ranges(params)
    inner = blind_radius(params)
    for level in LEVELS:
        sectors = field_of_view_sectors(params, ranges[level], inner)
        for view, sector in zip(views.views[level], sectors, strict=True):
            assert _within(view, sector), level
            assert view.area <= sector.area + TOLERANCE_M


@FAST
@given(_cameras_and_buildings(), building_rows())
def test_adding_a_building_never_enlarges_a_view(data, extra) -> None:
    camera_list, building_list = data
    cameras = make_cameras(camera_list)
    before = views_from_cameras(cameras, make_buildings(building_list))
    after = views_from_cameras(cameras, make_buildings([*building_list, extra]))
    for level in LEVELS:
        for old, new in zip(before.views[level], after.views[level], strict=True):
            assert new.area <= old.area + TOLERANCE_M
            assert _within(new, old)


@FAST
@given(
    st.integers(0, 10_000),
    camera_rows(origin=(HELSINKI[0] + 150.0, HELSINKI[1] + 150.0)),
)
def test_adding_a_camera_never_lowers_a_zone_coverage(seed, extra) -> None:
    cameras, zones, buildings = random_district(
        seed, n_buildings=12, n_cameras=5, n_zones=9, origin=HELSINKI
    )
    before = coverage_state(cameras, zones, buildings, ruleset=RULES)
    added = make_cameras([{**extra, "camera_id": "extra"}])
    more = gpd.GeoDataFrame(pd.concat([cameras, added], ignore_index=True), crs=cameras.crs)
    after = coverage_state(more, zones, buildings, ruleset=RULES)
    assert (after.fraction >= before.fraction - 1e-9).all()
    assert (after.cameras_seeing >= before.cameras_seeing).all()
    # the same holds when the camera is added incrementally
    incremental = update_cameras(before, added)
    np.testing.assert_allclose(incremental.fraction, after.fraction, rtol=0, atol=1e-9)


def _project(cameras, zones, buildings) -> Project:
    crs = CRS.from_epsg(METRIC_CRS)
    return Project(
        cameras=cameras,
        zones=zones,
        buildings=buildings,
        private_areas=empty_layer(PRIVATE_AREAS, crs),
        roads=empty_layer(ROADS, crs),
        crs=crs,
        ruleset="national",
    )


def _fractions(project: Project) -> np.ndarray:
    state = coverage_state(project.cameras, project.zones, project.buildings, ruleset=RULES)
    order = np.argsort(state.targets.zone_id)
    return state.fraction[order]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_results_do_not_depend_on_the_crs_the_project_was_saved_in(seed) -> None:
    project = _project(*random_district(seed, n_buildings=12, n_cameras=6, n_zones=9))
    with tempfile.TemporaryDirectory() as folder:
        metric = Path(folder) / "metric.gpkg"
        lonlat = Path(folder) / "lonlat.gpkg"
        write_project(metric, project)
        write_project(lonlat, project, crs=4326)
        from_metric = read_project(metric)
        from_lonlat = read_project(lonlat)
    assert from_lonlat.crs.is_projected
    np.testing.assert_allclose(_fractions(from_lonlat), _fractions(from_metric), atol=0.001)
    np.testing.assert_allclose(_fractions(from_metric), _fractions(project), atol=1e-9)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000))
def test_results_do_not_depend_on_the_crs_of_plain_geopackage_layers(seed) -> None:
    # the same district written by plain geopandas (no metadata) in lon/lat and in UTM 35N:
    # the reader picks a metric CRS for the lon/lat file (UTM 35N for Helsinki) by itself
    project = _project(*random_district(seed, n_buildings=12, n_cameras=6, n_zones=9))
    with tempfile.TemporaryDirectory() as folder:
        metric = Path(folder) / "metric.gpkg"
        lonlat = Path(folder) / "lonlat.gpkg"
        for name in ("cameras", "zones", "buildings"):
            frame = project.layer(name)
            if name == "cameras":
                frame = frame.assign(has_sign=frame["has_sign"].astype("Int64"))
            frame.to_file(metric, layer=name, driver="GPKG")
            frame.to_crs(4326).to_file(lonlat, layer=name, driver="GPKG")
        from_metric = read_project(metric)
        from_lonlat = read_project(lonlat)
    assert from_lonlat.crs.is_projected
    assert from_metric.crs.equals(CRS.from_epsg(METRIC_CRS))
    np.testing.assert_allclose(_fractions(from_lonlat), _fractions(from_metric), atol=0.001)
    np.testing.assert_allclose(_fractions(from_metric), _fractions(project), atol=1e-9)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, 10_000),
    st.lists(
        st.tuples(
            st.integers(0, 4),  # which camera
            st.integers(-1, 11),  # into which building (-1: stay on the street)
            st.floats(0.0, 359.9),  # new bearing
            st.sampled_from(["planned", "faulty", "in_service", "remove"]),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_incremental_edits_equal_a_full_recompute_with_cameras_inside_buildings(
    seed, edits
) -> None:
    from planner.core.coverage import remove_cameras

    cameras, zones, buildings = random_district(
        seed, n_buildings=12, n_cameras=5, n_zones=12, origin=HELSINKI
    )
    # every building mapped twice over part of it, as OSM building:parts are
    parts = make_buildings(
        [{"geometry": g.buffer(-0.5), "height_m": 4.0} for g in buildings.geometry.iloc[:6]]
    )
    buildings = gpd.GeoDataFrame(
        pd.concat([buildings, parts], ignore_index=True), crs=buildings.crs
    )
    state = coverage_state(cameras, zones, buildings, ruleset=RULES)
    table = cameras.copy()
    spots = shapely.point_on_surface(buildings.geometry.to_numpy()[:12])
    for which, building, bearing, status in edits:
        cid = f"cam{which}"
        if status == "remove":
            if cid in set(table["camera_id"]):
                state = remove_cameras(state, [cid])
                table = table[table["camera_id"] != cid]
            continue
        row = (
            cameras[cameras["camera_id"] == cid].copy()
            if cid not in set(table["camera_id"])
            else table[table["camera_id"] == cid].copy()
        )
        row["bearing_deg"], row["status"] = bearing, status
        if building >= 0:
            row = row.set_geometry(gpd.GeoSeries([spots[building]], index=row.index, crs=row.crs))
        table = gpd.GeoDataFrame(
            pd.concat([table[table["camera_id"] != cid], row], ignore_index=True), crs=table.crs
        )
        state = update_cameras(state, row)
        full = coverage_state(table, zones, buildings, ruleset=RULES)
        order = np.argsort(state.views.camera_id)
        assert sorted(full.views.camera_id) == list(state.views.camera_id[order])
        np.testing.assert_allclose(state.fraction, full.fraction, rtol=0, atol=1e-7)
        assert state.cameras_seeing.tolist() == full.cameras_seeing.tolist()
