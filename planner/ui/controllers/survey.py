"""The ownership survey in the window: run it, settle conflicts, export the work list.

The controller does what ``planner reconcile`` does, through the same service
functions (:func:`planner.services.survey.compute_survey`,
:func:`~planner.services.survey.stored_run`,
:func:`~planner.services.survey.write_survey_worklist`): reading and matching run
in a background :class:`~planner.ui.workers.Task` with progress and Cancel.
The result goes to the document (:meth:`ProjectDocument.set_survey`, one undo
step; Save writes the registry tables ``survey_*`` into the GeoPackage), which
owns the survey shown and its settlements; the controller keeps nothing once
a task has ended.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QWidget

from planner.core.progress import Progress
from planner.core.rulesets import Ruleset
from planner.core.survey import Survey
from planner.io.rulesets import load_ruleset
from planner.report.worklist_report import worklist_title
from planner.services.survey import (
    SurveyOptions,
    compute_survey,
    stored_run,
    write_survey_worklist,
)
from planner.services.worklist import check_worklist_path
from planner.ui.controllers.export_dialog import ExportController, ask_export_options
from planner.ui.controllers.survey_wizard import SurveyWizard
from planner.ui.document import ProjectDocument
from planner.ui.labels import report_language

#: Ruleset used when no project is open (as ``planner reconcile`` without a project).
FALLBACK_RULESET = "national"
LAST_DIR_KEY = "survey/last_dir"


class SurveyController(ExportController):
    """Runs the ownership survey and exports its work list; the document holds the result.

    ``busy(message)``, ``progress(fraction, message)`` and ``idle()`` report
    background work like the file controller's; ``problemsFound(list)`` lists
    the rows and cells an import skipped
    (:class:`~planner.io.inventories.InventoryProblem`); ``failed(title, message)``
    reports a survey or export that could not be done; ``exported(kind, path,
    purpose, public)`` a work list written (``worklist``), for the export log.
    """

    problemsFound = Signal(object)

    def __init__(
        self,
        document: ProjectDocument,
        window: QWidget | None = None,
        settings: QSettings | None = None,
        *,
        headless: bool = False,
    ) -> None:
        """``headless``: failures go to stderr, never to a dialog."""
        super().__init__(document, window, settings, headless=headless)
        self.import_action = QAction(self)
        self.import_action.triggered.connect(self.open_wizard)
        self.export_action = QAction(self)
        self.export_action.triggered.connect(lambda: self.export_worklist())
        self.retranslate()
        document.projectLoaded.connect(self._load_stored)
        document.surveyChanged.connect(self._update_actions)
        self._update_actions()

    def retranslate(self) -> None:
        """Name the actions in the current language."""
        self.import_action.setText(self.tr("&Import inventories…"))
        self.export_action.setText(self.tr("&Export work list…"))

    # ------------------------------------------------------------------ state
    @property
    def survey(self) -> Survey | None:
        """The survey the document shows, or None before the first run."""
        return self.document.survey_result

    def ruleset(self) -> Ruleset:
        """The project's ruleset, or the national one without a project."""
        return self.document.ruleset or load_ruleset(FALLBACK_RULESET)

    # ------------------------------------------------------------------ running
    def open_wizard(self) -> bool:
        """Ask for inventories in the import wizard, then run the survey. False if backed out."""
        if self.is_busy:
            return False
        wizard = SurveyWizard(self._window, start_dir=self._last_dir())
        if wizard.exec() != SurveyWizard.DialogCode.Accepted:
            return False
        return self.start(wizard.options())

    def start(self, options: SurveyOptions) -> bool:
        """Run the survey in the background; the document stores the result when it ends."""
        if self._task is not None or not options.specs:
            return False
        if self._settings is not None:
            self._settings.setValue(LAST_DIR_KEY, str(options.specs[0].path.parent))
        project = self.document.project
        options = replace(options, language=report_language())
        function = functools.partial(
            compute_survey, options, ruleset=self.ruleset(), project=project
        )
        generation = self.document.generation
        return self._start_task(
            self.tr("Reading inventories…"),
            lambda progress: function(progress=progress),
            functools.partial(self._computed, generation),
            self.tr("Cannot run the survey"),
        )

    def _computed(self, generation: int, run: Any) -> None:
        # a survey of a project closed meanwhile is not this project's registry
        if self.document.set_survey(run, generation) and run.loaded.problems:
            self.problemsFound.emit(list(run.loaded.problems))

    # ------------------------------------------------------------------ settling
    def settle(self, device_key: str, field: str, value: str, note: str = "") -> None:
        """Decide a conflict: :meth:`ProjectDocument.settle` (one undo step)."""
        self.document.settle(device_key, field, value, note)

    # ------------------------------------------------------------------ exporting
    def export_worklist(
        self, path: str | Path | None = None, *, purpose: str | None = None
    ) -> bool:
        """Write the work list (CSV, Excel or HTML by suffix); ask where when ``path`` is None.

        The purpose is asked with the file unless given (a ``path`` given without
        it logs an empty purpose).
        """
        run = self.document.survey
        if run is None or self._task is not None:
            return False
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self._window,
                self.tr("Export work list"),
                str(Path(self._last_dir()) / "worklist.csv"),
                self.tr("CSV (*.csv);;Excel workbook (*.xlsx);;Printable page (*.html)"),
            )
            if not chosen:
                return False
            path = chosen
            if purpose is None:
                options = ask_export_options(self._window, kind="worklist")
                if options is None:
                    return False
                purpose = options.purpose
        path = Path(path)
        try:
            check_worklist_path(path)
        except Exception as exc:  # a bad suffix: say so, as the CLI does
            self.failed.emit(self.tr("Cannot export the work list"), str(exc))
            return False
        language = report_language()
        function = functools.partial(
            write_survey_worklist,
            path,
            run.survey,
            crs=run.loaded.crs,
            conflicts=run.tables["survey_conflicts"],
            project=self.document.project,
            title=worklist_title(run.ruleset, language),
            language=language,
        )
        return self._start_task(
            self.tr("Writing the work list…"),
            lambda progress: function(progress=progress),
            functools.partial(self._worklist_written, purpose or ""),
            self.tr("Cannot export the work list"),
        )

    def _worklist_written(self, purpose: str, written: Path) -> None:
        self.last_export = written
        self.exported.emit("worklist", str(written), purpose, False)

    # ------------------------------------------------------------------ internals
    def _load_stored(self) -> None:
        """Show the survey saved in the opened project (judged again in the background)."""
        project = self.document.project
        if project is None or "survey_records" not in project.extra_layers:
            return
        if self._task is not None:
            return
        generation = self.document.generation
        function = functools.partial(
            stored_run, project, ruleset=self.ruleset(), language=report_language()
        )
        self._start_task(
            self.tr("Reading the saved survey…"),
            lambda progress: function(progress=progress),
            lambda run: self.document.adopt_stored_survey(run, generation),
            self.tr("Cannot read the saved survey"),
        )

    def _start_task(
        self,
        message: str,
        function: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        error_title: str,
    ) -> bool:
        return self.run_task(
            message, function, on_done, lambda text: self.failed.emit(error_title, text)
        )

    def _update_actions(self) -> None:
        idle = self._task is None
        self.import_action.setEnabled(idle)
        self.export_action.setEnabled(idle and self.document.survey is not None)

    def _last_dir(self) -> str:
        if self._settings is None:
            return ""
        return str(self._settings.value(LAST_DIR_KEY, "") or "")
