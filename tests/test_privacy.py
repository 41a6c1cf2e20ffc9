"""Privacy findings (Q/H/C Art. 9): placements, intrusions, façade exposure, fixes.

Hand-worked numbers use the standard camera of ``engine_helpers``: at the
origin, 5 m up, looking east (bearing 90°) with a 90° lens, 60° vertical
field, level: it sees nothing nearer than 5/tan 30° = 8.66 m and detects up to
1920/(2·tan 45°·25) = 38.4 m (observe 15.36 m, recognise 7.68 m, identify
3.84 m). Bearings run clockwise from north: a point (x, y) lies at atan2(x, y).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from engine_helpers import (
    METRIC_CRS,
    StubRuleset,
    box,
    camera,
    make_buildings,
    make_cameras,
    make_zones,
    no_buildings,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.core.coverage import coverage_state
from planner.core.privacy import (
    MASK_PAD_DEG,
    PrivacyReport,
    Reaim,
    mask_ranges,
    privacy_findings,
    severity,
)
from planner.core.schema import PRIVATE_AREAS, conform_layer
from planner.core.views import views_from_cameras
from planner.io.project import read_project
from planner.io.rulesets import load_ruleset

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"
TOILET = box(20, -5, 30, 5)  # 10 m × 10 m, 20 m east of the camera, fully in view


@dataclass(frozen=True)
class Rule:
    article: str
    description: str


@dataclass(frozen=True)
class PrivateStub(StubRuleset):
    """StubRuleset plus private categories: what the privacy engine reads of a ruleset."""

    private_categories: Mapping[str, Rule] = field(
        default_factory=lambda: {
            "toilet": Rule("Test Art. 9(1)", "Toilets"),
            "dormitory": Rule("Test Art. 9(2)", "Dormitories"),
            "hotel_room": Rule("Test Art. 9(3)", "Hotel rooms"),
        }
    )
    uses: Mapping[str, str] = field(
        default_factory=lambda: {"hotel": "hotel_room", "dormitory": "dormitory"}
    )

    def private_category_for_use(self, use: str | None) -> str | None:
        return self.uses.get(use) if use else None


RULES = PrivateStub()


def private_areas(*rows: tuple[shapely.Geometry, str]) -> gpd.GeoDataFrame:
    frame = gpd.GeoDataFrame(
        {"category": [c for _, c in rows], "name": [f"{c} {k}" for k, (_, c) in enumerate(rows)]},
        geometry=gpd.GeoSeries([g for g, _ in rows], crs=METRIC_CRS),
    )
    conformed = conform_layer(frame, PRIVATE_AREAS)
    assert conformed.problems == ()
    return conformed.frame


def findings(cameras, areas, buildings=None, zones=None) -> PrivacyReport:
    return privacy_findings(
        cameras,
        no_buildings() if buildings is None else buildings,
        areas,
        ruleset=RULES,
        zones=zones,
    )


def with_mask(cameras: gpd.GeoDataFrame, camera_id: str, mask: str | None) -> gpd.GeoDataFrame:
    out = cameras.copy()
    out.loc[out["camera_id"] == camera_id, "privacy_mask"] = mask
    return out


def aim(reaim: Reaim) -> dict[str, float]:
    return {
        "bearing_deg": reaim.bearing_deg,
        "hfov_deg": reaim.hfov_deg,
        "vfov_deg": reaim.vfov_deg,
    }


def bearing(x: float, y: float) -> float:
    return math.degrees(math.atan2(x, y)) % 360.0


# --------------------------------------------------------------------------- intrusion


def test_toilet_in_full_view_intrudes_by_its_area_and_the_mask_is_its_angular_extent() -> None:
    cameras = make_cameras([camera()])
    zones = make_zones([{"zone_id": "ne", "geometry": box(24, 14, 28, 18)}])
    report = findings(cameras, private_areas((TOILET, "toilet")), zones=zones)
    (hit,) = report.findings
    assert hit.finding == "intrusion" and hit.category == "toilet"
    assert hit.article == "Test Art. 9(1)"
    assert hit.area_m2 == pytest.approx(100.0, abs=1e-6)  # the whole block is visible
    assert hit.level == "detect"  # 20–31.6 m: beyond the observe range of 15.36 m
    assert hit.severity == severity("intrusion", "detect")
    quarter_annulus = math.pi / 4 * (38.4**2 - (5 / math.tan(math.radians(30))) ** 2)
    assert hit.percent_of_view == pytest.approx(100 * 100 / quarter_annulus, rel=2e-3)
    # angular extent of the block: corners (20, ±5) at 90 ∓ 14.04°
    ((start, end),) = hit.mask_deg
    assert start == pytest.approx(bearing(20, 5), abs=0.5)
    assert end == pytest.approx(bearing(20, -5), abs=0.5)
    assert start < bearing(20, 5) and end > bearing(20, -5)

    masked = with_mask(cameras, "c0", hit.privacy_mask)
    assert findings(masked, private_areas((TOILET, "toilet"))).findings == ()
    # a zone outside the masked bearings (53°–63°) keeps its coverage exactly
    before = coverage_state(cameras, zones, no_buildings(), ruleset=RULES).fraction
    after = coverage_state(masked, zones, no_buildings(), ruleset=RULES).fraction
    assert before[0] == pytest.approx(1.0) and after[0] == before[0]


def test_intrusion_is_the_visible_part_only() -> None:
    # a wall of unknown height hides the southern half of the block
    wall = make_buildings([box(15, -6, 16, 0)])
    cameras = make_cameras([camera()])
    (hit,) = findings(cameras, private_areas((TOILET, "toilet")), buildings=wall).findings
    visible = views_from_cameras(cameras, wall).views["detect"][0].intersection(TOILET)
    assert hit.area_m2 == pytest.approx(visible.area, rel=1e-9)
    assert 45.0 < hit.area_m2 < 55.0  # the shadow fans out: a bit more than half is hidden
    assert hit.geometry.area == pytest.approx(visible.area, rel=1e-9)


def test_a_block_due_north_gives_a_mask_through_north() -> None:
    block = box(-5, 20, 5, 30)
    cameras = make_cameras([camera(bearing_deg=0.0)])
    (hit,) = findings(cameras, private_areas((block, "toilet"))).findings
    ((start, end),) = hit.mask_deg
    extent = bearing(5, 20)  # 14.04°
    assert start == pytest.approx(360 - extent - MASK_PAD_DEG, abs=0.02)
    assert end == pytest.approx(extent + MASK_PAD_DEG, abs=0.02)
    masked = with_mask(cameras, "c0", hit.privacy_mask)
    assert findings(masked, private_areas((block, "toilet"))).findings == ()


def test_the_mask_merges_with_the_existing_one() -> None:
    cameras = make_cameras([camera(privacy_mask="120-130")])
    (hit,) = findings(cameras, private_areas((TOILET, "toilet"))).findings
    assert hit.privacy_mask.endswith(";120-130")
    assert (
        findings(
            with_mask(cameras, "c0", hit.privacy_mask), private_areas((TOILET, "toilet"))
        ).findings
        == ()
    )


def test_mask_ranges_of_a_geometry_around_the_camera_is_everything() -> None:
    ring = box(-10, -10, 10, 10).difference(box(-1, -1, 1, 1))
    assert mask_ranges(shapely.Point(0, 0), ring) == ((0.0, 360.0),)
    # a C-shape open to the east: its extent is everything but the opening
    c_shape = box(-10, -10, 10, 10).difference(box(-1, -1, 11, 1))
    ((start, end),) = mask_ranges(shapely.Point(0, 0), c_shape)
    assert start == pytest.approx(bearing(10, -1) - MASK_PAD_DEG, abs=0.02)
    assert end == pytest.approx(bearing(10, 1) + MASK_PAD_DEG, abs=0.02)


def test_level_is_the_finest_level_reaching_the_place() -> None:
    # tilted 20°: blind radius 5/tan 50° = 4.2 m; recognise reaches 7.68 m
    near = box(5, -1, 7, 1)
    far = box(20, 10, 22, 12)
    cameras = make_cameras([camera(tilt_deg=20.0)])
    report = findings(cameras, private_areas((near, "toilet"), (far, "dormitory")))
    first, second = report.findings
    assert (first.category, first.level, first.area_m2) == ("toilet", "recognise", 4.0)
    assert first.level_area_m2 == pytest.approx(4.0)
    assert (second.category, second.level) == ("dormitory", "detect")
    assert first.severity > second.severity


def test_overlapping_places_of_one_category_count_once() -> None:
    cameras = make_cameras([camera()])
    areas = private_areas((TOILET, "toilet"), (box(25, -5, 35, 5), "toilet"))
    (hit,) = findings(cameras, areas).findings
    assert hit.area_m2 == pytest.approx(150.0)
    assert len(hit.places) == 2


# --------------------------------------------------------------------------- placement


def test_a_camera_inside_a_dormitory_is_a_forbidden_placement() -> None:
    dorm = box(-10, -10, 10, 10)
    cameras = make_cameras([camera(camera_id="inside"), camera(camera_id="outside", x=-30.0)])
    report = findings(cameras, private_areas((dorm, "dormitory")))
    placement = report.of_kind("forbidden_placement")
    assert [(f.camera_id, f.category, f.article) for f in placement] == [
        ("inside", "dormitory", "Test Art. 9(2)")
    ]
    assert report.findings[0] is placement[0]  # worst first
    assert report.forbidden_cameras == ("inside",)
    # it also sees the dormitory's inside: all it sees (45°–135°) is what the mask blanks
    (intrusion,) = [f for f in report.of_kind("intrusion") if f.camera_id == "inside"]
    assert intrusion.mask_deg == ((45.0 - MASK_PAD_DEG, 135.0 + MASK_PAD_DEG),)


def test_private_building_placement_and_facade_mounting() -> None:
    hotel = make_buildings([{"geometry": box(12, -5, 22, 5), "height_m": 10.0, "use": "hotel"}])
    cameras = make_cameras(
        [
            camera(camera_id="deep", x=17.0, y=0.0),
            camera(camera_id="on_wall", x=12.2, y=0.0, bearing_deg=270.0),
        ]
    )
    report = findings(cameras, private_areas(), buildings=hotel)
    # a hotel is not a hotel room: inside it, with no room drawn, the camera is to check
    assert report.forbidden_cameras == ()
    assert report.review_cameras == ("deep",)
    (review,) = report.of_kind("review_placement")
    assert (review.category, review.article) == ("hotel_room", "Test Art. 9(3)")
    assert review.severity == severity("review_placement") == 1
    assert review.mask_deg == () and review.reaim is None
    # the camera hung on the west wall looks away: its own façade is not exposed
    assert [f for f in report.findings if f.camera_id == "on_wall"] == []


# --------------------------------------------------------------------------- façade


def test_facade_exposure_of_a_hotel_in_view() -> None:
    hotel = make_buildings([{"geometry": box(12, -5, 22, 5), "height_m": 10.0, "use": "hotel"}])
    cameras = make_cameras([camera()])
    (hit,) = findings(cameras, private_areas(), buildings=hotel).findings
    assert hit.finding == "facade_exposure" and hit.category == "hotel_room"
    # the west face x = 12 (10 m, 12–13 m away: observe reaches 15.36 m, recognise 7.68 m)
    assert hit.length_m == pytest.approx(10.0, abs=0.3)
    assert hit.level == "observe"
    assert hit.severity == severity("facade_exposure", "observe")
    masked = with_mask(cameras, "c0", hit.privacy_mask)
    assert findings(masked, private_areas(), buildings=hotel).findings == ()


def test_a_facade_in_the_blind_zone_is_still_in_the_picture() -> None:
    # 6 m away, nearer than the 8.66 m the camera sees of the ground: the wall rises into view
    hotel = make_buildings([{"geometry": box(6, -3, 16, 3), "height_m": 10.0, "use": "hotel"}])
    (hit,) = findings(make_cameras([camera()]), private_areas(), buildings=hotel).findings
    assert hit.finding == "facade_exposure"
    assert hit.length_m == pytest.approx(6.0, abs=0.3)


def test_a_building_mostly_covered_by_a_private_area_is_private() -> None:
    # use unknown to the ruleset, but drawn as a dormitory: its façade is private
    block = make_buildings([{"geometry": box(12, -5, 22, 5), "height_m": 10.0, "use": "yes"}])
    report = findings(
        make_cameras([camera()]), private_areas((box(12, -5, 22, 4), "dormitory")), buildings=block
    )
    assert [f.finding for f in report.findings] == ["facade_exposure"]
    assert report.findings[0].category == "dormitory"


# --------------------------------------------------------------------------- re-aim


def test_reaim_removes_the_intrusion_at_the_least_coverage_cost() -> None:
    # toilet at 76°–104°; zone "se" at 114°–128°, fully seen: turning north loses it
    zones = make_zones([{"zone_id": "se", "geometry": box(18, -14, 22, -10)}])
    cameras = make_cameras([camera(tilt_deg=10.0)])
    (hit,) = findings(cameras, private_areas((TOILET, "toilet")), zones=zones).findings
    reaim = hit.reaim
    before = coverage_state(cameras, zones, no_buildings(), ruleset=RULES).fraction[0]
    assert before == 1.0
    assert reaim is not None and reaim.coverage_loss == 0.0 and reaim.turn_deg > 0
    turned = make_cameras([camera(tilt_deg=10.0, **aim(reaim))])
    assert findings(turned, private_areas((TOILET, "toilet"))).findings == ()
    assert coverage_state(turned, zones, no_buildings(), ruleset=RULES).fraction[0] == 1.0
    # without the zone, the smallest turn wins (towards north here is as short: any side)
    (free,) = findings(cameras, private_areas((TOILET, "toilet"))).findings
    assert abs(free.reaim.turn_deg) <= abs(reaim.turn_deg)
    assert free.reaim.coverage_loss is None


def test_reaim_states_the_coverage_it_costs() -> None:
    # the zone sits right behind the toilet: any clean aim loses it
    zones = make_zones([{"zone_id": "behind", "geometry": box(31, -3, 35, 3)}])
    cameras = make_cameras([camera()])
    (hit,) = findings(cameras, private_areas((TOILET, "toilet")), zones=zones).findings
    assert hit.reaim is not None
    (change,) = hit.reaim.zones_affected
    assert change.zone_id == "behind" and change.after < change.before
    assert hit.reaim.coverage_loss == pytest.approx(change.drop)


def test_an_omnidirectional_camera_gets_only_a_mask() -> None:
    cameras = make_cameras([camera(camera_type="dome", tilt_deg=30.0)])
    (hit,) = findings(cameras, private_areas((TOILET, "toilet"))).findings
    assert hit.reaim is None and "only a mask" in hit.reaim_note
    assert hit.mask_deg


LAYOUT = st.tuples(
    st.floats(10, 35),  # distance of the block
    st.floats(-0.6, 0.6),  # its bearing off the axis, as a fraction of the lens width
    st.floats(2, 12),  # block size
    st.floats(0, 359),  # camera bearing
    st.floats(30, 100),  # hfov
    st.floats(-40, 40),  # zone x
    st.floats(-40, 40),  # zone y
    st.sampled_from([None, 3.0, 8.0]),  # height of a wall between, or none
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(LAYOUT)
def test_reaim_never_increases_intrusion_and_its_cost_is_true(layout) -> None:
    distance, off, size, bearing_deg, hfov, zx, zy, wall = layout
    towards = math.radians(bearing_deg + off * hfov)  # mostly in view, sometimes at the edge
    bx, by = distance * math.sin(towards), distance * math.cos(towards)
    block = box(bx - size / 2, by - size / 2, bx + size / 2, by + size / 2)
    areas = private_areas((block, "toilet"))
    zones = make_zones([{"zone_id": "z", "geometry": box(zx, zy, zx + 6, zy + 6)}])
    walls = (
        no_buildings()
        if wall is None
        else make_buildings([{"geometry": box(10, -20, 11, 3), "height_m": wall}])
    )
    cameras = make_cameras([camera(bearing_deg=bearing_deg, hfov_deg=hfov, tilt_deg=10.0)])
    report = findings(cameras, areas, buildings=walls, zones=zones)
    event(f"intrusions: {len(report.of_kind('intrusion'))}")
    for hit in report.of_kind("intrusion"):
        assert hit.mask_deg
        masked = with_mask(cameras, "c0", hit.privacy_mask)
        assert findings(masked, areas, buildings=walls).of_kind("intrusion") == ()
        event(f"re-aim: {hit.reaim is not None}")
        if hit.reaim is None:
            continue
        turned = make_cameras([camera(tilt_deg=10.0, **aim(hit.reaim))])
        assert findings(turned, areas, buildings=walls).of_kind("intrusion") == ()
        before = coverage_state(cameras, zones, walls, ruleset=RULES).fraction[0]
        after = coverage_state(turned, zones, walls, ruleset=RULES).fraction[0]
        assert hit.reaim.coverage_loss == pytest.approx(max(before - after, 0.0), abs=1e-9)


# --------------------------------------------------------------------------- sample + CLI


def test_the_sample_estate_shows_each_finding() -> None:
    project = read_project(SAMPLE)
    report = privacy_findings(
        project.cameras,
        project.buildings,
        project.private_areas,
        ruleset=load_ruleset(project.ruleset),
        zones=project.zones,
    )
    kinds = {(f.camera_id, f.finding, f.category) for f in report.findings}
    assert ("C14", "forbidden_placement", "dormitory") in kinds
    assert ("C09", "intrusion", "toilet") in kinds
    assert ("C15", "facade_exposure", "hotel_room") in kinds
    assert all(f.article and "Art. 9" in f.article for f in report.findings)
    assert [f.severity for f in report.findings] == sorted(
        (f.severity for f in report.findings), reverse=True
    )


def test_cli_exit_code_3_on_the_sample_and_json_keys(capsys) -> None:
    assert main(["privacy", str(SAMPLE), "--format", "json"]) == 3
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["forbidden_placement"] >= 1
    assert "C14" in document["summary"]["forbidden_cameras"]
    records = document["findings"]
    base = {"camera_id", "finding", "category", "level", "article", "severity"}
    for record in records:
        assert base <= set(record)
    intrusion = next(r for r in records if r["finding"] == "intrusion")
    assert {"area_m2", "mask_deg", "reaim"} <= set(intrusion)
    assert all(len(pair) == 2 for pair in intrusion["mask_deg"])
    assert {"bearing_deg", "hfov_deg", "coverage_loss", "zones_affected"} <= set(intrusion["reaim"])
    facade = next(r for r in records if r["finding"] == "facade_exposure")
    assert facade["length_m"] > 0


def test_cli_table_and_csv(capsys) -> None:
    assert main(["privacy", str(SAMPLE)]) == 3
    table = capsys.readouterr().out
    assert "C14" in table and "forbidden_placement" in table
    assert main(["privacy", str(SAMPLE), "--format", "csv"]) == 3
    header = capsys.readouterr().out.splitlines()[0].split(",")
    assert header[:3] == ["camera_id", "finding", "category"]


def test_cli_exit_0_without_forbidden_placements_and_2_on_bad_input(tmp_path, capsys) -> None:
    project = read_project(SAMPLE)
    clean = project.with_layers(cameras=project.cameras[project.cameras["camera_id"] != "C14"])
    from planner.io.project import write_project

    path = tmp_path / "clean.gpkg"
    write_project(path, clean)
    assert main(["privacy", str(path), "--format", "json"]) == 0
    capsys.readouterr()
    assert main(["privacy", str(tmp_path / "missing.gpkg")]) == 2


def test_applying_the_suggested_masks_on_the_sample_clears_those_findings() -> None:
    project = read_project(SAMPLE)
    rules = load_ruleset(project.ruleset)

    def run(cameras):
        return privacy_findings(
            cameras, project.buildings, project.private_areas, ruleset=rules, zones=project.zones
        )

    report = run(project.cameras)
    cameras = project.cameras
    for hit in report.findings:
        if hit.mask_deg:
            cameras = with_mask(cameras, hit.camera_id, hit.privacy_mask)
    left = {(f.camera_id, f.finding) for f in run(cameras).findings}
    assert left == {("C14", "forbidden_placement")}


def test_every_json_key_is_documented() -> None:
    from planner.report.privacy_report import CSV_COLUMNS, finding_record

    doc = (Path(__file__).resolve().parents[1] / "docs" / "privacy.md").read_text("utf-8")
    project = read_project(SAMPLE)
    report = privacy_findings(
        project.cameras,
        project.buildings,
        project.private_areas,
        ruleset=load_ruleset(project.ruleset),
        zones=project.zones,
    )
    for finding in report.findings:
        for key in finding_record(finding):
            assert f"| `{key}` |" in doc, key
    for column in CSV_COLUMNS:
        assert column in doc, column
