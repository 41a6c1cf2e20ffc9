"""CSV files for `planner import` are parsed as inventories are: no cell is too long, and one
unclosed quote is reported at its own row instead of swallowing the rest of the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.core.errors import PlannerError
from planner.io.importers import NOT_IMPORTED, ImportRequest, import_file, read_csv_table
from planner.io.inventories import preview_inventory
from planner.io.project import read_project

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"
LONG = 200_000


def _csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_a_200000_character_cell_is_read_whole(tmp_path: Path) -> None:
    # Python's csv stopped with "_csv.Error: field larger than field limit (131072)"
    remark = "长" * LONG
    path = _csv(
        tmp_path / "cams.csv",
        f"camera_id,lon,lat,remarks\nC1,120.38,36.07,{remark}\nC2,120.381,36.071,ok\n",
    )
    table = read_csv_table(path)
    assert [row[3] for row in table.rows] == [remark, "ok"]
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    assert result.problems == ()
    assert result.project.cameras["remarks"].tolist() == [remark, "ok"]


def test_a_200000_character_coordinate_is_reported_shortly(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "cams.csv", f"camera_id,lon,lat\nC1,{'9' * LONG},36.07\nC2,120.381,36.071\n"
    )
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    [problem] = result.problems
    assert (problem.row, problem.field, problem.action) == ("2", "lon", NOT_IMPORTED)
    assert len(problem.value) <= 80 and len(problem.message) < 200
    assert result.project.cameras["camera_id"].tolist() == ["C2"]


def test_an_unclosed_quote_is_reported_at_its_row_and_the_rest_is_read(tmp_path: Path) -> None:
    # csv.reader put rows 4 to 6 into one cell of row 3, and the import named row 6
    text = (
        "camera_id,lon,lat,remarks\n"
        "C1,120.380,36.070,gate\n"
        'C2,120.381,36.071,"north side\n'
        "C3,120.382,36.072,corner\n"
        "C4,120.383,36.073,pole\n"
        "C5,120.384,36.074,wall\n"
    )
    path = _csv(tmp_path / "cams.csv", text)
    table = read_csv_table(path)
    assert table.row_numbers == (2, 3, 4, 5, 6)
    assert [row[0] for row in table.rows] == ["C1", "C2", "C3", "C4", "C5"]
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    [problem] = result.problems
    assert (problem.row, problem.severity) == ("3", "warning")
    assert "never closed" in problem.message and problem.file == str(path)
    assert result.project.cameras["camera_id"].tolist() == ["C1", "C2", "C3", "C4", "C5"]
    # the same rows as the inventory reader's
    preview = preview_inventory(path)
    assert preview.row_numbers == table.row_numbers
    assert [n[:5] for n in preview.notes if "never closed" in n] == ["row 3"]


def test_a_line_break_in_quotes_counts_as_one_row(tmp_path: Path) -> None:
    path = _csv(
        tmp_path / "cams.csv",
        'camera_id,lon,lat,remarks\nC1,120.380,36.070,"two\nlines"\nC2,120.381,abc,x\n',
    )
    result = import_file(None, ImportRequest(path=path, target="cameras"))
    assert [(p.row, p.field) for p in result.problems] == [("3", "lat")]
    assert result.project.cameras["remarks"].tolist() == ["two\nlines"]


def test_utf16_and_damaged_utf8_are_read(tmp_path: Path) -> None:
    # Excel's "Unicode text": UTF-16 with tabs
    utf16 = _csv(tmp_path / "u16.txt", "编号\t经度\t纬度\nC1\t120.38\t36.07\n", "utf-16")
    table = read_csv_table(utf16)
    assert (table.encoding, table.delimiter, table.rows) == (
        "utf-16",
        "\t",
        (("C1", "120.38", "36.07"),),
    )
    damaged = tmp_path / "bad.csv"
    text = "camera_id,lon,lat,owner\nC1,120.38,36.07,海晟物业公司\nC2,120.381,36.071,海晟物业公司"
    damaged.write_bytes(text.encode() + b"\xff\xfe\n")
    result = import_file(None, ImportRequest(path=damaged, target="cameras"))
    assert [(p.row, p.field, p.severity) for p in result.problems] == [("3", "owner", "warning")]
    assert result.project.cameras["owner"].tolist() == ["海晟物业公司", "海晟物业公司\ufffd\ufffd"]


def test_planner_import_reads_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, project)
    path = _csv(
        tmp_path / "new.csv",
        f'camera_id,lon,lat,remarks\nN1,120.38,36.07,{"x" * LONG}\nN2,120.381,36.071,"open\n'
        "N3,120.382,36.072,ok\n",
    )
    assert main(["import", str(project), str(path), "--as", "cameras"]) == 0
    _, err = capsys.readouterr()
    assert "row 3" in err and "never closed" in err
    cameras = read_project(project).cameras.set_index("camera_id")
    assert cameras.loc[["N1", "N2", "N3"], "remarks"].str.len().tolist() == [LONG, 4, 2]


#: A sample CSV of cameras, as a user's spreadsheet saves it.
SEED = (
    "camera_id,lon,lat,height_m,remarks\n"
    + "".join(f"C{k},120.38{k},36.07{k},{3 + k % 4},gate {k}\n" for k in range(12))
).encode()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(
            st.integers(0, len(SEED)),
            st.sampled_from([b'"', b",", b";", b"\t", b"\n", b"\r", b"\xff", b"x" * 150_000, b""]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_csv_is_imported_or_reported_row_by_row(tmp_path: Path, edits: list) -> None:
    content = SEED
    for at, data in edits:
        content = content[:at] + data + content[at + (not data) :]
    path = tmp_path / "cams.csv"
    path.write_bytes(content)
    try:
        result = import_file(None, ImportRequest(path=path, target="cameras"))
    except PlannerError:
        return
    counts = result.counts["cameras"]
    reported = {p.row for p in result.problems if p.action == NOT_IMPORTED}
    assert counts.added + len(reported) == counts.read == len(read_csv_table(path).rows)
