"""The panels' record tables: one look, one model, one filter proxy.

:func:`record_table` is the view every record table uses; :class:`RecordTableModel`
the model behind it: one row per record (a dataclass, a dict, a small row object),
its columns given as :class:`Column` — the title and what each cell shows, sorts
by and how it looks, each a function, so a language change only needs the views
to ask again (:meth:`RecordTableModel.retranslate`). :class:`RecordFilterProxy`
is the base of the panels' sort-filter proxies; they sort by :data:`SORT_ROLE`.

Every record table can be copied and exported (:func:`install_copy`, which
:func:`record_table` calls): Ctrl+C and the context menu's "Copy" put the
selected rows on the clipboard, "Copy table" every row shown, both with the
header row, tab-separated, in the order and with the texts shown (what Excel
pastes as cells). :func:`shown_table` gives the same texts to "Export table…"
(:func:`planner.io.tables.write_table`); :func:`current_table` says which table
that is: the one with the focus, or the one last used.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QAction, QBrush, QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QTableView,
    QWidget,
)

from planner.io.tables import write_table
from planner.ui.retranslate import is_language_change, refresh_model_texts

ModelIndex = QModelIndex | QPersistentModelIndex
R = TypeVar("R")

#: Role giving the value a column sorts by (a number for numeric columns).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
#: Role giving the row's record (any column).
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
#: The first role free for a model's own record roles (:class:`RecordTableModel` ``roles``).
FIRST_FREE_ROLE = Qt.ItemDataRole.UserRole + 3

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_SORT = int(SORT_ROLE)
_RECORD = int(RECORD_ROLE)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def record_table(parent: QWidget | None = None) -> QTableView:
    """A read-only, sortable table: one row per record, selected whole, compact rows."""
    view = QTableView(parent)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSortingEnabled(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setHighlightSections(False)
    install_copy(view)
    return view


# ---------------------------------------------------------------------- copy and export
def shown_rows(view: QTableView, *, selected: bool = False) -> list[int]:
    """The view's model rows shown (or only the ``selected`` ones), top to bottom."""
    model = view.model()
    if model is None:
        return []
    if selected:
        selection = view.selectionModel()
        rows = {index.row() for index in selection.selectedIndexes()} if selection else set()
    else:
        rows = set(range(model.rowCount()))
    return sorted(row for row in rows if not view.isRowHidden(row))


def shown_table(
    view: QTableView, rows: Iterable[int] | None = None
) -> tuple[list[str], list[list[str]]]:
    """The headers and cell texts of ``rows`` (None: every row shown) as the view shows them.

    Columns in their on-screen order, hidden ones left out; rows in the order
    of the view's (sorted, filtered) model; a cell is its displayed text.
    """
    model = view.model()
    if model is None:
        return [], []
    header = view.horizontalHeader()
    columns = [
        header.logicalIndex(visual)
        for visual in range(header.count())
        if not view.isColumnHidden(header.logicalIndex(visual))
    ]
    titles = [_cell_text(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    chosen = shown_rows(view) if rows is None else list(rows)
    cells = [[_cell_text(model.index(r, c).data()) for c in columns] for r in chosen]
    return titles, cells


def table_text(view: QTableView, rows: Iterable[int] | None = None) -> str:
    """``rows`` (None: every row shown) with the header row: tab-separated lines, as Excel pastes.

    Tabs and line breaks inside a cell become spaces, so each cell stays one cell.
    """
    titles, cells = shown_table(view, rows)
    lines = [titles, *cells]
    return "".join("\t".join(_one_cell(text) for text in line) + "\n" for line in lines)


def copy_rows(view: QTableView, *, selected: bool = True) -> str:
    """Put the selected rows (or, not ``selected``, every row shown) on the clipboard.

    Returns the text copied; nothing is copied (an empty text) when no row is selected.
    """
    rows = shown_rows(view, selected=selected)
    if selected and not rows:
        return ""
    text = table_text(view, rows)
    QGuiApplication.clipboard().setText(text)
    _TableCopy.last_used = view
    return text


def export_view(view: QTableView, path: str | os.PathLike[str]) -> None:
    """Write every row ``view`` shows, with its headers, as CSV or XLSX (by ``path``'s suffix).

    The sheet is named after the table's dock; bad paths raise :class:`InputError`.
    """
    headers, rows = shown_table(view)
    write_table(path, headers, rows, sheet=table_title(view))
    _TableCopy.last_used = view


def install_copy(view: QTableView) -> None:
    """Give ``view`` Ctrl+C and a context menu with "Copy" and "Copy table" (once)."""
    if view.findChild(_TableCopy) is None:
        _TableCopy(view)


def is_copyable(widget: QWidget | None) -> bool:
    """Whether ``widget`` is a table with :func:`install_copy`'s copy and export."""
    return isinstance(widget, QTableView) and widget.findChild(_TableCopy) is not None


def current_table(window: QWidget, default: QTableView) -> QTableView:
    """The table of ``window`` "Export table…" writes: the focused one, else the last used."""
    for candidate in (QApplication.focusWidget(), _TableCopy.last_used):
        if (
            candidate is not None
            and shiboken6.isValid(candidate)
            and is_copyable(candidate)
            and candidate.window() is window
        ):
            assert isinstance(candidate, QTableView)
            return candidate
    return default


def table_title(view: QTableView) -> str:
    """The title of the dock holding ``view`` (a sheet name for its export), or empty."""
    parent = view.parentWidget()
    while parent is not None:
        if isinstance(parent, QDockWidget):
            return parent.windowTitle().replace("&", "")
        parent = parent.parentWidget()
    return ""


class _TableCopy(QObject):
    """The copy actions of one table view; names them again when the language changes."""

    #: The table last focused or copied from (any window): "Export table…" falls back on it.
    last_used: QTableView | None = None

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self.copy_action = QAction(view)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.copy_action.triggered.connect(lambda: copy_rows(self._view))
        self.copy_table_action = QAction(view)
        self.copy_table_action.triggered.connect(lambda: copy_rows(self._view, selected=False))
        if view.selectionMode() != QAbstractItemView.SelectionMode.NoSelection:
            view.addAction(self.copy_action)
        view.addAction(self.copy_table_action)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.installEventFilter(self)
        self.retranslate()

    def retranslate(self) -> None:
        """Name the actions in the interface language."""
        self.copy_action.setText(self.tr("&Copy"))
        self.copy_action.setToolTip(self.tr("Copy the selected rows with the column titles"))
        self.copy_table_action.setText(self.tr("Copy &table"))
        self.copy_table_action.setToolTip(
            self.tr("Copy every row shown with the column titles, as the table shows them")
        )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow language changes; remember the table as the last used one."""
        if is_language_change(event):
            self.retranslate()
        elif event.type() in (QEvent.Type.FocusIn, QEvent.Type.ContextMenu):
            _TableCopy.last_used = self._view
        return False


def _cell_text(value: Any) -> str:
    return "" if value is None else str(value)


def _one_cell(text: str) -> str:
    return text.replace("\r\n", " ").replace("\t", " ").replace("\n", " ").replace("\r", " ")


@dataclass(frozen=True)
class Column(Generic[R]):
    """One column of a :class:`RecordTableModel`: its title and what its cells show.

    ``title`` and ``header_tip`` are called whenever a view asks for the header,
    so they follow the interface language (pass ``lambda: self.tr("…")``). The
    other functions take the row's record; ``sort`` defaults to the text
    casefolded, ``tooltip``, ``background``, ``foreground`` and ``font`` to none
    (they may also return None for a record).
    """

    title: Callable[[], str]
    text: Callable[[R], str]
    header_tip: Callable[[], str] | None = None
    sort: Callable[[R], Any] | None = None
    tooltip: Callable[[R], str | None] | None = None
    align_right: bool = False
    background: Callable[[R], QColor | None] | None = None
    foreground: Callable[[R], QColor | None] | None = None
    font: Callable[[R], QFont | None] | None = None


def runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as ``(first, last)`` runs of consecutive rows."""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and found[-1][1] == row - 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found


class RecordTableModel(QAbstractTableModel, Generic[R]):
    """A read-only table: one row per record, its cells given by :class:`Column` s.

    :data:`RECORD_ROLE` gives a row's record, :data:`SORT_ROLE` the value a cell
    sorts by; ``roles`` adds a model's own roles (each a function of the record,
    the same in every column; numbers from :data:`FIRST_FREE_ROLE`).
    """

    def __init__(
        self,
        columns: Sequence[Column[R]] = (),
        parent: QObject | None = None,
        *,
        roles: Mapping[int, Callable[[R], Any]] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns: tuple[Column[R], ...] = tuple(columns)
        self._roles = {int(role): get for role, get in (roles or {}).items()}
        self._records: list[R] = []
        self._positions: dict[int, int] | None = None

    # ------------------------------------------------------------------ contents
    def set_columns(self, columns: Sequence[Column[R]]) -> None:
        """Show other columns (a reset)."""
        self.beginResetModel()
        self._columns = tuple(columns)
        self.endResetModel()

    def set_records(self, records: Iterable[R]) -> None:
        """Show new records (a reset: the views lose their selection)."""
        self.beginResetModel()
        self._records = list(records)
        self._positions = None
        self.endResetModel()

    def update_records(self, records: Iterable[R], rows: Iterable[int] | None = None) -> None:
        """Take new versions of the records shown, without a reset: views keep their selection.

        Only ``rows`` (None: every row) are said to have changed. With a different
        number of records this is :meth:`set_records`.
        """
        records = list(records)
        if len(records) != len(self._records):
            self.set_records(records)
            return
        self._records = records
        self._positions = None
        if not records or not self._columns:
            return
        last = len(self._columns) - 1
        spans = [(0, len(records) - 1)] if rows is None else runs(sorted(set(rows)))
        for first, stop in spans:
            self.dataChanged.emit(self.index(first, 0), self.index(stop, last))

    def retranslate(self) -> None:
        """Make the views ask again for every header and cell (the language changed)."""
        refresh_model_texts(self)

    @property
    def records(self) -> list[R]:
        """The records shown, in model order (a copy)."""
        return list(self._records)

    def record(self, row: int) -> R:
        """The record shown in ``row``."""
        return self._records[row]

    def row_where(self, predicate: Callable[[R], bool]) -> int | None:
        """The first row whose record satisfies ``predicate``, or None."""
        for row, record in enumerate(self._records):
            if predicate(record):
                return row
        return None

    def position(self, record: R) -> int:
        """The row of ``record`` itself (not an equal one): for sort keys that keep model order."""
        if self._positions is None:
            self._positions = {id(r): row for row, r in enumerate(self._records)}
        return self._positions[id(record)]

    # ------------------------------------------------------------------ Qt model
    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of records (a table has no children)."""
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Number of columns."""
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        """Column titles and their tooltips, in the current language."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        role = int(role)
        if role == _DISPLAY:
            return column.title()
        if role == _TOOLTIP and column.header_tip is not None:
            return column.header_tip()
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows, sorts by and how it looks; the row's record."""
        if not index.isValid():
            return None
        column = self._columns[index.column()]
        record = self._records[index.row()]
        role = int(role)
        if role == _DISPLAY:
            return column.text(record)
        if role == _SORT:
            return column.text(record).casefold() if column.sort is None else column.sort(record)
        if role == _RECORD:
            return record
        if role == _TOOLTIP:
            return None if column.tooltip is None else column.tooltip(record)
        if role == _ALIGNMENT:
            return _RIGHT if column.align_right else None
        if role in (_BACKGROUND, _FOREGROUND):
            get = column.background if role == _BACKGROUND else column.foreground
            colour = None if get is None else get(record)
            return None if colour is None else QBrush(colour)
        if role == _FONT:
            return None if column.font is None else column.font(record)
        get = self._roles.get(role)
        return None if get is None else get(record)


class RecordFilterProxy(QSortFilterProxyModel):
    """A sort-filter proxy whose filter settings are attributes ``_<name>``.

    Subclasses read them in ``filterAcceptsRow`` and change them through
    :meth:`_set_filter`, which filters the rows again on every Qt version.
    """

    def _set_filter(self, **settings: Any) -> None:
        """Set ``self._<name> = value`` for each setting and filter the rows again."""
        if not hasattr(self, "beginFilterChange"):  # Qt < 6.9
            for name, value in settings.items():
                setattr(self, f"_{name}", value)
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        for name, value in settings.items():
            setattr(self, f"_{name}", value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
