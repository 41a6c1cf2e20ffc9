"""A coordinate so large that a length or area overflows is not a crash (found by fuzzing)."""

from __future__ import annotations

import warnings

import geopandas as gpd
import shapely

from planner.core.schema import LAYERS, conform_layer


def test_a_road_reaching_1e155_is_conformed_without_a_warning() -> None:
    roads = gpd.GeoDataFrame(
        {"road_id": ["R1", "R2"], "name": ["a", "b"], "highway": ["residential"] * 2},
        geometry=[
            shapely.LineString([(534_072, 3_993_285), (534_372, 3_993_285)]),
            shapely.LineString([(534_120, 3_993_237), (1.093e155, 3_993_497)]),
        ],
        crs="EPSG:4549",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the suite's setting: an overflow warning failed it
        conformed = conform_layer(roads, LAYERS["roads"], file="roads.shp")
    # an inf length is not a zero length: both rows are kept
    assert len(conformed.frame) + len(conformed.invalid) == 2
