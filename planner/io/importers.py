"""Importing one layer from a file made elsewhere into an open project.

Accepted: GeoJSON, Shapefile, GeoPackage (one layer at a time), CSV with
longitude/latitude (or x/y) columns, and OpenStreetMap ``.osm``/``.pbf``
(whole project through :func:`planner.io.osm.project_from_osm`).

:func:`import_file` is the one import of the command line (``planner
import``) and the window (its dialog's :meth:`ImportChoice.request`): it reads
the file with :func:`read_layer_file` — in its own CRS, columns untouched,
what GDAL would change silently put back or reported — and merges it with
:func:`merge_layer`: columns renamed by the mapping, constants set, brought
into the project CRS by :func:`planner.io.crs.reproject` (no silent
"ballpark" datum shifts), validated against the layer's spec, then added,
replacing the layer's rows, or updating rows matched by id. Nothing is
dropped silently: every row not imported comes back as a
:class:`~planner.core.schema.RowProblem` naming file, row, field and value.

CSV row numbers count the header as row 1, as a spreadsheet shows them, so
a reported row can be found in Excel or LibreOffice directly.
"""

from __future__ import annotations

import codecs
import contextlib
import json
import math
import os
import re
import sqlite3
import struct
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError as PyprojCrsError

from planner.core import chinese_coords
from planner.core.errors import CrsError, InputError
from planner.core.project import Project
from planner.core.schema import (
    LAYERS,
    ROW_KEY,
    LayerSpec,
    RowProblem,
    coerce_value,
    conform_layer,
    match_columns,
)
from planner.io.crs import (
    WGS84,
    centre_lonlat,
    choose_project_crs,
    declared_crs,
    reproject,
    transformer_between,
)
from planner.io.inventories import csv_records, decode_text, sniff_delimiter
from planner.io.osm import project_from_osm

#: File suffixes read through GDAL (one or more vector layers).
VECTOR_SUFFIXES = (".geojson", ".json", ".shp", ".gpkg")
CSV_SUFFIXES = (".csv", ".txt")
OSM_SUFFIXES = (".osm", ".pbf")
#: Every suffix :func:`read_layer_file` accepts, for file dialogs.
SUPPORTED_SUFFIXES = VECTOR_SUFFIXES + CSV_SUFFIXES + OSM_SUFFIXES

#: Header names recognised as coordinate columns (compared case-insensitively,
#: after Unicode NFKC folding so full-width letters match too): longitude/latitude
#: and grid (easting/northing) pairs.
GEO_LON_HEADERS = ("lon", "lng", "long", "longitude", "经度")
GEO_LAT_HEADERS = ("lat", "latitude", "纬度")
GRID_X_HEADERS = ("x", "easting")
GRID_Y_HEADERS = ("y", "northing")
LON_HEADERS = (*GEO_LON_HEADERS, *GRID_X_HEADERS)
LAT_HEADERS = (*GEO_LAT_HEADERS, *GRID_Y_HEADERS)
#: Two positions of one row (lon/lat and x/y columns) further apart than this are reported.
PAIR_TOLERANCE_M = 5.0
#: ``action`` of a problem whose row was left out of an import.
NOT_IMPORTED = "not imported"
#: CRS a CSV's coordinates are assumed to be in unless the user says otherwise.
CSV_DEFAULT_CRS = "EPSG:4326"
WGS84_CRS = CRS.from_epsg(4326)


@dataclass(frozen=True)
class ImportedLayer:
    """One layer read from a file, before it is merged into a project.

    ``frame`` is in ``crs`` — the file's own CRS, or the one the caller gave
    (which overrides the file's). ``source_crs`` is what the file itself
    declares (``None`` when it declares nothing, e.g. a Shapefile without
    ``.prj`` or a CSV). ``layers`` lists every layer of the file so a dialog
    can offer them; ``layer`` is the one read. For OpenStreetMap files
    ``project`` holds the whole imported project and ``frame`` its cameras.
    """

    frame: gpd.GeoDataFrame
    crs: CRS
    source_crs: CRS | None
    problems: tuple[RowProblem, ...]
    layers: tuple[str, ...]
    layer: str
    project: Project | None = None
    row_labels: tuple[str, ...] = ()
    """Per row of ``frame``, how the file numbers it (a CSV's line, a feature's position);
    empty: the rows are numbered 1, 2, … in order."""

    def row_label(self, position: int) -> str:
        """The file's number of the row at ``position`` (0-based) of ``frame``."""
        if position < len(self.row_labels):
            return self.row_labels[position]
        return str(position + 1)


@dataclass(frozen=True)
class CsvTable:
    """The text of a CSV file: headers, rows as strings, and the file line of each row."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    encoding: str
    delimiter: str
    notes: tuple[RowProblem, ...] = ()
    """What the reader noticed (a quote never closed, bytes that are not text), as
    warnings on the layer named by the file."""

    @property
    def coordinate_columns(self) -> tuple[str | None, str | None]:
        """The longitude and latitude columns recognised from the headers (None: not found)."""
        return guess_coordinate_columns(self.headers)


# --- entry points ------------------------------------------------------------------------


def file_kind(path: str | os.PathLike[str]) -> str:
    """``"vector"``, ``"csv"`` or ``"osm"`` for a supported file; InputError otherwise."""
    name = Path(path).name.lower()
    if name.endswith(OSM_SUFFIXES) or name.endswith(".osm.pbf"):
        return "osm"
    if name.endswith(CSV_SUFFIXES):
        return "csv"
    if name.endswith(VECTOR_SUFFIXES):
        return "vector"
    raise InputError(
        f"unsupported file type; use one of {', '.join(SUPPORTED_SUFFIXES)}", file=str(path)
    )


def read_layer_file(
    path: str | os.PathLike[str],
    *,
    layer: str | None = None,
    crs: object | None = None,
    lon_column: str | None = None,
    lat_column: str | None = None,
    shift: str | None = None,
    where: str | None = None,
    grid_crs: object | None = None,
) -> ImportedLayer:
    """Read one layer of ``path`` as a GeoDataFrame, reporting what it skipped.

    ``where`` is an SQL filter on the layer's attributes (GIS files only).
    ``grid_crs`` is the CRS of a CSV's x/y columns when its geometry comes from
    its lon/lat columns (the project CRS): both pairs are compared row by row
    (:func:`coordinate_disagreements`).

    Nothing is changed silently: a Shapefile without ``.cpg`` whose text is not
    Latin-1 is read as UTF-8 or GBK/GB18030 (a note says which); text in a
    numeric column (``'abc'``, ``'NaN'``, ``'十二'``), which GDAL reads as 0 or
    NaN, comes back as the text itself so validation names the cell; GDAL's
    own warnings become problems.

    ``shift`` (``"gcj02"`` or ``"bd09"``) says the longitude/latitude are
    offset the Chinese way (AMap and Tencent maps store GCJ-02, Baidu BD-09);
    the offset, about 500 m, is undone exactly and the layer comes back in
    WGS84. It needs a longitude/latitude CRS, else :class:`CrsError`.

    ``layer`` picks a layer of a multi-layer file (default: the first with
    geometry). ``crs`` is the CRS the coordinates are in; it overrides the
    file's own, and is required when the file declares none (else
    :class:`CrsError`). CSV: ``lon_column``/``lat_column`` default to the
    recognised headers (:data:`LON_HEADERS`, :data:`LAT_HEADERS`); rows whose
    coordinates are not numbers or out of range are skipped and reported.
    """
    path = Path(path)
    check_source_path(path)
    user_crs = _parse_crs(crs, file=str(path)) if crs is not None else None
    kind = file_kind(path)
    if where is not None and kind != "vector":
        raise InputError(
            "a filter works on GeoPackage, Shapefile and GeoJSON layers, not on this file",
            file=str(path),
            field="--where",
        )
    if kind == "osm":
        return _read_osm(path)
    if kind == "csv":
        if layer is not None and layer != path.stem:
            raise InputError(
                f"no layer {layer!r} (a CSV file has one: {path.stem!r})", file=str(path)
            )
        grid = _parse_crs(grid_crs, file=str(path)) if grid_crs is not None else None
        read = _read_csv(
            path,
            crs=user_crs,
            lon_column=lon_column,
            lat_column=lat_column,
            shift=shift,
            grid_crs=grid,
        )
    else:
        read = _read_vector(path, layer=layer, crs=user_crs, where=where)
    if shift is None:
        return read
    frame = undo_chinese_shift(read.frame, shift, file=str(path))
    return replace(read, frame=frame, crs=CRS.from_user_input(frame.crs))


def check_source_path(path: str | os.PathLike[str]) -> None:
    """InputError naming ``path`` unless it is a readable file (not missing, not a folder)."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder, not a file", file=str(path))
    if not path.exists():
        raise InputError("file does not exist", file=str(path))
    if not os.access(path, os.R_OK):
        raise InputError("file cannot be read (permission denied)", file=str(path))


#: Chinese map offsets :func:`read_layer_file` can undo.
SHIFTS = chinese_coords.OFFSETS


def undo_chinese_shift(
    frame: gpd.GeoDataFrame, shift: str, *, file: str | None = None
) -> gpd.GeoDataFrame:
    """``frame`` with its GCJ-02 or BD-09 longitude/latitude turned into WGS84."""
    if shift not in SHIFTS:
        raise InputError(f"unknown offset {shift!r}; one of {', '.join(SHIFTS)}", file=file)
    crs = CRS.from_user_input(frame.crs) if frame.crs is not None else None
    if crs is None or not crs.is_geographic:
        raise CrsError(
            f"a {shift} offset applies to longitude/latitude, not to "
            f"{crs.name if crs is not None else 'coordinates without a CRS'}",
            file=file,
        )

    def to_wgs84(coords: np.ndarray) -> np.ndarray:
        lon, lat = chinese_coords.offset_to_wgs84(coords[:, 0], coords[:, 1], shift)
        return np.column_stack([lon, lat])

    geometry = shapely.transform(frame.geometry.to_numpy(), to_wgs84)
    return frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=WGS84))


def default_crs_of(path: str | os.PathLike[str], *, layer: str | None = None) -> str | None:
    """The CRS to preselect for ``path``: what the file declares, EPSG:4326 for CSV/OSM.

    ``None`` means the file declares no usable CRS (none, or a GeoPackage
    ``srs_id`` -1/0) and the user must choose one.
    """
    kind = file_kind(path)
    if kind in ("csv", "osm"):
        return CSV_DEFAULT_CRS
    layer = layer or _first_spatial_layer(Path(path))
    try:
        info = pyogrio.read_info(path, layer=layer, encoding="ISO-8859-1")  # only its CRS
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(f"cannot read the file ({exc})", file=str(path)) from None
    declared = declared_crs(info.get("crs"))
    return _crs_text(declared) if declared is not None else None


def read_preview(path: str | os.PathLike[str], *, layer: str, rows: int) -> pd.DataFrame:
    """The first ``rows`` attribute rows of a GIS file's ``layer``, text decoded as on import."""
    path = Path(path)
    encoding = _shapefile_encoding(path, layer, [])
    try:
        # GDAL's remarks and damaged text are reported on import; the preview shows the rows
        frame, _, _ = _read_frame(
            path, layer, None, encoding, [], max_features=rows, read_geometry=False
        )
        return frame.reset_index(drop=True)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise InputError(f"cannot read the file ({exc})", file=str(path), layer=layer) from None


def available_layers(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Names of the layers of ``path`` that have geometry (one for CSV and single-layer files)."""
    path = Path(path)
    if file_kind(path) != "vector":
        return (path.stem,)
    return tuple(name for name, geometry in _list_layers(path) if geometry)


def read_csv_table(path: str | os.PathLike[str]) -> CsvTable:
    """The text of a CSV file (UTF-8, UTF-16 or GB18030; comma, semicolon or tab separated).

    Parsed as inventories are (:func:`~planner.io.inventories.csv_records`):
    cells of any length; a quote opened and never closed is noted at its own
    row, which is read on its own line, and the rest of the file is still
    read. Blank lines are left out (they hold no data); a row longer than the
    header keeps its extra cells out of the table and is reported later.
    """
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", file=str(path)) from None
    text, lossy = decode_text(raw)
    delimiter = sniff_delimiter(text)
    headers: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    notes: list[RowProblem] = []

    def note(row: int, column: str, value: str, message: str, action: str) -> None:
        notes.append(
            RowProblem(
                path.stem,
                str(row),
                column,
                message,
                action,
                value=value,
                severity="warning",
                file=str(path),
            )
        )

    for number, cells, quote in csv_records(text, delimiter):
        if not any(cell.strip() for cell in cells):
            continue
        if quote is not None:
            note(number, "-", _shown_cells(cells), quote, "row read on its own line")
        for k, cell in enumerate(cells if lossy else ()):
            if "\ufffd" in cell:
                column = headers[k] if headers is not None and k < len(headers) else "-"
                note(number, column or "-", _shown_cells([cell]), _REPLACED, "read as shown")
        if headers is None:
            headers = tuple(cell.strip() for cell in cells)
            continue
        rows.append(cells)
        numbers.append(number)
    if headers is None:
        raise InputError("file is empty: no header row", file=str(path))
    encoding = _encoding_read(raw, text)
    return CsvTable(headers, tuple(rows), tuple(numbers), encoding, delimiter, tuple(notes))


_REPLACED = "bytes that are not text were replaced by \ufffd"


def _encoding_read(raw: bytes, text: str) -> str:
    """The encoding :func:`~planner.io.inventories.decode_text` made ``text`` of ``raw`` with."""
    for encoding in ("utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"):
        with contextlib.suppress(UnicodeError):
            if raw.decode(encoding, errors="replace") == text:
                return encoding
    return "utf-8"


def guess_coordinate_columns(
    headers: Sequence[str], *, geographic: bool | None = None
) -> tuple[str | None, str | None]:
    """The headers naming the x (longitude) and y (latitude) columns; None: not found.

    With ``geographic`` True a lon/lat pair is preferred, with False an x/y
    (easting/northing) pair; else the first pair in the header order.
    """
    geo = _find_header(headers, GEO_LON_HEADERS), _find_header(headers, GEO_LAT_HEADERS)
    grid = _find_header(headers, GRID_X_HEADERS), _find_header(headers, GRID_Y_HEADERS)
    pairs = [p for p in (geo, grid) if None not in p]
    if geographic is not None and len(pairs) == 2:
        return geo if geographic else grid
    if len(pairs) == 2:
        return min(pairs, key=lambda pair: headers.index(pair[0]))
    return (
        pairs[0]
        if pairs
        else (
            _find_header(headers, LON_HEADERS),
            _find_header(headers, LAT_HEADERS),
        )
    )


def coordinate_distances(
    first: tuple[np.ndarray, np.ndarray],
    first_crs: object,
    second: tuple[np.ndarray, np.ndarray],
    second_crs: object,
) -> np.ndarray:
    """Metres between two positions given for each row (NaN where one is missing).

    ``first`` and ``second`` are ``(x, y)`` arrays in their CRSs (longitude
    first for lon/lat). Both go to WGS 84 through
    :func:`~planner.io.crs.transformer_between` and are measured on the
    ellipsoid, so a grid pair and a lon/lat pair of one table can be compared.
    """
    from pyproj import Geod

    points = []
    for (x, y), crs in ((first, first_crs), (second, second_crs)):
        transformer, _ = transformer_between(crs, WGS84)
        points.append(transformer.transform(np.asarray(x, float), np.asarray(y, float)))
    (lon1, lat1), (lon2, lat2) = points
    _, _, distance = Geod(ellps="WGS84").inv(lon1, lat1, lon2, lat2)
    distance = np.asarray(distance, dtype=float)
    missing = ~np.isfinite([lon1, lat1, lon2, lat2]).all(axis=0)
    distance[missing] = np.nan
    return distance


def _check_second_pair(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numbers: Sequence[int],
    used: tuple[str, str],
    used_xy: tuple[np.ndarray, np.ndarray],
    crs: CRS,
    *,
    shift: str | None,
    grid_crs: CRS | None,
    layer: str,
    file: str,
) -> list[RowProblem]:
    """A warning per row whose other coordinate pair lies over :data:`PAIR_TOLERANCE_M` away."""
    geo = _find_header(headers, GEO_LON_HEADERS), _find_header(headers, GEO_LAT_HEADERS)
    grid = _find_header(headers, GRID_X_HEADERS), _find_header(headers, GRID_Y_HEADERS)
    other = grid if used == geo else geo if used == grid else (None, None)
    if None in other or not rows or set(other) & set(used):
        return []
    other_crs = WGS84 if other == geo else grid_crs
    if other_crs is None:
        return [
            RowProblem(
                layer,
                "-",
                f"{other[0]}/{other[1]}",
                "the table has a second coordinate pair; its CRS is not known, so it was "
                "not compared with the position used",
                "kept as a column",
                severity="note",
                file=file,
            )
        ]
    at = headers.index(other[0]), headers.index(other[1])
    values = np.array(
        [[_number_or_nan(row[at[0]]), _number_or_nan(row[at[1]])] for row in rows], dtype=float
    )
    ox, oy = values[:, 0], values[:, 1]
    ux, uy = used_xy
    if shift is not None:  # the offset applies to the lon/lat pair
        if other == geo:
            ox, oy = (np.asarray(c) for c in chinese_coords.offset_to_wgs84(ox, oy, shift))
        elif crs.is_geographic:
            ux, uy = (np.asarray(c) for c in chinese_coords.offset_to_wgs84(ux, uy, shift))
    distances = coordinate_distances((ux, uy), crs, (ox, oy), other_crs)
    problems = []
    for k in np.flatnonzero(distances > PAIR_TOLERANCE_M).tolist():
        problems.append(
            RowProblem(
                layer,
                str(numbers[k]),
                f"{other[0]}/{other[1]}",
                f"{used[0]}/{used[1]} and {other[0]}/{other[1]} are {distances[k]:.0f} m apart "
                f"(more than {PAIR_TOLERANCE_M:g} m)",
                f"imported at {used[0]}/{used[1]}",
                value=f"{rows[k][at[0]]}, {rows[k][at[1]]}",
                severity="warning",
                file=file,
            )
        )
    return problems


def _number_or_nan(text: str) -> float:
    folded = unicodedata.normalize("NFKC", text).strip()
    try:
        return float(folded)
    except ValueError:
        return math.nan


def _shown_cells(cells: Sequence[str]) -> str:
    text = ",".join(cells)
    return text if len(text) <= 80 else text[:77] + "…"


#: What an import does with the target layer's rows: append, replace them, update by id.
IMPORT_MODES = ("add", "replace", "update")


@dataclass(frozen=True)
class ImportRequest:
    """Everything that says how to import one file: the CLI's options, the dialog's choice.

    ``target`` is the project layer (None: every layer of an OpenStreetMap
    file). ``mapping`` renames source columns to schema fields
    (``{"id": "camera_id"}``); ``constants`` gives every imported row a value
    (``{"status": "planned"}``). ``mode``: ``add`` appends (rows whose id is
    already in the project are reported, not imported), ``replace`` replaces
    the layer's rows, ``update`` changes the fields the file provides on the
    rows matched by id (an empty cell changes nothing; positions are kept).
    """

    path: Path
    target: str | None
    layer: str | None = None
    where: str | None = None
    crs: str | None = None
    shift: str | None = None
    lon_column: str | None = None
    lat_column: str | None = None
    mapping: Mapping[str, str] = field(default_factory=dict)
    constants: Mapping[str, str] = field(default_factory=dict)
    mode: str = "add"


@dataclass(frozen=True)
class LayerCounts:
    """What an import did to one project layer."""

    read: int  # rows the file gave
    added: int = 0
    updated: int = 0  # rows matched by id with at least one value changed
    unchanged: int = 0  # rows matched by id whose values were already the same
    removed: int = 0  # rows of the layer dropped by ``replace``

    @property
    def reported(self) -> int:
        """Rows of the file not imported (each is named in the problems)."""
        return max(self.read - self.added - self.updated - self.unchanged, 0)


@dataclass(frozen=True)
class ImportResult:
    """The project after an import, what happened per layer, and every problem."""

    project: Project
    counts: Mapping[str, LayerCounts]
    problems: tuple[RowProblem, ...]

    @property
    def layers(self) -> tuple[str, ...]:
        """The project layers the import touched."""
        return tuple(self.counts)

    def summary(self) -> str:
        """One line per layer: ``cameras: 3 added, 1 updated, 0 replaced, 2 reported``."""
        return "\n".join(
            f"{name}: {c.added} added, {c.updated} updated, {c.unchanged} unchanged, "
            f"{c.removed} replaced, {c.reported} reported (not imported)"
            for name, c in self.counts.items()
        )


def import_file(
    project: Project | None, request: ImportRequest, *, ruleset: str = "national"
) -> ImportResult:
    """Read ``request.path`` and import it into ``project``: the one import of CLI and window.

    With ``project`` None a new project is made around the data (its CRS
    chosen for ``ruleset`` by :func:`~planner.io.crs.choose_project_crs`).
    Bad options (an unknown field in ``mapping``/``constants``, a bad constant,
    an unknown mode or layer, ``update`` on a layer without ids) raise
    :class:`InputError` before anything is read. Bad rows are reported in
    ``problems`` (file, layer, row, field, value) and not imported.
    """
    file = str(request.path)
    targets = [request.target] if request.target is not None else []
    for target in targets:
        check_import_options(target, request.mapping, request.constants, request.mode)
    try:
        imported = read_layer_file(
            request.path,
            layer=request.layer,
            crs=request.crs,
            lon_column=request.lon_column,
            lat_column=request.lat_column,
            shift=request.shift,
            where=request.where,
            grid_crs=project.crs if project is not None else None,
        )
        if imported.project is not None:  # OpenStreetMap: every layer it has
            names = targets or [n for n in LAYERS if len(imported.project.layer(n))]
            incoming = {name: imported.project.layer(name) for name in names}
        elif request.target is None:
            raise InputError("choose the project layer to import into", field="--as")
        else:
            incoming = {request.target: imported.frame}
        if project is None:
            project = _new_project_for(list(incoming.values()), ruleset)
        problems = list(imported.problems)
        counts: dict[str, LayerCounts] = {}
        for name, frame in incoming.items():
            merged = merge_layer(
                project,
                name,
                frame,
                mapping=request.mapping,
                constants=request.constants,
                mode=request.mode,
                file=file,
                row_labels=imported.row_labels if imported.project is None else (),
            )
            project = merged.project
            problems.extend(merged.problems)
            skipped = sum(p.action == NOT_IMPORTED and p.row != "-" for p in imported.problems)
            counts[name] = replace(merged.counts, read=merged.counts.read + skipped)
    except InputError as exc:
        raise exc.located(file=file) from None
    return ImportResult(project, counts, tuple(problems))


def check_import_options(
    layer: str, mapping: Mapping[str, str], constants: Mapping[str, str], mode: str
) -> None:
    """InputError naming the bad option: unknown layer, mode or field, a bad constant."""
    if layer not in LAYERS:
        raise InputError(
            f"no project layer {layer!r}; use one of {', '.join(LAYERS)}", field="--as"
        )
    spec = LAYERS[layer]
    if mode not in IMPORT_MODES:
        raise InputError(
            f"unknown mode {mode!r}; use one of {', '.join(IMPORT_MODES)}", field="--mode"
        )
    if mode == "update" and spec.id_field is None:
        raise InputError(
            f"layer {layer!r} has no id field, so rows cannot be matched; use add or replace",
            field="--mode",
        )
    fields = ", ".join(spec.field_names)
    for source, target in mapping.items():
        if target not in spec.field_names:
            raise InputError(
                f"{source}={target}: {layer} has no field {target!r} (fields: {fields})",
                field="--map",
            )
    targets = list(mapping.values())
    for target in dict.fromkeys(t for t in targets if targets.count(t) > 1):
        sources = ", ".join(s for s, t in mapping.items() if t == target)
        raise InputError(f"{sources} are all mapped to {target!r}", field="--map")
    for name, value in constants.items():
        if name not in spec.field_names:
            raise InputError(
                f"{name}={value}: {layer} has no field {name!r} (fields: {fields})", field="--set"
            )
        try:
            coerce_value(value, spec.field(name))
        except ValueError as exc:
            raise InputError(f"{name}={value}: {exc}", field="--set") from None


@dataclass(frozen=True)
class LayerMerge:
    """The project after one layer was imported, its counts and problems."""

    project: Project
    counts: LayerCounts
    problems: tuple[RowProblem, ...]


#: Hidden column carrying each row's number in the file through validation.
_SOURCE_ROW = "__import_row__"


def merge_layer(
    project: Project,
    layer_name: str,
    imported_frame: gpd.GeoDataFrame,
    *,
    mapping: Mapping[str, str] | None = None,
    constants: Mapping[str, str] | None = None,
    mode: str = "add",
    file: str = "",
    row_labels: Sequence[str] = (),
) -> LayerMerge:
    """Import ``imported_frame`` into the project layer ``layer_name`` (see :class:`ImportRequest`).

    The frame's columns are renamed by ``mapping``, ``constants`` set, the
    geometry reprojected with :func:`~planner.io.crs.reproject` (a datum
    warning becomes a problem), Z dropped, and the rows validated with
    :func:`~planner.core.schema.conform_layer`. Added rows have ``fid`` <NA>;
    updated rows keep theirs, their other columns and their place.
    ``row_labels`` numbers the frame's rows as the file does (CSV lines).
    """
    mapping, constants = dict(mapping or {}), dict(constants or {})
    check_import_options(layer_name, mapping, constants, mode)
    spec = LAYERS[layer_name]
    if imported_frame.crs is None:
        raise CrsError("the imported layer has no CRS; choose one", layer=layer_name)
    problems: list[RowProblem] = []
    labels = [
        row_labels[k] if k < len(row_labels) else str(k + 1) for k in range(len(imported_frame))
    ]
    frame = _mapped(imported_frame, mapping, constants, layer_name, file, problems)
    frame, moved = reproject(frame, project.crs, file=file, layer=layer_name)
    problems.extend(moved)
    frame = _single_part_points(frame) if "Point" in spec.geometry else frame
    geometry = shapely.force_2d(frame.geometry.to_numpy())
    frame = frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=frame.crs))
    # which column gives each field (conform_layer renames and notes other spellings)
    given = {f: f for f in spec.field_names if f in frame.columns}
    given.update({f: c for c, f in match_columns(list(frame.columns), spec).items()})
    provided = [f for f in spec.field_names if f in given]
    existing = project.layer(layer_name)
    if mode == "update":
        frame = _matched_for_update(
            frame, given, existing, spec, labels, layer_name, file, problems
        )
    frame[_SOURCE_ROW] = [labels[k] for k in frame.index]
    try:
        conformed = conform_layer(frame, spec, file=file)
    except InputError as exc:
        hint = "; name it in the file or map a column to it (--map SOURCE=FIELD)"
        raise InputError(exc.detail + hint, layer=layer_name, field=exc.field) from None
    problems.extend(_as_import_problem(p, frame) for p in conformed.problems)
    incoming = conformed.frame
    incoming_labels = incoming.pop(_SOURCE_ROW).tolist()
    incoming[ROW_KEY] = pd.array([pd.NA] * len(incoming), dtype="Int64")
    read = len(imported_frame)
    if mode == "replace":
        kept = existing.iloc[0:0]
        merged = _append(kept, incoming)
        counts = LayerCounts(read, added=len(incoming), removed=len(existing))
    elif mode == "update":
        merged, updated, unchanged = _update(existing, incoming, spec, provided)
        counts = LayerCounts(read, updated=updated, unchanged=unchanged)
    else:
        incoming, clashes = _without_known_ids(incoming, incoming_labels, existing, spec, file)
        problems.extend(clashes)
        merged = _append(existing, incoming)
        counts = LayerCounts(read, added=len(incoming))
    return LayerMerge(project.with_layers(**{layer_name: merged}), counts, tuple(problems))


def merge_into_project(
    project: Project, layer_name: str, imported_frame: gpd.GeoDataFrame
) -> tuple[Project, tuple[RowProblem, ...]]:
    """Append ``imported_frame`` to ``layer_name`` (:func:`merge_layer` in ``add`` mode)."""
    merged = merge_layer(project, layer_name, imported_frame)
    return merged.project, merged.problems


def _mapped(
    frame: gpd.GeoDataFrame,
    mapping: Mapping[str, str],
    constants: Mapping[str, str],
    layer: str,
    file: str,
    problems: list[RowProblem],
) -> gpd.GeoDataFrame:
    """``frame`` with columns renamed by ``mapping`` and ``constants`` set; notes say what moved."""
    columns = [str(c) for c in frame.columns if c != frame.geometry.name]
    missing = [s for s in mapping if s not in columns]
    if missing:
        raise InputError(
            f"the file has no column {missing[0]!r} (columns: {', '.join(columns)})",
            file=file or None,
            field="--map",
        )

    def note(field: str, message: str) -> None:
        problems.append(
            RowProblem(layer, "-", field, message, "not imported", severity="note", file=file)
        )

    frame = frame.copy()
    if ROW_KEY in frame.columns and ROW_KEY not in mapping:
        # a column of the source file called fid is data, not the project's row key
        frame = frame.rename(columns={ROW_KEY: f"source_{ROW_KEY}"})
    for source, target in mapping.items():
        if target in frame.columns and target not in mapping:
            note(target, f"the file's own column {target!r} is replaced by {source!r} (--map)")
            frame = frame.drop(columns=[target])
    frame = frame.rename(columns=dict(mapping))
    for name, value in constants.items():
        if name in frame.columns:
            note(name, f"the file's column {name!r} is replaced by the value {value!r} (--set)")
        frame[name] = value
    return frame


def _matched_for_update(
    frame: gpd.GeoDataFrame,
    given: Mapping[str, str],
    existing: gpd.GeoDataFrame,
    spec: LayerSpec,
    labels: Sequence[str],
    layer: str,
    file: str,
    problems: list[RowProblem],
) -> gpd.GeoDataFrame:
    """The rows of ``frame`` whose id is in ``existing``; the others are reported.

    Required fields the file does not give are taken from the matched rows, so
    an update table need only hold the id and the fields it changes.
    """
    id_field = spec.id_field
    assert id_field is not None
    if id_field not in given:
        raise InputError(
            f"updating needs the id field {id_field!r} to match rows; map a column to it "
            f"(--map SOURCE={id_field})",
            layer=layer,
            field=id_field,
        )
    known = {str(v): k for k, v in zip(existing.index, existing[id_field], strict=True)}
    id_column = given[id_field]
    ids = [_id_text(v, spec) for v in frame[id_column]]
    matched = [i is not None and i in known for i in ids]
    for position, (ident, ok) in enumerate(zip(ids, matched, strict=True)):
        if not ok:
            problems.append(
                RowProblem(
                    layer,
                    labels[position],
                    id_field,
                    f"no row with {id_field} {ident!r} in the project"
                    if ident is not None
                    else "the id is empty",
                    "not updated",
                    value=ident or "",
                    id=f"{id_field}={ident}" if ident else "",
                    file=file,
                )
            )
    frame = frame[matched].copy()
    for spec_field in spec.fields:
        if spec_field.required and spec_field.name not in given:
            rows = [known[i] for i in ids if i is not None and i in known]  # the matched
            frame[spec_field.name] = existing.loc[rows, spec_field.name].to_numpy()
    return frame


def _id_text(value: object, spec: LayerSpec) -> str | None:
    try:
        return coerce_value(value, spec.field(spec.id_field or ""))
    except ValueError:
        return None


def _update(
    existing: gpd.GeoDataFrame,
    incoming: gpd.GeoDataFrame,
    spec: LayerSpec,
    provided: Sequence[str],
) -> tuple[gpd.GeoDataFrame, int, int]:
    """``existing`` with the ``provided`` fields of each matched row set from ``incoming``.

    Empty incoming cells change nothing; ids, geometry, ``fid``, other columns
    and the row order stay. Returns the frame and how many rows changed / did not.
    """
    id_field = spec.id_field or ""
    fields = [f for f in provided if f != id_field]
    out = existing.copy()
    where = {str(v): k for k, v in zip(out.index, out[id_field], strict=True)}
    updated = unchanged = 0
    for _, row in incoming.iterrows():
        target = where[str(row[id_field])]
        changed = False
        for name in fields:
            value = row[name]
            if _empty(value):
                continue
            if _empty(out.at[target, name]) or out.at[target, name] != value:
                out.at[target, name] = value
                changed = True
        updated += changed
        unchanged += not changed
    return out, updated, unchanged


def _empty(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _without_known_ids(
    incoming: gpd.GeoDataFrame,
    labels: Sequence[str],
    existing: gpd.GeoDataFrame,
    spec: LayerSpec,
    file: str,
) -> tuple[gpd.GeoDataFrame, list[RowProblem]]:
    """``incoming`` without rows whose id is already in ``existing``, and a problem for each."""
    if spec.id_field is None or not len(incoming) or not len(existing):
        return incoming, []
    clash = incoming[spec.id_field].isin(set(existing[spec.id_field])).to_numpy()
    problems = [
        RowProblem(
            spec.name,
            labels[k],
            spec.id_field,
            f"id {incoming[spec.id_field].iloc[k]!r} is already in the project",
            NOT_IMPORTED,
            value=str(incoming[spec.id_field].iloc[k]),
            id=f"{spec.id_field}={incoming[spec.id_field].iloc[k]}",
            file=file,
        )
        for k in np.flatnonzero(clash).tolist()
    ]
    return incoming[~clash], problems


def _as_import_problem(problem: RowProblem, frame: gpd.GeoDataFrame) -> RowProblem:
    """A validation problem told as an import: the file's row number, "not imported"."""
    row = problem.row
    if row.isdigit() and 0 < int(row) <= len(frame):
        row = str(frame[_SOURCE_ROW].iloc[int(row) - 1])
    action = problem.action
    if problem.severity == "error":
        action = NOT_IMPORTED
    elif action.startswith("kept in the file as written; computed as "):
        action = "imported as " + action.removeprefix("kept in the file as written; computed as ")
    elif action == "written back under its own name":
        action = "imported under the field's name"
    elif action.endswith("kept in the file as read"):
        action = action.split(";")[0]
    return replace(problem, row=row, action=action)


def _new_project_for(frames: Sequence[gpd.GeoDataFrame], ruleset: str) -> Project:
    """An empty project in the metric CRS chosen for the data's centre."""
    from planner.io.rulesets import load_ruleset

    rules = load_ruleset(ruleset)
    lon, lat = centre_lonlat([_placeable(frame) for frame in frames])
    crs = choose_project_crs(lon, lat, chinese_ruleset=rules.is_chinese)
    return Project.empty(crs, ruleset=rules.id)


def _placeable(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The rows of ``frame`` that lie somewhere on Earth (the others are reported on merge)."""
    if not len(frame) or frame.crs is None:
        return frame
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        bounds = frame.geometry.to_crs(WGS84).bounds.to_numpy()
        inside = (
            np.isfinite(bounds).all(axis=1)
            & (bounds[:, 0] >= -180)
            & (bounds[:, 2] <= 180)
            & (bounds[:, 1] >= -90)
            & (bounds[:, 3] <= 90)
        )
    return frame[inside]


# --- readers -----------------------------------------------------------------------------


def _read_vector(
    path: Path, *, layer: str | None, crs: CRS | None, where: str | None = None
) -> ImportedLayer:
    listed = _list_layers(path)
    spatial = tuple(name for name, geometry in listed if geometry)
    if layer is None:
        if not spatial:
            raise InputError("the file has no layer with geometry", file=str(path))
        layer = spatial[0]
    elif layer not in {name for name, _ in listed}:
        raise InputError(
            f"no layer {layer!r} (the file has: {', '.join(spatial) or 'no layers'})",
            file=str(path),
        )
    problems: list[RowProblem] = []
    encoding = _shapefile_encoding(path, layer, problems)
    try:
        frame, caught, damaged = _read_frame(path, layer, where, encoding, problems)
    except pyogrio.errors.CRSError as exc:
        raise CrsError(
            f"the CRS the file declares cannot be read ({exc}); correct it (a Shapefile's "
            ".prj, a GeoJSON's crs member) or save the layer again from a GIS",
            file=str(path),
            layer=layer,
        ) from None
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        what = f"the filter {where!r} cannot be used" if where else "cannot read the file"
        raise InputError(
            f"{what} ({exc})", file=str(path), layer=layer, field="--where" if where else None
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"text is not in the encoding {encoding or 'the file declares'} ({exc.reason})",
            file=str(path),
            layer=layer,
        ) from None
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputError("layer has no geometry column", file=str(path), layer=layer)
    frame = _with_raw_numbers(frame, path, layer, encoding)
    problems.extend(_gdal_warnings(caught, layer, file=str(path)))
    labels = (
        tuple(f"fid {fid}" for fid in frame.index)
        if where
        else tuple(str(k + 1) for k in range(len(frame)))
    )
    if path.suffix.lower() in (".geojson", ".json"):
        frame, labels = _with_json_values(frame, labels, path, layer, where, problems)
    problems.extend(
        _damaged_text(damaged, dict(zip(frame.index, labels, strict=True)), layer, file=str(path))
    )
    frame = frame.reset_index(drop=True)
    source = declared_crs(frame.crs)
    chosen = crs or source
    if chosen is None:
        what = "an undefined CRS" if frame.crs is not None else "no CRS"
        raise CrsError(
            f"the file declares {what} (a Shapefile without .prj, a GeoPackage with srs_id "
            "-1 or 0?); choose the CRS its coordinates are in (--crs EPSG:N)",
            file=str(path),
            layer=layer,
        )
    frame = frame.set_crs(chosen, allow_override=True)
    if chosen.is_geographic:
        frame, labels = _within_lonlat(frame, labels, layer, str(path), problems)
    return ImportedLayer(frame, chosen, source, tuple(problems), spatial, layer, None, labels)


def _within_lonlat(
    frame: gpd.GeoDataFrame,
    labels: tuple[str, ...],
    layer: str,
    file: str,
    problems: list[RowProblem],
) -> tuple[gpd.GeoDataFrame, tuple[str, ...]]:
    """``frame`` without the rows with a longitude or latitude out of range, each reported.

    PROJ would wrap a longitude of 181 to -179, half the world away, and a
    new project's CRS would be chosen for a centre they pull off.
    """
    coords, owner = shapely.get_coordinates(frame.geometry.to_numpy(), return_index=True)
    with np.errstate(invalid="ignore"):
        outside = np.isfinite(coords).all(axis=1) & (
            (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
        )
    if not outside.any():
        return frame, labels
    keep = np.ones(len(frame), dtype=bool)
    for position, (x, y) in zip(owner[outside], coords[outside], strict=True):
        if keep[position]:
            keep[position] = False
            problems.append(
                RowProblem(
                    layer,
                    labels[position],
                    "geometry",
                    _outside_lonlat(x, "x") or _outside_lonlat(y, "y"),
                    NOT_IMPORTED,
                    value=f"{x:g}, {y:g}",
                    file=file,
                )
            )
    kept = tuple(label for label, k in zip(labels, keep, strict=True) if k)
    return frame[keep].reset_index(drop=True), kept


# --- what GDAL would change silently -----------------------------------------------------

#: Encodings tried, in turn, for the text of a Shapefile that does not say its own.
SHAPEFILE_ENCODINGS = ("UTF-8", "GB18030")


def _shapefile_encoding(path: Path, layer: str, problems: list[RowProblem]) -> str | None:
    """The encoding to read a Shapefile without ``.cpg`` or code page with (None: GDAL's).

    GDAL reads such a file as Latin-1, which garbles Chinese text; the bytes
    are tried strictly as UTF-8, then GB18030 (a superset of GBK), and a note
    says which was used.
    """
    if path.suffix.lower() != ".shp":
        return None
    dbf = _sidecar(path, ".dbf")
    if dbf is None or _sidecar(path, ".cpg") is not None:
        return None
    table = _read_dbf(dbf)
    if table is None or table.code_page:
        return None
    text = b"".join(table.text_cells())
    if text.isascii():
        return None
    for encoding in SHAPEFILE_ENCODINGS:
        try:
            for cell in table.text_cells():
                cell.decode(encoding)
        except UnicodeDecodeError:
            continue
        problems.append(
            RowProblem(
                layer,
                "-",
                "-",
                f"the file has no .cpg saying how its text is encoded; read as {encoding}",
                "read",
                severity="note",
                file=str(path),
            )
        )
        return encoding
    problems.append(
        RowProblem(
            layer,
            "-",
            "-",
            "the file has no .cpg and its text is neither UTF-8 nor GBK; read as Latin-1",
            "text may be garbled: add a .cpg naming the encoding",
            severity="warning",
            file=str(path),
        )
    )
    return None


def _sidecar(path: Path, suffix: str) -> Path | None:
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.is_file():
            return candidate
    return None


@dataclass(frozen=True)
class _Dbf:
    """The raw cells of a dBASE table: field names, types and each record's bytes."""

    code_page: int
    fields: tuple[tuple[bytes, str, int, int], ...]  # name, type, offset, length
    records: tuple[bytes, ...]

    def cells(self, kinds: str) -> list[tuple[int, bytes, bytes]]:
        """``(record, field name, raw cell)`` for the fields of the given dBASE types."""
        out = []
        for number, record in enumerate(self.records):
            if record[:1] == b"*":  # deleted: GDAL does not read it
                continue
            for name, kind, offset, length in self.fields:
                if kind in kinds:
                    out.append((number, name, record[offset : offset + length]))
        return out

    def text_cells(self) -> list[bytes]:
        """Every character cell, trailing blanks cut."""
        return [cell.rstrip(b" \x00") for _, _, cell in self.cells("C")]


def _read_dbf(path: Path) -> _Dbf | None:
    """The cells of a ``.dbf`` file as bytes (None when it is not a readable dBASE table)."""
    try:
        raw = path.read_bytes()
        count, header, size = struct.unpack("<IHH", raw[4:12])
    except (OSError, struct.error):
        return None
    fields = []
    offset = 1
    for start in range(32, header - 1, 32):
        descriptor = raw[start : start + 32]
        if not descriptor or descriptor[0] == 0x0D or len(descriptor) < 32:
            break
        name = descriptor[:11].split(b"\x00")[0]
        fields.append((name, chr(descriptor[11]), offset, descriptor[16]))
        offset += descriptor[16]
    records = tuple(raw[header + k * size : header + (k + 1) * size] for k in range(count))
    return _Dbf(raw[29] if len(raw) > 29 else 0, tuple(fields), records)


def _with_raw_numbers(
    frame: gpd.GeoDataFrame, path: Path, layer: str, encoding: str | None
) -> gpd.GeoDataFrame:
    """``frame`` with the text GDAL read as 0 or NaN put back in its numeric cells.

    A GeoPackage column declared REAL or INTEGER can hold text (SQLite does not
    enforce types) and a Shapefile's numeric field is text on disk; GDAL turns
    ``'abc'`` into 0 and ``'NaN'`` into NaN without saying which row. The cell
    gets its text back so that validation reports it (file, layer, row, field,
    value) instead of computing with a number nobody wrote.
    """
    found: dict[str, dict[int, str]] = {}
    suffix = path.suffix.lower()
    if suffix == ".gpkg":
        found = _gpkg_text_in_numbers(path, layer, frame)
    elif suffix == ".shp" and (dbf := _sidecar(path, ".dbf")) is not None:
        table = _read_dbf(dbf)
        if table is not None:
            codec = _codec_of(path, layer, encoding, default="latin-1")
            for number, name, cell in table.cells("NF"):
                text = cell.decode(codec, errors="replace").strip(" \x00")
                if text and not _is_number(text) and set(text) != {"*"}:
                    column = name.decode(codec, errors="replace")
                    found.setdefault(column, {})[number] = text
    return _put_back(frame, found)


def _put_back(frame: pd.DataFrame, found: Mapping[str, Mapping[int, object]]) -> pd.DataFrame:
    """``frame`` with ``found[column][fid]`` put in its cells (the column becomes object)."""
    if not found:
        return frame
    frame = frame.copy()
    for column, cells in found.items():
        if column not in frame.columns:
            continue
        rows = [fid for fid in cells if fid in frame.index]
        if rows:
            frame[column] = frame[column].astype(object)
            frame.loc[rows, column] = [cells[fid] for fid in rows]
    return frame


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _gpkg_text_in_numbers(
    path: Path, layer: str, frame: gpd.GeoDataFrame
) -> dict[str, dict[int, str]]:
    """``{column: {fid: text}}`` for text stored in the numeric columns of a GeoPackage table."""
    try:
        info = pyogrio.read_info(path, layer=layer)
    except UnicodeDecodeError:  # column names that are not UTF-8: GDAL's reading stands
        return {}
    numeric = [
        str(name)
        for name, kind in zip(info["fields"], info["ogr_types"], strict=True)
        if kind in ("OFTReal", "OFTInteger", "OFTInteger64") and name in frame.columns
    ]
    fid = info.get("fid_column") or "fid"
    if not numeric:
        return {}
    found: dict[str, dict[int, str]] = {}
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as db:
            for column in numeric:
                query = (
                    f"SELECT {_quoted(fid)}, CAST({_quoted(column)} AS TEXT) FROM {_quoted(layer)} "
                    f"WHERE typeof({_quoted(column)}) IN ('text', 'blob')"
                )
                for key, text in db.execute(query):
                    if text is not None and not _is_number(text.strip()):
                        found.setdefault(column, {})[int(key)] = text
    except sqlite3.Error:
        return {}  # GDAL read it; the cells it could not are already reported by validation
    return found


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _read_frame(
    path: Path,
    layer: str,
    where: str | None,
    encoding: str | None,
    problems: list[RowProblem],
    **more: object,
) -> tuple[pd.DataFrame, list[warnings.WarningMessage], list[tuple[object, str, str]]]:
    """The layer as pyogrio reads it (``fid`` as index), its warnings, and the damaged text.

    A geometry GEOS cannot build (an unclosed ring) comes back missing, so that
    validation names its row. Text with bytes that are not in the file's
    encoding would stop pyogrio: the bad bytes become U+FFFD instead, and the
    damaged text lists ``(fid, column, text)`` of each such cell (``fid``
    None: a column name). A date that does not exist is read as text
    (:func:`_read_with_dates`).
    """
    try:
        frame, caught = _read_with_dates(path, layer, where, encoding, problems, **more)
        return frame, caught, []
    except UnicodeDecodeError:
        codec = _codec_of(path, layer, encoding)
    # ISO-8859-1 gives every byte back as the character of the same number
    frame, caught = _read_with_dates(path, layer, where, "ISO-8859-1", problems, **more)
    frame, damaged = _redecoded(frame, codec)
    return frame, caught, damaged


def _read_with_dates(
    path: Path,
    layer: str,
    where: str | None,
    encoding: str | None,
    problems: list[RowProblem],
    **more: object,
) -> tuple[pd.DataFrame, list[warnings.WarningMessage]]:
    """:func:`_recorded_read` that does not stop at a date that does not exist (2024-02-30).

    pyogrio cannot make a date of it: the date columns are then read as GDAL's
    text, valid dates still dates, and validation names each bad cell.
    """
    options = {"layer": layer, "where": where, "encoding": encoding, **more}
    try:
        return _recorded_read(path, **options)
    except UnicodeDecodeError:
        raise
    except ValueError as exc:  # pyogrio making a date of day 30 of February
        failure = exc
    info = pyogrio.read_info(path, layer=layer, encoding=encoding)
    kinds = dict(zip(info["fields"], info["ogr_types"], strict=True))
    dated = [name for name, kind in kinds.items() if kind in _DATE_TYPES]
    try:
        if not dated:
            raise failure
        frame, caught = _recorded_read(
            path, columns=[n for n in kinds if n not in dated], **options
        )
        casts = ", ".join(f"CAST({_quoted(n)} AS CHARACTER(64)) AS {_quoted(n)}" for n in dated)
        texts, _ = _recorded_read(
            path,
            encoding=encoding,
            read_geometry=False,
            sql=f"SELECT {casts} FROM {_quoted(layer)}",
            sql_dialect="OGRSQL",
        )
    except UnicodeDecodeError:
        raise
    except ValueError as exc:
        raise InputError(f"cannot read the file ({exc})", file=str(path), layer=layer) from None
    bad = []
    for name in dated:
        cells = [_date_cell(texts[name].get(fid)) for fid in frame.index]
        frame[name] = pd.Series(cells, index=frame.index, dtype=object)
        if any(isinstance(cell, str) for cell in cells):
            bad.append(name)
    frame = frame[[*(n for n in kinds if n in frame.columns), *frame.columns.drop(list(kinds))]]
    if bad:
        problems.append(
            RowProblem(
                layer,
                "-",
                ", ".join(bad),
                "the layer has dates that do not exist (such as 2024-02-30)",
                "those cells read as text",
                severity="note",
                file=str(path),
            )
        )
    return frame, caught


def _codec_of(path: Path, layer: str, encoding: str | None, *, default: str = "utf-8") -> str:
    """The Python codec of the text GDAL reads from ``layer`` (``default`` if it says none)."""
    try:
        codec = encoding or pyogrio.read_info(path, layer=layer).get("encoding") or default
        return codecs.lookup(codec).name
    except (UnicodeDecodeError, LookupError):  # field names that are not text either
        return default


def _redecoded(
    frame: pd.DataFrame, codec: str
) -> tuple[pd.DataFrame, list[tuple[object, str, str]]]:
    """``frame`` read as ISO-8859-1 with its names and text decoded as ``codec``.

    Bytes that are not ``codec`` become U+FFFD; returns ``(fid, column, text)``
    of each cell that has some.
    """

    def decoded(text: object) -> object:
        if not isinstance(text, str):
            return text
        try:
            return text.encode("latin-1").decode(codec, errors="replace")
        except UnicodeEncodeError:  # not read as bytes: GDAL recoded it already
            return text

    geometry = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    frame = frame.rename(columns={c: decoded(c) for c in frame.columns if c != geometry})
    damaged: list[tuple[object, str, str]] = [
        (None, str(c), str(c)) for c in frame.columns if "\ufffd" in str(c)
    ]
    for column in frame.columns:
        if column == geometry or not (
            frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column])
        ):
            continue
        frame[column] = frame[column].map(decoded)
        damaged.extend(
            (fid, str(column), text)
            for fid, text in frame[column].items()
            if isinstance(text, str) and "\ufffd" in text
        )
    return frame, damaged


def _damaged_text(
    damaged: Sequence[tuple[object, str, str]],
    labels: Mapping[object, str],
    layer: str,
    *,
    file: str,
) -> list[RowProblem]:
    """A warning per text cell (``fid`` None: column name) whose bad bytes became U+FFFD."""
    return [
        RowProblem(
            layer,
            "-" if fid is None else labels.get(fid, str(fid)),
            column,
            f"bytes of the {'column name' if fid is None else 'text'} that are not in the "
            "file's encoding were replaced by \ufffd",
            "imported with \ufffd in their place",
            value=text,
            severity="warning",
            file=file,
        )
        for fid, column, text in damaged
    ]


#: GDAL field types pyogrio turns into dates.
_DATE_TYPES = ("OFTDate", "OFTDateTime", "OFTTime")


def _recorded_read(path: Path, **options: object) -> tuple[pd.DataFrame, list]:
    """The frame pyogrio reads (``fid`` as index, unreadable geometries None), its warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = pyogrio.read_dataframe(path, fid_as_index=True, on_invalid="ignore", **options)
    return frame, list(caught)


def _date_cell(text: object) -> object:
    """GDAL's text of a date (``2024/01/05 10:00:00``) as a date, or as ISO text if it is none."""
    if not isinstance(text, str) or not text.strip():
        return None
    iso = text.strip().replace("/", "-", 2).replace(" ", "T", 1)
    try:
        return pd.Timestamp(iso)
    except (ValueError, OverflowError):
        return iso


def _with_json_values(
    frame: pd.DataFrame,
    labels: tuple[str, ...],
    path: Path,
    layer: str,
    where: str | None,
    problems: list[RowProblem],
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """A GeoJSON layer with the values GDAL changed put back from the file's own text.

    GDAL guesses one type per property: ``true`` in a number property becomes
    1, ``"NaN"`` text NaN, ``[4]`` a list, an object JSON; those cells get the
    file's value back (as JSON text) so that validation names them. Members of
    ``features`` that are not a Feature, which GDAL skips, are reported; rows
    are numbered by their place in ``features``.
    """
    file = str(path)
    try:
        document = json.loads(path.read_bytes().decode("utf-8-sig", errors="replace"))
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict):
        features: object = None
    elif document.get("type") == "Feature":
        features = [document]
    elif document.get("type") == "FeatureCollection":
        features = document.get("features")
    else:
        return frame, labels  # TopoJSON or Esri JSON: GDAL reads them with other drivers
    accepted = (
        [k for k, f in enumerate(features) if isinstance(f, dict) and f.get("type") == "Feature"]
        if isinstance(features, list)
        else []
    )
    fids = frame.index if where is None else _all_fids(path, layer)
    if not isinstance(features, list) or len(accepted) != len(fids):
        problems.append(
            RowProblem(
                layer,
                "-",
                "-",
                "the values GDAL read cannot be checked against the file's text (not plain "
                "JSON, or features counted differently)",
                "read as GDAL gives it",
                severity="warning",
                file=file,
            )
        )
        return frame, labels
    usable = set(accepted)
    for k, member in enumerate(features):
        if k not in usable:
            kind = member.get("type") if isinstance(member, dict) else member
            problems.append(
                RowProblem(
                    layer,
                    str(k + 1),
                    "type",
                    'a member of "features" that is not a GeoJSON Feature',
                    NOT_IMPORTED,
                    value=_shown_cells([_json_text(kind)]),
                    file=file,
                )
            )
    place = {fid: accepted[k] for k, fid in enumerate(fids)}
    rows = {fid: features[place[fid]].get("properties") for fid in frame.index}
    found: dict[str, dict[int, object]] = {}
    for name in frame.columns:
        column = frame[name]
        if name == frame.geometry.name or not (
            column.dtype == object or pd.api.types.is_numeric_dtype(column)
        ):
            continue  # text and dates are as the file writes them
        for fid, cell in column.items():
            properties = rows[fid]
            raw = properties.get(name) if isinstance(properties, dict) else None
            kind = _json_kind(raw)
            if raw is None or (
                kind == _json_kind(cell) and (kind in ("number", "text") or column.dtype == bool)
            ):
                continue
            found.setdefault(name, {})[fid] = raw if kind == "number" else _json_text(raw)
    if where is None:
        labels = tuple(str(place[fid] + 1) for fid in frame.index)
    return _put_back(frame, found), labels


def _json_kind(value: object) -> str:
    """What a JSON value or GDAL's reading of it is: bool, number, text or other."""
    if isinstance(value, bool | np.bool_):
        return "bool"
    if isinstance(value, int | float | np.integer | np.floating):
        return "number" if math.isfinite(value) else "other"
    if isinstance(value, str):
        return "text"
    return "other"


def _all_fids(path: Path, layer: str) -> pd.Index:
    """Every feature id of ``layer``, in the order of the file."""
    return _recorded_read(
        path, layer=layer, read_geometry=False, columns=[], encoding="ISO-8859-1"
    )[0].index


def _json_text(value: object) -> str:
    """A JSON value as the file writes it (text as it is)."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, allow_nan=True)


_GDAL_NUMBER_WARNING = re.compile(r"parsed incompletely to (real|integer)")


def _gdal_warnings(
    caught: Sequence[warnings.WarningMessage], layer: str, *, file: str
) -> list[RowProblem]:
    """GDAL's warnings while reading, as problems (those about numbers are per cell already)."""
    messages = dict.fromkeys(
        str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)
    )
    return [
        RowProblem(
            layer,
            "-",
            "-",
            f"GDAL: {message}",
            "read as GDAL gives it",
            severity="warning",
            file=file,
        )
        for message in messages
        if not _GDAL_NUMBER_WARNING.search(message)
    ]


def _read_csv(
    path: Path,
    *,
    crs: CRS | None,
    lon_column: str | None,
    lat_column: str | None,
    shift: str | None = None,
    grid_crs: CRS | None = None,
) -> ImportedLayer:
    table = read_csv_table(path)
    crs = crs or CRS.from_user_input(CSV_DEFAULT_CRS)
    guessed_lon, guessed_lat = guess_coordinate_columns(table.headers, geographic=crs.is_geographic)
    lon_column = lon_column or guessed_lon
    lat_column = lat_column or guessed_lat
    if lon_column is None or lat_column is None:
        raise InputError(
            "no longitude/latitude columns found; name them lon/lat, longitude/latitude, "
            f"x/y or 经度/纬度 (headers found: {', '.join(table.headers) or 'none'})",
            file=str(path),
        )
    for column in (lon_column, lat_column):
        if column not in table.headers:
            raise InputError(
                f"no column {column!r} (headers found: {', '.join(table.headers)})",
                file=str(path),
            )
    layer = path.stem
    lon_at, lat_at = table.headers.index(lon_column), table.headers.index(lat_column)
    width = len(table.headers)
    problems = list(table.notes)
    kept: list[tuple[str, ...]] = []
    numbers: list[int] = []
    xs: list[float] = []
    ys: list[float] = []
    for cells, number in zip(table.rows, table.row_numbers, strict=True):
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.append(
                RowProblem(
                    layer,
                    str(number),
                    "-",
                    f"row has {len(cells)} values but the header has {width}",
                    NOT_IMPORTED,
                    value=_shown_cells(cells[width:]),
                    file=str(path),
                )
            )
            continue
        cells = (*cells[:width], *([""] * (width - len(cells))))
        x, x_problem = _coordinate(cells[lon_at], axis="x", crs=crs)
        y, y_problem = _coordinate(cells[lat_at], axis="y", crs=crs)
        column, message, at = (
            (lon_column, x_problem, lon_at) if x_problem else (lat_column, y_problem, lat_at)
        )
        if message:
            problems.append(
                RowProblem(
                    layer,
                    str(number),
                    column,
                    message,
                    NOT_IMPORTED,
                    value=_shown_cells([cells[at].strip()]),
                    file=str(path),
                )
            )
            continue
        kept.append(cells)
        numbers.append(number)
        xs.append(x)
        ys.append(y)
    _refuse_swapped_axes(xs, ys, crs, file=str(path), columns=(lon_column, lat_column))
    problems.extend(
        _check_second_pair(
            table.headers,
            kept,
            numbers,
            (lon_column, lat_column),
            (np.asarray(xs), np.asarray(ys)),
            crs,
            shift=shift,
            grid_crs=grid_crs,
            layer=layer,
            file=str(path),
        )
    )
    attributes = {
        header: [row[k] for row in kept]
        for k, header in enumerate(table.headers)
        if k not in (lon_at, lat_at) and header
    }
    frame = gpd.GeoDataFrame(
        pd.DataFrame(attributes, index=pd.RangeIndex(len(kept)), dtype=object),
        geometry=gpd.GeoSeries(shapely.points(xs, ys), crs=crs),
    )
    labels = tuple(str(n) for n in numbers)
    return ImportedLayer(frame, crs, None, tuple(problems), (layer,), layer, None, labels)


def _read_osm(path: Path) -> ImportedLayer:
    project = project_from_osm(path)
    return ImportedLayer(
        project.cameras,
        project.crs,
        CRS.from_user_input(CSV_DEFAULT_CRS),
        project.problems,
        tuple(LAYERS),
        "cameras",
        project,
    )


# --- helpers -----------------------------------------------------------------------------


def _coordinate(text: str, *, axis: str, crs: CRS) -> tuple[float, str]:
    """The number in ``text`` and ``""``, or NaN and why it is not a usable coordinate."""
    folded = unicodedata.normalize("NFKC", text).strip().rstrip("°").strip()
    if not folded:
        return math.nan, "coordinate is empty"
    shown = _shown_cells([text.strip()])
    try:
        value = float(folded)
    except ValueError:
        return math.nan, f"{shown!r} is not a number"
    if not math.isfinite(value):
        return math.nan, f"{shown!r} is not a finite number"
    if crs.is_geographic and _outside_lonlat(value, axis):
        return math.nan, _outside_lonlat(value, axis)
    return value, ""


def _outside_lonlat(value: float, axis: str) -> str:
    """Why ``value`` is no longitude (``axis`` x) or latitude (y); empty when it is one."""
    limit = 180.0 if axis == "x" else 90.0
    name = "longitude" if axis == "x" else "latitude"
    return f"{name} {value:g} is outside -{limit:g}…{limit:g}" if abs(value) > limit else ""


def _refuse_swapped_axes(
    xs: Sequence[float], ys: Sequence[float], crs: CRS, *, file: str, columns: tuple[str, str]
) -> None:
    """Raise InputError when projected columns only fit the CRS the other way round.

    Chinese survey tables name the northing X and the easting Y, the reverse of
    GIS order; read as given, every point lands thousands of kilometres away.
    Caught only when unambiguous: none inside the CRS's area (widened by its
    own size) as given, all inside swapped.
    """
    area = crs.area_of_use
    if not xs or crs.is_geographic or area is None:
        return
    to_crs = Transformer.from_crs(WGS84_CRS, crs, always_xy=True)
    minx, miny, maxx, maxy = to_crs.transform_bounds(area.west, area.south, area.east, area.north)
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)):
        return
    width, height = maxx - minx, maxy - miny
    x, y = np.asarray(xs), np.asarray(ys)

    def inside(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (
            (a >= minx - width) & (a <= maxx + width) & (b >= miny - height) & (b <= maxy + height)
        )

    if not inside(x, y).any() and inside(y, x).all():
        raise InputError(
            f"the columns {columns[0]!r} and {columns[1]!r} look swapped for {crs.name}: "
            f"{columns[0]!r} holds northings (Chinese survey tables call the northing X); "
            f"choose {columns[1]!r} as the x/easting column and {columns[0]!r} as y",
            file=file,
        )


def _find_header(headers: Sequence[str], names: Sequence[str]) -> str | None:
    wanted = {unicodedata.normalize("NFKC", n).casefold() for n in names}
    for header in headers:
        if unicodedata.normalize("NFKC", header).strip().casefold() in wanted:
            return header
    return None


def _list_layers(path: Path) -> list[tuple[str, str | None]]:
    try:
        with warnings.catch_warnings():
            # a damaged file makes GDAL warn before it fails; the failure names the file
            warnings.simplefilter("ignore", RuntimeWarning)
            return [(str(name), geometry) for name, geometry in pyogrio.list_layers(path)]
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(f"cannot read the file ({exc})", file=str(path)) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot read the file: a layer name is not text ({exc.reason})", file=str(path)
        ) from None


def _first_spatial_layer(path: Path) -> str | None:
    spatial = [name for name, geometry in _list_layers(path) if geometry]
    return spatial[0] if spatial else None


def _parse_crs(crs: object, *, file: str) -> CRS:
    try:
        return CRS.from_user_input(crs)
    except PyprojCrsError as exc:
        raise CrsError(f"{crs!r} is not a CRS ({exc})", file=file) from None


def _crs_text(crs: CRS) -> str:
    """``EPSG:4326`` when the CRS has an authority code, else its WKT."""
    authority = crs.to_authority()
    return f"{authority[0]}:{authority[1]}" if authority else crs.to_wkt()


def _single_part_points(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """MultiPoints of one point become Points (GIS tools often save points as multi)."""
    geoms = frame.geometry.to_numpy()
    single = (shapely.get_type_id(geoms) == 4) & (shapely.get_num_geometries(geoms) == 1)
    if not single.any():
        return frame
    geoms = geoms.copy()
    geoms[single] = shapely.get_geometry(geoms[single], 0)
    return frame.set_geometry(gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs))


def _append(existing: gpd.GeoDataFrame, added: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """``existing`` followed by ``added``, in the existing frame's CRS and column order."""
    if not len(added):
        return existing
    if added.geometry.name != existing.geometry.name:
        added = added.rename_geometry(existing.geometry.name)
    if not len(existing):
        # concatenating an empty frame makes pandas warn about dtype inference
        columns = [*existing.columns.drop(existing.geometry.name), *added.columns]
        columns = list(dict.fromkeys(c for c in columns if c != added.geometry.name))
        out = added.reindex(columns=[*columns, added.geometry.name])
        return gpd.GeoDataFrame(out, geometry=added.geometry.name, crs=existing.crs)
    merged = pd.concat([existing, added], ignore_index=True)
    return gpd.GeoDataFrame(merged, geometry=existing.geometry.name, crs=existing.crs)
