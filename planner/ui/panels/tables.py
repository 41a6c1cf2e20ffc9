"""The one look of the panels' record tables (zones, privacy findings)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


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
    return view


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
