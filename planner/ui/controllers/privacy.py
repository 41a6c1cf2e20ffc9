"""Keeping the privacy findings up to date: the check runs in the background as cameras change.

:func:`planner.services.privacy.check_privacy` (what ``planner privacy`` runs)
runs in a :class:`~planner.ui.workers.Task` after a project is loaded or its
layers are replaced, and whenever cameras change — debounced, and never during
a drag: the drag's end arrives as one more ``camerasChanged``. The result goes
to the document (:meth:`ProjectDocument.set_privacy`), which owns it; the
controller keeps only the running task and the debounce timer.

``checking()`` when a check starts, ``progressed(fraction)`` while it runs,
``failed(text)`` and ``stopped()`` when it ends without a result (a finished
check is the document's ``privacyChanged``).
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QObject, QTimer, Signal

from planner.core.privacy import PrivacyReport
from planner.services.privacy import check_privacy
from planner.ui.document import ProjectDocument
from planner.ui.workers import Task

#: Quiet time after the last camera change before the findings are recomputed.
RECOMPUTE_DELAY_MS = 400


class PrivacyController(QObject):
    """Runs the privacy check of the document's cameras whenever they change."""

    checking = Signal()
    progressed = Signal(float)
    failed = Signal(str)
    stopped = Signal()

    def __init__(self, document: ProjectDocument, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._task: Task | None = None
        self._edits = 0  # bumped on every change: results of older inputs are dropped
        self._task_edits = 0
        self._pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(RECOMPUTE_DELAY_MS)
        self._timer.timeout.connect(self._start)
        document.projectReplaced.connect(self.refresh)
        document.camerasChanged.connect(self._on_cameras_changed)
        if document.is_open:
            self.refresh()

    @property
    def busy(self) -> bool:
        """Whether findings are being (or about to be) recomputed."""
        return self._task is not None or self._timer.isActive() or self._pending

    @property
    def running(self) -> bool:
        """Whether a check is running now (it can be stopped)."""
        return self._task is not None

    def refresh(self) -> None:
        """Check again now (not waiting for the debounce delay)."""
        self._timer.stop()
        self._edits += 1
        self._start()

    def stop(self) -> None:
        """Cancel the running check (the next edit starts a new one)."""
        if self._task is not None:
            self._task.cancel()

    def _on_cameras_changed(self, _camera_ids: object) -> None:
        self._edits += 1
        self.checking.emit()
        self._timer.start()

    def _start(self) -> None:
        document = self._document
        if not document.is_open or document.ruleset is None or document.project is None:
            return
        if document.gesture_camera is not None:
            return  # the drag's end arrives as one more camerasChanged
        if self._task is not None:
            self._pending = True  # run again with the newest cameras when this one ends
            return
        self._pending = False
        function = functools.partial(
            check_privacy, document.project, document.ruleset, state=document.state
        )
        task = Task(lambda progress: function(progress=progress))
        self._task = task
        self._task_edits = self._edits
        generation = document.generation
        task.finished.connect(functools.partial(self._on_finished, generation))
        task.failed.connect(self._on_failed)
        task.cancelled.connect(self._on_cancelled)
        task.progressed.connect(self._on_progress)
        self.checking.emit()
        task.start()

    def _on_progress(self, fraction: float, _message: str) -> None:
        if self._task is not None:
            self.progressed.emit(fraction)

    def _on_finished(self, generation: int, report: PrivacyReport) -> None:
        if self._ended():
            self._document.set_privacy(report, generation)

    def _on_failed(self, message: str) -> None:
        if self._ended():
            self.failed.emit(message)

    def _on_cancelled(self) -> None:
        if self._ended():
            self.stopped.emit()

    def _ended(self) -> bool:
        """Forget the finished task; whether its result is for the current cameras."""
        self._task = None
        if self._pending or self._task_edits != self._edits:
            if not self._timer.isActive():
                self._start()  # the cameras changed while it ran: these figures are stale
            return False
        return True
