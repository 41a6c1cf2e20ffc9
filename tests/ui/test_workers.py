"""Background tasks: result, failure, cancel, and waiting from the GUI thread."""

import time

from planner.core.errors import InputError
from planner.ui.workers import Task


def test_result_arrives_and_wait_returns(qtbot) -> None:
    task = Task(lambda progress: (progress.report(0.5, "half"), 42)[1])
    results, fractions = [], []
    task.finished.connect(results.append)
    task.progressed.connect(lambda f, m: fractions.append(f))
    task.start()
    assert task.wait(5000)  # must not deadlock on the GUI thread
    qtbot.waitUntil(lambda: results == [42], timeout=5000)
    assert fractions == [0.5]


def test_planner_errors_become_messages(qtbot) -> None:
    def fail(progress):
        raise InputError("bad row", file="x.gpkg", row=3)

    task = Task(fail)
    with qtbot.waitSignal(task.failed, timeout=5000) as blocker:
        task.start()
    assert "x.gpkg" in blocker.args[0] and "row 3" in blocker.args[0]
    task.wait(5000)


def test_cancel_stops_a_cooperating_function(qtbot) -> None:
    def slow(progress):
        from planner.core.progress import check

        for k in range(1000):
            check(progress, k / 1000)
            time.sleep(0.005)
        return "finished"

    task = Task(slow)
    with qtbot.waitSignal(task.cancelled, timeout=5000):
        task.start()
        task.cancel()
    task.wait(5000)


def test_a_task_dropped_by_its_caller_still_finishes(qtbot) -> None:
    results = []

    def start():
        task = Task(lambda progress: (time.sleep(0.05), "done")[1])
        task.finished.connect(results.append)
        task.start()  # the caller keeps no reference

    start()
    qtbot.waitUntil(lambda: results == ["done"], timeout=5000)
    Task.stop_all(cancel=False)
    qtbot.waitUntil(lambda: not any(task.running for task in Task._alive), timeout=5000)
