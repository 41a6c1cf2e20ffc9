"""Copying and exporting the record tables: what the user sees is what Excel gets."""

from __future__ import annotations

import csv
from dataclasses import dataclass

from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, QSettings, QSortFilterProxyModel, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

from planner.ui.i18n import Translations
from planner.ui.panels.tables import (
    SORT_ROLE,
    Column,
    RecordTableModel,
    copy_rows,
    current_table,
    export_view,
    is_copyable,
    record_table,
    table_text,
)
from planner.ui.panels.zones_panel import ZoneTableModel


def _shown(view: QTableView, rows: list[int]) -> list[list[str]]:
    """What the view shows in ``rows``: header texts first, then each row's cells."""
    model = view.model()
    columns = range(model.columnCount())
    header = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    cells = [[str(model.index(r, c).data() or "") for c in columns] for r in rows]
    return [header, *cells]


def _clipboard_rows() -> list[list[str]]:
    text = QGuiApplication.clipboard().text()
    assert text.endswith("\n")
    return [line.split("\t") for line in text[:-1].split("\n")]


def _copy_actions(view: QTableView) -> dict[str, object]:
    return {a.text().replace("&", ""): a for a in view.actions()}


def _read_csv(path) -> list[list[str]]:
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # Excel reads Chinese as UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def _read_xlsx(path) -> list[list[str]]:
    sheet = load_workbook(path).active
    return [
        ["" if v is None else (f"{v:g}" if isinstance(v, float) else str(v)) for v in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def _comparable(rows: list[list[str]]) -> list[list[str]]:
    """Numbers as the workbook gives them back (87.50 → 87.5)."""
    out = []
    for row in rows:
        cells = []
        for text in row:
            try:
                cells.append(f"{float(text):g}" if "." in text else str(int(text)))
            except ValueError:
                cells.append(text)
        out.append(cells)
    return out


def test_every_record_table_has_copy_and_copy_table(window):
    views = [
        window.zone_panel.table_view,
        window.zone_panel.summary_view,
        window.privacy_panel.table_view,
        window.survey_panel.findings_view,
        window.survey_panel.conflicts_view,
        window.survey_panel.intact_view,
    ]
    for view in views:
        assert is_copyable(view)
        assert view.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu
        assert "Copy table" in _copy_actions(view)
    # the totals select nothing: only the whole table can be copied
    assert "Copy" not in _copy_actions(window.zone_panel.summary_view)
    copy = _copy_actions(window.zone_panel.table_view)["Copy"]
    assert copy.shortcut() == QKeySequence(QKeySequence.StandardKey.Copy)


def test_copy_gives_the_selected_row_with_headers_in_the_shown_order(window, qtbot):
    view = window.zone_panel.table_view
    view.sortByColumn(ZoneTableModel.COVERAGE, Qt.SortOrder.DescendingOrder)
    assert view.model().rowCount() > 3
    view.selectRow(2)
    selected = window.document.selected_zone
    assert selected is not None  # the row still selects its zone on the map
    _copy_actions(view)["Copy"].trigger()
    assert _clipboard_rows() == _shown(view, [2])

    # Ctrl+C on the focused table does the same
    QGuiApplication.clipboard().clear()
    view.selectRow(0)
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    QTest.keySequence(view, QKeySequence(QKeySequence.StandardKey.Copy))
    assert _clipboard_rows() == _shown(view, [0])

    # Copy table: every row shown, sorted as shown
    _copy_actions(view)["Copy table"].trigger()
    rows = _clipboard_rows()
    assert rows == _shown(view, list(range(view.model().rowCount())))
    coverage = [r[ZoneTableModel.COVERAGE] for r in rows[1:]]
    assert len(coverage) == window.document.project.zones.shape[0]


def test_copy_table_follows_the_filter(window):
    panel = window.zone_panel
    panel.failing_check.setChecked(True)
    view = panel.table_view
    shown = view.model().rowCount()
    assert 0 < shown < len(panel.model.records)
    copy_rows(view, selected=False)
    assert len(_clipboard_rows()) == shown + 1


def test_several_selected_rows_are_copied_in_the_shown_order(window, qtbot):
    # the rates drive nothing else: several rows may be chosen there
    intact = window.survey_panel.intact_view
    assert intact.selectionMode() == QAbstractItemView.SelectionMode.ExtendedSelection

    @dataclass
    class Row:
        name: str
        count: int

    model = RecordTableModel(
        [
            Column(lambda: "Name", lambda r: r.name),
            Column(lambda: "Count", lambda r: str(r.count), sort=lambda r: r.count),
        ]
    )
    model.set_records([Row("b", 2), Row("a", 10), Row("c", 1)])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = record_table()
    qtbot.addWidget(view)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setModel(proxy)
    view.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().select(proxy.index(2, 0), flags)
    view.selectionModel().select(proxy.index(0, 0), flags)
    _copy_actions(view)["Copy"].trigger()
    assert QGuiApplication.clipboard().text() == "Name\tCount\na\t10\nc\t1\n"


def test_tabs_and_line_breaks_stay_inside_their_cell(qtbot):
    @dataclass
    class Row:
        name: str
        note: str

    model = RecordTableModel(
        [Column(lambda: "Name", lambda r: r.name), Column(lambda: "Note", lambda r: r.note)]
    )
    model.set_records([Row("a\tb", "line\none"), Row("=1+2", "ok")])
    view = record_table()
    qtbot.addWidget(view)
    view.setModel(model)
    assert table_text(view) == "Name\tNote\na b\tline one\n=1+2\tok\n"


def test_export_table_writes_what_the_table_shows(window, tmp_path):
    view = window.zone_panel.table_view
    view.sortByColumn(ZoneTableModel.NAME, Qt.SortOrder.DescendingOrder)
    view.setFocus()
    expected = _shown(view, list(range(view.model().rowCount())))
    window.export_table(tmp_path / "zones.csv")
    assert _read_csv(tmp_path / "zones.csv") == expected
    window.export_table(tmp_path / "zones.xlsx")
    assert _read_xlsx(tmp_path / "zones.xlsx") == _comparable(expected)
    assert load_workbook(tmp_path / "zones.xlsx").active.title == "Zone compliance"


def test_export_table_takes_the_table_last_used(window, tmp_path):
    totals = window.zone_panel.summary_view
    copy_rows(totals, selected=False)  # its context menu's "Copy table": now the last used
    window.menuBar().setFocus()
    assert current_table(window, window.zone_panel.table_view) is totals
    window.export_table(tmp_path / "totals.csv")
    assert _read_csv(tmp_path / "totals.csv") == _shown(
        totals, list(range(totals.model().rowCount()))
    )


def test_chinese_survives_copy_and_export(window, tmp_path):
    settings = QSettings(str(tmp_path / "zh.ini"), QSettings.Format.IniFormat)
    translations = Translations(QApplication.instance(), settings)
    try:
        assert translations.install("zh_CN")
        QApplication.sendPostedEvents(None, 0)
        view = window.zone_panel.table_view
        assert _copy_actions(view)["复制(C)"]
        view.selectRow(0)
        _copy_actions(view)["复制(C)"].trigger()
        rows = _clipboard_rows()
        assert any("\u4e00" <= ch <= "\u9fff" for ch in "".join(rows[0]))
        assert rows == _shown(view, [0])
        view.setFocus()
        expected = _shown(view, list(range(view.model().rowCount())))
        window.export_table(tmp_path / "区域.csv")
        assert _read_csv(tmp_path / "区域.csv") == expected
        window.export_table(tmp_path / "区域.xlsx")
        assert _read_xlsx(tmp_path / "区域.xlsx") == _comparable(expected)
    finally:
        translations.install("en")


def test_a_cell_starting_with_equals_is_neutralised(qtbot, tmp_path):
    @dataclass
    class Row:
        name: str

    model = RecordTableModel([Column(lambda: "Name", lambda r: r.name)])
    model.set_records([Row('=HYPERLINK("http://evil","x")'), Row("@SUM(A1)"), Row("plain")])
    view = record_table()
    qtbot.addWidget(view)
    view.setModel(model)
    export_view(view, tmp_path / "t.csv")
    assert _read_csv(tmp_path / "t.csv") == [
        ["Name"],
        ['\'=HYPERLINK("http://evil","x")'],
        ["'@SUM(A1)"],
        ["plain"],
    ]
    export_view(view, tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in sheet["A"]][1] == '\'=HYPERLINK("http://evil","x")'
    assert all(c.data_type == "s" for c in sheet["A"])
