"""The camera changes that carry out a privacy finding's fix: a mask or a re-aim.

Pure: takes the findings of :func:`planner.core.privacy.privacy_findings` and
returns the field values to set, the same for the window's *Apply mask* /
*Apply re-aim* buttons and for ``planner privacy --apply``. The edit itself
goes through :func:`planner.core.edits.edit_feature` (window: one undo step).

``mask``
    The camera's ``privacy_mask`` with the finding's bearing ranges merged in.
    For a whole camera, the ranges of all its intrusions and façade exposures
    are merged at once, so one edit removes every one of them.
``reaim``
    The suggested ``bearing_deg``, ``hfov_deg`` and ``vfov_deg`` (rounded to
    10⁻⁶). For a whole camera, the re-aim of its worst finding that has one
    (findings come worst first); it never makes privacy worse, and the check
    run again afterwards says what is left.

A forbidden placement has neither: the camera is to be removed (Q Art. 27).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from planner.core.errors import InputError
from planner.core.privacy import Finding, PrivacyReport, merged_mask

#: The kinds of fix ``planner privacy --apply`` and the window's buttons carry out.
FIX_KINDS = ("mask", "reaim")

_DECIMALS = 6


def finding_changes(finding: Finding, kind: str) -> dict[str, Any] | None:
    """The field values that apply ``kind`` for one finding, or None when it has no such fix."""
    _check_kind(kind)
    if kind == "mask":
        return {"privacy_mask": finding.privacy_mask} if finding.privacy_mask else None
    reaim = finding.reaim
    if reaim is None:
        return None
    return {
        "bearing_deg": round(reaim.bearing_deg, _DECIMALS),
        "hfov_deg": round(reaim.hfov_deg, _DECIMALS),
        "vfov_deg": round(reaim.vfov_deg, _DECIMALS),
    }


def camera_changes(
    report: PrivacyReport,
    *,
    kind: str,
    masks: Mapping[str, Sequence[tuple[float, float]]],
    cameras: Collection[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Camera id → field values that apply ``kind`` to all of that camera's findings.

    ``masks`` is each camera's current mask as bearing ranges
    (:attr:`planner.core.views.CameraParameters.masks` by camera id);
    ``cameras`` limits the fixes to those ids (None: every camera with a
    finding). An id in ``cameras`` without any finding raises
    :class:`InputError` naming it, so a typo is not a silent no-op.
    """
    _check_kind(kind)
    by_camera: dict[str, list[Finding]] = {}
    for finding in report.findings:
        by_camera.setdefault(finding.camera_id, []).append(finding)
    if cameras is not None:
        unknown = sorted(set(cameras) - set(by_camera))
        if unknown:
            raise InputError(
                f"no privacy finding for camera {', '.join(unknown)}",
                layer="cameras",
                field="--camera",
            )
    out: dict[str, dict[str, Any]] = {}
    for camera_id, findings in by_camera.items():
        if cameras is not None and camera_id not in cameras:
            continue
        if kind == "mask":
            ranges = [r for f in findings for r in f.mask_deg]
            if ranges:
                out[camera_id] = {
                    "privacy_mask": merged_mask(list(masks.get(camera_id, ())), ranges)
                }
        else:
            worst = next((f for f in findings if f.reaim is not None), None)
            changes = finding_changes(worst, "reaim") if worst is not None else None
            if changes:
                out[camera_id] = changes
    return out


def _check_kind(kind: str) -> None:
    if kind not in FIX_KINDS:
        raise InputError(f"{kind!r} is not a fix ({', '.join(FIX_KINDS)})", field="--apply")
