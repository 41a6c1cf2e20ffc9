"""Survey findings on small hand-checkable cases: one or two devices, two or three sources.

Positions are metres in a local metric frame; the survey date is 2024-06-01.
Unless a case says otherwise the Harbin ruleset applies: filing within 30
days (Art. 18), re-aim tolerance 20° (Art. 19), a maintenance owner (Art. 23),
intact rate at least 95 % (Art. 25(3)), offline for more than 30 days is
derelict (Art. 28), signs and no obstruction (Art. 11).
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd
import pytest
import shapely

from planner.core.reconcile import SourceRecords, match_records
from planner.core.survey import (
    Settlement,
    Survey,
    SurveyInputError,
    conflicts_table,
    detail_text,
    settle,
    status_class,
    survey_findings,
)
from planner.io.rulesets import load_ruleset

AS_OF = dt.date(2024, 6, 1)
HARBIN = load_ruleset("harbin")
QINGDAO = load_ruleset("qingdao")
CODE_A = "37020300001310000001"
CODE_B = "37020300001310000002"
CODE_C = "37020300001310000003"
OWNER = "市北区公安分局"


def src(role: str, rows: list[dict[str, object]]) -> SourceRecords:
    df = pd.DataFrame(rows)
    df["row"] = np.arange(2, 2 + len(df))
    return SourceRecords(source=role, role=role, records=df)


#: Every device here serves a place the rules list (Harbin Art. 19 protects only those).
LISTED = shapely.box(-10_000, -10_000, 10_000, 10_000)


def run(*sources: SourceRecords, ruleset=HARBIN, **options) -> Survey:
    options.setdefault("listed_places", LISTED)
    return survey_findings(match_records(list(sources)), as_of=AS_OF, ruleset=ruleset, **options)


def summary(survey: Survey) -> list[tuple[str, str, str, str]]:
    """(device key, finding, rule, action) of every finding, in the survey's order."""
    return [(f.device_key, f.finding, f.rule, f.action) for f in survey.findings]


def ago(days: int) -> dt.date:
    return AS_OF - dt.timedelta(days=days)


def filed(code: str, x: float, **values: object) -> dict[str, object]:
    return {"device_id": code, "x": x, "y": 0.0, "owner": OWNER, **values}


def seen(x: float, **values: object) -> dict[str, object]:
    return {"x": x, "y": 0.0, "status": "正常", "has_sign": True, **values}


# ---------------------------------------------------------------------------
# re_aimed
# ---------------------------------------------------------------------------


def test_turned_60_degrees_is_re_aimed_citing_harbin_art_19() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0, bearing_deg=90.0)]),
        src("survey", [seen(3.0, bearing_deg=150.0)]),
    )
    assert summary(survey) == [(CODE_A, "re_aimed", "Harbin Measures Art. 19", "restore_bearing")]
    assert survey.findings[0].detail == (
        "filed bearing 90°, surveyed 150°: turned 60° (tolerance 20°); restore it or refile"
    )
    assert survey.findings[0].priority == 3
    assert survey.findings[0].contact == OWNER


def test_within_tolerance_and_across_north() -> None:
    within = run(
        src("filings", [filed(CODE_A, 0.0, bearing_deg=90.0)]),
        src("survey", [seen(3.0, bearing_deg=110.0)]),  # 20°: within
    )
    assert within.findings == ()
    across = run(
        src("filings", [filed(CODE_A, 0.0, bearing_deg=350.0)]),
        src("survey", [seen(3.0, bearing_deg=25.0)]),  # 35° across north
    )
    assert [f.finding for f in across.findings] == ["re_aimed"]
    assert "turned 35°" in across.findings[0].detail


# ---------------------------------------------------------------------------
# removed_but_filed
# ---------------------------------------------------------------------------


def test_removed_only_inside_the_walked_area_and_not_when_online() -> None:
    survey = run(
        src(
            "filings",
            [
                filed(CODE_A, 0.0),  # walked and found
                filed(CODE_B, 30.0),  # 30 m from the walk: within its reach, not found
                filed(CODE_C, 500.0),  # far outside the walked area
                filed("37020300001310000004", -30.0),  # inside, not found, online yesterday
            ],
        ),
        src("survey", [seen(0.0)]),
        src(
            "platform",
            [
                {
                    "device_id": "37020300001310000004",
                    "x": -30.0,
                    "y": 0.0,
                    "status": "在线",
                    "last_seen_on": ago(1),
                }
            ],
        ),
    )
    # CODE_C 500 m away is outside the hull of the walk (one record + 100 m)
    assert [f for f in summary(survey) if f[1] == "removed_but_filed"] == [
        (CODE_B, "removed_but_filed", "Harbin Measures Art. 19 para. 2", "check_removal_plan")
    ]
    removed = next(f for f in survey.findings if f.finding == "removed_but_filed")
    assert removed.detail == "filed, inside the walked area, but not found by the field survey"


def test_the_streets_between_two_surveyed_estates_were_not_walked() -> None:
    """A walk over two estates 1 km apart did not cover the streets between them: the
    user says so with the walked area, and a filed camera there is not called removed
    (without it, the hull of the walk is the walked area: tests/test_survey_rules.py)."""
    import shapely

    estates = shapely.union(shapely.box(-50, -50, 50, 50), shapely.box(950, -50, 1050, 50))
    survey = run(
        src("filings", [filed(CODE_A, 0.0), filed(CODE_B, 1000.0), filed(CODE_C, 500.0)]),
        src("survey", [seen(0.0), seen(1000.0, device_id=CODE_B)]),
        walked=estates,
    )
    assert [f.finding for f in survey.findings] == []
    near = run(
        src("filings", [filed(CODE_A, 0.0), filed(CODE_C, 90.0)]),
        src("survey", [seen(0.0)]),
    )
    assert [(f.device_key, f.finding) for f in near.findings] == [(CODE_C, "removed_but_filed")]


def test_online_lately_is_not_removed() -> None:
    def with_last_seen(days: int) -> Survey:
        return run(
            src("filings", [filed(CODE_A, 0.0), filed(CODE_B, 30.0)]),
            src("survey", [seen(0.0)]),
            src(
                "platform", [{"device_id": CODE_B, "x": 30.0, "y": 0.0, "last_seen_on": ago(days)}]
            ),
        )

    # CODE_A is on the ground but unknown to the platform: not connected
    assert [f.finding for f in with_last_seen(1).findings] == ["not_connected"]
    stale = with_last_seen(45)
    # not on the ground and long offline: check its removal, do not send a repair crew
    assert [f.finding for f in stale.findings] == ["removed_but_filed", "not_connected"]


def test_found_dismantled_is_removed_and_nothing_else() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0, bearing_deg=90.0)]),
        src("survey", [{"x": 2.0, "y": 0.0, "status": "已拆除", "has_sign": False}]),
    )
    assert summary(survey) == [
        (CODE_A, "removed_but_filed", "Harbin Measures Art. 19 para. 2", "check_removal_plan")
    ]
    assert survey.findings[0].detail == "the field survey found it removed: 已拆除 (survey row 2)"


# ---------------------------------------------------------------------------
# unregistered
# ---------------------------------------------------------------------------


def test_unfiled_device_is_unregistered_only_after_30_days() -> None:
    def unfiled(installed: dt.date | None) -> Survey:
        return run(
            src("filings", [filed(CODE_A, 0.0)]),
            src("survey", [seen(0.0), seen(200.0)]),
            src("property", [{"x": 201.0, "y": 0.0, "owner": "某物业", "installed_on": installed}]),
        )

    assert unfiled(ago(10)).findings == ()
    assert unfiled(ago(30)).findings == ()
    late = unfiled(ago(40))
    assert summary(late) == [("survey:3", "unregistered", "Harbin Measures Art. 18", "file")]
    assert late.findings[0].detail == (
        "not in the police filings; installed 2024-04-22, 40 days ago (limit 30 days)"
    )
    assert late.findings[0].contact == "某物业"
    unknown = unfiled(None)
    assert [f.detail for f in unknown.findings] == [
        "not in the police filings; installation date unknown (limit 30 days)"
    ]


def test_no_filings_skips_the_filing_checks() -> None:
    survey = run(
        src("survey", [seen(0.0, owner="某物业")]),
        src("property", [{"x": 1.0, "y": 0.0, "owner": "某物业", "installed_on": ago(400)}]),
    )
    assert survey.findings == ()
    assert survey.skipped_checks == (
        "unregistered, removed_but_filed, re_aimed, moved: no police filings given",
        "not_connected, online and connection rates: no platform source given",
    )
    no_survey = run(src("filings", [filed(CODE_A, 0.0)]))
    assert no_survey.skipped_checks == (
        "removed_but_filed, no_sign, moved: no field survey given",
        "not_connected, online and connection rates: no platform source given",
    )
    assert no_survey.findings == ()


# ---------------------------------------------------------------------------
# derelict and status words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不在线", "fault"),
        ("在线", "ok"),
        ("离线", "fault"),
        ("黑屏", "fault"),
        ("被藤蔓遮挡", "vegetation"),
        ("被广告牌遮挡", "obstructed"),
        ("已拆除", "removed"),
        (" 正常 ", "ok"),
        ("ＯＫ", "ok"),
        ("broken", "fault"),
        ("", None),
        (None, None),
        ("待核实", None),
    ],
)
def test_status_class(text: object, expected: str | None) -> None:
    assert status_class(text) == expected


def test_not_online_is_a_fault_online_is_fine() -> None:
    def platform_says(status: str) -> Survey:
        return run(
            src("filings", [filed(CODE_A, 0.0, maintainer="某维保公司")]),
            src("platform", [{"device_id": CODE_A, "x": 1.0, "y": 0.0, "status": status}]),
        )

    assert platform_says("在线").findings == ()
    offline = platform_says("不在线")
    assert summary(offline) == [(CODE_A, "offline", "Harbin Measures Art. 25(3)", "restore_online")]
    assert offline.findings[0].detail == "offline: 不在线 (platform row 2)"
    assert offline.findings[0].contact == "某维保公司"


def test_last_online_more_than_30_days_ago_is_offline() -> None:
    def last_seen(days: int) -> Survey:
        return run(
            src("filings", [filed(CODE_A, 0.0)]),
            src("platform", [{"device_id": CODE_A, "x": 1.0, "y": 0.0, "last_seen_on": ago(days)}]),
        )

    assert last_seen(30).findings == ()
    late = last_seen(31)
    # the operation article (Art. 25(3)), not the retention one (Art. 28)
    assert summary(late) == [(CODE_A, "offline", "Harbin Measures Art. 25(3)", "restore_online")]
    assert late.findings[0].detail == (
        "last online 2024-05-01 (platform row 2), 31 days before 2024-06-01 (limit 30)"
    )


def test_vines_mean_prune() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0)]),
        src("survey", [seen(2.0, status="被藤蔓遮挡")]),
    )
    assert summary(survey) == [(CODE_A, "obstructed", "Harbin Measures Art. 11", "prune_tree")]
    # Harbin Art. 5: city management prunes, not the camera's owner
    assert survey.findings[0].detail == (
        "obstructed by trees: 被藤蔓遮挡 (survey row 2); city management prunes them "
        "(Harbin Measures Art. 5)"
    )
    assert "城管" in survey.findings[0].contact


def test_unowned_broken_device_is_to_be_removed() -> None:
    survey = run(
        src("filings", [{"device_id": CODE_A, "x": 0.0, "y": 0.0, "project_name": "雪亮工程"}]),
        src("survey", [seen(2.0, status="黑屏", pole_no="LG-7")]),
    )
    # filed, broken and claimed by nobody: remove it and cancel its filing (seed 000)
    assert summary(survey) == [
        # Harbin files no removal (Art. 19 is a plan before it): the running duty, remove
        (CODE_A, "abandoned", "Harbin Measures Art. 25(3)", "remove"),
        (CODE_A, "unowned", "Harbin Measures Art. 23", "name_owner"),
    ]
    abandoned, unowned = survey.findings
    assert abandoned.detail == "claimed by nobody and out of order: 黑屏 (survey row 2)"
    assert abandoned.contact == ""
    assert unowned.detail == (
        "no source names an owner or maintainer; trace it by project 雪亮工程, pole LG-7"
    )
    assert survey.intact.loc[survey.intact["group_by"] == "owner", "name"].tolist() == [
        "(no owner)"
    ]


def test_a_maintainer_alone_is_an_owner_enough() -> None:
    survey = run(
        src("filings", [{"device_id": CODE_A, "x": 0.0, "y": 0.0, "maintainer": "某维保公司"}]),
        src("survey", [seen(2.0)]),
    )
    assert survey.findings == ()


# ---------------------------------------------------------------------------
# no_sign, duplicate
# ---------------------------------------------------------------------------


def test_no_sign_cites_the_ruleset_article() -> None:
    sources = (src("filings", [filed(CODE_A, 0.0)]), src("survey", [seen(2.0, has_sign=False)]))
    assert summary(run(*sources)) == [(CODE_A, "no_sign", "Harbin Measures Art. 11", "add_sign")]
    qingdao = run(*sources, ruleset=QINGDAO)
    assert summary(qingdao) == [(CODE_A, "no_sign", "Qingdao Measures Art. 17", "add_sign")]
    # Qingdao Art. 28(2) sets the consequence: said in the detail, in both languages
    assert qingdao.findings[0].detail == (
        "no sign (survey row 2) (Qingdao Measures Art. 28(2): No clear sign as required: "
        "ordered to correct within a time limit, fine 500–1,000 CNY.)"
    )
    assert detail_text(qingdao.findings[0], "zh") == (
        "未设置明显标识（实地核查第2行）（《青岛市公共安全视频图像信息系统管理办法》"
        "第二十八条第（二）项：由公安机关责令限期改正，并处500元以上1000元以下罚款）"
    )


def test_a_record_filed_twice_is_a_duplicate() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0), filed("3702 0300 0013 1000 0001", 0.5)]),
        src("survey", [seen(2.0)]),
    )
    assert summary(survey) == [(CODE_A, "duplicate", "Harbin Measures Art. 18", "merge_records")]
    assert survey.findings[0].detail == (
        "source 'filings' rows 2, 3 describe one camera (same device code)"
    )
    assert survey.findings[0].contact == "filings"


# ---------------------------------------------------------------------------
# intact rate
# ---------------------------------------------------------------------------


def twenty_devices(broken: int) -> Survey:
    rows = [
        seen(100.0 * k, owner="甲物业", status="黑屏" if k < broken else "正常") for k in range(20)
    ]
    return run(src("survey", rows))


def test_intact_19_of_20_meets_harbin_18_of_20_does_not() -> None:
    ok = twenty_devices(1)
    overall = ok.intact[ok.intact["group_by"] == "all"].iloc[0]
    assert (overall["devices"], overall["intact"], overall["rate"]) == (20, 19, 0.95)
    assert overall["required"] == 0.95
    assert bool(overall["meets"]) is True
    assert overall["rule"] == "Harbin Measures Art. 25(3)"
    owner = ok.intact[ok.intact["group_by"] == "owner"].iloc[0]
    assert (owner["name"], owner["devices"], owner["intact"]) == ("甲物业", 20, 19)

    short = twenty_devices(2)
    overall = short.intact[short.intact["group_by"] == "all"].iloc[0]
    assert (overall["devices"], overall["intact"], overall["rate"]) == (20, 18, 0.9)
    assert bool(overall["meets"]) is False
    assert short.count("fault") == 2


def test_removed_devices_do_not_count_in_the_intact_rate() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0), filed(CODE_B, 300.0)]),
        src("survey", [seen(1.0), {"x": 301.0, "y": 0.0, "status": "已拆除"}]),
    )
    overall = survey.intact[survey.intact["group_by"] == "all"].iloc[0]
    assert (overall["devices"], overall["intact"]) == (1, 1)


# ---------------------------------------------------------------------------
# settlements
# ---------------------------------------------------------------------------


def owner_conflict() -> tuple[SourceRecords, SourceRecords]:
    return (
        src("filings", [filed(CODE_A, 0.0)]),
        src("property", [{"x": 3.0, "y": 0.0, "owner": "某物业公司"}]),
    )


def test_settling_an_owner_conflict_sets_the_owner_and_closes_it() -> None:
    matching = match_records(list(owner_conflict()))
    (device,) = matching.devices
    assert device.value("owner") == "某物业公司"  # the property office speaks first
    assert [c.field for c in device.conflicts] == ["owner"]

    decision = Settlement(CODE_A, "owner", OWNER, note="备案为准", settled_on=AS_OF)
    unknown = Settlement("no-such-device", "owner", "某物业公司")
    survey = survey_findings(matching, as_of=AS_OF, ruleset=HARBIN, settlements=[decision, unknown])
    (settled,) = survey.matching.devices
    assert settled.value("owner") == OWNER
    assert settled.conflicts == ()
    assert survey.matching.conflicts == ()
    assert survey.settled == (decision,)
    assert survey.stale_settlements == (unknown,)
    table = conflicts_table(survey)
    assert table[["device_key", "field", "settled", "value", "detail"]].to_dict("records") == [
        {
            "device_key": CODE_A,
            "field": "owner",
            "settled": True,
            "value": OWNER,
            "detail": "备案为准",
        }
    ]


def test_settlement_for_a_closed_or_missing_conflict_is_stale() -> None:
    matching = match_records(list(owner_conflict()))
    no_conflict = Settlement(CODE_A, "maintainer", "某维保公司")
    again, applied, stale = settle(matching, [no_conflict])
    assert applied == ()
    assert stale == (no_conflict,)
    assert again.devices[0].value("owner") == "某物业公司"
    open_table = conflicts_table(run(*owner_conflict()))
    assert open_table["field"].tolist() == ["owner"]
    assert open_table["settled"].tolist() == [False]


# ---------------------------------------------------------------------------
# Known engine bug: negated status notes
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["正常，无遮挡", "正常 无故障", "正常，未被树木遮挡", "OK, no obstruction"]
)
def test_negated_problem_words_are_not_problems(text: str) -> None:
    assert status_class(text) == "ok"


def test_a_device_noted_normal_no_fault_has_no_findings() -> None:
    survey = run(
        src("filings", [filed(CODE_A, 0.0)]),
        src("survey", [seen(2.0, status="正常 无故障")]),
    )
    assert survey.findings == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [("不在线", "fault"), ("无图像", "fault"), ("画面不清晰", "fault"), ("no signal", "fault"),
     ("未拆除", None), ("no fault", "ok")],
)  # fmt: skip
def test_faults_written_as_negations_stay_faults(text: str, expected: str | None) -> None:
    assert status_class(text) == expected


def test_every_detail_reads_in_chinese_with_the_same_numbers() -> None:
    from planner.core.survey import DETAILS, detail_text

    survey = run(
        src("filings", [filed(CODE_A, 0.0, bearing_deg=90.0)]),
        src("survey", [seen(2.0, bearing_deg=150.0, has_sign=False, status="黑屏")]),
    )
    assert survey.findings
    for finding in survey.findings:
        assert finding.template in DETAILS
        assert detail_text(finding, "en") == finding.detail
        chinese = detail_text(finding, "zh")
        assert chinese != finding.detail
        # every number of the English sentence is in the Chinese one
        assert sorted(re.findall(r"\d+", chinese)) == sorted(re.findall(r"\d+", finding.detail))
    re_aimed = next(f for f in survey.findings if f.finding == "re_aimed")
    assert detail_text(re_aimed, "zh") == (
        "备案朝向90°，实测150°：偏转60°（容差20°）；恢复备案朝向或重新备案"
    )
    with pytest.raises(SurveyInputError, match="language"):
        detail_text(re_aimed, "fr")


def test_every_template_has_both_languages_with_the_same_fields() -> None:
    import string

    from planner.core.survey import DETAILS

    for key, (english, chinese) in DETAILS.items():
        # a Chinese template may take the Chinese form of a field (penalty → penalty_zh)
        fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
        chinese_fields = {f for _, f, _, _ in string.Formatter().parse(chinese) if f}
        assert fields == {f.removesuffix("_zh") for f in chinese_fields}, key


def test_chinese_details_name_sources_and_places_in_chinese() -> None:
    from planner.core.chinese_terms import cite, private_category, source_name
    from planner.core.survey import detail_text

    survey = run(
        src("filings", [filed(CODE_A, 0.0)]),
        src("survey", [seen(2.0, has_sign=False)]),
    )
    (no_sign,) = [f for f in survey.findings if f.finding == "no_sign"]
    assert detail_text(no_sign, "zh") == "未设置明显标识（实地核查第2行）"
    assert detail_text(no_sign, "en") == "no sign (survey row 2)"
    assert cite("Qingdao Measures Art. 19(3)", "zh") == (
        "《青岛市公共安全视频图像信息系统管理办法》第十九条第（三）项"
    )
    assert cite("Qingdao Measures Art. 19(3)", "en") == "Qingdao Measures Art. 19(3)"
    assert cite("Shenzhen Rules §4", "zh") == "Shenzhen Rules §4"
    assert source_name("物业二", "zh") == "物业二" and source_name("platform", "zh") == "联网平台"
    assert private_category("dormitory", "zh") == "宿舍"
