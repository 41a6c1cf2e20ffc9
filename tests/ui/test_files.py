"""FileController: open, save, import, unsaved-changes prompt, recent files, autosave."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from geopandas.testing import assert_geodataframe_equal
from pyproj import CRS, Transformer
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QMessageBox, QWidget

import planner.ui.controllers.files as files
from planner.core.errors import CancelledError
from planner.io.project import read_project
from planner.ui.controllers.files import (
    FileController,
    NewProjectDialog,
    ProblemsDialog,
    autosave_path_for,
    default_crs_for_ruleset,
)
from planner.ui.controllers.import_dialog import ImportChoice, ImportDialog
from planner.ui.document import ProjectDocument

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample_estate.gpkg"
TOWN_OSM = ROOT / "tests" / "data" / "osm" / "town.osm"
Button = QMessageBox.StandardButton


@dataclass
class Dialogs:
    """What the controller asked or showed; ``answers`` feeds the question boxes in turn."""

    errors: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)
    problems: list[tuple[str, ...]] = field(default_factory=list)
    answers: list[QMessageBox.StandardButton] = field(default_factory=list)
    open_file: str = ""
    save_file: str = ""


@pytest.fixture(autouse=True)
def _test_paths() -> Iterator[None]:
    # untitled autosaves go to a throw-away AppDataLocation, not the developer's
    QStandardPaths.setTestModeEnabled(True)
    yield
    QStandardPaths.setTestModeEnabled(False)


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    seen = Dialogs()

    def critical(parent: Any, title: str, text: str, *args: Any) -> Button:
        seen.errors.append(f"{title}: {text}")
        return Button.Ok

    def question(parent: Any, title: str, text: str, *args: Any) -> Button:
        seen.questions.append(text)
        if not seen.answers:
            raise AssertionError(f"unexpected question: {text}")
        return seen.answers.pop(0)

    def problems_exec(dialog: ProblemsDialog) -> int:
        raise AssertionError("problems are listed in the Problems panel, never in a modal dialog")

    report = FileController._report_problems

    def reported(self: FileController, problems: Any, *, replace: bool) -> None:
        if problems:
            seen.problems.append(tuple(str(p) for p in problems))
        report(self, problems, replace=replace)

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(ProblemsDialog, "exec", problems_exec)
    monkeypatch.setattr(FileController, "_report_problems", reported)

    def modal(box: QMessageBox) -> int:
        raise AssertionError(f"unexpected modal message box: {box.text()}")

    monkeypatch.setattr(QMessageBox, "exec", modal)
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (seen.open_file, ""))
    )
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (seen.save_file, ""))
    )
    return seen


def _controller(qtbot: Any, tmp_path: Path, *, interval_ms: int = 3_600_000) -> FileController:
    window = QWidget()
    qtbot.addWidget(window)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    controller = FileController(
        ProjectDocument(window), window, settings, autosave_interval_ms=interval_ms
    )
    return controller


@pytest.fixture
def controller(qtbot: Any, tmp_path: Path, dialogs: Dialogs) -> Iterator[FileController]:
    controller = _controller(qtbot, tmp_path)
    yield controller
    controller.shutdown()


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, path)
    return path


def _add_camera(controller: FileController) -> str:
    point = controller.document.project.cameras.geometry.iloc[0]
    return controller.document.add_camera({"x": point.x + 5.0, "y": point.y + 5.0})


# --- open --------------------------------------------------------------------------------


def test_open_loads_the_project(
    qtbot: Any, controller: FileController, sample: Path, dialogs: Dialogs
) -> None:
    with qtbot.waitSignals([controller.busy, controller.idle]):
        assert controller.open_path_blocking(sample)
    document = controller.document
    assert document.is_open
    assert document.path == sample
    assert not document.is_modified
    assert len(document.project.cameras) == len(read_project(SAMPLE).cameras)
    assert controller.recent_files() == [sample.resolve()]
    assert dialogs.errors == []
    assert dialogs.problems == []


def test_open_action_asks_for_the_file(
    qtbot: Any, controller: FileController, sample: Path, dialogs: Dialogs
) -> None:
    dialogs.open_file = str(sample)
    with qtbot.waitSignal(controller.document.projectReplaced):
        controller.open_action.trigger()
    assert controller.document.path == sample


def test_corrupt_file_leaves_the_open_project_loaded(
    controller: FileController, sample: Path, tmp_path: Path, dialogs: Dialogs
) -> None:
    controller.open_path_blocking(sample)
    project = controller.document.project
    corrupt = tmp_path / "corrupt.gpkg"
    corrupt.write_text("this is not a GeoPackage", encoding="utf-8")

    assert not controller.open_path_blocking(corrupt)

    assert len(dialogs.errors) == 1
    assert str(corrupt) in dialogs.errors[0]
    assert "not a GeoPackage" in dialogs.errors[0]
    assert controller.document.project is project
    assert controller.document.path == sample


def test_rows_skipped_while_reading_are_listed_once(
    controller: FileController, tmp_path: Path, dialogs: Dialogs
) -> None:
    # a GeoPackage with only a cameras layer: every other layer is reported missing
    project = read_project(SAMPLE)
    only_cameras = tmp_path / "cameras_only.gpkg"
    project.cameras.to_file(only_cameras, layer="cameras", driver="GPKG")

    assert controller.open_path_blocking(only_cameras)

    assert len(dialogs.problems) == 1
    listed = dialogs.problems[0]
    assert any("layer 'zones'" in line and "missing" in line for line in listed)


def test_cancel_keeps_the_open_project(
    qtbot: Any,
    controller: FileController,
    sample: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller.open_path_blocking(sample)
    project = controller.document.project

    def slow(source: Path, path: Path, modified: bool, progress: Any) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if progress.cancelled:
                raise CancelledError("cancelled")
            time.sleep(0.01)
        raise AssertionError("never cancelled")

    monkeypatch.setattr(files, "_load_project", slow)
    assert controller.open(sample)
    assert controller.is_busy
    assert not controller.open_action.isEnabled()
    with qtbot.waitSignal(controller.idle, timeout=5_000):
        controller.cancel_current()
    assert controller.document.project is project
    assert dialogs.errors == []
    assert controller.open_action.isEnabled()


# --- save --------------------------------------------------------------------------------


def test_save_as_writes_a_readable_copy(
    controller: FileController, sample: Path, tmp_path: Path, dialogs: Dialogs
) -> None:
    controller.open_path_blocking(sample)
    _add_camera(controller)
    assert controller.document.is_modified
    dialogs.save_file = str(tmp_path / "copy")  # the suffix is added

    assert controller.save_as()

    target = tmp_path / "copy.gpkg"
    assert controller.document.path == target
    assert not controller.document.is_modified
    assert_geodataframe_equal(
        read_project(target).cameras,
        controller.document.project.cameras,
        check_less_precise=True,
    )
    assert controller.recent_files()[0] == target.resolve()


def test_save_of_untitled_project_asks_where(
    controller: FileController, tmp_path: Path, dialogs: Dialogs
) -> None:
    controller.create_project("qingdao", "EPSG:4549")
    controller.wait()
    dialogs.save_file = ""  # the user cancels the save dialog
    assert not controller.save()
    dialogs.save_file = str(tmp_path / "fresh.gpkg")
    assert controller.save()
    assert read_project(tmp_path / "fresh.gpkg").ruleset == "qingdao"


def test_save_error_is_shown_and_the_project_stays_modified(
    controller: FileController, sample: Path, tmp_path: Path, dialogs: Dialogs
) -> None:
    controller.open_path_blocking(sample)
    _add_camera(controller)
    blocker = tmp_path / "a_file"
    blocker.write_text("", encoding="utf-8")

    assert not controller.save_as(blocker / "inside.gpkg")  # its folder is a file

    assert len(dialogs.errors) == 1
    assert "inside.gpkg" in dialogs.errors[0]
    assert controller.document.is_modified
    assert controller.document.path == sample


# --- unsaved changes ---------------------------------------------------------------------


def test_maybe_save_answers(controller: FileController, sample: Path, dialogs: Dialogs) -> None:
    controller.open_path_blocking(sample)
    assert controller.maybe_save()  # nothing to save: no question
    assert dialogs.questions == []

    _add_camera(controller)
    dialogs.answers = [Button.Cancel]
    assert not controller.maybe_save()
    assert controller.document.is_modified

    dialogs.answers = [Button.Save]
    assert controller.maybe_save()
    assert not controller.document.is_modified
    assert len(read_project(sample).cameras) == len(controller.document.project.cameras)

    _add_camera(controller)
    dialogs.answers = [Button.Discard]
    assert controller.maybe_save()
    assert len(dialogs.questions) == 3


def test_open_with_unsaved_changes_asks_first(
    controller: FileController, sample: Path, dialogs: Dialogs
) -> None:
    controller.open_path_blocking(sample)
    _add_camera(controller)
    dialogs.answers = [Button.Cancel]
    assert not controller.open_path_blocking(sample)
    assert controller.document.is_modified


# --- new ---------------------------------------------------------------------------------


def test_new_project_is_empty_and_untitled(
    controller: FileController, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(NewProjectDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    assert controller.new_project()
    controller.wait()
    document = controller.document
    assert document.is_open
    assert document.path is None
    assert len(document.project.cameras) == 0
    assert document.project.crs.equals(CRS.from_epsg(4549))  # national ruleset preselected
    assert document.project.ruleset == "national"


def test_new_project_dialog_defaults(qtbot: Any) -> None:
    dialog = NewProjectDialog()
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.ruleset_combo.setCurrentIndex(dialog.ruleset_combo.findData("national"))
    assert dialog.crs_text() == "EPSG:4549"
    dialog.ruleset_combo.setCurrentIndex(dialog.ruleset_combo.findData("harbin"))
    assert dialog.crs_text() == "EPSG:4551"  # CGCS2000 GK zone CM 126°E
    assert ok.isEnabled()
    dialog.crs_field.set_text("EPSG:4326")  # degrees: not a project CRS
    assert not ok.isEnabled()
    assert "not a projected CRS" in dialog.crs_field.label.text()
    dialog.crs_field.set_text("EPSG:99999999")
    assert not ok.isEnabled()
    dialog.crs_field.set_text("32650")
    assert ok.isEnabled()
    assert "UTM zone 50N" in dialog.crs_field.label.text()
    assert default_crs_for_ruleset("chongqing") == "EPSG:4545"


# --- import ------------------------------------------------------------------------------


def test_import_csv_without_coordinates_leaves_the_project(
    controller: FileController, sample: Path, tmp_path: Path, dialogs: Dialogs
) -> None:
    controller.open_path_blocking(sample)
    project = controller.document.project
    csv = tmp_path / "names.csv"
    csv.write_text("camera_id,owner\nC9,police\n", encoding="utf-8")

    assert controller.import_choice(ImportChoice(csv, "csv", "cameras", crs="EPSG:4326"))
    controller.wait()

    assert len(dialogs.errors) == 1
    assert str(csv) in dialogs.errors[0]
    assert "no longitude/latitude columns" in dialogs.errors[0]
    assert "camera_id, owner" in dialogs.errors[0]
    assert controller.document.project is project
    assert not controller.document.is_modified


def test_import_csv_adds_cameras_and_lists_bad_rows(
    controller: FileController, sample: Path, tmp_path: Path, dialogs: Dialogs
) -> None:
    controller.open_path_blocking(sample)
    before = len(controller.document.project.cameras)
    csv = tmp_path / "new_cams.csv"
    csv.write_text(
        "camera_id,经度,纬度,height_m\nN1,120.3801,36.0701,5\nN2,unknown,36.07,5\n",
        encoding="utf-8",
    )

    controller.import_choice(ImportChoice(csv, "csv", "cameras", crs="EPSG:4326"))
    controller.wait()

    cameras = controller.document.project.cameras
    assert len(cameras) == before + 1
    assert "N1" in set(cameras["camera_id"])
    assert controller.document.is_modified
    assert "N1" in set(controller.document.state.views.camera_id)
    assert len(dialogs.problems) == 1
    assert any("row 3" in line and "经度" in line for line in dialogs.problems[0])


def test_edit_during_import_is_kept(
    controller: FileController,
    sample: Path,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller.open_path_blocking(sample)
    import planner.services.project as opening

    compute = opening.coverage_state
    edit_landed = threading.Event()

    def slow_coverage(*args: Any, **kwargs: Any) -> Any:
        assert edit_landed.wait(10)  # the import finishes only after the edit below
        return compute(*args, **kwargs)

    monkeypatch.setattr(opening, "coverage_state", slow_coverage)
    csv = tmp_path / "cams.csv"
    csv.write_text("camera_id,lon,lat\nN1,120.3801,36.0701\n", encoding="utf-8")
    controller.import_choice(ImportChoice(csv, "csv", "cameras", crs="EPSG:4326"))
    edited = _add_camera(controller)  # while the import runs
    edit_landed.set()

    controller.wait()
    assert controller.is_busy  # merged again into the edited project
    controller.wait()
    assert {edited, "N1"} <= set(controller.document.camera_ids())
    assert {edited, "N1"} <= set(controller.document.state.views.camera_id)


def test_import_without_open_project_starts_one(
    controller: FileController, tmp_path: Path, dialogs: Dialogs
) -> None:
    csv = tmp_path / "cams.csv"
    csv.write_text("camera_id,lon,lat\nA,120.38,36.07\n", encoding="utf-8")
    controller.import_choice(ImportChoice(csv, "csv", "cameras", crs="EPSG:4326"))
    controller.wait()
    document = controller.document
    assert document.is_open
    assert document.path is None
    assert document.is_modified
    assert document.project.crs.equals(CRS.from_epsg(4549))  # national ruleset, 120°E
    assert document.camera_ids() == ["A"]


def test_osm_import_into_open_project_or_as_new(
    controller: FileController, sample: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    controller.open_path_blocking(sample)
    cameras = len(controller.document.project.cameras)
    choice = ImportChoice(TOWN_OSM, "osm", "cameras")

    monkeypatch.setattr(FileController, "ask_osm_mode", lambda self: "merge")
    controller.import_choice(choice)
    controller.wait()
    assert controller.document.path == sample
    assert len(controller.document.project.cameras) > cameras
    assert controller.document.is_modified

    monkeypatch.setattr(FileController, "ask_osm_mode", lambda self: "new")
    dialogs.answers = [Button.Discard]
    controller.import_choice(choice)
    controller.wait()
    assert controller.document.path is None
    assert controller.document.project.metadata["source"] == "OpenStreetMap"


def test_import_undoes_a_gcj02_offset(
    controller: FileController, sample: Path, tmp_path: Path, dialogs: Dialogs
) -> None:
    from planner.core.chinese_coords import wgs84_to_gcj02

    controller.open_path_blocking(sample)
    project = controller.document.project
    c01 = project.cameras.set_index("camera_id").geometry["C01"]
    lon, lat = Transformer.from_crs(project.crs, 4326, always_xy=True).transform(c01.x, c01.y)
    glon, glat = wgs84_to_gcj02(lon, lat)
    csv = tmp_path / "amap.csv"
    csv.write_text(f"camera_id,lon,lat\nG1,{glon:.8f},{glat:.8f}\n", encoding="utf-8")
    controller.import_choice(ImportChoice(csv, "csv", "cameras", crs="EPSG:4326", shift="gcj02"))
    controller.wait()
    g1 = controller.document.project.cameras.set_index("camera_id").geometry["G1"]
    assert g1.distance(c01) < 1.0  # back on the camera it was recorded at, not 460 m away


def test_import_dialog_for_csv_and_geopackage(qtbot: Any, tmp_path: Path) -> None:
    csv = tmp_path / "cams.csv"
    csv.write_text("id,Longitude,Latitude\nA,120.38,36.07\nB,120.39,36.08\n", encoding="utf-8")
    dialog = ImportDialog(path=csv)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert (dialog.lon_combo.currentText(), dialog.lat_combo.currentText()) == (
        "Longitude",
        "Latitude",
    )
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.item(1, 0).text() == "B"
    assert dialog.crs_field.text() == "EPSG:4326"
    assert "WGS 84" in dialog.crs_field.label.text()
    assert ok.isEnabled()
    choice = dialog.choice()
    assert (choice.kind, choice.target, choice.lon_column) == ("csv", "cameras", "Longitude")
    # a Chinese map offset applies to longitude/latitude only
    assert dialog.shift_combo.isEnabled() and choice.shift is None
    dialog.shift_combo.setCurrentIndex(dialog.shift_combo.findData("gcj02"))
    assert dialog.choice().shift == "gcj02"
    dialog.crs_field.set_text("EPSG:4549")
    assert not dialog.shift_combo.isEnabled() and dialog.choice().shift is None
    dialog.crs_field.set_text("nonsense")
    assert not ok.isEnabled()

    dialog.set_path(SAMPLE)  # a GeoPackage: its layers to choose from
    layers = [dialog.layer_combo.itemText(i) for i in range(dialog.layer_combo.count())]
    assert {"cameras", "zones", "buildings"} <= set(layers)
    dialog.layer_combo.setCurrentText("buildings")
    assert dialog.choice().target == "buildings"  # guessed from the polygons
    assert dialog.choice().crs == "EPSG:4549"
    assert ok.isEnabled()

    dialog.set_path(TOWN_OSM)
    assert dialog.choice().kind == "osm"
    assert ok.isEnabled()


# --- autosave and recovery ---------------------------------------------------------------


def test_autosave_and_recovery(qtbot: Any, tmp_path: Path, sample: Path, dialogs: Dialogs) -> None:
    controller = _controller(qtbot, tmp_path, interval_ms=50)
    controller.open_path_blocking(sample)
    backup = autosave_path_for(sample)
    assert backup == tmp_path / "estate.autosave.gpkg"
    qtbot.wait(150)
    assert not backup.exists()  # nothing changed: nothing written

    new_id = _add_camera(controller)
    qtbot.waitUntil(backup.exists, timeout=5_000)
    assert new_id in set(read_project(backup).cameras["camera_id"])
    os.utime(sample, (time.time() - 60, time.time() - 60))  # the project is older
    # "crash": the window goes away without closing (its lock goes with its process)
    controller.autosave_timer.stop()
    controller._adopt_lock(None, False)

    restarted = _controller(qtbot, tmp_path)
    dialogs.answers = [Button.Yes]
    assert restarted.open_path_blocking(sample)
    assert "estate.gpkg" in dialogs.questions[0]
    document = restarted.document
    assert document.path == sample
    assert document.is_modified
    assert new_id in document.camera_ids()

    assert restarted.save()
    assert not backup.exists()  # a save removes the autosave
    restarted.shutdown()
    controller.shutdown()


def test_declined_recovery_opens_the_saved_file(
    qtbot: Any, controller: FileController, sample: Path, dialogs: Dialogs
) -> None:
    backup = autosave_path_for(sample)
    shutil.copy(sample, backup)
    os.utime(sample, (time.time() - 60, time.time() - 60))
    dialogs.answers = [Button.No]
    assert controller.open_path_blocking(sample)
    assert not controller.document.is_modified
    assert backup.exists()
    assert controller.maybe_save()  # a clean close removes it
    assert not backup.exists()


def test_untitled_autosave_goes_to_app_data(qtbot: Any, tmp_path: Path, dialogs: Dialogs) -> None:
    controller = _controller(qtbot, tmp_path, interval_ms=50)
    controller.create_project("qingdao", "EPSG:4549")
    controller.wait()
    controller.document.add_camera({"x": 534_200.0, "y": 3_993_300.0})
    target = controller.autosave_path()
    assert target.name == "untitled.autosave.gpkg"
    qtbot.waitUntil(target.exists, timeout=5_000)
    controller.autosave_timer.stop()
    # a copy the 50 ms timer started before it stopped may still be on its way: let it land
    qtbot.waitUntil(lambda: controller._autosave_task is None, timeout=5_000)

    restarted = _controller(qtbot, tmp_path)
    dialogs.answers = [Button.Yes]
    assert restarted.offer_untitled_recovery()
    assert restarted.document.path is None
    assert restarted.document.camera_ids() == ["CAM-001"]
    assert restarted.document.is_modified
    dialogs.answers = [Button.Discard]
    assert restarted.maybe_save()
    assert not target.exists()
    restarted.shutdown()
    controller.shutdown()


# --- recent files ------------------------------------------------------------------------


def test_recent_menu_greys_out_missing_files(
    controller: FileController, sample: Path, tmp_path: Path
) -> None:
    gone = tmp_path / "gone.gpkg"
    shutil.copy(sample, gone)
    controller.open_path_blocking(gone)
    controller.open_path_blocking(sample)
    gone.unlink()
    menu = controller.recent_menu()
    menu.aboutToShow.emit()
    entries = [a for a in menu.actions() if a.toolTip().endswith(".gpkg")]
    assert [a.toolTip() for a in entries] == [str(sample.resolve()), str(gone.resolve())]
    assert [a.isEnabled() for a in entries] == [True, False]
    assert "(missing)" in entries[1].text()

    for k in range(10):
        controller._add_recent(tmp_path / f"p{k}.gpkg")
    assert len(controller.recent_files()) == files.MAX_RECENT
    controller.clear_recent()
    menu.aboutToShow.emit()
    assert [a.isEnabled() for a in menu.actions()] == [False]


# --- integrity of saves ------------------------------------------------------------------


def test_second_save_adopts_the_saved_project(
    controller: FileController, sample: Path, dialogs: Dialogs
) -> None:
    controller.open_path_blocking(sample)
    _add_camera(controller)
    assert controller.save()
    assert "fid" in controller.document.project.cameras  # the saved project, fids filled in
    assert controller.document.project.cameras["fid"].notna().all()
    _add_camera(controller)
    assert controller.save()  # not refused as "changed by another program"
    assert dialogs.errors == []
    assert len(read_project(sample).cameras) == len(controller.document.project.cameras)


def test_file_changed_on_disk_offers_reload_save_as_cancel(
    controller: FileController,
    sample: Path,
    tmp_path: Path,
    dialogs: Dialogs,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    controller.open_path_blocking(sample)
    new_id = _add_camera(controller)
    other = read_project(sample)  # another program saves the file meanwhile
    files.write_project(sample, other.with_layers(cameras=other.cameras.iloc[:-1]))
    answers = ["cancel", "save_as", "reload"]
    asked: list[str] = []

    def ask(self: FileController, text: str) -> str:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(FileController, "ask_file_changed", ask)

    assert not controller.save()  # cancel: nothing written, still modified
    assert "Another program changed" in asked[0]
    assert controller.document.is_modified
    assert len(read_project(sample).cameras) == len(other.cameras) - 1

    dialogs.save_file = str(tmp_path / "mine.gpkg")
    assert controller.save()  # save as: my version goes elsewhere
    assert new_id in set(read_project(tmp_path / "mine.gpkg").cameras["camera_id"])
    assert controller.document.path == tmp_path / "mine.gpkg"

    controller.open_path_blocking(sample)
    _add_camera(controller)
    again = read_project(sample)  # changed again (a save changing nothing would be adopted)
    cameras = again.cameras.copy()
    cameras.loc[cameras.index[0], "height_m"] = 11.5
    files.write_project(sample, again.with_layers(cameras=cameras))
    assert not controller.save()  # reload: the file as it is now, my change discarded
    controller.wait()
    assert not controller.document.is_modified
    assert len(controller.document.project.cameras) == len(other.cameras) - 1


def test_file_changed_headless_goes_to_the_problems(
    qtbot: Any, tmp_path: Path, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.core.errors import FileChangedError

    controller = _controller(qtbot, tmp_path)
    controller.headless = True
    controller.open_path_blocking(sample)
    _add_camera(controller)

    def changed(path: Any, project: Any, **kwargs: Any) -> None:
        raise FileChangedError("another program changed the file", file=str(path))

    monkeypatch.setattr(files, "write_project", changed)
    assert not controller.save()
    assert controller.document.is_modified
    assert any("another program changed" in str(p) for p in controller.last_problems)
    controller.shutdown()


def test_save_error_keeps_modified_recent_and_autosave(
    qtbot: Any, tmp_path: Path, sample: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.core.errors import InputError

    controller = _controller(qtbot, tmp_path, interval_ms=50)
    controller.open_path_blocking(sample)
    recent = controller.recent_files()
    _add_camera(controller)
    write = files.write_project

    def full(path: Any, project: Any, **kwargs: Any) -> Any:
        if Path(path) == sample:
            raise InputError("no space left on the device", file=str(path))
        return write(path, project, **kwargs)

    monkeypatch.setattr(files, "write_project", full)
    assert not controller.save()
    assert "no space left" in dialogs.errors[0]
    assert controller.document.is_modified
    assert controller.recent_files() == recent
    qtbot.waitUntil(autosave_path_for(sample).exists, timeout=5_000)  # autosave still works
    controller.shutdown()


def test_second_window_on_a_project_is_read_only(
    qtbot: Any, tmp_path: Path, sample: Path, dialogs: Dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _controller(qtbot, tmp_path)
    assert first.open_path_blocking(sample)
    second = _controller(qtbot, tmp_path)
    ask = FileController.ask_read_only
    monkeypatch.setattr(FileController, "ask_read_only", lambda self, path, holder: False)
    assert not second.open_path_blocking(sample)  # refused
    assert not second.document.is_open
    monkeypatch.setattr(FileController, "ask_read_only", lambda self, path, holder: True)
    assert second.open_path_blocking(sample)
    assert second.read_only
    _add_camera(second)
    dialogs.save_file = str(tmp_path / "copy.gpkg")
    assert second.save()  # a read-only view saves under another name only
    assert second.document.path == tmp_path / "copy.gpkg"
    assert not second.read_only

    monkeypatch.setattr(FileController, "ask_read_only", ask)
    headless = _controller(qtbot, tmp_path)
    headless.headless = True
    assert not headless.open_path_blocking(sample)
    assert "already open" in headless.last_error
    first.shutdown()  # the first window closes: the project is free
    assert headless.open_path_blocking(sample)
    for controller in (second, headless):
        controller.shutdown()


def test_window_import_maps_columns_sets_constants_and_updates_by_id(
    controller: FileController, sample: Path, tmp_path: Path
) -> None:
    controller.open_path_blocking(sample)
    document = controller.document
    order = document.camera_ids()
    first = order[0]
    before = document.camera(first)
    csv = tmp_path / "aims.csv"
    csv.write_text(f"id,azimuth,lon,lat\n{first},33.5,120.3801,36.0701\n", encoding="utf-8")
    choice = ImportChoice(
        csv,
        "csv",
        "cameras",
        crs="EPSG:4326",
        mapping={"id": "camera_id", "azimuth": "bearing_deg"},
        constants={"owner": "街道办"},
        mode="update",
    )
    assert controller.import_choice(choice)
    controller.wait()
    after = document.camera(first)
    assert after["bearing_deg"] == 33.5 and after["owner"] == "街道办"
    assert document.camera_ids() == order  # updated in place, nothing added
    assert (after["x"], after["y"], after["fid"]) == (before["x"], before["y"], before["fid"])
    document.undo_stack.undo()
    assert document.camera(first) == before
