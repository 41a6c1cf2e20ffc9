"""The bundled inventories of the sample estate: every planted finding is found."""

from __future__ import annotations

import datetime as dt
import filecmp
import importlib.util
from pathlib import Path

import pytest

from planner.io.project import read_project
from planner.io.rulesets import load_ruleset
from planner.io.survey import load_sources, source_specs
from planner.services.survey import run_survey

DATA = Path(__file__).resolve().parents[1] / "data"
INVENTORIES = DATA / "inventories"
PLANTED = {
    ("C14", "forbidden_placement"),
    ("C03", "obstructed"),
    ("C05", "fault"),
    ("C06", "offline"),
    ("C11", "fault"),
    ("C04", "unowned"),
    ("C09", "unowned"),
    ("C10", "unowned"),
    ("C13", "unregistered"),
    ("C15", "unregistered"),
    ("removed", "removed_but_filed"),
    ("C07", "re_aimed"),
    ("C10", "no_sign"),
    ("C04", "not_connected"),  # not on the platform (seed 000: not connected)
    ("C09", "not_connected"),
    ("C10", "not_connected"),
    ("C02", "duplicate"),
}


def _camera_of(device_id: str) -> str:
    serial = int(device_id[-7:])
    return "removed" if serial == 99 else f"C{serial:02d}"


@pytest.fixture(scope="module")
def survey():
    project = read_project(DATA / "sample_estate.gpkg")
    specs = source_specs(
        [
            (role, INVENTORIES / name)
            for role, name in (
                ("filings", "filings.xlsx"),
                ("platform", "platform.csv"),
                ("property", "property.csv"),
                ("survey", "survey.csv"),
            )
        ],
    )  # fmt: skip  (no coords: the platform's headers say 经度(GCJ-02))
    loaded = load_sources(specs, project_crs=project.crs)
    result = run_survey(
        loaded, ruleset=load_ruleset(project.ruleset), as_of=dt.date(2026, 11, 25), project=project
    )
    return loaded, result


def test_every_planted_finding_and_nothing_else(survey) -> None:
    _, result = survey
    found = {
        (_camera_of(str(d.value("device_id"))), f.finding)
        for f in result.findings
        for d in result.matching.devices
        if d.device_key == f.device_key
    }
    assert found == PLANTED


def test_one_device_per_camera_and_the_bad_row_reported(survey) -> None:
    loaded, result = survey
    assert dict(loaded.coords) == {
        "filings": "wgs84", "platform": "gcj02", "property": "wgs84", "survey": "wgs84"
    }  # fmt: skip
    assert len(result.matching.devices) == 16  # 15 cameras + the removed one
    assert [(p.source, p.row, p.field) for p in loaded.problems] == [("survey", 17, "lon")]


def test_the_generator_writes_the_bundled_text_files(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "sample_inventories", DATA / "sample_inventories.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.author(tmp_path)
    for name in ("platform.csv", "property.csv", "survey.csv"):
        assert filecmp.cmp(tmp_path / name, INVENTORIES / name, shallow=False), name
