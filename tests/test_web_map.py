"""The offline web map (planner.services.web_map): checked through the data in the page.

"No external URL" is defined as: every ``http://`` or ``https://`` in the page
is one of the few the vendored Leaflet files themselves contain (an SVG
namespace name, Leaflet's banner, a bug link in a CSS comment; none is ever
fetched), or the user's ``tiles`` URL when one is given. Outside the
inlined library text there is no URL at all, and no ``src=`` or ``href=``
attribute or CSS ``url(...)`` points anywhere but ``data:`` or ``#``. The OSM
credit is plain text (no link).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from pathlib import Path

import pytest
from pyproj import Transformer

from planner.core.vocabulary import label
from planner.io.survey import load_sources, source_specs
from planner.report.web_map import OSM_CREDIT, leaflet_assets
from planner.services.project import OpenedProject, open_project
from planner.services.survey import reconcile
from planner.services.web_map import write_web_map

DATA = Path(__file__).resolve().parents[1] / "data"
SAMPLE = DATA / "sample_estate.gpkg"
ASSETS = Path(__file__).resolve().parents[1] / "planner" / "report" / "assets"
#: URLs the vendored Leaflet files contain (checked to come from them below).
LIBRARY_URLS = {
    "http://www.w3.org/2000/svg",
    "https://leafletjs.com",
    "https://bugzilla.mozilla.org/show_bug.cgi?id=888319",
}
URL = re.compile(r"https?://[^\s\"'<>()\\]+")


@pytest.fixture(scope="module")
def opened() -> OpenedProject:
    return open_project(SAMPLE)


@pytest.fixture(scope="module")
def pages(opened: OpenedProject, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("web")
    out = {}
    for key, kwargs in {
        "full": {},
        "public": {"public": True},
        "zh": {"language": "zh"},
        "public_zh": {"public": True, "language": "zh"},
    }.items():
        path = write_web_map(folder / f"{key}.html", opened, **kwargs)
        out[key] = path.read_text(encoding="utf-8")
    return out


def layers(page: str) -> dict[str, dict]:
    """Every GeoJSON layer embedded in the page, by its collection name."""
    decoder = json.JSONDecoder()
    found = {}
    for match in re.finditer(r"geo_json_\w+_add\(", page):
        data, _ = decoder.raw_decode(page, match.end())
        found[data["name"]] = data
    return found


def external_urls(page: str, allowed: set[str] = frozenset()) -> list[str]:
    return [u for u in URL.findall(page) if u not in LIBRARY_URLS and u not in allowed]


def camera_lonlat(opened: OpenedProject) -> list[tuple[float, float]]:
    to_wgs = Transformer.from_crs(opened.project.crs, 4326, always_xy=True)
    cams = opened.project.cameras
    return [to_wgs.transform(p.x, p.y) for p in cams.geometry]


PAIR = re.compile(r"\[\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*\]")


def nearest_m(page: str, lon: float, lat: float) -> float:
    """Distance (m, roughly) from (lon, lat) to the nearest pair of numbers in the page.

    Every ``[a, b]`` is tried both ways: GeoJSON positions are ``[lon, lat]``,
    Leaflet's centre and bounds ``[lat, lon]``.
    """
    scale_x = 111_320.0 * math.cos(math.radians(lat))
    best = math.inf
    for a, b in PAIR.findall(page):
        x, y = float(a), float(b)
        for px, py in ((x, y), (y, x)):
            best = min(best, math.hypot((px - lon) * scale_x, (py - lat) * 110_574.0))
    return best


def test_layers_and_feature_counts(pages: dict[str, str], opened: OpenedProject) -> None:
    found = layers(pages["full"])
    project = opened.project
    assert len(found["zones"]["features"]) == 6
    assert len(found["cameras"]["features"]) == 15
    assert len(found["buildings"]["features"]) == len(project.buildings) == 11
    assert len(found["roads"]["features"]) == len(project.roads) == 4
    assert len(found["private_areas"]["features"]) == len(project.private_areas) == 4
    views = opened.state.views.to_frame()
    for level in ("detect", "observe", "recognise", "identify"):
        band = views[(views["level"] == level) & ~views.geometry.is_empty]
        assert len(found[f"views_{level}"]["features"]) == len(band) > 0
    assert len(found["gaps"]["features"]) >= 1
    assert len(found["privacy_findings"]["features"]) >= 1
    assert "survey_findings" not in found  # the sample holds no survey


def test_popups_hold_the_fields_escaped(pages: dict[str, str], opened: OpenedProject) -> None:
    found = layers(pages["full"])
    cameras = {
        f["properties"]["label"]: f["properties"]["popup"] for f in found["cameras"]["features"]
    }
    assert set(cameras) == {f"C{i:02d}" for i in range(1, 16)}
    row = opened.project.cameras.iloc[0]
    popup = cameras[row["camera_id"]]
    for value in (row["camera_id"], row["pole_no"], row["owner"], row["project_name"]):
        assert value in popup
    assert "<table>" in popup and "<script" not in popup
    zone = found["zones"]["features"][0]["properties"]
    assert zone["verdict"] in {"passed", "failed", "advisory"}
    assert "covered_fraction" in zone["popup"]
    # the style follows the verdict: the window's colours
    colours = {"passed": "#1a9641", "failed": "#d7191c", "advisory": "#8c8c8c"}
    for f in found["zones"]["features"]:
        assert f["properties"]["style"]["color"] == colours[f["properties"]["verdict"]]


def test_popup_text_is_escaped(opened: OpenedProject, tmp_path: Path) -> None:
    cams = opened.project.cameras.copy()
    cams.loc[0, "owner"] = "<img src=x onerror=alert(1)>&"
    project = opened.project.with_layers(cameras=cams)
    page = write_web_map(tmp_path / "x.html", dataclasses.replace(opened, project=project))
    text = page.read_text(encoding="utf-8")
    popup = next(
        f["properties"]["popup"]
        for f in layers(text)["cameras"]["features"]
        if f["properties"]["label"] == cams.loc[0, "camera_id"]
    )
    assert "&lt;img src=x onerror=alert(1)&gt;&amp;" in popup
    assert "<img" not in popup


@pytest.mark.parametrize("key", ["full", "public", "zh", "public_zh"])
def test_no_external_url(pages: dict[str, str], key: str) -> None:
    page = pages[key]
    assert external_urls(page) == []
    # outside the vendored library text (inlined verbatim), nothing links anywhere
    script, css = leaflet_assets()
    assert script in page and css in page
    page = page.replace(script, "").replace(css, "")
    assert URL.findall(page) == []
    for attribute in re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)""", page):
        assert attribute.startswith(("data:", "#")), attribute
    for target in re.findall(r"url\(([^)]*)\)", page):
        assert target.strip("'\"").startswith(("data:", "#")), target
    assert "<link" not in page


def test_library_urls_come_from_the_vendored_files() -> None:
    script, css = leaflet_assets()
    for url in LIBRARY_URLS:
        assert url in script or url in css
    assert (ASSETS / "LICENSE-leaflet.txt").read_text().startswith("BSD 2-Clause")
    assert "Leaflet 1.9.3" in script  # the version folium 0.20 uses


def test_tiles_only_when_asked(opened: OpenedProject, tmp_path: Path) -> None:
    tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    page = write_web_map(tmp_path / "t.html", opened, tiles=tiles).read_text(encoding="utf-8")
    assert tiles in page
    assert external_urls(page, {tiles}) == []
    assert OSM_CREDIT in page  # an OSM basemap is credited
    assert "L.tileLayer" not in write_web_map(tmp_path / "n.html", opened).read_text()


def test_osm_credit_only_for_osm_data(pages: dict[str, str]) -> None:
    # the sample estate is invented (no OSM ids, no OSM source): no credit
    assert OSM_CREDIT not in pages["full"]


def test_public_holds_no_camera(pages: dict[str, str], opened: OpenedProject) -> None:
    cams = opened.project.cameras
    for key in ("public", "public_zh"):
        page = pages[key]
        found = layers(page)
        assert set(found) == {"buildings", "roads", "zones"}
        for camera_id in cams["camera_id"]:
            assert re.search(rf"\b{camera_id}\b", page) is None, camera_id
        for pole in cams["pole_no"].dropna():
            assert pole not in page
        assert "QD-SN-" not in page
        # no position (GeoJSON vertex, map centre or bounds) within 0.5 m of a camera
        # (C14 stands 2 m from a building's corner: buildings are public context)
        for lon, lat in camera_lonlat(opened):
            assert nearest_m(page, lon, lat) > 0.5
        # zones keep their figures and the number of cameras seeing them
        zones = found["zones"]["features"]
        assert len(zones) == 6
        for f in zones:
            assert f["properties"]["verdict"] in {"passed", "failed", "advisory"}
    # the check itself finds camera positions in the full map
    assert all(nearest_m(pages["full"], lon, lat) < 0.2 for lon, lat in camera_lonlat(opened))


def test_chinese(pages: dict[str, str], opened: OpenedProject) -> None:
    page = pages["zh"]
    found = layers(page)
    # layer names are JavaScript strings (ASCII-escaped), the legend is HTML
    for name in ("重点部位", "摄像机", "覆盖缺口"):
        assert json.dumps(name)[1:-1] in page
    assert "视频监控覆盖图" in page and "未达标" in page
    categories = {label("zone_category", c, "zh") for c in opened.project.zones["category"]}
    popups = " ".join(f["properties"]["popup"] for f in found["zones"]["features"])
    assert all(c in popups for c in categories)
    assert "覆盖率" in popups
    assert label("level", "identify", "zh") in page
    assert "Noto Sans CJK SC" in page  # a local CJK font is named first
    assert "达标" in pages["public_zh"]


def test_survey_findings_layer(opened: OpenedProject, tmp_path: Path) -> None:
    inventories = DATA / "inventories"
    specs = source_specs(
        [
            ("filings", inventories / "filings.xlsx"),
            ("platform", inventories / "platform.csv"),
            ("property", inventories / "property.csv"),
            ("survey", inventories / "survey.csv"),
        ]
    )
    loaded = load_sources(specs, project_crs=opened.project.crs)
    result = reconcile(
        loaded, ruleset=opened.ruleset, as_of=dt.date(2026, 11, 25), project=opened.project
    )
    project = opened.project.with_extra_layers(**result.tables)
    with_survey = dataclasses.replace(opened, project=project)
    full = write_web_map(tmp_path / "s.html", with_survey).read_text(encoding="utf-8")
    table = result.tables["survey_findings"]
    located = int(table.geometry.notna().sum() - table.geometry.is_empty.sum())
    survey = layers(full)["survey_findings"]["features"]
    assert len(survey) == located > 0
    popups = " ".join(f["properties"]["popup"] for f in survey)
    located_rows = table[table.geometry.notna()]
    assert all(d in popups for d in located_rows["device_id"].dropna())
    assert all(p in popups for p in located_rows["pole_no"].dropna())
    public = write_web_map(tmp_path / "p.html", with_survey, public=True).read_text()
    assert "survey_findings" not in layers(public)
    for code in (*table["device_id"].dropna(), *table["pole_no"].dropna()):
        assert not str(code).strip() or str(code) not in public, code


def test_helsinki_is_credited(tmp_path: Path) -> None:
    helsinki = DATA / "helsinki.gpkg"
    if not helsinki.exists():
        pytest.skip("no Helsinki sample")
    page = write_web_map(tmp_path / "h.html", open_project(helsinki), public=True)
    text = page.read_text(encoding="utf-8")
    assert OSM_CREDIT in text
    assert external_urls(text) == []
