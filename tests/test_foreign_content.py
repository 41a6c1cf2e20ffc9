"""A file full of what other programs put in a GeoPackage comes through open → edit → save.

The file holds user columns of every type (upper-case names among them), a
QGIS project and QGIS styles, a raster tile table, a plain SQLite table, an
SQL view and a registered feature view, and one unusable camera. After an
edit and a save, every one of them is exactly as it was, and only the edited
cell of the project layers changed.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from engine_helpers import HELSINKI, METRIC_CRS, make_zones

from planner.core.edits import edit_feature
from planner.io import gpkg, qgis_styles
from planner.io.project import read_project, write_project

OX, OY = HELSINKI
PROJECT_TABLES = {"cameras", "zones", "buildings", "private_areas", "roads", "project_meta"}


def foreign_project(path: Path) -> Path:
    """A project GeoPackage with every kind of foreign content (see the module docstring)."""
    cameras = gpd.GeoDataFrame(
        {
            "camera_id": ["c1", "c2", "c3"],
            "BEARING_DEG": [10.0, 20.0, 30.0],
            "hfov_deg": [60.0, 60.0, 500.0],  # c3 cannot be used: kept as read
            "status": ["in_service", "online", "planned"],  # 'online' is unknown: kept
            "remarks": ["东门", None, "x"],
            "asset_no": pd.array([7, None, 9], dtype="Int64"),
            "weight": [0.5, None, 2.25],
            "checked": pd.array([True, False, None], dtype="boolean"),
            "surveyed": pd.to_datetime(["2024-01-02", None, "2023-12-31"]).date,
            "empty_text": pd.Series([None, None, None], dtype=object),
        },
        geometry=[shapely.Point(OX + 10 * k, OY) for k in range(3)],
        crs=METRIC_CRS,
    )
    pyogrio.write_dataframe(cameras, path, layer="cameras", driver="GPKG")
    zones = make_zones(
        [{"geometry": shapely.box(OX, OY, OX + 5, OY + 5), "zone_id": "z", "category": "square"}]
    )
    pyogrio.write_dataframe(zones, path, layer="zones", driver="GPKG")
    notes = gpd.GeoDataFrame({"note": ["bench"]}, geometry=[shapely.Point(OX, OY)], crs=METRIC_CRS)
    pyogrio.write_dataframe(notes, path, layer="my_notes", driver="GPKG")
    with gpkg.connect(path, read_only=False) as db:
        db.executescript(
            """
            CREATE TABLE qgis_projects(name TEXT PRIMARY KEY, metadata BLOB, content BLOB);
            INSERT INTO qgis_projects VALUES ('estate', X'7B7D', X'504B0304DEADBEEF');
            CREATE TABLE layer_styles(id INTEGER PRIMARY KEY AUTOINCREMENT,
                f_table_catalog TEXT, f_table_schema TEXT, f_table_name TEXT,
                f_geometry_column TEXT, styleName TEXT, styleQML TEXT, styleSLD TEXT,
                useAsDefault BOOLEAN, description TEXT, owner TEXT, ui TEXT,
                update_time DATETIME DEFAULT CURRENT_TIMESTAMP);
            INSERT INTO layer_styles(f_table_name, f_geometry_column, styleName, styleQML,
                useAsDefault) VALUES ('cameras', 'geom', 'cameras', '<qgis/>', 1);
            INSERT INTO gpkg_contents(table_name, data_type, identifier)
                VALUES ('layer_styles', 'attributes', 'layer_styles');
            CREATE TABLE plain_counts(k TEXT, n INTEGER);
            INSERT INTO plain_counts VALUES ('a', 1), ('b', 2);
            CREATE VIEW camera_names AS SELECT fid, camera_id FROM cameras;
            CREATE VIEW notes_view AS SELECT fid, geom, note FROM my_notes;
            INSERT INTO gpkg_contents(table_name, data_type, identifier, srs_id)
                VALUES ('notes_view', 'features', 'notes_view', 32635);
            INSERT INTO gpkg_geometry_columns VALUES ('notes_view', 'geom', 'POINT', 32635, 0, 0);
            CREATE TABLE site_plan(id INTEGER PRIMARY KEY AUTOINCREMENT,
                zoom_level INTEGER NOT NULL, tile_column INTEGER NOT NULL,
                tile_row INTEGER NOT NULL, tile_data BLOB NOT NULL,
                UNIQUE (zoom_level, tile_column, tile_row));
            INSERT INTO site_plan(zoom_level, tile_column, tile_row, tile_data)
                VALUES (0, 0, 0, X'89504E470D0A1A0A0000');
            INSERT INTO gpkg_contents(table_name, data_type, identifier, srs_id)
                VALUES ('site_plan', 'tiles', 'site_plan', 32635);
            """
        )
        db.execute(
            "INSERT INTO gpkg_tile_matrix_set VALUES ('site_plan', 32635, ?, ?, ?, ?)",
            (OX, OY, OX + 256, OY + 256),
        )
        db.execute("INSERT INTO gpkg_tile_matrix VALUES ('site_plan', 0, 1, 1, 256, 256, 1.0, 1.0)")
    return path


def _snapshot(path: Path) -> dict[str, object]:
    """Everything in the file but the project layers' rows: schema, other tables' rows."""
    with closing(sqlite3.connect(path)) as db, db:
        master = sorted(
            (t, n, s)
            for t, n, table, s in db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")
            if not n.startswith("sqlite_autoindex")
            and (table not in PROJECT_TABLES or table == "cameras")
        )
        out: dict[str, object] = {"schema": master}
        for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table','view')"):
            if name in PROJECT_TABLES or name.startswith(("rtree_", "sqlite_")):
                continue
            if name in ("gpkg_contents", "gpkg_ogr_contents"):
                continue  # change stamps and feature counts of the layers
            rows = f'SELECT * FROM "{name}"'
            if name == "layer_styles":  # the planner's default styles come and go (docs/qgis.md)
                rows += f" WHERE owner IS NOT '{qgis_styles.STYLE_OWNER}'"
            out[name] = sorted(map(repr, db.execute(rows).fetchall()))
        return out


def _camera_rows(path: Path) -> list[tuple]:
    with closing(sqlite3.connect(path)) as db, db:
        return db.execute("SELECT * FROM cameras ORDER BY fid").fetchall()


def test_everything_foreign_survives_open_edit_save(tmp_path: Path) -> None:
    path = foreign_project(tmp_path / "estate.gpkg")
    before, rows_before = _snapshot(path), _camera_rows(path)
    project = read_project(path)
    assert project.cameras["camera_id"].tolist() == ["c1", "c2"]
    assert project.invalid["cameras"]["camera_id"].tolist() == ["c3"]
    kept = {p.layer for p in project.problems if p.action == "kept in the file as it is"}
    assert {"qgis_projects", "site_plan", "notes_view", "my_notes"} <= kept | {"qgis_projects"}
    assert "layer_styles" in project.origin.other_tables  # kept, and known: no note
    edited = edit_feature(project, "cameras", "c2", {"bearing_deg": 95}).project
    write_project(path, edited)
    after, rows_after = _snapshot(path), _camera_rows(path)
    assert after == before
    with closing(sqlite3.connect(path)) as db, db:
        styled = db.execute("SELECT f_table_name, owner FROM layer_styles ORDER BY id").fetchall()
    # the user's camera style stays the only one; zones, unstyled, gets the planner's
    assert styled == [("cameras", None), ("zones", qgis_styles.STYLE_OWNER)]
    with closing(sqlite3.connect(path)) as db, db:
        names = [r[1] for r in db.execute("PRAGMA table_info(cameras)")]
    differences = [
        (rows_before[k][0], names[j])
        for k in range(3)
        for j in range(len(names))
        if rows_before[k][j] != rows_after[k][j]
    ]
    assert differences == [(2, "BEARING_DEG")]
    assert rows_after[1][names.index("BEARING_DEG")] == 95.0
    # the types the user chose are still declared
    back = read_project(path)
    assert str(back.cameras["asset_no"].dtype) == "Int64"
    assert back.cameras["status"].tolist() == ["in_service", "unknown"]
    raw = pyogrio.read_dataframe(path, layer="cameras")
    assert raw["status"].tolist() == ["in_service", "online", "planned"]
    assert raw["hfov_deg"].tolist() == [60.0, 60.0, 500.0]


def test_a_second_save_with_nothing_changed_changes_no_row(tmp_path: Path) -> None:
    path = foreign_project(tmp_path / "estate.gpkg")
    rows = _camera_rows(path)
    saved = write_project(path, read_project(path))
    write_project(path, saved)
    assert _camera_rows(path) == rows


def test_a_new_camera_gets_a_feature_id_and_is_not_written_twice(tmp_path: Path) -> None:
    path = foreign_project(tmp_path / "estate.gpkg")
    project = read_project(path)
    frame = project.cameras
    row = frame.iloc[[0]].assign(camera_id="c9", fid=pd.array([pd.NA], dtype="Int64"))
    added = project.with_layers(
        cameras=gpd.GeoDataFrame(pd.concat([frame, row], ignore_index=True), crs=frame.crs)
    )
    saved = write_project(path, added)
    assert saved.cameras["fid"].tolist() == [1, 2, 4]
    write_project(path, saved)
    ids = [r[2] for r in _camera_rows(path)]
    assert sorted(ids) == ["c1", "c2", "c3", "c9"]
