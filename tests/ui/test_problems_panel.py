"""The Problems panel: rows left out are listed (never modal), filtered, found on the map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox
from test_headless import bad_rows_project

from planner.ui.canvas.items import InvalidRowItem
from planner.ui.controllers.files import ProblemsDialog
from planner.ui.document import ProjectDocument
from planner.ui.i18n import Translations
from planner.ui.main_window import MainWindow


def _window(qtbot: Any, tmp_path: Path, language: str = "en") -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    translations = Translations(QApplication.instance(), settings)
    translations.install(language)
    shown = MainWindow(ProjectDocument(), settings, translations)
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    qtbot.waitExposed(shown)
    shown.apply_default_layout()
    return shown


@pytest.fixture
def no_modal(monkeypatch: pytest.MonkeyPatch) -> None:
    def modal(*args: Any, **kwargs: Any) -> int:
        raise AssertionError("a modal dialog opened")

    monkeypatch.setattr(ProblemsDialog, "exec", modal)
    monkeypatch.setattr(QMessageBox, "exec", modal)
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(modal))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(modal))


def test_rows_left_out_are_listed_drawn_and_found(
    qtbot: Any, tmp_path: Path, no_modal: None
) -> None:
    window = _window(qtbot, tmp_path)
    assert window.files.open_path_blocking(bad_rows_project(tmp_path))
    panel = window.problems_panel
    listed = panel.problems()
    errors = [p for p in listed if p["severity"] == "error"]
    assert {(p["layer"], p["row"], p["field"]) for p in errors} == {
        ("cameras", "2", "height_m"),
        ("cameras", "3", "geometry"),
        ("zones", "1", "zone_id"),
    }
    tall = next(p for p in errors if p["field"] == "height_m")
    assert (tall["value"], tall["id"]) == ("tall", "camera_id=C02")
    assert panel.model.columnCount() == 7
    assert window.problems_dock.isVisible()
    assert "3 error(s)" in window._problems_button.text()

    panel.set_severity_filter("note")
    assert panel.visible_count() == len(listed) - len(errors)
    panel.set_severity_filter("error")
    assert panel.visible_count() == 3

    # the rows left out of computing are drawn: one crossed mark per readable geometry
    marks = [i for i in window.map_view.scene().items() if isinstance(i, InvalidRowItem)]
    assert len(marks) == 2  # camera C02 and zone row 1 (C03 has no geometry)

    # double-clicking C02's row zooms there and highlights it
    row = next(
        r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 4).data() == "height_m"
    )
    with qtbot.waitSignal(panel.geometryRequested) as requested:
        panel.table_view.doubleClicked.emit(panel.proxy.index(row, 0))
    assert requested.args[0].geom_type == "Point"
    assert window.map_view.highlight_items()
    assert window.map_view.current_scale() < 5_000
    assert window.grab().save(str(tmp_path / "problems_en.png"))


def test_problems_panel_in_chinese(qtbot: Any, tmp_path: Path, no_modal: None) -> None:
    window = _window(qtbot, tmp_path, "zh_CN")
    try:
        assert window.files.open_path_blocking(bad_rows_project(tmp_path))
        header = window.problems_panel.model.horizontalHeaderItem(0).text()
        assert header == "严重程度"
        assert window.problems_dock.windowTitle() == "问题"
        assert "错误" in window._problems_button.text()
        assert window.problems_panel.model.item(0, 0).text() == "错误"
        assert window.grab().save(str(tmp_path / "problems_zh.png"))
    finally:
        window._translations.install("en")  # later tests expect English
