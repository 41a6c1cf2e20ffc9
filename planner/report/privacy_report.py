"""The privacy report as text table, JSON (stable keys, docs/privacy.md) or CSV."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

from planner.core.privacy import FINDINGS, Finding, PrivacyReport
from planner.report.coverage_report import _pad

#: Bumped when a key is renamed or removed (adding keys keeps the version).
JSON_SCHEMA_VERSION = 1
#: Exit code of ``planner privacy`` when a camera stands in a private area (Q/H/C Art. 9);
#: a camera only to check (``review_placement``) does not set it.
EXIT_FORBIDDEN_PLACEMENT = 3
#: Columns of the CSV output, in order.
CSV_COLUMNS = (
    "camera_id",
    "finding",
    "category",
    "level",
    "severity",
    "article",
    "area_m2",
    "level_area_m2",
    "percent_of_view",
    "length_m",
    "level_length_m",
    "places",
    "mask_deg",
    "privacy_mask",
    "reaim_bearing_deg",
    "reaim_hfov_deg",
    "reaim_vfov_deg",
    "reaim_turn_deg",
    "reaim_coverage_loss",
    "reaim_zones_affected",
    "reaim_note",
)


def privacy_document(
    report: PrivacyReport,
    *,
    project: str,
    ruleset: str,
    crs: str,
    cameras: int,
    problems: Sequence[str] = (),
) -> dict[str, Any]:
    """The report as plain data; the JSON output is exactly this (keys in docs/privacy.md)."""
    counts = {kind: len(report.of_kind(kind)) for kind in FINDINGS}
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "project": project,
        "ruleset": ruleset,
        "crs": crs,
        "summary": {
            "cameras": cameras,
            "cameras_with_findings": len({f.camera_id for f in report.findings}),
            **counts,
            "forbidden_cameras": list(report.forbidden_cameras),
            "review_cameras": list(report.review_cameras),
        },
        "findings": [finding_record(f) for f in report.findings],
        "problems": list(problems),
    }


def finding_record(finding: Finding) -> dict[str, Any]:
    """One finding as JSON-safe data (geometry left out: the window draws it)."""
    reaim = finding.reaim
    return {
        "camera_id": finding.camera_id,
        "finding": finding.finding,
        "category": finding.category,
        "level": finding.level,
        "severity": finding.severity,
        "article": finding.article,
        "area_m2": _number(finding.area_m2),
        "level_area_m2": _number(finding.level_area_m2),
        "percent_of_view": _number(finding.percent_of_view),
        "length_m": _number(finding.length_m),
        "level_length_m": _number(finding.level_length_m),
        "places": list(finding.places),
        "mask_deg": [[s, e] for s, e in finding.mask_deg],
        "privacy_mask": finding.privacy_mask,
        "reaim": None
        if reaim is None
        else {
            "bearing_deg": _number(reaim.bearing_deg),
            "hfov_deg": _number(reaim.hfov_deg),
            "vfov_deg": _number(reaim.vfov_deg),
            "turn_deg": reaim.turn_deg,
            "coverage_loss": _number(reaim.coverage_loss),
            "zones_affected": [
                {
                    "zone_id": z.zone_id,
                    "before": _number(z.before),
                    "after": _number(z.after),
                    "drop": _number(z.drop),
                }
                for z in reaim.zones_affected
            ],
        },
        "reaim_note": finding.reaim_note or None,
    }


def _number(value: float | None) -> float | None:
    """Rounded to 1e-6 (fractions, m, m², degrees); NaN to null."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return round(float(value), 6)


def render_json(document: Mapping[str, Any]) -> str:
    """The report as indented UTF-8 JSON (Chinese names stay readable)."""
    return json.dumps(document, ensure_ascii=False, indent=2)


def render_csv(document: Mapping[str, Any]) -> str:
    """One CSV row per finding; lists joined with ';', the re-aim flattened."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for record in document["findings"]:
        reaim = record["reaim"] or {}
        writer.writerow(
            {
                **{k: record[k] for k in CSV_COLUMNS if k in record},
                "places": ";".join(record["places"]),
                "mask_deg": ";".join(f"{s:g}-{e:g}" for s, e in record["mask_deg"]),
                "reaim_bearing_deg": reaim.get("bearing_deg"),
                "reaim_hfov_deg": reaim.get("hfov_deg"),
                "reaim_vfov_deg": reaim.get("vfov_deg"),
                "reaim_turn_deg": reaim.get("turn_deg"),
                "reaim_coverage_loss": reaim.get("coverage_loss"),
                "reaim_zones_affected": ";".join(
                    z["zone_id"] for z in reaim.get("zones_affected", [])
                ),
            }
        )
    return buffer.getvalue()


def render_table(document: Mapping[str, Any]) -> str:
    """A terminal-friendly report: findings worst first, then the counts."""
    lines = [
        f"Privacy of {document['project']} — ruleset {document['ruleset']}, CRS {document['crs']}",
        "",
        f"{_pad('camera', 10)} {_pad('finding', 20)} {_pad('category', 14)} {_pad('level', 10)} "
        f"{'amount':>10}  {_pad('mask (bearings)', 22)} re-aim",
    ]
    for f in document["findings"]:
        if f["area_m2"] is not None:
            amount = f"{f['area_m2']:.1f} m²"
        elif f["length_m"] is not None:
            amount = f"{f['length_m']:.1f} m"
        else:
            amount = ""
        mask = ";".join(f"{s:g}-{e:g}" for s, e in f["mask_deg"])
        reaim = f["reaim"]
        if reaim is not None:
            loss = reaim["coverage_loss"]
            cost = "" if loss is None else f", loses {loss:.1%} coverage"
            fix = f"bearing {reaim['bearing_deg']:g}°, hfov {reaim['hfov_deg']:g}°{cost}"
        else:
            fix = f["reaim_note"] or ""
        lines.append(
            f"{_pad(f['camera_id'], 10)} {_pad(f['finding'], 20)} {_pad(f['category'], 14)} "
            f"{_pad(f['level'] or '-', 10)} {amount:>10}  {_pad(mask or '-', 22)} {fix}"
        )
        lines.append(f"{'':10} {f['article'] or 'no article: category not in the ruleset'}")
    summary = document["summary"]
    lines += [
        "",
        f"Cameras: {summary['cameras']}, {summary['cameras_with_findings']} with findings: "
        f"{summary['forbidden_placement']} forbidden placements, {summary['intrusion']} "
        f"intrusions, {summary['facade_exposure']} façade exposures, "
        f"{summary['review_placement']} placements to check.",
    ]
    if summary["forbidden_cameras"]:
        lines.append(
            "Cameras standing in a private area: " + ", ".join(summary["forbidden_cameras"])
        )
    if summary["review_cameras"]:
        lines.append(
            "Check placement (inside a private-use building; lawful in lobbies and public "
            "areas, forbidden inside rooms): " + ", ".join(summary["review_cameras"])
        )
    if document["problems"]:
        lines.append(f"{len(document['problems'])} input problems (see stderr).")
    return "\n".join(lines) + "\n"
