"""`planner import`: one service for the command line and the window; bad input exits 2."""

from __future__ import annotations

import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from planner.cli import main
from planner.io.importers import default_crs_of
from planner.io.project import read_project

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # the dialog test needs no display

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    path = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, path)
    return path


def _csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _run(*argv: object) -> int:
    return main([str(a) for a in argv])


def test_add_with_mapping_and_constants(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_project(project).cameras
    source = _csv(
        tmp_path / "new.csv",
        "id,lon,lat,bearing,note\nN1,120.38,36.07,90,gate\nN2,120.381,36.071,abc,pole\n"
        f"{before['camera_id'].iloc[0]},120.382,36.072,10,dup\n",
    )
    code = _run(
        "import", project, source, "--as", "cameras", "--map", "id=camera_id",
        "--map", "bearing=bearing_deg", "--set", "status=planned",
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0
    assert "cameras: 1 added, 0 updated, 0 unchanged, 0 replaced, 2 reported" in out
    assert "row 3 (camera_id=N2), field 'bearing_deg' = 'abc': 'abc' is not a number" in err
    assert "row 4" in err and "already in the project" in err
    cameras = read_project(project).cameras
    assert cameras["camera_id"].tolist() == [*before["camera_id"], "N1"]
    added = cameras.iloc[-1]
    assert (added["bearing_deg"], added["status"], added["note"]) == (90.0, "planned", "gate")
    assert cameras["fid"].iloc[:-1].tolist() == before["fid"].tolist()  # old rows keep theirs


def test_update_changes_only_the_given_fields(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = read_project(project).cameras
    first, second = before["camera_id"].iloc[0], before["camera_id"].iloc[3]
    source = _csv(
        tmp_path / "survey.csv",
        f"cam,lon,lat,dir\n{second},0,0,123\n{first},0,0,\nX99,0,0,5\n",
    )
    code = _run(
        "import", project, source, "--as", "cameras", "--mode", "update",
        "--map", "cam=camera_id", "--map", "dir=bearing_deg",
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0
    assert "1 updated, 1 unchanged" in out and "1 reported" in out
    assert "no row with camera_id 'X99'" in err
    after = read_project(project).cameras
    assert after["camera_id"].tolist() == before["camera_id"].tolist()  # order kept
    assert after["fid"].tolist() == before["fid"].tolist()
    assert after["bearing_deg"].iloc[3] == 123.0
    assert after["bearing_deg"].iloc[0] == before["bearing_deg"].iloc[0]  # empty cell: no change
    unchanged = [c for c in before.columns if c not in ("bearing_deg", "geometry")]
    pd.testing.assert_frame_equal(after[unchanged], before[unchanged])
    assert after.geometry.geom_equals_exact(before.geometry, 1e-6).all()  # positions kept


def test_replace_mode_replaces_the_rows(project: Path, tmp_path: Path) -> None:
    source = _csv(tmp_path / "b.csv", "camera_id,lon,lat\nR1,120.38,36.07\nR2,120.39,36.07\n")
    assert _run("import", project, source, "--as", "cameras", "--mode", "replace") == 0
    cameras = read_project(project).cameras
    assert cameras["camera_id"].tolist() == ["R1", "R2"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--set", "status=plan"], "field '--set': status=plan: 'plan' is not one of"),
        (["--set", "colour=red"], "cameras has no field 'colour'"),
        (["--map", "id=cam_id"], "cameras has no field 'cam_id'"),
        (["--map", "nope=owner"], "the file has no column 'nope'"),
        (["--map", "id"], "'id' is not SOURCE=FIELD"),
        (["--source-layer", "roads"], "no layer 'roads'"),
        (["--where", "x = 1"], "not on this file"),
        (["--as", "buildings", "--mode", "update"], "has no id field"),
    ],
)
def test_bad_options_exit_2_and_change_nothing(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    message: str,
) -> None:
    source = _csv(tmp_path / "c.csv", "id,lon,lat\nN1,120.38,36.07\n")
    before = project.read_bytes()
    args = ["import", project, source, "--as", "cameras", "--map", "id=camera_id", *options]
    if "--as" in options[0]:
        args = ["import", project, source, *options]
    assert _run(*args) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
    assert project.read_bytes() == before


def test_nothing_importable_exits_2_without_saving(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _csv(tmp_path / "bad.csv", "camera_id,lon,lat\nA,x,36\n")
    before = project.read_bytes()
    assert _run("import", project, source, "--as", "cameras", "--mode", "replace") == 2
    assert "no row could be imported" in capsys.readouterr().err
    assert project.read_bytes() == before


def test_where_filters_features_and_a_bad_filter_is_named(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tall = (read_project(SAMPLE).buildings["height_m"] > 15).sum()
    args = ["import", project, SAMPLE, "--as", "buildings", "--source-layer", "buildings"]
    assert _run(*args, "--where", "nonexistent = 1") == 2
    assert "the filter 'nonexistent = 1' cannot be used" in capsys.readouterr().err
    assert _run(*args, "--where", "height_m > 15", "--mode", "replace") == 0
    assert len(read_project(project).buildings) == tall


def test_folder_and_damaged_files_are_named(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "x.gpkg"
    folder.mkdir()
    assert _run("import", project, folder, "--as", "cameras") == 2
    assert "x.gpkg: is a folder" in capsys.readouterr().err
    damaged = tmp_path / "damaged.gpkg"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100)
    assert _run("import", project, damaged, "--as", "cameras") == 2
    err = capsys.readouterr().err
    assert "damaged.gpkg" in err and "Traceback" not in err


def test_undefined_srs_needs_crs(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "undefined.gpkg"
    frame = gpd.GeoDataFrame(
        {"camera_id": ["U1"]}, geometry=gpd.points_from_xy([535_000.0], [3_993_000.0]), crs=4549
    )
    pyogrio.write_dataframe(frame, path, layer="cams")
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE gpkg_geometry_columns SET srs_id = -1")
        db.execute("UPDATE gpkg_contents SET srs_id = -1")
    assert default_crs_of(path) is None  # the window asks for one
    assert _run("import", project, path, "--as", "cameras") == 2
    err = capsys.readouterr().err
    assert "undefined CRS" in err and "--crs" in err and "Traceback" not in err
    assert _run("import", project, path, "--as", "cameras", "--crs", "EPSG:4549") == 0
    cameras = read_project(project).cameras
    assert cameras.geometry.iloc[-1].x == pytest.approx(535_000.0)


def test_the_window_dialog_gives_the_same_import(
    qtbot: Any, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    from planner.io.importers import import_file
    from planner.ui.controllers.import_dialog import ImportDialog

    source = _csv(tmp_path / "new.csv", "id,lon,lat,azimuth,Owner\nN1,120.38,36.07,90,pso\n")
    dialog = ImportDialog(path=source)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    columns = [
        dialog.mapping_table.item(r, 0).text() for r in range(dialog.mapping_table.rowCount())
    ]
    assert columns == ["id", "azimuth", "Owner"]  # the coordinates are not offered
    assert dialog.mapping() == {"Owner": "owner"}  # preselected: another spelling of a field
    dialog.set_mapping("id", "camera_id")
    dialog.set_mapping("azimuth", "bearing_deg")
    dialog.add_constant("status", "plan")
    assert not ok.isEnabled()
    assert "'plan' is not one of" in dialog.options_error.text()
    dialog.constants_table.cellWidget(0, 1).setText("planned")
    assert ok.isEnabled() and dialog.options_error.text() == ""
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("replace"))
    choice = dialog.choice()
    assert choice.mapping == {"id": "camera_id", "azimuth": "bearing_deg", "Owner": "owner"}
    assert (choice.constants, choice.mode) == ({"status": "planned"}, "replace")

    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData("buildings"))
    assert dialog.mode_combo.model().item(dialog.mode_combo.findData("update")).isEnabled() is False

    window = import_file(read_project(project), choice.request())
    args = [
        "import", project, source, "--as", "cameras", "--mode", "replace", "--map", "id=camera_id",
        "--map", "azimuth=bearing_deg", "--map", "Owner=owner", "--set", "status=planned",
    ]  # fmt: skip
    assert _run(*args) == 0
    cli = read_project(project).cameras
    columns = ["camera_id", "bearing_deg", "owner", "status"]
    pd.testing.assert_frame_equal(window.project.cameras[columns], cli[columns])


def test_dialog_preview_of_a_gbk_shapefile_is_readable(qtbot: Any, tmp_path: Path) -> None:
    from planner.ui.controllers.import_dialog import ImportDialog

    path = tmp_path / "gbk.shp"
    frame = gpd.GeoDataFrame(
        {"name": ["东门"]}, geometry=gpd.points_from_xy([120.38], [36.07]), crs=4326
    )
    pyogrio.write_dataframe(frame, path, encoding="GBK")
    path.with_suffix(".cpg").unlink()
    dialog = ImportDialog(path=path)
    qtbot.addWidget(dialog)
    assert dialog.preview.item(0, 0).text() == "东门"
