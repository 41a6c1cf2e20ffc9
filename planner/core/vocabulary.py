"""The one vocabulary: every name the planner shows for its codes, in English and Chinese.

The core, the files and the window speak in stable codes (``unowned``,
``prune_tree``, ``fire_lane``); people read names. Each name is defined here
once, in both languages, and everything that shows a code — the work lists
(CSV, Excel, HTML), the command line and the window — asks :func:`label`.
The Chinese is the wording a Chinese planning office uses (issue 10):
权属单位 (owner, not 产权单位), 运行异常 (not 失修 for every fault), 实地核查
(not 现场走访), 隐私遮蔽 (privacy mask; 遮挡 means blocked), 点状部位 (point
zone; 点位 is a camera position), 杆号 (pole number), 拆除.

Kinds (:data:`KINDS`): ``finding``, ``action``, ``source`` (a source's role),
``level`` (DORI), ``zone_category``, ``private_category``, ``priority``,
``group_by``, ``group`` and ``basis`` (the intact-rate table's groupings, the
placeholders of a missing owner, maintainer or district, and where its
required figure comes from), ``conflict_field``,
``column`` (headers of the written tables; the English header is the code,
a contract), ``sheet`` (the workbook's sheets) and ``law`` (the laws the
rulesets cite; :func:`planner.core.chinese_terms.cite` writes the citation). Pure: no Qt, no files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

LANGUAGES = ("en", "zh")
"""Languages every name is given in."""


@dataclass(frozen=True)
class Term:
    """A code's name in English and in Simplified Chinese."""

    en: str
    zh: str

    def text(self, language: str) -> str:
        """The name in ``language`` (``en`` or ``zh``)."""
        return self.zh if _checked(language) == "zh" else self.en


def _terms(pairs: Mapping[str, tuple[str, str]]) -> Mapping[str, Term]:
    return MappingProxyType({code: Term(en, zh) for code, (en, zh) in pairs.items()})


FINDINGS: Mapping[str, Term] = _terms(
    {
        # the ownership survey (planner.core.survey)
        "forbidden_placement": ("Forbidden placement", "禁止安装部位"),
        "review_placement": ("Check placement", "核实安装位置"),
        "fault": ("Fault", "运行异常"),
        "offline": ("Offline", "离线"),
        "obstructed": ("Obstructed", "被遮挡"),
        "abandoned": ("Abandoned or missing", "废弃或丢失"),
        "derelict": ("Not working or blocked", "运行异常或被遮挡"),  # before the split
        "unowned": ("No owner", "权属不明"),
        "unregistered": ("Not filed", "未备案"),
        "removed_but_filed": ("Removed but still filed", "已拆除未注销备案"),
        "moved": ("Moved", "位置变动"),
        "re_aimed": ("Re-aimed", "朝向变动"),
        "not_connected": ("Not connected", "未联网"),
        "code_mismatch": ("Code contradicts the record", "编码与记录不符"),
        "no_sign": ("No sign", "未设置明显标识"),
        "duplicate": ("Duplicate record", "重复记录"),
        # the privacy check (planner.core.privacy)
        "intrusion": ("Intrusion", "拍摄隐私区域"),
        "facade_exposure": ("Façade exposure", "可拍摄隐私场所门窗"),
    }
)
"""Names of the findings of the ownership survey and of the privacy check."""

ACTIONS: Mapping[str, Term] = _terms(
    {
        "remove": ("Remove", "拆除"),
        "remove_and_cancel_filing": ("Remove and cancel the filing", "拆除并注销备案"),
        "check_placement": ("Check where it stands", "核实安装位置"),
        "repair": ("Repair", "维修"),
        "restore_online": ("Bring back online", "恢复上线"),
        "set_clock": ("Set the clock", "校准时间"),
        "prune_tree": ("Prune trees (city management)", "修剪树木（城管）"),
        "clear_obstruction": ("Clear the obstruction", "清除遮挡"),
        "name_owner": ("Name an owner", "明确权属单位"),
        "contact_owner": ("Contact the owner", "联系权属单位"),
        "file": ("File with the police", "备案"),
        "file_removal": ("File the removal", "办理拆除备案"),
        "check_removal_plan": (
            "Check the removal plan and the restored cover",
            "核查拆除报备及覆盖恢复",
        ),
        "report_move": ("Report to the police", "报告公安机关"),
        "refile": ("File again", "重新备案"),
        "restore_bearing": ("Restore the filed bearing", "恢复备案朝向"),
        "connect_platform": ("Connect to the platform", "接入平台"),
        "correct_record": ("Check and correct the record", "核对更正记录"),
        "add_sign": ("Put up a sign", "设置明显标识"),
        "merge_records": ("Merge records", "合并记录"),
        "relocate": ("Relocate", "迁移"),  # before forbidden placements were ordered removed
    }
)
"""Names of the work list's actions."""

SOURCES: Mapping[str, Term] = _terms(
    {
        "filings": ("Police filings", "公安备案"),
        "survey": ("Field survey", "实地核查"),
        "platform": ("Video platform", "联网平台"),
        "property": ("Property office", "物业台账"),
    }
)
"""Names of the source roles (:data:`planner.core.reconcile.ROLES`)."""

CAMERA_STATUSES: Mapping[str, Term] = _terms(
    {
        "planned": ("Planned", "规划中"),
        "in_service": ("In service", "在用"),
        "faulty": ("Faulty", "故障"),
        "offline": ("Offline", "离线"),
        "removed": ("Removed", "已拆除"),
        "unknown": ("Unknown", "未知"),
    }
)
"""Names of a camera's ``status`` values (:mod:`planner.core.schema`)."""

CAMERA_TYPES: Mapping[str, Term] = _terms(
    {
        "fixed": ("Fixed", "枪机"),
        "dome": ("Dome", "半球机"),
        "ptz": ("PTZ", "球机（PTZ）"),
        "fisheye": ("Fisheye", "鱼眼摄像机"),
    }
)
"""Names of a camera's ``camera_type`` values (:mod:`planner.core.schema`)."""

LEVELS: Mapping[str, Term] = _terms(
    {
        "detect": ("Detect", "探测"),
        "observe": ("Observe", "观察"),
        "recognise": ("Recognise", "识别"),
        "identify": ("Identify", "辨认"),
    }
)
"""Names of the DORI levels (EN 62676-4), coarsest first."""

ZONE_CATEGORIES: Mapping[str, Term] = _terms(
    {
        "intersection": ("Intersection", "重要交通路口"),  # Q Art. 8; H Art. 8(1) 道路交叉口
        "square": ("Square", "广场"),  # Q Art. 7(1); H Art. 8(1) 城市广场
        "estate_entrance": ("Estate entrance", "住宅小区出入口"),  # Q Art. 7(7)
        "fire_lane": ("Fire lane", "消防车通道"),  # seed 004
        "trunk_road": ("Trunk road", "主要道路"),  # Q Art. 7(1); Decree 799 Art. 7
        "transit_hub": ("Transit hub", "交通枢纽"),  # Q Art. 7(2)
        "car_park_entrance": ("Car park entrance", "公共停车场出入口"),  # Q Art. 7(7)
        "school_entrance": ("School entrance", "学校出入口"),  # Q Art. 7(6)
        "hospital_entrance": ("Hospital entrance", "医院出入口"),  # Q Art. 7(6)
        "bridge_tunnel": ("Bridge or tunnel", "桥梁、隧道"),  # Q Art. 7(1)
        "city_entrance": ("City entrance", "城市主要出入口"),  # H Art. 8(1)
        "market_entrance": ("Market entrance", "农贸市场出入口"),  # Q Art. 7(7)
        "pedestrian_street": ("Pedestrian street", "步行街"),  # C Art. 8(7)
        "high_crime_area": ("High-crime area", "案件高发区域"),  # H Art. 8(1), C Art. 8(9)
        "park": (
            "Park or scenic area",
            "公园、旅游景区",
        ),  # H Art. 8(7), C Art. 8(6), Decree Art. 7
        "hotel_entrance": (
            "Hotel or restaurant entrance",
            "住宿和餐饮服务单位出入口",
        ),  # Q Art. 7(7)
        "venue": ("Shopping, culture or sport venue", "商贸中心、文化体育场馆"),  # Q Art. 7(6)
        "utility": ("Utility or filling station", "水电气热设施和加油站"),  # Q Art. 7(3)
        "finance": ("Finance, post or telecom unit", "金融、邮电、新闻单位"),  # Q Art. 7(5)
        "hazardous_goods": ("Hazardous-goods unit", "危险物品单位"),  # Q Art. 7(4)
    }
)
"""Names of the mandatory-zone categories of the shipped rulesets, worded as the articles."""

PRIVATE_CATEGORIES: Mapping[str, Term] = _terms(
    {
        "hotel_room": ("Hotel room", "旅馆客房"),
        "homestay_room": ("Homestay room", "民宿客房"),
        "dormitory": ("Dormitory", "宿舍"),
        "staff_rest_room": ("Staff rest room", "职工休息室"),
        "bathhouse": ("Bathhouse", "公共浴室"),
        "toilet": ("Toilet", "卫生间"),
        "changing_room": ("Changing room", "更衣室"),
        "nursing_room": ("Nursing room", "哺乳室"),
        "fitting_room": ("Fitting room", "试衣间"),
        "private_room": ("Private dining room", "包间"),
        "hospital_ward": ("Hospital ward", "病房"),
        "treatment_room": ("Treatment room", "诊疗室"),
        "entertainment_room": ("Entertainment room", "娱乐场所包房"),
        "bank_customer_area": ("Bank customer-data area", "金融机构客户信息操作区域"),
        "polling_point": ("Polling point", "投票点"),
    }
)
"""Names of the private-place categories (:data:`planner.core.schema.PRIVATE_CATEGORIES`)."""

PRIORITIES: Mapping[str, Term] = _terms(
    {str(n): (f"Priority {n}", f"优先级{n}") for n in range(1, 6)}
)
"""Names of the work list's priorities, ``"1"`` (most urgent) to ``"5"``."""

GROUP_BY: Mapping[str, Term] = _terms(
    {
        "owner": ("Owner", "权属单位"),
        "maintainer": ("Maintainer", "维护单位"),
        "district": ("District", "区县"),
        "all": ("All devices", "全部设备"),
    }
)
"""Names of the intact-rate table's groupings (its ``group_by`` column)."""

GROUPS: Mapping[str, Term] = _terms(
    {
        "(no owner)": ("(no owner)", "（权属不明）"),
        "(no maintainer)": ("(no maintainer)", "（无维护单位）"),
        "(unknown)": ("(unknown)", "（区县不详）"),
    }
)
"""Names of the groups of devices whose owner, maintainer or district no source gives."""

#: The engine's former placeholder for both a missing owner and a missing maintainer.
_UNOWNED = "(unowned)"
#: Grouping → the group a former or ambiguous placeholder stands for there.
_PLACEHOLDER_BY_GROUPING = {"owner": "(no owner)", "maintainer": "(no maintainer)"}

BASES: Mapping[str, Term] = _terms(
    {
        "rule": ("Rule", "规定"),
        "reference": ("Reference", "参照"),
        "none": ("None set", "未规定"),
    }
)
"""Where the intact-rate table's required figure comes from (its ``basis`` column): the
ruleset's own rule, another text's figure shown for comparison (参照), or none."""

CONFLICT_FIELDS: Mapping[str, Term] = _terms(
    {
        "owner": ("Owner", "权属单位"),
        "maintainer": ("Maintainer", "维护单位"),
        "position": ("Position", "位置"),
    }
)
"""Names of the fields two inventories can disagree on."""

COLUMNS: Mapping[str, Term] = _terms(
    {
        # work list
        "device_id": ("device_id", "设备编号"),
        "pole_no": ("pole_no", "杆号"),
        "lon": ("lon", "经度（WGS84）"),
        "lat": ("lat", "纬度（WGS84）"),
        "lon_gcj02": ("lon_gcj02", "经度（高德/腾讯）"),
        "lat_gcj02": ("lat_gcj02", "纬度（高德/腾讯）"),
        "lon_bd09": ("lon_bd09", "经度（百度）"),
        "lat_bd09": ("lat_bd09", "纬度（百度）"),
        "finding": ("finding", "问题"),
        "finding_code": ("finding_code", "finding_code"),  # machine-readable in both
        "rule": ("rule", "依据"),
        "action": ("action", "处置措施"),
        "action_code": ("action_code", "action_code"),  # machine-readable in both
        "priority": ("priority", "优先级"),
        "sources": ("sources", "来源"),
        "device_key": ("device_key", "设备标识"),
        "contact": ("contact", "联系单位"),
        "detail": ("detail", "详情"),
        "owner": ("owner", "权属单位"),
        "maintainer": ("maintainer", "维护单位"),
        "project_name": ("project_name", "项目名称"),
        "district": ("district", "区县"),
        "address": ("address", "安装地址"),
        # intact rate
        "group_by": ("group_by", "分组"),
        "name": ("name", "名称"),
        "devices": ("devices", "设备数"),
        "intact": ("intact", "完好数"),
        "rate": ("rate", "完好率"),
        "required": ("required", "要求"),
        "meets": ("meets", "是否达标"),
        "basis": ("basis", "标准来源"),
        "reference": ("reference", "参照依据"),
        "reference_value": ("reference_value", "参照值"),
        "platform_devices": ("platform_devices", "平台设备数"),
        "online": ("online", "在线数"),
        "online_rate": ("online_rate", "在线率"),
        "connected": ("connected", "联网数"),
        "connection_rate": ("connection_rate", "联网率"),
        # conflicts
        "field": ("field", "字段"),
        "claims": ("claims", "各来源记载"),
        "settled": ("settled", "已裁定"),
        "value": ("value", "裁定值"),
    }
)
"""Headers of the written tables: in English the code itself (a contract), in Chinese a word."""

LAWS: Mapping[str, Term] = _terms(
    {
        "Qingdao Measures": ("Qingdao Measures", "《青岛市公共安全视频图像信息系统管理办法》"),
        "Harbin Measures": (
            "Harbin Measures",
            "《哈尔滨市公共视频图像信息系统管理办法（试行）（征求意见稿）》",
        ),
        "Chongqing Measures": (
            "Chongqing Measures",
            "《重庆市社会公共安全视频图像信息系统管理办法》",
        ),
        "State Council Decree 799": (
            "State Council Decree 799",
            "《公共安全视频图像信息系统管理条例》（国务院令第799号）",
        ),
    }
)
"""The laws the shipped rulesets cite, by the short English name their citations use; in
Chinese the full title as the rulesets' ``name_zh`` gives it, a draft marked 征求意见稿."""

SHEETS: Mapping[str, Term] = _terms(
    {
        "worklist": ("Work list", "整改清单"),
        "intact": ("Intact rate", "完好率"),
        "conflicts": ("Conflicts", "台账冲突"),
    }
)
"""Names of the work-list workbook's sheets."""

LEGEND: Mapping[str, Term] = _terms(
    {
        "other_status": ("Other or empty", "其他或未填"),
        "other_category": ("Other category", "其他类别"),
        "no_priority": ("No priority", "无优先级"),
        "areas": ("Areas", "面状部位"),
        "lines": ("Lines", "线状部位"),
        "points": ("Points", "点状部位"),
    }
)
"""Words of map legends outside the window (the QGIS styles saved with a project)."""

KINDS: Mapping[str, Mapping[str, Term]] = MappingProxyType(
    {
        "finding": FINDINGS,
        "action": ACTIONS,
        "source": SOURCES,
        "camera_status": CAMERA_STATUSES,
        "camera_type": CAMERA_TYPES,
        "level": LEVELS,
        "zone_category": ZONE_CATEGORIES,
        "private_category": PRIVATE_CATEGORIES,
        "priority": PRIORITIES,
        "group_by": GROUP_BY,
        "group": GROUPS,
        "basis": BASES,
        "conflict_field": CONFLICT_FIELDS,
        "column": COLUMNS,
        "sheet": SHEETS,
        "law": LAWS,
        "legend": LEGEND,
    }
)
"""Every kind of name, by kind."""


def _checked(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    return language


def _table(kind: str) -> Mapping[str, Term]:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"kind {kind!r} is not one of {', '.join(KINDS)}") from None


def codes(kind: str) -> tuple[str, ...]:
    """The codes of ``kind`` that have a name, in the vocabulary's order."""
    return tuple(_table(kind))


def has_label(kind: str, code: str) -> bool:
    """Whether the vocabulary names ``code`` of ``kind``."""
    return code in _table(kind)


def label(kind: str, code: str, language: str = "en") -> str:
    """The name of ``code`` of ``kind`` in ``language`` (``en`` or ``zh``).

    ``label("finding", "unowned", "zh")`` is ``权属不明``. A code the
    vocabulary does not know (a ruleset's own category, a newer engine's
    finding) is returned as it is, so new data never shows up blank.
    """
    term = _table(kind).get(code)
    return code if term is None else term.text(language)


def group_name(group_by: str, name: str, language: str = "en") -> str:
    """A group of the intact-rate table as readers see it.

    The engine names devices nobody claims by a placeholder: ``(no owner)``,
    ``(no maintainer)``, ``(unknown)`` for the district, and formerly
    ``(unowned)`` for both owner and maintainer. The placeholder reads
    （权属不明）, （无维护单位） or （区县不详） in Chinese, and ``(unowned)``
    after the grouping it stands in; other names (real owners) as given.
    """
    if name == _UNOWNED:
        name = _PLACEHOLDER_BY_GROUPING.get(group_by, name)
    return label("group", name, language)


def priority_label(priority: int, language: str = "en") -> str:
    """The name of a priority (``1`` → ``Priority 1`` / ``优先级1``)."""
    return label("priority", str(priority), language)


__all__ = [
    "ACTIONS",
    "BASES",
    "COLUMNS",
    "CONFLICT_FIELDS",
    "FINDINGS",
    "GROUPS",
    "GROUP_BY",
    "KINDS",
    "LANGUAGES",
    "LAWS",
    "LEVELS",
    "PRIORITIES",
    "PRIVATE_CATEGORIES",
    "SHEETS",
    "SOURCES",
    "ZONE_CATEGORIES",
    "Term",
    "codes",
    "group_name",
    "has_label",
    "label",
    "priority_label",
]
