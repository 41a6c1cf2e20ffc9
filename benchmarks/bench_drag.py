"""Frames per second while a camera is dragged on the real sample district.

Each frame is what the window does on one mouse move: the document's live
gesture update (incremental view + zone coverage), the map items of that camera
and the zone figures redrawn, and the viewport repainted (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_drag.py [PROJECT.gpkg]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from planner.core.coverage import coverage_state
from planner.io.project import read_project
from planner.io.rulesets import load_ruleset
from planner.ui.document import ProjectDocument

DEFAULT = Path(__file__).resolve().parents[1] / "data" / "helsinki.gpkg"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    app = QApplication.instance() or QApplication([])
    from PySide6.QtCore import QSettings

    from planner.ui.i18n import Translations
    from planner.ui.main_window import MainWindow

    project = read_project(path)
    ruleset = load_ruleset(project.ruleset)
    document = ProjectDocument()
    settings = QSettings("CoveragePlannerBench", "bench")
    window = MainWindow(document, settings, Translations(app, settings))
    window.resize(1600, 1000)
    window.show()
    document.load(
        project,
        ruleset,
        coverage_state(project.cameras, project.zones, project.buildings, ruleset=ruleset),
        path,
    )
    app.processEvents()
    rng = np.random.default_rng(0)
    frames = []
    ids = document.camera_ids()
    for camera_id in rng.choice(ids, size=min(10, len(ids)), replace=False):
        document.select_cameras([camera_id])
        window.map_view.zoom_to_selection()
        app.processEvents()
        start = document.camera(camera_id)
        document.begin_gesture(camera_id)
        for step in range(30):
            began = time.perf_counter()
            document.update_gesture(
                x=start["x"] + 0.5 * step,
                y=start["y"] + 0.3 * step,
                bearing_deg=(start["bearing_deg"] or 0.0) + 2.0 * step,
            )
            window.map_view.viewport().repaint()
            app.processEvents()
            frames.append(time.perf_counter() - began)
        document.finish_gesture("bench")
    ms = np.array(frames) * 1000
    print(
        f"{path.name}: {len(ids)} cameras; drag frame time median {np.median(ms):.1f} ms, "
        f"p95 {np.percentile(ms, 95):.1f} ms → {1000 / np.median(ms):.0f} fps median, "
        f"{1000 / np.percentile(ms, 95):.0f} fps at p95"
    )
    settings.clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
