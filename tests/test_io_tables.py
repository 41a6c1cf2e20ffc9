"""Writing a shown table: CSV with a byte-order mark, XLSX, formulas neutralised, atomic."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from planner.core.errors import InputError
from planner.io.tables import write_table

HEADERS = ["Zone", "名称", "Coverage %", "Note"]
ROWS = [
    ["Z-001", "中山路小学", "87.50", '=HYPERLINK("http://x")'],
    ["007", "广场, 东侧", "12", "+cmd"],
    ["Z-003", '说 "引号"', "-3.5", ""],
]


def _csv(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_csv_has_a_bom_and_keeps_chinese_and_neutralises_formulas(tmp_path):
    path = tmp_path / "table.csv"
    write_table(path, HEADERS, ROWS)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    header, *rows = _csv(path)
    assert header == HEADERS
    assert rows[0][:3] == ROWS[0][:3]
    assert rows[0][3] == '\'=HYPERLINK("http://x")'
    assert rows[1] == ["007", "广场, 东侧", "12", "'+cmd"]
    assert rows[2] == ["Z-003", '说 "引号"', "-3.5", ""]  # a negative number stays a number


def test_xlsx_one_sheet_numbers_as_numbers_text_as_text(tmp_path):
    path = tmp_path / "table.xlsx"
    write_table(path, HEADERS, ROWS, sheet="Zone compliance")
    book = load_workbook(path)
    assert book.sheetnames == ["Zone compliance"]
    sheet = book.active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS
    assert values[1] == ["Z-001", "中山路小学", 87.5, '\'=HYPERLINK("http://x")']
    assert sheet["C2"].number_format == "0.00"  # shown with its two decimals
    assert values[2] == ["007", "广场, 东侧", 12, "'+cmd"]  # an id with leading zeros stays text
    assert values[3] == ["Z-003", '说 "引号"', -3.5, None]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.freeze_panes == "A2"


def test_bad_suffix_and_ragged_rows_are_input_errors(tmp_path):
    with pytest.raises(InputError, match=r"\.csv or \.xlsx"):
        write_table(tmp_path / "table.txt", HEADERS, ROWS)
    with pytest.raises(InputError, match="row 1"):
        write_table(tmp_path / "table.csv", HEADERS, [["only one"]])
    assert not list(tmp_path.iterdir())


def test_a_failed_write_leaves_the_old_file(tmp_path):
    path = tmp_path / "table.csv"
    write_table(path, HEADERS, ROWS)
    before = path.read_bytes()
    with pytest.raises(InputError):
        write_table(path, HEADERS, [["x"]])
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]
