"""Tools → Plan new cameras…: the rollout optimiser in the window, as ``planner optimise``.

The plan is computed by the same service as the command line
(:func:`planner.services.optimise.plan_rollout`) from what the document holds,
in a background :class:`~planner.ui.workers.Task` with progress and Cancel.
The result goes to the document (:meth:`ProjectDocument.set_rollout`, with the
``generation`` it was planned for), which owns it; accepting or rejecting a
proposal is one undo step there. The controller keeps only its running task
and the (non-modal) dialog.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from planner.core.progress import Progress
from planner.services.optimise import Rollout, RolloutRequest, plan_rollout
from planner.services.project import OpenedProject
from planner.ui.controllers.export_dialog import show_failure
from planner.ui.controllers.rollout_dialog import RolloutDialog
from planner.ui.document import ProjectDocument
from planner.ui.workers import TaskRunner


class RolloutController(TaskRunner):
    """Plans new cameras in the background; accepts and rejects proposals through the document.

    ``busy(message)``, ``progress(fraction, message)`` and ``idle()`` report the
    task like the other controllers'; ``failed(title, message)`` a plan that
    could not be made (the window shows it with :meth:`show_failure`).
    """

    failed = Signal(str, str)

    def __init__(
        self,
        document: ProjectDocument,
        window: QWidget | None = None,
        *,
        headless: bool = False,
    ) -> None:
        """``headless``: no dialog opens; failures go to stderr."""
        super().__init__(window)
        self.document = document
        self._window = window
        self.headless = headless
        self.dialog: RolloutDialog | None = None  # made when first asked for
        self.plan_action = QAction(self)
        self.plan_action.triggered.connect(lambda: self.open_dialog())
        self.retranslate()
        document.projectReplaced.connect(self._project_replaced)
        self._update_actions()

    def retranslate(self) -> None:
        """Name the action in the current language."""
        self.plan_action.setText(self.tr("&Plan new cameras…"))
        self.plan_action.setToolTip(
            self.tr(
                "Where the next cameras go: proposals at least cost or within a budget, "
                "to accept or reject on the map"
            )
        )

    def show_failure(self, title: str, message: str) -> None:
        """Tell the user the plan failed, not blocking (stderr when headless)."""
        show_failure(self._window, title, message, headless=self.headless)

    # ------------------------------------------------------------------ planning
    def open_dialog(self) -> RolloutDialog | None:
        """Show the goal-and-limits dialog (non-modal); None when headless or nothing is open."""
        document = self.document
        if self.headless or not document.is_open or document.state is None:
            return None
        if self.dialog is None:
            categories = sorted(set(document.state.zones["category"].astype(str)))
            self.dialog = RolloutDialog(categories, self._window)
            self.dialog.planRequested.connect(self.plan)
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()
        return self.dialog

    def plan(self, request: RolloutRequest) -> bool:
        """Plan ``request`` in the background; the document shows the result when it ends.

        Returns whether the planning started (not while another one runs).
        """
        document = self.document
        if not document.is_open or self.is_busy:
            return False
        assert document.project is not None and document.ruleset is not None
        assert document.state is not None
        opened = OpenedProject(document.project, document.ruleset, document.state, ())
        generation = document.generation
        return self.run_task(
            self.tr("Planning new cameras…"),
            functools.partial(_plan, opened, request),
            functools.partial(self._planned, generation),
            lambda text: self.failed.emit(self.tr("Cannot plan new cameras"), text),
        )

    def _planned(self, generation: int, rollout: Rollout) -> None:
        # a plan of a project closed meanwhile is dropped by the document
        self.document.set_rollout(rollout, generation)

    # ------------------------------------------------------------------ proposals
    def accept(self, proposal_ids: Iterable[str]) -> list[str]:
        """Make these proposals cameras: one undo step. Returns the cameras' ids."""
        return self.document.accept_proposals(list(proposal_ids))

    def accept_all(self) -> list[str]:
        """Make every proposal shown a camera: one undo step."""
        return self.document.accept_proposals(None)

    def reject(self, proposal_ids: Iterable[str]) -> None:
        """Take these proposals off the list: one undo step."""
        self.document.reject_proposals(list(proposal_ids))

    def clear(self) -> None:
        """Forget the plan shown (the proposals still on the list are dropped)."""
        self.document.set_rollout(None, self.document.generation)

    # ------------------------------------------------------------------ internals
    def _project_replaced(self) -> None:
        if self.dialog is not None:  # another project: other zone categories
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        self._update_actions()

    def _update_actions(self) -> None:
        self.plan_action.setEnabled(self.document.is_open and not self.is_busy)


def _plan(opened: OpenedProject, request: RolloutRequest, progress: Progress) -> Rollout:
    return plan_rollout(opened, request, progress=progress)
