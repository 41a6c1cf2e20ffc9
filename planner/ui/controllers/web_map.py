"""File → Export web map…: the offline web map of the open project, as ``planner export --web``.

The page is written by the same service as the command line
(:func:`planner.services.web_map.write_web_map`) from what the document holds
(project, ruleset, coverage, its privacy findings when checked), in the
interface language, in a background :class:`~planner.ui.workers.Task`.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from planner.core.progress import Progress
from planner.services.project import OpenedProject
from planner.services.web_map import write_web_map
from planner.ui.controllers.export_dialog import ExportController, with_suffix
from planner.ui.document import ProjectDocument
from planner.ui.labels import report_language

_LAST_DIR_KEY = "web_map/last_dir"


class WebMapController(ExportController):
    """Writes the web map; ``exported(kind, path, purpose, public)`` tells the export log.

    ``failed(title, message)`` reports a page that could not be written.
    """

    def __init__(
        self,
        document: ProjectDocument,
        window: QWidget | None = None,
        settings: QSettings | None = None,
        *,
        headless: bool = False,
    ) -> None:
        super().__init__(document, window, settings, headless=headless)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(lambda: self.export())
        self.retranslate()
        document.projectReplaced.connect(self._update_actions)
        self._update_actions()

    def retranslate(self) -> None:
        """Name the action in the current language."""
        self.export_action.setText(self.tr("Export &web map…"))
        self.export_action.setToolTip(
            self.tr("One HTML file that works offline: layers, popups and a legend")
        )

    def export(
        self, path: str | Path | None = None, *, purpose: str | None = None, public: bool = False
    ) -> bool:
        """Write the web map to ``path`` in the background (asked for when None).

        With the file chosen in a dialog, the purpose and the public form are
        asked (:func:`ask_export_options`) unless ``purpose`` is given.
        Returns whether the writing started.
        """
        document = self.document
        if not document.is_open or self.is_busy:
            return False
        if path is None:
            chosen = self.choose_output(
                caption=self.tr("Export web map"),
                default_name="map.html",
                file_filter=self.tr("Web page (*.html)"),
                suffixes=(".html", ".htm"),
                kind="web",
                allow_public=True,
                last_dir_key=_LAST_DIR_KEY,
            )
            if chosen is None:
                return False
            path, options = chosen
            if purpose is None:
                purpose, public = options.purpose, options.public
        path = with_suffix(Path(path), (".html", ".htm"))
        self.remember_folder(_LAST_DIR_KEY, path)
        assert document.project is not None and document.ruleset is not None
        assert document.state is not None
        opened = OpenedProject(document.project, document.ruleset, document.state, ())
        write = functools.partial(
            write_web_map,
            path,
            opened,
            public=public,
            language=report_language(),
            privacy=document.privacy,
        )
        return self.run_task(
            self.tr("Writing the web map…"),
            functools.partial(_run, write),
            functools.partial(self._written, purpose or "", public),
            lambda text: self.failed.emit(self.tr("Cannot export the web map"), text),
        )

    def _written(self, purpose: str, public: bool, written: Path) -> None:
        self.last_export = written
        self.exported.emit("web", str(written), purpose, public)

    def _update_actions(self) -> None:
        self.export_action.setEnabled(self.document.is_open and not self.is_busy)


def _run(write: functools.partial[Path], progress: Progress) -> Path:
    return write()
