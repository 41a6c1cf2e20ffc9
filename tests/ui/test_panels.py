"""Dock panels against the real sample project: zone table, layers, camera properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest

from planner.ui.document import ProjectDocument
from planner.ui.panels.camera_panel import EMPTY_TEXT, CameraPanel
from planner.ui.panels.layers_panel import LayerPanel
from planner.ui.panels.zones_panel import SORT_ROLE, ZONE_ID_ROLE, ZonePanel, ZoneTableModel

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


@pytest.fixture
def zone_panel(qtbot, document: ProjectDocument) -> ZonePanel:
    panel = ZonePanel(document)
    qtbot.addWidget(panel)
    panel.resize(720, 520)
    panel.show()
    return panel


def _column(panel: ZonePanel, column: int, role: int = SORT_ROLE) -> list:
    proxy = panel.proxy
    return [proxy.index(r, column).data(role) for r in range(proxy.rowCount())]


def _coverage_by_zone(panel: ZonePanel) -> dict[str, float]:
    model = panel.model
    return {
        model.index(r, 0).data(ZONE_ID_ROLE): model.index(r, ZoneTableModel.COVERAGE).data(
            SORT_ROLE
        )
        for r in range(model.rowCount())
    }


def _select_row_of(panel: ZonePanel, zone_id: str) -> None:
    proxy = panel.proxy
    row = next(
        r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(ZONE_ID_ROLE) == zone_id
    )
    panel.table_view.selectionModel().setCurrentIndex(
        proxy.index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def _selected_zone(panel: ZonePanel) -> str | None:
    rows = panel.table_view.selectionModel().selectedRows()
    return rows[0].data(ZONE_ID_ROLE) if rows else None


# ---------------------------------------------------------------------- zone panel
def test_one_row_per_zone_with_the_state_fraction(zone_panel, document) -> None:
    state = document.state
    assert zone_panel.model.rowCount() == len(state.zones)
    expected = dict(zip(state.targets.zone_id, state.fraction, strict=True))
    assert _coverage_by_zone(zone_panel) == pytest.approx(expected)


def test_chinese_names_are_shown(zone_panel, document) -> None:
    names = set(_column(zone_panel, ZoneTableModel.NAME, Qt.ItemDataRole.DisplayRole))
    assert set(document.state.zones["name"]) <= names
    assert "海川路安平路路口" in names


def test_sorting_by_coverage_is_numeric(zone_panel) -> None:
    zone_panel.table_view.sortByColumn(ZoneTableModel.COVERAGE, Qt.SortOrder.AscendingOrder)
    values = _column(zone_panel, ZoneTableModel.COVERAGE)
    assert all(isinstance(v, float) for v in values)
    assert values == sorted(values)
    zone_panel.table_view.sortByColumn(ZoneTableModel.COVERAGE, Qt.SortOrder.DescendingOrder)
    assert _column(zone_panel, ZoneTableModel.COVERAGE) == sorted(values, reverse=True)


def test_failing_only_keeps_exactly_the_failing_zones(zone_panel, document) -> None:
    state = document.state
    failing = set(state.targets.zone_id[state.mandatory & ~state.passed])
    assert failing  # the sample has failing zones
    # the fire lane Z03 is below its target but advisory under Qingdao: it does not fail
    assert "Z03" not in failing and not state.passed[list(state.targets.zone_id).index("Z03")]
    zone_panel.failing_check.setChecked(True)
    assert set(_column(zone_panel, 0, ZONE_ID_ROLE)) == failing
    zone_panel.failing_check.setChecked(False)
    assert zone_panel.proxy.rowCount() == len(document.state.zones)


def test_text_and_category_filters(zone_panel) -> None:
    zone_panel.filter_edit.setText("路口")
    assert _column(zone_panel, 0, ZONE_ID_ROLE) == ["Z06"]
    zone_panel.filter_edit.setText("z0")  # ids, any case
    assert zone_panel.proxy.rowCount() == 6
    zone_panel.filter_edit.setText("fire")  # category
    assert _column(zone_panel, 0, ZONE_ID_ROLE) == ["Z03"]
    zone_panel.filter_edit.clear()
    combo = zone_panel.category_combo
    combo.setCurrentIndex(combo.findData("estate_entrance"))
    assert sorted(_column(zone_panel, 0, ZONE_ID_ROLE)) == ["Z01", "Z02"]


def test_selecting_a_row_selects_the_zone_and_back(zone_panel, document, qtbot) -> None:
    with qtbot.waitSignal(document.selectionChanged):
        _select_row_of(zone_panel, "Z04")
    assert document.selected_zone == "Z04"
    document.select_zone("Z02")
    assert _selected_zone(zone_panel) == "Z02"
    document.select_cameras(["C01"])
    assert _selected_zone(zone_panel) is None
    assert document.selected_cameras == ("C01",)  # clearing the row did not clear the cameras


def test_a_filtered_out_selection_is_kept_and_shown_again(zone_panel, document) -> None:
    document.select_zone("Z01")  # passes
    zone_panel.failing_check.setChecked(True)
    assert document.selected_zone == "Z01"
    zone_panel.failing_check.setChecked(False)
    assert _selected_zone(zone_panel) == "Z01"


def test_enter_activates_the_zone(zone_panel, document, qtbot) -> None:
    document.select_zone("Z03")
    zone_panel.table_view.setFocus()
    with qtbot.waitSignal(zone_panel.zoneActivated) as blocker:
        QTest.keyClick(zone_panel.table_view, Qt.Key.Key_Return)
    assert blocker.args == ["Z03"]


def test_an_edit_updates_figures_in_place(zone_panel, document, qtbot) -> None:
    zone_panel.table_view.sortByColumn(ZoneTableModel.COVERAGE, Qt.SortOrder.AscendingOrder)
    document.select_zone("Z04")  # the square, seen by C07 and C08
    resets: list[bool] = []
    zone_panel.model.modelReset.connect(lambda: resets.append(True))
    before = _coverage_by_zone(zone_panel)["Z04"]
    with qtbot.waitSignal(zone_panel.model.dataChanged):
        document.edit_camera("C08", status="faulty")
    after = _coverage_by_zone(zone_panel)
    state = document.state
    assert after == pytest.approx(dict(zip(state.targets.zone_id, state.fraction, strict=True)))
    assert after["Z04"] < before
    assert resets == []
    assert _selected_zone(zone_panel) == "Z04"
    values = _column(zone_panel, ZoneTableModel.COVERAGE)
    assert values == sorted(values)  # still sorted after the change


def test_a_live_drag_keeps_selection_and_scroll(zone_panel, document, qtbot) -> None:
    zone_panel.resize(480, 360)  # a side dock: totals below the table
    assert zone_panel.splitter.orientation() == Qt.Orientation.Vertical
    zone_panel.splitter.setSizes([90, 270])  # a few rows visible: the table scrolls
    document.select_zone("Z06")
    bar = zone_panel.table_view.verticalScrollBar()
    assert bar.maximum() > 0
    scrolled = bar.value()
    assert scrolled > 0  # scrolled down to the selected last row
    resets: list[bool] = []
    zone_panel.model.modelReset.connect(lambda: resets.append(True))
    document.begin_gesture("C07")  # sees the square Z04
    camera = document.camera("C07")
    for step in range(1, 6):
        document.update_gesture(x=camera["x"] + 3 * step, bearing_deg=270.0 + 5 * step)
        assert _selected_zone(zone_panel) == "Z06"
        assert bar.value() == scrolled
    assert _coverage_by_zone(zone_panel) == pytest.approx(
        dict(zip(document.state.targets.zone_id, document.state.fraction, strict=True))
    )
    # totals catch up a few times a second during the drag
    square = list(document.state.targets.zone_id).index("Z04")
    area = f"{document.state.fraction[square] * 100:.1f} %"  # the only zone of its category
    qtbot.waitUntil(lambda: _square_total_matches(zone_panel, area))
    document.finish_gesture("Move C07")
    assert resets == []


def _square_total_matches(panel: ZonePanel, text: str) -> bool:
    model = panel.summary_model
    rows = {model.index(r, 0).data(): r for r in range(model.rowCount())}
    return model.index(rows["Square"], 5).data() == text


def test_totals_follow_the_state(zone_panel, document) -> None:
    summary = zone_panel.summary_model
    last = summary.rowCount() - 1
    assert summary.index(last, 0).data() == "All zones"
    state = document.state
    passed = int(np.sum(state.passed & state.mandatory))
    assert summary.index(last, 2).data() == str(passed)
    document.edit_camera("C12", status="faulty")  # the intersection's only camera
    state = document.state
    passed = int(np.sum(state.passed & state.mandatory))
    assert summary.index(last, 2).data() == str(passed)
    # six zones, five mandatory: the fire lane is advisory under Qingdao
    assert f"{passed} of 5 mandatory" in zone_panel.totals_label.text()


def test_project_replaced_resets(zone_panel, document, qtbot) -> None:
    with qtbot.waitSignal(zone_panel.model.modelReset):
        document.load(document.project, document.ruleset, document.state, SAMPLE)
    assert zone_panel.model.rowCount() == 6


def test_render_zone_panel(zone_panel, document, qtbot, tmp_path) -> None:
    document.select_zone("Z03")
    qtbot.wait(10)
    assert zone_panel.grab().save(str(tmp_path / "panel_zones.png"))


# ---------------------------------------------------------------------- layer panel
LAYERS = [("zones", "Zones"), ("views", "Camera views"), ("buildings", "Buildings")]


@pytest.fixture
def layer_panel(qtbot) -> LayerPanel:
    panel = LayerPanel(LAYERS)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_layer_panel_lists_layers_and_bands(layer_panel) -> None:
    assert layer_panel.layer_names() == ["zones", "views", "buildings"]
    assert list(layer_panel.band_checks) == ["identify", "recognise", "observe", "detect"]
    assert all(layer_panel.is_layer_visible(name) for name in layer_panel.layer_names())
    assert layer_panel.layer_opacity("zones") == 1.0


def test_layer_panel_emits_visibility(layer_panel, qtbot) -> None:
    with qtbot.waitSignal(layer_panel.visibilityChanged) as blocker:
        layer_panel.layer_checks["buildings"].click()
    assert blocker.args == ["buildings", False]
    assert not layer_panel.opacity_sliders["buildings"].isEnabled()
    with qtbot.waitSignal(layer_panel.visibilityChanged) as blocker:
        layer_panel.set_layer_visible("buildings", True)
    assert blocker.args == ["buildings", True]


def test_layer_panel_emits_opacity(layer_panel, qtbot) -> None:
    slider = layer_panel.opacity_sliders["views"]
    with qtbot.waitSignal(layer_panel.opacityChanged) as blocker:
        slider.setValue(40)
    assert blocker.args == ["views", pytest.approx(0.4)]
    assert layer_panel.opacity_labels["views"].text() == "40 %"
    slider.setFocus()
    with qtbot.waitSignal(layer_panel.opacityChanged) as blocker:
        QTest.keyClick(slider, Qt.Key.Key_PageUp)
    assert blocker.args == ["views", pytest.approx(0.5)]
    with qtbot.waitSignal(layer_panel.opacityChanged) as blocker:
        layer_panel.set_layer_opacity("zones", 0.25)
    assert blocker.args == ["zones", pytest.approx(0.25)]


def test_layer_panel_emits_band_visibility(layer_panel, qtbot) -> None:
    with qtbot.waitSignal(layer_panel.bandVisibilityChanged) as blocker:
        layer_panel.band_checks["observe"].click()
    assert blocker.args == ["observe", False]
    assert not layer_panel.is_band_visible("observe")


def test_render_layer_panel(layer_panel, tmp_path) -> None:
    layer_panel.set_layer_opacity("views", 0.6)
    layer_panel.set_band_visible("detect", False)
    layer_panel.set_layer_visible("buildings", False)
    layer_panel.resize(320, layer_panel.sizeHint().height())
    assert layer_panel.grab().save(str(tmp_path / "panel_layers.png"))


# ---------------------------------------------------------------------- camera panel
@pytest.fixture
def camera_panel(qtbot, document: ProjectDocument) -> CameraPanel:
    panel = CameraPanel(document)
    qtbot.addWidget(panel)
    panel.resize(380, 900)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _type_into(qtbot, widget, text: str) -> None:
    """Replace a line edit's or spin box's text as a user would, then press Enter."""
    widget.setFocus()
    line = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    line.selectAll()
    if text:
        QTest.keyClicks(line, text)
    else:
        QTest.keyClick(line, Qt.Key.Key_Delete)
    QTest.keyClick(line, Qt.Key.Key_Return)


def test_camera_panel_without_selection_says_so(camera_panel, document) -> None:
    assert camera_panel.camera_id is None
    assert camera_panel.pages.currentIndex() == 0
    document.select_cameras(["C01", "C02", "C03"])
    assert camera_panel.camera_id is None
    assert "3 cameras selected" in camera_panel.message_label.text()


def test_camera_panel_shows_the_selected_camera(camera_panel, document) -> None:
    document.select_cameras(["C08"])
    assert camera_panel.camera_id == "C08"
    editors = camera_panel.editors
    camera = document.camera("C08")
    assert editors["height_m"].value() == camera["height_m"] == 6.0
    assert editors["bearing_deg"].value() is None  # empty: unknown
    assert editors["bearing_deg"].widget.text() == EMPTY_TEXT
    assert editors["camera_type"].value() == "dome"
    assert editors["status"].value() == "in_service"
    assert editors["owner"].value() == camera["owner"]  # Chinese text
    assert editors["installed_on"].value() == camera["installed_on"]
    assert editors["has_sign"].value() is True
    assert editors["x"].value() == pytest.approx(camera["x"])
    # computed facts
    row = document.state.views.index["C08"]
    identify = document.state.views.ranges["identify"][row]
    assert camera_panel.range_labels["identify"].text() == f"{identify:,.1f} m"
    notes = document.state.views.notes[row]
    assert all(note in camera_panel.notes_label.text() for note in notes)
    assert camera_panel.working_label.text() == "Yes"


def test_every_schema_field_has_an_editor(camera_panel) -> None:
    from planner.core.schema import CAMERAS

    assert set(CAMERAS.field_names) | {"x", "y"} == set(camera_panel.editors)
    height = camera_panel.editors["height_m"].widget
    assert height.maximum() == 300.0
    assert height.suffix() == " m"
    assert "Mounting height" in height.toolTip()


def test_editing_height_is_one_undo_command(camera_panel, document, qtbot) -> None:
    document.select_cameras(["C01"])
    count = document.undo_stack.count()
    _type_into(qtbot, camera_panel.editors["height_m"].widget, "7.5")
    assert document.camera("C01")["height_m"] == 7.5
    assert document.undo_stack.count() == count + 1
    assert camera_panel.error_text() == ""
    document.undo_stack.undo()
    assert document.camera("C01")["height_m"] == 4.0
    assert camera_panel.editors["height_m"].value() == 4.0  # the form follows the undo


def test_emptying_a_number_makes_it_unknown(camera_panel, document, qtbot) -> None:
    document.select_cameras(["C01"])
    _type_into(qtbot, camera_panel.editors["bearing_deg"].widget, "")
    assert document.camera("C01")["bearing_deg"] is None
    assert camera_panel.editors["bearing_deg"].widget.text() == EMPTY_TEXT


def test_a_bad_date_shows_an_error_and_changes_nothing(camera_panel, document, qtbot) -> None:
    document.select_cameras(["C01"])
    before = document.camera("C01")
    count = document.undo_stack.count()
    _type_into(qtbot, camera_panel.editors["registered_on"].widget, "2024-13-45")
    assert document.camera("C01") == before
    assert document.undo_stack.count() == count
    assert camera_panel.error_label.isVisible()
    assert "Registered on" in camera_panel.error_text()
    assert camera_panel.editors["registered_on"].value() == before["registered_on"]
    _type_into(qtbot, camera_panel.editors["registered_on"].widget, "2024-02-29")
    assert document.camera("C01")["registered_on"] == "2024-02-29"
    assert camera_panel.error_text() == ""


def test_a_value_the_engine_refuses_is_reported(camera_panel, document, qtbot) -> None:
    document.select_cameras(["C01"])  # a fixed camera: no lens wider than 180°
    before = document.camera("C01")
    _type_into(qtbot, camera_panel.editors["hfov_deg"].widget, "200")
    assert document.camera("C01") == before
    assert "Horizontal field of view" in camera_panel.error_text()
    assert camera_panel.editors["hfov_deg"].value() == before["hfov_deg"]


def test_choices_and_tristate_commit(camera_panel, document, zone_panel) -> None:
    document.select_cameras(["C12"])  # the intersection's only camera
    status = camera_panel.editors["status"].widget
    status.setCurrentIndex(status.findData("faulty"))
    assert document.camera("C12")["status"] == "faulty"
    assert camera_panel.working_label.text().startswith("No")
    sign = camera_panel.editors["has_sign"].widget
    sign.click()  # checked → unchecked
    assert document.camera("C12")["has_sign"] is False
    sign.click()  # unchecked → unknown
    assert document.camera("C12")["has_sign"] is None
    assert sign.text() == "Unknown"


def test_a_drag_updates_the_form_live_but_not_the_field_being_typed_in(
    camera_panel, document, qtbot
) -> None:
    document.select_cameras(["C07"])
    height = camera_panel.editors["height_m"].widget
    height.setFocus()
    height.lineEdit().selectAll()
    QTest.keyClicks(height.lineEdit(), "9")  # typing, not committed yet
    x = document.camera("C07")["x"]
    document.begin_gesture("C07")
    document.update_gesture(bearing_deg=250.0, x=x + 5)
    assert camera_panel.editors["bearing_deg"].value() == 250.0
    assert camera_panel.editors["x"].value() == pytest.approx(x + 5)
    assert height.lineEdit().text().startswith("9")
    assert height.hasFocus()
    document.finish_gesture("Rotate C07")
    assert document.camera("C07")["bearing_deg"] == 250.0
    QTest.keyClick(height.lineEdit(), Qt.Key.Key_Return)
    assert document.camera("C07")["height_m"] == 9.0


def test_the_camera_id_is_read_only(camera_panel, document) -> None:
    document.select_cameras(["C03"])
    assert camera_panel.editors["camera_id"].value() == "C03"
    assert camera_panel.editors["camera_id"].widget.isReadOnly()


def test_render_camera_panel(camera_panel, document, tmp_path) -> None:
    document.select_cameras(["C08"])
    camera_panel.editors["registered_on"].widget.setText("2024-99-01")
    camera_panel.editors["registered_on"].committed.emit("registered_on")
    assert camera_panel.grab().save(str(tmp_path / "panel_camera.png"))


def test_totals_go_beside_the_table_in_a_wide_dock_and_below_in_a_tall_one(zone_panel) -> None:
    zone_panel.resize(1400, 300)
    assert zone_panel.splitter.orientation() == Qt.Orientation.Horizontal
    table_width, totals_width = zone_panel.splitter.sizes()
    assert table_width > totals_width
    zone_panel.resize(400, 800)
    assert zone_panel.splitter.orientation() == Qt.Orientation.Vertical
