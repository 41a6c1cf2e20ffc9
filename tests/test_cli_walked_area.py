"""``planner reconcile --walked-area`` and the ``survey_areas`` layer: where the walk went.

The bundled sample estate has one filed camera (serial 99) that the field walk
did not find. Inside the walked area it is *removed_but_filed*; when the user's
walked area leaves it out, it was simply not visited.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
import shapely

from planner.cli import main
from planner.io.project import read_project

DATA = Path(__file__).resolve().parents[1] / "data"
INVENTORIES = DATA / "inventories"
SOURCES = [
    "--source", f"filings={INVENTORIES / 'filings.xlsx'}",
    "--source", f"platform={INVENTORIES / 'platform.csv'}",
    "--source", f"property={INVENTORIES / 'property.csv'}",
    "--source", f"survey={INVENTORIES / 'survey.csv'}",
]  # fmt: skip


def _reconcile(
    project: Path, out: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, dict, str]:
    code = main(
        [
            "reconcile", str(project), *SOURCES, "--as-of", "2026-11-25", "--no-save",
            "--format", "json", "--out", str(out), *extra,
        ]
    )  # fmt: skip
    captured = capsys.readouterr()
    return code, (json.loads(captured.out) if code == 0 else {}), captured.err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "estate.gpkg"
    shutil.copy(DATA / "sample_estate.gpkg", path)
    return path


def _areas(project: Path) -> tuple[gpd.GeoDataFrame, shapely.Geometry]:
    """Two polygons: the walked estate without the corner where camera 99 is filed."""
    estate = read_project(project)
    cameras = estate.cameras
    hull = shapely.buffer(shapely.convex_hull(shapely.union_all(cameras.geometry.values)), 30)
    return gpd.GeoDataFrame({"name": ["walked"]}, geometry=[hull], crs=estate.crs), hull


def _filed_position(project: Path) -> shapely.Point:
    import datetime as dt

    from planner.io.rulesets import load_ruleset
    from planner.io.survey import load_sources, source_specs
    from planner.services.survey import run_survey

    estate = read_project(project)
    roles = [(s.split("=")[0], Path(s.split("=", 1)[1])) for s in SOURCES[1::2]]
    loaded = load_sources(source_specs(roles), project_crs=estate.crs)
    survey = run_survey(loaded, ruleset=load_ruleset("qingdao"), as_of=dt.date(2026, 11, 25))
    (device,) = [d for d in survey.matching.devices if str(d.value("device_id")).endswith("99")]
    assert device.position is not None
    return shapely.Point(device.position)


def test_without_an_area_the_hull_of_the_walk_is_used(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, summary, err = _reconcile(project, tmp_path / "w.csv", capsys)
    assert code == 0, err
    assert summary["findings"]["removed_but_filed"] == 1
    assert summary["walked_area"].startswith("hull of the walked records")


def test_a_walked_area_that_leaves_the_device_out(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame, hull = _areas(project)
    # the walkers skipped the corner where camera 99 was filed
    filed = _filed_position(project)
    frame = frame.set_geometry([shapely.difference(hull, shapely.buffer(filed, 25))])
    area = tmp_path / "walked.geojson"
    frame.to_crs("EPSG:4326").to_file(area)
    code, summary, err = _reconcile(project, tmp_path / "w.csv", capsys, "--walked-area", str(area))
    assert code == 0, err
    assert summary["walked_area"] == str(area)
    assert summary["findings"]["removed_but_filed"] == 0


def test_the_projects_survey_areas_layer(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    frame, hull = _areas(project)
    skipped = shapely.difference(hull, shapely.buffer(_filed_position(project), 25))
    pyogrio.write_dataframe(frame.set_geometry([skipped]), project, layer="survey_areas")
    code, summary, err = _reconcile(project, tmp_path / "w.csv", capsys)
    assert code == 0, err
    assert summary["walked_area"] == "layer survey_areas"
    assert summary["findings"]["removed_but_filed"] == 0


def test_a_walked_area_of_points_is_refused_naming_the_file(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    estate = read_project(project)
    area = tmp_path / "points.geojson"
    estate.cameras[["camera_id", "geometry"]].to_crs("EPSG:4326").to_file(area)
    code, _, err = _reconcile(project, tmp_path / "w.csv", capsys, "--walked-area", str(area))
    assert code == 2
    assert "points.geojson" in err and "polygons" in err
    assert "Traceback" not in err
