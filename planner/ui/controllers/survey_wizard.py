"""The "Import inventories" wizard: files and their roles, column mapping, survey options.

Page 1 lists the inventories (file, role, coordinate system); page 2 maps
each file's headers to inventory fields with a live preview of the first rows,
read through :func:`planner.io.inventories.preview_inventory` (the reader the
import uses, so the preview is what will be read); page 3 asks the survey date
and the match distance and sums up. :meth:`SurveyWizard.options` gives the
:class:`~planner.services.survey.SurveyOptions` the controller runs.

Roles and coordinate names are the CLI's (``--source ROLE=FILE``,
``--coords ROLE=wgs84|gcj02|bd09|cgcs2000|EPSG:N``); a role typed by the user
is a plain source, as in ``planner reconcile``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from planner.core.errors import PlannerError
from planner.io.inventories import (
    COORDS_NAMES,
    EXCEL_SUFFIXES,
    SUPPORTED_SUFFIXES,
    InventoryPreview,
    guess_sheet,
    preview_inventory,
    workbook_sheets,
)
from planner.io.inventory_columns import FIELDS
from planner.io.survey import SourceSpec, coords_of, source_specs
from planner.services.survey import DEFAULT_MAX_DISTANCE_M, SurveyOptions
from planner.ui.labels import source_label
from planner.ui.text import tr_format

#: Roles with a meaning for the findings (any other name is a plain source).
ROLES = ("filings", "survey", "platform", "property")
#: Rows shown in the mapping page's preview.
PREVIEW_ROWS = 20
#: Mapping value of a column that is not read.
IGNORED = "-"

# Words in a file name that suggest its role (a guess the user can change).
_ROLE_HINTS = (
    ("filings", ("备案", "filing", "police", "公安")),
    ("survey", ("走访", "巡查", "排查", "普查", "survey", "field")),
    ("platform", ("平台", "platform", "大数据", "bigdata")),
    ("property", ("物业", "property", "产权")),
)


#: Name of a source role, from the one vocabulary (公安备案, 实地核查, 联网平台, 物业台账).
role_label = source_label


def coords_label(coords: str) -> str:
    """Name of a coordinate system of the longitude/latitude columns."""
    names = {
        "wgs84": QCoreApplication.translate("survey", "WGS84 (GPS)"),
        "gcj02": QCoreApplication.translate("survey", "GCJ-02 (Amap, Tencent)"),
        "bd09": QCoreApplication.translate("survey", "BD-09 (Baidu)"),
        "cgcs2000": QCoreApplication.translate("survey", "CGCS2000"),
    }
    return names.get(coords, coords)


def inventory_field_label(field: str) -> str:
    """Name of an inventory field (``pole_no`` → ``Pole no.``); ignored columns say so."""
    names = {
        IGNORED: QCoreApplication.translate("survey", "(not read)"),
        "device_id": QCoreApplication.translate("survey", "Device id"),
        "lon": QCoreApplication.translate("survey", "Longitude"),
        "lat": QCoreApplication.translate("survey", "Latitude"),
        "owner": QCoreApplication.translate("survey", "Owner"),
        "maintainer": QCoreApplication.translate("survey", "Maintainer"),
        "project_name": QCoreApplication.translate("survey", "Project name"),
        "pole_no": QCoreApplication.translate("survey", "Pole no."),
        "district": QCoreApplication.translate("survey", "District"),
        "address": QCoreApplication.translate("survey", "Address"),
        "status": QCoreApplication.translate("survey", "Status"),
        "installed_on": QCoreApplication.translate("survey", "Installed on"),
        "registered_on": QCoreApplication.translate("survey", "Filed on"),
        "last_seen_on": QCoreApplication.translate("survey", "Last online"),
        "bearing": QCoreApplication.translate("survey", "Bearing"),
        "has_sign": QCoreApplication.translate("survey", "Sign"),
    }
    return names.get(field, field)


def guess_role(path: Path) -> str:
    """A role suggested by the file name (``备案台账.xlsx`` → ``filings``), else ``survey``."""
    name = path.stem.casefold()
    for role, words in _ROLE_HINTS:
        if any(word in name for word in words):
            return role
    return "survey"


def _choice_combo(values: tuple[str, ...], label: object, current: str) -> QComboBox:
    """An editable combo of known identifiers shown by label; typed text is taken as is."""
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for value in values:
        combo.addItem(label(value), value)  # type: ignore[operator]
    index = combo.findData(current)
    if index >= 0:
        combo.setCurrentIndex(index)
    else:
        combo.setEditText(current)
    return combo


def _combo_value(combo: QComboBox) -> str:
    """The identifier of the chosen item, or the text the user typed."""
    index = combo.currentIndex()
    text = combo.currentText().strip()
    if index >= 0 and combo.itemText(index) == combo.currentText():
        return str(combo.itemData(index))
    return text


# --- page 1: files --------------------------------------------------------------------------


class FilesPage(QWizardPage):
    """The inventories to read: one row per file with its role and coordinate system."""

    FILE, ROLE, COORDS = range(3)

    def __init__(self, start_dir: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Inventories"))
        self.setSubTitle(
            self.tr(
                "Add each inventory (CSV, Excel, GeoJSON, GeoPackage) and say what it is and "
                "which coordinates its longitude/latitude columns hold."
            )
        )
        self._start_dir = start_dir
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("File"), self.tr("Role"), self.tr("Coordinates")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.FILE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(self.ROLE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COORDS, QHeaderView.ResizeMode.ResizeToContents)
        self.add_button = QPushButton(self.tr("Add files…"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.add_button.clicked.connect(lambda: self.browse())
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        hint = QLabel(
            self.tr(
                "Roles: police filings, field survey, big-data platform and property office "
                "give the findings their meaning; type any other name for a plain source."
            )
        )
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(hint)
        self._paths: list[Path] = []

    def browse(self) -> None:
        """Ask for files to add."""
        patterns = " ".join(f"*{s}" for s in SUPPORTED_SUFFIXES)
        chosen, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add inventories"),
            self._start_dir,
            tr_format(self.tr("Inventories (%1)"), patterns),
        )
        for name in chosen:
            self.add_file(Path(name))

    def add_file(self, path: str | Path, role: str | None = None, coords: str | None = None) -> int:
        """Add one inventory row; returns its row.

        Without ``role`` it is guessed from the file name (备案 → police filings),
        without ``coords`` from the coordinate headers (``经度（GCJ-02）``), else WGS84.
        """
        path = Path(path)
        if coords is None:
            try:
                # the sheet holding the inventory, past a cover page (see MappingEditor._load)
                spec = SourceSpec(path, role or "", path.stem, sheet=guess_sheet(path))
                coords = coords_of(spec)
            except (PlannerError, OSError):
                coords = "wgs84"  # the mapping page says what is wrong with the file
        row = self.table.rowCount()
        self.table.insertRow(row)
        self._paths.append(path)
        item = QTableWidgetItem(path.name)
        item.setToolTip(str(path))
        self.table.setItem(row, self.FILE, item)
        role_combo = _choice_combo(ROLES, role_label, role or guess_role(path))
        coords_combo = _choice_combo(COORDS_NAMES, coords_label, coords)
        coords_combo.setToolTip(self.tr("wgs84, gcj02, bd09, cgcs2000 or EPSG:N"))
        for combo in (role_combo, coords_combo):
            combo.currentTextChanged.connect(self.completeChanged)
        self.table.setCellWidget(row, self.ROLE, role_combo)
        self.table.setCellWidget(row, self.COORDS, coords_combo)
        self.completeChanged.emit()
        return row

    def remove_selected(self) -> None:
        """Remove the selected rows."""
        for row in sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True):
            self.remove_row(row)

    def remove_row(self, row: int) -> None:
        """Remove one inventory row."""
        self.table.removeRow(row)
        del self._paths[row]
        self.completeChanged.emit()

    def set_role(self, row: int, role: str) -> None:
        """Choose (or type) the role of one row."""
        combo = self.table.cellWidget(row, self.ROLE)
        index = combo.findData(role)
        if index >= 0:
            combo.setCurrentIndex(index)
        else:
            combo.setEditText(role)

    def set_coords(self, row: int, coords: str) -> None:
        """Choose (or type) the coordinate system of one row."""
        combo = self.table.cellWidget(row, self.COORDS)
        index = combo.findData(coords)
        if index >= 0:
            combo.setCurrentIndex(index)
        else:
            combo.setEditText(coords)

    def entries(self) -> list[tuple[Path, str, str]]:
        """``(path, role, coords)`` of every row, in order."""
        return [
            (
                path,
                _combo_value(self.table.cellWidget(row, self.ROLE)),
                _combo_value(self.table.cellWidget(row, self.COORDS)),
            )
            for row, path in enumerate(self._paths)
        ]

    def isComplete(self) -> bool:
        """At least one file, each with a role and a coordinate system."""
        entries = self.entries()
        return bool(entries) and all(role and coords for _, role, coords in entries)


# --- page 2: column mapping --------------------------------------------------------------------


class MappingEditor(QWidget):
    """One file's columns: a field per header, the sheet or layer, and a live preview."""

    changed = Signal()

    HEADER, FIELD, EXAMPLE = range(3)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.preview: InventoryPreview | None = None
        self.error = ""
        self._parts_are_sheets = True
        self._combos: list[QComboBox] = []

        self.part_label = QLabel()
        self.part_combo = QComboBox()
        self.part_combo.currentTextChanged.connect(self._part_chosen)
        part = QHBoxLayout()
        part.addWidget(self.part_label)
        part.addWidget(self.part_combo)
        part.addStretch(1)

        self.columns_table = QTableWidget(0, 3)
        self.columns_table.setHorizontalHeaderLabels(
            [self.tr("Column"), self.tr("Field"), self.tr("First value")]
        )
        self.columns_table.verticalHeader().hide()
        self.columns_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.columns_table.horizontalHeader()
        header.setSectionResizeMode(self.HEADER, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.preview_model = QStandardItemModel(self)
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview_model)
        self.preview_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_view.setAlternatingRowColors(True)
        self.preview_view.setWordWrap(False)
        self.preview_view.verticalHeader().setDefaultSectionSize(
            self.preview_view.fontMetrics().height() + 6
        )

        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.columns_table)
        splitter.addWidget(self.preview_view)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(part)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)
        self._load()

    # ------------------------------------------------------------------ reading
    @property
    def sheet(self) -> str | None:
        """The Excel sheet read (None: not an Excel file, or the first sheet)."""
        return self.preview.sheet if self.preview is not None and self.preview.sheets else None

    @property
    def layer(self) -> str | None:
        """The GeoPackage/GeoJSON layer read (None: not a layered file, or the first)."""
        return self.preview.layer if self.preview is not None and self.preview.layers else None

    def _load(self, *, sheet: str | None = None, layer: str | None = None) -> None:
        """Read the preview of ``sheet``/``layer``; at first, the sheet that holds an inventory.

        A workbook often opens with a cover page: the first sheet whose header
        has recognised columns is chosen, and the sheet chooser stays offered
        even when the chosen sheet cannot be read, so another can be picked.
        """
        if sheet is None and layer is None:
            with contextlib.suppress(PlannerError, OSError):
                sheet = guess_sheet(self.path)
        try:
            preview = preview_inventory(self.path, rows=PREVIEW_ROWS, sheet=sheet, layer=layer)
        except (PlannerError, OSError) as exc:
            self.preview, self.error = None, str(exc)
            self.columns_table.setRowCount(0)
            self.preview_model.clear()
            sheets: tuple[str, ...] = ()
            with contextlib.suppress(PlannerError, OSError):
                if self.path.suffix.lower() in EXCEL_SUFFIXES:
                    sheets = workbook_sheets(self.path)
            self._show_parts(sheets, sheet or (sheets[0] if sheets else ""), sheets=True)
            self._show_status()
            self.changed.emit()
            return
        self.preview, self.error = preview, ""
        self._show_parts(
            preview.sheets or preview.layers,
            preview.sheet or preview.layer or "",
            sheets=bool(preview.sheets),
        )
        self._fill_columns(preview)
        self._refresh()

    def _show_parts(self, parts: tuple[str, ...], current: str, *, sheets: bool) -> None:
        """Offer the sheets (or layers) to choose from, where there is something to choose."""
        self._parts_are_sheets = sheets
        self.part_combo.blockSignals(True)
        self.part_combo.clear()
        self.part_combo.addItems(list(parts))
        self.part_combo.setCurrentText(current)
        self.part_combo.blockSignals(False)
        self.part_label.setText(self.tr("Sheet:") if sheets else self.tr("Layer:"))
        self.part_label.setVisible(len(parts) > 1)
        self.part_combo.setVisible(len(parts) > 1)

    def choose_part(self, name: str) -> None:
        """Read another sheet (Excel) or layer (GeoPackage), as choosing it in the combo."""
        self.part_combo.setCurrentText(name)

    def _part_chosen(self, name: str) -> None:
        if not name:
            return
        if self._parts_are_sheets:
            self._load(sheet=name)
        else:
            self._load(layer=name)

    def _fill_columns(self, preview: InventoryPreview) -> None:
        self._combos = []
        table = self.columns_table
        table.setRowCount(0)
        for k, header in enumerate(preview.headers):
            table.insertRow(k)
            table.setItem(k, self.HEADER, QTableWidgetItem(header))
            combo = QComboBox()
            combo.addItem(inventory_field_label(IGNORED), IGNORED)
            for field in FIELDS:
                combo.addItem(inventory_field_label(field), field)
            combo.setCurrentIndex(max(combo.findData(preview.columns.get(header) or IGNORED), 0))
            combo.currentIndexChanged.connect(self._refresh)
            table.setCellWidget(k, self.FIELD, combo)
            first = next((r[k] for r in preview.rows if k < len(r) and r[k]), "")
            table.setItem(k, self.EXAMPLE, QTableWidgetItem(first))
            self._combos.append(combo)
        table.resizeColumnsToContents()
        if self._combos:
            # a cell widget does not size its column: make room for the longest field name
            combo = self._combos[0]
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            table.setColumnWidth(self.FIELD, combo.sizeHint().width() + 8)

    # ------------------------------------------------------------------ mapping
    def set_field(self, header: str, field: str) -> None:
        """Map ``header`` to ``field`` (``"-"``: do not read it), as choosing in its combo."""
        if self.preview is None:
            raise ValueError(f"{self.path.name} could not be read")
        k = self.preview.headers.index(header)
        self._combos[k].setCurrentIndex(self._combos[k].findData(field))

    def field_of(self, header: str) -> str:
        """The field ``header`` is mapped to (``"-"``: not read)."""
        if self.preview is None:
            return IGNORED
        return str(self._combos[self.preview.headers.index(header)].currentData())

    def mapping(self) -> dict[str, str]:
        """Header → field for every named column (``"-"`` for those not read)."""
        if self.preview is None:
            return {}
        return {
            header: str(combo.currentData())
            for header, combo in zip(self.preview.headers, self._combos, strict=True)
            if header
        }

    def problem(self) -> str:
        """Why this file cannot be read as mapped, or ``""``."""
        if self.preview is None:
            return self.error or self.tr("The file could not be read.")
        chosen = [f for f in self.mapping().values() if f != IGNORED]
        twice = sorted({f for f in chosen if chosen.count(f) > 1})
        if twice:
            return self.tr("More than one column is read as: %1").replace(
                "%1", ", ".join(inventory_field_label(f) for f in twice)
            )
        if ("lon" in chosen) != ("lat" in chosen):
            return self.tr("Longitude and latitude go together: map both or neither.")
        located = "lon" in chosen or self.preview.has_geometry
        if not (located or "device_id" in chosen or "pole_no" in chosen):
            return self.tr("Map a position (longitude and latitude), a device id or a pole no.")
        return ""

    def _refresh(self, *_: object) -> None:
        """Title the preview's columns by the fields chosen (the live preview)."""
        preview = self.preview
        if preview is None:
            return
        model = self.preview_model
        model.clear()
        model.setColumnCount(len(preview.headers))
        grey = QBrush(QColor("#9e9e9e"))
        for k, header in enumerate(preview.headers):
            field = str(self._combos[k].currentData())
            title = inventory_field_label(field) if field != IGNORED else f"({header})"
            item = QStandardItem(title)
            item.setToolTip(header)
            model.setHorizontalHeaderItem(k, item)
        for number, cells in zip(preview.row_numbers, preview.rows, strict=True):
            items = []
            for k in range(len(preview.headers)):
                cell = QStandardItem(cells[k] if k < len(cells) else "")
                if str(self._combos[k].currentData()) == IGNORED:
                    cell.setForeground(grey)  # shown, but not read
                items.append(cell)
            model.appendRow(items)
            model.setVerticalHeaderItem(model.rowCount() - 1, QStandardItem(str(number)))
        self.preview_view.resizeColumnsToContents()
        self._show_status()
        self.changed.emit()

    def preview_titles(self) -> list[str]:
        """The preview's column titles (the chosen fields)."""
        model = self.preview_model
        return [
            str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())
        ]

    def _show_status(self) -> None:
        problem = self.problem()
        if problem:
            self.status_label.setText(f"<span style='color:#b3261e'>{_escape(problem)}</span>")
            return
        preview = self.preview
        assert preview is not None
        text = self.tr("%1 of %2 columns read; the first %3 rows are shown.")
        read = sum(f != IGNORED for f in self.mapping().values())
        lines = [_escape(tr_format(text, read, len(preview.headers), len(preview.rows)))]
        unknown = self.unrecognised()
        if unknown:
            note = self.tr("Not recognised, not read: %1 — choose a field for any that holds one.")
            lines.append(_escape(tr_format(note, ", ".join(unknown))))
        lines.extend(_escape(n) for n in preview.notes)
        self.status_label.setText("<br>".join(lines))

    def unrecognised(self) -> list[str]:
        """Headers whose column was not recognised and is still not read."""
        if self.preview is None:
            return []
        return [
            header
            for header, field in self.mapping().items()
            if field == IGNORED and self.preview.columns.get(header) is None
        ]


class MappingPage(QWizardPage):
    """Page 2: one tab per file mapping its columns to fields, each with a live preview."""

    def __init__(self, files: FilesPage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Columns"))
        self.setSubTitle(
            self.tr(
                "Check which field each column holds. Recognised headers are chosen already; "
                "the preview is titled by the fields that will be read."
            )
        )
        self._files = files
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.editors: dict[Path, MappingEditor] = {}

    def initializePage(self) -> None:
        """One tab per file of page 1; a file already mapped keeps its choices."""
        paths = [path for path, _, _ in self._files.entries()]
        for path in list(self.editors):
            if path not in paths:
                self.editors.pop(path).deleteLater()
        self.tabs.clear()
        for path, role, _coords in self._files.entries():
            editor = self.editors.get(path)
            if editor is None:
                editor = MappingEditor(path)
                editor.changed.connect(self.completeChanged)
                self.editors[path] = editor
            self.tabs.addTab(editor, f"{path.name} ({role_label(role)})")
        self.completeChanged.emit()

    def editor(self, path: str | Path) -> MappingEditor:
        """The mapping of one file."""
        return self.editors[Path(path)]

    def isComplete(self) -> bool:
        """Every file can be read as mapped."""
        return bool(self.editors) and not any(e.problem() for e in self.editors.values())


# --- page 3: options and summary -----------------------------------------------------------------


class OptionsPage(QWizardPage):
    """Page 3: the survey date, the match distance, and what will be read."""

    def __init__(self, wizard: SurveyWizard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Survey"))
        self.setSubTitle(
            self.tr(
                "Deadlines count to the survey date; records closer than the match distance "
                "may be one device."
            )
        )
        self._wizard = wizard
        self.date_edit = QDateEdit(QDate.currentDate())
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.distance_spin = QDoubleSpinBox()
        self.distance_spin.setRange(1.0, 500.0)
        self.distance_spin.setDecimals(1)
        self.distance_spin.setValue(DEFAULT_MAX_DISTANCE_M)
        self.distance_spin.setSuffix(" m")
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        form = QFormLayout()
        form.addRow(self.tr("Survey date:"), self.date_edit)
        form.addRow(self.tr("Match distance:"), self.distance_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary_label, 1)

    def initializePage(self) -> None:
        """Sum up what will be read."""
        lines = []
        for spec in self._wizard.specs():
            mapped = sum(f != IGNORED for f in (spec.mapping or {}).values())
            part = spec.sheet or spec.layer
            text = self.tr("%1 — %2 (source “%3”), coordinates %4, %5 columns read")
            text = tr_format(
                text,
                spec.path.name + (f" [{part}]" if part else ""),
                role_label(spec.role),
                spec.source,
                coords_label(spec.coords),
                mapped,
            )
            lines.append(f"• {_escape(text)}")
        self.summary_label.setText("<br>".join(lines))

    def as_of(self) -> dt.date:
        """The survey date chosen."""
        return self.date_edit.date().toPython()

    def max_distance_m(self) -> float:
        """The match distance chosen, in metres."""
        return float(self.distance_spin.value())


# --- the wizard ----------------------------------------------------------------------------


class SurveyWizard(QWizard):
    """Import inventories: files, column mapping with preview, survey date and distance."""

    def __init__(self, parent: QWidget | None = None, *, start_dir: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import inventories"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.files_page = FilesPage(start_dir)
        self.mapping_page = MappingPage(self.files_page)
        self.options_page = OptionsPage(self)
        for page in (self.files_page, self.mapping_page, self.options_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Run survey"))
        self.resize(900, 640)

    def specs(self) -> list[SourceSpec]:
        """One spec per file, named as ``planner reconcile`` names its sources."""
        entries = self.files_page.entries()
        specs = source_specs([(role, path) for path, role, _ in entries])
        out = []
        for spec, (path, _role, coords) in zip(specs, entries, strict=True):
            editor = self.mapping_page.editors.get(path)
            mapping: Mapping[str, str] | None = editor.mapping() if editor is not None else None
            out.append(
                replace(
                    spec,
                    coords=coords,
                    mapping=mapping or None,
                    sheet=editor.sheet if editor is not None else None,
                    layer=editor.layer if editor is not None else None,
                )
            )
        return out

    def options(self) -> SurveyOptions:
        """What the controller runs."""
        return SurveyOptions(
            specs=tuple(self.specs()),
            as_of=self.options_page.as_of(),
            max_distance_m=self.options_page.max_distance_m(),
        )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
