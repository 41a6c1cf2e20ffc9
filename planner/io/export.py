"""Writing result layers (views, gaps) in the CRS and format the user asks for."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import geopandas as gpd
import pyogrio
from pyproj import CRS

from planner.core.errors import CrsError, InputError
from planner.io.files import atomic_target, check_writable_target, os_error

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
    """Write ``frame`` to ``path`` (format from the suffix) in ``crs``, replacing it atomically.

    Failures (disk full, read-only folder, a parent that is a file) raise
    :class:`InputError` naming ``path`` and leave any earlier file as it was.
    """
    path = Path(path)
    driver = check_output_path(path)
    if crs is not None:
        try:
            target = CRS.from_user_input(crs)
        except Exception as exc:  # pyproj.exceptions.CRSError
            raise CrsError(f"{crs!r} is not a CRS ({exc})", field="--crs") from None
        frame = frame.to_crs(target)
    if driver == "ESRI Shapefile":
        _write_shapefile(frame, path, layer=layer)
        return
    with atomic_target(path) as temporary:
        try:
            pyogrio.write_dataframe(frame, temporary, layer=layer, driver=driver)
        except OSError:
            raise
        except Exception as exc:  # GDAL reports a full disk or a refused write as its own error
            raise OSError(f"{exc}") from None


def _write_shapefile(frame: gpd.GeoDataFrame, path: Path, *, layer: str) -> None:
    """A shapefile is several files: write them in a fresh folder, then move each in place."""
    check_writable_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{path.stem}-", dir=path.parent))
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        pyogrio.write_dataframe(
            frame, folder / path.name, layer=layer, driver="ESRI Shapefile", encoding="UTF-8"
        )
        for part in folder.iterdir():
            os.replace(part, path.with_name(part.name))
    except OSError as exc:
        raise os_error(exc, path) from None
    except Exception as exc:  # GDAL's own errors
        raise os_error(OSError(str(exc)), path) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
