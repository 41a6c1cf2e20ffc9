"""The user's inventory is theirs: nothing lost, nothing silently changed, nothing crashes.

Every reading problem names the file, row and field; every row of the file is
either kept or reported; damaged and hostile files give an ``InputError``.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import CRS

from planner.core.errors import InputError
from planner.io.inventories import decode_text, guess_sheet, preview_inventory, read_inventory

# window tests run offscreen (set before pytest-qt creates the application)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

UTM51 = CRS.from_epsg(32651)
CODE = "370202000013200000{:02d}"
HEADER = ["设备编号", "经度", "纬度", "权属单位", "安装地址"]
REPO = Path(__file__).resolve().parents[1]


def _rows(n: int) -> list[list[str]]:
    return [
        [CODE.format(k), f"{120.38 + k * 1e-4:.6f}", "36.07", f"单位{k}", f"路{k}号"]
        for k in range(1, n + 1)
    ]


def _csv_text(rows: list[list[str]], delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def _read(path: Path, **kwargs: object):
    return read_inventory(path, source="s", role="survey", project_crs=UTM51, **kwargs)


def _kept(read) -> list[int]:
    return [int(r) for r in read.records.records["row"]]


# --- CSV --------------------------------------------------------------------------------------


def test_unclosed_quote_is_reported_at_its_row_and_the_rest_is_read(tmp_path: Path) -> None:
    lines = _csv_text(_rows(8)).splitlines()
    # spreadsheet row 4 (header = row 1): the address cell opens a quote and never closes it
    lines[3] = f'{CODE.format(3)},120.380300,36.07,单位3,"路3号'
    path = tmp_path / "broken.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = _read(path)
    assert _kept(read) == list(range(2, 10))  # nothing swallowed, row 4 itself kept
    quoted = [p for p in read.problems if "quote" in p.message]
    assert [p.row for p in quoted] == [4]
    assert "broken.csv" in str(quoted[0])
    addresses = list(read.records.records["address"])
    assert addresses[2] == "路3号" and addresses[3] == "路4号"


def test_unclosed_quote_closed_by_a_later_stray_quote_swallows_nothing(tmp_path: Path) -> None:
    lines = _csv_text(_rows(8)).splitlines()
    lines[2] = f'{CODE.format(2)},120.380200,36.07,"单位2,路2号'
    lines[6] = f'{CODE.format(6)},120.380600,36.07,单位6,路6号"'
    path = tmp_path / "two.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read = _read(path)
    assert _kept(read) == list(range(2, 10))
    assert 3 in {p.row for p in read.problems if "quote" in p.message}


def test_quoted_line_break_is_one_spreadsheet_row(tmp_path: Path) -> None:
    rows = _rows(3)
    rows[0][4] = "香港中路\n1号楼"
    path = tmp_path / "multiline.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    read = _read(path)
    assert _kept(read) == [2, 3, 4]  # the row after the two-line cell is row 3, as Excel shows
    assert read.records.records["address"].iloc[0] == "香港中路\n1号楼"
    assert not read.problems


def test_a_cell_of_200000_characters_is_read(tmp_path: Path) -> None:
    rows = _rows(3)
    rows[1][4] = "长" * 200_000
    path = tmp_path / "long.csv"
    path.write_text(_csv_text(rows), encoding="utf-8")
    read = _read(path)
    assert _kept(read) == [2, 3, 4]
    assert len(list(read.records.records["address"])[1]) == 200_000


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-16", "\t"), ("utf-8-sig", ","), ("utf-8-sig", "\t"), ("utf-16-le", "\t")],
)
def test_unicode_text_and_utf8_with_bom(tmp_path: Path, encoding: str, delimiter: str) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes(_csv_text(_rows(4), delimiter).encode(encoding))
    if encoding == "utf-16":
        assert path.read_bytes()[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    read = _read(path)
    assert read.columns["设备编号"] == "device_id"  # the BOM is not part of the first header
    assert list(read.records.records["owner"]) == ["单位1", "单位2", "单位3", "单位4"]
    assert not read.problems


def test_a_damaged_byte_in_utf8_is_reported_not_turned_into_gbk(tmp_path: Path) -> None:
    data = bytearray(_csv_text(_rows(6)).encode("utf-8"))
    data[data.index("单位3".encode())] = 0xFF  # one byte of one character destroyed
    path = tmp_path / "damaged.csv"
    path.write_bytes(bytes(data))
    read = _read(path)
    assert read.records.records["owner"].iloc[0] == "单位1"  # still UTF-8
    assert _kept(read) == list(range(2, 8))
    assert [(p.row, p.field) for p in read.problems] == [(4, "owner")]


def test_sign_yes_no_headers_and_values(tmp_path: Path) -> None:
    for header in ("是否有标识", "有无标识", "标识(有/无)"):
        path = tmp_path / "sign.csv"
        path.write_text(
            f"设备编号,经度,纬度,{header}\n"
            + "".join(
                f"{CODE.format(k)},120.38,36.07,{v}\n"
                for k, v in enumerate(["是", "否", "有", "无", "Y", "N"], start=1)
            ),
            encoding="utf-8",
        )
        read = _read(path)
        assert read.columns[header] == "has_sign"
        assert list(read.records.records["has_sign"]) == [True, False, True, False, True, False]


def test_unrecognised_columns_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(
        f"设备编号,经度,纬度,巡检人,联系人\n{CODE.format(1)},120.38,36.07,x,y\n", encoding="utf-8"
    )
    assert _read(path).unrecognised == ("巡检人", "联系人")


# --- Excel ------------------------------------------------------------------------------------


def _workbook(path: Path, rows: list[list[object]], *, cover: bool = False) -> openpyxl.Workbook:
    book = openpyxl.Workbook()
    sheet = book.active
    if cover:
        sheet.title = "封面"
        sheet["A1"] = "某区视频监控设备台账"
        sheet = book.create_sheet("台账")
    else:
        sheet.title = "台账"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return book


def _merged_owners(path: Path, n: int, first: int) -> Path:
    """A workbook of ``n`` devices whose owner cell is merged from row ``first`` to the end."""
    rows: list[list[object]] = [list(r) for r in _rows(n)]
    for r in rows[first - 1 :]:
        r[3] = None
    book = _workbook(path, rows)
    book.active.merge_cells(f"D{first}:D{n + 1}")
    book.save(path)
    return path


def test_merged_owner_cell_is_filled_down_and_noted(tmp_path: Path) -> None:
    read = _read(_merged_owners(tmp_path / "merged.xlsx", 6, 3))  # 单位2 over rows 3–7
    owners = list(read.records.records["owner"])
    assert owners == ["单位1", "单位2", "单位2", "单位2", "单位2", "单位2"]
    merged = [p for p in read.problems if "merged" in p.message]
    assert [(p.row, p.field, p.action) for p in merged] == [(3, "owner", "value filled down")]
    assert "D3:D7" in merged[0].message


def test_a_header_merged_over_two_rows_is_not_copied_into_the_data(tmp_path: Path) -> None:
    path = tmp_path / "header.xlsx"
    rows: list[list[object]] = [list(r) for r in _rows(3)]
    rows[0][4] = None
    book = _workbook(path, rows)
    book.active.merge_cells("E1:E2")  # 安装地址 over the header and the first data row
    book.save(path)
    read = _read(path)
    assert list(read.records.records["address"]) == [None, "路2号", "路3号"]


def test_merged_cells_give_no_false_unowned_findings(tmp_path: Path) -> None:
    from planner.io.rulesets import load_ruleset
    from planner.io.survey import load_sources, source_specs
    from planner.services.survey import run_survey

    path = _merged_owners(tmp_path / "property.xlsx", 5, 2)
    loaded = load_sources(source_specs([("property", path)]), project_crs=UTM51)
    result = run_survey(loaded, ruleset=load_ruleset("qingdao"), as_of=dt.date(2026, 11, 25))
    assert result.count("unowned") == 0


def test_cover_sheet_first_needs_the_sheet_named(tmp_path: Path) -> None:
    path = tmp_path / "cover.xlsx"
    _workbook(path, _rows(3), cover=True)
    with pytest.raises(InputError) as caught:
        _read(path)
    assert "台账" in str(caught.value) and "cover.xlsx" in str(caught.value)
    assert _kept(_read(path, sheet="台账")) == [2, 3, 4]
    assert guess_sheet(path) == "台账"


def test_hidden_rows_are_read_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "hidden.xlsx"
    book = _workbook(path, _rows(6))
    for r in (4, 5):
        book.active.row_dimensions[r].hidden = True
    book.save(path)
    read = _read(path)
    assert _kept(read) == list(range(2, 8))
    hidden = [p for p in read.problems if "hidden" in p.message]
    assert [(p.row, p.action) for p in hidden] == [(4, "kept")]
    assert "rows 4–5" in hidden[0].message


def test_formula_without_a_cached_value_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "formula.xlsx"
    rows: list[list[object]] = [list(r) for r in _rows(3)]
    rows[1][1] = "=120.38+0.0002"  # openpyxl writes the formula without computing it
    rows[2][3] = '=CONCAT("单位","3")'
    _workbook(path, rows)
    read = _read(path)
    by_row = {p.row: p for p in read.problems}
    assert by_row[3].field == "lon" and by_row[3].action == "row skipped"
    assert "formula" in by_row[3].message and "never computed" in by_row[3].message
    assert "Excel" in by_row[3].message
    assert by_row[4].field == "owner" and by_row[4].action == "value ignored"
    assert _kept(read) == [2, 4]
    preview = preview_inventory(path)
    assert preview.rows[1][1].startswith("=120.38+0.0002")


def test_damaged_xlsx_is_an_input_error(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    _workbook(good, _rows(3))
    data = bytearray(good.read_bytes())
    with zipfile.ZipFile(good) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for k in range(start + 5, start + min(info.compress_size, 60)):
        data[k] ^= 0x5A  # corrupt the deflate stream: zlib.error
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(bytes(data))
    with pytest.raises(InputError) as caught:
        _read(bad)
    assert "bad.xlsx" in str(caught.value)


def _replace_member(path: Path, member: str, text: str) -> None:
    with zipfile.ZipFile(path) as archive:
        items = [(i, archive.read(i)) for i in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in items:
            archive.writestr(info, text.encode() if info.filename == member else data)


def test_xml_entity_expansion_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    _workbook(path, _rows(2))
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + k)} "{("&" + chr(97 + k) + ";") * 10}">' for k in range(8)
    )
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    body = sheet[sheet.index("<worksheet") :]
    cell = '<row r="9"><c r="A9" t="inlineStr"><is><t>&i;</t></is></c></row>'
    body = body.replace("</sheetData>", f"{cell}</sheetData>")
    bomb = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>{body}'
    _replace_member(path, "xl/worksheets/sheet1.xml", bomb)
    with pytest.raises(InputError) as caught:
        _read(path)
    assert "bomb.xlsx" in str(caught.value)
    assert "entit" in str(caught.value)


# --- planner reconcile ------------------------------------------------------------------------


def _survey_csv(path: Path) -> Path:
    text = _csv_text(_rows(4)).replace("安装地址", "巡检人")
    lines = text.splitlines()
    lines[0] += ",联系人"
    path.write_text("\n".join(line + ",x" if k else line for k, line in enumerate(lines)) + "\n")
    return path


def test_reconcile_sheet_option_and_unrecognised_columns_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.cli import main

    book = tmp_path / "filings.xlsx"
    _workbook(book, _rows(4), cover=True)
    survey = _survey_csv(tmp_path / "survey.csv")
    base = ["reconcile", "--source", f"filings={book}", "--source", f"survey={survey}"]
    base += ["--as-of", "2026-11-25", "--out", str(tmp_path / "w.csv"), "--format", "json"]
    assert main(base) == 2  # the cover page has no inventory
    assert "--sheet" in capsys.readouterr().err
    assert main([*base, "--sheet", "nobody=台账"]) == 2
    assert "nobody" in capsys.readouterr().err
    assert main([*base, "--sheet", "filings=台账"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["unrecognised_columns"] == {
        "filings": [],
        "survey": ["巡检人", "联系人"],
    }
    assert summary["records"] == 8
    assert main([*base[:-2], "--sheet", "台账"]) == 0
    assert "not read: survey: 巡检人, 联系人" in capsys.readouterr().out


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_reconcile_refuses_to_write_over_an_inventory(
    tmp_path: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.cli import main

    survey = _survey_csv(tmp_path / "survey.csv")
    before = survey.read_bytes()
    out = tmp_path / "out.csv"
    if how == "same":
        out = survey
    elif how == "symlink":
        out.symlink_to(survey)
    else:
        os.link(survey, out)
    code = main(["reconcile", "--source", f"survey={survey}", "--out", str(out)])
    assert code == 2
    assert "--out" in capsys.readouterr().err
    assert survey.read_bytes() == before


def test_reconcile_out_under_a_file_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.cli import main

    survey = _survey_csv(tmp_path / "survey.csv")
    code = main(["reconcile", "--source", f"survey={survey}", "--out", str(survey / "w.csv")])
    assert code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "w.csv" in err


# --- the import wizard ------------------------------------------------------------------------


def test_wizard_picks_the_inventory_sheet_past_a_cover_page(tmp_path: Path, qtbot) -> None:
    from planner.ui.controllers.survey_wizard import MappingEditor

    path = tmp_path / "cover.xlsx"
    _workbook(path, _rows(3), cover=True)
    editor = MappingEditor(path)
    qtbot.addWidget(editor)
    assert editor.sheet == "台账" and editor.problem() == ""
    assert editor.part_combo.isVisibleTo(editor)
    editor.choose_part("封面")  # the cover page holds no inventory…
    assert editor.problem() != ""
    assert editor.part_combo.isVisibleTo(editor)
    editor.choose_part("台账")
    assert editor.sheet == "台账" and editor.problem() == ""

    book = openpyxl.load_workbook(path)
    book["封面"]["A1"] = None  # an empty first sheet cannot be read at all…
    book.save(path)
    editor = MappingEditor(path)
    qtbot.addWidget(editor)
    assert editor.sheet == "台账"
    editor.choose_part("封面")
    assert editor.preview is None and "封面" in editor.problem()
    assert editor.part_combo.isVisibleTo(editor)  # …but another sheet can still be chosen
    editor.choose_part("台账")
    assert editor.sheet == "台账" and editor.problem() == ""


def test_wizard_lists_unrecognised_columns_and_what_the_reader_noticed(
    tmp_path: Path, qtbot
) -> None:
    from planner.ui.controllers.survey_wizard import MappingEditor

    survey = _survey_csv(tmp_path / "survey.csv")
    editor = MappingEditor(survey)
    qtbot.addWidget(editor)
    assert editor.unrecognised() == ["巡检人", "联系人"]
    assert "巡检人, 联系人" in editor.status_label.text()
    editor.set_field("巡检人", "address")
    assert editor.unrecognised() == ["联系人"]

    merged = _merged_owners(tmp_path / "merged.xlsx", 6, 3)
    editor = MappingEditor(merged)
    qtbot.addWidget(editor)
    assert "D3:D7" in editor.status_label.text()


# --- fuzzing with mutated real files ---------------------------------------------------------

SAMPLES = REPO / "data" / "inventories"
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_SPECIAL = [b'"', b",", b"\n", b"\r", b"\t", b";", b"\x00", b"\xff", "经".encode(), b"=1+1"]


def _mutate_bytes(data: bytes, ops: list[tuple[str, int, int]]) -> bytes:
    """Flip, insert, delete bytes, insert characters CSV cares about, truncate."""
    out = bytearray(data)
    for op, at, value in ops:
        k = at % (len(out) + 1)
        if op == "flip" and out:
            out[k % len(out)] ^= 1 << (value % 8)
        elif op == "insert":
            out[k:k] = bytes([value % 256])
        elif op == "special":
            out[k:k] = _SPECIAL[value % len(_SPECIAL)]
        elif op == "delete" and out:
            del out[k % len(out)]
        elif op == "truncate":
            del out[k:]
    return bytes(out)


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "special", "delete", "truncate"]),
        st.integers(0, 1 << 20),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=6,
)


def _shuffle_cells(text: str, seed: int) -> str:
    """Shuffle the cells of one line (a column moved by hand)."""

    lines = text.split("\n")
    rng = random.Random(seed)
    k = rng.randrange(len(lines))
    cells = lines[k].split(",")
    rng.shuffle(cells)
    lines[k] = ",".join(cells)
    return "\n".join(lines)


def _check_every_row_accounted_for(path: Path) -> None:
    """No exception but InputError; every data row is kept or reported as skipped."""
    try:
        read = _read(path)
        shown = preview_inventory(path, rows=10**9)
    except InputError as exc:
        assert path.name in str(exc) or exc.file is None or path.name in exc.file
        return
    kept = _kept(read)
    skipped = {p.row for p in read.problems if p.action.startswith("row skipped")}
    assert len(kept) == len(set(kept))
    assert not set(kept) & skipped
    assert set(kept) | skipped == set(shown.row_numbers)
    for problem in read.problems:
        assert Path(problem.file).name == path.name
        assert problem.row >= 1 and problem.field


@pytest.mark.parametrize("name", ["survey.csv", "platform.csv", "property.csv"])
@FUZZ
@given(ops=_OPS, shuffle=st.one_of(st.none(), st.integers(0, 1000)))
def test_fuzzed_csv_inventories_lose_no_row(
    tmp_path: Path, name: str, ops: list[tuple[str, int, int]], shuffle: int | None
) -> None:
    data = (SAMPLES / name).read_bytes()
    if shuffle is not None:
        text, _ = decode_text(data)
        data = _shuffle_cells(text, shuffle).encode("utf-8")
    path = tmp_path / name
    path.write_bytes(_mutate_bytes(data, ops))
    _check_every_row_accounted_for(path)


_XML_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["value", "drop_close", "formula", "dup_row", "bytes", "merge", "hide"]),
        st.integers(0, 1 << 16),
        st.text(max_size=12),
    ),
    min_size=1,
    max_size=4,
)


def _edit_sheet_xml(xml: str, edits: list[tuple[str, int, str]]) -> str:
    """Damage the cell XML the way hand edits and broken exporters do."""
    for op, at, text in edits:
        cells = [m.start() for m in re.finditer(r"<c ", xml)] or [0]
        where = cells[at % len(cells)]
        end = xml.find("</c>", where)
        if op == "value" and end > 0:  # any text (escaped) in place of a cell's value
            ref = re.match(r'<c r="([A-Z]+[0-9]+)"', xml[where:])
            safe = text.replace("&", "&amp;").replace("<", "&lt;")
            name = ref.group(1) if ref else "A1"
            cell = f'<c r="{name}" t="inlineStr"><is><t>{safe}</t></is></c>'
            xml = xml[:where] + cell + xml[end + 4 :]
        elif op == "drop_close" and end > 0:
            xml = xml[:end] + xml[end + 4 :]
        elif op == "formula" and end > 0:
            xml = xml[:end] + "<f>SUM(A1:A3)</f>" + xml[end:]
        elif op == "dup_row":
            first, last = xml.rfind("<row ", 0, where + 1), xml.find("</row>", where)
            if first >= 0 and last > 0:
                xml = xml[: last + 6] + xml[first : last + 6] + xml[last + 6 :]
        elif op == "bytes":
            k = at % max(len(xml), 1)
            xml = xml[:k] + text + xml[k + 1 :]
        elif op == "merge":
            top = 2 + at % 10
            ref = f"D{top}:D{top + 1 + at % 6}"
            merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
            xml = xml.replace("</sheetData>", f"</sheetData>{merge}", 1)
        elif op == "hide":
            row = 3 + at % 12
            xml = xml.replace(f'<row r="{row}"', f'<row hidden="1" r="{row}"', 1)
    return xml


@FUZZ
@given(edits=_XML_EDITS, ops=st.one_of(st.none(), _OPS))
def test_fuzzed_xlsx_inventories_lose_no_row(
    tmp_path: Path, edits: list[tuple[str, int, str]], ops: list[tuple[str, int, int]] | None
) -> None:
    source = SAMPLES / "filings.xlsx"
    path = tmp_path / "filings.xlsx"
    with zipfile.ZipFile(source) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            if info.filename == "xl/worksheets/sheet1.xml":
                data = _edit_sheet_xml(data.decode("utf-8"), edits).encode("utf-8", "replace")
            archive.writestr(info, data)
    if ops is not None:  # and then the bytes of the zip itself
        path.write_bytes(_mutate_bytes(path.read_bytes(), ops))
    _check_every_row_accounted_for(path)


def test_wizard_reads_the_coordinates_note_of_the_sheet_past_the_cover(
    tmp_path: Path, qtbot
) -> None:
    from planner.ui.controllers.survey_wizard import FilesPage

    path = tmp_path / "platform.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "说明"
    sheet = book.create_sheet("数据")
    sheet.append(["国标编码", "经度(GCJ-02)", "纬度(GCJ-02)"])
    sheet.append([CODE.format(1), 120.38, 36.07])
    book.save(path)
    page = FilesPage()
    qtbot.addWidget(page)
    page.add_file(path, role="platform")
    assert page.entries() == [(path, "platform", "gcj02")]
