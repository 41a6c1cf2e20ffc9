"""Importing a layer is one undo step that keeps the history before it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from geopandas.testing import assert_geodataframe_equal
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QWidget

from planner.ui.controllers.files import FileController
from planner.ui.controllers.import_dialog import ImportChoice
from planner.ui.document import ProjectDocument

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


@pytest.fixture
def controller(qtbot: Any, tmp_path: Path) -> FileController:
    QStandardPaths.setTestModeEnabled(True)
    window = QWidget()
    qtbot.addWidget(window)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    controller = FileController(
        ProjectDocument(window), window, settings, autosave_interval_ms=3_600_000, headless=True
    )
    project = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, project)
    assert controller.open_path_blocking(project)
    yield controller
    controller.shutdown()
    QStandardPaths.setTestModeEnabled(False)


def test_import_is_one_undo_step_after_the_history(
    controller: FileController, tmp_path: Path
) -> None:
    document = controller.document
    first = document.project.cameras.geometry.iloc[0]
    added = document.add_camera({"x": first.x + 5.0, "y": first.y + 5.0})
    cameras_before = document.project.cameras
    zones_passed_before = list(document.state.passed)
    csv = tmp_path / "cams.csv"
    csv.write_text("camera_id,lon,lat\nN1,120.3801,36.0701\n", encoding="utf-8")

    controller.import_choice(ImportChoice(csv, "csv", "cameras", crs="EPSG:4326"))
    controller.wait()

    stack = document.undo_stack
    assert stack.count() == 2  # the edit before the import is still there
    assert "cams.csv" in stack.undoText()
    assert "N1" in document.camera_ids()
    assert document.is_modified

    stack.undo()
    assert_geodataframe_equal(document.project.cameras, cameras_before)
    assert "N1" not in set(document.state.views.camera_id)
    assert list(document.state.passed) == zones_passed_before
    assert added in document.camera_ids()

    stack.undo()
    assert added not in document.camera_ids()
    assert not document.is_modified  # back to the file as opened

    stack.redo()
    stack.redo()
    assert {"N1", added} <= set(document.camera_ids())
    assert "N1" in set(document.state.views.camera_id)
