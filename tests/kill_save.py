"""Kill -9 a process while it saves a project; the file must open, old or new, never half.

Shared by ``tests/test_kill_save.py`` (a few dozen trials in the suite) and
``benchmarks/bench_kill_save.py`` (many more). A forked child saves the
project again and again — each save gives every camera the height of its
round — and is killed with SIGKILL at a random moment. Afterwards the file
must open, every camera must carry one and the same round's height (a save
is all or nothing), and opening the file must remove the temp file the
killed save left behind.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.core.project import Project
from planner.core.schema import BUILDINGS, CAMERAS, conform_layer
from planner.io.project import read_project, write_project

CRS = 32635
X0, Y0 = 385_000.0, 6_672_000.0


def large_project(path: Path, *, cameras: int = 3000, buildings: int = 12000) -> Path:
    """Write a synthetic project big enough that a save takes a noticeable time."""
    rng = np.random.default_rng(7)
    xy = rng.uniform(0, 4000, size=(cameras, 2))
    cams = gpd.GeoDataFrame(
        {
            "camera_id": [f"C{k:05d}" for k in range(cameras)],
            "height_m": 0.0,
            "bearing_deg": rng.uniform(0, 360, cameras),
            "remarks": [f"pole {k}" for k in range(cameras)],
        },
        geometry=shapely.points(X0 + xy[:, 0], Y0 + xy[:, 1]),
        crs=CRS,
    )
    corners = rng.uniform(0, 4000, size=(buildings, 2))
    boxes = shapely.box(
        X0 + corners[:, 0], Y0 + corners[:, 1], X0 + corners[:, 0] + 8, Y0 + corners[:, 1] + 12
    )
    blds = gpd.GeoDataFrame({"height_m": rng.uniform(3, 60, buildings)}, geometry=boxes, crs=CRS)
    empty = Project.empty(CRS)
    project = empty.with_layers(
        cameras=conform_layer(cams, CAMERAS).frame,
        buildings=conform_layer(blds, BUILDINGS).frame,
    )
    write_project(path, project)
    return path


def _save_forever(path: str) -> None:
    """The child: save rounds 1, 2, 3… until killed."""
    project = read_project(path)
    start = int(project.cameras["height_m"].max()) + 1
    for round_ in range(start, start + 1_000_000):
        cams = project.cameras.assign(height_m=float(round_))
        fresh = round_ % 4 == 0  # now and then a save from scratch (no file to start from)
        changed = project.with_layers(cameras=cams)
        if fresh:
            changed = Project.empty(project.crs).with_layers(
                cameras=cams.assign(fid=pd.array([pd.NA] * len(cams), dtype="Int64")),
                buildings=project.buildings.assign(
                    fid=pd.array([pd.NA] * len(project.buildings), dtype="Int64")
                ),
            )
        project = write_project(path, changed, overwrite_changed=True)


@dataclass(frozen=True)
class Trial:
    """What one kill left behind."""

    delay_s: float
    opened: bool
    heights: tuple[float, ...]
    temp_files_before_open: int  # > 0: the kill landed in the middle of a save
    temp_files_after_open: int
    rows: int


def kill_trial(path: Path, *, delay_s: float) -> Trial:
    """Fork a saver, kill it after ``delay_s``, then open the file and look."""
    context = multiprocessing.get_context("fork")
    child = context.Process(target=_save_forever, args=(str(path),), daemon=True)
    child.start()
    time.sleep(delay_s)
    if child.pid is not None:
        os.kill(child.pid, signal.SIGKILL)
    child.join()
    before = len(_leftovers(path))
    try:
        project = read_project(path)
    except Exception:  # any failure to open is what the trial exists to catch
        return Trial(delay_s, False, (), before, -1, 0)
    heights = tuple(sorted(set(project.cameras["height_m"].tolist())))
    return Trial(delay_s, True, heights, before, len(_leftovers(path)), len(project.cameras))


def _leftovers(path: Path) -> list[Path]:
    return [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.")]


def run_trials(path: Path, trials: int, *, seed: int = 1, longest_s: float = 0.8) -> list[Trial]:
    """``trials`` kills at random moments up to ``longest_s`` after the saver starts."""
    rng = random.Random(seed)
    return [kill_trial(path, delay_s=rng.uniform(0.05, longest_s)) for _ in range(trials)]
