"""Tools → Plan new cameras…: plan in the background, proposals on the map, accept or reject.

Accepting every proposal gives exactly the coverage the plan promised
(``rollout.zones["after"]``), through the document's ordinary camera path.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from planner.core.coverage import coverage_state
from planner.core.optimise import Goal
from planner.core.summary import zone_table
from planner.services.optimise import RolloutRequest

WAIT_MS = 60_000
# advisory zones count too: the fire lane (79.8 %) and the north gate (0 %) each want a camera
REQUEST = RolloutRequest(Goal("cameras", 2), road_spacing_m=10.0, time_limit=20.0, advisory=True)


def _plan(qtbot, window, request: RolloutRequest = REQUEST):
    assert window.rollout.plan_action.isEnabled()
    assert window.rollout.plan(request)
    qtbot.waitUntil(lambda: not window.rollout.is_busy, timeout=WAIT_MS)
    rollout = window.document.rollout
    assert rollout is not None
    return rollout


def _fractions(state) -> np.ndarray:
    return zone_table(state)["covered_fraction"].to_numpy(dtype=float)


def test_a_plan_is_shown_in_the_panel_and_on_the_map(qtbot, window) -> None:
    rollout = _plan(qtbot, window)
    ids = rollout.proposals["camera_id"].tolist()
    assert len(ids) == 2
    panel = window.rollout_panel
    assert [r["camera_id"] for r in panel.proposals.records] == ids
    assert panel.bom.rowCount() == len(rollout.bom)
    assert panel.storage.rowCount() == len(rollout.storage)
    assert panel.categories.rowCount() == len(rollout.categories)
    assert "optimal" in panel.solution_label.text()
    # drawn apart from the cameras, in their own layer
    layer = window.proposal_layer
    assert sorted(layer.symbols) == sorted(ids)
    assert all(not o.path().isEmpty() for o in layer.outlines.values())
    # choosing a row highlights that proposal
    panel.select_proposal(ids[1])
    assert layer.highlighted == ids[1]
    assert layer.symbols[ids[1]].highlighted
    assert window.rollout_dock.isVisible()
    # a plan is not an edit
    assert window.document.undo_stack.count() == 0


def test_accepting_one_adds_that_camera_and_undo_restores(qtbot, window) -> None:
    document = window.document
    rollout = _plan(qtbot, window)
    before_ids = document.camera_ids()
    before_fractions = _fractions(document.state)
    proposal = rollout.proposals.iloc[0]
    window.rollout_panel.select_proposal(proposal["camera_id"])
    window.rollout_panel.accept_button.click()

    assert document.undo_stack.count() == 1
    assert len(document.camera_ids()) == len(before_ids) + 1
    added = document.camera(document.camera_ids()[-1])
    assert added["camera_id"] == proposal["camera_id"]
    assert added["status"] == "planned"
    assert (added["x"], added["y"]) == (proposal.geometry.x, proposal.geometry.y)
    for field in ("hfov_deg", "height_m", "tilt_deg", "resolution_px"):
        assert added[field] == pytest.approx(float(proposal[field])), field
    assert added["camera_type"] == proposal["camera_type"]
    assert document.proposal_ids() == rollout.proposals["camera_id"].tolist()[1:]
    # coverage as a full recompute with the new camera
    full = coverage_state(
        document.project.cameras,
        document.project.zones,
        document.project.buildings,
        ruleset=document.ruleset,
    )
    assert np.allclose(_fractions(document.state), _fractions(full), atol=1e-9)
    assert sorted(window.proposal_layer.symbols) == document.proposal_ids()

    document.undo_stack.undo()
    assert document.camera_ids() == before_ids
    assert document.proposal_ids() == rollout.proposals["camera_id"].tolist()
    assert np.allclose(_fractions(document.state), before_fractions, atol=1e-12)
    document.undo_stack.redo()
    assert len(document.camera_ids()) == len(before_ids) + 1


def test_accepting_all_gives_exactly_the_promised_coverage(qtbot, window) -> None:
    document = window.document
    rollout = _plan(qtbot, window)
    window.rollout_panel.accept_all_button.click()
    assert document.undo_stack.count() == 1  # one step for all of them
    assert document.proposal_ids() == []
    after = rollout.zones["after"].to_numpy(dtype=float)
    assert np.abs(_fractions(document.state) - after).max() <= 1e-9
    assert not window.rollout_panel.accept_all_button.isEnabled()
    document.undo_stack.undo()
    assert np.abs(_fractions(document.state) - rollout.zones["before"].to_numpy()).max() <= 1e-9
    assert len(document.proposal_ids()) == len(rollout.proposals)


def test_ids_clashing_with_cameras_are_renamed(qtbot, window) -> None:
    document = window.document
    rollout = _plan(qtbot, window)
    first = rollout.proposals["camera_id"].iloc[0]
    document.add_camera({"x": 0.0, "y": 0.0, "camera_id": first})
    ids = window.rollout.accept([first])
    assert ids == [f"{first}-2"]
    assert document.camera_ids().count(first) == 1


def test_rejecting_takes_it_off_the_list_undoably(qtbot, window) -> None:
    document = window.document
    rollout = _plan(qtbot, window)
    cameras = document.camera_ids()
    first, second = rollout.proposals["camera_id"].tolist()
    window.rollout_panel.select_proposal(second)
    window.rollout_panel.reject_button.click()
    assert document.proposal_ids() == [first]
    assert document.camera_ids() == cameras
    assert sorted(window.proposal_layer.symbols) == [first]
    assert "Reject" in document.undo_stack.undoText()
    document.undo_stack.undo()
    assert document.proposal_ids() == [first, second]


def test_cancelling_a_plan_leaves_the_document_as_it_was(qtbot, window) -> None:
    document = window.document
    cameras = document.project.cameras.copy()
    assert window.rollout.plan(REQUEST)
    assert window.rollout.is_busy
    window._cancel.click()  # the status bar's Cancel
    qtbot.waitUntil(lambda: not window.rollout.is_busy, timeout=WAIT_MS)
    QApplication.processEvents()
    assert document.rollout is None
    assert document.undo_stack.count() == 0
    assert document.project.cameras.equals(cameras)
    assert window.rollout.plan_action.isEnabled()


def test_a_plan_for_a_project_since_closed_is_dropped(qtbot, window) -> None:
    document = window.document
    rollout = _plan(qtbot, window)
    assert not document.set_rollout(rollout, document.generation - 1)
    assert window.files.open_path_blocking(document.path)  # opened again: a new generation
    assert document.rollout is None
    assert window.proposal_layer.symbols == {}


def test_a_bad_request_is_said_without_blocking(qtbot, window, capsys) -> None:
    failures: list[tuple[str, str]] = []
    window.rollout.failed.connect(lambda title, text: failures.append((title, text)))
    assert window.rollout.plan(RolloutRequest(Goal("cameras", 1), backup=("no_such_category",)))
    qtbot.waitUntil(lambda: bool(failures), timeout=WAIT_MS)
    assert "no_such_category" in failures[0][1]
    assert window.document.rollout is None


def test_the_dialog_builds_the_request(qtbot, window) -> None:
    window.rollout.headless = False
    dialog = window.rollout.open_dialog()
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    dialog._goal.setCurrentIndex(1)  # budget
    dialog._budget.setValue(20_000)
    dialog._backup.item(0).setCheckState(dialog._backup.item(0).checkState().Checked)
    dialog._corners.setChecked(True)
    dialog._privacy.setCurrentIndex(1)
    request = dialog.request()
    assert request.goal == Goal("budget", 20_000)
    assert request.backup == (dialog._backup.item(0).data(256),)
    assert request.corners and request.privacy == "mask" and request.method == "exact"
    assert request.road_spacing_m == 30.0
    dialog.close()


def test_headless_opens_no_dialog(window) -> None:
    window.rollout.headless = True
    assert window.rollout.open_dialog() is None


def test_the_panel_and_dialog_switch_language_in_place(qtbot, window, tmp_path) -> None:
    import shutil

    from shown_texts import diff, walk

    from planner.ui.document import ProjectDocument
    from planner.ui.main_window import MainWindow

    rollout = _plan(qtbot, window)
    window.rollout_panel.select_proposal(rollout.proposals["camera_id"].iloc[0])
    dialog = window.rollout.open_dialog()
    english = list(walk(window.rollout_panel)) + list(walk(dialog))
    try:
        window.switch_language("zh_CN")
        switched = list(walk(window.rollout_panel)) + list(walk(dialog))
        assert window.rollout_panel.accept_button.text() == "采纳(&A)"
        assert window.document.rollout is rollout  # nothing rebuilt, nothing lost

        fresh = MainWindow(ProjectDocument(), window._settings, window._translations)
        qtbot.addWidget(fresh)
        copy = tmp_path / "fresh" / "estate.gpkg"
        copy.parent.mkdir()
        shutil.copy(window.document.path, copy)
        assert fresh.files.open_path_blocking(copy)
        fresh.files.maybe_save = lambda: True
        assert fresh.document.set_rollout(rollout, fresh.document.generation)
        fresh.rollout_panel.select_proposal(rollout.proposals["camera_id"].iloc[0])
        fresh_dialog = fresh.rollout.open_dialog()
        built = list(walk(fresh.rollout_panel)) + list(walk(fresh_dialog))
        assert switched == built, diff(switched, built)
        fresh_dialog.close()
    finally:
        window.switch_language("en")
    back = list(walk(window.rollout_panel)) + list(walk(dialog))
    assert back == english, diff(back, english)
    dialog.close()
