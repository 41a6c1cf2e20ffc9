"""Default QGIS styles in the saved GeoPackage (planner/io/qgis_styles.py, docs/qgis.md).

The plain tests read the ``layer_styles`` table with SQLite. The QGIS tests
run Debian's PyQGIS (the system ``/usr/bin/python3``, not the venv) in a
subprocess, offscreen, and are skipped where it cannot import ``qgis.core``.

``python tests/test_qgis_styles.py`` renders docs/qgis-sample.png with QGIS.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from contextlib import closing
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from planner.io import qgis_styles
from planner.io.project import read_project, write_project

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample_estate.gpkg"
PICTURE = ROOT / "docs" / "qgis-sample.png"
SYSTEM_PYTHON = "/usr/bin/python3"
STYLED = ("buildings", "cameras", "private_areas", "roads", "zones")
#: QGIS 3.22's own "Save style to database" table (made by QGIS, read back with PRAGMA).
QGIS_COLUMNS = [
    ("id", "INTEGER", 1),
    ("f_table_catalog", "TEXT(256)", 0),
    ("f_table_schema", "TEXT(256)", 0),
    ("f_table_name", "TEXT(256)", 0),
    ("f_geometry_column", "TEXT(256)", 0),
    ("styleName", "TEXT(30)", 0),
    ("styleQML", "TEXT", 0),
    ("styleSLD", "TEXT", 0),
    ("useAsDefault", "BOOLEAN", 0),
    ("description", "TEXT", 0),
    ("owner", "TEXT(30)", 0),
    ("ui", "TEXT(30)", 0),
    ("update_time", "DATETIME", 0),
]


def _rows(path: Path) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute(
            "SELECT id, f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
            "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time "
            "FROM layer_styles ORDER BY id"
        ).fetchall()


def _saved_sample(path: Path) -> Path:
    write_project(path, read_project(SAMPLE))
    return path


def _add_user_style(path: Path, table: str, name: str = "my colours") -> tuple[object, ...]:
    """A row as QGIS writes one when the user saves a style (owner empty)."""
    with closing(sqlite3.connect(path)) as db, db:
        db.execute(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, "
            "f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description, "
            "owner) VALUES ('', '', ?, 'geom', ?, '<qgis/>', '', 1, 'mine', '')",
            (table, name),
        )
        return db.execute("SELECT * FROM layer_styles WHERE description = 'mine'").fetchone()


# ================================================================= the table, no QGIS
def test_every_styled_layer_gets_one_default_row(tmp_path: Path) -> None:
    path = _saved_sample(tmp_path / "estate.gpkg")
    rows = _rows(path)
    assert sorted(r[3] for r in rows) == list(STYLED)
    for row in rows:
        _, catalog, schema, table, column, name, qml, sld, default, _, owner, ui, time = row
        assert (catalog, schema, column, sld, default, ui) == ("", "", "geom", "", 1, None)
        assert (name, owner) == (qgis_styles.STYLE_NAME, qgis_styles.STYLE_OWNER)
        assert qml == qgis_styles.style_qml(str(table), "zh")  # the sample is a Qingdao project
        assert isinstance(time, str) and time.endswith("Z")


def test_the_table_has_the_schema_qgis_creates(tmp_path: Path) -> None:
    path = _saved_sample(tmp_path / "estate.gpkg")
    with closing(sqlite3.connect(path)) as db:
        columns = [(r[1], r[2], r[5]) for r in db.execute("PRAGMA table_info(layer_styles)")]
        contents = db.execute(
            "SELECT data_type, identifier, srs_id FROM gpkg_contents "
            "WHERE table_name = 'layer_styles'"
        ).fetchone()
        count = db.execute(
            "SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'layer_styles'"
        ).fetchone()
    assert columns == QGIS_COLUMNS
    assert contents == ("attributes", "layer_styles", 0)
    assert count == (len(STYLED),)  # GDAL's feature count, kept by its triggers


def test_saving_again_neither_duplicates_nor_rewrites_the_rows(tmp_path: Path) -> None:
    path = _saved_sample(tmp_path / "estate.gpkg")
    first = _rows(path)
    saved = write_project(path, read_project(path))
    write_project(path, saved)
    assert _rows(path) == first


def test_an_older_planner_row_is_updated_in_place(tmp_path: Path) -> None:
    path = _saved_sample(tmp_path / "estate.gpkg")
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE layer_styles SET styleQML = '<qgis/>' WHERE f_table_name = 'roads'")
    before = {r[3]: r for r in _rows(path)}
    write_project(path, read_project(path))
    after = {r[3]: r for r in _rows(path)}
    assert after["roads"][0] == before["roads"][0]
    assert after["roads"][6] == qgis_styles.style_qml("roads", "zh")
    assert {k: v for k, v in after.items() if k != "roads"} == {
        k: v for k, v in before.items() if k != "roads"
    }


@pytest.mark.parametrize("style_name", ["my colours", qgis_styles.STYLE_NAME])
def test_a_users_style_is_never_touched(tmp_path: Path, style_name: str) -> None:
    # the second case: the user edited the planner's style in QGIS and saved it
    # under the same name (QGIS then writes an empty owner): it is theirs now
    path = tmp_path / "estate.gpkg"
    write_project(path, read_project(SAMPLE))
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DELETE FROM layer_styles WHERE f_table_name = 'cameras'")
    user_row = _add_user_style(path, "cameras", style_name)
    others = [r for r in _rows(path) if r[3] != "cameras"]
    write_project(path, read_project(path))
    write_project(path, read_project(path))
    rows = _rows(path)
    assert [r for r in rows if r[3] == "cameras"] == [user_row]
    assert [r for r in rows if r[3] != "cameras"] == others


def test_a_users_later_style_makes_the_planner_step_aside(tmp_path: Path) -> None:
    path = _saved_sample(tmp_path / "estate.gpkg")
    ours = [r for r in _rows(path) if r[3] == "zones"]
    mine = _add_user_style(path, "zones")
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE layer_styles SET styleQML = '<old/>' WHERE id = ?", (ours[0][0],))
    stale = [r for r in _rows(path) if r[3] == "zones"]
    write_project(path, read_project(path))
    assert [r for r in _rows(path) if r[3] == "zones"] == stale
    assert mine in stale


def test_a_foreign_table_of_that_name_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "estate.gpkg"
    write_project(path, read_project(SAMPLE))
    with closing(sqlite3.connect(path)) as db, db:
        db.execute("DROP TABLE layer_styles")
        db.execute("CREATE TABLE layer_styles (f_table_name TEXT, colour TEXT)")
        db.execute("INSERT INTO layer_styles VALUES ('cameras', 'red')")
    write_project(path, read_project(path))
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("SELECT * FROM layer_styles").fetchall() == [("cameras", "red")]


def test_survey_layers_are_styled_when_present(tmp_path: Path) -> None:
    project = read_project(SAMPLE)
    findings = gpd.GeoDataFrame(
        {"finding": ["unowned"], "priority": [2]},
        geometry=[shapely.Point(project.cameras.geometry.iloc[0].coords[0])],
        crs=project.crs,
    )
    extras = {**project.extra_layers, "survey_findings": findings}
    path = tmp_path / "estate.gpkg"
    write_project(path, dataclasses.replace(project, extra_layers=extras))
    assert sorted(r[3] for r in _rows(path)) == sorted([*STYLED, "survey_findings"])


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_style_is_well_formed_qml(language: str) -> None:
    for table in qgis_styles.BUILDERS:
        qml = qgis_styles.style_qml(table, language)
        assert qml is not None
        root = ET.fromstring(qml.split("\n", 1)[1])
        assert root.tag == "qgis" and root.find("renderer-v2") is not None
    assert qgis_styles.style_qml("CAMERAS") == qgis_styles.style_qml("cameras")
    assert qgis_styles.style_qml("my_notes") is None


def test_a_new_file_declares_geopackage_1_2(tmp_path: Path) -> None:
    path = tmp_path / "new.gpkg"
    write_project(path, dataclasses.replace(read_project(SAMPLE), origin=None))
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA application_id").fetchone() == (0x47504B47,)  # 'GPKG'
        assert db.execute("PRAGMA user_version").fetchone() == (10200,)
    assert sorted(r[3] for r in _rows(path)) == list(STYLED)


# ================================================================= with real QGIS
QGIS_SCRIPT = r"""
import json, sys
from qgis.core import (
    QgsApplication, QgsCategorizedSymbolRenderer, QgsRuleBasedRenderer,
    QgsSingleSymbolRenderer, QgsSymbolLayer, QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor

app = QgsApplication([], False)
app.initQgis()
path, action = sys.argv[1], sys.argv[2]
out = {}
if action == "check":
    for name in ["cameras", "zones", "buildings", "private_areas", "roads",
                 "zones|geometrytype=Point", "zones|geometrytype=LineString"]:
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        message, ok = layer.loadDefaultStyle()
        renderer = layer.renderer()
        info = {"valid": layer.isValid(), "loaded": ok, "message": message,
                "renderer": renderer.type(), "labels": layer.labelsEnabled()}
        if isinstance(renderer, QgsCategorizedSymbolRenderer):
            categories = renderer.categories()
            info["attribute"] = renderer.classAttribute()
            info["categories"] = [c.value() for c in categories]
            symbol = categories[1].symbol()
            info["symbol_layers"] = [
                {"class": sl.layerType(), "angle": sl.dataDefinedProperties().property(
                    QgsSymbolLayer.PropertyAngle).expressionString()}
                for sl in symbol.symbolLayers()]
        if isinstance(renderer, QgsRuleBasedRenderer):
            info["rules"] = [
                [rule.filterExpression(), [c.filterExpression() for c in rule.children()]]
                for rule in renderer.rootRule().children()]
        if isinstance(renderer, QgsSingleSymbolRenderer):
            symbol = renderer.symbol()
            info["symbol_layers"] = [sl.layerType() for sl in symbol.symbolLayers()]
            info["colour"] = symbol.color().name()
        if layer.labelsEnabled():
            info["label_field"] = layer.labeling().settings().fieldName
        out[name] = info
elif action == "save-user-style":
    layer = QgsVectorLayer(f"{path}|layername=buildings", "buildings", "ogr")
    layer.loadDefaultStyle()
    layer.renderer().symbol().setColor(QColor("#ff0000"))
    layer.saveStyleToDatabase("my red buildings", "saved in QGIS", True, "")
    out["saved"] = True
print("RESULT" + json.dumps(out))
"""


def _qgis(path: Path, action: str) -> tuple[dict[str, object], str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [SYSTEM_PYTHON, "-c", QGIS_SCRIPT, str(path), action],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    line = next(t for t in done.stdout.splitlines() if t.startswith("RESULT"))
    return json.loads(line[len("RESULT") :]), done.stderr


def _has_qgis() -> bool:
    if not Path(SYSTEM_PYTHON).exists():
        return False
    try:
        done = subprocess.run(
            [SYSTEM_PYTHON, "-c", "import qgis.core"],
            capture_output=True,
            timeout=60,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


needs_qgis = pytest.mark.skipif(not _has_qgis(), reason="PyQGIS (/usr/bin/python3) not installed")


@needs_qgis
def test_qgis_loads_the_default_styles(tmp_path: Path) -> None:
    path = tmp_path / "estate.gpkg"
    write_project(path, dataclasses.replace(read_project(SAMPLE), origin=None))
    result, stderr = _qgis(path, "check")
    assert "partially supported" not in stderr  # GeoPackage 1.2: no warning in QGIS 3.22
    for info in result.values():
        assert info["valid"] and info["loaded"], info
    cameras = result["cameras"]
    assert cameras["renderer"] == "categorizedSymbol" and cameras["attribute"] == "status"
    assert cameras["categories"][:6] == [
        "planned", "in_service", "faulty", "offline", "removed", "unknown"
    ]  # fmt: skip
    angles = [sl["angle"] for sl in cameras["symbol_layers"]]
    assert '"bearing_deg"' in angles
    assert cameras["labels"] and cameras["label_field"] == "camera_id"
    for name in ("zones", "zones|geometrytype=Point", "zones|geometrytype=LineString"):
        zones = result[name]
        assert zones["renderer"] == "RuleRenderer"
        kinds = [rule[0] for rule in zones["rules"]]
        assert kinds == [f"geometry_type($geometry) = '{k}'" for k in ("Polygon", "Line", "Point")]
        for _, children in zones["rules"]:
            assert "\"category\" = 'estate_entrance'" in children and children[-1] == "ELSE"
    assert result["private_areas"]["symbol_layers"] == ["SimpleFill", "LinePatternFill"]
    assert result["buildings"]["colour"] == qgis_styles.BUILDING_FILL
    assert result["roads"]["renderer"] == "singleSymbol"


@needs_qgis
def test_a_style_saved_in_qgis_survives_the_next_save(tmp_path: Path) -> None:
    path = _saved_sample(tmp_path / "estate.gpkg")
    saved, _ = _qgis(path, "save-user-style")
    assert saved == {"saved": True}
    before = _rows(path)
    theirs = [r for r in before if r[3] == "buildings" and r[5] == "my red buildings"]
    assert len(theirs) == 1 and theirs[0][10] != qgis_styles.STYLE_OWNER
    write_project(path, read_project(path))
    assert _rows(path) == before
    result, _ = _qgis(path, "check")
    assert result["buildings"]["colour"] == "#ff0000"  # QGIS opens it with the user's style
    assert result["cameras"]["renderer"] == "categorizedSymbol"


# ================================================================= the picture
RENDER_SCRIPT = r"""
import sys
from qgis.core import (QgsApplication, QgsMapRendererCustomPainterJob, QgsMapSettings,
                       QgsRectangle, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize, Qt, QRectF
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter

app = QgsApplication([], False)
app.initQgis()
path, picture = sys.argv[1], sys.argv[2]
names = ["cameras", "zones|geometrytype=Point", "zones|geometrytype=LineString",
         "zones|geometrytype=Polygon", "private_areas", "buildings", "roads"]
layers = []
for name in names:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid() and layer.loadDefaultStyle()[1], name
    layers.append(layer)
extent = QgsRectangle()
for layer in layers:
    extent.combineExtentWith(layer.extent())
extent.scale(1.06)
settings = QgsMapSettings()
settings.setLayers(layers)  # the first is drawn on top
settings.setDestinationCrs(layers[0].crs())
settings.setExtent(extent)
size = QSize(820, 720)
settings.setOutputSize(size)
settings.setOutputDpi(110)
settings.setBackgroundColor(QColor("white"))
image = QImage(size, QImage.Format_ARGB32)
image.fill(QColor("white"))
painter = QPainter(image)
job = QgsMapRendererCustomPainterJob(settings, painter)
job.start()
job.waitForFinished()
painter.setPen(QColor("#333333"))
painter.setFont(QFont("DejaVu Sans", 9))
painter.drawText(QRectF(10, size.height() - 24, size.width() - 20, 20), Qt.AlignLeft,
                 "Coverage Planner sample project (invented data) with the default styles, "
                 "QGIS 3.22")
painter.end()
assert not job.errors(), [e.message for e in job.errors()]
image.save(picture, "png")
"""


def render_picture(picture: Path = PICTURE) -> None:
    """Render the sample project, as saved by the planner, with QGIS into ``picture``."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sample.gpkg"
        write_project(path, dataclasses.replace(read_project(SAMPLE), origin=None))
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        subprocess.run(
            [SYSTEM_PYTHON, "-c", RENDER_SCRIPT, str(path), str(picture)], check=True, env=env
        )


def test_the_picture_is_small_enough() -> None:
    assert PICTURE.exists() and PICTURE.stat().st_size < 300_000


if __name__ == "__main__":
    render_picture(Path(sys.argv[1]) if len(sys.argv) > 1 else PICTURE)


def test_legends_speak_the_project_language(tmp_path: Path) -> None:
    """A Qingdao project's legends are Chinese (the one vocabulary); a national-English one not."""
    path = _saved_sample(tmp_path / "estate.gpkg")
    qml = {r[3]: r[6] for r in _rows(path)}
    assert 'label="在用"' in qml["cameras"] and 'label="规划中"' in qml["cameras"]
    assert 'label="消防车通道"' in qml["zones"] and 'label="面状部位"' in qml["zones"]
    english = qgis_styles.style_qml("cameras", "en")
    assert 'label="In service"' in english and "在用" not in english
    assert 'label="Fire lane"' in qgis_styles.style_qml("zones", "en")
