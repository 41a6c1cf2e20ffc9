"""Survey findings read the rules as a Chinese official reads them (issue 10).

Each case is small and hand-checkable: one to four devices, two or three
sources, positions in metres of a local frame, survey date 2024-06-01. Every
test here failed on the code before the fix it covers.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import shapely

from planner.core.reconcile import SourceRecords, match_records
from planner.core.survey import (
    ACTIONS,
    DETAILS,
    FINDINGS,
    PRIORITY,
    Survey,
    detail_text,
    survey_findings,
)
from planner.io.rulesets import load_ruleset

AS_OF = dt.date(2024, 6, 1)
RULESETS = {name: load_ruleset(name) for name in ("qingdao", "harbin", "chongqing", "national")}
QINGDAO, HARBIN, CHONGQING, NATIONAL = (RULESETS[n] for n in RULESETS)
CODE_A = "37020300001320000001"
CODE_B = "37020300001320000002"
CODE_C = "37020300001320000003"
COMPANY = "青岛某物业管理有限公司"


def src(role: str, rows: list[dict[str, object]]) -> SourceRecords:
    frame = pd.DataFrame(rows)
    frame["row"] = np.arange(2, 2 + len(frame))
    return SourceRecords(source=role, role=role, records=frame)


def run(*sources: SourceRecords, ruleset=QINGDAO, **options) -> Survey:
    return survey_findings(match_records(list(sources)), as_of=AS_OF, ruleset=ruleset, **options)


def filed(code: str, x: float, **values: object) -> dict[str, object]:
    return {"device_id": code, "x": x, "y": 0.0, "owner": COMPANY, **values}


def seen(x: float, status: str = "正常", **values: object) -> dict[str, object]:
    return {"x": x, "y": 0.0, "status": status, "has_sign": True, "owner": COMPANY, **values}


def kinds(survey: Survey) -> list[str]:
    return [f.finding for f in survey.findings]


def ago(days: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days)


# ---------------------------------------------------------------- vocabulary of the engine


def test_every_finding_has_a_priority_and_every_template_both_languages() -> None:
    assert set(PRIORITY) == set(FINDINGS)
    assert "derelict" not in FINDINGS  # split into fault, offline, obstructed, abandoned
    assert "relocate" not in ACTIONS  # forbidden placements are removed (Q 27, C 24)
    for template, (english, chinese) in DETAILS.items():
        assert english and chinese, template


# ---------------------------------------------------------------- 4. another city's rule


@pytest.mark.parametrize("name", ["qingdao", "chongqing", "national"])
def test_intact_rate_without_a_minimum_shows_harbin_as_reference_not_basis(name: str) -> None:
    survey = run(src("survey", [seen(0.0), seen(100.0, "黑屏")]), ruleset=RULESETS[name])
    overall = survey.intact[survey.intact["group_by"] == "all"].iloc[0]
    assert overall["rate"] == pytest.approx(0.5)
    assert overall["basis"] == "reference"
    assert overall["rule"] == ""  # never the legal basis
    assert overall["reference"] == "Harbin Measures Art. 25(3)"
    assert overall["required"] == pytest.approx(0.95)
    for f in survey.findings:
        assert not f.rule.startswith("Harbin"), f


def test_harbin_intact_rate_is_its_own_rule() -> None:
    survey = run(src("survey", [seen(0.0)]), ruleset=HARBIN)
    overall = survey.intact[survey.intact["group_by"] == "all"].iloc[0]
    assert overall["basis"] == "rule"
    assert overall["rule"] == "Harbin Measures Art. 25(3)"
    assert overall["reference"] == ""


def test_maintainer_group_is_not_called_unowned() -> None:
    survey = run(src("survey", [seen(0.0, owner=COMPANY)]), ruleset=HARBIN)
    groups = survey.intact.set_index(["group_by", "name"])
    assert ("maintainer", "(no maintainer)") in groups.index
    assert ("owner", COMPANY) in groups.index


# ---------------------------------------------------------------- 5. notes, split findings


@pytest.mark.parametrize(
    "note", ["已设置隐私遮蔽", "广告牌旁", "周边树木已修剪", "位于绿化带内", "正常"]
)
def test_harmless_remarks_leave_a_working_camera_intact(note: str) -> None:
    survey = run(src("survey", [seen(0.0, note)]))
    assert kinds(survey) == []
    assert survey.intact["rate"].iloc[0] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("note", "finding", "action"),
    [
        ("废弃", "abandoned", "remove"),
        ("报废", "abandoned", "remove"),
        ("丢失", "abandoned", "remove"),
        ("被盗", "abandoned", "remove"),
        ("镜头脏污", "fault", "repair"),
        ("设备老化", "fault", "repair"),
        ("时间不准", "fault", "set_clock"),
        ("离线", "offline", "restore_online"),
        ("被藤蔓缠绕遮挡", "obstructed", "prune_tree"),
        ("被广告牌遮挡", "obstructed", "clear_obstruction"),
    ],
)
def test_real_faults_are_found_and_split_by_crew(note: str, finding: str, action: str) -> None:
    survey = run(src("survey", [seen(0.0, note)]))
    assert [(f.finding, f.action) for f in survey.findings] == [(finding, action)]


def test_a_clock_fault_cites_qingdao_art_19_3() -> None:
    survey = run(src("survey", [seen(0.0, "画面正常，但时间不准")]))
    assert [(f.finding, f.rule) for f in survey.findings] == [
        ("fault", "Qingdao Measures Art. 19(3)")
    ]


def test_abandoned_and_filed_is_removed_and_its_filing_cancelled() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0)]),
        src("survey", [seen(2.0, "设备已废弃")]),
    )
    (finding,) = survey.findings
    assert (finding.finding, finding.action) == ("abandoned", "remove_and_cancel_filing")
    assert finding.rule == "Qingdao Measures Art. 16 para. 2"


# ---------------------------------------------------------------- 6. articles and actions


@pytest.mark.parametrize(
    ("name", "article"),
    [
        ("qingdao", "Qingdao Measures Art. 19(3)"),
        ("harbin", "Harbin Measures Art. 25(3)"),
        ("chongqing", "Chongqing Measures Art. 19(7)"),
    ],
)
def test_offline_for_long_cites_the_operation_article(name: str, article: str) -> None:
    survey = run(
        src("survey", [seen(0.0, device_id=CODE_A)]),
        src("platform", [{"device_id": CODE_A, "x": 1.0, "y": 0.0, "last_seen_on": ago(90)}]),
        ruleset=RULESETS[name],
    )
    offline = [f for f in survey.findings if f.finding == "offline"]
    assert [f.rule for f in offline] == [article]
    assert offline[0].action == "restore_online"


def test_chongqing_no_sign_cites_article_10() -> None:
    survey = run(src("survey", [seen(0.0, has_sign=False)]), ruleset=CHONGQING)
    assert [(f.finding, f.rule) for f in survey.findings] == [
        ("no_sign", "Chongqing Measures Art. 10")
    ]


@pytest.mark.parametrize(
    ("name", "article", "action"),
    [
        ("chongqing", "Chongqing Measures Art. 19(5)", "report_move"),
        ("harbin", "Harbin Measures Art. 19", "report_move"),
        ("qingdao", "Qingdao Measures Art. 16", "refile"),
    ],
)
def test_a_moved_device_cites_the_citys_article(name: str, article: str, action: str) -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0)]),
        src("survey", [seen(40.0, device_id=CODE_A)]),  # same code, 40 m away
        ruleset=RULESETS[name],
        listed_places=shapely.box(-100, -100, 100, 100),  # it serves a listed place
    )
    moved = [f for f in survey.findings if f.finding == "moved"]
    assert [(f.rule, f.action) for f in moved] == [(article, action)]
    assert "40 m" in moved[0].detail


def test_a_device_within_gps_error_has_not_moved() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0)]),
        src("survey", [seen(8.0, device_id=CODE_A)]),
        ruleset=CHONGQING,
    )
    assert "moved" not in kinds(survey)


def test_harbin_removal_asks_for_the_plan_not_a_filing() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0), filed(CODE_B, 20.0)]),
        src("survey", [seen(0.0, device_id=CODE_A), seen(20.0, "已拆除", device_id=CODE_B)]),
        ruleset=HARBIN,
    )
    (removed,) = [f for f in survey.findings if f.finding == "removed_but_filed"]
    assert removed.action == "check_removal_plan"
    assert removed.rule == "Harbin Measures Art. 19 para. 2"


def test_harbin_does_not_ask_a_government_built_system_to_file() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0)]),
        src(
            "survey",
            [
                seen(0.0, device_id=CODE_A),
                seen(200.0, owner="哈尔滨市道里区人民政府"),
                seen(400.0, owner=COMPANY, government_built=True),
                seen(600.0, owner=COMPANY),
                seen(800.0, owner="海晟花园业主委员会"),  # homeowners, not an office
            ],
        ),
        ruleset=HARBIN,
    )
    unregistered = [f for f in survey.findings if f.finding == "unregistered"]
    assert len(unregistered) == 2  # the company's and the homeowners' own systems
    assert any("exempt as government-built" in s for s in survey.skipped_checks)


def test_national_filing_applies_to_listed_places_only() -> None:
    sources = (
        src("filings", [filed(CODE_A, 0.0)]),
        src("survey", [seen(0.0, device_id=CODE_A), seen(300.0), seen(900.0)]),
    )
    square = shapely.box(250.0, -50.0, 350.0, 50.0)  # a square (Art. 7) around x=300
    listed = run(*sources, ruleset=NATIONAL, listed_places=square)
    assert len([f for f in listed.findings if f.finding == "unregistered"]) == 1
    unknown = run(*sources, ruleset=NATIONAL)
    assert "unregistered" not in kinds(unknown)
    assert any("limits filing to the places it lists" in s for s in unknown.skipped_checks)


@pytest.mark.parametrize(
    ("name", "penalty"),
    [("qingdao", "Qingdao Measures Art. 27"), ("chongqing", "Chongqing Measures Art. 24")],
)
def test_forbidden_placement_is_removed_with_the_penalty_article(name: str, penalty: str) -> None:
    matching = match_records([src("survey", [seen(0.0)])])
    key = matching.devices[0].device_key
    rule = RULESETS[name].private_categories["toilet"].article
    survey = survey_findings(
        matching,
        as_of=AS_OF,
        ruleset=RULESETS[name],
        forbidden={key: ("forbidden", "toilet", rule)},
    )
    (finding,) = survey.findings
    assert (finding.finding, finding.action, finding.rule) == (
        "forbidden_placement",
        "remove",
        rule,
    )
    assert penalty in finding.detail
    assert "拆除" in detail_text(finding, "zh")


def test_a_camera_in_a_hotel_building_is_a_review_item_of_low_priority() -> None:
    matching = match_records([src("survey", [seen(0.0)])])
    key = matching.devices[0].device_key
    survey = survey_findings(
        matching,
        as_of=AS_OF,
        ruleset=QINGDAO,
        forbidden={key: ("review", "hotel_room", "Qingdao Measures Art. 9")},
    )
    (finding,) = survey.findings
    assert (finding.finding, finding.action) == ("review_placement", "check_placement")
    assert finding.priority > PRIORITY["forbidden_placement"]
    assert finding.priority >= PRIORITY["unregistered"]


# ---------------------------------------------------------------- 7. deadlines with dates


def test_harbin_fault_noted_more_than_72_hours_ago_is_overdue() -> None:
    survey = run(
        src(
            "survey",
            [seen(0.0, "黑屏", fault_since=ago(5)), seen(100.0, "黑屏", fault_since=ago(2))],
        ),
        ruleset=HARBIN,
    )
    details = sorted(f.detail for f in survey.findings)
    assert len(details) == 2
    assert sum("overdue" in d for d in details) == 1
    assert any("Harbin Measures Art. 30" in d for d in details)


def test_qingdao_removal_filing_due_within_30_days() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0), filed(CODE_B, 20.0), filed(CODE_C, 40.0)]),
        src(
            "survey",
            [
                seen(0.0, device_id=CODE_A),
                seen(20.0, "已拆除", device_id=CODE_B, removed_on=ago(45)),
                seen(40.0, "已拆除", device_id=CODE_C, removed_on=ago(10)),
            ],
        ),
    )
    removed = {f.device_key: f for f in survey.findings if f.finding == "removed_but_filed"}
    assert removed[CODE_B].template == "removed_overdue"
    assert removed[CODE_C].template == "removed_due"
    assert removed[CODE_C].params["due"] == (ago(10) + dt.timedelta(days=30)).isoformat()


# ---------------------------------------------------------------- where the walk went


def test_a_filed_device_between_surveyed_ones_is_missing_inside_the_hull() -> None:
    # walked records 0 m and 400 m apart: the filed device at 200 m lies between them,
    # 200 m from each — missed by the old 100 m discs, inside the walked hull
    survey = run(
        src("filings", [filed(CODE_A, 0.0), filed(CODE_B, 400.0), filed(CODE_C, 200.0)]),
        src("survey", [seen(0.0, device_id=CODE_A), seen(400.0, device_id=CODE_B)]),
    )
    assert [f.device_key for f in survey.findings if f.finding == "removed_but_filed"] == [CODE_C]
    assert "hull" in survey.walked_area_source


def test_the_users_walked_area_decides() -> None:
    sources = (
        src("filings", [filed(CODE_A, 0.0), filed(CODE_B, 400.0), filed(CODE_C, 200.0)]),
        src("survey", [seen(0.0, device_id=CODE_A), seen(400.0, device_id=CODE_B)]),
    )
    two_estates = shapely.union(shapely.box(-50, -50, 50, 50), shapely.box(350, -50, 450, 50))
    survey = run(*sources, walked=two_estates, walked_source="estates.geojson")
    assert "removed_but_filed" not in kinds(survey)
    assert survey.walked_area_source == "estates.geojson"


# ---------------------------------------------------------------- platform connection


def test_not_connected_and_the_online_and_connection_rates() -> None:
    survey = run(
        src(
            "survey",
            [seen(0.0, device_id=CODE_A), seen(100.0, device_id=CODE_B), seen(200.0)],
        ),
        src(
            "platform",
            [
                {"device_id": CODE_A, "x": 1.0, "y": 0.0, "status": "在线", "owner": COMPANY},
                {"device_id": CODE_B, "x": 101.0, "y": 0.0, "status": "离线", "owner": COMPANY},
            ],
        ),
    )
    assert kinds(survey).count("not_connected") == 1
    (connect,) = [f for f in survey.findings if f.finding == "not_connected"]
    # not government-funded: the police integrate it (Q Art. 13 para. 2)
    assert connect.rule == "Qingdao Measures Art. 13 para. 2"
    assert connect.action == "connect_platform"
    overall = survey.intact[survey.intact["group_by"] == "all"].iloc[0]
    assert overall["connection_rate"] == pytest.approx(2 / 3)
    assert overall["online_rate"] == pytest.approx(1 / 2)


def test_without_a_platform_the_rates_are_unknown_not_zero() -> None:
    survey = run(src("survey", [seen(0.0)]))
    overall = survey.intact[survey.intact["group_by"] == "all"].iloc[0]
    assert np.isnan(overall["connection_rate"]) and np.isnan(overall["online_rate"])
    assert any("no platform source" in s for s in survey.skipped_checks)


def test_government_systems_must_connect_others_are_integrated() -> None:
    survey = run(
        src(
            "survey",
            [seen(0.0, owner="市南区大数据局"), seen(100.0), seen(200.0, device_id=CODE_A)],
        ),
        src("platform", [{"device_id": CODE_A, "x": 201.0, "y": 0.0, "status": "在线"}]),
    )
    rules = sorted(f.rule for f in survey.findings if f.finding == "not_connected")
    assert rules == ["Qingdao Measures Art. 13", "Qingdao Measures Art. 13 para. 2"]


def test_harbin_art_19_protects_only_the_cameras_of_listed_places() -> None:
    sources = (
        src("filings", [filed(CODE_A, 0.0, bearing_deg=90.0), filed(CODE_B, 500.0, bearing_deg=0)]),
        src(
            "survey",
            [
                seen(2.0, device_id=CODE_A, bearing_deg=170.0),
                seen(502.0, device_id=CODE_B, bearing_deg=80.0),
            ],
        ),
    )
    square = shapely.box(-50, -50, 50, 50)  # a city square around CODE_A only
    survey = run(*sources, ruleset=HARBIN, listed_places=square)
    assert [(f.device_key, f.finding) for f in survey.findings] == [(CODE_A, "re_aimed")]
    assert survey.findings[0].action == "restore_bearing"
    unknown = run(*sources, ruleset=HARBIN)
    assert "re_aimed" not in kinds(unknown)
    assert any("protects only the cameras" in s for s in unknown.skipped_checks)


def test_qingdao_re_aim_means_refile_not_restore() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0, bearing_deg=90.0)]),
        src("survey", [seen(2.0, device_id=CODE_A, bearing_deg=170.0)]),
    )
    assert [(f.finding, f.rule, f.action) for f in survey.findings] == [
        ("re_aimed", "Qingdao Measures Art. 16", "refile")
    ]


@pytest.mark.parametrize(("installed", "found"), [(dt.date(2024, 5, 1), True), (None, True)])
def test_systems_in_use_before_the_decree_had_until_july_2025(installed, found) -> None:
    sources = (
        src("filings", [filed(CODE_A, 0.0)]),
        src("survey", [seen(0.0, device_id=CODE_A), seen(100.0, installed_on=installed)]),
    )
    listed = shapely.box(-200, -200, 200, 200)
    early = survey_findings(
        match_records(list(sources)),
        as_of=dt.date(2025, 6, 1),
        ruleset=NATIONAL,
        listed_places=listed,
    )
    late = survey_findings(
        match_records(list(sources)),
        as_of=dt.date(2025, 8, 1),
        ruleset=NATIONAL,
        listed_places=listed,
    )
    if installed is not None:
        # installed 2024, surveyed May 2025: the 2025-07-01 deadline has not passed
        assert "unregistered" not in kinds(early)
        (late_finding,) = [f for f in late.findings if f.finding == "unregistered"]
        assert late_finding.template == "unregistered_existing"
        assert "2025-07-01" in late_finding.detail
    else:
        assert "unregistered" in kinds(early)


def test_a_note_that_says_no_sign_is_a_missing_sign() -> None:
    row = seen(0.0, "正常，无标识")
    del row["has_sign"]
    survey = run(src("survey", [row]))
    assert [(f.finding, f.rule) for f in survey.findings] == [
        ("no_sign", "Qingdao Measures Art. 17")
    ]
