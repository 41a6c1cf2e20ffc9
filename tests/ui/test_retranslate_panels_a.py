"""The camera, zone, layers and problems panels retranslate in place on a language change.

Each panel, switched to Chinese, shows exactly what the same panel built while
Chinese is installed shows; switched back, exactly what it showed in English.
"""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import (
    QApplication,
    QWidget,
)
from shown_texts import shown

from planner.ui.document import ProjectDocument
from planner.ui.i18n import Translations
from planner.ui.panels.camera_panel import CameraPanel
from planner.ui.panels.layers_panel import LayerPanel
from planner.ui.panels.problems_panel import ProblemsPanel
from planner.ui.panels.zones_panel import ZonePanel

LAYERS = [("zones", "Mandatory zones"), ("views", "Camera views"), ("cameras", "Cameras")]
PROBLEMS = [
    SimpleNamespace(
        severity="error",
        layer="cameras",
        row="2",
        id="camera_id=C02",
        field="height_m",
        value="tall",
        message="not a number",
    ),
    SimpleNamespace(severity="warning", layer="zones", row="1", message="repaired"),
    SimpleNamespace(severity="note", layer="roads", message="no name"),
]


def _camera_panel(document: ProjectDocument) -> QWidget:
    return CameraPanel(document)


def _zone_panel(document: ProjectDocument) -> QWidget:
    return ZonePanel(document)


def _layer_panel(_document: ProjectDocument) -> QWidget:
    return LayerPanel(LAYERS)


def _problems_panel(document: ProjectDocument) -> QWidget:
    panel = ProblemsPanel(document)
    panel.set_problems(PROBLEMS)
    return panel


@pytest.mark.parametrize(
    "make", [_camera_panel, _zone_panel, _layer_panel, _problems_panel], ids=lambda f: f.__name__
)
def test_panel_retranslates_in_place(
    qtbot, document: ProjectDocument, translations: Translations, make: Callable
) -> None:
    document.select_cameras(["C09"])
    panel = make(document)
    qtbot.addWidget(panel)
    english = shown(panel)
    assert english

    assert translations.install("zh_CN")
    switched = shown(panel)
    assert switched != english
    fresh = make(document)
    qtbot.addWidget(fresh)
    assert switched == shown(fresh)

    translations.install("en")
    assert shown(panel) == english


def test_camera_panel_keeps_its_message_and_error(
    qtbot, document: ProjectDocument, translations: Translations
) -> None:
    panel = CameraPanel(document)
    qtbot.addWidget(panel)
    document.select_cameras(["C01", "C02", "C03"])
    assert "3 cameras selected" in panel.message_label.text()
    translations.install("zh_CN")
    QApplication.processEvents()
    assert "已选择 3 台摄像机" in panel.message_label.text()
    translations.install("en")
    QApplication.processEvents()

    document.select_cameras(["C09"])
    editor = panel.editors["registered_on"]
    editor.widget.setText("2024-99-01")
    editor.committed.emit("registered_on")
    english = panel.error_text()
    assert "Registered on" in english
    translations.install("zh_CN")
    QApplication.processEvents()
    assert panel.error_text() and panel.error_text() != english
    assert "Registered on" not in panel.error_text()
    translations.install("en")
    QApplication.processEvents()
    assert panel.error_text() == english


def test_zone_panel_keeps_the_chosen_category(
    qtbot, document: ProjectDocument, translations: Translations
) -> None:
    panel = ZonePanel(document)
    qtbot.addWidget(panel)
    combo = panel.category_combo
    combo.setCurrentIndex(2)
    chosen = combo.currentData()
    shown = panel.proxy.rowCount()
    with qtbot.assertNotEmitted(combo.currentIndexChanged):
        translations.install("zh_CN")
        QApplication.processEvents()
    assert combo.currentData() == chosen and panel.proxy.rowCount() == shown
    translations.install("en")
    QApplication.processEvents()
    assert combo.currentData() == chosen


def test_layer_panel_takes_new_labels(qtbot) -> None:
    panel = LayerPanel(LAYERS)
    qtbot.addWidget(panel)
    panel.set_layer_opacity("views", 0.4)
    panel.set_layer_labels([("views", "摄像机视域")])
    assert panel.layer_checks["views"].text() == "摄像机视域"
    assert "摄像机视域" in panel.opacity_sliders["views"].toolTip()
    assert panel.layer_checks["zones"].text() == "Mandatory zones"
    assert panel.opacity_labels["views"].text() == "40 %"


def test_problems_panel_keeps_its_filter(
    qtbot, document: ProjectDocument, translations: Translations
) -> None:
    panel = ProblemsPanel(document)
    qtbot.addWidget(panel)
    panel.set_problems(PROBLEMS)
    panel.set_severity_filter("warning")
    with qtbot.assertNotEmitted(panel.severity_combo.currentIndexChanged):
        translations.install("zh_CN")
        QApplication.processEvents()
    assert panel.severity_combo.currentData() == "warning"
    assert panel.visible_count() == 1
    assert panel.proxy.index(0, 0).data() != "Warning"
    translations.install("en")
    QApplication.processEvents()
    assert panel.proxy.index(0, 0).data() == "Warning"
