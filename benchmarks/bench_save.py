"""Project save: speed of open and save, and what a kill -9 in the middle leaves behind.

Prints medians and p95 of reading and saving a synthetic large project (edit
of every camera's height, i.e. thousands of changed cells; and a save with
nothing changed), then runs many kill -9 trials (``tests/kill_save.py``) and
counts files that would not open, saves found half-done and temp files left.

    .venv/bin/python benchmarks/bench_save.py [TRIALS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from kill_save import large_project, run_trials

from planner.io.project import read_project, write_project


def _stats(label: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    print(
        f"{label:<34} median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"
    )


def main() -> None:
    trials = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as folder:
        path = large_project(Path(folder) / "big.gpkg")
        print(f"project: 3000 cameras, 12000 buildings, {path.stat().st_size / 1e6:.1f} MB")
        reads, edits, unchanged = [], [], []
        project = read_project(path)
        for round_ in range(1, 21):
            started = time.perf_counter()
            project = read_project(path)
            reads.append(time.perf_counter() - started)
            changed = project.with_layers(cameras=project.cameras.assign(height_m=float(round_)))
            started = time.perf_counter()
            project = write_project(path, changed)
            edits.append(time.perf_counter() - started)
            started = time.perf_counter()
            project = write_project(path, project)
            unchanged.append(time.perf_counter() - started)
        _stats("read", reads)
        _stats("save, every camera edited", edits)
        _stats("save, nothing changed", unchanged)

        results = run_trials(path, trials, seed=11, longest_s=0.8)
        broken = sum(not t.opened for t in results)
        half = sum(t.opened and len(t.heights) != 1 for t in results)
        mid_save = sum(t.temp_files_before_open > 0 for t in results)
        left = sum(t.temp_files_after_open > 0 for t in results)
        print(
            f"kill -9 trials: {trials}; killed mid-save {mid_save}; files that would not open "
            f"{broken}; half-done saves {half}; temp files left after opening {left}"
        )


if __name__ == "__main__":
    main()
