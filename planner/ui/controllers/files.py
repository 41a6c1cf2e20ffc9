"""File handling for the main window: new, open, save, import, recent files, autosave.

:class:`FileController` owns the File actions and every dialog they need; the
main window only puts the actions in its menus and shows the ``busy`` /
``progress`` / ``idle`` signals in its status bar. Reading a project and
computing its coverage run in a :class:`~planner.ui.workers.Task`, so the
window stays responsive and Cancel works; the open project is only replaced
when the new one is complete, so a failed open never loses the current one.

Autosave writes a copy of a modified project every two minutes next to it
(``estate.gpkg`` → ``estate.autosave.gpkg``; untitled projects go to the
application data folder). Opening a project whose autosave is newer offers to
restore it; a save or a clean close deletes it.
"""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QDateTime,
    QEventLoop,
    QSettings,
    QStandardPaths,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from planner.core.coverage import CoverageState
from planner.core.errors import FileChangedError, InputError
from planner.core.progress import Progress, check
from planner.core.project import Project
from planner.core.rulesets import Ruleset
from planner.core.schema import RowProblem
from planner.io.crs import choose_project_crs
from planner.io.osm import project_from_osm
from planner.io.project import (
    DEFAULT_RULESET,
    FileOrigin,
    Fingerprint,
    file_fingerprint,
    read_project,
    write_project,
)
from planner.io.project_lock import ProjectLock, ProjectLockedError
from planner.io.rulesets import available_rulesets, load_ruleset
from planner.services.export_log import (
    content_digest,
    log_export,
    log_row,
    rebased_on_file,
    with_log_rows,
)
from planner.services.layers import import_with_coverage
from planner.services.project import OpenedProject, open_project, with_coverage
from planner.ui.controllers.import_dialog import CrsField, ImportChoice, ImportDialog
from planner.ui.document import ProjectDocument
from planner.ui.text import tr_format
from planner.ui.workers import Task, TaskRunner

#: Settings key of the recent-files list (most recent first).
RECENT_KEY = "files/recent"
MAX_RECENT = 8
#: Settings key of the folder the last project was opened from or saved to.
LAST_DIR_KEY = "files/last_dir"
AUTOSAVE_SUFFIX = ".autosave.gpkg"
DEFAULT_AUTOSAVE_MS = 120_000
UNTITLED_AUTOSAVE = "untitled" + AUTOSAVE_SUFFIX
#: Centre (lon, lat) of each shipped city ruleset: its default project CRS is the
#: CGCS2000 Gauss-Krüger zone there. The national ruleset defaults to CM 120°E (EPSG:4549).
RULESET_CENTRES = {
    "qingdao": (120.38, 36.07),
    "harbin": (126.63, 45.75),
    "chongqing": (106.55, 29.56),
}
DEFAULT_CHINESE_CRS = "EPSG:4549"


def autosave_path_for(path: str | Path) -> Path:
    """Where the autosave of project ``path`` goes: beside it, ``<stem>.autosave.gpkg``."""
    path = Path(path)
    return path.with_name(path.stem + AUTOSAVE_SUFFIX)


@dataclass(frozen=True)
class Loaded:
    """A project ready for :meth:`ProjectDocument.load`, computed in a worker thread."""

    project: Project
    ruleset: Ruleset
    state: CoverageState
    path: Path | None
    modified: bool
    problems: tuple[RowProblem, ...]
    # the file as read, for telling later log rows from edits (disk_state)
    disk: DiskState | None = None


# A project file as a document read or saved it: its fingerprint and its content
# digest without the export log (planner.services.export_log.content_digest).
DiskState = tuple[Fingerprint, str]


def disk_state(project: Project) -> DiskState | None:
    """The state of the file ``project`` was read from or saved to, while it is unchanged.

    None when the project has no file, or the file changed while it was being read.
    """
    origin = project.origin
    if not isinstance(origin, FileOrigin):
        return None
    try:
        digest = content_digest(origin.path)
        if file_fingerprint(origin.path) != origin.fingerprint:
            return None
    except (InputError, OSError):
        return None
    return origin.fingerprint, digest


@dataclass(frozen=True)
class Merged:
    """The open project with imported layers, and their recomputed coverage."""

    project: Project
    state: CoverageState
    layers: tuple[str, ...]
    added: dict[str, int]
    problems: tuple[RowProblem, ...]
    source: Project  # the project the import was merged into (to detect edits meanwhile)


# --- work done in worker threads (no Qt, no dialogs) -------------------------------------


def _computed(
    project: Project,
    ruleset: Ruleset,
    progress: Progress,
    *,
    path: Path | None,
    modified: bool,
    problems: Sequence[RowProblem] = (),
) -> Loaded:
    # what reading found, and what computing left out (zones it cannot judge…)
    opened = with_coverage(project, ruleset, progress=progress, problems=tuple(problems) or None)
    return _loaded(opened, path=path, modified=modified)


def _loaded(opened: OpenedProject, *, path: Path | None, modified: bool) -> Loaded:
    project = opened.project
    # a recovered autosave is not the file: it is never compared with it
    disk = disk_state(project) if path is not None and not modified else None
    return Loaded(project, opened.ruleset, opened.state, path, modified, opened.problems, disk)


def _load_project(source: Path, path: Path, modified: bool, progress: Progress) -> Loaded:
    """Read ``source`` (the project or its autosave) and compute coverage; it shows as ``path``.

    The same opening as ``planner coverage`` (:func:`planner.services.project.open_project`).
    """
    return _loaded(open_project(source, progress=progress), path=path, modified=modified)


def _new_project(ruleset_id: str, crs: object, progress: Progress) -> Loaded:
    ruleset = load_ruleset(ruleset_id)
    project = Project.empty(crs, ruleset=ruleset.id)
    return _computed(project, ruleset, progress, path=None, modified=False)


def _osm_project(path: Path, ruleset_id: str, progress: Progress) -> Loaded:
    ruleset = load_ruleset(ruleset_id)
    check(progress, 0.0)
    project = project_from_osm(path, ruleset_id=ruleset.id, chinese_ruleset=ruleset.is_chinese)
    check(progress, 0.3)
    return _computed(project, ruleset, progress, path=None, modified=True)


def _merge_file(
    choice: ImportChoice, project: Project | None, ruleset: Ruleset | None, progress: Progress
) -> Merged | Loaded:
    """Read the chosen file and merge it into ``project`` (or a new one when none is open).

    The same import as ``planner import``
    (:func:`planner.services.layers.import_with_coverage`).
    """
    imported = import_with_coverage(project, choice.request(), ruleset=ruleset, progress=progress)
    if project is None:
        return _loaded(imported.opened, path=None, modified=True)
    opened, result = imported.opened, imported.result
    added = {name: c.added + c.updated for name, c in result.counts.items()}
    return Merged(opened.project, opened.state, result.layers, added, opened.problems, project)


def _write_autosave(path: Path, project: Project, progress: Progress) -> Path:
    write_project(path, project)
    return path


# --- dialogs -----------------------------------------------------------------------------


class ProblemsDialog(QDialog):
    """One scrollable list of skipped or repaired rows, instead of a message box per row."""

    def __init__(
        self, title: str, text: str, problems: Sequence[object], parent: QWidget | None = None
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.problems = tuple(str(p) for p in problems)
        label = QLabel(text)
        label.setWordWrap(True)
        self.listing = QPlainTextEdit("\n".join(self.problems))
        self.listing.setReadOnly(True)
        self.listing.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        copy = buttons.addButton(self.tr("Copy"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(self._copy)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.listing, 1)
        layout.addWidget(buttons)
        self.resize(720, 420)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.listing.toPlainText())


class NewProjectDialog(QDialog):
    """Choose the ruleset and the metric CRS of a new, empty project."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("New project"))
        self.ruleset_combo = QComboBox()
        for name in available_rulesets():
            self.ruleset_combo.addItem(name, name)
        self.ruleset_combo.setCurrentIndex(max(self.ruleset_combo.findData(DEFAULT_RULESET), 0))
        self.crs_field = CrsField(metric=True)
        hint = QLabel(
            self.tr(
                "The project is computed in this projected CRS (metres). In China use the "
                "CGCS2000 3-degree Gauss-Krüger zone of the area, e.g. EPSG:4549 for 120°E."
            )
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Ruleset:"), self.ruleset_combo)
        form.addRow(self.tr("Project CRS:"), self.crs_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        self.ruleset_combo.currentIndexChanged.connect(self._ruleset_changed)
        self.crs_field.changed.connect(self._update_ok)
        self._ruleset_changed()

    def ruleset_id(self) -> str:
        """The chosen ruleset name."""
        return self.ruleset_combo.currentData() or DEFAULT_RULESET

    def crs_text(self) -> str:
        """The chosen CRS as typed (valid when the dialog was accepted)."""
        return self.crs_field.text()

    def _ruleset_changed(self) -> None:
        self.crs_field.set_text(default_crs_for_ruleset(self.ruleset_id()) or "")

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.crs_field.crs() is not None)


def default_crs_for_ruleset(ruleset_id: str) -> str | None:
    """The CRS proposed for a new project under ``ruleset_id`` (None: the user must type one).

    Chinese rulesets get the CGCS2000 Gauss-Krüger zone of their city, the
    national one EPSG:4549; others have no location to go by.
    """
    try:
        ruleset = load_ruleset(ruleset_id)
    except InputError:
        return None
    if not ruleset.is_chinese:
        return None
    if ruleset_id in RULESET_CENTRES:
        lon, lat = RULESET_CENTRES[ruleset_id]
        return choose_project_crs(lon, lat, chinese_ruleset=True).to_string()
    return DEFAULT_CHINESE_CRS


# --- the controller ----------------------------------------------------------------------


class FileController(TaskRunner):
    """The File menu: new, open, save, save as, import, recent files, autosave and recovery.

    ``busy(message)``, ``progress(fraction, message)`` and ``idle()`` tell the
    window that background work started, advanced and ended;
    :meth:`cancel_current` stops it. ``autosaveFailed(message)`` reports an
    autosave that could not be written (the project itself is untouched).
    ``problemsFound(problems, replace)`` hands rows skipped, repaired or worth
    a note to the (non-modal) Problems panel: ``replace`` when a project was
    opened, added to the list otherwise.

    Each open project is locked (:mod:`planner.io.project_lock`): a second
    window on it is offered a read-only view. ``headless`` (``--screenshot``,
    scripted runs) never shows a modal dialog: questions get the safe answer
    (no recovery, no read-only view, no reload), printed on stderr with errors.
    """

    autosaveFailed = Signal(str)
    problemsFound = Signal(object, bool)
    imported = Signal(str)  # what an import added, for the status bar

    def __init__(
        self,
        document: ProjectDocument,
        window: QWidget,
        settings: QSettings,
        *,
        autosave_interval_ms: int = DEFAULT_AUTOSAVE_MS,
        headless: bool = False,
    ) -> None:
        super().__init__(window)
        self.document = document
        self._window = window
        self._settings = settings
        self.headless = headless
        #: The last error shown (or printed, headless): for the CLI's exit message.
        self.last_error = ""
        #: The problems last handed to the Problems panel.
        self.last_problems: tuple[object, ...] = ()
        #: Whether the open project is shown read-only (another window holds its lock).
        self.read_only = False
        self._lock: ProjectLock | None = None
        # lock (or None: read-only) and path of the project being opened, until it loaded
        self._pending: tuple[ProjectLock | None, bool, Path] | None = None
        self._autosave_task: Task | None = None
        # autosave files this session wrote: only those may be deleted for an untitled project,
        # an older untitled autosave belongs to a crashed session and waits for recovery
        self._autosaves_written: set[Path] = set()
        self._last_open_ok = False
        # the open project's file as last read, saved or logged into (None: unknown)
        self._disk: DiskState | None = None

        self.new_action = self._action(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_project)
        self.open_action = self._action(QKeySequence.StandardKey.Open)
        self.open_action.triggered.connect(lambda: self.open())
        self.save_action = self._action(QKeySequence.StandardKey.Save)
        self.save_action.triggered.connect(self.save)
        self.save_as_action = self._action(QKeySequence.StandardKey.SaveAs)
        self.save_as_action.triggered.connect(lambda: self.save_as())
        self.import_action = self._action("Ctrl+I")
        self.import_action.triggered.connect(lambda: self.import_layers())
        # the "Open recent" menus handed out, named again with the actions
        self._recent_menus: list[QMenu] = []
        self.retranslate()

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(autosave_interval_ms)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_timer.start()
        application = QCoreApplication.instance()
        if application is not None:
            # a thread still running when Qt tears down aborts the process
            application.aboutToQuit.connect(self.shutdown)
        document.modifiedChanged.connect(self._update_actions)
        document.projectReplaced.connect(self._update_actions)
        self._update_actions()

    def retranslate(self) -> None:
        """Name the actions and the "Open recent" menus in the current language."""
        self.new_action.setText(self.tr("&New project…"))
        self.open_action.setText(self.tr("&Open project…"))
        self.save_action.setText(self.tr("&Save"))
        self.save_as_action.setText(self.tr("Save &as…"))
        self.import_action.setText(self.tr("&Import layer…"))
        for menu in self._recent_menus:
            menu.setTitle(self.tr("Open &recent"))
            self._fill_recent(menu)

    # ------------------------------------------------------------------ state
    # ------------------------------------------------------------------ new / open
    def new_project(self) -> bool:
        """Ask for ruleset and CRS, then start an empty project. False if the user backed out."""
        if self.is_busy or not self.maybe_save():
            return False
        dialog = NewProjectDialog(self._window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.create_project(dialog.ruleset_id(), dialog.crs_text())

    def create_project(self, ruleset_id: str, crs: object) -> bool:
        """Start an empty project under ``ruleset_id`` in ``crs`` (no questions asked)."""
        return self._run(
            self.tr("Creating project…"),
            functools.partial(_new_project, ruleset_id, crs),
            self._loaded,
            self.tr("Cannot create the project"),
        )

    def open(self, path: str | Path | None = None) -> bool:
        """Open a project (asking for it when ``path`` is None) in the background.

        Returns whether reading started. Unsaved changes are asked about first;
        a newer autosave is offered for recovery.
        """
        if self.is_busy or not self.maybe_save():
            return False
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self._window,
                self.tr("Open project"),
                self._last_dir(),
                self.tr("Coverage Planner projects (*.gpkg)"),
            )
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        claimed = self._claim(path)
        if claimed is None:
            return False
        source, modified = path, False
        backup = autosave_path_for(path)
        if (
            claimed[0] is not None  # read-only: the autosave belongs to the other window
            and backup.is_file()
            and (not path.exists() or backup.stat().st_mtime > path.stat().st_mtime)
        ):
            answer = self._offer_recovery(path, backup)
            if answer == QMessageBox.StandardButton.Cancel:
                self._release_unless_held(claimed[0])
                return False
            if answer == QMessageBox.StandardButton.Yes:
                source, modified = backup, True
        return self._read(path, source, modified, claimed)

    def _read(
        self, path: Path, source: Path, modified: bool, claimed: tuple[ProjectLock | None, bool]
    ) -> bool:
        self._pending = (claimed[0], claimed[1], path)
        started = self._run(
            tr_format(self.tr("Opening %1…"), path.name),
            functools.partial(_load_project, source, path, modified),
            self._loaded,
            self.tr("Cannot open the project"),
        )
        if not started:
            self._drop_pending()
        return started

    def reload(self) -> bool:
        """Read the open project's file again, discarding unsaved changes (no question)."""
        path = self.document.path
        if path is None or self.is_busy:
            return False
        return self._read(path, path, False, (self._lock, self.read_only))

    # ------------------------------------------------------------------ one window per project
    def _claim(self, path: Path) -> tuple[ProjectLock | None, bool] | None:
        """Lock ``path`` for this window: ``(lock, False)``, or ``(None, True)`` to view it.

        None when it must not be opened (locked by another window, and refused).
        """
        if self._lock is not None and self._lock.project == path.resolve():
            return self._lock, False  # opened again or reloaded in this window
        lock = ProjectLock(path)
        try:
            lock.acquire()
        except ProjectLockedError as exc:
            if self.ask_read_only(path, exc.holder):
                return None, True
            return None
        return lock, False

    def ask_read_only(self, path: Path, holder: str) -> bool:
        """``path`` is open in another window: view it read-only? (headless: no, refused)."""
        text = self.tr(
            "%1 is already open in another Coverage Planner window (%2). Only one window "
            "may change a project."
        )
        text = tr_format(text, path, holder or "?")
        if self.headless:
            self._show_error(self.tr("Project already open"), text)
            return False
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Project already open"))
        box.setText(text)
        view = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is view

    def _release_unless_held(self, lock: ProjectLock | None) -> None:
        if lock is not None and lock is not self._lock:
            lock.release()

    def _drop_pending(self) -> None:
        if self._pending is not None:
            self._release_unless_held(self._pending[0])
            self._pending = None

    def _adopt_lock(self, lock: ProjectLock | None, read_only: bool) -> None:
        """The open project changed: hold ``lock`` (None: none) and give the old one up."""
        if self._lock is not None and self._lock is not lock:
            self._lock.release()
        self._lock = lock
        self.read_only = read_only

    def _task_ended(self, then: Callable[[], None]) -> None:
        try:
            super()._task_ended(then)
        finally:
            self._drop_pending()  # opened (adopted), failed or cancelled: no longer pending

    def open_path_blocking(self, path: str | Path) -> bool:
        """Open ``path`` as :meth:`open` does and wait; True when it is loaded (CLI, tests)."""
        self._last_open_ok = False
        if not self.open(path):
            return False
        self.wait()
        return self._last_open_ok

    def offer_untitled_recovery(self) -> bool:
        """At start-up: offer the autosave an untitled project left behind. True if restored."""
        backup = self._untitled_autosave()
        if not backup.is_file() or self.is_busy:
            return False
        answer = self._offer_recovery(None, backup)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._last_open_ok = False
        started = self._run(
            self.tr("Recovering…"),
            _recover_untitled(backup),
            self._loaded,
            self.tr("Cannot recover the project"),
        )
        if started:
            self.wait()
        if self._last_open_ok:
            # the copy now belongs to this session: a save or clean close removes it
            self._autosaves_written.add(backup)
        return self._last_open_ok

    def wait(self) -> None:
        """Block (running the event loop) until the current background work has ended."""
        task = self._task
        if task is None:
            return
        loop = QEventLoop()
        self.idle.connect(loop.quit)
        try:
            loop.exec()
        finally:
            self.idle.disconnect(loop.quit)
        # let its thread stop too, so a caller that exits next leaves no thread behind
        task.wait()

    # ------------------------------------------------------------------ saving
    def maybe_save(self) -> bool:
        """Ask Save / Discard / Cancel when there are unsaved changes; False means stop.

        The main window calls it in ``closeEvent``; new, open and the OSM import
        call it before replacing the project. A True answer (saved, discarded,
        or nothing to save) is a clean close of the project: its autosave goes.
        """
        document = self.document
        if document.is_open and document.is_modified and self.headless:
            # nobody to ask: nothing is saved over the file, and its autosave stays
            print("planner: unsaved changes were not saved", file=sys.stderr)
            return True
        if document.is_open and document.is_modified:
            name = document.path.name if document.path else self.tr("Untitled")
            answer = QMessageBox.question(
                self._window,
                self.tr("Unsaved changes"),
                tr_format(self.tr("Save the changes to %1 before closing it?"), name),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Save:
                return self.save()
            if answer != QMessageBox.StandardButton.Discard:
                return False
        if document.is_open:
            self._delete_autosave(self.autosave_path())
        return True

    def save(self) -> bool:
        """Save to the project's file (untitled: ask where). True when written."""
        if not self.document.is_open:
            return False
        if self.document.path is None or self.read_only:
            return self.save_as()  # a read-only view is saved under another name
        return self._write(self.document.path)

    def save_as(self, path: str | Path | None = None) -> bool:
        """Save under a new name (asked for when ``path`` is None). True when written."""
        if not self.document.is_open:
            return False
        if path is None:
            current = self.document.path
            suggestion = str(current) if current else str(Path(self._last_dir()) / "project.gpkg")
            chosen, _ = QFileDialog.getSaveFileName(
                self._window,
                self.tr("Save project as"),
                suggestion,
                self.tr("Coverage Planner projects (*.gpkg)"),
            )
            if not chosen:
                return False
            path = chosen
        path = Path(path)
        if path.suffix.lower() != ".gpkg":
            path = path.with_name(path.name + ".gpkg")
        return self._write(path)

    def _write(self, path: Path) -> bool:
        """Write the project to ``path``; on any failure it stays modified and open as it was."""
        title = self.tr("Cannot save the project")
        held = self._lock is not None and self._lock.project == path.resolve()
        lock = self._lock if held else ProjectLock(path)
        try:
            lock.acquire()
        except ProjectLockedError as exc:
            self._show_error(title, str(exc))
            return False
        previous = self.autosave_path()
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            saved = self._save_adopting_log(path)
        except FileChangedError as exc:
            QGuiApplication.restoreOverrideCursor()
            self._release_unless_held(lock)
            return self._file_changed(path, exc)
        except Exception as exc:  # any failure (disk full, locked file, GDAL) must be shown
            QGuiApplication.restoreOverrideCursor()
            self._release_unless_held(lock)
            self._show_error(
                title,
                tr_format(self.tr("The project could not be saved to %1:\n\n%2"), path, exc),
            )
            return False
        QGuiApplication.restoreOverrideCursor()
        self._adopt_lock(lock, False)
        if isinstance(saved, Project):
            self.document.adopt_saved(saved, path)
            self._disk = disk_state(saved)
        else:
            self.document.mark_saved(path)
            self._disk = None
        self._delete_autosave(previous)
        self._delete_autosave(self.autosave_path())
        self._add_recent(path)
        return True

    def _save_adopting_log(self, path: Path) -> Project:
        """Write the project to ``path``; a file changed only by export log rows is adopted.

        ``planner export`` run while the project is open appends rows to the
        file's log: the save keeps them (the file's rows, then the window's own)
        instead of asking. Any other change raises :class:`FileChangedError`.
        """
        try:
            return write_project(path, self.document.project)
        except FileChangedError:
            if not self._only_log_changed():
                raise
        self.document.adopt_file_state(rebased_on_file(self.document.project, read_project(path)))
        return write_project(path, self.document.project)

    def _only_log_changed(self) -> bool:
        """Whether the open project's file differs from what it was at most by export log rows."""
        document = self.document
        origin = document.project.origin if document.project is not None else None
        if not isinstance(origin, FileOrigin) or document.path is None:
            return False
        known = self._disk
        try:
            if Path(origin.path) != document.path.resolve():
                return False  # a recovered autosave: the file is not what the document read
            if file_fingerprint(origin.path) == origin.fingerprint:
                return True
            if known is None or known[0] != origin.fingerprint:
                return False
            return content_digest(origin.path) == known[1]
        except (InputError, OSError):
            return False

    # ------------------------------------------------------------------ the export log
    def log_export(
        self, kind: str, path: str | Path, *, purpose: str = "", public: bool = False
    ) -> bool:
        """Log a file the window exported in the project's ``export_log`` (Harbin Art. 25(5)).

        A saved project gets the row in its file at once (only the log changes
        there; unsaved edits stay unsaved) and in the document, which stays as
        modified as it was. An untitled project, a read-only view or a file
        another program changed keep the row in the document: it is saved with
        the project (the document counts as modified until then). Not an undo
        step. Returns whether the row went into the file.
        """
        document = self.document
        if not document.is_open:
            return False
        target = document.path
        if target is not None and not self.read_only and self._only_log_changed():
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                saved = log_export(target, kind=kind, path=path, purpose=purpose, public=public)
            except InputError as exc:
                problem = RowProblem(
                    "export_log",
                    "-",
                    "-",
                    str(exc),
                    "kept in memory",
                    severity="warning",
                    file=str(target),
                )
                self._report_problems([problem], replace=False)
            else:
                document.adopt_file_state(rebased_on_file(document.project, saved))
                self._disk = disk_state(document.project)
                return True
            finally:
                QGuiApplication.restoreOverrideCursor()
        row = log_row(kind=kind, path=path, purpose=purpose, public=public)
        document.adopt_file_state(with_log_rows(document.project, row))
        return False

    def _file_changed(self, path: Path, error: FileChangedError) -> bool:
        """Another program changed the file: Reload, Save As… or Cancel (headless: report)."""
        text = tr_format(
            self.tr(
                "Another program changed %1 since it was opened. Saving over it would undo "
                "those changes."
            ),
            path,
        )
        if self.headless:
            problem = RowProblem(
                "-", "-", "-", str(error), "not saved", severity="error", file=str(path)
            )
            self._show_error(self.tr("File changed on disk"), text)
            self._report_problems([problem], replace=False)
            return False
        answer = self.ask_file_changed(text)
        if answer == "reload":
            self.reload()
            return False
        if answer == "save_as":
            return self.save_as()
        return False

    def ask_file_changed(self, text: str) -> str:
        """``"reload"``, ``"save_as"`` or ``"cancel"``: what to do about a file changed on disk."""
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("File changed on disk"))
        box.setText(text)
        box.setInformativeText(
            self.tr("Reload discards your changes and opens the file as it is now.")
        )
        reload = box.addButton(self.tr("Reload"), QMessageBox.ButtonRole.DestructiveRole)
        save_as = box.addButton(self.tr("Save as…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "reload" if clicked is reload else "save_as" if clicked is save_as else "cancel"

    # ------------------------------------------------------------------ import
    def import_layers(self, path: str | Path | None = None) -> bool:
        """Ask what to import (the file preselected when given), then import it."""
        if self.is_busy:
            return False
        dialog = ImportDialog(self._window, path=path)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        return self.import_choice(dialog.choice())

    def import_choice(self, choice: ImportChoice, *, osm_mode: str | None = None) -> bool:
        """Import as chosen: merge into the open project (or start one), recompute coverage.

        An OpenStreetMap file with a project open asks whether to merge it or
        open it as a new project, unless ``osm_mode`` (``"merge"``/``"new"``)
        says. Returns whether the import started.
        """
        if self.is_busy:
            return False
        document = self.document
        if choice.kind == "osm":
            mode = osm_mode or (self.ask_osm_mode() if document.is_open else "new")
            if mode is None or (mode == "new" and not self.maybe_save()):
                return False
            if mode == "new":
                ruleset_id = document.ruleset.id if document.ruleset else DEFAULT_RULESET
                return self._run(
                    tr_format(self.tr("Importing %1…"), choice.path.name),
                    functools.partial(_osm_project, choice.path, ruleset_id),
                    self._loaded,
                    self.tr("Cannot import the file"),
                )
        project = document.project if document.is_open else None
        return self._run(
            tr_format(self.tr("Importing %1…"), choice.path.name),
            functools.partial(_merge_file, choice, project, document.ruleset),
            functools.partial(self._imported, choice),
            self.tr("Cannot import the file"),
        )

    def ask_osm_mode(self) -> str | None:
        """``"merge"``, ``"new"`` or None (cancel): where OSM data goes while a project is open."""
        box = QMessageBox(self._window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Import OpenStreetMap"))
        box.setText(
            self.tr(
                "Add the OpenStreetMap features to the open project, or open them as a new one?"
            )
        )
        merge = box.addButton(self.tr("Add to this project"), QMessageBox.ButtonRole.AcceptRole)
        new = box.addButton(self.tr("New project"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "merge" if clicked is merge else "new" if clicked is new else None

    # ------------------------------------------------------------------ autosave
    def autosave_path(self) -> Path:
        """Where the open project is autosaved."""
        if self.document.path is None:
            return self._untitled_autosave()
        return autosave_path_for(self.document.path)

    def autosave_now(self) -> None:
        """Write a copy of the modified project in the background (the timer calls this)."""
        document = self.document
        if not (document.is_open and document.is_modified) or self._autosave_task is not None:
            return
        if self.read_only and document.path is not None:
            return  # that autosave file belongs to the window that holds the project
        target = self.autosave_path()
        # Project and its frames are replaced, never changed in place, so the snapshot
        # stays consistent while the worker writes it
        task = Task(functools.partial(_write_autosave, target, document.project))
        self._autosave_task = task
        task.finished.connect(lambda path: self._autosave_ended(task, path, ""))
        task.failed.connect(lambda message: self._autosave_ended(task, target, message))
        task.cancelled.connect(lambda: self._autosave_ended(task, target, ""))
        task.start()

    def _autosave_ended(self, task: Task, path: Path, error: str) -> None:
        self._autosave_task = None
        if error:
            self.autosaveFailed.emit(tr_format(self.tr("Autosave to %1 failed: %2"), path, error))
            return
        self._autosaves_written.add(path)
        if not self.document.is_modified or path != self.autosave_path():
            # saved (or renamed) while the copy was being written: the copy is stale
            self._delete_autosave(path)

    def _untitled_autosave(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        return Path(folder) / UNTITLED_AUTOSAVE

    def _delete_autosave(self, path: Path) -> None:
        if path == self._untitled_autosave() and path not in self._autosaves_written:
            return
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        self._autosaves_written.discard(path)

    def _offer_recovery(self, path: Path | None, backup: Path) -> QMessageBox.StandardButton:
        when = QDateTime.fromSecsSinceEpoch(int(backup.stat().st_mtime)).toString(
            Qt.DateFormat.TextDate
        )
        name = path.name if path else self.tr("an untitled project")
        question = tr_format(
            self.tr(
                "An autosaved copy of %1 from %2 holds changes that were never saved.\n\n"
                "Restore it? (No opens the last saved version; the copy is kept until "
                "the project is saved or closed.)"
            ),
            name,
            when,
        )
        if self.headless:
            # nobody to ask: the file itself is opened, the copy stays for a later session
            print(f"planner: {question}", file=sys.stderr)
            print(f"planner: answer: No ({backup} is kept)", file=sys.stderr)
            return QMessageBox.StandardButton.No
        return QMessageBox.question(
            self._window,
            self.tr("Recover unsaved changes"),
            question,
            QMessageBox.StandardButton.Yes
            | QMessageBox.StandardButton.No
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )

    def shutdown(self) -> None:
        """Stop the timer and background work, give the project's lock up (quitting)."""
        self.autosave_timer.stop()
        Task.stop_all(cancel=True)
        self._adopt_lock(None, False)

    # ------------------------------------------------------------------ recent files
    def recent_files(self) -> list[Path]:
        """Recently opened or saved projects, most recent first."""
        value = self._settings.value(RECENT_KEY, [])
        if isinstance(value, str):  # QSettings hands back a one-item list as a plain string
            value = [value]
        return [Path(v) for v in (value or []) if v][:MAX_RECENT]

    def recent_menu(self, parent: QWidget | None = None) -> QMenu:
        """An "Open recent" menu, refreshed each time it opens; missing files are greyed out."""
        menu = QMenu(self.tr("Open &recent"), parent)
        menu.aboutToShow.connect(lambda: self._fill_recent(menu))
        self._recent_menus.append(menu)
        menu.destroyed.connect(functools.partial(self._forget_recent_menu, menu))
        self._fill_recent(menu)
        return menu

    def _forget_recent_menu(self, menu: QMenu, *_: object) -> None:
        with contextlib.suppress(ValueError):
            self._recent_menus.remove(menu)

    def clear_recent(self) -> None:
        """Forget the recent files."""
        self._settings.setValue(RECENT_KEY, [])

    def _fill_recent(self, menu: QMenu) -> None:
        menu.clear()
        paths = self.recent_files()
        for number, path in enumerate(paths, start=1):
            exists = path.is_file()
            text = f"&{number} {path.name}"
            if not exists:
                text += " " + self.tr("(missing)")
            action = menu.addAction(text)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.setEnabled(exists)
            action.triggered.connect(lambda _=False, p=path: self.open(p))
        if not paths:
            menu.addAction(self.tr("No recent projects")).setEnabled(False)
            return
        menu.addSeparator()
        menu.addAction(self.tr("Clear list"), self.clear_recent)

    def _add_recent(self, path: Path) -> None:
        path = path.resolve()
        paths = [p for p in self.recent_files() if p != path]
        self._settings.setValue(RECENT_KEY, [str(p) for p in [path, *paths][:MAX_RECENT]])
        self._settings.setValue(LAST_DIR_KEY, str(path.parent))

    def _last_dir(self) -> str:
        return str(self._settings.value(LAST_DIR_KEY, "") or "")

    # ------------------------------------------------------------------ background work
    def _run(
        self,
        message: str,
        function: Callable[[Progress], Any],
        on_done: Callable[[Any], None],
        error_title: str,
    ) -> bool:
        """Run ``function`` in a Task; ``on_done(result)`` in the GUI thread on success."""
        return self.run_task(
            message, function, on_done, lambda text: self._show_error(error_title, text)
        )

    def _show_error(self, title: str, text: str) -> None:
        """A message box; headless, a line on stderr (``last_error`` keeps it either way)."""
        self.last_error = text
        if self.headless:
            print(f"planner: {title}: {text}", file=sys.stderr)
            return
        QMessageBox.critical(self._window, title, text)

    def _loaded(self, loaded: Loaded) -> None:
        document = self.document
        pending, self._pending = self._pending, None
        if pending is not None and loaded.path is not None and pending[2] == loaded.path:
            self._adopt_lock(pending[0], pending[1])
        else:  # untitled: nothing to lock
            self._release_unless_held(pending[0] if pending else None)
            self._adopt_lock(None, False)
        document.load(loaded.project, loaded.ruleset, loaded.state, loaded.path)
        self._disk = loaded.disk
        if loaded.modified:
            document.undo_stack.resetClean()  # restored or imported: not on disk yet
        self._last_open_ok = True
        if loaded.path is not None and not self.read_only:
            self._add_recent(loaded.path)
        self._report_problems(loaded.problems, replace=True)

    def _imported(self, choice: ImportChoice, result: Merged | Loaded) -> None:
        if isinstance(result, Loaded):  # no project was open: the import started one
            self._loaded(result)
            return
        document = self.document
        if document.project is not result.source:
            # the project was edited while the import ran: merge again into the current one
            self.import_choice(choice, osm_mode="merge")
            return
        document.replace_layers(
            result.state,
            text=tr_format(self.tr("Import %1"), choice.path.name),
            **{name: result.project.layer(name) for name in result.layers},
        )
        labels = {
            "cameras": self.tr("cameras"),
            "zones": self.tr("mandatory zones"),
            "buildings": self.tr("buildings"),
            "private_areas": self.tr("private areas"),
            "roads": self.tr("roads"),
        }
        summary = ", ".join(
            f"{count} {labels.get(name, name)}" for name, count in result.added.items()
        )
        self.imported.emit(tr_format(self.tr("Imported %1"), summary))
        if result.problems:
            self._report_problems(result.problems, replace=False)

    def _report_problems(self, problems: Sequence[object], *, replace: bool) -> None:
        """Hand problems to the Problems panel (never a modal dialog); headless, also stderr."""
        self.last_problems = (*(() if replace else self.last_problems), *problems)
        if self.headless and problems:
            print(f"planner: {len(problems)} problem(s):", file=sys.stderr)
            for problem in problems:
                print(f"  {getattr(problem, 'severity', 'error')}: {problem}", file=sys.stderr)
        self.problemsFound.emit(tuple(problems), replace)

    def _action(self, shortcut: QKeySequence.StandardKey | str) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(shortcut))
        return action

    def _update_actions(self, *_: object) -> None:
        idle = self._task is None
        for action in (self.new_action, self.open_action, self.import_action):
            action.setEnabled(idle)
        for action in (self.save_action, self.save_as_action):
            action.setEnabled(self.document.is_open)


def _recover_untitled(backup: Path) -> Callable[[Progress], Loaded]:
    def recover(progress: Progress) -> Loaded:
        loaded = _load_project(backup, backup, True, progress)
        # the copy is not the project: the user must choose where to save it
        return Loaded(loaded.project, loaded.ruleset, loaded.state, None, True, loaded.problems)

    return recover
