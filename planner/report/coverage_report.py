"""The coverage report as text table, JSON (stable keys, docs/cli.md) or CSV."""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from planner.core.coverage import CoverageState
from planner.core.summary import (
    ZONE_COLUMNS,
    camera_notes,
    category_table,
    district_figures,
    zone_table,
)

#: Bumped when a key is renamed or removed (adding keys keeps the version).
JSON_SCHEMA_VERSION = 1


def coverage_document(
    state: CoverageState, *, project: str, ruleset: str, crs: str, problems: Sequence[str] = ()
) -> dict[str, Any]:
    """The report as plain data; the JSON output is exactly this (keys in docs/cli.md)."""
    zones = zone_table(state)
    notes = camera_notes(state)
    working = int(state.views.working.sum())
    return {
        "schema_version": JSON_SCHEMA_VERSION,
        "project": project,
        "ruleset": ruleset,
        "crs": crs,
        "district": _clean(district_figures(zones)),
        "categories": [_clean(r) for r in category_table(zones).to_dict("records")],
        "zones": [_clean(r) for r in zones.to_dict("records")],
        "cameras": {
            "total": len(state.views),
            "working": working,
            "not_working": len(state.views) - working,
            "with_assumptions": int(
                notes.loc[~notes["note"].str.startswith("stands"), "camera_id"].nunique()
            ),
            "inside_building": [
                str(c) for c in state.views.camera_id[state.views.inside_building >= 0]
            ],
        },
        "camera_notes": [_clean(r) for r in notes.to_dict("records")],
        "problems": list(problems),
    }


def _clean(record: Mapping[str, Any]) -> dict[str, Any]:
    """JSON-safe values: numpy scalars to Python, NaN to null, fractions rounded to 1e-6."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float):
            value = None if math.isnan(value) else round(value, 6)
        elif value is pd.NA:
            value = None
        out[key] = value
    return out


def render_json(document: Mapping[str, Any]) -> str:
    """The report as indented UTF-8 JSON (Chinese names stay readable)."""
    return json.dumps(document, ensure_ascii=False, indent=2)


def render_csv(document: Mapping[str, Any]) -> str:
    """One CSV row per zone; ``camera_ids`` joined with ';', a null (advisory ``passed``) empty."""
    buffer = io.StringIO()
    columns = list(ZONE_COLUMNS)
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for zone in document["zones"]:
        writer.writerow(
            {**{k: zone[k] for k in columns}, "camera_ids": ";".join(zone["camera_ids"])}
        )
    return buffer.getvalue()


#: Result of a zone in the table: mandatory zones pass or FAIL, the others are advisory.
RESULT_TEXT = {True: "pass", False: "FAIL", None: "advisory"}
#: Order of results in the table, worst first.
_RESULT_ORDER = {False: 0, True: 1, None: 2}


def render_table(document: Mapping[str, Any], *, max_zones: int | None = None) -> str:
    """A terminal-friendly report: per-zone lines, then categories, then the district.

    Zones run failing first, then passing, then advisory (``mandatory``
    false: "advisory" instead of a result), each by covered fraction; every
    zone and category line ends with the ruleset's article.
    """
    lines = [
        f"Coverage of {document['project']} — ruleset {document['ruleset']}, CRS {document['crs']}",
        "",
    ]
    zones = sorted(
        document["zones"], key=lambda z: (_RESULT_ORDER[z["passed"]], z["covered_fraction"])
    )
    shown = zones if max_zones is None else zones[:max_zones]
    header = (
        f"{_pad('zone_id', 30)} {_pad('name', 18)} {_pad('category', 18)} "
        f"{_pad('level', 9)} {'need':>5} {'cov':>6} {'cams':>4}  {_pad('result', 8)} article"
    )
    lines.append(header)
    for zone in shown:
        lines.append(
            f"{_pad(zone['zone_id'], 30)} {_pad(zone['name'] or '', 18)} "
            f"{_pad(zone['category'], 18)} {_pad(zone['required_level'], 9)} "
            f"{zone['required_coverage']:>5.0%} {zone['covered_fraction']:>6.1%} "
            f"{zone['cameras']:>4}  {_pad(RESULT_TEXT[zone['passed']], 8)} "
            f"{zone['article'] or '—'}".rstrip()
        )
    if len(shown) < len(zones):
        lines.append(f"… {len(zones) - len(shown)} more zones (use --format csv or json for all)")
    lines += [
        "",
        f"{'category':<20} {'zones':>5} {'pass':>5} {'fail':>5} {'adv':>5} {'rate':>6} "
        f"{'area':>6} {'length':>7} {'points':>7}  article",
    ]
    for row in document["categories"]:
        article = row["article"] or "—"
        lines.append(f"{_figures_line(row['category'], row)}  {article}".rstrip())
    lines.append(_figures_line("DISTRICT", document["district"]))
    cams = document["cameras"]
    lines += [
        "",
        f"Cameras: {cams['total']} ({cams['working']} working); "
        f"{cams['with_assumptions']} rely on assumed values for empty fields; "
        f"{len(cams['inside_building'])} stand inside a building footprint.",
    ]
    if document["problems"]:
        lines.append(f"{len(document['problems'])} input problems (see stderr).")
    return "\n".join(lines) + "\n"


def _figures_line(label: str, row: Mapping[str, Any]) -> str:
    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    return (
        f"{_pad(label, 20)} {row['zones']:>5} {row['passed']:>5} {row['failed']:>5} "
        f"{row['advisory']:>5} {pct(row['pass_rate']):>6} {pct(row['area_covered_fraction']):>6} "
        f"{pct(row['length_covered_fraction']):>7} {pct(row['points_covered_fraction']):>7}"
    )


def _pad(text: object, width: int) -> str:
    """``text`` cut or padded to ``width`` terminal columns (CJK characters take two)."""
    out: list[str] = []
    used = 0
    for char in str(text):
        cells = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + cells > width - 1 and len(str(text)) > len(out) + 1:
            out.append("…")
            used += 1
            break
        out.append(char)
        used += cells
    return "".join(out) + " " * max(width - used, 0)
