"""The real main window, driven like a planner would: add, drag, rotate, undo, save, reopen.

Every figure the zone table shows is checked against a full recomputation by
the engine on the document's camera table, so the live (incremental) path and
the table can never drift from what the engine says.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from planner.core.coverage import coverage_state
from planner.io.project import read_project
from planner.ui.panels.zones_panel import SORT_ROLE, ZoneTableModel

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


def _fractions_shown(window) -> dict[str, float]:
    """The coverage column of the zone table, as the user sees it (model values)."""
    model = window.zone_panel.model
    return {
        model.zone_id(row): model.data(model.index(row, ZoneTableModel.COVERAGE), SORT_ROLE)
        for row in range(model.rowCount())
    }


def _engine_fractions(document) -> dict[str, float]:
    """A full recomputation on the document's current camera table."""
    project = document.project
    state = coverage_state(
        project.cameras, project.zones, project.buildings, ruleset=document.ruleset
    )
    return dict(zip(state.targets.zone_id, state.fraction, strict=True))


def _assert_table_matches_engine(window) -> None:
    shown = _fractions_shown(window)
    expected = _engine_fractions(window.document)
    assert shown.keys() == expected.keys()
    for zone_id, value in expected.items():
        assert shown[zone_id] == pytest.approx(value, abs=1e-9), zone_id


def _pos(window, x: float, y: float) -> QPoint:
    return window.map_view.viewport_pos(x, y).toPoint()


def _drag(qtbot, viewport, start: QPoint, end: QPoint, steps: int = 6) -> None:
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        qtbot.mouseMove(viewport, start + (end - start) * (k / steps))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def test_add_drag_rotate_undo_save_reopen(qtbot, window, tmp_path) -> None:
    document = window.document
    view = window.map_view
    viewport = view.viewport()
    original = _fractions_shown(window)
    original_cameras = len(document.camera_ids())
    _assert_table_matches_engine(window)

    # the fire lane Z03 fails: its west end is seen by no camera. Put a camera on it.
    lane = document.project.zones.set_index("zone_id").geometry["Z03"]
    west_end = lane.coords[0]
    target = (west_end[0] + 8.0, west_end[1] + 2.0)
    view.set_tool("add_camera")
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=_pos(window, *target))
    assert len(document.camera_ids()) == original_cameras + 1
    (new_id,) = set(document.camera_ids()) - set(read_project(ESTATE).cameras["camera_id"])
    added = document.camera(new_id)
    pixel = 1.0 / view.transform().m11()  # metres per screen pixel
    assert math.hypot(added["x"] - target[0], added["y"] - target[1]) <= max(0.5, pixel)
    _assert_table_matches_engine(window)

    # drag it 3 m west with the select tool: one undo command, the table follows
    view.set_tool("select")
    document.select_cameras([new_id])
    view.zoom_to_selection()  # closer in: 3 m is many pixels
    pixel = 1.0 / view.transform().m11()
    commands = document.undo_stack.count()
    start = _pos(window, added["x"], added["y"])
    _drag(qtbot, viewport, start, start + QPoint(-round(3.0 / pixel), 0))
    moved = document.camera(new_id)
    assert moved["x"] == pytest.approx(added["x"] - 3.0, abs=2 * pixel)
    assert document.undo_stack.count() == commands + 1
    _assert_table_matches_engine(window)

    # rotate it by its bearing handle to look east along the lane
    handle = window.map_view.handle_positions()["bearing"].toPoint()
    aim_at = (moved["x"] + 25.0, west_end[1])
    _drag(qtbot, viewport, handle, _pos(window, *aim_at))
    rotated = document.camera(new_id)
    expected_bearing = math.degrees(math.atan2(aim_at[0] - moved["x"], aim_at[1] - moved["y"]))
    assert rotated["bearing_deg"] == pytest.approx(expected_bearing % 360, abs=3.0)
    now = _fractions_shown(window)
    assert now["Z03"] > original["Z03"] + 0.05  # the new camera covers the lane's gap
    _assert_table_matches_engine(window)

    # undo everything: back to the original numbers exactly
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
    assert _fractions_shown(window) == original
    assert len(document.camera_ids()) == original_cameras

    # redo, save, reopen: same cameras, same figures
    while document.undo_stack.canRedo():
        document.undo_stack.redo()
    saved = tmp_path / "saved.gpkg"
    window.files.save_as(saved)
    assert not document.is_modified
    reopened = read_project(saved)
    mine = document.project.cameras.sort_values("camera_id").reset_index(drop=True)
    theirs = reopened.cameras.sort_values("camera_id").reset_index(drop=True)
    assert mine["camera_id"].tolist() == theirs["camera_id"].tolist()
    np.testing.assert_allclose(
        mine["bearing_deg"].astype(float), theirs["bearing_deg"].astype(float), equal_nan=True
    )
    np.testing.assert_allclose(mine.geometry.x, theirs.geometry.x, atol=1e-6)
    state = coverage_state(
        reopened.cameras, reopened.zones, reopened.buildings, ruleset=document.ruleset
    )
    shown = _fractions_shown(window)
    for zone_id, value in zip(state.targets.zone_id, state.fraction, strict=True):
        assert shown[zone_id] == pytest.approx(value, abs=1e-9)


def test_the_rendered_window_is_not_blank(window, tmp_path) -> None:
    image = window.map_view.grab().toImage()
    pixels = {
        image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)
    }
    assert len(pixels) > 40  # roads, buildings, zone colours, views, symbols, overlays
    assert window.zone_panel.model.rowCount() == len(window.document.project.zones)


def test_choosing_a_zone_row_zooms_the_map_but_a_map_click_does_not(qtbot, window) -> None:
    view = window.map_view
    panel = window.zone_panel
    before = view.mapToScene(view.viewport().rect()).boundingRect()
    window.document.select_zone("Z04")  # as a click on the map does
    assert view.mapToScene(view.viewport().rect()).boundingRect() == before

    row = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of("Z06"), 0)).row()
    panel.table_view.setFocus()
    qtbot.mouseClick(
        panel.table_view.viewport(),
        Qt.MouseButton.LeftButton,
        pos=panel.table_view.visualRect(panel.proxy.index(row, 0)).center(),
    )
    assert window.document.selected_zone == "Z06"
    after = view.mapToScene(view.viewport().rect()).boundingRect()
    zone = window.document.project.zones.set_index("zone_id").geometry["Z06"]
    assert after.width() < before.width()  # zoomed in
    cx, cy = zone.centroid.x, zone.centroid.y
    assert view.viewport().rect().contains(view.viewport_pos(cx, cy).toPoint())
