"""`planner gui PROJECT --screenshot FILE.png` renders the window headless and exits 0."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from planner.services.export_log import read_export_log

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"


def _planner() -> str:
    return shutil.which("planner", path=str(Path(sys.executable).parent)) or "planner"


def test_screenshot_of_the_sample_estate(tmp_path) -> None:
    out = tmp_path / "window.png"
    result = subprocess.run(
        [_planner(), "gui", str(ESTATE), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env={
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.width() >= 1200 and image.height() >= 800
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 6) for y in range(0, image.height(), 6)
    }
    assert len(colours) > 60  # map layers, zone colours, tables: not a blank window


def test_screenshot_of_a_missing_project_fails_cleanly(tmp_path) -> None:
    result = subprocess.run(
        [_planner(), "gui", str(tmp_path / "nope.gpkg"), "--screenshot", str(tmp_path / "x.png")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "nope.gpkg" in result.stderr and "Traceback" not in result.stderr


def test_export_map_writes_the_map_headless_like_file_export(tmp_path) -> None:
    """`planner gui PROJECT --export-map FILE`: the window's File → Export map, headless."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)}
    project = tmp_path / "estate.gpkg"  # a copy: the export is logged in the project
    shutil.copyfile(ESTATE, project)
    for name in ("map.png", "map.pdf"):
        out = tmp_path / name
        result = subprocess.run(
            [_planner(), "gui", str(project), "--export-map", str(out), "--purpose", name],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
            env=env,
        )
        assert result.returncode == 0, result.stderr
        assert f"map written to {out}" in result.stderr
    image = QImage(str(tmp_path / "map.png"))
    assert image.width() >= 1000  # the map alone, at export resolution
    assert (tmp_path / "map.pdf").read_bytes().startswith(b"%PDF")
    log = read_export_log(project)
    assert list(log["kind"]) == ["map_image", "map_pdf"]
    assert list(log["path"]) == [str(tmp_path / "map.png"), str(tmp_path / "map.pdf")]
    assert list(log["purpose"]) == ["map.png", "map.pdf"]
    bad = subprocess.run(
        [_planner(), "gui", str(project), "--export-map", str(tmp_path / "map.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert bad.returncode == 2 and "map.txt" in bad.stderr
