"""`planner gui PROJECT --screenshot` never waits on a dialog: every case ends with an exit code.

Bad rows go to the Problems panel (and stderr), an autosave beside the project
is not restored (the question and its answer are printed), a broken file or a
project open in another window exits 2 with the message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from planner.io import gpkg

ESTATE = Path(__file__).resolve().parents[2] / "data" / "sample_estate.gpkg"
TIMEOUT = 120


def _planner() -> str:
    return shutil.which("planner", path=str(Path(sys.executable).parent)) or "planner"


def _screenshot(project: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [_planner(), "gui", str(project), "--screenshot", str(out)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,  # a modal dialog would hang here
        check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path)},
    )
    return result, out


def bad_rows_project(folder: Path) -> Path:
    """The sample estate with a camera height 'tall', a camera without geometry and a
    zone without id: three rows kept in the file but left out of computing."""
    path = folder / "bad.gpkg"
    shutil.copy(ESTATE, path)
    with gpkg.connect(path, read_only=False) as db:
        db.execute("UPDATE cameras SET height_m = 'tall' WHERE fid = 2")
        db.execute("UPDATE cameras SET geom = NULL WHERE fid = 3")
        db.execute("UPDATE zones SET zone_id = NULL WHERE fid = 1")
        db.commit()
    return path


def test_bad_rows_are_listed_not_asked_about(tmp_path: Path) -> None:
    result, out = _screenshot(bad_rows_project(tmp_path), tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    assert "'tall' is not a number" in result.stderr
    assert "3 problem(s)" in result.stderr


def test_autosave_beside_the_project_is_not_restored(tmp_path: Path) -> None:
    project = tmp_path / "estate.gpkg"
    shutil.copy(ESTATE, project)
    backup = tmp_path / "estate.autosave.gpkg"
    shutil.copy(ESTATE, backup)
    os.utime(project, (time.time() - 60, time.time() - 60))
    result, out = _screenshot(project, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Restore it?" in result.stderr and "answer: No" in result.stderr
    assert backup.is_file()  # kept for a session that can ask
    assert out.is_file()


def test_broken_file_exits_2_with_the_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gpkg"
    broken.write_text("this is not a GeoPackage", encoding="utf-8")
    result, out = _screenshot(broken, tmp_path)
    assert result.returncode == 2
    assert "broken.gpkg" in result.stderr and "not a GeoPackage" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_project_open_in_another_window_is_refused(tmp_path: Path) -> None:
    from planner.io.project_lock import ProjectLock

    project = tmp_path / "estate.gpkg"
    shutil.copy(ESTATE, project)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from planner.io.project_lock import ProjectLock; "
            "ProjectLock(sys.argv[1]).acquire(); print('locked', flush=True); time.sleep(60)",
            str(project),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        result, _ = _screenshot(project, tmp_path)
        assert result.returncode == 2
        assert "already open in another" in result.stderr
    finally:
        holder.kill()
        holder.wait(10)
        holder.stdout.close()
    result, _ = _screenshot(project, tmp_path)  # the holder was killed: free again
    assert result.returncode == 0, result.stderr
    with ProjectLock(project) as lock:  # and the window gave it up when it quit
        assert lock.held
