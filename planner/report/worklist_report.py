"""The survey work list as one printable, self-contained HTML page with a small map per device.

The page loads nothing from the network (no CDN, fonts or scripts): it is
printed or mailed to offices that may open it offline. Every text from the
inventories is escaped, since inventory rows are typed by many hands. Maps
are inline SVG drawn in the project's metric CRS, north up, one box of
:data:`MAP_BOX_M` metres around each device. :func:`write_page`
writes the page to a file, replaced atomically.
"""

from __future__ import annotations

import html
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import SupportsFloat, SupportsInt, cast

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from planner.core.chinese_coords import wgs84_to_bd09, wgs84_to_gcj02
from planner.core.chinese_terms import cite, count_phrase, enumerate_zh, source_name
from planner.core.errors import CrsError
from planner.core.project import Project
from planner.core.rulesets import Ruleset
from planner.core.survey import FINDINGS, INTACT_COLUMNS, WORKLIST_COLUMNS
from planner.core.vocabulary import group_name, label, priority_label
from planner.io.crs import lonlat_transformer
from planner.io.files import atomic_target
from planner.report.svg import svg_path, svg_pixel
from planner.report.wording import CSS_FONTS
from planner.report.wording import MAP_DATA_CREDIT as OSM_CREDIT
from planner.report.wording import translate as _t

#: Side of the map box around a device, in metres.
MAP_BOX_M = 80.0
#: Side of the drawn map, in CSS pixels.
MAP_SIZE_PX = 180
#: Length of the scale bar, in metres.
SCALE_BAR_M = 20.0

LANGUAGES = ("en", "zh")
"""Languages the page is written in."""


def worklist_title(ruleset: Ruleset, language: str) -> str:
    """Title of a work list: what it is and under which rules, in ``language``."""
    if language == "zh":
        name = (ruleset.name_zh or ruleset.name).replace("(", "（").replace(")", "）")
        return f"设备权属普查整改清单（{name}）"
    return f"Cleanup work list ({ruleset.name})"


def _sources(names: str, language: str) -> str:
    """The ``sources`` cell (``filings;survey``) as names a reader knows."""
    if language != "zh":
        return names
    return enumerate_zh(source_name(n.strip(), language) for n in names.split(";") if n.strip())


_SCALE = MAP_SIZE_PX / MAP_BOX_M  # pixels per metre
_CSS = f"""
@page {{ size: A4; margin: 12mm; }}
* {{ box-sizing: border-box; }}
body {{ font-family: {CSS_FONTS}; font-size: 10pt; color: #000; background: #fff;
  margin: 0 auto; max-width: 190mm; line-height: 1.3; }}
h1 {{ font-size: 16pt; margin: 0 0 2mm; }}
h2 {{ font-size: 12pt; margin: 6mm 0 2mm; border-bottom: 1.5px solid #000;
  break-after: avoid; }}
.meta {{ margin: 0 0 3mm; }}
.notes {{ margin: 0 0 3mm; padding-left: 5mm; font-size: 9pt; }}
table {{ border-collapse: collapse; margin: 0 0 3mm; }}
th, td {{ border: 1px solid #888; padding: 1px 5px; text-align: left; vertical-align: top; }}
th {{ background: #eee; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.below td {{ font-weight: bold; background: #e4e4e4; }}
.card {{ display: flex; gap: 4mm; border: 1px solid #000; padding: 2.5mm; margin: 0 0 3mm;
  break-inside: avoid; page-break-inside: avoid; }}
.card figure {{ margin: 0; flex: 0 0 {MAP_SIZE_PX}px; }}
.card svg {{ display: block; border: 1px solid #555; }}
.nomap {{ width: {MAP_SIZE_PX}px; height: {MAP_SIZE_PX}px; border: 1px dashed #555;
  display: flex; align-items: center; justify-content: center; text-align: center;
  padding: 4mm; font-style: italic; }}
.info {{ flex: 1 1 auto; min-width: 0; }}
.info h3 {{ margin: 0 0 1.5mm; font-size: 11pt; }}
.finding {{ border: 1px solid #000; padding: 0 4px; font-size: 9pt; font-weight: normal;
  white-space: nowrap; }}
.pole {{ font-weight: normal; }}
dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 0 3mm; margin: 0; }}
dt {{ font-weight: bold; }}
dd {{ margin: 0; overflow-wrap: anywhere; }}
.check {{ margin-top: 2mm; font-size: 9pt; }}
.credit {{ font-size: 8pt; color: #333; }}
@media print {{ body {{ max-width: none; }} h2 {{ page-break-after: avoid; }} }}
"""


@dataclass(frozen=True)
class _Layer:
    """Geometries of one project layer and the tree to find those in a map box."""

    geometries: np.ndarray
    tree: shapely.STRtree


def worklist_html(
    worklist: gpd.GeoDataFrame,
    *,
    project: Project | None = None,
    intact: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    title: str = "",
    as_of: date | None = None,
    language: str = "en",
    notes: Sequence[str] = (),
) -> str:
    """The work list as a printable, self-contained HTML page.

    ``language`` is ``en`` or ``zh`` (Simplified Chinese: headings, labels,
    finding and action names; the rows' own texts are shown as given).

    The page has a header (title, as-of date, counts per finding), the
    intact-rate table, then one card per work-list row grouped by priority,
    each with a small north-up map of :data:`MAP_BOX_M` metres around the
    device: ``project`` buildings, roads and zones, the device, other work-list
    devices in the box (fainter) and a :data:`SCALE_BAR_M` scale bar. A device
    without position gets a card saying so. ``as_of`` defaults to today; open
    conflicts about a device are listed on its card and in a closing table.
    ``notes`` are lines printed under the header (which walked area was used,
    checks skipped and why), already in ``language``.
    """
    missing = [c for c in WORKLIST_COLUMNS if c not in worklist.columns]
    if missing:
        raise ValueError(f"work list lacks columns {', '.join(missing)}")
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    as_of = as_of or date.today()
    heading = title or _t("Ownership survey work list", language)

    points = _points(worklist)
    lonlat = _lonlat(worklist, points)
    draw_points = points
    layers: dict[str, _Layer] = {}
    if project is not None:
        if worklist.crs is not None and not CRS.from_user_input(worklist.crs).equals(project.crs):
            # Maps are drawn in the project CRS; only positions move, text is untouched.
            draw_points = gpd.GeoSeries(points, crs=worklist.crs).to_crs(project.crs).to_numpy()
        layers = _project_layers(project)
    keys = _device_keys(worklist)
    located = ~(shapely.is_missing(draw_points) | shapely.is_empty(draw_points))
    # One marker per device for the "other devices" layer: a device with several
    # findings has several rows at the same place.
    first_rows: dict[str, int] = {}
    for i in np.flatnonzero(located).tolist():
        first_rows.setdefault(keys[i], int(i))
    marked = np.array(list(first_rows.values()), dtype=int)
    others = shapely.STRtree(draw_points[marked])
    open_conflicts = _open_conflicts(conflicts)

    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if language == "zh" else "en"}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(heading)}</h1>",
        _header(worklist, project, as_of, int(located.sum()), language),
    ]
    if notes:
        parts.append('<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>")
    if intact is not None:
        parts.append(_intact_section(intact, language))

    drew_osm_layers = project is not None and (len(project.buildings) or len(project.roads))
    if located.any():
        # A text legend (no extra SVG): shapes and greys, readable in black and white.
        legend = _t(
            "Maps: north up, {size} m across. ◉ this device · ○ other device on this list",
            language,
        ).format(size=f"{MAP_BOX_M:g}")
        if project is not None:
            legend += _t(" · grey blocks: buildings · grey bands: roads · dashed: zones", language)
        parts.append(f'<p class="credit">{_e(legend)}</p>')
    priorities = [_int_or_none(v) for v in worklist["priority"]]
    order = sorted(range(len(worklist)), key=lambda i: (priorities[i] is None, priorities[i] or 0))
    current: object = object()
    for i in order:
        if priorities[i] != current:
            current = priorities[i]
            count = sum(1 for p in priorities if p == current)
            priority = priorities[i]
            group = (
                _t("No priority", language)
                if priority is None
                else priority_label(priority, language)
            )
            items = _t("{count} item" if count == 1 else "{count} items", language)
            parts.append(f"<h2>{_e(group)} · {_e(items.format(count=count))}</h2>")
        row = worklist.iloc[i]
        svg = None
        if located[i]:
            svg = _map_svg(i, draw_points, keys, layers, (others, marked), language)
        parts.append(_card(row, svg, lonlat[i], open_conflicts.get(keys[i], []), language))
    if drew_osm_layers and located.any():
        parts.append(f'<p class="credit">{_e(_t(OSM_CREDIT, language))}</p>')
    if conflicts is not None and len(conflicts):
        parts.append(_conflicts_section(conflicts, language))
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_page(path: str | os.PathLike[str], page: str) -> None:
    """Write a page made by :func:`worklist_html` to ``path``, atomically."""
    with atomic_target(path) as temporary:
        temporary.write_text(page, encoding="utf-8")


def _header(
    worklist: gpd.GeoDataFrame, project: Project | None, as_of: date, located: int, language: str
) -> str:
    """As-of date, project, and the number of rows per finding."""
    meta = [_t("As of {date}", language).format(date=as_of.isoformat())]
    if project is not None and project.metadata.get("title"):
        meta.append(_t("Project: {title}", language).format(title=project.metadata["title"]))
    devices = len(set(_device_keys(worklist)))
    meta.append(count_phrase(len(worklist), devices, language))
    unlocated = len(worklist) - located
    if unlocated:
        meta.append(_t("{n} without position", language).format(n=unlocated))
    counts = worklist["finding"].map(_text).value_counts()
    known = [f for f in FINDINGS if f in counts.index]
    rest = sorted(f for f in counts.index if f not in FINDINGS)
    rows = "".join(
        f"<tr><td>{_e(label('finding', f, language))}</td>"
        f'<td class="num">{int(counts[f])}</td></tr>'
        for f in known + rest
    )
    return (
        f'<p class="meta">{" · ".join(_e(m) for m in meta)}</p>\n'
        f"<table><thead><tr><th>{_e(_heading('finding', 'Finding', language))}</th>"
        f"<th>{_e(_t('Items', language))}</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


def _intact_section(intact: pd.DataFrame, language: str = "en") -> str:
    """The intact-rate table; groups below their minimum are bold, shaded and marked ✗.

    The rule column cites the ruleset's own article, or, where the ruleset sets
    no figure, the other text's article marked as a reference (参照), never as
    the basis. With a platform source the online and connection rates follow.
    """
    missing = [c for c in INTACT_COLUMNS if c not in intact.columns]
    if missing:
        raise ValueError(f"intact-rate table lacks columns {', '.join(missing)}")
    platform = "online_rate" in intact.columns and bool(intact["online_rate"].notna().any())
    # A figure the ruleset does not set is shown for comparison only (参照): said once
    # above the table, no verdict column, no citation per row.
    reference = bool(len(intact)) and bool((intact["basis"].map(_text) == "reference").all())
    columns = [
        ("group_by", "By"),
        ("name", "Name"),
        ("devices", "Devices"),
        ("intact", "Intact"),
        ("rate", "Rate"),
    ]
    if reference:
        columns += [("reference_value", "Reference")]
    else:
        columns += [("required", "Required"), ("meets", "Meets"), ("rule", "Rule")]
    if platform:
        columns += [("online_rate", "Online rate"), ("connection_rate", "Connection rate")]
    head = "".join(f"<th>{_e(_heading(code, english, language))}</th>" for code, english in columns)
    rows = []
    for r in intact.itertuples(index=False):
        rate, required = _float(r.rate), _float(r.required)
        fails = not reference and not _blank(r.meets) and not bool(r.meets)
        below = not reference and (
            (rate is not None and required is not None and rate < required) or fails
        )
        meets = "—" if _blank(r.meets) else _t("✗ no" if fails else "yes", language)
        row_class = ' class="below"' if below else ""
        # The engine's overall row is group_by "all" with an empty name.
        grouping = _text(r.group_by)
        name = group_name(grouping, _text(r.name), language) or (
            label("group_by", "all", language) if grouping == "all" else ""
        )
        rows.append(
            f"<tr{row_class}>"
            f"<td>{_e(label('group_by', grouping, language))}</td><td>{_e(name)}</td>"
            f'<td class="num">{_e(r.devices)}</td><td class="num">{_e(r.intact)}</td>'
            f'<td class="num">{_percent(rate)}</td><td class="num">{_percent(required)}</td>'
            + (
                ""
                if reference
                else f"<td>{_e(meets)}</td><td>{_e(_basis(r._asdict(), language))}</td>"
            )
            + (
                f'<td class="num">{_percent(_float(r.online_rate))}</td>'
                f'<td class="num">{_percent(_float(r.connection_rate))}</td>'
                if platform
                else ""
            )
            + "</tr>"
        )
    caption = ""
    if reference:
        first = intact.iloc[0]
        article = cite(_text(first["reference"]), language)
        value = _percent(_float(first["required"]))
        caption = (
            '<p class="meta">'
            + _e(
                _t(
                    "This ruleset sets no intact rate; the {value} of {article} is shown for "
                    "comparison only, not as the basis of a finding.",
                    language,
                ).format(article=article, value=value)
            )
            + "</p>"
        )
    return (
        f"<h2>{_e(_t('Intact rate', language))}</h2>\n{caption}"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _basis(row: dict[str, object], language: str) -> str:
    """The rule cell of a rates row: the article, or another text's marked as a reference."""
    if _text(row.get("basis")) == "reference" and _text(row.get("reference")):
        separator = "：" if language == "zh" else ": "
        return (
            label("basis", "reference", language)
            + separator
            + cite(_text(row.get("reference")), language)
        )
    return cite(_text(row.get("rule")), language)


def _conflicts_section(conflicts: pd.DataFrame, language: str = "en") -> str:
    """All conflicts between inventories, settled or not."""
    rows = "".join(
        f"<tr><td>{_e(r.get('device_id'))}</td>"
        f"<td>{_e(label('conflict_field', _text(r.get('field')), language))}</td>"
        f"<td>{_e(r.get('claims'))}</td><td>{_e(r.get('detail'))}</td>"
        f"<td>{_e(_t('yes' if _truthy(r.get('settled')) else 'no', language))}</td>"
        f"<td>{_e(r.get('value'))}</td></tr>"
        for r in conflicts.to_dict("records")
    )
    head = "".join(
        f"<th>{_e(_heading(code, english, language))}</th>"
        for code, english in (
            ("device_id", "Device"),
            ("field", "Field"),
            ("claims", "Claims"),
            ("detail", "Detail"),
            ("settled", "Settled"),
            ("value", "Value"),
        )
    )
    return (
        f"<h2>{_e(_t('Conflicts between inventories', language))}</h2>\n"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _card(
    row: pd.Series,
    svg: str | None,
    lonlat: tuple[float, float] | None,
    conflicts: Sequence[str],
    language: str = "en",
) -> str:
    """One work item: map (or a note that the position is unknown) and its fields."""
    unknown = _t("Position unknown: no inventory gives coordinates.", language)
    figure = (
        f"<figure>{svg}</figure>"
        if svg is not None
        else f'<figure><div class="nomap">{_e(unknown)}</div></figure>'
    )
    device = _text(row["device_id"]) or _t("(no device id)", language)
    pole = _text(row["pole_no"])
    title = f"<span>{_e(device)}</span>"
    if pole:
        title += f' <span class="pole">{_e(_t("· pole {pole}", language).format(pole=pole))}</span>'
    finding = label("finding", _text(row["finding"]), language)
    title += f' <span class="finding">{_e(finding)}</span>'
    columns = [
        ("action", "Action", label("action", _text(row["action"]), language)),
        ("rule", "Rule", cite(_text(row["rule"]), language)),
        ("detail", "Detail", _text(row["detail"])),
        ("contact", "Contact", _text(row["contact"])),
        ("owner", "Owner", _text(row["owner"])),
        ("maintainer", "Maintainer", _text(row["maintainer"])),
        ("project_name", "Project", _text(row["project_name"])),
        ("district", "District", _text(row["district"])),
        ("address", "Address", _text(row["address"])),
        ("sources", "Sources", _sources(_text(row["sources"]), language)),
    ]
    fields = [(_heading(code, english, language), value) for code, english, value in columns]
    fields += [(_t(k, language), v) for k, v in _positions(lonlat, language)]
    fields.append((_t("Conflicts", language), "; ".join(conflicts)))
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in fields if v)
    check = _t("☐ done &nbsp; date ________ &nbsp; by ______________", language)
    return (
        f'<article class="card">{figure}<div class="info"><h3>{title}</h3><dl>{items}</dl>'
        f'<p class="check">{check}</p>'
        "</div></article>"
    )


def _map_svg(
    index: int,
    points: np.ndarray,
    keys: Sequence[str],
    layers: dict[str, _Layer],
    others: tuple[shapely.STRtree, np.ndarray],
    language: str = "en",
) -> str:
    """A north-up SVG of the box around device ``index``, in the project's metric CRS.

    ``others`` is a tree of one point per located device and the row of each.
    """
    x, y = shapely.get_x(points[index]), shapely.get_y(points[index])
    half = MAP_BOX_M / 2
    xmin, ymin, xmax, ymax = x - half, y - half, x + half, y + half
    box = shapely.box(xmin, ymin, xmax, ymax)
    body = []
    styles = {
        "roads": 'fill="none" stroke="#aaa" stroke-width="5" stroke-linecap="round" '
        'stroke-linejoin="round"',
        "buildings": 'fill="#d8d8d8" stroke="#444" stroke-width="0.8" fill-rule="evenodd"',
        "zones": 'fill="none" stroke="#000" stroke-width="1.2" stroke-dasharray="4 3"',
    }
    for name in ("roads", "buildings", "zones"):
        layer = layers.get(name)
        if layer is None:
            continue
        found = layer.tree.query(box)
        if not len(found):
            continue
        clipped = shapely.clip_by_rect(layer.geometries[found], xmin, ymin, xmax, ymax)
        path, dots = svg_path(clipped, xmin, ymax, _SCALE)
        if path:
            body.append(f'<path d="{path}" {styles[name]}/>')
        for px, py in dots:  # point zones: a small dashed square
            body.append(
                f'<rect x="{px - 5:.1f}" y="{py - 5:.1f}" width="10" height="10" {styles[name]}/>'
            )
    tree, rows = others
    for j in rows[tree.query(box)]:
        if keys[j] == keys[index]:
            continue
        px, py = svg_pixel(shapely.get_x(points[j]), shapely.get_y(points[j]), xmin, ymax, _SCALE)
        body.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4" fill="#fff" stroke="#777" '
            'stroke-width="1.2" opacity="0.8"/>'
        )
    centre = MAP_SIZE_PX / 2
    body.append(
        f'<circle cx="{centre}" cy="{centre}" r="9" fill="none" stroke="#000" stroke-width="1.5"/>'
        f'<circle cx="{centre}" cy="{centre}" r="4.5" fill="#000" stroke="#fff" stroke-width="1"/>'
    )
    bar = SCALE_BAR_M * _SCALE
    base = MAP_SIZE_PX - 10
    body.append(
        f'<rect x="4" y="{base - 14}" width="{bar + 12:.0f}" height="20" fill="#fff" '
        'opacity="0.85"/>'
        f'<path d="M10 {base - 4}V{base}H{10 + bar:.1f}V{base - 4}" fill="none" stroke="#000" '
        'stroke-width="1.5"/>'
        f'<text x="{10 + bar / 2:.1f}" y="{base - 5}" font-size="9" text-anchor="middle">'
        f"{SCALE_BAR_M:g} m</text>"
    )
    nx = MAP_SIZE_PX - 14
    body.append(
        f'<rect x="{nx - 9}" y="3" width="18" height="30" fill="#fff" opacity="0.85"/>'
        f'<path d="M{nx} 6L{nx + 5} 18H{nx - 5}Z" fill="#000"/>'
        f'<text x="{nx}" y="30" font-size="10" font-weight="bold" text-anchor="middle">N</text>'
    )
    label = html.escape(_t("Map around {key}", language).format(key=keys[index]), quote=True)
    return (
        f'<svg width="{MAP_SIZE_PX}" height="{MAP_SIZE_PX}" '
        f'viewBox="0 0 {MAP_SIZE_PX} {MAP_SIZE_PX}" role="img" aria-label="{label}">'
        f'<rect width="{MAP_SIZE_PX}" height="{MAP_SIZE_PX}" fill="#fff"/>'
        f"{''.join(body)}</svg>"
    )


def _project_layers(project: Project) -> dict[str, _Layer]:
    """One STRtree per drawn layer, built once so each map box is a tree query, not a scan."""
    layers = {}
    for name in ("buildings", "roads", "zones"):
        geometries = project.layer(name).geometry.to_numpy()
        keep = ~(shapely.is_missing(geometries) | shapely.is_empty(geometries))
        geometries = geometries[keep]
        if len(geometries):
            layers[name] = _Layer(geometries, shapely.STRtree(geometries))
    return layers


def _points(worklist: gpd.GeoDataFrame) -> np.ndarray:
    """The point of each row (None where the device has no position)."""
    try:
        points = worklist.geometry.to_numpy().copy()
    except AttributeError:  # a frame without geometry column: nothing is located
        return np.array([None] * len(worklist), dtype=object)
    points[shapely.is_empty(points)] = None
    return points


def _lonlat(worklist: gpd.GeoDataFrame, points: np.ndarray) -> list[tuple[float, float] | None]:
    """WGS84 longitude/latitude of each row, None where unlocated."""
    located = ~shapely.is_missing(points)
    if not located.any():
        return [None] * len(points)
    if worklist.crs is None:
        raise CrsError("work list has positions but no CRS")
    to_lonlat = lonlat_transformer(worklist.crs)
    return [to_lonlat(p.x, p.y) if p is not None else None for p in points]


def _device_keys(worklist: gpd.GeoDataFrame) -> list[str]:
    """A key per row naming the device, so a device's other findings are not drawn as others."""
    keys = []
    for i, (key, device_id) in enumerate(
        zip(worklist["device_key"], worklist["device_id"], strict=True)
    ):
        keys.append(_text(key) or _text(device_id) or f"row {i + 1}")
    return keys


def _open_conflicts(conflicts: pd.DataFrame | None) -> dict[str, list[str]]:
    """Unsettled conflicts per device key, as short texts for the cards."""
    out: dict[str, list[str]] = {}
    if conflicts is None or not len(conflicts):
        return out
    for record in conflicts.to_dict("records"):
        if _truthy(record.get("settled")):
            continue
        key = _text(record.get("device_key")) or _text(record.get("device_id"))
        text = f"{_text(record.get('field'))}: {_text(record.get('claims'))}"
        out.setdefault(key, []).append(text)
    return out


def _heading(column: str, english: str, language: str) -> str:
    """A field's caption: readable English, or the column's name in the vocabulary."""
    return label("column", column, language) if language == "zh" else english


def _positions(lonlat: tuple[float, float] | None, language: str) -> list[tuple[str, str]]:
    """The device's longitude, latitude as field staff paste them: WGS84, GCJ-02, BD-09.

    Phone map apps in China take GCJ-02 (Amap, Tencent) or BD-09 (Baidu);
    WGS84 is what GPS receivers and the CSV's ``lon``/``lat`` give.
    """
    if lonlat is None:
        return [("Lon, lat (WGS84)", _t("unknown", language))]
    lon, lat = lonlat
    gcj = wgs84_to_gcj02(lon, lat)
    bd = wgs84_to_bd09(lon, lat)
    return [
        ("Lon, lat (WGS84)", f"{lon:.7f}, {lat:.7f}"),
        ("Lon, lat (GCJ-02: Amap, Tencent)", f"{float(gcj[0]):.7f}, {float(gcj[1]):.7f}"),
        ("Lon, lat (BD-09: Baidu)", f"{float(bd[0]):.7f}, {float(bd[1]):.7f}"),
    ]


def _blank(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _truthy(value: object) -> bool:
    return not _blank(value) and bool(value)


def _text(value: object) -> str:
    """Display text of a cell: blanks empty, sequences joined, whole floats without '.0'."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(_text(v) for v in value if not _blank(v))
    if _blank(value):
        return ""
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _e(value: object) -> str:
    return html.escape(_text(value), quote=True)


def _float(value: object) -> float | None:
    return None if _blank(value) else float(cast(SupportsFloat, value))


def _int_or_none(value: object) -> int | None:
    return None if _blank(value) else int(cast(SupportsInt, value))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"
