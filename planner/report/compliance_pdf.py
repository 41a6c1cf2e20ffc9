"""The compliance report as a PDF (fpdf2): A4, CJK font embedded, vector charts and maps.

Every page carries the restricted marking of a report that is not public
(top right, red) and "Page n of N" at the foot. The font is a subset of a CJK
OpenType font (:func:`planner.io.fonts.find_cjk_font`) embedded in the file, so
Chinese reads on any machine; tables repeat their header row on each page;
the bar chart and the gap maps are drawn as vectors, not pictures.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any

import shapely
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

from planner.io.files import atomic_target
from planner.io.fonts import FontFile
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

_FAMILY = "cjk"
_INK = (32, 32, 32)
_GREY = (110, 110, 110)
_MARK = (190, 20, 20)
PASS_COLOUR = (26, 150, 65)  # the window's and the web map's pass / fail / advisory
FAIL_COLOUR = (215, 25, 28)
ADVISORY_COLOUR = (140, 140, 140)
_ROW_FILL = {"fail": (253, 224, 221), "advisory": (240, 240, 240)}
_HEADER_FILL = (225, 225, 225)
_MAP_SIDE_MM = 56.0
_MAP_COLUMNS = 3


class _Document(FPDF):
    def __init__(self, report: ComplianceReport, font: FontFile) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.report = report
        self.set_margins(15, 18, 15)
        self.set_auto_page_break(True, margin=16)
        self.add_font(_FAMILY, "", str(font.path), collection_font_number=font.index)
        bold = font.bold or font
        self.add_font(_FAMILY, "B", str(bold.path), collection_font_number=bold.index)
        self.set_title(report.title)
        self.set_creator("Coverage Planner")
        self.set_lang("zh-CN" if report.language == "zh" else "en")
        self.alias_nb_pages("{nb}")
        self.wrap = WrapMode.CHAR if report.language == "zh" else WrapMode.WORD

    # fpdf2 calls these on every page
    def header(self) -> None:
        self.set_font(_FAMILY, "", 7.5)
        self.set_text_color(*_GREY)
        self.set_xy(self.l_margin, 8)
        self.cell(120, 5, self.report.title)
        if self.report.marking:
            self.set_font(_FAMILY, "B", 10)
            self.set_text_color(*_MARK)
            self.set_xy(self.w - self.r_margin - 70, 7.5)
            self.cell(70, 6, self.report.marking, align=Align.R)
        self.set_draw_color(*_GREY)
        self.set_line_width(0.2)
        self.line(self.l_margin, 13.5, self.w - self.r_margin, 13.5)
        self.set_text_color(*_INK)
        self.set_xy(self.l_margin, self.t_margin)

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(_FAMILY, "", 7.5)
        self.set_text_color(*_GREY)
        self.cell(0, 5, self.report.footer, align=Align.L)
        self.set_x(self.l_margin)
        words = self.report.page_words.format(page=self.page_no(), pages="{nb}")
        self.cell(0, 5, words, align=Align.R)
        if self.report.marking:
            self.set_x(self.l_margin)
            self.set_text_color(*_MARK)
            self.cell(0, 5, self.report.marking, align=Align.C)
        self.set_text_color(*_INK)

    @property
    def width(self) -> float:
        return self.w - self.l_margin - self.r_margin


def write_report_pdf(
    report: ComplianceReport, path: str | os.PathLike[str], *, font: FontFile
) -> None:
    """Write ``report`` to ``path`` as a PDF (replaced atomically)."""
    pdf = _Document(report, font)
    pdf.add_page()
    pdf.set_font(_FAMILY, "B", 17)
    pdf.multi_cell(0, 9, report.title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)
    for block in report.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Paragraph):
            _paragraph(pdf, block)
        elif isinstance(block, Facts):
            _facts(pdf, block)
        elif isinstance(block, Figures):
            _figures(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, BarChart):
            _chart(pdf, block)
        elif isinstance(block, MapGrid):
            _maps(pdf, block)
    try:
        with atomic_target(path) as target:
            pdf.output(str(target))
    finally:
        _close_fonts(pdf)


def _close_fonts(pdf: FPDF) -> None:
    """Close the font files fpdf2 reads lazily (it leaves them open until collected)."""
    for font in getattr(pdf, "fonts", {}).values():
        reader = getattr(font, "ttfont", None)
        if reader is not None:
            reader.close()


def _heading(pdf: _Document, block: Heading) -> None:
    size = 13.0 if block.level == 1 else 10.5
    if pdf.will_page_break(size + 25):
        pdf.add_page()
    pdf.ln(3 if block.level == 1 else 1.5)
    pdf.set_font(_FAMILY, "B", size)
    pdf.set_text_color(*_INK)
    pdf.multi_cell(0, size * 0.5, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if block.level == 1:
        y = pdf.get_y() + 0.5
        pdf.set_draw_color(*_INK)
        pdf.set_line_width(0.4)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(2)
    else:
        pdf.ln(1)


def _paragraph(pdf: _Document, block: Paragraph) -> None:
    pdf.set_font(_FAMILY, "", 8 if block.note else 9.5)
    pdf.set_text_color(*(_GREY if block.note else _INK))
    pdf.multi_cell(
        0,
        4.2 if block.note else 5,
        block.text,
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
        wrapmode=pdf.wrap,
    )
    pdf.set_text_color(*_INK)
    pdf.ln(1)


def _facts(pdf: _Document, block: Facts) -> None:
    key_width = 32.0
    for key, value in block.rows:
        pdf.set_font(_FAMILY, "B", 9)
        y = pdf.get_y()
        pdf.multi_cell(key_width, 5, key, new_x=XPos.RIGHT, new_y=YPos.TOP)
        pdf.set_font(_FAMILY, "", 9)
        pdf.multi_cell(
            pdf.width - key_width, 5, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=pdf.wrap
        )
        pdf.set_y(max(pdf.get_y(), y + 5))
    pdf.ln(1)


def _figures(pdf: _Document, block: Figures) -> None:
    per_row, gap, height = 4, 3.0, 15.0
    width = (pdf.width - gap * (per_row - 1)) / per_row
    tones = {"pass": PASS_COLOUR, "fail": FAIL_COLOUR}
    for start in range(0, len(block.items), per_row):
        if pdf.will_page_break(height + gap):
            pdf.add_page()
        y = pdf.get_y()
        for k, (name, value, tone) in enumerate(block.items[start : start + per_row]):
            x = pdf.l_margin + k * (width + gap)
            pdf.set_draw_color(*_GREY)
            pdf.set_line_width(0.2)
            pdf.rect(x, y, width, height)
            pdf.set_xy(x + 2, y + 1.5)
            pdf.set_font(_FAMILY, "", 7.5)
            pdf.set_text_color(*_GREY)
            pdf.cell(width - 4, 4, name)
            pdf.set_xy(x + 2, y + 6.5)
            pdf.set_font(_FAMILY, "B", 12 if len(value) < 14 else 9)
            pdf.set_text_color(*tones.get(tone, _INK))
            pdf.cell(width - 4, 6, value)
        pdf.set_text_color(*_INK)
        pdf.set_xy(pdf.l_margin, y + height + gap)


def _table(pdf: _Document, block: Table) -> None:
    """A table drawn line by line (fpdf2's own tables take ~1 ms a cell: minutes for a city).

    The header row repeats on every page; a row never splits across pages.
    """
    weights = [c.weight for c in block.columns]
    total = sum(weights)
    widths = [pdf.width * w / total for w in weights]
    size = 7.0 if block.small else 8.5
    line = size * 0.42
    pad = 0.7
    header = [
        _wrap(pdf, c.title, w - 2 * pad, size, bold=True)
        for c, w in zip(block.columns, widths, strict=True)
    ]

    def draw_row(cells: list[list[str]], fill: tuple[int, int, int] | None, bold: bool) -> None:
        height = max(len(c) for c in cells) * line + 2 * pad
        if pdf.get_y() + height > pdf.page_break_trigger:
            pdf.add_page()
            if not bold:
                draw_row(header, _HEADER_FILL, True)
        y = pdf.get_y()
        if fill is not None:
            pdf.set_fill_color(*fill)
            pdf.rect(pdf.l_margin, y, pdf.width, height, style="F")
        pdf.set_font(_FAMILY, "B" if bold else "", size)
        x = pdf.l_margin
        for column, width, lines in zip(block.columns, widths, cells, strict=True):
            for k, text in enumerate(lines):
                baseline = y + pad + (k + 0.78) * line
                if column.numeric:
                    pdf.text(x + width - pad - pdf.get_string_width(text), baseline, text)
                else:
                    pdf.text(x + pad, baseline, text)
            x += width
        pdf.set_draw_color(190, 190, 190)
        pdf.set_line_width(0.15)
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + pdf.width, y + height)
        pdf.set_y(y + height)

    if pdf.get_y() + 4 * line > pdf.page_break_trigger:
        pdf.add_page()
    draw_row(header, _HEADER_FILL, True)
    pdf.set_font(_FAMILY, "", size)
    for k, row in enumerate(block.rows):
        mark = block.marks[k] if k < len(block.marks) else ""
        cells = [_wrap(pdf, text, w - 2 * pad, size) for text, w in zip(row, widths, strict=True)]
        draw_row(cells, _ROW_FILL.get(mark), False)
    pdf.set_x(pdf.l_margin)
    pdf.ln(2)


def _wrap(pdf: _Document, text: str, width: float, size: float, *, bold: bool = False) -> list[str]:
    """``text`` broken into lines of at most ``width`` mm.

    Lines break at spaces and between CJK characters, inside a word only when
    the word alone is too wide.
    """
    pdf.set_font(_FAMILY, "B" if bold else "", size)
    lines: list[str] = []
    for paragraph in (text or "").split("\n"):
        if pdf.get_string_width(paragraph) <= width:
            lines.append(paragraph)
            continue
        current = ""
        for char in paragraph:
            if pdf.get_string_width(current + char) <= width or not current:
                current += char
                continue
            cut = max(current.rfind(" "), _last_cjk(current))
            if cut > 0:
                lines.append(current[: cut + 1].rstrip())
                current = current[cut + 1 :].lstrip() + char
            else:
                lines.append(current)
                current = char
        lines.append(current)
    return lines or [""]


def _last_cjk(text: str) -> int:
    """Index of the last character after which a line may break in Chinese text."""
    for k in range(len(text) - 1, -1, -1):
        if "\u2e80" <= text[k] <= "\u9fff" or "\uff00" <= text[k] <= "\uffef":
            return k
    return -1


def _chart(pdf: _Document, block: BarChart) -> None:
    if not block.rows:
        return
    bar, gap, label_width = 5.0, 1.6, 48.0
    height = len(block.rows) * (bar + gap) + 10
    if pdf.will_page_break(min(height, 120)):
        pdf.add_page()
    most = max(max(p + f + a for _, p, f, a in block.rows), 1)
    scale = (pdf.width - label_width - 12) / most
    colours = (PASS_COLOUR, FAIL_COLOUR, ADVISORY_COLOUR)
    # legend
    x = pdf.l_margin + label_width
    y = pdf.get_y()
    pdf.set_font(_FAMILY, "", 7.5)
    for colour, name in zip(colours, block.legend, strict=True):
        pdf.set_fill_color(*colour)
        pdf.rect(x, y + 1, 3, 3, style="F")
        pdf.set_xy(x + 4, y)
        pdf.cell(pdf.get_string_width(name) + 6, 5, name)
        x = pdf.get_x()
    pdf.set_y(y + 7)
    for name, *counts in block.rows:
        if pdf.will_page_break(bar + gap):
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_font(_FAMILY, "", 7.5)
        pdf.set_text_color(*_INK)
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(label_width - 2, bar, _fit(pdf, name, label_width - 2), align=Align.R)
        x = pdf.l_margin + label_width
        for colour, count in zip(colours, counts, strict=True):
            if not count:
                continue
            width = count * scale
            pdf.set_fill_color(*colour)
            pdf.rect(x, y, width, bar, style="F")
            text = str(count)
            if pdf.get_string_width(text) + 1 < width:
                pdf.set_text_color(255, 255, 255)
                pdf.set_xy(x, y)
                pdf.cell(width, bar, text, align=Align.C)
            x += width
        pdf.set_text_color(*_INK)
        pdf.set_xy(x + 1, y)
        pdf.cell(10, bar, str(sum(counts)))
        pdf.set_xy(pdf.l_margin, y + bar + gap)
    pdf.ln(2)


def _fit(pdf: _Document, text: str, width: float) -> str:
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def _maps(pdf: _Document, block: MapGrid) -> None:
    gap = (pdf.width - _MAP_COLUMNS * _MAP_SIDE_MM) / (_MAP_COLUMNS - 1)
    cell_height = _MAP_SIDE_MM + 11
    column = 0
    y = pdf.get_y()
    for gap_map in block.maps:
        if column == 0:
            if pdf.will_page_break(cell_height):
                pdf.add_page()
            y = pdf.get_y()
        x = pdf.l_margin + column * (_MAP_SIDE_MM + gap)
        _map(pdf, gap_map, x, y, _MAP_SIDE_MM)
        pdf.set_font(_FAMILY, "", 6.8)
        pdf.set_xy(x, y + _MAP_SIDE_MM + 0.8)
        pdf.multi_cell(
            _MAP_SIDE_MM,
            3.2,
            "\n".join(gap_map.caption),
            wrapmode=WrapMode.CHAR,
            new_x=XPos.LEFT,
            new_y=YPos.NEXT,
            max_line_height=3.2,
        )
        column = (column + 1) % _MAP_COLUMNS
        if column == 0:
            pdf.set_xy(pdf.l_margin, y + cell_height)
    if column:
        pdf.set_xy(pdf.l_margin, y + cell_height)


def _map(pdf: _Document, gap_map: GapMap, x: float, y: float, side: float) -> None:
    xmin, _, xmax, ymax = gap_map.box
    scale = side / (xmax - xmin)

    def to_page(coords: Sequence[Sequence[float]]) -> list[tuple[float, float]]:
        return [(x + (cx - xmin) * scale, y + (ymax - cy) * scale) for cx, cy, *_ in coords]

    with pdf.rect_clip(x, y, side, side):
        _draw(
            pdf, gap_map.buildings, to_page, fill=(217, 214, 208), stroke=(140, 136, 128), width=0.1
        )
        _draw(
            pdf,
            (gap_map.zone,),
            to_page,
            fill=(198, 219, 239),
            stroke=(33, 102, 172),
            width=0.35,
            line_width=1.6,
        )
        _draw(
            pdf,
            (gap_map.gap,),
            to_page,
            fill=FAIL_COLOUR,
            stroke=FAIL_COLOUR,
            width=0.1,
            line_width=1.2,
        )
        # the zone's outline again over its gap
        _draw(
            pdf,
            (gap_map.zone,),
            to_page,
            fill=None,
            stroke=(33, 102, 172),
            width=0.35,
            line_width=0.4,
            dots=False,
        )
    pdf.set_draw_color(*_GREY)
    pdf.set_line_width(0.25)
    pdf.rect(x, y, side, side)
    _scale_bar(pdf, x, y, side, xmax - xmin)


def _scale_bar(pdf: _Document, x: float, y: float, side: float, metres: float) -> None:
    length = next((m for m in (100, 50, 20, 10, 5) if m <= metres / 3), 5)
    width = side * length / metres
    bx, by = x + 2, y + side - 3
    pdf.set_draw_color(*_INK)
    pdf.set_line_width(0.4)
    pdf.line(bx, by, bx + width, by)
    pdf.set_font(_FAMILY, "", 5.5)
    pdf.set_text_color(*_INK)
    pdf.set_xy(bx, by - 3.2)
    pdf.cell(width + 6, 3, f"{length} m")


def _draw(
    pdf: _Document,
    geoms: Iterable[Any],
    to_page: Any,
    *,
    fill: tuple[int, int, int] | None,
    stroke: tuple[int, int, int],
    width: float,
    line_width: float = 0.5,
    dots: bool = True,
) -> None:
    """Polygons as one even-odd filled path (courtyards stay open), lines as strokes.

    Points are dots. Written as PDF path operators (fpdf2's path objects are slow).
    """
    polygons, lines, points = [], [], []
    for geom in geoms:
        if geom is None or shapely.is_empty(geom):
            continue
        for part in shapely.get_parts(shapely.get_parts(geom)):
            kind = shapely.get_type_id(part)
            if kind == 3:
                polygons.append(part)
            elif kind in (1, 2):
                lines.append(part)
            elif kind == 0:
                points.append(part)
    k, height = pdf.k, pdf.h

    def subpath(coords: Sequence[Sequence[float]], close: bool) -> str:
        page = to_page(coords)
        ops = [f"{px * k:.2f} {(height - py) * k:.2f}" for px, py in page]
        return ops[0] + " m " + " l ".join(ops[1:]) + (" l h" if close else " l")

    def colour(rgb: tuple[int, int, int], op: str) -> str:
        return " ".join(f"{c / 255:.3f}" for c in rgb) + f" {op}"

    out = []
    if polygons:
        rings = [
            subpath(r.coords, True)
            for p in polygons
            for r in (p.exterior, *p.interiors)
            if len(r.coords) >= 3
        ]
        paint = "B*" if fill is not None else "S"
        out.append(
            "q "
            + (colour(fill, "rg ") if fill is not None else "")
            + colour(stroke, "RG")
            + f" {width * k:.2f} w "
            + " ".join(rings)
            + f" {paint} Q"
        )
    if lines:
        paths = [subpath(line.coords, False) for line in lines if len(line.coords) >= 2]
        out.append(
            f"q {colour(stroke, 'RG')} {line_width * k:.2f} w 1 J 1 j " + " ".join(paths) + " S Q"
        )
    for chunk in out:
        pdf._out(chunk)
    for point in points if dots else ():
        ((px, py),) = to_page(point.coords)
        pdf.set_fill_color(*stroke)
        pdf.circle(px, py, 1.4, style="F")
