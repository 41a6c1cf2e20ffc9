"""``planner privacy --apply mask|reaim``: the window's fixes, headless (issue 11).

On the bundled sample estate C09 sees into a toilet (intrusion) and C15 sees a
hotel's façade; C14 stands in a dormitory (forbidden: no fix, to be removed).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from planner.cli import main
from planner.core.errors import InputError
from planner.core.privacy_fixes import camera_changes, finding_changes
from planner.io.project import read_project
from planner.io.rulesets import load_ruleset
from planner.services.privacy import apply_fixes, check_privacy

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "estate.gpkg"
    shutil.copy(SAMPLE, path)
    return path


def _findings(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    code = main(["privacy", str(path), "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def _kinds(document: dict) -> set[tuple[str, str]]:
    return {(f["camera_id"], f["finding"]) for f in document["findings"]}


def test_a_mask_for_one_camera_removes_its_finding_and_keeps_the_rest(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, before = _findings(project_path, capsys)
    assert ("C09", "intrusion") in _kinds(before) and code == 3  # C14: forbidden
    code, after = _findings(project_path, capsys, "--apply", "mask", "--camera", "C09")
    assert ("C09", "intrusion") not in _kinds(after)
    assert _kinds(after) == _kinds(before) - {("C09", "intrusion")}
    saved = read_project(project_path)
    mask = saved.cameras.set_index("camera_id").loc["C09", "privacy_mask"]
    assert mask and "-" in str(mask)
    # only C09 changed in the file
    original = read_project(SAMPLE).cameras.set_index("camera_id")
    changed = saved.cameras.set_index("camera_id").compare(original.loc[saved.cameras.camera_id])
    assert set(changed.index) == {"C09"}


def test_reaim_for_every_camera_is_the_same_as_the_windows_button(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = read_project(project_path)
    ruleset = load_ruleset(project.ruleset)
    report = check_privacy(project, ruleset)
    expected = {
        f.camera_id: finding_changes(f, "reaim")
        for f in reversed(report.findings)  # the worst finding of a camera wins
        if f.reaim is not None
    }
    code, after = _findings(project_path, capsys, "--apply", "reaim")
    saved = read_project(project_path).cameras.set_index("camera_id")
    for camera_id, values in expected.items():
        for field, value in values.items():
            assert saved.loc[camera_id, field] == pytest.approx(value)
    assert {f for _, f in _kinds(after)} == {"forbidden_placement"}  # no fix for that one
    assert code == 3


def test_mask_ranges_of_several_findings_merge_into_one_edit() -> None:
    project = read_project(SAMPLE)
    ruleset = load_ruleset(project.ruleset)
    report = check_privacy(project, ruleset)
    changes = camera_changes(report, kind="mask", masks={})
    assert set(changes) == {"C09", "C15"}  # C14 has no mask: it is to be removed
    applied = apply_fixes(project, ruleset, kind="mask")
    assert set(applied.changes) == {"C09", "C15"}
    assert applied.after.forbidden_cameras == ("C14",)
    assert not applied.after.of_kind("intrusion") and not applied.after.of_kind("facade_exposure")


def test_unknown_cameras_and_fixes_are_refused(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["privacy", str(project_path), "--apply", "mask", "--camera", "C99"]) == 2
    assert "C99" in capsys.readouterr().err
    assert main(["privacy", str(project_path), "--camera", "C09"]) == 2
    assert "--apply" in capsys.readouterr().err
    project = read_project(SAMPLE)
    with pytest.raises(InputError, match="not a fix"):
        camera_changes(check_privacy(project, load_ruleset("qingdao")), kind="paint", masks={})
    assert read_project(project_path).cameras.equals(read_project(SAMPLE).cameras)
