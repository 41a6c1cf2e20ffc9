"""The open project as the window sees it: state, undo stack, selection and signals.

The document owns everything the user works on: the project's layers and
their coverage, the ownership survey shown and its settlements, the privacy
findings, the selection. Views and canvas items read from it and redraw on
its signals; gestures become calls on it, and every edit becomes an undo
command. Controllers run the long work (a survey, a privacy check) in the
background and hand the result here; they keep nothing that outlives a
gesture. All computation is delegated to :mod:`planner.core` and
:mod:`planner.services` (``update_cameras`` for the incremental path, called
on every mouse move of a drag).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication, QUndoCommand, QUndoStack

from planner.core.coverage import CoverageState, remove_cameras, update_cameras
from planner.core.edits import (
    Change,
    feature_row,
    position_of,
    replace_rows,
    rows_frame,
    validated_row,
)
from planner.core.errors import CameraError
from planner.core.privacy import PrivacyReport
from planner.core.project import Project
from planner.core.rulesets import Ruleset
from planner.core.schema import CAMERAS
from planner.core.survey import Settlement, Survey
from planner.core.views import CameraParameters, camera_parameters, moved_parameters
from planner.io.survey import with_registry
from planner.services.export_log import own_log_rows
from planner.services.optimise import Rollout, with_proposals
from planner.services.optimise import proposal_ids as unique_proposal_ids
from planner.services.survey import DEFAULT_MAX_DISTANCE_M, SurveyRun, resettled
from planner.ui.labels import field_label
from planner.ui.text import tr_format

#: Fields a drag may change live, without going through the table.
GESTURE_FIELDS = frozenset({"x", "y", "bearing_deg", "hfov_deg"})

CameraRow = dict[str, Any]
#: The name of an undo step: text, or a function giving it in the current language.
StepText = str | Callable[[], str]


class ProjectDocument(QObject):
    """The current project, its coverage, the undo stack and the shared selection."""

    projectReplaced = Signal()  # layers replaced (an open, a new project, an import): redraw
    projectLoaded = Signal()  # another project was opened or created (after projectReplaced)
    camerasChanged = Signal(object)  # tuple of camera ids added, edited, moved or removed
    coverageChanged = Signal()  # zone figures changed
    selectionChanged = Signal()
    modifiedChanged = Signal(bool)
    pathChanged = Signal(str)
    surveyChanged = Signal()  # the survey shown changed: a run, a settlement, an undo, a load
    privacyChanged = Signal()  # new privacy findings (None after another project is loaded)
    exportLogChanged = Signal()  # rows added to the export log (an export, rows adopted on save)
    rolloutChanged = Signal()  # a new rollout plan; proposals accepted, rejected or undone

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.project: Project | None = None
        self.ruleset: Ruleset | None = None
        self.state: CoverageState | None = None
        self.path: Path | None = None
        self.selected_cameras: tuple[str, ...] = ()
        self.selected_zone: str | None = None
        #: The ownership survey shown (its registry tables are in ``project``), or None.
        self.survey: SurveyRun | None = None
        #: The privacy findings of the cameras as they were last checked, or None.
        self.privacy: PrivacyReport | None = None
        #: The rollout plan shown: its proposals still to accept or reject, or None.
        self.rollout: Rollout | None = None
        #: Bumped by every :meth:`load`: results computed for an earlier project are dropped.
        self.generation = 0
        self._gesture: _Gesture | None = None
        # export log rows the file does not hold yet: unsaved, though not an undo step
        self._log_unsaved = False

    # ------------------------------------------------------------------ loading
    def load(
        self,
        project: Project,
        ruleset: Ruleset,
        state: CoverageState,
        path: str | Path | None,
    ) -> None:
        """Show a newly opened or created project (its coverage already computed)."""
        self.project = project
        self.ruleset = ruleset
        self.state = state
        self.path = Path(path) if path else None
        self.selected_cameras = ()
        self.selected_zone = None
        self.survey = None
        self.privacy = None
        self.rollout = None
        self.generation += 1
        self._gesture = None
        self._log_unsaved = False
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.projectReplaced.emit()
        self.coverageChanged.emit()
        self.selectionChanged.emit()
        self.surveyChanged.emit()
        self.privacyChanged.emit()
        self.rolloutChanged.emit()
        self.exportLogChanged.emit()
        self.pathChanged.emit(str(self.path or ""))
        self.modifiedChanged.emit(False)
        self.projectLoaded.emit()

    def replace_layers(
        self, state: CoverageState, *, text: StepText = "", **layers: gpd.GeoDataFrame
    ) -> None:
        """Replace whole layers (an import) with their recomputed coverage: one undo step.

        The history before it stays; undo puts the previous layers and coverage back.
        """
        if self.project is None or self.state is None:
            raise RuntimeError("no project is open")
        before = {name: self.project.layer(name) for name in layers}
        command = LayersCommand(self, (before, self.state), (dict(layers), state), text)
        self.undo_stack.push(command)

    def _on_clean_changed(self, clean: bool) -> None:
        self.modifiedChanged.emit(self.is_modified)

    def mark_saved(self, path: str | Path) -> None:
        """The project was written to ``path``."""
        only_log = self._log_unsaved and self.undo_stack.isClean()
        self.path = Path(path)
        self._log_unsaved = False
        self.undo_stack.setClean()  # emits modifiedChanged when there were edits
        self.pathChanged.emit(str(self.path))
        if only_log:
            self.modifiedChanged.emit(False)

    @property
    def is_modified(self) -> bool:
        """Whether there are changes not yet saved (edits, or export log rows not in the file)."""
        return not self.undo_stack.isClean() or self._log_unsaved

    # ------------------------------------------------------------------ export log
    def adopt_file_state(self, project: Project) -> None:
        """Take ``project``: the same layers with more export log rows, and maybe a new origin.

        A window export appends its row here (and to the file when it can:
        ``project`` then describes the file as it is now); a save adopts rows
        ``planner export`` appended to the file meanwhile. Not an edit: no undo
        step, nothing redrawn. The document counts as modified while it holds
        log rows its file does not (an untitled project, a file it could not
        write), so they are saved with it, never lost silently.
        """
        if self.project is None:
            raise RuntimeError("no project is open")
        was = self.is_modified
        self.project = project
        self._log_unsaved = bool(len(own_log_rows(project)))
        self.exportLogChanged.emit()
        if self.is_modified != was:
            self.modifiedChanged.emit(self.is_modified)

    @property
    def is_open(self) -> bool:
        """Whether a project is loaded."""
        return self.project is not None and self.state is not None

    # ------------------------------------------------------------------ reading
    def camera_ids(self) -> list[str]:
        """Ids of every camera, in table order."""
        return [] if self.project is None else self.project.cameras["camera_id"].tolist()

    def camera(self, camera_id: str) -> CameraRow:
        """One camera's fields as a dict, with ``x`` and ``y`` for its position.

        While the camera is being dragged, the live position, bearing and field
        of view are returned (the table is written when the gesture ends).
        """
        gesture = self._gesture
        if gesture is not None and gesture.camera_id == camera_id:
            return {**gesture.before, **gesture.current}
        table = self._cameras()
        return feature_row(table, position_of(table, CAMERAS, camera_id), layer="cameras")

    def camera_parameters(self, camera_id: str) -> CameraParameters:
        """What the engine computes with for this camera (empty fields resolved)."""
        table = self._cameras()
        return camera_parameters(table[table["camera_id"] == camera_id])

    def new_camera_id(self) -> str:
        """A camera id not used yet, numbered from CAM-001."""
        used = set(self.camera_ids())
        return next(f"CAM-{k:03d}" for k in itertools.count(1) if f"CAM-{k:03d}" not in used)

    # ------------------------------------------------------------------ editing
    def add_camera(self, fields: Mapping[str, Any]) -> str:
        """Add a camera (``x``/``y`` plus any schema fields); undoable. Returns its id."""
        row = dict(fields)
        row.setdefault("camera_id", self.new_camera_id())
        row.setdefault("status", "planned")
        row = self._validated(row)
        ident = row["camera_id"]
        text = lambda: tr_format(self.tr("Add camera %1"), ident)  # noqa: E731
        self.undo_stack.push(CameraRowsCommand(self, [None], [row], text))
        return ident

    def edit_camera(self, camera_id: str, /, **fields: Any) -> None:
        """Change fields of one camera (``x``/``y`` move it); undoable."""
        before = self.camera(camera_id)
        after = self._validated({**before, **fields})
        if after == before:
            return
        renamed = fields.get("camera_id", camera_id) != camera_id
        if renamed and fields["camera_id"] in self.camera_ids():
            raise CameraError(
                f"duplicate id {fields['camera_id']!r}", layer="cameras", field="camera_id"
            )
        changed = sorted(k for k in fields if before.get(k) != after.get(k))

        def text() -> str:
            names = self.tr(", ").join(field_label(k) for k in changed)
            return tr_format(self.tr("Edit %1 of %2"), names, camera_id)

        self.undo_stack.push(CameraRowsCommand(self, [before], [after], text))

    def remove_cameras(self, camera_ids: Iterable[str]) -> None:
        """Delete cameras; undoable."""
        ids = list(dict.fromkeys(camera_ids))
        if not ids:
            return
        before = [self.camera(c) for c in ids]

        def text() -> str:
            if len(ids) == 1:
                return tr_format(self.tr("Delete camera %1"), ids[0])
            return self.tr("Delete %n cameras", "", len(ids))

        self.undo_stack.push(CameraRowsCommand(self, before, [None] * len(ids), text))

    # ------------------------------------------------------------------ live gestures
    def begin_gesture(self, camera_id: str) -> None:
        """Start dragging, rotating or widening one camera."""
        self._gesture = _Gesture(
            camera_id, self.camera(camera_id), self.camera_parameters(camera_id)
        )

    def update_gesture(self, **fields: float) -> None:
        """Move the dragged camera live: its view and the zones it touches recompute now.

        Only :data:`GESTURE_FIELDS` change; the table is written when the
        gesture finishes, so each mouse move costs one incremental update.
        """
        gesture = self._require_gesture()
        unknown = set(fields) - GESTURE_FIELDS
        if unknown:
            raise ValueError(f"cannot change {', '.join(sorted(unknown))} while dragging")
        clean = {k: float(v) for k, v in fields.items()}
        if "bearing_deg" in clean:
            clean["bearing_deg"] %= 360.0
        if "hfov_deg" in clean:
            clean["hfov_deg"] = min(max(clean["hfov_deg"], 1.0), 179.0)
        gesture.current.update(clean)
        # the numbers the written row will give: an aimed camera of unknown bearing is a
        # sector, an empty vfov follows the new hfov
        gesture.params = moved_parameters(
            gesture.params, **{k: np.array([v]) for k, v in clean.items()}
        )
        self.state = update_cameras(self.state, gesture.params)
        self.camerasChanged.emit((gesture.camera_id,))
        self.coverageChanged.emit()

    def finish_gesture(self, text: StepText) -> None:
        """End the gesture: record it as one undo command (already applied).

        ``text`` names the step (a function giving it: named again after a
        language switch).
        """
        gesture = self._require_gesture()
        self._gesture = None
        after = {**gesture.before, **gesture.current}
        if after == gesture.before:
            return
        # pushing redoes it: that writes the final values into the table (the live
        # updates only touched the coverage state) at the cost of one more update
        self.undo_stack.push(CameraRowsCommand(self, [gesture.before], [after], text))

    def cancel_gesture(self) -> None:
        """Abandon the gesture and put the camera back."""
        gesture = self._require_gesture()
        self._gesture = None
        self._apply([Change(gesture.before, gesture.before)])

    @property
    def gesture_camera(self) -> str | None:
        """The camera being dragged, if any."""
        return self._gesture.camera_id if self._gesture else None

    def _require_gesture(self) -> _Gesture:
        if self._gesture is None:
            raise RuntimeError("no gesture in progress")
        return self._gesture

    # ------------------------------------------------------------------ ownership survey
    @property
    def survey_result(self) -> Survey | None:
        """The survey's findings shown, or None before the first run."""
        return self.survey.survey if self.survey is not None else None

    def set_survey(self, run: SurveyRun, generation: int | None = None) -> bool:
        """Show a new survey and store its registry in the project; one undo step.

        ``generation`` is :attr:`generation` when the survey started: a survey of
        a project since closed is dropped (returns False).
        """
        if generation is not None and generation != self.generation:
            return False
        devices = len(run.survey.matching.devices)
        text = lambda: self.tr("Ownership survey (%n device(s))", "", devices)  # noqa: E731
        self.undo_stack.push(SurveyRunCommand(self, run, text))
        return True

    def adopt_stored_survey(self, run: SurveyRun | None, generation: int) -> bool:
        """Show the survey the opened file holds, judged again: not an edit, nothing to save."""
        if generation != self.generation or run is None:
            return False
        self.survey = run
        self.surveyChanged.emit()
        return True

    def settle(
        self, device_key: str, field: str, value: str, note: str = "", *, on: dt.date | None = None
    ) -> None:
        """Decide a conflict (owner, maintainer, or which source's position); one undo step.

        The decision is stored in ``survey_settlements`` and the devices are
        judged again with it (nothing is read or matched again).
        """
        run = self.survey
        if run is None:
            raise RuntimeError("no survey has been run")
        settlement = Settlement(device_key, field, value, note, settled_on=on or dt.date.today())
        kept = [s for s in run.settlements if (s.device_key, s.field) != (device_key, field)]
        device_id = _device_id(run.survey, device_key)
        text = lambda: tr_format(self.tr("Settle %1 of %2"), field, device_id)  # noqa: E731
        self.undo_stack.push(SettleCommand(self, [*kept, settlement], text))

    def _show_survey(self, run: SurveyRun | None) -> None:
        """Make ``run`` the survey shown and its tables the project's registry."""
        self.survey = run
        if self.project is not None:
            self.project = with_registry(
                self.project,
                run.tables if run else None,
                survey=run.survey if run else None,
                max_distance_m=run.options.max_distance_m if run else DEFAULT_MAX_DISTANCE_M,
            )
        self.surveyChanged.emit()

    # ------------------------------------------------------------------ privacy findings
    def set_privacy(self, report: PrivacyReport, generation: int) -> bool:
        """Show the privacy findings checked for project ``generation`` (a result, not an edit)."""
        if generation != self.generation:
            return False
        self.privacy = report
        self.privacyChanged.emit()
        return True

    # ------------------------------------------------------------------ rollout proposals
    def set_rollout(self, rollout: Rollout | None, generation: int) -> bool:
        """Show the rollout planned for project ``generation`` (a result, not an edit).

        A plan of a project since closed is dropped (returns False); None clears it.
        """
        if generation != self.generation:
            return False
        self.rollout = rollout
        self.rolloutChanged.emit()
        return True

    def proposal_ids(self) -> list[str]:
        """Ids of the proposals still shown, in the plan's order."""
        if self.rollout is None:
            return []
        return self.rollout.proposals["camera_id"].astype(str).tolist()

    def accept_proposals(self, proposal_ids: Iterable[str] | None = None) -> list[str]:
        """Make proposals ordinary planned cameras (None: all of them); one undo step.

        Their camera fields are taken as :func:`with_proposals` gives them, ids
        renamed where they clash with a camera's (:func:`unique_proposal_ids`); they
        leave the proposal list. Returns the new cameras' ids.
        """
        rollout = self._require_rollout()
        chosen = self._proposal_mask(proposal_ids)
        taken = rollout.proposals[chosen]
        if not len(taken):
            return []
        cameras = self._cameras()
        added = with_proposals(cameras.iloc[:0], taken).reset_index(drop=True)
        added["camera_id"] = unique_proposal_ids(taken, self.camera_ids())
        rows = [self._validated(feature_row(added, k, layer="cameras")) for k in range(len(added))]
        ids = [row["camera_id"] for row in rows]
        after = replace(rollout, proposals=rollout.proposals[~chosen])

        def text() -> str:
            if len(ids) == 1:
                return tr_format(self.tr("Accept proposal %1"), ids[0])
            return self.tr("Accept %n proposal(s)", "", len(ids))

        self.undo_stack.push(ProposalsCommand(self, rows, (rollout, after), text))
        return ids

    def reject_proposals(self, proposal_ids: Iterable[str]) -> None:
        """Take proposals off the list (no camera is added); one undo step."""
        rollout = self._require_rollout()
        chosen = self._proposal_mask(proposal_ids)
        ids = rollout.proposals["camera_id"][chosen].astype(str).tolist()
        if not ids:
            return
        after = replace(rollout, proposals=rollout.proposals[~chosen])

        def text() -> str:
            if len(ids) == 1:
                return tr_format(self.tr("Reject proposal %1"), ids[0])
            return self.tr("Reject %n proposal(s)", "", len(ids))

        self.undo_stack.push(ProposalsCommand(self, [], (rollout, after), text))

    def _require_rollout(self) -> Rollout:
        if self.rollout is None:
            raise RuntimeError("no rollout has been planned")
        return self.rollout

    def _proposal_mask(self, proposal_ids: Iterable[str] | None) -> np.ndarray:
        shown = self._require_rollout().proposals["camera_id"].astype(str)
        if proposal_ids is None:
            return np.ones(len(shown), dtype=bool)
        wanted = set(proposal_ids)
        unknown = wanted - set(shown)
        if unknown:
            raise KeyError(f"no proposal {', '.join(sorted(unknown))}")
        return shown.isin(wanted).to_numpy()

    def _show_rollout(self, rollout: Rollout | None) -> None:
        self.rollout = rollout
        self.rolloutChanged.emit()

    # ------------------------------------------------------------------ language
    def retranslate(self) -> None:
        """Name every step of the undo history again in the current language."""
        for index in range(self.undo_stack.count()):
            command = self.undo_stack.command(index)
            if isinstance(command, Step):
                command.retranslate()

    # ------------------------------------------------------------------ selection
    def select_cameras(self, camera_ids: Sequence[str]) -> None:
        """Make ``camera_ids`` the selection (the map and panels follow)."""
        ids = tuple(dict.fromkeys(camera_ids))
        if ids != self.selected_cameras or self.selected_zone is not None:
            self.selected_cameras = ids
            self.selected_zone = None
            self.selectionChanged.emit()

    def select_zone(self, zone_id: str | None) -> None:
        """Make one zone the selection (the table row and the map follow)."""
        if zone_id != self.selected_zone or self.selected_cameras:
            self.selected_zone = zone_id
            self.selected_cameras = ()
            self.selectionChanged.emit()

    # ------------------------------------------------------------------ internals
    def _cameras(self) -> gpd.GeoDataFrame:
        if self.project is None:
            raise RuntimeError("no project is open")
        return self.project.cameras

    def _validated(self, row: CameraRow) -> CameraRow:
        """``row`` with every value coerced to its schema type; CameraError names the field."""
        out = validated_row(row, CAMERAS)
        # the engine's own checks (e.g. a fixed lens wider than 180°) refuse the row
        # here, before an undo command exists, never half-way through one
        camera_parameters(rows_frame([out], self._cameras(), layer="cameras"))
        return out

    def _position(self, camera_id: str) -> int:
        return position_of(self._cameras(), CAMERAS, camera_id)

    def _apply(self, changes: Sequence[Change]) -> None:
        """Apply row changes to the camera table in place and update the coverage."""
        table = replace_rows(self._cameras(), CAMERAS, changes)
        self.project = self.project.with_layers(cameras=table)
        remove_ids = [c.before["camera_id"] for c in changes if c.before is not None]
        present = {c.after["camera_id"] for c in changes if c.after is not None}
        gone = [c for c in remove_ids if c not in present]
        state = self.state
        if gone:
            state = remove_cameras(state, gone)
        if present:
            state = update_cameras(state, table[table["camera_id"].isin(list(present))])
        self.state = state
        changed = tuple(dict.fromkeys([*remove_ids, *present]))
        if self.selected_cameras and not set(self.selected_cameras) <= set(self.camera_ids()):
            self.selected_cameras = tuple(
                c for c in self.selected_cameras if c in set(self.camera_ids())
            )
            self.selectionChanged.emit()
        self.camerasChanged.emit(changed)
        self.coverageChanged.emit()

    # ------------------------------------------------------------------ whole layers, saves
    def _set_layers(self, layers: Mapping[str, gpd.GeoDataFrame], state: CoverageState) -> None:
        """Put whole layers and their coverage in place (the import undo command calls this)."""
        self.project = self.project.with_layers(**layers)
        self.state = state
        self._gesture = None
        ids = set(self.camera_ids())
        self.selected_cameras = tuple(c for c in self.selected_cameras if c in ids)
        zones = set(self.project.zones["zone_id"]) if "zone_id" in self.project.zones else set()
        if self.selected_zone not in zones:
            self.selected_zone = None
        self.projectReplaced.emit()
        self.coverageChanged.emit()
        self.selectionChanged.emit()

    def adopt_saved(self, project: Project, path: str | Path) -> None:
        """The project was written to ``path`` and came back as ``project`` (fids filled in).

        It holds the same rows and values, so nothing is redrawn (no
        ``projectReplaced``); the document is clean and shows ``path``.
        """
        self.project = project
        self.mark_saved(path)


class Step(QUndoCommand):
    """An undo command whose name follows the interface language.

    Given a function for its text, :meth:`retranslate` (called by
    :meth:`ProjectDocument.retranslate` on a language switch) names it again.
    """

    def __init__(self, text: StepText) -> None:
        self._describe = text if callable(text) else None
        super().__init__(text() if callable(text) else text)

    def retranslate(self) -> None:
        """Name the step again in the current language."""
        if self._describe is not None:
            self.setText(self._describe())


class _Gesture:
    """A drag in progress: the camera's row before it and its live parameters."""

    def __init__(self, camera_id: str, before: CameraRow, params: CameraParameters) -> None:
        self.camera_id = camera_id
        self.before = before
        self.params = params
        self.current: dict[str, float] = {}


class CameraRowsCommand(Step):
    """Replace some camera rows by others: covers add (None → row), edit and delete.

    Rows keep their place: an edited camera stays where it was in the table,
    a deleted one comes back there on undo.
    """

    def __init__(
        self,
        document: ProjectDocument,
        before: Sequence[CameraRow | None],
        after: Sequence[CameraRow | None],
        text: StepText,
    ) -> None:
        super().__init__(text)
        self._document = document
        self._before = list(before)
        self._after = list(after)
        self._positions = [
            document._position(row["camera_id"]) if row is not None else None for row in before
        ]

    def redo(self) -> None:
        """Apply the change."""
        self._document._apply(
            [Change(b, a) for b, a in zip(self._before, self._after, strict=True)]
        )

    def undo(self) -> None:
        """Put the previous rows back."""
        self._document._apply(
            [
                Change(a, b, position)
                for b, a, position in zip(self._before, self._after, self._positions, strict=True)
            ]
        )


class ProposalsCommand(CameraRowsCommand):
    """Accept proposals (their rows become cameras) or reject them: the list shrinks.

    Undo removes the cameras and shows the proposals again. When another plan
    has replaced the one this step acted on, only the cameras change.
    """

    def __init__(
        self,
        document: ProjectDocument,
        rows: Sequence[CameraRow],
        rollouts: tuple[Rollout, Rollout],
        text: StepText,
    ) -> None:
        super().__init__(document, [None] * len(rows), rows, text)
        self._rollouts = rollouts

    def redo(self) -> None:
        """Add the accepted cameras and take the proposals off the list."""
        if self._after:
            super().redo()
        if self._document.rollout is self._rollouts[0]:
            self._document._show_rollout(self._rollouts[1])

    def undo(self) -> None:
        """Remove the cameras and show the proposals again."""
        if self._after:
            super().undo()
        if self._document.rollout is self._rollouts[1]:
            self._document._show_rollout(self._rollouts[0])


class LayersCommand(Step):
    """Replace whole layers and the coverage computed with them (an import)."""

    def __init__(
        self,
        document: ProjectDocument,
        before: tuple[Mapping[str, gpd.GeoDataFrame], CoverageState],
        after: tuple[Mapping[str, gpd.GeoDataFrame], CoverageState],
        text: StepText,
    ) -> None:
        super().__init__(
            text or (lambda: QCoreApplication.translate("ProjectDocument", "Import layers"))
        )
        self._document = document
        self._before = before
        self._after = after

    def redo(self) -> None:
        """Put the new layers in place."""
        self._document._set_layers(*self._after)

    def undo(self) -> None:
        """Put the previous layers back exactly."""
        self._document._set_layers(*self._before)


def _device_id(survey: Survey, device_key: str) -> str:
    device = next((d for d in survey.matching.devices if d.device_key == device_key), None)
    value = device.value("device_id") if device is not None else None
    return str(value) if value else device_key


class SurveyRunCommand(Step):
    """Show a new survey and store its registry in the project; undo brings the old one back."""

    def __init__(self, document: ProjectDocument, run: SurveyRun, text: StepText) -> None:
        super().__init__(text)
        self._document = document
        self._before = document.survey
        self._after = run

    def redo(self) -> None:
        """Show the new survey."""
        self._document._show_survey(self._after)

    def undo(self) -> None:
        """Show the survey before (or none)."""
        self._document._show_survey(self._before)


class SettleCommand(Step):
    """Remember a decision and judge the devices again with it; undo restores the previous one."""

    def __init__(
        self, document: ProjectDocument, settlements: Sequence[Settlement], text: StepText
    ) -> None:
        super().__init__(text)
        self._document = document
        before = document.survey
        if before is None:
            raise RuntimeError("no survey has been run")
        self._before: SurveyRun = before
        self._settlements = tuple(settlements)
        self._after: SurveyRun | None = None

    def redo(self) -> None:
        """Judge again with the new settlements (computed once, then reused)."""
        if self._after is None:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._after = resettled(self._before, self._settlements, self._document.project)
            finally:
                QGuiApplication.restoreOverrideCursor()
        self._document._show_survey(self._after)

    def undo(self) -> None:
        """The findings and settlements before the decision."""
        self._document._show_survey(self._before)
