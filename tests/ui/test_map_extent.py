"""Empty layers have no place on the map: they never count in the extent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner.core.coverage import coverage_state
from planner.io.project import read_project
from planner.io.rulesets import load_ruleset
from planner.ui.canvas.map_view import MapView
from planner.ui.document import ProjectDocument

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


@pytest.mark.parametrize("emptied", ["roads", "private_areas", "buildings"])
def test_empty_layer_does_not_count_in_the_extent(qtbot: Any, emptied: str) -> None:
    project = read_project(ESTATE)
    project = project.with_layers(**{emptied: project.layer(emptied).iloc[0:0]})
    ruleset = load_ruleset(project.ruleset)
    state = coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)
    document = ProjectDocument()
    document.load(project, ruleset, state, None)
    view = MapView(document)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    qtbot.waitExposed(view)
    view.zoom_to_extent()
    assert view.current_scale() < 50_000  # the estate, not the whole earth from (0, 0)
    view.zoom_to_layer(emptied)  # nothing to zoom to: the view stays
    assert view.current_scale() < 50_000
