"""Importing one layer from a file made elsewhere into an open project.

Accepted: GeoJSON, Shapefile, GeoPackage (one layer at a time), CSV with
longitude/latitude (or x/y) columns, and OpenStreetMap ``.osm``/``.pbf``
(whole project through :func:`planner.io.osm.project_from_osm`).

:func:`read_layer_file` reads the file as it is — in its own CRS, columns
untouched — and lists what it had to skip. :func:`merge_into_project` brings
the frame into the project CRS, validates it against the target layer's spec
and appends it. Nothing is dropped silently: every skipped row comes back as
a :class:`~planner.core.schema.RowProblem` naming the row and field.

CSV row numbers count the header as row 1, as a spreadsheet shows them, so
a reported row can be found in Excel or LibreOffice directly.
"""

from __future__ import annotations

import csv
import io
import math
import os
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, replace
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
from planner.core.schema import LAYERS, RowProblem, conform_layer
from planner.io.crs import WGS84
from planner.io.osm import project_from_osm

#: File suffixes read through GDAL (one or more vector layers).
VECTOR_SUFFIXES = (".geojson", ".json", ".shp", ".gpkg")
CSV_SUFFIXES = (".csv", ".txt")
OSM_SUFFIXES = (".osm", ".pbf")
#: Every suffix :func:`read_layer_file` accepts, for file dialogs.
SUPPORTED_SUFFIXES = VECTOR_SUFFIXES + CSV_SUFFIXES + OSM_SUFFIXES

#: Header names recognised as coordinate columns (compared case-insensitively,
#: after Unicode NFKC folding so full-width letters match too).
LON_HEADERS = ("lon", "lng", "long", "longitude", "x", "经度")
LAT_HEADERS = ("lat", "latitude", "y", "纬度")
#: Encodings tried in turn for CSV files: Excel in China saves GB18030/GBK by default.
CSV_ENCODINGS = ("utf-8-sig", "gb18030")
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


@dataclass(frozen=True)
class CsvTable:
    """The text of a CSV file: headers, rows as strings, and the file line of each row."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_numbers: tuple[int, ...]
    encoding: str
    delimiter: str

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
) -> ImportedLayer:
    """Read one layer of ``path`` as a GeoDataFrame, reporting what it skipped.

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
    if not path.is_file():
        raise InputError("file does not exist", file=str(path))
    user_crs = _parse_crs(crs, file=str(path)) if crs is not None else None
    kind = file_kind(path)
    if kind == "osm":
        return _read_osm(path)
    if kind == "csv":
        read = _read_csv(path, crs=user_crs, lon_column=lon_column, lat_column=lat_column)
    else:
        read = _read_vector(path, layer=layer, crs=user_crs)
    if shift is None:
        return read
    frame = undo_chinese_shift(read.frame, shift, file=str(path))
    return replace(read, frame=frame, crs=CRS.from_user_input(frame.crs))


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

    ``None`` means the file declares no CRS and the user must choose one.
    """
    kind = file_kind(path)
    if kind in ("csv", "osm"):
        return CSV_DEFAULT_CRS
    layer = layer or _first_spatial_layer(Path(path))
    try:
        info = pyogrio.read_info(path, layer=layer)
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(f"cannot read the file ({exc})", file=str(path)) from None
    return _crs_text(CRS.from_user_input(info["crs"])) if info.get("crs") else None


def available_layers(path: str | os.PathLike[str]) -> tuple[str, ...]:
    """Names of the layers of ``path`` that have geometry (one for CSV and single-layer files)."""
    path = Path(path)
    if file_kind(path) != "vector":
        return (path.stem,)
    return tuple(name for name, geometry in _list_layers(path) if geometry)


def read_csv_table(path: str | os.PathLike[str]) -> CsvTable:
    """The text of a CSV file (UTF-8 or GB18030; comma, semicolon or tab separated).

    Blank lines are left out (they hold no data); a row longer than the
    header keeps its extra cells out of the table and is reported later.
    """
    path = Path(path)
    raw = path.read_bytes()
    for encoding in CSV_ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte string
        raise InputError("cannot decode the file as UTF-8 or GB18030", file=str(path))
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers: tuple[str, ...] | None = None
    rows: list[tuple[str, ...]] = []
    numbers: list[int] = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if headers is None:
            headers = tuple(cell.strip() for cell in cells)
            continue
        rows.append(tuple(cells))
        numbers.append(reader.line_num)
    if headers is None:
        raise InputError("file is empty: no header row", file=str(path))
    return CsvTable(headers, tuple(rows), tuple(numbers), encoding, delimiter)


def guess_coordinate_columns(headers: Sequence[str]) -> tuple[str | None, str | None]:
    """The first headers naming a longitude and a latitude (see :data:`LON_HEADERS`)."""
    return _find_header(headers, LON_HEADERS), _find_header(headers, LAT_HEADERS)


def merge_into_project(
    project: Project, layer_name: str, imported_frame: gpd.GeoDataFrame
) -> tuple[Project, tuple[RowProblem, ...]]:
    """Append ``imported_frame`` to the project layer ``layer_name``.

    The frame is reprojected into the project CRS, its column names matched
    to the layer's fields case-insensitively (``Camera_ID`` is ``camera_id``),
    Z coordinates dropped and validated with
    :func:`~planner.core.schema.conform_layer`. Rows whose id is already in
    the project are skipped and reported: an import never overwrites a
    surveyed camera. Returns the new project and every problem.
    """
    if layer_name not in LAYERS:
        raise InputError(f"no project layer {layer_name!r}; use one of {', '.join(LAYERS)}")
    spec = LAYERS[layer_name]
    if imported_frame.crs is None:
        raise CrsError("the imported layer has no CRS; choose one", layer=layer_name)
    frame = imported_frame.to_crs(project.crs)
    frame = frame.rename(columns=_spec_renames(frame.columns, spec.field_names))
    frame = _single_part_points(frame) if "Point" in spec.geometry else frame
    geometry = shapely.force_2d(frame.geometry.to_numpy())
    frame = frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=frame.crs))
    conformed = conform_layer(frame, spec)
    problems = list(conformed.problems)
    added = conformed.frame
    existing = project.layer(layer_name)
    if spec.id_field is not None and len(added) and len(existing):
        clash = added[spec.id_field].isin(set(existing[spec.id_field]))
        for position in np.flatnonzero(clash.to_numpy()):
            ident = added[spec.id_field].iloc[position]
            problems.append(
                RowProblem(
                    layer_name,
                    f"{position + 1} ({spec.id_field}={ident})",
                    spec.id_field,
                    f"id {ident!r} is already in the project",
                    "skipped",
                )
            )
        added = added[~clash.to_numpy()]
    merged = _append(existing, added)
    return project.with_layers(**{layer_name: merged}), tuple(problems)


# --- readers -----------------------------------------------------------------------------


def _read_vector(path: Path, *, layer: str | None, crs: CRS | None) -> ImportedLayer:
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
    try:
        with warnings.catch_warnings():
            # GDAL warnings about odd fields become RuntimeWarnings; the rows are validated later
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(path, layer=layer)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError) as exc:
        raise InputError(f"cannot read the file ({exc})", file=str(path), layer=layer) from None
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputError("layer has no geometry column", file=str(path), layer=layer)
    source = CRS.from_user_input(frame.crs) if frame.crs is not None else None
    chosen = crs or source
    if chosen is None:
        raise CrsError(
            "the file declares no CRS (a Shapefile without .prj?); choose the CRS its "
            "coordinates are in",
            file=str(path),
            layer=layer,
        )
    frame = frame.set_crs(chosen, allow_override=True)
    return ImportedLayer(frame, chosen, source, (), spatial, layer)


def _read_csv(
    path: Path, *, crs: CRS | None, lon_column: str | None, lat_column: str | None
) -> ImportedLayer:
    table = read_csv_table(path)
    guessed_lon, guessed_lat = table.coordinate_columns
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
    crs = crs or CRS.from_user_input(CSV_DEFAULT_CRS)
    layer = path.stem
    lon_at, lat_at = table.headers.index(lon_column), table.headers.index(lat_column)
    width = len(table.headers)
    problems: list[RowProblem] = []
    kept: list[tuple[str, ...]] = []
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
                    "skipped",
                )
            )
            continue
        cells = (*cells[:width], *([""] * (width - len(cells))))
        x, x_problem = _coordinate(cells[lon_at], axis="x", crs=crs)
        y, y_problem = _coordinate(cells[lat_at], axis="y", crs=crs)
        problem = (lon_column, x_problem) if x_problem else (lat_column, y_problem)
        if problem[1]:
            problems.append(RowProblem(layer, str(number), problem[0], problem[1], "skipped"))
            continue
        kept.append(cells)
        xs.append(x)
        ys.append(y)
    _refuse_swapped_axes(xs, ys, crs, file=str(path), columns=(lon_column, lat_column))
    attributes = {
        header: [row[k] for row in kept]
        for k, header in enumerate(table.headers)
        if k not in (lon_at, lat_at) and header
    }
    frame = gpd.GeoDataFrame(
        pd.DataFrame(attributes, index=pd.RangeIndex(len(kept)), dtype=object),
        geometry=gpd.GeoSeries(shapely.points(xs, ys), crs=crs),
    )
    return ImportedLayer(frame, crs, None, tuple(problems), (layer,), layer)


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
    try:
        value = float(folded)
    except ValueError:
        return math.nan, f"{text.strip()!r} is not a number"
    if not math.isfinite(value):
        return math.nan, f"{text.strip()!r} is not a finite number"
    if crs.is_geographic:
        limit = 180.0 if axis == "x" else 90.0
        name = "longitude" if axis == "x" else "latitude"
        if abs(value) > limit:
            return math.nan, f"{name} {value:g} is outside -{limit:g}…{limit:g}"
    return value, ""


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


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:  # one column, or too little text to tell: commas are the norm
        return ","


def _list_layers(path: Path) -> list[tuple[str, str | None]]:
    try:
        return [(str(name), geometry) for name, geometry in pyogrio.list_layers(path)]
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(f"cannot read the file ({exc})", file=str(path)) from None


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


def _spec_renames(columns: Sequence[str], field_names: Sequence[str]) -> dict[str, str]:
    """Renames that make columns differing only in case match the layer's field names."""
    present = set(columns)
    by_folded = {name.casefold(): name for name in field_names}
    renames = {}
    for column in columns:
        target = by_folded.get(str(column).casefold())
        if target and target != column and target not in present:
            renames[column] = target
            present.add(target)
    return renames


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
