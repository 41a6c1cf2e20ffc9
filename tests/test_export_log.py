"""The export log (Harbin Art. 25(5)): every export appends who, what, when and why."""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.cli import main
from planner.io.project import read_project
from planner.services.export_log import (
    EXPORT_LOG_COLUMNS,
    EXPORT_LOG_TABLE,
    current_user,
    log_export,
    read_export_log,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "estate.gpkg"
    shutil.copyfile(SAMPLE, copy)
    return copy


def _rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY fid').fetchall()


def test_a_row_is_appended_and_nothing_else_changes(project: Path, tmp_path: Path) -> None:
    before = {t: _rows(project, t) for t in ("cameras", "zones", "buildings", "roads")}
    log_export(project, kind="osm", path=tmp_path / "a.geojson", purpose="handover", public=False)
    log_export(project, kind="kml", path="b.kml", purpose="", public=True)
    log = read_export_log(project)
    assert list(log.columns) == list(EXPORT_LOG_COLUMNS)
    assert list(log["kind"]) == ["osm", "kml"]
    assert list(log["purpose"]) == ["handover", ""]
    assert list(log["public"]) == [0, 1]
    assert list(log["user"]) == [current_user()] * 2
    assert all(ISO_UTC.match(t) for t in log["time"])
    assert log["path"][0] == str(tmp_path / "a.geojson")
    assert Path(log["path"][1]).is_absolute()
    assert {t: _rows(project, t) for t in before} == before
    with sqlite3.connect(project) as db:
        declared = db.execute(
            "SELECT data_type FROM gpkg_contents WHERE table_name = ?", (EXPORT_LOG_TABLE,)
        ).fetchone()
    assert declared == ("attributes",)  # a table without geometry
    assert len(read_project(project).cameras) == 15


def test_user_and_time_can_be_given(project: Path) -> None:
    log_export(
        project, kind="report", path="/x/r.html", user="auditor", time="2026-12-03T17:50:00Z"
    )
    row = read_export_log(project).iloc[0]
    assert (row["user"], row["time"], row["kind"]) == ("auditor", "2026-12-03T17:50:00Z", "report")


def test_rows_are_kept_over_many_exports_and_saves(project: Path, tmp_path: Path) -> None:
    for k in range(3):
        log_export(project, kind="osm", path=tmp_path / f"{k}.geojson", purpose=str(k))
    # an ordinary save of the project keeps the log
    assert main(["edit", str(project), "--camera", "C01", "--set", "height_m=5"]) == 0
    log_export(project, kind="kml", path=tmp_path / "x.kml")
    assert list(read_export_log(project)["purpose"]) == ["0", "1", "2", ""]


def test_cli_exports_are_logged(project: Path, tmp_path: Path) -> None:
    osm, kml = tmp_path / "c.osm", tmp_path / "c.kml"
    gaps, views = tmp_path / "gaps.geojson", tmp_path / "views.geojson"
    assert (
        main(["export", str(project), "--osm", str(osm), "--kml", str(kml), "--purpose", "p"]) == 0
    )
    assert main(["coverage", str(project), "--gaps", str(gaps), "--purpose", "audit"]) == 0
    assert main(["views", str(project), "-o", str(views)]) == 0
    log = read_export_log(project)
    assert list(log["kind"]) == ["osm_xml", "kml", "gaps", "views"]
    assert list(log["path"]) == [str(p) for p in (osm, kml, gaps, views)]
    assert list(log["purpose"]) == ["p", "p", "audit", ""]
    assert list(log["public"]) == [0, 0, 0, 0]


def test_a_read_only_project_refuses_the_export_before_writing(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project.chmod(0o444)
    try:
        out = tmp_path / "c.geojson"
        assert main(["export", str(project), "--osm", str(out)]) == 2
        assert not out.exists()
        assert main(["views", str(project), "-o", str(tmp_path / "v.geojson")]) == 2
        assert "Traceback" not in capsys.readouterr().err
    finally:
        project.chmod(0o644)


def test_a_missing_project_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.gpkg"
    assert main(["export", str(missing), "--kml", str(tmp_path / "a.kml")]) == 2
    assert "nope.gpkg" in capsys.readouterr().err


def test_the_log_is_the_planners_own_table(project: Path, tmp_path: Path) -> None:
    log_export(project, kind="osm", path=tmp_path / "a.geojson")
    read = read_project(project)
    assert EXPORT_LOG_TABLE in read.extra_layers  # kept and carried over by every save
    assert not [p for p in read.problems if p.layer == EXPORT_LOG_TABLE]  # no "unknown table"


@pytest.mark.parametrize(("lang", "word"), [((), "建筑物"), (("--lang", "en"), "Buildings")])
def test_the_web_map_speaks_the_projects_language_unless_asked(
    project: Path, tmp_path: Path, lang: tuple[str, ...], word: str
) -> None:
    """The sample is a Qingdao project: its web map is Chinese unless --lang en is given."""
    page = tmp_path / "map.html"
    assert main(["export", str(project), "--web", str(page), *lang]) == 0
    text = page.read_text(encoding="utf-8")
    assert word in text
    assert ("Buildings" in text) == (word == "Buildings")
