"""Writing the ownership-survey work list: CSV for scripts, Excel for offices.

The first columns of the flat table (:data:`LEADING_COLUMNS`) are a contract:
scripts read the CSV by position and by name; the English headers are the
column codes. In Chinese (``language="zh"``, the default of Chinese rulesets)
headers, sheet names, finding, action, source and group names are the
vocabulary's (:mod:`planner.core.vocabulary`) and the rule is cited in legal
style, while ``finding_code`` and ``action_code`` keep the codes for machines.
Beside WGS84's ``lon``/``lat`` every row has the GCJ-02 (Amap, Tencent) and
BD-09 (Baidu) longitude and latitude that field staff paste into their map
apps. CSV files start with a UTF-8 byte-order mark, so that Excel on Chinese
Windows reads them as UTF-8. Every writer replaces its file
atomically (:func:`planner.io.files.atomic_target`), so a failed export never
leaves a half-written work list over a good one, and a full disk, a read-only
folder or a parent that is a file give an :class:`InputError` naming the file.

The printable HTML page is a report (:mod:`planner.report.worklist_report`);
the choice of writer by file suffix (:func:`planner.services.worklist.write_worklist`)
sits above both, since ``io`` never imports ``report``.

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
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.chinese_coords import wgs84_to_bd09, wgs84_to_gcj02
from planner.core.chinese_terms import cite, enumerate_zh, source_name
from planner.core.errors import CrsError, InputError
from planner.core.survey import CONFLICT_COLUMNS, INTACT_COLUMNS, WORKLIST_COLUMNS
from planner.core.vocabulary import group_name, label
from planner.io.crs import lonlat_transformer
from planner.io.files import atomic_target

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
#: The codes of ``finding`` and ``action``, for machines, whatever the language.
CODE_COLUMNS = ("finding_code", "action_code")
#: Longitude and latitude as Chinese map apps take them: GCJ-02 (Amap, Tencent), BD-09 (Baidu).
CHINESE_LONLAT_COLUMNS = ("lon_gcj02", "lat_gcj02", "lon_bd09", "lat_bd09")
#: All columns of the written table: the leading ones, the codes, the Chinese map apps'
#: positions, then the rest of the work list.
TABLE_COLUMNS = (
    LEADING_COLUMNS
    + CODE_COLUMNS
    + CHINESE_LONLAT_COLUMNS
    + tuple(c for c in WORKLIST_COLUMNS if c not in LEADING_COLUMNS)
)
#: Columns holding degrees of longitude or latitude.
LONLAT_COLUMNS = ("lon", "lat", *CHINESE_LONLAT_COLUMNS)
#: Decimals of the written longitude/latitude (1e-7° is about 1 cm).
LONLAT_DECIMALS = 7
#: Languages of the headers and names.
LANGUAGES = ("en", "zh")
#: What a CSV file starts with: the UTF-8 byte-order mark Excel needs to read UTF-8.
CSV_BOM = "\ufeff"

#: Columns of the rates table written as percentages.
_RATE_COLUMNS = tuple(
    c for c in ("rate", "required", "online_rate", "connection_rate") if c in INTACT_COLUMNS
)
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


def worklist_table(worklist: gpd.GeoDataFrame, *, language: str = "en") -> pd.DataFrame:
    """The work list as the flat table that is written out.

    Columns are :data:`TABLE_COLUMNS`: ``device_id, pole_no, lon, lat, finding,
    rule, action, priority, sources`` first, then ``finding_code, action_code``,
    ``lon_gcj02, lat_gcj02, lon_bd09, lat_bd09``, then the other work-list
    columns. Longitudes and latitudes are degrees rounded to 7 decimals, NaN
    for a device without position; list values (e.g. several sources) are
    joined with "; ". In Chinese (``language="zh"``) ``finding`` and ``action``
    are the vocabulary's names, ``rule`` a legal-style citation and ``sources``
    the roles' names joined with 、; the code columns never change. Rows keep
    the order of ``worklist`` (sorted by priority by the engine).
    """
    _check_language(language)
    missing = [c for c in WORKLIST_COLUMNS if c not in worklist.columns]
    if missing:
        raise InputError(f"work list lacks columns {', '.join(missing)}", field=missing[0])
    positions = _lonlat(worklist)
    table = pd.DataFrame(index=range(len(worklist)))
    for column in TABLE_COLUMNS:
        if column in positions:
            table[column] = positions[column]
        elif column == "priority":
            table[column] = pd.array(
                [None if _blank(v) else int(v) for v in worklist[column]], dtype="Int64"
            )
        elif column in CODE_COLUMNS:
            table[column] = [_flat(v) for v in worklist[column.removesuffix("_code")]]
        else:
            table[column] = [_flat(v) for v in worklist[column]]
    if language == "zh":
        for kind in ("finding", "action"):
            table[kind] = [_named(kind, v) for v in table[kind]]
        table["rule"] = [None if v is None else cite(str(v), "zh") for v in table["rule"]]
        table["sources"] = [_sources_zh(v) for v in table["sources"]]
    return table


def table_headers(columns: Sequence[str], language: str = "en") -> list[str]:
    """The header row of a written table in ``language``.

    English headers are the column codes (a contract); Chinese ones the
    vocabulary's words, except ``finding_code`` and ``action_code``.
    """
    _check_language(language)
    return [label("column", c, language) for c in columns]


def write_worklist_csv(
    path: str | os.PathLike[str], worklist: gpd.GeoDataFrame, *, language: str = "en"
) -> None:
    """Write the work list as UTF-8 CSV with a byte-order mark, replacing ``path`` atomically.

    One header line (:func:`table_headers` of :data:`TABLE_COLUMNS`); empty
    cells for missing values (and for the positions of unlocated devices);
    longitudes and latitudes with 7 decimals. The byte-order mark makes Excel
    on Chinese Windows read the file as UTF-8 instead of the local code page.
    """
    table = worklist_table(worklist, language=language)

    # newline="": line breaks inside a quoted detail text are written as they are
    with atomic_target(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        out.write(CSV_BOM + _csv_line(table_headers(TABLE_COLUMNS, language)))
        for row in table.itertuples(index=False, name=None):
            out.write(_csv_line(_csv_cell(c, v) for c, v in zip(TABLE_COLUMNS, row, strict=True)))


def write_worklist_xlsx(
    path: str | os.PathLike[str],
    worklist: gpd.GeoDataFrame,
    *,
    intact: pd.DataFrame | None = None,
    conflicts: pd.DataFrame | None = None,
    title: str = "",
    language: str = "en",
) -> None:
    """Write an Excel workbook with the sheets "Work list", "Intact rate" and "Conflicts".

    Each sheet has a bold frozen header row and an autofilter; an absent
    ``intact`` or ``conflicts`` table gives a sheet with the header only, so
    the workbook always has the same three sheets. Rates are percentages and
    groups below their required intact rate are highlighted. ``title`` goes
    into the workbook properties. In Chinese the sheets are 整改清单, 完好率
    and 台账冲突 and every header and name is Chinese (:func:`worklist_table`).
    ``path`` is replaced atomically.
    """
    table = worklist_table(worklist, language=language)
    book = Workbook()
    sheet = book.active
    sheet.title = label("sheet", "worklist", language)
    _fill_sheet(sheet, table, table_headers(TABLE_COLUMNS, language))
    for column in LONLAT_COLUMNS:
        letter = sheet.cell(row=1, column=TABLE_COLUMNS.index(column) + 1).column_letter
        for cell in sheet[letter][1:]:
            cell.number_format = "0.0000000"

    sheet = book.create_sheet(label("sheet", "intact", language))
    intact_table = _columns(intact, INTACT_COLUMNS, "intact")
    _fill_sheet(
        sheet, _intact_names(intact_table, language), table_headers(INTACT_COLUMNS, language)
    )
    for column in _RATE_COLUMNS:
        letter = sheet.cell(row=1, column=INTACT_COLUMNS.index(column) + 1).column_letter
        for cell in sheet[letter][1:]:
            cell.number_format = "0.0%"
    for offset, below in enumerate(_below_minimum(intact_table)):
        if below:
            for cell in sheet[offset + 2]:
                cell.fill = _BELOW_FILL

    sheet = book.create_sheet(label("sheet", "conflicts", language))
    conflict_table = _conflict_names(_columns(conflicts, CONFLICT_COLUMNS, "conflicts"), language)
    _fill_sheet(sheet, conflict_table, table_headers(CONFLICT_COLUMNS, language))

    if title:
        book.properties.title = title
    with atomic_target(path) as temporary:
        book.save(temporary)


def _lonlat(worklist: gpd.GeoDataFrame) -> dict[str, list[float]]:
    """Per column of :data:`LONLAT_COLUMNS`, the degrees of each row, rounded; NaN unlocated.

    ``lon``/``lat`` are WGS84; the GCJ-02 and BD-09 ones are computed from them
    (:mod:`planner.core.chinese_coords`; outside China they equal WGS84).
    """
    geometries = list(worklist.geometry) if "geometry" in worklist else [None] * len(worklist)
    located = [g is not None and not g.is_empty for g in geometries]
    lon = np.full(len(worklist), np.nan)
    lat = np.full(len(worklist), np.nan)
    if any(located):
        if worklist.crs is None:
            # Guessing a CRS would put devices in the wrong street; refuse instead.
            raise CrsError("work list has positions but no CRS")
        to_lonlat = lonlat_transformer(worklist.crs)
        for i, geometry in enumerate(geometries):
            if geometry is not None and located[i]:
                lon[i], lat[i] = to_lonlat(geometry.x, geometry.y)
    gcj_lon, gcj_lat = wgs84_to_gcj02(lon, lat)
    bd_lon, bd_lat = wgs84_to_bd09(lon, lat)
    degrees = dict(zip(LONLAT_COLUMNS, (lon, lat, gcj_lon, gcj_lat, bd_lon, bd_lat), strict=True))
    return {
        c: np.round(np.asarray(v, dtype=float), LONLAT_DECIMALS).tolist()
        for c, v in degrees.items()
    }


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")


def _named(kind: str, code: object) -> object:
    """A code's Chinese name (blanks stay blank)."""
    return None if code is None else label(kind, str(code), "zh")


def _sources_zh(names: object) -> object:
    """``filings; survey`` as ``公安备案、实地核查``: roles by name, other sources as given."""
    if names is None:
        return None
    parts = [n.strip() for n in str(names).split(";") if n.strip()]
    return enumerate_zh(source_name(n, "zh") for n in parts)


def _yes_no(value: object) -> object:
    """A boolean cell in Chinese: 是 / 否 (blank stays blank)."""
    return None if _blank(value) else ("是" if bool(value) else "否")


def _intact_names(intact: pd.DataFrame, language: str) -> pd.DataFrame:
    """The intact-rate table as readers see it: groupings, groups, yes/no and rules named."""
    if language != "zh" or not len(intact):
        return intact
    out = intact.copy()
    grouping = [str(g) for g in intact["group_by"]]
    out["group_by"] = [label("group_by", g, "zh") for g in grouping]
    out["name"] = [
        v if _blank(v) else group_name(g, str(v), "zh")
        for g, v in zip(grouping, intact["name"], strict=True)
    ]
    out["meets"] = [_yes_no(v) for v in intact["meets"]]
    for column in ("rule", "reference"):
        if column in out:
            out[column] = [v if _blank(v) else cite(str(v), "zh") for v in intact[column]]
    if "basis" in out:
        out["basis"] = [v if _blank(v) else label("basis", str(v), "zh") for v in intact["basis"]]
    return out


def _conflict_names(conflicts: pd.DataFrame, language: str) -> pd.DataFrame:
    """The conflicts table with its field names and yes/no in ``language``."""
    if language != "zh" or not len(conflicts):
        return conflicts
    out = conflicts.copy()
    out["field"] = [v if _blank(v) else label("conflict_field", str(v), "zh") for v in out["field"]]
    out["settled"] = [_yes_no(v) for v in conflicts["settled"]]
    return out


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
    if column in LONLAT_COLUMNS:
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
