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

#: The marking on every page of a document that is not public.
RESTRICTED = {"en": "Restricted", "zh": "内部资料 注意保密"}

_REPORT_ZH: Mapping[str, str] = {
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
    "working": "正常运行",
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
    "{n} cameras": "{n} 台",
    "… and {n} more": "……另有 {n} 个",
    "Made with Coverage Planner {version}.": "由 Coverage Planner {version} 生成。",
    "© OpenStreetMap contributors (ODbL)": "© OpenStreetMap 贡献者（ODbL）",
    "untitled": "未命名",
    "not given": "未填写",
}

REPORT_ZH: Mapping[str, str] = MappingProxyType(dict(_REPORT_ZH))


def translate(text: str, language: str, table: Mapping[str, str] = REPORT_ZH) -> str:
    """``text`` in ``language`` (``en`` or ``zh``; English is the source)."""
    return table.get(text, text) if language == "zh" else text


def percent(value: float | None, language: str = "en", *, digits: int = 1) -> str:
    """A fraction as a percentage: ``87.5 %`` in English, ``87.5%`` in Chinese, ``–`` for none."""
    if value is None or value != value:  # NaN
        return "–"
    number = f"{float(value) * 100:.{digits}f}"
    return f"{number}%" if language == "zh" else f"{number} %"
