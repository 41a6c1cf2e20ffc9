"""Conversions between WGS84, GCJ-02 ("Mars coordinates") and BD-09 (Baidu).

Pure numpy, no I/O. Every function takes longitude and latitude in degrees as
scalars or array-likes (broadcast against each other) and returns ``(lon, lat)``:
two Python floats when both inputs are scalars, otherwise two float64 arrays of
the broadcast shape. NaN passes through as NaN.

**GCJ-02** is the obfuscated datum mandated for published maps in mainland China
(Amap/Gaode, Tencent, Google Maps China). The forward offset is the widely
published reverse-engineered formula on the **Krasovsky 1940 ellipsoid**
(``a = 6378245.0``, ``ee = 0.00669342162296594323``). It shifts points by a
few hundred metres (about 460 m at Qingdao). There is no closed-form inverse;
:func:`gcj02_to_wgs84` solves ``wgs84_to_gcj02(w) = g`` by fixed-point iteration
to better than 1e-9° (about 0.1 mm), far below the 0.01 m required, instead of
the common one-step approximation ``w ≈ g - offset(g)`` that is off by 1-2 m.

**Outside China** GCJ-02 equals WGS84 (and BD-09 equals WGS84, as in the
eviltransform project). "China" is the usual rough bounding box
``72.004 ≤ lon ≤ 137.8347`` and ``0.8293 ≤ lat ≤ 55.8271`` (eviltransform's
``outOfChina``); it also covers neighbouring countries, as every
implementation of the formula does.

**BD-09** variant implemented: the common one, applied on top of GCJ-02::

    x_pi  = π · 3000 / 180
    z     = sqrt(x² + y²) + 0.00002 · sin(y · x_pi)
    θ     = atan2(y, x)   + 0.000003 · cos(x · x_pi)
    bd_lon = z · cos(θ) + 0.0065,  bd_lat = z · sin(θ) + 0.006

with ``(x, y)`` the GCJ-02 (lon, lat). Its inverse :func:`bd09_to_gcj02` starts
from the usual closed-form approximation (subtract 0.0065/0.006, then the same
correction with the signs flipped; up to ~0.1 m off) and refines it by iteration
to better than 1e-9°. The other variant found in the wild (different correction terms, or the Baidu
Mercator "BD-09MC" projected form) is not implemented.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: Krasovsky 1940 semi-major axis (m), as used by the GCJ-02 formula.
KRASOVSKY_A = 6378245.0
#: Krasovsky 1940 first eccentricity squared.
KRASOVSKY_EE = 0.00669342162296594323
#: Baidu's angular constant ``π · 3000 / 180``.
X_PI = np.pi * 3000.0 / 180.0

#: Rough bounding box of China (lon_min, lon_max, lat_min, lat_max), eviltransform's.
CHINA_BBOX: tuple[float, float, float, float] = (72.004, 137.8347, 0.8293, 55.8271)

#: Convergence threshold of the exact GCJ-02 inverse, in degrees (≈ 0.1 mm).
_INVERSE_TOLERANCE_DEG = 1e-10
_INVERSE_MAX_ITERATIONS = 30

Coords = tuple[float, float] | tuple[NDArray[np.float64], NDArray[np.float64]]


def _as_arrays(
    lon: ArrayLike, lat: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64], bool]:
    """Float arrays broadcast to one shape, and whether both inputs were scalars."""
    scalar = np.ndim(lon) == 0 and np.ndim(lat) == 0
    lon_a, lat_a = np.broadcast_arrays(
        np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
    )
    return lon_a.astype(np.float64, copy=True), lat_a.astype(np.float64, copy=True), scalar


def _result(lon: NDArray[np.float64], lat: NDArray[np.float64], scalar: bool) -> Coords:
    if scalar:
        return float(lon), float(lat)
    return lon, lat


def in_china(lon: ArrayLike, lat: ArrayLike) -> NDArray[np.bool_] | bool:
    """True where ``(lon, lat)`` lies inside :data:`CHINA_BBOX` (False for NaN)."""
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    lon_min, lon_max, lat_min, lat_max = CHINA_BBOX
    inside = (lon_a >= lon_min) & (lon_a <= lon_max) & (lat_a >= lat_min) & (lat_a <= lat_max)
    return bool(inside) if scalar else inside


def _gcj_offset(
    lon: NDArray[np.float64], lat: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """GCJ-02 minus WGS84 in degrees at WGS84 ``(lon, lat)``, without the China test."""
    x = lon - 105.0
    y = lat - 35.0
    x_pi_ = x * np.pi
    y_pi_ = y * np.pi
    common = (20.0 * np.sin(6.0 * x_pi_) + 20.0 * np.sin(2.0 * x_pi_)) * 2.0 / 3.0
    d_lat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + common
        + (20.0 * np.sin(y_pi_) + 40.0 * np.sin(y_pi_ / 3.0)) * 2.0 / 3.0
        + (160.0 * np.sin(y_pi_ / 12.0) + 320.0 * np.sin(y_pi_ / 30.0)) * 2.0 / 3.0
    )
    d_lon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + common
        + (20.0 * np.sin(x_pi_) + 40.0 * np.sin(x_pi_ / 3.0)) * 2.0 / 3.0
        + (150.0 * np.sin(x_pi_ / 12.0) + 300.0 * np.sin(x_pi_ / 30.0)) * 2.0 / 3.0
    )
    rad_lat = np.radians(lat)
    magic = 1.0 - KRASOVSKY_EE * np.sin(rad_lat) ** 2
    sqrt_magic = np.sqrt(magic)
    d_lat = (d_lat * 180.0) / ((KRASOVSKY_A * (1.0 - KRASOVSKY_EE)) / (magic * sqrt_magic) * np.pi)
    d_lon = (d_lon * 180.0) / (KRASOVSKY_A / sqrt_magic * np.cos(rad_lat) * np.pi)
    return d_lon, d_lat


def wgs84_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """WGS84 → GCJ-02; identity outside :data:`CHINA_BBOX`."""
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    mask = in_china(lon_a, lat_a)
    if np.any(mask):
        d_lon, d_lat = _gcj_offset(lon_a[mask], lat_a[mask])
        lon_a[mask] += d_lon
        lat_a[mask] += d_lat
    return _result(lon_a, lat_a, scalar)


def gcj02_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """GCJ-02 → WGS84, exact inverse of :func:`wgs84_to_gcj02` (error < 1e-9°).

    Fixed-point iteration ``w ← w - (gcj(w) - g)`` starting from ``w = g``; the
    offset varies slowly (its gradient is a few 1e-3), so each step gains two to
    three decimal places and about five steps suffice. Points whose GCJ-02 input lies outside
    :data:`CHINA_BBOX` are returned unchanged.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    mask = in_china(lon_a, lat_a)
    if np.any(mask):
        g_lon = lon_a[mask]
        g_lat = lat_a[mask]
        w_lon = g_lon.copy()
        w_lat = g_lat.copy()
        for _ in range(_INVERSE_MAX_ITERATIONS):
            d_lon, d_lat = _gcj_offset(w_lon, w_lat)
            err_lon = w_lon + d_lon - g_lon
            err_lat = w_lat + d_lat - g_lat
            w_lon -= err_lon
            w_lat -= err_lat
            worst = max(float(np.max(np.abs(err_lon))), float(np.max(np.abs(err_lat))))
            if worst < _INVERSE_TOLERANCE_DEG:
                break
        lon_a[mask] = w_lon
        lat_a[mask] = w_lat
    return _result(lon_a, lat_a, scalar)


def _bd_forward(
    x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """BD-09 of GCJ-02 ``(x, y)``, without the China test."""
    z = np.hypot(x, y) + 0.00002 * np.sin(y * X_PI)
    theta = np.arctan2(y, x) + 0.000003 * np.cos(x * X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def gcj02_to_bd09(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """GCJ-02 → BD-09 (the common variant, see the module docstring); identity outside China."""
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    mask = in_china(lon_a, lat_a)
    if np.any(mask):
        lon_a[mask], lat_a[mask] = _bd_forward(lon_a[mask], lat_a[mask])
    return _result(lon_a, lat_a, scalar)


def bd09_to_gcj02(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """BD-09 → GCJ-02, exact inverse of :func:`gcj02_to_bd09`; identity outside China.

    Starts from the usual closed-form approximation (subtract 0.0065/0.006, then
    the correction with its signs flipped; error up to ~0.1 m) and refines it by
    fixed-point iteration to better than 1e-9°.
    """
    lon_a, lat_a, scalar = _as_arrays(lon, lat)
    mask = in_china(lon_a, lat_a)
    if np.any(mask):
        b_lon = lon_a[mask]
        b_lat = lat_a[mask]
        x = b_lon - 0.0065
        y = b_lat - 0.006
        z = np.hypot(x, y) - 0.00002 * np.sin(y * X_PI)
        theta = np.arctan2(y, x) - 0.000003 * np.cos(x * X_PI)
        g_lon = z * np.cos(theta)
        g_lat = z * np.sin(theta)
        for _ in range(_INVERSE_MAX_ITERATIONS):
            f_lon, f_lat = _bd_forward(g_lon, g_lat)
            err_lon = f_lon - b_lon
            err_lat = f_lat - b_lat
            g_lon = g_lon - err_lon
            g_lat = g_lat - err_lat
            if max(float(np.max(np.abs(err_lon))), float(np.max(np.abs(err_lat)))) < (
                _INVERSE_TOLERANCE_DEG
            ):
                break
        lon_a[mask] = g_lon
        lat_a[mask] = g_lat
    return _result(lon_a, lat_a, scalar)


def wgs84_to_bd09(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """WGS84 → BD-09 (through GCJ-02)."""
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: ArrayLike, lat: ArrayLike) -> Coords:
    """BD-09 → WGS84 (through GCJ-02, with the exact GCJ-02 inverse)."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


#: Offset systems :func:`offset_to_wgs84` undoes.
OFFSETS = ("gcj02", "bd09")


def offset_to_wgs84(lon: ArrayLike, lat: ArrayLike, offset: str) -> Coords:
    """GCJ-02 (``"gcj02"``) or BD-09 (``"bd09"``) longitude/latitude back to WGS84."""
    if offset == "gcj02":
        return gcj02_to_wgs84(lon, lat)
    if offset == "bd09":
        return bd09_to_wgs84(lon, lat)
    raise ValueError(f"unknown offset {offset!r}; one of {', '.join(OFFSETS)}")
