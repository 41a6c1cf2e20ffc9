"""The project's layers and fields: one definition for validation, readers and docs.

Every layer of a project GeoPackage is described here once. The reader fills a
missing optional column with its ``default``; validation checks types, ranges
and allowed values and names the layer, row and field of anything wrong.
``docs/project-format.md`` documents the same table for people.
"""

from __future__ import annotations

import math
import re
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
    "hospital_ward",
    "treatment_room",
    "entertainment_room",
    "bank_customer_area",
    "polling_point",
)

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
    frame = gpd.GeoDataFrame(
        {name: pd.Series(dtype=_pandas_dtype(spec.field(name).kind)) for name in spec.field_names},
        geometry=gpd.GeoSeries([], crs=crs),
    )
    return frame


def _pandas_dtype(kind: str) -> str:
    return {"real": "float64", "integer": "Int64", "boolean": "boolean"}.get(kind, "object")


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped or repaired while reading a layer, and why."""

    layer: str
    row: str
    field: str
    message: str
    action: str  # "skipped" | "repaired"

    def __str__(self) -> str:
        return (
            f"layer '{self.layer}', row {self.row}, field '{self.field}': "
            f"{self.message} ({self.action})"
        )


@dataclass(frozen=True)
class ConformedLayer:
    """A layer with documented columns and types, plus what had to be skipped or repaired."""

    frame: gpd.GeoDataFrame
    problems: tuple[RowProblem, ...]


def conform_layer(frame: gpd.GeoDataFrame, spec: LayerSpec) -> ConformedLayer:
    """Validate ``frame`` against ``spec``; return it with documented columns and types.

    Missing optional columns are added with their default; values are coerced to
    the field's type. A row with a bad value, an empty geometry, a geometry of
    the wrong type or a duplicate id is skipped and reported; an invalid polygon
    (self-crossing ring) is repaired with ``make_valid`` and reported. A missing
    required column makes the whole layer unusable and raises :class:`InputError`.
    """
    missing = [f.name for f in spec.fields if f.required and f.name not in frame.columns]
    if missing:
        raise InputError("required field is missing", layer=spec.name, field=missing[0])
    frame = frame.copy()
    problems: list[RowProblem] = []
    bad_rows: set[Any] = set()
    for spec_field in spec.fields:
        if spec_field.name not in frame.columns:
            frame[spec_field.name] = spec_field.default
        values: list[Any] = []
        for row, value in zip(frame.index, frame[spec_field.name], strict=True):
            try:
                coerced = coerce_value(value, spec_field)
                if spec_field.required and coerced is None:
                    raise ValueError("value is required")
            except ValueError as exc:
                problems.append(
                    RowProblem(
                        spec.name,
                        _row_label(frame, spec, row),
                        spec_field.name,
                        str(exc),
                        "skipped",
                    )
                )
                bad_rows.add(row)
                coerced = None
            values.append(coerced)
        frame[spec_field.name] = pd.Series(
            values, index=frame.index, dtype=_pandas_dtype(spec_field.kind)
        )
    for row, message in _geometry_problems(frame.geometry.to_numpy(), frame.index, spec):
        if message:
            problems.append(
                RowProblem(spec.name, _row_label(frame, spec, row), "geometry", message, "skipped")
            )
            bad_rows.add(row)
    if spec.id_field is not None:
        ids = frame[spec.id_field]
        for row in ids[ids.notna() & ids.duplicated(keep="first")].index:
            problems.append(
                RowProblem(
                    spec.name,
                    _row_label(frame, spec, row),
                    spec.id_field,
                    f"duplicate id {ids[row]!r}",
                    "skipped",
                )
            )
            bad_rows.add(row)
    frame = frame.drop(index=list(bad_rows))
    frame, repaired = _repair_invalid(frame, spec)
    problems.extend(repaired)
    columns = [
        *spec.field_names,
        *(c for c in frame.columns if c not in spec.field_names and c != frame.geometry.name),
    ]
    frame = frame[[*columns, frame.geometry.name]]
    return ConformedLayer(frame.reset_index(drop=True), tuple(problems))


def _geometry_problems(
    geoms: np.ndarray, index: pd.Index, spec: LayerSpec
) -> list[tuple[Any, str]]:
    """``(row, message)`` for every geometry that is missing, of a wrong type or not finite."""
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    types = np.array(shapely.get_type_id(geoms), dtype=int)
    wrong_type = ~empty & ~np.isin(types, [_GEOMETRY_TYPE_IDS[t] for t in spec.geometry])
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    not_finite = np.zeros(len(geoms), dtype=bool)
    not_finite[owner[~np.isfinite(coords).all(axis=1)]] = True
    problems = []
    for k in np.flatnonzero(empty | wrong_type | not_finite):
        if empty[k]:
            message = "geometry is empty"
        elif wrong_type[k]:
            message = f"geometry is a {geoms[k].geom_type}; expected {' or '.join(spec.geometry)}"
        else:
            message = "geometry has NaN or infinite coordinates"
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
) -> tuple[gpd.GeoDataFrame, list[RowProblem]]:
    """Make self-crossing polygons valid, keeping only the parts of their own dimension."""
    geoms = frame.geometry.to_numpy().copy()
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    problems = []
    for position in invalid:
        original = geoms[position]
        parts = shapely.get_parts(shapely.make_valid(original))
        same_dimension = parts[shapely.get_dimensions(parts) == shapely.get_dimensions(original)]
        geoms[position] = shapely.union_all(same_dimension)
        problems.append(
            RowProblem(
                spec.name,
                _row_label(frame, spec, frame.index[position]),
                "geometry",
                f"invalid geometry ({shapely.is_valid_reason(original)})",
                "repaired",
            )
        )
    if problems:
        frame = frame.copy()
        frame[frame.geometry.name] = gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs)
    return frame, problems


def _row_label(frame: gpd.GeoDataFrame, spec: LayerSpec, row: Any) -> str:
    """Row number (1-based, as a GIS shows it) plus the feature's id when it has one."""
    position = frame.index.get_loc(row) + 1
    if spec.id_field and spec.id_field in frame.columns:
        ident = frame.at[row, spec.id_field]
        if not _is_missing(ident):
            return f"{position} ({spec.id_field}={ident})"
    return str(position)


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
        text = str(value).strip()
        if field.allowed is not None and text not in field.allowed:
            raise ValueError(f"{text!r} is not one of {', '.join(field.allowed)}")
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
