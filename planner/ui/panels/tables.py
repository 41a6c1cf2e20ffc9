"""The one look of the panels' record tables (zones, privacy findings)."""

from __future__ import annotations

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
