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
