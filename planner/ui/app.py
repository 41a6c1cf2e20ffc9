"""Starting the window: ``planner gui [PROJECT.gpkg] [--screenshot FILE.png]``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from planner.ui.document import ProjectDocument
from planner.ui.i18n import Translations, preferred_language

ORGANISATION = "CoveragePlanner"
APP_ID = "planner"
#: Size of the window rendered by --screenshot (docs and scripted checks).
SCREENSHOT_SIZE = QSize(1600, 1000)
# Fonts with Chinese glyphs, most preferred first; fonts-noto-cjk is installed by set-up.
_CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC")


def run(
    project: Path | None = None,
    *,
    screenshot: Path | None = None,
    export_map: Path | None = None,
    purpose: str = "",
) -> int:
    """Open the main window (on ``project`` if given); returns the exit code.

    With ``screenshot`` the window is rendered offscreen once the project is
    drawn, saved as PNG, and the application exits: 0 when written, 2 when the
    project cannot be opened (the message on stderr). With ``export_map`` the
    map is written as File → Export map writes it (PNG, JPEG or a PDF page with
    title block), logged in the project's export log with ``purpose``, and the
    application exits the same way. Such a run, like any on
    the offscreen platform, is headless: no modal dialog ever opens (problems
    go to the Problems panel and stderr, an autosave is not restored, a project
    open in another window is refused).
    """
    output = screenshot or export_map
    if output is not None and "QT_QPA_PLATFORM" not in os.environ:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APP_ID)
    _use_cjk_font(app)
    settings = QSettings()
    translations = Translations(app, settings)
    translations.install(preferred_language(settings))
    headless = output is not None or app.platformName() in ("offscreen", "minimal")
    from planner.ui.main_window import MainWindow

    # a language switch retranslates this window in place: it is never rebuilt
    window = MainWindow(ProjectDocument(), settings, translations, headless=headless)
    if output is None:
        window.restore_layout()
    window.show()
    # interactively a failed open leaves the window up with its error shown
    opened = project is None or window.files.open_path_blocking(project)
    if project is None and not headless:
        window.files.offer_untitled_recovery()
    if output is not None:
        if not opened:
            print(
                f"planner: error: cannot open {project}: {window.files.last_error}",
                file=sys.stderr,
            )
            window.files.shutdown()
            return 2
        window.resize(SCREENSHOT_SIZE)
        app.processEvents()
        window.apply_default_layout()
        window.map_view.zoom_to_extent()
        what = "map" if export_map is not None else "screenshot"
        QTimer.singleShot(300, lambda: _save_output(window, output, what, app, purpose=purpose))
    return app.exec()


def _save_output(
    window: object,
    path: Path,
    what: str,
    app: QApplication,
    waited_ms: int = 0,
    *,
    purpose: str = "",
) -> None:
    # the privacy findings are computed in the background: show them, not "Checking…"
    if window.privacy_panel.busy and waited_ms < 20_000:
        QTimer.singleShot(
            100, lambda: _save_output(window, path, what, app, waited_ms + 100, purpose=purpose)
        )
        return
    # zoom once the docks have their final sizes, so the data fills the map
    window.map_view.zoom_to_extent()
    app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    # a map: the File → Export map path (no dialog); a screenshot: the whole window
    if what == "map":
        ok = window.map_output.export(path, purpose=purpose)
    else:
        ok = window.grab().save(str(path))
    print(
        f"planner: {what} written to {path}" if ok else f"planner: cannot write {path}",
        file=sys.stderr,
    )
    app.exit(0 if ok else 1)


def _use_cjk_font(app: QApplication) -> None:
    """Use a font with Chinese glyphs, so labels never show boxes.

    The standalone app (build_app.py) ships Noto Sans CJK in ``fonts/`` of its
    folder: that one is added first, so Chinese shows on a machine without any
    CJK font; otherwise an installed family is used.
    """
    for path in _bundled_fonts():
        QFontDatabase.addApplicationFont(str(path))
    families = set(QFontDatabase.families())
    for family in _CJK_FAMILIES:
        if family in families:
            font = QFont(family)
            font.setPointSizeF(app.font().pointSizeF())
            app.setFont(font)
            return


def _bundled_fonts() -> list[Path]:
    """Font files shipped with the frozen app: ``fonts/`` in its data folder; none otherwise."""
    if not getattr(sys, "frozen", False):
        return []
    folders = {Path(sys.executable).resolve().parent}
    if hasattr(sys, "_MEIPASS"):  # PyInstaller: the folder of the app's data
        folders.add(Path(sys._MEIPASS))
    return sorted(
        path
        for folder in folders
        for path in (folder / "fonts").glob("*")
        if path.suffix.lower() in (".ttc", ".otf", ".ttf")
    )
