"""Writing the ownership-survey work list: CSV for scripts, Excel for offices, HTML to print.

The first columns of the flat table (:data:`LEADING_COLUMNS`) are a contract:
scripts read the CSV by position and by name. Every writer replaces its file
atomically (:func:`planner.io.files.atomic_target`), so a failed export never
leaves a half-written work list over a good one, and a full disk, a read-only
folder or a parent that is a file give an :class:`InputError` naming the file.

Inventory text is untrusted: a cell a spreadsheet would run as a formula
(starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is
written with a leading apostrophe in the CSV and the workbook
(:func:`neutralise_formula`); numbers such as ``-3.5`` are left alone.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.errors import CrsError, InputError
from planner.core.project import Project
from planner.core.survey import CONFLICT_COLUMNS, INTACT_COLUMNS, WORKLIST_COLUMNS
from planner.io.crs import lonlat_transformer
from planner.io.files import atomic_target
from planner.report.worklist_report import worklist_html

#: The first columns of the written table, in this order; scripts depend on it.
LEADING_COLUMNS = (
    "device_id",
    "pole_no",
    "lon",
    "lat",
    "finding",
    "rule",
    "action",
    "priority",
    "sources",
)
#: All columns of the written table: the leading ones, then the rest of the work list.
TABLE_COLUMNS = LEADING_COLUMNS + tuple(c for c in WORKLIST_COLUMNS if c not in LEADING_COLUMNS)
#: Decimals of the written longitude/latitude (1e-7° is about 1 cm).
LONLAT_DECIMALS = 7
#: Output formats by file suffix.
FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html"}

_SHEET_WORKLIST = "Work list"
_SHEET_INTACT = "Intact rate"
_SHEET_CONFLICTS = "Conflicts"
_BOLD = Font(bold=True)
# Light enough to print as pale grey; the row is also marked in the "meets" column.
_BELOW_FILL = PatternFill(fill_type="solid", start_color="FFF4C7C3", end_color="FFF4C7C3")
_MAX_WIDTH = 60
# What a spreadsheet runs as a formula (after trimming spaces) or treats as a line/cell break.
_FORMULA_START = ("=", "+", "-", "@")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def neutralise_formula(text: str) -> str:
    """``text`` with a leading apostrophe when a spreadsheet would execute it.

    Cells starting with ``=``, ``+``, ``-`` or ``@`` (leading spaces, tabs and
    line breaks ignored, as spreadsheets trim them), or with a tab or carriage
    return, become text: ``=HYPERLINK(...)`` → ``'=HYPERLINK(...)``. A plain
    number (``-3.5``, ``+7``) is left as it is.
    """
    if text[:1] in ("\t", "\r"):
        return "'" + text
    stripped = text.lstrip(" \t\r\n")
    if stripped[:1] in _FORMULA_START and not _NUMBER.match(stripped.strip()):
        return "'" + text
    return text


def check_worklist_path(path: str | os.PathLike[str]) -> str:
    """The format (``csv``, ``xlsx`` or ``html``) for ``path``'s suffix.

    Raises :class:`InputError` naming the file for any other suffix, so a
    command can check its output name before computing the survey.
    """
    kind = FORMATS.get(Path(path).suffix.lower())
    if kind is None:
        raise InputError(
            f"unknown work list format {Path(path).suffix!r}; use one of {', '.join(FORMATS)}",
            file=str(path),
        )
    return kind


def worklist_table(worklist: gpd.GeoDataFrame) -> pd.DataFrame:
    """The work list as the flat table that is written out.

    Columns are :data:`TABLE_COLUMNS`: ``device_id, pole_no, lon, lat, finding,
    rule, action, priority, sources`` first, then the other work-list columns.
    ``lon``/``lat`` are WGS84 degrees rounded to 7 decimals, NaN for a device
    without position; list values (e.g. several sources) are joined with "; ".
    Rows keep the order of ``worklist`` (sorted by priority by the engine).
    """
    missing = [c for c in WORKLIST_COLUMNS if c not in worklist.columns]
    if missing:
        raise InputError(f"work list lacks columns {', '.join(missing)}", field=missing[0])
    lon, lat = _lonlat(worklist)
    table = pd.DataFrame(index=range(len(worklist)))
    for column in TABLE_COLUMNS:
        if column == "lon":
            table[column] = lon
        elif column == "lat":
            table[column] = lat
        elif column == "priority":
            table[column] = pd.array(
                [None if _blank(v) else int(v) for v in worklist[column]], dtype="Int64"
            )
        else:
            table[column] = [_flat(v) for v in worklist[column]]
    return table


def write_worklist_csv(path: str | os.PathLike[str], worklist: gpd.GeoDataFrame) -> None:
    """Write the work list as UTF-8 CSV (no byte-order mark), replacing ``path`` atomically.

    One header line of :data:`TABLE_COLUMNS`; empty cells for missing values
    (and for lon/lat of unlocated devices); lon/lat with 7 decimals.
    """
    table = worklist_table(worklist)

    # newline="": line breaks inside a quoted detail text are written as they are
    with atomic_target(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        out.write(_csv_line(TABLE_COLUMNS))
        for row in table.itertuples(index=False, name=None):
            out.write(_csv_line(_csv_cell(c, v) for c, v in zip(TABLE_COLUMNS, row, strict=True)))


def write_worklist_xlsx(
    path: str | os.PathLike[str],
    worklist: gpd.GeoDataFrame,
    *,
    intact: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    title: str = "",
) -> None:
    """Write an Excel workbook with the sheets "Work list", "Intact rate" and "Conflicts".

    Each sheet has a bold frozen header row and an autofilter; an absent
    ``intact`` or ``conflicts`` table gives a sheet with the header only, so
    the workbook always has the same three sheets. Rates are percentages and
    groups below their required intact rate are highlighted. ``title`` goes
    into the workbook properties. ``path`` is replaced atomically.
    """
    table = worklist_table(worklist)
    book = Workbook()
    sheet = book.active
    sheet.title = _SHEET_WORKLIST
    _fill_sheet(sheet, table, list(TABLE_COLUMNS))
    for column in ("lon", "lat"):
        letter = sheet.cell(row=1, column=TABLE_COLUMNS.index(column) + 1).column_letter
        for cell in sheet[letter][1:]:
            cell.number_format = "0.0000000"

    sheet = book.create_sheet(_SHEET_INTACT)
    intact_table = _columns(intact, INTACT_COLUMNS, "intact")
    _fill_sheet(sheet, intact_table, list(INTACT_COLUMNS))
    for column in ("rate", "required"):
        letter = sheet.cell(row=1, column=INTACT_COLUMNS.index(column) + 1).column_letter
        for cell in sheet[letter][1:]:
            cell.number_format = "0.0%"
    for offset, below in enumerate(_below_minimum(intact_table)):
        if below:
            for cell in sheet[offset + 2]:
                cell.fill = _BELOW_FILL

    sheet = book.create_sheet(_SHEET_CONFLICTS)
    _fill_sheet(sheet, _columns(conflicts, CONFLICT_COLUMNS, "conflicts"), list(CONFLICT_COLUMNS))

    if title:
        book.properties.title = title
    with atomic_target(path) as temporary:
        book.save(temporary)


def write_worklist_html(
    path: str | os.PathLike[str],
    worklist: gpd.GeoDataFrame,
    *,
    project: Project | None = None,
    intact: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    title: str = "",
    as_of: date | None = None,
    language: str = "en",
) -> None:
    """Write the printable work list page (see :func:`worklist_html`), replacing ``path``."""
    page = worklist_html(
        worklist,
        project=project,
        intact=intact,
        conflicts=conflicts,
        title=title,
        as_of=as_of,
        language=language,
    )
    with atomic_target(path) as temporary:
        temporary.write_text(page, encoding="utf-8")


def write_worklist(
    path: str | os.PathLike[str],
    worklist: gpd.GeoDataFrame,
    *,
    project: Project | None = None,
    intact: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    title: str = "",
    as_of: date | None = None,
    language: str = "en",
) -> None:
    """Write the work list in the format of ``path``'s suffix: .csv, .xlsx, .html or .htm.

    CSV holds the work list only; Excel adds the intact rates and conflicts;
    HTML adds those and a small map per device drawn from ``project``, its
    headings and labels in ``language`` (``en`` or ``zh``). An unknown suffix
    raises :class:`InputError` naming the file.
    """
    kind = check_worklist_path(path)
    if kind == "csv":
        write_worklist_csv(path, worklist)
    elif kind == "xlsx":
        write_worklist_xlsx(path, worklist, intact=intact, conflicts=conflicts, title=title)
    else:
        write_worklist_html(
            path,
            worklist,
            project=project,
            intact=intact,
            conflicts=conflicts,
            title=title,
            as_of=as_of,
            language=language,
        )


def _lonlat(worklist: gpd.GeoDataFrame) -> tuple[list[float], list[float]]:
    """WGS84 longitude and latitude per row, rounded; NaN where the device has no position."""
    geometries = list(worklist.geometry) if "geometry" in worklist else [None] * len(worklist)
    located = [g is not None and not g.is_empty for g in geometries]
    lon = [math.nan] * len(worklist)
    lat = [math.nan] * len(worklist)
    if not any(located):
        return lon, lat
    if worklist.crs is None:
        # Guessing a CRS would put devices in the wrong street; refuse instead.
        raise CrsError("work list has positions but no CRS")
    to_lonlat = lonlat_transformer(worklist.crs)
    for i, geometry in enumerate(geometries):
        if located[i]:
            x, y = to_lonlat(geometry.x, geometry.y)
            lon[i], lat[i] = round(x, LONLAT_DECIMALS), round(y, LONLAT_DECIMALS)
    return lon, lat


def _blank(value: object) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def _flat(value: object) -> object:
    """A cell value: blanks to None, sequences joined, numpy scalars to Python."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return "; ".join(str(v) for v in value if not _blank(v))
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    return None if _blank(value) else value


def _csv_cell(column: str, value: object) -> str:
    if _blank(value):
        return ""
    if column in ("lon", "lat"):
        return f"{value:.{LONLAT_DECIMALS}f}"
    return neutralise_formula(value) if isinstance(value, str) else str(value)


def _csv_line(cells: Iterable[str]) -> str:
    """One CSV line ending in a line feed; a cell holding a comma, quote, LF or CR is quoted.

    (The csv module leaves a bare CR unquoted when the line ends in LF, which
    splits the row for every reader.)
    """
    return ",".join(_csv_quoted(cell) for cell in cells) + "\n"


def _csv_quoted(cell: str) -> str:
    if any(ch in cell for ch in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _columns(frame: pd.DataFrame | None, columns: Sequence[str], name: str) -> pd.DataFrame:
    """``frame`` restricted to ``columns`` (empty when None); missing columns are an error."""
    if frame is None:
        return pd.DataFrame(columns=list(columns))
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{name} table lacks columns {', '.join(missing)}", field=missing[0])
    return frame.loc[:, list(columns)].reset_index(drop=True)


def _below_minimum(intact: pd.DataFrame) -> list[bool]:
    """Per row of the intact-rate table, whether the rate is below a required minimum."""
    flags = []
    for rate, required, meets in zip(
        intact["rate"], intact["required"], intact["meets"], strict=True
    ):
        if not _blank(required) and not _blank(rate):
            flags.append(float(rate) < float(required))
        else:
            flags.append(not _blank(meets) and not bool(meets))
    return flags


def _fill_sheet(sheet: Worksheet, table: pd.DataFrame, columns: list[str]) -> None:
    """Header (bold, frozen, autofilter), then one row per table row, then column widths."""
    sheet.append(columns)
    for cell in sheet[1]:
        cell.font = _BOLD
    widths = [_text_width(c) for c in columns]
    for row in table.itertuples(index=False, name=None):
        values = [_xlsx_value(v) for v in row]
        sheet.append(values)
        for cell, value in zip(sheet[sheet.max_row], values, strict=True):
            if isinstance(value, str):
                # Inventory text is untrusted: "=HYPERLINK(...)" must stay text, not a formula.
                cell.data_type = "s"
        for i, value in enumerate(values):
            if value is not None:
                widths[i] = max(widths[i], _text_width(value))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{sheet.cell(row=1, column=len(columns)).column_letter}" + str(
        max(sheet.max_row, 1)
    )
    for i, width in enumerate(widths, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        # +3: room for the autofilter button next to the header text.
        sheet.column_dimensions[letter].width = min(width + 3, _MAX_WIDTH)


def _xlsx_value(value: object) -> Any:
    value = _flat(value)
    if isinstance(value, str):
        # openpyxl refuses control characters that XML cannot hold; drop them.
        return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    return str(value)


def _text_width(value: object) -> int:
    """Width of ``value`` in Excel character units; CJK characters take two."""
    text = f"{value:.7f}" if isinstance(value, float) else str(value)
    longest = max(text.split("\n"), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)
