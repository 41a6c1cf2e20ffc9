"""Where a camera stands in a private building: forbidden in a drawn room, to check elsewhere.

The rules forbid cameras inside hotel rooms (客房、包间内部), not inside hotels:
a hotel's entrance and public areas must be covered (Qingdao Art. 7(7),
Harbin Art. 8). So under every shipped ruleset a camera in a hotel with no
room drawn is a ``review_placement`` (check where: lawful in the lobby), a
camera in a drawn ``hotel_room`` private area is a ``forbidden_placement``, a
camera on the façade is neither; the hotel's windows stay private to cameras
outside (façade exposure), and only drawn private areas are private ground
(intrusion).

The hotel is 60 m × 40 m around the origin; the standard camera of
``engine_helpers`` stands 5 m up at its centre, looking east with a 90° lens,
and sees ground from 8.66 m to 38.4 m: 20–30 m of it inside the hotel.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import pytest
import shapely
from engine_helpers import METRIC_CRS, box, camera, make_buildings, make_cameras, no_buildings

from planner.core.privacy import (
    FACADE_MOUNT_M,
    REVIEW_NOTE,
    PrivacyReport,
    placements_in_private_places,
    privacy_findings,
    private_places,
    severity,
)
from planner.core.rulesets import Ruleset
from planner.core.schema import PRIVATE_AREAS, conform_layer
from planner.core.views import views_from_cameras
from planner.io.rulesets import available_rulesets, load_ruleset

SHIPPED = ("chongqing", "harbin", "national", "qingdao")
HOTEL = box(-20, -20, 40, 20)
ROOM = box(-2, -2, 2, 2)  # a guest room drawn around the camera
FAR_ROOM = box(25, -3, 31, 3)  # a guest room the lobby camera sees, 25–31 m east


@cache
def ruleset(name: str) -> Ruleset:
    return load_ruleset(name)


def hotel(use: str = "hotel") -> gpd.GeoDataFrame:
    return make_buildings([{"geometry": HOTEL, "height_m": 12.0, "use": use, "name": "Hotel"}])


def rooms(*geometries: shapely.Geometry, category: str = "hotel_room") -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {
            "category": [category] * len(geometries),
            "name": [f"room {k}" for k in range(len(geometries))],
        },
        geometry=gpd.GeoSeries(list(geometries), crs=METRIC_CRS),
    )
    conformed = conform_layer(frame, PRIVATE_AREAS)
    assert conformed.problems == ()
    return conformed.frame


def check(name: str, cameras, areas, buildings=None) -> PrivacyReport:
    return privacy_findings(
        cameras, hotel() if buildings is None else buildings, areas, ruleset=ruleset(name)
    )


def kinds(report: PrivacyReport) -> list[tuple[str, str, str]]:
    return [(f.camera_id, f.finding, f.category) for f in report.findings]


def test_every_shipped_ruleset_is_checked() -> None:
    assert set(SHIPPED) <= set(available_rulesets())
    for name in SHIPPED:
        assert ruleset(name).private_category_for_use("hotel") == "hotel_room"


def test_severities_rank_review_lowest_and_forbidden_highest() -> None:
    levels = ("detect", "observe", "recognise", "identify")
    facade = [severity("facade_exposure", lv) for lv in levels]
    intrusion = [severity("intrusion", lv) for lv in levels]
    assert severity("review_placement") == 1
    assert facade == [2, 3, 4, 5] and intrusion == [6, 7, 8, 9]
    assert severity("forbidden_placement") == 10


@pytest.mark.parametrize("name", SHIPPED)
def test_a_camera_in_a_hotel_lobby_is_to_review_not_forbidden(name) -> None:
    report = check(name, make_cameras([camera(camera_id="lobby")]), rooms())
    assert report.forbidden_cameras == ()
    assert report.review_cameras == ("lobby",)
    (review,) = report.findings  # no intrusion: the hotel's floor is not private ground
    assert review.finding == "review_placement" and review.category == "hotel_room"
    assert review.article == ruleset(name).private_categories["hotel_room"].article
    assert review.severity == 1 and review.level is None
    assert review.places == ("Hotel",)
    assert review.reaim_note == REVIEW_NOTE and "lobbies" in review.reaim_note
    assert review.mask_deg == () and review.privacy_mask is None and review.reaim is None
    assert review.geometry.equals(shapely.Point(0, 0))


@pytest.mark.parametrize("name", SHIPPED)
def test_the_same_camera_in_a_drawn_hotel_room_is_forbidden(name) -> None:
    report = check(name, make_cameras([camera(camera_id="room")]), rooms(ROOM))
    assert report.forbidden_cameras == ("room",)
    assert report.review_cameras == ()  # the drawn room says more than the building's use
    (placement,) = report.of_kind("forbidden_placement")
    assert placement.category == "hotel_room" and placement.places == ("room 0",)
    assert placement.article == ruleset(name).private_categories["hotel_room"].article
    assert placement.severity == 10 and report.findings[0] is placement


@pytest.mark.parametrize("name", SHIPPED)
def test_a_camera_on_the_facade_is_neither(name) -> None:
    on_wall = camera(camera_id="wall", x=-20 + FACADE_MOUNT_M / 2, bearing_deg=270.0)
    just_inside = camera(camera_id="inside", x=-20 + 2 * FACADE_MOUNT_M, bearing_deg=270.0)
    report = check(name, make_cameras([on_wall, just_inside]), rooms())
    assert report.review_cameras == ("inside",)
    assert [f for f in report.findings if f.camera_id == "wall"] == []


@pytest.mark.parametrize("name", SHIPPED)
def test_the_facade_of_a_hotel_across_the_street_is_still_exposed(name) -> None:
    across = make_buildings(
        [{"geometry": box(12, -5, 22, 5), "height_m": 10.0, "use": "hotel", "name": "Hotel"}]
    )
    report = check(name, make_cameras([camera(camera_id="street")]), rooms(), buildings=across)
    (hit,) = report.findings
    assert (hit.finding, hit.category, hit.places) == ("facade_exposure", "hotel_room", ("Hotel",))
    assert hit.article == ruleset(name).private_categories["hotel_room"].article
    assert hit.length_m == pytest.approx(10.0, abs=0.3)
    assert hit.mask_deg and hit.severity == severity("facade_exposure", hit.level)


@pytest.mark.parametrize("name", SHIPPED)
def test_ground_inside_a_hotel_is_private_only_where_a_room_is_drawn(name) -> None:
    cameras = make_cameras([camera(camera_id="lobby")])
    seen = views_from_cameras(cameras, hotel()).views["detect"][0]
    assert seen.intersection(HOTEL).area > 500.0  # it does see the hotel's floor
    assert check(name, cameras, rooms()).of_kind("intrusion") == ()
    # a room drawn there is private ground: the intrusion is that room, not the hotel
    report = check(name, cameras, rooms(FAR_ROOM))
    (intrusion,) = report.of_kind("intrusion")
    assert intrusion.area_m2 == pytest.approx(seen.intersection(FAR_ROOM).area, rel=1e-9)
    assert intrusion.area_m2 == pytest.approx(36.0, rel=1e-6)
    assert intrusion.places == ("room 0",)
    assert kinds(report) == [
        ("lobby", "intrusion", "hotel_room"),
        ("lobby", "review_placement", "hotel_room"),
    ]


@pytest.mark.parametrize("name", SHIPPED)
def test_a_building_private_by_its_drawn_share_is_to_review_outside_the_drawn_part(name) -> None:
    # use unknown to the ruleset, three quarters drawn as a dormitory: the rest may be a hall
    block = hotel(use="yes")
    dorm = rooms(box(-5, -20, 40, 20), category="dormitory")
    report = check(name, make_cameras([camera(camera_id="hall", x=-15.0)]), dorm, buildings=block)
    assert report.review_cameras == ("hall",) and report.forbidden_cameras == ()
    assert report.of_kind("review_placement")[0].category == "dormitory"
    inside = check(name, make_cameras([camera(camera_id="dorm", x=10.0)]), dorm, buildings=block)
    assert inside.forbidden_cameras == ("dorm",) and inside.review_cameras == ()


@pytest.mark.parametrize("name", SHIPPED)
def test_placements_in_private_places_say_which_kind(name) -> None:
    places = private_places(hotel(), rooms(ROOM), ruleset=ruleset(name))
    points = shapely.points(
        [(0.0, 0.0), (10.0, 10.0), (-20.0 + FACADE_MOUNT_M / 2, 5.0), (100.0, 100.0)]
    )
    triples = placements_in_private_places(points, places)
    assert [(point, kind) for point, _, kind in triples] == [
        (0, "forbidden_placement"),
        (1, "review_placement"),
    ]
    assert [str(places.category[place]) for _, place, _ in triples] == ["hotel_room"] * 2
    assert [str(places.name[place]) for _, place, _ in triples] == ["room 0", "Hotel"]


def test_no_private_building_no_placement() -> None:
    report = privacy_findings(
        make_cameras([camera()]), no_buildings(), rooms(), ruleset=ruleset("qingdao")
    )
    assert report.findings == ()
