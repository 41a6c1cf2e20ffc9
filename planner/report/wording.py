"""The words of the planner's documents (reports, pages) in Simplified Chinese.

English is the source language: a document's text is written in English and
looked up here for Chinese. Names of codes (findings, actions, levels,
categories…) are not here but in :mod:`planner.core.vocabulary`, defined once
for every output; this table holds the documents' own sentences and headings.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: Font families for HTML pages: CJK fonts first by name so Chinese never falls back to
#: boxes; all of them local fonts (nothing is loaded from the network).
CSS_FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
    '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif'
)

#: The credit OpenStreetMap's licence asks for wherever its data is shown (web map, report).
OSM_CREDIT = "© OpenStreetMap contributors (ODbL)"
#: The same under the work list's small maps.
MAP_DATA_CREDIT = "Map data © OpenStreetMap contributors (ODbL)"

#: The marking on every page of a document that is not public.
RESTRICTED = {"en": "Restricted", "zh": "内部资料 注意保密"}

#: The web map's own words in Simplified Chinese (names of codes come from the vocabulary).
_WEB_MAP_ZH: dict[str, str] = {
    "Coverage map": "视频监控覆盖图",
    "Public coverage map": "视频监控覆盖公开图",
    "Buildings": "建筑物",
    "Roads": "道路",
    "Zones": "重点部位",
    "Views: {level}": "视野：{level}",
    "Gaps": "覆盖缺口",
    "Private areas": "隐私区域",
    "Privacy findings": "隐私问题",
    "Survey findings": "普查问题",
    "Cameras": "摄像机",
    "Passes": "达标",
    "Fails": "未达标",
    "Advisory (no verdict)": "建议部位（不作判定）",
    "Camera": "摄像机",
    "Zone": "部位",
    "zone_id": "部位编号",
    "name": "名称",
    "category": "类别",
    "required_level": "要求等级",
    "required_coverage": "要求覆盖率",
    "covered_fraction": "覆盖率",
    "uncovered_amount": "未覆盖量",
    "cameras": "可见摄像机数",
    "camera_ids": "摄像机",
    "verdict": "判定",
    "article": "依据",
    "camera_id": "摄像机编号",
    "level": "等级",
    "range_m": "距离（米）",
    "working": "计入覆盖",
    "finding": "问题",
    "severity": "严重程度",
    "area_m2": "面积（平方米）",
    "length_m": "长度（米）",
    "mask_deg": "建议遮蔽（度）",
    "status": "状态",
    "camera_type": "类型",
    "height_m": "安装高度（米）",
    "bearing_deg": "朝向（度）",
    "hfov_deg": "水平视场角（度）",
    "tilt_deg": "俯仰角（度）",
    "resolution_px": "分辨率（像素）",
    "use": "用途",
    "vfov_deg": "垂直视场角（度）",
    "max_range_m": "最大距离（米）",
    "installed_on": "安装日期",
    "registered_on": "备案日期",
    "last_seen_on": "最近在线日期",
    "has_sign": "设置标识",
    "privacy_mask": "隐私遮蔽",
    "osm_id": "OSM 编号",
    "width_m": "宽度（米）",
    "highway": "道路等级",
    "yes": "是",
    "no": "否",
    "passed": "达标",
    "failed": "未达标",
    "advisory": "建议（不作判定）",
    "{n} cameras": "{n} 台摄像机",
    "{passed} of {judged} mandatory zones pass": "{judged} 个必设部位中 {passed} 个达标",
    "Coverage figures per zone; camera positions are not shown.": (
        "仅显示各部位覆盖情况，不显示摄像机位置。"
    ),
    "No basemap: drawn from the project's own layers.": "无底图：仅绘制项目自身图层。",
    OSM_CREDIT: "© OpenStreetMap 贡献者（ODbL）",
}


#: The page's own sentences in Simplified Chinese: the offices the work list goes to read
#: Chinese. Names of findings, actions, sources, groups and columns come from the one
#: vocabulary (:mod:`planner.core.vocabulary`).
_WORKLIST_ZH: dict[str, str] = {
    "Ownership survey work list": "设备权属普查整改清单",
    "Maps: north up, {size} m across. ◉ this device · ○ other device on this list": (
        "地图：上北，边长 {size} 米。◉ 本设备 · ○ 清单中的其他设备"
    ),
    " · grey blocks: buildings · grey bands: roads · dashed: zones": (
        " · 灰色块：建筑物 · 灰色带：道路 · 虚线：重点部位"
    ),
    "No priority": "无优先级",
    "{count} item": "共{count}项",
    "{count} items": "共{count}项",
    "As of {date}": "普查日期：{date}",
    "Project: {title}": "项目：{title}",
    "{n} without position": "{n}项无坐标",
    "Items": "项数",
    "✗ no": "✗ 否",
    "yes": "是",
    "no": "否",
    "Intact rate": "完好率",
    "Reference": "参照值",
    (
        "This ruleset sets no intact rate; the {value} of {article} is shown for "
        "comparison only, not as the basis of a finding."
    ): "本办法未规定完好率；下表参照{article}规定的{value}，仅供对照，不作为认定依据。",
    "Conflicts between inventories": "台账之间的冲突",
    "Position unknown: no inventory gives coordinates.": "位置不详：各台账均无坐标。",
    "(no device id)": "（无设备编号）",
    "· pole {pole}": "· 杆号 {pole}",
    "Lon, lat (WGS84)": "经纬度（WGS84）",
    "Lon, lat (GCJ-02: Amap, Tencent)": "经纬度（高德/腾讯）",
    "Lon, lat (BD-09: Baidu)": "经纬度（百度）",
    "unknown": "不详",
    "Conflicts": "冲突",
    "☐ done &nbsp; date ________ &nbsp; by ______________": (
        "☐ 已完成 &nbsp; 日期 ________ &nbsp; 经办人 ______________"
    ),
    "Map around {key}": "{key} 周边地图",
    MAP_DATA_CREDIT: "地图数据 © OpenStreetMap 贡献者（ODbL）",
}


#: The compliance report's own words.
_REPORT_ZH: dict[str, str] = {
    # title block
    "Video surveillance compliance report": "公共视频监控建设合规报告",
    "Public summary of video surveillance coverage": "公共视频监控覆盖情况（公开版）",
    "Project": "项目",
    "District": "区域",
    "Ruleset": "适用规定",
    "Status": "效力状态",
    "draft for public comment — not in force": "征求意见稿，尚未施行",
    "in force since {date}": "自 {date} 起施行",
    "Date": "日期",
    "Author": "编制人",
    "Project file": "项目文件",
    "Coordinate system": "坐标系",
    "Data": "数据来源",
    "Public edition: no camera position, id, device code or pole number is shown.": (
        "公开版：不含摄像机位置、编号、设备编码及杆号。"
    ),
    "Install locations and device data are access-controlled information ({article}).": (
        "安装位置及设备信息属于受控信息（{article}）。"
    ),
    "Page {page} of {pages}": "第 {page} 页 共 {pages} 页",
    # summary
    "Summary": "概要",
    "Zones": "重点部位",
    "Mandatory zones": "必设部位",
    "Passed": "达标",
    "Failed": "未达标",
    "Advisory": "建议部位",
    "Pass rate": "达标率",
    "Cameras": "摄像机",
    "{total} ({working} working)": "{total}（正常运行 {working}）",
    "Privacy findings": "隐私问题",
    "{passed} of {judged} mandatory zones meet their requirement ({rate}).": (
        "{judged} 个必设部位中 {passed} 个达到要求（达标率 {rate}）。"
    ),
    "No zone is mandatory under this ruleset; every figure is advisory.": (
        "本规定下无必设部位，各项数据仅供参考。"
    ),
    "{advisory} advisory zones are shown with their coverage but are not judged: the "
    "ruleset does not require them.": (
        "{advisory} 个建议部位仅列出覆盖情况，不作达标判定：适用规定未作要求。"
    ),
    # categories
    "Coverage by category": "分类覆盖情况",
    "Category": "类别",
    "Required": "要求",
    "Area covered": "面积覆盖率",
    "Length covered": "长度覆盖率",
    "Points covered": "点位覆盖率",
    "Article": "依据",
    "advisory": "建议（不作判定）",
    "Zones by result": "各类部位达标情况",
    # zones
    "Every zone": "全部部位",
    "Zone": "部位",
    "Name": "名称",
    "Level": "等级",
    "Covered": "覆盖率",
    "Result": "结果",
    "pass": "达标",
    "FAIL": "未达标",
    "Failing zones run first, then passing ones, then advisory ones; each by coverage.": (
        "依次列出未达标、达标和建议部位，各按覆盖率排序。"
    ),
    # gap maps
    "Gaps of the failing zones": "未达标部位的覆盖缺口",
    "Red: the part of the zone not seen at its required level. Grey: buildings. North is up.": (
        "红色：未达到要求等级的区域；灰色：建筑物。上方为北。"
    ),
    "Every mandatory zone meets its requirement.": "全部必设部位均达到要求。",
    "Gap maps are left out of the public edition (a gap's outline shows where cameras "
    "stand).": "公开版不含缺口图（缺口轮廓可显示摄像机位置）。",
    "{covered} of {required} at {level}": "{level}级覆盖 {covered}，要求 {required}",
    # privacy
    "Privacy": "隐私保护",
    "No camera sees into a private place.": "未发现摄像机拍摄隐私区域。",
    "The privacy check was not run.": "未进行隐私检查。",
    "Camera": "摄像机",
    "Finding": "问题",
    "Private place": "隐私区域",
    "Extent": "范围",
    "Fix": "整改措施",
    "Findings": "问题数",
    "mask {ranges}": "遮蔽 {ranges}",
    "or re-aim to {bearing} ({loss} less coverage)": "或改向至 {bearing}（覆盖减少 {loss}）",
    "re-aim to {bearing} ({loss} less coverage)": "改向至 {bearing}（覆盖减少 {loss}）",
    # survey
    "Survey of existing cameras": "现有摄像机普查",
    "The project holds no survey.": "本项目无普查数据。",
    "Survey as of {date}: {devices} devices.": "普查日期 {date}：共 {devices} 台设备。",
    "Devices": "设备数",
    "Action": "处置措施",
    "Rule": "依据",
    "Rates": "完好率、在线率、联网率",
    "Group": "分组",
    "Intact": "完好率",
    "Online": "在线率",
    "Connected": "联网率",
    "Meets": "是否达标",
    "yes": "是",
    "no": "否",
    "The device-by-device list is the survey work list (planner worklist).": (
        "逐台设备清单见普查工作清单（planner worklist）。"
    ),
    "This ruleset sets no intact rate; {value} of {article} is shown for comparison only.": (
        "本规定未设完好率要求；{article}的 {value} 仅作参照。"
    ),
    # articles
    "Articles applied": "适用条款",
    "Applies to": "适用对象",
    "Requirement": "要求",
    "Kind": "性质",
    "mandatory": "必设",
    "prohibition": "禁止",
    "minimum": "最低要求",
    "zone category": "重点部位类别",
    "private place": "隐私区域",
    "no camera may see it": "不得拍摄",
    "camera intact rate": "摄像机完好率",
    "at least {value}": "不低于 {value}",
    "{level}, {coverage} of the zone": "{level}级，覆盖部位的 {coverage}",
    "The articles name the places; the pixel density of each level and the share of a zone "
    "to cover are engineering choices of the ruleset (EN 62676-4), listed in the appendix.": (
        "条款规定应建设的部位；各等级的像素密度及部位覆盖比例为规则集的工程取值"
        "（EN 62676-4），见附录。"
    ),
    # appendix
    "Appendix: assumed values": "附录：假定值",
    "Pixel density of each level (EN 62676-4)": "各等级像素密度（EN 62676-4）",
    "Pixels per metre": "像素/米",
    "Range with the assumed camera": "按假定摄像机的距离",
    "Empty camera fields and the values assumed": "摄像机空白字段及假定值",
    "Field": "字段",
    "Assumed": "假定值",
    "Camera ids": "摄像机编号",
    "full circle (the camera may face anywhere)": "全向（摄像机朝向不明）",
    "mounted on the façade of the building it stands in": "视为安装在所在建筑外墙",
    "position": "位置",
    "No value was assumed: every camera field the engine needs is filled.": (
        "未使用假定值：计算所需的摄像机字段均已填写。"
    ),
    "… and {n} more": "……另有 {n} 个",
    "Made with Coverage Planner {version}.": "由 Coverage Planner {version} 生成。",
    "© OpenStreetMap contributors (ODbL)": "© OpenStreetMap 贡献者（ODbL）",
    "untitled": "未命名",
    "not given": "未填写",
}

PARTS = (_WEB_MAP_ZH, _WORKLIST_ZH, _REPORT_ZH)
"""The words of each document; one English text has one Chinese text in all of them."""
ZH: Mapping[str, str] = MappingProxyType({k: v for part in PARTS for k, v in part.items()})


def translate(text: str, language: str) -> str:
    """``text`` in ``language`` (``en`` or ``zh``; English is the source)."""
    return ZH.get(text, text) if language == "zh" else text


def percent(value: float | None, language: str = "en", *, digits: int = 1) -> str:
    """A fraction as a percentage: ``87.5 %`` in English, ``87.5%`` in Chinese, ``–`` for none."""
    if value is None or value != value:  # NaN
        return "–"
    number = f"{float(value) * 100:.{digits}f}"
    return f"{number}%" if language == "zh" else f"{number} %"
