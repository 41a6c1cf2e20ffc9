"""Switching language retranslates the window in place, exactly as if it had been built so.

The window is not rebuilt: the same window, docks, document, undo history and
selection stay. Every text a user can see — menus, actions, dock titles,
labels, buttons, check boxes, group boxes, tabs, table headers, combo box
items, tool tips, placeholders, the status bar — after the switch equals what
a window built in that language from the start shows, and switching back gives
the English texts again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
)
from shown_texts import diff, walk

from planner.ui.document import ProjectDocument
from planner.ui.i18n import Translations
from planner.ui.main_window import MainWindow

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"
WAIT_MS = 20_000
SCALE = re.compile(r"1:[\d,]+")


def _everything(window: MainWindow) -> list[tuple[str, str]]:
    QApplication.processEvents()
    shown = [("title", window.windowTitle())]
    shown += [("menu", a.text()) for a in window.menuBar().actions()]
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None:
            shown += [("menu item", a.text()) for a in menu.actions()]
    return shown + list(walk(window))


def _window(qtbot, tmp_path: Path, translations: Translations, settings: QSettings) -> MainWindow:
    window = MainWindow(ProjectDocument(), settings, translations)
    qtbot.addWidget(window)
    window.resize(1500, 950)
    window.show()
    qtbot.waitExposed(window)
    folder = tmp_path / f"copy{len(list(tmp_path.glob('copy*')))}"
    folder.mkdir()
    project = folder / "estate.gpkg"  # the same name: the title says the same
    shutil.copy(ESTATE, project)
    assert window.files.open_path_blocking(project)
    window.document.select_cameras(["C09"])
    qtbot.waitUntil(lambda: not window.privacy_panel.busy, timeout=WAIT_MS)
    return window


def test_switching_language_retranslates_in_place(
    qtbot, tmp_path, translations, ui_settings, monkeypatch
):
    window = _window(qtbot, tmp_path, translations, ui_settings)
    monkeypatch.setattr(window.files, "maybe_save", lambda: True)
    document = window.document
    document.edit_camera("C01", bearing_deg=33.0)  # history that must survive the switch
    qtbot.waitUntil(lambda: not window.privacy_panel.busy, timeout=WAIT_MS)
    english = _everything(window)
    docks = window.findChildren(QDockWidget)

    window.switch_language("zh_CN")
    qtbot.waitUntil(lambda: not window.privacy_panel.busy, timeout=WAIT_MS)
    switched = _everything(window)

    # the same window, docks, document, history and selection
    assert window.findChildren(QDockWidget) == docks
    assert window.document is document and document.undo_stack.count() == 1
    assert document.selected_cameras == ("C09",)
    assert window.menuBar().actions()[0].text() == "文件(&F)"

    fresh = _window(qtbot, tmp_path, translations, ui_settings)
    monkeypatch.setattr(fresh.files, "maybe_save", lambda: True)
    fresh.document.edit_camera("C01", bearing_deg=33.0)
    qtbot.waitUntil(lambda: not fresh.privacy_panel.busy, timeout=WAIT_MS)
    built = _everything(fresh)
    assert switched == built, diff(switched, built)

    window.switch_language("en")
    qtbot.waitUntil(lambda: not window.privacy_panel.busy, timeout=WAIT_MS)
    back = _everything(window)
    assert back == english, diff(back, english)
