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
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QTabBar,
    QWidget,
)

from planner.ui.document import ProjectDocument
from planner.ui.i18n import Translations
from planner.ui.main_window import MainWindow

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"
WAIT_MS = 20_000
SCALE = re.compile(r"1:[\d,]+")


def _texts(widget: QWidget) -> list[str]:
    """What a user reads on ``widget`` itself (not its children)."""
    out = [widget.toolTip()]
    if isinstance(widget, QLabel | QAbstractButton):
        out.append(widget.text())
    if isinstance(widget, QGroupBox):
        out.append(widget.title())
    if isinstance(widget, QLineEdit):
        out.append(widget.placeholderText())
    if isinstance(widget, QDockWidget | QMenu):
        out.append(widget.windowTitle() if isinstance(widget, QDockWidget) else widget.title())
    if isinstance(widget, QTabBar):
        out += [widget.tabText(k) for k in range(widget.count())]
    if isinstance(widget, QComboBox):
        out += [widget.itemText(k) for k in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        out += [
            str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            for c in range(model.columnCount())
        ]
        out += [
            str(model.index(r, c).data() or "")
            for r in range(min(model.rowCount(), 30))
            for c in range(model.columnCount())
        ]
    return out


def _walk(widget: QWidget) -> Iterator[tuple[str, str]]:
    overflow = widget.objectName().endswith("_ext_button") or (
        isinstance(widget, QMenu) and isinstance(widget.parent(), QMenuBar)
    )
    if overflow:
        return  # the overflow of a menu bar or toolbar: depends on the width, not the language
    path = f"{type(widget).__name__}:{widget.objectName()}"
    for text in _texts(widget):
        if text and not SCALE.fullmatch(text):  # the map scale depends on the dock sizes
            yield path, text
    for action in widget.actions():
        for text in (action.text(), action.toolTip(), action.iconText()):
            if text:
                yield f"{path}/action", text
    for child in widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
        yield from _walk(child)


def _everything(window: MainWindow) -> list[tuple[str, str]]:
    QApplication.processEvents()
    shown = [("title", window.windowTitle())]
    shown += [("menu", a.text()) for a in window.menuBar().actions()]
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is not None:
            shown += [("menu item", a.text()) for a in menu.actions()]
    return shown + list(_walk(window))


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


@pytest.fixture
def translations(qapp, tmp_path) -> Iterator[tuple[Translations, QSettings]]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    translations = Translations(qapp, settings)
    translations.install("en")
    try:
        yield translations, settings
    finally:
        translations.install("en")


def _diff(got: list[tuple[str, str]], want: list[tuple[str, str]]) -> str:
    lines = [f"{len(got)} texts shown, {len(want)} expected"]
    for (where, a), (_, b) in zip(got, want, strict=False):
        if a != b:
            lines.append(f"{where}: {a!r} (expected {b!r})")
    return "\n".join(lines[:40] + [f"extra: {x}" for x in got[len(want) :] + want[len(got) :]][:10])


def test_switching_language_retranslates_in_place(qtbot, tmp_path, translations, monkeypatch):
    translations_, settings = translations
    window = _window(qtbot, tmp_path, translations_, settings)
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

    fresh = _window(qtbot, tmp_path, translations_, settings)
    monkeypatch.setattr(fresh.files, "maybe_save", lambda: True)
    fresh.document.edit_camera("C01", bearing_deg=33.0)
    qtbot.waitUntil(lambda: not fresh.privacy_panel.busy, timeout=WAIT_MS)
    built = _everything(fresh)
    assert switched == built, _diff(switched, built)

    window.switch_language("en")
    qtbot.waitUntil(lambda: not window.privacy_panel.busy, timeout=WAIT_MS)
    back = _everything(window)
    assert back == english, _diff(back, english)
