"""The window's drag path: one camera moved many times from kept parameters.

Each step reuses what the other cameras cover of the touched zones; after any
sequence of drags and other edits the state must equal a full recomputation.
"""

from dataclasses import replace

import numpy as np
import pytest
import shapely
from engine_helpers import StubRuleset, random_district

from planner.core.coverage import coverage_state, remove_cameras, update_cameras
from planner.core.views import camera_parameters

RULES = StubRuleset()


def _full(cameras, zones, buildings):
    return coverage_state(cameras, zones, buildings, ruleset=RULES)


def _table_with(cameras, camera_id, x, y, bearing):
    table = cameras.copy()
    row = table.index[table["camera_id"] == camera_id][0]
    table.loc[row, "bearing_deg"] = bearing
    table.geometry.values[table.index.get_loc(row)] = shapely.Point(x, y)
    return table


def _assert_equal(incremental, full) -> None:
    np.testing.assert_allclose(incremental.fraction, full.fraction, rtol=0, atol=1e-9)
    assert incremental.cameras_seeing.tolist() == full.cameras_seeing.tolist()
    gap = shapely.symmetric_difference(incremental.covered, full.covered)
    assert shapely.area(gap).max(initial=0.0) < 1e-6


@pytest.mark.parametrize("seed", [3, 4])
def test_dragging_equals_full_recomputation_at_every_step(seed: int) -> None:
    cameras, zones, buildings = random_district(seed)
    state = _full(cameras, zones, buildings)
    params = camera_parameters(cameras)
    rng = np.random.default_rng(seed)
    table = cameras
    for camera_index in (0, 0, 1, 0):  # drag cam0, again, then cam1, then cam0 once more
        one = params.take(np.array([camera_index]))
        for _ in range(6):
            one = replace(
                one,
                x=one.x + rng.uniform(-15, 15),
                y=one.y + rng.uniform(-15, 15),
                bearing_deg=(one.bearing_deg + rng.uniform(-40, 40)) % 360,
            )
            state = update_cameras(state, one)
            table = _table_with(table, one.camera_id[0], one.x[0], one.y[0], one.bearing_deg[0])
            _assert_equal(state, _full(table, zones, buildings))


def test_a_removal_between_drags_does_not_reuse_stale_coverage() -> None:
    cameras, zones, buildings = random_district(5)
    state = _full(cameras, zones, buildings)
    params = camera_parameters(cameras)
    one = params.take(np.array([0]))
    state = update_cameras(state, replace(one, x=one.x + 5))
    state = remove_cameras(state, ["cam1"])
    state = update_cameras(state, replace(one, x=one.x + 10))
    table = _table_with(cameras, "cam0", one.x[0] + 10, one.y[0], one.bearing_deg[0])
    table = table[table["camera_id"] != "cam1"]
    _assert_equal(state, _full(table, zones, buildings))
