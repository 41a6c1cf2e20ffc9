"""Edits of feature rows: one path for the window's undo commands and ``planner edit``.

An edit changes only the fields it names. A row is a plain dict of every
column of the layer — schema fields, the user's own columns, the feature id
(:data:`~planner.core.schema.ROW_KEY`) — plus its geometry (``x``/``y`` for a
camera, ``geometry`` for other layers). :func:`replace_rows` puts edited
rows back at their own positions with the layer's column types, so user
columns, their types and the row order survive edits, undo and save.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner.core.errors import CameraError, InputError, ZoneError
from planner.core.project import Project
from planner.core.schema import (
    LAYERS,
    ROW_KEY,
    LayerSpec,
    RowProblem,
    coerce_value,
    conform_layer,
    match_columns,
)

Row = dict[str, Any]

#: Errors naming the row of each layer that has ids.
_ERRORS: dict[str, type[InputError]] = {"cameras": CameraError, "zones": ZoneError}
#: Fields of a camera row that stand for its position (project CRS metres).
POSITION_FIELDS = ("x", "y")


def plain(value: Any) -> Any:
    """Python scalars: None for any missing value, float/int/bool/str otherwise."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return plain(value.item())
    return value


def feature_row(frame: gpd.GeoDataFrame, position: int, *, layer: str) -> Row:
    """Row ``position`` of ``frame`` as a dict of every column (see the module docstring)."""
    geometry_name = frame.geometry.name
    row = {
        column: plain(frame[column].iloc[position])
        for column in frame.columns
        if column != geometry_name
    }
    geom = frame.geometry.iloc[position]
    if layer == "cameras":
        row["x"], row["y"] = float(geom.x), float(geom.y)
    else:
        row["geometry"] = geom
    return row


def position_of(frame: gpd.GeoDataFrame, spec: LayerSpec, feature_id: str) -> int:
    """Position of the row whose id is ``feature_id``; the layer's error when there is none."""
    if spec.id_field is None:
        raise InputError("the layer has no id field", layer=spec.name)
    hits = np.flatnonzero(frame[spec.id_field].to_numpy(dtype=object) == feature_id)
    if not len(hits):
        raise _ERRORS.get(spec.name, InputError)(
            f"no {spec.name[:-1]} {feature_id!r}", layer=spec.name, field=spec.id_field
        )
    return int(hits[0])


def validated_row(row: Mapping[str, Any], spec: LayerSpec) -> Row:
    """``row`` with every schema field coerced to its type; other columns untouched.

    Raises the layer's :class:`InputError` subclass naming the row and field.
    A camera needs a finite ``x`` and ``y``; other layers a ``geometry``.
    """
    error = _ERRORS.get(spec.name, InputError)
    ident = row.get(spec.id_field) if spec.id_field else None
    out: Row = dict(row)
    for field in spec.fields:
        try:
            out[field.name] = coerce_value(row.get(field.name), field)
        except ValueError as exc:
            raise error(str(exc), layer=spec.name, row=ident, field=field.name) from None
        if field.required and out[field.name] is None:
            raise error("value is required", layer=spec.name, row=ident, field=field.name)
    if spec.name == "cameras":
        for axis in POSITION_FIELDS:
            value = row.get(axis)
            try:
                number = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                number = math.nan
            if not math.isfinite(number):
                raise error("position is missing", layer=spec.name, row=ident, field="geometry")
            out[axis] = number
    elif row.get("geometry") is None:
        raise error("geometry is missing", layer=spec.name, row=ident, field="geometry")
    return {k: plain(v) if k != "geometry" else v for k, v in out.items()}


def rows_frame(rows: Sequence[Row], like: gpd.GeoDataFrame, *, layer: str) -> gpd.GeoDataFrame:
    """``rows`` as a frame with ``like``'s columns and, where the values allow, its types."""
    geometry_name = like.geometry.name
    columns = [c for c in like.columns if c != geometry_name]
    extra = [
        k for r in rows for k in r if k not in columns and k not in (*POSITION_FIELDS, "geometry")
    ]
    columns += list(dict.fromkeys(extra))
    data: dict[str, pd.Series] = {}
    for column in columns:
        values = [r.get(column) for r in rows]
        dtype = like[column].dtype if column in like.columns else None
        data[column] = _typed(values, dtype)
    if layer == "cameras":
        geoms = shapely.points([r["x"] for r in rows], [r["y"] for r in rows]) if rows else []
    else:
        geoms = [r.get("geometry") for r in rows]
    frame = gpd.GeoDataFrame(data, geometry=gpd.GeoSeries(list(geoms), crs=like.crs))
    return frame.rename_geometry(geometry_name) if geometry_name != "geometry" else frame


def _typed(values: list[Any], dtype: Any) -> pd.Series:
    if dtype is None:
        return pd.Series(values, dtype="object")
    try:
        if pd.api.types.is_float_dtype(dtype):
            return pd.Series([np.nan if v is None else v for v in values], dtype=dtype)
        return pd.Series(values, dtype=dtype)
    except (TypeError, ValueError):
        return pd.Series(values, dtype="object")


@dataclass(frozen=True)
class Change:
    """One row replaced (``before`` and ``after``), removed (``after`` None) or added."""

    before: Row | None
    after: Row | None
    position: int | None = None  # where an added row goes (None: at the end)


def replace_rows(
    frame: gpd.GeoDataFrame, spec: LayerSpec, changes: Sequence[Change]
) -> gpd.GeoDataFrame:
    """``frame`` with each change applied in place; column types and row order kept.

    A replaced row keeps its position; a removed row is dropped; an added row
    goes to its ``position`` (undoing a removal puts it back where it was) or
    at the end.
    """
    if spec.id_field is None:
        raise InputError("the layer has no id field", layer=spec.name)
    ids = frame[spec.id_field].to_numpy(dtype=object)
    where = {ident: k for k, ident in enumerate(ids)}
    new_rows = [c.after for c in changes if c.after is not None]
    added = rows_frame(new_rows, frame, layer=spec.name)
    combined = pd.concat([frame, added], ignore_index=True)
    combined = gpd.GeoDataFrame(combined, geometry=frame.geometry.name, crs=frame.crs)
    replaced: dict[int, int] = {}
    removed: set[int] = set()
    inserted: list[tuple[int, int]] = []
    n = len(frame)
    j = 0
    for change in changes:
        old = where.get(change.before[spec.id_field]) if change.before is not None else None
        if change.after is None:
            if old is not None:
                removed.add(old)
            continue
        if old is not None:
            replaced[old] = n + j
        else:
            inserted.append((change.position if change.position is not None else 1 << 60, n + j))
        j += 1
    order = [replaced.get(k, k) for k in range(n) if k not in removed]
    for position, source in sorted(inserted):
        order.insert(min(position, len(order)), source)
    return combined.iloc[order].reset_index(drop=True)


@dataclass(frozen=True)
class Edit:
    """The result of :func:`edit_feature`: the new project and the row before and after."""

    project: Project
    before: Row
    after: Row
    fixed: bool  # the row was left out of computing before and is usable now


def edit_feature(project: Project, layer: str, feature_id: str, changes: Mapping[str, Any]) -> Edit:
    """Set some fields of one camera or zone; the same validation as the window.

    ``changes`` maps field names (schema fields, ``x``/``y`` for a camera's
    position, or an existing user column) to values as typed. Unknown fields
    and bad values raise the layer's :class:`InputError` subclass naming them.
    A row kept aside as unusable (``Project.invalid``) can be edited too: once
    every value is valid it joins the layer (the file keeps its feature id).
    """
    spec = LAYERS[layer]
    error = _ERRORS.get(layer, InputError)
    frame = project.layer(layer)
    allowed = {
        *spec.field_names,
        *(c for c in frame.columns if c not in (ROW_KEY, frame.geometry.name)),
        *(POSITION_FIELDS if layer == "cameras" else ()),
    }
    for name in changes:
        if name not in allowed:
            raise error(
                f"unknown field {name!r} (fields: {', '.join(sorted(allowed))})",
                layer=layer,
                row=feature_id,
                field=name,
            )
    try:
        position = position_of(frame, spec, feature_id)
    except InputError:
        return _fix_invalid(project, spec, feature_id, changes)
    id_field = spec.id_field
    assert id_field is not None  # position_of refuses a layer without one
    before = feature_row(frame, position, layer=layer)
    after = validated_row({**before, **changes}, spec)
    renamed_to = after[id_field]
    if renamed_to != feature_id and renamed_to in set(frame[id_field]):
        raise error(f"duplicate id {renamed_to!r}", layer=layer, field=id_field)
    table = replace_rows(frame, spec, [Change(before, after)])
    return Edit(project.with_layers(**{layer: table}), before, after, fixed=False)


def _fix_invalid(
    project: Project, spec: LayerSpec, feature_id: str, changes: Mapping[str, Any]
) -> Edit:
    error = _ERRORS.get(spec.name, InputError)
    invalid = project.invalid.get(spec.name)
    id_field = spec.id_field or ""
    if invalid is None or not len(invalid):
        raise error(f"no {spec.name[:-1]} {feature_id!r}", layer=spec.name, field=id_field)
    renamed = invalid.rename(columns=match_columns(list(invalid.columns), spec))
    if id_field not in renamed:
        raise error(f"no {spec.name[:-1]} {feature_id!r}", layer=spec.name, field=id_field)
    hits = np.flatnonzero(renamed[id_field].astype(str).to_numpy() == str(feature_id))
    if not len(hits):
        raise error(f"no {spec.name[:-1]} {feature_id!r}", layer=spec.name, field=id_field)
    position = int(hits[0])
    row = renamed.iloc[[position]].copy()
    for name, value in changes.items():
        if name in POSITION_FIELDS:
            continue
        row[name] = pd.Series([value], index=row.index, dtype="object")
    if spec.name == "cameras" and any(a in changes for a in POSITION_FIELDS):
        old = row.geometry.iloc[0]
        x = float(changes.get("x", old.x if old is not None else math.nan))
        y = float(changes.get("y", old.y if old is not None else math.nan))
        row = row.set_geometry(gpd.GeoSeries([shapely.Point(x, y)], index=row.index, crs=row.crs))
    conformed = conform_layer(row, spec)
    errors = [p for p in conformed.problems if p.severity == "error"]
    if errors:
        raise error(
            "the row is still unusable: " + "; ".join(_short(p) for p in errors),
            layer=spec.name,
            row=feature_id,
            field=errors[0].field,
        )
    frame = project.layer(spec.name)
    table = pd.concat([frame, conformed.frame], ignore_index=True)
    table = gpd.GeoDataFrame(table, geometry=frame.geometry.name, crs=frame.crs)
    kept = invalid.drop(index=invalid.index[position]).reset_index(drop=True)
    fixed = project.with_layers(**{spec.name: table})
    fixed = replace(fixed, invalid=MappingProxyType({**project.invalid, spec.name: kept}))
    before = {k: plain(v) for k, v in renamed.iloc[position].items() if k != renamed.geometry.name}
    after = feature_row(table, len(table) - 1, layer=spec.name)
    return Edit(fixed, before, after, fixed=True)


def _short(problem: RowProblem) -> str:
    value = f" = {problem.value!r}" if problem.value else ""
    return f"{problem.field}{value}: {problem.message}"
