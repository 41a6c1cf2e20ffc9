"""Camera views on hand-checkable geometry: ranges, tilt limits, blind zone, shadows.

Every expected number is worked out in the test from the camera's fields with
plain trigonometry, never copied from a run of the engine.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from engine_helpers import (
    box,
    camera,
    dori_range,
    make_buildings,
    make_cameras,
    no_buildings,
)

from planner.core.errors import CameraError, CrsError
from planner.core.levels import LEVEL_PPM, LEVELS
from planner.core.views import (
    blind_radius,
    camera_parameters,
    level_ranges,
    prepare_occluders,
    views_from_cameras,
)

PPM = {"detect": 25.0, "observe": 62.5, "recognise": 125.0, "identify": 250.0}


def _ground(view: shapely.Geometry, x: float, y: float) -> bool:
    return bool(view.contains(shapely.Point(x, y)))


def test_level_ppm_are_the_en_62676_4_values() -> None:
    assert dict(LEVEL_PPM) == PPM
    assert LEVELS == ("detect", "observe", "recognise", "identify")


@pytest.mark.parametrize("level", list(PPM))
@pytest.mark.parametrize(("resolution", "hfov"), [(1920, 90.0), (3840, 60.0), (1280, 110.0)])
def test_range_formula_for_each_level(level: str, resolution: int, hfov: float) -> None:
    cameras = make_cameras([camera(resolution_px=resolution, hfov_deg=hfov)])
    expected = resolution / (2 * math.tan(math.radians(hfov / 2)) * PPM[level])
    ranges = level_ranges(camera_parameters(cameras))
    assert ranges[level][0] == pytest.approx(expected, rel=1e-12)
    views = views_from_cameras(cameras, no_buildings())
    assert views.ranges[level][0] == pytest.approx(expected, rel=1e-12)


def test_max_range_caps_only_the_levels_that_reach_beyond_it() -> None:
    # 1920 px, 90°: detect 38.4 m, observe 15.36 m, recognise 7.68 m, identify 3.84 m
    cameras = make_cameras([camera(max_range_m=10.0)])
    ranges = views_from_cameras(cameras, no_buildings()).ranges
    assert ranges["detect"][0] == pytest.approx(10.0)
    assert ranges["observe"][0] == pytest.approx(10.0)
    assert ranges["recognise"][0] == pytest.approx(1920 / (2 * 1.0 * 125.0))
    assert ranges["identify"][0] == pytest.approx(1920 / (2 * 1.0 * 250.0))


def test_view_reaches_exactly_the_range_along_the_bearing() -> None:
    cameras = make_cameras([camera(max_range_m=30.0)])
    view = views_from_cameras(cameras, no_buildings()).views["detect"][0]
    assert _ground(view, 29.9, 0.0)
    assert not _ground(view, 30.1, 0.0)
    # 44° off the axis (inside the 90° lens), just inside and outside the range
    a = math.radians(44.0)
    assert _ground(view, 29.5 * math.cos(a), 29.5 * math.sin(a))
    assert not _ground(view, 30.1 * math.cos(a), 30.1 * math.sin(a))
    # 46° off the axis is outside the lens
    a = math.radians(46.0)
    assert not _ground(view, 20 * math.cos(a), 20 * math.sin(a))


def test_top_edge_below_horizon_caps_range_at_h_over_tan_tilt_minus_half_vfov() -> None:
    h, tilt, vfov = 6.0, 40.0, 30.0
    cameras = make_cameras([camera(height_m=h, tilt_deg=tilt, vfov_deg=vfov)])
    cap = h / math.tan(math.radians(tilt - vfov / 2))  # 12.87 m
    dori = {level: dori_range(1920, 90.0, ppm) for level, ppm in PPM.items()}
    views = views_from_cameras(cameras, no_buildings())
    for level in PPM:
        assert views.ranges[level][0] == pytest.approx(min(dori[level], cap), rel=1e-12)
    assert dori["detect"] > cap > dori["identify"]
    view = views.views["detect"][0]
    assert _ground(view, cap - 0.05, 0.0)
    assert not _ground(view, cap + 0.05, 0.0)


def test_top_edge_above_horizon_does_not_cap() -> None:
    cameras = make_cameras([camera(tilt_deg=10.0, vfov_deg=30.0)])
    ranges = views_from_cameras(cameras, no_buildings()).ranges
    assert ranges["detect"][0] == pytest.approx(dori_range(1920, 90.0, 25.0))


def test_blind_radius_is_h_over_tan_tilt_plus_half_vfov() -> None:
    h, tilt, vfov = 6.0, 40.0, 30.0
    cameras = make_cameras([camera(height_m=h, tilt_deg=tilt, vfov_deg=vfov)])
    blind = h / math.tan(math.radians(tilt + vfov / 2))  # 4.20 m
    assert blind_radius(camera_parameters(cameras))[0] == pytest.approx(blind, rel=1e-12)
    view = views_from_cameras(cameras, no_buildings()).views["detect"][0]
    assert not _ground(view, blind * 0.98, 0.0)
    assert _ground(view, blind * 1.02, 0.0)


def test_bottom_edge_at_or_above_horizon_sees_no_ground() -> None:
    cameras = make_cameras([camera(tilt_deg=-40.0, vfov_deg=60.0)])
    assert math.isinf(blind_radius(camera_parameters(cameras))[0])
    views = views_from_cameras(cameras, no_buildings())
    assert all(views.views[level][0].is_empty for level in LEVELS)


def test_dome_sees_a_full_ring_between_blind_radius_and_range() -> None:
    h, tilt, vfov = 5.0, 20.0, 60.0
    cameras = make_cameras(
        [camera(camera_type="dome", bearing_deg=None, height_m=h, tilt_deg=tilt, vfov_deg=vfov)]
    )
    views = views_from_cameras(cameras, no_buildings())
    r_blind = h / math.tan(math.radians(tilt + vfov / 2))  # 4.20 m
    for level in ("detect", "observe", "recognise"):
        r = dori_range(1920, 90.0, PPM[level])  # 38.4, 15.36, 7.68 m
        view = views.views[level][0]
        assert view.area == pytest.approx(math.pi * (r**2 - r_blind**2), rel=1e-3)
        # every direction, e.g. straight behind the "bearing"
        mid = (r + r_blind) / 2
        for angle in range(0, 360, 45):
            a = math.radians(angle)
            assert _ground(view, mid * math.sin(a), mid * math.cos(a))
        assert not _ground(view, 0.5 * r_blind, 0.0)
    # identify reaches 3.84 m, inside the blind zone: nothing to see at that level
    assert dori_range(1920, 90.0, 250.0) < r_blind
    assert views.views["identify"][0].is_empty
    # a dome with a known bearing is still a full circle, and nothing was assumed
    assert views.assumptions == ()


def test_unknown_bearing_of_a_fixed_camera_means_full_circle_and_a_note() -> None:
    cameras = make_cameras([camera(bearing_deg=None, camera_id="unsure")])
    views = views_from_cameras(cameras, no_buildings())
    r = dori_range(1920, 90.0, 25.0)
    r_blind = 5.0 / math.tan(math.radians(30.0))
    assert views.views["detect"][0].area == pytest.approx(math.pi * (r**2 - r_blind**2), rel=1e-3)
    notes = [note for cid, note in views.assumptions if cid == "unsure"]
    assert any("bearing_deg" in note and "full circle" in note for note in notes)


def test_empty_fields_take_documented_assumptions_and_say_so() -> None:
    cameras = make_cameras(
        [
            {
                "x": 0.0,
                "y": 0.0,
                "camera_id": "bare",
                "bearing_deg": 0.0,
            }
        ]
    )
    params = camera_parameters(cameras)
    assert params.height_m[0] == 5.0
    assert params.hfov_deg[0] == 90.0
    assert params.tilt_deg[0] == 15.0
    assert params.resolution_px[0] == 1920
    # 16:9 sensor: vfov = 2 atan(tan(45°) · 9/16)
    assert params.vfov_deg[0] == pytest.approx(math.degrees(2 * math.atan(9 / 16)))
    fields = {note.split()[0] for cid, note in params.assumptions if cid == "bare"}
    assert fields == {"height_m", "hfov_deg", "tilt_deg", "resolution_px"}


def test_low_building_hides_ground_only_up_to_the_homothety_factor() -> None:
    h_cam, h_b = 10.0, 4.0
    # 1920 px, 60° lens: detect 66.5 m; blind radius 10/tan(30°) = 17.3 m
    cameras = make_cameras([camera(height_m=h_cam, hfov_deg=60.0, vfov_deg=60.0)])
    buildings = make_buildings([{"geometry": box(20, -5, 22, 5), "height_m": h_b}])
    view = views_from_cameras(cameras, buildings).views["detect"][0]
    factor = h_cam / (h_cam - h_b)  # 5/3: the far edge x = 22 casts its shadow to 36.67 m
    shadow_end = 22.0 * factor
    assert _ground(view, 19.0, 0.0)  # in front of the building
    assert not _ground(view, 21.0, 0.0)  # the roof is not ground
    assert not _ground(view, 30.0, 0.0)
    assert not _ground(view, shadow_end - 0.05, 0.0)
    assert _ground(view, shadow_end + 0.05, 0.0)
    assert _ground(view, 60.0, 0.0)
    # sideways the shadow is bounded by the rays through the near corners (20, ±5): |y| = x/4
    assert not _ground(view, 30.0, 7.5 - 0.05)
    assert _ground(view, 30.0, 7.5 + 0.05)
    # the image of the far roof corner (22, 5) is a corner of the shadow
    corner = shapely.Point(22.0 * factor, 5.0 * factor)
    assert view.boundary.distance(corner) < 1e-6


def _hidden_by_ray(h_cam: float, footprint: shapely.Polygon, h_b: float, x: float, y: float):
    """Brute force: the ray from the camera top (0, 0, h_cam) to ground (x, y) is lowest at
    the last point where it is over the footprint; hidden if that point is below the roof."""
    over = shapely.LineString([(0, 0), (x, y)]).intersection(footprint)
    if over.is_empty:
        return False
    s_max = max(math.hypot(px, py) for px, py in shapely.get_coordinates(over)) / math.hypot(x, y)
    return h_cam * (1 - s_max) < h_b


@pytest.mark.parametrize("h_b", [2.0, 4.0, 8.0, 9.5])
def test_low_building_shadow_matches_a_brute_force_ray_check(h_b: float) -> None:
    h_cam = 10.0
    footprint = shapely.Polygon([(20, -6), (26, -4), (25, 7), (21, 4)])
    cameras = make_cameras([camera(height_m=h_cam, hfov_deg=60.0, vfov_deg=60.0)])
    view = views_from_cameras(
        cameras, make_buildings([{"geometry": footprint, "height_m": h_b}])
    ).views["detect"][0]
    checked = 0
    for x in np.linspace(18.0, 64.0, 47):
        for y in np.linspace(-30.0, 30.0, 41):
            point = shapely.Point(x, y)
            if view.boundary.distance(point) < 0.02 or footprint.distance(point) < 0.02:
                continue
            if abs(math.degrees(math.atan2(y, x))) > 29.0 or math.hypot(x, y) > 66.0:
                continue  # outside the lens or the detect range
            expected = not footprint.contains(point) and not _hidden_by_ray(
                h_cam, footprint, h_b, x, y
            )
            assert _ground(view, x, y) == expected, (x, y)
            checked += 1
    assert checked > 500


@pytest.mark.parametrize("height", [None, 10.0, 25.0])
def test_building_of_unknown_or_greater_height_hides_everything_behind_it(height) -> None:
    cameras = make_cameras([camera(height_m=10.0, hfov_deg=60.0, vfov_deg=60.0)])
    buildings = make_buildings([{"geometry": box(20, -5, 22, 5), "height_m": height}])
    view = views_from_cameras(cameras, buildings).views["detect"][0]
    reach = dori_range(1920, 60.0, 25.0)  # 66.5 m
    assert _ground(view, 19.0, 0.0)
    # hidden: everything between the rays through the near corners (20, ±5), |y| < x/4
    for x in (23.0, 40.0, 60.0):
        assert not _ground(view, x, 0.0)
        assert not _ground(view, x, x / 4 - 0.05)
        assert _ground(view, x, x / 4 + 0.05)
    assert not _ground(view, reach - 0.5, 0.0)
    # the shadow spans ±atan(5/20) = ±14.04°; at 20° off the axis the far range is seen
    a = math.radians(20.0)
    assert _ground(view, (reach - 0.5) * math.cos(a), (reach - 0.5) * math.sin(a))


@pytest.mark.parametrize("height", [None, 4.0])
def test_building_inside_the_blind_zone_still_casts_a_shadow(height) -> None:
    # camera 5 m up, 60° vertical field, level: blind radius 5/tan(30°) = 8.66 m.
    # The building x in [5, 6], |y| <= 3 lies wholly inside it (farthest corner 6.7 m away).
    cameras = make_cameras([camera()])
    buildings = make_buildings([{"geometry": box(5, -3, 6, 3), "height_m": height}])
    view = views_from_cameras(cameras, buildings).views["detect"][0]
    # the ray from (0, 0, 5) to ground (15, 0) crosses x = 6 at 5·(1 - 6/15) = 3 m < 4 m
    assert not _ground(view, 15.0, 0.0)
    # beside the shadow (rays through the corners (5, ±3): |y| = 0.6·x) the ground is seen
    assert _ground(view, 15.0, 10.0)


_L_SHAPE = shapely.from_wkt(
    "POLYGON ((2.3541543939428493 -0.6900696943310818, 0.4223027413647128 -1.2077077845361233,"
    " -0.3541543939428494 1.6900696943310818, 1.577697258635287 2.207707784536123,"
    " 1.617805191516068 2.058022941238486, 0.8229228030285752 1.8450348471655407,"
    " 1.2111513706823565 0.3961461077319384, 2.006033759169849 0.609134201804884,"
    " 2.3541543939428493 -0.6900696943310818))"
)


def test_duplicate_footprint_adds_no_visible_needles_in_the_shadow() -> None:
    # found by test_properties.test_adding_a_building_never_enlarges_a_view (hypothesis):
    # with the square listed twice, the union of shadows left zero-width cracks and the view
    # gained needle polygons (~1e-14 m², ~100 m long) 0.8 m deep inside the shadow
    cameras = make_cameras(
        [{"x": 1.25, "y": -46.0, "hfov_deg": 10.0, "max_range_m": 148.0, "camera_type": "ptz"}]
    )
    square = box(0, 0, 1, 1)
    once = views_from_cameras(cameras, make_buildings([square, _L_SHAPE])).views["detect"][0]
    twice = views_from_cameras(cameras, make_buildings([square, _L_SHAPE, square]))
    view = twice.views["detect"][0]
    assert shapely.get_num_geometries(view) == shapely.get_num_geometries(once)
    assert shapely.covered_by(view, once.buffer(1e-6))


def test_camera_a_hair_from_a_facade_computes_without_warnings() -> None:
    # found by hypothesis: a subnormal offset from the edge y = 0 of a unit square made
    # `outer * 1.01 / distance` overflow ("RuntimeWarning: overflow encountered in divide")
    cameras = make_cameras([{"x": 0.5, "y": -1.1125369292536007e-308}])
    views = views_from_cameras(cameras, make_buildings([box(0, 0, 1, 1)]))
    assert views.inside_building.tolist() == [-1]


def test_building_outside_the_field_of_view_changes_nothing() -> None:
    cameras = make_cameras([camera()])
    behind = make_buildings([{"geometry": box(-30, -5, -20, 5), "height_m": None}])
    with_b = views_from_cameras(cameras, behind).views["detect"][0]
    without = views_from_cameras(cameras, no_buildings()).views["detect"][0]
    assert with_b.symmetric_difference(without).area < 1e-9


def test_camera_inside_a_footprint_is_reported_and_still_sees_out() -> None:
    cameras = make_cameras(
        [camera(camera_id="wall", x=21.0, y=0.0), camera(camera_id="street", x=0.0, y=0.0)]
    )
    buildings = make_buildings(
        [
            {"geometry": box(-50, 40, -40, 50), "height_m": 3.0},
            {"geometry": box(20, -5, 22, 5), "height_m": None},
        ]
    )
    views = views_from_cameras(cameras, buildings)
    assert views.inside_building.tolist() == [1, -1]
    view = views.views["detect"][views.position("wall")]
    assert not view.is_empty
    assert _ground(view, 40.0, 0.0)  # its own building does not block it
    frame = views.to_frame(["detect"])
    assert frame.set_index("camera_id").loc["wall", "inside_building"]
    assert not frame.set_index("camera_id").loc["street", "inside_building"]


def test_prepared_occluders_give_the_same_views() -> None:
    cameras = make_cameras([camera(), camera(x=5.0, y=30.0, bearing_deg=180.0)])
    buildings = make_buildings(
        [{"geometry": box(20, -5, 22, 5), "height_m": 4.0}, box(0, 10, 6, 14)]
    )
    direct = views_from_cameras(cameras, buildings)
    prepared = views_from_cameras(cameras, prepare_occluders(buildings))
    for level in LEVELS:
        for a, b in zip(direct.views[level], prepared.views[level], strict=True):
            assert a.symmetric_difference(b).area < 1e-9


def test_faulty_and_removed_cameras_are_not_working() -> None:
    statuses = ["planned", "in_service", "unknown", "faulty", "offline", "removed"]
    cameras = make_cameras([camera(status=s) for s in statuses])
    views = views_from_cameras(cameras, no_buildings())
    assert views.working.tolist() == [True, True, True, False, False, False]


def test_views_refuse_lonlat_cameras() -> None:
    cameras = make_cameras([camera(x=24.9, y=60.2)], crs=4326)
    with pytest.raises(CrsError):
        views_from_cameras(cameras, no_buildings(crs=4326))


def test_buildings_in_another_crs_are_refused() -> None:
    cameras = make_cameras([camera()])
    buildings = make_buildings([box(10, 10, 20, 20)], crs=3067)
    with pytest.raises(CameraError, match="different CRS"):
        views_from_cameras(cameras, buildings)


def test_fixed_lens_of_180_degrees_or_more_is_refused_naming_the_camera() -> None:
    cameras = make_cameras([camera(camera_id="wide", hfov_deg=200.0)])
    with pytest.raises(CameraError, match="wide"):
        views_from_cameras(cameras, no_buildings())


def test_fisheye_range_uses_the_equidistant_projection() -> None:
    cameras = make_cameras([camera(camera_type="fisheye", hfov_deg=180.0, bearing_deg=None)])
    ranges = views_from_cameras(cameras, no_buildings()).ranges
    for level, ppm in PPM.items():
        assert ranges[level][0] == pytest.approx(1920 / (math.pi * ppm))


def test_a_non_convex_building_stored_as_a_multipolygon_still_casts_its_shadow() -> None:
    """Project files store footprints as MultiPolygons (as QGIS does): their edges must
    occlude exactly as the plain polygon's, or every saved project overstates coverage."""
    ell = shapely.Polygon([(10, -10), (14, -10), (14, 6), (24, 6), (24, 10), (10, 10)])
    assert not ell.equals(ell.convex_hull)  # an L: the edge path, not the convex hull one
    cameras = make_cameras([camera(resolution_px=3840)])  # at the origin, looking east
    plain = views_from_cameras(cameras, make_buildings([ell]))
    multi = views_from_cameras(cameras, make_buildings([shapely.MultiPolygon([ell])]))
    empty = views_from_cameras(cameras, no_buildings())
    for level in LEVELS:
        seen, seen_multi = plain.views[level][0], multi.views[level][0]
        assert seen_multi.symmetric_difference(seen).area < 1e-6, level
    # and it really hides ground: the point behind the L's stem is not seen
    assert _ground(empty.views["detect"][0], 30.0, 0.0)
    assert not _ground(multi.views["detect"][0], 30.0, 0.0)
    occluders = prepare_occluders(make_buildings([shapely.MultiPolygon([ell])]))
    assert len(occluders.edge_start) == 6  # the L's six walls
