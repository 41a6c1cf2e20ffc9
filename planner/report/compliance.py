"""The compliance report's content: what it says, in one language, as layout-free blocks.

:func:`build_report` turns a project's coverage, privacy findings and survey
into a :class:`ComplianceReport` — a title block, then headings, paragraphs,
tables, a bar chart and gap maps, every text already in the report's language
(names of codes from :mod:`planner.core.vocabulary`, citations in legal style
from :mod:`planner.core.chinese_terms`). :mod:`planner.report.compliance_pdf`
and :mod:`planner.report.compliance_html` lay the same blocks out, so the PDF
and the HTML page say exactly the same.

Sections: title block (project, district, ruleset with its full citation and
status, date, author, file, CRS, data source); summary figures; coverage by
category (table and bar chart); every zone with its coverage, required level
and result (advisory zones marked as such); a small map of the gap of each
failing zone; privacy findings with their fixes; the survey's findings and
intact / online / connection rates when the project holds a survey; the
articles applied; an appendix of assumed values.

A **public** report leaves out whatever locates or names a camera: no camera
id, device code or pole number, no gap map (a gap's outline has a camera's
position as a vertex), privacy and survey findings as counts only. A report
that is not public carries the restricted marking on every page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import shapely

from planner.core.chinese_terms import cite
from planner.core.coverage import CoverageState
from planner.core.levels import LEVEL_PPM, range_for_level
from planner.core.privacy import Finding, PrivacyReport
from planner.core.project import Project
from planner.core.rulesets import Ruleset
from planner.core.summary import category_table, district_figures, zone_table
from planner.core.views import ASSUMED
from planner.core.vocabulary import group_name, has_label, label
from planner.report.wording import RESTRICTED, percent, translate

#: Smallest side of a gap map's box, in metres, and the margin around the zone.
MAP_MIN_SIDE_M = 40.0
MAP_MARGIN = 0.15
#: Most camera ids listed in one cell of the appendix before "… and N more".
MAX_IDS = 40
_RESULT_ORDER = {False: 0, True: 1, None: 2}


# ------------------------------------------------------------------ blocks
@dataclass(frozen=True)
class Heading:
    """A section's title (level 1) or a sub-section's (2)."""

    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of text."""

    text: str
    note: bool = False  # smaller, for explanations under a table


@dataclass(frozen=True)
class Facts:
    """Label–value lines (the title block)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Figures:
    """Headline figures in boxes: (label, value, tone) with tone ``""``, ``pass``, ``fail``."""

    items: tuple[tuple[str, str, str], ...]


@dataclass(frozen=True)
class Column:
    """A table column: its title, share of the width, numbers right-aligned."""

    title: str
    weight: float = 1.0  # share of the page width
    numeric: bool = False


@dataclass(frozen=True)
class Table:
    """Rows of text; ``marks`` per row: ``fail``, ``pass``, ``advisory`` or ``""``."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    marks: tuple[str, ...] = ()
    small: bool = False


@dataclass(frozen=True)
class BarChart:
    """Horizontal stacked bars of zone counts: (label, passed, failed, advisory)."""

    rows: tuple[tuple[str, int, int, int], ...]
    legend: tuple[str, str, str]


@dataclass(frozen=True)
class GapMap:
    """One failing zone's gap, drawn in the project's metric CRS, north up."""

    caption: tuple[str, ...]
    box: tuple[float, float, float, float]  # xmin, ymin, xmax, ymax (square)
    zone: Any  # shapely geometry
    gap: Any
    buildings: tuple[Any, ...] = ()


@dataclass(frozen=True)
class MapGrid:
    """The gap maps, three to a row."""

    maps: tuple[GapMap, ...]


Block = Heading | Paragraph | Facts | Figures | Table | BarChart | MapGrid


@dataclass(frozen=True)
class ComplianceReport:
    """A report ready to lay out: its title, marking, footer words and blocks."""

    language: str
    public: bool
    title: str
    marking: str | None  # on every page; None for a public report
    page_words: str  # "Page {page} of {pages}" in the report's language
    footer: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    def text(self) -> str:
        """Every word of the report, block by block (for checks and searching)."""
        out: list[str] = [self.title]
        for block in self.blocks:
            if isinstance(block, Heading | Paragraph):
                out.append(block.text)
            elif isinstance(block, Facts):
                out += [f"{k}: {v}" for k, v in block.rows]
            elif isinstance(block, Figures):
                out += [f"{k}: {v}" for k, v, _ in block.items]
            elif isinstance(block, Table):
                out.append(" | ".join(c.title for c in block.columns))
                out += [" | ".join(r) for r in block.rows]
            elif isinstance(block, BarChart):
                out += [r[0] for r in block.rows]
            elif isinstance(block, MapGrid):
                out += [" ".join(m.caption) for m in block.maps]
        return "\n".join(out)


# ------------------------------------------------------------------ building
def build_report(
    project: Project,
    state: CoverageState,
    ruleset: Ruleset,
    *,
    language: str = "en",
    public: bool = False,
    privacy: PrivacyReport | None = None,
    survey_findings: pd.DataFrame | None = None,
    survey_intact: pd.DataFrame | None = None,
    project_file: str = "",
    author: str = "",
    date: dt.date | None = None,
    version: str = "",
) -> ComplianceReport:
    """The report of ``project`` (coverage ``state`` computed under ``ruleset``).

    ``privacy`` is the privacy check's result (None: not run); the survey
    tables are the project's ``survey_findings`` and ``survey_intact`` (None:
    no survey). ``language`` is ``en`` or ``zh``.
    """
    if language not in ("en", "zh"):
        raise ValueError(f"language must be en or zh, not {language!r}")

    def t(text: str) -> str:
        return translate(text, language)

    zones = zone_table(state)
    date = date or dt.date.today()
    title = t(
        "Public summary of video surveillance coverage"
        if public
        else "Video surveillance compliance report"
    )
    blocks: list[Block] = []
    blocks.append(
        _title_block(project, state, ruleset, t, language, public, project_file, author, date)
    )
    if public:
        blocks.append(
            Paragraph(
                t("Public edition: no camera position, id, device code or pole number is shown."),
                note=True,
            )
        )
    elif ruleset.id == "harbin":
        # Harbin's own article; other cities' reports are marked without citing it
        blocks.append(
            Paragraph(
                t(
                    "Install locations and device data are access-controlled "
                    "information ({article})."
                ).format(article=cite("Harbin Measures Art. 27", language)),
                note=True,
            )
        )
    blocks += _summary(zones, state, privacy, t, language)
    blocks += _categories(zones, t, language)
    blocks += _zones(zones, t, language)
    blocks += _gap_maps(zones, state, project, t, language, public)
    blocks += _privacy(privacy, t, language, public)
    if survey_findings is not None or survey_intact is not None:
        blocks += _survey(survey_findings, survey_intact, t, language)
    blocks += _articles(zones, ruleset, privacy, survey_intact, t, language)
    blocks += _appendix(state, t, language, public)
    footer = t("Made with Coverage Planner {version}.").format(version=version).replace("  ", " ")
    return ComplianceReport(
        language=language,
        public=public,
        title=title,
        marking=None if public else RESTRICTED[language],
        page_words=t("Page {page} of {pages}"),
        footer=footer,
        blocks=tuple(blocks),
    )


def _title_block(
    project: Project,
    state: CoverageState,
    ruleset: Ruleset,
    t: Any,
    language: str,
    public: bool,
    project_file: str,
    author: str,
    date: dt.date,
) -> Facts:
    meta = project.metadata
    name = str(meta.get("title") or "") or (
        project_file.rsplit("/", 1)[-1].rsplit(".", 1)[0] if project_file else t("untitled")
    )
    rows = [(t("Project"), name)]
    district = str(meta.get("district") or "")
    if district:
        rows.append((t("District"), district))
    rows.append((t("Ruleset"), ruleset_citation(ruleset, language)))
    if ruleset.is_draft:
        rows.append((t("Status"), t("draft for public comment — not in force")))
    elif ruleset.effective is not None:
        rows.append(
            (t("Status"), t("in force since {date}").format(date=ruleset.effective.isoformat()))
        )
    rows.append((t("Date"), date.isoformat()))
    rows.append((t("Author"), author or t("not given")))
    if project_file and not public:
        rows.append((t("Project file"), project_file))
    crs = getattr(project.crs, "name", None) or str(project.crs)
    rows.append((t("Coordinate system"), str(crs)))
    if str(meta.get("source", "")).lower() == "openstreetmap":
        rows.append((t("Data"), t("© OpenStreetMap contributors (ODbL)")))
    return Facts(tuple(rows))


def ruleset_citation(ruleset: Ruleset, language: str) -> str:
    """The ruleset's full citation: the title in Chinese, name and source in English."""
    if language == "zh":
        name = ruleset.name_zh or ruleset.name
        if ruleset.is_draft and "征求意见稿" not in name:
            name += "（征求意见稿）"
        return name
    return f"{ruleset.name} — {ruleset.source}" if ruleset.source else ruleset.name


def _summary(
    zones: pd.DataFrame,
    state: CoverageState,
    privacy: PrivacyReport | None,
    t: Any,
    language: str,
) -> list[Block]:
    figures = district_figures(zones)
    judged = int(figures["passed"] or 0) + int(figures["failed"] or 0)
    working = int(np.asarray(state.views.working).sum())
    rate = figures["pass_rate"]
    items = [
        (t("Zones"), str(figures["zones"]), ""),
        (t("Mandatory zones"), str(judged), ""),
        (t("Passed"), str(figures["passed"]), "pass"),
        (t("Failed"), str(figures["failed"]), "fail" if figures["failed"] else ""),
        (t("Pass rate"), percent(_float(rate), language), ""),
        (t("Advisory"), str(figures["advisory"]), ""),
        (
            t("Cameras"),
            t("{total} ({working} working)").format(total=len(state.views), working=working),
            "",
        ),
    ]
    if privacy is not None:
        items.append((t("Privacy findings"), str(len(privacy)), "fail" if len(privacy) else ""))
    blocks: list[Block] = [Heading(t("Summary")), Figures(tuple(items))]
    if judged:
        blocks.append(
            Paragraph(
                t("{passed} of {judged} mandatory zones meet their requirement ({rate}).").format(
                    passed=figures["passed"], judged=judged, rate=percent(_float(rate), language)
                )
            )
        )
    else:
        blocks.append(
            Paragraph(t("No zone is mandatory under this ruleset; every figure is advisory."))
        )
    if figures["advisory"]:
        blocks.append(
            Paragraph(
                t(
                    "{advisory} advisory zones are shown with their coverage but "
                    "are not judged: the ruleset does not require them."
                ).format(advisory=figures["advisory"]),
                note=True,
            )
        )
    return blocks


def _categories(zones: pd.DataFrame, t: Any, language: str) -> list[Block]:
    table = category_table(zones)
    rows, marks, bars = [], [], []
    for r in table.to_dict("records"):
        name = _category(r["category"], language)
        advisory = not r["mandatory"]
        rows.append(
            (
                name
                + (("（建议部位）" if language == "zh" else " (advisory)") if advisory else ""),
                str(r["zones"]),
                str(r["passed"]),
                str(r["failed"]),
                str(r["advisory"]),
                percent(_float(r["pass_rate"]), language),
                percent(_float(r["area_covered_fraction"]), language),
                percent(_float(r["length_covered_fraction"]), language),
                percent(_float(r["points_covered_fraction"]), language),
                cite(r["article"], language) or "—",
            )
        )
        marks.append("advisory" if advisory else ("fail" if r["failed"] else "pass"))
        bars.append((name, int(r["passed"]), int(r["failed"]), int(r["advisory"])))
    columns = (
        Column(t("Category"), 2.2),
        Column(t("Zones"), 0.8, True),
        Column(t("Passed"), 0.8, True),
        Column(t("Failed"), 0.8, True),
        Column(t("Advisory"), 0.8, True),
        Column(t("Pass rate"), 1.0, True),
        Column(t("Area covered"), 1.0, True),
        Column(t("Length covered"), 1.0, True),
        Column(t("Points covered"), 1.0, True),
        Column(t("Article"), 2.6),
    )
    return [
        Heading(t("Coverage by category")),
        Table(columns, tuple(rows), tuple(marks), small=True),
        Heading(t("Zones by result"), 2),
        BarChart(tuple(bars), (t("Passed"), t("Failed"), t("Advisory"))),
    ]


def _zones(zones: pd.DataFrame, t: Any, language: str) -> list[Block]:
    order = sorted(
        range(len(zones)),
        key=lambda i: (
            _RESULT_ORDER[_verdict(zones["passed"].iat[i])],
            float(zones["covered_fraction"].iat[i]),
            str(zones["zone_id"].iat[i]),
        ),
    )
    rows, marks = [], []
    for i in order:
        z = zones.iloc[i]
        verdict = _verdict(z["passed"])
        result = {True: t("pass"), False: t("FAIL"), None: t("advisory")}[verdict]
        rows.append(
            (
                str(z["zone_id"]),
                _text(z["name"]),
                _category(z["category"], language),
                label("level", z["required_level"], language)
                if has_label("level", str(z["required_level"]))
                else str(z["required_level"]),
                percent(float(z["required_coverage"]), language, digits=0),
                percent(float(z["covered_fraction"]), language),
                str(int(z["cameras"])),
                result,
                cite(z["article"], language) or "—",
            )
        )
        marks.append({True: "pass", False: "fail", None: "advisory"}[verdict])
    columns = (
        Column(t("Zone"), 3.6),
        Column(t("Name"), 1.9),
        Column(t("Category"), 1.9),
        Column(t("Level"), 1.2),
        Column(t("Required"), 1.1, True),
        Column(t("Covered"), 1.1, True),
        Column(t("Cameras"), 1.1, True),
        Column(t("Result"), 1.0),
        Column(t("Article"), 2.8),
    )
    return [
        Heading(t("Every zone")),
        Paragraph(
            t("Failing zones run first, then passing ones, then advisory ones; each by coverage."),
            note=True,
        ),
        Table(columns, tuple(rows), tuple(marks), small=True),
    ]


def _gap_maps(
    zones: pd.DataFrame,
    state: CoverageState,
    project: Project,
    t: Any,
    language: str,
    public: bool,
) -> list[Block]:
    blocks: list[Block] = [Heading(t("Gaps of the failing zones"))]
    failing = np.flatnonzero(zones["passed"].map(lambda v: _verdict(v) is False).to_numpy())
    if not len(failing):
        return [*blocks, Paragraph(t("Every mandatory zone meets its requirement."))]
    if public:
        return [
            *blocks,
            Paragraph(
                t(
                    "Gap maps are left out of the public edition (a gap's "
                    "outline shows where cameras stand)."
                )
            ),
        ]
    geoms = state.zones.geometry.to_numpy()
    gaps = shapely.difference(geoms[failing], np.asarray(state.covered)[failing])
    buildings = project.buildings.geometry.to_numpy() if len(project.buildings) else np.array([])
    tree = shapely.STRtree(buildings) if len(buildings) else None
    order = sorted(
        range(len(failing)),
        key=lambda k: (
            float(zones["covered_fraction"].iat[failing[k]]),
            str(zones["zone_id"].iat[failing[k]]),
        ),
    )
    maps = []
    for k in order:
        i = failing[k]
        z = zones.iloc[i]
        box = _square_box(geoms[i])
        frame = shapely.box(*box)
        near: tuple[Any, ...] = ()
        if tree is not None:
            hits = tree.query(frame, predicate="intersects")
            near = tuple(shapely.intersection(buildings[hits], frame))
        level = (
            label("level", z["required_level"], language)
            if has_label("level", str(z["required_level"]))
            else str(z["required_level"])
        )
        caption = (
            f"{z['zone_id']}" + (f" · {_text(z['name'])}" if _text(z["name"]) else ""),
            t("{covered} of {required} at {level}").format(
                covered=percent(float(z["covered_fraction"]), language),
                required=percent(float(z["required_coverage"]), language, digits=0),
                level=level,
            ),
        )
        maps.append(GapMap(caption, box, geoms[i], gaps[k], near))
    return [
        *blocks,
        Paragraph(
            t(
                "Red: the part of the zone not seen at its required level. Grey: "
                "buildings. North is up."
            ),
            note=True,
        ),
        MapGrid(tuple(maps)),
    ]


def _square_box(geom: Any) -> tuple[float, float, float, float]:
    xmin, ymin, xmax, ymax = shapely.bounds(geom)
    side = max(xmax - xmin, ymax - ymin) * (1 + 2 * MAP_MARGIN)
    side = max(side, MAP_MIN_SIDE_M)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    return (cx - side / 2, cy - side / 2, cx + side / 2, cy + side / 2)


def _privacy(privacy: PrivacyReport | None, t: Any, language: str, public: bool) -> list[Block]:
    blocks: list[Block] = [Heading(t("Privacy"))]
    if privacy is None:
        return [*blocks, Paragraph(t("The privacy check was not run."))]
    if not len(privacy):
        return [*blocks, Paragraph(t("No camera sees into a private place."))]
    if public:
        counts: dict[tuple[str, str], int] = {}
        for f in privacy.findings:
            counts[(f.finding, f.category)] = counts.get((f.finding, f.category), 0) + 1
        rows = tuple(
            (label("finding", kind, language), _private(category, language), str(n))
            for (kind, category), n in counts.items()
        )
        columns: tuple[Column, ...] = (
            Column(t("Finding"), 2),
            Column(t("Private place"), 2),
            Column(t("Findings"), 1, True),
        )
        return [*blocks, Table(columns, rows, small=True)]
    rows_full = []
    for f in privacy.findings:
        rows_full.append(
            (
                f.camera_id,
                label("finding", f.finding, language),
                _private(f.category, language),
                _extent(f, language),
                _fix(f, t, language),
                cite(f.article, language) or "—",
            )
        )
    columns = (
        Column(t("Camera"), 1.8),
        Column(t("Finding"), 1.4),
        Column(t("Private place"), 1.4),
        Column(t("Extent"), 1.1),
        Column(t("Fix"), 2.6),
        Column(t("Article"), 2.0),
    )
    return [*blocks, Table(columns, tuple(rows_full), ("fail",) * len(rows_full), small=True)]


def _extent(f: Finding, language: str) -> str:
    if f.area_m2 is not None and f.area_m2 == f.area_m2:
        unit = "平方米" if language == "zh" else "m²"
        return f"{f.area_m2:.1f} {unit}"
    if f.length_m is not None and f.length_m == f.length_m:
        unit = "米" if language == "zh" else "m"
        return f"{f.length_m:.1f} {unit}"
    return "—"


def _fix(f: Finding, t: Any, language: str) -> str:
    if f.finding == "forbidden_placement":
        return label("action", "remove", language)
    if f.finding == "review_placement":
        return label("action", "check_placement", language)
    parts = []
    if f.mask_deg:
        ranges = ", ".join(f"{a:.0f}°–{b:.0f}°" for a, b in f.mask_deg)
        parts.append(t("mask {ranges}").format(ranges=ranges))
    if f.reaim is not None:
        words = (
            "or re-aim to {bearing} ({loss} less coverage)"
            if parts
            else ("re-aim to {bearing} ({loss} less coverage)")
        )
        parts.append(
            t(words).format(
                bearing=f"{f.reaim.bearing_deg:.0f}°", loss=percent(f.reaim.coverage_loss, language)
            )
        )
    if not parts and f.reaim_note:
        parts.append(f.reaim_note)
    return "; ".join(parts) if language != "zh" else "；".join(parts) or "—"


def _survey(
    findings: pd.DataFrame | None,
    intact: pd.DataFrame | None,
    t: Any,
    language: str,
) -> list[Block]:
    blocks: list[Block] = [Heading(t("Survey of existing cameras"))]
    if intact is not None and "as_of" in intact.columns and len(intact):
        overall = intact[intact["group_by"].astype(str) == "all"]
        devices = int(overall["devices"].iat[0]) if len(overall) else int(intact["devices"].sum())
        blocks.append(
            Paragraph(
                t("Survey as of {date}: {devices} devices.").format(
                    date=str(intact["as_of"].iat[0]), devices=devices
                )
            )
        )
    if findings is not None and len(findings):
        code = "finding_code" if "finding_code" in findings.columns else "finding"
        grouped: dict[str, list[Any]] = {}
        for r in findings.to_dict("records"):
            key = str(r.get(code) or "")
            entry = grouped.setdefault(
                key, [0, r.get("action_code") or r.get("action"), r.get("rule")]
            )
            entry[0] += 1
        rows = []
        for key, (n, action, rule) in sorted(grouped.items(), key=lambda kv: -kv[1][0]):
            action_text = (
                label("action", str(action), language)
                if has_label("action", str(action))
                else _text(action)
            )
            finding_text = label("finding", key, language) if has_label("finding", key) else key
            rows.append((finding_text, str(n), action_text, cite(_text(rule), language) or "—"))
        columns = (
            Column(t("Finding"), 2),
            Column(t("Devices"), 0.8, True),
            Column(t("Action"), 2.2),
            Column(t("Rule"), 2.4),
        )
        blocks.append(Table(columns, tuple(rows), small=True))
        blocks.append(
            Paragraph(
                t("The device-by-device list is the survey work list (planner worklist)."),
                note=True,
            )
        )
    if intact is not None and len(intact):
        blocks += _rates(intact, t, language)
    return blocks


def _rates(intact: pd.DataFrame, t: Any, language: str) -> list[Block]:
    platform = "online_rate" in intact.columns and bool(intact["online_rate"].notna().any())
    reference = bool((intact["basis"].map(_text) == "reference").all())
    columns = [
        Column(t("Group"), 1.2),
        Column(t("Name"), 2.0),
        Column(t("Devices"), 0.8, True),
        Column(t("Intact"), 0.9, True),
    ]
    if not reference:
        columns += [Column(t("Required"), 0.9, True), Column(t("Meets"), 0.8)]
    if platform:
        columns += [Column(t("Online"), 0.9, True), Column(t("Connected"), 0.9, True)]
    rows, marks = [], []
    for r in intact.to_dict("records"):
        grouping = _text(r.get("group_by"))
        name = group_name(grouping, _text(r.get("name")), language) or (
            label("group_by", "all", language) if grouping == "all" else ""
        )
        row = [
            label("group_by", grouping, language) if has_label("group_by", grouping) else grouping,
            name,
            str(r.get("devices", "")),
            percent(_float(r.get("rate")), language),
        ]
        meets = r.get("meets")
        fails = False
        if not reference:
            fails = not _blank(meets) and not bool(meets)
            row += [
                percent(_float(r.get("required")), language),
                "—" if _blank(meets) else t("no" if fails else "yes"),
            ]
        if platform:
            row += [
                percent(_float(r.get("online_rate")), language),
                percent(_float(r.get("connection_rate")), language),
            ]
        rows.append(tuple(row))
        marks.append("fail" if fails else "")
    blocks: list[Block] = [Heading(t("Rates"), 2)]
    if reference and len(intact):
        first = intact.iloc[0]
        blocks.append(
            Paragraph(
                t(
                    "This ruleset sets no intact rate; {value} of {article} is "
                    "shown for comparison only."
                ).format(
                    value=percent(_float(first.get("required")), language),
                    article=cite(_text(first.get("reference")), language),
                ),
                note=True,
            )
        )
    blocks.append(Table(tuple(columns), tuple(rows), tuple(marks), small=True))
    return blocks


def _articles(
    zones: pd.DataFrame,
    ruleset: Ruleset,
    privacy: PrivacyReport | None,
    intact: pd.DataFrame | None,
    t: Any,
    language: str,
) -> list[Block]:
    rows, marks = [], []
    for category in sorted(set(zones["category"].astype(str))):
        try:
            need = ruleset.zone_requirement(category)
        except Exception:  # a category the ruleset does not know: its zones are advisory
            continue
        level = (
            label("level", need.level, language) if has_label("level", need.level) else (need.level)
        )
        rows.append(
            (
                t("zone category"),
                _category(category, language),
                t("{level}, {coverage} of the zone").format(
                    level=level, coverage=percent(need.coverage, language, digits=0)
                ),
                t("mandatory") if need.mandatory else t("advisory"),
                cite(need.article, language) or "—",
            )
        )
        marks.append("" if need.mandatory else "advisory")
    seen_private = sorted({f.category for f in privacy.findings} if privacy else set())
    for category in seen_private:
        rule = ruleset.private_categories.get(category)
        if rule is None:
            continue
        rows.append(
            (
                t("private place"),
                _private(category, language),
                t("no camera may see it"),
                t("prohibition"),
                cite(rule.article, language),
            )
        )
        marks.append("")
    if intact is not None and len(intact) and ruleset.maintenance.intact_rate_min is not None:
        cited = ruleset.maintenance.citation("intact_rate_min")
        rows.append(
            (
                t("camera intact rate"),
                "",
                t("at least {value}").format(value=percent(cited.value, language, digits=0)),
                t("minimum"),
                cite(cited.article, language),
            )
        )
        marks.append("")
    columns = (
        Column(t("Applies to"), 1.3),
        Column(t("Category"), 1.8),
        Column(t("Requirement"), 2.0),
        Column(t("Kind"), 1.0),
        Column(t("Article"), 3.0),
    )
    return [
        Heading(t("Articles applied")),
        Paragraph(ruleset_citation(ruleset, language)),
        Table(columns, tuple(rows), tuple(marks), small=True),
        Paragraph(
            t(
                "The articles name the places; the pixel density of each level and the share "
                "of a zone to cover are engineering choices of the ruleset (EN 62676-4), "
                "listed in the appendix."
            ),
            note=True,
        ),
    ]


def _appendix(state: CoverageState, t: Any, language: str, public: bool) -> list[Block]:
    blocks: list[Block] = [Heading(t("Appendix: assumed values"))]
    hfov, resolution = ASSUMED["hfov_deg"], ASSUMED["resolution_px"]
    assumed_camera = f"{resolution:g} px, {hfov:g}°"
    metre = "米" if language == "zh" else "m"
    level_rows = tuple(
        (
            label("level", level, language),
            f"{ppm:g}",
            f"{float(range_for_level(resolution, hfov, ppm)):.1f} {metre} ({assumed_camera})",
        )
        for level, ppm in LEVEL_PPM.items()
    )
    blocks += [
        Heading(t("Pixel density of each level (EN 62676-4)"), 2),
        Table(
            (
                Column(t("Level"), 1.2),
                Column(t("Pixels per metre"), 1.2, True),
                Column(t("Range with the assumed camera"), 2.4, True),
            ),
            level_rows,
            small=True,
        ),
        Heading(t("Empty camera fields and the values assumed"), 2),
    ]
    notes: dict[tuple[str, str], list[str]] = {}
    for camera_id, note in state.views.assumptions:
        field_name, _, rest = note.partition(" empty: ")
        value = rest.removesuffix(" assumed")
        if value.startswith("full circle"):
            value = t("full circle (the camera may face anywhere)")
        notes.setdefault((field_name, value), []).append(str(camera_id))
    inside = np.flatnonzero(np.asarray(state.views.inside_building) >= 0)
    if len(inside):
        notes[(t("position"), t("mounted on the façade of the building it stands in"))] = [
            str(state.views.camera_id[i]) for i in inside
        ]
    if not notes:
        return [
            *blocks,
            Paragraph(t("No value was assumed: every camera field the engine needs is filled.")),
        ]
    rows = []
    for (field_name, value), ids in notes.items():
        shown = ", ".join(ids[:MAX_IDS])
        if len(ids) > MAX_IDS:
            shown += " " + t("… and {n} more").format(n=len(ids) - MAX_IDS)
        row = (_field(field_name, language), value, t("{n} cameras").format(n=len(ids)))
        rows.append(row if public else (*row, shown))
    columns = [Column(t("Field"), 1.4), Column(t("Assumed"), 2.0), Column(t("Cameras"), 0.9, True)]
    if not public:
        columns.append(Column(t("Camera ids"), 4.0))
    return [*blocks, Table(tuple(columns), tuple(rows), small=True)]


# ------------------------------------------------------------------ helpers


def _field(name: str, language: str) -> str:
    return translate(name, language)  # the field names of the web map's popups


def _category(code: object, language: str) -> str:
    text = _text(code)
    return label("zone_category", text, language) if has_label("zone_category", text) else text


def _private(code: object, language: str) -> str:
    text = _text(code)
    if has_label("private_category", text):
        return label("private_category", text, language)
    return text


def _verdict(value: object) -> bool | None:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return bool(value)


def _text(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def _blank(value: object) -> bool:
    return _text(value).strip() == ""


def _float(value: object) -> float | None:
    if _blank(value):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number


def zone_lines(report: ComplianceReport) -> Mapping[str, Sequence[str]]:
    """The row of the zone table of each zone id (for checks)."""
    for block in report.blocks:
        if isinstance(block, Table) and block.columns and len(block.columns) == 9:
            return {row[0]: row for row in block.rows}
    return {}
