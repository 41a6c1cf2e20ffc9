"""``planner reconcile`` end to end: files in, work list out, registry in the project."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest
from pyproj import Transformer

from planner.cli import main
from planner.core.chinese_coords import wgs84_to_gcj02
from planner.core.chinese_terms import cite
from planner.core.vocabulary import label
from planner.io.project import read_project
from planner.io.worklist import TABLE_COLUMNS, table_headers

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"
CONTRACT = [
    "device_id",
    "pole_no",
    "lon",
    "lat",
    "finding",
    "rule",
    "action",
    "priority",
    "sources",
]
CODE_1 = "37020200001320000001"
CODE_2 = "37020200001320000002"


@pytest.fixture(scope="module")
def places() -> dict[str, tuple[float, float]]:
    """Lon/lat of a few places of the sample estate (Qingdao, EPSG:4549)."""
    project = read_project(SAMPLE)
    to_lonlat = Transformer.from_crs(project.crs, 4326, always_xy=True)
    cams = project.cameras.set_index("camera_id").geometry
    dorm = project.private_areas.set_index("category").geometry["dormitory"]
    out = {name: to_lonlat.transform(cams[name].x, cams[name].y) for name in ("C01", "C02")}
    point = dorm.representative_point()
    out["dorm"] = to_lonlat.transform(point.x, point.y)
    out["far"] = to_lonlat.transform(cams["C01"].x + 2000.0, cams["C01"].y)
    return out


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def inventories(tmp_path: Path, places: dict[str, tuple[float, float]]) -> dict[str, Path]:
    """Police filings in WGS84, a field survey in GCJ-02 (as phone apps record it)."""
    c1, c2, dorm, far = places["C01"], places["C02"], places["dorm"], places["far"]
    filings = _write_csv(
        tmp_path / "备案.csv",
        ["设备编号", "经度", "纬度", "权属单位", "朝向", "安装日期"],
        [
            [CODE_1, f"{c1[0]:.7f}", f"{c1[1]:.7f}", "青岛市公安局", "90", "2024-01-01"],
            [CODE_2, f"{c2[0]:.7f}", f"{c2[1]:.7f}", "万科物业", "0", "2024/3/5"],
            ["", f"{far[0]:.7f}", f"{far[1]:.7f}", "某公司", "", "2023年5月6日"],
        ],
    )

    def gcj(lonlat: tuple[float, float]) -> list[str]:
        lon, lat = wgs84_to_gcj02(*lonlat)
        return [f"{lon:.7f}", f"{lat:.7f}"]

    survey = _write_csv(
        tmp_path / "走访.csv",
        ["设备编号", "经度", "纬度", "状态", "朝向", "标识", "维护单位"],
        [
            [CODE_1, *gcj(c1), "被藤蔓遮挡", "150", "无", "青岛市公安局"],
            [CODE_2, *gcj(c2), "正常", "５", "有", "万科物业"],
            ["", *gcj(dorm), "正常", "", "有", ""],
            ["", "东经120", "36.07", "正常", "", "有", ""],
        ],
    )
    return {"filings": filings, "survey": survey}


def _rows(path: Path) -> list[dict[str, str]]:
    """The work list's rows keyed by column code, whether its headers are English or Chinese."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        codes = list(TABLE_COLUMNS) if header == table_headers(TABLE_COLUMNS, "zh") else header
        return [dict(zip(codes, row, strict=True)) for row in reader]


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_without_project_finds_what_was_planted(
    tmp_path: Path, inventories: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "worklist.csv"
    code, stdout, stderr = _run(
        [
            "reconcile",
            "--source", f"filings={inventories['filings']}",
            "--source", f"survey={inventories['survey']}",
            "--coords", "survey=gcj02",
            "--ruleset", "harbin",
            "--as-of", "2026-11-25",
            "--out", str(out),
        ],
        capsys,
    )  # fmt: skip
    assert code == 0, stderr
    rows = _rows(out)
    assert list(rows[0])[: len(CONTRACT)] == CONTRACT
    found = {(r["device_id"], r["finding_code"]) for r in rows}
    assert (CODE_1, "obstructed") in found  # vines
    # 90° filed, 150° surveyed; but Harbin Art. 19 protects only the cameras of Art. 8's
    # places, and without a project nothing says which places those are: not judged
    assert (CODE_1, "re_aimed") not in found
    assert "protects only the cameras" in stdout
    assert (CODE_1, "no_sign") in found
    assert not any(r["device_id"] == CODE_2 for r in rows)  # bearing ５ (full width) ≈ 0
    by_finding = {r["finding_code"]: r for r in rows}
    # the device near the dormitory exists only in the survey: unregistered and unowned
    assert by_finding["unregistered"]["sources"] == "实地核查"  # Harbin: Chinese by default
    assert by_finding["unowned"]["rule"] == cite("Harbin Measures Art. 23", "zh")
    assert by_finding["no_sign"]["rule"] == cite("Harbin Measures Art. 11", "zh")
    assert by_finding["no_sign"]["action_code"] == "add_sign"
    # the filed device 2 km away lies outside the walked area: not visited, not removed
    assert "removed_but_filed" not in by_finding
    # GCJ-02 undone: the surveyed position of device 1 is back on the filed one
    vines = next(r for r in rows if r["device_id"] == CODE_1)
    assert float(vines["lon"]) == pytest.approx(float(_rows_filed(inventories)[0]), abs=2e-5)
    assert "row 5, field lon" in stderr and "row skipped" in stderr
    assert "obstructed" in stdout


def _rows_filed(inventories: dict[str, Path]) -> list[str]:
    with inventories["filings"].open(encoding="utf-8") as handle:
        return [next(csv.DictReader(handle))["经度"]]


def test_with_project_saves_the_registry_and_remembers_settlements(
    tmp_path: Path, inventories: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project_path = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, project_path)
    out_csv, out_xlsx, out_html = (tmp_path / f"wl.{ext}" for ext in ("csv", "xlsx", "html"))
    args = [
        "reconcile",
        str(project_path),
        "--source", f"filings={inventories['filings']}",
        "--source", f"survey={inventories['survey']}",
        "--coords", "survey=gcj02",
        "--as-of", "2026-11-25",
        "--out", str(out_csv), "--out", str(out_xlsx), "--out", str(out_html),
    ]  # fmt: skip
    code, _, stderr = _run(args, capsys)
    assert code == 0, stderr
    rows = _rows(out_csv)
    forbidden = [r for r in rows if r["finding_code"] == "forbidden_placement"]
    assert len(forbidden) == 1  # the surveyed device inside the dormitory
    assert forbidden[0]["rule"] == cite("Qingdao Measures Art. 9", "zh")
    assert forbidden[0]["priority"] == "1" and rows[0]["finding_code"] == "forbidden_placement"
    # the project's ruleset (Qingdao) is used: re-aiming cites the filing article
    assert {r["rule"] for r in rows if r["finding_code"] == "re_aimed"} == {
        cite("Qingdao Measures Art. 16", "zh")
    }

    project = read_project(project_path)
    assert len(project.cameras) == 15  # the project itself is untouched
    registry = project.extra_layers
    for name in ("survey_devices", "survey_records", "survey_findings", "survey_conflicts"):
        assert name in registry
    records = registry["survey_records"]
    assert len(records) == 6  # 3 filed + 3 surveyed rows kept (1 bad row skipped)
    device_1 = records[records["device_key"] == CODE_1]
    assert sorted(device_1["source"]) == ["filings", "survey"]  # provenance
    assert set(device_1["status"].dropna()) == {"被藤蔓遮挡"}
    assert wb_sheets(out_xlsx) == ["整改清单", "完好率", "台账冲突"]  # Qingdao: Chinese
    assert out_html.read_text(encoding="utf-8").count("<svg") >= 3

    assert registry["survey_conflicts"].empty  # owners agree wherever two sources name one
    code, _, _ = _run(args, capsys)
    again = read_project(project_path).extra_layers
    assert (
        again["survey_findings"]["finding"].tolist()
        == registry["survey_findings"]["finding"].tolist()
    )  # re-running the same import is idempotent
    assert (
        again["survey_devices"]["device_key"].tolist()
        == registry["survey_devices"]["device_key"].tolist()
    )


def wb_sheets(path: Path) -> list[str]:
    return openpyxl.load_workbook(path, read_only=True).sheetnames


def test_settlement_is_remembered_across_runs(
    tmp_path: Path, places: dict[str, tuple[float, float]], capsys: pytest.CaptureFixture[str]
) -> None:
    import pandas as pd

    from planner.io.project import write_project

    c1 = places["C01"]
    filings = _write_csv(
        tmp_path / "f.csv",
        ["设备编号", "经度", "纬度", "权属单位"],
        [[CODE_1, f"{c1[0]:.7f}", f"{c1[1]:.7f}", "A 公司"]],
    )
    prop = _write_csv(
        tmp_path / "p.csv",
        ["设备编号", "经度", "纬度", "权属单位"],
        [[CODE_1, f"{c1[0]:.7f}", f"{c1[1]:.7f}", "B 物业"]],
    )
    project_path = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, project_path)
    args = [
        "reconcile", str(project_path),
        "--source", f"filings={filings}", "--source", f"property={prop}",
        "--as-of", "2026-11-25", "--out", str(tmp_path / "wl.csv"),
    ]  # fmt: skip
    assert _run(args, capsys)[0] == 0
    registry = read_project(project_path).extra_layers
    conflicts = registry["survey_conflicts"]
    assert conflicts["field"].tolist() == ["owner"]
    assert conflicts["device_key"].tolist() == [CODE_1]
    # a person settles it (as the window does): stored in survey_settlements
    project = read_project(project_path)
    settled = pd.DataFrame(
        [{"device_key": CODE_1, "field": "owner", "value": "B 物业", "note": "contract seen",
          "settled_on": "2026-11-20"}]
    )  # fmt: skip
    write_project(project_path, project.with_extra_layers(survey_settlements=settled))
    assert _run(args, capsys)[0] == 0
    registry = read_project(project_path).extra_layers
    conflicts = registry["survey_conflicts"]
    assert conflicts["settled"].tolist() == [True]
    assert conflicts["value"].tolist() == ["B 物业"]
    devices = registry["survey_devices"]
    assert devices.loc[devices["device_key"] == CODE_1, "owner"].tolist() == ["B 物业"]
    assert registry["survey_settlements"]["value"].tolist() == ["B 物业"]  # still on file


def test_bad_arguments_name_the_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(
        ["reconcile", "--source", "nofile", "--out", str(tmp_path / "w.csv")], capsys
    )
    assert code == 2 and "--source" in err
    code, _, err = _run(
        ["reconcile", "--source", f"survey={tmp_path / 'missing.csv'}",
         "--out", str(tmp_path / "w.csv")],
        capsys,
    )  # fmt: skip
    assert code == 2 and "missing.csv" in err and "does not exist" in err
    code, _, err = _run(
        ["reconcile", "--source", "survey=x.csv", "--as-of", "25/11/2026",
         "--out", str(tmp_path / "w.csv")],
        capsys,
    )  # fmt: skip
    assert code == 2 and "--as-of" in err
    code, _, err = _run(
        ["reconcile", "--source", "survey=x.csv", "--out", str(tmp_path / "w.pdf")], capsys
    )
    assert code == 2 and "w.pdf" in err


def test_json_summary_counts_every_finding(
    tmp_path: Path, inventories: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    code, out, _ = _run(
        [
            "reconcile",
            "--source", f"filings={inventories['filings']}",
            "--source", f"survey={inventories['survey']}",
            "--coords", "survey=gcj02",
            "--as-of", "2026-11-25",
            "--format", "json",
            "--out", str(tmp_path / "w.csv"),
        ],
        capsys,
    )  # fmt: skip
    assert code == 0
    summary = json.loads(out)
    rows = _rows(tmp_path / "w.csv")
    assert summary["findings"] == {
        name: sum(r["finding_code"] == name for r in rows) for name in summary["findings"]
    }
    from planner.core.survey import FINDINGS

    assert tuple(summary["findings"]) == FINDINGS  # every finding, counted or 0
    assert summary["devices"] == 4 and summary["records"] == 6 and summary["skipped_rows"] == 1
    assert summary["ruleset"] == "national" and summary["saved_into"] is None
    assert summary["crs"] == "EPSG:4549"  # CGCS2000 / 3-degree Gauss-Kruger CM 120E


def test_the_saved_registry_is_judged_again_without_the_files(
    tmp_path: Path, inventories: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    project_path = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, project_path)
    first, again = tmp_path / "first.csv", tmp_path / "again.csv"
    code, _, err = _run(
        [
            "reconcile", str(project_path),
            "--source", f"filings={inventories['filings']}",
            "--source", f"survey={inventories['survey']}",
            "--coords", "survey=gcj02", "--as-of", "2026-11-25", "--out", str(first),
        ],
        capsys,
    )  # fmt: skip
    assert code == 0, err
    for name in list(inventories.values()):
        name.unlink()  # the inventories are gone: the project alone must do
    code, _, err = _run(["reconcile", str(project_path), "--out", str(again)], capsys)
    assert code == 0, err
    assert _rows(again) == _rows(first)
    meta = read_project(project_path).metadata
    assert meta["survey_as_of"] == "2026-11-25"
    assert json_list(meta["survey_sources"]) == [["filings", "filings"], ["survey", "survey"]]
    # a later date: the same records judged as of then
    code, out, _ = _run(
        ["reconcile", str(project_path), "--as-of", "2027-01-01", "--format", "json",
         "--out", str(again)],
        capsys,
    )  # fmt: skip
    assert code == 0 and '"as_of": "2027-01-01"' in out


def json_list(text: str) -> list[list[str]]:
    import json

    return json.loads(text)


def test_without_sources_and_without_a_saved_survey_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(["reconcile", str(SAMPLE), "--out", str(tmp_path / "w.csv")], capsys)
    assert code == 2 and "--source" in err


def test_a_chinese_ruleset_writes_the_work_list_in_chinese_unless_told(
    tmp_path: Path, inventories: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = [
        "reconcile",
        "--source", f"filings={inventories['filings']}",
        "--source", f"survey={inventories['survey']}",
        "--coords", "survey=gcj02", "--as-of", "2026-11-25", "--ruleset", "harbin",
    ]  # fmt: skip
    zh_csv, zh_html, en_csv = tmp_path / "zh.csv", tmp_path / "zh.html", tmp_path / "en.csv"
    assert _run([*base, "--out", str(zh_csv), "--out", str(zh_html)], capsys)[0] == 0
    assert _run([*base, "--lang", "en", "--out", str(en_csv)], capsys)[0] == 0
    zh, en = _rows(zh_csv), _rows(en_csv)
    # the Chinese file: a BOM for Excel, Chinese headers, the codes kept for machines
    assert zh_csv.read_bytes().startswith(b"\xef\xbb\xbf")
    header = zh_csv.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
    assert header[:4] == ["设备编号", "杆号", "经度（WGS84）", "纬度（WGS84）"]
    assert "finding_code" in header and "经度（高德/腾讯）" in header and "纬度（百度）" in header
    assert list(en[0])[: len(CONTRACT)] == CONTRACT  # English headers: the contract
    # codes, positions and priorities are the same in both; names, rules and sentences change
    same = ("device_id", "pole_no", "lon", "lat", "priority", "finding_code", "action_code")
    assert [[r[c] for c in same] for r in zh] == [[r[c] for c in same] for r in en]
    assert [r["finding_code"] for r in en] == [r["finding"] for r in en]
    assert [r["finding"] for r in zh] == [label("finding", r["finding"], "zh") for r in en]
    assert [r["action"] for r in zh] == [label("action", r["action"], "zh") for r in en]
    assert [r["rule"] for r in zh] == [cite(r["rule"], "zh") for r in en]
    assert all(r["rule"].startswith("《哈尔滨市") and "征求意见稿" in r["rule"] for r in zh)
    no_sign = next(r for r in zh if r["finding_code"] == "no_sign")
    assert no_sign["detail"].startswith("未设置明显标识（实地核查第")
    assert no_sign["finding"] == "未设置明显标识" and no_sign["action"] == "设置明显标识"
    assert next(r for r in en if r["finding"] == "no_sign")["detail"].startswith(
        "no sign (survey row"
    )
    # field staff paste GCJ-02 into Amap: a few hundred metres from WGS84 in Qingdao
    located = next(r for r in zh if r["lon"])
    shift_deg = abs(float(located["lon_gcj02"]) - float(located["lon"]))
    assert 0.001 < shift_deg < 0.01
    page = zh_html.read_text(encoding="utf-8")
    assert "设备权属普查整改清单" in page and "处置措施" in page
