"""Tools → Plan new cameras…: the goal and limits of a rollout plan, asked without blocking.

The dialog only turns what the user chose into a
:class:`~planner.services.optimise.RolloutRequest` (:meth:`RolloutDialog.request`);
the rollout controller runs it. It is not modal: the map stays usable while it is open.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.core.optimise import Goal
from planner.services.optimise import DEFAULT_ROAD_SPACING_M, RolloutRequest
from planner.ui.labels import category_label
from planner.ui.retranslate import LanguageAware

#: The goals offered, in the order of the goal box.
GOALS = ("cameras", "budget", "full")
METHODS = ("exact", "heuristic")
PRIVACY = ("exclude", "mask")


class RolloutDialog(LanguageAware, QDialog):
    """The goal (cameras, budget or full coverage), backup categories and the solver's limits.

    ``planRequested(request)`` when the user presses Plan.
    """

    planRequested = Signal(object)

    def __init__(self, categories: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rollout_dialog")
        self.setModal(False)
        self._goal = QComboBox()
        self._goal.addItems([""] * len(GOALS))
        self._cameras = QSpinBox()
        self._cameras.setRange(0, 10_000)
        self._cameras.setValue(3)
        self._budget = QDoubleSpinBox()
        self._budget.setRange(0.0, 1e12)
        self._budget.setDecimals(0)
        self._budget.setSingleStep(1000.0)
        self._budget.setValue(50_000.0)
        self._backup = QListWidget()
        self._backup.setMaximumHeight(110)
        for category in categories:
            item = QListWidgetItem(category_label(category), self._backup)
            item.setData(Qt.ItemDataRole.UserRole, category)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self._time_limit = QDoubleSpinBox()
        self._time_limit.setRange(1.0, 3600.0)
        self._time_limit.setDecimals(0)
        self._time_limit.setValue(60.0)
        self._method = QComboBox()
        self._method.addItems([""] * len(METHODS))
        self._roads = QCheckBox()
        self._roads.setChecked(True)
        self._road_spacing = QDoubleSpinBox()
        self._road_spacing.setRange(2.0, 1000.0)
        self._road_spacing.setDecimals(0)
        self._road_spacing.setValue(DEFAULT_ROAD_SPACING_M)
        self._roads.toggled.connect(self._road_spacing.setEnabled)
        self._corners = QCheckBox()
        self._privacy = QComboBox()
        self._privacy.addItems([""] * len(PRIVACY))

        self._labels = {key: QLabel() for key in ("goal", "backup", "limit", "method", "privacy")}
        form = QFormLayout()
        goal_row = QHBoxLayout()
        for widget in (self._goal, self._cameras, self._budget):
            goal_row.addWidget(widget)
        form.addRow(self._labels["goal"], goal_row)
        form.addRow(self._labels["backup"], self._backup)
        form.addRow(self._labels["limit"], self._time_limit)
        form.addRow(self._labels["method"], self._method)
        roads = QHBoxLayout()
        roads.addWidget(self._roads)
        roads.addWidget(self._road_spacing)
        roads.addStretch(1)
        form.addRow(roads)
        form.addRow(self._corners)
        form.addRow(self._labels["privacy"], self._privacy)
        self._note = QLabel()
        self._note.setWordWrap(True)
        # buttons of our own: the box names its standard buttons again on a language change,
        # after the dialog has named them
        self._buttons = QDialogButtonBox()
        self._plan_button = self._buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self._close_button = self._buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self._buttons.accepted.connect(self._plan)
        self._buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self._note)
        layout.addWidget(self._buttons)
        self._goal.currentIndexChanged.connect(self._goal_changed)
        self._goal_changed()
        self.retranslate()

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(self.tr("Plan new cameras"))
        for index, text in enumerate(
            (
                self.tr("Number of cameras"),
                self.tr("Budget"),
                self.tr("Full coverage at least cost"),
            )
        ):
            self._goal.setItemText(index, text)
        self._cameras.setSuffix(self.tr(" camera(s)"))
        self._budget.setToolTip(self.tr("Cameras and poles together, in the catalogue's prices"))
        for index, text in enumerate((self.tr("Exact (HiGHS)"), self.tr("Heuristic (fast)"))):
            self._method.setItemText(index, text)
        self._method.setToolTip(
            self.tr(
                "Exact proves how far from the optimum the answer can be; the heuristic "
                "reports its gap against the LP bound"
            )
        )
        for index, text in enumerate(
            (
                self.tr("Leave out views into private places"),
                self.tr("Keep them with a privacy mask"),
            )
        ):
            self._privacy.setItemText(index, text)
        self._labels["goal"].setText(self.tr("Goal:"))
        self._labels["backup"].setText(self.tr("Two cameras on:"))
        self._backup.setToolTip(self.tr("Zone categories that need backup coverage"))
        self._labels["limit"].setText(self.tr("Time limit:"))
        self._time_limit.setSuffix(self.tr(" s"))
        self._labels["method"].setText(self.tr("Method:"))
        self._labels["privacy"].setText(self.tr("Private places:"))
        self._roads.setText(self.tr("Candidate sites along roads every"))
        self._road_spacing.setSuffix(self.tr(" m"))
        self._corners.setText(self.tr("Candidate sites at building corners"))
        self._note.setText(
            self.tr(
                "Sites of the project's candidate_sites layer are always tried. The plan "
                "runs in the background; its proposals appear on the map and in the "
                "Rollout panel, to accept or reject one by one."
            )
        )
        self._plan_button.setText(self.tr("&Plan"))
        self._close_button.setText(self.tr("&Close"))
        for row in range(self._backup.count()):
            item = self._backup.item(row)
            item.setText(category_label(str(item.data(Qt.ItemDataRole.UserRole))))

    def request(self) -> RolloutRequest:
        """What the user chose, as the service's request."""
        kind = GOALS[self._goal.currentIndex()]
        value = {"cameras": self._cameras.value(), "budget": self._budget.value()}.get(kind)
        goal = Goal(kind) if value is None else Goal(kind, value)
        backup = tuple(
            str(self._backup.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self._backup.count())
            if self._backup.item(row).checkState() == Qt.CheckState.Checked
        )
        return RolloutRequest(
            goal,
            backup=backup,
            time_limit=float(self._time_limit.value()),
            method=METHODS[self._method.currentIndex()],
            road_spacing_m=self._road_spacing.value() if self._roads.isChecked() else None,
            corners=self._corners.isChecked(),
            privacy=PRIVACY[self._privacy.currentIndex()],
        )

    def _goal_changed(self) -> None:
        kind = GOALS[self._goal.currentIndex()]
        self._cameras.setVisible(kind == "cameras")
        self._budget.setVisible(kind == "budget")

    def _plan(self) -> None:
        self.planRequested.emit(self.request())
        self.hide()
