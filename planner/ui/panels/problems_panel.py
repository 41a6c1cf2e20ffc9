"""The Problems panel: every row or cell that was left out, repaired or is worth knowing about.

Opening a project, importing a layer or saving report their problems here
instead of in a modal dialog, so nothing ever blocks a headless run. One row
per problem (severity, layer, row, id, field, value, message); filtered by
severity; double-clicking a row whose geometry is known asks the map to zoom
there (``geometryRequested``). ``countChanged(errors, total)`` feeds the
status bar.
"""

from __future__ import annotations

from collections.abc import Sequence

import shapely
from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QGuiApplication, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from planner.core.schema import ROW_KEY
from planner.ui.document import ProjectDocument
from planner.ui.panels.tables import FIRST_FREE_ROLE, SORT_ROLE, record_table
from planner.ui.retranslate import LanguageAware
from planner.ui.text import tr_format

#: Severities worst first (the sort order of the table).
SEVERITIES = ("error", "warning", "note")
_SEVERITY_ROLE = FIRST_FREE_ROLE


def problem_fields(problem: object) -> dict[str, str]:
    """The fields of one problem as text (``RowProblem`` or anything shaped like it)."""
    return {
        key: str(getattr(problem, key, default) or "")
        for key, default in (
            ("severity", "error"),
            ("file", ""),
            ("layer", ""),
            ("row", ""),
            ("id", ""),
            ("field", ""),
            ("value", ""),
            ("message", str(problem)),
            ("action", ""),
        )
    }


class ProblemsPanel(LanguageAware, QWidget):
    """A table of problems with a severity filter; not modal, never blocks."""

    geometryRequested = Signal(object)  # shapely geometry of the double-clicked row
    countChanged = Signal(int, int)  # errors, total

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._problems: list[dict[str, str]] = []
        self.model = QStandardItemModel(0, 7, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterRole(_SEVERITY_ROLE)
        self.proxy.setFilterKeyColumn(0)
        self.proxy.setSortRole(SORT_ROLE)
        self.table_view = record_table(self)
        self.table_view.setModel(self.proxy)
        self.table_view.doubleClicked.connect(self._activated)
        self.severity_combo = QComboBox()
        for severity in ("", *SEVERITIES):
            self.severity_combo.addItem("", severity)
        self.severity_combo.currentIndexChanged.connect(self._filter_changed)
        self.summary = QLabel()
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.clear_button = QPushButton()
        self.clear_button.clicked.connect(lambda: self.set_problems(()))
        self.show_label = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.show_label)
        top.addWidget(self.severity_combo)
        top.addWidget(self.summary, 1)
        top.addWidget(self.copy_button)
        top.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table_view, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Name the headers, the filter, the buttons, the severities listed and the summary."""
        self.model.setHorizontalHeaderLabels(
            [
                self.tr("Severity"),
                self.tr("Layer"),
                self.tr("Row"),
                self.tr("Id"),
                self.tr("Field"),
                self.tr("Value"),
                self.tr("Message"),
            ]
        )
        combo = self.severity_combo
        for index in range(combo.count()):
            severity = combo.itemData(index)
            text = severity_label(severity) if severity else self.tr("All severities")
            combo.setItemText(index, text)
        self.show_label.setText(self.tr("Show:"))
        self.copy_button.setText(self.tr("Copy"))
        self.clear_button.setText(self.tr("Clear"))
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            item.setText(severity_label(str(item.data(_SEVERITY_ROLE))))
        self._show_summary()

    # ------------------------------------------------------------------ public API
    def set_problems(self, problems: Sequence[object]) -> None:
        """Show ``problems`` instead of what was listed (a project was opened)."""
        self._problems = []
        self.model.removeRows(0, self.model.rowCount())
        self.add_problems(problems)

    def add_problems(self, problems: Sequence[object]) -> None:
        """Add ``problems`` to the list (an import, a save that failed)."""
        for problem in problems:
            fields = problem_fields(problem)
            self._problems.append(fields)
            self.model.appendRow(self._items(fields))
        self.table_view.resizeColumnsToContents()
        self.proxy.sort(0, Qt.SortOrder.AscendingOrder)
        self._update_summary()

    def problems(self) -> list[dict[str, str]]:
        """Every listed problem as text fields (the filter does not apply)."""
        return list(self._problems)

    def visible_count(self) -> int:
        """Rows shown under the current severity filter."""
        return self.proxy.rowCount()

    def set_severity_filter(self, severity: str) -> None:
        """Show only one severity (``""``: all)."""
        self.severity_combo.setCurrentIndex(max(self.severity_combo.findData(severity), 0))

    def geometry_of(self, fields: dict[str, str]) -> shapely.Geometry | None:
        """Where the problem's row lies on the map, when the row and its geometry are known."""
        project = self.document.project
        if project is None or not fields["row"].isdigit():
            return None
        fid = int(fields["row"])
        frames = [getattr(project, "invalid", {}).get(fields["layer"])]
        if fields["layer"] in ("cameras", "zones", "buildings", "private_areas", "roads"):
            frames.append(project.layer(fields["layer"]))
        for frame in frames:
            if frame is None or ROW_KEY not in frame or "geometry" not in frame:
                continue
            found = frame.geometry[frame[ROW_KEY] == fid]
            for geom in found:
                if geom is not None and not shapely.is_empty(geom):
                    return geom
        return None

    def copy_to_clipboard(self) -> None:
        """Put the listed problems on the clipboard, one per line (tab-separated)."""
        lines = ["\t".join(p.values()) for p in self._problems]
        QGuiApplication.clipboard().setText("\n".join(lines))

    # ------------------------------------------------------------------ internals
    def _items(self, fields: dict[str, str]) -> list[QStandardItem]:
        severity = fields["severity"]
        message = fields["message"] + (f" ({fields['action']})" if fields["action"] else "")
        texts = [
            severity_label(severity),
            fields["layer"],
            fields["row"],
            fields["id"],
            fields["field"],
            fields["value"],
            message,
        ]
        items = []
        for text in texts:
            item = QStandardItem(text)
            item.setEditable(False)
            item.setData(severity, _SEVERITY_ROLE)
            item.setData(text, SORT_ROLE)
            if fields["file"]:
                item.setToolTip(fields["file"])
            items.append(item)
        rank = SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)
        items[0].setData(rank, SORT_ROLE)
        if fields["row"].isdigit():
            items[2].setData(int(fields["row"]), SORT_ROLE)
        items[0].setData(len(self._problems) - 1, Qt.ItemDataRole.UserRole)  # its index
        return items

    def _filter_changed(self) -> None:
        severity = self.severity_combo.currentData() or ""
        self.proxy.setFilterFixedString(severity)
        self._update_summary()

    def _update_summary(self) -> None:
        self._show_summary()
        errors = sum(1 for p in self._problems if p["severity"] == "error")
        self.countChanged.emit(errors, len(self._problems))

    def _show_summary(self) -> None:
        total = len(self._problems)
        errors = sum(1 for p in self._problems if p["severity"] == "error")
        self.summary.setText(
            tr_format(self.tr("%1 shown of %2; %3 error(s)"), self.proxy.rowCount(), total, errors)
        )

    def _activated(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        number = self.model.item(source.row(), 0).data(Qt.ItemDataRole.UserRole)
        geometry = self.geometry_of(self._problems[int(number)])
        if geometry is not None:
            self.geometryRequested.emit(geometry)


def severity_label(severity: str) -> str:
    """``error`` → "Error" in the interface language."""
    labels = {
        "error": QCoreApplication.translate("ProblemsPanel", "Error"),
        "warning": QCoreApplication.translate("ProblemsPanel", "Warning"),
        "note": QCoreApplication.translate("ProblemsPanel", "Note"),
    }
    return labels.get(severity, severity)
