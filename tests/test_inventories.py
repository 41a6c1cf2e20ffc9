"""Reading camera inventories from real file formats into matcher records."""

import datetime as dt
import json
import math
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pytest
import shapely
from pyproj import CRS, Transformer

from planner.core import chinese_coords
from planner.core.errors import CrsError, InputError
from planner.core.reconcile import match_records
from planner.io.inventories import (
    InventoryProblem,
    preview_inventory,
    read_inventory,
    read_mapping_file,
)
from planner.io.inventory_columns import ColumnMappingError

UTM51 = CRS.from_epsg(32651)  # Qingdao lies in UTM zone 51N
TO_UTM = Transformer.from_crs(4326, UTM51, always_xy=True)
CODE = "370202000013200000{:02d}"  # GB/T 28181 device codes, 20 digits


def utm(lon: float, lat: float) -> tuple[float, float]:
    x, y = TO_UTM.transform(lon, lat)
    return float(x), float(y)


def assert_every_problem_is_located(problems, *, file: str, source: str) -> None:
    assert problems
    for problem in problems:
        assert Path(problem.file).name == file
        assert problem.source == source
        assert isinstance(problem.row, int) and problem.row >= 1
        assert problem.field
        text = str(problem)
        assert text.startswith(f"{file}, source '{source}', row {problem.row}, field ")
        assert problem.action in text


# --- Excel --------------------------------------------------------------------------------


def write_platform_workbook(path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(
        ["国标编码", "经度", "纬度", "安装日期", "备案日期", "杆号", "所属区县", "安装地址", "标识"]
    )
    # row 2: a real Excel date cell and a serial number (45052 = 2023-05-06) in another column
    sheet.append(
        [
            CODE.format(1),
            120.38,
            36.07,
            dt.datetime(2022, 3, 1),
            45052,
            12,
            "市南区",
            " 香港中路1号 ",
            "是",
        ]
    )
    # row 3: full-width digits as text, an empty date cell
    sheet.append(
        [CODE.format(2), "１２０．３８５", "３６．０７５", None, None, "P-7", "市南区", None, "无"]
    )
    sheet.append([None] * 9)  # row 4: blank, skipped silently
    # row 5: text in the longitude column → no trustworthy position
    sheet.append([CODE.format(3), "东经120度", 36.07, None, None, None, None, None, None])
    # row 6: a bad date and a bad sign flag → values ignored, row kept
    sheet.append([CODE.format(4), 120.39, 36.08, "2023-13-45", None, None, None, None, "maybe"])
    other = workbook.create_sheet("说明")
    other.append(["本表由平台导出"])
    workbook.save(path)


def test_xlsx_inventory_values_positions_and_problems(tmp_path):
    path = tmp_path / "platform.xlsx"
    write_platform_workbook(path)
    read = read_inventory(path, source="platform-2024", role="platform", project_crs=UTM51)
    frame = read.records.records
    assert read.records.source == "platform-2024"
    assert read.records.role == "platform"
    assert frame["row"].tolist() == [2, 3, 6]
    assert frame["device_id"].tolist() == [CODE.format(1), CODE.format(2), CODE.format(4)]
    expected = [utm(120.38, 36.07), utm(120.385, 36.075), utm(120.39, 36.08)]
    np.testing.assert_allclose(frame[["x", "y"]].to_numpy(), expected, atol=0.01)
    assert frame["installed_on"].tolist() == [dt.date(2022, 3, 1), None, None]
    assert frame["registered_on"].tolist() == [dt.date(2023, 5, 6), None, None]
    assert frame["pole_no"].tolist() == ["12", "P-7", None]
    assert frame["district"].tolist() == ["市南区", "市南区", None]
    assert frame["address"].tolist() == ["香港中路1号", None, None]
    assert frame["has_sign"].tolist() == [True, False, None]
    assert read.columns["经度"] == "lon"
    assert read.columns["所属区县"] == "district"
    assert read.unrecognised == ()

    problems = {(p.row, p.field): p for p in read.problems}
    assert set(problems) == {(5, "lon"), (6, "installed_on"), (6, "has_sign")}
    assert problems[5, "lon"].action == "row skipped"
    assert "'东经120度' is not a number" in problems[5, "lon"].message
    assert problems[6, "installed_on"].action == "value ignored"
    assert "2023-13-45" in problems[6, "installed_on"].message
    assert str(problems[5, "lon"]) == (
        "platform.xlsx, source 'platform-2024', row 5, field lon ('经度'): "
        "'东经120度' is not a number — row skipped"
    )
    assert_every_problem_is_located(read.problems, file="platform.xlsx", source="platform-2024")


def test_xlsx_sheet_choice_and_preview(tmp_path):
    path = tmp_path / "platform.xlsx"
    write_platform_workbook(path)
    preview = preview_inventory(path, rows=2)
    assert preview.sheets == ("台账", "说明")
    assert preview.sheet == "台账"
    assert preview.row_numbers == (2, 3)
    assert preview.rows[0][:4] == (CODE.format(1), "120.38", "36.07", "2022-03-01")
    assert preview.rows[1][1] == "１２０．３８５"
    assert preview.columns["杆号"] == "pole_no"
    assert preview.has_geometry is False

    other = preview_inventory(path, sheet="说明")
    assert other.headers == ("本表由平台导出",)
    assert other.columns == {"本表由平台导出": None}
    with pytest.raises(InputError, match="no sheet '2023'") as info:
        read_inventory(path, source="p", role="platform", project_crs=UTM51, sheet="2023")
    assert "platform.xlsx" in str(info.value)


def test_xlsx_title_row_above_the_header_is_passed_over(tmp_path):
    path = tmp_path / "survey.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["市南区视频监控点位普查表"])
    sheet.append([])
    sheet.append(["杆号", "经度", "纬度", "朝向"])
    sheet.append(["P-1", 120.38, 36.07, "东北"])
    sheet.append(["P-2", 120.39, 36.08, 135])
    workbook.save(path)
    read = read_inventory(path, source="survey", role="survey", project_crs=UTM51)
    frame = read.records.records
    assert frame["row"].tolist() == [4, 5]  # the rows Excel shows
    assert frame["pole_no"].tolist() == ["P-1", "P-2"]
    assert frame["bearing_deg"].tolist() == [45.0, 135.0]
    assert read.problems == ()


def test_device_code_that_excel_rounded_is_ignored_not_trusted(tmp_path):
    path = tmp_path / "filings.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["设备编码", "经度", "纬度"])
    sheet.append([3.70202000013200e19, 120.38, 36.07])  # the code was stored as a number
    sheet.append([CODE.format(5), 120.39, 36.08])
    workbook.save(path)
    read = read_inventory(path, source="filings", role="filings", project_crs=UTM51)
    assert read.records.records["device_id"].tolist() == [None, CODE.format(5)]
    assert [(p.row, p.field, p.action) for p in read.problems] == [
        (2, "device_id", "value ignored")
    ]
    assert "lost digits" in read.problems[0].message


# --- CSV ----------------------------------------------------------------------------------


def test_gbk_csv_with_chinese_headers(tmp_path):
    path = tmp_path / "police.csv"
    text = (
        "设备编码,经度,纬度,权属单位,维护单位,备案日期,状态,备注\n"
        f"{CODE.format(1)},120.38,36.07,青岛市公安局,海信网络,2023年5月6日,在线,一号\n"
        f"{CODE.format(2)},abc,36.07,青岛市公安局,海信网络,2023/5/6,离线,\n"
        ",,,,,,,\n"
        f"{CODE.format(3)},,,市南区城管局,,45052,在线,未定位\n"
        f"{CODE.format(4)},120.39,,市南区城管局,,,在线,\n"
    )
    path.write_bytes(text.encode("gbk"))
    read = read_inventory(path, source="filings", role="filings", project_crs=UTM51)
    frame = read.records.records
    assert frame["row"].tolist() == [2, 5]
    assert frame["owner"].tolist() == ["青岛市公安局", "市南区城管局"]
    assert frame["maintainer"].tolist() == ["海信网络", None]
    assert frame["registered_on"].tolist() == [dt.date(2023, 5, 6), dt.date(2023, 5, 6)]
    assert frame["status"].tolist() == ["在线", "在线"]
    # both coordinates empty: kept unlocated, it can still match by its code
    assert frame.loc[0, ["x", "y"]].tolist() == pytest.approx(utm(120.38, 36.07), abs=0.01)
    assert math.isnan(frame.loc[1, "x"]) and math.isnan(frame.loc[1, "y"])
    assert read.unrecognised == ()  # 备注: the remarks, read like a status note
    assert frame["note"].tolist() == ["一号", "未定位"]
    assert [(p.row, p.field, p.action) for p in read.problems] == [
        (3, "lon", "row skipped"),
        (6, "lat", "row skipped"),
    ]
    assert "empty while the longitude is given" in read.problems[1].message
    assert_every_problem_is_located(read.problems, file="police.csv", source="filings")


def test_tab_separated_text_file(tmp_path):
    path = tmp_path / "property.txt"
    path.write_text(
        "Device ID\tLongitude\tLatitude\tOwner\tInstalled\tBearing\tSign\n"
        f"{CODE.format(1)}\t120.38\t36.07\tHarbour Estate\t2021-04-01\t270\tyes\n"
        f"{CODE.format(2)}\t120.39\t36.08\tHarbour Estate\t01/04/2021\t-5\tn\n",
        encoding="utf-8",
    )
    read = read_inventory(path, source="estate", role="property", project_crs=UTM51)
    frame = read.records.records
    assert frame["row"].tolist() == [2, 3]
    assert frame["owner"].tolist() == ["Harbour Estate", "Harbour Estate"]
    assert frame["installed_on"].tolist() == [dt.date(2021, 4, 1), None]
    assert frame["bearing_deg"].iloc[0] == 270.0
    assert math.isnan(frame["bearing_deg"].iloc[1])
    assert frame["has_sign"].tolist() == [True, False]
    assert {(p.row, p.field) for p in read.problems} == {(3, "installed_on"), (3, "bearing")}
    assert all(p.action == "value ignored" for p in read.problems)


def test_row_longer_than_the_header_is_skipped(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text(
        "杆号,经度,纬度,安装地址\nP-1,120.38,36.07,香港中路\nP-2,120.39,36.08,香港中路,1号\n",
        encoding="utf-8",
    )
    read = read_inventory(path, source="survey", role="survey", project_crs=UTM51)
    assert read.records.records["pole_no"].tolist() == ["P-1"]
    assert [(p.row, p.field, p.action) for p in read.problems] == [(3, "-", "row skipped")]


def test_out_of_range_coordinates_skip_the_row(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("杆号,经度,纬度\nP-1,36.07,120.38\nP-2,120.39,36.08\n", encoding="utf-8")
    read = read_inventory(path, source="survey", role="survey", project_crs=UTM51)
    assert read.records.records["pole_no"].tolist() == ["P-2"]
    assert [(p.row, p.field) for p in read.problems] == [(2, "lat")]
    assert "latitude 120.38 is outside -90…90" in read.problems[0].message


def test_bd09_columns_are_undone_to_wgs84(tmp_path):
    truth = (120.3826, 36.0671)
    bd_lon, bd_lat = chinese_coords.wgs84_to_bd09(*truth)
    path = tmp_path / "baidu.csv"
    path.write_text(f"杆号,lng,lat\nP-1,{bd_lon!r},{bd_lat!r}\n", encoding="utf-8")
    read = read_inventory(path, source="map", role="platform", coords="bd09", project_crs=UTM51)
    xy = read.records.records.loc[0, ["x", "y"]].to_numpy(dtype=float)
    assert np.hypot(*(xy - utm(*truth))) < 1.0


def test_projected_coords_read_x_y_columns_as_easting_northing(tmp_path):
    gk = CRS.from_epsg(4549)  # CGCS2000 / 3-degree Gauss-Kruger CM 120E
    easting, northing = Transformer.from_crs(4326, gk, always_xy=True).transform(120.38, 36.07)
    path = tmp_path / "survey.csv"
    path.write_text(f"杆号,X,Y\nP-1,{easting:.3f},{northing:.3f}\n", encoding="utf-8")
    read = read_inventory(path, source="s", role="survey", coords="EPSG:4549", project_crs=UTM51)
    xy = read.records.records.loc[0, ["x", "y"]].to_numpy(dtype=float)
    assert np.hypot(*(xy - utm(120.38, 36.07))) < 0.01
    assert read.crs == gk


def test_unknown_coords_name_raises_naming_the_file(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("杆号,经度,纬度\nP-1,120.38,36.07\n", encoding="utf-8")
    with pytest.raises(CrsError, match="mars") as info:
        read_inventory(path, source="s", role="survey", coords="mars", project_crs=UTM51)
    assert "survey.csv" in str(info.value)


# --- GeoJSON and GeoPackage ---------------------------------------------------------------

QINGDAO_WGS84 = [(120.3826, 36.0671), (120.4012, 36.0603), (120.3550, 36.0830)]


def test_geojson_with_gcj02_points(tmp_path):
    features = []
    for k, (lon, lat) in enumerate(QINGDAO_WGS84):
        g_lon, g_lat = chinese_coords.wgs84_to_gcj02(lon, lat)
        features.append(
            {
                "type": "Feature",
                "properties": {"设备编码": CODE.format(k + 1), "方位角": 90 * k},
                "geometry": {"type": "Point", "coordinates": [g_lon, g_lat]},
            }
        )
    features.append(  # feature 4 has no geometry: kept unlocated
        {"type": "Feature", "properties": {"设备编码": CODE.format(9)}, "geometry": None}
    )
    path = tmp_path / "amap.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")

    read = read_inventory(path, source="amap", role="platform", coords="gcj02", project_crs=UTM51)
    frame = read.records.records
    assert frame["row"].tolist() == [1, 2, 3, 4]
    assert frame["device_id"].tolist() == [CODE.format(k) for k in (1, 2, 3, 9)]
    assert frame["bearing_deg"].tolist()[:3] == [0.0, 90.0, 180.0]
    truth = np.array([utm(lon, lat) for lon, lat in QINGDAO_WGS84])
    errors = np.hypot(*(frame[["x", "y"]].to_numpy()[:3] - truth).T)
    assert errors.max() < 1.0
    assert frame[["x", "y"]].iloc[3].isna().all()
    assert read.problems == ()

    # read as plain WGS84 the same points are hundreds of metres off: the flag matters
    plain = read_inventory(path, source="amap", role="platform", project_crs=UTM51)
    shifted = np.hypot(*(plain.records.records[["x", "y"]].to_numpy()[:3] - truth).T)
    assert shifted.min() > 100


def test_geojson_non_point_geometry_skips_the_row(tmp_path):
    frame = gpd.GeoDataFrame(
        {"杆号": ["P-1", "P-2"]},
        geometry=[shapely.Point(120.38, 36.07), shapely.LineString([(120, 36), (121, 37)])],
        crs=4326,
    )
    path = tmp_path / "poles.geojson"
    frame.to_file(path, driver="GeoJSON")
    read = read_inventory(path, source="poles", role="survey", project_crs=UTM51)
    assert read.records.records["pole_no"].tolist() == ["P-1"]
    assert [(p.row, p.field, p.action) for p in read.problems] == [(2, "geometry", "row skipped")]
    assert "LineString" in read.problems[0].message


def test_gpkg_layer_in_a_projected_crs(tmp_path):
    gk = CRS.from_epsg(4549)
    to_gk = Transformer.from_crs(4326, gk, always_xy=True)
    points = [shapely.Point(*to_gk.transform(lon, lat)) for lon, lat in QINGDAO_WGS84]
    survey = gpd.GeoDataFrame(
        {
            "杆号": ["P-1", "P-2", "P-3"],
            "维护单位": ["海信网络", "海信网络", None],
            "安装日期": ["2023-05-06", None, "not yet"],
        },
        geometry=points,
        crs=gk,
    )
    path = tmp_path / "field.gpkg"
    gpd.GeoDataFrame({"name": ["x"]}, geometry=[points[0]], crs=gk).to_file(path, layer="notes")
    survey.to_file(path, layer="survey")

    preview = preview_inventory(path)
    assert preview.layers == ("notes", "survey")
    assert preview.layer == "notes"
    assert preview.has_geometry is True

    read = read_inventory(path, source="field", role="survey", project_crs=UTM51, layer="survey")
    frame = read.records.records
    assert frame["row"].tolist() == [1, 2, 3]
    assert frame["maintainer"].tolist() == ["海信网络", "海信网络", None]
    assert frame["installed_on"].tolist() == [dt.date(2023, 5, 6), None, None]
    truth = np.array([utm(lon, lat) for lon, lat in QINGDAO_WGS84])
    np.testing.assert_allclose(frame[["x", "y"]].to_numpy(), truth, atol=0.01)
    assert read.crs == gk
    assert [(p.row, p.field, p.action) for p in read.problems] == [
        (3, "installed_on", "value ignored")
    ]
    assert_every_problem_is_located(read.problems, file="field.gpkg", source="field")
    with pytest.raises(InputError, match="no layer 'cameras'"):
        read_inventory(path, source="field", role="survey", project_crs=UTM51, layer="cameras")


# --- column mapping -----------------------------------------------------------------------


def write_odd_headers(path: Path) -> None:
    path.write_text(
        "编号,X坐标,Y坐标,单位,备注\n"
        f"{CODE.format(1)},120.38,36.07,青岛市公安局,一号\n"
        f"{CODE.format(2)},120.39,36.08,青岛市公安局,\n",
        encoding="utf-8",
    )


def test_mapping_override_names_the_columns(tmp_path):
    path = tmp_path / "odd.csv"
    write_odd_headers(path)
    mapping = {"编号": "device_id", "X坐标": "lon", "Y坐标": "lat", "单位": "owner", "备注": "-"}
    read = read_inventory(path, source="odd", role="filings", project_crs=UTM51, mapping=mapping)
    frame = read.records.records
    assert frame["device_id"].tolist() == [CODE.format(1), CODE.format(2)]
    assert frame["owner"].tolist() == ["青岛市公安局", "青岛市公安局"]
    np.testing.assert_allclose(frame.loc[0, ["x", "y"]].to_numpy(float), utm(120.38, 36.07))
    assert dict(read.columns) == {
        "编号": "device_id",
        "X坐标": "lon",
        "Y坐标": "lat",
        "单位": "owner",
    }
    assert read.unrecognised == ()
    preview = preview_inventory(path, mapping=mapping)
    assert preview.columns["备注"] is None
    assert preview.columns["X坐标"] == "lon"


def test_bad_mapping_raises_naming_the_file(tmp_path):
    path = tmp_path / "odd.csv"
    write_odd_headers(path)
    with pytest.raises(ColumnMappingError, match="colour") as info:
        read_inventory(
            path, source="o", role="filings", project_crs=UTM51, mapping={"编号": "colour"}
        )
    assert "odd.csv" in str(info.value)
    with pytest.raises(ColumnMappingError, match="设备编码") as info:
        preview_inventory(path, mapping={"设备编码": "device_id"})
    assert "odd.csv" in str(info.value)
    with pytest.raises(ColumnMappingError, match="both"):
        preview_inventory(path, mapping={"编号": "device_id", "单位": "device_id"})


def test_file_without_usable_columns_raises_naming_the_file(tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text("编号,单位,备注\nA-1,青岛市公安局,一号\nA-2,青岛市公安局,\n", encoding="utf-8")
    with pytest.raises(InputError, match="no usable columns") as info:
        read_inventory(path, source="o", role="filings", project_crs=UTM51)
    assert "odd.csv" in str(info.value)
    assert "编号" in str(info.value)  # the headers found are listed


@pytest.mark.parametrize("content", ["", "\n\n", "设备编码,经度,纬度\n"])
def test_empty_file_raises_naming_the_file(tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=r"empty\.csv"):
        read_inventory(path, source="e", role="filings", project_crs=UTM51)


def test_unreadable_and_unsupported_files_raise(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(InputError, match=r"broken\.xlsx"):
        read_inventory(broken, source="b", role="filings", project_crs=UTM51)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"save old \.xls"):
        preview_inventory(old)
    with pytest.raises(InputError, match="does not exist"):
        preview_inventory(tmp_path / "missing.csv")


def test_mapping_file(tmp_path):
    path = tmp_path / "mapping.toml"
    path.write_text(
        '[filings]\n"编号" = "device_id"\n"备注" = "-"\n\n[survey]\n"朝向角" = "bearing_deg"\n',
        encoding="utf-8",
    )
    mappings = read_mapping_file(path)
    assert mappings == {
        "filings": {"编号": "device_id", "备注": "-"},
        "survey": {"朝向角": "bearing_deg"},
    }
    survey = tmp_path / "survey.csv"
    survey.write_text("杆号,朝向角\nP-1,45\n", encoding="utf-8")
    read = read_inventory(
        survey, source="s", role="survey", project_crs=UTM51, mapping=mappings["survey"]
    )
    assert read.records.records["bearing_deg"].tolist() == [45.0]


@pytest.mark.parametrize(
    "text, message",
    [
        ('[filings]\n"编号" = "colour"\n', r"\[filings\] '编号': unknown field 'colour'"),
        ('[filings]\n"编号" = 3\n', r"\[filings\] '编号': the value must be a field name"),
        ('"编号" = "device_id"\n', "key '编号' must be a table"),
        ("[filings\n", "not a valid TOML file"),
    ],
)
def test_bad_mapping_file_names_file_and_key(tmp_path, text, message):
    path = tmp_path / "mapping.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        read_mapping_file(path)
    assert "mapping.toml" in str(info.value)


# --- into the matcher ---------------------------------------------------------------------


def test_read_inventories_feed_the_matcher(tmp_path):
    filings = tmp_path / "police.csv"
    filings.write_text(
        f"设备编码,经度,纬度,权属单位\n{CODE.format(1)},120.38,36.07,青岛市公安局\n",
        encoding="utf-8",
    )
    survey = tmp_path / "survey.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["设备编码", "经度", "纬度", "标识"])
    g_lon, g_lat = chinese_coords.wgs84_to_gcj02(120.38002, 36.07001)
    workbook.active.append([CODE.format(1), g_lon, g_lat, "√"])
    workbook.save(survey)
    sources = [
        read_inventory(filings, source="police", role="filings", project_crs=UTM51).records,
        read_inventory(
            survey, source="field", role="survey", coords="gcj02", project_crs=UTM51
        ).records,
    ]
    matching = match_records(sources)
    assert len(matching.devices) == 1
    device = matching.devices[0]
    assert device.sources == ("police", "field")
    assert device.value("owner") == "青岛市公安局"
    assert device.value("has_sign") is True


def test_problem_text_without_a_header():
    problem = InventoryProblem("/data/a.csv", "filings", 7, "-", "row is short", "row skipped")
    assert str(problem) == "a.csv, source 'filings', row 7, field -: row is short — row skipped"


def test_single_column_inventory_keeps_its_header(tmp_path):
    path = tmp_path / "codes.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["设备编码"])
    workbook.active.append([CODE.format(1), "a note right of the table"])
    workbook.active.append([CODE.format(2)])
    workbook.save(path)
    read = read_inventory(path, source="codes", role="platform", project_crs=UTM51)
    frame = read.records.records
    assert frame["row"].tolist() == [2, 3]
    assert frame["device_id"].tolist() == [CODE.format(1), CODE.format(2)]
    assert frame[["x", "y"]].isna().all().all()


def test_preview_row_limit_applies_to_every_format(tmp_path):
    gpkg = tmp_path / "field.gpkg"
    gpd.GeoDataFrame(
        {"杆号": ["P-1", "P-2", "P-3"]},
        geometry=[shapely.Point(lon, lat) for lon, lat in QINGDAO_WGS84],
        crs=4326,
    ).to_file(gpkg, layer="survey")
    assert preview_inventory(gpkg, rows=2).rows == (("P-1",), ("P-2",))
    assert preview_inventory(gpkg, rows=0).rows == ()
    csv = tmp_path / "survey.csv"
    csv.write_text("杆号,经度,纬度\nP-1,120.38,36.07\nP-2,120.39,36.08\n", encoding="utf-8")
    assert preview_inventory(csv, rows=1).rows == (("P-1", "120.38", "36.07"),)
    assert preview_inventory(csv, rows=1).row_numbers == (2,)


def test_lon_lat_columns_win_over_geometry_and_gcj02_needs_lon_lat(tmp_path):
    frame = gpd.GeoDataFrame(
        {"杆号": ["P-1"], "经度": ["120.39"], "纬度": ["36.08"]},
        geometry=[shapely.Point(120.38, 36.07)],
        crs=4326,
    )
    path = tmp_path / "poles.geojson"
    frame.to_file(path, driver="GeoJSON")
    read = read_inventory(path, source="poles", role="survey", project_crs=UTM51)
    xy = read.records.records.loc[0, ["x", "y"]].to_numpy(dtype=float)
    np.testing.assert_allclose(xy, utm(120.39, 36.08), atol=0.01)

    projected = tmp_path / "field.gpkg"
    frame.drop(columns=["经度", "纬度"]).to_crs(4549).to_file(projected, layer="survey")
    with pytest.raises(CrsError, match="gcj02 needs longitude/latitude geometry") as info:
        read_inventory(projected, source="f", role="survey", coords="gcj02", project_crs=UTM51)
    assert "field.gpkg" in str(info.value)
    cgcs = read_inventory(
        projected, source="f", role="survey", coords="cgcs2000", project_crs=UTM51
    )
    assert cgcs.crs == CRS.from_epsg(4549)  # the file's own CRS is used for its geometry


def test_a_column_of_gb28181_codes_is_the_device_code_whatever_its_header(tmp_path):
    path = tmp_path / "平台导出.csv"
    path.write_text(
        "通道编码,联系电话,经度,纬度\n"
        f"{CODE.format(1)},13800000001,120.38,36.07\n"
        f"{CODE.format(2)},13800000002,120.39,36.08\n"
        f",13800000003,120.40,36.09\n",
        encoding="utf-8",
    )
    preview = preview_inventory(path)
    assert preview.columns["通道编码"] == "device_id"
    assert preview.columns["联系电话"] is None  # 11-digit phone numbers are not codes
    read = read_inventory(path, source="platform", role="platform", project_crs=UTM51)
    assert read.columns["通道编码"] == "device_id"
    assert read.records.records["device_id"].tolist() == [CODE.format(1), CODE.format(2), None]
    # a named device-code column wins; the mapping can still say otherwise
    named = tmp_path / "named.csv"
    named.write_text(
        f"设备编号,通道编码,经度,纬度\nA-1,{CODE.format(1)},120.38,36.07\n", encoding="utf-8"
    )
    assert preview_inventory(named).columns["设备编号"] == "device_id"
    assert preview_inventory(named).columns["通道编码"] is None
    ignored = preview_inventory(path, mapping={"通道编码": "-"})
    assert ignored.columns["通道编码"] is None
