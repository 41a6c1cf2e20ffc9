"""The ownership survey's files: inventories in, registry into the project, work list out.

One function per step, shared by ``planner reconcile`` and the window:
:func:`load_sources` reads every inventory into one metric CRS,
:func:`run_survey` matches and judges them, :func:`survey_tables` names the
registry tables saved into the project GeoPackage (their layer names are a
contract, see ``docs/survey.md``), :func:`settlements_of` reads back the
decisions remembered there.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType

import numpy as np
import pandas as pd
from pyproj import CRS, Transformer

from planner.core.errors import InputError
from planner.core.progress import NoProgress, Progress, check
from planner.core.project import Project
from planner.core.reconcile import SourceRecords
from planner.core.rulesets import Ruleset
from planner.core.survey import (
    Settlement,
    Survey,
    conflicts_table,
    device_frames,
    settlements_frame,
    settlements_from_frame,
    sources_from_records,
    work_list,
)
from planner.io.crs import WGS84, choose_project_crs
from planner.io.inventories import InventoryProblem, preview_inventory, read_inventory
from planner.io.inventory_columns import guess_coords

#: Layer names of the reconciled registry in the project GeoPackage (a contract).
REGISTRY_LAYERS = (
    "survey_devices",
    "survey_records",
    "survey_findings",
    "survey_conflicts",
    "survey_intact",
    "survey_settlements",
)


#: Project layer holding the area the field walk covered (polygons), a contract.
WALKED_AREA_LAYER = "survey_areas"
#: A device this close (m) to a mandatory zone serves a place the rules list.
LISTED_PLACE_REACH_M = 50.0


@dataclass(frozen=True)
class WalkedArea:
    """Where the field walk went, in the project CRS, and where that area came from."""

    geometry: object
    source: str


def walked_area_from(
    path: str | Path | None, *, project: Project | None, crs: CRS
) -> WalkedArea | None:
    """The walked area, from the user.

    Polygons of ``path`` (``--walked-area``), else the project's ``survey_areas``
    layer, else None (the survey then uses the hull of the walked records,
    :func:`planner.core.survey.walked_area`). Bad files raise
    :class:`InputError` naming file, layer, row and geometry.
    """
    import geopandas as gpd
    import pyogrio
    import shapely

    from planner.io.crs import reproject

    if path is not None:
        name = str(path)
        try:
            frame = pyogrio.read_dataframe(path)
        except Exception as exc:  # GDAL raises many types for unreadable files
            raise InputError(f"cannot read the walked area ({exc})", file=name) from None
        if not isinstance(frame, gpd.GeoDataFrame):
            raise InputError("the walked area has no geometry", file=name, field="geometry")
        layer, source = "", name
    else:
        table = project.extra_layers.get(WALKED_AREA_LAYER) if project is not None else None
        if table is None or not isinstance(table, gpd.GeoDataFrame) or not len(table):
            return None
        origin = getattr(project, "origin", None)
        frame, name, layer = table, str(getattr(origin, "path", "") or ""), WALKED_AREA_LAYER
        source = f"layer {WALKED_AREA_LAYER}"
    frame, _ = reproject(frame, crs, file=name, layer=layer)
    geoms = frame.geometry.to_numpy()
    areas = []
    for row, geom in enumerate(geoms):
        if geom is None or shapely.is_empty(geom):
            continue
        if shapely.get_dimensions(geom) != 2:
            raise InputError(
                f"the walked area must be polygons, not {geom.geom_type}",
                file=name,
                layer=layer or None,
                row=row,
                field="geometry",
            )
        areas.append(shapely.make_valid(geom))
    if not areas:
        raise InputError("the walked area has no polygon", file=name, layer=layer or None)
    return WalkedArea(shapely.union_all(areas), source)


def listed_places_of(project: Project | None, ruleset: Ruleset) -> object | None:
    """Where duties limited to the places the rules list apply.

    Filing under Decree 799 Art. 14, keeping aim under Harbin Art. 19: the
    mandatory zones of the project grown by :data:`LISTED_PLACE_REACH_M` (a
    camera serving a listed place stands in it or near it). None without a
    project or when no duty of the ruleset is limited so.
    """
    import shapely

    scopes = {ruleset.filing.scope} | {duty.scope for duty in ruleset.obligations.values()}
    if "listed_places" not in scopes or project is None:
        return None
    zones = project.zones
    if not len(zones) or "category" not in zones.columns:
        return shapely.Polygon()
    mandatory = set(ruleset.mandatory_categories)
    keep = zones["category"].astype(str).isin(mandatory).to_numpy()
    geoms = zones.geometry.to_numpy()[keep]
    return shapely.union_all(shapely.buffer(geoms, LISTED_PLACE_REACH_M))


@dataclass(frozen=True)
class SourceSpec:
    """One inventory to read: file, role, source name and how to read it."""

    path: Path
    role: str
    source: str
    coords: str | None = None  # None: what the coordinate headers say, else WGS84
    mapping: Mapping[str, str] | None = None
    sheet: str | None = None
    layer: str | None = None


@dataclass(frozen=True)
class LoadedSources:
    """Every inventory read into ``crs``, and the rows and cells that were skipped."""

    sources: tuple[SourceRecords, ...]
    problems: tuple[InventoryProblem, ...]
    crs: CRS
    columns: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    coords: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    """Source name → what its longitude/latitude were read as (given or from the headers)."""


def source_specs(
    pairs: Sequence[tuple[str, Path]],
    *,
    coords: Mapping[str, str] | None = None,
    mappings: Mapping[str, Mapping[str, str]] | None = None,
) -> list[SourceSpec]:
    """Specs for ``(role, path)`` pairs; a second source of one role is named ``role-2``.

    ``coords`` and ``mappings`` are looked up by source name, then by role,
    then under ``"*"`` (all sources); a source without coords is read as its
    coordinate headers say (:func:`coords_of`).
    """
    coords = coords or {}
    mappings = mappings or {}
    specs: list[SourceSpec] = []
    seen: dict[str, int] = {}
    for role, path in pairs:
        if not role:
            raise InputError("a source needs a role, as in --source filings=police.xlsx")
        seen[role] = seen.get(role, 0) + 1
        name = role if seen[role] == 1 else f"{role}-{seen[role]}"
        specs.append(
            SourceSpec(
                path=Path(path),
                role=role,
                source=name,
                coords=coords.get(name) or coords.get(role) or coords.get("*"),
                mapping=mappings.get(name) or mappings.get(role) or mappings.get("*"),
            )
        )
    return specs


def coords_of(spec: SourceSpec) -> str:
    """What the source's longitude/latitude columns hold.

    As given; else as a coordinate header's note says (``经度（GCJ-02）``,
    ``lng(高德)``); else WGS84.
    """
    if spec.coords:
        return spec.coords
    headers = preview_inventory(spec.path, rows=0, sheet=spec.sheet, layer=spec.layer).headers
    return guess_coords(headers) or "wgs84"


def load_sources(
    specs: Sequence[SourceSpec],
    *,
    project_crs: CRS | None = None,
    chinese: bool = True,
    progress: Progress | None = None,
) -> LoadedSources:
    """Read every inventory; bad rows are reported in ``problems``, never fatal.

    Without ``project_crs`` (no project), the metric CRS is chosen from the
    centre of all located records like a new project's (CGCS2000 Gauss-Krüger
    in China when ``chinese``, else UTM). A file that cannot be read at all
    raises :class:`InputError` naming it.
    """
    progress = progress or NoProgress()
    read_crs = CRS.from_user_input(project_crs) if project_crs is not None else WGS84
    sources: list[SourceRecords] = []
    problems: list[InventoryProblem] = []
    columns: dict[str, Mapping[str, str]] = {}
    used: dict[str, str] = {}
    for k, spec in enumerate(specs):
        check(progress, k / max(len(specs), 1), f"reading {spec.path.name}")
        if not spec.path.exists():
            raise InputError("file does not exist", file=str(spec.path))
        read = read_inventory(
            spec.path,
            source=spec.source,
            role=spec.role,
            coords=used.setdefault(spec.source, coords_of(spec)),
            project_crs=read_crs,
            mapping=spec.mapping,
            sheet=spec.sheet,
            layer=spec.layer,
        )
        sources.append(read.records)
        problems.extend(read.problems)
        columns[spec.source] = read.columns
    check(progress, 1.0, "inventories read")
    if project_crs is not None:
        return LoadedSources(
            tuple(sources),
            tuple(problems),
            read_crs,
            MappingProxyType(columns),
            MappingProxyType(used),
        )
    lonlat = np.vstack(
        [s.records[["x", "y"]].to_numpy(dtype=float) for s in sources] or [np.empty((0, 2))]
    )
    lonlat = lonlat[np.isfinite(lonlat).all(axis=1)]
    if not len(lonlat):
        raise InputError("no inventory row has a position; cannot place the survey on a map")
    lon = (lonlat[:, 0].min() + lonlat[:, 0].max()) / 2
    lat = (lonlat[:, 1].min() + lonlat[:, 1].max()) / 2
    crs = choose_project_crs(float(lon), float(lat), chinese_ruleset=chinese)
    to_metric = Transformer.from_crs(WGS84, crs, always_xy=True)
    projected = []
    for s in sources:
        records = s.records.copy()
        x, y = to_metric.transform(
            records["x"].to_numpy(dtype=float), records["y"].to_numpy(dtype=float)
        )
        records["x"], records["y"] = x, y
        projected.append(SourceRecords(s.source, s.role, records))
    return LoadedSources(
        tuple(projected), tuple(problems), crs, MappingProxyType(columns), MappingProxyType(used)
    )


def parse_settlement(text: str, *, on: dt.date | None = None) -> Settlement:
    """``DEVICE_KEY:FIELD=VALUE`` (``planner reconcile --settle``) as a settlement.

    ``FIELD`` is ``owner``, ``maintainer`` or ``position`` (``VALUE``: the source
    whose position is right). Raises :class:`InputError` naming the option.
    """
    head, sep, value = text.partition("=")
    key, colon, name = head.rpartition(":")
    if not sep or not colon or not key.strip() or not value.strip():
        raise InputError(f"{text!r} is not DEVICE_KEY:FIELD=VALUE", field="--settle")
    name = name.strip()
    if name not in ("owner", "maintainer", "position"):
        raise InputError(
            f"{name!r} cannot be settled: owner, maintainer or position", field="--settle"
        )
    return Settlement(key.strip(), name, value.strip(), "planner reconcile --settle", on)


def settlements_of(project: Project) -> tuple[Settlement, ...]:
    """Decisions on conflicts remembered in the project (empty if none)."""
    table = project.extra_layers.get("survey_settlements")
    if table is None or not len(table):
        return ()
    try:
        return settlements_from_frame(pd.DataFrame(table))
    except InputError as exc:
        raise exc.located(layer="survey_settlements") from None


def survey_tables(
    survey: Survey, *, crs: CRS, settlements: Sequence[Settlement] = (), language: str = "en"
) -> dict[str, pd.DataFrame]:
    """The registry as project tables (:data:`REGISTRY_LAYERS`), provenance included.

    ``settlements`` is every decision to keep on file, stale ones included, so
    a device that disappears from one import gets its decision back later;
    ``language`` is that of the findings' ``detail`` (``en`` or ``zh``).
    """
    devices, records = device_frames(survey, crs=crs)
    findings = work_list(survey, crs=crs, language=language)
    return {
        "survey_devices": devices,
        "survey_records": records,
        "survey_findings": findings,
        "survey_conflicts": conflicts_table(survey),
        "survey_intact": survey.intact.assign(as_of=survey.as_of.isoformat()),
        "survey_settlements": settlements_frame(settlements),
    }


#: Project metadata keys recording how the saved registry was made.
REGISTRY_META = ("survey_as_of", "survey_max_distance_m", "survey_sources")


def with_registry(
    project: Project,
    tables: Mapping[str, pd.DataFrame] | None,
    *,
    survey: Survey | None = None,
    max_distance_m: float = 15.0,
) -> Project:
    """``project`` holding the registry ``tables`` (None: the registry removed).

    With ``survey`` the metadata records its date, match distance and sources,
    so :func:`stored_survey` can judge the registry again later.
    """
    extras = {k: v for k, v in project.extra_layers.items() if k not in REGISTRY_LAYERS}
    metadata = {k: v for k, v in project.metadata.items() if k not in REGISTRY_META}
    if tables is not None:
        extras.update(tables)
        if survey is not None:
            metadata["survey_as_of"] = survey.as_of.isoformat()
            metadata["survey_max_distance_m"] = repr(float(max_distance_m))
            metadata["survey_sources"] = json.dumps(
                list(survey.matching.source_roles.items()), ensure_ascii=False
            )
    return replace(
        project, extra_layers=MappingProxyType(extras), metadata=MappingProxyType(metadata)
    )


@dataclass(frozen=True)
class StoredSurvey:
    """A registry saved in a project, ready to be judged again without the inventory files."""

    loaded: LoadedSources
    as_of: dt.date
    max_distance_m: float


def stored_survey(project: Project) -> StoredSurvey | None:
    """The saved registry's records as matcher inputs, and how it was made; None if none.

    Matching them again reproduces the saved devices (see
    :func:`planner.core.survey.sources_from_records`).
    """
    records = project.extra_layers.get("survey_records")
    if records is None:
        return None
    meta = project.metadata
    try:
        as_of = dt.date.fromisoformat(meta.get("survey_as_of", ""))
        distance = float(meta.get("survey_max_distance_m", "15"))
        roles = dict(json.loads(meta.get("survey_sources", "[]")))
    except (ValueError, TypeError) as exc:
        raise InputError(
            f"the saved survey's metadata is unreadable ({exc})", layer="project_meta"
        ) from None
    try:
        sources = sources_from_records(records, roles)
    except InputError as exc:
        raise exc.located(layer="survey_records") from None
    loaded = LoadedSources(sources, (), project.crs)
    return StoredSurvey(loaded, as_of, distance)


def check_as_of(text: str | None) -> dt.date:
    """The survey date from ``YYYY-MM-DD`` text (today if None); bad text names the option."""
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{text!r} is not a date like 2026-11-25", field="--as-of") from None
