"""Dock panels against the real sample project: zone table, layers, camera properties."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtTest import QTest

from planner.core.coverage import coverage_state
from planner.io.project import read_project
from planner.io.rulesets import load_ruleset
from planner.ui.document import ProjectDocument
from planner.ui.panels.layers_panel import LayerPanel
from planner.ui.panels.zones_panel import SORT_ROLE, ZONE_ID_ROLE, ZonePanel, ZoneTableModel

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"
SHOTS = Path("/tmp")


@pytest.fixture
def document(qtbot) -> ProjectDocument:
    project = read_project(SAMPLE)
    ruleset = load_ruleset(project.ruleset)
    state = coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)
    doc = ProjectDocument()
    doc.load(project, ruleset, state, SAMPLE)
    return doc


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
    failing = set(document.state.targets.zone_id[~document.state.passed])
    assert failing  # the sample has failing zones
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


def test_a_live_drag_keeps_selection_and_scroll(zone_panel, document) -> None:
    document.select_zone("Z04")
    resets: list[bool] = []
    zone_panel.model.modelReset.connect(lambda: resets.append(True))
    document.begin_gesture("C07")
    camera = document.camera("C07")
    for step in range(1, 6):
        document.update_gesture(x=camera["x"] + 3 * step, bearing_deg=270.0 + step)
        assert _selected_zone(zone_panel) == "Z04"
    document.finish_gesture("Move C07")
    assert resets == []
    assert _coverage_by_zone(zone_panel) == pytest.approx(
        dict(zip(document.state.targets.zone_id, document.state.fraction, strict=True))
    )


def test_totals_follow_the_state(zone_panel, document) -> None:
    summary = zone_panel.summary_model
    last = summary.rowCount() - 1
    assert summary.index(last, 0).data() == "All zones"
    passed = int(np.sum(document.state.passed))
    assert summary.index(last, 2).data() == str(passed)
    document.edit_camera("C12", status="faulty")  # the intersection's only camera
    assert summary.index(last, 2).data() == str(int(np.sum(document.state.passed)))
    assert f"{int(np.sum(document.state.passed))} of 6" in zone_panel.totals_label.text()


def test_project_replaced_resets(zone_panel, document, qtbot) -> None:
    with qtbot.waitSignal(zone_panel.model.modelReset):
        document.load(document.project, document.ruleset, document.state, SAMPLE)
    assert zone_panel.model.rowCount() == 6


def test_render_zone_panel(zone_panel, document, qtbot) -> None:
    document.select_zone("Z03")
    qtbot.wait(10)
    assert zone_panel.grab().save(str(SHOTS / "panel_zones.png"))


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


def test_render_layer_panel(layer_panel) -> None:
    layer_panel.set_layer_opacity("views", 0.6)
    layer_panel.set_band_visible("detect", False)
    layer_panel.set_layer_visible("buildings", False)
    layer_panel.resize(320, layer_panel.sizeHint().height())
    assert layer_panel.grab().save(str(SHOTS / "panel_layers.png"))
