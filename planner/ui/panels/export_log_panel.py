"""File → Export log…: who took what out of the project, when and why (Harbin Art. 25(5)).

A non-modal window with a read-only table of the document's ``export_log``
rows, newest first: the time in local time (stored UTC, shown in the tool
tip), the user, what was written, the file, the purpose and whether it was
public. It follows the document: a new export or a project opened shows at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
from PySide6.QtCore import QDateTime, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from planner.services.export_log import EXPORT_LOG_COLUMNS, export_log_of
from planner.ui.document import ProjectDocument
from planner.ui.panels.tables import SORT_ROLE, Column, RecordTableModel, record_table
from planner.ui.retranslate import LanguageAware
from planner.ui.text import tr_format

LogRecord = Mapping[str, Any]


def local_time(stamp: str) -> str:
    """``2026-12-03T17:50:00Z`` (UTC) as local time, ``2026-12-04 01:50:00``; odd text as is."""
    when = QDateTime.fromString(stamp, Qt.DateFormat.ISODate)
    if not when.isValid():
        return stamp
    return when.toLocalTime().toString("yyyy-MM-dd HH:mm:ss")


class ExportLogDialog(LanguageAware, QDialog):
    """The export log of the open project, newest first (read-only, non-modal)."""

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_log_dialog")
        self.setModal(False)
        self.document = document
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.model: RecordTableModel[LogRecord] = RecordTableModel(self._columns(), self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table_view = record_table(self)
        self.table_view.setModel(self.proxy)
        self.table_view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table_view, 1)
        layout.addWidget(self.buttons)
        self.resize(900, 420)
        document.exportLogChanged.connect(self.refresh)
        document.projectReplaced.connect(self.refresh)
        self.refresh()
        self.retranslate()

    def _columns(self) -> list[Column[LogRecord]]:
        return [
            Column(
                lambda: self.tr("Time"),
                lambda r: local_time(str(r["time"])),
                sort=lambda r: str(r["time"]),
                tooltip=lambda r: tr_format(self.tr("%1 (UTC, as stored)"), r["time"]),
            ),
            Column(lambda: self.tr("User"), lambda r: str(r["user"])),
            Column(
                lambda: self.tr("Kind"),
                lambda r: self._kind_name(str(r["kind"])),
                tooltip=lambda r: str(r["kind"]),
            ),
            Column(lambda: self.tr("File"), lambda r: str(r["path"]), tooltip=lambda r: r["path"]),
            Column(lambda: self.tr("Purpose"), lambda r: str(r["purpose"])),
            Column(
                lambda: self.tr("Public"),
                lambda r: self.tr("yes") if r["public"] else self.tr("no"),
                sort=lambda r: int(r["public"]),
            ),
        ]

    def _kind_name(self, kind: str) -> str:
        names = {
            "map_image": self.tr("Map image"),
            "map_pdf": self.tr("Map PDF"),
            "print": self.tr("Printed map"),
            "worklist": self.tr("Survey work list"),
            "table": self.tr("Table"),
            "web": self.tr("Web map"),
            "report": self.tr("Report"),
            "osm": self.tr("OpenStreetMap GeoJSON"),
            "osm_xml": self.tr("OpenStreetMap XML"),
            "kml": self.tr("KML"),
            "gaps": self.tr("Coverage gaps"),
            "views": self.tr("Camera views"),
        }
        return names.get(kind, kind)

    def retranslate(self) -> None:
        """Set every text in the current language."""
        self.setWindowTitle(self.tr("Export log"))
        self._show_summary()
        self.model.retranslate()

    def refresh(self) -> None:
        """Show the document's log as it is now."""
        self.model.set_records(self.records())
        self._show_summary()

    def records(self) -> list[LogRecord]:
        """The log rows of the open project, oldest first (the view shows them newest first)."""
        project = self.document.project
        if project is None:
            return []
        log = export_log_of(project)
        rows = []
        for values in log.to_dict("records"):
            row: dict[str, Any] = {c: values.get(c, "") for c in EXPORT_LOG_COLUMNS}
            for key in ("time", "user", "kind", "path", "purpose"):
                row[key] = "" if pd.isna(row[key]) else str(row[key])
            row["public"] = 0 if pd.isna(row["public"]) else int(row["public"])
            rows.append(row)
        return rows

    def _show_summary(self) -> None:
        count = self.model.rowCount()
        self.summary.setText(
            self.tr(
                "Every file taken out of the project, newest first (%n export(s)). "
                "Times are local; the log stores them in UTC.",
                "",
                count,
            )
        )
