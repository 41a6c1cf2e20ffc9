"""Window tests run offscreen (CI has no display) and share the sample estate document."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


@pytest.fixture
def document(qtbot):
    """A ProjectDocument with the illustrative Qingdao estate loaded and its coverage computed."""
    from planner.core.coverage import coverage_state
    from planner.io.project import read_project
    from planner.io.rulesets import load_ruleset
    from planner.ui.document import ProjectDocument

    project = read_project(ESTATE)
    ruleset = load_ruleset(project.ruleset)
    state = coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)
    loaded = ProjectDocument()
    loaded.load(project, ruleset, state, ESTATE)
    return loaded


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The main window in English on a copy of the sample estate, zoomed to its extent."""
    import shutil

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from planner.ui.document import ProjectDocument
    from planner.ui.i18n import Translations
    from planner.ui.main_window import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    translations = Translations(QApplication.instance(), settings)
    translations.install("en")
    shown = MainWindow(ProjectDocument(), settings, translations)
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    qtbot.waitExposed(shown)
    project = tmp_path / "estate.gpkg"
    shutil.copy(ESTATE, project)
    assert shown.files.open_path_blocking(project)
    shown.map_view.zoom_to_extent()
    # closing at teardown must never wait on a "save changes?" dialog, even after a failure
    monkeypatch.setattr(shown.files, "maybe_save", lambda: True)
    return shown


@pytest.fixture(autouse=True)
def _no_background_task_outlives_its_test():
    """Stop every background task before the test's widgets are torn down.

    A worker thread still computing (the privacy check starts one after every
    edit) while the window it reports to is destroyed and garbage-collected
    crashes the interpreter.
    """
    yield
    from planner.ui.workers import Task

    Task.stop_all(cancel=True)


@pytest.fixture
def ui_settings(tmp_path):
    """Settings of the window under test, in a file of the test's own."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def translations(qapp, ui_settings):
    """The application's translations, English at the start and again afterwards."""
    from PySide6.QtWidgets import QApplication

    from planner.ui.i18n import Translations

    translations = Translations(qapp, ui_settings)
    translations.install("en")
    try:
        yield translations
    finally:
        translations.install("en")  # the other tests see the English source texts
        QApplication.processEvents()
