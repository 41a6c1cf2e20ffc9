"""A privacy mask (bearing ranges on the camera) cuts its view everywhere."""

import math

import geopandas as gpd
import pytest
import shapely
from engine_helpers import StubRuleset, box, camera, make_cameras, make_zones, no_buildings

from planner.core.coverage import coverage_state
from planner.core.schema import CAMERAS, conform_layer
from planner.core.views import views_from_cameras


def _detect_view(**fields):
    return views_from_cameras(make_cameras([camera(**fields)]), no_buildings()).views["detect"][0]


def test_a_quarter_mask_removes_a_quarter_of_a_dome_view() -> None:
    full = _detect_view(camera_type="dome", tilt_deg=45.0)
    masked = _detect_view(camera_type="dome", tilt_deg=45.0, privacy_mask="0-90")
    assert masked.area / full.area == pytest.approx(0.75, abs=1e-3)
    # what is left lies outside the north-east quadrant (x > 0 and y > 0)
    assert masked.intersection(box(0.01, 0.01, 100, 100)).area < 1e-6


def test_a_mask_through_north_blanks_a_north_facing_view() -> None:
    assert _detect_view(bearing_deg=0.0, privacy_mask="315-45").is_empty


def test_everything_masked() -> None:
    assert _detect_view(camera_type="dome", privacy_mask="0-360").is_empty


def test_zone_outside_the_mask_keeps_its_coverage_exactly() -> None:
    # camera looks east (45°–135°); zone A due east, zone B to the north-east edge
    zones = make_zones(
        [
            {"zone_id": "east", "geometry": box(20, -3, 26, 3), "category": "square"},
            {"zone_id": "northeast", "geometry": box(15, 8, 20, 13), "category": "square"},
        ]
    )
    plain = coverage_state(make_cameras([camera()]), zones, no_buildings(), ruleset=StubRuleset())
    # mask the bearings of the north-east zone only: atan2(x, y) from 49° to 62.5°
    corners = [math.degrees(math.atan2(x, y)) for x, y in ((15, 13), (20, 8))]
    mask = f"{min(corners) - 0.5:.1f}-{max(corners) + 0.5:.1f}"
    masked = coverage_state(
        make_cameras([camera(privacy_mask=mask)]), zones, no_buildings(), ruleset=StubRuleset()
    )
    assert masked.fraction[0] == plain.fraction[0]
    assert plain.fraction[1] > 0.9
    assert masked.fraction[1] == 0.0


def test_a_bad_mask_is_reported_naming_the_field() -> None:
    frame = gpd.GeoDataFrame(
        {"camera_id": ["a", "b"], "privacy_mask": ["30-45", "north-ish"]},
        geometry=[shapely.Point(0, 0), shapely.Point(1, 1)],
        crs=32635,
    )
    conformed = conform_layer(frame, CAMERAS)
    assert conformed.frame["camera_id"].tolist() == ["a"]
    (problem,) = conformed.problems
    assert problem.field == "privacy_mask" and "north-ish" in problem.message
