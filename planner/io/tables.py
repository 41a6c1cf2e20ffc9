"""Writing a table as it was shown: CSV for anything, Excel for offices.

The window's "Export table…" hands over the texts its table shows (headers and
rows, in the order shown); :func:`write_table` writes them by the file's
suffix. CSV files are UTF-8 with a byte-order mark, so that Excel on Chinese
Windows reads them as UTF-8; the workbook has one sheet with a bold, frozen
header row and an autofilter. Plain numbers (``12``, ``-3.5``, ``87.50``)
become numbers in the workbook, keeping their decimals; every other cell stays
text. Cell text is untrusted (names come from inventories): a cell a
spreadsheet would run as a formula is written with a leading apostrophe
(:func:`planner.io.worklist.neutralise_formula`). The file is replaced
atomically (:func:`planner.io.files.atomic_target`).
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from planner.core.errors import InputError
from planner.io.files import atomic_target
from planner.io.worklist import CSV_BOM, neutralise_formula

#: The suffixes :func:`write_table` writes.
TABLE_SUFFIXES = (".csv", ".xlsx")
# A number as a spreadsheet should take it: no leading zeros (ids such as "007" stay text).
_PLAIN_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.(\d+))?$")
_MAX_WIDTH = 60
_SHEET_NAME_MAX = 31
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def write_table(
    path: str | os.PathLike[str],
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    sheet: str = "",
) -> None:
    """Write ``headers`` and ``rows`` (texts) as CSV or XLSX by ``path``'s suffix.

    ``sheet`` names the workbook's sheet (ignored for CSV). An unknown suffix,
    or a row whose length differs from the headers', is an :class:`InputError`.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InputError(
            f"cannot write a table as {suffix or 'a file without suffix'}: use .csv or .xlsx",
            file=str(path),
        )
    table = [list(map(str, row)) for row in rows]
    for number, row in enumerate(table, start=1):
        if len(row) != len(headers):
            raise InputError(f"row {number} has {len(row)} cells for {len(headers)} columns")
    if suffix == ".csv":
        write_table_csv(path, headers, table)
    else:
        write_table_xlsx(path, headers, table, sheet=sheet)


def write_table_csv(
    path: str | os.PathLike[str], headers: Sequence[str], rows: Iterable[Sequence[str]]
) -> None:
    """UTF-8 CSV with a byte-order mark; formula-like cells neutralised; replaced atomically."""
    # newline="": line breaks inside a quoted cell are written as they are
    with atomic_target(path) as temporary, temporary.open("w", encoding="utf-8", newline="") as out:
        out.write(CSV_BOM + _csv_line(headers))
        for row in rows:
            out.write(_csv_line(row))


def write_table_xlsx(
    path: str | os.PathLike[str],
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    sheet: str = "",
) -> None:
    """One sheet: bold frozen header with an autofilter, plain numbers as numbers, the rest text."""
    book = Workbook()
    page = book.active
    name = _SHEET_NAME_BAD.sub(" ", sheet).strip()[:_SHEET_NAME_MAX]
    if name:
        page.title = name
    page.append([_text(h) for h in headers])
    for cell in page[1]:
        cell.font = Font(bold=True)
    widths = [_width(h) for h in headers]
    for row in rows:
        page.append([_xlsx_value(text) for text in row])
        for cell, text in zip(page[page.max_row], row, strict=True):
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula
            else:
                decimals = _PLAIN_NUMBER.match(text.strip())
                if decimals and decimals.group(1):
                    cell.number_format = "0." + "0" * len(decimals.group(1))
        for i, text in enumerate(row):
            widths[i] = max(widths[i], _width(text))
    page.freeze_panes = "A2"
    if headers:
        last = page.cell(row=1, column=len(headers)).column_letter
        page.auto_filter.ref = f"A1:{last}{max(page.max_row, 1)}"
    for i, width in enumerate(widths, start=1):
        page.column_dimensions[page.cell(row=1, column=i).column_letter].width = min(
            width + 3, _MAX_WIDTH
        )
    with atomic_target(path) as temporary:
        book.save(temporary)


def _text(value: str) -> str:
    # openpyxl refuses control characters that XML cannot hold; drop them.
    return neutralise_formula(ILLEGAL_CHARACTERS_RE.sub("", value))


def _xlsx_value(text: str) -> str | int | float | None:
    if text == "":
        return None
    stripped = text.strip()
    match = _PLAIN_NUMBER.match(stripped)
    if match:
        return float(stripped) if match.group(1) else int(stripped)
    return _text(text)


def _csv_line(cells: Iterable[str]) -> str:
    """One CSV line ending in a line feed; a cell holding a comma, quote, LF or CR is quoted."""
    return ",".join(_csv_quoted(neutralise_formula(cell)) for cell in cells) + "\n"


def _csv_quoted(cell: str) -> str:
    if any(ch in cell for ch in ',"\n\r'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def _width(text: str) -> int:
    """Width in Excel character units; CJK characters take two."""
    longest = max(text.split("\n"), key=len, default="")
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in longest)
