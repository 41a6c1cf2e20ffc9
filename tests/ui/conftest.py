"""Window tests run offscreen (CI has no display) and share the sample estate document."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


@pytest.fixture
def document(qtbot):
    """A ProjectDocument with the illustrative Qingdao estate loaded and its coverage computed."""
    from planner.core.coverage import coverage_state
    from planner.io.project import read_project
    from planner.io.rulesets import load_ruleset
    from planner.ui.document import ProjectDocument

    project = read_project(ESTATE)
    ruleset = load_ruleset(project.ruleset)
    state = coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)
    loaded = ProjectDocument()
    loaded.load(project, ruleset, state, ESTATE)
    return loaded
