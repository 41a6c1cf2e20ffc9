"""Recognising and parsing the columns of camera inventories (Chinese and English).

Inventories come from police filings, big-data platforms, property offices and
field surveys, each with its own headers and cell habits: full-width digits
(``１２０．３８``), Excel serial dates (``45052``), ``2023年5月6日``, GB/T 28181
20-digit device codes with stray spaces or dashes. This module turns headers
into canonical field names and cells into clean values; it reads no files.

Header matching: each header is normalised (Unicode NFKC, so full-width letters
and brackets become half-width; case-folded; spaces, underscores, dashes, dots,
colons and asterisks removed) and compared to each field's aliases normalised
the same way. A header that does not match is tried again without a trailing
bracketed note, so ``经度（GCJ-02）`` and ``安装日期(年月日)`` are recognised.
There is no fuzzy or substring matching: ``设备名称`` is not a device id.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from planner.core.errors import InputError


class CellValueError(InputError, ValueError):
    """A cell cannot be read as the value its column needs (date, number).

    Both an :class:`~planner.core.errors.InputError` (it names file, row and field
    when the caller passes them) and a :class:`ValueError`; the message quotes
    the offending text.
    """


class ColumnMappingError(InputError):
    """A column mapping override names an unknown field or a missing header."""


#: Canonical fields and their header aliases, most specific first.
FIELD_ALIASES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "device_id": (
            "设备编号",
            "设备编码",
            "国标编码",
            "国标编号",
            "设备国标编码",
            "国标ID",
            "摄像机编号",
            "device id",
            "device code",
            "camera id",
            "camera code",
            "gb code",
        ),
        "lon": ("经度", "lon", "lng", "long", "longitude", "x"),
        "lat": ("纬度", "lat", "latitude", "y"),
        "owner": ("权属单位", "产权单位", "建设单位", "所属单位", "owner"),
        "maintainer": ("维护单位", "运维单位", "维保单位", "maintainer", "maintained by"),
        "project_name": ("项目名称", "项目", "project", "project name"),
        "pole_no": ("灯杆编号", "杆号", "立杆编号", "杆件编号", "pole no", "pole number", "pole"),
        "district": (
            "所属区县",
            "区县",
            "辖区",
            "所属辖区",
            "行政区",
            "行政区划",
            "街道",
            "所属街道",
            "district",
        ),
        "address": ("安装地址", "地址", "安装位置", "点位名称", "位置", "address", "location"),
        "status": ("状态", "设备状态", "运行状态", "在线状态", "status"),
        "installed_on": ("安装日期", "建设日期", "安装时间", "installed", "installed on"),
        "registered_on": ("备案日期", "登记日期", "备案时间", "registered", "registered on"),
        "last_seen_on": (
            "最后在线时间",
            "最后在线日期",
            "最近在线时间",
            "last online",
            "last seen",
        ),
        "bearing": ("朝向", "方位角", "方向", "bearing", "direction", "azimuth"),
        "has_sign": (
            "标识",
            "标牌",
            "提示标识",
            "警示标识",
            "是否有标识",
            "有无标识",
            "是否设置标识",
            "是否有标牌",
            "有无标牌",
            "是否有提示标识",
            "sign",
            "has sign",
        ),
        "note": (
            "备注",
            "说明",
            "情况说明",
            "核查情况",
            "备注说明",
            "remarks",
            "remark",
            "note",
            "notes",
        ),
        "fault_since": (
            "故障时间",
            "故障日期",
            "报修时间",
            "报修日期",
            "故障发现时间",
            "fault since",
            "fault date",
            "fault reported",
        ),
        "removed_on": ("拆除时间", "拆除日期", "removed on", "removal date", "removed"),
        "device_type": ("设备类型", "设备类别", "device type", "device kind"),
        "government_built": (
            "政府投资",
            "是否政府投资",
            "政府投资建设",
            "是否政府投资建设",
            "government built",
            "government funded",
        ),
    }
)
#: Canonical field names in display order.
FIELDS: tuple[str, ...] = tuple(FIELD_ALIASES)

#: Cell texts that mean "no value" in a date or number column (after normalising).
EMPTY_MARKERS = frozenset({"", "-", "--", "/", "无", "暂无", "空", "null", "none", "nan", "n/a"})

#: Excel serial dates accepted: 1950-01-01 to 2099-12-31 (anything else is a typo).
EXCEL_SERIAL_RANGE: tuple[int, int] = (18264, 73050)
_EXCEL_EPOCH = dt.date(1899, 12, 30)

_HEADER_DROP = re.compile(r"[\s_\-.:*·]+")
_BRACKET_NOTE = re.compile(r"[(\[【].*?[)\]】]?$")
_DATE_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:\s+|T)\d{1,2}[:时]\d{1,2}(?:[:分]\d{1,2}(?:\.\d+)?秒?)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


def normalise_header(header: str) -> str:
    """Comparison key of a header: NFKC, case-folded, separators removed."""
    return _HEADER_DROP.sub("", unicodedata.normalize("NFKC", str(header)).casefold())


_ALIAS_TO_FIELD: Mapping[str, str] = MappingProxyType(
    {
        normalise_header(alias): field
        for field, aliases in FIELD_ALIASES.items()
        for alias in aliases
    }
)


def _field_of(header: str) -> str | None:
    key = normalise_header(header)
    if key in _ALIAS_TO_FIELD:
        return _ALIAS_TO_FIELD[key]
    stripped = _BRACKET_NOTE.sub("", unicodedata.normalize("NFKC", str(header)).strip())
    stripped_key = normalise_header(stripped)
    if stripped_key and stripped_key != key:
        return _ALIAS_TO_FIELD.get(stripped_key)
    return None


# Words in a coordinate header's note that say which system it is in (NFKC, case-folded).
_COORDS_HINTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("gcj02", ("gcj", "火星", "高德", "腾讯", "国测局", "amap", "tencent")),
    ("bd09", ("bd09", "bd-09", "百度", "baidu")),
    ("cgcs2000", ("cgcs", "2000国家", "国家2000")),
    ("wgs84", ("wgs", "gps")),
)


def guess_coords(headers: Iterable[str]) -> str | None:
    """The coordinate system a longitude/latitude header's note names, if any.

    ``经度（GCJ-02）``, ``lng(高德)`` → ``gcj02``; ``经度(百度)`` → ``bd09``;
    ``lat (WGS84)`` → ``wgs84``. None when no coordinate header says.
    """
    for header in headers:
        if _field_of(header) not in ("lon", "lat"):
            continue
        text = unicodedata.normalize("NFKC", str(header)).casefold()
        note = _BRACKET_NOTE.search(text)
        said = note.group(0) if note else text
        for name, words in _COORDS_HINTS:
            if any(word in said for word in words):
                return name
    return None


def recognise_columns(
    headers: Iterable[str],
    *,
    overrides: Mapping[str, str] | None = None,
    file: str | None = None,
) -> dict[str, str]:
    """Map canonical field → original header for the headers that are recognised.

    Each header serves at most one field and each field takes the first header
    that matches it (so with both ``经度`` and ``lon`` present, the earlier one
    wins). ``overrides`` (field → header, e.g. from a mapping file) take
    precedence and remove their header from automatic matching; an override with
    an unknown field or a header not in ``headers`` raises
    :class:`ColumnMappingError` naming ``file`` when given. Unrecognised headers
    are simply absent from the result.
    """
    header_list = [str(h) for h in headers]
    result: dict[str, str] = {}
    taken: set[str] = set()
    for field, header in (overrides or {}).items():
        if field not in FIELD_ALIASES:
            raise ColumnMappingError(
                f"unknown field {field!r} in the column mapping; known: {', '.join(FIELDS)}",
                file=file,
                field=field,
            )
        if header not in header_list:
            raise ColumnMappingError(
                f"column mapping names header {header!r}, which is not in the file",
                file=file,
                field=field,
            )
        result[field] = header
        taken.add(header)
    for header in header_list:
        if header in taken:
            continue
        known = _field_of(header)
        if known is not None and known not in result:
            result[known] = header
            taken.add(header)
    return {field: result[field] for field in FIELDS if field in result}


def _is_empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return math.isnan(value)
    if isinstance(value, str):
        return unicodedata.normalize("NFKC", value).strip().casefold() in EMPTY_MARKERS
    return False


_Where = tuple[str | None, object | None, str | None]


def _cell_error(what: str, value: object, where: _Where) -> CellValueError:
    field, row, file = where
    return CellValueError(f"{what}: {value!r}", file=file, row=row, field=field)


def _from_serial(serial: float, value: object, where: _Where) -> str:
    low, high = EXCEL_SERIAL_RANGE
    if not low <= serial <= high:
        raise _cell_error(
            f"not a date (Excel serial outside {low}-{high}, i.e. 1950-2099)", value, where
        )
    return (_EXCEL_EPOCH + dt.timedelta(days=math.floor(serial))).isoformat()


def parse_date(
    text: object,
    *,
    field: str | None = None,
    row: object | None = None,
    file: str | None = None,
) -> str | None:
    """ISO date ``YYYY-MM-DD`` of a cell, or None for an empty cell.

    Accepts ``2023-05-06``, ``2023/5/6``, ``2023.5.6``, ``2023年5月6日``,
    ``20230506``, date-times such as ``2023-05-06 12:30:00`` or
    ``2023-05-06T12:30:00+08:00`` (the time is dropped), Excel serial numbers
    (``45052`` → 2023-05-06, as number or text, within :data:`EXCEL_SERIAL_RANGE`)
    and :class:`datetime.date` / :class:`datetime.datetime` objects. Full-width
    digits and punctuation are accepted. Anything else raises
    :class:`CellValueError` (a ``ValueError``) quoting the text and naming
    ``field``/``row``/``file`` when given.
    """
    where: _Where = (field, row, file)
    if _is_empty(text):
        return None
    if isinstance(text, dt.datetime):
        return text.date().isoformat()
    if isinstance(text, dt.date):
        return text.isoformat()
    if isinstance(text, bool):
        raise _cell_error("not a date", text, where)
    if isinstance(text, numbers.Real):
        if not math.isfinite(text):
            raise _cell_error("not a date", text, where)
        number = float(text)  # exact for every 8-digit date
        if number.is_integer() and 19000101 <= number <= 20991231:
            return parse_date(str(int(number)), field=field, row=row, file=file)
        return _from_serial(float(text), text, where)
    if not isinstance(text, str):
        raise _cell_error("not a date", text, where)
    s = unicodedata.normalize("NFKC", text).strip()
    match = _DATE_YMD.match(s) or _DATE_COMPACT.match(s)
    if match:
        year, month, day = (int(g) for g in match.groups())
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            raise _cell_error("not a valid calendar date", text, where) from None
    if _SERIAL.match(s):
        return _from_serial(float(s), text, where)
    raise _cell_error("not a date", text, where)


def parse_number(
    text: object,
    *,
    field: str | None = None,
    row: object | None = None,
    file: str | None = None,
) -> float | None:
    """Float value of a cell, or None for an empty cell.

    Accepts numbers and text with full-width digits, signs and decimal point
    (``１２０．３８``), surrounding spaces, a trailing degree sign, the Unicode
    minus sign and thousands separators in the ``1,234.5`` pattern. A comma in
    any other position (``120,38``) is ambiguous and rejected, as are ``inf``,
    ``nan`` spelled out with digits around it, booleans and any other text:
    :class:`CellValueError` (a ``ValueError``) quoting the text.
    """
    where: _Where = (field, row, file)
    if _is_empty(text):
        return None
    if isinstance(text, bool):
        raise _cell_error("not a number", text, where)
    if isinstance(text, numbers.Real):
        if not math.isfinite(text):
            raise _cell_error("not a finite number", text, where)
        return float(text)
    if not isinstance(text, str):
        raise _cell_error("not a number", text, where)
    s = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("。", ".")
    s = re.sub(r"\s+", "", s).removesuffix("°")
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if not _NUMBER.match(s):
        raise _cell_error("not a number", text, where)
    return float(s)
