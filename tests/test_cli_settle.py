"""``planner reconcile --settle DEVICE_KEY:FIELD=VALUE``: the window's Settle, headless."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner.cli import main
from planner.io.project import read_project

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"
CODE = "37020200001320000077"


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    project = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, project)
    filings = tmp_path / "filings.csv"
    filings.write_text(
        f"设备编码,经度,纬度,权属单位\n{CODE},120.3800,36.0700,市南区城管局\n", "utf-8"
    )
    survey = tmp_path / "survey.csv"
    survey.write_text(
        f"设备编码,经度,纬度,权属单位,状态\n{CODE},120.38001,36.07001,海晟物业公司,正常\n", "utf-8"
    )
    return {"project": project, "filings": filings, "survey": survey}


def _run(inputs: dict[str, Path], capsys: pytest.CaptureFixture[str], *extra: str) -> dict:
    code = main(
        [
            "reconcile", str(inputs["project"]),
            "--source", f"filings={inputs['filings']}", "--source", f"survey={inputs['survey']}",
            "--as-of", "2026-11-25", "--out", str(inputs["project"].with_name("w.csv")),
            "--format", "json", *extra,
        ]
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return json.loads(captured.out)


def test_a_settled_owner_closes_the_conflict_and_is_remembered(
    inputs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    first = _run(inputs, capsys)
    assert (first["conflicts"], first["settled"]) == (1, 0)
    settled = _run(inputs, capsys, "--settle", f"{CODE}:owner=海晟物业公司")
    assert (settled["conflicts"], settled["settled"]) == (0, 1)
    project = read_project(inputs["project"])
    table = project.extra_layers["survey_settlements"]
    assert table[["device_key", "field", "value"]].values.tolist() == [
        [CODE, "owner", "海晟物业公司"]
    ]
    devices = project.extra_layers["survey_devices"]
    assert devices.set_index("device_key").loc[CODE, "owner"] == "海晟物业公司"
    # a later run without --settle keeps the decision
    again = _run(inputs, capsys)
    assert (again["conflicts"], again["settled"]) == (0, 1)


@pytest.mark.parametrize("bad", ["owner=x", f"{CODE}:colour=red", f"{CODE}:owner="])
def test_a_bad_settlement_exits_2_naming_the_option(
    inputs: dict[str, Path], capsys: pytest.CaptureFixture[str], bad: str
) -> None:
    code = main(
        [
            "reconcile", str(inputs["project"]), "--source", f"filings={inputs['filings']}",
            "--out", str(inputs["project"].with_name("w.csv")), "--settle", bad,
        ]
    )  # fmt: skip
    assert code == 2
    assert "--settle" in capsys.readouterr().err
