"""The camera properties panel: a form for the selected camera, built from the schema.

One editor per field of :data:`planner.core.schema.CAMERAS`, chosen by the
field's kind (text, real, integer, date, boolean, or a list of allowed
values), with its unit, range and description. Every field can be left empty
where the schema allows it (empty means "unknown"; the engine then assumes a
value and says so). A committed value becomes ``document.edit_camera`` — one
undo command; a value the document or the engine refuses is shown in red,
naming the field, and the editor goes back to the camera's value.

Below the form, what the engine computed for the camera: whether it counts for
coverage, its range at each DORI level, the values it assumed, and whether it
stands inside a building. With several cameras selected the panel says how
many and shows no form (editing several at once is left to the table view).
"""

from __future__ import annotations

import math
from typing import Any

import geopandas as gpd
from PySide6.QtCore import QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from planner.core.errors import CameraError
from planner.core.schema import CAMERAS, FieldSpec
from planner.core.views import camera_parameters
from planner.ui.document import ProjectDocument
from planner.ui.labels import (
    LEVELS_FINEST_FIRST,
    field_label,
    level_label,
    unit_label,
    value_label,
)
from planner.ui.retranslate import LanguageAware
from planner.ui.text import tr_format

#: Decimals shown per unit (positions to the centimetre, angles to a tenth of a degree).
_DECIMALS = {"m": 2, "degree": 1}
#: Upper bound for a number the schema leaves open (a spin box needs one).
_OPEN_MAXIMUM = 1_000_000.0
#: Shown in a number field left empty.
EMPTY_TEXT = "—"
#: Extra fields of the form besides the schema's: the position.
POSITION_FIELDS = ("x", "y")


# ---------------------------------------------------------------------- editors
class _OptionalDoubleSpinBox(QDoubleSpinBox):
    """A spin box whose lowest value, one step below the field's minimum, means empty.

    It shows :data:`EMPTY_TEXT` then; deleting the text also empties it.
    """

    def validate(self, text: str, pos: int) -> object:
        """Empty text (the suffix aside) is acceptable: it means no value."""
        if _bare(self, text) == "":
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:
        """Empty text is the lowest value, i.e. empty."""
        if _bare(self, text) == "":
            return self.minimum()
        return super().valueFromText(text)


class _OptionalSpinBox(QSpinBox):
    """The integer counterpart of :class:`_OptionalDoubleSpinBox`."""

    def validate(self, text: str, pos: int) -> object:
        """Empty text (the suffix aside) is acceptable: it means no value."""
        if _bare(self, text) == "":
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> int:
        """Empty text is the lowest value, i.e. empty."""
        if _bare(self, text) == "":
            return self.minimum()
        return super().valueFromText(text)


def _bare(box: QSpinBox | QDoubleSpinBox, text: str) -> str:
    """``text`` without the box's prefix and suffix, stripped."""
    text = text.strip()
    for affix in (box.prefix().strip(), box.suffix().strip()):
        if affix:
            text = text.removeprefix(affix).removesuffix(affix).strip()
    return "" if text == EMPTY_TEXT else text


class FieldEditor(QObject):
    """One field's editor widget: shows a value, gives back the edited one.

    ``committed`` is emitted when the user finishes an edit (Enter, focus
    leaving, a choice in a list, a click on a check box) — never by
    :meth:`set_value`.
    """

    committed = Signal(str)  # field name

    def __init__(self, name: str, widget: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.widget = widget
        self._clean_text: str | None = None

    def set_value(self, value: Any) -> None:
        """Show ``value`` (None: empty) without emitting anything."""
        with QSignalBlocker(self.widget):
            self._set(value)
        self._clean_text = self._typed_text()

    def value(self) -> Any:
        """The value shown, as ``edit_camera`` takes it (None: empty)."""
        raise NotImplementedError

    def retranslate(self) -> None:
        """Name the editor's texts again in the interface language (its panel calls it)."""

    def is_editing(self) -> bool:
        """Whether the user is typing in it: it has the focus and text not yet committed."""
        focus = QApplication.focusWidget()
        focused = focus is not None and (focus is self.widget or self.widget.isAncestorOf(focus))
        return focused and self._typed_text() != self._clean_text

    def _typed_text(self) -> str | None:
        """The text typed in the editor; None for editors that commit on every click."""
        line = self.widget.lineEdit() if hasattr(self.widget, "lineEdit") else self.widget
        return line.text() if isinstance(line, QLineEdit) else None

    def _set(self, value: Any) -> None:
        raise NotImplementedError

    def _emit(self, *_args: Any) -> None:
        self.committed.emit(self.name)


class _TextEditor(FieldEditor):
    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(name, QLineEdit(), parent)
        self.widget.editingFinished.connect(self._emit)

    def _set(self, value: Any) -> None:
        self.widget.setText("" if value is None else str(value))
        self.widget.setCursorPosition(0)

    def value(self) -> str | None:
        return self.widget.text().strip() or None


class _DateEditor(_TextEditor):
    """Free text checked by the document, so a wrong date gets a message, not a silent no."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(name, parent)
        self.widget.setMaxLength(10)
        self.retranslate()

    def retranslate(self) -> None:
        """The placeholder showing the date format."""
        self.widget.setPlaceholderText(self.tr("YYYY-MM-DD"))


class _ChoiceEditor(FieldEditor):
    def __init__(self, spec: FieldSpec, parent: QObject | None = None) -> None:
        super().__init__(spec.name, QComboBox(), parent)
        for value in spec.allowed or ():
            self.widget.addItem("", value)
        self.retranslate()
        self.widget.currentIndexChanged.connect(self._emit)

    def retranslate(self) -> None:
        """Name each allowed value again; the choice stays."""
        for index in range(self.widget.count()):
            value = self.widget.itemData(index)
            self.widget.setItemText(index, value_label(self.name, value))

    def _set(self, value: Any) -> None:
        self.widget.setCurrentIndex(self.widget.findData(value))

    def value(self) -> str | None:
        return self.widget.currentData()


class _BooleanEditor(FieldEditor):
    """Tri-state: ticked yes, unticked no, the middle state unknown."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(name, QCheckBox(), parent)
        self.widget.setTristate(True)
        # checkStateChanged from Qt 6.7; stateChanged (an int) before it
        changed = getattr(self.widget, "checkStateChanged", None) or self.widget.stateChanged
        changed.connect(self._on_state)

    def _on_state(self, _state: Qt.CheckState | int) -> None:
        self._describe()
        self._emit()

    def _set(self, value: Any) -> None:
        states = {True: Qt.CheckState.Checked, False: Qt.CheckState.Unchecked}
        self.widget.setCheckState(states.get(value, Qt.CheckState.PartiallyChecked))
        self._describe()

    def retranslate(self) -> None:
        """Say the state again: yes, no or unknown."""
        self._describe()

    def _describe(self) -> None:
        value = self.value()
        texts = {True: self.tr("Yes"), False: self.tr("No"), None: self.tr("Unknown")}
        self.widget.setText(texts[value])

    def value(self) -> bool | None:
        state = self.widget.checkState()
        if state == Qt.CheckState.PartiallyChecked:
            return None
        return state == Qt.CheckState.Checked


class _NumberEditor(FieldEditor):
    """A spin box with the field's range and unit; optional fields can be emptied."""

    def __init__(
        self,
        name: str,
        *,
        integer: bool,
        minimum: float,
        maximum: float,
        unit: str,
        optional: bool,
        parent: QObject | None = None,
    ) -> None:
        decimals = 0 if integer else _DECIMALS.get(unit, 2)
        step = 1.0 if integer else 10.0**-decimals
        if integer:
            box: QSpinBox | QDoubleSpinBox = _OptionalSpinBox() if optional else QSpinBox()
            box.setRange(int(minimum - step if optional else minimum), int(maximum))
        else:
            box = _OptionalDoubleSpinBox() if optional else QDoubleSpinBox()
            box.setDecimals(decimals)
            box.setRange(minimum - step if optional else minimum, maximum)
        if optional:
            box.setSpecialValueText(EMPTY_TEXT)
        box.setKeyboardTracking(False)
        box.setAccelerated(True)
        box.setAlignment(Qt.AlignmentFlag.AlignRight)
        super().__init__(name, box, parent)
        self._optional = optional
        self._integer = integer
        self._unit = unit
        self.retranslate()
        box.editingFinished.connect(self._emit)

    def retranslate(self) -> None:
        """The unit's symbol after the number."""
        symbol = unit_label(self._unit)
        suffix = "" if not symbol else symbol if symbol == "°" else f" {symbol}"
        if self.widget.suffix() != suffix:
            with QSignalBlocker(self.widget):
                self.widget.setSuffix(suffix)

    def _set(self, value: Any) -> None:
        box = self.widget
        if value is None or (isinstance(value, float) and math.isnan(value)):
            box.setValue(box.minimum())
        else:
            box.setValue(int(value) if self._integer else float(value))

    def value(self) -> float | int | None:
        box = self.widget
        if self._optional and box.value() == box.minimum():
            return None
        return int(box.value()) if self._integer else float(box.value())


def make_editor(spec: FieldSpec, parent: QObject | None = None) -> FieldEditor:
    """The editor for a schema field, chosen by its kind and allowed values."""
    if spec.allowed is not None:
        return _ChoiceEditor(spec, parent)
    if spec.kind in ("real", "integer"):
        return _NumberEditor(
            spec.name,
            integer=spec.kind == "integer",
            minimum=spec.minimum if spec.minimum is not None else -_OPEN_MAXIMUM,
            maximum=spec.maximum if spec.maximum is not None else _OPEN_MAXIMUM,
            unit=spec.unit,
            optional=not spec.required,
            parent=parent,
        )
    if spec.kind == "date":
        return _DateEditor(spec.name, parent)
    if spec.kind == "boolean":
        return _BooleanEditor(spec.name, parent)
    return _TextEditor(spec.name, parent)


def _position_editor(name: str, parent: QObject | None = None) -> FieldEditor:
    return _NumberEditor(
        name,
        integer=False,
        minimum=-1e9,
        maximum=1e9,
        unit="m",
        optional=False,
        parent=parent,
    )


# ---------------------------------------------------------------------- view
class _CameraPanelView(LanguageAware, QWidget):
    """Layout of the camera panel: a message page and a form page. No behaviour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message_label = QLabel()
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setWordWrap(True)
        self.message_label.setEnabled(False)

        self.title_label = QLabel()
        font = self.title_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.setStyleSheet(
            "QLabel { color: #b3261e; background: #fbe4e2; border: 1px solid #e6b3ae;"
            " border-radius: 3px; padding: 4px; }"
        )
        self.error_label.hide()

        self.editors: dict[str, FieldEditor] = {}
        #: The caption of each field's row, by field name.
        self.field_labels: dict[str, QLabel] = {}
        self.form_box = QGroupBox()
        self.form = QFormLayout(self.form_box)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for spec in CAMERAS.fields:
            editor = make_editor(spec, self)
            if spec.name == CAMERAS.id_field:
                # edit_camera(camera_id, **fields) cannot take a new camera_id as a keyword
                editor.widget.setReadOnly(True)
            self._add_row(editor)
        for name in POSITION_FIELDS:
            self._add_row(_position_editor(name, self))

        self.facts_box = QGroupBox()
        self.facts = QFormLayout(self.facts_box)
        self.working_label = QLabel()
        self.inside_label = QLabel()
        self.inside_label.setWordWrap(True)
        self.range_labels: dict[str, QLabel] = {}
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        #: The caption of each computed fact's row: "working", each level, "inside", "notes".
        self.fact_labels: dict[str, QLabel] = {}
        self._add_fact("working", self.working_label)
        for level in LEVELS_FINEST_FIRST:
            label = QLabel()
            self.range_labels[level] = label
            self._add_fact(level, label)
        self._add_fact("inside", self.inside_label)
        self._add_fact("notes", self.notes_label)

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.addWidget(self.title_label)
        page_layout.addWidget(self.error_label)
        page_layout.addWidget(self.form_box)
        page_layout.addWidget(self.facts_box)
        page_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(page)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.message_label)
        self.pages.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        _CameraPanelView.retranslate(self)

    def retranslate(self) -> None:
        """Name the form's and the facts' rows in the interface language."""
        self.form_box.setTitle(self.tr("Properties"))
        for name, editor in self.editors.items():
            if name in POSITION_FIELDS:
                description = self.tr("Position in the project's coordinate system, metres.")
            else:
                description = CAMERAS.field(name).description
            label = self.field_labels[name]
            label.setText(field_label(name))
            label.setToolTip(description)
            editor.widget.setToolTip(description)
            editor.retranslate()
        self.facts_box.setTitle(self.tr("Computed"))
        self.fact_labels["working"].setText(self.tr("Counts for coverage"))
        for level in LEVELS_FINEST_FIRST:
            self.fact_labels[level].setText(tr_format(self.tr("%1 range"), level_label(level)))
        self.fact_labels["inside"].setText(self.tr("Inside a building"))
        self.fact_labels["notes"].setText(self.tr("Assumed values"))

    def _add_row(self, editor: FieldEditor) -> None:
        label = QLabel()
        label.setBuddy(editor.widget)
        editor.widget.setObjectName(f"field_{editor.name}")
        self.form.addRow(label, editor.widget)
        self.field_labels[editor.name] = label
        self.editors[editor.name] = editor

    def _add_fact(self, key: str, value: QLabel) -> None:
        label = QLabel()
        label.setBuddy(value)
        self.facts.addRow(label, value)
        self.fact_labels[key] = label


# ---------------------------------------------------------------------- controller
class CameraPanel(_CameraPanelView):
    """Properties of the selected camera; edits become undoable document edits.

    Follows ``document.selectionChanged`` (one camera: its form; several: how
    many; none: a hint) and ``camerasChanged`` for the camera shown (a drag
    updates its position and bearing live, except in the field being typed in).
    """

    def __init__(self, document: ProjectDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._camera_id: str | None = None
        self._shown: dict[str, Any] = {}
        self._error: CameraError | None = None
        for editor in self.editors.values():
            editor.committed.connect(self._commit)
        document.selectionChanged.connect(self._on_selection_changed)
        document.camerasChanged.connect(self._on_cameras_changed)
        document.projectReplaced.connect(self._on_selection_changed)
        self._on_selection_changed()
        self.retranslate()

    def retranslate(self) -> None:
        """Name the form again, and say again what is shown: the message, camera or error."""
        super().retranslate()
        self._show_message()
        self._show_camera(keep_editing=True)
        if self._error is not None:
            self._show_error(self._error)

    @property
    def camera_id(self) -> str | None:
        """The camera whose form is shown, if exactly one is selected."""
        return self._camera_id

    def error_text(self) -> str:
        """The error shown for the last refused edit, empty if none."""
        return self.error_label.text() if not self.error_label.isHidden() else ""

    # ------------------------------------------------------------------ document → panel
    def _on_selection_changed(self) -> None:
        document = self._document
        selected = document.selected_cameras if document.is_open else ()
        camera_id = selected[0] if len(selected) == 1 else None
        if camera_id != self._camera_id:
            self._clear_error()
        self._camera_id = camera_id
        if camera_id is None:
            self._show_message()
            self.pages.setCurrentIndex(0)
            return
        self.pages.setCurrentIndex(1)
        self._show_camera(keep_editing=False)

    def _show_message(self) -> None:
        """Say why no form is shown: several cameras are selected, or none."""
        document = self._document
        selected = document.selected_cameras if document.is_open else ()
        if len(selected) > 1:
            text = self.tr("%n cameras selected", "", len(selected))
            text += "\n" + self.tr("Select one camera to see and edit its properties.")
        else:
            text = self.tr("No camera selected.\nClick a camera on the map.")
        self.message_label.setText(text)

    def _on_cameras_changed(self, camera_ids: tuple[str, ...]) -> None:
        shown = self._camera_id
        if shown is not None and shown in camera_ids and shown in self._document.camera_ids():
            self._show_camera(keep_editing=True)

    def _show_camera(self, *, keep_editing: bool) -> None:
        """Fill the form and the facts; with ``keep_editing`` skip the field being typed in."""
        camera_id = self._camera_id
        if camera_id is None:
            return
        values = self._document.camera(camera_id)
        self.title_label.setText(tr_format(self.tr("Camera %1"), camera_id))
        for name, editor in self.editors.items():
            if keep_editing and editor.is_editing():
                continue
            self._show_field(name, values.get(name))
        self._show_facts(camera_id, values)

    def _show_field(self, name: str, value: Any) -> None:
        editor = self.editors[name]
        editor.set_value(value)
        self._shown[name] = editor.value()

    def _show_facts(self, camera_id: str, values: dict[str, Any]) -> None:
        state = self._document.state
        row = None if state is None else state.views.index.get(camera_id)
        if state is None or row is None:
            for label in (self.working_label, self.inside_label, self.notes_label):
                label.setText(EMPTY_TEXT)
            for label in self.range_labels.values():
                label.setText(EMPTY_TEXT)
            return
        views = state.views
        if bool(views.working[row]):
            self.working_label.setText(self.tr("Yes"))
        else:
            status = value_label("status", str(values.get("status")))
            self.working_label.setText(tr_format(self.tr("No (status: %1)"), status))
        for level, label in self.range_labels.items():
            metres = float(views.ranges[level][row])
            label.setText(EMPTY_TEXT if not math.isfinite(metres) else f"{metres:,.1f} m")
        if int(views.inside_building[row]) >= 0:
            self.inside_label.setText(self.tr("Yes — treated as mounted on the building's façade"))
        else:
            self.inside_label.setText(self.tr("No"))
        notes = tuple(views.notes[row])
        self.notes_label.setText("\n".join(f"• {n}" for n in notes) if notes else self.tr("None"))

    # ------------------------------------------------------------------ panel → document
    def _commit(self, name: str) -> None:
        camera_id = self._camera_id
        if camera_id is None:
            return
        value = self.editors[name].value()
        if value == self._shown.get(name):
            # nothing typed: catch up with changes skipped while it had the focus
            self._show_field(name, self._document.camera(camera_id).get(name))
            return
        stack = self._document.undo_stack
        index = stack.index()
        try:
            _check_with_engine(self._document, camera_id, name, value)
            self._document.edit_camera(camera_id, **{name: value})
        except CameraError as error:
            if stack.index() > index:
                # the document recorded a change the engine then refused: take it back
                stack.undo()
            self._show_error(error)
            if self._camera_id == camera_id:
                self._show_field(name, self._document.camera(camera_id).get(name))
            return
        self._clear_error()
        if self._camera_id == camera_id:
            self._show_field(name, self._document.camera(camera_id).get(name))

    def _show_error(self, error: CameraError) -> None:
        self._error = error
        field = field_label(error.field) if error.field else self.tr("Camera")
        self.error_label.setText(tr_format(self.tr("%1: %2 — not changed."), field, error.detail))
        self.error_label.show()

    def _clear_error(self) -> None:
        self._error = None
        self.error_label.clear()
        self.error_label.hide()


def _check_with_engine(document: ProjectDocument, camera_id: str, name: str, value: Any) -> None:
    """Raise the engine's CameraError for a value the schema allows but no camera can have.

    For example a 200° field of view on a fixed (rectilinear) camera: the
    schema's range allows it, the view computation does not.
    """
    if name in ("camera_id", "x", "y") or name not in CAMERAS.field_names:
        return
    row = {**document.camera(camera_id), name: value}
    frame = gpd.GeoDataFrame(
        {field: [row.get(field)] for field in CAMERAS.field_names},
        geometry=gpd.points_from_xy([row["x"]], [row["y"]]),
    )
    try:
        camera_parameters(frame)
    except CameraError as error:
        field = error.field or name
        raise CameraError(error.detail, layer="cameras", row=camera_id, field=field) from None
    except (TypeError, ValueError):
        return  # a badly typed value: the document's validation says which field
