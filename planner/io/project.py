"""Project files: one GeoPackage per project (see docs/project-format.md).

**The file is the user's.** Reading takes every value as SQLite stores it
(:mod:`planner.io.gpkg`), never discards a row or a table: rows the engine
cannot use stay in ``Project.invalid`` with a problem each, other tables are
listed and left alone. Saving writes a copy of the file in which only what
changed is changed — cells of edited rows, new rows, removed rows, the
planner's own tables — and moves it over the file atomically
(:mod:`planner.io.files`): user columns, their types and order, feature ids,
QGIS projects and styles, rasters, views and every other table come through
untouched. A file changed by another program since it was read is never
overwritten blindly (:class:`~planner.core.errors.FileChangedError`).

GeoPackages made elsewhere (QGIS, scripts) open too: missing layers are
empty, missing optional fields take their documented default, column names
match case-insensitively and as cut by shapefiles, any CRS is brought into
one metric project CRS.
"""

from __future__ import annotations

import math
import os
import sqlite3
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from planner.core.errors import CrsError, FileChangedError, InputError
from planner.core.project import Project
from planner.core.schema import (
    LAYERS,
    LEFT_OUT,
    ROW_KEY,
    LayerSpec,
    RowProblem,
    conform_layer,
    empty_layer,
)
from planner.io import gpkg, qgis_styles
from planner.io.crs import centre_lonlat, choose_project_crs, reproject
from planner.io.files import (
    atomic_target,
    check_writable_target,
    os_error,
    real_path,
    remove_stale_temporaries,
    same_file,
)

#: Non-spatial table holding key/value project metadata.
METADATA_TABLE = "project_meta"
FORMAT_VERSION = "1"
#: GeoPackage version of new files (``PRAGMA user_version`` 10200): GDAL 3.6, and so
#: QGIS 3.22, warn that 1.4 (what GDAL >= 3.7 writes by default) "may only be partially
#: supported". Files made elsewhere keep the version they declare.
GEOPACKAGE_VERSION = "1.2"
DEFAULT_RULESET = "national"
#: Rulesets whose jurisdiction is China; they make the project CRS CGCS2000 inside China.
CHINESE_RULESETS = frozenset({"national", "qingdao", "harbin", "chongqing"})
#: Tables the planner itself writes beside the layers (loaded, and replaced whole on save).
MANAGED_PREFIXES = ("survey_", "export_log")  # the export log: services/export_log.py

_GEOMETRY_TYPE_FOR_WRITE = {
    "cameras": "Point",
    "zones": "Unknown",
    "buildings": "MultiPolygon",
    "private_areas": "MultiPolygon",
    "roads": "MultiLineString",
}
_SQL_TYPE = {
    "text": "TEXT",
    "intervals": "TEXT",
    "date": "TEXT",
    "real": "REAL",
    "integer": "INTEGER",
    "boolean": "BOOLEAN",
}

Fingerprint = tuple[int, int, int, int]


@dataclass(frozen=True)
class LayerOrigin:
    """One project layer as the file held it when read (or last saved)."""

    table: str  # the table's name in the file
    columns: Mapping[str, str]  # frame column -> file column
    declared: Mapping[str, str]  # file column -> declared SQL type
    fid_column: str
    geometry_column: str
    geometry_type: str
    z: int
    srs_id: int
    crs: CRS  # the CRS the table stores its geometries in
    baseline: gpd.GeoDataFrame  # the usable rows as read, in the project CRS
    invalid_fids: frozenset[int]


@dataclass(frozen=True)
class FileOrigin:
    """What a project file held when it was read: the base every save compares with."""

    path: str  # the real file (symlinks resolved)
    fingerprint: Fingerprint
    layers: Mapping[str, LayerOrigin]
    metadata: Mapping[str, str] | None  # None: the file has no metadata table
    managed: Mapping[str, pd.DataFrame]  # the planner's own tables as read
    other_tables: tuple[str, ...]  # tables kept as they are (QGIS projects, rasters…)


def file_fingerprint(path: str | os.PathLike[str]) -> Fingerprint:
    """What changes whenever another program writes or replaces the file."""
    info = os.stat(path)
    return (info.st_mtime_ns, info.st_size, info.st_ino, info.st_dev)


# ====================================================================== reading
def read_project(path: str | os.PathLike[str], *, ruleset: str | None = None) -> Project:
    """Open a project GeoPackage and return it in its metric project CRS.

    ``ruleset`` overrides the one stored in the file. Rows the engine cannot
    use are kept in ``Project.invalid`` and listed in ``Project.problems``; a
    file that is not a GeoPackage, or holds none of the project layers,
    raises :class:`InputError` naming the file.
    """
    path = Path(path)
    file = str(path)
    _require_geopackage(path)
    remove_stale_temporaries(path)
    try:
        fingerprint = file_fingerprint(path)
        with gpkg.connect(path) as db:
            infos = gpkg.tables(db, file=file)
            by_lower = {name.lower(): info for name, info in infos.items()}
            found = {name: by_lower.get(name) for name in LAYERS}
            if not any(found.values()):
                raise InputError(
                    "not a Coverage Planner project: it has none of the layers "
                    f"{', '.join(LAYERS)} (it has: {', '.join(sorted(infos)) or 'no tables'})",
                    file=file,
                )
            metadata_info = by_lower.get(METADATA_TABLE)
            metadata = _read_metadata(db, metadata_info, file) if metadata_info else None
            raw = {
                name: _read_raw(db, info, file) for name, info in found.items() if info is not None
            }
    except (sqlite3.Error, UnicodeError, OverflowError, MemoryError) as exc:
        raise InputError(f"the GeoPackage is damaged ({_reason(exc)})", file=file) from None
    ruleset_id = ruleset or (metadata or {}).get("ruleset") or DEFAULT_RULESET
    problems: list[RowProblem] = [
        RowProblem(
            name, "-", "-", "layer is missing", "treated as empty", severity="note", file=file
        )
        for name, info in found.items()
        if info is None
    ]
    crs = _project_crs(raw, metadata or {}, chinese=ruleset_id in CHINESE_RULESETS, file=file)

    layers: dict[str, gpd.GeoDataFrame] = {}
    invalid: dict[str, gpd.GeoDataFrame] = {}
    origins: dict[str, LayerOrigin] = {}
    for name, spec in LAYERS.items():
        if name not in raw:
            layers[name] = empty_layer(spec, crs)
            continue
        read = raw[name]
        frame, placed = _placed(read, crs, raw, file=file, layer=name)
        problems.extend(placed)
        try:
            conformed = conform_layer(frame, spec, file=file)
        except InputError as exc:
            raise exc.located(file=file) from None
        problems.extend(conformed.problems)
        layers[name] = conformed.frame
        invalid[name] = conformed.invalid if conformed.invalid is not None else frame.iloc[:0]
        renamed = dict(conformed.columns)
        info = read.info
        origins[name] = _layer_origin(
            info,
            {_frame_name(c.name, renamed): c.name for c in info.attribute_columns},
            crs=read.crs if read.crs is not None else crs,
            baseline=conformed.frame,
            invalid=invalid[name],
        )
    managed, other_tables = {}, []
    for name, info in sorted(infos.items()):
        lower = name.lower()
        if lower in LAYERS or lower == METADATA_TABLE:
            continue
        if lower.startswith(MANAGED_PREFIXES):
            try:
                managed[name] = _read_managed(path, name)
                continue
            except InputError as exc:
                problems.append(
                    RowProblem(
                        name,
                        "-",
                        "-",
                        str(exc.detail),
                        "kept in the file as it is",
                        severity="warning",
                        file=file,
                    )
                )
        other_tables.append(name)
        if lower == qgis_styles.TABLE:
            continue  # QGIS styles: kept, and the planner adds its defaults (docs/qgis.md)
        problems.append(
            RowProblem(
                name,
                "-",
                "-",
                f"{info.data_type} table the planner does not use",
                "kept in the file as it is",
                severity="note",
                file=file,
            )
        )
    origin = FileOrigin(
        path=str(real_path(path)),
        fingerprint=fingerprint,
        layers=MappingProxyType(origins),
        metadata=MappingProxyType(dict(metadata)) if metadata is not None else None,
        managed=MappingProxyType(dict(managed)),
        other_tables=tuple(other_tables),
    )
    return Project(
        **layers,
        crs=crs,
        ruleset=ruleset_id,
        metadata=MappingProxyType(dict(metadata or {})),
        problems=tuple(problems),
        extra_layers=MappingProxyType(dict(managed)),
        invalid=MappingProxyType(invalid),
        origin=origin,
    )


def _reason(exc: BaseException) -> str:
    """An error's message, or its type when the message itself is unreadable."""
    if isinstance(exc, UnicodeError):
        return "text that is not UTF-8 where the file's structure is"
    return str(exc) or type(exc).__name__


def _layer_origin(
    info: gpkg.TableInfo,
    columns: Mapping[str, str],
    *,
    crs: CRS,
    baseline: gpd.GeoDataFrame,
    invalid: gpd.GeoDataFrame | None,
) -> LayerOrigin:
    """What a layer's table holds now: the base the next save compares with."""
    fids = (
        frozenset(int(f) for f in invalid[ROW_KEY].dropna())
        if invalid is not None and ROW_KEY in invalid
        else frozenset()
    )
    return LayerOrigin(
        table=info.name,
        columns=MappingProxyType(dict(columns)),
        declared={c.name: c.declared for c in info.columns},
        fid_column=info.fid_column or "rowid",
        geometry_column=info.geometry_column or "geom",
        geometry_type=info.geometry_type or "GEOMETRY",
        z=info.z,
        srs_id=info.srs_id if info.srs_id is not None else 0,
        crs=crs,
        baseline=baseline.copy(),
        invalid_fids=fids,
    )


def _frame_name(column: str, renamed: Mapping[str, str]) -> str:
    """The name a file column has in the layer frame (its schema field, if matched)."""
    for field, original in renamed.items():
        if original == column:
            return field
    return column


@dataclass(frozen=True)
class _RawLayer:
    info: gpkg.TableInfo
    frame: pd.DataFrame
    geoms: np.ndarray
    unreadable: list[int]
    crs: CRS | None


def _read_raw(db: sqlite3.Connection, info: gpkg.TableInfo, file: str) -> _RawLayer:
    frame, geoms, unreadable = gpkg.read_rows(db, info, file=file)
    return _RawLayer(info, frame, geoms, unreadable, info.crs)


def _placed(
    read: _RawLayer,
    crs: CRS,
    raw: Mapping[str, _RawLayer],
    *,
    file: str,
    layer: str,
) -> tuple[gpd.GeoDataFrame, list[RowProblem]]:
    """The layer as a GeoDataFrame in the project CRS, with a problem per odd geometry."""
    problems: list[RowProblem] = []
    geoms = read.geoms.copy()
    for position in read.unreadable:
        problems.append(
            RowProblem(
                layer,
                str(position + 1),
                "geometry",
                "geometry blob cannot be decoded",
                LEFT_OUT,
                file=file,
            )
        )
    source = read.crs
    if source is None and np.any(~shapely.is_missing(geoms)):
        source, message, severity = _assumed_crs(read, crs, raw)
        problems.append(
            RowProblem(
                layer,
                "-",
                "geometry",
                f"{read.info.crs_problem or 'layer has no CRS'}; {message}",
                "kept in the file as it is",
                severity=severity,
                file=file,
            )
        )
    frame = read.frame.copy()
    frame[ROW_KEY] = pd.array(read.frame.index.to_numpy(), dtype="Int64")
    frame = frame.reset_index(drop=True)
    if source is None:
        # nothing can place these rows: every one is left out (and kept in the file)
        geoms[:] = None
        series = gpd.GeoSeries(geoms, crs=crs)
    else:
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                moved, routed = reproject(
                    gpd.GeoDataFrame(geometry=gpd.GeoSeries(geoms, crs=source)),
                    crs,
                    file=file,
                    layer=layer,
                )
            series = moved.geometry.reset_index(drop=True)
            problems.extend(routed)
        except Exception as exc:  # pyproj.exceptions.ProjError: no transformation exists
            problems.append(
                RowProblem(
                    layer,
                    "-",
                    "geometry",
                    f"cannot transform from {source.name} to {crs.name} ({exc}); its rows "
                    "are left out of computing",
                    "kept in the file as it is",
                    file=file,
                )
            )
            series = gpd.GeoSeries(np.full(len(geoms), None, dtype=object), crs=crs)
    return gpd.GeoDataFrame(frame, geometry=series.values, crs=crs), problems


def _assumed_crs(
    read: _RawLayer, crs: CRS, raw: Mapping[str, _RawLayer]
) -> tuple[CRS | None, str, str]:
    """The CRS a layer without one is read in, the reason, and the problem's severity."""
    bounds = shapely.total_bounds(read.geoms)
    others = [r for r in raw.values() if r.crs is not None and r is not read]
    for other in others:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box = gpd.GeoSeries(other.geoms, crs=other.crs).to_crs(crs).total_bounds
        if np.all(np.isfinite(box)) and _overlaps(bounds, box, margin=10_000.0):
            return (
                crs,
                f"its coordinates lie where the other layers are, so it is read in the "
                f"project CRS {crs.to_string()}",
                "warning",
            )
    if (
        np.all(np.isfinite(bounds))
        and -180 <= bounds[0] <= bounds[2] <= 180
        and -90 <= bounds[1] <= bounds[3] <= 90
    ):
        return (
            CRS.from_epsg(4326),
            "its coordinates look like longitude/latitude (WGS84)",
            "warning",
        )
    return None, "its rows cannot be placed and are left out of computing", "error"


def _overlaps(a: np.ndarray, b: np.ndarray, *, margin: float) -> bool:
    return bool(
        a[0] <= b[2] + margin
        and b[0] - margin <= a[2]
        and a[1] <= b[3] + margin
        and b[1] - margin <= a[3]
    )


def _require_geopackage(path: Path) -> None:
    if not path.exists():
        raise InputError("file does not exist", file=str(path))
    if path.is_dir():
        raise InputError("is a folder, not a GeoPackage file", file=str(path))
    try:
        with path.open("rb") as handle:
            header = handle.read(16)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", file=str(path)) from None
    if header != b"SQLite format 3\x00":
        raise InputError("not a GeoPackage (expected an SQLite-based .gpkg file)", file=str(path))
    try:
        with gpkg.connect(path) as db:
            db.execute("SELECT 1 FROM gpkg_contents LIMIT 1").fetchall()
    except (sqlite3.Error, UnicodeError) as exc:
        raise InputError(f"not a GeoPackage ({_reason(exc)})", file=str(path)) from None


def _project_crs(
    raw: Mapping[str, _RawLayer], metadata: Mapping[str, str], *, chinese: bool, file: str
) -> CRS:
    """The stored project CRS, else the layers' shared metric CRS, else one chosen for the area."""
    if metadata.get("project_crs"):
        try:
            return CRS.from_user_input(metadata["project_crs"])
        except Exception as exc:  # pyproj raises CRSError, a plain Exception subclass
            raise CrsError(
                f"project_crs {metadata['project_crs']!r} is not a CRS ({exc})",
                file=file,
                layer=METADATA_TABLE,
                field="project_crs",
            ) from None
    placed = {
        name: r
        for name, r in raw.items()
        if r.crs is not None and np.any(~shapely.is_missing(r.geoms))
    }
    crss = {r.crs for r in placed.values() if r.crs is not None}
    if len(crss) == 1:
        only = next(iter(crss))
        if only.is_projected and {a.unit_name for a in only.axis_info} <= {"metre", "meter"}:
            return only
    frames = []
    for r in placed.values():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            series = gpd.GeoSeries(r.geoms, crs=r.crs)
        frames.append(gpd.GeoDataFrame(geometry=series[~series.is_empty & series.notna()]))
    if not any(len(f) for f in frames):
        lonlat = [r for r in raw.values() if r.crs is None and np.any(~shapely.is_missing(r.geoms))]
        if lonlat:
            bounds = shapely.total_bounds(np.concatenate([r.geoms for r in lonlat]))
            if np.all(np.isfinite(bounds)) and abs(bounds[0]) <= 180 and abs(bounds[1]) <= 90:
                lon, lat = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
                return choose_project_crs(lon, lat, chinese_ruleset=chinese)
            raise CrsError(
                "no layer has a CRS and the coordinates are not longitude/latitude; "
                "assign a CRS to the layers (e.g. in QGIS) before opening the project",
                file=file,
            )
        return choose_project_crs(0.0, 0.0, chinese_ruleset=False)
    try:
        lon, lat = centre_lonlat([f for f in frames if len(f)])
    except Exception:  # odd coordinates: fall back to the first layer's own centre
        lon, lat = 0.0, 0.0
    if not (math.isfinite(lon) and math.isfinite(lat)):
        lon, lat = 0.0, 0.0
    return choose_project_crs(lon, lat, chinese_ruleset=chinese)


def _read_metadata(db: sqlite3.Connection, info: gpkg.TableInfo, file: str) -> dict[str, str]:
    names = {c.name.lower(): c.name for c in info.columns}
    if not {"key", "value"} <= set(names):
        raise InputError(
            "metadata table needs the columns key and value", file=file, layer=METADATA_TABLE
        )
    rows = db.execute(
        f"SELECT {gpkg.quote(names['key'])}, {gpkg.quote(names['value'])} "
        f"FROM {gpkg.quote(info.name)}"
    ).fetchall()
    return {str(k): str(v) for k, v in rows if k is not None and v is not None}


def _read_managed(path: Path, name: str) -> pd.DataFrame:
    """One of the planner's own tables, as pyogrio reads it (the planner wrote it so)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return pyogrio.read_dataframe(path, layer=name)
    except Exception as exc:  # GDAL raises many types for odd tables
        raise InputError(f"cannot read table ({exc})", file=str(path), layer=name) from None


# ====================================================================== writing
def write_project(
    path: str | os.PathLike[str],
    project: Project,
    *,
    crs: object | None = None,
    overwrite_changed: bool = False,
) -> Project:
    """Save ``project`` to ``path`` atomically; return it as saved (new rows' fids filled in).

    When ``project`` was read from a file, the save starts from a copy of that
    file and changes only what differs from what was read, so everything else
    in it is kept. ``crs`` is the CRS of layers the file does not have yet
    (default: the project CRS). Raises :class:`FileChangedError` when ``path``
    is the file ``project`` was read from and another program has changed it
    since (``overwrite_changed=True`` writes anyway), and :class:`InputError`
    when the file cannot be written (read-only, disk full…); the file is then
    left as it was.
    """
    target = check_writable_target(path)
    origin = project.origin if isinstance(project.origin, FileOrigin) else None
    source = Path(origin.path) if origin is not None else None
    if origin is not None and source is not None and not source.exists():
        # styles come back: the save writes the planner's defaults again
        lost = [t for t in origin.other_tables if t.lower() != qgis_styles.TABLE] + [
            f"{len(project.invalid.get(n, ()))} rows of {n}"
            for n in LAYERS
            if len(project.invalid.get(n, ()))
        ]
        if lost:
            raise InputError(
                f"the file it was read from ({source}) is gone, so what the planner kept "
                f"there ({', '.join(lost)}) cannot be carried over; nothing was written",
                file=str(path),
            )
        source = None
    if (
        origin is not None
        and source is not None
        and target.exists()
        and same_file(target, source)
        and not overwrite_changed
        and file_fingerprint(target) != origin.fingerprint
    ):
        raise FileChangedError(
            "another program changed the file since it was read; saving would undo its "
            "changes (reload the file, or save under another name)",
            file=str(path),
        )
    out_crs = CRS.from_user_input(crs) if crs is not None else project.crs
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    metadata = {
        "format_version": FORMAT_VERSION,
        "created": now,
        **dict(project.metadata),
        # the CRS the engine computes in; layers may be stored in another
        "project_crs": project.crs.to_string(),
        "ruleset": project.ruleset,
        "modified": now,
    }
    with atomic_target(path) as temporary:
        if source is not None:
            _copy_database(source, temporary)
        kept = dict(origin.layers) if origin is not None and source is not None else {}
        base_metadata = origin.metadata if origin is not None and source is not None else None
        base_managed = dict(origin.managed) if origin is not None and source is not None else {}
        # a layer the file lacks is added when it has rows (or the file is new)
        fresh = [
            name
            for name in LAYERS
            if name not in kept and (source is None or len(project.layer(name)))
        ]
        for name in fresh:
            _create_layer(temporary, name, project.layer(name).to_crs(out_crs))
        if base_metadata is None:
            _create_metadata(temporary, metadata)
        for name, table in project.extra_layers.items():
            if base_managed.get(name) is not table:
                _write_managed(temporary, name, table)
        inserted: dict[str, list[int]] = {}
        try:
            with gpkg.connect(temporary, read_only=False) as db:
                db.execute("BEGIN")
                for name, layer_origin in kept.items():
                    inserted[name] = _save_layer(db, layer_origin, project, name)
                if base_metadata is not None:
                    _save_metadata(db, base_metadata, metadata)
                for name in base_managed:
                    if name not in project.extra_layers:
                        gpkg.drop_table(db, name)
                # legends in the project's language: Chinese under a Chinese ruleset
                language = "zh" if project.ruleset in CHINESE_RULESETS else "en"
                qgis_styles.write_styles(db, language=language)
                db.execute("COMMIT")
                fids = {name: _fids(db, name) for name in fresh}
        except sqlite3.Error as exc:
            if isinstance(exc, sqlite3.OperationalError) and "disk" in str(exc).lower():
                raise os_error(OSError(28, str(exc)), path) from None
            raise InputError(f"cannot save into the GeoPackage ({exc})", file=str(path)) from None
    return _as_saved(project, path, metadata, inserted, fids)


def _copy_database(source: Path, temporary: Path) -> None:
    """A consistent copy of ``source`` (SQLite's backup: safe with a WAL journal)."""
    try:
        with gpkg.connect(source) as src:
            destination = sqlite3.connect(temporary)
            try:
                src.backup(destination)
            finally:
                destination.close()
    except sqlite3.Error as exc:
        raise InputError(f"cannot copy the project file ({exc})", file=str(source)) from None


def _create_layer(path: Path, name: str, frame: gpd.GeoDataFrame) -> None:
    spec: LayerSpec = LAYERS[name]
    frame = frame.drop(columns=[ROW_KEY], errors="ignore").copy()
    for field in spec.fields:
        if field.kind == "boolean":
            # GeoPackage has no nullable boolean in pandas terms; store 0/1/NULL.
            frame[field.name] = frame[field.name].astype("Int64")
        elif _SQL_TYPE[field.kind] == "TEXT":
            frame[field.name] = frame[field.name].astype("object")
    _pyogrio_write(
        frame,
        path,
        layer=name,
        geometry_type=_GEOMETRY_TYPE_FOR_WRITE[name],
        promote_to_multi=name not in ("zones", "cameras"),
    )


def _create_metadata(path: Path, metadata: Mapping[str, str]) -> None:
    table = pd.DataFrame({"key": list(metadata), "value": [str(v) for v in metadata.values()]})
    _pyogrio_write(table, path, layer=METADATA_TABLE)


def _write_managed(path: Path, name: str, table: pd.DataFrame) -> None:
    options: dict[str, Any] = {}
    if isinstance(table, gpd.GeoDataFrame):
        types = set(table.geometry.dropna().geom_type)
        options["geometry_type"] = types.pop() if len(types) == 1 else "Unknown"
    _pyogrio_write(table, path, layer=name, layer_options={"OVERWRITE": "YES"}, **options)


def _pyogrio_write(frame: pd.DataFrame, path: Path, **options: Any) -> None:
    if not path.exists():  # a new file declares the GeoPackage version the docs promise
        options["dataset_options"] = {"VERSION": GEOPACKAGE_VERSION}
    try:
        pyogrio.write_dataframe(frame, path, driver="GPKG", **options)
    except OSError:
        raise
    except Exception as exc:  # GDAL errors (disk full arrives as a DataSourceError)
        message = str(exc)
        if "No space" in message or "disk" in message.lower():
            raise OSError(28, message) from None
        raise InputError(
            f"cannot write table ({message})", file=str(path), layer=str(options.get("layer"))
        ) from None


def _fids(db: sqlite3.Connection, name: str) -> list[int]:
    return [r[0] for r in db.execute(f"SELECT fid FROM {gpkg.quote(name)} ORDER BY fid")]


def _save_layer(
    db: sqlite3.Connection, origin: LayerOrigin, project: Project, name: str
) -> list[int]:
    """Change the table row by row to hold ``project``'s layer; return new rows' fids."""
    frame = project.layer(name)
    spec = LAYERS[name]
    table, key = gpkg.quote(origin.table), gpkg.quote(origin.fid_column)
    baseline = origin.baseline
    base_fids = baseline[ROW_KEY].astype("Int64")
    current = (
        frame[ROW_KEY].astype("Int64")
        if ROW_KEY in frame
        else pd.Series(pd.NA, index=frame.index, dtype="Int64")
    )
    kept_fids = set(int(f) for f in current.dropna())
    invalid_now = project.invalid.get(name)
    invalid_fids = (
        set(int(f) for f in invalid_now[ROW_KEY].dropna())
        if invalid_now is not None and ROW_KEY in invalid_now
        else set()
    )
    for fid in set(int(f) for f in base_fids.dropna()) - kept_fids:
        db.execute(f"DELETE FROM {table} WHERE {key} = ?", (fid,))
    for fid in origin.invalid_fids - invalid_fids - kept_fids:
        db.execute(f"DELETE FROM {table} WHERE {key} = ?", (fid,))

    columns = [c for c in frame.columns if c not in (ROW_KEY, frame.geometry.name)]
    file_columns = dict(origin.columns)
    kinds = {f.name: f.kind for f in spec.fields}

    def column_for(column: str) -> str:
        if column not in file_columns:
            declared = _SQL_TYPE.get(kinds.get(column, "")) or _sql_type(frame[column])
            file_columns[column] = column
            db.execute(f"ALTER TABLE {table} ADD COLUMN {gpkg.quote(column)} {declared}")
        return gpkg.quote(file_columns[column])

    storage = origin.crs
    position_of = {int(f): k for k, f in enumerate(base_fids) if not pd.isna(f)}
    inserted: list[int] = []
    geoms = frame.geometry.to_numpy()
    base_geoms = baseline.geometry.to_numpy()
    changed_geoms = _changed_geometries(geoms, base_geoms, current, position_of)
    stored = _to_storage(geoms, project.crs, storage, origin)
    values = {c: frame[c].to_numpy(dtype=object) for c in columns}
    base_values = {
        c: baseline[c].to_numpy(dtype=object) if c in baseline else None for c in columns
    }
    for k, fid in enumerate(current):
        if pd.isna(fid) or (int(fid) not in position_of and int(fid) not in origin.invalid_fids):
            names, params = [], []
            for c in columns:
                value = _sql_value(values[c][k])
                if value is not None:
                    names.append(column_for(c))
                    params.append(value)
            names.append(gpkg.quote(origin.geometry_column))
            params.append(gpkg.encode_geometry(stored[k], origin.srs_id))
            cursor = db.execute(
                f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
                params,
            )
            inserted.append(int(cursor.lastrowid or 0))
            continue
        fid = int(fid)
        base = position_of.get(fid)
        assignments, params = [], []
        for c in columns:
            value = values[c][k]
            base_column = base_values[c]
            if base is not None and base_column is not None and _same(value, base_column[base]):
                continue
            if base is not None and base_column is None and _sql_value(value) is None:
                continue
            assignments.append(f"{column_for(c)} = ?")
            params.append(_sql_value(value))
        if base is None or changed_geoms[k]:
            assignments.append(f"{gpkg.quote(origin.geometry_column)} = ?")
            params.append(gpkg.encode_geometry(stored[k], origin.srs_id))
        if assignments:
            db.execute(
                f"UPDATE {table} SET {', '.join(assignments)} WHERE {key} = ?", (*params, fid)
            )
    db.execute(
        "UPDATE gpkg_contents SET last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') "
        "WHERE lower(table_name) = lower(?)",
        (origin.table,),
    )
    return inserted


def _changed_geometries(
    geoms: np.ndarray, base_geoms: np.ndarray, fids: pd.Series, position_of: Mapping[int, int]
) -> np.ndarray:
    changed = np.ones(len(geoms), dtype=bool)
    matched = [
        (k, position_of[int(f)])
        for k, f in enumerate(fids)
        if not pd.isna(f) and int(f) in position_of
    ]
    if matched:
        mine, theirs = np.array(matched).T
        a, b = geoms[mine], base_geoms[theirs]
        same = np.array([x is y for x, y in zip(a, b, strict=True)], dtype=bool)
        rest = ~same
        if rest.any():
            same[rest] = shapely.equals_exact(a[rest], b[rest], tolerance=0.0)
        changed[mine] = ~same
    return changed


def _to_storage(geoms: np.ndarray, crs: CRS, storage: CRS, origin: LayerOrigin) -> np.ndarray:
    """Geometries in the table's own CRS and geometry type (multi, Z) for writing."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        # the same route as reading took (through WGS84 where PROJ has only a ballpark)
        frame = gpd.GeoDataFrame(geometry=gpd.GeoSeries(geoms, crs=crs))
        out = reproject(frame, storage)[0].geometry.to_numpy().copy()
    kind = origin.geometry_type
    if kind.startswith("MULTI"):
        single = {"MULTIPOLYGON": "Polygon", "MULTILINESTRING": "LineString", "MULTIPOINT": "Point"}
        wrap = {
            "Polygon": shapely.multipolygons,
            "LineString": shapely.multilinestrings,
            "Point": shapely.multipoints,
        }
        want = single.get(kind)
        for k, geom in enumerate(out):
            if want is not None and geom is not None and geom.geom_type == want:
                out[k] = wrap[want]([geom])
    if origin.z == 1:
        present = np.array([g is not None for g in out], dtype=bool)
        if present.any():
            out[present] = shapely.force_3d(out[present])
    return out


def _same(a: Any, b: Any) -> bool:
    """Whether two cell values store the same (1 and 1.0 do; '1' and 1 do not)."""
    a, b = _sql_value(a), _sql_value(b)
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, str | bytes) or isinstance(b, str | bytes):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _sql_value(value: Any) -> Any:
    """A Python value SQLite stores, None for every kind of missing value."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool | np.bool_):
        return int(bool(value))
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, pd.Timestamp | datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _sql_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(series):
        return "INTEGER"
    if pd.api.types.is_float_dtype(series):
        return "REAL"
    return "TEXT"


def _save_metadata(
    db: sqlite3.Connection, base: Mapping[str, str], metadata: Mapping[str, str]
) -> None:
    info = next(i for n, i in gpkg.tables(db, file="").items() if n.lower() == METADATA_TABLE)
    names = {c.name.lower(): c.name for c in info.columns}
    table = gpkg.quote(info.name)
    key, value = gpkg.quote(names["key"]), gpkg.quote(names["value"])
    for k, v in metadata.items():
        if k not in base:
            db.execute(f"INSERT INTO {table} ({key}, {value}) VALUES (?, ?)", (k, str(v)))
        elif base[k] != str(v):
            db.execute(f"UPDATE {table} SET {value} = ? WHERE {key} = ?", (str(v), k))


def _as_saved(
    project: Project,
    path: str | os.PathLike[str],
    metadata: Mapping[str, str],
    inserted: Mapping[str, list[int]],
    fresh: Mapping[str, list[int]],
) -> Project:
    """``project`` as the file now holds it: fids filled in, a new origin to compare with."""
    layers: dict[str, gpd.GeoDataFrame] = {}
    with gpkg.connect(path) as db:
        infos = gpkg.tables(db, file=str(path))
        by_lower = {n.lower(): i for n, i in infos.items()}
        origins: dict[str, LayerOrigin] = {}
        for name in LAYERS:
            frame = project.layer(name).copy()
            if ROW_KEY not in frame:
                frame[ROW_KEY] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
            fids = frame[ROW_KEY].astype("Int64").to_numpy(dtype=object)
            if name in fresh:
                fids = np.array(fresh[name], dtype=object)
            else:
                missing = [k for k, f in enumerate(fids) if f is pd.NA or f is None]
                new = list(inserted.get(name, []))
                for k, fid in zip(missing, new, strict=False):
                    fids[k] = fid
            frame[ROW_KEY] = pd.array(list(fids), dtype="Int64")
            layers[name] = frame
            info = by_lower.get(name)
            if info is None:  # an empty layer the file does not have
                continue
            renamed = (
                dict(project.origin.layers[name].columns)
                if isinstance(project.origin, FileOrigin)
                and name in project.origin.layers
                and name not in fresh
                else {}
            )
            file_names = {c.name for c in info.attribute_columns}
            columns = {k: v for k, v in renamed.items() if v in file_names}
            for c in info.attribute_columns:
                if c.name not in columns.values():
                    columns[c.name] = c.name
            origins[name] = _layer_origin(
                info,
                columns,
                crs=info.crs if info.crs is not None else project.crs,
                baseline=frame,
                invalid=project.invalid.get(name),
            )
        other = tuple(
            n
            for n in sorted(infos)
            if n.lower() not in LAYERS
            and n.lower() != METADATA_TABLE
            and n not in project.extra_layers
        )
    origin = FileOrigin(
        path=str(real_path(path)),
        fingerprint=file_fingerprint(path),
        layers=MappingProxyType(origins),
        metadata=MappingProxyType({k: str(v) for k, v in metadata.items()}),
        managed=MappingProxyType(dict(project.extra_layers)),
        other_tables=other,
    )
    return replace(
        project,
        **layers,
        metadata=MappingProxyType({k: str(v) for k, v in metadata.items()}),
        origin=origin,
    )


def write_geopackage(path: str | os.PathLike[str], layers: Mapping[str, pd.DataFrame]) -> None:
    """A new GeoPackage at ``path`` holding ``layers`` (tables or layers), replaced atomically.

    For outputs that are not projects (``planner optimise -o``): each frame is
    written as it is, a GeoDataFrame as a layer of its geometry type.
    """
    with atomic_target(path, option="--output") as temporary:
        for name, table in layers.items():
            _write_managed(temporary, name, table)
