"""Long computations report progress and stop when asked."""

import pytest
from engine_helpers import StubRuleset, random_district

from planner.core.coverage import coverage_state
from planner.core.errors import CancelledError


class Recorder:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.fractions: list[float] = []
        self.cancel_after = cancel_after

    def report(self, fraction: float, message: str = "") -> None:
        self.fractions.append(fraction)

    @property
    def cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.fractions) >= self.cancel_after


def test_full_recompute_reports_rising_fractions_up_to_one() -> None:
    cameras, zones, buildings = random_district(0, n_cameras=150, n_zones=140)
    recorder = Recorder()
    coverage_state(cameras, zones, buildings, ruleset=StubRuleset(), progress=recorder)
    assert recorder.fractions == sorted(recorder.fractions)
    assert recorder.fractions[0] == 0.0
    assert recorder.fractions[-1] == 1.0
    assert len(recorder.fractions) >= 4  # 3 camera batches, zone batches, done


def test_cancel_stops_the_computation() -> None:
    cameras, zones, buildings = random_district(0, n_cameras=150)
    with pytest.raises(CancelledError):
        coverage_state(
            cameras, zones, buildings, ruleset=StubRuleset(), progress=Recorder(cancel_after=1)
        )


def test_privacy_check_reports_progress_and_stops_when_asked() -> None:
    from pathlib import Path

    from planner.core.privacy import privacy_findings
    from planner.io.project import read_project
    from planner.io.rulesets import load_ruleset

    project = read_project(Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg")
    ruleset = load_ruleset(project.ruleset)
    layers = (project.cameras, project.buildings, project.private_areas)
    recorder = Recorder()
    report = privacy_findings(*layers, ruleset=ruleset, zones=project.zones, progress=recorder)
    assert len(report.findings) > 0
    assert recorder.fractions == sorted(recorder.fractions)
    assert recorder.fractions[0] == 0.0 and recorder.fractions[-1] == 1.0
    # one report per finding fixed: Cancel is heard between two re-aim searches
    assert len(recorder.fractions) >= 3 + len(report.findings) - len(report.forbidden_cameras)
    with pytest.raises(CancelledError):
        privacy_findings(*layers, ruleset=ruleset, zones=project.zones, progress=Recorder(3))
