"""The privacy panel on the sample estate: findings worst first, the map highlight, the fixes.

The sample has one finding of each kind but the mildest (C14 stands in the
staff dormitory, C09 sees into the public toilet, C15 sees the hotel's façade);
a camera added in the hotel's lobby is a placement to check, with no fix.
Applying a fix from the panel is one undo step and the recomputed findings no
longer list it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import shapely
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from planner.core.privacy import Finding
from planner.ui.document import ProjectDocument
from planner.ui.i18n import Translations
from planner.ui.main_window import MainWindow
from planner.ui.panels.privacy_panel import (
    FINDING_ROLE,
    KIND_TINTS,
    PrivacyPanel,
    PrivacyTableModel,
    finding_key,
)

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"
WAIT_MS = 20_000


def _wait_idle(qtbot, panel: PrivacyPanel) -> None:
    qtbot.waitUntil(lambda: not panel.busy and panel.report is not None, timeout=WAIT_MS)


@pytest.fixture
def panel(qtbot, document: ProjectDocument) -> PrivacyPanel:
    panel = PrivacyPanel(document)
    qtbot.addWidget(panel)
    panel.resize(620, 520)
    panel.show()
    _wait_idle(qtbot, panel)
    return panel


def _shown(panel: PrivacyPanel) -> list[Finding]:
    proxy = panel.proxy
    return [proxy.index(r, 0).data(FINDING_ROLE) for r in range(proxy.rowCount())]


def _finding(panel: PrivacyPanel, camera_id: str, kind: str) -> Finding:
    return next(f for f in _shown(panel) if f.camera_id == camera_id and f.finding == kind)


def _recomputed(qtbot, panel: PrivacyPanel, action) -> None:
    """Run ``action`` and wait for the findings it causes to be shown."""
    with qtbot.waitSignal(panel.findingsChanged, timeout=WAIT_MS):
        action()
    _wait_idle(qtbot, panel)


def test_lists_the_three_findings_of_the_sample_worst_first(panel) -> None:
    shown = [(f.camera_id, f.finding, f.category) for f in _shown(panel)]
    assert shown == [
        ("C14", "forbidden_placement", "dormitory"),
        ("C09", "intrusion", "toilet"),
        ("C15", "facade_exposure", "hotel_room"),
    ]
    severities = [f.severity for f in _shown(panel)]
    assert severities == sorted(severities, reverse=True)
    model = panel.model
    row = [model.index(1, c).data() for c in range(model.columnCount())]
    assert row[1:6] == ["C09", "Intrusion", "Toilet", "Detect", "42.0 m²"]
    assert "342°–358.41°" in row[6] and "332°" in row[6]
    assert "3 finding(s) on 3 camera(s)" in panel.status_label.text()


def test_the_kind_filter_shows_one_kind(panel) -> None:
    panel.kind_combo.setCurrentIndex(panel.kind_combo.findData("intrusion"))
    assert [f.camera_id for f in _shown(panel)] == ["C09"]
    panel.kind_combo.setCurrentIndex(0)
    assert len(_shown(panel)) == 3


def test_choosing_a_finding_selects_its_camera_and_gives_the_map_its_geometry(
    qtbot, panel, document
) -> None:
    finding = _finding(panel, "C09", "intrusion")
    with qtbot.waitSignal(panel.findingSelected) as signal:
        panel.select_finding(finding)
    geometry = signal.args[0]
    assert geometry.geom_type in ("Polygon", "MultiPolygon")
    assert shapely.area(geometry) == pytest.approx(finding.area_m2, rel=0.01)
    assert document.selected_cameras == ("C09",)
    assert panel.mask_button.isEnabled() and panel.reaim_button.isEnabled()
    assert "Qingdao Measures Art. 9" in panel.details_label.text()
    # a placement has neither fix: the camera must move
    panel.select_finding(_finding(panel, "C14", "forbidden_placement"))
    assert document.selected_cameras == ("C14",)
    assert not panel.mask_button.isEnabled() and not panel.reaim_button.isEnabled()
    # another camera chosen on the map: the finding's highlight no longer applies
    with qtbot.waitSignal(panel.findingSelected) as signal:
        document.select_cameras(["C01"])
    assert signal.args[0] is None and panel.selected_finding() is None


def test_apply_mask_is_one_undo_step_and_removes_the_intrusion(qtbot, panel, document) -> None:
    finding = _finding(panel, "C09", "intrusion")
    panel.select_finding(finding)
    commands = document.undo_stack.count()
    _recomputed(
        qtbot, panel, lambda: qtbot.mouseClick(panel.mask_button, Qt.MouseButton.LeftButton)
    )
    assert document.undo_stack.count() == commands + 1
    assert document.camera("C09")["privacy_mask"] == finding.privacy_mask
    assert not [f for f in _shown(panel) if f.camera_id == "C09"]
    assert len(_shown(panel)) == 2
    _recomputed(qtbot, panel, document.undo_stack.undo)
    assert document.camera("C09")["privacy_mask"] != finding.privacy_mask
    assert _finding(panel, "C09", "intrusion").area_m2 == pytest.approx(finding.area_m2)


def test_apply_reaim_turns_the_camera_as_suggested(qtbot, panel, document) -> None:
    finding = _finding(panel, "C15", "facade_exposure")
    reaim = finding.reaim
    assert reaim is not None
    panel.select_finding(finding)
    commands = document.undo_stack.count()
    _recomputed(qtbot, panel, panel.reaim_button.click)
    assert document.undo_stack.count() == commands + 1
    camera = document.camera("C15")
    assert camera["bearing_deg"] == pytest.approx(reaim.bearing_deg)
    assert camera["hfov_deg"] == pytest.approx(reaim.hfov_deg)
    assert camera["vfov_deg"] == pytest.approx(reaim.vfov_deg, abs=1e-5)
    assert not [f for f in _shown(panel) if f.camera_id == "C15"]


def test_nothing_is_recomputed_during_a_drag(qtbot, panel, document) -> None:
    document.begin_gesture("C09")
    document.update_gesture(bearing_deg=10.0)
    qtbot.assertNotEmitted(panel.findingsChanged, wait=800)
    with qtbot.waitSignal(panel.findingsChanged, timeout=WAIT_MS):
        document.finish_gesture("Rotate C09")


def test_a_running_check_shows_progress_and_stops_on_request(
    qtbot, panel, document, monkeypatch
) -> None:
    import time

    import planner.ui.controllers.privacy as privacy_controller
    from planner.core.progress import check

    def slow(*_args: object, progress, **_options: object) -> None:
        # a check that would run for ever unless the Stop button is heard
        while True:
            check(progress, 0.4, "fixes")
            time.sleep(0.01)

    monkeypatch.setattr(privacy_controller, "check_privacy", slow)
    report = panel.report
    document.edit_camera("C09", bearing_deg=20.0)
    qtbot.waitUntil(lambda: panel.stop_button.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "40 %" in panel.status_label.text(), timeout=WAIT_MS)
    panel.stop_button.click()
    qtbot.waitUntil(lambda: not panel.busy, timeout=WAIT_MS)
    assert not panel.stop_button.isVisible()
    assert "stopped" in panel.status_label.text()
    assert panel.report is report  # the last complete findings stay listed


def test_the_window_zooms_to_a_finding_and_draws_it_red(qtbot, tmp_path, monkeypatch) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    app = QApplication.instance()
    window = MainWindow(ProjectDocument(), settings, Translations(app, settings))
    qtbot.addWidget(window)
    window.resize(1600, 1000)
    window.show()
    qtbot.waitExposed(window)
    project = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, project)
    assert window.files.open_path_blocking(project)
    monkeypatch.setattr(window.files, "maybe_save", lambda: True)
    window.apply_default_layout()
    panel = window.privacy_panel
    _wait_idle(qtbot, panel)
    camera_dock = next(d for d in window.tabifiedDockWidgets(window.privacy_dock))
    assert camera_dock.widget() is window.camera_panel
    assert window.privacy_dock.toggleViewAction() in window.menuBar().actions()[2].menu().actions()

    window.privacy_dock.raise_()
    finding = _finding(panel, "C09", "intrusion")
    panel.select_finding(finding)
    QApplication.processEvents()
    assert window.document.selected_cameras == ("C09",)
    items = window.map_view.highlight_items()
    assert items, "the intruding ground is drawn on the map"
    visible = window.map_view.mapToScene(window.map_view.viewport().rect()).boundingRect()
    assert all(visible.contains(item.sceneBoundingRect()) for item in items)
    assert window.grab().save(str(tmp_path / "privacy_selected.png"))  # for a person to look at

    panel.select_finding(None)
    assert not window.map_view.highlight_items()


def test_a_camera_in_the_hotel_lobby_is_a_placement_to_check_without_fixes(
    qtbot, panel, document
) -> None:
    # inside 海韵快捷酒店, 2 m from its south wall and 2 m short of the drawn guest rooms
    lobby = {"camera_id": "LOBBY", "x": 534310.0, "y": 3993307.0, "bearing_deg": 180.0}
    _recomputed(qtbot, panel, lambda: document.add_camera({**lobby, "height_m": 3.0}))
    finding = _finding(panel, "LOBBY", "review_placement")
    assert _shown(panel)[-1] is finding  # the mildest finding of all
    assert finding.severity == 1 and finding.category == "hotel_room"
    assert panel.report.forbidden_cameras == ("C14",)
    assert panel.report.review_cameras == ("LOBBY",)
    model = panel.model
    row = model.row_of(finding_key(finding))
    cells = [model.index(row, c).data() for c in range(model.columnCount())]
    assert cells[2] == "Check placement" and cells[6] == "Check where it stands"
    tint = model.index(row, PrivacyTableModel.SEVERITY).data(Qt.ItemDataRole.BackgroundRole)
    assert tint.color() == KIND_TINTS["review_placement"]
    assert panel.kind_combo.findData("review_placement") > 0

    panel.select_finding(finding)
    assert document.selected_cameras == ("LOBBY",)
    assert not panel.mask_button.isVisible() and not panel.reaim_button.isVisible()
    details = panel.details_label.text()
    assert "Check placement" in details and "Qingdao Measures Art. 9" in details
    assert "lawful in lobbies and public areas, forbidden inside rooms" in details
    # an intrusion has its fixes again
    panel.select_finding(_finding(panel, "C09", "intrusion"))
    assert panel.mask_button.isVisible() and panel.reaim_button.isVisible()
