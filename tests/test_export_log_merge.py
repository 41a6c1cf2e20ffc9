"""A project kept open while its file's export log grows: the digest and the merge of rows.

``content_digest`` sees everything in the file but the log and the time of the
last save; ``rebased_on_file`` bases an open project on its file again when
only log rows were appended: the file's rows, then the project's own, none
lost, none twice.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.core.errors import FileChangedError
from planner.core.project import Project
from planner.io import gpkg
from planner.io.project import read_project, write_project
from planner.services.export_log import (
    content_digest,
    export_log_of,
    log_export,
    log_row,
    own_log_rows,
    read_export_log,
    rebased_on_file,
    with_log_rows,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "estate.gpkg"
    shutil.copyfile(SAMPLE, copy)
    return copy


def test_the_digest_ignores_log_rows_and_sees_any_other_change(project: Path) -> None:
    before = content_digest(project)
    log_export(project, kind="osm", path="a.geojson")
    log_export(project, kind="kml", path="b.kml")
    assert content_digest(project) == before
    write_project(project, read_project(project))  # a save changing nothing but the time
    assert content_digest(project) == before
    with gpkg.connect(project, read_only=False) as db:
        db.execute("UPDATE cameras SET height_m = 9.5 WHERE camera_id = 'C03'")
        db.commit()
    assert content_digest(project) != before


def test_own_rows_are_those_the_file_does_not_hold(project: Path) -> None:
    log_export(project, kind="osm", path="a.geojson")
    opened = read_project(project)
    assert own_log_rows(opened).empty
    mine = with_log_rows(opened, log_row(kind="map_image", path="m.png", purpose="p"))
    assert list(own_log_rows(mine)["kind"]) == ["map_image"]
    untitled = with_log_rows(Project.empty(opened.crs), log_row(kind="table", path="t"))
    assert list(own_log_rows(untitled)["kind"]) == ["table"]  # no file: every row is its own


def test_rows_appended_meanwhile_are_merged_none_lost_none_twice(
    project: Path, tmp_path: Path
) -> None:
    log_export(project, kind="osm", path="a.geojson", purpose="before")
    opened = read_project(project)
    digest = content_digest(project)
    cameras = opened.cameras.copy()
    cameras.loc[cameras.index[0], "height_m"] = 7.25
    mine = with_log_rows(
        opened.with_layers(cameras=cameras), log_row(kind="map_pdf", path="m.pdf", purpose="w")
    )
    log_export(project, kind="kml", path="b.kml", purpose="cli")  # planner export meanwhile
    with pytest.raises(FileChangedError):
        write_project(project, mine)
    assert content_digest(project) == digest  # only the log changed: safe to adopt
    rebased = rebased_on_file(mine, read_project(project))
    assert list(export_log_of(rebased)["purpose"]) == ["before", "cli", "w"]
    saved = write_project(project, rebased)
    log = read_export_log(project)
    assert list(log["kind"]) == ["osm", "kml", "map_pdf"]
    assert list(log["purpose"]) == ["before", "cli", "w"]
    assert read_project(project).cameras["height_m"].iloc[0] == 7.25
    # based again on an unchanged file: nothing added twice
    again = rebased_on_file(saved, read_project(project))
    assert list(export_log_of(again)["kind"]) == ["osm", "kml", "map_pdf"]
    assert own_log_rows(again).empty


def test_a_printer_is_named_as_given(tmp_path: Path) -> None:
    row = log_row(kind="print", path="Office LaserJet")
    assert row["path"][0] == "Office LaserJet"
    assert Path(log_row(kind="map_image", path="m.png")["path"][0]).is_absolute()
