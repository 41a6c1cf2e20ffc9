"""A save killed with SIGKILL at any moment leaves the file whole: old or new, never half."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from kill_save import large_project, run_trials

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")


def test_a_killed_save_never_leaves_a_broken_file_or_a_temp_file(tmp_path: Path) -> None:
    path = large_project(tmp_path / "big.gpkg", cameras=1000, buildings=4000)
    trials = run_trials(path, 20, seed=3, longest_s=0.5)
    assert all(t.opened for t in trials), [t for t in trials if not t.opened]
    # every camera carries the height of one and the same save: a save is all or nothing
    assert all(len(t.heights) == 1 for t in trials), [t for t in trials if len(t.heights) != 1]
    assert all(t.rows == 1000 for t in trials)
    # opening the file removed what the killed save left behind
    assert all(t.temp_files_after_open == 0 for t in trials)
    # the kills did land in the middle of saves, and saves did complete between kills
    assert sum(t.temp_files_before_open > 0 for t in trials) >= 1
    assert len({t.heights for t in trials}) >= 2
