"""The document: live gestures, undo commands and validation, without widgets."""

import numpy as np
import pandas as pd
import pytest

from planner.core.coverage import coverage_state
from planner.core.errors import CameraError


def _full(document):
    p = document.project
    return coverage_state(p.cameras, p.zones, p.buildings, ruleset=document.ruleset).fraction


def test_aiming_a_camera_of_unknown_bearing_turns_its_circle_into_a_sector(document) -> None:
    # C13 has no bearing: the engine draws it all round until someone aims it
    row = document.state.views.index["C13"]
    circle = document.state.views.views["detect"][row].area
    document.begin_gesture("C13")
    document.update_gesture(bearing_deg=90.0)
    live = document.state.views.views["detect"][document.state.views.index["C13"]].area
    assert live < 0.6 * circle  # a sector of the lens, no longer the full circle
    document.finish_gesture("Rotate C13")
    np.testing.assert_allclose(document.state.fraction, _full(document), atol=1e-9)


def test_a_value_the_engine_refuses_makes_no_undo_command(document) -> None:
    with pytest.raises(CameraError, match="hfov_deg"):
        document.edit_camera("C01", hfov_deg=200.0)  # a fixed lens wider than 180°
    assert document.undo_stack.count() == 0
    assert document.camera("C01")["hfov_deg"] == 60.0


def test_renaming_a_camera_is_one_undoable_step(document) -> None:
    before = document.state.fraction.copy()
    document.edit_camera("C01", camera_id="C01-new")
    assert "C01-new" in document.camera_ids() and "C01" not in document.camera_ids()
    np.testing.assert_allclose(document.state.fraction, before)
    document.undo_stack.undo()
    assert "C01" in document.camera_ids()


def test_cancelled_gesture_puts_everything_back(document) -> None:
    before = document.state.fraction.copy()
    start = document.camera("C08")
    document.begin_gesture("C08")
    document.update_gesture(x=start["x"] + 30.0, bearing_deg=10.0)
    document.cancel_gesture()
    assert document.camera("C08") == start
    np.testing.assert_allclose(document.state.fraction, before, atol=1e-12)
    assert document.undo_stack.count() == 0


def test_edits_keep_user_columns_their_types_and_the_row_order(document) -> None:
    cams = document.project.cameras
    remarks = [f"note {k}" for k in range(len(cams))]
    asset = pd.array(range(100, 100 + len(cams)), dtype="Int64")
    document.project = document.project.with_layers(
        cameras=cams.assign(remarks=remarks, asset_no=asset)
    )
    order = document.camera_ids()
    document.edit_camera("C01", bearing_deg=123.0)
    document.remove_cameras(["C03"])
    table = document.project.cameras
    row = table[table["camera_id"] == "C01"].iloc[0]
    assert row["remarks"] == remarks[order.index("C01")]
    assert row["bearing_deg"] == 123.0
    assert str(table["asset_no"].dtype) == "Int64"
    document.undo_stack.undo()
    document.undo_stack.undo()
    table = document.project.cameras
    assert document.camera_ids() == order
    assert table["remarks"].tolist() == remarks
    assert table["asset_no"].tolist() == list(asset)
    assert str(table["asset_no"].dtype) == "Int64"
    np.testing.assert_allclose(document.state.fraction, _full(document), atol=1e-9)
