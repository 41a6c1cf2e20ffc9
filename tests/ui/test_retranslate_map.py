"""Switching language renames the map and the File menu's actions in place.

The map view, the file controller (its actions and "Open recent" menu) and the
map output controller are built once in English; after Chinese is installed
they must show exactly what the same objects built fresh in Chinese show, and
after English is installed again, what they showed at first. The exported map
image carries the legend in the language of the moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QRect, QRectF, QSettings
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QMenu, QVBoxLayout, QWidget

from planner.ui.app import _use_cjk_font
from planner.ui.canvas import overlays
from planner.ui.canvas.map_view import MapView
from planner.ui.controllers.files import RECENT_KEY, FileController
from planner.ui.controllers.map_output import MapOutputController, render_map_image
from planner.ui.i18n import Translations

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"
_HOUR_MS = 3_600_000


@dataclass
class Map:
    """A window holding a map view, with the controllers the main window gives it."""

    window: QWidget
    view: MapView
    files: FileController
    output: MapOutputController
    recent: QMenu


def _build(qtbot: Any, document: Any, settings: QSettings) -> Map:
    window = QWidget()
    qtbot.addWidget(window)
    view = MapView(document, window)
    QVBoxLayout(window).addWidget(view)
    window.resize(900, 700)
    window.show()
    qtbot.waitExposed(window)
    view.zoom_to_extent()
    files = FileController(document, window, settings, autosave_interval_ms=_HOUR_MS, headless=True)
    output = MapOutputController(document, view, window, settings)
    file_menu = QMenu(window)
    recent = files.recent_menu(file_menu)
    file_menu.addMenu(recent)
    return Map(window, view, files, output, recent)


def _texts(shown: Map) -> dict[str, Any]:
    """Everything the user reads on these objects."""
    actions = {
        name: (action.text(), action.toolTip(), action.statusTip())
        for name, action in (
            ("new", shown.files.new_action),
            ("open", shown.files.open_action),
            ("save", shown.files.save_action),
            ("save_as", shown.files.save_as_action),
            ("import", shown.files.import_action),
            ("export", shown.output.export_action),
            ("print", shown.output.print_action),
        )
    }
    return {
        "actions": actions,
        "recent_title": shown.recent.title(),
        "recent": [
            (a.text(), a.toolTip(), a.isEnabled()) for a in shown.recent.actions() if a.text()
        ],
        "legend": [entry.text for entry in shown.view._legend_entries()],
        "title_block": shown.output.title_block(),
    }


def _switch(translations: Translations, language: str, *controllers: Map) -> None:
    assert translations.install(language)
    QApplication.processEvents()  # the LanguageChange events reach the widgets
    for shown in controllers:  # what the main window's retranslate() does for them
        shown.files.retranslate()
        shown.output.retranslate()


def _furniture(view: MapView, image: QImage) -> list[QImage]:
    """The legend and the north arrow cut out of ``image``, a picture of ``view``'s map.

    Only the texts drawn over the map are compared: the map under them comes
    from the items' cached pixmaps, which may differ in a last bit between a
    view that has been painted before and a fresh one.
    """
    scale = image.width() / view.viewport().width()
    size = view.viewport().size()
    margin = overlays.MARGIN
    room = size.height() - 2 * margin - 60
    box = overlays.legend_size(view.font(), view._legend_entries(), room)
    rects = [
        QRectF(margin - 1, margin - 1, box.width() + 2, box.height() + 2),
        QRectF(size.width() - margin - 36, margin, 36, 62),  # north arrow
    ]
    fmt = QImage.Format.Format_ARGB32
    return [
        image.convertToFormat(fmt).copy(
            QRect(
                int(r.left() * scale),
                int(r.top() * scale),
                int(r.width() * scale),
                int(r.height() * scale),
            )
        )
        for r in rects
    ]


@pytest.fixture
def setup(qapp, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    # one project that exists, one that went away: numbered entries, "(missing)", "Clear list"
    settings.setValue(RECENT_KEY, [str(ESTATE), str(tmp_path / "gone.gpkg")])
    translations = Translations(qapp, settings)
    font = qapp.font()
    translations.install("en")
    _use_cjk_font(qapp)  # Chinese text must render, not boxes
    try:
        yield translations, settings
    finally:
        translations.install("en")
        qapp.setFont(font)


def test_map_and_file_actions_are_renamed_in_place(qtbot, document, setup, tmp_path) -> None:
    translations, settings = setup
    shown = _build(qtbot, document, settings)
    english = _texts(shown)
    assert english["actions"]["save"][0] == "&Save"
    assert english["recent_title"] == "Open &recent"
    assert [text for text, _, _ in english["recent"]][-1] == "Clear list"
    assert "Mandatory zones" in english["legend"]
    english_picture = render_map_image(shown.view)

    renamed = []
    real = shown.view.retranslate

    def spy() -> None:
        renamed.append(True)
        real()

    shown.view.retranslate = spy  # type: ignore[method-assign]
    try:
        _switch(translations, "zh_CN", shown)
        assert renamed, "the map view got no LanguageChange"
        chinese = _texts(shown)
        fresh = _build(qtbot, document, settings)
        assert chinese == _texts(fresh)
        assert chinese != english
        assert chinese["actions"]["save"][0] != "&Save"
        assert chinese["recent_title"] != "Open &recent"

        # the map drawn after the switch is the one a fresh view draws in Chinese
        _check_export_is_chinese(shown, fresh, english_picture, tmp_path)

        _switch(translations, "en", shown, fresh)
        assert _texts(shown) == english
        assert _texts(fresh) == english
        assert _furniture(shown.view, render_map_image(shown.view)) == _furniture(
            shown.view, english_picture
        )
    finally:
        translations.install("en")


def _check_export_is_chinese(
    shown: Map, fresh: Map, english_picture: QImage, tmp_path: Path
) -> None:
    """The exported map has the legend and north arrow a fresh Chinese view draws.

    (The exported PNG is a page with a title block: tests/ui/test_map_deliverable.py
    reads its Chinese; here the map image the page is drawn like is compared.)
    """
    path = tmp_path / "map_zh.png"
    assert shown.output.export(path)
    assert not QImage(str(path)).isNull()
    written = render_map_image(shown.view)
    assert _furniture(shown.view, written) == _furniture(fresh.view, render_map_image(fresh.view))
    # the legend and the letter for north changed language
    assert all(
        ours != theirs
        for ours, theirs in zip(
            _furniture(shown.view, written), _furniture(shown.view, english_picture), strict=True
        )
    )


def test_recent_menu_handed_out_and_destroyed_is_forgotten(qtbot, document, setup) -> None:
    _, settings = setup
    shown = _build(qtbot, document, settings)
    extra = shown.files.recent_menu(None)
    assert len(shown.files._recent_menus) == 2
    extra.deleteLater()
    del extra
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert shown.files._recent_menus == [shown.recent]
    shown.files.retranslate()  # no deleted menu is touched
