"""The rollout panel: the proposals of the plan shown, to accept or reject, and what they cost.

It shows the document's plan (``document.rollout``, redrawn on
``rolloutChanged``): the solution (status, objective, best bound, gap, time),
the proposals still open (site, model, bearing, lens, phase, cost, the zones
each serves) with *Accept*, *Reject* and *Accept all* — each one undo step in
the document, accepted proposals becoming planned cameras — and, in tabs, the
bill of materials, the storage and bandwidth per phase and the pass rates per
category before and after the whole plan. :attr:`RolloutPanel.marksChanged`
gives the map the proposals to draw; :attr:`RolloutPanel.proposalChosen` the
one chosen in the table (its id and position, or an empty id).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.views import camera_parameters, level_ranges
from planner.services.optimise import with_proposals
from planner.ui.canvas.rollout_items import ProposalMark
from planner.ui.controllers.rollout import RolloutController
from planner.ui.document import ProjectDocument
from planner.ui.labels import category_label
from planner.ui.panels.tables import RECORD_ROLE, Column, RecordTableModel, record_table
from planner.ui.panels.zones_panel import _percent
from planner.ui.retranslate import LanguageAware
from planner.ui.text import tr_format

Record = dict[str, Any]
_STORAGE = re.compile(r"storage_tb_(?P<name>.+)_(?P<days>\d+)d")


def _number(value: Any, decimals: int = 0) -> str:
    """``10500.0`` → ``10,500``; an em dash for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{float(value):,.{decimals}f}"


def proposal_marks(document: ProjectDocument) -> list[ProposalMark]:
    """The proposals of the plan shown as the map draws them (the engine's detect range)."""
    rollout, project = document.rollout, document.project
    if rollout is None or project is None or not len(rollout.proposals):
        return []
    cameras = with_proposals(project.cameras.iloc[:0], rollout.proposals)
    reach = level_ranges(camera_parameters(cameras))["detect"]
    marks = []
    for k, row in enumerate(rollout.proposals.itertuples(index=False)):
        bearing = row.bearing_deg
        aimed = bearing is not None and bearing == bearing
        marks.append(
            ProposalMark(
                str(row.camera_id),
                float(row.geometry.x),
                float(row.geometry.y),
                float(bearing) if aimed else None,
                float(row.hfov_deg),
                float(reach[k]),
            )
        )
    return marks


class RolloutPanel(LanguageAware, QWidget):
    """The plan shown: its solution, proposals (accept / reject) and bill of materials."""

    marksChanged = Signal(object)  # list of ProposalMark
    proposalChosen = Signal(str, object)  # camera id ("" for none), (x, y) or None

    def __init__(
        self,
        document: ProjectDocument,
        controller: RolloutController,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._controller = controller
        self.plan_button = QPushButton()
        self.plan_button.clicked.connect(controller.plan_action.trigger)
        controller.plan_action.changed.connect(self._plan_action_changed)
        self._plan_action_changed()
        self.solution_label = QLabel()
        self.solution_label.setWordWrap(True)
        self.solution_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.proposals = RecordTableModel[Record](self._proposal_columns(), self)
        self.proposal_view = record_table(self)
        self.proposal_view.setObjectName("rollout_proposals")
        self.proposal_view.setModel(self.proposals)
        self.proposal_view.setSortingEnabled(False)  # the plan's order: phase, then id
        self.proposal_view.selectionModel().selectionChanged.connect(self._chosen)
        self.accept_button = QPushButton()
        self.accept_button.clicked.connect(self.accept_selected)
        self.reject_button = QPushButton()
        self.reject_button.clicked.connect(self.reject_selected)
        self.accept_all_button = QPushButton()
        self.accept_all_button.clicked.connect(lambda: self._controller.accept_all())

        self.bom = RecordTableModel[Record](self._bom_columns(), self)
        self.storage = RecordTableModel[Record]((), self)
        self.categories = RecordTableModel[Record](self._category_columns(), self)
        self.bom_view, self.storage_view, self.category_view = (
            self._table(model, name)
            for model, name in (
                (self.bom, "rollout_bom"),
                (self.storage, "rollout_storage"),
                (self.categories, "rollout_categories"),
            )
        )
        self.tabs = QTabWidget()
        self.tabs.addTab(self.proposal_page(), "")
        for view in (self.bom_view, self.storage_view, self.category_view):
            self.tabs.addTab(view, "")

        top = QHBoxLayout()
        top.addWidget(self.solution_label, 1)
        top.addWidget(self.plan_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        document.rolloutChanged.connect(self._rollout_changed)
        self.retranslate()
        self._rollout_changed()

    def proposal_page(self) -> QWidget:
        """The proposals table with its buttons."""
        page = QWidget()
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.reject_button, self.accept_all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.proposal_view, 1)
        layout.addLayout(buttons)
        return page

    def _table(self, model: RecordTableModel[Record], name: str) -> QTableView:
        view = record_table(self)
        view.setObjectName(name)
        view.setModel(model)
        view.setSortingEnabled(False)  # totals stay last
        return view

    # ------------------------------------------------------------------ language
    def retranslate(self) -> None:
        """Name every button, tab, header and cell again in the current language."""
        self.plan_button.setText(self.tr("Plan new cameras…"))
        self.accept_button.setText(self.tr("&Accept"))
        self.accept_button.setToolTip(self.tr("Make the chosen proposal a planned camera"))
        self.reject_button.setText(self.tr("&Reject"))
        self.reject_button.setToolTip(self.tr("Take the chosen proposal off the list"))
        self.accept_all_button.setText(self.tr("Accept a&ll"))
        self.accept_all_button.setToolTip(
            self.tr("Make every proposal a planned camera: the coverage the plan promised")
        )
        for index, text in enumerate(
            (
                self.tr("Proposals"),
                self.tr("Bill of materials"),
                self.tr("Storage"),
                self.tr("Before / after"),
            )
        ):
            self.tabs.setTabText(index, text)
        for model in (self.proposals, self.bom, self.storage, self.categories):
            model.retranslate()
        self._show_solution()

    # ------------------------------------------------------------------ actions
    def selected_proposal(self) -> str | None:
        """The id of the proposal chosen in the table, or None."""
        rows = self.proposal_view.selectionModel().selectedRows()
        if not rows:
            return None
        return str(rows[0].data(RECORD_ROLE)["camera_id"])

    def select_proposal(self, camera_id: str) -> None:
        """Choose a proposal's row (the map highlights it)."""
        row = self.proposals.row_where(lambda r: r["camera_id"] == camera_id)
        if row is not None:
            self.proposal_view.selectRow(row)

    def accept_selected(self) -> None:
        """Accept the chosen proposal (one undo step)."""
        chosen = self.selected_proposal()
        if chosen is not None:
            self._controller.accept([chosen])

    def reject_selected(self) -> None:
        """Reject the chosen proposal (one undo step)."""
        chosen = self.selected_proposal()
        if chosen is not None:
            self._controller.reject([chosen])

    # ------------------------------------------------------------------ showing
    def _rollout_changed(self) -> None:
        rollout = self._document.rollout
        chosen = self.selected_proposal()
        self.proposals.set_records(_records(rollout.proposals) if rollout else [])
        self.bom.set_records(_records(rollout.bom) if rollout else [])
        storage = _records(rollout.storage) if rollout else []
        names = list(rollout.storage.columns) if rollout else []
        self.storage.set_columns(self._storage_columns(names))
        self.storage.set_records(storage)
        self.categories.set_records(_records(rollout.categories) if rollout else [])
        self._show_solution()
        self._update_buttons()
        self.marksChanged.emit(proposal_marks(self._document))
        if chosen is not None:
            self.select_proposal(chosen)
        if self.selected_proposal() is None:
            self.proposalChosen.emit("", None)

    def _show_solution(self) -> None:
        rollout = self._document.rollout
        if rollout is None:
            self.solution_label.setText(
                self.tr("No plan yet: Tools → Plan new cameras… proposes where they go.")
            )
            return
        s = rollout.solution
        status = {
            "optimal": self.tr("optimal"),
            "time_limit": self.tr("time limit reached"),
            "heuristic": self.tr("heuristic answer"),
            "infeasible": self.tr("infeasible"),
        }.get(s.status, s.status)
        method = self.tr("exact") if s.method == "exact" else self.tr("heuristic")
        self.solution_label.setText(
            tr_format(
                self.tr("%1 (%2): objective %3, bound %4, gap %5, %6 s; %7 proposal(s) open"),
                status,
                method,
                _number(s.objective, 4),
                _number(s.bound, 4),
                _percent(s.gap, 2),
                _number(s.seconds, 2),
                len(rollout.proposals),
            )
        )

    def _plan_action_changed(self) -> None:
        self.plan_button.setEnabled(self._controller.plan_action.isEnabled())

    def _update_buttons(self) -> None:
        some = bool(self.proposals.rowCount())
        chosen = self.selected_proposal() is not None
        self.accept_button.setEnabled(chosen)
        self.reject_button.setEnabled(chosen)
        self.accept_all_button.setEnabled(some)

    def _chosen(self) -> None:
        self._update_buttons()
        chosen = self.selected_proposal()
        if chosen is None:
            self.proposalChosen.emit("", None)
            return
        record = self.proposals.record(self.proposal_view.selectionModel().selectedRows()[0].row())
        geometry = record["geometry"]
        self.proposalChosen.emit(chosen, (float(geometry.x), float(geometry.y)))

    # ------------------------------------------------------------------ columns
    def _proposal_columns(self) -> list[Column[Record]]:
        return [
            Column(lambda: self.tr("Id"), lambda r: str(r["camera_id"])),
            Column(lambda: self.tr("Site"), lambda r: str(r["site_id"])),
            Column(lambda: self.tr("Model"), lambda r: str(r["model"])),
            Column(
                lambda: self.tr("Bearing"),
                lambda r: _bearing(r["bearing_deg"], self.tr("all round")),
                align_right=True,
            ),
            Column(
                lambda: self.tr("Field of view"),
                lambda r: f"{_number(r['hfov_deg'])}°",
                align_right=True,
            ),
            Column(lambda: self.tr("Phase"), lambda r: str(r["phase"]), align_right=True),
            Column(
                lambda: self.tr("Cost"),
                lambda r: _number(r["cost"] + r["site_cost"]),
                align_right=True,
                tooltip=lambda r: tr_format(
                    self.tr("camera %1 + pole %2"), _number(r["cost"]), _number(r["site_cost"])
                ),
            ),
            Column(lambda: self.tr("Serves"), lambda r: str(r["serves"] or "")),
        ]

    def _bom_columns(self) -> list[Column[Record]]:
        def item(record: Record) -> str:
            names = {
                "camera": self.tr("Camera"),
                "pole": self.tr("Pole"),
                "total": self.tr("Total"),
            }
            return names.get(str(record["item"]), str(record["item"]))

        return [
            Column(lambda: self.tr("Item"), item),
            Column(lambda: self.tr("Model"), lambda r: str(r["model"] or "")),
            Column(lambda: self.tr("Quantity"), lambda r: _number(r["quantity"]), align_right=True),
            Column(
                lambda: self.tr("Unit price"), lambda r: _number(r["unit_price"]), align_right=True
            ),
            Column(lambda: self.tr("Amount"), lambda r: _number(r["amount"]), align_right=True),
        ]

    def _storage_columns(self, names: list[str]) -> list[Column[Record]]:
        def phase(record: Record) -> str:
            value = str(record["phase"])
            return self.tr("Total") if value == "total" else value

        columns = [
            Column(lambda: self.tr("Phase"), phase),
            Column(lambda: self.tr("Cameras"), lambda r: _number(r["cameras"]), align_right=True),
            Column(
                lambda: self.tr("Bandwidth (Mbit/s)"),
                lambda r: _number(r["bandwidth_mbps"], 1),
                align_right=True,
            ),
        ]
        for name in names:
            match = _STORAGE.fullmatch(name)
            if match is None:
                continue
            columns.append(
                Column(
                    lambda m=match: self._storage_title(m["name"], int(m["days"])),
                    lambda r, n=name: _number(r[n], 2),
                    align_right=True,
                )
            )
        return columns

    def _storage_title(self, name: str, days: int) -> str:
        if name == "counter_terror":
            return tr_format(self.tr("Storage, counter-terror %1 days (TB)"), days)
        return tr_format(self.tr("Storage, %1 days (TB)"), days)

    def _category_columns(self) -> list[Column[Record]]:
        def figure(
            title: Callable[[], str], key: str, show: Callable[[Any], str]
        ) -> Column[Record]:
            return Column(title, lambda r: show(r[key]), align_right=True)

        return [
            Column(lambda: self.tr("Category"), lambda r: category_label(str(r["category"]))),
            figure(lambda: self.tr("Zones"), "zones", _number),
            figure(lambda: self.tr("Passed before"), "passed_before", _number),
            figure(lambda: self.tr("Passed after"), "passed_after", _number),
            figure(lambda: self.tr("Pass rate before"), "pass_rate_before", _percent),
            figure(lambda: self.tr("Pass rate after"), "pass_rate_after", _percent),
        ]


def _records(frame: Any) -> list[Record]:
    return [dict(row) for row in frame.to_dict("records")]


def _bearing(value: Any, all_round: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return all_round
    return f"{float(value):.0f}°"
