"""The one table model of the panels: columns as functions, roles, in-place updates, sorting."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from planner.ui.panels.privacy_panel import FINDING_ROLE, PrivacyTableModel
from planner.ui.panels.survey_panel import RECORD_ROLE as SURVEY_RECORD_ROLE
from planner.ui.panels.tables import (
    FIRST_FREE_ROLE,
    RECORD_ROLE,
    SORT_ROLE,
    Column,
    RecordFilterProxy,
    RecordTableModel,
    record_table,
)
from planner.ui.panels.zones_panel import SORT_ROLE as ZONES_SORT_ROLE
from planner.ui.panels.zones_panel import ZONE_ID_ROLE

CJK = re.compile(r"[\u4e00-\u9fff]")
DISPLAY = Qt.ItemDataRole.DisplayRole
TOOLTIP = Qt.ItemDataRole.ToolTipRole
HORIZONTAL = Qt.Orientation.Horizontal
LONG_ROLE = FIRST_FREE_ROLE


@dataclass(frozen=True)
class Road:
    name: str
    length_m: float


ROADS = [Road("elm Street", 120.0), Road("Birch Road", 9.5), Road("ash lane", 1000.0)]


def _columns() -> list[Column[Road]]:
    return [
        Column(
            lambda: "Name",
            lambda road: road.name,
            header_tip=lambda: "What the road is called",
        ),
        Column(
            lambda: "Length",
            lambda road: f"{road.length_m:g} m",
            sort=lambda road: road.length_m,
            tooltip=lambda road: "long" if road.length_m > 100 else None,
            align_right=True,
            background=lambda road: QColor("#fbe4e2") if road.length_m > 100 else None,
            foreground=lambda road: QColor("#b3261e"),
            font=lambda road: QFont("Serif", 7),
        ),
    ]


def _model(records: list[Road] = ROADS) -> RecordTableModel[Road]:
    model = RecordTableModel(_columns(), roles={LONG_ROLE: lambda road: road.length_m > 100})
    model.set_records(records)
    return model


def _cell(model: RecordTableModel[Road], row: int, column: int, role: int = DISPLAY) -> object:
    return model.index(row, column).data(role)


def test_the_roles_are_defined_once() -> None:
    assert SORT_ROLE != RECORD_ROLE
    assert FINDING_ROLE == RECORD_ROLE == SURVEY_RECORD_ROLE
    assert ZONES_SORT_ROLE == SORT_ROLE
    assert ZONE_ID_ROLE >= FIRST_FREE_ROLE > max(SORT_ROLE, RECORD_ROLE)


def test_cells_headers_and_looks_come_from_the_columns(qapp) -> None:
    model = _model()
    assert (model.rowCount(), model.columnCount()) == (3, 2)
    assert model.rowCount(model.index(0, 0)) == 0  # a table: no children
    assert [_cell(model, r, 0) for r in range(3)] == ["elm Street", "Birch Road", "ash lane"]
    assert _cell(model, 1, 1) == "9.5 m"
    assert [model.headerData(c, HORIZONTAL) for c in range(2)] == ["Name", "Length"]
    assert model.headerData(0, HORIZONTAL, TOOLTIP) == "What the road is called"
    assert model.headerData(1, HORIZONTAL, TOOLTIP) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None

    assert _cell(model, 0, 1, TOOLTIP) == "long"
    assert _cell(model, 1, 1, TOOLTIP) is None
    assert _cell(model, 0, 0, TOOLTIP) is None  # no tooltip function
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert _cell(model, 0, 1, Qt.ItemDataRole.TextAlignmentRole) == right
    assert _cell(model, 0, 0, Qt.ItemDataRole.TextAlignmentRole) is None
    assert _cell(model, 0, 1, Qt.ItemDataRole.BackgroundRole).color() == QColor("#fbe4e2")
    assert _cell(model, 1, 1, Qt.ItemDataRole.BackgroundRole) is None  # the function said None
    assert _cell(model, 1, 1, Qt.ItemDataRole.ForegroundRole).color() == QColor("#b3261e")
    assert _cell(model, 1, 0, Qt.ItemDataRole.ForegroundRole) is None
    assert _cell(model, 1, 1, Qt.ItemDataRole.FontRole).pointSize() == 7
    assert _cell(model, 1, 0, Qt.ItemDataRole.FontRole) is None
    assert model.data(QModelIndex()) is None


def test_record_sort_and_own_roles(qapp) -> None:
    model = _model()
    for row, road in enumerate(ROADS):
        assert _cell(model, row, 0, RECORD_ROLE) is road
        assert _cell(model, row, 1, RECORD_ROLE) is road  # any column
        assert _cell(model, row, 1, SORT_ROLE) == road.length_m  # the column's sort
        assert _cell(model, row, 0, SORT_ROLE) == road.name.casefold()  # default: the text
        assert _cell(model, row, 0, LONG_ROLE) is (road.length_m > 100)
    assert _cell(model, 0, 0, Qt.ItemDataRole.UserRole + 99) is None  # an unknown role

    assert model.record(2) is ROADS[2]
    assert model.records == ROADS and model.records is not model.records  # a copy
    assert model.row_where(lambda road: road.length_m < 10) == 1
    assert model.row_where(lambda road: road.name == "oak") is None
    twin = Road("elm Street", 120.0)  # equal to the first, not the same record
    model.set_records([*ROADS, twin])
    assert model.position(twin) == 3 and model.position(ROADS[0]) == 0


def test_a_proxy_sorts_numbers_as_numbers(qapp) -> None:
    model = _model([*ROADS, Road("Oak Avenue", 80.0)])
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(r, 1).data() for r in range(proxy.rowCount())]
    assert shown == ["9.5 m", "80 m", "120 m", "1000 m"]  # as text: 1000 < 120 < 80 < 9.5
    proxy.sort(0, Qt.SortOrder.AscendingOrder)  # texts without regard to case
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == ["ash lane", "Birch Road", "elm Street", "Oak Avenue"]


def test_update_records_keeps_the_selection_and_says_which_rows_changed(qtbot) -> None:
    records = [Road(f"road {k}", float(k)) for k in range(8)]
    model = _model(records)
    view = record_table()
    qtbot.addWidget(view)
    view.setModel(model)
    view.selectionModel().setCurrentIndex(
        model.index(5, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    resets: list[bool] = []
    changed: list[tuple[int, int, int, int]] = []
    model.modelReset.connect(lambda: resets.append(True))
    model.dataChanged.connect(
        lambda top, bottom, *_: changed.append(
            (top.row(), top.column(), bottom.row(), bottom.column())
        )
    )

    longer = [Road(r.name, r.length_m + 1000 * (k in (1, 2, 6))) for k, r in enumerate(records)]
    model.update_records(longer, rows=[6, 1, 2])
    assert resets == []
    assert changed == [(1, 0, 2, 1), (6, 0, 6, 1)]  # runs of rows, every column
    assert _cell(model, 6, 1) == "1006 m" and _cell(model, 5, 1) == "5 m"
    assert [i.row() for i in view.selectionModel().selectedRows()] == [5]

    changed.clear()
    model.update_records(records)  # every row
    assert changed == [(0, 0, 7, 1)] and resets == []
    assert [i.row() for i in view.selectionModel().selectedRows()] == [5]

    model.update_records(records[:3])  # fewer records: a reset
    assert resets == [True] and model.rowCount() == 3
    assert view.selectionModel().selectedRows() == []


def test_retranslate_makes_the_views_ask_again(qapp) -> None:
    language = {"title": "Name"}
    model = RecordTableModel([Column(lambda: language["title"], lambda road: road.name)])
    model.set_records(ROADS)
    headers: list[tuple[Qt.Orientation, int, int]] = []
    cells: list[int] = []
    model.headerDataChanged.connect(lambda *args: headers.append(args))
    model.dataChanged.connect(lambda top, bottom, *_: cells.append(bottom.row() - top.row() + 1))
    language["title"] = "名称"
    assert model.headerData(0, HORIZONTAL) == "名称"  # asked anew, never kept
    model.retranslate()
    assert (HORIZONTAL, 0, 0) in headers and cells == [3]


def test_headers_follow_the_language(translations) -> None:
    def severity() -> str:
        return QCoreApplication.translate("PrivacyTableModel", "Severity")

    model = RecordTableModel([Column(severity, str)])
    privacy = PrivacyTableModel()
    assert model.headerData(0, HORIZONTAL) == "Severity"
    assert privacy.headerData(PrivacyTableModel.SEVERITY, HORIZONTAL) == "Severity"
    english_tip = privacy.headerData(PrivacyTableModel.SEVERITY, HORIZONTAL, TOOLTIP)
    assert english_tip.startswith("10: the camera stands in a private area")

    translations.install("zh_CN")
    chinese = model.headerData(0, HORIZONTAL)
    assert CJK.search(chinese) and chinese != "Severity"
    assert privacy.headerData(PrivacyTableModel.SEVERITY, HORIZONTAL) == chinese
    assert CJK.search(privacy.headerData(PrivacyTableModel.SEVERITY, HORIZONTAL, TOOLTIP))

    translations.install("en")
    assert privacy.headerData(PrivacyTableModel.SEVERITY, HORIZONTAL) == "Severity"
