"""The main window: lays out the map, the docks, menus and status bar, and wires them.

It holds no planning logic: the document owns the state, the controllers own
file handling, the map and panels draw and turn gestures into document calls.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import shapely
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStyle,
    QTableView,
    QWidget,
)

from planner.core.errors import InputError
from planner.io.crs import lonlat_transformer
from planner.ui.canvas.map_view import MapView
from planner.ui.canvas.rollout_items import ProposalLayer
from planner.ui.canvas.survey_items import SurveyLayer
from planner.ui.controllers.export_dialog import ask_export_options
from planner.ui.controllers.files import FileController
from planner.ui.controllers.map_output import MapOutputController
from planner.ui.controllers.privacy import PrivacyController
from planner.ui.controllers.report import ReportController
from planner.ui.controllers.rollout import RolloutController
from planner.ui.controllers.survey import SurveyController
from planner.ui.controllers.web_map import WebMapController
from planner.ui.document import ProjectDocument
from planner.ui.i18n import LANGUAGES, Translations
from planner.ui.panels.camera_panel import CameraPanel
from planner.ui.panels.export_log_panel import ExportLogDialog
from planner.ui.panels.layers_panel import LayerPanel
from planner.ui.panels.privacy_panel import PrivacyPanel
from planner.ui.panels.problems_panel import ProblemsPanel
from planner.ui.panels.rollout_panel import RolloutPanel
from planner.ui.panels.survey_panel import SurveyPanel
from planner.ui.panels.tables import current_table, export_view
from planner.ui.panels.zones_panel import ZonePanel
from planner.ui.retranslate import LanguageAware
from planner.ui.text import tr_format
from planner.ui.workers import Task

APP_NAME = "Coverage Planner"


class MainWindow(LanguageAware, QMainWindow):
    """The planner's main window on one :class:`ProjectDocument`."""

    def __init__(
        self,
        document: ProjectDocument,
        settings: QSettings,
        translations: Translations,
        *,
        headless: bool = False,
    ) -> None:
        """``headless`` (``--screenshot``, scripted runs): no modal dialog ever opens."""
        super().__init__()
        self.document = document
        self._settings = settings
        self._translations = translations
        self._to_lonlat: Callable[[float, float], tuple[float, float]] | None = None
        self._problem_counts = (0, 0)  # errors, total: the status bar button's text

        self.map_view = MapView(document, self)
        self.setCentralWidget(self.map_view)
        self.layer_panel = LayerPanel(self._layer_labels(), self)
        self.camera_panel = CameraPanel(document, self)
        self.zone_panel = ZonePanel(document, self)
        self.privacy = PrivacyController(document, self)
        self.privacy_panel = PrivacyPanel(document, self, checker=self.privacy)
        self._default_docks = (
            self._dock(self.layer_panel, Qt.DockWidgetArea.LeftDockWidgetArea),
            self._dock(self.camera_panel, Qt.DockWidgetArea.RightDockWidgetArea),
            self._dock(self.zone_panel, Qt.DockWidgetArea.BottomDockWidgetArea),
        )
        camera_dock = self._default_docks[1]
        self.privacy_dock = self._dock(self.privacy_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(camera_dock, self.privacy_dock)
        camera_dock.raise_()  # the camera form stays in front; the privacy tab is one click away
        self.files = FileController(document, self, settings, headless=headless)
        self.map_output = MapOutputController(document, self.map_view, self, settings)
        self.survey = SurveyController(document, self, settings, headless=headless)
        self.web_map = WebMapController(document, self, settings, headless=headless)
        self.report = ReportController(document, self, settings, headless=headless)
        self.export_log_dialog: ExportLogDialog | None = None  # made when first shown
        self.survey_panel = SurveyPanel(self.survey, self)
        self.survey_dock = self._dock(self.survey_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self._default_docks[2], self.survey_dock)
        self.problems_panel = ProblemsPanel(document, self)
        self.problems_dock = self._dock(self.problems_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self._default_docks[2], self.problems_dock)
        self._default_docks[2].raise_()  # zone compliance in front until a survey runs
        self.rollout = RolloutController(document, self, headless=headless)
        self.rollout_panel = RolloutPanel(document, self.rollout, self)
        self.rollout_dock = self._dock(self.rollout_panel, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self._default_docks[2], self.rollout_dock)
        self._default_docks[2].raise_()
        self.survey_layer = SurveyLayer()
        self.map_view.add_overlay(self.survey_layer, above="cameras")
        self.proposal_layer = ProposalLayer()
        self.map_view.add_overlay(self.proposal_layer, above="cameras")

        self._build_status_bar()
        self._build_menus()
        self._connect()
        self.retranslate()
        self.resize(1500, 950)

    # ------------------------------------------------------------------ language
    def switch_language(self, code: str) -> bool:
        """Switch to ``code`` (remembered for the next start) and retranslate in place.

        Nothing is rebuilt: the document, its undo history, the selection, the
        docks and any running task stay as they are.
        """
        if not self._translations.choose(code):
            return False
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        for action in self._language_actions.actions():
            action.setChecked(action.data() == code)
        return True

    def retranslate(self) -> None:
        """Set every text the window itself shows in the current language."""
        for dock, title in (
            (self._default_docks[0], self.tr("Layers")),
            (self._default_docks[1], self.tr("Camera")),
            (self._default_docks[2], self.tr("Zone compliance")),
            (self.privacy_dock, self.tr("Privacy")),
            (self.survey_dock, self.tr("Survey")),
            (self.problems_dock, self.tr("Problems")),
            (self.rollout_dock, self.tr("Rollout")),
        ):
            dock.setWindowTitle(title)
        self.layer_panel.set_layer_labels(self._layer_labels())
        self._cancel.setText(self.tr("Cancel"))
        self._problems_button.setToolTip(self.tr("Show the Problems panel"))
        self._show_problem_count(*self._problem_counts)
        for controller in (
            self.files,
            self.map_output,
            self.survey,
            self.web_map,
            self.report,
            self.rollout,
        ):
            controller.retranslate()
        self.document.retranslate()
        self._retranslate_menus()
        self._update_title()

    # ------------------------------------------------------------------ layout
    def _dock(self, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self)
        dock.setObjectName(f"dock_{type(widget).__name__}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _layer_labels(self) -> list[tuple[str, str]]:
        labels = {
            "roads": self.tr("Roads"),
            "buildings": self.tr("Buildings"),
            "zones": self.tr("Mandatory zones"),
            "private_areas": self.tr("Private areas"),
            "views": self.tr("Camera views"),
            "gaps": self.tr("Coverage gaps"),
            "cameras": self.tr("Cameras"),
        }
        return [(name, labels.get(name, name)) for name in self.map_view.layer_names()]

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self._position_label = QLabel()
        self._scale_label = QLabel()
        self._progress = QProgressBar()
        self._progress.setRange(0, 1000)
        self._progress.setMaximumWidth(220)
        self._cancel = QPushButton()
        self._cancel.clicked.connect(self.files.cancel_current)
        self._cancel.clicked.connect(self.survey.cancel_current)
        self._cancel.clicked.connect(self.web_map.cancel_current)
        self._cancel.clicked.connect(self.report.cancel_current)
        self._cancel.clicked.connect(self.rollout.cancel_current)
        for widget in (self._progress, self._cancel):
            widget.hide()
            bar.addPermanentWidget(widget)
        self._problems_button = QPushButton()
        self._problems_button.setFlat(True)
        self._problems_button.hide()
        bar.addPermanentWidget(self._problems_button)
        bar.addPermanentWidget(self._position_label)
        bar.addPermanentWidget(self._scale_label)

    def _build_menus(self) -> None:
        files = self.files
        bar = self.menuBar()
        self._menus = {
            key: bar.addMenu("")
            for key in ("file", "edit", "view", "survey", "tools", "language", "help")
        }
        file_menu = self._menus["file"]
        for action in (files.new_action, files.open_action):
            file_menu.addAction(action)
        file_menu.addMenu(files.recent_menu(file_menu))
        for action in (files.save_action, files.save_as_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(files.import_action)
        file_menu.addSeparator()
        file_menu.addAction(self.map_output.export_action)
        file_menu.addAction(self.map_output.preview_action)
        file_menu.addAction(self.map_output.print_action)
        self._export_table_action = QAction(self)
        self._export_table_action.triggered.connect(self._ask_export_table)
        file_menu.addAction(self._export_table_action)
        file_menu.addAction(self.web_map.export_action)
        file_menu.addAction(self.report.report_action)
        self._export_log_action = QAction(self)
        self._export_log_action.triggered.connect(self.show_export_log)
        file_menu.addAction(self._export_log_action)
        file_menu.addSeparator()
        self._quit_action = QAction(self)
        self._quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self._quit_action.triggered.connect(self.close)
        file_menu.addAction(self._quit_action)

        stack = self.document.undo_stack
        self._undo_action = QAction(self)
        self._undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self._undo_action.triggered.connect(stack.undo)
        self._redo_action = QAction(self)
        self._redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self._redo_action.triggered.connect(stack.redo)
        # the values come with the signals: the stack may be on its way out when they fire
        stack.canUndoChanged.connect(self._undo_action.setEnabled)
        stack.canRedoChanged.connect(self._redo_action.setEnabled)
        # bound methods, not lambdas: Qt disconnects them when this window goes
        stack.undoTextChanged.connect(self._undo_text_changed)
        stack.redoTextChanged.connect(self._redo_text_changed)
        self._undo_action.setEnabled(stack.canUndo())
        self._redo_action.setEnabled(stack.canRedo())
        self._delete_action = QAction(self)
        self._delete_action.setShortcut(QKeySequence.StandardKey.Delete)
        self._delete_action.triggered.connect(
            lambda: self.document.remove_cameras(self.document.selected_cameras)
        )
        for action in (self._undo_action, self._redo_action, self._delete_action):
            self._menus["edit"].addAction(action)

        view_menu = self._menus["view"]
        self._extent_action = QAction(self)
        self._extent_action.setShortcut("Ctrl+0")
        self._extent_action.triggered.connect(self.map_view.zoom_to_extent)
        self._selection_action = QAction(self)
        self._selection_action.setShortcut("Ctrl+J")
        self._selection_action.triggered.connect(self.map_view.zoom_to_selection)
        view_menu.addAction(self._extent_action)
        view_menu.addAction(self._selection_action)
        self._layer_menu = view_menu.addMenu("")
        self._layer_actions: dict[str, QAction] = {}
        for name, _label in self._layer_labels():
            action = self._layer_menu.addAction("")
            action.triggered.connect(lambda _=False, n=name: self.map_view.zoom_to_layer(n))
            self._layer_actions[name] = action
        view_menu.addSeparator()
        self.camera_labels_action = QAction(self)
        self.camera_labels_action.setCheckable(True)
        self.camera_labels_action.setChecked(self.map_view.camera_labels_visible())
        self.camera_labels_action.toggled.connect(self.map_view.set_camera_labels_visible)
        view_menu.addAction(self.camera_labels_action)
        view_menu.addSeparator()
        for dock in self.findChildren(QDockWidget):
            view_menu.addAction(dock.toggleViewAction())

        self._menus["survey"].addAction(self.survey.import_action)
        self._menus["survey"].addAction(self.survey.export_action)

        group = QActionGroup(self)
        self._toolbar = self.addToolBar("")
        self._toolbar.setObjectName("main_toolbar")
        style = self.style()
        for action, icon in (
            (files.open_action, QStyle.StandardPixmap.SP_DialogOpenButton),
            (files.save_action, QStyle.StandardPixmap.SP_DialogSaveButton),
            (self._undo_action, QStyle.StandardPixmap.SP_ArrowBack),
            (self._redo_action, QStyle.StandardPixmap.SP_ArrowForward),
        ):
            action.setIcon(style.standardIcon(icon))
            self._toolbar.addAction(action)
        self._toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._toolbar.addSeparator()
        self._tool_actions: dict[str, QAction] = {}
        for tool, key in (("select", "S"), ("add_camera", "A")):
            action = QAction(group)
            action.setCheckable(True)
            action.setShortcut(key)
            action.setChecked(tool == "select")
            action.triggered.connect(lambda _=False, t=tool: self.map_view.set_tool(t))
            self._menus["tools"].addAction(action)
            self._toolbar.addAction(action)
            self._tool_actions[tool] = action
        self._menus["tools"].addSeparator()
        self._menus["tools"].addAction(self.rollout.plan_action)
        self._toolbar.addSeparator()
        self._toolbar.addAction(self._extent_action)

        self._language_actions = QActionGroup(self)
        for code, name in LANGUAGES.items():
            # each language named in its own words: never translated
            action = QAction(name, self._language_actions)
            action.setCheckable(True)
            action.setData(code)
            action.setChecked(code == self._translations.language)
            action.triggered.connect(lambda _=False, c=code: self._choose_language(c))
            self._menus["language"].addAction(action)

        self._about_action = QAction(self)
        self._about_action.triggered.connect(self._about)
        self._menus["help"].addAction(self._about_action)

    def _retranslate_menus(self) -> None:
        for key, title in (
            ("file", self.tr("&File")),
            ("edit", self.tr("&Edit")),
            ("view", self.tr("&View")),
            ("survey", self.tr("S&urvey")),
            ("tools", self.tr("&Tools")),
            ("language", self.tr("&Language")),
            ("help", self.tr("&Help")),
        ):
            self._menus[key].setTitle(title)
        self._quit_action.setText(self.tr("&Quit"))
        self._export_table_action.setText(self.tr("Export &table…"))
        self._export_table_action.setToolTip(
            self.tr("Save the table last used, as shown, as CSV or Excel")
        )
        self._export_log_action.setText(self.tr("Export &log…"))
        self._export_log_action.setToolTip(
            self.tr("Every file taken out of the project: who, when, what and why")
        )
        self._delete_action.setText(self.tr("&Delete selected cameras"))
        self._extent_action.setText(self.tr("Zoom to &extent"))
        self._selection_action.setText(self.tr("Zoom to &selection"))
        self._layer_menu.setTitle(self.tr("Zoom to &layer"))
        for name, label in self._layer_labels():
            self._layer_actions[name].setText(label)
        self.camera_labels_action.setText(self.tr("Camera &labels"))
        self.camera_labels_action.setToolTip(
            self.tr("Camera ids beside their symbols when zoomed in")
        )
        self._tool_actions["select"].setText(self.tr("&Select / move"))
        self._tool_actions["add_camera"].setText(self.tr("&Add camera"))
        self._about_action.setText(self.tr("&About"))
        self._toolbar.setWindowTitle(self.tr("Main"))
        for action in self._toolbar.actions():
            # menu accelerators ("&Open", "打开(&O)") read badly on buttons
            action.setIconText(_without_accelerator(action.text()))
        self._name_undo(self._undo_action, self.document.undo_stack.undoText())
        self._name_undo(self._redo_action, self.document.undo_stack.redoText())

    @Slot(str)
    def _undo_text_changed(self, step: str) -> None:
        self._name_undo(self._undo_action, step)

    @Slot(str)
    def _redo_text_changed(self, step: str) -> None:
        self._name_undo(self._redo_action, step)

    def _name_undo(self, action: QAction, step: str) -> None:
        """Undo/Redo named after the step they take, in the current language."""
        prefix = self.tr("&Undo") if action is self._undo_action else self.tr("&Redo")
        action.setText(f"{prefix} {step}" if step else prefix)
        action.setIconText(_without_accelerator(prefix))

    def _connect(self) -> None:
        document = self.document
        document.modifiedChanged.connect(self._update_title)
        document.pathChanged.connect(self._update_title)
        document.projectReplaced.connect(self._project_replaced)
        # a row chosen in the zone table brings the map to the zone; a zone clicked on
        # the map is already in view, so the map stays put
        self.zone_panel.table_view.selectionModel().selectionChanged.connect(
            self._zone_row_selected
        )
        self.map_view.cursorMoved.connect(self._show_position)
        self.map_view.scaleChanged.connect(self._show_scale)
        self.zone_panel.zoneActivated.connect(self.map_view.zoom_to_zone)
        self.privacy_panel.findingSelected.connect(self._finding_selected)
        self.privacy_panel.highlightChanged.connect(self.map_view.show_highlight)
        self.layer_panel.visibilityChanged.connect(self.map_view.set_layer_visible)
        self.layer_panel.opacityChanged.connect(self.map_view.set_layer_opacity)
        self.layer_panel.bandVisibilityChanged.connect(self.map_view.set_band_visible)
        for worker in (self.files, self.survey, self.web_map, self.report, self.rollout):
            worker.busy.connect(self._busy)
            worker.progress.connect(self._progressed)
            worker.idle.connect(self._idle)
        self.survey.failed.connect(self.survey.show_failure)
        self.web_map.failed.connect(self.web_map.show_failure)
        self.report.failed.connect(self.report.show_failure)
        self.rollout.failed.connect(self.rollout.show_failure)
        self.rollout_panel.marksChanged.connect(self.proposal_layer.set_marks)
        self.rollout_panel.proposalChosen.connect(self._proposal_chosen)
        document.rolloutChanged.connect(self._rollout_shown)
        for exporter in (self.map_output, self.survey, self.web_map, self.report):
            exporter.exported.connect(self._exported)
        self.map_output.failed.connect(
            lambda message: QMessageBox.warning(self, self.tr("Map output"), message)
        )
        self.survey.problemsFound.connect(self._survey_problems)
        self.files.problemsFound.connect(self._file_problems)
        self.files.imported.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.problems_panel.countChanged.connect(self._show_problem_count)
        self.problems_panel.geometryRequested.connect(self._problem_chosen)
        self._problems_button.clicked.connect(self._raise_problems)
        document.surveyChanged.connect(self._survey_shown)
        self.survey_panel.marksChanged.connect(self.survey_layer.set_marks)
        self.survey_panel.deviceChosen.connect(self._survey_device_chosen)
        self.files.autosaveFailed.connect(
            lambda message: self.statusBar().showMessage(
                tr_format(self.tr("Autosave failed: %1"), message), 10_000
            )
        )

    # ------------------------------------------------------------------ slots
    @Slot()
    def _update_title(self) -> None:
        path = self.document.path
        name = path.name if path else self.tr("Untitled")
        if self.files.read_only and path is not None:
            name += " " + self.tr("(read-only)")
        self.setWindowTitle(f"{name}[*] — {APP_NAME}")
        self.setWindowModified(self.document.is_modified)

    @Slot()
    def _project_replaced(self) -> None:
        project = self.document.project
        self._to_lonlat = lonlat_transformer(project.crs) if project is not None else None
        self.map_view.zoom_to_extent()
        self._update_title()

    @Slot()
    def _zone_row_selected(self) -> None:
        if self.zone_panel.table_view.hasFocus() and self.document.selected_zone is not None:
            self.map_view.zoom_to_zone(self.document.selected_zone)

    @Slot(object)
    def _finding_selected(self, geometry: object) -> None:
        """A privacy finding chosen: draw it in red and show it with its camera."""
        self.map_view.show_highlight(geometry)
        if geometry is None:
            return
        finding = self.privacy_panel.selected_finding()
        if finding is not None:
            camera = self.document.camera(finding.camera_id)
            geometry = shapely.union(geometry, shapely.Point(camera["x"], camera["y"]))
        self.map_view.zoom_to_geometry(geometry)

    @Slot()
    def _survey_shown(self) -> None:
        if self.document.survey is not None:
            self.survey_dock.raise_()

    @Slot(str, object)
    def _survey_device_chosen(self, device_key: str, position: object) -> None:
        """A survey finding or conflict chosen: emphasise its device and bring it into view."""
        self.survey_layer.set_highlight(device_key)
        if position is not None:
            self.map_view.zoom_to_geometry(shapely.Point(position))

    @Slot()
    def _rollout_shown(self) -> None:
        if self.document.rollout is not None and self.rollout_panel.proposals.rowCount():
            self.rollout_dock.raise_()

    @Slot(str, object)
    def _proposal_chosen(self, camera_id: str, position: object) -> None:
        """A proposal chosen in the rollout panel: emphasise it and bring it into view."""
        self.proposal_layer.set_highlight(camera_id or None)
        if position is not None:
            self.map_view.zoom_to_geometry(shapely.Point(position))

    @Slot(object)
    def _survey_problems(self, problems: list[object]) -> None:
        """Rows the survey import skipped or cells it ignored: added to the Problems panel."""
        self._file_problems(problems, False)

    @Slot(object, bool)
    def _file_problems(self, problems: list[object], replace: bool) -> None:
        """Problems of an open, import or save: listed in the Problems panel (never modal)."""
        if replace:
            self.problems_panel.set_problems(problems)
        else:
            self.problems_panel.add_problems(problems)
        if problems:
            self._raise_problems()

    @Slot()
    def _raise_problems(self) -> None:
        self.problems_dock.show()
        self.problems_dock.raise_()

    @Slot(int, int)
    def _show_problem_count(self, errors: int, total: int) -> None:
        self._problem_counts = (errors, total)
        self._problems_button.setVisible(total > 0)
        self._problems_button.setText(
            tr_format(self.tr("%1 problem(s), %2 error(s)"), total, errors)
        )

    @Slot(object)
    def _problem_chosen(self, geometry: object) -> None:
        """A problem's row double-clicked: draw it red and bring it into view."""
        self.map_view.show_highlight(geometry)
        self.map_view.zoom_to_geometry(geometry)

    @Slot(float, float)
    def _show_position(self, x: float, y: float) -> None:
        text = f"{x:,.1f}, {y:,.1f}"
        if self.document.project is not None:
            text += f" ({self.document.project.crs.to_string()})"
        if self._to_lonlat is not None:
            lon, lat = self._to_lonlat(x, y)
            text += f"  |  {lon:.6f}°, {lat:.6f}°"
        self._position_label.setText(text)

    @Slot(float)
    def _show_scale(self, denominator: float) -> None:
        self._scale_label.setText(f"1:{denominator:,.0f}")

    @Slot(str)
    def _busy(self, message: str) -> None:
        self.statusBar().showMessage(message)
        self._progress.setValue(0)
        self._progress.show()
        self._cancel.show()

    @Slot(float, str)
    def _progressed(self, fraction: float, message: str) -> None:
        self._progress.setValue(int(fraction * 1000))
        if message:
            self.statusBar().showMessage(message)

    @Slot()
    def _idle(self) -> None:
        self._progress.hide()
        self._cancel.hide()
        self.statusBar().clearMessage()

    # ------------------------------------------------------------------ exports and their log
    @Slot(str, str, str, bool)
    def _exported(self, kind: str, path: str, purpose: str, public: bool) -> None:
        """A file was exported (or a page printed): one row in the project's export log."""
        self.files.log_export(kind, path, purpose=purpose, public=public)

    def show_export_log(self) -> ExportLogDialog:
        """Show the export log (a non-modal window, made once)."""
        if self.export_log_dialog is None:
            self.export_log_dialog = ExportLogDialog(self.document, self)
        dialog = self.export_log_dialog
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    # ------------------------------------------------------------------ tables
    def export_table(self, path: str | Path, *, purpose: str = "") -> None:
        """Write the table with the focus (or the one last used; the zones at first) to ``path``.

        CSV or XLSX by the suffix, every row shown, as shown; raises ``InputError``.
        Logged in the project's export log (kind ``table``) with ``purpose``.
        """
        self._write_table(current_table(self, self.zone_panel.table_view), path, purpose)

    def _write_table(self, view: QTableView, path: str | Path, purpose: str) -> None:
        export_view(view, path)
        self._exported("table", str(path), purpose, False)

    def _ask_export_table(self) -> None:
        view = current_table(self, self.zone_panel.table_view)
        if self.files.headless:
            return  # no dialog: scripts call export_table(path)
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self,
            self.tr("Export table"),
            "",
            self.tr("CSV, UTF-8 (*.csv);;Excel workbook (*.xlsx)"),
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_name(path.name + (".xlsx" if "xlsx" in chosen_filter else ".csv"))
        options = ask_export_options(self, kind="table")
        if options is None:
            return
        try:
            self._write_table(view, path, options.purpose)
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Export table"), str(exc))

    def _choose_language(self, code: str) -> None:
        if not self.switch_language(code):
            QMessageBox.warning(self, APP_NAME, self.tr("This language is not available."))

    def _about(self) -> None:
        QMessageBox.about(
            self,
            APP_NAME,
            self.tr(
                "<b>Coverage Planner</b><p>Plan and audit public video-surveillance "
                "cameras: mandatory zones, pixel density (EN 62676-4), occlusion by "
                "buildings.</p><p>Map data © OpenStreetMap contributors (ODbL).</p>"
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask about unsaved changes before closing."""
        if self.files.maybe_save():
            # no worker may outlive the widgets it reports to (a crash when they are freed)
            Task.stop_all(cancel=True)
            self._settings.setValue("ui/geometry", self.saveGeometry())
            self._settings.setValue("ui/state", self.saveState())
            event.accept()
        else:
            event.ignore()

    def apply_default_layout(self) -> None:
        """Docks narrow and the map large: the map is the work surface (call once shown)."""
        left, right, bottom = self._default_docks
        self.resizeDocks([left, right], [250, 330], Qt.Orientation.Horizontal)
        self.resizeDocks([bottom], [280], Qt.Orientation.Vertical)

    def restore_layout(self) -> None:
        """Put docks and size back as the user left them."""
        geometry = self._settings.value("ui/geometry")
        state = self._settings.value("ui/state")
        if state is None:
            self.apply_default_layout()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)


def _without_accelerator(text: str) -> str:
    """``"打开项目(&O)"`` → ``"打开项目"``, ``"&Open"`` → ``"Open"``."""
    return re.sub(r"\(&\w\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")
