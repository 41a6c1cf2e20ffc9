"""The CRS policy: any CRS in, one metric project CRS for computing, the asked CRS out."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError as PyprojCrsError
from pyproj.transformer import AreaOfInterest, TransformerGroup

from planner.core.errors import CrsError
from planner.core.schema import RowProblem

WGS84 = CRS.from_epsg(4326)

# China's mainland extent (WGS84), used to decide whether the Chinese grid applies.
_CHINA_LON = (73.0, 136.0)
_CHINA_LAT = (17.0, 54.0)
# EPSG:4534 is "CGCS2000 / 3-degree Gauss-Kruger CM 75E"; codes run up in 3° steps
# to EPSG:4554 (CM 135E). Eastings carry no zone prefix (false easting 500 km).
_CGCS2000_GK3_FIRST_EPSG = 4534
_CGCS2000_GK3_FIRST_CM = 75


def choose_project_crs(lon: float, lat: float, *, chinese_ruleset: bool) -> CRS:
    """The metric CRS in which a project centred at ``lon``/``lat`` is computed.

    With a Chinese ruleset and a centre inside China: the CGCS2000 3-degree
    Gauss-Krüger zone whose central meridian is nearest (as Chinese survey
    offices deliver their data). Everywhere else: the WGS84 UTM zone.
    """
    if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lat) > 90 or abs(lon) > 180:
        raise CrsError(f"centre {lon}, {lat} is not a longitude/latitude")
    in_china = _CHINA_LON[0] <= lon <= _CHINA_LON[1] and _CHINA_LAT[0] <= lat <= _CHINA_LAT[1]
    if chinese_ruleset and in_china:
        central_meridian = 3 * round(lon / 3)
        central_meridian = min(max(central_meridian, 75), 135)
        code = _CGCS2000_GK3_FIRST_EPSG + (central_meridian - _CGCS2000_GK3_FIRST_CM) // 3
        return CRS.from_epsg(code)
    zone = int((lon + 180) // 6) + 1
    zone = min(max(zone, 1), 60)
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def centre_lonlat(frames: list[gpd.GeoDataFrame]) -> tuple[float, float]:
    """Longitude and latitude of the centre of the bounding box of all ``frames``."""
    boxes = [f.to_crs(WGS84).total_bounds for f in frames if len(f) and f.crs is not None]
    if not boxes:
        raise CrsError("no layer has features with a CRS; cannot choose a project CRS")
    minx = min(b[0] for b in boxes)
    miny = min(b[1] for b in boxes)
    maxx = max(b[2] for b in boxes)
    maxy = max(b[3] for b in boxes)
    return (minx + maxx) / 2, (miny + maxy) / 2


def lonlat_transformer(crs: object) -> Callable[[float, float], tuple[float, float]]:
    """A function turning project coordinates into (longitude, latitude) for display."""
    transformer = Transformer.from_crs(CRS.from_user_input(crs), WGS84, always_xy=True)

    def to_lonlat(x: float, y: float) -> tuple[float, float]:
        lon, lat = transformer.transform(x, y)
        return float(lon), float(lat)

    return to_lonlat


# --- datum transformations ----------------------------------------------------------------

#: Datums taken as one (they agree within about 1 m in China): WGS 84 and its
#: realisations, CGCS2000 (tied to ITRF97 at 2000.0) and the ITRF frames. PROJ
#: joins them by a zero "ballpark" offset, which is right to that precision.
EQUIVALENT_DATUMS = (
    "World Geodetic System 1984",
    "China 2000",
    "China Geodetic Coordinate System 2000",
    "International Terrestrial Reference Frame",
)
#: Accuracy (m) of a datum transformation below which routing through it is only a note.
ACCURATE_M = 2.0


@dataclass(frozen=True)
class CrsWarning:
    """What :func:`transformer_between` has to say about a transformation.

    ``severity`` is ``"warning"`` when positions may be off by more than a few
    metres, ``"note"`` when the transformation is fine but not the obvious one
    (routed through WGS 84). ``str()`` gives ``message``.
    """

    message: str
    severity: str = "warning"

    def __str__(self) -> str:
        return self.message


def declared_crs(value: object) -> CRS | None:
    """The CRS a file declares, or ``None`` when it declares none usable.

    GeoPackage ``srs_id`` -1 and 0 come back from GDAL as an "Undefined
    Cartesian SRS" (a local engineering CRS) and an "Undefined geographic SRS"
    on an unknown datum: they say nothing about where the data is, so they are
    treated like a missing CRS (the user must give one).
    """
    if value is None:
        return None
    try:
        crs = CRS.from_user_input(value)
    except PyprojCrsError:
        return None
    if crs.is_engineering or crs.name.lower().startswith("undefined"):
        return None
    return crs


def transformer_between(
    src: object, dst: object, *, area: tuple[float, float, float, float] | None = None
) -> tuple[Transformer, CrsWarning | None]:
    """A transformer from ``src`` to ``dst`` (x/y order) and what to know about it.

    ``area`` is the data's extent as ``(west, south, east, north)`` in degrees
    (default: ``src``'s area of use); transformations only valid elsewhere are
    not used. When PROJ only knows a "ballpark" transformation between the two
    datums (it ignores the datum shift: Hong Kong 1980, Xian 1980 or Beijing
    1954 into CGCS2000 land 100–300 m off), the transformation goes through
    WGS 84 when a real one from the source datum to WGS 84 exists (Hong Kong
    1980 has a Helmert transformation accurate to 1 m) — WGS 84 and CGCS2000
    are taken as equal, within about 1 m — and the second element is a
    ``note`` saying so. Otherwise the ballpark transformation is returned with
    a ``warning`` naming both CRSs and the expected error (hundreds of metres).
    Between datums that agree within a metre (WGS 84, CGCS2000, ITRF) the
    second element is ``None``.
    """
    src, dst = CRS.from_user_input(src), CRS.from_user_input(dst)
    direct = Transformer.from_crs(src, dst, always_xy=True)
    if src.equals(dst) or not _datum_shift_needed(src, dst):
        return direct, None
    area = area or _common_area(src, dst) or _common_area(src, src)
    found = _exact_operation(src, dst, area)
    if found is not None:
        return found, None
    to_wgs84 = _plain_or_exact(src, WGS84, area)
    from_wgs84 = _plain_or_exact(WGS84, dst, area)
    if to_wgs84 is not None and from_wgs84 is not None:
        shifts = [t for t in (to_wgs84, from_wgs84) if _operation_names(t)]
        named = "; ".join(f"{_operation_names(t)} (about {_accuracy(t)})" for t in shifts)
        worst = max((t.accuracy for t in shifts), default=0.0)
        severity = "note" if 0 <= worst <= ACCURATE_M else "warning"
        return _concatenate(to_wgs84, from_wgs84), CrsWarning(
            f"{src.name} → {dst.name}: PROJ has no direct datum transformation, so it goes "
            f"through WGS 84 with {named}; WGS 84 and CGCS2000 are taken as equal "
            "(within about 1 m)",
            severity,
        )
    return direct, CrsWarning(
        f"{src.name} → {dst.name}: no datum transformation between "
        f"{_datum_name(src)} and {_datum_name(dst)} is known here, only a 'ballpark' one "
        "that ignores the datum shift: positions may be off by up to hundreds of metres. "
        "Convert the data with the official parameters of the area, or have it delivered "
        "in CGCS2000 or WGS 84",
    )


def reproject(
    frame: gpd.GeoDataFrame, crs: object, *, file: str = "", layer: str = ""
) -> tuple[gpd.GeoDataFrame, tuple[RowProblem, ...]]:
    """``frame`` in ``crs`` through :func:`transformer_between`, and what to know about it.

    The problems are at most one layer-level :class:`RowProblem` (row ``-``,
    field ``geometry``) with the transformer's warning or note. A frame with
    features but no CRS raises :class:`CrsError` naming ``file`` and
    ``layer``; an empty one simply takes ``crs``. Z values are kept.
    """
    target = CRS.from_user_input(crs)
    if frame.crs is None:
        if len(frame):
            raise CrsError(
                "layer has no CRS; give the CRS its coordinates are in",
                file=file or None,
                layer=layer or None,
            )
        return frame.set_crs(target), ()
    source = CRS.from_user_input(frame.crs)
    if source.equals(target):
        return frame, ()
    transformer, warning = transformer_between(source, target, area=_frame_area(frame, source))

    def move(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1], errcheck=False)
        return np.column_stack([x, y, *coords[:, 2:].T])

    geometry = shapely.transform(frame.geometry.to_numpy(), move, include_z=None)
    moved = frame.set_geometry(gpd.GeoSeries(geometry, index=frame.index, crs=target))
    if warning is None:
        return moved, ()
    action = "reprojected" if warning.severity == "note" else "reprojected; check the positions"
    problem = RowProblem(
        layer, "-", "geometry", str(warning), action, severity=warning.severity, file=file
    )
    return moved, (problem,)


def _datum_name(crs: CRS) -> str:
    geodetic = crs.geodetic_crs
    datum = geodetic.datum if geodetic is not None else None
    return datum.name if datum is not None else crs.name


def _equivalent_to_wgs84(crs: CRS) -> bool:
    name = _datum_name(crs)
    return any(name.startswith(prefix) for prefix in EQUIVALENT_DATUMS)


def _datum_shift_needed(src: CRS, dst: CRS) -> bool:
    if src.geodetic_crs is None or dst.geodetic_crs is None:
        return False
    if _datum_name(src) == _datum_name(dst):
        return False
    return not (_equivalent_to_wgs84(src) and _equivalent_to_wgs84(dst))


def _is_ballpark(transformer: Transformer) -> bool:
    return "ballpark" in transformer.description.lower()


def _covers(transformer: Transformer, area: tuple[float, float, float, float] | None) -> bool:
    use = transformer.area_of_use
    if use is None:
        return True
    west, south, east, north = area or (-180.0, -90.0, 180.0, 90.0)
    return use.west <= west and use.south <= south and use.east >= east and use.north >= north


def _exact_operation(
    src: CRS, dst: CRS, area: tuple[float, float, float, float] | None
) -> Transformer | None:
    """The first non-ballpark transformation from ``src`` to ``dst`` valid over ``area``."""
    interest = AreaOfInterest(*area) if area is not None else None
    group = TransformerGroup(src, dst, always_xy=True, area_of_interest=interest)
    for transformer in group.transformers:
        if not _is_ballpark(transformer) and _covers(transformer, area):
            return transformer
    return None


def _plain_or_exact(
    src: CRS, dst: CRS, area: tuple[float, float, float, float] | None
) -> Transformer | None:
    """``src`` → ``dst``, one of them WGS 84: plain when the other's datum is WGS 84's.

    Else the exact transformation valid over ``area`` (None: there is none).
    """
    other = dst if src.equals(WGS84) else src
    if _equivalent_to_wgs84(other):
        return Transformer.from_crs(src, dst, always_xy=True)
    return _exact_operation(src, dst, area)


def _concatenate(first: Transformer, second: Transformer) -> Transformer:
    """One transformer doing ``first`` then ``second`` (both x/y order)."""

    def steps(transformer: Transformer) -> str:
        definition = transformer.definition.strip()
        if definition.startswith("proj=pipeline "):
            return definition.removeprefix("proj=pipeline ")
        return f"step {definition}"

    return Transformer.from_pipeline(f"proj=pipeline {steps(first)} {steps(second)}")


def _operation_names(transformer: Transformer) -> str:
    """The datum transformations ``transformer`` applies (``""`` for a plain conversion)."""
    names = [
        o.name
        for o in transformer.operations or ()
        if o.type_name == "Transformation" and "ballpark" not in o.name.lower()
    ]
    return ", ".join(names)


def _accuracy(transformer: Transformer) -> str:
    return f"{transformer.accuracy:g} m" if transformer.accuracy >= 0 else "unknown accuracy"


def _common_area(src: CRS, dst: CRS) -> tuple[float, float, float, float] | None:
    """Where both CRSs are used, in degrees (None when unknown or disjoint)."""
    areas = [c.area_of_use for c in (src, dst) if c.area_of_use is not None]
    if not areas:
        return None
    west, south = max(a.west for a in areas), max(a.south for a in areas)
    east, north = min(a.east for a in areas), min(a.north for a in areas)
    return (west, south, east, north) if west < east and south < north else None


def _frame_area(frame: gpd.GeoDataFrame, crs: CRS) -> tuple[float, float, float, float] | None:
    """The extent of ``frame`` in degrees (None when it has no finite coordinates)."""
    if not len(frame):
        return None
    bounds = frame.geometry.total_bounds
    if not np.isfinite(bounds).all():
        return None
    west, south, east, north = (float(v) for v in bounds)
    if not crs.is_geographic:
        to_lonlat = Transformer.from_crs(crs, WGS84, always_xy=True)
        west, south, east, north = to_lonlat.transform_bounds(
            west, south, east, north, errcheck=False
        )
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        return None
    return west, south, east, north
