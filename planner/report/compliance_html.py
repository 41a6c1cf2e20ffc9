"""The compliance report as one self-contained HTML page (the same blocks as the PDF).

Nothing is loaded from the network: styles are inline, the bar chart and the
gap maps are inline SVG. Printed from a browser the page is A4 with the
restricted marking at the top of every page and "n / N" at the foot (CSS page
margin boxes); on screen the marking heads the page.
"""

from __future__ import annotations

import html
import os

from planner.io.files import atomic_target
from planner.report.compliance import (
    BarChart,
    ComplianceReport,
    Facts,
    Figures,
    GapMap,
    Heading,
    MapGrid,
    Paragraph,
    Table,
)
from planner.report.svg import svg_path
from planner.report.wording import CSS_FONTS

_MAP_PX = 200
_CSS = f"""
@page {{ size: A4; margin: 18mm 15mm 16mm;
  @top-right {{ content: var(--marking); color: #be1414; font-weight: bold; }}
  @bottom-right {{ content: counter(page) " / " counter(pages); font-size: 8pt; }} }}
* {{ box-sizing: border-box; }}
body {{ font-family: {CSS_FONTS}; font-size: 10pt; color: #202020; background: #fff;
  margin: 0 auto; max-width: 190mm; padding: 0 4mm; line-height: 1.35; }}
.marking {{ color: #be1414; font-weight: bold; text-align: right; border-bottom: 1px solid #888;
  padding: 2mm 0; }}
h1 {{ font-size: 17pt; margin: 3mm 0; }}
h2 {{ font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1.5px solid #202020;
  break-after: avoid; }}
h3 {{ font-size: 10.5pt; margin: 4mm 0 1.5mm; break-after: avoid; }}
p {{ margin: 0 0 2mm; }}
p.note {{ font-size: 8.5pt; color: #555; }}
dl {{ display: grid; grid-template-columns: max-content 1fr; gap: 0.5mm 4mm; margin: 0 0 3mm; }}
dt {{ font-weight: bold; }} dd {{ margin: 0; overflow-wrap: anywhere; }}
.figures {{ display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 3mm;
  margin: 0 0 3mm; }}
.figure {{ border: 1px solid #888; padding: 1.5mm 2mm; }}
.figure .label {{ font-size: 8pt; color: #666; }}
.figure .value {{ font-size: 13pt; font-weight: bold; }}
.figure.pass .value {{ color: #1a9641; }} .figure.fail .value {{ color: #d7191c; }}
table {{ border-collapse: collapse; width: 100%; margin: 0 0 3mm; table-layout: fixed; }}
table.small {{ font-size: 8pt; }}
th, td {{ border-bottom: 1px solid #bbb; padding: 1px 4px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }}
th {{ background: #e1e1e1; }}
td.num, th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
td.num {{ white-space: nowrap; }}
tr.fail td {{ background: #fde0dd; }} tr.advisory td {{ background: #f0f0f0; }}
thead {{ display: table-header-group; }} tr {{ break-inside: avoid; }}
.maps {{ display: grid; grid-template-columns: repeat(3, {_MAP_PX}px); gap: 4mm; }}
.maps figure {{ margin: 0; break-inside: avoid; }}
.maps svg {{ display: block; border: 1px solid #6e6e6e; background: #fff; }}
.maps figcaption {{ font-size: 8pt; overflow-wrap: anywhere; }}
footer {{ margin: 6mm 0; font-size: 8pt; color: #666; }}
@media print {{ body {{ max-width: none; padding: 0; }} .marking {{ display: none; }} }}
"""


def report_html(report: ComplianceReport) -> str:
    """The page of ``report``."""
    marking = report.marking or ""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if report.language == "zh" else "en"}">',
        '<head><meta charset="utf-8">',
        f"<title>{_e(report.title)}</title>",
        f"<style>:root {{ --marking: {_css_string(marking)}; }}\n{_CSS}</style>",
        "</head><body>",
    ]
    if marking:
        parts.append(f'<div class="marking">{_e(marking)}</div>')
    parts.append(f"<h1>{_e(report.title)}</h1>")
    for block in report.blocks:
        parts.append(_block(block))
    parts.append(f"<footer>{_e(report.footer)}</footer>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report_html(report: ComplianceReport, path: str | os.PathLike[str]) -> None:
    """Write the page of ``report`` to ``path`` (UTF-8, replaced atomically)."""
    page = report_html(report)
    with atomic_target(path) as target:
        target.write_text(page, encoding="utf-8")


def _block(block: object) -> str:
    if isinstance(block, Heading):
        tag = "h2" if block.level == 1 else "h3"
        return f"<{tag}>{_e(block.text)}</{tag}>"
    if isinstance(block, Paragraph):
        return f"<p{' class=note' if block.note else ''}>{_e(block.text)}</p>"
    if isinstance(block, Facts):
        rows = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in block.rows)
        return f"<dl>{rows}</dl>"
    if isinstance(block, Figures):
        items = "".join(
            f'<div class="figure {tone}"><div class="label">{_e(name)}</div>'
            f'<div class="value">{_e(value)}</div></div>'
            for name, value, tone in block.items
        )
        return f'<div class="figures">{items}</div>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, BarChart):
        return _chart(block)
    if isinstance(block, MapGrid):
        return '<div class="maps">' + "".join(_map(m) for m in block.maps) + "</div>"
    raise TypeError(f"unknown block {type(block).__name__}")


def _table(block: Table) -> str:
    numeric = [c.numeric for c in block.columns]
    head = "".join(
        f"<th{' class=num' if c.numeric else ''}>{_e(c.title)}</th>" for c in block.columns
    )
    rows = []
    for k, cells in enumerate(block.rows):
        mark = block.marks[k] if k < len(block.marks) else ""
        cls = f' class="{mark}"' if mark in ("fail", "advisory") else ""
        tds = "".join(
            f"<td{' class=num' if numeric[j] else ''}>{_e(text)}</td>"
            for j, text in enumerate(cells)
        )
        rows.append(f"<tr{cls}>{tds}</tr>")
    total = sum(c.weight for c in block.columns) or 1.0
    cols = "".join(f'<col style="width:{100 * c.weight / total:.1f}%">' for c in block.columns)
    small = ' class="small"' if block.small else ""
    return (
        f"<table{small}><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


_COLOURS = ("#1a9641", "#d7191c", "#8c8c8c")


def _chart(block: BarChart) -> str:
    if not block.rows:
        return ""
    label_px, bar, gap, width = 170, 16, 5, 640
    most = max(max(p + f + a for _, p, f, a in block.rows), 1)
    scale = (width - label_px - 40) / most
    height = 24 + len(block.rows) * (bar + gap)
    out = [
        f'<svg width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" font-size="11">'
    ]
    x: float = label_px
    for colour, name in zip(_COLOURS, block.legend, strict=True):
        out.append(
            f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>'
            f'<text x="{x + 14}" y="13">{_e(name)}</text>'
        )
        x += 24 + _text_px(name)
    for k, (name, *counts) in enumerate(block.rows):
        y = 24 + k * (bar + gap)
        out.append(
            f'<text x="{label_px - 6}" y="{y + bar - 4}" text-anchor="end">{_e(name)}</text>'
        )
        x = label_px
        for colour, count in zip(_COLOURS, counts, strict=True):
            if not count:
                continue
            w = count * scale
            out.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{colour}"/>'
            )
            if w > 8 * len(str(count)) + 4:
                out.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + bar - 4}" fill="#fff" '
                    f'text-anchor="middle">{count}</text>'
                )
            x += w
        out.append(f'<text x="{x + 4:.1f}" y="{y + bar - 4}">{sum(counts)}</text>')
    out.append("</svg>")
    return "".join(out)


def _text_px(text: str) -> float:
    """Rough width of ``text`` at 11 px: CJK characters are square, Latin ones narrower."""
    return sum(11.0 if "\u2e80" <= c <= "\uffef" else 6.5 for c in text)


def _map(gap_map: GapMap) -> str:
    xmin, _, xmax, ymax = gap_map.box
    scale = _MAP_PX / (xmax - xmin)
    body = []
    layers = (
        (gap_map.buildings, 'fill="#d9d6d0" stroke="#8c8880" stroke-width="0.5"'),
        ((gap_map.zone,), 'fill="#c6dbef" stroke="#2166ac" stroke-width="1.2"'),
        ((gap_map.gap,), 'fill="#d7191c" fill-opacity="0.75" stroke="#d7191c" stroke-width="1"'),
    )
    for geoms, style in layers:
        path, dots = svg_path(geoms, xmin, ymax, scale)
        if path:
            body.append(f'<path d="{path}" fill-rule="evenodd" {style}/>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" {style}/>' for x, y in dots]
    metres = xmax - xmin
    length = next((m for m in (100, 50, 20, 10, 5) if m <= metres / 3), 5)
    bar = length * scale
    base = _MAP_PX - 8
    body.append(
        f'<path d="M6 {base}H{6 + bar:.1f}" stroke="#202020" stroke-width="2"/>'
        f'<text x="6" y="{base - 4}" font-size="9">{length} m</text>'
    )
    caption = "<br>".join(_e(line) for line in gap_map.caption)
    return (
        f'<figure><svg width="{_MAP_PX}" height="{_MAP_PX}" '
        f'viewBox="0 0 {_MAP_PX} {_MAP_PX}">{"".join(body)}</svg>'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
