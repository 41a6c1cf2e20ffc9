"""The zone compliance panel: every zone, its coverage and verdict, and totals.

A mandatory zone passes or fails; an advisory one (its category
``mandatory = false`` in the ruleset) shows "Advisory", is never "failing",
and stays out of the passed/failed counts and the pass rate.

:class:`ZoneTableModel` shows :func:`planner.core.summary.zone_table`; while a
camera is dragged the document emits ``coverageChanged`` on every mouse move
and the model updates the changed rows in place (``dataChanged``), so the
table's selection and scroll position survive. It is reset only when a
different project (or a re-imported zone layer) arrives.

The selection is the document's: clicking a row calls
``document.select_zone``; a zone selected elsewhere (the map) is selected and
scrolled to here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.core.levels import LEVELS
from planner.core.summary import (
    FIGURE_KEYS,
    ZONE_COLUMNS,
    category_table,
    district_figures,
    zone_table,
)
from planner.ui.document import ProjectDocument
from planner.ui.labels import category_label, level_label, unit_label
from planner.ui.panels.tables import (
    FIRST_FREE_ROLE,
    SORT_ROLE,
    Column,
    RecordFilterProxy,
    RecordTableModel,
    install_copy,
    record_table,
)
from planner.ui.retranslate import LanguageAware
from planner.ui.text import tr_format

ModelIndex = QModelIndex | QPersistentModelIndex

#: Role giving the zone_id of a row (any column).
ZONE_ID_ROLE = FIRST_FREE_ROLE
#: Role giving the raw category identifier of a row (any column).
CATEGORY_ROLE = FIRST_FREE_ROLE + 1
#: Role giving whether the row's zone passes (any column): True, False, or None (advisory).
PASSED_ROLE = FIRST_FREE_ROLE + 2

#: Widest the name column starts (pixels); the user can widen it.
NAME_WIDTH_MAX = 170
#: While a camera is dragged, district and category totals refresh at most this often.
TOTALS_INTERVAL_MS = 150

PASS_COLOUR = QColor("#1b7a2f")
FAIL_COLOUR = QColor("#b3261e")
PASS_TINT = QColor("#e3f4e6")
FAIL_TINT = QColor("#fbe4e2")
ADVISORY_COLOUR = QColor("#5f6368")
ADVISORY_TINT = QColor("#eceff1")
#: Text colour, result tint and sort rank of each verdict (None: advisory), worst first.
_LOOK = {
    False: (FAIL_COLOUR, FAIL_TINT, 0),
    True: (PASS_COLOUR, PASS_TINT, 1),
    None: (ADVISORY_COLOUR, ADVISORY_TINT, 2),
}

#: Columns of the zone table that can change while cameras move.
_LIVE_COLUMNS = ("covered_fraction", "covered_amount", "cameras", "camera_ids", "passed")


def _text(value: Any) -> str:
    """A cell's text: empty for a missing value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _verdict(value: Any) -> bool | None:
    """A zone table's ``passed`` cell as True, False or None (advisory)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return bool(value)


def _percent(fraction: float | None, decimals: int = 1) -> str:
    """``0.7979`` → ``79.8 %``; an em dash for no value."""
    if fraction is None or (isinstance(fraction, float) and math.isnan(fraction)):
        return "—"
    return f"{fraction * 100:.{decimals}f} %"


def _bold(_record: object = None) -> QFont:
    """A bold font (the verdict, the total row)."""
    font = QFont()
    font.setBold(True)
    return font


def _amount(value: float, unit: str) -> str:
    """A covered or total size with its unit (points are counted, not measured)."""
    if unit == "point":
        return f"{value:g}"
    return f"{value:,.1f} {unit_label(unit)}"


class ZoneTableModel(RecordTableModel[dict[str, Any]]):
    """One row per zone from a :func:`~planner.core.summary.zone_table` frame.

    Display text is for people; :data:`SORT_ROLE` gives the value to sort by
    (numbers for coverage, cameras and level), :data:`ZONE_ID_ROLE`,
    :data:`CATEGORY_ROLE` and :data:`PASSED_ROLE` what filters need. A record
    is a zone's row of the frame as a dict.
    """

    # the verdict first: a dock is narrow, category and level can scroll out of view
    ZONE_ID, NAME, RESULT, COVERAGE, CAMERAS, CATEGORY, LEVEL = range(7)
    COLUMN_COUNT = 7

    def __init__(self, parent: QObject | None = None) -> None:
        def look(zone: dict[str, Any]) -> QColor:
            return _LOOK[_verdict(zone["passed"])][0]

        def level(zone: dict[str, Any]) -> int:
            name = str(zone["required_level"])
            return LEVELS.index(name) if name in LEVELS else -1

        columns = (
            Column(
                lambda: self.tr("Id"),
                lambda zone: _text(zone["zone_id"]),
                header_tip=lambda: self.tr("Zone identifier"),
            ),
            Column(
                lambda: self.tr("Name"),
                lambda zone: _text(zone["name"]),
                header_tip=lambda: self.tr("Zone name"),
                tooltip=lambda zone: _text(zone["name"]) or None,
            ),
            Column(
                lambda: self.tr("Result"),
                self._result,
                header_tip=lambda: self.tr("Whether the covered share reaches the required share"),
                sort=lambda zone: _LOOK[_verdict(zone["passed"])][2],
                tooltip=lambda zone: f"{self._covered(zone)}\n{self._basis(zone)}".rstrip(),
                foreground=look,
                background=lambda zone: _LOOK[_verdict(zone["passed"])][1],
                font=_bold,
            ),
            Column(
                lambda: self.tr("Coverage"),
                lambda zone: _percent(float(zone["covered_fraction"])),
                header_tip=lambda: self.tr("Share of the zone covered at its required level"),
                sort=lambda zone: float(zone["covered_fraction"]),
                tooltip=self._covered,
                align_right=True,
                foreground=look,
            ),
            Column(
                lambda: self.tr("Cameras"),
                lambda zone: str(int(zone["cameras"])),
                header_tip=lambda: self.tr("Cameras seeing the zone at its required level"),
                sort=lambda zone: int(zone["cameras"]),
                tooltip=self._camera_ids,
                align_right=True,
            ),
            Column(
                lambda: self.tr("Category"),
                lambda zone: category_label(str(zone["category"])),
                header_tip=lambda: self.tr("Zone category; the ruleset gives its requirement"),
            ),
            Column(
                lambda: self.tr("Level"),
                lambda zone: level_label(str(zone["required_level"])),
                header_tip=lambda: self.tr("DORI level the zone must be seen at"),
                sort=level,
            ),
        )
        roles = {
            ZONE_ID_ROLE: lambda zone: str(zone["zone_id"]),
            CATEGORY_ROLE: lambda zone: str(zone["category"]),
            PASSED_ROLE: lambda zone: _verdict(zone["passed"]),
        }
        super().__init__(columns, parent, roles=roles)
        self._zone_ids: list[Any] = []
        self._live: dict[str, np.ndarray] = {}

    # ------------------------------------------------------------------ contents
    def set_table(self, table: pd.DataFrame) -> None:
        """Show a new set of zones (resets the model: selection and scroll are lost)."""
        self._zone_ids = table["zone_id"].tolist()
        self._live = {name: table[name].to_numpy().copy() for name in _LIVE_COLUMNS}
        columns = {name: table[name].tolist() for name in table.columns}
        self.set_records(
            [{name: values[row] for name, values in columns.items()} for row in range(len(table))]
        )

    def update_table(self, table: pd.DataFrame) -> list[int]:
        """Take new figures for the same zones without a reset; return the changed rows.

        If ``table`` holds different zones (or a different order), the model is
        reset instead and every row is returned.
        """
        count = len(self._zone_ids)
        if len(table) != count or self._zone_ids != table["zone_id"].tolist():
            self.set_table(table)
            return list(range(len(self._zone_ids)))
        changed = np.zeros(count, dtype=bool)
        for name in _LIVE_COLUMNS:
            new = table[name].to_numpy()
            old = self._live[name]
            if name == "camera_ids":
                changed |= np.fromiter(
                    (a != b for a, b in zip(old, new, strict=True)), dtype=bool, count=count
                )
            elif name == "covered_fraction" or name == "covered_amount":
                changed |= ~np.isclose(old, new, rtol=0.0, atol=1e-12)
            else:
                changed |= old != new
        rows = np.flatnonzero(changed).tolist()
        if not rows:
            return []
        # the other columns cannot change for the same zones
        live = {name: table[name].tolist() for name in _LIVE_COLUMNS}
        self._live = {name: table[name].to_numpy().copy() for name in _LIVE_COLUMNS}
        records = self.records
        for row in rows:
            records[row] = {**records[row], **{name: live[name][row] for name in _LIVE_COLUMNS}}
        self.update_records(records, rows)
        return rows

    def zone_id(self, row: int) -> str:
        """The zone_id shown in ``row``."""
        return str(self._zone_ids[row])

    def row_of(self, zone_id: str) -> int | None:
        """The row showing ``zone_id``, or None."""
        try:
            return self._zone_ids.index(zone_id)
        except ValueError:
            return None

    def categories(self) -> list[str]:
        """The distinct categories of the zones shown, in order of first appearance."""
        return list(dict.fromkeys(zone["category"] for zone in self._records))

    # ------------------------------------------------------------------ cells
    def _result(self, zone: dict[str, Any]) -> str:
        passed = _verdict(zone["passed"])
        if passed is None:
            return self.tr("Advisory")
        return self.tr("✔ Pass") if passed else self.tr("✘ Fail")

    def _covered(self, zone: dict[str, Any]) -> str:
        unit = str(zone["unit"])
        covered = _amount(float(zone["covered_amount"]), unit)
        total = _amount(float(zone["total_amount"]), unit)
        required = _percent(float(zone["required_coverage"]), 0)
        return tr_format(self.tr("%1 of %2 covered; %3 required"), covered, total, required)

    def _camera_ids(self, zone: dict[str, Any]) -> str:
        ids = zone["camera_ids"]
        return ", ".join(map(str, ids)) if len(ids) else self.tr("No camera sees this zone")

    def _basis(self, zone: dict[str, Any]) -> str:
        """Why the zone is judged or not: the ruleset's article, or that it is advisory."""
        article = _text(zone["article"])
        if _verdict(zone["passed"]) is not None:
            return tr_format(self.tr("Required by %1"), article) if article else ""
        if article:
            text = self.tr("Advisory (%1): the ruleset does not require this zone to be covered")
            return tr_format(text, article)
        return self.tr("Advisory: the ruleset does not require this zone to be covered")


class ZoneFilterProxyModel(RecordFilterProxy):
    """Sorts by :data:`SORT_ROLE`; filters by text, category and "failing only"."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._category: str | None = None
        self._failing_only = False
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        """Keep zones whose name, id or category contains ``text`` (any case)."""
        self._set_filter(text=text.strip().casefold())

    def set_category(self, category: str | None) -> None:
        """Keep only zones of ``category`` (None: every category)."""
        self._set_filter(category=category)

    def set_failing_only(self, failing_only: bool) -> None:
        """Keep only mandatory zones that do not reach their required coverage."""
        self._set_filter(failing_only=failing_only)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """Whether a zone passes every filter."""
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        category = model.data(index, CATEGORY_ROLE)
        if self._category is not None and category != self._category:
            return False
        if self._failing_only and model.data(index, PASSED_ROLE) is not False:
            return False  # passing, or advisory: an advisory zone never fails
        if not self._text:
            return True
        name = model.data(model.index(source_row, ZoneTableModel.NAME, source_parent))
        haystack = (name, model.data(index, ZONE_ID_ROLE), category, category_label(category))
        return any(self._text in str(value).casefold() for value in haystack)


class CategorySummaryModel(RecordTableModel[dict[str, Any]]):
    """Per category (and for all zones, the last row): zones, passed, failed, rates, advisory.

    Passed and failed count mandatory zones only; the pass rate is "—" where
    there is none. A category's tooltip gives its article.
    """

    COLUMNS = ("category", *FIGURE_KEYS)

    def __init__(self, parent: QObject | None = None) -> None:
        titles = (
            lambda: self.tr("Category"),
            lambda: self.tr("Zones"),
            lambda: self.tr("Passed"),
            lambda: self.tr("Failed"),
            lambda: self.tr("Pass rate"),
            lambda: self.tr("Area"),
            lambda: self.tr("Length"),
            lambda: self.tr("Points"),
            lambda: self.tr("Advisory"),
        )

        def tip(name: str) -> Callable[[], str] | None:
            if name.endswith("_fraction"):
                return lambda: self.tr("Covered share, weighted by size (m², m or count)")
            if name == "advisory":
                return lambda: self.tr(
                    "Zones the ruleset does not require to be covered: "
                    "not counted as passed or failed"
                )
            return None

        def text(name: str) -> Callable[[dict[str, Any]], str]:
            if name in ("zones", "passed", "failed", "advisory"):
                return lambda row: str(int(row[name]))
            decimals = 0 if name == "pass_rate" else 1
            return lambda row: _percent(None if row[name] is None else float(row[name]), decimals)

        def failed(row: dict[str, Any]) -> QColor | None:
            return FAIL_COLOUR if row["failed"] else None

        def total(row: dict[str, Any]) -> QFont | None:
            return _bold(row) if row["category"] is None else None

        category = Column(titles[0], self._category, tooltip=self._category_tip, font=total)
        figures = [
            Column(
                title,
                text(name),
                header_tip=tip(name),
                align_right=True,
                foreground=failed if name == "failed" else None,
                font=total,
            )
            for title, name in zip(titles[1:], FIGURE_KEYS, strict=True)
        ]
        super().__init__([category, *figures], parent)

    def set_figures(self, categories: pd.DataFrame, district: dict[str, Any]) -> None:
        """Show ``category_table`` rows followed by the ``district_figures`` total."""
        rows = [*categories.to_dict("records"), {"category": None, **district}]
        if [r["category"] for r in rows] == [r["category"] for r in self._records]:
            self.update_records(rows)
        else:
            self.set_records(rows)

    def _category(self, row: dict[str, Any]) -> str:
        return (
            self.tr("All zones")
            if row["category"] is None
            else category_label(str(row["category"]))
        )

    def _category_tip(self, row: dict[str, Any]) -> str | None:
        """The article requiring a category's zones, or that they are advisory."""
        if row["category"] is None:
            return None
        article = _text(row.get("article"))
        if row.get("mandatory"):
            return tr_format(self.tr("Required by %1"), article) if article else None
        text = self.tr(
            "Advisory (%1): the ruleset does not require zones of this category to be covered"
        )
        return tr_format(text, article or "—")


class _ZonePanelView(LanguageAware, QWidget):
    """Layout of the zone panel: filters, the zone table, the totals. No behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter_edit = QLineEdit()
        self.filter_edit.setClearButtonEnabled(True)
        self.category_combo = QComboBox()
        self.category_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.failing_check = QCheckBox()

        filters = QHBoxLayout()
        filters.addWidget(self.filter_edit, 1)
        filters.addWidget(self.category_combo)
        filters.addWidget(self.failing_check)

        self.table_view = record_table()

        self.totals_label = QLabel()
        self.totals_label.setWordWrap(True)
        self.summary_view = QTableView()
        self.summary_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary_view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.summary_view.verticalHeader().hide()
        self.summary_view.setWordWrap(False)
        self.summary_view.horizontalHeader().setHighlightSections(False)
        install_copy(self.summary_view)  # no selection: its context menu copies the whole table
        row_height = self.fontMetrics().height() + 8
        for view in (self.table_view, self.summary_view):
            view.verticalHeader().setDefaultSectionSize(row_height)

        totals = QWidget()
        totals_layout = QVBoxLayout(totals)
        totals_layout.setContentsMargins(0, 0, 0, 0)
        totals_layout.addWidget(self.totals_label)
        totals_layout.addWidget(self.summary_view)
        totals_layout.addStretch(1)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table_view)
        self.splitter.addWidget(totals)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        _ZonePanelView.retranslate(self)

    def retranslate(self) -> None:
        """Name the filters in the interface language."""
        self.filter_edit.setPlaceholderText(self.tr("Filter by name, id or category"))
        self.category_combo.setToolTip(self.tr("Show one category only"))
        self.failing_check.setText(self.tr("Failing only"))
        self.failing_check.setToolTip(
            self.tr("Show only mandatory zones below their required coverage")
        )


class ZonePanel(_ZonePanelView):
    """Zone compliance: the table of zones, filters, and per-category / district totals.

    Follows ``document``: reset on ``projectReplaced``, in-place figures on
    ``coverageChanged``, the shared zone selection both ways.
    """

    zoneActivated = Signal(str)  # zone_id double-clicked or Enter pressed: zoom to it

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._syncing = False
        self._district: dict[str, Any] | None = None
        self._totals_timer = QTimer(self)
        self._totals_timer.setSingleShot(True)
        self._totals_timer.setInterval(TOTALS_INTERVAL_MS)
        self._totals_timer.timeout.connect(self._on_totals_due)
        self.model = ZoneTableModel(self)
        self.proxy = ZoneFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table_view.setModel(self.proxy)
        self.table_view.sortByColumn(ZoneTableModel.ZONE_ID, Qt.SortOrder.AscendingOrder)
        self.summary_model = CategorySummaryModel(self)
        self.summary_view.setModel(self.summary_model)
        self._fill_category_combo()

        self.filter_edit.textChanged.connect(lambda text: self._filter(self.proxy.set_text, text))
        self.category_combo.currentIndexChanged.connect(self._on_category_chosen)
        self.failing_check.toggled.connect(lambda on: self._filter(self.proxy.set_failing_only, on))
        self.table_view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.table_view.activated.connect(self._on_activated)

        document.projectReplaced.connect(self._on_project_replaced)
        document.coverageChanged.connect(self._on_coverage_changed)
        document.selectionChanged.connect(self._show_document_selection)
        if document.is_open:
            self._on_project_replaced()
            self._show_document_selection()
        self.retranslate()

    def retranslate(self) -> None:
        """Name the filters, categories, headers, cells and totals again."""
        super().retranslate()
        # the categories are listed by name: their order changes with the language
        self._fill_category_combo()
        self.model.retranslate()
        self.summary_model.retranslate()
        self._show_totals()

    # ------------------------------------------------------------------ document → panel
    def _on_project_replaced(self) -> None:
        state = self._document.state
        table = zone_table_empty() if state is None else zone_table(state)
        self.model.set_table(table)
        self._fill_category_combo()
        self._update_totals(table)
        self.table_view.resizeColumnsToContents()
        # long names (a junction of two streets) would push the verdict out of a narrow dock
        name_width = self.table_view.columnWidth(ZoneTableModel.NAME)
        self.table_view.setColumnWidth(ZoneTableModel.NAME, min(name_width, NAME_WIDTH_MAX))
        self.summary_view.resizeColumnsToContents()
        self._fit_summary_height()

    def _fit_summary_height(self) -> None:
        """Let the totals table be as tall as its rows (up to eight), no taller."""
        view = self.summary_view
        rows = view.model().rowCount()
        header = view.horizontalHeader().sizeHint().height()
        frame = 2 * view.frameWidth()
        scrollbar = view.horizontalScrollBar().sizeHint().height()
        row = view.verticalHeader().defaultSectionSize()
        view.setMaximumHeight(header + frame + scrollbar + row * rows)
        view.setMinimumHeight(header + frame + row * min(rows, 3))
        self._arrange()

    def _arrange(self) -> None:
        """Totals beside the table in a wide dock (bottom), below it in a tall one (side)."""
        view = self.summary_view
        wide = self.width() > 1.6 * self.height()
        self.splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
        if wide:
            totals = min(
                view.horizontalHeader().length() + 2 * view.frameWidth() + 24,
                self.splitter.width() // 2,
            )
            self.splitter.setSizes([max(self.splitter.width() - totals, 1), totals])
        else:
            totals = view.maximumHeight() + self.totals_label.sizeHint().height() + 8
            self.splitter.setSizes([max(self.splitter.height() - totals, 1), totals])

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-arrange when the dock moves between the bottom and a side."""
        super().resizeEvent(event)
        self._arrange()

    def _on_coverage_changed(self) -> None:
        state = self._document.state
        if state is None:
            return
        table = zone_table(state)
        # a row may leave or join the filtered rows: the view then moves its selection
        # by itself; put the document's selection back instead of adopting that
        self._syncing = True
        try:
            self.model.update_table(table)
        finally:
            self._syncing = False
        self._show_document_selection()
        if self._document.gesture_camera is None:
            self._totals_timer.stop()
            self._update_totals(table)
        elif not self._totals_timer.isActive():
            # during a drag the totals (a group-by per category) cost ten times the
            # table update: refresh them a few times a second, not on every mouse move
            self._totals_timer.start()

    def _on_totals_due(self) -> None:
        if self._document.state is not None:
            self._update_totals(zone_table(self._document.state))

    def _update_totals(self, table: pd.DataFrame) -> None:
        district = district_figures(table)
        self.summary_model.set_figures(category_table(table), district)
        self._district = district
        self._show_totals()

    def _show_totals(self) -> None:
        """Say how many mandatory zones pass, fail, and how many are advisory."""
        district = self._district
        if district is None:
            return
        judged = int(district["passed"]) + int(district["failed"])
        text = self.tr("%1 of %2 mandatory zones pass (%3); %4 fail; %5 advisory.")
        rate = district["pass_rate"]
        self.totals_label.setText(
            tr_format(
                text,
                district["passed"],
                judged,
                _percent(None if rate is None else float(rate), 0),
                district["failed"],
                district["advisory"],
            )
        )

    def _fill_category_combo(self) -> None:
        previous = self.category_combo.currentData()
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(self.tr("All categories"), None)
        for category in sorted(self.model.categories(), key=category_label):
            self.category_combo.addItem(category_label(category), category)
        found = self.category_combo.findData(previous) if previous is not None else 0
        self.category_combo.setCurrentIndex(max(found, 0))
        self.category_combo.blockSignals(False)
        self._filter(self.proxy.set_category, self.category_combo.currentData())

    def _show_document_selection(self) -> None:
        """Select and scroll to the document's zone (clear the row selection otherwise)."""
        if self._syncing:
            return
        zone = self._document.selected_zone
        selection = self.table_view.selectionModel()
        row = None if zone is None else self.model.row_of(zone)
        index = QModelIndex() if row is None else self.proxy.mapFromSource(self.model.index(row, 0))
        current = self._selected_zone_in_view()
        if current == zone and (zone is None or index.isValid()):
            return
        self._syncing = True
        try:
            if index.isValid():
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                self.table_view.scrollTo(index)
            else:
                selection.clearSelection()
        finally:
            self._syncing = False

    # ------------------------------------------------------------------ panel → document
    def _on_view_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        if self._syncing:
            return
        zone = self._selected_zone_in_view()
        if zone is None:
            current = self._document.selected_zone
            if current is None or not self._is_visible(current):
                return  # hidden by a filter, not deselected by the user: keep it
        self._syncing = True
        try:
            self._document.select_zone(zone)
        finally:
            self._syncing = False

    def _on_category_chosen(self, _index: int) -> None:
        self._filter(self.proxy.set_category, self.category_combo.currentData())

    def _filter(self, setter: Callable[[Any], None], value: Any) -> None:
        """Change one filter; the document's selection stays what it was."""
        self._syncing = True
        try:
            setter(value)
        finally:
            self._syncing = False
        self._show_document_selection()

    def _on_activated(self, index: QModelIndex) -> None:
        self.zoneActivated.emit(str(index.data(ZONE_ID_ROLE)))

    def _selected_zone_in_view(self) -> str | None:
        rows = self.table_view.selectionModel().selectedRows()
        return str(rows[0].data(ZONE_ID_ROLE)) if rows else None

    def _is_visible(self, zone_id: str) -> bool:
        row = self.model.row_of(zone_id)
        return row is not None and self.proxy.mapFromSource(self.model.index(row, 0)).isValid()


def zone_table_empty() -> pd.DataFrame:
    """A zone table with no rows (no project open)."""
    return pd.DataFrame({name: [] for name in ZONE_COLUMNS}).astype(
        {"passed": object, "mandatory": bool}
    )
