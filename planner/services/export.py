"""``planner export`` and the window's exports: device-level camera files, each logged.

:func:`check_export` refuses a bad request before anything is computed;
:func:`run_export` writes the files of an :class:`ExportRequest` from an
opened project (:func:`planner.services.project.open_project`) and appends
one ``export_log`` row per file written (:mod:`planner.services.export_log`).

Decisions (documented in ``docs/cli.md``):

* OSM files and KML are WGS 84 by their standards: ``--crs`` other than
  WGS 84 is refused for them. ``--coords gcj02|bd09`` is refused for OSM
  (OpenStreetMap holds WGS 84 only) and allowed for KML with a warning.
* ``--public`` is refused for OSM and KML: they are device-level data by
  nature (camera positions to the centimetre, pole numbers, operators), and a
  public output holds no camera id, device code, pole number or position
  finer than the zone level. The web map (``--web``,
  :func:`planner.services.web_map.write_web_map`) has a public form.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pyproj import CRS

from planner.core.errors import CrsError, InputError
from planner.core.schema import RowProblem
from planner.io.crs import WGS84
from planner.io.files import check_writable_target, refuse_input_as_output
from planner.io.osm_export import (
    KML_OFFSETS,
    osm_camera_tags,
    write_kml,
    write_osm_geojson,
    write_osm_xml,
)
from planner.services.export_log import check_loggable, log_export
from planner.services.project import OpenedProject

#: Suffixes of the ``--osm`` file and the log kind of each.
OSM_SUFFIXES = {".geojson": "osm", ".json": "osm", ".osm": "osm_xml"}
KML_SUFFIXES = (".kml",)
WEB_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True)
class ExportRequest:
    """What ``planner export`` was asked to write."""

    osm: Path | None = None
    kml: Path | None = None
    web: Path | None = None
    crs: str | None = None
    coords: str | None = None  # "gcj02" / "bd09": shifted longitude/latitude (KML only)
    purpose: str = ""
    public: bool = False
    language: str | None = None  # of the web map: None → zh under a Chinese ruleset, else en

    @property
    def outputs(self) -> tuple[tuple[str, Path], ...]:
        """``(option, path)`` of every file asked for."""
        asked = (("--osm", self.osm), ("--kml", self.kml), ("--web", self.web))
        return tuple((o, p) for o, p in asked if p)

    @property
    def device_outputs(self) -> tuple[tuple[str, Path], ...]:
        """The outputs that have no public form (OSM and KML)."""
        return tuple((o, p) for o, p in self.outputs if o != "--web")


@dataclass(frozen=True)
class ExportResult:
    """The files written (``(kind, path)``) and what the user should know."""

    written: tuple[tuple[str, Path], ...]
    problems: tuple[RowProblem, ...]


def check_export(project_path: str | os.PathLike[str], request: ExportRequest) -> None:
    """Raise :class:`InputError` for a request that cannot be written, before computing."""
    if not request.outputs:
        raise InputError("nothing to export: give --osm FILE, --kml FILE or --web FILE")
    check_loggable(project_path)
    if request.public and request.device_outputs:
        options = " and ".join(option for option, _ in request.device_outputs)
        raise InputError(
            f"{options} cannot be public: OSM and KML files are device-level data by nature "
            "(exact camera positions, pole numbers, operators), and a public output holds no "
            "camera id, device code, pole number or position finer than the zone level; "
            "leave out --public",
            field="--public",
        )
    if request.crs is not None:
        try:
            crs = CRS.from_user_input(request.crs)
        except Exception as exc:  # pyproj.exceptions.CRSError
            raise CrsError(f"{request.crs!r} is not a CRS ({exc})", field="--crs") from None
        if not crs.equals(WGS84, ignore_axis_order=True):
            raise CrsError(
                f"OSM and KML files hold WGS 84 longitude/latitude only, not {crs.name} "
                "(leave out --crs; for other CRSs write layers with planner views -o or "
                "planner coverage --gaps)",
                field="--crs",
            )
    if request.coords is not None and request.coords not in KML_OFFSETS:
        raise InputError(
            f"unknown offset {request.coords!r}; one of {', '.join(KML_OFFSETS)}",
            field="--coords",
        )
    if request.coords is not None and request.osm is not None:
        raise InputError(
            f"OpenStreetMap holds WGS 84 only: an OSM file in {request.coords.upper()} would put "
            "every camera hundreds of metres off (leave out --coords for --osm)",
            file=str(request.osm),
            field="--coords",
        )
    if request.coords is not None and request.web is not None:
        raise InputError(
            "the web map is drawn in WGS 84 and has no offset option (leave out --coords for "
            "--web)",
            file=str(request.web),
            field="--coords",
        )
    seen: list[Path] = []
    for option, path in request.outputs:
        suffixes = {"--osm": tuple(OSM_SUFFIXES), "--kml": KML_SUFFIXES}.get(option, WEB_SUFFIXES)
        if path.suffix.lower() not in suffixes:
            raise InputError(
                f"{option} writes {', '.join(suffixes)} files, not {path.suffix or 'no suffix'!r}",
                file=str(path),
                field=option,
            )
        refuse_input_as_output(path, [project_path, *seen], option=option)
        check_writable_target(path, option=option)
        seen.append(path)


def run_export(
    project_path: str | os.PathLike[str], opened: OpenedProject, request: ExportRequest
) -> ExportResult:
    """Write the files of ``request`` from ``opened`` and log each in the project's export_log.

    Call :func:`check_export` first. ``opened`` is ``project_path`` opened with
    its coverage (the views give a camera's sector and whether it watches a
    mandatory zone).
    """
    cameras = opened.project.cameras
    state = opened.state
    written: list[tuple[str, Path]] = []
    problems: list[RowProblem] = []

    def logged(kind: str, path: Path) -> None:
        # each file is logged once written: a later failure leaves the earlier ones logged
        log_export(
            project_path, kind=kind, path=path, purpose=request.purpose, public=request.public
        )
        written.append((kind, path))

    if request.osm is not None:
        export = osm_camera_tags(cameras, state)
        problems.extend(export.problems)
        kind = OSM_SUFFIXES[request.osm.suffix.lower()]
        if kind == "osm_xml":
            write_osm_xml(export, request.osm)
        else:
            write_osm_geojson(export, request.osm)
        logged(kind, request.osm)
    if request.kml is not None:
        problems.extend(write_kml(cameras, state, request.kml, offset=request.coords))
        logged("kml", request.kml)
    if request.web is not None:
        from planner.services.web_map import write_web_map

        language = request.language or ("zh" if opened.ruleset.is_chinese else "en")
        write_web_map(request.web, opened, public=request.public, language=language)
        logged("web", request.web)
    return ExportResult(tuple(written), tuple(problems))
