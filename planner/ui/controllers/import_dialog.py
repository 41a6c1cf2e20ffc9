"""The dialog that asks what to import: file, layer, target layer, CRS and CSV columns.

It only collects choices and shows what the file holds (layers, CRS, first
rows): which file column fills which field, values given to every row, and
whether rows are added, replace the layer or update rows matched by id.
Reading and merging are :func:`planner.io.importers.import_file` (the
command line's ``planner import`` too), called with :meth:`ImportChoice.request`.
:class:`CrsField` is shared with the new-project dialog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyogrio
from pyproj import CRS
from pyproj.exceptions import CRSError as PyprojCrsError
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import PlannerError
from planner.core.project import require_metric_crs
from planner.core.schema import LAYERS, ROW_KEY, match_columns
from planner.io.importers import (
    IMPORT_MODES,
    SUPPORTED_SUFFIXES,
    ImportRequest,
    available_layers,
    check_import_options,
    default_crs_of,
    file_kind,
    read_csv_table,
    read_preview,
)
from planner.ui.text import tr_format

#: Rows shown in the preview table.
PREVIEW_ROWS = 5
#: Target layer proposed for each geometry type GDAL reports.
_TARGET_FOR_GEOMETRY = {
    "Point": "cameras",
    "MultiPoint": "cameras",
    "Polygon": "buildings",
    "MultiPolygon": "buildings",
    "LineString": "roads",
    "MultiLineString": "roads",
}


@dataclass(frozen=True)
class ImportChoice:
    """What the user chose to import; ``crs`` is None for OpenStreetMap files (always lon/lat)."""

    path: Path
    kind: str  # "vector" | "csv" | "osm"
    target: str  # project layer name; ignored for OpenStreetMap files
    layer: str | None = None
    crs: str | None = None
    lon_column: str | None = None
    lat_column: str | None = None
    shift: str | None = None  # "gcj02" / "bd09": Chinese map offset to undo
    where: str | None = None  # attribute filter (GIS files)
    mapping: Mapping[str, str] = field(default_factory=dict)  # file column -> field
    constants: Mapping[str, str] = field(default_factory=dict)  # field -> value for every row
    mode: str = "add"  # "add" | "replace" | "update"

    def request(self) -> ImportRequest:
        """What :func:`planner.io.importers.import_file` needs (OSM: every layer)."""
        return ImportRequest(
            path=self.path,
            target=None if self.kind == "osm" else self.target,
            layer=self.layer,
            where=self.where,
            crs=self.crs,
            shift=self.shift,
            lon_column=self.lon_column,
            lat_column=self.lat_column,
            mapping=dict(self.mapping),
            constants=dict(self.constants),
            mode=self.mode,
        )


def parse_crs(text: str, *, metric: bool = False) -> CRS:
    """``text`` (``EPSG:4549``, ``4549``, WKT, PROJ) as a CRS; ValueError saying why not.

    With ``metric`` the CRS must be projected in metres (a project CRS).
    """
    text = text.strip()
    if not text:
        raise ValueError("empty")
    try:
        crs = CRS.from_user_input(int(text) if text.isdigit() else text)
    except PyprojCrsError as exc:
        raise ValueError(str(exc).splitlines()[0]) from None
    if metric:
        try:
            require_metric_crs(crs, what="the project")
        except PlannerError as exc:
            raise ValueError(str(exc)) from None
    return crs


class CrsField(QWidget):
    """An EPSG/WKT text field that shows the CRS name, or why the text is not a CRS."""

    changed = Signal()

    def __init__(self, text: str = "", *, metric: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self._metric = metric
        self.edit = QLineEdit(text)
        self.edit.setPlaceholderText(self.tr("EPSG code, e.g. EPSG:4549"))
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addWidget(self.label)
        self.edit.textChanged.connect(self._validate)
        self._crs: CRS | None = None
        self._validate()

    def crs(self) -> CRS | None:
        """The CRS typed in, or None while the text is not a (suitable) CRS."""
        return self._crs

    def text(self) -> str:
        """The text as typed."""
        return self.edit.text().strip()

    def set_text(self, text: str) -> None:
        """Replace the text (the name label follows)."""
        self.edit.setText(text)

    def _validate(self) -> None:
        try:
            self._crs = parse_crs(self.edit.text(), metric=self._metric)
        except ValueError as exc:
            self._crs = None
            self.label.setText(
                self.tr("Type an EPSG code.")
                if not self.text()
                else tr_format(self.tr("Not usable: %1"), exc)
            )
        else:
            self.label.setText(self._crs.name)
        self.changed.emit()


class ImportDialog(QDialog):
    """Choose a file, its layer, the project layer to add it to, its CRS and CSV columns."""

    def __init__(self, parent: QWidget | None = None, *, path: str | Path | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import layer"))
        self._kind: str | None = None

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self.browse)
        path_row = QHBoxLayout()
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(browse)
        self.file_error = QLabel()
        self.file_error.setWordWrap(True)
        self.file_error.setStyleSheet("color: #b00020")
        self.layer_combo = QComboBox()
        self.target_combo = QComboBox()
        for name, label in self._target_labels().items():
            self.target_combo.addItem(label, name)
        self.crs_field = CrsField()
        self.shift_combo = QComboBox()
        self.shift_combo.addItem(self.tr("None (true WGS84 / CGCS2000)"), None)
        self.shift_combo.addItem(self.tr("GCJ-02 (AMap, Tencent maps)"), "gcj02")
        self.shift_combo.addItem(self.tr("BD-09 (Baidu maps)"), "bd09")
        self.shift_combo.setToolTip(
            self.tr("Chinese map apps store positions offset by about 500 m; the offset is undone")
        )
        self.lon_combo = QComboBox()
        self.lat_combo = QComboBox()
        self.where_edit = QLineEdit()
        self.where_edit.setPlaceholderText(self.tr("optional SQL filter, e.g. status = 'ok'"))
        self.mode_combo = QComboBox()
        for mode, label in self._mode_labels().items():
            self.mode_combo.addItem(label, mode)
        self.mapping_table = QTableWidget(0, 2)
        self.mapping_table.setHorizontalHeaderLabels(
            [self.tr("Column in the file"), self.tr("Field of the layer")]
        )
        self.mapping_table.horizontalHeader().setStretchLastSection(True)
        self.mapping_table.verticalHeader().setVisible(False)
        self.mapping_table.setMinimumHeight(120)
        self.constants_table = QTableWidget(0, 2)
        self.constants_table.setHorizontalHeaderLabels(
            [self.tr("Field"), self.tr("Value for every row")]
        )
        self.constants_table.horizontalHeader().setStretchLastSection(True)
        self.constants_table.verticalHeader().setVisible(False)
        self.constants_table.setMaximumHeight(110)
        add_constant = QPushButton(self.tr("Add value"))
        add_constant.clicked.connect(lambda: self.add_constant())
        remove_constant = QPushButton(self.tr("Remove value"))
        remove_constant.clicked.connect(self._remove_constant)
        constant_buttons = QHBoxLayout()
        constant_buttons.addWidget(add_constant)
        constant_buttons.addWidget(remove_constant)
        constant_buttons.addStretch(1)
        self.constants_box = QWidget()
        constants_layout = QVBoxLayout(self.constants_box)
        constants_layout.setContentsMargins(0, 0, 0, 0)
        constants_layout.addWidget(self.constants_table)
        constants_layout.addLayout(constant_buttons)
        self.options_error = QLabel()
        self.options_error.setWordWrap(True)
        self.options_error.setStyleSheet("color: #b00020")
        self._columns: list[str] = []
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.setMinimumHeight(150)
        self.osm_note = QLabel(
            self.tr(
                "An OpenStreetMap file fills every layer: cameras, buildings, roads and "
                "the zones derived from them."
            )
        )
        self.osm_note.setWordWrap(True)

        self.form = QFormLayout()
        self.form.addRow(self.tr("File:"), path_row)
        self.form.addRow("", self.file_error)
        self.form.addRow(self.tr("Layer in the file:"), self.layer_combo)
        self.form.addRow(self.tr("Add to project layer:"), self.target_combo)
        self.form.addRow(self.tr("Coordinates are in:"), self.crs_field)
        self.form.addRow(self.tr("Chinese map offset:"), self.shift_combo)
        self.form.addRow(self.tr("Longitude / x column:"), self.lon_combo)
        self.form.addRow(self.tr("Latitude / y column:"), self.lat_combo)
        self.form.addRow(self.tr("Only features where:"), self.where_edit)
        self.form.addRow(self.tr("Rows of the file:"), self.mode_combo)
        self.form.addRow(self.tr("Columns:"), self.mapping_table)
        self.form.addRow(self.tr("Same value for every row:"), self.constants_box)
        self.form.addRow("", self.options_error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Import"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.osm_note)
        layout.addWidget(QLabel(self.tr("First rows:")))
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.buttons)

        self.layer_combo.currentIndexChanged.connect(self._layer_changed)
        self.crs_field.changed.connect(self._update_ok)
        self.crs_field.changed.connect(self._update_shift)
        self.lon_combo.currentIndexChanged.connect(self._columns_changed)
        self.lat_combo.currentIndexChanged.connect(self._columns_changed)
        self.target_combo.currentIndexChanged.connect(self._target_changed)
        self.mode_combo.currentIndexChanged.connect(self._update_ok)
        self._show_for_kind(None)
        if path is not None:
            self.set_path(path)
        self.resize(660, 760)

    # ------------------------------------------------------------------ public
    def browse(self) -> None:
        """Ask for a file with the platform's file dialog."""
        patterns = " ".join(f"*{suffix}" for suffix in SUPPORTED_SUFFIXES)
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Import layer"),
            self.path_edit.text(),
            tr_format(self.tr("GIS files (%1);;All files (*)"), patterns),
        )
        if path:
            self.set_path(path)

    def set_path(self, path: str | Path) -> None:
        """Show what ``path`` holds and preselect layer, target, CRS and columns."""
        path = Path(path)
        self.path_edit.setText(str(path))
        self.file_error.clear()
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        self.layer_combo.blockSignals(False)
        self.lon_combo.clear()
        self.lat_combo.clear()
        self._columns = []
        self.mapping_table.setRowCount(0)
        self._fill_preview([], [])
        try:
            self._kind = file_kind(path)
            if self._kind == "csv":
                self._load_csv(path)
            elif self._kind == "vector":
                self._load_vector(path)
        except (PlannerError, OSError) as exc:
            self._kind = None
            self.file_error.setText(str(exc))
        self._show_for_kind(self._kind)

    def choice(self) -> ImportChoice:
        """What is chosen now (call after the dialog was accepted)."""
        crs = self.crs_field.crs()
        return ImportChoice(
            path=Path(self.path_edit.text()),
            kind=self._kind or "",
            target=self.target_combo.currentData(),
            layer=(self.layer_combo.currentText() or None) if self._kind == "vector" else None,
            crs=crs.to_string() if crs is not None and self._kind != "osm" else None,
            lon_column=(self.lon_combo.currentText() or None) if self._kind == "csv" else None,
            lat_column=(self.lat_combo.currentText() or None) if self._kind == "csv" else None,
            shift=self.shift_combo.currentData() if self.shift_combo.isEnabled() else None,
            where=(self.where_edit.text().strip() or None) if self._kind == "vector" else None,
            mapping=self.mapping() if self._kind != "osm" else {},
            constants=self.constants() if self._kind != "osm" else {},
            mode=self.mode_combo.currentData() if self._kind != "osm" else "add",
        )

    def mapping(self) -> dict[str, str]:
        """``{file column: field}`` for the columns read as a field spelt otherwise."""
        out = {}
        for row in range(self.mapping_table.rowCount()):
            column = self.mapping_table.item(row, 0).text()
            combo = self.mapping_table.cellWidget(row, 1)
            target = combo.currentData() if isinstance(combo, QComboBox) else None
            if target and target != column:
                out[column] = target
        return out

    def set_mapping(self, column: str, target: str | None) -> None:
        """Read ``column`` as the field ``target`` (None: by its own name)."""
        for row in range(self.mapping_table.rowCount()):
            if self.mapping_table.item(row, 0).text() == column:
                combo = self.mapping_table.cellWidget(row, 1)
                if isinstance(combo, QComboBox):
                    combo.setCurrentIndex(max(combo.findData(target), 0))

    def constants(self) -> dict[str, str]:
        """``{field: value}`` given to every imported row (rows with a field chosen)."""
        out = {}
        for row in range(self.constants_table.rowCount()):
            combo = self.constants_table.cellWidget(row, 0)
            edit = self.constants_table.cellWidget(row, 1)
            if isinstance(combo, QComboBox) and isinstance(edit, QLineEdit) and combo.currentData():
                out[combo.currentData()] = edit.text().strip()
        return out

    def add_constant(self, name: str | None = None, value: str = "") -> None:
        """Add a row to the constants table (a field and the value every row gets)."""
        row = self.constants_table.rowCount()
        self.constants_table.insertRow(row)
        combo = QComboBox()
        self._fill_fields(combo, self.tr("(choose a field)"))
        combo.setCurrentIndex(max(combo.findData(name), 0))
        edit = QLineEdit(value)
        combo.currentIndexChanged.connect(self._update_ok)
        edit.textChanged.connect(self._update_ok)
        self.constants_table.setCellWidget(row, 0, combo)
        self.constants_table.setCellWidget(row, 1, edit)
        self._update_ok()

    def options_problem(self) -> str:
        """Why the mapping, values or mode cannot be used ('' when they can)."""
        if self._kind not in ("vector", "csv"):
            return ""
        try:
            check_import_options(
                self.target_combo.currentData(),
                self.mapping(),
                self.constants(),
                self.mode_combo.currentData(),
            )
        except PlannerError as exc:
            return str(exc)
        return ""

    def _update_shift(self) -> None:
        # an offset applies to longitude/latitude only, never to projected metres
        crs = self.crs_field.crs()
        self.shift_combo.setEnabled(crs is not None and crs.is_geographic)
        if not self.shift_combo.isEnabled():
            self.shift_combo.setCurrentIndex(0)

    def is_complete(self) -> bool:
        """Whether everything needed to import is chosen and valid."""
        if self._kind == "osm":
            return True
        if self._kind is None or self.crs_field.crs() is None:
            return False
        if self.options_problem():
            return False
        if self._kind == "csv":
            return bool(self.lon_combo.currentText() and self.lat_combo.currentText())
        return bool(self.layer_combo.currentText())

    # ------------------------------------------------------------------ internals
    def _target_labels(self) -> dict[str, str]:
        labels = {
            "cameras": self.tr("Cameras"),
            "zones": self.tr("Mandatory zones"),
            "buildings": self.tr("Buildings"),
            "private_areas": self.tr("Private areas"),
            "roads": self.tr("Roads"),
        }
        return {name: labels.get(name, name) for name in LAYERS}

    def _mode_labels(self) -> dict[str, str]:
        labels = {
            "add": self.tr("Add to the layer (ids already there are left out)"),
            "replace": self.tr("Replace the layer's rows"),
            "update": self.tr("Update rows with the same id (only the fields given)"),
        }
        return {mode: labels[mode] for mode in IMPORT_MODES}

    def _fill_fields(self, combo: QComboBox, empty: str) -> None:
        """Offer the target layer's fields in ``combo`` (first item: ``empty``, data None)."""
        spec = LAYERS.get(self.target_combo.currentData() or "")
        combo.clear()
        combo.addItem(empty, None)
        for name in spec.field_names if spec is not None else ():
            combo.addItem(name, name)

    def _fill_mapping(self) -> None:
        """One row per file column (not the coordinates), its field preselected by name."""
        chosen = self.mapping()
        coordinates = {self.lon_combo.currentText(), self.lat_combo.currentText()}
        columns = [c for c in self._columns if c and c not in coordinates and c != ROW_KEY]
        spec = LAYERS.get(self.target_combo.currentData() or "")
        spelt = match_columns(columns, spec) if spec is not None else {}
        self.mapping_table.setRowCount(0)
        for column in columns:
            row = self.mapping_table.rowCount()
            self.mapping_table.insertRow(row)
            item = QTableWidgetItem(column)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.mapping_table.setItem(row, 0, item)
            combo = QComboBox()
            self._fill_fields(combo, self.tr("(its own column)"))
            guess = chosen.get(column) or spelt.get(column) or column
            combo.setCurrentIndex(max(combo.findData(guess), 0))
            combo.currentIndexChanged.connect(self._update_ok)
            self.mapping_table.setCellWidget(row, 1, combo)

    def _target_changed(self) -> None:
        spec = LAYERS.get(self.target_combo.currentData() or "")
        has_ids = spec is not None and spec.id_field is not None
        update = self.mode_combo.model().item(self.mode_combo.findData("update"))
        if update is not None:
            update.setEnabled(has_ids)
        if self.mode_combo.currentData() == "update" and not has_ids:
            self.mode_combo.setCurrentIndex(self.mode_combo.findData("add"))
        constants = self.constants()
        self._fill_mapping()
        self.constants_table.setRowCount(0)
        for name, value in constants.items():
            if spec is not None and name in spec.field_names:
                self.add_constant(name, value)
        self._update_ok()

    def _columns_changed(self) -> None:
        self._fill_mapping()
        self._update_ok()

    def _remove_constant(self) -> None:
        row = self.constants_table.currentRow()
        row = row if row >= 0 else self.constants_table.rowCount() - 1
        if row >= 0:
            self.constants_table.removeRow(row)
        self._update_ok()

    def _load_csv(self, path: Path) -> None:
        table = read_csv_table(path)
        lon, lat = table.coordinate_columns
        for combo, guess in ((self.lon_combo, lon), (self.lat_combo, lat)):
            combo.addItem("")
            combo.addItems(list(table.headers))
            combo.setCurrentText(guess or "")
        if lon is None or lat is None:
            self.file_error.setText(
                self.tr("No longitude/latitude columns recognised; choose them below.")
            )
        self._set_target("cameras")
        self.crs_field.set_text(default_crs_of(path) or "")
        rows = [list(r) for r in table.rows[:PREVIEW_ROWS]]
        self._fill_preview(list(table.headers), rows)
        self._columns = list(table.headers)
        self._fill_mapping()

    def _load_vector(self, path: Path) -> None:
        layers = available_layers(path)
        if not layers:
            raise PlannerError(self.tr("The file has no layer with geometry."))
        self.layer_combo.blockSignals(True)
        self.layer_combo.addItems(list(layers))
        self.layer_combo.blockSignals(False)
        self._layer_changed()

    def _layer_changed(self) -> None:
        if self._kind != "vector" and not self.layer_combo.count():
            return
        path = Path(self.path_edit.text())
        layer = self.layer_combo.currentText()
        try:
            self.crs_field.set_text(default_crs_of(path, layer=layer) or "")
            geometry = str(dict(pyogrio.list_layers(path)).get(layer)).split(" ")[0]
            self._set_target(_TARGET_FOR_GEOMETRY.get(geometry, "buildings"))
            frame = read_preview(path, layer=layer, rows=PREVIEW_ROWS)
        except (
            PlannerError,
            OSError,
            pyogrio.errors.DataSourceError,
            pyogrio.errors.DataLayerError,
        ) as exc:
            self.file_error.setText(str(exc))
            return
        headers = [str(c) for c in frame.columns]
        rows = [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False)]
        self._fill_preview(headers, rows)
        self._columns = headers
        self._fill_mapping()
        if not self.crs_field.text():
            self.file_error.setText(
                self.tr("The file declares no CRS: type the one its coordinates are in.")
            )
        self._update_ok()

    def _set_target(self, name: str) -> None:
        index = self.target_combo.findData(name)
        if index >= 0:
            self.target_combo.setCurrentIndex(index)

    def _fill_preview(self, headers: list[str], rows: list[list[str]]) -> None:
        self.preview.clear()
        self.preview.setColumnCount(len(headers))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(rows):
            for c, value in enumerate(row[: len(headers)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))

    def _show_for_kind(self, kind: str | None) -> None:
        """Show only the fields that apply to this kind of file."""
        for widget, shown in (
            (self.layer_combo, kind == "vector"),
            (self.target_combo, kind in ("vector", "csv")),
            (self.crs_field, kind in ("vector", "csv")),
            (self.shift_combo, kind in ("vector", "csv")),
            (self.lon_combo, kind == "csv"),
            (self.lat_combo, kind == "csv"),
            (self.where_edit, kind == "vector"),
            (self.mode_combo, kind in ("vector", "csv")),
            (self.mapping_table, kind in ("vector", "csv")),
            (self.constants_box, kind in ("vector", "csv")),
            (self.options_error, kind in ("vector", "csv")),
        ):
            self.form.setRowVisible(widget, shown)
        self.layer_combo.setEnabled(self.layer_combo.count() > 1)
        self.osm_note.setVisible(kind == "osm")
        self._update_shift()
        self._update_ok()

    def _update_ok(self) -> None:
        self.options_error.setText(self.options_problem())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self.is_complete())
