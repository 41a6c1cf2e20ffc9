"""services.project: the one opening of a project with its coverage (CLI and window)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from planner.core.coverage import coverage_state
from planner.core.errors import InputError
from planner.io.project import read_project
from planner.io.rulesets import load_ruleset
from planner.services.project import open_project, with_coverage

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"


def test_open_project_is_reading_plus_coverage() -> None:
    opened = open_project(SAMPLE)
    project = read_project(SAMPLE)
    ruleset = load_ruleset(project.ruleset)
    direct = coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset)
    assert opened.ruleset.id == ruleset.id == "qingdao"
    np.testing.assert_allclose(opened.state.fraction, direct.fraction)
    assert list(opened.state.passed) == list(direct.passed)
    assert opened.problems == (*project.problems, *direct.problems)


def test_another_ruleset_and_an_import_s_own_problems() -> None:
    national = open_project(SAMPLE, ruleset="national")
    assert national.ruleset.id == "national"
    project = read_project(SAMPLE)
    assert with_coverage(project, national.ruleset, problems=()).problems == tuple(
        national.state.problems
    )


def test_a_missing_file_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        open_project(tmp_path / "missing.gpkg")
