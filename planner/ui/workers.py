"""Long work off the GUI thread, with progress and Cancel.

A :class:`Task` runs a function in a ``QThread``; the function receives a
:class:`ThreadProgress` (the core ``Progress`` protocol) whose reports become
Qt signals and whose ``cancelled`` flag the Cancel button sets.
"""

from __future__ import annotations

import atexit
import gc
import threading
import traceback
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from planner.core.errors import CancelledError, PlannerError


class ThreadProgress(QObject):
    """The core ``Progress`` protocol, thread-safe, reporting through a Qt signal."""

    progressed = Signal(float, str)

    def __init__(self) -> None:
        super().__init__()
        self._cancel = threading.Event()

    def report(self, fraction: float, message: str = "") -> None:
        """Forward a report to the GUI thread (queued signal)."""
        self.progressed.emit(float(fraction), message)

    @property
    def cancelled(self) -> bool:
        """Whether Cancel was pressed."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the running function to stop at its next check."""
        self._cancel.set()


class _Runner(QObject):
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, function: Callable[[ThreadProgress], Any], progress: ThreadProgress):
        super().__init__()
        self._function = function
        self._progress = progress

    @Slot()
    def run(self) -> None:
        try:
            result = self._function(self._progress)
        except CancelledError:
            self.cancelled.emit()
        except PlannerError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # an unexpected bug: keep the window alive, show it
            self.failed.emit(f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}")
        else:
            self.finished.emit(result)


class Task(QObject):
    """One background job. Connect to its signals, then :meth:`start` it.

    ``finished(result)``, ``failed(message)`` and ``cancelled()`` arrive in the
    GUI thread; ``progressed(fraction, message)`` while it runs. A started task
    keeps itself alive until its thread has stopped (callers may drop it at
    once), and :meth:`stop_all` runs at quit and at interpreter exit, because a
    QThread destroyed while running aborts the process.
    """

    _alive: ClassVar[set[Task]] = set()
    _hooks_installed: ClassVar[bool] = False
    _gc_paused: ClassVar[int] = 0

    progressed = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, function: Callable[[ThreadProgress], Any], parent: QObject | None = None):
        super().__init__(parent)
        self.progress = ThreadProgress()
        self.progress.progressed.connect(self.progressed)
        self._thread = QThread()
        self._runner = _Runner(function, self.progress)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        for source, target in (
            (self._runner.finished, self.finished),
            (self._runner.failed, self.failed),
            (self._runner.cancelled, self.cancelled),
        ):
            source.connect(target)
            # quit() is thread-safe: call it from the worker thread directly, so a
            # GUI thread blocked in wait() does not have to process a queued call
            source.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._cleanup)
        self.running = False

    def start(self) -> None:
        """Run the function in its thread."""
        Task._install_quit_hooks()
        Task._alive.add(self)
        self.running = True
        Task._pause_gc()
        self._thread.start()

    @classmethod
    def _pause_gc(cls) -> None:
        """No cyclic garbage collection while a worker runs.

        Python collects cycles in whichever thread happens to allocate; a
        collection in a worker thread that finalises a Qt object of the GUI
        thread (a dropped dialog, a model) crashes the interpreter. While any
        task runs, automatic collection is off; reference counting still frees
        everything that is not in a cycle, and the GUI thread collects the rest
        when the last task has ended.
        """
        if cls._gc_paused == 0:
            gc.disable()
        cls._gc_paused += 1

    @classmethod
    def _resume_gc(cls) -> None:
        cls._gc_paused = max(cls._gc_paused - 1, 0)
        if cls._gc_paused == 0:
            gc.enable()
            gc.collect(0)  # in the GUI thread

    @classmethod
    def stop_all(cls, *, cancel: bool = True, msecs: int = 30_000) -> None:
        """Ask every running task to stop (or let it finish) and wait for its thread."""
        for task in list(cls._alive):
            if cancel:
                task.cancel()
            task.wait(msecs)

    @classmethod
    def _install_quit_hooks(cls) -> None:
        if cls._hooks_installed:
            return
        cls._hooks_installed = True
        atexit.register(cls.stop_all)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(cls.stop_all)

    def cancel(self) -> None:
        """Ask the function to stop; ``cancelled`` follows when it has."""
        self.progress.cancel()

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the thread ends (tests, shutdown)."""
        return self._thread.wait(msecs)

    def _cleanup(self) -> None:
        self.running = False
        self._runner.deleteLater()
        if self in Task._alive:
            Task._alive.discard(self)
            Task._resume_gc()


class TaskRunner(QObject):
    """A controller that runs one background Task at a time and says so.

    ``busy(message)`` when a task starts, ``progress(fraction, message)`` while
    it runs, ``idle()`` when it has ended (finished, failed or cancelled); the
    status bar listens to these. Subclasses call :meth:`run_task` and keep
    their actions' enabled state in :meth:`_update_actions`.
    """

    busy = Signal(str)
    progress = Signal(float, str)
    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._task: Task | None = None

    @property
    def is_busy(self) -> bool:
        """Whether a task is running."""
        return self._task is not None

    def cancel_current(self) -> None:
        """Ask the running task to stop; what is shown stays as it was."""
        if self._task is not None:
            self._task.cancel()

    def run_task(
        self,
        message: str,
        function: Callable[[ThreadProgress], Any],
        on_done: Callable[[Any], None],
        on_failed: Callable[[str], None],
    ) -> bool:
        """Run ``function`` in a background Task; False while another one runs.

        ``on_done(result)`` or ``on_failed(text)`` follow in the GUI thread when
        it ends (nothing on cancel).
        """
        if self._task is not None:
            return False
        task = Task(function)
        self._task = task
        task.progressed.connect(self.progress)
        task.finished.connect(lambda result: self._task_ended(lambda: on_done(result)))
        task.failed.connect(lambda text: self._task_ended(lambda: on_failed(text)))
        task.cancelled.connect(lambda: self._task_ended(lambda: None))
        self._update_actions()
        self.busy.emit(message)
        task.start()
        return True

    def _task_ended(self, then: Callable[[], None]) -> None:
        self._task = None
        self._update_actions()
        self.idle.emit()
        then()

    def _update_actions(self) -> None:
        """Enable or disable the subclass's actions for busy/idle (nothing by default)."""
