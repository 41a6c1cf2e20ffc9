"""Project files: one GeoPackage per project (see docs/project-format.md).

Reading accepts GeoPackages made elsewhere (QGIS, scripts): missing layers are
empty, missing optional fields take their documented default, any CRS is
brought into one metric project CRS. Writing is atomic: the project is written
to a temporary file next to the target and then moved over it, so a crash
mid-save never leaves a half-written project.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
import warnings
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from types import MappingProxyType

import geopandas as gpd
import pandas as pd
import pyogrio
from pyproj import CRS

from planner.core.errors import CrsError, InputError
from planner.core.project import Project
from planner.core.schema import LAYERS, LayerSpec, RowProblem, conform_layer, empty_layer
from planner.io.crs import centre_lonlat, choose_project_crs

#: Non-spatial table holding key/value project metadata.
METADATA_TABLE = "project_meta"
FORMAT_VERSION = "1"
DEFAULT_RULESET = "national"
#: Rulesets whose jurisdiction is China; they make the project CRS CGCS2000 inside China.
CHINESE_RULESETS = frozenset({"national", "qingdao", "harbin", "chongqing"})

_GEOMETRY_TYPE_FOR_WRITE = {
    "cameras": "Point",
    "zones": "Unknown",
    "buildings": "MultiPolygon",
    "private_areas": "MultiPolygon",
    "roads": "MultiLineString",
}


def read_project(path: str | os.PathLike[str], *, ruleset: str | None = None) -> Project:
    """Open a project GeoPackage and return it in its metric project CRS.

    ``ruleset`` overrides the one stored in the file. Bad rows are skipped and
    listed in ``Project.problems``; a file that is not a GeoPackage, or holds
    none of the project layers, raises :class:`InputError` naming the file.
    """
    path = Path(path)
    file = str(path)
    _require_geopackage(path)
    present = {name for name, _ in pyogrio.list_layers(path)}
    if not present & set(LAYERS):
        raise InputError(
            f"not a Coverage Planner project: it has none of the layers {', '.join(LAYERS)} "
            f"(it has: {', '.join(sorted(present)) or 'no layers'})",
            file=file,
        )
    metadata = _read_metadata(path) if METADATA_TABLE in present else {}
    ruleset_id = ruleset or metadata.get("ruleset") or DEFAULT_RULESET

    raw: dict[str, gpd.GeoDataFrame] = {}
    problems: list[RowProblem] = []
    for name in LAYERS:
        if name in present:
            raw[name] = _read_layer(path, name)
        else:
            problems.append(RowProblem(name, "-", "-", "layer is missing", "treated as empty"))
    crs = _project_crs(raw, metadata, chinese=ruleset_id in CHINESE_RULESETS, file=file)

    layers: dict[str, gpd.GeoDataFrame] = {}
    for name, spec in LAYERS.items():
        if name not in raw:
            layers[name] = empty_layer(spec, crs)
            continue
        frame = raw[name]
        if frame.crs is None:
            if len(frame):
                raise CrsError(
                    "layer has no CRS; assign one before opening it", file=file, layer=name
                )
            frame = frame.set_crs(crs)
        try:
            conformed = conform_layer(frame.to_crs(crs), spec)
        except InputError as exc:
            raise exc.located(file=file) from None
        problems.extend(conformed.problems)
        layers[name] = conformed.frame
    extras: dict[str, pd.DataFrame] = {}
    for name in sorted(present - set(LAYERS) - {METADATA_TABLE}):
        try:
            extras[name] = _read_extra(path, name)
        except InputError as exc:
            problems.append(
                RowProblem(name, "-", "-", str(exc.detail), "cannot be read: lost on save")
            )
    return Project(
        **layers,
        crs=crs,
        ruleset=ruleset_id,
        metadata=MappingProxyType(dict(metadata)),
        problems=tuple(problems),
        extra_layers=MappingProxyType(extras),
    )


def write_project(
    path: str | os.PathLike[str],
    project: Project,
    *,
    crs: object | None = None,
) -> None:
    """Save ``project`` to ``path`` atomically, in ``crs`` (default: the project CRS)."""
    path = Path(path)
    out_crs = CRS.from_user_input(crs) if crs is not None else project.crs
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    metadata = {
        "format_version": FORMAT_VERSION,
        "created": now,
        **dict(project.metadata),
        # the CRS the engine computes in; layers may be stored in another (``crs``)
        "project_crs": project.crs.to_string(),
        "ruleset": project.ruleset,
        "modified": now,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}-", suffix=".tmp.gpkg", dir=path.parent
    )
    os.close(handle)
    os.unlink(temporary)  # GDAL must create the file itself
    try:
        for name in LAYERS:
            _write_layer(temporary, name, project.layer(name).to_crs(out_crs))
        _write_metadata(temporary, metadata)
        for name, table in project.extra_layers.items():
            _write_extra(temporary, name, table)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)


def _require_geopackage(path: Path) -> None:
    if not path.exists():
        raise InputError("file does not exist", file=str(path))
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise InputError("not a GeoPackage (expected an SQLite-based .gpkg file)", file=str(path))
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
            db.execute("SELECT 1 FROM gpkg_contents LIMIT 1").fetchall()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not a GeoPackage ({exc})", file=str(path)) from None


def _read_layer(path: Path, name: str) -> gpd.GeoDataFrame:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = pyogrio.read_dataframe(path, layer=name)
    except pyogrio.errors.DataSourceError as exc:
        raise InputError(f"cannot read layer ({exc})", file=str(path), layer=name) from None
    if not isinstance(frame, gpd.GeoDataFrame):
        raise InputError("layer has no geometry column", file=str(path), layer=name)
    return frame


def _project_crs(
    raw: Mapping[str, gpd.GeoDataFrame], metadata: Mapping[str, str], *, chinese: bool, file: str
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
    with_features = {name: f for name, f in raw.items() if len(f)}
    for name, frame in with_features.items():
        if frame.crs is None:
            raise CrsError("layer has no CRS; assign one before opening it", file=file, layer=name)
    crss = {CRS.from_user_input(f.crs) for f in with_features.values()}
    if len(crss) == 1:
        only = next(iter(crss))
        if only.is_projected and {a.unit_name for a in only.axis_info} <= {"metre", "meter"}:
            return only
    if not with_features:
        return choose_project_crs(0.0, 0.0, chinese_ruleset=False)
    lon, lat = centre_lonlat(list(with_features.values()))
    return choose_project_crs(lon, lat, chinese_ruleset=chinese)


def _read_metadata(path: Path) -> dict[str, str]:
    table = pyogrio.read_dataframe(path, layer=METADATA_TABLE, read_geometry=False)
    if not {"key", "value"} <= set(table.columns):
        raise InputError(
            "metadata table needs the columns key and value", file=str(path), layer=METADATA_TABLE
        )
    return {
        str(k): str(v)
        for k, v in zip(table["key"], table["value"], strict=True)
        if pd.notna(k) and pd.notna(v)
    }


def _write_layer(path: str, name: str, frame: gpd.GeoDataFrame) -> None:
    spec: LayerSpec = LAYERS[name]
    frame = frame.copy()
    for field in spec.fields:
        if field.kind == "boolean":
            # GeoPackage has no nullable boolean in pandas terms; store 0/1/NULL.
            frame[field.name] = frame[field.name].astype("Int64")
    pyogrio.write_dataframe(
        frame,
        path,
        layer=name,
        driver="GPKG",
        geometry_type=_GEOMETRY_TYPE_FOR_WRITE[name],
        promote_to_multi=name != "zones" and name != "cameras",
    )


def _read_extra(path: Path, name: str) -> pd.DataFrame:
    """A table that is not a project layer, as stored (attribute tables have no geometry)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return pyogrio.read_dataframe(path, layer=name)
    except Exception as exc:  # GDAL raises many types for odd tables (rasters, views)
        raise InputError(f"cannot read table ({exc})", file=str(path), layer=name) from None


def _write_extra(path: str, name: str, table: pd.DataFrame) -> None:
    options: dict[str, str] = {}
    if isinstance(table, gpd.GeoDataFrame):
        types = set(table.geometry.dropna().geom_type)
        options["geometry_type"] = types.pop() if len(types) == 1 else "Unknown"
    pyogrio.write_dataframe(table, path, layer=name, driver="GPKG", **options)


def _write_metadata(path: str, metadata: Mapping[str, str]) -> None:
    table = pd.DataFrame({"key": list(metadata), "value": [str(v) for v in metadata.values()]})
    pyogrio.write_dataframe(table, path, layer=METADATA_TABLE, driver="GPKG")
