"""``planner export --osm/--kml``: OSM tags, WGS 84 files, and import-osm reads them back."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest

from planner.cli import main
from planner.io.osm_export import CAMERA_TYPE_TO_OSM, number_text
from planner.io.project import read_project
from planner.services.export_log import read_export_log

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample_estate.gpkg"
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "estate.gpkg"
    shutil.copyfile(SAMPLE, copy)
    return copy


def _export(project: Path, *options: str) -> int:
    return main(["export", str(project), *options])


def _features(path: Path) -> list[dict]:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946: WGS 84, no crs member
    return document["features"]


def test_geojson_properties_are_the_osm_tags(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "cameras.geojson"
    assert _export(project, "--osm", str(out)) == 0
    features = _features(out)
    cameras = read_project(SAMPLE).cameras.set_index("camera_id")
    assert len(features) == len(cameras) == 15  # no planned or removed camera in the sample
    by_ref = {f["properties"]["ref"]: f for f in features}
    for camera_id, row in cameras.iterrows():
        tags = by_ref[row["pole_no"]]["properties"]
        assert tags["man_made"] == "surveillance"
        assert tags["surveillance:type"] == "camera"
        assert tags["surveillance"] in ("public", "outdoor", "indoor")
        assert tags["camera:type"] == CAMERA_TYPE_TO_OSM[row["camera_type"]]
        assert tags["camera:type"] in ("fixed", "dome", "panning")
        for tag, field in (
            ("camera:direction", "bearing_deg"),
            ("camera:angle", "tilt_deg"),
            ("height", "height_m"),
        ):
            if np.isnan(row[field]):
                assert tag not in tags  # an empty field is no tag, never "nan" or null
            else:
                assert float(tags[tag]) == pytest.approx(row[field])
        assert tags.get("operator") == row["owner"]
        assert all(isinstance(v, str) for v in tags.values()), camera_id
        assert None not in tags.values()
    # lon/lat, 7 decimals (about 1 cm)
    for feature in features:
        lon, lat = feature["geometry"]["coordinates"]
        assert 120.3 < lon < 120.5 and 36.0 < lat < 36.1
        assert round(lon, 7) == lon and round(lat, 7) == lat


def test_surveillance_is_derived_from_buildings_and_zones(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "cameras.geojson"
    assert _export(project, "--osm", str(out)) == 0
    kinds = {f["properties"]["ref"]: f["properties"]["surveillance"] for f in _features(out)}
    cameras = read_project(SAMPLE).cameras.set_index("camera_id")
    # C14 stands inside a building footprint; C12 covers the intersection Z06 (mandatory);
    # C02 reaches no zone
    assert kinds[cameras.loc["C14", "pole_no"]] == "indoor"
    assert kinds[cameras.loc["C12", "pole_no"]] == "public"
    assert kinds[cameras.loc["C02", "pole_no"]] == "outdoor"


def test_osm_xml_is_josm_ready(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "cameras.osm"
    assert _export(project, "--osm", str(out)) == 0
    root = ET.parse(out).getroot()
    assert root.tag == "osm"
    assert root.get("version") == "0.6"
    assert root.get("generator", "").startswith("coverage-planner")
    assert root.get("upload") == "never"
    nodes = root.findall("node")
    assert len(nodes) == 15
    assert sorted(int(n.get("id")) for n in nodes) == list(range(-15, 0))
    tags = {t.get("k"): t.get("v") for t in nodes[0].findall("tag")}
    assert tags["man_made"] == "surveillance"
    assert {"camera:direction", "camera:type", "ref"} <= set(tags)


@pytest.mark.parametrize("name", ["cameras.geojson", "cameras.osm"])
def test_import_osm_reads_the_export_back(project: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / name
    assert _export(project, "--osm", str(out)) == 0
    back = tmp_path / "back.gpkg"
    assert main(["import-osm", str(out), "-o", str(back), "--ruleset", "qingdao"]) == 0
    original = read_project(SAMPLE).cameras.set_index("pole_no")
    imported = read_project(back).cameras
    imported = imported.to_crs(original.crs).set_index("pole_no")
    assert sorted(imported.index) == sorted(original.index)
    imported = imported.loc[original.index]
    distance = original.geometry.distance(imported.geometry, align=False)
    assert distance.max() < 0.01  # within 1 cm
    for field in ("bearing_deg", "tilt_deg", "height_m"):
        np.testing.assert_allclose(imported[field], original[field], equal_nan=True)
    assert list(imported["camera_type"]) == list(original["camera_type"])
    assert list(imported["owner"].fillna("")) == list(original["owner"].fillna(""))


def test_a_fisheye_goes_out_as_a_dome_and_comes_back(project: Path, tmp_path: Path) -> None:
    assert main(["edit", str(project), "--camera", "C01", "--set", "camera_type=fisheye"]) == 0
    out = tmp_path / "cameras.osm"
    assert _export(project, "--osm", str(out)) == 0
    back = tmp_path / "back.gpkg"
    assert main(["import-osm", str(out), "-o", str(back)]) == 0
    imported = read_project(back).cameras.set_index("pole_no")
    pole = read_project(project).cameras.set_index("camera_id").loc["C01", "pole_no"]
    assert imported.loc[pole, "camera_type"] == "fisheye"
    text = out.read_text(encoding="utf-8")
    assert 'k="camera:lens" v="fisheye"' in text and 'v="panning"' in text  # the ptz camera


def test_planned_and_removed_cameras_are_not_in_osm(project: Path, tmp_path: Path) -> None:
    assert main(["edit", str(project), "--camera", "C01", "--set", "status=planned"]) == 0
    assert main(["edit", str(project), "--camera", "C02", "--set", "status=removed"]) == 0
    out = tmp_path / "cameras.geojson"
    assert _export(project, "--osm", str(out)) == 0
    assert len(_features(out)) == 13


def test_kml_has_placemarks_and_view_sectors(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "cameras.kml"
    assert _export(project, "--kml", str(out)) == 0
    root = ET.parse(out).getroot()
    folders = {f.find(f"{KML}name").text: f for f in root.iter(f"{KML}Folder")}
    cameras = folders["cameras"].findall(f"{KML}Placemark")
    assert sorted(p.find(f"{KML}name").text for p in cameras) == [f"C{i:02d}" for i in range(1, 16)]
    first = next(p for p in cameras if p.find(f"{KML}name").text == "C01")
    assert "pole_no: " in first.find(f"{KML}description").text
    lon, lat = map(float, first.find(f".//{KML}coordinates").text.split(","))
    assert 120.3 < lon < 120.5 and 36.0 < lat < 36.1
    views = folders["views"].findall(f"{KML}Placemark")
    assert views and all(p.find(f".//{KML}Polygon") is not None for p in views)
    names = {p.find(f"{KML}name").text for p in views}
    assert "C12 (recognise)" in names  # C12 covers the intersection, required at recognise


def test_kml_in_gcj02_is_shifted_and_warned(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plain, shifted = tmp_path / "a.kml", tmp_path / "b.kml"
    assert _export(project, "--kml", str(plain)) == 0
    assert _export(project, "--kml", str(shifted), "--coords", "gcj02") == 0
    assert "not standard KML" in capsys.readouterr().err

    def first(path: Path) -> tuple[float, float]:
        text = ET.parse(path).getroot().find(f".//{KML}Point/{KML}coordinates").text
        lon, lat = map(float, text.split(","))
        return lon, lat

    (lon0, lat0), (lon1, lat1) = first(plain), first(shifted)
    assert 0.001 < abs(lon1 - lon0) + abs(lat1 - lat0) < 0.02  # a few hundred metres


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--osm", "x.geojson", "--public"], "device-level"),
        (["--kml", "x.kml", "--public"], "device-level"),
        (["--osm", "x.osm", "--coords", "gcj02"], "WGS 84 only"),
        (["--kml", "x.kml", "--crs", "EPSG:4490"], "WGS 84"),
        (["--kml", "x.kml", "--crs", "nonsense"], "not a CRS"),
        (["--osm", "x.txt"], ".geojson"),
        ([], "nothing to export"),
    ],
)
def test_bad_requests_exit_2_before_writing(
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    words: str,
) -> None:
    options = [str(tmp_path / o) if o.startswith("x.") else o for o in options]
    assert _export(project, *options) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert not list(tmp_path.glob("x.*"))
    assert read_export_log(project).empty


def test_the_project_is_not_an_output(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _export(project, "--kml", str(project)) == 2
    assert _export(project, "--osm", str(project.with_suffix(".osm")), "--kml", str(project)) == 2
    assert read_project(project).cameras.shape[0] == 15


def test_wgs84_crs_is_accepted(project: Path, tmp_path: Path) -> None:
    assert _export(project, "--osm", str(tmp_path / "a.geojson"), "--crs", "EPSG:4326") == 0


def test_number_text() -> None:
    assert [number_text(v) for v in (4.0, 12.5, 0.0, -55.0, 1 / 3)] == [
        "4",
        "12.5",
        "0",
        "-55",
        "0.333333",
    ]
