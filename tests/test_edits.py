"""Edits change only the fields edited: user columns, types, row order and ids survive.

The same path serves the window's undo commands and ``planner edit``; these
tests go through real GeoPackages written the way QGIS users make them.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from engine_helpers import HELSINKI, METRIC_CRS, make_zones

from planner.core.edits import Change, edit_feature, feature_row, replace_rows
from planner.core.errors import CameraError
from planner.core.schema import CAMERAS
from planner.io import gpkg
from planner.io.project import read_project, write_project

OX, OY = HELSINKI


def _qgis_file(path: Path) -> None:
    """Cameras with the user's own columns of several types, as QGIS would store them."""
    cameras = gpd.GeoDataFrame(
        {
            "camera_id": ["a", "b", "c"],
            "bearing_deg": [10.0, 20.0, 30.0],
            "remarks": ["东门", None, "faces the gate"],
            "asset_no": pd.array([1001, 1002, None], dtype="Int64"),
            "weight": [1.5, 2.5, 3.5],
        },
        geometry=[shapely.Point(OX + 10 * k, OY) for k in range(3)],
        crs=METRIC_CRS,
    )
    cameras.to_file(path, layer="cameras", driver="GPKG")
    make_zones([{"geometry": shapely.box(OX, OY, OX + 5, OY + 5)}]).to_file(
        path, layer="zones", driver="GPKG"
    )


def _rows(path: Path, table: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as db, db:
        return db.execute(f'SELECT * FROM "{table}" ORDER BY fid').fetchall()


def test_editing_one_field_keeps_user_columns_types_and_order(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    _qgis_file(path)
    before = _rows(path, "cameras")
    project = read_project(path)
    edited = edit_feature(project, "cameras", "b", {"bearing_deg": "95"}).project
    cams = edited.cameras
    assert cams["camera_id"].tolist() == ["a", "b", "c"]  # order kept
    assert cams["bearing_deg"].tolist() == [10.0, 95.0, 30.0]
    assert cams["remarks"].tolist() == ["东门", None, "faces the gate"]
    assert str(cams["asset_no"].dtype) == "Int64"
    assert cams["asset_no"].tolist()[:2] == [1001, 1002]
    write_project(path, edited)
    after = _rows(path, "cameras")
    # exactly one cell of the file changed: b's bearing
    changed = [
        (k, j)
        for k, (x, y) in enumerate(zip(before, after, strict=True))
        for j, (u, v) in enumerate(zip(x, y, strict=True))
        if u != v
    ]
    with closing(sqlite3.connect(path)) as db, db:
        names = [r[1] for r in db.execute("PRAGMA table_info(cameras)")]
    assert [(k, names[j]) for k, j in changed] == [(1, "bearing_deg")]


def test_undoing_an_edit_restores_the_row_exactly(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    _qgis_file(path)
    project = read_project(path)
    frame = project.cameras
    before = feature_row(frame, 1, layer="cameras")
    edit = edit_feature(project, "cameras", "b", {"bearing_deg": 95, "x": OX + 3})
    undone = replace_rows(edit.project.cameras, CAMERAS, [Change(edit.after, before)])
    pd.testing.assert_frame_equal(
        pd.DataFrame(undone.drop(columns="geometry")), pd.DataFrame(frame.drop(columns="geometry"))
    )
    assert undone.geometry.equals(frame.geometry)


def test_a_deleted_row_comes_back_where_it_was(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    _qgis_file(path)
    frame = read_project(path).cameras
    row = feature_row(frame, 1, layer="cameras")
    gone = replace_rows(frame, CAMERAS, [Change(row, None)])
    assert gone["camera_id"].tolist() == ["a", "c"]
    back = replace_rows(gone, CAMERAS, [Change(None, row, position=1)])
    assert back["camera_id"].tolist() == ["a", "b", "c"]
    assert back["fid"].tolist() == frame["fid"].tolist()


def test_unknown_field_and_bad_value_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    _qgis_file(path)
    project = read_project(path)
    with pytest.raises(CameraError, match="bearing") as caught:
        edit_feature(project, "cameras", "a", {"bearing": 5})
    assert caught.value.field == "bearing"
    with pytest.raises(CameraError) as caught:
        edit_feature(project, "cameras", "a", {"hfov_deg": "500"})
    assert caught.value.field == "hfov_deg" and "500" in str(caught.value)
    with pytest.raises(CameraError, match="no camera"):
        edit_feature(project, "cameras", "zzz", {"hfov_deg": 50})


def test_a_row_left_out_can_be_fixed_and_keeps_its_feature_id(tmp_path: Path) -> None:
    path = tmp_path / "qgis.gpkg"
    _qgis_file(path)
    with gpkg.connect(path, read_only=False) as db:  # as QGIS would let a user type it
        db.execute("UPDATE cameras SET bearing_deg = 'abc' WHERE camera_id = 'c'")
    project = read_project(path)
    assert project.cameras["camera_id"].tolist() == ["a", "b"]
    (problem,) = [p for p in project.problems if p.layer == "cameras"]
    assert (problem.field, problem.value, problem.severity) == ("bearing_deg", "abc", "error")
    with pytest.raises(CameraError, match="still unusable"):
        edit_feature(project, "cameras", "c", {"remarks": "x"})
    fixed = edit_feature(project, "cameras", "c", {"bearing_deg": "45"})
    assert fixed.fixed
    assert fixed.project.cameras["camera_id"].tolist() == ["a", "b", "c"]
    assert len(fixed.project.invalid["cameras"]) == 0
    write_project(path, fixed.project)
    again = read_project(path)
    assert again.cameras["bearing_deg"].tolist() == [10.0, 20.0, 45.0]
    assert again.cameras["fid"].tolist() == [1, 2, 3]
    assert again.cameras["remarks"].tolist() == ["东门", None, "faces the gate"]
