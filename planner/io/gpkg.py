"""GeoPackage tables read and edited row by row, with SQLite itself.

GDAL reads a GeoPackage through the declared column types: the text ``'abc'``
in a REAL column comes back as 0 with a warning, an impossible date in a
DATE column stops the read. A project file is the user's, so the project
reader takes every value exactly as SQLite stores it (SQLite keeps what was
written, whatever the declared type) and lets validation say what is wrong
with it. Saves change the file row by row (``UPDATE`` of the changed cells,
``INSERT`` of new rows, ``DELETE`` of removed ones) in a copy of the file, so
everything the planner does not touch — other tables, QGIS projects and
styles, rasters, views, column types, feature ids — stays as it was.

The GeoPackage geometry blob (header, optional envelope, WKB) is encoded and
decoded here; the R-tree triggers GDAL writes call ``ST_MinX`` and friends,
which :func:`connect` registers so SQLite can run them.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely
from pyproj import CRS

from planner.core.errors import InputError

#: Declared column types read as numbers (SQLite's type affinity rules, GeoPackage names).
_INTEGER_TYPES = ("INT", "MEDIUMINT", "SMALLINT", "TINYINT", "INTEGER", "BIGINT")
_REAL_TYPES = ("REAL", "DOUBLE", "FLOAT", "NUMERIC")
#: srs_id values the GeoPackage standard reserves for "undefined".
UNDEFINED_SRS_IDS = frozenset({-1, 0})


@dataclass(frozen=True)
class Column:
    """One column of a table as declared in the file."""

    name: str
    declared: str  # declared type, upper case ("" when none)
    primary_key: bool


@dataclass(frozen=True)
class TableInfo:
    """What the file says about one table of ``gpkg_contents``."""

    name: str
    data_type: str  # features | attributes | tiles | 2d-gridded-coverage | …
    columns: tuple[Column, ...]
    geometry_column: str | None
    geometry_type: str | None  # GEOMETRY, POINT, MULTIPOLYGON…
    z: int
    srs_id: int | None
    crs: CRS | None
    crs_problem: str | None  # why ``crs`` is None although the table has an srs_id

    @property
    def fid_column(self) -> str | None:
        """The integer primary key (GeoPackage feature id), if any."""
        for column in self.columns:
            if column.primary_key:
                return column.name
        return None

    @property
    def attribute_columns(self) -> tuple[Column, ...]:
        """Columns other than the primary key and the geometry."""
        return tuple(
            c for c in self.columns if not c.primary_key and c.name != self.geometry_column
        )


@contextlib.contextmanager
def connect(
    path: str | os.PathLike[str], *, read_only: bool = True
) -> Iterator[sqlite3.Connection]:
    """An SQLite connection to a GeoPackage with the ST_* functions its triggers use."""
    uri = f"file:{Path(path).as_posix()}?mode={'ro' if read_only else 'rw'}"
    try:
        db = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error as exc:
        raise InputError(f"cannot open the GeoPackage ({exc})", file=str(path)) from None
    # text that is not UTF-8 is read with replacement characters, never a crash; saves
    # never write back a cell they did not change, so the stored bytes stay as they are
    db.text_factory = lambda data: data.decode("utf-8", errors="replace")
    try:
        for name, function in _ST_FUNCTIONS.items():
            db.create_function(name, 1, function, deterministic=True)
        yield db
    finally:
        db.close()


def tables(db: sqlite3.Connection, *, file: str) -> dict[str, TableInfo]:
    """Every table listed in ``gpkg_contents``, by name."""
    try:
        contents = db.execute("SELECT table_name, data_type, srs_id FROM gpkg_contents").fetchall()
        geometry_columns = {
            str(row[0]).lower(): row
            for row in db.execute(
                "SELECT table_name, column_name, geometry_type_name, srs_id, z "
                "FROM gpkg_geometry_columns"
            ).fetchall()
        }
    except sqlite3.Error as exc:
        raise InputError(f"not a GeoPackage ({exc})", file=file) from None
    out: dict[str, TableInfo] = {}
    for name, data_type, contents_srs in contents:
        name = str(name)
        try:
            columns = tuple(
                Column(str(c[1]), str(c[2] or "").upper(), bool(c[5]))
                for c in db.execute(f"PRAGMA table_info({quote(name)})").fetchall()
            )
        except sqlite3.Error:
            columns = ()
        geometry = geometry_columns.get(name.lower())
        srs_id = geometry[3] if geometry is not None else contents_srs
        crs, crs_problem = (None, None)
        if geometry is not None:
            crs, crs_problem = _crs_of(db, srs_id)
        out[name] = TableInfo(
            name=name,
            data_type=str(data_type),
            columns=columns,
            geometry_column=str(geometry[1]) if geometry is not None else None,
            geometry_type=str(geometry[2]).upper() if geometry is not None else None,
            z=int(geometry[4] or 0) if geometry is not None else 0,
            srs_id=int(srs_id) if isinstance(srs_id, int) else None,
            crs=crs,
            crs_problem=crs_problem,
        )
    return out


def _crs_of(db: sqlite3.Connection, srs_id: Any) -> tuple[CRS | None, str | None]:
    if not isinstance(srs_id, int):
        return None, f"srs_id {srs_id!r} is not a number"
    if srs_id in UNDEFINED_SRS_IDS:
        kind = "Cartesian" if srs_id == -1 else "geographic"
        return None, f"srs_id {srs_id} means an undefined {kind} CRS"
    row = db.execute(
        "SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys "
        "WHERE srs_id = ?",
        (srs_id,),
    ).fetchone()
    if row is None:
        return None, f"srs_id {srs_id} is not in gpkg_spatial_ref_sys"
    organization, code, definition = row
    attempts = []
    if str(organization).upper() == "EPSG" and isinstance(code, int):
        attempts.append(f"EPSG:{code}")
    if definition and str(definition).strip().lower() not in ("undefined", ""):
        attempts.append(str(definition))
    for attempt in attempts:
        try:
            crs = CRS.from_user_input(attempt)
        except Exception:  # pyproj's CRSError
            continue
        if crs.is_engineering:
            # GDAL's "Undefined SRS" (srs_id 99999) and other local grids: no place on Earth
            return None, f"srs_id {srs_id} is a local CRS ({crs.name}) with no place on Earth"
        return crs, None
    return None, f"srs_id {srs_id} has no usable definition"


def read_rows(
    db: sqlite3.Connection, table: TableInfo, *, file: str
) -> tuple[pd.DataFrame, np.ndarray, list[int]]:
    """All rows of a table as stored: attribute frame, geometries, and unreadable rows.

    The frame's index is the feature id (or SQLite's rowid). Columns hold the
    values exactly as stored, typed by what they actually hold: a REAL column
    whose values are all numbers is float64, one holding ``'abc'`` somewhere
    stays object so validation can name that value. Geometry blobs that cannot
    be decoded give ``None`` and their positions in the third item.
    """
    key = table.fid_column
    names = [c.name for c in table.attribute_columns]
    selected = [quote(key) if key else "rowid"]
    selected += [quote(n) for n in names]
    if table.geometry_column:
        selected.append(quote(table.geometry_column))
    try:
        rows = db.execute(f"SELECT {', '.join(selected)} FROM {quote(table.name)}").fetchall()
    except sqlite3.Error as exc:
        raise InputError(f"cannot read the table ({exc})", file=file, layer=table.name) from None
    fids = [r[0] for r in rows]
    data = {name: [r[k + 1] for r in rows] for k, name in enumerate(names)}
    frame = pd.DataFrame(
        {c.name: _typed_column(data[c.name], c.declared) for c in table.attribute_columns}
    )
    frame.index = pd.Index(fids, name="fid")
    if table.geometry_column:
        geoms, unreadable = decode_geometries([r[-1] for r in rows])
    else:
        geoms, unreadable = np.full(len(rows), None, dtype=object), []
    return frame, geoms, unreadable


def _typed_column(values: list[Any], declared: str) -> pd.Series:
    """A column of stored values, numeric only where every value is a number."""
    present = [v for v in values if v is not None]
    numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in present)
    if declared.startswith(_INTEGER_TYPES) and numbers and all(isinstance(v, int) for v in present):
        return pd.Series(values, dtype="Int64")
    if declared == "BOOLEAN" and numbers and all(v in (0, 1) for v in present):
        return pd.Series([None if v is None else bool(v) for v in values], dtype="boolean")
    if declared.startswith(_REAL_TYPES) and numbers:
        return pd.Series([np.nan if v is None else float(v) for v in values], dtype="float64")
    return pd.Series([_text(v) for v in values], dtype="object")


def _text(value: Any) -> Any:
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value
    return value


# ---------------------------------------------------------------------- geometry blobs
def decode_geometries(blobs: Sequence[Any]) -> tuple[np.ndarray, list[int]]:
    """Shapely geometries from GeoPackage blobs; ``None`` (and listed) where undecodable."""
    wkbs: list[bytes | None] = []
    unreadable: list[int] = []
    for position, blob in enumerate(blobs):
        if blob is None:
            wkbs.append(None)
            continue
        if not isinstance(blob, bytes | bytearray | memoryview):
            unreadable.append(position)  # a number or text typed into the geometry column
            wkbs.append(None)
            continue
        try:
            wkb, _ = _split_blob(bytes(blob))
        except (ValueError, TypeError, struct.error):
            unreadable.append(position)
            wkbs.append(None)
            continue
        wkbs.append(wkb)
    array = np.array(wkbs, dtype=object)
    geoms = np.full(len(wkbs), None, dtype=object)
    present = np.array([w is not None for w in wkbs], dtype=bool)
    if present.any():
        decoded = shapely.from_wkb(array[present], on_invalid="ignore")
        geoms[present] = decoded
        for index, geom in zip(np.flatnonzero(present), decoded, strict=True):
            if geom is None:
                unreadable.append(int(index))
    return geoms, sorted(set(unreadable))


def _split_blob(blob: bytes) -> tuple[bytes, bool]:
    if blob[:2] == b"GP":
        flags = blob[3]
        if flags & 0b0010_0000:
            raise ValueError("extended GeoPackage geometry")
        envelope = (flags >> 1) & 0b111
        sizes = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
        if envelope not in sizes:
            raise ValueError("bad envelope indicator")
        empty = bool(flags & 0b0001_0000)
        return blob[8 + sizes[envelope] :], empty
    # Spatialite or plain WKB written by other tools: try it as WKB
    return blob, False


def encode_geometry(geom: Any, srs_id: int) -> bytes | None:
    """A GeoPackage geometry blob (little-endian, with an xy envelope) for ``geom``."""
    if geom is None:
        return None
    empty = bool(shapely.is_empty(geom))
    flags = 0b0000_0001 | (0b0001_0000 if empty else 0b0000_0010)
    header = b"GP" + bytes([0, flags]) + struct.pack("<i", srs_id)
    if not empty:
        minx, miny, maxx, maxy = shapely.bounds(geom)
        header += struct.pack("<dddd", minx, maxx, miny, maxy)
    return header + shapely.to_wkb(geom, byte_order=1, flavor="iso")


def _envelope(blob: Any) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) of a blob, from its header when it has one."""
    if not isinstance(blob, bytes | bytearray | memoryview):
        return None  # not a geometry (a value typed into the geometry column)
    data = bytes(blob)
    try:
        if data[:2] == b"GP" and (data[3] >> 1) & 0b111 and not data[3] & 0b0001_0000:
            return struct.unpack_from("<dddd" if data[3] & 1 else ">dddd", data, 8)
        geoms, _ = decode_geometries([data])
    except (IndexError, struct.error, ValueError, TypeError):
        return None
    geom = geoms[0]
    if geom is None or shapely.is_empty(geom):
        return None
    minx, miny, maxx, maxy = shapely.bounds(geom)
    return (minx, maxx, miny, maxy)


def _is_empty(blob: Any) -> int:
    if not isinstance(blob, bytes | bytearray | memoryview):
        return 1
    data = bytes(blob)
    if data[:2] == b"GP" and len(data) > 3:
        return int(bool(data[3] & 0b0001_0000))
    return int(_envelope(data) is None)


def _bound(index: int) -> Any:
    def function(blob: Any) -> float | None:
        envelope = _envelope(blob)
        return None if envelope is None else envelope[index]

    return function


_ST_FUNCTIONS = {
    "ST_IsEmpty": _is_empty,
    "ST_MinX": _bound(0),
    "ST_MaxX": _bound(1),
    "ST_MinY": _bound(2),
    "ST_MaxY": _bound(3),
}


def quote(name: str) -> str:
    """``name`` as an SQL identifier."""
    return '"' + name.replace('"', '""') + '"'


def drop_table(db: sqlite3.Connection, name: str) -> None:
    """Remove a table and every GeoPackage record of it (contents, columns, R-tree)."""
    info = db.execute(
        "SELECT column_name FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)",
        (name,),
    ).fetchone()
    if info is not None:
        db.execute(f"DROP TABLE IF EXISTS {quote(f'rtree_{name}_{info[0]}')}")
    db.execute(f"DROP TABLE IF EXISTS {quote(name)}")
    for registry in (
        "gpkg_geometry_columns",
        "gpkg_extensions",
        "gpkg_ogr_contents",
        "gpkg_data_columns",
        "gpkg_contents",
    ):
        with contextlib.suppress(sqlite3.OperationalError):
            db.execute(f"DELETE FROM {registry} WHERE lower(table_name) = lower(?)", (name,))
