"""The CRS policy: any CRS in, one metric project CRS for computing, the asked CRS out."""

from __future__ import annotations

import math
from collections.abc import Callable

import geopandas as gpd
from pyproj import CRS, Transformer

from planner.core.errors import CrsError

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


def to_project_crs(frame: gpd.GeoDataFrame, crs: CRS, *, layer: str, file: str) -> gpd.GeoDataFrame:
    """Reproject ``frame`` into the project CRS; a layer without a CRS is refused, not guessed."""
    if frame.crs is None:
        raise CrsError(
            "layer has no CRS; assign one (e.g. in QGIS) before opening it", file=file, layer=layer
        )
    return frame.to_crs(crs)


def lonlat_transformer(crs: object) -> Callable[[float, float], tuple[float, float]]:
    """A function turning project coordinates into (longitude, latitude) for display."""
    transformer = Transformer.from_crs(CRS.from_user_input(crs), WGS84, always_xy=True)

    def to_lonlat(x: float, y: float) -> tuple[float, float]:
        lon, lat = transformer.transform(x, y)
        return float(lon), float(lat)

    return to_lonlat
