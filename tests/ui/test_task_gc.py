"""No cyclic garbage collection runs in a worker thread (it crashed the interpreter)."""

from __future__ import annotations

import gc
import threading
from typing import Any

from planner.ui.workers import Task


def test_collection_is_paused_while_a_task_runs_and_resumed_after(qtbot: Any) -> None:
    assert gc.isenabled()
    seen: list[bool] = []
    task = Task(lambda progress: seen.append(gc.isenabled()) or 42)
    with qtbot.waitSignal(task.finished, timeout=10_000) as done:
        task.start()
    assert done.args == [42]
    assert seen == [False]  # inside the worker: no automatic collection
    qtbot.waitUntil(lambda: not task.running, timeout=10_000)
    assert gc.isenabled()  # the GUI thread collects again once no task runs


def test_two_tasks_keep_collection_paused_until_both_end(qtbot: Any) -> None:
    release = threading.Event()
    first = Task(lambda progress: 1)
    second = Task(lambda progress: release.wait(10) and 2)
    with qtbot.waitSignal(first.finished, timeout=10_000):
        first.start()
        second.start()
    qtbot.waitUntil(lambda: not first.running, timeout=10_000)
    assert not gc.isenabled()  # the first has ended, the second still runs
    with qtbot.waitSignal(second.finished, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: not second.running, timeout=10_000)
    assert gc.isenabled()
