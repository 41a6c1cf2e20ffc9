"""The one vocabulary: every code named in both languages, in the words a Chinese office uses."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from planner.core.chinese_terms import (
    chinese_numeral,
    cite,
    count_phrase,
    private_category,
    row_list,
    source_name,
)
from planner.core.vocabulary import (
    KINDS,
    LAWS,
    codes,
    group_name,
    has_label,
    label,
    priority_label,
)

ROOT = Path(__file__).resolve().parents[1]
RULESETS = sorted((ROOT / "planner" / "rulesets").glob("*.toml"))
LATIN = re.compile(r"[A-Za-z]")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Words the issue names as wrong in these places (issue 10, "Chinese that reads as Chinese").
BANNED = {
    "失修": "运行异常 (a fault), not 'in disrepair' for everything",
    "现场走访": "实地核查 is the field survey",
    "产权单位": "权属单位 is the owner",
    "点位": "点位 is a camera position; a point zone is 点状部位",
    "灯杆编号": "one word for pole number: 杆号",
    "立杆编号": "one word for pole number: 杆号",
    "无权属单位": "权属不明 (owner) or 无维护单位 (maintainer)",
}


def _rulesets() -> list[dict]:
    return [tomllib.loads(path.read_text(encoding="utf-8")) for path in RULESETS]


def _articles(value: object) -> list[str]:
    """Every ``article`` string anywhere in a parsed ruleset."""
    if isinstance(value, dict):
        found = [value["article"]] if isinstance(value.get("article"), str) else []
        return found + [a for v in value.values() for a in _articles(v)]
    if isinstance(value, list):
        return [a for v in value for a in _articles(v)]
    return []


# --- every code the engines emit has a name -------------------------------------------------


def test_every_finding_and_action_the_engines_emit_is_named_in_both_languages() -> None:
    from planner.core import privacy, survey

    emitted = {
        "finding": set(survey.FINDINGS) | set(privacy.FINDINGS),
        "action": set(survey.ACTIONS),
    }
    for kind, found in emitted.items():
        missing = sorted(c for c in found if not has_label(kind, c))
        assert not missing, f"{kind} codes without a name: {missing}"
        for code in found:
            english, chinese = label(kind, code, "en"), label(kind, code, "zh")
            assert english, (kind, code)
            assert CJK.search(chinese), (kind, code, chinese)


def test_the_split_findings_and_their_actions_are_named_before_the_engine_emits_them() -> None:
    for code in ("fault", "offline", "obstructed", "abandoned", "review_placement", "moved"):
        assert has_label("finding", code)
    for code in ("remove_and_cancel_filing", "restore_online", "set_clock", "check_placement"):
        assert has_label("action", code)
    assert label("finding", "fault", "zh") == "运行异常"
    assert label("finding", "unowned", "en") == "No owner"
    assert label("finding", "unowned", "zh") == "权属不明"
    assert label("action", "remove", "zh") == "拆除"
    assert label("action", "prune_tree", "zh") == "修剪树木（城管）"


def test_every_zone_and_private_category_of_the_rulesets_and_schema_is_named() -> None:
    from planner.core.levels import LEVELS
    from planner.core.reconcile import ROLES
    from planner.core.schema import PRIVATE_CATEGORIES, ZONE_CATEGORIES

    zones = set(ZONE_CATEGORIES) | {z for r in _rulesets() for z in r.get("zones", {})}
    private = set(PRIVATE_CATEGORIES) | {p for r in _rulesets() for p in r.get("private", {})}
    assert sorted(z for z in zones if not has_label("zone_category", z)) == []
    assert sorted(p for p in private if not has_label("private_category", p)) == []
    assert codes("level") == LEVELS
    assert set(codes("source")) == set(ROLES)
    assert label("zone_category", "fire_lane", "zh") == "消防车通道"
    assert label("zone_category", "intersection", "zh") == "重要交通路口"
    assert label("zone_category", "estate_entrance", "zh") == "住宅小区出入口"
    assert [label("level", v, "zh") for v in LEVELS] == ["探测", "观察", "识别", "辨认"]


def test_no_name_uses_the_words_the_issue_calls_wrong() -> None:
    problems = []
    for kind, table in KINDS.items():
        for code, term in table.items():
            for word, why in BANNED.items():
                if word in term.zh:
                    problems.append(f"{kind} {code}: {term.zh!r} — {why}")
            # 遮挡 means blocked; a privacy mask is 隐私遮蔽
            if "mask" in term.en.lower() and "遮挡" in term.zh:
                problems.append(f"{kind} {code}: {term.zh!r} — a privacy mask is 隐私遮蔽")
    assert not problems, "\n".join(problems)


def test_the_window_translation_uses_the_same_words() -> None:
    """The window's own strings (fields, menus) say 权属单位, 杆号, 隐私遮蔽 too."""
    from xml.etree import ElementTree

    root = ElementTree.parse(ROOT / "planner" / "translations" / "planner_zh_CN.ts").getroot()
    problems = []
    for message in root.iter("message"):
        if message.find("translation").get("type") in ("vanished", "obsolete"):
            continue  # no longer in the code, not compiled
        source = message.findtext("source") or ""
        text = message.findtext("translation") or ""
        for word, why in BANNED.items():
            # 点位 is right for camera positions ("plan camera positions", the about box)
            if word in text and not (word == "点位" and "camera" in source.lower()):
                problems.append(f"{source!r} → {text!r}: {why}")
        if "mask" in source.lower() and "遮挡" in text:
            problems.append(f"{source!r} → {text!r}: a privacy mask is 隐私遮蔽")
    assert not problems, "\n".join(problems)


def test_unknown_codes_are_shown_as_they_are_and_bad_arguments_fail() -> None:
    assert label("zone_category", "ferry_pier", "zh") == "ferry_pier"
    assert not has_label("finding", "teleported")
    with pytest.raises(ValueError, match="kind"):
        label("colour", "red", "en")
    with pytest.raises(ValueError, match="language"):
        label("finding", "unowned", "fr")


def test_english_column_headers_are_the_codes_and_chinese_ones_are_words() -> None:
    for code in codes("column"):
        assert label("column", code, "en") == code
        if not code.endswith("_code"):
            assert CJK.search(label("column", code, "zh")), code
    assert label("column", "finding_code", "zh") == "finding_code"
    assert label("column", "pole_no", "zh") == "杆号"
    assert label("column", "owner", "zh") == "权属单位"


def test_intact_rate_groups_nobody_claims_read_as_chinese() -> None:
    assert group_name("owner", "(unowned)", "zh") == "（权属不明）"
    assert group_name("maintainer", "(unowned)", "zh") == "（无维护单位）"
    assert group_name("owner", "(no owner)", "zh") == "（权属不明）"
    assert group_name("maintainer", "(no maintainer)", "zh") == "（无维护单位）"
    assert group_name("district", "(unknown)", "zh") == "（区县不详）"
    assert group_name("maintainer", "(unowned)", "en") == "(no maintainer)"
    assert group_name("owner", "万科物业", "zh") == "万科物业"
    assert priority_label(1, "zh") == "优先级1" and priority_label(3) == "Priority 3"


def test_sources_and_private_places_through_the_old_functions() -> None:
    assert source_name("survey", "zh") == "实地核查"
    assert source_name("platform", "zh") == "联网平台"
    assert source_name("物业二", "zh") == "物业二"
    assert source_name("survey", "en") == "survey"
    assert private_category("dormitory", "zh") == "宿舍"
    assert private_category("dormitory", "en") == "dormitory"


# --- citations in legal style -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        (
            "Qingdao Measures Art. 19(3)",
            "《青岛市公共安全视频图像信息系统管理办法》第十九条第（三）项",
        ),
        (
            "Qingdao Measures Art. 7(7)",
            "《青岛市公共安全视频图像信息系统管理办法》第七条第（七）项",
        ),
        (
            "Qingdao Measures Art. 16 para. 2",
            "《青岛市公共安全视频图像信息系统管理办法》第十六条第二款",
        ),
        ("Qingdao Measures Art. 27", "《青岛市公共安全视频图像信息系统管理办法》第二十七条"),
        (
            "Harbin Measures Art. 25(3)",
            "《哈尔滨市公共视频图像信息系统管理办法（试行）（征求意见稿）》第二十五条第（三）项",
        ),
        (
            "Harbin Measures Art. 19 para. 2",
            "《哈尔滨市公共视频图像信息系统管理办法（试行）（征求意见稿）》第十九条第二款",
        ),
        (
            "Harbin Measures Art. 10(1)",
            "《哈尔滨市公共视频图像信息系统管理办法（试行）（征求意见稿）》第十条第（一）项",
        ),
        (
            "Chongqing Measures Art. 19(6)(7)",
            "《重庆市社会公共安全视频图像信息系统管理办法》第十九条第（六）、（七）项",
        ),
        ("Chongqing Measures Art. 10", "《重庆市社会公共安全视频图像信息系统管理办法》第十条"),
        (
            "State Council Decree 799 Art. 14",
            "《公共安全视频图像信息系统管理条例》（国务院令第799号）第十四条",
        ),
        ("State Council Decree 799", "《公共安全视频图像信息系统管理条例》（国务院令第799号）"),
        ("Shenzhen Rules §4", "Shenzhen Rules §4"),  # a ruleset's own text, as written
        ("Q/H 2023 Art. 9", "Q/H 2023 Art. 9"),
    ],
)
def test_citations_read_in_legal_style(article: str, expected: str) -> None:
    assert cite(article, "zh") == expected
    assert cite(article, "en") == article


def test_every_article_the_shipped_rulesets_cite_reads_in_legal_style() -> None:
    articles = sorted({a for r in _rulesets() for a in _articles(r) if a})
    assert len(articles) > 20
    for article in articles:
        text = cite(article, "zh")
        assert text.startswith("《") and not LATIN.search(text), (article, text)
        assert re.fullmatch(r"《[^》]+》(（[^）]+）)?(第[一二三四五六七八九十百]+条.*)?", text)


def test_the_law_titles_are_the_rulesets_own() -> None:
    titles = {label("law", law, "zh").split("》")[0].lstrip("《") for law in LAWS}
    for ruleset in _rulesets():
        name = ruleset["ruleset"]["name_zh"].replace("(", "（").replace(")", "）")
        name = re.sub(r"（\d{4}修订）$", "", name)  # the edition, not the title
        assert name in titles, name
    harbin = cite("Harbin Measures Art. 23", "zh")
    assert "征求意见稿" in harbin  # a draft is never cited as law in force


def test_several_citations_are_each_cited() -> None:
    both = cite("Qingdao Measures Art. 17; Harbin Measures Art. 11", "zh")
    assert both.count("《") == 2 and "；" in both and both.endswith("第十一条")
    assert cite("", "zh") == "" and cite(None, "zh") == ""


@pytest.mark.parametrize(
    ("number", "text"),
    [(1, "一"), (10, "十"), (14, "十四"), (19, "十九"), (20, "二十"), (25, "二十五"),
     (100, "一百"), (105, "一百零五"), (110, "一百一十"), (799, "七百九十九")],
)  # fmt: skip
def test_chinese_numerals(number: int, text: str) -> None:
    assert chinese_numeral(number) == text


def test_row_lists_and_counts_are_punctuated_the_chinese_way() -> None:
    assert row_list([3, 14], "zh") == "第3、14行"
    assert row_list([3, 14], "en") == "rows 3, 14"
    assert row_list([7], "en") == "row 7"
    assert count_phrase(14, 13, "zh") == "共14项问题，涉及13台设备"
    assert count_phrase(14, 13, "en") == "14 items for 13 devices"
    assert count_phrase(1, 1, "en") == "1 item for 1 device"
