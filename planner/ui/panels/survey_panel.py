"""The survey dock: findings with filters, open conflicts to settle, intact rates, export.

It shows the survey the document holds (``document.survey``, redrawn on
``surveyChanged``) and turns gestures into calls: *Settle…* becomes
``document.settle`` (one undo step), *Import…* and *Export work list…* trigger
the :class:`~planner.ui.controllers.survey.SurveyController`'s actions. Choosing
a finding emits :attr:`SurveyPanel.deviceChosen` with the device's key and
position, for the map to highlight and zoom to; :attr:`SurveyPanel.marksChanged`
gives the map every device with its worst finding after each new result.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.reconcile import Conflict, Device
from planner.core.survey import FINDINGS, Survey, claim_text, detail_text
from planner.core.vocabulary import group_name, label
from planner.ui.canvas.survey_items import DeviceMark, priority_colour
from planner.ui.controllers.survey import SurveyController
from planner.ui.labels import article_label, field_label, report_language
from planner.ui.panels.tables import (
    RECORD_ROLE,
    SORT_ROLE,
    Column,
    RecordFilterProxy,
    RecordTableModel,
    record_table,
)
from planner.ui.retranslate import LanguageAware
from planner.ui.text import tr_format

ModelIndex = QModelIndex | QPersistentModelIndex

BELOW_MINIMUM = QColor("#fbe4e2")
BELOW_MINIMUM_TEXT = QColor("#b3261e")


def survey_finding_label(finding: str) -> str:
    """Name of a survey finding in the interface language (``unowned`` → ``No owner``)."""
    return label("finding", finding, report_language())


def action_label(action: str) -> str:
    """Name of a work-list action (``prune_tree`` → ``Prune trees (city management)``)."""
    return label("action", action, report_language())


def conflict_field_label(field: str) -> str:
    """Name of a field in conflict (owner, maintainer, position)."""
    return label("conflict_field", field, report_language())


def group_label(group_by: str) -> str:
    """Name of an intact-rate grouping (owner, maintainer, district, all)."""
    return label("group_by", group_by, report_language())


def _group_name(group_by: str, name: str) -> str:
    """The core's placeholders for a missing owner, maintainer or district, readable."""
    return group_name(group_by, name, report_language())


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


@dataclass(frozen=True)
class FindingRow:
    """A finding as the table shows it, with the device it is about."""

    device_key: str
    finding: str
    priority: int
    device_id: str
    pole_no: str
    action: str
    rule: str
    contact: str
    detail: str
    position: tuple[float, float] | None


@dataclass(frozen=True)
class ConflictRow:
    """An open conflict of one device."""

    device_key: str
    device_id: str
    field: str
    claims: tuple[tuple[str, str, int], ...]  # (value as text, source, row)
    detail: str
    position: tuple[float, float] | None


def finding_rows(survey: Survey) -> list[FindingRow]:
    """One row per finding, in the survey's order (most urgent first)."""
    devices = {d.device_key: d for d in survey.matching.devices}
    rows = []
    for f in survey.findings:
        device = devices[f.device_key]
        rows.append(
            FindingRow(
                f.device_key,
                f.finding,
                f.priority,
                _text(device.value("device_id")),
                _text(device.value("pole_no")),
                f.action,
                f.rule,
                f.contact,
                detail_text(f, report_language()),
                device.position,
            )
        )
    return rows


def conflict_rows(survey: Survey) -> list[ConflictRow]:
    """One row per open conflict, in device order."""
    return [
        ConflictRow(
            device.device_key,
            _text(device.value("device_id")) or _text(device.value("pole_no")),
            conflict.field,
            _claims(conflict),
            conflict.detail,
            device.position,
        )
        for device, conflict in survey.matching.conflicts
    ]


def _claim_text(value: object) -> str:
    """A claimed value as text (signs in the interface language)."""
    if isinstance(value, bool):
        return QCoreApplication.translate("SurveyPanel", "yes" if value else "no")
    return claim_text(value)


def _claims(conflict: Conflict) -> tuple[tuple[str, str, int], ...]:
    return tuple((_claim_text(c.value), c.source, c.row) for c in conflict.claims)


def device_marks(survey: Survey) -> list[DeviceMark]:
    """Every located device with the priority of its worst finding (None: no finding)."""
    worst: dict[str, int] = {}
    for f in survey.findings:
        worst[f.device_key] = min(worst.get(f.device_key, 99), f.priority)
    return [
        DeviceMark(d.device_key, d.position[0], d.position[1], worst.get(d.device_key))
        for d in survey.matching.devices
        if d.position is not None
    ]


# --- models ---------------------------------------------------------------------------------


class RecordsModel(RecordTableModel[Any]):
    """A read-only table of records (findings, conflicts, intact rates), columns given later."""

    def renew_records(self, records: Sequence[Any]) -> None:
        """The same records renamed (in another language): headers and cells are asked again.

        With as many records as shown, no reset: the views keep their selection.
        """
        self.update_records(records, rows=())
        self.retranslate()


def _cell(title: Callable[[], str], text: Callable[[Any], str], **look: Any) -> Column[Any]:
    """A survey column: the whole text is the tooltip too (long texts are cut in the cell)."""
    return Column(title, text, tooltip=text, **look)


class FindingsFilter(RecordFilterProxy):
    """Sorts by :data:`SORT_ROLE`; keeps one kind of finding and rows containing a text."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind: str | None = None
        self._text = ""
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filter(self, kind: str | None, text: str) -> None:
        """Keep findings of ``kind`` (None: all) whose cells contain ``text`` (any case)."""
        self._set_filter(kind=kind, text=text.strip().casefold())

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """Whether a finding is of the kind and contains the text."""
        model = self.sourceModel()
        record = model.index(source_row, 0, source_parent).data(RECORD_ROLE)
        if self._kind is not None and record.finding != self._kind:
            return False
        if not self._text:
            return True
        return any(
            self._text in str(model.index(source_row, c, source_parent).data()).casefold()
            for c in range(model.columnCount())
        )


# --- the settle dialog ------------------------------------------------------------------------


class SettleDialog(QDialog):
    """Choose the right value of a conflict (or, for a position, the right source) and a note."""

    def __init__(self, conflict: ConflictRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict = conflict
        self.setWindowTitle(self.tr("Settle conflict"))
        self.value_combo = QComboBox()
        if conflict.field == "position":
            for source in dict.fromkeys(source for _, source, _ in conflict.claims):
                at = next(v for v, s, _ in conflict.claims if s == source)
                self.value_combo.addItem(f"{source} {at}", source)
        else:
            for value in dict.fromkeys(v for v, _, _ in conflict.claims):
                sources = ", ".join(
                    tr_format(self.tr("%1 row %2"), s, r)
                    for v, s, r in conflict.claims
                    if v == value
                )
                self.value_combo.addItem(f"{value} ({sources})", value)
        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText(self.tr("Who confirmed it, how"))
        field = conflict_field_label(conflict.field)
        title = QLabel(
            tr_format(
                self.tr("%1 of device %2: %3"),
                field,
                conflict.device_id or conflict.device_key,
                conflict.detail,
            )
        )
        title.setWordWrap(True)
        form = QFormLayout()
        form.addRow(
            self.tr("Right source:") if conflict.field == "position" else self.tr("Right value:"),
            self.value_combo,
        )
        form.addRow(self.tr("Note:"), self.note_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(520, 180)

    def value(self) -> str:
        """The chosen value (owner/maintainer text, or the source name for a position)."""
        return str(self.value_combo.currentData())

    def note(self) -> str:
        """The note typed."""
        return self.note_edit.text().strip()


# --- the panel ----------------------------------------------------------------------------------


class _SurveyPanelView(LanguageAware, QWidget):
    """Layout of the survey dock: three tabs, a status line and the two buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox()
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.text_filter = QLineEdit()
        self.text_filter.setClearButtonEnabled(True)
        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo)
        filters.addWidget(self.text_filter, 1)
        self.findings_view = record_table()
        # what every source said about the chosen device: the provenance of the registry
        self.device_label = QLabel()
        self.device_label.setWordWrap(True)
        self.device_label.setTextFormat(Qt.TextFormat.RichText)
        self.device_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.device_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.device_scroll = QScrollArea()
        self.device_scroll.setWidget(self.device_label)
        self.device_scroll.setWidgetResizable(True)
        self.device_scroll.setFrameShape(QFrame.Shape.NoFrame)
        # wide enough for "value (source row n)" lines; the table scrolls sideways instead
        self.device_scroll.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 22)
        self.findings_splitter = QSplitter(Qt.Orientation.Horizontal)
        self.findings_splitter.addWidget(self.findings_view)
        self.findings_splitter.addWidget(self.device_scroll)
        self.findings_splitter.setStretchFactor(0, 3)
        self.findings_splitter.setStretchFactor(1, 1)
        self.findings_splitter.setChildrenCollapsible(False)
        findings = QWidget()
        findings_layout = QVBoxLayout(findings)
        findings_layout.setContentsMargins(0, 4, 0, 0)
        findings_layout.addLayout(filters)
        findings_layout.addWidget(self.findings_splitter, 1)

        self.conflicts_view = record_table()
        self.settle_button = QPushButton()
        conflict_buttons = QHBoxLayout()
        conflict_buttons.addWidget(self.settle_button)
        conflict_buttons.addStretch(1)
        conflicts = QWidget()
        conflicts_layout = QVBoxLayout(conflicts)
        conflicts_layout.setContentsMargins(0, 4, 0, 0)
        conflicts_layout.addWidget(self.conflicts_view, 1)
        conflicts_layout.addLayout(conflict_buttons)

        self.intact_view: QTableView = record_table()
        # no row drives anything else here: several rows may be chosen and copied
        self.intact_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(findings, "")
        self.tabs.addTab(conflicts, "")
        self.tabs.addTab(self.intact_view, "")

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.import_button = QPushButton()
        self.export_button = QPushButton()
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        # the panel names everything at the end of its own __init__ (retranslate)

    def retranslate(self) -> None:
        """Name the layout's widgets in the current language."""
        self.kind_combo.setToolTip(self.tr("Show one kind of finding only"))
        self.text_filter.setPlaceholderText(self.tr("Filter: device, owner, rule…"))
        self.settle_button.setText(self.tr("Settle…"))
        self.settle_button.setToolTip(
            self.tr("Choose the right value; the decision is kept in the project")
        )
        self.tabs.setTabText(0, self.tr("Findings"))
        self.tabs.setTabText(1, self.tr("Conflicts"))
        self.tabs.setTabText(2, self.tr("Intact rate"))
        self.import_button.setText(self.tr("Import inventories…"))
        self.export_button.setText(self.tr("Export work list…"))


class SurveyPanel(_SurveyPanelView):
    """The findings, conflicts and intact rates of the document's survey."""

    #: A finding was chosen: device key and position (project CRS; None when unlocated).
    deviceChosen = Signal(str, object)
    #: Every located device with its worst finding, after each new result.
    marksChanged = Signal(object)

    F_PRIORITY, F_FINDING, F_DEVICE, F_POLE, F_ACTION, F_RULE, F_CONTACT, F_DETAIL = range(8)

    def __init__(self, controller: SurveyController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller

        self.findings_model = RecordsModel(parent=self)
        self.conflicts_model = RecordsModel(parent=self)
        self.intact_model = RecordsModel(parent=self)
        self._define_columns()
        self.findings_proxy = FindingsFilter(self)
        self.findings_proxy.setSourceModel(self.findings_model)
        self.findings_view.setModel(self.findings_proxy)
        self.findings_view.sortByColumn(self.F_PRIORITY, Qt.SortOrder.AscendingOrder)

        self.conflicts_view.setModel(self.conflicts_model)
        self.conflicts_view.setSortingEnabled(False)

        self.intact_view.setModel(self.intact_model)
        self.intact_view.setSortingEnabled(False)

        # the items are named in retranslate(), found by their data
        self.kind_combo.addItem("", None)
        for kind in FINDINGS:
            self.kind_combo.addItem("", kind)
        self.kind_combo.currentIndexChanged.connect(self._filter)
        self.text_filter.textChanged.connect(self._filter)
        self.findings_view.selectionModel().selectionChanged.connect(self._finding_chosen)
        self.conflicts_view.selectionModel().selectionChanged.connect(self._conflict_chosen)
        self.settle_button.clicked.connect(self.ask_settle)
        self.import_button.clicked.connect(controller.import_action.trigger)
        self.export_button.clicked.connect(controller.export_action.trigger)
        controller.import_action.changed.connect(self._update_buttons)
        controller.export_action.changed.connect(self._update_buttons)
        controller.document.surveyChanged.connect(self.refresh)
        self.refresh()
        self.retranslate()

    def retranslate(self) -> None:
        """Name everything in the current language: filter, headers, cells, device, status.

        The tables keep their rows and the chosen finding and conflict.
        """
        super().retranslate()
        for index in range(self.kind_combo.count()):
            kind = self.kind_combo.itemData(index)
            text = self.tr("All findings") if kind is None else survey_finding_label(kind)
            self.kind_combo.setItemText(index, text)
        survey = self._controller.document.survey_result
        self._fill_findings(survey, renew=True)
        self._fill_conflicts(survey, renew=True)
        self._fill_intact(survey, renew=True)
        chosen = self.selected_finding()
        self._show_device(chosen.device_key if chosen is not None else None)
        self._show_status(survey)

    def _define_columns(self) -> None:
        """The three tables' columns; their titles follow the language."""

        def urgent(r: FindingRow) -> QColor | None:
            return priority_colour(r.priority) if r.priority <= 2 else None

        def order(r: FindingRow) -> int:
            # priority, then the survey's own order (finding kind, device)
            return r.priority * 1_000_000 + self.findings_model.position(r)

        self.findings_model.set_columns(
            [
                _cell(
                    lambda: self.tr("Priority"),
                    lambda r: str(r.priority),
                    sort=order,
                    foreground=urgent,
                ),
                _cell(
                    lambda: self.tr("Finding"),
                    lambda r: survey_finding_label(r.finding),
                    foreground=urgent,
                ),
                _cell(lambda: self.tr("Device id"), lambda r: r.device_id, foreground=urgent),
                _cell(lambda: self.tr("Pole no."), lambda r: r.pole_no, foreground=urgent),
                _cell(
                    lambda: self.tr("Action"),
                    lambda r: action_label(r.action),
                    foreground=urgent,
                ),
                _cell(lambda: self.tr("Rule"), lambda r: article_label(r.rule), foreground=urgent),
                _cell(lambda: self.tr("Contact"), lambda r: r.contact, foreground=urgent),
                _cell(lambda: self.tr("Detail"), lambda r: r.detail, foreground=urgent),
            ]
        )

        def claims(r: ConflictRow) -> str:
            return "; ".join(
                tr_format(self.tr("%1 (%2 row %3)"), value, source, row)
                for value, source, row in r.claims
            )

        self.conflicts_model.set_columns(
            [
                _cell(lambda: self.tr("Device id"), lambda r: r.device_id),
                _cell(lambda: self.tr("Field"), lambda r: conflict_field_label(r.field)),
                _cell(lambda: self.tr("Claims"), claims),
                _cell(lambda: self.tr("Detail"), lambda r: r.detail),
            ]
        )

        def below(row: dict[str, Any]) -> bool:
            rate = row["rate"]
            return row["meets"] is not None and row["meets"] is not True and rate == rate

        def name(row: dict[str, Any]) -> str:
            if row["group_by"] == "all":
                return ""
            return _group_name(str(row["group_by"]), str(row["name"]))

        def percent(value: float, decimals: int) -> str:
            return "—" if value != value else f"{100 * value:.{decimals}f} %"

        tint = {
            "background": lambda row: BELOW_MINIMUM if below(row) else None,
            "foreground": lambda row: BELOW_MINIMUM_TEXT if below(row) else None,
        }
        self.intact_model.set_columns(
            [
                _cell(
                    lambda: self.tr("Grouped by"),
                    lambda row: group_label(str(row["group_by"])),
                    **tint,
                ),
                _cell(lambda: self.tr("Name"), name, **tint),
                _cell(lambda: self.tr("Devices"), lambda row: str(row["devices"]), **tint),
                _cell(lambda: self.tr("Intact"), lambda row: str(row["intact"]), **tint),
                _cell(lambda: self.tr("Rate"), lambda row: percent(row["rate"], 1), **tint),
                _cell(lambda: self.tr("Required"), lambda row: percent(row["required"], 0), **tint),
                _cell(
                    lambda: self.tr("Rule"),
                    lambda row: article_label(_text(row["rule"])),
                    **tint,
                ),
            ]
        )

    # ------------------------------------------------------------------ public API
    def refresh(self) -> None:
        """Show the document's survey (or say there is none)."""
        survey = self._controller.document.survey_result
        chosen = self.selected_finding()
        self._fill_findings(survey)
        self._fill_conflicts(survey)
        self._fill_intact(survey)
        if chosen is not None:
            self.select_device(chosen.device_key)
        again = self.selected_finding()
        self._show_device(again.device_key if again is not None else None)
        self._update_buttons()
        self._show_status(survey)
        self.marksChanged.emit(device_marks(survey) if survey is not None else [])

    def shown_findings(self) -> list[FindingRow]:
        """The findings the table shows now (filtered), top to bottom."""
        proxy = self.findings_proxy
        return [proxy.index(r, 0).data(RECORD_ROLE) for r in range(proxy.rowCount())]

    def shown_conflicts(self) -> list[ConflictRow]:
        """The open conflicts listed."""
        return self.conflicts_model.records

    def selected_finding(self) -> FindingRow | None:
        """The finding chosen in the table, if any."""
        rows = self.findings_view.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def selected_conflict(self) -> ConflictRow | None:
        """The conflict chosen in its table, if any."""
        rows = self.conflicts_view.selectionModel().selectedRows()
        return rows[0].data(RECORD_ROLE) if rows else None

    def select_finding_row(self, row: int) -> None:
        """Choose the ``row``-th finding shown (as a click would)."""
        self.findings_view.selectRow(row)

    def select_device(self, device_key: str) -> None:
        """Choose the first finding shown of a device (nothing if it has none shown)."""
        for row, record in enumerate(self.shown_findings()):
            if record.device_key == device_key:
                self.findings_view.selectRow(row)
                return

    def select_conflict_row(self, row: int) -> None:
        """Choose one conflict."""
        self.conflicts_view.selectRow(row)

    def set_filter(self, kind: str | None = None, text: str = "") -> None:
        """Show one kind of finding (None: all) containing ``text``, as the filter widgets do."""
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(kind), 0))
        self.text_filter.setText(text)

    def ask_settle(self) -> None:
        """Open the settle dialog on the chosen conflict; OK settles it (one undo step)."""
        conflict = self.selected_conflict()
        if conflict is None:
            return
        dialog = SettleDialog(conflict, self)
        # open(), not exec(): no nested event loop; the answer arrives as a signal
        dialog.accepted.connect(
            lambda: self._controller.document.settle(
                conflict.device_key, conflict.field, dialog.value(), dialog.note()
            )
        )
        dialog.open()
        self.settle_dialog = dialog

    # ------------------------------------------------------------------ filling
    def _fill_findings(self, survey: Survey | None, *, renew: bool = False) -> None:
        rows = finding_rows(survey) if survey is not None else []
        if renew:
            self.findings_model.renew_records(rows)
        else:
            self.findings_model.set_records(rows)
        self.findings_view.resizeColumnsToContents()
        self._cap_widths(self.findings_view)

    def _fill_conflicts(self, survey: Survey | None, *, renew: bool = False) -> None:
        rows = conflict_rows(survey) if survey is not None else []
        if renew:
            self.conflicts_model.renew_records(rows)
        else:
            self.conflicts_model.set_records(rows)
        self.conflicts_view.resizeColumnsToContents()
        self._cap_widths(self.conflicts_view)
        if not renew:
            self._conflict_chosen()

    def _fill_intact(self, survey: Survey | None, *, renew: bool = False) -> None:
        if survey is None:
            self.intact_model.set_records([])
            return
        records = survey.intact.to_dict("records")
        if renew:
            self.intact_model.renew_records(records)
        else:
            self.intact_model.set_records(records)
        self.intact_view.resizeColumnsToContents()

    def _cap_widths(self, view: QTableView) -> None:
        """Long texts (details, claims) are cut in the cell and whole in the tooltip."""
        limit = max(view.fontMetrics().horizontalAdvance("M") * 28, 220)
        for column in range(view.model().columnCount() - 1):
            if view.columnWidth(column) > limit:
                view.setColumnWidth(column, limit)

    def _show_status(self, survey: Survey | None) -> None:
        if survey is None:
            self.status_label.setText(
                self.tr("No survey yet: Survey → Import inventories… reads the inventories.")
            )
            return
        overall = survey.intact[survey.intact["group_by"] == "all"]
        rate = float(overall["rate"].iloc[0]) if len(overall) else float("nan")
        text = self.tr(
            "%1 device(s), %2 finding(s), %3 open conflict(s); intact rate %4 (survey of %5)."
        )
        text = tr_format(
            text,
            len(survey.matching.devices),
            len(survey.findings),
            len(survey.matching.conflicts),
            "—" if rate != rate else f"{100 * rate:.1f} %",
            survey.as_of.isoformat(),
        )
        self.status_label.setText(text)

    def _update_buttons(self) -> None:
        self.import_button.setEnabled(self._controller.import_action.isEnabled())
        self.export_button.setEnabled(self._controller.export_action.isEnabled())
        self._conflict_chosen()

    # ------------------------------------------------------------------ gestures
    def _filter(self, *_: object) -> None:
        self.findings_proxy.set_filter(self.kind_combo.currentData(), self.text_filter.text())

    def _finding_chosen(self, *_: object) -> None:
        record = self.selected_finding()
        self._show_device(record.device_key if record is not None else None)
        if record is not None:
            self.deviceChosen.emit(record.device_key, record.position)

    def _show_device(self, device_key: str | None) -> None:
        survey = self._controller.document.survey_result
        device = None
        if survey is not None and device_key is not None:
            device = next((d for d in survey.matching.devices if d.device_key == device_key), None)
        if device is None:
            self.device_label.setText(
                self.tr("Choose a finding to see what each inventory says about its device.")
            )
            return
        self.device_label.setText(self.provenance_html(device))

    def provenance_html(self, device: Device) -> str:
        """What each source said about ``device``, field by field (rich text)."""
        lines = [f"<b>{html.escape(device.device_key)}</b>"]
        records = ", ".join(
            tr_format(self.tr("%1 row %2"), r.source, r.row) for r in device.records
        )
        lines.append(html.escape(tr_format(self.tr("Records: %1"), records)))
        for name, claims in device.claims.items():
            said = "<br>".join(
                "&nbsp;&nbsp;"
                + html.escape(
                    tr_format(self.tr("%1 (%2 row %3)"), _claim_text(c.value), c.source, c.row)
                )
                for c in claims
            )
            lines.append(f"<b>{html.escape(field_label(name))}</b><br>{said}")
        for conflict in device.conflicts:
            text = tr_format(self.tr("Conflict: %1"), conflict_field_label(conflict.field))
            lines.append(f'<span style="color:#b00020">{html.escape(text)}</span>')
        return "<br>".join(lines)

    def _conflict_chosen(self, *_: object) -> None:
        conflict = self.selected_conflict()
        self.settle_button.setEnabled(conflict is not None and not self._controller.is_busy)
        if conflict is not None:
            self.deviceChosen.emit(conflict.device_key, conflict.position)


__all__ = [
    "ConflictRow",
    "FindingRow",
    "SettleDialog",
    "SurveyPanel",
    "action_label",
    "conflict_field_label",
    "device_marks",
    "finding_rows",
    "group_label",
    "survey_finding_label",
]
