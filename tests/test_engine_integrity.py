"""Integrity of the engine: rows it cannot use are left out and named, nothing crashes.

Hand-worked numbers use the standard camera of ``engine_helpers``: at the
origin, 5 m up, looking east with a 90° lens and a 60° vertical field, level:
it sees nothing nearer than 8.66 m and detects up to 38.4 m.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from engine_helpers import (
    StubRuleset,
    box,
    camera,
    make_buildings,
    make_cameras,
    make_zones,
    no_buildings,
    random_district,
)

from planner.core.coverage import (
    CoverageState,
    coverage_state,
    remove_cameras,
    update_cameras,
    usable_zones,
    zone_targets,
)
from planner.core.errors import ZoneError
from planner.core.schema import LEFT_OUT
from planner.core.views import (
    merge_duplicate_footprints,
    views_from_cameras,
)

RULES = StubRuleset()
SQUARE = box(10, -5, 20, 5)  # fully in the standard camera's detect sector
HELSINKI = Path(__file__).resolve().parents[1] / "data" / "helsinki.gpkg"


def _with_geometries(frame: gpd.GeoDataFrame, geoms: list[object]) -> gpd.GeoDataFrame:
    """``frame`` with its geometries replaced as they may come from a file (no checks)."""
    out = frame.copy()
    return out.set_geometry(gpd.GeoSeries(geoms, index=out.index, crs=frame.crs))


def _assert_same_coverage(live: CoverageState, full: CoverageState) -> None:
    assert live.targets.zone_id.tolist() == full.targets.zone_id.tolist()
    np.testing.assert_allclose(live.fraction, full.fraction, rtol=0, atol=1e-7)
    assert live.cameras_seeing.tolist() == full.cameras_seeing.tolist()


# ------------------------------------------------------------------ degenerate zones


DEGENERATE = {
    "flat": shapely.Polygon([(0, 0), (10, 0), (20, 0)]),  # zero area
    "dot": shapely.LineString([(15, 0), (15, 0)]),  # zero length
    "empty": shapely.Polygon(),
    "missing": None,
    "nan": shapely.Point(np.nan, 0.0),
    "collection": shapely.GeometryCollection([shapely.Point(15, 0)]),
}


def _zones_with_degenerate() -> gpd.GeoDataFrame:
    names = ["good", *DEGENERATE, "entrance"]
    frame = make_zones(
        [{"zone_id": n, "geometry": shapely.Point(15, 0), "category": "square"} for n in names]
    )
    return _with_geometries(frame, [SQUARE, *DEGENERATE.values(), shapely.Point(15, 1)])


def test_degenerate_zones_are_left_out_with_a_reason_not_a_crash() -> None:
    state = coverage_state(
        make_cameras([camera()]), _zones_with_degenerate(), no_buildings(), ruleset=RULES
    )
    assert state.targets.zone_id.tolist() == ["good", "entrance"]
    assert state.fraction.tolist() == pytest.approx([1.0, 1.0])
    reasons = dict(state.skipped_zones)
    assert set(reasons) == set(DEGENERATE)
    assert "zero area" in reasons["flat"] and "zero length" in reasons["dot"]
    assert "empty" in reasons["empty"] and "no geometry" in reasons["missing"]
    assert "not finite" in reasons["nan"] and "GeometryCollection" in reasons["collection"]
    problem = next(p for p in state.problems if p.id == "zone_id=dot")
    assert (problem.layer, problem.row, problem.field) == ("zones", "3", "geometry")
    assert problem.action == LEFT_OUT and problem.severity == "error"
    # the incremental path works on what is left
    moved = update_cameras(state, make_cameras([camera(x=-2.0)]))
    assert moved.fraction.tolist() == pytest.approx([1.0, 1.0])
    assert remove_cameras(moved, ["c0"]).fraction.tolist() == [0.0, 0.0]


def test_an_invalid_zone_polygon_is_repaired_and_reported() -> None:
    bowtie = shapely.Polygon([(10, -5), (20, 5), (20, -5), (10, 5)])  # two 25 m² triangles
    zones = _with_geometries(make_zones([{"geometry": SQUARE}]), [bowtie])
    kept, problems = usable_zones(zones)
    assert len(kept) == 1 and kept.geometry.iloc[0].area == pytest.approx(50.0)
    assert [p.severity for p in problems] == ["warning"]
    state = coverage_state(make_cameras([camera()]), zones, no_buildings(), ruleset=RULES)
    assert state.targets.total.tolist() == pytest.approx([50.0])


def test_zone_targets_names_a_degenerate_zone() -> None:
    zones = _with_geometries(make_zones([{"zone_id": "flat", "geometry": SQUARE}]), [None])
    with pytest.raises(ZoneError, match="zone_id=flat"):
        zone_targets(zones, RULES)


def test_unusable_footprints_are_left_out_and_reported() -> None:
    buildings = _with_geometries(
        make_buildings([box(0, 0, 1, 1)] * 3),
        [box(30, -5, 31, 5), shapely.Polygon([(0, 0), (5, 0), (9, 0)]), None],
    )
    state = coverage_state(
        make_cameras([camera()]), make_zones([{"geometry": SQUARE}]), buildings, ruleset=RULES
    )
    assert len(state.occluders) == 1
    assert [(p.layer, p.row) for p in state.problems] == [("buildings", "2"), ("buildings", "3")]
    assert state.fraction.tolist() == pytest.approx([1.0])


# ------------------------------------------------------------------ camera in several footprints


def test_a_camera_inside_overlapping_footprints_sees_out_of_all_of_them() -> None:
    # a building and its building:part, both around the camera, heights unknown: today the
    # one not taken as "its own" hid everything (an empty view, no warning)
    building = {"geometry": box(-10, -10, 1, 10), "height_m": None}
    part = {"geometry": box(-10, -10, 1, 6), "height_m": None}
    far_wall = {"geometry": box(9, 0, 10, 10), "height_m": None}  # hides y > 0 beyond x = 10
    cameras = make_cameras([camera()])
    alone = views_from_cameras(cameras, no_buildings()).views["detect"][0]
    both = views_from_cameras(cameras, make_buildings([building, part]))
    assert both.views["detect"][0].symmetric_difference(alone).area < 1e-6
    assert both.inside_building.tolist() == [0]  # the first footprint names it
    # other buildings still block it
    state = coverage_state(
        cameras,
        make_zones([{"geometry": SQUARE}]),
        make_buildings([part, far_wall, building]),
        ruleset=RULES,
    )
    assert state.fraction[0] == pytest.approx(0.5, abs=0.005)
    assert state.views.inside_building.tolist() == [0]


# ------------------------------------------------------------------ duplicate footprints


def test_duplicate_footprints_are_found_merged_and_reported() -> None:
    wall = box(9, 0, 10, 10)
    nudged = shapely.Polygon([(9, 0), (10.005, 0), (10, 10), (9, 10)])  # 0.25 % more area
    buildings = make_buildings(
        [
            {"geometry": wall, "height_m": None, "name": "Hotel"},  # row 1: building
            {"geometry": box(30, 0, 40, 10), "height_m": 6.0},  # row 2: another building
            {"geometry": nudged, "height_m": 2.5, "use": "hotel"},  # row 3: its building:part
            {"geometry": box(10, 0, 20, 10), "height_m": 3.0},  # row 4: touches row 1
            {"geometry": wall, "height_m": 2.0},  # row 5: a third copy
        ]
    )
    merged = merge_duplicate_footprints(buildings)
    assert [(d.kept, d.duplicates) for d in merged.duplicates] == [("1", ("3", "5"))]
    assert merged.source.tolist() == [0, 1, 3]
    first = merged.buildings.iloc[0]
    # the greatest known height, and the empty fields filled from the copies
    assert (first["height_m"], first["name"], first["use"]) == (2.5, "Hotel", "hotel")
    assert [(p.row, p.severity) for p in merged.problems] == [("3", "warning"), ("5", "warning")]
    assert "row 1" in merged.problems[0].message


def test_coverage_computes_with_the_merged_footprints() -> None:
    # the wall (unknown height) and its 2.5 m building:part copy are one 2.5 m wall: seen
    # from 5 m up its shadow ends at twice its distance, x = 20, y > 0 hidden from x = 10 to 20
    wall = box(9, 0, 10, 10)
    buildings = make_buildings(
        [{"geometry": wall, "height_m": None}, {"geometry": wall, "height_m": 2.5}]
    )
    state = coverage_state(
        make_cameras([camera()]),
        make_zones([{"geometry": box(10, -5, 30, 5)}]),
        buildings,
        ruleset=RULES,
    )
    assert len(state.occluders) == 1
    assert [(d.kept, d.duplicates) for d in state.duplicate_footprints] == [("1", ("2",))]
    # hidden: the triangle-free strip 10 ≤ x ≤ 18..20 of y > 0; at least 1/4, at most 1/4 + ε
    hidden = 1.0 - state.fraction[0]
    assert 0.2 < hidden < 0.26


# ------------------------------------------------------------------ live equals full


def _full(cameras, zones, buildings) -> CoverageState:
    return coverage_state(cameras, zones, buildings, ruleset=RULES)


def test_overlapping_line_pieces_of_two_cameras_count_once() -> None:
    # a fire lane with a bend seen by two cameras whose views overlap on it: the cut
    # points of each view lie a hair off the lane, and the union must not count the
    # common stretch twice — whatever the order the cameras came in
    lane = shapely.LineString([(12.0, -3.0), (20.3, 1.7), (31.1, 4.9)])
    zones = make_zones([{"geometry": lane, "category": "fire_lane"}])
    cams = make_cameras(
        [camera(camera_id="a", bearing_deg=80.0), camera(camera_id="b", x=3.3, bearing_deg=97.0)]
    )
    full = _full(cams, zones, no_buildings())
    assert full.amount[0] <= lane.length + 1e-6
    state = _full(cams.iloc[:1], zones, no_buildings())
    state = update_cameras(state, cams.iloc[1:])
    _assert_same_coverage(state, full)


def test_every_edit_of_a_camera_equals_a_full_recompute_on_a_random_district() -> None:
    cameras, zones, buildings = random_district(11)
    # stand two cameras inside buildings (one of them inside two overlapping footprints)
    footprints = buildings.geometry.to_numpy()
    extra = make_buildings([{"geometry": footprints[0].buffer(-1.0), "height_m": 4.0}])
    buildings = gpd.GeoDataFrame(
        np.concatenate([buildings.to_numpy(), extra.to_numpy()]),
        columns=buildings.columns,
        geometry="geometry",
        crs=buildings.crs,
    ).astype(buildings.dtypes.to_dict())
    inner = [shapely.get_coordinates(shapely.centroid(footprints[k]))[0] for k in (0, 1)]
    table = cameras.copy()
    geoms = table.geometry.to_numpy().copy()
    geoms[0], geoms[1] = shapely.Point(inner[0]), shapely.Point(inner[1])
    table = table.set_geometry(gpd.GeoSeries(geoms, index=table.index, crs=table.crs))
    state = _full(table, zones, buildings)
    assert (state.views.inside_building[:2] >= 0).all()
    rng = np.random.default_rng(11)
    for step in range(12):
        row = table.iloc[[step % 4]].copy()
        row.loc[:, "bearing_deg"] = float(rng.uniform(0, 360))
        if step % 3 == 0:
            row.loc[:, "status"] = "faulty" if step % 2 else "planned"
        table.loc[row.index, "bearing_deg"] = row["bearing_deg"]
        table.loc[row.index, "status"] = row["status"]
        state = update_cameras(state, row)
        _assert_same_coverage(state, _full(table, zones, buildings))
    state = remove_cameras(state, ["cam0", "cam2"])
    table = table[~table["camera_id"].isin(["cam0", "cam2"])]
    _assert_same_coverage(state, _full(table, zones, buildings))


@pytest.mark.skipif(not HELSINKI.exists(), reason="the Helsinki sample is made by set-up")
def test_helsinki_cameras_inside_buildings_update_and_drag_like_a_full_recompute() -> None:
    from planner.core.views import camera_parameters
    from planner.io.project import read_project
    from planner.io.rulesets import load_ruleset

    project = read_project(HELSINKI)
    ruleset = load_ruleset(project.ruleset)
    full = coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)
    inside = full.views.camera_id[full.views.inside_building >= 0]
    assert len(inside) > 10
    ids = project.cameras["camera_id"]
    # re-applying each camera's own row changes nothing (82.74 % live vs 78.50 % before)
    for cid in inside:
        again = update_cameras(full, project.cameras[ids == cid])
        np.testing.assert_allclose(again.fraction, full.fraction, rtol=0, atol=1e-7)
    zone = full.targets.zone_id.tolist().index("bridge_tunnel-way-122595271")
    assert full.fraction[zone] == pytest.approx(0.785, abs=0.001)
    # drag one inside camera a few steps and put it back
    params = camera_parameters(project.cameras[ids == "osm-node-316412603"])
    state = full
    for dx, bearing in ((2.0, 10.0), (-3.0, 200.0), (0.0, float(params.bearing_deg[0]))):
        state = update_cameras(
            state, replace(params, x=params.x + dx, bearing_deg=np.array([bearing]))
        )
    state = update_cameras(state, params)
    np.testing.assert_allclose(state.fraction, full.fraction, rtol=0, atol=1e-7)


def test_a_hotel_mapped_twice_gives_one_facade_finding() -> None:
    from test_privacy import RULES as PRIVACY_RULES
    from test_privacy import private_areas

    from planner.core.privacy import privacy_findings

    hotel = {"geometry": box(12, -5, 22, 5), "height_m": 10.0, "use": "hotel", "name": "Hotel A"}
    buildings = make_buildings([hotel, {**hotel, "name": "Hotel A (part)"}])
    report = privacy_findings(
        make_cameras([camera()]), buildings, private_areas(), ruleset=PRIVACY_RULES
    )
    assert [(f.finding, f.places) for f in report.findings] == [("facade_exposure", ("Hotel A",))]


def test_moved_parameters_equal_those_of_the_written_row() -> None:
    from planner.core.views import camera_parameters, moved_parameters

    row = camera(vfov_deg=None, bearing_deg=None, hfov_deg=100.0)  # vfov derived, full circle
    before = camera_parameters(make_cameras([row]))
    moved = moved_parameters(before, x=[3.0], bearing_deg=[400.0], hfov_deg=[40.0])
    written = camera_parameters(
        make_cameras([{**row, "x": 3.0, "bearing_deg": 40.0, "hfov_deg": 40.0}])
    )
    for name in ("x", "bearing_deg", "hfov_deg", "vfov_deg", "omnidirectional"):
        np.testing.assert_allclose(getattr(moved, name), getattr(written, name), err_msg=name)
    assert moved.assumptions == written.assumptions
    dome = camera_parameters(make_cameras([camera(camera_type="dome", bearing_deg=None)]))
    assert moved_parameters(dome, bearing_deg=[10.0]).omnidirectional.tolist() == [True]


@pytest.mark.parametrize(
    "where",
    [shapely.Point(np.nan, 0.0), shapely.Point(), None, shapely.LineString([(0, 0), (1, 1)])],
)
def test_a_camera_without_a_usable_position_is_left_out_and_named(where) -> None:
    from planner.core.errors import CameraError

    cameras = make_cameras([camera(), camera(x=-2.0)])
    cameras = _with_geometries(cameras, [cameras.geometry.iloc[0], where])
    zones = make_zones([{"geometry": SQUARE}])
    state = coverage_state(cameras, zones, no_buildings(), ruleset=RULES)
    assert state.views.camera_id.tolist() == ["c0"] and state.fraction.tolist() == [1.0]
    (problem,) = state.problems
    assert (problem.layer, problem.row, problem.id) == ("cameras", "2", "camera_id=c1")
    # removing it is a no-op; an update with it is refused by name, never a GEOS error
    assert remove_cameras(state, ["c1"]).fraction.tolist() == [1.0]
    with pytest.raises(CameraError, match="camera_id=c1"):
        update_cameras(state, cameras.iloc[1:])
