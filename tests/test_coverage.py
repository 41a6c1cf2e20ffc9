"""Zone coverage on hand-checkable cases, and incremental updates against full recomputation.

The standard camera (:data:`engine_helpers.BASE_CAMERA`) stands at the origin,
5 m up, looking east (+x) with a 90° lens, 60° vertical field and no tilt: it
sees nothing nearer than 5/tan(30°) = 8.66 m and detects up to
1920/(2·tan(45°)·25) = 38.4 m.
"""

from __future__ import annotations

import math

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from engine_helpers import (
    Requirement,
    StubRuleset,
    box,
    camera,
    make_buildings,
    make_cameras,
    make_zones,
    no_buildings,
    random_district,
)

from planner.core.coverage import coverage_state, remove_cameras, update_cameras
from planner.core.errors import CameraError, ZoneError

RULES = StubRuleset()

#: A wall of unknown height whose shadow, seen from the origin, covers exactly y > 0 for x > 10
#: (up to 48° off the bearing). It stands beyond the 8.66 m blind zone: see
#: test_views.test_building_inside_the_blind_zone_still_casts_a_shadow for why that matters.
NORTH_WALL = {"geometry": box(9, 0, 10, 10), "height_m": None}
SQUARE = box(10, -5, 20, 5)


def _state(cameras, zones, buildings=None, ruleset=RULES):
    buildings = no_buildings() if buildings is None else buildings
    return coverage_state(cameras, zones, buildings, ruleset=ruleset)


# ------------------------------------------------------------------ hand-checkable cases


def test_square_half_hidden_by_a_building_is_half_covered() -> None:
    state = _state(
        make_cameras([camera()]),
        make_zones([{"geometry": SQUARE, "required_level": "detect"}]),
        make_buildings([NORTH_WALL]),
    )
    assert state.fraction[0] == pytest.approx(0.5, abs=0.005)
    assert state.targets.kind[0] == "area"
    assert state.targets.total[0] == pytest.approx(100.0)
    # the covered part is the southern half
    assert state.covered[0].symmetric_difference(box(10, -5, 20, 0)).area < 0.5
    assert state.cameras_seeing.tolist() == [1]


def test_square_without_the_building_is_fully_covered() -> None:
    state = _state(
        make_cameras([camera()]), make_zones([{"geometry": SQUARE, "required_level": "detect"}])
    )
    assert state.fraction[0] == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize(
    "limit",
    [
        {"resolution_px": 2000},  # detect: 2000/(2·tan 45°·25) = 40 m
        {"resolution_px": 3840, "max_range_m": 40.0},  # detect 76.8 m, device limit 40 m
    ],
)
def test_fire_lane_three_of_four_segments_within_range(limit) -> None:
    # four 10 m segments from x = 10 to x = 50 along the bearing; the view stops at 40 m
    lane = shapely.LineString([(10, 0), (20, 0), (30, 0), (40, 0), (50, 0)])
    state = _state(
        make_cameras([camera(**limit)]),
        make_zones(
            [
                {"geometry": lane, "category": "fire_lane", "required_coverage": 0.7},
                {"geometry": lane, "category": "fire_lane", "required_coverage": 0.8},
            ]
        ),
    )
    assert state.targets.kind.tolist() == ["line", "line"]
    assert state.targets.total[0] == pytest.approx(40.0)
    assert state.fraction[0] == pytest.approx(0.75, abs=0.005)
    assert state.passed.tolist() == [True, False]


def test_fire_lane_last_segment_in_a_building_shadow() -> None:
    # lane x = 20 from y = -20 to 20 in four 10 m segments. The wall's lowest-angle corner
    # (12, 6) lies on the ray y = x/2, which meets the lane at (20, 10): the last segment
    # (y from 10 to 20) is in the shadow, the rest is seen.
    lane = shapely.LineString([(20, -20), (20, -10), (20, 0), (20, 10), (20, 20)])
    wall = {"geometry": box(10, 6, 12, 20), "height_m": None}
    # 3840 px, 120° lens: detect 3840/(2·tan 60°·25) = 44.3 m > 28.3 m to the lane's ends
    cam = camera(hfov_deg=120.0, resolution_px=3840)
    zones = make_zones([{"geometry": lane, "category": "fire_lane"}])
    state = _state(make_cameras([cam]), zones, make_buildings([wall]))
    assert state.fraction[0] == pytest.approx(0.75, abs=0.005)
    seen = state.covered[0]
    assert seen.distance(shapely.Point(20, 9.9)) < 1e-9
    assert seen.distance(shapely.Point(20, 10.1)) > 0.09


def test_range_stopping_mid_zone_covers_the_sector_part_inside_the_zone() -> None:
    # 1500 px, 90° lens: detect range R = 1500/(2·1·25) = 30 m. The zone x in [10, 50],
    # |y| <= 10 lies inside the lens's ±45° wedge and beyond the 8.66 m blind zone, so the
    # covered part is {x >= 10, |y| <= 10, x² + y² <= R²}:
    #   ∫_{-a}^{a} (sqrt(R² - y²) - 10) dy = a·sqrt(R² - a²) + R²·asin(a/R) - 20·a, a = 10
    r, a = 30.0, 10.0
    expected_area = a * math.sqrt(r * r - a * a) + r * r * math.asin(a / r) - 20 * a
    zone = box(10, -10, 50, 10)
    state = _state(
        make_cameras([camera(resolution_px=1500)]),
        make_zones([{"geometry": zone, "required_level": "detect"}]),
    )
    assert state.views.ranges["detect"][0] == pytest.approx(r)
    assert state.amount[0] == pytest.approx(expected_area, rel=1e-3)
    assert state.fraction[0] == pytest.approx(expected_area / zone.area, rel=1e-3)


def test_point_zone_is_covered_or_not() -> None:
    zones = make_zones(
        [
            {"geometry": shapely.Point(15, -3), "category": "estate_entrance"},  # seen
            {"geometry": shapely.Point(15, 3), "category": "estate_entrance"},  # in shadow
            {"geometry": shapely.Point(5, 0), "category": "estate_entrance"},  # blind zone
            {"geometry": shapely.Point(45, 0), "category": "estate_entrance"},  # beyond 38.4 m
            {"geometry": shapely.Point(-15, 0), "category": "estate_entrance"},  # behind
        ]
    )
    state = _state(make_cameras([camera()]), zones, make_buildings([NORTH_WALL]))
    assert state.targets.kind.tolist() == ["point"] * 5
    assert state.fraction.tolist() == [1.0, 0.0, 0.0, 0.0, 0.0]
    assert state.passed.tolist() == [True, False, False, False, False]
    assert state.cameras_seeing.tolist() == [1, 0, 0, 0, 0]


@pytest.mark.parametrize("status", ["faulty", "removed", "offline"])
def test_cameras_not_working_do_not_count(status: str) -> None:
    zones = make_zones([{"geometry": SQUARE, "required_level": "detect"}])
    state = _state(make_cameras([camera(status=status)]), zones)
    assert state.fraction[0] == 0.0
    assert state.cameras_seeing[0] == 0
    assert not state.passed[0]
    # alongside a working camera facing the other way, still only the working one counts
    mixed = _state(
        make_cameras(
            [camera(status=status), camera(status="in_service", x=30.0, bearing_deg=270.0)]
        ),
        zones,
    )
    assert mixed.cameras_seeing[0] == 1
    assert set(mixed.pieces[0]) == {"c1"}


@pytest.mark.parametrize("status", ["planned", "in_service", "unknown"])
def test_working_statuses_count(status: str) -> None:
    zones = make_zones([{"geometry": SQUARE, "required_level": "detect"}])
    state = _state(make_cameras([camera(status=status)]), zones)
    assert state.fraction[0] == pytest.approx(1.0)


def test_required_coverage_pass_and_fail() -> None:
    zones = make_zones(
        [
            {"geometry": SQUARE, "required_level": "detect", "required_coverage": 0.45},
            {"geometry": SQUARE, "required_level": "detect", "required_coverage": 0.55},
            {"geometry": SQUARE, "required_level": "detect"},  # ruleset: 0.5 → fraction ≈ 0.5
        ]
    )
    rules = StubRuleset({"square": Requirement("detect", 0.4)})
    state = _state(make_cameras([camera()]), zones, make_buildings([NORTH_WALL]), rules)
    assert state.targets.required.tolist() == [0.45, 0.55, 0.4]
    assert state.passed.tolist() == [True, False, True]


def test_zone_level_comes_from_zone_else_ruleset() -> None:
    # identify reaches 1920/(2·250) = 3.84 m, inside the 8.66 m blind zone: nothing identified
    zones = make_zones(
        [
            {"geometry": SQUARE, "required_level": "identify"},
            {"geometry": SQUARE},  # ruleset: detect
        ]
    )
    state = _state(make_cameras([camera()]), zones)
    assert state.targets.level.tolist() == ["identify", "detect"]
    assert state.fraction.tolist() == [0.0, pytest.approx(1.0)]


def test_overlapping_cameras_are_not_counted_twice() -> None:
    zones = make_zones([{"geometry": SQUARE, "required_level": "detect"}])
    buildings = make_buildings([NORTH_WALL])
    cams = make_cameras([camera(camera_id="a"), camera(camera_id="b", y=-0.0)])
    state = _state(cams, zones, buildings)
    assert state.cameras_seeing[0] == 2
    assert state.fraction[0] == pytest.approx(0.5, abs=0.005)


def test_two_cameras_together_cover_what_each_covers_alone() -> None:
    # one camera from the west (north half in shadow), one from the east with the wall
    # mirrored through the square's centre (15, 0) (south half in shadow)
    zones = make_zones([{"geometry": SQUARE, "required_level": "detect"}])
    east_wall = {"geometry": box(20, -10, 21, 0), "height_m": None}
    cams = make_cameras([camera(camera_id="w"), camera(camera_id="e", x=30.0, bearing_deg=270.0)])
    state = _state(cams, zones, make_buildings([NORTH_WALL, east_wall]))
    assert state.fraction[0] == pytest.approx(1.0, abs=0.005)


def test_unknown_category_without_own_requirement_is_left_out_and_named() -> None:
    zones = make_zones(
        [
            {"geometry": SQUARE, "category": "bridge_tunnel", "zone_id": "b1"},
            {"geometry": SQUARE, "category": "square", "zone_id": "s1"},
        ]
    )
    state = _state(make_cameras([camera()]), zones)
    assert state.zones["zone_id"].tolist() == ["s1"]
    ((zone_id, reason),) = state.skipped_zones
    assert zone_id == "b1" and "no requirement" in reason


def test_unknown_category_with_own_requirement_is_fine() -> None:
    zones = make_zones(
        [
            {
                "geometry": SQUARE,
                "category": "bridge_tunnel",
                "required_level": "detect",
                "required_coverage": 1.0,
            }
        ]
    )
    assert _state(make_cameras([camera()]), zones).passed.tolist() == [True]


def test_no_cameras_no_coverage() -> None:
    zones = make_zones([{"geometry": SQUARE}])
    state = _state(make_cameras([]), zones)
    assert state.fraction.tolist() == [0.0]
    assert state.cameras_seeing.tolist() == [0]


def test_layers_in_different_crs_are_refused() -> None:
    zones = make_zones([{"geometry": SQUARE}], crs=3067)
    with pytest.raises(ZoneError, match="different CRS"):
        _state(make_cameras([camera()]), zones, make_buildings([], crs=3067))


def test_real_ruleset_drives_levels_and_requirements() -> None:
    from planner.io.rulesets import load_ruleset

    national = load_ruleset("national")
    square = national.zone_requirement("square")
    entrance = national.zone_requirement("estate_entrance")
    lane = national.zone_requirement("fire_lane")
    zones = make_zones(
        [
            # 4 m square 10–14 m away: inside every range of at least 14.2 m, beyond the blind zone
            {"geometry": box(10, -2, 14, 2), "category": "square"},
            {"geometry": shapely.Point(12, 0), "category": "estate_entrance"},
            {
                "geometry": shapely.LineString([(10, 0), (20, 0), (30, 0), (40, 0), (50, 0)]),
                "category": "fire_lane",
            },
        ]
    )
    state = _state(make_cameras([camera(max_range_m=40.0)]), zones, ruleset=national)
    assert state.targets.level.tolist() == [square.level, entrance.level, lane.level]
    assert state.targets.required.tolist() == [square.coverage, entrance.coverage, lane.coverage]
    reach = {lv: state.views.ranges[lv][0] for lv in state.views.ranges}
    ppm = {"detect": 25.0, "observe": 62.5, "recognise": 125.0, "identify": 250.0}

    def seen_to(level: str) -> float:
        return min(40.0, 1920 / (2 * ppm[level]))

    assert reach[square.level] == pytest.approx(seen_to(square.level))
    # square: all of it is seen if its level reaches past its far corner
    square_seen = seen_to(square.level) > math.hypot(14, 2)
    assert state.fraction[0] == pytest.approx(1.0 if square_seen else 0.0, abs=0.05)
    # entrance 12 m away
    assert state.fraction[1] == (1.0 if seen_to(entrance.level) > 12 else 0.0)
    # lane from 10 to 50 m: seen from 10 m out to the level's range
    lane_seen = min(max(seen_to(lane.level) - 10.0, 0.0), 40.0) / 40.0
    # (arcs are polygons: the range holds to about 0.01 %, i.e. 4 mm at 38.4 m)
    assert state.fraction[2] == pytest.approx(lane_seen, abs=5e-4)
    if abs(lane_seen - lane.coverage) > 5e-4:
        assert state.passed[2] == (lane_seen >= lane.coverage)


# ------------------------------------------------------------------ incremental updates


def _assert_same_coverage(incremental, full) -> None:
    assert incremental.targets.zone_id.tolist() == full.targets.zone_id.tolist()
    np.testing.assert_allclose(incremental.fraction, full.fraction, rtol=0, atol=1e-9)
    np.testing.assert_allclose(incremental.amount, full.amount, rtol=1e-9, atol=1e-9)
    assert incremental.cameras_seeing.tolist() == full.cameras_seeing.tolist()
    assert incremental.passed.tolist() == full.passed.tolist()
    for a, b in zip(incremental.pieces, full.pieces, strict=True):
        assert set(a) == set(b)


def _with_rows(cameras: gpd.GeoDataFrame, changed: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The camera table with ``changed`` rows replacing or joining those of the same id."""
    kept = cameras[~cameras["camera_id"].isin(changed["camera_id"])]
    return gpd.GeoDataFrame(pd.concat([kept, changed], ignore_index=True), crs=cameras.crs)


def _changed(cameras: gpd.GeoDataFrame, camera_id: str, **fields) -> gpd.GeoDataFrame:
    row = cameras[cameras["camera_id"] == camera_id].copy()
    for name, value in fields.items():
        if name == "xy":
            row["geometry"] = [shapely.Point(*value)]
        else:
            row[name] = [value]
    return row


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_incremental_updates_equal_full_recomputation(seed: int) -> None:
    cameras, zones, buildings = random_district(seed)
    state = _state(cameras, zones, buildings)
    target = zones.geometry.iloc[0].representative_point()

    # move cam0 next to zone0, looking at it
    move = _changed(
        cameras,
        "cam0",
        xy=(target.x - 12.0, target.y),
        bearing_deg=90.0,
        status="in_service",
        height_m=6.0,
        tilt_deg=10.0,
    )
    # rotate cam1 by 120°
    old_bearing = cameras.loc[cameras["camera_id"] == "cam1", "bearing_deg"].iloc[0]
    rotate = _changed(cameras, "cam1", bearing_deg=(np.nan_to_num(old_bearing) + 120.0) % 360)
    # a new dome camera in the middle of zone 1's first vertex
    first = shapely.get_coordinates(zones.geometry.iloc[1])[0]
    new = cameras.iloc[[0]].copy()
    new["camera_id"] = ["new"]
    new["camera_type"] = ["dome"]
    new["status"] = ["planned"]
    new["geometry"] = [shapely.Point(first[0] + 3.0, first[1] - 2.0)]
    # cam4 breaks down
    broken = _changed(cameras, "cam4", status="faulty")

    current = cameras
    for change in (move, rotate, new, broken):
        state = update_cameras(state, change)
        current = _with_rows(current, change)
        _assert_same_coverage(state, _state(current, zones, buildings))

    state = remove_cameras(state, ["cam2", "cam3"])
    current = current[~current["camera_id"].isin(["cam2", "cam3"])]
    full = _state(current, zones, buildings)
    _assert_same_coverage(state, full)
    assert sorted(state.views.camera_id) == sorted(full.views.camera_id)
    assert len(state.views) == len(full.views) == 14

    # the moves mattered: the moved camera now sees zone 0
    assert "cam0" in state.pieces[0]


def test_update_with_several_cameras_at_once_equals_full_recomputation() -> None:
    cameras, zones, buildings = random_district(7)
    state = _state(cameras, zones, buildings)
    changed = cameras.iloc[[3, 5, 8]].copy()
    changed["geometry"] = changed.geometry.translate(15.0, -10.0)
    changed["bearing_deg"] = [10.0, 200.0, np.nan]
    updated = update_cameras(state, changed)
    _assert_same_coverage(updated, _state(_with_rows(cameras, changed), zones, buildings))


def test_removing_every_camera_leaves_nothing_covered() -> None:
    cameras, zones, buildings = random_district(3)
    state = remove_cameras(_state(cameras, zones, buildings), cameras["camera_id"])
    assert state.fraction.tolist() == [0.0] * len(zones)
    assert state.cameras_seeing.tolist() == [0] * len(zones)


def test_update_with_a_duplicate_id_is_refused() -> None:
    cameras, zones, buildings = random_district(4)
    state = _state(cameras, zones, buildings)
    twice = pd.concat([cameras.iloc[[0]], cameras.iloc[[0]]])
    with pytest.raises(CameraError):
        update_cameras(state, twice)


def test_removing_an_unknown_camera_names_it() -> None:
    cameras, zones, buildings = random_district(5)
    with pytest.raises(CameraError, match="ghost"):
        remove_cameras(_state(cameras, zones, buildings), ["ghost"])


def test_incremental_state_is_a_new_object_and_the_old_one_is_unchanged() -> None:
    cameras, zones, buildings = random_district(6)
    state = _state(cameras, zones, buildings)
    before = state.fraction.copy()
    remove_cameras(state, list(cameras["camera_id"]))
    np.testing.assert_array_equal(state.fraction, before)
