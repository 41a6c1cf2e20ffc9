"""Comparison forms of device codes, pole numbers and project names; GB/T 28181 codes decoded.

Inventories spell the same code in full-width digits, with spaces or dashes, in
lower case; matching compares these normalised forms. GB/T 28181 device codes
are 20 digits.

API:

- :func:`normalise_code` ``(text) -> str`` and :func:`is_gb28181_code`
  ``(text) -> bool``: the comparison form, and whether it is a 20-digit code.
- :func:`decode_gb28181` ``(text) -> Gb28181Code | None``: the code's parts
  (centre code as province/city/county/unit and the 6-digit ``division_code``;
  industry, type and network codes with their English and Chinese names after
  GB/T 28181-2016 Annex D, and the 2022 edition's where it differs; ``kind``
  ``camera``, ``recorder`` or ``other``; the serial). None for what is no
  20-digit code; parts the standard does not allow are listed in
  ``Gb28181Code.issues`` (:class:`CodeIssue`), never raised.
- :class:`DivisionName` ``(province, city, county, code)``: Chinese names of a
  division, as :func:`planner.io.divisions.division_name` gives them
  (:data:`DivisionLookup` is that function's type).
- :func:`district_agrees` ``(text, division) -> bool | None``: whether a
  record's district text names the division (suffixes 区/县/市 may be left out,
  province and city may lead); None where it cannot tell.

:mod:`planner.core.code_checks` holds a device's code against its record.
"""

from __future__ import annotations

import math
import numbers
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

# whitespace and every kind of dash (hyphen, en/em dash, minus sign)
_CODE_DROP = re.compile(r"[\s\-\u2010-\u2015\u2212]+")


def normalise_code(text: object) -> str:
    """Comparison form of a device code, pole number or project name.

    NFKC (full-width → half-width), whitespace and dashes of every kind removed,
    upper case; None and empty cells give ``""``. Integers are written out in
    full; integral floats too, but note that a 20-digit code stored as a float
    has already lost its last digits, so read code columns as text.
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    if isinstance(text, numbers.Real) and not isinstance(text, bool) and float(text).is_integer():
        # typeshed's numbers.Real has no __int__, yet int() takes every Real (via __trunc__)
        text = int(text)  # type: ignore[call-overload]
    return _CODE_DROP.sub("", unicodedata.normalize("NFKC", str(text))).upper()


def is_gb28181_code(text: object) -> bool:
    """True if the normalised text is a GB/T 28181 device code: exactly 20 ASCII digits."""
    code = normalise_code(text)
    return len(code) == 20 and code.isascii() and code.isdigit()


# --- GB/T 28181 device codes, decoded -------------------------------------------------
#
# A code is five parts (GB/T 28181-2016 Annex D; the 2022 edition keeps the layout,
# Annex E): digits 1-8 the centre code (the administrative division of the
# monitoring centre the device belongs to: 2 province, 2 city, 2 county, 2
# grass-roots unit, unused places 0; GB/T 2260 division codes), 9-10 the industry,
# 11-13 the type, 14 the network, 15-20 the serial number.

_PROVINCE_NUMBERS = (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47))
_PROVINCES = frozenset(
    str(number) for number in (*_PROVINCE_NUMBERS, *range(50, 55), *range(61, 66), 71, 81, 82)
)
"""The province-level codes of GB/T 2260 (the first two digits of a division code)."""

_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
"""Beijing, Tianjin, Shanghai, Chongqing: province and city at once."""


@dataclass(frozen=True)
class _Name:
    en: str
    zh: str


@dataclass(frozen=True)
class _TypeName:
    en: str
    zh: str
    kind: str  # "camera", "recorder" or "other"
    definite: bool  # the name says what the device is (not "other" nor a range)


# Industry codes, GB/T 28181-2016 Annex D (table D.2)
_INDUSTRY_2016: Mapping[str, _Name] = MappingProxyType(
    {
        "00": _Name("Public security: roads", "社会治安路面接入"),
        "01": _Name("Public security: communities", "社会治安社区接入"),
        "02": _Name("Public security: internal", "社会治安内部接入"),
        "03": _Name("Public security: other", "社会治安其他接入"),
        "04": _Name("Traffic: roads", "交通路面接入"),
        "05": _Name("Traffic: checkpoints", "交通卡口接入"),
        "06": _Name("Traffic: internal", "交通内部接入"),
        "07": _Name("Traffic: other", "交通其他接入"),
        "08": _Name("City management", "城市管理接入"),
        "09": _Name("Health and environmental protection", "卫生环保接入"),
        "10": _Name("Commodity inspection and customs", "商检海关接入"),
        "11": _Name("Education", "教育部门接入"),
        "40": _Name("Agriculture, forestry, husbandry and fishery", "农林牧渔业接入"),
        "41": _Name("Mining enterprises", "采矿企业接入"),
        "42": _Name("Manufacturing enterprises", "制造企业接入"),
        "43": _Name("Metallurgy enterprises", "冶金企业接入"),
        "44": _Name("Electric power enterprises", "电力企业接入"),
        "45": _Name("Gas enterprises", "燃气企业接入"),
        "46": _Name("Construction enterprises", "建筑企业接入"),
        "47": _Name("Logistics enterprises", "物流企业接入"),
        "48": _Name("Postal enterprises", "邮政企业接入"),
        "49": _Name("Information enterprises", "信息企业接入"),
        "50": _Name("Accommodation and catering", "住宿和餐饮业接入"),
        "51": _Name("Financial enterprises", "金融企业接入"),
        "52": _Name("Real estate", "房地产业接入"),
        "53": _Name("Business services", "商务服务业接入"),
        "54": _Name("Water conservancy enterprises", "水利企业接入"),
        "55": _Name("Entertainment enterprises", "娱乐企业接入"),
    }
)

# What the 2022 edition (Annex E) changed: 12-14 named, 40-59 re-drawn after the
# sections of GB/T 4754 (industrial classification).
_INDUSTRY_2022: Mapping[str, _Name] = MappingProxyType(
    {
        "12": _Name("Civil aviation", "民航接入"),
        "13": _Name("Railways", "铁路接入"),
        "14": _Name("Shipping", "航运接入"),
        "40": _Name("Agriculture, forestry, husbandry and fishery", "农、林、牧、渔业接入"),
        "41": _Name("Mining", "采矿业接入"),
        "42": _Name("Manufacturing", "制造业接入"),
        "43": _Name(
            "Electricity, heat, gas and water production and supply",
            "电力、热力、燃气及水生产和供应业接入",
        ),
        "44": _Name("Construction", "建筑业接入"),
        "45": _Name("Wholesale and retail", "批发和零售业接入"),
        "46": _Name("Transport, storage and post", "交通运输、仓储和邮政业接入"),
        "47": _Name("Accommodation and catering", "住宿和餐饮业接入"),
        "48": _Name(
            "Information transmission, software and IT services",
            "信息传输、软件和信息技术服务业接入",
        ),
        "49": _Name("Finance", "金融业接入"),
        "50": _Name("Real estate", "房地产业接入"),
        "51": _Name("Leasing and business services", "租赁和商务服务业接入"),
        "52": _Name("Scientific research and technical services", "科学研究和技术服务业接入"),
        "53": _Name(
            "Water conservancy, environment and public facilities",
            "水利、环境和公共设施管理业接入",
        ),
        "54": _Name("Residents' services and repairs", "居民服务、修理和其他服务业接入"),
        "55": _Name("Education", "教育接入"),
        "56": _Name("Health and social work", "卫生和社会工作接入"),
        "57": _Name("Culture, sports and entertainment", "文化、体育和娱乐业接入"),
        "58": _Name(
            "Public administration, social security and social organisations",
            "公共管理、社会保障和社会组织接入",
        ),
        "59": _Name("International organisations", "国际组织接入"),
    }
)

# Ranges of industry codes without a name of their own (2016 table D.2)
_INDUSTRY_RANGES: tuple[tuple[int, int, _Name, bool], ...] = (
    (12, 39, _Name("Reserved for government bodies", "政府机关预留"), True),
    (56, 79, _Name("Reserved for enterprises and institutions", "企业/事业单位预留"), True),
    (80, 89, _Name("Residents' own installations", "居民自建"), False),
    (90, 99, _Name("Other owners", "其他主体"), False),
)

_RECORDER = "recorder"
_CAMERA = "camera"
_OTHER = "other"

# Type codes: GB/T 28181-2016 Annex D (table D.3) and the 2022 additions
# (120-125, 140-143, 502, 503, 505). ``kind`` is what a survey calls the device.
_TYPES: Mapping[str, _TypeName] = MappingProxyType(
    {
        # front-end main devices
        "111": _TypeName("DVR (digital video recorder)", "数字视频录像机(DVR)", _RECORDER, True),
        "112": _TypeName("Video server", "视频服务器", _RECORDER, True),
        "113": _TypeName("Encoder", "编码器", _RECORDER, True),
        "114": _TypeName("Decoder", "解码器", _OTHER, True),
        "115": _TypeName("Video switching matrix", "视频切换矩阵", _OTHER, True),
        "116": _TypeName("Audio switching matrix", "音频切换矩阵", _OTHER, True),
        "117": _TypeName("Alarm controller", "报警控制器", _OTHER, True),
        "118": _TypeName("NVR (network video recorder)", "网络视频录像机(NVR)", _RECORDER, True),
        "120": _TypeName(
            "Online video image collection system", "在线视频图像信息采集系统", _OTHER, False
        ),
        "121": _TypeName("Video checkpoint", "视频卡口", _CAMERA, True),
        "122": _TypeName("Multi-lens device", "多目设备", _CAMERA, True),
        "123": _TypeName("Car park entrance control", "停车场出入口控制设备", _OTHER, True),
        "124": _TypeName("Pedestrian entrance control", "人员出入口控制设备", _OTHER, True),
        "125": _TypeName("Security inspection device", "安检设备", _OTHER, True),
        "130": _TypeName("HVR (hybrid video recorder)", "混合硬盘录像机(HVR)", _RECORDER, True),
        # front-end peripherals
        "131": _TypeName("Camera", "摄像机", _CAMERA, True),
        "132": _TypeName("IP camera", "网络摄像机(IPC)", _CAMERA, True),
        "133": _TypeName("Display", "显示器", _OTHER, True),
        "134": _TypeName("Alarm input device", "报警输入设备", _OTHER, True),
        "135": _TypeName("Alarm output device", "报警输出设备", _OTHER, True),
        "136": _TypeName("Voice input device", "语音输入设备", _OTHER, True),
        "137": _TypeName("Voice output device", "语音输出设备", _OTHER, True),
        "138": _TypeName("Mobile transmission device", "移动传输设备", _OTHER, True),
        "139": _TypeName("Other peripheral", "其他外围设备", _OTHER, False),
        "140": _TypeName(
            "Alarm output device (relay)", "报警输出设备(继电器或触发器)", _OTHER, True
        ),
        "141": _TypeName("Barrier gate", "道闸", _OTHER, True),
        "142": _TypeName("Smart door", "智能门", _OTHER, True),
        "143": _TypeName("Credential reader", "凭证识别单元", _OTHER, True),
        # platform devices
        "200": _TypeName("Central signalling control server", "中心信令控制服务器", _OTHER, True),
        "201": _TypeName("Web application server", "Web应用服务器", _OTHER, True),
        "202": _TypeName("Media distribution server", "媒体分发服务器", _OTHER, True),
        "203": _TypeName("Proxy server", "代理服务器", _OTHER, True),
        "204": _TypeName("Security server", "安全服务器", _OTHER, True),
        "205": _TypeName("Alarm server", "报警服务器", _OTHER, True),
        "206": _TypeName("Database server", "数据库服务器", _OTHER, True),
        "207": _TypeName("GIS server", "GIS服务器", _OTHER, True),
        "208": _TypeName("Management server", "管理服务器", _OTHER, True),
        "209": _TypeName("Access gateway", "接入网关", _OTHER, True),
        # a platform's storage: neither a camera nor, for a survey, surely not a recorder
        "210": _TypeName("Media storage server", "媒体存储服务器", _OTHER, False),
        "211": _TypeName("Signalling security routing gateway", "信令安全路由网关", _OTHER, True),
        "215": _TypeName("Business group", "业务分组", _OTHER, True),
        "216": _TypeName("Virtual organisation", "虚拟组织", _OTHER, True),
        # users and external servers
        "300": _TypeName("Central user", "中心用户", _OTHER, True),
        "400": _TypeName("Terminal user", "终端用户", _OTHER, True),
        "500": _TypeName(
            "Integrated video application platform signalling server",
            "视频图像信息综合应用平台信令服务器",
            _OTHER,
            True,
        ),
        "501": _TypeName(
            "Video operation and maintenance platform signalling server",
            "视频图像信息运维管理平台信令服务器",
            _OTHER,
            True,
        ),
        "502": _TypeName("Video image analysis system", "视频图像分析系统", _OTHER, True),
        "503": _TypeName("Video image information database", "视频图像信息数据库", _OTHER, True),
        "505": _TypeName("Video image analysis device", "视频图像分析设备", _OTHER, True),
    }
)

# Ranges the standard keeps for extensions; a code in one is valid but says little
_TYPE_RANGES: tuple[tuple[int, int, _Name], ...] = (
    (111, 130, _Name("Extension front-end main device", "扩展的前端主设备类型")),
    (131, 199, _Name("Extension front-end peripheral", "扩展的前端外围设备类型")),
    (200, 299, _Name("Extension platform device", "扩展的平台设备类型")),
    (301, 343, _Name("Industry role user (central)", "行业角色用户")),
    (344, 399, _Name("Extension central user", "扩展的中心用户类型")),
    (401, 443, _Name("Industry role user (terminal)", "行业角色用户")),
    (444, 499, _Name("Extension terminal user", "扩展的终端用户类型")),
    (500, 599, _Name("Extension platform external server", "扩展的平台外接服务器类型")),
    (600, 999, _Name("Extension type", "扩展类型")),
)

# Network identifier (digit 14): the 2016 edition and the 2022 edition name them apart
_NETWORK_2016: tuple[_Name, ...] = (
    *(_Name("Monitoring and alarm private network", "监控报警专网"),) * 5,
    _Name("Public security information network", "公安信息网"),
    _Name("E-government network", "政务网"),
    _Name("Internet", "Internet网"),
    _Name("Social resources access network", "社会资源接入网"),
    _Name("Reserved", "预留"),
)
_NETWORK_2022: tuple[_Name, ...] = (
    *(_Name("Police video transmission network", "公安视频传输网"),) * 2,
    _Name("Industry private network", "行业专网"),
    _Name("Political and legal information network", "政法信息网"),
    _Name("Police mobile information network", "公安移动信息网"),
    _Name("Public security information network", "公安信息网"),
    _Name("E-government extranet", "电子政务外网"),
    _Name("Internet and other public networks", "互联网等公共网络"),
    _Name("Leased line", "专线"),
    _Name("Reserved", "预留"),
)


@dataclass(frozen=True)
class CodeIssue:
    """A part of a GB/T 28181 code that the standard does not allow.

    ``part`` is ``centre``, ``industry``, ``type`` or ``network``; ``value`` the
    digits of that part; the messages say what is wrong, in English and Chinese.
    """

    part: str
    value: str
    message_en: str
    message_zh: str


@dataclass(frozen=True)
class Gb28181Code:
    """A GB/T 28181 device code, decoded part by part (see :func:`decode_gb28181`).

    The centre code (digits 1-8) is split into ``province_code`` (2 digits),
    ``city_code``, ``county_code`` and ``unit_code`` (2 each; ``00`` where the
    centre is above that level); ``division_code`` is the 6-digit GB/T 2260 code
    of the county (or of the city or province for a centre above the county) and
    ``level`` says which: ``province``, ``city``, ``county`` or ``unit``
    (a grass-roots unit under a county). Names are those of GB/T 28181-2016
    Annex D; where the 2022 edition names the same digits otherwise the
    ``*_2022`` fields say so (else None). ``kind`` is what a survey calls the
    device: ``camera`` (131, 132, 121 checkpoint, 122 multi-lens), ``recorder``
    (111 DVR, 112 video server, 113 encoder, 118 NVR, 130 HVR) or ``other``;
    ``type_definite`` is False for a type that does not say what the device is
    (139 other peripheral, the extension ranges, an undefined code).
    ``issues`` lists the parts the standard does not allow (undefined type,
    reserved industry or network, unknown province, a centre code not filled
    from the left); a code with issues is still decoded.
    """

    code: str
    centre_code: str
    province_code: str
    city_code: str
    county_code: str
    unit_code: str
    division_code: str
    level: str
    industry_code: str
    industry_en: str
    industry_zh: str
    industry_en_2022: str | None
    industry_zh_2022: str | None
    type_code: str
    type_en: str
    type_zh: str
    kind: str
    type_definite: bool
    network_code: str
    network_en: str
    network_zh: str
    network_en_2022: str | None
    network_zh_2022: str | None
    serial: str
    issues: tuple[CodeIssue, ...]

    @property
    def is_municipality(self) -> bool:
        """True for Beijing, Tianjin, Shanghai and Chongqing (province and city at once)."""
        return self.province_code in _MUNICIPALITIES


def _centre_issues(province: str, city: str, county: str, unit: str) -> list[CodeIssue]:
    centre = province + city + county + unit
    issues = []
    if province not in _PROVINCES:
        issues.append(
            CodeIssue(
                "centre",
                centre,
                f"province code {province} does not exist (GB/T 2260)",
                f"省级行政区划代码{province}不存在（GB/T 2260）",
            )
        )
    parts = (city, county, unit)
    if any(part != "00" for later, part in enumerate(parts) if "00" in parts[:later]):
        issues.append(
            CodeIssue(
                "centre",
                centre,
                f"centre code {centre} is not filled from the left (a level under an empty one)",
                f"中心编码{centre}未按层级自左向右填写（上一级为0而下一级不为0）",
            )
        )
    return issues


def _industry(code: str) -> tuple[_Name, _Name | None, CodeIssue | None]:
    named = _INDUSTRY_2016.get(code)
    number = int(code)
    issue = None
    if named is None:
        named, reserved = next(
            (
                (name, reserved)
                for low, high, name, reserved in _INDUSTRY_RANGES
                if low <= number <= high
            ),
            (_Name("Undefined", "未定义"), True),
        )
        if reserved and code not in _INDUSTRY_2022:
            issue = CodeIssue(
                "industry",
                code,
                f"industry code {code} is reserved ({named.en.lower()})",
                f"行业编码{code}为预留编码（{named.zh}）",
            )
    newer = _INDUSTRY_2022.get(code)
    if newer is not None and newer.en == named.en:
        newer = None
    return named, newer, issue


def _type(code: str) -> tuple[_TypeName, CodeIssue | None]:
    named = _TYPES.get(code)
    if named is not None:
        return named, None
    number = int(code)
    for low, high, name in _TYPE_RANGES:
        if low <= number <= high:
            return _TypeName(name.en, name.zh, _OTHER, False), None
    issue = CodeIssue(
        "type",
        code,
        f"type code {code} is not defined (GB/T 28181 types run from 111 to 999)",
        f"类型编码{code}未定义（GB/T 28181类型编码为111～999）",
    )
    return _TypeName("Undefined type", "未定义类型", _OTHER, False), issue


def decode_gb28181(text: object) -> Gb28181Code | None:
    """Decode a GB/T 28181 device code part by part; None if ``text`` is not one.

    ``text`` is read as :func:`normalise_code` reads it (full-width digits,
    spaces and dashes allowed), so ``３７０２-０２００-００１３２-００００００１``
    decodes; anything that is not then exactly 20 ASCII digits gives None, and so
    does a float (a code read as a number has lost its last digits). A code
    whose parts the standard does not allow is still decoded, its faults listed in
    :attr:`Gb28181Code.issues`; this never raises. Example::

        >>> code = decode_gb28181("37020200001320000001")
        >>> code.division_code, code.industry_zh, code.type_zh, code.kind
        ('370202', '社会治安路面接入', '网络摄像机(IPC)', 'camera')
    """
    if isinstance(text, numbers.Real) and not isinstance(text, numbers.Integral):
        return None  # a float holds no 20 digits exactly: its serial would be made up
    code = normalise_code(text)
    if not (len(code) == 20 and code.isascii() and code.isdigit()):
        return None
    province, city, county, unit = code[0:2], code[2:4], code[4:6], code[6:8]
    industry, industry_2022, industry_issue = _industry(code[8:10])
    kind, type_issue = _type(code[10:13])
    network_digit = int(code[13])
    network, network_2022 = _NETWORK_2016[network_digit], _NETWORK_2022[network_digit]
    issues = _centre_issues(province, city, county, unit)
    issues += [issue for issue in (industry_issue, type_issue) if issue is not None]
    if network_digit == 9:
        issues.append(
            CodeIssue("network", "9", "network identifier 9 is reserved", "网络标识9为预留编码")
        )
    if city == "00":
        level = "province"
    elif county == "00":
        level = "city"
    else:
        level = "county" if unit == "00" else "unit"
    same_network = network_2022.zh == network.zh
    return Gb28181Code(
        code=code,
        centre_code=code[0:8],
        province_code=province,
        city_code=city,
        county_code=county,
        unit_code=unit,
        division_code={"province": province + "0000", "city": province + city + "00"}.get(
            level, code[0:6]
        ),
        level=level,
        industry_code=code[8:10],
        industry_en=industry.en,
        industry_zh=industry.zh,
        industry_en_2022=industry_2022.en if industry_2022 else None,
        industry_zh_2022=industry_2022.zh if industry_2022 else None,
        type_code=code[10:13],
        type_en=kind.en,
        type_zh=kind.zh,
        kind=kind.kind,
        type_definite=kind.definite,
        network_code=code[13],
        network_en=network.en,
        network_zh=network.zh,
        network_en_2022=None if same_network else network_2022.en,
        network_zh_2022=None if same_network else network_2022.zh,
        serial=code[14:20],
        issues=tuple(issues),
    )


# --- administrative divisions and a record's district text --------------------------


@dataclass(frozen=True)
class DivisionName:
    """Chinese names of an administrative division (GB/T 2260 code ``code``, 6 digits).

    ``city`` is None for a province and for a county-level city the province
    governs directly (济源市, 仙桃市); for Beijing, Tianjin, Shanghai and Chongqing
    it is the municipality's name. ``county`` is None above the county level.
    :func:`planner.io.divisions.division_name` looks them up.
    """

    province: str
    city: str | None
    county: str | None
    code: str

    @property
    def full_name(self) -> str:
        """The names from the province down, a municipality's once.

        山东省青岛市市南区; 重庆市渝中区.
        """
        parts = [self.province]
        if self.city and self.city != self.province:
            parts.append(self.city)
        if self.county:
            parts.append(self.county)
        return "".join(parts)


DivisionLookup = Callable[[str], DivisionName | None]
"""A 6-digit division code → its names, or None if the list does not know it
(:func:`planner.io.divisions.division_name`)."""

# suffixes a record may leave out (崂山 for 崂山区); longest first
_DIVISION_SUFFIXES = (
    "自治县",
    "自治旗",
    "自治州",
    "林区",
    "特区",
    "新区",
    "区",
    "县",
    "市",
    "旗",
    "省",
)
_BRACKETED = re.compile(r"[(（\[【].*?[)）\]】]")


def _core_name(name: str) -> str:
    """A division's name without its suffix, if at least two characters stay (矿区 stays)."""
    for suffix in _DIVISION_SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def _without_prefix(text: str, names: tuple[str | None, ...]) -> set[str]:
    """``text``, and what is left once one of ``names`` (full or core) is taken off its start."""
    out = {text}
    for name in names:
        if not name:
            continue
        for form in {name, _core_name(name)}:
            if text.startswith(form):
                out.add(text[len(form) :])
    return out


def _same_county(text: str, county: str) -> bool:
    """True if ``text`` names ``county``, suffix left out or a short form (前郭县, 前郭)."""
    if text.startswith(county):
        return True
    mine, theirs = _core_name(text), _core_name(county)
    if len(mine) < 2 or len(theirs) < 2:
        return mine == theirs
    return mine.startswith(theirs) or theirs.startswith(mine)


def district_agrees(text: object, division: DivisionName) -> bool | None:
    """Whether a record's district text agrees with a division; None if it cannot tell.

    The text may start with the province and the city, full or without their
    suffix (山东省青岛市市南区, 青岛市南区, 青岛 市南), may leave
    out the county's suffix (市南 for 市南区) or use a county's short form (前郭县
    for 前郭尔罗斯蒙古族自治县), and may go on below the county (市南区八大关街道);
    bracketed remarks are ignored. True: the text names the division's county,
    or only its province or city. False: it names something else (崂山区 against
    370202 市南区; 济南市 against a county of Qingdao). None: the text is empty, or
    the division is above the county level and the text names something below
    the city (which county is in which city is the list's to say, not this).
    """
    cleaned = normalise_code(text)
    cleaned = _BRACKETED.sub("", cleaned) if cleaned else ""
    if not cleaned:
        return None
    remainders: set[str] = set()
    for after_province in _without_prefix(cleaned, (division.province,)):
        remainders |= _without_prefix(after_province, (division.city,))
    if "" in remainders:
        return True
    if division.county is None:
        return None
    return any(_same_county(rest, division.county) for rest in remainders)
