"""The ownership survey in the window: run it, hold its result, settle conflicts, export.

The controller does what ``planner reconcile`` does, through the same
functions (:func:`planner.io.survey.load_sources`, :func:`run_survey`,
:func:`survey_tables`, :func:`planner.services.worklist.write_worklist`): reading and
matching run in a background :class:`~planner.ui.workers.Task` with progress
and Cancel. Every change it makes to the project is an undo command on the
document's stack, so the window marks the project modified and Save writes the
registry tables (``survey_*``) into the GeoPackage:

- a finished survey stores its registry tables (undo: the tables before);
- settling a conflict stores a :class:`~planner.core.survey.Settlement` in
  ``survey_settlements`` and re-judges the devices with it (undo: the previous
  settlements and findings).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QUndoCommand
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from planner.core.progress import Progress
from planner.core.project import Project
from planner.core.rulesets import Ruleset
from planner.core.survey import Settlement, Survey, walked_area_text, work_list
from planner.io.rulesets import load_ruleset
from planner.io.survey import (
    LoadedSources,
    judge,
    load_sources,
    reconcile,
    stored_survey,
    survey_tables,
    with_registry,
)
from planner.report.worklist_report import worklist_title
from planner.services.worklist import check_worklist_path, write_worklist
from planner.ui.controllers.survey_options import DEFAULT_MAX_DISTANCE_M, SurveyOptions
from planner.ui.controllers.survey_wizard import SurveyWizard
from planner.ui.document import ProjectDocument
from planner.ui.labels import report_language
from planner.ui.text import tr_format
from planner.ui.workers import TaskRunner

#: Ruleset used when no project is open (as ``planner reconcile`` without a project).
FALLBACK_RULESET = "national"
LAST_DIR_KEY = "survey/last_dir"


@dataclass(frozen=True)
class SurveyRun:
    """One survey as the window shows it: the inputs read, the result and its tables.

    ``settlements`` is every decision on file (stale ones included), as the
    ``survey_settlements`` table keeps them.
    """

    options: SurveyOptions
    loaded: LoadedSources
    ruleset: Ruleset
    survey: Survey
    tables: Mapping[str, pd.DataFrame]
    settlements: tuple[Settlement, ...]


def compute_survey(
    options: SurveyOptions,
    *,
    ruleset: Ruleset,
    project: Project | None,
    progress: Progress,
) -> SurveyRun:
    """Read, match and judge the inventories (runs in a worker thread).

    The same steps as ``planner reconcile``: :func:`load_sources` into the
    project CRS, then :func:`planner.io.survey.reconcile`.
    """
    loaded = load_sources(
        options.specs,
        project_crs=project.crs if project is not None else None,
        chinese=ruleset.is_chinese,
        progress=_Scaled(progress, 0.0, 0.3),
    )
    result = reconcile(
        loaded,
        ruleset=ruleset,
        as_of=options.as_of,
        project=project,
        max_distance_m=options.max_distance_m,
        language=options.language,
        progress=_Scaled(progress, 0.3, 1.0),
    )
    return SurveyRun(options, loaded, ruleset, result.survey, result.tables, result.settlements)


def resettled(
    run: SurveyRun, settlements: Sequence[Settlement], project: Project | None
) -> SurveyRun:
    """The same devices judged again with ``settlements`` (nothing read or matched again)."""
    survey = judge(
        run.survey.unsettled or run.survey.matching,
        ruleset=run.ruleset,
        as_of=run.options.as_of,
        project=project,
        settlements=settlements,
    )
    tables = survey_tables(
        survey, crs=run.loaded.crs, settlements=settlements, language=run.options.language
    )
    return replace(
        run, survey=survey, tables=MappingProxyType(tables), settlements=tuple(settlements)
    )


def stored_run(
    project: Project, *, ruleset: Ruleset, progress: Progress, language: str = "en"
) -> SurveyRun | None:
    """The survey saved in ``project``, judged again from its records (runs in a worker).

    None when the project holds no survey. Same steps as ``planner reconcile
    PROJECT`` without ``--source``.
    """
    stored = stored_survey(project)
    if stored is None:
        return None
    options = SurveyOptions((), stored.as_of, stored.max_distance_m, language)
    result = reconcile(
        stored.loaded,
        ruleset=ruleset,
        as_of=stored.as_of,
        project=project,
        max_distance_m=stored.max_distance_m,
        language=language,
        progress=progress,
    )
    return SurveyRun(
        options, stored.loaded, ruleset, result.survey, result.tables, result.settlements
    )


class _Scaled:
    """A part ``[start, end]`` of a caller's progress (reading, then matching)."""

    def __init__(self, progress: Progress, start: float, end: float) -> None:
        self._progress, self._start, self._end = progress, start, end

    def report(self, fraction: float, message: str = "") -> None:
        """Report the fraction of this part as a fraction of the whole."""
        self._progress.report(self._start + (self._end - self._start) * fraction, message)

    @property
    def cancelled(self) -> bool:
        """Whether the caller asked to stop."""
        return self._progress.cancelled


class SurveyController(TaskRunner):
    """Runs the ownership survey, holds the last one, settles conflicts, exports the work list.

        ``busy(message)``, ``progress(fraction, message)`` and ``idle()`` report
        background work like the file controller's; ``surveyChanged()`` follows
        every new result (a run, a settlement, an undo); ``problemsFound(list)``
        lists the rows and cells an import skipped
    (:class:`~planner.io.inventories.InventoryProblem`); ``failed(title, message)``
        reports a survey or export that could not be done.
    """

    surveyChanged = Signal()
    problemsFound = Signal(object)
    failed = Signal(str, str)

    def __init__(
        self,
        document: ProjectDocument,
        window: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> None:
        # a child of the document, not of the window: the survey and the undo commands
        # that refer to this controller outlive a window rebuilt on a language switch
        super().__init__(document)
        self.document = document
        self._window = window
        self._settings = settings
        self.run: SurveyRun | None = None
        self.last_export: Path | None = None
        # bumped whenever another project is shown: a survey started before belongs to the old one
        self._generation = 0

        self.import_action = QAction(self.tr("&Import inventories…"), self)
        self.import_action.triggered.connect(self.open_wizard)
        self.export_action = QAction(self.tr("&Export work list…"), self)
        self.export_action.triggered.connect(lambda: self.export_worklist())
        document.projectReplaced.connect(self._on_project_replaced)
        self._update_actions()

    @classmethod
    def of(
        cls,
        document: ProjectDocument,
        window: QWidget | None = None,
        settings: QSettings | None = None,
    ) -> SurveyController:
        """The document's survey controller (made on first use), now serving ``window``."""
        controller = document.findChild(cls)
        if controller is None:
            return cls(document, window, settings)
        controller._window, controller._settings = window, settings
        return controller

    # ------------------------------------------------------------------ state
    @property
    def survey(self) -> Survey | None:
        """The survey shown, or None before the first run."""
        return self.run.survey if self.run is not None else None

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
        """Run the survey in the background; the result is stored when it ends."""
        if self._task is not None or not options.specs:
            return False
        if self._settings is not None:
            self._settings.setValue(LAST_DIR_KEY, str(options.specs[0].path.parent))
        project = self.document.project
        options = replace(options, language=report_language())
        function = functools.partial(
            compute_survey, options, ruleset=self.ruleset(), project=project
        )
        generation = self._generation
        return self._start_task(
            self.tr("Reading inventories…"),
            lambda progress: function(progress=progress),
            functools.partial(self._computed, generation),
            self.tr("Cannot run the survey"),
        )

    def _computed(self, generation: int, run: SurveyRun) -> None:
        if generation != self._generation:
            return  # another project was opened meanwhile: this registry is not its one
        self.document.undo_stack.push(
            SurveyRunCommand(
                self,
                run,
                self.tr("Ownership survey (%n device(s))", "", len(run.survey.matching.devices)),
            )
        )
        if run.loaded.problems:
            self.problemsFound.emit(list(run.loaded.problems))

    # ------------------------------------------------------------------ settling
    def settle(self, device_key: str, field: str, value: str, note: str = "") -> None:
        """Decide a conflict (owner, maintainer, or which source's position); one undo step."""
        run = self.run
        if run is None:
            raise RuntimeError("no survey has been run")
        settlement = Settlement(device_key, field, value, note, settled_on=dt.date.today())
        kept = [s for s in run.settlements if (s.device_key, s.field) != (device_key, field)]
        device_id = _device_id(run.survey, device_key)
        text = tr_format(self.tr("Settle %1 of %2"), field, device_id)
        self.document.undo_stack.push(SettleCommand(self, [*kept, settlement], text))

    # ------------------------------------------------------------------ exporting
    def export_worklist(self, path: str | Path | None = None) -> bool:
        """Write the work list (CSV, Excel or HTML by suffix); ask where when ``path`` is None."""
        run = self.run
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
        path = Path(path)
        try:
            check_worklist_path(path)
        except Exception as exc:  # a bad suffix: say so, as the CLI does
            self.failed.emit(self.tr("Cannot export the work list"), str(exc))
            return False
        function = functools.partial(
            _export,
            path,
            run,
            self.document.project,
            worklist_title(run.ruleset, report_language()),
            report_language(),
        )
        return self._start_task(
            self.tr("Writing the work list…"),
            function,
            lambda written: setattr(self, "last_export", written),
            self.tr("Cannot export the work list"),
        )

    # ------------------------------------------------------------------ internals
    def _show(self, run: SurveyRun | None) -> None:
        """Make ``run`` the survey shown and its tables the project's registry."""
        self.run = run
        project = self.document.project
        if project is not None:
            self.document.project = with_registry(
                project,
                run.tables if run else None,
                survey=run.survey if run else None,
                max_distance_m=run.options.max_distance_m if run else DEFAULT_MAX_DISTANCE_M,
            )
        self._update_actions()
        self.surveyChanged.emit()

    def _on_project_replaced(self) -> None:
        self._generation += 1
        project = self.document.project
        run = self.run
        if run is not None:
            stored = project.extra_layers.get("survey_findings") if project is not None else None
            if stored is run.tables["survey_findings"]:
                return  # our own registry, stored back after an edit
            # a project was opened or created: the survey belonged to the one before
            self.run = None
            self._update_actions()
            self.surveyChanged.emit()
        if project is not None and "survey_records" in project.extra_layers:
            self._load_stored(project)

    def _load_stored(self, project: Project) -> None:
        """Show the survey saved in the opened project (judged again in the background)."""
        if self._task is not None:
            return
        generation = self._generation
        function = functools.partial(
            stored_run, project, ruleset=self.ruleset(), language=report_language()
        )
        self._start_task(
            self.tr("Reading the saved survey…"),
            lambda progress: function(progress=progress),
            functools.partial(self._stored_loaded, generation),
            self.tr("Cannot read the saved survey"),
        )

    def _stored_loaded(self, generation: int, run: SurveyRun | None) -> None:
        if generation != self._generation or run is None:
            return
        # not an edit: the file already holds this registry, so nothing to undo or save
        self.run = run
        self._update_actions()
        self.surveyChanged.emit()

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
        self.export_action.setEnabled(idle and self.run is not None)

    def _last_dir(self) -> str:
        if self._settings is None:
            return ""
        return str(self._settings.value(LAST_DIR_KEY, "") or "")

    def show_failure(self, title: str, message: str) -> None:
        """Tell the user a survey or export failed (the window connects ``failed`` here)."""
        QMessageBox.critical(self._window, title, message)


def _device_id(survey: Survey, device_key: str) -> str:
    device = next((d for d in survey.matching.devices if d.device_key == device_key), None)
    value = device.value("device_id") if device is not None else None
    return str(value) if value else device_key


def _export(
    path: Path,
    run: SurveyRun,
    project: Project | None,
    title: str,
    language: str,
    _progress: Progress,
) -> Path:
    """Write the work list as ``planner reconcile --out`` does (runs in a worker thread)."""
    write_worklist(
        path,
        work_list(run.survey, crs=run.loaded.crs, language=language),
        project=project,
        intact=run.survey.intact,
        conflicts=run.tables["survey_conflicts"],
        title=title,
        as_of=run.survey.as_of,
        language=language,
        notes=[n for n in (walked_area_text(run.survey, language),) if n],
    )
    return path


class SurveyRunCommand(QUndoCommand):
    """Show a new survey and store its registry in the project; undo brings the old one back."""

    def __init__(self, controller: SurveyController, run: SurveyRun, text: str) -> None:
        super().__init__(text)
        self._controller = controller
        self._before = controller.run
        self._after = run

    def redo(self) -> None:
        """Show the new survey."""
        self._controller._show(self._after)

    def undo(self) -> None:
        """Show the survey before (or none)."""
        self._controller._show(self._before)


class SettleCommand(QUndoCommand):
    """Remember a decision and judge the devices again with it; undo restores the previous one."""

    def __init__(
        self, controller: SurveyController, settlements: Sequence[Settlement], text: str
    ) -> None:
        super().__init__(text)
        self._controller = controller
        self._before = controller.run
        self._settlements = tuple(settlements)
        self._after: SurveyRun | None = None

    def redo(self) -> None:
        """Judge again with the new settlements (computed once, then reused)."""
        if self._after is None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._after = resettled(
                    self._before, self._settlements, self._controller.document.project
                )
            finally:
                QGuiApplication.restoreOverrideCursor()
        self._controller._show(self._after)

    def undo(self) -> None:
        """The findings and settlements before the decision."""
        self._controller._show(self._before)


__all__ = [
    "DEFAULT_MAX_DISTANCE_M",
    "SettleCommand",
    "SurveyController",
    "SurveyOptions",
    "SurveyRun",
    "SurveyRunCommand",
    "compute_survey",
    "resettled",
    "stored_run",
]
