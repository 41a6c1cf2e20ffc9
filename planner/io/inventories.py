"""Reading camera inventories (CSV, Excel, GeoJSON, GeoPackage) into matcher records.

The ownership survey compares inventories from the police filings, a big-data
platform, the property office and a field survey. Each arrives in its own
format, with its own headers and coordinate datum. :func:`read_inventory`
turns one file into a :class:`~planner.core.reconcile.SourceRecords` whose
``x``/``y`` are in the project CRS, ready for
:func:`~planner.core.reconcile.match_records`; :func:`preview_inventory` shows
the GUI wizard the first rows and the recognised columns through the same
reader; :func:`read_mapping_file` loads column overrides from TOML.

Bad cells never abort a read. A row whose position cannot be trusted (text in
the longitude column, a latitude of 210, only one of the two given) is skipped
and reported. Any other bad cell (a date, a bearing, a sign flag) is reported
and left empty while the row is kept: a dropped survey row would later read as
a camera that was removed. Only an unreadable file, an empty one, or one with
neither a position nor a device code / pole number column raises
:class:`~planner.core.errors.InputError`.

Row numbers are the ones the user sees: the spreadsheet row (CSV line, Excel
row, the header being row 1 when it is the first line) or, for GeoJSON and
GeoPackage, the 1-based feature number.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import math
import os
import re
import tomllib
import unicodedata
import warnings
import xml.etree.ElementTree as ElementTree
import zipfile
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError as PyprojCrsError

from planner.core import chinese_coords
from planner.core.codes import is_gb28181_code
from planner.core.errors import CrsError, InputError
from planner.core.reconcile import SourceRecords
from planner.io.inventory_columns import (
    EMPTY_MARKERS,
    FIELD_ALIASES,
    CellValueError,
    ColumnMappingError,
    parse_date,
    parse_number,
    recognise_columns,
)

CSV_SUFFIXES = (".csv", ".txt")
EXCEL_SUFFIXES = (".xlsx",)
VECTOR_SUFFIXES = (".geojson", ".json", ".gpkg")
#: Every suffix :func:`read_inventory` accepts, for file dialogs.
SUPPORTED_SUFFIXES = CSV_SUFFIXES + EXCEL_SUFFIXES + VECTOR_SUFFIXES

#: Named coordinate systems accepted for ``coords`` besides any ``EPSG:N``.
COORDS_NAMES = ("wgs84", "gcj02", "bd09", "cgcs2000")

#: Mapping values that mean "ignore this column".
IGNORE_COLUMN = ("", "-")

#: Record column of each inventory field (the matcher calls the bearing ``bearing_deg``).
RECORD_COLUMN: Mapping[str, str] = MappingProxyType({"bearing": "bearing_deg"})

DATE_FIELDS = ("installed_on", "registered_on", "last_seen_on", "fault_since", "removed_on")

# Texts of a sign column (after NFKC and case folding). "无" means "no sign"
# here, although it means "empty" in a date or number column.
_SIGN_TRUE = frozenset({"有", "是", "已设置", "yes", "y", "true", "1", "✓", "√", "✔"})
_SIGN_FALSE = frozenset({"无", "否", "未设置", "no", "n", "false", "0", "×", "✗", "✘"})
_SIGN_EMPTY = EMPTY_MARKERS - _SIGN_FALSE

# Field surveys often write the aim as a compass word instead of degrees.
_COMPASS_DEG: Mapping[str, float] = MappingProxyType(
    {
        "北": 0.0,
        "东北": 45.0,
        "东": 90.0,
        "东南": 135.0,
        "南": 180.0,
        "西南": 225.0,
        "西": 270.0,
        "西北": 315.0,
        "n": 0.0,
        "ne": 45.0,
        "e": 90.0,
        "se": 135.0,
        "s": 180.0,
        "sw": 225.0,
        "w": 270.0,
        "nw": 315.0,
    }
)

# A code with more digits than a double holds exactly: Excel turned a 20-digit
# GB/T 28181 code into 3.70201E+19 and the last digits are gone.
_SCIENTIFIC = re.compile(r"^[+-]?\d+(?:\.\d+)?[eE][+-]?\d+$")
_EXACT_INTEGER_LIMIT = 2**53

# Title rows above the real header ("XX区视频监控台账") are looked past for this many rows.
_HEADER_SEARCH_ROWS = 10

_WGS84 = CRS.from_epsg(4326)


# --- results -----------------------------------------------------------------------------


@dataclass(frozen=True)
class InventoryProblem:
    """A bad cell or row met while reading an inventory, and what was done about it.

    ``field`` is the canonical field (``lon``, ``installed_on``…) or ``"-"`` for
    the row as a whole; ``header`` is the column as the file names it.
    ``action`` is ``"row skipped"`` or ``"value ignored"``.
    """

    file: str
    source: str
    row: int
    field: str
    message: str
    action: str
    header: str | None = None

    def __str__(self) -> str:
        column = f"field {self.field}"
        if self.header is not None and self.header != self.field:
            column += f" ({self.header!r})"
        return (
            f"{Path(self.file).name}, source '{self.source}', row {self.row}, {column}: "
            f"{self.message} — {self.action}"
        )


@dataclass(frozen=True)
class InventoryRead:
    """One inventory file read into matcher records.

    ``records`` are in the project CRS (see :func:`read_inventory`);
    ``columns`` maps each header used to its field; ``unrecognised`` lists the
    headers that were neither recognised nor ignored by the mapping.
    ``crs`` is the CRS the positions were read in (after GCJ-02/BD-09 undoing:
    WGS84), ``None`` when the file has no positions.
    """

    records: SourceRecords
    problems: tuple[InventoryProblem, ...]
    columns: Mapping[str, str]
    unrecognised: tuple[str, ...]
    crs: CRS | None = None


@dataclass(frozen=True)
class InventoryPreview:
    """The start of an inventory for the import wizard.

    ``rows`` are cell texts (``""`` for empty cells) of the first data rows,
    numbered by ``row_numbers``; ``columns`` maps every header to its field or
    ``None``. ``sheets`` (Excel) and ``layers`` (GeoPackage, GeoJSON) list what
    the file offers; ``sheet``/``layer`` is the one shown. ``has_geometry``
    says whether the layer carries point geometry. ``notes`` tell what the
    reader noticed in the rows shown (merged cells filled down, hidden rows,
    formulas never computed, a broken quote), one sentence each.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    columns: Mapping[str, str | None]
    sheets: tuple[str, ...]
    layers: tuple[str, ...]
    sheet: str | None
    layer: str | None
    has_geometry: bool
    notes: tuple[str, ...] = ()


# --- entry points ------------------------------------------------------------------------


def read_inventory(
    path: str | os.PathLike[str],
    *,
    source: str,
    role: str,
    coords: str = "wgs84",
    project_crs: CRS,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    layer: str | None = None,
) -> InventoryRead:
    """Read one inventory file as :class:`~planner.core.reconcile.SourceRecords`.

    ``path`` is a ``.csv``/``.txt`` (UTF-8 or GB18030, comma/tab/semicolon
    separated), ``.xlsx`` (``sheet`` or the first one), ``.geojson``/``.json``
    or ``.gpkg`` (``layer`` or the first one) file. Headers are recognised by
    :func:`~planner.io.inventory_columns.recognise_columns`; ``mapping``
    (header → field, ``""`` or ``"-"`` to ignore a column) overrides that.

    ``coords`` names what the longitude/latitude columns hold: ``"wgs84"``,
    ``"gcj02"``, ``"bd09"`` (both converted to WGS84 first), ``"cgcs2000"``
    (EPSG:4490) or any ``"EPSG:N"`` (for a projected CRS the columns hold
    easting/northing). Without such columns the point geometry gives the
    position, in the file's CRS (``coords`` is used only when the file
    declares none) — except that ``"gcj02"``/``"bd09"`` say the lon/lat
    geometry is shifted and has to be undone.

    The records carry ``row``, ``x``/``y`` in ``project_crs`` (NaN for a row
    without position), and one column per recognised field: dates as
    :class:`datetime.date`, ``bearing_deg`` as float, ``has_sign`` as bool, the
    rest as stripped strings; ``None`` (NaN for the bearing) where empty.
    """
    path = Path(path)
    file = str(path)
    project_crs = CRS.from_user_input(project_crs)
    column_crs, shift = _coords_crs(coords, file=file)
    table = _read_table(path, sheet=sheet, layer=layer, limit=None)
    if not table.rows:
        raise InputError(
            "the inventory has a header but no data rows"
            + _other_sheets_hint(table.sheets, table.sheet),
            file=file,
            layer=table.sheet or table.layer,
        )
    fields, used, unrecognised = _resolve_columns(
        table.headers, mapping, file=file, rows=table.rows
    )
    has_columns = "lon" in fields or "lat" in fields
    if has_columns and not ("lon" in fields and "lat" in fields):
        found, missing = ("lon", "lat") if "lon" in fields else ("lat", "lon")
        raise InputError(
            f"the file has a {found} column ({table.headers[fields[found]]!r}) but no {missing} "
            "column; map one with the column mapping",
            file=file,
        )
    use_geometry = not has_columns and table.points is not None
    if not (has_columns or use_geometry or "device_id" in fields or "pole_no" in fields):
        raise InputError(
            "no usable columns: the inventory needs a position (longitude/latitude "
            "columns such as 经度/纬度 or lon/lat, or point geometry) or a device code "
            "(设备编码/国标编码) or pole number (杆号) column; headers found: "
            f"{', '.join(h for h in table.headers if h) or 'none'}"
            + _other_sheets_hint(table.sheets, table.sheet),
            file=file,
            layer=table.sheet or table.layer,
        )
    position_crs: CRS | None
    if use_geometry:
        position_crs = _geometry_crs(table.crs, column_crs, shift, file=file)
    else:
        position_crs = column_crs if has_columns else None
    reader = _RowReader(
        file=file,
        source=source,
        headers=table.headers,
        fields=fields,
        geographic=position_crs is not None and position_crs.is_geographic,
    )
    for number, cells, point in zip(
        table.row_numbers, table.rows, table.points or [None] * len(table.rows), strict=True
    ):
        reader.read(number, cells, point if use_geometry else None, use_columns=has_columns)
    by_index: dict[int | None, str] = {index: field for field, index in fields.items()}
    for note in table.notes:
        if note.column is None or note.column in by_index:
            reader.problem(note.row, by_index.get(note.column, "-"), note.message, note.action)
        elif note.column < len(table.headers):  # a column that is not read: say which
            header = table.headers[note.column] or None
            reader.problems.append(
                InventoryProblem(file, source, note.row, "-", note.message, note.action, header)
            )
    x, y = _to_project(reader, position_crs, shift, project_crs)
    columns: dict[str, NDArray[np.generic]] = {
        "row": np.asarray(reader.rows, dtype=np.int64),
        "x": x,
        "y": y,
    }
    for field in fields:
        if field in ("lon", "lat"):
            continue
        name = RECORD_COLUMN.get(field, field)
        values = reader.values[field]
        columns[name] = (
            np.asarray(values, dtype=np.float64) if field == "bearing" else _objects(values)
        )
    # object columns stay object (pandas would infer a string dtype and turn None into NaN)
    frame = pd.DataFrame(
        {
            name: pd.Series(values, dtype=object if values.dtype == object else values.dtype)
            for name, values in columns.items()
        },
        index=pd.RangeIndex(len(reader.rows)),
    )
    problems = tuple(sorted(reader.problems, key=lambda p: p.row))
    return InventoryRead(
        SourceRecords(source, role, frame),
        problems,
        MappingProxyType(used),
        unrecognised,
        position_crs,
    )


def preview_inventory(
    path: str | os.PathLike[str],
    *,
    rows: int = 20,
    sheet: str | None = None,
    layer: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> InventoryPreview:
    """The headers, the first ``rows`` data rows as text and the recognised columns.

    Reads through the same code as :func:`read_inventory`, so what the wizard
    shows is what will be imported; a bad ``mapping`` raises the same
    :class:`~planner.io.inventory_columns.ColumnMappingError`.
    """
    path = Path(path)
    table = _read_table(path, sheet=sheet, layer=layer, limit=max(rows, 0))
    fields, _, _ = _resolve_columns(table.headers, mapping, file=str(path), rows=table.rows)
    by_index = {index: field for field, index in fields.items()}
    columns: dict[str, str | None] = {}
    for index, header in enumerate(table.headers):
        columns.setdefault(header, by_index.get(index))
    return InventoryPreview(
        headers=table.headers,
        rows=tuple(
            tuple(_cell_text(c) for c in _pad(cells, len(table.headers))) for cells in table.rows
        ),
        row_numbers=table.row_numbers,
        columns=MappingProxyType(columns),
        sheets=table.sheets,
        layers=table.layers,
        sheet=table.sheet,
        layer=table.layer,
        has_geometry=table.points is not None,
        notes=tuple(_note_text(n, table.headers) for n in table.notes),
    )


def unrecognised_columns(
    path: str | os.PathLike[str],
    *,
    used: Mapping[str, str],
    sheet: str | None = None,
    layer: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """The headers of a file that a read left unread: neither in ``used`` nor ignored.

    ``used`` is :attr:`InventoryRead.columns` of the read (header → field);
    only the header row is read again.
    """
    headers = preview_inventory(path, rows=0, sheet=sheet, layer=layer).headers
    return unrecognised_headers(headers, used, mapping)


def _note_text(note: _Note, headers: Sequence[str]) -> str:
    column = (
        f", {headers[note.column]!r}"
        if note.column is not None and note.column < len(headers)
        else ""
    )
    return f"row {note.row}{column}: {note.message}"


def read_mapping_file(path: str | os.PathLike[str]) -> dict[str, dict[str, str]]:
    """Column mappings from a TOML file: one table per source role or name.

    Example::

        [filings]
        "编号" = "device_id"
        "备注" = "-"          # ignore this column

    Each value must be a field name (see
    :data:`~planner.io.inventory_columns.FIELD_ALIASES`; ``bearing_deg`` is
    accepted for ``bearing``) or ``""``/``"-"``. Errors name the file and the key.
    """
    path = Path(path)
    file = str(path)
    try:
        with path.open("rb") as stream:
            document = tomllib.load(stream)
    except OSError as exc:
        raise InputError(f"cannot read the mapping file ({exc.strerror})", file=file) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not a valid TOML file ({exc})", file=file) from None
    result: dict[str, dict[str, str]] = {}
    for table_name, table in document.items():
        if not isinstance(table, dict):
            raise ColumnMappingError(
                f"key {table_name!r} must be a table such as [{table_name}] holding "
                '"header" = "field" lines',
                file=file,
            )
        entries: dict[str, str] = {}
        for header, field in table.items():
            if not isinstance(field, str):
                raise ColumnMappingError(
                    f"[{table_name}] {header!r}: the value must be a field name in quotes, "
                    f"not {field!r}",
                    file=file,
                )
            if _field_name(field.strip()) is None:
                raise ColumnMappingError(
                    f"[{table_name}] {header!r}: unknown field {field!r}; known: "
                    f'{", ".join(FIELD_ALIASES)} (or "-" to ignore the column)',
                    file=file,
                )
            entries[header] = field.strip()
        result[table_name] = entries
    return result


def _other_sheets_hint(sheets: Sequence[str], sheet: str | None) -> str:
    others = [s for s in sheets if s != sheet]
    return (
        f"; the workbook also has the sheets {', '.join(others)} — choose the sheet "
        "(--sheet NAME on the command line, the Sheet chooser in the import wizard)"
        if others
        else ""
    )


def guess_sheet(path: str | os.PathLike[str]) -> str | None:
    """The first sheet of a workbook whose header has recognised columns (None: none has).

    A workbook often opens with a cover page or notes; the import wizard
    preselects the sheet that holds the inventory. None for other files.
    """
    path = Path(path)
    if not path.name.lower().endswith(EXCEL_SUFFIXES):
        return None
    try:
        sheets = workbook_sheets(path)
    except InputError:
        return None
    for sheet in sheets:
        try:
            table = _read_table(path, sheet=sheet, layer=None, limit=0)
        except InputError:
            continue
        if recognise_columns(table.headers):
            return sheet
    return None


# --- reading the file into a table -------------------------------------------------------


@dataclass(frozen=True)
class _Table:
    """The cells of one sheet or layer, before any column is interpreted.

    ``points`` is ``None`` for a file without geometry, else per row the
    ``(x, y)`` of its point, ``None`` for no geometry, or why the geometry is
    not a point.
    """

    headers: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]
    row_numbers: tuple[int, ...]
    points: tuple[tuple[float, float] | str | None, ...] | None
    crs: CRS | None
    sheets: tuple[str, ...] = ()
    layers: tuple[str, ...] = ()
    sheet: str | None = None
    layer: str | None = None
    notes: tuple[_Note, ...] = ()


@dataclass(frozen=True)
class _Note:
    """Something the file reader noticed about a row or cell (``column`` None: the row)."""

    row: int
    column: int | None
    message: str
    action: str


class Uncomputed:
    """An Excel cell holding a formula whose value was never computed (no cached value).

    Programs that write workbooks without calculating them (scripts, some
    exports) leave only the formula; opening and saving the file in Excel or
    WPS computes and stores the values.
    """

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return f"={self.formula}" if self.formula else "(formula)"

    def __repr__(self) -> str:
        return f"Uncomputed({self.formula!r})"

    @property
    def message(self) -> str:
        """What to tell the user about this cell."""
        return (
            f"the cell holds a formula ({self}) whose value was never computed; open the file "
            "in Excel or WPS and save it to compute the values"
        )


def _read_table(path: Path, *, sheet: str | None, layer: str | None, limit: int | None) -> _Table:
    if not path.is_file():
        raise InputError("file does not exist", file=str(path))
    name = path.name.lower()
    if name.endswith(CSV_SUFFIXES):
        return _read_csv(path, limit=limit)
    if name.endswith(EXCEL_SUFFIXES):
        return _read_xlsx(path, sheet=sheet, limit=limit)
    if name.endswith(VECTOR_SUFFIXES):
        return _read_vector(path, layer=layer, limit=limit)
    hint = " (save old .xls workbooks as .xlsx)" if name.endswith(".xls") else ""
    raise InputError(
        f"unsupported inventory file type; use one of {', '.join(SUPPORTED_SUFFIXES)}{hint}",
        file=str(path),
    )


def _read_csv(path: Path, *, limit: int | None) -> _Table:
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=file) from None
    text, lossy = decode_text(raw)
    delimiter = sniff_delimiter(text)
    notes: list[_Note] = []
    lines: list[tuple[int, tuple[object, ...]]] = []
    for number, cells, note in csv_records(text, delimiter):
        if note is not None:
            notes.append(_Note(number, None, note, "row read line by line"))
        if lossy:
            notes.extend(
                _Note(number, k, f"{c!r}: bytes that are not text were replaced by �", "kept")
                for k, c in enumerate(cells)
                if "\ufffd" in c
            )
        if any(c.strip() for c in cells):
            lines.append((number, cells))
    chosen = _choose_header(lines[:_HEADER_SEARCH_ROWS], final=True)
    if chosen is None:
        raise InputError("file is empty: no header row", file=file)
    header_at, header_cells = chosen
    data = [(n, cells) for n, cells in lines if n > header_at]
    if limit is not None:
        data = data[:limit]
    last = data[-1][0] if data else header_at
    # rows stay as long as the file has them: a row longer than the header is
    # reported by the row reader (an unquoted comma has shifted its cells)
    return _Table(
        _header_texts(header_cells),
        tuple(cells for _, cells in data),
        tuple(n for n, _ in data),
        None,
        None,
        notes=tuple(n for n in notes if header_at < n.row <= last),
    )


def decode_text(raw: bytes) -> tuple[str, bool]:
    """The text of a file's bytes and whether bytes had to be replaced.

    A byte-order mark decides (UTF-8, or UTF-16 as Excel's "Unicode text"
    writes); else UTF-8, else GB18030 (GBK exports). A UTF-8 file with a few
    damaged bytes stays UTF-8 (the damaged bytes become U+FFFD) rather than
    turning every Chinese character into GB18030 nonsense.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return _decoded(raw[len(codecs.BOM_UTF8) :], "utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decoded(raw, "utf-16")
    sample = raw[:4096]
    if len(sample) >= 4 and sample.count(0) * 3 >= len(sample):  # UTF-16 without a BOM
        odd_zeros = sample[1::2].count(0)
        return _decoded(raw, "utf-16-le" if odd_zeros >= sample[0::2].count(0) else "utf-16-be")
    try:
        return raw.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    replaced = raw.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    good = sum(1 for ch in replaced if ord(ch) > 127) - bad
    if good >= 4 * bad:
        return replaced, True
    return _decoded(raw, "gb18030")


def _decoded(raw: bytes, encoding: str) -> tuple[str, bool]:
    try:
        return raw.decode(encoding), False
    except UnicodeDecodeError:
        return raw.decode(encoding, errors="replace"), True


_DELIMITERS = (",", "\t", ";")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def sniff_delimiter(text: str) -> str:
    """The delimiter used most in the first lines (comma on a tie or when none is used)."""
    head = [line for line in _LINE.findall(text[:65536])[:20] if line.strip()]
    counts = {d: sum(line.count(d) for line in head) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class _Lines:
    """The physical lines of a text from ``pos`` on; ``pos`` tells how far a reader got."""

    def __init__(self, lines: Sequence[str], pos: int) -> None:
        self.lines = lines
        self.pos = pos

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= len(self.lines):
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def csv_records(text: str, delimiter: str) -> Iterator[tuple[int, tuple[str, ...], str | None]]:
    """``(row, cells, note)`` of every record of a CSV text, blank rows included.

    ``row`` is the spreadsheet row (a cell with a line break in quotes does
    not count twice). A quote that is opened and never closed would swallow
    the rest of the file into one cell; such a row is read again on its own
    line, its quotes taken as text, with ``note`` saying so, and reading goes
    on with the next line. Cells of any length are read (no field size limit).
    """
    lines = _LINE.findall(text)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        width: int | None = None
        row = 0
        source = _Lines(lines, 0)
        reader = csv.reader(source, delimiter=delimiter, strict=True)
        while source.pos < len(lines):
            start = source.pos
            row += 1
            try:
                cells: list[str] | None = next(reader)
            except StopIteration:
                break
            except csv.Error:
                cells = None
            if cells is None or (
                source.pos - start > 1 and _swallowed(cells, width or len(cells), delimiter)
            ):
                source.pos = start + 1
                reader = csv.reader(source, delimiter=delimiter, strict=True)
                yield (
                    row,
                    _literal_cells(lines[start], delimiter, width),
                    (
                        'a quote (") is opened and never closed, or a cell has text after its '
                        "closing quote; the row was read on its own line, quotes taken as text — "
                        "check this row in the file"
                    ),
                )
                continue
            if width is None and sum(1 for c in cells if c.strip()) >= 2:
                width = len(cells)
            yield row, tuple(cells), None
    finally:
        csv.field_size_limit(limit)


def _swallowed(cells: Sequence[str], width: int, delimiter: str) -> bool:
    """Whether a record spanning several lines holds whole rows in a quoted cell."""
    if len(cells) > width:
        return True
    return width >= 3 and any(
        line.count(delimiter) >= width - 1 for cell in cells for line in cell.splitlines()[1:]
    )


def _literal_cells(line: str, delimiter: str, width: int | None) -> tuple[str, ...]:
    """One line's cells with an unbalanced quote taken as text."""
    line = line.rstrip("\r\n")
    with contextlib.suppress(csv.Error):
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if width is None or len(cells) == width:
            return tuple(cells)
    parts = line.split(delimiter)
    return tuple(p.strip().removeprefix('"').removesuffix('"').replace('""', '"') for p in parts)


def _read_xlsx(path: Path, *, sheet: str | None, limit: int | None) -> _Table:
    """One sheet of a workbook; a damaged or hostile file is an :class:`InputError`."""
    with _workbook_errors(str(path), sheet):
        return _read_workbook(path, sheet=sheet, limit=limit)


def workbook_sheets(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """The sheet names of an ``.xlsx`` workbook; :class:`InputError` when it cannot be read."""
    with _workbook_errors(str(path), None), _open_workbook(Path(path)) as workbook:
        return tuple(workbook.sheetnames)


@contextlib.contextmanager
def _open_workbook(path: Path) -> Iterator[Any]:
    """A read-only workbook (cached values, not formulas); the file is closed whatever happens.

    The file is opened here, not by openpyxl, so that a workbook openpyxl
    fails to load does not leave its file open.
    """
    import openpyxl  # imported here: only Excel inventories need it

    with path.open("rb") as stream:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it does not know; the cells are read
            warnings.simplefilter("ignore", UserWarning)
            workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
        try:
            yield workbook
        finally:
            workbook.close()


@contextlib.contextmanager
def _workbook_errors(file: str, sheet: str | None) -> Iterator[None]:
    """Turn whatever a damaged or hostile workbook makes openpyxl raise into InputError."""
    try:
        yield
    except InputError:
        raise
    except ElementTree.ParseError as exc:
        why = (
            "it declares XML entities that expand without end (an XML bomb)"
            if "amplification" in str(exc) or "entit" in str(exc)
            else f"its XML is damaged ({exc})"
        )
        raise InputError(f"cannot read the workbook: {why}", file=file, layer=sheet) from None
    except zlib.error as exc:
        raise InputError(
            f"cannot read the workbook: its compressed data is damaged ({exc})",
            file=file,
            layer=sheet,
        ) from None
    except Exception as exc:
        raise InputError(
            "cannot read the workbook: it is damaged or not an Excel .xlsx file "
            f"({type(exc).__name__}: {exc})",
            file=file,
            layer=sheet,
        ) from None


@dataclass
class _SheetXml:
    """What the values alone do not say: merged ranges, hidden rows, uncomputed formulas."""

    merges: list[tuple[int, int, int, int]]  # min_row, min_col, max_row, max_col (1-based)
    hidden: list[int]
    formulas: dict[tuple[int, int], str]  # (row, col) → formula text


def _sheet_xml(archive: zipfile.ZipFile, member: str) -> _SheetXml:
    from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    found = _SheetXml([], [], {})
    with archive.open(member) as stream:
        for _, element in ElementTree.iterparse(stream, events=("end",)):
            tag = element.tag
            if tag == f"{main}c":
                formula = element.find(f"{main}f")
                value = element.find(f"{main}v")
                if formula is not None and (value is None or not (value.text or "")):
                    where = element.get("r")
                    if where:
                        found.formulas[coordinate_to_tuple(where)] = formula.text or ""
            elif tag == f"{main}row":
                if element.get("hidden") in ("1", "true") and element.get("r", "").isdigit():
                    found.hidden.append(int(element.get("r", "0")))
                element.clear()
            elif tag == f"{main}mergeCell":
                with contextlib.suppress(ValueError, TypeError):
                    min_col, min_row, max_col, max_row = range_boundaries(element.get("ref", ""))
                    if None not in (min_col, min_row, max_col, max_row):
                        found.merges.append((min_row, min_col, max_row, max_col))
    return found


def _read_workbook(path: Path, *, sheet: str | None, limit: int | None) -> _Table:
    file = str(path)
    with _open_workbook(path) as workbook:
        sheets = tuple(workbook.sheetnames)
        if not sheets:
            raise InputError("the workbook has no sheets", file=file)
        if sheet is None:
            sheet = sheets[0]
        elif sheet not in sheets:
            raise InputError(
                f"no sheet {sheet!r} (the workbook has: {', '.join(sheets)})", file=file
            )
        worksheet = workbook[sheet]
        member = getattr(worksheet, "_worksheet_path", None)
        extra = (
            _sheet_xml(workbook._archive, member) if member is not None else _SheetXml([], [], {})
        )
        table = _sheet_table(worksheet.iter_rows(values_only=True), extra, limit=limit)
    if table is None:
        hint = _other_sheets_hint(sheets, sheet)
        raise InputError(f"sheet {sheet!r} is empty: no header row{hint}", file=file, layer=sheet)
    headers, rows, numbers, notes = table
    return _Table(headers, rows, numbers, None, None, sheets, (), sheet, notes=notes)


def _sheet_table(
    cells_by_row: Iterator[tuple[object, ...]], extra: _SheetXml, *, limit: int | None
) -> (
    tuple[tuple[str, ...], tuple[tuple[object, ...], ...], tuple[int, ...], tuple[_Note, ...]]
    | None
):
    """Header, data rows (merged cells filled down), row numbers and notes; None: no header."""
    fill: dict[tuple[int, int], tuple[int, int]] = {}  # (row, col) → anchor (row, col)
    for min_row, min_col, max_row, max_col in extra.merges:
        if max_row - min_row > 100_000 or max_col - min_col > 1_000:
            continue  # a damaged range; filling it would take forever
        for r in range(min_row + 1, max_row + 1):
            fill[(r, min_col)] = (min_row, min_col)
    anchors = {(r, c) for r, c, _, _ in extra.merges}
    anchor_values: dict[tuple[int, int], object] = {}
    headers: tuple[str, ...] | None = None
    header_at = 0
    candidates: list[tuple[int, tuple[object, ...]]] = []
    rows: list[tuple[object, ...]] = []
    numbers: list[int] = []
    for number, raw in enumerate(cells_by_row, start=1):
        cells = list(raw)
        for k, value in enumerate(cells):
            where = (number, k + 1)
            if value is None and where in extra.formulas:
                cells[k] = Uncomputed(extra.formulas[where])
            if where in anchors:
                anchor_values[where] = cells[k]
            elif where in fill and _blank_cell(cells[k]) and fill[where][0] > header_at:
                # (a merge that starts in the header row would copy a header into the data)
                cells[k] = anchor_values.get(fill[where])
        row = tuple(cells)
        if _blank(row):
            continue
        if headers is None:
            candidates.append((number, row))
            chosen = _choose_header(candidates, final=False)
            if chosen is None:
                continue
            header_at, header_cells = chosen
            headers = _header_texts(header_cells)
            # rows between a title row and the header are data only if below the header
            pending = [(n, c) for n, c in candidates if n > header_at]
            candidates = []
        else:
            pending = [(number, row)]
        for n, c in pending:
            rows.append(_pad(c, len(headers)))
            numbers.append(n)
        if limit is not None and len(rows) >= limit:
            break
    if headers is None:
        chosen = _choose_header(candidates, final=True)
        if chosen is None:
            return None
        header_at, header_cells = chosen
        headers = _header_texts(header_cells)
        for n, c in candidates:
            if n > header_at:
                rows.append(_pad(c, len(headers)))
                numbers.append(n)
    count = len(rows) if limit is None else limit
    rows, numbers = rows[:count], numbers[:count]
    last = numbers[-1] if numbers else header_at
    notes = [
        _Note(
            min_row,
            min_col - 1,
            f"cells {_cell_range(min_row, min_col, max_row, max_col)} are merged; the value "
            f"{_shown(anchor_values.get((min_row, min_col)))} was filled down into rows "
            f"{min_row + 1}–{min(max_row, last)}",
            "value filled down",
        )
        for min_row, min_col, max_row, max_col in extra.merges
        if max_row > min_row and header_at < min_row < last and min_col <= len(headers)
    ]
    notes.extend(
        _Note(
            first, None, f"{_rows_text(first, end)} hidden in Excel; read like the others", "kept"
        )
        for first, end in _runs(sorted(r for r in extra.hidden if header_at < r <= last))
    )
    return headers, tuple(rows), tuple(numbers), tuple(notes)


def _cell_range(min_row: int, min_col: int, max_row: int, max_col: int) -> str:
    from openpyxl.utils.cell import get_column_letter

    return f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"


def _runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive runs ``(first, last)`` of sorted row numbers."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _rows_text(first: int, last: int) -> str:
    return f"row {first} is" if first == last else f"rows {first}–{last} are"


def _choose_header(
    candidates: Sequence[tuple[int, tuple[object, ...]]], *, final: bool
) -> tuple[int, tuple[object, ...]] | None:
    """The header row among the first non-empty rows, or None to look at more rows.

    The header is the first non-empty row, unless that row holds a single cell
    that is not a known header (a title such as "XX区视频监控台账" above the
    table) and a later row among the first few holds more.
    """
    for number, cells in candidates:
        filled = [c for c in cells if not _blank_cell(c)]
        if len(filled) >= 2 or (filled and recognise_columns([_cell_text(filled[0]).strip()])):
            return number, cells
    if final or len(candidates) >= _HEADER_SEARCH_ROWS:
        return candidates[0] if candidates else None
    return None


def _read_vector(path: Path, *, layer: str | None, limit: int | None) -> _Table:
    file = str(path)
    try:
        layers = tuple(str(name) for name, _ in pyogrio.list_layers(path))
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(f"cannot read the file ({exc})", file=file) from None
    if not layers:
        raise InputError("the file has no layers", file=file)
    if layer is None:
        layer = layers[0]
    elif layer not in layers:
        raise InputError(f"no layer {layer!r} (the file has: {', '.join(layers)})", file=file)
    try:
        with warnings.catch_warnings():
            # GDAL warnings about odd fields arrive as RuntimeWarnings; cells are checked below
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(path, layer=layer, max_features=limit)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise InputError(f"cannot read the file ({exc})", file=file, layer=layer) from None
    points: tuple[tuple[float, float] | str | None, ...] | None = None
    crs: CRS | None = None
    attributes = pd.DataFrame(frame)
    if isinstance(frame, gpd.GeoDataFrame):
        points = tuple(_point_of(g) for g in frame.geometry.to_numpy())
        crs = CRS.from_user_input(frame.crs) if frame.crs is not None else None
        attributes = attributes.drop(columns=[frame.geometry.name])
    headers = tuple(str(c).strip() for c in attributes.columns)
    columns = [[_python(v) for v in attributes[c].tolist()] for c in attributes.columns]
    rows = [tuple(col[i] for col in columns) for i in range(len(attributes))]
    if limit is not None:  # max_features=0 reads everything
        rows = rows[:limit]
    keep = [
        i
        for i, cells in enumerate(rows)
        if not (_blank(cells) and (points is None or points[i] is None))
    ]
    return _Table(
        headers,
        tuple(rows[i] for i in keep),
        tuple(i + 1 for i in keep),
        tuple(points[i] for i in keep) if points is not None else None,
        crs,
        (),
        layers,
        None,
        layer,
    )


def _point_of(geometry: shapely.Geometry | None) -> tuple[float, float] | str | None:
    if geometry is None or shapely.is_empty(geometry):
        return None
    kind = shapely.get_type_id(geometry)
    if kind == 4 and shapely.get_num_geometries(geometry) == 1:  # MultiPoint of one point
        geometry = shapely.get_geometry(geometry, 0)
        kind = 0
    if kind != 0:
        return f"geometry is a {geometry.geom_type}, not a point"
    return float(shapely.get_x(geometry)), float(shapely.get_y(geometry))


# --- interpreting columns ----------------------------------------------------------------


def _field_name(name: str) -> str | None:
    """The inventory field a mapping value names, ``""`` to ignore, None if unknown."""
    if name in IGNORE_COLUMN:
        return ""
    if name in FIELD_ALIASES:
        return name
    for field, column in RECORD_COLUMN.items():
        if name == column:
            return field
    return None


#: Share of a column's filled cells that must be GB/T 28181 codes to take it for device codes.
GB_CODE_SHARE = 0.8
_GB_SAMPLE_ROWS = 200


def _gb_code_column(
    headers: Sequence[str], rows: Sequence[Sequence[object]], candidates: Sequence[str]
) -> str | None:
    """The first candidate column whose cells are mostly GB/T 28181 20-digit codes.

    Offices label the code column many ways (编码, ID, 通道号…); the codes
    themselves are unmistakable, so a column of them is the device code
    whatever its header says.
    """
    for header in candidates:
        k = headers.index(header)
        cells = [
            row[k]
            for row in rows[:_GB_SAMPLE_ROWS]
            if k < len(row) and row[k] is not None and str(row[k]).strip()
        ]
        if cells and sum(is_gb28181_code(c) for c in cells) >= GB_CODE_SHARE * len(cells):
            return header
    return None


def _resolve_columns(
    headers: Sequence[str],
    mapping: Mapping[str, str] | None,
    *,
    file: str,
    rows: Sequence[Sequence[object]] = (),
) -> tuple[dict[str, int], dict[str, str], tuple[str, ...]]:
    """Field → column index, header → field used, and the unrecognised headers.

    Headers are recognised by name; without a device-code header, a column of
    GB/T 28181 codes (:data:`GB_CODE_SHARE` of its first filled cells in
    ``rows``) is taken for the device code.
    """
    overrides: dict[str, str] = {}
    ignored: set[str] = set()
    for header, name in (mapping or {}).items():
        if header not in headers:
            raise ColumnMappingError(
                f"column mapping names header {header!r}, which is not in the file "
                f"(headers: {', '.join(h for h in headers if h)})",
                file=file,
            )
        field = _field_name(str(name).strip())
        if field is None:
            raise ColumnMappingError(
                f"column mapping maps {header!r} to unknown field {name!r}; known: "
                f'{", ".join(FIELD_ALIASES)} (or "-" to ignore the column)',
                file=file,
                field=str(name),
            )
        if field == "":
            ignored.add(header)
            continue
        if field in overrides:
            raise ColumnMappingError(
                f"column mapping maps both {overrides[field]!r} and {header!r} to {field!r}",
                file=file,
                field=field,
            )
        overrides[field] = header
    candidates = [h for h in headers if h not in ignored]
    recognised = recognise_columns(candidates, overrides=overrides, file=file)
    if "device_id" not in recognised and rows:
        unnamed = [h for h in candidates if h and h not in recognised.values()]
        found = _gb_code_column(headers, rows, unnamed)
        if found is not None:
            recognised["device_id"] = found
    fields = {field: headers.index(header) for field, header in recognised.items()}
    used = {header: field for field, header in recognised.items()}
    return fields, used, unrecognised_headers(headers, used, mapping)


def unrecognised_headers(
    headers: Sequence[str], used: Mapping[str, str], mapping: Mapping[str, str] | None = None
) -> tuple[str, ...]:
    """The named headers that are neither read as a field (``used``) nor ignored by ``mapping``.

    Every one is listed to the user (command summary, wizard): a column whose
    header was not recognised is data the survey does not see.
    """
    ignored = {h for h, name in (mapping or {}).items() if str(name).strip() in IGNORE_COLUMN}
    return tuple(dict.fromkeys(h for h in headers if h and h not in used and h not in ignored))


class _RowReader:
    """Turns rows of cells into record values, collecting problems on the way."""

    def __init__(
        self,
        *,
        file: str,
        source: str,
        headers: Sequence[str],
        fields: Mapping[str, int],
        geographic: bool,
    ) -> None:
        self.file = file
        self.source = source
        self.headers = headers
        self.fields = fields
        self.geographic = geographic
        self.rows: list[int] = []
        self.lon: list[float] = []
        self.lat: list[float] = []
        self.values: dict[str, list[object]] = {f: [] for f in fields if f not in ("lon", "lat")}
        self.problems: list[InventoryProblem] = []

    def problem(self, row: int, field: str, message: str, action: str) -> None:
        header = self.headers[self.fields[field]] if field in self.fields else None
        self.problems.append(
            InventoryProblem(self.file, self.source, row, field, message, action, header)
        )

    def read(
        self,
        number: int,
        cells: tuple[object, ...],
        point: tuple[float, float] | str | None,
        *,
        use_columns: bool,
    ) -> None:
        """Add one row, or only its problems when the position is unusable."""
        if _blank(cells) and point is None:
            return
        width = len(self.headers)
        if len(cells) > width and not _blank(cells[width:]):
            self.problem(
                number,
                "-",
                f"row has {len(cells)} values but the header has {width} "
                "(an unquoted comma in a cell?)",
                "row skipped",
            )
            return
        cells = _pad(cells, width)
        if use_columns:
            position = self._position(number, cells)
        elif isinstance(point, str):
            self.problem(number, "geometry", point, "row skipped")
            position = None
        else:
            position = point if point is not None else (math.nan, math.nan)
            if point is not None and self.geographic and not self._in_range(number, *point):
                position = None
        if position is None:
            return
        self.rows.append(number)
        self.lon.append(position[0])
        self.lat.append(position[1])
        for field, values in self.values.items():
            values.append(self._value(number, field, cells[self.fields[field]]))

    def _position(self, number: int, cells: tuple[object, ...]) -> tuple[float, float] | None:
        parsed: dict[str, float | None] = {}
        bad = False
        for field in ("lon", "lat"):
            raw = cells[self.fields[field]]
            if isinstance(raw, Uncomputed):
                self.problem(number, field, raw.message, "row skipped")
                bad = True
                continue
            try:
                parsed[field] = parse_number(raw)
            except CellValueError:
                self.problem(number, field, f"{_shown(raw)} is not a number", "row skipped")
                bad = True
        if bad:
            return None
        lon, lat = parsed["lon"], parsed["lat"]
        if lon is None and lat is None:
            return math.nan, math.nan  # unlocated; it may still match by device code
        if lon is None or lat is None:
            missing = "lon" if lon is None else "lat"
            other = "latitude" if lon is None else "longitude"
            self.problem(number, missing, f"empty while the {other} is given", "row skipped")
            return None
        if self.geographic and not self._in_range(number, lon, lat):
            return None
        return lon, lat

    def _in_range(self, number: int, lon: float, lat: float) -> bool:
        ok = True
        if abs(lon) > 180:
            self.problem(number, "lon", f"longitude {lon:g} is outside -180…180", "row skipped")
            ok = False
        if abs(lat) > 90:
            self.problem(number, "lat", f"latitude {lat:g} is outside -90…90", "row skipped")
            ok = False
        return ok

    def _value(self, number: int, field: str, raw: object) -> object:
        try:
            if isinstance(raw, Uncomputed):
                raise CellValueError(raw.message)
            if field in DATE_FIELDS:
                text = parse_date(raw)
                return dt.date.fromisoformat(text) if text is not None else None
            if field == "bearing":
                return _bearing(raw)
            if field in ("has_sign", "government_built"):
                return _sign(raw)
            if field == "device_id":
                return _code_text(raw)
            return _text(raw)
        except CellValueError as exc:
            self.problem(number, field, exc.detail, "value ignored")
            return math.nan if field == "bearing" else None


def _bearing(raw: object) -> float:
    if isinstance(raw, str):
        key = unicodedata.normalize("NFKC", raw).strip().casefold().removesuffix("向")
        if key in _COMPASS_DEG:
            return _COMPASS_DEG[key]
    value = parse_number(raw)
    if value is None:
        return math.nan
    if not 0 <= value <= 360:
        raise CellValueError(f"bearing {value:g} is outside 0…360°")
    return value % 360.0


def _sign(raw: object) -> bool | None:
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float):
        if raw in (0, 1):
            return bool(raw)
        if isinstance(raw, float) and math.isnan(raw):
            return None
        raise CellValueError(f"{_shown(raw)} is not a yes/no sign flag (有/无, 是/否, 1/0)")
    key = unicodedata.normalize("NFKC", str(raw)).strip().casefold()
    if key in _SIGN_TRUE:
        return True
    if key in _SIGN_FALSE:
        return False
    if key in _SIGN_EMPTY:
        return None
    raise CellValueError(f"{_shown(raw)} is not a yes/no sign flag (有/无, 是/否, 1/0)")


def _text(raw: object) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, float):
        if math.isnan(raw):
            return None
        if raw.is_integer():
            return str(int(raw))  # Excel stores a pole number 12 as 12.0
    if isinstance(raw, dt.datetime):
        return raw.isoformat(sep=" ")
    text = str(raw).strip()
    return text or None


def _code_text(raw: object) -> str | None:
    """A device code as text, refusing codes that Excel rounded into floating point."""
    lost = "has lost digits (Excel stored the code as a number); format the column as text"
    if isinstance(raw, float) and math.isfinite(raw) and abs(raw) >= _EXACT_INTEGER_LIMIT:
        raise CellValueError(f"{raw!r} {lost}")
    if isinstance(raw, str) and _SCIENTIFIC.match(unicodedata.normalize("NFKC", raw).strip()):
        raise CellValueError(f"{raw.strip()!r} {lost}")
    return _text(raw)


# --- positions ---------------------------------------------------------------------------


def _coords_crs(coords: str, *, file: str) -> tuple[CRS, str | None]:
    """The CRS of position columns and the Chinese shift to undo (``gcj02``/``bd09``)."""
    key = coords.strip().casefold().replace("-", "").replace("_", "")
    if key in ("wgs84", "gcj02", "bd09"):
        return _WGS84, key if key != "wgs84" else None
    if key == "cgcs2000":
        return CRS.from_epsg(4490), None
    try:
        return CRS.from_user_input(coords), None
    except PyprojCrsError:
        raise CrsError(
            f"coords {coords!r} is neither one of {', '.join(COORDS_NAMES)} nor a CRS "
            "such as EPSG:4547",
            file=file,
        ) from None


def _geometry_crs(declared: CRS | None, column_crs: CRS, shift: str | None, *, file: str) -> CRS:
    """The CRS of point geometry: the file's own, unless shifted or undeclared."""
    if shift is not None:
        if declared is not None and not declared.is_geographic:
            raise CrsError(
                f"coords {shift} needs longitude/latitude geometry, but the file is in "
                f"{declared.name}",
                file=file,
            )
        return _WGS84
    return declared if declared is not None else column_crs


def _to_project(
    reader: _RowReader, crs: CRS | None, shift: str | None, project_crs: CRS
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Positions of the kept rows in ``project_crs``; rows that cannot be moved are dropped."""
    lon = np.asarray(reader.lon, dtype=np.float64)
    lat = np.asarray(reader.lat, dtype=np.float64)
    if crs is None or not len(lon):
        return lon, lat
    if shift is not None:
        shifted = chinese_coords.offset_to_wgs84(lon, lat, shift)
        lon = np.asarray(shifted[0], dtype=np.float64)
        lat = np.asarray(shifted[1], dtype=np.float64)
    transformer = Transformer.from_crs(crs, project_crs, always_xy=True)
    x, y = transformer.transform(lon, lat, errcheck=False)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    failed = np.isfinite(lon) & np.isfinite(lat) & ~(np.isfinite(x) & np.isfinite(y))
    if failed.any():
        for k in np.flatnonzero(failed):
            reader.problem(
                reader.rows[k],
                "lon",
                f"position {reader.lon[k]:g}, {reader.lat[k]:g} cannot be transformed into "
                f"{project_crs.name}",
                "row skipped",
            )
        keep = ~failed
        reader.rows = [r for r, k in zip(reader.rows, keep, strict=True) if k]
        for field, values in reader.values.items():
            reader.values[field] = [v for v, k in zip(values, keep, strict=True) if k]
        x, y = x[keep], y[keep]
    return x, y


# --- small helpers -----------------------------------------------------------------------


def _blank_cell(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    return isinstance(value, str) and not value.strip()


def _blank(cells: Sequence[object]) -> bool:
    return all(_blank_cell(c) for c in cells)


def _pad(cells: tuple[object, ...], width: int) -> tuple[object, ...]:
    """Cells cut or padded to the header width (cells under no header carry no field)."""
    return (*cells[:width], *([None] * (width - len(cells))))


def _header_texts(cells: tuple[object, ...]) -> tuple[str, ...]:
    texts = [_cell_text(c).strip() for c in cells]
    while texts and not texts[-1]:
        texts.pop()  # formatting often reaches further right than the table
    return tuple(texts)


def _python(value: object) -> object:
    """A pandas/numpy cell as a plain Python value (None for missing)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Uncomputed):
        return f"{value} (never computed)"
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _shown(value: object) -> str:
    return repr(value.strip()) if isinstance(value, str) else repr(value)


def _objects(values: list[object]) -> NDArray[np.object_]:
    array = np.empty(len(values), dtype=object)
    array[:] = values
    return array
