"""One window per project: the lock beside the project, across processes, gone with a crash."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.io.project_lock import ProjectLock, ProjectLockedError, holder_of, lock_path_for

HOLD = """
import sys, time
from planner.io.project_lock import ProjectLock
lock = ProjectLock(sys.argv[1])
lock.acquire()
print("locked", flush=True)
time.sleep(60)
"""


def _holder(project: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(project)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "locked"
    return process


def test_lock_file_is_hidden_beside_the_project(tmp_path: Path) -> None:
    assert lock_path_for(tmp_path / "estate.gpkg") == tmp_path / ".estate.gpkg.lock"


def test_second_lock_in_another_process_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "estate.gpkg"
    project.write_bytes(b"")
    process = _holder(project)
    try:
        with pytest.raises(ProjectLockedError, match="open in another window") as caught:
            ProjectLock(project).acquire()
        assert f"pid {process.pid}" in caught.value.holder
        assert holder_of(project) is not None
    finally:
        process.terminate()
        process.wait(10)
        process.stdout.close()
    lock = ProjectLock(project)
    lock.acquire()  # the holder ended: free again
    assert lock.held
    lock.release()
    assert not lock_path_for(project).exists()


def test_killed_process_leaves_no_lock(tmp_path: Path) -> None:
    project = tmp_path / "estate.gpkg"
    project.write_bytes(b"")
    process = _holder(project)
    process.send_signal(signal.SIGKILL)  # a crash: no clean-up ran
    process.wait(10)
    process.stdout.close()
    assert lock_path_for(project).exists()  # the file stays, the lock does not
    deadline = time.monotonic() + 5
    while holder_of(project) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    with ProjectLock(project) as lock:
        assert lock.held


def test_same_process_second_lock_is_refused_too(tmp_path: Path) -> None:
    project = tmp_path / "estate.gpkg"
    first = ProjectLock(project)
    first.acquire()
    with pytest.raises(ProjectLockedError):
        ProjectLock(project).acquire()  # flock locks open files: a second window is refused
    first.release()
    ProjectLock(project).acquire()


def test_without_fcntl_locking_is_a_no_op(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.io.project_lock as project_lock

    monkeypatch.setattr(project_lock, "fcntl", None)
    first, second = ProjectLock(tmp_path / "a.gpkg"), ProjectLock(tmp_path / "a.gpkg")
    first.acquire()
    second.acquire()
    assert not first.held and not second.held
    first.release()
