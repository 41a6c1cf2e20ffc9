"""Privacy check and fixes, as ``planner privacy`` and the window's Privacy dock run them.

:func:`check_privacy` computes the findings of a project; :func:`apply_fixes`
carries out the masks or re-aims they suggest through the same edit path as
the window (:func:`planner.core.edits.edit_feature`) and checks again, so the
caller can say what is left.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from planner.core.coverage import CoverageState
from planner.core.edits import edit_feature
from planner.core.privacy import PrivacyReport, privacy_findings
from planner.core.privacy_fixes import camera_changes
from planner.core.progress import Progress
from planner.core.project import Project
from planner.core.rulesets import Ruleset
from planner.core.views import camera_parameters


def check_privacy(
    project: Project,
    ruleset: Ruleset,
    *,
    state: CoverageState | None = None,
    progress: Progress | None = None,
) -> PrivacyReport:
    """Every privacy finding of the project's cameras, with the fixes for each.

    ``state`` is the coverage already computed for the project (the window's);
    the mandatory-zone coverage a re-aim would lose is measured against it
    instead of computing it again.
    """
    return privacy_findings(
        project.cameras,
        project.buildings,
        project.private_areas,
        ruleset=ruleset,
        zones=state.zones if state is not None else project.zones,
        coverage=state,
        progress=progress,
    )


@dataclass(frozen=True)
class AppliedFixes:
    """The project after the fixes, what changed per camera, and the check run again."""

    project: Project
    changes: Mapping[str, Mapping[str, tuple[Any, Any]]]  # camera → field → (before, after)
    before: PrivacyReport
    after: PrivacyReport


def apply_fixes(
    project: Project,
    ruleset: Ruleset,
    *,
    kind: str,
    cameras: Collection[str] | None = None,
    report: PrivacyReport | None = None,
) -> AppliedFixes:
    """Apply ``kind`` (``mask`` or ``reaim``) to the findings of ``cameras`` (None: all).

    Unknown camera ids or a camera without findings raise
    :class:`~planner.core.errors.InputError` naming them.
    """
    before = report if report is not None else check_privacy(project, ruleset)
    params = camera_parameters(project.cameras)
    masks = {str(c): m for c, m in zip(params.camera_id, params.masks, strict=True)}
    wanted = camera_changes(before, kind=kind, masks=masks, cameras=cameras)
    changed: dict[str, Mapping[str, tuple[Any, Any]]] = {}
    for camera_id, values in wanted.items():
        edit = edit_feature(project, "cameras", camera_id, values)
        project = edit.project
        diff = {
            k: (edit.before.get(k), edit.after.get(k))
            for k in values
            if edit.before.get(k) != edit.after.get(k)
        }
        if diff:
            changed[camera_id] = MappingProxyType(diff)
    after = check_privacy(project, ruleset) if changed else before
    return AppliedFixes(project, MappingProxyType(changed), before, after)
