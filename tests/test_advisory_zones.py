"""Advisory zones (``mandatory = false`` in the ruleset) get no verdict (issue 10, item 2).

A hand-worked project judged by the Qingdao ruleset, where squares are
mandatory (Art. 7(1)) and fire lanes are advisory (``mandatory = false``,
Art. 7(7) cited for the estate's public areas). The standard camera ``c0``
(:data:`engine_helpers.BASE_CAMERA`) stands at the Helsinki origin, 5 m up,
looking east with a 90° lens: it sees nothing nearer than 8.66 m and detects
up to 1920/(2·tan 45°·25) = 38.4 m; there are no buildings, so

* the square x = 10…20, y = −5…5 is seen whole: 1.0, pass (needs 0.9);
* the fire lane y = −2, x = 10…50 (40 m) is seen up to x = √(38.4² − 2²):
  (√(38.4² − 4) − 10)/40 = 0.7087, below its 0.9 — but advisory: ``passed``
  null, "advisory" in the table, and left out of the passed/failed counts and
  the pass rate. The district: 2 zones, 1 passed, 0 failed, 1 advisory, pass
  rate 1.0 (before the fix: 1 failed, 0.5).

A district whose only zone is the fire lane has no mandatory zone: pass rate
null (JSON), "—" (table), never 0.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from pathlib import Path
from typing import Any

import pytest
import shapely
from engine_helpers import (
    HELSINKI,
    METRIC_CRS,
    box,
    camera,
    make_buildings,
    make_cameras,
    make_zones,
)
from pyproj import CRS
from PySide6.QtCore import Qt

from planner.cli import EXIT_OK, main
from planner.core.coverage import coverage_state
from planner.core.project import Project
from planner.core.summary import category_table, district_figures, zone_table
from planner.io.project import write_project
from planner.io.rulesets import load_ruleset

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

OX, OY = HELSINKI
DETECT_RANGE = 1920 / (2 * math.tan(math.radians(45.0)) * 25.0)  # 38.4 m
LANE_FRACTION = (math.sqrt(DETECT_RANGE**2 - 2.0**2) - 10.0) / 40.0  # 0.7087
QINGDAO = load_ruleset("qingdao")
SQUARE_ARTICLE = QINGDAO.zone_requirement("square").article
LANE_ARTICLE = QINGDAO.zone_requirement("fire_lane").article

SQUARE_ZONE = {
    "zone_id": "sq",
    "name": "Square",
    "category": "square",
    "required_level": "detect",
    "required_coverage": 0.9,
    "geometry": box(OX + 10, OY - 5, OX + 20, OY + 5),
}
LANE_ZONE = {
    "zone_id": "lane",
    "name": "Fire lane",
    "category": "fire_lane",
    "required_level": "detect",
    "required_coverage": 0.9,
    "geometry": shapely.LineString([(OX + 10, OY - 2), (OX + 50, OY - 2)]),
}


def test_the_ruleset_says_what_the_project_assumes() -> None:
    assert QINGDAO.zone_requirement("square").mandatory is True
    assert QINGDAO.zone_requirement("fire_lane").mandatory is False
    assert SQUARE_ARTICLE and LANE_ARTICLE


def _project(path: Path, zones: list[dict]) -> Path:
    project = Project.empty(CRS.from_epsg(METRIC_CRS), ruleset="qingdao").with_layers(
        cameras=make_cameras([camera(x=OX, y=OY, camera_id="c0")]),
        zones=make_zones(zones),
        buildings=make_buildings([]),
    )
    write_project(path, project)
    return path


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One mandatory zone (the square, passes) and one advisory zone (the fire lane)."""
    return _project(tmp_path_factory.mktemp("advisory") / "mixed.gpkg", [SQUARE_ZONE, LANE_ZONE])


@pytest.fixture(scope="module")
def advisory_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fire lane alone: a district without a mandatory zone."""
    return _project(tmp_path_factory.mktemp("advisory") / "lane.gpkg", [LANE_ZONE])


def _run(capsys: pytest.CaptureFixture[str], *argv: object) -> str:
    code = main(["coverage", *(str(a) for a in argv)])
    out, err = capsys.readouterr()
    assert code == EXIT_OK, err
    return out


def _json(capsys: pytest.CaptureFixture[str], project: Path) -> dict:
    return json.loads(_run(capsys, project, "--format", "json"))


# ---------------------------------------------------------------------------- JSON


def test_json_zone_records_carry_mandatory_and_article(
    capsys: pytest.CaptureFixture[str], mixed: Path
) -> None:
    doc = _json(capsys, mixed)
    zones = {z["zone_id"]: z for z in doc["zones"]}
    sq, lane = zones["sq"], zones["lane"]
    assert (sq["mandatory"], sq["article"], sq["passed"]) == (True, SQUARE_ARTICLE, True)
    assert sq["covered_fraction"] == pytest.approx(1.0, abs=0.005)
    assert (lane["mandatory"], lane["article"], lane["passed"]) == (False, LANE_ARTICLE, None)
    # the coverage of an advisory zone is still measured and reported
    assert lane["covered_fraction"] == pytest.approx(LANE_FRACTION, abs=0.005)
    assert lane["required_coverage"] == 0.9


def _counts(figures: dict) -> tuple:
    """zones, passed, failed, advisory, pass_rate of a district or category."""
    return tuple(figures[k] for k in ("zones", "passed", "failed", "advisory", "pass_rate"))


def test_json_district_and_categories_leave_advisory_zones_out(
    capsys: pytest.CaptureFixture[str], mixed: Path
) -> None:
    doc = _json(capsys, mixed)
    district = doc["district"]
    assert _counts(district) == (2, 1, 0, 1, 1.0)  # before the fix: 1 failed, rate 0.5
    assert district["length_covered_fraction"] == pytest.approx(LANE_FRACTION, abs=0.005)
    categories = {c["category"]: c for c in doc["categories"]}
    lane, square = categories["fire_lane"], categories["square"]
    assert (lane["mandatory"], lane["article"]) == (False, LANE_ARTICLE)
    assert _counts(lane) == (1, 0, 0, 1, None)
    assert (square["mandatory"], square["article"]) == (True, SQUARE_ARTICLE)
    assert _counts(square) == (1, 1, 0, 0, 1.0)


def test_json_district_without_a_mandatory_zone_has_no_pass_rate(
    capsys: pytest.CaptureFixture[str], advisory_only: Path
) -> None:
    doc = _json(capsys, advisory_only)
    assert _counts(doc["district"]) == (1, 0, 0, 1, None)
    [category] = doc["categories"]
    assert (category["category"], category["pass_rate"]) == ("fire_lane", None)


# ---------------------------------------------------------------------------- CSV


def test_csv_rows_carry_mandatory_and_article(
    capsys: pytest.CaptureFixture[str], mixed: Path
) -> None:
    reader = csv.DictReader(io.StringIO(_run(capsys, mixed, "--format", "csv")))
    assert list(reader.fieldnames or ())[-3:] == ["passed", "mandatory", "article"]
    rows = {r["zone_id"]: r for r in reader}
    assert (rows["sq"]["passed"], rows["sq"]["mandatory"], rows["sq"]["article"]) == (
        "True",
        "True",
        SQUARE_ARTICLE,
    )
    # null (advisory) is an empty cell
    assert (rows["lane"]["passed"], rows["lane"]["mandatory"], rows["lane"]["article"]) == (
        "",
        "False",
        LANE_ARTICLE,
    )


# ---------------------------------------------------------------------------- table


def _lines(out: str, first: str) -> list[str]:
    return [ln for ln in out.splitlines() if ln.split() and ln.split()[0] == first]


def test_table_says_advisory_with_the_article(
    capsys: pytest.CaptureFixture[str], mixed: Path
) -> None:
    out = _run(capsys, mixed)
    assert "FAIL" not in out
    [lane] = _lines(out, "lane")
    assert lane.split()[-1 - len(LANE_ARTICLE.split())] == "advisory"
    assert lane.endswith(LANE_ARTICLE)
    [sq] = _lines(out, "sq")
    assert sq.split()[-1 - len(SQUARE_ARTICLE.split())] == "pass"
    assert sq.endswith(SQUARE_ARTICLE)
    # columns: zones pass fail adv rate area length points
    [district] = _lines(out, "DISTRICT")
    assert district.split()[1:6] == ["2", "1", "0", "1", "100.0%"]
    [category] = _lines(out, "fire_lane")
    assert category.split()[1:6] == ["1", "0", "0", "1", "—"]
    assert category.endswith(LANE_ARTICLE)


def test_table_pass_rate_is_a_dash_without_a_mandatory_zone(
    capsys: pytest.CaptureFixture[str], advisory_only: Path
) -> None:
    out = _run(capsys, advisory_only)
    [district] = _lines(out, "DISTRICT")
    assert district.split()[1:6] == ["1", "0", "0", "1", "—"]


def test_gaps_layer_keeps_the_advisory_null(
    capsys: pytest.CaptureFixture[str], mixed: Path, tmp_path: Path
) -> None:
    gaps = tmp_path / "gaps.geojson"
    _run(capsys, mixed, "--gaps", gaps)
    features = json.loads(gaps.read_text(encoding="utf-8"))["features"]
    [lane] = [f["properties"] for f in features]  # the square is covered whole: no gap
    assert (lane["zone_id"], lane["passed"], lane["mandatory"]) == ("lane", None, False)


# ---------------------------------------------------------------------------- core


def test_zone_of_a_category_the_ruleset_does_not_know_is_advisory_without_article() -> None:
    # Qingdao has no pedestrian_street (Chongqing has): judged by the zone's own values
    zones = make_zones(
        [
            SQUARE_ZONE,
            {**SQUARE_ZONE, "zone_id": "ped", "category": "pedestrian_street"},
        ]
    )
    state = coverage_state(
        make_cameras([camera(x=OX, y=OY)]), zones, make_buildings([]), ruleset=QINGDAO
    )
    table = zone_table(state)
    assert table["mandatory"].tolist() == [True, False]
    assert table["passed"].tolist() == [True, None]
    assert table["article"].tolist()[0] == SQUARE_ARTICLE
    assert table["article"].isna().tolist() == [False, True]
    district = district_figures(table)
    assert (district["passed"], district["failed"], district["advisory"]) == (1, 0, 1)
    categories = category_table(table).set_index("category")
    assert not categories.loc["pedestrian_street", "mandatory"]
    assert categories["article"].isna().tolist() == [True, False]  # pedestrian_street, square


def test_empty_district_has_no_pass_rate() -> None:
    zones = make_zones([LANE_ZONE])
    state = coverage_state(
        make_cameras([camera(x=OX, y=OY)]), zones.iloc[:0], make_buildings([]), ruleset=QINGDAO
    )
    figures = district_figures(zone_table(state))
    assert (figures["zones"], figures["pass_rate"], figures["advisory"]) == (0, None, 0)


# ---------------------------------------------------------------------------- window


def _zone_panel(qtbot, path: Path) -> Any:
    """The window's zone panel on the project at ``path``, judged by Qingdao's rules."""
    from planner.io.project import read_project
    from planner.ui.document import ProjectDocument
    from planner.ui.panels.zones_panel import ZonePanel

    project = read_project(path)
    state = coverage_state(project.cameras, project.zones, project.buildings, ruleset=QINGDAO)
    document = ProjectDocument()
    document.load(project, QINGDAO, state, path)
    panel = ZonePanel(document)
    qtbot.addWidget(panel)
    return panel


def test_zone_panel_shows_advisory_and_leaves_it_out_of_the_totals(qtbot, mixed: Path) -> None:
    from planner.ui.panels.zones_panel import PASSED_ROLE, ZoneTableModel

    panel = _zone_panel(qtbot, mixed)
    model = panel.model
    lane = model.index(model.row_of("lane"), ZoneTableModel.RESULT)
    assert lane.data() == "Advisory"
    assert lane.data(PASSED_ROLE) is None
    assert LANE_ARTICLE in lane.data(Qt.ItemDataRole.ToolTipRole)
    square = model.index(model.row_of("sq"), ZoneTableModel.RESULT)
    assert square.data(PASSED_ROLE) is True
    assert SQUARE_ARTICLE in square.data(Qt.ItemDataRole.ToolTipRole)

    panel.failing_check.setChecked(True)  # the lane is below its target, yet never "failing"
    assert panel.proxy.rowCount() == 0
    panel.failing_check.setChecked(False)

    assert panel.totals_label.text() == "1 of 1 mandatory zones pass (100 %); 0 fail; 1 advisory."
    summary = panel.summary_model
    headers = [
        summary.headerData(c, Qt.Orientation.Horizontal) for c in range(summary.columnCount())
    ]
    lane_row = next(
        r
        for r in range(summary.rowCount())
        if summary.index(r, 0).data() != "All zones"
        and summary.index(r, headers.index("Advisory")).data() == "1"
    )
    figures = {h: summary.index(lane_row, c).data() for c, h in enumerate(headers)}
    assert (figures["Passed"], figures["Failed"], figures["Pass rate"]) == ("0", "0", "—")


def test_zone_panel_without_a_mandatory_zone_shows_no_pass_rate(qtbot, advisory_only: Path) -> None:
    panel = _zone_panel(qtbot, advisory_only)
    assert panel.totals_label.text() == "0 of 0 mandatory zones pass (—); 0 fail; 1 advisory."
