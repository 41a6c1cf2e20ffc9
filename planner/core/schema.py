"""The project's layers and fields: one definition for validation, readers and docs.

Every layer of a project GeoPackage is described here once. The reader fills a
missing optional column with its ``default``; validation checks types, ranges
and allowed values and names the layer, row and field of anything wrong.
``docs/project-format.md`` documents the same table for people.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.core.errors import InputError
from planner.core.levels import LEVELS

CAMERA_TYPES = ("fixed", "dome", "ptz", "fisheye")
CAMERA_STATUSES = ("planned", "in_service", "faulty", "offline", "removed", "unknown")
#: Statuses whose cameras deliver pictures and therefore count towards coverage.
WORKING_STATUSES = frozenset({"planned", "in_service", "unknown"})

ZONE_CATEGORIES = (
    "intersection",
    "square",
    "estate_entrance",
    "fire_lane",
    "trunk_road",
    "transit_hub",
    "car_park_entrance",
    "school_entrance",
    "hospital_entrance",
    "bridge_tunnel",
)
PRIVATE_CATEGORIES = (
    "hotel_room",
    "homestay_room",
    "dormitory",
    "staff_rest_room",
    "bathhouse",
    "toilet",
    "changing_room",
    "nursing_room",
    "fitting_room",
    "private_room",
    "hospital_ward",
    "treatment_room",
    "entertainment_room",
    "bank_customer_area",
    "polling_point",
)

#: Column holding each row's GeoPackage feature id as read (``<NA>`` for rows not yet
#: saved); saves use it to change exactly the rows that changed.
ROW_KEY = "fid"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class FieldSpec:
    """One attribute column of a layer."""

    name: str
    kind: str  # "text" | "real" | "integer" | "date" | "boolean" | "intervals"
    description: str
    required: bool = False
    default: Any = None
    unit: str = ""
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    osm_tag: str = ""


@dataclass(frozen=True)
class LayerSpec:
    """One layer of the project file."""

    name: str
    geometry: tuple[str, ...]
    id_field: str | None
    fields: tuple[FieldSpec, ...]
    description: str
    required: bool = True

    def field(self, name: str) -> FieldSpec:
        """The spec of field ``name``; raises ``KeyError`` if the layer has none."""
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        """Names of every field, in documented order."""
        return tuple(spec.name for spec in self.fields)


CAMERAS = LayerSpec(
    name="cameras",
    geometry=("Point",),
    id_field="camera_id",
    description="Existing and planned cameras, one point per device.",
    fields=(
        FieldSpec("camera_id", "text", "Unique identifier of the camera.", required=True),
        FieldSpec(
            "height_m",
            "real",
            "Mounting height above ground.",
            unit="m",
            minimum=0.0,
            maximum=300.0,
            osm_tag="height",
        ),
        FieldSpec(
            "bearing_deg",
            "real",
            "Direction the camera looks, 0 = north, clockwise. Empty = unknown "
            "(the engine then assumes it can turn: full circle, reported as an assumption).",
            unit="degree",
            minimum=0.0,
            maximum=360.0,
            osm_tag="camera:direction",
        ),
        FieldSpec(
            "hfov_deg",
            "real",
            "Horizontal field of view of the lens.",
            unit="degree",
            minimum=1.0,
            maximum=360.0,
        ),
        FieldSpec(
            "vfov_deg",
            "real",
            "Vertical field of view; empty = derived from hfov for a 16:9 sensor.",
            unit="degree",
            minimum=1.0,
            maximum=180.0,
        ),
        FieldSpec(
            "tilt_deg",
            "real",
            "Downward tilt of the optical axis below the horizontal (0 = level, 90 = "
            "straight down).",
            unit="degree",
            minimum=-90.0,
            maximum=90.0,
            osm_tag="camera:angle",
        ),
        FieldSpec(
            "resolution_px",
            "integer",
            "Horizontal resolution of the picture.",
            unit="px",
            minimum=1,
            maximum=100_000,
        ),
        FieldSpec(
            "max_range_m",
            "real",
            "Range limit of the device itself (e.g. IR illumination); empty = none.",
            unit="m",
            minimum=0.0,
        ),
        FieldSpec(
            "camera_type",
            "text",
            "Kind of camera; dome, ptz and fisheye see a full circle.",
            default="fixed",
            allowed=CAMERA_TYPES,
            osm_tag="camera:type",
        ),
        FieldSpec(
            "status",
            "text",
            "Operating state; only planned, in_service and unknown cameras count towards coverage.",
            default="unknown",
            allowed=CAMERA_STATUSES,
        ),
        FieldSpec("owner", "text", "Organisation that owns the device.", osm_tag="operator"),
        FieldSpec("maintainer", "text", "Organisation that maintains it (H Art. 23)."),
        FieldSpec("project_name", "text", "Name of the construction project on the pole."),
        FieldSpec("pole_no", "text", "Pole number painted on the pole."),
        FieldSpec("installed_on", "date", "Date of commissioning, YYYY-MM-DD."),
        FieldSpec("registered_on", "date", "Date filed with the police (Q Art. 16), YYYY-MM-DD."),
        FieldSpec("last_seen_on", "date", "Last day the device was seen online, YYYY-MM-DD."),
        FieldSpec("has_sign", "boolean", "A notice sign is posted (Q Art. 17)."),
        FieldSpec(
            "privacy_mask",
            "intervals",
            "Bearings blanked by the camera's privacy mask, 'from-to' in degrees clockwise "
            "from north, ';'-separated (e.g. '30-45;350-10'); the mask cuts the view "
            "everywhere (Q Art. 9: measures where a camera could see private places).",
            unit="degree",
        ),
        FieldSpec("osm_id", "text", "OpenStreetMap object it came from, e.g. node/123."),
    ),
)

ZONES = LayerSpec(
    name="zones",
    geometry=("Polygon", "MultiPolygon", "LineString", "MultiLineString", "Point"),
    id_field="zone_id",
    description="Mandatory zones that must be covered: polygons (area), lines (length) "
    "or points (entrances).",
    fields=(
        FieldSpec("zone_id", "text", "Unique identifier of the zone.", required=True),
        FieldSpec("name", "text", "Human-readable name.", osm_tag="name"),
        FieldSpec(
            "category",
            "text",
            "Zone category; the ruleset gives its requirement.",
            required=True,
        ),
        FieldSpec(
            "required_level",
            "text",
            "DORI level the zone needs; empty = the ruleset's level for the category.",
            allowed=LEVELS,
        ),
        FieldSpec(
            "required_coverage",
            "real",
            "Fraction (0–1) that must be covered; empty = the ruleset's value.",
            minimum=0.0,
            maximum=1.0,
        ),
        FieldSpec("osm_ids", "text", "OpenStreetMap objects it was derived from, ';'-separated."),
        FieldSpec("source", "text", "How the zone was made: drawn, or the derivation rule."),
    ),
)

BUILDINGS = LayerSpec(
    name="buildings",
    geometry=("Polygon", "MultiPolygon"),
    id_field=None,
    description="Building footprints; they block views.",
    fields=(
        FieldSpec(
            "height_m",
            "real",
            "Height; empty = unknown (blocks views entirely).",
            unit="m",
            minimum=0.0,
            osm_tag="height / building:levels × 3 m",
        ),
        FieldSpec(
            "use",
            "text",
            "Use of the building (hotel, dormitory, residential…).",
            osm_tag="building",
        ),
        FieldSpec("name", "text", "Name.", osm_tag="name"),
        FieldSpec("osm_id", "text", "OpenStreetMap object it came from, e.g. way/123."),
    ),
)

PRIVATE_AREAS = LayerSpec(
    name="private_areas",
    geometry=("Polygon", "MultiPolygon"),
    id_field=None,
    required=False,
    description="Places cameras must not see into (Q Art. 9, H Art. 9, C Art. 9).",
    fields=(
        FieldSpec("category", "text", "Private-area category from the ruleset.", required=True),
        FieldSpec("name", "text", "Name."),
    ),
)

ROADS = LayerSpec(
    name="roads",
    geometry=("LineString", "MultiLineString"),
    id_field=None,
    required=False,
    description="Road centre lines, for display and zone derivation.",
    fields=(
        FieldSpec("highway", "text", "OSM highway class.", osm_tag="highway"),
        FieldSpec("name", "text", "Street name.", osm_tag="name"),
        FieldSpec("width_m", "real", "Carriageway width.", unit="m", osm_tag="width"),
        FieldSpec("osm_id", "text", "OpenStreetMap way, e.g. way/123."),
    ),
)

LAYERS: dict[str, LayerSpec] = {
    spec.name: spec for spec in (CAMERAS, ZONES, BUILDINGS, PRIVATE_AREAS, ROADS)
}


def empty_layer(spec: LayerSpec, crs: Any) -> gpd.GeoDataFrame:
    """An empty GeoDataFrame with every documented column of ``spec``."""
    columns = {
        name: pd.Series(dtype=_pandas_dtype(spec.field(name).kind)) for name in spec.field_names
    }
    columns[ROW_KEY] = pd.Series(dtype="Int64")
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=crs))


def _pandas_dtype(kind: str) -> str:
    return {"real": "float64", "integer": "Int64", "boolean": "boolean"}.get(kind, "object")


#: Severities of a :class:`RowProblem`, worst first.
SEVERITIES = ("error", "warning", "note")

#: What happens to a row the engine cannot use.
LEFT_OUT = "left out of computing; kept in the file as read"
#: What happens to a polygon repaired for computing.
REPAIRED = "repaired for computing; kept in the file as read"


@dataclass(frozen=True)
class RowProblem:
    """Something wrong or worth knowing about one cell, row or layer, and what was done.

    ``severity`` is ``error`` when the row is left out of computing (it stays in
    the file as read), ``warning`` when a value is computed differently from
    what is written (kept as written in the file), ``note`` for information
    (a column matched by another spelling, a table kept as it is).
    """

    layer: str
    row: str
    field: str
    message: str
    action: str
    value: str = ""
    severity: str = "error"
    id: str = ""
    file: str = ""

    def __str__(self) -> str:
        where = f"file {self.file}, " if self.file else ""
        row = f"row {self.row}" + (f" ({self.id})" if self.id else "")
        value = f" = {self.value!r}" if self.value else ""
        return (
            f"{where}layer '{self.layer}', {row}, field '{self.field}'{value}: "
            f"{self.message} ({self.action})"
        )

    def as_record(self) -> dict[str, str]:
        """The problem as a flat record (the keys of ``planner check --format json``)."""
        return {
            "file": self.file,
            "layer": self.layer,
            "row": self.row,
            "id": self.id,
            "field": self.field,
            "value": self.value,
            "message": self.message,
            "action": self.action,
            "severity": self.severity,
        }


@dataclass(frozen=True)
class ConformedLayer:
    """A layer with documented columns and types, and the rows the engine cannot use.

    ``frame`` holds the usable rows (schema columns coerced, user columns as
    read, :data:`ROW_KEY` kept); ``invalid`` the other rows exactly as read;
    ``columns`` maps a schema field to the column name it was read from when
    the two are spelt differently (``BEARING_DEG``, shapefile's ``bearing_de``).
    """

    frame: gpd.GeoDataFrame
    problems: tuple[RowProblem, ...]
    invalid: gpd.GeoDataFrame | None = None
    columns: tuple[tuple[str, str], ...] = ()


#: Longest field name a shapefile (dBASE) can hold; longer names arrive cut.
SHAPEFILE_NAME_LENGTH = 10


def match_columns(columns: Sequence[str], spec: LayerSpec) -> dict[str, str]:
    """``{column: field}`` for columns spelt differently from their schema field.

    Names match case-insensitively (``HIGHWAY`` is ``highway``); a name of
    exactly 10 characters that starts exactly one field name is that field cut
    by the shapefile format (``bearing_de`` is ``bearing_deg``). A column whose
    own name is a field, or a field already present under its own name, is
    never taken by another spelling.
    """
    present = set(columns)
    taken = {c for c in columns if c in spec.field_names}
    out: dict[str, str] = {}
    for column in columns:
        if column in spec.field_names or not isinstance(column, str):
            continue
        lower = column.lower()
        candidates = [f for f in spec.field_names if f.lower() == lower]
        if not candidates and len(column) == SHAPEFILE_NAME_LENGTH:
            candidates = [f for f in spec.field_names if f.lower().startswith(lower)]
        if len(candidates) == 1 and candidates[0] not in taken and candidates[0] not in present:
            out[column] = candidates[0]
            taken.add(candidates[0])
    return out


def conform_layer(frame: gpd.GeoDataFrame, spec: LayerSpec, *, file: str = "") -> ConformedLayer:
    """Validate ``frame`` against ``spec``: usable rows typed, unusable rows kept aside.

    Columns spelt differently from their field are matched (:func:`match_columns`,
    reported as notes). Missing optional columns take their default; values are
    coerced to the field's type. A row with a bad value, a missing, empty,
    degenerate (zero area or length) or wrongly typed geometry, or a duplicate
    id is left out of ``frame`` and returned verbatim in ``invalid`` with an
    ``error``; a value outside a field's list of allowed values (``status =
    'online'``) keeps the row, is computed as the field's default and reported
    as a ``warning``. An invalid polygon is repaired with ``make_valid`` for
    computing (``warning``). A missing required column raises
    :class:`InputError` (nothing of the layer could be used).
    """
    renamed = match_columns(list(frame.columns), spec)
    original = frame
    frame = frame.rename(columns=renamed)
    missing = [f.name for f in spec.fields if f.required and f.name not in frame.columns]
    if missing:
        raise InputError("required field is missing", layer=spec.name, field=missing[0])
    frame = frame.copy()
    if ROW_KEY not in frame.columns:
        frame[ROW_KEY] = pd.Series(pd.NA, index=frame.index, dtype="Int64")
    problems: list[RowProblem] = [
        RowProblem(
            spec.name,
            "-",
            field,
            f"column {column!r} read as the field {field!r}",
            "written back under its own name",
            severity="note",
            file=file,
        )
        for column, field in renamed.items()
    ]
    bad_rows: dict[Any, None] = {}

    def report(row: Any, field: str, value: Any, message: str, **how: str) -> None:
        label, ident = _row_label(frame, spec, row)
        problems.append(
            RowProblem(
                spec.name,
                label,
                field,
                message,
                how.get("action", LEFT_OUT),
                value=_shown(value),
                severity=how.get("severity", "error"),
                id=ident,
                file=file,
            )
        )

    for spec_field in spec.fields:
        if spec_field.name not in frame.columns:
            frame[spec_field.name] = spec_field.default
        values: list[Any] = []
        for row, value in zip(frame.index, frame[spec_field.name], strict=True):
            try:
                coerced = coerce_value(value, spec_field)
                if spec_field.required and coerced is None:
                    raise ValueError("value is required")
            except UnknownValueError as exc:
                coerced = exc.computed_as
                report(
                    row,
                    spec_field.name,
                    value,
                    str(exc),
                    severity="warning",
                    action=f"kept in the file as written; computed as {exc.computed_as or 'empty'}",
                )
            except ValueError as exc:
                report(row, spec_field.name, value, str(exc))
                bad_rows[row] = None
                coerced = None
            values.append(coerced)
        frame[spec_field.name] = pd.Series(
            values, index=frame.index, dtype=_pandas_dtype(spec_field.kind)
        )
    for row, message in _geometry_problems(frame.geometry.to_numpy(), frame.index, spec):
        report(row, "geometry", None, message)
        bad_rows[row] = None
    if spec.id_field is not None:
        ids = frame[spec.id_field]
        usable = ~frame.index.isin(list(bad_rows))
        duplicated = ids.notna() & usable & ids.where(usable).duplicated(keep="first")
        for row in ids[duplicated].index:
            report(row, spec.id_field, ids[row], f"duplicate id {ids[row]!r}")
            bad_rows[row] = None
    frame, repaired, unusable = _repair_invalid(frame.drop(index=list(bad_rows)), spec)
    for row, value, message, how in repaired:
        report(row, "geometry", value, message, **how)
    frame = frame.drop(index=unusable)
    invalid_rows = [*bad_rows, *unusable]
    columns = [
        *spec.field_names,
        *(
            c
            for c in frame.columns
            if c not in spec.field_names and c != frame.geometry.name and c != ROW_KEY
        ),
        ROW_KEY,
    ]
    frame = frame[[*columns, frame.geometry.name]]
    invalid = original.loc[[r for r in original.index if r in set(invalid_rows)]].copy()
    if ROW_KEY not in invalid.columns:
        invalid[ROW_KEY] = pd.Series(pd.NA, index=invalid.index, dtype="Int64")
    return ConformedLayer(
        frame.reset_index(drop=True),
        tuple(problems),
        invalid.reset_index(drop=True),
        tuple((field, column) for column, field in renamed.items()),
    )


def _shown(value: Any) -> str:
    """A value as a problem quotes it (long text cut)."""
    if _is_missing(value):
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        value = int(value)
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def _geometry_problems(
    geoms: np.ndarray, index: pd.Index, spec: LayerSpec
) -> list[tuple[Any, str]]:
    """``(row, message)`` for every geometry missing, wrongly typed, not finite or degenerate."""
    missing = shapely.is_missing(geoms)
    empty = missing | shapely.is_empty(geoms)
    types = np.array(shapely.get_type_id(geoms), dtype=int)
    wrong_type = ~empty & ~np.isin(types, [_GEOMETRY_TYPE_IDS[t] for t in spec.geometry])
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    not_finite = np.zeros(len(geoms), dtype=bool)
    not_finite[owner[~np.isfinite(coords).all(axis=1)]] = True
    dimension = np.array(shapely.get_dimensions(geoms), dtype=int)
    with np.errstate(invalid="ignore", over="ignore"):
        # an invalid polygon's area can cancel out (a bow tie): repairing judges those;
        # a coordinate like 1e155 overflows a length or area to inf, which is not zero
        valid = shapely.is_valid(geoms)
        zero_area = ~empty & ~not_finite & valid & (dimension == 2) & (shapely.area(geoms) <= 0)
        zero_length = ~empty & ~not_finite & (dimension == 1) & (shapely.length(geoms) <= 0)
    problems = []
    for k in np.flatnonzero(empty | wrong_type | not_finite | zero_area | zero_length):
        if missing[k]:
            message = "geometry is missing or cannot be read"
        elif empty[k]:
            message = "geometry is empty"
        elif wrong_type[k]:
            message = f"geometry is a {geoms[k].geom_type}; expected {' or '.join(spec.geometry)}"
        elif not_finite[k]:
            message = "geometry has NaN or infinite coordinates"
        elif zero_area[k]:
            message = "polygon has zero area"
        else:
            message = "line has zero length"
        problems.append((index[k], message))
    return problems


_GEOMETRY_TYPE_IDS = {
    "Point": 0,
    "LineString": 1,
    "Polygon": 3,
    "MultiPoint": 4,
    "MultiLineString": 5,
    "MultiPolygon": 6,
}


def _repair_invalid(
    frame: gpd.GeoDataFrame, spec: LayerSpec
) -> tuple[gpd.GeoDataFrame, list[tuple[Any, str, str, dict[str, str]]], list[Any]]:
    """Self-crossing polygons made valid for computing, keeping parts of their own dimension.

    Returns the frame, ``(row, value, message, how)`` for each repair, and the
    rows nothing usable is left of (they are left out, not written empty).
    """
    geoms = frame.geometry.to_numpy().copy()
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    repairs: list[tuple[Any, str, str, dict[str, str]]] = []
    unusable: list[Any] = []
    for position in invalid:
        original = geoms[position]
        reason = shapely.is_valid_reason(original)
        parts = shapely.get_parts(shapely.make_valid(original))
        same_dimension = parts[shapely.get_dimensions(parts) == shapely.get_dimensions(original)]
        repaired = shapely.union_all(same_dimension)
        row = frame.index[position]
        measure = shapely.area if shapely.get_dimensions(original) == 2 else shapely.length
        if shapely.is_empty(repaired) or measure(repaired) <= 0:
            repairs.append(
                (row, "", f"invalid geometry ({reason}); nothing usable is left once repaired", {})
            )
            unusable.append(row)
            continue
        geoms[position] = repaired
        repairs.append(
            (
                row,
                "",
                f"invalid geometry ({reason})",
                {"severity": "warning", "action": REPAIRED},
            )
        )
    if len(invalid):
        frame = frame.copy()
        frame[frame.geometry.name] = gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs)
    return frame, repairs, unusable


def _row_label(frame: gpd.GeoDataFrame, spec: LayerSpec, row: Any) -> tuple[str, str]:
    """Row number (1-based, as a GIS shows it) and the feature's id (``camera_id=C1``)."""
    position = frame.index.get_loc(row) + 1
    if spec.id_field and spec.id_field in frame.columns:
        ident = frame.at[row, spec.id_field]
        if not _is_missing(ident):
            return str(position), f"{spec.id_field}={ident}"
    return str(position), ""


class UnknownValueError(ValueError):
    """A value outside a field's allowed list: kept as written, computed as ``computed_as``."""

    def __init__(self, message: str, computed_as: Any) -> None:
        super().__init__(message)
        self.computed_as = computed_as


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip() == ""


def coerce_value(value: Any, field: FieldSpec) -> Any:
    """``value`` converted to the field's kind; raises ``ValueError`` saying why it cannot be."""
    if _is_missing(value):
        if field.kind == "real" and field.default is None:
            return np.nan
        return field.default
    if field.kind == "text":
        if isinstance(value, float | np.floating) and float(value).is_integer():
            value = int(value)  # an id read as a number: 1.0 is the text '1'
        text = str(value).strip()
        if field.allowed is not None and text not in field.allowed:
            raise UnknownValueError(
                f"{text!r} is not one of {', '.join(field.allowed)}", field.default
            )
        return text
    if field.kind in ("real", "integer"):
        return _coerce_number(value, field)
    if field.kind == "intervals":
        return format_azimuth_ranges(parse_azimuth_ranges(str(value)))
    if field.kind == "date":
        text = value.isoformat()[:10] if hasattr(value, "isoformat") else str(value).strip()
        if not _ISO_DATE.match(text):
            raise ValueError(f"{value!r} is not a date YYYY-MM-DD")
        try:
            pd.Timestamp(text)
        except ValueError:
            raise ValueError(f"{value!r} is not a valid date") from None
        return text
    if field.kind == "boolean":
        if isinstance(value, bool | np.bool_):
            return bool(value)
        if isinstance(value, int | float | np.integer | np.floating) and value in (0, 1):
            return bool(value)
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "y", "t"):
            return True
        if text in ("0", "false", "no", "n", "f"):
            return False
        raise ValueError(f"{value!r} is not a boolean (true/false)")
    raise AssertionError(f"unknown field kind {field.kind}")


def _coerce_number(value: Any, field: FieldSpec) -> float | int:
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a number")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{value!r} is not a finite number")
    if field.minimum is not None and number < field.minimum:
        raise ValueError(f"{number:g} is below the minimum {field.minimum:g}")
    if field.maximum is not None and number > field.maximum:
        raise ValueError(f"{number:g} is above the maximum {field.maximum:g}")
    if field.kind == "integer":
        if number != int(number):
            raise ValueError(f"{number:g} is not a whole number")
        return int(number)
    return number


_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[-–~]\s*(-?\d+(?:\.\d+)?)\s*$")


def parse_azimuth_ranges(text: str) -> tuple[tuple[float, float], ...]:
    """Bearing ranges from ``'30-45;350-10'``: each runs clockwise from its first bearing.

    Raises ``ValueError`` saying which part is wrong. Bearings are 0–360; a
    range may wrap through north (350-10); ``0-360`` masks everything.
    """
    ranges = []
    for part in (p for p in text.replace("，", ";").replace(",", ";").split(";") if p.strip()):
        match = _RANGE.match(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not a bearing range like 30-45")
        start, end = float(match.group(1)), float(match.group(2))
        for bearing in (start, end):
            if not 0.0 <= bearing <= 360.0:
                raise ValueError(f"bearing {bearing:g} in {part.strip()!r} is not within 0–360")
        if start == end:
            raise ValueError(f"{part.strip()!r} is an empty range")
        ranges.append((start, end))
    return tuple(ranges)


def format_azimuth_ranges(ranges: tuple[tuple[float, float], ...]) -> str | None:
    """The canonical text of bearing ranges (None when there are none)."""
    if not ranges:
        return None
    return ";".join(f"{start:g}-{end:g}" for start, end in ranges)
