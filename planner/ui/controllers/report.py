"""File → Report…: the compliance report of the open project, as ``planner report``.

The report is written by the same service as the command line
(:func:`planner.services.report.write_report`) from what the document holds
(project, ruleset, coverage, its privacy findings when checked, the survey
tables of the project), in the interface language, as PDF or HTML, in a
background :class:`~planner.ui.workers.Task`; the window logs it (kind
``report``) once written.
"""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from planner.core.privacy import PrivacyReport
from planner.core.progress import Progress
from planner.services.project import OpenedProject
from planner.services.report import REPORT_KIND, REPORT_SUFFIXES, ReportRequest, check_report
from planner.services.report import write_report as write_report_file
from planner.ui.controllers.export_dialog import ExportController, with_suffix
from planner.ui.document import ProjectDocument
from planner.ui.labels import report_language

_LAST_DIR_KEY = "report/last_dir"


class ReportController(ExportController):
    """Writes the compliance report; ``exported(kind, path, purpose, public)`` logs it."""

    def __init__(
        self,
        document: ProjectDocument,
        window: QWidget | None = None,
        settings: QSettings | None = None,
        *,
        headless: bool = False,
    ) -> None:
        super().__init__(document, window, settings, headless=headless)
        self.report_action = QAction(self)
        self.report_action.triggered.connect(lambda: self.write_report())
        self.retranslate()
        document.projectReplaced.connect(self._update_actions)
        self._update_actions()

    def retranslate(self) -> None:
        """Name the action in the current language."""
        self.report_action.setText(self.tr("&Compliance report…"))
        self.report_action.setToolTip(
            self.tr(
                "The compliance report (PDF or HTML): every zone with its result, gap maps, "
                "privacy findings, the articles applied"
            )
        )

    def write_report(
        self, path: str | Path | None = None, *, purpose: str | None = None, public: bool = False
    ) -> bool:
        """Write the report to ``path`` (.pdf or .html) in the background (asked for when None).

        With the file chosen in a dialog the purpose and the public edition are
        asked. Returns whether the writing started.
        """
        document = self.document
        if not document.is_open or self.is_busy:
            return False
        if path is None:
            chosen = self.choose_output(
                caption=self.tr("Write the compliance report"),
                default_name="report.pdf",
                file_filter=self.tr("PDF document (*.pdf);;Web page (*.html)"),
                suffixes=REPORT_SUFFIXES,
                kind=REPORT_KIND,
                allow_public=True,
                last_dir_key=_LAST_DIR_KEY,
            )
            if chosen is None:
                return False
            path, options = chosen
            if purpose is None:
                purpose, public = options.purpose, options.public
        path = with_suffix(Path(path), REPORT_SUFFIXES)
        self.remember_folder(_LAST_DIR_KEY, path)
        assert document.project is not None and document.ruleset is not None
        assert document.state is not None
        opened = OpenedProject(document.project, document.ruleset, document.state, ())
        request = ReportRequest(
            output=path, language=report_language(), public=public, purpose=purpose or ""
        )
        project_file = str(document.path) if getattr(document, "path", None) else ""
        return self.run_task(
            self.tr("Writing the report…"),
            functools.partial(_write, opened, request, project_file, document.privacy),
            functools.partial(self._written, purpose or "", public),
            lambda text: self.failed.emit(self.tr("Cannot write the report"), text),
        )

    def _written(self, purpose: str, public: bool, written: Path) -> None:
        self.last_export = written
        self.exported.emit(REPORT_KIND, str(written), purpose, public)

    def _update_actions(self) -> None:
        self.report_action.setEnabled(self.document.is_open and not self.is_busy)


def _write(
    opened: OpenedProject,
    request: ReportRequest,
    project_file: str,
    privacy: PrivacyReport | None,
    progress: Progress,
) -> Path:
    check_report(None, request)  # the window logs the report itself, in the document
    return write_report_file(opened, request, project_file=project_file, privacy=privacy)
