"""``planner check``, ``planner edit`` and the guards that keep a command from destroying files."""

from __future__ import annotations

import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from engine_helpers import HELSINKI, METRIC_CRS, make_zones

from planner.cli import EXIT_BAD_INPUT, EXIT_OK, main
from planner.io import gpkg
from planner.io.project import read_project, write_project

OX, OY = HELSINKI


def _project_file(path: Path) -> Path:
    cameras = gpd.GeoDataFrame(
        {
            "camera_id": ["ok", "wide", "bullet"],
            "hfov_deg": [60.0, 500.0, 60.0],
            "camera_type": ["fixed", "fixed", "bullet"],
            "remarks": ["a", "b", "c"],
        },
        geometry=[shapely.Point(OX + 10 * k, OY) for k in range(3)],
        crs=METRIC_CRS,
    )
    cameras.to_file(path, layer="cameras", driver="GPKG")
    make_zones(
        [{"geometry": shapely.box(OX, OY, OX + 5, OY + 5), "zone_id": "sq", "category": "square"}]
    ).to_file(path, layer="zones", driver="GPKG")
    return path


def test_check_lists_every_problem_with_its_location_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    assert main(["check", str(path), "--format", "json"]) == EXIT_BAD_INPUT
    document = json.loads(capsys.readouterr().out)
    assert document["ok"] is False
    assert document["counts"]["error"] == 1
    records = {(p["layer"], p["id"], p["field"]): p for p in document["problems"]}
    wide = records[("cameras", "camera_id=wide", "hfov_deg")]
    assert wide["value"] == "500" and wide["severity"] == "error" and wide["row"] == "2"
    assert "maximum" in wide["message"]
    bullet = records[("cameras", "camera_id=bullet", "camera_type")]
    assert bullet["severity"] == "warning" and bullet["value"] == "bullet"
    assert set(document["problems"][0]) == {
        "file",
        "layer",
        "row",
        "id",
        "field",
        "value",
        "message",
        "action",
        "severity",
    }
    assert main(["check", str(path)]) == EXIT_BAD_INPUT
    table = capsys.readouterr().out
    assert "1 errors" in table and "hfov_deg" in table and "500" in table


def test_check_of_a_clean_project_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    main(["edit", str(path), "--camera", "wide", "--set", "hfov_deg=90"])
    capsys.readouterr()
    assert main(["check", str(path), "--format", "json"]) == EXIT_OK
    assert json.loads(capsys.readouterr().out)["counts"]["error"] == 0


def test_check_of_a_file_that_is_no_project_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "x.gpkg"
    folder.mkdir()
    assert main(["check", str(folder), "--format", "json"]) == EXIT_BAD_INPUT
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert "folder" in problem["message"] and problem["severity"] == "error"


def test_edit_changes_only_the_cells_it_sets(tmp_path: Path) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    with closing(sqlite3.connect(path)) as db, db:
        before = db.execute("SELECT * FROM cameras ORDER BY fid").fetchall()
    assert main(["edit", str(path), "--camera", "ok", "--set", "bearing_deg=45"]) == EXIT_OK
    with closing(sqlite3.connect(path)) as db, db:
        after = db.execute("SELECT * FROM cameras ORDER BY fid").fetchall()
        names = [r[1] for r in db.execute("PRAGMA table_info(cameras)")]
    assert "bearing_deg" in names
    column = names.index("bearing_deg")
    for old, new in zip(before, after, strict=True):
        assert new[: len(old)] == old or new[0] == 1
    assert after[0][column] == 45.0
    assert [r[column] for r in after[1:]] == [None, None]
    # the unusable and the unknown rows are still there, exactly
    assert [r[names.index("hfov_deg")] for r in after] == [60.0, 500.0, 60.0]
    assert [r[names.index("camera_type")] for r in after] == ["fixed", "fixed", "bullet"]


@pytest.mark.parametrize(
    ("arguments", "needle"),
    [
        (["--camera", "nobody", "--set", "hfov_deg=50"], "nobody"),
        (["--camera", "ok", "--set", "hfov=50"], "hfov"),
        (["--camera", "ok", "--set", "hfov_deg=abc"], "abc"),
        (["--camera", "ok", "--set", "status"], "FIELD=VALUE"),
        (["--zone", "sq", "--set", "required_coverage=2"], "required_coverage"),
    ],
)
def test_edit_refuses_unknown_ids_fields_and_bad_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], needle: str
) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    before = path.read_bytes()
    assert main(["edit", str(path), *arguments]) == EXIT_BAD_INPUT
    assert needle in capsys.readouterr().err
    assert path.read_bytes() == before


def test_edit_of_a_zone(tmp_path: Path) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    main(["edit", str(path), "--zone", "sq", "--set", "required_level=identify"])
    assert read_project(path).zones["required_level"].tolist() == ["identify"]


def test_a_command_never_reverts_what_another_program_wrote_meanwhile(tmp_path: Path) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    mine = read_project(path)
    with gpkg.connect(path, read_only=False) as db:  # the window saves a bearing meanwhile
        db.execute("UPDATE cameras SET hfov_deg = 77 WHERE camera_id = 'ok'")
    from planner.core.errors import FileChangedError

    with pytest.raises(FileChangedError):
        write_project(path, mine)
    assert read_project(path).cameras["hfov_deg"].iloc[0] == 77.0


@pytest.mark.parametrize("how", ["same", "symlink", "hardlink"])
def test_outputs_never_overwrite_the_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], how: str
) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    output = tmp_path / "out.gpkg"
    if how == "same":
        output = path
    elif how == "symlink":
        output.symlink_to(path)
    else:
        os.link(path, output)
    before = path.read_bytes()
    assert main(["coverage", str(path), "--gaps", str(output)]) == EXIT_BAD_INPUT
    assert "input" in capsys.readouterr().err
    assert main(["views", str(path), "-o", str(output)]) == EXIT_BAD_INPUT
    assert path.read_bytes() == before


def test_output_whose_parent_is_a_file_is_a_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["views", str(path), "-o", str(blocker / "views.gpkg")]) == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "is a file" in err and "Traceback" not in err


def test_saving_through_a_symlink_writes_the_target_and_keeps_the_mode(tmp_path: Path) -> None:
    target = _project_file(tmp_path / "real.gpkg")
    os.chmod(target, 0o640)
    link = tmp_path / "link.gpkg"
    link.symlink_to(target)
    project = read_project(link)
    write_project(link, project.with_layers(cameras=project.cameras.assign(height_m=4.0)))
    assert link.is_symlink()
    assert (target.stat().st_mode & 0o777) == 0o640
    assert read_project(target).cameras["height_m"].tolist() == [4.0, 4.0]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files anyway")
def test_a_read_only_project_is_refused_not_replaced(tmp_path: Path) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    os.chmod(path, 0o444)
    project = read_project(path)
    with pytest.raises(Exception, match="read-only"):
        write_project(path, project)
    assert (path.stat().st_mode & 0o777) == 0o444


def test_a_read_only_project_is_refused_even_for_root(tmp_path: Path) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    project = read_project(path)
    os.chmod(path, 0o444)
    from planner.core.errors import InputError

    with pytest.raises(InputError, match="read-only"):
        write_project(path, project)
    assert (path.stat().st_mode & 0o777) == 0o444


def test_stale_temp_files_of_a_killed_save_are_removed_on_open(tmp_path: Path) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    stale = tmp_path / ".p.gpkg.999999-0badc0de.tmp.gpkg"  # pid 999999 does not run
    stale.write_bytes(b"half a file")
    live = tmp_path / f".p.gpkg.{os.getpid()}-0badc0de.tmp.gpkg"
    live.write_bytes(b"being written")
    read_project(path)
    assert not stale.exists()
    assert live.exists()


def test_user_columns_upper_case_names_keep_through_save(tmp_path: Path) -> None:
    path = tmp_path / "roads.gpkg"
    _project_file(path)
    roads = gpd.GeoDataFrame(
        {"NAME": ["Mannerheimintie"], "HIGHWAY": ["primary"], "LANES": pd.array([4], "Int64")},
        geometry=[shapely.LineString([(OX, OY), (OX + 50, OY)])],
        crs=METRIC_CRS,
    )
    roads.to_file(path, layer="roads", driver="GPKG")
    project = read_project(path)
    assert project.roads["highway"].tolist() == ["primary"]
    notes = {p.message for p in project.problems if p.layer == "roads"}
    assert "column 'HIGHWAY' read as the field 'highway'" in notes
    saved = write_project(path, project)
    write_project(path, saved.with_layers(roads=saved.roads.assign(width_m=12.0)))
    raw = gpd.read_file(path, layer="roads")
    assert list(raw.columns[:3]) == ["NAME", "HIGHWAY", "LANES"]
    assert raw["HIGHWAY"].tolist() == ["primary"] and raw["width_m"].tolist() == [12.0]


def test_a_layer_stored_in_hong_kong_1980_round_trips_through_the_same_route(
    tmp_path: Path,
) -> None:
    """Read and write take the same (WGS84) route, so a moved camera lands where it was put."""
    from pyproj import Transformer

    path = tmp_path / "hk.gpkg"
    x, y = Transformer.from_crs(4326, 2326, always_xy=True).transform(114.17, 22.30)
    cams = gpd.GeoDataFrame(
        {"camera_id": ["h1", "h2"]},
        geometry=[shapely.Point(x, y), shapely.Point(x + 30, y)],
        crs=2326,
    )
    cams.to_file(path, layer="cameras", driver="GPKG")
    meta = pd.DataFrame({"key": ["project_crs"], "value": ["EPSG:4547"]})  # CGCS2000 GK 114°E
    import pyogrio

    pyogrio.write_dataframe(meta, path, layer="project_meta", driver="GPKG")
    project = read_project(path, ruleset="national")
    assert project.crs.to_epsg() == 4547
    from planner.core.edits import edit_feature

    target = project.cameras.geometry.iloc[0]
    moved = edit_feature(project, "cameras", "h1", {"x": target.x + 1.0, "y": target.y})
    write_project(path, moved.project)
    again = read_project(path, ruleset="national")
    assert again.cameras.geometry.iloc[0].distance(shapely.Point(target.x + 1.0, target.y)) < 0.01
    # the camera not moved is stored exactly as it was
    stored = gpd.read_file(path, layer="cameras")
    assert stored.geometry.iloc[1].equals(shapely.Point(x + 30, y))
    # and it is within a metre of where WGS84 puts it (no 300 m ballpark shift)
    lon, lat = Transformer.from_crs(2326, 4326, always_xy=True).transform(x, y)
    ex, ey = Transformer.from_crs(4326, project.crs, always_xy=True).transform(lon, lat)
    assert target.distance(shapely.Point(ex, ey)) < 1.0


def test_a_zone_the_ruleset_cannot_judge_is_left_out_not_fatal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project_file(tmp_path / "p.gpkg")
    zones = make_zones(
        [
            {
                "geometry": shapely.box(OX, OY, OX + 5, OY + 5),
                "zone_id": "sq",
                "category": "square",
            },
            {"geometry": shapely.box(OX, OY, OX + 9, OY + 9), "zone_id": "b", "category": "bogus"},
        ]
    )
    zones.to_file(path, layer="zones", driver="GPKG")
    assert main(["coverage", str(path), "--format", "json"]) == EXIT_OK
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert [z["zone_id"] for z in document["zones"]] == ["sq"]
    assert "zone_id=b" in captured.err and "bogus" in captured.err
    assert main(["check", str(path), "--format", "json"]) == EXIT_BAD_INPUT
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert any(p["id"] == "zone_id=b" and p["value"] == "bogus" for p in problems)
