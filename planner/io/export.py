"""Writing result layers (views, gaps) in the CRS and format the user asks for."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import geopandas as gpd
import pyogrio
from pyproj import CRS

from planner.core.errors import CrsError, InputError

DRIVERS = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GPKG", ".shp": "ESRI Shapefile"}


def check_output_path(path: str | os.PathLike[str]) -> str:
    """The OGR driver for ``path``'s suffix; raises :class:`InputError` for an unknown one.

    Commands call this before computing, so a typo in an output name fails at once.
    """
    driver = DRIVERS.get(Path(path).suffix.lower())
    if driver is None:
        raise InputError(
            f"unknown output format {Path(path).suffix!r}; use one of {', '.join(DRIVERS)}",
            file=str(path),
        )
    return driver


def default_output_crs(path: str | os.PathLike[str]) -> str | None:
    """EPSG:4326 for GeoJSON (RFC 7946 wants lon/lat), else None: keep the project CRS."""
    return "EPSG:4326" if DRIVERS.get(Path(path).suffix.lower()) == "GeoJSON" else None


def write_layer(
    frame: gpd.GeoDataFrame, path: str | os.PathLike[str], *, layer: str, crs: object = None
) -> None:
    """Write ``frame`` to ``path`` (format from the suffix) in ``crs``, replacing it atomically."""
    path = Path(path)
    driver = check_output_path(path)
    if crs is not None:
        try:
            target = CRS.from_user_input(crs)
        except Exception as exc:  # pyproj.exceptions.CRSError
            raise CrsError(f"{crs!r} is not a CRS ({exc})", field="--crs") from None
        frame = frame.to_crs(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent
    )
    os.close(handle)
    os.unlink(temporary)
    try:
        pyogrio.write_dataframe(frame, temporary, layer=layer, driver=driver)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
