"""The privacy panel: findings by severity, the two computed fixes, and applying one.

The panel shows the document's findings (``document.privacy``, redrawn on
``privacyChanged``); a :class:`~planner.ui.controllers.privacy.PrivacyController`
checks them again in the background whenever cameras change, and the panel
shows its progress and a Stop button. The table lists the findings worst first and
can show one kind only; the details below a finding give the article that
forbids it and its two fixes (Qingdao Measures Art. 9 and the like: measures
must keep a required camera from seeing into private places). A camera standing
in a drawn private area must go; one inside a private-use building with no room
drawn around it is "Check placement", the mildest finding: lawful in a lobby,
forbidden in a room, so someone must look. Neither has a mask or re-aim.

Choosing a finding selects its camera in the document and emits
:attr:`PrivacyPanel.findingSelected` with the finding's geometry (the camera
point, the intruding ground or the exposed façade) for the map to zoom to and
draw in red. "Apply mask" and "Apply re-aim" each become one
``document.edit_camera`` call, so one undo step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.core.privacy import (
    FINDINGS,
    PLACEMENTS,
    Finding,
    PrivacyReport,
)
from planner.core.privacy_fixes import finding_changes
from planner.ui.controllers.privacy import PrivacyController
from planner.ui.document import ProjectDocument
from planner.ui.labels import (
    article_label,
    finding_label,
    level_label,
    private_category_label,
)
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

# Role giving the row's :class:`~planner.core.privacy.Finding` (any column).
FINDING_ROLE = RECORD_ROLE


# Tint of the severity cell by finding kind: standing inside is worst; a check is no alarm.
KIND_TINTS = {
    "forbidden_placement": QColor("#f4c7c3"),
    "intrusion": QColor("#fbe4e2"),
    "facade_exposure": QColor("#fff4d6"),
    "review_placement": QColor("#dde8f5"),
}
SEVERE_COLOUR = QColor("#b3261e")


def _deg(value: float) -> str:
    """``358.41`` → ``358.41°``, ``332.0`` → ``332°``."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + "°"


def _ranges(ranges: Sequence[tuple[float, float]]) -> str:
    """Mask intervals as bearings: ``342°–358.41°, 10°–20°``."""
    return ", ".join(f"{_deg(start)}–{_deg(end)}" for start, end in ranges)


def finding_key(finding: Finding) -> tuple[str, str, str, tuple[str, ...]]:
    """What identifies a finding across recomputations (its figures may change)."""
    return (finding.camera_id, finding.finding, finding.category, finding.places)


class PrivacyTableModel(RecordTableModel[Finding]):
    """One row per finding of a :class:`~planner.core.privacy.PrivacyReport`."""

    SEVERITY, CAMERA, FINDING, CATEGORY, LEVEL, AMOUNT, FIX = range(7)
    COLUMN_COUNT = 7

    def __init__(self, parent: QObject | None = None) -> None:
        def tint(finding: Finding) -> QColor:
            return KIND_TINTS.get(finding.finding, QColor("#eeeeee"))

        def severe(finding: Finding) -> QColor | None:
            return SEVERE_COLOUR if finding.finding == "forbidden_placement" else None

        columns = (
            Column(
                lambda: self.tr("Severity"),
                lambda f: str(f.severity),
                header_tip=lambda: self.tr(
                    "10: the camera stands in a private area; 6–9: it sees into one "
                    "(worse at finer levels); 2–5: it sees a private façade; "
                    "1: it stands inside a private-use building, check where"
                ),
                # worst first, then the report's order (severity, then camera id)
                sort=lambda f: f.severity * 100_000 - self.position(f),
                align_right=True,
                background=tint,
            ),
            Column(
                lambda: self.tr("Camera"),
                lambda f: f.camera_id,
                header_tip=lambda: self.tr("Camera identifier"),
            ),
            Column(
                lambda: self.tr("Finding"),
                lambda f: finding_label(f.finding),
                header_tip=lambda: self.tr("Kind of privacy finding"),
                tooltip=lambda f: article_label(f.article) if f.article else None,
                foreground=severe,
            ),
            Column(
                lambda: self.tr("Category"),
                lambda f: private_category_label(f.category),
                header_tip=lambda: self.tr("Kind of private place"),
                tooltip=lambda f: ", ".join(f.places) if f.places else None,
            ),
            Column(
                lambda: self.tr("Level"),
                lambda f: level_label(f.level) if f.level else "—",
                header_tip=lambda: self.tr("Finest DORI level at which the camera sees it"),
            ),
            Column(
                lambda: self.tr("Amount"),
                self._amount,
                header_tip=lambda: self.tr(
                    "Private ground seen (m²) or private façade in view (m)"
                ),
                sort=lambda f: f.area_m2 or f.length_m or 0.0,
                align_right=True,
            ),
            Column(
                lambda: self.tr("Fix"),
                self.fix_summary,
                header_tip=lambda: self.tr("The computed mask and re-aim"),
                tooltip=self.fix_summary,
            ),
        )
        super().__init__(columns, parent)

    def set_findings(self, findings: Sequence[Finding]) -> None:
        """Show a new list of findings (worst first, as the report gives them)."""
        self.set_records(findings)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """The findings shown, in report order."""
        return tuple(self._records)

    def row_of(self, key: tuple[str, str, str, tuple[str, ...]]) -> int | None:
        """The row of the finding with :func:`finding_key` ``key``, or None."""
        return self.row_where(lambda finding: finding_key(finding) == key)

    def _amount(self, finding: Finding) -> str:
        if finding.area_m2 is not None:
            return tr_format(self.tr("%1 m²"), f"{finding.area_m2:,.1f}")
        if finding.length_m is not None:
            return tr_format(self.tr("%1 m"), f"{finding.length_m:,.1f}")
        return "—"

    def fix_summary(self, finding: Finding) -> str:
        """One line: the mask intervals and the re-aim, that the camera must move, or a check."""
        if finding.finding == "forbidden_placement":
            return self.tr("Move the camera")
        if finding.finding == "review_placement":
            return self.tr("Check where it stands")
        parts = []
        if finding.mask_deg:
            parts.append(tr_format(self.tr("mask %1"), _ranges(finding.mask_deg)))
        if finding.reaim is not None:
            text = self.tr("re-aim to %1, %2 wide")
            parts.append(
                tr_format(text, _deg(finding.reaim.bearing_deg), _deg(finding.reaim.hfov_deg))
            )
        return "; ".join(parts) or "—"


class PrivacyFilterProxyModel(RecordFilterProxy):
    """Sorts by :data:`SORT_ROLE`; shows one kind of finding or all."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._kind: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_kind(self, kind: str | None) -> None:
        """Keep only findings of ``kind`` (None: every kind)."""
        self._set_filter(kind=kind)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """Whether a finding is of the kind shown."""
        if self._kind is None:
            return True
        finding = self.sourceModel().index(source_row, 0, source_parent).data(FINDING_ROLE)
        return finding is not None and finding.finding == self._kind


class _PrivacyPanelView(LanguageAware, QWidget):
    """Layout of the privacy panel: kind filter, table, details, fix buttons, status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox()
        self.kind_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.stop_button = QPushButton()
        self.stop_button.hide()
        filters = QHBoxLayout()
        filters.addWidget(self.kind_combo)
        filters.addStretch(1)

        self.table_view = record_table()

        self.details_label = QLabel()
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mask_button = QPushButton()
        self.reaim_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addWidget(self.mask_button)
        buttons.addWidget(self.reaim_button)
        buttons.addStretch(1)

        # the details of one finding run to ten lines in a narrow dock: they scroll
        self.details_scroll = QScrollArea()
        self.details_scroll.setWidget(self.details_label)
        self.details_scroll.setWidgetResizable(True)
        self.details_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.details_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(self.details_scroll, 1)
        details_layout.addLayout(buttons)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.table_view)
        self.splitter.addWidget(details)
        # a plan has a handful of findings: the details get the larger share
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.splitter, 1)
        status = QHBoxLayout()
        status.addWidget(self.status_label, 1)
        status.addWidget(self.stop_button)
        layout.addLayout(status)
        # the panel names everything at the end of its own __init__ (retranslate)

    def retranslate(self) -> None:
        """Name the layout's widgets in the current language."""
        self.kind_combo.setToolTip(self.tr("Show one kind of finding only"))
        self.stop_button.setText(self.tr("Stop"))
        self.stop_button.setToolTip(
            self.tr("Stop this privacy check; it runs again after the next edit")
        )
        self.mask_button.setText(self.tr("Apply mask"))
        self.mask_button.setToolTip(
            self.tr("Store the mask intervals on the camera: its view is cut everywhere")
        )
        self.reaim_button.setText(self.tr("Apply re-aim"))
        self.reaim_button.setToolTip(self.tr("Turn the camera and narrow its lens as suggested"))


class PrivacyPanel(_PrivacyPanelView):
    """Privacy findings of the open project, recomputed as cameras change, and their fixes."""

    # The chosen finding's geometry (None: no finding chosen): zoom there, draw it red.
    findingSelected = Signal(object)
    # The chosen finding's geometry after a recomputation (None: it is gone): redraw only.
    highlightChanged = Signal(object)
    # New findings are shown (after each recomputation).
    findingsChanged = Signal()

    def __init__(
        self,
        document: ProjectDocument,
        parent: QWidget | None = None,
        *,
        checker: PrivacyController | None = None,
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._syncing = False
        # what the status says besides the report's summary, to say again in another
        # language: the running check's progress, and a check failed or stopped or a fix
        # refused (shows the note again; None: the summary)
        self._progress: float | None = None
        self._note: Callable[[], None] | None = None
        # the window passes its controller; a panel on its own checks for itself
        self.checker = checker if checker is not None else PrivacyController(document, self)

        self.model = PrivacyTableModel(self)
        self.proxy = PrivacyFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.table_view.setModel(self.proxy)
        self.table_view.sortByColumn(PrivacyTableModel.SEVERITY, Qt.SortOrder.DescendingOrder)
        # the items are named in retranslate(), found by their data
        self.kind_combo.addItem("", None)
        for kind in FINDINGS:
            self.kind_combo.addItem("", kind)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_chosen)
        self.table_view.selectionModel().selectionChanged.connect(self._on_view_selection)
        self.mask_button.clicked.connect(self.apply_mask)
        self.stop_button.clicked.connect(self.checker.stop)
        self.reaim_button.clicked.connect(self.apply_reaim)

        document.privacyChanged.connect(self._show_report)
        document.selectionChanged.connect(self._on_document_selection)
        self.checker.checking.connect(self._on_checking)
        self.checker.progressed.connect(self._on_progress)
        self.checker.failed.connect(self._on_failed)
        self.checker.stopped.connect(self._on_stopped)
        self._show_report()
        self.retranslate()

    def retranslate(self) -> None:
        """Name everything in the current language: filter, headers, cells, details, status."""
        super().retranslate()
        for index in range(self.kind_combo.count()):
            kind = self.kind_combo.itemData(index)
            text = self.tr("All findings") if kind is None else finding_label(kind)
            self.kind_combo.setItemText(index, text)
        self.model.retranslate()
        self.table_view.resizeColumnsToContents()
        self._show_details(self.selected_finding())
        progress, note = self._progress, self._note
        if self.checker.busy:
            self._on_checking()
            if progress is not None:
                self._on_progress(progress)
        elif note is not None:
            note()
        else:
            self._show_report()

    # ------------------------------------------------------------------ public API
    @property
    def busy(self) -> bool:
        """Whether findings are being (or about to be) recomputed."""
        return self.checker.busy

    @property
    def report(self) -> PrivacyReport | None:
        """The findings shown: the document's."""
        return self._document.privacy

    def selected_finding(self) -> Finding | None:
        """The finding chosen in the table, if any."""
        rows = self.table_view.selectionModel().selectedRows()
        return rows[0].data(FINDING_ROLE) if rows else None

    def select_finding(self, finding: Finding | None) -> None:
        """Choose ``finding`` in the table (as a click would); None clears the choice."""
        row = None if finding is None else self.model.row_of(finding_key(finding))
        index = QModelIndex() if row is None else self.proxy.mapFromSource(self.model.index(row, 0))
        selection = self.table_view.selectionModel()
        if index.isValid():
            selection.setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table_view.scrollTo(index)
        else:
            selection.clearSelection()

    def refresh(self) -> None:
        """Recompute the findings now (not waiting for the debounce delay)."""
        self.checker.refresh()

    def apply_mask(self) -> None:
        """Store the chosen finding's merged mask on its camera (one undo step)."""
        finding = self.selected_finding()
        changes = finding_changes(finding, "mask") if finding is not None else None
        if finding is None or changes is None:
            return
        self._edit(finding.camera_id, **changes)

    def apply_reaim(self) -> None:
        """Give the chosen finding's camera the suggested bearing and lens (one undo step)."""
        finding = self.selected_finding()
        changes = finding_changes(finding, "reaim") if finding is not None else None
        if finding is None or changes is None:
            return
        self._edit(finding.camera_id, **changes)

    # ------------------------------------------------------------------ the check's progress
    def _on_checking(self) -> None:
        self._progress, self._note = None, None
        self.status_label.setText(self.tr("Checking privacy…"))
        self.stop_button.setVisible(self.checker.running)

    def _on_progress(self, fraction: float) -> None:
        self._progress = fraction
        text = tr_format(self.tr("Checking privacy… %1 %"), f"{100 * fraction:.0f}")
        self.status_label.setText(text)

    def _on_failed(self, message: str) -> None:
        self._progress, self._note = None, partial(self._on_failed, message)
        self.stop_button.hide()
        first = message.splitlines()[0] if message else ""
        self.status_label.setText(tr_format(self.tr("Privacy check failed: %1"), first))

    def _on_stopped(self) -> None:
        self._progress, self._note = None, self._on_stopped
        self.stop_button.hide()
        self.status_label.setText(
            self.tr("Privacy check stopped; it runs again after the next edit.")
        )

    def _show_report(self) -> None:
        """Show the document's findings (none after another project is loaded)."""
        self._progress, self._note = None, None
        report = self._document.privacy
        self.stop_button.setVisible(self.checker.running)
        chosen = self.selected_finding() if report is not None else None
        self._syncing = True
        try:
            self.model.set_findings(report.findings if report is not None else ())
            self.table_view.resizeColumnsToContents()
            self.select_finding(chosen)
        finally:
            self._syncing = False
        again = self.selected_finding()
        self._show_details(again)
        if report is None:
            self.findingSelected.emit(None)
            self.status_label.setText(
                self.tr("Checking privacy…")
                if self._document.is_open
                else self.tr("No project is open.")
            )
            return
        if chosen is not None:
            self.highlightChanged.emit(None if again is None else again.geometry)
        cameras = len({f.camera_id for f in report.findings})
        if not report.findings:
            text = self.tr("No privacy findings.")
        else:
            text = self.tr("%1 finding(s) on %2 camera(s); %3 stand(s) in a private place.")
            text = tr_format(text, len(report.findings), cameras, len(report.forbidden_cameras))
        self.status_label.setText(text)
        self.findingsChanged.emit()

    # ------------------------------------------------------------------ selection
    def _on_view_selection(self, *_: object) -> None:
        finding = self.selected_finding()
        self._show_details(finding)
        if self._syncing:
            return
        self._syncing = True
        try:
            if finding is not None:
                self._document.select_cameras([finding.camera_id])
        finally:
            self._syncing = False
        self.findingSelected.emit(None if finding is None else finding.geometry)

    def _on_document_selection(self) -> None:
        """Another camera chosen elsewhere: the finding's highlight no longer fits."""
        if self._syncing:
            return
        finding = self.selected_finding()
        if finding is not None and finding.camera_id not in self._document.selected_cameras:
            self.table_view.selectionModel().clearSelection()

    def _on_kind_chosen(self, _index: int) -> None:
        self.proxy.set_kind(self.kind_combo.currentData())

    # ------------------------------------------------------------------ details and fixes
    def _show_details(self, finding: Finding | None) -> None:
        self.mask_button.setEnabled(finding is not None and bool(finding.privacy_mask))
        self.reaim_button.setEnabled(finding is not None and finding.reaim is not None)
        # where a camera stands no mask or re-aim fixes: no fix buttons at all
        placement = finding is not None and finding.finding in PLACEMENTS
        self.mask_button.setVisible(not placement)
        self.reaim_button.setVisible(not placement)
        if finding is None:
            self.details_label.setText(
                self.tr("Choose a finding to see where it is, the rule and its fixes.")
            )
            return
        self.details_label.setText(self._details_html(finding))

    def _details_html(self, finding: Finding) -> str:
        severity = tr_format(self.tr("severity %1"), finding.severity)
        title = f"{finding.camera_id} — {finding_label(finding.finding)}"
        lines = [f"<b>{_escape(title)}</b> ({_escape(severity)})"]
        place = private_category_label(finding.category)
        if finding.places:
            place += " — " + ", ".join(finding.places)
        lines.append(_escape(place))
        if finding.article:
            lines.append(_escape(tr_format(self.tr("Rule: %1"), article_label(finding.article))))
        if finding.area_m2 is not None:
            text = self.tr("Sees %1 m² of private ground (%2 % of its view); %3 m² at %4 level")
            text = tr_format(
                text,
                f"{finding.area_m2:,.1f}",
                f"{finding.percent_of_view or 0.0:.1f}",
                f"{finding.level_area_m2 or 0.0:,.1f}",
                level_label(finding.level or ""),
            )
            lines.append(_escape(text))
        elif finding.length_m is not None:
            text = self.tr("Sees %1 m of private façade; %2 m at %3 level")
            text = tr_format(
                text,
                f"{finding.length_m:,.1f}",
                f"{finding.level_length_m or 0.0:,.1f}",
                level_label(finding.level or ""),
            )
            lines.append(_escape(text))
        if finding.finding == "review_placement":
            text = self.tr(
                "Check where inside the building the camera is: lawful in lobbies and "
                "public areas, forbidden inside rooms."
            )
            return "<br>".join([*lines, _escape(text)])
        if finding.finding == "forbidden_placement":
            lines.append(
                "<b>"
                + _escape(self.tr("Cameras are forbidden here: the camera is to be removed."))
                + "</b>"
            )
            return "<br>".join(lines)
        if finding.mask_deg:
            text = self.tr("Mask: %1 (the camera's mask becomes %2)")
            lines.append(
                _escape(tr_format(text, _ranges(finding.mask_deg), finding.privacy_mask or ""))
            )
        reaim = finding.reaim
        if reaim is not None:
            text = self.tr("Re-aim: bearing %1 (turn %2), horizontal field %3")
            text = tr_format(
                text, _deg(reaim.bearing_deg), f"{reaim.turn_deg:+g}°", _deg(reaim.hfov_deg)
            )
            lines.append(_escape(text))
            if reaim.coverage_loss is not None:
                text = self.tr("Mandatory-zone coverage lost: %1 %")
                lines.append(_escape(tr_format(text, f"{reaim.coverage_loss * 100:.1f}")))
            for change in reaim.zones_affected:
                before, after = f"{change.before:.1%}", f"{change.after:.1%}"
                lines.append(f"&nbsp;&nbsp;{_escape(change.zone_id)}: {before} → {after}")
        else:
            lines.append(_escape(self._reaim_note(finding.reaim_note)))
        return "<br>".join(lines)

    def _reaim_note(self, note: str) -> str:
        """The core's reason for no re-aim, in the user's language when it is a known one."""
        if note.startswith("omnidirectional"):
            return self.tr("No re-aim: the camera sees all round; only the mask applies.")
        if note.startswith("the camera sees no ground"):
            return self.tr("No re-aim: the camera sees no ground at any aim.")
        if note.startswith("no bearing"):
            return self.tr("No re-aim removes it without other private views: use the mask.")
        return note

    def _edit(self, camera_id: str, **fields: Any) -> None:
        try:
            self._document.edit_camera(camera_id, **fields)
        except PlannerError as exc:
            self._cannot_apply(str(exc))

    def _cannot_apply(self, reason: str) -> None:
        self._note = partial(self._cannot_apply, reason)
        self.status_label.setText(tr_format(self.tr("Cannot apply: %1"), reason))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
