"""Recognising inventory headers and parsing their cells (Chinese and English)."""

import datetime as dt

import numpy as np
import pytest

from planner.core.codes import is_gb28181_code, normalise_code
from planner.core.errors import InputError
from planner.io.inventory_columns import (
    FIELDS,
    CellValueError,
    ColumnMappingError,
    parse_date,
    parse_number,
    recognise_columns,
)

# Headers as exported by a district big-data platform (Chinese, full-width brackets).
PLATFORM_HEADERS = [
    "序号",
    "设备名称",
    "国标编码",
    "经度（GCJ-02）",
    "纬度（GCJ-02）",
    "权属单位",
    "运维单位",
    "项目名称",
    "立杆编号",
    "所属区县",
    "安装地址",
    "设备状态",
    "建设日期",
    "备案日期",
    "最后在线时间",
    "方位角",
    "标识",
    "备注",
    "故障时间",
    "拆除日期",
    "设备类型",
    "是否政府投资",
]


def test_recognises_a_chinese_platform_export():
    assert recognise_columns(PLATFORM_HEADERS) == {
        "device_id": "国标编码",
        "lon": "经度（GCJ-02）",
        "lat": "纬度（GCJ-02）",
        "owner": "权属单位",
        "maintainer": "运维单位",
        "project_name": "项目名称",
        "pole_no": "立杆编号",
        "district": "所属区县",
        "address": "安装地址",
        "status": "设备状态",
        "installed_on": "建设日期",
        "registered_on": "备案日期",
        "last_seen_on": "最后在线时间",
        "bearing": "方位角",
        "has_sign": "标识",
        "note": "备注",
        "fault_since": "故障时间",
        "removed_on": "拆除日期",
        "device_type": "设备类型",
        "government_built": "是否政府投资",
    }


def test_result_follows_field_order_and_every_field_is_reachable():
    mapping = recognise_columns(PLATFORM_HEADERS)
    assert list(mapping) == [f for f in FIELDS if f in mapping]
    assert set(mapping) == set(FIELDS)


@pytest.mark.parametrize(
    "header, field",
    [
        ("设备编号", "device_id"),
        ("设备编码", "device_id"),
        ("Device ID", "device_id"),
        ("device_id", "device_id"),
        ("CAMERA  ID", "device_id"),
        ("ｃａｍｅｒａ＿ｉｄ", "device_id"),  # full-width letters and underscore
        ("LNG", "lon"),
        ("Longitude", "lon"),
        ("x", "lon"),
        ("Ｙ", "lat"),
        ("lat", "lat"),
        ("产权单位", "owner"),
        ("Owner", "owner"),
        ("维护单位", "maintainer"),
        ("Maintainer", "maintainer"),
        ("Project", "project_name"),
        ("灯杆编号", "pole_no"),
        ("杆号", "pole_no"),
        ("Pole No.", "pole_no"),
        ("pole_no", "pole_no"),
        ("状态", "status"),
        ("Status", "status"),
        ("安装日期", "installed_on"),
        ("安装日期(年月日)", "installed_on"),
        ("登记日期", "registered_on"),
        ("最后在线日期", "last_seen_on"),
        ("Last Online", "last_seen_on"),
        ("朝向", "bearing"),
        ("Direction", "bearing"),
        ("标牌", "has_sign"),
        ("Sign", "has_sign"),
        ("是否有标识", "has_sign"),
        ("有无标识", "has_sign"),
        ("标识(有/无)", "has_sign"),
        ("标识（有/无）", "has_sign"),
        ("是否有标牌", "has_sign"),
        ("辖区", "district"),
        ("所属街道", "district"),
        ("District", "district"),
        ("安装地址", "address"),
        ("点位名称", "address"),
        ("Location", "address"),
        (" 经 度 ", "lon"),
        ("经度*", "lon"),
    ],
)
def test_single_header(header, field):
    assert recognise_columns([header]) == {field: header}


@pytest.mark.parametrize("header", ["设备名称", "序号", "design", "id", "经度差", ""])
def test_unrelated_headers_are_not_recognised(header):
    assert recognise_columns([header]) == {}


def test_first_matching_header_wins_and_serves_one_field():
    assert recognise_columns(["lon", "经度", "lat"]) == {"lon": "lon", "lat": "lat"}


def test_overrides_take_precedence():
    headers = ["编号", "经度", "纬度", "X坐标"]
    mapping = recognise_columns(headers, overrides={"device_id": "编号", "lon": "X坐标"})
    assert mapping == {"device_id": "编号", "lon": "X坐标", "lat": "纬度"}


def test_bad_override_names_file_and_field():
    with pytest.raises(ColumnMappingError, match="colour") as info:
        recognise_columns(["经度"], overrides={"colour": "经度"}, file="police.csv")
    assert isinstance(info.value, InputError)
    assert "police.csv" in str(info.value)
    with pytest.raises(ColumnMappingError, match="纬度"):
        recognise_columns(["经度"], overrides={"lat": "纬度"})


# -- dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2023-05-06",
        "2023/5/6",
        "2023.5.6",
        "2023年5月6日",
        "2023 年 5 月 6 日",
        "20230506",
        "2023-05-06 12:30:00",
        "2023/5/6 12:30",
        "2023-05-06T12:30:00+08:00",
        "２０２３年５月６日",  # full-width digits
        "２０２３／０５／０６",
        " 2023-05-06 ",
        "45052",  # Excel serial as text
        "45052.5208",  # Excel serial with a time of day
        45052,
        45052.0,
        np.int64(45052),
        20230506,
        dt.date(2023, 5, 6),
        dt.datetime(2023, 5, 6, 12, 30),
    ],
)
def test_parse_date_formats(text):
    assert parse_date(text) == "2023-05-06"


def test_excel_serials_around_leap_day():
    assert parse_date(43890) == "2020-02-29"
    assert parse_date(43891) == "2020-03-01"


@pytest.mark.parametrize("empty", [None, "", "   ", float("nan"), "-", "无", "/", "NULL"])
def test_parse_date_empty_cells(empty):
    assert parse_date(empty) is None


@pytest.mark.parametrize(
    "garbage", ["明天", "2023-13-01", "2023-02-30", "5/6/2023", "12345", "2023", "abc", True]
)
def test_parse_date_garbage_raises_naming_the_text(garbage):
    with pytest.raises(ValueError, match=repr(garbage).replace("(", r"\(")):
        parse_date(garbage)


def test_parse_date_error_names_file_row_field():
    with pytest.raises(CellValueError) as info:
        parse_date("去年", field="安装日期", row=12, file="survey.xlsx")
    error = info.value
    assert isinstance(error, InputError) and isinstance(error, ValueError)
    assert (error.file, error.row, error.field) == ("survey.xlsx", 12, "安装日期")
    assert str(error) == "file survey.xlsx, row 12, field '安装日期': not a date: '去年'"


def test_excel_serial_outside_plausible_range_is_rejected():
    with pytest.raises(CellValueError, match="1950-2099"):
        parse_date(99999)


# -- numbers -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("120.3845", 120.3845),
        ("１２０．３８４５", 120.3845),  # full-width digits and point
        ("－３６．５", -36.5),  # full-width minus
        ("\u22125", -5.0),  # Unicode minus sign
        (" 36.0626 ", 36.0626),
        ("36.0626°", 36.0626),
        ("1,234.5", 1234.5),
        ("45", 45.0),
        (".5", 0.5),
        ("1e3", 1000.0),
        (120.3845, 120.3845),
        (7, 7.0),
        (np.float64(2.5), 2.5),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("empty", [None, "", "  ", float("nan"), "--", "暂无"])
def test_parse_number_empty_cells(empty):
    assert parse_number(empty) is None


@pytest.mark.parametrize(
    "garbage", ["东经120度", "120,38", "abc", "1.2.3", "inf", "1e", True, float("inf")]
)
def test_text_in_a_number_column_raises(garbage):
    with pytest.raises(CellValueError, match="number"):
        parse_number(garbage, field="经度", row=3)


def test_parse_number_error_names_row_and_field():
    with pytest.raises(InputError, match=r"row 3, field '经度': not a number: '见备注'"):
        parse_number("见备注", field="经度", row=3)


# -- codes -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("QD-0012", "QD0012"),
        ("ｑｄ－００１２", "QD0012"),  # full-width letters, digits and dash
        (" qd 0012 ", "QD0012"),
        ("qd\u20140012", "QD0012"),  # em dash
        ("崂山区 雪亮工程 二期", "崂山区雪亮工程二期"),
        ("３７０２１２０００１１３１００００００１", "37021200011310000001"),
        (37021200011310000001, "37021200011310000001"),
        (12.0, "12"),
        (None, ""),
        (float("nan"), ""),
        ("", ""),
    ],
)
def test_normalise_code(text, expected):
    assert normalise_code(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("37021200011310000001", True),
        ("3702 1200 0113 1000 0001", True),
        ("３７０２１２０００１１３１００００００１", True),
        ("37021200-011310-000001", True),
        ("3702120001131000000", False),  # 19 digits
        ("370212000113100000011", False),  # 21 digits
        ("3702120001131000000A", False),
        ("", False),
        (None, False),
    ],
)
def test_is_gb28181_code(text, expected):
    assert is_gb28181_code(text) is expected


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (["设备编号", "经度（GCJ-02）", "纬度（GCJ-02）"], "gcj02"),
        (["lng(高德)", "lat"], "gcj02"),
        (["经度(百度坐标)", "纬度"], "bd09"),
        (["lat (WGS84)", "lon"], "wgs84"),
        (["X(CGCS2000)", "Y"], "cgcs2000"),
        (["经度", "纬度"], None),
        (["备注(高德地图)", "经度", "纬度"], None),  # a note on another column says nothing
    ],
)
def test_the_coordinate_headers_note_names_the_system(headers, expected) -> None:
    from planner.io.inventory_columns import guess_coords

    assert guess_coords(headers) == expected
