"""Writing result layers (views, gaps) in the CRS and format the user asks for.

The format follows the output's suffix (:data:`FORMATS`), among those the GDAL
in use can write (``pyogrio.list_drivers(write=True)``); any other suffix is
refused with :class:`InputError` listing the accepted ones. Each format gets
what it needs:

* **GeoJSON** is RFC 7946 by default: WGS 84 longitude/latitude, exterior rings
  counter-clockwise and holes clockwise, no ``crs`` member, 7 decimals (about
  1 cm). Another CRS asked for is written (with a ``crs`` member) and reported
  as not standard.
* **GeoJSON sequence** (RFC 8142) and **KML** hold WGS 84 longitude/latitude
  only: another CRS is refused.
* **Shapefile** holds one geometry type (a layer mixing polygons, lines and
  points is refused) and field names of at most 10 characters (cut names are
  reported); it is several files, written in a fresh folder and moved in place.
* **FlatGeobuf** gets a spatial index unless a feature has no geometry (the
  index cannot hold one).
* **DXF** holds no attributes and no CRS: geometry only, features without
  geometry left out (reported). **CSV** writes the geometry as WKT and holds no
  CRS (WGS 84 longitude/latitude by default).

Every format is written atomically (:func:`planner.io.files.atomic_target`):
a failure leaves any earlier file as it was.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import tempfile
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS

from planner.core.errors import CrsError, InputError
from planner.core.schema import RowProblem
from planner.io.crs import WGS84, reproject
from planner.io.files import (
    atomic_target,
    check_writable_target,
    os_error,
    replace_atomically,
)

#: Decimals of longitude/latitude written to GeoJSON: 1e-7° is about 1 cm.
LONLAT_DECIMALS = 7
#: Decimals of projected coordinates (metres, feet) written to GeoJSON: 1 mm.
PROJECTED_DECIMALS = 3


@dataclass(frozen=True)
class OutputFormat:
    """A vector format the planner writes, and what it can hold."""

    name: str
    driver: str
    suffixes: tuple[str, ...]
    #: the format holds WGS 84 longitude/latitude only (another CRS is refused)
    wgs84_only: bool = False
    #: without ``--crs``, written in WGS 84 longitude/latitude (else the project CRS)
    default_wgs84: bool = False
    #: several files (a shapefile's .shp, .shx, .dbf, .prj, .cpg)
    multi_file: bool = False
    #: the format keeps attribute fields (DXF keeps geometry only)
    attributes: bool = True
    #: the file records its CRS (DXF and CSV do not)
    stores_crs: bool = True
    #: GDAL layer creation options
    layer_options: dict[str, str] = field(default_factory=dict)


FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat("GeoPackage", "GPKG", (".gpkg",)),
    OutputFormat("GeoJSON", "GeoJSON", (".geojson", ".json"), default_wgs84=True),
    OutputFormat(
        "GeoJSON sequence",
        "GeoJSONSeq",
        (".geojsonl", ".geojsons"),
        wgs84_only=True,
        default_wgs84=True,
    ),
    OutputFormat("FlatGeobuf", "FlatGeobuf", (".fgb",)),
    OutputFormat("Shapefile", "ESRI Shapefile", (".shp",), multi_file=True),
    OutputFormat("KML", "KML", (".kml",), wgs84_only=True, default_wgs84=True),
    OutputFormat("DXF", "DXF", (".dxf",), attributes=False, stores_crs=False),
    OutputFormat(
        "CSV",
        "CSV",
        (".csv",),
        default_wgs84=True,
        stores_crs=False,
        layer_options={"GEOMETRY": "AS_WKT"},
    ),
)

#: Columns whose value names a feature (a KML placemark's name).
_NAME_COLUMNS = ("camera_id", "zone_id")


@functools.cache
def writable_formats() -> tuple[OutputFormat, ...]:
    """The formats of :data:`FORMATS` whose driver the GDAL in use can write."""
    drivers = pyogrio.list_drivers(write=True)
    return tuple(f for f in FORMATS if f.driver in drivers)


def accepted_suffixes() -> str:
    """The accepted output suffixes with their format, for messages and help."""
    return ", ".join(f"{'/'.join(f.suffixes)} ({f.name})" for f in writable_formats())


def output_format(path: str | os.PathLike[str]) -> OutputFormat:
    """The format of ``path`` (by its suffix); :class:`InputError` when it is not writable."""
    suffix = Path(path).suffix.lower()
    for candidate in FORMATS:
        if suffix in candidate.suffixes:
            if candidate in writable_formats():
                return candidate
            raise InputError(
                f"this installation's GDAL cannot write {candidate.name} ({suffix}); "
                f"use one of {accepted_suffixes()}",
                file=str(path),
            )
    what = f"unknown output format {suffix!r}" if suffix else "output file has no suffix"
    raise InputError(f"{what}; use one of {accepted_suffixes()}", file=str(path))


def check_output_path(path: str | os.PathLike[str], *, crs: object = None) -> str:
    """The OGR driver for ``path``'s suffix; raises :class:`InputError` for an unknown one.

    With ``crs`` (``--crs``) it also refuses a CRS the format cannot hold (KML
    and GeoJSON sequences are WGS 84 only). Commands call this before
    computing, so a typo in an output name or option fails at once.
    """
    fmt = output_format(path)
    _target_crs(fmt, Path(path), crs)
    return fmt.driver


def default_output_crs(path: str | os.PathLike[str]) -> str | None:
    """EPSG:4326 for formats that want lon/lat (GeoJSON, KML, CSV), else None: the project CRS."""
    suffix = Path(path).suffix.lower()
    for candidate in FORMATS:
        if suffix in candidate.suffixes:
            return "EPSG:4326" if candidate.default_wgs84 else None
    return None


def write_layer(
    frame: gpd.GeoDataFrame, path: str | os.PathLike[str], *, layer: str, crs: object = None
) -> tuple[RowProblem, ...]:
    """Write ``frame`` to ``path`` (format from the suffix) in ``crs``, replacing it atomically.

    ``crs`` ``None`` means the format's default (:func:`default_output_crs`).
    Returns what the user should know (a CRS that is not standard for the
    format, field names a shapefile cut, what DXF left out, a datum shift);
    the file is written. Failures (disk full, read-only folder, a parent that
    is a file) raise :class:`InputError` naming ``path`` and leave any earlier
    file as it was.
    """
    path = Path(path)
    fmt = output_format(path)
    problems: list[RowProblem] = []
    target = _target_crs(fmt, path, crs if crs is not None else default_output_crs(path))
    if target is not None:
        frame, moved = reproject(frame, target, file=str(path), layer=layer)
        problems.extend(moved)
    frame, options, notes = _prepared(fmt, frame, path, layer=layer)
    problems.extend(notes)
    check_writable_target(path)
    if fmt.multi_file:
        written = _write_in_folder(fmt, frame, path, layer=layer, options=options)
    else:
        with atomic_target(path) as temporary:
            written = _write(fmt, frame, temporary, layer, options)
    problems.extend(_gdal_notes(fmt, written, path, layer))
    return tuple(problems)


def _target_crs(fmt: OutputFormat, path: Path, crs: object) -> CRS | None:
    if crs is None:
        return None
    try:
        target = CRS.from_user_input(crs)
    except Exception as exc:  # pyproj.exceptions.CRSError
        raise CrsError(f"{crs!r} is not a CRS ({exc})", field="--crs") from None
    if fmt.wgs84_only and not _is_wgs84(target):
        raise CrsError(
            f"{fmt.name} holds WGS 84 longitude/latitude only, not {_crs_name(target)} "
            f"(leave out --crs, or write another format: {accepted_suffixes()})",
            file=str(path),
            field="--crs",
        )
    return target


def _is_wgs84(crs: CRS) -> bool:
    return crs.equals(WGS84, ignore_axis_order=True)


def _crs_name(crs: CRS) -> str:
    code = crs.to_authority()
    return f"{code[0]}:{code[1]} ({crs.name})" if code else crs.name


def _prepared(
    fmt: OutputFormat, frame: gpd.GeoDataFrame, path: Path, *, layer: str
) -> tuple[gpd.GeoDataFrame, dict[str, str], list[RowProblem]]:
    """``frame`` as ``fmt`` can hold it, its creation options and notes about what changed."""
    options = dict(fmt.layer_options)
    notes: list[RowProblem] = []

    def note(message: str, action: str, severity: str = "note") -> None:
        notes.append(
            RowProblem(layer, "-", "geometry", message, action, severity=severity, file=str(path))
        )

    crs = CRS.from_user_input(frame.crs) if frame.crs is not None else None
    if fmt.driver in ("GeoJSON", "GeoJSONSeq"):
        # strings stay strings ("[1, 2]" is not turned into a JSON array); NaN is null
        options.update(AUTODETECT_JSON_STRINGS="NO", WRITE_NON_FINITE_VALUES="NO")
        if crs is None or _is_wgs84(crs):
            options.update(RFC7946="YES", COORDINATE_PRECISION=str(LONLAT_DECIMALS))
        else:
            frame = _oriented(frame)
            decimals = LONLAT_DECIMALS if crs.is_geographic else PROJECTED_DECIMALS
            options.update(RFC7946="NO", COORDINATE_PRECISION=str(decimals))
            note(
                f"written in {_crs_name(crs)} as asked: this is not standard GeoJSON "
                "(RFC 7946 allows WGS 84 longitude/latitude only); the file names its CRS "
                "in a 'crs' member, which many programs ignore",
                "written as asked; leave out --crs for standard GeoJSON",
                "warning",
            )
    elif fmt.driver == "ESRI Shapefile":
        _check_one_geometry_type(frame, path, layer=layer)
    elif fmt.driver == "FlatGeobuf":
        # the spatial index cannot hold a feature without geometry
        options["SPATIAL_INDEX"] = "NO" if _without_geometry(frame).any() else "YES"
    elif fmt.driver == "KML":
        frame = _oriented(frame)  # KML wants outer boundaries counter-clockwise too
        named = next((c for c in _NAME_COLUMNS if c in frame.columns), None)
        if named is not None and not {"name", "Name"} & set(frame.columns):
            frame = frame.assign(Name=frame[named].astype("string"))
    if not fmt.attributes:
        empty = _without_geometry(frame)
        kept = frame.loc[~empty]
        frame = gpd.GeoDataFrame(
            {"Layer": [layer] * len(kept)}, geometry=kept.geometry.to_numpy(), crs=frame.crs
        )
        left_out = f"; {int(empty.sum())} features without geometry left out" if empty.any() else ""
        note(
            f"{fmt.name} holds no attributes: geometry only, on the DXF layer {layer!r}{left_out}",
            "written",
        )
    if not fmt.stores_crs and crs is not None:
        note(
            f"{fmt.name} does not record a CRS: the coordinates are in {_crs_name(crs)}",
            "written; give this CRS when opening the file",
        )
    return frame, options, notes


def _without_geometry(frame: gpd.GeoDataFrame) -> pd.Series:
    geometry = frame.geometry
    return geometry.isna() | geometry.is_empty


def _oriented(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Polygons with counter-clockwise exteriors and clockwise holes (RFC 7946 §3.1.6)."""
    geometry = shapely.orient_polygons(frame.geometry.to_numpy(), exterior_cw=False)
    return frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=frame.crs))


_FAMILIES = {
    "Point": "points",
    "MultiPoint": "points",
    "LineString": "lines",
    "MultiLineString": "lines",
    "LinearRing": "lines",
    "Polygon": "polygons",
    "MultiPolygon": "polygons",
}


def _check_one_geometry_type(frame: gpd.GeoDataFrame, path: Path, *, layer: str) -> None:
    """A shapefile holds points, lines or polygons, not a mix."""
    types = frame.geometry[~_without_geometry(frame)].geom_type
    families = sorted({_FAMILIES.get(str(t), str(t)) for t in types})
    if len(families) > 1:
        counts = ", ".join(
            f"{sum(_FAMILIES.get(str(t), str(t)) == family for t in types)} {family}"
            for family in families
        )
        others = ", ".join(
            "/".join(f.suffixes)
            for f in writable_formats()
            if f.driver in ("GPKG", "GeoJSON", "FlatGeobuf")
        )
        raise InputError(
            f"a Shapefile holds one geometry type, and this layer has {counts}; "
            f"write {others} instead",
            file=str(path),
            layer=layer,
        )


def _write(
    fmt: OutputFormat,
    frame: gpd.GeoDataFrame,
    target: Path,
    layer: str,
    options: dict[str, str],
) -> list[str]:
    """Write ``frame`` to ``target`` with GDAL; returns GDAL's warnings.

    GDAL's errors (a full disk, a refused write) are raised as ``OSError``.
    """
    extra: dict[str, str] = {"encoding": "UTF-8"} if fmt.driver == "ESRI Shapefile" else {}
    # GDAL's GeoJSONSeq writer turns strings such as "[1, 2]" into JSON arrays and cannot
    # be told not to: the sequence is written as RFC 7946 GeoJSON, then split in records
    driver = "GeoJSON" if fmt.driver == "GeoJSONSeq" else fmt.driver
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            pyogrio.write_dataframe(
                frame, target, layer=layer, driver=driver, layer_options=options or None, **extra
            )
        except OSError:
            raise
        except Exception as exc:  # GDAL reports a full disk or a refused write as its own error
            raise OSError(f"{exc}") from None
    if fmt.driver == "GeoJSONSeq":
        _as_sequence(target, separator=target.suffix.lower() == ".geojsons")
    return [str(w.message) for w in caught]


def _as_sequence(path: Path, *, separator: bool) -> None:
    """Rewrite the GeoJSON FeatureCollection at ``path`` as one Feature per line (RFC 8142).

    ``separator``: each record starts with the record separator (0x1E), as RFC
    8142 asks and GDAL does for ``.geojsons``; else newline-delimited (``.geojsonl``).
    """
    document = json.loads(path.read_text(encoding="utf-8"))
    start = "\x1e" if separator else ""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for feature in document.get("features", []):
            out.write(f"{start}{json.dumps(feature, ensure_ascii=False)}\n")


def _write_in_folder(
    fmt: OutputFormat,
    frame: gpd.GeoDataFrame,
    path: Path,
    *,
    layer: str,
    options: dict[str, str],
) -> list[str]:
    """A format of several files: write them in a fresh folder, then move each in place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{path.stem}-", dir=path.parent))
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        written = _write(fmt, frame, folder / path.name, layer, options)
        parts = _parts(folder)
        for part in parts:
            replace_atomically(part, path.with_name(part.name))
        # an index of the earlier file would point at the wrong shapes
        for stale in _DERIVED_PARTS - {p.suffix.lower() for p in parts}:
            path.with_suffix(stale).unlink(missing_ok=True)
    except OSError as exc:
        raise os_error(exc, path) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return written


#: Files a GIS derives from a shapefile (spatial indexes), stale once it is replaced.
_DERIVED_PARTS = frozenset({".qix", ".sbn", ".sbx"})


def _parts(folder: Path) -> list[Path]:
    """The files of a multi-file dataset, the main file (.shp) last."""
    return sorted(folder.iterdir(), key=lambda p: (p.suffix.lower() == ".shp", p.name))


def _gdal_notes(fmt: OutputFormat, messages: list[str], path: Path, layer: str) -> list[RowProblem]:
    """GDAL's warnings while writing, as problems; cut field names as one note."""
    cut: list[str] = []
    others: list[str] = []
    for message in messages:
        if message.startswith("Normalized/laundered field name:"):
            names = message.split(":", 1)[1].strip().replace("'", "")
            cut.append(names.replace(" to ", " → "))
        else:
            others.append(message)
    problems = [
        RowProblem(layer, "-", "-", message, "written", severity="warning", file=str(path))
        for message in dict.fromkeys(others)
    ]
    if cut:
        problems.insert(
            0,
            RowProblem(
                layer,
                "-",
                "-",
                f"{fmt.name} field names hold 10 characters: {', '.join(cut)}",
                "written with the cut names",
                severity="note",
                file=str(path),
            ),
        )
    return problems
